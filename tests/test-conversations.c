/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-conversations.c: the 5-tuple table against tshark, and hand-built cases. */
#include <string.h>

#include "ladder-conversations.h"
#include "ladder-flow-record.h"
#include "ladder-test-util.h"

static void
add_frame (const LadderFrame *frame, gpointer data)
{
  ladder_conversations_add (data, frame, NULL);
}

/* tshark 4.0's format_size(): exact below 10000, then floored k/M/G units. */
static char *
tshark_size (guint64 bytes)
{
  if (bytes / 1000 / 1000 / 1000 >= 10)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " GB", bytes / 1000 / 1000 / 1000);
  if (bytes / 1000 / 1000 >= 10)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " MB", bytes / 1000 / 1000);
  if (bytes / 1000 >= 10)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " kB", bytes / 1000);
  return g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", bytes);
}

static char *
endpoint (const LadderAddr *addr, guint16 port)
{
  char buf[LADDER_ADDR_STRLEN];
  return g_strdup_printf ("%s:%u", ladder_addr_to_string (addr, buf), port);
}

/* One row per conversation, in a form both sides can produce:
 * "tcp A B frames_ab bytes_ab frames_ba bytes_ba" with A < B as strings. */
static char *
row (const char *proto, const char *a, const char *b, guint64 fab, const char *bab,
     guint64 fba, const char *bba)
{
  if (strcmp (a, b) > 0)
    return row (proto, b, a, fba, bba, fab, bab);
  return g_strdup_printf ("%s %s %s %" G_GUINT64_FORMAT " %s | %" G_GUINT64_FORMAT " %s",
                          proto, a, b, fab, bab, fba, bba);
}

static GPtrArray *
our_rows (const char *path, GError **error)
{
  g_autoptr (LadderConversations) convs = ladder_conversations_new (LADDER_CONVERSATIONS_TCP_ANALYSIS);
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  ladder_test_read_file (path, add_frame, convs, error);
  for (guint i = 0; i < ladder_conversations_get_n_items (convs); i++)
    {
      const LadderConversation *c = ladder_conversations_get_item (convs, i);
      if (c->proto != 6 && c->proto != 17)
        continue;
      g_autofree char *a = endpoint (&c->a, c->a_port);
      g_autofree char *b = endpoint (&c->b, c->b_port);
      g_autofree char *bab = tshark_size (c->bytes_ab);
      g_autofree char *bba = tshark_size (c->bytes_ba);
      g_ptr_array_add (rows, row (ladder_conversation_proto_name (c->proto), a, b, c->packets_ab, bab, c->packets_ba, bba));
    }
  return rows;
}

/* "10.0.0.1:40000  <-> 10.0.0.2:7   4 300 bytes   6 500 bytes   10 800 bytes  0.0  0.0012"
 * "<-" counts frames from B to A, "->" from A to B. */
static char *
parse_tshark_line (const char *proto, const char *line)
{
  g_auto (GStrv) tok = g_strsplit_set (line, " ", -1);
  GPtrArray *t = g_ptr_array_new ();
  char *result = NULL;

  for (guint i = 0; tok[i]; i++)
    if (tok[i][0] != '\0')
      g_ptr_array_add (t, tok[i]);
  if (t->len >= 9 && strcmp (g_ptr_array_index (t, 1), "<->") == 0)
    {
      const char *a = g_ptr_array_index (t, 0), *b = g_ptr_array_index (t, 2);
      g_autofree char *bba = g_strdup_printf ("%s %s", (char *) g_ptr_array_index (t, 4), (char *) g_ptr_array_index (t, 5));
      g_autofree char *bab = g_strdup_printf ("%s %s", (char *) g_ptr_array_index (t, 7), (char *) g_ptr_array_index (t, 8));
      g_autofree char *ca = g_strdup (a), *cb = g_strdup (b);
      /* tshark writes IPv6 endpoints as addr:port without brackets, as we do here */
      result = row (proto, ca, cb, g_ascii_strtoull (g_ptr_array_index (t, 6), NULL, 10), bab,
                    g_ascii_strtoull (g_ptr_array_index (t, 3), NULL, 10), bba);
    }
  g_ptr_array_unref (t);
  return result;
}

static GPtrArray *
tshark_rows (const char *tshark, const char *path, gboolean *ok)
{
  const char *argv[] = { tshark, "-q", "-n", "-r", path, "-z", "conv,tcp", "-z", "conv,udp", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  const char *proto = NULL;

  *ok = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL)
        && g_spawn_check_wait_status (status, NULL);
  if (!*ok)
    return rows;
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "TCP Conversations"))
        proto = "tcp";
      else if (g_str_has_prefix (lines[i], "UDP Conversations"))
        proto = "udp";
      else if (proto != NULL && strstr (lines[i], "<->") != NULL)
        {
          char *r = parse_tshark_line (proto, lines[i]);
          if (r != NULL)
            g_ptr_array_add (rows, r);
        }
    }
  return rows;
}

static gint
compare_rows (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GString *
diff_rows (GPtrArray *ours, GPtrArray *theirs)
{
  GString *diff = g_string_new (NULL);
  guint i = 0, j = 0;

  g_ptr_array_sort (ours, compare_rows);
  g_ptr_array_sort (theirs, compare_rows);
  while (i < ours->len || j < theirs->len)
    {
      int c = i == ours->len ? 1 : j == theirs->len ? -1
              : strcmp (g_ptr_array_index (ours, i), g_ptr_array_index (theirs, j));
      if (c == 0)
        i++, j++;
      else if (c < 0)
        g_string_append_printf (diff, "    ours only:   %s\n", (char *) g_ptr_array_index (ours, i++));
      else
        g_string_append_printf (diff, "    tshark only: %s\n", (char *) g_ptr_array_index (theirs, j++));
    }
  return diff;
}

/* Corpus files where tshark counts what Wireladder deliberately does not
 * decode (yet).  Each is a reason, not a tolerance: no other file may differ. */
static const char *
known_difference (const char *name)
{
  static const struct { const char *file; const char *why; } skips[] = {
    { "LINKTYPE_IPV6_invalid.pcap", "IPv4 packet under LINKTYPE_IPV6: tshark refuses it, we decode by version nibble" },
    { "lab-tcp-echo.pcapng", "lab capture (`wireladder-cli lab run tcp-echo -w`): one packet seen on four links counts once (ladder-sightings.h), tshark counts each sighting" },
    { "esp_truncated.pcap", "UDP length larger than the IP payload: tshark counts it, we flag it malformed" },
    { "ipoib.pcap", "link type IPOIB not decoded" },
    { "libpcap_pcap-invalid-version-2.pcap", "pcap version 2.2 rejected, as libpcap does; tshark reads it" },
    { "nflog.pcap", "link type NFLOG not decoded" },
    { "nsh-over-vxlan-gpe.pcap", "VXLAN-GPE (UDP 4790) with NSH: inner UDP not decoded" },
    { "of13_ericsson.pcapng", "OpenFlow-encapsulated packets not decoded" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (skips); i++)
    if (strcmp (name, skips[i].file) == 0)
      return skips[i].why;
  return NULL;
}

static void
compare_dir (const char *dir, guint *compared)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autoptr (GPtrArray) files = ladder_test_list_captures (dir);
  g_autoptr (GString) failures = g_string_new (NULL);

  for (guint f = 0; f < files->len; f++)
    {
      const char *path = g_ptr_array_index (files, f);
      g_autofree char *name = g_path_get_basename (path);
      gboolean ok;
      if (known_difference (name) != NULL)
        {
          g_test_message ("not compared: %s: %s", name, known_difference (name));
          continue;
        }
      g_autoptr (GPtrArray) theirs = tshark_rows (tshark, path, &ok);
      if (!ok)
        continue;  /* tshark cannot read it either */
      g_autoptr (GPtrArray) ours = our_rows (path, NULL);
      g_autoptr (GString) diff = diff_rows (ours, theirs);
      (*compared)++;
      if (diff->len > 0)
        g_string_append_printf (failures, "  %s\n%s", name, diff->str);
    }
  if (failures->len > 0)
    g_test_fail_printf ("conversations differ from tshark:\n%s", failures->str);
}

static void
test_against_tshark (void)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autofree char *data = g_test_build_filename (G_TEST_DIST, "data", NULL);
  g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "data", "corpus", NULL);
  guint compared = 0;

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed: the oracle comparison needs it");
      return;
    }
  compare_dir (data, &compared);
  compare_dir (corpus, &compared);
  g_test_message ("compared %u captures with tshark", compared);
  g_assert_cmpuint (compared, >=, 40);
}

static char *
tables_json (LadderConversations *convs)
{
  g_autoptr (LadderJson) json = ladder_json_new (FALSE);

  ladder_conversations_write_json (convs, json);
  ladder_conversations_write_tcp_json (convs, json);
  return ladder_json_steal_text (json);
}

/* The batch entry point (with its prefetching) builds exactly the tables
 * that frame-by-frame adding does, whatever the batch sizes. */
static void
test_batch_equals_single (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", NULL);
  g_autoptr (GPtrArray) files = ladder_test_list_captures (dir);

  g_assert_cmpuint (files->len, >, 10);
  for (guint f = 0; f < files->len; f++)
    {
      g_autoptr (GPtrArray) records = ladder_test_load_records (g_ptr_array_index (files, f));
      g_autofree LadderPacket *pkts = g_new0 (LadderPacket, MAX (records->len, 1));
      g_autofree LadderFrame *frames = g_new0 (LadderFrame, MAX (records->len, 1));
      g_autoptr (LadderConversations) single = ladder_conversations_new (LADDER_CONVERSATIONS_TCP_ANALYSIS);
      g_autoptr (LadderConversations) batched = ladder_conversations_new (LADDER_CONVERSATIONS_TCP_ANALYSIS);
      g_autofree char *want = NULL, *got = NULL;
      guint n = records->len;

      for (guint i = 0; i < n; i++)
        {
          const LadderTestRecord *rec = g_ptr_array_index (records, i);
          ladder_packet_decode (&pkts[i], rec->linktype, g_bytes_get_data (rec->data, NULL), rec->caplen,
                                rec->wirelen, NULL);
          frames[i] = (LadderFrame) { rec->number, rec->ts_ns, rec->iface, &pkts[i], NULL };
          ladder_conversations_add (single, &frames[i], NULL);
        }
      for (guint i = 0, step = 1; i < n; i += step, step = step % 97 + 1)
        ladder_conversations_add_batch (batched, frames + i, MIN (step, n - i));
      want = tables_json (single);
      got = tables_json (batched);
      g_assert_cmpstr (got, ==, want);
    }
}

/* A plain packet packed into a flow record and unpacked again builds the
 * tables its whole decode does (the CLI's reading thread hands plain
 * packets over so).  The unpacked packets are reused, IPv4 after IPv6 and
 * back, as the CLI reuses them. */
typedef struct
{
  LadderConversations *whole, *unpacked;
  LadderPacket         reused[3];
  guint                packed[7];
} FlowRecords;

static void
add_flow_record (const LadderFrame *frame, gpointer data)
{
  FlowRecords *fr = data;
  LadderFlowRecord flow;
  LadderFlowAddrs6 addrs6;
  LadderFrame back;

  ladder_conversations_add (fr->whole, frame, NULL);
  if (!ladder_flow_record_pack (&flow, &addrs6, frame))
    {
      g_assert_cmpuint (flow.ip_version, ==, 0);
      ladder_conversations_add (fr->unpacked, frame, NULL);
      return;
    }
  g_assert_false (frame->pkt->ip_fragment || frame->pkt->n_tunnels > 0);
  fr->packed[flow.ip_version]++;
  ladder_flow_record_unpack (&flow, &addrs6, &back, &fr->reused[frame->number % 3]);
  g_assert_cmpuint (back.number, ==, frame->number);
  g_assert_cmpint (back.ts_ns, ==, frame->ts_ns);
  g_assert_null (back.data);
  ladder_conversations_add (fr->unpacked, &back, NULL);
}

static void
flow_records_dir (const char *dir, FlowRecords *fr)
{
  g_autoptr (GPtrArray) files = ladder_test_list_captures (dir);

  for (guint f = 0; f < files->len; f++)
    {
      g_autofree char *want = NULL, *got = NULL;

      fr->whole = ladder_conversations_new (LADDER_CONVERSATIONS_TCP_ANALYSIS);
      fr->unpacked = ladder_conversations_new (LADDER_CONVERSATIONS_TCP_ANALYSIS);
      ladder_test_read_file (g_ptr_array_index (files, f), add_flow_record, fr, NULL);
      want = tables_json (fr->whole);
      got = tables_json (fr->unpacked);
      g_assert_cmpstr (got, ==, want);
      g_clear_pointer (&fr->whole, ladder_conversations_free);
      g_clear_pointer (&fr->unpacked, ladder_conversations_free);
    }
}

static void
test_flow_records (void)
{
  g_autofree char *data = g_test_build_filename (G_TEST_DIST, "data", NULL);
  g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "data", "corpus", NULL);
  FlowRecords fr = { 0 };

  flow_records_dir (data, &fr);
  flow_records_dir (corpus, &fr);
  g_test_message ("packed %u IPv4 and %u IPv6 packets", fr.packed[4], fr.packed[6]);
  g_assert_cmpuint (fr.packed[4], >, 1000);
  g_assert_cmpuint (fr.packed[6], >, 100);
}

/* N TCP connections opened one after another, each by one SYN. */
static void
add_many_tcp (LadderConversations *convs, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      LadderPacket pkt = { 0 };
      LadderFrame frame = { i + 1, 1000 * (gint64) i, 0, &pkt, NULL };

      pkt.layers = LADDER_LAYER_IPV4 | LADDER_LAYER_TCP;
      pkt.ip_version = 4;
      pkt.ip_proto = LADDER_IPPROTO_TCP;
      pkt.src.family = pkt.dst.family = 4;
      pkt.src.bytes[0] = 10, pkt.src.bytes[1] = (guint8) (i >> 8), pkt.src.bytes[2] = (guint8) i;
      pkt.src.bytes[3] = (guint8) (i >> 16);
      pkt.dst.bytes[0] = 10, pkt.dst.bytes[3] = 2;
      pkt.sport = 40000;
      pkt.dport = 80;
      pkt.tcp_flags = LADDER_TCP_SYN;
      pkt.seq = 7 * i + 1;
      pkt.tcp_hdr_len = 20;
      pkt.wirelen = pkt.caplen = 54;
      g_assert_nonnull (ladder_conversations_add (convs, &frame, NULL));
    }
}

static void
check_many_tcp (LadderConversations *convs, guint n)
{
  g_assert_cmpuint (ladder_conversations_get_n_items (convs), ==, n);
  for (guint i = 0; i < n; i++)
    {
      const LadderConversation *c = ladder_conversations_get_item (convs, i);

      g_assert_cmpuint (c->index, ==, i);
      g_assert_nonnull (c->tcp);
      g_assert_cmpuint (c->tcp_stream, ==, i);
      g_assert_cmpuint (c->packets_ab, ==, 1);
      g_assert_cmpuint (c->tcp->syn_packet, ==, i + 1);
      g_assert_cmpuint (c->tcp->flow[0].isn, ==, 7 * i + 1);
      g_assert_cmpuint (c->tcp->flow[0].packets, ==, 1);
    }
}

/* Tables of more TCP connections than one chunk holds (4096
 * conversations, 5140 TCP connections): every connection keeps its own
 * state. */
static void
test_many_tcp (void)
{
  g_autoptr (LadderConversations) convs = ladder_conversations_new (LADDER_CONVERSATIONS_TCP_ANALYSIS);

  add_many_tcp (convs, 12000);
  check_many_tcp (convs, 12000);
}

/* An IPv4 fragment of a TCP SYN from 10.0.0.1:40000 to 10.0.0.2:80: the
 * TCP header's bytes [FROM, TO) at fragment offset FROM. */
static guint8 *
syn_fragment (guint from, guint to, gboolean more, guint32 *len)
{
  static const guint8 tcp[20] = { 0x9c, 0x40, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff };
  guint8 *p = g_malloc0 (20 + (to - from));

  p[0] = 0x45;
  p[3] = (guint8) (20 + to - from);
  p[5] = 7;                                       /* id 7 */
  p[6] = (guint8) ((more ? 0x20 : 0) | (from / 8) >> 8);
  p[7] = (guint8) (from / 8);
  p[8] = 64;
  p[9] = 6;
  p[12] = 10, p[15] = 1;
  p[16] = 10, p[19] = 2;
  memcpy (p + 20, tcp + from, to - from);
  *len = 20 + to - from;
  return p;
}

/* Decodes the fragments FRAGS (of LINKTYPE) and adds them, with or without
 * their bytes; returns the conversation the last one was counted in. */
static const LadderConversation *
add_fragments (LadderConversations *convs, guint8 *frags[2], const guint32 lens[2],
               guint32 linktype, gboolean with_bytes)
{
  const LadderConversation *c = NULL;

  for (guint i = 0; i < 2; i++)
    {
      LadderPacket pkt;
      LadderFrame frame = { i + 1, 1000 * i, 0, &pkt, with_bytes ? frags[i] : NULL };

      ladder_packet_decode (&pkt, linktype, frags[i], lens[i], lens[i], NULL);
      g_assert_true (pkt.ip_fragment);
      c = ladder_conversations_add (convs, &frame, NULL);
    }
  return c;
}

/* The SYN from port 40000 to 80, counted once, on frame 2 (LEN bytes). */
static void
assert_split_syn (const LadderConversation *c, guint32 len)
{
  g_assert_nonnull (c);
  g_assert_cmpuint (c->proto, ==, 6);
  g_assert_cmpuint (c->a_port, ==, 40000);
  g_assert_cmpuint (c->b_port, ==, 80);
  g_assert_cmpuint (c->packets_ab, ==, 1);
  g_assert_cmpuint (c->bytes_ab, ==, len);     /* the completing frame's length */
  g_assert_cmpuint (c->tcp->syn_packet, ==, 2);
}

/* A TCP header split across two fragments is put back together from the
 * fragments' bytes and counted on the second, as tshark does. */
static void
test_split_tcp_header (void)
{
  for (int with_bytes = 0; with_bytes < 2; with_bytes++)
    {
      g_autoptr (LadderConversations) convs = ladder_conversations_new (LADDER_CONVERSATIONS_TCP_ANALYSIS);
      guint32 lens[2];
      g_autofree guint8 *first = syn_fragment (0, 8, TRUE, &lens[0]);
      g_autofree guint8 *second = syn_fragment (8, 20, FALSE, &lens[1]);
      guint8 *frags[2] = { first, second };
      const LadderConversation *c = add_fragments (convs, frags, lens, LADDER_LINKTYPE_IPV4, with_bytes);

      /* Without the bytes, the first fragment's cut header is all there is. */
      if (!with_bytes)
        g_assert_null (c);
      else
        assert_split_syn (c, 32);
    }
}

/* An IPv6 fragment with a Fragment header (id 7) carrying the SYN's TCP
 * header bytes [FROM, TO).  With DSTOPTS, an 8-byte Destination Options
 * header follows the Fragment header (it belongs to the fragmentable part,
 * so it is in the first fragment's data and moves the TCP bytes by 8). */
static guint8 *
syn_fragment_v6 (guint from, guint to, gboolean more, gboolean dstopts, guint32 *len)
{
  static const guint8 tcp[20] = { 0x9c, 0x40, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff };
  static const guint8 opts[8] = { 6, 0, 1, 4, 0, 0, 0, 0 };   /* next TCP, PadN */
  guint head = from == 0 && dstopts ? 8 : 0;
  guint offset = from == 0 ? 0 : from + (dstopts ? 8 : 0);
  guint data = head + (to - from);
  guint8 *p = g_malloc0 (48 + data);

  p[0] = 0x60;
  p[5] = (guint8) (8 + data);                     /* payload length */
  p[6] = 44;                                      /* Fragment header */
  p[7] = 64;
  p[8] = 0x20, p[9] = 0x01, p[10] = 0x0d, p[11] = 0xb8, p[23] = 1;
  p[24] = 0x20, p[25] = 0x01, p[26] = 0x0d, p[27] = 0xb8, p[39] = 2;
  p[40] = dstopts ? 60 : 6;
  p[42] = (guint8) (offset >> 8);
  p[43] = (guint8) ((offset & 0xf8) | (more ? 1 : 0));
  p[47] = 7;                                      /* id 7 */
  if (head > 0)
    memcpy (p + 48, opts, sizeof opts);
  memcpy (p + 48 + head, tcp + from, to - from);
  *len = 48 + data;
  return p;
}

/* As split-tcp-header, over IPv6: the datagram is rebuilt from the
 * fragments' bytes (with and without an extension header after the
 * Fragment header) and counted on the frame that completes it. */
static void
test_split_tcp_header_v6 (void)
{
  for (int variant = 0; variant < 3; variant++)
    {
      gboolean with_bytes = variant > 0, dstopts = variant == 2;
      g_autoptr (LadderConversations) convs = ladder_conversations_new (LADDER_CONVERSATIONS_TCP_ANALYSIS);
      guint32 lens[2];
      g_autofree guint8 *first = syn_fragment_v6 (0, 8, TRUE, dstopts, &lens[0]);
      g_autofree guint8 *second = syn_fragment_v6 (8, 20, FALSE, dstopts, &lens[1]);
      guint8 *frags[2] = { first, second };
      const LadderConversation *c = add_fragments (convs, frags, lens, LADDER_LINKTYPE_IPV6, with_bytes);

      if (!with_bytes)
        {
          g_assert_null (c);
          continue;
        }
      assert_split_syn (c, 48 + 12);
      g_assert_cmpuint (c->a.family, ==, 6);
      g_assert_cmpuint (c->a.bytes[15], ==, 1);
      g_assert_cmpuint (ladder_conversations_get_n_items (convs), ==, 1);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/conversations/batch", test_batch_equals_single);
  g_test_add_func ("/ladder/conversations/flow-records", test_flow_records);
  g_test_add_func ("/ladder/conversations/many-tcp", test_many_tcp);
  g_test_add_func ("/ladder/conversations/split-tcp-header", test_split_tcp_header);
  g_test_add_func ("/ladder/conversations/split-tcp-header-v6", test_split_tcp_header_v6);
  g_test_add_func ("/ladder/conversations/tshark", test_against_tshark);
  return g_test_run ();
}
