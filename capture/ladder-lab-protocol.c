/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-protocol.c: parse and format the helper's lines (PROTOCOL.md). */

#include "ladder-lab-protocol.h"

#include <string.h>

#include "ladder-lab-private.h"

static const char *const error_codes[] = {
  [LADDER_LAB_ERROR_UNAVAILABLE] = "unavailable",
  [LADDER_LAB_ERROR_HELPER] = "helper",
  [LADDER_LAB_ERROR_PARAMS] = "params",
  [LADDER_LAB_ERROR_BUSY] = "busy",
  [LADDER_LAB_ERROR_FAILED] = "failed",
};

const char *
ladder_lab_error_code_to_string (int code)
{
  if (code < 0 || code >= (int) G_N_ELEMENTS (error_codes))
    return "failed";
  return error_codes[code];
}

int
ladder_lab_error_code_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (error_codes); i++)
    if (strcmp (text, error_codes[i]) == 0)
      return i;
  return LADDER_LAB_ERROR_FAILED;
}

void
ladder_lab_message_clear (LadderLabMessage *msg)
{
  g_clear_pointer (&msg->message, g_free);
  memset (msg, 0, sizeof *msg);
}

static gboolean
all_in (const char *text, gsize len, const char *extra)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]) && strchr (extra, text[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
bad (GError **error, const char *what)
{
  g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS, "Malformed message: %s", what);
  return FALSE;
}

/* One `key=value` at P (up to the next space); `message` takes the rest. */
static gboolean
parse_pair (const char **p, LadderLabMessage *msg, GError **error)
{
  const char *eq = strchr (*p, '=');
  gsize key_len = eq != NULL ? (gsize) (eq - *p) : 0;
  const char *value;
  gsize value_len;

  if (eq == NULL || key_len == 0 || key_len > 16 || !all_in (*p, key_len, "-")
      || memchr (*p, ' ', key_len) != NULL)
    return bad (error, "expected key=value");
  /* Only now: without an '=', eq + 1 would be arithmetic on NULL. */
  value = eq + 1;
  for (guint i = 0; i < msg->n_pairs; i++)
    if (strlen (msg->keys[i]) == key_len && strncmp (msg->keys[i], *p, key_len) == 0)
      return bad (error, "a key appears twice");
  if (key_len == 7 && strncmp (*p, "message", 7) == 0)
    {
      for (const char *c = value; *c != '\0'; c++)
        if ((guchar) *c < 0x20 || *c == 0x7f)
          return bad (error, "control character in message");
      msg->message = g_strdup (value);
      *p = value + strlen (value);
      return TRUE;
    }
  value_len = strcspn (value, " ");
  if (value_len > 64 || !all_in (value, value_len, "._:-") || msg->n_pairs >= LADDER_LAB_PROTOCOL_MAX_PAIRS)
    return bad (error, "value too long, invalid or too many keys");
  memcpy (msg->keys[msg->n_pairs], *p, key_len);
  msg->keys[msg->n_pairs][key_len] = '\0';
  memcpy (msg->values[msg->n_pairs], value, value_len);
  msg->values[msg->n_pairs][value_len] = '\0';
  msg->n_pairs++;
  *p = value + value_len;
  return TRUE;
}

gboolean
ladder_lab_message_parse (const char *line, LadderLabMessage *msg, GError **error)
{
  const char *p = line;
  gsize word_len;

  g_return_val_if_fail (line != NULL && msg != NULL, FALSE);

  memset (msg, 0, sizeof *msg);
  if (strlen (line) >= LADDER_LAB_PROTOCOL_MAX_LINE || !g_utf8_validate (line, -1, NULL))
    return bad (error, "too long or not UTF-8");
  word_len = strcspn (p, " ");
  if (word_len == 0 || word_len >= sizeof msg->word || !all_in (p, word_len, "-"))
    return bad (error, "no command");
  memcpy (msg->word, p, word_len);
  p += word_len;
  while (*p != '\0' && msg->message == NULL)
    {
      if (*p != ' ' || p[1] == ' ' || p[1] == '\0')
        {
          ladder_lab_message_clear (msg);
          return bad (error, "stray spaces");
        }
      p++;
      if (!parse_pair (&p, msg, error))
        {
          ladder_lab_message_clear (msg);
          return FALSE;
        }
    }
  return TRUE;
}

const char *
ladder_lab_message_get (const LadderLabMessage *msg, const char *key)
{
  if (strcmp (key, "message") == 0)
    return msg->message;
  for (guint i = 0; i < msg->n_pairs; i++)
    if (strcmp (msg->keys[i], key) == 0)
      return msg->values[i];
  return NULL;
}

char *
ladder_lab_message_format_start (const LadderLabParams *params)
{
  GString *line = g_string_new ("start");

  g_string_append_printf (line, " scenario=%s", params->scenario);
  if (params->hops != 0)
    g_string_append_printf (line, " hops=%u", params->hops);
  if (params->method != NULL)
    g_string_append_printf (line, " method=%s", params->method);
  if (params->max_ttl != 0)
    g_string_append_printf (line, " max-ttl=%u", params->max_ttl);
  if (params->queries != 0)
    g_string_append_printf (line, " queries=%u", params->queries);
  if (params->delay_ms != 0)
    g_string_append_printf (line, " delay=%u", params->delay_ms);
  if (params->loss_percent != 0)
    g_string_append_printf (line, " loss=%u", params->loss_percent);
  if (params->jitter_ms != 0)
    g_string_append_printf (line, " jitter=%u", params->jitter_ms);
  if (params->duplicate_percent != 0)
    g_string_append_printf (line, " duplicate=%u", params->duplicate_percent);
  if (params->reorder_percent != 0)
    g_string_append_printf (line, " reorder=%u", params->reorder_percent);
  if (params->rate_kbit != 0)
    g_string_append_printf (line, " rate=%u", params->rate_kbit);
  if (params->seed_set)
    g_string_append_printf (line, " seed=%" G_GUINT64_FORMAT, params->seed);
  if (params->family != 0)
    g_string_append_printf (line, " family=%u", params->family);
  if (params->loopback)
    g_string_append (line, " topology=loopback");
  if (params->lang != NULL)
    g_string_append_printf (line, " lang=%s", params->lang);
  if (params->wait_s != 0)
    g_string_append_printf (line, " wait=%u", params->wait_s);
  for (guint i = 0; i < params->n_links; i++)
    {
      const LadderLabImpair *m = &params->links[i].impair;

      g_string_append_printf (line, " link-%u=%u:%u:%u:%u:%u:%u", params->links[i].subnet,
                              m->delay_ms, m->jitter_ms, m->loss_percent, m->duplicate_percent,
                              m->reorder_percent, m->rate_kbit);
    }
  g_string_append_c (line, '\n');
  return g_string_free (line, FALSE);
}

/* A decimal MIN..MAX. */
static gboolean
parse_number (const char *text, guint min, guint max, guint *out, GError **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "“%s” is not a number from %u to %u", text, min, max), FALSE;
  *out = (guint) value;
  return TRUE;
}

/* "link-K=DELAY:JITTER:LOSS:DUPLICATE:REORDER:RATE" */
static gboolean
parse_link (const char *key, const char *value, LadderLabParams *params, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (value, ":", -1);
  LadderLabLinkImpair *entry;
  guint *fields[6];

  if (params->n_links >= LADDER_LAB_MAX_LINK_IMPAIRS)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "Too many per-link settings"), FALSE;
  entry = &params->links[params->n_links];
  fields[0] = &entry->impair.delay_ms;
  fields[1] = &entry->impair.jitter_ms;
  fields[2] = &entry->impair.loss_percent;
  fields[3] = &entry->impair.duplicate_percent;
  fields[4] = &entry->impair.reorder_percent;
  fields[5] = &entry->impair.rate_kbit;
  if (!parse_number (key + 5, 1, 255, &entry->subnet, error))
    return FALSE;
  if (g_strv_length (parts) != 6)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "“%s” is not DELAY:JITTER:LOSS:DUPLICATE:REORDER:RATE", value), FALSE;
  for (guint i = 0; i < 6; i++)
    if (!parse_number (parts[i], 0, LADDER_LAB_MAX_RATE_KBIT, fields[i], error))
      return FALSE;
  params->n_links++;
  return TRUE;
}

static gboolean
parse_seed (const char *value, LadderLabParams *params, GError **error)
{
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &params->seed, NULL))
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "“%s” is not a seed (a decimal number)", value), FALSE;
  params->seed_set = TRUE;
  return TRUE;
}

static gboolean
parse_topology (const char *value, LadderLabParams *params, GError **error)
{
  if (strcmp (value, "chain") != 0 && strcmp (value, "loopback") != 0)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "topology must be chain or loopback, not “%s”", value), FALSE;
  params->loopback = strcmp (value, "loopback") == 0;
  return TRUE;
}

gboolean
ladder_lab_message_parse_start (const LadderLabMessage *msg, LadderLabParams *params,
                                GError **error)
{
  LadderLabParams resolved;

  memset (params, 0, sizeof *params);
  for (guint i = 0; i < msg->n_pairs; i++)
    {
      const char *key = msg->keys[i], *value = msg->values[i];
      gboolean ok = TRUE;

      if (strcmp (key, "scenario") == 0)
        params->scenario = value;
      else if (strcmp (key, "timeout") == 0 || strcmp (key, "stagger") == 0)
        continue;  /* the custom lab's: the helper reads them (PROTOCOL.md) */
      else if (strcmp (key, "method") == 0)
        params->method = value;
      else if (strcmp (key, "hops") == 0)
        ok = parse_number (value, 1, LADDER_LAB_MAX_HOPS, &params->hops, error);
      else if (strcmp (key, "max-ttl") == 0)
        ok = parse_number (value, 1, LADDER_LAB_MAX_MAX_TTL, &params->max_ttl, error);
      else if (strcmp (key, "queries") == 0)
        ok = parse_number (value, 1, LADDER_LAB_MAX_QUERIES, &params->queries, error);
      else if (strcmp (key, "delay") == 0)
        ok = parse_number (value, 0, LADDER_LAB_MAX_DELAY_MS, &params->delay_ms, error);
      else if (strcmp (key, "loss") == 0)
        ok = parse_number (value, 0, LADDER_LAB_MAX_LOSS, &params->loss_percent, error);
      else if (strcmp (key, "jitter") == 0)
        ok = parse_number (value, 0, LADDER_LAB_MAX_DELAY_MS, &params->jitter_ms, error);
      else if (strcmp (key, "duplicate") == 0)
        ok = parse_number (value, 0, LADDER_LAB_MAX_LOSS, &params->duplicate_percent, error);
      else if (strcmp (key, "reorder") == 0)
        ok = parse_number (value, 0, LADDER_LAB_MAX_LOSS, &params->reorder_percent, error);
      else if (strcmp (key, "rate") == 0)
        ok = parse_number (value, 0, LADDER_LAB_MAX_RATE_KBIT, &params->rate_kbit, error);
      else if (strcmp (key, "seed") == 0)
        ok = parse_seed (value, params, error);
      else if (strcmp (key, "family") == 0)
        ok = parse_number (value, 4, 6, &params->family, error);
      else if (strcmp (key, "topology") == 0)
        ok = parse_topology (value, params, error);
      else if (strcmp (key, "lang") == 0)
        params->lang = value;
      else if (strcmp (key, "wait") == 0)
        ok = parse_number (value, 1, LADDER_LAB_MAX_WAIT_S, &params->wait_s, error);
      else if (g_str_has_prefix (key, "link-"))
        ok = parse_link (key, value, params, error);
      else
        return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                            "Unknown parameter “%s”", key), FALSE;
      if (!ok)
        return FALSE;
    }
  if (msg->message != NULL)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "Unknown parameter “message”"), FALSE;
  return ladder_lab_params_resolve (params, &resolved, error);
}

char *
ladder_lab_message_format (const char *word, const char *pairs, const char *message)
{
  GString *line = g_string_new (word);

  if (pairs != NULL && *pairs != '\0')
    g_string_append_printf (line, " %s", pairs);
  if (message != NULL)
    {
      gsize start;

      g_string_append (line, " message=");
      start = line->len;
      g_string_append (line, message);
      for (gsize i = start; i < line->len; i++)
        if ((guchar) line->str[i] < 0x20 || line->str[i] == 0x7f)
          line->str[i] = ' ';
      /* Cut on a character boundary to fit the line limit. */
      if (line->len > LADDER_LAB_PROTOCOL_MAX_LINE - 1)
        {
          const char *end = g_utf8_find_prev_char (line->str, line->str + LADDER_LAB_PROTOCOL_MAX_LINE - 1);
          g_string_truncate (line, end - line->str);
        }
      if (!g_utf8_validate (line->str + start, -1, NULL))
        g_string_truncate (line, start);
    }
  g_string_append_c (line, '\n');
  return g_string_free (line, FALSE);
}
