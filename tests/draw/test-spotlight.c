/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-spotlight.c: the packet spotlight's boxes (ladder-spotlight.h).
 *
 * On recorded captures: a handshake packet's IPv4 and TCP fields at the
 * RFC figures' bit positions with the values the decoder read; a
 * traceroute's Time Exceeded holding the probe's quoted header beside the
 * TTL the probe was sent with; an IPv6 header with its 128-bit addresses;
 * every header's rows tiled by its fields exactly once.  Truncated copies
 * of packets, cut at every length, never show a byte past the cut (the
 * sanitizer build catches any read past it).  `render --view spotlight`
 * writes SVG and PNG (kept in draw-artifacts/ for looking at).
 */
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "draw-fixtures.h"
#include "ladder-diagram.h"
#include "ladder-load.h"
#include "ladder-spotlight.h"

typedef struct
{
  LadderCapture  *capture;
  LadderAnalysis *analysis;
  LadderDiagram  *diagram;
  const LadderSpotlightModel *m;
  LadderPacket    pkt;
} Spot;

static Spot *
spot_new (const char *fixture, guint64 frame, LadderSpotlightFocus focus)
{
  Spot *s = g_new0 (Spot, 1);
  LadderDiagramOptions options;
  g_autoptr (GError) error = NULL;

  s->capture = draw_fixture_load (fixture);
  s->analysis = ladder_capture_analyse (s->capture);
  ladder_diagram_options_init (&options);
  options.packet = frame;
  options.spotlight_focus = focus;
  s->diagram = ladder_diagram_new (LADDER_DIAGRAM_SPOTLIGHT, s->capture, s->analysis, &options, &error);
  g_assert_no_error (error);
  s->m = ladder_diagram_get_spotlight (s->diagram);
  g_assert_nonnull (s->m);
  g_assert_true (ladder_capture_decode (s->capture, frame, &s->pkt, NULL));
  return s;
}

static void
spot_free (Spot *s)
{
  ladder_diagram_free (s->diagram);
  ladder_analysis_unref (s->analysis);
  ladder_capture_unref (s->capture);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Spot, spot_free)

static const LadderSpotlightHeader *
header (const LadderSpotlightModel *m, guint index)
{
  g_assert_cmpuint (index, <, m->headers->len);
  return &g_array_index (m->headers, LadderSpotlightHeader, index);
}

/* The field NAME of header HEADER: at ROW, BIT, BITS wide, showing VALUE
 * (NULL: not checked), OFFSET bytes into the packet. */
static const LadderSpotlightField *
check_field (const LadderSpotlightModel *m, guint h, const char *name, guint row, guint bit, guint bits,
             const char *value, guint32 offset)
{
  const LadderSpotlightField *f = ladder_spotlight_model_find (m, h, name);

  if (f == NULL)
    g_error ("header %u has no field %s", h, name);
  g_assert_cmpuint (f->row, ==, row);
  g_assert_cmpuint (f->bit, ==, bit);
  g_assert_cmpuint (f->bits, ==, bits);
  g_assert_cmpuint (f->offset, ==, offset);
  if (value != NULL)
    g_assert_cmpstr (f->value, ==, value);
  /* The box is where its bits are. */
  g_assert_cmpfloat_with_epsilon (f->x, m->left + bit * m->bit_w, 1e-9);
  g_assert_cmpfloat_with_epsilon (f->w, bits * m->bit_w, 1e-9);
  g_assert_cmpfloat_with_epsilon (f->y, header (m, h)->y + row * m->row_h, 1e-9);
  return f;
}

/* Every bit of every row of every header belongs to exactly one field. */
static void
check_tiling (const LadderSpotlightModel *m)
{
  for (guint h = 0; h < m->headers->len; h++)
    {
      const LadderSpotlightHeader *hd = header (m, h);
      g_autofree guint8 *cover = g_new0 (guint8, hd->n_rows * 32);

      for (guint i = 0; i < hd->n_fields; i++)
        {
          const LadderSpotlightField *f = &g_array_index (m->fields, LadderSpotlightField, hd->first_field + i);
          g_assert_cmpuint (f->header, ==, h);
          g_assert_cmpuint (f->bit + f->bits, <=, 32);
          for (guint r = f->row; r < f->row + f->rows; r++)
            for (guint b = f->bit; b < f->bit + f->bits; b++)
              cover[r * 32 + b]++;
        }
      for (guint i = 0; i < hd->n_rows * 32; i++)
        if (cover[i] != 1)
          g_error ("%s: row %u bit %u is covered %u times", hd->title, i / 32, i % 32, cover[i]);
    }
}

static guint64
find_frame (LadderCapture *capture, guint16 flags)
{
  LadderPacket pkt;

  for (guint64 n = 1; n <= ladder_capture_get_n_frames (capture); n++)
    if (ladder_capture_decode (capture, n, &pkt, NULL) && (pkt.layers & LADDER_LAYER_TCP)
        && (pkt.tcp_flags & 0xff) == flags)
      return n;
  g_error ("no TCP packet with flags 0x%x", flags);
}

static void
test_handshake (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("lab-tcp-echo.pcapng");
  guint64 frame = find_frame (capture, LADDER_TCP_SYN | LADDER_TCP_ACK);
  g_autoptr (Spot) s = spot_new ("lab-tcp-echo.pcapng", frame, LADDER_SPOTLIGHT_FOCUS_AUTO);
  const LadderSpotlightModel *m = s->m;
  guint32 ip = s->pkt.ip_off, tcp = s->pkt.l4_off;
  g_autofree char *ttl = g_strdup_printf ("%u", s->pkt.ttl);
  g_autofree char *seq = g_strdup_printf ("%u (relative 0)", s->pkt.seq);
  g_autofree char *ack = g_strdup_printf ("%u (relative 1)", s->pkt.ack);
  const LadderSpotlightField *f;

  g_assert_cmpint (m->focus, ==, LADDER_SPOTLIGHT_FOCUS_HANDSHAKE);
  g_assert_cmpuint (m->headers->len, ==, 2);
  g_assert_cmpint (header (m, 0)->proto, ==, LADDER_SPOTLIGHT_IPV4);
  g_assert_cmpint (header (m, 1)->proto, ==, LADDER_SPOTLIGHT_TCP);
  g_assert_cmpstr (header (m, 1)->title, ==, "TCP header (RFC 9293): SYN-ACK");
  check_field (m, 0, "Version", 0, 0, 4, "4", ip);
  check_field (m, 0, "IHL", 0, 4, 4, "5", ip);
  check_field (m, 0, "Total Length", 0, 16, 16, "60", ip + 2);
  check_field (m, 0, "Identification", 1, 0, 16, NULL, ip + 4);
  check_field (m, 0, "Flags", 1, 16, 3, "DF", ip + 6);
  check_field (m, 0, "Fragment Offset", 1, 19, 13, "0", ip + 6);
  f = check_field (m, 0, "Time to Live", 2, 0, 8, ttl, ip + 8);
  g_assert_false (f->emphasised);
  check_field (m, 0, "Protocol", 2, 8, 8, "6 (TCP)", ip + 9);
  check_field (m, 0, "Source Address", 3, 0, 32, "10.0.4.2", ip + 12);
  check_field (m, 0, "Destination Address", 4, 0, 32, "10.0.1.1", ip + 16);
  g_assert_cmpuint (header (m, 0)->n_rows, ==, 5);
  check_field (m, 1, "Source Port", 0, 0, 16, "7", tcp);
  f = check_field (m, 1, "Sequence Number", 1, 0, 32, seq, tcp + 4);
  g_assert_true (f->emphasised);
  f = check_field (m, 1, "Acknowledgment Number", 2, 0, 32, ack, tcp + 8);
  g_assert_true (f->emphasised);
  check_field (m, 1, "DOffset", 3, 0, 4, "10", tcp + 12);
  f = check_field (m, 1, "ACK", 3, 11, 1, "1", tcp + 13);
  g_assert_true (f->emphasised);
  f = check_field (m, 1, "SYN", 3, 14, 1, "1", tcp + 13);
  g_assert_true (f->emphasised);
  f = check_field (m, 1, "FIN", 3, 15, 1, "0", tcp + 13);
  g_assert_false (f->emphasised);
  check_field (m, 1, "Window", 3, 16, 16, NULL, tcp + 14);
  f = check_field (m, 1, "Options", 5, 0, 32, NULL, tcp + 20);
  g_assert_nonnull (strstr (f->value, "MSS 1460"));
  g_assert_cmpuint (f->length, ==, 20);
  /* The TCP header is drawn below the IPv4 header. */
  g_assert_cmpfloat (header (m, 1)->y, >, header (m, 0)->y + header (m, 0)->h);
  check_tiling (m);
}

static void
test_time_exceeded (void)
{
  g_autoptr (Spot) s = spot_new ("traceroute-router-links.pcap", 21, LADDER_SPOTLIGHT_FOCUS_AUTO);
  const LadderSpotlightModel *m = s->m;
  guint32 q = s->pkt.quoted.quoted_off;
  const LadderSpotlightField *f;

  g_assert_cmpint (m->focus, ==, LADDER_SPOTLIGHT_FOCUS_TTL);
  g_assert_cmpuint (m->headers->len, ==, 4);
  g_assert_cmpint (header (m, 1)->proto, ==, LADDER_SPOTLIGHT_ICMP);
  g_assert_cmpint (header (m, 2)->proto, ==, LADDER_SPOTLIGHT_IPV4);
  g_assert_cmpint (header (m, 3)->proto, ==, LADDER_SPOTLIGHT_UDP);
  g_assert_false (header (m, 1)->quoted);
  g_assert_true (header (m, 2)->quoted && header (m, 3)->quoted);
  check_field (m, 0, "Source Address", 3, 0, 32, "10.0.2.2", s->pkt.ip_off + 12);
  check_field (m, 1, "Type", 0, 0, 8, "11", s->pkt.l4_off);
  g_assert_cmpstr (header (m, 1)->title, ==, "ICMP header (RFC 792): Time Exceeded");
  check_field (m, 1, "Code", 0, 8, 8, "0", s->pkt.l4_off + 1);
  check_field (m, 1, "Unused", 1, 0, 32, "0x00000000", s->pkt.l4_off + 4);
  /* The probe it quotes is frame 19, sent with TTL 3; the copy frame 20
   * (the next link) had TTL 2, the router got it with TTL 1. */
  g_assert_cmpuint (m->probe, ==, 19);
  g_assert_cmpstr (header (m, 2)->title, ==, "Quoted (packet 19 as sent): IPv4 header (RFC 791)");
  f = check_field (m, 2, "Time to Live", 2, 0, 8, "1 (sent 3)", q + 8);
  g_assert_true (f->differs && f->emphasised);
  f = check_field (m, 2, "Destination Address", 4, 0, 32, "10.0.3.2", q + 16);
  g_assert_false (f->differs);
  f = check_field (m, 3, "Destination Port", 0, 16, 16, "33440", q + 20 + 2);
  g_assert_false (f->differs);
  check_field (m, 3, "Length", 1, 0, 16, "40", q + 20 + 4);
  /* The outer TTL is emphasised too, and the ICMP message (its header and
   * the quote) sits inside one frame. */
  g_assert_true (ladder_spotlight_model_find (m, 0, "Time to Live")->emphasised);
  g_assert_cmpfloat (m->quote_w, >, 0);
  for (guint h = 1; h < 4; h++)
    {
      g_assert_cmpfloat (header (m, h)->y, >, m->quote_y);
      g_assert_cmpfloat (header (m, h)->y + header (m, h)->h, <=, m->quote_y + m->quote_h);
      g_assert_cmpfloat (header (m, h)->x, >=, m->quote_x);
    }
  g_assert_cmpfloat (header (m, 0)->y + header (m, 0)->h, <, m->quote_y);
  check_tiling (m);
}

static void
test_ipv6 (void)
{
  g_autoptr (Spot) s = spot_new ("tcp-echo-v6.pcap", 2, LADDER_SPOTLIGHT_FOCUS_PORTS);
  const LadderSpotlightModel *m = s->m;
  guint32 ip = s->pkt.ip_off;
  const LadderSpotlightField *f;
  g_autofree char *hops = g_strdup_printf ("%u", s->pkt.ttl);

  g_assert_cmpuint (m->headers->len, ==, 2);
  g_assert_cmpint (header (m, 0)->proto, ==, LADDER_SPOTLIGHT_IPV6);
  g_assert_cmpuint (header (m, 0)->n_rows, ==, 10);
  check_field (m, 0, "Version", 0, 0, 4, "6", ip);
  check_field (m, 0, "Traffic Class", 0, 4, 8, NULL, ip);
  check_field (m, 0, "Flow Label", 0, 12, 20, NULL, ip + 1);
  check_field (m, 0, "Payload Length", 1, 0, 16, "40", ip + 4);
  f = check_field (m, 0, "Next Header", 1, 16, 8, "6 (TCP)", ip + 6);
  g_assert_true (f->emphasised);
  f = check_field (m, 0, "Hop Limit", 1, 24, 8, hops, ip + 7);
  g_assert_false (f->emphasised);
  f = check_field (m, 0, "Source Address", 2, 0, 32, "fd00:2::2", ip + 8);
  g_assert_cmpuint (f->rows, ==, 4);
  g_assert_cmpuint (f->length, ==, 16);
  g_assert_true (f->emphasised);
  f = check_field (m, 0, "Destination Address", 6, 0, 32, "fd00:1::2", ip + 24);
  g_assert_cmpuint (f->rows, ==, 4);
  f = check_field (m, 1, "Source Port", 0, 0, 16, "7000", s->pkt.l4_off);
  g_assert_true (f->emphasised);
  g_assert_false (ladder_spotlight_model_find (m, 1, "Sequence Number")->emphasised);
  check_tiling (m);
}

/* ICMPv6 Time Exceeded quoting an IPv6 echo request. */
static void
test_icmpv6_error (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("ping-ttl-expire-v6.pcap");
  LadderPacket pkt;
  guint64 frame = 0;

  for (guint64 n = 1; n <= ladder_capture_get_n_frames (capture) && frame == 0; n++)
    if (ladder_capture_decode (capture, n, &pkt, NULL) && pkt.icmp_kind == LADDER_ICMP_KIND_TIME_EXCEEDED)
      frame = n;
  g_assert_cmpuint (frame, >, 0);
  {
    g_autoptr (Spot) s = spot_new ("ping-ttl-expire-v6.pcap", frame, LADDER_SPOTLIGHT_FOCUS_AUTO);
    const LadderSpotlightModel *m = s->m;
    guint32 q = s->pkt.quoted.quoted_off;

    g_assert_cmpuint (m->headers->len, ==, 4);
    g_assert_cmpint (header (m, 1)->proto, ==, LADDER_SPOTLIGHT_ICMPV6);
    check_field (m, 1, "Type", 0, 0, 8, "3", s->pkt.l4_off);
    g_assert_cmpint (header (m, 2)->proto, ==, LADDER_SPOTLIGHT_IPV6);
    g_assert_true (ladder_spotlight_model_find (m, 2, "Hop Limit")->emphasised);
    check_field (m, 2, "Hop Limit", 1, 24, 8, NULL, q + 7);
    g_assert_cmpint (header (m, 3)->proto, ==, LADDER_SPOTLIGHT_ICMPV6);
    check_field (m, 3, "Type", 0, 0, 8, "128", q + 40);
    g_assert_true (g_str_has_suffix (header (m, 3)->title, "ICMPv6 header (RFC 4443): Echo Request"));
    check_field (m, 3, "Sequence Number", 1, 16, 16, NULL, q + 46);
    check_tiling (m);
  }
}

/* Cut at every length, in a buffer of exactly that size: a field is shown
 * only when all its bytes were captured, and all captured outer fields are
 * shown. */
static void
check_prefixes (const char *fixture, guint64 frame)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load (fixture);
  LadderFrameInfo info;

  g_assert_true (ladder_capture_get_frame (capture, frame, &info));
  for (guint32 k = 0; k <= info.caplen; k++)
    {
      g_autofree guint8 *cut = g_memdup2 (info.data, MAX (k, 1));
      LadderPacket pkt;
      g_autoptr (LadderSpotlightModel) m = NULL;

      ladder_packet_decode (&pkt, info.linktype, k > 0 ? cut : NULL, k, info.wirelen, NULL);
      m = ladder_spotlight_model_new (&pkt, k > 0 ? cut : NULL, k, LADDER_SPOTLIGHT_FOCUS_AUTO, NULL, 1.0, 0);
      if (m == NULL)
        continue;
      for (guint i = 0; i < m->fields->len; i++)
        {
          const LadderSpotlightField *f = &g_array_index (m->fields, LadderSpotlightField, i);
          gboolean inside = f->offset <= k && f->length <= k - f->offset;
          if (f->captured)
            g_assert_true (inside);
          else
            g_assert_cmpstr (f->value, ==, "not captured");
          if (!header (m, f->header)->quoted)
            g_assert_true (f->captured == inside);
        }
    }
}

static void
test_truncated (void)
{
  check_prefixes ("traceroute-router-links.pcap", 21);
  check_prefixes ("lab-tcp-echo.pcapng", 3);
  check_prefixes ("tcp-echo-v6.pcap", 2);
  check_prefixes ("ping-ttl-expire-v6.pcap", 2);
}

/* Frames of every capture in DIR (what loads of it): a figure, or none for
 * packets without an IP header; rows tiled once; a captured field lies
 * inside the capture.  Counts the figures and those with a quote. */
static void
check_dir (const char *dir_path, guint *figures, guint *quotes)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr (LadderCapture) capture = ladder_capture_new ();

      if (!g_str_has_suffix (name, ".pcap") && !g_str_has_suffix (name, ".pcapng"))
        continue;
      /* Hostile corpus files may stop early: what was read is checked. */
      ladder_load_file (capture, path, NULL, NULL, NULL, NULL);
      for (guint64 n = 1; n <= MIN (ladder_capture_get_n_frames (capture), 3000); n++)
        {
          LadderFrameInfo info;
          LadderPacket pkt;
          g_autoptr (LadderSpotlightModel) m = NULL;

          ladder_capture_get_frame (capture, n, &info);
          ladder_packet_decode (&pkt, info.linktype, info.data, info.caplen, info.wirelen, NULL);
          m = ladder_spotlight_model_new (&pkt, info.data, info.caplen, LADDER_SPOTLIGHT_FOCUS_AUTO, NULL, 1.0, 0);
          if (m == NULL)
            {
              g_assert_true (pkt.ip_version == 0 || pkt.ip_off >= info.caplen);
              continue;
            }
          (*figures)++;
          *quotes += m->quote_w > 0;
          check_tiling (m);
          for (guint i = 0; i < m->fields->len; i++)
            {
              const LadderSpotlightField *f = &g_array_index (m->fields, LadderSpotlightField, i);
              if (f->captured)
                g_assert_true (f->offset <= info.caplen && f->length <= info.caplen - f->offset);
            }
        }
    }
}

static void
test_every_fixture (void)
{
  g_autofree char *data = g_test_build_filename (G_TEST_DIST, "..", "data", NULL);
  g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "..", "data", "corpus", NULL);
  guint figures = 0, quotes = 0, corpus_figures = 0, corpus_quotes = 0;

  check_dir (data, &figures, &quotes);
  check_dir (corpus, &corpus_figures, &corpus_quotes);
  g_test_message ("fixtures: %u figures, %u with a quoted header; corpus: %u figures, %u quoting",
                  figures, quotes, corpus_figures, corpus_quotes);
  g_assert_cmpuint (figures, >, 1000);
  g_assert_cmpuint (quotes, >, 20);
  g_assert_cmpuint (corpus_figures, >, 100);
}

static int
run_cli (const char *const *args, char **out, char **err)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  int status = -1;

  g_ptr_array_add (argv, (gpointer) g_getenv ("WIRELADDER_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, out, err, &status, NULL));
  g_test_message ("render: %s", *err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_render (void)
{
  g_autofree char *in = g_test_build_filename (G_TEST_DIST, "..", "data", "traceroute-router-links.pcap", NULL);
  g_autofree char *tcp = g_test_build_filename (G_TEST_DIST, "..", "data", "lab-tcp-echo.pcapng", NULL);
  g_autofree char *svg = g_build_filename (draw_fixture_artifact_dir (), "spotlight-time-exceeded.svg", NULL);
  g_autofree char *png = g_build_filename (draw_fixture_artifact_dir (), "spotlight-time-exceeded.png", NULL);
  g_autofree char *png2 = g_build_filename (draw_fixture_artifact_dir (), "spotlight-syn.png", NULL);
  g_autofree char *text = NULL, *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL, *out4 = NULL, *err4 = NULL, *out5 = NULL, *err5 = NULL;

  if (g_getenv ("WIRELADDER_CLI") == NULL)
    {
      g_test_skip ("WIRELADDER_CLI is not set: run under meson test");
      return;
    }
  g_assert_cmpint (run_cli ((const char *[]) { "render", in, "--view", "spotlight", "--packet", "21", "-o", svg, NULL }, &out, &err), ==, 0);
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "id=\"frame-21\""));
  g_assert_nonnull (strstr (text, ">1 (sent 3)<"));
  g_assert_nonnull (strstr (text, ">Time to Live<"));
  g_assert_cmpint (run_cli ((const char *[]) { "render", in, "--view", "spotlight", "--packet", "21", "--font-scale", "1.5", "-o", png, NULL }, &out2, &err2), ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (run_cli ((const char *[]) { "render", tcp, "--view", "spotlight", "--packet", "3", "--font-scale", "1.5", "-o", png2, NULL }, &out5, &err5), ==, 0);
  /* ARP has no IP header; a missing --packet is a usage error. */
  g_assert_cmpint (run_cli ((const char *[]) { "render", tcp, "--view", "spotlight", "--packet", "1", "-o", svg, NULL }, &out3, &err3), ==, 1);
  g_assert_nonnull (strstr (err3, "packet 1 has no IP header to draw"));
  g_assert_cmpint (run_cli ((const char *[]) { "render", tcp, "--view", "spotlight", "-o", svg, NULL }, &out4, &err4), ==, 2);
  g_assert_nonnull (strstr (err4, "--view spotlight needs --packet N"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/spotlight/handshake", test_handshake);
  g_test_add_func ("/ladder/spotlight/time-exceeded", test_time_exceeded);
  g_test_add_func ("/ladder/spotlight/ipv6", test_ipv6);
  g_test_add_func ("/ladder/spotlight/icmpv6-error", test_icmpv6_error);
  g_test_add_func ("/ladder/spotlight/truncated", test_truncated);
  g_test_add_func ("/ladder/spotlight/every-fixture", test_every_fixture);
  g_test_add_func ("/ladder/spotlight/render", test_render);
  return g_test_run ();
}
