/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-row-model.c */
#include "ladder-row-model.h"

struct _LadderRowModel
{
  GObject  parent_instance;
  guint64  key_base;
  guint    n_items;
  GArray  *keys;      /* guint64; NULL in identity mode */
};

static void ladder_row_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LadderRowModel, ladder_row_model, G_TYPE_OBJECT,
  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ladder_row_model_list_init))

static GType
ladder_row_model_get_item_type (GListModel *model)
{
  return LADDER_TYPE_ROW_ITEM;
}

static guint
ladder_row_model_get_n_items (GListModel *model)
{
  return LADDER_ROW_MODEL (model)->n_items;
}

static gpointer
ladder_row_model_get_item (GListModel *model, guint position)
{
  LadderRowModel *self = LADDER_ROW_MODEL (model);

  if (position >= self->n_items)
    return NULL;
  return ladder_row_item_new (ladder_row_model_get_key (self, position));
}

static void
ladder_row_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = ladder_row_model_get_item_type;
  iface->get_n_items = ladder_row_model_get_n_items;
  iface->get_item = ladder_row_model_get_item;
}

static void
ladder_row_model_finalize (GObject *object)
{
  LadderRowModel *self = LADDER_ROW_MODEL (object);

  g_clear_pointer (&self->keys, g_array_unref);
  G_OBJECT_CLASS (ladder_row_model_parent_class)->finalize (object);
}

static void
ladder_row_model_class_init (LadderRowModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ladder_row_model_finalize;
}

static void
ladder_row_model_init (LadderRowModel *self)
{
}

LadderRowModel *
ladder_row_model_new (guint64 key_base)
{
  LadderRowModel *self = g_object_new (LADDER_TYPE_ROW_MODEL, NULL);

  self->key_base = key_base;
  return self;
}

void
ladder_row_model_set_n_items (LadderRowModel *self, guint n_items)
{
  guint old;

  g_return_if_fail (LADDER_IS_ROW_MODEL (self));

  old = self->n_items;
  if (self->keys != NULL)
    {
      g_clear_pointer (&self->keys, g_array_unref);
      self->n_items = n_items;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n_items);
      return;
    }
  self->n_items = n_items;
  if (n_items > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n_items - old);
  else if (n_items < old)
    g_list_model_items_changed (G_LIST_MODEL (self), n_items, old - n_items, 0);
}

void
ladder_row_model_set_keys (LadderRowModel *self, const guint64 *keys, guint n_keys)
{
  guint old;

  g_return_if_fail (LADDER_IS_ROW_MODEL (self));
  g_return_if_fail (keys != NULL || n_keys == 0);

  old = self->n_items;
  if (self->keys == NULL)
    self->keys = g_array_sized_new (FALSE, FALSE, sizeof (guint64), n_keys);
  g_array_set_size (self->keys, 0);
  if (n_keys > 0)
    g_array_append_vals (self->keys, keys, n_keys);
  self->n_items = n_keys;
  if (old != 0 || n_keys != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n_keys);
}

void
ladder_row_model_append_keys (LadderRowModel *self, const guint64 *keys, guint n_keys)
{
  guint old;

  g_return_if_fail (LADDER_IS_ROW_MODEL (self));
  g_return_if_fail (self->keys != NULL);

  if (n_keys == 0)
    return;
  old = self->n_items;
  g_array_append_vals (self->keys, keys, n_keys);
  self->n_items += n_keys;
  g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n_keys);
}

gboolean
ladder_row_model_is_explicit (LadderRowModel *self)
{
  g_return_val_if_fail (LADDER_IS_ROW_MODEL (self), FALSE);
  return self->keys != NULL;
}

guint64
ladder_row_model_get_key (LadderRowModel *self, guint position)
{
  g_return_val_if_fail (LADDER_IS_ROW_MODEL (self), 0);
  g_return_val_if_fail (position < self->n_items, 0);

  if (self->keys != NULL)
    return g_array_index (self->keys, guint64, position);
  return self->key_base + position;
}

guint
ladder_row_model_find_key (LadderRowModel *self, guint64 key)
{
  guint lo = 0, hi;

  g_return_val_if_fail (LADDER_IS_ROW_MODEL (self), G_MAXUINT);

  if (self->keys == NULL)
    {
      if (key < self->key_base || key - self->key_base >= self->n_items)
        return G_MAXUINT;
      return (guint) (key - self->key_base);
    }
  hi = self->n_items;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint64 k = g_array_index (self->keys, guint64, mid);

      if (k == key)
        return mid;
      if (k < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return G_MAXUINT;
}
