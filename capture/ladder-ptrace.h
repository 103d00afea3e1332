/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ptrace.h: socket calls of any program, traced from outside.
 *
 * The built-in endpoints record their own calls (link-time wrapping,
 * capture/endpoints/ladder-trace.c); a student's program or the course's
 * Python scripts cannot be relinked, and a static binary ignores
 * LD_PRELOAD.  So the lab runs them under this tracer: ptrace, with a
 * seccomp-BPF filter that stops the program only at socket-related system
 * calls (as `strace --seccomp-bpf` does), everything else running at full
 * speed.  The tracer is the program's parent, which Yama's ptrace_scope 1
 * allows, and needs no privilege: it works in the lab's user namespace.
 *
 * Each call on an IPv4 or IPv6 socket becomes one LadderSocketCall record
 * written to TRACE_FD exactly as the endpoints write theirs (a 4-byte
 * little-endian length, then the Custom Block body), so the runner's trace
 * pipe takes both alike.  Calls on files, pipes, terminals and other
 * socket families are not recorded: which descriptors are sockets is known
 * per process from socket()/accept() results and, for inherited ones, from
 * /proc/PID/fd.  Children (fork, vfork, clone) are traced too, and die
 * with the tracer (PTRACE_O_EXITKILL).
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef struct
{
  int         trace_fd;      /* where the records go; -1: nowhere (still traced) */
  const char *host;          /* "server", "client2" */
  const char *program;       /* "upper_server.py" */
} LadderPtraceOptions;

/* Starts ARGV (looked up in PATH) as a traced child in its own process
 * group; returns its pid, or -1 with ERROR set.  The child's stdio is this
 * process's. */
pid_t ladder_ptrace_spawn (char **argv, char **envp, GError **error);

/* Traces PID (from ladder_ptrace_spawn) and its children until PID ends;
 * returns its wait status.  While it waits, *FORWARD (when not NULL and
 * non-zero) is a signal to send to the child's process group: it is read
 * and cleared whenever a signal interrupts the wait. */
int   ladder_ptrace_run   (pid_t pid, const LadderPtraceOptions *options,
                           volatile int *forward);

G_END_DECLS
