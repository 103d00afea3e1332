/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-handoff.h: a queue of pointers from one thread to one other. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A bounded first-in first-out queue between exactly one pushing thread
 * and one popping thread.  A thread that finds nothing to pop waits by
 * spinning a short while before it sleeps, and a push makes a system call
 * only to wake a thread that sleeps. */
typedef struct _LadderHandoff LadderHandoff;

/* A queue for up to CAPACITY pointers at a time. */
LadderHandoff *ladder_handoff_new     (guint          capacity);
void           ladder_handoff_free    (LadderHandoff *handoff);

/* Adds ITEM (not NULL) at the end; the queue must not be full, which a
 * fixed set of items passed back and forth ensures. */
void           ladder_handoff_push    (LadderHandoff *handoff,
                                       gpointer       item);
/* Takes the first item, waiting for one. */
gpointer       ladder_handoff_pop     (LadderHandoff *handoff);
/* Items ready to pop, less one while the popping thread waits for one
 * (as g_async_queue_length() counts). */
gint           ladder_handoff_length  (LadderHandoff *handoff);

G_END_DECLS
