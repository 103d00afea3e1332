/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-summary.c: one line per packet in the manner of tcpdump -nn -S (print-tcp.c,
 * print-udp.c, print-icmp.c, print-icmp6.c, print-arp.c), and short names.
 *
 * The summary is built from the decoded LadderPacket alone.  Where the
 * capture stopped inside a header, tcpdump's "[|proto]" mark says where;
 * a malformed packet ends with "[malformed: <problem>]".
 */
#include "ladder-dissect-private.h"

#include <stdio.h>

typedef struct
{
  const LadderPacket *pkt;
  GString            *out;
  char                src[LADDER_ADDR_STRLEN];
  char                dst[LADDER_ADDR_STRLEN];
  gboolean            marked;  /* a "[|proto]" truncation mark was written */
} Summary;

static void
mark (Summary *s, const char *proto)
{
  g_string_append_printf (s->out, "[|%s]", proto);
  s->marked = TRUE;
}

static gboolean
has (const LadderPacket *pkt, guint32 layer)
{
  return (pkt->layers & layer) != 0;
}

const char *
ladder_tcp_flags_to_string (guint16 flags, char *buf, gsize size)
{
  static const struct { guint16 bit; const char *name; } order[] = {
    { LADDER_TCP_SYN, "SYN" }, { LADDER_TCP_FIN, "FIN" }, { LADDER_TCP_RST, "RST" },
    { LADDER_TCP_PSH, "PSH" }, { LADDER_TCP_URG, "URG" }, { LADDER_TCP_ECE, "ECE" },
    { LADDER_TCP_CWR, "CWR" }, { LADDER_TCP_AE, "AE" }, { LADDER_TCP_ACK, "ACK" },
  };

  g_return_val_if_fail (buf != NULL && size > 0, NULL);
  buf[0] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (!(flags & order[i].bit))
        continue;
      if (buf[0] != '\0')
        g_strlcat (buf, "-", size);
      g_strlcat (buf, order[i].name, size);
    }
  if (buf[0] == '\0')
    g_strlcpy (buf, "none", size);
  return buf;
}

const char *
ladder_packet_protocol_name (const LadderPacket *pkt)
{
  const char *name;

  g_return_val_if_fail (pkt != NULL, "");
  if (has (pkt, LADDER_LAYER_ARP) || pkt->ethertype == 0x0806 || pkt->ethertype == 0x8035)
    return pkt->ethertype == 0x8035 ? "RARP" : "ARP";
  if (pkt->ip_version != 0)
    {
      if (pkt->ip_frag_offset != 0 || !has (pkt, LADDER_LAYER_IPV4 | LADDER_LAYER_IPV6))
        return pkt->ip_version == 4 ? "IPv4" : "IPv6";
      switch (pkt->ip_proto)
        {
        case LADDER_IPPROTO_ICMPV6: return "ICMPv6";
        case LADDER_IPPROTO_NONE: return "IPv6";
        default: break;
        }
      name = ladder_ip_proto_name (pkt->ip_proto);
      return name != NULL ? name : pkt->ip_version == 4 ? "IPv4" : "IPv6";
    }
  if (pkt->ethertype != 0 && (name = ladder_ethertype_name (pkt->ethertype)) != NULL)
    return name;
  if (has (pkt, LADDER_LAYER_ETHERNET))
    return pkt->ethertype == 0 ? "LLC" : "Ethernet";
  if (has (pkt, LADDER_LAYER_SLL))
    return "SLL";
  if (has (pkt, LADDER_LAYER_NULL))
    return "Loopback";
  return "Unknown";
}

/* ---- TCP --------------------------------------------------------------- */

static void
tcp_option (Summary *s, guint8 kind)
{
  const LadderPacket *pkt = s->pkt;
  const char *name = ladder_tcp_option_name (kind);

  switch (kind)
    {
    case 2:
      g_string_append_printf (s->out, "mss %u", pkt->mss);
      return;
    case 3:
      g_string_append_printf (s->out, "wscale %u", pkt->wscale);
      return;
    case 5:
      g_string_append_printf (s->out, "sack %u ", pkt->n_sack);
      for (guint i = 0; i < pkt->n_sack; i++)
        g_string_append_printf (s->out, "{%u:%u}", pkt->sack[i][0], pkt->sack[i][1]);
      return;
    case 8:
      g_string_append_printf (s->out, "TS val %u ecr %u", pkt->ts_val, pkt->ts_ecr);
      return;
    case 30:
      {
        static const char *const subtypes[] = {
          "capable", "join", "dss", "add-addr", "remove-addr", "prio", "fail", "fast-close",
          "tcprst", "unknown",
        };
        g_string_append_printf (s->out, "mptcp %s", subtypes[MIN (pkt->mptcp_subtype, 9)]);
      }
      return;
    case 34:
      g_string_append_printf (s->out, "tfo %s", pkt->tfo_cookie_len ? "cookie" : "cookiereq");
      return;
    case 253:
    case 254:
      if (pkt->tcp_exp_id == 0xf989)
        g_string_append_printf (s->out, "exp-tfo %s",
                                pkt->tfo_cookie_len ? "cookie" : "cookiereq");
      else
        g_string_append_printf (s->out, "exp-%04x", pkt->tcp_exp_id);
      return;
    default:
      if (name != NULL)
        g_string_append (s->out, name);
      else
        g_string_append_printf (s->out, "unknown-%u", kind);
      return;
    }
}

static void
summary_tcp (Summary *s)
{
  const LadderPacket *pkt = s->pkt;
  static const struct { guint16 bit; char c; } marks[] = {
    { LADDER_TCP_FIN, 'F' }, { LADDER_TCP_SYN, 'S' }, { LADDER_TCP_RST, 'R' },
    { LADDER_TCP_PSH, 'P' }, { LADDER_TCP_ACK, '.' }, { LADDER_TCP_URG, 'U' },
    { LADDER_TCP_ECE, 'E' }, { LADDER_TCP_CWR, 'W' }, { LADDER_TCP_AE, 'e' },
  };

  g_string_append_printf (s->out, "%s.%u > %s.%u: Flags [", s->src, pkt->sport, s->dst, pkt->dport);
  if (pkt->tcp_flags == 0)
    g_string_append (s->out, "none");
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (pkt->tcp_flags & marks[i].bit)
      g_string_append_c (s->out, marks[i].c);
  g_string_append_c (s->out, ']');
  if (pkt->payload_len > 0 || (pkt->tcp_flags & (LADDER_TCP_SYN | LADDER_TCP_FIN | LADDER_TCP_RST)))
    {
      g_string_append_printf (s->out, ", seq %u", pkt->seq);
      if (pkt->payload_len > 0)
        g_string_append_printf (s->out, ":%u", pkt->seq + pkt->payload_len);
    }
  if (pkt->tcp_flags & LADDER_TCP_ACK)
    g_string_append_printf (s->out, ", ack %u", pkt->ack);
  g_string_append_printf (s->out, ", win %u", pkt->window);
  if (pkt->tcp_flags & LADDER_TCP_URG)
    g_string_append_printf (s->out, ", urg %u", pkt->tcp_urgent);
  if (pkt->n_tcp_optlist > 0)
    {
      g_string_append (s->out, ", options [");
      for (guint i = 0; i < pkt->n_tcp_optlist; i++)
        {
          if (i > 0)
            g_string_append_c (s->out, ',');
          tcp_option (s, pkt->tcp_optlist[i]);
        }
      g_string_append_c (s->out, ']');
    }
  g_string_append_printf (s->out, ", length %u", pkt->payload_len);
}

/* ---- ICMP -------------------------------------------------------------- */

static const char *
quoted_dst (Summary *s, char buf[LADDER_ADDR_STRLEN])
{
  if (!s->pkt->quoted.present)
    return "?";
  return ladder_addr_to_string (&s->pkt->quoted.dst, buf);
}

static void
icmp_unreach (Summary *s)
{
  const LadderPacket *pkt = s->pkt;
  const LadderQuoted *q = &pkt->quoted;
  char a[LADDER_ADDR_STRLEN];
  const char *dst = quoted_dst (s, a);
  const char *name;
  /* tcpdump's wording, around the quoted destination. */
  static const char *const before[16] = {
    "net ", "host ", NULL, NULL, NULL, "", "net ", "host ", "", "net ", "host ", "net ",
    "host ", "host ", "host ", "host ",
  };
  static const char *const after[16] = {
    " unreachable", " unreachable", NULL, NULL, NULL, " unreachable - source route failed",
    " unreachable - unknown", " unreachable - unknown", " unreachable - source host isolated",
    " unreachable - admin prohibited", " unreachable - admin prohibited",
    " unreachable - tos prohibited", " unreachable - tos prohibited",
    " unreachable - admin prohibited filter", " unreachable - host precedence violation",
    " unreachable - precedence cutoff",
  };

  if (!q->present)
    {
      /* Nothing quoted to name the destination by. */
      name = ladder_icmp_code_name (LADDER_ICMP_UNREACH, pkt->icmp_code);
      if (name != NULL)
        g_string_append (s->out, name);
      else
        g_string_append_printf (s->out, "unreachable code %u", pkt->icmp_code);
      return;
    }
  switch (pkt->icmp_code)
    {
    case 2:
      g_string_append_printf (s->out, "%s protocol %u unreachable", dst, q->ip_proto);
      return;
    case 3:
      if (q->has_ports && (q->ip_proto == LADDER_IPPROTO_TCP || q->ip_proto == LADDER_IPPROTO_UDP))
        g_string_append_printf (s->out, "%s %s port %u unreachable", dst,
                                q->ip_proto == LADDER_IPPROTO_TCP ? "tcp" : "udp", q->dport);
      else if (q->has_ports)
        g_string_append_printf (s->out, "%s protocol %u port %u unreachable", dst,
                                q->ip_proto, q->dport);
      else
        g_string_append_printf (s->out, "%s port unreachable", dst);
      return;
    case 4:
      if (pkt->icmp_mtu)
        g_string_append_printf (s->out, "%s unreachable - need to frag (mtu %u)", dst, pkt->icmp_mtu);
      else
        g_string_append_printf (s->out, "%s unreachable - need to frag", dst);
      return;
    default:
      if (pkt->icmp_code < 16)
        g_string_append_printf (s->out, "%s%s%s", before[pkt->icmp_code], dst,
                                after[pkt->icmp_code]);
      else
        g_string_append_printf (s->out, "#%u %s unreachable", pkt->icmp_code, dst);
      return;
    }
}

static void
icmp_body (Summary *s)
{
  const LadderPacket *pkt = s->pkt;
  char a[LADDER_ADDR_STRLEN], g[LADDER_ADDR_STRLEN];
  const char *name;

  switch (pkt->icmp_type)
    {
    case LADDER_ICMP_ECHO_REPLY:
    case LADDER_ICMP_ECHO:
      g_string_append_printf (s->out, "echo %s, id %u, seq %u", pkt->icmp_kind == LADDER_ICMP_KIND_ECHO_REQUEST ? "request" : "reply",
                              pkt->icmp_id, pkt->icmp_seq);
      return;
    case LADDER_ICMP_UNREACH:
      icmp_unreach (s);
      return;
    case LADDER_ICMP_REDIRECT:
      g_string_append_printf (s->out, "redirect%s %s to %s %s", pkt->icmp_code >= 2 ? "-tos" : "",
                              quoted_dst (s, a), pkt->icmp_code & 1 ? "host" : "net",
                              ladder_addr_to_string (&pkt->nd_target, g));
      return;
    case LADDER_ICMP_TIME_EXCEEDED:
      g_string_append (s->out, pkt->icmp_code == 0 ? "time exceeded in-transit"
                       : pkt->icmp_code == 1 ? "ip reassembly time exceeded" : "time exceeded");
      return;
    case LADDER_ICMP_PARAM_PROBLEM:
      if (pkt->icmp_code)
        g_string_append_printf (s->out, "parameter problem - code %u", pkt->icmp_code);
      else
        g_string_append_printf (s->out, "parameter problem - octet %u", pkt->icmp_pointer);
      return;
    default:
      name = ladder_icmp_type_name (pkt->icmp_type);
      if (name != NULL)
        g_string_append (s->out, name);
      else
        g_string_append_printf (s->out, "type-#%u", pkt->icmp_type);
      return;
    }
}

static void
icmpv6_error (Summary *s)
{
  const LadderPacket *pkt = s->pkt;
  const LadderQuoted *q = &pkt->quoted;
  char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN];
  const char *dst = quoted_dst (s, a);
  static const char *const unreach[] = {
    "unreachable route", " unreachable prohibited", "beyond scope", "unreachable address",
    "unreachable port",
  };

  if (pkt->icmp_type == LADDER_ICMPV6_UNREACH)
    {
      if (pkt->icmp_code < G_N_ELEMENTS (unreach))
        g_string_append_printf (s->out, ", %s", unreach[pkt->icmp_code]);
      else
        g_string_append_printf (s->out, ", unknown unreach code (%u)", pkt->icmp_code);
      if (!q->present)
        return;
      if (pkt->icmp_code == 0 || pkt->icmp_code == 1 || pkt->icmp_code == 3)
        g_string_append_printf (s->out, " %s", dst);
      else if (pkt->icmp_code == 2)
        g_string_append_printf (s->out, " %s, source address %s", dst,
                                q->present ? ladder_addr_to_string (&q->src, b) : "?");
      else if (pkt->icmp_code == 4 && q->has_ports)
        g_string_append_printf (s->out, ", %s %s port %u", dst,
                                q->ip_proto == LADDER_IPPROTO_TCP ? "tcp" : q->ip_proto == LADDER_IPPROTO_UDP ? "udp" : "protocol",
                                q->dport);
    }
  else if (pkt->icmp_type == LADDER_ICMPV6_PACKET_TOO_BIG)
    g_string_append_printf (s->out, ", mtu %u", pkt->icmp_mtu);
  else if (pkt->icmp_type == LADDER_ICMPV6_TIME_EXCEEDED)
    {
      if (pkt->icmp_code == 0)
        {
          if (q->present)
            g_string_append_printf (s->out, " for %s", dst);
        }
      else if (pkt->icmp_code == 1)
        g_string_append (s->out, " (reassembly)");
      else
        g_string_append_printf (s->out, ", unknown code (%u)", pkt->icmp_code);
    }
  else
    {
      static const char *const what[] = { "erroneous", "next header", "option",
                                          "incomplete header chain" };
      if (pkt->icmp_code < G_N_ELEMENTS (what))
        g_string_append_printf (s->out, ", %s - octet %u", what[pkt->icmp_code], pkt->icmp_pointer);
      else
        g_string_append_printf (s->out, ", code-#%u", pkt->icmp_code);
    }
}

static void
icmpv6_body (Summary *s)
{
  const LadderPacket *pkt = s->pkt;
  const char *name = ladder_icmpv6_type_name (pkt->icmp_type);
  char a[LADDER_ADDR_STRLEN];

  if (pkt->icmp_type == LADDER_ICMPV6_TIME_EXCEEDED)
    name = "time exceeded in-transit";
  if (name != NULL)
    g_string_append_printf (s->out, "ICMP6, %s", name);
  else
    g_string_append_printf (s->out, "ICMP6, unknown icmp6 type (%u)", pkt->icmp_type);
  switch (pkt->icmp_type)
    {
    case LADDER_ICMPV6_UNREACH:
    case LADDER_ICMPV6_PACKET_TOO_BIG:
    case LADDER_ICMPV6_TIME_EXCEEDED:
    case LADDER_ICMPV6_PARAM_PROBLEM:
      icmpv6_error (s);
      break;
    case LADDER_ICMPV6_ECHO:
    case LADDER_ICMPV6_ECHO_REPLY:
      g_string_append_printf (s->out, ", id %u, seq %u", pkt->icmp_id, pkt->icmp_seq);
      break;
    case LADDER_ICMPV6_NEIGHBOR_SOLICIT:
      g_string_append_printf (s->out, ", who has %s", ladder_addr_to_string (&pkt->nd_target, a));
      break;
    case LADDER_ICMPV6_NEIGHBOR_ADVERT:
      g_string_append_printf (s->out, ", tgt is %s", ladder_addr_to_string (&pkt->nd_target, a));
      break;
    case LADDER_ICMPV6_REDIRECT:
      g_string_append_printf (s->out, ", target %s", ladder_addr_to_string (&pkt->nd_target, a));
      break;
    default:
      break;
    }
}

/* ---- IP and the rest ------------------------------------------------------ */

/* tcpdump's name for a transport it decodes, NULL for the others. */
static const char *
transport_mark (guint8 proto)
{
  switch (proto)
    {
    case LADDER_IPPROTO_TCP:    return "tcp";
    case LADDER_IPPROTO_UDP:    return "udp";
    case LADDER_IPPROTO_ICMP:   return "icmp";
    case LADDER_IPPROTO_ICMPV6: return "icmp6";
    default:                    return NULL;
    }
}

static void
summary_transport (Summary *s)
{
  const LadderPacket *pkt = s->pkt;
  const char *name;

  if (has (pkt, LADDER_LAYER_TCP))
    summary_tcp (s);
  else if (has (pkt, LADDER_LAYER_UDP))
    g_string_append_printf (s->out, "%s.%u > %s.%u: UDP, length %u", s->src, pkt->sport, s->dst,
                            pkt->dport, pkt->payload_len);
  else if (has (pkt, LADDER_LAYER_ICMP))
    {
      g_string_append_printf (s->out, "%s > %s: ICMP ", s->src, s->dst);
      icmp_body (s);
      g_string_append_printf (s->out, ", length %u", pkt->l4_len);
    }
  else if (has (pkt, LADDER_LAYER_ICMPV6))
    {
      g_string_append_printf (s->out, "%s > %s: ", s->src, s->dst);
      icmpv6_body (s);
      g_string_append_printf (s->out, ", length %u", pkt->l4_len);
    }
  else if (pkt->ip_frag_offset != 0)
    {
      name = ladder_ip_proto_name (pkt->ip_proto);
      g_string_append_printf (s->out, "%s > %s: ", s->src, s->dst);
      if (name != NULL)
        g_string_append_printf (s->out, "%s fragment", name);
      else
        g_string_append_printf (s->out, "ip-proto-%u fragment", pkt->ip_proto);
      g_string_append_printf (s->out, ", offset %u, length %u", pkt->ip_frag_offset, pkt->l4_len);
    }
  else if (transport_mark (pkt->ip_proto) != NULL)
    {
      g_string_append_printf (s->out, "%s > %s: ", s->src, s->dst);
      mark (s, transport_mark (pkt->ip_proto));
    }
  else if (pkt->ip_proto == LADDER_IPPROTO_NONE)
    g_string_append_printf (s->out, "%s > %s: no next header", s->src, s->dst);
  else
    {
      name = ladder_ip_proto_name (pkt->ip_proto);
      g_string_append_printf (s->out, "%s > %s: ", s->src, s->dst);
      if (name != NULL)
        g_string_append (s->out, name);
      else
        g_string_append_printf (s->out, "ip-proto-%u", pkt->ip_proto);
      g_string_append_printf (s->out, ", length %u", pkt->l4_len);
    }
}

static void
summary_ip (Summary *s)
{
  const LadderPacket *pkt = s->pkt;

  g_string_append (s->out, pkt->ip_version == 6 ? "IP6 " : "IP ");
  if (pkt->src.family == 0)
    {
      mark (s, pkt->ip_version == 6 ? "ip6" : "ip");
      return;
    }
  ladder_addr_to_string (&pkt->src, s->src);
  ladder_addr_to_string (&pkt->dst, s->dst);
  if (!has (s->pkt, LADDER_LAYER_IPV4 | LADDER_LAYER_IPV6))
    {
      g_string_append_printf (s->out, "%s > %s:", s->src, s->dst);
      if (pkt->status == LADDER_STATUS_TRUNCATED)
        {
          g_string_append_c (s->out, ' ');
          mark (s, pkt->ip_version == 6 ? "ip6" : "ip");
        }
      return;
    }
  summary_transport (s);
}

static void
summary_arp (Summary *s)
{
  const LadderPacket *pkt = s->pkt;
  char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN], m[18], n[18];
  static const guint8 zero[6] = { 0 };
  guint32 link = 0;

  if (pkt->linktype == LADDER_LINKTYPE_ETHERNET)
    link = 14 + 4u * pkt->n_vlans;
  else if (pkt->linktype == LADDER_LINKTYPE_LINUX_SLL)
    link = 16;
  else if (pkt->linktype == LADDER_LINKTYPE_LINUX_SLL2)
    link = 20;
  g_string_append (s->out, "ARP, ");
  if (!has (pkt, LADDER_LAYER_ARP))
    {
      mark (s, "arp");
      return;
    }
  if (pkt->arp_spa.family != 4)
    {
      g_string_append_printf (s->out, "opcode %u (not Ethernet/IPv4), length %u", pkt->arp_op,
                              pkt->wirelen > link ? pkt->wirelen - link : 0);
      return;
    }
  ladder_addr_to_string (&pkt->arp_spa, a);
  ladder_addr_to_string (&pkt->arp_tpa, b);
  ladder_mac_to_string (pkt->arp_sha, m);
  ladder_mac_to_string (pkt->arp_tha, n);
  switch (pkt->arp_op)
    {
    case 1:
      g_string_append_printf (s->out, "Request who-has %s", b);
      if (memcmp (pkt->arp_tha, zero, 6) != 0)
        g_string_append_printf (s->out, " (%s)", n);
      g_string_append_printf (s->out, " tell %s", a);
      break;
    case 2:
      g_string_append_printf (s->out, "Reply %s is-at %s", a, m);
      break;
    case 3:
      g_string_append_printf (s->out, "Reverse Request who-is %s tell %s", n, m);
      break;
    case 4:
      g_string_append_printf (s->out, "Reverse Reply %s at %s", n, b);
      break;
    default:
      g_string_append_printf (s->out, "Unknown opcode %u", pkt->arp_op);
      break;
    }
  g_string_append_printf (s->out, ", length %u", pkt->wirelen > link ? pkt->wirelen - link : 0);
}

/* Where the link layer itself stopped or was not followed by IP/ARP. */
static void
summary_link (Summary *s)
{
  const LadderPacket *pkt = s->pkt;
  char a[18], b[18];
  const char *name = ladder_ethertype_name (pkt->ethertype);

  if (has (pkt, LADDER_LAYER_ETHERNET))
    {
      g_string_append_printf (s->out, "%s > %s, ", ladder_mac_to_string (pkt->eth_src, a),
                              ladder_mac_to_string (pkt->eth_dst, b));
      if (pkt->status == LADDER_STATUS_TRUNCATED && pkt->ethertype == 0)
        mark (s, "vlan");
      else if (pkt->ethertype == 0)
        g_string_append_printf (s->out, "802.3, length %u", pkt->wirelen);
      else
        g_string_append_printf (s->out, "ethertype %s (0x%04x), length %u",
                                name ? name : "Unknown", pkt->ethertype, pkt->wirelen);
      return;
    }
  if (has (pkt, LADDER_LAYER_SLL | LADDER_LAYER_NULL))
    {
      g_string_append_printf (s->out, "%s, length %u",
                              has (pkt, LADDER_LAYER_SLL) ? "Linux cooked, protocol not decoded"
                                                          : "Loopback, family not decoded",
                              pkt->wirelen);
      return;
    }
  switch (pkt->linktype)
    {
    case LADDER_LINKTYPE_ETHERNET:
      mark (s, "ether");
      return;
    case LADDER_LINKTYPE_LINUX_SLL:
    case LADDER_LINKTYPE_LINUX_SLL2:
      mark (s, "sll");
      return;
    case LADDER_LINKTYPE_NULL:
    case LADDER_LINKTYPE_LOOP:
      mark (s, "null");
      return;
    case LADDER_LINKTYPE_RAW:
    case LADDER_LINKTYPE_RAW_OLD12:
    case LADDER_LINKTYPE_RAW_OLD14:
    case LADDER_LINKTYPE_IPV4:
    case LADDER_LINKTYPE_IPV6:
      mark (s, "ip");
      return;
    default:
      g_string_append_printf (s->out, "link type %u, length %u", pkt->linktype, pkt->wirelen);
      return;
    }
}

/* "IP 10.0.0.1 > 10.0.0.2: GRE: " for each carrier, outermost first; the
 * rest of the line is the packet inside. */
static void
summary_tunnels (Summary *s)
{
  const LadderPacket *pkt = s->pkt;

  for (guint i = 0; i < pkt->n_tunnels; i++)
    {
      const LadderTunnel *t = &pkt->tunnels[i];
      char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN];

      if (t->ip_version != 0 && (t->sport != 0 || t->dport != 0))
        g_string_append_printf (s->out, "%s %s.%u > %s.%u: ", t->ip_version == 6 ? "IP6" : "IP",
                                ladder_addr_to_string (&t->src, a), t->sport,
                                ladder_addr_to_string (&t->dst, b), t->dport);
      else if (t->ip_version != 0)
        g_string_append_printf (s->out, "%s %s > %s: ", t->ip_version == 6 ? "IP6" : "IP",
                                ladder_addr_to_string (&t->src, a), ladder_addr_to_string (&t->dst, b));
      switch (t->type)
        {
        case LADDER_TUNNEL_GRE:
          g_string_append (s->out, t->id != 0 ? "GRE" : "GRE: ");
          if (t->id != 0)
            g_string_append_printf (s->out, " key 0x%x: ", t->id);
          break;
        case LADDER_TUNNEL_VXLAN:
        case LADDER_TUNNEL_GENEVE:
          g_string_append_printf (s->out, "%s vni %u: ", ladder_tunnel_type_to_string (t->type), t->id);
          break;
        case LADDER_TUNNEL_MPLS:
          g_string_append_printf (s->out, "MPLS (%u label%s) label %u: ", pkt->n_mpls,
                                  pkt->n_mpls == 1 ? "" : "s", t->id);
          break;
        default:
          break;
        }
    }
}

void
ladder_packet_summary (const LadderPacket *pkt, GString *out)
{
  Summary s = { pkt, out, "", "", FALSE };

  g_return_if_fail (pkt != NULL);
  g_return_if_fail (out != NULL);
  if (pkt->n_tunnels > 0)
    summary_tunnels (&s);
  if (pkt->ip_version != 0)
    summary_ip (&s);
  else if (pkt->ethertype == 0x0800 || pkt->ethertype == 0x86dd)
    {
      /* The IP header itself could not be read. */
      g_string_append (out, pkt->ethertype == 0x0800 ? "IP" : "IP6");
      if (pkt->status == LADDER_STATUS_TRUNCATED)
        {
          g_string_append_c (out, ' ');
          mark (&s, pkt->ethertype == 0x0800 ? "ip" : "ip6");
        }
    }
  else if (pkt->ethertype == 0x0806 || pkt->ethertype == 0x8035)
    summary_arp (&s);
  else
    summary_link (&s);
  if (pkt->status == LADDER_STATUS_MALFORMED && pkt->problem != NULL)
    g_string_append_printf (out, " [malformed: %s]", pkt->problem);
  else if (pkt->status == LADDER_STATUS_TRUNCATED && pkt->problem != NULL && !s.marked)
    g_string_append_printf (out, " [|%s]", pkt->problem);
}
