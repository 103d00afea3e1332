/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-table-row.h: one row of a LadderTableView, drawn as a whole
 * (see ladder-table-view.h for why). */
#pragma once

#include "ladder-table-view.h"

G_BEGIN_DECLS

#define LADDER_TYPE_TABLE_ROW (ladder_table_row_get_type ())
G_DECLARE_FINAL_TYPE (LadderTableRow, ladder_table_row, LADDER, TABLE_ROW, GtkWidget)

/* A header row shows the column titles. */
GtkWidget *ladder_table_row_new      (LadderTableView *view, gboolean header);
/* Takes the text of each column for KEY from the view. */
void       ladder_table_row_bind     (LadderTableRow *self, guint64 key);
guint64    ladder_table_row_get_key  (LadderTableRow *self);
/* The text of COLUMN as drawn. */
const char *ladder_table_row_get_text (LadderTableRow *self, guint column);
/* Forgets laid-out text (widths or fonts changed) and redraws. */
void       ladder_table_row_relayout (LadderTableRow *self);
/* Draws again if the last draw was skipped because the row was off screen. */
void       ladder_table_row_refresh_if_skipped (LadderTableRow *self);

G_END_DECLS
