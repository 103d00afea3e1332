/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-programs.c: "Your programs" under Xvfb: the programs panel
 * (LadderProgramsPanel) and the terminals (LadderTerminalView), driven
 * through their properties and actions, alone and in the window; real
 * custom lab runs of the course's select() chat (tests/data/programs),
 * from the window and saved by `wireladder-cli lab run custom`.  Saves
 * screenshots in $LADDER_SCREENSHOT_DIR (and of the whole X screen with
 * ImageMagick's `import -window root` where it exists). */
#define _GNU_SOURCE
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "ladder-application.h"
#include "ladder-lab-custom.h"
#include "ladder-load.h"
#include "ladder-programs-panel.h"
#include "ladder-terminal-view.h"
#include "ladder-test-app.h"
#include "ladder-window-private.h"

static LadderApplication *app;

static char *
program_path (const char *name)
{
  return g_build_filename (g_getenv ("WIRELADDER_PROGRAMS"), name, NULL);
}

static char *
python_command (const char *name, const char *args)
{
  g_autofree char *path = program_path (name);
  g_autofree char *command = ladder_programs_command_for_file (path);

  return g_strdup_printf ("%s%s%s", command, args != NULL ? " " : "", args != NULL ? args : "");
}

/* The whole X screen, as the audience sees it. */
static void
screen_shot (const char *name)
{
  const char *dir = g_getenv ("LADDER_SCREENSHOT_DIR");
  g_autofree char *import = g_find_program_in_path ("import");
  g_autofree char *path = NULL;

  if (dir == NULL || import == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  ladder_test_run_for (300);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { import, "-window", "root", path, NULL }, NULL,
                               G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL));
}

/* ---- the panel alone ---- */

static void
test_command_for_file (void)
{
  g_autofree char *py = ladder_programs_command_for_file ("/home/ana/my server.py");
  g_autofree char *sh = ladder_programs_command_for_file ("/tmp/run.sh");
  g_autofree char *bin = ladder_programs_command_for_file ("/tmp/a.out");

  g_assert_cmpstr (py, ==, "python3 -u '/home/ana/my server.py'");
  g_assert_cmpstr (sh, ==, "sh /tmp/run.sh");
  g_assert_cmpstr (bin, ==, "/tmp/a.out");
}

static void
test_panel_actions (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wireladder-programs-XXXXXX", NULL);
  g_autofree char *state = g_build_filename (dir, "sub", "programs.ini", NULL);
  GtkWidget *panel = g_object_ref_sink (ladder_programs_panel_new (state));
  g_auto(GStrv) clients = NULL;
  LadderLabPrograms programs;
  guint n;

  g_object_get (panel, "n-clients", &n, NULL);
  g_assert_cmpuint (n, ==, 1);
  /* The last client cannot be removed: the lab needs one. */
  gtk_widget_activate_action (panel, "programs.remove-client", "i", 0);
  g_assert_cmpuint (ladder_programs_panel_get_n_clients (LADDER_PROGRAMS_PANEL (panel)), ==, 1);
  g_object_set (panel, "server", "python3 -u chat_server.py 2", "timeout", 45, NULL);
  g_object_set (panel, "clients", (const char *const[]) { "python3 -u chat_client.py", NULL }, NULL);
  g_assert_true (gtk_widget_activate_action (panel, "programs.add-client", NULL));
  g_assert_cmpuint (ladder_programs_panel_get_n_clients (LADDER_PROGRAMS_PANEL (panel)), ==, 2);
  g_assert_true (gtk_widget_activate_action (panel, "programs.add-client", NULL));
  /* A host per client: at most four. */
  g_object_set (panel, "clients", (const char *const[]) { "a", "b", "c", "d", "e", NULL }, NULL);
  g_assert_cmpuint (ladder_programs_panel_get_n_clients (LADDER_PROGRAMS_PANEL (panel)), ==, 4);
  gtk_widget_activate_action (panel, "programs.add-client", NULL);
  g_assert_cmpuint (ladder_programs_panel_get_n_clients (LADDER_PROGRAMS_PANEL (panel)), ==, 4);
  g_object_set (panel, "clients", (const char *const[]) { "one", "two", "three", NULL }, NULL);
  g_assert_true (gtk_widget_activate_action (panel, "programs.remove-client", "i", 1));
  g_object_get (panel, "clients", &clients, NULL);
  g_assert_cmpstrv (clients, ((const char *const[]) { "one", "three", NULL }));
  /* Empty rows are left out of what runs. */
  g_assert_true (gtk_widget_activate_action (panel, "programs.add-client", NULL));
  ladder_programs_panel_get_programs (LADDER_PROGRAMS_PANEL (panel), &programs);
  g_assert_cmpstr (programs.server, ==, "python3 -u chat_server.py 2");
  g_assert_cmpstrv (programs.clients, ((const char *const[]) { "one", "three", NULL }));
  g_assert_cmpuint (programs.timeout_s, ==, 45);
  /* get_programs remembered them: a new panel on the same file has them. */
  g_assert_true (g_file_test (state, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (panel);
  panel = g_object_ref_sink (ladder_programs_panel_new (state));
  g_assert_cmpstr (ladder_programs_panel_get_server (LADDER_PROGRAMS_PANEL (panel)), ==,
                   "python3 -u chat_server.py 2");
  g_assert_cmpuint (ladder_programs_panel_get_timeout (LADDER_PROGRAMS_PANEL (panel)), ==, 45);
  g_clear_pointer (&clients, g_strfreev);
  clients = ladder_programs_panel_get_clients (LADDER_PROGRAMS_PANEL (panel));
  g_assert_cmpstrv (clients, ((const char *const[]) { "one", "three", "", NULL }));
  g_assert_finalize_object (panel);
  g_unlink (state);
  g_autofree char *sub = g_path_get_dirname (state);
  g_rmdir (sub);
  g_rmdir (dir);
}

/* ---- the window ---- */

static LadderWindow *
new_window (void)
{
  return ladder_test_window_present (app);
}

static void
close_window (LadderWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  ladder_test_run_for (100);
}

/* The lab panel's "Your programs" panel. */
static GtkWidget *
programs_of (LadderWindow *window)
{
  return ladder_lab_panel_get_programs (window->lab_panel);
}

/* The lab panel's terminals, placed beside the pages. */
static GtkWidget *
terminals_of (LadderWindow *window)
{
  return ladder_lab_panel_get_terminals (window->lab_panel);
}

static void
start_lab (LadderWindow *window)
{
  g_action_group_activate_action (ladder_lab_panel_get_actions (window->lab_panel), "start", NULL);
}

static void
select_programs (LadderWindow *window)
{
  g_autofree char *summary = NULL;
  g_autofree char *name = NULL;
  guint params = 0;

  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-lab", g_variant_new_boolean (TRUE));
  g_object_set (window->lab_panel, "scenario", LADDER_LAB_CUSTOM_SCENARIO, NULL);
  g_object_get (window->lab_panel, "scenario", &name, "summary", &summary, "params", &params, NULL);
  g_assert_cmpstr (name, ==, LADDER_LAB_CUSTOM_SCENARIO);
  g_assert_cmpstr (summary, ==, ladder_lab_get_custom_scenario ()->summary);
  g_assert_true (gtk_widget_get_visible (programs_of (window)));
  g_assert_true (params & LADDER_LAB_PARAM_HOPS);
}

/* What was typed in one window is there in the next (the keyfile under
 * XDG_CONFIG_HOME, which the test environment points into the build). */
static void
test_remembered (void)
{
  g_autofree char *state = g_build_filename (g_get_user_config_dir (), "wireladder", "programs.ini", NULL);
  LadderWindow *window;
  g_auto(GStrv) clients = NULL;

  g_assert_true (g_str_has_prefix (state, g_getenv ("G_TEST_BUILDDIR")));
  g_unlink (state);
  window = new_window ();
  select_programs (window);
  g_object_set (programs_of (window), "server", "python3 -u chat_server.py 2", "timeout", 20,
                "clients", (const char *const[]) { "python3 -u chat_client.py", "telnet server 60000", NULL },
                NULL);
  ladder_test_screenshot (GTK_WIDGET (window), "programs-panel.png");
  close_window (window);
  g_assert_true (g_file_test (state, G_FILE_TEST_EXISTS));

  window = new_window ();
  select_programs (window);
  g_object_get (programs_of (window), "clients", &clients, NULL);
  g_assert_cmpstr (ladder_programs_panel_get_server (LADDER_PROGRAMS_PANEL (programs_of (window))), ==,
                   "python3 -u chat_server.py 2");
  g_assert_cmpstrv (clients, ((const char *const[]) { "python3 -u chat_client.py", "telnet server 60000", NULL }));
  g_assert_cmpuint (ladder_programs_panel_get_timeout (LADDER_PROGRAMS_PANEL (programs_of (window))), ==, 20);
  close_window (window);
}

static GtkWidget *
find_file_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

/* Choose… opens the file chooser (GtkFileChooserNative: GTK's own dialog
 * here, no portal); a Python file picked becomes its command. */
static void
test_choose_file (void)
{
  LadderWindow *window = new_window ();
  g_autofree char *path = program_path ("chat_server.py");
  g_autofree char *expected = ladder_programs_command_for_file (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *dialog = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  select_programs (window);
  g_object_set (programs_of (window), "server", "", NULL);
  g_assert_true (gtk_widget_activate_action (programs_of (window), "programs.choose", "i", -1));
  while ((dialog = find_file_dialog ()) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (dialog == NULL)
    {
      close_window (window);
      g_test_skip ("no file chooser dialog appeared (a portal may have taken it)");
      return;
    }
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, NULL));
  /* The folder loads asynchronously; the file is selected once it has. */
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (chosen != NULL && g_file_equal (chosen, file))
        break;
      g_main_context_iteration (NULL, FALSE);
    }
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  ladder_test_run_for (200);
  g_assert_cmpstr (ladder_programs_panel_get_server (LADDER_PROGRAMS_PANEL (programs_of (window))), ==,
                   expected);
  close_window (window);
}

/* Probes the lab; FALSE (the test skipped with the reason) where it cannot run. */
static gboolean
lab_available (LadderWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_strcmp0 (ladder_lab_panel_get_state (window->lab_panel), "Lab: checking…") == 0
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!ladder_lab_panel_get_available (window->lab_panel))
    {
      g_autofree char *reason = g_strdup_printf ("lab unavailable here: %s",
                                                 ladder_lab_panel_get_message (window->lab_panel));
      g_test_skip (reason);
    }
  return ladder_lab_panel_get_available (window->lab_panel);
}

static gboolean
wait_text (LadderTerminalView *view, const char *host, const char *needle, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *text = ladder_terminal_view_get_text (view, host);

      if (text != NULL && strstr (text, needle) != NULL)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return FALSE;
}

static gboolean
on_wire (LadderCapture *capture, const char *text)
{
  for (guint64 i = 1; i <= ladder_capture_get_n_frames (capture); i++)
    {
      LadderFrameInfo info;

      if (ladder_capture_get_frame (capture, i, &info)
          && memmem (info.data, info.caplen, text, strlen (text)) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
wait_finished (LadderWindow *window, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while ((ladder_lab_panel_get_running (window->lab_panel) || ladder_window_is_loading (window))
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (ladder_lab_panel_get_running (window->lab_panel));
  ladder_test_run_for (300);
}

/* The chat from the window: the server's output in its pane, a line typed
 * into the client's pane reaches the client (its stdin), the server and
 * the wire, and comes back to the client's pane from the server. */
static void
test_live_chat (void)
{
  LadderWindow *window;
  g_autofree char *server = python_command ("chat_server.py", "1");
  g_autofree char *client = python_command ("chat_client.py", NULL);
  LadderTerminalView *view;
  LadderProgramsPanel *panel;
  const char *typed = "hello from the window";
  gint64 sent_us, shown_us;
  g_autofree char *server_text = NULL, *client_text = NULL;

  if (!ladder_test_have_python ())
    return;
  window = new_window ();
  view = LADDER_TERMINAL_VIEW (terminals_of (window));
  panel = LADDER_PROGRAMS_PANEL (programs_of (window));
  select_programs (window);
  if (!lab_available (window))
    {
      close_window (window);
      return;
    }
  g_object_set (programs_of (window), "server", server, "timeout", 60,
                "clients", (const char *const[]) { client, NULL }, NULL);
  g_object_set (window->lab_panel, "hops", 1u, NULL);
  start_lab (window);
  g_assert_true (ladder_lab_panel_get_running (window->lab_panel));
  g_assert_true (wait_text (view, "server", "chat server on port 60000", 60));
  g_assert_true (wait_text (view, "client", "connected to server:60000", 30));
  g_assert_true (gtk_widget_get_visible (terminals_of (window)));
  sent_us = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "terminal.send", "(ss)", "client", typed));
  g_assert_true (wait_text (view, "client", "› hello from the window", 20));
  shown_us = g_get_monotonic_time ();
  g_assert_true (wait_text (view, "server", "said: hello from the window", 20));
  g_assert_true (wait_text (view, "client", "> hello from the window", 20));
  /* What a person typing sees: Enter to the typed line in the pane (the
   * lab's reorder hold, the window's and the pane's ticks), then to the
   * server's answer. */
  g_test_message ("typed line shown after %" G_GINT64_FORMAT " ms, answer after %" G_GINT64_FORMAT " ms",
                  (shown_us - sent_us) / 1000, (g_get_monotonic_time () - sent_us) / 1000);
  /* Input for a host with no program of ours: the helper refuses it and
   * the programs panel says so; the run goes on. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "terminal.send", "(ss)", "client2", "x"));
  while (ladder_programs_panel_get_error (panel) == NULL && g_get_monotonic_time () - sent_us < 30 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (ladder_programs_panel_get_error (panel), ==, "No program of yours runs on “client2” now");
  g_assert_true (ladder_lab_panel_get_running (window->lab_panel));
  ladder_test_screenshot (GTK_WIDGET (window), "programs-live-chat.png");
  screen_shot ("programs-live-chat-screen.png");
  /* End of input: the client shuts its side down, the server sees it go
   * and ends, and so does the run, successfully. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "terminal.close-input", "s", "client"));
  wait_finished (window, 60);
  g_assert_null (ladder_lab_panel_get_message (window->lab_panel));
  g_assert_true (wait_text (view, "server", "left: 10.0.1.1", 5));
  g_assert_true (on_wire (window->capture, typed));
  g_assert_cmpuint (ladder_terminal_view_get_n_programs (view), ==, 2);
  server_text = ladder_terminal_view_get_text (view, "server");
  client_text = ladder_terminal_view_get_text (view, "client");
  /* Each line starts with its time, seconds since the first packet. */
  g_assert_true (g_regex_match_simple ("^-?[0-9]+\\.[0-9]{6}  chat server on port 60000$", server_text,
                                       G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^[0-9]+\\.[0-9]{6}  › hello from the window$", client_text,
                                       G_REGEX_MULTILINE, 0));
  ladder_test_screenshot (GTK_WIDGET (window), "programs-chat-finished.png");
  close_window (window);
}

/* A command that names no program, and one that fails at once: each
 * gets an error in the window naming the program and what it said. */
static void
test_bad_commands (void)
{
  LadderWindow *window;
  LadderProgramsPanel *panel;
  g_autofree char *error = NULL;

  if (!ladder_test_have_python ())
    return;
  window = new_window ();
  panel = LADDER_PROGRAMS_PANEL (programs_of (window));
  select_programs (window);
  if (!lab_available (window))
    {
      close_window (window);
      return;
    }
  g_object_set (panel, "server", "", "timeout", 30,
                "clients", (const char *const[]) { "no-such-program-xyz --flag", NULL }, NULL);
  start_lab (window);
  g_assert_false (ladder_lab_panel_get_running (window->lab_panel));
  g_assert_nonnull (ladder_lab_panel_get_message (window->lab_panel));
  g_assert_nonnull (strstr (ladder_lab_panel_get_message (window->lab_panel),
                            "The client: No such program: “no-such-program-xyz”"));
  ladder_test_screenshot (GTK_WIDGET (window), "programs-no-such-program.png");

  g_object_set (panel, "clients", (const char *const[]) {
                  "python3 -c \"import sys; print('cannot reach the server'); sys.exit(3)\"", NULL }, NULL);
  start_lab (window);
  g_assert_true (ladder_lab_panel_get_running (window->lab_panel));
  wait_finished (window, 60);
  error = g_strdup (ladder_lab_panel_get_message (window->lab_panel));
  g_assert_nonnull (ladder_lab_panel_get_message (window->lab_panel));
  g_assert_nonnull (strstr (error, "python3 on client exited with status 3"));
  g_assert_nonnull (strstr (error, "cannot reach the server"));
  g_assert_true (wait_text (LADDER_TERMINAL_VIEW (terminals_of (window)), "client",
                            "cannot reach the server", 5));
  ladder_test_screenshot (GTK_WIDGET (window), "programs-failed.png");
  close_window (window);
}

static void
count_input (guint *count)
{
  (*count)++;
}

/* A saved custom lab capture (`wireladder-cli lab run custom -w`) opened
 * in the window: the same panes, stderr and stdout apart. */
static void
test_saved_capture (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wireladder-programs-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "chat.pcapng", NULL);
  g_autofree char *server = python_command ("chat_server.py", "1");
  g_autofree char *client = python_command ("chat_once.py", "'saved line'");
  const char *cli = g_getenv ("WIRELADDER_CLI");
  g_autofree char *out = NULL, *err = NULL, *stderr_text = NULL, *stdout_text = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  LadderWindow *window;
  LadderTerminalView *view;
  int status = 0;
  guint inputs = 0;

  if (!ladder_test_have_python ())
    return;

  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) cli, "lab", "run", "custom", "--server", server,
                                                  "--client", client, "--hops", "1", "-w", path, NULL },
                               NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL) && strstr (err, "namespace") != NULL)
    {
      g_autofree char *reason = g_strdup_printf ("lab unavailable here: %s", err);
      g_test_skip (reason);
      return;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("lab run custom failed: %s", err);
  window = new_window ();
  file = g_file_new_for_path (path);
  ladder_window_open_file (window, file);
  view = LADDER_TERMINAL_VIEW (terminals_of (window));
  g_assert_true (wait_text (view, "server", "said: saved line", 20));
  g_assert_true (wait_text (view, "client", "> saved line", 20));
  g_assert_true (wait_text (view, "client", "connected", 5));
  /* stderr in its own style, stdout plain. */
  stderr_text = ladder_terminal_view_get_stream_text (view, "client", LADDER_OUTPUT_STDERR);
  stdout_text = ladder_terminal_view_get_stream_text (view, "client", LADDER_OUTPUT_STDOUT);
  g_assert_cmpstr (stderr_text, ==, "connected\n");
  g_assert_cmpstr (stdout_text, ==, "> saved line\n");
  g_assert_cmpuint (ladder_terminal_view_get_n_programs (view), ==, 2);
  g_assert_true (gtk_widget_get_visible (terminals_of (window)));
  /* Nothing runs: nothing can be typed. */
  g_signal_connect_swapped (view, "input", G_CALLBACK (count_input), &inputs);
  gtk_widget_activate_action (GTK_WIDGET (view), "terminal.send", "(ss)", "client", "x");
  g_assert_cmpuint (inputs, ==, 0);
  ladder_test_screenshot (GTK_WIDGET (window), "programs-saved.png");
  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* Without a terminal (the CLI) a program's input is at its end at once:
 * one reading it does not wait for the timeout. */
static void
test_cli_stdin_eof (void)
{
  const char *cli = g_getenv ("WIRELADDER_CLI");
  g_autofree char *dir = g_dir_make_tmp ("wireladder-programs-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "eof.pcapng", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  int status = 0;

  if (!ladder_test_have_python ())
    return;

  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) cli, "lab", "run", "custom", "--client",
                                                  "python3 -c \"import sys; print('read', len(sys.stdin.read()))\"",
                                                  "--hops", "1", "--timeout", "20", "-w", path, NULL },
                               NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL) && strstr (err, "namespace") != NULL)
    {
      g_autofree char *reason = g_strdup_printf ("lab unavailable here: %s", err);
      g_test_skip (reason);
      return;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("lab run custom failed: %s", err);
  g_assert_nonnull (strstr (out, "client| read 0"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  g_unlink (path);
  g_rmdir (dir);
}

/* The terminals alone, on a capture holding one line of each stream. */
static void
test_terminal_streams (void)
{
  LadderCapture *capture = ladder_capture_new ();
  GtkWidget *view = g_object_ref_sink (ladder_terminal_view_new ());
  LadderProgramOutput lines[3] = {
    { 1000000000, 7, LADDER_OUTPUT_STDOUT, "server", "srv.py", "up" },
    { 1500000000, 8, LADDER_OUTPUT_STDIN, "client", "cli.py", "typed" },
    { 2250000000, 8, LADDER_OUTPUT_STDERR, "client", "cli.py", "oops" },
  };
  g_autofree char *server = NULL, *client = NULL;
  guint n_lines = 0;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    ladder_capture_add_output (capture, &lines[i]);
  g_object_set (view, "capture", capture, NULL);
  g_object_get (view, "n-lines", &n_lines, NULL);
  /* No packet and no lab running: the first line is the origin. */
  g_assert_cmpuint (n_lines, ==, 3);
  g_assert_cmpuint (ladder_terminal_view_get_n_programs (LADDER_TERMINAL_VIEW (view)), ==, 2);
  server = ladder_terminal_view_get_text (LADDER_TERMINAL_VIEW (view), "server");
  client = ladder_terminal_view_get_text (LADDER_TERMINAL_VIEW (view), "client");
  g_assert_cmpstr (server, ==, "0.000000  up\n");
  g_assert_cmpstr (client, ==, "0.500000  › typed\n1.250000  oops\n");
  g_assert_null (ladder_terminal_view_get_text (LADDER_TERMINAL_VIEW (view), "client2"));
  g_free (server);
  server = ladder_terminal_view_get_stream_text (LADDER_TERMINAL_VIEW (view), "client", LADDER_OUTPUT_STDIN);
  g_assert_cmpstr (server, ==, "› typed\n");
  g_free (server);
  server = ladder_terminal_view_get_stream_text (LADDER_TERMINAL_VIEW (view), "client", LADDER_OUTPUT_STDERR);
  g_assert_cmpstr (server, ==, "oops\n");
  g_object_set (view, "capture", NULL, NULL);
  g_assert_cmpuint (ladder_terminal_view_get_n_programs (LADDER_TERMINAL_VIEW (view)), ==, 0);
  ladder_capture_unref (capture);
  g_assert_finalize_object (view);
}

int
main (int argc, char *argv[])
{
  if (!ladder_test_app_init (&argc, &argv))
    return 0;
  app = ladder_test_app_new (G_APPLICATION_HANDLES_OPEN);
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/ladder/programs/command-for-file", test_command_for_file);
  g_test_add_func ("/ladder/programs/panel-actions", test_panel_actions);
  g_test_add_func ("/ladder/programs/terminal-streams", test_terminal_streams);
  g_test_add_func ("/ladder/programs/remembered", test_remembered);
  g_test_add_func ("/ladder/programs/choose-file", test_choose_file);
  g_test_add_func ("/ladder/programs/bad-commands", test_bad_commands);
  g_test_add_func ("/ladder/programs/live-chat", test_live_chat);
  g_test_add_func ("/ladder/programs/saved-capture", test_saved_capture);
  g_test_add_func ("/ladder/programs/cli-stdin-eof", test_cli_stdin_eof);
  return ladder_test_app_run (&app);
}
