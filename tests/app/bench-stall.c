/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-stall.c: how long the window's main loop is ever blocked while it
 * opens a big capture, scrolls it and filters it.
 *
 *   bench-stall FILE
 *
 * A G_PRIORITY_HIGH 1 ms timeout records the largest gap between two of
 * its runs (the longest the main loop did not come back); a tick callback
 * on the packet list records the largest gap between drawn frames while
 * the list is scrolled.  Prints figures; exits non-zero only when the
 * window fails to open the file.
 */
#include <gtk/gtk.h>
#include <stdio.h>

#include "ladder-application.h"
#include "ladder-diagram-view.h"
#include "ladder-window-private.h"

typedef struct
{
  gint64 last_us;
  gint64 max_gap_us;
  gint64 max_at_us;      /* when the worst gap ended, from the start */
  guint64 ticks;
} Probe;

static Probe probe;
static gint64 start_us;

static gboolean
on_probe (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (probe.last_us != 0 && now - probe.last_us > probe.max_gap_us)
    {
      probe.max_gap_us = now - probe.last_us;
      probe.max_at_us = now - start_us;
    }
  probe.last_us = now;
  probe.ticks++;
  return G_SOURCE_CONTINUE;
}

static void
probe_reset (void)
{
  probe.last_us = g_get_monotonic_time ();
  probe.max_gap_us = 0;
  probe.max_at_us = 0;
  probe.ticks = 0;
}

static gint64 frame_last_us, frame_max_gap_us;
static guint frame_count;

static gboolean
on_frame (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (frame_last_us != 0 && now - frame_last_us > frame_max_gap_us)
    frame_max_gap_us = now - frame_last_us;
  frame_last_us = now;
  frame_count++;
  return G_SOURCE_CONTINUE;
}

static void
iterate_until (gboolean (*done) (LadderWindow *), LadderWindow *window, guint timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (!done (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
loaded (LadderWindow *window)
{
  return !ladder_window_is_loading (window) && window->tick_id == 0;
}

static gboolean
first_rows (LadderWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (ladder_packet_pane_get_packets (ladder_window_get_packet_pane (window)))) > 0;
}

static void
report (const char *phase, double seconds)
{
  printf ("%-34s %8.2f s   longest main-loop stall %7.1f ms (at %.2f s)\n",
          phase, seconds, probe.max_gap_us / 1000.0, probe.max_at_us / 1e6);
  fflush (stdout);
}

static GtkAdjustment *
packet_vadjustment (LadderWindow *window)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (ladder_table_view_get_list (ladder_packet_pane_get_table (ladder_window_get_packet_pane (window)))));
}

static void
run_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (200), TRUE);
}

/* Jumps through the whole list, then pages down, as a person dragging the
 * scrollbar and holding Page Down would. */
static void
scroll_through (LadderWindow *window)
{
  GtkAdjustment *adj = packet_vadjustment (window);
  GRand *rand = g_rand_new_with_seed (42);

  frame_last_us = frame_max_gap_us = 0;
  frame_count = 0;
  for (guint i = 0; i < 100; i++)
    {
      double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

      gtk_adjustment_set_value (adj, g_rand_double (rand) * upper);
      run_ms (20);
    }
  for (guint i = 0; i < 100; i++)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj));
      run_ms (20);
    }
  g_rand_free (rand);
}

static void
apply_filter (LadderWindow *window, const char *expression)
{
  ladder_filter_bar_set_text (ladder_window_get_filter_bar (window), expression);
  ladder_filter_bar_apply (ladder_window_get_filter_bar (window));
}

static gboolean
bench_open (LadderWindow *window, GFile *file)
{
  gint64 t0;

  probe_reset ();
  t0 = g_get_monotonic_time ();
  ladder_window_open_file (window, file);
  iterate_until (first_rows, window, 60);
  printf ("first rows shown after %.3f s\n", (g_get_monotonic_time () - t0) / 1e6);
  iterate_until (loaded, window, 600);
  if (ladder_window_get_capture (window) == NULL || ladder_window_get_error_message (window) != NULL)
    return FALSE;
  printf ("%" G_GUINT64_FORMAT " packets, %u conversations\n",
          ladder_capture_get_n_frames (ladder_window_get_capture (window)),
          g_list_model_get_n_items (ladder_analysis_table_get_rows (ladder_window_get_table (window, "conversations"))));
  report ("open (read + analyse)", (g_get_monotonic_time () - t0) / 1e6);
  return TRUE;
}

static void
bench_scroll (LadderWindow *window)
{
  gint64 t0 = g_get_monotonic_time ();

  probe_reset ();
  scroll_through (window);
  report ("scroll (100 jumps, 100 pages)", (g_get_monotonic_time () - t0) / 1e6);
  printf ("%-34s %8u frames, longest gap between frames %.1f ms\n", "  drawn while scrolling",
          frame_count, frame_max_gap_us / 1000.0);
}

static void
bench_filters (LadderWindow *window)
{
  gint64 t0 = g_get_monotonic_time ();

  probe_reset ();
  apply_filter (window, "tcp[tcpflags] & tcp-syn != 0");
  iterate_until (loaded, window, 600);
  printf ("  filter kept %u packets\n", g_list_model_get_n_items (G_LIST_MODEL (ladder_packet_pane_get_packets (ladder_window_get_packet_pane (window)))));
  report ("filter (tcp-syn over all)", (g_get_monotonic_time () - t0) / 1e6);

  probe_reset ();
  t0 = g_get_monotonic_time ();
  apply_filter (window, "");
  run_ms (100);
  iterate_until (loaded, window, 600);
  _ladder_window_set_conversation (window, 1000);
  iterate_until (loaded, window, 600);
  printf ("  conversation 1000 has %u packets\n", g_list_model_get_n_items (G_LIST_MODEL (ladder_packet_pane_get_packets (ladder_window_get_packet_pane (window)))));
  report ("conversation filter", (g_get_monotonic_time () - t0) / 1e6);
}

static GtkWidget *
page_diagram (LadderWindow *window, const char *page)
{
  if (g_str_equal (page, "ladder"))
    return GTK_WIDGET (ladder_diagram_page_get_view (ladder_window_get_diagram_page (window, "ladder")));
  if (g_str_equal (page, "tuples"))
    return GTK_WIDGET (ladder_diagram_page_get_view (ladder_window_get_diagram_page (window, "tuples")));
  if (g_str_equal (page, "traceroute"))
    return GTK_WIDGET (ladder_diagram_page_get_view (ladder_window_get_diagram_page (window, "traceroute")));
  return NULL;
}

/* Pages down through a diagram, 40 pages, as the packet list is scrolled. */
static void
scroll_diagram (GtkWidget *view)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  gint64 t0 = g_get_monotonic_time ();

  probe_reset ();
  for (guint i = 0; adj != NULL && i < 40; i++)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj));
      run_ms (20);
    }
  report ("  scroll it (40 pages)", (g_get_monotonic_time () - t0) / 1e6);
}

/* Shows a page; a diagram is laid out in a worker, so wait for it (the
 * "busy" property) and say how long it took. */
static void
show_page (LadderWindow *window, const char *page)
{
  GtkWidget *view = page_diagram (window, page);
  gint64 t0 = g_get_monotonic_time ();
  g_autofree char *label = g_strdup_printf ("show the %s page", page);
  gboolean busy = FALSE;

  probe_reset ();
  ladder_window_set_page (window, page);
  run_ms (50);
  while (view != NULL && (g_object_get (view, "busy", &busy, NULL), busy)
         && g_get_monotonic_time () - t0 < 120 * G_USEC_PER_SEC)
    run_ms (5);
  if (view != NULL)
    {
      LadderDiagram *d = ladder_diagram_view_get_diagram (LADDER_DIAGRAM_VIEW (view));
      double w = 0, h = 0;

      if (d != NULL)
        ladder_diagram_get_size (d, &w, &h);
      printf ("  laid out after %.3f s: %.0f x %.0f units%s\n", (g_get_monotonic_time () - t0) / 1e6, w, h,
              d == NULL ? " (no diagram)" : "");
    }
  run_ms (300);
  report (label, (g_get_monotonic_time () - t0) / 1e6);
  if (view != NULL && ladder_diagram_view_get_diagram (LADDER_DIAGRAM_VIEW (view)) != NULL)
    scroll_diagram (view);
}

/* The diagram pages over the whole capture, as a person clicking through. */
static void
bench_pages (LadderWindow *window)
{
  static const char * const pages[] = { "ladder", "tuples", "conversations", "traceroute", "ping", "packets" };

  _ladder_window_set_conversation (window, -1);
  iterate_until (loaded, window, 600);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    show_page (window, pages[i]);
}

/* Opens again and stops as soon as the first rows are shown; the frames
 * read so far stay, with a banner saying so. */
static void
bench_cancel (LadderWindow *window, GFile *file)
{
  gint64 t0 = g_get_monotonic_time ();

  probe_reset ();
  ladder_window_open_file (window, file);
  iterate_until (first_rows, window, 60);
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel-open", NULL);
  iterate_until (loaded, window, 600);
  printf ("  cancelled after %" G_GUINT64_FORMAT " packets: %s\n",
          ladder_capture_get_n_frames (ladder_window_get_capture (window)),
          ladder_window_get_error_message (window) != NULL ? ladder_window_get_error_message (window) : "(no banner)");
  report ("open and cancel", (g_get_monotonic_time () - t0) / 1e6);
}

int
main (int argc, char *argv[])
{
  g_autoptr (LadderApplication) app = NULL;
  g_autoptr (GFile) file = NULL;
  LadderWindow *window;

  if (argc != 2)
    {
      fprintf (stderr, "usage: bench-stall FILE\n");
      return 2;
    }
  gtk_init ();
  app = ladder_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = ladder_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  run_ms (300);

  start_us = g_get_monotonic_time ();
  g_timeout_add_full (G_PRIORITY_HIGH, 1, on_probe, NULL, NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (ladder_table_view_get_list (ladder_packet_pane_get_table (ladder_window_get_packet_pane (window)))), on_frame, NULL, NULL);
  file = g_file_new_for_commandline_arg (argv[1]);
  if (!bench_open (window, file))
    {
      fprintf (stderr, "bench-stall: could not open %s: %s\n", argv[1], ladder_window_get_error_message (window));
      return 1;
    }
  bench_scroll (window);
  bench_filters (window);
  bench_pages (window);
  bench_cancel (window, file);
  gtk_window_destroy (GTK_WINDOW (window));
  run_ms (100);
  return 0;
}
