/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-run-here.c: `wireladder-cli run-here`, this machine as the
 * target (outside the lab).
 *
 *   run-here [-i IFACE]... -w FILE|- -- COMMAND [ARG...]
 *
 * Starts the capture helper (capture/wireladder-capture.c, the one program
 * that holds CAP_NET_RAW) on this machine's interfaces, writing pcapng
 * straight into FILE; once it is ready runs COMMAND (never through a
 * shell, in the current directory, as the calling user, with this
 * terminal); when COMMAND has exited waits LINGER_MS for its last packets
 * and stops the helper.  Exit status: 0 when COMMAND succeeded and the
 * capture is complete, 1 when either failed (the file holds what was
 * captured), 2 on usage errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ladder-cli.h"
#include "ladder-lab-private.h"

#define LINGER_MS        300
#define READY_TIMEOUT_S  10

typedef struct
{
  GPid    pid;
  int     in_fd;       /* closing it stops the helper */
  FILE   *messages;    /* its standard error */
} Helper;

static gboolean
start_helper (char **interfaces, int out_fd, Helper *helper, GError **error)
{
  g_autofree char *path = ladder_lab_find_program ("wireladder-capture", "WIRELADDER_CAPTURE", error);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int err_fd = -1;

  if (path == NULL)
    return FALSE;
  g_ptr_array_add (argv, path);
  for (guint i = 0; interfaces != NULL && interfaces[i] != NULL; i++)
    {
      g_ptr_array_add (argv, "-i");
      g_ptr_array_add (argv, interfaces[i]);
    }
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) argv->pdata, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                         -1, out_fd, -1, NULL, NULL, 0,
                                         &helper->pid, &helper->in_fd, NULL, &err_fd, error))
    return FALSE;
  helper->messages = fdopen (err_fd, "r");
  return TRUE;
}

static void
on_alarm (int sig)
{
}

/* The helper's lines until "ready"; FALSE (its message in ERROR) when it
 * ended instead, or took longer than READY_TIMEOUT_S. */
static gboolean
wait_ready (Helper *helper, GError **error)
{
  struct sigaction action = { .sa_handler = on_alarm };  /* no SA_RESTART: fgets() returns */
  char line[1024];

  sigaction (SIGALRM, &action, NULL);
  alarm (READY_TIMEOUT_S);
  while (fgets (line, sizeof line, helper->messages) != NULL)
    {
      line[strcspn (line, "\n")] = '\0';
      if (strcmp (line, "ready") == 0)
        return alarm (0), TRUE;
      if (g_str_has_prefix (line, "error: "))
        return alarm (0), g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", line + 7), FALSE;
      fprintf (stderr, "wireladder-capture: %s\n", line);
    }
  alarm (0);
  return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the capture helper %s",
                      errno == EINTR ? "was not ready in time" : "ended before it was ready"), FALSE;
}

/* Stops the helper; its last line ("captured N packets, dropped D") into
 * SUMMARY.  FALSE when it failed. */
static gboolean
stop_helper (Helper *helper, char *summary, gsize size)
{
  char line[1024];
  int status = 0;
  gboolean failed = FALSE;

  close (helper->in_fd);
  summary[0] = '\0';
  while (fgets (line, sizeof line, helper->messages) != NULL)
    {
      line[strcspn (line, "\n")] = '\0';
      failed |= g_str_has_prefix (line, "error: ");
      if (g_str_has_prefix (line, "captured ") || failed)
        g_strlcpy (summary, line, size);
    }
  fclose (helper->messages);
  waitpid (helper->pid, &status, 0);
  return !failed && WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* COMMAND to its end, this terminal its own (its output on standard
 * error when the capture goes to standard output); its wait status or -1. */
static int
run_command (char **command, gboolean output_to_stderr)
{
  g_autoptr(GError) error = NULL;
  GPid pid;
  int status = -1;

  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) command, NULL,
                                         G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN
                                         | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                         -1, output_to_stderr ? STDERR_FILENO : -1, -1,
                                         NULL, NULL, 0, &pid, NULL, NULL, NULL, &error))
    {
      fprintf (stderr, "wireladder-cli run-here: %s\n", error->message);
      return -1;
    }
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  return status;
}

static int
open_output (const char *path)
{
  if (strcmp (path, "-") == 0)
    return dup (STDOUT_FILENO);
  return open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

static int
run_here (char **interfaces, const char *output, char **command)
{
  g_autoptr(GError) error = NULL;
  Helper helper = { 0 };
  char summary[1024];
  int fd = open_output (output), status;
  gboolean captured;

  if (fd < 0)
    return fprintf (stderr, "wireladder-cli: cannot write %s: %s\n", output, g_strerror (errno)),
           LADDER_CLI_BAD_INPUT;
  if (!start_helper (interfaces, fd, &helper, &error) || !wait_ready (&helper, &error))
    {
      fprintf (stderr, "wireladder-cli run-here: %s\n", error->message);
      if (helper.pid > 0)
        stop_helper (&helper, summary, sizeof summary);
      close (fd);
      return LADDER_CLI_BAD_INPUT;
    }
  close (fd);
  status = run_command (command, strcmp (output, "-") == 0);
  g_usleep (LINGER_MS * 1000);
  captured = stop_helper (&helper, summary, sizeof summary);
  fprintf (strcmp (output, "-") == 0 ? stderr : stdout, "run-here: %s\n", summary);
  if (!captured)
    return LADDER_CLI_BAD_INPUT;
  if (status == -1 || !g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "wireladder-cli run-here: %s %s\n", command[0],
               error != NULL ? error->message : "did not run");
      return LADDER_CLI_BAD_INPUT;
    }
  return LADDER_CLI_OK;
}

int
ladder_cli_run_here_main (int argc, char **argv)
{
  g_auto(GStrv) interfaces = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "interface", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &interfaces, "Capture on IFACE (repeat; default: every interface that is up)", "IFACE" },
    { "write", 'w', 0, G_OPTION_ARG_FILENAME, &output, "Write the capture to FILE (- for stdout)", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("-w FILE -- COMMAND [ARG...]");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Runs COMMAND on this machine (outside the lab) while its interfaces are captured\n"
    "by wireladder-capture, which needs CAP_NET_RAW (meson install sets it where it may).");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fprintf (stderr, "wireladder-cli run-here: %s\n", error->message), LADDER_CLI_USAGE;
  if (argc >= 2 && strcmp (argv[1], "--") == 0)
    argv++, argc--;
  if (output == NULL || argc < 2)
    return fprintf (stderr, "Usage: wireladder-cli run-here [-i IFACE]... -w FILE -- COMMAND [ARG...]\n"),
           LADDER_CLI_USAGE;
  signal (SIGPIPE, SIG_IGN);
  return run_here (interfaces, output, argv + 1);
}
