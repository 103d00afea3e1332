/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab-client.c: the window's side of the lab (LadderLabClient), the
 * helper's line protocol, and the helper's validation of what it reads. */

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ladder-capture.h"
#include "ladder-lab-client.h"
#include "ladder-lab-private.h"
#include "ladder-lab-protocol.h"
#include "ladder-load.h"
#include "ladder-reader.h"

static void
test_scenarios (void)
{
  static const char *const names[] = {
    "tcp-echo", "udp-timestamp", "select-chat", "byte-commands", "ping",
    "traceroute", "refused", "reset", "raw-icmp", "lossy-transfer", "udp-loss",
  };
  guint n = 0;
  const LadderLabScenario *scenarios = ladder_lab_get_scenarios (&n);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (scenarios[i].name, ==, names[i]);
      g_assert_true (ladder_lab_find_scenario (names[i]) == &scenarios[i]);
      g_assert_true (scenarios[i].params & LADDER_LAB_PARAM_HOPS);
    }
  g_assert_true (ladder_lab_find_scenario ("traceroute")->params & LADDER_LAB_PARAM_METHOD);
  g_assert_false (ladder_lab_find_scenario ("ping")->params & LADDER_LAB_PARAM_METHOD);
  g_assert_null (ladder_lab_find_scenario ("tcp-echo "));
}

static void
assert_rejected (const char *line)
{
  LadderLabMessage msg;
  g_autoptr(GError) error = NULL;

  g_assert_false (ladder_lab_message_parse (line, &msg, &error));
  g_assert_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS);
}

static void
assert_start_rejected (const char *line)
{
  LadderLabMessage msg;
  LadderLabParams params;
  g_autoptr(GError) error = NULL;

  g_assert_true (ladder_lab_message_parse (line, &msg, NULL));
  g_assert_false (ladder_lab_message_parse_start (&msg, &params, &error));
  g_assert_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS);
  ladder_lab_message_clear (&msg);
}

/* The window's way to IPv6 and the loopback lab: family= and topology=. */
static void
test_family_topology (void)
{
  LadderLabParams in = { "udp-timestamp", .family = 6, .loopback = TRUE };
  LadderLabParams out;
  LadderLabMessage msg;
  g_autofree char *line = ladder_lab_message_format_start (&in);

  g_assert_cmpstr (line, ==, "start scenario=udp-timestamp family=6 topology=loopback\n");
  line[strlen (line) - 1] = '\0';
  g_assert_true (ladder_lab_message_parse (line, &msg, NULL));
  g_assert_true (ladder_lab_message_parse_start (&msg, &out, NULL));
  g_assert_cmpuint (out.family, ==, 6);
  g_assert_true (out.loopback);
  ladder_lab_message_clear (&msg);
  assert_start_rejected ("start scenario=tcp-echo family=5");
  assert_start_rejected ("start scenario=tcp-echo topology=ring");
  assert_start_rejected ("start scenario=traceroute topology=loopback");
  assert_start_rejected ("start scenario=tcp-echo topology=loopback delay=10");
}

static void
test_protocol (void)
{
  LadderLabParams in = { "traceroute", 2, "icmp", 12, 4, 250, 5 };
  LadderLabParams out;
  LadderLabMessage msg;
  g_autofree char *line = ladder_lab_message_format_start (&in);
  g_autofree char *long_line = g_strnfill (2000, 'a');
  g_autofree char *event = NULL;

  g_assert_cmpstr (line, ==, "start scenario=traceroute hops=2 method=icmp max-ttl=12 queries=4 delay=250 loss=5\n");
  line[strlen (line) - 1] = '\0';
  g_assert_true (ladder_lab_message_parse (line, &msg, NULL));
  g_assert_true (ladder_lab_message_parse_start (&msg, &out, NULL));
  g_assert_cmpstr (out.scenario, ==, "traceroute");
  g_assert_cmpuint (out.hops, ==, 2);
  g_assert_cmpstr (out.method, ==, "icmp");
  g_assert_cmpuint (out.max_ttl, ==, 12);
  g_assert_cmpuint (out.queries, ==, 4);
  g_assert_cmpuint (out.delay_ms, ==, 250);
  g_assert_cmpuint (out.loss_percent, ==, 5);
  ladder_lab_message_clear (&msg);
  {
    LadderLabParams all = { "tcp-echo", .jitter_ms = 3, .duplicate_percent = 2, .reorder_percent = 4,
                            .rate_kbit = 512, .seed_set = TRUE, .seed = 18446744073709551615u,
                            .n_links = 2, .links = { { 2, { 1, 2, 3, 4, 5, 6 } }, { 101, { .loss_percent = 100 } } } };
    g_autofree char *start = ladder_lab_message_format_start (&all);

    g_assert_cmpstr (start, ==, "start scenario=tcp-echo jitter=3 duplicate=2 reorder=4 rate=512 "
                                "seed=18446744073709551615 link-2=1:2:3:4:5:6 link-101=0:0:100:0:0:0\n");
    start[strlen (start) - 1] = '\0';
    g_assert_true (ladder_lab_message_parse (start, &msg, NULL));
    g_assert_true (ladder_lab_message_parse_start (&msg, &out, NULL));
    g_assert_cmpuint (out.jitter_ms, ==, 3);
    g_assert_cmpuint (out.duplicate_percent, ==, 2);
    g_assert_cmpuint (out.reorder_percent, ==, 4);
    g_assert_cmpuint (out.rate_kbit, ==, 512);
    g_assert_true (out.seed_set);
    g_assert_cmpuint (out.seed, ==, G_MAXUINT64);
    g_assert_cmpuint (out.n_links, ==, 2);
    g_assert_cmpuint (out.links[0].subnet, ==, 2);
    g_assert_cmpuint (out.links[0].impair.rate_kbit, ==, 6);
    g_assert_cmpuint (out.links[1].subnet, ==, 101);
    g_assert_cmpuint (out.links[1].impair.loss_percent, ==, 100);
    ladder_lab_message_clear (&msg);
  }
  {
    LadderLabParams python = { "select-chat", .lang = "python" };
    g_autofree char *start = ladder_lab_message_format_start (&python);

    g_assert_cmpstr (start, ==, "start scenario=select-chat lang=python\n");
    start[strlen (start) - 1] = '\0';
    g_assert_true (ladder_lab_message_parse (start, &msg, NULL));
    g_assert_true (ladder_lab_message_parse_start (&msg, &out, NULL));
    g_assert_cmpstr (out.lang, ==, "python");
    ladder_lab_message_clear (&msg);
  }
  /* Only where the scenario has Python programs; only c or python. */
  assert_start_rejected ("start scenario=ping lang=python");
  assert_start_rejected ("start scenario=tcp-echo lang=perl");
  g_assert_true (ladder_lab_message_parse ("start scenario=ping delay=0 loss=100", &msg, NULL));
  g_assert_true (ladder_lab_message_parse_start (&msg, &out, NULL));
  g_assert_cmpuint (out.delay_ms, ==, 0);
  g_assert_cmpuint (out.loss_percent, ==, 100);
  ladder_lab_message_clear (&msg);
  /* udp-loss's client timeout: 1 to 5 s, or not said (5 s). */
  {
    LadderLabParams wait = { "udp-loss", .wait_s = 2 };
    g_autofree char *start = ladder_lab_message_format_start (&wait);

    g_assert_cmpstr (start, ==, "start scenario=udp-loss wait=2\n");
    start[strlen (start) - 1] = '\0';
    g_assert_true (ladder_lab_message_parse (start, &msg, NULL));
    g_assert_true (ladder_lab_message_parse_start (&msg, &out, NULL));
    g_assert_cmpuint (out.wait_s, ==, 2);
    ladder_lab_message_clear (&msg);
    g_assert_true (ladder_lab_message_parse ("start scenario=udp-loss", &msg, NULL));
    g_assert_true (ladder_lab_message_parse_start (&msg, &out, NULL));
    g_assert_cmpuint (out.wait_s, ==, 0);  /* the scenario's own 5 s */
    ladder_lab_message_clear (&msg);
  }

  event = ladder_lab_message_format ("finished", "code=failed drops=3", "bad\tthing\nhappened");
  g_assert_cmpstr (event, ==, "finished code=failed drops=3 message=bad thing happened\n");
  event[strlen (event) - 1] = '\0';
  g_assert_true (ladder_lab_message_parse (event, &msg, NULL));
  g_assert_cmpstr (ladder_lab_message_get (&msg, "drops"), ==, "3");
  g_assert_cmpstr (ladder_lab_message_get (&msg, "message"), ==, "bad thing happened");
  ladder_lab_message_clear (&msg);

  assert_rejected ("");
  assert_rejected (long_line);
  assert_rejected ("start  scenario=ping");
  assert_rejected ("start scenario=ping ");
  assert_rejected ("start scenario");
  assert_rejected ("start scenario=ping scenario=ping");
  assert_rejected ("start scenario=$(reboot)");
  assert_rejected ("start scenario=ping;ls");
  assert_rejected ("status message=a\x01");
  assert_rejected ("st\xffrt");
  assert_start_rejected ("start");
  assert_start_rejected ("start scenario=nope");
  assert_start_rejected ("start scenario=ping hops=0");
  assert_start_rejected ("start scenario=ping hops=9");
  assert_start_rejected ("start scenario=ping hops=-1");
  assert_start_rejected ("start scenario=ping hops=99999999999999999999");
  assert_start_rejected ("start scenario=traceroute method=sctp");
  assert_start_rejected ("start scenario=traceroute queries=11");
  assert_start_rejected ("start scenario=traceroute max-ttl=65");
  assert_start_rejected ("start scenario=ping delay=1001");
  assert_start_rejected ("start scenario=ping delay=-1");
  assert_start_rejected ("start scenario=ping delay=1.5");
  assert_start_rejected ("start scenario=ping delay=ten");
  assert_start_rejected ("start scenario=ping delay=");
  assert_start_rejected ("start scenario=ping delay=0x10");
  assert_start_rejected ("start scenario=ping loss=101");
  assert_rejected ("start scenario=ping loss=50%");
  assert_start_rejected ("start scenario=ping loss=4294967297");
  assert_start_rejected ("start scenario=ping colour=red");
  assert_start_rejected ("start scenario=udp-loss wait=0");
  assert_start_rejected ("start scenario=udp-loss wait=6");
  assert_start_rejected ("start scenario=ping jitter=1001");
  assert_start_rejected ("start scenario=ping duplicate=101");
  assert_start_rejected ("start scenario=ping reorder=101");
  assert_start_rejected ("start scenario=ping rate=10000001");
  assert_start_rejected ("start scenario=ping seed=-1");
  assert_start_rejected ("start scenario=ping link-2=1:2:3");
  assert_start_rejected ("start scenario=ping link-2=1:2:3:4:5:x");
  assert_start_rejected ("start scenario=ping link-2=0:0:101:0:0:0");
  assert_start_rejected ("start scenario=ping link-0=0:0:1:0:0:0");
  assert_start_rejected ("start scenario=ping message=hello");
}

/* The helper answers malformed input with errors and keeps going. */
static void
test_helper_validation (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ladder_lab_find_program ("wireladder-lab-helper", "WIRELADDER_LAB_HELPER", &error);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GSubprocess) helper = NULL;
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  char buf[4096];
  gssize n;
  int fds[2];

  g_assert_no_error (error);
  g_string_append (input, "hello\n");
  g_string_append (input, "start scenario=ping hops=12\n");
  g_string_append (input, "start scenario=ping delay=2000\n");
  for (int i = 0; i < 1500; i++)
    g_string_append_c (input, 'x');
  g_string_append (input, "\nstop\nprobe extra=1\nquit\nprobe\n");
  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_subprocess_launcher_take_fd (launcher, fds[1], 4);
  helper = g_subprocess_launcher_spawn (launcher, &error, path, NULL);
  g_assert_no_error (error);
  /* Drop our copy of the write end so the pipe ends with the helper. */
  g_clear_object (&launcher);
  g_assert_true (g_subprocess_communicate (helper, g_bytes_new_static (input->str, input->len),
                                           NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  while ((n = read (fds[0], buf, sizeof buf)) > 0)
    g_string_append_len (out, buf, n);
  close (fds[0]);
  g_assert_cmpstr (out->str, ==,
                   "hello version=1\n"
                   "error code=params message=Unknown command\n"
                   "error code=params message=“12” is not a number from 1 to 8\n"
                   "error code=params message=“2000” is not a number from 0 to 1000\n"
                   "error code=params message=Line too long\n"
                   "error code=params message=Nothing is running\n"
                   "error code=params message=Unknown command\n");
  g_assert_true (g_subprocess_get_if_exited (helper));
  g_assert_cmpint (g_subprocess_get_exit_status (helper), ==, 0);
}

/* The custom lab's lines: programs are checked as they come, a bad one
 * refuses the start; input is for a running lab only; timeout and
 * stagger belong to the custom lab. */
static void
test_helper_programs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ladder_lab_find_program ("wireladder-lab-helper", "WIRELADDER_LAB_HELPER", &error);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GSubprocess) helper = NULL;
  const char *input = "program role=client\n"
                      "program role=router message=true\n"
                      "program role=client message=no-such-program-xyz -v\n"
                      "start scenario=ping timeout=5\n"
                      "input host=client message=hello\n"
                      "start scenario=custom\n"
                      "quit\n";
  g_autoptr(GString) out = g_string_new (NULL);
  char buf[4096];
  gssize n;
  int fds[2];

  g_assert_no_error (error);
  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_subprocess_launcher_take_fd (launcher, fds[1], 4);
  helper = g_subprocess_launcher_spawn (launcher, &error, path, NULL);
  g_assert_no_error (error);
  g_clear_object (&launcher);
  g_assert_true (g_subprocess_communicate (helper, g_bytes_new_static (input, strlen (input)),
                                           NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  while ((n = read (fds[0], buf, sizeof buf)) > 0)
    g_string_append_len (out, buf, n);
  close (fds[0]);
  g_assert_cmpstr (out->str, ==,
                   "hello version=1\n"
                   "error code=params message=program takes role=server|client and message=COMMAND\n"
                   "error code=params message=Unknown program role “router”\n"
                   "error code=params message=No such program: “no-such-program-xyz” (from the command "
                   "“no-such-program-xyz -v”; not found in PATH or not executable)\n"
                   "error code=params message=Programs, timeout and stagger are for the custom lab only\n"
                   "error code=params message=Unknown command\n"
                   "error code=params message=program takes role=server|client and message=COMMAND\n");
  g_assert_true (g_subprocess_get_if_exited (helper));
}

/* A bad command is named before any helper starts. */
static void
test_programs_refused (void)
{
  g_autoptr(LadderLabClient) client = ladder_lab_client_new ();
  LadderLabParams params = { .scenario = "custom" };
  g_autofree char *long_command = g_strnfill (LADDER_LAB_MAX_COMMAND + 1, 'x');
  LadderLabPrograms none = { "true", (const char *const[]) { NULL }, 0 };
  LadderLabPrograms missing = { NULL, (const char *const[]) { "no-such-program-xyz", NULL }, 0 };
  LadderLabPrograms unsplit = { "python3 'unclosed", (const char *const[]) { "true", NULL }, 0 };
  LadderLabPrograms too_long = { NULL, (const char *const[]) { long_command, NULL }, 0 };
  LadderLabPrograms *cases[] = { &none, &missing, &unsplit, &too_long };
  const char *expect[] = { "at least one", "The client: No such program: “no-such-program-xyz”",
                           "The server: Cannot split", "longer than 900 bytes" };
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (ladder_lab_client_start_programs (client, &params, cases[i], &error), ==, -1);
      g_assert_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS);
      g_assert_nonnull (strstr (error->message, expect[i]));
      g_clear_error (&error);
      g_assert_false (ladder_lab_client_is_running (client));
    }
  g_assert_false (ladder_lab_client_send_input (client, "client", "hello", &error));
  g_assert_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS);
  g_clear_error (&error);
}

typedef struct
{
  GMainLoop *loop;
  gboolean   done;
  gboolean   ok;
  GError    *error;
  guint64    drops;
  guint      n_status;
  gboolean   stop_on_ready;
  gint64     stopped_at;   /* monotonic µs when Stop was asked, 0 if not */
  gint64     finished_at;  /* monotonic µs of "finished" */
  LadderLabClient *client;
} Wait;

static void
on_probed (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;

  wait->ok = ladder_lab_client_probe_finish (LADDER_LAB_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
  g_main_loop_quit (wait->loop);
}


/* NULL when a lab can run here, else why not. */
static char *
probe (void)
{
  g_autoptr(LadderLabClient) client = ladder_lab_client_new ();
  Wait wait = { g_main_loop_new (NULL, FALSE) };
  char *reason = NULL;

  ladder_lab_client_probe_async (client, NULL, on_probed, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (!wait.ok)
    {
      g_assert_error (wait.error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_UNAVAILABLE);
      reason = g_strdup_printf ("the lab is unavailable here: %s", wait.error->message);
      g_error_free (wait.error);
    }
  return reason;
}

static void
on_status (LadderLabClient *client, const char *message, Wait *wait)
{
  wait->n_status++;
  if (wait->stop_on_ready && wait->stopped_at == 0
      && strstr (message, "select-chat-server: ready") != NULL)
    {
      wait->stopped_at = g_get_monotonic_time ();
      ladder_lab_client_stop (client);
    }
}

static void
on_finished (LadderLabClient *client, const GError *error, guint64 drops, Wait *wait)
{
  wait->done = TRUE;
  wait->finished_at = g_get_monotonic_time ();
  wait->error = error != NULL ? g_error_copy (error) : NULL;
  wait->drops = drops;
  g_main_loop_quit (wait->loop);
}

/* Loads the capture stream in a worker, as the window does. */
static gpointer
load_stream (gpointer data)
{
  int fd = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(LadderReader) reader = ladder_reader_open_fd (fd, "lab", &error);
  LadderCapture *capture = ladder_capture_new ();

  g_assert_no_error (error);
  g_assert_true (ladder_load_reader (capture, reader, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return capture;
}

static LadderCapture *
run_client (const LadderLabParams *params, gboolean stop_on_ready, Wait *wait)
{
  g_autoptr(LadderLabClient) client = ladder_lab_client_new ();
  g_autoptr(GError) error = NULL;
  GThread *thread;
  int fd;

  wait->loop = g_main_loop_new (NULL, FALSE);
  wait->stop_on_ready = stop_on_ready;
  g_signal_connect (client, "status", G_CALLBACK (on_status), wait);
  g_signal_connect (client, "finished", G_CALLBACK (on_finished), wait);
  fd = ladder_lab_client_start (client, params, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (ladder_lab_client_is_running (client));
  g_assert_cmpint (ladder_lab_client_start (client, params, &error), ==, -1);
  g_assert_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_BUSY);
  thread = g_thread_new ("load", load_stream, GINT_TO_POINTER (fd));
  g_main_loop_run (wait->loop);
  g_assert_false (ladder_lab_client_is_running (client));
  g_main_loop_unref (wait->loop);
  return g_thread_join (thread);
}

static void
test_run (void)
{
  g_autofree char *reason = probe ();
  LadderLabParams params = { "tcp-echo", 1 };
  g_autoptr(LadderCapture) capture = NULL;
  Wait wait = { 0 };

  if (reason != NULL)
    {
      g_test_skip (reason);
      return;
    }
  capture = run_client (&params, FALSE, &wait);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (wait.drops, ==, 0);
  g_assert_cmpuint (wait.n_status, >, 5);
  g_assert_cmpuint (ladder_capture_get_n_interfaces (capture), ==, 2);
  g_assert_cmpstr (ladder_capture_get_interface (capture, 1)->name, ==, "r1\u2013server");
  g_assert_cmpuint (ladder_capture_get_n_frames (capture), >, 10);
  g_assert_cmpuint (ladder_capture_get_n_calls (capture), >, 10);
}

/* lang=python through the helper: the course's Python programs run, their
 * calls traced under the scripts' names and their lines kept. */
static void
test_python (void)
{
  g_autofree char *reason = probe ();
  LadderLabParams params = { "tcp-echo", 1, .lang = "python" };
  g_autoptr(LadderCapture) capture = NULL;
  gboolean server_calls = FALSE, client_said = FALSE;
  Wait wait = { 0 };

  if (reason != NULL)
    {
      g_test_skip (reason);
      return;
    }
  capture = run_client (&params, FALSE, &wait);
  g_assert_no_error (wait.error);
  for (guint i = 0; i < ladder_capture_get_n_calls (capture); i++)
    {
      const LadderSocketCall *call = ladder_capture_get_call (capture, i);
      server_calls |= call->kind == LADDER_CALL_ACCEPT && strcmp (call->program, "tcp_echo_server.py") == 0;
    }
  for (guint i = 0; i < ladder_capture_get_n_outputs (capture); i++)
    {
      const LadderProgramOutput *output = ladder_capture_get_output (capture, i);
      client_said |= strcmp (output->host, "client") == 0
                     && strcmp (output->program, "tcp_echo_client.py") == 0
                     && strcmp (output->text, "Received: hello") == 0;
    }
  g_assert_true (server_calls);
  g_assert_true (client_said);
}

/* Stopping ends the run early, with a complete stream and no error. */
static void
test_stop (void)
{
  g_autofree char *reason = probe ();
  LadderLabParams params = { "select-chat" };
  g_autoptr(LadderCapture) capture = NULL;
  Wait wait = { 0 };

  if (reason != NULL)
    {
      g_test_skip (reason);
      return;
    }
  capture = run_client (&params, TRUE, &wait);
  g_assert_no_error (wait.error);
  /* The chat clients stay 2 s; a stop right after the server is ready ends
   * the run sooner.  Timed from the stop, not from the test's start: setting
   * the lab up is not what is measured, and on a loaded machine it alone
   * can take longer than that. */
  g_assert_cmpint (wait.stopped_at, >, 0);
  g_assert_cmpint (wait.finished_at - wait.stopped_at, <, 1900000);
  g_assert_cmpuint (ladder_capture_get_n_interfaces (capture), ==, 5);
}

static void
on_drops (LadderLabClient *client, guint64 drops, GString *seen)
{
  g_string_append_printf (seen, "%" G_GUINT64_FORMAT " ", drops);
}

/* The client passes on the helper's running drop count (a stand-in helper
 * says it, as no test can make the kernel drop on purpose) and ignores a
 * malformed one. */
static void
test_drops_event (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wireladder-fake-helper-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "helper", NULL);
  g_autoptr(LadderLabClient) client = ladder_lab_client_new ();
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  LadderLabParams params = { "tcp-echo" };
  Wait wait = { g_main_loop_new (NULL, FALSE) };
  int fd;

  g_assert_true (g_file_set_contents (path,
                                      "#!/bin/sh\n"
                                      "read command\n"
                                      "exec 3>&-\n"
                                      "printf 'hello version=1\\ndrops count=7\\ndrops count=x\\n"
                                      "drops count=9\\nfinished code=ok drops=9 packets=0 calls=0 states=0\\n' >&4\n",
                                      -1, NULL));
  g_assert_cmpint (g_chmod (path, 0700), ==, 0);
  g_setenv ("WIRELADDER_LAB_HELPER", path, TRUE);
  g_signal_connect (client, "drops", G_CALLBACK (on_drops), seen);
  g_signal_connect (client, "finished", G_CALLBACK (on_finished), &wait);
  fd = ladder_lab_client_start (client, &params, &error);
  g_unsetenv ("WIRELADDER_LAB_HELPER");
  g_assert_no_error (error);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  close (fd);
  g_assert_no_error (wait.error);
  g_assert_cmpstr (seen->str, ==, "7 9 ");
  g_assert_cmpuint (wait.drops, ==, 9);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_bad_params (void)
{
  g_autoptr(LadderLabClient) client = ladder_lab_client_new ();
  g_autoptr(GError) error = NULL;
  LadderLabParams params = { "traceroute", 3, "gre" };
  LadderLabParams delay = { "ping", .delay_ms = 1001 };
  LadderLabParams loss = { "ping", .loss_percent = 101 };

  g_assert_cmpint (ladder_lab_client_start (client, &params, &error), ==, -1);
  g_assert_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS);
  g_clear_error (&error);
  g_assert_cmpint (ladder_lab_client_start (client, &delay, &error), ==, -1);
  g_assert_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS);
  g_clear_error (&error);
  g_assert_cmpint (ladder_lab_client_start (client, &loss, &error), ==, -1);
  g_assert_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS);
  g_assert_false (ladder_lab_client_is_running (client));
  g_assert_false (ladder_lab_client_get_netem (client));
}

/* Through the helper, on any kernel: per-link impairments and the seed
 * reach the relay, and the stream says how each link was impaired. */
static void
test_impair (void)
{
  g_autofree char *reason = probe ();
  LadderLabParams params = { "tcp-echo", 1, .delay_ms = 20, .seed_set = TRUE, .seed = 5,
                             .n_links = 1, .links = { { 2, { .delay_ms = 30, .duplicate_percent = 1 } } } };
  g_autoptr(LadderCapture) capture = NULL;
  g_autoptr(LadderAnalysis) analysis = NULL;
  LadderConversations *convs;
  const LadderConversation *conv = NULL;
  Wait wait = { 0 };

  if (reason != NULL)
    {
      g_test_skip (reason);
      return;
    }
  capture = run_client (&params, FALSE, &wait);
  g_assert_no_error (wait.error);
  /* Each relayed link, and then its far side. */
  g_assert_cmpuint (ladder_capture_get_n_interfaces (capture), ==, 4);
  g_assert_cmpstr (ladder_capture_get_interface (capture, 2)->name, ==, "client\u2013r1 (delivered)");
  g_assert_cmpstr (ladder_capture_get_interface (capture, 3)->name, ==, "r1\u2013server (delivered)");
  g_assert_nonnull (strstr (ladder_capture_get_interface (capture, 0)->description,
                            "delay=20ms jitter=0ms loss=0% duplicate=0% reorder=0% rate=0kbit seed=5"));
  g_assert_nonnull (strstr (ladder_capture_get_interface (capture, 1)->description,
                            "delay=30ms jitter=0ms loss=0% duplicate=1% reorder=0% rate=0kbit seed=5"));
  analysis = ladder_capture_analyse (capture);
  convs = ladder_analysis_get_conversations (analysis);
  for (guint i = 0; i < ladder_conversations_get_n_items (convs); i++)
    if (ladder_conversations_get_item (convs, i)->proto == 6)
      conv = ladder_conversations_get_item (convs, i);
  g_assert_nonnull (conv);
  /* 2 × 20 ms on client–r1 and 2 × 30 ms on r1–server. */
  g_assert_cmpfloat (ladder_tcp_conn_handshake_rtt_ms (conv->tcp), >=, 99.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/lab-client/scenarios", test_scenarios);
  g_test_add_func ("/ladder/lab-client/protocol", test_protocol);
  g_test_add_func ("/ladder/lab-client/family-topology", test_family_topology);
  g_test_add_func ("/ladder/lab-client/helper-validation", test_helper_validation);
  g_test_add_func ("/ladder/lab-client/bad-params", test_bad_params);
  g_test_add_func ("/ladder/lab-client/helper-programs", test_helper_programs);
  g_test_add_func ("/ladder/lab-client/programs-refused", test_programs_refused);
  g_test_add_func ("/ladder/lab-client/drops-event", test_drops_event);
  g_test_add_func ("/ladder/lab-client/impair", test_impair);
  g_test_add_func ("/ladder/lab-client/run", test_run);
  g_test_add_func ("/ladder/lab-client/python", test_python);
  g_test_add_func ("/ladder/lab-client/stop", test_stop);
  return g_test_run ();
}
