/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-load.c: opening a file or a stream, publishing its frames
 * as they arrive, and keeping the analyses up to date.
 *
 * The worker (LadderLoader) only appends to the capture.  A 50 ms timeout
 * on the main loop reads the frame count and hands the new rows to the
 * packet list in one items-changed, so the main loop never waits on the
 * worker and the list grows in a few dozen steps a second at most.
 */
#include "ladder-window-private.h"

#include <glib/gi18n-lib.h>

#define TICK_MS              50
#define MIN_ANALYSIS_GAP_US  (1 * G_USEC_PER_SEC)

static void maybe_start_analysis (LadderWindow *self, gboolean final);

/* Hands the capture's first N_FRAMES to the packet list; TRUE while
 * filtering is behind. */
static gboolean
publish_frames (LadderWindow *self, guint64 n_frames)
{
  self->published_frames = n_frames;
  return ladder_packet_pane_publish (self->packet_pane, n_frames);
}

void
_ladder_window_stop_work (LadderWindow *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->analysing.cancellable != NULL)
    g_cancellable_cancel (self->analysing.cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->analysing.cancellable);
  g_clear_object (&self->loader);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->loading = FALSE;
  self->analysing.running = FALSE;
}

void
_ladder_window_begin_capture (LadderWindow *self, LadderCapture *capture, const char *name)
{
  _ladder_window_stop_work (self);
  /* The last references go in a worker: freeing a big capture takes long. */
  _ladder_window_detach_views (self);
  _ladder_window_detach_programs (self);
  ladder_packet_pane_set_capture (self->packet_pane, NULL);
  ladder_analysis_table_set_analysis (self->conversation_table, NULL);
  ladder_analysis_table_set_analysis (self->ping_table, NULL);
  ladder_analysis_table_set_analysis (self->traceroute_table, NULL);
  ladder_loader_release_in_background (g_steal_pointer (&self->capture),
                                       g_steal_pointer (&self->analysis));
  self->capture = ladder_capture_ref (capture);
  self->loader = ladder_loader_new (capture);
  g_free (self->display_name);
  self->display_name = g_strdup (name);
  self->published_frames = 0;
  self->analysing.frames = 0;
  self->analysing.records = 0;
  self->analysing.done_us = 0;
  self->analysing.cost_us = 0;
  self->drops = 0;

  _ladder_window_show_error (self, NULL);
  _ladder_window_reset_packets (self);
  _ladder_window_update_tables (self);
  gtk_stack_set_visible_child_name (self->main_stack, "capture");
  gtk_widget_set_visible (GTK_WIDGET (self->view_switcher), TRUE);
  _ladder_window_notify_capture (self);
  _ladder_window_notify_analysis (self);
  _ladder_window_update_status (self);
}

static void
update_progress (LadderWindow *self)
{
  g_autofree char *text = NULL;
  guint64 done = 0, total = 0;

  if (!self->loading)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  ladder_loader_get_progress (self->loader, &done, &total);
  ladder_read_progress_set_done (self->progress, done, total);
  if (ladder_lab_panel_get_running (self->lab_panel))
    text = g_strdup_printf (ngettext ("Capturing live: %'lu packet (Stop in the lab panel ends it)",
                                      "Capturing live: %'lu packets (Stop in the lab panel ends it)",
                                      (gulong) self->published_frames),
                            (gulong) self->published_frames);
  else if (ladder_here_panel_get_running (self->here_panel))
    text = g_strdup_printf (ngettext ("Capturing this machine: %'lu packet (This machine’s Stop ends it)",
                                      "Capturing this machine: %'lu packets (This machine’s Stop ends it)",
                                      (gulong) self->published_frames),
                            (gulong) self->published_frames);
  else
    text = g_strdup_printf (ngettext ("Reading %s: %'lu packet", "Reading %s: %'lu packets",
                                      (gulong) self->published_frames),
                            self->display_name, (gulong) self->published_frames);
  /* A live run is ended by its Stop, which keeps the capture whole. */
  g_object_set (self->progress, "text", text,
                "can-cancel", !ladder_lab_panel_get_running (self->lab_panel)
                              && !ladder_here_panel_get_running (self->here_panel), NULL);
}

/* Returns TRUE while there is more to publish. */
static gboolean
tick (LadderWindow *self)
{
  gboolean behind = FALSE;

  if (self->capture != NULL)
    behind = publish_frames (self, ladder_capture_get_n_frames (self->capture));
  update_progress (self);
  maybe_start_analysis (self, !self->loading);
  _ladder_window_update_status (self);
  return self->loading || behind;
}

static gboolean
on_tick (gpointer user_data)
{
  LadderWindow *self = user_data;

  if (tick (self))
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

void
_ladder_window_ensure_tick (LadderWindow *self)
{
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, on_tick, self);
}

static void
report_load_error (LadderWindow *self, const GError *error)
{
  g_autofree char *message = NULL;
  guint64 n = self->capture != NULL ? ladder_capture_get_n_frames (self->capture) : 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup_printf (ngettext ("Stopped reading %s. The first %'lu packet is shown.",
                                         "Stopped reading %s. The first %'lu packets are shown.", (gulong) n),
                               self->display_name, (gulong) n);
  else if (n > 0)
    message = g_strdup_printf (ngettext ("%s could not be read to the end: %s\nThe %'lu packet before the "
                                         "problem is shown.",
                                         "%s could not be read to the end: %s\nThe %'lu packets before the "
                                         "problem are shown.", (gulong) n),
                               self->display_name, error->message, (gulong) n);
  else
    message = g_strdup_printf (_("%s could not be read: %s"), self->display_name, error->message);
  _ladder_window_show_error (self, message);
}

static void
on_load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (LadderWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok = ladder_loader_load_finish (LADDER_LOADER (source), result, &error);

  /* A newer capture replaced this one meanwhile. */
  if ((gpointer) source != (gpointer) self->loader)
    return;
  self->loading = FALSE;
  g_clear_object (&self->load_cancellable);
  if (!ok)
    report_load_error (self, error);
  if (tick (self))
    _ladder_window_ensure_tick (self);
  else
    g_clear_handle_id (&self->tick_id, g_source_remove);
  _ladder_window_notify_capture (self);
  _ladder_window_update_actions (self);
}

static void
start_loading (LadderWindow *self)
{
  self->loading = TRUE;
  self->load_cancellable = g_cancellable_new ();
  ladder_read_progress_restart (self->progress);
  update_progress (self);
  _ladder_window_ensure_tick (self);
  _ladder_window_update_actions (self);
}

void
_ladder_window_load_path (LadderWindow *self, const char *path, const char *name)
{
  g_autoptr (LadderCapture) capture = ladder_capture_new ();

  /* A file replaces the lab's live capture: the scenario has no viewer left. */
  g_action_group_activate_action (ladder_lab_panel_get_actions (self->lab_panel), "stop", NULL);
  _ladder_window_begin_capture (self, capture, name);
  start_loading (self);
  ladder_loader_load_file_async (self->loader, path, self->load_cancellable,
                                 on_load_done, g_object_ref (self));
}

void
_ladder_window_load_fd (LadderWindow *self, int fd, const char *name)
{
  g_autoptr (LadderCapture) capture = ladder_capture_new ();

  _ladder_window_begin_capture (self, capture, name);
  start_loading (self);
  ladder_loader_load_fd_async (self->loader, fd, name, self->load_cancellable,
                               on_load_done, g_object_ref (self));
}

void
_ladder_window_cancel_load (LadderWindow *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
}

static void
on_analysis_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (LadderWindow) self = user_data;
  LadderAnalysis *analysis = ladder_loader_analyse_finish (LADDER_LOADER (source), result, NULL);
  LadderAnalysis *old;

  if ((gpointer) source != (gpointer) self->loader || analysis == NULL)
    {
      g_clear_pointer (&analysis, ladder_analysis_unref);
      return;
    }
  self->analysing.running = FALSE;
  self->analysing.done_us = g_get_monotonic_time ();
  self->analysing.cost_us = self->analysing.done_us - self->analysing.started_us;
  old = g_steal_pointer (&self->analysis);
  self->analysis = analysis;
  self->analysing.frames = ladder_analysis_get_n_frames (analysis);
  _ladder_window_update_tables (self);
  ladder_packet_pane_set_analysis (self->packet_pane, analysis);
  /* Let go of the old one once the tables and the list have: the last
   * reference goes in a worker. */
  ladder_loader_release_in_background (NULL, old);
  _ladder_window_notify_analysis (self);
  /* A conversation filter waits for frames the analysis has seen. */
  if (publish_frames (self, self->published_frames))
    _ladder_window_ensure_tick (self);
  if (!self->loading)
    maybe_start_analysis (self, TRUE);
  _ladder_window_update_status (self);
}

/* Socket calls and states: `run-here` appends its calls after the last
 * packet, and the diagrams and the Sockets page need an analysis that
 * came after them. */
static guint
n_records (LadderCapture *capture)
{
  return ladder_capture_get_n_calls (capture) + ladder_capture_get_n_states (capture);
}

/* While loading, analyse again only once the last analysis is a while old
 * (at least twice its own cost), so a huge file is not analysed over and
 * over; after loading, once more to cover every frame. */
static void
maybe_start_analysis (LadderWindow *self, gboolean final)
{
  gint64 now = g_get_monotonic_time ();
  guint64 n;

  if (self->capture == NULL || self->loader == NULL || self->analysing.running)
    return;
  n = ladder_capture_get_n_frames (self->capture);
  if (n == 0 || (n == self->analysing.frames && n_records (self->capture) == self->analysing.records
                 && self->analysis != NULL))
    return;
  if (!final && now - self->analysing.done_us < MAX (MIN_ANALYSIS_GAP_US, 2 * self->analysing.cost_us))
    return;
  self->analysing.running = TRUE;
  self->analysing.started_us = now;
  self->analysing.records = n_records (self->capture);
  g_clear_object (&self->analysing.cancellable);
  self->analysing.cancellable = g_cancellable_new ();
  ladder_loader_analyse_async (self->loader, self->analysing.cancellable,
                               on_analysis_done, g_object_ref (self));
}
