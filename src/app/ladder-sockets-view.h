/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sockets-view.h: what `ss -tuapn` showed in each lab host at the
 * selected packet: the kernel's sockets with their states, queues,
 * addresses and owners (process, pid, fd), rebuilt by ladder-sockets.h.
 *
 * Properties:
 *   capture    gpointer  LadderCapture *, referenced (NULL: none)
 *   analysis   gpointer  LadderAnalysis *, referenced: the frames it covers
 *                        are the frames the table can be shown at
 *   packet     guint64   the packet whose time the table shows (0: none)
 *   n-sockets  guint     read-only: rows in the table shown
 *
 * Rows that appeared or changed since the packet before are highlighted, so
 * stepping through a handshake shows the accepted socket arrive beside the
 * listening one, on the same port with a new fd.
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-capture.h"

G_BEGIN_DECLS

#define LADDER_TYPE_SOCKETS_VIEW (ladder_sockets_view_get_type ())
G_DECLARE_FINAL_TYPE (LadderSocketsView, ladder_sockets_view, LADDER, SOCKETS_VIEW, GtkWidget)

GtkWidget *ladder_sockets_view_new (void);

void     ladder_sockets_view_set_capture  (LadderSocketsView *self, LadderCapture *capture);
void     ladder_sockets_view_set_analysis (LadderSocketsView *self, LadderAnalysis *analysis);
void     ladder_sockets_view_set_packet   (LadderSocketsView *self, guint64 packet);
guint64  ladder_sockets_view_get_packet   (LadderSocketsView *self);
guint    ladder_sockets_view_get_n_sockets (LadderSocketsView *self);

G_END_DECLS
