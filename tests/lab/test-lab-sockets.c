/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab-sockets.c: the kernel's view of the lab's sockets, from real runs
 * of `wireladder-cli lab run`: the model (ladder-sockets.h) and
 * `wireladder-cli sockets`.  Skips, with the reason, where the lab cannot
 * make its namespaces. */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ladder-sockets.h"
#include "ladder-tcp.h"
#include "ladder-test-lab.h"

/* Runs SCENARIO (with EXTRA, may be NULL) into a file under the test's directory;
 * returns its path. */
static char *
run_lab_with (const char *scenario, const char *extra)
{
  char *path = g_build_filename (ladder_test_lab.tmpdir, scenario, NULL);

  g_free (ladder_test_lab_run (scenario, (const char *[]) { extra, NULL }, path));
  return path;
}

static char *
run_lab (const char *scenario)
{
  return run_lab_with (scenario, NULL);
}

/* The first packet carrying data from server port PORT: by then the
 * server has accept()ed (when accept() returns varies between runs: the
 * client's request may wait in the new socket's queue). */
static guint64
first_reply (LadderCapture *capture, guint16 port)
{
  for (guint64 n = 1; n <= ladder_capture_get_n_frames (capture); n++)
    {
      LadderPacket pkt;
      if (ladder_capture_decode (capture, n, &pkt, NULL) && pkt.ip_proto == 6
          && pkt.sport == port && pkt.payload_len > 0)
        return n;
    }
  g_assert_not_reached ();
}

/* The first SYN to PORT: packets before it (IPv6 multicast listener
 * reports as the links come up) can precede the server's listen(). */
static guint64
first_syn (LadderCapture *capture, guint16 port)
{
  for (guint64 n = 1; n <= ladder_capture_get_n_frames (capture); n++)
    {
      LadderPacket pkt;
      if (ladder_capture_decode (capture, n, &pkt, NULL) && pkt.ip_proto == 6
          && pkt.dport == port && (pkt.tcp_flags & LADDER_TCP_SYN) && !(pkt.tcp_flags & LADDER_TCP_ACK))
        return n;
    }
  g_assert_not_reached ();
}

static guint
count_rows (GArray *rows, const char *host, guint8 state, guint16 local_port)
{
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const LadderSocketRow *r = &g_array_index (rows, LadderSocketRow, i);
      n += strcmp (r->socket->host, host) == 0 && r->state == state
           && r->socket->local_port == local_port;
    }
  return n;
}

static const LadderSocketRow *
find_row (GArray *rows, const char *host, guint8 state, guint16 local_port)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const LadderSocketRow *r = &g_array_index (rows, LadderSocketRow, i);
      if (strcmp (r->socket->host, host) == 0 && r->state == state && r->socket->local_port == local_port)
        return r;
    }
  return NULL;
}

/* The backlog HOST's listen() asked for (its second argument). */
static guint
listen_backlog (LadderCapture *capture, const char *host)
{
  for (guint i = 0; i < ladder_capture_get_n_calls (capture); i++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (capture, i);
      const char *comma = strchr (c->args, ',');
      if (c->kind == LADDER_CALL_LISTEN && strcmp (c->host, host) == 0 && comma != NULL)
        return (guint) g_ascii_strtoull (comma + 1, NULL, 10);
    }
  g_assert_not_reached ();
}

static gboolean
is_traced (LadderCapture *capture)
{
  for (guint i = 0; i < ladder_capture_get_n_states (capture); i++)
    if (ladder_capture_get_state (capture, i)->source == LADDER_STATE_SOURCE_TRACEPOINT)
      return TRUE;
  return FALSE;
}

/* After the handshake, the server holds two sockets on port 7: the
 * listening one and the one accept() returned, with another fd.  The
 * listener's Send-Q is its backlog, as ss shows it, whether the states
 * came from the tracepoint (the queues then from samples of their own) or
 * from samples. */
static void
check_echo_table (LadderCapture *capture, LadderSockets *sockets, guint64 at)
{
  g_autoptr (GArray) rows = ladder_sockets_table_at (sockets, at);
  const LadderSocketRow *listen = find_row (rows, "server", LADDER_TCP_LISTEN, 7);
  const LadderSocketRow *estab = find_row (rows, "server", LADDER_TCP_ESTABLISHED, 7);
  g_autofree char *process = NULL;

  g_assert_nonnull (listen);
  g_assert_nonnull (estab);
  g_assert_cmpuint (listen->send_q, ==, listen_backlog (capture, "server"));
  g_assert_cmpuint (listen_backlog (capture, "server"), >, 0);
  if (is_traced (capture))
    g_assert_cmpuint (ladder_capture_get_n_queues (capture), >, 0);
  g_assert_cmpuint (count_rows (rows, "server", LADDER_TCP_ESTABLISHED, 7), ==, 1);
  g_assert_cmpint (listen->fd, >=, 3);
  g_assert_cmpint (estab->fd, >=, 3);
  g_assert_cmpint (listen->fd, !=, estab->fd);
  g_assert_cmpuint (listen->socket->pid, !=, 0);
  g_assert_cmpuint (listen->socket->pid, ==, estab->socket->pid);
  g_assert_cmpstr (listen->socket->program, ==, "tcp-echo-server");
  g_assert_cmpuint (listen->socket->peer_port, ==, 0);
  g_assert_cmpuint (estab->socket->peer_port, !=, 0);
  process = ladder_socket_row_format_process (estab);
  g_assert_true (g_str_has_prefix (process, "users:((\"tcp-echo-server\",pid="));
  g_assert_nonnull (strstr (process, ",fd="));
  /* the client's end too, owned by the client program */
  g_assert_nonnull (find_row (rows, "client", LADDER_TCP_ESTABLISHED, estab->socket->peer_port));
}

/* Each socket's states in time order, with packet numbers that never go
 * back; the server's accepted socket ends gone, the client's in TIME_WAIT
 * without an owner (it closed first). */
static void
check_echo_history (LadderSockets *sockets, guint64 n_frames)
{
  guint n_tcp = 0;

  for (guint i = 0; i < ladder_sockets_get_n_sockets (sockets); i++)
    {
      const LadderSocket *s = ladder_sockets_get_socket (sockets, i);
      g_assert_cmpuint (s->changes->len, >, 0);
      n_tcp += s->protocol == 6;
      for (guint j = 1; j < s->changes->len; j++)
        {
          const LadderSocketChange *a = &g_array_index (s->changes, LadderSocketChange, j - 1);
          const LadderSocketChange *b = &g_array_index (s->changes, LadderSocketChange, j);
          g_assert_cmpint (a->ts_ns, <=, b->ts_ns);
          g_assert_cmpuint (a->packet, <=, b->packet);
          g_assert_cmpuint (b->packet, <=, n_frames);
          g_assert_false (a->gone);
        }
    }
  g_assert_cmpuint (n_tcp, ==, 3);  /* listener, accepted, client */
}

/* The client closed first: its socket ends in TIME-WAIT, which no process
 * holds; at the last packet (the kernel's TIME_WAIT sample may come just
 * after it) the client's socket is closing and owned by nobody either. */
static void
check_client_time_wait (LadderSockets *sockets)
{
  g_autoptr (GArray) rows = ladder_sockets_table_at (sockets, ladder_sockets_get_n_frames (sockets));
  const LadderSocket *client = NULL;
  const LadderSocketChange *last;
  guint n_client_rows = 0;

  for (guint i = 0; i < ladder_sockets_get_n_sockets (sockets); i++)
    if (strcmp (ladder_sockets_get_socket (sockets, i)->host, "client") == 0)
      client = ladder_sockets_get_socket (sockets, i);
  g_assert_nonnull (client);
  last = &g_array_index (client->changes, LadderSocketChange, client->changes->len - 1);
  g_assert_cmpstr (ladder_socket_state_ss_name (last->state), ==, "TIME-WAIT");
  g_assert_false (last->gone);
  g_assert_cmpint (last->fd, ==, -1);
  for (guint i = 0; i < rows->len; i++)
    {
      const LadderSocketRow *r = &g_array_index (rows, LadderSocketRow, i);
      g_autofree char *process = ladder_socket_row_format_process (r);
      if (r->socket != client)
        continue;
      n_client_rows++;
      g_assert_true (r->state == LADDER_TCP_TIME_WAIT || r->state == LADDER_TCP_FIN_WAIT_1
                     || r->state == LADDER_TCP_FIN_WAIT_2);
      g_assert_cmpstr (process, ==, "");
    }
  g_assert_cmpuint (n_client_rows, ==, 1);
}

static void
test_tcp_echo (void)
{
  g_autofree char *path = NULL;
  g_autoptr (LadderCapture) capture = NULL;
  g_autoptr (LadderSockets) sockets = NULL;
  guint64 at;

  if (ladder_test_lab_skip (FALSE))
    return;
  path = run_lab ("tcp-echo");
  capture = ladder_test_lab_load (path);
  sockets = ladder_sockets_new (capture, ladder_capture_get_n_frames (capture));
  at = first_reply (capture, 7);
  check_echo_table (capture, sockets, at);
  check_echo_history (sockets, ladder_capture_get_n_frames (capture));
  check_client_time_wait (sockets);
  /* at the SYN the server has nothing but its listener;
   * the client's socket is in SYN-SENT where the kernel's every change is
   * recorded (connect() sets it just before the SYN leaves), and unknown
   * to samples, which come later */
  {
    g_autoptr (GArray) rows = ladder_sockets_table_at (sockets, first_syn (capture, 7));
    const LadderSocketRow *listen = find_row (rows, "server", LADDER_TCP_LISTEN, 7);

    gboolean traced = FALSE;

    for (guint i = 0; i < ladder_capture_get_n_states (capture); i++)
      traced |= ladder_capture_get_state (capture, i)->source == LADDER_STATE_SOURCE_TRACEPOINT;
    g_assert_nonnull (listen);
    g_assert_cmpuint (rows->len, <=, 2);
    if (traced)
      g_assert_cmpuint (rows->len, ==, 2);
    for (guint i = 0; i < rows->len; i++)
      {
        const LadderSocketRow *r = &g_array_index (rows, LadderSocketRow, i);
        if (r == listen)
          continue;
        g_assert_cmpstr (r->socket->host, ==, "client");
        g_assert_cmpuint (r->state, ==, LADDER_TCP_SYN_SENT);
      }
  }
  g_unlink (path);
}

/* The lab as an unprivileged user runs it: inside a user namespace, the
 * kernel's view of the sockets is recorded the same way. */
static void
test_tcp_echo_userns (void)
{
  g_autofree char *path = NULL;
  g_autoptr (LadderCapture) capture = NULL;
  g_autoptr (LadderSockets) sockets = NULL;

  if (ladder_test_lab_skip (FALSE))
    return;
  if (strstr (ladder_test_lab.probe_out, "\nuserns: yes") == NULL)
    {
      g_test_skip ("no user namespace can be made here (`lab probe`: userns: no)");
      return;
    }
  path = run_lab_with ("tcp-echo", "--userns");
  capture = ladder_test_lab_load (path);
  sockets = ladder_sockets_new (capture, ladder_capture_get_n_frames (capture));
  check_echo_table (capture, sockets, first_reply (capture, 7));
  check_echo_history (sockets, ladder_capture_get_n_frames (capture));
  g_unlink (path);
}

/* The CLI prints the same: ss's text and the documented JSON. */
static void
test_cli (void)
{
  g_autofree char *path = NULL, *at = NULL, *text = NULL, *json = NULL, *history = NULL;
  g_autofree char *err = NULL, *bad = NULL, *beyond = NULL, *prefix = NULL;
  g_autoptr (LadderCapture) capture = NULL;
  int status = -1;

  if (ladder_test_lab_skip (FALSE))
    return;
  path = run_lab ("tcp-echo");
  capture = ladder_test_lab_load (path);
  at = g_strdup_printf ("%" G_GUINT64_FORMAT, first_reply (capture, 7));
  text = ladder_test_cli_run ((const char *[]) { "sockets", path, "--at", at, NULL }, &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process"));
  g_assert_true (g_regex_match_simple ("\nLISTEN +[0-9]+ +[0-9]+ +0\\.0\\.0\\.0:7 +0\\.0\\.0\\.0:\\* +"
                                       "users:\\(\\(\"tcp-echo-server\",pid=[0-9]+,fd=[0-9]+\\)\\)\n", text, 0, 0));
  g_assert_true (g_regex_match_simple ("\nESTAB +[0-9]+ +[0-9]+ +10\\.0\\.4\\.2:7 +10\\.0\\.1\\.1:[0-9]+ +"
                                       "users:\\(\\(\"tcp-echo-server\",pid=[0-9]+,fd=[0-9]+\\)\\)\n", text, 0, 0));
  g_clear_pointer (&err, g_free);
  json = ladder_test_cli_run ((const char *[]) { "sockets", "--json", path, "--at", at, NULL }, &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  prefix = g_strdup_printf ("{\"at\":%s,", at);
  g_assert_true (g_str_has_prefix (json, prefix));
  g_assert_true (g_regex_match_simple ("\\{\"state\":\"LISTEN\",\"recv_q\":[0-9]+,\"send_q\":[0-9]+,"
                                       "\"local\":\\{\"addr\":\"0.0.0.0\",\"port\":7\\},"
                                       "\"peer\":\\{\"addr\":\"0.0.0.0\",\"port\":null\\},"
                                       "\"host\":\"server\",\"program\":\"tcp-echo-server\","
                                       "\"pid\":[0-9]+,\"fd\":[0-9]+,\"protocol\":\"tcp\"\\}", json, 0, 0));
  g_clear_pointer (&err, g_free);
  history = ladder_test_cli_run ((const char *[]) { "sockets", "--json", path, NULL }, &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (history, "\"states\":[{\"time\":"));
  g_assert_nonnull (strstr (history, "\"state\":\"TIME-WAIT\""));
  /* usage: a packet the capture does not have */
  g_clear_pointer (&err, g_free);
  beyond = ladder_test_cli_run ((const char *[]) { "sockets", path, "--at", "100000", NULL }, &status, &err);
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "--at 100000"));
  g_assert_nonnull (strstr (err, "packets"));
  g_clear_pointer (&err, g_free);
  bad = ladder_test_cli_run ((const char *[]) { "sockets", "/nonexistent.pcapng", NULL }, &status, &err);
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent.pcapng"));
  g_unlink (path);
}

/* The largest Send-Q and Recv-Q any socket of HOST had at any packet. */
static void
max_queues (LadderSockets *sockets, const char *host, guint32 *recv_q, guint32 *send_q)
{
  *recv_q = *send_q = 0;
  for (guint64 n = 1; n <= ladder_sockets_get_n_frames (sockets); n++)
    {
      g_autoptr (GArray) rows = ladder_sockets_table_at (sockets, n);
      for (guint i = 0; i < rows->len; i++)
        {
          const LadderSocketRow *r = &g_array_index (rows, LadderSocketRow, i);
          if (strcmp (r->socket->host, host) != 0 || r->socket->protocol != 6 || r->state == LADDER_TCP_LISTEN)
            continue;
          *recv_q = MAX (*recv_q, r->recv_q);
          *send_q = MAX (*send_q, r->send_q);
        }
    }
}

/* 300 kB written at once over a 4 Mbit/s link waits in the client's
 * send queue: the table shows real queue sizes (not the 0 a state change
 * says nothing about), as root (tracepoint states, queue samples) and in
 * a user namespace (samples), and the capture keeps up. */
static void
check_transfer_queues (const char *extra)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, "transfer", NULL);
  g_autofree char *summary = ladder_test_lab_run ("lossy-transfer", (const char *[]) { extra, NULL }, path);
  g_autoptr (LadderCapture) capture = ladder_test_lab_load (path);
  g_autoptr (LadderSockets) sockets = ladder_sockets_new (capture, ladder_capture_get_n_frames (capture));
  guint32 recv_q, send_q;

  max_queues (sockets, "client", &recv_q, &send_q);
  g_test_message ("%s: client's largest Send-Q %u, Recv-Q %u; %u queue samples", extra ? extra : "root",
                  send_q, recv_q, ladder_capture_get_n_queues (capture));
  g_assert_cmpuint (send_q, >, 10000);
  /* asking for queues never slows the capture into dropping packets */
  g_assert_nonnull (strstr (summary, "\ndropped: 0\n"));
  if (extra == NULL && is_traced (capture))
    g_assert_cmpuint (ladder_capture_get_n_queues (capture), >, 0);
  g_unlink (path);
}

static void
test_transfer_queues (void)
{
  if (ladder_test_lab_skip (FALSE))
    return;
  check_transfer_queues (NULL);
}

static void
test_transfer_queues_userns (void)
{
  if (ladder_test_lab_skip (TRUE))
    return;
  check_transfer_queues ("--userns");
}

/* outside-twin.py in a network namespace of its own: started, it has said
 * "ready"; OUT reads its count at the end. */
static GPid
start_twin (int *in, FILE **out)
{
  g_autofree char *script = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "lab", "outside-twin.py", NULL);
  const char *root[] = { "unshare", "--net", "python3", script, "10.0.1.1", "10.0.2.2", "40000", NULL };
  const char *user[] = { "unshare", "--user", "--map-root-user", "--net", "python3", script, "10.0.1.1",
                         "10.0.2.2", "40000", NULL };
  g_autoptr (GError) error = NULL;
  char line[64] = "";
  GPid pid;
  int out_fd;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) (geteuid () == 0 ? root : user), NULL,
                                           G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                           &pid, in, &out_fd, NULL, &error));
  g_assert_no_error (error);
  *out = fdopen (out_fd, "r");
  g_assert_nonnull (fgets (line, sizeof line, *out));
  g_assert_cmpstr (line, ==, "ready\n");
  return pid;
}

static guint
stop_twin (GPid pid, int in, FILE *out)
{
  char line[64] = "";
  int status = -1;

  close (in);
  g_assert_nonnull (fgets (line, sizeof line, out));
  fclose (out);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return (guint) g_ascii_strtoull (line, NULL, 10);
}

/* Each socket on local port PORT of the lab: one life, each state once. */
static guint
assert_one_life (LadderSockets *sockets, guint16 port)
{
  guint n = 0;

  for (guint i = 0; i < ladder_sockets_get_n_sockets (sockets); i++)
    {
      const LadderSocket *s = ladder_sockets_get_socket (sockets, i);
      guint seen[16] = { 0 };

      if (s->protocol != 6 || (s->local_port != port && s->peer_port != port))
        continue;
      n++;
      for (guint j = 0; j < s->changes->len; j++)
        {
          const LadderSocketChange *c = &g_array_index (s->changes, LadderSocketChange, j);
          if (c->state < G_N_ELEMENTS (seen) && c->fd >= 0 && ++seen[c->state] > 1)
            g_error ("socket %u of %s: %s twice", s->index, s->host, ladder_socket_state_ss_name (c->state));
        }
    }
  return n;
}

/* Another network namespace, outside the lab, makes the lab client's very
 * 5-tuple over and over on its loopback while the lab runs: the kernel
 * states recorded are the lab's sockets' alone (by namespace where the
 * tracepoint records them; sampling only ever reads the lab's). */
static void
test_outside_twin (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "programs", NULL);
  g_autofree char *server = g_strdup_printf ("python3 %s/echo_server.py 1", dir);
  g_autofree char *client = g_strdup_printf ("python3 %s/bound_client.py 40000", dir);
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, "twin.pcapng", NULL);
  g_autofree char *summary = NULL;
  g_autoptr (LadderCapture) capture = NULL;
  g_autoptr (LadderSockets) sockets = NULL;
  FILE *out = NULL;
  int in = -1;
  GPid pid;
  guint made;

  if (ladder_test_lab_skip (geteuid () != 0))
    return;
  pid = start_twin (&in, &out);
  summary = ladder_test_lab_run ("custom", (const char *[]) { "--server", server, "--client", client,
                                                              "--hops", "1", NULL }, path);
  made = stop_twin (pid, in, out);
  g_test_message ("the twin made %u connections with the lab client's 5-tuple meanwhile", made);
  g_assert_cmpuint (made, >, 10);
  if (geteuid () == 0 && strstr (summary, "by network namespace") == NULL)
    g_test_message ("tracepoint records without namespaces: %s", strstr (summary, "kernel states:"));
  capture = ladder_test_lab_load (path);
  sockets = ladder_sockets_new (capture, ladder_capture_get_n_frames (capture));
  /* the client's and the server's end, nothing more */
  g_assert_cmpuint (assert_one_life (sockets, 40000), ==, 2);
  for (guint i = 0; i < ladder_capture_get_n_states (capture); i++)
    {
      const LadderSocketState *r = ladder_capture_get_state (capture, i);
      if (r->local_port == 40000 || r->peer_port == 40000)
        g_assert_true (g_str_equal (r->host, "client") || g_str_equal (r->host, "server"));
    }
  g_unlink (path);
}

/* Without the lab: a capture with no records says so; usage errors. */
static void
test_cli_plain (void)
{
  g_autofree char *plain = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "tcp-echo-v4.pcap", NULL);
  g_autofree char *out = NULL, *err = NULL, *zero = NULL, *zero_err = NULL, *none = NULL, *none_err = NULL;
  int status = -1;

  out = ladder_test_cli_run ((const char *[]) { "sockets", plain, NULL }, &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_prefix (out, "No socket records"));
  zero = ladder_test_cli_run ((const char *[]) { "sockets", plain, "--at", "0", NULL }, &status, &zero_err);
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (zero_err, "count from 1"));
  none = ladder_test_cli_run ((const char *[]) { "sockets", NULL }, &status, &none_err);
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (none_err, "FILE"));
}

/* select-chat: one listening socket and one accepted socket per client,
 * all on port 9999, with fds of their own, while all three are connected. */
static void
test_select_chat (void)
{
  g_autofree char *path = NULL;
  g_autoptr (LadderCapture) capture = NULL;
  g_autoptr (LadderSockets) sockets = NULL;
  guint best = 0, n_listen = 0;

  if (ladder_test_lab_skip (FALSE))
    return;
  path = run_lab ("select-chat");
  capture = ladder_test_lab_load (path);
  sockets = ladder_sockets_new (capture, ladder_capture_get_n_frames (capture));
  for (guint64 n = 1; n <= ladder_capture_get_n_frames (capture); n++)
    {
      g_autoptr (GArray) rows = ladder_sockets_table_at (sockets, n);
      guint estab = count_rows (rows, "server", LADDER_TCP_ESTABLISHED, 9999);
      g_autoptr (GHashTable) fds = g_hash_table_new (g_direct_hash, g_direct_equal);

      if (estab <= best)
        continue;
      best = estab;
      n_listen = count_rows (rows, "server", LADDER_TCP_LISTEN, 9999);
      for (guint i = 0; i < rows->len; i++)
        {
          const LadderSocketRow *r = &g_array_index (rows, LadderSocketRow, i);
          if (strcmp (r->socket->host, "server") != 0)
            continue;
          g_assert_cmpint (r->fd, >=, 3);
          g_assert_false (g_hash_table_contains (fds, GINT_TO_POINTER (r->fd)));
          g_hash_table_add (fds, GINT_TO_POINTER (r->fd));
        }
    }
  g_assert_cmpuint (best, ==, 3);
  g_assert_cmpuint (n_listen, ==, 1);
  g_unlink (path);
}

/* The 5-tuple cards of a real select-chat run name the server's sockets:
 * the listener's fd and one fd per accepted client, as the model has
 * them. */
static void
test_tuples_cards (void)
{
  g_autofree char *path = NULL, *svg_path = NULL, *svg = NULL, *out = NULL, *err = NULL;
  g_autoptr (LadderCapture) capture = NULL;
  g_autoptr (LadderSockets) sockets = NULL;
  int status = -1;
  guint n_accepted = 0;

  if (ladder_test_lab_skip (FALSE))
    return;
  path = run_lab ("select-chat");
  svg_path = g_strconcat (path, "-tuples.svg", NULL);
  out = ladder_test_cli_run ((const char *[]) { "render", path, "--view", "tuples", "-o", svg_path, NULL }, &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "server socket"));
  capture = ladder_test_lab_load (path);
  sockets = ladder_sockets_new (capture, ladder_capture_get_n_frames (capture));
  for (guint i = 0; i < ladder_sockets_get_n_sockets (sockets); i++)
    {
      const LadderSocket *s = ladder_sockets_get_socket (sockets, i);
      g_autofree char *fd = g_strdup_printf (">fd %d<", s->fd);
      g_autofree char *listen = g_strdup_printf ("LISTEN 0.0.0.0:9999 (kernel, fd %d \u00b7 select-chat-server pid %u)",
                                                 s->fd, s->pid);
      if (strcmp (s->host, "server") != 0)
        continue;
      if (s->peer_port == 0)
        g_assert_nonnull (strstr (svg, listen));
      else
        {
          g_assert_nonnull (strstr (svg, fd));
          n_accepted++;
        }
    }
  g_assert_cmpuint (n_accepted, ==, 3);
  g_unlink (svg_path);
  g_unlink (path);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  ladder_test_lab_init ("sockets");
  g_test_add_func ("/ladder/lab-sockets/tcp-echo", test_tcp_echo);
  g_test_add_func ("/ladder/lab-sockets/tcp-echo-userns", test_tcp_echo_userns);
  g_test_add_func ("/ladder/lab-sockets/transfer-queues", test_transfer_queues);
  g_test_add_func ("/ladder/lab-sockets/transfer-queues-userns", test_transfer_queues_userns);
  g_test_add_func ("/ladder/lab-sockets/outside-twin", test_outside_twin);
  g_test_add_func ("/ladder/lab-sockets/cli", test_cli);
  g_test_add_func ("/ladder/lab-sockets/cli-plain", test_cli_plain);
  g_test_add_func ("/ladder/lab-sockets/select-chat", test_select_chat);
  g_test_add_func ("/ladder/lab-sockets/tuples-cards", test_tuples_cards);
  ret = g_test_run ();
  ladder_test_lab_finish ();
  return ret;
}
