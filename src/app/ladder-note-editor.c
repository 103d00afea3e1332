/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-note-editor.c: a packet's lecture note (see the header). */
#include "ladder-note-editor.h"

#include "ladder-resources.h"

struct _LadderNoteEditor
{
  GtkWidget      parent_instance;

  /* Template children */
  GtkWidget     *box;
  GtkEntry      *entry;

  LadderCapture *capture;
  guint64        packet;
  guint64        note_frame;  /* the sighting of packet that holds its note */
  gboolean       loading;   /* the entry is being filled, not edited */
};

enum { PROP_0, PROP_CAPTURE, PROP_PACKET, PROP_TEXT, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { NOTE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LadderNoteEditor, ladder_note_editor, GTK_TYPE_WIDGET)

static void
load_note (LadderNoteEditor *self)
{
  g_autofree char *note = NULL;

  /* A lab packet's note, whichever of its sightings holds it. */
  self->note_frame = self->capture != NULL && self->packet != 0
                     ? ladder_capture_find_note_frame (self->capture, self->packet) : 0;
  if (self->note_frame != 0)
    note = ladder_capture_dup_note (self->capture, self->note_frame);
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), note != NULL ? note : "");
  self->loading = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), self->capture != NULL && self->packet != 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
on_changed (GtkEditable *editable, LadderNoteEditor *self)
{
  if (self->loading || self->capture == NULL || self->packet == 0)
    return;
  ladder_capture_set_note (self->capture, self->note_frame != 0 ? self->note_frame : self->packet,
                           gtk_editable_get_text (editable));
  ladder_capture_set_notes_unsaved (self->capture, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  g_signal_emit (self, signals[NOTE_CHANGED], 0, self->packet);
}

/* The step keys belong to the window again. */
static void
give_back_focus (LadderNoteEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root != NULL)
    gtk_root_set_focus (root, NULL);
}

static void
on_activate (GtkEntry *entry, LadderNoteEditor *self)
{
  give_back_focus (self);
}

static gboolean
on_key (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
        LadderNoteEditor *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  give_back_focus (self);
  return TRUE;
}

void
ladder_note_editor_set_capture (LadderNoteEditor *self, LadderCapture *capture)
{
  g_return_if_fail (LADDER_IS_NOTE_EDITOR (self));

  if (self->capture == capture)
    return;
  g_clear_pointer (&self->capture, ladder_capture_unref);
  self->capture = capture != NULL ? ladder_capture_ref (capture) : NULL;
  load_note (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURE]);
}

void
ladder_note_editor_set_packet (LadderNoteEditor *self, guint64 packet)
{
  g_return_if_fail (LADDER_IS_NOTE_EDITOR (self));

  if (self->packet == packet)
    return;
  self->packet = packet;
  load_note (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACKET]);
}

guint64
ladder_note_editor_get_packet (LadderNoteEditor *self)
{
  g_return_val_if_fail (LADDER_IS_NOTE_EDITOR (self), 0);
  return self->packet;
}

const char *
ladder_note_editor_get_text (LadderNoteEditor *self)
{
  g_return_val_if_fail (LADDER_IS_NOTE_EDITOR (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
ladder_note_editor_edit (LadderNoteEditor *self, const char *text)
{
  g_return_if_fail (LADDER_IS_NOTE_EDITOR (self));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
}

GtkWidget *
ladder_note_editor_new (void)
{
  return g_object_new (LADDER_TYPE_NOTE_EDITOR, NULL);
}

static void
ladder_note_editor_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderNoteEditor *self = LADDER_NOTE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CAPTURE: g_value_set_pointer (value, self->capture); break;
    case PROP_PACKET: g_value_set_uint64 (value, self->packet); break;
    case PROP_TEXT: g_value_set_string (value, ladder_note_editor_get_text (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_note_editor_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderNoteEditor *self = LADDER_NOTE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CAPTURE: ladder_note_editor_set_capture (self, g_value_get_pointer (value)); break;
    case PROP_PACKET: ladder_note_editor_set_packet (self, g_value_get_uint64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_note_editor_dispose (GObject *object)
{
  LadderNoteEditor *self = LADDER_NOTE_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_NOTE_EDITOR);
  g_clear_pointer (&self->capture, ladder_capture_unref);
  G_OBJECT_CLASS (ladder_note_editor_parent_class)->dispose (object);
}

/* Lecture mode may open without the application (its tests do), which
 * otherwise registers the templates. */
static void
ensure_resources (void)
{
  if (!g_resources_get_info ("/io/github/wireladder/Wireladder/ladder-note-editor.ui",
                             G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    ladder_register_resource ();
}

static void
ladder_note_editor_class_init (LadderNoteEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ladder_note_editor_dispose;
  object_class->get_property = ladder_note_editor_get_property;
  object_class->set_property = ladder_note_editor_set_property;
  properties[PROP_CAPTURE] = g_param_spec_pointer ("capture", NULL, NULL, rw);
  properties[PROP_PACKET] = g_param_spec_uint64 ("packet", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, "", G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[NOTE_CHANGED] = g_signal_new ("note-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
  ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-note-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderNoteEditor, box);
  gtk_widget_class_bind_template_child (widget_class, LadderNoteEditor, entry);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "noteeditor");
}

static void
ladder_note_editor_init (LadderNoteEditor *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
  load_note (self);
}
