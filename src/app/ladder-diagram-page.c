/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-diagram-page.c: a diagram in its page (see the header).
 *
 * The views lay out in a worker thread, so even a million-packet capture
 * (a ladder of its first 20000 packets, tens of thousands of 5-tuple
 * cards) never blocks the window; tests/app/bench-stall measures it.
 */
#include "ladder-diagram-page.h"

#include "ladder-sequence-view.h"
#include "ladder-traceroute-view.h"
#include "ladder-tuples-view.h"

typedef enum { KIND_LADDER, KIND_TUPLES, KIND_TRACEROUTE, KIND_PING } Kind;

static const char * const kind_names[] = { "ladder", "tuples", "traceroute", "ping" };

struct _LadderDiagramPage
{
  GtkWidget          parent_instance;

  /* Template children */
  GtkWidget         *box;
  GtkWidget         *hint;
  GtkWidget         *controls;
  GtkToggleButton   *compressed_button;
  GtkScrolledWindow *scroller;

  LadderDiagramView *view;
  Kind               kind;
  gint               conversation;
  guint64            selected_frame;
  gboolean           syncing;
};

enum
{
  PROP_0,
  PROP_KIND,
  PROP_CONVERSATION,
  PROP_SELECTED_FRAME,
  PROP_COMPRESSED,
  PROP_TRACEROUTE_RUN,
  PROP_FONT_SCALE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LadderDiagramPage, ladder_diagram_page, GTK_TYPE_WIDGET)

static gboolean
is_echo_conversation (LadderAnalysis *analysis, gint index)
{
  LadderConversations *convs = ladder_analysis_get_conversations (analysis);
  const LadderConversation *conv;

  if (index < 0 || (guint) index >= ladder_conversations_get_n_items (convs))
    return FALSE;
  conv = ladder_conversations_get_item (convs, index);
  return conv->proto == 1 || conv->proto == 58;
}

/* The ping page draws the session of the selected packet, or the first
 * session: -1 when the capture has no pings. */
static gint
ping_conversation (LadderAnalysis *analysis, guint64 selected_frame)
{
  LadderPing *ping;
  gint index;

  if (analysis == NULL)
    return -1;
  index = selected_frame != 0 ? ladder_analysis_get_frame_conversation (analysis, selected_frame) : -1;
  if (is_echo_conversation (analysis, index))
    return index;
  ping = ladder_analysis_get_ping (analysis);
  for (guint s = 0; s < ladder_ping_get_n_sessions (ping); s++)
    for (guint p = 0; p < ladder_ping_get_session (ping, s)->n_probes; p++)
      {
        const LadderPingProbe *probe = &ladder_ping_get_session (ping, s)->probes[p];

        index = ladder_analysis_get_frame_conversation (analysis, probe->request ? probe->request : probe->reply);
        if (is_echo_conversation (analysis, index))
          return index;
      }
  return -1;
}

void
ladder_diagram_page_sync (LadderDiagramPage *self,
                          LadderCapture     *capture,
                          LadderAnalysis    *analysis,
                          guint64            selected_frame)
{
  gint conversation = self->conversation;

  g_return_if_fail (LADDER_IS_DIAGRAM_PAGE (self));

  if (self->kind == KIND_PING)
    {
      conversation = ping_conversation (analysis, selected_frame);
      /* Nothing to draw: hidden, and the capture let go. */
      gtk_widget_set_visible (GTK_WIDGET (self), conversation >= 0);
      if (conversation < 0)
        {
          if (ladder_diagram_view_get_capture (self->view) != NULL)
            ladder_diagram_view_set_capture (self->view, NULL, NULL);
          return;
        }
    }
  self->syncing = TRUE;
  /* The conversation first: the capture then lays out only that one. */
  if ((self->kind == KIND_LADDER || self->kind == KIND_PING)
      && ladder_diagram_view_get_conversation (self->view) != conversation)
    ladder_diagram_view_set_conversation (self->view, conversation);
  if (ladder_diagram_view_get_capture (self->view) != capture
      || ladder_diagram_view_get_analysis (self->view) != analysis)
    ladder_diagram_view_set_capture (self->view, capture, analysis);
  if (ladder_diagram_view_get_selected_frame (self->view) != selected_frame)
    ladder_diagram_view_set_selected_frame (self->view, selected_frame);
  self->syncing = FALSE;
}

void
ladder_diagram_page_set_conversation (LadderDiagramPage *self, gint conversation)
{
  g_return_if_fail (LADDER_IS_DIAGRAM_PAGE (self));

  gtk_widget_set_visible (self->hint, self->kind == KIND_LADDER && conversation < 0);
  if (self->conversation == conversation)
    return;
  self->conversation = conversation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

LadderDiagramView *
ladder_diagram_page_get_view (LadderDiagramPage *self)
{
  g_return_val_if_fail (LADDER_IS_DIAGRAM_PAGE (self), NULL);
  return self->view;
}

gboolean
ladder_diagram_page_has_diagram (LadderDiagramPage *self)
{
  g_return_val_if_fail (LADDER_IS_DIAGRAM_PAGE (self), FALSE);
  return self->kind != KIND_PING || gtk_widget_get_visible (GTK_WIDGET (self));
}

GtkWidget *
ladder_diagram_page_new (const char *kind)
{
  return g_object_new (LADDER_TYPE_DIAGRAM_PAGE, "kind", kind, NULL);
}

/* A click on an arrow selects that packet everywhere; a click on empty
 * space (or a new capture) leaves the selection where it was. */
static void
on_view_selected (LadderDiagramPage *self)
{
  guint64 frame = ladder_diagram_view_get_selected_frame (self->view);

  if (self->syncing || frame == 0 || frame == self->selected_frame)
    return;
  self->selected_frame = frame;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FRAME]);
}

static void
on_fit_clicked (LadderDiagramPage *self)
{
  ladder_diagram_view_zoom_fit (self->view);
}

static GtkWidget *
new_view (Kind kind)
{
  switch (kind)
    {
    case KIND_TUPLES: return ladder_tuples_view_new ();
    case KIND_TRACEROUTE: return ladder_traceroute_view_new ();
    case KIND_LADDER:
    case KIND_PING:
    default: return ladder_sequence_view_new ();
    }
}

static void
ladder_diagram_page_constructed (GObject *object)
{
  LadderDiagramPage *self = LADDER_DIAGRAM_PAGE (object);

  G_OBJECT_CLASS (ladder_diagram_page_parent_class)->constructed (object);

  self->view = LADDER_DIAGRAM_VIEW (new_view (self->kind));
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->view));
  g_signal_connect_swapped (self->view, "notify::selected-frame", G_CALLBACK (on_view_selected), self);
  gtk_widget_set_visible (self->hint, self->kind == KIND_LADDER && self->conversation < 0);
  gtk_widget_set_visible (self->controls, self->kind == KIND_LADDER);
  g_object_bind_property (self->compressed_button, "active", self->view, "compressed",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  /* Ping: each request and its reply (or the router's error) as arrows, a
   * row per packet: the seconds between requests would dwarf the RTTs.
   * Hidden until there is a session to draw. */
  if (self->kind == KIND_PING)
    {
      ladder_diagram_view_set_compressed (self->view, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
    }
}

static void
set_kind (LadderDiagramPage *self, const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (kind_names[i], name) == 0)
      {
        self->kind = (Kind) i;
        return;
      }
  g_critical ("No diagram page kind is called '%s'", name);
}

static void
ladder_diagram_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderDiagramPage *self = LADDER_DIAGRAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_KIND: g_value_set_string (value, kind_names[self->kind]); break;
    case PROP_CONVERSATION: g_value_set_int (value, self->conversation); break;
    case PROP_SELECTED_FRAME: g_value_set_uint64 (value, self->selected_frame); break;
    case PROP_COMPRESSED:
      g_value_set_boolean (value, ladder_diagram_view_get_compressed (self->view));
      break;
    case PROP_TRACEROUTE_RUN:
    case PROP_FONT_SCALE:
      g_object_get_property (G_OBJECT (self->view), g_param_spec_get_name (pspec), value);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_diagram_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderDiagramPage *self = LADDER_DIAGRAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_KIND: set_kind (self, g_value_get_string (value)); break;
    case PROP_CONVERSATION: ladder_diagram_page_set_conversation (self, g_value_get_int (value)); break;
    case PROP_COMPRESSED: gtk_toggle_button_set_active (self->compressed_button, g_value_get_boolean (value)); break;
    case PROP_TRACEROUTE_RUN:
    case PROP_FONT_SCALE:
      g_object_set_property (G_OBJECT (self->view), g_param_spec_get_name (pspec), value);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_diagram_page_dispose (GObject *object)
{
  LadderDiagramPage *self = LADDER_DIAGRAM_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_DIAGRAM_PAGE);
  self->view = NULL;
  G_OBJECT_CLASS (ladder_diagram_page_parent_class)->dispose (object);
}

static void
install_properties (GObjectClass *object_class)
{
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, "ladder",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONVERSATION] = g_param_spec_int ("conversation", NULL, NULL, -1, G_MAXINT, -1, rw);
  properties[PROP_SELECTED_FRAME] =
    g_param_spec_uint64 ("selected-frame", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPRESSED] = g_param_spec_boolean ("compressed", NULL, NULL, FALSE,
                                                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRACEROUTE_RUN] = g_param_spec_uint ("traceroute-run", NULL, NULL, 0, G_MAXUINT, 0,
                                                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FONT_SCALE] = g_param_spec_double ("font-scale", NULL, NULL, 0.25, 8.0, 1.0,
                                                     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ladder_diagram_page_class_init (LadderDiagramPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ladder_diagram_page_constructed;
  object_class->dispose = ladder_diagram_page_dispose;
  object_class->get_property = ladder_diagram_page_get_property;
  object_class->set_property = ladder_diagram_page_set_property;
  install_properties (object_class);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-diagram-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderDiagramPage, box);
  gtk_widget_class_bind_template_child (widget_class, LadderDiagramPage, hint);
  gtk_widget_class_bind_template_child (widget_class, LadderDiagramPage, controls);
  gtk_widget_class_bind_template_child (widget_class, LadderDiagramPage, compressed_button);
  gtk_widget_class_bind_template_child (widget_class, LadderDiagramPage, scroller);
  gtk_widget_class_bind_template_callback (widget_class, on_fit_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ladderdiagrampage");
}

static void
ladder_diagram_page_init (LadderDiagramPage *self)
{
  self->conversation = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}
