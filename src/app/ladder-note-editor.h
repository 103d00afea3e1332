/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-note-editor.h: a lecture note on one packet, edited in place.
 *
 * The note is the capture's (ladder_capture_set_note), saved as the
 * packet's pcapng comment by Save As, which Wireshark shows and
 * `tshark -e frame.comment` prints.  Every edit goes to the capture at
 * once; Enter or Escape hands the keyboard back to the window (in lecture
 * mode, back to the step keys).
 *
 * Properties:
 *   capture  gpointer  LadderCapture *, referenced (NULL: none; the field is
 *                      insensitive)
 *   packet   guint64   the packet whose note is edited (0: none)
 *   text     string    read-only: the note shown ("" for none)
 *
 * Signals:
 *   note-changed (guint64 packet): the user changed that packet's note.
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-capture.h"

G_BEGIN_DECLS

#define LADDER_TYPE_NOTE_EDITOR (ladder_note_editor_get_type ())
G_DECLARE_FINAL_TYPE (LadderNoteEditor, ladder_note_editor, LADDER, NOTE_EDITOR, GtkWidget)

GtkWidget  *ladder_note_editor_new         (void);
void        ladder_note_editor_set_capture (LadderNoteEditor *self, LadderCapture *capture);
void        ladder_note_editor_set_packet  (LadderNoteEditor *self, guint64 packet);
guint64     ladder_note_editor_get_packet  (LadderNoteEditor *self);
const char *ladder_note_editor_get_text    (LadderNoteEditor *self);
/* As if the user typed TEXT (for tests and scripts): the capture's note
 * changes and note-changed is emitted. */
void        ladder_note_editor_edit        (LadderNoteEditor *self, const char *text);

G_END_DECLS
