/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-widgets.c: the window's composite widgets on their own, under Xvfb,
 * driven through their properties, signals and actions, each in a window
 * of its own and each finalized at the end (nothing keeps it alive). */
#include <gtk/gtk.h>
#include <string.h>

#include "ladder-analysis-table.h"
#include "ladder-diagram-page.h"
#include "ladder-filter-bar.h"
#include "ladder-lab-client.h"
#include "ladder-lab-panel.h"
#include "ladder-load.h"
#include "ladder-packet-pane.h"
#include "ladder-read-progress.h"
#include "ladder-status-bar.h"
#include "ladder-test-app.h"

static LadderApplication *app;

static LadderCapture *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", name, NULL);
  LadderCapture *capture = ladder_capture_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (ladder_load_file (capture, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return capture;
}

/* WIDGET in a window of its own, shown; the caller finalizes WIDGET. */
static GtkWidget *
show (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();

  g_object_ref (widget);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  ladder_test_run_for (100);
  return window;
}

static void
finish (GtkWidget *window, gpointer widget)
{
  gtk_window_destroy (GTK_WINDOW (window));
  ladder_test_run_for (20);
  g_assert_finalize_object (widget);
}

static void
on_apply (LadderFilterBar *bar, const char *text, GPtrArray *applied)
{
  g_ptr_array_add (applied, g_strdup (text));
}

static void
test_filter_bar (void)
{
  GtkWidget *bar = ladder_filter_bar_new ();
  GtkWidget *window = show (bar);
  g_autoptr (GPtrArray) applied = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *chip = NULL;

  g_signal_connect (bar, "apply", G_CALLBACK (on_apply), applied);
  ladder_filter_bar_set_text (LADDER_FILTER_BAR (bar), "tcp port 7");
  ladder_filter_bar_apply (LADDER_FILTER_BAR (bar));
  g_assert_cmpuint (applied->len, ==, 1);
  g_assert_cmpstr (applied->pdata[0], ==, "tcp port 7");
  g_assert_null (ladder_filter_bar_get_message (LADDER_FILTER_BAR (bar)));

  ladder_filter_bar_show_message (LADDER_FILTER_BAR (bar), "This filter does not compile: x", TRUE);
  g_assert_cmpstr (ladder_filter_bar_get_message (LADDER_FILTER_BAR (bar)), ==, "This filter does not compile: x");
  g_assert_true (ladder_filter_bar_get_error (LADDER_FILTER_BAR (bar)));
  g_assert_false (ladder_filter_bar_get_warning (LADDER_FILTER_BAR (bar)));
  ladder_filter_bar_show_message (LADDER_FILTER_BAR (bar), "matches nothing", FALSE);
  g_assert_false (ladder_filter_bar_get_error (LADDER_FILTER_BAR (bar)));
  g_assert_true (ladder_filter_bar_get_warning (LADDER_FILTER_BAR (bar)));
  ladder_filter_bar_show_message (LADDER_FILTER_BAR (bar), NULL, FALSE);
  g_assert_null (ladder_filter_bar_get_message (LADDER_FILTER_BAR (bar)));

  /* Clearing the entry applies "" without Enter. */
  ladder_filter_bar_set_text (LADDER_FILTER_BAR (bar), "");
  ladder_test_run_for (50);
  g_assert_cmpuint (applied->len, ==, 2);
  g_assert_cmpstr (applied->pdata[1], ==, "");

  g_object_set (bar, "conversation-label", "TCP 10.0.1.2:5 ⇄ 10.0.2.2:7", NULL);
  g_object_get (bar, "conversation-label", &chip, NULL);
  g_assert_cmpstr (chip, ==, "TCP 10.0.1.2:5 ⇄ 10.0.2.2:7");
  g_clear_pointer (&chip, g_free);
  g_object_set (bar, "conversation-label", NULL, NULL);
  g_object_get (bar, "conversation-label", &chip, NULL);
  g_assert_null (chip);
  finish (window, bar);
}

static void
test_status_bar (void)
{
  GtkWidget *bar = ladder_status_bar_new ();
  GtkWidget *window = show (bar);
  LadderStatusBar *status = LADDER_STATUS_BAR (bar);

  g_assert_cmpstr (ladder_status_bar_get_text (status, LADDER_STATUS_FILE), ==, "No capture");
  g_object_set (bar, "packets", (guint64) 1, "shown", (guint64) 14, "drops", (guint64) 0,
                "file", "tcp-echo-v4.pcap", "lab-state", "Lab: ready", NULL);
  g_assert_cmpstr (ladder_status_bar_get_text (status, LADDER_STATUS_PACKETS), ==, "1 packet");
  g_assert_cmpstr (ladder_status_bar_get_text (status, LADDER_STATUS_SHOWN), ==, "14 shown");
  g_assert_cmpstr (ladder_status_bar_get_text (status, LADDER_STATUS_DROPS), ==, "0 dropped");
  g_assert_cmpstr (ladder_status_bar_get_text (status, LADDER_STATUS_FILE), ==, "tcp-echo-v4.pcap");
  g_assert_cmpstr (ladder_status_bar_get_text (status, LADDER_STATUS_LAB), ==, "Lab: ready");
  finish (window, bar);
}

static void
on_refiltered (LadderPacketPane *pane, guint *count)
{
  (*count)++;
}

/* The list, the filter (tshark -Y tcp.flags.syn==1: 2 of 14) and the
 * selected packet's bytes, with no window around the pane. */
static void
test_packet_pane (void)
{
  g_autoptr (LadderCapture) capture = load_fixture ("tcp-echo-v4.pcap");
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
  GtkWidget *pane = ladder_packet_pane_new ();
  GtkWidget *window = show (pane);
  LadderPacketPane *packets = LADDER_PACKET_PANE (pane);
  g_autoptr (GError) error = NULL;
  guint refiltered = 0;
  guint64 selected = 0;

  g_signal_connect (pane, "refiltered", G_CALLBACK (on_refiltered), &refiltered);
  ladder_packet_pane_set_capture (packets, capture);
  ladder_packet_pane_set_analysis (packets, analysis);
  g_assert_false (ladder_packet_pane_publish (packets, ladder_capture_get_n_frames (capture)));
  g_assert_cmpuint (ladder_packet_pane_get_n_shown (packets), ==, 14);

  g_assert_true (ladder_packet_pane_set_filter (packets, "tcp[tcpflags] & tcp-syn != 0", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (refiltered, ==, 1);
  while (ladder_packet_pane_publish (packets, 14))
    ;
  g_assert_cmpuint (ladder_packet_pane_get_n_shown (packets), ==, 2);
  g_assert_false (ladder_packet_pane_set_filter (packets, "tcp port seven", &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (ladder_packet_pane_get_filter (packets), ==, "tcp[tcpflags] & tcp-syn != 0");
  g_assert_true (ladder_packet_pane_set_filter (packets, "", NULL));
  g_assert_null (ladder_packet_pane_get_filter (packets));
  g_assert_cmpuint (ladder_packet_pane_get_n_shown (packets), ==, 14);

  g_object_set (pane, "selected-frame", (guint64) 1, NULL);
  g_object_get (pane, "selected-frame", &selected, NULL);
  g_assert_cmpuint (selected, ==, 1);
  g_assert_cmpuint (gtk_single_selection_get_selected (ladder_packet_pane_get_packets (packets)), ==, 0);
  g_assert_cmpuint (ladder_bytes_view_get_length (ladder_packet_pane_get_bytes (packets)), ==, 74);
  /* A frame past the capture selects nothing. */
  ladder_packet_pane_set_selected_frame (packets, 99);
  g_assert_cmpuint (ladder_packet_pane_get_selected_frame (packets), ==, 0);
  ladder_packet_pane_set_capture (packets, NULL);
  g_assert_cmpuint (ladder_packet_pane_get_n_shown (packets), ==, 0);
  finish (window, pane);
}

static void
test_analysis_table (void)
{
  g_autoptr (LadderCapture) capture = load_fixture ("ping-ttl-expire.pcap");
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
  GtkWidget *table = ladder_analysis_table_new ("ping");
  GtkWidget *window = show (table);
  guint rows = 0;

  g_assert_true (ladder_analysis_table_get_empty (LADDER_ANALYSIS_TABLE (table)));
  ladder_analysis_table_set_analysis (LADDER_ANALYSIS_TABLE (table), analysis);
  g_object_get (table, "n-rows", &rows, NULL);
  g_assert_cmpuint (rows, >, 0);
  g_assert_cmpuint (rows, ==, g_list_model_get_n_items (ladder_analysis_table_get_rows (LADDER_ANALYSIS_TABLE (table))));
  g_assert_false (ladder_analysis_table_get_empty (LADDER_ANALYSIS_TABLE (table)));
  ladder_analysis_table_set_analysis (LADDER_ANALYSIS_TABLE (table), NULL);
  g_assert_true (ladder_analysis_table_get_empty (LADDER_ANALYSIS_TABLE (table)));
  finish (window, table);
}

static void
test_diagram_page (void)
{
  g_autoptr (LadderCapture) capture = load_fixture ("tcp-echo-v4.pcap");
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
  GtkWidget *page = ladder_diagram_page_new ("ladder");
  GtkWidget *window = show (page);
  GtkWidget *ping = ladder_diagram_page_new ("ping");
  LadderDiagramView *view = ladder_diagram_page_get_view (LADDER_DIAGRAM_PAGE (page));
  g_autofree char *kind = NULL;
  gboolean compressed = FALSE;

  g_object_get (page, "kind", &kind, NULL);
  g_assert_cmpstr (kind, ==, "ladder");
  ladder_diagram_page_sync (LADDER_DIAGRAM_PAGE (page), capture, analysis, 3);
  g_assert_true (ladder_diagram_view_get_capture (view) == capture);
  g_assert_cmpuint (ladder_diagram_view_get_selected_frame (view), ==, 3);
  g_object_set (page, "compressed", TRUE, NULL);
  g_assert_true (ladder_diagram_view_get_compressed (view));
  g_object_get (page, "compressed", &compressed, NULL);
  g_assert_true (compressed);
  ladder_diagram_page_set_conversation (LADDER_DIAGRAM_PAGE (page), 0);
  ladder_diagram_page_sync (LADDER_DIAGRAM_PAGE (page), capture, analysis, 3);
  g_assert_cmpint (ladder_diagram_view_get_conversation (view), ==, 0);
  ladder_diagram_page_sync (LADDER_DIAGRAM_PAGE (page), NULL, NULL, 0);
  g_assert_null (ladder_diagram_view_get_capture (view));

  /* A capture without pings: the ping page has nothing to draw or export. */
  g_object_ref_sink (ping);
  ladder_diagram_page_sync (LADDER_DIAGRAM_PAGE (ping), capture, analysis, 0);
  g_assert_false (ladder_diagram_page_has_diagram (LADDER_DIAGRAM_PAGE (ping)));
  g_assert_null (ladder_diagram_view_get_capture (ladder_diagram_page_get_view (LADDER_DIAGRAM_PAGE (ping))));
  g_assert_finalize_object (ping);
  finish (window, page);
}

/* Without asking the helper: the scenarios and their parameters. */
static void
test_lab_panel (void)
{
  GtkWidget *panel = ladder_lab_panel_new ();
  GtkWidget *window = show (panel);
  GActionGroup *actions = ladder_lab_panel_get_actions (LADDER_LAB_PANEL (panel));
  guint params = 0;

  g_assert_cmpstr (ladder_lab_panel_get_state (LADDER_LAB_PANEL (panel)), ==, "Lab: idle");
  g_assert_false (ladder_lab_panel_get_running (LADDER_LAB_PANEL (panel)));
  /* Not known to be available yet: nothing to start or stop. */
  g_assert_false (g_action_group_get_action_enabled (actions, "start"));
  g_assert_false (g_action_group_get_action_enabled (actions, "stop"));
  g_object_set (panel, "scenario", "traceroute", NULL);
  g_assert_cmpstr (ladder_lab_panel_get_scenario (LADDER_LAB_PANEL (panel)), ==, "traceroute");
  g_object_get (panel, "params", &params, NULL);
  g_assert_cmphex (params, ==, ladder_lab_find_scenario ("traceroute")->params
                               & (LADDER_LAB_PARAM_HOPS | LADDER_LAB_PARAM_METHOD
                                  | LADDER_LAB_PARAM_MAX_TTL | LADDER_LAB_PARAM_QUERIES));
  g_assert_false (ladder_lab_panel_set_scenario (LADDER_LAB_PANEL (panel), "no-such-scenario"));
  g_assert_cmpstr (ladder_lab_panel_get_scenario (LADDER_LAB_PANEL (panel)), ==, "traceroute");
  finish (window, panel);
}

static void
test_read_progress (void)
{
  GtkWidget *progress = ladder_read_progress_new ();
  GtkWidget *window = show (progress);
  gboolean can_cancel = FALSE;
  g_autofree char *text = NULL;

  g_object_get (progress, "can-cancel", &can_cancel, NULL);
  g_assert_true (can_cancel);
  g_object_set (progress, "text", "Reading x: 5 packets", "can-cancel", FALSE, NULL);
  ladder_read_progress_set_done (LADDER_READ_PROGRESS (progress), 1, 2);
  g_object_get (progress, "can-cancel", &can_cancel, "text", &text, NULL);
  g_assert_false (can_cancel);
  g_assert_cmpstr (text, ==, "Reading x: 5 packets");
  finish (window, progress);
}

int
main (int argc, char *argv[])
{
  int status;

  if (!ladder_test_app_init (&argc, &argv))
    return 0;
  app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);
  g_test_add_func ("/ladder/widgets/filter-bar", test_filter_bar);
  g_test_add_func ("/ladder/widgets/status-bar", test_status_bar);
  g_test_add_func ("/ladder/widgets/packet-pane", test_packet_pane);
  g_test_add_func ("/ladder/widgets/analysis-table", test_analysis_table);
  g_test_add_func ("/ladder/widgets/diagram-page", test_diagram_page);
  g_test_add_func ("/ladder/widgets/lab-panel", test_lab_panel);
  g_test_add_func ("/ladder/widgets/read-progress", test_read_progress);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
