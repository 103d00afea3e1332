/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab-network.c: the lab panel's family and topology (issue 12) and
 * the choices it keeps between runs of the app.
 *
 * The chooser alone, the panel's settings through a keyfile of their own
 * (written, read back by a new panel, then spoiled: the defaults come
 * back), and real lab runs started from the window's panel: tcp-echo over
 * IPv6 on the routed chain, and on one host over loopback, checked in the
 * 5-tuple cards the window draws.
 */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "ladder-application.h"
#include "ladder-diagram-view.h"
#include "ladder-lab-client.h"
#include "ladder-lab-custom.h"
#include "ladder-lab-network.h"
#include "ladder-lab-panel.h"
#include "ladder-window-private.h"
#include "ladder-test-app.h"

static LadderApplication *app;

/* WIDGET in a window of its own, shown; finish() finalizes WIDGET. */
static GtkWidget *
show (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();

  g_object_ref (widget);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 900);
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

static guint
uint_of (gpointer object, const char *property)
{
  guint value = 0;

  g_object_get (object, property, &value, NULL);
  return value;
}

static gboolean
bool_of (gpointer object, const char *property)
{
  gboolean value = FALSE;

  g_object_get (object, property, &value, NULL);
  return value;
}

/* ---- the chooser ---- */

static void
count (guint *n)
{
  (*n)++;
}

static void
test_chooser (void)
{
  GtkWidget *chooser = ladder_lab_network_new ();
  LadderLabNetwork *self = LADDER_LAB_NETWORK (chooser);
  GtkWidget *window = show (chooser);
  guint notified = 0;

  g_signal_connect_swapped (chooser, "notify::run-loopback", G_CALLBACK (count), &notified);
  g_assert_cmpuint (ladder_lab_network_get_family (self), ==, 4);
  g_assert_cmpstr (ladder_lab_network_get_topology (self), ==, LADDER_LAB_TOPOLOGY_CHAIN);
  g_assert_true (ladder_lab_network_get_loopback_possible (self));
  g_assert_false (ladder_lab_network_get_run_loopback (self));

  g_object_set (chooser, "family", 6u, "topology", "loopback", NULL);
  g_assert_cmpuint (uint_of (chooser, "family"), ==, 6);
  g_assert_true (bool_of (chooser, "run-loopback"));
  g_assert_cmpuint (notified, ==, 1);
  /* Values the lab does not know are refused, and change nothing. */
  g_assert_false (ladder_lab_network_set_family (self, 5));
  g_assert_false (ladder_lab_network_set_topology (self, "ring"));
  g_assert_false (ladder_lab_network_set_topology (self, NULL));
  g_assert_cmpuint (ladder_lab_network_get_family (self), ==, 6);
  g_assert_cmpstr (ladder_lab_network_get_topology (self), ==, LADDER_LAB_TOPOLOGY_LOOPBACK);

  /* A scenario that needs routers: the run is on the chain, the choice
   * stays for the next scenario. */
  ladder_lab_network_set_loopback_possible (self, FALSE, "Traceroute needs routers");
  g_assert_false (ladder_lab_network_get_run_loopback (self));
  g_assert_cmpstr (ladder_lab_network_get_topology (self), ==, LADDER_LAB_TOPOLOGY_LOOPBACK);
  g_assert_cmpuint (notified, ==, 2);
  ladder_lab_network_set_loopback_possible (self, TRUE, NULL);
  g_assert_true (ladder_lab_network_get_run_loopback (self));
  g_assert_cmpuint (notified, ==, 3);
  finish (window, chooser);
}

/* ---- the panel ---- */

static gboolean
insensitive_with_tooltip (GtkWidget *widget)
{
  return !gtk_widget_get_sensitive (widget) && gtk_widget_get_tooltip_text (widget) != NULL;
}

/* The spin buttons a person sees, found by their accessible label. */
static GtkWidget *
find_by_mnemonic (GtkWidget *root, const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), label) == 0)
        return gtk_label_get_mnemonic_widget (GTK_LABEL (child));
      if ((found = find_by_mnemonic (child, label)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_network (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = LADDER_IS_LAB_NETWORK (child) ? child : find_network (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* One host is offered exactly where the lab runs a scenario so: all but
 * the three that need routers or a link to impair (`lab run` refuses
 * those with --topology loopback). */
static void
check_loopback_scenarios (GtkWidget *panel)
{
  static const char *const chain_only[] = { "traceroute", "lossy-transfer", "udp-loss" };
  GtkWidget *network = find_network (panel);
  guint n = 0;
  const LadderLabScenario *scenarios = ladder_lab_get_scenarios (&n);

  for (guint i = 0; i < n; i++)
    {
      gboolean possible = !g_strv_contains (chain_only, scenarios[i].name);

      g_object_set (panel, "scenario", scenarios[i].name, NULL);
      g_assert_cmpint (bool_of (network, "loopback-possible"), ==, possible);
      g_assert_cmpint (!!(scenarios[i].params & LADDER_LAB_PARAM_LOOPBACK), ==, possible);
    }
  g_assert_true (ladder_lab_get_custom_scenario ()->params & LADDER_LAB_PARAM_LOOPBACK);
}

/* Loopback greys out the routers and impairments, for the scenarios that
 * run on one host; traceroute keeps the chain and says why. */
static void
test_panel (void)
{
  GtkWidget *panel = ladder_lab_panel_new ();
  GtkWidget *window = show (panel);
  GtkWidget *hops = find_by_mnemonic (panel, "_Routers");
  GtkWidget *loss = find_by_mnemonic (panel, "_Loss per link (%)");
  g_autofree char *topology = NULL;

  /* Alone, without the app's settings: the defaults. */
  ladder_lab_panel_set_settings (LADDER_LAB_PANEL (panel), NULL);
  g_assert_nonnull (hops);
  g_assert_nonnull (loss);
  g_object_set (panel, "scenario", "tcp-echo", "family", 4u, "topology", "chain", NULL);
  g_assert_true (gtk_widget_get_sensitive (hops));
  g_object_set (panel, "family", 6u, "topology", "loopback", NULL);
  g_assert_cmpuint (uint_of (panel, "family"), ==, 6);
  g_assert_true (insensitive_with_tooltip (hops));
  g_assert_true (insensitive_with_tooltip (loss));
  ladder_test_screenshot (window, "lab-network-panel-loopback.png");

  g_object_set (panel, "scenario", "traceroute", NULL);
  g_object_get (panel, "topology", &topology, NULL);
  g_assert_cmpstr (topology, ==, "loopback");   /* kept for the next scenario */
  g_assert_false (bool_of (find_network (panel), "run-loopback"));
  g_assert_true (gtk_widget_get_sensitive (hops));
  g_assert_true (gtk_widget_get_sensitive (loss));
  ladder_test_run_for (100);
  ladder_test_screenshot (window, "lab-network-panel-traceroute.png");
  g_object_set (panel, "scenario", LADDER_LAB_CUSTOM_SCENARIO, NULL);
  g_assert_true (insensitive_with_tooltip (hops));
  check_loopback_scenarios (panel);
  finish (window, panel);
}

/* ---- remembered settings ---- */

/* A keyfile backend on PATH, made anew so that it reads the file. */
static GSettings *
settings_on (const char *path)
{
  g_autoptr (GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);

  return g_settings_new_with_backend (LADDER_LAB_SETTINGS_SCHEMA, backend);
}

static LadderLabPanel *
panel_with (GSettings *settings)
{
  LadderLabPanel *panel = LADDER_LAB_PANEL (g_object_ref_sink (ladder_lab_panel_new ()));

  ladder_lab_panel_set_settings (panel, settings);
  return panel;
}

static char *
string_of (gpointer object, const char *property)
{
  char *value = NULL;

  g_object_get (object, property, &value, NULL);
  return value;
}

/* Rewrites the panel's group in the keyfile at PATH with KEYS = VALUES
 * (GVariant text, or not). */
static void
spoil (const char *path, const char *const *pairs)
{
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) groups = NULL;

  g_assert_true (g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  groups = g_key_file_get_groups (keys, NULL);
  g_assert_cmpuint (g_strv_length (groups), ==, 1);
  g_assert_true (g_str_has_suffix (groups[0], "wireladder/Wireladder/lab"));
  for (guint i = 0; pairs[i] != NULL; i += 2)
    g_key_file_set_value (keys, groups[0], pairs[i], pairs[i + 1]);
  g_assert_true (g_key_file_save_to_file (keys, path, &error));
  g_assert_no_error (error);
}

static void
check_defaults (LadderLabPanel *panel)
{
  g_autofree char *topology = string_of (panel, "topology");

  g_assert_cmpstr (ladder_lab_panel_get_scenario (panel), ==, "tcp-echo");
  g_assert_cmpuint (uint_of (panel, "hops"), ==, 3);
  g_assert_cmpuint (uint_of (panel, "family"), ==, 4);
  g_assert_cmpstr (topology, ==, "chain");
}

static void
test_settings_keyfile (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ladder-lab-settings-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "settings.ini", NULL);
  g_autoptr (GSettings) first = settings_on (path);
  g_autoptr (GSettings) second = NULL, third = NULL;
  g_autofree char *topology = NULL, *stored = NULL;
  LadderLabPanel *panel = panel_with (first);

  check_defaults (panel);
  g_object_set (panel, "scenario", "udp-timestamp", "hops", 5u, "family", 6u, "topology", "loopback", NULL);
  g_assert_cmpint (g_settings_get_int (first, "hops"), ==, 5);
  stored = g_settings_get_string (first, "topology");
  g_assert_cmpstr (stored, ==, "loopback");
  g_assert_finalize_object (panel);
  g_settings_sync ();
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The next run of the app: a new backend reads the file. */
  second = settings_on (path);
  panel = panel_with (second);
  topology = string_of (panel, "topology");
  g_assert_cmpstr (ladder_lab_panel_get_scenario (panel), ==, "udp-timestamp");
  g_assert_cmpuint (uint_of (panel, "hops"), ==, 5);
  g_assert_cmpuint (uint_of (panel, "family"), ==, 6);
  g_assert_cmpstr (topology, ==, "loopback");
  g_assert_finalize_object (panel);
  g_clear_object (&second);
  g_clear_object (&first);

  /* Hand-edited or from another version: out of range, unknown, not even
   * a value.  The defaults, and no warning (G_DEBUG=fatal-warnings). */
  spoil (path, (const char *const[]) { "scenario", "'no-such-scenario'", "hops", "99",
                                       "family", "'ipv5'", "topology", "'ring'",
                                       "method", "'sctp'", "max-ttl", "0", "queries", "-3",
                                       "lang", "'cobol'", NULL });
  third = settings_on (path);
  panel = panel_with (third);
  check_defaults (panel);
  g_assert_finalize_object (panel);
  g_clear_object (&third);
  spoil (path, (const char *const[]) { "hops", "not a number", "family", "6", "scenario", "3", NULL });
  third = settings_on (path);
  panel = panel_with (third);
  check_defaults (panel);
  g_assert_finalize_object (panel);
  g_clear_object (&third);
  g_unlink (path);
  g_rmdir (dir);
}

/* In the app: the window's panel keeps its choices in the app's settings
 * (the memory backend here), and the next window's panel has them. */
static void
test_settings_window (void)
{
  LadderWindow *window = ladder_window_new (app);
  LadderLabPanel *panel = ladder_window_get_lab_panel (window);
  GSettings *settings = ladder_lab_panel_get_settings (panel);
  g_autofree char *topology = NULL;

  g_assert_nonnull (settings);
  g_object_set (panel, "scenario", "byte-commands", "hops", 2u, "family", 6u, "topology", "loopback", NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  ladder_test_run_for (50);

  window = ladder_window_new (app);
  panel = ladder_window_get_lab_panel (window);
  topology = string_of (panel, "topology");
  g_assert_cmpstr (ladder_lab_panel_get_scenario (panel), ==, "byte-commands");
  g_assert_cmpuint (uint_of (panel, "hops"), ==, 2);
  g_assert_cmpuint (uint_of (panel, "family"), ==, 6);
  g_assert_cmpstr (topology, ==, "loopback");
  /* Back to the defaults for the runs below. */
  settings = ladder_lab_panel_get_settings (panel);
  for (const char *const *key = (const char *const[]) { "scenario", "hops", "family", "topology", NULL };
       *key != NULL; key++)
    g_settings_reset (settings, *key);
  check_defaults (panel);
  gtk_window_destroy (GTK_WINDOW (window));
  ladder_test_run_for (50);
}

/* ---- real runs from the panel ---- */

static void
wait_loaded (LadderWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while ((ladder_window_is_loading (window) || window->tick_id != 0)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (ladder_window_is_loading (window));
}

static gboolean
lab_available (LadderWindow *window)
{
  LadderLabPanel *panel = ladder_window_get_lab_panel (window);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_strcmp0 (ladder_lab_panel_get_state (panel), "Lab: checking…") == 0
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!ladder_lab_panel_get_available (panel))
    {
      g_autofree char *reason = g_strdup_printf ("lab unavailable here: %s",
                                                 ladder_lab_panel_get_message (panel));
      g_test_skip (reason);
    }
  return ladder_lab_panel_get_available (panel);
}

/* Runs tcp-echo from the panel as FAMILY on TOPOLOGY, to its end, loaded;
 * NULL (skipped) where the lab cannot run. */
static LadderWindow *
run_tcp_echo (guint family, const char *topology, const char *screenshot)
{
  LadderWindow *window = ladder_window_new (app);
  LadderLabPanel *panel = ladder_window_get_lab_panel (window);
  gint64 deadline, start;

  ladder_lab_panel_set_settings (panel, NULL);   /* this run's choices are its own */
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_present (GTK_WINDOW (window));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-lab", g_variant_new_boolean (TRUE));
  if (!lab_available (window))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      return NULL;
    }
  g_object_set (panel, "scenario", "tcp-echo", "hops", 1u, "family", family, "topology", topology, NULL);
  ladder_test_run_for (200);
  ladder_test_screenshot (GTK_WIDGET (window), screenshot);
  start = g_get_monotonic_time ();
  g_action_group_activate_action (ladder_lab_panel_get_actions (panel), "start", NULL);
  g_assert_null (ladder_lab_panel_get_message (panel));
  g_assert_true (ladder_lab_panel_get_running (panel));
  deadline = start + 90 * G_USEC_PER_SEC;
  while (ladder_lab_panel_get_running (panel) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (ladder_lab_panel_get_running (panel));
  g_assert_null (ladder_lab_panel_get_message (panel));
  wait_loaded (window);
  g_test_message ("IPv%u on the %s: Start to loaded in %.2f s, %u interfaces, %" G_GUINT64_FORMAT
                  " packets", family, topology, (g_get_monotonic_time () - start) / 1e6,
                  ladder_capture_get_n_interfaces (ladder_window_get_capture (window)),
                  ladder_capture_get_n_frames (ladder_window_get_capture (window)));
  return window;
}

/* The echo's TCP connection, or NULL. */
static const LadderConversation *
echo_connection (LadderWindow *window)
{
  LadderConversations *convs = ladder_analysis_get_conversations (ladder_window_get_analysis (window));

  for (guint i = 0; i < ladder_conversations_get_n_items (convs); i++)
    {
      const LadderConversation *conv = ladder_conversations_get_item (convs, i);

      if (conv->proto == 6 && (conv->a_port == 7 || conv->b_port == 7))
        return conv;
    }
  return NULL;
}

/* The 5-tuple cards as the window draws them (its Export Diagram…). */
static char *
tuples_svg (LadderWindow *window, const char *screenshot)
{
  LadderDiagramView *view = ladder_diagram_page_get_view (ladder_window_get_diagram_page (window, "tuples"));
  g_autofree char *dir = g_dir_make_tmp ("ladder-lab-network-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "tuples.svg", NULL);
  g_autoptr (GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  char *svg = NULL;

  ladder_window_set_page (window, "tuples");
  ladder_test_run_for (50);
  while ((ladder_diagram_view_get_diagram (view) == NULL || ladder_diagram_view_is_busy (view))
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  ladder_test_run_for (200);
  ladder_test_screenshot (GTK_WIDGET (window), screenshot);
  g_assert_true (_ladder_window_export_diagram_to (window, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  g_unlink (path);
  g_rmdir (dir);
  return svg;
}

static void
test_run_ipv6 (void)
{
  LadderWindow *window = run_tcp_echo (6, "chain", "lab-network-ipv6-panel.png");
  const LadderConversation *conv;
  g_autofree char *svg = NULL;
  char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN];

  if (window == NULL)
    return;
  conv = echo_connection (window);
  g_assert_nonnull (conv);
  ladder_addr_to_string (&conv->a, a);
  ladder_addr_to_string (&conv->b, b);
  g_test_message ("echo connection %s → %s", a, b);
  g_assert_cmpuint (conv->a.family, ==, 6);
  g_assert_cmpuint (conv->b.family, ==, 6);
  /* With one router the server is on link 2: fd00:2::2. */
  g_assert_true (g_str_has_prefix (a, "fd00:1::"));
  g_assert_cmpstr (b, ==, "fd00:2::2");
  g_assert_true (ladder_tcp_conn_handshake_complete (conv->tcp));
  svg = tuples_svg (window, "lab-network-ipv6-tuples.png");
  g_assert_nonnull (strstr (svg, "fd00:2::2"));
  g_assert_null (strstr (svg, "10.0."));
  gtk_window_destroy (GTK_WINDOW (window));
  ladder_test_run_for (50);
}

static void
test_run_loopback (void)
{
  LadderWindow *window = run_tcp_echo (4, "loopback", "lab-network-loopback-panel.png");
  LadderCapture *capture;
  const LadderConversation *conv;
  g_autofree char *svg = NULL;
  char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN];

  if (window == NULL)
    return;
  capture = ladder_window_get_capture (window);
  /* One host: one interface, its lo. */
  g_assert_cmpuint (ladder_capture_get_n_interfaces (capture), ==, 1);
  g_assert_cmpstr (ladder_capture_get_interface (capture, 0)->name, ==, "lo");
  conv = echo_connection (window);
  g_assert_nonnull (conv);
  ladder_addr_to_string (&conv->a, a);
  ladder_addr_to_string (&conv->b, b);
  g_test_message ("echo connection %s → %s", a, b);
  g_assert_cmpstr (a, ==, "127.0.0.1");
  g_assert_cmpstr (b, ==, "127.0.0.1");
  g_assert_true (ladder_tcp_conn_handshake_complete (conv->tcp));
  svg = tuples_svg (window, "lab-network-loopback-tuples.png");
  g_assert_nonnull (strstr (svg, "127.0.0.1"));
  g_assert_null (strstr (svg, "10.0."));
  gtk_window_destroy (GTK_WINDOW (window));
  ladder_test_run_for (50);
}

int
main (int argc, char *argv[])
{
  if (!ladder_test_app_init (&argc, &argv))
    return 0;
  app = ladder_test_app_new (G_APPLICATION_HANDLES_OPEN);
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/ladder/lab-network/chooser", test_chooser);
  g_test_add_func ("/ladder/lab-network/panel", test_panel);
  g_test_add_func ("/ladder/lab-network/settings-keyfile", test_settings_keyfile);
  g_test_add_func ("/ladder/lab-network/settings-window", test_settings_window);
  g_test_add_func ("/ladder/lab-network/run-ipv6", test_run_ipv6);
  g_test_add_func ("/ladder/lab-network/run-loopback", test_run_loopback);
  return ladder_test_app_run (&app);
}
