/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window.h: one capture (a file, or the lab's live stream), with its
 * packet list, layers, bytes, conversations, ping and traceroute views.
 *
 * Properties views can bind to: "capture" and "analysis" (pointers, with
 * notify), "selected-frame" (guint64, 0 for none), "loading".
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-application.h"
#include "ladder-analysis-table.h"
#include "ladder-capture.h"
#include "ladder-diagram-page.h"
#include "ladder-filter-bar.h"
#include "ladder-lab-panel.h"
#include "ladder-read-progress.h"
#include "ladder-packet-pane.h"
#include "ladder-status-bar.h"

G_BEGIN_DECLS

#define LADDER_TYPE_WINDOW (ladder_window_get_type ())
G_DECLARE_FINAL_TYPE (LadderWindow, ladder_window, LADDER, WINDOW, GtkApplicationWindow)

LadderWindow   *ladder_window_new          (LadderApplication *app);

/* Replaces the window's capture with FILE, read in a worker thread. */
void            ladder_window_open_file    (LadderWindow *self, GFile *file);
gboolean        ladder_window_has_capture  (LadderWindow *self);
gboolean        ladder_window_is_loading   (LadderWindow *self);

LadderCapture  *ladder_window_get_capture  (LadderWindow *self);
/* The newest analysis of the capture, or NULL while the first is built. */
LadderAnalysis *ladder_window_get_analysis (LadderWindow *self);

/* Shows the lab panel and starts SCENARIO ("tcp-echo" ...) with the
 * panel's parameters; FALSE with ERROR for an unknown name. */
gboolean        ladder_window_start_lab    (LadderWindow *self, const char *scenario, GError **error);
/* The lab panel, to drive through its properties and actions. */
LadderLabPanel *ladder_window_get_lab_panel (LadderWindow *self);
/* The packet list with the selected packet's layers and bytes. */
LadderPacketPane *ladder_window_get_packet_pane (LadderWindow *self);
/* The diagram page NAME ("ladder", "tuples", "ping", "traceroute"), or NULL. */
LadderDiagramPage *ladder_window_get_diagram_page (LadderWindow *self, const char *name);
LadderStatusBar *ladder_window_get_status_bar (LadderWindow *self);
/* The bar shown while a capture is read. */
LadderReadProgress *ladder_window_get_progress (LadderWindow *self);
LadderFilterBar *ladder_window_get_filter_bar (LadderWindow *self);
/* The analysis table NAME ("conversations", "ping", "traceroute"), or NULL. */
LadderAnalysisTable *ladder_window_get_table (LadderWindow *self, const char *name);

/* Maximizes the window, and sizes it to its monitor for displays that
 * have no window manager to honour the request (a demo is for the whole
 * screen, or the projector). */
void            ladder_window_fill_screen  (LadderWindow *self);

/* The page shown: "packets", "ladder", "tuples", "sockets", "conversations",
 * "ping", "traceroute" (property "page"). */
const char     *ladder_window_get_page     (LadderWindow *self);
void            ladder_window_set_page     (LadderWindow *self, const char *page);
/* The message the error bar shows, or NULL (property "error-message"). */
const char     *ladder_window_get_error_message (LadderWindow *self);

guint64         ladder_window_get_selected_frame (LadderWindow *self);
/* Selects frame NUMBER in the packet list (when shown) and its layers. */
void            ladder_window_set_selected_frame (LadderWindow *self, guint64 number);

G_END_DECLS
