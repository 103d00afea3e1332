/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-events.h: what the lab records besides packets.
 *
 * Every socket API call an endpoint makes, and the kernel's view of the
 * endpoints' sockets (every TCP state change from the kernel's tracepoint
 * where the lab ran as root, else NETLINK_SOCK_DIAG samples, what `ss -tap`
 * shows), on the same clock as the packets (CLOCK_REALTIME, nanoseconds
 * since the epoch).
 *
 * Both travel inside the lab's pcapng file as Custom Blocks (block type
 * 0x00000BAD, "copyable", so editors keep them; Wireshark shows and skips
 * them), which keeps a saved lab capture complete in any copy of Wireladder
 * and still valid for Wireshark.  ladder_events_encode_*() build a block body
 * (after the block type and length, before the trailing length);
 * ladder_events_decode() parses one, bounds-checked, and rejects what it does
 * not recognise.  The body layout is documented in ladder-events.c.
 *
 * CONTRACT shared by capture/ (lab), src/app and src/draw.
 */
#pragma once

#include <glib.h>

#include "ladder-addr.h"

G_BEGIN_DECLS

#define LADDER_EVENTS_BLOCK_TYPE 0x00000BADu

typedef enum
{
  LADDER_CALL_SOCKET = 1,
  LADDER_CALL_BIND,
  LADDER_CALL_LISTEN,
  LADDER_CALL_ACCEPT,
  LADDER_CALL_CONNECT,
  LADDER_CALL_SEND,       /* send, write */
  LADDER_CALL_SENDTO,     /* sendto, sendmsg */
  LADDER_CALL_RECV,       /* recv, read */
  LADDER_CALL_RECVFROM,   /* recvfrom, recvmsg */
  LADDER_CALL_SELECT,
  LADDER_CALL_SETSOCKOPT,
  LADDER_CALL_SHUTDOWN,
  LADDER_CALL_CLOSE,
  /* dup, dup2, dup3, fcntl(F_DUPFD): fd is the old descriptor, result the
   * new one, on the same socket (appended: older readers skip it). */
  LADDER_CALL_DUP,
  /* A traced program's fork() or clone() of a new process: RESULT is the
   * child's pid, which goes on with copies of the parent's descriptors. */
  LADDER_CALL_FORK,
} LadderCallKind;

const char *ladder_call_kind_to_string (LadderCallKind kind);  /* "connect" */

/* Which system call made a call of a kind several share, where the kind's
 * name would say another: a copy by dup2() is not shown as dup(), Python's
 * socket.send() (the sendto system call on x86-64) not as send().  The kind
 * groups calls (what they do to the socket); the name is what was made.
 * Values are appended: a reader that does not know one shows the kind. */
typedef enum
{
  LADDER_CALL_SYSCALL_KIND = 0,  /* the kind's own name (and every older file) */
  LADDER_CALL_SYSCALL_DUP2,      /* LADDER_CALL_DUP by dup2() */
  LADDER_CALL_SYSCALL_DUP3,      /* ... by dup3() */
  LADDER_CALL_SYSCALL_FCNTL,     /* ... by fcntl(F_DUPFD or F_DUPFD_CLOEXEC) */
  LADDER_CALL_SYSCALL_ACCEPT4,   /* LADDER_CALL_ACCEPT by accept4() */
  LADDER_CALL_SYSCALL_WRITE,     /* LADDER_CALL_SEND by write() */
  LADDER_CALL_SYSCALL_WRITEV,    /* ... by writev() */
  LADDER_CALL_SYSCALL_SENDTO,    /* ... by sendto() without an address */
  LADDER_CALL_SYSCALL_SENDMSG,   /* LADDER_CALL_SEND or _SENDTO by sendmsg() */
  LADDER_CALL_SYSCALL_READ,      /* LADDER_CALL_RECV by read() */
  LADDER_CALL_SYSCALL_READV,     /* ... by readv() */
  LADDER_CALL_SYSCALL_RECVFROM,  /* ... by recvfrom() without an address */
  LADDER_CALL_SYSCALL_RECVMSG,   /* LADDER_CALL_RECV or _RECVFROM by recvmsg() */
  LADDER_CALL_SYSCALL_POLL,      /* LADDER_CALL_SELECT by poll() */
  LADDER_CALL_SYSCALL_PPOLL,     /* ... by ppoll() */
  LADDER_CALL_SYSCALL_PSELECT6,  /* ... by pselect6() (glibc's select() and pselect()) */
  LADDER_CALL_SYSCALL_EPOLL_WAIT,  /* ... by epoll_wait() */
  LADDER_CALL_SYSCALL_EPOLL_PWAIT, /* ... by epoll_pwait() */
} LadderCallSyscall;
/* ERR as its symbolic name ("ECONNREFUSED"), or NULL for 0 or an unknown value. */
const char *ladder_errno_name (gint32 err);

/* The socket's addresses are filled in when known (family 0 otherwise):
 * local after bind/connect/accept, peer for connect/accept/sendto/recvfrom
 * and for connected sockets.  They tie a call to its 5-tuple. */
typedef struct
{
  gint64     ts_ns;        /* when the call was entered */
  gint64     duration_ns;  /* until it returned (accept/recv/select block) */
  guint32    pid;
  guint8     kind;         /* LadderCallKind */
  guint8     protocol;     /* 6, 17, 1, 58 or 0 when unknown */
  guint8     syscall;      /* LadderCallSyscall */
  gint32     fd;           /* the socket acted on; -1 for socket() */
  gint64     result;       /* return value: new fd, byte count, 0, -1 */
  gint32     err;          /* errno when the call failed, else 0 */
  LadderAddr local_addr;
  guint16    local_port;
  LadderAddr peer_addr;
  guint16    peer_port;
  char       host[16];     /* lab host: "client", "client2", "server" ... */
  char       program[32];  /* endpoint program: "tcp-echo-server" ... */
  char       args[96];     /* arguments as the course writes them: "3, 10.0.4.2:7, 16" */
} LadderSocketCall;

/* Where a state record comes from.  A sample says what the socket was in
 * at TS_NS (states between two samples are missed); a tracepoint record is
 * the kernel's own state change, made at TS_NS.  Files written before this
 * field existed hold samples. */
typedef enum
{
  LADDER_STATE_SOURCE_SAMPLED = 0,
  LADDER_STATE_SOURCE_TRACEPOINT = 1,
  /* A sock_diag sample of a TCP socket whose states the tracepoint
   * records: only its queues (and owner) count, its state is the
   * tracepoint's.  A capture keeps these apart from the states
   * (ladder_capture_get_queue()). */
  LADDER_STATE_SOURCE_QUEUES = 2,
} LadderStateSource;

const char *ladder_state_source_to_string (LadderStateSource source);  /* "sampled" */

#define LADDER_STATE_OLD_UNKNOWN 0xff

/* One socket as NETLINK_SOCK_DIAG reported it at TS_NS, or one change of
 * its TCP state (sock:inet_sock_set_state).  STATE uses the kernel's TCP
 * states mapped to LadderTcpState values (ladder-tcp.h); UDP sockets
 * report CLOSED (unconnected) or ESTABLISHED (connected). */
typedef struct
{
  gint64     ts_ns;
  guint32    pid;
  gint32     fd;
  guint8     protocol;
  guint8     state;        /* LadderTcpState */
  guint32    recv_q, send_q;
  LadderAddr local_addr;
  guint16    local_port;
  LadderAddr peer_addr;
  guint16    peer_port;
  char       host[16];
  char       program[32];
  guint8     source;       /* LadderStateSource */
  guint8     old_state;    /* tracepoint: the state left; else LADDER_STATE_OLD_UNKNOWN */
} LadderSocketState;

/* Which stream a program's line went through.  STDIN: a line typed into
 * the program while the lab ran (the window's terminal pane). */
typedef enum
{
  LADDER_OUTPUT_STDIN  = 0,
  LADDER_OUTPUT_STDOUT = 1,
  LADDER_OUTPUT_STDERR = 2,
} LadderOutputStream;

/* A line a program of a custom lab wrote (`lab run custom`), as it came:
 * what the student saw in a terminal, on the packets' clock.  Lines longer
 * than TEXT are cut. */
typedef struct
{
  gint64     ts_ns;
  guint32    pid;          /* the program's (its tracer's) process */
  guint8     stream;       /* LadderOutputStream */
  char       host[16];
  char       program[32];
  char       text[256];
} LadderProgramOutput;

typedef enum
{
  LADDER_EVENT_NONE = 0,
  LADDER_EVENT_CALL,
  LADDER_EVENT_STATE,
  LADDER_EVENT_OUTPUT,
} LadderEventType;

typedef struct
{
  LadderEventType type;
  union
  {
    LadderSocketCall  call;
    LadderSocketState state;
    LadderProgramOutput output;
  };
} LadderEvent;

/* CALL's name as the program made it: "dup2" for a dup2(), "accept4" for
 * an accept4(), else the kind's ("connect"). */
const char *ladder_socket_call_name (const LadderSocketCall *call);

/* Appends a Custom Block body to OUT. */
void ladder_events_encode_call  (GByteArray *out, const LadderSocketCall *call);
void ladder_events_encode_state (GByteArray *out, const LadderSocketState *state);
void ladder_events_encode_output (GByteArray *out, const LadderProgramOutput *output);

/* Sets OUTPUT's text to as much of TEXT (LEN bytes) as fits, cut where a
 * character starts when TEXT is UTF-8. */
void ladder_program_output_set_text (LadderProgramOutput *output, const char *text, gsize len);

/* Cuts a program's output into lines as it comes: N bytes of BUF go on
 * LINE (the line not ended yet, of which at most MAX bytes are kept), and
 * FUNC gets each line a newline ends, without the newline (NUL-terminated,
 * LEN bytes). */
typedef void (*LadderLineFunc) (const char *line, gsize len, gpointer user_data);
void ladder_lines_feed (GString *line, const char *buf, gsize n, gsize max, LadderLineFunc func,
                        gpointer user_data);
/* BODY is a Custom Block's body (PEN first).  Returns FALSE (event->type
 * NONE) for another vendor's block, an unknown version or a malformed body. */
gboolean ladder_events_decode (const guint8 *body, gsize len, LadderEvent *event);
/* Whether BODY is a socket call as every reader takes it (the loader adds
 * exactly these to a capture, `calls` lists them): what a summary of
 * recorded calls counts, leaving out the state records that travel with
 * them. */
gboolean ladder_events_is_call (const guint8 *body, gsize len);

G_END_DECLS
