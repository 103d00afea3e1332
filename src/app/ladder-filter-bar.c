/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-filter-bar.c: the filter bar (see the header). */
#include "ladder-filter-bar.h"

struct _LadderFilterBar
{
  GtkWidget  parent_instance;

  /* Template children */
  GtkWidget *box;
  GtkEntry  *filter_entry;
  GtkLabel  *filter_error;
  GtkWidget *conversation_chip;
  GtkLabel  *conversation_chip_label;
};

enum { PROP_0, PROP_TEXT, PROP_CONVERSATION_LABEL, PROP_MESSAGE, PROP_ERROR, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_APPLY, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LadderFilterBar, ladder_filter_bar, GTK_TYPE_WIDGET)

const char *
ladder_filter_bar_get_text (LadderFilterBar *self)
{
  g_return_val_if_fail (LADDER_IS_FILTER_BAR (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
}

void
ladder_filter_bar_set_text (LadderFilterBar *self, const char *text)
{
  g_return_if_fail (LADDER_IS_FILTER_BAR (self));
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text != NULL ? text : "");
}

void
ladder_filter_bar_apply (LadderFilterBar *self)
{
  g_return_if_fail (LADDER_IS_FILTER_BAR (self));
  g_signal_emit (self, signals[SIGNAL_APPLY], 0, ladder_filter_bar_get_text (self));
}

static void
on_activate (LadderFilterBar *self)
{
  ladder_filter_bar_apply (self);
}

static gboolean
apply_if_still_empty (gpointer user_data)
{
  LadderFilterBar *self = user_data;

  if (*ladder_filter_bar_get_text (self) == '\0')
    ladder_filter_bar_apply (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* Clearing the entry shows everything at once; other edits wait for Enter.
 * Checked from an idle: replacing the text passes through "" on the way. */
static void
on_changed (LadderFilterBar *self)
{
  if (*ladder_filter_bar_get_text (self) == '\0')
    g_idle_add_full (G_PRIORITY_DEFAULT, apply_if_still_empty, g_object_ref (self), NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

void
ladder_filter_bar_show_message (LadderFilterBar *self, const char *text, gboolean error)
{
  GtkWidget *label;

  g_return_if_fail (LADDER_IS_FILTER_BAR (self));

  label = GTK_WIDGET (self->filter_error);
  gtk_widget_set_visible (label, text != NULL);
  if (text != NULL)
    gtk_label_set_text (self->filter_error, text);
  if (text != NULL && !error)
    gtk_widget_add_css_class (label, "warning");
  else
    gtk_widget_remove_css_class (label, "warning");
  if (text != NULL && error)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_entry), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Read from the widgets: what a person sees. */
const char *
ladder_filter_bar_get_message (LadderFilterBar *self)
{
  g_return_val_if_fail (LADDER_IS_FILTER_BAR (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->filter_error)))
    return NULL;
  return gtk_label_get_text (self->filter_error);
}

gboolean
ladder_filter_bar_get_error (LadderFilterBar *self)
{
  g_return_val_if_fail (LADDER_IS_FILTER_BAR (self), FALSE);
  return gtk_widget_has_css_class (GTK_WIDGET (self->filter_entry), "error");
}

gboolean
ladder_filter_bar_get_warning (LadderFilterBar *self)
{
  g_return_val_if_fail (LADDER_IS_FILTER_BAR (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->filter_error))
         && gtk_widget_has_css_class (GTK_WIDGET (self->filter_error), "warning");
}

void
ladder_filter_bar_set_conversation_label (LadderFilterBar *self, const char *label)
{
  g_return_if_fail (LADDER_IS_FILTER_BAR (self));

  if (label != NULL)
    gtk_label_set_text (self->conversation_chip_label, label);
  gtk_widget_set_visible (self->conversation_chip, label != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION_LABEL]);
}

GtkWidget *
ladder_filter_bar_new (void)
{
  return g_object_new (LADDER_TYPE_FILTER_BAR, NULL);
}

static gboolean
ladder_filter_bar_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (LADDER_FILTER_BAR (widget)->filter_entry));
}

static void
ladder_filter_bar_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderFilterBar *self = LADDER_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_TEXT: g_value_set_string (value, ladder_filter_bar_get_text (self)); break;
    case PROP_CONVERSATION_LABEL:
      g_value_set_string (value, gtk_widget_get_visible (self->conversation_chip)
                                 ? gtk_label_get_text (self->conversation_chip_label) : NULL);
      break;
    case PROP_MESSAGE: g_value_set_string (value, ladder_filter_bar_get_message (self)); break;
    case PROP_ERROR: g_value_set_boolean (value, ladder_filter_bar_get_error (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_filter_bar_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderFilterBar *self = LADDER_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_TEXT: ladder_filter_bar_set_text (self, g_value_get_string (value)); break;
    case PROP_CONVERSATION_LABEL:
      ladder_filter_bar_set_conversation_label (self, g_value_get_string (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_filter_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LADDER_TYPE_FILTER_BAR);
  G_OBJECT_CLASS (ladder_filter_bar_parent_class)->dispose (object);
}

static void
ladder_filter_bar_class_init (LadderFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ladder_filter_bar_dispose;
  object_class->get_property = ladder_filter_bar_get_property;
  object_class->set_property = ladder_filter_bar_set_property;
  widget_class->grab_focus = ladder_filter_bar_grab_focus;
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, rw);
  properties[PROP_CONVERSATION_LABEL] = g_param_spec_string ("conversation-label", NULL, NULL, NULL, rw);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_ERROR] = g_param_spec_boolean ("error", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_APPLY] =
    g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderFilterBar, box);
  gtk_widget_class_bind_template_child (widget_class, LadderFilterBar, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, LadderFilterBar, filter_error);
  gtk_widget_class_bind_template_child (widget_class, LadderFilterBar, conversation_chip);
  gtk_widget_class_bind_template_child (widget_class, LadderFilterBar, conversation_chip_label);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ladderfilterbar");
}

static void
ladder_filter_bar_init (LadderFilterBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
