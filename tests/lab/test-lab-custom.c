/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab-custom.c: `wireladder-cli lab run custom` for real: the course's
 * Python echo server (tests/data/programs) with two Python clients and a
 * statically linked C client, their socket calls traced (wireladder-trace)
 * and checked in order against the packets; and the failures a student's
 * program brings (no such command, exits at once, hangs, forks), each with
 * its message and nothing left behind.  As root and in a user namespace
 * (--userns); each case skips, with the reason, where the lab cannot run.
 */

#define _GNU_SOURCE
#include <glib/gstdio.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ladder-capture.h"
#include "ladder-lab-private.h"
#include "ladder-sockets.h"
#include "ladder-test-lab.h"

static const char *programs;   /* tests/data/programs */

typedef struct
{
  LadderCapture  *capture;
  LadderAnalysis *analysis;
  char           *out, *err;
  int             status;
  gint64          elapsed_ms;
} Run;

static void
run_free (Run *run)
{
  g_clear_pointer (&run->analysis, ladder_analysis_unref);
  g_clear_pointer (&run->capture, ladder_capture_unref);
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* `lab run custom ARGS -w FILE` from the programs' directory; the capture
 * is loaded when the run wrote one. */
static Run *
run_custom (const char *const *args)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, "custom.pcapng", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);
  gint64 start = g_get_monotonic_time ();

  g_ptr_array_add (argv, (char *) ladder_test_lab.cli);
  g_ptr_array_add (argv, "lab");
  g_ptr_array_add (argv, "run");
  g_ptr_array_add (argv, "custom");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, "-w");
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (programs, (char **) argv->pdata, NULL, 0, NULL, NULL, &run->out, &run->err,
                &run->status, &error);
  g_assert_no_error (error);
  run->elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("stdout:\n%sstderr:\n%s", run->out, run->err);
  if (g_file_test (path, G_FILE_TEST_EXISTS) && g_spawn_check_wait_status (run->status, NULL))
    {
      run->capture = ladder_test_lab_load (path);
      run->analysis = ladder_capture_analyse (run->capture);
    }
  g_unlink (path);
  return run;
}

static int
exit_status (const Run *run)
{
  return WIFEXITED (run->status) ? WEXITSTATUS (run->status) : -1;
}

/* The calls of PID in file order, which is entry order per process. */
static GPtrArray *
calls_of (Run *run, guint32 pid)
{
  GPtrArray *calls = g_ptr_array_new ();

  for (guint i = 0; i < ladder_capture_get_n_calls (run->capture); i++)
    {
      const LadderSocketCall *call = ladder_capture_get_call (run->capture, i);
      if (call->pid == pid)
        g_ptr_array_add (calls, (gpointer) call);
    }
  return calls;
}

static const LadderSocketCall *
find_call (Run *run, const char *host, LadderCallKind kind)
{
  for (guint i = 0; i < ladder_capture_get_n_calls (run->capture); i++)
    {
      const LadderSocketCall *call = ladder_capture_get_call (run->capture, i);
      if (call->kind == kind && strcmp (call->host, host) == 0)
        return call;
    }
  return NULL;
}

/* Asserts that PID's calls include KINDS in this order (others may come
 * between), each entered after the one before; returns the last. */
static const LadderSocketCall *
assert_order (Run *run, guint32 pid, const LadderCallKind *kinds, guint n_kinds)
{
  g_autoptr(GPtrArray) calls = calls_of (run, pid);
  const LadderSocketCall *last = NULL;
  guint k = 0;

  for (guint i = 0; i < calls->len && k < n_kinds; i++)
    {
      const LadderSocketCall *call = calls->pdata[i];

      if (call->kind != kinds[k])
        continue;
      if (last != NULL)
        g_assert_cmpint (call->ts_ns, >=, last->ts_ns);
      last = call;
      k++;
    }
  if (k < n_kinds)
    g_error ("pid %u: no %s call in order (%u of %u found)", pid,
             ladder_call_kind_to_string (kinds[k]), k, n_kinds);
  return last;
}

/* When frame NUMBER (a first sighting) was seen on the link LINK. */
static gint64
sighting_ts (Run *run, guint64 number, const char *link)
{
  for (guint64 i = number; i <= ladder_capture_get_n_frames (run->capture); i++)
    {
      LadderFrameInfo info;
      const LadderCaptureInterface *iface;

      g_assert_true (ladder_capture_get_frame (run->capture, i, &info));
      iface = ladder_capture_get_interface (run->capture, info.iface);
      if ((i == number || info.sighting_of == number) && g_strcmp0 (iface->name, link) == 0)
        return info.ts_ns;
    }
  g_error ("frame %" G_GUINT64_FORMAT " was not seen on %s", number, link);
  return 0;
}

static const LadderConversation *
conv_of_port (Run *run, guint16 client_port)
{
  LadderConversations *convs = ladder_analysis_get_conversations (run->analysis);

  for (guint i = 0; i < ladder_conversations_get_n_items (convs); i++)
    {
      const LadderConversation *conv = ladder_conversations_get_item (convs, i);
      if (conv->proto == 6 && conv->b_port == 60000 && conv->a_port == client_port)
        return conv;
    }
  return NULL;
}

/* No call on a descriptor that is no IPv4/IPv6 socket: print() to the
 * stdout pipe, the interpreter reading its modules. */
static void
assert_only_sockets (Run *run)
{
  for (guint i = 0; i < ladder_capture_get_n_calls (run->capture); i++)
    {
      const LadderSocketCall *call = ladder_capture_get_call (run->capture, i);

      if (call->kind == LADDER_CALL_SOCKET || call->kind == LADDER_CALL_SELECT
          || call->kind == LADDER_CALL_FORK)
        continue;
      g_assert_cmpint (call->fd, >, 2);
      g_assert_true (call->protocol == 6 || call->protocol == 17);
    }
}

static void
log_calls (Run *run)
{
  for (guint i = 0; i < ladder_capture_get_n_calls (run->capture); i++)
    {
      const LadderSocketCall *call = ladder_capture_get_call (run->capture, i);
      g_test_message ("%s %s[%u] %s(%s) = %" G_GINT64_FORMAT " errno %d, %" G_GINT64_FORMAT " us",
                      call->host, call->program, call->pid, ladder_call_kind_to_string (call->kind),
                      call->args, call->result, call->err, call->duration_ns / 1000);
    }
}

static void
check_server (Run *run, guint n_clients)
{
  static const LadderCallKind order[] = { LADDER_CALL_SOCKET, LADDER_CALL_SETSOCKOPT,
    LADDER_CALL_BIND, LADDER_CALL_LISTEN, LADDER_CALL_ACCEPT, LADDER_CALL_RECV,
    LADDER_CALL_SEND, LADDER_CALL_CLOSE };
  const LadderSocketCall *bind = find_call (run, "server", LADDER_CALL_BIND);
  guint accepts = 0;

  g_assert_nonnull (bind);
  g_assert_cmpstr (bind->program, ==, "echo_server.py");
  g_assert_nonnull (strstr (bind->args, ":60000"));
  g_assert_cmpint (bind->result, ==, 0);
  g_assert_nonnull (strstr (find_call (run, "server", LADDER_CALL_SETSOCKOPT)->args, "SO_REUSEADDR"));
  assert_order (run, bind->pid, order, G_N_ELEMENTS (order));
  for (guint i = 0; i < ladder_capture_get_n_calls (run->capture); i++)
    {
      const LadderSocketCall *call = ladder_capture_get_call (run->capture, i);
      accepts += call->kind == LADDER_CALL_ACCEPT && call->result >= 0;
    }
  g_assert_cmpuint (accepts, ==, n_clients);
}

/* HOST's client: socket, connect, send, recv, close in order; connect
 * before its SYN, close before its FIN on the client's link. */
static void
check_client (Run *run, const char *host, const char *program, const char *link,
              const char *server)
{
  static const LadderCallKind order[] = { LADDER_CALL_SOCKET, LADDER_CALL_CONNECT,
    LADDER_CALL_SEND, LADDER_CALL_RECV, LADDER_CALL_CLOSE };
  const LadderSocketCall *connect = find_call (run, host, LADDER_CALL_CONNECT);
  const LadderSocketCall *close_call;
  const LadderConversation *conv;

  g_assert_nonnull (connect);
  g_assert_cmpstr (connect->program, ==, program);
  g_assert_cmpint (connect->result, ==, 0);
  g_assert_nonnull (strstr (connect->args, server));
  close_call = assert_order (run, connect->pid, order, G_N_ELEMENTS (order));
  conv = conv_of_port (run, connect->local_port);
  g_assert_nonnull (conv);
  g_assert_true (ladder_tcp_conn_handshake_complete (conv->tcp));
  g_assert_cmpint (connect->ts_ns, <, conv->tcp->syn_ts);
  g_assert_cmpint (close_call->ts_ns, <, sighting_ts (run, conv->tcp->flow[0].fin_packet, link));
}

/* The programs' lines are in the file too, on the packets' clock: the
 * server said it listens before any client connected. */
static void
check_outputs (Run *run)
{
  const LadderProgramOutput *listening = NULL;
  guint n_client2 = 0;

  for (guint i = 0; i < ladder_capture_get_n_outputs (run->capture); i++)
    {
      const LadderProgramOutput *output = ladder_capture_get_output (run->capture, i);

      if (strcmp (output->host, "server") == 0 && strcmp (output->text, "listening on 60000") == 0)
        listening = output;
      n_client2 += strcmp (output->host, "client2") == 0
                   && strcmp (output->text, "echo: two words") == 0 && output->stream == 1
                   && strcmp (output->program, "echo_client.py") == 0;
    }
  g_assert_nonnull (listening);
  g_assert_cmpstr (listening->program, ==, "echo_server.py");
  g_assert_cmpuint (n_client2, ==, 1);
  g_assert_cmpint (listening->ts_ns, <, find_call (run, "client", LADDER_CALL_CONNECT)->ts_ns);
  g_assert_cmpint (listening->ts_ns, <, find_call (run, "client2", LADDER_CALL_CONNECT)->ts_ns);
}

/* The kernel's view of the programs' sockets, under the scripts' names:
 * the server's LISTEN (the runner's samples of the traced pids) and a
 * client's ESTABLISHED (the tracer's report right after connect()). */
static void
check_states (Run *run)
{
  gboolean listen = FALSE, established = FALSE;

  for (guint i = 0; i < ladder_capture_get_n_states (run->capture); i++)
    {
      const LadderSocketState *state = ladder_capture_get_state (run->capture, i);

      listen |= state->state == LADDER_TCP_LISTEN && state->local_port == 60000
                && strcmp (state->program, "echo_server.py") == 0;
      established |= state->state == LADDER_TCP_ESTABLISHED && state->peer_port == 60000
                     && strcmp (state->program, "echo_client.py") == 0
                     && strcmp (state->host, "client2") == 0;
    }
  g_assert_true (listen);
  g_assert_true (established);
}

static void
check_python_echo (gboolean userns)
{
  g_autoptr(Run) run = NULL;

  if (ladder_test_lab_skip (userns))
    return;
  run = run_custom ((const char *const[]) { "--server", "python3 echo_server.py 2",
                                            "--client", "python3 echo_client.py one",
                                            "--client", "python3 echo_client.py 'two words'",
                                            "--hops", "2", userns ? "--userns" : "--stagger",
                                            userns ? "--stagger" : "200", userns ? "200" : NULL,
                                            NULL });
  g_assert_cmpint (exit_status (run), ==, 0);
  g_assert_nonnull (strstr (run->out, userns ? "user namespace" : "network namespaces (root)"));
  g_assert_nonnull (strstr (run->out, "server| listening on 60000\n"));
  g_assert_nonnull (strstr (run->out, "client| echo: one\n"));
  g_assert_nonnull (strstr (run->out, "client2| echo: two words\n"));
  g_assert_nonnull (run->capture);
  log_calls (run);
  ladder_test_lab_assert_namespaces_gone (run->out);
  assert_only_sockets (run);
  check_server (run, 2);
  check_client (run, "client", "echo_client.py", "client\u2013r1", "10.0.3.2:60000");
  check_client (run, "client2", "echo_client.py", "client2\u2013r1", "10.0.3.2:60000");
  check_outputs (run);
  check_states (run);
}

static void
test_python_echo (void)
{
  check_python_echo (FALSE);
}

static void
test_python_echo_userns (void)
{
  check_python_echo (TRUE);
}

/* The parent's close() of a connection its child inherited leaves it to
 * the child (`sockets`): the kernel's socket closes at the child's close(). */
static void
check_forked_sockets (Run *run)
{
  g_autoptr (LadderSockets) sockets = ladder_sockets_new (run->capture, ladder_capture_get_n_frames (run->capture));
  guint checked = 0;

  for (guint i = 0; i < ladder_sockets_get_n_sockets (sockets); i++)
    {
      const LadderSocket *sock = ladder_sockets_get_socket (sockets, i);
      const LadderSocketCall *child_close = NULL;

      if (strcmp (sock->host, "server") != 0 || sock->peer_port == 0)
        continue;
      for (guint j = 0; j < ladder_capture_get_n_calls (run->capture); j++)
        {
          const LadderSocketCall *c = ladder_capture_get_call (run->capture, j);
          if (c->kind == LADDER_CALL_CLOSE && c->pid == sock->pid && c->fd == sock->fd && c->peer_port == sock->peer_port)
            child_close = c;
        }
      g_assert_nonnull (child_close);  /* the socket's holder is the child that closed it */
      for (guint j = 0; j < sock->changes->len; j++)
        {
          const LadderSocketChange *change = &g_array_index (sock->changes, LadderSocketChange, j);
          if (change->fd < 0)
            {
              g_assert_cmpint (change->ts_ns, >=, child_close->ts_ns);
              break;
            }
        }
      checked++;
    }
  g_assert_cmpuint (checked, ==, 2);
}

/* A forking server: the child's calls on the connection it inherited are
 * recorded under its own pid. */
static void
test_forking_server (void)
{
  g_autoptr(Run) run = NULL;
  const LadderSocketCall *accept;
  guint child_recvs = 0;

  if (ladder_test_lab_skip (FALSE))
    return;
  run = run_custom ((const char *const[]) { "--server", "python3 fork_server.py 2",
                                            "--client", "python3 echo_client.py one",
                                            "--client", "python3 echo_client.py two",
                                            "--hops", "1", NULL });
  g_assert_cmpint (exit_status (run), ==, 0);
  g_assert_nonnull (strstr (run->out, "client| echo: one\n"));
  g_assert_nonnull (strstr (run->out, "client2| echo: two\n"));
  log_calls (run);
  ladder_test_lab_assert_namespaces_gone (run->out);
  assert_only_sockets (run);
  accept = find_call (run, "server", LADDER_CALL_ACCEPT);
  g_assert_nonnull (accept);
  for (guint i = 0; i < ladder_capture_get_n_calls (run->capture); i++)
    {
      const LadderSocketCall *call = ladder_capture_get_call (run->capture, i);

      if (strcmp (call->host, "server") == 0 && call->kind == LADDER_CALL_RECV)
        {
          g_assert_cmpuint (call->pid, !=, accept->pid);
          g_assert_cmpstr (call->program, ==, "fork_server.py");
          g_assert_cmpuint (call->local_port, ==, 60000);
          child_recvs++;
        }
      /* A SIGCHLD restarts the parent's accept(): the program never sees
       * the kernel's ERESTARTSYS (512), nor should the ladder. */
      g_assert_cmpint (call->err, <, 512);
    }
  g_assert_cmpuint (child_recvs, ==, 2);
  /* the parent's fork()s name the children that made those calls */
  for (guint i = 0; i < ladder_capture_get_n_calls (run->capture); i++)
    {
      const LadderSocketCall *fork = ladder_capture_get_call (run->capture, i);
      gboolean child_seen = FALSE;

      if (fork->kind != LADDER_CALL_FORK)
        continue;
      g_assert_cmpuint (fork->pid, ==, accept->pid);
      g_assert_cmpstr (fork->program, ==, "fork_server.py");
      for (guint j = 0; j < ladder_capture_get_n_calls (run->capture); j++)
        {
          const LadderSocketCall *call = ladder_capture_get_call (run->capture, j);
          child_seen |= call->kind == LADDER_CALL_RECV && call->pid == (guint32) fork->result
                        && call->ts_ns > fork->ts_ns;
        }
      g_assert_true (child_seen);
      child_recvs--;
    }
  g_assert_cmpuint (child_recvs, ==, 0);
  check_forked_sockets (run);
}

/* UDP: the server is ready once bound; the clients learn its port. */
static void
test_udp (void)
{
  static const LadderCallKind server_order[] = { LADDER_CALL_SOCKET, LADDER_CALL_BIND,
    LADDER_CALL_RECVFROM, LADDER_CALL_SENDTO, LADDER_CALL_RECVFROM, LADDER_CALL_SENDTO };
  static const LadderCallKind client_order[] = { LADDER_CALL_SOCKET, LADDER_CALL_SENDTO,
    LADDER_CALL_RECVFROM, LADDER_CALL_CLOSE };
  g_autoptr(Run) run = NULL;
  const LadderSocketCall *bind, *sendto;

  if (ladder_test_lab_skip (FALSE))
    return;
  run = run_custom ((const char *const[]) { "--server", "python3 udp_server.py 2",
                                            "--client", "python3 udp_client.py one",
                                            "--client", "python3 udp_client.py two",
                                            "--hops", "1", NULL });
  g_assert_cmpint (exit_status (run), ==, 0);
  g_assert_nonnull (strstr (run->out, "client| answer: ONE\n"));
  g_assert_nonnull (strstr (run->out, "client2| answer: TWO\n"));
  log_calls (run);
  ladder_test_lab_assert_namespaces_gone (run->out);
  assert_only_sockets (run);
  bind = find_call (run, "server", LADDER_CALL_BIND);
  g_assert_nonnull (bind);
  g_assert_cmpuint (bind->protocol, ==, 17);
  g_assert_cmpstr (bind->args, ==, "3, 0.0.0.0:12000");
  assert_order (run, bind->pid, server_order, G_N_ELEMENTS (server_order));
  sendto = find_call (run, "client2", LADDER_CALL_SENDTO);
  g_assert_nonnull (sendto);
  g_assert_cmpstr (sendto->program, ==, "udp_client.py");
  g_assert_nonnull (strstr (sendto->args, "\"two\", 3, 0, 10.0.2.2:12000"));
  g_assert_cmpuint (sendto->peer_port, ==, 12000);
  assert_order (run, sendto->pid, client_order, G_N_ELEMENTS (client_order));
  g_assert_nonnull (strstr (find_call (run, "client2", LADDER_CALL_RECVFROM)->args,
                            "from 10.0.2.2:12000"));
}

/* A program that uses no shared C library: nothing to preload into. */
static void
test_static_client (void)
{
  const char *client = g_getenv ("WIRELADDER_STATIC_CLIENT");
  g_autofree char *client_cmd = NULL;
  g_autoptr(Run) run = NULL;

  if (client == NULL || *client == '\0')
    {
      g_test_skip (g_getenv ("WIRELADDER_STATIC_WHY"));
      return;
    }
  if (ladder_test_lab_skip (FALSE))
    return;
  g_assert_false (ladder_test_lab_has_interpreter (client));
  client_cmd = g_strdup_printf ("%s 'static hello'", client);
  run = run_custom ((const char *const[]) { "--server", "python3 echo_server.py 1",
                                            "--client", client_cmd, "--hops", "1", NULL });
  g_assert_cmpint (exit_status (run), ==, 0);
  g_assert_nonnull (strstr (run->out, "client| echo: static hello\n"));
  ladder_test_lab_assert_namespaces_gone (run->out);
  assert_only_sockets (run);
  check_server (run, 1);
  check_client (run, "client", "echo-client-static", "client\u2013r1", "10.0.2.2:60000");
}

/* Every host by name, and the environment the lab promises. */
static void
test_hosts (void)
{
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(Run) run = NULL;
  const char *probe = "python3 -c 'import os, socket; print(socket.gethostbyname(\"server\"), "
                      "socket.gethostbyname(\"client2\"), socket.gethostbyname(\"r1\"), "
                      "os.environ[\"WIRELADDER_HOST\"], os.environ[\"WIRELADDER_SERVER\"], "
                      "os.environ.get(\"WIRELADDER_SERVER_PORT\"))'";

  if (ladder_test_lab_skip (FALSE))
    return;
  /* A minimal root may have no /etc/hosts at all (then /etc is overlaid). */
  g_file_get_contents ("/etc/hosts", &before, NULL, NULL);
  run = run_custom ((const char *const[]) { "--server", "python3 echo_server.py 2",
                                            "--client", probe, "--client", probe,
                                            "--hops", "1", NULL });
  g_assert_cmpint (exit_status (run), ==, 0);
  g_assert_nonnull (strstr (run->out, "client| 10.0.2.2 10.0.101.1 10.0.1.2 client 10.0.2.2 60000\n"));
  g_assert_nonnull (strstr (run->out, "client2| 10.0.2.2 10.0.101.1 10.0.1.2 client2 10.0.2.2 60000\n"));
  /* Our own mount namespace's /etc/hosts is untouched (or still absent). */
  g_file_get_contents ("/etc/hosts", &after, NULL, NULL);
  g_assert_cmpstr (before, ==, after);
  ladder_test_lab_assert_namespaces_gone (run->out);
}

static void
test_no_such_command (void)
{
  g_autoptr(Run) run = NULL;

  run = run_custom ((const char *const[]) { "--server", "python3 echo_server.py",
                                            "--client", "no-such-program-here --flag", NULL });
  g_assert_cmpint (exit_status (run), ==, 1);
  g_assert_nonnull (strstr (run->err, "No such program: “no-such-program-here”"));
  g_assert_null (strstr (run->out, "namespaces: "));
  g_assert_null (run->capture);
}

static void
test_exits_at_once (void)
{
  g_autoptr(Run) run = NULL;

  if (ladder_test_lab_skip (FALSE))
    return;
  run = run_custom ((const char *const[]) {
    "--server", "python3 -c 'import sys; print(\"port 60000 is taken\"); sys.exit(3)'",
    "--client", "python3 echo_client.py", "--hops", "1", NULL });
  g_assert_cmpint (exit_status (run), ==, 1);
  g_assert_nonnull (strstr (run->out, "server| port 60000 is taken\n"));
  g_assert_nonnull (strstr (run->err, "python3 on server exited with status 3 before its clients "
                                      "started: port 60000 is taken"));
  ladder_test_lab_assert_namespaces_gone (run->out);
}

static void
test_client_fails (void)
{
  g_autoptr(Run) run = NULL;

  if (ladder_test_lab_skip (TRUE))
    return;
  /* No server: the connection is refused, Python says so and exits 1. */
  run = run_custom ((const char *const[]) { "--client", "python3 echo_client.py", "--hops", "1",
                                            "--userns", NULL });
  g_assert_cmpint (exit_status (run), ==, 1);
  g_assert_nonnull (strstr (run->err, "echo_client.py on client exited with status 1 (expected 0): "
                                      "ConnectionRefusedError"));
  g_assert_nonnull (strstr (run->out, "client| ConnectionRefusedError"));
  ladder_test_lab_assert_namespaces_gone (run->out);
}

static void
check_timeout (gboolean userns)
{
  g_autoptr(Run) run = NULL;

  if (ladder_test_lab_skip (userns))
    return;
  run = run_custom ((const char *const[]) { "--server", "python3 echo_server.py 1",
                                            "--client", "sleep 100", "--timeout", "3",
                                            "--hops", "1", userns ? "--userns" : NULL, NULL });
  g_assert_cmpint (exit_status (run), ==, 1);
  g_assert_nonnull (strstr (run->err, "Timed out after 3 s (--timeout): sleep on client still "
                                      "running, stopped"));
  g_assert_cmpint (run->elapsed_ms, <, 9000);
  ladder_test_lab_assert_namespaces_gone (run->out);
}

static void
test_timeout (void)
{
  check_timeout (FALSE);
}

static void
test_timeout_userns (void)
{
  check_timeout (TRUE);
}

/* A client that leaves a child behind (in its own session, out of its
 * process group): the child is traced, and dies with the tracer. */
static void
test_fork (void)
{
  g_autoptr(Run) run = NULL;

  if (ladder_test_lab_skip (FALSE))
    return;
  run = run_custom ((const char *const[]) {
    "--server", "python3 echo_server.py 1",
    "--client", "python3 -c 'import os, time, subprocess\n"
                "if os.fork() == 0:\n"
                "    os.setsid(); time.sleep(100)\n"
                "subprocess.run([\"python3\", \"echo_client.py\", \"from a child\"])'",
    "--hops", "1", "--timeout", "20", NULL });
  g_assert_cmpint (exit_status (run), ==, 0);
  g_assert_nonnull (strstr (run->out, "client| echo: from a child\n"));
  g_assert_cmpint (run->elapsed_ms, <, 15000);
  ladder_test_lab_assert_namespaces_gone (run->out);
  /* The grandchild's calls were traced, under its script's name. */
  g_assert_nonnull (find_call (run, "client", LADDER_CALL_CONNECT));
  g_assert_cmpstr (find_call (run, "client", LADDER_CALL_CONNECT)->program, ==, "python3");
}

/* A server that ignores SIGTERM is killed after the grace, with what it
 * forked. */
static void
test_ignores_sigterm (void)
{
  g_autoptr(Run) run = NULL;

  if (ladder_test_lab_skip (TRUE))
    return;
  run = run_custom ((const char *const[]) {
    "--server", "python3 -c 'import os, signal, time\n"
                "from socket import *\n"
                "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                "so = socket(AF_INET, SOCK_STREAM); so.bind((\"\", 60000)); so.listen()\n"
                "os.fork(); time.sleep(100)'",
    "--client", "true", "--hops", "1", "--userns", NULL });
  g_assert_cmpint (exit_status (run), ==, 0);
  g_assert_cmpint (run->elapsed_ms, <, 12000);
  ladder_test_lab_assert_namespaces_gone (run->out);
}

static void
become_nobody (gpointer data)
{
  if (setgroups (0, NULL) < 0 || setresgid (65534, 65534, 65534) < 0
      || setresuid (65534, 65534, 65534) < 0)
    _exit (125);
}

/* As an ordinary user (nobody) when the tests run as root: ptrace, the
 * mount namespace for /etc/hosts and the capture, all without privilege. */
static void
test_nobody (void)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, "nobody.pcapng", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (ladder_test_lab_skip (TRUE))
    return;
  if (geteuid () != 0)
    {
      g_test_skip ("the tests already run unprivileged");
      return;
    }
  g_assert_cmpint (g_chmod (ladder_test_lab.tmpdir, 0777), ==, 0);
  g_spawn_sync (programs, (char *[]) { (char *) ladder_test_lab.cli, "lab", "run", "custom", "--server",
                                       "python3 echo_server.py 1", "--client",
                                       "python3 echo_client.py 'from nobody'", "--hops", "1",
                                       "-w", path, NULL },
                NULL, 0, become_nobody, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (ladder_test_lab.tmpdir, 0700), ==, 0);
  if (WIFEXITED (status) && (WEXITSTATUS (status) == 125 || strstr (err, "ermission denied") != NULL))
    {
      g_autofree char *msg = g_strdup_printf ("cannot run the build tree as nobody: %s", err);
      g_test_skip (msg);
      return;
    }
  g_test_message ("%s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "user namespace"));
  g_assert_nonnull (strstr (out, "client| echo: from nobody\n"));
  g_assert_null (strstr (out, " 0 socket calls"));
  ladder_test_lab_assert_namespaces_gone (out);
  g_unlink (path);
}

static void
test_usage (void)
{
  g_autoptr(Run) run = NULL;

  run = run_custom ((const char *const[]) { "--server", "python3 echo_server.py", NULL });
  g_assert_cmpint (exit_status (run), ==, 1);
  g_assert_nonnull (strstr (run->err, "at least one --client"));
  g_clear_pointer (&run, run_free);
  run = run_custom ((const char *const[]) { "--client", "python3 'unbalanced", NULL });
  g_assert_cmpint (exit_status (run), ==, 1);
  g_assert_nonnull (strstr (run->err, "Cannot split the command"));
  g_clear_pointer (&run, run_free);
  run = run_custom ((const char *const[]) { "--client", "true", "--timeout", "0", NULL });
  g_assert_cmpint (exit_status (run), ==, 2);
}

/* A python3 that is a wrapper script (pyenv's shim runs a dozen shell
 * processes before Python) can take longer than the lab's 2 s wait for a
 * server's listen() on a loaded machine: the interpreter itself comes
 * first in PATH. */
static void
use_real_python (void)
{
  g_autofree char *out = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (!g_spawn_command_line_sync ("python3 -c 'import sys; print(sys.executable)'", &out, NULL,
                                  NULL, NULL) || out == NULL || *g_strstrip (out) == '\0')
    return;
  dir = g_path_get_dirname (out);
  path = g_strdup_printf ("%s:%s", dir, g_getenv ("PATH"));
  g_setenv ("PATH", path, TRUE);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  programs = g_getenv ("WIRELADDER_PROGRAMS");
  g_assert_nonnull (programs);
  ladder_test_lab_init ("custom");
  use_real_python ();
  g_test_add_func ("/ladder/lab-custom/python-echo", test_python_echo);
  g_test_add_func ("/ladder/lab-custom/python-echo-userns", test_python_echo_userns);
  g_test_add_func ("/ladder/lab-custom/udp", test_udp);
  g_test_add_func ("/ladder/lab-custom/forking-server", test_forking_server);
  g_test_add_func ("/ladder/lab-custom/static-client", test_static_client);
  g_test_add_func ("/ladder/lab-custom/hosts", test_hosts);
  g_test_add_func ("/ladder/lab-custom/no-such-command", test_no_such_command);
  g_test_add_func ("/ladder/lab-custom/exits-at-once", test_exits_at_once);
  g_test_add_func ("/ladder/lab-custom/client-fails", test_client_fails);
  g_test_add_func ("/ladder/lab-custom/timeout", test_timeout);
  g_test_add_func ("/ladder/lab-custom/timeout-userns", test_timeout_userns);
  g_test_add_func ("/ladder/lab-custom/fork", test_fork);
  g_test_add_func ("/ladder/lab-custom/ignores-sigterm", test_ignores_sigterm);
  g_test_add_func ("/ladder/lab-custom/nobody", test_nobody);
  g_test_add_func ("/ladder/lab-custom/usage", test_usage);
  ret = g_test_run ();
  ladder_test_lab_finish ();
  return ret;
}
