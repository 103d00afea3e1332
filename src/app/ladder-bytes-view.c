/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-bytes-view.c
 *
 * The whole dump is one PangoLayout: every character is ASCII, so a byte's
 * hex and ASCII cells sit at fixed character indices and clicks map back
 * through pango_layout_xy_to_index.
 */
#include "ladder-bytes-view.h"

#define BYTES_PER_LINE 16
/* "0000  " + 16 × "xx " + one extra space after 8 + " " + 16 ASCII + "\n" */
#define OFFSET_CHARS   6
#define HEX_CHARS      (BYTES_PER_LINE * 3 + 1)
#define ASCII_START    (OFFSET_CHARS + HEX_CHARS + 1)
#define LINE_CHARS     (ASCII_START + BYTES_PER_LINE + 1)

struct _LadderBytesView
{
  GtkWidget    parent_instance;
  GBytes      *bytes;
  guint        hl_offset, hl_length;
  PangoLayout *layout;    /* NULL until needed, rebuilt on change */
};

enum { SIGNAL_BYTE_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LadderBytesView, ladder_bytes_view, GTK_TYPE_WIDGET)

static guint
hex_index (guint byte)
{
  guint col = byte % BYTES_PER_LINE;

  return (byte / BYTES_PER_LINE) * LINE_CHARS + OFFSET_CHARS + col * 3 + (col >= 8 ? 1 : 0);
}

static guint
ascii_index (guint byte)
{
  return (byte / BYTES_PER_LINE) * LINE_CHARS + ASCII_START + byte % BYTES_PER_LINE;
}

static char *
format_dump (const guint8 *data, gsize length)
{
  GString *out = g_string_sized_new ((length / BYTES_PER_LINE + 1) * LINE_CHARS);

  for (gsize line = 0; line * BYTES_PER_LINE < length; line++)
    {
      gsize start = line * BYTES_PER_LINE;

      /* Six characters either way: records are at most 256 KiB. */
      if (start < 0x10000)
        g_string_append_printf (out, "%04" G_GSIZE_MODIFIER "x  ", start);
      else
        g_string_append_printf (out, "%05" G_GSIZE_MODIFIER "x ", start);
      for (guint col = 0; col < BYTES_PER_LINE; col++)
        {
          if (start + col < length)
            g_string_append_printf (out, "%02x ", data[start + col]);
          else
            g_string_append (out, "   ");
          if (col == 7)
            g_string_append_c (out, ' ');
        }
      g_string_append_c (out, ' ');
      for (guint col = 0; col < BYTES_PER_LINE; col++)
        {
          guint8 c = start + col < length ? data[start + col] : ' ';

          g_string_append_c (out, g_ascii_isprint (c) ? (char) c : '.');
        }
      /* No newline after the last line: Pango would lay out an empty line
       * there and the view would be one line taller than its bytes. */
      if ((line + 1) * BYTES_PER_LINE < length)
        g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
add_range_attrs (PangoAttrList *attrs, guint start_index, guint end_index, const GdkRGBA *bg, const GdkRGBA *fg)
{
  PangoAttribute *attr;

  attr = pango_attr_background_new (bg->red * 65535, bg->green * 65535, bg->blue * 65535);
  attr->start_index = start_index;
  attr->end_index = end_index;
  pango_attr_list_insert (attrs, attr);
  attr = pango_attr_foreground_new (fg->red * 65535, fg->green * 65535, fg->blue * 65535);
  attr->start_index = start_index;
  attr->end_index = end_index;
  pango_attr_list_insert (attrs, attr);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
highlight_colors (LadderBytesView *self, GdkRGBA *bg, GdkRGBA *fg)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

  if (!gtk_style_context_lookup_color (style, "accent_bg_color", bg))
    gdk_rgba_parse (bg, "#3584e4");
  if (!gtk_style_context_lookup_color (style, "accent_fg_color", fg))
    gdk_rgba_parse (fg, "#ffffff");
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* One background run per line, so the highlight does not bleed into the
 * offset column or between the hex and ASCII halves. */
static PangoAttrList *
make_attrs (LadderBytesView *self, gsize length)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  guint end = MIN ((gsize) self->hl_offset + self->hl_length, length);
  GdkRGBA bg, fg;

  if (self->hl_length == 0 || self->hl_offset >= length)
    return attrs;
  highlight_colors (self, &bg, &fg);
  for (guint b = self->hl_offset; b < end; )
    {
      guint line_end = MIN (end, (b / BYTES_PER_LINE + 1) * BYTES_PER_LINE);

      add_range_attrs (attrs, hex_index (b), hex_index (line_end - 1) + 2, &bg, &fg);
      add_range_attrs (attrs, ascii_index (b), ascii_index (line_end - 1) + 1, &bg, &fg);
      b = line_end;
    }
  return attrs;
}

static PangoLayout *
ensure_layout (LadderBytesView *self)
{
  g_autofree char *text = NULL;
  g_autoptr (PangoAttrList) attrs = NULL;
  const guint8 *data = NULL;
  gsize length = 0;

  if (self->layout != NULL)
    return self->layout;
  if (self->bytes != NULL)
    data = g_bytes_get_data (self->bytes, &length);
  text = format_dump (data, length);
  attrs = make_attrs (self, length);
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  pango_layout_set_attributes (self->layout, attrs);
  return self->layout;
}

static void
invalidate (LadderBytesView *self, gboolean resize)
{
  g_clear_object (&self->layout);
  if (resize)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ladder_bytes_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *min_baseline, int *nat_baseline)
{
  PangoLayout *layout = ensure_layout (LADDER_BYTES_VIEW (widget));
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? width : height;
}

static void
ladder_bytes_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_append_layout (snapshot, ensure_layout (LADDER_BYTES_VIEW (widget)), &color);
}

static void
ladder_bytes_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ladder_bytes_view_parent_class)->css_changed (widget, change);
  /* Font size (font scale) or theme colors may have changed. */
  invalidate (LADDER_BYTES_VIEW (widget), TRUE);
}

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, LadderBytesView *self)
{
  int byte = ladder_bytes_view_byte_at (self, x, y);

  if (byte >= 0)
    g_signal_emit (self, signals[SIGNAL_BYTE_ACTIVATED], 0, (guint) byte);
}

static void
ladder_bytes_view_dispose (GObject *object)
{
  LadderBytesView *self = LADDER_BYTES_VIEW (object);

  g_clear_object (&self->layout);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  G_OBJECT_CLASS (ladder_bytes_view_parent_class)->dispose (object);
}

static void
ladder_bytes_view_class_init (LadderBytesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ladder_bytes_view_dispose;
  widget_class->measure = ladder_bytes_view_measure;
  widget_class->snapshot = ladder_bytes_view_snapshot;
  widget_class->css_changed = ladder_bytes_view_css_changed;

  signals[SIGNAL_BYTE_ACTIVATED] =
    g_signal_new ("byte-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_css_name (widget_class, "bytesview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ladder_bytes_view_init (LadderBytesView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_add_css_class (GTK_WIDGET (self), "monospace");
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
}

GtkWidget *
ladder_bytes_view_new (void)
{
  return g_object_new (LADDER_TYPE_BYTES_VIEW, NULL);
}

void
ladder_bytes_view_set_data (LadderBytesView *self, const guint8 *data, gsize length)
{
  g_return_if_fail (LADDER_IS_BYTES_VIEW (self));
  g_return_if_fail (data != NULL || length == 0);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  self->bytes = g_bytes_new (data, length);
  self->hl_offset = self->hl_length = 0;
  invalidate (self, TRUE);
}

gsize
ladder_bytes_view_get_length (LadderBytesView *self)
{
  g_return_val_if_fail (LADDER_IS_BYTES_VIEW (self), 0);
  return self->bytes != NULL ? g_bytes_get_size (self->bytes) : 0;
}

void
ladder_bytes_view_set_highlight (LadderBytesView *self, guint offset, guint length)
{
  g_return_if_fail (LADDER_IS_BYTES_VIEW (self));

  if (self->hl_offset == offset && self->hl_length == length)
    return;
  self->hl_offset = length > 0 ? offset : 0;
  self->hl_length = length;
  invalidate (self, FALSE);
}

gboolean
ladder_bytes_view_get_highlight (LadderBytesView *self, guint *offset, guint *length)
{
  g_return_val_if_fail (LADDER_IS_BYTES_VIEW (self), FALSE);

  if (offset != NULL)
    *offset = self->hl_offset;
  if (length != NULL)
    *length = self->hl_length;
  return self->hl_length > 0;
}

static int
byte_of_column (guint line, guint col)
{
  if (col >= OFFSET_CHARS && col < OFFSET_CHARS + HEX_CHARS)
    {
      guint rel = col - OFFSET_CHARS;

      if (rel >= 8 * 3)
        {
          if (rel == 8 * 3)
            return -1;   /* the gap between the two groups of eight */
          rel--;
        }
      return line * BYTES_PER_LINE + rel / 3;
    }
  if (col >= ASCII_START && col < ASCII_START + BYTES_PER_LINE)
    return line * BYTES_PER_LINE + (col - ASCII_START);
  return -1;
}

int
ladder_bytes_view_byte_at (LadderBytesView *self, double x, double y)
{
  PangoLayout *layout;
  int index, trailing, byte;

  g_return_val_if_fail (LADDER_IS_BYTES_VIEW (self), -1);

  layout = ensure_layout (self);
  if (x < 0 || y < 0)
    return -1;
  if (!pango_layout_xy_to_index (layout, x * PANGO_SCALE, y * PANGO_SCALE, &index, &trailing))
    return -1;
  byte = byte_of_column (index / LINE_CHARS, index % LINE_CHARS);
  if (byte < 0 || (gsize) byte >= ladder_bytes_view_get_length (self))
    return -1;
  return byte;
}
