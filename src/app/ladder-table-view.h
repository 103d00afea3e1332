/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-table-view.h: a table over a virtual list, light enough for a
 * million rows on GTK 4.8.
 *
 * GTK 4.8's list views keep some 200 rows bound around the visible ones,
 * and a GtkColumnView row is a dozen widgets (row, cells, labels), all
 * created again when the list jumps or is refiltered.  Here a row is one
 * widget (LadderTableRow) that stores its cells' text and lays it out only
 * when drawn on screen; the header is one more such row.  Column widths
 * are given in characters, so they follow the font scale; one column may
 * take the rest of the width.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Writes column COLUMN of the row whose key is KEY into OUT; may set
 * *problem to draw that cell in the error color. */
typedef void (*LadderTableTextFunc) (gpointer  user_data,
                                     guint64   key,
                                     guint     column,
                                     GString  *out,
                                     gboolean *problem);

typedef enum
{
  LADDER_TABLE_NUMERIC = 1 << 0,  /* right-aligned */
  LADDER_TABLE_MIDDLE  = 1 << 1,  /* ellipsized in the middle (addresses) */
} LadderTableFlags;

#define LADDER_TYPE_TABLE_VIEW (ladder_table_view_get_type ())
G_DECLARE_FINAL_TYPE (LadderTableView, ladder_table_view, LADDER, TABLE_VIEW, GtkWidget)

GtkWidget   *ladder_table_view_new            (void);
/* WIDTH_CHARS 0: the column takes the width the others leave. */
void         ladder_table_view_add_column     (LadderTableView *self, const char *title,
                                               guint width_chars, LadderTableFlags flags);
guint        ladder_table_view_get_n_columns  (LadderTableView *self);
void         ladder_table_view_set_text_func  (LadderTableView *self, LadderTableTextFunc func,
                                               gpointer user_data);
/* MODEL's items are LadderRowItem. */
void         ladder_table_view_set_model      (LadderTableView *self, GtkSelectionModel *model);
GtkListView *ladder_table_view_get_list       (LadderTableView *self);
/* Scrolls so that row POSITION is visible. */
void         ladder_table_view_scroll_to      (LadderTableView *self, guint position);
/* Re-reads the text of every bound row (e.g. after the data changed). */
void         ladder_table_view_refresh        (LadderTableView *self);

/* For LadderTableRow. */
void         _ladder_table_view_get_cell      (LadderTableView *self, guint column, int row_width,
                                               int *x, int *width, LadderTableFlags *flags);
void         _ladder_table_view_format        (LadderTableView *self, guint64 key, guint column,
                                               GString *out, gboolean *problem);
const char  *_ladder_table_view_get_title     (LadderTableView *self, guint column);

/* Signals: "activate" (guint position), as GtkListView's. */

G_END_DECLS
