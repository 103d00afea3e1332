/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-row-item.h: one visible row of a virtual list.
 *
 * Made on demand by LadderRowModel and dropped when its row scrolls away;
 * it carries only a key (a frame number, a conversation index ...) that
 * the columns turn into text.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LADDER_TYPE_ROW_ITEM (ladder_row_item_get_type ())
G_DECLARE_FINAL_TYPE (LadderRowItem, ladder_row_item, LADDER, ROW_ITEM, GObject)

LadderRowItem *ladder_row_item_new     (guint64 key);
guint64        ladder_row_item_get_key (LadderRowItem *self);

G_END_DECLS
