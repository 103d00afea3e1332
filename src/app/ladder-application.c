/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-application.c */
#include "ladder-application.h"

#include <glib/gi18n-lib.h>

#include <unistd.h>

#include "ladder-loader.h"
#include "ladder-resources.h"
#include "ladder-window.h"
#include "ladder-lab-client.h"

#define MAX_RECENT 10
#define ZOOM_MIN   0.5
#define ZOOM_MAX   3.0

struct _LadderApplication
{
  GtkApplication  parent_instance;
  GSettings      *settings;
  GtkCssProvider *style_provider;   /* ui/style.css */
  GtkCssProvider *scale_provider;   /* generated from font-scale */
  double          font_scale;
  GDBusProxy     *portal;           /* org.freedesktop.portal.Settings, when there is one */
  gboolean        system_prefers_dark;
  char           *start_lab;        /* --lab SCENARIO, for the first window */
  gboolean        present;          /* --present: lecture mode once loaded */
};

enum { PROP_0, PROP_FONT_SCALE, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LadderApplication, ladder_application, GTK_TYPE_APPLICATION)

static double
base_font_points (void)
{
  g_autofree char *font_name = NULL;
  g_autoptr (PangoFontDescription) desc = NULL;
  int size;

  g_object_get (gtk_settings_get_default (), "gtk-font-name", &font_name, NULL);
  if (font_name == NULL)
    return 11.0;
  desc = pango_font_description_from_string (font_name);
  size = pango_font_description_get_size (desc);
  if (size <= 0 || pango_font_description_get_size_is_absolute (desc))
    return 11.0;
  return (double) size / PANGO_SCALE;
}

/* Adwaita gives headings absolute sizes; scale those too. */
static void
apply_font_scale (LadderApplication *self)
{
  double base = base_font_points () * self->font_scale;
  g_autofree char *css = NULL;
  char b[G_ASCII_DTOSTR_BUF_SIZE], t1[G_ASCII_DTOSTR_BUF_SIZE], t2[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (b, sizeof b, "%.1f", base);
  g_ascii_formatd (t1, sizeof t1, "%.1f", 20.0 * self->font_scale);
  g_ascii_formatd (t2, sizeof t2, "%.1f", 15.0 * self->font_scale);
  css = g_strdup_printf ("window { font-size: %spt; }\n"
                         ".title-1 { font-size: %spt; }\n"
                         ".title-2 { font-size: %spt; }\n", b, t1, t2);
  gtk_css_provider_load_from_data (self->scale_provider, css, -1);
}

double
ladder_application_get_font_scale (LadderApplication *self)
{
  g_return_val_if_fail (LADDER_IS_APPLICATION (self), 1.0);
  return self->font_scale;
}

void
ladder_application_set_font_scale (LadderApplication *self, double scale)
{
  g_return_if_fail (LADDER_IS_APPLICATION (self));

  scale = CLAMP (scale, ZOOM_MIN, ZOOM_MAX);
  if (self->settings != NULL && g_settings_get_double (self->settings, "font-scale") != scale)
    g_settings_set_double (self->settings, "font-scale", scale);
  if (self->font_scale == scale)
    return;
  self->font_scale = scale;
  if (self->scale_provider != NULL)
    apply_font_scale (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

GSettings *
ladder_application_get_settings (LadderApplication *self)
{
  g_return_val_if_fail (LADDER_IS_APPLICATION (self), NULL);
  return self->settings;
}

static void
apply_theme (LadderApplication *self)
{
  g_autofree char *theme = g_settings_get_string (self->settings, "theme");
  gboolean dark;

  if (g_strcmp0 (theme, "dark") == 0)
    dark = TRUE;
  else if (g_strcmp0 (theme, "light") == 0)
    dark = FALSE;
  else
    dark = self->system_prefers_dark;
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
}

/* The portal's color-scheme: 0 no preference, 1 prefer dark, 2 prefer light. */
static void
set_color_scheme (LadderApplication *self, GVariant *value)
{
  g_autoptr (GVariant) inner = NULL;

  while (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *next = g_variant_get_variant (value);

      g_clear_pointer (&inner, g_variant_unref);
      inner = next;
      value = next;
    }
  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    return;
  self->system_prefers_dark = g_variant_get_uint32 (value) == 1;
  apply_theme (self);
}

static void
on_portal_signal (GDBusProxy *proxy, const char *sender, const char *signal,
                  GVariant *params, LadderApplication *self)
{
  const char *ns, *key;
  g_autoptr (GVariant) value = NULL;

  if (g_strcmp0 (signal, "SettingChanged") != 0)
    return;
  g_variant_get (params, "(&s&sv)", &ns, &key, &value);
  if (g_strcmp0 (ns, "org.freedesktop.appearance") == 0 && g_strcmp0 (key, "color-scheme") == 0)
    set_color_scheme (self, value);
}

static void
on_portal_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (LadderApplication) self = user_data;
  g_autoptr (GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, NULL);
  g_autoptr (GVariant) value = NULL;

  if (reply == NULL)
    return;   /* no portal, or no such setting: stay light */
  g_variant_get (reply, "(v)", &value);
  set_color_scheme (self, value);
}

static void
on_portal_proxy (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (LadderApplication) self = user_data;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish (result, NULL);

  if (proxy == NULL)
    return;
  self->portal = proxy;
  g_signal_connect (proxy, "g-signal", G_CALLBACK (on_portal_signal), self);
  g_dbus_proxy_call (proxy, "Read",
                     g_variant_new ("(ss)", "org.freedesktop.appearance", "color-scheme"),
                     G_DBUS_CALL_FLAGS_NONE, 2000, NULL, on_portal_read, g_object_ref (self));
}

/* Only with a session bus already there: autolaunching one would stall
 * start-up in CI and containers. */
static void
watch_system_color_scheme (LadderApplication *self)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return;
  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION,
                            G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES
                            | G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START_AT_CONSTRUCTION,
                            NULL, "org.freedesktop.portal.Desktop",
                            "/org/freedesktop/portal/desktop",
                            "org.freedesktop.portal.Settings",
                            NULL, on_portal_proxy, g_object_ref (self));
}

static void
on_settings_changed (GSettings *settings, const char *key, LadderApplication *self)
{
  if (g_strcmp0 (key, "theme") == 0)
    apply_theme (self);
  else if (g_strcmp0 (key, "font-scale") == 0)
    ladder_application_set_font_scale (self, g_settings_get_double (settings, key));
}

static void
on_about (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = user_data;
  const char *authors[] = { _("The Wireladder authors"), NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", "Wireladder",
                         "logo-icon-name", LADDER_APP_ID,
                         "version", WIRELADDER_VERSION,
                         "comments", _("See networking at the packet level"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         NULL);
}

static void
on_quit (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Closing each window lets it save its size and stop its worker, and
   * ask about notes not saved (a window that asks stays open). */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
}

static void
setup_actions (LadderApplication *self)
{
  static const GActionEntry entries[] = {
    { "about", on_about },
    { "quit", on_quit },
  };
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.open-capture", { "<Control>o", NULL } },
    { "win.export-diagram", { "<Control>e", NULL } },
    { "win.present-story", { "F5", NULL } },
    { "win.focus-filter", { "<Control>f", NULL } },
    { "win.show-lab", { "F9", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "view.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "view.zoom-out", { "<Control>minus", NULL } },
    { "view.zoom-reset", { "<Control>0", NULL } },
  };
  g_autoptr (GAction) theme = g_settings_create_action (self->settings, "theme");

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  g_action_map_add_action (G_ACTION_MAP (self), theme);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}

static void
setup_style (LadderApplication *self)
{
  GdkDisplay *display = gdk_display_get_default ();

  self->style_provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (self->style_provider, "/io/github/wireladder/Wireladder/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (self->style_provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  self->scale_provider = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (self->scale_provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  apply_font_scale (self);
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-font-name",
                           G_CALLBACK (apply_font_scale), self, G_CONNECT_SWAPPED);
}

static void
ladder_application_startup (GApplication *app)
{
  LadderApplication *self = LADDER_APPLICATION (app);

  G_APPLICATION_CLASS (ladder_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (LADDER_APP_ID);
  self->settings = g_settings_new (LADDER_APP_ID);
  self->font_scale = CLAMP (g_settings_get_double (self->settings, "font-scale"), ZOOM_MIN, ZOOM_MAX);
  g_signal_connect (self->settings, "changed", G_CALLBACK (on_settings_changed), self);
  setup_actions (self);
  setup_style (self);
  apply_theme (self);
  watch_system_color_scheme (self);
}

static void
ladder_application_shutdown (GApplication *app)
{
  ladder_loader_flush_releases ();
  G_APPLICATION_CLASS (ladder_application_parent_class)->shutdown (app);
}

/* --present: lecture mode once the window's capture (a file, or the lab's
 * run) is loaded and analysed whole, on the page the window shows then. */
static void
on_window_ready (LadderWindow *window, GParamSpec *pspec, gpointer user_data)
{
  LadderCapture *capture = ladder_window_get_capture (window);
  LadderAnalysis *analysis = ladder_window_get_analysis (window);

  if (ladder_window_is_loading (window) || capture == NULL || analysis == NULL
      || ladder_analysis_get_n_frames (analysis) < ladder_capture_get_n_frames (capture))
    return;
  g_signal_handlers_disconnect_by_func (window, on_window_ready, user_data);
  g_action_group_activate_action (G_ACTION_GROUP (window), "present-story", NULL);
}

static void
present_when_ready (LadderApplication *self, LadderWindow *window)
{
  if (!self->present)
    return;
  self->present = FALSE;   /* the first window only */
  g_signal_connect (window, "notify::analysis", G_CALLBACK (on_window_ready), NULL);
  g_signal_connect (window, "notify::loading", G_CALLBACK (on_window_ready), NULL);
}

static void
ladder_application_activate (GApplication *app)
{
  LadderApplication *self = LADDER_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *scenario = g_steal_pointer (&self->start_lab);
  g_autoptr (GError) error = NULL;

  if (window == NULL)
    window = GTK_WINDOW (ladder_window_new (self));
  if (scenario != NULL)
    ladder_window_fill_screen (LADDER_WINDOW (window));
  gtk_window_present (window);
  if (scenario != NULL)
    present_when_ready (self, LADDER_WINDOW (window));
  else if (self->present)
    g_printerr ("wireladder: --present needs a capture file or --lab SCENARIO\n");
  if (scenario != NULL && !ladder_window_start_lab (LADDER_WINDOW (window), scenario, &error))
    g_printerr ("wireladder: %s\n", error->message);
}

/* `wireladder --lab tcp-echo`: the window opens on a running demo. */
static int
ladder_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  LadderApplication *self = LADDER_APPLICATION (app);
  const char *scenario = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("wireladder %s\n", WIRELADDER_VERSION);
      return 0;
    }
  self->present = g_variant_dict_contains (options, "present");
  if (!g_variant_dict_lookup (options, "lab", "&s", &scenario))
    return -1;
  if (ladder_lab_find_scenario (scenario) == NULL)
    {
      guint n = 0;
      const LadderLabScenario *all = ladder_lab_get_scenarios (&n);

      g_printerr ("wireladder: no lab scenario is called '%s'; the scenarios are:\n", scenario);
      for (guint i = 0; i < n; i++)
        g_printerr ("  %s\n", all[i].name);
      return 2;
    }
  g_free (self->start_lab);
  self->start_lab = g_strdup (scenario);
  return -1;
}

static LadderWindow *
find_empty_window (GtkApplication *app)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (LADDER_IS_WINDOW (l->data) && !ladder_window_has_capture (l->data))
      return l->data;
  return NULL;
}

/* The first file goes to an empty window; the others each get one. */
static void
ladder_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      LadderWindow *window = find_empty_window (GTK_APPLICATION (app));

      if (window == NULL)
        window = ladder_window_new (LADDER_APPLICATION (app));
      present_when_ready (LADDER_APPLICATION (app), window);
      ladder_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
ladder_application_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderApplication *self = LADDER_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_FONT_SCALE:
      g_value_set_double (value, self->font_scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_application_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_FONT_SCALE:
      ladder_application_set_font_scale (LADDER_APPLICATION (object), g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_application_dispose (GObject *object)
{
  LadderApplication *self = LADDER_APPLICATION (object);

  g_clear_object (&self->portal);
  g_clear_object (&self->settings);
  g_clear_object (&self->style_provider);
  g_clear_object (&self->scale_provider);
  g_clear_pointer (&self->start_lab, g_free);
  G_OBJECT_CLASS (ladder_application_parent_class)->dispose (object);
}

static void
ladder_application_class_init (LadderApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  /* Registered by hand: nothing else would pull the resource object out of
   * the static library. */
  ladder_register_resource ();

  object_class->dispose = ladder_application_dispose;
  object_class->get_property = ladder_application_get_property;
  object_class->set_property = ladder_application_set_property;
  app_class->startup = ladder_application_startup;
  app_class->activate = ladder_application_activate;
  app_class->handle_local_options = ladder_application_handle_local_options;
  app_class->shutdown = ladder_application_shutdown;
  app_class->open = ladder_application_open;

  properties[PROP_FONT_SCALE] =
    g_param_spec_double ("font-scale", NULL, NULL, ZOOM_MIN, ZOOM_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ladder_application_init (LadderApplication *self)
{
  static const GOptionEntry entries[] = {
    { "lab", 'l', 0, G_OPTION_ARG_STRING, NULL,
      N_("Start a lab scenario (tcp-echo, traceroute, ...) in the window"), N_("SCENARIO") },
    { "present", 'p', 0, G_OPTION_ARG_NONE, NULL,
      N_("Lecture mode: tell the capture (FILE, or the --lab run) step by step, full screen"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->font_scale = 1.0;
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

static gboolean running_uninstalled (void);

LadderApplication *
ladder_application_new (void)
{
  /* Run from the build tree, the settings schema is the one compiled
   * next to it, so `build/src/app/wireladder` works without installing. */
  if (running_uninstalled () && g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", LADDER_BUILD_ROOT "/data", TRUE);
  return g_object_new (LADDER_TYPE_APPLICATION,
                       "application-id", LADDER_APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/wireladder/Wireladder",
                       NULL);
}

/* An uninstalled run (the binary inside the build tree) uses the source
 * tree's samples, so a stale installed copy is never shown instead. */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL && g_str_has_prefix (exe, LADDER_BUILD_ROOT "/");
}

char *
ladder_application_get_samples_dir (void)
{
  const char *env = g_getenv ("WIRELADDER_DATADIR");

  if (env != NULL && *env != '\0')
    return g_build_filename (env, "captures", NULL);
  if (running_uninstalled () || !g_file_test (LADDER_DATADIR "/captures", G_FILE_TEST_IS_DIR))
    return g_build_filename (LADDER_SOURCE_DATADIR, "captures", NULL);
  return g_build_filename (LADDER_DATADIR, "captures", NULL);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GStrv
ladder_application_list_samples (void)
{
  g_autofree char *dir_path = ladder_application_get_samples_dir ();
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".pcap") || g_str_has_suffix (name, ".pcapng"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

void
ladder_application_add_recent (LadderApplication *self, const char *path)
{
  g_auto (GStrv) old = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) recent = NULL;
  guint n = 1;

  g_return_if_fail (LADDER_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  old = g_settings_get_strv (self->settings, "recent-files");
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (g_strcmp0 (old[i], path) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) recent);
}
