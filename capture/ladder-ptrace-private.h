/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ptrace-private.h: what the tracer's loop (ladder-ptrace.c) and
 * its call descriptions (ladder-ptrace-calls.c) share. */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "ladder-events.h"
#include "ladder-ptrace.h"

G_BEGIN_DECLS

/* PTRACE_GET_SYSCALL_INFO's answer (linux/ptrace.h, which clashes with
 * sys/ptrace.h). */
#define TRACE_OP_EXIT    2
#define TRACE_OP_SECCOMP 3

typedef struct
{
  guint8  op;
  guint8  pad[3];
  guint32 arch;
  guint64 instruction_pointer;
  guint64 stack_pointer;
  union
  {
    struct
    {
      guint64 nr;
      guint64 args[6];
      guint32 ret_data;
    };
    struct
    {
      gint64 rval;
      guint8 is_error;
    };
  };
} TraceSyscallInfo;

/* What a descriptor is, as remembered per process (0: not known yet). */
#define TRACE_FD_NONE   0u        /* no socket of ours */
#define TRACE_FD_OTHER  1u        /* a socket of another family (AF_UNIX, netlink) */
#define TRACE_FD_INET   0x100u    /* an IPv4/IPv6 socket; the low byte is its protocol */

/* A connected TCP socket's addresses do not change: asked once. */
typedef struct
{
  LadderAddr local_addr, peer_addr;
  guint16    local_port, peer_port;
  guint64    cookie;
} TraceConn;

typedef struct
{
  pid_t       tgid;
  int         pidfd;      /* for pidfd_getfd(): the socket's addresses */
  GHashTable *fds;        /* fd + 1 → TRACE_FD_* */
  GHashTable *conns;      /* fd + 1 → TraceConn: connected TCP sockets' addresses */
  guint       refs;       /* threads share one */
} TraceProc;

typedef struct
{
  pid_t                      tid;
  TraceProc                 *proc;
  const LadderPtraceOptions *options;
  gboolean                   started;  /* its first stop was seen */
  gboolean                   in_call;  /* a call to describe at its exit stop */
  guint64                    nr;
  guint64                    args[6];
  gint64                     start_mono;
  LadderSocketCall           call;     /* filled in at entry, finished at exit */
  guint64                    cookie;   /* SO_COOKIE of the socket described */
  int                        holder_fd; /* close(): a dup() of the socket still open, or -1 */
  char                       before[48]; /* select(): the read set asked about */
} TraceTask;

/* Entry of call NR with ARGS: TRUE when its exit is wanted. */
gboolean ladder_ptrace_call_enter (TraceTask *task, guint64 nr, const guint64 *args);
/* Its exit: writes the record. */
void     ladder_ptrace_call_exit  (TraceTask *task, gint64 rval, gboolean is_error);
/* PARENT made process CHILD (fork, vfork, clone without CLONE_THREAD). */
void     ladder_ptrace_emit_fork  (TraceTask *parent, pid_t child);

guint    ladder_ptrace_fd_kind     (TraceProc *proc, int fd);
void     ladder_ptrace_scan_fds    (TraceProc *proc);
void     ladder_ptrace_fd_set      (TraceProc *proc, int fd, guint kind);
gboolean ladder_ptrace_has_sockets (TraceProc *proc);
/* The kind of socket FD of PROC (TRACE_FD_INET | protocol, or OTHER). */
guint    ladder_ptrace_socket_kind (TraceProc *proc, int fd);
/* A copy of PROC's descriptor FD in this process (close it), or -1. */
int      ladder_ptrace_getfd       (TraceProc *proc, int fd);
/* Up to LEN bytes at ADDR in TASK; how many were read. */
gsize    ladder_ptrace_read        (TraceTask *task, guint64 addr, void *buf, gsize len);

G_END_DECLS
