/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wireladder-trace: runs one program of a custom lab under the tracer.
 *
 *   wireladder-trace NAME -- COMMAND [ARG...]
 *
 * Started by the lab's runner (ladder-lab-run.c) in a lab host's network
 * namespace, in place of a built-in endpoint, and by `wireladder-cli
 * run-here` on this machine.  Its environment says where
 * the records go and who it is: WIRELADDER_TRACE_FD, WIRELADDER_HOST, and
 * WIRELADDER_HOSTS_FILE, a hosts file naming the lab's hosts that is
 * bind-mounted over /etc/hosts in a mount namespace of the program's own
 * (so `connect(("server", 60000))` resolves; the real /etc/hosts is never
 * touched).  COMMAND runs directly, never through a shell, in the current
 * directory, with the records' descriptor closed.  SIGTERM, SIGINT and
 * SIGHUP are passed on to the program's process group; started from a
 * terminal it is the program's while it runs (give_terminal()); whatever the
 * program leaves running is killed when it ends.  The exit status is the
 * program's (a program killed by a signal kills this process likewise).
 */

#define _GNU_SOURCE
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ladder-ptrace.h"

static volatile int forward_signal;

static void
on_signal (int sig)
{
  forward_signal = sig;
}

/* No SA_RESTART: the signal must interrupt the tracer's waitpid(). */
static void
catch_signals (void)
{
  struct sigaction sa = { 0 };

  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
}

/* Where the system has no /etc/hosts at all (a minimal root, such as a
 * fresh debootstrap), there is nothing to bind-mount over: /etc gets an
 * overlay whose upper layer holds only HOSTS.  Upper and work directories
 * live on a tmpfs of this mount namespace, detached once the overlay holds
 * it, so nothing is left in the real /tmp. */
static gboolean
overlay_etc (const char *hosts, GError **error)
{
  g_autofree char *dir = g_dir_make_tmp ("wireladder-etc-XXXXXX", error);
  g_autofree char *upper = NULL, *work = NULL, *copy = NULL, *text = NULL, *options = NULL;
  gsize length = 0;
  gboolean ok;

  if (dir == NULL)
    return FALSE;
  if (mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "no /etc/hosts, and a tmpfs for an overlay of /etc: %s", g_strerror (errno));
      g_rmdir (dir);
      return FALSE;
    }
  upper = g_build_filename (dir, "upper", NULL);
  work = g_build_filename (dir, "work", NULL);
  copy = g_build_filename (upper, "hosts", NULL);
  options = g_strdup_printf ("lowerdir=/etc,upperdir=%s,workdir=%s", upper, work);
  ok = g_mkdir (upper, 0755) == 0 && g_mkdir (work, 0755) == 0
       && g_file_get_contents (hosts, &text, &length, error)
       && g_file_set_contents_full (copy, text, length, G_FILE_SET_CONTENTS_NONE, 0644, error);
  if (ok && mount ("overlay", "/etc", "overlay", 0, options) < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "no /etc/hosts, and an overlay of /etc: %s", g_strerror (errno));
      ok = FALSE;
    }
  umount2 (dir, MNT_DETACH);
  g_rmdir (dir);
  return ok;
}

/* A mount namespace of our own, where HOSTS is /etc/hosts.  Private
 * propagation first, so the bind mount never reaches the real system. */
static gboolean
use_hosts_file (const char *hosts, GError **error)
{
  if (unshare (CLONE_NEWNS) < 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                        "unshare(CLONE_NEWNS): %s", g_strerror (errno)), FALSE;
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                        "making mounts private: %s", g_strerror (errno)), FALSE;
  if (!g_file_test ("/etc/hosts", G_FILE_TEST_EXISTS))
    return overlay_etc (hosts, error);
  if (mount (hosts, "/etc/hosts", NULL, MS_BIND, NULL) < 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                        "bind-mounting %s over /etc/hosts: %s", hosts, g_strerror (errno)), FALSE;
  return TRUE;
}

static int
trace_fd_from_env (void)
{
  const char *text = g_getenv ("WIRELADDER_TRACE_FD");
  char *end = NULL;
  long fd;

  if (text == NULL || *text == '\0')
    return -1;
  fd = strtol (text, &end, 10);
  if (*end != '\0' || fd < 0 || fd > INT_MAX || fcntl ((int) fd, F_GETFD) < 0)
    return -1;
  /* The program must not write into the records' pipe. */
  fcntl ((int) fd, F_SETFD, FD_CLOEXEC);
  return (int) fd;
}

static char **
program_environ (void)
{
  char **envp = g_get_environ ();

  envp = g_environ_unsetenv (envp, "WIRELADDER_TRACE_FD");
  envp = g_environ_unsetenv (envp, "WIRELADDER_HOSTS_FILE");
  return envp;
}

/* Started from a terminal where we are in the foreground (`wireladder-cli
 * run-here` typed at a shell), the program, in a process group of its
 * own, gets the terminal: it can read it, and Ctrl-C reaches it.  TRUE
 * when it was given. */
static gboolean
give_terminal (pid_t pgid)
{
  if (!isatty (STDIN_FILENO) || tcgetpgrp (STDIN_FILENO) != getpgrp ())
    return FALSE;
  signal (SIGTTOU, SIG_IGN);  /* taking it back happens from the background */
  return tcsetpgrp (STDIN_FILENO, pgid) == 0;
}

/* The program's end, passed on as our own. */
static int G_GNUC_NORETURN
exit_like (int status)
{
  if (WIFSIGNALED (status))
    {
      signal (WTERMSIG (status), SIG_DFL);
      prctl (PR_SET_DUMPABLE, 0);  /* no core file of ours */
      raise (WTERMSIG (status));
      exit (128 + WTERMSIG (status));
    }
  exit (WIFEXITED (status) ? WEXITSTATUS (status) : 1);
}

int
main (int argc, char **argv)
{
  const char *hosts = g_getenv ("WIRELADDER_HOSTS_FILE");
  const char *host = g_getenv ("WIRELADDER_HOST");
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;
  LadderPtraceOptions options = { -1, host != NULL ? host : "", NULL };
  gboolean gave_terminal;
  int status;
  pid_t pid;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (argc < 4 || strcmp (argv[2], "--") != 0)
    {
      fprintf (stderr, "Usage: wireladder-trace NAME -- COMMAND [ARG...] (started by the lab and run-here)\n");
      return 2;
    }
  options.program = argv[1];
  options.trace_fd = trace_fd_from_env ();
  if (hosts != NULL && *hosts != '\0' && !use_hosts_file (hosts, &error))
    fprintf (stderr, "wireladder-trace: the lab's host names will not resolve for %s: %s\n",
             argv[1], error->message);
  g_clear_error (&error);
  envp = program_environ ();
  catch_signals ();
  pid = ladder_ptrace_spawn (argv + 3, envp, &error);
  if (pid < 0)
    {
      fprintf (stderr, "wireladder-trace: %s\n", error->message);
      return 126;
    }
  gave_terminal = give_terminal (pid);
  status = ladder_ptrace_run (pid, &options, &forward_signal);
  if (gave_terminal)
    tcsetpgrp (STDIN_FILENO, getpgrp ());
  exit_like (status);
}
