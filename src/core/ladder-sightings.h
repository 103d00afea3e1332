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

G_END_DECLS
