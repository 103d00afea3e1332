/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-lab-protocol.c: libFuzzer harness for the lab helper's line parser (not built by meson).
 *
 * The input is one line as the helper reads it from its client (without
 * the newline; a NUL cuts it, as the helper's reader does).  A line that
 * parses must obey capture/PROTOCOL.md: word and keys in their character
 * sets, values at most 64 bytes of [A-Za-z0-9._:-], no key twice, message
 * free of control characters.  A `start` line that the helper accepts
 * must have a valid scenario, formats back to a line that parses to the
 * same parameters, and nothing in it may reach an exec argv unchecked.
 * The helper's own formatter must always produce a line that parses.
 * See tests/fuzz/README.md.
 */
#include <string.h>

#include "ladder-lab-protocol.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static gboolean
only (const char *s, const char *extra)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum (*s) && strchr (extra, *s) == NULL)
      return FALSE;
  return TRUE;
}

static void
check_message (const LadderLabMessage *msg)
{
  if (msg->word[0] == '\0' || !only (msg->word, "-") || msg->n_pairs > LADDER_LAB_PROTOCOL_MAX_PAIRS)
    __builtin_trap ();
  for (guint i = 0; i < msg->n_pairs; i++)
    {
      if (msg->keys[i][0] == '\0' || !only (msg->keys[i], "-") || !only (msg->values[i], "._:-")
          || strcmp (msg->keys[i], "message") == 0)
        __builtin_trap ();
      for (guint j = 0; j < i; j++)
        if (strcmp (msg->keys[i], msg->keys[j]) == 0)
          __builtin_trap ();
    }
  for (const char *c = msg->message; c != NULL && *c != '\0'; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f)
      __builtin_trap ();
}

static void
check_start (const LadderLabMessage *msg)
{
  g_autofree char *again = NULL;
  LadderLabMessage msg2;
  LadderLabParams params, params2;

  if (!ladder_lab_message_parse_start (msg, &params, NULL))
    return;
  if (params.scenario == NULL || !only (params.scenario, "-"))
    __builtin_trap ();
  again = ladder_lab_message_format_start (&params);
  again[strlen (again) - 1] = '\0';
  if (!ladder_lab_message_parse (again, &msg2, NULL)
      || !ladder_lab_message_parse_start (&msg2, &params2, NULL)
      || strcmp (params.scenario, params2.scenario) != 0 || params.hops != params2.hops
      || params.max_ttl != params2.max_ttl || params.queries != params2.queries
      || params.delay_ms != params2.delay_ms || params.loss_percent != params2.loss_percent
      || g_strcmp0 (params.method, params2.method) != 0)
    __builtin_trap ();
  ladder_lab_message_clear (&msg2);
}

/* What the helper sends back quoting untrusted text must still parse. */
static void
check_format (const char *line)
{
  g_autofree char *out = ladder_lab_message_format ("error", "code=params", line);
  LadderLabMessage msg;
  gsize len = strlen (out);

  if (len > LADDER_LAB_PROTOCOL_MAX_LINE || out[len - 1] != '\n')
    __builtin_trap ();
  out[len - 1] = '\0';
  if (!ladder_lab_message_parse (out, &msg, NULL))
    __builtin_trap ();
  ladder_lab_message_clear (&msg);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *line = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  LadderLabMessage msg;

  if (ladder_lab_message_parse (line, &msg, &error))
    {
      check_message (&msg);
      if (strcmp (msg.word, "start") == 0)
        check_start (&msg);
      ladder_lab_message_clear (&msg);
    }
  else if (error == NULL || msg.message != NULL)
    __builtin_trap ();
  if (g_utf8_validate (line, -1, NULL))
    check_format (line);
  return 0;
}
