/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-ipip.c: IP in IP.  IPv4 in IPv4 (RFC 2003, protocol 4),
 * IPv6 in IPv4 (RFC 4213 "6in4", protocol 41), and either in IPv6 (RFC
 * 2473: next header 4 or 41, "4in6" / "6in6").
 *
 * The outer header is the whole tunnel header: the inner datagram starts
 * right after it, inside the outer datagram's declared length.  Nesting is
 * capped by ladder_dissect_enter_tunnel().
 */
#include "ladder-dissect-private.h"

LadderStatus
ladder_dissect_ipip (LadderDissect *d, LadderCursor *c, guint8 proto)
{
  guint32 off = (guint32) c->off;

  if (!ladder_dissect_enter_tunnel (d, c, LADDER_TUNNEL_IPIP, off))
    return d->pkt->status;
  if (proto == LADDER_IPPROTO_IPIP)
    {
      d->pkt->ethertype = 0x0800;
      return ladder_dissect_ipv4 (d, c);
    }
  d->pkt->ethertype = 0x86dd;
  return ladder_dissect_ipv6 (d, c);
}
