/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-arp.c: the Address Resolution Protocol, RFC 826, and Reverse ARP,
 * RFC 903 (same layout, opcodes 3 and 4).
 *
 * Any hardware/protocol pairing is walked using its declared address sizes;
 * only Ethernet/IPv4 addresses are copied into the packet.
 */
#include "ladder-dissect-private.h"

#include <stdio.h>

#define ARP_FIXED_LEN 8

static const char *
opcode_name (guint16 op)
{
  switch (op)
    {
    case 1: return "request";
    case 2: return "reply";
    case 3: return "reverse request";
    case 4: return "reverse reply";
    case 8: return "inverse request";
    case 9: return "inverse reply";
    case 10: return "NAK";
    default: return "unknown";
    }
}

/* Tree text for an address of any size: MAC, dotted quad or hex. */
static void
describe_address (LadderTree *tree, gsize off, guint len, const char *what,
                  const LadderCursor *c, gboolean hw)
{
  GString *text = g_string_new (NULL);
  guint8 b = 0;

  for (guint i = 0; i < len && i < 32; i++)
    {
      ladder_cursor_peek_u8 (c, off - c->off + i, &b);
      if (!hw && len == 4)
        g_string_append_printf (text, "%s%u", i ? "." : "", b);
      else
        g_string_append_printf (text, "%s%02x", i && hw ? ":" : "", b);
    }
  if (len > 32)
    g_string_append (text, "...");
  ladder_tree_add (tree, (guint32) off, len, "%s: %s", what, text->str);
  g_string_free (text, TRUE);
}

static void
describe_arp (LadderDissect *d, const LadderCursor *c, guint16 htype, guint16 ptype,
              guint8 hlen, guint8 plen, guint16 op)
{
  gsize off = c->off;
  guint32 len = ARP_FIXED_LEN + 2u * hlen + 2u * plen;
  const char *pname = ladder_ethertype_name (ptype);

  ladder_tree_push (d->tree, (guint32) off, len, "%s (%s)",
                    op == 3 || op == 4 ? "Reverse Address Resolution Protocol"
                                       : "Address Resolution Protocol",
                    opcode_name (op));
  ladder_tree_add (d->tree, (guint32) off, 2, "Hardware type: %s (%u)",
                   htype == 1 ? "Ethernet" : "Unknown", htype);
  ladder_tree_add (d->tree, (guint32) off + 2, 2, "Protocol type: %s (0x%04x)",
                   pname ? pname : "Unknown", ptype);
  ladder_tree_add (d->tree, (guint32) off + 4, 1, "Hardware size: %u", hlen);
  ladder_tree_add (d->tree, (guint32) off + 5, 1, "Protocol size: %u", plen);
  ladder_tree_add (d->tree, (guint32) off + 6, 2, "Opcode: %s (%u)", opcode_name (op), op);
  off += ARP_FIXED_LEN;
  describe_address (d->tree, off, hlen, "Sender hardware address", c, TRUE);
  describe_address (d->tree, off + hlen, plen, "Sender protocol address", c, FALSE);
  describe_address (d->tree, off + hlen + plen, hlen, "Target hardware address", c, TRUE);
  describe_address (d->tree, off + 2u * hlen + plen, plen, "Target protocol address", c, FALSE);
  ladder_tree_pop (d->tree);
}

LadderStatus
ladder_dissect_arp (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  LadderCursor h = *c;
  guint16 htype = 0, ptype = 0, op = 0;
  guint8 hlen = 0, plen = 0, spa[4] = { 0 }, tpa[4] = { 0 };
  gsize len = 0;

  if (!ladder_cursor_has (c, ARP_FIXED_LEN))
    return ladder_dissect_short (d, c, ARP_FIXED_LEN, "ARP header truncated",
                                 "ARP header truncated");
  ladder_cursor_be16 (&h, &htype);
  ladder_cursor_be16 (&h, &ptype);
  ladder_cursor_u8 (&h, &hlen);
  ladder_cursor_u8 (&h, &plen);
  ladder_cursor_be16 (&h, &op);
  pkt->arp_op = op;

  len = ARP_FIXED_LEN + 2u * hlen + 2u * plen;
  if (!ladder_cursor_has (c, len))
    return ladder_dissect_short (d, c, len, "ARP addresses truncated", "ARP addresses truncated");
  if (d->tree != NULL)
    describe_arp (d, c, htype, ptype, hlen, plen, op);

  if (htype == 1 && ptype == 0x0800 && hlen == 6 && plen == 4)
    {
      ladder_cursor_bytes (&h, pkt->arp_sha, 6);
      ladder_cursor_bytes (&h, spa, 4);
      ladder_cursor_bytes (&h, pkt->arp_tha, 6);
      ladder_cursor_bytes (&h, tpa, 4);
      pkt->arp_spa.family = 4;
      pkt->arp_tpa.family = 4;
      memcpy (pkt->arp_spa.bytes, spa, 4);
      memcpy (pkt->arp_tpa.bytes, tpa, 4);
    }
  pkt->layers |= LADDER_LAYER_ARP;
  ladder_cursor_skip (c, len);
  if (d->tree != NULL && ladder_cursor_remaining (c) > 0)
    {
      ladder_tree_push (d->tree, (guint32) c->off, (guint32) ladder_cursor_remaining (c),
                        "Trailer (%" G_GSIZE_FORMAT " bytes)", ladder_cursor_remaining (c));
      ladder_tree_pop (d->tree);
    }
  return LADDER_STATUS_OK;
}
