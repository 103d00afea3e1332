/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-diagram-page.h: one diagram of src/app/views in a page of the
 * window, with what goes around it.
 *
 * Kinds (construct-only "kind"):
 *   ladder      every packet (or one conversation) as arrows between hosts,
 *               with a hint above and Compressed time / Fit controls
 *   tuples      a 5-tuple card per conversation
 *   traceroute  the TTL staircase of one run
 *   ping        the ladder of one ping session: the selected packet's, or
 *               the first; the page hides itself when there is none
 *
 * The window hands it the capture, analysis and selected packet with
 * ladder_diagram_page_sync() while the page is shown, so a huge capture is
 * never laid out as a diagram nobody looks at.
 *
 * Properties:
 *   kind            char*     construct-only, one of the above
 *   conversation    int       ladder: only this conversation (-1: all, and
 *                             the hint says how to pick one)
 *   selected-frame  guint64   read-only: the packet last clicked in the
 *                             diagram (a click on empty space keeps it)
 *   compressed      gboolean  time compressed (a row per packet)
 *   traceroute-run  guint     traceroute: which run is drawn
 *   font-scale      double    text size factor
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-capture.h"
#include "ladder-diagram-view.h"

G_BEGIN_DECLS

#define LADDER_TYPE_DIAGRAM_PAGE (ladder_diagram_page_get_type ())
G_DECLARE_FINAL_TYPE (LadderDiagramPage, ladder_diagram_page, LADDER, DIAGRAM_PAGE, GtkWidget)

GtkWidget         *ladder_diagram_page_new      (const char *kind);
LadderDiagramView *ladder_diagram_page_get_view (LadderDiagramPage *self);
/* Brings the diagram to CAPTURE (NULL: none), its ANALYSIS and
 * SELECTED_FRAME (0: none), the conversation first so the capture is laid
 * out once. */
void               ladder_diagram_page_sync     (LadderDiagramPage *self,
                                                 LadderCapture     *capture,
                                                 LadderAnalysis    *analysis,
                                                 guint64            selected_frame);
void               ladder_diagram_page_set_conversation (LadderDiagramPage *self, gint conversation);
/* Whether the page has a diagram to export: the ping page has none without pings. */
gboolean           ladder_diagram_page_has_diagram (LadderDiagramPage *self);

G_END_DECLS
