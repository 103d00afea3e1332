/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-analysis.c: libFuzzer harness for the whole analysis path (not built by meson).
 *
 * The input is a capture file, read through a memfd exactly as the window
 * and the CLI read one: ladder_load_reader into a LadderCapture (Custom
 * Blocks become socket calls and states), ladder_capture_analyse, every
 * frame's conversation and TCP findings, then the conversation, TCP,
 * ping and traceroute writers (JSON and text).  The JSON must be valid.
 * See tests/fuzz/README.md.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ladder-capture.h"
#include "ladder-json.h"
#include "ladder-load.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static int
memfd_with (const guint8 *data, size_t size)
{
  int fd = memfd_create ("fuzz-analysis", MFD_CLOEXEC);

  if (fd < 0 || (size > 0 && write (fd, data, size) != (ssize_t) size))
    abort ();
  lseek (fd, 0, SEEK_SET);
  return fd;
}

/* Not a full JSON parser (json-glib is not a dependency): strings are
 * closed, escaped and free of control characters and brackets balance,
 * which is what a writer that forgot to escape or to close would break. */
static void
check_json (LadderJson *json)
{
  const char *p = ladder_json_get_text (json);
  char stack[256];
  guint depth = 0;
  gboolean in_string = FALSE;

  if (!g_utf8_validate (p, -1, NULL))
    __builtin_trap ();
  for (; *p != '\0'; p++)
    {
      if (in_string)
        {
          if ((guchar) *p < 0x20)
            __builtin_trap ();
          if (*p == '\\')
            {
              p++;
              if (*p == '\0' || strchr ("\"\\/bfnrtu", *p) == NULL)
                __builtin_trap ();
            }
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '"')
        in_string = TRUE;
      else if (*p == '{' || *p == '[')
        {
          if (depth == sizeof stack)
            __builtin_trap ();
          stack[depth++] = *p == '{' ? '}' : ']';
        }
      else if (*p == '}' || *p == ']')
        {
          if (depth == 0 || stack[--depth] != *p)
            __builtin_trap ();
        }
    }
  if (in_string || depth != 0)
    __builtin_trap ();
}

static void
write_all (LadderAnalysis *analysis)
{
  LadderConversations *convs = ladder_analysis_get_conversations (analysis);
  g_autoptr(GString) text = g_string_new (NULL);
  LadderJson *json;

  json = ladder_json_new (FALSE);
  ladder_conversations_write_json (convs, json);
  check_json (json);
  ladder_json_free (json);
  json = ladder_json_new (TRUE);
  ladder_conversations_write_tcp_json (convs, json);
  check_json (json);
  ladder_json_free (json);
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

  reader = ladder_reader_open_fd_full (memfd_with (data, size), "fuzz", LADDER_READER_NO_MAP, NULL);
  if (reader == NULL)
    return 0;
  ladder_load_reader (capture, reader, NULL, NULL, NULL, NULL);
  analysis = ladder_capture_analyse (capture);
  walk_frames (capture, analysis);
  write_all (analysis);
  return 0;
}
