/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-ppp.c: the Point-to-Point Protocol, RFC 1661, in the
 * HDLC-like framing of RFC 1662 (LINKTYPE_PPP, LINKTYPE_PPP_HDLC, and
 * PPTP's enhanced GRE).
 *
 * The address and control bytes (0xff 0x03) may be absent; the protocol
 * field is one byte when compressed (RFC 1661 6.5: an odd first byte).
 * IPv4 (0x0021), IPv6 (0x0057) and MPLS (0x0281, 0x0283, RFC 3032) are
 * decoded; control protocols (LCP, IPCP ...) are listed as not decoded.
 */
#include "ladder-dissect-private.h"

static const char *
protocol_name (guint16 proto)
{
  switch (proto)
    {
    case 0x0021: return "Internet Protocol version 4";
    case 0x0057: return "Internet Protocol version 6";
    case 0x0281: return "MPLS unicast";
    case 0x0283: return "MPLS multicast";
    case 0x8021: return "IP Control Protocol";
    case 0x8057: return "IPv6 Control Protocol";
    case 0xc021: return "Link Control Protocol";
    case 0xc023: return "Password Authentication Protocol";
    case 0xc223: return "Challenge Handshake Authentication Protocol";
    default: return "Unknown";
    }
}

LadderStatus
ladder_dissect_ppp (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  gsize off = c->off;
  guint8 b0 = 0, b1 = 0;
  guint16 proto;

  if (ladder_cursor_peek_u8 (c, 0, &b0) && ladder_cursor_peek_u8 (c, 1, &b1) && b0 == 0xff && b1 == 0x03)
    ladder_cursor_skip (c, 2);
  if (!ladder_cursor_peek_u8 (c, 0, &b0))
    return ladder_dissect_short (d, c, 1, "PPP header truncated", "PPP header runs past its carrier");
  if (b0 & 1)
    {
      proto = b0;
      ladder_cursor_skip (c, 1);
    }
  else if (!ladder_cursor_be16 (c, &proto))
    return ladder_dissect_short (d, c, 2, "PPP header truncated", "PPP header runs past its carrier");
  pkt->layers |= LADDER_LAYER_PPP;
  if (d->tree != NULL)
    {
      ladder_tree_push (d->tree, (guint32) off, (guint32) (c->off - off), "Point-to-Point Protocol");
      ladder_tree_add (d->tree, (guint32) off, (guint32) (c->off - off), "Protocol: %s (0x%04x)",
                       protocol_name (proto), proto);
      ladder_tree_pop (d->tree);
    }
  switch (proto)
    {
    case 0x0021:
      return ladder_dissect_ethertype (d, c, 0x0800);
    case 0x0057:
      return ladder_dissect_ethertype (d, c, 0x86dd);
    case 0x0281:
    case 0x0283:
      return ladder_dissect_ethertype (d, c, proto == 0x0281 ? 0x8847 : 0x8848);
    default:
      ladder_dissect_payload (d, c, (guint32) ladder_cursor_remaining (c));
      return ladder_dissect_note (pkt, LADDER_STATUS_UNSUPPORTED, "PPP protocol not decoded");
    }
}
