/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-a11y.c: what a screen reader is given (GTK_A11Y=test, as every
 * window test runs: GTK's test backend keeps each accessible property). */
#include "ladder-row-model.h"
#include "ladder-table-row.h"
#include "ladder-table-view.h"
#include "ladder-test-app.h"

static void
format_cell (gpointer user_data, guint64 key, guint column, GString *out, gboolean *problem)
{
  switch (column)
    {
    case 0: g_string_append_printf (out, "%" G_GUINT64_FORMAT, key + 1); break;
    case 1: g_string_append_printf (out, "10.0.1.%" G_GUINT64_FORMAT, key + 1); break;
    default:
      /* an empty cell is left out of what is read */
      if (key != 2)
        g_string_append (out, "SYN");
    }
}

static void
collect_rows (GtkWidget *widget, GPtrArray *rows)
{
  if (LADDER_IS_TABLE_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* Each packet row reads as its cells, each named by its column; the header
 * row reads as the column titles. */
static void
test_table_rows (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *table = ladder_table_view_new ();
  g_autoptr (LadderRowModel) model = ladder_row_model_new (0);
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  guint checked = 0, headers = 0;

  ladder_table_view_add_column (LADDER_TABLE_VIEW (table), "No.", 6, LADDER_TABLE_NUMERIC);
  ladder_table_view_add_column (LADDER_TABLE_VIEW (table), "Source", 16, LADDER_TABLE_MIDDLE);
  ladder_table_view_add_column (LADDER_TABLE_VIEW (table), "Info", 0, 0);
  ladder_table_view_set_text_func (LADDER_TABLE_VIEW (table), format_cell, NULL);
  ladder_row_model_set_n_items (model, 5);
  ladder_table_view_set_model (LADDER_TABLE_VIEW (table),
                               GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (model)))));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 400);
  gtk_window_set_child (GTK_WINDOW (window), table);
  gtk_window_present (GTK_WINDOW (window));
  ladder_test_run_for (400);

  collect_rows (window, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      LadderTableRow *row = g_ptr_array_index (rows, i);
      const char *first = ladder_table_row_get_text (row, 0);
      g_autofree char *expected = NULL;

      if (g_strcmp0 (first, "No.") == 0)
        {
          gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "No., Source, Info");
          headers++;
          continue;
        }
      if (!gtk_widget_get_mapped (GTK_WIDGET (row)))
        continue;
      guint64 key = ladder_table_row_get_key (row);
      expected = key == 2 ? g_strdup_printf ("No. 3, Source 10.0.1.3")
                          : g_strdup_printf ("No. %" G_GUINT64_FORMAT ", Source 10.0.1.%" G_GUINT64_FORMAT ", Info SYN",
                                             key + 1, key + 1);
      gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
      gtk_test_accessible_assert_role (row, GTK_ACCESSIBLE_ROLE_ROW);
      checked++;
    }
  g_assert_cmpuint (headers, ==, 1);
  g_assert_cmpuint (checked, ==, 5);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  if (!ladder_test_app_init (&argc, &argv))
    return 0;
  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "test") != 0)
    g_error ("test-a11y needs GTK_A11Y=test (tests/app/meson.build sets it)");
  g_test_add_func ("/ladder/a11y/table-rows", test_table_rows);
  return g_test_run ();
}
