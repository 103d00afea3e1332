/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window.c: the window class, its template, properties and status bar. */
#include "ladder-window-private.h"

#include <glib/gi18n-lib.h>
#include "ladder-sockets-view.h"

#include <unistd.h>

enum
{
  PROP_0,
  PROP_CAPTURE,
  PROP_ANALYSIS,
  PROP_SELECTED_FRAME,
  PROP_LOADING,
  PROP_PAGE,
  PROP_ERROR_MESSAGE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LadderWindow, ladder_window, GTK_TYPE_APPLICATION_WINDOW)

LadderWindow *
ladder_window_new (LadderApplication *app)
{
  return g_object_new (LADDER_TYPE_WINDOW, "application", app, NULL);
}

gboolean
ladder_window_has_capture (LadderWindow *self)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), FALSE);
  return self->capture != NULL;
}

gboolean
ladder_window_is_loading (LadderWindow *self)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), FALSE);
  return self->loading || self->analysing.running;
}

LadderCapture *
ladder_window_get_capture (LadderWindow *self)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), NULL);
  return self->capture;
}

LadderAnalysis *
ladder_window_get_analysis (LadderWindow *self)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), NULL);
  return self->analysis;
}

guint64
ladder_window_get_selected_frame (LadderWindow *self)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), 0);
  /* NULL while the template is built (bindings read this) and after dispose. */
  return self->packet_pane != NULL ? ladder_packet_pane_get_selected_frame (self->packet_pane) : 0;
}

LadderFilterBar *
ladder_window_get_filter_bar (LadderWindow *self)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), NULL);
  return self->filter_bar;
}

LadderReadProgress *
ladder_window_get_progress (LadderWindow *self)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), NULL);
  return self->progress;
}

LadderStatusBar *
ladder_window_get_status_bar (LadderWindow *self)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), NULL);
  return self->status_bar;
}

static void
open_file_now (LadderWindow *self, gpointer data)
{
  GFile *file = data;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  path = g_file_get_path (file);
  name = g_file_get_basename (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *message = g_strdup_printf (_("Cannot open %s: only local files can be read."), uri);

      _ladder_window_show_error (self, message);
      return;
    }
  _ladder_window_load_path (self, path, name);
  ladder_application_add_recent (LADDER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), path);
}

void
ladder_window_open_file (LadderWindow *self, GFile *file)
{
  g_return_if_fail (LADDER_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Another capture replaces this one and its notes: asked first. */
  if (_ladder_window_confirm_unsaved (self, open_file_now, g_object_ref (file), g_object_unref))
    open_file_now (self, file);
}

void
_ladder_window_notify_capture (LadderWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
_ladder_window_notify_analysis (LadderWindow *self)
{
  _ladder_window_update_views (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSIS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Called when the packet pane's selection moves. */
void
_ladder_window_notify_selected_frame (LadderWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FRAME]);
}

void
_ladder_window_show_error (LadderWindow *self, const char *message)
{
  gtk_info_bar_set_message_type (self->error_bar, GTK_MESSAGE_ERROR);
  if (message != NULL)
    gtk_label_set_text (self->error_label, message);
  gtk_info_bar_set_revealed (self->error_bar, message != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

const char *
ladder_window_get_error_message (LadderWindow *self)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), NULL);
  return gtk_info_bar_get_revealed (self->error_bar) ? gtk_label_get_text (self->error_label) : NULL;
}

const char *
ladder_window_get_page (LadderWindow *self)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->view_stack);
}

void
ladder_window_set_page (LadderWindow *self, const char *page)
{
  g_return_if_fail (LADDER_IS_WINDOW (self));
  g_return_if_fail (page != NULL);
  gtk_stack_set_visible_child_name (self->view_stack, page);
}

/* A diagram page gets its capture when it is shown. */
static void
on_page_changed (LadderWindow *self)
{
  _ladder_window_update_views (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

void
_ladder_window_update_status (LadderWindow *self)
{
  g_object_set (self->status_bar,
                "packets", self->capture != NULL ? self->published_frames : (guint64) 0,
                "shown", (guint64) ladder_packet_pane_get_n_shown (self->packet_pane),
                "drops", self->drops,
                "file", self->display_name,
                "lab-state", ladder_lab_panel_get_state (self->lab_panel),
                "lab-running", ladder_lab_panel_get_running (self->lab_panel),
                NULL);
  gtk_window_set_title (GTK_WINDOW (self), self->display_name != NULL ? self->display_name : "Wireladder");
}

static void
on_error_bar_response (GtkInfoBar *bar, int response, LadderWindow *self)
{
  gtk_info_bar_set_revealed (bar, FALSE);
  if (bar == self->error_bar)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
save_window_state (LadderWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static void
close_now (LadderWindow *self, gpointer data)
{
  self->unsaved.close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
ladder_window_close_request (GtkWindow *window)
{
  LadderWindow *self = LADDER_WINDOW (window);

  /* Notes typed since the last save are lost only once the user says so. */
  if (!self->unsaved.close_confirmed && !_ladder_window_confirm_unsaved (self, close_now, NULL, NULL))
    return TRUE;
  save_window_state (self);
  ladder_here_panel_stop (self->here_panel);
  _ladder_window_stop_work (self);
  return GTK_WINDOW_CLASS (ladder_window_parent_class)->close_request (window);
}

void
ladder_window_fill_screen (LadderWindow *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  GListModel *monitors = gdk_display_get_monitors (display);
  g_autoptr (GdkMonitor) monitor = NULL;
  GdkRectangle area;

  g_return_if_fail (LADDER_IS_WINDOW (self));

  gtk_window_maximize (GTK_WINDOW (self));
  /* The window is not on a monitor before it is shown: the first one. */
  if (gtk_widget_get_realized (GTK_WIDGET (self)))
    monitor = g_object_ref (gdk_display_get_monitor_at_surface (display,
                              gtk_native_get_surface (GTK_NATIVE (self))));
  else if (g_list_model_get_n_items (monitors) > 0)
    monitor = g_list_model_get_item (monitors, 0);
  if (monitor == NULL)
    return;
  gdk_monitor_get_geometry (monitor, &area);
  gtk_window_set_default_size (GTK_WINDOW (self), area.width, area.height);
}

/* "application" is set after construction, so the settings (window size,
 * recent files) are attached when it is. */
static void
on_application_set (LadderWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->settings != NULL || !LADDER_IS_APPLICATION (app))
    return;
  self->settings = g_object_ref (ladder_application_get_settings (LADDER_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  _ladder_window_watch_settings (self);
  _ladder_window_rebuild_menus (self);
}

static void
ladder_window_constructed (GObject *object)
{
  LadderWindow *self = LADDER_WINDOW (object);

  G_OBJECT_CLASS (ladder_window_parent_class)->constructed (object);

  _ladder_window_init_actions (self);
  _ladder_window_rebuild_menus (self);
  _ladder_window_update_status (self);
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_set), NULL);
  on_application_set (self);
}

static void
ladder_window_dispose (GObject *object)
{
  LadderWindow *self = LADDER_WINDOW (object);

  _ladder_window_stop_work (self);
  _ladder_window_forget_unsaved (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (ladder_window_parent_class)->dispose (object);
}

static void
ladder_window_finalize (GObject *object)
{
  LadderWindow *self = LADDER_WINDOW (object);

  g_clear_pointer (&self->analysis, ladder_analysis_unref);
  g_clear_pointer (&self->capture, ladder_capture_unref);
  g_clear_pointer (&self->display_name, g_free);
  G_OBJECT_CLASS (ladder_window_parent_class)->finalize (object);
}

static void
ladder_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderWindow *self = LADDER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE:
      g_value_set_pointer (value, self->capture);
      break;
    case PROP_ANALYSIS:
      g_value_set_pointer (value, self->analysis);
      break;
    case PROP_SELECTED_FRAME:
      g_value_set_uint64 (value, ladder_window_get_selected_frame (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, ladder_window_is_loading (self));
      break;
    case PROP_PAGE:
      g_value_set_string (value, ladder_window_get_page (self));
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, ladder_window_get_error_message (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SELECTED_FRAME:
      ladder_window_set_selected_frame (LADDER_WINDOW (object), g_value_get_uint64 (value));
      break;
    case PROP_PAGE:
      ladder_window_set_page (LADDER_WINDOW (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_CAPTURE] =
    g_param_spec_pointer ("capture", NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANALYSIS] =
    g_param_spec_pointer ("analysis", NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_FRAME] =
    g_param_spec_uint64 ("selected-frame", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LadderWindow, name)

/* The handlers ladder-window.ui connects. */
#define CALLBACK(name, func) \
  gtk_widget_class_bind_template_callback_full (widget_class, name, G_CALLBACK (func))

static void
bind_callbacks (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_error_bar_response);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);
  CALLBACK ("on_filter_apply", _ladder_window_on_filter_apply);
  CALLBACK ("on_pane_filter_warning", _ladder_window_on_pane_filter_warning);
  CALLBACK ("on_pane_refiltered", _ladder_window_on_pane_refiltered);
  CALLBACK ("on_pane_selected_frame", _ladder_window_on_pane_selected_frame);
  CALLBACK ("on_page_selected_frame", _ladder_window_on_page_selected_frame);
  CALLBACK ("on_table_conversation_activated", _ladder_window_on_table_conversation_activated);
  CALLBACK ("on_table_frame_activated", _ladder_window_on_table_frame_activated);
  CALLBACK ("on_lab_stream", _ladder_window_on_lab_stream);
  CALLBACK ("on_lab_notify", _ladder_window_on_lab_notify);
  CALLBACK ("on_lab_finished", _ladder_window_on_lab_finished);
  CALLBACK ("on_here_stream", _ladder_window_on_here_stream);
  CALLBACK ("on_here_finished", _ladder_window_on_here_finished);
}

#undef CALLBACK

static void
ladder_window_class_init (LadderWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ladder_window_constructed;
  object_class->dispose = ladder_window_dispose;
  object_class->finalize = ladder_window_finalize;
  object_class->get_property = ladder_window_get_property;
  object_class->set_property = ladder_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = ladder_window_close_request;
  install_properties (object_class);
  _ladder_window_class_init_actions (widget_class);

  g_type_ensure (LADDER_TYPE_BYTES_VIEW);
  g_type_ensure (LADDER_TYPE_TABLE_VIEW);
  g_type_ensure (LADDER_TYPE_SOCKETS_VIEW);
  g_type_ensure (LADDER_TYPE_LAB_PANEL);
  g_type_ensure (LADDER_TYPE_HERE_PANEL);
  g_type_ensure (LADDER_TYPE_PACKET_PANE);
  g_type_ensure (LADDER_TYPE_DIAGRAM_PAGE);
  g_type_ensure (LADDER_TYPE_STATUS_BAR);
  g_type_ensure (LADDER_TYPE_FILTER_BAR);
  g_type_ensure (LADDER_TYPE_ANALYSIS_TABLE);
  g_type_ensure (LADDER_TYPE_READ_PROGRESS);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wireladder/Wireladder/ladder-window.ui");
  BIND (error_bar); BIND (error_label); BIND (root_bar); BIND (view_switcher);
  BIND (main_stack); BIND (view_stack); BIND (welcome_samples); BIND (welcome_samples_label);
  BIND (recent_submenu); BIND (samples_submenu);
  BIND (filter_bar);
  BIND (progress);
  BIND (packet_pane);
  BIND (conversation_table); BIND (ping_table); BIND (traceroute_table);
  BIND (ping_diagram_page); BIND (traceroute_diagram_page);
  BIND (ladder_page); BIND (tuples_page);
  BIND (status_bar);
  BIND (lab_panel); BIND (here_panel);
  bind_callbacks (widget_class);
}

#undef BIND

static void
ladder_window_init (LadderWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "ladder-window");
  /* The window never needs privileges; say so when it has them anyway. */
  gtk_info_bar_set_revealed (self->root_bar, geteuid () == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->view_switcher), FALSE);
  _ladder_window_init_views (self);
  _ladder_window_init_programs (self);
}
