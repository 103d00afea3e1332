/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-json.h: a tiny streaming JSON writer for the CLI's --json output.
 *
 * Commas and nesting are tracked for the caller; strings are escaped per
 * RFC 8259.  Output is compact unless pretty is set.
 */
#pragma once

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "ladder-addr.h"

G_BEGIN_DECLS

typedef struct _LadderJson LadderJson;

LadderJson *ladder_json_new         (gboolean pretty);
void        ladder_json_free        (LadderJson *json);
/* The text so far; the writer keeps ownership. */
const char *ladder_json_get_text    (LadderJson *json);
char       *ladder_json_steal_text  (LadderJson *json);
/* Writes the text so far to FP and forgets it (for long streamed output).
 * FALSE if this or an earlier write to FP (see set_sink) failed. */
gboolean    ladder_json_flush       (LadderJson *json, FILE *fp);
/* From now on the text is written to FP whenever it grows past 64 KiB, so
 * a big document never sits in memory whole; ladder_json_flush (json, fp)
 * writes the rest. */
void        ladder_json_set_sink    (LadderJson *json, FILE *fp);

/* A writer for a piece of a big array written elsewhere (another thread):
 * positioned DEPTH levels deep, as the array's own writer is, before the
 * array's first value.  ladder_json_append_inside() then adds the piece to
 * the array's writer, with the comma it needs there: the pieces written
 * one after the other make the same text as one writer would. */
LadderJson *ladder_json_new_inside    (gboolean pretty, guint depth);
/* Empties an inside writer for its next piece (keeps its buffer). */
void        ladder_json_restart_inside (LadderJson *json);
/* How many arrays and objects are open. */
guint       ladder_json_get_depth     (LadderJson *json);
/* FALSE if a write to the sink failed. */
gboolean    ladder_json_append_inside (LadderJson *json, LadderJson *inside);

/* Appends N bytes: g_string_append_len without its generic insert path
 * when the bytes fit (GLib 2.74 does not inline it; big tables call it
 * tens of millions of times). */
static inline void
ladder_string_put (GString *out, const char *s, gsize n)
{
  if (G_LIKELY (out->len + n < out->allocated_len))
    {
      memcpy (out->str + out->len, s, n);
      out->len += n;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, s, (gssize) n);
}

static inline void
ladder_string_put_str (GString *out, const char *s)
{
  ladder_string_put (out, s, strlen (s));
}

/* Decimal digits of VALUE, without printf (output of big tables). */
void        ladder_string_append_uint (GString *out, guint64 value);
/* The same digits written at P, which has room for 20; returns their end
 * (no terminating NUL).  For writers that reserve a line's room once. */
char       *ladder_format_uint        (char *p, guint64 value);
void        ladder_string_append_int  (GString *out, gint64 value);
/* NS nanoseconds as seconds with six decimals (UNIT_DIGITS 9) or as
 * milliseconds with three (UNIT_DIGITS 6), right-aligned in WIDTH: exactly
 * what printf ("%*.6f" / "%*.3f") prints for (double) ns / 1e9 (1e6), but
 * without printf unless the value sits on a rounding tie. */
void        ladder_string_append_ns   (GString *out, gint64 ns, guint unit_digits, guint width);
/* For writers of whole items in one piece (ladder_json_begin_raw): the
 * JSON text ladder_json_ns() and ladder_json_addr() write, at P, which has
 * room for LADDER_JSON_NS_ROOM or LADDER_JSON_ADDR_ROOM bytes; return the
 * text's end. */
#define LADDER_JSON_NS_ROOM   48
#define LADDER_JSON_ADDR_ROOM (LADDER_ADDR_STRLEN + 2)
char       *ladder_format_json_ns     (char *p, gint64 ns, guint unit_digits);
char       *ladder_format_json_addr   (char *p, const LadderAddr *addr);

void ladder_json_begin_object (LadderJson *json);
void ladder_json_end_object   (LadderJson *json);
void ladder_json_begin_array  (LadderJson *json);
void ladder_json_end_array    (LadderJson *json);
/* A key as it is written, quotes included: made at compile time from a
 * string literal by LADDER_JSON_KEY, so a table's millions of keys are
 * copied, not scanned for characters to escape.  The literal must be
 * plain (no quote, backslash or control character): every key of the
 * documented schemas is. */
typedef struct
{
  const char *quoted;  /* LADDER_JSON_KEY_ROOM bytes readable (NULs past the key) */
  gsize       len;
} LadderJsonKey;

/* Keys are copied in one fixed-size piece, which the compiler makes two
 * vector moves: a copy of each key's own length was a call to memcpy
 * whose branches on the length were mispredicted about once per key in a
 * big table.  So the literal carries NULs up to this size, and a key
 * (quotes included) is at most this long. */
#define LADDER_JSON_KEY_ROOM 32
#define LADDER_JSON_KEY_PAD "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
#define LADDER_JSON_KEY(name)                                                                     \
  (G_STATIC_ASSERT_EXPR (sizeof ("\"" name "\"") - 1 <= LADDER_JSON_KEY_ROOM),                   \
   (LadderJsonKey) { "\"" name "\"" LADDER_JSON_KEY_PAD, sizeof ("\"" name "\"") - 1 })

/* Inside an object: the next value's key.  ladder_json_key() takes a string
 * literal; ladder_json_key_string() any string, escaped as needed. */
void ladder_json_key_quoted   (LadderJson *json, LadderJsonKey key);
void ladder_json_key_string   (LadderJson *json, const char *key);
#define ladder_json_key(json, name) ladder_json_key_quoted ((json), LADDER_JSON_KEY (name))

void ladder_json_string  (LadderJson *json, const char *value); /* NULL writes null */
void ladder_json_int     (LadderJson *json, gint64 value);
void ladder_json_uint    (LadderJson *json, guint64 value);
void ladder_json_double  (LadderJson *json, double value, int decimals); /* non-finite: null */
void ladder_json_bool    (LadderJson *json, gboolean value);
void ladder_json_null    (LadderJson *json);
void ladder_json_addr    (LadderJson *json, const LadderAddr *addr); /* family 0: null */
/* As ladder_json_double ((double) ns / 1e9 or 1e6, 6 or 3); see ladder_string_append_ns. */
void ladder_json_ns      (LadderJson *json, gint64 ns, guint unit_digits);

/* For writers of many small values of one shape (a TCP table's state
 * changes): room for a value of at most N bytes, after the separator it
 * needs, which the caller writes as JSON text and ends with
 * ladder_json_end_raw() at its end.  The text is the caller's to get
 * right: a scalar, or anything when the writer is not pretty (compact text
 * has no newlines to place). */
gboolean ladder_json_is_pretty  (LadderJson *json);
char    *ladder_json_begin_raw  (LadderJson *json, gsize n);
void     ladder_json_end_raw    (LadderJson *json, char *end);

/* Inside an object: a key and its value in one call (big tables write
 * millions of them).  ladder_json_member_uint_or_null() writes null for 0
 * (a frame number, where 0 means none). */
void ladder_json_member_string (LadderJson *json, LadderJsonKey key, const char *value);
void ladder_json_member_int    (LadderJson *json, LadderJsonKey key, gint64 value);
void ladder_json_member_uint   (LadderJson *json, LadderJsonKey key, guint64 value);
void ladder_json_member_uint_or_null (LadderJson *json, LadderJsonKey key, guint64 value);
void ladder_json_member_double (LadderJson *json, LadderJsonKey key, double value, int decimals);
void ladder_json_member_bool   (LadderJson *json, LadderJsonKey key, gboolean value);
void ladder_json_member_null   (LadderJson *json, LadderJsonKey key);
void ladder_json_member_addr   (LadderJson *json, LadderJsonKey key, const LadderAddr *addr);
void ladder_json_member_ns     (LadderJson *json, LadderJsonKey key, gint64 ns, guint unit_digits);

/* The same with KEY a string literal, as for ladder_json_key() */
#define ladder_json_kv_string(json, key, value) \
  ladder_json_member_string ((json), LADDER_JSON_KEY (key), (value))
#define ladder_json_kv_int(json, key, value) \
  ladder_json_member_int ((json), LADDER_JSON_KEY (key), (value))
#define ladder_json_kv_uint(json, key, value) \
  ladder_json_member_uint ((json), LADDER_JSON_KEY (key), (value))
#define ladder_json_kv_double(json, key, value, decimals) \
  ladder_json_member_double ((json), LADDER_JSON_KEY (key), (value), (decimals))
#define ladder_json_kv_bool(json, key, value) \
  ladder_json_member_bool ((json), LADDER_JSON_KEY (key), (value))
#define ladder_json_kv_addr(json, key, addr) \
  ladder_json_member_addr ((json), LADDER_JSON_KEY (key), (addr))
#define ladder_json_kv_ns(json, key, ns, unit_digits) \
  ladder_json_member_ns ((json), LADDER_JSON_KEY (key), (ns), (unit_digits))
#define ladder_json_kv_null(json, key) \
  ladder_json_member_null ((json), LADDER_JSON_KEY (key))

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderJson, ladder_json_free)

G_END_DECLS
