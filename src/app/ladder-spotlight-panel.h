/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-spotlight-panel.h: lecture mode's side panel: the step's packet's
 * lecture note in large type, its headers as the RFCs draw them
 * (LadderSpotlightView at 24 px text) and a field to edit the note
 * (LadderNoteEditor).  The presenter places it beside the diagram and tells
 * it the packet of each step.
 *
 * Properties:
 *   capture   gpointer  LadderCapture *, referenced
 *   analysis  gpointer  LadderAnalysis *, referenced
 *   packet    guint64   the packet the step is about; 0 at a step that is not
 *                       a packet (or while its quiz is asked): the last
 *                       packet's headers stay, no note is shown, none edited
 *   note      string    read-only: the note shown, or NULL
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-capture.h"
#include "ladder-note-editor.h"
#include "ladder-spotlight-view.h"

G_BEGIN_DECLS

#define LADDER_TYPE_SPOTLIGHT_PANEL (ladder_spotlight_panel_get_type ())
G_DECLARE_FINAL_TYPE (LadderSpotlightPanel, ladder_spotlight_panel, LADDER, SPOTLIGHT_PANEL, GtkWidget)

GtkWidget           *ladder_spotlight_panel_new           (void);
void                 ladder_spotlight_panel_set_capture   (LadderSpotlightPanel *self, LadderCapture *capture,
                                                           LadderAnalysis *analysis);
void                 ladder_spotlight_panel_set_packet    (LadderSpotlightPanel *self, guint64 packet);
guint64              ladder_spotlight_panel_get_packet    (LadderSpotlightPanel *self);
const char          *ladder_spotlight_panel_get_note      (LadderSpotlightPanel *self);
LadderSpotlightView *ladder_spotlight_panel_get_spotlight (LadderSpotlightPanel *self);
LadderNoteEditor    *ladder_spotlight_panel_get_editor    (LadderSpotlightPanel *self);

G_END_DECLS
