/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-load.h: a capture file or stream read into a LadderCapture.
 *
 * Synchronous: the window runs it in a worker thread (GTask) and the CLI
 * calls it directly.  Interfaces are added as their IDBs appear, frames as
 * they are read, and the lab's Custom Blocks (ladder-events.h) become the
 * capture's socket calls and states.  Readers on other threads may look at
 * frames [1, ladder_capture_get_n_frames ()] while it runs.
 *
 * CONTRACT shared by src/app, src/cli and capture/.
 */
#pragma once

#include <gio/gio.h>

#include "ladder-capture.h"
#include "ladder-reader.h"

G_BEGIN_DECLS

/* BYTES_TOTAL is 0 when unknown (a pipe or FIFO).  Called after the first
 * frame, then at most every 16384 frames, and once at the end. */
typedef void (*LadderLoadProgress) (guint64  bytes_done,
                                    guint64  bytes_total,
                                    guint64  frames,
                                    gpointer user_data);

/* Reads READER to its end into CAPTURE.  Returns FALSE with ERROR
 * (LADDER_READER_ERROR_*, or G_IO_ERROR_CANCELLED when CANCELLABLE fired)
 * when it stopped early; every frame read before that is in CAPTURE. */
gboolean ladder_load_reader (LadderCapture       *capture,
                             LadderReader        *reader,
                             GCancellable        *cancellable,
                             LadderLoadProgress   progress,
                             gpointer             user_data,
                             GError             **error);

/* Opens PATH ("-" for standard input) and loads it. */
gboolean ladder_load_file   (LadderCapture       *capture,
                             const char          *path,
                             GCancellable        *cancellable,
                             LadderLoadProgress   progress,
                             gpointer             user_data,
                             GError             **error);

G_END_DECLS
