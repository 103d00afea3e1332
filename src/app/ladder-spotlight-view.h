/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-spotlight-view.h: the packet spotlight as a widget: one packet's
 * headers drawn as the RFCs draw them (ladder-spotlight.h, painted by the
 * same code as `wireladder-cli render --view spotlight`), with the fields
 * that matter for the step emphasised.
 *
 * Properties:
 *   capture     gpointer  LadderCapture *, referenced (NULL: none)
 *   analysis    gpointer  LadderAnalysis *, referenced
 *   packet      guint64   the packet shown (0: none)
 *   focus       guint     LadderSpotlightFocus: what to emphasise (auto)
 *   font-scale  double    text size factor (1.0: 16 px; 1.5: 24 px for projection)
 *   scale       double    read-only: the zoom painted at: the figure shrinks
 *                         to the widget's width, never grows
 *   message     string    read-only: why nothing is drawn ("Packet 1 has no
 *                         IP header to draw"), or NULL when a figure is shown
 *
 * It asks for the figure's width at font-scale, so that it stays readable
 * wherever it is placed (scale stays 1 unless its parent allocates less
 * than asked); it scrolls vertically.  Light and dark follow the theme.
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-capture.h"
#include "ladder-diagram.h"
#include "ladder-spotlight.h"

G_BEGIN_DECLS

#define LADDER_TYPE_SPOTLIGHT_VIEW (ladder_spotlight_view_get_type ())
G_DECLARE_FINAL_TYPE (LadderSpotlightView, ladder_spotlight_view, LADDER, SPOTLIGHT_VIEW, GtkWidget)

GtkWidget  *ladder_spotlight_view_new            (void);
void        ladder_spotlight_view_set_capture    (LadderSpotlightView *self, LadderCapture *capture,
                                                  LadderAnalysis *analysis);
void        ladder_spotlight_view_set_packet     (LadderSpotlightView *self, guint64 packet);
guint64     ladder_spotlight_view_get_packet     (LadderSpotlightView *self);
void        ladder_spotlight_view_set_focus      (LadderSpotlightView *self, LadderSpotlightFocus focus);
void        ladder_spotlight_view_set_font_scale (LadderSpotlightView *self, double scale);
double      ladder_spotlight_view_get_scale      (LadderSpotlightView *self);
const char *ladder_spotlight_view_get_message    (LadderSpotlightView *self);
/* The boxes shown (NULL when nothing is drawn), for tests. */
const LadderSpotlightModel *ladder_spotlight_view_get_model (LadderSpotlightView *self);
/* The figure painted (at ladder_spotlight_view_get_scale()), or NULL. */
LadderDiagram *ladder_spotlight_view_get_diagram (LadderSpotlightView *self);
/* The area it is painted in. */
GtkWidget     *ladder_spotlight_view_get_area    (LadderSpotlightView *self);
/* Whether FIELD (of the model shown) is scrolled into view.  The lowest
 * emphasised field is, whenever the packet changes. */
gboolean    ladder_spotlight_view_is_field_visible (LadderSpotlightView *self,
                                                    const LadderSpotlightField *field);

G_END_DECLS
