/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-icmp.c: Internet Control Message Protocol, RFC 792 (fragmentation
 * needed MTU: RFC 1191; codes 13-15: RFC 1812; multi-part messages: RFC 4884),
 * and the decoding of the original datagram quoted in ICMP and ICMPv6 errors.
 *
 * The quote is how a traceroute reply or an unreachable is matched to what
 * provoked it, so it is decoded with the same care as a packet: its own
 * lengths may shrink the view over it, never widen it, and its problems are
 * kept in pkt->quoted.status.  The outer packet is marked truncated only
 * when the capture itself cut the quote short.
 */
#include "ladder-dissect-private.h"

#define ICMP_HEADER_LEN 8

const char *
ladder_icmp_type_name (guint8 type)
{
  switch (type)
    {
    case 0: return "echo reply";
    case 3: return "destination unreachable";
    case 4: return "source quench";
    case 5: return "redirect";
    case 8: return "echo request";
    case 9: return "router advertisement";
    case 10: return "router solicitation";
    case 11: return "time exceeded";
    case 12: return "parameter problem";
    case 13: return "time stamp request";
    case 14: return "time stamp reply";
    case 15: return "information request";
    case 16: return "information reply";
    case 17: return "address mask request";
    case 18: return "address mask reply";
    case 30: return "traceroute";
    case 42: return "extended echo request";
    case 43: return "extended echo reply";
    default: return NULL;
    }
}

static const char *
unreach_code_name (guint8 code)
{
  static const char *const names[] = {
    "net unreachable",
    "host unreachable",
    "protocol unreachable",
    "port unreachable",
    "fragmentation needed and DF set",
    "source route failed",
    "destination network unknown",
    "destination host unknown",
    "source host isolated",
    "network administratively prohibited",
    "host administratively prohibited",
    "network unreachable for TOS",
    "host unreachable for TOS",
    "communication administratively prohibited",
    "host precedence violation",
    "precedence cutoff in effect",
  };
  return code < G_N_ELEMENTS (names) ? names[code] : NULL;
}

const char *
ladder_icmp_code_name (guint8 type, guint8 code)
{
  switch (type)
    {
    case LADDER_ICMP_UNREACH:
      return unreach_code_name (code);
    case LADDER_ICMP_REDIRECT:
      return code == 0 ? "redirect for network" : code == 1 ? "redirect for host"
           : code == 2 ? "redirect for TOS and network" : code == 3 ? "redirect for TOS and host"
           : NULL;
    case LADDER_ICMP_TIME_EXCEEDED:
      return code == 0 ? "TTL exceeded in transit"
           : code == 1 ? "fragment reassembly time exceeded" : NULL;
    case LADDER_ICMP_PARAM_PROBLEM:
      return code == 0 ? "pointer indicates the error" : code == 1 ? "missing a required option"
           : code == 2 ? "bad length" : NULL;
    default:
      return NULL;
    }
}

/* ---- The quoted datagram ------------------------------------------------ */

static void
quote_problem (LadderDissect *d, LadderStatus status, gsize off, gsize len, const char *problem)
{
  if (d->pkt->quoted.status == LADDER_STATUS_OK)
    d->pkt->quoted.status = status;
  LADDER_TREE_PROBLEM (d->tree, (guint32) off, (guint32) len, "%s", problem);
}

static void
quote_ports (LadderDissect *d, const LadderCursor *c, LadderQuoted *q, const char *name)
{
  gsize have = ladder_cursor_remaining (c);

  if (have >= 4)
    {
      ladder_cursor_peek_be16 (c, 0, &q->sport);
      ladder_cursor_peek_be16 (c, 2, &q->dport);
      q->has_ports = TRUE;
    }
  if (q->ip_proto == LADDER_IPPROTO_TCP && have >= 8)
    {
      ladder_cursor_peek_be32 (c, 4, &q->tcp_seq);
      q->has_tcp_seq = TRUE;
    }
  if (q->ip_proto == LADDER_IPPROTO_UDP && have >= 6)
    ladder_cursor_peek_be16 (c, 4, &q->udp_len);
  if (d->tree == NULL)
    return;
  ladder_tree_push (d->tree, (guint32) c->off, (guint32) MIN (have, 8u), "Quoted %s header", name);
  if (q->has_ports)
    {
      ladder_tree_add (d->tree, (guint32) c->off, 2, "Source Port: %u", q->sport);
      ladder_tree_add (d->tree, (guint32) c->off + 2, 2, "Destination Port: %u", q->dport);
    }
  if (q->has_tcp_seq)
    ladder_tree_add (d->tree, (guint32) c->off + 4, 4, "Sequence Number: %u", q->tcp_seq);
  if (q->ip_proto == LADDER_IPPROTO_UDP && have >= 6)
    ladder_tree_add (d->tree, (guint32) c->off + 4, 2, "Length: %u", q->udp_len);
}

static void
quote_icmp (LadderDissect *d, const LadderCursor *c, LadderQuoted *q)
{
  gsize have = ladder_cursor_remaining (c);
  gboolean echo;

  if (have >= 2)
    {
      ladder_cursor_peek_u8 (c, 0, &q->icmp_type);
      ladder_cursor_peek_u8 (c, 1, &q->icmp_code);
      q->has_icmp = TRUE;
      q->icmp_kind = ladder_icmp_kind (q->ip_proto == LADDER_IPPROTO_ICMP ? 4 : 6, q->icmp_type);
    }
  echo = q->icmp_kind == LADDER_ICMP_KIND_ECHO_REQUEST || q->icmp_kind == LADDER_ICMP_KIND_ECHO_REPLY;
  if (q->has_icmp && echo && have >= 8)
    {
      ladder_cursor_peek_be16 (c, 4, &q->icmp_id);
      ladder_cursor_peek_be16 (c, 6, &q->icmp_seq);
    }
  if (d->tree == NULL)
    return;
  ladder_tree_push (d->tree, (guint32) c->off, (guint32) MIN (have, 8u), "Quoted %s header",
                    q->ip_proto == LADDER_IPPROTO_ICMP ? "ICMP" : "ICMPv6");
  if (q->has_icmp)
    {
      ladder_tree_add (d->tree, (guint32) c->off, 1, "Type: %u", q->icmp_type);
      ladder_tree_add (d->tree, (guint32) c->off + 1, 1, "Code: %u", q->icmp_code);
    }
  if (q->has_icmp && echo && have >= 8)
    {
      ladder_tree_add (d->tree, (guint32) c->off + 4, 2, "Identifier: %u", q->icmp_id);
      ladder_tree_add (d->tree, (guint32) c->off + 6, 2, "Sequence Number: %u", q->icmp_seq);
    }
}

/* The first bytes after the quoted IP header(s).  RFC 792 promises 8. */
static void
quote_transport (LadderDissect *d, const LadderCursor *c, LadderQuoted *q)
{
  switch (q->ip_proto)
    {
    case LADDER_IPPROTO_TCP:
      quote_ports (d, c, q, "TCP");
      break;
    case LADDER_IPPROTO_UDP:
      quote_ports (d, c, q, "UDP");
      break;
    case LADDER_IPPROTO_ICMP:
    case LADDER_IPPROTO_ICMPV6:
      quote_icmp (d, c, q);
      break;
    default:
      return;
    }
  if (ladder_cursor_remaining (c) < 8)
    quote_problem (d, LADDER_STATUS_TRUNCATED, c->off, ladder_cursor_remaining (c),
                   "Quoted transport header shorter than 8 bytes");
  LADDER_TREE_POP (d->tree);
}

static void
describe_quoted_ipv4 (LadderDissect *d, gsize off, guint ihl, guint16 frag)
{
  const LadderQuoted *q = &d->pkt->quoted;
  char src[LADDER_ADDR_STRLEN], dst[LADDER_ADDR_STRLEN];
  const char *pname = ladder_ip_proto_name (q->ip_proto);

  ladder_tree_push (d->tree, (guint32) off, MAX (ihl, 20u),
                    "Quoted Internet Protocol Version 4, Src: %s, Dst: %s",
                    ladder_addr_to_string (&q->src, src), ladder_addr_to_string (&q->dst, dst));
  ladder_tree_add (d->tree, (guint32) off, 1, "Header Length: %u bytes", ihl);
  ladder_tree_add (d->tree, (guint32) off + 2, 2, "Total Length: %u", q->ip_total_len);
  ladder_tree_add (d->tree, (guint32) off + 4, 2, "Identification: 0x%04x (%u)",
                   q->ip_id, q->ip_id);
  ladder_tree_add (d->tree, (guint32) off + 6, 2, "Flags and Fragment Offset: 0x%04x", frag);
  ladder_tree_add (d->tree, (guint32) off + 8, 1, "Time to Live: %u", q->ttl);
  ladder_tree_add (d->tree, (guint32) off + 9, 1, "Protocol: %s (%u)",
                   pname ? pname : "Unknown", q->ip_proto);
  ladder_tree_add (d->tree, (guint32) off + 12, 4, "Source Address: %s", src);
  ladder_tree_add (d->tree, (guint32) off + 16, 4, "Destination Address: %s", dst);
}

static void
quote_ipv4 (LadderDissect *d, LadderCursor *c, LadderQuoted *q)
{
  LadderCursor h = *c;
  gsize off = c->off;
  guint8 vihl = 0, tos = 0;
  guint16 total = 0, id = 0, frag = 0, cksum = 0;
  guint ihl;

  if (!ladder_cursor_has (c, 20))
    {
      quote_problem (d, LADDER_STATUS_TRUNCATED, off, ladder_cursor_remaining (c),
                     "Quoted IPv4 header truncated");
      return;
    }
  /* 20 bytes are readable: these reads cannot fail. */
  ladder_cursor_u8 (&h, &vihl);
  ladder_cursor_u8 (&h, &tos);
  ladder_cursor_be16 (&h, &total);
  ladder_cursor_be16 (&h, &id);
  ladder_cursor_be16 (&h, &frag);
  ladder_cursor_u8 (&h, &q->ttl);
  ladder_cursor_u8 (&h, &q->ip_proto);
  ladder_cursor_be16 (&h, &cksum);
  q->src.family = 4;
  q->dst.family = 4;
  ladder_cursor_bytes (&h, q->src.bytes, 4);
  ladder_cursor_bytes (&h, q->dst.bytes, 4);
  q->present = TRUE;
  q->ip_version = 4;
  q->ip_total_len = total;
  q->ip_id = id;
  ihl = (vihl & 0x0f) * 4u;
  if (d->tree != NULL)
    describe_quoted_ipv4 (d, off, ihl, frag);

  if (ihl < 20)
    {
      quote_problem (d, LADDER_STATUS_MALFORMED, off, 1, "Quoted IPv4 header length < 20");
      LADDER_TREE_POP (d->tree);
      return;
    }
  if (total >= ihl)
    ladder_cursor_narrow (c, total);  /* only ever shrinks */
  else
    quote_problem (d, LADDER_STATUS_MALFORMED, off + 2, 2,
                   "Quoted IPv4 total length < header length (ignored)");
  if (!ladder_cursor_skip (c, ihl))
    {
      quote_problem (d, LADDER_STATUS_TRUNCATED, off, ladder_cursor_remaining (c),
                     "Quoted IPv4 options truncated");
      LADDER_TREE_POP (d->tree);
      return;
    }
  q->quoted_caplen = (guint32) (c->end - off);
  LADDER_TREE_POP (d->tree);
  if ((frag & 0x1fff) == 0)
    quote_transport (d, c, q);
}

static void
describe_quoted_ipv6 (LadderDissect *d, gsize off, guint16 plen, guint8 next)
{
  const LadderQuoted *q = &d->pkt->quoted;
  char src[LADDER_ADDR_STRLEN], dst[LADDER_ADDR_STRLEN];
  const char *nname = ladder_ip_proto_name (next);

  ladder_tree_push (d->tree, (guint32) off, 40,
                    "Quoted Internet Protocol Version 6, Src: %s, Dst: %s",
                    ladder_addr_to_string (&q->src, src), ladder_addr_to_string (&q->dst, dst));
  ladder_tree_add (d->tree, (guint32) off + 4, 2, "Payload Length: %u", plen);
  ladder_tree_add (d->tree, (guint32) off + 6, 1, "Next Header: %s (%u)",
                   nname ? nname : "Unknown", next);
  ladder_tree_add (d->tree, (guint32) off + 7, 1, "Hop Limit: %u", q->ttl);
  ladder_tree_add (d->tree, (guint32) off + 8, 16, "Source Address: %s", src);
  ladder_tree_add (d->tree, (guint32) off + 24, 16, "Destination Address: %s", dst);
}

/* The quoted extension headers.  FALSE when the transport header is out
 * of reach (problem noted, or a later fragment). */
static gboolean
quote_ipv6_chain (LadderDissect *d, LadderCursor *c, LadderQuoted *q)
{
  LadderIpv6Ext ext;
  gsize need = 0;

  for (guint n = 0; ladder_ipv6_is_ext (q->ip_proto); n++)
    {
      if (n == LADDER_MAX_IPV6_EXT)
        {
          quote_problem (d, LADDER_STATUS_UNSUPPORTED, c->off, 0,
                         "Quoted IPv6 extension chain too long");
          return FALSE;
        }
      if (!ladder_ipv6_ext_peek (c, q->ip_proto, &ext, &need))
        {
          quote_problem (d, LADDER_STATUS_TRUNCATED, c->off, ladder_cursor_remaining (c),
                         "Quoted IPv6 extension header truncated");
          return FALSE;
        }
      LADDER_TREE_ADD (d->tree, (guint32) c->off, ext.len, "%s, length %u",
                       ladder_ipv6_ext_name (ext.type), ext.len);
      ladder_cursor_skip (c, ext.len);
      q->ip_proto = ext.next;
      if (ext.type == 44)
        {
          q->ip_id = ext.frag_id;
          if ((ext.frag_offlg & 0xfff8) != 0)
            return FALSE;
        }
    }
  return TRUE;
}

static void
quote_ipv6 (LadderDissect *d, LadderCursor *c, LadderQuoted *q)
{
  gsize off = c->off;
  guint32 vtcfl = 0;
  guint16 plen = 0;
  gboolean reach;

  if (!ladder_cursor_has (c, 40))
    {
      quote_problem (d, LADDER_STATUS_TRUNCATED, off, ladder_cursor_remaining (c),
                     "Quoted IPv6 header truncated");
      return;
    }
  /* 40 bytes are readable: these reads cannot fail. */
  ladder_cursor_be32 (c, &vtcfl);
  ladder_cursor_be16 (c, &plen);
  ladder_cursor_u8 (c, &q->ip_proto);
  ladder_cursor_u8 (c, &q->ttl);
  q->src.family = 6;
  q->dst.family = 6;
  ladder_cursor_bytes (c, q->src.bytes, 16);
  ladder_cursor_bytes (c, q->dst.bytes, 16);
  q->present = TRUE;
  q->ip_version = 6;
  q->ip_total_len = plen + 40u;
  if (d->tree != NULL)
    describe_quoted_ipv6 (d, off, plen, q->ip_proto);
  if (plen > 0)
    ladder_cursor_narrow (c, plen);  /* only ever shrinks */
  reach = quote_ipv6_chain (d, c, q);
  q->quoted_caplen = (guint32) (c->end - off);
  LADDER_TREE_POP (d->tree);
  if (reach)
    quote_transport (d, c, q);
}

void
ladder_dissect_quote (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  LadderQuoted *q = &pkt->quoted;
  gboolean capture_cut = c->end == pkt->caplen && d->declared_end > c->end;
  guint8 first = 0;

  q->quoted_off = (guint32) c->off;
  q->quoted_caplen = (guint32) ladder_cursor_remaining (c);
  if (!ladder_cursor_peek_u8 (c, 0, &first))
    quote_problem (d, LADDER_STATUS_TRUNCATED, c->off, 0, "No quoted datagram");
  else if (first >> 4 == 4)
    quote_ipv4 (d, c, q);
  else if (first >> 4 == 6)
    quote_ipv6 (d, c, q);
  else
    quote_problem (d, LADDER_STATUS_MALFORMED, c->off, 1,
                   "Quoted datagram is neither IPv4 nor IPv6");
  if (q->status == LADDER_STATUS_TRUNCATED && capture_cut)
    ladder_dissect_note (pkt, LADDER_STATUS_TRUNCATED, "quoted datagram truncated");
}

/* ---- ICMP itself --------------------------------------------------------- */

static LadderIcmpKind
icmp4_kind (guint8 type)
{
  switch (type)
    {
    case LADDER_ICMP_ECHO:          return LADDER_ICMP_KIND_ECHO_REQUEST;
    case LADDER_ICMP_ECHO_REPLY:    return LADDER_ICMP_KIND_ECHO_REPLY;
    case LADDER_ICMP_UNREACH:       return LADDER_ICMP_KIND_UNREACHABLE;
    case LADDER_ICMP_TIME_EXCEEDED: return LADDER_ICMP_KIND_TIME_EXCEEDED;
    case LADDER_ICMP_PARAM_PROBLEM: return LADDER_ICMP_KIND_PARAM_PROBLEM;
    case LADDER_ICMP_SOURCE_QUENCH:
    case LADDER_ICMP_REDIRECT:      return LADDER_ICMP_KIND_OTHER_ERROR;
    default:                        return LADDER_ICMP_KIND_OTHER;
    }
}

static LadderIcmpKind
icmp6_kind (guint8 type)
{
  switch (type)
    {
    case LADDER_ICMPV6_ECHO:          return LADDER_ICMP_KIND_ECHO_REQUEST;
    case LADDER_ICMPV6_ECHO_REPLY:    return LADDER_ICMP_KIND_ECHO_REPLY;
    case LADDER_ICMPV6_UNREACH:       return LADDER_ICMP_KIND_UNREACHABLE;
    case LADDER_ICMPV6_TIME_EXCEEDED: return LADDER_ICMP_KIND_TIME_EXCEEDED;
    case LADDER_ICMPV6_PARAM_PROBLEM: return LADDER_ICMP_KIND_PARAM_PROBLEM;
    case LADDER_ICMPV6_PACKET_TOO_BIG: return LADDER_ICMP_KIND_PACKET_TOO_BIG;
    default:                          return LADDER_ICMP_KIND_OTHER;
    }
}

LadderIcmpKind
ladder_icmp_kind (guint8 ip_version, guint8 type)
{
  return ip_version == 6 ? icmp6_kind (type) : icmp4_kind (type);
}

gboolean
ladder_icmp_kind_is_error (LadderIcmpKind kind)
{
  return kind >= LADDER_ICMP_KIND_UNREACHABLE && kind <= LADDER_ICMP_KIND_OTHER_ERROR;
}

static gboolean
is_error (guint8 type)
{
  return ladder_icmp_kind_is_error (icmp4_kind (type));
}

/* The error types that carry an RFC 4884 length (unreachable, time
 * exceeded, parameter problem). */
static gboolean
rfc4884_type (guint8 type)
{
  return type == LADDER_ICMP_UNREACH || type == LADDER_ICMP_TIME_EXCEEDED
         || type == LADDER_ICMP_PARAM_PROBLEM;
}

static void
describe_rest (LadderDissect *d, gsize off, guint32 rest)
{
  const LadderPacket *pkt = d->pkt;
  char addr[LADDER_ADDR_STRLEN];

  switch (pkt->icmp_type)
    {
    case LADDER_ICMP_ECHO_REPLY:
    case LADDER_ICMP_ECHO:
      ladder_tree_add (d->tree, (guint32) off + 4, 2, "Identifier: %u (0x%04x)",
                       pkt->icmp_id, pkt->icmp_id);
      ladder_tree_add (d->tree, (guint32) off + 6, 2, "Sequence Number: %u", pkt->icmp_seq);
      return;
    case LADDER_ICMP_REDIRECT:
      ladder_tree_add (d->tree, (guint32) off + 4, 4, "Gateway Address: %s",
                       ladder_addr_to_string (&pkt->nd_target, addr));
      return;
    case LADDER_ICMP_PARAM_PROBLEM:
      ladder_tree_add (d->tree, (guint32) off + 4, 1, "Pointer: %u", pkt->icmp_pointer);
      break;
    default:
      break;
    }
  if (rfc4884_type (pkt->icmp_type))
    ladder_tree_add (d->tree, (guint32) off + 5, 1, "Length: %u (RFC 4884)",
                     (rest >> 16) & 0xff);
  if (pkt->icmp_type == LADDER_ICMP_UNREACH && pkt->icmp_code == LADDER_ICMP_UNREACH_FRAG_NEEDED)
    ladder_tree_add (d->tree, (guint32) off + 6, 2, "Next-hop MTU: %u", pkt->icmp_mtu);
  else if (!rfc4884_type (pkt->icmp_type))
    ladder_tree_add (d->tree, (guint32) off + 4, 4, "Rest of header: 0x%08x", rest);
}

static void
describe_header (LadderDissect *d, gsize off, guint16 cksum, guint32 rest, gsize len)
{
  const LadderPacket *pkt = d->pkt;
  const char *tname = ladder_icmp_type_name (pkt->icmp_type);
  const char *cname = ladder_icmp_code_name (pkt->icmp_type, pkt->icmp_code);

  ladder_tree_push (d->tree, (guint32) off, (guint32) len, "Internet Control Message Protocol");
  ladder_tree_add (d->tree, (guint32) off, 1, "Type: %u (%s)", pkt->icmp_type,
                   tname ? tname : "unknown");
  ladder_tree_add (d->tree, (guint32) off + 1, 1, "Code: %u%s%s%s", pkt->icmp_code,
                   cname ? " (" : "", cname ? cname : "", cname ? ")" : "");
  ladder_tree_add (d->tree, (guint32) off + 2, 2, "Checksum: 0x%04x", cksum);
  describe_rest (d, off, rest);
}

static void
read_rest (LadderPacket *pkt, guint32 rest)
{
  switch (pkt->icmp_type)
    {
    case LADDER_ICMP_ECHO_REPLY:
    case LADDER_ICMP_ECHO:
      pkt->icmp_id = (guint16) (rest >> 16);
      pkt->icmp_seq = (guint16) rest;
      break;
    case LADDER_ICMP_UNREACH:
      if (pkt->icmp_code == LADDER_ICMP_UNREACH_FRAG_NEEDED)
        pkt->icmp_mtu = rest & 0xffff;
      break;
    case LADDER_ICMP_REDIRECT:
      pkt->nd_target.family = 4;
      pkt->nd_target.bytes[0] = (guint8) (rest >> 24);
      pkt->nd_target.bytes[1] = (guint8) (rest >> 16);
      pkt->nd_target.bytes[2] = (guint8) (rest >> 8);
      pkt->nd_target.bytes[3] = (guint8) rest;
      break;
    case LADDER_ICMP_PARAM_PROBLEM:
      pkt->icmp_pointer = rest >> 24;
      break;
    default:
      break;
    }
}

/* An error's body: the quote, then any RFC 4884 extension structure.
 * QUOTE_LEN is the RFC 4884 length in bytes, 0 when the error has none;
 * a length beyond the data is ignored and the whole body is the quote. */
void
ladder_dissect_error_body (LadderDissect *d, LadderCursor *c, guint32 quote_len)
{
  LadderCursor quote = *c;

  if (quote_len > 0 && ladder_cursor_narrow (&quote, quote_len))
    {
      ladder_dissect_quote (d, &quote);
      ladder_cursor_skip (c, quote_len);
      if (d->tree != NULL && ladder_cursor_remaining (c) > 0)
        ladder_tree_add (d->tree, (guint32) c->off, (guint32) ladder_cursor_remaining (c),
                         "ICMP extension structure (%" G_GSIZE_FORMAT " bytes)",
                         ladder_cursor_remaining (c));
      return;
    }
  ladder_dissect_quote (d, &quote);
}

/* RFC 4884: the quote's length, in 32-bit words, for the error types that
 * carry one. */
static guint32
rfc4884_quote_len (guint8 type, guint32 rest)
{
  if (rfc4884_type (type))
    return ((rest >> 16) & 0xff) * 4u;
  return 0;
}

LadderStatus
ladder_dissect_icmp (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  const guint8 *h = ladder_cursor_ptr (c, ICMP_HEADER_LEN);
  gsize off = c->off;
  guint16 cksum;
  guint32 rest;

  if (h == NULL)
    return ladder_dissect_short (d, c, ICMP_HEADER_LEN, "ICMP header truncated",
                                 "ICMP header runs past the IP payload");
  pkt->icmp_type = h[0];
  pkt->icmp_code = h[1];
  pkt->icmp_kind = icmp4_kind (pkt->icmp_type);
  cksum = ladder_span_be16 (h + 2);
  rest = ladder_span_be32 (h + 4);
  ladder_cursor_skip (c, ICMP_HEADER_LEN);
  read_rest (pkt, rest);
  pkt->layers |= LADDER_LAYER_ICMP;
  if (d->tree != NULL)
    describe_header (d, off, cksum, rest, ladder_cursor_remaining (c) + ICMP_HEADER_LEN);

  if (is_error (pkt->icmp_type))
    ladder_dissect_error_body (d, c, rfc4884_quote_len (pkt->icmp_type, rest));
  else
    ladder_dissect_payload (d, c, pkt->l4_len > ICMP_HEADER_LEN ? pkt->l4_len - ICMP_HEADER_LEN : 0);
  LADDER_TREE_POP (d->tree);
  return pkt->status;
}
