/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-diagram-view.h: a scrollable, zoomable GTK widget showing one
 * libladder-draw diagram of one kind (sequence, traceroute, 5-tuples): a
 * final class, the kind a construct-only property, since the kinds differ
 * only in the diagram libladder-draw lays out.
 *
 * Put it in a GtkScrolledWindow: it implements GtkScrollable and draws only
 * what is visible, so captures of thousands of packets scroll smoothly.
 *
 * Properties
 *   kind            int      construct-only LadderDiagramKind (default sequence)
 *   capture         gpointer (LadderCapture *)  the capture drawn; the view takes a reference
 *   analysis        gpointer (LadderAnalysis *) its analysis; the view takes a reference.
 *                   Set both at once with ladder_diagram_view_set_capture().
 *   conversation    int      sequence: conversation index to draw, -1 (default) every packet
 *   traceroute-run  uint     traceroute: which run (default 0)
 *   selected-frame  guint64  the highlighted packet (0: none).  Settable: the view
 *                   highlights it and scrolls it into view.  A click on an arrow, probe,
 *                   reply or card sets it and notifies ("notify::selected-frame").
 *   font-scale      double   text size factor (default 1.0; projection: 1.5-2)
 *   compressed      bool     sequence: one row per event instead of time-proportional
 *   zoom            double   1.0 = natural size; "fit" via the view.zoom-fit action.
 *                   Until it is set, a diagram wider than the view is shrunk to
 *                   its width (not below 0.75), following the view's width.
 *   dark            bool     read-only: the palette in use, from the widget's text colour
 *                   (follows the light/dark theme automatically)
 *   busy            bool     read-only: the diagram is being laid out in a worker thread
 *                   (after any change of capture, conversation, run, font scale or
 *                   time mode); the view says "Laying out…" if that takes a while.
 *                   Until it is FALSE there is no diagram to hit-test or export.
 *
 * Export: ladder_diagram_view_export() writes SVG, PDF, PNG or Mermaid, the
 * same drawing as `wireladder-cli render`.
 *
 * Actions (on the widget, scoped "view."): zoom-in (Ctrl++), zoom-out (Ctrl+-),
 * zoom-reset (Ctrl+0), zoom-fit, select-next (Down), select-previous (Up).
 * Ctrl+scroll zooms; dragging pans; a click without dragging selects.
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-capture.h"
#include "ladder-diagram.h"

G_BEGIN_DECLS

#define LADDER_TYPE_DIAGRAM_VIEW (ladder_diagram_view_get_type ())
G_DECLARE_FINAL_TYPE (LadderDiagramView, ladder_diagram_view, LADDER, DIAGRAM_VIEW, GtkWidget)

GtkWidget *ladder_diagram_view_new (LadderDiagramKind kind);

void     ladder_diagram_view_set_capture        (LadderDiagramView *self,
                                                 LadderCapture     *capture,
                                                 LadderAnalysis    *analysis);
LadderCapture  *ladder_diagram_view_get_capture  (LadderDiagramView *self);
LadderAnalysis *ladder_diagram_view_get_analysis (LadderDiagramView *self);

void     ladder_diagram_view_set_selected_frame (LadderDiagramView *self, guint64 frame);
/* Lecture mode (sequence): paint only what happened up to UNTIL_NS, with
 * what happens exactly then highlighted; LIMIT FALSE paints everything. */
void     ladder_diagram_view_set_time_limit     (LadderDiagramView *self, gboolean limit, gint64 until_ns);
/* Lecture mode: what comes after the limit painted faintly, not hidden. */
void     ladder_diagram_view_set_ghost_later    (LadderDiagramView *self, gboolean ghost);
gboolean ladder_diagram_view_get_ghost_later    (LadderDiagramView *self);
/* Lecture mode: scrolls the latest event shown to the middle of the view
 * (and the selected packet's arrow into view), now or once laid out, and
 * keeps it there when the view is resized until it is dragged. */
void     ladder_diagram_view_center_current     (LadderDiagramView *self);
guint64  ladder_diagram_view_get_selected_frame (LadderDiagramView *self);
void     ladder_diagram_view_set_conversation   (LadderDiagramView *self, gint conversation);
gint     ladder_diagram_view_get_conversation   (LadderDiagramView *self);
void     ladder_diagram_view_set_font_scale     (LadderDiagramView *self, double scale);
double   ladder_diagram_view_get_font_scale     (LadderDiagramView *self);
void     ladder_diagram_view_set_compressed     (LadderDiagramView *self, gboolean compressed);
gboolean ladder_diagram_view_get_compressed     (LadderDiagramView *self);
void     ladder_diagram_view_set_zoom           (LadderDiagramView *self, double zoom);
/* Lecture mode (sequence): laid out again to the view's width whenever it
 * changes (LadderDiagramOptions.max_width at the zoom set), so the whole
 * picture fits without its text shrinking. */
void     ladder_diagram_view_set_fit_layout     (LadderDiagramView *self, gboolean fit);
double   ladder_diagram_view_get_zoom           (LadderDiagramView *self);
/* Zooms so the whole diagram fits the visible area (never above 1.0). */
void     ladder_diagram_view_zoom_fit           (LadderDiagramView *self);

/* The diagram currently shown (NULL without a capture, while it is laid
 * out (busy), or when there is nothing of this kind to draw:
 * ladder_diagram_view_get_message() says why).  Never blocks. */
LadderDiagram *ladder_diagram_view_get_diagram  (LadderDiagramView *self);
const char    *ladder_diagram_view_get_message  (LadderDiagramView *self);
gboolean       ladder_diagram_view_is_busy      (LadderDiagramView *self);

/* Writes the diagram as shown (selection included, whole diagram, at zoom
 * 1) to PATH in the format its extension names: .svg .pdf .png .mmd
 * (ladder_diagram_export()).  FALSE with ERROR when there is no diagram or
 * the file cannot be written. */
gboolean ladder_diagram_view_export             (LadderDiagramView *self, const char *path,
                                                 GError **error);

/* What a click at widget coordinates (X, Y) does: selects the frame drawn
 * there (and notifies) and returns it, or returns 0 and changes nothing.
 * The click gesture calls this; tests may too. */
guint64  ladder_diagram_view_select_at          (LadderDiagramView *self, double x, double y);
/* Widget coordinates of FRAME's arrow/probe/card centre; FALSE if not drawn
 * or scrolled out of view. */
gboolean ladder_diagram_view_get_frame_point    (LadderDiagramView *self, guint64 frame,
                                                 double *x, double *y);

G_END_DECLS
