/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-read-progress.c: the reading progress bar (see the header). */
#include "ladder-read-progress.h"

struct _LadderReadProgress
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkWidget      *box;
  GtkProgressBar *progress_bar;
  GtkWidget      *cancel_button;
};

enum { PROP_0, PROP_TEXT, PROP_CAN_CANCEL, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LadderReadProgress, ladder_read_progress, GTK_TYPE_WIDGET)

GtkWidget *
ladder_read_progress_new (void)
{
  return g_object_new (LADDER_TYPE_READ_PROGRESS, NULL);
}

void
ladder_read_progress_set_done (LadderReadProgress *self, guint64 done, guint64 total)
{
  g_return_if_fail (LADDER_IS_READ_PROGRESS (self));

  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / (double) total));
  else
    gtk_progress_bar_pulse (self->progress_bar);
}

void
ladder_read_progress_restart (LadderReadProgress *self)
{
  g_return_if_fail (LADDER_IS_READ_PROGRESS (self));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
}

static void
ladder_read_progress_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderReadProgress *self = LADDER_READ_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_TEXT: g_value_set_string (value, gtk_progress_bar_get_text (self->progress_bar)); break;
    case PROP_CAN_CANCEL: g_value_set_boolean (value, gtk_widget_get_visible (self->cancel_button)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_read_progress_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderReadProgress *self = LADDER_READ_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_TEXT: gtk_progress_bar_set_text (self->progress_bar, g_value_get_string (value)); break;
    case PROP_CAN_CANCEL: gtk_widget_set_visible (self->cancel_button, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_read_progress_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LADDER_TYPE_READ_PROGRESS);
  G_OBJECT_CLASS (ladder_read_progress_parent_class)->dispose (object);
}

static void
ladder_read_progress_class_init (LadderReadProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ladder_read_progress_dispose;
  object_class->get_property = ladder_read_progress_get_property;
  object_class->set_property = ladder_read_progress_set_property;
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_CANCEL] = g_param_spec_boolean ("can-cancel", NULL, NULL, TRUE,
                                                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-read-progress.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderReadProgress, box);
  gtk_widget_class_bind_template_child (widget_class, LadderReadProgress, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LadderReadProgress, cancel_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ladderreadprogress");
}

static void
ladder_read_progress_init (LadderReadProgress *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
