/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-sll.c: Linux "cooked" capture headers, v1 (LINKTYPE_LINUX_SLL) and
 * v2 (LINKTYPE_LINUX_SLL2), as documented at
 * https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html and LINKTYPE_LINUX_SLL2.html
 * (there is no RFC; the format is the Linux packet(7) sockaddr_ll).
 */
#include "ladder-dissect-private.h"

#define SLL_HEADER_LEN  16
#define SLL2_HEADER_LEN 20
#define ARPHRD_NETLINK  824

static const char *
pkttype_name (guint16 pkttype)
{
  switch (pkttype)
    {
    case 0: return "Unicast to us";
    case 1: return "Broadcast";
    case 2: return "Multicast";
    case 3: return "Unicast to another host";
    case 4: return "Sent by us";
    default: return "Unknown";
    }
}

static void
describe_address (LadderTree *tree, gsize off, guint16 halen, const guint8 addr[8])
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < MIN (halen, 8u); i++)
    g_string_append_printf (text, "%s%02x", i ? ":" : "", addr[i]);
  ladder_tree_add (tree, (guint32) off, 8, "Source: %s", text->str);
  g_string_free (text, TRUE);
}

/* Everything after the address: the protocol field says what follows. */
static LadderStatus
dissect_protocol (LadderDissect *d, LadderCursor *c, guint16 hatype, guint16 protocol)
{
  d->pkt->layers |= LADDER_LAYER_SLL;
  if (hatype == ARPHRD_NETLINK || protocol < 0x0600)
    {
      /* Netlink families, CAN, raw 802.2 / 802.3 frames: not IP. */
      ladder_dissect_payload (d, c, (guint32) ladder_cursor_remaining (c));
      return ladder_dissect_note (d->pkt, LADDER_STATUS_UNSUPPORTED,
                                  "Linux cooked protocol not decoded");
    }
  return ladder_dissect_ethertype (d, c, protocol);
}

static void
copy_source (LadderPacket *pkt, guint16 halen, const guint8 addr[8])
{
  for (guint i = 0; i < MIN (halen, 6u); i++)
    pkt->eth_src[i] = addr[i];
}

LadderStatus
ladder_dissect_sll (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  gsize off = c->off;
  guint16 pkttype = 0, hatype = 0, halen = 0, protocol = 0;
  guint8 addr[8] = { 0 };

  if (!ladder_cursor_has (c, SLL_HEADER_LEN))
    return ladder_dissect_short (d, c, SLL_HEADER_LEN, "Linux cooked header truncated",
                                 "Linux cooked header truncated");
  ladder_cursor_be16 (c, &pkttype);
  ladder_cursor_be16 (c, &hatype);
  ladder_cursor_be16 (c, &halen);
  ladder_cursor_bytes (c, addr, 8);
  ladder_cursor_be16 (c, &protocol);
  pkt->sll_pkttype = pkttype;
  copy_source (pkt, halen, addr);

  if (d->tree != NULL)
    {
      ladder_tree_push (d->tree, (guint32) off, SLL_HEADER_LEN, "Linux cooked capture v1");
      ladder_tree_add (d->tree, (guint32) off, 2, "Packet type: %s (%u)",
                       pkttype_name (pkttype), pkttype);
      ladder_tree_add (d->tree, (guint32) off + 2, 2, "Link-layer address type: %u", hatype);
      ladder_tree_add (d->tree, (guint32) off + 4, 2, "Link-layer address length: %u", halen);
      describe_address (d->tree, off + 6, halen, addr);
      ladder_tree_add (d->tree, (guint32) off + 14, 2, "Protocol: %s (0x%04x)",
                       ladder_ethertype_name (protocol) ? ladder_ethertype_name (protocol)
                                                        : "Unknown", protocol);
      ladder_tree_pop (d->tree);
    }
  return dissect_protocol (d, c, hatype, protocol);
}

LadderStatus
ladder_dissect_sll2 (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  gsize off = c->off;
  guint16 protocol = 0, reserved = 0, hatype = 0;
  guint32 ifindex = 0;
  guint8 pkttype = 0, halen = 0;
  guint8 addr[8] = { 0 };

  if (!ladder_cursor_has (c, SLL2_HEADER_LEN))
    return ladder_dissect_short (d, c, SLL2_HEADER_LEN, "Linux cooked v2 header truncated",
                                 "Linux cooked v2 header truncated");
  ladder_cursor_be16 (c, &protocol);
  ladder_cursor_be16 (c, &reserved);
  ladder_cursor_be32 (c, &ifindex);
  ladder_cursor_be16 (c, &hatype);
  ladder_cursor_u8 (c, &pkttype);
  ladder_cursor_u8 (c, &halen);
  ladder_cursor_bytes (c, addr, 8);
  pkt->sll_pkttype = pkttype;
  pkt->sll_ifindex = ifindex;
  copy_source (pkt, halen, addr);

  if (d->tree != NULL)
    {
      ladder_tree_push (d->tree, (guint32) off, SLL2_HEADER_LEN, "Linux cooked capture v2");
      ladder_tree_add (d->tree, (guint32) off, 2, "Protocol: %s (0x%04x)",
                       ladder_ethertype_name (protocol) ? ladder_ethertype_name (protocol)
                                                        : "Unknown", protocol);
      ladder_tree_add (d->tree, (guint32) off + 2, 2, "Reserved: 0x%04x", reserved);
      ladder_tree_add (d->tree, (guint32) off + 4, 4, "Interface index: %u", ifindex);
      ladder_tree_add (d->tree, (guint32) off + 8, 2, "Link-layer address type: %u", hatype);
      ladder_tree_add (d->tree, (guint32) off + 10, 1, "Packet type: %s (%u)",
                       pkttype_name (pkttype), pkttype);
      ladder_tree_add (d->tree, (guint32) off + 11, 1, "Link-layer address length: %u", halen);
      describe_address (d->tree, off + 12, halen, addr);
      ladder_tree_pop (d->tree);
    }
  return dissect_protocol (d, c, hatype, protocol);
}
