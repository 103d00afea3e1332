/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-analysis.c: libFuzzer harness for the whole analysis path (not built by meson).
 *
 * The input is a capture file, read through a memfd exactly as the window
 * and the CLI read one: ladder_load_reader into a LadderCapture (Custom
 * Blocks become socket calls and states), ladder_capture_analyse, every
 * frame's conversation and TCP findings, then the conversation, TCP,
 * ping and traceroute writers (JSON and text).  The JSON must be valid,
 * and the compact TCP table the pretty one without its whitespace.
 * See tests/fuzz/README.md.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ladder-capture.h"
#include "ladder-json.h"
#include "ladder-load.h"

#include "fuzz-common.h"
#include "../ladder-test-minify.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* The compact conversation and TCP tables write each item by their own
 * code: they must be the pretty tables without their whitespace. */
static void
write_both_ways (LadderConversations *convs,
                 void (*write) (LadderConversations *convs, LadderJson *json))
{
  LadderJson *pretty = ladder_json_new (TRUE), *compact = ladder_json_new (FALSE);
  char *minified;

  write (convs, pretty);
  write (convs, compact);
  check_json (pretty);
  check_json (compact);
  minified = ladder_test_minify_json (ladder_json_get_text (pretty));
  if (strcmp (minified, ladder_json_get_text (compact)) != 0)
    __builtin_trap ();
  g_free (minified);
  ladder_json_free (pretty);
  ladder_json_free (compact);
}

static void
write_all (LadderAnalysis *analysis)
{
  LadderConversations *convs = ladder_analysis_get_conversations (analysis);
  g_autoptr(GString) text = g_string_new (NULL);
  LadderJson *json;

  write_both_ways (convs, ladder_conversations_write_json);
  write_both_ways (convs, ladder_conversations_write_tcp_json);
  json = ladder_json_new (FALSE);
  ladder_ping_write_json (ladder_analysis_get_ping (analysis), json);
  check_json (json);
  ladder_json_free (json);
  json = ladder_json_new (FALSE);
  ladder_traceroute_write_json (ladder_analysis_get_traceroute (analysis), json);
  check_json (json);
  ladder_json_free (json);
  ladder_conversations_write_text (convs, text, NULL);
  ladder_conversations_write_tcp_text (convs, text, TRUE, NULL);
  ladder_ping_write_text (ladder_analysis_get_ping (analysis), text);
  ladder_traceroute_write_text (ladder_analysis_get_traceroute (analysis), text);
}

static void
walk_frames (LadderCapture *capture, LadderAnalysis *analysis)
{
  guint64 n = ladder_analysis_get_n_frames (analysis);
  gint n_convs = (gint) ladder_conversations_get_n_items (ladder_analysis_get_conversations (analysis));

  for (guint64 i = 1; i <= n; i++)
    {
      LadderTcpPacketInfo info;
      LadderFrameInfo frame;
      gint conv = ladder_analysis_get_frame_conversation (analysis, i);

      if (conv < -1 || conv >= n_convs || !ladder_capture_get_frame (capture, i, &frame))
        __builtin_trap ();
      if (frame.sighting_of >= i)
        __builtin_trap ();
      (void) ladder_analysis_get_tcp_info (analysis, i, &info);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(LadderReader) reader = NULL;
  g_autoptr(LadderAnalysis) analysis = NULL;

  reader = ladder_reader_open_fd_full (fuzz_memfd_with (data, size), "fuzz", LADDER_READER_NO_MAP, NULL);
  if (reader == NULL)
    return 0;
  ladder_load_reader (capture, reader, NULL, NULL, NULL, NULL);
  analysis = ladder_capture_analyse (capture);
  walk_frames (capture, analysis);
  write_all (analysis);
  return 0;
}
