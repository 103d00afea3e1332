/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ping.c: LadderPing on real captures (checked against what ping
 * printed for the same run) and on hand-built frames for the edge cases. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ladder-ping.h"
#include "ladder-reader.h"
#include "ladder-test-util.h"

/* Fixtures. */


static void
add_frame (const LadderFrame *frame, gpointer ping)
{
  ladder_ping_add_frame (ping, frame);
}

/* Feeds every record, in file order or reversed (the analysis must not care). */
static LadderPing *
analyse_records (GPtrArray *records, gboolean reverse)
{
  LadderPing *ping = ladder_ping_new ();

  ladder_test_feed_records (records, reverse, add_frame, ping);
  ladder_ping_finish (ping);
  return ping;
}

static char *
ping_json (LadderPing *ping)
{
  g_autoptr (LadderJson) json = ladder_json_new (FALSE);
  ladder_ping_write_json (ping, json);
  return ladder_json_steal_text (json);
}

/* What ping printed. */

typedef struct
{
  guint    seq;
  gboolean reply;     /* "64 bytes from ..." */
  double   rtt_ms;
  guint    ttl;
  gboolean error;     /* "From X icmp_seq=N <what>" */
  char     from[64];
  char     what[128];
} PingLine;

typedef struct
{
  GArray  *lines;     /* PingLine */
  guint    transmitted, received, errors;
  gboolean has_rtt;
  double   min, avg, max;
} PingText;

static void
parse_ping_line (PingText *text, const char *line)
{
  PingLine pl = { 0 };
  const char *p;

  /* "from fd00:3::2: icmp_seq": the address ends at the space, colon included. */
  if (sscanf (line, "%*u bytes from %63s icmp_seq=%u ttl=%u time=%lf ms",
              pl.from, &pl.seq, &pl.ttl, &pl.rtt_ms) == 4)
    {
      pl.reply = TRUE;
      g_array_append_val (text->lines, pl);
    }
  else if (sscanf (line, "From %63s icmp_seq=%u %127[^\n]", pl.from, &pl.seq, pl.what) == 3)
    {
      pl.error = TRUE;
      g_array_append_val (text->lines, pl);
    }
  else if (sscanf (line, "%u packets transmitted, %u received", &text->transmitted,
                   &text->received) == 2)
    {
      if ((p = strstr (line, "+")) != NULL && strstr (p, "errors") != NULL)
        g_assert_cmpint (sscanf (p, "+%u errors", &text->errors), ==, 1);
    }
  else if (sscanf (line, "rtt min/avg/max/mdev = %lf/%lf/%lf/", &text->min, &text->avg,
                   &text->max) == 3)
    text->has_rtt = TRUE;
}

static PingText *
load_ping_text (const char *name)
{
  g_autofree char *path = ladder_test_data_path (name);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  PingText *text = g_new0 (PingText, 1);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  text->lines = g_array_new (FALSE, TRUE, sizeof (PingLine));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    parse_ping_line (text, lines[i]);
  g_assert_cmpuint (text->transmitted, >, 0);
  return text;
}

static void
ping_text_free (PingText *text)
{
  g_array_free (text->lines, TRUE);
  g_free (text);
}

/* Capture RTTs are taken at the interface, ping's around its own
 * send/receive calls, so ping's is a little longer; a request paired with the
 * wrong reply would be off by a whole interval (200 ms and more). */
static void
assert_rtt_close (double capture_ms, double printed_ms)
{
  g_assert_false (isnan (capture_ms));
  g_assert_cmpfloat (capture_ms, >=, 0.0);
  g_assert_cmpfloat (capture_ms, <=, printed_ms + 0.005);
  g_assert_cmpfloat (capture_ms, >=, printed_ms - 0.1);
}

static const LadderPingProbe *
find_probe (const LadderPingSession *session, guint seq)
{
  const LadderPingProbe *found = NULL;

  for (guint i = 0; i < session->n_probes; i++)
    if (session->probes[i].seq == seq)
      {
        g_assert_null (found);  /* one request per sequence number in these runs */
        found = &session->probes[i];
      }
  return found;
}

static LadderPingErrorType
expected_error_type (const char *what)
{
  if (strstr (what, "exceeded") != NULL)
    return LADDER_PING_ERROR_TIME_EXCEEDED;
  if (g_ascii_strncasecmp (what, "Destination", 11) == 0)
    return LADDER_PING_ERROR_UNREACHABLE;
  g_error ("unexpected ping error text: %s", what);
  return LADDER_PING_ERROR_NONE;
}

static void
check_line (const LadderPingSession *session, const PingLine *pl)
{
  const LadderPingProbe *probe = find_probe (session, pl->seq);
  char from[LADDER_ADDR_STRLEN];

  g_assert_nonnull (probe);
  g_assert_cmpuint (probe->request, !=, 0);
  if (pl->reply)
    {
      g_assert_cmpuint (probe->reply, !=, 0);
      g_assert_cmpuint (probe->reply_ttl, ==, pl->ttl);
      g_assert_cmpuint (probe->duplicates, ==, 0);
      g_assert_false (probe->rtt_negative);
      assert_rtt_close (probe->rtt_ms, pl->rtt_ms);
    }
  else
    {
      g_assert_cmpuint (probe->reply, ==, 0);
      g_assert_cmpuint (probe->error, !=, 0);
      g_assert_cmpuint (probe->error, >, probe->request);
      g_assert_cmpstr (ladder_addr_to_string (&probe->error_from, from), ==, pl->from);
      g_assert_cmpint (probe->error_type, ==, expected_error_type (pl->what));
    }
}

/* Requests ping did not mention got nothing back. */
static void
check_silent_probes (const LadderPingSession *session, const PingText *text)
{
  for (guint i = 0; i < session->n_probes; i++)
    {
      gboolean mentioned = FALSE;

      for (guint j = 0; j < text->lines->len; j++)
        mentioned |= g_array_index (text->lines, PingLine, j).seq == session->probes[i].seq;
      if (mentioned)
        continue;
      g_assert_cmpuint (session->probes[i].reply, ==, 0);
      g_assert_cmpuint (session->probes[i].error, ==, 0);
    }
}

static void
check_session_against_text (const LadderPingSession *session, const PingText *text)
{
  g_assert_cmpuint (session->requests, ==, text->transmitted);
  g_assert_cmpuint (session->replies, ==, text->received);
  g_assert_cmpuint (session->lost, ==, text->transmitted - text->received);
  g_assert_cmpuint (session->errors, ==, text->errors);
  g_assert_cmpuint (session->duplicates, ==, 0);
  g_assert_cmpuint (session->orphan_replies, ==, 0);
  g_assert_cmpuint (session->n_probes, ==, text->transmitted);
  for (guint i = 0; i < text->lines->len; i++)
    check_line (session, &g_array_index (text->lines, PingLine, i));
  check_silent_probes (session, text);
  if (text->has_rtt)
    {
      g_assert_cmpuint (session->rtt_count, ==, text->received);
      assert_rtt_close (session->rtt_min_ms, text->min);
      assert_rtt_close (session->rtt_avg_ms, text->avg);
      assert_rtt_close (session->rtt_max_ms, text->max);
    }
  else
    {
      g_assert_cmpuint (session->rtt_count, ==, 0);
      g_assert_true (isnan (session->rtt_min_ms));
    }
}

static void
test_fixture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *pcap = g_strconcat (name, ".pcap", NULL);
  g_autofree char *txt = g_strconcat (name, ".txt", NULL);
  g_autoptr (GPtrArray) records = ladder_test_load_fixture (pcap);
  g_autoptr (LadderPing) ping = analyse_records (records, FALSE);
  g_autoptr (LadderPing) reversed = analyse_records (records, TRUE);
  PingText *text = load_ping_text (txt);
  g_autofree char *json = ping_json (ping);
  g_autofree char *json_reversed = ping_json (reversed);
  g_autoptr (GString) out = g_string_new (NULL);

  g_assert_cmpuint (ladder_ping_get_n_sessions (ping), ==, 1);
  check_session_against_text (ladder_ping_get_session (ping, 0), text);
  g_assert_cmpuint (ladder_ping_get_n_unmatched_errors (ping), ==, 0);
  /* Feeding the frames backwards changes nothing. */
  g_assert_cmpstr (json, ==, json_reversed);
  ladder_ping_write_text (ping, out);
  g_assert_true (g_str_has_prefix (out->str, ladder_ping_get_session (ping, 0)->ip_version == 6 ? "fd00" : "10.0.0.2"));
  ping_text_free (text);
}

/* A UDP traceroute ran beside this ping; only the ping is a session. */
static void
test_fixture_mixed (void)
{
  g_autoptr (GPtrArray) records = ladder_test_load_fixture ("traceroute-mixed.pcap");
  g_autoptr (LadderPing) ping = analyse_records (records, FALSE);
  PingText *text = load_ping_text ("traceroute-mixed.ping.txt");

  g_assert_cmpuint (ladder_ping_get_n_sessions (ping), ==, 1);
  check_session_against_text (ladder_ping_get_session (ping, 0), text);
  ping_text_free (text);
}

/* Hand-built frames. */

static LadderPacket
echo (const char *src, const char *dst, gboolean request, guint16 id, guint16 seq, guint8 ttl)
{
  LadderPacket pkt = { 0 };

  g_assert_true (ladder_addr_parse (src, &pkt.src));
  g_assert_true (ladder_addr_parse (dst, &pkt.dst));
  pkt.ip_version = pkt.src.family;
  if (pkt.ip_version == 6)
    {
      pkt.layers = LADDER_LAYER_IPV6 | LADDER_LAYER_ICMPV6;
      pkt.ip_proto = 58;
      pkt.icmp_type = request ? 128 : 129;
    }
  else
    {
      pkt.layers = LADDER_LAYER_IPV4 | LADDER_LAYER_ICMP;
      pkt.ip_proto = 1;
      pkt.icmp_type = request ? 8 : 0;
    }
  /* The decoders fill the kind; so does this stand-in for them. */
  pkt.icmp_kind = ladder_icmp_kind (pkt.ip_version, pkt.icmp_type);
  pkt.ttl = ttl;
  pkt.icmp_id = id;
  pkt.icmp_seq = seq;
  pkt.ip_id = 1000u + seq;
  return pkt;
}

/* An ICMP error from FROM quoting ORIG (whole echo header quoted). */
static LadderPacket
error_about (const char *from, const LadderPacket *orig, guint8 type, guint8 code)
{
  LadderPacket pkt = { 0 };
  LadderQuoted *q = &pkt.quoted;

  g_assert_true (ladder_addr_parse (from, &pkt.src));
  pkt.dst = orig->src;
  pkt.ip_version = orig->ip_version;
  pkt.ip_proto = orig->ip_version == 6 ? 58 : 1;
  pkt.layers = orig->ip_version == 6 ? LADDER_LAYER_IPV6 | LADDER_LAYER_ICMPV6
                                     : LADDER_LAYER_IPV4 | LADDER_LAYER_ICMP;
  pkt.ttl = 64;
  pkt.icmp_type = type;
  pkt.icmp_code = code;
  pkt.icmp_kind = ladder_icmp_kind (pkt.ip_version, type);
  q->present = TRUE;
  q->ip_version = orig->ip_version;
  q->ip_proto = orig->ip_proto;
  q->ttl = 1;
  q->ip_id = orig->ip_id;
  q->src = orig->src;
  q->dst = orig->dst;
  q->has_icmp = (orig->layers & (LADDER_LAYER_ICMP | LADDER_LAYER_ICMPV6)) != 0;
  q->icmp_type = orig->icmp_type;
  q->icmp_kind = orig->icmp_kind;
  q->icmp_id = orig->icmp_id;
  q->icmp_seq = orig->icmp_seq;
  q->has_ports = (orig->layers & (LADDER_LAYER_UDP | LADDER_LAYER_TCP)) != 0;
  q->sport = orig->sport;
  q->dport = orig->dport;
  return pkt;
}

static void
add (LadderPing *ping, guint64 number, gint64 ts_us, const LadderPacket *pkt)
{
  LadderFrame frame = { number, ts_us * 1000, 0, pkt, NULL };
  ladder_ping_add_frame (ping, &frame);
}

static void
test_basic_pairing (void)
{
  g_autoptr (LadderPing) ping = ladder_ping_new ();
  LadderPacket r1 = echo ("10.0.0.1", "10.0.0.9", TRUE, 77, 1, 64);
  LadderPacket a1 = echo ("10.0.0.9", "10.0.0.1", FALSE, 77, 1, 60);
  LadderPacket r2 = echo ("10.0.0.1", "10.0.0.9", TRUE, 77, 2, 64);
  LadderPacket r3 = echo ("10.0.0.1", "10.0.0.9", TRUE, 77, 3, 64);
  LadderPacket a3 = echo ("10.0.0.9", "10.0.0.1", FALSE, 77, 3, 60);
  const LadderPingSession *s;

  add (ping, 1, 1000000, &r1);
  add (ping, 2, 1000250, &a1);
  add (ping, 3, 2000000, &r2);
  add (ping, 4, 3000000, &r3);
  add (ping, 5, 3000750, &a3);
  ladder_ping_finish (ping);

  g_assert_cmpuint (ladder_ping_get_n_sessions (ping), ==, 1);
  s = ladder_ping_get_session (ping, 0);
  g_assert_cmpuint (s->id, ==, 77);
  g_assert_cmpuint (s->requests, ==, 3);
  g_assert_cmpuint (s->replies, ==, 2);
  g_assert_cmpuint (s->lost, ==, 1);
  g_assert_cmpfloat_with_epsilon (s->rtt_min_ms, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->rtt_max_ms, 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->rtt_avg_ms, 0.5, 1e-9);
  g_assert_cmpuint (s->probes[1].seq, ==, 2);
  g_assert_cmpuint (s->probes[1].reply, ==, 0);
  g_assert_true (isnan (s->probes[1].rtt_ms));
  g_assert_cmpuint (s->probes[2].reply, ==, 5);
  g_assert_cmpuint (s->probes[2].reply_ttl, ==, 60);
}

/* Frames added out of order, and a reply timestamped before its request. */
static void
test_out_of_order (void)
{
  g_autoptr (LadderPing) ping = ladder_ping_new ();
  LadderPacket r1 = echo ("10.0.0.1", "10.0.0.9", TRUE, 5, 1, 64);
  LadderPacket a1 = echo ("10.0.0.9", "10.0.0.1", FALSE, 5, 1, 60);
  LadderPacket r2 = echo ("10.0.0.1", "10.0.0.9", TRUE, 5, 2, 64);
  LadderPacket a2 = echo ("10.0.0.9", "10.0.0.1", FALSE, 5, 2, 60);
  const LadderPingSession *s;

  add (ping, 4, 2000000, &a2);  /* replies added before their requests */
  add (ping, 3, 1000500, &r2);
  add (ping, 2, 1000100, &a1);
  add (ping, 1, 1000000, &r1);
  ladder_ping_finish (ping);

  s = ladder_ping_get_session (ping, 0);
  g_assert_cmpuint (s->requests, ==, 2);
  g_assert_cmpuint (s->replies, ==, 2);
  /* Probes come out in send order whatever the order they were added in. */
  g_assert_cmpuint (s->probes[0].seq, ==, 1);
  g_assert_cmpuint (s->probes[0].reply, ==, 2);
  g_assert_cmpfloat_with_epsilon (s->probes[0].rtt_ms, 0.1, 1e-9);
  g_assert_false (s->probes[0].rtt_negative);
  g_assert_cmpuint (s->probes[1].reply, ==, 4);
  g_assert_cmpfloat_with_epsilon (s->probes[1].rtt_ms, 999.5, 1e-9);

  /* Now a genuinely negative RTT: reported and flagged. */
  {
    g_autoptr (LadderPing) neg = ladder_ping_new ();
    add (neg, 1, 5000000, &r1);
    add (neg, 2, 4999000, &a1);
    ladder_ping_finish (neg);
    s = ladder_ping_get_session (neg, 0);
    g_assert_cmpuint (s->replies, ==, 1);
    g_assert_true (s->probes[0].rtt_negative);
    g_assert_cmpfloat_with_epsilon (s->probes[0].rtt_ms, -1.0, 1e-9);
  }
}

static void
test_duplicates (void)
{
  g_autoptr (LadderPing) ping = ladder_ping_new ();
  LadderPacket r1 = echo ("10.0.0.1", "10.0.0.255", TRUE, 9, 1, 64);
  LadderPacket a1 = echo ("10.0.0.255", "10.0.0.1", FALSE, 9, 1, 64);
  const LadderPingSession *s;

  add (ping, 1, 100, &r1);
  add (ping, 2, 300, &a1);
  add (ping, 3, 400, &a1);
  add (ping, 4, 500, &a1);
  ladder_ping_finish (ping);
  s = ladder_ping_get_session (ping, 0);
  g_assert_cmpuint (s->requests, ==, 1);
  g_assert_cmpuint (s->replies, ==, 1);
  g_assert_cmpuint (s->duplicates, ==, 2);
  g_assert_cmpuint (s->lost, ==, 0);
  g_assert_cmpuint (s->probes[0].reply, ==, 2);
  g_assert_cmpuint (s->probes[0].duplicates, ==, 2);
  g_assert_cmpuint (s->rtt_count, ==, 1);
}

/* A sequence number used twice (ping restarted, or 65536 requests later):
 * each reply goes to the request it follows. */
static void
test_sequence_reuse (void)
{
  g_autoptr (LadderPing) ping = ladder_ping_new ();
  LadderPacket r = echo ("10.0.0.1", "10.0.0.9", TRUE, 3, 7, 64);
  LadderPacket a = echo ("10.0.0.9", "10.0.0.1", FALSE, 3, 7, 60);
  const LadderPingSession *s;

  add (ping, 3, 100000000, &r);
  add (ping, 4, 100002000, &a);
  add (ping, 1, 1000, &r);
  add (ping, 2, 2000, &a);
  ladder_ping_finish (ping);
  s = ladder_ping_get_session (ping, 0);
  g_assert_cmpuint (s->requests, ==, 2);
  g_assert_cmpuint (s->replies, ==, 2);
  g_assert_cmpuint (s->duplicates, ==, 0);
  g_assert_cmpuint (s->probes[0].request, ==, 1);
  g_assert_cmpuint (s->probes[0].reply, ==, 2);
  g_assert_cmpfloat_with_epsilon (s->probes[0].rtt_ms, 1.0, 1e-9);
  g_assert_cmpuint (s->probes[1].reply, ==, 4);
  g_assert_cmpfloat_with_epsilon (s->probes[1].rtt_ms, 2.0, 1e-9);
}

static void
test_sessions_apart (void)
{
  g_autoptr (LadderPing) ping = ladder_ping_new ();
  LadderPacket a = echo ("10.0.0.1", "10.0.0.9", TRUE, 1, 1, 64);
  LadderPacket b = echo ("10.0.0.1", "10.0.0.9", TRUE, 2, 1, 64);
  LadderPacket c = echo ("10.0.0.1", "10.0.0.8", TRUE, 1, 1, 64);
  LadderPacket d = echo ("fd00::1", "fd00::9", TRUE, 1, 1, 64);
  LadderPacket bd = echo ("10.0.0.9", "10.0.0.1", FALSE, 2, 1, 64);
  LadderPacket dd = echo ("fd00::9", "fd00::1", FALSE, 1, 1, 64);

  add (ping, 1, 10, &a);
  add (ping, 2, 20, &b);
  add (ping, 3, 30, &c);
  add (ping, 4, 40, &d);
  add (ping, 5, 50, &bd);
  add (ping, 6, 60, &dd);
  ladder_ping_finish (ping);
  g_assert_cmpuint (ladder_ping_get_n_sessions (ping), ==, 4);
  g_assert_cmpuint (ladder_ping_get_session (ping, 0)->replies, ==, 0);
  g_assert_cmpuint (ladder_ping_get_session (ping, 1)->replies, ==, 1);
  g_assert_cmpuint (ladder_ping_get_session (ping, 1)->id, ==, 2);
  g_assert_cmpuint (ladder_ping_get_session (ping, 2)->replies, ==, 0);
  g_assert_cmpuint (ladder_ping_get_session (ping, 3)->ip_version, ==, 6);
  g_assert_cmpuint (ladder_ping_get_session (ping, 3)->replies, ==, 1);
}

/* Errors are matched through the quote, not by arrival order. */
static void
test_errors_by_quote (void)
{
  g_autoptr (LadderPing) ping = ladder_ping_new ();
  LadderPacket r1 = echo ("10.0.0.1", "10.0.9.9", TRUE, 4, 1, 2);
  LadderPacket r2 = echo ("10.0.0.1", "10.0.9.9", TRUE, 4, 2, 2);
  LadderPacket r3 = echo ("10.0.0.1", "10.0.9.9", TRUE, 4, 3, 64);
  LadderPacket e2 = error_about ("10.0.1.2", &r2, 11, 0);
  LadderPacket e1 = error_about ("10.0.1.2", &r1, 11, 0);
  LadderPacket e3 = error_about ("10.0.2.2", &r3, 3, 1);
  const LadderPingSession *s;

  add (ping, 1, 1000, &r1);
  add (ping, 2, 1100, &r2);
  add (ping, 3, 1200, &r3);
  add (ping, 4, 1300, &e2);  /* seq 2's error first */
  add (ping, 5, 1400, &e3);
  add (ping, 6, 1500, &e1);
  ladder_ping_finish (ping);
  s = ladder_ping_get_session (ping, 0);
  g_assert_cmpuint (s->requests, ==, 3);
  g_assert_cmpuint (s->replies, ==, 0);
  g_assert_cmpuint (s->errors, ==, 3);
  g_assert_cmpuint (s->lost, ==, 3);
  g_assert_cmpuint (s->probes[0].error, ==, 6);
  g_assert_cmpuint (s->probes[1].error, ==, 4);
  g_assert_cmpuint (s->probes[2].error, ==, 5);
  g_assert_cmpint (s->probes[1].error_type, ==, LADDER_PING_ERROR_TIME_EXCEEDED);
  g_assert_cmpint (s->probes[2].error_type, ==, LADDER_PING_ERROR_UNREACHABLE);
  g_assert_cmpstr (ladder_icmp_error_code_name (4, 3, 1), ==, "host-unreachable");
  g_assert_cmpstr (ladder_icmp_error_code_name (6, 1, 1), ==, "prohibited");
  g_assert_cmpstr (ladder_icmp_error_code_name (6, 3, 0), ==, "hop-limit-exceeded");
  g_assert_cmpstr (ladder_icmp_error_code_name (4, 3, 200), ==, "code-other");
  g_assert_cmpuint (ladder_ping_get_n_unmatched_errors (ping), ==, 0);
}

/* Same sequence number twice: the quoted IPv4 id picks the right request. */
static void
test_error_ip_id (void)
{
  g_autoptr (LadderPing) ping = ladder_ping_new ();
  LadderPacket ra = echo ("10.0.0.1", "10.0.9.9", TRUE, 4, 1, 2);
  LadderPacket rb = echo ("10.0.0.1", "10.0.9.9", TRUE, 4, 1, 2);
  LadderPacket ea;
  const LadderPingSession *s;

  ra.ip_id = 111;
  rb.ip_id = 222;
  ea = error_about ("10.0.1.2", &ra, 11, 0);
  add (ping, 1, 1000, &ra);
  add (ping, 2, 2000, &rb);
  add (ping, 3, 3000, &ea);  /* nearer in time to rb, but quotes ra */
  ladder_ping_finish (ping);
  s = ladder_ping_get_session (ping, 0);
  g_assert_cmpuint (s->probes[0].error, ==, 3);
  g_assert_cmpuint (s->probes[1].error, ==, 0);
}

static void
test_truncated_and_unrelated_errors (void)
{
  g_autoptr (LadderPing) ping = ladder_ping_new ();
  LadderPacket r1 = echo ("10.0.0.1", "10.0.9.9", TRUE, 4, 1, 2);
  LadderPacket truncated = error_about ("10.0.1.2", &r1, 11, 0);
  LadderPacket other_session = echo ("10.0.0.1", "10.0.9.9", TRUE, 99, 1, 2);
  LadderPacket stranger = error_about ("10.0.1.2", &other_session, 11, 0);
  LadderPacket udp = { 0 };
  LadderPacket about_udp;
  LadderPacket no_quote = error_about ("10.0.1.2", &r1, 3, 3);
  LadderPacket reply_to_other = echo ("10.0.9.9", "10.0.0.1", FALSE, 4, 2, 60);
  const LadderPingSession *s;

  /* Quote cut before the echo header. */
  truncated.quoted.has_icmp = FALSE;
  truncated.quoted.status = LADDER_STATUS_TRUNCATED;
  /* An error about a UDP datagram: a traceroute's business, not ping's. */
  udp.ip_version = 4;
  udp.layers = LADDER_LAYER_IPV4 | LADDER_LAYER_UDP;
  udp.ip_proto = 17;
  ladder_addr_parse ("10.0.0.1", &udp.src);
  ladder_addr_parse ("10.0.9.9", &udp.dst);
  udp.sport = 40000;
  udp.dport = 33434;
  about_udp = error_about ("10.0.1.2", &udp, 11, 0);
  /* An error whose payload held no IP header at all. */
  no_quote.quoted.present = FALSE;

  add (ping, 1, 1000, &r1);
  add (ping, 2, 1100, &truncated);
  add (ping, 3, 1200, &stranger);
  add (ping, 4, 1300, &about_udp);
  add (ping, 5, 1400, &no_quote);
  add (ping, 6, 1500, &reply_to_other);
  ladder_ping_finish (ping);

  g_assert_cmpuint (ladder_ping_get_n_sessions (ping), ==, 1);
  s = ladder_ping_get_session (ping, 0);
  g_assert_cmpuint (s->requests, ==, 1);
  g_assert_cmpuint (s->errors, ==, 0);
  g_assert_cmpuint (s->probes[0].error, ==, 0);
  g_assert_cmpuint (s->probes[0].reply, ==, 0);
  /* The reply to a request never captured is kept apart, not counted. */
  g_assert_cmpuint (s->replies, ==, 0);
  g_assert_cmpuint (s->orphan_replies, ==, 1);
  g_assert_cmpuint (s->n_probes, ==, 2);
  g_assert_cmpuint (s->probes[1].request, ==, 0);
  g_assert_cmpuint (s->probes[1].reply, ==, 6);
  /* The truncated quote and the error for another session. */
  g_assert_cmpuint (ladder_ping_get_n_unmatched_errors (ping), ==, 2);

  /* Finishing twice gives the same answer. */
  ladder_ping_finish (ping);
  g_assert_cmpuint (ladder_ping_get_n_unmatched_errors (ping), ==, 2);
  g_assert_cmpuint (ladder_ping_get_session (ping, 0)->orphan_replies, ==, 1);
}

static void
test_json_and_text (void)
{
  g_autoptr (LadderPing) ping = ladder_ping_new ();
  LadderPacket r1 = echo ("10.0.0.1", "10.0.9.9", TRUE, 4, 1, 2);
  LadderPacket e1 = error_about ("10.0.1.2", &r1, 11, 0);
  LadderPacket r2 = echo ("10.0.0.1", "10.0.0.9", TRUE, 5, 1, 64);
  LadderPacket a2 = echo ("10.0.0.9", "10.0.0.1", FALSE, 5, 1, 64);
  g_autofree char *json = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  add (ping, 1, 1000, &r1);
  add (ping, 2, 1500, &e1);
  add (ping, 3, 2000, &r2);
  add (ping, 4, 2125, &a2);
  ladder_ping_finish (ping);
  json = ping_json (ping);
  g_assert_cmpstr (json, ==,
    "{\"sessions\":["
    "{\"family\":\"ipv4\",\"src\":\"10.0.0.1\",\"dst\":\"10.0.9.9\",\"id\":4,"
    "\"requests\":1,\"replies\":0,\"lost\":1,\"duplicates\":0,\"orphan_replies\":0,"
    "\"rtt_ms\":{\"min\":null,\"avg\":null,\"max\":null},"
    "\"errors\":[{\"seq\":1,\"type\":\"time-exceeded\",\"code\":\"ttl-exceeded\","
    "\"from\":\"10.0.1.2\",\"frame\":2,\"request\":1}],"
    "\"probes\":[{\"seq\":1,\"request\":1,\"reply\":null,\"rtt_ms\":null,\"ttl\":null,"
    "\"duplicates\":0,\"error\":2}]},"
    "{\"family\":\"ipv4\",\"src\":\"10.0.0.1\",\"dst\":\"10.0.0.9\",\"id\":5,"
    "\"requests\":1,\"replies\":1,\"lost\":0,\"duplicates\":0,\"orphan_replies\":0,"
    "\"rtt_ms\":{\"min\":0.125,\"avg\":0.125,\"max\":0.125},"
    "\"errors\":[],"
    "\"probes\":[{\"seq\":1,\"request\":3,\"reply\":4,\"rtt_ms\":0.125,\"ttl\":64,"
    "\"duplicates\":0,\"error\":null}]}]}");

  ladder_ping_write_text (ping, text);
  g_assert_cmpstr (text->str, ==,
    "10.0.0.1 → 10.0.9.9 id 4: 1 sent, 0 received, +1 errors, 100% loss\n"
    "  seq 1     #1 time-exceeded (ttl-exceeded) from 10.0.1.2 #2\n"
    "\n"
    "10.0.0.1 → 10.0.0.9 id 5: 1 sent, 1 received, 0% loss, rtt min/avg/max = 0.125/0.125/0.125 ms\n"
    "  seq 1     #3 → #4 ttl 64 time 0.125 ms\n");
}

static void
test_empty (void)
{
  g_autoptr (LadderPing) ping = ladder_ping_new ();
  g_autofree char *json = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  ladder_ping_finish (ping);
  json = ping_json (ping);
  g_assert_cmpstr (json, ==, "{\"sessions\":[]}");
  ladder_ping_write_text (ping, text);
  g_assert_cmpstr (text->str, ==, "no ping sessions\n");
}

int
main (int argc, char *argv[])
{
  static const char *const fixtures[] = {
    "ping-v4", "ping-v6", "ping-ttl-expire", "ping-ttl-expire-v6", "ping-unreachable",
    "ping-unreachable-v6", "ping-nohost", "ping-lost",
    /* Captured on both links of r1: each request and reply twice. */
    "ping-router-links", "ping-router-links-ttl",
  };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strconcat ("/ladder/ping/fixture/", fixtures[i], NULL);
      g_test_add_data_func (path, fixtures[i], test_fixture);
    }
  g_test_add_func ("/ladder/ping/fixture/traceroute-mixed", test_fixture_mixed);
  g_test_add_func ("/ladder/ping/basic-pairing", test_basic_pairing);
  g_test_add_func ("/ladder/ping/out-of-order", test_out_of_order);
  g_test_add_func ("/ladder/ping/duplicates", test_duplicates);
  g_test_add_func ("/ladder/ping/sequence-reuse", test_sequence_reuse);
  g_test_add_func ("/ladder/ping/sessions-apart", test_sessions_apart);
  g_test_add_func ("/ladder/ping/errors-by-quote", test_errors_by_quote);
  g_test_add_func ("/ladder/ping/error-ip-id", test_error_ip_id);
  g_test_add_func ("/ladder/ping/truncated-and-unrelated-errors", test_truncated_and_unrelated_errors);
  g_test_add_func ("/ladder/ping/json-and-text", test_json_and_text);
  g_test_add_func ("/ladder/ping/empty", test_empty);
  return g_test_run ();
}
