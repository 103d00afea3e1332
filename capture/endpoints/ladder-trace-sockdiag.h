/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-trace-sockdiag.h: the kernel's state of one TCP socket, asked by
 * the endpoint itself right after a socket call (ladder-trace.c).
 *
 * The runner samples every host's sockets every few milliseconds, but a
 * whole echo exchange in the lab is over in one or two: the states a call
 * leaves behind (ESTABLISHED after connect() or accept(), CLOSE_WAIT after
 * recv() returned 0, FIN_WAIT_1 or LAST_ACK after close()) fall between
 * samples.  So the trace asks NETLINK_SOCK_DIAG for exactly that socket
 * (one SOCK_DIAG_BY_FAMILY request without NLM_F_DUMP: the kernel looks
 * the 5-tuple up, as `ss` does for one socket) the moment the call
 * returns, in the endpoint's own namespace, needing no privilege.
 */
#pragma once

#include <glib.h>

#include "ladder-events.h"

G_BEGIN_DECLS

/* Fills STATE's state, queues and addresses from the kernel's view of the
 * TCP socket with these addresses (LOCAL and PEER of the same family) and
 * COOKIE (SO_COOKIE; 0: any).  FALSE when the kernel has no such socket
 * any more (it was freed) or cannot be asked. */
gboolean ladder_trace_sockdiag_lookup (const LadderAddr *local, guint16 local_port,
                                       const LadderAddr *peer, guint16 peer_port,
                                       guint64 cookie, LadderSocketState *state);

/* Kernel TCP state → LadderTcpState. */
guint8   ladder_trace_sockdiag_map_state (guint8 kernel_state);

G_END_DECLS
