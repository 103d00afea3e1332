/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-traceroute.c: LadderTraceroute on real captures (checked against
 * what traceroute printed for the same run) and on hand-built frames. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ladder-reader.h"
#include "ladder-sightings.h"
#include "ladder-test-util.h"
#include "ladder-traceroute.h"

/* Fixtures. */


static void
add_frame (const LadderFrame *frame, gpointer trace)
{
  ladder_traceroute_add_frame (trace, frame);
}

/* Feeds every record, in file order or reversed (the analysis must not care). */
static LadderTraceroute *
analyse_records (GPtrArray *records, gboolean reverse)
{
  LadderTraceroute *trace = ladder_traceroute_new ();

  ladder_test_feed_records (records, reverse, add_frame, trace);
  ladder_traceroute_finish (trace);
  return trace;
}

static char *
trace_json (LadderTraceroute *trace)
{
  g_autoptr (LadderJson) json = ladder_json_new (FALSE);
  ladder_traceroute_write_json (trace, json);
  return ladder_json_steal_text (json);
}

/* What traceroute printed. */

typedef struct
{
  gboolean answered;
  char     responder[64];
  double   rtt_ms;
  char     mark[8];
} TextProbe;

typedef struct
{
  guint   ttl;
  GArray *probes;   /* TextProbe */
  char   *line;     /* RTTs blanked, for comparing with our text */
} TextHop;

typedef struct
{
  char       dst[64];
  GPtrArray *hops;  /* TextHop */
} TraceText;

static void
text_hop_free (gpointer p)
{
  TextHop *hop = p;
  g_array_free (hop->probes, TRUE);
  g_free (hop->line);
  g_free (hop);
}

static char *
blank_rtts (const char *line)
{
  g_autoptr (GRegex) regex = g_regex_new ("[0-9]+\\.[0-9]+ ms", 0, 0, NULL);
  return g_regex_replace_literal (regex, line, -1, 0, "RTT", 0, NULL);
}

/* " 1  10.0.0.1  0.224 ms  0.204 ms *" */
static TextHop *
parse_hop (const char *line)
{
  g_auto (GStrv) tokens = g_strsplit_set (line, " ", -1);
  TextHop *hop = g_new0 (TextHop, 1);
  char responder[64] = "";
  gboolean have_ttl = FALSE;

  hop->probes = g_array_new (FALSE, TRUE, sizeof (TextProbe));
  hop->line = blank_rtts (line);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *tok = tokens[i];
      TextProbe probe = { 0 };

      if (*tok == '\0')
        continue;
      if (!have_ttl)
        {
          hop->ttl = (guint) g_ascii_strtoull (tok, NULL, 10);
          have_ttl = TRUE;
        }
      else if (strcmp (tok, "*") == 0)
        g_array_append_val (hop->probes, probe);
      else if (tok[0] == '!')
        {
          g_assert_cmpuint (hop->probes->len, >, 0);
          g_strlcpy (g_array_index (hop->probes, TextProbe, hop->probes->len - 1).mark, tok, 8);
        }
      else if (tokens[i + 1] != NULL && strcmp (tokens[i + 1], "ms") == 0)
        {
          probe.answered = TRUE;
          probe.rtt_ms = g_ascii_strtod (tok, NULL);
          g_strlcpy (probe.responder, responder, sizeof probe.responder);
          g_array_append_val (hop->probes, probe);
          i++;
        }
      else
        g_strlcpy (responder, tok, sizeof responder);
    }
  g_assert_true (have_ttl);
  return hop;
}

static TraceText *
load_trace_text (const char *name)
{
  g_autofree char *path = ladder_test_data_path (name);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  TraceText *text = g_new0 (TraceText, 1);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  text->hops = g_ptr_array_new_with_free_func (text_hop_free);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpint (sscanf (lines[0], "traceroute to %63s", text->dst), ==, 1);
  for (guint i = 1; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (text->hops, parse_hop (lines[i]));
  g_assert_cmpuint (text->hops->len, >, 0);
  return text;
}

static void
trace_text_free (TraceText *text)
{
  g_ptr_array_free (text->hops, TRUE);
  g_free (text);
}

typedef struct
{
  const char *name;
  LadderTracerouteMethod method;
  guint8 ip_version;
  LadderTracerouteReply final;  /* what the last hop answered */
  gboolean parallel;            /* traceroute's default -N 16: probes past the end */
  gboolean reached;
} Fixture;

static const Fixture fixtures[] = {
  { "traceroute-udp-v4", LADDER_TRACEROUTE_UDP, 4, LADDER_TRACEROUTE_REPLY_PORT_UNREACHABLE, TRUE, TRUE },
  { "traceroute-icmp-v4", LADDER_TRACEROUTE_ICMP, 4, LADDER_TRACEROUTE_REPLY_ECHO_REPLY, TRUE, TRUE },
  { "traceroute-tcp-v4", LADDER_TRACEROUTE_TCP, 4, LADDER_TRACEROUTE_REPLY_SYN_ACK, TRUE, TRUE },
  { "traceroute-udp-v6", LADDER_TRACEROUTE_UDP, 6, LADDER_TRACEROUTE_REPLY_PORT_UNREACHABLE, TRUE, TRUE },
  { "traceroute-icmp-v6", LADDER_TRACEROUTE_ICMP, 6, LADDER_TRACEROUTE_REPLY_ECHO_REPLY, FALSE, TRUE },
  { "traceroute-tcp-v6", LADDER_TRACEROUTE_TCP, 6, LADDER_TRACEROUTE_REPLY_RST, TRUE, TRUE },
  { "traceroute-q1-m8", LADDER_TRACEROUTE_UDP, 4, LADDER_TRACEROUTE_REPLY_PORT_UNREACHABLE, TRUE, TRUE },
  { "traceroute-unanswered", LADDER_TRACEROUTE_UDP, 4, LADDER_TRACEROUTE_REPLY_PORT_UNREACHABLE, TRUE, TRUE },
  { "traceroute-mixed", LADDER_TRACEROUTE_UDP, 4, LADDER_TRACEROUTE_REPLY_PORT_UNREACHABLE, TRUE, TRUE },
  { "traceroute-unreachable", LADDER_TRACEROUTE_UDP, 4, LADDER_TRACEROUTE_REPLY_HOST_UNREACHABLE, TRUE, FALSE },
  { "traceroute-unreachable-v6", LADDER_TRACEROUTE_UDP, 6, LADDER_TRACEROUTE_REPLY_PROHIBITED, TRUE, FALSE },
  /* Captured on both links of r1, no interface names: each probe past r1
   * (and each answer from beyond it) is in the file twice. */
  { "traceroute-router-links", LADDER_TRACEROUTE_UDP, 4, LADDER_TRACEROUTE_REPLY_PORT_UNREACHABLE, TRUE, TRUE },
  { "traceroute-router-links-v6", LADDER_TRACEROUTE_ICMP, 6, LADDER_TRACEROUTE_REPLY_ECHO_REPLY, TRUE, TRUE },
};

static void
check_probe (const LadderTracerouteRun *run, const LadderTracerouteHop *hop,
             const LadderTracerouteProbe *probe, const TextProbe *tp, const Fixture *fx)
{
  char responder[LADDER_ADDR_STRLEN];
  gboolean last_hop = hop == &run->hops[run->n_hops - 1];

  g_assert_cmpuint (probe->ttl, ==, hop->ttl);
  g_assert_cmpint (probe->reply != 0, ==, tp->answered);
  if (!tp->answered)
    {
      g_assert_cmpint (probe->reply_type, ==, LADDER_TRACEROUTE_REPLY_NONE);
      g_assert_cmpuint (probe->responder.family, ==, 0);
      g_assert_true (isnan (probe->rtt_ms));
      return;
    }
  g_assert_cmpuint (probe->reply, >, probe->probe);
  g_assert_cmpstr (ladder_addr_to_string (&probe->responder, responder), ==, tp->responder);
  g_assert_cmpint (probe->reply_type, ==,
                   last_hop ? fx->final : LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED);
  /* traceroute times from its own send call to its receive timestamp, so
   * the wire's RTT is never longer (microsecond timestamps: 2 µs slack). */
  g_assert_false (probe->rtt_negative);
  g_assert_cmpfloat (probe->rtt_ms, >=, 0.0);
  g_assert_cmpfloat (probe->rtt_ms, <=, tp->rtt_ms + 0.002);
  g_assert_cmpuint (probe->duplicates, ==, 0);
}

static void
check_run_against_text (const LadderTracerouteRun *run, const TraceText *text, const Fixture *fx)
{
  char dst[LADDER_ADDR_STRLEN];
  guint stars = 0, text_stars = 0;

  g_assert_cmpint (run->method, ==, fx->method);
  g_assert_cmpuint (run->ip_version, ==, fx->ip_version);
  g_assert_cmpstr (ladder_addr_to_string (&run->dst, dst), ==, text->dst);
  g_assert_cmpint (run->reached, ==, fx->reached);
  g_assert_cmpuint (run->first_ttl, ==, 1);
  g_assert_cmpuint (run->n_hops, ==, text->hops->len);
  for (guint i = 0; i < run->n_hops; i++)
    {
      const LadderTracerouteHop *hop = &run->hops[i];
      const TextHop *th = g_ptr_array_index (text->hops, i);

      g_assert_cmpuint (hop->ttl, ==, th->ttl);
      g_assert_cmpuint (hop->n_probes, ==, th->probes->len);
      for (guint j = 0; j < hop->n_probes; j++)
        {
          const TextProbe *tp = &g_array_index (th->probes, TextProbe, j);
          check_probe (run, hop, &hop->probes[j], tp, fx);
          stars += hop->probes[j].reply == 0;
          text_stars += !tp->answered;
        }
    }
  g_assert_cmpuint (stars, ==, text_stars);
  /* No hop past the destination, however many probes went beyond it. */
  if (fx->parallel)
    g_assert_cmpuint (run->probes_past_end, >, 0);
  else
    g_assert_cmpuint (run->probes_past_end, ==, 0);
  g_assert_cmpuint (run->n_probes, >=, run->probes_past_end);
  for (guint i = run->n_probes - run->probes_past_end; i < run->n_probes; i++)
    g_assert_cmpuint (run->probes[i].ttl, >, run->hops[run->n_hops - 1].ttl);
}

/* Our hop lines are traceroute's, RTT values aside. */
static void
check_text_output (LadderTraceroute *trace, const TraceText *text, const Fixture *fx)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_auto (GStrv) lines = NULL;

  ladder_traceroute_write_text (trace, out);
  lines = g_strsplit (out->str, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "traceroute to "));
  for (guint i = 0; i < text->hops->len; i++)
    {
      g_autofree char *ours = NULL;

      g_assert_nonnull (lines[i + 1]);
      ours = blank_rtts (lines[i + 1]);
      g_assert_cmpstr (ours, ==, ((TextHop *) g_ptr_array_index (text->hops, i))->line);
    }
  g_assert_true (g_str_has_prefix (lines[text->hops->len + 1],
                                   fx->reached ? "destination reached" : "destination not reached"));
}

static void
test_fixture (gconstpointer data)
{
  const Fixture *fx = data;
  g_autofree char *pcap = g_strconcat (fx->name, ".pcap", NULL);
  g_autofree char *txt = g_strconcat (fx->name, ".txt", NULL);
  g_autoptr (GPtrArray) records = ladder_test_load_fixture (pcap);
  g_autoptr (LadderTraceroute) trace = analyse_records (records, FALSE);
  g_autoptr (LadderTraceroute) reversed = analyse_records (records, TRUE);
  g_autofree char *json = trace_json (trace);
  g_autofree char *json_reversed = trace_json (reversed);
  TraceText *text = load_trace_text (txt);

  g_assert_cmpuint (ladder_traceroute_get_n_runs (trace), ==, 1);
  check_run_against_text (ladder_traceroute_get_run (trace, 0), text, fx);
  check_text_output (trace, text, fx);
  g_assert_cmpstr (json, ==, json_reversed);
  trace_text_free (text);
}

/* The router-links capture really holds each probe past r1 twice (the
 * copy one TTL lower, on the other link), and the run counts it once, at
 * the TTL it was sent with. */
static void
test_router_links_copies (void)
{
  g_autoptr (GPtrArray) records = ladder_test_load_fixture ("traceroute-router-links.pcap");
  g_autoptr (LadderTraceroute) trace = analyse_records (records, FALSE);
  const LadderTracerouteRun *run;
  g_autoptr (GHashTable) ids = g_hash_table_new (NULL, NULL);
  guint probe_frames = 0, copies_seen = 0;

  for (guint k = 0; k < records->len; k++)
    {
      const LadderTestRecord *rec = g_ptr_array_index (records, k);
      LadderPacket pkt;

      ladder_packet_decode (&pkt, rec->linktype, g_bytes_get_data (rec->data, NULL),
                            rec->caplen, rec->wirelen, NULL);
      if (!(pkt.layers & LADDER_LAYER_UDP) || pkt.ip_version != 4 || pkt.dport < 33434)
        continue;
      probe_frames++;
      if (g_hash_table_contains (ids, GUINT_TO_POINTER (pkt.ip_id + 1)))
        copies_seen++;
      g_hash_table_add (ids, GUINT_TO_POINTER (pkt.ip_id + 1));
    }
  g_assert_cmpuint (ladder_traceroute_get_n_runs (trace), ==, 1);
  run = ladder_traceroute_get_run (trace, 0);
  g_assert_cmpuint (copies_seen, >=, 9);   /* every probe of TTL 2 to 4 */
  g_assert_cmpuint (run->n_probes, ==, probe_frames - copies_seen);
  /* No probe of the run was left at its copy's TTL: hop 1 has only r1's answers. */
  for (guint i = 0; i < run->hops[0].n_probes; i++)
    g_assert_cmpuint (run->hops[0].probes[i].reply_type, ==, LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED);
  for (guint i = 0; i < run->n_probes; i++)
    g_assert_cmpuint (run->probes[i].duplicates, ==, 0);
}

/* LadderCopies on the fixture's frames: a copy at a lower TTL folds, the
 * same frame repeated at the same TTL (a retransmission) does not, nor a
 * lower-TTL frame seen before the higher one. */
static void
test_copies_rules (void)
{
  g_autoptr (GPtrArray) records = ladder_test_load_fixture ("traceroute-udp-v4.pcap");
  g_autoptr (LadderCopies) copies = ladder_copies_new ();
  const LadderTestRecord *rec = NULL;
  LadderPacket pkt, lower;
  guint8 *bytes;
  LadderFrame frame = { 0 };

  for (guint k = 0; k < records->len && rec == NULL; k++)
    {
      const LadderTestRecord *r = g_ptr_array_index (records, k);

      ladder_packet_decode (&pkt, r->linktype, g_bytes_get_data (r->data, NULL), r->caplen, r->wirelen, NULL);
      if ((pkt.layers & LADDER_LAYER_UDP) && pkt.ttl > 1)
        rec = r;
    }
  g_assert_nonnull (rec);
  bytes = g_memdup2 (g_bytes_get_data (rec->data, NULL), rec->caplen);
  frame.pkt = &pkt;
  frame.data = bytes;
  /* 1: the original; 2: its repeat at the same TTL; 3: a copy one lower. */
  for (guint64 n = 1; n <= 3; n++)
    {
      if (n == 3)
        bytes[pkt.ip_off + 8]--;
      ladder_packet_decode (n == 3 ? &lower : &pkt, rec->linktype, bytes, rec->caplen, rec->wirelen, NULL);
      frame.pkt = n == 3 ? &lower : &pkt;
      frame.number = n;
      frame.ts_ns = rec->ts_ns + (gint64) n * 1000;
      ladder_copies_add (copies, &frame, FALSE);
    }
  /* 4: a copy two lower, but timestamped before the original: not forwarded. */
  bytes[pkt.ip_off + 8]--;
  ladder_packet_decode (&lower, rec->linktype, bytes, rec->caplen, rec->wirelen, NULL);
  frame.number = 4;
  frame.ts_ns = rec->ts_ns - 1000;
  ladder_copies_add (copies, &frame, FALSE);
  ladder_copies_finish (copies);
  g_assert_false (ladder_copies_is_copy (copies, 1));
  g_assert_false (ladder_copies_is_copy (copies, 2));
  g_assert_true (ladder_copies_is_copy (copies, 3));
  g_assert_false (ladder_copies_is_copy (copies, 4));
  g_assert_cmpuint (ladder_copies_get_n_copies (copies), ==, 1);
  g_free (bytes);
}

/* Pings (constant TTL, even ping -t 2) and ordinary TCP connections are
 * never traceroutes. */
static void
test_not_traceroutes (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", NULL);
  g_autoptr (GDir) gdir = g_dir_open (dir, 0, NULL);
  const char *name;
  guint checked = 0;

  g_assert_nonnull (gdir);
  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr (GPtrArray) records = NULL;
      g_autoptr (LadderTraceroute) trace = NULL;

      if (!(g_str_has_prefix (name, "ping-") || g_str_has_prefix (name, "tcp-"))
          || !(g_str_has_suffix (name, ".pcap") || g_str_has_suffix (name, ".pcapng")))
        continue;
      path = g_build_filename (dir, name, NULL);
      records = ladder_test_load_records (path);
      trace = analyse_records (records, FALSE);
      if (ladder_traceroute_get_n_runs (trace) != 0)
        g_error ("%s: %u traceroutes found in a capture that has none", name,
                 ladder_traceroute_get_n_runs (trace));
      checked++;
    }
  g_assert_cmpuint (checked, >=, 8);
}

/* Hand-built frames. */

static LadderPacket
ip_packet (const char *src, const char *dst, guint8 ttl, guint8 proto)
{
  LadderPacket pkt = { 0 };

  g_assert_true (ladder_addr_parse (src, &pkt.src));
  g_assert_true (ladder_addr_parse (dst, &pkt.dst));
  pkt.ip_version = pkt.src.family;
  pkt.layers = pkt.ip_version == 6 ? LADDER_LAYER_IPV6 : LADDER_LAYER_IPV4;
  pkt.ip_proto = proto;
  pkt.ttl = ttl;
  return pkt;
}

static LadderPacket
udp (const char *src, const char *dst, guint8 ttl, guint16 sport, guint16 dport, guint32 ip_id)
{
  LadderPacket pkt = ip_packet (src, dst, ttl, 17);

  pkt.layers |= LADDER_LAYER_UDP;
  pkt.sport = sport;
  pkt.dport = dport;
  pkt.ip_id = pkt.ip_version == 4 ? ip_id : 0;
  return pkt;
}

static LadderPacket
tcp (const char *src, const char *dst, guint8 ttl, guint16 sport, guint16 dport,
     guint16 flags, guint32 seq, guint32 ack)
{
  LadderPacket pkt = ip_packet (src, dst, ttl, 6);

  pkt.layers |= LADDER_LAYER_TCP;
  pkt.sport = sport;
  pkt.dport = dport;
  pkt.tcp_flags = flags;
  pkt.seq = seq;
  pkt.ack = ack;
  return pkt;
}

static LadderPacket
echo (const char *src, const char *dst, guint8 ttl, gboolean request, guint16 id, guint16 seq)
{
  gboolean v6 = strchr (src, ':') != NULL;
  LadderPacket pkt = ip_packet (src, dst, ttl, v6 ? 58 : 1);

  pkt.layers |= v6 ? LADDER_LAYER_ICMPV6 : LADDER_LAYER_ICMP;
  pkt.icmp_type = v6 ? (request ? 128 : 129) : (request ? 8 : 0);
  /* The decoders fill the kind; so does this stand-in for them. */
  pkt.icmp_kind = ladder_icmp_kind (v6 ? 6 : 4, pkt.icmp_type);
  pkt.icmp_id = id;
  pkt.icmp_seq = seq;
  return pkt;
}

/* An ICMP error from FROM quoting ORIG.  For v4, TYPE/CODE are ICMP's; for
 * v6, ICMPv6's. */
static LadderPacket
error_about (const char *from, const LadderPacket *orig, guint8 type, guint8 code)
{
  LadderPacket pkt = ip_packet (from, "::", 64, orig->ip_version == 6 ? 58 : 1);
  LadderQuoted *q = &pkt.quoted;

  pkt.dst = orig->src;
  pkt.layers |= orig->ip_version == 6 ? LADDER_LAYER_ICMPV6 : LADDER_LAYER_ICMP;
  pkt.icmp_type = type;
  pkt.icmp_code = code;
  pkt.icmp_kind = ladder_icmp_kind (orig->ip_version, type);
  q->present = TRUE;
  q->ip_version = orig->ip_version;
  q->ip_proto = orig->ip_proto;
  q->ttl = 1;
  q->ip_id = orig->ip_id;
  q->src = orig->src;
  q->dst = orig->dst;
  q->has_ports = (orig->layers & (LADDER_LAYER_UDP | LADDER_LAYER_TCP)) != 0;
  q->sport = orig->sport;
  q->dport = orig->dport;
  q->has_tcp_seq = (orig->layers & LADDER_LAYER_TCP) != 0;
  q->tcp_seq = orig->seq;
  q->has_icmp = (orig->layers & (LADDER_LAYER_ICMP | LADDER_LAYER_ICMPV6)) != 0;
  q->icmp_type = orig->icmp_type;
  q->icmp_kind = orig->icmp_kind;
  q->icmp_id = orig->icmp_id;
  q->icmp_seq = orig->icmp_seq;
  return pkt;
}

static void
add (LadderTraceroute *trace, guint64 number, gint64 ts_us, const LadderPacket *pkt)
{
  LadderFrame frame = { number, ts_us * 1000, 0, pkt, NULL };
  ladder_traceroute_add_frame (trace, &frame);
}

static const char *const routers[] = { "10.1.0.1", "10.1.1.1", "10.1.2.1" };
#define DST "10.9.9.9"
#define SRC "10.1.0.2"

/* Parallel probes, three per TTL for TTL 1..5, the destination three hops
 * away; replies arrive in reverse order.  Every reply still finds its probe. */
static LadderTraceroute *
parallel_udp (gboolean reverse_feed)
{
  LadderTraceroute *trace = ladder_traceroute_new ();
  LadderPacket probes[15], replies[15];
  for (guint i = 0; i < 15; i++)
    {
      guint ttl = i / 3 + 1;
      probes[i] = udp (SRC, DST, ttl, 40000 + i * 7, 33434 + i, 500 + i);
      replies[i] = ttl < 3 ? error_about (routers[ttl - 1], &probes[i], 11, 0)
                           : error_about (DST, &probes[i], 3, 3);
    }
  for (guint k = 0; k < 30; k++)
    {
      /* frames 1..15 probes at 0..14 µs, frames 16..30 replies, last probe's reply first */
      guint i = reverse_feed ? 29 - k : k;
      if (i < 15)
        add (trace, i + 1, 1000 + i, &probes[i]);
      else
        add (trace, i + 1, 2000 + (i - 15) * 10, &replies[29 - i]);
    }
  ladder_traceroute_finish (trace);
  return trace;
}

static void
check_parallel_udp (LadderTraceroute *trace)
{
  const LadderTracerouteRun *run;
  char addr[LADDER_ADDR_STRLEN];

  g_assert_cmpuint (ladder_traceroute_get_n_runs (trace), ==, 1);
  run = ladder_traceroute_get_run (trace, 0);
  g_assert_cmpint (run->method, ==, LADDER_TRACEROUTE_UDP);
  g_assert_true (run->reached);
  g_assert_cmpuint (run->n_hops, ==, 3);
  g_assert_cmpuint (run->max_ttl, ==, 5);
  g_assert_cmpuint (run->probes_past_end, ==, 6);
  for (guint h = 0; h < 3; h++)
    {
      const LadderTracerouteHop *hop = &run->hops[h];

      g_assert_cmpuint (hop->ttl, ==, h + 1);
      g_assert_cmpuint (hop->n_probes, ==, 3);
      for (guint j = 0; j < 3; j++)
        {
          guint i = h * 3 + j;
          const LadderTracerouteProbe *probe = &hop->probes[j];

          g_assert_cmpuint (probe->probe, ==, i + 1);
          /* reply to probe i is frame 30 - i, sent at 2000 + (14 - i) * 10 µs */
          g_assert_cmpuint (probe->reply, ==, 30 - i);
          g_assert_cmpfloat_with_epsilon (probe->rtt_ms, (1000 + (14 - i) * 10 - i) / 1000.0, 1e-9);
          g_assert_cmpstr (ladder_addr_to_string (&probe->responder, addr), ==,
                           h < 2 ? routers[h] : DST);
          g_assert_cmpint (probe->reply_type, ==, h < 2 ? LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED
                                                        : LADDER_TRACEROUTE_REPLY_PORT_UNREACHABLE);
        }
    }
}

static void
test_parallel_reordered (void)
{
  g_autoptr (LadderTraceroute) forward = parallel_udp (FALSE);
  g_autoptr (LadderTraceroute) backward = parallel_udp (TRUE);
  g_autofree char *a = trace_json (forward);
  g_autofree char *b = trace_json (backward);

  check_parallel_udp (forward);
  check_parallel_udp (backward);
  g_assert_cmpstr (a, ==, b);
}

/* Classic traceroute: one source port for every probe, so UDP ports are
 * not enough; the quoted IPv4 id tells the probes apart. */
static void
test_same_ports_ip_id (void)
{
  g_autoptr (LadderTraceroute) trace = ladder_traceroute_new ();
  LadderPacket p1 = udp (SRC, DST, 1, 33000, 53, 11);
  LadderPacket p2 = udp (SRC, DST, 2, 33000, 53, 12);
  LadderPacket r2 = error_about (routers[1], &p2, 11, 0);
  LadderPacket r1 = error_about (routers[0], &p1, 11, 0);
  const LadderTracerouteRun *run;
  char addr[LADDER_ADDR_STRLEN];

  add (trace, 1, 100, &p1);
  add (trace, 2, 101, &p2);
  add (trace, 3, 150, &r2);
  add (trace, 4, 160, &r1);
  ladder_traceroute_finish (trace);
  run = ladder_traceroute_get_run (trace, 0);
  g_assert_cmpuint (run->n_hops, ==, 2);
  g_assert_false (run->reached);
  g_assert_cmpuint (run->hops[0].probes[0].reply, ==, 4);
  g_assert_cmpstr (ladder_addr_to_string (&run->hops[0].probes[0].responder, addr), ==, routers[0]);
  g_assert_cmpuint (run->hops[1].probes[0].reply, ==, 3);
}

/* TCP: SYN-ACK matched by 4-tuple and ack == seq + 1; the sender's own RST
 * and an ordinary connection to the same host are not probes. */
static void
test_tcp_syn_ack_and_noise (void)
{
  g_autoptr (LadderTraceroute) trace = ladder_traceroute_new ();
  LadderPacket s1 = tcp (SRC, DST, 1, 50001, 80, LADDER_TCP_SYN, 1000, 0);
  LadderPacket s2 = tcp (SRC, DST, 2, 50002, 80, LADDER_TCP_SYN, 2000, 0);
  LadderPacket s3 = tcp (SRC, DST, 3, 50003, 80, LADDER_TCP_SYN, 3000, 0);
  LadderPacket e1 = error_about (routers[0], &s1, 11, 0);
  LadderPacket e2 = error_about (routers[1], &s2, 11, 0);
  LadderPacket wrong_ack = tcp (DST, SRC, 60, 80, 50003, LADDER_TCP_SYN | LADDER_TCP_ACK, 9, 3005);
  LadderPacket synack = tcp (DST, SRC, 60, 80, 50003, LADDER_TCP_SYN | LADDER_TCP_ACK, 9, 3001);
  LadderPacket own_rst = tcp (SRC, DST, 64, 50003, 80, LADDER_TCP_RST, 3001, 0);
  LadderPacket conn_syn = tcp (SRC, DST, 64, 50100, 80, LADDER_TCP_SYN, 7000, 0);
  LadderPacket conn_synack = tcp (DST, SRC, 60, 80, 50100, LADDER_TCP_SYN | LADDER_TCP_ACK, 5, 7001);
  LadderPacket conn_ack = tcp (SRC, DST, 64, 50100, 80, LADDER_TCP_ACK, 7001, 6);
  const LadderTracerouteRun *run;

  add (trace, 1, 10, &conn_syn);     /* an ordinary connection before ... */
  add (trace, 2, 11, &conn_synack);
  add (trace, 3, 12, &conn_ack);
  add (trace, 4, 100, &s1);
  add (trace, 5, 101, &s2);
  add (trace, 6, 102, &conn_syn);    /* ... and one in the middle */
  add (trace, 7, 103, &s3);
  add (trace, 8, 110, &e1);
  add (trace, 9, 111, &e2);
  add (trace, 10, 112, &wrong_ack);
  add (trace, 11, 113, &synack);
  add (trace, 12, 114, &own_rst);
  ladder_traceroute_finish (trace);

  g_assert_cmpuint (ladder_traceroute_get_n_runs (trace), ==, 1);
  run = ladder_traceroute_get_run (trace, 0);
  g_assert_cmpint (run->method, ==, LADDER_TRACEROUTE_TCP);
  g_assert_cmpuint (run->n_probes, ==, 3);
  g_assert_cmpuint (run->n_hops, ==, 3);
  g_assert_true (run->reached);
  g_assert_cmpuint (run->hops[2].probes[0].reply, ==, 11);
  g_assert_cmpint (run->hops[2].probes[0].reply_type, ==, LADDER_TRACEROUTE_REPLY_SYN_ACK);
  g_assert_cmpuint (run->hops[0].probes[0].reply, ==, 8);
  g_assert_cmpuint (run->first_frame, ==, 4);
}

static void
test_tcp_rst_v6 (void)
{
  g_autoptr (LadderTraceroute) trace = ladder_traceroute_new ();
  LadderPacket s1 = tcp ("fd00::2", "fd00:3::2", 1, 40001, 81, LADDER_TCP_SYN, 100, 0);
  LadderPacket s2 = tcp ("fd00::2", "fd00:3::2", 2, 40002, 81, LADDER_TCP_SYN, 200, 0);
  LadderPacket e1 = error_about ("fd00::1", &s1, 3, 0);
  LadderPacket rst = tcp ("fd00:3::2", "fd00::2", 63, 81, 40002, LADDER_TCP_RST | LADDER_TCP_ACK, 0, 201);
  const LadderTracerouteRun *run;

  add (trace, 1, 100, &s1);
  add (trace, 2, 101, &s2);
  add (trace, 3, 110, &e1);
  add (trace, 4, 111, &rst);
  ladder_traceroute_finish (trace);
  run = ladder_traceroute_get_run (trace, 0);
  g_assert_cmpuint (run->ip_version, ==, 6);
  g_assert_true (run->reached);
  g_assert_cmpint (run->hops[0].probes[0].reply_type, ==, LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED);
  g_assert_cmpint (run->hops[1].probes[0].reply_type, ==, LADDER_TRACEROUTE_REPLY_RST);
}

/* Echo probes: two traceroutes one after the other are two runs; a ping
 * with the same identifier but constant TTL is not a run; ping -t 2 is not. */
static void
test_icmp_runs (void)
{
  g_autoptr (LadderTraceroute) trace = ladder_traceroute_new ();
  guint64 n = 1;
  gint64 t = 0;

  for (guint round = 0; round < 2; round++)
    for (guint ttl = 1; ttl <= 3; ttl++)
      {
        guint16 seq = round * 10 + ttl;
        LadderPacket probe = echo (SRC, DST, ttl, TRUE, 42, seq);
        LadderPacket reply = ttl < 3 ? error_about (routers[ttl - 1], &probe, 11, 0)
                                     : echo (DST, SRC, 62, FALSE, 42, seq);
        add (trace, n++, t += 10, &probe);
        add (trace, n++, t += 10, &reply);
      }
  for (guint seq = 1; seq <= 3; seq++)
    {
      LadderPacket ping = echo (SRC, DST, 64, TRUE, 43, seq);
      LadderPacket pong = echo (DST, SRC, 62, FALSE, 43, seq);
      LadderPacket ping_t2 = echo (SRC, DST, 2, TRUE, 44, seq);
      LadderPacket te = error_about (routers[1], &ping_t2, 11, 0);
      add (trace, n++, t += 10, &ping);
      add (trace, n++, t += 10, &pong);
      add (trace, n++, t += 10, &ping_t2);
      add (trace, n++, t += 10, &te);
    }
  ladder_traceroute_finish (trace);

  g_assert_cmpuint (ladder_traceroute_get_n_runs (trace), ==, 2);
  for (guint r = 0; r < 2; r++)
    {
      const LadderTracerouteRun *run = ladder_traceroute_get_run (trace, r);
      g_assert_cmpint (run->method, ==, LADDER_TRACEROUTE_ICMP);
      g_assert_cmpuint (run->icmp_id, ==, 42);
      g_assert_cmpuint (run->n_hops, ==, 3);
      g_assert_true (run->reached);
      g_assert_cmpint (run->hops[2].probes[0].reply_type, ==, LADDER_TRACEROUTE_REPLY_ECHO_REPLY);
      g_assert_cmpuint (run->hops[0].probes[0].probe, ==, r == 0 ? 1 : 7);
    }
}

/* A router that says nothing, an error whose quote is missing, a router
 * that answers "net unreachable" (hops stop there, not reached), probes to
 * a multicast group (never a traceroute) and an unrelated ICMP error. */
static void
test_unanswered_and_unreachable (void)
{
  g_autoptr (LadderTraceroute) trace = ladder_traceroute_new ();
  LadderPacket p[5], e;
  LadderPacket mc1 = udp (SRC, "239.255.255.250", 1, 5000, 1900, 1);
  LadderPacket mc2 = udp (SRC, "239.255.255.250", 2, 5000, 1900, 2);
  LadderPacket stranger = udp ("10.5.5.5", DST, 1, 1, 2, 3);
  LadderPacket unrelated = error_about (routers[0], &stranger, 11, 0);
  const LadderTracerouteRun *run;
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < 5; i++)
    p[i] = udp (SRC, DST, i + 1, 41000 + i, 33434 + i, 900 + i);
  add (trace, 1, 100, &p[0]);
  add (trace, 2, 101, &p[1]);
  add (trace, 3, 102, &p[2]);
  add (trace, 4, 103, &p[3]);
  add (trace, 5, 104, &p[4]);
  add (trace, 6, 105, &mc1);
  add (trace, 7, 106, &mc2);
  e = error_about (routers[0], &p[0], 11, 0);
  e.quoted.present = FALSE;         /* an error with nothing quoted: cannot be matched */
  add (trace, 8, 110, &e);
  /* p[1] (TTL 2) gets no answer at all */
  e = error_about (routers[2], &p[2], 3, 0);
  add (trace, 9, 112, &e);
  e = error_about (routers[2], &p[3], 3, 0);
  add (trace, 10, 113, &e);
  add (trace, 11, 114, &unrelated);
  ladder_traceroute_finish (trace);

  g_assert_cmpuint (ladder_traceroute_get_n_runs (trace), ==, 1);
  run = ladder_traceroute_get_run (trace, 0);
  g_assert_false (run->reached);
  g_assert_cmpuint (run->n_hops, ==, 3);
  g_assert_cmpuint (run->probes_past_end, ==, 2);
  g_assert_cmpuint (run->hops[0].probes[0].reply, ==, 0);
  g_assert_cmpuint (run->hops[1].probes[0].reply, ==, 0);
  g_assert_cmpint (run->hops[2].probes[0].reply_type, ==, LADDER_TRACEROUTE_REPLY_NET_UNREACHABLE);
  ladder_traceroute_write_text (trace, text);
  g_assert_cmpstr (text->str, ==,
    "traceroute to 10.9.9.9 from 10.1.0.2 (udp), 5 hops max\n"
    " 1  *\n"
    " 2  *\n"
    " 3  10.1.2.1  0.010 ms !N\n"
    "destination not reached; 2 probes sent past the last hop\n");
}

/* A reply seen twice counts once; a reply stamped before its probe (two
 * interfaces' clocks) still matches by identity, its RTT negative and flagged. */
static void
test_duplicates_and_negative_rtt (void)
{
  g_autoptr (LadderTraceroute) trace = ladder_traceroute_new ();
  LadderPacket p1 = echo (SRC, DST, 1, TRUE, 7, 1);
  LadderPacket p2 = echo (SRC, DST, 2, TRUE, 7, 2);
  LadderPacket e1 = error_about (routers[0], &p1, 11, 0);
  LadderPacket a2 = echo (DST, SRC, 63, FALSE, 7, 2);
  const LadderTracerouteRun *run;
  g_autofree char *json = NULL;

  add (trace, 1, 1000, &p1);
  add (trace, 2, 1010, &p2);
  add (trace, 3, 1200, &e1);
  add (trace, 4, 1300, &e1);
  add (trace, 5, 990, &a2);
  ladder_traceroute_finish (trace);
  run = ladder_traceroute_get_run (trace, 0);
  g_assert_cmpuint (run->n_hops, ==, 2);
  g_assert_cmpuint (run->hops[0].probes[0].reply, ==, 3);
  g_assert_cmpuint (run->hops[0].probes[0].duplicates, ==, 1);
  g_assert_cmpfloat_with_epsilon (run->hops[0].probes[0].rtt_ms, 0.2, 1e-9);
  g_assert_cmpuint (run->hops[1].probes[0].reply, ==, 5);
  g_assert_true (run->hops[1].probes[0].rtt_negative);
  g_assert_cmpfloat_with_epsilon (run->hops[1].probes[0].rtt_ms, -0.02, 1e-9);
  g_assert_true (run->reached);
  json = trace_json (trace);
  g_assert_nonnull (strstr (json, "\"rtt_ms\":-0.020,\"reply_type\":\"echo-reply\",\"rtt_negative\":true"));
}

static void
test_json (void)
{
  g_autoptr (LadderTraceroute) trace = ladder_traceroute_new ();
  LadderPacket p1 = udp ("fd00::2", "fd00:3::2", 1, 41000, 33434, 0);
  LadderPacket p2 = udp ("fd00::2", "fd00:3::2", 2, 41001, 33435, 0);
  LadderPacket r2 = error_about ("fd00:3::2", &p2, 1, 4);
  g_autofree char *json = NULL;

  add (trace, 1, 1000, &p1);
  add (trace, 2, 1001, &p2);
  add (trace, 3, 1251, &r2);
  ladder_traceroute_finish (trace);
  json = trace_json (trace);
  g_assert_cmpstr (json, ==,
    "{\"traceroutes\":[{\"method\":\"udp\",\"family\":\"ipv6\",\"src\":\"fd00::2\","
    "\"dst\":\"fd00:3::2\",\"reached\":true,\"first_ttl\":1,\"max_ttl\":2,\"probes_past_end\":0,"
    "\"hops\":["
    "{\"ttl\":1,\"probes\":[{\"probe\":1,\"reply\":null,\"responder\":null,\"rtt_ms\":null,\"reply_type\":null}]},"
    "{\"ttl\":2,\"probes\":[{\"probe\":2,\"reply\":3,\"responder\":\"fd00:3::2\",\"rtt_ms\":0.250,"
    "\"reply_type\":\"port-unreachable\"}]}]}]}");
}

static void
test_empty (void)
{
  g_autoptr (LadderTraceroute) trace = ladder_traceroute_new ();
  g_autofree char *json = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  ladder_traceroute_finish (trace);
  json = trace_json (trace);
  g_assert_cmpstr (json, ==, "{\"traceroutes\":[]}");
  ladder_traceroute_write_text (trace, text);
  g_assert_cmpstr (text->str, ==, "no traceroutes\n");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strconcat ("/ladder/traceroute/fixture/", fixtures[i].name, NULL);
      g_test_add_data_func (path, &fixtures[i], test_fixture);
    }
  g_test_add_func ("/ladder/traceroute/fixture/not-traceroutes", test_not_traceroutes);
  g_test_add_func ("/ladder/traceroute/fixture/router-links-copies", test_router_links_copies);
  g_test_add_func ("/ladder/traceroute/copies-rules", test_copies_rules);
  g_test_add_func ("/ladder/traceroute/parallel-reordered", test_parallel_reordered);
  g_test_add_func ("/ladder/traceroute/same-ports-ip-id", test_same_ports_ip_id);
  g_test_add_func ("/ladder/traceroute/tcp-syn-ack-and-noise", test_tcp_syn_ack_and_noise);
  g_test_add_func ("/ladder/traceroute/tcp-rst-v6", test_tcp_rst_v6);
  g_test_add_func ("/ladder/traceroute/icmp-runs", test_icmp_runs);
  g_test_add_func ("/ladder/traceroute/unanswered-and-unreachable", test_unanswered_and_unreachable);
  g_test_add_func ("/ladder/traceroute/duplicates-and-negative-rtt", test_duplicates_and_negative_rtt);
  g_test_add_func ("/ladder/traceroute/json", test_json);
  g_test_add_func ("/ladder/traceroute/empty", test_empty);
  return g_test_run ();
}
