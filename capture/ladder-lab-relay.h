/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-relay.h: lossy, slow and reordering links made in user space.
 *
 * tc netem is missing on many kernels and needs more privilege than the
 * lab has in a user namespace, so an impaired link L – R is built as two
 * veth pairs with a relay in the middle:
 *
 *   L:veth-R ═ relayK:veth-L   [relay process]   relayK:veth-R ═ R:veth-L
 *
 * relayK is a network namespace of its own with no addresses and IPv6
 * off, so it adds no traffic.  The relay process (forked by the lab's
 * runner) owns the two inner ends through AF_PACKET sockets and copies each
 * frame to the other side after the link's impairments, each direction on
 * its own: loss, duplication, a token bucket (rate), fixed delay plus
 * jitter (which never reorders by itself), and reordering (a frame is held
 * back until the next frame of its direction has passed, at most
 * LADDER_LAB_RELAY_REORDER_HOLD_MS).  Release times go into one priority
 * queue; the process sleeps in ppoll() until the earliest.
 *
 * Decisions are deterministic: each comes from the seed, the link, the
 * direction and the number of the frame in that direction, never from the
 * time.  Link-local multicast and broadcast frames (ARP requests, IPv6
 * neighbour discovery, MLD), whose number varies with timing, are neither
 * counted nor lost, duplicated or reordered; they are only delayed.
 *
 * Frames are copied verbatim, so the ends learn each other's MAC address
 * through the relay as through a cable.  The outer ends compute their
 * checksums in software (offloads off): a frame with a partial checksum
 * would not survive the copy.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "ladder-lab-client.h"
#include "ladder-netns.h"

G_BEGIN_DECLS

#define LADDER_LAB_RELAY_REORDER_HOLD_MS  200

typedef struct _LadderLabRelay LadderLabRelay;

/* What the relay does, for one decision (the WHAT of ladder_lab_relay_draw). */
typedef enum
{
  LADDER_LAB_RELAY_DRAW_LOSS,
  LADDER_LAB_RELAY_DRAW_DUPLICATE,
  LADDER_LAB_RELAY_DRAW_REORDER,
  LADDER_LAB_RELAY_DRAW_JITTER,
} LadderLabRelayDraw;

LadderLabRelay *ladder_lab_relay_new  (guint64 seed);
/* Kills the relay process (if started) and closes its sockets. */
void            ladder_lab_relay_free (LadderLabRelay *relay);

/* Opens the inner ends LEFT_IF (towards the client) and RIGHT_IF in NS and
 * gives them IMPAIR each way.  SUBNET names the link in decisions. */
gboolean ladder_lab_relay_add_link (LadderLabRelay        *relay,
                                    LadderNetns           *ns,
                                    const char            *left_if,
                                    const char            *right_if,
                                    guint                  subnet,
                                    const LadderLabImpair *impair,
                                    GError               **error);
/* Forks the relay process; it dies with its parent. */
gboolean ladder_lab_relay_start    (LadderLabRelay *relay, GError **error);

/* The 64 random bits behind decision WHAT on frame N (1-based) of
 * direction DIR (0: towards the server) of link SUBNET. */
guint64  ladder_lab_relay_draw (guint64 seed, guint subnet, guint dir, guint64 n,
                                LadderLabRelayDraw what);

/* Makes IFNAME (in the calling thread's namespace) hand out whole frames
 * with complete checksums: TX checksum, TSO and GSO off (SIOCETHTOOL). */
gboolean ladder_lab_relay_plain_frames (const char *ifname, GError **error);

/* Whether IMPAIR changes anything. */
gboolean ladder_lab_impair_is_set (const LadderLabImpair *impair);
/* "delay=20ms jitter=0ms loss=5% duplicate=0% reorder=0% rate=0kbit" */
char    *ladder_lab_impair_to_string (const LadderLabImpair *impair);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderLabRelay, ladder_lab_relay_free)

G_END_DECLS
