/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-actions.c: the window's actions (win.*, view.*),
 * its menus of samples and recent files, and drag and drop. */
#include "ladder-window-private.h"

#include <glib/gi18n-lib.h>
#include "ladder-presenter.h"

#define ZOOM_STEP 0.1

static LadderApplication *
get_app (LadderWindow *self)
{
  return LADDER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
on_chooser_response (GtkNativeDialog *dialog, int response, LadderWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        ladder_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static void
add_filter (GtkFileChooser *chooser, const char *name, const char * const *patterns,
            const char * const *mime_types)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  for (guint i = 0; mime_types != NULL && mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_capture (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LadderWindow *self = user_data;
  const char *capture_patterns[] = { "*.pcap", "*.pcapng", "*.cap", "*.PCAP", "*.PCAPNG", NULL };
  const char *capture_types[] = { "application/vnd.tcpdump.pcap", "application/x-pcapng", NULL };
  const char *pcap_patterns[] = { "*.pcap", "*.cap", "*.PCAP", NULL };
  const char *pcapng_patterns[] = { "*.pcapng", "*.PCAPNG", NULL };
  const char *all_patterns[] = { "*", NULL };
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Open Capture"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                 _("_Open"), _("_Cancel"));

  add_filter (GTK_FILE_CHOOSER (chooser), _("Captures (pcap, pcapng)"), capture_patterns, capture_types);
  add_filter (GTK_FILE_CHOOSER (chooser), "pcap", pcap_patterns, NULL);
  add_filter (GTK_FILE_CHOOSER (chooser), "pcapng", pcapng_patterns, NULL);
  add_filter (GTK_FILE_CHOOSER (chooser), _("All files"), all_patterns, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Export: the format follows the extension; a name without one gets the
 * chosen filter's. */
static const struct
{
  const char *name;
  const char *ext;
} export_formats[] = {
  { N_("SVG image"), ".svg" },
  { N_("PDF document (text stays text)"), ".pdf" },
  { N_("PNG image"), ".png" },
  { N_("Mermaid sequence diagram"), ".mmd" },
};

static char *
export_path (GtkFileChooser *chooser, const char *path)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);
  const char *ext = filter != NULL ? g_object_get_data (G_OBJECT (filter), "ladder-ext") : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    if (g_str_has_suffix (path, export_formats[i].ext))
      return g_strdup (path);
  return g_strconcat (path, ext != NULL ? ext : ".svg", NULL);
}

static void
on_export_response (GtkNativeDialog *dialog, int response, LadderWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *chosen = file != NULL ? g_file_get_path (file) : NULL;
      g_autofree char *path = chosen != NULL ? export_path (GTK_FILE_CHOOSER (dialog), chosen) : NULL;
      g_autoptr (GError) error = NULL;

      if (path == NULL)
        _ladder_window_show_error (self, _("Diagrams can only be exported to a local file."));
      else if (!_ladder_window_export_diagram_to (self, path, &error))
        _ladder_window_show_error (self, error->message);
    }
  g_object_unref (dialog);
}

static void
export_diagram (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LadderWindow *self = user_data;
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Export Diagram"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                 _("_Export"), _("_Cancel"));

  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    {
      g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
      g_autofree char *pattern = g_strconcat ("*", export_formats[i].ext, NULL);

      gtk_file_filter_set_name (filter, _(export_formats[i].name));
      gtk_file_filter_add_pattern (filter, pattern);
      g_object_set_data (G_OBJECT (filter), "ladder-ext", (gpointer) export_formats[i].ext);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "diagram.svg");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* What lecture mode shows: the page shown when it has a diagram (its
 * conversation, ping session or traceroute run), else the ladder. */
static LadderPresenterView
presenter_view (LadderWindow *self, gint *which)
{
  LadderPresenterView view = LADDER_PRESENTER_LADDER;

  *which = _ladder_window_get_conversation (self);
  if (!ladder_presenter_view_from_string (gtk_stack_get_visible_child_name (self->view_stack), &view))
    return LADDER_PRESENTER_LADDER;
  if (view == LADDER_PRESENTER_TRACEROUTE)
    {
      guint run = 0;
      g_object_get (self->traceroute_diagram_page, "traceroute-run", &run, NULL);
      *which = (gint) run;
    }
  else if (view == LADDER_PRESENTER_PING)
    {
      if (!ladder_diagram_page_has_diagram (self->ping_diagram_page))
        return LADDER_PRESENTER_LADDER;
      *which = ladder_diagram_view_get_conversation (ladder_diagram_page_get_view (self->ping_diagram_page));
    }
  return view;
}

/* The window's views (the Sockets page among them) follow the lecture. */
static void
follow_presenter (LadderPresenter *presenter, GParamSpec *pspec, LadderWindow *self)
{
  guint packet = ladder_presenter_get_current_packet (presenter);

  if (packet != G_MAXUINT)
    ladder_window_set_selected_frame (self, packet);
}

/* Lecture mode: the capture (or the conversation shown) step by step, full screen. */
static void
present_story (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LadderWindow *self = user_data;
  g_autoptr (GError) error = NULL;
  LadderPresenter *presenter;
  LadderPresenterView view;
  gint which;

  if (self->capture == NULL)
    return;
  if (self->analysis == NULL)
    {
      _ladder_window_show_error (self, _("The capture is still being analysed; try again in a moment."));
      return;
    }
  view = presenter_view (self, &which);
  presenter = ladder_presenter_new_for_view (self->capture, self->analysis, view, which, &error);
  if (presenter == NULL)
    {
      _ladder_window_show_error (self, error->message);
      return;
    }
  g_signal_connect_object (presenter, "notify::current-packet", G_CALLBACK (follow_presenter), self, 0);
  follow_presenter (presenter, NULL, self);
  ladder_presenter_show (presenter, GTK_WINDOW (self));
}

static void
open_sample (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LadderWindow *self = user_data;
  const char *name = g_variant_get_string (param, NULL);
  g_autofree char *dir = ladder_application_get_samples_dir ();
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;

  /* Only a plain file name from our own menu: never a path. */
  if (strchr (name, '/') != NULL || name[0] == '.')
    return;
  path = g_build_filename (dir, name, NULL);
  file = g_file_new_for_path (path);
  ladder_window_open_file (self, file);
}

static void
open_recent (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_autoptr (GFile) file = g_file_new_for_path (g_variant_get_string (param, NULL));

  ladder_window_open_file (LADDER_WINDOW (user_data), file);
}

static void
cancel_open (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  _ladder_window_cancel_load (LADDER_WINDOW (user_data));
}

static void
toggle_lab (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_autoptr (GVariant) state = g_action_get_state (G_ACTION (action));

  g_action_change_state (G_ACTION (action), g_variant_new_boolean (!g_variant_get_boolean (state)));
}

static void
show_lab (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  g_simple_action_set_state (action, value);
  gtk_widget_set_visible (GTK_WIDGET (LADDER_WINDOW (user_data)->lab_panel), g_variant_get_boolean (value));
}

static void
open_lab (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_action_group_change_action_state (G_ACTION_GROUP (user_data), "show-lab", g_variant_new_boolean (TRUE));
}

static void
focus_filter (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LadderWindow *self = user_data;

  if (self->capture == NULL)
    return;
  gtk_stack_set_visible_child_name (self->view_stack, "packets");
  gtk_widget_grab_focus (GTK_WIDGET (self->filter_bar));
}

static void
clear_conversation (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  _ladder_window_set_conversation (LADDER_WINDOW (user_data), -1);
}

static void
close_window (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
}

static void
zoom (LadderWindow *self, double delta)
{
  LadderApplication *app = get_app (self);
  double scale = delta == 0 ? 1.0 : ladder_application_get_font_scale (app) + delta;

  ladder_application_set_font_scale (app, scale);
}

/* view.*: class actions, so each window has them without a group of its own. */
static void
zoom_in (GtkWidget *widget, const char *action_name, GVariant *param)
{
  zoom (LADDER_WINDOW (widget), ZOOM_STEP);
}

static void
zoom_out (GtkWidget *widget, const char *action_name, GVariant *param)
{
  zoom (LADDER_WINDOW (widget), -ZOOM_STEP);
}

static void
zoom_reset (GtkWidget *widget, const char *action_name, GVariant *param)
{
  zoom (LADDER_WINDOW (widget), 0);
}

void
_ladder_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "view.zoom-in", NULL, zoom_in);
  gtk_widget_class_install_action (widget_class, "view.zoom-out", NULL, zoom_out);
  gtk_widget_class_install_action (widget_class, "view.zoom-reset", NULL, zoom_reset);
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, LadderWindow *self)
{
  GSList *files;
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr (GPtrArray) rest = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  ladder_window_open_file (self, files->data);
  for (GSList *l = files->next; l != NULL; l = l->next)
    g_ptr_array_add (rest, l->data);
  if (rest->len > 0)
    g_application_open (app, (GFile **) rest->pdata, (int) rest->len, "");
  return TRUE;
}

static void
init_drop_target (LadderWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

static void
on_recent_changed (GSettings *settings, const char *key, LadderWindow *self)
{
  _ladder_window_rebuild_menus (self);
}

void
_ladder_window_init_actions (LadderWindow *self)
{
  static const GActionEntry win_entries[] = {
    { "open-capture", open_capture },
    { "export-diagram", export_diagram },
    { "save-as", _ladder_window_save_as },
    { "save-to", _ladder_window_save_to, "s" },
    { "present-story", present_story },
    { "open-sample", open_sample, "s" },
    { "open-recent", open_recent, "s" },
    { "cancel-open", cancel_open },
    { "show-lab", toggle_lab, NULL, "false", show_lab },
    { "open-lab", open_lab },
    { "focus-filter", focus_filter },
    { "clear-conversation", clear_conversation },
    { "close", close_window },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries), self);
  init_drop_target (self);
  _ladder_window_update_actions (self);
}

void
_ladder_window_watch_settings (LadderWindow *self)
{
  g_signal_connect_object (self->settings, "changed::recent-files",
                           G_CALLBACK (on_recent_changed), self, 0);
}

static void
set_enabled (GActionMap *map, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (map, name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
_ladder_window_update_actions (LadderWindow *self)
{
  set_enabled (G_ACTION_MAP (self), "cancel-open",
               self->loading && !ladder_lab_panel_get_running (self->lab_panel));
  set_enabled (G_ACTION_MAP (self), "clear-conversation", _ladder_window_get_conversation (self) >= 0);
  set_enabled (G_ACTION_MAP (self), "focus-filter", self->capture != NULL);
  set_enabled (G_ACTION_MAP (self), "present-story", self->capture != NULL);
  /* A capture still being read or recorded would be saved cut short. */
  set_enabled (G_ACTION_MAP (self), "save-as", self->capture != NULL && !self->loading);
  set_enabled (G_ACTION_MAP (self), "save-to", self->capture != NULL && !self->loading);
}

/* "tcp-echo.pcap" → "tcp echo" */
static char *
sample_title (const char *file_name)
{
  char *title = g_strdup (file_name);
  char *dot = strrchr (title, '.');

  if (dot != NULL)
    *dot = '\0';
  g_strdelimit (title, "-_", ' ');
  return title;
}

static void
add_welcome_sample (LadderWindow *self, const char *name)
{
  g_autofree char *title = sample_title (name);
  GtkWidget *button = gtk_button_new_with_label (title);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-sample");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);
  gtk_widget_set_tooltip_text (button, name);
  gtk_flow_box_append (self->welcome_samples, button);
}

static void
rebuild_samples (LadderWindow *self)
{
  g_auto (GStrv) samples = ladder_application_list_samples ();
  GtkWidget *child;

  g_menu_remove_all (self->samples_submenu);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->welcome_samples))) != NULL)
    gtk_flow_box_remove (self->welcome_samples, child);
  for (guint i = 0; samples[i] != NULL; i++)
    {
      g_autofree char *title = sample_title (samples[i]);
      g_autoptr (GMenuItem) item = g_menu_item_new (title, NULL);

      g_menu_item_set_action_and_target (item, "win.open-sample", "s", samples[i]);
      g_menu_append_item (self->samples_submenu, item);
      add_welcome_sample (self, samples[i]);
    }
  gtk_widget_set_visible (self->welcome_samples_label, samples[0] != NULL);
}

static void
rebuild_recent (LadderWindow *self)
{
  g_auto (GStrv) recent = NULL;

  g_menu_remove_all (self->recent_submenu);
  if (self->settings == NULL)
    return;
  recent = g_settings_get_strv (self->settings, "recent-files");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (recent[i]);
      g_autoptr (GMenuItem) item = g_menu_item_new (base, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_submenu, item);
    }
}

void
_ladder_window_rebuild_menus (LadderWindow *self)
{
  rebuild_samples (self);
  rebuild_recent (self);
}
