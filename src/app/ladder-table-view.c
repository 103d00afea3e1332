/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-table-view.c */
#include "ladder-table-view.h"

#include "ladder-row-item.h"
#include "ladder-table-row.h"

#define CELL_PADDING 8   /* px either side of a cell's text */
#define MIN_EXPAND_CHARS 12

typedef struct
{
  char            *title;
  guint            width_chars;
  LadderTableFlags flags;
} Column;

struct _LadderTableView
{
  GtkWidget            parent_instance;
  GtkWidget           *box;
  GtkWidget           *header;
  GtkWidget           *scrolled;
  GtkListView         *list;
  GArray              *columns;
  LadderTableTextFunc  func;
  gpointer             user_data;
  int                  digit_width;   /* Pango units; -1 unknown */
};

enum { SIGNAL_ACTIVATE, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LadderTableView, ladder_table_view, GTK_TYPE_WIDGET)

static void
for_each_row (LadderTableView *self, void (*func) (LadderTableRow *))
{
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->list)); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *child = gtk_widget_get_first_child (item);

      if (child != NULL && LADDER_IS_TABLE_ROW (child))
        func (LADDER_TABLE_ROW (child));
    }
  if (self->header != NULL)
    func (LADDER_TABLE_ROW (self->header));
}

static void
on_scrolled (GtkAdjustment *adjustment, LadderTableView *self)
{
  for_each_row (self, ladder_table_row_refresh_if_skipped);
}

static void
on_vadjustment (LadderTableView *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list));

  if (adjustment == NULL)
    return;
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_scrolled), self, 0);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (on_scrolled), self, 0);
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, LadderTableView *self)
{
  gtk_list_item_set_child (item, ladder_table_row_new (self, FALSE));
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, LadderTableView *self)
{
  LadderRowItem *row = gtk_list_item_get_item (item);

  ladder_table_row_bind (LADDER_TABLE_ROW (gtk_list_item_get_child (item)), ladder_row_item_get_key (row));
}

static void
on_activate (GtkListView *list, guint position, LadderTableView *self)
{
  g_signal_emit (self, signals[SIGNAL_ACTIVATE], 0, position);
}

static void
ladder_table_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  LADDER_TABLE_VIEW (widget)->digit_width = -1;
  GTK_WIDGET_CLASS (ladder_table_view_parent_class)->css_changed (widget, change);
}

static void
ladder_table_view_dispose (GObject *object)
{
  LadderTableView *self = LADDER_TABLE_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  self->header = NULL;
  self->list = NULL;
  G_OBJECT_CLASS (ladder_table_view_parent_class)->dispose (object);
}

static void
ladder_table_view_finalize (GObject *object)
{
  LadderTableView *self = LADDER_TABLE_VIEW (object);

  for (guint i = 0; i < self->columns->len; i++)
    g_free (g_array_index (self->columns, Column, i).title);
  g_array_unref (self->columns);
  G_OBJECT_CLASS (ladder_table_view_parent_class)->finalize (object);
}

static void
ladder_table_view_class_init (LadderTableViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ladder_table_view_dispose;
  object_class->finalize = ladder_table_view_finalize;
  widget_class->css_changed = ladder_table_view_css_changed;
  signals[SIGNAL_ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tableview");
}

static void
ladder_table_view_init (LadderTableView *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  self->digit_width = -1;
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (NULL, g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "table-list");
  g_signal_connect (self->list, "activate", G_CALLBACK (on_activate), self);
  g_signal_connect_swapped (self->list, "notify::vadjustment", G_CALLBACK (on_vadjustment), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (self->box), self->scrolled);
  on_vadjustment (self);
}

GtkWidget *
ladder_table_view_new (void)
{
  return g_object_new (LADDER_TYPE_TABLE_VIEW, NULL);
}

static void
rebuild_header (LadderTableView *self)
{
  if (self->header != NULL)
    gtk_box_remove (GTK_BOX (self->box), self->header);
  self->header = ladder_table_row_new (self, TRUE);
  gtk_box_prepend (GTK_BOX (self->box), self->header);
}

void
ladder_table_view_add_column (LadderTableView *self, const char *title, guint width_chars,
                              LadderTableFlags flags)
{
  Column column = { g_strdup (title), width_chars, flags };

  g_return_if_fail (LADDER_IS_TABLE_VIEW (self));
  g_return_if_fail (self->columns->len < 64);

  g_array_append_val (self->columns, column);
  rebuild_header (self);
}

guint
ladder_table_view_get_n_columns (LadderTableView *self)
{
  g_return_val_if_fail (LADDER_IS_TABLE_VIEW (self), 0);
  return self->columns->len;
}

void
ladder_table_view_set_text_func (LadderTableView *self, LadderTableTextFunc func, gpointer user_data)
{
  g_return_if_fail (LADDER_IS_TABLE_VIEW (self));
  self->func = func;
  self->user_data = user_data;
}

void
ladder_table_view_set_model (LadderTableView *self, GtkSelectionModel *model)
{
  g_return_if_fail (LADDER_IS_TABLE_VIEW (self));
  gtk_list_view_set_model (self->list, model);
}

GtkListView *
ladder_table_view_get_list (LadderTableView *self)
{
  g_return_val_if_fail (LADDER_IS_TABLE_VIEW (self), NULL);
  return self->list;
}

void
ladder_table_view_scroll_to (LadderTableView *self, guint position)
{
  g_return_if_fail (LADDER_IS_TABLE_VIEW (self));
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", position);
}

static void
rebind (LadderTableRow *row)
{
  ladder_table_row_bind (row, ladder_table_row_get_key (row));
}

void
ladder_table_view_refresh (LadderTableView *self)
{
  g_return_if_fail (LADDER_IS_TABLE_VIEW (self));

  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->list)); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *child = gtk_widget_get_first_child (item);

      if (child != NULL && LADDER_IS_TABLE_ROW (child))
        rebind (LADDER_TABLE_ROW (child));
    }
}

static int
digit_width (LadderTableView *self)
{
  if (self->digit_width < 0)
    {
      PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

      self->digit_width = pango_font_metrics_get_approximate_digit_width (metrics);
      pango_font_metrics_unref (metrics);
    }
  return self->digit_width;
}

/* Fixed columns are (chars + 1) digits wide plus padding; the expanding
 * ones share what is left of ROW_WIDTH. */
void
_ladder_table_view_get_cell (LadderTableView *self, guint column, int row_width,
                             int *x, int *width, LadderTableFlags *flags)
{
  int fixed = 0, n_expand = 0, expand_width, pos = 0;
  int digit = digit_width (self);

  for (guint i = 0; i < self->columns->len; i++)
    {
      const Column *col = &g_array_index (self->columns, Column, i);

      if (col->width_chars == 0)
        n_expand++;
      else
        fixed += PANGO_PIXELS ((col->width_chars + 1) * digit) + 2 * CELL_PADDING;
    }
  expand_width = n_expand > 0 ? MAX (row_width - fixed, PANGO_PIXELS (MIN_EXPAND_CHARS * digit) * n_expand) / n_expand : 0;
  for (guint i = 0; i <= column && i < self->columns->len; i++)
    {
      const Column *col = &g_array_index (self->columns, Column, i);
      int w = col->width_chars == 0 ? expand_width
                                    : PANGO_PIXELS ((col->width_chars + 1) * digit) + 2 * CELL_PADDING;

      if (i == column)
        {
          *x = pos + CELL_PADDING;
          *width = w - 2 * CELL_PADDING;
          *flags = col->flags;
          return;
        }
      pos += w;
    }
  *x = *width = 0;
  *flags = 0;
}

void
_ladder_table_view_format (LadderTableView *self, guint64 key, guint column, GString *out, gboolean *problem)
{
  if (self->func != NULL)
    self->func (self->user_data, key, column, out, problem);
}

const char *
_ladder_table_view_get_title (LadderTableView *self, guint column)
{
  if (column >= self->columns->len)
    return "";
  return g_array_index (self->columns, Column, column).title;
}
