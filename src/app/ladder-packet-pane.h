/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-packet-pane.h: the packet list, filtered, above the selected
 * packet's layers and bytes.
 *
 * Without a filter the list is every frame published so far (an identity
 * row model that just grows).  With a filter expression or a conversation,
 * frames are tested in slices of a few milliseconds and the matches
 * appended, so even a million-frame capture never blocks drawing while it
 * is filtered: ladder_packet_pane_publish() is called again while it
 * returns TRUE.
 *
 * Properties:
 *   selected-frame  guint64  the packet shown below the list (0: none)
 *   conversation    int      only this conversation's packets (-1: all)
 *   n-shown         guint    read-only: rows in the list
 *   filter          char*    read-only: the expression applied (NULL: none)
 *   filter-warning  char*    read-only: the link types the filter matches
 *                            nothing on, as a sentence (NULL: none)
 *
 * Signals:
 *   refiltered ()   the list was emptied to be filled again: publish again
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-bytes-view.h"
#include "ladder-capture.h"
#include "ladder-note-editor.h"
#include "ladder-table-view.h"

G_BEGIN_DECLS

#define LADDER_TYPE_PACKET_PANE (ladder_packet_pane_get_type ())
G_DECLARE_FINAL_TYPE (LadderPacketPane, ladder_packet_pane, LADDER, PACKET_PANE, GtkWidget)

GtkWidget   *ladder_packet_pane_new            (void);
/* A new capture (NULL: none): the list empties and the conversation is
 * dropped; the filter stays as it was compiled (set it again for the new
 * capture's link types). */
void         ladder_packet_pane_set_capture    (LadderPacketPane *self, LadderCapture *capture);
/* The newest analysis: TCP notes in the Info column, conversations. */
void         ladder_packet_pane_set_analysis   (LadderPacketPane *self, LadderAnalysis *analysis);
/* The capture has N_FRAMES; returns TRUE while filtering is behind. */
gboolean     ladder_packet_pane_publish        (LadderPacketPane *self, guint64 n_frames);
/* TEXT in tcpdump's language ("" or NULL: none); FALSE with ERROR, and the
 * filter unchanged, when it does not compile. */
gboolean     ladder_packet_pane_set_filter     (LadderPacketPane *self, const char *text, GError **error);
const char  *ladder_packet_pane_get_filter     (LadderPacketPane *self);
const char  *ladder_packet_pane_get_filter_warning (LadderPacketPane *self);
void         ladder_packet_pane_set_conversation (LadderPacketPane *self, gint conversation);
gint         ladder_packet_pane_get_conversation (LadderPacketPane *self);
guint64      ladder_packet_pane_get_selected_frame (LadderPacketPane *self);
/* Selects NUMBER in the list (when shown) and shows its layers and bytes. */
void         ladder_packet_pane_set_selected_frame (LadderPacketPane *self, guint64 number);
guint        ladder_packet_pane_get_n_shown    (LadderPacketPane *self);

/* What the pane shows, for tests and callers that drive it as a person
 * would: the rows (frame numbers) with their selection, the selected
 * packet's field rows (GtkTreeListRow of LadderFieldItem) with theirs, and
 * the two views. */
GtkSingleSelection *ladder_packet_pane_get_packets   (LadderPacketPane *self);
GtkSingleSelection *ladder_packet_pane_get_fields    (LadderPacketPane *self);
LadderTableView    *ladder_packet_pane_get_table     (LadderPacketPane *self);
LadderBytesView    *ladder_packet_pane_get_bytes     (LadderPacketPane *self);
/* The selected packet's lecture note (saved by Save As as its comment). */
LadderNoteEditor   *ladder_packet_pane_get_note_editor (LadderPacketPane *self);

G_END_DECLS
