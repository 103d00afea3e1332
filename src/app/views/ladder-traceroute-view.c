/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-traceroute-view.c: the traceroute diagram as a widget (all behaviour is in
 * LadderDiagramView; this class picks the diagram kind). */
#include "ladder-traceroute-view.h"

struct _LadderTracerouteView
{
  LadderDiagramView parent_instance;
};

G_DEFINE_FINAL_TYPE (LadderTracerouteView, ladder_traceroute_view, LADDER_TYPE_DIAGRAM_VIEW)

static void
ladder_traceroute_view_class_init (LadderTracerouteViewClass *klass)
{
  LADDER_DIAGRAM_VIEW_CLASS (klass)->kind = LADDER_DIAGRAM_TRACEROUTE;
}

static void
ladder_traceroute_view_init (LadderTracerouteView *self)
{
}

GtkWidget *
ladder_traceroute_view_new (void)
{
  return g_object_new (LADDER_TYPE_TRACEROUTE_VIEW, NULL);
}
