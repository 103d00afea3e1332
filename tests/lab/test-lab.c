/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab.c: every scenario run for real through `wireladder-cli lab run`,
 * its capture checked through the core; and nothing left behind after a
 * run, a SIGTERM or a SIGKILL.
 *
 * Each case skips, with the reason, where the lab cannot make its
 * namespaces (`wireladder-cli lab probe` fails).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <grp.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ladder-capture.h"
#include "ladder-lab-private.h"
#include "ladder-load.h"
#include "ladder-reader.h"
#include "ladder-test-lab.h"

typedef struct
{
  LadderCapture  *capture;
  LadderAnalysis *analysis;
  char           *summary;   /* the CLI's stdout */
} Lab;

static void
lab_free (Lab *lab)
{
  g_clear_pointer (&lab->analysis, ladder_analysis_unref);
  g_clear_pointer (&lab->capture, ladder_capture_unref);
  g_free (lab->summary);
  g_free (lab);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lab, lab_free)

/* Runs SCENARIO with EXTRA arguments, asserts success, loads the capture
 * and checks that the lab's namespaces are gone. */
static Lab *
run_lab (const char *scenario, const char *const *extra)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, scenario, NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Lab *lab = g_new0 (Lab, 1);
  int status = -1;

  g_ptr_array_add (args, "lab");
  g_ptr_array_add (args, "run");
  g_ptr_array_add (args, (char *) scenario);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (args, (char *) extra[i]);
  g_ptr_array_add (args, "-w");
  g_ptr_array_add (args, path);
  g_ptr_array_add (args, NULL);
  lab->summary = ladder_test_cli_run ((const char *const *) args->pdata, &status, NULL);
  g_test_message ("%s", lab->summary);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (lab->summary, "dropped: 0\n"));
  ladder_test_lab_assert_namespaces_gone (lab->summary);
  lab->capture = ladder_capture_new ();
  g_assert_true (ladder_load_file (lab->capture, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lab->analysis = ladder_capture_analyse (lab->capture);
  g_unlink (path);
  return lab;
}

static guint
count_convs (Lab *lab, guint8 proto, guint16 port)
{
  LadderConversations *convs = ladder_analysis_get_conversations (lab->analysis);
  guint n = 0;

  for (guint i = 0; i < ladder_conversations_get_n_items (convs); i++)
    {
      const LadderConversation *conv = ladder_conversations_get_item (convs, i);
      if (conv->proto == proto && (conv->b_port == port || conv->a_port == port))
        n++;
    }
  return n;
}

static const LadderConversation *
find_conv (Lab *lab, guint8 proto, guint16 port, guint nth)
{
  LadderConversations *convs = ladder_analysis_get_conversations (lab->analysis);

  for (guint i = 0; i < ladder_conversations_get_n_items (convs); i++)
    {
      const LadderConversation *conv = ladder_conversations_get_item (convs, i);
      if (conv->proto == proto && conv->b_port == port && nth-- == 0)
        return conv;
    }
  return NULL;
}

/* The first call of KIND made by PROGRAM, or NULL. */
static const LadderSocketCall *
find_call (Lab *lab, const char *program, LadderCallKind kind)
{
  for (guint i = 0; i < ladder_capture_get_n_calls (lab->capture); i++)
    {
      const LadderSocketCall *call = ladder_capture_get_call (lab->capture, i);
      if (call->kind == kind && strcmp (call->program, program) == 0)
        return call;
    }
  return NULL;
}

/* When frame NUMBER (a first sighting) was seen on the link named LINK. */
static gint64
sighting_ts (Lab *lab, guint64 number, const char *link)
{
  for (guint64 i = number; i <= ladder_capture_get_n_frames (lab->capture); i++)
    {
      LadderFrameInfo info;
      const LadderCaptureInterface *iface;

      g_assert_true (ladder_capture_get_frame (lab->capture, i, &info));
      iface = ladder_capture_get_interface (lab->capture, info.iface);
      if ((i == number || info.sighting_of == number) && g_strcmp0 (iface->name, link) == 0)
        return info.ts_ns;
    }
  g_error ("frame %" G_GUINT64_FORMAT " was not seen on %s", number, link);
  return 0;
}

static void
test_list (void)
{
  static const char *const expected =
    "tcp-echo\nudp-timestamp\nselect-chat\nbyte-commands\nping\ntraceroute\nrefused\nreset\nraw-icmp\n"
    "lossy-transfer\nudp-loss\n";
  g_autofree char *out = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  int status = -1;

  out = ladder_test_cli_run ((const char *const[]) { "lab", "list", NULL }, &status, NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_assert_nonnull (strchr (lines[i], '\t'));
      g_string_append_len (names, lines[i], strchr (lines[i], '\t') - lines[i]);
      g_string_append_c (names, '\n');
    }
  g_assert_cmpstr (names->str, ==, expected);
}

/* Each of these is a usage error (exit 2) before anything runs. */
static void
test_usage (void)
{
  static const char *const bad[][3] = {
    { "tcp-echo", "--hops", "9" },
    { "no-such", NULL, NULL },
    { "traceroute", "--method", "sctp" },
    { "ping", "--delay", "1001" },
    { "ping", "--loss", "101" },
    { "ping", "--delay", "-5" },
    { "ping", "--loss", "ten" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *args[] = { "lab", "run", bad[i][0], "-w", "/dev/null", bad[i][1], bad[i][2], NULL };
      g_autofree char *out = NULL;
      int status = -1;

      out = ladder_test_cli_run (args, &status, NULL);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 2);
    }
}

static void
test_plan (void)
{
  g_autoptr(LadderLabTopology) topo = ladder_lab_topology_plan (3, TRUE);
  char text[LADDER_ADDR_STRLEN];
  LadderAddr addr;

  g_assert_cmpuint (topo->n_hosts, ==, 6);
  g_assert_cmpuint (topo->n_links, ==, 5);
  g_assert_cmpstr (topo->links[0].name, ==, "client\u2013r1");
  g_assert_cmpstr (topo->links[3].name, ==, "r3\u2013server");
  g_assert_cmpstr (topo->links[4].name, ==, "client2\u2013r1");
  g_assert_cmpstr (topo->links[1].left_if, ==, "veth-r2");
  g_assert_cmpstr (topo->links[1].right_if, ==, "veth-r1");
  g_assert_true (ladder_lab_topology_host_addr (topo, "server", 4, &addr));
  g_assert_cmpstr (ladder_addr_to_string (&addr, text), ==, "10.0.4.2");
  g_assert_true (ladder_lab_topology_host_addr (topo, "server", 6, &addr));
  g_assert_cmpstr (ladder_addr_to_string (&addr, text), ==, "fd00:4::2");
  g_assert_true (ladder_lab_topology_host_addr (topo, "r2", 4, &addr));
  g_assert_cmpstr (ladder_addr_to_string (&addr, text), ==, "10.0.2.2");
  g_assert_true (ladder_lab_topology_host_addr (topo, "client2", 4, &addr));
  g_assert_cmpstr (ladder_addr_to_string (&addr, text), ==, "10.0.101.1");
  g_clear_pointer (&topo, ladder_lab_topology_free);
  topo = ladder_lab_topology_plan (8, FALSE);
  g_assert_cmpuint (topo->n_links, ==, 9);
  g_assert_cmpstr (topo->links[8].name, ==, "r8\u2013server");
}

/* The handshake, the FIN close, each packet counted once although seen on
 * four links, and the calls in order against the packets. */
static void
test_tcp_echo (void)
{
  g_autoptr(Lab) lab = NULL;
  const LadderConversation *conv;
  const LadderSocketCall *connect_call, *accept_call, *close_call;
  gboolean listen_seen = FALSE;

  if (ladder_test_lab_skip (FALSE))
    return;
  lab = run_lab ("tcp-echo", NULL);
  g_assert_cmpuint (count_convs (lab, 6, 7), ==, 1);
  conv = find_conv (lab, 6, 7, 0);
  g_assert_nonnull (conv);
  g_assert_true (ladder_tcp_conn_handshake_complete (conv->tcp));
  g_assert_cmpint (conv->tcp->close, ==, LADDER_TCP_CLOSE_FIN);
  g_assert_cmpuint (conv->tcp->flow[0].retransmissions + conv->tcp->flow[1].retransmissions, ==, 0);
  g_assert_cmpuint (conv->tcp->flow[0].payload, ==, 6);
  g_assert_cmpuint (conv->tcp->flow[1].payload, ==, 18);

  connect_call = find_call (lab, "tcp-echo-client", LADDER_CALL_CONNECT);
  accept_call = find_call (lab, "tcp-echo-server", LADDER_CALL_ACCEPT);
  close_call = find_call (lab, "tcp-echo-client", LADDER_CALL_CLOSE);
  g_assert_nonnull (connect_call);
  g_assert_nonnull (accept_call);
  g_assert_nonnull (close_call);
  g_assert_cmpint (connect_call->ts_ns, <, conv->tcp->syn_ts);
  g_assert_cmpint (accept_call->ts_ns + accept_call->duration_ns, >=,
                   sighting_ts (lab, conv->tcp->ack_packet, "r3\u2013server"));
  g_assert_cmpint (close_call->ts_ns, <, sighting_ts (lab, conv->tcp->flow[0].fin_packet, "client\u2013r1"));

  for (guint i = 0; i < ladder_capture_get_n_states (lab->capture); i++)
    {
      const LadderSocketState *state = ladder_capture_get_state (lab->capture, i);
      listen_seen |= state->state == LADDER_TCP_LISTEN && state->local_port == 7
                     && strcmp (state->program, "tcp-echo-server") == 0;
    }
  g_assert_true (listen_seen);
}


/* The TCP states recorded for PROGRAM's sockets with port PORT (local when
 * LOCAL, else peer) and a peer, in time order; printed for the log. */
static GArray *
socket_states (Lab *lab, const char *program, guint16 port, gboolean local)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (LadderSocketState));

  for (guint i = 0; i < ladder_capture_get_n_states (lab->capture); i++)
    {
      const LadderSocketState *state = ladder_capture_get_state (lab->capture, i);

      if (g_getenv ("LAB_DEBUG_STATES"))
        g_test_message ("ALL %s %s %u %u->%u %s pid %u fd %d at %" G_GINT64_FORMAT, state->host, state->program,
                        state->protocol, state->local_port, state->peer_port,
                        ladder_tcp_state_to_string (state->state), state->pid, state->fd, state->ts_ns);
      if (state->protocol != 6 || strcmp (state->program, program) != 0 || state->peer_port == 0
          || (local ? state->local_port : state->peer_port) != port)
        continue;
      g_array_append_val (out, *state);
    }
  for (guint i = 1; i < out->len; i++)
    g_assert_cmpint (g_array_index (out, LadderSocketState, i - 1).ts_ns, <=,
                     g_array_index (out, LadderSocketState, i).ts_ns);
  for (guint i = 0; i < out->len; i++)
    {
      const LadderSocketState *state = &g_array_index (out, LadderSocketState, i);
      g_test_message ("%s %s:%u->%u %s pid %u fd %d at %" G_GINT64_FORMAT, state->host, program,
                      state->local_port, state->peer_port, ladder_tcp_state_to_string (state->state),
                      state->pid, state->fd, state->ts_ns);
    }
  return out;
}

/* The first of STATES in one of WANTED (a LADDER_TCP_CLOSED-terminated
 * list), or NULL. */
static const LadderSocketState *
first_state (GArray *states, const LadderTcpState *wanted)
{
  for (guint i = 0; i < states->len; i++)
    {
      const LadderSocketState *state = &g_array_index (states, LadderSocketState, i);
      for (guint j = 0; j == 0 || wanted[j - 1] != LADDER_TCP_CLOSED; j++)
        if (state->state == wanted[j])
          return state;
    }
  return NULL;
}

/* How far a tracepoint record may lie from the packet that causes it: the
 * kernel changes the state in the same pass that sends or receives the
 * segment, microseconds apart; the bound is loose for loaded machines. */
#define TRACE_TOLERANCE_NS (2 * G_GINT64_CONSTANT (1000000))
/* The tracepoint's clock against the packets': measured a few
 * microseconds apart at most (CLOCK_MONOTONIC shifted to CLOCK_REALTIME at
 * open); this much either way is still an order consistent with the wire. */
#define CLOCK_SLACK_NS (200 * G_GINT64_CONSTANT (1000))

/* States an end enters by sending (connect() sends the SYN, close() the
 * FIN): the kernel changes them before the segment reaches the capture.
 * Every other one follows the segment that arrived. */
static gboolean
entered_by_sending (LadderTcpState state)
{
  return state == LADDER_TCP_SYN_SENT || state == LADDER_TCP_FIN_WAIT_1
         || state == LADDER_TCP_LAST_ACK;
}

/* The frame at which the wire analysis sees endpoint DIR (0 client, 1
 * server) enter the first of WANTED (a LADDER_TCP_CLOSED-terminated list
 * whose last entry counts too), or 0. */
static guint64
wire_packet (const LadderConversation *conv, int dir, const LadderTcpState *wanted)
{
  guint n = 0;
  const LadderTcpTransition *t = ladder_tcp_conn_get_transitions (conv->tcp, dir, &n);

  for (guint j = 0; j == 0 || wanted[j - 1] != LADDER_TCP_CLOSED; j++)
    for (guint i = 0; i < n; i++)
      if (t[i].packet != 0 && t[i].state == wanted[j])
        return t[i].packet;
  return 0;
}

/* The wire states that a kernel state is caught up with.  Linux makes the
 * server's socket when the handshake's last ACK arrives (before that, a
 * request socket the tracepoint does not see), so its SYN_RECEIVED is the
 * wire's ESTABLISHED; FIN_WAIT_2 may end in the segment that begins it
 * (an ACK with the peer's FIN), which the wire calls TIME_WAIT. */
static const LadderTcpState *
wire_states_for (LadderTcpState kernel, gboolean server)
{
  static LadderTcpState one[2];
  static const LadderTcpState syn_recv[] = { LADDER_TCP_ESTABLISHED, LADDER_TCP_CLOSED };
  static const LadderTcpState fin_wait_2[] = { LADDER_TCP_FIN_WAIT_2, LADDER_TCP_TIME_WAIT,
                                               LADDER_TCP_CLOSED };

  if (kernel == LADDER_TCP_SYN_RECEIVED && server)
    return syn_recv;
  if (kernel == LADDER_TCP_FIN_WAIT_2)
    return fin_wait_2;
  one[0] = kernel;
  one[1] = LADDER_TCP_CLOSED;
  return one;
}

/* Each record of one end: the packet that causes its state, seen on that
 * end's own link; tracepoint records lie within TRACE_TOLERANCE_NS of it
 * (the offset is printed), samples come no earlier than it. */
static void
check_against_wire (Lab *lab, const LadderConversation *conv, GArray *states, gboolean server,
                    const char *link, gboolean tracepoint)
{
  for (guint i = 0; i < states->len; i++)
    {
      const LadderSocketState *state = &g_array_index (states, LadderSocketState, i);
      guint64 packet = wire_packet (conv, server, wire_states_for (state->state, server));
      gint64 offset;

      if (packet == 0)
        g_error ("%s %s: no packet on the wire leads to it",
                 server ? "server" : "client", ladder_tcp_state_to_string (state->state));
      offset = state->ts_ns - sighting_ts (lab, packet, link);
      g_test_message ("%s %s (%s): %+.1f us from frame %" G_GUINT64_FORMAT " on %s",
                      server ? "server" : "client", ladder_tcp_state_to_string (state->state),
                      ladder_state_source_to_string (state->source), offset / 1e3, packet, link);
      g_assert_cmpint (offset, >=, -TRACE_TOLERANCE_NS);
      if (!tracepoint)
        continue;
      g_assert_cmpint (offset, <=, TRACE_TOLERANCE_NS);
      if (entered_by_sending (state->state))
        g_assert_cmpint (offset, <=, CLOCK_SLACK_NS);
      else
        g_assert_cmpint (offset, >=, -CLOCK_SLACK_NS);
    }
}

static void
assert_sequence (GArray *states, const LadderTcpState *want, guint n_want)
{
  g_assert_cmpuint (states->len, ==, n_want);
  for (guint i = 0; i < n_want; i++)
    g_assert_cmpstr (ladder_tcp_state_to_string (g_array_index (states, LadderSocketState, i).state),
                     ==, ladder_tcp_state_to_string (want[i]));
}

static void
assert_source (GArray *states, LadderStateSource source)
{
  for (guint i = 0; i < states->len; i++)
    g_assert_cmpstr (ladder_state_source_to_string (g_array_index (states, LadderSocketState, i).source),
                     ==, ladder_state_source_to_string (source));
}

static void
assert_one_owner (GArray *states)
{
  for (guint i = 0; i < states->len; i++)
    {
      g_assert_cmpuint (g_array_index (states, LadderSocketState, i).pid, !=, 0);
      g_assert_cmpuint (g_array_index (states, LadderSocketState, i).pid, ==,
                        g_array_index (states, LadderSocketState, 0).pid);
    }
}

/* With the tracepoint (root): every change of both ends, in the order
 * RFC 9293 gives them, each at the packet that causes it. */
static void
check_traced_echo (Lab *lab, const LadderConversation *conv, GArray *client, GArray *server,
                   const char *server_link)
{
  static const LadderTcpState client_want[] = {
    LADDER_TCP_SYN_SENT, LADDER_TCP_ESTABLISHED, LADDER_TCP_FIN_WAIT_1,
    LADDER_TCP_FIN_WAIT_2, LADDER_TCP_TIME_WAIT,
  };
  static const LadderTcpState server_want[] = {
    LADDER_TCP_SYN_RECEIVED, LADDER_TCP_ESTABLISHED, LADDER_TCP_CLOSE_WAIT,
    LADDER_TCP_LAST_ACK, LADDER_TCP_CLOSED,
  };

  assert_source (client, LADDER_STATE_SOURCE_TRACEPOINT);
  assert_source (server, LADDER_STATE_SOURCE_TRACEPOINT);
  assert_sequence (client, client_want, G_N_ELEMENTS (client_want));
  assert_sequence (server, server_want, G_N_ELEMENTS (server_want));
  assert_one_owner (client);
  assert_one_owner (server);
  check_against_wire (lab, conv, client, FALSE, "client\u2013r1", TRUE);
  check_against_wire (lab, conv, server, TRUE, server_link, TRUE);
}

/* Samples guarantee less: each state they show is one the wire also
 * passes through, seen no earlier than the packet that causes it, and the
 * states the endpoints read right after their own calls (connect() and
 * accept() leave ESTABLISHED; a client in TIME_WAIT stays there past the
 * run's last sample).  Which short states they catch is a race. */
static void
check_sampled_echo (Lab *lab, const LadderConversation *conv, GArray *client, GArray *server,
                    const char *server_link)
{
  static const LadderTcpState established[] = { LADDER_TCP_ESTABLISHED, LADDER_TCP_CLOSED };

  assert_source (client, LADDER_STATE_SOURCE_SAMPLED);
  assert_source (server, LADDER_STATE_SOURCE_SAMPLED);
  g_assert_nonnull (first_state (client, established));
  g_assert_nonnull (first_state (server, established));
  assert_one_owner (client);
  assert_one_owner (server);
  for (guint i = 0; i < client->len; i++)
    if (g_array_index (client, LadderSocketState, i).state == LADDER_TCP_CLOSED)
      g_array_remove_index (client, i--);  /* gone: after TIME_WAIT, not a wire state */
  check_against_wire (lab, conv, client, FALSE, "client\u2013r1", FALSE);
  for (guint i = 0; i < server->len; i++)
    if (g_array_index (server, LadderSocketState, i).state == LADDER_TCP_CLOSED)
      g_array_remove_index (server, i--);
  check_against_wire (lab, conv, server, TRUE, server_link, FALSE);
  g_test_message ("kernel states are samples here: SYN_SENT, FIN_WAIT_2, LAST_ACK and "
                  "the exact moment of each change were not checked");
}

/* The kernel's states of both ends of the echo connection, in an order
 * consistent with the packets: every change where the tracepoint can be
 * had (root), what samples guarantee elsewhere. */
static void
check_echo_states (Lab *lab, const char *server_link)
{
  g_autoptr(GArray) client = NULL;
  g_autoptr(GArray) server = NULL;
  const LadderConversation *conv = find_conv (lab, 6, 7, 0);

  g_assert_nonnull (conv);
  client = socket_states (lab, "tcp-echo-client", 7, FALSE);
  server = socket_states (lab, "tcp-echo-server", 7, TRUE);
  if (strstr (lab->summary, "kernel states: every TCP transition") != NULL)
    check_traced_echo (lab, conv, client, server, server_link);
  else
    {
      g_assert_nonnull (strstr (lab->summary, "kernel states: sampled"));
      check_sampled_echo (lab, conv, client, server, server_link);
    }
}

static void
test_tcp_echo_states (void)
{
  g_autoptr(Lab) lab = NULL;

  if (ladder_test_lab_skip (FALSE))
    return;
  lab = run_lab ("tcp-echo", NULL);
  if (geteuid () == 0 && strstr (lab->summary, "kernel states: every TCP transition") == NULL)
    g_test_message ("root, but no tracepoint: %s", strstr (lab->summary, "kernel states:"));
  check_echo_states (lab, "r3\u2013server");
}

static void
test_udp_timestamp (void)
{
  g_autoptr(Lab) lab = NULL;

  if (ladder_test_lab_skip (FALSE))
    return;
  lab = run_lab ("udp-timestamp", NULL);
  g_assert_cmpuint (count_convs (lab, 17, 12000), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const LadderConversation *conv = find_conv (lab, 17, 12000, i);
      g_assert_cmpuint (conv->packets_ab, ==, 1);
      g_assert_cmpuint (conv->packets_ba, ==, 1);
    }
}

/* Three clients on one server port: three distinct 5-tuples. */
static void
test_select_chat (void)
{
  g_autoptr(Lab) lab = NULL;
  g_autoptr(GHashTable) tuples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint from_client2 = 0;
  gboolean client2_link = FALSE;

  if (ladder_test_lab_skip (FALSE))
    return;
  lab = run_lab ("select-chat", NULL);
  g_assert_cmpuint (count_convs (lab, 6, 9999), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const LadderConversation *conv = find_conv (lab, 6, 9999, i);
      char a[LADDER_ADDR_STRLEN];

      g_assert_true (ladder_tcp_conn_handshake_complete (conv->tcp));
      g_assert_cmpint (conv->tcp->close, ==, LADDER_TCP_CLOSE_FIN);
      g_hash_table_add (tuples, g_strdup_printf ("%s:%u", ladder_addr_to_string (&conv->a, a), conv->a_port));
      from_client2 += g_str_equal (a, "10.0.101.1");
      g_assert_true (g_str_equal (a, "10.0.101.1") || g_str_equal (a, "10.0.1.1"));
    }
  g_assert_cmpuint (g_hash_table_size (tuples), ==, 3);
  /* The second client joins from its own host, over its own link. */
  g_assert_cmpuint (from_client2, ==, 1);
  for (guint i = 0; i < ladder_capture_get_n_interfaces (lab->capture); i++)
    client2_link |= g_strcmp0 (ladder_capture_get_interface (lab->capture, i)->name, "client2\u2013r1") == 0;
  g_assert_true (client2_link);
}

static void
test_byte_commands (void)
{
  g_autoptr(Lab) lab = NULL;

  if (ladder_test_lab_skip (FALSE))
    return;
  lab = run_lab ("byte-commands", NULL);
  g_assert_cmpuint (count_convs (lab, 6, 1234), ==, 2);
  g_assert_cmpuint (count_convs (lab, 17, 1234), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (find_conv (lab, 6, 1234, i)->tcp->flow[0].payload, ==, 1);
}

static void
test_ping (void)
{
  g_autoptr(Lab) lab = NULL;
  LadderPing *ping;
  guint replies4 = 0, replies6 = 0, expired = 0;
  char from[LADDER_ADDR_STRLEN];

  if (ladder_test_lab_skip (FALSE))
    return;
  lab = run_lab ("ping", NULL);
  ping = ladder_analysis_get_ping (lab->analysis);
  for (guint i = 0; i < ladder_ping_get_n_sessions (ping); i++)
    {
      const LadderPingSession *session = ladder_ping_get_session (ping, i);

      if (session->ip_version == 6)
        replies6 += session->replies;
      else
        replies4 += session->replies;
      for (guint j = 0; j < session->n_probes; j++)
        if (session->probes[j].error_type == LADDER_PING_ERROR_TIME_EXCEEDED)
          {
            expired++;
            /* TTL 2 runs out at r2, which answers from its client-side address. */
            g_assert_cmpstr (ladder_addr_to_string (&session->probes[j].error_from, from), ==, "10.0.2.2");
          }
    }
  g_assert_cmpuint (replies4, ==, 3);
  g_assert_cmpuint (replies6, ==, 2);
  g_assert_cmpuint (expired, ==, 1);
}

/* One distinct responder per router, then the server. */
static void
check_traceroute (const char *hops, const char *method, LadderTracerouteMethod want)
{
  g_autoptr(Lab) lab = run_lab ("traceroute", (const char *const[]) { "--hops", hops, "--method", method,
                                                                      "--queries", "2", NULL });
  LadderTraceroute *trace = ladder_analysis_get_traceroute (lab->analysis);
  const LadderTracerouteRun *run;
  guint n = atoi (hops);
  char text[LADDER_ADDR_STRLEN], want_addr[32];

  g_assert_cmpuint (ladder_traceroute_get_n_runs (trace), ==, 1);
  run = ladder_traceroute_get_run (trace, 0);
  g_assert_cmpint (run->method, ==, want);
  g_assert_true (run->reached);
  g_assert_cmpuint (run->n_hops, ==, n + 1);
  for (guint h = 0; h < run->n_hops; h++)
    {
      const LadderTracerouteHop *hop = &run->hops[h];

      g_assert_cmpuint (hop->n_probes, ==, 2);
      /* rK answers from 10.0.K.2, the server is 10.0.(n+1).2 */
      g_snprintf (want_addr, sizeof want_addr, "10.0.%u.2", h + 1);
      for (guint p = 0; p < hop->n_probes; p++)
        g_assert_cmpstr (ladder_addr_to_string (&hop->probes[p].responder, text), ==, want_addr);
    }
}

static void
test_traceroute (void)
{
  if (ladder_test_lab_skip (FALSE))
    return;
  check_traceroute ("1", "udp", LADDER_TRACEROUTE_UDP);
  check_traceroute ("3", "udp", LADDER_TRACEROUTE_UDP);
  check_traceroute ("3", "icmp", LADDER_TRACEROUTE_ICMP);
  check_traceroute ("3", "tcp", LADDER_TRACEROUTE_TCP);
}

static gboolean
has_port_unreachable (Lab *lab)
{
  for (guint64 i = 1; i <= ladder_capture_get_n_frames (lab->capture); i++)
    {
      LadderPacket pkt;
      char text[LADDER_ADDR_STRLEN];

      g_assert_true (ladder_capture_decode (lab->capture, i, &pkt, NULL));
      if (pkt.ip_version == 4 && pkt.ip_proto == 1 && pkt.icmp_type == 3 && pkt.icmp_code == 3
          && strcmp (ladder_addr_to_string (&pkt.src, text), "10.0.4.2") == 0
          && pkt.quoted.present && pkt.quoted.ip_proto == 17)
        return TRUE;
    }
  return FALSE;
}

static void
test_refused (void)
{
  g_autoptr(Lab) lab = NULL;
  const LadderConversation *conv;

  if (ladder_test_lab_skip (FALSE))
    return;
  lab = run_lab ("refused", NULL);
  conv = find_conv (lab, 6, 9, 0);
  g_assert_nonnull (conv);
  g_assert_cmpint (conv->tcp->close, ==, LADDER_TCP_CLOSE_REFUSED);
  g_assert_true (has_port_unreachable (lab));
}

static void
test_reset (void)
{
  g_autoptr(Lab) lab = NULL;
  const LadderConversation *abort_conv, *unread_conv;

  if (ladder_test_lab_skip (FALSE))
    return;
  lab = run_lab ("reset", NULL);
  abort_conv = find_conv (lab, 6, 7001, 0);
  unread_conv = find_conv (lab, 6, 7002, 0);
  g_assert_nonnull (abort_conv);
  g_assert_nonnull (unread_conv);
  g_assert_cmpint (abort_conv->tcp->close, ==, LADDER_TCP_CLOSE_RST);
  g_assert_cmpint (abort_conv->tcp->rst_from, ==, 0);
  g_assert_cmpint (unread_conv->tcp->close, ==, LADDER_TCP_CLOSE_RST);
  g_assert_cmpint (unread_conv->tcp->rst_from, ==, 1);

  /* Both ends of both connections are recorded ESTABLISHED, then CLOSED
   * (the reset frees them at once: no FIN_WAIT, no TIME_WAIT), and the
   * server that got the RST still knows which connection it was.  With the
   * tracepoint, the handshake's state comes first and nothing else. */
  for (guint16 port = 7001; port <= 7002; port++)
    {
      static const LadderTcpState client_traced[] = { LADDER_TCP_SYN_SENT, LADDER_TCP_ESTABLISHED,
                                                      LADDER_TCP_CLOSED };
      static const LadderTcpState server_traced[] = { LADDER_TCP_SYN_RECEIVED, LADDER_TCP_ESTABLISHED,
                                                      LADDER_TCP_CLOSED };
      g_autoptr(GArray) server = socket_states (lab, "reset-server", port, TRUE);
      g_autoptr(GArray) client = socket_states (lab, "reset-client", port, FALSE);

      if (strstr (lab->summary, "kernel states: every TCP transition") != NULL)
        {
          assert_sequence (client, client_traced, G_N_ELEMENTS (client_traced));
          assert_sequence (server, server_traced, G_N_ELEMENTS (server_traced));
          continue;
        }
      g_assert_cmpuint (server->len, >=, 2);
      g_assert_cmpuint (client->len, >=, 2);
      g_assert_cmpuint (g_array_index (server, LadderSocketState, 0).state, ==, LADDER_TCP_ESTABLISHED);
      g_assert_cmpuint (g_array_index (client, LadderSocketState, 0).state, ==, LADDER_TCP_ESTABLISHED);
      g_assert_cmpuint (g_array_index (server, LadderSocketState, server->len - 1).state, ==, LADDER_TCP_CLOSED);
      g_assert_cmpuint (g_array_index (client, LadderSocketState, client->len - 1).state, ==, LADDER_TCP_CLOSED);
    }
}

static void
test_raw_icmp (void)
{
  g_autoptr(Lab) lab = NULL;
  LadderPing *ping;
  const LadderSocketCall *raw;
  guint raw_states = 0;
  gboolean raw_fd_seen = FALSE, raw_closed = FALSE;

  if (ladder_test_lab_skip (FALSE))
    return;
  lab = run_lab ("raw-icmp", NULL);
  ping = ladder_analysis_get_ping (lab->analysis);
  g_assert_cmpuint (ladder_ping_get_n_sessions (ping), ==, 1);
  g_assert_cmpuint (ladder_ping_get_session (ping, 0)->replies, ==, 3);
  raw = find_call (lab, "raw-icmp", LADDER_CALL_SOCKET);
  g_assert_nonnull (raw);
  g_assert_cmpstr (raw->host, ==, "server");
  g_assert_nonnull (find_call (lab, "raw-icmp", LADDER_CALL_RECVFROM));

  /* The kernel's view of the raw socket: through raw_diag where the kernel
   * has it, else /proc/net/raw as `ss` falls back to; owned by the
   * endpoint, and gone (CLOSED) once it closed it. */
  for (guint i = 0; i < ladder_capture_get_n_states (lab->capture); i++)
    {
      const LadderSocketState *state = ladder_capture_get_state (lab->capture, i);

      if (state->protocol != 1 || strcmp (state->program, "raw-icmp") != 0)
        continue;
      g_test_message ("raw socket: %s fd %d recv-q %u", ladder_tcp_state_to_string (state->state),
                      state->fd, state->recv_q);
      g_assert_cmpuint (state->pid, ==, raw->pid);
      g_assert_cmpstr (state->host, ==, "server");
      raw_states++;
      raw_fd_seen |= state->fd == raw->result;
      raw_closed |= state->state == LADDER_TCP_CLOSED && state->fd == -1;
    }
  g_assert_cmpuint (raw_states, >=, 2);
  g_assert_true (raw_fd_seen);
  g_assert_true (raw_closed);
}

/* The unprivileged path, even when the tests run as root. */
static void
test_userns (void)
{
  g_autoptr(Lab) lab = NULL;

  if (ladder_test_lab_skip (TRUE))
    return;
  lab = run_lab ("tcp-echo", (const char *const[]) { "--userns", "--hops", "1", NULL });
  g_assert_nonnull (strstr (lab->summary, "user namespace"));
  g_assert_cmpuint (count_convs (lab, 6, 7), ==, 1);
  /* A user namespace's root may not attach to the tracepoint. */
  g_assert_nonnull (strstr (lab->summary, "kernel states: sampled"));
  check_echo_states (lab, "r1\u2013server");
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static void
become_nobody (gpointer data)
{
  if (setgroups (0, NULL) < 0 || setresgid (65534, 65534, 65534) < 0 || setresuid (65534, 65534, 65534) < 0)
    _exit (125);
}

/* As an ordinary user (nobody) when the tests run as root. */
static void
test_unprivileged (void)
{
  g_autofree char *dir = g_build_filename (ladder_test_lab.tmpdir, "nobody", NULL);
  g_autofree char *path = g_build_filename (dir, "tcp-echo.pcapng", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  int status = -1;

  if (ladder_test_lab_skip (TRUE))
    return;
  if (geteuid () != 0)
    {
      g_test_skip ("the tests already run unprivileged");
      return;
    }
  g_assert_cmpint (g_mkdir (dir, 0777), ==, 0);
  g_assert_cmpint (g_chmod (ladder_test_lab.tmpdir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0777), ==, 0);
  g_spawn_sync (NULL, (char *[]) { (char *) ladder_test_lab.cli, "lab", "run", "tcp-echo", "--hops", "2", "-w", path, NULL },
                NULL, 0, become_nobody, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status) && (WEXITSTATUS (status) == 125 || WEXITSTATUS (status) == 127
                             || strstr (err, "ermission denied") != NULL))
    {
      g_autofree char *msg = g_strdup_printf ("cannot run the build tree as nobody: %s", err);
      g_test_skip (msg);
      g_rmdir (dir);
      return;
    }
  g_test_message ("%s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "user namespace"));
  g_assert_true (ladder_load_file (capture, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ladder_capture_get_n_interfaces (capture), ==, 3);
  g_assert_cmpuint (ladder_capture_get_n_calls (capture), >, 10);
  /* No tracepoint for an ordinary user: the kernel's states are samples,
   * marked so, and hold what samples guarantee. */
  g_assert_nonnull (strstr (out, "kernel states: sampled"));
  {
    g_autoptr(Lab) lab = g_new0 (Lab, 1);

    lab->capture = g_steal_pointer (&capture);
    lab->analysis = ladder_capture_analyse (lab->capture);
    lab->summary = g_steal_pointer (&out);
    check_echo_states (lab, "r2\u2013server");
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* In a user namespace whose user.max_user_namespaces is 0, as a stand-in
 * for a host that forbids them. */
static gboolean
write_proc (const char *path, const char *text)
{
  FILE *fp = fopen (path, "w");

  return fp != NULL && fputs (text, fp) >= 0 && fclose (fp) == 0;
}

static void
forbid_userns (gpointer data)
{
  char uid_map[64], gid_map[64];

  g_snprintf (uid_map, sizeof uid_map, "0 %u 1", (guint) geteuid ());
  g_snprintf (gid_map, sizeof gid_map, "0 %u 1", (guint) getegid ());
  if (unshare (CLONE_NEWUSER) < 0
      || !write_proc ("/proc/self/setgroups", "deny")
      || !write_proc ("/proc/self/uid_map", uid_map)
      || !write_proc ("/proc/self/gid_map", gid_map)
      || !write_proc ("/proc/sys/user/max_user_namespaces", "0"))
    _exit (124);
}

/* Where user namespaces are forbidden, the lab says so and how to allow them. */
static void
test_unavailable (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (ladder_test_lab_skip (FALSE))
    return;
  g_spawn_sync (NULL, (char *[]) { (char *) ladder_test_lab.cli, "lab", "run", "tcp-echo", "--userns", "-w", "/dev/null", NULL },
                NULL, 0, forbid_userns, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 124)
    {
      g_test_skip ("cannot set up a user namespace with user.max_user_namespaces = 0");
      return;
    }
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "The lab cannot create its virtual network"));
  g_assert_nonnull (strstr (err, "user.max_user_namespaces = 0"));
  g_assert_nonnull (strstr (err, "sysctl -w user.max_user_namespaces="));
}

/* Wireshark numbers Custom Blocks as frames: in a saved lab file they
 * come after every packet, so packet N is frame N in both tools. */
static void
assert_wireshark_numbering (const char *path)
{
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 n;
  int status = -1;

  g_assert_true (ladder_load_file (capture, path, NULL, NULL, NULL, NULL));
  n = ladder_capture_get_n_frames (capture);
  g_assert_cmpuint (ladder_capture_get_n_calls (capture), >, 0);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { "tshark", "-r", (char *) path, "-T", "fields",
                                                  "-e", "frame.number", "-e", "frame.len", NULL },
                               NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >, n);
  for (guint64 i = 1; i <= n; i++)
    {
      LadderFrameInfo info;
      g_autofree char *want = NULL;

      ladder_capture_get_frame (capture, i, &info);
      want = g_strdup_printf ("%" G_GUINT64_FORMAT "\t%u", i, info.wirelen);
      g_assert_cmpstr (lines[i - 1], ==, want);
    }
}

static void
test_wireshark (void)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, "wireshark.pcapng", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *summary = NULL;
  int status = -1;

  if (ladder_test_lab_skip (FALSE))
    return;
  if (!have_program ("capinfos") || !have_program ("tshark"))
    {
      g_test_skip ("capinfos or tshark is not installed");
      return;
    }
  summary = ladder_test_cli_run ((const char *const[]) { "lab", "run", "refused", "-w", path, NULL }, &status, NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_spawn_sync (NULL, (char *[]) { "tshark", "-r", path, "-q", "-z", "conv,tcp", NULL },
                               NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* Only tshark's notice about running as root is allowed on stderr. */
  g_assert_true (err[0] == '\0' || (g_str_has_prefix (err, "Running as user") && strchr (err, '\n')[1] == '\0'));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { "capinfos", "-I", path, NULL },
                               NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "Description = wireladder lab link r3\u2013server"));
  assert_wireshark_numbering (path);
  g_unlink (path);
}

/* Starts a long scenario with --verbose and reads its progress until the
 * namespaces are known and the server is ready. */
static GPid
start_long_run (const char *path, char ***inodes, FILE **progress)
{
  g_autoptr(GError) error = NULL;
  char line[1024];
  GPid pid;
  int err_fd;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char *[]) { (char *) ladder_test_lab.cli, "lab", "run", "select-chat", "-v",
                                                              "-w", (char *) path, NULL },
                                           NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                           NULL, NULL, &pid, NULL, NULL, &err_fd, &error));
  g_assert_no_error (error);
  *progress = fdopen (err_fd, "r");
  while (fgets (line, sizeof line, *progress) != NULL)
    {
      if (g_str_has_prefix (line, "Namespaces: "))
        *inodes = g_strsplit (g_strstrip (line + 12), " ", -1);
      if (strstr (line, "select-chat-server: ready") != NULL)
        break;
    }
  g_assert_nonnull (*inodes);
  return pid;
}

static int
wait_child (GPid pid)
{
  int status = -1;

  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  return status;
}

static void
check_stop (int sig)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, "stopped.pcapng", NULL);
  g_auto(GStrv) inodes = NULL;
  g_autoptr(LadderReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  LadderRecord record;
  FILE *progress = NULL;
  GPid pid;
  int status, n = 0;

  pid = start_long_run (path, &inodes, &progress);
  g_usleep (300000);
  kill (pid, sig);
  status = wait_child (pid);
  fclose (progress);
  if (sig == SIGKILL)
    g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  else
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
  ladder_test_lab_assert_inodes_gone (inodes);
  if (sig == SIGKILL)
    return;
  /* A stopped run still leaves a complete file. */
  reader = ladder_reader_open (path, &error);
  g_assert_no_error (error);
  while (ladder_reader_next (reader, &record, &error) == 1)
    n++;
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  g_unlink (path);
}

static void
test_sigterm (void)
{
  if (ladder_test_lab_skip (FALSE))
    return;
  check_stop (SIGTERM);
}

static void
test_sigkill (void)
{
  if (ladder_test_lab_skip (FALSE))
    return;
  check_stop (SIGKILL);
}

/* The window's case: the helper's parent dies by SIGKILL.  An intermediate
 * process plays the window: it starts the helper and a scenario, then is
 * killed; the helper, its endpoints and its namespaces must follow. */
static void G_GNUC_NORETURN
play_window (const char *helper, int events, int report, const char *path)
{
  int cmd[2];
  int out = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid;

  if (out < 0 || pipe (cmd) < 0)
    _exit (1);
  pid = fork ();
  if (pid == 0)
    {
      dup2 (cmd[0], 0);
      dup2 (out, 3);
      dup2 (events, 4);
      close_range (5, ~0U, 0);
      execl (helper, helper, (char *) NULL);
      _exit (127);
    }
  if (write (report, &pid, sizeof pid) != sizeof pid
      || write (cmd[1], "start scenario=select-chat\n", 27) != 27)
    _exit (1);
  for (;;)
    pause ();
}

static gboolean
process_alive (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  const char *state;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  state = strrchr (stat, ')');
  return state != NULL && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

static void
test_helper_sigkill (void)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, "helper.pcapng", NULL);
  g_autofree char *helper = NULL;
  g_auto(GStrv) inodes = NULL;
  int events[2], report[2];
  pid_t window, helper_pid = 0;
  char line[1024];
  FILE *fp;

  if (ladder_test_lab_skip (FALSE))
    return;
  helper = ladder_lab_find_program ("wireladder-lab-helper", "WIRELADDER_LAB_HELPER", NULL);
  g_assert_nonnull (helper);
  g_assert_cmpint (pipe (events), ==, 0);
  g_assert_cmpint (pipe (report), ==, 0);
  window = fork ();
  if (window == 0)
    play_window (helper, events[1], report[1], path);
  close (events[1]);
  close (report[1]);
  g_assert_cmpint (read (report[0], &helper_pid, sizeof helper_pid), ==, sizeof helper_pid);
  close (report[0]);
  fp = fdopen (events[0], "r");
  while (fgets (line, sizeof line, fp) != NULL && strstr (line, "select-chat-server: ready") == NULL)
    {
      g_assert_false (g_str_has_prefix (line, "error") || g_str_has_prefix (line, "finished"));
      if (g_str_has_prefix (line, "status message=Namespaces: "))
        inodes = g_strsplit (g_strstrip (line + 27), " ", -1);
    }
  g_assert_nonnull (inodes);
  kill (window, SIGKILL);
  g_assert_true (WIFSIGNALED (wait_child (window)));
  ladder_test_lab_assert_inodes_gone (inodes);
  for (int i = 0; i < 300 && process_alive (helper_pid); i++)
    g_usleep (10000);
  g_assert_false (process_alive (helper_pid));
  fclose (fp);
  g_unlink (path);
}

/* `lab probe` gives exactly one of the two answers to each question. */
static void
check_probe (void)
{
  const char *out = ladder_test_lab.probe_out;
  gboolean netem;

  if (ladder_test_lab.unavailable != NULL)
    return;
  netem = strstr (out, "\nnetem: yes") != NULL;
  g_assert_true (netem != (strstr (out, "\nnetem: no") != NULL));
  /* Said by root only; an ordinary user's lab is the user namespace. */
  if (geteuid () == 0)
    g_assert_true ((strstr (out, "\nuserns: no (") != NULL) != (strstr (out, "\nuserns: yes\n") != NULL));
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  ladder_test_lab_init ("lab");
  if (ladder_test_lab.unavailable != NULL)
    g_printerr ("# %s\n", ladder_test_lab.unavailable);
  check_probe ();
  g_test_add_func ("/ladder/lab/list", test_list);
  g_test_add_func ("/ladder/lab/usage", test_usage);
  g_test_add_func ("/ladder/lab/plan", test_plan);
  g_test_add_func ("/ladder/lab/tcp-echo", test_tcp_echo);
  g_test_add_func ("/ladder/lab/tcp-echo-states", test_tcp_echo_states);
  g_test_add_func ("/ladder/lab/udp-timestamp", test_udp_timestamp);
  g_test_add_func ("/ladder/lab/select-chat", test_select_chat);
  g_test_add_func ("/ladder/lab/byte-commands", test_byte_commands);
  g_test_add_func ("/ladder/lab/ping", test_ping);
  g_test_add_func ("/ladder/lab/traceroute", test_traceroute);
  g_test_add_func ("/ladder/lab/refused", test_refused);
  g_test_add_func ("/ladder/lab/reset", test_reset);
  g_test_add_func ("/ladder/lab/raw-icmp", test_raw_icmp);
  g_test_add_func ("/ladder/lab/userns", test_userns);
  g_test_add_func ("/ladder/lab/unprivileged", test_unprivileged);
  g_test_add_func ("/ladder/lab/unavailable", test_unavailable);
  g_test_add_func ("/ladder/lab/wireshark", test_wireshark);
  g_test_add_func ("/ladder/lab/sigterm", test_sigterm);
  g_test_add_func ("/ladder/lab/sigkill", test_sigkill);
  g_test_add_func ("/ladder/lab/helper-sigkill", test_helper_sigkill);
  ret = g_test_run ();
  ladder_test_lab_finish ();
  return ret;
}
