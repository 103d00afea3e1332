/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-status-bar.c: the window's status bar (see the header). */
#include "ladder-status-bar.h"

#include <glib/gi18n-lib.h>

struct _LadderStatusBar
{
  GtkWidget  parent_instance;

  /* Template children */
  GtkWidget *box;
  GtkLabel  *status_packets;
  GtkLabel  *status_shown;
  GtkLabel  *status_drops;
  GtkLabel  *status_file;
  GtkLabel  *status_lab;

  guint64    packets, shown, drops;
  char      *file;
  char      *lab_state;
  gboolean   lab_running;
};

enum { PROP_0, PROP_PACKETS, PROP_SHOWN, PROP_DROPS, PROP_FILE, PROP_LAB_STATE, PROP_LAB_RUNNING, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LadderStatusBar, ladder_status_bar, GTK_TYPE_WIDGET)

static void
set_count (GtkLabel *label, guint64 n, const char *one, const char *many)
{
  g_autofree char *text = g_strdup_printf ("%'" G_GUINT64_FORMAT " %s", n, n == 1 ? one : many);

  gtk_label_set_text (label, text);
}

static void
update (LadderStatusBar *self)
{
  set_count (self->status_packets, self->packets, "packet", "packets");
  set_count (self->status_shown, self->shown, "shown", "shown");
  set_count (self->status_drops, self->drops, "dropped", "dropped");
  gtk_label_set_text (self->status_file, self->file != NULL ? self->file : _("No capture"));
  gtk_label_set_text (self->status_lab, self->lab_state != NULL ? self->lab_state : "");
  if (self->lab_running)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_lab), "lab-running");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_lab), "lab-running");
}

const char *
ladder_status_bar_get_text (LadderStatusBar *self, LadderStatusItem item)
{
  GtkLabel *labels[] = { self->status_packets, self->status_shown, self->status_drops,
                         self->status_file, self->status_lab };

  g_return_val_if_fail (LADDER_IS_STATUS_BAR (self), NULL);
  g_return_val_if_fail (item < G_N_ELEMENTS (labels), NULL);
  return gtk_label_get_text (labels[item]);
}

GtkWidget *
ladder_status_bar_new (void)
{
  return g_object_new (LADDER_TYPE_STATUS_BAR, NULL);
}

static void
ladder_status_bar_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderStatusBar *self = LADDER_STATUS_BAR (object);

  switch (prop_id)
    {
    case PROP_PACKETS: g_value_set_uint64 (value, self->packets); break;
    case PROP_SHOWN: g_value_set_uint64 (value, self->shown); break;
    case PROP_DROPS: g_value_set_uint64 (value, self->drops); break;
    case PROP_FILE: g_value_set_string (value, self->file); break;
    case PROP_LAB_STATE: g_value_set_string (value, self->lab_state); break;
    case PROP_LAB_RUNNING: g_value_set_boolean (value, self->lab_running); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_status_bar_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderStatusBar *self = LADDER_STATUS_BAR (object);

  switch (prop_id)
    {
    case PROP_PACKETS: self->packets = g_value_get_uint64 (value); break;
    case PROP_SHOWN: self->shown = g_value_get_uint64 (value); break;
    case PROP_DROPS: self->drops = g_value_get_uint64 (value); break;
    case PROP_FILE: g_free (self->file); self->file = g_value_dup_string (value); break;
    case PROP_LAB_STATE: g_free (self->lab_state); self->lab_state = g_value_dup_string (value); break;
    case PROP_LAB_RUNNING: self->lab_running = g_value_get_boolean (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  update (self);
}

static void
ladder_status_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LADDER_TYPE_STATUS_BAR);
  G_OBJECT_CLASS (ladder_status_bar_parent_class)->dispose (object);
}

static void
ladder_status_bar_finalize (GObject *object)
{
  LadderStatusBar *self = LADDER_STATUS_BAR (object);

  g_free (self->file);
  g_free (self->lab_state);
  G_OBJECT_CLASS (ladder_status_bar_parent_class)->finalize (object);
}

static void
ladder_status_bar_class_init (LadderStatusBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ladder_status_bar_dispose;
  object_class->finalize = ladder_status_bar_finalize;
  object_class->get_property = ladder_status_bar_get_property;
  object_class->set_property = ladder_status_bar_set_property;
  properties[PROP_PACKETS] = g_param_spec_uint64 ("packets", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_SHOWN] = g_param_spec_uint64 ("shown", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_DROPS] = g_param_spec_uint64 ("drops", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_FILE] = g_param_spec_string ("file", NULL, NULL, NULL, rw);
  properties[PROP_LAB_STATE] = g_param_spec_string ("lab-state", NULL, NULL, NULL, rw);
  properties[PROP_LAB_RUNNING] = g_param_spec_boolean ("lab-running", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-status-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderStatusBar, box);
  gtk_widget_class_bind_template_child (widget_class, LadderStatusBar, status_packets);
  gtk_widget_class_bind_template_child (widget_class, LadderStatusBar, status_shown);
  gtk_widget_class_bind_template_child (widget_class, LadderStatusBar, status_drops);
  gtk_widget_class_bind_template_child (widget_class, LadderStatusBar, status_file);
  gtk_widget_class_bind_template_child (widget_class, LadderStatusBar, status_lab);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ladderstatusbar");
}

static void
ladder_status_bar_init (LadderStatusBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
