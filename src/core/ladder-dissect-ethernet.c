/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-ethernet.c: Ethernet II (RFC 894) and IEEE 802.3 framing, with
 * IEEE 802.1Q VLAN tags and IEEE 802.1ad (QinQ) stacked tags.
 *
 * A type/length value of 1500 or less is an 802.3 length: the frame carries
 * LLC, not an EtherType, and is treated as non-IP.
 */
#include "ladder-dissect-private.h"

#include <stdio.h>

#define ETH_HEADER_LEN 14
#define VLAN_TAG_LEN   4

static const char *
mac_text (const guint8 mac[6], char buf[18])
{
  snprintf (buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
            mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
  return buf;
}

static void
describe_type (LadderTree *tree, gsize off, guint16 type)
{
  const char *name = ladder_ethertype_name (type);

  if (type <= 1500)
    ladder_tree_add (tree, (guint32) off, 2, "Length: %u", type);
  else
    ladder_tree_add (tree, (guint32) off, 2, "Type: %s (0x%04x)", name ? name : "Unknown", type);
}

static void
describe_ethernet (LadderDissect *d, gsize off, guint16 type)
{
  const LadderPacket *pkt = d->pkt;
  char src[18], dst[18];

  mac_text (pkt->eth_src, src);
  mac_text (pkt->eth_dst, dst);
  ladder_tree_push (d->tree, (guint32) off, ETH_HEADER_LEN, "%s, Src: %s, Dst: %s",
                    type <= 1500 ? "IEEE 802.3 Ethernet" : "Ethernet II", src, dst);
  ladder_tree_add (d->tree, (guint32) off, 6, "Destination: %s", dst);
  ladder_tree_add (d->tree, (guint32) off + 6, 6, "Source: %s", src);
  describe_type (d->tree, off + 12, type);
  ladder_tree_pop (d->tree);
}

/* IEEE 802.3 with an 802.2 LLC header: shown, not decoded further. */
static LadderStatus
dissect_8023 (LadderDissect *d, LadderCursor *c, guint16 length)
{
  guint8 dsap = 0, ssap = 0, control = 0;

  /* A length beyond the capture leaves the view clipped, never widened. */
  (void) ladder_dissect_declare (d, c, length);
  if (d->tree != NULL && ladder_cursor_has (c, 3))
    {
      ladder_cursor_peek_u8 (c, 0, &dsap);
      ladder_cursor_peek_u8 (c, 1, &ssap);
      ladder_cursor_peek_u8 (c, 2, &control);
      ladder_tree_push (d->tree, (guint32) c->off, 3, "Logical-Link Control");
      ladder_tree_add (d->tree, (guint32) c->off, 1, "DSAP: 0x%02x", dsap);
      ladder_tree_add (d->tree, (guint32) c->off + 1, 1, "SSAP: 0x%02x", ssap);
      ladder_tree_add (d->tree, (guint32) c->off + 2, 1, "Control: 0x%02x", control);
      ladder_tree_pop (d->tree);
    }
  ladder_dissect_payload (d, c, length);
  return ladder_dissect_note (d->pkt, LADDER_STATUS_UNSUPPORTED,
                              "IEEE 802.3 LLC frame not decoded");
}

LadderStatus
ladder_dissect_ethernet (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  const guint8 *h = ladder_cursor_ptr (c, ETH_HEADER_LEN);
  gsize off = c->off;
  guint16 type;

  if (h == NULL)
    return ladder_dissect_short (d, c, ETH_HEADER_LEN, "Ethernet header truncated",
                                 "Ethernet header truncated");
  memcpy (pkt->eth_dst, h, 6);
  memcpy (pkt->eth_src, h + 6, 6);
  type = ladder_span_be16 (h + 12);
  ladder_cursor_skip (c, ETH_HEADER_LEN);
  pkt->layers |= LADDER_LAYER_ETHERNET;
  if (d->tree != NULL)
    describe_ethernet (d, off, type);

  if (type <= 1500)
    return dissect_8023 (d, c, type);
  if (type < 0x0600)
    return ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, off + 12, 2,
                                   "Ethernet type/length between 1501 and 1535");
  return ladder_dissect_ethertype (d, c, type);
}

static void
describe_vlan (LadderDissect *d, gsize off, guint16 tpid, guint16 tci, guint16 next)
{
  ladder_tree_push (d->tree, (guint32) off, VLAN_TAG_LEN, "%s, PRI: %u, DEI: %u, ID: %u",
                    tpid == 0x8100 ? "802.1Q Virtual LAN" : "802.1ad Service VLAN",
                    tci >> 13, (tci >> 12) & 1, tci & 0x0fff);
  ladder_tree_add (d->tree, (guint32) off, 1, "Priority: %u", tci >> 13);
  ladder_tree_add (d->tree, (guint32) off, 1, "Drop eligible: %u", (tci >> 12) & 1);
  ladder_tree_add (d->tree, (guint32) off, 2, "VLAN ID: %u", tci & 0x0fff);
  describe_type (d->tree, off + 2, next);
  ladder_tree_pop (d->tree);
}

static gboolean
is_vlan_tpid (guint16 type)
{
  return type == 0x8100 || type == 0x88a8 || type == 0x9100;
}

/* TPID has been read; the cursor is at the tag's TCI.  Tags may stack
 * (802.1ad outer, 802.1Q inner); at most LADDER_MAX_VLANS are decoded. */
LadderStatus
ladder_dissect_vlan (LadderDissect *d, LadderCursor *c, guint16 tpid)
{
  LadderPacket *pkt = d->pkt;
  const guint8 *h;
  guint16 tci, next;

  while (is_vlan_tpid (tpid))
    {
      if (pkt->n_vlans == LADDER_MAX_VLANS)
        return ladder_dissect_problem (d, LADDER_STATUS_UNSUPPORTED, c->off,
                                       ladder_cursor_remaining (c),
                                       "more VLAN tags than LADDER_MAX_VLANS");
      if ((h = ladder_cursor_ptr (c, VLAN_TAG_LEN)) == NULL)
        return ladder_dissect_short (d, c, VLAN_TAG_LEN, "VLAN tag truncated",
                                     "VLAN tag runs past the frame");
      tci = ladder_span_be16 (h);
      next = ladder_span_be16 (h + 2);
      ladder_cursor_skip (c, VLAN_TAG_LEN);
      pkt->vlan_ids[pkt->n_vlans++] = tci & 0x0fff;
      pkt->layers |= LADDER_LAYER_VLAN;
      if (d->tree != NULL)
        describe_vlan (d, c->off - VLAN_TAG_LEN, tpid, tci, next);
      tpid = next;
    }
  if (tpid <= 1500)
    return dissect_8023 (d, c, tpid);
  return ladder_dissect_ethertype (d, c, tpid);
}
