/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-json.c: see ladder-json.h. */
#include "ladder-json.h"

#include <math.h>
#include <string.h>

#define SINK_THRESHOLD (64 * 1024)

/* The text is a plain buffer, not a GString: a big table writes tens of
 * millions of tokens, and each would check room, append and terminate the
 * string once per piece.  Here a token asks for its room once and writes
 * straight into it; the NUL goes on only where the text is read. */
struct _LadderJson
{
  char     *buf;
  gsize     len;
  gsize     cap;        /* bytes allocated; len < cap always (room for the NUL) */
  /* Where the writer is, in two flags rather than a flag per level: SEP,
   * the current level holds a value already (the next one needs a comma;
   * at a close, the level is not empty); AFTER_KEY, a key waits for its
   * value.  Opening a level is writing a value, so closing it leaves SEP
   * set for the level around it. */
  guint     depth;
  gboolean  sep;
  gboolean  pretty;
  gboolean  after_key;
  FILE     *sink;
  gsize     flush_at;   /* sink's threshold; G_MAXSIZE without a sink */
  gboolean  sink_failed;
};

LadderJson *
ladder_json_new (gboolean pretty)
{
  LadderJson *json = g_new0 (LadderJson, 1);
  json->cap = 4096;
  json->buf = g_malloc (json->cap);
  json->pretty = pretty;
  json->flush_at = G_MAXSIZE;
  return json;
}

void
ladder_json_free (LadderJson *json)
{
  if (json == NULL)
    return;
  g_free (json->buf);
  g_free (json);
}

static G_GNUC_NO_INLINE void
grow (LadderJson *json, gsize n)
{
  gsize need = json->len + n + 1;

  if (need < json->len)
    g_error ("ladder_json: text too long");
  json->cap = MAX (need, json->cap * 2);
  json->buf = g_realloc (json->buf, json->cap);
}

/* Room for N more bytes (and the NUL after them); returns where they go.
 * The caller moves len past what it wrote (done()). */
static inline char *
room (LadderJson *json, gsize n)
{
  if (G_UNLIKELY (json->len + n >= json->cap))
    grow (json, n);
  return json->buf + json->len;
}

static inline void
done (LadderJson *json, const char *end)
{
  json->len = (gsize) (end - json->buf);
}

static inline void
put (LadderJson *json, const char *s, gsize n)
{
  char *p = room (json, n);
  memcpy (p, s, n);
  done (json, p + n);
}

static inline void
put_c (LadderJson *json, char c)
{
  char *p = room (json, 1);
  *p++ = c;
  done (json, p);
}

const char *
ladder_json_get_text (LadderJson *json)
{
  json->buf[json->len] = '\0';
  return json->buf;
}

char *
ladder_json_steal_text (LadderJson *json)
{
  char *text = g_realloc (json->buf, json->len + 1);

  text[json->len] = '\0';
  json->cap = 4096;
  json->buf = g_malloc (json->cap);
  json->len = 0;
  return text;
}

gboolean
ladder_json_flush (LadderJson *json, FILE *fp)
{
  gboolean ok = fwrite (json->buf, 1, json->len, fp) == json->len;

  json->len = 0;
  if (fp == json->sink && json->sink_failed)
    ok = FALSE;
  return ok;
}

void
ladder_json_set_sink (LadderJson *json, FILE *fp)
{
  g_return_if_fail (json != NULL);
  json->sink = fp;
  json->flush_at = fp != NULL ? SINK_THRESHOLD : G_MAXSIZE;
}

/* Called where values start: any point of the text may be cut. */
static inline void
maybe_flush (LadderJson *json)
{
  if (G_UNLIKELY (json->len >= json->flush_at) && !ladder_json_flush (json, json->sink))
    json->sink_failed = TRUE;
}

LadderJson *
ladder_json_new_inside (gboolean pretty, guint depth)
{
  LadderJson *json = ladder_json_new (pretty);

  json->depth = depth;
  return json;
}

void
ladder_json_restart_inside (LadderJson *json)
{
  json->len = 0;
  json->sep = FALSE;
  json->after_key = FALSE;
}

guint
ladder_json_get_depth (LadderJson *json)
{
  return json->depth;
}

gboolean
ladder_json_append_inside (LadderJson *json, LadderJson *inside)
{
  g_return_val_if_fail (json->depth > 0 && inside->depth == json->depth && !json->after_key, FALSE);
  if (inside->len == 0)
    return !json->sink_failed;
  if (json->sep)
    put_c (json, ',');
  json->sep = TRUE;
  if (json->sink == NULL)
    {
      put (json, inside->buf, inside->len);
      return TRUE;
    }
  /* straight from the piece's buffer: no copy of the bulk of the text */
  if (!ladder_json_flush (json, json->sink)
      || fwrite (inside->buf, 1, inside->len, json->sink) != inside->len)
    json->sink_failed = TRUE;
  return !json->sink_failed;
}

/* Two digits per division: tables print millions of numbers. */
static const char digit_pairs[201] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

static const guint64 powers_of_10[20] = {
  1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
  G_GUINT64_CONSTANT (10000000000), G_GUINT64_CONSTANT (100000000000),
  G_GUINT64_CONSTANT (1000000000000), G_GUINT64_CONSTANT (10000000000000),
  G_GUINT64_CONSTANT (100000000000000), G_GUINT64_CONSTANT (1000000000000000),
  G_GUINT64_CONSTANT (10000000000000000), G_GUINT64_CONSTANT (100000000000000000),
  G_GUINT64_CONSTANT (1000000000000000000), G_GUINT64_CONSTANT (10000000000000000000),
};

/* Without a branch per digit: the lengths in a table vary from number to
 * number (packet numbers, ISNs, counts), and a mispredicted branch of a
 * compare-by-compare count costs more than this.  log10 from the bit
 * length (1233 / 4096 is just above log10 2), then one comparison. */
static inline guint
count_digits (guint64 v)
{
  guint64 w = v | 1;      /* as many digits; 0 counts as 1 */
  guint bits = 64 - (guint) __builtin_clzll (w);
  guint t = (bits * 1233) >> 12;

  return t + 1 - (w < powers_of_10[t]);
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
  char *p;

  if (!json->pretty)
    return;
  p = room (json, 1 + 2 * (gsize) json->depth);
  *p++ = '\n';
  memset (p, ' ', 2 * (gsize) json->depth);
  done (json, p + 2 * (gsize) json->depth);
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
  if (json->sep)
    put_c (json, ',');
  json->sep = TRUE;
  newline (json);
}

static void
open_level (LadderJson *json, char c)
{
  before_value (json);
  put_c (json, c);
  json->depth++;
  json->sep = FALSE;
}

static void
close_level (LadderJson *json, char c)
{
  g_return_if_fail (json->depth > 0);
  json->depth--;
  if (json->sep)
    newline (json);
  put_c (json, c);
  json->sep = TRUE;
}

void ladder_json_begin_object (LadderJson *json) { open_level (json, '{'); }
void ladder_json_end_object (LadderJson *json) { close_level (json, '}'); }
void ladder_json_begin_array (LadderJson *json) { open_level (json, '['); }
void ladder_json_end_array (LadderJson *json) { close_level (json, ']'); }

/* Below 10^15 ns (11 days) the double ns / 10^9 is within 0.12 ns of the
 * true value, so it rounds to the microsecond as the integer does unless
 * the remainder is exactly 500 ns: then printf decides. */
#define NS_EXACT_LIMIT G_GINT64_CONSTANT (1000000000000000)
#define NS_BUF LADDER_JSON_NS_ROOM

/* Formats NS into BUF (NS_BUF bytes) and returns where the text starts;
 * it ends at *LEN bytes from there. */
static const char *
format_ns (char *buf, gint64 ns, guint unit_digits, gsize *len)
{
  char *end = buf + NS_BUF, *p = end;
  guint64 us;

  if (ns < 0 || ns >= NS_EXACT_LIMIT || ns % 1000 == 500)
    {
      /* printf decides; always a '.', whatever the locale */
      p = g_ascii_formatd (buf, NS_BUF, unit_digits == 9 ? "%.6f" : "%.3f",
                           (double) ns / (unit_digits == 9 ? 1e9 : 1e6));
      *len = strlen (p);
      return p;
    }
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
  *len = (gsize) (end - p);
  return p;
}

void
ladder_string_append_ns (GString *out, gint64 ns, guint unit_digits, guint width)
{
  char buf[NS_BUF];
  const char *p;
  gsize len;

  g_return_if_fail (unit_digits == 9 || unit_digits == 6);
  p = format_ns (buf, ns, unit_digits, &len);
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

static G_GNUC_NO_INLINE void
append_escaped_slow (LadderJson *json, const guchar *p)
{
  for (; *p; p++)
    {
      switch (*p)
        {
        case '"': put (json, "\\\"", 2); break;
        case '\\': put (json, "\\\\", 2); break;
        case '\n': put (json, "\\n", 2); break;
        case '\r': put (json, "\\r", 2); break;
        case '\t': put (json, "\\t", 2); break;
        default:
          if (*p < 0x20)
            {
              char u[8];
              g_snprintf (u, sizeof u, "\\u%04x", *p);
              put (json, u, 6);
            }
          else
            put_c (json, (char) *p);
        }
    }
}

/* Writes "S" with the quotes.  Nearly every string of a table (keys,
 * addresses, state names) is short printable ASCII: it is copied as it is
 * scanned, into room asked for once. */
#define SHORT_STRING 64
static void
append_escaped (LadderJson *json, const char *s)
{
  const guchar *u = (const guchar *) s;
  char *p = room (json, SHORT_STRING + 2), *start = p;
  gsize n = 0;

  *p++ = '"';
  while (n < SHORT_STRING && json_class[u[n]] == 0 && u[n] != '\0')
    p[n] = (char) u[n], n++;
  if (u[n] == '\0')
    {
      p[n] = '"';
      done (json, p + n + 1);
      return;
    }
  done (json, start);
  /* long or escaped: the general way */
  n = plain_run (s);
  put_c (json, '"');
  put (json, s, n);
  append_escaped_slow (json, u + n);
  put_c (json, '"');
}

gboolean
ladder_json_is_pretty (LadderJson *json)
{
  return json->pretty;
}

char *
ladder_json_begin_raw (LadderJson *json, gsize n)
{
  before_value (json);
  return room (json, n);
}

void
ladder_json_end_raw (LadderJson *json, char *end)
{
  g_return_if_fail (end >= json->buf + json->len && end < json->buf + json->cap);
  done (json, end);
}

/* Writes KEY and its colon (the separator before them is written) into
 * room for EXTRA bytes more; returns where the value goes.  A member is
 * one call: half the calls and room checks of a key and a value apart. */
static inline char *
member (LadderJson *json, LadderJsonKey key, gsize extra)
{
  char *p;

  before_value (json);
  p = room (json, LADDER_JSON_KEY_ROOM + 2 + extra);
  memcpy (p, key.quoted, LADDER_JSON_KEY_ROOM);  /* see LADDER_JSON_KEY_ROOM */
  p += key.len;
  *p++ = ':';
  if (json->pretty)
    *p++ = ' ';
  return p;
}

void
ladder_json_key_quoted (LadderJson *json, LadderJsonKey key)
{
  done (json, member (json, key, 0));
  json->after_key = TRUE;
}

void
ladder_json_key_string (LadderJson *json, const char *key)
{
  before_value (json);
  append_escaped (json, key);
  if (json->pretty)
    put (json, ": ", 2);
  else
    put_c (json, ':');
  json->after_key = TRUE;
}

/* The value writers below come in pairs: ladder_json_X() writes a value
 * where the writer is, ladder_json_member_X() a key and its value. */

static void
string_value (LadderJson *json, const char *value)
{
  if (value == NULL)
    {
      put (json, "null", 4);
      return;
    }
  /* Invalid UTF-8 (packet comments, interface names) is made valid first;
   * plain ASCII needs no check. */
  gsize n = plain_run (value);
  if (value[n] != '\0' && !g_utf8_validate (value + n, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);
      append_escaped (json, valid);
      return;
    }
  append_escaped (json, value);
}

void
ladder_json_string (LadderJson *json, const char *value)
{
  before_value (json);
  string_value (json, value);
}

void
ladder_json_member_string (LadderJson *json, LadderJsonKey key, const char *value)
{
  done (json, member (json, key, 0));
  string_value (json, value);
}

/* room for a gint64 or guint64 in decimal */
#define INT_ROOM 21

static inline char *
format_int (char *p, gint64 value)
{
  if (value >= 0)
    return ladder_format_uint (p, (guint64) value);
  *p++ = '-';
  /* -(value + 1) + 1 cannot overflow, even for G_MININT64 */
  return ladder_format_uint (p, (guint64) -(value + 1) + 1);
}

void
ladder_json_int (LadderJson *json, gint64 value)
{
  before_value (json);
  done (json, format_int (room (json, INT_ROOM), value));
}

void
ladder_json_member_int (LadderJson *json, LadderJsonKey key, gint64 value)
{
  done (json, format_int (member (json, key, INT_ROOM), value));
}

void
ladder_json_uint (LadderJson *json, guint64 value)
{
  before_value (json);
  done (json, ladder_format_uint (room (json, INT_ROOM), value));
}

void
ladder_json_member_uint (LadderJson *json, LadderJsonKey key, guint64 value)
{
  done (json, ladder_format_uint (member (json, key, INT_ROOM), value));
}

void
ladder_json_member_uint_or_null (LadderJson *json, LadderJsonKey key, guint64 value)
{
  char *p = member (json, key, INT_ROOM);

  if (value != 0)
    p = ladder_format_uint (p, value);
  else
    {
      memcpy (p, "null", 4);
      p += 4;
    }
  done (json, p);
}

static void
double_value (LadderJson *json, double value, int decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[8];

  if (!isfinite (value))
    {
      put (json, "null", 4);
      return;
    }
  g_snprintf (fmt, sizeof fmt, "%%.%df", CLAMP (decimals, 0, 9));
  g_ascii_formatd (buf, sizeof buf, fmt, value);
  put (json, buf, strlen (buf));
}

void
ladder_json_double (LadderJson *json, double value, int decimals)
{
  before_value (json);
  double_value (json, value, decimals);
}

void
ladder_json_member_double (LadderJson *json, LadderJsonKey key, double value, int decimals)
{
  done (json, member (json, key, 0));
  double_value (json, value, decimals);
}

static inline char *
ns_value (char *p, gint64 ns, guint unit_digits)
{
  char buf[NS_BUF];
  const char *text;
  gsize len;

  text = format_ns (buf, ns, unit_digits, &len);
  memcpy (p, text, len);
  return p + len;
}

char *
ladder_format_json_ns (char *p, gint64 ns, guint unit_digits)
{
  g_return_val_if_fail (unit_digits == 9 || unit_digits == 6, p);
  return ns_value (p, ns, unit_digits);
}

void
ladder_json_ns (LadderJson *json, gint64 ns, guint unit_digits)
{
  g_return_if_fail (unit_digits == 9 || unit_digits == 6);
  before_value (json);
  done (json, ns_value (room (json, NS_BUF), ns, unit_digits));
}

void
ladder_json_member_ns (LadderJson *json, LadderJsonKey key, gint64 ns, guint unit_digits)
{
  g_return_if_fail (unit_digits == 9 || unit_digits == 6);
  done (json, ns_value (member (json, key, NS_BUF), ns, unit_digits));
}

static inline char *
bool_value (char *p, gboolean value)
{
  if (value)
    {
      memcpy (p, "true", 4);
      return p + 4;
    }
  memcpy (p, "false", 5);
  return p + 5;
}

void
ladder_json_bool (LadderJson *json, gboolean value)
{
  before_value (json);
  done (json, bool_value (room (json, 5), value));
}

void
ladder_json_member_bool (LadderJson *json, LadderJsonKey key, gboolean value)
{
  done (json, bool_value (member (json, key, 5), value));
}

void
ladder_json_null (LadderJson *json)
{
  before_value (json);
  put (json, "null", 4);
}

void
ladder_json_member_null (LadderJson *json, LadderJsonKey key)
{
  char *p = member (json, key, 4);

  memcpy (p, "null", 4);
  done (json, p + 4);
}

/* an address's text is plain ASCII: no escaping, no UTF-8 check */
static inline char *
addr_value (char *p, const LadderAddr *addr)
{
  char buf[LADDER_ADDR_STRLEN];
  const char *text;
  gsize n;

  if (addr == NULL || addr->family == 0)
    {
      memcpy (p, "null", 4);
      return p + 4;
    }
  text = ladder_addr_to_string (addr, buf);
  n = strlen (text);
  *p++ = '"';
  memcpy (p, text, n);
  p[n] = '"';
  return p + n + 1;
}

char *
ladder_format_json_addr (char *p, const LadderAddr *addr)
{
  return addr_value (p, addr);
}

void
ladder_json_addr (LadderJson *json, const LadderAddr *addr)
{
  before_value (json);
  done (json, addr_value (room (json, LADDER_JSON_ADDR_ROOM), addr));
}

void
ladder_json_member_addr (LadderJson *json, LadderJsonKey key, const LadderAddr *addr)
{
  done (json, addr_value (member (json, key, LADDER_ADDR_STRLEN + 2), addr));
}

