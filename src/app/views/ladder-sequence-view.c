/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sequence-view.c: the sequence diagram as a widget (all behaviour is in
 * LadderDiagramView; this class picks the diagram kind). */
#include "ladder-sequence-view.h"

struct _LadderSequenceView
{
  LadderDiagramView parent_instance;
};

G_DEFINE_FINAL_TYPE (LadderSequenceView, ladder_sequence_view, LADDER_TYPE_DIAGRAM_VIEW)

static void
ladder_sequence_view_class_init (LadderSequenceViewClass *klass)
{
  LADDER_DIAGRAM_VIEW_CLASS (klass)->kind = LADDER_DIAGRAM_SEQUENCE;
}

static void
ladder_sequence_view_init (LadderSequenceView *self)
{
}

GtkWidget *
ladder_sequence_view_new (void)
{
  return g_object_new (LADDER_TYPE_SEQUENCE_VIEW, NULL);
}
