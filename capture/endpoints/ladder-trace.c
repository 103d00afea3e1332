/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-trace.c: the socket-call recorder behind the endpoints.
 *
 * The endpoints are shown in lectures, so they call plain socket(),
 * connect(), recv() ...; the linker (-Wl,--wrap=NAME) sends those calls to
 * __wrap_NAME here, which times the real call (__real_NAME), describes it
 * as the course would write it and sends one LadderSocketCall record down
 * WIRELADDER_TRACE_FD.  Each record is one write() of a 4-byte
 * little-endian length and the ladder_events_encode_call() body; records
 * stay far below PIPE_BUF so writes from several endpoints sharing one pipe
 * never interleave.  errno and results pass through untouched.
 */

#include "ladder-trace.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ladder-events.h"
#include "ladder-tcp.h"
#include "ladder-trace-format.h"
#include "ladder-trace-sockdiag.h"

/* The real functions, and our replacements (prototypes for -Wmissing-prototypes). */
int     __real_socket (int domain, int type, int protocol);
int     __real_bind (int fd, const struct sockaddr *addr, socklen_t len);
int     __real_listen (int fd, int backlog);
int     __real_accept (int fd, struct sockaddr *addr, socklen_t *len);
int     __real_connect (int fd, const struct sockaddr *addr, socklen_t len);
ssize_t __real_send (int fd, const void *buf, size_t n, int flags);
ssize_t __real_sendto (int fd, const void *buf, size_t n, int flags,
                       const struct sockaddr *addr, socklen_t len);
ssize_t __real_sendmsg (int fd, const struct msghdr *msg, int flags);
ssize_t __real_write (int fd, const void *buf, size_t n);
ssize_t __real_recv (int fd, void *buf, size_t n, int flags);
ssize_t __real_recvfrom (int fd, void *buf, size_t n, int flags,
                         struct sockaddr *addr, socklen_t *len);
ssize_t __real_recvmsg (int fd, struct msghdr *msg, int flags);
ssize_t __real_read (int fd, void *buf, size_t n);
int     __real_select (int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *timeout);
int     __real_setsockopt (int fd, int level, int name, const void *value, socklen_t len);
int     __real_shutdown (int fd, int how);
int     __real_close (int fd);

int     __wrap_socket (int domain, int type, int protocol);
int     __wrap_bind (int fd, const struct sockaddr *addr, socklen_t len);
int     __wrap_listen (int fd, int backlog);
int     __wrap_accept (int fd, struct sockaddr *addr, socklen_t *len);
int     __wrap_connect (int fd, const struct sockaddr *addr, socklen_t len);
ssize_t __wrap_send (int fd, const void *buf, size_t n, int flags);
ssize_t __wrap_sendto (int fd, const void *buf, size_t n, int flags,
                       const struct sockaddr *addr, socklen_t len);
ssize_t __wrap_sendmsg (int fd, const struct msghdr *msg, int flags);
ssize_t __wrap_write (int fd, const void *buf, size_t n);
ssize_t __wrap_recv (int fd, void *buf, size_t n, int flags);
ssize_t __wrap_recvfrom (int fd, void *buf, size_t n, int flags,
                         struct sockaddr *addr, socklen_t *len);
ssize_t __wrap_recvmsg (int fd, struct msghdr *msg, int flags);
ssize_t __wrap_read (int fd, void *buf, size_t n);
int     __wrap_select (int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *timeout);
int     __wrap_setsockopt (int fd, int level, int name, const void *value, socklen_t len);
int     __wrap_shutdown (int fd, int how);
int     __wrap_close (int fd);

static int  trace_fd = -1;
static char trace_host[sizeof ((LadderSocketCall *) 0)->host];
static char trace_program[sizeof ((LadderSocketCall *) 0)->program];

void
ladder_trace_init (const char *program)
{
  const char *fd_text = getenv ("WIRELADDER_TRACE_FD");
  const char *host = getenv ("WIRELADDER_HOST");
  char *end = NULL;
  long fd;

  g_strlcpy (trace_program, program, sizeof trace_program);
  g_strlcpy (trace_host, host != NULL ? host : "", sizeof trace_host);
  if (fd_text == NULL || *fd_text == '\0')
    return;
  errno = 0;
  fd = strtol (fd_text, &end, 10);
  if (errno != 0 || *end != '\0' || fd < 0 || fd > INT_MAX || fcntl ((int) fd, F_GETFD) < 0)
    {
      fprintf (stderr, "WIRELADDER_TRACE_FD=%s is not an open descriptor; not tracing\n", fd_text);
      return;
    }
  trace_fd = (int) fd;
}

/* A call in progress: entry time, and the record being filled in. */
typedef struct
{
  LadderSocketCall call;
  struct timespec  start;
  int              saved_errno;
} Trace;

/* The entry time, on the packets' clock. */
static void
trace_stamp (Trace *t)
{
  struct timespec now;

  clock_gettime (CLOCK_REALTIME, &now);
  clock_gettime (CLOCK_MONOTONIC, &t->start);
  t->call.ts_ns = (gint64) now.tv_sec * G_GINT64_CONSTANT (1000000000) + now.tv_nsec;
}

static gboolean
trace_begin (Trace *t, LadderCallKind kind, int fd)
{
  if (trace_fd < 0)
    return FALSE;
  memset (t, 0, sizeof *t);
  trace_stamp (t);
  t->call.pid = (guint32) getpid ();
  t->call.kind = (guint8) kind;
  t->call.fd = fd;
  memcpy (t->call.host, trace_host, sizeof t->call.host);
  memcpy (t->call.program, trace_program, sizeof t->call.program);
  return TRUE;
}

/* A call of KIND made by another function than the kind's own (write()
 * for a send): the record names the function. */
static gboolean
trace_begin_as (Trace *t, LadderCallKind kind, LadderCallSyscall syscall, int fd)
{
  if (!trace_begin (t, kind, fd))
    return FALSE;
  t->call.syscall = (guint8) syscall;
  return TRUE;
}

/* Notes the result right after the real call, before anything else can
 * touch errno. */
static void
trace_result (Trace *t, gint64 result)
{
  struct timespec end;

  t->saved_errno = errno;
  clock_gettime (CLOCK_MONOTONIC, &end);
  t->call.duration_ns = (gint64) (end.tv_sec - t->start.tv_sec) * G_GINT64_CONSTANT (1000000000)
                        + (end.tv_nsec - t->start.tv_nsec);
  t->call.result = result;
  t->call.err = result < 0 ? t->saved_errno : 0;
}

/* Sends one record: a 4-byte little-endian length, then the Custom Block
 * body FRAME holds after its first 4 bytes.  One write, so pipes shared by
 * several endpoints keep records whole. */
static void
trace_send (GByteArray *frame)
{
  guint32 body_len = frame->len - 4;

  frame->data[0] = (guint8) body_len;
  frame->data[1] = (guint8) (body_len >> 8);
  frame->data[2] = (guint8) (body_len >> 16);
  frame->data[3] = (guint8) (body_len >> 24);
  if (frame->len < PIPE_BUF)
    {
      ssize_t written;
      do
        written = __real_write (trace_fd, frame->data, frame->len);
      while (written < 0 && errno == EINTR);
    }
}

/* The connection each TCP descriptor had when last seen: once reset, a
 * socket no longer has a peer to ask getpeername() about, but its last
 * state (CLOSED) still belongs to that connection.  Endpoints use few
 * descriptors; those past the table simply are not remembered. */
typedef struct
{
  gboolean   used;
  LadderAddr local, peer;
  guint16    local_port, peer_port;
  guint64    cookie;
} Connection;

static Connection connections[64];

/* The connection of FD as the call saw it, else as remembered.  FALSE when
 * FD is no TCP socket with a peer. */
static gboolean
trace_connection (const LadderSocketCall *call, int fd, guint64 cookie, Connection *out)
{
  Connection *slot = fd >= 0 && fd < (int) G_N_ELEMENTS (connections) ? &connections[fd] : NULL;

  if (call->protocol != IPPROTO_TCP)
    return FALSE;
  if (call->peer_port != 0 && call->local_port != 0)
    {
      *out = (Connection) { TRUE, call->local_addr, call->peer_addr, call->local_port,
                            call->peer_port, cookie };
      if (slot != NULL)
        *slot = *out;
      return TRUE;
    }
  if (slot == NULL || !slot->used)
    return FALSE;
  *out = *slot;
  return TRUE;
}

/* After a call that can change a TCP socket's state, the kernel's view of
 * it (ladder-trace-sockdiag.h): the runner's samples come too late for the
 * short-lived states.  FD is the descriptor the call acted on; CLOSED says
 * close() released it.  A socket the kernel has freed already is CLOSED. */
static void
trace_state (const Trace *t, int fd, gboolean closed, guint64 cookie)
{
  g_autoptr (GByteArray) frame = g_byte_array_sized_new (256);
  const LadderSocketCall *call = &t->call;
  LadderSocketState state = { 0 };
  Connection conn;
  struct timespec now;
  guint8 length[4] = { 0 };

  if (!trace_connection (call, fd, cookie, &conn))
    return;
  if (closed && fd >= 0 && fd < (int) G_N_ELEMENTS (connections))
    connections[fd].used = FALSE;
  if (!ladder_trace_sockdiag_lookup (&conn.local, conn.local_port, &conn.peer, conn.peer_port,
                                     conn.cookie, &state))
    state.state = LADDER_TCP_CLOSED;
  clock_gettime (CLOCK_REALTIME, &now);
  state.ts_ns = (gint64) now.tv_sec * G_GINT64_CONSTANT (1000000000) + now.tv_nsec;
  state.pid = call->pid;
  state.fd = closed ? -1 : fd;
  state.protocol = IPPROTO_TCP;
  state.local_addr = conn.local;
  state.local_port = conn.local_port;
  state.peer_addr = conn.peer;
  state.peer_port = conn.peer_port;
  memcpy (state.host, call->host, sizeof state.host);
  memcpy (state.program, call->program, sizeof state.program);
  g_byte_array_append (frame, length, sizeof length);
  ladder_events_encode_state (frame, &state);
  trace_send (frame);
}

static guint64
socket_cookie (int fd)
{
  guint64 cookie = 0;
  socklen_t len = sizeof cookie;

  if (getsockopt (fd, SOL_SOCKET, SO_COOKIE, &cookie, &len) < 0)
    return 0;
  return cookie;
}

/* Sends the call's record and gives the program back its errno. */
static void
trace_end (Trace *t)
{
  g_autoptr (GByteArray) frame = g_byte_array_sized_new (512);
  guint8 length[4] = { 0 };

  g_byte_array_append (frame, length, sizeof length);
  ladder_events_encode_call (frame, &t->call);
  trace_send (frame);
  errno = t->saved_errno;
}

/* The call's record, then the state it left its TCP socket in. */
static void
trace_end_with_state (Trace *t, int fd, gboolean closed, guint64 cookie)
{
  trace_end (t);
  trace_state (t, fd, closed, cookie);
  errno = t->saved_errno;
}

static void
trace_args (Trace *t, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
trace_args (Trace *t, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_vsnprintf (t->call.args, sizeof t->call.args, format, ap);
  va_end (ap);
}

static gboolean
is_socket (int fd)
{
  struct stat st;

  return fstat (fd, &st) == 0 && S_ISSOCK (st.st_mode);
}

/* Protocol and both addresses of FD, as far as the kernel knows them. */
static void
trace_socket_info (Trace *t, int fd)
{
  struct sockaddr_storage addr;
  socklen_t len;
  int protocol = 0;

  len = sizeof protocol;
  if (getsockopt (fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len) == 0 && protocol > 0 && protocol < 256)
    t->call.protocol = (guint8) protocol;
  len = sizeof addr;
  if (getsockname (fd, (struct sockaddr *) &addr, &len) == 0)
    ladder_trace_sockaddr ((struct sockaddr *) &addr, len, &t->call.local_addr, &t->call.local_port);
  len = sizeof addr;
  if (getpeername (fd, (struct sockaddr *) &addr, &len) == 0)
    ladder_trace_sockaddr ((struct sockaddr *) &addr, len, &t->call.peer_addr, &t->call.peer_port);
}

/* The call's own address (connect, sendto, recvfrom) is the peer. */
static void
trace_peer (Trace *t, const struct sockaddr *addr, socklen_t len)
{
  if (addr != NULL)
    ladder_trace_sockaddr (addr, len, &t->call.peer_addr, &t->call.peer_port);
}

int
__wrap_socket (int domain, int type, int protocol)
{
  char text[3][32];
  Trace t;
  int tracing = trace_begin (&t, LADDER_CALL_SOCKET, -1);
  int fd = __real_socket (domain, type, protocol);

  if (!tracing)
    return fd;
  trace_result (&t, fd);
  trace_args (&t, "%s, %s, %s", ladder_trace_domain (domain, text[0]),
              ladder_trace_type (type, text[1]), ladder_trace_protocol (protocol, text[2]));
  if (fd >= 0)
    trace_socket_info (&t, fd);
  trace_end (&t);
  return fd;
}

int
__wrap_bind (int fd, const struct sockaddr *addr, socklen_t len)
{
  char where[LADDER_TRACE_ADDRSTRLEN];
  Trace t;
  int tracing = trace_begin (&t, LADDER_CALL_BIND, fd);
  int result = __real_bind (fd, addr, len);

  if (!tracing)
    return result;
  trace_result (&t, result);
  trace_args (&t, "%d, %s", fd, ladder_trace_sockaddr_string (addr, len, where));
  trace_socket_info (&t, fd);
  trace_end (&t);
  return result;
}

int
__wrap_listen (int fd, int backlog)
{
  Trace t;
  int tracing = trace_begin (&t, LADDER_CALL_LISTEN, fd);
  int result = __real_listen (fd, backlog);

  if (!tracing)
    return result;
  trace_result (&t, result);
  trace_args (&t, "%d, %d", fd, backlog);
  trace_socket_info (&t, fd);
  trace_end (&t);
  return result;
}

/* The record describes the new connection socket (its addresses), fd being
 * the listening socket and the result the new descriptor. */
int
__wrap_accept (int fd, struct sockaddr *addr, socklen_t *len)
{
  Trace t;
  int tracing = trace_begin (&t, LADDER_CALL_ACCEPT, fd);
  int conn = __real_accept (fd, addr, len);

  if (!tracing)
    return conn;
  trace_result (&t, conn);
  trace_args (&t, "%d", fd);
  if (conn >= 0)
    trace_socket_info (&t, conn);
  else
    trace_socket_info (&t, fd);
  if (conn >= 0)
    trace_end_with_state (&t, conn, FALSE, socket_cookie (conn));
  else
    trace_end (&t);
  return conn;
}

int
__wrap_connect (int fd, const struct sockaddr *addr, socklen_t len)
{
  char where[LADDER_TRACE_ADDRSTRLEN];
  Trace t;
  int tracing = trace_begin (&t, LADDER_CALL_CONNECT, fd);
  int result = __real_connect (fd, addr, len);

  if (!tracing)
    return result;
  trace_result (&t, result);
  trace_args (&t, "%d, %s", fd, ladder_trace_sockaddr_string (addr, len, where));
  trace_socket_info (&t, fd);
  trace_peer (&t, addr, len);
  trace_end_with_state (&t, fd, FALSE, socket_cookie (fd));
  return result;
}

/* send, write and sendto share this: DATA is what was handed over. */
static void
trace_sent (Trace *t, int fd, const void *buf, size_t n, ssize_t result,
            const char *flags, const struct sockaddr *addr, socklen_t len)
{
  char data[LADDER_TRACE_DATASTRLEN], where[LADDER_TRACE_ADDRSTRLEN];

  trace_result (t, result);
  ladder_trace_data (buf, n, data);
  if (addr != NULL)
    trace_args (t, "%d, %s, %zu, %s, %s", fd, data, n, flags,
                ladder_trace_sockaddr_string (addr, len, where));
  else if (flags != NULL)
    trace_args (t, "%d, %s, %zu, %s", fd, data, n, flags);
  else
    trace_args (t, "%d, %s, %zu", fd, data, n);
  trace_socket_info (t, fd);
  trace_peer (t, addr, len);
  /* Sending to a peer that has gone (EPIPE, a RST back) changes it. */
  trace_end_with_state (t, fd, FALSE, socket_cookie (fd));
}

/* recv, read and recvfrom: DATA is what arrived (nothing on failure). */
static void
trace_received (Trace *t, int fd, const void *buf, size_t n, ssize_t result,
                const char *flags, const struct sockaddr *addr, socklen_t len)
{
  char data[LADDER_TRACE_DATASTRLEN], where[LADDER_TRACE_ADDRSTRLEN];

  trace_result (t, result);
  if (result >= 0)
    ladder_trace_data (buf, MIN ((size_t) result, n), data);  /* recvmsg: first iovec only */
  else
    g_strlcpy (data, "buf", sizeof data);
  if (addr != NULL && result >= 0)
    trace_args (t, "%d, %s, %zu, %s, from %s", fd, data, n, flags,
                ladder_trace_sockaddr_string (addr, len, where));
  else if (flags != NULL)
    trace_args (t, "%d, %s, %zu, %s", fd, data, n, flags);
  else
    trace_args (t, "%d, %s, %zu", fd, data, n);
  trace_socket_info (t, fd);
  if (result >= 0)
    trace_peer (t, addr, len);
  /* recv() returning 0 is the peer's FIN: CLOSE_WAIT. */
  trace_end_with_state (t, fd, FALSE, socket_cookie (fd));
}

ssize_t
__wrap_send (int fd, const void *buf, size_t n, int flags)
{
  char text[32];
  Trace t;
  int tracing = trace_begin (&t, LADDER_CALL_SEND, fd);
  ssize_t result = __real_send (fd, buf, n, flags);

  if (tracing)
    trace_sent (&t, fd, buf, n, result, ladder_trace_msg_flags (flags, text), NULL, 0);
  return result;
}

ssize_t
__wrap_sendto (int fd, const void *buf, size_t n, int flags,
               const struct sockaddr *addr, socklen_t len)
{
  char text[32];
  Trace t;
  int tracing = trace_begin (&t, LADDER_CALL_SENDTO, fd);
  ssize_t result = __real_sendto (fd, buf, n, flags, addr, len);

  if (tracing)
    trace_sent (&t, fd, buf, n, result, ladder_trace_msg_flags (flags, text), addr, len);
  return result;
}

ssize_t
__wrap_sendmsg (int fd, const struct msghdr *msg, int flags)
{
  char text[32];
  Trace t;
  int tracing = trace_begin_as (&t, LADDER_CALL_SENDTO, LADDER_CALL_SYSCALL_SENDMSG, fd);
  ssize_t result = __real_sendmsg (fd, msg, flags);

  if (tracing && msg != NULL)
    {
      const void *first = msg->msg_iovlen > 0 ? msg->msg_iov[0].iov_base : NULL;
      size_t first_len = msg->msg_iovlen > 0 ? msg->msg_iov[0].iov_len : 0;
      trace_sent (&t, fd, first, first_len, result, ladder_trace_msg_flags (flags, text),
                  msg->msg_name, msg->msg_namelen);
    }
  return result;
}

ssize_t
__wrap_write (int fd, const void *buf, size_t n)
{
  Trace t;
  int tracing = trace_fd >= 0 && is_socket (fd)
                && trace_begin_as (&t, LADDER_CALL_SEND, LADDER_CALL_SYSCALL_WRITE, fd);
  ssize_t result = __real_write (fd, buf, n);

  if (tracing)
    trace_sent (&t, fd, buf, n, result, NULL, NULL, 0);
  return result;
}

ssize_t
__wrap_recv (int fd, void *buf, size_t n, int flags)
{
  char text[32];
  Trace t;
  int tracing = trace_begin (&t, LADDER_CALL_RECV, fd);
  ssize_t result = __real_recv (fd, buf, n, flags);

  if (tracing)
    trace_received (&t, fd, buf, n, result, ladder_trace_msg_flags (flags, text), NULL, 0);
  return result;
}

ssize_t
__wrap_recvfrom (int fd, void *buf, size_t n, int flags,
                 struct sockaddr *addr, socklen_t *len)
{
  char text[32];
  Trace t;
  int tracing = trace_begin (&t, LADDER_CALL_RECVFROM, fd);
  ssize_t result = __real_recvfrom (fd, buf, n, flags, addr, len);

  if (tracing)
    trace_received (&t, fd, buf, n, result, ladder_trace_msg_flags (flags, text),
                    addr, len != NULL ? *len : 0);
  return result;
}

ssize_t
__wrap_recvmsg (int fd, struct msghdr *msg, int flags)
{
  char text[32];
  Trace t;
  int tracing = trace_begin_as (&t, LADDER_CALL_RECVFROM, LADDER_CALL_SYSCALL_RECVMSG, fd);
  ssize_t result = __real_recvmsg (fd, msg, flags);

  if (tracing && msg != NULL)
    {
      void *first = msg->msg_iovlen > 0 ? msg->msg_iov[0].iov_base : NULL;
      size_t first_len = msg->msg_iovlen > 0 ? msg->msg_iov[0].iov_len : 0;
      trace_received (&t, fd, first, first_len, result, ladder_trace_msg_flags (flags, text),
                      msg->msg_name, msg->msg_namelen);
    }
  return result;
}

ssize_t
__wrap_read (int fd, void *buf, size_t n)
{
  Trace t;
  int tracing = trace_fd >= 0 && is_socket (fd)
                && trace_begin_as (&t, LADDER_CALL_RECV, LADDER_CALL_SYSCALL_READ, fd);
  ssize_t result = __real_read (fd, buf, n);

  if (tracing)
    trace_received (&t, fd, buf, n, result, NULL, NULL, 0);
  return result;
}

/* The read set before and after: which sockets select() found ready. */
int
__wrap_select (int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *timeout)
{
  char before[40], after[40], wait[24];
  const char *wait_text = "NULL";
  Trace t;
  int tracing = trace_begin (&t, LADDER_CALL_SELECT, -1);

  if (tracing)
    {
      ladder_trace_fd_set (nfds, r, before, sizeof before);
      wait_text = ladder_trace_timeval (timeout, wait);
    }
  int result = __real_select (nfds, r, w, e, timeout);

  if (!tracing)
    return result;
  trace_result (&t, result);
  ladder_trace_fd_set (nfds, result > 0 ? r : NULL, after, sizeof after);
  trace_args (&t, "%d, %s -> %s, %s, %s, %s", nfds, before, after,
              w != NULL ? "writefds" : "NULL", e != NULL ? "exceptfds" : "NULL", wait_text);
  trace_end (&t);
  return result;
}

int
__wrap_setsockopt (int fd, int level, int name, const void *value, socklen_t len)
{
  char level_text[24], name_text[32], value_text[32];
  Trace t;
  int tracing = trace_begin (&t, LADDER_CALL_SETSOCKOPT, fd);
  int result = __real_setsockopt (fd, level, name, value, len);

  if (!tracing)
    return result;
  trace_result (&t, result);
  trace_args (&t, "%d, %s, %s, %s", fd, ladder_trace_level (level, level_text),
              ladder_trace_option (level, name, name_text),
              ladder_trace_option_value (level, name, value, len, value_text));
  trace_socket_info (&t, fd);
  trace_end (&t);
  return result;
}

int
__wrap_shutdown (int fd, int how)
{
  Trace t;
  int tracing = trace_begin (&t, LADDER_CALL_SHUTDOWN, fd);
  int result;
  guint64 cookie = 0;

  /* The addresses first: after SHUT_RDWR the peer may already be gone. */
  if (tracing)
    {
      trace_socket_info (&t, fd);
      cookie = socket_cookie (fd);
      trace_stamp (&t);
    }
  result = __real_shutdown (fd, how);
  if (!tracing)
    return result;
  trace_result (&t, result);
  trace_args (&t, "%d, %s", fd, how == SHUT_RD ? "SHUT_RD" : how == SHUT_WR ? "SHUT_WR"
              : how == SHUT_RDWR ? "SHUT_RDWR" : "?");
  trace_end_with_state (&t, fd, FALSE, cookie);
  return result;
}

int
__wrap_close (int fd)
{
  Trace t;
  int tracing = trace_fd >= 0 && fd != trace_fd && is_socket (fd) && trace_begin (&t, LADDER_CALL_CLOSE, fd);
  int result;
  guint64 cookie = 0;

  /* Once closed the descriptor says nothing more: ask before.  The socket
   * itself lives on (FIN_WAIT_1, LAST_ACK): found by address and cookie. */
  if (tracing)
    {
      trace_socket_info (&t, fd);
      cookie = socket_cookie (fd);
      trace_stamp (&t);
    }
  result = __real_close (fd);
  if (!tracing)
    return result;
  trace_result (&t, result);
  trace_args (&t, "%d", fd);
  trace_end_with_state (&t, fd, TRUE, cookie);
  return result;
}
