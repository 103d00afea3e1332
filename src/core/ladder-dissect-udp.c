/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-udp.c: User Datagram Protocol, RFC 768 (over IPv6: RFC 8200 8.1;
 * length 0 in jumbograms: RFC 2675 4).
 *
 * The length field shrinks the view to the datagram.  Below 8 it is
 * malformed; above the IP payload it is malformed too, unless the IP
 * datagram is a first fragment (the rest of the datagram is elsewhere).
 * Datagrams to the VXLAN and Geneve ports carry a tunnelled packet.
 */
#include "ladder-dissect-private.h"

#define UDP_HEADER_LEN 8

static void
describe_header (LadderDissect *d, gsize off, guint16 cksum)
{
  const LadderPacket *pkt = d->pkt;

  ladder_tree_push (d->tree, (guint32) off, UDP_HEADER_LEN,
                    "User Datagram Protocol, Src Port: %u, Dst Port: %u", pkt->sport, pkt->dport);
  ladder_tree_add (d->tree, (guint32) off, 2, "Source Port: %u", pkt->sport);
  ladder_tree_add (d->tree, (guint32) off + 2, 2, "Destination Port: %u", pkt->dport);
  ladder_tree_add (d->tree, (guint32) off + 4, 2, "Length: %u", pkt->udp_len);
  ladder_tree_add (d->tree, (guint32) off + 6, 2, "Checksum: 0x%04x%s", cksum,
                   cksum == 0 ? " (none)" : "");
}

/* How many payload bytes the datagram declares, after checking its length. */
static guint32
payload_length (LadderDissect *d, LadderCursor *c, gsize off)
{
  LadderPacket *pkt = d->pkt;
  guint32 ip_payload = pkt->l4_len;
  guint32 from_ip = ip_payload > UDP_HEADER_LEN ? ip_payload - UDP_HEADER_LEN : 0;

  if (pkt->udp_len == 0 && pkt->ip_version == 6 && ip_payload > 0xffff)
    return from_ip;  /* a jumbogram: the IPv6 length rules */
  if (pkt->udp_len < UDP_HEADER_LEN)
    {
      ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, off + 4, 2, "UDP length < 8");
      return from_ip;
    }
  if (pkt->udp_len > ip_payload)
    {
      if (!pkt->ip_more_fragments)
        ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, off + 4, 2,
                                "UDP length exceeds the IP payload");
      return from_ip;
    }
  ladder_dissect_declare (d, c, pkt->udp_len - UDP_HEADER_LEN);
  return pkt->udp_len - UDP_HEADER_LEN;
}

LadderStatus
ladder_dissect_udp (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  const guint8 *h = ladder_cursor_ptr (c, UDP_HEADER_LEN);
  gsize off = c->off;
  guint32 payload;

  if (h == NULL)
    return ladder_dissect_short (d, c, UDP_HEADER_LEN, "UDP header truncated",
                                 "UDP header runs past the IP payload");
  pkt->sport = ladder_span_be16 (h);
  pkt->dport = ladder_span_be16 (h + 2);
  pkt->udp_len = ladder_span_be16 (h + 4);
  pkt->layers |= LADDER_LAYER_UDP;
  if (d->tree != NULL)
    describe_header (d, off, ladder_span_be16 (h + 6));
  ladder_cursor_skip (c, UDP_HEADER_LEN);
  payload = payload_length (d, c, off);
  LADDER_TREE_POP (d->tree);
  /* Tunnels on their IANA ports, as Wireshark decodes them by default. */
  if (pkt->dport == LADDER_UDP_PORT_VXLAN)
    return ladder_dissect_vxlan (d, c);
  if (pkt->dport == LADDER_UDP_PORT_GENEVE)
    return ladder_dissect_geneve (d, c);
  ladder_dissect_payload (d, c, payload);
  return pkt->status;
}
