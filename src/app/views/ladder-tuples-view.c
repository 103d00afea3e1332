/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-tuples-view.c: the tuples diagram as a widget (all behaviour is in
 * LadderDiagramView; this class picks the diagram kind). */
#include "ladder-tuples-view.h"

struct _LadderTuplesView
{
  LadderDiagramView parent_instance;
};

G_DEFINE_FINAL_TYPE (LadderTuplesView, ladder_tuples_view, LADDER_TYPE_DIAGRAM_VIEW)

static void
ladder_tuples_view_class_init (LadderTuplesViewClass *klass)
{
  LADDER_DIAGRAM_VIEW_CLASS (klass)->kind = LADDER_DIAGRAM_TUPLES;
}

static void
ladder_tuples_view_init (LadderTuplesView *self)
{
}

GtkWidget *
ladder_tuples_view_new (void)
{
  return g_object_new (LADDER_TYPE_TUPLES_VIEW, NULL);
}
