/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-cores.c: whether a second thread would find a core free.
 *
 * The decoding and formatting threads pay only when a core is free for
 * them: on a machine busy with other work the two threads wait on each
 * other.  Measured on the 1M-packet benchmark: idle machine, tcp 0.20 s
 * threaded against 0.27 s not; two other busy processes on 2 cores,
 * 0.40-0.50 s threaded against 0.27-0.41 s not.
 *
 * The load average cannot tell: it counts a process at nice 19 (a fuzzer,
 * a background build) as a busy core, though it gives way to us almost
 * entirely, and it trails the present by a minute.  So the processes
 * running right now at our priority or higher are counted in /proc.
 */
#include "ladder-cli.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Whether /proc/PID/stat says running (R) at a nice value up to MY_NICE. */
static gboolean
competes (int dir_fd, const char *pid, int my_nice)
{
  char path[64], buf[512];
  const char *p;
  int fd;
  ssize_t n;
  long nice;

  g_snprintf (path, sizeof path, "%s/stat", pid);
  if ((fd = openat (dir_fd, path, O_RDONLY | O_CLOEXEC)) < 0)
    return FALSE;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';
  /* "pid (comm) state ..."; comm may hold spaces and parentheses */
  if ((p = strrchr (buf, ')')) == NULL || p[1] != ' ' || p[2] != 'R')
    return FALSE;
  /* nice is the 19th field, the 17th after the state */
  p += 2;
  for (int field = 0; field < 16 && p != NULL; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL)
    return FALSE;
  nice = strtol (p + 1, NULL, 10);
  return nice <= my_nice;
}

/* Processes other than this one running now at our priority or higher;
 * -1 when /proc cannot be read. */
static int
count_competitors (void)
{
  DIR *proc = opendir ("/proc");
  g_autofree char *self = g_strdup_printf ("%d", (int) getpid ());
  int my_nice = getpriority (PRIO_PROCESS, 0), n = 0;
  struct dirent *e;

  if (proc == NULL)
    return -1;
  while ((e = readdir (proc)) != NULL)
    if (e->d_name[0] >= '1' && e->d_name[0] <= '9' && strcmp (e->d_name, self) != 0
        && competes (dirfd (proc), e->d_name, my_nice))
      n++;
  closedir (proc);
  return n;
}

gboolean
ladder_cli_second_core_free (void)
{
  const char *force = g_getenv ("WIRELADDER_DECODE_THREAD");
  long cpus = sysconf (_SC_NPROCESSORS_ONLN);
  int others;
  double load;

  if (force != NULL && *force != '\0')
    return !g_str_equal (force, "0");
  if (cpus < 2)
    return FALSE;
  if ((others = count_competitors ()) >= 0)
    return others <= cpus - 2;
  if (getloadavg (&load, 1) != 1)
    return TRUE;
  return load < (double) cpus - 1.0;
}
