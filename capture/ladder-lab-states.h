/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-states.h: the kernel's view of the endpoints' sockets over a
 * run (what `ss -tap` shows), sampled with NETLINK_SOCK_DIAG
 * (ladder-sockdiag.h) in every host namespace where endpoints run.
 *
 * A socket is reported when it appears and whenever something changed since
 * the previous sample (state, queues, addresses, owner); one that
 * disappears is reported once more as CLOSED.  Sockets held by watched
 * processes carry their pid, fd and program (and keep them after the
 * process closed them: TIME_WAIT); sockets no watched process ever held (a
 * connection still in the accept queue) are not reported.  Timestamps are
 * the sample's (CLOCK_REALTIME).
 *
 * Samples come every few milliseconds, too late for the states a socket
 * call leaves behind in a lab where a whole exchange takes one: so the
 * endpoints report those themselves (ladder_lab_states_adopt()), and the
 * kernel's destroy notifications (the destroy fds) ask for a sample the
 * moment a socket goes.
 *
 * What a tcp-echo run records (measured): client ESTABLISHED, FIN_WAIT_1,
 * TIME_WAIT; server ESTABLISHED, CLOSE_WAIT, CLOSED.  States that begin and
 * end inside one call or between two packets a few tens of microseconds
 * apart are not seen: SYN_SENT (measured: even right after a non-blocking
 * connect() returned EINPROGRESS the socket was ESTABLISHED already, as
 * veth hands the SYN through every namespace and back in the softirq pass
 * that sent it), FIN_WAIT_2 and LAST_ACK (one lab round trip).  With netem delay (where the kernel
 * has it) they last long enough for the samples.  Every transition would
 * need the sock:inet_sock_set_state tracepoint, which only root in the
 * initial namespace may attach to: where the lab runs as root it does
 * (ladder-lab-transitions.h), and these samples then serve to find owners,
 * to record UDP and raw sockets, and for the TCP sockets' queues (ss's
 * Recv-Q and Send-Q, which the tracepoint does not carry).  Every captured
 * TCP packet also asks for its socket at once
 * (ladder_lab_states_sample_connection()), and the last ACK of a handshake
 * for the listener whose accept queue it grew.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "ladder-events.h"
#include "ladder-netns.h"

G_BEGIN_DECLS

typedef struct _LadderLabStates LadderLabStates;

typedef void (*LadderLabStateFunc) (const LadderSocketState *state, gpointer user_data);

LadderLabStates *ladder_lab_states_new  (void);
void             ladder_lab_states_free (LadderLabStates *states);

/* Samples host NAME (namespace NS) from now on; a second call for the same
 * name does nothing. */
gboolean ladder_lab_states_add_host (LadderLabStates *states, const char *name,
                                     LadderNetns *ns, GError **error);
/* The sockets of PID belong to PROGRAM on HOST. */
void     ladder_lab_states_watch    (LadderLabStates *states, pid_t pid,
                                     const char *host, const char *program);
/* PID has exited: its sockets (kept by the kernel, TIME_WAIT ...) stay
 * reported under its name until they go. */
void     ladder_lab_states_unwatch  (LadderLabStates *states, pid_t pid);
/* Takes one sample and calls FUNC for each change.  TS_NS is unused: each
 * state carries the time its host was read. */
void     ladder_lab_states_poll     (LadderLabStates *states, gint64 ts_ns,
                                     LadderLabStateFunc func, gpointer user_data);

/* An endpoint's own report of its socket (ladder_sockdiag_adopt()); FALSE
 * when it repeats the last recorded state and can be dropped. */
gboolean ladder_lab_states_adopt (LadderLabStates *states, const LadderSocketState *state);

/* A packet of A:A_PORT ↔ B:B_PORT was captured: asks every host for that
 * socket now (either way round) and calls FUNC for each change, as a poll
 * does.  What the lab samples between two polls, where no tracepoint
 * reports every change (ladder-lab-transitions.h). */
void     ladder_lab_states_sample_connection (LadderLabStates *states, guint8 protocol,
                                              const LadderAddr *a, guint16 a_port,
                                              const LadderAddr *b, guint16 b_port,
                                              LadderLabStateFunc func, gpointer user_data);
/* A TCP packet to ADDR:PORT completed a handshake: asks every host for its
 * listener on PORT (bound to the wildcard address or to ADDR), whose
 * accept queue (ss's Recv-Q) just grew, and calls FUNC for each change. */
void     ladder_lab_states_sample_listener (LadderLabStates *states, const LadderAddr *addr,
                                            guint16 port, LadderLabStateFunc func,
                                            gpointer user_data);
/* The kernel state (tcp_states.h) of HOST's socket with TUPLE's addresses
 * now, or -1; records nothing. */
gint     ladder_lab_states_lookup (LadderLabStates *states, const char *host,
                                   const LadderSocketState *tuple);

/* Per host, in the order added: the destroy notification descriptor (-1:
 * none) and draining it. */
guint    ladder_lab_states_get_n_hosts          (LadderLabStates *states);
int      ladder_lab_states_get_destroy_fd       (LadderLabStates *states, guint index);
guint    ladder_lab_states_drain_destroyed      (LadderLabStates *states, guint index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderLabStates, ladder_lab_states_free)

G_END_DECLS
