/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-json.c: see ladder-json.h. */
#include "ladder-json.h"

#include <math.h>
#include <string.h>

#define SINK_THRESHOLD (64 * 1024)

struct _LadderJson
{
  GString  *out;
  /* per nesting level: no value written yet.  A plain array, not a GArray:
   * every object of a big table opens and closes a level. */
  guint8   *first;
  guint     depth;
  guint     first_cap;
  gboolean  pretty;
  gboolean  after_key;
  FILE     *sink;
  gboolean  sink_failed;
};

LadderJson *
ladder_json_new (gboolean pretty)
{
  LadderJson *json = g_new0 (LadderJson, 1);
  json->out = g_string_sized_new (4096);
  json->pretty = pretty;
  return json;
}

void
ladder_json_free (LadderJson *json)
{
  if (json == NULL)
    return;
  g_string_free (json->out, TRUE);
  g_free (json->first);
  g_free (json);
}

const char *
ladder_json_get_text (LadderJson *json)
{
  return json->out->str;
}

char *
ladder_json_steal_text (LadderJson *json)
{
  char *text = g_string_free (json->out, FALSE);
  json->out = g_string_new (NULL);
  return text;
}

gboolean
ladder_json_flush (LadderJson *json, FILE *fp)
{
  gboolean ok = fwrite (json->out->str, 1, json->out->len, fp) == json->out->len;

  g_string_truncate (json->out, 0);
  if (fp == json->sink && json->sink_failed)
    ok = FALSE;
  return ok;
}

void
ladder_json_set_sink (LadderJson *json, FILE *fp)
{
  g_return_if_fail (json != NULL);
  json->sink = fp;
}

/* Called where values start: any point of the text may be cut. */
static inline void
maybe_flush (LadderJson *json)
{
  if (json->sink != NULL && json->out->len >= SINK_THRESHOLD
      && !ladder_json_flush (json, json->sink))
    json->sink_failed = TRUE;
}

/* Two digits per division: tables print millions of numbers. */
static const char digit_pairs[201] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

static inline guint
count_digits (guint64 v)
{
  guint n = 1;

  for (;;)
    {
      if (v < 10)
        return n;
      if (v < 100)
        return n + 1;
      if (v < 1000)
        return n + 2;
      if (v < 10000)
        return n + 3;
      v /= 10000;
      n += 4;
    }
}

/* Writes the digits of VALUE ending at END, back to front.  Most numbers in
 * the tables fit 32 bits, where dividing by a constant is cheaper. */
static inline void
put_digits_back (char *end, guint64 value)
{
  char *p = end;

  while (value > G_MAXUINT32)
    {
      guint r = (guint) (value % 100);
      value /= 100;
      p -= 2;
      memcpy (p, digit_pairs + 2 * r, 2);
    }
  for (guint32 v = (guint32) value;;)
    {
      if (v < 10)
        {
          p[-1] = (char) ('0' + v);
          return;
        }
      if (v < 100)
        {
          memcpy (p - 2, digit_pairs + 2 * v, 2);
          return;
        }
      p -= 2;
      memcpy (p, digit_pairs + 2 * (v % 100), 2);
      v /= 100;
    }
}

char *
ladder_format_uint (char *p, guint64 value)
{
  char *end = p + count_digits (value);

  put_digits_back (end, value);
  return end;
}

void
ladder_string_append_uint (GString *out, guint64 value)
{
  char buf[24];

  ladder_string_put (out, buf, (gsize) (ladder_format_uint (buf, value) - buf));
}

void
ladder_string_append_int (GString *out, gint64 value)
{
  if (value < 0)
    {
      g_string_append_c (out, '-');
      /* -(value + 1) + 1 cannot overflow, even for G_MININT64 */
      ladder_string_append_uint (out, (guint64) -(value + 1) + 1);
      return;
    }
  ladder_string_append_uint (out, (guint64) value);
}

static void
newline (LadderJson *json)
{
  if (!json->pretty)
    return;
  g_string_append_c (json->out, '\n');
  for (guint i = 0; i < json->depth; i++)
    ladder_string_put (json->out, "  ", 2);
}

/* Writes the separator a new value needs at the current position. */
static inline void
before_value (LadderJson *json)
{
  maybe_flush (json);
  if (json->after_key)
    {
      json->after_key = FALSE;
      return;
    }
  if (json->depth == 0)
    return;
  if (!json->first[json->depth - 1])
    g_string_append_c (json->out, ',');
  json->first[json->depth - 1] = FALSE;
  newline (json);
}

static void
open_level (LadderJson *json, char c)
{
  before_value (json);
  g_string_append_c (json->out, c);
  if (json->depth == json->first_cap)
    {
      json->first_cap = MAX (16, json->first_cap * 2);
      json->first = g_renew (guint8, json->first, json->first_cap);
    }
  json->first[json->depth++] = TRUE;
}

static void
close_level (LadderJson *json, char c)
{
  g_return_if_fail (json->depth > 0);
  gboolean empty = json->first[--json->depth];
  if (!empty)
    newline (json);
  g_string_append_c (json->out, c);
}

void ladder_json_begin_object (LadderJson *json) { open_level (json, '{'); }
void ladder_json_end_object (LadderJson *json) { close_level (json, '}'); }
void ladder_json_begin_array (LadderJson *json) { open_level (json, '['); }
void ladder_json_end_array (LadderJson *json) { close_level (json, ']'); }

/* Below 10^15 ns (11 days) the double ns / 10^9 is within 0.12 ns of the
 * true value, so it rounds to the microsecond as the integer does unless
 * the remainder is exactly 500 ns: then printf decides. */
#define NS_EXACT_LIMIT G_GINT64_CONSTANT (1000000000000000)

void
ladder_string_append_ns (GString *out, gint64 ns, guint unit_digits, guint width)
{
  char buf[48];
  char *end = buf + sizeof buf, *p = end;
  guint64 us;
  gsize len;

  g_return_if_fail (unit_digits == 9 || unit_digits == 6);
  if (ns < 0 || ns >= NS_EXACT_LIMIT || ns % 1000 == 500)
    {
      /* printf decides; always a '.', whatever the locale */
      p = g_ascii_formatd (buf, sizeof buf, unit_digits == 9 ? "%.6f" : "%.3f",
                           (double) ns / (unit_digits == 9 ? 1e9 : 1e6));
      len = strlen (p);
    }
  else
    {
      us = ((guint64) ns + 500) / 1000;
      for (guint i = 0; i < unit_digits - 3; i++, us /= 10)
        *--p = (char) ('0' + us % 10);
      *--p = '.';
      do
        {
          *--p = (char) ('0' + us % 10);
          us /= 10;
        }
      while (us != 0);
      len = (gsize) (end - p);
    }
  for (gsize n = len; n < width; n++)
    g_string_append_c (out, ' ');
  ladder_string_put (out, p, len);
}

/* What a byte asks of a JSON string: 0 nothing (printable ASCII), 1 an
 * escape, 2 a UTF-8 check (not ASCII). */
static const guint8 json_class[256] = {
  [0x00 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0x80 ... 0xff] = 2,
};

/* The length of the leading run of S that can be copied as it is. */
static inline gsize
plain_run (const char *s)
{
  const guchar *p = (const guchar *) s;
  gsize n = 0;

  while (p[n] != '\0' && json_class[p[n]] == 0)
    n++;
  return n;
}

/* Writes "S" with the quotes.  Nearly every string of a table (keys,
 * addresses, state names) is printable ASCII: one scan, one copy. */
static void
append_escaped (GString *out, const char *s)
{
  gsize n = plain_run (s);

  g_string_append_c (out, '"');
  ladder_string_put (out, s, n);
  if (s[n] == '\0')
    {
      g_string_append_c (out, '"');
      return;
    }
  for (const guchar *p = (const guchar *) s + n; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

void
ladder_json_key (LadderJson *json, const char *key)
{
  before_value (json);
  append_escaped (json->out, key);
  ladder_string_put (json->out, ": ", json->pretty ? 2 : 1);
  json->after_key = TRUE;
}

void
ladder_json_string (LadderJson *json, const char *value)
{
  before_value (json);
  if (value == NULL)
    {
      ladder_string_put (json->out, "null", 4);
      return;
    }
  /* Invalid UTF-8 (packet comments, interface names) is made valid first;
   * plain ASCII needs no check. */
  gsize n = plain_run (value);
  if (value[n] != '\0' && !g_utf8_validate (value + n, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);
      append_escaped (json->out, valid);
      return;
    }
  append_escaped (json->out, value);
}

void
ladder_json_int (LadderJson *json, gint64 value)
{
  before_value (json);
  ladder_string_append_int (json->out, value);
}

void
ladder_json_uint (LadderJson *json, guint64 value)
{
  before_value (json);
  ladder_string_append_uint (json->out, value);
}

void
ladder_json_double (LadderJson *json, double value, int decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[8];

  before_value (json);
  if (!isfinite (value))
    {
      ladder_string_put (json->out, "null", 4);
      return;
    }
  g_snprintf (fmt, sizeof fmt, "%%.%df", CLAMP (decimals, 0, 9));
  g_ascii_formatd (buf, sizeof buf, fmt, value);
  ladder_string_put_str (json->out, buf);
}

void
ladder_json_ns (LadderJson *json, gint64 ns, guint unit_digits)
{
  before_value (json);
  ladder_string_append_ns (json->out, ns, unit_digits, 0);
}

void
ladder_json_kv_ns (LadderJson *json, const char *key, gint64 ns, guint unit_digits)
{
  ladder_json_key (json, key);
  ladder_json_ns (json, ns, unit_digits);
}

void
ladder_json_bool (LadderJson *json, gboolean value)
{
  before_value (json);
  ladder_string_put_str (json->out, value ? "true" : "false");
}

void
ladder_json_null (LadderJson *json)
{
  before_value (json);
  ladder_string_put (json->out, "null", 4);
}

void
ladder_json_addr (LadderJson *json, const LadderAddr *addr)
{
  char buf[LADDER_ADDR_STRLEN];

  if (addr == NULL || addr->family == 0)
    ladder_json_null (json);
  else
    ladder_json_string (json, ladder_addr_to_string (addr, buf));
}

void
ladder_json_kv_string (LadderJson *json, const char *key, const char *value)
{
  ladder_json_key (json, key);
  ladder_json_string (json, value);
}

void
ladder_json_kv_int (LadderJson *json, const char *key, gint64 value)
{
  ladder_json_key (json, key);
  ladder_json_int (json, value);
}

void
ladder_json_kv_uint (LadderJson *json, const char *key, guint64 value)
{
  ladder_json_key (json, key);
  ladder_json_uint (json, value);
}

void
ladder_json_kv_double (LadderJson *json, const char *key, double value, int decimals)
{
  ladder_json_key (json, key);
  ladder_json_double (json, value, decimals);
}

void
ladder_json_kv_bool (LadderJson *json, const char *key, gboolean value)
{
  ladder_json_key (json, key);
  ladder_json_bool (json, value);
}

void
ladder_json_kv_addr (LadderJson *json, const char *key, const LadderAddr *addr)
{
  ladder_json_key (json, key);
  ladder_json_addr (json, addr);
}
