/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-tuples-view.h: the 5-tuple cards widget: one card per connection, grouped by the server's listening port.
 *
 * A LadderDiagramView (ladder-diagram-view.h): put it in a GtkScrolledWindow
 * and set its capture and analysis.  Properties (all LadderDiagramView's):
 *   capture, analysis   gpointer  LadderCapture * / LadderAnalysis *, referenced;
 *                       ladder_diagram_view_set_capture() sets both at once
 *   conversation        int       sequence view: conversation index, -1 every packet
 *   traceroute-run      uint      traceroute view: run index
 *   selected-frame      guint64   settable (highlights and scrolls to it);
 *                       set by a click on the diagram, with notify::selected-frame
 *   font-scale          double    1.0 default; 1.5-2 for a projector
 *   compressed          bool      sequence view: one row per event
 *   zoom                double    view.zoom-in/-out/-reset/-fit actions, Ctrl+scroll
 *   dark                bool      read-only, follows the theme's text colour
 */
#pragma once

#include "ladder-diagram-view.h"

G_BEGIN_DECLS

/* A LadderDiagramView of kind LADDER_DIAGRAM_TUPLES (ladder-diagram-view.c). */
GtkWidget *ladder_tuples_view_new (void);

G_END_DECLS
