/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-losses.h: where a lab packet died.
 *
 * The lab captures every link of its chain (client – r1 – ... – server,
 * client2 on r1), and an impaired link is captured where each direction
 * enters it, before the relay's loss (capture/ladder-lab-topology.h).  So
 * a packet seen on link k whose path goes on past k, and never seen on the
 * next link of that path, was lost on k.
 *
 * The links and their hosts come from the interfaces: the name "r1–r2"
 * and the subnet in the description ("wireladder lab link r1–r2
 * (10.0.2.0/24, ..."); the lab gives link k's left host 10.0.k.1 and
 * fd00:k::1, its right host .2 and ::2.  A packet's path follows the chain
 * to the host that owns its destination address; packets to other
 * addresses (multicast, link-local) have none and are never called lost.
 * Nor is one whose TTL (hop limit) runs out at the next router.
 *
 * On the last link of its path the next place to see it is the link's far
 * side: the lab captures an impaired link there too ("r3–server
 * (delivered)", ladder-sightings.h), so a packet the relay lost before
 * its destination is told as well.  A plain link loses nothing.
 */
#pragma once

#include <glib.h>

#include "ladder-frame.h"

G_BEGIN_DECLS

typedef struct _LadderLosses LadderLosses;

LadderLosses *ladder_losses_new  (void);
void          ladder_losses_free (LadderLosses *losses);

/* Interface IFACE as its IDB names and describes it; non-lab interfaces
 * are ignored. */
void          ladder_losses_add_interface (LadderLosses *losses, guint iface,
                                           const char *name, const char *description);
/* Every frame, in file order, after the interfaces it refers to. */
void          ladder_losses_add_frame     (LadderLosses *losses, const LadderFrame *frame);
/* After the last frame. */
void          ladder_losses_finish        (LadderLosses *losses);
/* The name of the link the packet of frame NUMBER (any of its sightings)
 * was lost on, or NULL. */
const char   *ladder_losses_lost_on       (LadderLosses *losses, guint64 number);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderLosses, ladder_losses_free)

G_END_DECLS
