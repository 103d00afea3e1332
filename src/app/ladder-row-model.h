/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-row-model.h: a virtual GListModel of LadderRowItem.
 *
 * Either every key from a base upwards (row i has key base + i: the whole
 * capture, frames 1..n) or an explicit ascending list of keys (the frames a
 * filter kept).  Items are created when GTK asks for them, so a million
 * rows cost a million keys at most, never a million objects.
 */
#pragma once

#include <gio/gio.h>

#include "ladder-row-item.h"

G_BEGIN_DECLS

#define LADDER_TYPE_ROW_MODEL (ladder_row_model_get_type ())
G_DECLARE_FINAL_TYPE (LadderRowModel, ladder_row_model, LADDER, ROW_MODEL, GObject)

LadderRowModel *ladder_row_model_new (guint64 key_base);

/* Identity mode with N rows (keys base .. base + n - 1); growing emits one
 * items-changed for the new tail only. */
void     ladder_row_model_set_n_items  (LadderRowModel *self, guint n_items);
/* Explicit mode: replaces every row with KEYS (ascending; may be empty). */
void     ladder_row_model_set_keys     (LadderRowModel *self, const guint64 *keys, guint n_keys);
/* Explicit mode: appends keys (larger than the last). */
void     ladder_row_model_append_keys  (LadderRowModel *self, const guint64 *keys, guint n_keys);
gboolean ladder_row_model_is_explicit  (LadderRowModel *self);

guint64  ladder_row_model_get_key      (LadderRowModel *self, guint position);
/* The row holding KEY, or G_MAXUINT. */
guint    ladder_row_model_find_key     (LadderRowModel *self, guint64 key);

G_END_DECLS
