/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-notes.c: lecture notes, the packet comments of a pcapng file.
 *
 *   notes [--json] [--pretty] FILE
 *   note FILE --packet N --text T [--packet N --text T]... -w OUT.pcapng
 *
 * `note` writes the whole capture again (ladder-save.h): every packet,
 * interface and block, the notes given added or replaced (an empty text
 * removes one).  A pcap input cannot hold notes, so the output is pcapng
 * and `note` says so; an output named .pcap is refused.  Exit status: 0
 * success, 1 unreadable capture or unwritable output, 2 usage (also a
 * packet the capture does not have).
 */
#include <stdio.h>
#include <string.h>

#include "ladder-cli.h"
#include "ladder-json.h"
#include "ladder-load.h"
#include "ladder-save.h"

typedef struct
{
  gboolean json;
  gboolean pretty;
  char   **packets;
  char   **texts;
  char    *output;
  char   **files;
} NotesArgs;

static void
notes_args_clear (NotesArgs *args)
{
  g_strfreev (args->packets);
  g_strfreev (args->texts);
  g_free (args->output);
  g_strfreev (args->files);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NotesArgs, notes_args_clear)

static int
usage_error (const char *command, const char *message)
{
  fprintf (stderr, "wireladder-cli %s: %s\nUsage: wireladder-cli notes [--json] [--pretty] FILE\n"
                   "       wireladder-cli note FILE --packet N --text TEXT [...] -w OUT.pcapng\n",
           command, message);
  return LADDER_CLI_USAGE;
}

/* Every record must be read: a note saved over a capture cut short would
 * lose the rest of it without a word. */
static int
load_whole (LadderCapture *capture, const char *path, LadderFormat *format)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderReader) reader = ladder_reader_open_full (path, LADDER_READER_NO_MAP, &error);

  if (reader == NULL || !ladder_load_reader (capture, reader, NULL, NULL, NULL, &error))
    {
      fprintf (stderr, "wireladder-cli: %s\n", error->message);
      return LADDER_CLI_BAD_INPUT;
    }
  *format = ladder_reader_get_format (reader);
  return LADDER_CLI_OK;
}

static void
write_notes (LadderCapture *capture, const NotesArgs *args, GString *out)
{
  g_autoptr (GArray) frames = ladder_capture_list_notes (capture);
  g_autoptr (LadderJson) json = args->json ? ladder_json_new (args->pretty) : NULL;

  if (json != NULL)
    {
      ladder_json_begin_object (json);
      ladder_json_key (json, "notes");
      ladder_json_begin_array (json);
    }
  for (guint i = 0; i < frames->len; i++)
    {
      guint64 number = g_array_index (frames, guint64, i);
      g_autofree char *note = ladder_capture_dup_note (capture, number);
      if (json == NULL)
        {
          g_string_append_printf (out, "%" G_GUINT64_FORMAT ": %s\n", number, note);
          continue;
        }
      ladder_json_begin_object (json);
      ladder_json_kv_uint (json, "packet", number);
      ladder_json_kv_string (json, "note", note);
      ladder_json_end_object (json);
    }
  if (json == NULL)
    return;
  ladder_json_end_array (json);
  ladder_json_end_object (json);
  g_string_append_printf (out, "%s\n", ladder_json_get_text (json));
}

int
ladder_cli_notes_main (int argc, char **argv)
{
  g_auto (NotesArgs) args = { 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &args.json, "JSON: {\"notes\":[{\"packet\":N,\"note\":\"...\"}]}", NULL },
    { "pretty", 0, 0, G_OPTION_ARG_NONE, &args.pretty, "indented JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args.files, NULL, "FILE" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE - the capture's lecture notes (packet comments)");
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  g_autoptr (GString) out = g_string_new (NULL);
  LadderFormat format;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("notes", error->message);
  if (args.files == NULL || args.files[0] == NULL || args.files[1] != NULL)
    return usage_error ("notes", "give exactly one capture FILE");
  args.json |= args.pretty;
  if (load_whole (capture, args.files[0], &format) != LADDER_CLI_OK)
    return LADDER_CLI_BAD_INPUT;
  write_notes (capture, &args, out);
  fwrite (out->str, 1, out->len, stdout);
  return fflush (stdout) == 0 ? LADDER_CLI_OK : LADDER_CLI_BAD_INPUT;
}

static gboolean
parse_note (int argc, char **argv, NotesArgs *args, GError **error)
{
  const GOptionEntry entries[] = {
    { "packet", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &args->packets, "the packet (1-based), once per --text", "N" },
    { "text", 't', 0, G_OPTION_ARG_STRING_ARRAY, &args->texts, "the note; empty removes it", "TEXT" },
    { "write", 'w', 0, G_OPTION_ARG_FILENAME, &args->output, "the pcapng file to write (may be FILE)", "OUT" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args->files, NULL, "FILE" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE - add lecture notes (packet comments)");

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Writes FILE again as pcapng with the notes given, keeping every\n"
                                "packet, interface, note and block (the lab's calls and states).\n"
                                "Exit status: 0 success, 1 unreadable or unwritable file, 2 usage.");
  if (!g_option_context_parse (context, &argc, &argv, error))
    return FALSE;
  if (args->files == NULL || args->files[0] == NULL || args->files[1] != NULL)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "give exactly one capture FILE"), FALSE;
  if (args->output == NULL)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "-w OUT.pcapng is required"), FALSE;
  if (strcmp (args->output, "-") == 0)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "-w needs a file: the copy is written beside it and renamed over it"), FALSE;
  if (ladder_save_is_pcap_name (args->output))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "%s: notes need pcapng (pcap has no packet comments); name the output .pcapng",
                        args->output), FALSE;
  if (args->packets == NULL || args->texts == NULL
      || g_strv_length (args->packets) != g_strv_length (args->texts))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "give one --text for every --packet"), FALSE;
  return TRUE;
}

/* Applies the notes; a packet the capture does not have is a usage error. */
static gboolean
apply_notes (LadderCapture *capture, const NotesArgs *args, GError **error)
{
  guint64 n = ladder_capture_get_n_frames (capture);

  for (guint i = 0; args->packets[i] != NULL; i++)
    {
      guint64 number;
      if (!g_ascii_string_to_unsigned (args->packets[i], 10, 1, G_MAXUINT64, &number, NULL) || number > n)
        return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                            "--packet %s: %s has packets 1 to %" G_GUINT64_FORMAT,
                            args->packets[i], args->files[0], n), FALSE;
      ladder_capture_set_note (capture, number, args->texts[i]);
    }
  return TRUE;
}

int
ladder_cli_note_main (int argc, char **argv)
{
  g_auto (NotesArgs) args = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  LadderSaveStats stats;
  LadderFormat format;

  if (!parse_note (argc, argv, &args, &error))
    return usage_error ("note", error->message);
  if (load_whole (capture, args.files[0], &format) != LADDER_CLI_OK)
    return LADDER_CLI_BAD_INPUT;
  if (!apply_notes (capture, &args, &error))
    return usage_error ("note", error->message);
  if (!ladder_save_pcapng (capture, args.output, &stats, &error))
    {
      fprintf (stderr, "wireladder-cli: %s\n", error->message);
      return LADDER_CLI_BAD_INPUT;
    }
  if (format == LADDER_FORMAT_PCAP)
    fprintf (stderr, "wireladder-cli: %s is a pcap file, which cannot hold notes: %s is written as pcapng\n",
             args.files[0], args.output);
  if (stats.blocks_dropped > 0)
    fprintf (stderr, "wireladder-cli: %" G_GUINT64_FORMAT " blocks marked \"do not copy\" or in another "
             "byte order were left out\n", stats.blocks_dropped);
  printf ("%s: %" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT " notes, %" G_GUINT64_FORMAT " other blocks\n",
          args.output, stats.packets, stats.notes, stats.blocks);
  return LADDER_CLI_OK;
}
