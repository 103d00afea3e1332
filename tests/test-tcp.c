/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tcp.c: TCP connection analysis on hand-built segment sequences, and
 * on the recorded fixtures where they exist. */
#include <string.h>

#include "ladder-conversations.h"
#include "ladder-test-util.h"

typedef struct
{
  LadderConversations *convs;
  guint64 number;
  gint64 ts;
} Script;

static void
script_init (Script *s)
{
  s->convs = ladder_conversations_new (LADDER_CONVERSATIONS_TCP_ANALYSIS);
  g_test_queue_destroy ((GDestroyNotify) ladder_conversations_free, s->convs);
  s->number = 0;
  s->ts = G_GINT64_CONSTANT (1700000000) * 1000000000;
}

/* A segment from the client (dir 'c') or server ('s') of 10.0.0.1:40000 ↔ 10.0.0.2:7. */
static LadderTcpPacketInfo
seg (Script *s, char from, guint16 flags, guint32 seq, guint32 ack, guint32 len, gint64 after_us)
{
  LadderPacket pkt = { 0 };
  LadderFrame frame = { 0 };
  LadderTcpPacketInfo info = { 0 };
  const guint8 c[4] = { 10, 0, 0, 1 }, sv[4] = { 10, 0, 0, 2 };

  pkt.layers = LADDER_LAYER_IPV4 | LADDER_LAYER_TCP;
  pkt.ip_version = 4;
  pkt.ip_proto = 6;
  ladder_addr_set_v4 (&pkt.src, from == 'c' ? c : sv);
  ladder_addr_set_v4 (&pkt.dst, from == 'c' ? sv : c);
  pkt.sport = from == 'c' ? 40000 : 7;
  pkt.dport = from == 'c' ? 7 : 40000;
  pkt.tcp_flags = flags;
  pkt.seq = seq;
  pkt.ack = ack;
  pkt.window = 500;
  pkt.payload_len = len;
  pkt.wirelen = pkt.caplen = 54 + len;
  if (flags & LADDER_TCP_SYN)
    {
      pkt.tcp_opts = LADDER_TCPOPT_MSS | LADDER_TCPOPT_WSCALE | LADDER_TCPOPT_SACK_PERM;
      pkt.mss = 1460;
      pkt.wscale = 7;
    }
  s->ts += after_us * 1000;
  frame.number = ++s->number;
  frame.ts_ns = s->ts;
  frame.pkt = &pkt;
  ladder_conversations_add (s->convs, &frame, &info);
  return info;
}

enum { S = LADDER_TCP_SYN, A = LADDER_TCP_ACK, F = LADDER_TCP_FIN, R = LADDER_TCP_RST, P = LADDER_TCP_PSH };

static const LadderTcpConn *
only_conn (Script *s)
{
  g_assert_cmpuint (ladder_conversations_get_n_items (s->convs), ==, 1);
  return ladder_conversations_get_item (s->convs, 0)->tcp;
}

/* "CLOSED@0 SYN_SENT@1 ..." for one endpoint's transitions. */
static char *
states (const LadderTcpConn *conn, int e)
{
  GString *str = g_string_new (NULL);
  guint n;
  const LadderTcpTransition *t = ladder_tcp_conn_get_transitions (conn, e, &n);

  for (guint i = 0; i < n; i++)
    {
      const LadderTcpTransition *tr = &t[i];
      g_string_append_printf (str, "%s%s@%" G_GUINT64_FORMAT, i ? " " : "",
                              ladder_tcp_state_to_string (tr->state), (guint64) tr->packet);
    }
  return g_string_free (str, FALSE);
}

/* "5:prev-lost 8:dup-ack/6 ..." for the flagged packets. */
static char *
flagged (const LadderTcpConn *conn)
{
  static const struct { guint32 bit; const char *name; } names[] = {
    { LADDER_TCP_NOTE_RETRANSMISSION, "retrans" }, { LADDER_TCP_NOTE_FAST_RETRANSMISSION, "fast" },
    { LADDER_TCP_NOTE_OUT_OF_ORDER, "ooo" }, { LADDER_TCP_NOTE_DUP_ACK, "dup-ack" },
    { LADDER_TCP_NOTE_KEEPALIVE, "keepalive" }, { LADDER_TCP_NOTE_ZERO_WINDOW, "zero-win" },
    { LADDER_TCP_NOTE_PREVIOUS_LOST, "prev-lost" }, { LADDER_TCP_NOTE_RTO, "rto" },
  };
  GString *str = g_string_new (NULL);
  guint n;
  const LadderTcpFlagged *f = ladder_tcp_conn_get_flagged (conn, &n);

  for (guint i = 0; i < n; i++)
    {
      const char *sep = ":";
      g_string_append_printf (str, "%s%" G_GUINT64_FORMAT, i ? " " : "", f[i].packet);
      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        if (f[i].notes & names[j].bit)
          {
            g_string_append_printf (str, "%s%s", sep, names[j].name);
            sep = ",";
          }
      if (f[i].notes & LADDER_TCP_NOTE_DUP_ACK)
        g_string_append_printf (str, "/%u", f[i].dup_of);
    }
  return g_string_free (str, FALSE);
}

#define assert_flagged(conn, expected) \
  G_STMT_START { g_autofree char *got_ = flagged (conn); g_assert_cmpstr (got_, ==, expected); } G_STMT_END

#define assert_states(conn, e, expected) \
  G_STMT_START { g_autofree char *got_ = states (conn, e); g_assert_cmpstr (got_, ==, expected); } G_STMT_END

static void
test_echo_fin_close (void)
{
  Script s;
  script_init (&s);
  seg (&s, 'c', S, 1000, 0, 0, 0);
  seg (&s, 's', S | A, 5000, 1001, 0, 100);
  seg (&s, 'c', A, 1001, 5001, 0, 100);
  seg (&s, 'c', P | A, 1001, 5001, 5, 10);
  seg (&s, 's', A, 5001, 1006, 0, 10);
  seg (&s, 's', P | A, 5001, 1006, 15, 10);
  seg (&s, 'c', A, 1006, 5016, 0, 10);
  seg (&s, 'c', F | A, 1006, 5016, 0, 10);     /* 8: client closes first */
  seg (&s, 's', A, 5016, 1007, 0, 10);         /* 9 */
  seg (&s, 's', F | A, 5016, 1007, 0, 10);     /* 10 */
  seg (&s, 'c', A, 1007, 5017, 0, 10);         /* 11 */

  const LadderTcpConn *conn = only_conn (&s);
  g_assert_true (ladder_tcp_conn_handshake_complete (conn));
  g_assert_cmpuint (conn->syn_packet, ==, 1);
  g_assert_cmpuint (conn->synack_packet, ==, 2);
  g_assert_cmpuint (conn->ack_packet, ==, 3);
  g_assert_cmpfloat_with_epsilon (ladder_tcp_conn_handshake_rtt_ms (conn), 0.2, 1e-9);
  g_assert_cmpint (conn->close, ==, LADDER_TCP_CLOSE_FIN);
  g_assert_cmpuint (conn->flow[0].payload, ==, 5);
  g_assert_cmpuint (conn->flow[1].payload, ==, 15);
  g_assert_cmpuint (conn->flow[0].retransmissions + conn->flow[1].retransmissions, ==, 0);
  g_assert_cmpuint (conn->flow[0].mss, ==, 1460);
  g_assert_cmpint (conn->flow[1].wscale, ==, 7);
  assert_states (conn, 0, "CLOSED@0 SYN_SENT@1 ESTABLISHED@2 FIN_WAIT_1@8 FIN_WAIT_2@9 TIME_WAIT@10");
  assert_states (conn, 1, "LISTEN@0 SYN_RECEIVED@2 ESTABLISHED@3 CLOSE_WAIT@8 LAST_ACK@10 CLOSED@11");
}

static void
test_refused (void)
{
  Script s;
  script_init (&s);
  seg (&s, 'c', S, 1000, 0, 0, 0);
  seg (&s, 's', R | A, 0, 1001, 0, 50);
  const LadderTcpConn *conn = only_conn (&s);
  g_assert_cmpint (conn->close, ==, LADDER_TCP_CLOSE_REFUSED);
  g_assert_false (ladder_tcp_conn_handshake_complete (conn));
  assert_states (conn, 0, "CLOSED@0 SYN_SENT@1 CLOSED@2");
  assert_states (conn, 1, "CLOSED@0");
}

static void
test_reset_midtransfer (void)
{
  Script s;
  script_init (&s);
  seg (&s, 'c', S, 1, 0, 0, 0);
  seg (&s, 's', S | A, 9, 2, 0, 10);
  seg (&s, 'c', A, 2, 10, 0, 10);
  seg (&s, 's', A, 10, 2, 1000, 10);
  seg (&s, 'c', R | A, 2, 1010, 0, 10);
  const LadderTcpConn *conn = only_conn (&s);
  g_assert_cmpint (conn->close, ==, LADDER_TCP_CLOSE_RST);
  g_assert_cmpint (conn->rst_from, ==, 0);
  g_assert_cmpuint (conn->rst_packet, ==, 5);
  assert_states (conn, 0, "CLOSED@0 SYN_SENT@1 ESTABLISHED@2 CLOSED@5");
}

static void
test_simultaneous_close (void)
{
  Script s;
  script_init (&s);
  seg (&s, 'c', S, 1, 0, 0, 0);
  seg (&s, 's', S | A, 9, 2, 0, 10);
  seg (&s, 'c', A, 2, 10, 0, 10);
  seg (&s, 'c', F | A, 2, 10, 0, 10);   /* 4 */
  seg (&s, 's', F | A, 10, 2, 0, 1);    /* 5: sent before the client's FIN arrived */
  seg (&s, 'c', A, 3, 11, 0, 10);       /* 6 */
  seg (&s, 's', A, 11, 3, 0, 1);        /* 7 */
  const LadderTcpConn *conn = only_conn (&s);
  assert_states (conn, 0, "CLOSED@0 SYN_SENT@1 ESTABLISHED@2 FIN_WAIT_1@4 CLOSING@5 TIME_WAIT@7");
  assert_states (conn, 1, "LISTEN@0 SYN_RECEIVED@2 ESTABLISHED@3 CLOSE_WAIT@4 CLOSING@5 TIME_WAIT@6");
}

static void
test_midstream (void)
{
  Script s;
  script_init (&s);
  seg (&s, 's', P | A, 7000, 300, 100, 0);
  seg (&s, 'c', A, 300, 7100, 0, 10);
  const LadderTcpConn *conn = only_conn (&s);
  const LadderConversation *c = ladder_conversations_get_item (s.convs, 0);
  g_assert_true (conn->midstream);
  g_assert_false (c->initiator_known);
  g_assert_cmpuint (c->a_port, ==, 40000);   /* the ephemeral side is taken as client */
  g_assert_cmpint (conn->close, ==, LADDER_TCP_CLOSE_OPEN);
  assert_states (conn, 0, "ESTABLISHED@0");
}

static void
test_port_reuse_new_conversation (void)
{
  Script s;
  script_init (&s);
  seg (&s, 'c', S, 1000, 0, 0, 0);
  seg (&s, 's', R | A, 0, 1001, 0, 10);
  seg (&s, 'c', S, 1000, 0, 0, 1000000);     /* same ISN: a retransmitted SYN, same conversation */
  seg (&s, 'c', S, 777777, 0, 0, 1000000);   /* new ISN: the port was reused */
  seg (&s, 's', S | A, 5, 777778, 0, 10);
  g_assert_cmpuint (ladder_conversations_get_n_items (s.convs), ==, 2);
  const LadderConversation *first = ladder_conversations_get_item (s.convs, 0);
  const LadderConversation *second = ladder_conversations_get_item (s.convs, 1);
  g_assert_cmpuint (first->packets_ab + first->packets_ba, ==, 3);
  g_assert_cmpuint (second->packets_ab + second->packets_ba, ==, 2);
  g_assert_cmpuint (first->tcp->flow[0].retransmissions, ==, 1);
  g_assert_cmpuint (second->tcp->synack_packet, ==, 5);
}

static void
test_retransmission_and_dupacks (void)
{
  Script s;
  LadderTcpPacketInfo info;
  script_init (&s);
  seg (&s, 'c', S, 0, 0, 0, 0);
  seg (&s, 's', S | A, 0, 1, 0, 10);
  seg (&s, 'c', A, 1, 1, 0, 10);
  seg (&s, 'c', A, 1, 1, 100, 10);            /* 4: bytes 1-100 */
  seg (&s, 'c', A, 201, 1, 100, 10);          /* 5: 101-200 lost upstream, gap */
  seg (&s, 's', A, 1, 101, 0, 10);            /* 6 */
  seg (&s, 'c', A, 301, 1, 100, 10);          /* 7 */
  seg (&s, 's', A, 1, 101, 0, 10);            /* 8: dup ACK */
  seg (&s, 's', A, 1, 101, 0, 10);            /* 9: dup ACK */
  info = seg (&s, 'c', A, 101, 1, 100, 50000); /* 10: fills the gap late: fast retransmission */
  g_assert_true (info.notes & LADDER_TCP_NOTE_RETRANSMISSION);
  g_assert_true (info.notes & LADDER_TCP_NOTE_FAST_RETRANSMISSION);
  g_assert_cmpuint (info.rel_seq, ==, 101);
  info = seg (&s, 'c', A, 1, 1, 100, 10);     /* 11: an old segment again */
  g_assert_true (info.notes & LADDER_TCP_NOTE_RETRANSMISSION);
  const LadderTcpConn *conn = only_conn (&s);
  g_assert_cmpuint (conn->flow[0].retransmissions, ==, 2);
  g_assert_cmpuint (conn->flow[1].dup_acks, ==, 2);
  g_assert_cmpuint (conn->flow[0].payload, ==, 400);
  assert_flagged (conn, "5:prev-lost 8:dup-ack/6 9:dup-ack/6 10:retrans,fast 11:retrans");
}

/* A retransmission after the sender has been silent longer than any
 * retransmission timeout (200 ms past the handshake's RTT) is the timer's;
 * one sent sooner is not, nor is a fast retransmission however late. */
static void
test_retransmission_timeout (void)
{
  Script s;
  LadderTcpPacketInfo info;
  script_init (&s);
  seg (&s, 'c', S, 0, 0, 0, 0);
  seg (&s, 's', S | A, 0, 1, 0, 5000);          /* RTT 10 ms */
  seg (&s, 'c', A, 1, 1, 0, 5000);
  seg (&s, 'c', A, 1, 1, 100, 10);              /* 4 */
  info = seg (&s, 'c', A, 1, 1, 100, 150000);   /* 5: 150 ms later: too soon for a timeout */
  g_assert_true (info.notes & LADDER_TCP_NOTE_RETRANSMISSION);
  g_assert_false (info.notes & LADDER_TCP_NOTE_RTO);
  info = seg (&s, 'c', A, 1, 1, 100, 300000);   /* 6: 300 ms of silence: the timer */
  g_assert_true (info.notes & LADDER_TCP_NOTE_RTO);
  info = seg (&s, 'c', A, 1, 1, 100, 200000);   /* 7: 200 ms < 195 ms + the 10 ms RTT */
  g_assert_false (info.notes & LADDER_TCP_NOTE_RTO);
  seg (&s, 's', A, 1, 101, 0, 10);              /* 8 */
  seg (&s, 'c', A, 201, 1, 100, 10);            /* 9: 101-200 lost upstream */
  seg (&s, 's', A, 1, 101, 0, 10);              /* 10: dup ACK */
  seg (&s, 's', A, 1, 101, 0, 10);              /* 11: dup ACK */
  info = seg (&s, 'c', A, 101, 1, 100, 400000); /* 12: fast, though late */
  g_assert_true (info.notes & LADDER_TCP_NOTE_FAST_RETRANSMISSION);
  g_assert_false (info.notes & LADDER_TCP_NOTE_RTO);
  assert_flagged (only_conn (&s), "5:retrans 6:retrans,rto 7:retrans 9:prev-lost 10:dup-ack/8 11:dup-ack/8 "
                                  "12:retrans,fast");
}

static void
test_out_of_order (void)
{
  Script s;
  LadderTcpPacketInfo info;
  script_init (&s);
  seg (&s, 'c', S, 0, 0, 0, 0);
  seg (&s, 's', S | A, 0, 1, 0, 10);
  seg (&s, 'c', A, 1, 1, 0, 10);
  info = seg (&s, 'c', A, 101, 1, 100, 10);
  g_assert_true (info.notes & LADDER_TCP_NOTE_PREVIOUS_LOST);
  info = seg (&s, 'c', A, 1, 1, 100, 200);    /* 0.2 ms later: reordered, not resent */
  g_assert_true (info.notes & LADDER_TCP_NOTE_OUT_OF_ORDER);
  g_assert_false (info.notes & LADDER_TCP_NOTE_RETRANSMISSION);
  const LadderTcpConn *conn = only_conn (&s);
  g_assert_cmpuint (conn->flow[0].out_of_order, ==, 1);
  g_assert_cmpuint (conn->flow[0].payload, ==, 200);
}

/* More state changes and flagged packets than fit inline: the heap copies
 * must keep every entry, in order. */
static void
test_long_histories (void)
{
  Script s;
  g_autoptr (GString) want = g_string_new (NULL);
  script_init (&s);
  seg (&s, 'c', S, 0, 0, 0, 0);
  seg (&s, 's', S | A, 0, 1, 0, 10);
  seg (&s, 'c', A, 1, 1, 0, 10);
  seg (&s, 'c', P | A, 1, 1, 100, 10);
  seg (&s, 's', A, 1, 101, 0, 10);            /* 5 */
  seg (&s, 'c', P | A, 101, 1, 100, 10);
  for (guint i = 7; i <= 16; i++)
    {
      seg (&s, 's', A, 1, 101, 0, 10);        /* 7-16: duplicates of 5 */
      g_string_append_printf (want, "%s%u:dup-ack/5", i > 7 ? " " : "", i);
    }
  seg (&s, 'c', F | A, 201, 1, 0, 10);        /* 17 */
  seg (&s, 's', A, 1, 202, 0, 10);
  seg (&s, 's', F | A, 1, 202, 0, 10);
  seg (&s, 'c', A, 202, 2, 0, 10);            /* 20 */
  seg (&s, 's', R, 2, 0, 0, 10);              /* a stray RST after the close */
  const LadderTcpConn *conn = only_conn (&s);
  assert_states (conn, 0, "CLOSED@0 SYN_SENT@1 ESTABLISHED@2 FIN_WAIT_1@17 FIN_WAIT_2@18 "
                          "TIME_WAIT@19 CLOSED@21");
  assert_states (conn, 1, "LISTEN@0 SYN_RECEIVED@2 ESTABLISHED@3 CLOSE_WAIT@17 LAST_ACK@19 CLOSED@20");
  assert_flagged (conn, want->str);
  g_assert_cmpuint (conn->flow[1].dup_acks, ==, 10);
}

/* RFC 5681: a duplicate ACK repeats the greatest ack number seen.  ACKs
 * delayed on the way and delivered after a greater one are stale: not
 * duplicates however often they repeat, and they do not hide a real
 * duplicate of the greatest ACK that follows them. */
static void
test_stale_ack (void)
{
  Script s;
  LadderTcpPacketInfo info;
  script_init (&s);
  seg (&s, 'c', S, 0, 0, 0, 0);
  seg (&s, 's', S | A, 0, 1, 0, 10);
  seg (&s, 'c', A, 1, 1, 0, 10);
  seg (&s, 'c', A, 1, 1, 100, 10);            /* 4: bytes 1-100 */
  seg (&s, 'c', A, 101, 1, 100, 10);          /* 5: 101-200 */
  seg (&s, 'c', A, 201, 1, 100, 10);          /* 6: 201-300 */
  seg (&s, 's', A, 1, 201, 0, 10);            /* 7: the greatest ACK so far */
  info = seg (&s, 's', A, 1, 101, 0, 10);     /* 8: stale */
  g_assert_false (info.notes & LADDER_TCP_NOTE_DUP_ACK);
  info = seg (&s, 's', A, 1, 101, 0, 10);     /* 9: stale, repeated */
  g_assert_false (info.notes & LADDER_TCP_NOTE_DUP_ACK);
  info = seg (&s, 's', A, 1, 201, 0, 10);     /* 10: repeats the greatest: a duplicate */
  g_assert_true (info.notes & LADDER_TCP_NOTE_DUP_ACK);
  const LadderTcpConn *conn = only_conn (&s);
  g_assert_cmpuint (conn->flow[1].dup_acks, ==, 1);
  assert_flagged (conn, "10:dup-ack/7");
}

typedef struct
{
  LadderConversations *convs;
  GHashTable          *dup_acks;   /* frame numbers */
} DupAcks;

static void
collect_dup_acks (const LadderFrame *frame, gpointer data)
{
  DupAcks *d = data;
  LadderTcpPacketInfo info = { 0 };

  ladder_conversations_add (d->convs, frame, &info);
  if (info.notes & LADDER_TCP_NOTE_DUP_ACK)
    g_hash_table_add (d->dup_acks, GUINT_TO_POINTER ((guint) frame->number));
}

static gint
compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

/* Frames in A and not in B, as "12 40 ...". */
static char *
missing (GHashTable *a, GHashTable *b)
{
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (guint));
  GString *str = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      {
        guint n = GPOINTER_TO_UINT (key);
        g_array_append_val (frames, n);
      }
  g_array_sort (frames, compare_uint);
  for (guint i = 0; i < frames->len; i++)
    g_string_append_printf (str, "%s%u", i ? " " : "", g_array_index (frames, guint, i));
  return g_string_free (str, FALSE);
}

/* Duplicate ACKs against tshark's tcp.analysis.duplicate_ack.  We never
 * flag a frame tshark does not; tshark also flags what RFC 5681 does not
 * count, so those files list the frames expected on its side only: stale
 * ACKs (tcp-stale-ack, frame 75: ack 42193 after ack 79841) and repeated
 * ACKs with no data outstanding (ssh.pcap 54: after both FINs). */
static void
test_dup_acks_against_tshark (void)
{
  static const struct { const char *file; const char *tshark_only; } cases[] = {
    { "tcp-stale-ack.pcap", "75" },
    { "tcp-retransmit.pcap", "" },
    { "tcp-window-scale-sack.pcap", "" },
    { "tcp-reset-midtransfer.pcap", "" },
    { "corpus/zeek_tcp_retransmit-fast009.pcap", "" },
    { "corpus/ssh.pcap", "54" },
  };
  g_autofree char *tshark = g_find_program_in_path ("tshark");

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed: the oracle comparison needs it");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = ladder_test_data_path (cases[i].file);
      g_autoptr (GHashTable) theirs = ladder_test_tshark_field (tshark, path, "tcp.analysis.duplicate_ack",
                                                                "tcp.analysis.duplicate_ack_num");
      DupAcks d = { ladder_conversations_new (LADDER_CONVERSATIONS_TCP_ANALYSIS),
                    g_hash_table_new (NULL, NULL) };
      g_autofree char *ours_only = NULL, *theirs_only = NULL;

      g_assert_nonnull (theirs);
      g_assert_cmpuint (ladder_test_read_file (path, collect_dup_acks, &d, NULL), >, 0);
      ours_only = missing (d.dup_acks, theirs);
      theirs_only = missing (theirs, d.dup_acks);
      g_test_message ("%s: %u duplicate ACKs, tshark %u", cases[i].file,
                      g_hash_table_size (d.dup_acks), g_hash_table_size (theirs));
      g_assert_cmpstr (ours_only, ==, "");
      g_assert_cmpstr (theirs_only, ==, cases[i].tshark_only);
      ladder_conversations_free (d.convs);
      g_hash_table_unref (d.dup_acks);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/tcp/echo-fin-close", test_echo_fin_close);
  g_test_add_func ("/ladder/tcp/refused", test_refused);
  g_test_add_func ("/ladder/tcp/reset-midtransfer", test_reset_midtransfer);
  g_test_add_func ("/ladder/tcp/simultaneous-close", test_simultaneous_close);
  g_test_add_func ("/ladder/tcp/midstream", test_midstream);
  g_test_add_func ("/ladder/tcp/port-reuse", test_port_reuse_new_conversation);
  g_test_add_func ("/ladder/tcp/retransmission-dupack", test_retransmission_and_dupacks);
  g_test_add_func ("/ladder/tcp/retransmission-timeout", test_retransmission_timeout);
  g_test_add_func ("/ladder/tcp/out-of-order", test_out_of_order);
  g_test_add_func ("/ladder/tcp/long-histories", test_long_histories);
  g_test_add_func ("/ladder/tcp/stale-ack", test_stale_ack);
  g_test_add_func ("/ladder/tcp/dup-acks-tshark", test_dup_acks_against_tshark);
  return g_test_run ();
}
