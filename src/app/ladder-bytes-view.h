/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-bytes-view.h: a packet's bytes as hex and ASCII, 16 to a line.
 *
 * One byte range can be highlighted (the selected field); clicking a byte
 * emits "byte-activated" with its offset so the window can select the
 * field that contains it.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LADDER_TYPE_BYTES_VIEW (ladder_bytes_view_get_type ())
G_DECLARE_FINAL_TYPE (LadderBytesView, ladder_bytes_view, LADDER, BYTES_VIEW, GtkWidget)

GtkWidget *ladder_bytes_view_new           (void);
/* Copies LENGTH bytes of DATA; clears the highlight. */
void       ladder_bytes_view_set_data      (LadderBytesView *self, const guint8 *data, gsize length);
gsize      ladder_bytes_view_get_length    (LadderBytesView *self);
/* LENGTH 0 clears the highlight. */
void       ladder_bytes_view_set_highlight (LadderBytesView *self, guint offset, guint length);
gboolean   ladder_bytes_view_get_highlight (LadderBytesView *self, guint *offset, guint *length);
/* The byte at widget coordinates (X, Y), or -1. */
int        ladder_bytes_view_byte_at       (LadderBytesView *self, double x, double y);

G_END_DECLS
