/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-here-panel.c: "This machine" (see the header).
 *
 * run-here is started in a process group of its own, so Stop reaches it,
 * COMMAND's tracer (which passes it on) or COMMAND itself, and nothing of
 * the window.  Its standard error is read line by line: its own lines
 * ("run-here: ", "wireladder-cli run-here: ") are told apart from
 * COMMAND's.  Its standard output is handed on only once it has said
 * "run-here: capture ready": a command that does not exist, or a capture
 * helper without CAP_NET_RAW, never gets there (the helper may have
 * written a section header), and the window keeps the capture it shows.
 *
 * run-here is asked to keep COMMAND's lines (--keep-lines): its standard
 * input is one end of a socket pair, so a line typed in the panel's input
 * field reaches COMMAND, is shown as typed (as a lab program's pane shows
 * it, ladder-terminal-view.c) and is kept in the capture with COMMAND's
 * output.  A socket, not a pipe: writing to it after run-here has gone
 * fails (MSG_NOSIGNAL) instead of killing the window with SIGPIPE.
 *
 * The command and interface of the last run are kept in the lab's
 * settings (LADDER_LAB_SETTINGS_SCHEMA, here-command and here-interface)
 * and filled in when the panel is made.
 */
#define _GNU_SOURCE
#include "ladder-here-panel.h"

#include <glib/gi18n-lib.h>
#include <gio/gunixinputstream.h>

#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ladder-lab-panel.h"
#include "ladder-lab-private.h"

/* Stop: SIGINT first, as Ctrl-C; a command that ignores it gets SIGTERM,
 * then SIGKILL, after these many milliseconds each. */
#define STOP_ESCALATE_MS 3000
/* Lines kept in the output area: a flooding command must not eat the memory. */
#define MAX_OUTPUT_LINES 5000

#define OWN_PREFIX   "run-here: "
#define READY_PREFIX OWN_PREFIX "capture ready"
#define ERROR_PREFIX "wireladder-cli run-here: "

struct _LadderHerePanel
{
  GtkWidget        parent_instance;

  /* Template children */
  GtkWidget       *scroller;
  GtkEntry        *command_entry;
  GtkDropDown     *interface_drop;
  GtkLabel        *message_label;
  GtkLabel        *status_label;
  GtkTextView     *output_view;
  GtkEntry        *input_entry;

  /* Owned */
  GSettings       *settings;       /* the last run's command, or NULL */
  char           **interfaces;     /* the drop-down's names after "every interface" */
  char            *state;
  char            *message;
  char            *summary;
  char            *program;        /* COMMAND's first word, for messages */
  GString         *errors;         /* run-here's own error lines of this run */
  GCancellable    *cancellable;
  GDataInputStream *err_stream;
  GPid             pid;            /* run-here, leader of its process group */
  int              out_fd;         /* until handed on ("stream") or closed */
  int              in_fd;          /* COMMAND's standard input (via run-here), or -1 */
  guint            child_watch;
  guint            stop_timer;
  guint            stop_step;      /* signals sent by Stop so far */
  int              wait_status;
  guint            n_lines;
  gboolean         running;
  gboolean         streamed;
  gboolean         child_done, err_done;
};

enum
{
  PROP_0,
  PROP_COMMAND,
  PROP_INTERFACE,
  PROP_INTERFACES,
  PROP_RUNNING,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_SUMMARY,
  PROP_OUTPUT,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_STREAM, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LadderHerePanel, ladder_here_panel, GTK_TYPE_WIDGET)

static void
notify (LadderHerePanel *self, guint prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* ---- interfaces ---- */

static gboolean
interface_up (int sock, const char *name)
{
  struct ifreq req = { 0 };

  g_strlcpy (req.ifr_name, name, sizeof req.ifr_name);
  return ioctl (sock, SIOCGIFFLAGS, &req) == 0 && (req.ifr_flags & IFF_UP) != 0;
}

GStrv
ladder_here_interfaces_up (void)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  struct if_nameindex *all = if_nameindex ();
  int sock = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

  for (guint i = 0; all != NULL && all[i].if_index != 0; i++)
    if (sock < 0 || interface_up (sock, all[i].if_name))
      g_strv_builder_add (names, all[i].if_name);
  if (all != NULL)
    if_freenameindex (all);
  if (sock >= 0)
    close (sock);
  return g_strv_builder_end (names);
}

static void
fill_interfaces (LadderHerePanel *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  self->interfaces = ladder_here_interfaces_up ();
  gtk_string_list_append (list, _("Every interface that is up"));
  for (guint i = 0; self->interfaces[i] != NULL; i++)
    gtk_string_list_append (list, self->interfaces[i]);
  gtk_drop_down_set_model (self->interface_drop, G_LIST_MODEL (list));
}

const char *
ladder_here_panel_get_interface (LadderHerePanel *self)
{
  guint i;

  g_return_val_if_fail (LADDER_IS_HERE_PANEL (self), NULL);
  i = gtk_drop_down_get_selected (self->interface_drop);
  if (i == 0 || i == GTK_INVALID_LIST_POSITION || i > g_strv_length (self->interfaces))
    return NULL;
  return self->interfaces[i - 1];
}

/* A name that is not up now is added to the choices: run-here says what is
 * wrong with it. */
void
ladder_here_panel_set_interface (LadderHerePanel *self, const char *name)
{
  GtkStringList *list;
  guint n;

  g_return_if_fail (LADDER_IS_HERE_PANEL (self));
  if (name == NULL || *name == '\0')
    {
      gtk_drop_down_set_selected (self->interface_drop, 0);
      return;
    }
  n = g_strv_length (self->interfaces);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (self->interfaces[i], name))
      {
        gtk_drop_down_set_selected (self->interface_drop, i + 1);
        return;
      }
  list = GTK_STRING_LIST (gtk_drop_down_get_model (self->interface_drop));
  self->interfaces = g_realloc_n (self->interfaces, n + 2, sizeof (char *));
  self->interfaces[n] = g_strdup (name);
  self->interfaces[n + 1] = NULL;
  gtk_string_list_append (list, name);
  gtk_drop_down_set_selected (self->interface_drop, n + 1);
}

/* ---- state ---- */

static void
set_string (LadderHerePanel *self, char **field, const char *value, guint prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  notify (self, prop);
}

static void
set_state (LadderHerePanel *self, const char *state)
{
  gtk_label_set_text (self->status_label, state != NULL ? state : "");
  set_string (self, &self->state, state, PROP_STATE);
}

static void
set_message (LadderHerePanel *self, const char *message)
{
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  set_string (self, &self->message, message, PROP_MESSAGE);
}

/* The input field and its actions: while COMMAND runs with its input open. */
static void
update_input (LadderHerePanel *self)
{
  gboolean open = self->running && self->in_fd >= 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "here.send", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "here.close-input", open);
  gtk_widget_set_sensitive (GTK_WIDGET (self->input_entry), open);
}

static void
set_running (LadderHerePanel *self, gboolean running)
{
  self->running = running;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "here.run", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "here.stop", running);
  gtk_editable_set_editable (GTK_EDITABLE (self->command_entry), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->interface_drop), !running);
  update_input (self);
  notify (self, PROP_RUNNING);
}

/* ---- the output area ---- */

static void
append_line (LadderHerePanel *self, const char *line, const char *tag)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->output_view);
  GtkTextIter end;
  g_autofree char *text = g_strdup_printf ("%s\n", line);

  if (self->n_lines > MAX_OUTPUT_LINES)
    return;
  if (self->n_lines++ == MAX_OUTPUT_LINES)
    {
      tag = "note";
      g_free (text);
      text = g_strdup_printf (_("(only the first %d lines are shown)\n"), MAX_OUTPUT_LINES);
    }
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &end, text, -1, tag, NULL);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_view_scroll_to_iter (self->output_view, &end, 0.0, FALSE, 0.0, 1.0);
  notify (self, PROP_OUTPUT);
}

static void
clear_output (LadderHerePanel *self)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->output_view), "", 0);
  self->n_lines = 0;
  notify (self, PROP_OUTPUT);
}

char *
ladder_here_panel_dup_output (LadderHerePanel *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (LADDER_IS_HERE_PANEL (self), NULL);
  buffer = gtk_text_view_get_buffer (self->output_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The capture is under way: the window reads it from here on. */
static void
hand_on_stream (LadderHerePanel *self)
{
  g_autofree char *name = g_strdup_printf (_("This machine: %s"), self->program);
  int fd = self->out_fd;

  if (fd < 0)
    return;
  self->out_fd = -1;
  self->streamed = TRUE;
  g_signal_emit (self, signals[SIGNAL_STREAM], 0, fd, name);
}

/* One line of run-here's standard error: its own (in the note style; an
 * error is kept for the message), or COMMAND's. */
static void
on_line (LadderHerePanel *self, const char *line)
{
  if (g_str_has_prefix (line, ERROR_PREFIX) || g_str_has_prefix (line, "wireladder-cli: "))
    {
      const char *text = strchr (line, ':') + 2;

      if (g_str_has_prefix (line, ERROR_PREFIX))
        text = line + strlen (ERROR_PREFIX);
      g_string_append_printf (self->errors, "%s%s", self->errors->len > 0 ? "\n" : "", text);
      append_line (self, line, "note");
    }
  else if (g_str_has_prefix (line, READY_PREFIX))
    {
      append_line (self, line, "note");
      hand_on_stream (self);
    }
  else if (g_str_has_prefix (line, OWN_PREFIX "captured "))
    {
      set_string (self, &self->summary, line + strlen (OWN_PREFIX), PROP_SUMMARY);
      append_line (self, line, "note");
    }
  else if (g_str_has_prefix (line, OWN_PREFIX) || g_str_has_prefix (line, "wireladder-capture: "))
    append_line (self, line, "note");
  else
    append_line (self, line, NULL);
}

/* ---- the end of a run ---- */

static void
clear_run (LadderHerePanel *self)
{
  g_clear_handle_id (&self->child_watch, g_source_remove);
  g_clear_handle_id (&self->stop_timer, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->err_stream);
  if (self->out_fd >= 0)
    close (self->out_fd);
  self->out_fd = -1;
  if (self->in_fd >= 0)
    close (self->in_fd);
  self->in_fd = -1;
}

/* Whether the run went as asked: run-here succeeded, or Stop ended COMMAND
 * and the capture was still finished (run-here told its summary). */
static gboolean
run_ok (LadderHerePanel *self)
{
  if (self->stop_step > 0)
    return self->summary != NULL;
  return WIFEXITED (self->wait_status) && WEXITSTATUS (self->wait_status) == 0;
}

static char *
failure_message (LadderHerePanel *self)
{
  const char *errors = self->errors->str;
  gsize len = strlen (self->program);

  /* run-here's "COMMAND Child process exited with code 3" */
  if (strncmp (errors, self->program, len) == 0 && errors[len] == ' ')
    return g_strdup_printf (_("%s failed: %s"), self->program, errors + len + 1);
  if (self->errors->len > 0)
    {
      /* its other lines start in lower case, after its name */
      char *message = g_strdup (errors);

      message[0] = g_ascii_toupper (message[0]);
      return message;
    }
  if (WIFSIGNALED (self->wait_status))
    return g_strdup_printf (_("wireladder-cli run-here was killed (%s)"),
                            g_strsignal (WTERMSIG (self->wait_status)));
  return g_strdup_printf (_("wireladder-cli run-here failed (exit status %d)"),
                          WIFEXITED (self->wait_status) ? WEXITSTATUS (self->wait_status) : -1);
}

static void
finish (LadderHerePanel *self)
{
  gboolean ok = run_ok (self);
  g_autofree char *state = NULL;

  if (!self->child_done || !self->err_done)
    return;
  clear_run (self);
  if (ok)
    {
      set_message (self, NULL);
      state = g_strdup_printf (self->stop_step > 0 ? _("Stopped: %s") : _("Finished: %s"), self->summary);
    }
  else
    {
      g_autofree char *message = failure_message (self);

      set_message (self, message);
      state = g_strdup (self->streamed ? _("Failed; what was captured is shown")
                                       : _("Failed; nothing was captured"));
    }
  set_state (self, state);
  set_running (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, ok);
}

static void
on_child_exit (GPid pid, int status, gpointer user_data)
{
  LadderHerePanel *self = user_data;

  self->child_watch = 0;
  self->wait_status = status;
  self->child_done = TRUE;
  g_spawn_close_pid (pid);
  self->pid = 0;
  g_clear_handle_id (&self->stop_timer, g_source_remove);
  finish (self);
}

static void read_next_line (LadderHerePanel *self);

static void
on_err_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result,
                                                               NULL, &error);
  LadderHerePanel *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line != NULL)
    {
      /* a command may write anything: shown, never a reason to stop reading */
      g_autofree char *text = g_utf8_make_valid (line, -1);

      on_line (self, text);
      read_next_line (self);
      return;
    }
  self->err_done = TRUE;
  finish (self);
}

static void
read_next_line (LadderHerePanel *self)
{
  g_data_input_stream_read_line_async (self->err_stream, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_err_line, self);
}

/* ---- starting and stopping ---- */

/* Child setup: a process group of its own, for Stop to signal; and
 * SIGTERM (passed on to COMMAND) should the window end without a word. */
static void
own_process_group (gpointer data)
{
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GStrv
run_here_argv (LadderHerePanel *self, const char *cli, char **command)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *iface = ladder_here_panel_get_interface (self);

  g_strv_builder_add_many (builder, cli, "run-here", "--keep-lines", NULL);
  if (iface != NULL)
    g_strv_builder_add_many (builder, "-i", iface, NULL);
  g_strv_builder_add_many (builder, "-w", "-", "--", NULL);
  g_strv_builder_addv (builder, (const char **) command);
  return g_strv_builder_end (builder);
}

static gboolean
spawn_run_here (LadderHerePanel *self, char **argv, GError **error)
{
  g_auto(GStrv) envp = g_get_environ ();
  int err_fd = -1, input[2] = { -1, -1 };
  gboolean spawned;

  /* Python writes to a pipe in blocks: its lines would come at its end. */
  envp = g_environ_setenv (envp, "PYTHONUNBUFFERED", "1", FALSE);
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, input) < 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "socketpair: %s",
                        g_strerror (errno)), FALSE;
  shutdown (input[1], SHUT_WR);  /* run-here's end only reads */
  spawned = g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) argv, (const char *const *) envp,
                                              G_SPAWN_DO_NOT_REAP_CHILD, own_process_group, NULL,
                                              input[1], -1, -1, NULL, NULL, 0,
                                              &self->pid, NULL, &self->out_fd, &err_fd, error);
  close (input[1]);
  if (!spawned)
    {
      close (input[0]);
      return FALSE;
    }
  self->in_fd = input[0];
  self->cancellable = g_cancellable_new ();
  self->err_stream = g_data_input_stream_new (g_unix_input_stream_new (err_fd, TRUE));
  /* the new stream holds the only reference to its base */
  g_object_unref (g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self->err_stream)));
  self->child_watch = g_child_watch_add (self->pid, on_child_exit, self);
  read_next_line (self);
  return TRUE;
}

static void remember (LadderHerePanel *self);

/* COMMAND split like a shell line; NULL with MESSAGE when it cannot be. */
static char **
parse_command (LadderHerePanel *self, char **message)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->command_entry));
  g_autoptr(GError) error = NULL;
  char **argv = NULL;

  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    {
      *message = g_strdup (_("Type a command to run, for example: ping -c 3 127.0.0.1"));
      return NULL;
    }
  if (!g_shell_parse_argv (text, NULL, &argv, &error))
    *message = g_strdup_printf (_("The command cannot be split into words: %s"), error->message);
  return argv;
}

gboolean
ladder_here_panel_run (LadderHerePanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL, *cli = NULL;
  g_auto(GStrv) command = NULL, argv = NULL;

  g_return_val_if_fail (LADDER_IS_HERE_PANEL (self), FALSE);
  if (self->running)
    return FALSE;
  command = parse_command (self, &message);
  cli = command != NULL ? ladder_lab_find_program ("wireladder-cli", "WIRELADDER_CLI", &error) : NULL;
  if (command != NULL && cli == NULL)
    message = g_strdup (error->message);
  argv = cli != NULL ? run_here_argv (self, cli, command) : NULL;
  if (argv != NULL)
    {
      g_free (self->program);
      self->program = g_strdup (command[0]);
      g_string_truncate (self->errors, 0);
      set_string (self, &self->summary, NULL, PROP_SUMMARY);
      self->child_done = self->err_done = self->streamed = FALSE;
      self->stop_step = 0;
      clear_output (self);
      if (!spawn_run_here (self, argv, &error))
        message = g_strdup (error->message);
    }
  set_message (self, message);
  if (message != NULL)
    return FALSE;
  remember (self);
  set_running (self, TRUE);
  set_state (self, _("Running; the capture grows as packets come"));
  return TRUE;
}

/* ---- COMMAND's standard input ---- */

gboolean
ladder_here_panel_send_input (LadderHerePanel *self, const char *text)
{
  g_autofree char *line = NULL;
  g_autofree char *shown = NULL;
  gsize len;

  g_return_val_if_fail (LADDER_IS_HERE_PANEL (self) && text != NULL, FALSE);
  if (!self->running || self->in_fd < 0)
    return FALSE;
  line = g_strconcat (text, "\n", NULL);
  len = strlen (line);
  /* run-here reads at once and holds what COMMAND has not taken yet */
  if (send (self->in_fd, line, len, MSG_NOSIGNAL | MSG_DONTWAIT) != (gssize) len)
    {
      g_autofree char *why = g_strdup_printf (_("%s does not take input now: %s"), self->program,
                                              g_strerror (errno));
      set_message (self, why);
      return FALSE;
    }
  shown = g_strdup_printf ("› %s", text);
  append_line (self, shown, "stdin");
  return TRUE;
}

/* Ctrl+D: COMMAND reads end of file once it has the lines sent. */
void
ladder_here_panel_close_input (LadderHerePanel *self)
{
  g_return_if_fail (LADDER_IS_HERE_PANEL (self));
  if (self->in_fd < 0)
    return;
  close (self->in_fd);
  self->in_fd = -1;
  update_input (self);
}

static void
send_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ladder_here_panel_send_input (LADDER_HERE_PANEL (widget), g_variant_get_string (param, NULL));
}

static void
close_input_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ladder_here_panel_close_input (LADDER_HERE_PANEL (widget));
}

static void
on_input_activate (LadderHerePanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->input_entry));

  if (ladder_here_panel_send_input (self, text))
    gtk_editable_set_text (GTK_EDITABLE (self->input_entry), "");
}

/* The input field: Enter sends its line, Ctrl+D ends the input, as in a
 * lab program's pane. */
static void
init_input (LadderHerePanel *self)
{
  const char *hint = _("Type into the command: Enter sends the line, Ctrl+D ends its input");
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkShortcut *eof = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_d, GDK_CONTROL_MASK),
                                       gtk_named_action_new ("here.close-input"));

  gtk_entry_set_placeholder_text (self->input_entry, hint);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->input_entry), hint);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->input_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  hint, -1);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), eof);
  gtk_widget_add_controller (GTK_WIDGET (self->input_entry), keys);
  g_signal_connect_swapped (self->input_entry, "activate", G_CALLBACK (on_input_activate), self);
}

/* ---- the last run, remembered ---- */

static void
remember (LadderHerePanel *self)
{
  const char *iface = ladder_here_panel_get_interface (self);

  if (self->settings == NULL)
    return;
  g_settings_set_string (self->settings, "here-command", ladder_here_panel_get_command (self));
  g_settings_set_string (self->settings, "here-interface", iface != NULL ? iface : "");
}

/* The app's schema where it is installed (or the build tree's); elsewhere
 * nothing is remembered. */
static void
init_settings (LadderHerePanel *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *command = NULL, *iface = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, LADDER_LAB_SETTINGS_SCHEMA, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "here-command"))
    return;
  self->settings = g_settings_new_full (schema, NULL, NULL);
  command = g_settings_get_string (self->settings, "here-command");
  iface = g_settings_get_string (self->settings, "here-interface");
  ladder_here_panel_set_command (self, command);
  /* one that is not up now is still offered: run-here says what is wrong */
  ladder_here_panel_set_interface (self, iface);
}

static gboolean
on_stop_timer (gpointer user_data)
{
  LadderHerePanel *self = user_data;
  int sig = self->stop_step == 1 ? SIGTERM : SIGKILL;

  if (self->pid > 0)
    kill (-self->pid, sig);
  self->stop_step++;
  if (sig == SIGKILL)
    {
      self->stop_timer = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
ladder_here_panel_stop (LadderHerePanel *self)
{
  g_return_if_fail (LADDER_IS_HERE_PANEL (self));
  if (!self->running || self->pid <= 0 || self->stop_step > 0)
    return;
  kill (-self->pid, SIGINT);
  self->stop_step = 1;
  set_state (self, _("Stopping…"));
  self->stop_timer = g_timeout_add (STOP_ESCALATE_MS, on_stop_timer, self);
}

static void
run_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ladder_here_panel_run (LADDER_HERE_PANEL (widget));
}

static void
stop_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ladder_here_panel_stop (LADDER_HERE_PANEL (widget));
}

/* ---- the rest ---- */

GtkWidget *
ladder_here_panel_new (void)
{
  return g_object_new (LADDER_TYPE_HERE_PANEL, NULL);
}

const char *
ladder_here_panel_get_command (LadderHerePanel *self)
{
  g_return_val_if_fail (LADDER_IS_HERE_PANEL (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->command_entry));
}

void
ladder_here_panel_set_command (LadderHerePanel *self, const char *command)
{
  g_return_if_fail (LADDER_IS_HERE_PANEL (self));
  gtk_editable_set_text (GTK_EDITABLE (self->command_entry), command != NULL ? command : "");
}

gboolean
ladder_here_panel_get_running (LadderHerePanel *self)
{
  g_return_val_if_fail (LADDER_IS_HERE_PANEL (self), FALSE);
  return self->running;
}

const char *
ladder_here_panel_get_state (LadderHerePanel *self)
{
  g_return_val_if_fail (LADDER_IS_HERE_PANEL (self), NULL);
  return self->state;
}

const char *
ladder_here_panel_get_message (LadderHerePanel *self)
{
  g_return_val_if_fail (LADDER_IS_HERE_PANEL (self), NULL);
  return self->message;
}

const char *
ladder_here_panel_get_summary (LadderHerePanel *self)
{
  g_return_val_if_fail (LADDER_IS_HERE_PANEL (self), NULL);
  return self->summary;
}

static void
ladder_here_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderHerePanel *self = LADDER_HERE_PANEL (object);

  switch (prop_id)
    {
    case PROP_COMMAND: g_value_set_string (value, ladder_here_panel_get_command (self)); break;
    case PROP_INTERFACE: g_value_set_string (value, ladder_here_panel_get_interface (self)); break;
    case PROP_INTERFACES: g_value_set_boxed (value, self->interfaces); break;
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    case PROP_STATE: g_value_set_string (value, self->state); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_SUMMARY: g_value_set_string (value, self->summary); break;
    case PROP_OUTPUT: g_value_take_string (value, ladder_here_panel_dup_output (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_here_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderHerePanel *self = LADDER_HERE_PANEL (object);

  switch (prop_id)
    {
    case PROP_COMMAND: ladder_here_panel_set_command (self, g_value_get_string (value)); break;
    case PROP_INTERFACE: ladder_here_panel_set_interface (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The window goes while a command runs: it ends with it (run-here's
 * capture helper stops when its input closes). */
static void
ladder_here_panel_dispose (GObject *object)
{
  LadderHerePanel *self = LADDER_HERE_PANEL (object);

  if (self->pid > 0)
    {
      kill (-self->pid, SIGKILL);
      waitpid (self->pid, NULL, 0);
      g_spawn_close_pid (self->pid);
      self->pid = 0;
    }
  clear_run (self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_HERE_PANEL);
  G_OBJECT_CLASS (ladder_here_panel_parent_class)->dispose (object);
}

static void
ladder_here_panel_finalize (GObject *object)
{
  LadderHerePanel *self = LADDER_HERE_PANEL (object);

  g_strfreev (self->interfaces);
  g_free (self->state);
  g_free (self->message);
  g_free (self->summary);
  g_free (self->program);
  g_string_free (self->errors, TRUE);
  G_OBJECT_CLASS (ladder_here_panel_parent_class)->finalize (object);
}

static void
install_properties (GObjectClass *object_class)
{
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  properties[PROP_COMMAND] = g_param_spec_string ("command", NULL, NULL, NULL, rw);
  properties[PROP_INTERFACE] = g_param_spec_string ("interface", NULL, NULL, NULL, rw);
  properties[PROP_INTERFACES] = g_param_spec_boxed ("interfaces", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, ro);
  properties[PROP_OUTPUT] = g_param_spec_string ("output", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_signals (GObjectClass *object_class)
{
  signals[SIGNAL_STREAM] = g_signal_new ("stream", G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
ladder_here_panel_class_init (LadderHerePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ladder_here_panel_dispose;
  object_class->finalize = ladder_here_panel_finalize;
  object_class->get_property = ladder_here_panel_get_property;
  object_class->set_property = ladder_here_panel_set_property;
  install_properties (object_class);
  install_signals (object_class);
  gtk_widget_class_install_action (widget_class, "here.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "here.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "here.send", "s", send_action);
  gtk_widget_class_install_action (widget_class, "here.close-input", NULL, close_input_action);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-here-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderHerePanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, LadderHerePanel, command_entry);
  gtk_widget_class_bind_template_child (widget_class, LadderHerePanel, interface_drop);
  gtk_widget_class_bind_template_child (widget_class, LadderHerePanel, message_label);
  gtk_widget_class_bind_template_child (widget_class, LadderHerePanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, LadderHerePanel, output_view);
  gtk_widget_class_bind_template_child (widget_class, LadderHerePanel, input_entry);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "herepanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
on_interface_selected (LadderHerePanel *self)
{
  notify (self, PROP_INTERFACE);
}

static void
on_entry_activate (LadderHerePanel *self)
{
  ladder_here_panel_run (self);
}

static void
on_command_changed (LadderHerePanel *self)
{
  notify (self, PROP_COMMAND);
}

static void
init_tags (LadderHerePanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->output_view);

  /* run-here's own lines, set apart from the command's without alarm */
  gtk_text_buffer_create_tag (buffer, "note", "style", PANGO_STYLE_ITALIC, NULL);
  /* typed in, as a lab program's pane shows it */
  gtk_text_buffer_create_tag (buffer, "stdin", "foreground", "#1a5fb4", "style", PANGO_STYLE_ITALIC, NULL);
}

static void
ladder_here_panel_init (LadderHerePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->errors = g_string_new (NULL);
  self->out_fd = self->in_fd = -1;
  fill_interfaces (self);
  init_tags (self);
  init_input (self);
  init_settings (self);
  g_signal_connect_swapped (self->interface_drop, "notify::selected", G_CALLBACK (on_interface_selected), self);
  g_signal_connect_swapped (self->command_entry, "notify::text", G_CALLBACK (on_command_changed), self);
  g_signal_connect_swapped (self->command_entry, "activate", G_CALLBACK (on_entry_activate), self);
  set_running (self, FALSE);
  set_state (self, _("Ready"));
}
