/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-analysis.c: `conversations`, `tcp`, `ping` and `traceroute`. */
#include "ladder-cli.h"

#include <errno.h>
#include <stdio.h>

#include "ladder-conversations.h"
#include "ladder-json.h"
#include "ladder-ping.h"
#include "ladder-losses.h"
#include "ladder-traceroute.h"

static void
add_conversations (const LadderFrame *frames, guint n_frames, gpointer data)
{
  ladder_conversations_add_batch (data, frames, n_frames);
}

static void
write_tcp_items (LadderJson *json, guint first, guint last, gpointer convs)
{
  ladder_conversations_write_tcp_json_items (convs, json, first, last);
}

static void
write_conversation_items (LadderJson *json, guint first, guint last, gpointer convs)
{
  ladder_conversations_write_json_items (convs, json, first, last);
}

/* Big captures make big tables: they are written out as they are built. */
static gboolean
write_conversations (const LadderCliOptions *options, LadderConversations *convs, gboolean tcp,
                     GString *out)
{
  g_autoptr (LadderJson) json = NULL;

  if (!options->json)
    return tcp ? ladder_conversations_write_tcp_text (convs, out, TRUE, stdout)
               : ladder_conversations_write_text (convs, out, stdout);
  json = ladder_json_new (options->pretty);
  ladder_json_set_sink (json, stdout);
  /* the document ladder_conversations_write_(tcp_)json writes, its array
   * in blocks */
  ladder_json_begin_object (json);
  ladder_json_key_string (json, tcp ? "connections" : "conversations");
  ladder_json_begin_array (json);
  ladder_cli_write_items (json, options->pretty, ladder_conversations_get_n_items (convs),
                          tcp ? write_tcp_items : write_conversation_items, convs);
  ladder_json_end_array (json);
  ladder_json_end_object (json);
  g_string_append_c (out, '\n');
  return ladder_json_flush (json, stdout);
}

/* Freeing a million-packet table walks its tens of megabytes once more
 * (9 ms on the benchmark, a twentieth of tcp --json) just before the
 * process ends and the kernel takes it all back anyway.  Held here, it is
 * not a leak.  Volatile: the compiler drops stores to a static that is
 * never read, and LeakSanitizer then reports the table. */
static LadderConversations *volatile table_until_exit;

static int
run_conversations (const LadderCliOptions *options, gboolean tcp)
{
  g_autoptr (LadderConversations) convs = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  convs = ladder_conversations_new (tcp ? LADDER_CONVERSATIONS_TCP_ANALYSIS : 0);
  if (!ladder_cli_read_decoded (options, TRUE, add_conversations, convs, &error)
      && ladder_cli_error_is_fatal (error))
    return ladder_cli_finish (options, NULL, error);
  if (!write_conversations (options, convs, tcp, out))
    {
      fprintf (stderr, "wireladder-cli: cannot write output: %s\n", g_strerror (errno));
      return LADDER_CLI_BAD_INPUT;
    }
  table_until_exit = g_steal_pointer (&convs);
  return ladder_cli_finish (options, out, error);
}

int
ladder_cli_conversations (const LadderCliOptions *options)
{
  return run_conversations (options, FALSE);
}

int
ladder_cli_tcp (const LadderCliOptions *options)
{
  return run_conversations (options, TRUE);
}

static void
add_ping (const LadderFrame *frames, guint n_frames, gpointer data)
{
  for (guint i = 0; i < n_frames; i++)
    ladder_ping_add_frame (data, &frames[i]);
}

int
ladder_cli_ping (const LadderCliOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  LadderPing *ping = ladder_ping_new ();
  LadderLosses *losses;

  if (!ladder_cli_read_decoded (options, FALSE, add_ping, ping, &error) && ladder_cli_error_is_fatal (error))
    {
      ladder_ping_free (ping);
      return ladder_cli_finish (options, NULL, error);
    }
  losses = ladder_cli_find_losses (options);
  ladder_ping_finish_with_losses (ping, losses);
  if (options->json)
    {
      g_autoptr (LadderJson) json = ladder_json_new (options->pretty);
      ladder_ping_write_json (ping, json);
      g_string_append (out, ladder_json_get_text (json));
      g_string_append_c (out, '\n');
    }
  else
    ladder_ping_write_text (ping, out);
  ladder_ping_free (ping);
  ladder_losses_free (losses);
  return ladder_cli_finish (options, out, error);
}

static void
add_traceroute (const LadderFrame *frames, guint n_frames, gpointer data)
{
  for (guint i = 0; i < n_frames; i++)
    ladder_traceroute_add_frame (data, &frames[i]);
}

int
ladder_cli_traceroute (const LadderCliOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  LadderTraceroute *trace = ladder_traceroute_new ();
  LadderLosses *losses;

  if (!ladder_cli_read_decoded (options, FALSE, add_traceroute, trace, &error) && ladder_cli_error_is_fatal (error))
    {
      ladder_traceroute_free (trace);
      return ladder_cli_finish (options, NULL, error);
    }
  ladder_traceroute_finish (trace);
  losses = ladder_cli_find_losses (options);
  if (losses != NULL)
    ladder_traceroute_note_lost_replies (trace, losses);
  if (options->json)
    {
      g_autoptr (LadderJson) json = ladder_json_new (options->pretty);
      ladder_traceroute_write_json (trace, json);
      g_string_append (out, ladder_json_get_text (json));
      g_string_append_c (out, '\n');
    }
  else
    ladder_traceroute_write_text (trace, out);
  ladder_traceroute_free (trace);
  ladder_losses_free (losses);
  return ladder_cli_finish (options, out, error);
}
