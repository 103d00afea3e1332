/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-loader.h: reads a capture file or stream into a LadderCapture in
 * a worker thread (GTask), so the window keeps drawing while it grows.
 *
 * The window polls ladder_capture_get_n_frames() and the progress from the
 * main loop; the completion callback runs on the caller's main context.
 */
#pragma once

#include <gio/gio.h>

#include "ladder-capture.h"

G_BEGIN_DECLS

#define LADDER_TYPE_LOADER (ladder_loader_get_type ())
G_DECLARE_FINAL_TYPE (LadderLoader, ladder_loader, LADDER, LOADER, GObject)

LadderLoader  *ladder_loader_new         (LadderCapture *capture);
LadderCapture *ladder_loader_get_capture (LadderLoader *self);

/* PATH: a file ("-": standard input). */
void     ladder_loader_load_file_async (LadderLoader        *self,
                                        const char          *path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* FD: a pcapng stream (the lab); the loader owns it.  NAME for messages. */
void     ladder_loader_load_fd_async   (LadderLoader        *self,
                                        int                  fd,
                                        const char          *name,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean ladder_loader_load_finish     (LadderLoader  *self,
                                        GAsyncResult  *result,
                                        GError       **error);

/* Bytes read and the total (0 when unknown); any thread. */
void     ladder_loader_get_progress    (LadderLoader *self, guint64 *done, guint64 *total);

/* Builds the capture's analyses over the frames stored so far in a worker. */
void            ladder_loader_analyse_async  (LadderLoader        *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
LadderAnalysis *ladder_loader_analyse_finish (LadderLoader  *self,
                                              GAsyncResult  *result,
                                              GError       **error);

/* Drops the given references (either may be NULL) in a worker, a second
 * from now: freeing a million-packet capture or its analysis takes longer
 * than a frame.  Main thread. */
void            ladder_loader_release_in_background (LadderCapture  *capture,
                                                     LadderAnalysis *analysis);
/* Drops at once every release still waiting (at shutdown). */
void            ladder_loader_flush_releases        (void);

G_END_DECLS
