/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-notes.c: lecture notes saved in the capture (pcapng packet comments).
 *
 * Notes go in with `wireladder-cli note`, come back with `notes`, with the
 * loader (ladder_capture_dup_note) and with tshark (`-e frame.comment`, the
 * oracle; skipped with the reason where tshark is not installed).  Saving
 * keeps everything else: `calls --json`, `sockets --json`, `story --json`
 * and `packets --json` (but for the comments) of a real lab run are the
 * same before and after, every Custom Block survives, and a pcap input is
 * written as pcapng with a message saying so.
 */
#include <fcntl.h>
#include <sys/wait.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ladder-capture.h"
#include "ladder-events.h"
#include "ladder-load.h"
#include "ladder-pcapng-writer.h"
#include "ladder-save.h"
#include "ladder-test-lab.h"
#include "ladder-test-util.h"

static char *
tmp_path (const char *name)
{
  return g_build_filename (ladder_test_lab.tmpdir, name, NULL);
}

/* The CLI's standard output for ARGS, which must exit with STATUS. */
static char *
cli (int status, const char *const *args, char **err)
{
  int got = -1;
  char *out = ladder_test_cli_run (args, &got, err);

  if (!WIFEXITED (got) || WEXITSTATUS (got) != status)
    g_test_message ("wireladder-cli %s: %s", args[0], err != NULL && *err != NULL ? *err : "");
  g_assert_true (WIFEXITED (got));
  g_assert_cmpint (WEXITSTATUS (got), ==, status);
  return out;
}

/* `packets --json` without the comments the notes add. */
static char *
packets_without_comments (const char *path)
{
  g_autofree char *json = cli (0, (const char *const[]) { "packets", "--json", path, NULL }, NULL);
  g_autoptr (GRegex) re = g_regex_new (",\"comment\":\"(?:[^\"\\\\]|\\\\.)*\"", 0, 0, NULL);

  return g_regex_replace_literal (re, json, -1, 0, "", 0, NULL);
}

static void
assert_same_output (const char *command, const char *a, const char *b)
{
  g_autofree char *x = cli (0, (const char *const[]) { command, "--json", a, NULL }, NULL);
  g_autofree char *y = cli (0, (const char *const[]) { command, "--json", b, NULL }, NULL);

  g_assert_cmpuint (strlen (x), >, 20);
  g_assert_cmpstr (x, ==, y);
}

/* tshark's frame.comment of every frame with one. */
static GHashTable *
tshark_comments (const char *tshark, const char *path)
{
  return ladder_test_tshark_field (tshark, path, "frame.comment", "frame.comment");
}

static void
check_tshark (const char *path, guint64 frame, const char *text)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autoptr (GHashTable) comments = NULL;

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed: the comments are not checked against it");
      return;
    }
  comments = tshark_comments (tshark, path);
  g_assert_nonnull (comments);
  g_assert_cmpstr (g_hash_table_lookup (comments, GUINT_TO_POINTER ((guint) frame)), ==, text);
}

/* A note, with an escape-worthy character and UTF-8, on the recorded lab
 * capture: everything else stays as it was. */
static void
test_fixture_round_trip (void)
{
  g_autofree char *in = ladder_test_data_path ("lab-tcp-echo.pcapng");
  g_autofree char *out = tmp_path ("fixture-notes.pcapng");
  const char *text = "The SYN: seq 0, \"client\" → server";
  g_autofree char *listed = NULL, *before = NULL, *after = NULL;
  g_autoptr (LadderCapture) capture = NULL;
  g_autofree char *note = NULL;

  g_free (cli (0, (const char *const[]) { "note", in, "--packet", "3", "--text", text,
                                          "--packet", "9", "--text", "third link", "-w", out, NULL }, NULL));
  listed = cli (0, (const char *const[]) { "notes", "--json", out, NULL }, NULL);
  g_assert_true (ladder_test_json_parses (listed));
  g_assert_nonnull (strstr (listed, "{\"packet\":3,\"note\":\"The SYN: seq 0, \\\"client\\\" → server\"}"));
  g_assert_nonnull (strstr (listed, "{\"packet\":9,\"note\":\"third link\"}"));
  capture = ladder_test_lab_load (out);
  note = ladder_capture_dup_note (capture, 3);
  g_assert_cmpstr (note, ==, text);
  g_assert_null (ladder_capture_dup_note (capture, 4));
  before = packets_without_comments (in);
  after = packets_without_comments (out);
  g_assert_cmpstr (before, ==, after);
  assert_same_output ("calls", in, out);
  assert_same_output ("sockets", in, out);
  check_tshark (out, 3, text);
  g_unlink (out);
}

/* An empty text removes a note; saving over the input works. */
static void
test_remove_in_place (void)
{
  g_autofree char *in = ladder_test_data_path ("lab-tcp-echo.pcapng");
  g_autofree char *path = tmp_path ("in-place.pcapng");
  g_autofree char *copy = NULL, *listed = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (in, &copy, &len, NULL));
  g_assert_true (g_file_set_contents (path, copy, (gssize) len, NULL));
  g_free (cli (0, (const char *const[]) { "note", path, "-p", "3", "-t", "one", "-p", "6", "-t", "two", "-w", path, NULL }, NULL));
  g_free (cli (0, (const char *const[]) { "note", path, "-p", "3", "-t", "", "-w", path, NULL }, NULL));
  listed = cli (0, (const char *const[]) { "notes", path, NULL }, NULL);
  g_assert_cmpstr (listed, ==, "6: two\n");
  g_unlink (path);
}

/* A pcap file has no room for comments: the output is pcapng, `note` says
 * so, and a .pcap name for it is refused. */
static void
test_pcap_becomes_pcapng (void)
{
  g_autofree char *in = ladder_test_data_path ("tcp-echo-v4.pcap");
  g_autofree char *out = tmp_path ("from-pcap.pcapng");
  g_autofree char *bad = tmp_path ("from-pcap.pcap");
  g_autofree char *err = NULL, *err2 = NULL, *info = NULL;

  g_free (cli (0, (const char *const[]) { "note", in, "-p", "2", "-t", "SYN-ACK", "-w", out, NULL }, &err));
  g_assert_nonnull (strstr (err, "is a pcap file, which cannot hold notes"));
  g_assert_nonnull (strstr (err, "is written as pcapng"));
  info = cli (0, (const char *const[]) { "info", out, NULL }, NULL);
  g_assert_nonnull (strstr (info, "Format:      pcapng"));
  g_assert_nonnull (strstr (info, "Packets:     14"));
  assert_same_output ("tcp", in, out);
  check_tshark (out, 2, "SYN-ACK");
  g_free (cli (2, (const char *const[]) { "note", in, "-p", "2", "-t", "x", "-w", bad, NULL }, &err2));
  g_assert_nonnull (strstr (err2, "name the output .pcapng"));
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_unlink (out);
}

static void
test_bad_usage (void)
{
  g_autofree char *in = ladder_test_data_path ("lab-tcp-echo.pcapng");
  g_autofree char *out = tmp_path ("never.pcapng");
  g_autofree char *err = NULL, *err2 = NULL, *err3 = NULL;

  g_free (cli (2, (const char *const[]) { "note", in, "-p", "65", "-t", "x", "-w", out, NULL }, &err));
  g_assert_nonnull (strstr (err, "has packets 1 to 64"));
  g_free (cli (2, (const char *const[]) { "note", in, "-p", "1", "-w", out, NULL }, &err2));
  g_assert_nonnull (strstr (err2, "one --text for every --packet"));
  g_free (cli (2, (const char *const[]) { "note", in, "-p", "1", "-t", "x", "-w", "-", NULL }, &err3));
  g_assert_nonnull (strstr (err3, "-w needs a file"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

/* Blocks Wireladder does not know are copied; "do not copy" ones are not. */
static void
test_unknown_blocks (void)
{
  g_autofree char *in = tmp_path ("blocks-in.pcapng");
  g_autofree char *out = tmp_path ("blocks-out.pcapng");
  static const guint8 packet[20] = { 0x45, 0, 0, 20, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2 };
  static const guint8 mine[12] = { 0x39, 0x30, 0, 0, 'a', 'b', 'c', 'd', 1, 2, 3, 4 };
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  g_autoptr (LadderCapture) again = ladder_capture_new ();
  LadderSaveStats stats;
  int fd = g_open (in, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  LadderPcapngWriter *writer = ladder_pcapng_writer_new (fd, TRUE, "test", &error);

  g_assert_no_error (error);
  g_assert_true (ladder_pcapng_writer_add_interface (writer, 101, 0, "raw", NULL, NULL, &error));
  g_assert_true (ladder_pcapng_writer_add_packet_full (writer, 0, 1000, packet, 20, 20, "kept", &error));
  g_assert_true (ladder_pcapng_writer_add_block (writer, 0x00000BADu, mine, sizeof mine, &error));
  g_assert_true (ladder_pcapng_writer_add_block (writer, 0x40000BADu, mine, sizeof mine, &error));
  ladder_pcapng_writer_free (writer);
  g_assert_true (ladder_load_file (capture, in, NULL, NULL, NULL, &error));
  g_assert_cmpuint (ladder_capture_get_n_blocks (capture), ==, 2);
  g_assert_true (ladder_save_pcapng (capture, out, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.packets, ==, 1);
  g_assert_cmpuint (stats.notes, ==, 1);
  g_assert_cmpuint (stats.blocks, ==, 1);
  g_assert_cmpuint (stats.blocks_dropped, ==, 1);
  g_assert_true (ladder_load_file (again, out, NULL, NULL, NULL, &error));
  g_assert_cmpuint (ladder_capture_get_n_blocks (again), ==, 1);
  {
    const LadderCaptureBlock *block = ladder_capture_get_block (again, 0);
    gsize len;
    const guint8 *body = g_bytes_get_data (block->body, &len);
    g_assert_cmpuint (block->type, ==, 0x00000BADu);
    g_assert_cmpmem (body, len, mine, sizeof mine);
  }
  g_unlink (in);
  g_unlink (out);
}

/* A real lab run with notes: its calls, sockets and story survive. */
static void
test_lab_run_round_trip (void)
{
  g_autofree char *run = tmp_path ("tcp-echo.pcapng");
  g_autofree char *out = tmp_path ("tcp-echo-notes.pcapng");
  g_autofree char *before = NULL, *after = NULL, *listed = NULL;
  g_autoptr (LadderCapture) a = NULL, b = NULL;

  if (ladder_test_lab_skip (FALSE))
    return;
  g_free (ladder_test_lab_run ("tcp-echo", NULL, run));
  g_free (cli (0, (const char *const[]) { "note", run, "-p", "1", "-t", "first frame",
                                          "-p", "5", "-t", "fifth frame", "-w", out, NULL }, NULL));
  a = ladder_test_lab_load (run);
  b = ladder_test_lab_load (out);
  g_assert_cmpuint (ladder_capture_get_n_calls (a), >, 5);
  g_assert_cmpuint (ladder_capture_get_n_calls (b), ==, ladder_capture_get_n_calls (a));
  g_assert_cmpuint (ladder_capture_get_n_states (b), ==, ladder_capture_get_n_states (a));
  g_assert_cmpuint (ladder_capture_get_n_interfaces (b), ==, ladder_capture_get_n_interfaces (a));
  assert_same_output ("calls", run, out);
  assert_same_output ("sockets", run, out);
  assert_same_output ("story", run, out);
  before = packets_without_comments (run);
  after = packets_without_comments (out);
  g_assert_cmpstr (before, ==, after);
  listed = cli (0, (const char *const[]) { "notes", out, NULL }, NULL);
  g_assert_cmpstr (listed, ==, "1: first frame\n5: fifth frame\n");
  check_tshark (out, 5, "fifth frame");
  g_unlink (run);
  g_unlink (out);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ladder_test_lab_init ("notes");
  g_test_add_func ("/ladder/notes/fixture-round-trip", test_fixture_round_trip);
  g_test_add_func ("/ladder/notes/remove-in-place", test_remove_in_place);
  g_test_add_func ("/ladder/notes/pcap-becomes-pcapng", test_pcap_becomes_pcapng);
  g_test_add_func ("/ladder/notes/bad-usage", test_bad_usage);
  g_test_add_func ("/ladder/notes/unknown-blocks", test_unknown_blocks);
  g_test_add_func ("/ladder/notes/lab-run-round-trip", test_lab_run_round_trip);
  status = g_test_run ();
  ladder_test_lab_finish ();
  return status;
}
