/* ladder-lab-states.h: the kernel's view of the endpoints' sockets over a
 * run (what `ss -tap` shows), sampled with NETLINK_SOCK_DIAG
 * (ladder-sockdiag.h) in every host namespace where endpoints run.
 *
 * A socket is reported when it appears and whenever something changed since
 * the previous sample (state, queues, addresses, owner); one that
 * disappears is reported once more as CLOSED.  Sockets held by watched
 * processes carry their pid, fd and program; the hosts hold no other
 * sockets.  Timestamps are the sample's (CLOCK_REALTIME).
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

/* Per host, in the order added: the destroy notification descriptor (-1:
 * none) and draining it. */
guint    ladder_lab_states_get_n_hosts          (LadderLabStates *states);
int      ladder_lab_states_get_destroy_fd       (LadderLabStates *states, guint index);
guint    ladder_lab_states_drain_destroyed      (LadderLabStates *states, guint index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderLabStates, ladder_lab_states_free)

G_END_DECLS
