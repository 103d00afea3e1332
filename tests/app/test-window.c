/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the window under Xvfb, driven as a person would.
 *
 * Opens fixtures, selects packets and fields, filters, picks a
 * conversation, opens broken files and runs the lab when it can.  Each
 * main state is saved as a PNG in $LADDER_SCREENSHOT_DIR for a person to
 * look at.
 */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <unistd.h>

#include "ladder-application.h"
#include "ladder-field-item.h"
#include "ladder-table-row.h"
#include "ladder-diagram-view.h"
#include "ladder-lab-client.h"
#include "ladder-lab-custom.h"
#include "ladder-packet-text.h"
#include "ladder-window-private.h"
#include "ladder-test-app.h"

static LadderApplication *app;

/* ---- Helpers ------------------------------------------------------------ */

static LadderPacketPane *
packets_of (LadderWindow *window)
{
  return ladder_window_get_packet_pane (window);
}

static LadderFilterBar *
filter_bar_of (LadderWindow *window)
{
  return ladder_window_get_filter_bar (window);
}

/* The diagram view of page NAME ("ladder", "tuples", "ping", "traceroute"). */
static GtkWidget *
diagram_of (LadderWindow *window, const char *name)
{
  return GTK_WIDGET (ladder_diagram_page_get_view (ladder_window_get_diagram_page (window, name)));
}

/* Runs the main loop until the window has read and analysed everything. */
static void
wait_loaded (LadderWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while ((ladder_window_is_loading (window) || window->tick_id != 0)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (ladder_window_is_loading (window));
  ladder_test_run_for (150);   /* let the list lay out and draw */
}

/* Runs the main loop until the list has N rows (or 10 s passed). */
static void
wait_rows (LadderWindow *window, guint n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_list_model_get_n_items (G_LIST_MODEL (ladder_packet_pane_get_packets (packets_of (window)))) != n
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  wait_loaded (window);
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", name, NULL);
}

static LadderWindow *
open_fixture (const char *name)
{
  g_autofree char *path = fixture (name);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  LadderWindow *window = ladder_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  ladder_window_open_file (window, file);
  wait_loaded (window);
  return window;
}

static guint
n_rows (LadderWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (ladder_packet_pane_get_packets (packets_of (window))));
}

static void
close_window (LadderWindow *window)
{
  g_autoptr (GObject) weak = g_object_ref (G_OBJECT (window));

  gtk_window_destroy (GTK_WINDOW (window));
  ladder_test_run_for (50);
}

static void
select_row (LadderWindow *window, guint position)
{
  gtk_single_selection_set_selected (ladder_packet_pane_get_packets (packets_of (window)), position);
  ladder_test_run_for (50);
}

/* The field row whose text starts with PREFIX, or GTK_INVALID_LIST_POSITION. */
static guint
find_field (LadderWindow *window, const char *prefix)
{
  GListModel *rows = gtk_single_selection_get_model (ladder_packet_pane_get_fields (packets_of (window)));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr (LadderFieldItem) field = gtk_tree_list_row_get_item (row);

      if (g_str_has_prefix (ladder_field_item_get_text (field), prefix))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static LadderFieldItem *
selected_field (LadderWindow *window)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (ladder_packet_pane_get_fields (packets_of (window)));

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
set_filter (LadderWindow *window, const char *text)
{
  ladder_filter_bar_set_text (filter_bar_of (window), text);
  ladder_filter_bar_apply (filter_bar_of (window));
  wait_loaded (window);
}

/* ---- Tests -------------------------------------------------------------- */

static void
test_welcome (void)
{
  LadderWindow *window = ladder_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  ladder_test_run_for (200);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "welcome");
  /* The shipped samples are offered. */
  g_assert_nonnull (gtk_flow_box_get_child_at_index (window->welcome_samples, 0));
  ladder_test_screenshot (GTK_WIDGET (window), "01-welcome.png");
  close_window (window);
}

static void
test_open (void)
{
  LadderWindow *window = open_fixture ("tcp-echo-v4.pcap");

  /* capinfos: 14 packets */
  g_assert_cmpuint (n_rows (window), ==, 14);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "capture");
  g_assert_cmpstr (ladder_status_bar_get_text (ladder_window_get_status_bar (window), LADDER_STATUS_PACKETS), ==, "14 packets");
  g_assert_cmpstr (ladder_status_bar_get_text (ladder_window_get_status_bar (window), LADDER_STATUS_FILE), ==, "tcp-echo-v4.pcap");
  g_assert_null (ladder_window_get_error_message (window));
  g_assert_nonnull (ladder_window_get_analysis (window));
  ladder_test_screenshot (GTK_WIDGET (window), "02-open.png");
  close_window (window);
}

/* The bytes view's hex and ASCII columns are both inside the visible part
 * of its pane: the view got its natural width and is not scrolled off. */
static void
assert_bytes_whole (LadderWindow *window)
{
  GtkWidget *bytes = GTK_WIDGET (ladder_packet_pane_get_bytes (packets_of (window)));
  GtkWidget *pane = gtk_widget_get_ancestor (bytes, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;
  int natural = 0;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_nonnull (pane);
  /* A packet just selected (and a font scale just changed) is laid out
   * on a later frame, later still on a loaded machine: wait for it. */
  while (gtk_widget_get_width (pane) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_measure (bytes, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (natural, >, 0);
  g_assert_true (gtk_widget_compute_bounds (bytes, pane, &bounds));
  /* NATURAL counts the margins and padding around the dump. */
  g_assert_cmpint (gtk_widget_get_width (pane), >=, natural);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (pane));
}

static void
test_select (void)
{
  LadderWindow *window = open_fixture ("tcp-echo-v4.pcap");
  g_autoptr (LadderFieldItem) field = NULL;
  guint ttl_row, offset, length;

  select_row (window, 0);
  g_assert_cmpuint (ladder_window_get_selected_frame (window), ==, 1);
  g_assert_cmpuint (ladder_bytes_view_get_length (ladder_packet_pane_get_bytes (packets_of (window))), ==, 74);
  g_assert_cmpuint (find_field (window, "Ethernet"), !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (find_field (window, "Transmission Control Protocol"), !=, GTK_INVALID_LIST_POSITION);

  /* Selecting a field highlights its bytes: IPv4 TTL is byte 22 (14 + 8). */
  ttl_row = find_field (window, "Time to Live");
  g_assert_cmpuint (ttl_row, !=, GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_selected (ladder_packet_pane_get_fields (packets_of (window)), ttl_row);
  g_assert_true (ladder_bytes_view_get_highlight (ladder_packet_pane_get_bytes (packets_of (window)), &offset, &length));
  g_assert_cmpuint (offset, ==, 22);
  g_assert_cmpuint (length, ==, 1);
  ladder_test_screenshot (GTK_WIDGET (window), "03-packet-field.png");

  /* Clicking a byte selects the innermost field holding it: bytes 36-37
   * are the TCP destination port. */
  g_signal_emit_by_name (ladder_packet_pane_get_bytes (packets_of (window)), "byte-activated", 37u);
  field = selected_field (window);
  g_assert_nonnull (field);
  g_assert_true (g_str_has_prefix (ladder_field_item_get_text (field), "Destination Port"));
  g_assert_true (ladder_bytes_view_get_highlight (ladder_packet_pane_get_bytes (packets_of (window)), &offset, &length));
  g_assert_cmpuint (offset, ==, 36);
  g_assert_cmpuint (length, ==, 2);
  assert_bytes_whole (window);

  /* The size a window manager-less display gives a new window. */
  gtk_window_set_default_size (GTK_WINDOW (window), 970, 600);
  ladder_test_run_for (200);
  assert_bytes_whole (window);
  ladder_test_screenshot (GTK_WIDGET (window), "03-packet-narrow.png");
  close_window (window);
}

static void
test_filter (void)
{
  LadderWindow *window = open_fixture ("tcp-echo-v4.pcap");

  /* tshark -Y tcp.flags.syn==1: 2 packets */
  set_filter (window, "tcp[tcpflags] & tcp-syn != 0");
  g_assert_cmpuint (n_rows (window), ==, 2);
  g_assert_false (ladder_filter_bar_get_message (filter_bar_of (window)) != NULL);
  g_assert_cmpstr (ladder_status_bar_get_text (ladder_window_get_status_bar (window), LADDER_STATUS_SHOWN), ==, "2 shown");
  ladder_test_screenshot (GTK_WIDGET (window), "04-filter.png");

  /* A filter that does not compile leaves the list alone and says why. */
  set_filter (window, "tcp port seven");
  g_assert_true (ladder_filter_bar_get_message (filter_bar_of (window)) != NULL);
  g_assert_nonnull (strstr (ladder_filter_bar_get_message (filter_bar_of (window)), "does not compile"));
  g_assert_true (ladder_filter_bar_get_error (filter_bar_of (window)));
  g_assert_cmpuint (n_rows (window), ==, 2);
  ladder_test_screenshot (GTK_WIDGET (window), "05-filter-error.png");

  /* Clearing the entry shows everything again, without Enter. */
  ladder_filter_bar_set_text (filter_bar_of (window), "");
  wait_rows (window, 14);
  g_assert_cmpuint (n_rows (window), ==, 14);
  g_assert_false (ladder_filter_bar_get_message (filter_bar_of (window)) != NULL);
  close_window (window);
}

/* Interface 0 is Ethernet, interface 1 Linux cooked: "ether broadcast"
 * means nothing on the second, and the window says so instead of silently
 * showing none of its packets. */
static void
test_filter_linktypes (void)
{
  LadderWindow *window = open_fixture ("mixed-linktypes.pcapng");
  const char *text;

  set_filter (window, "ether broadcast or ip6");
  g_assert_cmpuint (n_rows (window), ==, 14);
  g_assert_true (ladder_filter_bar_get_message (filter_bar_of (window)) != NULL);
  g_assert_true (ladder_filter_bar_get_warning (filter_bar_of (window)));
  g_assert_false (ladder_filter_bar_get_error (filter_bar_of (window)));
  text = ladder_filter_bar_get_message (filter_bar_of (window));
  g_assert_nonnull (strstr (text, "matches nothing"));
  g_assert_nonnull (strstr (text, "LINKTYPE 113"));
  g_assert_nonnull (strstr (text, "not a broadcast link"));
  ladder_test_screenshot (GTK_WIDGET (window), "05b-filter-linktypes.png");

  /* Compiles for both: no warning.  For neither: the error. */
  set_filter (window, "tcp");
  g_assert_cmpuint (n_rows (window), ==, 28);
  g_assert_false (ladder_filter_bar_get_message (filter_bar_of (window)) != NULL);
  set_filter (window, "vlan and mpls and ether broadcast and pppoes");
  g_assert_true (ladder_filter_bar_get_message (filter_bar_of (window)) != NULL);
  g_assert_false (ladder_filter_bar_get_warning (filter_bar_of (window)));
  g_assert_nonnull (strstr (ladder_filter_bar_get_message (filter_bar_of (window)), "does not compile"));
  g_assert_cmpuint (n_rows (window), ==, 28);
  close_window (window);
}

static gint
find_conversation (LadderWindow *window, guint16 port)
{
  LadderConversations *convs = ladder_analysis_get_conversations (ladder_window_get_analysis (window));

  for (guint i = 0; i < ladder_conversations_get_n_items (convs); i++)
    {
      const LadderConversation *conv = ladder_conversations_get_item (convs, i);

      if (conv->a_port == port || conv->b_port == port)
        return (gint) i;
    }
  return -1;
}

static void
test_conversation (void)
{
  LadderWindow *window = open_fixture ("tcp-multi-client.pcap");
  gint index;
  guint position;

  /* tshark -z conv,tcp: three connections; 10.1.0.4:41589 has 16 frames */
  g_assert_cmpuint (g_list_model_get_n_items (ladder_analysis_table_get_rows (ladder_window_get_table (window, "conversations"))), >=, 3);
  ladder_window_set_page (window, "conversations");
  ladder_test_screenshot (GTK_WIDGET (window), "06-conversations.png");
  index = find_conversation (window, 41589);
  g_assert_cmpint (index, >=, 0);
  position = ladder_analysis_table_find_row (ladder_window_get_table (window, "conversations"), (guint64) index);
  g_signal_emit_by_name (ladder_analysis_table_get_view (ladder_window_get_table (window, "conversations")), "activate", position);
  wait_loaded (window);
  g_assert_cmpstr (ladder_window_get_page (window), ==, "packets");
  g_assert_cmpuint (n_rows (window), ==, 16);
  {
    g_autofree char *chip = NULL;

    g_object_get (filter_bar_of (window), "conversation-label", &chip, NULL);
    g_assert_nonnull (chip);
  }
  ladder_test_screenshot (GTK_WIDGET (window), "07-conversation-packets.png");

  /* The ladder diagram draws that conversation; a click on an arrow there
   * (the view's selected-frame) selects the packet in the list. */
  ladder_window_set_page (window, "ladder");
  ladder_test_run_for (200);
  g_object_get (diagram_of (window, "ladder"), "conversation", &index, NULL);
  g_assert_cmpint (index, ==, find_conversation (window, 41589));
  g_object_set (diagram_of (window, "ladder"), "selected-frame", (guint64) 20, NULL);
  g_assert_cmpuint (ladder_window_get_selected_frame (window), ==, 20);
  g_assert_cmpuint (gtk_single_selection_get_selected (ladder_packet_pane_get_packets (packets_of (window))), ==, 1);
  ladder_test_screenshot (GTK_WIDGET (window), "07b-ladder.png");
  ladder_window_set_page (window, "tuples");
  ladder_test_screenshot (GTK_WIDGET (window), "07c-tuples.png");
  ladder_window_set_page (window, "packets");

  /* With a filter as well, both apply: the 41589 client's SYN only. */
  set_filter (window, "tcp[tcpflags] == tcp-syn");
  g_assert_cmpuint (n_rows (window), ==, 1);
  set_filter (window, "");
  g_action_group_activate_action (G_ACTION_GROUP (window), "clear-conversation", NULL);
  wait_loaded (window);
  g_assert_cmpuint (n_rows (window), ==, 46);
  close_window (window);
}

/* The ping page draws one session's ladder (laid out in a worker), of an
 * ICMP echo conversation, or nothing when there are no pings. */
static void
check_ping_ladder (LadderWindow *window, gboolean expected)
{
  LadderDiagramView *view = LADDER_DIAGRAM_VIEW (diagram_of (window, "ping"));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  LadderConversations *convs = ladder_analysis_get_conversations (ladder_window_get_analysis (window));
  gint conversation = ladder_diagram_view_get_conversation (view);
  guint8 proto;

  g_assert_cmpint (gtk_widget_get_visible (GTK_WIDGET (ladder_window_get_diagram_page (window, "ping"))), ==, expected);
  if (!expected)
    {
      g_assert_null (ladder_diagram_view_get_capture (view));
      return;
    }
  while (ladder_diagram_view_is_busy (view) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (ladder_diagram_view_get_diagram (view));
  g_assert_true (ladder_diagram_view_get_compressed (view));
  g_assert_cmpint (conversation, >=, 0);
  proto = ladder_conversations_get_item (convs, conversation)->proto;
  g_assert_true (proto == 1 || proto == 58);
  ladder_test_run_for (150);
}

static void
test_traceroute (void)
{
  LadderWindow *window = open_fixture ("traceroute-udp-v4.pcap");

  g_assert_cmpuint (g_list_model_get_n_items (ladder_analysis_table_get_rows (ladder_window_get_table (window, "traceroute"))), >, 0);
  g_assert_false (ladder_analysis_table_get_empty (ladder_window_get_table (window, "traceroute")));
  ladder_window_set_page (window, "traceroute");
  ladder_test_screenshot (GTK_WIDGET (window), "08-traceroute.png");
  close_window (window);

  window = open_fixture ("ping-ttl-expire.pcap");
  g_assert_cmpuint (g_list_model_get_n_items (ladder_analysis_table_get_rows (ladder_window_get_table (window, "ping"))), >, 0);
  ladder_window_set_page (window, "ping");
  check_ping_ladder (window, TRUE);
  ladder_test_screenshot (GTK_WIDGET (window), "09-ping.png");
  close_window (window);

  /* No ping: no ladder on the ping page. */
  window = open_fixture ("tcp-echo-v4.pcap");
  ladder_window_set_page (window, "ping");
  check_ping_ladder (window, FALSE);
  close_window (window);
}

/* A copy of FIXTURE cut KEEP bytes in: the reader keeps what came before. */
static char *
write_cut_copy (const char *name, gsize cut_from_end)
{
  g_autofree char *path = fixture (name);
  g_autofree char *contents = NULL;
  char *out = g_build_filename (g_get_tmp_dir (), "wireladder-truncated.pcap", NULL);
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, cut_from_end);
  g_assert_true (g_file_set_contents (out, contents, length - cut_from_end, NULL));
  return out;
}

static void
test_truncated (void)
{
  g_autofree char *path = write_cut_copy ("tcp-echo-v4.pcap", 10);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  LadderWindow *window = ladder_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  ladder_window_open_file (window, file);
  wait_loaded (window);
  /* The last record is cut: the 13 before it are shown, with the reason. */
  g_assert_nonnull (ladder_window_get_error_message (window));
  g_assert_nonnull (strstr (ladder_window_get_error_message (window), "could not be read to the end"));
  g_assert_cmpuint (n_rows (window), ==, 13);
  ladder_test_screenshot (GTK_WIDGET (window), "10-truncated.png");
  close_window (window);
  g_unlink (path);
}

static void
test_not_a_capture (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "wireladder-not-a-capture.pcap", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  LadderWindow *window = ladder_window_new (app);

  g_assert_true (g_file_set_contents (path, "This is not a capture file at all.\n", -1, NULL));
  gtk_window_present (GTK_WINDOW (window));
  ladder_window_open_file (window, file);
  wait_loaded (window);
  g_assert_nonnull (ladder_window_get_error_message (window));
  g_assert_nonnull (strstr (ladder_window_get_error_message (window), "could not be read"));
  g_assert_cmpuint (n_rows (window), ==, 0);
  close_window (window);
  g_unlink (path);
}

static void
test_zoom (void)
{
  LadderWindow *window = open_fixture ("tcp-echo-v4.pcap");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (ladder_application_get_font_scale (app), 1.3, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (ladder_application_get_settings (app), "font-scale"),
                                  1.3, 1e-9);
  {
    double view_scale = 0;

    g_object_get (diagram_of (window, "ladder"), "font-scale", &view_scale, NULL);
    g_assert_cmpfloat_with_epsilon (view_scale, 1.3, 1e-9);
  }
  select_row (window, 3);
  ladder_test_run_for (100);
  assert_bytes_whole (window);
  ladder_test_screenshot (GTK_WIDGET (window), "11-zoom.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-reset", NULL));
  g_assert_cmpfloat_with_epsilon (ladder_application_get_font_scale (app), 1.0, 1e-9);
  close_window (window);
}

static void
test_dark (void)
{
  LadderWindow *window = open_fixture ("traceroute-udp-v4.pcap");
  gboolean dark = FALSE;

  g_settings_set_string (ladder_application_get_settings (app), "theme", "dark");
  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_true (dark);
  select_row (window, 5);
  ladder_test_screenshot (GTK_WIDGET (window), "12-dark.png");
  g_settings_set_string (ladder_application_get_settings (app), "theme", "light");
  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_false (dark);
  close_window (window);
}

/* The built-in scenarios, then "Your programs" (test-programs.c): its
 * commands shown while it is selected. */
static void
check_custom_scenario (LadderLabPanel *panel)
{
  g_autofree char *summary = NULL;

  g_assert_true (ladder_lab_panel_set_scenario (panel, LADDER_LAB_CUSTOM_SCENARIO));
  g_object_get (panel, "summary", &summary, NULL);
  g_assert_cmpstr (summary, ==, ladder_lab_get_custom_scenario ()->summary);
  g_assert_cmpstr (ladder_lab_panel_get_scenario (panel), ==, LADDER_LAB_CUSTOM_SCENARIO);
  g_assert_true (gtk_widget_get_visible (ladder_lab_panel_get_programs (panel)));
}

/* Each scenario shows exactly the parameters it uses. */
static void
check_lab_params (LadderLabPanel *panel)
{
  guint n = 0;
  const LadderLabScenario *scenarios = ladder_lab_get_scenarios (&n);

  g_assert_cmpuint (n, >, 0);
  g_assert_false (ladder_lab_panel_set_scenario (panel, "no-such-scenario"));
  check_custom_scenario (panel);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *summary = NULL;
      guint params = 0;

      g_object_set (panel, "scenario", scenarios[i].name, NULL);
      g_object_get (panel, "scenario", &name, "summary", &summary, "params", &params, NULL);
      g_assert_cmpstr (name, ==, scenarios[i].name);
      g_assert_cmpstr (summary, ==, scenarios[i].summary);
      g_assert_false (gtk_widget_get_visible (ladder_lab_panel_get_programs (panel)));
      g_assert_cmphex (params, ==, scenarios[i].params & (LADDER_LAB_PARAM_HOPS | LADDER_LAB_PARAM_METHOD
                                                          | LADDER_LAB_PARAM_MAX_TTL | LADDER_LAB_PARAM_QUERIES));
      if (scenarios[i].params & LADDER_LAB_PARAM_QUERIES)
        ladder_test_screenshot (gtk_widget_get_ancestor (GTK_WIDGET (panel), GTK_TYPE_WINDOW),
                                "13b-lab-traceroute-params.png");
    }
}

/* Runs the main loop while PANEL asks the helper whether the lab can run. */
static void
wait_probed (LadderLabPanel *panel)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_strcmp0 (ladder_lab_panel_get_state (panel), "Lab: checking…") == 0
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until PANEL's run ends (or DEADLINE). */
static void
wait_lab_done (LadderLabPanel *panel, gint64 deadline)
{
  while (ladder_lab_panel_get_running (panel) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_lab (void)
{
  LadderWindow *window = ladder_window_new (app);
  LadderLabPanel *panel = ladder_window_get_lab_panel (window);
  GActionGroup *lab = ladder_lab_panel_get_actions (panel);
  guint n = 0;
  gint64 deadline;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  ladder_test_run_for (300);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-lab", g_variant_new_boolean (TRUE));
  wait_probed (panel);
  ladder_test_screenshot (GTK_WIDGET (window), "13-lab-panel.png");
  check_lab_params (panel);
  if (!ladder_lab_panel_get_available (panel))
    {
      g_autofree char *reason = g_strdup_printf ("lab unavailable here: %s",
                                                 ladder_lab_panel_get_message (panel));

      /* The rest of the window still works. */
      g_assert_nonnull (ladder_lab_panel_get_message (panel));
      g_assert_false (g_action_group_get_action_enabled (lab, "start"));
      close_window (window);
      g_test_skip (reason);
      return;
    }
  g_assert_true (ladder_lab_panel_set_scenario (panel, ladder_lab_get_scenarios (&n)[0].name));
  g_assert_true (g_action_group_get_action_enabled (lab, "start"));
  g_assert_false (g_action_group_get_action_enabled (lab, "stop"));
  g_action_group_activate_action (lab, "start", NULL);
  g_assert_true (ladder_lab_panel_get_running (panel));
  g_assert_false (g_action_group_get_action_enabled (lab, "start"));
  g_assert_true (g_action_group_get_action_enabled (lab, "stop"));
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (n_rows (window) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_rows (window), >, 0);
  ladder_test_screenshot (GTK_WIDGET (window), "14-lab-running.png");
  g_action_group_activate_action (lab, "stop", NULL);
  wait_lab_done (panel, deadline);
  g_assert_false (ladder_lab_panel_get_running (panel));
  wait_loaded (window);
  g_assert_cmpuint (n_rows (window), >, 0);
  ladder_test_screenshot (GTK_WIDGET (window), "15-lab-finished.png");
  close_window (window);
}



/* Export Diagram…: the shown page's diagram, in the format of the name. */
static void
test_export (void)
{
  LadderWindow *window = open_fixture ("tcp-echo-v4.pcap");
  g_autofree char *dir = g_dir_make_tmp ("ladder-export-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "ladder.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "ladder.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* The packet list has no diagram: a clear refusal. */
  g_assert_false (_ladder_window_export_diagram_to (window, svg, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));

  ladder_window_set_page (window, "ladder");
  ladder_test_run_for (50);
  while (ladder_diagram_view_is_busy (LADDER_DIAGRAM_VIEW (diagram_of (window, "ladder")))
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* The page's toggle switches the ladder to compressed time and back. */
  g_assert_false (ladder_diagram_view_get_compressed (LADDER_DIAGRAM_VIEW (diagram_of (window, "ladder"))));
  g_object_set (ladder_window_get_diagram_page (window, "ladder"), "compressed", TRUE, NULL);
  g_assert_true (ladder_diagram_view_get_compressed (LADDER_DIAGRAM_VIEW (diagram_of (window, "ladder"))));
  g_object_set (ladder_window_get_diagram_page (window, "ladder"), "compressed", FALSE, NULL);
  g_assert_false (ladder_diagram_view_get_compressed (LADDER_DIAGRAM_VIEW (diagram_of (window, "ladder"))));
  while (ladder_diagram_view_is_busy (LADDER_DIAGRAM_VIEW (diagram_of (window, "ladder")))
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (_ladder_window_export_diagram_to (window, svg, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_nonnull (strstr (text, "SYN"));
  g_assert_true (_ladder_window_export_diagram_to (window, pdf, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (pdf, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "%PDF"));
  /* An unwritable place is an error, not a crash. */
  g_assert_false (_ladder_window_export_diagram_to (window, "/nonexistent/dir/x.svg", &error));
  g_assert_nonnull (error);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
  close_window (window);
}

/* `wireladder --lab traceroute`: the window starts the scenario and, when
 * it ends, shows the picture it is for. */
static void
test_lab_demo (void)
{
  LadderWindow *window = ladder_window_new (app);
  LadderLabPanel *panel = ladder_window_get_lab_panel (window);
  g_autoptr (GError) error = NULL;
  gint64 deadline;

  gtk_window_present (GTK_WINDOW (window));
  ladder_test_run_for (200);
  g_assert_false (ladder_window_start_lab (window, "no-such-scenario", &error));
  g_assert_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS);
  g_assert_false (ladder_lab_panel_get_running (panel));
  if (!ladder_window_start_lab (window, "traceroute", NULL) || !ladder_lab_panel_get_running (panel))
    {
      g_autofree char *reason = g_strdup_printf ("lab unavailable here: %s",
                                                 ladder_lab_panel_get_message (panel));
      close_window (window);
      g_test_skip (reason);
      return;
    }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_cmpstr (ladder_lab_panel_get_scenario (panel), ==, "traceroute");
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  wait_lab_done (panel, deadline);
  g_assert_false (ladder_lab_panel_get_running (panel));
  wait_loaded (window);
  g_assert_cmpstr (ladder_window_get_page (window), ==, "traceroute");
  ladder_test_run_for (300);
  ladder_test_screenshot (GTK_WIDGET (window), "19-lab-demo-traceroute.png");
  close_window (window);
}

/* `wireladder --lab tcp-echo` on a display without a window manager (as
 * under Xvfb here): the window takes the monitor anyway, and the ladder it
 * lands on fits the width it is given, both lifelines in sight. */
static void
test_lab_demo_ladder (void)
{
  LadderWindow *window = ladder_window_new (app);
  LadderLabPanel *panel = ladder_window_get_lab_panel (window);
  GdkMonitor *monitor = g_list_model_get_item (gdk_display_get_monitors (gdk_display_get_default ()), 0);
  LadderDiagramView *view = LADDER_DIAGRAM_VIEW (diagram_of (window, "ladder"));
  GdkRectangle area;
  gint64 deadline;
  double w = 0, h = 0;

  gdk_monitor_get_geometry (monitor, &area);
  g_object_unref (monitor);
  ladder_window_fill_screen (window);
  gtk_window_present (GTK_WINDOW (window));
  if (!ladder_window_start_lab (window, "tcp-echo", NULL) || !ladder_lab_panel_get_running (panel))
    {
      g_autofree char *reason = g_strdup_printf ("lab unavailable here: %s",
                                                 ladder_lab_panel_get_message (panel));
      close_window (window);
      g_test_skip (reason);
      return;
    }
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  wait_lab_done (panel, deadline);
  wait_loaded (window);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((ladder_diagram_view_get_diagram (view) == NULL || ladder_diagram_view_is_busy (view))
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  ladder_test_run_for (300);
  g_assert_cmpstr (ladder_window_get_page (window), ==, "ladder");
  /* Less the client-side decoration's frame. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, area.width * 0.98);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, area.width);
  g_assert_nonnull (ladder_diagram_view_get_diagram (view));
  ladder_diagram_get_size (ladder_diagram_view_get_diagram (view), &w, &h);
  g_test_message ("ladder %.0f px wide at zoom %.2f in a view %d px wide", w,
                  ladder_diagram_view_get_zoom (view), gtk_widget_get_width (GTK_WIDGET (view)));
  g_assert_cmpfloat (w, >, 0);
  g_assert_cmpfloat (w * ladder_diagram_view_get_zoom (view), <=, gtk_widget_get_width (GTK_WIDGET (view)));
  ladder_test_screenshot (GTK_WIDGET (window), "19-lab-demo-ladder.png");
  close_window (window);
}

/* TCP analysis marks rows as Wireshark does. */
static void
test_tcp_notes (void)
{
  LadderWindow *window = open_fixture ("tcp-retransmit.pcap");
  LadderAnalysis *analysis = ladder_window_get_analysis (window);
  g_autoptr (GString) info = g_string_new (NULL);
  guint marked = 0, expected = 0;

  for (guint64 frame = 1; frame <= n_rows (window); frame++)
    {
      gboolean problem = FALSE;
      LadderTcpPacketInfo tcp;

      if (ladder_analysis_get_tcp_info (analysis, frame, &tcp)
          && (tcp.notes & (LADDER_TCP_NOTE_RETRANSMISSION | LADDER_TCP_NOTE_FAST_RETRANSMISSION)))
        expected++;
      g_string_truncate (info, 0);
      _ladder_table_view_format (ladder_packet_pane_get_table (packets_of (window)), frame, LADDER_PACKET_COLUMN_INFO, info, &problem);
      if (strstr (info->str, "Retransmission]") != NULL)
        {
          g_assert_true (problem);
          marked++;
        }
    }
  /* Every retransmission the analysis found is marked, and there are some:
   * tshark -Y tcp.analysis.retransmission finds 3 (frame 196 the core
   * calls out-of-order). */
  g_assert_cmpuint (marked, ==, expected);
  g_assert_cmpuint (marked, >=, 2);
  select_row (window, 73);
  ladder_table_view_scroll_to (ladder_packet_pane_get_table (packets_of (window)), 73);
  ladder_test_screenshot (GTK_WIDGET (window), "18-tcp-notes.png");
  close_window (window);
}

static void
test_bytes_hit (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = ladder_bytes_view_new ();
  guint8 data[40];
  g_autoptr (GArray) seen = g_array_new (FALSE, FALSE, sizeof (int));
  int line_height, width;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) ('A' + i % 26);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  ladder_bytes_view_set_data (LADDER_BYTES_VIEW (view), data, sizeof data);
  ladder_test_run_for (100);
  width = gtk_widget_get_width (view);
  /* 40 bytes: three lines, and nothing below them. */
  line_height = gtk_widget_get_height (view) / 3;
  g_assert_cmpint (line_height, >, 0);
  for (int x = 0; x < width; x++)
    {
      int byte = ladder_bytes_view_byte_at (LADDER_BYTES_VIEW (view), x, line_height * 1.5);

      if (byte >= 0 && (seen->len == 0 || g_array_index (seen, int, seen->len - 1) != byte))
        g_array_append_val (seen, byte);
    }
  g_assert_cmpuint (seen->len, ==, 32);
  for (guint i = 0; i < 32; i++)
    g_assert_cmpint (g_array_index (seen, int, i), ==, 16 + (int) (i % 16));
  /* The third line holds bytes 32-39 only; past them there is no byte. */
  g_assert_cmpint (ladder_bytes_view_byte_at (LADDER_BYTES_VIEW (view), width - 1, line_height * 2.5), ==, -1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

static void
test_drop (void)
{
  g_autofree char *path = fixture ("udp-timestamp.pcap");
  LadderWindow *window = ladder_window_new (app);
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (window));
  GSList *files = g_slist_prepend (NULL, g_file_new_for_path (path));
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_assert_nonnull (target);
  gtk_window_present (GTK_WINDOW (window));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, files);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_assert_true (handled);
  wait_loaded (window);
  g_assert_cmpstr (ladder_status_bar_get_text (ladder_window_get_status_bar (window), LADDER_STATUS_FILE), ==, "udp-timestamp.pcap");
  g_assert_cmpuint (n_rows (window), >, 0);
  close_window (window);
}

static void
test_window_state (void)
{
  GSettings *settings = ladder_application_get_settings (app);
  LadderWindow *window = ladder_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1111, 777);
  gtk_window_present (GTK_WINDOW (window));
  ladder_test_run_for (100);
  gtk_window_close (GTK_WINDOW (window));
  ladder_test_run_for (50);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1111);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 777);
  /* A new window starts at that size. */
  window = ladder_window_new (app);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 1111);
    g_assert_cmpint (height, ==, 777);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* ---- Streaming from a FIFO: packets show while the writer is still busy */

typedef struct
{
  char   *fifo;
  GBytes *first;    /* file header + first records */
  GBytes *rest;
  GMutex  lock;
  GCond   cond;
  gboolean go_on;
} Stream;

static gpointer
stream_writer (gpointer user_data)
{
  Stream *stream = user_data;
  int fd = open (stream->fifo, O_WRONLY);
  gsize n;
  const guint8 *data;

  g_assert_cmpint (fd, >=, 0);
  data = g_bytes_get_data (stream->first, &n);
  g_assert_cmpint (write (fd, data, n), ==, (gssize) n);
  g_mutex_lock (&stream->lock);
  while (!stream->go_on)
    g_cond_wait (&stream->cond, &stream->lock);
  g_mutex_unlock (&stream->lock);
  data = g_bytes_get_data (stream->rest, &n);
  g_assert_cmpint (write (fd, data, n), ==, (gssize) n);
  close (fd);
  return NULL;
}

/* Splits a little-endian pcap after N_FIRST records. */
static void
split_pcap (const guint8 *data, gsize length, guint n_first, GBytes **first, GBytes **rest)
{
  gsize offset = 24;

  for (guint i = 0; i < n_first; i++)
    {
      guint32 incl = data[offset + 8] | data[offset + 9] << 8 | data[offset + 10] << 16
                     | (guint32) data[offset + 11] << 24;

      offset += 16 + incl;
      g_assert_cmpuint (offset, <=, length);
    }
  *first = g_bytes_new (data, offset);
  *rest = g_bytes_new (data + offset, length - offset);
}

static void
test_stream (void)
{
  g_autofree char *path = fixture ("tcp-echo-v4.pcap");
  g_autofree char *contents = NULL;
  g_autoptr (GFile) file = NULL;
  Stream stream = { 0 };
  LadderWindow *window;
  GThread *writer;
  gint64 deadline;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  split_pcap ((const guint8 *) contents, length, 5, &stream.first, &stream.rest);
  stream.fifo = g_build_filename (g_get_tmp_dir (), "wireladder-test-stream", NULL);
  g_unlink (stream.fifo);
  g_assert_cmpint (mkfifo (stream.fifo, 0600), ==, 0);
  g_mutex_init (&stream.lock);
  g_cond_init (&stream.cond);
  writer = g_thread_new ("writer", stream_writer, &stream);

  window = ladder_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  file = g_file_new_for_path (stream.fifo);
  ladder_window_open_file (window, file);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (n_rows (window) < 5 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* The first five are shown while the rest has not been written. */
  g_assert_cmpuint (n_rows (window), ==, 5);
  g_assert_true (ladder_window_is_loading (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ladder_window_get_progress (window))));
  ladder_test_screenshot (GTK_WIDGET (window), "16-streaming.png");

  g_mutex_lock (&stream.lock);
  stream.go_on = TRUE;
  g_cond_signal (&stream.cond);
  g_mutex_unlock (&stream.lock);
  wait_loaded (window);
  g_assert_cmpuint (n_rows (window), ==, 14);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ladder_window_get_progress (window))));
  g_assert_null (ladder_window_get_error_message (window));
  g_thread_join (writer);
  close_window (window);
  g_unlink (stream.fifo);
  g_free (stream.fifo);
  g_bytes_unref (stream.first);
  g_bytes_unref (stream.rest);
  g_mutex_clear (&stream.lock);
  g_cond_clear (&stream.cond);
}

static void
test_sample_and_recent (void)
{
  LadderWindow *window = ladder_window_new (app);
  GSettings *settings = ladder_application_get_settings (app);
  g_auto (GStrv) recent = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "open-sample", g_variant_new_string ("tcp-echo.pcap"));
  wait_loaded (window);
  g_assert_cmpuint (n_rows (window), >, 0);
  g_assert_null (ladder_window_get_error_message (window));
  recent = g_settings_get_strv (settings, "recent-files");
  g_assert_nonnull (recent[0]);
  g_assert_true (g_str_has_suffix (recent[0], "/captures/tcp-echo.pcap"));
  /* ... and is offered in the Open Recent menu. */
  g_assert_cmpint (g_menu_model_get_n_items (G_MENU_MODEL (window->recent_submenu)), >=, 1);
  /* A name that is not a plain file name is refused. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "open-sample", g_variant_new_string ("../../etc/passwd"));
  g_assert_true (g_str_has_suffix (ladder_status_bar_get_text (ladder_window_get_status_bar (window), LADDER_STATUS_FILE), "tcp-echo.pcap"));
  close_window (window);
}

static void
test_lab_unavailable (void)
{
  LadderWindow *window;
  LadderLabPanel *panel;

  /* No helper where it is looked for: the panel says why, the rest works. */
  g_setenv ("WIRELADDER_LAB_HELPER", "/nonexistent/wireladder-lab-helper", TRUE);
  window = ladder_window_new (app);
  panel = ladder_window_get_lab_panel (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  ladder_test_run_for (200);
  g_assert_cmpstr (ladder_lab_panel_get_state (panel), ==, "Lab: idle");
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-lab", g_variant_new_boolean (TRUE));
  g_assert_cmpstr (ladder_lab_panel_get_state (panel), ==, "Lab: checking…");
  wait_probed (panel);
  g_unsetenv ("WIRELADDER_LAB_HELPER");
  g_assert_false (ladder_lab_panel_get_available (panel));
  g_assert_nonnull (strstr (ladder_lab_panel_get_message (panel), "WIRELADDER_LAB_HELPER"));
  g_assert_false (g_action_group_get_action_enabled (ladder_lab_panel_get_actions (panel), "start"));
  g_assert_cmpstr (ladder_status_bar_get_text (ladder_window_get_status_bar (window), LADDER_STATUS_LAB), ==, "Lab: unavailable");
  ladder_test_screenshot (GTK_WIDGET (window), "17-lab-unavailable.png");
  close_window (window);
}

int
main (int argc, char *argv[])
{
  if (!ladder_test_app_init (&argc, &argv))
    return 0;
  app = ladder_test_app_new (G_APPLICATION_HANDLES_OPEN);
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/ladder/window/welcome", test_welcome);
  g_test_add_func ("/ladder/window/open", test_open);
  g_test_add_func ("/ladder/window/select", test_select);
  g_test_add_func ("/ladder/window/filter", test_filter);
  g_test_add_func ("/ladder/window/filter-linktypes", test_filter_linktypes);
  g_test_add_func ("/ladder/window/conversation", test_conversation);
  g_test_add_func ("/ladder/window/traceroute-ping", test_traceroute);
  g_test_add_func ("/ladder/window/truncated", test_truncated);
  g_test_add_func ("/ladder/window/not-a-capture", test_not_a_capture);
  g_test_add_func ("/ladder/window/zoom", test_zoom);
  g_test_add_func ("/ladder/window/dark", test_dark);
  g_test_add_func ("/ladder/window/stream", test_stream);
  g_test_add_func ("/ladder/window/lab-demo", test_lab_demo);
  g_test_add_func ("/ladder/window/lab-demo-ladder", test_lab_demo_ladder);
  g_test_add_func ("/ladder/window/export", test_export);
  g_test_add_func ("/ladder/window/bytes-hit", test_bytes_hit);
  g_test_add_func ("/ladder/window/tcp-notes", test_tcp_notes);
  g_test_add_func ("/ladder/window/drop", test_drop);
  g_test_add_func ("/ladder/window/state", test_window_state);
  g_test_add_func ("/ladder/window/sample-and-recent", test_sample_and_recent);
  g_test_add_func ("/ladder/window/lab-unavailable", test_lab_unavailable);
  g_test_add_func ("/ladder/window/lab", test_lab);
  return ladder_test_app_run (&app);
}
