/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-icmpv6.c: Internet Control Message Protocol for IPv6, RFC 4443
 * (multi-part messages: RFC 4884; neighbour discovery: RFC 4861; RDNSS and
 * DNSSL options: RFC 8106; route information: RFC 4191; PREF64: RFC 8781;
 * MLDv2: RFC 3810).
 *
 * Errors quote the original datagram (decoded by ladder-dissect-icmp.c).
 * Neighbour discovery options are walked with their 8-byte length units:
 * a length of 0 is malformed and stops the walk, which is capped at
 * LADDER_MAX_ND_OPTIONS options.
 */
#include "ladder-dissect-private.h"

#define ICMPV6_HEADER_LEN 8

const char *
ladder_icmpv6_type_name (guint8 type)
{
  switch (type)
    {
    case 1: return "destination unreachable";
    case 2: return "packet too big";
    case 3: return "time exceeded";
    case 4: return "parameter problem";
    case 128: return "echo request";
    case 129: return "echo reply";
    case 130: return "multicast listener query";
    case 131: return "multicast listener report";
    case 132: return "multicast listener done";
    case 133: return "router solicitation";
    case 134: return "router advertisement";
    case 135: return "neighbor solicitation";
    case 136: return "neighbor advertisement";
    case 137: return "redirect";
    case 138: return "router renumbering";
    case 139: return "node information query";
    case 140: return "node information reply";
    case 141: return "inverse neighbor solicitation";
    case 142: return "inverse neighbor advertisement";
    case 143: return "multicast listener report v2";
    case 144: return "home agent address discovery request";
    case 145: return "home agent address discovery reply";
    case 146: return "mobile prefix solicitation";
    case 147: return "mobile prefix advertisement";
    case 148: return "certification path solicitation";
    case 149: return "certification path advertisement";
    case 151: return "multicast router advertisement";
    case 152: return "multicast router solicitation";
    case 153: return "multicast router termination";
    case 155: return "RPL control";
    case 160: return "extended echo request";
    case 161: return "extended echo reply";
    default: return NULL;
    }
}

const char *
ladder_icmpv6_code_name (guint8 type, guint8 code)
{
  static const char *const unreach[] = {
    "no route to destination",
    "administratively prohibited",
    "beyond scope of source address",
    "address unreachable",
    "port unreachable",
    "source address failed ingress/egress policy",
    "reject route to destination",
    "error in source routing header",
    "headers too long",
  };
  static const char *const param[] = {
    "erroneous header field",
    "unrecognized next header",
    "unrecognized IPv6 option",
    "first fragment has incomplete header chain",
  };

  switch (type)
    {
    case LADDER_ICMPV6_UNREACH:
      return code < G_N_ELEMENTS (unreach) ? unreach[code] : NULL;
    case LADDER_ICMPV6_TIME_EXCEEDED:
      return code == 0 ? "hop limit exceeded in transit"
           : code == 1 ? "fragment reassembly time exceeded" : NULL;
    case LADDER_ICMPV6_PARAM_PROBLEM:
      return code < G_N_ELEMENTS (param) ? param[code] : NULL;
    default:
      return NULL;
    }
}

static const char *
nd_option_name (guint8 type)
{
  switch (type)
    {
    case 1: return "Source link-layer address";
    case 2: return "Target link-layer address";
    case 3: return "Prefix information";
    case 4: return "Redirected header";
    case 5: return "MTU";
    case 14: return "Nonce";
    case 24: return "Route information";
    case 25: return "Recursive DNS server";
    case 31: return "DNS search list";
    case 38: return "PREF64";
    default: return "Unknown option";
    }
}

static void
describe_nd_option (LadderTree *tree, const LadderCursor *o, guint8 type, guint32 len)
{
  LadderAddr addr = { 0 };
  char text[LADDER_ADDR_STRLEN];
  guint8 b[16] = { 0 };
  guint32 v32 = 0;

  ladder_tree_push_group (tree, (guint32) o->off, len, "%s (%u), length %u",
                          nd_option_name (type), type, len);
  if ((type == 1 || type == 2) && len == 8)
    {
      for (guint k = 0; k < 6; k++)
        ladder_cursor_peek_u8 (o, 2 + k, &b[k]);
      ladder_tree_add (tree, (guint32) o->off + 2, 6, "Link-layer address: %s",
                       ladder_mac_to_string (b, text));
    }
  else if (type == 3 && len == 32)
    {
      ladder_cursor_peek_u8 (o, 2, &b[0]);
      ladder_tree_add (tree, (guint32) o->off + 2, 1, "Prefix length: %u", b[0]);
      ladder_cursor_peek_be32 (o, 4, &v32);
      ladder_tree_add (tree, (guint32) o->off + 4, 4, "Valid lifetime: %u", v32);
      ladder_cursor_peek_be32 (o, 8, &v32);
      ladder_tree_add (tree, (guint32) o->off + 8, 4, "Preferred lifetime: %u", v32);
      for (guint k = 0; k < 16; k++)
        ladder_cursor_peek_u8 (o, 16 + k, &b[k]);
      ladder_addr_set_v6 (&addr, b);
      ladder_tree_add (tree, (guint32) o->off + 16, 16, "Prefix: %s",
                       ladder_addr_to_string (&addr, text));
    }
  else if (type == 5 && len == 8)
    {
      ladder_cursor_peek_be32 (o, 4, &v32);
      ladder_tree_add (tree, (guint32) o->off + 4, 4, "MTU: %u", v32);
    }
  ladder_tree_pop (tree);
}

/* O covers the options. */
static void
dissect_nd_options (LadderDissect *d, LadderCursor *o)
{
  guint8 type = 0, units = 0;

  for (guint n = 0; n < LADDER_MAX_ND_OPTIONS && ladder_cursor_remaining (o) > 0; n++)
    {
      if (!ladder_cursor_peek_u8 (o, 0, &type) || !ladder_cursor_peek_u8 (o, 1, &units))
        {
          ladder_dissect_short (d, o, 2, "ND option truncated", "ND option runs past the message");
          return;
        }
      if (units == 0)
        {
          ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, o->off, 2, "ND option length 0");
          return;
        }
      if (!ladder_cursor_has (o, units * 8u))
        {
          ladder_dissect_short (d, o, units * 8u, "ND option truncated",
                                "ND option runs past the message");
          return;
        }
      if (d->tree != NULL)
        describe_nd_option (d->tree, o, type, units * 8u);
      ladder_cursor_skip (o, units * 8u);
    }
}

/* Fixed part of each neighbour discovery message before its options. */
static gsize
nd_fixed_len (guint8 type)
{
  switch (type)
    {
    case 133: return 8;
    case 134: return 16;
    case 135:
    case 136: return 24;
    case 137: return 40;
    default: return 0;
    }
}

static void
describe_nd (LadderDissect *d, const LadderCursor *c, gsize off, guint32 rest)
{
  const LadderPacket *pkt = d->pkt;
  char addr[LADDER_ADDR_STRLEN];
  LadderAddr dest = { 0 };
  guint8 b[16] = { 0 };
  guint32 v32 = 0;

  if (pkt->icmp_type == LADDER_ICMPV6_ROUTER_ADVERT)
    {
      ladder_tree_add (d->tree, (guint32) off + 4, 1, "Cur hop limit: %u", rest >> 24);
      ladder_tree_add (d->tree, (guint32) off + 5, 1, "Flags: 0x%02x%s%s", (rest >> 16) & 0xff,
                       rest & 0x800000 ? ", Managed" : "", rest & 0x400000 ? ", Other" : "");
      ladder_tree_add (d->tree, (guint32) off + 6, 2, "Router lifetime: %u s", rest & 0xffff);
      ladder_cursor_peek_be32 (c, 0, &v32);
      ladder_tree_add (d->tree, (guint32) off + 8, 4, "Reachable time: %u ms", v32);
      ladder_cursor_peek_be32 (c, 4, &v32);
      ladder_tree_add (d->tree, (guint32) off + 12, 4, "Retrans timer: %u ms", v32);
      return;
    }
  if (pkt->icmp_type == LADDER_ICMPV6_NEIGHBOR_ADVERT)
    ladder_tree_add (d->tree, (guint32) off + 4, 1, "Flags: 0x%02x%s%s%s", rest >> 24,
                     rest & 0x80000000u ? ", Router" : "", rest & 0x40000000 ? ", Solicited" : "",
                     rest & 0x20000000 ? ", Override" : "");
  if (pkt->icmp_type >= LADDER_ICMPV6_NEIGHBOR_SOLICIT)
    ladder_tree_add (d->tree, (guint32) off + 8, 16, "Target Address: %s",
                     ladder_addr_to_string (&pkt->nd_target, addr));
  if (pkt->icmp_type == LADDER_ICMPV6_REDIRECT)
    {
      for (guint k = 0; k < 16; k++)
        ladder_cursor_peek_u8 (c, 16 + k, &b[k]);
      ladder_addr_set_v6 (&dest, b);
      ladder_tree_add (d->tree, (guint32) off + 24, 16, "Destination Address: %s",
                       ladder_addr_to_string (&dest, addr));
    }
}

/* C is past the 8-byte header. */
static LadderStatus
dissect_nd (LadderDissect *d, LadderCursor *c, gsize off, guint32 rest)
{
  LadderPacket *pkt = d->pkt;
  gsize fixed = nd_fixed_len (pkt->icmp_type) - ICMPV6_HEADER_LEN;

  if (!ladder_cursor_has (c, fixed))
    return ladder_dissect_short (d, c, fixed, "ND message truncated",
                                 "ND message runs past the IP payload");
  if (pkt->icmp_type >= LADDER_ICMPV6_NEIGHBOR_SOLICIT)
    {
      LadderCursor t = *c;

      pkt->nd_target.family = 6;
      ladder_cursor_bytes (&t, pkt->nd_target.bytes, 16);
    }
  pkt->layers |= LADDER_LAYER_ICMPV6;
  if (d->tree != NULL)
    describe_nd (d, c, off, rest);
  ladder_cursor_skip (c, fixed);
  dissect_nd_options (d, c);
  return pkt->status;
}

static void
read_rest (LadderPacket *pkt, guint32 rest)
{
  switch (pkt->icmp_type)
    {
    case LADDER_ICMPV6_PACKET_TOO_BIG:
      pkt->icmp_mtu = rest;
      break;
    case LADDER_ICMPV6_PARAM_PROBLEM:
      pkt->icmp_pointer = rest;
      break;
    case LADDER_ICMPV6_ECHO:
    case LADDER_ICMPV6_ECHO_REPLY:
      pkt->icmp_id = (guint16) (rest >> 16);
      pkt->icmp_seq = (guint16) rest;
      break;
    default:
      break;
    }
}

static void
describe_header (LadderDissect *d, gsize off, guint16 cksum, guint32 rest, gsize len)
{
  const LadderPacket *pkt = d->pkt;
  const char *tname = ladder_icmpv6_type_name (pkt->icmp_type);
  const char *cname = ladder_icmpv6_code_name (pkt->icmp_type, pkt->icmp_code);

  ladder_tree_push (d->tree, (guint32) off, (guint32) len, "Internet Control Message Protocol v6");
  ladder_tree_add (d->tree, (guint32) off, 1, "Type: %u (%s)", pkt->icmp_type,
                   tname ? tname : "unknown");
  ladder_tree_add (d->tree, (guint32) off + 1, 1, "Code: %u%s%s%s", pkt->icmp_code,
                   cname ? " (" : "", cname ? cname : "", cname ? ")" : "");
  ladder_tree_add (d->tree, (guint32) off + 2, 2, "Checksum: 0x%04x", cksum);
  switch (pkt->icmp_type)
    {
    case LADDER_ICMPV6_UNREACH:
    case LADDER_ICMPV6_TIME_EXCEEDED:
      ladder_tree_add (d->tree, (guint32) off + 4, 1, "Length: %u (RFC 4884)", rest >> 24);
      break;
    case LADDER_ICMPV6_PACKET_TOO_BIG:
      ladder_tree_add (d->tree, (guint32) off + 4, 4, "MTU: %u", pkt->icmp_mtu);
      break;
    case LADDER_ICMPV6_PARAM_PROBLEM:
      ladder_tree_add (d->tree, (guint32) off + 4, 4, "Pointer: %u", pkt->icmp_pointer);
      break;
    case LADDER_ICMPV6_ECHO:
    case LADDER_ICMPV6_ECHO_REPLY:
      ladder_tree_add (d->tree, (guint32) off + 4, 2, "Identifier: %u (0x%04x)",
                       pkt->icmp_id, pkt->icmp_id);
      ladder_tree_add (d->tree, (guint32) off + 6, 2, "Sequence Number: %u", pkt->icmp_seq);
      break;
    default:
      break;
    }
}

/* RFC 4884: the quote's length, in 64-bit words, for the error types that
 * carry one (destination unreachable, time exceeded). */
static guint32
rfc4884_quote_len (guint8 type, guint32 rest)
{
  if (type == LADDER_ICMPV6_UNREACH || type == LADDER_ICMPV6_TIME_EXCEEDED)
    return (rest >> 24) * 8u;
  return 0;
}

LadderStatus
ladder_dissect_icmpv6 (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  const guint8 *h = ladder_cursor_ptr (c, ICMPV6_HEADER_LEN);
  gsize off = c->off;
  guint16 cksum;
  guint32 rest;

  if (h == NULL)
    return ladder_dissect_short (d, c, ICMPV6_HEADER_LEN, "ICMPv6 header truncated",
                                 "ICMPv6 header runs past the IP payload");
  pkt->icmp_type = h[0];
  pkt->icmp_code = h[1];
  pkt->icmp_kind = ladder_icmp_kind (6, pkt->icmp_type);
  cksum = ladder_span_be16 (h + 2);
  rest = ladder_span_be32 (h + 4);
  ladder_cursor_skip (c, ICMPV6_HEADER_LEN);
  read_rest (pkt, rest);
  if (d->tree != NULL)
    describe_header (d, off, cksum, rest, ladder_cursor_remaining (c) + ICMPV6_HEADER_LEN);

  if (nd_fixed_len (pkt->icmp_type) > 0)
    dissect_nd (d, c, off, rest);
  else
    {
      pkt->layers |= LADDER_LAYER_ICMPV6;
      if (ladder_icmp_kind_is_error (pkt->icmp_kind))
        ladder_dissect_error_body (d, c, rfc4884_quote_len (pkt->icmp_type, rest));
      else
        ladder_dissect_payload (d, c, pkt->l4_len > ICMPV6_HEADER_LEN
                                      ? pkt->l4_len - ICMPV6_HEADER_LEN : 0);
    }
  LADDER_TREE_POP (d->tree);
  return pkt->status;
}
