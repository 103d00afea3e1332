/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-field-item.c
 *
 * Items copy their node's text: the window reuses one LadderTree for every
 * packet, while rows of the previous packet may still be on screen.
 */
#include "ladder-field-item.h"

struct _LadderFieldItem
{
  GObject             parent_instance;
  guint               index;
  LadderTreeNodeKind  kind;
  guint32             offset, length;
  char               *text;
  GListStore         *children;
};

G_DEFINE_FINAL_TYPE (LadderFieldItem, ladder_field_item, G_TYPE_OBJECT)

static void
ladder_field_item_finalize (GObject *object)
{
  LadderFieldItem *self = LADDER_FIELD_ITEM (object);

  g_free (self->text);
  g_clear_object (&self->children);
  G_OBJECT_CLASS (ladder_field_item_parent_class)->finalize (object);
}

static void
ladder_field_item_class_init (LadderFieldItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ladder_field_item_finalize;
}

static void
ladder_field_item_init (LadderFieldItem *self)
{
}

static LadderFieldItem *
field_item_new (const LadderTree *tree, guint index)
{
  const LadderTreeNode *node = ladder_tree_get_node (tree, index);
  LadderFieldItem *self = g_object_new (LADDER_TYPE_FIELD_ITEM, NULL);

  self->index = index;
  self->kind = node->kind;
  self->offset = node->offset;
  self->length = node->length;
  self->text = g_strdup (node->text);
  return self;
}

/* The nodes are in pre-order with parent indices: one pass with a stack of
 * open stores builds every level. */
GListStore *
ladder_field_item_build_tree (const LadderTree *tree)
{
  GListStore *roots = g_list_store_new (LADDER_TYPE_FIELD_ITEM);
  guint n = tree != NULL ? ladder_tree_get_n_nodes (tree) : 0;
  g_autofree LadderFieldItem **items = g_new0 (LadderFieldItem *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      const LadderTreeNode *node = ladder_tree_get_node (tree, i);
      g_autoptr (LadderFieldItem) item = field_item_new (tree, i);
      LadderFieldItem *parent = NULL;

      if (node->parent >= 0 && (guint) node->parent < i)
        parent = items[node->parent];
      if (parent == NULL)
        g_list_store_append (roots, item);
      else
        {
          if (parent->children == NULL)
            parent->children = g_list_store_new (LADDER_TYPE_FIELD_ITEM);
          g_list_store_append (parent->children, item);
        }
      items[i] = item;  /* borrowed: the stores hold it */
    }
  return roots;
}

guint
ladder_field_item_get_index (LadderFieldItem *self)
{
  g_return_val_if_fail (LADDER_IS_FIELD_ITEM (self), 0);
  return self->index;
}

const char *
ladder_field_item_get_text (LadderFieldItem *self)
{
  g_return_val_if_fail (LADDER_IS_FIELD_ITEM (self), NULL);
  return self->text;
}

LadderTreeNodeKind
ladder_field_item_get_kind (LadderFieldItem *self)
{
  g_return_val_if_fail (LADDER_IS_FIELD_ITEM (self), LADDER_TREE_NODE_FIELD);
  return self->kind;
}

guint32
ladder_field_item_get_offset (LadderFieldItem *self)
{
  g_return_val_if_fail (LADDER_IS_FIELD_ITEM (self), 0);
  return self->offset;
}

guint32
ladder_field_item_get_length (LadderFieldItem *self)
{
  g_return_val_if_fail (LADDER_IS_FIELD_ITEM (self), 0);
  return self->length;
}

GListModel *
ladder_field_item_get_children (LadderFieldItem *self)
{
  g_return_val_if_fail (LADDER_IS_FIELD_ITEM (self), NULL);
  return self->children != NULL ? G_LIST_MODEL (self->children) : NULL;
}
