/* ladder-table.c */
#include "ladder-table.h"

#include "ladder-row-item.h"

typedef struct
{
  guint               column;
  LadderTableFlags    flags;
  LadderTableTextFunc func;
  gpointer            user_data;
  GString            *scratch;   /* reused: binding happens for every visible cell */
} ColumnData;

static void
column_data_free (gpointer p)
{
  ColumnData *data = p;

  g_string_free (data->scratch, TRUE);
  g_free (data);
}

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *item, ColumnData *data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), (data->flags & LADDER_TABLE_NUMERIC) ? 1.0 : 0.0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (data->flags & LADDER_TABLE_NUMERIC)
    gtk_widget_add_css_class (label, "numeric");
  if (data->flags & LADDER_TABLE_MONO)
    gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, ColumnData *data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  LadderRowItem *row = gtk_list_item_get_item (item);
  const char *css_class = NULL;

  g_string_truncate (data->scratch, 0);
  data->func (data->user_data, ladder_row_item_get_key (row), data->column,
              data->scratch, &css_class);
  gtk_label_set_text (GTK_LABEL (label), data->scratch->str);
  gtk_widget_set_css_classes (label, NULL);
  if (data->flags & LADDER_TABLE_NUMERIC)
    gtk_widget_add_css_class (label, "numeric");
  if (data->flags & LADDER_TABLE_MONO)
    gtk_widget_add_css_class (label, "monospace");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
}

GtkColumnViewColumn *
ladder_table_add_column (GtkColumnView       *view,
                         const char          *title,
                         guint                column,
                         LadderTableFlags     flags,
                         LadderTableTextFunc  func,
                         gpointer             user_data)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkColumnViewColumn) col = NULL;
  ColumnData *data = g_new0 (ColumnData, 1);

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  data->column = column;
  data->flags = flags;
  data->func = func;
  data->user_data = user_data;
  data->scratch = g_string_sized_new (256);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), data);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), data);
  /* The factory owns the column data. */
  g_object_set_data_full (G_OBJECT (factory), "ladder-column-data", data, column_data_free);

  col = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_column_set_expand (col, (flags & LADDER_TABLE_EXPAND) != 0);
  gtk_column_view_append_column (view, col);
  return col;
}

guint64
ladder_table_get_key (GtkColumnView *view, guint position)
{
  GtkSelectionModel *model = gtk_column_view_get_model (view);
  g_autoptr (LadderRowItem) row = NULL;

  if (model == NULL)
    return 0;
  row = g_list_model_get_item (G_LIST_MODEL (model), position);
  return row != NULL ? ladder_row_item_get_key (row) : 0;
}
