/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-vxlan.c: Virtual eXtensible LAN, RFC 7348 (UDP port 4789).
 *
 * An 8-byte header (flags with the I bit for a valid VNI, 24-bit VNI) and
 * then a whole Ethernet frame.  The UDP datagram's declared length bounds
 * the inner frame.
 */
#include "ladder-dissect-private.h"

#define VXLAN_HEADER_LEN 8
#define VXLAN_FLAG_I     0x08

LadderStatus
ladder_dissect_vxlan (LadderDissect *d, LadderCursor *c)
{
  const guint8 *h = ladder_cursor_ptr (c, VXLAN_HEADER_LEN);
  gsize off = c->off;
  guint8 flags;
  guint32 vni;

  if (h == NULL)
    return ladder_dissect_short (d, c, VXLAN_HEADER_LEN, "VXLAN header truncated",
                                 "VXLAN header runs past the UDP payload");
  flags = h[0];
  vni = ladder_span_be32 (h + 4) >> 8;
  if (d->tree != NULL)
    {
      ladder_tree_push (d->tree, (guint32) off, VXLAN_HEADER_LEN, "Virtual eXtensible Local Area Network, VNI: %u",
                        vni);
      ladder_tree_add (d->tree, (guint32) off, 1, "Flags: 0x%02x%s", flags,
                       flags & VXLAN_FLAG_I ? " (VNI valid)" : "");
      ladder_tree_add (d->tree, (guint32) off + 4, 3, "VXLAN Network Identifier (VNI): %u", vni);
      ladder_tree_pop (d->tree);
    }
  if (!ladder_dissect_enter_tunnel (d, c, LADDER_TUNNEL_VXLAN, (guint32) off))
    return d->pkt->status;
  d->pkt->tunnels[d->pkt->n_tunnels - 1].id = vni;
  ladder_cursor_skip (c, VXLAN_HEADER_LEN);
  return ladder_dissect_ethernet (d, c);
}
