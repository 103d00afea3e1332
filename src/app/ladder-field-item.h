/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-field-item.h: one node of a packet's field tree (ladder-tree.h)
 * for the window's expandable layer list. */
#pragma once

#include <gio/gio.h>

#include "ladder-tree.h"

G_BEGIN_DECLS

#define LADDER_TYPE_FIELD_ITEM (ladder_field_item_get_type ())
G_DECLARE_FINAL_TYPE (LadderFieldItem, ladder_field_item, LADDER, FIELD_ITEM, GObject)

/* The top-level items of TREE (its layers), each with its children built. */
GListStore *ladder_field_item_build_tree (const LadderTree *tree);

guint        ladder_field_item_get_index    (LadderFieldItem *self);  /* node index in the tree */
const char  *ladder_field_item_get_text     (LadderFieldItem *self);
LadderTreeNodeKind ladder_field_item_get_kind (LadderFieldItem *self);
guint32      ladder_field_item_get_offset   (LadderFieldItem *self);
guint32      ladder_field_item_get_length   (LadderFieldItem *self);
/* NULL for a leaf. */
GListModel  *ladder_field_item_get_children (LadderFieldItem *self);

G_END_DECLS
