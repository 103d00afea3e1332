/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sequence.c: the sequence (ladder) diagram's layout.
 *
 * Packets become arrows between lifelines, time running down.  The time
 * axis is built from "events" (arrow ends, socket calls spanning packets):
 * compressed mode gives each event a row; proportional mode places them by
 * their timestamps but never closer than a label's height, so bursts stay
 * readable while pauses stay visible.  Everything else (states, calls) is
 * placed through the same time-to-y mapping.
 */
#include "ladder-diagram-private.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "ladder-sequence-private.h"

void
ladder_seq_model_free (gpointer data)
{
  LadderSeqModel *m = data;

  for (guint i = 0; i < m->lifelines->len; i++)
    {
      LadderSeqLifeline *l = &g_array_index (m->lifelines, LadderSeqLifeline, i);
      g_free (l->title);
      g_free (l->subtitle);
      g_free (l->lane_title);
    }
  for (guint i = 0; i < m->calls->len; i++)
    g_free (g_array_index (m->calls, LadderSeqCall, i).text);
  for (guint i = 0; i < m->brackets->len; i++)
    g_free (g_array_index (m->brackets, LadderSeqBracket, i).text);
  g_array_unref (m->lifelines);
  g_array_unref (m->arrows);
  g_array_unref (m->calls);
  g_array_unref (m->bands);
  g_array_unref (m->brackets);
  g_array_unref (m->events);
  g_hash_table_unref (m->by_frame);
  g_free (m->empty_text);
  g_free (m->subtitle);
  g_free (m);
}

static LadderSeqModel *
seq_model_new (void)
{
  LadderSeqModel *m = g_new0 (LadderSeqModel, 1);

  m->lifelines = g_array_new (FALSE, TRUE, sizeof (LadderSeqLifeline));
  m->arrows = g_array_new (FALSE, TRUE, sizeof (LadderSeqArrow));
  m->calls = g_array_new (FALSE, TRUE, sizeof (LadderSeqCall));
  m->bands = g_array_new (FALSE, TRUE, sizeof (LadderSeqBand));
  m->brackets = g_array_new (FALSE, TRUE, sizeof (LadderSeqBracket));
  m->events = g_array_new (FALSE, TRUE, sizeof (LadderSeqEvent));
  m->by_frame = g_hash_table_new (g_direct_hash, g_direct_equal);
  return m;
}

LadderSeqArrow *
ladder_seq_find_arrow (LadderSeqModel *m, guint64 frame)
{
  gpointer v = g_hash_table_lookup (m->by_frame, GSIZE_TO_POINTER ((gsize) frame));

  if (v == NULL)
    return NULL;
  return &g_array_index (m->arrows, LadderSeqArrow, GPOINTER_TO_UINT (v) - 1);
}

/* Collecting packets. */

/* An ICMP error quoting one of the conversation's datagrams belongs in its
 * picture (UDP to a closed port and its port unreachable). */
static gboolean
quotes_conversation (const LadderPacket *pkt, const LadderConversation *conv)
{
  const LadderQuoted *q = &pkt->quoted;

  if (!q->present || q->ip_proto != conv->proto)
    return FALSE;
  if (conv->proto == 1 || conv->proto == 58)
    /* an echo conversation is keyed by its identifier */
    return q->has_icmp && q->icmp_id == conv->a_port
           && ((ladder_addr_equal (&q->src, &conv->a) && ladder_addr_equal (&q->dst, &conv->b))
               || (ladder_addr_equal (&q->src, &conv->b) && ladder_addr_equal (&q->dst, &conv->a)));
  if (!q->has_ports)
    return FALSE;
  if (ladder_addr_equal (&q->src, &conv->a) && ladder_addr_equal (&q->dst, &conv->b))
    return q->sport == conv->a_port && q->dport == conv->b_port;
  if (ladder_addr_equal (&q->src, &conv->b) && ladder_addr_equal (&q->dst, &conv->a))
    return q->sport == conv->b_port && q->dport == conv->a_port;
  return FALSE;
}

static void
arrow_from_packet (LadderSeqArrow *a, const LadderPacket *pkt)
{
  a->ip_version = pkt->ip_version;
  a->ttl = pkt->ttl;
  a->ip_id = pkt->ip_id;
  a->sport = pkt->sport;
  a->dport = pkt->dport;
  a->len = pkt->payload_len;
  if (pkt->layers & LADDER_LAYER_TCP)
    {
      a->proto = LADDER_SEQ_TCP;
      a->tcp_flags = pkt->tcp_flags;
      a->rel_seq = pkt->seq;
      a->rel_ack = pkt->ack;
    }
  else if (pkt->layers & LADDER_LAYER_UDP)
    a->proto = LADDER_SEQ_UDP;
  else if (pkt->layers & (LADDER_LAYER_ICMP | LADDER_LAYER_ICMPV6))
    {
      a->proto = LADDER_SEQ_ICMP;
      a->icmp_type = pkt->icmp_type;
      a->icmp_code = pkt->icmp_code;
      a->sport = pkt->icmp_id;
      a->dport = pkt->icmp_seq;
    }
  else
    a->proto = LADDER_SEQ_OTHER;
}

static int
lifeline_for (LadderSeqModel *m, const LadderAddr *addr, guint16 port, gboolean by_port)
{
  for (guint i = 0; i < m->lifelines->len; i++)
    {
      LadderSeqLifeline *l = &g_array_index (m->lifelines, LadderSeqLifeline, i);
      if (ladder_addr_equal (&l->addr, addr) && (!by_port || l->port == port))
        return (int) i;
    }
  return -1;
}

static int
lifeline_ensure (LadderSeqModel *m, const LadderAddr *addr, guint16 port, gboolean by_port)
{
  LadderSeqLifeline l = { 0 };
  int i = lifeline_for (m, addr, port, by_port);

  if (i >= 0)
    return i;
  l.addr = *addr;
  l.port = by_port ? port : 0;
  g_array_append_val (m->lifelines, l);
  return (int) m->lifelines->len - 1;
}

typedef struct
{
  LadderDiagram            *d;
  LadderSeqModel           *m;
  const LadderConversation *conv;   /* NULL: every packet */
  gboolean                  by_port;
  GHashTable               *expired;  /* echo request frame → its LadderPingProbe */
} Collect;

/* Beyond this many hosts a picture stops being readable: packets between
 * further hosts are left out (and counted), a conversation can still be
 * drawn on its own. */
#define MAX_LIFELINES 12

/* Port-less packets (ICMP) join the host's first lifeline when lifelines
 * are per endpoint.  -1 when a new lifeline would pass MAX_LIFELINES. */
static int
endpoint_lifeline (Collect *c, const LadderAddr *addr, guint16 port)
{
  int i;

  if (c->by_port && port == 0 && (i = lifeline_for (c->m, addr, 0, FALSE)) >= 0)
    return i;
  if ((i = lifeline_for (c->m, addr, port, c->by_port)) >= 0)
    return i;
  if (c->m->lifelines->len >= MAX_LIFELINES)
    return -1;
  return lifeline_ensure (c->m, addr, port, c->by_port);
}

/* Multicast and broadcast, IPv6 neighbour discovery and multicast listener
 * reports: the hosts' background chatter, left out of the every-packet
 * picture (and counted) so the lesson's conversations keep the room. */
static gboolean
is_background (const LadderPacket *pkt)
{
  const guint8 *dst = pkt->dst.bytes;

  if (pkt->ip_version == 4)
    return (dst[0] & 0xf0) == 0xe0 || (dst[0] == 255 && dst[1] == 255 && dst[2] == 255 && dst[3] == 255);
  if (dst[0] == 0xff)
    return TRUE;
  return (pkt->layers & LADDER_LAYER_ICMPV6)
         && ((pkt->icmp_type >= 130 && pkt->icmp_type <= 137) || pkt->icmp_type == 143);
}

static gboolean
wanted (Collect *c, guint64 number, const LadderPacket *pkt)
{
  gint conv;

  if (pkt->ip_version == 0 || !(pkt->layers & (LADDER_LAYER_IPV4 | LADDER_LAYER_IPV6)))
    return FALSE;
  if (c->conv == NULL)
    {
      if (!is_background (pkt))
        return TRUE;
      c->m->background++;
      return FALSE;
    }
  conv = ladder_analysis_get_frame_conversation (c->d->analysis, number);
  if (conv == (gint) c->conv->index)
    return TRUE;
  return conv < 0 && (pkt->layers & (LADDER_LAYER_ICMP | LADDER_LAYER_ICMPV6))
         && quotes_conversation (pkt, c->conv);
}

static gboolean
is_refusal (LadderDiagram *d, guint64 number)
{
  gint index = ladder_analysis_get_frame_conversation (d->analysis, number);
  const LadderConversation *conv;

  if (index < 0)
    return FALSE;
  conv = ladder_conversations_get_item (ladder_analysis_get_conversations (d->analysis), (guint) index);
  return conv->tcp != NULL && conv->tcp->close == LADDER_TCP_CLOSE_REFUSED
         && conv->tcp->rst_packet == number;
}

/* Echo requests an ICMP error answered and no reply: they never arrived,
 * and the ladder must not draw them reaching their destination. */
static GHashTable *
expired_requests (LadderDiagram *d)
{
  LadderPing *ping = ladder_analysis_get_ping (d->analysis);
  GHashTable *expired = g_hash_table_new (NULL, NULL);

  for (guint s = 0; ping != NULL && s < ladder_ping_get_n_sessions (ping); s++)
    {
      const LadderPingSession *session = ladder_ping_get_session (ping, s);

      for (guint p = 0; p < session->n_probes; p++)
        {
          const LadderPingProbe *probe = &session->probes[p];

          if (probe->request != 0 && probe->reply == 0 && probe->error != 0)
            g_hash_table_insert (expired, GSIZE_TO_POINTER ((gsize) probe->request), (gpointer) probe);
        }
    }
  return expired;
}

static gboolean
add_arrow (Collect *c, guint64 number, const LadderFrameInfo *info, const LadderPacket *pkt)
{
  LadderSeqArrow a = { 0 };
  const LadderPingProbe *probe;
  LadderTcpPacketInfo tcp;
  guint16 sport = pkt->sport, dport = pkt->dport;
  int from, to;

  if (!(pkt->layers & (LADDER_LAYER_TCP | LADDER_LAYER_UDP)))
    {
      /* An ICMP error travels back from the quoted destination port's end. */
      sport = pkt->quoted.has_ports ? pkt->quoted.dport : 0;
      dport = pkt->quoted.has_ports ? pkt->quoted.sport : 0;
    }
  a.frame = number;
  a.ts0 = a.ts1 = info->ts_ns;
  arrow_from_packet (&a, pkt);
  from = endpoint_lifeline (c, &pkt->src, sport);
  to = from >= 0 ? endpoint_lifeline (c, &pkt->dst, dport) : -1;
  if (from < 0 || to < 0)
    {
      c->m->hidden++;
      return FALSE;
    }
  a.from = (gint16) from;
  a.to = (gint16) to;
  if ((pkt->layers & LADDER_LAYER_TCP) && (pkt->tcp_flags & LADDER_TCP_RST))
    a.refused = is_refusal (c->d, number);
  a.died_at = -1;
  a.lost_on = ladder_analysis_get_lost_on (c->d->analysis, number);
  if ((probe = g_hash_table_lookup (c->expired, GSIZE_TO_POINTER ((gsize) number))) != NULL)
    a.expired = probe->error_icmp_type == (pkt->ip_version == 6 ? 3 : 11) ? LADDER_SEQ_EXPIRED_TTL
                                                                          : LADDER_SEQ_EXPIRED_ERROR;
  if (ladder_analysis_get_tcp_info (c->d->analysis, number, &tcp))
    {
      a.tcp_info = TRUE;
      a.rel_seq = tcp.rel_seq;
      a.rel_ack = tcp.rel_ack;
      a.notes = tcp.notes;
    }
  g_array_append_val (c->m->arrows, a);
  return TRUE;
}

static void
add_sighting (Collect *c, const LadderFrameInfo *info)
{
  LadderSeqArrow *a = ladder_seq_find_arrow (c->m, info->sighting_of);

  if (a == NULL)
    return;
  a->ts0 = MIN (a->ts0, info->ts_ns);
  a->ts1 = MAX (a->ts1, info->ts_ns);
  a->slanted = a->ts1 > a->ts0;
}

/* Frame numbers are the keys themselves (a capture has far fewer than
 * 2^32 frames on 32-bit systems). */
static void
index_arrow (LadderSeqModel *m)
{
  LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, m->arrows->len - 1);

  g_hash_table_insert (m->by_frame, GSIZE_TO_POINTER ((gsize) a->frame), GUINT_TO_POINTER (m->arrows->len));
}

static void
collect_range (Collect *c, guint64 first, guint64 last)
{
  LadderFrameInfo info;
  LadderPacket pkt;
  gint64 stop_ns = G_MAXINT64;

  for (guint64 n = first; n <= last; n++)
    {
      if (!ladder_capture_get_frame (c->d->capture, n, &info))
        break;
      if (info.sighting_of != 0)
        {
          add_sighting (c, &info);
          continue;
        }
      if (info.ts_ns > stop_ns)
        break;
      if (c->m->arrows->len >= c->d->options.max_packets)
        {
          c->m->truncated = TRUE;
          /* Later sightings of the packets drawn may still follow. */
          stop_ns = MIN (stop_ns, info.ts_ns + G_GINT64_CONSTANT (1000000000));
          continue;
        }
      if (!ladder_capture_decode (c->d->capture, n, &pkt, NULL) || !wanted (c, n, &pkt))
        continue;
      if (add_arrow (c, n, &info, &pkt))
        index_arrow (c->m);
    }
}

/* Lifelines are per host, unless both ends of a drawn packet share an
 * address (loopback): then per endpoint, so the two ends stay apart. */
static gboolean
needs_ports (LadderDiagram *d, const LadderConversation *conv)
{
  LadderConversations *convs = ladder_analysis_get_conversations (d->analysis);
  guint n = ladder_conversations_get_n_items (convs);

  if (conv != NULL)
    return ladder_addr_equal (&conv->a, &conv->b);
  for (guint i = 0; i < n; i++)
    {
      const LadderConversation *item = ladder_conversations_get_item (convs, i);
      if (ladder_addr_equal (&item->a, &item->b))
        return TRUE;
    }
  return FALSE;
}

/* With three hosts or more, the one most packets touch (the server of a
 * multi-client lesson) goes to the right edge, clients to its left, as
 * textbooks draw it; its calls lane then has the outer side to itself. */
static void
move_hub_last (LadderSeqModel *m)
{
  guint n = m->lifelines->len, hub = 0;
  g_autofree guint *touches = NULL;
  LadderSeqLifeline moved;

  if (n < 3)
    return;
  touches = g_new0 (guint, n);
  for (guint i = 0; i < m->arrows->len; i++)
    {
      LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      touches[a->from]++;
      touches[a->to]++;
    }
  for (guint i = 1; i < n; i++)
    if (touches[i] > touches[hub])
      hub = i;
  if (hub == n - 1)
    return;
  moved = g_array_index (m->lifelines, LadderSeqLifeline, hub);
  g_array_remove_index (m->lifelines, hub);
  g_array_append_val (m->lifelines, moved);
  for (guint i = 0; i < m->arrows->len; i++)
    {
      LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      a->from = a->from == (gint16) hub ? (gint16) (n - 1) : a->from > (gint16) hub ? a->from - 1 : a->from;
      a->to = a->to == (gint16) hub ? (gint16) (n - 1) : a->to > (gint16) hub ? a->to - 1 : a->to;
    }
}

/* Once lifelines are final: where each expired request died, when the
 * router that said so is drawn. */
static void
place_deaths (LadderSeqModel *m, GHashTable *expired)
{
  for (guint i = 0; i < m->arrows->len && g_hash_table_size (expired) > 0; i++)
    {
      LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      const LadderPingProbe *probe;

      if (a->expired && (probe = g_hash_table_lookup (expired, GSIZE_TO_POINTER ((gsize) a->frame))) != NULL)
        a->died_at = (gint16) lifeline_for (m, &probe->error_from, 0, FALSE);
    }
}

static void
collect (LadderDiagram *d, LadderSeqModel *m, const LadderConversation *conv)
{
  g_autoptr (GHashTable) expired = expired_requests (d);
  Collect c = { d, m, conv, needs_ports (d, conv), expired };
  guint64 n = ladder_analysis_get_n_frames (d->analysis);

  if (conv != NULL)
    {
      /* Put the initiator on the left. */
      lifeline_ensure (m, &conv->a, conv->a_port, c.by_port);
      lifeline_ensure (m, &conv->b, conv->b_port, c.by_port);
      collect_range (&c, conv->first_packet, MIN (n, conv->last_packet + 4096));
    }
  else
    {
      collect_range (&c, 1, n);
      move_hub_last (m);
    }
  ladder_seq_order_path (d, m);
  place_deaths (m, expired);
}

int
ladder_seq_conv_lifeline (LadderSeqModel *m, const LadderConversation *conv, int end)
{
  const LadderAddr *addr = end == 0 ? &conv->a : &conv->b;
  guint16 port = end == 0 ? conv->a_port : conv->b_port;

  for (guint i = 0; i < m->lifelines->len; i++)
    {
      LadderSeqLifeline *l = &g_array_index (m->lifelines, LadderSeqLifeline, i);
      if (ladder_addr_equal (&l->addr, addr) && (l->port == 0 || l->port == port))
        return (int) i;
    }
  return -1;
}

static const LadderConversation *
find_conversation (LadderDiagram *d, GError **error)
{
  LadderConversations *convs = ladder_analysis_get_conversations (d->analysis);
  guint n = convs != NULL ? ladder_conversations_get_n_items (convs) : 0;

  if (d->options.conversation < 0)
    return NULL;
  if ((guint) d->options.conversation >= n)
    {
      g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_RANGE,
                   _("no conversation %d (the capture has %u, numbered from 0)"),
                   d->options.conversation, n);
      return NULL;
    }
  return ladder_conversations_get_item (convs, (guint) d->options.conversation);
}

/* The one conversation every arrow belongs to, or NULL. */
static const LadderConversation *
single_conversation (LadderDiagram *d, LadderSeqModel *m, const LadderConversation *conv)
{
  LadderConversations *convs = ladder_analysis_get_conversations (d->analysis);
  gint found = -1;

  if (conv != NULL)
    return conv;
  for (guint i = 0; i < m->arrows->len; i++)
    {
      LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      gint c = ladder_analysis_get_frame_conversation (d->analysis, a->frame);
      if (c < 0 || (found >= 0 && c != found))
        return NULL;
      found = c;
    }
  return found < 0 ? NULL : ladder_conversations_get_item (convs, (guint) found);
}

static void
fill_dup_of (LadderSeqModel *m, const LadderConversation *conv)
{
  const LadderTcpFlagged *flagged;
  guint n = 0;

  flagged = ladder_tcp_conn_get_flagged (conv->tcp, &n);
  for (guint i = 0; i < n; i++)
    {
      LadderSeqArrow *a = ladder_seq_find_arrow (m, flagged[i].packet);
      if (a != NULL)
        a->dup_of = flagged[i].dup_of;
    }
}

static void
set_titles (LadderDiagram *d, LadderSeqModel *m, const LadderConversation *conv)
{
  char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN];
  const char *name;

  if (conv == NULL)
    {
      d->title = g_strdup_printf (ngettext ("Sequence of %u packet", "Sequence of %u packets", m->arrows->len),
                                  m->arrows->len);
      return;
    }
  ladder_addr_to_string (&conv->a, a);
  ladder_addr_to_string (&conv->b, b);
  name = ladder_port_name (conv->b_port, conv->proto);
  if (conv->proto == LADDER_IPPROTO_TCP || conv->proto == LADDER_IPPROTO_UDP)
    /* Translators: "TCP 10.0.1.2 port 41000 → 10.0.4.2 port 7 (echo)" */
    d->title = g_strdup_printf (_("%s %s port %u \u2192 %s port %u%s%s%s"),
                                conv->proto == LADDER_IPPROTO_TCP ? "TCP" : "UDP", a, conv->a_port, b,
                                conv->b_port, name ? " (" : "", name ? name : "", name ? ")" : "");
  else
    d->title = g_strdup_printf ("%s %s \u2192 %s", conv->proto == LADDER_IPPROTO_ICMPV6 ? "ICMPv6" : "ICMP", a, b);
}

static void
set_subtitle (LadderDiagram *d, LadderSeqModel *m, const LadderConversation *tcp_conv)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, ngettext ("%u packet", "%u packets", m->arrows->len), m->arrows->len);
  if (m->truncated)
    {
      g_string_append_c (s, ' ');
      g_string_append_printf (s, _("(the first %u; pick one conversation to see the rest)"),
                              d->options.max_packets);
    }
  if (m->background > 0)
    {
      g_string_append (s, " \u00b7 ");
      g_string_append_printf (s, ngettext ("%u multicast and neighbour-discovery packet not drawn",
                                           "%u multicast and neighbour-discovery packets not drawn",
                                           m->background), m->background);
    }
  if (m->hidden > 0)
    {
      g_string_append (s, " \u00b7 ");
      g_string_append_printf (s, _("%u more between further hosts not drawn (%u hosts at most)"),
                              m->hidden, MAX_LIFELINES);
    }
  if (tcp_conv != NULL && ladder_tcp_conn_handshake_complete (tcp_conv->tcp))
    {
      g_string_append (s, " \u00b7 ");
      g_string_append_printf (s, _("handshake RTT %.3f ms"), ladder_tcp_conn_handshake_rtt_ms (tcp_conv->tcp));
    }
  g_string_append (s, " \u00b7 ");
  g_string_append (s, d->options.compressed ? _("time runs down, one row per event")
                                            : _("time runs down, proportional"));
  m->subtitle = g_string_free (s, FALSE);
}

gboolean
ladder_seq_build (LadderDiagram *d, GError **error)
{
  g_autoptr (GError) local = NULL;
  const LadderConversation *conv = find_conversation (d, &local);
  const LadderConversation *tcp_conv, *single;
  LadderSeqModel *m;

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  m = seq_model_new ();
  d->model = m;
  d->klass = &ladder_seq_class;
  collect (d, m, conv);
  single = single_conversation (d, m, conv);
  tcp_conv = single != NULL && single->tcp != NULL ? single : NULL;
  if (tcp_conv != NULL)
    fill_dup_of (m, tcp_conv);
  /* Bands need lifelines 0 and 1 to be the connection's client and server. */
  if (tcp_conv != NULL && (m->lifelines->len != 2
                           || !ladder_addr_equal (&g_array_index (m->lifelines, LadderSeqLifeline, 0).addr,
                                                  &tcp_conv->a)))
    tcp_conv = NULL;
  set_titles (d, m, single);
  set_subtitle (d, m, tcp_conv);
  if (m->arrows->len == 0)
    m->empty_text = g_strdup (_("No IP packets to draw."));
  ladder_seq_add_calls (d, m, conv);
  if (tcp_conv != NULL)
    ladder_seq_add_kernel_bands (d, m, tcp_conv);
  ladder_seq_name_lifelines (d, m, conv != NULL ? conv : tcp_conv);
  ladder_seq_layout (d, m, tcp_conv);
  return TRUE;
}
