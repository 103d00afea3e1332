/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ptrace.c: the tracer's loop (see ladder-ptrace.h).
 *
 * Each socket call costs the program two stops: the seccomp stop at entry
 * (arguments read, time stamped) and the syscall-exit stop (result, and
 * what the kernel then knows of the socket).  A read() or write() on a
 * descriptor that is no socket costs one stop and is let go at once.
 * Describing a call is ladder-ptrace-calls.c's work.
 */

#define _GNU_SOURCE
#include <gio/gio.h>
#include "ladder-ptrace-private.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
#define TRACE_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define TRACE_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "ladder-ptrace: unsupported architecture"
#endif

#define PTRACE_OPTIONS (PTRACE_O_TRACESECCOMP | PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK \
                        | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC \
                        | PTRACE_O_EXITKILL)

/* The calls the program stops at; everything else never reaches us. */
static const int traced_calls[] = {
  SYS_socket, SYS_bind, SYS_listen, SYS_accept, SYS_accept4, SYS_connect,
  SYS_sendto, SYS_sendmsg, SYS_write, SYS_writev, SYS_recvfrom, SYS_recvmsg,
  SYS_read, SYS_readv, SYS_pselect6, SYS_ppoll, SYS_epoll_pwait, SYS_setsockopt,
  SYS_shutdown, SYS_close, SYS_dup, SYS_dup3, SYS_close_range,
#ifdef SYS_select
  SYS_select,
#endif
#ifdef SYS_poll
  SYS_poll,
#endif
#ifdef SYS_epoll_wait
  SYS_epoll_wait,
#endif
#ifdef SYS_dup2
  SYS_dup2,
#endif
};

/* ---- the child's side ---- */

/* fcntl() stops only to duplicate a descriptor (F_DUPFD, F_DUPFD_CLOEXEC):
 * Python and the C library call it often for flags.  FIRST is where this
 * block starts in the program, TRACE_AT the SECCOMP_RET_TRACE at its end. */
static guint
filter_fcntl (struct sock_filter *code, guint first, guint trace_at)
{
  guint n = first;

  /* Not fcntl: on to the list (4 instructions on). */
  code[n] = (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, SYS_fcntl, 0, 4);
  n++;
  /* The command's low 32 bits (both architectures are little-endian). */
  code[n++] = (struct sock_filter) BPF_STMT (BPF_LD | BPF_W | BPF_ABS,
                                             offsetof (struct seccomp_data, args[1]));
  code[n] = (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, F_DUPFD, trace_at - n - 1, 0);
  n++;
  code[n] = (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, F_DUPFD_CLOEXEC,
                                           trace_at - n - 1, 0);
  n++;
  code[n++] = (struct sock_filter) BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  return n;
}

static int
install_filter (void)
{
  struct sock_filter code[4 + 5 + G_N_ELEMENTS (traced_calls) + 2];
  struct sock_fprog prog = { 0, code };
  guint n = 0, n_calls = G_N_ELEMENTS (traced_calls);

  code[n++] = (struct sock_filter) BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, arch));
  /* Another ABI (i386 on x86_64) has other numbers: not ours to stop. */
  code[n++] = (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, TRACE_AUDIT_ARCH, 1, 0);
  code[n++] = (struct sock_filter) BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  code[n++] = (struct sock_filter) BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr));
  n = filter_fcntl (code, n, G_N_ELEMENTS (code) - 1);
  for (guint i = 0; i < n_calls; i++)
    code[n++] = (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, traced_calls[i],
                                               n_calls - i, 0);
  code[n++] = (struct sock_filter) BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  code[n++] = (struct sock_filter) BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_TRACE);
  g_assert (n == G_N_ELEMENTS (code));
  prog.len = n;
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return -1;
  return (int) syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static void G_GNUC_NORETURN
child_main (char **argv, char **envp)
{
  char msg[512];
  int err;

  setpgid (0, 0);
  if (ptrace (PTRACE_TRACEME, 0, NULL, NULL) < 0 || raise (SIGSTOP) != 0)
    _exit (126);
  if (install_filter () < 0)
    {
      g_snprintf (msg, sizeof msg, "wireladder-trace: cannot install the seccomp filter: %s\n",
                  g_strerror (errno));
      (void) !write (STDERR_FILENO, msg, strlen (msg));
      _exit (126);
    }
  execvpe (argv[0], argv, envp);
  err = errno;
  g_snprintf (msg, sizeof msg, "wireladder-trace: cannot run “%s”: %s\n", argv[0], g_strerror (err));
  (void) !write (STDERR_FILENO, msg, strlen (msg));
  _exit (err == ENOENT ? 127 : 126);
}

pid_t
ladder_ptrace_spawn (char **argv, char **envp, GError **error)
{
  pid_t pid;
  int status;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, -1);

  pid = fork ();
  if (pid == 0)
    child_main (argv, envp);
  if (pid < 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "fork: %s",
                        g_strerror (errno)), -1;
  if (waitpid (pid, &status, __WALL) != pid || !WIFSTOPPED (status) || WSTOPSIG (status) != SIGSTOP
      || ptrace (PTRACE_SETOPTIONS, pid, NULL, (void *) (long) PTRACE_OPTIONS) < 0)
    {
      int err = errno;
      kill (pid, SIGKILL);
      waitpid (pid, NULL, __WALL);
      return g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                          "cannot trace “%s” (ptrace: %s)", argv[0], g_strerror (err)), -1;
    }
  return pid;
}

/* ---- processes and their descriptors ---- */

/* TID's process and its parent process (/proc/TID/status). */
static void
read_ids (pid_t tid, pid_t *tgid, pid_t *ppid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", tid);
  g_autofree char *text = NULL;
  const char *line;

  *tgid = tid;
  *ppid = 0;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;
  if ((line = strstr (text, "\nTgid:")) != NULL)
    *tgid = (pid_t) g_ascii_strtoll (line + 6, NULL, 10);
  if ((line = strstr (text, "\nPPid:")) != NULL)
    *ppid = (pid_t) g_ascii_strtoll (line + 6, NULL, 10);
}

static TraceProc *
proc_new (pid_t tgid, TraceProc *copy_from)
{
  TraceProc *proc = g_new0 (TraceProc, 1);

  proc->tgid = tgid;
  proc->refs = 1;
  proc->pidfd = (int) syscall (SYS_pidfd_open, tgid, 0);
  proc->fds = g_hash_table_new (NULL, NULL);
  proc->conns = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  if (copy_from != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, copy_from->fds);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (proc->fds, key, value);
      g_hash_table_iter_init (&iter, copy_from->conns);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (proc->conns, key, g_memdup2 (value, sizeof (TraceConn)));
    }
  return proc;
}

static void
proc_unref (TraceProc *proc)
{
  if (--proc->refs > 0)
    return;
  if (proc->pidfd >= 0)
    close (proc->pidfd);
  g_hash_table_destroy (proc->fds);
  g_hash_table_destroy (proc->conns);
  g_free (proc);
}

int
ladder_ptrace_getfd (TraceProc *proc, int fd)
{
  if (proc->pidfd < 0 || fd < 0)
    return -1;
  return (int) syscall (SYS_pidfd_getfd, proc->pidfd, fd, 0);
}

/* What FD is in PROC: a socket of ours (IPv4/IPv6, with its protocol),
 * or not.  A program gets sockets only from socket() and accept(), which
 * stop here, or from its parent: those it has at exec are looked up then
 * (ladder_ptrace_scan_fds), and a fork's child inherits its parent's
 * table.  So a descriptor not known as a socket is none, and the reads,
 * writes and closes of an interpreter loading its modules cost a stop
 * each and no look-up. */
guint
ladder_ptrace_fd_kind (TraceProc *proc, int fd)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (proc->fds, GINT_TO_POINTER (fd + 1)));
}

/* The sockets PROC holds now (/proc/PID/fd links "socket:[INODE]"). */
void
ladder_ptrace_scan_fds (TraceProc *proc)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", proc->tgid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_hash_table_remove_all (proc->fds);
  g_hash_table_remove_all (proc->conns);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link_path = g_build_filename (path, name, NULL);
      g_autofree char *link = g_file_read_link (link_path, NULL);
      int fd = atoi (name);

      if (link != NULL && g_str_has_prefix (link, "socket:["))
        {
          guint kind = ladder_ptrace_socket_kind (proc, fd);
          if (kind & TRACE_FD_INET)
            g_hash_table_insert (proc->fds, GINT_TO_POINTER (fd + 1), GUINT_TO_POINTER (kind));
        }
    }
}

void
ladder_ptrace_fd_set (TraceProc *proc, int fd, guint kind)
{
  if (fd < 0)
    return;
  g_hash_table_remove (proc->conns, GINT_TO_POINTER (fd + 1));
  if (kind == TRACE_FD_NONE)
    g_hash_table_remove (proc->fds, GINT_TO_POINTER (fd + 1));
  else
    g_hash_table_insert (proc->fds, GINT_TO_POINTER (fd + 1), GUINT_TO_POINTER (kind));
}

gboolean
ladder_ptrace_has_sockets (TraceProc *proc)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, proc->fds);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (GPOINTER_TO_UINT (value) & TRACE_FD_INET)
      return TRUE;
  return FALSE;
}

gsize
ladder_ptrace_read (TraceTask *task, guint64 addr, void *buf, gsize len)
{
  struct iovec local = { buf, len }, remote = { (void *) (guintptr) addr, len };
  ssize_t n;

  if (addr == 0 || len == 0)
    return 0;
  n = process_vm_readv (task->tid, &local, 1, &remote, 1, 0);
  return n > 0 ? (gsize) n : 0;
}

/* ---- the loop ---- */

typedef struct
{
  const LadderPtraceOptions *options;
  GHashTable *tasks;    /* tid → TraceTask */
} Tracer;

static void
task_free (gpointer data)
{
  TraceTask *task = data;

  proc_unref (task->proc);
  g_free (task);
}

/* A task of process TGID already traced (a thread's), or NULL. */
static TraceTask *
find_process (Tracer *tracer, pid_t tgid)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, tracer->tasks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((TraceTask *) value)->proc->tgid == tgid)
      return value;
  return NULL;
}

/* A task first seen: a child announced by its parent's event, or one whose
 * own first stop came before that event (its parent is then found by its
 * ids: a thread shares its process's descriptors, a forked child starts
 * with a copy of its parent's, so its inherited sockets are known before
 * it runs). */
static TraceTask *
task_get (Tracer *tracer, pid_t tid, TraceTask *parent)
{
  TraceTask *task = g_hash_table_lookup (tracer->tasks, GINT_TO_POINTER (tid));
  pid_t tgid, ppid;

  if (task != NULL)
    return task;
  task = g_new0 (TraceTask, 1);
  task->tid = tid;
  read_ids (tid, &tgid, &ppid);
  if (parent == NULL)
    parent = find_process (tracer, tgid);
  if (parent == NULL && ppid != 0)
    parent = find_process (tracer, ppid);
  if (parent != NULL && parent->proc->tgid == tgid)
    {
      task->proc = parent->proc;  /* a thread shares its descriptors */
      task->proc->refs++;
    }
  else
    task->proc = proc_new (tgid, parent != NULL ? parent->proc : NULL);
  task->options = tracer->options;
  g_hash_table_insert (tracer->tasks, GINT_TO_POINTER (tid), task);
  return task;
}

static gboolean
get_info (pid_t tid, TraceSyscallInfo *info)
{
  memset (info, 0, sizeof *info);
  return ptrace (PTRACE_GET_SYSCALL_INFO, tid, (void *) sizeof *info, info) > 0;
}

static void
on_seccomp (TraceTask *task)
{
  TraceSyscallInfo info;

  if (get_info (task->tid, &info) && info.op == TRACE_OP_SECCOMP
      && ladder_ptrace_call_enter (task, info.nr, info.args))
    {
      task->in_call = TRUE;
      ptrace (PTRACE_SYSCALL, task->tid, NULL, NULL);
      return;
    }
  ptrace (PTRACE_CONT, task->tid, NULL, NULL);
}

static void
on_syscall_stop (TraceTask *task)
{
  TraceSyscallInfo info;

  if (task->in_call && get_info (task->tid, &info) && info.op == TRACE_OP_EXIT)
    ladder_ptrace_call_exit (task, info.rval, info.is_error);
  task->in_call = FALSE;
  ptrace (PTRACE_CONT, task->tid, NULL, NULL);
}

static void
on_event (Tracer *tracer, TraceTask *task, int event)
{
  unsigned long msg = 0;

  if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK || event == PTRACE_EVENT_CLONE)
    {
      TraceTask *child;

      if (ptrace (PTRACE_GETEVENTMSG, task->tid, NULL, &msg) == 0
          && (child = task_get (tracer, (pid_t) msg, task))->proc != task->proc)
        ladder_ptrace_emit_fork (task, child->proc->tgid);
    }
  else if (event == PTRACE_EVENT_EXEC)
    ladder_ptrace_scan_fds (task->proc);  /* close-on-exec did its work */
  task->in_call = FALSE;
  ptrace (PTRACE_CONT, task->tid, NULL, NULL);
}

/* A group-stop (SIGSTOP, SIGTSTP delivered) has no signal to pass on:
 * passing it again would stop the program again, forever. */
static gboolean
is_group_stop (pid_t tid)
{
  siginfo_t info;

  return ptrace (PTRACE_GETSIGINFO, tid, NULL, &info) < 0 && errno == EINVAL;
}

static void
on_stop (Tracer *tracer, pid_t tid, int status)
{
  TraceTask *task = task_get (tracer, tid, NULL);
  int sig = WSTOPSIG (status), event = status >> 16;

  if (event == PTRACE_EVENT_SECCOMP)
    on_seccomp (task);
  else if (sig == (SIGTRAP | 0x80))
    on_syscall_stop (task);
  else if (event != 0)
    on_event (tracer, task, event);
  else if (!task->started && sig == SIGSTOP)
    {
      /* A new child's first stop: ours, not the program's. */
      task->started = TRUE;
      ptrace (PTRACE_CONT, tid, NULL, NULL);
    }
  else if (is_group_stop (tid))
    ptrace (PTRACE_CONT, tid, NULL, NULL);  /* a stopped program would only hang the lab */
  else
    ptrace (PTRACE_CONT, tid, NULL, (void *) (long) sig);
  task->started = TRUE;
}

int
ladder_ptrace_run (pid_t pid, const LadderPtraceOptions *options, volatile int *forward)
{
  Tracer tracer = { options, g_hash_table_new_full (NULL, NULL, NULL, task_free) };
  TraceTask *main_task = task_get (&tracer, pid, NULL);
  int status = 0, main_status = 0;

  main_task->started = TRUE;
  ptrace (PTRACE_CONT, pid, NULL, NULL);
  for (;;)
    {
      pid_t tid;

      if (forward != NULL && *forward != 0)
        {
          kill (-pid, *forward);
          *forward = 0;
        }
      tid = waitpid (-1, &status, __WALL);
      if (tid < 0 && errno == EINTR)
        continue;
      if (tid < 0)
        break;
      if (WIFSTOPPED (status))
        on_stop (&tracer, tid, status);
      else if (WIFEXITED (status) || WIFSIGNALED (status))
        {
          g_hash_table_remove (tracer.tasks, GINT_TO_POINTER (tid));
          if (tid == pid)
            {
              main_status = status;
              break;
            }
        }
    }
  /* What the program left running goes with it. */
  kill (-pid, SIGKILL);
  g_hash_table_destroy (tracer.tasks);
  return main_status;
}
