/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-programs-panel.c: "Your programs" in the lab panel (see the header).
 *
 * The client rows are rebuilt from a list of commands whenever one is
 * added or removed: a few rows, and their indices (used by the actions)
 * stay those of the list.
 */
#include "ladder-programs-panel.h"

#include "ladder-lab-topology.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>

#define DEFAULT_TIMEOUT_S 30
#define MAX_TIMEOUT_S     3600
#define MAX_CLIENTS       LADDER_LAB_MAX_CLIENTS  /* each a host of its own */
#define GROUP             "programs"

struct _LadderProgramsPanel
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkWidget      *box;
  GtkEntry       *server_entry;
  GtkWidget      *clients_box;
  GtkSpinButton  *timeout_spin;
  GtkLabel       *error_label;
  GtkLabel       *cwd_label;

  GPtrArray      *client_entries;  /* GtkEntry, owned by their rows */
  char           *state_file;
  char           *error;
  GtkNativeDialog *chooser;
  int             choosing;        /* -1 server, else the client row */
  /* What get_programs handed out. */
  char           *programs_server;
  GStrv           programs_clients;
};

enum { PROP_0, PROP_SERVER, PROP_CLIENTS, PROP_TIMEOUT, PROP_N_CLIENTS, PROP_STATE_FILE,
       PROP_ERROR, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LadderProgramsPanel, ladder_programs_panel, GTK_TYPE_WIDGET)

char *
ladder_programs_command_for_file (const char *path)
{
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* Quoted only where a shell would need it: the command stays readable. */
  if (strspn (path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._+-")
      == strlen (path))
    quoted = g_strdup (path);
  else
    quoted = g_shell_quote (path);
  if (g_str_has_suffix (path, ".py"))
    return g_strdup_printf ("python3 -u %s", quoted);
  if (g_str_has_suffix (path, ".sh"))
    return g_strdup_printf ("sh %s", quoted);
  if (g_str_has_suffix (path, ".pl"))
    return g_strdup_printf ("perl %s", quoted);
  return g_steal_pointer (&quoted);
}

static GtkWidget *
row_button (const char *label, const char *icon, const char *action, int index)
{
  GtkWidget *button = icon != NULL ? gtk_button_new_from_icon_name (icon) : gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", index);
  if (icon != NULL)
    gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return button;
}

static void
on_entry_changed (LadderProgramsPanel *self, GtkEditable *entry)
{
  gboolean server = GTK_ENTRY (entry) == self->server_entry;

  /* Paths are long and the panel narrow: the whole command on hover. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), gtk_editable_get_text (entry));
  g_object_notify_by_pspec (G_OBJECT (self), properties[server ? PROP_SERVER : PROP_CLIENTS]);
}

/* "Client N" with its buttons on one line, the command below it at the
 * panel's full width (the server's row in the template is the same). */
static void
add_client_row (LadderProgramsPanel *self, const char *command)
{
  int index = self->client_entries->len;
  g_autofree char *title = g_strdup_printf (_("Client %d"), index + 1);
  g_autofree char *remove = g_strdup_printf (_("Remove client %d"), index + 1);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "programs-role");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "python3 -u client.py");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_entry_changed), self);
  gtk_editable_set_text (GTK_EDITABLE (entry), command != NULL ? command : "");
  gtk_box_append (GTK_BOX (top), label);
  gtk_box_append (GTK_BOX (top), row_button (_("Choose…"), NULL, "programs.choose", index));
  gtk_box_append (GTK_BOX (top), row_button (remove, "list-remove-symbolic", "programs.remove-client", index));
  gtk_box_append (GTK_BOX (row), top);
  gtk_box_append (GTK_BOX (row), entry);
  gtk_box_append (GTK_BOX (self->clients_box), row);
  g_ptr_array_add (self->client_entries, entry);
}

static void
update_actions (LadderProgramsPanel *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "programs.remove-client",
                                 self->client_entries->len > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "programs.add-client",
                                 self->client_entries->len < MAX_CLIENTS);
}

static void
rebuild_clients (LadderProgramsPanel *self, const char *const *commands)
{
  GtkWidget *child;
  guint n = commands != NULL ? MIN (g_strv_length ((char **) commands), MAX_CLIENTS) : 0;

  while ((child = gtk_widget_get_first_child (self->clients_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->clients_box), child);
  g_ptr_array_set_size (self->client_entries, 0);
  for (guint i = 0; i < n; i++)
    add_client_row (self, commands[i]);
  if (n == 0)
    add_client_row (self, NULL);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENTS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLIENTS]);
}

const char *
ladder_programs_panel_get_server (LadderProgramsPanel *self)
{
  g_return_val_if_fail (LADDER_IS_PROGRAMS_PANEL (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->server_entry));
}

void
ladder_programs_panel_set_server (LadderProgramsPanel *self, const char *command)
{
  g_return_if_fail (LADDER_IS_PROGRAMS_PANEL (self));

  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), command != NULL ? command : "");
}

GStrv
ladder_programs_panel_get_clients (LadderProgramsPanel *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (LADDER_IS_PROGRAMS_PANEL (self), NULL);

  for (guint i = 0; i < self->client_entries->len; i++)
    g_strv_builder_add (builder, gtk_editable_get_text (self->client_entries->pdata[i]));
  return g_strv_builder_end (builder);
}

void
ladder_programs_panel_set_clients (LadderProgramsPanel *self, const char *const *commands)
{
  g_return_if_fail (LADDER_IS_PROGRAMS_PANEL (self));

  rebuild_clients (self, commands);
}

guint
ladder_programs_panel_get_timeout (LadderProgramsPanel *self)
{
  g_return_val_if_fail (LADDER_IS_PROGRAMS_PANEL (self), 0);

  return (guint) gtk_spin_button_get_value_as_int (self->timeout_spin);
}

void
ladder_programs_panel_set_timeout (LadderProgramsPanel *self, guint timeout_s)
{
  g_return_if_fail (LADDER_IS_PROGRAMS_PANEL (self));

  gtk_spin_button_set_value (self->timeout_spin, CLAMP (timeout_s, 1, MAX_TIMEOUT_S));
}

guint
ladder_programs_panel_get_n_clients (LadderProgramsPanel *self)
{
  g_return_val_if_fail (LADDER_IS_PROGRAMS_PANEL (self), 0);

  return self->client_entries->len;
}

void
ladder_programs_panel_get_programs (LadderProgramsPanel *self, LadderLabPrograms *programs)
{
  g_auto(GStrv) all = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_if_fail (LADDER_IS_PROGRAMS_PANEL (self) && programs != NULL);

  all = ladder_programs_panel_get_clients (self);
  for (guint i = 0; all[i] != NULL; i++)
    if (*g_strstrip (all[i]) != '\0')
      g_strv_builder_add (builder, all[i]);
  g_free (self->programs_server);
  self->programs_server = g_strstrip (g_strdup (ladder_programs_panel_get_server (self)));
  g_strfreev (self->programs_clients);
  self->programs_clients = g_strv_builder_end (builder);
  programs->server = self->programs_server;
  programs->clients = (const char *const *) self->programs_clients;
  programs->timeout_s = ladder_programs_panel_get_timeout (self);
  ladder_programs_panel_save (self, NULL);
}

void
ladder_programs_panel_set_error (LadderProgramsPanel *self, const char *error)
{
  g_return_if_fail (LADDER_IS_PROGRAMS_PANEL (self));

  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  gtk_label_set_text (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

const char *
ladder_programs_panel_get_error (LadderProgramsPanel *self)
{
  g_return_val_if_fail (LADDER_IS_PROGRAMS_PANEL (self), NULL);

  return self->error;
}

/* ---- remembered between runs ---- */

static char *
default_state_file (void)
{
  return g_build_filename (g_get_user_config_dir (), "wireladder", "programs.ini", NULL);
}

gboolean
ladder_programs_panel_save (LadderProgramsPanel *self, GError **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_auto(GStrv) clients = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (LADDER_IS_PROGRAMS_PANEL (self), FALSE);

  if (self->state_file == NULL || *self->state_file == '\0')
    return TRUE;
  clients = ladder_programs_panel_get_clients (self);
  g_key_file_set_string (keys, GROUP, "server", ladder_programs_panel_get_server (self));
  g_key_file_set_string_list (keys, GROUP, "clients", (const char *const *) clients,
                              g_strv_length (clients));
  g_key_file_set_integer (keys, GROUP, "timeout", (int) ladder_programs_panel_get_timeout (self));
  dir = g_path_get_dirname (self->state_file);
  if (g_mkdir_with_parents (dir, 0700) < 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                        "Cannot create %s: %s", dir, g_strerror (errno)), FALSE;
  return g_key_file_save_to_file (keys, self->state_file, error);
}

/* A missing or unreadable file leaves the defaults: nothing to remember. */
static void
load_state (LadderProgramsPanel *self)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *server = NULL;
  g_auto(GStrv) clients = NULL;
  int timeout;

  if (self->state_file == NULL || *self->state_file == '\0'
      || !g_key_file_load_from_file (keys, self->state_file, G_KEY_FILE_NONE, NULL))
    return;
  server = g_key_file_get_string (keys, GROUP, "server", NULL);
  clients = g_key_file_get_string_list (keys, GROUP, "clients", NULL, NULL);
  timeout = g_key_file_get_integer (keys, GROUP, "timeout", NULL);
  ladder_programs_panel_set_server (self, server);
  rebuild_clients (self, (const char *const *) clients);
  if (timeout > 0)
    ladder_programs_panel_set_timeout (self, timeout);
}

/* ---- actions ---- */

static void
add_client_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LadderProgramsPanel *self = LADDER_PROGRAMS_PANEL (widget);
  g_auto(GStrv) clients = ladder_programs_panel_get_clients (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_addv (builder, (const char **) clients);
  g_strv_builder_add (builder, "");
  g_strfreev (clients);
  clients = g_strv_builder_end (builder);
  rebuild_clients (self, (const char *const *) clients);
  gtk_widget_grab_focus (g_ptr_array_index (self->client_entries, self->client_entries->len - 1));
}

static void
remove_client_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LadderProgramsPanel *self = LADDER_PROGRAMS_PANEL (widget);
  g_auto(GStrv) clients = ladder_programs_panel_get_clients (self);
  int index = g_variant_get_int32 (param);
  guint n = g_strv_length (clients);

  if (index < 0 || (guint) index >= n || n <= 1)
    return;
  g_free (clients[index]);
  memmove (&clients[index], &clients[index + 1], (n - index) * sizeof (char *));
  rebuild_clients (self, (const char *const *) clients);
}

static void
on_chosen (GtkNativeDialog *dialog, int response, LadderProgramsPanel *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (response == GTK_RESPONSE_ACCEPT && path != NULL)
    {
      g_autofree char *command = ladder_programs_command_for_file (path);
      GtkEntry *entry = self->choosing < 0 ? self->server_entry
                      : (guint) self->choosing < self->client_entries->len
                      ? self->client_entries->pdata[self->choosing] : NULL;

      if (entry != NULL)
        gtk_editable_set_text (GTK_EDITABLE (entry), command);
    }
  g_clear_object (&self->chooser);
}

static void
choose_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LadderProgramsPanel *self = LADDER_PROGRAMS_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;
  self->choosing = g_variant_get_int32 (param);
  chooser = gtk_file_chooser_native_new (self->choosing < 0 ? _("Choose the server program")
                                                            : _("Choose the client program"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chosen), self);
  gtk_native_dialog_show (self->chooser);
}

/* ---- GObject ---- */

GtkWidget *
ladder_programs_panel_new (const char *state_file)
{
  return g_object_new (LADDER_TYPE_PROGRAMS_PANEL, "state-file", state_file, NULL);
}

static void
ladder_programs_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderProgramsPanel *self = LADDER_PROGRAMS_PANEL (object);

  switch (prop_id)
    {
    case PROP_SERVER: g_value_set_string (value, ladder_programs_panel_get_server (self)); break;
    case PROP_CLIENTS: g_value_take_boxed (value, ladder_programs_panel_get_clients (self)); break;
    case PROP_TIMEOUT: g_value_set_uint (value, ladder_programs_panel_get_timeout (self)); break;
    case PROP_N_CLIENTS: g_value_set_uint (value, self->client_entries->len); break;
    case PROP_STATE_FILE: g_value_set_string (value, self->state_file); break;
    case PROP_ERROR: g_value_set_string (value, self->error); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_programs_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderProgramsPanel *self = LADDER_PROGRAMS_PANEL (object);

  switch (prop_id)
    {
    case PROP_SERVER: ladder_programs_panel_set_server (self, g_value_get_string (value)); break;
    case PROP_CLIENTS: rebuild_clients (self, g_value_get_boxed (value)); break;
    case PROP_TIMEOUT: ladder_programs_panel_set_timeout (self, g_value_get_uint (value)); break;
    case PROP_STATE_FILE:
      self->state_file = g_value_get_string (value) != NULL ? g_value_dup_string (value)
                                                            : default_state_file ();
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_programs_panel_constructed (GObject *object)
{
  LadderProgramsPanel *self = LADDER_PROGRAMS_PANEL (object);

  G_OBJECT_CLASS (ladder_programs_panel_parent_class)->constructed (object);
  load_state (self);
}

static void
ladder_programs_panel_dispose (GObject *object)
{
  LadderProgramsPanel *self = LADDER_PROGRAMS_PANEL (object);

  /* What was typed is remembered even when it never ran. */
  if (self->client_entries != NULL && self->server_entry != NULL)
    ladder_programs_panel_save (self, NULL);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_PROGRAMS_PANEL);
  self->server_entry = NULL;
  g_clear_pointer (&self->client_entries, g_ptr_array_unref);
  G_OBJECT_CLASS (ladder_programs_panel_parent_class)->dispose (object);
}

static void
ladder_programs_panel_finalize (GObject *object)
{
  LadderProgramsPanel *self = LADDER_PROGRAMS_PANEL (object);

  g_free (self->state_file);
  g_free (self->error);
  g_free (self->programs_server);
  g_strfreev (self->programs_clients);
  G_OBJECT_CLASS (ladder_programs_panel_parent_class)->finalize (object);
}

static void
install_properties (GObjectClass *object_class)
{
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, "", rw);
  properties[PROP_CLIENTS] = g_param_spec_boxed ("clients", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 1, MAX_TIMEOUT_S,
                                                DEFAULT_TIMEOUT_S, rw);
  properties[PROP_N_CLIENTS] = g_param_spec_uint ("n-clients", NULL, NULL, 0, G_MAXUINT, 1,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_FILE] = g_param_spec_string ("state-file", NULL, NULL, NULL,
                                                     G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                                     | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ladder_programs_panel_class_init (LadderProgramsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ladder_programs_panel_constructed;
  object_class->dispose = ladder_programs_panel_dispose;
  object_class->finalize = ladder_programs_panel_finalize;
  object_class->get_property = ladder_programs_panel_get_property;
  object_class->set_property = ladder_programs_panel_set_property;
  install_properties (object_class);
  gtk_widget_class_install_action (widget_class, "programs.add-client", NULL, add_client_action);
  gtk_widget_class_install_action (widget_class, "programs.remove-client", "i", remove_client_action);
  gtk_widget_class_install_action (widget_class, "programs.choose", "i", choose_action);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-programs-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderProgramsPanel, box);
  gtk_widget_class_bind_template_child (widget_class, LadderProgramsPanel, server_entry);
  gtk_widget_class_bind_template_child (widget_class, LadderProgramsPanel, clients_box);
  gtk_widget_class_bind_template_child (widget_class, LadderProgramsPanel, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, LadderProgramsPanel, error_label);
  gtk_widget_class_bind_template_child (widget_class, LadderProgramsPanel, cwd_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "programspanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* Relative paths in a command are the window's working directory's (the
 * lab helper runs there): say which, a launcher's is rarely obvious. */
static void
show_cwd (LadderProgramsPanel *self)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *text = g_strdup_printf (_("Runs in %s, as you"), cwd);

  gtk_label_set_text (self->cwd_label, text);
}

static void
on_timeout_changed (LadderProgramsPanel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

static void
ladder_programs_panel_init (LadderProgramsPanel *self)
{
  self->client_entries = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->timeout_spin, "value-changed", G_CALLBACK (on_timeout_changed), self);
  show_cwd (self);
  rebuild_clients (self, NULL);
}
