/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-tree.h: the decoded fields of one packet, with their byte ranges.
 *
 * Decoders add nodes only through the LADDER_TREE_* macros, which do nothing
 * (and format nothing) when the tree is NULL.  The tree is a flat array of
 * nodes in pre-order; each node knows its depth and parent, so views can
 * rebuild the hierarchy and map bytes to fields in both directions.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LadderTree LadderTree;

typedef enum
{
  LADDER_TREE_NODE_FIELD = 0,
  LADDER_TREE_NODE_LAYER,    /* a protocol header: "Internet Protocol Version 4" */
  LADDER_TREE_NODE_PROBLEM,  /* truncated or malformed: shown as a warning */
} LadderTreeNodeKind;

typedef struct
{
  LadderTreeNodeKind kind;
  guint  depth;    /* 0 for layers at the top */
  gint   parent;   /* index of the parent node, -1 at the top */
  guint32 offset;  /* first byte in the packet */
  guint32 length;  /* number of bytes (0: no bytes, e.g. a derived value) */
  char  *text;     /* "Time to Live: 64" */
} LadderTreeNode;

LadderTree *ladder_tree_new      (void);
void        ladder_tree_free     (LadderTree *tree);
void        ladder_tree_clear    (LadderTree *tree);
guint       ladder_tree_get_n_nodes (const LadderTree *tree);
const LadderTreeNode *ladder_tree_get_node (const LadderTree *tree, guint index);

/* Starts a layer; nodes added until the matching pop become its children. */
guint ladder_tree_push   (LadderTree *tree, guint32 offset, guint32 length,
                          const char *format, ...) G_GNUC_PRINTF (4, 5);
void  ladder_tree_pop    (LadderTree *tree);
/* Sets a node's byte length once known (e.g. a layer's header length). */
void  ladder_tree_set_length (LadderTree *tree, guint index, guint32 length);
guint ladder_tree_add    (LadderTree *tree, guint32 offset, guint32 length,
                          const char *format, ...) G_GNUC_PRINTF (4, 5);
guint ladder_tree_problem (LadderTree *tree, guint32 offset, guint32 length,
                           const char *format, ...) G_GNUC_PRINTF (4, 5);

/* The deepest node whose range covers byte OFFSET, or -1. */
gint  ladder_tree_find_by_offset (const LadderTree *tree, guint32 offset);

/* Indented text, one node a line: "  Time to Live: 64 [22+1]".  For golden files. */
void  ladder_tree_to_text (const LadderTree *tree, GString *out);

#define LADDER_TREE_PUSH(tree, ...) \
  ((tree) != NULL ? ladder_tree_push ((tree), __VA_ARGS__) : 0u)
#define LADDER_TREE_POP(tree) \
  G_STMT_START { if ((tree) != NULL) ladder_tree_pop (tree); } G_STMT_END
#define LADDER_TREE_ADD(tree, ...) \
  G_STMT_START { if ((tree) != NULL) ladder_tree_add ((tree), __VA_ARGS__); } G_STMT_END
#define LADDER_TREE_PROBLEM(tree, ...) \
  G_STMT_START { if ((tree) != NULL) ladder_tree_problem ((tree), __VA_ARGS__); } G_STMT_END
#define LADDER_TREE_SET_LENGTH(tree, index, length) \
  G_STMT_START { if ((tree) != NULL) ladder_tree_set_length ((tree), (index), (length)); } G_STMT_END

G_END_DECLS
