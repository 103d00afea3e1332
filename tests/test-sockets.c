/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sockets.c: ladder-sockets.h on synthetic lab records: owners from
 * the calls, close() semantics, the repaired sample stamps, packets for
 * times, ss's names and address forms. */
#include <string.h>

#include "ladder-sockets.h"
#include "ladder-tcp.h"

#define MS(x) ((gint64) ((x) * 1000000.0))
#define T0    G_GINT64_CONSTANT (1700000000000000000)

static void
add_frames (LadderCapture *capture, const double *ms, guint n)
{
  static const guint8 bytes[4] = { 0 };

  for (guint i = 0; i < n; i++)
    ladder_capture_add_frame (capture, T0 + MS (ms[i]), 0, 1, bytes, sizeof bytes, sizeof bytes);
}

static LadderSocketCall
call (const char *host, guint32 pid, LadderCallKind kind, guint8 protocol, gint32 fd, gint64 result,
      double at_ms, double duration_ms)
{
  LadderSocketCall c = { 0 };

  c.ts_ns = T0 + MS (at_ms);
  c.duration_ns = MS (duration_ms);
  c.pid = pid;
  c.kind = kind;
  c.protocol = protocol;
  c.fd = fd;
  c.result = result;
  g_strlcpy (c.host, host, sizeof c.host);
  g_strlcpy (c.program, pid == 1 ? "server" : "client", sizeof c.program);
  return c;
}

static void
set_ends (LadderAddr *local, guint16 *lport, const char *l, guint16 lp,
          LadderAddr *peer, guint16 *pport, const char *p, guint16 pp)
{
  g_assert_true (ladder_addr_parse (l, local));
  *lport = lp;
  if (p != NULL)
    g_assert_true (ladder_addr_parse (p, peer));
  *pport = pp;
}

static void
add_state (LadderCapture *capture, const char *host, guint32 pid, gint32 fd, guint8 state,
           const char *l, guint16 lp, const char *p, guint16 pp, double at_ms)
{
  LadderSocketState s = { 0 };

  s.ts_ns = T0 + MS (at_ms);
  s.pid = pid;
  s.fd = fd;
  s.protocol = 6;
  s.state = state;
  set_ends (&s.local_addr, &s.local_port, l, lp, &s.peer_addr, &s.peer_port, p, pp);
  g_strlcpy (s.host, host, sizeof s.host);
  g_strlcpy (s.program, pid == 1 ? "server" : "client", sizeof s.program);
  ladder_capture_add_state (capture, &s);
}

/* The system call behind echo_capture()'s accept(). */
static LadderCallSyscall accept_syscall = LADDER_CALL_SYSCALL_KIND;

/* A server: listen() on fd 3, accept() returns fd 4 after the handshake
 * (packets 1-3), the peer closes (CLOSE_WAIT), the server closes.  The
 * client's TIME_WAIT sample is stamped 2 ms before the close() that
 * caused it, as a poll that began before it would stamp it. */
static LadderCapture *
echo_capture (void)
{
  static const double frames[] = { 10, 10.1, 10.2, 20, 30, 30.1, 30.2, 40 };
  LadderCapture *capture = ladder_capture_new ();
  LadderSocketCall c;

  add_frames (capture, frames, G_N_ELEMENTS (frames));
  c = call ("server", 1, LADDER_CALL_LISTEN, 6, 3, 0, 1, 0.01);
  set_ends (&c.local_addr, &c.local_port, "0.0.0.0", 7, &c.peer_addr, &c.peer_port, NULL, 0);
  ladder_capture_add_call (capture, &c);
  add_state (capture, "server", 1, 3, LADDER_TCP_LISTEN, "0.0.0.0", 7, "0.0.0.0", 0, 2);
  c = call ("server", 1, LADDER_CALL_ACCEPT, 6, 3, 4, 1.1, 9.15);   /* returns at 10.25 */
  c.syscall = (guint8) accept_syscall;
  set_ends (&c.local_addr, &c.local_port, "10.0.4.2", 7, &c.peer_addr, &c.peer_port, "10.0.1.1", 40000);
  ladder_capture_add_call (capture, &c);
  c = call ("client", 2, LADDER_CALL_CONNECT, 6, 3, 0, 9.9, 0.25);
  set_ends (&c.local_addr, &c.local_port, "10.0.1.1", 40000, &c.peer_addr, &c.peer_port, "10.0.4.2", 7);
  ladder_capture_add_call (capture, &c);
  add_state (capture, "server", 1, 4, LADDER_TCP_ESTABLISHED, "10.0.4.2", 7, "10.0.1.1", 40000, 15);
  c = call ("client", 2, LADDER_CALL_CLOSE, 6, 3, 0, 30, 0.01);
  set_ends (&c.local_addr, &c.local_port, "10.0.1.1", 40000, &c.peer_addr, &c.peer_port, "10.0.4.2", 7);
  ladder_capture_add_call (capture, &c);
  add_state (capture, "client", 2, -1, LADDER_TCP_TIME_WAIT, "10.0.1.1", 40000, "10.0.4.2", 7, 28);
  add_state (capture, "server", 1, 4, LADDER_TCP_CLOSE_WAIT, "10.0.4.2", 7, "10.0.1.1", 40000, 30.05);
  c = call ("server", 1, LADDER_CALL_CLOSE, 6, 4, 0, 30.15, 0.01);
  set_ends (&c.local_addr, &c.local_port, "10.0.4.2", 7, &c.peer_addr, &c.peer_port, "10.0.1.1", 40000);
  ladder_capture_add_call (capture, &c);
  add_state (capture, "server", 1, -1, LADDER_TCP_CLOSED, "10.0.4.2", 7, "10.0.1.1", 40000, 35);
  c = call ("server", 1, LADDER_CALL_CLOSE, 6, 3, 0, 36, 0.01);
  ladder_capture_add_call (capture, &c);
  return capture;
}

static const LadderSocket *
find (LadderSockets *sockets, const char *local, guint16 lp, const char *peer, guint16 pp)
{
  LadderAddr l, p;

  g_assert_true (ladder_addr_parse (local, &l));
  g_assert_true (ladder_addr_parse (peer, &p));
  return ladder_sockets_find (sockets, 6, &l, lp, &p, pp);
}

static void
assert_changes (const LadderSocket *s, const char *const *names)
{
  guint i = 0;

  for (; names[i] != NULL; i++)
    {
      const LadderSocketChange *c;
      g_assert_cmpuint (i, <, s->changes->len);
      c = &g_array_index (s->changes, LadderSocketChange, i);
      g_assert_cmpstr (c->gone ? "CLOSED" : ladder_socket_state_ss_name (c->state), ==, names[i]);
      if (i > 0)
        g_assert_cmpint (c->ts_ns, >=, g_array_index (s->changes, LadderSocketChange, i - 1).ts_ns);
    }
  g_assert_cmpuint (i, ==, s->changes->len);
}

static void
test_history (void)
{
  g_autoptr (LadderCapture) capture = echo_capture ();
  g_autoptr (LadderSockets) sockets = ladder_sockets_new (capture, 8);
  const LadderSocket *accepted = find (sockets, "10.0.4.2", 7, "10.0.1.1", 40000);
  const LadderSocket *client = find (sockets, "10.0.1.1", 40000, "10.0.4.2", 7);
  const LadderSocket *listener = find (sockets, "0.0.0.0", 7, "0.0.0.0", 0);

  g_assert_cmpuint (ladder_sockets_get_n_sockets (sockets), ==, 3);
  g_assert_nonnull (listener);
  g_assert_cmpint (listener->fd, ==, 3);
  assert_changes (listener, (const char *[]) { "LISTEN", "CLOSED", NULL });
  g_assert_nonnull (accepted);
  g_assert_cmpint (accepted->fd, ==, 4);
  g_assert_cmpuint (accepted->pid, ==, 1);
  /* accept() returned at 10.25 ms: after packet 3 (10.2), before packet 4 */
  g_assert_cmpuint (g_array_index (accepted->changes, LadderSocketChange, 0).packet, ==, 3);
  g_assert_cmpstr (g_array_index (accepted->changes, LadderSocketChange, 0).source, ==, "accept");
  /* close() in CLOSE_WAIT sends the FIN: LAST_ACK */
  assert_changes (accepted, (const char *[]) { "ESTAB", "CLOSE-WAIT", "LAST-ACK", "CLOSED", NULL });
  /* close() in ESTABLISHED: FIN_WAIT_1; the early TIME_WAIT sample comes after it */
  g_assert_nonnull (client);
  assert_changes (client, (const char *[]) { "ESTAB", "FIN-WAIT-1", "TIME-WAIT", NULL });
  g_assert_cmpuint (g_array_index (client->changes, LadderSocketChange, 1).packet, ==, 5);
  g_assert_cmpuint (g_array_index (client->changes, LadderSocketChange, 2).packet, ==, 5);
}

/* A socket first seen at its accept4() says so (a Python server's accept). */
static void
test_accept4 (void)
{
  g_autoptr (LadderCapture) capture = NULL;
  g_autoptr (LadderSockets) sockets = NULL;
  const LadderSocket *accepted;

  accept_syscall = LADDER_CALL_SYSCALL_ACCEPT4;
  capture = echo_capture ();
  accept_syscall = LADDER_CALL_SYSCALL_KIND;
  sockets = ladder_sockets_new (capture, 8);
  accepted = find (sockets, "10.0.4.2", 7, "10.0.1.1", 40000);
  g_assert_nonnull (accepted);
  g_assert_cmpstr (g_array_index (accepted->changes, LadderSocketChange, 0).source, ==, "accept4");
}

static const LadderSocketRow *
row_of (GArray *rows, const LadderSocket *s)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, LadderSocketRow, i).socket == s)
      return &g_array_index (rows, LadderSocketRow, i);
  return NULL;
}

static void
test_table (void)
{
  g_autoptr (LadderCapture) capture = echo_capture ();
  g_autoptr (LadderSockets) sockets = ladder_sockets_new (capture, 8);
  const LadderSocket *accepted = find (sockets, "10.0.4.2", 7, "10.0.1.1", 40000);
  const LadderSocket *client = find (sockets, "10.0.1.1", 40000, "10.0.4.2", 7);
  g_autoptr (GArray) at3 = ladder_sockets_table_at (sockets, 3);
  g_autoptr (GArray) at4 = ladder_sockets_table_at (sockets, 4);
  g_autoptr (GArray) at8 = ladder_sockets_table_at (sockets, 8);
  g_autoptr (GArray) none = ladder_sockets_table_at (sockets, 9);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *process = NULL;

  g_assert_null (row_of (at3, accepted));
  g_assert_nonnull (row_of (at4, accepted));
  /* rows: the server (it listens) first, its listener before its connection */
  g_assert_cmpstr (g_array_index (at4, LadderSocketRow, 0).socket->host, ==, "server");
  g_assert_cmpuint (g_array_index (at4, LadderSocketRow, 0).state, ==, LADDER_TCP_LISTEN);
  g_assert_cmpstr (g_array_index (at4, LadderSocketRow, 1).socket->host, ==, "server");
  g_assert_cmpstr (g_array_index (at4, LadderSocketRow, 2).socket->host, ==, "client");
  process = ladder_socket_row_format_process (row_of (at4, accepted));
  g_assert_cmpstr (process, ==, "users:((\"server\",pid=1,fd=4))");
  /* at the end: only the client's TIME-WAIT, owned by nobody */
  g_assert_cmpuint (at8->len, ==, 1);
  g_assert_true (row_of (at8, client) != NULL);
  g_assert_cmpint (row_of (at8, client)->fd, ==, -1);
  g_assert_cmpuint (none->len, ==, 0);
  ladder_sockets_write_table_text (at4, text);
  g_assert_nonnull (strstr (text->str, "server:\nState  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
                                  "LISTEN 0      0      0.0.0.0:7          0.0.0.0:*         "
                                  "users:((\"server\",pid=1,fd=3))\n"));
}

static void
test_names (void)
{
  LadderAddr v6, none = { 0 };
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  g_assert_true (ladder_addr_parse ("fd00:4::2", &v6));
  a = ladder_socket_format_endpoint (&v6, 7, 6);
  b = ladder_socket_format_endpoint (&none, 0, 6);
  c = ladder_socket_format_endpoint (&none, 0, 4);
  g_assert_cmpstr (a, ==, "[fd00:4::2]:7");
  g_assert_cmpstr (b, ==, "[::]:*");
  g_assert_cmpstr (c, ==, "0.0.0.0:*");
  g_assert_cmpstr (ladder_socket_state_ss_name (LADDER_TCP_ESTABLISHED), ==, "ESTAB");
  g_assert_cmpstr (ladder_socket_state_ss_name (LADDER_TCP_SYN_RECEIVED), ==, "SYN-RECV");
  g_assert_cmpstr (ladder_socket_state_ss_name (LADDER_TCP_CLOSE_WAIT), ==, "CLOSE-WAIT");
  g_assert_cmpstr (ladder_socket_state_ss_name (LADDER_TCP_CLOSED), ==, "UNCONN");
}

/* Packets captured out of time order on different links: a time maps to
 * the highest packet number captured at or before it. */
static void
test_packets (void)
{
  static const double frames[] = { 5, 3, 8 };
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  g_autoptr (LadderSockets) sockets = NULL;
  LadderSocketCall c = call ("server", 1, LADDER_CALL_BIND, 17, 3, 0, 4, 0);

  add_frames (capture, frames, G_N_ELEMENTS (frames));
  set_ends (&c.local_addr, &c.local_port, "0.0.0.0", 53, &c.peer_addr, &c.peer_port, NULL, 0);
  ladder_capture_add_call (capture, &c);
  c = call ("server", 1, LADDER_CALL_CLOSE, 17, 3, 0, 6, 0);
  ladder_capture_add_call (capture, &c);
  sockets = ladder_sockets_new (capture, 3);
  g_assert_cmpuint (ladder_sockets_get_n_sockets (sockets), ==, 1);
  {
    const LadderSocket *s = ladder_sockets_get_socket (sockets, 0);
    g_autoptr (GArray) at1 = ladder_sockets_table_at (sockets, 1);
    g_autoptr (GArray) at3 = ladder_sockets_table_at (sockets, 3);
    g_assert_cmpuint (g_array_index (s->changes, LadderSocketChange, 0).packet, ==, 2);
    g_assert_cmpuint (g_array_index (s->changes, LadderSocketChange, 1).packet, ==, 2);
    g_assert_true (g_array_index (s->changes, LadderSocketChange, 1).gone);
    g_assert_cmpuint (at1->len, ==, 1);   /* at 5 ms: bound at 4, closed at 6 */
    g_assert_cmpstr (ladder_socket_state_ss_name (g_array_index (at1, LadderSocketRow, 0).state), ==, "UNCONN");
    g_assert_cmpuint (at3->len, ==, 0);
  }
}

/* A capture without the lab's records has no sockets. */
static void
test_empty (void)
{
  static const double frames[] = { 1, 2 };
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  g_autoptr (LadderSockets) sockets = NULL;
  g_autoptr (GArray) rows = NULL;

  add_frames (capture, frames, G_N_ELEMENTS (frames));
  sockets = ladder_sockets_new (capture, 2);
  rows = ladder_sockets_table_at (sockets, 1);
  g_assert_cmpuint (ladder_sockets_get_n_sockets (sockets), ==, 0);
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
add_traced (LadderCapture *capture, const char *host, guint32 pid, gint32 fd, guint8 state, guint8 source,
            guint32 recv_q, guint32 send_q, const char *l, guint16 lp, const char *p, guint16 pp, double at_ms)
{
  LadderSocketState s = { 0 };

  s.ts_ns = T0 + MS (at_ms);
  s.pid = pid;
  s.fd = fd;
  s.protocol = 6;
  s.state = state;
  s.source = source;
  s.recv_q = recv_q;
  s.send_q = send_q;
  set_ends (&s.local_addr, &s.local_port, l, lp, &s.peer_addr, &s.peer_port, p, pp);
  g_strlcpy (s.host, host, sizeof s.host);
  g_strlcpy (s.program, "server", sizeof s.program);
  ladder_capture_add_state (capture, &s);
}

/* Queue samples beside the tracepoint's states: no state change of their
 * own, the queues from their time on; a state change keeps them unless
 * it empties them. */
static void
test_queues (void)
{
  static const double frames[] = { 10, 20, 30, 40 };
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  g_autoptr (LadderSockets) sockets = NULL;
  const LadderSocket *conn;
  guint32 recv_q[4] = { 0 }, send_q[4] = { 0 };

  add_frames (capture, frames, G_N_ELEMENTS (frames));
  add_traced (capture, "server", 1, 3, LADDER_TCP_LISTEN, LADDER_STATE_SOURCE_TRACEPOINT, 0, 0, "0.0.0.0", 7, NULL, 0, 1);
  add_traced (capture, "server", 1, 3, LADDER_TCP_LISTEN, LADDER_STATE_SOURCE_QUEUES, 0, 5, "0.0.0.0", 7, NULL, 0, 2);
  add_traced (capture, "server", 1, 4, LADDER_TCP_ESTABLISHED, LADDER_STATE_SOURCE_TRACEPOINT, 0, 0,
              "10.0.4.2", 7, "10.0.1.1", 40000, 9);
  /* a sample racing the tracepoint says an old state: only its queues count */
  add_traced (capture, "server", 1, 4, LADDER_TCP_SYN_RECEIVED, LADDER_STATE_SOURCE_QUEUES, 6, 0,
              "10.0.4.2", 7, "10.0.1.1", 40000, 15);
  add_traced (capture, "server", 1, 4, LADDER_TCP_CLOSE_WAIT, LADDER_STATE_SOURCE_TRACEPOINT, 0, 0,
              "10.0.4.2", 7, "10.0.1.1", 40000, 25);
  add_traced (capture, "server", 1, -1, LADDER_TCP_TIME_WAIT, LADDER_STATE_SOURCE_TRACEPOINT, 0, 0,
              "10.0.4.2", 7, "10.0.1.1", 40000, 35);
  g_assert_cmpuint (ladder_capture_get_n_states (capture), ==, 4);
  g_assert_cmpuint (ladder_capture_get_n_queues (capture), ==, 2);
  sockets = ladder_sockets_new (capture, G_N_ELEMENTS (frames));
  g_assert_cmpuint (ladder_sockets_get_n_sockets (sockets), ==, 2);
  conn = ladder_sockets_get_socket (sockets, 1);
  g_assert_cmpuint (conn->changes->len, ==, 3);   /* ESTAB, CLOSE-WAIT, TIME-WAIT: no SYN-RECV */
  for (guint64 n = 1; n <= 4; n++)
    {
      g_autoptr (GArray) rows = ladder_sockets_table_at (sockets, n);
      for (guint i = 0; i < rows->len; i++)
        {
          const LadderSocketRow *r = &g_array_index (rows, LadderSocketRow, i);
          if (r->state == LADDER_TCP_LISTEN)
            g_assert_cmpuint (r->send_q, ==, 5);   /* the backlog */
          else
            recv_q[n - 1] = r->recv_q, send_q[n - 1] = r->send_q;
        }
    }
  g_assert_cmpuint (recv_q[0], ==, 0);   /* at 10 ms: ESTAB, nothing queued yet */
  g_assert_cmpuint (recv_q[1], ==, 6);   /* at 20 ms: the request unread */
  g_assert_cmpuint (recv_q[2], ==, 6);   /* CLOSE-WAIT keeps it */
  g_assert_cmpuint (recv_q[3], ==, 0);   /* TIME-WAIT holds nothing */
  g_assert_cmpuint (send_q[3], ==, 0);
}

/* fork(): the child holds the parent's descriptors; the parent's close()
 * leaves the connection to the child, whose close() sends the FIN. */
static void
test_fork (void)
{
  static const double frames[] = { 10, 20, 30, 40 };
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  g_autoptr (LadderSockets) sockets = NULL;
  const LadderSocket *conn;
  const LadderSocketChange *last;
  LadderSocketCall c;
  LadderAddr local, peer;

  add_frames (capture, frames, G_N_ELEMENTS (frames));
  add_state (capture, "server", 1, 3, LADDER_TCP_LISTEN, "0.0.0.0", 7, NULL, 0, 1);
  c = call ("server", 1, LADDER_CALL_ACCEPT, 6, 3, 4, 2, 7);
  set_ends (&c.local_addr, &c.local_port, "10.0.4.2", 7, &c.peer_addr, &c.peer_port, "10.0.1.1", 40000);
  ladder_capture_add_call (capture, &c);
  local = c.local_addr;
  peer = c.peer_addr;
  c = call ("server", 1, LADDER_CALL_FORK, 0, -1, 77, 12, 0);
  ladder_capture_add_call (capture, &c);
  c = call ("server", 1, LADDER_CALL_CLOSE, 6, 4, 0, 13, 0.01);
  ladder_capture_add_call (capture, &c);
  c = call ("server", 77, LADDER_CALL_CLOSE, 6, 4, 0, 35, 0.01);
  ladder_capture_add_call (capture, &c);
  sockets = ladder_sockets_new (capture, G_N_ELEMENTS (frames));
  conn = ladder_sockets_find (sockets, 6, &local, 7, &peer, 40000);
  g_assert_nonnull (conn);
  {
    g_autoptr (GArray) rows = ladder_sockets_table_at (sockets, 3);   /* 30 ms: the child's */
    gboolean found = FALSE;
    for (guint i = 0; i < rows->len; i++)
      {
        const LadderSocketRow *r = &g_array_index (rows, LadderSocketRow, i);
        if (r->socket != conn)
          continue;
        found = TRUE;
        g_assert_cmpuint (r->state, ==, LADDER_TCP_ESTABLISHED);
        g_assert_cmpint (r->fd, ==, 4);
        g_assert_cmpuint (r->socket->pid, ==, 77);
      }
    g_assert_true (found);
  }
  last = &g_array_index (conn->changes, LadderSocketChange, conn->changes->len - 1);
  g_assert_cmpuint (last->state, ==, LADDER_TCP_FIN_WAIT_1);
  g_assert_cmpint (last->ts_ns, ==, T0 + MS (35));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/sockets/history", test_history);
  g_test_add_func ("/ladder/sockets/accept4", test_accept4);
  g_test_add_func ("/ladder/sockets/table", test_table);
  g_test_add_func ("/ladder/sockets/names", test_names);
  g_test_add_func ("/ladder/sockets/packets", test_packets);
  g_test_add_func ("/ladder/sockets/empty", test_empty);
  g_test_add_func ("/ladder/sockets/queues", test_queues);
  g_test_add_func ("/ladder/sockets/fork", test_fork);
  return g_test_run ();
}
