/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-run-here.c: `wireladder-cli run-here`, this machine as the
 * target (outside the lab).
 *
 *   run-here [-i IFACE]... [--keep-lines] -w FILE|- -- COMMAND [ARG...]
 *
 * Starts the capture helper (capture/wireladder-capture.c, the one program
 * that holds CAP_NET_RAW) on this machine's interfaces, writing pcapng
 * straight into FILE; once it is ready runs COMMAND (never through a
 * shell, in the current directory, as the calling user, with this
 * terminal) under wireladder-trace, which records its socket calls; when
 * COMMAND has exited waits LINGER_MS for its last packets, stops the
 * helper and appends the calls to FILE as Custom Blocks, after the
 * packets (readers order them by time).  With --keep-lines COMMAND's
 * standard input, output and error go through run-here, which keeps every
 * line (ladder-cli-here-lines.h) and appends them after the calls.  A
 * program that holds privileges of its own (set-user-ID, file capabilities: ping) runs untraced, since
 * under the tracer it would lose them, and says so.  Exit status: 0 when COMMAND succeeded and the
 * capture is complete, 1 when either failed (the file holds what was
 * captured), 2 on usage errors.
 *
 * Stopping: SIGINT to run-here's process group (Ctrl-C on an untraced
 * command, the window's Stop) reaches COMMAND (or its tracer, which
 * passes it on) and run-here, which lives on to finish the file; SIGTERM
 * or SIGHUP to run-here is passed on to COMMAND.  The helper has a
 * process group of its own, so it keeps capturing COMMAND's last packets
 * until run-here stops it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "ladder-cli.h"
#include "ladder-cli-here-lines.h"
#include "ladder-events.h"
#include "ladder-lab-custom.h"
#include "ladder-lab-private.h"

#define LINGER_MS        300
#define READY_TIMEOUT_S  10
#define MAX_CALL_RECORD  4096
#define TRACE_TARGET_FD  3

/* The signal that asked us to stop, and whom to pass it on to. */
static volatile sig_atomic_t stop_signal;
static volatile pid_t command_pid;

typedef struct
{
  GPid    pid;
  int     in_fd;       /* closing it stops the helper */
  FILE   *messages;    /* its standard error */
} Helper;

/* Child setup: out of run-here's process group, so a Ctrl-C or the
 * window's Stop does not end the capture before COMMAND's last packets. */
static void
own_process_group (gpointer data)
{
  setpgid (0, 0);
}

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
                                         G_SPAWN_DO_NOT_REAP_CHILD, own_process_group, NULL,
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

/* SIGINT reached COMMAND too (its process group is ours, or its tracer
 * is in ours); SIGTERM and SIGHUP may have been sent to us alone. */
static void
on_stop_signal (int sig)
{
  stop_signal = sig;
  if (sig != SIGINT && command_pid > 0)
    kill (command_pid, sig);
}

static void
catch_stop_signals (void)
{
  struct sigaction action = { .sa_handler = on_stop_signal, .sa_flags = SA_RESTART };

  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
  sigaction (SIGHUP, &action, NULL);
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

/* Whether the program at PATH runs with privileges of its own, which the
 * tracer would take away (it sets no_new_privs). */
static gboolean
privileged_program (const char *path)
{
  struct stat st;

  if (stat (path, &st) < 0)
    return FALSE;
  return (st.st_mode & (S_ISUID | S_ISGID)) != 0
         || getxattr (path, "security.capability", NULL, 0) > 0;
}

/* The argument vector that runs COMMAND under the tracer writing to
 * TRACE_TARGET_FD, or COMMAND itself when CALLS_FD is -1. */
static char **
traced_argv (char **command, const char *tracer, int calls_fd)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *name = NULL;

  if (calls_fd < 0)
    return g_strdupv (command);
  name = ladder_lab_custom_program_name (command);
  g_strv_builder_add_many (builder, tracer, name, "--", NULL);
  g_strv_builder_addv (builder, (const char **) command);
  return g_strv_builder_end (builder);
}

/* COMMAND to its end, this terminal its own (its output on standard
 * error when the capture goes to standard output), or its three streams
 * through LINES when there are; its calls into CALLS_FD unless that is
 * -1; its wait status or -1. */
static int
run_command (char **command, gboolean output_to_stderr, const char *tracer, int calls_fd,
             LadderHereLines *lines)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = traced_argv (command, tracer, calls_fd);
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *fd_text = g_strdup_printf ("%d", TRACE_TARGET_FD);
  int source_fds[1] = { calls_fd }, target_fds[1] = { TRACE_TARGET_FD };
  GPid pid;
  int status = -1, in_fd = -1, out_fd = -1, err_fd = -1;
  GSpawnFlags flags = G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                      | (lines == NULL ? G_SPAWN_CHILD_INHERITS_STDIN : 0);

  if (calls_fd >= 0)
    {
      envp = g_environ_setenv (envp, "WIRELADDER_TRACE_FD", fd_text, TRUE);
      envp = g_environ_setenv (envp, "WIRELADDER_HOST", g_get_host_name (), TRUE);
    }
  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) argv, (const char *const *) envp,
                                         flags, NULL, NULL,
                                         -1, output_to_stderr && lines == NULL ? STDERR_FILENO : -1, -1,
                                         calls_fd >= 0 ? source_fds : NULL,
                                         calls_fd >= 0 ? target_fds : NULL, calls_fd >= 0 ? 1 : 0,
                                         &pid, lines != NULL ? &in_fd : NULL,
                                         lines != NULL ? &out_fd : NULL, lines != NULL ? &err_fd : NULL,
                                         &error))
    {
      fprintf (stderr, "wireladder-cli run-here: %s\n", error->message);
      return -1;
    }
  command_pid = pid;
  if (lines != NULL)
    status = ladder_here_lines_relay (lines, pid, in_fd, out_fd, err_fd);
  else
    while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
      ;
  command_pid = 0;
  return status;
}

/* One pcapng block of TYPE around BODY, in this machine's byte order (as
 * the helper wrote the section). */
static gboolean
write_block (int fd, guint32 type, const guint8 *body, guint32 len)
{
  guint32 padded = (len + 3) & ~3u, total = padded + 12;
  g_autofree guint8 *block = g_malloc0 (total);

  memcpy (block, &type, 4);
  memcpy (block + 4, &total, 4);
  memcpy (block + 8, body, len);
  memcpy (block + 8 + padded, &total, 4);
  for (guint32 done = 0; done < total;)
    {
      gssize n = write (fd, block + done, total - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += (guint32) n;
    }
  return TRUE;
}

/* RECORDS (uint32 LE length, then a Custom Block body, as the tracer
 * writes them), each a block at OUT_FD's end; how many of them are socket
 * calls (not states or lines), as `calls` will list them, or -1 when
 * writing failed.  A record cut short (the tracer killed mid-write) ends
 * them. */
static int
append_records (GByteArray *records, int out_fd)
{
  gsize off = 0;
  int count = 0;

  while (records->len - off >= 4)
    {
      guint32 len;

      memcpy (&len, records->data + off, 4);
      len = GUINT32_FROM_LE (len);
      if (len == 0 || len > MAX_CALL_RECORD || records->len - off - 4 < len)
        break;
      if (!write_block (out_fd, LADDER_EVENTS_BLOCK_TYPE, records->data + off + 4, len))
        return -1;
      count += ladder_events_is_call (records->data + off + 4, len);
      off += 4 + len;
    }
  return count;
}

/* The tracer's records from CALLS_FD, then LINES' (if any), at OUT_FD's
 * end; the calls among them (append_records). */
static int
append_calls (int calls_fd, LadderHereLines *lines, int out_fd)
{
  g_autoptr(GByteArray) records = g_byte_array_new ();
  guint8 chunk[8192];
  gssize n;
  int count = 0;

  if (calls_fd >= 0)
    {
      lseek (calls_fd, 0, SEEK_SET);
      while ((n = read (calls_fd, chunk, sizeof chunk)) > 0)
        g_byte_array_append (records, chunk, (guint) n);
      count = append_records (records, out_fd);
    }
  if (count >= 0 && lines != NULL && append_records (ladder_here_lines_get_records (lines), out_fd) < 0)
    return -1;
  return count;
}

static int
open_output (const char *path)
{
  if (strcmp (path, "-") == 0)
    return dup (STDOUT_FILENO);
  return open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

/* Where the calls go: a file in memory, or -1 (with the reason printed)
 * when COMMAND (its program at PATH) runs untraced. */
static int
open_calls (char **command, const char *path, char **tracer)
{
  g_autoptr(GError) error = NULL;
  int fd;

  if (privileged_program (path))
    {
      fprintf (stderr, "run-here: %s has privileges of its own (set-user-ID or file capabilities), "
               "which tracing would take away: its socket calls are not recorded\n", command[0]);
      return -1;
    }
  *tracer = ladder_lab_find_program ("wireladder-trace", "WIRELADDER_TRACE", &error);
  if (*tracer == NULL)
    return fprintf (stderr, "run-here: socket calls are not recorded: %s\n", error->message), -1;
  fd = memfd_create ("wireladder-calls", MFD_CLOEXEC);
  if (fd < 0)
    fprintf (stderr, "run-here: socket calls are not recorded: memfd_create: %s\n", g_strerror (errno));
  return fd;
}

/* Stops the helper, appends the calls (and LINES') to FILE (FD, OUTPUT),
 * and prints the summary: on standard error when the capture went to
 * standard output.  FALSE when the capture or the appending failed. */
static gboolean
finish_file (Helper *helper, int fd, int calls_fd, LadderHereLines *lines, const char *output)
{
  FILE *out = strcmp (output, "-") == 0 ? stderr : stdout;
  char summary[1024];
  gboolean captured = stop_helper (helper, summary, sizeof summary);
  int n_calls = 0;

  /* The helper has ended: FD's offset (shared with it) is the end. */
  if (captured && (calls_fd >= 0 || lines != NULL))
    n_calls = append_calls (calls_fd, lines, fd);
  if (calls_fd >= 0)
    close (calls_fd);
  close (fd);
  fprintf (out, "run-here: %s", summary);
  if (calls_fd >= 0 && n_calls >= 0)
    fprintf (out, ", %d socket calls", n_calls);
  fprintf (out, "\n");
  if (n_calls < 0)
    fprintf (stderr, "wireladder-cli run-here: cannot append the socket calls to %s: %s\n",
             output, g_strerror (errno));
  return captured && n_calls >= 0;
}

static int
run_here (char **interfaces, const char *output, gboolean keep_lines, char **command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tracer = NULL;
  /* in PATH, or a path to an executable */
  g_autofree char *program = g_find_program_in_path (command[0]);
  g_autoptr(LadderHereLines) lines = NULL;
  Helper helper = { 0 };
  char summary[1024];
  int fd, status, calls_fd;
  gboolean to_stdout = strcmp (output, "-") == 0;

  /* before FILE is opened (and truncated) */
  if (program == NULL)
    return fprintf (stderr, "wireladder-cli run-here: no program “%s” to run (not found, or not executable)\n",
                    command[0]), LADDER_CLI_BAD_INPUT;
  fd = open_output (output);
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
  if (stop_signal != 0)
    {
      fprintf (stderr, "wireladder-cli run-here: stopped (%s) before %s started\n",
               g_strsignal (stop_signal), command[0]);
      stop_helper (&helper, summary, sizeof summary);
      close (fd);
      return LADDER_CLI_BAD_INPUT;
    }
  /* On standard error whatever FILE is: the window hands the stream on
   * once it reads this, and a failed start writes only a header. */
  fprintf (stderr, "run-here: capture ready, running %s\n", command[0]);
  calls_fd = open_calls (command, program, &tracer);
  if (keep_lines)
    {
      g_autofree char *name = ladder_lab_custom_program_name (command);
      lines = ladder_here_lines_new (g_get_host_name (), name, to_stdout ? STDERR_FILENO : STDOUT_FILENO);
    }
  status = run_command (command, to_stdout, tracer, calls_fd, lines);
  if (stop_signal != 0)
    fprintf (stderr, "run-here: stopped (%s)\n", g_strsignal (stop_signal));
  g_usleep (LINGER_MS * 1000);
  if (!finish_file (&helper, fd, calls_fd, lines, output))
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
  gboolean keep_lines = FALSE;
  GOptionEntry entries[] = {
    { "interface", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &interfaces, "Capture on IFACE (repeat; default: every interface that is up)", "IFACE" },
    { "keep-lines", 0, 0, G_OPTION_ARG_NONE, &keep_lines, "Pass COMMAND's input and output through, keeping every line in the capture", NULL },
    { "write", 'w', 0, G_OPTION_ARG_FILENAME, &output, "Write the capture to FILE (- for stdout)", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[--keep-lines] -w FILE -- COMMAND [ARG...]");
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
    return fprintf (stderr, "Usage: wireladder-cli run-here [-i IFACE]... [--keep-lines] -w FILE -- COMMAND [ARG...]\n"),
           LADDER_CLI_USAGE;
  signal (SIGPIPE, SIG_IGN);
  catch_stop_signals ();
  return run_here (interfaces, output, keep_lines, argv + 1);
}
