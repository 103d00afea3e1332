/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wireladder-lab-helper: runs the lab for the window, outside its process.
 *
 * Commands on stdin, the capture as pcapng on fd 3, events on fd 4; see
 * capture/PROTOCOL.md.  Every line is validated (ladder-lab-protocol.c)
 * before anything is done with it, and no shell is ever run.  Programs
 * other than the lab's own endpoints run only for the custom lab, as
 * given by `program` lines: they run as the user who started the helper,
 * which refuses them when it runs set-user-ID (its user is not its
 * caller's).  Not root: user namespaces; root: plain network namespaces.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "ladder-lab-custom.h"
#include "ladder-lab-private.h"
#include "ladder-lab-protocol.h"

#define COMMAND_FD 0
#define PCAPNG_FD  3
#define EVENT_FD   4

typedef struct
{
  char     buf[LADDER_LAB_PROTOCOL_MAX_LINE];
  gsize    len;
  gboolean discarding;   /* inside an overlong line */
  gboolean running;
  gboolean stop;         /* stop or quit arrived, or end of file */
  gboolean quit;
  LadderLabCustom *custom;   /* `program` lines so far; NULL before the first */
  GError  *program_error;    /* the first refused `program`: refuses the start */
} Helper;

typedef void (*LineFunc) (Helper *helper, const char *line);

static void
send_line (const char *line)
{
  gsize len = strlen (line);

  while (len > 0)
    {
      gssize n = write (EVENT_FD, line, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return;  /* the client went away: nothing to tell */
      line += n;
      len -= n;
    }
}

static void
send_event (const char *word, const char *pairs, const char *message)
{
  g_autofree char *line = ladder_lab_message_format (word, pairs, message);

  send_line (line);
}

static void
send_error (const GError *error)
{
  g_autofree char *pairs = NULL;
  int code = error->domain == LADDER_LAB_ERROR ? error->code : LADDER_LAB_ERROR_FAILED;

  pairs = g_strdup_printf ("code=%s", ladder_lab_error_code_to_string (code));
  send_event ("error", pairs, error->message);
}

typedef enum
{
  FEED_DATA,
  FEED_AGAIN,   /* nothing to read now (non-blocking) */
  FEED_END,     /* end of file or a read error */
} FeedResult;

/* Splits what one read() brought into lines. */
static FeedResult
feed (Helper *helper, int fd, LineFunc func)
{
  char chunk[512];
  gssize n = read (fd, chunk, sizeof chunk);

  if (n < 0)
    return errno == EAGAIN || errno == EINTR ? FEED_AGAIN : FEED_END;
  if (n == 0)
    return FEED_END;
  for (gssize i = 0; i < n; i++)
    {
      if (chunk[i] == '\n')
        {
          char line[LADDER_LAB_PROTOCOL_MAX_LINE];
          gboolean discard = helper->discarding;
          gsize len = helper->len;

          /* Reset first: FUNC may run a scenario, which reads more lines. */
          memcpy (line, helper->buf, len);
          line[len] = '\0';
          helper->len = 0;
          helper->discarding = FALSE;
          /* A NUL would end the line early for the parser: what follows
           * it must not be silently ignored. */
          if (!discard && memchr (line, '\0', len) != NULL)
            send_event ("error", "code=params", "Malformed message: a NUL byte");
          else if (!discard)
            func (helper, line);
        }
      else if (helper->len + 1 < sizeof helper->buf)
        helper->buf[helper->len++] = chunk[i];
      else if (!helper->discarding)
        {
          helper->discarding = TRUE;
          send_event ("error", "code=params", "Line too long");
        }
    }
  return FEED_DATA;
}

static void
on_status (const char *message, gpointer data)
{
  send_event ("status", NULL, message);
}

static void
on_drops (guint64 drops, gpointer data)
{
  g_autofree char *pairs = g_strdup_printf ("count=%" G_GUINT64_FORMAT, drops);

  send_event ("drops", pairs, NULL);
}

/* `input host=H [message=TEXT] [eof=yes]`: typed into a custom program.
 * Refusals are `input-error`, not `error`: the run goes on. */
static void
handle_input (const LadderLabMessage *msg)
{
  const char *host = ladder_lab_message_get (msg, "host");
  const char *eof = ladder_lab_message_get (msg, "eof");
  g_autoptr(GError) error = NULL;
  g_autofree char *pairs = NULL;

  if (host == NULL || (eof != NULL && strcmp (eof, "yes") != 0)
      || msg->n_pairs != (eof != NULL ? 2u : 1u))
    g_set_error (&error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                 "input takes host=HOST and message=TEXT or eof=yes");
  else
    ladder_lab_run_send_input (host, msg->message, eof != NULL, &error);
  if (error == NULL)
    return;
  pairs = g_strdup_printf ("host=%s", host != NULL ? host : "none");
  send_event ("input-error", pairs, error->message);
}

/* While a scenario runs, only stop, quit and input are accepted. */
static void
running_line (Helper *helper, const char *line)
{
  LadderLabMessage msg;
  g_autoptr(GError) error = NULL;

  if (!ladder_lab_message_parse (line, &msg, &error))
    {
      send_error (error);
      return;
    }
  if (strcmp (msg.word, "stop") == 0 || strcmp (msg.word, "quit") == 0)
    {
      helper->stop = TRUE;
      helper->quit |= strcmp (msg.word, "quit") == 0;
    }
  else if (strcmp (msg.word, "input") == 0)
    handle_input (&msg);
  else
    send_event ("error", "code=busy", "A scenario is running");
  ladder_lab_message_clear (&msg);
}

static gboolean
on_control (int fd, gpointer data)
{
  Helper *helper = data;

  FeedResult result = FEED_DATA;

  while (!helper->stop && result == FEED_DATA)
    {
      result = feed (helper, fd, running_line);
      if (result == FEED_END)
        helper->stop = TRUE;
    }
  return helper->stop;
}

static void
finish (const LadderLabResult *result, const GError *error)
{
  g_autofree char *pairs = NULL;

  if (error == NULL)
    pairs = g_strdup_printf ("code=ok drops=%" G_GUINT64_FORMAT " packets=%" G_GUINT64_FORMAT
                             " calls=%" G_GUINT64_FORMAT " states=%" G_GUINT64_FORMAT,
                             result->drops, result->packets, result->calls, result->states);
  else
    pairs = g_strdup_printf ("code=%s drops=%" G_GUINT64_FORMAT,
                             ladder_lab_error_code_to_string (error->domain == LADDER_LAB_ERROR
                                                              ? error->code : LADDER_LAB_ERROR_FAILED),
                             result->drops);
  send_event ("finished", pairs, error != NULL ? error->message : NULL);
}

static void
run_scenario (Helper *helper, const LadderLabParams *params)
{
  LadderLabRunOptions options = { on_status, COMMAND_FD, on_control, helper, FALSE, on_drops,
                                  helper->custom, NULL, TRUE };
  LadderLabResult result;
  g_autoptr(GError) error = NULL;

  helper->running = TRUE;
  fcntl (COMMAND_FD, F_SETFL, fcntl (COMMAND_FD, F_GETFL) | O_NONBLOCK);
  ladder_lab_run (params, PCAPNG_FD, &options, &result, &error);
  /* End the stream before saying so. */
  close (PCAPNG_FD);
  finish (&result, error);
  helper->quit = TRUE;
}

/* `program role=server|client message=COMMAND`, before a custom start. */
static void
handle_program (Helper *helper, const LadderLabMessage *msg)
{
  const char *role = ladder_lab_message_get (msg, "role");
  g_autoptr(GError) error = NULL;

  if (helper->custom == NULL)
    helper->custom = ladder_lab_custom_new ();
  if (getuid () != geteuid () || getgid () != getegid ())
    g_set_error (&error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_HELPER,
                 "The lab helper runs set-user-ID: it runs no program of yours");
  else if (msg->message == NULL || msg->n_pairs != 1 || role == NULL)
    g_set_error (&error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                 "program takes role=server|client and message=COMMAND");
  else if (strcmp (role, "server") == 0)
    ladder_lab_custom_set_server (helper->custom, msg->message, &error);
  else if (strcmp (role, "client") == 0)
    ladder_lab_custom_add_client (helper->custom, msg->message, &error);
  else
    g_set_error (&error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                 "Unknown program role “%s”", role);
  if (error == NULL)
    return;
  send_error (error);
  if (helper->program_error == NULL)
    helper->program_error = g_steal_pointer (&error);
}

/* The custom lab's own keys of `start`: timeout=S stagger=MS. */
static gboolean
parse_custom_start (Helper *helper, const LadderLabMessage *msg, GError **error)
{
  const char *timeout = ladder_lab_message_get (msg, "timeout");
  const char *stagger = ladder_lab_message_get (msg, "stagger");
  guint64 value;

  if (helper->program_error != NULL)
    return g_propagate_error (error, g_error_copy (helper->program_error)), FALSE;
  if (helper->custom == NULL)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "The custom lab needs `program` lines before its start"), FALSE;
  if (timeout != NULL && !g_ascii_string_to_unsigned (timeout, 10, 1, LADDER_LAB_CUSTOM_MAX_TIMEOUT_S,
                                                      &value, NULL))
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "timeout is 1 to %d s", LADDER_LAB_CUSTOM_MAX_TIMEOUT_S), FALSE;
  if (timeout != NULL)
    helper->custom->timeout_s = (guint) value;
  if (stagger != NULL && !g_ascii_string_to_unsigned (stagger, 10, 0, LADDER_LAB_CUSTOM_MAX_STAGGER_MS,
                                                      &value, NULL))
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "stagger is 0 to %d ms", LADDER_LAB_CUSTOM_MAX_STAGGER_MS), FALSE;
  if (stagger != NULL)
    helper->custom->stagger_ms = (guint) value;
  return ladder_lab_custom_check (helper->custom, error);
}

static void
handle_start (Helper *helper, const LadderLabMessage *msg)
{
  LadderLabParams params;
  g_autoptr(GError) error = NULL;
  gboolean custom;

  if (!ladder_lab_message_parse_start (msg, &params, &error))
    {
      send_error (error);
      return;
    }
  custom = g_strcmp0 (params.scenario, LADDER_LAB_CUSTOM_SCENARIO) == 0;
  if (!custom && (ladder_lab_message_get (msg, "timeout") != NULL
                  || ladder_lab_message_get (msg, "stagger") != NULL || helper->custom != NULL))
    send_event ("error", "code=params", "Programs, timeout and stagger are for the custom lab only");
  else if (custom && !parse_custom_start (helper, msg, &error))
    send_error (error);
  else if (fcntl (PCAPNG_FD, F_GETFL) < 0 || (fcntl (PCAPNG_FD, F_GETFL) & O_ACCMODE) == O_RDONLY)
    send_event ("error", "code=helper", "No capture descriptor (fd 3) to write to");
  else
    run_scenario (helper, &params);
}

static void
handle_probe (void)
{
  g_autoptr(GError) error = NULL;
  gboolean netem = FALSE;

  if (ladder_netns_probe (&netem, &error))
    send_event ("probe-ok", netem ? "netem=yes impair=yes" : "netem=no impair=yes", NULL);
  else
    send_error (error);
}

static void
idle_line (Helper *helper, const char *line)
{
  LadderLabMessage msg;
  g_autoptr(GError) error = NULL;

  if (helper->quit)
    return;
  if (!ladder_lab_message_parse (line, &msg, &error))
    {
      send_error (error);
      return;
    }
  if (strcmp (msg.word, "probe") == 0 && msg.n_pairs == 0 && msg.message == NULL)
    handle_probe ();
  else if (strcmp (msg.word, "start") == 0)
    handle_start (helper, &msg);
  else if (strcmp (msg.word, "program") == 0)
    handle_program (helper, &msg);
  else if (strcmp (msg.word, "quit") == 0)
    helper->quit = TRUE;
  else if (strcmp (msg.word, "stop") == 0)
    send_event ("error", "code=params", "Nothing is running");
  else
    send_event ("error", "code=params", "Unknown command");
  ladder_lab_message_clear (&msg);
}

int
main (int argc, char **argv)
{
  Helper helper = { 0 };
  g_autofree char *hello = g_strdup_printf ("version=%d", LADDER_LAB_PROTOCOL_VERSION);

  /* The lab dies with whoever started it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  signal (SIGPIPE, SIG_IGN);
  if (argc != 1 || fcntl (EVENT_FD, F_GETFL) < 0)
    {
      fprintf (stderr, "wireladder-lab-helper: started by the Wireladder window with commands on "
                       "stdin, pcapng on fd 3 and events on fd 4 (see PROTOCOL.md)\n");
      return 2;
    }
  send_event ("hello", hello, NULL);
  while (!helper.quit && feed (&helper, COMMAND_FD, idle_line) != FEED_END)
    ;
  g_clear_pointer (&helper.custom, ladder_lab_custom_free);
  g_clear_error (&helper.program_error);
  return 0;
}
