/* test-sockdiag.c: NETLINK_SOCK_DIAG as `ss -tuap` would show it, in a fresh
 * user + network namespace where the only sockets are the test's own. */

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ladder-sockdiag.h"
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
  return g_test_run ();
}
