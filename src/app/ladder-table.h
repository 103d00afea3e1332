/* ladder-table.h: text columns for a GtkColumnView of LadderRowItem.
 *
 * Each cell asks a callback for its text when its row is bound, so tables
 * hold no strings of their own; the packet list formats only the rows on
 * screen.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Writes the text of column COLUMN for the row whose key is KEY.  May set
 * *css_class to a static class name for the cell (e.g. "problem"). */
typedef void (*LadderTableTextFunc) (gpointer     user_data,
                                     guint64      key,
                                     guint        column,
                                     GString     *out,
                                     const char **css_class);

typedef enum
{
  LADDER_TABLE_EXPAND  = 1 << 0,  /* takes the spare width */
  LADDER_TABLE_NUMERIC = 1 << 1,  /* right-aligned, tabular figures */
  LADDER_TABLE_MONO    = 1 << 2,  /* monospace */
} LadderTableFlags;

GtkColumnViewColumn *ladder_table_add_column (GtkColumnView       *view,
                                              const char          *title,
                                              guint                column,
                                              LadderTableFlags     flags,
                                              LadderTableTextFunc  func,
                                              gpointer             user_data);

/* The key of the row at POSITION of VIEW's model, or 0. */
guint64 ladder_table_get_key (GtkColumnView *view, guint position);

G_END_DECLS
