/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-spotlight-panel.c: lecture mode's side panel (see the header). */
#include "ladder-spotlight-panel.h"

#include <glib/gi18n-lib.h>

#include "ladder-resources.h"

struct _LadderSpotlightPanel
{
  GtkWidget            parent_instance;

  /* Template children */
  GtkWidget           *box;
  GtkLabel            *note_label;
  LadderSpotlightView *spotlight;
  LadderNoteEditor    *editor;

  LadderCapture       *capture;
  guint64              packet;
  char                *note;
};

enum { PROP_0, PROP_CAPTURE, PROP_ANALYSIS, PROP_PACKET, PROP_NOTE, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LadderSpotlightPanel, ladder_spotlight_panel, GTK_TYPE_WIDGET)

/* A note is shown with the step of its packet, and only then. */
static void
update_note (LadderSpotlightPanel *self)
{
  g_autofree char *note = NULL;

  /* The lab saw the packet on several links: its note, on any sighting. */
  if (self->capture != NULL && self->packet != 0)
    note = ladder_capture_dup_note (self->capture, ladder_capture_find_note_frame (self->capture, self->packet));
  g_free (self->note);
  self->note = note != NULL ? g_strdup_printf (_("Note: %s"), note) : NULL;
  gtk_label_set_text (self->note_label, self->note != NULL ? self->note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), self->note != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}

static void
on_note_changed (LadderNoteEditor *editor, guint64 packet, LadderSpotlightPanel *self)
{
  update_note (self);
}

void
ladder_spotlight_panel_set_capture (LadderSpotlightPanel *self, LadderCapture *capture,
                                    LadderAnalysis *analysis)
{
  g_return_if_fail (LADDER_IS_SPOTLIGHT_PANEL (self));

  if (self->capture != capture)
    {
      g_clear_pointer (&self->capture, ladder_capture_unref);
      self->capture = capture != NULL ? ladder_capture_ref (capture) : NULL;
    }
  ladder_spotlight_view_set_capture (self->spotlight, capture, analysis);
  ladder_note_editor_set_capture (self->editor, capture);
  update_note (self);
}

void
ladder_spotlight_panel_set_packet (LadderSpotlightPanel *self, guint64 packet)
{
  g_return_if_fail (LADDER_IS_SPOTLIGHT_PANEL (self));

  if (self->packet == packet)
    return;
  self->packet = packet;
  /* The last packet's headers stay while a step is not a packet. */
  if (packet != 0)
    ladder_spotlight_view_set_packet (self->spotlight, packet);
  ladder_note_editor_set_packet (self->editor, packet);
  update_note (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACKET]);
}

guint64
ladder_spotlight_panel_get_packet (LadderSpotlightPanel *self)
{
  g_return_val_if_fail (LADDER_IS_SPOTLIGHT_PANEL (self), 0);
  return self->packet;
}

const char *
ladder_spotlight_panel_get_note (LadderSpotlightPanel *self)
{
  g_return_val_if_fail (LADDER_IS_SPOTLIGHT_PANEL (self), NULL);
  return self->note;
}

LadderSpotlightView *
ladder_spotlight_panel_get_spotlight (LadderSpotlightPanel *self)
{
  g_return_val_if_fail (LADDER_IS_SPOTLIGHT_PANEL (self), NULL);
  return self->spotlight;
}

LadderNoteEditor *
ladder_spotlight_panel_get_editor (LadderSpotlightPanel *self)
{
  g_return_val_if_fail (LADDER_IS_SPOTLIGHT_PANEL (self), NULL);
  return self->editor;
}

GtkWidget *
ladder_spotlight_panel_new (void)
{
  return g_object_new (LADDER_TYPE_SPOTLIGHT_PANEL, NULL);
}

static void
ladder_spotlight_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderSpotlightPanel *self = LADDER_SPOTLIGHT_PANEL (object);
  gpointer analysis;

  switch (prop_id)
    {
    case PROP_CAPTURE: g_value_set_pointer (value, self->capture); break;
    case PROP_ANALYSIS:
      g_object_get (self->spotlight, "analysis", &analysis, NULL);
      g_value_set_pointer (value, analysis);
      break;
    case PROP_PACKET: g_value_set_uint64 (value, self->packet); break;
    case PROP_NOTE: g_value_set_string (value, self->note); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_spotlight_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderSpotlightPanel *self = LADDER_SPOTLIGHT_PANEL (object);
  gpointer analysis;

  switch (prop_id)
    {
    case PROP_CAPTURE:
      g_object_get (self->spotlight, "analysis", &analysis, NULL);
      ladder_spotlight_panel_set_capture (self, g_value_get_pointer (value), analysis);
      break;
    case PROP_ANALYSIS:
      ladder_spotlight_panel_set_capture (self, self->capture, g_value_get_pointer (value));
      break;
    case PROP_PACKET: ladder_spotlight_panel_set_packet (self, g_value_get_uint64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_spotlight_panel_dispose (GObject *object)
{
  LadderSpotlightPanel *self = LADDER_SPOTLIGHT_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_SPOTLIGHT_PANEL);
  g_clear_pointer (&self->capture, ladder_capture_unref);
  g_clear_pointer (&self->note, g_free);
  G_OBJECT_CLASS (ladder_spotlight_panel_parent_class)->dispose (object);
}

/* Lecture mode may open without the application (its tests do), which
 * otherwise registers the templates. */
static void
ensure_resources (void)
{
  if (!g_resources_get_info ("/io/github/wireladder/Wireladder/ladder-spotlight-panel.ui",
                             G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    ladder_register_resource ();
}

static void
ladder_spotlight_panel_class_init (LadderSpotlightPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ladder_spotlight_panel_dispose;
  object_class->get_property = ladder_spotlight_panel_get_property;
  object_class->set_property = ladder_spotlight_panel_set_property;
  properties[PROP_CAPTURE] = g_param_spec_pointer ("capture", NULL, NULL, rw);
  properties[PROP_ANALYSIS] = g_param_spec_pointer ("analysis", NULL, NULL, rw);
  properties[PROP_PACKET] = g_param_spec_uint64 ("packet", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_type_ensure (LADDER_TYPE_SPOTLIGHT_VIEW);
  g_type_ensure (LADDER_TYPE_NOTE_EDITOR);
  ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-spotlight-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderSpotlightPanel, box);
  gtk_widget_class_bind_template_child (widget_class, LadderSpotlightPanel, note_label);
  gtk_widget_class_bind_template_child (widget_class, LadderSpotlightPanel, spotlight);
  gtk_widget_class_bind_template_child (widget_class, LadderSpotlightPanel, editor);
  gtk_widget_class_bind_template_callback (widget_class, on_note_changed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "spotlightpanel");
}

static void
ladder_spotlight_panel_init (LadderSpotlightPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
