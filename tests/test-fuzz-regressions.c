/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fuzz-regressions.c: inputs the fuzzers in tests/fuzz/ found, kept
 * so that the bugs they showed stay fixed.  Run under the sanitizer build
 * (UBSAN_OPTIONS=halt_on_error=1, as tests/run-suite.sh does): some of
 * them only fail there. */
#include <gio/gio.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#include "ladder-capture.h"
#include "ladder-lab-private.h"
#include "ladder-load.h"
#include "ladder-lab-protocol.h"
#include "ladder-sightings.h"
#include "ladder-sockets.h"
#include "ladder-story.h"

/* fuzz-lab-protocol: a pair without '=' computed NULL + 1 before it was
 * refused (UBSan: "applying non-zero offset 1 to null pointer"). */
static void
test_lab_pair_without_equals (void)
{
  static const char *const lines[] = { "start x", "probe a", "start scenario=ping x", "stop -" };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;
      LadderLabMessage msg;

      g_assert_false (ladder_lab_message_parse (lines[i], &msg, &error));
      g_assert_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS);
      g_assert_null (msg.message);
    }
}

/* Runs the helper with INPUT on stdin; returns what it wrote on fd 4. */
static char *
run_helper (const char *input, gsize len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ladder_lab_find_program ("wireladder-lab-helper", "WIRELADDER_LAB_HELPER", &error);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GSubprocess) helper = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (input, len);
  GString *out = g_string_new (NULL);
  char buf[4096];
  gssize n;
  int fds[2];

  g_assert_no_error (error);
  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_subprocess_launcher_take_fd (launcher, fds[1], 4);
  helper = g_subprocess_launcher_spawn (launcher, &error, path, NULL);
  g_assert_no_error (error);
  g_clear_object (&launcher);
  g_assert_true (g_subprocess_communicate (helper, bytes, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  while ((n = read (fds[0], buf, sizeof buf)) > 0)
    g_string_append_len (out, buf, n);
  close (fds[0]);
  g_assert_true (g_subprocess_get_if_exited (helper));
  g_assert_cmpint (g_subprocess_get_exit_status (helper), ==, 0);
  return g_string_free (out, FALSE);
}

/* The helper cut a command line at a NUL byte and acted on the part before
 * it: "stop\0anything" was taken for "stop".  PROTOCOL.md: text lines,
 * anything else refused. */
static void
test_lab_helper_nul_byte (void)
{
  static const char input[] = "stop\0anything\nquit\n";
  g_autofree char *out = run_helper (input, sizeof input - 1);

  g_assert_cmpstr (out, ==,
                   "hello version=1\n"
                   "error code=params message=Malformed message: a NUL byte\n");
}

/* fuzz-analysis: an IPv4 first fragment (offset 0, MF) with no payload
 * bytes made collect_bytes() (ladder-conversations.c) memcpy zero bytes to
 * NULL + 0, the reassembly buffer not being allocated yet (UBSan:
 * "applying zero offset to null pointer").  Fails only under UBSan with
 * halt_on_error. */
static void
test_empty_first_fragment (void)
{
  static const guint8 ip[] = {
    0x45, 0x00, 0x00, 0x14, 0x00, 0x01, 0x20, 0x00, 0x40, 0x11, 0x00, 0x00,
    0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
  };
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(LadderAnalysis) analysis = NULL;

  ladder_capture_add_interface (capture, NULL, NULL, LADDER_LINKTYPE_IPV4);
  ladder_capture_add_frame (capture, 1000, 0, LADDER_LINKTYPE_IPV4, ip, sizeof ip, sizeof ip);
  ladder_capture_add_frame (capture, 2000, 0, LADDER_LINKTYPE_IPV4, ip, sizeof ip, sizeof ip);
  analysis = ladder_capture_analyse (capture);
  g_assert_cmpuint (ladder_analysis_get_n_frames (analysis), ==, 2);
}

/* fuzz-analysis: ladder-sightings.c compared timestamps as ts ± 1 s, a
 * signed overflow for a file's timestamps near either end of gint64
 * (UBSan); wrapped, it kept one packet seen on two lab links at the same
 * instant from being folded. */
static void
test_sightings_extreme_times (void)
{
  static const guint8 ip[] = {
    0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
    0x0a, 0x00, 0x01, 0x02, 0x0a, 0x00, 0x04, 0x02,
    0x30, 0x39, 0x00, 0x07, 0x00, 0x0c, 0x00, 0x00, 'p', 'i', 'n', 'g',
  };
  static const gint64 times[][2] = {
    { G_MAXINT64, G_MAXINT64 - 1000 },
    { G_MININT64, G_MININT64 + 1000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(LadderCapture) capture = ladder_capture_new ();
      LadderFrameInfo info;

      ladder_capture_add_interface (capture, "client-r1", LADDER_LAB_IF_DESCRIPTION_PREFIX " 1",
                                    LADDER_LINKTYPE_IPV4);
      ladder_capture_add_interface (capture, "r1-server", LADDER_LAB_IF_DESCRIPTION_PREFIX " 2",
                                    LADDER_LINKTYPE_IPV4);
      ladder_capture_add_frame (capture, times[i][0], 0, LADDER_LINKTYPE_IPV4, ip, sizeof ip, sizeof ip);
      ladder_capture_add_frame (capture, times[i][1], 1, LADDER_LINKTYPE_IPV4, ip, sizeof ip, sizeof ip);
      g_assert_true (ladder_capture_get_frame (capture, 2, &info));
      g_assert_cmpuint (info.sighting_of, ==, 1);
    }
}

/* fuzz-story: a socket call stamped near the end of time with a huge
 * duration made the sockets model's ts + duration overflow (UBSan:
 * "signed integer overflow" in collect_events).  Times are clamped where
 * records enter the capture; every view that adds them is then safe. */
static void
test_call_extreme_times (void)
{
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(LadderAnalysis) analysis = NULL;
  g_autoptr(LadderSockets) sockets = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  LadderSocketCall call = { 0 };
  LadderSocketState state = { 0 };
  const LadderSocketCall *stored;
  LadderStory *story;

  call.kind = LADDER_CALL_RECV;
  call.fd = 3;
  call.ts_ns = G_GINT64_CONSTANT (2334102023184999794);
  call.duration_ns = G_GINT64_CONSTANT (7306000175563302176);
  ladder_capture_add_call (capture, &call);
  call.ts_ns = G_MININT64;
  call.duration_ns = -5;
  ladder_capture_add_call (capture, &call);
  state.ts_ns = G_MAXINT64;
  state.fd = -1;
  state.pid = 7;
  ladder_capture_add_state (capture, &state);
  sockets = ladder_sockets_new (capture, 0);
  ladder_sockets_write_text (sockets, text);
  analysis = ladder_capture_analyse (capture);
  story = ladder_story_new (capture, analysis, -1, NULL);
  g_assert_nonnull (story);
  ladder_story_write_text (story, text);
  ladder_story_free (story);
  stored = ladder_capture_get_call (capture, 0);
  g_assert_cmpint (stored->ts_ns, >, 0);
  g_assert_cmpint (stored->duration_ns, <, G_MAXINT64 - stored->ts_ns);
  g_assert_cmpint (ladder_capture_get_call (capture, 1)->duration_ns, ==, 0);
  g_assert_cmpint (ladder_capture_get_call (capture, 1)->ts_ns, <, 0);
}

/* fuzz-story: a socket call whose pid uses all 32 bits was shifted into
 * a signed 64-bit key (UBSan: "left shift of 4160774714 by 32 places
 * cannot be represented in type 'gint64'") in the story's socket lives. */
static void
test_call_high_pid (void)
{
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(LadderAnalysis) analysis = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  LadderSocketCall call = { 0 };
  LadderStory *story;

  call.pid = 4160774714u;
  call.kind = LADDER_CALL_SOCKET;
  call.result = 3;
  call.ts_ns = 1000;
  ladder_capture_add_call (capture, &call);
  call.kind = LADDER_CALL_CLOSE;
  call.fd = 3;
  call.result = 0;
  call.ts_ns = 2000;
  ladder_capture_add_call (capture, &call);
  analysis = ladder_capture_analyse (capture);
  story = ladder_story_new (capture, analysis, -1, NULL);
  g_assert_nonnull (story);
  ladder_story_write_text (story, text);
  g_assert_cmpuint (ladder_story_get_n_steps (story), ==, 2);
  ladder_story_free (story);
}

/* The capture of tests/data/fuzz/NAME, loaded whole. */
static LadderCapture *
load_fuzz_input (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "fuzz", name, NULL);
  g_autoptr(LadderReader) reader = ladder_reader_open (path, NULL);
  LadderCapture *capture = ladder_capture_new ();

  g_assert_nonnull (reader);
  ladder_load_reader (capture, reader, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (ladder_capture_get_n_frames (capture), >, 0);
  return capture;
}

/* fuzz-story: fragments that reassemble to a datagram with no payload
 * at all passed the payload buffer's NULL data to memcpy (UBSan:
 * "null pointer passed as argument 2") in decode_datagram. */
static void
test_empty_reassembled_datagram (void)
{
  g_autoptr(LadderCapture) capture = load_fuzz_input ("empty-reassembled-datagram.pcap");
  g_autoptr(LadderAnalysis) analysis = NULL;

  analysis = ladder_capture_analyse (capture);
  g_assert_cmpuint (ladder_analysis_get_n_frames (analysis), ==, ladder_capture_get_n_frames (capture));
}

/* fuzz-story: interface names describing lab links that form a cycle
 * (the lab's links are a tree) sent the losses pass's path search round
 * the cycle, exponential in the number of links: minutes for a 20 KB
 * file.  Each host is now searched once; this file takes milliseconds
 * (the test's timeout catches the old way). */
static void
test_lab_links_in_a_cycle (void)
{
  g_autoptr(LadderCapture) capture = load_fuzz_input ("lab-links-in-a-cycle.pcapng");
  g_autoptr(LadderAnalysis) analysis = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  LadderStory *story;
  gint64 start = g_get_monotonic_time ();

  analysis = ladder_capture_analyse (capture);
  story = ladder_story_new (capture, analysis, -1, NULL);
  g_assert_nonnull (story);
  ladder_story_write_text (story, text);
  ladder_story_free (story);
  g_test_message ("analysed and told in %.3f s", (g_get_monotonic_time () - start) / 1e6);
}

/* fuzz-story: a step's time minus the story's origin (a packet stamped
 * near the end of time) overflowed 64 bits in story --json (UBSan:
 * "signed integer overflow: -4539628424389459968 - 9223372036854775807"). */
static void
test_story_times_far_apart (void)
{
  g_autoptr(LadderCapture) capture = load_fuzz_input ("story-times-far-apart.pcapng");
  g_autoptr(LadderAnalysis) analysis = NULL;
  g_autoptr(LadderJson) json = ladder_json_new (FALSE);
  LadderStory *story;

  analysis = ladder_capture_analyse (capture);
  story = ladder_story_new (capture, analysis, -1, NULL);
  g_assert_nonnull (story);
  g_assert_cmpuint (ladder_story_get_n_steps (story), >, 0);
  ladder_story_write_json (story, json);
  g_assert_nonnull (strstr (ladder_json_get_text (json), "\"time\":"));
  ladder_story_free (story);
}

/* fuzz-analysis: a conversation's start minus the capture's origin (two
 * packets stamped near opposite ends of time) overflowed 64 bits in the
 * conversation table (UBSan: "signed integer overflow:
 * -9222031081094700142 - 9223372036854775807").  Differences of times
 * are held at the ends of gint64 now (ladder_ns_between). */
static void
test_conversation_times_far_apart (void)
{
  g_autoptr(LadderCapture) capture = load_fuzz_input ("conversation-times-far-apart.pcapng");
  g_autoptr(LadderAnalysis) analysis = NULL;
  g_autoptr(LadderJson) json = ladder_json_new (FALSE);
  g_autoptr(LadderJson) tcp = ladder_json_new (FALSE);
  g_autoptr(GString) text = g_string_new (NULL);
  LadderConversations *convs;

  analysis = ladder_capture_analyse (capture);
  convs = ladder_analysis_get_conversations (analysis);
  ladder_conversations_write_json (convs, json);
  ladder_conversations_write_tcp_json (convs, tcp);
  ladder_conversations_write_text (convs, text, NULL);
  /* the second conversation began 2^63 ns before the first */
  g_assert_nonnull (strstr (ladder_json_get_text (json), "\"start\":-9223372036.854776,"));
  g_assert_nonnull (strstr (text->str, "-9223372036.854776"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/fuzz-regressions/lab-pair-without-equals", test_lab_pair_without_equals);
  g_test_add_func ("/ladder/fuzz-regressions/lab-helper-nul-byte", test_lab_helper_nul_byte);
  g_test_add_func ("/ladder/fuzz-regressions/empty-first-fragment", test_empty_first_fragment);
  g_test_add_func ("/ladder/fuzz-regressions/sightings-extreme-times", test_sightings_extreme_times);
  g_test_add_func ("/ladder/fuzz-regressions/call-extreme-times", test_call_extreme_times);
  g_test_add_func ("/ladder/fuzz-regressions/empty-reassembled-datagram", test_empty_reassembled_datagram);
  g_test_add_func ("/ladder/fuzz-regressions/call-high-pid", test_call_high_pid);
  g_test_add_func ("/ladder/fuzz-regressions/lab-links-in-a-cycle", test_lab_links_in_a_cycle);
  g_test_add_func ("/ladder/fuzz-regressions/story-times-far-apart", test_story_times_far_apart);
  g_test_add_func ("/ladder/fuzz-regressions/conversation-times-far-apart", test_conversation_times_far_apart);
  return g_test_run ();
}
