/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-spotlight-view.c: the packet spotlight widget (see the header).
 *
 * A figure is one packet: it is laid out on the main thread when the packet
 * changes (a few dozen boxes; a quoted probe is looked for at most 20000
 * packets back), and painted with ladder_diagram_paint().
 */
#include "ladder-spotlight-view.h"

#include <glib/gi18n-lib.h>

#include "ladder-resources.h"

#include "ladder-diagram.h"

struct _LadderSpotlightView
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkWidget      *box;
  GtkLabel       *message_label;
  GtkWidget      *scroller;
  GtkDrawingArea *area;

  LadderCapture  *capture;
  LadderAnalysis *analysis;
  guint64         packet;
  guint           focus;
  double          font_scale;
  double          scale;
  gboolean        dark;
  LadderDiagram  *diagram;
  char           *message;
  gboolean        reveal_pending;  /* scroll the emphasised fields into view */
  int             content_height;  /* the area's, at the scale painted */
  int             widest;          /* the widest figure's width so far (and font scale) */
  guint           height_tick;     /* applies content_height next frame */
  double          scroll_to;       /* where reveal_focus scrolls ... */
  guint           scroll_tick;     /* ... next frame */
};

enum { PROP_0, PROP_CAPTURE, PROP_ANALYSIS, PROP_PACKET, PROP_FOCUS, PROP_FONT_SCALE, PROP_SCALE,
       PROP_MESSAGE, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LadderSpotlightView, ladder_spotlight_view, GTK_TYPE_WIDGET)

static gboolean
text_is_light (GtkWidget *widget)
{
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  return 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue > 0.5;
}

static void
set_message (LadderSpotlightView *self, const char *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static gboolean
apply_scroll (GtkWidget *area, GdkFrameClock *clock, gpointer user_data)
{
  LadderSpotlightView *self = user_data;

  self->scroll_tick = 0;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)),
                            self->scroll_to);
  return G_SOURCE_REMOVE;
}

/* The lowest emphasised field, scrolled into view as little as needed: a
 * handshake's flags with the numbers above them, an ICMP error's quoted
 * TTL.  Again whenever the layout changes (a note shown above takes room):
 * the user's own scrolling does not change the layout. */
static void
reveal_focus (LadderSpotlightView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  const LadderSpotlightModel *m = self->diagram != NULL ? ladder_diagram_get_spotlight (self->diagram) : NULL;
  double bottom = -1, top = G_MAXDOUBLE, page = gtk_adjustment_get_page_size (adj);
  double value = gtk_adjustment_get_value (adj);

  if (m == NULL || page <= 0)
    return;
  for (guint i = 0; i < m->fields->len; i++)
    {
      const LadderSpotlightField *f = &g_array_index (m->fields, LadderSpotlightField, i);
      if (f->emphasised)
        {
          top = MIN (top, f->y * self->scale);
          bottom = MAX (bottom, (f->y + f->h + m->row_h / 2) * self->scale);
        }
    }
  /* In a short panel, all of them rather than a margin below them. */
  if (bottom - top > page)
    bottom -= m->row_h / 2 * self->scale;
  if (bottom > gtk_adjustment_get_upper (adj))
    return;  /* not laid out at this size yet */
  if (self->reveal_pending)
    value = 0;  /* a new packet starts from its top */
  self->reveal_pending = FALSE;
  self->scroll_to = bottom > value + page ? bottom - page : value;
  /* Not from inside the scrolled window's allocation, where it is lost. */
  if (self->scroll_to != gtk_adjustment_get_value (adj) && self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->area), apply_scroll, self, NULL);
}

static void
on_adjustment_changed (GtkAdjustment *adj, LadderSpotlightView *self)
{
  reveal_focus (self);
}

static void fit_width (LadderSpotlightView *self, int width);

static void
rebuild (LadderSpotlightView *self)
{
  LadderDiagramOptions options;
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&self->diagram, ladder_diagram_free);
  if (self->capture != NULL && self->analysis != NULL && self->packet != 0)
    {
      ladder_diagram_options_init (&options);
      options.font_scale = self->font_scale;
      options.dark = self->dark;
      options.packet = self->packet;
      options.spotlight_focus = self->focus;
      self->diagram = ladder_diagram_new (LADDER_DIAGRAM_SPOTLIGHT, self->capture, self->analysis,
                                          &options, &error);
    }
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%c%s.", g_ascii_toupper (error->message[0]), error->message + 1);
      set_message (self, text);
    }
  else
    set_message (self, self->packet == 0 ? _("Select a packet to see its headers.") : NULL);
  fit_width (self, gtk_widget_get_width (GTK_WIDGET (self->area)));
  self->reveal_pending = self->diagram != NULL;
  reveal_focus (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_resize (GTK_WIDGET (self->area));
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  LadderSpotlightView *self = user_data;
  double w, h;

  if (self->diagram == NULL)
    return;
  ladder_diagram_get_size (self->diagram, &w, &h);
  cairo_scale (cr, self->scale, self->scale);
  ladder_diagram_paint (self->diagram, cr, 0, 0, w, h, 0);
}

static gboolean
apply_height (GtkWidget *area, GdkFrameClock *clock, gpointer user_data)
{
  LadderSpotlightView *self = user_data;

  self->height_tick = 0;
  gtk_drawing_area_set_content_height (self->area, self->content_height);
  return G_SOURCE_REMOVE;
}

/* The figure shrinks to the width it is given, never grows: its height
 * follows.  "resize" comes only when the area's size changes, so a new
 * figure sets its height here too. */
static void
fit_width (LadderSpotlightView *self, int width)
{
  double w = 0, h = 0, scale = 1;

  if (self->diagram != NULL)
    ladder_diagram_get_size (self->diagram, &w, &h);
  if (w > 0 && width > 0)
    scale = MIN (1.0, width / w);
  self->content_height = (int) (h * scale + 0.5);
  /* Not from inside the area's allocation, where a resize is lost. */
  if (self->content_height != gtk_drawing_area_get_content_height (self->area) && self->height_tick == 0)
    self->height_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->area), apply_height, self, NULL);
  if (scale != self->scale)
    {
      self->scale = scale;
      self->reveal_pending = self->diagram != NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE]);
    }
}

static void
on_resize (GtkDrawingArea *area, int width, int height, gpointer user_data)
{
  fit_width (user_data, width);
}

/* Naturally the figure's width (a spotlight shrunk below its font scale
 * could not be read from the back of the room), which a 1920 px presenter
 * gives it; narrower, it shrinks to what it is given rather than being cut
 * off at the right. */
#define MIN_WIDTH 320

static void
ladder_spotlight_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                               int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  LadderSpotlightView *self = LADDER_SPOTLIGHT_VIEW (widget);
  double w = 0;

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Stepping past a packet without a figure does not move the layout. */
      if (self->diagram != NULL)
        ladder_diagram_get_size (self->diagram, &w, NULL);
      self->widest = MAX (self->widest, (int) (w + 0.999) + 16);  /* room for the scrollbar */
      *natural = MAX (*natural, self->widest);
      *minimum = MAX (*minimum, MIN (*natural, MIN_WIDTH));
    }
  *minimum_baseline = *natural_baseline = -1;
}

static void
ladder_spotlight_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  gtk_widget_allocate (LADDER_SPOTLIGHT_VIEW (widget)->box, width, height, baseline, NULL);
}

static void
ladder_spotlight_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  LadderSpotlightView *self = LADDER_SPOTLIGHT_VIEW (widget);
  gboolean dark;

  GTK_WIDGET_CLASS (ladder_spotlight_view_parent_class)->css_changed (widget, change);
  dark = text_is_light (widget);
  if (dark == self->dark)
    return;
  self->dark = dark;
  if (self->diagram != NULL)
    ladder_diagram_set_dark (self->diagram, dark);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

void
ladder_spotlight_view_set_capture (LadderSpotlightView *self, LadderCapture *capture,
                                   LadderAnalysis *analysis)
{
  g_return_if_fail (LADDER_IS_SPOTLIGHT_VIEW (self));

  if (self->capture != capture)
    {
      g_clear_pointer (&self->capture, ladder_capture_unref);
      self->capture = capture != NULL ? ladder_capture_ref (capture) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURE]);
    }
  if (self->analysis != analysis)
    {
      g_clear_pointer (&self->analysis, ladder_analysis_unref);
      self->analysis = analysis != NULL ? ladder_analysis_ref (analysis) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSIS]);
    }
  rebuild (self);
}

void
ladder_spotlight_view_set_packet (LadderSpotlightView *self, guint64 packet)
{
  g_return_if_fail (LADDER_IS_SPOTLIGHT_VIEW (self));

  if (self->packet == packet)
    return;
  self->packet = packet;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACKET]);
}

guint64
ladder_spotlight_view_get_packet (LadderSpotlightView *self)
{
  g_return_val_if_fail (LADDER_IS_SPOTLIGHT_VIEW (self), 0);
  return self->packet;
}

void
ladder_spotlight_view_set_focus (LadderSpotlightView *self, LadderSpotlightFocus focus)
{
  g_return_if_fail (LADDER_IS_SPOTLIGHT_VIEW (self));

  if (self->focus == (guint) focus)
    return;
  self->focus = focus;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUS]);
}

void
ladder_spotlight_view_set_font_scale (LadderSpotlightView *self, double scale)
{
  g_return_if_fail (LADDER_IS_SPOTLIGHT_VIEW (self));

  scale = CLAMP (scale, 0.25, 8.0);
  if (self->font_scale == scale)
    return;
  self->font_scale = scale;
  self->widest = 0;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

double
ladder_spotlight_view_get_scale (LadderSpotlightView *self)
{
  g_return_val_if_fail (LADDER_IS_SPOTLIGHT_VIEW (self), 1.0);
  return self->scale;
}

const char *
ladder_spotlight_view_get_message (LadderSpotlightView *self)
{
  g_return_val_if_fail (LADDER_IS_SPOTLIGHT_VIEW (self), NULL);
  return self->message;
}

const LadderSpotlightModel *
ladder_spotlight_view_get_model (LadderSpotlightView *self)
{
  g_return_val_if_fail (LADDER_IS_SPOTLIGHT_VIEW (self), NULL);
  return self->diagram != NULL ? ladder_diagram_get_spotlight (self->diagram) : NULL;
}

LadderDiagram *
ladder_spotlight_view_get_diagram (LadderSpotlightView *self)
{
  g_return_val_if_fail (LADDER_IS_SPOTLIGHT_VIEW (self), NULL);
  return self->diagram;
}

GtkWidget *
ladder_spotlight_view_get_area (LadderSpotlightView *self)
{
  g_return_val_if_fail (LADDER_IS_SPOTLIGHT_VIEW (self), NULL);
  return GTK_WIDGET (self->area);
}

gboolean
ladder_spotlight_view_is_field_visible (LadderSpotlightView *self, const LadderSpotlightField *field)
{
  GtkAdjustment *adj;
  double top;

  g_return_val_if_fail (LADDER_IS_SPOTLIGHT_VIEW (self) && field != NULL, FALSE);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  top = gtk_adjustment_get_value (adj);
  return field->y * self->scale >= top
         && (field->y + field->h) * self->scale <= top + gtk_adjustment_get_page_size (adj);
}

GtkWidget *
ladder_spotlight_view_new (void)
{
  return g_object_new (LADDER_TYPE_SPOTLIGHT_VIEW, NULL);
}

static void
ladder_spotlight_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderSpotlightView *self = LADDER_SPOTLIGHT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE: g_value_set_pointer (value, self->capture); break;
    case PROP_ANALYSIS: g_value_set_pointer (value, self->analysis); break;
    case PROP_PACKET: g_value_set_uint64 (value, self->packet); break;
    case PROP_FOCUS: g_value_set_uint (value, self->focus); break;
    case PROP_FONT_SCALE: g_value_set_double (value, self->font_scale); break;
    case PROP_SCALE: g_value_set_double (value, self->scale); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_spotlight_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderSpotlightView *self = LADDER_SPOTLIGHT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE: ladder_spotlight_view_set_capture (self, g_value_get_pointer (value), self->analysis); break;
    case PROP_ANALYSIS: ladder_spotlight_view_set_capture (self, self->capture, g_value_get_pointer (value)); break;
    case PROP_PACKET: ladder_spotlight_view_set_packet (self, g_value_get_uint64 (value)); break;
    case PROP_FOCUS: ladder_spotlight_view_set_focus (self, g_value_get_uint (value)); break;
    case PROP_FONT_SCALE: ladder_spotlight_view_set_font_scale (self, g_value_get_double (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_spotlight_view_dispose (GObject *object)
{
  LadderSpotlightView *self = LADDER_SPOTLIGHT_VIEW (object);

  if (self->height_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->area), self->height_tick);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->area), self->scroll_tick);
  self->height_tick = self->scroll_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_SPOTLIGHT_VIEW);
  g_clear_pointer (&self->diagram, ladder_diagram_free);
  g_clear_pointer (&self->analysis, ladder_analysis_unref);
  g_clear_pointer (&self->capture, ladder_capture_unref);
  g_clear_pointer (&self->message, g_free);
  G_OBJECT_CLASS (ladder_spotlight_view_parent_class)->dispose (object);
}

static void
install_properties (GObjectClass *object_class)
{
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  properties[PROP_CAPTURE] = g_param_spec_pointer ("capture", NULL, NULL, rw);
  properties[PROP_ANALYSIS] = g_param_spec_pointer ("analysis", NULL, NULL, rw);
  properties[PROP_PACKET] = g_param_spec_uint64 ("packet", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_FOCUS] = g_param_spec_uint ("focus", NULL, NULL, 0, LADDER_SPOTLIGHT_FOCUS_PORTS,
                                              LADDER_SPOTLIGHT_FOCUS_AUTO, rw);
  properties[PROP_FONT_SCALE] = g_param_spec_double ("font-scale", NULL, NULL, 0.25, 8.0, 1.0, rw);
  properties[PROP_SCALE] = g_param_spec_double ("scale", NULL, NULL, 0, 1, 1, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* Lecture mode may open without the application (its tests do), which
 * otherwise registers the templates. */
static void
ensure_resources (void)
{
  if (!g_resources_get_info ("/io/github/wireladder/Wireladder/ladder-spotlight-view.ui",
                             G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    ladder_register_resource ();
}

static void
ladder_spotlight_view_class_init (LadderSpotlightViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ladder_spotlight_view_dispose;
  object_class->get_property = ladder_spotlight_view_get_property;
  object_class->set_property = ladder_spotlight_view_set_property;
  widget_class->measure = ladder_spotlight_view_measure;
  widget_class->size_allocate = ladder_spotlight_view_size_allocate;
  widget_class->css_changed = ladder_spotlight_view_css_changed;
  install_properties (object_class);
  ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-spotlight-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderSpotlightView, box);
  gtk_widget_class_bind_template_child (widget_class, LadderSpotlightView, message_label);
  gtk_widget_class_bind_template_child (widget_class, LadderSpotlightView, scroller);
  gtk_widget_class_bind_template_child (widget_class, LadderSpotlightView, area);
  gtk_widget_class_set_css_name (widget_class, "spotlightview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ladder_spotlight_view_init (LadderSpotlightView *self)
{
  self->font_scale = 1.0;
  self->scale = 1.0;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->area, draw, self, NULL);
  g_signal_connect (self->area, "resize", G_CALLBACK (on_resize), self);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)),
                           "changed", G_CALLBACK (on_adjustment_changed), self, 0);
  rebuild (self);
}
