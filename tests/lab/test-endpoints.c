/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-endpoints.c: every wireladder-endpoint role run for real on the
 * loopback of a fresh user + network namespace: their output, their exit
 * status, and the socket calls they recorded (decoded with
 * ladder_events_decode).  Plus the trace's argument formatting alone. */

#define _GNU_SOURCE  /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include "ladder-ep-icmp.h"
#include "ladder-events.h"
#include "ladder-tcp.h"
#include "ladder-test-netns.h"
#include "ladder-trace-format.h"
#include "ladder-trace-sockdiag.h"
#include "ladder-sockdiag.h"

#define TRACE_FD 3
#define DEADLINE_S 40

/* ---- running endpoints ---- */

typedef struct
{
  char    *role;
  GPid     pid;
  int      out_fd;     /* -1 at EOF */
  GString *out;
  int      status;     /* exit status, or 128 + signal */
} Proc;

typedef struct
{
  int         trace_r, trace_w;
  GByteArray *trace;
  GPtrArray  *procs;
} Run;

static void
proc_free (gpointer data)
{
  Proc *p = data;

  if (p->out_fd >= 0)
    close (p->out_fd);
  g_string_free (p->out, TRUE);
  g_free (p->role);
  g_free (p);
}

static Run *
run_new (void)
{
  Run *run = g_new0 (Run, 1);
  int fds[2];

  g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);
  run->trace_r = fds[0];
  run->trace_w = fds[1];
  run->trace = g_byte_array_new ();
  run->procs = g_ptr_array_new_with_free_func (proc_free);
  return run;
}

static void
run_free (Run *run)
{
  if (run->trace_w >= 0)
    close (run->trace_w);
  close (run->trace_r);
  g_byte_array_unref (run->trace);
  g_ptr_array_unref (run->procs);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static const char *
endpoint_path (void)
{
  const char *path = g_getenv ("WIRELADDER_ENDPOINT");

  g_assert_nonnull (path);
  return path;
}

/* Set to start endpoints without CAP_NET_RAW, as an unprivileged user's. */
static gboolean spawn_without_net_raw;
/* What WIRELADDER_TRACE_FD says, when not the run's pipe. */
static const char *spawn_trace_fd;

/* Runs in the child before exec: a capability dropped from the bounding
 * set is not regained at exec, even as (namespace) root. */
static void
child_setup (gpointer data)
{
  if (spawn_without_net_raw)
    prctl (PR_CAPBSET_DROP, CAP_NET_RAW, 0, 0, 0);
}

/* Starts `wireladder-endpoint ROLE ARGS...` on HOST, tracing into the run's pipe. */
static Proc *
run_spawn (Run *run, const char *host, const char *role, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  int source_fds[1] = { run->trace_w }, target_fds[1] = { TRACE_FD };
  Proc *p = g_new0 (Proc, 1);
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) endpoint_path ());
  g_ptr_array_add (argv, (char *) role);
  va_start (ap, role);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_setenv (envp, "WIRELADDER_TRACE_FD",
                           spawn_trace_fd != NULL ? spawn_trace_fd : G_STRINGIFY (TRACE_FD), TRUE);
  envp = g_environ_setenv (envp, "WIRELADDER_HOST", host, TRUE);

  p->role = g_strdup (role);
  p->out = g_string_new (NULL);
  p->status = -1;
  g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) argv->pdata,
                                    (const char *const *) envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                    child_setup, NULL, -1, -1, -1, source_fds, target_fds, 1,
                                    &p->pid, NULL, &p->out_fd, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (run->procs, p);
  return p;
}

/* Reads whatever is ready on the endpoints' stdout and on the trace pipe. */
static void
run_pump (Run *run, int timeout_ms)
{
  g_autofree struct pollfd *fds = g_new0 (struct pollfd, run->procs->len + 1);
  guint8 buf[4096];
  guint n = 0;

  fds[n++] = (struct pollfd) { .fd = run->trace_r, .events = POLLIN };
  for (guint i = 0; i < run->procs->len; i++)
    fds[n++] = (struct pollfd) { .fd = ((Proc *) run->procs->pdata[i])->out_fd, .events = POLLIN };
  if (poll (fds, n, timeout_ms) <= 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      ssize_t got = read (fds[i].fd, buf, sizeof buf);
      if (i == 0)
        {
          if (got > 0)
            g_byte_array_append (run->trace, buf, (guint) got);
          continue;
        }
      Proc *p = run->procs->pdata[i - 1];
      if (got > 0)
        g_string_append_len (p->out, (const char *) buf, got);
      else
        {
          close (p->out_fd);
          p->out_fd = -1;
        }
    }
}

/* Waits for a server's "ready" line. */
static void
run_wait_ready (Run *run, Proc *server)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!g_str_has_prefix (server->out->str, "ready\n") && server->out_fd >= 0
         && g_get_monotonic_time () < deadline)
    run_pump (run, 100);
  if (!g_str_has_prefix (server->out->str, "ready\n"))
    g_error ("%s never said ready: \"%s\"", server->role, server->out->str);
}

static gboolean
run_all_done (Run *run)
{
  for (guint i = 0; i < run->procs->len; i++)
    if (((Proc *) run->procs->pdata[i])->out_fd >= 0)
      return FALSE;
  return TRUE;
}

/* Waits for every endpoint to end by itself and collects the trace. */
static void
run_finish (Run *run)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

  close (run->trace_w);
  run->trace_w = -1;
  while (!run_all_done (run) && g_get_monotonic_time () < deadline)
    run_pump (run, 100);
  for (guint i = 0; i < run->procs->len; i++)
    {
      Proc *p = run->procs->pdata[i];
      int status;
      if (p->out_fd >= 0)
        kill (p->pid, SIGKILL);  /* the test fails below: it did not end */
      g_assert_cmpint (waitpid (p->pid, &status, 0), ==, p->pid);
      p->status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
      if (g_test_verbose () || p->status > 1)
        g_printerr ("--- %s (exit %d):\n%s", p->role, p->status, p->out->str);
    }
  /* Every writer is gone: read the trace to its end. */
  for (ssize_t got = 1; got > 0;)
    {
      guint8 buf[4096];
      got = read (run->trace_r, buf, sizeof buf);
      if (got > 0)
        g_byte_array_append (run->trace, buf, (guint) got);
    }
  g_assert_true (run_all_done (run));
}

/* The trace, decoded: every frame must be whole and decode.  Returns the
 * events of TYPE (LadderSocketCall or LadderSocketState). */
static GArray *
run_events (Run *run, LadderEventType type)
{
  GArray *out = g_array_new (FALSE, TRUE, type == LADDER_EVENT_CALL ? sizeof (LadderSocketCall)
                                                                    : sizeof (LadderSocketState));
  gsize off = 0;

  while (off < run->trace->len)
    {
      const guint8 *d = run->trace->data + off;
      LadderEvent event;
      guint32 len;

      g_assert_cmpuint (run->trace->len - off, >=, 4);
      len = (guint32) d[0] | (guint32) d[1] << 8 | (guint32) d[2] << 16 | (guint32) d[3] << 24;
      g_assert_cmpuint (len, <, PIPE_BUF);
      g_assert_cmpuint (run->trace->len - off - 4, >=, len);
      g_assert_true (ladder_events_decode (d + 4, len, &event));
      g_assert_true (event.type == LADDER_EVENT_CALL || event.type == LADDER_EVENT_STATE);
      if (event.type == type && type == LADDER_EVENT_CALL)
        g_array_append_val (out, event.call);
      else if (event.type == type)
        g_array_append_val (out, event.state);
      off += 4 + len;
    }
  return out;
}

static GArray *
run_calls (Run *run)
{
  return run_events (run, LADDER_EVENT_CALL);
}

/* The TCP states PROGRAM recorded after its calls, as a string:
 * "ESTABLISHED CLOSE_WAIT CLOSED".  Repeats are left out. */
static char *
states_of (GArray *states, const char *program)
{
  GString *text = g_string_new (NULL);
  int last = -1;

  for (guint i = 0; i < states->len; i++)
    {
      const LadderSocketState *s = &g_array_index (states, LadderSocketState, i);

      g_assert_cmpuint (s->protocol, ==, 6);
      g_assert_cmpuint (s->peer_port, !=, 0);
      if (!g_str_equal (s->program, program) || s->state == last)
        continue;
      g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", ladder_tcp_state_to_string (s->state));
      last = s->state;
    }
  return g_string_free (text, FALSE);
}

/* The calls of one program, in order, with setsockopt left out. */
static GArray *
calls_of (GArray *calls, const char *program, gboolean with_setsockopt)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (LadderSocketCall));

  for (guint i = 0; i < calls->len; i++)
    {
      LadderSocketCall *c = &g_array_index (calls, LadderSocketCall, i);
      if (g_str_equal (c->program, program) && (with_setsockopt || c->kind != LADDER_CALL_SETSOCKOPT))
        g_array_append_val (out, *c);
    }
  return out;
}

static guint
count_lines (const char *text, const char *line_prefix)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], line_prefix);
  return n;
}

#define CALL(calls, i) (&g_array_index ((calls), LadderSocketCall, (i)))

/* ---- the roles ---- */

static void
check_echo_trace (GArray *calls, const char *family_addr, guint16 port)
{
  g_autoptr (GArray) client = calls_of (calls, "tcp-echo-client", FALSE);
  g_autoptr (GArray) server = calls_of (calls, "tcp-echo-server", FALSE);
  char text[LADDER_ADDR_STRLEN];
  LadderSocketCall *accept_call = NULL;
  g_autofree char *send_args = NULL;

  /* The client: socket, connect, send, recv ..., close. */
  g_assert_cmpuint (client->len, >=, 5);
  g_assert_cmpint (CALL (client, 0)->kind, ==, LADDER_CALL_SOCKET);
  g_assert_cmpint (CALL (client, 0)->fd, ==, -1);
  g_assert_cmpint (CALL (client, 1)->kind, ==, LADDER_CALL_CONNECT);
  g_assert_cmpint (CALL (client, 1)->fd, ==, CALL (client, 0)->result);
  g_assert_cmpint (CALL (client, 1)->result, ==, 0);
  g_assert_cmpstr (ladder_addr_to_string (&CALL (client, 1)->peer_addr, text), ==, family_addr);
  g_assert_cmpuint (CALL (client, 1)->peer_port, ==, port);
  g_assert_cmpuint (CALL (client, 1)->protocol, ==, 6);
  g_assert_cmpstr (CALL (client, 1)->host, ==, "client");
  g_assert_cmpint (CALL (client, 2)->kind, ==, LADDER_CALL_SEND);
  send_args = g_strdup_printf ("%d, \"hello\\n\", 6, 0", (int) CALL (client, 0)->result);
  g_assert_cmpstr (CALL (client, 2)->args, ==, send_args);
  g_assert_cmpint (CALL (client, 3)->kind, ==, LADDER_CALL_RECV);
  g_assert_cmpint (CALL (client, client->len - 1)->kind, ==, LADDER_CALL_CLOSE);

  /* The server: accept returns the connection's descriptor, which the
   * recv calls then use; its peer is the client's port. */
  for (guint i = 0; i < server->len && accept_call == NULL; i++)
    if (CALL (server, i)->kind == LADDER_CALL_ACCEPT)
      accept_call = CALL (server, i);
  g_assert_nonnull (accept_call);
  g_assert_cmpint (accept_call->result, >, accept_call->fd);
  g_assert_cmpuint (accept_call->peer_port, ==, CALL (client, 1)->local_port);
  g_assert_cmpuint (accept_call->local_port, ==, port);
  /* accept() cannot return before connect() began. */
  g_assert_cmpint (accept_call->ts_ns + accept_call->duration_ns, >=, CALL (client, 1)->ts_ns);
  for (guint i = 0; i < server->len; i++)
    if (CALL (server, i)->kind == LADDER_CALL_RECV)
      g_assert_cmpint (CALL (server, i)->fd, ==, accept_call->result);
}

static void
run_tcp_echo (const char *addr, const char *port)
{
  g_autoptr (Run) run = run_new ();
  Proc *server = run_spawn (run, "server", "tcp-echo-server", "-n", "1", addr, port, NULL);
  run_wait_ready (run, server);
  Proc *client = run_spawn (run, "client", "tcp-echo-client", addr, port, "hello", "ladder", NULL);
  run_finish (run);
  g_autoptr (GArray) calls = run_calls (run);
  g_autoptr (GArray) states = run_events (run, LADDER_EVENT_STATE);
  g_autofree char *client_states = states_of (states, "tcp-echo-client");
  g_autofree char *server_states = states_of (states, "tcp-echo-server");

  g_assert_cmpint (client->status, ==, 0);
  g_assert_cmpint (server->status, ==, 0);
  /* The states the calls leave behind, read by the endpoint itself: the
   * client connected, then closed first (FIN_WAIT_1, or FIN_WAIT_2 or
   * TIME_WAIT when the answers were quicker than the lookup); the server
   * saw the FIN (recv() returned 0: CLOSE_WAIT), then closed (LAST_ACK, or
   * already freed: CLOSED). */
  g_test_message ("client: %s; server: %s", client_states, server_states);
  g_assert_true (g_str_has_prefix (client_states, "ESTABLISHED FIN_WAIT_1")
                 || g_str_has_prefix (client_states, "ESTABLISHED FIN_WAIT_2")
                 || g_str_has_prefix (client_states, "ESTABLISHED TIME_WAIT"));
  g_assert_true (g_str_equal (server_states, "ESTABLISHED CLOSE_WAIT LAST_ACK")
                 || g_str_equal (server_states, "ESTABLISHED CLOSE_WAIT CLOSED"));
  g_assert_cmpuint (count_lines (client->out->str, "Received: hello"), ==, 3);
  g_assert_cmpuint (count_lines (client->out->str, "Received: ladder"), ==, 3);
  g_assert_cmpuint (count_lines (server->out->str, "Connection from "), ==, 1);
  check_echo_trace (calls, addr, (guint16) atoi (port));
}

/* The endpoints' own state reports and the runner's samples map kernel
 * states alike. */
static void
test_map_state (void)
{
  for (guint k = 0; k < 20; k++)
    g_assert_cmpuint (ladder_trace_sockdiag_map_state (k), ==, ladder_sockdiag_map_state (k));
}

static void
test_tcp_echo (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  run_tcp_echo ("127.0.0.1", "7000");
  run_tcp_echo ("::1", "7001");
}

static void
test_udp_timestamp (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (Run) run = run_new ();
  Proc *server = run_spawn (run, "server", "udp-timestamp-server", "-n", "3", "127.0.0.1", "8080", NULL);
  run_wait_ready (run, server);
  Proc *clients[3];
  for (guint i = 0; i < 3; i++)
    clients[i] = run_spawn (run, "client", "udp-timestamp-client", "127.0.0.1", "8080", "hi", NULL);
  run_finish (run);
  g_autoptr (GArray) calls = run_calls (run);
  g_autoptr (GArray) client = calls_of (calls, "udp-timestamp-client", FALSE);

  g_assert_cmpint (server->status, ==, 0);
  g_assert_cmpuint (count_lines (server->out->str, "Message received from 127.0.0.1:"), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (clients[i]->status, ==, 0);
      g_assert_cmpuint (count_lines (clients[i]->out->str, "Server response: Message received at "), ==, 1);
    }
  /* Per client: socket, sendto (to the server), recvfrom, close. */
  g_assert_cmpuint (client->len, ==, 12);
  for (guint i = 0; i < client->len; i++)
    if (CALL (client, i)->kind == LADDER_CALL_SENDTO)
      {
        g_assert_cmpuint (CALL (client, i)->peer_port, ==, 8080);
        g_assert_cmpuint (CALL (client, i)->protocol, ==, 17);
        g_assert_true (g_str_has_suffix (CALL (client, i)->args, "127.0.0.1:8080"));
      }
}

static void
test_select_chat (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (Run) run = run_new ();
  Proc *server = run_spawn (run, "server", "select-chat-server", "-n", "3", "127.0.0.1", "8081", NULL);
  run_wait_ready (run, server);
  const char *lines[3] = { "hi from one", "hi from two", "hi from three" };
  Proc *clients[3];
  for (guint i = 0; i < 3; i++)
    clients[i] = run_spawn (run, "client", "select-chat-client", "-d", "1000", "-s", "1500",
                            "127.0.0.1", "8081", lines[i], NULL);
  run_finish (run);
  g_autoptr (GArray) calls = run_calls (run);
  g_autoptr (GArray) server_calls = calls_of (calls, "select-chat-server", FALSE);
  guint selects = 0;

  g_assert_cmpint (server->status, ==, 0);
  g_assert_cmpuint (count_lines (server->out->str, "Client (127.0.0.1:"), ==, 9);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (clients[i]->status, ==, 0);
      g_assert_cmpuint (count_lines (clients[i]->out->str, "Welcome, Client (127.0.0.1:"), ==, 1);
      for (guint j = 0; j < 3; j++)
        {
          g_autofree char *said = g_strdup_printf (") said: %s\n", lines[j]);
          g_assert_true ((strstr (clients[i]->out->str, said) != NULL) == (i != j));
        }
    }
  for (guint i = 0; i < server_calls->len; i++)
    selects += CALL (server_calls, i)->kind == LADDER_CALL_SELECT;
  g_assert_cmpuint (selects, >=, 6);
  /* Each client waits in a few select() calls, one per message or
   * timeout: never a busy loop of them. */
  g_autoptr (GArray) client_calls = calls_of (calls, "select-chat-client", FALSE);
  selects = 0;
  for (guint i = 0; i < client_calls->len; i++)
    selects += CALL (client_calls, i)->kind == LADDER_CALL_SELECT;
  g_assert_cmpuint (selects, <=, 3 * 12);
}

static void
run_byte_commands (const char *udp)
{
  g_autoptr (Run) run = run_new ();
  Proc *server = udp ? run_spawn (run, "server", "byte-commands-server", udp, "-n", "2", "::1", "1234", NULL)
                     : run_spawn (run, "server", "byte-commands-server", "-n", "2", "::1", "1234", NULL);
  run_wait_ready (run, server);
  Proc *first = udp ? run_spawn (run, "client", "byte-commands-client", udp, "::1", "1234", "0x1b", NULL)
                    : run_spawn (run, "client", "byte-commands-client", "::1", "1234", "0x1b", NULL);
  while (first->out_fd >= 0)
    run_pump (run, 100);
  Proc *second = udp ? run_spawn (run, "client", "byte-commands-client", udp, "::1", "1234", "0x2b", NULL)
                     : run_spawn (run, "client", "byte-commands-client", "::1", "1234", "0x2b", NULL);
  run_finish (run);

  g_assert_cmpint (server->status, ==, 0);
  g_assert_cmpstr (server->out->str, ==, "ready\n1\n2\n");
  g_assert_cmpint (first->status, ==, 0);
  g_assert_cmpstr (first->out->str, ==, "first!\n");
  g_assert_cmpint (second->status, ==, 0);
  g_assert_cmpstr (second->out->str, ==, "second!\n");
}

static void
test_byte_commands (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  run_byte_commands (NULL);
  run_byte_commands ("-u");
}

static void
test_ping (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (Run) run = run_new ();
  Proc *v4 = run_spawn (run, "client", "ping", "-c", "2", "-i", "0.2", "-t", "5", "127.0.0.1", NULL);
  Proc *v6 = run_spawn (run, "client", "ping", "-c", "2", "-i", "0.2", "::1", NULL);
  run_finish (run);
  g_autoptr (GArray) calls = run_calls (run);

  g_assert_cmpint (v4->status, ==, 0);
  g_assert_true (g_str_has_prefix (v4->out->str, "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"));
  g_assert_cmpuint (count_lines (v4->out->str, "64 bytes from 127.0.0.1: icmp_seq="), ==, 2);
  /* -t sets the request's TTL; the reply has the answering kernel's own. */
  g_assert_nonnull (strstr (v4->out->str, "icmp_seq=1 ttl=64 time="));
  g_assert_nonnull (strstr (v4->out->str, "2 packets transmitted, 2 received, 0% packet loss"));
  g_assert_cmpuint (count_lines (v4->out->str, "rtt min/avg/max/mdev = "), ==, 1);
  g_assert_cmpint (v6->status, ==, 0);
  g_assert_cmpuint (count_lines (v6->out->str, "64 bytes from ::1: icmp_seq="), ==, 2);

  /* The socket and the TTL it was given, as recorded. */
  g_assert_cmpuint (calls->len, >, 2);
  gboolean raw_seen = FALSE, ttl_seen = FALSE;
  for (guint i = 0; i < calls->len; i++)
    {
      raw_seen |= g_str_equal (CALL (calls, i)->args, "AF_INET, SOCK_RAW, IPPROTO_ICMP");
      ttl_seen |= g_str_has_suffix (CALL (calls, i)->args, "IPPROTO_IP, IP_TTL, 5");
    }
  g_assert_true (raw_seen);
  g_assert_true (ttl_seen);
}

/* Without raw sockets ping falls back to the ICMP datagram socket, which
 * ping_group_range must allow. */
static void
test_ping_unprivileged (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autofree char *range = g_strdup_printf ("%u %u", (unsigned) getgid (), (unsigned) getgid ());
  int sysctl = open ("/proc/sys/net/ipv4/ping_group_range", O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (sysctl, >=, 0);
  g_assert_cmpint (write (sysctl, range, strlen (range)), ==, (gssize) strlen (range));
  close (sysctl);
  spawn_without_net_raw = TRUE;
  g_autoptr (Run) run = run_new ();
  Proc *v4 = run_spawn (run, "client", "ping", "-c", "2", "-i", "0.2", "127.0.0.1", NULL);
  Proc *v6 = run_spawn (run, "client", "ping", "-c", "1", "::1", NULL);
  Proc *raw = run_spawn (run, "client", "raw-icmp", "127.0.0.1", NULL);
  run_finish (run);
  g_autoptr (GArray) calls = run_calls (run);
  guint refused = 0, dgram = 0;

  g_assert_cmpint (raw->status, ==, 2);  /* no raw socket for it */
  g_assert_cmpint (v4->status, ==, 0);
  g_assert_cmpuint (count_lines (v4->out->str, "64 bytes from 127.0.0.1: icmp_seq="), ==, 2);
  g_assert_cmpuint (count_lines (v4->out->str, "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 "), ==, 1);
  g_assert_cmpint (v6->status, ==, 0);
  g_assert_cmpuint (count_lines (v6->out->str, "64 bytes from ::1: icmp_seq=1 ttl=64 "), ==, 1);
  for (guint i = 0; i < calls->len; i++)
    {
      LadderSocketCall *c = &g_array_index (calls, LadderSocketCall, i);
      refused += c->kind == LADDER_CALL_SOCKET && c->err == EPERM;
      dgram += c->kind == LADDER_CALL_SOCKET && c->result >= 0 && strstr (c->args, "SOCK_DGRAM") != NULL;
    }
  g_assert_cmpuint (refused, ==, 3);
  g_assert_cmpuint (dgram, ==, 2);
}

static void
run_traceroute (const char *method, const char *addr)
{
  g_autoptr (Run) run = run_new ();
  Proc *p = run_spawn (run, "client", "traceroute", "-M", method, "-q", "2", "-w", "1", addr, NULL);
  run_finish (run);
  g_autofree char *head = g_strdup_printf ("traceroute to %s (%s), 30 hops max, ", addr, addr);
  g_autofree char *hop = g_strdup_printf (" 1  %s  ", addr);

  g_assert_cmpint (p->status, ==, 0);
  g_assert_true (g_str_has_prefix (p->out->str, head));
  g_assert_cmpuint (count_lines (p->out->str, hop), ==, 1);
  g_assert_cmpuint (count_lines (p->out->str, ""), ==, 3);  /* header, hop 1, final newline */
}

static void
test_traceroute (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  run_traceroute ("udp", "127.0.0.1");
  run_traceroute ("icmp", "127.0.0.1");
  run_traceroute ("tcp", "127.0.0.1");
  run_traceroute ("udp", "::1");
  run_traceroute ("icmp", "::1");
}

static void
test_refused (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (Run) run = run_new ();
  Proc *tcp = run_spawn (run, "client", "refused-client", "127.0.0.1", "9", NULL);
  Proc *udp = run_spawn (run, "client", "refused-client", "-u", "-w", "2", "127.0.0.1", "9", NULL);
  run_finish (run);
  g_autoptr (GArray) calls = run_calls (run);
  gboolean connect_refused = FALSE, recv_refused = FALSE;

  g_assert_cmpint (tcp->status, ==, 0);
  g_assert_cmpstr (tcp->out->str, ==, "connect: Connection refused\n");
  g_assert_cmpint (udp->status, ==, 0);
  g_assert_cmpstr (udp->out->str, ==, "Sent 5 bytes to 127.0.0.1:9\nrecv: Connection refused\n");
  for (guint i = 0; i < calls->len; i++)
    {
      LadderSocketCall *c = CALL (calls, i);
      if (c->kind == LADDER_CALL_CONNECT && c->protocol == 6)
        connect_refused = c->result == -1 && c->err == ECONNREFUSED;
      if (c->kind == LADDER_CALL_RECV)
        recv_refused = c->result == -1 && c->err == ECONNREFUSED && c->protocol == 17;
    }
  g_assert_true (connect_refused);
  g_assert_true (recv_refused);
}

static void
test_reset_abort (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (Run) run = run_new ();
  Proc *server = run_spawn (run, "server", "reset-server", "-m", "abort", "-n", "1", "127.0.0.1", "8082", NULL);
  run_wait_ready (run, server);
  Proc *client = run_spawn (run, "client", "reset-client", "-m", "abort", "127.0.0.1", "8082", NULL);
  run_finish (run);
  g_autoptr (GArray) calls = run_calls (run);
  g_autoptr (GArray) client_calls = calls_of (calls, "reset-client", TRUE);
  guint n = client_calls->len;

  g_assert_cmpint (client->status, ==, 0);
  g_assert_cmpstr (client->out->str, ==, "Received: hello\nClosing with SO_LINGER {1, 0}\n");
  g_assert_cmpint (server->status, ==, 0);
  g_assert_nonnull (strstr (server->out->str, "recv: Connection reset by peer\n"));
  /* The abortive close: SO_LINGER {1, 0} right before close. */
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpint (CALL (client_calls, n - 2)->kind, ==, LADDER_CALL_SETSOCKOPT);
  g_assert_true (g_str_has_suffix (CALL (client_calls, n - 2)->args, "SOL_SOCKET, SO_LINGER, {1, 0}"));
  g_assert_cmpint (CALL (client_calls, n - 1)->kind, ==, LADDER_CALL_CLOSE);
}

static void
test_reset_unread (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (Run) run = run_new ();
  Proc *server = run_spawn (run, "server", "reset-server", "-m", "unread", "-n", "1", "::1", "8083", NULL);
  run_wait_ready (run, server);
  Proc *client = run_spawn (run, "client", "reset-client", "-m", "unread", "::1", "8083", NULL);
  run_finish (run);
  g_autoptr (GArray) calls = run_calls (run);
  gboolean send_failed = FALSE;

  g_assert_cmpint (server->status, ==, 0);
  g_assert_nonnull (strstr (server->out->str, "Received 1024 bytes; closing with unread data\n"));
  g_assert_cmpint (client->status, ==, 0);
  g_assert_true (strstr (client->out->str, "send: Connection reset by peer\n") != NULL
                 || strstr (client->out->str, "send: Broken pipe\n") != NULL);
  for (guint i = 0; i < calls->len; i++)
    send_failed |= CALL (calls, i)->kind == LADDER_CALL_SEND && CALL (calls, i)->result == -1
                   && (CALL (calls, i)->err == ECONNRESET || CALL (calls, i)->err == EPIPE);
  g_assert_true (send_failed);
}

static void
test_raw_icmp (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (Run) run = run_new ();
  Proc *raw = run_spawn (run, "server", "raw-icmp", "-c", "2", "127.0.0.1", NULL);
  run_wait_ready (run, raw);
  Proc *ping = run_spawn (run, "client", "ping", "-c", "1", "127.0.0.1", NULL);
  run_finish (run);

  g_assert_cmpint (ping->status, ==, 0);
  g_assert_cmpint (raw->status, ==, 0);
  g_assert_cmpuint (count_lines (raw->out->str, "ICMP echo request from 127.0.0.1: id "), ==, 1);
  g_assert_cmpuint (count_lines (raw->out->str, "ICMP echo reply from 127.0.0.1: id "), ==, 1);
}

/* A server ends cleanly on SIGTERM: exit 0, its sockets closed (traced). */
static void
test_sigterm (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (Run) run = run_new ();
  Proc *server = run_spawn (run, "server", "tcp-echo-server", "127.0.0.1", "7002", NULL);
  run_wait_ready (run, server);
  g_usleep (200 * 1000);  /* so that it waits in accept() */
  kill (server->pid, SIGTERM);
  run_finish (run);
  g_autoptr (GArray) calls = run_calls (run);

  g_assert_cmpint (server->status, ==, 0);
  g_assert_cmpint (CALL (calls, calls->len - 1)->kind, ==, LADDER_CALL_CLOSE);
  g_assert_cmpint (CALL (calls, calls->len - 2)->kind, ==, LADDER_CALL_ACCEPT);
  g_assert_cmpint (CALL (calls, calls->len - 2)->err, ==, EINTR);
}

/* Without a usable trace descriptor an endpoint says so and works as ever. */
static void
test_trace_off (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (Run) run = run_new ();
  spawn_trace_fd = "";
  Proc *off = run_spawn (run, "client", "refused-client", "127.0.0.1", "9", NULL);
  spawn_trace_fd = "99";
  Proc *bad = run_spawn (run, "client", "refused-client", "127.0.0.1", "9", NULL);
  run_finish (run);

  g_assert_cmpint (off->status, ==, 0);
  g_assert_cmpstr (off->out->str, ==, "connect: Connection refused\n");
  g_assert_cmpint (bad->status, ==, 0);
  g_assert_cmpstr (bad->out->str, ==, "connect: Connection refused\n");
  g_assert_cmpuint (run->trace->len, ==, 0);
}

/* ---- argument formatting, no namespace needed ---- */

static void
test_format (void)
{
  char data[LADDER_TRACE_DATASTRLEN], addr[LADDER_TRACE_ADDRSTRLEN], text[32];
  struct sockaddr_in v4 = { .sin_family = AF_INET, .sin_port = htons (7000),
                            .sin_addr.s_addr = htonl (0x0a000402) };
  struct sockaddr_in6 v6 = { .sin6_family = AF_INET6, .sin6_port = htons (80) };
  char long_text[100];
  fd_set set;

  g_assert_cmpstr (ladder_trace_data ("hello\n", 6, data), ==, "\"hello\\n\"");
  g_assert_cmpstr (ladder_trace_data ("\x1b", 1, data), ==, "\"\\x1b\"");
  g_assert_cmpstr (ladder_trace_data (NULL, 0, data), ==, "\"\"");
  memset (long_text, 'a', sizeof long_text);
  ladder_trace_data (long_text, sizeof long_text, data);
  g_assert_true (g_str_has_suffix (data, "\"..."));
  g_assert_cmpuint (strlen (data), <, LADDER_TRACE_DATASTRLEN);
  memset (long_text, 0x01, sizeof long_text);  /* four characters each */
  ladder_trace_data (long_text, sizeof long_text, data);
  g_assert_true (g_str_has_suffix (data, "\\x01\"..."));

  g_assert_cmpstr (ladder_trace_sockaddr_string ((struct sockaddr *) &v4, sizeof v4, addr), ==, "10.0.4.2:7000");
  v6.sin6_addr.s6_addr[15] = 1;
  g_assert_cmpstr (ladder_trace_sockaddr_string ((struct sockaddr *) &v6, sizeof v6, addr), ==, "[::1]:80");
  /* A sockaddr shorter than its family needs is not read. */
  g_assert_cmpstr (ladder_trace_sockaddr_string ((struct sockaddr *) &v6, 8, addr), ==, "family 10");
  g_assert_cmpstr (ladder_trace_type (SOCK_STREAM | SOCK_NONBLOCK, text), ==, "SOCK_STREAM|SOCK_NONBLOCK");
  g_assert_cmpstr (ladder_trace_protocol (IPPROTO_ICMPV6, text), ==, "IPPROTO_ICMPV6");
  g_assert_cmpstr (ladder_trace_protocol (99, text), ==, "99");

  struct linger linger = { 1, 0 };
  g_assert_cmpstr (ladder_trace_option_value (SOL_SOCKET, SO_LINGER, &linger, sizeof linger, text), ==, "{1, 0}");
  struct timeval tv = { 5, 250000 };
  g_assert_cmpstr (ladder_trace_option_value (SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv, text), ==, "5.250s");

  FD_ZERO (&set);
  FD_SET (3, &set);
  FD_SET (5, &set);
  g_assert_cmpstr (ladder_trace_fd_set (6, &set, text, sizeof text), ==, "{3, 5}");
  g_assert_cmpstr (ladder_trace_fd_set (5, &set, text, sizeof text), ==, "{3}");
  g_assert_cmpstr (ladder_trace_fd_set (6, NULL, text, sizeof text), ==, "NULL");
}

/* ---- ICMP parsing, no namespace needed ---- */

/* An IPv4 header (20 bytes) for PROTOCOL with TTL. */
static void
put_ipv4 (guint8 *p, guint8 ttl, guint8 protocol)
{
  memset (p, 0, 20);
  p[0] = 0x45;
  p[8] = ttl;
  p[9] = protocol;
}

/* Parses every prefix of PACKET from an exactly sized copy, so that ASan
 * sees any read past the end; only the whole packet may parse with
 * everything the quote holds. */
static void
parse_every_prefix (const guint8 *packet, gsize len, int family, int with_ip)
{
  for (gsize n = 0; n <= len; n++)
    {
      g_autofree guint8 *copy = g_memdup2 (packet, n);
      EpIcmpMessage msg;
      ep_icmp_parse (copy != NULL ? copy : (const guint8 *) "", n, family, with_ip, &msg);
    }
}

static void
test_icmp (void)
{
  guint8 echo[64], packet[128];
  EpIcmpMessage msg;
  gsize len = ep_icmp_echo_request (echo, sizeof echo, AF_INET, 0x1234, 7, 16);
  guint32 sum = 0;

  /* A v4 echo request whose checksum sums to zero. */
  g_assert_cmpuint (len, ==, 24);
  for (gsize i = 0; i < len; i += 2)
    sum += (guint32) (echo[i] << 8 | echo[i + 1]);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  g_assert_cmpuint (sum, ==, 0xffff);
  g_assert_cmpuint (ep_icmp_echo_request (echo, 10, AF_INET, 1, 1, 16), ==, 0);

  /* The same as an echo reply on a raw IPv4 socket: IP header first. */
  put_ipv4 (packet, 61, 1);
  memcpy (packet + 20, echo, len);
  packet[20] = 0;  /* echo reply */
  g_assert_cmpint (ep_icmp_parse (packet, 20 + len, AF_INET, TRUE, &msg), ==, 0);
  g_assert_cmpint (msg.kind, ==, EP_ICMP_ECHO_REPLY);
  g_assert_cmpint (msg.ttl, ==, 61);
  g_assert_cmpuint (msg.id, ==, 0x1234);
  g_assert_cmpuint (msg.seq, ==, 7);
  g_assert_cmpuint (msg.length, ==, len);
  parse_every_prefix (packet, 20 + len, AF_INET, TRUE);

  /* Time exceeded quoting a UDP probe 40000 → 33435. */
  put_ipv4 (packet, 64, 1);
  memset (packet + 20, 0, 8);
  packet[20] = 11;
  put_ipv4 (packet + 28, 1, 17);
  const guint8 udp[8] = { 0x9c, 0x40, 0x82, 0x9b, 0, 16, 0, 0 };
  memcpy (packet + 48, udp, 8);
  g_assert_cmpint (ep_icmp_parse (packet, 56, AF_INET, TRUE, &msg), ==, 0);
  g_assert_cmpint (msg.kind, ==, EP_ICMP_TIME_EXCEEDED);
  g_assert_cmpint (msg.quote.protocol, ==, 17);
  g_assert_cmpuint (msg.quote.sport, ==, 40000);
  g_assert_cmpuint (msg.quote.dport, ==, 33435);
  g_assert_cmpstr (ep_icmp_describe (&msg), ==, "Time to live exceeded");
  /* A quote cut short is no quote. */
  g_assert_cmpint (ep_icmp_parse (packet, 55, AF_INET, TRUE, &msg), ==, 0);
  g_assert_cmpint (msg.quote.protocol, ==, -1);
  /* An IHL pointing past the packet, and one below 20, are rejected. */
  packet[0] = 0x4f;
  g_assert_cmpint (ep_icmp_parse (packet, 56, AF_INET, TRUE, &msg), ==, -1);
  packet[0] = 0x44;
  g_assert_cmpint (ep_icmp_parse (packet, 56, AF_INET, TRUE, &msg), ==, -1);
  packet[0] = 0x45;
  parse_every_prefix (packet, 56, AF_INET, TRUE);

  /* ICMPv6 unreachable (no IP header on the socket), quoting an echo. */
  memset (packet, 0, sizeof packet);
  packet[0] = 1;
  packet[1] = 4;        /* port unreachable */
  packet[8 + 6] = 58;   /* quoted next header */
  packet[48] = 128;
  packet[52] = 0x12;
  packet[53] = 0x34;
  packet[55] = 3;
  g_assert_cmpint (ep_icmp_parse (packet, 56, AF_INET6, FALSE, &msg), ==, 0);
  g_assert_cmpint (msg.kind, ==, EP_ICMP_UNREACHABLE);
  g_assert_true (ep_icmp_is_port_unreachable (&msg));
  g_assert_cmpstr (ep_icmp_annotation (&msg), ==, "");
  g_assert_cmpuint (msg.quote.id, ==, 0x1234);
  g_assert_cmpuint (msg.quote.seq, ==, 3);
  packet[1] = 3;        /* address unreachable */
  g_assert_cmpint (ep_icmp_parse (packet, 56, AF_INET6, FALSE, &msg), ==, 0);
  g_assert_cmpstr (ep_icmp_annotation (&msg), ==, "!H");
  parse_every_prefix (packet, 56, AF_INET6, FALSE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/endpoints/format", test_format);
  g_test_add_func ("/ladder/endpoints/icmp", test_icmp);
  g_test_add_func ("/ladder/endpoints/map-state", test_map_state);
  g_test_add_func ("/ladder/endpoints/tcp-echo", test_tcp_echo);
  g_test_add_func ("/ladder/endpoints/udp-timestamp", test_udp_timestamp);
  g_test_add_func ("/ladder/endpoints/select-chat", test_select_chat);
  g_test_add_func ("/ladder/endpoints/byte-commands", test_byte_commands);
  g_test_add_func ("/ladder/endpoints/ping", test_ping);
  g_test_add_func ("/ladder/endpoints/ping-unprivileged", test_ping_unprivileged);
  g_test_add_func ("/ladder/endpoints/traceroute", test_traceroute);
  g_test_add_func ("/ladder/endpoints/refused", test_refused);
  g_test_add_func ("/ladder/endpoints/reset-abort", test_reset_abort);
  g_test_add_func ("/ladder/endpoints/reset-unread", test_reset_unread);
  g_test_add_func ("/ladder/endpoints/raw-icmp", test_raw_icmp);
  g_test_add_func ("/ladder/endpoints/sigterm", test_sigterm);
  g_test_add_func ("/ladder/endpoints/trace-off", test_trace_off);
  return g_test_run ();
}
