/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-cores.c: whether a second thread would find a core free,
 * and two threads kept on a core each.
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
#define _GNU_SOURCE 1  /* sched_getcpu, pthread_setaffinity_np */
#include "ladder-cli.h"

#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* PF_KTHREAD of the flags in /proc/PID/stat (include/linux/sched.h). */
#define KERNEL_THREAD 0x00200000UL

/* The N-th field after the state field P points at, or NULL. */
static const char *
field_after (const char *p, int n)
{
  for (int field = 0; field < n && p != NULL; field++)
    if ((p = strchr (p, ' ')) != NULL)
      p++;
  return p;
}

/* The kernel's own threads do not count: they run in short bursts.  On an
 * idle machine of this project (kdamond reclaiming memory, kworkers, RCU)
 * one of them was running in 15 of 3000 looks, and each such look cost
 * the whole command its second thread (tcp --json 0.22 s, not 0.17). */
gboolean
ladder_cli_stat_competes (const char *stat, int my_nice)
{
  const char *p, *flags, *nice;

  /* "pid (comm) state ..."; comm may hold spaces and parentheses */
  if ((p = strrchr (stat, ')')) == NULL || p[1] != ' ' || p[2] != 'R')
    return FALSE;
  /* the state is the 3rd field, flags the 9th, nice the 19th */
  p += 2;
  if ((flags = field_after (p, 6)) == NULL || (nice = field_after (flags, 10)) == NULL)
    return FALSE;
  return strtol (nice, NULL, 10) <= my_nice && !(strtoul (flags, NULL, 10) & KERNEL_THREAD);
}

static gboolean
competes (int dir_fd, const char *pid, int my_nice)
{
  char path[64], buf[512];
  int fd;
  ssize_t n;

  g_snprintf (path, sizeof path, "%s/stat", pid);
  if ((fd = openat (dir_fd, path, O_RDONLY | O_CLOEXEC)) < 0)
    return FALSE;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';
  return ladder_cli_stat_competes (buf, my_nice);
}

/* Processes other than this one running now at our priority or higher;
 * -1 when /proc cannot be read. */
static int
count_competitors (void)
{
  DIR *proc = opendir ("/proc");
  g_autofree char *self = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *parent = g_strdup_printf ("%d", (int) getppid ());
  int my_nice = getpriority (PRIO_PROCESS, 0), n = 0;
  struct dirent *e;

  if (proc == NULL)
    return -1;
  /* Nor does the parent: it has just started this command and is about
   * to wait for it.  A benchmark's Python parent was still running in 2
   * of 12 looks, and each such run read on one thread (0.18 s, not 0.10). */
  while ((e = readdir (proc)) != NULL)
    if (e->d_name[0] >= '1' && e->d_name[0] <= '9' && strcmp (e->d_name, self) != 0
        && strcmp (e->d_name, parent) != 0 && competes (dirfd (proc), e->d_name, my_nice))
      n++;
  closedir (proc);
  return n;
}

#define LOOKS         3
#define LOOK_APART_US 1000

gboolean
ladder_cli_second_core_free (void)
{
  const char *force = g_getenv ("WIRELADDER_DECODE_THREAD");
  long cpus = sysconf (_SC_NPROCESSORS_ONLN);
  int others = -1;
  double load;

  if (force != NULL && *force != '\0')
    return !g_str_equal (force, "0");
  if (cpus < 2)
    return FALSE;
  /* A process seen running may be in a burst of a millisecond: looks
   * that far apart must all find too many before the command keeps to
   * one thread, which costs it most of a second core's worth. */
  for (int look = 0; look < LOOKS && (others = count_competitors ()) >= 0; look++)
    {
      if (others <= cpus - 2)
        return TRUE;
      if (look + 1 < LOOKS)
        g_usleep (LOOK_APART_US);
    }
  if (others >= 0)
    return FALSE;
  if (getloadavg (&load, 1) != 1)
    return TRUE;
  return load < (double) cpus - 1.0;
}

/* Why the pair's threads are kept apart.  The scheduler sometimes puts a
 * thread it wakes on the waker's core, and the two then share one core
 * until the next balancing: getrusage counted about a hundred such
 * switches between the reading and analysis threads in each run of the
 * benchmark (tcp --json, real-traffic shape), and with the analysis
 * thread spinning for its next batch (LadderHandoff) a shared core is
 * worse still.  Kept apart, the same runs took 0.169-0.179 s against
 * 0.183-0.195 s.  Only while they work together: a thread started by a
 * pinned thread inherits its one core, so the formatting thread started
 * later would otherwise share the first. */
struct _LadderCliPair
{
  cpu_set_t saved;     /* the first thread's cores before the pair */
  int       other;     /* the helper's core, or -1: no pinning */
};

static void
pin_to (int cpu)
{
  cpu_set_t one;

  CPU_ZERO (&one);
  CPU_SET (cpu, &one);
  pthread_setaffinity_np (pthread_self (), sizeof one, &one);
}

LadderCliPair *
ladder_cli_pair_begin (void)
{
  LadderCliPair *pair = g_new0 (LadderCliPair, 1);
  int here = sched_getcpu ();

  pair->other = -1;
  if (here < 0 || pthread_getaffinity_np (pthread_self (), sizeof pair->saved, &pair->saved) != 0)
    return pair;
  /* the next allowed core after this one, round the set */
  for (int i = 1; i < CPU_SETSIZE && pair->other < 0; i++)
    if (CPU_ISSET ((here + i) % CPU_SETSIZE, &pair->saved))
      pair->other = (here + i) % CPU_SETSIZE;
  if (pair->other >= 0)
    pin_to (here);
  return pair;
}

void
ladder_cli_pair_enter (const LadderCliPair *pair)
{
  if (pair->other >= 0)
    pin_to (pair->other);
}

void
ladder_cli_pair_end (LadderCliPair *pair)
{
  if (pair->other >= 0)
    pthread_setaffinity_np (pthread_self (), sizeof pair->saved, &pair->saved);
  g_free (pair);
}
