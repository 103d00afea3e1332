/* ladder-test-util.h: shared helpers for the unit tests. */
#pragma once

#include <glib.h>

#include "ladder-frame.h"
#include "ladder-reader.h"

G_BEGIN_DECLS

typedef void (*LadderTestFrameFunc) (const LadderFrame *frame, gpointer user_data);

/* Reads and decodes every record of PATH, calling FUNC for each.  Returns
 * the number of frames; *error (may be NULL) receives a read error. */
guint64 ladder_test_read_file (const char *path, LadderTestFrameFunc func, gpointer user_data, GError **error);

/* Every *.pcap and *.pcapng file directly inside DIR (sorted), full paths. */
GPtrArray *ladder_test_list_captures (const char *dir);

G_END_DECLS
