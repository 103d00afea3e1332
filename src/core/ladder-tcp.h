/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-tcp.h: what happened on one TCP connection, inferred from the wire.
 *
 * RFC 9293 states are inferred per endpoint from the segments seen, as if
 * each segment were received the moment it was captured: the capture point
 * cannot see inside either host, so this is the wire's view of the state
 * machine, not the kernel's.  Sequence comparisons are modulo 2^32.
 */
#pragma once

#include <glib.h>

#include "ladder-frame.h"

G_BEGIN_DECLS

typedef enum
{
  LADDER_TCP_CLOSED = 0,
  LADDER_TCP_LISTEN,
  LADDER_TCP_SYN_SENT,
  LADDER_TCP_SYN_RECEIVED,
  LADDER_TCP_ESTABLISHED,
  LADDER_TCP_FIN_WAIT_1,
  LADDER_TCP_FIN_WAIT_2,
  LADDER_TCP_CLOSING,
  LADDER_TCP_TIME_WAIT,
  LADDER_TCP_CLOSE_WAIT,
  LADDER_TCP_LAST_ACK,
} LadderTcpState;

const char *ladder_tcp_state_to_string (LadderTcpState state); /* "SYN_SENT" */
/* The same name and its length in *LEN (for writers of big tables), with
 * NULs after it up to LADDER_TCP_STATE_NAME_ROOM bytes: readable in one
 * fixed-size copy. */
#define LADDER_TCP_STATE_NAME_ROOM 16
const char *ladder_tcp_state_to_string_len (LadderTcpState state, gsize *len);

typedef enum
{
  LADDER_TCP_CLOSE_OPEN = 0,  /* still open at the end of the capture */
  LADDER_TCP_CLOSE_FIN,
  LADDER_TCP_CLOSE_RST,
  LADDER_TCP_CLOSE_REFUSED,   /* the SYN was answered by a RST */
} LadderTcpClose;

const char *ladder_tcp_close_to_string (LadderTcpClose close); /* "fin", "rst", ... */

/* Per-segment findings, as Wireshark's tcp.analysis flags. */
typedef enum
{
  LADDER_TCP_NOTE_RETRANSMISSION      = 1 << 0,
  LADDER_TCP_NOTE_FAST_RETRANSMISSION = 1 << 1,
  LADDER_TCP_NOTE_OUT_OF_ORDER        = 1 << 2,
  LADDER_TCP_NOTE_DUP_ACK             = 1 << 3,
  LADDER_TCP_NOTE_KEEPALIVE           = 1 << 4,
  LADDER_TCP_NOTE_ZERO_WINDOW         = 1 << 5,
  LADDER_TCP_NOTE_PREVIOUS_LOST       = 1 << 6,  /* a gap: earlier bytes not captured */
  /* Not a Wireshark flag: a retransmission (never a fast one) sent after
   * its sender had been silent at least LADDER_TCP_RTO_MIN_NS plus the
   * handshake RTT, the least a retransmission timer waits (RFC 6298:
   * RTO >= SRTT + 4 RTTVAR; Linux keeps 4 RTTVAR >= 200 ms, others wait
   * a second).  What the sender's timer fired for, not what dup ACKs
   * triggered; set together with LADDER_TCP_NOTE_RETRANSMISSION. */
  LADDER_TCP_NOTE_RTO                 = 1 << 7,
} LadderTcpNote;

/* Linux's least retransmission timeout (TCP_RTO_MIN), less 5 ms for
 * timestamps taken away from the sender. */
#define LADDER_TCP_RTO_MIN_NS (195 * G_GINT64_CONSTANT (1000000))

/* Eight bytes, not sixteen: every connection keeps a dozen inline. */
typedef struct
{
  guint64 packet : 56;  /* frame number; 0 for the state before the first packet */
  guint64 state : 8;    /* LadderTcpState */
} LadderTcpTransition;

typedef struct
{
  guint64 packet;
  guint32 notes;    /* LadderTcpNote bits */
  guint32 dup_of;   /* for duplicate ACKs: the frame of the original ACK */
} LadderTcpFlagged;

typedef struct
{
  guint32 start, end;   /* sequence range not yet seen */
  gint64  ts_ns;        /* when the gap opened */
} LadderTcpHole;

#define LADDER_TCP_MAX_HOLES 8
/* State changes kept inside the flow before spilling to the heap: a
 * connection that opens and closes normally needs at most six per side. */
#define LADDER_TCP_INLINE_TRANSITIONS 6

/* One direction of a connection: what that endpoint sent.  Laid out small
 * (a busy capture holds tens of thousands of these): flags are bits,
 * gaps and long state histories live on the heap only when they occur.
 * The fields most segments touch come first, in one cache line. */
typedef struct
{
  /* counters */
  guint64  packets, bytes;  /* bytes = on-wire frame lengths */
  guint64  payload;         /* payload bytes, retransmissions excluded */
  guint64  last_ack_packet;
  guint32  next_seq;        /* highest seq + len sent so far */
  guint32  last_ack;
  guint32  last_win;
  guint32  dupacks;
  guint32  isn;
  guint32  fin_seq;         /* sequence number of the FIN */
  guint8   state;           /* LadderTcpState after the last packet */
  guint8   n_holes;
  gint8    wscale;          /* -1: not offered */
  guint    syn_seen : 1;
  guint    base_set : 1;
  guint    next_valid : 1;
  guint    fin_seen : 1;
  guint    fin_acked : 1;   /* the peer acknowledged our FIN */
  guint    fin_passive : 1; /* our FIN acknowledged the peer's FIN: we closed second */
  guint    syn_acked : 1;
  guint    ack_valid : 1;
  guint    sack_perm : 1;
  guint    timestamps : 1;
  /* rarer */
  guint32  base_seq;        /* first sequence number seen (tshark's base_seq) */
  guint32  retransmissions, dup_acks, out_of_order;
  guint64  fin_packet;
  gint64   last_ts;         /* when this endpoint last sent a segment */
  /* options offered in this endpoint's SYN */
  guint16  mss;
  guint16  n_transitions;
  LadderTcpHole *holes;     /* LADDER_TCP_MAX_HOLES, allocated at the first gap */
  /* Read through ladder_tcp_conn_get_transitions(): the first ones are in
   * the connection's transitions_inline[], all of them here once those are
   * full. */
  LadderTcpTransition *transitions_heap;
} LadderTcpFlow;

typedef struct
{
  LadderTcpFlow  flow[2];          /* [0] client → server, [1] server → client */
  guint64        syn_packet, synack_packet, ack_packet;  /* 0 when absent */
  gint64         syn_ts, synack_ts, ack_ts;
  guint64        rst_packet;
  gint8          rst_from;         /* 0 client, 1 server, -1 none */
  guint8         close;            /* LadderTcpClose */
  guint8         handshake_seen;   /* the client was told by a SYN or SYN-ACK */
  guint8         midstream;        /* capture began after the handshake */
  guint32        n_flagged;
  /* Read through ladder_tcp_conn_get_flagged(); NULL until a packet has notes. */
  LadderTcpFlagged *flagged_heap;
  /* Each flow's first state changes; kept apart from the flows so the
   * fields every segment touches stay close together. */
  LadderTcpTransition transitions_inline[2][LADDER_TCP_INLINE_TRANSITIONS];
} LadderTcpConn;

/* The notes for the segment just analysed (for per-packet views). */
typedef struct
{
  guint32 notes;
  guint32 rel_seq, rel_ack;
  LadderTcpState state[2];
} LadderTcpPacketInfo;

LadderTcpConn *ladder_tcp_conn_new   (void);
void           ladder_tcp_conn_free  (LadderTcpConn *conn);
/* For connections stored inside a bigger allocation (the conversation table). */
void           ladder_tcp_conn_init  (LadderTcpConn *conn);
void           ladder_tcp_conn_clear (LadderTcpConn *conn);
/* DIR is 0 when the segment goes client → server.  INFO may be NULL. */
void           ladder_tcp_conn_add   (LadderTcpConn *conn, int dir, const LadderFrame *frame,
                                      LadderTcpPacketInfo *info);

/* Handshake RTT (SYN to the ACK that completes it), in ms, or < 0 if incomplete. */
double         ladder_tcp_conn_handshake_rtt_ms (const LadderTcpConn *conn);
/* The same in nanoseconds, SYN to ACK: -1 without a complete handshake,
 * negative too when the ACK is stamped before the SYN. */
gint64         ladder_tcp_conn_handshake_rtt_ns (const LadderTcpConn *conn);
gboolean       ladder_tcp_conn_handshake_complete (const LadderTcpConn *conn);

/* Use these rather than the storage fields: how transitions and flagged
 * packets are stored may change (inline small arrays).  Both return an array
 * of *N_ITEMS entries (NULL when there are none), valid until the next
 * ladder_tcp_conn_add() or ladder_tcp_conn_free(). */
/* Endpoint DIR's state changes, in packet order; the first has packet 0. */
const LadderTcpTransition *ladder_tcp_conn_get_transitions (const LadderTcpConn *conn,
                                                             int                  dir,
                                                             guint               *n_items);
/* Packets with at least one LadderTcpNote, in packet order. */
const LadderTcpFlagged    *ladder_tcp_conn_get_flagged     (const LadderTcpConn *conn,
                                                             guint               *n_items);
/* Endpoint DIR's state after the last packet added. */
LadderTcpState             ladder_tcp_conn_get_state       (const LadderTcpConn *conn,
                                                             int                  dir);

G_END_DECLS
