/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-sockets.c: `wireladder-cli sockets`, the kernel's view of the
 * lab's sockets.
 *
 *   sockets [--json] [--pretty] FILE [--at PACKET]
 *
 * With --at, the table `ss -tuapn` would have printed in each lab host at
 * that packet's time; without, every socket with its owner and its state
 * history.  Exit status: 0 success, 1 unreadable capture, 2 usage (also a
 * packet the capture does not have).
 */
#include <stdio.h>
#include <string.h>

#include "ladder-cli.h"
#include "ladder-load.h"
#include "ladder-sockets.h"

typedef struct
{
  gboolean json;
  gboolean pretty;
  gint64   at;
  char   **files;
} SocketsArgs;

static int
usage_error (const char *message)
{
  fprintf (stderr, "wireladder-cli sockets: %s\n"
                   "Usage: wireladder-cli sockets [--json] [--pretty] FILE [--at PACKET]\n", message);
  return LADDER_CLI_USAGE;
}

static gboolean
parse (int argc, char **argv, SocketsArgs *args, GError **error)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &args->json, "JSON (schema in README.md)", NULL },
    { "pretty", 0, 0, G_OPTION_ARG_NONE, &args->pretty, "indented JSON", NULL },
    { "at", 0, 0, G_OPTION_ARG_INT64, &args->at, "the ss table at packet N (1-based)", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args->files, NULL, "FILE" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- the lab's sockets as ss shows them");

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Every socket of a lab capture with its owner (host, program, pid, fd)\n"
                                "and state history; --at N prints what `ss -tuapn` showed at packet N.\n"
                                "Exit status: 0 success, 1 unreadable capture, 2 usage.");
  if (!g_option_context_parse (context, &argc, &argv, error))
    return FALSE;
  if (args->files == NULL || args->files[0] == NULL || args->files[1] != NULL)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "give exactly one capture FILE"), FALSE;
  if (args->at == 0 || args->at < -1)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "--at must be a packet number (packets count from 1)"), FALSE;
  args->json |= args->pretty;
  return TRUE;
}

static int
load (LadderCapture *capture, const char *path)
{
  g_autoptr (GError) error = NULL;

  if (ladder_load_file (capture, path, NULL, NULL, NULL, &error))
    return LADDER_CLI_OK;
  if (ladder_capture_get_n_frames (capture) == 0 || ladder_cli_error_is_fatal (error))
    {
      fprintf (stderr, "wireladder-cli: %s\n", error->message);
      return LADDER_CLI_BAD_INPUT;
    }
  fprintf (stderr, "wireladder-cli: warning: %s\n", error->message);
  return LADDER_CLI_OK;
}

static void
write_output (LadderSockets *sockets, const SocketsArgs *args, GString *out)
{
  g_autoptr (LadderJson) json = args->json ? ladder_json_new (args->pretty) : NULL;
  g_autoptr (GArray) rows = args->at > 0 ? ladder_sockets_table_at (sockets, (guint64) args->at) : NULL;

  if (json != NULL && rows != NULL)
    ladder_sockets_write_table_json (sockets, (guint64) args->at, rows, json);
  else if (json != NULL)
    ladder_sockets_write_json (sockets, json);
  else if (rows != NULL)
    {
      g_string_append_printf (out, "At packet %" G_GINT64_FORMAT " (%.6f s):\n\n", args->at,
                              (double) (ladder_sockets_get_frame_time (sockets, (guint64) args->at)
                                        - ladder_sockets_get_frame_time (sockets, 1)) / 1e9);
      ladder_sockets_write_table_text (rows, out);
    }
  else
    ladder_sockets_write_text (sockets, out);
  if (json != NULL)
    g_string_append_printf (out, "%s\n", ladder_json_get_text (json));
}

int
ladder_cli_sockets_main (int argc, char **argv)
{
  SocketsArgs args = { .at = -1 };  /* -1: no --at */
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderCapture) capture = NULL;
  g_autoptr (LadderSockets) sockets = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  guint64 n_frames;
  int status;

  if (!parse (argc, argv, &args, &error))
    {
      g_strfreev (args.files);
      return usage_error (error->message);
    }
  capture = ladder_capture_new ();
  status = load (capture, args.files[0]);
  n_frames = ladder_capture_get_n_frames (capture);
  if (status == LADDER_CLI_OK && args.at > 0 && (guint64) args.at > n_frames)
    {
      g_autofree char *message = g_strdup_printf ("--at %" G_GINT64_FORMAT ": %s has %" G_GUINT64_FORMAT
                                                  " packets", args.at, args.files[0], n_frames);
      g_strfreev (args.files);
      return usage_error (message);
    }
  g_strfreev (args.files);
  if (status != LADDER_CLI_OK)
    return status;
  sockets = ladder_sockets_new (capture, n_frames);
  write_output (sockets, &args, out);
  fwrite (out->str, 1, out->len, stdout);
  return fflush (stdout) == 0 ? LADDER_CLI_OK : LADDER_CLI_BAD_INPUT;
}
