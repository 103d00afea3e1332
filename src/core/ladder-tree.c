/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-tree.c: the field tree, a flat pre-order array of nodes.
 *
 * Node texts live in one GStringChunk so that clearing the tree between
 * packets frees nothing node by node and reuses the memory.
 */
#include "ladder-tree.h"
#include "ladder-dissect-private.h"

struct _LadderTree
{
  GArray       *nodes;    /* LadderTreeNode */
  GStringChunk *strings;
  GString      *scratch;
  gint          open;     /* innermost open node, or -1 */
  guint         depth;    /* depth of the next node added */
};

LadderTree *
ladder_tree_new (void)
{
  LadderTree *tree = g_new0 (LadderTree, 1);

  tree->nodes = g_array_sized_new (FALSE, FALSE, sizeof (LadderTreeNode), 64);
  tree->strings = g_string_chunk_new (2048);
  tree->scratch = g_string_sized_new (128);
  tree->open = -1;
  return tree;
}

void
ladder_tree_free (LadderTree *tree)
{
  if (tree == NULL)
    return;
  g_array_unref (tree->nodes);
  g_string_chunk_free (tree->strings);
  g_string_free (tree->scratch, TRUE);
  g_free (tree);
}

void
ladder_tree_clear (LadderTree *tree)
{
  g_return_if_fail (tree != NULL);
  g_array_set_size (tree->nodes, 0);
  g_string_chunk_clear (tree->strings);
  tree->open = -1;
  tree->depth = 0;
}

guint
ladder_tree_get_n_nodes (const LadderTree *tree)
{
  g_return_val_if_fail (tree != NULL, 0);
  return tree->nodes->len;
}

const LadderTreeNode *
ladder_tree_get_node (const LadderTree *tree, guint index)
{
  g_return_val_if_fail (tree != NULL, NULL);
  g_return_val_if_fail (index < tree->nodes->len, NULL);
  return &g_array_index (tree->nodes, LadderTreeNode, index);
}

static guint
tree_append (LadderTree *tree, LadderTreeNodeKind kind, guint32 offset, guint32 length,
             const char *format, va_list args)
{
  LadderTreeNode node;
  char buf[256];
  va_list again;
  int n;

  /* Most texts fit on the stack; the rare long one is formatted twice. */
  va_copy (again, args);
  n = g_vsnprintf (buf, sizeof buf, format, args);
  if (n >= 0 && (gsize) n < sizeof buf)
    node.text = g_string_chunk_insert_len (tree->strings, buf, n);
  else
    {
      g_string_vprintf (tree->scratch, format, again);
      node.text = g_string_chunk_insert_len (tree->strings, tree->scratch->str,
                                             (gssize) tree->scratch->len);
    }
  va_end (again);
  node.kind = kind;
  node.depth = tree->depth;
  node.parent = tree->open;
  node.offset = offset;
  node.length = length;
  g_array_append_val (tree->nodes, node);
  return tree->nodes->len - 1;
}

static guint
tree_open (LadderTree *tree, LadderTreeNodeKind kind, guint32 offset, guint32 length,
           const char *format, va_list args)
{
  guint index = tree_append (tree, kind, offset, length, format, args);

  tree->open = (gint) index;
  tree->depth++;
  return index;
}

guint
ladder_tree_push (LadderTree *tree, guint32 offset, guint32 length, const char *format, ...)
{
  va_list args;
  guint index;

  g_return_val_if_fail (tree != NULL, 0);
  va_start (args, format);
  index = tree_open (tree, LADDER_TREE_NODE_LAYER, offset, length, format, args);
  va_end (args);
  return index;
}

guint
ladder_tree_push_group (LadderTree *tree, guint32 offset, guint32 length, const char *format, ...)
{
  va_list args;
  guint index;

  g_return_val_if_fail (tree != NULL, 0);
  va_start (args, format);
  index = tree_open (tree, LADDER_TREE_NODE_FIELD, offset, length, format, args);
  va_end (args);
  return index;
}

void
ladder_tree_pop (LadderTree *tree)
{
  g_return_if_fail (tree != NULL);
  g_return_if_fail (tree->open >= 0);
  tree->open = g_array_index (tree->nodes, LadderTreeNode, tree->open).parent;
  tree->depth--;
}

void
ladder_tree_pop_all (LadderTree *tree)
{
  if (tree == NULL)
    return;
  tree->open = -1;
  tree->depth = 0;
}

void
ladder_tree_clip (LadderTree *tree, guint32 caplen)
{
  for (guint i = 0; i < tree->nodes->len; i++)
    {
      LadderTreeNode *node = &g_array_index (tree->nodes, LadderTreeNode, i);

      if (node->offset > caplen)
        node->offset = caplen;
      if (node->length > caplen - node->offset)
        node->length = caplen - node->offset;
    }
}

void
ladder_tree_set_length (LadderTree *tree, guint index, guint32 length)
{
  g_return_if_fail (tree != NULL);
  g_return_if_fail (index < tree->nodes->len);
  g_array_index (tree->nodes, LadderTreeNode, index).length = length;
}

guint
ladder_tree_add (LadderTree *tree, guint32 offset, guint32 length, const char *format, ...)
{
  va_list args;
  guint index;

  g_return_val_if_fail (tree != NULL, 0);
  va_start (args, format);
  index = tree_append (tree, LADDER_TREE_NODE_FIELD, offset, length, format, args);
  va_end (args);
  return index;
}

guint
ladder_tree_problem (LadderTree *tree, guint32 offset, guint32 length, const char *format, ...)
{
  va_list args;
  guint index;

  g_return_val_if_fail (tree != NULL, 0);
  va_start (args, format);
  index = tree_append (tree, LADDER_TREE_NODE_PROBLEM, offset, length, format, args);
  va_end (args);
  return index;
}

gint
ladder_tree_find_by_offset (const LadderTree *tree, guint32 offset)
{
  gint best = -1;
  guint best_depth = 0;

  g_return_val_if_fail (tree != NULL, -1);
  for (guint i = 0; i < tree->nodes->len; i++)
    {
      const LadderTreeNode *node = &g_array_index (tree->nodes, LadderTreeNode, i);

      if (node->length == 0 || offset < node->offset || offset - node->offset >= node->length)
        continue;
      if (best < 0 || node->depth > best_depth)
        {
          best = (gint) i;
          best_depth = node->depth;
        }
    }
  return best;
}

void
ladder_tree_to_text (const LadderTree *tree, GString *out)
{
  g_return_if_fail (tree != NULL);
  g_return_if_fail (out != NULL);
  for (guint i = 0; i < tree->nodes->len; i++)
    {
      const LadderTreeNode *node = &g_array_index (tree->nodes, LadderTreeNode, i);

      for (guint d = 0; d < node->depth; d++)
        g_string_append (out, "  ");
      if (node->kind == LADDER_TREE_NODE_PROBLEM)
        g_string_append (out, "! ");
      g_string_append_printf (out, "%s [%u+%u]\n", node->text, node->offset, node->length);
    }
}
