/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sightings.h: one packet seen on several lab links is one packet.
 *
 * The lab captures every link of its topology at once, so a probe crossing
 * three routers is recorded four times, its TTL one lower each time.  Those
 * are sightings of one packet, not retransmissions: the analyses count the
 * first and the TTL views use all of them.
 *
 * Two frames are sightings of one packet when they were captured on
 * different interfaces within one second and their IP packets are identical
 * except for what forwarding changes (IPv4 TTL and header checksum, IPv6
 * hop limit; the link-layer header is ignored).  A frame repeated on the
 * same interface is never folded.
 *
 * Applied only to lab captures (ladder_sightings_is_lab_interface): other
 * multi-interface captures are counted as tshark counts them.
 */
#pragma once

#include <glib.h>

#include "ladder-frame.h"

G_BEGIN_DECLS

/* The lab writes this prefix into each link's if_description. */
#define LADDER_LAB_IF_DESCRIPTION_PREFIX "wireladder lab link"

gboolean ladder_sightings_is_lab_interface (const char *description);

/* An impaired (relayed) link is captured twice: where each direction
 * enters it, as the link's own interface ("r1–r2"), and where it leaves
 * it, after the relay's loss, delay and duplicates, as one more interface
 * named with this suffix ("r1–r2 (delivered)", described "wireladder lab
 * link r1–r2 delivered side (10.0.2.0/24, ...").  The lab puts these
 * after every link's interface.  Their frames are sightings like any
 * other; views that walk a packet link by link skip them. */
#define LADDER_LAB_IF_DELIVERED_SUFFIX " (delivered)"
#define LADDER_LAB_IF_DELIVERED_MARK   "delivered side"

gboolean ladder_sightings_is_lab_delivered (const char *description);

typedef struct _LadderSightings LadderSightings;

LadderSightings *ladder_sightings_new  (void);
void             ladder_sightings_free (LadderSightings *sightings);
/* Returns the frame number of the packet's first sighting, or 0 when FRAME
 * is a first sighting (or not an IP packet). */
guint64          ladder_sightings_add  (LadderSightings *sightings, const LadderFrame *frame);

/* The identity of FRAME's IP datagram, forwarding's changes left out (what
 * sightings compare); FALSE when it carries none.  FRAME->data is read. */
gboolean         ladder_sightings_hash (const LadderFrame *frame, guint64 *hash);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderSightings, ladder_sightings_free)

/* Forwarded copies, lab or not.
 *
 * A capture taken on both links of a router (or merged from several
 * capture points) sees a packet once per link, each copy with a TTL one
 * lower and other MACs.  Ping and traceroute must count such a packet once
 * or they report phantom probes; the conversation table still counts every
 * frame, as tshark does.
 *
 * Frames within one second that carry the same IP datagram (the same
 * decoded header fields, forwarding's rewrites left out; the bytes are not
 * always kept) with different TTLs / hop limits are copies
 * of one packet, the lower TTL seen later.  One of them is kept: the copy
 * nearest whoever asked, so that RTTs are measured at one point of the
 * path: for a request or probe its first copy (highest TTL), for an
 * answer (echo reply, ICMP error, SYN-ACK) its last (lowest TTL).  Frames
 * with the same TTL are not folded: those are repeats (a retransmission, a
 * duplicate), not one packet further along its path.  The decision is made
 * once every frame is in, so the order frames are added in does not matter. */
typedef struct _LadderCopies LadderCopies;

LadderCopies *ladder_copies_new     (void);
void          ladder_copies_free    (LadderCopies *copies);
/* Remembers FRAME (ignored when it carries no IP datagram); ANSWER when it
 * answers a request (see above). */
void          ladder_copies_add     (LadderCopies *copies, const LadderFrame *frame,
                                     gboolean answer);
/* Decides which of the frames added are copies. */
void          ladder_copies_finish  (LadderCopies *copies);
/* After finish: whether frame NUMBER is a copy to leave out. */
gboolean      ladder_copies_is_copy (LadderCopies *copies, guint64 number);
/* How many frames are copies, after finish. */
guint         ladder_copies_get_n_copies (LadderCopies *copies);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderCopies, ladder_copies_free)

G_END_DECLS
