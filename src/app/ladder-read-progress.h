/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-read-progress.h: the bar shown while a file or a live capture is
 * read: how far (or a pulse when the end is unknown), what, and Cancel
 * (win.cancel-open), which a live lab capture does not offer (Stop in the
 * lab panel ends it).
 *
 * Properties:
 *   text        char*     the words on the bar
 *   can-cancel  gboolean  Cancel is shown
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LADDER_TYPE_READ_PROGRESS (ladder_read_progress_get_type ())
G_DECLARE_FINAL_TYPE (LadderReadProgress, ladder_read_progress, LADDER, READ_PROGRESS, GtkWidget)

GtkWidget *ladder_read_progress_new       (void);
/* DONE of TOTAL (bytes, say); a pulse when TOTAL is 0. */
void       ladder_read_progress_set_done  (LadderReadProgress *self, guint64 done, guint64 total);
void       ladder_read_progress_restart   (LadderReadProgress *self);

G_END_DECLS
