/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-ipv6.c: Internet Protocol version 6, RFC 8200, with its extension
 * headers: hop-by-hop and destination options, routing (RFC 8200 4.4, type 4
 * segment routing RFC 8754), fragment (RFC 8200 4.5), authentication header
 * (RFC 4302), and jumbograms (RFC 2675).
 *
 * The payload length only shrinks the view.  A payload length of 0 is a
 * jumbogram when the hop-by-hop header carries a Jumbo Payload option;
 * otherwise the datagram is taken to be the rest of the frame and the
 * packet is marked malformed.  The extension-header walk is capped at
 * LADDER_MAX_IPV6_EXT headers and each step moves forward by at least 8 bytes.
 */
#include "ladder-dissect-private.h"

#define IPV6_HEADER_LEN 40

enum
{
  EXT_HOP_BY_HOP = 0,
  EXT_ROUTING    = 43,
  EXT_FRAGMENT   = 44,
  EXT_AH         = 51,
  EXT_DEST_OPTS  = 60,
};

gboolean
ladder_ipv6_is_ext (guint8 next_header)
{
  return next_header == EXT_HOP_BY_HOP || next_header == EXT_ROUTING ||
         next_header == EXT_FRAGMENT || next_header == EXT_AH || next_header == EXT_DEST_OPTS;
}

const char *
ladder_ipv6_ext_name (guint8 type)
{
  switch (type)
    {
    case EXT_HOP_BY_HOP: return "Hop-by-Hop Options";
    case EXT_ROUTING: return "Routing Header";
    case EXT_FRAGMENT: return "Fragment Header";
    case EXT_AH: return "Authentication Header";
    case EXT_DEST_OPTS: return "Destination Options";
    default: return "Extension Header";
    }
}

gboolean
ladder_ipv6_ext_peek (const LadderCursor *c, guint8 type, LadderIpv6Ext *ext, gsize *need)
{
  guint8 len8 = 0;

  *need = type == EXT_FRAGMENT ? 8 : 2;
  if (!ladder_cursor_has (c, *need))
    return FALSE;
  ladder_cursor_peek_u8 (c, 0, &ext->next);
  ladder_cursor_peek_u8 (c, 1, &len8);
  ext->type = type;
  ext->frag_offlg = 0;
  ext->frag_id = 0;
  if (type == EXT_FRAGMENT)
    ext->len = 8;
  else if (type == EXT_AH)
    ext->len = (len8 + 2u) * 4u;
  else
    ext->len = (len8 + 1u) * 8u;
  *need = ext->len;
  if (!ladder_cursor_has (c, ext->len))
    return FALSE;
  if (type == EXT_FRAGMENT)
    {
      ladder_cursor_peek_be16 (c, 2, &ext->frag_offlg);
      ladder_cursor_peek_be32 (c, 4, &ext->frag_id);
    }
  return TRUE;
}

static const char *
tlv_name (guint8 type)
{
  switch (type)
    {
    case 0x00: return "Pad1";
    case 0x01: return "PadN";
    case 0x04: return "Tunnel Encapsulation Limit";
    case 0x05: return "Router Alert";
    case 0x26: return "Quick-Start";
    case 0x31: return "IOAM";
    case 0x63: return "RPL Option";
    case 0x6d: return "MPL Option";
    case 0x8b: return "ILNP Nonce";
    case 0xc2: return "Jumbo Payload";
    case 0xc9: return "Home Address";
    case 0xee: return "IP_DFF";
    default: return "Unknown";
    }
}

/* The TLVs of a hop-by-hop or destination options header; O covers them. */
static void
dissect_tlvs (LadderDissect *d, LadderCursor *o, gboolean *has_jumbo, guint32 *jumbo)
{
  guint8 type = 0, len = 0;

  for (guint n = 0; n < LADDER_MAX_IPV6_OPTIONS && ladder_cursor_u8 (o, &type); n++)
    {
      gsize opt_off = o->off - 1;

      if (type == 0)
        {
          LADDER_TREE_ADD (d->tree, (guint32) opt_off, 1, "Pad1");
          continue;
        }
      if (!ladder_cursor_u8 (o, &len))
        {
          ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, opt_off, 1,
                                  "IPv6 option length missing");
          return;
        }
      if (!ladder_cursor_has (o, len))
        {
          ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, opt_off,
                                  2 + ladder_cursor_remaining (o),
                                  "IPv6 option runs past its header");
          return;
        }
      if (type == 0xc2 && len == 4)
        {
          *has_jumbo = TRUE;
          ladder_cursor_peek_be32 (o, 0, jumbo);
          LADDER_TREE_ADD (d->tree, (guint32) opt_off, 6, "Jumbo Payload: %u", *jumbo);
        }
      else
        LADDER_TREE_ADD (d->tree, (guint32) opt_off, 2u + len, "%s (0x%02x), length %u",
                         tlv_name (type), type, len);
      ladder_cursor_skip (o, len);
    }
}

static void
describe_routing (LadderTree *tree, const LadderCursor *c, const LadderIpv6Ext *ext)
{
  guint8 rtype = 0, left = 0, b[16] = { 0 };
  LadderAddr addr = { 0 };
  char text[LADDER_ADDR_STRLEN];
  gsize first = 8;  /* type 0, 2 and 4 all list addresses after 8 bytes */

  ladder_cursor_peek_u8 (c, 2, &rtype);
  ladder_cursor_peek_u8 (c, 3, &left);
  ladder_tree_add (tree, (guint32) c->off + 2, 1, "Type: %u%s", rtype,
                   rtype == 0 ? " (source route, deprecated)" :
                   rtype == 2 ? " (Mobile IPv6)" : rtype == 4 ? " (segment routing)" : "");
  ladder_tree_add (tree, (guint32) c->off + 3, 1, "Segments Left: %u", left);
  if (rtype != 0 && rtype != 2 && rtype != 4)
    return;
  for (gsize a = first; a < ext->len && ext->len - a >= 16; a += 16)
    {
      for (guint k = 0; k < 16; k++)
        ladder_cursor_peek_u8 (c, a + k, &b[k]);
      ladder_addr_set_v6 (&addr, b);
      ladder_tree_add (tree, (guint32) (c->off + a), 16, "Address: %s",
                       ladder_addr_to_string (&addr, text));
    }
}

/* RFC 8200 8.1: with segments left, the transport's pseudo-header uses the
 * final destination, and so do Wireshark's conversations.  Type 0 and 2
 * list it last; a segment routing header (type 4) lists it first. */
static void
apply_routing (LadderDissect *d, const LadderCursor *c, const LadderIpv6Ext *ext)
{
  LadderPacket *pkt = d->pkt;
  guint8 rtype = 0, left = 0;
  gsize at;
  char text[LADDER_ADDR_STRLEN];

  ladder_cursor_peek_u8 (c, 2, &rtype);
  ladder_cursor_peek_u8 (c, 3, &left);
  if (left == 0 || ext->len < 24)
    return;
  if (rtype == 0 || rtype == 2)
    at = ext->len - 16;
  else if (rtype == 4)
    at = 8;
  else
    return;
  for (guint k = 0; k < 16; k++)
    ladder_cursor_peek_u8 (c, at + k, &pkt->dst.bytes[k]);
  LADDER_TREE_ADD (d->tree, (guint32) (c->off + at), 16, "[Final destination: %s]",
                   ladder_addr_to_string (&pkt->dst, text));
}

/* One extension header at the cursor, already known to be readable. */
static void
dissect_ext (LadderDissect *d, const LadderCursor *c, const LadderIpv6Ext *ext,
             gboolean *has_jumbo, guint32 *jumbo)
{
  LadderCursor o;
  const char *next = ladder_ip_proto_name (ext->next);

  LADDER_TREE_PUSH_GROUP (d->tree, (guint32) c->off, ext->len, "%s, length %u",
                          ladder_ipv6_ext_name (ext->type), ext->len);
  LADDER_TREE_ADD (d->tree, (guint32) c->off, 1, "Next Header: %s (%u)",
                   next ? next : "Unknown", ext->next);
  if (ext->type == EXT_HOP_BY_HOP || ext->type == EXT_DEST_OPTS)
    {
      o = *c;
      ladder_cursor_narrow (&o, ext->len);
      ladder_cursor_skip (&o, 2);
      dissect_tlvs (d, &o, has_jumbo, jumbo);
    }
  else if (ext->type == EXT_FRAGMENT)
    {
      LADDER_TREE_ADD (d->tree, (guint32) c->off + 2, 2, "Fragment Offset: %u, More fragments: %s",
                       ext->frag_offlg & 0xfff8u, ext->frag_offlg & 1 ? "yes" : "no");
      LADDER_TREE_ADD (d->tree, (guint32) c->off + 4, 4, "Identification: 0x%08x", ext->frag_id);
    }
  else if (ext->type == EXT_ROUTING)
    {
      if (d->tree != NULL)
        describe_routing (d->tree, c, ext);
      apply_routing (d, c, ext);
    }
  LADDER_TREE_POP (d->tree);
}

static void
apply_fragment (LadderPacket *pkt, const LadderIpv6Ext *ext)
{
  pkt->ip_fragment = TRUE;
  pkt->ip_id = ext->frag_id;
  pkt->ip_frag_offset = ext->frag_offlg & 0xfff8u;
  pkt->ip_more_fragments = (ext->frag_offlg & 1) != 0;
}

/* A jumbogram's length counts from the end of the fixed header; the
 * cursor is past the hop-by-hop header, HBH_LEN bytes further. */
static void
apply_jumbo (LadderDissect *d, LadderCursor *c, guint16 plen, guint32 jumbo, guint32 hbh_len,
             guint32 *payload)
{
  if (plen != 0)
    {
      ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, d->pkt->ip_off + 4, 2,
                              "IPv6 jumbo option with a non-zero payload length");
      return;
    }
  if (jumbo < hbh_len)
    {
      ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, c->off - hbh_len, hbh_len,
                              "IPv6 jumbo payload length shorter than its own header");
      return;
    }
  *payload = jumbo;
  ladder_dissect_declare (d, c, jumbo - hbh_len);
}

/* Walks the extension headers.  Returns FALSE when decoding must stop
 * (problem recorded) or when a later fragment makes the rest opaque. */
static gboolean
walk_chain (LadderDissect *d, LadderCursor *c, guint16 plen, guint32 *payload)
{
  LadderPacket *pkt = d->pkt;
  LadderIpv6Ext ext;
  gboolean has_jumbo = FALSE;
  guint32 jumbo = 0;
  gsize need = 0;

  for (guint n = 0; ladder_ipv6_is_ext (pkt->ip_proto); n++)
    {
      if (n == LADDER_MAX_IPV6_EXT)
        {
          ladder_dissect_problem (d, LADDER_STATUS_UNSUPPORTED, c->off, 0,
                                  "more IPv6 extension headers than LADDER_MAX_IPV6_EXT");
          return FALSE;
        }
      if (!ladder_ipv6_ext_peek (c, pkt->ip_proto, &ext, &need))
        {
          ladder_dissect_short (d, c, need, "IPv6 extension header truncated",
                                "IPv6 extension header runs past the payload");
          return FALSE;
        }
      if (ext.type == EXT_HOP_BY_HOP && n != 0)
        ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, c->off, ext.len,
                                "IPv6 hop-by-hop header not first");
      dissect_ext (d, c, &ext, &has_jumbo, &jumbo);
      ladder_cursor_skip (c, ext.len);
      pkt->ip_hdr_len += ext.len;
      pkt->ip_proto = ext.next;
      if (ext.type == EXT_HOP_BY_HOP && n == 0 && has_jumbo)
        apply_jumbo (d, c, plen, jumbo, ext.len, payload);
      if (ext.type == EXT_FRAGMENT)
        {
          apply_fragment (pkt, &ext);
          if (pkt->ip_frag_offset != 0)
            return FALSE;  /* what follows continues an earlier fragment */
        }
    }
  return TRUE;
}

static void
describe_header (LadderDissect *d, gsize off, guint32 vtcfl, guint16 plen, guint8 next)
{
  const LadderPacket *pkt = d->pkt;
  char src[LADDER_ADDR_STRLEN], dst[LADDER_ADDR_STRLEN];
  const char *nname = ladder_ip_proto_name (next);
  static const char *const ecn[4] = { "Not-ECT", "ECT(1)", "ECT(0)", "CE" };

  ladder_addr_to_string (&pkt->src, src);
  ladder_addr_to_string (&pkt->dst, dst);
  ladder_tree_push (d->tree, (guint32) off, IPV6_HEADER_LEN,
                    "Internet Protocol Version 6, Src: %s, Dst: %s", src, dst);
  ladder_tree_add (d->tree, (guint32) off, 1, "Version: %u", vtcfl >> 28);
  ladder_tree_add (d->tree, (guint32) off, 2, "Traffic Class: 0x%02x (DSCP: %u, ECN: %s)",
                   pkt->tos, pkt->tos >> 2, ecn[pkt->tos & 3]);
  ladder_tree_add (d->tree, (guint32) off + 1, 3, "Flow Label: 0x%05x", vtcfl & 0xfffffu);
  ladder_tree_add (d->tree, (guint32) off + 4, 2, "Payload Length: %u%s", plen,
                   plen == 0 ? " (jumbogram or none)" : "");
  ladder_tree_add (d->tree, (guint32) off + 6, 1, "Next Header: %s (%u)",
                   nname ? nname : "Unknown", next);
  ladder_tree_add (d->tree, (guint32) off + 7, 1, "Hop Limit: %u", pkt->ttl);
  ladder_tree_add (d->tree, (guint32) off + 8, 16, "Source Address: %s", src);
  ladder_tree_add (d->tree, (guint32) off + 24, 16, "Destination Address: %s", dst);
}

/* H spans the IPV6_HEADER_LEN bytes at C, which moves past them. */
static guint16
read_header (LadderPacket *pkt, LadderCursor *c, const guint8 *h, guint32 *vtcfl)
{
  guint16 plen = ladder_span_be16 (h + 4);

  pkt->ip_off = (guint32) c->off;
  *vtcfl = ladder_span_be32 (h);
  pkt->ip_proto = h[6];
  pkt->ttl = h[7];
  pkt->src.family = 6;
  pkt->dst.family = 6;
  memcpy (pkt->src.bytes, h + 8, 16);
  memcpy (pkt->dst.bytes, h + 24, 16);
  ladder_cursor_skip (c, IPV6_HEADER_LEN);
  pkt->ip_version = 6;
  pkt->tos = (guint8) (*vtcfl >> 20);
  pkt->ip_hdr_len = IPV6_HEADER_LEN;
  return plen;
}

/* Payload length 0 without a jumbo option: take the rest of the frame. */
static guint32
frame_rest (const LadderPacket *pkt)
{
  guint32 frame = MAX (pkt->wirelen, pkt->caplen);
  guint32 start = pkt->ip_off + IPV6_HEADER_LEN;

  return frame > start ? frame - start : 0;
}

static LadderStatus
dissect_after_chain (LadderDissect *d, LadderCursor *c, guint32 payload)
{
  LadderPacket *pkt = d->pkt;
  guint32 ext_len = pkt->ip_hdr_len - IPV6_HEADER_LEN;

  pkt->layers |= LADDER_LAYER_IPV6;
  pkt->ip_total_len = payload + IPV6_HEADER_LEN;
  pkt->l4_off = (guint32) c->off;
  pkt->l4_len = payload > ext_len ? payload - ext_len : 0;
  return ladder_dissect_transport (d, c, pkt->ip_proto);
}

LadderStatus
ladder_dissect_ipv6 (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  const guint8 *h;
  guint32 vtcfl, payload;
  guint16 plen;
  guint8 first = 0;
  gboolean more;
  guint layer = 0;

  if (ladder_cursor_peek_u8 (c, 0, &first) && first >> 4 != 6)
    return ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, c->off, 1,
                                   "IPv6 version field is not 6");
  if ((h = ladder_cursor_ptr (c, IPV6_HEADER_LEN)) == NULL)
    return ladder_dissect_short (d, c, IPV6_HEADER_LEN, "IPv6 header truncated",
                                 "IPv6 header runs past its frame");
  if (d->tree != NULL)
    layer = ladder_tree_get_n_nodes (d->tree);
  plen = read_header (pkt, c, h, &vtcfl);
  if (d->tree != NULL)
    describe_header (d, pkt->ip_off, vtcfl, plen, pkt->ip_proto);

  payload = plen;
  if (plen > 0 && !ladder_dissect_declare (d, c, plen) && d->tree != NULL &&
      c->off + plen > pkt->wirelen)
    ladder_tree_problem (d->tree, pkt->ip_off + 4, 2,
                         "IPv6 payload length %u exceeds the frame", plen);
  more = walk_chain (d, c, plen, &payload);
  if (payload == 0 && pkt->ip_proto != LADDER_IPPROTO_NONE && more)
    {
      payload = frame_rest (pkt);
      ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, pkt->ip_off + 4, 2,
                              "IPv6 payload length 0 without a jumbo option");
    }
  LADDER_TREE_SET_LENGTH (d->tree, layer, pkt->ip_hdr_len);
  LADDER_TREE_POP (d->tree);
  if (!more && pkt->ip_frag_offset == 0)
    return pkt->status;
  if (!more)
    {
      /* A later fragment: record it, do not decode its bytes as a header. */
      pkt->layers |= LADDER_LAYER_IPV6;
      pkt->ip_total_len = payload + IPV6_HEADER_LEN;
      pkt->l4_off = (guint32) c->off;
      pkt->l4_len = payload > pkt->ip_hdr_len - IPV6_HEADER_LEN
                    ? payload - (pkt->ip_hdr_len - IPV6_HEADER_LEN) : 0;
      ladder_dissect_payload (d, c, pkt->l4_len);
      return LADDER_STATUS_OK;
    }
  return dissect_after_chain (d, c, payload);
}
