/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-util.h: shared helpers for the unit tests. */
#pragma once

#include <glib.h>

#include "ladder-frame.h"
#include "ladder-reader.h"
#include "ladder-story.h"

G_BEGIN_DECLS

typedef void (*LadderTestFrameFunc) (const LadderFrame *frame, gpointer user_data);

/* Reads and decodes every record of PATH, calling FUNC for each.  Returns
 * the number of frames; *error (may be NULL) receives a read error. */
guint64 ladder_test_read_file (const char *path, LadderTestFrameFunc func, gpointer user_data, GError **error);

/* One record copied out of the reader, to be replayed in any order. */
typedef struct
{
  guint64 number;   /* 1-based, in file order */
  gint64  ts_ns;
  guint32 iface, linktype, caplen, wirelen;
  GBytes *data;
} LadderTestRecord;

/* The fixture tests/data/NAME. */
char      *ladder_test_data_path    (const char *name);

/* Every record of PATH (LadderTestRecord*); fails the test unless the file
 * reads to a clean end. */
GPtrArray *ladder_test_load_records (const char *path);
/* The same for the fixture tests/data/NAME, which must hold records. */
GPtrArray *ladder_test_load_fixture (const char *name);
/* Decodes RECORDS and calls FUNC for each, in file order or, with
 * REVERSE, last record first (analyses must not depend on the order). */
void       ladder_test_feed_records (GPtrArray           *records,
                                     gboolean             reverse,
                                     LadderTestFrameFunc  func,
                                     gpointer             user_data);

/* Every *.pcap and *.pcapng file directly inside DIR (sorted), full paths. */
GPtrArray *ladder_test_list_captures (const char *dir);

/* The oracle: FIELDS (space-separated names) of every frame of PATH that
 * FILTER (may be NULL) keeps, as tshark -n -T fields prints them (one tab
 * between fields), keyed by frame number (GUINT_TO_POINTER, values
 * g_strdup'd).  NULL when tshark fails. */
GHashTable *ladder_test_tshark_field (const char *tshark, const char *path,
                                      const char *filter, const char *fields);

/* A capture told as lecture mode tells it. */
typedef struct
{
  LadderCapture  *capture;
  LadderAnalysis *analysis;
  LadderStory    *story;
  char           *text;     /* the story as `wireladder-cli story` prints it */
} LadderTestTold;

/* The capture file PATH loaded, analysed and told (CONVERSATION -1: the
 * first TCP one); each step must succeed. */
LadderTestTold *ladder_test_tell      (const char *path, gint conversation);
void            ladder_test_told_free (LadderTestTold *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderTestTold, ladder_test_told_free)

/* TRUE when TEXT is one JSON value (RFC 8259, strict) and nothing else
 * but white space. */
gboolean    ladder_test_json_parses  (const char *text);

G_END_DECLS
