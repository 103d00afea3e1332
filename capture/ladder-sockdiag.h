/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sockdiag.h: the kernel's view of the sockets in one network
 * namespace, read through NETLINK_SOCK_DIAG (inet_diag), as `ss -tuap`
 * shows it: state, receive and send queues, local and peer address, and the
 * owning process and descriptor.
 *
 * TCP and UDP over IPv4 and IPv6, and raw ICMP / ICMPv6 sockets.  Raw
 * sockets come through raw_diag where the kernel has it; without it
 * (CONFIG_INET_RAW_DIAG unset, as on the machines this project is tested
 * on) they are read from /proc/PID/net/raw{,6} as `ss` falls back to, through
 * one of the PIDS given to the poll (no PIDS, or none left: none shown).
 * A kernel without udp_diag shows no UDP sockets.
 *
 * The netlink socket belongs to the namespace that was current when
 * ladder_sockdiag_new() ran and keeps reading that namespace afterwards, so
 * a caller can setns() into a lab host, create it, and setns() back.
 */
#pragma once

#include <glib.h>

#include "ladder-events.h"

G_BEGIN_DECLS

typedef struct _LadderSockDiag LadderSockDiag;

/* HOST names the namespace in the states reported ("client", "server"). */
LadderSockDiag *ladder_sockdiag_new  (const char *host, GError **error);
void            ladder_sockdiag_free (LadderSockDiag *sd);

/* Reads every socket of the namespace now and appends to CHANGED
 * (LadderSocketState) those that are new or differ from the previous poll
 * (state, queues, addresses, owner), stamped with CLOCK_REALTIME now.
 *
 * Owners: a socket held open by one of PIDS (guint32; NULL: none) gets that
 * pid, its fd and its program (the endpoint's role, from its command line,
 * else the process name).  The owner sticks to the socket after the
 * process closes it or exits (FIN_WAIT, TIME_WAIT: the kernel keeps the
 * socket's identity), with fd -1.  Sockets never seen owned by PIDS are
 * reported with pid 0 and fd -1 when PIDS is NULL; with PIDS they are not
 * reported at all until they have an owner (a connection waiting in the
 * accept queue is recorded once accept() has handed it over).
 *
 * A socket that is gone is reported once more with state CLOSED, empty
 * queues and fd -1.  Returns FALSE only when the namespace cannot be read
 * at all. */
gboolean ladder_sockdiag_poll (LadderSockDiag *sd,
                               const GArray   *pids,
                               GArray         *changed,
                               GError        **error);

/* Asks the kernel now for the one PROTOCOL socket LOCAL:LOCAL_PORT with
 * peer PEER:PEER_PORT (a TIME_WAIT socket too) and returns its kernel
 * state (include/net/tcp_states.h; a timewait socket says its substate),
 * or -1 when there is none.  With CHANGED, the socket is tracked as a poll
 * tracks it (owners from PIDS) and appended when it changed; without,
 * nothing is recorded. */
gint     ladder_sockdiag_query (LadderSockDiag *sd, const GArray *pids, guint8 protocol,
                                const LadderAddr *local, guint16 local_port,
                                const LadderAddr *peer, guint16 peer_port, GArray *changed);

/* An endpoint reported STATE of its own socket itself (right after a
 * socket call: capture/endpoints/ladder-trace-sockdiag.h).  Later polls
 * find the socket by its addresses and give it that owner even when no
 * descriptor table ever showed it, and do not repeat a state it recorded.
 * Returns FALSE when STATE says nothing new since the last recorded one
 * (same state, pid and fd), so the caller can drop it. */
gboolean ladder_sockdiag_adopt (LadderSockDiag *sd, const LadderSocketState *state);

/* The name PID's sockets carry, instead of the one its /proc entries give:
 * a traced program's (a custom lab's "echo_server.py", not "python3"). */
void     ladder_sockdiag_name_pid (LadderSockDiag *sd, guint32 pid, const char *program);

/* A descriptor that becomes readable when the kernel frees a TCP or UDP
 * socket of the namespace (the inet_diag destroy multicast groups; -1
 * where joining them is not allowed): poll it and poll the states at once.
 * ladder_sockdiag_drain_destroyed() empties it and says how many sockets
 * were freed. */
int      ladder_sockdiag_get_destroy_fd  (LadderSockDiag *sd);
guint    ladder_sockdiag_drain_destroyed (LadderSockDiag *sd);

/* Every socket the last poll saw (LadderSocketState), in kernel order:
 * what `ss` would print now. */
void     ladder_sockdiag_get_current (LadderSockDiag *sd, GArray *out);

/* Kernel TCP state (include/net/tcp_states.h) → LadderTcpState. */
guint8   ladder_sockdiag_map_state (guint8 kernel_state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderSockDiag, ladder_sockdiag_free)

G_END_DECLS
