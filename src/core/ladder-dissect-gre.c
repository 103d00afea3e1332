/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-gre.c: Generic Routing Encapsulation, RFC 2784 with the
 * key and sequence number of RFC 2890, and the enhanced GRE (version 1)
 * of PPTP, RFC 2637 4.1.  Payloads decoded: IPv4, IPv6, transparent
 * Ethernet bridging (0x6558), PPP (0x880b), MPLS (0x8847/0x8848) and
 * Cisco WCCP redirects (0x883e: an optional 4-byte redirect header, then
 * IPv4, told apart by the version nibble as Wireshark does).
 *
 * The optional fields present depend on the flag bits; their total (at
 * most 16 bytes) is checked against the capture before any is read.
 * RFC 1701 source routing (R bit) is not decoded: its entries have no
 * fixed count, and nothing sends them any more.
 */
#include "ladder-dissect-private.h"

#define GRE_C  0x8000  /* checksum present */
#define GRE_R  0x4000  /* routing present (RFC 1701) */
#define GRE_K  0x2000  /* key present */
#define GRE_S  0x1000  /* sequence number present */
#define GRE_A  0x0080  /* version 1: acknowledgment number present */
#define GRE_VERSION_MASK 0x0007

typedef struct
{
  guint16 flags;
  guint16 proto;
  guint   hdr_len;
  guint32 key, seq, ack;
} GreHeader;

static guint
header_length (guint16 flags)
{
  guint n = 4;

  if (flags & (GRE_C | GRE_R))
    n += 4;
  if (flags & GRE_K)
    n += 4;
  if (flags & GRE_S)
    n += 4;
  if ((flags & GRE_VERSION_MASK) == 1 && (flags & GRE_A))
    n += 4;
  return n;
}

/* H spans g->hdr_len bytes. */
static void
read_optional (GreHeader *g, const guint8 *h)
{
  guint at = 4;

  if (g->flags & (GRE_C | GRE_R))
    at += 4;
  if (g->flags & GRE_K)
    {
      g->key = ladder_span_be32 (h + at);
      at += 4;
    }
  if (g->flags & GRE_S)
    {
      g->seq = ladder_span_be32 (h + at);
      at += 4;
    }
  if ((g->flags & GRE_VERSION_MASK) == 1 && (g->flags & GRE_A))
    g->ack = ladder_span_be32 (h + at);
}

static const char *
proto_name (guint16 proto)
{
  switch (proto)
    {
    case 0x6558: return "Transparent Ethernet bridging";
    case 0x880b: return "PPP";
    case 0x883e: return "WCCP";
    default: return ladder_ethertype_name (proto);
    }
}

static void
describe_header (LadderDissect *d, gsize off, const GreHeader *g)
{
  const char *name = proto_name (g->proto);
  guint version = g->flags & GRE_VERSION_MASK;
  guint32 at;

  ladder_tree_push (d->tree, (guint32) off, g->hdr_len, "Generic Routing Encapsulation%s (%s)",
                    version == 1 ? " (enhanced, PPTP)" : "", name ? name : "unknown");
  ladder_tree_add (d->tree, (guint32) off, 2, "Flags and Version: 0x%04x (%s%s%s%sversion %u)",
                   g->flags, g->flags & GRE_C ? "checksum, " : "", g->flags & GRE_K ? "key, " : "",
                   g->flags & GRE_S ? "sequence, " : "",
                   version == 1 && (g->flags & GRE_A) ? "ack, " : "", version);
  ladder_tree_add (d->tree, (guint32) off + 2, 2, "Protocol Type: %s (0x%04x)",
                   name ? name : "Unknown", g->proto);
  at = (guint32) off + 4;
  if (g->flags & (GRE_C | GRE_R))
    {
      ladder_tree_add (d->tree, at, 4, "Checksum and Offset");
      at += 4;
    }
  if ((g->flags & GRE_K) && version == 1)
    ladder_tree_add (d->tree, at, 4, "Payload Length: %u, Call ID: %u", g->key >> 16, g->key & 0xffff);
  else if (g->flags & GRE_K)
    ladder_tree_add (d->tree, at, 4, "Key: 0x%08x", g->key);
  at += (g->flags & GRE_K) ? 4 : 0;
  if (g->flags & GRE_S)
    ladder_tree_add (d->tree, at, 4, "Sequence Number: %u", g->seq);
  at += (g->flags & GRE_S) ? 4 : 0;
  if (version == 1 && (g->flags & GRE_A))
    ladder_tree_add (d->tree, at, 4, "Acknowledgment Number: %u", g->ack);
  ladder_tree_pop (d->tree);
}

/* WCCP: IPv4 right away, or after a 4-byte redirect header. */
static LadderStatus
dissect_wccp (LadderDissect *d, LadderCursor *c)
{
  guint8 b = 0;

  if (ladder_cursor_peek_u8 (c, 0, &b) && b >> 4 != 4)
    {
      if (!ladder_cursor_has (c, 4))
        return ladder_dissect_short (d, c, 4, "WCCP redirect header truncated",
                                     "WCCP redirect header runs past its carrier");
      LADDER_TREE_PUSH (d->tree, (guint32) c->off, 4, "WCCP Redirect Header");
      LADDER_TREE_POP (d->tree);
      ladder_cursor_skip (c, 4);
    }
  return ladder_dissect_inner_ip (d, c, "WCCP payload is neither IPv4 nor IPv6");
}

static LadderStatus
dissect_payload (LadderDissect *d, LadderCursor *c, guint16 proto)
{
  switch (proto)
    {
    case 0x0800:
    case 0x86dd:
      return ladder_dissect_ethertype (d, c, proto);
    case 0x6558:
      return ladder_dissect_ethernet (d, c);
    case 0x880b:
      return ladder_dissect_ppp (d, c);
    case 0x8847:
    case 0x8848:
      return ladder_dissect_mpls (d, c);
    case 0x883e:
      return dissect_wccp (d, c);
    default:
      ladder_dissect_payload (d, c, (guint32) ladder_cursor_remaining (c));
      return ladder_dissect_note (d->pkt, LADDER_STATUS_UNSUPPORTED, "GRE payload not decoded");
    }
}

LadderStatus
ladder_dissect_gre (LadderDissect *d, LadderCursor *c)
{
  const guint8 *h = ladder_cursor_ptr (c, 4);
  gsize off = c->off;
  GreHeader g = { 0 };
  guint version;

  if (h == NULL)
    return ladder_dissect_short (d, c, 4, "GRE header truncated", "GRE header runs past the IP payload");
  g.flags = ladder_span_be16 (h);
  g.proto = ladder_span_be16 (h + 2);
  g.hdr_len = header_length (g.flags);
  version = g.flags & GRE_VERSION_MASK;
  if ((h = ladder_cursor_ptr (c, g.hdr_len)) == NULL)
    return ladder_dissect_short (d, c, g.hdr_len, "GRE header truncated",
                                 "GRE header runs past the IP payload");
  read_optional (&g, h);
  if (d->tree != NULL)
    describe_header (d, off, &g);
  if (version > 1 || (g.flags & GRE_R))
    return ladder_dissect_problem (d, LADDER_STATUS_UNSUPPORTED, off, g.hdr_len,
                                   version > 1 ? "GRE version not decoded" : "GRE source routing not decoded");
  if (!ladder_dissect_enter_tunnel (d, c, LADDER_TUNNEL_GRE, (guint32) off))
    return d->pkt->status;
  if (g.flags & GRE_K)
    d->pkt->tunnels[d->pkt->n_tunnels - 1].id = version == 1 ? (g.key & 0xffff) : g.key;
  ladder_cursor_skip (c, g.hdr_len);
  return dissect_payload (d, c, g.proto);
}
