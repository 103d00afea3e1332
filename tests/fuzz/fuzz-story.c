/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-story.c: libFuzzer harness for what was built on the analysis
 * after the first fuzzing rounds (not built by meson): the lecture's story
 * (captions and quizzes, the whole capture and one conversation), the
 * kernel's sockets model (every socket, the `ss` table at three moments),
 * the packet spotlight of every frame (with the probe an ICMP error
 * quotes), and Save Capture As read back.
 *
 * The input is a capture file, loaded through a memfd as fuzz-analysis
 * loads it.  Checks: JSON well formed (the same checker), every step's
 * packet within the capture, the spotlight's fields within the captured
 * bytes, and the saved file reading back with the same frames, calls and
 * states.  See tests/fuzz/README.md.
 */
#define _GNU_SOURCE
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ladder-capture.h"
#include "ladder-json.h"
#include "ladder-load.h"
#include "ladder-packet.h"
#include "ladder-save.h"
#include "ladder-sockets.h"
#include "ladder-spotlight.h"
#include "ladder-story.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
tell (LadderCapture *capture, LadderAnalysis *analysis, gint conversation)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint64 n = ladder_analysis_get_n_frames (analysis);
  LadderStory *story = ladder_story_new (capture, analysis, conversation, NULL);
  LadderJson *json;

  if (story == NULL)
    return;
  for (guint i = 0; i < ladder_story_get_n_steps (story); i++)
    if (ladder_story_get_last_packet (story, i) > n)
      __builtin_trap ();
  for (guint64 frame = 0; frame < n; frame++)
    if (ladder_story_find_packet (story, frame) >= (gint) ladder_story_get_n_steps (story))
      __builtin_trap ();
  json = ladder_json_new (FALSE);
  ladder_story_write_json (story, json);
  check_json (json);
  ladder_json_free (json);
  ladder_story_write_text (story, text);
  ladder_story_free (story);
}

static void
list_sockets (LadderCapture *capture, guint64 n)
{
  g_autoptr(LadderSockets) sockets = ladder_sockets_new (capture, n);
  g_autoptr(GString) text = g_string_new (NULL);
  const guint64 moments[] = { 1, n / 2 + 1, n };
  LadderJson *json = ladder_json_new (FALSE);

  ladder_sockets_write_json (sockets, json);
  check_json (json);
  ladder_json_free (json);
  ladder_sockets_write_text (sockets, text);
  for (guint i = 0; i < G_N_ELEMENTS (moments) && n > 0; i++)
    {
      g_autoptr(GArray) rows = ladder_sockets_table_at (sockets, moments[i]);
      json = ladder_json_new (FALSE);
      ladder_sockets_write_table_json (sockets, moments[i], rows, json);
      check_json (json);
      ladder_json_free (json);
      ladder_sockets_write_table_text (rows, text);
    }
}

static void
spotlight (LadderCapture *capture, guint64 n)
{
  for (guint64 number = 1; number <= n && number <= 64; number++)
    {
      LadderFrameInfo info;
      LadderPacket pkt;
      LadderSpotlightModel *model;

      if (!ladder_capture_get_frame (capture, number, &info))
        __builtin_trap ();
      ladder_packet_decode (&pkt, info.linktype, info.data, info.caplen, info.wirelen, NULL);
      /* the packet as its own probe: the quote checked against bytes it has */
      model = ladder_spotlight_model_new (&pkt, info.data, info.caplen, LADDER_SPOTLIGHT_FOCUS_AUTO,
                                          &(LadderSpotlightProbe) { number, info.data, info.caplen, 0 },
                                          1.0, 0);
      if (model == NULL)
        continue;
      for (guint i = 0; i < model->fields->len; i++)
        {
          const LadderSpotlightField *f = &g_array_index (model->fields, LadderSpotlightField, i);
          if (f->captured && (guint64) f->offset + f->length > info.caplen)
            __builtin_trap ();
        }
      ladder_spotlight_model_free (model);
    }
}

/* Saved and read back: the same frames, calls and states. */
static void
save_and_reload (LadderCapture *capture)
{
  g_autofree char *path = g_strdup_printf ("/tmp/fuzz-story-%d.pcapng", (int) getpid ());
  g_autoptr(LadderCapture) again = ladder_capture_new ();
  g_autoptr(LadderReader) reader = NULL;

  if (!ladder_save_pcapng (capture, path, NULL, NULL))
    return;
  reader = ladder_reader_open (path, NULL);
  if (reader == NULL)
    __builtin_trap ();
  ladder_load_reader (again, reader, NULL, NULL, NULL, NULL);
  if (ladder_capture_get_n_frames (again) != ladder_capture_get_n_frames (capture)
      || ladder_capture_get_n_calls (again) != ladder_capture_get_n_calls (capture)
      || ladder_capture_get_n_states (again) != ladder_capture_get_n_states (capture))
    __builtin_trap ();
  g_unlink (path);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(LadderReader) reader = NULL;
  g_autoptr(LadderAnalysis) analysis = NULL;
  guint64 n;

  reader = ladder_reader_open_fd_full (fuzz_memfd_with (data, size), "fuzz", LADDER_READER_NO_MAP, NULL);
  if (reader == NULL)
    return 0;
  ladder_load_reader (capture, reader, NULL, NULL, NULL, NULL);
  analysis = ladder_capture_analyse (capture);
  n = ladder_analysis_get_n_frames (analysis);
  tell (capture, analysis, -1);
  if (ladder_conversations_get_n_items (ladder_analysis_get_conversations (analysis)) > 0)
    tell (capture, analysis, 0);
  list_sockets (capture, n);
  spotlight (capture, n);
  save_and_reload (capture);
  return 0;
}
