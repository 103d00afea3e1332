/* ladder-json.h: a tiny streaming JSON writer for the CLI's --json output.
 *
 * Commas and nesting are tracked for the caller; strings are escaped per
 * RFC 8259.  Output is compact unless pretty is set.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "ladder-addr.h"

G_BEGIN_DECLS

typedef struct _LadderJson LadderJson;

LadderJson *ladder_json_new         (gboolean pretty);
void        ladder_json_free        (LadderJson *json);
/* The text so far; the writer keeps ownership. */
const char *ladder_json_get_text    (LadderJson *json);
char       *ladder_json_steal_text  (LadderJson *json);
/* Writes the text so far to FP and forgets it (for long streamed output). */
gboolean    ladder_json_flush       (LadderJson *json, FILE *fp);

void ladder_json_begin_object (LadderJson *json);
void ladder_json_end_object   (LadderJson *json);
void ladder_json_begin_array  (LadderJson *json);
void ladder_json_end_array    (LadderJson *json);
/* Inside an object: the next value's key. */
void ladder_json_key          (LadderJson *json, const char *key);

void ladder_json_string  (LadderJson *json, const char *value); /* NULL writes null */
void ladder_json_int     (LadderJson *json, gint64 value);
void ladder_json_uint    (LadderJson *json, guint64 value);
void ladder_json_double  (LadderJson *json, double value, int decimals); /* non-finite: null */
void ladder_json_bool    (LadderJson *json, gboolean value);
void ladder_json_null    (LadderJson *json);
void ladder_json_addr    (LadderJson *json, const LadderAddr *addr); /* family 0: null */

/* key + value shorthands */
void ladder_json_kv_string (LadderJson *json, const char *key, const char *value);
void ladder_json_kv_int    (LadderJson *json, const char *key, gint64 value);
void ladder_json_kv_uint   (LadderJson *json, const char *key, guint64 value);
void ladder_json_kv_double (LadderJson *json, const char *key, double value, int decimals);
void ladder_json_kv_bool   (LadderJson *json, const char *key, gboolean value);
void ladder_json_kv_addr   (LadderJson *json, const char *key, const LadderAddr *addr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderJson, ladder_json_free)

G_END_DECLS
