/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-geneve.c: Generic Network Virtualization Encapsulation,
 * RFC 8926 (UDP port 6081).
 *
 * An 8-byte base header (version, options length in 4-byte words, O and C
 * bits, protocol type, 24-bit VNI), up to 252 bytes of options, then the
 * payload named by the protocol type: Ethernet (0x6558), IPv4 or IPv6.
 * Only version 0 exists; the options length is checked against the
 * capture and the UDP length before the payload is looked at.  Options are
 * listed as one block, not decoded one by one.
 */
#include "ladder-dissect-private.h"

#define GENEVE_HEADER_LEN 8

static void
describe_header (LadderDissect *d, gsize off, const guint8 *h, guint opt_len, guint16 proto, guint32 vni)
{
  const char *name = proto == 0x6558 ? "Transparent Ethernet bridging" : ladder_ethertype_name (proto);

  ladder_tree_push (d->tree, (guint32) off, GENEVE_HEADER_LEN + opt_len,
                    "Generic Network Virtualization Encapsulation, VNI: %u", vni);
  ladder_tree_add (d->tree, (guint32) off, 1, "Version: %u, Options Length: %u bytes", h[0] >> 6, opt_len);
  ladder_tree_add (d->tree, (guint32) off + 1, 1, "Flags: 0x%02x%s%s", h[1],
                   h[1] & 0x80 ? " (control packet)" : "", h[1] & 0x40 ? " (critical options)" : "");
  ladder_tree_add (d->tree, (guint32) off + 2, 2, "Protocol Type: %s (0x%04x)", name ? name : "Unknown", proto);
  ladder_tree_add (d->tree, (guint32) off + 4, 3, "Virtual Network Identifier (VNI): %u", vni);
  if (opt_len > 0)
    ladder_tree_add (d->tree, (guint32) off + GENEVE_HEADER_LEN, opt_len, "Options: %u bytes", opt_len);
  ladder_tree_pop (d->tree);
}

LadderStatus
ladder_dissect_geneve (LadderDissect *d, LadderCursor *c)
{
  const guint8 *h = ladder_cursor_ptr (c, GENEVE_HEADER_LEN);
  gsize off = c->off;
  guint opt_len;
  guint16 proto;
  guint32 vni;

  if (h == NULL)
    return ladder_dissect_short (d, c, GENEVE_HEADER_LEN, "Geneve header truncated",
                                 "Geneve header runs past the UDP payload");
  opt_len = (h[0] & 0x3fu) * 4u;
  proto = ladder_span_be16 (h + 2);
  vni = ladder_span_be32 (h + 4) >> 8;
  if (d->tree != NULL)
    describe_header (d, off, h, opt_len, proto, vni);
  if (h[0] >> 6 != 0)
    return ladder_dissect_problem (d, LADDER_STATUS_UNSUPPORTED, off, 1, "Geneve version not decoded");
  if (!ladder_cursor_has (c, GENEVE_HEADER_LEN + opt_len))
    return ladder_dissect_short (d, c, GENEVE_HEADER_LEN + opt_len, "Geneve options truncated",
                                 "Geneve options run past the UDP payload");
  if (!ladder_dissect_enter_tunnel (d, c, LADDER_TUNNEL_GENEVE, (guint32) off))
    return d->pkt->status;
  d->pkt->tunnels[d->pkt->n_tunnels - 1].id = vni;
  ladder_cursor_skip (c, GENEVE_HEADER_LEN + opt_len);
  if (proto == 0x6558)
    return ladder_dissect_ethernet (d, c);
  if (proto == 0x0800 || proto == 0x86dd)
    return ladder_dissect_ethertype (d, c, proto);
  ladder_dissect_payload (d, c, (guint32) ladder_cursor_remaining (c));
  return ladder_dissect_note (d->pkt, LADDER_STATUS_UNSUPPORTED, "Geneve payload not decoded");
}
