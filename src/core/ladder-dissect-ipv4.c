/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-ipv4.c: Internet Protocol version 4, RFC 791 (DSCP/ECN: RFC 2474,
 * RFC 3168; router alert option: RFC 2113).
 *
 * Lengths are checked before they are used: IHL must be at least 5 and
 * captured; the total length may only shrink the view (trailing Ethernet
 * padding is excluded), a total length below IHL*4 is malformed, and one
 * beyond the capture leaves the view clipped.  A total length of 0 is taken,
 * as Wireshark does, to mean TCP segmentation offload: the datagram is
 * whatever the frame holds.  Non-first fragments carry no transport header.
 */
#include "ladder-dissect-private.h"

#include <stdio.h>

#define IPV4_MIN_HEADER 20

static const char *const ihl_problems[5] = {
  "IPv4 header length 0 < 20",
  "IPv4 header length 4 < 20",
  "IPv4 header length 8 < 20",
  "IPv4 header length 12 < 20",
  "IPv4 header length 16 < 20",
};

static const char *
ecn_name (guint8 tos)
{
  static const char *const names[4] = { "Not-ECT", "ECT(1)", "ECT(0)", "CE" };
  return names[tos & 3];
}

static const char *
option_name (guint8 type)
{
  switch (type)
    {
    case 0: return "End of Options List";
    case 1: return "No-Operation";
    case 7: return "Record Route";
    case 68: return "Timestamp";
    case 82: return "Traceroute";
    case 130: return "Security";
    case 131: return "Loose Source Route";
    case 133: return "Extended Security";
    case 134: return "Commercial Security";
    case 136: return "Stream ID";
    case 137: return "Strict Source Route";
    case 148: return "Router Alert";
    default: return "Unknown";
    }
}

static void
describe_route (LadderTree *tree, const LadderCursor *o, guint8 len)
{
  guint8 ptr = 0, a[4] = { 0 };

  ladder_cursor_peek_u8 (o, 0, &ptr);
  ladder_tree_add (tree, (guint32) o->off, 1, "Pointer: %u", ptr);
  for (guint i = 1; i + 4 <= (guint) len - 2; i += 4)
    {
      for (guint k = 0; k < 4; k++)
        ladder_cursor_peek_u8 (o, i + k, &a[k]);
      ladder_tree_add (tree, (guint32) (o->off + i), 4, "Address: %u.%u.%u.%u%s",
                       a[0], a[1], a[2], a[3], i + 3 == (guint) ptr ? " (next)" : "");
    }
}

/* One option with a length byte; the cursor is past type and length,
 * and LEN - 2 body bytes are known to be readable. */
static void
describe_option (LadderTree *tree, const LadderCursor *o, gsize opt_off, guint8 type, guint8 len)
{
  guint16 v16 = 0;

  ladder_tree_push_group (tree, (guint32) opt_off, len, "%s (%u), length %u",
                          option_name (type), type, len);
  if ((type == 7 || type == 131 || type == 137) && len >= 3)
    describe_route (tree, o, len);
  else if (type == 148 && len == 4 && ladder_cursor_peek_be16 (o, 0, &v16))
    ladder_tree_add (tree, (guint32) o->off, 2, "Router Alert: %u", v16);
  ladder_tree_pop (tree);
}

static void
dissect_options (LadderDissect *d, LadderCursor *o)
{
  guint8 type = 0, len = 0;

  LADDER_TREE_PUSH_GROUP (d->tree, (guint32) o->off, (guint32) ladder_cursor_remaining (o),
                          "Options: (%" G_GSIZE_FORMAT " bytes)", ladder_cursor_remaining (o));
  for (guint n = 0; n < LADDER_MAX_IP_OPTIONS && ladder_cursor_u8 (o, &type); n++)
    {
      gsize opt_off = o->off - 1;

      if (type == 0 || type == 1)
        {
          LADDER_TREE_ADD (d->tree, (guint32) opt_off, 1, "%s", option_name (type));
          if (type == 0)
            break;  /* the rest is padding */
          continue;
        }
      if (!ladder_cursor_u8 (o, &len))
        {
          ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, opt_off, 1,
                                  "IPv4 option length missing");
          break;
        }
      if (len < 2)
        {
          ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, opt_off, 2,
                                  "IPv4 option length < 2");
          break;
        }
      if (!ladder_cursor_has (o, len - 2u))
        {
          ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, opt_off,
                                  2 + ladder_cursor_remaining (o),
                                  "IPv4 option runs past the header");
          break;
        }
      if (d->tree != NULL)
        describe_option (d->tree, o, opt_off, type, len);
      ladder_cursor_skip (o, len - 2u);
    }
  LADDER_TREE_POP (d->tree);
}

static void
describe_header (LadderDissect *d, gsize off, guint8 vihl, guint16 frag, guint16 cksum)
{
  const LadderPacket *pkt = d->pkt;
  char src[LADDER_ADDR_STRLEN], dst[LADDER_ADDR_STRLEN];
  const char *pname = ladder_ip_proto_name (pkt->ip_proto);
  guint ihl = (vihl & 0x0f) * 4u;

  ladder_addr_to_string (&pkt->src, src);
  ladder_addr_to_string (&pkt->dst, dst);
  ladder_tree_push (d->tree, (guint32) off, MAX (ihl, IPV4_MIN_HEADER),
                    "Internet Protocol Version 4, Src: %s, Dst: %s", src, dst);
  ladder_tree_add (d->tree, (guint32) off, 1, "Version: %u", vihl >> 4);
  ladder_tree_add (d->tree, (guint32) off, 1, "Header Length: %u bytes (%u)", ihl, vihl & 0x0f);
  ladder_tree_add (d->tree, (guint32) off + 1, 1,
                   "Differentiated Services: 0x%02x (DSCP: %u, ECN: %s)",
                   pkt->tos, pkt->tos >> 2, ecn_name (pkt->tos));
  ladder_tree_add (d->tree, (guint32) off + 2, 2, "Total Length: %u", pkt->ip_total_len);
  ladder_tree_add (d->tree, (guint32) off + 4, 2, "Identification: 0x%04x (%u)",
                   pkt->ip_id, pkt->ip_id);
  ladder_tree_add (d->tree, (guint32) off + 6, 1, "Flags: 0x%x%s%s%s", frag >> 13,
                   frag & 0x8000 ? ", Reserved bit" : "",
                   frag & 0x4000 ? ", Don't fragment" : "",
                   frag & 0x2000 ? ", More fragments" : "");
  ladder_tree_add (d->tree, (guint32) off + 6, 2, "Fragment Offset: %u", pkt->ip_frag_offset);
  ladder_tree_add (d->tree, (guint32) off + 8, 1, "Time to Live: %u", pkt->ttl);
  ladder_tree_add (d->tree, (guint32) off + 9, 1, "Protocol: %s (%u)",
                   pname ? pname : "Unknown", pkt->ip_proto);
  ladder_tree_add (d->tree, (guint32) off + 10, 2, "Header Checksum: 0x%04x", cksum);
  ladder_tree_add (d->tree, (guint32) off + 12, 4, "Source Address: %s", src);
  ladder_tree_add (d->tree, (guint32) off + 16, 4, "Destination Address: %s", dst);
}

/* Checks IHL and total length.  Returns the usable total length, or 0
 * after recording the problem. */
static guint32
check_lengths (LadderDissect *d, const LadderCursor *c, guint ihl, guint16 total)
{
  LadderPacket *pkt = d->pkt;
  gsize off = c->off;

  if (ihl < IPV4_MIN_HEADER)
    {
      ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, off, 1, ihl_problems[ihl / 4]);
      return 0;
    }
  if (total == 0)
    {
      /* TSO / BIG TCP: the length is whatever reached the wire. */
      guint32 frame = MAX (pkt->wirelen, pkt->caplen);
      guint32 rest = frame > off ? frame - (guint32) off : 0;

      LADDER_TREE_ADD (d->tree, (guint32) off + 2, 2,
                       "[Total Length: %u bytes (reported as 0, presumed TCP segmentation offload)]",
                       rest);
      if (rest < ihl)
        {
          ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, off + 2, 2,
                                  "IPv4 total length < header length");
          return 0;
        }
      return rest;
    }
  if (total < ihl)
    {
      ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, off + 2, 2,
                              "IPv4 total length < header length");
      return 0;
    }
  return total;
}

/* H spans IPV4_MIN_HEADER readable bytes. */
static void
read_header (LadderPacket *pkt, const guint8 *h, guint16 *frag)
{
  *frag = ladder_span_be16 (h + 6);
  pkt->tos = h[1];
  pkt->ttl = h[8];
  pkt->ip_proto = h[9];
  pkt->src.family = 4;
  pkt->dst.family = 4;
  memcpy (pkt->src.bytes, h + 12, 4);
  memcpy (pkt->dst.bytes, h + 16, 4);
  pkt->ip_version = 4;
  pkt->ip_total_len = ladder_span_be16 (h + 2);
  pkt->ip_id = ladder_span_be16 (h + 4);
  pkt->ip_hdr_len = (h[0] & 0x0fu) * 4u;
  pkt->ip_has_options = pkt->ip_hdr_len > IPV4_MIN_HEADER;
  pkt->ip_dont_fragment = (*frag & 0x4000) != 0;
  pkt->ip_more_fragments = (*frag & 0x2000) != 0;
  pkt->ip_frag_offset = (*frag & 0x1fffu) * 8u;
  pkt->ip_fragment = pkt->ip_more_fragments || pkt->ip_frag_offset != 0;
}

/* Everything after a sound header: options, then the payload. */
static LadderStatus
dissect_body (LadderDissect *d, LadderCursor *c, guint ihl, guint32 total)
{
  LadderPacket *pkt = d->pkt;
  gsize off = c->off;
  LadderCursor opts;

  if (ihl > IPV4_MIN_HEADER)
    {
      opts = *c;
      ladder_cursor_skip (&opts, IPV4_MIN_HEADER);
      ladder_cursor_narrow (&opts, ihl - IPV4_MIN_HEADER);
      dissect_options (d, &opts);
    }
  if (!ladder_dissect_declare (d, c, total) && d->tree != NULL && off + total > pkt->wirelen)
    ladder_tree_problem (d->tree, (guint32) off + 2, 2,
                         "IPv4 total length %u exceeds the %u bytes of the frame",
                         total, pkt->wirelen - (guint32) MIN (off, pkt->wirelen));
  LADDER_TREE_POP (d->tree);
  pkt->layers |= LADDER_LAYER_IPV4;
  pkt->ip_total_len = total;
  ladder_cursor_skip (c, ihl);
  pkt->l4_off = (guint32) c->off;
  pkt->l4_len = total - ihl;
  if (pkt->ip_frag_offset != 0)
    {
      /* A later fragment: its bytes continue a transport header elsewhere. */
      ladder_dissect_payload (d, c, pkt->l4_len);
      return LADDER_STATUS_OK;
    }
  return ladder_dissect_transport (d, c, pkt->ip_proto);
}

LadderStatus
ladder_dissect_ipv4 (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  const guint8 *h = ladder_cursor_ptr (c, IPV4_MIN_HEADER);
  guint8 vihl = 0;
  guint16 frag;
  guint ihl;
  guint32 total;

  if (ladder_cursor_peek_u8 (c, 0, &vihl) && vihl >> 4 != 4)
    return ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, c->off, 1,
                                   "IPv4 version field is not 4");
  if (h == NULL)
    return ladder_dissect_short (d, c, IPV4_MIN_HEADER, "IPv4 header truncated",
                                 "IPv4 header runs past its frame");
  read_header (pkt, h, &frag);
  pkt->ip_off = (guint32) c->off;
  ihl = pkt->ip_hdr_len;
  if (d->tree != NULL)
    describe_header (d, c->off, vihl, frag, ladder_span_be16 (h + 10));

  total = check_lengths (d, c, ihl, (guint16) pkt->ip_total_len);
  if (total == 0)
    {
      LADDER_TREE_POP (d->tree);
      return pkt->status;
    }
  if (!ladder_cursor_has (c, ihl))
    {
      ladder_dissect_short (d, c, ihl, "IPv4 options truncated", "IPv4 options truncated");
      LADDER_TREE_POP (d->tree);
      return pkt->status;
    }
  return dissect_body (d, c, ihl, total);
}
