/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-mpls.c: MPLS label stack encoding, RFC 3032 (EtherTypes
 * 0x8847 unicast and 0x8848 multicast, PPP protocols 0x0281/0x0283, GRE).
 *
 * Each entry is 4 bytes: label (20 bits), traffic class (3), bottom of
 * stack (1), TTL (8).  The walk stops at the bottom-of-stack bit, at the
 * end of the capture, or after LADDER_MAX_MPLS_LABELS entries.  What
 * follows the stack carries no type: as Wireshark does by default, a
 * first nibble of 4 or 6 is taken as IPv4 or IPv6; anything else (a
 * pseudowire control word, Ethernet) is left undecoded.
 */
#include "ladder-dissect-private.h"

#define MPLS_ENTRY_LEN 4

static void
describe_entry (LadderDissect *d, gsize off, guint32 entry)
{
  ladder_tree_push (d->tree, (guint32) off, MPLS_ENTRY_LEN,
                    "MultiProtocol Label Switching Header, Label: %u, Exp: %u, S: %u, TTL: %u",
                    entry >> 12, (entry >> 9) & 7, (entry >> 8) & 1, entry & 0xff);
  ladder_tree_add (d->tree, (guint32) off, 3, "MPLS Label: %u", entry >> 12);
  ladder_tree_add (d->tree, (guint32) off + 2, 1, "MPLS Traffic Class: %u", (entry >> 9) & 7);
  ladder_tree_add (d->tree, (guint32) off + 2, 1, "MPLS Bottom Of Label Stack: %u", (entry >> 8) & 1);
  ladder_tree_add (d->tree, (guint32) off + 3, 1, "MPLS TTL: %u", entry & 0xff);
  ladder_tree_pop (d->tree);
}

LadderStatus
ladder_dissect_mpls (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  guint32 off = (guint32) c->off;
  guint32 entry = 0;
  guint n = 0;

  if (!ladder_dissect_enter_tunnel (d, c, LADDER_TUNNEL_MPLS, off))
    return pkt->status;
  do
    {
      if (n == LADDER_MAX_MPLS_LABELS)
        return ladder_dissect_problem (d, LADDER_STATUS_UNSUPPORTED, c->off, ladder_cursor_remaining (c),
                                       "MPLS label stack deeper than LADDER_MAX_MPLS_LABELS");
      if (!ladder_cursor_be32 (c, &entry))
        return ladder_dissect_short (d, c, MPLS_ENTRY_LEN, "MPLS label stack truncated",
                                     "MPLS label stack runs past its frame");
      if (d->tree != NULL)
        describe_entry (d, c->off - MPLS_ENTRY_LEN, entry);
      n++;
      pkt->n_mpls = (guint8) n;
      pkt->tunnels[pkt->n_tunnels - 1].id = entry >> 12;
    }
  while (!(entry & 0x100));
  pkt->layers |= LADDER_LAYER_MPLS;
  return ladder_dissect_inner_ip (d, c, "MPLS payload is neither IPv4 nor IPv6");
}
