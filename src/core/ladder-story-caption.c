/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-story-caption.c: what a lecture says at each step, and its quiz.
 *
 * Every sentence a student reads comes from the template table below (one
 * place, marked N_() for translation), filled with named fields such as
 * {who} and {port} so a translation may reorder them.  The narrator reads
 * the analyses (conversations, TCP states and notes, ping, traceroute) so
 * any capture is told, and the lab's calls and states when the file has
 * them.  Sequence numbers are relative, as Wireshark shows them.
 */
#define _GNU_SOURCE  /* strerrorname_np */
#include "ladder-story-private.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ladder-sightings.h"


typedef enum
{
  T_SYN_CALL, T_SYN, T_SYN_RETRANS, T_SYNACK_QUEUE, T_SYNACK, T_HANDSHAKE_ACK, T_REFUSED,
  T_RST, T_FIN_CALL, T_FIN, T_DATA_CALL, T_DATA, T_RETRANS, T_FAST_RETRANS, T_ACK, T_DUPACK, T_ACK_FIN,
  T_ACK_TIMEWAIT, T_TCP_OTHER,
  T_UDP_CALL, T_UDP, T_UDP_NOBODY, T_UDP_REPLY, T_PORT_UNREACH, T_TRACE_PROBE,
  T_TIME_EXCEEDED, T_TRACE_DEST, T_ECHO_REQ, T_ECHO_REPLY, T_UNREACH, T_OTHER,
  C_SOCKET, C_BIND, C_LISTEN, C_ACCEPT, C_ACCEPT_RET, C_CONNECT, C_CONNECT_UDP, C_CONNECT_RET,
  C_SEND, C_SEND_RET, C_RECV, C_RECV_RET, C_RECV_EOF, C_SELECT, C_SELECT_RET, C_CLOSE_TCP, C_CLOSE, C_CLOSE_RET,
  C_SHUTDOWN, C_SETSOCKOPT, C_REFUSED, C_RESET, C_FAILED, C_GENERIC,
  S_STATE, S_UDP,
  Q_NEXT, Q_SYN, Q_SYNACK, Q_SENT, Q_DATA, Q_UDP, Q_TRACE, Q_ECHO, Q_STATE, Q_RECV,
  A_SYNACK, A_RST, A_SYN_AGAIN, A_ICMP_PORT, A_ACK, A_ACK_AFTER_RECV, A_UDP_REPLY,
  A_UDP_NOTHING, A_TIME_EXCEEDED, A_ROUTER_EXCEEDED, A_UNREACH, A_SECOND_SYN, A_WAIT_SEND, A_ECHO_REPLY, A_LOST, A_BYTES, A_ERROR,
  N_TEMPLATES
} TemplateId;

static const char *const templates[N_TEMPLATES] = {
  /* TCP packets */
  [T_SYN_CALL] = N_("{call}() on {who}: its kernel sends a SYN (seq 0) to {dst} port {dport} and the socket is now SYN_SENT."),
  [T_SYN] = N_("{who} sends a SYN (seq 0) from port {sport} to {dst} port {dport}: it asks to open a connection, as connect() does, and is now SYN_SENT."),
  [T_SYN_RETRANS] = N_("no answer came, so {whos} kernel sends the SYN again (retransmission, seq 0) to {dst} port {dport}, waiting twice as long each time."),
  [T_SYNACK_QUEUE] = N_("{whos} kernel answers SYN-ACK (seq 0, ack 1); {call}() has not returned yet: the connection waits in the listen queue."),
  [T_SYNACK] = N_("{whos} kernel answers SYN-ACK (seq 0, ack 1): a socket listens on port {sport}, and the kernel completes the handshake without waiting for accept()."),
  [T_HANDSHAKE_ACK] = N_("{who} acknowledges the SYN-ACK (ack 1): the three-way handshake is complete, both ends are ESTABLISHED, and the 5-tuple {tuple} names this connection."),
  [T_REFUSED] = N_("no socket listens on port {sport} on {who}: the kernel answers RST and connect() fails with ECONNREFUSED."),
  [T_RST] = N_("{whos} kernel resets the connection with RST (seq {seq}): both sockets are gone at once, without the FIN exchange, and the peer's next recv() or send() fails with ECONNRESET."),
  [T_FIN_CALL] = N_("{call}() on {who}: its kernel sends FIN (seq {seq}), it has nothing more to send, and the socket enters {state}."),
  [T_FIN] = N_("{who} sends FIN (seq {seq}): it has nothing more to send, and its socket enters {state}."),
  [T_DATA_CALL] = N_("{call}() on {who}: its kernel sends {n} bytes (seq {seq} to {last}) to {dst} port {dport}."),
  [T_DATA] = N_("{who} sends {n} bytes (seq {seq} to {last}) to {dst} port {dport}."),
  [T_RETRANS] = N_("retransmission: {whos} kernel sends {n} bytes (seq {seq} to {last}) again because no ACK for them came back in time."),
  [T_FAST_RETRANS] = N_("fast retransmission: duplicate ACKs told {whos} kernel that the segment at seq {seq} was lost, so it sends those {n} bytes (seq {seq} to {last}) again without waiting for its timeout."),
  [T_ACK] = N_("{whos} kernel acknowledges the data (ack {ack}: every byte before {ack} arrived); the bytes wait in the socket until recv() reads them."),
  [T_DUPACK] = N_("duplicate ACK: {who} acknowledges ack {ack} again: a segment after it is missing, and three of these make the sender retransmit at once."),
  [T_ACK_FIN] = N_("{who} acknowledges the FIN (ack {ack}); the other end is now {peer_state}."),
  [T_ACK_TIMEWAIT] = N_("{who} acknowledges the last FIN (ack {ack}) and enters TIME_WAIT: it waits twice the maximum segment lifetime before this 5-tuple can be used again; the other end is CLOSED."),
  [T_TCP_OTHER] = N_("{who} sends {flags} (seq {seq}, ack {ack}) to {dst} port {dport}."),
  /* UDP, ICMP */
  [T_UDP_CALL] = N_("{call}() on {who}: its kernel sends one UDP datagram of {n} bytes from port {sport} to {dst} port {dport}: no handshake, no connection."),
  [T_UDP] = N_("{who} sends a UDP datagram of {n} bytes from port {sport} to {dst} port {dport}: no handshake, no connection."),
  [T_UDP_NOBODY] = N_("Nobody answers this UDP datagram: UDP neither acknowledges nor retransmits, so the program can only time out."),
  [T_UDP_REPLY] = N_("{who} answers with a UDP datagram of {n} bytes to {dst} port {dport}: the reply's 5-tuple is the request's with both ends swapped."),
  [T_PORT_UNREACH] = N_("no socket is bound to UDP port {port} on {who}: its kernel drops the datagram and answers ICMP Port Unreachable quoting its header; a connected UDP socket's next recv() fails with ECONNREFUSED."),
  [T_TRACE_PROBE] = N_("traceroute: {who} sends a probe ({probe}) to {dst} with TTL {ttl}; each router decrements the TTL, and the one that would make it 0 drops the probe and answers."),
  [T_TIME_EXCEEDED] = N_("{router} ({addr}) receives the probe with TTL {qttl}, cannot forward it, drops it and returns ICMP Time Exceeded quoting the probe's header."),
  [T_TRACE_DEST] = N_("the probe reaches the destination {addr} with TTL {qttl} left; no socket listens on UDP port {port} there, so it answers ICMP Port Unreachable, and traceroute knows it has arrived."),
  [T_ECHO_REQ] = N_("{who} sends ICMP Echo Request (id {id}, seq {seq}) to {dst} with TTL {ttl}."),
  [T_ECHO_REPLY] = N_("{who} answers ICMP Echo Reply (id {id}, seq {seq}){rtt}: the request crossed the path and the reply came back."),
  [T_UNREACH] = N_("{who} answers ICMP Destination Unreachable ({code}) quoting the header of the packet it could not deliver."),
  [T_OTHER] = N_("{summary}"),
  /* socket calls */
  [C_SOCKET] = N_("socket() on {who}: a new {proto} socket, fd {fd}; it has no address or port yet."),
  [C_BIND] = N_("bind() on {who}: the socket takes local address {addr} port {port}, its half of the 5-tuple."),
  [C_LISTEN] = N_("listen() on {who}: the socket on port {port} is now LISTEN; the kernel completes incoming handshakes on its own and queues them for accept()."),
  [C_ACCEPT] = N_("{call}() on {who}: the program waits until the listen queue holds a complete connection."),
  [C_ACCEPT_RET] = N_("{call}() returns fd {result} on {who}: a new socket for the connection from {peer} port {pport}; the listening socket keeps listening."),
  [C_CONNECT] = N_("connect() on {who} to {peer} port {pport}: the kernel picks an ephemeral port and starts the three-way handshake."),
  [C_CONNECT_UDP] = N_("connect() on {whos} UDP socket to {peer} port {pport}: nothing is sent; the kernel only records the peer, which completes the 5-tuple."),
  [C_CONNECT_RET] = N_("connect() returns 0 on {who}: the handshake is complete and the socket is ESTABLISHED."),
  [C_SEND] = N_("{call}() on {who}: the program hands {result} bytes to the kernel, which sends them."),
  [C_SEND_RET] = N_("{call}() returns {result} on {who}: the bytes are in the kernel's send buffer, and the program goes on; the kernel delivers them."),
  [C_RECV] = N_("{call}() on {who}: the program waits for data; the call blocks until some arrives."),
  [C_RECV_RET] = N_("{call}() returns {result} bytes on {who}: what the kernel had received for this socket, at most the buffer's size."),
  [C_RECV_EOF] = N_("{call}() returns 0 on {who}: end of stream, the peer has closed its side (its FIN arrived)."),
  [C_SELECT] = N_("{call}() on {who}: the program waits until one of its sockets is ready."),
  [C_SELECT_RET] = N_("{call}() returns {result} on {who}: that many sockets are ready to read or write."),
  [C_CLOSE_TCP] = N_("close() on {who}: the program releases fd {fd}; for a connected TCP socket the kernel sends FIN."),
  [C_CLOSE] = N_("close() on {who}: the program releases fd {fd}."),
  [C_CLOSE_RET] = N_("close() returns 0 on {who}: fd {fd} is free; the kernel finishes the connection on its own."),
  [C_SHUTDOWN] = N_("shutdown({args}) on {who}: the socket stays open, but one direction is closed; SHUT_WR sends FIN."),
  [C_SETSOCKOPT] = N_("setsockopt({args}) on {who}: a socket option changes how the kernel treats this socket."),
  [C_REFUSED] = N_("{call}() on {who} fails with ECONNREFUSED: nothing listens on {peer} port {pport}, and its kernel refused."),
  [C_RESET] = N_("{call}() on {who} fails with ECONNRESET: the peer reset the connection with RST."),
  [C_FAILED] = N_("{call}() on {who} fails with {errname} ({error})."),
  [C_GENERIC] = N_("{call}({args}) on {who} returns {result}."),
  /* kernel states */
  [S_STATE] = N_("the kernel reports {whos} socket {tuple} in state {state}: {meaning}"),
  [S_UDP] = N_("the kernel reports {whos} UDP socket {tuple} as {state}: {meaning}"),
  /* quizzes */
  [Q_NEXT] = N_("What happens next?"),
  [Q_SYN] = N_("{who} sent a SYN to {dst} port {dport}. What happens next?"),
  [Q_SYNACK] = N_("{who} answered the SYN with SYN-ACK. What does {peer} send?"),
  [Q_SENT] = N_("{who} sent a packet to {dst}. What comes back?"),
  [Q_DATA] = N_("{who} sent {n} bytes (seq {seq} to {last}). What does the other kernel answer?"),
  [Q_UDP] = N_("{who} sent a UDP datagram to {dst} port {dport}. What happens next?"),
  [Q_TRACE] = N_("{who} sent a probe to {dst} with TTL {ttl}. Who answers, and how?"),
  [Q_ECHO] = N_("{who} sent an Echo Request (seq {seq}) to {dst} with TTL {ttl}. What comes back?"),
  [Q_STATE] = N_("Which state does {whos} socket {tuple} enter now?"),
  [Q_RECV] = N_("How many bytes does {call}() on {who} return?"),
  /* quiz choices */
  [A_SYNACK] = N_("{peer} answers SYN-ACK"),
  [A_RST] = N_("{peer} answers RST"),
  [A_SYN_AGAIN] = N_("no answer: the SYN is sent again"),
  [A_ICMP_PORT] = N_("{peer} answers ICMP Port Unreachable"),
  [A_ACK] = N_("an ACK with ack {ack}"),
  [A_ACK_AFTER_RECV] = N_("no ACK until the program calls recv()"),
  [A_UDP_REPLY] = N_("{peer} answers with a UDP datagram"),
  [A_UDP_NOTHING] = N_("nothing comes back"),
  [A_TIME_EXCEEDED] = N_("{router} ({addr}) returns ICMP Time Exceeded"),
  [A_ROUTER_EXCEEDED] = N_("a router on the path returns ICMP Time Exceeded"),
  [A_UNREACH] = N_("{peer} answers ICMP Destination Unreachable ({code})"),
  [A_SECOND_SYN] = N_("a second SYN"),
  [A_WAIT_SEND] = N_("nothing until the program calls send()"),
  [A_ECHO_REPLY] = N_("{peer} answers Echo Reply"),
  [A_LOST] = N_("nothing: the request is lost"),
  [A_BYTES] = N_("{n} bytes"),
  [A_ERROR] = N_("-1, an error"),
};

/* What each TCP state means, for the state steps. */
static const char *const state_meaning[] = {
  [LADDER_TCP_CLOSED] = N_("no connection; the socket is gone or not yet connected."),
  [LADDER_TCP_LISTEN] = N_("it waits for connections; the kernel answers SYNs on its port."),
  [LADDER_TCP_SYN_SENT] = N_("its SYN is out, and it waits for the SYN-ACK."),
  [LADDER_TCP_SYN_RECEIVED] = N_("a SYN came and the SYN-ACK went out; it waits for the final ACK."),
  [LADDER_TCP_ESTABLISHED] = N_("the connection is open and data can flow both ways."),
  [LADDER_TCP_FIN_WAIT_1] = N_("it sent its FIN and waits for it to be acknowledged."),
  [LADDER_TCP_FIN_WAIT_2] = N_("its FIN is acknowledged; it waits for the peer's FIN."),
  [LADDER_TCP_CLOSING] = N_("both ends sent FIN at once; it waits for the ACK of its own."),
  [LADDER_TCP_TIME_WAIT] = N_("both FINs are acknowledged; it waits twice the maximum segment lifetime so late segments of this 5-tuple die out."),
  [LADDER_TCP_CLOSE_WAIT] = N_("the peer closed its side; the kernel waits for this program to call close()."),
  [LADDER_TCP_LAST_ACK] = N_("it closed second and waits for the ACK of its FIN."),
};

/* The states a student could mistake for each state, for state quizzes. */
static const guint8 state_confusers[][3] = {
  [LADDER_TCP_CLOSED] = { LADDER_TCP_TIME_WAIT, LADDER_TCP_CLOSE_WAIT, LADDER_TCP_LISTEN },
  [LADDER_TCP_LISTEN] = { LADDER_TCP_SYN_RECEIVED, LADDER_TCP_ESTABLISHED, LADDER_TCP_CLOSED },
  [LADDER_TCP_SYN_SENT] = { LADDER_TCP_SYN_RECEIVED, LADDER_TCP_ESTABLISHED, LADDER_TCP_LISTEN },
  [LADDER_TCP_SYN_RECEIVED] = { LADDER_TCP_SYN_SENT, LADDER_TCP_ESTABLISHED, LADDER_TCP_LISTEN },
  [LADDER_TCP_ESTABLISHED] = { LADDER_TCP_SYN_RECEIVED, LADDER_TCP_SYN_SENT, LADDER_TCP_CLOSE_WAIT },
  [LADDER_TCP_FIN_WAIT_1] = { LADDER_TCP_FIN_WAIT_2, LADDER_TCP_CLOSE_WAIT, LADDER_TCP_LAST_ACK },
  [LADDER_TCP_FIN_WAIT_2] = { LADDER_TCP_FIN_WAIT_1, LADDER_TCP_TIME_WAIT, LADDER_TCP_CLOSE_WAIT },
  [LADDER_TCP_CLOSING] = { LADDER_TCP_TIME_WAIT, LADDER_TCP_LAST_ACK, LADDER_TCP_FIN_WAIT_2 },
  [LADDER_TCP_TIME_WAIT] = { LADDER_TCP_CLOSED, LADDER_TCP_CLOSE_WAIT, LADDER_TCP_FIN_WAIT_2 },
  [LADDER_TCP_CLOSE_WAIT] = { LADDER_TCP_TIME_WAIT, LADDER_TCP_FIN_WAIT_2, LADDER_TCP_LAST_ACK },
  [LADDER_TCP_LAST_ACK] = { LADDER_TCP_TIME_WAIT, LADDER_TCP_CLOSE_WAIT, LADDER_TCP_CLOSED },
};

/* ---- filling templates ---- */

/* A sentence starting with "connect()" or an address keeps its case. */
static gboolean
first_word_is_word (const char *s)
{
  if (!g_ascii_islower (*s))
    return FALSE;
  for (; *s != '\0' && *s != ' '; s++)
    if (!g_ascii_isalpha (*s) && *s != '\'' && !(*s == ':' && s[1] == ' '))
      return FALSE;
  return TRUE;
}

/* Replaces each {key} of template ID with its value from KV (key, value,
 * ..., NULL) and starts the sentence with a capital unless it starts with a
 * call's name ("connect() on ..."). */
static char *
fill (TemplateId id, const char *const *kv)
{
  const char *t = _(templates[id]);
  GString *out = g_string_new (NULL);

  while (*t != '\0')
    {
      const char *close = *t == '{' ? strchr (t, '}') : NULL;
      gboolean done = FALSE;

      for (guint i = 0; close != NULL && kv[i] != NULL && !done; i += 2)
        if (strlen (kv[i]) == (gsize) (close - t - 1) && strncmp (kv[i], t + 1, close - t - 1) == 0)
          {
            g_string_append (out, kv[i + 1] != NULL ? kv[i + 1] : "?");
            t = close + 1;
            done = TRUE;
          }
      if (!done)
        g_string_append_c (out, *t++);
    }
  if (out->len > 0 && first_word_is_word (out->str))
    out->str[0] = g_ascii_toupper (out->str[0]);
  return g_string_free (out, FALSE);
}

#define FILL(id, ...) fill ((id), (const char *const[]) { __VA_ARGS__, NULL })

/* ---- who is who ---- */

static guint
addr_hash (gconstpointer a)
{
  return ladder_addr_hash (a);
}

static gboolean
addr_equal (gconstpointer a, gconstpointer b)
{
  return ladder_addr_equal (a, b);
}

static gboolean
addr_unspecified (const LadderAddr *a)
{
  for (guint i = 0; i < sizeof a->bytes; i++)
    if (a->bytes[i] != 0)
      return FALSE;
  return TRUE;
}

static void
learn_host (LadderStoryContext *ctx, const LadderAddr *addr, const char *host)
{
  if (addr->family == 0 || addr_unspecified (addr) || host[0] == '\0'
      || g_hash_table_contains (ctx->host_of, addr))
    return;
  g_hash_table_insert (ctx->host_of, g_memdup2 (addr, sizeof *addr), g_strndup (host, 16));
}

/* "client" -> "the client", "client2" -> "the client 2", "r2" -> "router 2". */
static char *
host_title (const char *host)
{
  gsize n = strlen (host), digits = 0;

  while (digits < n && g_ascii_isdigit (host[n - 1 - digits]))
    digits++;
  if (digits > 0 && n - digits == 1 && host[0] == 'r')
    return g_strdup_printf ("router %s", host + 1);
  if (digits > 0 && digits < n)
    return g_strdup_printf ("the %.*s %s", (int) (n - digits), host, host + n - digits);
  return g_strdup_printf ("the %s", host);
}

static char *
addr_text (const LadderAddr *addr)
{
  char buf[LADDER_ADDR_STRLEN];

  return g_strdup (ladder_addr_to_string (addr, buf));
}

/* A name for the host at ADDR: its lab host, else its role in CONV (TCP
 * and UDP initiators are clients), else its address. */
static char *
who_is (LadderStoryContext *ctx, const LadderAddr *addr, guint16 port, const LadderConversation *conv)
{
  const char *host = g_hash_table_lookup (ctx->host_of, addr);

  if (host != NULL)
    return host_title (host);
  if (conv != NULL && conv->initiator_known && (conv->proto == STORY_PROTO_TCP || conv->proto == STORY_PROTO_UDP))
    {
      if (ladder_addr_equal (addr, &conv->a) && (port == 0 || port == conv->a_port))
        return g_strdup ("the client");
      if (ladder_addr_equal (addr, &conv->b) && (port == 0 || port == conv->b_port))
        return g_strdup ("the server");
    }
  return addr_text (addr);
}

static char *
possessive (const char *name)
{
  return g_strdup_printf ("%s's", name);
}

static gboolean
lab_link_ends (LadderCapture *capture, guint iface, char **left, char **right)
{
  const LadderCaptureInterface *i = ladder_capture_get_interface (capture, iface);
  const char *dash;

  if (i == NULL || i->name == NULL || (dash = strstr (i->name, "\xe2\x80\x93")) == NULL)
    return FALSE;
  *left = g_strndup (i->name, dash - i->name);
  *right = g_strdup (dash + 3);
  return TRUE;
}

/* Which router sent the ICMP error ERROR_FRAME about PROBE_FRAME, sent with
 * TTL: on a lab capture the far end of the link the error was first seen
 * on (links are numbered along the path), else the TTL's position. */
static char *
router_name (LadderStoryContext *ctx, guint64 error_frame, guint64 probe_frame, guint ttl)
{
  LadderFrameInfo err, probe;
  g_autofree char *left = NULL, *right = NULL;

  if (ctx->lab && probe_frame != 0 && ladder_capture_get_frame (ctx->capture, error_frame, &err)
      && ladder_capture_get_frame (ctx->capture, probe_frame, &probe)
      && lab_link_ends (ctx->capture, err.iface, &left, &right))
    return host_title (err.iface >= probe.iface ? right : left);
  if (ttl > 0)
    return g_strdup_printf ("router %u", ttl);
  return g_strdup ("a router");
}

/* ---- context ---- */

static void
index_traceroutes (LadderStoryContext *ctx)
{
  LadderTraceroute *trace = ladder_analysis_get_traceroute (ctx->analysis);

  for (guint r = 0; trace != NULL && r < ladder_traceroute_get_n_runs (trace); r++)
    {
      const LadderTracerouteRun *run = ladder_traceroute_get_run (trace, r);
      for (guint p = 0; p < run->n_probes; p++)
        {
          const LadderTracerouteProbe *probe = &run->probes[p];
          g_hash_table_insert (ctx->trace_probe, GSIZE_TO_POINTER (probe->probe), (gpointer) probe);
          g_hash_table_insert (ctx->trace_run, GSIZE_TO_POINTER (probe->probe), (gpointer) run);
          if (probe->reply != 0)
            {
              g_hash_table_insert (ctx->trace_reply, GSIZE_TO_POINTER (probe->reply), (gpointer) probe);
              g_hash_table_insert (ctx->trace_run, GSIZE_TO_POINTER (probe->reply), (gpointer) run);
            }
        }
    }
}

static void
index_pings (LadderStoryContext *ctx)
{
  LadderPing *ping = ladder_analysis_get_ping (ctx->analysis);

  for (guint s = 0; ping != NULL && s < ladder_ping_get_n_sessions (ping); s++)
    {
      const LadderPingSession *session = ladder_ping_get_session (ping, s);
      for (guint p = 0; p < session->n_probes; p++)
        {
          const LadderPingProbe *probe = &session->probes[p];
          if (probe->request != 0)
            g_hash_table_insert (ctx->ping_request, GSIZE_TO_POINTER (probe->request), (gpointer) probe);
          if (probe->reply != 0)
            g_hash_table_insert (ctx->ping_answer, GSIZE_TO_POINTER (probe->reply), (gpointer) probe);
          if (probe->error != 0)
            g_hash_table_insert (ctx->ping_answer, GSIZE_TO_POINTER (probe->error), (gpointer) probe);
        }
    }
}

/* The lab's links say which hosts they join, and the lab numbers its
 * addresses (ladder-lab-topology.h): on link k, 10.0.k.1 and fd00:k::1 are
 * the end nearer the client, .2 and ::2 the other. */
static void
learn_lab_link (LadderStoryContext *ctx, const LadderCaptureInterface *iface, guint index)
{
  g_autofree char *left = NULL, *right = NULL;
  const char *subnet = iface->description != NULL ? strstr (iface->description, "(10.0.") : NULL;
  guint k;

  if (ladder_sightings_is_lab_delivered (iface->description))
    return;
  if (subnet == NULL || sscanf (subnet, "(10.0.%u.0/", &k) != 1 || k > 255
      || !lab_link_ends (ctx->capture, index, &left, &right))
    return;
  for (int end = 1; end <= 2; end++)
    {
      g_autofree char *v4 = g_strdup_printf ("10.0.%u.%d", k, end), *v6 = g_strdup_printf ("fd00:%u::%d", k, end);
      LadderAddr a;
      if (ladder_addr_parse (v4, &a))
        learn_host (ctx, &a, end == 1 ? left : right);
      if (ladder_addr_parse (v6, &a))
        learn_host (ctx, &a, end == 1 ? left : right);
    }
}

static void
learn_hosts (LadderStoryContext *ctx)
{
  for (guint i = 0; ctx->lab && i < ladder_capture_get_n_interfaces (ctx->capture); i++)
    learn_lab_link (ctx, ladder_capture_get_interface (ctx->capture, i), i);
  for (guint i = 0; i < ladder_capture_get_n_calls (ctx->capture); i++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (ctx->capture, i);
      learn_host (ctx, &c->local_addr, c->host);
    }
  for (guint i = 0; i < ladder_capture_get_n_states (ctx->capture); i++)
    {
      const LadderSocketState *s = ladder_capture_get_state (ctx->capture, i);
      learn_host (ctx, &s->local_addr, s->host);
    }
}

/* UDP conversations some ICMP error answered (their datagrams were not
 * left unanswered), found through the errors' quoted headers. */
static void
index_udp_errors (LadderStoryContext *ctx)
{
  guint64 n = ladder_analysis_get_n_frames (ctx->analysis);
  guint n_convs = ladder_conversations_get_n_items (ctx->convs);
  g_autoptr (GHashTable) udp = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN];
  LadderPacket pkt;

  for (guint k = 0; k < n_convs; k++)
    {
      const LadderConversation *c = ladder_conversations_get_item (ctx->convs, k);
      if (c->proto == STORY_PROTO_UDP)
        g_hash_table_insert (udp, g_strdup_printf ("%s %u %s %u", ladder_addr_to_string (&c->a, a), c->a_port,
                                                   ladder_addr_to_string (&c->b, b), c->b_port),
                             GUINT_TO_POINTER (k + 1));
    }
  for (guint64 f = 1; f <= n && g_hash_table_size (udp) > 0; f++)
    {
      g_autofree char *key = NULL;
      gpointer k;

      if (ladder_analysis_get_frame_conversation (ctx->analysis, f) >= 0
          || !ladder_capture_decode (ctx->capture, f, &pkt, NULL)
          || !pkt.quoted.present || !pkt.quoted.has_ports || pkt.quoted.ip_proto != STORY_PROTO_UDP)
        continue;
      key = g_strdup_printf ("%s %u %s %u", ladder_addr_to_string (&pkt.quoted.src, a), pkt.quoted.sport,
                             ladder_addr_to_string (&pkt.quoted.dst, b), pkt.quoted.dport);
      if ((k = g_hash_table_lookup (udp, key)) != NULL)
        g_hash_table_add (ctx->udp_answered, k);
    }
}

void
ladder_story_context_init (LadderStoryContext *ctx, LadderCapture *capture, LadderAnalysis *analysis)
{
  LadderFrameInfo first;

  memset (ctx, 0, sizeof *ctx);
  ctx->capture = capture;
  ctx->analysis = analysis;
  ctx->convs = ladder_analysis_get_conversations (analysis);
  if (ladder_capture_get_frame (capture, 1, &first))
    ctx->origin_ns = first.ts_ns;
  else if (ladder_capture_get_n_calls (capture) > 0)
    ctx->origin_ns = ladder_capture_get_call (capture, 0)->ts_ns;
  for (guint i = 0; i < ladder_capture_get_n_interfaces (capture); i++)
    ctx->lab |= ladder_sightings_is_lab_interface (ladder_capture_get_interface (capture, i)->description);
  ctx->host_of = g_hash_table_new_full (addr_hash, addr_equal, g_free, g_free);
  ctx->trace_probe = g_hash_table_new (NULL, NULL);
  ctx->trace_reply = g_hash_table_new (NULL, NULL);
  ctx->trace_run = g_hash_table_new (NULL, NULL);
  ctx->ping_request = g_hash_table_new (NULL, NULL);
  ctx->ping_answer = g_hash_table_new (NULL, NULL);
  ctx->last_ack = g_hash_table_new (NULL, NULL);
  ctx->udp_answered = g_hash_table_new (NULL, NULL);
  learn_hosts (ctx);
  index_traceroutes (ctx);
  index_pings (ctx);
  index_udp_errors (ctx);
}

void
ladder_story_context_clear (LadderStoryContext *ctx)
{
  g_clear_pointer (&ctx->host_of, g_hash_table_unref);
  g_clear_pointer (&ctx->trace_probe, g_hash_table_unref);
  g_clear_pointer (&ctx->trace_reply, g_hash_table_unref);
  g_clear_pointer (&ctx->trace_run, g_hash_table_unref);
  g_clear_pointer (&ctx->ping_request, g_hash_table_unref);
  g_clear_pointer (&ctx->ping_answer, g_hash_table_unref);
  g_clear_pointer (&ctx->last_ack, g_hash_table_unref);
  g_clear_pointer (&ctx->udp_answered, g_hash_table_unref);
}

/* ---- quizzes ---- */

void
ladder_story_quiz_free (LadderStoryQuiz *quiz)
{
  if (quiz == NULL)
    return;
  g_free (quiz->question);
  g_strfreev (quiz->choices);
  g_free (quiz);
}

/* Where the answer goes: a hash of the step, so it is the same every run
 * and not always in one place. */
static guint
answer_position (guint index, guint64 packet, guint n)
{
  guint32 h = (guint32) (index + 1) * 2654435761u ^ (guint32) packet * 40503u;

  h ^= h >> 15;
  h *= 2246822519u;
  h ^= h >> 13;
  return h % n;
}

/* Takes QUESTION, ANSWER and the distractors (NULL-terminated, NULLs
 * allowed in between when FILL had nothing); keeps distinct distractors,
 * at most three; NULL when fewer than two are left. */
static LadderStoryQuiz *
make_quiz (guint index, guint64 packet, char *question, char *answer, char **wrong, guint n_wrong)
{
  g_autoptr (GPtrArray) choices = g_ptr_array_new_with_free_func (g_free);
  LadderStoryQuiz *quiz;

  for (guint i = 0; i < n_wrong; i++)
    {
      gboolean dup = wrong[i] == NULL || g_strcmp0 (wrong[i], answer) == 0 || choices->len == 3;
      for (guint j = 0; j < choices->len && !dup; j++)
        dup = g_strcmp0 (choices->pdata[j], wrong[i]) == 0;
      if (dup)
        g_free (wrong[i]);
      else
        g_ptr_array_add (choices, wrong[i]);
    }
  if (choices->len < 2)
    {
      g_free (question);
      g_free (answer);
      return NULL;
    }
  quiz = g_new0 (LadderStoryQuiz, 1);
  quiz->question = question;
  quiz->answer = answer_position (index, packet, choices->len + 1);
  g_ptr_array_insert (choices, (gint) quiz->answer, answer);
  quiz->n_choices = choices->len;
  g_ptr_array_add (choices, NULL);
  quiz->choices = (char **) g_ptr_array_free (g_steal_pointer (&choices), FALSE);
  return quiz;
}

/* ---- packets ---- */

typedef struct
{
  LadderStoryContext       *ctx;
  LadderStoryStep          *step;
  guint                     index;
  LadderPacket              pkt;
  LadderFrameInfo           info;
  const LadderConversation *conv;
  char                     *who, *whos, *peer;  /* sender, its possessive, receiver */
  char                      src[LADDER_ADDR_STRLEN], dst[LADDER_ADDR_STRLEN];
  char                      sport[8], dport[8];
} PacketCtx;

static char *
fmt_u (guint64 v)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, v);
}

/* A call of one of KINDS (bit mask of 1 << LadderCallKind) on the sender's
 * socket that was running when the packet left (1 ms of slack after it
 * returned: the capture's timestamps come later than the call's). */
static const LadderSocketCall *
active_call (PacketCtx *p, guint kinds)
{
  LadderCapture *capture = p->ctx->capture;
  const LadderSocketCall *best = NULL;

  for (guint i = 0; i < ladder_capture_get_n_calls (capture); i++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (capture, i);
      gboolean local_ok = c->local_port == p->pkt.sport
                          && (addr_unspecified (&c->local_addr) || ladder_addr_equal (&c->local_addr, &p->pkt.src));
      gboolean peer_ok = c->peer_port == p->pkt.dport && ladder_addr_equal (&c->peer_addr, &p->pkt.dst);

      if (!(kinds & (1u << c->kind)) || !(local_ok || peer_ok) || c->ts_ns > p->info.ts_ns
          || c->ts_ns + MAX (c->duration_ns, 0) + 1000000 < p->info.ts_ns)
        continue;
      if (best == NULL || c->ts_ns > best->ts_ns)
        best = c;
    }
  return best;
}

/* An accept() (or accept4()) on the sender's port that has not returned
 * when the packet leaves, or NULL. */
static const LadderSocketCall *
accept_pending (PacketCtx *p)
{
  LadderCapture *capture = p->ctx->capture;

  for (guint i = 0; i < ladder_capture_get_n_calls (capture); i++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (capture, i);
      if (c->kind == LADDER_CALL_ACCEPT && c->local_port == p->pkt.sport
          && c->ts_ns + MAX (c->duration_ns, 0) > p->info.ts_ns)
        return c;
    }
  return NULL;
}

static LadderStoryQuiz *
quiz_syn (PacketCtx *p, TemplateId answer)
{
  /* The question is asked from the SYN's side: who sent it, to whom. */
  const char *peer = p->who, *asker = p->peer;
  TemplateId all[] = { A_SYNACK, A_RST, A_SYN_AGAIN, A_ICMP_PORT };
  char *wrong[4];
  guint n = 0;
  char *question = answer == A_SYN_AGAIN
                     ? FILL (Q_SYN, "who", p->who, "dst", p->dst, "dport", p->dport)
                     : FILL (Q_SYN, "who", asker, "dst", p->src, "dport", p->sport);

  if (answer == A_SYN_AGAIN)
    peer = p->peer;
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (all[i] != answer)
      wrong[n++] = FILL (all[i], "peer", peer);
  return make_quiz (p->index, p->step->packet, question, FILL (answer, "peer", peer), wrong, n);
}

static guint32
last_ack_of (PacketCtx *p, int dir)
{
  gpointer key = GINT_TO_POINTER (p->step->conversation * 2 + dir + 1);
  return GPOINTER_TO_UINT (g_hash_table_lookup (p->ctx->last_ack, key));
}

static LadderStoryQuiz *
quiz_ack (PacketCtx *p, guint32 ack, guint32 previous)
{
  g_autofree char *a = fmt_u (ack), *prev = fmt_u (previous), *minus = fmt_u (ack - 1);
  char *wrong[] = { FILL (A_ACK, "ack", prev), FILL (A_ACK, "ack", minus),
                    FILL (A_ACK_AFTER_RECV, "x", ""), FILL (A_RST, "peer", p->who) };
  g_autofree char *n = fmt_u (ack - previous), *first = fmt_u (previous), *last = fmt_u (ack - 1);

  return make_quiz (p->index, p->step->packet,
                    FILL (Q_DATA, "who", p->peer, "n", n, "seq", first, "last", last),
                    FILL (A_ACK, "ack", a), wrong, G_N_ELEMENTS (wrong));
}

static char *
tcp_fin_caption (PacketCtx *p, const LadderTcpPacketInfo *ti, int dir, const char *seq)
{
  const LadderSocketCall *c = active_call (p, 1u << LADDER_CALL_CLOSE | 1u << LADDER_CALL_SHUTDOWN);
  const char *state = ladder_tcp_state_to_string (ti->state[dir]);

  if (c != NULL)
    return FILL (T_FIN_CALL, "call", ladder_socket_call_name (c), "who", p->who, "seq", seq,
                 "state", state);
  return FILL (T_FIN, "who", p->who, "seq", seq, "state", state);
}

static char *
tcp_data_caption (PacketCtx *p, const LadderTcpPacketInfo *ti)
{
  g_autofree char *n = fmt_u (p->pkt.payload_len), *seq = fmt_u (ti->rel_seq);
  g_autofree char *last = fmt_u ((guint64) ti->rel_seq + p->pkt.payload_len - 1);
  const LadderSocketCall *c;

  if (ti->notes & LADDER_TCP_NOTE_FAST_RETRANSMISSION)
    return FILL (T_FAST_RETRANS, "whos", p->whos, "n", n, "seq", seq, "last", last);
  if (ti->notes & LADDER_TCP_NOTE_RETRANSMISSION)
    return FILL (T_RETRANS, "whos", p->whos, "n", n, "seq", seq, "last", last);
  c = active_call (p, 1u << LADDER_CALL_SEND | 1u << LADDER_CALL_SENDTO);
  if (c != NULL)
    return FILL (T_DATA_CALL, "call", ladder_socket_call_name (c), "who", p->who, "n", n,
                 "seq", seq, "last", last, "dst", p->dst, "dport", p->dport);
  return FILL (T_DATA, "who", p->who, "n", n, "seq", seq, "last", last, "dst", p->dst, "dport", p->dport);
}

static char *
tuple_text (const LadderAddr *a, guint16 ap, const LadderAddr *b, guint16 bp, guint8 proto)
{
  char x[LADDER_ADDR_STRLEN], y[LADDER_ADDR_STRLEN];

  return g_strdup_printf ("(%s, %s, %u, %s, %u)", proto == STORY_PROTO_UDP ? "UDP" : "TCP",
                          ladder_addr_to_string (a, x), ap, ladder_addr_to_string (b, y), bp);
}

static char *
tcp_ack_caption (PacketCtx *p, const LadderTcpConn *conn, const LadderTcpPacketInfo *ti, int dir)
{
  g_autofree char *ack = fmt_u (ti->rel_ack);
  guint32 previous = last_ack_of (p, dir);

  if (p->step->packet == conn->ack_packet)
    {
      g_autofree char *tuple = tuple_text (&p->conv->a, p->conv->a_port, &p->conv->b, p->conv->b_port, STORY_PROTO_TCP);
      char *wrong[] = { FILL (A_SECOND_SYN, "x", ""), FILL (A_RST, "peer", p->who), FILL (A_WAIT_SEND, "x", "") };
      p->step->quiz = make_quiz (p->index, p->step->packet, FILL (Q_SYNACK, "who", p->peer, "peer", p->who),
                                 FILL (A_ACK, "ack", "1"), wrong, G_N_ELEMENTS (wrong));
      return FILL (T_HANDSHAKE_ACK, "who", p->who, "tuple", tuple);
    }
  if (ti->state[dir] == LADDER_TCP_TIME_WAIT)
    return FILL (T_ACK_TIMEWAIT, "who", p->who, "ack", ack);
  if (conn->flow[!dir].fin_seen && conn->flow[!dir].fin_packet < p->step->packet
      && (ti->state[!dir] == LADDER_TCP_FIN_WAIT_2 || ti->state[!dir] == LADDER_TCP_CLOSED)
      && previous != ti->rel_ack + 1)
    return FILL (T_ACK_FIN, "who", p->who, "ack", ack, "peer_state", ladder_tcp_state_to_string (ti->state[!dir]));
  if (ti->notes & LADDER_TCP_NOTE_DUP_ACK)
    return FILL (T_DUPACK, "who", p->who, "ack", ack);
  if (previous != 0 && ti->rel_ack + 1 > previous)
    {
      p->step->quiz = quiz_ack (p, ti->rel_ack, previous - 1);
      return FILL (T_ACK, "whos", p->whos, "ack", ack);
    }
  return NULL;
}

/* SYN, SYN-ACK and the RST that refuses a connection: each answers the
 * SYN before it, so each has a quiz; NULL for other segments. */
static char *
tcp_open_caption (PacketCtx *p, const LadderTcpConn *conn, const LadderTcpPacketInfo *ti)
{
  guint16 flags = p->pkt.tcp_flags;

  if ((flags & LADDER_TCP_SYN) && !(flags & LADDER_TCP_ACK))
    {
      if (ti->notes & LADDER_TCP_NOTE_RETRANSMISSION)
        {
          p->step->quiz = quiz_syn (p, A_SYN_AGAIN);
          return FILL (T_SYN_RETRANS, "whos", p->whos, "dst", p->dst, "dport", p->dport);
        }
      if (active_call (p, 1u << LADDER_CALL_CONNECT) != NULL)
        return FILL (T_SYN_CALL, "call", "connect", "who", p->who, "dst", p->dst, "dport", p->dport);
      return FILL (T_SYN, "who", p->who, "sport", p->sport, "dst", p->dst, "dport", p->dport);
    }
  if ((flags & LADDER_TCP_SYN) && (flags & LADDER_TCP_ACK))
    {
      const LadderSocketCall *accept = accept_pending (p);

      p->step->quiz = quiz_syn (p, A_SYNACK);
      if (accept != NULL)
        return FILL (T_SYNACK_QUEUE, "whos", p->whos, "call", ladder_socket_call_name (accept));
      return FILL (T_SYNACK, "whos", p->whos, "sport", p->sport);
    }
  if ((flags & LADDER_TCP_RST) && conn->close == LADDER_TCP_CLOSE_REFUSED && p->step->packet == conn->rst_packet)
    {
      p->step->quiz = quiz_syn (p, A_RST);
      return FILL (T_REFUSED, "sport", p->sport, "who", p->who);
    }
  return NULL;
}

static char *
tcp_caption_for (PacketCtx *p, const LadderTcpPacketInfo *ti_in, int dir)
{
  const LadderTcpConn *conn = p->conv->tcp;
  LadderTcpPacketInfo ti = *ti_in;
  guint16 flags = p->pkt.tcp_flags;
  g_autofree char *seq = fmt_u (ti.rel_seq), *ack = fmt_u (ti.rel_ack);
  char fbuf[40];
  char *text = tcp_open_caption (p, conn, &ti);

  if (text != NULL)
    return text;
  if (flags & LADDER_TCP_RST)
    return FILL (T_RST, "whos", p->whos, "seq", seq);
  if (flags & LADDER_TCP_FIN)
    text = tcp_fin_caption (p, &ti, dir, seq);
  else if (p->pkt.payload_len > 0)
    text = tcp_data_caption (p, &ti);
  else
    text = tcp_ack_caption (p, conn, &ti, dir);
  if (text == NULL)
    text = FILL (T_TCP_OTHER, "who", p->who, "flags", ladder_tcp_flags_to_string (flags, fbuf, sizeof fbuf),
                 "seq", seq, "ack", ack, "dst", p->dst, "dport", p->dport);
  return text;
}

/* Remembers each direction's highest ACK, so an ACK of new data is told
 * (and quizzed) as one. */
static char *
tcp_caption (PacketCtx *p)
{
  LadderTcpPacketInfo ti;
  int dir;
  char *text;

  if (p->conv == NULL || p->conv->tcp == NULL
      || !ladder_analysis_get_tcp_info (p->ctx->analysis, p->step->packet, &ti))
    return NULL;
  dir = ladder_addr_equal (&p->pkt.src, &p->conv->a) && p->pkt.sport == p->conv->a_port ? 0 : 1;
  text = tcp_caption_for (p, &ti, dir);
  if ((p->pkt.tcp_flags & LADDER_TCP_ACK) && ti.rel_ack + 1 > last_ack_of (p, dir))
    g_hash_table_insert (p->ctx->last_ack, GINT_TO_POINTER (p->step->conversation * 2 + dir + 1),
                         GUINT_TO_POINTER (ti.rel_ack + 1));
  return text;
}

static LadderStoryQuiz *
quiz_udp (PacketCtx *p, TemplateId answer, const char *asker, const char *dst, const char *dport,
          const char *peer)
{
  TemplateId all[] = { A_UDP_REPLY, A_ICMP_PORT, A_UDP_NOTHING, A_SYNACK };
  char *wrong[4];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (all[i] != answer)
      wrong[n++] = FILL (all[i], "peer", peer);
  return make_quiz (p->index, p->step->packet, FILL (Q_UDP, "who", asker, "dst", dst, "dport", dport),
                    FILL (answer, "peer", peer), wrong, n);
}

static char *
udp_caption (PacketCtx *p)
{
  g_autofree char *n = fmt_u (p->pkt.payload_len);
  const LadderSocketCall *c;
  char *text;

  if (p->conv == NULL)
    return NULL;
  if (ladder_addr_equal (&p->pkt.src, &p->conv->b) && p->pkt.sport == p->conv->b_port && p->conv->initiator_known)
    {
      p->step->quiz = quiz_udp (p, A_UDP_REPLY, p->peer, p->src, p->sport, p->who);
      return FILL (T_UDP_REPLY, "who", p->who, "n", n, "dst", p->dst, "dport", p->dport);
    }
  c = active_call (p, 1u << LADDER_CALL_SEND | 1u << LADDER_CALL_SENDTO);
  if (c != NULL)
    text = FILL (T_UDP_CALL, "call", ladder_socket_call_name (c), "who", p->who, "n", n,
                 "sport", p->sport, "dst", p->dst, "dport", p->dport);
  else
    text = FILL (T_UDP, "who", p->who, "n", n, "sport", p->sport, "dst", p->dst, "dport", p->dport);
  if (p->conv->packets_ba == 0
      && !g_hash_table_contains (p->ctx->udp_answered, GUINT_TO_POINTER (p->step->conversation + 1)))
    {
      g_autofree char *nobody = FILL (T_UDP_NOBODY, "x", "");
      char *both = g_strconcat (text, " ", nobody, NULL);
      g_free (text);
      text = both;
    }
  return text;
}

static char *
trace_probe_caption (PacketCtx *p, const LadderTracerouteRun *run, const LadderTracerouteProbe *probe)
{
  g_autofree char *ttl = fmt_u (probe->ttl), *what = NULL;

  if (run->method == LADDER_TRACEROUTE_UDP)
    what = g_strdup_printf ("UDP to port %u", probe->dport);
  else if (run->method == LADDER_TRACEROUTE_TCP)
    what = g_strdup_printf ("TCP SYN to port %u", probe->dport);
  else
    what = g_strdup_printf ("ICMP Echo Request seq %u", probe->icmp_seq);
  return FILL (T_TRACE_PROBE, "who", p->who, "probe", what, "dst", p->dst, "ttl", ttl);
}

/* The name of the router at hop TTL of RUN (from its first reply). */
static char *
hop_router (PacketCtx *p, const LadderTracerouteRun *run, guint ttl, char **addr)
{
  for (guint h = 0; h < run->n_hops; h++)
    if (run->hops[h].ttl == ttl)
      for (guint i = 0; i < run->hops[h].n_probes; i++)
        if (run->hops[h].probes[i].reply_type == LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED)
          {
            *addr = addr_text (&run->hops[h].probes[i].responder);
            return router_name (p->ctx, run->hops[h].probes[i].reply, run->hops[h].probes[i].probe, ttl);
          }
  return NULL;
}

static LadderStoryQuiz *
quiz_trace (PacketCtx *p, const LadderTracerouteRun *run, const LadderTracerouteProbe *probe, char *answer)
{
  g_autofree char *ttl = fmt_u (probe->ttl), *dst = addr_text (&run->dst);
  g_autofree char *asker = who_is (p->ctx, &run->src, 0, NULL);
  char *wrong[4] = { NULL };
  guint n = 0;

  for (int d = -1; d <= 1; d += 2)
    {
      g_autofree char *addr = NULL;
      g_autofree char *router = hop_router (p, run, probe->ttl + d, &addr);
      if (router != NULL)
        wrong[n++] = FILL (A_TIME_EXCEEDED, "router", router, "addr", addr);
    }
  if (probe->reply_type == LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED)
    wrong[n++] = FILL (run->method == LADDER_TRACEROUTE_ICMP ? A_ECHO_REPLY : A_ICMP_PORT, "peer", dst);
  else
    wrong[n++] = FILL (A_ROUTER_EXCEEDED, "x", "");
  wrong[n++] = FILL (A_LOST, "x", "");
  return make_quiz (p->index, p->step->packet, FILL (Q_TRACE, "who", asker, "dst", dst, "ttl", ttl),
                    answer, wrong, n);
}

/* ROUTER (with ROUTER_ADDR) when the request expired on the way, else NULL. */
static LadderStoryQuiz *
quiz_echo (PacketCtx *p, const LadderPingProbe *probe, const LadderAddr *dst, const char *router,
           const char *router_addr)
{
  g_autofree char *d = addr_text (dst), *seq = fmt_u (probe->seq), *ttl = fmt_u (probe->request_ttl);
  g_autofree char *asker = who_is (p->ctx, &p->pkt.dst, 0, NULL), *target = who_is (p->ctx, dst, 0, NULL);
  char *reply = FILL (A_ECHO_REPLY, "peer", target);
  char *expired = router != NULL ? FILL (A_TIME_EXCEEDED, "router", router, "addr", router_addr)
                                 : FILL (A_ROUTER_EXCEEDED, "x", "");
  char *wrong[] = { router != NULL ? reply : expired, FILL (A_ICMP_PORT, "peer", target), FILL (A_LOST, "x", "") };

  return make_quiz (p->index, p->step->packet, FILL (Q_ECHO, "who", asker, "seq", seq, "dst", d, "ttl", ttl),
                    router != NULL ? expired : reply, wrong, G_N_ELEMENTS (wrong));
}

static char *
time_exceeded_caption (PacketCtx *p)
{
  const LadderTracerouteProbe *probe = g_hash_table_lookup (p->ctx->trace_reply, GSIZE_TO_POINTER (p->step->packet));
  const LadderPingProbe *ping = g_hash_table_lookup (p->ctx->ping_answer, GSIZE_TO_POINTER (p->step->packet));
  guint64 probe_frame = probe != NULL ? probe->probe : ping != NULL ? ping->request : 0;
  guint ttl = probe != NULL ? probe->ttl : ping != NULL ? ping->request_ttl : 0;
  g_autofree char *router = router_name (p->ctx, p->step->packet, probe_frame, ttl);
  g_autofree char *qttl = fmt_u (p->pkt.quoted.present ? MAX (p->pkt.quoted.ttl, 1) : 1);
  char *text = FILL (T_TIME_EXCEEDED, "router", router, "addr", p->src, "qttl", qttl);

  if (probe != NULL)
    {
      const LadderTracerouteRun *run = g_hash_table_lookup (p->ctx->trace_run, GSIZE_TO_POINTER (p->step->packet));
      p->step->quiz = quiz_trace (p, run, probe, FILL (A_TIME_EXCEEDED, "router", router, "addr", p->src));
    }
  else if (ping != NULL)
    p->step->quiz = quiz_echo (p, ping, &p->pkt.quoted.dst, router, p->src);
  return text;
}

/* Unreachables other than a port's (no route, host, prohibited ...). */
static char *
unreachable_other (PacketCtx *p, const LadderTracerouteProbe *probe, const char *asker, const char *qdst)
{
  const char *code = ladder_icmp_error_code_name (p->pkt.ip_version, p->pkt.icmp_type, p->pkt.icmp_code);
  const LadderTracerouteRun *run = g_hash_table_lookup (p->ctx->trace_run, GSIZE_TO_POINTER (p->step->packet));
  g_autofree char *who = NULL;
  char *answer;

  /* A router on a traceroute's path is named by its place, as for Time Exceeded. */
  if (probe != NULL && run != NULL && !ladder_addr_equal (&p->pkt.src, &run->dst)
      && strcmp (p->who, p->src) == 0)
    {
      g_autofree char *router = router_name (p->ctx, p->step->packet, probe->probe, probe->ttl);
      who = g_strdup_printf ("%s (%s)", router, p->src);
    }
  else
    who = strcmp (p->who, p->src) == 0 ? g_strdup (p->who) : g_strdup_printf ("%s (%s)", p->who, p->src);
  answer = FILL (A_UNREACH, "peer", who, "code", code);

  if (probe != NULL && run != NULL)
    p->step->quiz = quiz_trace (p, run, probe, answer);
  else if (p->pkt.quoted.present)
    {
      g_autofree char *target = who_is (p->ctx, &p->pkt.quoted.dst, 0, NULL);
      char *wrong[] = { FILL (A_ICMP_PORT, "peer", target), FILL (A_ROUTER_EXCEEDED, "x", ""), FILL (A_LOST, "x", "") };
      p->step->quiz = make_quiz (p->index, p->step->packet, FILL (Q_SENT, "who", asker, "dst", qdst), answer,
                                 wrong, G_N_ELEMENTS (wrong));
    }
  else
    g_free (answer);
  return FILL (T_UNREACH, "who", who, "code", code);
}

static char *
unreachable_caption (PacketCtx *p)
{
  gboolean port = p->pkt.icmp_code == (p->pkt.ip_version == 6 ? LADDER_ICMPV6_UNREACH_PORT
                                                               : LADDER_ICMP_UNREACH_PORT);
  const LadderTracerouteProbe *probe = g_hash_table_lookup (p->ctx->trace_reply, GSIZE_TO_POINTER (p->step->packet));
  g_autofree char *qport = fmt_u (p->pkt.quoted.dport), *qttl = fmt_u (p->pkt.quoted.ttl);
  g_autofree char *qdst = addr_text (&p->pkt.quoted.dst), *qsport = fmt_u (p->pkt.quoted.sport);
  g_autofree char *asker = who_is (p->ctx, &p->pkt.quoted.src, p->pkt.quoted.sport, NULL);

  if (port && probe != NULL)
    {
      const LadderTracerouteRun *run = g_hash_table_lookup (p->ctx->trace_run, GSIZE_TO_POINTER (p->step->packet));
      p->step->quiz = quiz_trace (p, run, probe, FILL (A_ICMP_PORT, "peer", p->src));
      return FILL (T_TRACE_DEST, "addr", p->src, "qttl", qttl, "port", qport);
    }
  if (port && p->pkt.quoted.present && p->pkt.quoted.ip_proto == STORY_PROTO_UDP)
    {
      p->step->quiz = quiz_udp (p, A_ICMP_PORT, asker, qdst, qport, p->who);
      return FILL (T_PORT_UNREACH, "port", qport, "who", p->who);
    }
  return unreachable_other (p, probe, asker, qdst);
}

static char *
echo_caption (PacketCtx *p, gboolean request)
{
  g_autofree char *id = fmt_u (p->pkt.icmp_id), *seq = fmt_u (p->pkt.icmp_seq), *ttl = fmt_u (p->pkt.ttl);
  const LadderTracerouteProbe *tprobe = g_hash_table_lookup (p->ctx->trace_probe, GSIZE_TO_POINTER (p->step->packet));
  const LadderPingProbe *ping;
  g_autofree char *rtt = NULL;

  if (request && tprobe != NULL)
    return trace_probe_caption (p, g_hash_table_lookup (p->ctx->trace_run, GSIZE_TO_POINTER (p->step->packet)), tprobe);
  if (request)
    return FILL (T_ECHO_REQ, "who", p->who, "id", id, "seq", seq, "dst", p->dst, "ttl", ttl);
  ping = g_hash_table_lookup (p->ctx->ping_answer, GSIZE_TO_POINTER (p->step->packet));
  if (ping != NULL && !isnan (ping->rtt_ms))
    rtt = g_strdup_printf (" after %.3f ms", ping->rtt_ms);
  if ((tprobe = g_hash_table_lookup (p->ctx->trace_reply, GSIZE_TO_POINTER (p->step->packet))) != NULL)
    p->step->quiz = quiz_trace (p, g_hash_table_lookup (p->ctx->trace_run, GSIZE_TO_POINTER (p->step->packet)),
                                tprobe, FILL (A_ECHO_REPLY, "peer", p->src));
  else if (ping != NULL)
    p->step->quiz = quiz_echo (p, ping, &p->pkt.src, NULL, NULL);
  return FILL (T_ECHO_REPLY, "who", p->who, "id", id, "seq", seq, "rtt", rtt != NULL ? rtt : "");
}

static char *
icmp_caption (PacketCtx *p)
{
  switch (p->pkt.icmp_kind)
    {
    case LADDER_ICMP_KIND_ECHO_REQUEST:  return echo_caption (p, TRUE);
    case LADDER_ICMP_KIND_ECHO_REPLY:    return echo_caption (p, FALSE);
    case LADDER_ICMP_KIND_TIME_EXCEEDED: return time_exceeded_caption (p);
    case LADDER_ICMP_KIND_UNREACHABLE:   return unreachable_caption (p);
    default:                             return NULL;
    }
}

static char *
packet_caption (PacketCtx *p)
{
  const LadderTracerouteProbe *tprobe = g_hash_table_lookup (p->ctx->trace_probe, GSIZE_TO_POINTER (p->step->packet));

  if (tprobe != NULL && !(p->pkt.layers & (LADDER_LAYER_ICMP | LADDER_LAYER_ICMPV6)))
    return trace_probe_caption (p, g_hash_table_lookup (p->ctx->trace_run, GSIZE_TO_POINTER (p->step->packet)), tprobe);
  if (p->pkt.layers & LADDER_LAYER_TCP)
    return tcp_caption (p);
  if (p->pkt.layers & LADDER_LAYER_UDP)
    return udp_caption (p);
  if (p->pkt.layers & (LADDER_LAYER_ICMP | LADDER_LAYER_ICMPV6))
    return icmp_caption (p);
  return NULL;
}

static void
narrate_packet (LadderStoryContext *ctx, LadderStoryStep *step, guint index)
{
  PacketCtx p = { ctx, step, index };
  g_autoptr (GString) summary = g_string_new (NULL);

  if (!ladder_capture_get_frame (ctx->capture, step->packet, &p.info)
      || !ladder_capture_decode (ctx->capture, step->packet, &p.pkt, NULL))
    {
      step->caption = g_strdup_printf ("packet %" G_GUINT64_FORMAT, step->packet);
      return;
    }
  if (step->conversation >= 0)
    p.conv = ladder_conversations_get_item (ctx->convs, (guint) step->conversation);
  ladder_addr_to_string (&p.pkt.src, p.src);
  ladder_addr_to_string (&p.pkt.dst, p.dst);
  g_snprintf (p.sport, sizeof p.sport, "%u", p.pkt.sport);
  g_snprintf (p.dport, sizeof p.dport, "%u", p.pkt.dport);
  p.who = who_is (ctx, &p.pkt.src, p.pkt.sport, p.conv);
  p.whos = possessive (p.who);
  p.peer = who_is (ctx, &p.pkt.dst, p.pkt.dport, p.conv);
  if (p.pkt.ip_version != 0)
    step->caption = packet_caption (&p);
  if (step->caption == NULL)
    {
      ladder_packet_summary (&p.pkt, summary);
      step->caption = FILL (T_OTHER, "summary", summary->str);
    }
  g_free (p.who);
  g_free (p.whos);
  g_free (p.peer);
}

/* ---- calls ---- */

static const char *
proto_name (guint8 proto)
{
  return proto == STORY_PROTO_TCP ? "TCP" : proto == STORY_PROTO_UDP ? "UDP"
         : proto == STORY_PROTO_ICMP ? "ICMP" : proto == STORY_PROTO_ICMPV6 ? "ICMPv6" : "raw";
}

/* The third argument of recv(fd, buf, N): the buffer's size, or 0. */
static guint64
recv_buffer_size (const LadderSocketCall *c)
{
  g_auto (GStrv) parts = g_strsplit (c->args, ",", 4);

  return g_strv_length (parts) >= 3 ? g_ascii_strtoull (g_strstrip (parts[2]), NULL, 10) : 0;
}

static LadderStoryQuiz *
quiz_recv (const LadderSocketCall *c, const char *who, guint index)
{
  guint64 size = recv_buffer_size (c);
  g_autofree char *r = fmt_u (c->result >= 0 ? (guint64) c->result : 0);
  g_autofree char *s = fmt_u (size), *zero = fmt_u (0), *twice = fmt_u (c->result > 0 ? (guint64) c->result * 2 : size > 1 ? size / 2 : 16);
  char *answer = c->result >= 0 ? FILL (A_BYTES, "n", r) : FILL (A_ERROR, "x", "");
  char *wrong[] = { size > 0 ? FILL (A_BYTES, "n", s) : NULL, FILL (A_BYTES, "n", zero),
                    FILL (A_ERROR, "x", ""), FILL (A_BYTES, "n", twice) };

  return make_quiz (index, (guint64) c->ts_ns, FILL (Q_RECV, "call", ladder_socket_call_name (c), "who", who),
                    answer, wrong, G_N_ELEMENTS (wrong));
}

static char *
call_failed (const LadderSocketCall *c, const char *who, const char *peer, const char *pport)
{
  const char *name = ladder_socket_call_name (c);
  const char *errname = strerrorname_np (c->err);

  if (c->err == ECONNREFUSED)
    return FILL (C_REFUSED, "call", name, "who", who, "peer", peer, "pport", pport);
  if (c->err == ECONNRESET)
    return FILL (C_RESET, "call", name, "who", who);
  return FILL (C_FAILED, "call", name, "who", who, "errname", errname != NULL ? errname : "?",
               "error", g_strerror (c->err));
}

/* The caption for a call's end: its return, or the whole call when it did not block. */
static char *
call_result (const LadderSocketCall *c, const char *who, const char *peer, const char *pport,
             const char *result, LadderStoryStep *step, guint index)
{
  const char *name = ladder_socket_call_name (c);

  if (c->kind == LADDER_CALL_RECV || c->kind == LADDER_CALL_RECVFROM)
    step->quiz = quiz_recv (c, who, index);
  if (c->result < 0 && c->err != 0)
    return call_failed (c, who, peer, pport);
  switch (c->kind)
    {
    case LADDER_CALL_ACCEPT: return FILL (C_ACCEPT_RET, "call", name, "result", result, "who", who, "peer", peer, "pport", pport);
    case LADDER_CALL_CONNECT: return FILL (C_CONNECT_RET, "who", who);
    case LADDER_CALL_RECV:
    case LADDER_CALL_RECVFROM:
      return FILL (c->result == 0 ? C_RECV_EOF : C_RECV_RET, "call", name, "result", result, "who", who);
    case LADDER_CALL_SELECT: return FILL (C_SELECT_RET, "call", name, "result", result, "who", who);
    case LADDER_CALL_SEND:
    case LADDER_CALL_SENDTO: return FILL (C_SEND_RET, "call", name, "result", result, "who", who);
    case LADDER_CALL_CLOSE:
      {
        g_autofree char *fd = g_strdup_printf ("%d", c->fd);
        return FILL (C_CLOSE_RET, "who", who, "fd", fd);
      }
    default: return FILL (C_GENERIC, "call", name, "args", c->args, "who", who, "result", result);
    }
}

/* The caption for a call's start when it blocks (or for a call whose
 * start says all); NULL when the result says more. */
static char *
call_start (const LadderSocketCall *c, const char *who, const char *whos, const char *peer,
            const char *pport, gboolean blocks)
{
  const char *name = ladder_socket_call_name (c);
  g_autofree char *fd = g_strdup_printf ("%d", c->kind == LADDER_CALL_SOCKET ? (int) c->result : c->fd);
  g_autofree char *laddr = addr_text (&c->local_addr), *lport = fmt_u (c->local_port);
  g_autofree char *result = g_strdup_printf ("%" G_GINT64_FORMAT, c->result);

  if (c->result < 0 && c->err != 0 && !blocks)
    return NULL;
  switch (c->kind)
    {
    case LADDER_CALL_SOCKET: return FILL (C_SOCKET, "who", who, "proto", proto_name (c->protocol), "fd", fd);
    case LADDER_CALL_BIND: return FILL (C_BIND, "who", who, "addr", laddr, "port", lport);
    case LADDER_CALL_LISTEN: return FILL (C_LISTEN, "who", who, "port", lport);
    case LADDER_CALL_ACCEPT: return blocks ? FILL (C_ACCEPT, "call", name, "who", who) : NULL;
    case LADDER_CALL_CONNECT:
      if (c->protocol == STORY_PROTO_UDP)
        return FILL (C_CONNECT_UDP, "whos", whos, "peer", peer, "pport", pport);
      return blocks ? FILL (C_CONNECT, "who", who, "peer", peer, "pport", pport) : NULL;
    case LADDER_CALL_SEND:
    case LADDER_CALL_SENDTO: return FILL (C_SEND, "call", name, "who", who, "result", result);
    case LADDER_CALL_RECV:
    case LADDER_CALL_RECVFROM: return blocks ? FILL (C_RECV, "call", name, "who", who) : NULL;
    case LADDER_CALL_SELECT: return blocks ? FILL (C_SELECT, "call", name, "who", who) : NULL;
    case LADDER_CALL_CLOSE: return FILL (c->protocol == STORY_PROTO_TCP ? C_CLOSE_TCP : C_CLOSE, "who", who, "fd", fd);
    case LADDER_CALL_SHUTDOWN: return FILL (C_SHUTDOWN, "args", c->args, "who", who);
    case LADDER_CALL_SETSOCKOPT: return FILL (C_SETSOCKOPT, "args", c->args, "who", who);
    default: return NULL;
    }
}

static void
narrate_call (LadderStoryContext *ctx, LadderStoryStep *step, guint index, gboolean blocks)
{
  const LadderSocketCall *c = ladder_capture_get_call (ctx->capture, (guint) step->call);
  g_autofree char *who = c->host[0] != '\0' ? host_title (c->host) : g_strdup_printf ("pid %u", c->pid);
  g_autofree char *whos = possessive (who), *peer = addr_text (&c->peer_addr), *pport = fmt_u (c->peer_port);
  g_autofree char *result = g_strdup_printf ("%" G_GINT64_FORMAT, c->result);

  if (step->kind == LADDER_STORY_CALL)
    step->caption = call_start (c, who, whos, peer, pport, blocks);
  if (step->caption == NULL)
    step->caption = call_result (c, who, peer, pport, result, step, index);
}

/* ---- states ---- */

static LadderStoryQuiz *
quiz_state (const LadderSocketState *s, const char *whos, const char *tuple, guint index)
{
  char *wrong[3];

  for (guint i = 0; i < 3; i++)
    wrong[i] = g_strdup (ladder_tcp_state_to_string (state_confusers[s->state][i]));
  return make_quiz (index, (guint64) s->ts_ns, FILL (Q_STATE, "whos", whos, "tuple", tuple),
                    g_strdup (ladder_tcp_state_to_string (s->state)), wrong, 3);
}

static void
narrate_state (LadderStoryContext *ctx, LadderStoryStep *step, guint index)
{
  const LadderSocketState *s = ladder_capture_get_state (ctx->capture, (guint) step->state);
  g_autofree char *who = host_title (s->host[0] != '\0' ? s->host : "host");
  g_autofree char *whos = possessive (who);
  g_autofree char *tuple = NULL;
  const char *state = ladder_tcp_state_to_string (s->state);

  if (s->state > LADDER_TCP_LAST_ACK)
    {
      step->caption = g_strdup_printf ("state %u", s->state);
      return;
    }
  tuple = s->peer_port != 0 ? tuple_text (&s->local_addr, s->local_port, &s->peer_addr, s->peer_port, s->protocol)
                            : g_strdup_printf ("(port %u)", s->local_port);
  if (s->protocol == STORY_PROTO_UDP)
    {
      const char *meaning = s->state == LADDER_TCP_ESTABLISHED ? N_("connected: the kernel fixed its peer (connect()).")
                                                               : N_("unconnected: it takes datagrams from anyone.");
      step->caption = FILL (S_UDP, "whos", whos, "tuple", tuple, "state",
                            s->state == LADDER_TCP_ESTABLISHED ? "connected" : "unconnected", "meaning", _(meaning));
      return;
    }
  step->caption = FILL (S_STATE, "whos", whos, "tuple", tuple, "state", state, "meaning", _(state_meaning[s->state]));
  step->quiz = quiz_state (s, whos, tuple, index);
}

void
ladder_story_narrate (LadderStoryContext *ctx, LadderStoryStep *step, guint index, gboolean call_blocks)
{
  switch (step->kind)
    {
    case LADDER_STORY_PACKET: narrate_packet (ctx, step, index); break;
    case LADDER_STORY_CALL:
    case LADDER_STORY_CALL_RETURN: narrate_call (ctx, step, index, call_blocks); break;
    case LADDER_STORY_STATE: narrate_state (ctx, step, index); break;
    default: step->caption = g_strdup ("?"); break;
    }
}
