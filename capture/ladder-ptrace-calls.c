/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ptrace-calls.c: one traced system call → one LadderSocketCall,
 * written as capture/endpoints/ladder-trace.c writes the endpoints' calls
 * (same kinds, same argument text), so a Python client's ladder reads like
 * a built-in one.  Arguments are read from the program's memory
 * (process_vm_readv); the socket's addresses are asked of a copy of its
 * descriptor (pidfd_getfd), as the endpoints ask of their own.
 */

#define _GNU_SOURCE
#include "ladder-ptrace-private.h"

#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "ladder-tcp.h"
#include "ladder-trace-format.h"
#include "ladder-trace-sockdiag.h"

#define MAX_POLL_FDS 32

static gint64
clock_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

guint
ladder_ptrace_socket_kind (TraceProc *proc, int fd)
{
  int copy = ladder_ptrace_getfd (proc, fd);
  int domain = 0, protocol = 0;
  socklen_t len = sizeof domain;

  if (copy < 0)
    return TRACE_FD_OTHER;
  getsockopt (copy, SOL_SOCKET, SO_DOMAIN, &domain, &len);
  len = sizeof protocol;
  getsockopt (copy, SOL_SOCKET, SO_PROTOCOL, &protocol, &len);
  close (copy);
  if (domain != AF_INET && domain != AF_INET6)
    return TRACE_FD_OTHER;
  return TRACE_FD_INET | (guint) (protocol & 0xff);
}

static gboolean
cached_conn (TraceTask *task, int fd)
{
  const TraceConn *conn = g_hash_table_lookup (task->proc->conns, GINT_TO_POINTER (fd + 1));

  if (conn == NULL)
    return FALSE;
  task->call.protocol = IPPROTO_TCP;
  task->call.local_addr = conn->local_addr;
  task->call.local_port = conn->local_port;
  task->call.peer_addr = conn->peer_addr;
  task->call.peer_port = conn->peer_port;
  task->cookie = conn->cookie;
  return TRUE;
}

static void
cache_conn (TraceTask *task, int fd)
{
  TraceConn conn = { task->call.local_addr, task->call.peer_addr, task->call.local_port,
                     task->call.peer_port, task->cookie };

  if (task->call.protocol == IPPROTO_TCP && conn.local_port != 0 && conn.peer_port != 0)
    g_hash_table_insert (task->proc->conns, GINT_TO_POINTER (fd + 1), g_memdup2 (&conn, sizeof conn));
}

/* Protocol and both addresses of the program's FD, as the kernel has them
 * (once per TCP connection: they do not change). */
static void
socket_info (TraceTask *task, int fd)
{
  struct sockaddr_storage addr;
  socklen_t len;
  int protocol = 0;
  int copy;

  if (cached_conn (task, fd))
    return;
  copy = ladder_ptrace_getfd (task->proc, fd);
  if (copy < 0)
    return;
  len = sizeof protocol;
  if (getsockopt (copy, SOL_SOCKET, SO_PROTOCOL, &protocol, &len) == 0 && protocol > 0 && protocol < 256)
    task->call.protocol = (guint8) protocol;
  len = sizeof addr;
  if (getsockname (copy, (struct sockaddr *) &addr, &len) == 0)
    ladder_trace_sockaddr ((struct sockaddr *) &addr, len, &task->call.local_addr, &task->call.local_port);
  len = sizeof addr;
  if (getpeername (copy, (struct sockaddr *) &addr, &len) == 0)
    ladder_trace_sockaddr ((struct sockaddr *) &addr, len, &task->call.peer_addr, &task->call.peer_port);
  len = sizeof task->cookie;
  if (getsockopt (copy, SOL_SOCKET, SO_COOKIE, &task->cookie, &len) < 0)
    task->cookie = 0;
  close (copy);
  cache_conn (task, fd);
}

static void
begin (TraceTask *task, LadderCallKind kind, int fd)
{
  memset (&task->call, 0, sizeof task->call);
  task->call.ts_ns = clock_ns (CLOCK_REALTIME);
  task->start_mono = clock_ns (CLOCK_MONOTONIC);
  task->call.pid = (guint32) task->proc->tgid;
  task->call.kind = (guint8) kind;
  task->call.fd = fd;
  task->cookie = 0;
  task->holder_fd = -1;
  g_strlcpy (task->call.host, task->options->host, sizeof task->call.host);
  g_strlcpy (task->call.program, task->options->program, sizeof task->call.program);
}

static void
set_args (TraceTask *task, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
set_args (TraceTask *task, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_vsnprintf (task->call.args, sizeof task->call.args, format, ap);
  va_end (ap);
}

/* One write: records from several tracers sharing the pipe stay whole. */
static void
send_frame (TraceTask *task, GByteArray *frame)
{
  guint32 body_len;
  ssize_t n;

  body_len = frame->len - 4;
  for (guint i = 0; i < 4; i++)
    frame->data[i] = (guint8) (body_len >> (8 * i));
  if (frame->len >= PIPE_BUF)
    return;
  do
    n = write (task->options->trace_fd, frame->data, frame->len);
  while (n < 0 && errno == EINTR);
}

static void
emit (TraceTask *task)
{
  g_autoptr(GByteArray) frame = g_byte_array_sized_new (512);
  guint8 length[4] = { 0 };

  if (task->options->trace_fd < 0)
    return;
  g_byte_array_append (frame, length, sizeof length);
  ladder_events_encode_call (frame, &task->call);
  send_frame (task, frame);
}

/* A new process: the ladder follows its inherited descriptors from the
 * parent's (fd lineage across the fork).  Only a process holding sockets
 * of ours says so. */
void
ladder_ptrace_emit_fork (TraceTask *parent, pid_t child)
{
  TraceTask task = *parent;

  if (!ladder_ptrace_has_sockets (parent->proc))
    return;
  begin (&task, LADDER_CALL_FORK, -1);
  task.call.result = child;
  emit (&task);
}

/* Calls after which a TCP connection may be in another state: asking the
 * kernel after every send and recv would double the cost of tracing. */
static gboolean
changes_state (const LadderSocketCall *call)
{
  switch (call->kind)
    {
    case LADDER_CALL_CONNECT: case LADDER_CALL_ACCEPT: case LADDER_CALL_SHUTDOWN:
    case LADDER_CALL_CLOSE:
      return TRUE;
    case LADDER_CALL_RECV: case LADDER_CALL_RECVFROM:
      return call->result <= 0;   /* the peer's FIN (CLOSE_WAIT), or a reset */
    case LADDER_CALL_SEND: case LADDER_CALL_SENDTO:
      return call->result < 0;    /* EPIPE, ECONNRESET */
    default:
      return FALSE;
    }
}

/* The state the call left its TCP connection in, asked of the kernel at
 * once (as the endpoints do, ladder-trace.c): the runner's samples come
 * too late for a lab exchange over within a millisecond. */
static void
emit_state (TraceTask *task)
{
  g_autoptr(GByteArray) frame = g_byte_array_sized_new (256);
  const LadderSocketCall *call = &task->call;
  LadderSocketState state = { 0 };
  guint8 length[4] = { 0 };
  gboolean closed = call->kind == LADDER_CALL_CLOSE;

  if (task->options->trace_fd < 0 || call->protocol != IPPROTO_TCP || call->local_port == 0
      || call->peer_port == 0 || !changes_state (call))
    return;
  if (!ladder_trace_sockdiag_lookup (&call->local_addr, call->local_port, &call->peer_addr,
                                     call->peer_port, task->cookie, &state))
    state.state = LADDER_TCP_CLOSED;
  state.ts_ns = clock_ns (CLOCK_REALTIME);
  state.pid = call->pid;
  state.fd = closed ? task->holder_fd
             : call->kind == LADDER_CALL_ACCEPT ? (gint32) call->result : call->fd;
  state.protocol = IPPROTO_TCP;
  state.local_addr = call->local_addr;
  state.local_port = call->local_port;
  state.peer_addr = call->peer_addr;
  state.peer_port = call->peer_port;
  memcpy (state.host, call->host, sizeof state.host);
  memcpy (state.program, call->program, sizeof state.program);
  g_byte_array_append (frame, length, sizeof length);
  ladder_events_encode_state (frame, &state);
  send_frame (task, frame);
}

/* ---- arguments in the program's memory ---- */

/* The sockaddr at ADDR (LEN bytes), as "10.0.4.2:7"; PEER gets it too. */
static const char *
remote_sockaddr (TraceTask *task, guint64 addr, guint64 len, char out[LADDER_TRACE_ADDRSTRLEN],
                 gboolean peer)
{
  struct sockaddr_storage sa = { 0 };
  gsize n;

  if (addr == 0)
    return "NULL";
  n = ladder_ptrace_read (task, addr, &sa, MIN (len, sizeof sa));
  if (n < sizeof (sa_family_t))
    return "?";
  if (peer)
    ladder_trace_sockaddr ((struct sockaddr *) &sa, n, &task->call.peer_addr, &task->call.peer_port);
  return ladder_trace_sockaddr_string ((struct sockaddr *) &sa, n, out);
}

/* "\"hello\"" for the first bytes of the buffer at ADDR (N bytes long). */
static const char *
remote_data (TraceTask *task, guint64 addr, gsize n, char out[LADDER_TRACE_DATASTRLEN])
{
  guint8 buf[64];
  gsize got = ladder_ptrace_read (task, addr, buf, MIN (n, sizeof buf));

  return ladder_trace_data (buf, got, out);
}

/* The first iovec of an array at ADDR. */
static gboolean
remote_iovec (TraceTask *task, guint64 addr, struct iovec *iov)
{
  return ladder_ptrace_read (task, addr, iov, sizeof *iov) == sizeof *iov;
}

static gboolean
remote_msghdr (TraceTask *task, guint64 addr, struct msghdr *msg, struct iovec *first)
{
  memset (first, 0, sizeof *first);
  if (ladder_ptrace_read (task, addr, msg, sizeof *msg) != sizeof *msg)
    return FALSE;
  if (msg->msg_iovlen > 0)
    remote_iovec (task, (guint64) (guintptr) msg->msg_iov, first);
  return TRUE;
}

/* ---- entry ---- */

static LadderCallKind
kind_of (guint64 nr, const guint64 *args)
{
  switch (nr)
    {
    case SYS_bind: return LADDER_CALL_BIND;
    case SYS_listen: return LADDER_CALL_LISTEN;
    case SYS_accept: case SYS_accept4: return LADDER_CALL_ACCEPT;
    case SYS_connect: return LADDER_CALL_CONNECT;
    case SYS_sendto: return args[4] != 0 ? LADDER_CALL_SENDTO : LADDER_CALL_SEND;
    case SYS_recvfrom: return args[4] != 0 ? LADDER_CALL_RECVFROM : LADDER_CALL_RECV;
    case SYS_sendmsg: return LADDER_CALL_SENDTO;
    case SYS_recvmsg: return LADDER_CALL_RECVFROM;
    case SYS_write: case SYS_writev: return LADDER_CALL_SEND;
    case SYS_read: case SYS_readv: return LADDER_CALL_RECV;
    case SYS_setsockopt: return LADDER_CALL_SETSOCKOPT;
    case SYS_shutdown: return LADDER_CALL_SHUTDOWN;
    default: return LADDER_CALL_CLOSE;
    }
}

static void
forget_range (TraceProc *proc, guint64 first, guint64 last)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, proc->fds);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint64 fd = (guint64) GPOINTER_TO_INT (key) - 1;
      if (fd >= first && fd <= last)
        g_hash_table_iter_remove (&iter);
    }
}

/* select()'s sets: worth recording when they hold one of our sockets. */
static gboolean
select_enter (TraceTask *task, const guint64 *args)
{
  fd_set sets[2];
  int nfds = (int) MIN (args[0], (guint64) FD_SETSIZE);
  gboolean ours = FALSE;

  memset (sets, 0, sizeof sets);
  ladder_ptrace_read (task, args[1], &sets[0], sizeof sets[0]);
  ladder_ptrace_read (task, args[2], &sets[1], sizeof sets[1]);
  for (int fd = 0; fd < nfds && !ours; fd++)
    if (FD_ISSET (fd, &sets[0]) || FD_ISSET (fd, &sets[1]))
      ours = (ladder_ptrace_fd_kind (task->proc, fd) & TRACE_FD_INET) != 0;
  if (!ours)
    return FALSE;
  begin (task, LADDER_CALL_SELECT, -1);
  ladder_trace_fd_set (nfds, args[1] != 0 ? &sets[0] : NULL, task->before, sizeof task->before);
  return TRUE;
}

static gboolean
poll_enter (TraceTask *task, const guint64 *args)
{
  struct pollfd fds[MAX_POLL_FDS];
  gsize n = ladder_ptrace_read (task, args[0], fds, MIN (args[1], MAX_POLL_FDS) * sizeof fds[0]);
  gboolean ours = FALSE;
  GString *text = g_string_new ("[");

  for (gsize i = 0; i < n / sizeof fds[0]; i++)
    {
      ours |= (ladder_ptrace_fd_kind (task->proc, fds[i].fd) & TRACE_FD_INET) != 0;
      g_string_append_printf (text, "%s%d", i > 0 ? ", " : "", fds[i].fd);
    }
  g_string_append_c (text, ']');
  if (ours)
    {
      begin (task, LADDER_CALL_SELECT, -1);
      g_strlcpy (task->before, text->str, sizeof task->before);
    }
  g_string_free (text, TRUE);
  return ours;
}

static gboolean
fd_call_enter (TraceTask *task, guint64 nr, const guint64 *args)
{
  int fd = (int) args[0];
  guint kind = ladder_ptrace_fd_kind (task->proc, fd);

  if (!(kind & TRACE_FD_INET))
    {
      if (nr == SYS_close)
        ladder_ptrace_fd_set (task->proc, fd, TRACE_FD_NONE);
      return FALSE;
    }
  begin (task, kind_of (nr, args), fd);
  task->call.protocol = (guint8) (kind & 0xff);
  /* Once closed or shut down the descriptor may say nothing more. */
  if (nr == SYS_close || nr == SYS_shutdown)
    socket_info (task, fd);
  return TRUE;
}

/* The name of the system call NR where its kind's name would say another
 * (ladder-events.h): what strace, and the kernel, call it. */
static guint8
syscall_of (guint64 nr, guint8 kind)
{
  switch (nr)
    {
#ifdef SYS_dup2
    case SYS_dup2: return LADDER_CALL_SYSCALL_DUP2;
#endif
    case SYS_dup3: return LADDER_CALL_SYSCALL_DUP3;
    case SYS_fcntl: return LADDER_CALL_SYSCALL_FCNTL;
    case SYS_accept4: return LADDER_CALL_SYSCALL_ACCEPT4;
    case SYS_write: return LADDER_CALL_SYSCALL_WRITE;
    case SYS_writev: return LADDER_CALL_SYSCALL_WRITEV;
    case SYS_sendto: return kind == LADDER_CALL_SEND ? LADDER_CALL_SYSCALL_SENDTO : LADDER_CALL_SYSCALL_KIND;
    case SYS_sendmsg: return LADDER_CALL_SYSCALL_SENDMSG;
    case SYS_read: return LADDER_CALL_SYSCALL_READ;
    case SYS_readv: return LADDER_CALL_SYSCALL_READV;
    case SYS_recvfrom: return kind == LADDER_CALL_RECV ? LADDER_CALL_SYSCALL_RECVFROM : LADDER_CALL_SYSCALL_KIND;
    case SYS_recvmsg: return LADDER_CALL_SYSCALL_RECVMSG;
#ifdef SYS_poll
    case SYS_poll: return LADDER_CALL_SYSCALL_POLL;
#endif
    case SYS_ppoll: return LADDER_CALL_SYSCALL_PPOLL;
    case SYS_pselect6: return LADDER_CALL_SYSCALL_PSELECT6;
#ifdef SYS_epoll_wait
    case SYS_epoll_wait: return LADDER_CALL_SYSCALL_EPOLL_WAIT;
#endif
    case SYS_epoll_pwait: return LADDER_CALL_SYSCALL_EPOLL_PWAIT;
    default: return LADDER_CALL_SYSCALL_KIND;
    }
}

/* A copy of a socket is recorded (calls on the copy are calls on the same
 * socket); dup2() over a descriptor that is no socket of ours forgets it
 * at once (a dup2() that fails leaves it alone, but then the old one was
 * no open descriptor). */
static gboolean
dup_enter (TraceTask *task, guint64 nr, const guint64 *args)
{
  int fd = (int) args[0];
  guint kind = ladder_ptrace_fd_kind (task->proc, fd);

  if (!(kind & TRACE_FD_INET))
    {
      if (nr != SYS_dup && nr != SYS_fcntl)
        ladder_ptrace_fd_set (task->proc, (int) args[1], kind);
      return FALSE;
    }
  begin (task, LADDER_CALL_DUP, fd);
  task->call.protocol = (guint8) (kind & 0xff);
  return TRUE;
}

static void
dup_exit (TraceTask *task)
{
  const guint64 *a = task->args;
  int fd = task->call.fd;

  if (task->nr == SYS_fcntl)
    set_args (task, "%d, %s, %d", fd, a[1] == F_DUPFD ? "F_DUPFD" : "F_DUPFD_CLOEXEC", (int) a[2]);
  else if (task->nr == SYS_dup)
    set_args (task, "%d", fd);
  else if (task->nr == SYS_dup3)
    set_args (task, "%d, %d, %s", fd, (int) a[1], (a[2] & O_CLOEXEC) ? "O_CLOEXEC" : "0");
  else
    set_args (task, "%d, %d", fd, (int) a[1]);
  if (task->call.result >= 0)
    ladder_ptrace_fd_set (task->proc, (int) task->call.result, ladder_ptrace_fd_kind (task->proc, fd));
  socket_info (task, fd);
}

static gboolean
call_enter (TraceTask *task, guint64 nr, const guint64 *args)
{
  switch (nr)
    {
    case SYS_close_range:
      forget_range (task->proc, args[0], args[1]);
      return FALSE;
#ifdef SYS_dup2
    case SYS_dup2:
#endif
    case SYS_dup3:
    case SYS_dup:
    case SYS_fcntl:  /* F_DUPFD and F_DUPFD_CLOEXEC only (the filter) */
      return dup_enter (task, nr, args);
    case SYS_socket:
      begin (task, LADDER_CALL_SOCKET, -1);
      return TRUE;
#ifdef SYS_select
    case SYS_select:
#endif
    case SYS_pselect6:
      return select_enter (task, args);
#ifdef SYS_poll
    case SYS_poll:
#endif
    case SYS_ppoll:
      return poll_enter (task, args);
#ifdef SYS_epoll_wait
    case SYS_epoll_wait:
#endif
    case SYS_epoll_pwait:
      if (!ladder_ptrace_has_sockets (task->proc))
        return FALSE;
      begin (task, LADDER_CALL_SELECT, -1);
      return TRUE;
    default:
      return fd_call_enter (task, nr, args);
    }
}

gboolean
ladder_ptrace_call_enter (TraceTask *task, guint64 nr, const guint64 *args)
{
  memcpy (task->args, args, sizeof task->args);
  task->nr = nr;
  if (!call_enter (task, nr, args))
    return FALSE;
  task->call.syscall = syscall_of (nr, task->call.kind);
  return TRUE;
}

/* ---- exit ---- */

static void
socket_exit (TraceTask *task)
{
  char text[3][32];
  int domain = (int) task->args[0], type = (int) task->args[1], protocol = (int) task->args[2];
  int fd = (int) task->call.result;

  set_args (task, "%s, %s, %s", ladder_trace_domain (domain, text[0]),
            ladder_trace_type (type, text[1]), ladder_trace_protocol (protocol, text[2]));
  if (fd < 0)
    return;
  ladder_ptrace_fd_set (task->proc, fd, ladder_ptrace_socket_kind (task->proc, fd));
  socket_info (task, fd);
}

static void
sent_exit (TraceTask *task, guint64 buf, gsize n, const char *flags, guint64 addr, guint64 len)
{
  char data[LADDER_TRACE_DATASTRLEN], where[LADDER_TRACE_ADDRSTRLEN];
  int fd = task->call.fd;

  remote_data (task, buf, n, data);
  if (addr != 0)
    set_args (task, "%d, %s, %zu, %s, %s", fd, data, n, flags,
              remote_sockaddr (task, addr, len, where, TRUE));
  else if (flags != NULL)
    set_args (task, "%d, %s, %zu, %s", fd, data, n, flags);
  else
    set_args (task, "%d, %s, %zu", fd, data, n);
}

/* ADDR/LEN_ADDR: recvfrom's address and a pointer to its length. */
static void
received_exit (TraceTask *task, guint64 buf, gsize n, const char *flags, guint64 addr, guint64 len)
{
  char data[LADDER_TRACE_DATASTRLEN], where[LADDER_TRACE_ADDRSTRLEN];
  int fd = task->call.fd;
  gint64 result = task->call.result;

  if (result >= 0)
    remote_data (task, buf, MIN ((gsize) result, n), data);
  else
    g_strlcpy (data, "buf", sizeof data);
  if (addr != 0 && result >= 0)
    set_args (task, "%d, %s, %zu, %s, from %s", fd, data, n, flags,
              remote_sockaddr (task, addr, len, where, TRUE));
  else if (flags != NULL)
    set_args (task, "%d, %s, %zu, %s", fd, data, n, flags);
  else
    set_args (task, "%d, %s, %zu", fd, data, n);
}

static guint64
remote_len (TraceTask *task, guint64 len_addr)
{
  socklen_t len = 0;

  ladder_ptrace_read (task, len_addr, &len, sizeof len);
  return len;
}

static void
msg_exit (TraceTask *task, gboolean sending)
{
  char flags[32];
  struct msghdr msg;
  struct iovec first;

  ladder_trace_msg_flags ((int) task->args[2], flags);
  if (!remote_msghdr (task, task->args[1], &msg, &first))
    {
      set_args (task, "%d, msg, %s", task->call.fd, flags);
      return;
    }
  if (sending)
    sent_exit (task, (guint64) (guintptr) first.iov_base, first.iov_len, flags,
               (guint64) (guintptr) msg.msg_name, msg.msg_namelen);
  else
    received_exit (task, (guint64) (guintptr) first.iov_base, first.iov_len, flags,
                   (guint64) (guintptr) msg.msg_name, msg.msg_namelen);
}

static void
vector_exit (TraceTask *task, gboolean sending)
{
  struct iovec first = { 0 };

  remote_iovec (task, task->args[1], &first);
  if (sending)
    sent_exit (task, (guint64) (guintptr) first.iov_base, first.iov_len, NULL, 0, 0);
  else
    received_exit (task, (guint64) (guintptr) first.iov_base, first.iov_len, NULL, 0, 0);
}

static void
select_exit (TraceTask *task)
{
  fd_set after;
  char text[48], wait[24];
  const guint64 *args = task->args;
  int nfds = (int) MIN (args[0], (guint64) FD_SETSIZE);
  struct timeval tv = { 0 };
  const char *wait_text = "NULL";

  memset (&after, 0, sizeof after);
  if (task->call.result > 0)
    ladder_ptrace_read (task, args[1], &after, sizeof after);
  ladder_trace_fd_set (nfds, task->call.result > 0 ? &after : NULL, text, sizeof text);
  if (args[4] != 0 && task->nr == SYS_pselect6)
    {
      struct timespec ts = { 0 };
      ladder_ptrace_read (task, args[4], &ts, sizeof ts);
      tv = (struct timeval) { ts.tv_sec, ts.tv_nsec / 1000 };
      wait_text = ladder_trace_timeval (&tv, wait);
    }
  else if (args[4] != 0 && ladder_ptrace_read (task, args[4], &tv, sizeof tv) == sizeof tv)
    wait_text = ladder_trace_timeval (&tv, wait);
  set_args (task, "%d, %s -> %s, %s, %s, %s", nfds, task->before, text,
            args[2] != 0 ? "writefds" : "NULL", args[3] != 0 ? "exceptfds" : "NULL", wait_text);
}

static void
poll_exit (TraceTask *task)
{
  struct pollfd fds[MAX_POLL_FDS];
  const guint64 *args = task->args;
  gsize n = ladder_ptrace_read (task, args[0], fds, MIN (args[1], MAX_POLL_FDS) * sizeof fds[0]);
  GString *ready = g_string_new ("[");

  for (gsize i = 0; i < n / sizeof fds[0]; i++)
    if (fds[i].revents != 0)
      g_string_append_printf (ready, "%s%d", ready->len > 1 ? ", " : "", fds[i].fd);
  g_string_append_c (ready, ']');
  if (task->nr == SYS_ppoll)
    set_args (task, "%s -> %s, %u", task->before, ready->str, (guint) args[1]);
  else
    set_args (task, "%s -> %s, %u, %d", task->before, ready->str, (guint) args[1], (int) args[2]);
  g_string_free (ready, TRUE);
}

static void
setsockopt_exit (TraceTask *task)
{
  char level_text[24], name_text[32], value_text[32];
  guint8 value[64];
  int level = (int) task->args[1], name = (int) task->args[2];
  gsize len = ladder_ptrace_read (task, task->args[3], value, MIN (task->args[4], sizeof value));

  set_args (task, "%d, %s, %s, %s", task->call.fd, ladder_trace_level (level, level_text),
            ladder_trace_option (level, name, name_text),
            ladder_trace_option_value (level, name, value, len, value_text));
}

static void
connect_exit (TraceTask *task)
{
  char where[LADDER_TRACE_ADDRSTRLEN];
  const char *text;

  socket_info (task, task->call.fd);
  text = remote_sockaddr (task, task->args[1], task->args[2], where, TRUE);
  set_args (task, "%d, %s", task->call.fd, text);
}

static void
accept_exit (TraceTask *task)
{
  int conn = (int) task->call.result;

  set_args (task, "%d", task->call.fd);
  if (conn < 0)
    {
      socket_info (task, task->call.fd);
      return;
    }
  ladder_ptrace_fd_set (task->proc, conn, ladder_ptrace_fd_kind (task->proc, task->call.fd));
  socket_info (task, conn);
}

/* Another descriptor of PROC on the socket whose SO_COOKIE is COOKIE (a
 * dup() of it still open), or -1: closing one copy closes no socket. */
static int
other_holder (TraceProc *proc, guint64 cookie)
{
  GHashTableIter iter;
  gpointer key, value;

  if (cookie == 0)
    return -1;
  g_hash_table_iter_init (&iter, proc->fds);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int fd = GPOINTER_TO_INT (key) - 1;
      int copy = (GPOINTER_TO_UINT (value) & TRACE_FD_INET) ? ladder_ptrace_getfd (proc, fd) : -1;
      guint64 other = 0;
      socklen_t len = sizeof other;

      if (copy < 0)
        continue;
      if (getsockopt (copy, SOL_SOCKET, SO_COOKIE, &other, &len) < 0)
        other = 0;
      close (copy);
      if (other == cookie)
        return fd;
    }
  return -1;
}

/* Calls whose arguments are sent or received data. */
static gboolean
data_exit (TraceTask *task)
{
  char flags[32];
  const guint64 *a = task->args;

  switch (task->nr)
    {
    case SYS_sendto:
      sent_exit (task, a[1], a[2], ladder_trace_msg_flags ((int) a[3], flags), a[4], a[5]);
      return TRUE;
    case SYS_recvfrom:
      received_exit (task, a[1], a[2], ladder_trace_msg_flags ((int) a[3], flags), a[4],
                     a[4] != 0 ? remote_len (task, a[5]) : 0);
      return TRUE;
    case SYS_write: sent_exit (task, a[1], a[2], NULL, 0, 0); return TRUE;
    case SYS_read: received_exit (task, a[1], a[2], NULL, 0, 0); return TRUE;
    case SYS_writev: vector_exit (task, TRUE); return TRUE;
    case SYS_readv: vector_exit (task, FALSE); return TRUE;
    case SYS_sendmsg: msg_exit (task, TRUE); return TRUE;
    case SYS_recvmsg: msg_exit (task, FALSE); return TRUE;
    default: return FALSE;
    }
}

static void
describe_exit (TraceTask *task)
{
  char where[LADDER_TRACE_ADDRSTRLEN];
  const guint64 *a = task->args;
  int how = (int) a[1];

  if (data_exit (task))
    {
      socket_info (task, task->call.fd);
      return;
    }
  switch (task->nr)
    {
    case SYS_socket: socket_exit (task); break;
    case SYS_bind:
      set_args (task, "%d, %s", task->call.fd, remote_sockaddr (task, a[1], a[2], where, FALSE));
      socket_info (task, task->call.fd);
      break;
    case SYS_listen:
      set_args (task, "%d, %d", task->call.fd, (int) a[1]);
      socket_info (task, task->call.fd);
      break;
    case SYS_accept: case SYS_accept4: accept_exit (task); break;
    case SYS_connect: connect_exit (task); break;
    case SYS_setsockopt: setsockopt_exit (task); socket_info (task, task->call.fd); break;
    case SYS_shutdown:
      set_args (task, "%d, %s", task->call.fd, how == SHUT_RD ? "SHUT_RD" : how == SHUT_WR
                ? "SHUT_WR" : how == SHUT_RDWR ? "SHUT_RDWR" : "?");
      break;
    case SYS_dup: case SYS_dup3: case SYS_fcntl: dup_exit (task); break;
#ifdef SYS_dup2
    case SYS_dup2: dup_exit (task); break;
#endif
    case SYS_close:
      set_args (task, "%d", task->call.fd);
      ladder_ptrace_fd_set (task->proc, task->call.fd, TRACE_FD_NONE);
      task->holder_fd = other_holder (task->proc, task->cookie);
      break;
#ifdef SYS_select
    case SYS_select:
#endif
    case SYS_pselect6: select_exit (task); break;
#ifdef SYS_poll
    case SYS_poll:
#endif
    case SYS_ppoll: poll_exit (task); break;
    default:  /* epoll_wait, epoll_pwait */
      set_args (task, "%d, events, %d, %d", (int) a[0], (int) a[2], (int) a[3]);
      break;
    }
}

/* The kernel's own "restart me" codes (ERESTARTSYS ... ERESTART_RESTARTBLOCK,
 * linux/errno.h): a signal came in (a forking server's SIGCHLD) and the
 * call starts over, seen as a new call; the program never sees these. */
#define KERNEL_ERESTART_FIRST 512
#define KERNEL_ERESTART_LAST  516

void
ladder_ptrace_call_exit (TraceTask *task, gint64 rval, gboolean is_error)
{
  if (is_error && -rval >= KERNEL_ERESTART_FIRST && -rval <= KERNEL_ERESTART_LAST)
    return;
  task->call.duration_ns = clock_ns (CLOCK_MONOTONIC) - task->start_mono;
  task->call.result = is_error ? -1 : rval;
  task->call.err = is_error ? (gint32) -rval : 0;
  describe_exit (task);
  /* A socket of another family (AF_UNIX, netlink) is not the lab's. */
  if (task->nr == SYS_socket && task->call.result >= 0
      && !(ladder_ptrace_fd_kind (task->proc, (int) task->call.result) & TRACE_FD_INET))
    return;
  if (task->nr == SYS_socket && task->call.result < 0
      && task->args[0] != AF_INET && task->args[0] != AF_INET6)
    return;
  emit (task);
  if (task->call.result >= 0 || task->call.kind != LADDER_CALL_ACCEPT)
    emit_state (task);
}
