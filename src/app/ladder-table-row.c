/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-table-row.c */
#include "ladder-table-row.h"

struct _LadderTableRow
{
  GtkWidget        parent_instance;
  LadderTableView *view;        /* not owned: it owns the rows */
  gboolean         header;
  guint64          key;
  GPtrArray       *texts;       /* char *, one per column */
  guint64          problems;    /* bit per column */
  GPtrArray       *layouts;     /* PangoLayout * or NULL, one per column */
  int              layout_width;
  int              line_height; /* -1: unknown */
  gboolean         skipped;     /* the last draw happened off screen */
};

G_DEFINE_FINAL_TYPE (LadderTableRow, ladder_table_row, GTK_TYPE_WIDGET)

static void
clear_layouts (LadderTableRow *self)
{
  for (guint i = 0; i < self->layouts->len; i++)
    g_clear_object (&g_ptr_array_index (self->layouts, i));
}

static void
ensure_columns (LadderTableRow *self, guint n)
{
  while (self->texts->len < n)
    g_ptr_array_add (self->texts, NULL);
  while (self->layouts->len < n)
    g_ptr_array_add (self->layouts, NULL);
}

static int
line_height (LadderTableRow *self)
{
  if (self->line_height < 0)
    {
      PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

      self->line_height = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));
      if (self->line_height <= 0)
        self->line_height = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics)
                                               + pango_font_metrics_get_descent (metrics));
      pango_font_metrics_unref (metrics);
    }
  return self->line_height;
}

static void
ladder_table_row_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                          int *minimum, int *natural, int *min_baseline, int *nat_baseline)
{
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = line_height (LADDER_TABLE_ROW (widget));
  else
    *minimum = *natural = 0;
}

/* Whether any part of the row lies inside its list's visible area. */
static gboolean
on_screen (LadderTableRow *self)
{
  GtkWidget *list = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_LIST_VIEW);
  graphene_rect_t bounds;

  if (self->header || list == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (self), list, &bounds))
    return TRUE;
  return bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (list);
}

static PangoLayout *
ensure_layout (LadderTableRow *self, guint column, int width, LadderTableFlags flags)
{
  PangoLayout **slot = (PangoLayout **) &g_ptr_array_index (self->layouts, column);

  if (*slot == NULL)
    {
      *slot = gtk_widget_create_pango_layout (GTK_WIDGET (self), g_ptr_array_index (self->texts, column));
      pango_layout_set_ellipsize (*slot, (flags & LADDER_TABLE_MIDDLE) ? PANGO_ELLIPSIZE_MIDDLE
                                                                       : PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (*slot, TRUE);
      pango_layout_set_width (*slot, width * PANGO_SCALE);
    }
  return *slot;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
get_colors (GtkWidget *widget, GdkRGBA *fg, GdkRGBA *problem)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (style, fg);
  if (!gtk_style_context_lookup_color (style, "error_color", problem))
    gdk_rgba_parse (problem, "#c01c28");
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
draw_cell (LadderTableRow *self, GtkSnapshot *snapshot, guint column, const GdkRGBA *color)
{
  int x, width, text_width, text_height, height = gtk_widget_get_height (GTK_WIDGET (self));
  LadderTableFlags flags;
  PangoLayout *layout;
  const char *text = g_ptr_array_index (self->texts, column);

  _ladder_table_view_get_cell (self->view, column, gtk_widget_get_width (GTK_WIDGET (self)),
                               &x, &width, &flags);
  if (width <= 0 || text == NULL || text[0] == '\0')
    return;
  layout = ensure_layout (self, column, width, flags);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  if ((flags & LADDER_TABLE_NUMERIC) && text_width < width)
    x += width - text_width;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, (height - text_height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
ladder_table_row_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LadderTableRow *self = LADDER_TABLE_ROW (widget);
  int width = gtk_widget_get_width (widget);
  GdkRGBA fg, problem;

  self->skipped = !on_screen (self);
  if (self->skipped || self->view == NULL)
    return;
  if (width != self->layout_width)
    {
      clear_layouts (self);
      self->layout_width = width;
    }
  get_colors (widget, &fg, &problem);
  /* On the selection's background the error colour is unreadable. */
  if (gtk_widget_get_parent (widget) != NULL
      && (gtk_widget_get_state_flags (gtk_widget_get_parent (widget)) & GTK_STATE_FLAG_SELECTED))
    problem = fg;
  for (guint i = 0; i < self->texts->len; i++)
    draw_cell (self, snapshot, i, (self->problems & (G_GUINT64_CONSTANT (1) << i)) ? &problem : &fg);
}

static void
ladder_table_row_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ladder_table_row_parent_class)->css_changed (widget, change);
  ladder_table_row_relayout (LADDER_TABLE_ROW (widget));
  LADDER_TABLE_ROW (widget)->line_height = -1;
  gtk_widget_queue_resize (widget);
}

static void
ladder_table_row_finalize (GObject *object)
{
  LadderTableRow *self = LADDER_TABLE_ROW (object);

  clear_layouts (self);
  g_ptr_array_unref (self->layouts);
  g_ptr_array_unref (self->texts);
  G_OBJECT_CLASS (ladder_table_row_parent_class)->finalize (object);
}

static void
ladder_table_row_class_init (LadderTableRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ladder_table_row_finalize;
  widget_class->measure = ladder_table_row_measure;
  widget_class->snapshot = ladder_table_row_snapshot;
  widget_class->css_changed = ladder_table_row_css_changed;
  gtk_widget_class_set_css_name (widget_class, "tablerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ROW);
}

static void
ladder_table_row_init (LadderTableRow *self)
{
  self->texts = g_ptr_array_new_with_free_func (g_free);
  self->layouts = g_ptr_array_new ();
  self->line_height = -1;
}

/* A row is drawn text, not label widgets: a screen reader gets its cells
 * as one sentence, each named by its column ("No. 4, Source 10.0.1.2, ...");
 * empty cells are left out. */
static void
update_label (LadderTableRow *self)
{
  g_autoptr (GString) label = g_string_sized_new (160);

  for (guint i = 0; i < self->texts->len; i++)
    {
      const char *text = g_ptr_array_index (self->texts, i);
      const char *title = _ladder_table_view_get_title (self->view, i);

      if (text == NULL || *text == '\0')
        continue;
      if (label->len > 0)
        g_string_append (label, ", ");
      if (!self->header && title != NULL && *title != '\0')
        g_string_append_printf (label, "%s %s", title, text);
      else
        g_string_append (label, text);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label->str, -1);
}

GtkWidget *
ladder_table_row_new (LadderTableView *view, gboolean header)
{
  LadderTableRow *self = g_object_new (LADDER_TYPE_TABLE_ROW, NULL);

  self->view = view;
  self->header = header;
  if (header)
    {
      guint n = ladder_table_view_get_n_columns (view);

      gtk_widget_add_css_class (GTK_WIDGET (self), "table-header");
      ensure_columns (self, n);
      for (guint i = 0; i < n; i++)
        g_ptr_array_index (self->texts, i) = g_strdup (_ladder_table_view_get_title (view, i));
      update_label (self);
    }
  return GTK_WIDGET (self);
}

void
ladder_table_row_bind (LadderTableRow *self, guint64 key)
{
  guint n;
  g_autoptr (GString) text = g_string_sized_new (128);

  g_return_if_fail (LADDER_IS_TABLE_ROW (self));

  n = ladder_table_view_get_n_columns (self->view);
  ensure_columns (self, n);
  clear_layouts (self);
  self->key = key;
  self->problems = 0;
  for (guint i = 0; i < n; i++)
    {
      gboolean problem = FALSE;

      g_string_truncate (text, 0);
      _ladder_table_view_format (self->view, key, i, text, &problem);
      g_free (g_ptr_array_index (self->texts, i));
      g_ptr_array_index (self->texts, i) = g_strndup (text->str, text->len);
      if (problem && i < 64)
        self->problems |= G_GUINT64_CONSTANT (1) << i;
    }
  update_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint64
ladder_table_row_get_key (LadderTableRow *self)
{
  g_return_val_if_fail (LADDER_IS_TABLE_ROW (self), 0);
  return self->key;
}

const char *
ladder_table_row_get_text (LadderTableRow *self, guint column)
{
  g_return_val_if_fail (LADDER_IS_TABLE_ROW (self), NULL);

  if (column >= self->texts->len || g_ptr_array_index (self->texts, column) == NULL)
    return "";
  return g_ptr_array_index (self->texts, column);
}

void
ladder_table_row_relayout (LadderTableRow *self)
{
  g_return_if_fail (LADDER_IS_TABLE_ROW (self));
  clear_layouts (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ladder_table_row_refresh_if_skipped (LadderTableRow *self)
{
  g_return_if_fail (LADDER_IS_TABLE_ROW (self));
  if (self->skipped)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}
