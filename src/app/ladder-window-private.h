/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-private.h: LadderWindow's state, shared by the files that
 * split the window by concern (as GNOME Text Editor does).  The window is a
 * shell: the panes and panels are composite widgets of their own, each with
 * its .ui, properties and signals, connected in ladder-window.ui.
 *
 *   ladder-window.c          class, template, properties, status bar
 *   ladder-window-actions.c  win.* and view.* actions, drag and drop
 *   ladder-window-load.c     opening files and streams, progress, analysis
 *   ladder-window-packets.c  the filter bar; the packet pane's handlers (ladder-packet-pane.c)
 *   ladder-window-tables.c   the analysis tables (ladder-analysis-table.c)
 *   ladder-window-views.c    the diagram pages (ladder-diagram-page.c)
 *   ladder-window-lab.c      the lab panel's handlers (ladder-lab-panel.c)
 *   ladder-window-here.c     "This machine"'s handlers (ladder-here-panel.c)
 *   ladder-window-programs.c the terminals of "Your programs" (ladder-terminal-view.c)
 */
#pragma once

#include "ladder-analysis-table.h"
#include "ladder-bytes-view.h"
#include "ladder-diagram-page.h"
#include "ladder-filter.h"
#include "ladder-filter-bar.h"
#include "ladder-here-panel.h"
#include "ladder-lab-panel.h"
#include "ladder-loader.h"
#include "ladder-packet-pane.h"
#include "ladder-paned.h"
#include "ladder-read-progress.h"
#include "ladder-status-bar.h"
#include "ladder-table-view.h"
#include "ladder-window.h"

G_BEGIN_DECLS

/* The analysis of a capture that is still growing (ladder-window-load.c):
 * one at a time, paced by what the last one cost. */
typedef struct
{
  GCancellable *cancellable;
  gboolean      running;
  guint64       frames;      /* frames the newest analysis (or the one running) covers */
  guint         records;     /* calls and states there were when it started */
  gint64        started_us;
  gint64        done_us;
  gint64        cost_us;
} LadderWindowAnalysing;

/* Notes not yet saved (ladder-window-unsaved.c). */
typedef struct
{
  GtkWidget *dialog;           /* Save / Discard / Cancel, while asked */
  gpointer   pending;          /* what goes on once saved or discarded */
  gboolean   save_then_pending;/* Save As was chosen in the question */
  gboolean   close_confirmed;  /* closing goes on without asking */
} LadderWindowUnsaved;

struct _LadderWindow
{
  GtkApplicationWindow parent_instance;

  /* Template children: the shell */
  GtkInfoBar       *error_bar;
  GtkLabel         *error_label;
  GtkInfoBar       *root_bar;
  GtkStackSwitcher *view_switcher;
  GtkStack         *main_stack;
  GtkStack         *view_stack;
  GtkFlowBox       *welcome_samples;
  GtkWidget        *welcome_samples_label;
  GMenu            *recent_submenu;
  GMenu            *samples_submenu;

  /* Template children: the composite widgets */
  LadderFilterBar  *filter_bar;
  LadderReadProgress *progress;
  LadderPacketPane *packet_pane;
  LadderAnalysisTable *conversation_table;
  LadderAnalysisTable *ping_table;
  LadderAnalysisTable *traceroute_table;
  LadderDiagramPage *ladder_page;
  LadderDiagramPage *tuples_page;
  LadderDiagramPage *ping_diagram_page;
  LadderDiagramPage *traceroute_diagram_page;
  LadderStatusBar  *status_bar;
  LadderLabPanel   *lab_panel;
  LadderHerePanel  *here_panel;

  /* Owned */
  GSettings        *settings;

  /* The capture and its loading (ladder-window-load.c) */
  LadderCapture    *capture;
  LadderLoader     *loader;
  GCancellable     *load_cancellable;
  char             *display_name;     /* file name, or "Lab: tcp-echo" */
  gboolean          loading;
  guint             tick_id;          /* publishes new frames while loading or filtering */
  guint64           published_frames; /* frames the packet list knows about */
  guint64           drops;
  LadderAnalysis   *analysis;
  LadderWindowAnalysing analysing;

  /* Lab (ladder-window-lab.c) */
  const char       *lab_show_page;       /* --lab: the page to show when the run ends */

  LadderWindowUnsaved unsaved;
};

typedef void (*LadderWindowThen) (LadderWindow *self, gpointer data);
/* TRUE when no notes would be lost (THEN is not called, DATA is freed);
 * else asks Save / Discard / Cancel and returns FALSE: THEN (DATA) runs
 * once the notes are saved or discarded, never on Cancel. */
gboolean _ladder_window_confirm_unsaved  (LadderWindow *self, LadderWindowThen then, gpointer data,
                                          GDestroyNotify destroy);
/* Save As ended (SAVED FALSE: cancelled or failed). */
void     _ladder_window_save_finished    (LadderWindow *self, gboolean saved);
void     _ladder_window_forget_unsaved   (LadderWindow *self);

/* ladder-window.c */
void     _ladder_window_update_status    (LadderWindow *self);
void     _ladder_window_show_error       (LadderWindow *self, const char *message);
void     _ladder_window_notify_capture   (LadderWindow *self);
void     _ladder_window_notify_analysis  (LadderWindow *self);
void     _ladder_window_notify_selected_frame (LadderWindow *self);

/* ladder-window-actions.c */
void     _ladder_window_class_init_actions (GtkWidgetClass *widget_class);
void     _ladder_window_init_actions     (LadderWindow *self);
void     _ladder_window_update_actions   (LadderWindow *self);
void     _ladder_window_rebuild_menus    (LadderWindow *self);
/* Once the application (and so the settings) is known. */
void     _ladder_window_watch_settings   (LadderWindow *self);

/* ladder-window-load.c */
/* Starts showing a new, empty capture called NAME; the caller fills it. */
void     _ladder_window_begin_capture    (LadderWindow *self, LadderCapture *capture, const char *name);
void     _ladder_window_load_path        (LadderWindow *self, const char *path, const char *name);
/* FD is owned by the window from here on. */
void     _ladder_window_load_fd          (LadderWindow *self, int fd, const char *name);
void     _ladder_window_cancel_load      (LadderWindow *self);
void     _ladder_window_ensure_tick      (LadderWindow *self);
void     _ladder_window_stop_work        (LadderWindow *self);

/* ladder-window-packets.c: the filter bar; the packet pane's handlers (ladder-window.ui) */
void     _ladder_window_reset_packets    (LadderWindow *self);
void     _ladder_window_set_conversation (LadderWindow *self, gint conversation);
gint     _ladder_window_get_conversation (LadderWindow *self);
/* Applies the filter entry's text; FALSE (and the inline error) when it does not compile. */
gboolean _ladder_window_apply_filter     (LadderWindow *self);
void     _ladder_window_on_filter_apply (LadderFilterBar *bar, const char *text, LadderWindow *self);
void     _ladder_window_on_pane_filter_warning (LadderPacketPane *pane, GParamSpec *pspec, LadderWindow *self);
void     _ladder_window_on_pane_refiltered     (LadderPacketPane *pane, LadderWindow *self);
void     _ladder_window_on_pane_selected_frame (LadderPacketPane *pane, GParamSpec *pspec, LadderWindow *self);

/* ladder-window-tables.c: the analysis tables' handlers (ladder-window.ui) */
void     _ladder_window_update_tables    (LadderWindow *self);
void     _ladder_window_on_table_conversation_activated (LadderAnalysisTable *table, gint conversation,
                                                         LadderWindow *self);
void     _ladder_window_on_table_frame_activated (LadderAnalysisTable *table, guint64 frame, guint run,
                                                  LadderWindow *self);

/* ladder-window-views.c: the diagram pages, and their handler (ladder-window.ui) */
void     _ladder_window_init_views       (LadderWindow *self);
void     _ladder_window_on_page_selected_frame (LadderDiagramPage *page, GParamSpec *pspec, LadderWindow *self);
/* The capture, analysis or conversation changed. */
void     _ladder_window_update_views     (LadderWindow *self);
void     _ladder_window_show_traceroute_run (LadderWindow *self, guint run);
/* Writes the shown page's diagram to PATH (.svg .pdf .png .mmd). */
gboolean _ladder_window_export_diagram_to (LadderWindow *self, const char *path, GError **error);

/* ladder-window-save.c: Save As (pcapng, with notes and the lab's records) */
void     _ladder_window_save_as          (GSimpleAction *action, GVariant *param, gpointer user_data);
void     _ladder_window_save_to          (GSimpleAction *action, GVariant *param, gpointer user_data);
/* Drops the views' references, so the window's are the last ones. */
void     _ladder_window_detach_views     (LadderWindow *self);

/* ladder-window-lab.c: the lab panel's handlers (ladder-window.ui) */
void     _ladder_window_on_lab_stream    (LadderLabPanel *panel, int fd, const char *name, LadderWindow *self);
void     _ladder_window_on_lab_notify    (LadderLabPanel *panel, GParamSpec *pspec, LadderWindow *self);
void     _ladder_window_on_lab_finished  (LadderLabPanel *panel, gboolean ok, LadderWindow *self);

/* ladder-window-here.c: "This machine"'s handlers (ladder-window.ui) */
void     _ladder_window_on_here_stream   (LadderHerePanel *panel, int fd, const char *name, LadderWindow *self);
void     _ladder_window_on_here_finished (LadderHerePanel *panel, gboolean ok, LadderWindow *self);

/* ladder-window-programs.c: the lab panel's terminals ("terminals"),
 * placed beside the pages and shown the capture. */
void     _ladder_window_init_programs    (LadderWindow *self);
void     _ladder_window_detach_programs  (LadderWindow *self);

G_END_DECLS
