/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sockdiag.c: NETLINK_SOCK_DIAG as `ss -tuap` would show it, in a fresh
 * user + network namespace where the only sockets are the test's own. */

#include <arpa/inet.h>
#include <errno.h>
#include <gio/gio.h>
#include <poll.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ladder-sockdiag.h"
#include "ladder-bpf-netns.h"
#include "ladder-tcp-trace.h"
#include "ladder-tcp.h"
#include "ladder-test-netns.h"

static int
tcp_listener (int family, const char *addr, guint16 port)
{
  struct sockaddr_storage ss = { 0 };
  socklen_t len;
  int one = 1;
  int sock = socket (family, SOCK_STREAM, 0);

  g_assert_cmpint (sock, >=, 0);
  if (family == AF_INET)
    {
      struct sockaddr_in *v4 = (struct sockaddr_in *) &ss;
      v4->sin_family = AF_INET;
      v4->sin_port = htons (port);
      g_assert_cmpint (inet_pton (AF_INET, addr, &v4->sin_addr), ==, 1);
      len = sizeof *v4;
    }
  else
    {
      struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) &ss;
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons (port);
      g_assert_cmpint (inet_pton (AF_INET6, addr, &v6->sin6_addr), ==, 1);
      len = sizeof *v6;
    }
  g_assert_cmpint (setsockopt (sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one), ==, 0);
  g_assert_cmpint (bind (sock, (struct sockaddr *) &ss, len), ==, 0);
  if (listen (sock, 5) < 0)
    g_error ("listen: %s", g_strerror (errno));
  return sock;
}

static int
tcp_connect (const char *addr, guint16 port)
{
  struct sockaddr_in v4 = { .sin_family = AF_INET, .sin_port = htons (port) };
  int sock = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (inet_pton (AF_INET, addr, &v4.sin_addr), ==, 1);
  g_assert_cmpint (connect (sock, (struct sockaddr *) &v4, sizeof v4), ==, 0);
  return sock;
}

/* The one entry in STATES with this protocol and local / peer port. */
static const LadderSocketState *
find (GArray *states, guint8 protocol, guint16 local_port, guint16 peer_port)
{
  const LadderSocketState *found = NULL;

  for (guint i = 0; i < states->len; i++)
    {
      const LadderSocketState *s = &g_array_index (states, LadderSocketState, i);
      if (s->protocol == protocol && s->local_port == local_port && s->peer_port == peer_port)
        {
          g_assert_null (found);
          found = s;
        }
    }
  return found;
}

static void
assert_addr (const LadderAddr *addr, const char *text)
{
  char buf[LADDER_ADDR_STRLEN];

  g_assert_cmpstr (ladder_addr_to_string (addr, buf), ==, text);
}

static guint16
local_port_of (int sock)
{
  struct sockaddr_in v4;
  socklen_t len = sizeof v4;

  g_assert_cmpint (getsockname (sock, (struct sockaddr *) &v4, &len), ==, 0);
  return ntohs (v4.sin_port);
}

static void
test_states (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderSockDiag) sd = ladder_sockdiag_new ("server", &error);
  g_autoptr (GArray) pids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) changed = g_array_new (FALSE, TRUE, sizeof (LadderSocketState));
  guint32 me = (guint32) getpid ();
  g_assert_no_error (error);
  g_array_append_val (pids, me);

  int listener = tcp_listener (AF_INET, "127.0.0.1", 60000);
  int listener6 = tcp_listener (AF_INET6, "::", 60001);
  int client = tcp_connect ("127.0.0.1", 60000);
  int conn = accept (listener, NULL, NULL);
  guint16 client_port = local_port_of (client);
  g_assert_cmpint (conn, >=, 0);
  g_assert_cmpint (send (client, "hello", 5, 0), ==, 5);

  g_assert_true (ladder_sockdiag_poll (sd, pids, changed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 4);

  /* LISTEN 0 5 127.0.0.1:60000 0.0.0.0:* users:(("test-sockdiag",pid=..,fd=..)) */
  const LadderSocketState *s = find (changed, 6, 60000, 0);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->state, ==, LADDER_TCP_LISTEN);
  assert_addr (&s->local_addr, "127.0.0.1");
  assert_addr (&s->peer_addr, "0.0.0.0");
  g_assert_cmpuint (s->send_q, ==, 5);  /* a listener's Send-Q is its backlog */
  g_assert_cmpuint (s->pid, ==, me);
  g_assert_cmpint (s->fd, ==, listener);
  g_assert_cmpstr (s->host, ==, "server");
  g_assert_cmpstr (s->program, ==, "test-sockdiag");
  g_assert_cmpint (s->ts_ns, >, G_GINT64_CONSTANT (1600000000) * G_USEC_PER_SEC * 1000);

  s = find (changed, 6, 60001, 0);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->state, ==, LADDER_TCP_LISTEN);
  assert_addr (&s->local_addr, "::");
  g_assert_cmpint (s->fd, ==, listener6);

  /* ESTAB both ways, with the unread "hello" in the server's Recv-Q. */
  s = find (changed, 6, 60000, client_port);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->state, ==, LADDER_TCP_ESTABLISHED);
  g_assert_cmpint (s->fd, ==, conn);
  g_assert_cmpuint (s->recv_q, ==, 5);
  s = find (changed, 6, client_port, 60000);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->state, ==, LADDER_TCP_ESTABLISHED);
  g_assert_cmpint (s->fd, ==, client);
  assert_addr (&s->peer_addr, "127.0.0.1");

  /* Nothing changed: nothing reported. */
  g_array_set_size (changed, 0);
  g_assert_true (ladder_sockdiag_poll (sd, pids, changed, &error));
  g_assert_cmpuint (changed->len, ==, 0);

  /* The client closes: FIN_WAIT_2 (no fd any more, owner kept) and
   * CLOSE_WAIT on the server's side. */
  close (client);
  g_usleep (50 * 1000);
  g_assert_true (ladder_sockdiag_poll (sd, pids, changed, &error));
  g_assert_cmpuint (changed->len, ==, 2);
  s = find (changed, 6, client_port, 60000);
  g_assert_cmpuint (s->state, ==, LADDER_TCP_FIN_WAIT_2);
  g_assert_cmpint (s->fd, ==, -1);
  g_assert_cmpuint (s->pid, ==, me);
  s = find (changed, 6, 60000, client_port);
  g_assert_cmpuint (s->state, ==, LADDER_TCP_CLOSE_WAIT);

  /* The server closes too: the client's side goes to TIME_WAIT, the
   * server's (unread data: a RST) is gone, reported once as CLOSED. */
  close (conn);
  g_usleep (50 * 1000);
  g_array_set_size (changed, 0);
  g_assert_true (ladder_sockdiag_poll (sd, pids, changed, &error));
  s = find (changed, 6, 60000, client_port);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->state, ==, LADDER_TCP_CLOSED);
  g_assert_cmpint (s->fd, ==, -1);
  close (listener);
  close (listener6);
}

/* The kernel tells when it frees a socket; and with PIDS, a socket no
 * watched process holds is not reported. */
static void
test_destroy (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderSockDiag) sd = ladder_sockdiag_new ("server", &error);
  g_autoptr (GArray) pids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) changed = g_array_new (FALSE, TRUE, sizeof (LadderSocketState));
  struct pollfd pfd = { .events = POLLIN };
  guint32 nobody = 1;   /* init: holds none of our sockets */

  g_assert_no_error (error);
  pfd.fd = ladder_sockdiag_get_destroy_fd (sd);
  if (pfd.fd < 0)
    {
      g_test_skip ("cannot join the inet_diag destroy groups here (needs CAP_NET_ADMIN over the namespace)");
      return;
    }
  g_array_append_val (pids, nobody);
  int listener = tcp_listener (AF_INET, "127.0.0.1", 60010);
  int client = tcp_connect ("127.0.0.1", 60010);
  int conn = accept (listener, NULL, NULL);

  g_assert_true (ladder_sockdiag_poll (sd, pids, changed, &error));
  g_assert_cmpuint (changed->len, ==, 0);
  g_assert_cmpuint (ladder_sockdiag_drain_destroyed (sd), ==, 0);
  /* An abortive close frees the socket at once. */
  struct linger abort_now = { 1, 0 };
  g_assert_cmpint (setsockopt (conn, SOL_SOCKET, SO_LINGER, &abort_now, sizeof abort_now), ==, 0);
  close (conn);
  g_assert_cmpint (poll (&pfd, 1, 2000), ==, 1);
  g_assert_cmpuint (ladder_sockdiag_drain_destroyed (sd), >=, 1);
  close (client);
  close (listener);
}

/* A raw ICMP socket, through raw_diag or, without it, /proc/PID/net/raw. */
static void
test_raw (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderSockDiag) sd = ladder_sockdiag_new ("server", &error);
  g_autoptr (GArray) pids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) changed = g_array_new (FALSE, TRUE, sizeof (LadderSocketState));
  guint32 me = (guint32) getpid ();
  int sock = socket (AF_INET, SOCK_RAW, IPPROTO_ICMP);
  int other = socket (AF_INET, SOCK_RAW, IPPROTO_UDP);

  g_assert_no_error (error);
  g_assert_cmpint (sock, >=, 0);
  g_assert_cmpint (other, >=, 0);
  g_array_append_val (pids, me);
  g_assert_true (ladder_sockdiag_poll (sd, pids, changed, &error));
  g_assert_no_error (error);
  /* The ICMP one only: the lab asks for ICMP and ICMPv6 raw sockets. */
  g_assert_cmpuint (changed->len, ==, 1);
  const LadderSocketState *s = &g_array_index (changed, LadderSocketState, 0);
  g_assert_cmpuint (s->protocol, ==, IPPROTO_ICMP);
  g_assert_cmpuint (s->state, ==, LADDER_TCP_CLOSED);
  g_assert_cmpuint (s->pid, ==, me);
  g_assert_cmpint (s->fd, ==, sock);
  assert_addr (&s->local_addr, "0.0.0.0");

  close (sock);
  g_array_set_size (changed, 0);
  g_assert_true (ladder_sockdiag_poll (sd, pids, changed, &error));
  g_assert_cmpuint (changed->len, ==, 1);
  s = &g_array_index (changed, LadderSocketState, 0);
  g_assert_cmpint (s->fd, ==, -1);
  close (other);
}

static void
test_udp (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderSockDiag) sd = ladder_sockdiag_new ("client", &error);
  g_autoptr (GArray) changed = g_array_new (FALSE, TRUE, sizeof (LadderSocketState));
  g_autoptr (GArray) current = g_array_new (FALSE, TRUE, sizeof (LadderSocketState));
  struct sockaddr_in v4 = { .sin_family = AF_INET, .sin_port = htons (9999) };
  int sock = socket (AF_INET, SOCK_DGRAM, 0);

  v4.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (sock, (struct sockaddr *) &v4, sizeof v4), ==, 0);
  g_assert_true (ladder_sockdiag_poll (sd, NULL, changed, &error));
  g_assert_no_error (error);
  if (changed->len == 0)
    {
      g_test_skip ("this kernel has no udp_diag");
      return;
    }
  /* UNCONN: CLOSED; without PIDS, no owner. */
  const LadderSocketState *s = find (changed, 17, 9999, 0);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->state, ==, LADDER_TCP_CLOSED);
  g_assert_cmpuint (s->pid, ==, 0);
  g_assert_cmpint (s->fd, ==, -1);
  ladder_sockdiag_get_current (sd, current);
  g_assert_cmpuint (current->len, ==, 1);

  /* Connected UDP is ESTABLISHED. */
  v4.sin_port = htons (7);
  g_assert_cmpint (connect (sock, (struct sockaddr *) &v4, sizeof v4), ==, 0);
  g_array_set_size (changed, 0);
  g_assert_true (ladder_sockdiag_poll (sd, NULL, changed, &error));
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpuint (g_array_index (changed, LadderSocketState, 0).state, ==, LADDER_TCP_ESTABLISHED);
  g_assert_cmpuint (g_array_index (changed, LadderSocketState, 0).peer_port, ==, 7);

  /* Closed: reported once more, then never again. */
  close (sock);
  g_array_set_size (changed, 0);
  g_assert_true (ladder_sockdiag_poll (sd, NULL, changed, &error));
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpuint (g_array_index (changed, LadderSocketState, 0).state, ==, LADDER_TCP_CLOSED);
  g_array_set_size (changed, 0);
  g_assert_true (ladder_sockdiag_poll (sd, NULL, changed, &error));
  g_assert_cmpuint (changed->len, ==, 0);
}

/* An endpoint's sockets are named after its role. */
static void
test_endpoint_program (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  const char *endpoint = g_getenv ("WIRELADDER_ENDPOINT");
  const char *argv[] = { endpoint, "tcp-echo-server", "127.0.0.1", "7000", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderSockDiag) sd = ladder_sockdiag_new ("server", &error);
  g_autoptr (GArray) pids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) changed = g_array_new (FALSE, TRUE, sizeof (LadderSocketState));
  char ready[6] = "";
  GPid pid;
  int out, status;

  g_assert_nonnull (endpoint);
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read (out, ready, 6), ==, 6);
  g_assert_cmpmem (ready, 6, "ready\n", 6);
  guint32 p = (guint32) pid;
  g_array_append_val (pids, p);

  g_assert_true (ladder_sockdiag_poll (sd, pids, changed, &error));
  const LadderSocketState *s = find (changed, 6, 7000, 0);
  g_assert_nonnull (s);
  g_assert_cmpstr (s->program, ==, "tcp-echo-server");
  g_assert_cmpuint (s->pid, ==, p);
  g_assert_cmpint (s->fd, ==, 3);

  kill (pid, SIGTERM);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  close (out);
}

/* The netlink socket keeps reading the namespace it was made in, after its
 * maker moved to another: the lab's setns(), new, setns() back. */
static void
test_stays_in_namespace (void)
{
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderSockDiag) first = ladder_sockdiag_new ("first", &error);
  g_autoptr (GArray) changed = g_array_new (FALSE, TRUE, sizeof (LadderSocketState));
  int here = tcp_listener (AF_INET, "127.0.0.1", 61000);
  char *reason = NULL;

  g_assert_no_error (error);
  g_assert_true (ladder_test_netns_enter (&reason));
  int there = tcp_listener (AF_INET, "127.0.0.1", 62000);
  g_autoptr (LadderSockDiag) second = ladder_sockdiag_new ("second", &error);
  g_assert_no_error (error);

  g_assert_true (ladder_sockdiag_poll (first, NULL, changed, &error));
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpuint (g_array_index (changed, LadderSocketState, 0).local_port, ==, 61000);
  g_assert_cmpstr (g_array_index (changed, LadderSocketState, 0).host, ==, "first");
  g_array_set_size (changed, 0);
  g_assert_true (ladder_sockdiag_poll (second, NULL, changed, &error));
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpuint (g_array_index (changed, LadderSocketState, 0).local_port, ==, 62000);
  close (here);
  close (there);
}

static void
test_map_state (void)
{
  g_assert_cmpuint (ladder_sockdiag_map_state (1), ==, LADDER_TCP_ESTABLISHED);
  g_assert_cmpuint (ladder_sockdiag_map_state (6), ==, LADDER_TCP_TIME_WAIT);
  g_assert_cmpuint (ladder_sockdiag_map_state (7), ==, LADDER_TCP_CLOSED);
  g_assert_cmpuint (ladder_sockdiag_map_state (10), ==, LADDER_TCP_LISTEN);
  g_assert_cmpuint (ladder_sockdiag_map_state (12), ==, LADDER_TCP_SYN_RECEIVED);
  g_assert_cmpuint (ladder_sockdiag_map_state (200), ==, LADDER_TCP_CLOSED);
}


/* inet_sock_set_state's format file as Linux 6.x writes it. */
static const char trace_format[] =
  "name: inet_sock_set_state\n"
  "ID: 2287\n"
  "format:\n"
  "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
  "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
  "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
  "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
  "\n"
  "\tfield:const void * skaddr;\toffset:8;\tsize:8;\tsigned:0;\n"
  "\tfield:int oldstate;\toffset:16;\tsize:4;\tsigned:1;\n"
  "\tfield:int newstate;\toffset:20;\tsize:4;\tsigned:1;\n"
  "\tfield:__u16 sport;\toffset:24;\tsize:2;\tsigned:0;\n"
  "\tfield:__u16 dport;\toffset:26;\tsize:2;\tsigned:0;\n"
  "\tfield:__u16 family;\toffset:28;\tsize:2;\tsigned:0;\n"
  "\tfield:__u16 protocol;\toffset:30;\tsize:2;\tsigned:0;\n"
  "\tfield:__u8 saddr[4];\toffset:32;\tsize:4;\tsigned:0;\n"
  "\tfield:__u8 daddr[4];\toffset:36;\tsize:4;\tsigned:0;\n"
  "\tfield:__u8 saddr_v6[16];\toffset:40;\tsize:16;\tsigned:0;\n"
  "\tfield:__u8 daddr_v6[16];\toffset:56;\tsize:16;\tsigned:0;\n"
  "\n"
  "print fmt: \"family=%s ...\", REC->family\n";

static void
put16 (guint8 *raw, guint off, guint16 v)
{
  memcpy (raw + off, &v, 2);
}

static void
put32 (guint8 *raw, guint off, guint32 v)
{
  memcpy (raw + off, &v, 4);
}

static char *
replace_all (const char *text, const char *from, const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

/* The record layout comes from the format file, and a record decodes
 * through it; a layout we cannot read is refused, with the reason. */
static void
test_trace_format (void)
{
  LadderTcpTraceFormat format;
  LadderTcpTraceRecord rec;
  g_autoptr (GError) error = NULL;
  g_autofree char *moved = NULL, *missing = NULL, *resized = NULL;
  guint8 raw[72] = { 0 };
  guint64 sk = G_GUINT64_CONSTANT (0xffff888108d3ae40);
  const guint8 src[4] = { 10, 0, 1, 1 }, dst[4] = { 10, 0, 4, 2 };

  g_assert_true (ladder_tcp_trace_format_parse (trace_format, &format, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (format.id, ==, 2287);
  g_assert_cmpuint (format.skaddr_off, ==, 8);
  g_assert_cmpuint (format.daddr_v6_off, ==, 56);
  g_assert_cmpuint (format.min_size, ==, 72);

  put32 (raw, 4, 4242);
  memcpy (raw + 8, &sk, 8);
  put32 (raw, 16, 1);   /* ESTABLISHED */
  put32 (raw, 20, 4);   /* FIN_WAIT1 */
  put16 (raw, 24, 40000);
  put16 (raw, 26, 7);
  put16 (raw, 28, AF_INET);
  put16 (raw, 30, IPPROTO_TCP);
  memcpy (raw + 32, src, 4);
  memcpy (raw + 36, dst, 4);
  g_assert_true (ladder_tcp_trace_decode (&format, raw, sizeof raw, 99, &rec));
  g_assert_cmpuint (rec.skaddr, ==, sk);
  g_assert_cmpuint (rec.pid, ==, 4242);
  g_assert_cmpuint (rec.old_state, ==, 1);
  g_assert_cmpuint (rec.new_state, ==, 4);
  g_assert_cmpuint (rec.sport, ==, 40000);
  g_assert_cmpuint (rec.dport, ==, 7);
  g_assert_cmpint (rec.ts_ns, ==, 99);
  assert_addr (&rec.saddr, "10.0.1.1");
  assert_addr (&rec.daddr, "10.0.4.2");
  /* a record cut short, and another family, are not decoded */
  g_assert_false (ladder_tcp_trace_decode (&format, raw, 71, 99, &rec));
  put16 (raw, 28, AF_UNIX);
  g_assert_false (ladder_tcp_trace_decode (&format, raw, sizeof raw, 99, &rec));

  /* another kernel's layout is followed, not assumed */
  moved = replace_all (trace_format, "offset:16;", "offset:17;");
  g_assert_true (ladder_tcp_trace_format_parse (moved, &format, &error));
  g_assert_cmpuint (format.oldstate_off, ==, 17);
  missing = replace_all (trace_format, "skaddr", "ZZZ");
  g_assert_false (ladder_tcp_trace_format_parse (missing, &format, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "skaddr"));
  g_clear_error (&error);
  resized = replace_all (trace_format, "offset:24;\tsize:2;", "offset:24;\tsize:4;");
  g_assert_false (ladder_tcp_trace_format_parse (resized, &format, &error));
  g_assert_nonnull (strstr (error->message, "sport"));
}

static gint64
realtime_now (void)
{
  return g_get_real_time () * 1000;
}

/* The kernel states of the connection between PORT (local end when
 * LOCAL) and port 60077, old → new ("1>4"), in time order. */
static GString *
traced_path (GArray *records, guint16 port, gboolean local, guint64 *sk)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      const LadderTcpTraceRecord *r = &g_array_index (records, LadderTcpTraceRecord, i);
      if (r->protocol != IPPROTO_TCP || (local ? r->sport : r->dport) != port
          || (local ? r->dport : r->sport) != 60077 || (*sk != 0 && r->skaddr != *sk))
        continue;
      *sk = r->skaddr;
      g_string_append_printf (path, "%s%u>%u", path->len ? " " : "", r->old_state, r->new_state);
    }
  return path;
}

/* As root: every state change of a loopback connection, from the kernel,
 * on the packets' clock; and sock_diag finds its TIME_WAIT. */
/* Where the BPF program runs, each of the socket's records names the
 * test's own network namespace, not the one the trace was opened in. */
static void
check_netns (LadderTcpTrace *trace, GArray *records, guint64 sk, guint16 client_port)
{
  struct stat st;
  guint n = 0;

  if (ladder_tcp_trace_get_netns_error (trace) != NULL)
    {
      g_test_message ("records carry no namespace: %s", ladder_tcp_trace_get_netns_error (trace));
      return;
    }
  g_assert_cmpint (stat ("/proc/self/ns/net", &st), ==, 0);
  for (guint i = 0; i < records->len; i++)
    {
      const LadderTcpTraceRecord *r = &g_array_index (records, LadderTcpTraceRecord, i);
      /* the client's life only: a freed struct sock is reused elsewhere */
      if (r->skaddr != sk || r->dport != 60077 || (r->sport != 0 && r->sport != client_port))
        continue;
      g_assert_cmpuint (r->netns, ==, (guint32) st.st_ino);
      n++;
    }
  g_assert_cmpuint (n, >=, 4);
}

#define CLIENT_LIFE "2>1 1>4 4>5 5>7"
#define SERVER_LIFE "10>3 3>1 1>8 8>9 9>7"

static void
string_free (GString *s)
{
  g_string_free (s, TRUE);
}

/* What the trace saw of port 60077, for a failure's log. */
static void
dump_records (LadderTcpTrace *trace, GArray *records, guint16 client_port)
{
  g_printerr ("client port %u; %u records, %" G_GUINT64_FORMAT " lost; namespaces: %s\n", client_port,
              records->len, ladder_tcp_trace_get_lost (trace),
              ladder_tcp_trace_get_netns_error (trace) ? ladder_tcp_trace_get_netns_error (trace) : "known");
  for (guint i = 0; i < records->len; i++)
    {
      const LadderTcpTraceRecord *r = &g_array_index (records, LadderTcpTraceRecord, i);
      if (r->sport == 60077 || r->dport == 60077)
        g_printerr ("  %" G_GINT64_FORMAT " sk %" G_GINT64_MODIFIER "x %u>%u %u->%u pid %u netns %u\n",
                    r->ts_ns, r->skaddr, r->old_state, r->new_state, r->sport, r->dport, r->pid, r->netns);
    }
}

static void
test_trace_live (void)
{
  g_autoptr (GError) error = NULL;
  /* Before the test's user namespace: only the initial one may attach. */
  g_autoptr (LadderTcpTrace) trace = ladder_tcp_trace_open (&error);

  if (trace == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("no sock:inet_sock_set_state here: %s", error->message);
      g_test_skip (msg);
      return;
    }
  if (!ladder_test_netns_isolate ())
    return;
  g_autoptr (GArray) records = g_array_new (FALSE, FALSE, sizeof (LadderTcpTraceRecord));
  g_autoptr (LadderSockDiag) sd = ladder_sockdiag_new ("test", &error);
  g_autoptr (GString) client_path = NULL, server_path = NULL;
  struct sockaddr_in name;
  socklen_t name_len = sizeof name;
  LadderAddr lo;
  guint64 client_sk = 0, server_sk = 0;
  gint64 before = realtime_now (), after, deadline;
  int listener = tcp_listener (AF_INET, "127.0.0.1", 60077);
  int client = tcp_connect ("127.0.0.1", 60077);
  int conn = accept (listener, NULL, NULL);
  guint16 client_port;

  g_assert_cmpint (getsockname (client, (struct sockaddr *) &name, &name_len), ==, 0);
  client_port = ntohs (name.sin_port);
  close (client);            /* the client closes first: FIN_WAIT, then TIME_WAIT */
  g_usleep (20000);
  close (conn);
  /* The last segments are handled in softirq context, which a loaded
   * machine may defer to ksoftirqd: read until both lives are complete,
   * for at most five seconds. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  do
    {
      g_usleep (20000);
      ladder_tcp_trace_read (trace, records);
      g_clear_pointer (&client_path, string_free);
      g_clear_pointer (&server_path, string_free);
      client_sk = server_sk = 0;
      client_path = traced_path (records, client_port, TRUE, &client_sk);
      server_path = traced_path (records, client_port, FALSE, &server_sk);
    }
  while ((!g_str_equal (client_path->str, CLIENT_LIFE) || !g_str_equal (server_path->str, SERVER_LIFE))
         && g_get_monotonic_time () < deadline);
  after = realtime_now ();
  g_test_message ("clock: %s, %u records, %" G_GUINT64_FORMAT " lost", ladder_tcp_trace_get_clock (trace),
                  records->len, ladder_tcp_trace_get_lost (trace));
  if (!g_str_equal (client_path->str, CLIENT_LIFE) || !g_str_equal (server_path->str, SERVER_LIFE))
    dump_records (trace, records, client_port);

  /* the client from connect() (before its port is chosen) to TIME_WAIT,
   * which Linux records as FIN_WAIT2 → CLOSE; the server from the
   * listener's clone to LAST_ACK → CLOSE */
  g_assert_cmpstr (client_path->str, ==, CLIENT_LIFE);
  check_netns (trace, records, client_sk, client_port);
  for (guint i = 0; i < records->len; i++)
    {
      const LadderTcpTraceRecord *r = &g_array_index (records, LadderTcpTraceRecord, i);
      /* the client's life only: the kernel reuses a freed struct sock, and
       * the machine's other sockets share the tracepoint */
      if (r->skaddr != client_sk || r->dport != 60077 || (r->sport != 0 && r->sport != client_port))
        continue;
      if (r->old_state == 7)
        {
          g_assert_cmpuint (r->new_state, ==, 2);
          g_assert_cmpuint (r->pid, ==, (guint) getpid ());
          g_assert_cmpuint (r->dport, ==, 60077);
        }
      g_assert_cmpint (r->ts_ns, >=, before - 1000000);
      g_assert_cmpint (r->ts_ns, <=, after + 1000000);
    }
  g_assert_cmpstr (server_path->str, ==, SERVER_LIFE);
  g_assert_cmpuint (server_sk, !=, client_sk);

  /* sock_diag: the timewait socket, and nothing for a peer that never was
   * (not the listener the kernel's lookup falls back to) */
  g_assert_no_error (error);
  g_assert_true (ladder_addr_parse ("127.0.0.1", &lo));
  g_assert_cmpint (ladder_sockdiag_query (sd, NULL, IPPROTO_TCP, &lo, client_port, &lo, 60077, NULL), ==, 6);
  g_assert_cmpint (ladder_sockdiag_query (sd, NULL, IPPROTO_TCP, &lo, 60077, &lo, 1, NULL), ==, -1);
  close (listener);
}

/* The kernel's BTF gives both offsets; any prefix of it, or garbage, is
 * refused without reading past it. */
static void
test_btf (void)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  LadderBpfNetnsOffsets offsets = { 0 };
  g_autoptr (GError) error = NULL;
  static const guint8 garbage[32] = { 0x9f, 0xeb, 1, 0, 24, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255 };

  g_assert_false (ladder_bpf_netns_offsets_parse (garbage, sizeof garbage, &offsets, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  if (!g_file_get_contents ("/sys/kernel/btf/vmlinux", &data, &len, NULL))
    {
      g_test_skip ("this kernel has no /sys/kernel/btf/vmlinux");
      return;
    }
  g_assert_true (ladder_bpf_netns_offsets_parse ((const guint8 *) data, len, &offsets, &error));
  g_assert_no_error (error);
  g_test_message ("sock -> net at %u, net -> ns.inum at %u", offsets.sk_net_off, offsets.net_inum_off);
  g_assert_cmpuint (offsets.sk_net_off, <, 256);      /* in struct sock_common, at the start */
  g_assert_cmpuint (offsets.net_inum_off, <, 4096);
  for (gsize cut = 1; cut < len; cut = cut * 2 + 7)
    {
      g_autofree guint8 *prefix = g_memdup2 (data, cut);  /* exact size: ASan sees any overread */
      g_clear_error (&error);
      ladder_bpf_netns_offsets_parse (prefix, cut, &offsets, &error);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/sockdiag/map-state", test_map_state);
  g_test_add_func ("/ladder/sockdiag/tcp-states", test_states);
  g_test_add_func ("/ladder/sockdiag/udp", test_udp);
  g_test_add_func ("/ladder/sockdiag/destroy", test_destroy);
  g_test_add_func ("/ladder/sockdiag/raw", test_raw);
  g_test_add_func ("/ladder/sockdiag/endpoint-program", test_endpoint_program);
  g_test_add_func ("/ladder/sockdiag/stays-in-namespace", test_stays_in_namespace);
  g_test_add_func ("/ladder/sockdiag/trace-format", test_trace_format);
  g_test_add_func ("/ladder/sockdiag/trace-live", test_trace_live);
  g_test_add_func ("/ladder/sockdiag/btf", test_btf);
  return g_test_run ();
}
