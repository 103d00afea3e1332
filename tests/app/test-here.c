/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-here.c: "This machine" (LadderHerePanel) under Xvfb, driven through
 * its properties and actions, alone and in the window: real runs of
 * `wireladder-cli run-here` on this machine's loopback only (nothing
 * leaves the machine), loaded live into the window.  Capturing needs root
 * (or CAP_NET_RAW on wireladder-capture): without it those cases are
 * skipped with the reason.  Saves screenshots in $LADDER_SCREENSHOT_DIR. */
#define _GNU_SOURCE
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "ladder-application.h"
#include "ladder-here-panel.h"
#include "ladder-sockets-view.h"
#include "ladder-test-app.h"
#include "../ladder-test-scripts.h"
#include "ladder-window-private.h"

static LadderApplication *app;

static const char tcp_script[] = LADDER_TEST_TCP_SCRIPT;

/* Connects to itself on loopback once (a packet for the capture), then
 * sleeps until stopped. */
static const char sleep_script[] =
  "import socket, time\n"
  "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
  "k = socket.create_connection(s.getsockname()); print('connected', flush=True)\n"
  "time.sleep(60)\n";

/* Connects to itself on loopback once, then echoes what it reads until
 * its input ends. */
static const char stdin_script[] =
  "import socket, sys\n"
  "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
  "k = socket.create_connection(s.getsockname()); print('ready', flush=True)\n"
  "for line in sys.stdin:\n"
  "    print('echo:', line.strip(), flush=True)\n"
  "print('input ended', flush=True)\n";

static gboolean
skip_unless_root (void)
{
  if (geteuid () == 0)
    return FALSE;
  g_test_skip ("capturing this machine needs root or CAP_NET_RAW on wireladder-capture; "
               "the tests run as an ordinary user");
  return TRUE;
}

static char *
python_command (const char *script)
{
  g_autofree char *quoted = g_shell_quote (script);

  return g_strdup_printf ("python3 -c %s", quoted);
}

/* ---- the panel alone ---- */

static void
test_panel (void)
{
  GtkWidget *panel = g_object_ref_sink (ladder_here_panel_new ());
  g_auto(GStrv) interfaces = NULL;
  g_autofree char *iface = NULL, *message = NULL;
  gboolean running = TRUE;

  g_object_get (panel, "interfaces", &interfaces, "interface", &iface, "running", &running, NULL);
  /* every interface that is up by default; loopback is always up */
  g_assert_null (iface);
  g_assert_false (running);
  g_assert_true (g_strv_contains ((const char *const *) interfaces, "lo"));
  g_object_set (panel, "interface", "lo", NULL);
  g_assert_cmpstr (ladder_here_panel_get_interface (LADDER_HERE_PANEL (panel)), ==, "lo");
  g_object_set (panel, "interface", NULL, NULL);
  g_assert_null (ladder_here_panel_get_interface (LADDER_HERE_PANEL (panel)));

  /* Nothing to run, or a line that cannot be split: said at once. */
  g_object_set (panel, "command", "   ", NULL);
  g_assert_true (gtk_widget_activate_action (panel, "here.run", NULL));
  g_object_get (panel, "message", &message, "running", &running, NULL);
  g_assert_false (running);
  g_assert_nonnull (strstr (message, "Type a command"));
  g_clear_pointer (&message, g_free);
  g_object_set (panel, "command", "echo 'unfinished", NULL);
  g_assert_true (gtk_widget_activate_action (panel, "here.run", NULL));
  g_object_get (panel, "message", &message, NULL);
  g_assert_nonnull (strstr (message, "cannot be split"));
  g_assert_false (ladder_here_panel_get_running (LADDER_HERE_PANEL (panel)));
  g_assert_finalize_object (panel);
}

/* ---- the window ---- */

static LadderWindow *
new_window (void)
{
  LadderWindow *window = ladder_test_window_present (app);

  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-lab", g_variant_new_boolean (TRUE));
  ladder_test_run_for (300);
  /* the lab comes first; "This machine" is the switcher's second page */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->lab_panel)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (window->here_panel)));
  gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (window->here_panel))),
                               GTK_WIDGET (window->here_panel));
  ladder_test_run_for (100);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->here_panel)));
  return window;
}

static void
close_window (LadderWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  ladder_test_run_for (100);
}

static LadderHerePanel *
here_of (LadderWindow *window)
{
  return window->here_panel;
}

static void
run (LadderWindow *window, const char *command)
{
  g_object_set (here_of (window), "command", command, "interface", "lo", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (here_of (window)), "here.run", NULL));
}

/* Until the run has ended, the window has read all of it and analysed
 * every frame and call. */
static void
wait_done (LadderWindow *window, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while ((ladder_here_panel_get_running (here_of (window)) || ladder_window_is_loading (window)
          || window->analysing.running || window->tick_id != 0)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (ladder_here_panel_get_running (here_of (window)));
  g_assert_false (ladder_window_is_loading (window));
  ladder_test_run_for (300);
}

static gboolean
wait_output (LadderWindow *window, const char *needle, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *output = ladder_here_panel_dup_output (here_of (window));

      if (strstr (output, needle) != NULL)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return FALSE;
}

/* The conversation 127.0.0.1 → 127.0.0.1:PORT in the window's analysis. */
static const LadderConversation *
find_conversation (LadderWindow *window, guint16 port)
{
  LadderAnalysis *analysis = ladder_window_get_analysis (window);
  LadderConversations *conversations;

  g_assert_nonnull (analysis);
  conversations = ladder_analysis_get_conversations (analysis);
  for (guint i = 0; i < ladder_conversations_get_n_items (conversations); i++)
    {
      const LadderConversation *c = ladder_conversations_get_item (conversations, i);
      char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN];

      if (c->proto == 6 && c->b_port == port
          && g_str_equal (ladder_addr_to_string (&c->a, a), "127.0.0.1")
          && g_str_equal (ladder_addr_to_string (&c->b, b), "127.0.0.1"))
        return c;
    }
  return NULL;
}

/* Whether the capture holds a call of KIND by the script (PORT: connect's
 * peer, bind's... 0: any). */
static gboolean
has_call (LadderCapture *capture, guint8 kind, guint16 peer_port)
{
  for (guint i = 0; i < ladder_capture_get_n_calls (capture); i++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (capture, i);

      if (c->kind == kind && c->err == 0 && (peer_port == 0 || c->peer_port == peer_port))
        return TRUE;
    }
  return FALSE;
}

static void
check_calls (LadderWindow *window, guint16 port)
{
  LadderCapture *capture = ladder_window_get_capture (window);
  static const guint8 kinds[] = { LADDER_CALL_SOCKET, LADDER_CALL_BIND, LADDER_CALL_LISTEN,
                                  LADDER_CALL_ACCEPT, LADDER_CALL_SEND, LADDER_CALL_RECV,
                                  LADDER_CALL_CLOSE };

  g_test_message ("%u socket calls loaded", ladder_capture_get_n_calls (capture));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_assert_true (has_call (capture, kinds[i], 0));
  g_assert_true (has_call (capture, LADDER_CALL_CONNECT, port));
  /* the summary counts what was appended */
  g_assert_nonnull (strstr (ladder_here_panel_get_summary (here_of (window)), " socket calls"));
}

/* The Sockets page, stepped through the conversation's packets: at the
 * echo, the listener and both ends of the connection, from the calls
 * alone (run-here records no kernel states). */
static void
check_sockets (LadderWindow *window, const LadderConversation *c)
{
  GtkWidget *view;
  guint most = 0;

  ladder_window_set_page (window, "sockets");
  ladder_test_run_for (200);
  view = gtk_stack_get_child_by_name (window->view_stack, "sockets");
  g_assert_true (LADDER_IS_SOCKETS_VIEW (view));
  for (guint64 f = c->first_packet; f <= c->last_packet; f++)
    {
      ladder_sockets_view_set_packet (LADDER_SOCKETS_VIEW (view), f);
      most = MAX (most, ladder_sockets_view_get_n_sockets (LADDER_SOCKETS_VIEW (view)));
    }
  g_test_message ("Sockets page: at most %u sockets over packets %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
                  most, c->first_packet, c->last_packet);
  g_assert_cmpuint (most, >=, 3);
}

/* The ladder draws the calls beside the packets (its Mermaid export is
 * the same layout as text). */
static void
check_ladder (LadderWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("wireladder-here-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ladder.mmd", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  LadderDiagramView *view = ladder_diagram_page_get_view (window->ladder_page);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  ladder_window_set_page (window, "ladder");
  ladder_test_run_for (300);
  while (ladder_diagram_view_is_busy (view) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (_ladder_window_export_diagram_to (window, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "listen("));
  g_assert_nonnull (strstr (text, "accept4("));  /* Python's accept(), as made */
  g_assert_nonnull (strstr (text, "connect("));
  g_unlink (path);
  g_rmdir (dir);
}

/* The script's line "PORT here"; 0 when there is none. */
static guint16
printed_port (const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_suffix (lines[i], " here"))
      return (guint16) g_ascii_strtoull (lines[i], NULL, 10);
  return 0;
}

/* The Python echo on 127.0.0.1: its packets drawn as they come, its
 * output in the panel, its calls once it has ended. */
static void
test_tcp (void)
{
  g_autofree char *command = NULL, *output = NULL;
  const LadderConversation *c;
  LadderWindow *window;
  guint16 port;

  if (skip_unless_root () || !ladder_test_have_python ())
    return;
  window = new_window ();
  command = python_command (tcp_script);
  run (window, command);
  g_assert_true (ladder_here_panel_get_running (here_of (window)));
  g_assert_null (ladder_here_panel_get_message (here_of (window)));
  g_assert_true (wait_output (window, " here", 60));
  wait_done (window, 60);
  output = ladder_here_panel_dup_output (here_of (window));
  g_test_message ("output:\n%s", output);
  g_assert_null (ladder_here_panel_get_message (here_of (window)));
  g_assert_true (g_str_has_prefix (ladder_here_panel_get_state (here_of (window)), "Finished: captured "));
  port = printed_port (output);
  g_assert_cmpuint (port, >, 0);
  c = find_conversation (window, port);
  g_assert_nonnull (c);
  g_assert_nonnull (c->tcp);
  g_assert_cmpuint (c->tcp->flow[0].payload, ==, 4);
  g_assert_cmpuint (c->tcp->flow[1].payload, ==, 4);
  check_calls (window, port);
  check_sockets (window, c);
  check_ladder (window);
  /* microseconds between the packets: a row each, as the lab's runs */
  g_object_set (window->ladder_page, "compressed", TRUE, NULL);
  ladder_test_run_for (500);
  ladder_test_screenshot (GTK_WIDGET (window), "here-tcp.png");
  close_window (window);
}

/* The panel's input field: the entry that asks to type into the command. */
static GtkEntry *
input_entry_of (GtkWidget *widget)
{
  const char *hint;

  if (GTK_IS_ENTRY (widget) && (hint = gtk_entry_get_placeholder_text (GTK_ENTRY (widget))) != NULL
      && g_str_has_prefix (hint, "Type into the command"))
    return GTK_ENTRY (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkEntry *entry = input_entry_of (child);
      if (entry != NULL)
        return entry;
    }
  return NULL;
}

/* The output record of STREAM with TEXT in the window's capture. */
static const LadderProgramOutput *
find_output (LadderWindow *window, guint8 stream, const char *text)
{
  return ladder_test_find_output (ladder_window_get_capture (window), stream, text);
}

/* Lines typed into the command's standard input (through the input field
 * and its action) reach it, show as typed, and the capture keeps them with
 * what it wrote back; Ctrl+D (here.close-input) ends its input. */
static void
test_input (void)
{
  g_autofree char *command = NULL, *output = NULL;
  const LadderProgramOutput *typed, *echoed;
  LadderWindow *window;
  GtkEntry *entry;

  if (skip_unless_root () || !ladder_test_have_python ())
    return;
  window = new_window ();
  entry = input_entry_of (GTK_WIDGET (here_of (window)));
  g_assert_nonnull (entry);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  command = python_command (stdin_script);
  run (window, command);
  g_assert_true (wait_output (window, "ready\n", 60));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "typed in the field");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_true (wait_output (window, "echo: typed in the field\n", 30));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (here_of (window)), "here.send", "s",
                                             "and by the action"));
  g_assert_true (wait_output (window, "echo: and by the action\n", 30));
  ladder_test_screenshot (GTK_WIDGET (window), "here-input.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (here_of (window)), "here.close-input", NULL));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  g_assert_true (wait_output (window, "input ended\n", 30));
  wait_done (window, 60);
  output = ladder_here_panel_dup_output (here_of (window));
  g_test_message ("output:\n%s", output);
  g_assert_nonnull (strstr (output, "› typed in the field\n"));
  g_assert_nonnull (strstr (output, "› and by the action\n"));
  g_assert_null (ladder_here_panel_get_message (here_of (window)));
  /* the capture keeps both sides, typed before echoed */
  typed = find_output (window, LADDER_OUTPUT_STDIN, "typed in the field");
  echoed = find_output (window, LADDER_OUTPUT_STDOUT, "echo: typed in the field");
  g_assert_nonnull (typed);
  g_assert_nonnull (echoed);
  g_assert_cmpstr (typed->program, ==, "python3");
  g_assert_cmpint (typed->ts_ns, <=, echoed->ts_ns);
  g_assert_nonnull (find_output (window, LADDER_OUTPUT_STDIN, "and by the action"));
  g_assert_nonnull (find_output (window, LADDER_OUTPUT_STDOUT, "input ended"));
  close_window (window);
}

/* The last command run and its interface are there when the panel is
 * made again (a new window, or the app started again: the settings); a
 * line that was not run is not. */
static void
test_remembered (void)
{
  const char *command = "python3 -c 'print(\"remembered\")'";
  LadderWindow *window = new_window ();
  GtkWidget *panel;

  run (window, command);
  wait_done (window, 60);
  g_object_set (here_of (window), "command", "echo 'never run", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (here_of (window)), "here.run", NULL));
  g_assert_nonnull (ladder_here_panel_get_message (here_of (window)));
  close_window (window);
  window = new_window ();
  g_assert_cmpstr (ladder_here_panel_get_command (here_of (window)), ==, command);
  g_assert_cmpstr (ladder_here_panel_get_interface (here_of (window)), ==, "lo");
  close_window (window);
  panel = g_object_ref_sink (ladder_here_panel_new ());
  g_assert_cmpstr (ladder_here_panel_get_command (LADDER_HERE_PANEL (panel)), ==, command);
  g_assert_finalize_object (panel);
}

/* A command that does not exist: run-here refuses it before capturing;
 * the panel says so and the window keeps what it showed (nothing). */
static void
test_missing (void)
{
  LadderWindow *window;
  const char *message;

  if (skip_unless_root ())
    return;
  window = new_window ();
  run (window, "no-such-program-here --flag");
  wait_done (window, 30);
  message = ladder_here_panel_get_message (here_of (window));
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "No program “no-such-program-here” to run"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->here_panel)));
  g_assert_false (ladder_window_has_capture (window));
  g_assert_nonnull (strstr (ladder_here_panel_get_state (here_of (window)), "nothing was captured"));
  ladder_test_screenshot (GTK_WIDGET (window), "here-missing.png");
  close_window (window);
}

/* A command that fails: said, and what was captured is shown. */
static void
test_fails (void)
{
  LadderWindow *window;
  const char *message;

  if (skip_unless_root () || !ladder_test_have_python ())
    return;
  window = new_window ();
  /* bytes that are not UTF-8 first: shown as well as may be, and read past */
  run (window, "python3 -c 'import sys; sys.stdout.buffer.write(b\"\\xff\\xfe raw\\n\"); "
               "print(\"giving up\"); sys.exit(3)'");
  wait_done (window, 60);
  message = ladder_here_panel_get_message (here_of (window));
  g_test_message ("message: %s", message);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, "python3 failed: "));
  g_assert_nonnull (strstr (message, "exited with code 3"));
  g_assert_true (wait_output (window, " raw\n", 1));
  g_assert_true (wait_output (window, "giving up\n", 1));
  g_assert_nonnull (strstr (ladder_here_panel_get_state (here_of (window)), "what was captured is shown"));
  g_assert_true (ladder_window_has_capture (window));
  g_assert_nonnull (ladder_here_panel_get_summary (here_of (window)));
  close_window (window);
}

/* Stop ends a command that would sleep a minute within a second or two,
 * and the capture (its packets, then its calls) is kept. */
static void
test_stop (void)
{
  g_autofree char *command = NULL;
  LadderWindow *window;
  gint64 stopped_us;

  if (skip_unless_root () || !ladder_test_have_python ())
    return;
  window = new_window ();
  command = python_command (sleep_script);
  run (window, command);
  g_assert_true (wait_output (window, "connected", 60));
  /* read live: the handshake is in the window while the command sleeps */
  stopped_us = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((!ladder_window_has_capture (window)
          || ladder_capture_get_n_frames (ladder_window_get_capture (window)) < 3)
         && g_get_monotonic_time () < stopped_us)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ladder_window_has_capture (window));
  g_assert_cmpuint (ladder_capture_get_n_frames (ladder_window_get_capture (window)), >=, 3);
  g_assert_true (ladder_here_panel_get_running (here_of (window)));
  g_assert_true (ladder_window_is_loading (window));
  {
    g_autofree char *text = NULL;
    gboolean can_cancel = TRUE;

    /* the read bar says what goes on; Stop, not Cancel, ends it */
    ladder_test_run_for (100);
    g_object_get (ladder_window_get_progress (window), "text", &text, "can-cancel", &can_cancel, NULL);
    g_assert_true (g_str_has_prefix (text, "Capturing this machine: "));
    g_assert_false (can_cancel);
  }
  stopped_us = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (here_of (window)), "here.stop", NULL));
  while (ladder_here_panel_get_running (here_of (window))
         && g_get_monotonic_time () - stopped_us < 20 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("stopped after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - stopped_us) / 1000);
  g_assert_false (ladder_here_panel_get_running (here_of (window)));
  /* the command's end, run-here's 300 ms for its last packets, the file
   * finished: within a second or two, plus some slack for a loaded machine */
  g_assert_cmpint (g_get_monotonic_time () - stopped_us, <, 3 * G_USEC_PER_SEC);
  wait_done (window, 30);
  g_assert_null (ladder_here_panel_get_message (here_of (window)));
  g_assert_true (g_str_has_prefix (ladder_here_panel_get_state (here_of (window)), "Stopped: captured "));
  g_assert_true (ladder_window_has_capture (window));
  /* the handshake to itself, and its calls */
  g_assert_cmpuint (ladder_capture_get_n_frames (ladder_window_get_capture (window)), >=, 3);
  g_assert_true (has_call (ladder_window_get_capture (window), LADDER_CALL_CONNECT, 0));
  close_window (window);
}

/* Processes whose command line holds MARKER (bar this one). */
static guint
count_processes (const char *marker)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *cmdline = NULL;
      gsize len = 0;

      if (!g_ascii_isdigit (name[0]) || atoi (name) == getpid ()
          || !g_file_get_contents (path, &cmdline, &len, NULL))
        continue;
      if (memmem (cmdline, len, marker, strlen (marker)) != NULL)
        n++;
    }
  return n;
}

/* Processes running the program at PATH. */
static guint
count_running (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc", name, "exe", NULL);
      g_autofree char *exe = g_ascii_isdigit (name[0]) ? g_file_read_link (link, NULL) : NULL;

      n += exe != NULL && g_str_equal (exe, path);
    }
  return n;
}

/* The window closed while the command runs (as a person closes it): the
 * command is stopped, and nothing of the run is left behind. */
static void
test_close_while_running (void)
{
  const char *marker = "wireladder-here-close-test";
  g_autofree char *script = g_strdup_printf ("%s# %s\n", sleep_script, marker);
  g_autofree char *command = NULL;
  /* this build's capture helper: BUILD/src/cli/wireladder-cli → BUILD/capture */
  g_autofree char *cli_dir = g_path_get_dirname (g_getenv ("WIRELADDER_CLI"));
  g_autofree char *helper = g_build_filename (cli_dir, "..", "..", "capture", "wireladder-capture", NULL);
  g_autofree char *helper_path = NULL;
  LadderWindow *window;
  gint64 deadline;

  if (skip_unless_root () || !ladder_test_have_python ())
    return;
  helper_path = g_canonicalize_filename (helper, NULL);
  g_free (helper);
  helper = g_steal_pointer (&helper_path);
  window = new_window ();
  command = python_command (script);
  run (window, command);
  g_assert_true (wait_output (window, "connected", 60));
  g_assert_cmpuint (count_processes (marker), >=, 2);  /* run-here, the tracer, python */
  g_assert_cmpuint (count_running (helper), >=, 1);
  gtk_window_close (GTK_WINDOW (window));
  ladder_test_run_for (100);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (count_processes (marker) > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (count_processes (marker), ==, 0);
  g_assert_cmpuint (count_running (helper), ==, 0);
}

/* Started by an ordinary user, with the build tree's capture helper (no
 * capability): the panel says what is missing and how to grant it, and
 * the window keeps what it had.  As root the test process becomes nobody
 * for it, for good (the last case): the X connection stays open. */
static void
test_no_capability (void)
{
  g_autofree char *cli_dir = g_path_get_dirname (g_getenv ("WIRELADDER_CLI"));
  g_autofree char *helper = g_build_filename (cli_dir, "..", "..", "capture", "wireladder-capture", NULL);
  LadderWindow *window;
  const char *message;

  if (getxattr (helper, "security.capability", NULL, 0) > 0)
    {
      g_test_skip ("this wireladder-capture holds CAP_NET_RAW: nothing is missing");
      return;
    }
  if (geteuid () == 0
      && (setgroups (0, NULL) < 0 || setresgid (65534, 65534, 65534) < 0
          || setresuid (65534, 65534, 65534) < 0))
    {
      g_test_skip ("cannot become nobody to run without the capability");
      return;
    }
  window = new_window ();
  run (window, "true");
  wait_done (window, 30);
  message = ladder_here_panel_get_message (here_of (window));
  g_test_message ("message: %s", message);
  if (message != NULL && strstr (message, "ermission denied") != NULL && strstr (message, "CAP_NET_RAW") == NULL)
    {
      g_autofree char *why = g_strdup_printf ("nobody cannot run the build tree here: %s", message);
      close_window (window);
      g_test_skip (why);
      return;
    }
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "needs CAP_NET_RAW"));
  g_assert_nonnull (strstr (message, "setcap cap_net_raw+ep"));
  g_assert_nonnull (strstr (ladder_here_panel_get_state (here_of (window)), "nothing was captured"));
  g_assert_false (ladder_window_has_capture (window));
  close_window (window);
}

int
main (int argc, char **argv)
{
  if (!ladder_test_app_init (&argc, &argv))
    return 0;
  app = ladder_test_app_new (G_APPLICATION_HANDLES_OPEN);
  g_application_hold (G_APPLICATION (app));
  g_test_add_func ("/ladder/here/panel", test_panel);
  g_test_add_func ("/ladder/here/tcp", test_tcp);
  g_test_add_func ("/ladder/here/missing", test_missing);
  g_test_add_func ("/ladder/here/fails", test_fails);
  g_test_add_func ("/ladder/here/stop", test_stop);
  g_test_add_func ("/ladder/here/input", test_input);
  g_test_add_func ("/ladder/here/remembered", test_remembered);
  g_test_add_func ("/ladder/here/close-while-running", test_close_while_running);
  /* last: as root it gives root up for good */
  g_test_add_func ("/ladder/here/no-capability", test_no_capability);
  return ladder_test_app_run (&app);
}
