/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-client.c: the window's side of the lab boundary (see the
 * header and capture/PROTOCOL.md).
 *
 * One helper process per run and per probe: the helper enters the lab's
 * namespaces, which cannot be undone.  Its events (fd 4) are read line by
 * line asynchronously on the caller's main context; the capture (fd 3) is
 * handed to the caller as a plain descriptor.
 */

#include "ladder-lab-client.h"

#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ladder-lab-custom.h"
#include "ladder-lab-private.h"
#include "ladder-lab-protocol.h"

#define EVENT_LINE_MAX 4096

struct _LadderLabClient
{
  GObject           parent_instance;
  GSubprocess      *helper;     /* the running scenario's helper */
  GDataInputStream *events;
  GCancellable     *cancellable;
  gboolean          running;
  gboolean          finished;   /* "finished" emitted for this run */
  gboolean          netem;      /* the last probe's `netem=yes` */
};

enum
{
  SIGNAL_STATUS,
  SIGNAL_DROPS,
  SIGNAL_FINISHED,
  SIGNAL_INPUT_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LadderLabClient, ladder_lab_client, G_TYPE_OBJECT)

static void
ladder_lab_client_dispose (GObject *object)
{
  LadderLabClient *self = LADDER_LAB_CLIENT (object);

  g_cancellable_cancel (self->cancellable);
  /* Closing its stdin stops the helper; PR_SET_PDEATHSIG covers the rest. */
  if (self->helper != NULL)
    g_output_stream_close (g_subprocess_get_stdin_pipe (self->helper), NULL, NULL);
  g_clear_object (&self->helper);
  g_clear_object (&self->events);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (ladder_lab_client_parent_class)->dispose (object);
}

static void
ladder_lab_client_class_init (LadderLabClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ladder_lab_client_dispose;
  /* A helper that died must not take the window with it when we write to
   * its stdin (GSocket's class_init does the same for sockets). */
  signal (SIGPIPE, SIG_IGN);
  signals[SIGNAL_STATUS] = g_signal_new ("status", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_DROPS] = g_signal_new ("drops", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                           G_TYPE_POINTER, G_TYPE_UINT64);
  signals[SIGNAL_INPUT_ERROR] = g_signal_new ("input-error", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                              2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
ladder_lab_client_init (LadderLabClient *self)
{
  self->cancellable = g_cancellable_new ();
}

LadderLabClient *
ladder_lab_client_new (void)
{
  return g_object_new (LADDER_TYPE_LAB_CLIENT, NULL);
}

/* ---- spawning ---- */

/* Starts the helper with stdin piped, events on fd 4 and, when PCAPNG_FD
 * is not -1, the capture on fd 3.  *EVENTS gets the events' read end. */
static GSubprocess *
spawn_helper (int pcapng_fd, GDataInputStream **events, GError **error)
{
  g_autofree char *path = ladder_lab_find_program ("wireladder-lab-helper", "WIRELADDER_LAB_HELPER", error);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GInputStream) raw = NULL;
  GSubprocess *helper;
  int fds[2];

  if (path == NULL)
    return NULL;
  if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
    return NULL;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_take_fd (launcher, fds[1], 4);
  if (pcapng_fd >= 0)
    g_subprocess_launcher_take_fd (launcher, pcapng_fd, 3);
  helper = g_subprocess_launcher_spawn (launcher, error, path, NULL);
  if (helper == NULL)
    {
      close (fds[0]);
      g_prefix_error (error, "Cannot start the lab helper: ");
      if (error != NULL && (*error)->domain != LADDER_LAB_ERROR)
        {
          GError *wrapped = g_error_new_literal (LADDER_LAB_ERROR, LADDER_LAB_ERROR_HELPER, (*error)->message);
          g_clear_error (error);
          g_propagate_error (error, wrapped);
        }
      return NULL;
    }
  raw = g_unix_input_stream_new (fds[0], TRUE);
  *events = g_data_input_stream_new (raw);
  return helper;
}

static gboolean
send_command (GSubprocess *helper, const char *line, GError **error)
{
  GOutputStream *in = g_subprocess_get_stdin_pipe (helper);

  g_autoptr(GError) local = NULL;

  if (!g_output_stream_write_all (in, line, strlen (line), NULL, NULL, &local))
    {
      g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_HELPER,
                   "The lab helper does not listen: %s", local->message);
      return FALSE;
    }
  return TRUE;
}

/* A `finished` or `error` event as a GError (NULL for code=ok). */
static GError *
event_error (const LadderLabMessage *msg)
{
  const char *code = ladder_lab_message_get (msg, "code");
  const char *text = msg->message != NULL ? msg->message : "The lab failed";

  if (g_strcmp0 (code, "ok") == 0)
    return NULL;
  return g_error_new_literal (LADDER_LAB_ERROR, ladder_lab_error_code_from_string (code), text);
}

/* ---- probe ---- */

typedef struct
{
  GSubprocess      *helper;
  GDataInputStream *events;
} ProbeData;

static void
probe_data_free (gpointer data)
{
  ProbeData *probe = data;

  g_clear_object (&probe->helper);
  g_clear_object (&probe->events);
  g_free (probe);
}

static void probe_read_next (GTask *task);

static void
on_probe_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                      result, NULL, &error);
  LadderLabMessage msg;

  if (line == NULL)
    {
      if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_new_error (task, error != NULL ? G_IO_ERROR : LADDER_LAB_ERROR,
                                 error != NULL ? G_IO_ERROR_CANCELLED : LADDER_LAB_ERROR_HELPER,
                                 error != NULL ? "Cancelled" : "The lab helper exited without an answer");
      else
        g_task_return_new_error (task, LADDER_LAB_ERROR, LADDER_LAB_ERROR_HELPER, "%s", error->message);
      return;
    }
  if (!ladder_lab_message_parse (line, &msg, NULL))
    g_task_return_new_error (task, LADDER_LAB_ERROR, LADDER_LAB_ERROR_HELPER,
                             "The lab helper said something unexpected: %s", line);
  else if (strcmp (msg.word, "probe-ok") == 0)
    {
      LadderLabClient *self = g_task_get_source_object (task);

      self->netem = g_strcmp0 (ladder_lab_message_get (&msg, "netem"), "yes") == 0;
      g_task_return_boolean (task, TRUE);
    }
  else if (strcmp (msg.word, "error") == 0)
    g_task_return_error (task, event_error (&msg));
  else
    probe_read_next (g_steal_pointer (&task));
  ladder_lab_message_clear (&msg);
}

static void
probe_read_next (GTask *task)
{
  ProbeData *probe = g_task_get_task_data (task);

  g_data_input_stream_read_line_async (probe->events, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task), on_probe_line, task);
}

void
ladder_lab_client_probe_async (LadderLabClient     *client,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ProbeData *probe = g_new0 (ProbeData, 1);

  g_return_if_fail (LADDER_IS_LAB_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ladder_lab_client_probe_async);
  g_task_set_task_data (task, probe, probe_data_free);
  probe->helper = spawn_helper (-1, &probe->events, &error);
  /* The helper exits once it has answered and read end of file. */
  if (probe->helper == NULL || !send_command (probe->helper, "probe\nquit\n", &error))
    {
      g_task_return_new_error (task, LADDER_LAB_ERROR, LADDER_LAB_ERROR_HELPER, "%s", error->message);
      return;
    }
  probe_read_next (g_steal_pointer (&task));
}

gboolean
ladder_lab_client_probe_finish (LadderLabClient *client,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
ladder_lab_client_get_netem (LadderLabClient *client)
{
  g_return_val_if_fail (LADDER_IS_LAB_CLIENT (client), FALSE);

  return client->netem;
}

/* ---- a run ---- */

static void
emit_finished (LadderLabClient *self, GError *error, guint64 drops)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  self->running = FALSE;
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, error, drops);
}

static void read_next_event (LadderLabClient *self);

static void
handle_event (LadderLabClient *self, const LadderLabMessage *msg)
{
  g_autoptr(GError) error = NULL;

  if (strcmp (msg->word, "status") == 0 && msg->message != NULL)
    g_signal_emit (self, signals[SIGNAL_STATUS], 0, msg->message);
  else if (strcmp (msg->word, "drops") == 0 && ladder_lab_message_get (msg, "count") != NULL)
    {
      guint64 drops;

      if (g_ascii_string_to_unsigned (ladder_lab_message_get (msg, "count"), 10, 0, G_MAXUINT64,
                                      &drops, NULL))
        g_signal_emit (self, signals[SIGNAL_DROPS], 0, drops);
    }
  else if (strcmp (msg->word, "input-error") == 0 && ladder_lab_message_get (msg, "host") != NULL)
    g_signal_emit (self, signals[SIGNAL_INPUT_ERROR], 0, ladder_lab_message_get (msg, "host"),
                   msg->message != NULL ? msg->message : "Input refused");
  else if (strcmp (msg->word, "finished") == 0 || strcmp (msg->word, "error") == 0)
    {
      const char *drops = ladder_lab_message_get (msg, "drops");

      error = event_error (msg);
      if (error == NULL && strcmp (msg->word, "error") == 0)
        error = g_error_new_literal (LADDER_LAB_ERROR, LADDER_LAB_ERROR_HELPER, "The lab helper refused");
      emit_finished (self, error, drops != NULL ? g_ascii_strtoull (drops, NULL, 10) : 0);
    }
}

static void
on_event_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LadderLabClient) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                      result, NULL, &error);
  LadderLabMessage msg;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      g_autoptr(GError) died = g_error_new (LADDER_LAB_ERROR, LADDER_LAB_ERROR_HELPER,
                                            "The lab helper ended without finishing%s%s",
                                            error != NULL ? ": " : "", error != NULL ? error->message : "");
      emit_finished (self, died, 0);
      return;
    }
  if (strlen (line) < EVENT_LINE_MAX && ladder_lab_message_parse (line, &msg, NULL))
    {
      handle_event (self, &msg);
      ladder_lab_message_clear (&msg);
    }
  else
    g_warning ("Unexpected line from the lab helper: %.80s", line);
  read_next_event (self);
}

static void
read_next_event (LadderLabClient *self)
{
  g_data_input_stream_read_line_async (self->events, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_event_line, g_object_ref (self));
}

/* Spawns a helper, sends it COMMANDS (lines) and returns the capture's
 * read end. */
static int
start_helper (LadderLabClient *client, const char *commands, GError **error)
{
  int fds[2];

  if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
    return -1;
  g_clear_object (&client->helper);
  g_clear_object (&client->events);
  client->helper = spawn_helper (fds[1], &client->events, error);
  if (client->helper == NULL || !send_command (client->helper, commands, error))
    {
      close (fds[0]);
      return -1;
    }
  client->running = TRUE;
  client->finished = FALSE;
  read_next_event (client);
  return fds[0];
}

int
ladder_lab_client_start (LadderLabClient        *client,
                         const LadderLabParams  *params,
                         GError                **error)
{
  LadderLabParams resolved;
  g_autofree char *command = NULL;

  g_return_val_if_fail (LADDER_IS_LAB_CLIENT (client), -1);
  g_return_val_if_fail (params != NULL, -1);

  if (client->running)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_BUSY,
                        "A scenario is already running"), -1;
  if (!ladder_lab_params_resolve (params, &resolved, error))
    return -1;
  command = ladder_lab_message_format_start (params);
  return start_helper (client, command, error);
}

/* A `program` line for COMMAND, checked here first so a bad one is named
 * before any helper starts. */
static gboolean
append_program (GString *lines, LadderLabCustom *custom, const char *role, const char *command,
                GError **error)
{
  g_autofree char *pairs = g_strdup_printf ("role=%s", role);
  g_autofree char *line = NULL;
  gboolean ok;

  if (strlen (command) > LADDER_LAB_MAX_COMMAND)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "The %s's command is longer than %d bytes", role,
                        LADDER_LAB_MAX_COMMAND), FALSE;
  ok = g_str_equal (role, "server") ? ladder_lab_custom_set_server (custom, command, error)
                                    : ladder_lab_custom_add_client (custom, command, error);
  if (!ok)
    return g_prefix_error (error, "The %s: ", role), FALSE;
  line = ladder_lab_message_format ("program", pairs, command);
  g_string_append (lines, line);
  return TRUE;
}

static char *
programs_lines (const LadderLabParams *params, const LadderLabPrograms *programs, GError **error)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(LadderLabCustom) custom = ladder_lab_custom_new ();
  g_autofree char *start = ladder_lab_message_format_start (params);

  if (programs->server != NULL && *programs->server != '\0'
      && !append_program (lines, custom, "server", programs->server, error))
    return NULL;
  for (guint i = 0; programs->clients != NULL && programs->clients[i] != NULL; i++)
    if (!append_program (lines, custom, "client", programs->clients[i], error))
      return NULL;
  if (!ladder_lab_custom_check (custom, error))
    return NULL;
  /* "start scenario=custom ...\n": the timeout goes before the newline. */
  g_string_append_len (lines, start, strlen (start) - 1);
  if (programs->timeout_s != 0)
    g_string_append_printf (lines, " timeout=%u", programs->timeout_s);
  g_string_append_c (lines, '\n');
  return g_string_free (g_steal_pointer (&lines), FALSE);
}

int
ladder_lab_client_start_programs (LadderLabClient          *client,
                                  const LadderLabParams    *params,
                                  const LadderLabPrograms  *programs,
                                  GError                  **error)
{
  LadderLabParams resolved;
  g_autofree char *lines = NULL;

  g_return_val_if_fail (LADDER_IS_LAB_CLIENT (client), -1);
  g_return_val_if_fail (params != NULL && programs != NULL, -1);
  g_return_val_if_fail (g_strcmp0 (params->scenario, LADDER_LAB_CUSTOM_SCENARIO) == 0, -1);

  if (client->running)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_BUSY,
                        "A scenario is already running"), -1;
  if (programs->timeout_s > LADDER_LAB_CUSTOM_MAX_TIMEOUT_S)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "The timeout is at most %d s", LADDER_LAB_CUSTOM_MAX_TIMEOUT_S), -1;
  if (!ladder_lab_params_resolve (params, &resolved, error))
    return -1;
  lines = programs_lines (params, programs, error);
  if (lines == NULL)
    return -1;
  return start_helper (client, lines, error);
}

static gboolean
send_input (LadderLabClient *client, const char *host, const char *text, GError **error)
{
  g_autofree char *pairs = NULL;
  g_autofree char *line = NULL;

  if (!client->running || client->helper == NULL)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "No lab is running"), FALSE;
  if (strlen (host) > 15 || strspn (host, "abcdefghijklmnopqrstuvwxyz0123456789") != strlen (host))
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "No lab host is called “%s”", host), FALSE;
  if (text != NULL && strlen (text) > LADDER_LAB_MAX_COMMAND)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "A line of input is at most %d bytes", LADDER_LAB_MAX_COMMAND), FALSE;
  pairs = g_strdup_printf (text != NULL ? "host=%s" : "host=%s eof=yes", host);
  line = ladder_lab_message_format ("input", pairs, text);
  return send_command (client->helper, line, error);
}

gboolean
ladder_lab_client_send_input (LadderLabClient *client, const char *host, const char *text,
                              GError **error)
{
  g_return_val_if_fail (LADDER_IS_LAB_CLIENT (client), FALSE);
  g_return_val_if_fail (host != NULL && text != NULL, FALSE);

  return send_input (client, host, text, error);
}

gboolean
ladder_lab_client_close_input (LadderLabClient *client, const char *host, GError **error)
{
  g_return_val_if_fail (LADDER_IS_LAB_CLIENT (client), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  return send_input (client, host, NULL, error);
}

void
ladder_lab_client_stop (LadderLabClient *client)
{
  g_return_if_fail (LADDER_IS_LAB_CLIENT (client));

  if (client->running && client->helper != NULL)
    send_command (client->helper, "stop\n", NULL);
}

gboolean
ladder_lab_client_is_running (LadderLabClient *client)
{
  g_return_val_if_fail (LADDER_IS_LAB_CLIENT (client), FALSE);

  return client->running;
}
