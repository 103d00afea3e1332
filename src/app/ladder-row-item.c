/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-row-item.c */
#include "ladder-row-item.h"

struct _LadderRowItem
{
  GObject parent_instance;
  guint64 key;
};

G_DEFINE_FINAL_TYPE (LadderRowItem, ladder_row_item, G_TYPE_OBJECT)

static void
ladder_row_item_class_init (LadderRowItemClass *klass)
{
}

static void
ladder_row_item_init (LadderRowItem *self)
{
}

LadderRowItem *
ladder_row_item_new (guint64 key)
{
  LadderRowItem *self = g_object_new (LADDER_TYPE_ROW_ITEM, NULL);

  self->key = key;
  return self;
}

guint64
ladder_row_item_get_key (LadderRowItem *self)
{
  g_return_val_if_fail (LADDER_IS_ROW_ITEM (self), 0);
  return self->key;
}
