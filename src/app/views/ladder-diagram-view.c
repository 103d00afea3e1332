/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-diagram-view.c: a libladder-draw diagram in a GTK widget.
 *
 * The diagram (layout) is rebuilt lazily, when something it depends on
 * changed and the widget next measures or draws; the theme and the
 * selection only repaint.  Painting asks libladder-draw for the visible
 * rectangle only.
 */
#include "ladder-diagram-view.h"
#include "ladder-sequence-view.h"
#include "ladder-traceroute-view.h"
#include "ladder-tuples-view.h"

#include <math.h>

#define MIN_ZOOM 0.05
#define MAX_ZOOM 8.0
#define BUSY_MESSAGE_DELAY_MS 400

typedef struct
{
  LadderCapture  *capture;
  LadderAnalysis *analysis;
  LadderDiagram  *diagram;
  char           *message;       /* why there is no diagram */
  gboolean        dirty;         /* rebuild before the next use */
  guint           generation;    /* of the inputs; a layout of an older one is stale */
  GCancellable   *layout_cancellable;  /* a layout is running */
  gboolean        busy;          /* laying out: no diagram yet */
  guint           busy_timeout;  /* until "Laying out…" is shown */
  gboolean        scroll_pending;  /* scroll the selection into view once allocated */
  gboolean        fit_width;     /* zoom follows the width until the user zooms */
  gint            conversation;
  guint           run;
  guint64         selected;
  double          font_scale;
  gboolean        compressed;
  gboolean        dark;
  double          zoom;
  GtkAdjustment  *hadj, *vadj;
  guint           hscroll_policy : 1;
  guint           vscroll_policy : 1;
  double          drag_h, drag_v;  /* adjustment values when a drag began */
  gboolean        limit_time;      /* lecture mode: paint up to until_ns */
  gint64          until_ns;
  LadderDiagramKind kind;          /* construct-only */
  gboolean        ghost_later;     /* ... and what comes later faintly */
  gboolean        center_pending;  /* centre the latest event shown once laid out */
  gboolean        follow_current;  /* ... and again when the view is resized, until dragged */
  gboolean        fit_layout;      /* lecture mode: laid out to the view's width */
  int             layout_width;    /* ... the width laid out for (0: not yet allocated) */
  double          layout_zoom;     /* ... at the zoom set; zoom is less only while a
                                    * diagram that cannot be laid out narrower is
                                    * shrunk to the width (shrink_to_layout()) */
} LadderDiagramViewPrivate;

struct _LadderDiagramView
{
  GtkWidget parent_instance;
};

enum
{
  PROP_0,
  PROP_CAPTURE,
  PROP_ANALYSIS,
  PROP_CONVERSATION,
  PROP_TRACEROUTE_RUN,
  PROP_SELECTED_FRAME,
  PROP_FONT_SCALE,
  PROP_COMPRESSED,
  PROP_ZOOM,
  PROP_DARK,
  PROP_BUSY,
  PROP_KIND,
  N_PROPS,
  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE_WITH_CODE (LadderDiagramView, ladder_diagram_view, GTK_TYPE_WIDGET,
                         G_ADD_PRIVATE (LadderDiagramView)
                         G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

#define PRIV(self) ((LadderDiagramViewPrivate *) ladder_diagram_view_get_instance_private (self))

/* The diagram. */

static void
invalidate (LadderDiagramView *self)
{
  LadderDiagramViewPrivate *priv = PRIV (self);

  priv->dirty = TRUE;
  priv->generation++;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Laying out is done in a worker: a ladder of 20000 arrows or thousands of
 * cards takes the main loop 100-250 ms otherwise.  The capture and analysis
 * are read-only from any thread (ladder-capture.h); the diagram is handed
 * back whole.  One layout runs at a time; a change meanwhile starts another
 * when it ends, and the stale result is thrown away. */
typedef struct
{
  LadderDiagramKind    kind;
  LadderCapture       *capture;
  LadderAnalysis      *analysis;
  LadderDiagramOptions options;
  guint                generation;
  LadderDiagram       *diagram;   /* result */
  GError              *error;
} LayoutJob;

static void
layout_job_free (LayoutJob *job)
{
  ladder_capture_unref (job->capture);
  ladder_analysis_unref (job->analysis);
  g_clear_pointer (&job->diagram, ladder_diagram_free);
  g_clear_error (&job->error);
  g_free (job);
}

static void
layout_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LayoutJob *job = task_data;

  job->diagram = ladder_diagram_new (job->kind, job->capture, job->analysis, &job->options, &job->error);
  if (job->diagram != NULL)
    ladder_diagram_drop_fonts (job->diagram);
  g_task_return_boolean (task, TRUE);
}

static void
set_busy (LadderDiagramView *self, gboolean busy)
{
  LadderDiagramViewPrivate *priv = PRIV (self);

  if (priv->busy == busy)
    return;
  priv->busy = busy;
  g_clear_handle_id (&priv->busy_timeout, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void start_layout (LadderDiagramView *self);

static void
take_result (LadderDiagramView *self, LayoutJob *job)
{
  LadderDiagramViewPrivate *priv = PRIV (self);

  priv->diagram = g_steal_pointer (&job->diagram);
  if (priv->diagram == NULL)
    priv->message = g_strdup (job->error->message);
  else
    {
      ladder_diagram_set_dark (priv->diagram, priv->dark);
      ladder_diagram_set_time_limit (priv->diagram, priv->limit_time, priv->until_ns);
      ladder_diagram_set_ghost_later (priv->diagram, priv->ghost_later);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      ladder_diagram_get_title (priv->diagram), -1);
    }
}

static void
on_layout_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LadderDiagramView *self = LADDER_DIAGRAM_VIEW (source);
  LadderDiagramViewPrivate *priv = PRIV (self);
  LayoutJob *job = g_task_get_task_data (G_TASK (result));

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;   /* the view was disposed */
  g_clear_object (&priv->layout_cancellable);
  if (job->generation != priv->generation)
    {
      /* Stale.  Lay out again now if rebuild() already asked for it. */
      if (priv->busy && !priv->dirty)
        start_layout (self);
      return;
    }
  take_result (self, job);
  if (priv->selected != 0)
    priv->scroll_pending = TRUE;
  set_busy (self, FALSE);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static gboolean
on_busy_timeout (gpointer user_data)
{
  LadderDiagramView *self = user_data;

  PRIV (self)->busy_timeout = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
start_layout (LadderDiagramView *self)
{
  LadderDiagramViewPrivate *priv = PRIV (self);
  g_autoptr (GTask) task = NULL;
  LayoutJob *job = g_new0 (LayoutJob, 1);

  priv->dirty = FALSE;
  job->kind = PRIV (self)->kind;
  job->capture = ladder_capture_ref (priv->capture);
  job->analysis = ladder_analysis_ref (priv->analysis);
  ladder_diagram_options_init (&job->options);
  job->options.font_scale = priv->font_scale;
  job->options.dark = priv->dark;
  job->options.compressed = priv->compressed;
  job->options.conversation = priv->conversation;
  job->options.traceroute = priv->run;
  job->options.limit_time = priv->limit_time;
  job->options.until_ns = priv->until_ns;
  job->options.ghost_later = priv->ghost_later;
  if (priv->fit_layout && priv->layout_width > 0)
    job->options.max_width = priv->layout_width / priv->layout_zoom;
  job->generation = priv->generation;
  priv->layout_cancellable = g_cancellable_new ();
  task = g_task_new (self, priv->layout_cancellable, on_layout_done, NULL);
  g_task_set_source_tag (task, start_layout);
  g_task_set_task_data (task, job, (GDestroyNotify) layout_job_free);
  g_task_run_in_thread (task, layout_thread);
}

/* Drops the diagram and starts laying out the new one.  Until it is ready
 * the view is blank, and says "Laying out…" only past 400 ms: a message
 * that flashes for a frame or two (a 1M-packet capture lays out in
 * 0.2-0.3 s here) is noise, not information. */
static void
rebuild (LadderDiagramView *self)
{
  LadderDiagramViewPrivate *priv = PRIV (self);

  priv->dirty = FALSE;
  g_clear_pointer (&priv->diagram, ladder_diagram_free);
  g_clear_pointer (&priv->message, g_free);
  if (priv->capture == NULL || priv->analysis == NULL)
    {
      set_busy (self, FALSE);
      return;
    }
  if (!priv->busy)
    {
      set_busy (self, TRUE);
      priv->busy_timeout = g_timeout_add (BUSY_MESSAGE_DELAY_MS, on_busy_timeout, self);
    }
  if (priv->layout_cancellable == NULL)
    start_layout (self);
  /* else on_layout_done() starts again when the running one ends. */
}

static LadderDiagram *
ensure_diagram (LadderDiagramView *self)
{
  LadderDiagramViewPrivate *priv = PRIV (self);

  /* Laid out to its width: not before it has one. */
  if (priv->dirty && !(priv->fit_layout && priv->layout_width <= 0))
    rebuild (self);
  return priv->diagram;
}

static void
diagram_size (LadderDiagramView *self, double *w, double *h)
{
  LadderDiagram *d = ensure_diagram (self);

  *w = *h = 0;
  if (d != NULL)
    ladder_diagram_get_size (d, w, h);
}

/* Scrolling. */

static void
configure_adjustments (LadderDiagramView *self)
{
  LadderDiagramViewPrivate *priv = PRIV (self);
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double w, h;

  diagram_size (self, &w, &h);
  w *= priv->zoom;
  h *= priv->zoom;
  if (priv->hadj != NULL)
    gtk_adjustment_configure (priv->hadj, MIN (gtk_adjustment_get_value (priv->hadj), MAX (0, w - width)),
                              0, MAX (w, width), width * 0.1, width * 0.9, width);
  if (priv->vadj != NULL)
    gtk_adjustment_configure (priv->vadj, MIN (gtk_adjustment_get_value (priv->vadj), MAX (0, h - height)),
                              0, MAX (h, height), height * 0.1, height * 0.9, height);
}

static double
adj_value (GtkAdjustment *adj)
{
  return adj != NULL ? gtk_adjustment_get_value (adj) : 0;
}

static void
on_adjustment_changed (GtkAdjustment *adj, LadderDiagramView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (LadderDiagramView *self, GtkAdjustment **slot, GtkAdjustment *adj)
{
  if (adj == *slot)
    return;
  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, on_adjustment_changed, self);
      g_object_unref (*slot);
    }
  if (adj == NULL)
    adj = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adj);
  g_signal_connect (adj, "value-changed", G_CALLBACK (on_adjustment_changed), self);
  configure_adjustments (self);
}

/* Widget coordinates to diagram units and back. */
static void
to_diagram (LadderDiagramView *self, double x, double y, double *dx, double *dy)
{
  LadderDiagramViewPrivate *priv = PRIV (self);

  *dx = (x + adj_value (priv->hadj)) / priv->zoom;
  *dy = (y + adj_value (priv->vadj)) / priv->zoom;
}

static void
scroll_to_frame (LadderDiagramView *self, guint64 frame)
{
  LadderDiagramViewPrivate *priv = PRIV (self);
  LadderDiagram *d = ensure_diagram (self);
  double x, y, w, h, top, page;

  if (d == NULL || priv->vadj == NULL || !ladder_diagram_get_frame_bounds (d, frame, &x, &y, &w, &h))
    return;
  top = adj_value (priv->vadj) / priv->zoom;
  page = gtk_adjustment_get_page_size (priv->vadj) / priv->zoom;
  if (page <= 0 || (y >= top && y + h <= top + page))
    return;
  gtk_adjustment_set_value (priv->vadj, MAX (0, (y + h / 2 - page / 2) * priv->zoom));
}

/* Lecture mode: what happens at the limit (else the selected packet)
 * across: brought into view, centred, when it is not wholly in view. */
static void
follow_across (LadderDiagramView *self)
{
  LadderDiagramViewPrivate *priv = PRIV (self);
  double x, x1, y, w, h, left, width;

  if (priv->hadj == NULL)
    return;
  if (ladder_diagram_get_current_extent (priv->diagram, &x, &y, &x1, &h))
    w = x1 - x;
  else if (ladder_diagram_get_current_x (priv->diagram, &x, &x1))
    w = x1 - x;
  else if (priv->selected == 0 || !ladder_diagram_get_frame_bounds (priv->diagram, priv->selected, &x, &y, &w, &h))
    return;
  left = adj_value (priv->hadj);
  width = gtk_adjustment_get_page_size (priv->hadj);
  if (x * priv->zoom < left || (x + w) * priv->zoom > left + width)
    gtk_adjustment_set_value (priv->hadj, MAX (0, (x + w / 2) * priv->zoom - width / 2));
}

/* Lecture mode: the latest event shown in the middle of what the pinned
 * host names leave visible, moved as little as it takes for the whole event
 * (an arrow to its arrival, a call's text) to be in view; its top wins
 * when it is taller than the view.  What belongs with it above (the call
 * that sent a packet) is brought in as far as the event's end allows. */
#define EVENT_MARGIN 24.0

static double
current_scroll (LadderDiagramView *self, double y)
{
  LadderDiagramViewPrivate *priv = PRIV (self);
  double page = gtk_adjustment_get_page_size (priv->vadj);
  double header = ladder_diagram_get_pinned_header_height (priv->diagram) * priv->zoom;
  double value = y * priv->zoom - (page + header) / 2, x0, y0, x1, y1;

  if (ladder_diagram_get_current_extent (priv->diagram, &x0, &y0, &x1, &y1))
    {
      /* Not flush with an edge where there is room to spare. */
      double margin = CLAMP ((page - header - (y1 - y0) * priv->zoom) / 2, 0, EVENT_MARGIN);
      double context;
      value = MAX (value, y1 * priv->zoom - page + margin);
      if (ladder_diagram_get_current_context (priv->diagram, &context))
        {
          double lowest = y1 * priv->zoom - page;
          value = MIN (value, MAX (context * priv->zoom - header - margin, lowest + margin));
          /* Without margins when they are what leaves it out. */
          if (context * priv->zoom - header < value)
            value = MAX (context * priv->zoom - header, MIN (value, lowest));
        }
      value = MIN (value, y0 * priv->zoom - header - margin);
    }
  return MAX (0, value);
}

static void
center_current (LadderDiagramView *self)
{
  LadderDiagramViewPrivate *priv = PRIV (self);
  double y;

  priv->center_pending = FALSE;
  if (priv->vadj != NULL && ladder_diagram_get_current_y (priv->diagram, &y))
    gtk_adjustment_set_value (priv->vadj, current_scroll (self, y));
  follow_across (self);
}

/* Drawing. */

static gboolean
text_is_light (GtkWidget *widget)
{
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  return 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue > 0.5;
}

static void
update_dark (LadderDiagramView *self)
{
  LadderDiagramViewPrivate *priv = PRIV (self);
  gboolean dark = text_is_light (GTK_WIDGET (self));

  if (dark == priv->dark)
    return;
  priv->dark = dark;
  if (priv->diagram != NULL)
    ladder_diagram_set_dark (priv->diagram, dark);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

static void
paint_message (GtkWidget *widget, cairo_t *cr, const char *message)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, message);
  GdkRGBA color;
  int w, h;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  pango_layout_set_width (layout, MAX (1, gtk_widget_get_width (widget) - 48) * PANGO_SCALE);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &w, &h);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_move_to (cr, 24, (gtk_widget_get_height (widget) - h) / 2.0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
ladder_diagram_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LadderDiagramView *self = LADDER_DIAGRAM_VIEW (widget);
  LadderDiagramViewPrivate *priv = PRIV (self);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  LadderDiagram *d;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  update_dark (self);
  d = ensure_diagram (self);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (d == NULL && priv->busy)
    {
      /* Blank at first: most layouts end before anyone would read it. */
      if (priv->busy_timeout == 0)
        paint_message (widget, cr, "Laying out…");
    }
  else if (d == NULL)
    paint_message (widget, cr, priv->message ? priv->message : "Open a capture to see its diagram.");
  else
    {
      double x0, y0;
      to_diagram (self, 0, 0, &x0, &y0);
      cairo_scale (cr, priv->zoom, priv->zoom);
      cairo_translate (cr, -x0, -y0);
      ladder_diagram_paint (d, cr, x0, y0, width / priv->zoom, height / priv->zoom, priv->selected);
      /* Lecture mode: which line is which host stays in sight. */
      if (priv->limit_time)
        ladder_diagram_paint_pinned_header (d, cr, x0, width / priv->zoom, y0);
    }
  cairo_destroy (cr);
}

static void
ladder_diagram_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                             int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  LadderDiagramView *self = LADDER_DIAGRAM_VIEW (widget);
  double w, h;

  diagram_size (self, &w, &h);
  *minimum = 100;
  *natural = (int) ceil (MIN (orientation == GTK_ORIENTATION_HORIZONTAL ? w : h, 4000) * PRIV (self)->zoom);
  *natural = MAX (*natural, *minimum);
}

/* On a projected screen both ends of a ladder must show at once: a diagram
 * wider than the view is shrunk to its width, down to MIN_FIT_ZOOM (below
 * that text is unreadable, so the rest scrolls), until the user zooms. */
#define MIN_FIT_ZOOM 0.75

static void
fit_width (LadderDiagramView *self, int width)
{
  LadderDiagramViewPrivate *priv = PRIV (self);
  double w, h, zoom;

  if (!priv->fit_width || priv->diagram == NULL || width <= 0)
    return;
  ladder_diagram_get_size (priv->diagram, &w, &h);
  zoom = w > 0 ? CLAMP (width / w, MIN_FIT_ZOOM, 1.0) : 1.0;
  if (zoom == priv->zoom)
    return;
  priv->zoom = zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

/* Lecture mode: a diagram laid out to the width that is still wider (a
 * ladder of many hosts, each with its calls and states) is shown whole,
 * smaller, rather than cut off at the right; its text is measured by the
 * presenter's tests. */
static void
shrink_to_layout (LadderDiagramView *self, int width)
{
  LadderDiagramViewPrivate *priv = PRIV (self);
  double w, h, zoom;

  if (!priv->fit_layout || priv->diagram == NULL || width <= 0 || width != priv->layout_width)
    return;
  ladder_diagram_get_size (priv->diagram, &w, &h);
  zoom = w * priv->layout_zoom > width ? MAX (width / w, MIN_ZOOM) : priv->layout_zoom;
  if (zoom == priv->zoom)
    return;
  priv->zoom = zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
ladder_diagram_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  LadderDiagramView *self = LADDER_DIAGRAM_VIEW (widget);
  LadderDiagramViewPrivate *priv = PRIV (self);

  /* Laid out again for a new width (started below, from diagram_size()). */
  if (priv->fit_layout && width > 0 && width != priv->layout_width)
    {
      priv->layout_width = width;
      priv->dirty = TRUE;
      priv->generation++;
    }
  fit_width (self, width);
  shrink_to_layout (self, width);
  configure_adjustments (self);
  /* A selection made while laying out is scrolled to once there is room. */
  if (priv->scroll_pending && priv->diagram != NULL)
    {
      priv->scroll_pending = FALSE;
      scroll_to_frame (self, priv->selected);
    }
  /* A caption that wraps on one more line changes the height: the
   * latest event stays in the middle. */
  if ((priv->center_pending || priv->follow_current) && priv->diagram != NULL)
    center_current (self);
}

static void
ladder_diagram_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ladder_diagram_view_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

/* Input. */

guint64
ladder_diagram_view_select_at (LadderDiagramView *self, double x, double y)
{
  LadderDiagram *d;
  double dx, dy;
  guint64 frame;

  g_return_val_if_fail (LADDER_IS_DIAGRAM_VIEW (self), 0);
  d = ensure_diagram (self);
  if (d == NULL)
    return 0;
  to_diagram (self, x, y, &dx, &dy);
  frame = ladder_diagram_hit_test (d, dx, dy);
  if (frame != 0)
    ladder_diagram_view_set_selected_frame (self, frame);
  return frame;
}

gboolean
ladder_diagram_view_get_frame_point (LadderDiagramView *self, guint64 frame, double *x, double *y)
{
  LadderDiagramViewPrivate *priv;
  LadderDiagram *d;
  double bx, by, bw, bh;

  g_return_val_if_fail (LADDER_IS_DIAGRAM_VIEW (self), FALSE);
  priv = PRIV (self);
  d = ensure_diagram (self);
  if (d == NULL || !ladder_diagram_get_frame_bounds (d, frame, &bx, &by, &bw, &bh))
    return FALSE;
  *x = (bx + bw / 2) * priv->zoom - adj_value (priv->hadj);
  *y = (by + bh / 2) * priv->zoom - adj_value (priv->vadj);
  return *x >= 0 && *y >= 0 && *x < gtk_widget_get_width (GTK_WIDGET (self))
         && *y < gtk_widget_get_height (GTK_WIDGET (self));
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, LadderDiagramView *self)
{
  LadderDiagramViewPrivate *priv = PRIV (self);

  priv->drag_h = adj_value (priv->hadj);
  priv->drag_v = adj_value (priv->vadj);
  priv->follow_current = FALSE;
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, LadderDiagramView *self)
{
  LadderDiagramViewPrivate *priv = PRIV (self);

  if (priv->hadj != NULL)
    gtk_adjustment_set_value (priv->hadj, priv->drag_h - dx);
  if (priv->vadj != NULL)
    gtk_adjustment_set_value (priv->vadj, priv->drag_v - dy);
}

/* A press and release without moving is a click: select what is under it. */
static void
on_drag_end (GtkGestureDrag *gesture, double dx, double dy, LadderDiagramView *self)
{
  double x, y;

  if (fabs (dx) > 4 || fabs (dy) > 4)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  ladder_diagram_view_select_at (self, x, y);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller, double dx, double dy, LadderDiagramView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;
  ladder_diagram_view_set_zoom (self, PRIV (self)->zoom * (dy < 0 ? 1.15 : 1 / 1.15));
  return TRUE;
}

/* Hovering an arrow, probe, reply or card shows the packet's one-line
 * summary; hovering other parts (the traceroute's quoted-header rows) what
 * the diagram says about them. */
static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip)
{
  LadderDiagramView *self = LADDER_DIAGRAM_VIEW (widget);
  LadderDiagram *d = ensure_diagram (self);
  g_autoptr (GString) text = NULL;
  LadderPacket pkt;
  double dx, dy;
  guint64 frame;

  if (d == NULL || keyboard)
    return FALSE;
  to_diagram (self, x, y, &dx, &dy);
  frame = ladder_diagram_hit_test (d, dx, dy);
  if (frame == 0)
    {
      g_autofree char *about = ladder_diagram_describe_at (d, dx, dy, PRIV (self)->selected);
      GtkWidget *label;

      if (about == NULL)
        return FALSE;
      /* Explanations are sentences: wrapped, not one line across the screen. */
      label = gtk_label_new (about);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_tooltip_set_custom (tooltip, label);
      return TRUE;
    }
  if (!ladder_capture_decode (PRIV (self)->capture, frame, &pkt, NULL))
    return FALSE;
  text = g_string_new (NULL);
  g_string_append_printf (text, "#%" G_GUINT64_FORMAT "  ", frame);
  ladder_packet_summary (&pkt, text);
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
select_step (LadderDiagramView *self, int step)
{
  LadderDiagram *d = ensure_diagram (self);
  g_autoptr (GArray) frames = NULL;
  guint i = 0;

  if (d == NULL)
    return;
  frames = ladder_diagram_get_frames (d);
  if (frames->len == 0)
    return;
  while (i < frames->len && g_array_index (frames, guint64, i) != PRIV (self)->selected)
    i++;
  if (i == frames->len)
    i = step > 0 ? 0 : frames->len - 1;
  else
    i = (guint) CLAMP ((gint) i + step, 0, (gint) frames->len - 1);
  ladder_diagram_view_set_selected_frame (self, g_array_index (frames, guint64, i));
}

static void
view_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LadderDiagramView *self = LADDER_DIAGRAM_VIEW (widget);
  double zoom = PRIV (self)->zoom;

  if (g_str_equal (name, "view.zoom-in"))
    ladder_diagram_view_set_zoom (self, zoom * 1.25);
  else if (g_str_equal (name, "view.zoom-out"))
    ladder_diagram_view_set_zoom (self, zoom / 1.25);
  else if (g_str_equal (name, "view.zoom-reset"))
    ladder_diagram_view_set_zoom (self, 1.0);
  else if (g_str_equal (name, "view.zoom-fit"))
    ladder_diagram_view_zoom_fit (self);
  else if (g_str_equal (name, "view.select-next"))
    select_step (self, 1);
  else if (g_str_equal (name, "view.select-previous"))
    select_step (self, -1);
}

/* Properties. */

void
ladder_diagram_view_set_capture (LadderDiagramView *self, LadderCapture *capture, LadderAnalysis *analysis)
{
  LadderDiagramViewPrivate *priv;

  g_return_if_fail (LADDER_IS_DIAGRAM_VIEW (self));
  priv = PRIV (self);
  if (capture != NULL)
    ladder_capture_ref (capture);
  if (analysis != NULL)
    ladder_analysis_ref (analysis);
  /* A new capture (not a newer analysis of the same one) fits again. */
  if (capture != priv->capture && capture != NULL)
    priv->fit_width = TRUE;
  g_clear_pointer (&priv->capture, ladder_capture_unref);
  g_clear_pointer (&priv->analysis, ladder_analysis_unref);
  priv->capture = capture;
  priv->analysis = analysis;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSIS]);
}

LadderCapture *
ladder_diagram_view_get_capture (LadderDiagramView *self)
{
  g_return_val_if_fail (LADDER_IS_DIAGRAM_VIEW (self), NULL);
  return PRIV (self)->capture;
}

LadderAnalysis *
ladder_diagram_view_get_analysis (LadderDiagramView *self)
{
  g_return_val_if_fail (LADDER_IS_DIAGRAM_VIEW (self), NULL);
  return PRIV (self)->analysis;
}

void
ladder_diagram_view_set_selected_frame (LadderDiagramView *self, guint64 frame)
{
  LadderDiagramViewPrivate *priv;

  g_return_if_fail (LADDER_IS_DIAGRAM_VIEW (self));
  priv = PRIV (self);
  if (priv->selected == frame)
    return;
  priv->selected = frame;
  if (frame != 0 && priv->diagram == NULL)
    priv->scroll_pending = TRUE;
  else if (frame != 0)
    scroll_to_frame (self, frame);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FRAME]);
}

guint64
ladder_diagram_view_get_selected_frame (LadderDiagramView *self)
{
  g_return_val_if_fail (LADDER_IS_DIAGRAM_VIEW (self), 0);
  return PRIV (self)->selected;
}

/* Setters of properties the layout depends on. */
#define LAYOUT_SETTER(name, type, field, prop)                              \
  void                                                                      \
  ladder_diagram_view_set_##name (LadderDiagramView *self, type value)      \
  {                                                                         \
    g_return_if_fail (LADDER_IS_DIAGRAM_VIEW (self));                       \
    if (PRIV (self)->field == value)                                        \
      return;                                                               \
    PRIV (self)->field = value;                                             \
    invalidate (self);                                                      \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);           \
  }                                                                         \
  type                                                                      \
  ladder_diagram_view_get_##name (LadderDiagramView *self)                  \
  {                                                                         \
    g_return_val_if_fail (LADDER_IS_DIAGRAM_VIEW (self), (type) 0);         \
    return PRIV (self)->field;                                              \
  }

LAYOUT_SETTER (conversation, gint, conversation, PROP_CONVERSATION)
LAYOUT_SETTER (compressed, gboolean, compressed, PROP_COMPRESSED)
LAYOUT_SETTER (font_scale, double, font_scale, PROP_FONT_SCALE)

void
ladder_diagram_view_set_fit_layout (LadderDiagramView *self, gboolean fit)
{
  g_return_if_fail (LADDER_IS_DIAGRAM_VIEW (self));
  if (PRIV (self)->fit_layout == fit)
    return;
  PRIV (self)->fit_layout = fit;
  PRIV (self)->layout_width = fit ? gtk_widget_get_width (GTK_WIDGET (self)) : 0;
  invalidate (self);
}

static void
set_run (LadderDiagramView *self, guint run)
{
  if (PRIV (self)->run == run)
    return;
  PRIV (self)->run = run;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACEROUTE_RUN]);
}

void
ladder_diagram_view_set_zoom (LadderDiagramView *self, double zoom)
{
  LadderDiagramViewPrivate *priv;

  g_return_if_fail (LADDER_IS_DIAGRAM_VIEW (self));
  priv = PRIV (self);
  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  priv->fit_width = FALSE;
  if (priv->layout_zoom != zoom && priv->fit_layout)
    invalidate (self);
  priv->layout_zoom = zoom;
  if (zoom == priv->zoom)
    return;
  priv->zoom = zoom;
  configure_adjustments (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

double
ladder_diagram_view_get_zoom (LadderDiagramView *self)
{
  g_return_val_if_fail (LADDER_IS_DIAGRAM_VIEW (self), 1.0);
  return PRIV (self)->zoom;
}

void
ladder_diagram_view_zoom_fit (LadderDiagramView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double w, h;

  g_return_if_fail (LADDER_IS_DIAGRAM_VIEW (self));
  diagram_size (self, &w, &h);
  if (w <= 0 || h <= 0 || width <= 0 || height <= 0)
    return;
  ladder_diagram_view_set_zoom (self, MIN (1.0, MIN (width / w, height / h)));
}

LadderDiagram *
ladder_diagram_view_get_diagram (LadderDiagramView *self)
{
  g_return_val_if_fail (LADDER_IS_DIAGRAM_VIEW (self), NULL);
  return ensure_diagram (self);
}

const char *
ladder_diagram_view_get_message (LadderDiagramView *self)
{
  g_return_val_if_fail (LADDER_IS_DIAGRAM_VIEW (self), NULL);
  ensure_diagram (self);
  return PRIV (self)->message;
}

gboolean
ladder_diagram_view_is_busy (LadderDiagramView *self)
{
  g_return_val_if_fail (LADDER_IS_DIAGRAM_VIEW (self), FALSE);
  ensure_diagram (self);
  return PRIV (self)->busy;
}

gboolean
ladder_diagram_view_export (LadderDiagramView *self, const char *path, GError **error)
{
  LadderDiagram *d;

  g_return_val_if_fail (LADDER_IS_DIAGRAM_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  d = ensure_diagram (self);
  if (d == NULL)
    {
      g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_EMPTY, "%s",
                   PRIV (self)->busy ? "the diagram is still being laid out"
                   : PRIV (self)->message ? PRIV (self)->message : "nothing to export");
      return FALSE;
    }
  return ladder_diagram_export (d, path, PRIV (self)->selected, 0, 0, error);
}

static void
ladder_diagram_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderDiagramView *self = LADDER_DIAGRAM_VIEW (object);
  LadderDiagramViewPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_CAPTURE: g_value_set_pointer (value, priv->capture); break;
    case PROP_ANALYSIS: g_value_set_pointer (value, priv->analysis); break;
    case PROP_CONVERSATION: g_value_set_int (value, priv->conversation); break;
    case PROP_TRACEROUTE_RUN: g_value_set_uint (value, priv->run); break;
    case PROP_SELECTED_FRAME: g_value_set_uint64 (value, priv->selected); break;
    case PROP_FONT_SCALE: g_value_set_double (value, priv->font_scale); break;
    case PROP_COMPRESSED: g_value_set_boolean (value, priv->compressed); break;
    case PROP_ZOOM: g_value_set_double (value, priv->zoom); break;
    case PROP_DARK: g_value_set_boolean (value, priv->dark); break;
    case PROP_BUSY: g_value_set_boolean (value, priv->busy); break;
    case PROP_KIND: g_value_set_int (value, priv->kind); break;
    case PROP_HADJUSTMENT: g_value_set_object (value, priv->hadj); break;
    case PROP_VADJUSTMENT: g_value_set_object (value, priv->vadj); break;
    case PROP_HSCROLL_POLICY: g_value_set_enum (value, priv->hscroll_policy); break;
    case PROP_VSCROLL_POLICY: g_value_set_enum (value, priv->vscroll_policy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_diagram_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderDiagramView *self = LADDER_DIAGRAM_VIEW (object);
  LadderDiagramViewPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_KIND: priv->kind = (LadderDiagramKind) g_value_get_int (value); break;
    case PROP_CAPTURE: ladder_diagram_view_set_capture (self, g_value_get_pointer (value), priv->analysis); break;
    case PROP_ANALYSIS: ladder_diagram_view_set_capture (self, priv->capture, g_value_get_pointer (value)); break;
    case PROP_CONVERSATION: ladder_diagram_view_set_conversation (self, g_value_get_int (value)); break;
    case PROP_TRACEROUTE_RUN: set_run (self, g_value_get_uint (value)); break;
    case PROP_SELECTED_FRAME: ladder_diagram_view_set_selected_frame (self, g_value_get_uint64 (value)); break;
    case PROP_FONT_SCALE: ladder_diagram_view_set_font_scale (self, g_value_get_double (value)); break;
    case PROP_COMPRESSED: ladder_diagram_view_set_compressed (self, g_value_get_boolean (value)); break;
    case PROP_ZOOM: ladder_diagram_view_set_zoom (self, g_value_get_double (value)); break;
    case PROP_HADJUSTMENT: set_adjustment (self, &priv->hadj, g_value_get_object (value)); break;
    case PROP_VADJUSTMENT: set_adjustment (self, &priv->vadj, g_value_get_object (value)); break;
    case PROP_HSCROLL_POLICY: priv->hscroll_policy = g_value_get_enum (value); break;
    case PROP_VSCROLL_POLICY: priv->vscroll_policy = g_value_get_enum (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_diagram_view_dispose (GObject *object)
{
  LadderDiagramView *self = LADDER_DIAGRAM_VIEW (object);
  LadderDiagramViewPrivate *priv = PRIV (self);

  if (priv->hadj != NULL)
    g_signal_handlers_disconnect_by_func (priv->hadj, on_adjustment_changed, self);
  if (priv->vadj != NULL)
    g_signal_handlers_disconnect_by_func (priv->vadj, on_adjustment_changed, self);
  g_clear_object (&priv->hadj);
  g_clear_object (&priv->vadj);
  if (priv->layout_cancellable != NULL)
    g_cancellable_cancel (priv->layout_cancellable);
  g_clear_object (&priv->layout_cancellable);
  g_clear_handle_id (&priv->busy_timeout, g_source_remove);
  g_clear_pointer (&priv->diagram, ladder_diagram_free);
  g_clear_pointer (&priv->capture, ladder_capture_unref);
  g_clear_pointer (&priv->analysis, ladder_analysis_unref);
  g_clear_pointer (&priv->message, g_free);
  G_OBJECT_CLASS (ladder_diagram_view_parent_class)->dispose (object);
}

static void
install_properties (GObjectClass *object_class)
{
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  properties[PROP_CAPTURE] = g_param_spec_pointer ("capture", NULL, NULL, rw);
  properties[PROP_ANALYSIS] = g_param_spec_pointer ("analysis", NULL, NULL, rw);
  properties[PROP_CONVERSATION] = g_param_spec_int ("conversation", NULL, NULL, -1, G_MAXINT, -1, rw);
  properties[PROP_TRACEROUTE_RUN] = g_param_spec_uint ("traceroute-run", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_SELECTED_FRAME] = g_param_spec_uint64 ("selected-frame", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_FONT_SCALE] = g_param_spec_double ("font-scale", NULL, NULL, 0.25, 8.0, 1.0, rw);
  properties[PROP_COMPRESSED] = g_param_spec_boolean ("compressed", NULL, NULL, FALSE, rw);
  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0, rw);
  properties[PROP_DARK] = g_param_spec_boolean ("dark", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, LADDER_DIAGRAM_SEQUENCE, LADDER_DIAGRAM_TUPLES,
                                            LADDER_DIAGRAM_SEQUENCE,
                                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  static const char * const names[] = { "view.zoom-in", "view.zoom-out", "view.zoom-reset",
                                        "view.zoom-fit", "view.select-next", "view.select-previous" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_widget_class_install_action (widget_class, names[i], NULL, view_action);
  gtk_widget_class_install_property_action (widget_class, "view.compressed", "compressed");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "view.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "view.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "view.select-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "view.select-previous", NULL);
}

static void
ladder_diagram_view_class_init (LadderDiagramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ladder_diagram_view_get_property;
  object_class->set_property = ladder_diagram_view_set_property;
  object_class->dispose = ladder_diagram_view_dispose;
  widget_class->snapshot = ladder_diagram_view_snapshot;
  widget_class->measure = ladder_diagram_view_measure;
  widget_class->size_allocate = ladder_diagram_view_size_allocate;
  widget_class->css_changed = ladder_diagram_view_css_changed;
  widget_class->query_tooltip = on_query_tooltip;
  install_properties (object_class);
  install_actions (widget_class);
  gtk_widget_class_set_css_name (widget_class, "ladderdiagram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ladder_diagram_view_init (LadderDiagramView *self)
{
  LadderDiagramViewPrivate *priv = PRIV (self);
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  priv->conversation = -1;
  priv->font_scale = 1.0;
  priv->zoom = 1.0;
  priv->layout_zoom = 1.0;
  priv->fit_width = TRUE;
  priv->dirty = TRUE;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

void
ladder_diagram_view_set_time_limit (LadderDiagramView *self, gboolean limit, gint64 until_ns)
{
  LadderDiagramViewPrivate *priv;

  g_return_if_fail (LADDER_IS_DIAGRAM_VIEW (self));
  priv = PRIV (self);
  priv->limit_time = limit;
  priv->until_ns = until_ns;
  /* Painting reads the limit: no new layout, the picture stays put. */
  if (priv->diagram != NULL)
    ladder_diagram_set_time_limit (priv->diagram, limit, until_ns);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GtkWidget *
ladder_diagram_view_new (LadderDiagramKind kind)
{
  return g_object_new (LADDER_TYPE_DIAGRAM_VIEW, "kind", (int) kind, NULL);
}

GtkWidget *
ladder_sequence_view_new (void)
{
  return ladder_diagram_view_new (LADDER_DIAGRAM_SEQUENCE);
}

GtkWidget *
ladder_traceroute_view_new (void)
{
  return ladder_diagram_view_new (LADDER_DIAGRAM_TRACEROUTE);
}

GtkWidget *
ladder_tuples_view_new (void)
{
  return ladder_diagram_view_new (LADDER_DIAGRAM_TUPLES);
}

void
ladder_diagram_view_set_ghost_later (LadderDiagramView *self, gboolean ghost)
{
  LadderDiagramViewPrivate *priv;

  g_return_if_fail (LADDER_IS_DIAGRAM_VIEW (self));
  priv = PRIV (self);
  priv->ghost_later = ghost;
  if (priv->diagram != NULL)
    ladder_diagram_set_ghost_later (priv->diagram, ghost);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
ladder_diagram_view_get_ghost_later (LadderDiagramView *self)
{
  g_return_val_if_fail (LADDER_IS_DIAGRAM_VIEW (self), FALSE);
  return PRIV (self)->ghost_later;
}

void
ladder_diagram_view_center_current (LadderDiagramView *self)
{
  LadderDiagramViewPrivate *priv;

  g_return_if_fail (LADDER_IS_DIAGRAM_VIEW (self));
  priv = PRIV (self);
  priv->follow_current = TRUE;
  if (priv->diagram == NULL || gtk_widget_get_height (GTK_WIDGET (self)) <= 0)
    priv->center_pending = TRUE;
  else
    center_current (self);
}
