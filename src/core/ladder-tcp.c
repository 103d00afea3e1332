/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-tcp.c: TCP connection analysis (RFC 9293 states, RFC 6298 RTT
 * measurement at the handshake, Wireshark-style retransmission notes).
 */
#include "ladder-tcp.h"

#include <string.h>

/* Below this age a segment that fills a gap is "out of order"; above it, the
 * sender must have retransmitted it (Wireshark's default threshold). */
#define OOO_THRESHOLD_NS (3 * G_GINT64_CONSTANT (1000000))

/* Padded with NULs to LADDER_TCP_STATE_NAME_ROOM bytes (see there). */
#define NAME(s) { s "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", sizeof s - 1 }
static const struct
{
  const char *text;
  gsize       len;
} state_names[] = {
  NAME ("CLOSED"), NAME ("LISTEN"), NAME ("SYN_SENT"), NAME ("SYN_RECEIVED"), NAME ("ESTABLISHED"),
  NAME ("FIN_WAIT_1"), NAME ("FIN_WAIT_2"), NAME ("CLOSING"), NAME ("TIME_WAIT"), NAME ("CLOSE_WAIT"),
  NAME ("LAST_ACK"),
};
#undef NAME
G_STATIC_ASSERT (sizeof "SYN_RECEIVED" <= LADDER_TCP_STATE_NAME_ROOM);

const char *
ladder_tcp_state_to_string_len (LadderTcpState state, gsize *len)
{
  if ((guint) state < G_N_ELEMENTS (state_names))
    {
      *len = state_names[state].len;
      return state_names[state].text;
    }
  *len = sizeof "UNKNOWN" - 1;
  return "UNKNOWN\0\0\0\0\0\0\0\0";
}

const char *
ladder_tcp_state_to_string (LadderTcpState state)
{
  gsize len;

  return ladder_tcp_state_to_string_len (state, &len);
}

const char *
ladder_tcp_close_to_string (LadderTcpClose close)
{
  switch (close)
    {
    case LADDER_TCP_CLOSE_FIN: return "fin";
    case LADDER_TCP_CLOSE_RST: return "rst";
    case LADDER_TCP_CLOSE_REFUSED: return "refused";
    case LADDER_TCP_CLOSE_OPEN:
    default: return "open";
    }
}

static inline gboolean seq_lt (guint32 a, guint32 b) { return (gint32) (a - b) < 0; }
static inline gboolean seq_le (guint32 a, guint32 b) { return (gint32) (a - b) <= 0; }
static inline gboolean seq_gt (guint32 a, guint32 b) { return (gint32) (a - b) > 0; }
static inline gboolean seq_ge (guint32 a, guint32 b) { return (gint32) (a - b) >= 0; }

void
ladder_tcp_conn_init (LadderTcpConn *conn)
{
  g_return_if_fail (conn != NULL);
  memset (conn, 0, sizeof *conn);
  conn->rst_from = -1;
  for (int i = 0; i < 2; i++)
    {
      conn->flow[i].wscale = -1;
      conn->flow[i].state = LADDER_TCP_CLOSED;
    }
}

void
ladder_tcp_conn_clear (LadderTcpConn *conn)
{
  if (conn == NULL)
    return;
  for (int i = 0; i < 2; i++)
    {
      g_clear_pointer (&conn->flow[i].transitions_heap, g_free);
      g_clear_pointer (&conn->flow[i].holes, g_free);
    }
  g_clear_pointer (&conn->flagged_heap, g_free);
}

LadderTcpConn *
ladder_tcp_conn_new (void)
{
  LadderTcpConn *conn = g_new (LadderTcpConn, 1);

  ladder_tcp_conn_init (conn);
  return conn;
}

void
ladder_tcp_conn_free (LadderTcpConn *conn)
{
  if (conn == NULL)
    return;
  ladder_tcp_conn_clear (conn);
  g_free (conn);
}

/* Makes room for item N + 1 in HEAP, whose capacity is FIRST items
 * doubled as often as needed.  A new HEAP starts with the N items at
 * INLINE_ITEMS (N <= FIRST). */
static gpointer
grow_items (gpointer heap, const void *inline_items, guint n, guint first, gsize item)
{
  guint q = n / first;

  if (heap == NULL)
    {
      heap = g_malloc (first * item);
      if (n > 0 && inline_items != NULL)
        memcpy (heap, inline_items, n * item);
    }
  else if (n >= first && n % first == 0 && (q & (q - 1)) == 0)
    heap = g_realloc (heap, (gsize) n * 2 * item);
  return heap;
}

static void
set_state (LadderTcpConn *conn, int e, guint64 packet, LadderTcpState state)
{
  LadderTcpFlow *flow = &conn->flow[e];
  LadderTcpTransition *t;

  if (flow->n_transitions > 0 && flow->state == state)
    return;
  flow->state = state;
  if (flow->n_transitions < LADDER_TCP_INLINE_TRANSITIONS)
    t = &conn->transitions_inline[e][flow->n_transitions];
  else
    {
      flow->transitions_heap = grow_items (flow->transitions_heap, conn->transitions_inline[e],
                                           flow->n_transitions, 2 * LADDER_TCP_INLINE_TRANSITIONS,
                                           sizeof (LadderTcpTransition));
      t = &flow->transitions_heap[flow->n_transitions];
    }
  *t = (LadderTcpTransition) { packet, (guint8) state };
  flow->n_transitions++;
}

static LadderTcpTransition *
transitions (LadderTcpConn *conn, int e)
{
  return conn->flow[e].transitions_heap != NULL ? conn->flow[e].transitions_heap
                                                : conn->transitions_inline[e];
}

/* The first segment decides who the client is and where each side starts. */
static void
begin (LadderTcpConn *conn, int dir, guint16 flags)
{
  gboolean syn = (flags & LADDER_TCP_SYN) != 0;

  conn->handshake_seen = syn;
  conn->midstream = !syn;
  if (syn)
    {
      set_state (conn, 0, 0, LADDER_TCP_CLOSED);
      set_state (conn, 1, 0, LADDER_TCP_LISTEN);
    }
  else
    {
      set_state (conn, 0, 0, LADDER_TCP_ESTABLISHED);
      set_state (conn, 1, 0, LADDER_TCP_ESTABLISHED);
    }
}

/* The wire's view of endpoint E's state, derived from what both sides sent. */
static LadderTcpState
derive_state (const LadderTcpConn *conn, int e)
{
  const LadderTcpFlow *me = &conn->flow[e];
  const LadderTcpFlow *peer = &conn->flow[1 - e];

  if (conn->rst_packet != 0)
    return LADDER_TCP_CLOSED;
  if (!conn->midstream)
    {
      if (e == 0 && !peer->syn_seen)
        return me->syn_seen ? LADDER_TCP_SYN_SENT : LADDER_TCP_CLOSED;
      if (e == 1 && !me->syn_seen)
        return me->state == LADDER_TCP_CLOSED ? LADDER_TCP_CLOSED : LADDER_TCP_LISTEN;
      if (e == 1 && !me->syn_acked && !peer->fin_seen && !me->fin_seen)
        return LADDER_TCP_SYN_RECEIVED;
    }
  if (!me->fin_seen)
    return peer->fin_seen ? LADDER_TCP_CLOSE_WAIT : LADDER_TCP_ESTABLISHED;
  if (me->fin_passive)
    return me->fin_acked ? LADDER_TCP_CLOSED : LADDER_TCP_LAST_ACK;
  if (!peer->fin_seen)
    return me->fin_acked ? LADDER_TCP_FIN_WAIT_2 : LADDER_TCP_FIN_WAIT_1;
  return me->fin_acked ? LADDER_TCP_TIME_WAIT : LADDER_TCP_CLOSING;
}

static void
note (LadderTcpConn *conn, guint64 packet, guint32 notes, guint32 dup_of)
{
  conn->flagged_heap = grow_items (conn->flagged_heap, NULL, conn->n_flagged, 4,
                                   sizeof (LadderTcpFlagged));
  conn->flagged_heap[conn->n_flagged++] = (LadderTcpFlagged) { packet, notes, dup_of };
}

static void
take_syn_options (LadderTcpFlow *flow, const LadderPacket *pkt)
{
  flow->mss = (pkt->tcp_opts & LADDER_TCPOPT_MSS) ? pkt->mss : 0;
  flow->wscale = (pkt->tcp_opts & LADDER_TCPOPT_WSCALE) ? (gint8) MIN (pkt->wscale, 14) : -1;
  flow->sack_perm = (pkt->tcp_opts & LADDER_TCPOPT_SACK_PERM) != 0;
  flow->timestamps = (pkt->tcp_opts & LADDER_TCPOPT_TIMESTAMP) != 0;
}

static void
handle_syn (LadderTcpConn *conn, int dir, const LadderFrame *frame, guint32 *notes)
{
  const LadderPacket *pkt = frame->pkt;
  LadderTcpFlow *flow = &conn->flow[dir];
  gboolean ack = (pkt->tcp_flags & LADDER_TCP_ACK) != 0;

  if (flow->syn_seen)
    {
      if (pkt->seq == flow->isn)
        *notes |= LADDER_TCP_NOTE_RETRANSMISSION;
      return;
    }
  flow->syn_seen = TRUE;
  flow->isn = pkt->seq;
  take_syn_options (flow, pkt);
  if (!ack && conn->syn_packet == 0)
    {
      conn->syn_packet = frame->number;
      conn->syn_ts = frame->ts_ns;
    }
  else if (ack && conn->synack_packet == 0)
    {
      conn->synack_packet = frame->number;
      conn->synack_ts = frame->ts_ns;
    }
}

/* Acknowledgements: of the peer's SYN, of its FIN, and the handshake's last
 * ACK.  TRUE when the peer's SYN or FIN was acknowledged for the first time. */
static gboolean
handle_ack (LadderTcpConn *conn, int dir, const LadderFrame *frame)
{
  const LadderPacket *pkt = frame->pkt;
  LadderTcpFlow *peer = &conn->flow[1 - dir];
  gboolean changed = FALSE;

  if (!(pkt->tcp_flags & LADDER_TCP_ACK))
    return FALSE;
  if (peer->syn_seen && !peer->syn_acked && seq_ge (pkt->ack, peer->isn + 1))
    {
      changed = TRUE;
      peer->syn_acked = TRUE;
      if (dir == 0 && conn->ack_packet == 0 && conn->synack_packet != 0
          && !(pkt->tcp_flags & LADDER_TCP_SYN))
        {
          conn->ack_packet = frame->number;
          conn->ack_ts = frame->ts_ns;
        }
    }
  if (peer->fin_seen && !peer->fin_acked && seq_ge (pkt->ack, peer->fin_seq + 1))
    {
      changed = TRUE;
      peer->fin_acked = TRUE;
    }
  return changed;
}

static void
handle_fin (LadderTcpConn *conn, int dir, const LadderFrame *frame, guint32 *notes)
{
  const LadderPacket *pkt = frame->pkt;
  LadderTcpFlow *flow = &conn->flow[dir];
  LadderTcpFlow *peer = &conn->flow[1 - dir];
  guint32 fin_seq = pkt->seq + pkt->payload_len + ((pkt->tcp_flags & LADDER_TCP_SYN) ? 1 : 0);

  if (flow->fin_seen)
    return;
  flow->fin_seen = TRUE;
  /* closed by FIN unless a reset or a refusal says otherwise (handle_rst) */
  if (conn->close == LADDER_TCP_CLOSE_OPEN)
    conn->close = LADDER_TCP_CLOSE_FIN;
  flow->fin_seq = fin_seq;
  flow->fin_packet = frame->number;
  flow->fin_passive = peer->fin_seen && (pkt->tcp_flags & LADDER_TCP_ACK)
                      && seq_ge (pkt->ack, peer->fin_seq + 1);
}

static void
handle_rst (LadderTcpConn *conn, int dir, const LadderFrame *frame)
{
  if (conn->rst_packet != 0)
    return;
  conn->rst_packet = frame->number;
  conn->rst_from = dir;
  if (dir == 1 && conn->syn_packet != 0 && conn->synack_packet == 0)
    {
      conn->close = LADDER_TCP_CLOSE_REFUSED;
      /* Nothing listened: the server side was CLOSED all along. */
      transitions (conn, 1)[0].state = LADDER_TCP_CLOSED;
      conn->flow[1].state = LADDER_TCP_CLOSED;
    }
  else if (!(conn->flow[0].fin_acked && conn->flow[1].fin_acked))
    conn->close = LADDER_TCP_CLOSE_RST;
}

static gboolean
fills_hole (LadderTcpFlow *flow, guint32 seq, guint32 end, gint64 *hole_ts)
{
  for (guint i = 0; i < flow->n_holes; i++)
    {
      LadderTcpHole *h = &flow->holes[i];
      if (seq_lt (seq, h->end) && seq_gt (end, h->start))
        {
          *hole_ts = h->ts_ns;
          if (seq_le (seq, h->start) && seq_ge (end, h->end))
            flow->holes[i--] = flow->holes[--flow->n_holes];
          else if (seq_le (seq, h->start))
            h->start = end;
          else if (seq_ge (end, h->end))
            h->end = seq;
          /* a segment inside a hole leaves two gaps; keeping the first is enough */
          else
            h->end = seq;
          return TRUE;
        }
    }
  return FALSE;
}

static void
add_hole (LadderTcpFlow *flow, guint32 start, guint32 end, gint64 ts_ns)
{
  if (flow->holes == NULL)
    flow->holes = g_new (LadderTcpHole, LADDER_TCP_MAX_HOLES);
  if (flow->n_holes == LADDER_TCP_MAX_HOLES)
    {
      memmove (flow->holes, flow->holes + 1, sizeof flow->holes[0] * (LADDER_TCP_MAX_HOLES - 1));
      flow->n_holes--;
    }
  flow->holes[flow->n_holes++] = (LadderTcpHole) { start, end, ts_ns };
}

/* Sequence space: retransmissions, out-of-order segments and gaps. */
static void
track_sequence (LadderTcpConn *conn, int dir, const LadderFrame *frame, guint32 *notes)
{
  const LadderPacket *pkt = frame->pkt;
  LadderTcpFlow *flow = &conn->flow[dir];
  guint16 flags = pkt->tcp_flags;
  guint32 seglen = pkt->payload_len + ((flags & LADDER_TCP_SYN) ? 1 : 0) + ((flags & LADDER_TCP_FIN) ? 1 : 0);
  guint32 end = pkt->seq + seglen;
  gint64 hole_ts;

  if (!flow->base_set)
    {
      flow->base_set = TRUE;
      flow->base_seq = (flags & LADDER_TCP_SYN) ? pkt->seq : pkt->seq - 1;
    }
  if (!flow->next_valid)
    {
      flow->next_valid = TRUE;
      flow->next_seq = end;
      flow->payload += pkt->payload_len;
      return;
    }
  if (seglen == 0 || (flags & LADDER_TCP_RST))
    return;
  if (seq_lt (pkt->seq, flow->next_seq))
    {
      if (seglen <= 1 && pkt->seq + 1 == flow->next_seq && !(flags & (LADDER_TCP_SYN | LADDER_TCP_FIN)))
        *notes |= LADDER_TCP_NOTE_KEEPALIVE;
      else
        {
          /* Bytes the capture never saw count once, however they arrive. */
          gboolean new_bytes = fills_hole (flow, pkt->seq, end, &hole_ts);
          if (new_bytes)
            flow->payload += pkt->payload_len;
          if (new_bytes && ladder_ns_between (hole_ts, frame->ts_ns) < OOO_THRESHOLD_NS)
            *notes |= LADDER_TCP_NOTE_OUT_OF_ORDER;
          else if (!(*notes & LADDER_TCP_NOTE_RETRANSMISSION))
            {
              *notes |= LADDER_TCP_NOTE_RETRANSMISSION;
              if (conn->flow[1 - dir].dupacks >= 2 && conn->flow[1 - dir].last_ack == pkt->seq)
                *notes |= LADDER_TCP_NOTE_FAST_RETRANSMISSION;
            }
        }
      if (seq_gt (end, flow->next_seq))
        {
          flow->next_seq = end;
        }
      return;
    }
  if (seq_gt (pkt->seq, flow->next_seq))
    {
      *notes |= LADDER_TCP_NOTE_PREVIOUS_LOST;
      add_hole (flow, flow->next_seq, pkt->seq, frame->ts_ns);
    }
  flow->next_seq = end;
  flow->payload += pkt->payload_len;
}

/* Duplicate ACKs: a pure ACK repeating the last ack number and window
 * while data is outstanding (RFC 5681 section 2).  The ack number must be
 * the greatest seen: an ACK below it is stale (reordered or delayed on the
 * way), is not a duplicate however often it repeats, and changes neither
 * the ack number nor the window that later ACKs are compared with. */
static void
track_acks (LadderTcpConn *conn, int dir, const LadderFrame *frame, guint32 *notes, guint32 *dup_of)
{
  const LadderPacket *pkt = frame->pkt;
  LadderTcpFlow *flow = &conn->flow[dir];
  guint16 flags = pkt->tcp_flags;
  guint32 win = pkt->window;
  gboolean pure = pkt->payload_len == 0 && !(flags & (LADDER_TCP_SYN | LADDER_TCP_FIN | LADDER_TCP_RST));

  if (!(flags & LADDER_TCP_ACK))
    return;
  if (win == 0 && !(flags & (LADDER_TCP_SYN | LADDER_TCP_FIN | LADDER_TCP_RST)))
    *notes |= LADDER_TCP_NOTE_ZERO_WINDOW;
  if (flow->ack_valid && seq_lt (pkt->ack, flow->last_ack))
    return;
  if (pure && flow->ack_valid && pkt->ack == flow->last_ack && win == flow->last_win
      && !(*notes & LADDER_TCP_NOTE_KEEPALIVE) && conn->flow[1 - dir].next_valid
      && seq_lt (pkt->ack, conn->flow[1 - dir].next_seq))
    {
      flow->dupacks++;
      *notes |= LADDER_TCP_NOTE_DUP_ACK;
      *dup_of = (guint32) flow->last_ack_packet;
      return;
    }
  if (!flow->ack_valid || pkt->ack != flow->last_ack || !pure)
    {
      flow->dupacks = 0;
      flow->last_ack_packet = frame->number;
    }
  flow->ack_valid = TRUE;
  flow->last_ack = pkt->ack;
  flow->last_win = win;
}

static void
count_notes (LadderTcpFlow *flow, guint32 notes)
{
  if (notes & LADDER_TCP_NOTE_RETRANSMISSION)
    flow->retransmissions++;
  if (notes & LADDER_TCP_NOTE_DUP_ACK)
    flow->dup_acks++;
  if (notes & LADDER_TCP_NOTE_OUT_OF_ORDER)
    flow->out_of_order++;
}

/* A retransmission the sender's timer sent: no duplicate ACKs asked for
 * it, and the sender had sent nothing for longer than any retransmission
 * timeout can be (LADDER_TCP_RTO_MIN_NS past the handshake's RTT).  A
 * tail loss probe (Linux, after two RTTs) waits less unless one segment
 * alone is out, when it waits as long as the timer and is sent for the
 * same reason. */
static gboolean
is_timeout (const LadderTcpConn *conn, const LadderTcpFlow *flow, const LadderFrame *frame,
            guint32 notes)
{
  gint64 rtt, wait;

  if (!(notes & LADDER_TCP_NOTE_RETRANSMISSION) || (notes & LADDER_TCP_NOTE_FAST_RETRANSMISSION)
      || flow->packets < 2)
    return FALSE;
  rtt = MAX (ladder_tcp_conn_handshake_rtt_ns (conn), 0);
  /* wait >= LADDER_TCP_RTO_MIN_NS + rtt, without overflowing */
  wait = ladder_ns_between (flow->last_ts, frame->ts_ns);
  return wait >= LADDER_TCP_RTO_MIN_NS && wait - LADDER_TCP_RTO_MIN_NS >= rtt;
}

void
ladder_tcp_conn_add (LadderTcpConn *conn, int dir, const LadderFrame *frame, LadderTcpPacketInfo *info)
{
  const LadderPacket *pkt = frame->pkt;
  LadderTcpFlow *flow = &conn->flow[dir];
  guint16 flags = pkt->tcp_flags;
  guint32 notes = 0, dup_of = 0;
  gboolean state_may_change = (flags & (LADDER_TCP_SYN | LADDER_TCP_FIN | LADDER_TCP_RST)) != 0;

  g_return_if_fail (dir == 0 || dir == 1);
  if (flow->packets == 0 && conn->flow[1 - dir].packets == 0)
    {
      begin (conn, dir, flags);
      state_may_change = TRUE;
    }
  flow->packets++;
  flow->bytes += pkt->wirelen;

  if (flags & LADDER_TCP_SYN)
    handle_syn (conn, dir, frame, &notes);
  track_sequence (conn, dir, frame, &notes);
  state_may_change |= handle_ack (conn, dir, frame);
  if (flags & LADDER_TCP_FIN)
    handle_fin (conn, dir, frame, &notes);
  if (flags & LADDER_TCP_RST)
    handle_rst (conn, dir, frame);
  track_acks (conn, dir, frame, &notes, &dup_of);
  if (is_timeout (conn, flow, frame, notes))
    notes |= LADDER_TCP_NOTE_RTO;
  flow->last_ts = frame->ts_ns;

  if (notes & ~(guint32) LADDER_TCP_NOTE_PREVIOUS_LOST)
    {
      count_notes (flow, notes);
      note (conn, frame->number, notes, dup_of);
    }
  else if (notes)
    note (conn, frame->number, notes, 0);

  /* Only SYN, FIN, RST and the first acknowledgement of a SYN or FIN move
   * an endpoint's state: most segments need no new derivation. */
  if (state_may_change)
    for (int e = 0; e < 2; e++)
      set_state (conn, e, frame->number, derive_state (conn, e));

  if (info != NULL)
    {
      info->notes = notes;
      info->rel_seq = pkt->seq - flow->base_seq;
      info->rel_ack = conn->flow[1 - dir].base_set ? pkt->ack - conn->flow[1 - dir].base_seq : 0;
      info->state[0] = conn->flow[0].state;
      info->state[1] = conn->flow[1].state;
    }
}

gboolean
ladder_tcp_conn_handshake_complete (const LadderTcpConn *conn)
{
  return conn->syn_packet != 0 && conn->synack_packet != 0 && conn->ack_packet != 0;
}

gint64
ladder_tcp_conn_handshake_rtt_ns (const LadderTcpConn *conn)
{
  if (!ladder_tcp_conn_handshake_complete (conn))
    return -1;
  return ladder_ns_between (conn->syn_ts, conn->ack_ts);
}

double
ladder_tcp_conn_handshake_rtt_ms (const LadderTcpConn *conn)
{
  if (!ladder_tcp_conn_handshake_complete (conn))
    return -1.0;
  return (double) ladder_tcp_conn_handshake_rtt_ns (conn) / 1e6;
}

const LadderTcpTransition *
ladder_tcp_conn_get_transitions (const LadderTcpConn *conn, int dir, guint *n_items)
{
  g_return_val_if_fail (conn != NULL && n_items != NULL, NULL);
  g_return_val_if_fail (dir == 0 || dir == 1, NULL);
  *n_items = conn->flow[dir].n_transitions;
  return *n_items > 0 ? transitions ((LadderTcpConn *) conn, dir) : NULL;
}

const LadderTcpFlagged *
ladder_tcp_conn_get_flagged (const LadderTcpConn *conn, guint *n_items)
{
  g_return_val_if_fail (conn != NULL && n_items != NULL, NULL);
  *n_items = conn->n_flagged;
  return conn->flagged_heap;
}

LadderTcpState
ladder_tcp_conn_get_state (const LadderTcpConn *conn, int dir)
{
  g_return_val_if_fail (conn != NULL, LADDER_TCP_CLOSED);
  g_return_val_if_fail (dir == 0 || dir == 1, LADDER_TCP_CLOSED);
  return conn->flow[dir].state;
}
