/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-story.c: `wireladder-cli story`, a capture told step by step.
 *
 *   story [--json] [--pretty] FILE [--conversation N]
 *
 * One numbered caption per line, or the steps as JSON (see README.md).
 * Exit status: 0 success, 1 unreadable capture or no conversation N, 2 usage.
 */
#include <errno.h>
#include <stdio.h>

#include "ladder-cli.h"
#include "ladder-json.h"
#include "ladder-load.h"
#include "ladder-story.h"

typedef struct
{
  gboolean json;
  gboolean pretty;
  gint     conversation;
  char   **files;
} StoryArgs;

static gboolean
parse (int argc, char **argv, StoryArgs *args, GError **error)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &args->json, "the steps as JSON", NULL },
    { "pretty", 0, 0, G_OPTION_ARG_NONE, &args->pretty, "indented JSON", NULL },
    { "conversation", 0, 0, G_OPTION_ARG_INT, &args->conversation,
      "tell conversation N only (0-based, as `conversations` lists them)", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args->files, NULL, "FILE" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- tell a capture step by step");

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Every packet, socket call and socket state change, in time "
                                "order, with a caption and, where something answers, a quiz.\n"
                                "Exit status: 0 success, 1 unreadable capture or no such "
                                "conversation, 2 usage.");
  if (!g_option_context_parse (context, &argc, &argv, error))
    return FALSE;
  if (args->files == NULL || args->files[0] == NULL || args->files[1] != NULL)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "give exactly one capture FILE"), FALSE;
  if (args->conversation < -1)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "--conversation must not be negative"), FALSE;
  return TRUE;
}

/* Loads FILE; a file cut short still tells what was read, with a warning. */
gboolean
ladder_cli_load_capture (LadderCapture *capture, const char *file)
{
  g_autoptr (GError) error = NULL;

  if (ladder_load_file (capture, file, NULL, NULL, NULL, &error))
    return TRUE;
  if (ladder_capture_get_n_frames (capture) == 0 || ladder_cli_error_is_fatal (error))
    {
      fprintf (stderr, "wireladder-cli: %s\n", error->message);
      return FALSE;
    }
  fprintf (stderr, "wireladder-cli: warning: %s\n", error->message);
  return TRUE;
}

static int
tell (StoryArgs *args)
{
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  g_autoptr (LadderAnalysis) analysis = NULL;
  g_autoptr (LadderStory) story = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  if (!ladder_cli_load_capture (capture, args->files[0]))
    return LADDER_CLI_BAD_INPUT;
  analysis = ladder_capture_analyse (capture);
  story = ladder_story_new (capture, analysis, args->conversation, &error);
  if (story == NULL)
    {
      fprintf (stderr, "wireladder-cli: %s: %s\n", args->files[0], error->message);
      return LADDER_CLI_BAD_INPUT;
    }
  if (args->json)
    {
      g_autoptr (LadderJson) json = ladder_json_new (args->pretty);
      ladder_story_write_json (story, json);
      g_string_append (out, ladder_json_get_text (json));
      g_string_append_c (out, '\n');
    }
  else
    ladder_story_write_text (story, out);
  if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
    {
      fprintf (stderr, "wireladder-cli: cannot write output: %s\n", g_strerror (errno));
      return LADDER_CLI_BAD_INPUT;
    }
  return LADDER_CLI_OK;
}

int
ladder_cli_story_main (int argc, char **argv)
{
  StoryArgs args = { .conversation = -1 };
  g_autoptr (GError) error = NULL;
  int status;

  if (!parse (argc, argv, &args, &error))
    {
      fprintf (stderr, "wireladder-cli story: %s\n"
                       "Usage: wireladder-cli story [--json] FILE [--conversation N]\n", error->message);
      g_strfreev (args.files);
      return LADDER_CLI_USAGE;
    }
  args.json |= args.pretty;
  status = tell (&args);
  g_strfreev (args.files);
  return status;
}
