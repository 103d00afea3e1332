/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-capture.c: the packet store, lab events, sightings and the loader. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ladder-capture.h"
#include "ladder-load.h"
#include "ladder-sightings.h"
#include "ladder-test-util.h"


/* What the streaming analysers say about a file, for comparison. */
typedef struct
{
  LadderConversations *convs;
  LadderPing          *ping;
  LadderTraceroute    *trace;
  GPtrArray           *bytes;   /* GBytes per frame */
} Streamed;

static void
stream_frame (const LadderFrame *frame, gpointer user_data)
{
  Streamed *s = user_data;

  ladder_conversations_add (s->convs, frame, NULL);
  ladder_ping_add_frame (s->ping, frame);
  ladder_traceroute_add_frame (s->trace, frame);
  g_ptr_array_add (s->bytes, g_bytes_new (frame->data, frame->pkt->caplen));
}

static void
streamed_init (Streamed *s, const char *path)
{
  s->convs = ladder_conversations_new (LADDER_CONVERSATIONS_TCP_ANALYSIS);
  s->ping = ladder_ping_new ();
  s->trace = ladder_traceroute_new ();
  s->bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  ladder_test_read_file (path, stream_frame, s, NULL);
  ladder_ping_finish (s->ping);
  ladder_traceroute_finish (s->trace);
}

static void
streamed_clear (Streamed *s)
{
  ladder_conversations_free (s->convs);
  ladder_ping_free (s->ping);
  ladder_traceroute_free (s->trace);
  g_ptr_array_unref (s->bytes);
}

static void
assert_same_conversations (LadderConversations *a, LadderConversations *b)
{
  g_assert_cmpuint (ladder_conversations_get_n_items (a), ==, ladder_conversations_get_n_items (b));
  for (guint i = 0; i < ladder_conversations_get_n_items (a); i++)
    {
      const LadderConversation *x = ladder_conversations_get_item (a, i);
      const LadderConversation *y = ladder_conversations_get_item (b, i);

      g_assert_cmpuint (x->proto, ==, y->proto);
      g_assert_true (ladder_addr_equal (&x->a, &y->a) && ladder_addr_equal (&x->b, &y->b));
      g_assert_cmpuint (x->packets_ab, ==, y->packets_ab);
      g_assert_cmpuint (x->packets_ba, ==, y->packets_ba);
      g_assert_cmpuint (x->bytes_ab, ==, y->bytes_ab);
      g_assert_cmpuint (x->bytes_ba, ==, y->bytes_ba);
      g_assert_cmpuint (x->tcp != NULL, ==, y->tcp != NULL);
      if (x->tcp != NULL)
        g_assert_cmpint (x->tcp->close, ==, y->tcp->close);
    }
}

/* Every fixture loaded into a capture gives the same frames and the same
 * answers as the streaming analysers. */
static void
test_load_fixtures (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", NULL);
  g_autoptr(GPtrArray) files = ladder_test_list_captures (dir);

  g_assert_cmpuint (files->len, >, 20);
  for (guint f = 0; f < files->len; f++)
    {
      const char *path = g_ptr_array_index (files, f);
      g_autoptr(LadderCapture) capture = ladder_capture_new ();
      g_autoptr(LadderAnalysis) analysis = NULL;
      g_autoptr(GError) error = NULL;
      Streamed s;

      g_autofree char *base = g_path_get_basename (path);
      /* Lab captures hold every packet once per link it crossed. */
      gboolean lab = g_str_has_prefix (base, "lab-");
      guint64 sightings = 0;

      g_test_message ("%s", path);
      g_assert_true (ladder_load_file (capture, path, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      streamed_init (&s, path);
      g_assert_cmpuint (ladder_capture_get_n_frames (capture), ==, s.bytes->len);
      for (guint64 n = 1; n <= s.bytes->len; n++)
        {
          LadderFrameInfo info;
          gsize len;
          const guint8 *want = g_bytes_get_data (g_ptr_array_index (s.bytes, n - 1), &len);

          g_assert_true (ladder_capture_get_frame (capture, n, &info));
          g_assert_cmpmem (info.data, info.caplen, want, len);
          g_assert_cmpuint (info.sighting_of, <, n);
          sightings += info.sighting_of != 0;
        }
      analysis = ladder_capture_analyse (capture);
      if (lab)
        {
          /* Folded: fewer packets counted than the unfolded stream. */
          g_assert_cmpuint (sightings, >, 0);
          g_assert_cmpuint (ladder_conversations_get_n_items (ladder_analysis_get_conversations (analysis)), ==,
                            ladder_conversations_get_n_items (s.convs));
          g_assert_cmpuint (ladder_conversations_get_item (ladder_analysis_get_conversations (analysis), 0)->packets_ab, <,
                            ladder_conversations_get_item (s.convs, 0)->packets_ab);
          streamed_clear (&s);
          continue;
        }
      g_assert_cmpuint (sightings, ==, 0);
      assert_same_conversations (ladder_analysis_get_conversations (analysis), s.convs);
      g_assert_cmpuint (ladder_ping_get_n_sessions (ladder_analysis_get_ping (analysis)), ==,
                        ladder_ping_get_n_sessions (s.ping));
      g_assert_cmpuint (ladder_traceroute_get_n_runs (ladder_analysis_get_traceroute (analysis)), ==,
                        ladder_traceroute_get_n_runs (s.trace));
      streamed_clear (&s);
    }
}

static void
test_frame_lookup (void)
{
  g_autofree char *path = ladder_test_data_path ("tcp-echo-v4.pcap");
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(LadderAnalysis) analysis = NULL;
  LadderFrameInfo info;
  LadderPacket pkt;
  LadderTcpPacketInfo tcp;
  guint64 n;

  g_assert_true (ladder_load_file (capture, path, NULL, NULL, NULL, NULL));
  n = ladder_capture_get_n_frames (capture);
  g_assert_cmpuint (n, >, 3);
  g_assert_false (ladder_capture_get_frame (capture, 0, &info));
  g_assert_false (ladder_capture_get_frame (capture, n + 1, &info));
  g_assert_cmpuint (ladder_capture_get_n_interfaces (capture), ==, 1);
  g_assert_null (ladder_capture_get_interface (capture, 1));

  /* Frame 1 is the SYN. */
  g_assert_true (ladder_capture_decode (capture, 1, &pkt, NULL));
  g_assert_cmpuint (pkt.tcp_flags & (LADDER_TCP_SYN | LADDER_TCP_ACK), ==, LADDER_TCP_SYN);
  analysis = ladder_capture_analyse (capture);
  g_assert_cmpint (ladder_analysis_get_frame_conversation (analysis, 1), ==, 0);
  g_assert_cmpint (ladder_analysis_get_frame_conversation (analysis, n + 1), ==, -1);
  g_assert_true (ladder_analysis_get_tcp_info (analysis, 1, &tcp));
  g_assert_cmpint (tcp.state[0], ==, LADDER_TCP_SYN_SENT);
  g_assert_false (ladder_analysis_get_tcp_info (analysis, n + 1, &tcp));
}

static char *
write_temp (const void *data, gsize len)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("ladder-capture-XXXXXX.pcap", &path, &error);

  g_assert_no_error (error);
  g_assert_true (write (fd, data, len) == (gssize) len);
  close (fd);
  return path;
}

/* A file cut mid-record: the frames before the cut stay, with the error. */
static void
test_truncated (void)
{
  g_autofree char *path = ladder_test_data_path ("tcp-echo-v4.pcap");
  g_autofree char *contents = NULL;
  g_autofree char *cut = NULL;
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  cut = write_temp (contents, len - 5);
  g_assert_false (ladder_load_file (capture, cut, NULL, NULL, NULL, &error));
  g_assert_error (error, LADDER_READER_ERROR, LADDER_READER_ERROR_TRUNCATED);
  g_assert_cmpuint (ladder_capture_get_n_frames (capture), >, 3);
  unlink (cut);
}

static void
count_progress (guint64 done, guint64 total, guint64 frames, gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, <=, total);
  (*calls)++;
}

static void
test_progress_and_cancel (void)
{
  g_autofree char *path = ladder_test_data_path ("tcp-echo-v4.pcap");
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(LadderCapture) cancelled = ladder_capture_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint calls = 0;

  g_assert_true (ladder_load_file (capture, path, NULL, count_progress, &calls, NULL));
  g_assert_cmpuint (calls, >=, 2);
  g_assert_false (ladder_load_file (capture, "/nonexistent/x.pcap", NULL, NULL, NULL, &error));
  g_assert_error (error, LADDER_READER_ERROR, LADDER_READER_ERROR_OPEN);
  g_clear_error (&error);

  /* Cancellation is checked every 1024 frames: a long synthetic capture. */
  g_cancellable_cancel (cancellable);
  {
    GByteArray *file = g_byte_array_new ();
    static const guint8 header[24] = { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0,
                                       0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0 };
    guint8 rec[16 + 60] = { 0 };
    g_autofree char *tmp = NULL;

    g_byte_array_append (file, header, sizeof header);
    rec[8] = rec[12] = 60;
    for (guint i = 0; i < 5000; i++)
      g_byte_array_append (file, rec, sizeof rec);
    tmp = write_temp (file->data, file->len);
    g_byte_array_unref (file);
    g_assert_false (ladder_load_file (cancelled, tmp, cancellable, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (ladder_capture_get_n_frames (cancelled), <, 5000);
    unlink (tmp);
  }
}

typedef struct
{
  guint asked;
  guint cancel_at;   /* says TRUE on this question */
} CancelCounter;

static gboolean
cancel_after (gpointer data)
{
  CancelCounter *c = data;

  return ++c->asked >= c->cancel_at;
}

/* Analysis stops within LADDER_ANALYSE_CHECK_EVERY frames of a cancel
 * (the window's Cancel and a newer load stop its work, not only its
 * result); a caller that never cancels gets what the plain call gives. */
static void
test_analyse_cancel (void)
{
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(LadderAnalysis) plain = NULL, full = NULL;
  guint8 frame[60] = { 0 };
  const guint n = 5 * LADDER_ANALYSE_CHECK_EVERY + 7;
  CancelCounter never = { 0, G_MAXUINT }, second = { 0, 2 };

  ladder_capture_add_interface (capture, "eth0", NULL, 1);
  frame[12] = 0x08;  /* an IPv4 ethertype with no IPv4 header: decoded, counted nowhere */
  for (guint i = 0; i < n; i++)
    ladder_capture_add_frame (capture, (gint64) i * 1000, 0, 1, frame, sizeof frame, sizeof frame);
  g_assert_null (ladder_capture_analyse_full (capture, cancel_after, &second));
  g_assert_cmpuint (second.asked, ==, 2);
  full = ladder_capture_analyse_full (capture, cancel_after, &never);
  g_assert_nonnull (full);
  /* asked at frames 1, 4097, ... : once per LADDER_ANALYSE_CHECK_EVERY */
  g_assert_cmpuint (never.asked, ==, (n + LADDER_ANALYSE_CHECK_EVERY - 1) / LADDER_ANALYSE_CHECK_EVERY);
  plain = ladder_capture_analyse (capture);
  g_assert_cmpuint (ladder_analysis_get_n_frames (full), ==, ladder_analysis_get_n_frames (plain));
  g_assert_cmpuint (ladder_analysis_get_n_frames (full), ==, n);
}

/* The loader reads with read(2): a mapped file cut short by another
 * process meanwhile would kill the window with SIGBUS. */
static void
check_not_mapped (guint64 done, guint64 total, guint64 frames, gpointer user_data)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  g_assert_null (strstr (maps, (const char *) user_data));
}

static void
test_not_mapped (void)
{
  g_autofree char *path = ladder_test_data_path ("tcp-echo-v4.pcap");
  g_autofree char *real = realpath (path, NULL);
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(LadderReader) reader = NULL;
  g_autofree char *maps = NULL;

  g_assert_nonnull (real);
  g_assert_true (ladder_load_file (capture, path, NULL, check_not_mapped, real, NULL));
  /* The check can fail: the plain reader does map it. */
  reader = ladder_reader_open (path, NULL);
  g_assert_nonnull (reader);
  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  g_assert_nonnull (strstr (maps, real));
}

/* Readers on another thread see complete frames while appends go on. */
typedef struct
{
  LadderCapture *capture;
  guint          n;
} Appender;

static gpointer
append_thread (gpointer user_data)
{
  Appender *a = user_data;
  guint8 buf[3000];

  for (guint i = 0; i < a->n; i++)
    {
      guint32 len = 1 + (i * 7919) % sizeof buf;

      memset (buf, (guint8) i, len);
      ladder_capture_add_frame (a->capture, i, 0, 1, buf, len, len);
    }
  return NULL;
}

static void
test_concurrent (void)
{
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  Appender a = { capture, 200000 };
  GThread *thread;
  guint64 seen = 0;

  ladder_capture_add_interface (capture, "eth0", NULL, 1);
  thread = g_thread_new ("append", append_thread, &a);
  while (seen < a.n)
    {
      guint64 n = ladder_capture_get_n_frames (capture);

      for (guint64 k = seen + 1; k <= n; k++)
        {
          LadderFrameInfo info;

          g_assert_true (ladder_capture_get_frame (capture, k, &info));
          g_assert_cmpuint (info.caplen, ==, 1 + ((k - 1) * 7919) % 3000);
          g_assert_cmpuint (info.data[0], ==, (guint8) (k - 1));
          g_assert_cmpuint (info.data[info.caplen - 1], ==, (guint8) (k - 1));
        }
      seen = n;
    }
  g_thread_join (thread);
  g_assert_cmpuint (ladder_capture_get_n_frames (capture), ==, a.n);
}

/* Sightings: each frame of a fixture seen again on a second lab link,
 * one hop later (TTL one lower, checksum different). */
static void
add_hop_later (LadderCapture *capture, const LadderFrameInfo *info, guint32 iface)
{
  g_autofree guint8 *copy = g_memdup2 (info->data, info->caplen);
  LadderPacket pkt;

  ladder_packet_decode (&pkt, info->linktype, info->data, info->caplen, info->wirelen, NULL);
  if (pkt.ip_version == 4 && pkt.ip_off + 12 <= info->caplen)
    {
      copy[pkt.ip_off + 8]--;
      copy[pkt.ip_off + 10] ^= 0x5a;
    }
  else if (pkt.ip_version == 6 && pkt.ip_off + 8 <= info->caplen)
    copy[pkt.ip_off + 7]--;
  /* A different link header too, as on another veth. */
  if (info->linktype == 1 && info->caplen >= 12)
    copy[0] ^= 0x02;
  ladder_capture_add_frame (capture, info->ts_ns + 50000, iface, info->linktype,
                            copy, info->caplen, info->wirelen);
}

static LadderCapture *
build_two_link_capture (const char *description)
{
  g_autofree char *path = ladder_test_data_path ("tcp-echo-v4.pcap");
  g_autoptr(LadderCapture) src = ladder_capture_new ();
  LadderCapture *capture = ladder_capture_new ();

  g_assert_true (ladder_load_file (src, path, NULL, NULL, NULL, NULL));
  ladder_capture_add_interface (capture, "client-r1", description, 1);
  ladder_capture_add_interface (capture, "r1-server", description, 1);
  for (guint64 n = 1; n <= ladder_capture_get_n_frames (src); n++)
    {
      LadderFrameInfo info;

      ladder_capture_get_frame (src, n, &info);
      ladder_capture_add_frame (capture, info.ts_ns, 0, info.linktype, info.data,
                                info.caplen, info.wirelen);
      add_hop_later (capture, &info, 1);
    }
  return capture;
}

static void
test_sightings_fold (void)
{
  g_autofree char *path = ladder_test_data_path ("tcp-echo-v4.pcap");
  g_autoptr(LadderCapture) lab = build_two_link_capture (LADDER_LAB_IF_DESCRIPTION_PREFIX " client-r1");
  g_autoptr(LadderCapture) plain = build_two_link_capture ("eth0 on some host");
  g_autoptr(LadderAnalysis) lab_analysis = ladder_capture_analyse (lab);
  g_autoptr(LadderAnalysis) plain_analysis = ladder_capture_analyse (plain);
  const LadderConversation *c;
  Streamed s;

  streamed_init (&s, path);
  g_assert_cmpuint (ladder_capture_get_n_frames (lab), ==, 2 * s.bytes->len);
  for (guint64 n = 1; n <= ladder_capture_get_n_frames (lab); n++)
    {
      LadderFrameInfo info;

      ladder_capture_get_frame (lab, n, &info);
      g_assert_cmpuint (info.sighting_of, ==, n % 2 == 0 ? n - 1 : 0);
      g_assert_cmpint (ladder_analysis_get_frame_conversation (lab_analysis, n), ==,
                       ladder_analysis_get_frame_conversation (lab_analysis, n % 2 == 0 ? n - 1 : n));
    }
  /* Counted once: the same table as the one-link original. */
  assert_same_conversations (ladder_analysis_get_conversations (lab_analysis), s.convs);
  g_assert_cmpint (ladder_conversations_get_item (ladder_analysis_get_conversations (lab_analysis), 0)->tcp->flow[0].retransmissions, ==, 0);

  /* Not a lab capture: counted as tshark counts, twice. */
  c = ladder_conversations_get_item (ladder_analysis_get_conversations (plain_analysis), 0);
  g_assert_cmpuint (c->packets_ab, ==, 2 * ladder_conversations_get_item (s.convs, 0)->packets_ab);
  streamed_clear (&s);
}

/* A byte-identical packet repeated on the same link is a new packet. */
/* A raw-IP UDP datagram SRC → DST (dotted quads) with TTL and an ID that
 * tells datagrams apart, on link IFACE. */
static void
add_udp (LadderCapture *capture, guint iface, gint64 ts, const char *src, const char *dst,
         guint8 ttl, guint8 id)
{
  guint8 ip[32] = { 0x45, 0, 0, 32, 0, id, 0x40, 0, ttl, 17, 0, 0 };
  LadderAddr a;

  g_assert_true (ladder_addr_parse (src, &a));
  memcpy (ip + 12, a.bytes, 4);
  g_assert_true (ladder_addr_parse (dst, &a));
  memcpy (ip + 16, a.bytes, 4);
  ip[20] = 0x30, ip[21] = 0x39, ip[22] = 0x2e, ip[23] = 0xe0, ip[25] = 12;
  ladder_capture_add_frame (capture, ts, iface, 101, ip, sizeof ip, sizeof ip);
}

/* The lab's chain client – r1 – r2 – r3 – server, one datagram per case;
 * each later link sees it 1 ms later with its TTL one lower. */
static void
test_losses (void)
{
  static const char *const names[] = { "client\u2013r1", "r1\u2013r2", "r2\u2013r3", "r3\u2013server" };
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(LadderAnalysis) analysis = NULL;
  const char *client = "10.0.1.1", *server = "10.0.4.2";

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *description = g_strdup_printf (LADDER_LAB_IF_DESCRIPTION_PREFIX " %s (10.0.%u.0/24, "
                                                      "captured on ...)", names[i], i + 1);
      ladder_capture_add_interface (capture, names[i], description, 101);
    }
  /* 1-4: arrives.  5-6: lost on r1–r2.  7-8: its TTL runs out at r2. */
  for (guint i = 0; i < 4; i++)
    add_udp (capture, i, 1000000 * i, client, server, 64 - i, 1);
  for (guint i = 0; i < 2; i++)
    add_udp (capture, i, 10000000 + 1000000 * i, client, server, 64 - i, 2);
  for (guint i = 0; i < 2; i++)
    add_udp (capture, i, 20000000 + 1000000 * i, client, server, 2 - i, 3);
  /* 9-14: duplicated on r1–r2 (twice on every later link): not lost. */
  add_udp (capture, 0, 30000000, client, server, 64, 4);
  add_udp (capture, 1, 31000000, client, server, 63, 4);
  for (guint i = 2; i < 4; i++)
    for (guint copy = 0; copy < 2; copy++)
      add_udp (capture, i, 30000000 + 1000000 * i + copy, client, server, 64 - i, 4);
  /* 15: the reply, lost where it entered the chain, on r3–server. */
  add_udp (capture, 3, 40000000, server, client, 64, 5);
  /* 16: to a multicast group: has no path, never lost. */
  add_udp (capture, 0, 50000000, client, "224.0.0.251", 1, 6);
  /* 17: to r1 itself, delivered on client–r1. */
  add_udp (capture, 0, 60000000, client, "10.0.1.2", 64, 7);

  g_assert_cmpuint (ladder_capture_get_n_frames (capture), ==, 17);
  analysis = ladder_capture_analyse (capture);
  for (guint64 n = 1; n <= 17; n++)
    {
      const char *lost_on = ladder_analysis_get_lost_on (analysis, n);
      const char *want = n == 5 || n == 6 ? "r1\u2013r2" : n == 15 ? "r3\u2013server" : NULL;

      g_test_message ("frame %" G_GUINT64_FORMAT ": %s", n, lost_on != NULL ? lost_on : "-");
      g_assert_cmpstr (lost_on, ==, want);
    }
}

static void
test_sightings_same_link (void)
{
  g_autoptr(LadderSightings) sightings = ladder_sightings_new ();
  guint8 ip[40] = { 0x45, 0, 0, 40, 0x12, 0x34, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                    0x30, 0x39, 0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0 };
  LadderPacket pkt;
  LadderFrame frame = { 1, 1000, 0, &pkt, ip };

  ladder_packet_decode (&pkt, 101, ip, sizeof ip, sizeof ip, NULL);
  g_assert_cmpuint (ladder_sightings_add (sightings, &frame), ==, 0);
  frame.number = 2;
  g_assert_cmpuint (ladder_sightings_add (sightings, &frame), ==, 0);
  frame.number = 3;
  frame.iface = 1;
  ip[8] = 63;
  ladder_packet_decode (&pkt, 101, ip, sizeof ip, sizeof ip, NULL);
  g_assert_cmpuint (ladder_sightings_add (sightings, &frame), ==, 2);
  /* Two seconds later it is another packet. */
  frame.number = 4;
  frame.iface = 2;
  frame.ts_ns = 1000 + G_GINT64_CONSTANT (2000000000);
  g_assert_cmpuint (ladder_sightings_add (sightings, &frame), ==, 0);
  /* The payload differs: another packet. */
  frame.number = 5;
  frame.iface = 3;
  ip[39] = 1;
  ladder_packet_decode (&pkt, 101, ip, sizeof ip, sizeof ip, NULL);
  g_assert_cmpuint (ladder_sightings_add (sightings, &frame), ==, 0);
  g_assert_false (ladder_sightings_is_lab_interface (NULL));
  g_assert_true (ladder_sightings_is_lab_interface ("wireladder lab link r1-r2"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/capture/load-fixtures", test_load_fixtures);
  g_test_add_func ("/ladder/capture/frame-lookup", test_frame_lookup);
  g_test_add_func ("/ladder/capture/truncated", test_truncated);
  g_test_add_func ("/ladder/capture/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/ladder/capture/analyse-cancel", test_analyse_cancel);
  g_test_add_func ("/ladder/capture/concurrent", test_concurrent);
  g_test_add_func ("/ladder/capture/not-mapped", test_not_mapped);
  g_test_add_func ("/ladder/sightings/fold", test_sightings_fold);
  g_test_add_func ("/ladder/losses/lab-links", test_losses);
  g_test_add_func ("/ladder/sightings/same-link", test_sightings_same_link);
  return g_test_run ();
}
