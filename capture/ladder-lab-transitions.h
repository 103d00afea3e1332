/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-transitions.h: every TCP state change of the lab's sockets,
 * from the kernel's tracepoint (ladder-tcp-trace.h), as LadderSocketState
 * records with source LADDER_STATE_SOURCE_TRACEPOINT.
 *
 * The tracepoint sees the whole machine, other labs included (the same
 * 10.0.k.x addresses in other namespaces), and names no namespace; where
 * the kernel lets a BPF program tell each record's namespace
 * (ladder-bpf-netns.h), a socket outside the lab's namespaces is never
 * kept, whatever its addresses.  Within them, or where namespaces are not
 * known, a socket (the kernel's struct sock, through its life) is the lab's when
 * one of the lab's processes changed its state itself (connect(),
 * listen(): the record's pid) or when its addresses are those of a
 * connection an endpoint reported (its socket calls and states, which come
 * from inside the lab's namespaces; the ephemeral port makes them the
 * lab's, while a listener's are any lab's).  Its owner (host, pid, fd, program)
 * comes from the same reports.  Records wait until the caller's cutoff
 * before they are decided on, so the reports they need have arrived; one
 * not claimed by then waits two seconds more, and is dropped after that
 * (or at the final flush).
 *
 * TIME_WAIT: Linux records FIN_WAIT2 (or CLOSING) → CLOSE when the
 * connection passes to a timewait socket; the caller's LOOKUP asks
 * sock_diag for the connection, which a timewait socket keeps for 60 s,
 * and a CLOSE that left a timewait socket behind is recorded as TIME_WAIT.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "ladder-events.h"
#include "ladder-tcp-trace.h"

G_BEGIN_DECLS

typedef struct _LadderLabTransitions LadderLabTransitions;

/* The kernel state (tcp_states.h) of HOST's socket LOCAL → PEER now, or -1. */
typedef gint (*LadderLabLookupFunc) (const char *host, const LadderSocketState *tuple,
                                     gpointer user_data);
typedef void (*LadderLabTransitionFunc) (const LadderSocketState *state, gpointer user_data);

/* Takes TRACE. */
LadderLabTransitions *ladder_lab_transitions_new  (LadderTcpTrace *trace);
void                  ladder_lab_transitions_free (LadderLabTransitions *lt);

LadderTcpTrace *ladder_lab_transitions_get_trace (LadderLabTransitions *lt);

/* INODE (a network namespace) is the lab's host HOST.  Once any is known,
 * a record whose socket is known to live elsewhere (ladder-bpf-netns.h) is
 * never the lab's. */
void ladder_lab_transitions_add_netns  (LadderLabTransitions *lt, guint32 inode, const char *host);
void ladder_lab_transitions_watch      (LadderLabTransitions *lt, pid_t pid,
                                        const char *host, const char *program);
/* What an endpoint reported: a call with its socket's addresses, or a
 * socket's state (sampled or its own report). */
void ladder_lab_transitions_note_call  (LadderLabTransitions *lt, const LadderSocketCall *call);
void ladder_lab_transitions_note_state (LadderLabTransitions *lt, const LadderSocketState *state);

/* Reads the tracepoint's buffers. */
void ladder_lab_transitions_read  (LadderLabTransitions *lt);
/* Decides on every record made before CUTOFF_NS and hands the lab's to
 * FUNC, in time order. */
void ladder_lab_transitions_flush (LadderLabTransitions *lt, gint64 cutoff_ns,
                                   LadderLabLookupFunc lookup, LadderLabTransitionFunc func,
                                   gpointer user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderLabTransitions, ladder_lab_transitions_free)

G_END_DECLS
