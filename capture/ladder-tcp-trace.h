/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-tcp-trace.h: every TCP state change of the machine, as the kernel
 * makes it: the sock:inet_sock_set_state tracepoint read through
 * perf_event_open(2) (PERF_TYPE_TRACEPOINT, one ring buffer per CPU).
 *
 * The tracepoint is system-wide and carries no network namespace: the
 * caller keeps the sockets it knows (ladder-lab-transitions.h).  Attaching
 * needs root in the initial user namespace (CAP_PERFMON or CAP_SYS_ADMIN);
 * a user namespace's root gets EACCES, and the lab then samples
 * (ladder-lab-states.h).  The event id and record layout are read from the
 * event's `format` file in tracefs (/sys/kernel/tracing or
 * /sys/kernel/debug/tracing; where neither is mounted, tracefs is mounted
 * on a private directory just long enough to read them).
 *
 * Timestamps are CLOCK_REALTIME nanoseconds, the packets' clock (perf's
 * use_clockid); a kernel that refuses it gets CLOCK_MONOTONIC shifted by
 * the offset between the two clocks measured at open.
 *
 * Each record's socket's network namespace comes from a BPF program on the
 * same tracepoint (ladder-bpf-netns.h) where the kernel allows it; the
 * pid then comes from the sample, since that program overwrites the
 * record's common fields.
 *
 * Linux never reports TIME_WAIT here: tcp_time_wait() hands the connection
 * to a timewait socket and the full socket goes FIN_WAIT2 (or CLOSING)
 * → CLOSE.  Whether that CLOSE is a TIME_WAIT is for sock_diag to say.
 */
#pragma once

#include <glib.h>

#include "ladder-addr.h"

G_BEGIN_DECLS

/* One call of inet_sock_set_state(), as the tracepoint records it.
 * States are the kernel's (include/net/tcp_states.h). */
typedef struct
{
  gint64     ts_ns;      /* CLOCK_REALTIME */
  guint64    skaddr;     /* the struct sock: the same socket through its life */
  guint32    pid;        /* the task the kernel was running (softirq: any) */
  guint8     old_state;
  guint8     new_state;
  guint8     protocol;   /* IPPROTO_TCP (also SCTP, MPTCP) */
  LadderAddr saddr;      /* local */
  LadderAddr daddr;      /* peer */
  guint16    sport;      /* 0 before the port is chosen (SYN_SENT) */
  guint16    dport;
  guint32    netns;      /* the socket's network namespace inode; 0: unknown */
} LadderTcpTraceRecord;

/* Where each field the reader needs lies in a record (the tracepoint's raw
 * data), from the event's `format` file. */
typedef struct
{
  guint id;
  guint pid_off;
  guint skaddr_off;
  guint oldstate_off, newstate_off;
  guint sport_off, dport_off;
  guint family_off, protocol_off;
  guint saddr_off, daddr_off;
  guint saddr_v6_off, daddr_v6_off;
  guint min_size;        /* a record shorter than this is dropped */
} LadderTcpTraceFormat;

/* Parses the text of inet_sock_set_state's `format` file (ID: ... and
 * field: lines).  FALSE, with the reason, when a field is missing or has
 * an unexpected size. */
gboolean ladder_tcp_trace_format_parse (const char *text, LadderTcpTraceFormat *format,
                                        GError **error);

/* Decodes one raw record; FALSE when it is shorter than the format says
 * or its family is neither AF_INET nor AF_INET6. */
gboolean ladder_tcp_trace_decode (const LadderTcpTraceFormat *format, const guint8 *raw,
                                  gsize len, gint64 ts_ns, LadderTcpTraceRecord *out);

typedef struct _LadderTcpTrace LadderTcpTrace;

/* Attaches to the tracepoint on every CPU.  G_IO_ERROR_PERMISSION_DENIED
 * where not allowed, G_IO_ERROR_NOT_SUPPORTED where the kernel lacks it. */
LadderTcpTrace *ladder_tcp_trace_open (GError **error);
void            ladder_tcp_trace_free (LadderTcpTrace *trace);

/* One descriptor per CPU, readable when its buffer holds records. */
guint    ladder_tcp_trace_get_n_fds (LadderTcpTrace *trace);
int      ladder_tcp_trace_get_fd    (LadderTcpTrace *trace, guint index);
/* Appends every record waiting in every buffer to OUT
 * (LadderTcpTraceRecord), sorted by time; returns how many. */
guint    ladder_tcp_trace_read      (LadderTcpTrace *trace, GArray *out);
/* Whether each record carries its socket's network namespace
 * (ladder-bpf-netns.h); NULL when it does, else why not. */
const char *ladder_tcp_trace_get_netns_error (LadderTcpTrace *trace);
/* Records the kernel dropped because a buffer was full. */
guint64  ladder_tcp_trace_get_lost  (LadderTcpTrace *trace);
/* "CLOCK_REALTIME" or "CLOCK_MONOTONIC + offset". */
const char *ladder_tcp_trace_get_clock (LadderTcpTrace *trace);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderTcpTrace, ladder_tcp_trace_free)

G_END_DECLS
