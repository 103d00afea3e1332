/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-pcapng-writer.c: what the lab writes is read back by our reader,
 * our loader, capinfos and tshark (when installed) without complaint. */

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ladder-capture.h"
#include "ladder-events.h"
#include "ladder-load.h"
#include "ladder-pcapng-writer.h"
#include "ladder-reader.h"
#include "ladder-sightings.h"

/* Ethernet + IPv4 + UDP 10.0.1.1:40000 → 10.0.4.2:9, "hi", TTL given. */
static void
make_udp (guint8 frame[44], guint8 ttl)
{
  static const guint8 base[44] = {
    0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
    0x45, 0, 0, 30, 0x12, 0x34, 0x40, 0, 64, 17, 0, 0, 10, 0, 1, 1, 10, 0, 4, 2,
    0x9c, 0x40, 0, 9, 0, 10, 0, 0, 'h', 'i',
  };

  memcpy (frame, base, sizeof base);
  frame[22] = ttl;
}

static char *
write_sample (guint n_links, gboolean with_call)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("wireladder-writer-XXXXXX.pcapng", &path, &error);
  g_autoptr(LadderPcapngWriter) writer = NULL;
  guint8 frame[44];

  g_assert_no_error (error);
  writer = ladder_pcapng_writer_new (fd, TRUE, "Wireladder test", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_links; i++)
    {
      g_autofree char *name = g_strdup_printf ("r%u\u2013r%u", i, i + 1);
      g_autofree char *desc = g_strdup_printf (LADDER_LAB_IF_DESCRIPTION_PREFIX " %s", name);
      guint32 id = 99;

      g_assert_true (ladder_pcapng_writer_add_interface (writer, 1, 262144, name, desc, &id, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (id, ==, i);
    }
  if (with_call)
    {
      LadderSocketCall call = { .ts_ns = G_GINT64_CONSTANT (1763729140000000000), .pid = 42,
                                .kind = LADDER_CALL_SENDTO, .protocol = 17, .fd = 3, .result = 2 };
      g_autoptr(GByteArray) body = g_byte_array_new ();

      g_strlcpy (call.host, "client", sizeof call.host);
      g_strlcpy (call.program, "udp-client", sizeof call.program);
      g_strlcpy (call.args, "3, \"hi\", 2, 0, 10.0.4.2:9", sizeof call.args);
      ladder_events_encode_call (body, &call);
      /* An odd length checks the padding. */
      g_assert_true (ladder_pcapng_writer_add_block (writer, LADDER_EVENTS_BLOCK_TYPE,
                                                     body->data, body->len, &error));
    }
  for (guint i = 0; i < n_links; i++)
    {
      make_udp (frame, 64 - i);
      g_assert_true (ladder_pcapng_writer_add_packet (writer, i,
                                                      G_GINT64_CONSTANT (1763729140000000123) + i * 1000,
                                                      frame, sizeof frame, sizeof frame, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (ladder_pcapng_writer_get_n_packets (writer), ==, n_links);
  return g_steal_pointer (&path);
}

static void
test_reader (void)
{
  g_autofree char *path = write_sample (3, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(LadderReader) reader = ladder_reader_open (path, &error);
  LadderRecord record;
  guint n = 0;

  g_assert_no_error (error);
  while (ladder_reader_next (reader, &record, &error) == 1)
    {
      const LadderInterface *iface = ladder_reader_get_interface (reader, record.iface);

      g_assert_cmpuint (record.iface, ==, n);
      g_assert_cmpint (record.ts_ns, ==, G_GINT64_CONSTANT (1763729140000000123) + n * 1000);
      g_assert_cmpuint (record.caplen, ==, 44);
      g_assert_cmpuint (record.data[22], ==, 64 - n);
      g_assert_cmpuint (iface->tsresol_pow, ==, 9);
      g_assert_true (ladder_sightings_is_lab_interface (iface->description));
      g_assert_true (g_str_has_suffix (iface->name, "\u2013r1") || n > 0);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (ladder_reader_get_nanosecond (reader));
  g_unlink (path);
}

/* The call comes back out of the loaded capture, and the three sightings
 * of one datagram are one packet. */
static void
test_load (void)
{
  g_autofree char *path = write_sample (3, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(LadderAnalysis) analysis = NULL;
  LadderFrameInfo info;
  const LadderSocketCall *call;

  g_assert_true (ladder_load_file (capture, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ladder_capture_get_n_frames (capture), ==, 3);
  g_assert_cmpuint (ladder_capture_get_n_calls (capture), ==, 1);
  call = ladder_capture_get_call (capture, 0);
  g_assert_cmpstr (call->args, ==, "3, \"hi\", 2, 0, 10.0.4.2:9");
  g_assert_cmpint (call->kind, ==, LADDER_CALL_SENDTO);
  g_assert_true (ladder_capture_get_frame (capture, 3, &info));
  g_assert_cmpuint (info.sighting_of, ==, 1);
  analysis = ladder_capture_analyse (capture);
  g_assert_cmpuint (ladder_conversations_get_n_items (ladder_analysis_get_conversations (analysis)), ==, 1);
  g_unlink (path);
}

/* Runs ARGV; returns its stdout, asserting success and an empty stderr. */
static char *
run_tool (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  /* tshark's notice when run as root is not about the file. */
  if (g_str_has_prefix (err, "Running as user \"root\""))
    memmove (err, strchr (err, '\n') + 1, strlen (strchr (err, '\n') + 1) + 1);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static void
test_wireshark (void)
{
  g_autofree char *path = NULL;
  g_autofree char *info = NULL;
  g_autofree char *fields = NULL;

  if (!have_program ("capinfos") || !have_program ("tshark"))
    {
      g_test_skip ("capinfos or tshark is not installed");
      return;
    }
  path = write_sample (4, TRUE);
  info = run_tool ((const char *const[]) { "capinfos", "-c", "-I", path, NULL });
  g_assert_nonnull (strstr (info, "Number of packets:   4"));
  g_assert_nonnull (strstr (info, "Interface #3 info:"));
  g_assert_nonnull (strstr (info, "Description = wireladder lab link r3\u2013r4"));
  /* Wireshark lists the Custom Block as a record of its own: -Y ip. */
  fields = run_tool ((const char *const[]) { "tshark", "-r", path, "-Y", "ip", "-T", "fields",
                                             "-e", "frame.interface_name", "-e", "ip.ttl", NULL });
  g_assert_cmpstr (fields, ==, "r0\u2013r1\t64\nr1\u2013r2\t63\nr2\u2013r3\t62\nr3\u2013r4\t61\n");
  g_unlink (path);
}

/* A reader at the other end of a pipe sees each block as it is written. */
static void
test_pipe (void)
{
  int fds[2];
  g_autoptr(GError) error = NULL;
  g_autoptr(LadderPcapngWriter) writer = NULL;
  g_autoptr(LadderReader) reader = NULL;
  LadderRecord record;
  guint8 frame[44];

  g_assert_cmpint (pipe (fds), ==, 0);
  writer = ladder_pcapng_writer_new (fds[1], TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ladder_pcapng_writer_add_interface (writer, 1, 0, "client\u2013r1", NULL, NULL, &error));
  make_udp (frame, 64);
  g_assert_true (ladder_pcapng_writer_add_packet (writer, 0, 1, frame, sizeof frame, 60, &error));
  reader = ladder_reader_open_fd (fds[0], "pipe", &error);
  g_assert_no_error (error);
  /* The writer is still open: the record must already be readable. */
  g_assert_cmpint (ladder_reader_next (reader, &record, &error), ==, 1);
  g_assert_cmpuint (record.wirelen, ==, 60);
  g_clear_pointer (&writer, ladder_pcapng_writer_free);
  g_assert_cmpint (ladder_reader_next (reader, &record, &error), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/pcapng-writer/reader", test_reader);
  g_test_add_func ("/ladder/pcapng-writer/load", test_load);
  g_test_add_func ("/ladder/pcapng-writer/wireshark", test_wireshark);
  g_test_add_func ("/ladder/pcapng-writer/pipe", test_pipe);
  return g_test_run ();
}
