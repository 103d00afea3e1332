/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-conversations-output.c: the conversation and TCP tables as JSON
 * (the CLI's documented schema) and as readable text.
 */
#include "ladder-conversations.h"

#include <string.h>

static void
write_endpoint (LadderJson *json, LadderJsonKey key, const LadderAddr *addr, guint16 port, gboolean has_port)
{
  ladder_json_key_quoted (json, key);
  ladder_json_begin_object (json);
  ladder_json_kv_addr (json, "addr", addr);
  if (has_port)
    ladder_json_kv_uint (json, "port", port);
  else
    ladder_json_kv_null (json, "port");
  ladder_json_end_object (json);
}

static gboolean
has_ports (const LadderConversation *conv)
{
  return conv->proto == LADDER_IPPROTO_TCP || conv->proto == LADDER_IPPROTO_UDP;
}

static void write_conversation_compact (LadderConversations *self, const LadderConversation *c,
                                        LadderJson *json);

static void
write_conversation (LadderConversations *self, const LadderConversation *c, LadderJson *json)
{
  gint64 origin;

  if (!ladder_json_is_pretty (json))
    {
      write_conversation_compact (self, c, json);
      return;
    }
  origin = ladder_conversations_get_origin_ns (self);
  ladder_json_begin_object (json);
  ladder_json_kv_uint (json, "index", c->index);
  ladder_json_kv_string (json, "proto", ladder_conversation_proto_name (c->proto));
  write_endpoint (json, LADDER_JSON_KEY ("a"), &c->a, c->a_port, has_ports (c));
  write_endpoint (json, LADDER_JSON_KEY ("b"), &c->b, c->b_port, has_ports (c));
  if (!has_ports (c))
    ladder_json_kv_uint (json, "icmp_id", c->a_port);
  ladder_json_kv_bool (json, "initiator_known", c->initiator_known);
  ladder_json_kv_uint (json, "packets", c->packets_ab + c->packets_ba);
  ladder_json_kv_uint (json, "bytes", c->bytes_ab + c->bytes_ba);
  ladder_json_kv_uint (json, "packets_ab", c->packets_ab);
  ladder_json_kv_uint (json, "packets_ba", c->packets_ba);
  ladder_json_kv_uint (json, "bytes_ab", c->bytes_ab);
  ladder_json_kv_uint (json, "bytes_ba", c->bytes_ba);
  ladder_json_kv_ns (json, "start", ladder_ns_between (origin, c->start_ns), 9);
  ladder_json_kv_ns (json, "duration", ladder_ns_between (c->start_ns, c->end_ns), 9);
  ladder_json_kv_uint (json, "first_packet", c->first_packet);
  ladder_json_kv_uint (json, "last_packet", c->last_packet);
  ladder_json_end_object (json);
}

void
ladder_conversations_write_json (LadderConversations *self, LadderJson *json)
{
  ladder_json_begin_object (json);
  ladder_json_key (json, "conversations");
  ladder_json_begin_array (json);
  ladder_conversations_write_json_items (self, json, 0, G_MAXUINT);
  ladder_json_end_array (json);
  ladder_json_end_object (json);
}

void
ladder_conversations_write_json_items (LadderConversations *self, LadderJson *json,
                                       guint first, guint last)
{
  last = MIN (last, ladder_conversations_get_n_items (self));
  for (guint i = first; i < last; i++)
    write_conversation (self, ladder_conversations_get_item (self, i), json);
}

/* Text output builds big tables: no printf per field, and the text goes to
 * FLUSH_TO (when given) in pieces instead of piling up. */
#define FLUSH_THRESHOLD (64 * 1024)

static gboolean
maybe_flush (GString *out, FILE *flush_to)
{
  gboolean ok = TRUE;

  if (flush_to != NULL && out->len >= FLUSH_THRESHOLD)
    {
      ok = fwrite (out->str, 1, out->len, flush_to) == out->len;
      g_string_truncate (out, 0);
    }
  return ok;
}

/* "10.0.0.1:80" or "[2001:db8::1]:80" into BUF; returns its length. */
static gsize
endpoint_text (const LadderAddr *addr, guint16 port, gboolean with_port, char buf[LADDER_ADDR_STRLEN + 8])
{
  gboolean v6 = with_port && addr->family == 6;
  gsize n;

  ladder_addr_to_string (addr, buf + (v6 ? 1 : 0));
  n = strlen (buf + (v6 ? 1 : 0));
  if (!with_port)
    return n;
  if (v6)
    {
      buf[0] = '[';
      buf[++n] = ']';
      n++;
    }
  buf[n++] = ':';
  n = (gsize) (ladder_format_uint (buf + n, port) - buf);
  buf[n] = '\0';
  return n;
}

/* TEXT padded with spaces to WIDTH, on the left (right-aligned) or right. */
static void
append_padded (GString *out, const char *text, gsize len, guint width, gboolean right_align)
{
  if (right_align)
    for (gsize i = len; i < width; i++)
      g_string_append_c (out, ' ');
  ladder_string_put (out, text, len);
  if (!right_align)
    for (gsize i = len; i < width; i++)
      g_string_append_c (out, ' ');
}

static void
append_uint_padded (GString *out, guint64 value, guint width, gboolean right_align)
{
  char buf[24];
  char *p = buf + sizeof buf;

  do
    {
      *--p = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);
  append_padded (out, p, buf + sizeof buf - p, width, right_align);
}

static void
append_conversation_row (GString *out, const LadderConversation *c, gint64 origin)
{
  char a[LADDER_ADDR_STRLEN + 8], b[LADDER_ADDR_STRLEN + 8];
  const char *proto = ladder_conversation_proto_name (c->proto);
  const guint64 counts[6] = {
    c->packets_ab + c->packets_ba, c->bytes_ab + c->bytes_ba,
    c->packets_ab, c->bytes_ab, c->packets_ba, c->bytes_ba,
  };
  gsize la = endpoint_text (&c->a, c->a_port, has_ports (c), a);
  gsize lb = endpoint_text (&c->b, c->b_port, has_ports (c), b);

  append_uint_padded (out, c->index, 4, FALSE);
  g_string_append_c (out, ' ');
  append_padded (out, proto, strlen (proto), 6, FALSE);
  g_string_append_c (out, ' ');
  append_padded (out, a, la, 28, FALSE);
  g_string_append_c (out, ' ');
  append_padded (out, b, lb, 28, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_string_append_c (out, ' ');
      append_uint_padded (out, counts[i], i % 2 == 0 ? 8 : 10, TRUE);
    }
  g_string_append_c (out, ' ');
  ladder_string_append_ns (out, ladder_ns_between (origin, c->start_ns), 9, 10);
  g_string_append_c (out, ' ');
  ladder_string_append_ns (out, ladder_ns_between (c->start_ns, c->end_ns), 9, 10);
  g_string_append_c (out, '\n');
}

gboolean
ladder_conversations_write_text (LadderConversations *self, GString *out, FILE *flush_to)
{
  gint64 origin = ladder_conversations_get_origin_ns (self);
  guint n = ladder_conversations_get_n_items (self);
  gboolean ok = TRUE;

  g_string_append_printf (out, "%-4s %-6s %-28s %-28s %8s %10s %8s %10s %8s %10s %10s %10s\n",
                          "#", "Proto", "A", "B", "Packets", "Bytes", "Pkts A>B", "Bytes A>B",
                          "Pkts B>A", "Bytes B>A", "Start", "Duration");
  for (guint i = 0; i < n; i++)
    {
      append_conversation_row (out, ladder_conversations_get_item (self, i), origin);
      ok &= maybe_flush (out, flush_to);
    }
  g_string_append_printf (out, "%u conversation%s\n", n, n == 1 ? "" : "s");
  return ok;
}

/* a frame number, or null for 0 (none) */
#define write_packet_or_null ladder_json_member_uint_or_null

/* A string literal, without its NUL. */
#define PUT_LIT(p, lit) (memcpy ((p), (lit), sizeof (lit) - 1), (p) + sizeof (lit) - 1)

static void
write_states (LadderJson *json, LadderJsonKey key, const LadderTcpConn *tcp, int dir)
{
  guint n;
  const LadderTcpTransition *ts = ladder_tcp_conn_get_transitions (tcp, dir, &n);

  ladder_json_key_quoted (json, key);
  ladder_json_begin_array (json);
  for (guint i = 0; i < n; i++)
    {
      const LadderTcpTransition *t = &ts[i];

      ladder_json_begin_object (json);
      ladder_json_kv_uint (json, "packet", t->packet);
      ladder_json_kv_string (json, "state", ladder_tcp_state_to_string (t->state));
      ladder_json_end_object (json);
    }
  ladder_json_end_array (json);
}

/* An initial sequence number of 0 is as good as any other. */
static void
write_isn (LadderJson *json, LadderJsonKey key, const LadderTcpFlow *flow)
{
  if (flow->syn_seen)
    ladder_json_member_uint (json, key, flow->isn);
  else
    ladder_json_member_null (json, key);
}

static void
write_options (LadderJson *json, LadderJsonKey key, const LadderTcpFlow *flow)
{
  ladder_json_key_quoted (json, key);
  if (!flow->syn_seen)
    {
      ladder_json_null (json);
      return;
    }
  ladder_json_begin_object (json);
  ladder_json_member_uint_or_null (json, LADDER_JSON_KEY ("mss"), flow->mss);
  if (flow->wscale >= 0)
    ladder_json_kv_int (json, "wscale", flow->wscale);
  else
    ladder_json_kv_null (json, "wscale");
  ladder_json_kv_bool (json, "sack_perm", flow->sack_perm);
  ladder_json_kv_bool (json, "timestamps", flow->timestamps);
  ladder_json_end_object (json);
}

static const struct { guint32 bit; const char *name; } note_names[] = {
  { LADDER_TCP_NOTE_RETRANSMISSION, "retransmission" },
  { LADDER_TCP_NOTE_FAST_RETRANSMISSION, "fast-retransmission" },
  { LADDER_TCP_NOTE_OUT_OF_ORDER, "out-of-order" },
  { LADDER_TCP_NOTE_DUP_ACK, "dup-ack" },
  { LADDER_TCP_NOTE_KEEPALIVE, "keepalive" },
  { LADDER_TCP_NOTE_ZERO_WINDOW, "zero-window" },
  { LADDER_TCP_NOTE_PREVIOUS_LOST, "previous-segment-not-captured" },
  { LADDER_TCP_NOTE_RTO, "retransmission-timeout" },
};

static void
write_notes (LadderJson *json, const LadderTcpConn *tcp)
{
  guint n;
  const LadderTcpFlagged *flagged = ladder_tcp_conn_get_flagged (tcp, &n);

  ladder_json_key (json, "notes");
  ladder_json_begin_array (json);
  for (guint i = 0; i < n; i++)
    {
      const LadderTcpFlagged *f = &flagged[i];
      ladder_json_begin_object (json);
      ladder_json_kv_uint (json, "packet", f->packet);
      ladder_json_key (json, "notes");
      ladder_json_begin_array (json);
      for (guint j = 0; j < G_N_ELEMENTS (note_names); j++)
        if (f->notes & note_names[j].bit)
          ladder_json_string (json, note_names[j].name);
      ladder_json_end_array (json);
      if (f->notes & LADDER_TCP_NOTE_DUP_ACK)
        ladder_json_kv_uint (json, "dup_of", f->dup_of);
      ladder_json_end_object (json);
    }
  ladder_json_end_array (json);
}

static void
write_handshake (LadderJson *json, const LadderTcpConn *tcp)
{
  gint64 rtt = ladder_tcp_conn_handshake_rtt_ns (tcp);

  ladder_json_key (json, "handshake");
  ladder_json_begin_object (json);
  ladder_json_kv_bool (json, "complete", ladder_tcp_conn_handshake_complete (tcp));
  write_packet_or_null (json, LADDER_JSON_KEY ("syn"), tcp->syn_packet);
  write_packet_or_null (json, LADDER_JSON_KEY ("synack"), tcp->synack_packet);
  write_packet_or_null (json, LADDER_JSON_KEY ("ack"), tcp->ack_packet);
  if (rtt >= 0)
    ladder_json_kv_ns (json, "rtt_ms", rtt, 6);
  else
    ladder_json_kv_null (json, "rtt_ms");
  ladder_json_end_object (json);
}

/* The compact writer of a connection (write_connection_compact) puts its
 * text together from these, each writing at P and returning the end. */
static inline char *
put_uint_or_null (char *p, guint64 value)
{
  return value != 0 ? ladder_format_uint (p, value) : PUT_LIT (p, "null");
}

static inline char *
put_bool (char *p, gboolean value)
{
  return value ? PUT_LIT (p, "true") : PUT_LIT (p, "false");
}

static inline char *
put_text (char *p, const char *text)
{
  gsize len = strlen (text);

  memcpy (p, text, len);
  return p + len;
}

/* A key (the literal, with its comma and colon) and its value, at P. */
#define PUT_UINT(p, lit, v)         ladder_format_uint (PUT_LIT ((p), lit), (v))
#define PUT_UINT_OR_NULL(p, lit, v) put_uint_or_null (PUT_LIT ((p), lit), (v))
#define PUT_BOOL(p, lit, v)         put_bool (PUT_LIT ((p), lit), (v))

static char *
put_options (char *p, const LadderTcpFlow *flow)
{
  if (!flow->syn_seen)
    return PUT_LIT (p, "null");
  p = PUT_UINT_OR_NULL (p, "{\"mss\":", flow->mss);
  p = PUT_LIT (p, ",\"wscale\":");
  p = flow->wscale >= 0 ? ladder_format_uint (p, (guint64) flow->wscale) : PUT_LIT (p, "null");
  p = PUT_BOOL (p, ",\"sack_perm\":", flow->sack_perm);
  p = PUT_BOOL (p, ",\"timestamps\":", flow->timestamps);
  return PUT_LIT (p, "}");
}

/* at most this much per state change and per flagged packet */
#define STATE_ROOM 64
#define NOTE_ROOM  (64 + 32 * G_N_ELEMENTS (note_names))
/* and for the rest of a connection: 41 keys (360 bytes), 25 numbers, two
 * addresses and three times, with room to spare */
#define CONNECTION_ROOM (1024 + 2 * LADDER_JSON_ADDR_ROOM + 3 * LADDER_JSON_NS_ROOM)

static char *
put_states (char *p, const LadderTcpConn *tcp, int dir)
{
  guint n;
  const LadderTcpTransition *ts = ladder_tcp_conn_get_transitions (tcp, dir, &n);

  *p++ = '[';
  for (guint i = 0; i < n; i++)
    {
      gsize len;
      const char *name = ladder_tcp_state_to_string_len (ts[i].state, &len);

      p = PUT_UINT (p, "{\"packet\":", ts[i].packet);
      p = PUT_LIT (p, ",\"state\":\"");
      memcpy (p, name, LADDER_TCP_STATE_NAME_ROOM);
      p = PUT_LIT (p + len, "\"},");
    }
  if (n > 0)
    p--;   /* the last comma */
  *p++ = ']';
  return p;
}

static char *
put_notes (char *p, const LadderTcpConn *tcp)
{
  guint n;
  const LadderTcpFlagged *flagged = ladder_tcp_conn_get_flagged (tcp, &n);

  *p++ = '[';
  for (guint i = 0; i < n; i++)
    {
      const LadderTcpFlagged *f = &flagged[i];
      gboolean first = TRUE;

      if (i > 0)
        *p++ = ',';
      p = PUT_UINT (p, "{\"packet\":", f->packet);
      p = PUT_LIT (p, ",\"notes\":[");
      for (guint j = 0; j < G_N_ELEMENTS (note_names); j++)
        if (f->notes & note_names[j].bit)
          {
            if (!first)
              *p++ = ',';
            first = FALSE;
            *p++ = '"';
            p = put_text (p, note_names[j].name);
            *p++ = '"';
          }
      *p++ = ']';
      if (f->notes & LADDER_TCP_NOTE_DUP_ACK)
        p = PUT_UINT (p, ",\"dup_of\":", f->dup_of);
      *p++ = '}';
    }
  *p++ = ']';
  return p;
}

static char *
put_endpoint (char *p, const LadderAddr *addr, guint16 port, gboolean has_port)
{
  p = PUT_LIT (p, "{\"addr\":");
  p = ladder_format_json_addr (p, addr);
  p = PUT_LIT (p, ",\"port\":");
  p = has_port ? ladder_format_uint (p, port) : PUT_LIT (p, "null");
  return PUT_LIT (p, "}");
}

/* write_conversation()'s text when it is compact, in one piece, as
 * write_connection_compact() does for the TCP table. */
#define CONVERSATION_ROOM (512 + 2 * LADDER_JSON_ADDR_ROOM + 2 * LADDER_JSON_NS_ROOM)

static void
write_conversation_compact (LadderConversations *self, const LadderConversation *c, LadderJson *json)
{
  gint64 origin = ladder_conversations_get_origin_ns (self);
  gboolean ports = has_ports (c);
  char *p = ladder_json_begin_raw (json, CONVERSATION_ROOM);

  p = PUT_UINT (p, "{\"index\":", c->index);
  p = PUT_LIT (p, ",\"proto\":\"");
  p = put_text (p, ladder_conversation_proto_name (c->proto));
  p = PUT_LIT (p, "\",\"a\":");
  p = put_endpoint (p, &c->a, c->a_port, ports);
  p = PUT_LIT (p, ",\"b\":");
  p = put_endpoint (p, &c->b, c->b_port, ports);
  if (!ports)
    p = PUT_UINT (p, ",\"icmp_id\":", c->a_port);
  p = PUT_BOOL (p, ",\"initiator_known\":", c->initiator_known);
  p = PUT_UINT (p, ",\"packets\":", c->packets_ab + c->packets_ba);
  p = PUT_UINT (p, ",\"bytes\":", c->bytes_ab + c->bytes_ba);
  p = PUT_UINT (p, ",\"packets_ab\":", c->packets_ab);
  p = PUT_UINT (p, ",\"packets_ba\":", c->packets_ba);
  p = PUT_UINT (p, ",\"bytes_ab\":", c->bytes_ab);
  p = PUT_UINT (p, ",\"bytes_ba\":", c->bytes_ba);
  p = PUT_LIT (p, ",\"start\":");
  p = ladder_format_json_ns (p, ladder_ns_between (origin, c->start_ns), 9);
  p = PUT_LIT (p, ",\"duration\":");
  p = ladder_format_json_ns (p, ladder_ns_between (c->start_ns, c->end_ns), 9);
  p = PUT_UINT (p, ",\"first_packet\":", c->first_packet);
  p = PUT_UINT (p, ",\"last_packet\":", c->last_packet);
  *p++ = '}';
  ladder_json_end_raw (json, p);
}

static const char *
rst_from_text (const LadderTcpConn *tcp)
{
  return tcp->rst_from < 0 ? "null" : tcp->rst_from == 0 ? "\"client\"" : "\"server\"";
}

static char *
put_handshake (char *p, const LadderTcpConn *tcp)
{
  gint64 rtt = ladder_tcp_conn_handshake_rtt_ns (tcp);

  p = PUT_BOOL (p, "{\"complete\":", ladder_tcp_conn_handshake_complete (tcp));
  p = PUT_UINT_OR_NULL (p, ",\"syn\":", tcp->syn_packet);
  p = PUT_UINT_OR_NULL (p, ",\"synack\":", tcp->synack_packet);
  p = PUT_UINT_OR_NULL (p, ",\"ack\":", tcp->ack_packet);
  p = PUT_LIT (p, ",\"rtt_ms\":");
  p = rtt >= 0 ? ladder_format_json_ns (p, rtt, 6) : PUT_LIT (p, "null");
  return PUT_LIT (p, "}");
}

/* "close" to "out_of_order" */
static char *
put_close_and_counts (char *p, const LadderTcpConn *tcp)
{
  const LadderTcpFlow *cl = &tcp->flow[0], *sv = &tcp->flow[1];

  p = PUT_LIT (p, "\"close\":\"");
  p = put_text (p, ladder_tcp_close_to_string (tcp->close));
  p = PUT_UINT_OR_NULL (p, "\",\"fin_client\":", cl->fin_packet);
  p = PUT_UINT_OR_NULL (p, ",\"fin_server\":", sv->fin_packet);
  p = PUT_UINT_OR_NULL (p, ",\"rst\":", tcp->rst_packet);
  p = PUT_LIT (p, ",\"rst_from\":");
  p = put_text (p, rst_from_text (tcp));
  p = PUT_UINT (p, ",\"bytes_client\":", cl->payload);
  p = PUT_UINT (p, ",\"bytes_server\":", sv->payload);
  p = PUT_UINT (p, ",\"packets_client\":", cl->packets);
  p = PUT_UINT (p, ",\"packets_server\":", sv->packets);
  p = PUT_UINT (p, ",\"retransmissions\":", (guint64) cl->retransmissions + sv->retransmissions);
  p = PUT_UINT (p, ",\"dup_acks\":", (guint64) cl->dup_acks + sv->dup_acks);
  return PUT_UINT (p, ",\"out_of_order\":", (guint64) cl->out_of_order + sv->out_of_order);
}

/* "isn" and "options" */
static char *
put_syn_fields (char *p, const LadderTcpConn *tcp)
{
  const LadderTcpFlow *cl = &tcp->flow[0], *sv = &tcp->flow[1];

  p = PUT_LIT (p, "\"isn\":{\"client\":");
  p = cl->syn_seen ? ladder_format_uint (p, cl->isn) : PUT_LIT (p, "null");
  p = PUT_LIT (p, ",\"server\":");
  p = sv->syn_seen ? ladder_format_uint (p, sv->isn) : PUT_LIT (p, "null");
  p = PUT_LIT (p, "},\"options\":{\"client\":");
  p = put_options (p, cl);
  p = PUT_LIT (p, ",\"server\":");
  p = put_options (p, sv);
  return PUT_LIT (p, "}");
}

/* write_connection()'s text when it is compact, in one piece: the same
 * keys and values without a call, a separator check and a room check for
 * each (the golden test and fuzz-analysis check that it is the pretty
 * text minified).  On a 100k-packet capture of the benchmark's real
 * shape, one thread, tcp --json ran 166M instructions against 193M
 * (cachegrind), and the 1M-packet benchmark's best run took 185 ms
 * against 199. */
static void
write_connection_compact (LadderConversations *self, const LadderConversation *c, LadderJson *json)
{
  const LadderTcpConn *tcp = c->tcp;
  gint64 origin = ladder_conversations_get_origin_ns (self);
  guint n_client, n_server, n_notes;
  char *p;

  ladder_tcp_conn_get_transitions (tcp, 0, &n_client);
  ladder_tcp_conn_get_transitions (tcp, 1, &n_server);
  ladder_tcp_conn_get_flagged (tcp, &n_notes);
  p = ladder_json_begin_raw (json, CONNECTION_ROOM + STATE_ROOM * ((gsize) n_client + n_server)
                                   + NOTE_ROOM * (gsize) n_notes);
  p = PUT_UINT (p, "{\"stream\":", c->tcp_stream);
  p = PUT_UINT (p, ",\"conversation\":", c->index);
  p = PUT_LIT (p, ",\"client\":");
  p = put_endpoint (p, &c->a, c->a_port, TRUE);
  p = PUT_LIT (p, ",\"server\":");
  p = put_endpoint (p, &c->b, c->b_port, TRUE);
  p = PUT_BOOL (p, ",\"client_known\":", c->initiator_known);
  p = PUT_BOOL (p, ",\"midstream\":", tcp->midstream);
  p = PUT_LIT (p, ",\"handshake\":");
  p = put_handshake (p, tcp);
  *p++ = ',';
  p = put_close_and_counts (p, tcp);
  *p++ = ',';
  p = put_syn_fields (p, tcp);
  p = PUT_LIT (p, ",\"start\":");
  p = ladder_format_json_ns (p, ladder_ns_between (origin, c->start_ns), 9);
  p = PUT_LIT (p, ",\"duration\":");
  p = ladder_format_json_ns (p, ladder_ns_between (c->start_ns, c->end_ns), 9);
  p = PUT_LIT (p, ",\"states\":{\"client\":");
  p = put_states (p, tcp, 0);
  p = PUT_LIT (p, ",\"server\":");
  p = put_states (p, tcp, 1);
  p = PUT_LIT (p, "},\"notes\":");
  p = put_notes (p, tcp);
  *p++ = '}';
  ladder_json_end_raw (json, p);
}

static void
write_connection (LadderConversations *self, const LadderConversation *c, LadderJson *json)
{
  const LadderTcpConn *tcp = c->tcp;
  const LadderTcpFlow *cl = &tcp->flow[0], *sv = &tcp->flow[1];
  gint64 origin;

  if (!ladder_json_is_pretty (json))
    {
      write_connection_compact (self, c, json);
      return;
    }
  origin = ladder_conversations_get_origin_ns (self);
  ladder_json_begin_object (json);
  /* Wireshark's tcp.stream, for cross-checking; "conversation" is the
   * index in `conversations --json`. */
  ladder_json_kv_uint (json, "stream", c->tcp_stream);
  ladder_json_kv_uint (json, "conversation", c->index);
  write_endpoint (json, LADDER_JSON_KEY ("client"), &c->a, c->a_port, TRUE);
  write_endpoint (json, LADDER_JSON_KEY ("server"), &c->b, c->b_port, TRUE);
  ladder_json_kv_bool (json, "client_known", c->initiator_known);
  ladder_json_kv_bool (json, "midstream", tcp->midstream);
  write_handshake (json, tcp);
  ladder_json_kv_string (json, "close", ladder_tcp_close_to_string (tcp->close));
  write_packet_or_null (json, LADDER_JSON_KEY ("fin_client"), cl->fin_packet);
  write_packet_or_null (json, LADDER_JSON_KEY ("fin_server"), sv->fin_packet);
  write_packet_or_null (json, LADDER_JSON_KEY ("rst"), tcp->rst_packet);
  ladder_json_kv_string (json, "rst_from",
                         tcp->rst_from < 0 ? NULL : tcp->rst_from == 0 ? "client" : "server");
  ladder_json_kv_uint (json, "bytes_client", cl->payload);
  ladder_json_kv_uint (json, "bytes_server", sv->payload);
  ladder_json_kv_uint (json, "packets_client", cl->packets);
  ladder_json_kv_uint (json, "packets_server", sv->packets);
  ladder_json_kv_uint (json, "retransmissions", cl->retransmissions + sv->retransmissions);
  ladder_json_kv_uint (json, "dup_acks", cl->dup_acks + sv->dup_acks);
  ladder_json_kv_uint (json, "out_of_order", cl->out_of_order + sv->out_of_order);
  ladder_json_key (json, "isn");
  ladder_json_begin_object (json);
  write_isn (json, LADDER_JSON_KEY ("client"), cl);
  write_isn (json, LADDER_JSON_KEY ("server"), sv);
  ladder_json_end_object (json);
  ladder_json_key (json, "options");
  ladder_json_begin_object (json);
  write_options (json, LADDER_JSON_KEY ("client"), cl);
  write_options (json, LADDER_JSON_KEY ("server"), sv);
  ladder_json_end_object (json);
  ladder_json_kv_ns (json, "start", ladder_ns_between (origin, c->start_ns), 9);
  ladder_json_kv_ns (json, "duration", ladder_ns_between (c->start_ns, c->end_ns), 9);
  ladder_json_key (json, "states");
  ladder_json_begin_object (json);
  write_states (json, LADDER_JSON_KEY ("client"), tcp, 0);
  write_states (json, LADDER_JSON_KEY ("server"), tcp, 1);
  ladder_json_end_object (json);
  write_notes (json, tcp);
  ladder_json_end_object (json);
}

void
ladder_conversations_write_tcp_json (LadderConversations *self, LadderJson *json)
{
  ladder_json_begin_object (json);
  ladder_json_key (json, "connections");
  ladder_json_begin_array (json);
  ladder_conversations_write_tcp_json_items (self, json, 0, G_MAXUINT);
  ladder_json_end_array (json);
  ladder_json_end_object (json);
}

void
ladder_conversations_write_tcp_json_items (LadderConversations *self, LadderJson *json,
                                           guint first, guint last)
{
  last = MIN (last, ladder_conversations_get_n_items (self));
  for (guint i = first; i < last; i++)
    {
      const LadderConversation *c = ladder_conversations_get_item (self, i);
      if (c->tcp != NULL)
        write_connection (self, c, json);
    }
}

/* The TCP table is most of a big capture's text (25 MB for a million
 * packets): each piece is written straight into OUT's buffer, grown once
 * per line to a bound on the line's length, instead of checking room and
 * counting bytes piece by piece. */

/* Room for N more bytes at OUT's end; returns where they go.  OUT->len does
 * not move until commit(). */
static char *
reserve (GString *out, gsize n)
{
  gsize len = out->len;

  if (out->allocated_len - len <= n)
    {
      g_string_set_size (out, len + n);
      out->len = len;
    }
  return out->str + len;
}

static void
commit (GString *out, char *end)
{
  out->len = (gsize) (end - out->str);
  *end = '\0';
}

static char *
put_str (char *p, const char *s)
{
  while (*s != '\0')
    *p++ = *s++;
  return p;
}

/* The longest state name is "SYN_RECEIVED"; an arrow is 3 bytes of UTF-8. */
#define STATE_STEP_MAX (sizeof " → " - 1 + 12 + sizeof " (#)" - 1 + 20)

static void
append_states (GString *out, const char *who, const LadderTcpConn *tcp, int dir)
{
  guint n;
  const LadderTcpTransition *ts = ladder_tcp_conn_get_transitions (tcp, dir, &n);
  char *p = reserve (out, 16 + (gsize) n * STATE_STEP_MAX);
  char *label;

  p = PUT_LIT (p, "    ");
  label = p;
  p = put_str (p, who);
  while (p - label < 7)
    *p++ = ' ';
  for (guint i = 0; i < n; i++)
    {
      gsize len;
      const char *name = ladder_tcp_state_to_string_len (ts[i].state, &len);

      if (i > 0)
        p = PUT_LIT (p, " → ");
      memcpy (p, name, len);
      p += len;
      if (ts[i].packet != 0)
        {
          p = PUT_LIT (p, " (#");
          p = ladder_format_uint (p, ts[i].packet);
          *p++ = ')';
        }
    }
  *p++ = '\n';
  commit (out, p);
}

/* LABEL VALUE AFTER at P, with literal LABEL and AFTER; moves P past them. */
#define PUT_LABELLED(p, label, value, after) \
  G_STMT_START \
    { \
      (p) = PUT_LIT ((p), label); \
      (p) = ladder_format_uint ((p), (value)); \
      (p) = PUT_LIT ((p), after); \
    } \
  G_STMT_END

/* Generous bound for a line of short labels and at most six numbers. */
#define LABELLED_LINE_MAX 256

static void
append_handshake_text (GString *out, const LadderTcpConn *tcp)
{
  gint64 rtt = ladder_tcp_conn_handshake_rtt_ns (tcp);
  char *p = reserve (out, LABELLED_LINE_MAX);

  p = PUT_LIT (p, "    handshake ");
  if (tcp->syn_packet)
    PUT_LABELLED (p, "SYN #", tcp->syn_packet, "  ");
  if (tcp->synack_packet)
    PUT_LABELLED (p, "SYN-ACK #", tcp->synack_packet, "  ");
  if (tcp->ack_packet)
    PUT_LABELLED (p, "ACK #", tcp->ack_packet, "  ");
  if (rtt >= 0)
    {
      p = PUT_LIT (p, "RTT ");
      commit (out, p);
      ladder_string_append_ns (out, rtt, 6, 0);
      p = reserve (out, 8);
      p = PUT_LIT (p, " ms");
    }
  else
    p = PUT_LIT (p, "incomplete");
  *p++ = '\n';
  commit (out, p);
}

static void
append_title_text (const LadderConversation *c, GString *out)
{
  char *p = reserve (out, 2 * (LADDER_ADDR_STRLEN + 8) + 96);

  PUT_LABELLED (p, "#", c->index, "  ");
  p += endpoint_text (&c->a, c->a_port, TRUE, p);
  p = PUT_LIT (p, " → ");
  p += endpoint_text (&c->b, c->b_port, TRUE, p);
  p = put_str (p, c->tcp->midstream ? "  (capture began mid-connection)\n" : "\n");
  commit (out, p);
}

static void
append_connection_text (const LadderConversation *c, GString *out, gboolean verbose)
{
  const LadderTcpConn *tcp = c->tcp;
  const LadderTcpFlow *cl = &tcp->flow[0], *sv = &tcp->flow[1];
  char *p;

  append_title_text (c, out);
  append_handshake_text (out, tcp);
  p = reserve (out, LABELLED_LINE_MAX);
  p = PUT_LIT (p, "    close ");
  p = put_str (p, ladder_tcp_close_to_string (tcp->close));
  PUT_LABELLED (p, "   data client→server ", cl->payload, " B, ");
  PUT_LABELLED (p, "server→client ", sv->payload, " B   ");
  PUT_LABELLED (p, "retransmissions ", cl->retransmissions + sv->retransmissions, "   ");
  PUT_LABELLED (p, "dup ACKs ", cl->dup_acks + sv->dup_acks, "   ");
  PUT_LABELLED (p, "out-of-order ", cl->out_of_order + sv->out_of_order, "\n");
  commit (out, p);
  if (!verbose)
    return;
  append_states (out, "client", tcp, 0);
  append_states (out, "server", tcp, 1);
}

gboolean
ladder_conversations_write_tcp_text (LadderConversations *self, GString *out, gboolean verbose,
                                     FILE *flush_to)
{
  guint count = 0;
  gboolean ok = TRUE;

  for (guint i = 0; i < ladder_conversations_get_n_items (self); i++)
    {
      const LadderConversation *c = ladder_conversations_get_item (self, i);
      if (c->tcp == NULL)
        continue;
      append_connection_text (c, out, verbose);
      ok &= maybe_flush (out, flush_to);
      count++;
    }
  g_string_append_printf (out, "%u TCP connection%s\n", count, count == 1 ? "" : "s");
  return ok;
}
