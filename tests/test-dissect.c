/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dissect.c: the protocol decoders, on hand-built packets (every field and every
 * malformation we know of), on golden files, and on every truncated prefix of every
 * capture under tests/data.
 *
 * Regenerate the golden files with LADDER_UPDATE_GOLDEN=1 or WIRELADDER_UPDATE_GOLDEN=1
 * (test-cli's goldens follow the same variables; they are written into the
 * source tree: tests/expected/<file>.txt, tests/expected/corpus/<file>.txt).
 * `test-dissect -m perf -p /ladder/dissect/perf` prints decode speed (with
 * LADDER_PERF_FILE=big.pcap also what decoding adds to streaming that file).
 */
#include <arpa/inet.h>
#include <string.h>

#include "ladder-packet.h"
#include "ladder-flow-record.h"
#include "ladder-reader.h"
#include "ladder-test-util.h"
#include "ladder-tree.h"

#if defined(__SANITIZE_ADDRESS__)
# define LADDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define LADDER_ASAN 1
# endif
#endif
#ifdef LADDER_ASAN
# include <sanitizer/asan_interface.h>
# define LADDER_POISON(addr, size)   ASAN_POISON_MEMORY_REGION ((addr), (size))
# define LADDER_UNPOISON(addr, size) ASAN_UNPOISON_MEMORY_REGION ((addr), (size))
#else
# define LADDER_POISON(addr, size)   ((void) (addr), (void) (size))
# define LADDER_UNPOISON(addr, size) ((void) (addr), (void) (size))
#endif

/* ---- Building packets ------------------------------------------------------ */

typedef struct
{
  guint8 d[4096];
  gsize  n;
} Pkt;

static gsize
put8 (Pkt *p, guint v)
{
  g_assert_cmpuint (p->n, <, sizeof p->d);
  p->d[p->n++] = (guint8) v;
  return p->n - 1;
}

static gsize
put16 (Pkt *p, guint v)
{
  put8 (p, v >> 8);
  put8 (p, v);
  return p->n - 2;
}

static gsize
put32 (Pkt *p, guint32 v)
{
  put16 (p, v >> 16);
  put16 (p, v & 0xffff);
  return p->n - 4;
}

static gsize
putn (Pkt *p, const void *bytes, gsize n)
{
  g_assert_cmpuint (n, <=, sizeof p->d - p->n);
  memcpy (p->d + p->n, bytes, n);
  p->n += n;
  return p->n - n;
}

static gsize
zeros (Pkt *p, gsize n)
{
  g_assert_cmpuint (n, <=, sizeof p->d - p->n);
  memset (p->d + p->n, 0, n);
  p->n += n;
  return p->n - n;
}

static void
set16 (Pkt *p, gsize off, guint v)
{
  p->d[off] = (guint8) (v >> 8);
  p->d[off + 1] = (guint8) v;
}

static void
put_addr4 (Pkt *p, const char *text)
{
  guint8 a[4];

  g_assert_cmpint (inet_pton (AF_INET, text, a), ==, 1);
  putn (p, a, 4);
}

static void
put_addr6 (Pkt *p, const char *text)
{
  guint8 a[16];

  g_assert_cmpint (inet_pton (AF_INET6, text, a), ==, 1);
  putn (p, a, 16);
}

static gsize
put_eth (Pkt *p, guint16 type)
{
  static const guint8 macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
  gsize off = putn (p, macs, 12);

  put16 (p, type);
  return off;
}

/* IHL 5, DF set, id 0x1234, TTL 64; the total length is set by ipv4_done. */
static gsize
put_ipv4 (Pkt *p, guint8 proto, const char *src, const char *dst)
{
  gsize off = put8 (p, 0x45);

  put8 (p, 0);
  put16 (p, 0);
  put16 (p, 0x1234);
  put16 (p, 0x4000);
  put8 (p, 64);
  put8 (p, proto);
  put16 (p, 0);
  put_addr4 (p, src);
  put_addr4 (p, dst);
  return off;
}

static void
ipv4_done (Pkt *p, gsize off)
{
  set16 (p, off + 2, (guint) (p->n - off));
}

static gsize
put_ipv6 (Pkt *p, guint8 next, const char *src, const char *dst)
{
  gsize off = put32 (p, 0x60000000);

  put16 (p, 0);
  put8 (p, next);
  put8 (p, 64);
  put_addr6 (p, src);
  put_addr6 (p, dst);
  return off;
}

static void
ipv6_done (Pkt *p, gsize off)
{
  set16 (p, off + 4, (guint) (p->n - off - 40));
}

static gsize
put_tcp (Pkt *p, guint sport, guint dport, guint32 seq, guint32 ack, guint flags, guint win,
         const guint8 *opts, gsize optlen)
{
  gsize off = put16 (p, sport);

  g_assert_cmpuint (optlen % 4, ==, 0);
  put16 (p, dport);
  put32 (p, seq);
  put32 (p, ack);
  put16 (p, (guint) (((20 + optlen) / 4) << 12) | flags);
  put16 (p, win);
  put16 (p, 0);
  put16 (p, 0);
  if (optlen > 0)
    putn (p, opts, optlen);
  return off;
}

static gsize
put_udp (Pkt *p, guint sport, guint dport)
{
  gsize off = put16 (p, sport);

  put16 (p, dport);
  put16 (p, 0);
  put16 (p, 0);
  return off;
}

static void
udp_done (Pkt *p, gsize off)
{
  set16 (p, off + 4, (guint) (p->n - off));
}

static gsize
put_icmp (Pkt *p, guint type, guint code, guint32 rest)
{
  gsize off = put8 (p, type);

  put8 (p, code);
  put16 (p, 0);
  put32 (p, rest);
  return off;
}

/* ---- Decoding and checking -------------------------------------------------- */

static LadderTree *tree;

static const char *
addr_text (const LadderAddr *addr)
{
  static char buf[LADDER_ADDR_STRLEN];
  return ladder_addr_to_string (addr, buf);
}

static void
check_tree_ranges (const LadderTree *t, guint32 caplen)
{
  for (guint i = 0; i < ladder_tree_get_n_nodes (t); i++)
    {
      const LadderTreeNode *node = ladder_tree_get_node (t, i);

      g_assert_cmpuint (node->offset, <=, caplen);
      g_assert_cmpuint (node->length, <=, caplen - node->offset);
      g_assert_nonnull (node->text);
      if (node->parent >= 0)
        {
          g_assert_cmpint (node->parent, <, (gint) i);
          g_assert_cmpuint (ladder_tree_get_node (t, node->parent)->depth + 1, ==, node->depth);
        }
      else
        g_assert_cmpuint (node->depth, ==, 0);
    }
}

/* The packet invariants every decode must keep, whatever the input. */
static void
check_packet (const LadderPacket *pkt)
{
  if (pkt->layers & (LADDER_LAYER_TCP | LADDER_LAYER_UDP | LADDER_LAYER_ICMP | LADDER_LAYER_ICMPV6))
    g_assert_true (pkt->layers & (LADDER_LAYER_IPV4 | LADDER_LAYER_IPV6));
  if (pkt->layers & (LADDER_LAYER_IPV4 | LADDER_LAYER_IPV6))
    {
      g_assert_cmpuint (pkt->ip_off, <=, pkt->caplen);
      g_assert_cmpuint (pkt->l4_off, <=, pkt->caplen);
    }
  g_assert_cmpuint (pkt->payload_off, <=, pkt->caplen);
  g_assert_cmpuint (pkt->payload_caplen, <=, pkt->caplen - pkt->payload_off);
  g_assert_cmpuint (pkt->payload_caplen, <=, pkt->payload_len);
  g_assert_cmpuint (pkt->n_vlans, <=, LADDER_MAX_VLANS);
  g_assert_cmpuint (pkt->n_sack, <=, LADDER_MAX_SACK);
  g_assert_cmpuint (pkt->n_tcp_optlist, <=, LADDER_MAX_TCP_OPTS);
  g_assert_true ((pkt->status == LADDER_STATUS_OK) == (pkt->problem == NULL));
  g_assert_cmpuint (pkt->n_tunnels, <=, LADDER_MAX_TUNNELS);
  for (guint i = 0; i < pkt->n_tunnels; i++)
    g_assert_cmpuint (pkt->tunnels[i].off, <=, pkt->caplen);
  if (pkt->n_tunnels > 0)
    g_assert_true (pkt->layers & LADDER_LAYER_TUNNEL);
  if (pkt->quoted.present)
    {
      g_assert_cmpuint (pkt->quoted.quoted_off, <=, pkt->caplen);
      g_assert_cmpuint (pkt->quoted.quoted_caplen, <=, pkt->caplen - pkt->quoted.quoted_off);
    }
}

/* Decodes the first CAPLEN bytes of P (on the wire: WIRELEN, 0 = all of P) from an
 * exact-size copy, with and without a tree, and checks both agree. */
static LadderStatus
decode_full (LadderPacket *pkt, guint32 linktype, const Pkt *p, gsize caplen, guint32 wirelen)
{
  LadderPacket plain;
  guint8 *copy = g_memdup2 (p->d, caplen);
  LadderStatus a, b;

  if (wirelen == 0)
    wirelen = (guint32) p->n;
  a = ladder_packet_decode (&plain, linktype, copy, (guint32) caplen, wirelen, NULL);
  b = ladder_packet_decode (pkt, linktype, copy, (guint32) caplen, wirelen, tree);
  g_assert_cmpint (a, ==, b);
  g_assert_cmpint (b, ==, pkt->status);
  g_assert_cmpmem (&plain, sizeof plain, pkt, sizeof *pkt);
  check_packet (pkt);
  check_tree_ranges (tree, (guint32) caplen);
  g_free (copy);
  return b;
}

static LadderStatus
decode (LadderPacket *pkt, guint32 linktype, const Pkt *p)
{
  return decode_full (pkt, linktype, p, p->n, 0);
}

static const char *
summary (const LadderPacket *pkt)
{
  static GString *s;

  if (s == NULL)
    s = g_string_new (NULL);
  g_string_truncate (s, 0);
  ladder_packet_summary (pkt, s);
  return s->str;
}

/* The first tree node whose text starts with PREFIX. */
static const LadderTreeNode *
node (const char *prefix)
{
  for (guint i = 0; i < ladder_tree_get_n_nodes (tree); i++)
    {
      const LadderTreeNode *n = ladder_tree_get_node (tree, i);
      if (g_str_has_prefix (n->text, prefix))
        return n;
    }
  g_test_message ("no tree node starts with \"%s\"", prefix);
  g_assert_not_reached ();
  return NULL;
}

static gboolean
tree_has_problem (const char *prefix)
{
  for (guint i = 0; i < ladder_tree_get_n_nodes (tree); i++)
    {
      const LadderTreeNode *n = ladder_tree_get_node (tree, i);
      if (n->kind == LADDER_TREE_NODE_PROBLEM && g_str_has_prefix (n->text, prefix))
        return TRUE;
    }
  return FALSE;
}

static void
assert_range (const char *prefix, guint32 offset, guint32 length)
{
  const LadderTreeNode *n = node (prefix);

  g_assert_cmpuint (n->offset, ==, offset);
  g_assert_cmpuint (n->length, ==, length);
}

#define ETH_IPV4 (LADDER_LAYER_ETHERNET | LADDER_LAYER_IPV4)
#define ETH_IPV6 (LADDER_LAYER_ETHERNET | LADDER_LAYER_IPV6)

/* ---- Tunnels ------------------------------------------------------------------ */

/* The inner packet's fields, and the carrier in tunnels[I]. */
static void
assert_tunnel (const LadderPacket *pkt, guint i, LadderTunnelType type, const char *carrier_src,
               guint32 id)
{
  g_assert_cmpuint (pkt->n_tunnels, >, i);
  g_assert_cmpuint (pkt->tunnels[i].type, ==, type);
  g_assert_cmpuint (pkt->tunnels[i].id, ==, id);
  if (carrier_src != NULL)
    g_assert_cmpstr (addr_text (&pkt->tunnels[i].src), ==, carrier_src);
  else
    g_assert_cmpuint (pkt->tunnels[i].src.family, ==, 0);
}

static void
test_tunnel_ipip (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize outer, inner, udp;

  /* IPv4 in IPv4, TCP inside (RFC 2003) */
  put_eth (&p, 0x0800);
  outer = put_ipv4 (&p, 4, "192.0.2.1", "192.0.2.2");
  inner = put_ipv4 (&p, 6, "10.0.0.1", "10.0.0.2");
  put_tcp (&p, 40000, 80, 1, 0, LADDER_TCP_SYN, 1000, NULL, 0);
  ipv4_done (&p, inner);
  ipv4_done (&p, outer);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  assert_tunnel (&pkt, 0, LADDER_TUNNEL_IPIP, "192.0.2.1", 0);
  g_assert_cmpstr (addr_text (&pkt.src), ==, "10.0.0.1");
  g_assert_true (pkt.layers & LADDER_LAYER_TCP);
  g_assert_cmpuint (pkt.dport, ==, 80);
  g_assert_cmpuint (pkt.ip_off, ==, 34);

  /* IPv6 in IPv4 (6in4, protocol 41) */
  p.n = 0;
  outer = put_ipv4 (&p, 41, "192.0.2.1", "192.0.2.2");
  inner = put_ipv6 (&p, 17, "2001:db8::1", "2001:db8::2");
  udp = put_udp (&p, 5000, 53);
  udp_done (&p, udp);
  ipv6_done (&p, inner);
  ipv4_done (&p, outer);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_RAW, &p), ==, LADDER_STATUS_OK);
  assert_tunnel (&pkt, 0, LADDER_TUNNEL_IPIP, "192.0.2.1", 0);
  g_assert_cmpuint (pkt.ip_version, ==, 6);
  g_assert_cmpuint (pkt.ip_proto, ==, 17);
  g_assert_true (pkt.layers & LADDER_LAYER_UDP);

  /* Nested past LADDER_MAX_TUNNELS: the carriers are kept, the rest is not decoded. */
  p.n = 0;
  for (guint i = 0; i < LADDER_MAX_TUNNELS + 2; i++)
    put_ipv4 (&p, 4, "192.0.2.1", "192.0.2.2");
  put_ipv4 (&p, 17, "10.0.0.1", "10.0.0.2");
  for (guint i = LADDER_MAX_TUNNELS + 3; i-- > 0;)
    ipv4_done (&p, i * 20);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_RAW, &p), ==, LADDER_STATUS_UNSUPPORTED);
  g_assert_cmpuint (pkt.n_tunnels, ==, LADDER_MAX_TUNNELS);
  g_assert_cmpstr (pkt.problem, ==, "tunnels nested deeper than LADDER_MAX_TUNNELS");
}

static void
test_tunnel_gre (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize outer, inner, udp;

  /* RFC 2890: key and sequence number, IPv4 inside */
  outer = put_ipv4 (&p, 47, "192.0.2.1", "192.0.2.2");
  put16 (&p, 0x3000);
  put16 (&p, 0x0800);
  put32 (&p, 0xabcd);
  put32 (&p, 7);
  inner = put_ipv4 (&p, 17, "10.0.0.1", "10.0.0.2");
  udp = put_udp (&p, 123, 123);
  udp_done (&p, udp);
  ipv4_done (&p, inner);
  ipv4_done (&p, outer);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_RAW, &p), ==, LADDER_STATUS_OK);
  assert_tunnel (&pkt, 0, LADDER_TUNNEL_GRE, "192.0.2.1", 0xabcd);
  g_assert_cmpuint (pkt.sport, ==, 123);
  assert_range ("Generic Routing Encapsulation (IPv4)", 20, 12);
  assert_range ("Key: 0x0000abcd", 24, 4);
  /* Cut inside the key: the optional fields are checked as a whole. */
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_RAW, &p, 26, 0), ==, LADDER_STATUS_TRUNCATED);
  g_assert_cmpstr (pkt.problem, ==, "GRE header truncated");
  g_assert_cmpuint (pkt.n_tunnels, ==, 0);

  /* PPTP: enhanced GRE (version 1) carrying PPP carrying IPv4 */
  p.n = 0;
  outer = put_ipv4 (&p, 47, "192.0.2.1", "192.0.2.2");
  put16 (&p, 0x3081);
  put16 (&p, 0x880b);
  put32 (&p, (32u << 16) | 6016);
  put32 (&p, 1);
  put32 (&p, 2);
  put16 (&p, 0xff03);
  put16 (&p, 0x0021);
  inner = put_ipv4 (&p, 17, "172.16.0.1", "8.8.8.8");
  udp = put_udp (&p, 40000, 53);
  udp_done (&p, udp);
  ipv4_done (&p, inner);
  ipv4_done (&p, outer);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_RAW, &p), ==, LADDER_STATUS_OK);
  assert_tunnel (&pkt, 0, LADDER_TUNNEL_GRE, "192.0.2.1", 6016);
  g_assert_true (pkt.layers & LADDER_LAYER_PPP);
  g_assert_cmpuint (pkt.dport, ==, 53);

  /* Source routing (RFC 1701) is listed, not followed. */
  p.n = 0;
  outer = put_ipv4 (&p, 47, "192.0.2.1", "192.0.2.2");
  put16 (&p, 0x4000);
  put16 (&p, 0x0800);
  zeros (&p, 24);
  ipv4_done (&p, outer);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_RAW, &p), ==, LADDER_STATUS_UNSUPPORTED);
  g_assert_cmpstr (pkt.problem, ==, "GRE source routing not decoded");
}

/* VXLAN to port 4789 and Geneve to 6081, each with an Ethernet frame inside. */
static void
put_udp_tunnel (Pkt *p, guint dport, const guint8 *hdr, gsize hdr_len)
{
  gsize outer = put_ipv4 (p, 17, "192.0.2.1", "192.0.2.2");
  gsize udp = put_udp (p, 50000, dport);
  gsize inner;

  putn (p, hdr, hdr_len);
  put_eth (p, 0x0800);
  inner = put_ipv4 (p, 6, "10.0.0.1", "10.0.0.2");
  put_tcp (p, 22, 40000, 5, 6, LADDER_TCP_ACK, 100, NULL, 0);
  ipv4_done (p, inner);
  udp_done (p, udp);
  ipv4_done (p, outer);
}

static void
test_tunnel_vxlan_geneve (void)
{
  static const guint8 vxlan[8] = { 0x08, 0, 0, 0, 0, 0, 100, 0 };
  static const guint8 geneve[16] = { 0x02, 0, 0x65, 0x58, 0, 0, 11, 0, 1, 2, 3, 4, 5, 6, 7, 8 };
  static const guint8 geneve_bad[8] = { 0x3f, 0, 0x65, 0x58, 0, 0, 11, 0 };
  Pkt p = { 0 };
  LadderPacket pkt;

  put_udp_tunnel (&p, 4789, vxlan, sizeof vxlan);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_RAW, &p), ==, LADDER_STATUS_OK);
  assert_tunnel (&pkt, 0, LADDER_TUNNEL_VXLAN, "192.0.2.1", 100);
  g_assert_cmpuint (pkt.tunnels[0].sport, ==, 50000);
  g_assert_cmpuint (pkt.tunnels[0].dport, ==, 4789);
  g_assert_true (pkt.layers & LADDER_LAYER_TCP);
  g_assert_false (pkt.layers & LADDER_LAYER_UDP);
  g_assert_cmpuint (pkt.sport, ==, 22);
  g_assert_cmpstr (addr_text (&pkt.dst), ==, "10.0.0.2");

  p.n = 0;
  put_udp_tunnel (&p, 6081, geneve, sizeof geneve);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_RAW, &p), ==, LADDER_STATUS_OK);
  assert_tunnel (&pkt, 0, LADDER_TUNNEL_GENEVE, "192.0.2.1", 11);
  g_assert_cmpuint (pkt.dport, ==, 40000);
  assert_range ("Options: 8 bytes", 36, 8);

  /* 252 bytes of options declared, far more than the datagram holds */
  p.n = 0;
  put_udp_tunnel (&p, 6081, geneve_bad, sizeof geneve_bad);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_RAW, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "Geneve options run past the UDP payload");
  g_assert_cmpuint (pkt.n_tunnels, ==, 0);
}

static void
test_tunnel_mpls (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize ip, udp;

  put_eth (&p, 0x8847);
  put32 (&p, (16u << 12) | 64);
  put32 (&p, (1000u << 12) | 0x100 | 63);
  ip = put_ipv4 (&p, 17, "10.0.0.1", "10.0.0.2");
  udp = put_udp (&p, 1, 2);
  udp_done (&p, udp);
  ipv4_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  assert_tunnel (&pkt, 0, LADDER_TUNNEL_MPLS, NULL, 1000);
  g_assert_cmpuint (pkt.n_mpls, ==, 2);
  g_assert_true (pkt.layers & (LADDER_LAYER_MPLS | LADDER_LAYER_UDP));
  g_assert_cmpuint (pkt.ip_off, ==, 22);
  assert_range ("MultiProtocol Label Switching Header, Label: 1000, Exp: 0, S: 1, TTL: 63", 18, 4);

  /* No bottom of stack within LADDER_MAX_MPLS_LABELS (16) entries */
  p.n = 0;
  put_eth (&p, 0x8847);
  for (guint i = 0; i < 20; i++)
    put32 (&p, (i << 12) | 64);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_UNSUPPORTED);
  g_assert_cmpuint (pkt.n_mpls, ==, 16);

  /* A pseudowire control word after the stack is not guessed at */
  p.n = 0;
  put_eth (&p, 0x8847);
  put32 (&p, (17u << 12) | 0x100 | 64);
  put32 (&p, 0);
  zeros (&p, 20);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_UNSUPPORTED);
  g_assert_cmpstr (pkt.problem, ==, "MPLS payload is neither IPv4 nor IPv6");
}

static void
test_ppp (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize ip, udp;

  put16 (&p, 0xff03);
  put16 (&p, 0x0021);
  ip = put_ipv4 (&p, 17, "10.0.0.1", "10.0.0.2");
  udp = put_udp (&p, 1, 2);
  udp_done (&p, udp);
  ipv4_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_PPP, &p), ==, LADDER_STATUS_OK);
  g_assert_true (pkt.layers & LADDER_LAYER_PPP);
  g_assert_cmpuint (pkt.ip_off, ==, 4);

  /* Address/control omitted, protocol compressed to one byte (RFC 1661 6.5) */
  p.n = 0;
  put8 (&p, 0x21);
  ip = put_ipv4 (&p, 17, "10.0.0.1", "10.0.0.2");
  udp = put_udp (&p, 1, 2);
  udp_done (&p, udp);
  ipv4_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_PPP_HDLC, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.ip_off, ==, 1);

  p.n = 0;
  put16 (&p, 0xff03);
  put16 (&p, 0xc021);
  zeros (&p, 4);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_PPP, &p), ==, LADDER_STATUS_UNSUPPORTED);
  g_assert_cmpstr (pkt.problem, ==, "PPP protocol not decoded");
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_PPP, &p, 3, 0), ==, LADDER_STATUS_TRUNCATED);
}

/* ---- TCP ---------------------------------------------------------------------- */

static const guint8 syn_opts[20] = {
  2, 4, 0x05, 0xb4,                    /* mss 1460 */
  4, 2,                                /* sackOK */
  8, 10, 0, 0, 0, 1, 0, 0, 0, 0,       /* TS val 1 ecr 0 */
  1,                                   /* nop */
  3, 3, 7,                             /* wscale 7 */
};

static void
build_syn (Pkt *p)
{
  gsize ip;

  put_eth (p, 0x0800);
  ip = put_ipv4 (p, 6, "10.0.0.1", "10.0.0.2");
  put_tcp (p, 40000, 7, 123, 0, LADDER_TCP_SYN, 64240, syn_opts, sizeof syn_opts);
  ipv4_done (p, ip);
}

static void
test_tcp_syn (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;

  build_syn (&p);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_null (pkt.problem);
  g_assert_cmphex (pkt.layers, ==, ETH_IPV4 | LADDER_LAYER_TCP);
  g_assert_cmphex (pkt.ethertype, ==, 0x0800);
  g_assert_cmpuint (pkt.caplen, ==, 74);
  g_assert_cmpuint (pkt.ip_version, ==, 4);
  g_assert_cmpuint (pkt.ip_proto, ==, 6);
  g_assert_cmpuint (pkt.ttl, ==, 64);
  g_assert_cmpuint (pkt.ip_id, ==, 0x1234);
  g_assert_true (pkt.ip_dont_fragment);
  g_assert_false (pkt.ip_fragment);
  g_assert_cmpuint (pkt.ip_off, ==, 14);
  g_assert_cmpuint (pkt.ip_hdr_len, ==, 20);
  g_assert_cmpuint (pkt.ip_total_len, ==, 60);
  g_assert_cmpstr (addr_text (&pkt.src), ==, "10.0.0.1");
  g_assert_cmpstr (addr_text (&pkt.dst), ==, "10.0.0.2");
  g_assert_cmpuint (pkt.l4_off, ==, 34);
  g_assert_cmpuint (pkt.l4_len, ==, 40);
  g_assert_cmpuint (pkt.sport, ==, 40000);
  g_assert_cmpuint (pkt.dport, ==, 7);
  g_assert_cmpuint (pkt.seq, ==, 123);
  g_assert_cmphex (pkt.tcp_flags, ==, LADDER_TCP_SYN);
  g_assert_cmpuint (pkt.window, ==, 64240);
  g_assert_cmpuint (pkt.tcp_hdr_len, ==, 40);
  g_assert_cmphex (pkt.tcp_opts, ==, LADDER_TCPOPT_MSS | LADDER_TCPOPT_SACK_PERM |
                   LADDER_TCPOPT_TIMESTAMP | LADDER_TCPOPT_WSCALE);
  g_assert_cmpuint (pkt.mss, ==, 1460);
  g_assert_cmpuint (pkt.wscale, ==, 7);
  g_assert_cmpuint (pkt.ts_val, ==, 1);
  g_assert_cmpuint (pkt.ts_ecr, ==, 0);
  g_assert_cmpuint (pkt.payload_off, ==, 74);
  g_assert_cmpuint (pkt.payload_len, ==, 0);
  g_assert_cmpstr (summary (&pkt), ==,
                   "IP 10.0.0.1.40000 > 10.0.0.2.7: Flags [S], seq 123, win 64240, "
                   "options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0");
  g_assert_cmpstr (ladder_packet_protocol_name (&pkt), ==, "TCP");

  /* Byte ranges: the tree maps fields to bytes and back. */
  assert_range ("Ethernet II", 0, 14);
  assert_range ("Internet Protocol Version 4", 14, 20);
  assert_range ("Time to Live: 64", 22, 1);
  assert_range ("Source Address: 10.0.0.1", 26, 4);
  assert_range ("Transmission Control Protocol", 34, 40);
  assert_range ("Source Port: 40000", 34, 2);
  assert_range ("Flags: 0x002 (SYN)", 46, 2);
  assert_range ("Header Length: 40 bytes", 46, 1);
  assert_range ("Options: (20 bytes)", 54, 20);
  assert_range ("MSS: 1460", 56, 2);
  assert_range ("Timestamp value: 1", 62, 4);
  g_assert_true (ladder_tree_get_node (tree, ladder_tree_find_by_offset (tree, 22)) == node ("Time to Live"));
  g_assert_cmpint (ladder_tree_find_by_offset (tree, 74), ==, -1);
}

static void
test_tcp_flag_names (void)
{
  char buf[40];

  g_assert_cmpstr (ladder_tcp_flags_to_string (LADDER_TCP_SYN, buf, sizeof buf), ==, "SYN");
  g_assert_cmpstr (ladder_tcp_flags_to_string (LADDER_TCP_SYN | LADDER_TCP_ACK, buf, sizeof buf), ==, "SYN-ACK");
  g_assert_cmpstr (ladder_tcp_flags_to_string (LADDER_TCP_ACK, buf, sizeof buf), ==, "ACK");
  g_assert_cmpstr (ladder_tcp_flags_to_string (LADDER_TCP_PSH | LADDER_TCP_ACK, buf, sizeof buf), ==, "PSH-ACK");
  g_assert_cmpstr (ladder_tcp_flags_to_string (LADDER_TCP_FIN | LADDER_TCP_ACK, buf, sizeof buf), ==, "FIN-ACK");
  g_assert_cmpstr (ladder_tcp_flags_to_string (LADDER_TCP_RST, buf, sizeof buf), ==, "RST");
  g_assert_cmpstr (ladder_tcp_flags_to_string (LADDER_TCP_RST | LADDER_TCP_ACK, buf, sizeof buf), ==, "RST-ACK");
  g_assert_cmpstr (ladder_tcp_flags_to_string (LADDER_TCP_FIN | LADDER_TCP_PSH | LADDER_TCP_ACK, buf, sizeof buf), ==, "FIN-PSH-ACK");
  g_assert_cmpstr (ladder_tcp_flags_to_string (LADDER_TCP_SYN | LADDER_TCP_ECE | LADDER_TCP_CWR, buf, sizeof buf), ==, "SYN-ECE-CWR");
  g_assert_cmpstr (ladder_tcp_flags_to_string (0, buf, sizeof buf), ==, "none");
  g_assert_cmpstr (ladder_tcp_flags_to_string (0x1ff, buf, sizeof buf), ==, "SYN-FIN-RST-PSH-URG-ECE-CWR-AE-ACK");
  g_assert_cmpstr (ladder_status_to_string (LADDER_STATUS_MALFORMED), ==, "malformed");
}

static void
test_tcp_all_flags (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize ip;

  put_eth (&p, 0x0800);
  ip = put_ipv4 (&p, 6, "10.0.0.1", "10.0.0.2");
  put_tcp (&p, 1, 2, 1000, 2000, 0x1ff, 512, NULL, 0);
  set16 (&p, p.n - 2, 9);      /* urgent pointer */
  putn (&p, "abcd", 4);
  ipv4_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.tcp_flags, ==, 0x1ff);
  g_assert_cmpuint (pkt.tcp_urgent, ==, 9);
  g_assert_cmpuint (pkt.payload_len, ==, 4);
  g_assert_cmpuint (pkt.payload_caplen, ==, 4);
  g_assert_cmpuint (pkt.payload_off, ==, 54);
  g_assert_cmpstr (summary (&pkt), ==,
                   "IP 10.0.0.1.1 > 10.0.0.2.2: Flags [FSRP.UEWe], seq 1000:1004, ack 2000, "
                   "win 512, urg 9, length 4");
  assert_range ("Flags: 0x1ff (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE)", 46, 2);
  assert_range ("Data (4 bytes)", 54, 4);
}

static void
test_tcp_data_offset (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize ip, tcp;

  /* Data offset 4: 16 bytes, less than the fixed header. */
  build_syn (&p);
  p.d[46] = 0x40 | (p.d[46] & 0x0f);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "TCP header length 16 < 20");
  g_assert_cmphex (pkt.layers, ==, ETH_IPV4);
  g_assert_true (tree_has_problem ("TCP header length 16 < 20"));
  g_assert_true (g_str_has_suffix (summary (&pkt), "[malformed: TCP header length 16 < 20]"));

  /* Data offset 15 (60 bytes) with the capture ending inside the options. */
  p.n = 0;
  build_syn (&p);
  p.d[46] = 0xf0 | (p.d[46] & 0x0f);
  zeros (&p, 20);
  set16 (&p, 16, 80);
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_ETHERNET, &p, 70, 0), ==, LADDER_STATUS_TRUNCATED);
  g_assert_cmpstr (pkt.problem, ==, "TCP options truncated");
  g_assert_cmphex (pkt.layers, ==, ETH_IPV4);
  g_assert_cmpuint (pkt.sport, ==, 40000);
  g_assert_cmpstr (summary (&pkt), ==, "IP 10.0.0.1 > 10.0.0.2: [|tcp]");

  /* Data offset 15, all captured, but the IP payload is only 20 bytes. */
  p.n = 0;
  put_eth (&p, 0x0800);
  ip = put_ipv4 (&p, 6, "10.0.0.1", "10.0.0.2");
  tcp = put_tcp (&p, 1, 2, 3, 4, LADDER_TCP_ACK, 5, NULL, 0);
  ipv4_done (&p, ip);
  p.d[tcp + 12] = 0xf0;
  zeros (&p, 40);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "TCP header length exceeds the IP payload");
  g_assert_false (pkt.layers & LADDER_LAYER_TCP);
}

static void
decode_tcp_options (LadderPacket *pkt, const guint8 *opts, gsize len)
{
  Pkt p = { 0 };
  gsize ip;

  put_eth (&p, 0x0800);
  ip = put_ipv4 (&p, 6, "10.0.0.1", "10.0.0.2");
  put_tcp (&p, 1, 2, 3, 4, LADDER_TCP_ACK, 5, opts, len);
  ipv4_done (&p, ip);
  decode (pkt, LADDER_LINKTYPE_ETHERNET, &p);
}

static void
test_tcp_bad_options (void)
{
  static const guint8 len0[4] = { 1, 2, 0, 0 };
  static const guint8 len1[4] = { 1, 1, 8, 1 };
  static const guint8 past[8] = { 1, 1, 1, 8, 10, 0, 0, 0 };
  static const guint8 bad_mss[4] = { 2, 3, 5, 1 };
  static const guint8 eol[8] = { 1, 0, 2, 4, 5, 0xb4, 0, 0 };
  LadderPacket pkt;

  decode_tcp_options (&pkt, len0, sizeof len0);
  g_assert_cmpint (pkt.status, ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "TCP option length < 2");
  g_assert_true (pkt.layers & LADDER_LAYER_TCP);   /* the header itself is whole */
  g_assert_cmpuint (pkt.n_tcp_optlist, ==, 2);
  g_assert_cmpuint (pkt.tcp_optlist[0], ==, 1);
  g_assert_cmpuint (pkt.tcp_optlist[1], ==, 2);
  g_assert_false (pkt.tcp_opts & LADDER_TCPOPT_MSS);

  decode_tcp_options (&pkt, len1, sizeof len1);
  g_assert_cmpstr (pkt.problem, ==, "TCP option length < 2");

  decode_tcp_options (&pkt, past, sizeof past);
  g_assert_cmpstr (pkt.problem, ==, "TCP option runs past the header");
  g_assert_false (pkt.tcp_opts & LADDER_TCPOPT_TIMESTAMP);
  g_assert_true (tree_has_problem ("TCP option runs past the header"));

  decode_tcp_options (&pkt, bad_mss, sizeof bad_mss);
  g_assert_cmpstr (pkt.problem, ==, "TCP option has a bad length");
  g_assert_false (pkt.tcp_opts & LADDER_TCPOPT_MSS);
  g_assert_cmpuint (pkt.n_tcp_optlist, ==, 2);    /* the walk went on after it */

  /* Nothing after EOL is an option. */
  decode_tcp_options (&pkt, eol, sizeof eol);
  g_assert_cmpint (pkt.status, ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.n_tcp_optlist, ==, 2);
  g_assert_false (pkt.tcp_opts & LADDER_TCPOPT_MSS);
}

static void
test_tcp_sack_tfo_mptcp (void)
{
  static const guint8 sack[20] = { 1, 1, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4 };
  static const guint8 tfo[12] = { 34, 2, 30, 4, 0x01, 0x81, 254, 4, 0xf9, 0x89, 1, 0 };
  static const guint8 many[40] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                   1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  LadderPacket pkt;

  decode_tcp_options (&pkt, sack, sizeof sack);
  g_assert_cmpint (pkt.status, ==, LADDER_STATUS_OK);
  g_assert_true (pkt.tcp_opts & LADDER_TCPOPT_SACK);
  g_assert_cmpuint (pkt.n_sack, ==, 2);
  g_assert_cmpuint (pkt.sack[1][0], ==, 3);
  g_assert_cmpuint (pkt.sack[1][1], ==, 4);
  g_assert_true (strstr (summary (&pkt), "options [nop,nop,sack 2 {1:2}{3:4}]") != NULL);

  decode_tcp_options (&pkt, tfo, sizeof tfo);
  g_assert_cmpint (pkt.status, ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.tcp_opts, ==, LADDER_TCPOPT_FASTOPEN | LADDER_TCPOPT_MPTCP);
  g_assert_cmpuint (pkt.mptcp_subtype, ==, 0);
  g_assert_cmphex (pkt.tcp_exp_id, ==, 0xf989);
  g_assert_true (strstr (summary (&pkt), "options [tfo cookiereq,mptcp capable,exp-tfo cookiereq,nop,eol]") != NULL);

  decode_tcp_options (&pkt, many, sizeof many);
  g_assert_cmpuint (pkt.n_tcp_optlist, ==, 40);
}

/* ---- IPv4 --------------------------------------------------------------------- */

static void
build_udp4 (Pkt *p, gsize payload)
{
  gsize ip, udp;

  put_eth (p, 0x0800);
  ip = put_ipv4 (p, 17, "10.0.0.1", "10.0.0.2");
  udp = put_udp (p, 5000, 53);
  zeros (p, payload);
  udp_done (p, udp);
  ipv4_done (p, ip);
}

static void
test_ipv4_header_length (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;

  /* IHL 4. */
  build_udp4 (&p, 4);
  p.d[14] = 0x44;
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "IPv4 header length 16 < 20");
  g_assert_cmphex (pkt.layers, ==, LADDER_LAYER_ETHERNET);
  g_assert_cmpstr (summary (&pkt), ==,
                   "IP 10.0.0.1 > 10.0.0.2: [malformed: IPv4 header length 16 < 20]");
  p.d[14] = 0x40;
  decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p);
  g_assert_cmpstr (pkt.problem, ==, "IPv4 header length 0 < 20");

  /* IHL 15 with 10 option bytes captured. */
  p.d[14] = 0x4f;
  set16 (&p, 16, 100);
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_ETHERNET, &p, 44, 0), ==, LADDER_STATUS_TRUNCATED);
  g_assert_cmpstr (pkt.problem, ==, "IPv4 options truncated");
  g_assert_cmphex (pkt.layers, ==, LADDER_LAYER_ETHERNET);
  g_assert_cmpstr (summary (&pkt), ==, "IP 10.0.0.1 > 10.0.0.2: [|ip]");

  /* Fewer than 20 bytes. */
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_ETHERNET, &p, 30, 0), ==, LADDER_STATUS_TRUNCATED);
  g_assert_cmpstr (pkt.problem, ==, "IPv4 header truncated");
  g_assert_cmpuint (pkt.ip_version, ==, 0);
  g_assert_cmpstr (summary (&pkt), ==, "IP [|ip]");

  /* Version 5 on an IPv4 EtherType. */
  p.d[14] = 0x55;
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "IPv4 version field is not 4");
}

static void
test_ipv4_total_length (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;

  /* Below IHL*4. */
  build_udp4 (&p, 4);
  set16 (&p, 16, 19);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "IPv4 total length < header length");
  g_assert_false (pkt.layers & LADDER_LAYER_IPV4);

  /* Beyond the capture (snaplen): clipped, not malformed; lengths stay declared. */
  p.n = 0;
  build_udp4 (&p, 100);
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_ETHERNET, &p, 60, 0), ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.layers, ==, ETH_IPV4 | LADDER_LAYER_UDP);
  g_assert_cmpuint (pkt.ip_total_len, ==, 128);
  g_assert_cmpuint (pkt.l4_len, ==, 108);
  g_assert_cmpuint (pkt.payload_len, ==, 100);
  g_assert_cmpuint (pkt.payload_caplen, ==, 18);
  g_assert_true (tree_has_problem ("Packet size limited during capture: 18 of 100 bytes captured"));

  /* Beyond the frame itself (caplen == wirelen): still only clipped. */
  set16 (&p, 16, 1000);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.ip_total_len, ==, 1000);
  g_assert_cmpuint (pkt.l4_len, ==, 980);
  g_assert_true (tree_has_problem ("IPv4 total length 1000 exceeds the 128 bytes of the frame"));

  /* Ethernet padding after a short datagram is not payload. */
  p.n = 0;
  build_udp4 (&p, 0);
  zeros (&p, 60 - p.n);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.ip_total_len, ==, 28);
  g_assert_cmpuint (pkt.payload_len, ==, 0);
  g_assert_cmpuint (pkt.payload_caplen, ==, 0);
  assert_range ("Trailer (18 bytes)", 42, 18);
  g_assert_cmpstr (summary (&pkt), ==, "IP 10.0.0.1.5000 > 10.0.0.2.53: UDP, length 0");

  /* Total length 0: TCP segmentation offload, the frame decides. */
  p.n = 0;
  build_udp4 (&p, 10);
  set16 (&p, 16, 0);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.ip_total_len, ==, 38);
  g_assert_cmpuint (pkt.payload_len, ==, 10);
}

static void
test_ipv4_options (void)
{
  static const guint8 rr[12] = { 7, 11, 8, 10, 0, 0, 1, 10, 0, 0, 9, 0 };   /* RR, then EOL */
  static const guint8 bad[4] = { 1, 68, 1, 0 };
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize ip, udp;

  put_eth (&p, 0x0800);
  ip = put_ipv4 (&p, 17, "10.0.0.1", "10.0.0.2");
  putn (&p, rr, sizeof rr);
  p.d[ip] = 0x48;
  udp = put_udp (&p, 1, 2);
  udp_done (&p, udp);
  ipv4_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_true (pkt.ip_has_options);
  g_assert_cmpuint (pkt.ip_hdr_len, ==, 32);
  g_assert_cmpuint (pkt.l4_off, ==, 46);
  g_assert_true (pkt.layers & LADDER_LAYER_UDP);
  assert_range ("Options: (12 bytes)", 34, 12);
  assert_range ("Record Route (7), length 11", 34, 11);
  assert_range ("Address: 10.0.0.1", 37, 4);
  assert_range ("Address: 10.0.0.9 (next)", 41, 4);
  assert_range ("End of Options List", 45, 1);

  /* A timestamp option of length 1: malformed, but the header length is
   * sound, so the transport is still decoded. */
  p.n = 0;
  put_eth (&p, 0x0800);
  ip = put_ipv4 (&p, 17, "10.0.0.1", "10.0.0.2");
  putn (&p, bad, sizeof bad);
  p.d[ip] = 0x46;
  udp = put_udp (&p, 1, 2);
  udp_done (&p, udp);
  ipv4_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "IPv4 option length < 2");
  g_assert_true (pkt.layers & LADDER_LAYER_UDP);
}

static void
test_ipv4_fragments (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;

  /* First fragment: MF set, UDP length covers the whole datagram. */
  build_udp4 (&p, 32);
  set16 (&p, 20, 0x2000);
  set16 (&p, 38, 3000);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_true (pkt.ip_fragment);
  g_assert_true (pkt.ip_more_fragments);
  g_assert_cmpuint (pkt.ip_frag_offset, ==, 0);
  g_assert_true (pkt.layers & LADDER_LAYER_UDP);
  g_assert_cmpuint (pkt.udp_len, ==, 3000);
  g_assert_cmpuint (pkt.payload_len, ==, 32);

  /* A later fragment carries no UDP header. */
  set16 (&p, 20, 185);           /* offset 1480 */
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_true (pkt.ip_fragment);
  g_assert_false (pkt.ip_more_fragments);
  g_assert_cmpuint (pkt.ip_frag_offset, ==, 1480);
  g_assert_cmphex (pkt.layers, ==, ETH_IPV4);
  g_assert_cmpuint (pkt.sport, ==, 0);
  g_assert_cmpuint (pkt.payload_len, ==, 40);
  g_assert_cmpstr (summary (&pkt), ==, "IP 10.0.0.1 > 10.0.0.2: UDP fragment, offset 1480, length 40");
  g_assert_cmpstr (ladder_packet_protocol_name (&pkt), ==, "IPv4");
}

/* ---- UDP ----------------------------------------------------------------------- */

static void
test_udp_length (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;

  build_udp4 (&p, 12);
  set16 (&p, 38, 12);            /* 4 payload bytes, 8 more are trailing */
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.udp_len, ==, 12);
  g_assert_cmpuint (pkt.payload_len, ==, 4);
  g_assert_cmpuint (pkt.payload_caplen, ==, 4);
  g_assert_cmpstr (summary (&pkt), ==, "IP 10.0.0.1.5000 > 10.0.0.2.53: UDP, length 4");

  set16 (&p, 38, 7);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "UDP length < 8");
  g_assert_true (pkt.layers & LADDER_LAYER_UDP);
  g_assert_cmpuint (pkt.payload_len, ==, 12);

  set16 (&p, 38, 21);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "UDP length exceeds the IP payload");
  g_assert_cmpuint (pkt.payload_len, ==, 12);    /* never widened */

  /* Header cut by the IP total length. */
  set16 (&p, 16, 24);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "UDP header runs past the IP payload");
  g_assert_false (pkt.layers & LADDER_LAYER_UDP);
}

/* ---- IPv6 ---------------------------------------------------------------------- */

static void
put_padn (Pkt *p, guint8 next)
{
  static const guint8 padn[6] = { 1, 4, 0, 0, 0, 0 };

  put8 (p, next);
  put8 (p, 0);
  putn (p, padn, 6);
}

static gsize
build_chain (Pkt *p, guint frag_offlg)
{
  gsize ip, udp;

  put_eth (p, 0x86dd);
  ip = put_ipv6 (p, 0, "2001:db8::1", "2001:db8::2");
  put_padn (p, 43);              /* hop-by-hop */
  put8 (p, 44);                  /* routing type 0, one address */
  put8 (p, 2);
  put8 (p, 0);
  put8 (p, 1);
  zeros (p, 4);
  put_addr6 (p, "2001:db8::99");
  put8 (p, 60);                  /* fragment */
  put8 (p, 0);
  put16 (p, frag_offlg);
  put32 (p, 0xdeadbeef);
  put_padn (p, 17);              /* destination options */
  udp = put_udp (p, 546, 547);
  zeros (p, 4);
  udp_done (p, udp);
  ipv6_done (p, ip);
  return ip;
}

static void
test_ipv6_chain (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;

  build_chain (&p, 1);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.layers, ==, ETH_IPV6 | LADDER_LAYER_UDP);
  g_assert_cmpuint (pkt.ip_version, ==, 6);
  g_assert_cmpuint (pkt.ip_proto, ==, 17);
  g_assert_cmpuint (pkt.ip_hdr_len, ==, 40 + 8 + 24 + 8 + 8);
  g_assert_cmpuint (pkt.ip_total_len, ==, p.n - 14);
  g_assert_true (pkt.ip_fragment);
  g_assert_true (pkt.ip_more_fragments);
  g_assert_cmpuint (pkt.ip_frag_offset, ==, 0);
  g_assert_cmphex (pkt.ip_id, ==, 0xdeadbeef);
  g_assert_cmpuint (pkt.ttl, ==, 64);
  g_assert_cmpuint (pkt.sport, ==, 546);
  g_assert_cmpuint (pkt.l4_off, ==, 14 + 88);
  g_assert_cmpuint (pkt.payload_len, ==, 4);
  g_assert_cmpstr (summary (&pkt), ==, "IP6 2001:db8::1.546 > 2001:db8::99.547: UDP, length 4");
  assert_range ("Internet Protocol Version 6", 14, 88);
  assert_range ("Routing Header, length 24", 62, 24);
  assert_range ("Address: 2001:db8::99", 70, 16);
  assert_range ("[Final destination: 2001:db8::99]", 70, 16);
  g_assert_cmpstr (addr_text (&pkt.dst), ==, "2001:db8::99");
  assert_range ("Fragment Header, length 8", 86, 8);
  assert_range ("Identification: 0xdeadbeef", 90, 4);

  /* A later fragment: no transport. */
  p.n = 0;
  build_chain (&p, 1448);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.layers, ==, ETH_IPV6);
  g_assert_cmpuint (pkt.ip_frag_offset, ==, 1448);
  g_assert_cmpuint (pkt.ip_proto, ==, 60);
  g_assert_cmpstr (summary (&pkt), ==,
                   "IP6 2001:db8::1 > 2001:db8::99: IPv6-Opts fragment, offset 1448, length 20");

  /* The capture ends in the routing header. */
  p.n = 0;
  build_chain (&p, 0);
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_ETHERNET, &p, 70, 0), ==, LADDER_STATUS_TRUNCATED);
  g_assert_cmpstr (pkt.problem, ==, "IPv6 extension header truncated");
  g_assert_cmphex (pkt.layers, ==, LADDER_LAYER_ETHERNET);
  g_assert_cmpstr (summary (&pkt), ==, "IP6 2001:db8::1 > 2001:db8::2: [|ip6]");  /* not yet rerouted */

  /* The payload length ends in the routing header: malformed. */
  set16 (&p, 18, 16);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "IPv6 extension header runs past the payload");
}

static void
test_ipv6_limits (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize ip, udp;

  /* 129 destination option headers: more than the walk will take. */
  put_eth (&p, 0x86dd);
  ip = put_ipv6 (&p, 60, "2001:db8::1", "2001:db8::2");
  for (guint i = 0; i < 129; i++)
    put_padn (&p, i < 128 ? 60 : 59);
  ipv6_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_UNSUPPORTED);
  g_assert_cmpuint (pkt.ip_hdr_len, ==, 40 + 128 * 8);

  /* 128 are fine. */
  p.n = 0;
  put_eth (&p, 0x86dd);
  ip = put_ipv6 (&p, 60, "2001:db8::1", "2001:db8::2");
  for (guint i = 0; i < 128; i++)
    put_padn (&p, i < 127 ? 60 : 59);
  ipv6_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.ip_proto, ==, 59);
  g_assert_cmpstr (summary (&pkt), ==, "IP6 2001:db8::1 > 2001:db8::2: no next header");

  /* An option TLV longer than its header. */
  p.n = 0;
  put_eth (&p, 0x86dd);
  ip = put_ipv6 (&p, 0, "2001:db8::1", "2001:db8::2");
  put8 (&p, 59);
  put8 (&p, 0);
  put8 (&p, 1);
  put8 (&p, 9);
  zeros (&p, 4);
  ipv6_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "IPv6 option runs past its header");

  /* Payload length 0 and no jumbo option: taken as the rest of the frame. */
  p.n = 0;
  put_eth (&p, 0x86dd);
  ip = put_ipv6 (&p, 17, "2001:db8::1", "2001:db8::2");
  udp = put_udp (&p, 1, 2);
  zeros (&p, 8);
  udp_done (&p, udp);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "IPv6 payload length 0 without a jumbo option");
  g_assert_true (pkt.layers & LADDER_LAYER_UDP);
  g_assert_cmpuint (pkt.ip_total_len, ==, 56);
  g_assert_cmpuint (pkt.payload_len, ==, 8);
}

static void
test_ipv6_jumbo (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize ip;

  put_eth (&p, 0x86dd);
  ip = put_ipv6 (&p, 0, "2001:db8::1", "2001:db8::2");
  put8 (&p, 17);
  put8 (&p, 0);
  put8 (&p, 0xc2);
  put8 (&p, 4);
  put32 (&p, 100000);
  put_udp (&p, 1, 2);            /* UDP length 0 in a jumbogram */
  zeros (&p, 32);
  (void) ip;
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_ETHERNET, &p, p.n, 100054), ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.ip_total_len, ==, 100040);
  g_assert_cmpuint (pkt.l4_len, ==, 100000 - 8);
  g_assert_true (pkt.layers & LADDER_LAYER_UDP);
  g_assert_cmpuint (pkt.payload_len, ==, 100000 - 16);
  g_assert_cmpuint (pkt.payload_caplen, ==, 32);
  assert_range ("Jumbo Payload: 100000", 56, 6);
}

/* ---- ICMP ----------------------------------------------------------------------- */

static void
test_icmp_echo (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize ip;

  put_eth (&p, 0x0800);
  ip = put_ipv4 (&p, 1, "10.0.0.1", "10.0.0.2");
  put_icmp (&p, 8, 0, (5u << 16) | 1);
  zeros (&p, 56);
  ipv4_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.layers, ==, ETH_IPV4 | LADDER_LAYER_ICMP);
  g_assert_cmpuint (pkt.icmp_type, ==, 8);
  g_assert_cmpuint (pkt.icmp_id, ==, 5);
  g_assert_cmpuint (pkt.icmp_seq, ==, 1);
  g_assert_false (pkt.quoted.present);
  g_assert_cmpuint (pkt.payload_len, ==, 56);
  g_assert_cmpstr (summary (&pkt), ==, "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 5, seq 1, length 64");
  g_assert_cmpstr (ladder_packet_protocol_name (&pkt), ==, "ICMP");
  assert_range ("Identifier: 5", 38, 2);
  assert_range ("Internet Control Message Protocol", 34, 64);
}

/* An ICMP error from 192.0.2.1 quoting a probe 10.0.0.1 -> 198.51.100.7. */
static gsize
build_icmp_error (Pkt *p, guint type, guint code, guint32 rest, guint8 proto)
{
  gsize ip, qip;

  put_eth (p, 0x0800);
  ip = put_ipv4 (p, 1, "192.0.2.1", "10.0.0.1");
  put_icmp (p, type, code, rest);
  qip = put_ipv4 (p, proto, "10.0.0.1", "198.51.100.7");
  p->d[qip + 8] = 1;             /* TTL as it arrived */
  set16 (p, qip + 4, 0x4242);
  set16 (p, qip + 2, 60);
  if (proto == 17)
    {
      put16 (p, 33000);
      put16 (p, 33434);
      put16 (p, 40);
      put16 (p, 0);
    }
  else if (proto == 6)
    {
      put16 (p, 45000);
      put16 (p, 80);
      put32 (p, 0x01020304);
    }
  else
    {
      put8 (p, 8);
      put8 (p, 0);
      put16 (p, 0);
      put16 (p, 77);
      put16 (p, 3);
    }
  ipv4_done (p, ip);
  return qip;
}

static void
test_icmp_errors (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;

  build_icmp_error (&p, 11, 0, 0, 17);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_true (pkt.quoted.present);
  g_assert_cmpint (pkt.quoted.status, ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.quoted.ip_version, ==, 4);
  g_assert_cmpuint (pkt.quoted.ip_proto, ==, 17);
  g_assert_cmpuint (pkt.quoted.ttl, ==, 1);
  g_assert_cmphex (pkt.quoted.ip_id, ==, 0x4242);
  g_assert_cmpuint (pkt.quoted.ip_total_len, ==, 60);
  g_assert_cmpstr (addr_text (&pkt.quoted.src), ==, "10.0.0.1");
  g_assert_cmpstr (addr_text (&pkt.quoted.dst), ==, "198.51.100.7");
  g_assert_true (pkt.quoted.has_ports);
  g_assert_cmpuint (pkt.quoted.sport, ==, 33000);
  g_assert_cmpuint (pkt.quoted.dport, ==, 33434);
  g_assert_cmpuint (pkt.quoted.udp_len, ==, 40);
  g_assert_false (pkt.quoted.has_tcp_seq);
  g_assert_cmpuint (pkt.quoted.quoted_off, ==, 42);
  g_assert_cmpuint (pkt.quoted.quoted_caplen, ==, 28);
  g_assert_cmpstr (summary (&pkt), ==, "IP 192.0.2.1 > 10.0.0.1: ICMP time exceeded in-transit, length 36");
  assert_range ("Quoted Internet Protocol Version 4", 42, 20);
  assert_range ("Quoted UDP header", 62, 8);

  p.n = 0;
  build_icmp_error (&p, 3, 3, 0, 6);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_true (pkt.quoted.has_tcp_seq);
  g_assert_cmphex (pkt.quoted.tcp_seq, ==, 0x01020304);
  g_assert_cmpuint (pkt.quoted.dport, ==, 80);
  g_assert_cmpstr (summary (&pkt), ==, "IP 192.0.2.1 > 10.0.0.1: ICMP 198.51.100.7 tcp port 80 unreachable, length 36");

  p.n = 0;
  build_icmp_error (&p, 3, 4, 1400, 1);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.icmp_mtu, ==, 1400);
  g_assert_true (pkt.quoted.has_icmp);
  g_assert_cmpuint (pkt.quoted.icmp_type, ==, 8);
  g_assert_cmpuint (pkt.quoted.icmp_id, ==, 77);
  g_assert_cmpuint (pkt.quoted.icmp_seq, ==, 3);
  g_assert_cmpstr (summary (&pkt), ==,
                   "IP 192.0.2.1 > 10.0.0.1: ICMP 198.51.100.7 unreachable - need to frag (mtu 1400), length 36");

  for (guint code = 0; code < 16; code++)
    {
      p.n = 0;
      build_icmp_error (&p, 3, code, 0, 17);
      decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p);
      g_assert_true (strstr (summary (&pkt), "198.51.100.7") != NULL);
      g_assert_nonnull (strstr (node ("Code: ")->text, "("));
    }
}

static void
test_icmp_quote_limits (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize qip;

  /* The router quoted only 12 bytes, all captured: the quote is short, the
   * packet is not. */
  qip = build_icmp_error (&p, 11, 0, 0, 17);
  p.n = qip + 12;
  set16 (&p, 16, (guint) (p.n - 14));
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_false (pkt.quoted.present);
  g_assert_cmpint (pkt.quoted.status, ==, LADDER_STATUS_TRUNCATED);
  g_assert_cmpstr (summary (&pkt), ==, "IP 192.0.2.1 > 10.0.0.1: ICMP time exceeded in-transit, length 20");

  /* The capture cut the quote: then the packet is truncated too. */
  p.n = 0;
  qip = build_icmp_error (&p, 11, 0, 0, 17);
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_ETHERNET, &p, qip + 24, 0), ==, LADDER_STATUS_TRUNCATED);
  g_assert_cmpstr (pkt.problem, ==, "quoted datagram truncated");
  g_assert_true (pkt.quoted.present);
  g_assert_true (pkt.quoted.has_ports);
  g_assert_cmpuint (pkt.quoted.udp_len, ==, 0);
  g_assert_cmpint (pkt.quoted.status, ==, LADDER_STATUS_TRUNCATED);
  g_assert_true (pkt.layers & LADDER_LAYER_ICMP);

  /* A quoted total length of 24 shrinks the view to 4 transport bytes. */
  p.n = 0;
  qip = build_icmp_error (&p, 11, 0, 0, 6);
  set16 (&p, qip + 2, 24);
  decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p);
  g_assert_true (pkt.quoted.has_ports);
  g_assert_false (pkt.quoted.has_tcp_seq);
  g_assert_cmpuint (pkt.quoted.quoted_caplen, ==, 24);

  /* A huge one does not widen anything. */
  set16 (&p, qip + 2, 65535);
  decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p);
  g_assert_true (pkt.quoted.has_tcp_seq);
  g_assert_cmpuint (pkt.quoted.quoted_caplen, ==, 28);
  g_assert_cmpuint (pkt.quoted.ip_total_len, ==, 65535);

  /* Quoted IHL 3. */
  p.d[qip] = 0x43;
  decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p);
  g_assert_cmpint (pkt.status, ==, LADDER_STATUS_OK);
  g_assert_cmpint (pkt.quoted.status, ==, LADDER_STATUS_MALFORMED);
  g_assert_false (pkt.quoted.has_ports);

  /* Not IP at all. */
  p.d[qip] = 0x15;
  decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p);
  g_assert_cmpint (pkt.quoted.status, ==, LADDER_STATUS_MALFORMED);
  g_assert_false (pkt.quoted.present);
}

static void
test_icmp_rfc4884 (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize ip, qip, udp;

  /* Time exceeded, length 32 words: a 128-byte quote, then an extension. */
  put_eth (&p, 0x0800);
  ip = put_ipv4 (&p, 1, "192.0.2.1", "10.0.0.1");
  put_icmp (&p, 11, 0, 32u << 16);
  qip = put_ipv4 (&p, 17, "10.0.0.1", "198.51.100.7");
  udp = put_udp (&p, 33000, 33434);
  zeros (&p, 100);
  udp_done (&p, udp);
  ipv4_done (&p, qip);
  put32 (&p, 0x20000000);        /* extension header, then one object */
  put32 (&p, 0x00080101);
  put32 (&p, 0);
  ipv4_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpint (pkt.quoted.status, ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.quoted.dport, ==, 33434);
  g_assert_cmpuint (pkt.quoted.quoted_caplen, ==, 128);
  assert_range ("ICMP extension structure (12 bytes)", 42 + 128, 12);

  /* A length beyond the data is ignored. */
  p.d[39] = 200;
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.quoted.dport, ==, 33434);
}

/* ---- ICMPv6 ----------------------------------------------------------------------- */

static void
test_icmpv6_echo_and_errors (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize ip, qip;

  put_eth (&p, 0x86dd);
  ip = put_ipv6 (&p, 58, "2001:db8::1", "2001:db8::2");
  put_icmp (&p, 128, 0, (7u << 16) | 3);
  zeros (&p, 8);
  ipv6_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.layers, ==, ETH_IPV6 | LADDER_LAYER_ICMPV6);
  g_assert_cmpuint (pkt.icmp_id, ==, 7);
  g_assert_cmpuint (pkt.icmp_seq, ==, 3);
  g_assert_cmpstr (summary (&pkt), ==, "IP6 2001:db8::1 > 2001:db8::2: ICMP6, echo request, id 7, seq 3, length 16");
  g_assert_cmpstr (ladder_packet_protocol_name (&pkt), ==, "ICMPv6");

  /* Time exceeded quoting IPv6 + hop-by-hop + fragment + UDP. */
  p.n = 0;
  put_eth (&p, 0x86dd);
  ip = put_ipv6 (&p, 58, "2001:db8:ff::1", "2001:db8::1");
  put_icmp (&p, 3, 0, 0);
  qip = put_ipv6 (&p, 0, "2001:db8::1", "2001:db8::9");
  p.d[qip + 7] = 1;
  put_padn (&p, 44);
  put8 (&p, 17);
  put8 (&p, 0);
  put16 (&p, 1);
  put32 (&p, 0xcafe);
  put_udp (&p, 40000, 33435);
  ipv6_done (&p, qip);
  ipv6_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_true (pkt.quoted.present);
  g_assert_cmpint (pkt.quoted.status, ==, LADDER_STATUS_OK);
  g_assert_cmpuint (pkt.quoted.ip_version, ==, 6);
  g_assert_cmpuint (pkt.quoted.ip_proto, ==, 17);
  g_assert_cmpuint (pkt.quoted.ttl, ==, 1);
  g_assert_cmphex (pkt.quoted.ip_id, ==, 0xcafe);
  g_assert_cmpuint (pkt.quoted.sport, ==, 40000);
  g_assert_cmpuint (pkt.quoted.dport, ==, 33435);
  g_assert_cmpuint (pkt.quoted.ip_total_len, ==, 64);
  g_assert_cmpstr (addr_text (&pkt.quoted.dst), ==, "2001:db8::9");
  g_assert_cmpstr (summary (&pkt), ==,
                   "IP6 2001:db8:ff::1 > 2001:db8::1: ICMP6, time exceeded in-transit for 2001:db8::9, length 72");

  /* The same, cut inside the quoted fragment header by the capture. */
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_ETHERNET, &p, qip + 52, 0), ==, LADDER_STATUS_TRUNCATED);
  g_assert_true (pkt.quoted.present);
  g_assert_cmpint (pkt.quoted.status, ==, LADDER_STATUS_TRUNCATED);
  g_assert_false (pkt.quoted.has_ports);
  g_assert_cmpuint (pkt.quoted.ip_proto, ==, 44);

  /* Port unreachable quoting a TCP SYN, and packet too big. */
  p.n = 0;
  put_eth (&p, 0x86dd);
  ip = put_ipv6 (&p, 58, "2001:db8::9", "2001:db8::1");
  put_icmp (&p, 1, 4, 0);
  qip = put_ipv6 (&p, 6, "2001:db8::1", "2001:db8::9");
  put_tcp (&p, 40001, 443, 99, 0, LADDER_TCP_SYN, 1000, NULL, 0);
  ipv6_done (&p, qip);
  ipv6_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_true (pkt.quoted.has_tcp_seq);
  g_assert_cmpuint (pkt.quoted.tcp_seq, ==, 99);
  g_assert_cmpstr (summary (&pkt), ==,
                   "IP6 2001:db8::9 > 2001:db8::1: ICMP6, destination unreachable, unreachable port, "
                   "2001:db8::9 tcp port 443, length 68");
  p.d[54] = 2;
  p.d[55] = 0;
  set16 (&p, 60, 1280);
  decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p);
  g_assert_cmpuint (pkt.icmp_mtu, ==, 1280);
  g_assert_cmpstr (summary (&pkt), ==, "IP6 2001:db8::9 > 2001:db8::1: ICMP6, packet too big, mtu 1280, length 68");
}

static void
test_icmpv6_nd (void)
{
  static const guint8 sll[8] = { 1, 1, 2, 0, 0, 0, 0, 1 };
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize ip, icmp;

  put_eth (&p, 0x86dd);
  ip = put_ipv6 (&p, 58, "fe80::1", "ff02::1:ff00:2");
  put_icmp (&p, 135, 0, 0);
  put_addr6 (&p, "fe80::2");
  putn (&p, sll, sizeof sll);
  ipv6_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpstr (addr_text (&pkt.nd_target), ==, "fe80::2");
  g_assert_cmpstr (summary (&pkt), ==, "IP6 fe80::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has fe80::2, length 32");
  assert_range ("Target Address: fe80::2", 62, 16);
  assert_range ("Source link-layer address (1), length 8", 78, 8);
  assert_range ("Link-layer address: 02:00:00:00:00:01", 80, 6);

  /* An option of length 0 stops the walk. */
  p.d[79] = 0;
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "ND option length 0");
  g_assert_true (pkt.layers & LADDER_LAYER_ICMPV6);

  /* An option longer than the message. */
  p.d[79] = 2;
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "ND option runs past the message");

  /* Neighbour advertisement cut in its target. */
  p.n = 0;
  put_eth (&p, 0x86dd);
  ip = put_ipv6 (&p, 58, "fe80::2", "fe80::1");
  icmp = put_icmp (&p, 136, 0, 0x60000000);
  put_addr6 (&p, "fe80::2");
  ipv6_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpstr (summary (&pkt), ==, "IP6 fe80::2 > fe80::1: ICMP6, neighbor advertisement, tgt is fe80::2, length 24");
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_ETHERNET, &p, icmp + 12, 0), ==, LADDER_STATUS_TRUNCATED);
  g_assert_cmpstr (pkt.problem, ==, "ND message truncated");
  g_assert_false (pkt.layers & LADDER_LAYER_ICMPV6);

  /* Router advertisement with a prefix option. */
  p.n = 0;
  put_eth (&p, 0x86dd);
  ip = put_ipv6 (&p, 58, "fe80::1", "ff02::1");
  put_icmp (&p, 134, 0, (64u << 24) | 1800);
  put32 (&p, 0);
  put32 (&p, 0);
  put8 (&p, 3);
  put8 (&p, 4);
  put8 (&p, 64);
  put8 (&p, 0xc0);
  put32 (&p, 86400);
  put32 (&p, 14400);
  put32 (&p, 0);
  put_addr6 (&p, "2001:db8:1::");
  ipv6_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  node ("Prefix: 2001:db8:1::");
  node ("Router lifetime: 1800 s");
}

/* ---- ARP and link layers ---------------------------------------------------------- */

static void
build_arp (Pkt *p, guint op)
{
  static const guint8 sha[6] = { 2, 0, 0, 0, 0, 1 }, tha[6] = { 0 };

  put_eth (p, 0x0806);
  put16 (p, 1);
  put16 (p, 0x0800);
  put8 (p, 6);
  put8 (p, 4);
  put16 (p, op);
  putn (p, sha, 6);
  put_addr4 (p, "10.0.0.1");
  putn (p, tha, 6);
  put_addr4 (p, "10.0.0.2");
}

static void
test_arp (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;

  build_arp (&p, 1);
  zeros (&p, 18);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.layers, ==, LADDER_LAYER_ETHERNET | LADDER_LAYER_ARP);
  g_assert_cmpuint (pkt.arp_op, ==, 1);
  g_assert_cmpstr (addr_text (&pkt.arp_spa), ==, "10.0.0.1");
  g_assert_cmpstr (addr_text (&pkt.arp_tpa), ==, "10.0.0.2");
  g_assert_cmpuint (pkt.arp_sha[5], ==, 1);
  g_assert_cmpstr (summary (&pkt), ==, "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 46");
  g_assert_cmpstr (ladder_packet_protocol_name (&pkt), ==, "ARP");
  assert_range ("Address Resolution Protocol (request)", 14, 28);
  assert_range ("Sender protocol address: 10.0.0.1", 28, 4);
  assert_range ("Trailer (18 bytes)", 42, 18);

  p.n = 0;
  build_arp (&p, 2);
  decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p);
  g_assert_cmpstr (summary (&pkt), ==, "ARP, Reply 10.0.0.1 is-at 02:00:00:00:00:01, length 28");

  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_ETHERNET, &p, 30, 0), ==, LADDER_STATUS_TRUNCATED);
  g_assert_cmpstr (summary (&pkt), ==, "ARP, [|arp]");
}

static void
test_vlan (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;
  gsize ip, udp;

  put_eth (&p, 0x88a8);
  put16 (&p, 0x2000 | 100);
  put16 (&p, 0x8100);
  put16 (&p, 200);
  put16 (&p, 0x0800);
  ip = put_ipv4 (&p, 17, "10.0.0.1", "10.0.0.2");
  udp = put_udp (&p, 1, 2);
  udp_done (&p, udp);
  ipv4_done (&p, ip);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.layers, ==, ETH_IPV4 | LADDER_LAYER_VLAN | LADDER_LAYER_UDP);
  g_assert_cmpuint (pkt.n_vlans, ==, 2);
  g_assert_cmpuint (pkt.vlan_ids[0], ==, 100);
  g_assert_cmpuint (pkt.vlan_ids[1], ==, 200);
  g_assert_cmphex (pkt.ethertype, ==, 0x0800);
  g_assert_cmpuint (pkt.ip_off, ==, 22);
  assert_range ("802.1ad Service VLAN, PRI: 1, DEI: 0, ID: 100", 14, 4);
  assert_range ("802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 200", 18, 4);

  /* Five stacked tags: four are decoded, then we stop. */
  p.n = 0;
  put_eth (&p, 0x8100);
  for (guint i = 0; i < 5; i++)
    {
      put16 (&p, i + 1);
      put16 (&p, 0x8100);
    }
  zeros (&p, 20);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_UNSUPPORTED);
  g_assert_cmpuint (pkt.n_vlans, ==, LADDER_MAX_VLANS);
  g_assert_cmpuint (pkt.vlan_ids[3], ==, 4);

  /* A tag cut by the capture. */
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_ETHERNET, &p, 16, 0), ==, LADDER_STATUS_TRUNCATED);
  g_assert_cmpstr (pkt.problem, ==, "VLAN tag truncated");
  g_assert_cmpuint (pkt.n_vlans, ==, 0);
  g_assert_true (g_str_has_suffix (summary (&pkt), "[|vlan]"));

  /* An IEEE 802.3 length frame is not IP. */
  p.n = 0;
  put_eth (&p, 38);
  put8 (&p, 0x42);
  put8 (&p, 0x42);
  put8 (&p, 0x03);
  zeros (&p, 43);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_ETHERNET, &p), ==, LADDER_STATUS_UNSUPPORTED);
  g_assert_cmphex (pkt.layers, ==, LADDER_LAYER_ETHERNET);
  g_assert_cmpuint (pkt.ethertype, ==, 0);
  g_assert_cmpuint (pkt.payload_len, ==, 38);
  g_assert_cmpstr (summary (&pkt), ==, "02:00:00:00:00:01 > 02:00:00:00:00:02, 802.3, length 60");
  g_assert_cmpstr (ladder_packet_protocol_name (&pkt), ==, "LLC");
  assert_range ("DSAP: 0x42", 14, 1);
}

static void
put_udp_ipv4 (Pkt *p)
{
  gsize ip = put_ipv4 (p, 17, "10.0.0.1", "10.0.0.2"), udp = put_udp (p, 1, 2);

  udp_done (p, udp);
  ipv4_done (p, ip);
}

static void
put_udp_ipv6 (Pkt *p)
{
  gsize ip = put_ipv6 (p, 17, "::1", "::2"), udp = put_udp (p, 1, 2);

  udp_done (p, udp);
  ipv6_done (p, ip);
}

static void
test_sll (void)
{
  static const guint8 mac[8] = { 2, 0, 0, 0, 0, 9, 0, 0 };
  Pkt p = { 0 };
  LadderPacket pkt;

  put16 (&p, 4);
  put16 (&p, 1);
  put16 (&p, 6);
  putn (&p, mac, 8);
  put16 (&p, 0x0800);
  put_udp_ipv4 (&p);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_LINUX_SLL, &p), ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.layers, ==, LADDER_LAYER_SLL | LADDER_LAYER_IPV4 | LADDER_LAYER_UDP);
  g_assert_cmpuint (pkt.sll_pkttype, ==, 4);
  g_assert_cmpuint (pkt.eth_src[5], ==, 9);
  g_assert_cmpuint (pkt.ip_off, ==, 16);
  assert_range ("Packet type: Sent by us (4)", 0, 2);

  p.n = 0;
  put16 (&p, 0x86dd);
  put16 (&p, 0);
  put32 (&p, 3);
  put16 (&p, 1);
  put8 (&p, 0);
  put8 (&p, 6);
  putn (&p, mac, 8);
  put_udp_ipv6 (&p);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_LINUX_SLL2, &p), ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.layers, ==, LADDER_LAYER_SLL | LADDER_LAYER_IPV6 | LADDER_LAYER_UDP);
  g_assert_cmpuint (pkt.sll_ifindex, ==, 3);
  g_assert_cmpuint (pkt.ip_off, ==, 20);
  assert_range ("Interface index: 3", 4, 4);

  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_LINUX_SLL2, &p, 19, 0), ==, LADDER_STATUS_TRUNCATED);
  g_assert_cmpstr (summary (&pkt), ==, "[|sll]");
}

static void
test_null_loop (void)
{
  static const struct { guint8 b[4]; guint32 linktype; gboolean v6; } cases[] = {
    { { 2, 0, 0, 0 }, LADDER_LINKTYPE_NULL, FALSE },
    { { 0, 0, 0, 2 }, LADDER_LINKTYPE_NULL, FALSE },     /* written by a big-endian host */
    { { 24, 0, 0, 0 }, LADDER_LINKTYPE_NULL, TRUE },
    { { 0, 0, 0, 28 }, LADDER_LINKTYPE_NULL, TRUE },
    { { 30, 0, 0, 0 }, LADDER_LINKTYPE_NULL, TRUE },
    { { 0, 0, 0, 2 }, LADDER_LINKTYPE_LOOP, FALSE },
    { { 0, 0, 0, 24 }, LADDER_LINKTYPE_LOOP, TRUE },
  };
  Pkt p = { 0 };
  LadderPacket pkt;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      p.n = 0;
      putn (&p, cases[i].b, 4);
      if (cases[i].v6)
        put_udp_ipv6 (&p);
      else
        put_udp_ipv4 (&p);
      g_assert_cmpint (decode (&pkt, cases[i].linktype, &p), ==, LADDER_STATUS_OK);
      g_assert_cmphex (pkt.layers, ==, LADDER_LAYER_NULL | LADDER_LAYER_UDP |
                       (cases[i].v6 ? LADDER_LAYER_IPV6 : LADDER_LAYER_IPV4));
    }

  /* Family 7 (OSI) is not decoded. */
  p.n = 0;
  put32 (&p, 7);
  zeros (&p, 20);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_NULL, &p), ==, LADDER_STATUS_UNSUPPORTED);
  g_assert_cmphex (pkt.layers, ==, LADDER_LAYER_NULL);
  g_assert_cmpint (decode_full (&pkt, LADDER_LINKTYPE_NULL, &p, 3, 0), ==, LADDER_STATUS_TRUNCATED);
  g_assert_cmpstr (ladder_packet_protocol_name (&pkt), ==, "Unknown");
}

static void
test_raw_and_unknown (void)
{
  Pkt p = { 0 };
  LadderPacket pkt;

  put_udp_ipv4 (&p);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_RAW, &p), ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.layers, ==, LADDER_LAYER_IPV4 | LADDER_LAYER_UDP);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_IPV4, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_RAW_OLD12, &p), ==, LADDER_STATUS_OK);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_IPV6, &p), ==, LADDER_STATUS_MALFORMED);
  g_assert_cmpstr (pkt.problem, ==, "IP version differs from the link type");
  g_assert_cmphex (pkt.layers, ==, LADDER_LAYER_IPV4 | LADDER_LAYER_UDP);

  p.n = 0;
  put_udp_ipv6 (&p);
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_RAW_OLD14, &p), ==, LADDER_STATUS_OK);
  g_assert_cmphex (pkt.layers, ==, LADDER_LAYER_IPV6 | LADDER_LAYER_UDP);
  p.d[0] = 0x50;
  g_assert_cmpint (decode (&pkt, LADDER_LINKTYPE_RAW, &p), ==, LADDER_STATUS_MALFORMED);

  g_assert_cmpint (decode (&pkt, 147, &p), ==, LADDER_STATUS_UNSUPPORTED);
  g_assert_cmpstr (summary (&pkt), ==, "link type 147, length 48");
  g_assert_cmpint (ladder_packet_decode (&pkt, LADDER_LINKTYPE_ETHERNET, NULL, 100, 100, tree), ==,
                   LADDER_STATUS_TRUNCATED);
  g_assert_cmpuint (pkt.caplen, ==, 0);
  g_assert_cmpstr (summary (&pkt), ==, "[|ether]");
}

/* ---- Capture files ------------------------------------------------------------- */


static void
list_captures (const char *dir, GPtrArray *out)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) (void (*) (void)) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        list_captures (path, out);
      else if (g_str_has_suffix (path, ".pcap") || g_str_has_suffix (path, ".pcapng"))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Decodes every prefix (caplen .. 0 bytes) of one record from one exact-size
 * copy.  Under AddressSanitizer the bytes past the prefix are poisoned, so a
 * read past it is reported just as for an allocation of that size, without
 * copying every prefix (which for 64 KiB jumbograms costs gigabytes).
 * Each is decoded a third time with ladder_packet_decode_over() into OVER,
 * which holds the decode before (of another prefix, record, link type or
 * file): it must come out as a decode into zeroed memory does, byte for
 * byte. */
/* How often ladder_flow_record_decode() took a packet, by IP version and
 * transport: the test must see it take the common shapes, not only agree
 * by declining everything. */
static guint64 flow_fast[7][18];

/* ladder_flow_record_decode() of the prefix at DATA gives, when it takes
 * the packet, the record that packing the whole decode A gives. */
static void
check_flow_fast_path (const LadderRecord *rec, const guint8 *data, guint32 len, const LadderPacket *a)
{
  LadderFlowRecord fast = { 0 }, packed = { 0 };
  LadderFlowAddrs6 fast6 = { 0 }, packed6 = { 0 };
  LadderFrame frame = { 0, 0, 0, a, NULL };

  if (!ladder_flow_record_decode (&fast, &fast6, rec->linktype, data, len, rec->wirelen))
    {
      g_assert_cmpuint (fast.ip_version, ==, 0);
      return;
    }
  if (!ladder_flow_record_pack (&packed, &packed6, &frame))
    g_error ("decoding %u of %u bytes: the fast path took a packet that is not plain", len,
             rec->caplen);
  if (memcmp (&fast, &packed, sizeof fast) != 0 || memcmp (&fast6, &packed6, sizeof fast6) != 0)
    g_error ("decoding %u of %u bytes: the fast path's record differs from the whole decode's",
             len, rec->caplen);
  flow_fast[fast.ip_version][fast.ip_proto]++;
}

/* The fast path against the whole decode again, on the record with each
 * of its first header bytes changed in turn: lengths, versions, ports and
 * option kinds that no fixture has. */
static void
check_flow_fast_path_corrupted (const LadderRecord *rec)
{
  static const guint8 deltas[] = { 0x01, 0x04, 0x10, 0x40, 0x80 };
  guint8 *copy = g_memdup2 (rec->data, MAX (rec->caplen, 1u));
  LadderPacket a;

  for (guint32 i = 0; i < MIN (rec->caplen, 96u); i++)
    for (guint k = 0; k < G_N_ELEMENTS (deltas); k++)
      {
        copy[i] = rec->data[i] ^ deltas[k];
        ladder_packet_decode (&a, rec->linktype, copy, rec->caplen, rec->wirelen, NULL);
        check_flow_fast_path (rec, copy, rec->caplen, &a);
        copy[i] = rec->data[i];
      }
  g_free (copy);
}

static void
decode_prefixes (const LadderRecord *rec, LadderPacket *over, guint64 *decodes, guint64 *plain)
{
  guint8 *copy = g_malloc (MAX (rec->caplen, 1u));
  LadderPacket a, b;

  memcpy (copy, rec->data, rec->caplen);
  for (guint32 len = rec->caplen + 1; len-- > 0;)
    {
      if (len < rec->caplen)
        LADDER_POISON (copy + len, 1);  /* the bytes after it are poisoned already */
      ladder_packet_decode (&a, rec->linktype, len ? copy : NULL, len, rec->wirelen, NULL);
      ladder_packet_decode (&b, rec->linktype, len ? copy : NULL, len, rec->wirelen, tree);
      if (memcmp (&a, &b, sizeof a) != 0)
        g_error ("decoding %u of %u bytes differs with a tree", len, rec->caplen);
      ladder_packet_decode_over (over, rec->linktype, len ? copy : NULL, len, rec->wirelen);
      if (memcmp (&a, over, sizeof a) != 0)
        g_error ("decoding %u of %u bytes over the packet before differs", len, rec->caplen);
      *plain += !over->wrote_rare;
      check_flow_fast_path (rec, len ? copy : NULL, len, &a);
      check_packet (&a);
      check_tree_ranges (tree, len);
      *decodes += 3;
    }
  LADDER_UNPOISON (copy, rec->caplen);
  g_free (copy);
  check_flow_fast_path_corrupted (rec);
}

static void
test_every_prefix (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", NULL);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  guint64 decodes = 0, records = 0, plain = 0;
  GString *text = g_string_new (NULL);
  LadderPacket over = { 0 };

  list_captures (dir, files);
  g_ptr_array_sort (files, compare_paths);
  if (files->len == 0)
    {
      g_test_skip ("no capture files under tests/data");
      return;
    }
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LadderReader) reader = ladder_reader_open (files->pdata[i], &error);
      LadderRecord rec;

      if (reader == NULL)
        continue;  /* not a capture we can read: the reader's tests cover that */
      while (ladder_reader_next (reader, &rec, &error) > 0)
        {
          LadderPacket pkt;

          decode_prefixes (&rec, &over, &decodes, &plain);
          ladder_packet_decode (&pkt, rec.linktype, rec.data, rec.caplen, rec.wirelen, tree);
          g_string_truncate (text, 0);
          ladder_packet_summary (&pkt, text);
          ladder_tree_to_text (tree, text);
          records++;
        }
    }
  g_test_message ("%u files, %" G_GUINT64_FORMAT " records, %" G_GUINT64_FORMAT " decodes",
                  files->len, records, decodes);
  /* both kinds of packet came before others: the test saw both zeroings */
  g_assert_cmpuint (plain, >, 0);
  g_assert_cmpuint (plain, <, decodes / 3);
  g_test_message ("flow fast path: IPv4 TCP %" G_GUINT64_FORMAT ", UDP %" G_GUINT64_FORMAT
                  ", IPv6 TCP %" G_GUINT64_FORMAT ", UDP %" G_GUINT64_FORMAT,
                  flow_fast[4][6], flow_fast[4][17], flow_fast[6][6], flow_fast[6][17]);
  g_assert_cmpuint (flow_fast[4][6], >, 1000);
  g_assert_cmpuint (flow_fast[4][17], >, 100);
  g_assert_cmpuint (flow_fast[6][6], >, 100);
  g_assert_cmpuint (flow_fast[6][17], >, 100);
  g_string_free (text, TRUE);
}

/* Golden files: captures we have checked against tshark -V and tcpdump -vvv. */
static const char *const golden_files[] = {
  "ping-lost.pcap", "ping-nohost.pcap", "ping-ttl-expire-v6.pcap", "ping-ttl-expire.pcap",
  "ping-unreachable-v6.pcap", "ping-unreachable.pcap", "ping-v4.pcap", "ping-v6.pcap",
  "tcp-echo-qinq.pcap", "tcp-echo-sll.pcap", "tcp-echo-sll2.pcap", "tcp-echo-v4.pcap",
  "tcp-echo-v6.pcap", "tcp-echo-vlan.pcap", "tcp-refused.pcap", "tcp-window-scale-sack.pcap",
  "traceroute-icmp-v4.pcap", "traceroute-icmp-v6.pcap", "traceroute-tcp-v4.pcap",
  "traceroute-tcp-v6.pcap", "traceroute-udp-v4.pcap", "traceroute-udp-v6.pcap",
  "udp-refused.pcap", "mixed-linktypes.pcapng",
  "corpus/802.1ad_QinQ.pcap", "corpus/LINKTYPE_IPV4.pcap", "corpus/LINKTYPE_IPV6.pcap",
  "corpus/LINKTYPE_RAW_ipv6.pcap", "corpus/accecn_handshake.pcap", "corpus/arp-too-long-tha.pcap",
  "corpus/bigtcp-ipv4.pcap", "corpus/bigtcp-ipv6-hbh.pcap", "corpus/dns-badcookie.pcap",
  "corpus/icmpv6.pcap", "corpus/icmpv6-ns-nonce.pcap", "corpus/ipv4_invalid_hdr_length.pcap",
  "corpus/ipv4_invalid_total_length.pcap", "corpus/ipv4_tcp_http_xml_tso.pcap",
  "corpus/ipv6-routing-header.pcap", "corpus/ipv6-too-long-jumbo.pcap",
  "corpus/ipv6_frag6_negative_len.pcap", "corpus/ipv6_invalid_length.pcap",
  "corpus/ipv6_jumbogram_1.pcap", "corpus/libpcap_ipv6_ext_headers.pcap",
  "corpus/libpcap_rarp_req_reply.pcapng", "corpus/mptcp-v1.pcap", "corpus/tcp-handshake-nano.pcap",
  "corpus/tcp_eight_lowest_weight_flags_set.pcap", "corpus/tcp_header_heapoverflow.pcap",
  "corpus/tcp_rst_diag_payload.pcap", "corpus/tfo-5c1fa7f9ae91.pcap",
  "corpus/udp-length-heapoverflow.pcap", "corpus/zeek_icmp_5-pings.pcap",
  "corpus/zeek_icmp_dot1q.pcap", "corpus/zeek_icmp_icmp-destunreach-no-context.pcap",
  "corpus/zeek_icmp_icmp-destunreach-udp.pcap", "corpus/zeek_icmp_icmp-timeexceeded.pcap",
  "corpus/zeek_icmp_icmp6-destunreach-ip6ext-udp.pcap", "corpus/zeek_icmp_icmp6-nd-options.pcap",
  "corpus/zeek_icmp_icmp6-paramprob.pcap", "corpus/zeek_icmp_icmp6-redirect-hdr-opt.pcap",
  "corpus/zeek_icmp_icmp6-timeexceeded.pcap", "corpus/zeek_icmp_icmp6-toobig.pcap",
  "corpus/zeek_icmp_icmp6-destunreach-ip6ext-trunc.pcap", "corpus/zeek_ip-bogus-header-len.pcap",
  "corpus/zeek_ipv4_fragmented-1.pcap", "corpus/zeek_ipv6-fragmented-dns.pcap",
  "corpus/zeek_linux_dlt_sll2.pcap", "corpus/zeek_linuxsll-arp.pcap", "corpus/zeek_q-in-q.pcap",
  "corpus/zeek_tcp_option-sack.pcap", "corpus/zeek_tcp_options.pcap",
  "corpus/zeek_tcp_truncated-header.pcap", "corpus/zeek_trunc_icmp-header-trunc.pcap",
  "corpus/zeek_trunc_ip4-trunc.pcap", "corpus/zeek_trunc_ip6-ext-trunc.pcap",
  "corpus/zeek_trunc_ipv4-internally-truncated-header.pcap",
  "corpus/zeek_udp-contents-truncated-oob.pcap", "corpus/zeek_vlan-qinqinq.pcap",
  /* tunnels and PPP */
  "corpus/vxlan.pcap", "corpus/zeek_tunnels_gre-pptp.pcap", "corpus/zeek_tunnels_6in4.pcap",
  "corpus/zeek_tunnels_4in6.pcap", "corpus/zeek_mpls-in-vlan.pcap", "corpus/wccp_redirect_gre.pcap",
  "corpus/lspping-fec-ldp.pcap",
};

static char *
golden_text (const char *path, GError **error)
{
  g_autoptr (LadderReader) reader = ladder_reader_open (path, error);
  GString *out = g_string_new (NULL);
  LadderRecord rec;
  LadderPacket pkt;
  guint n = 0;
  int r;

  if (reader == NULL)
    return g_string_free (out, TRUE), NULL;
  while ((r = ladder_reader_next (reader, &rec, error)) > 0)
    {
      ladder_packet_decode (&pkt, rec.linktype, rec.data, rec.caplen, rec.wirelen, tree);
      g_string_append_printf (out, "#%u linktype %u caplen %u wirelen %u status %s\n",
                              ++n, rec.linktype, rec.caplen, rec.wirelen,
                              ladder_status_to_string (pkt.status));
      ladder_packet_summary (&pkt, out);
      g_string_append_c (out, '\n');
      ladder_tree_to_text (tree, out);
      g_string_append_c (out, '\n');
    }
  if (r < 0)
    g_string_append_printf (out, "# reader: %s\n", (*error)->message);
  g_clear_error (error);
  return g_string_free (out, FALSE);
}

static void
report_first_difference (const char *name, const char *want, const char *got)
{
  g_auto (GStrv) a = g_strsplit (want, "\n", -1);
  g_auto (GStrv) b = g_strsplit (got, "\n", -1);

  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    if (a[i] == NULL || b[i] == NULL || strcmp (a[i], b[i]) != 0)
      {
        g_test_message ("%s: line %u differs\n  expected: %s\n  got:      %s", name, i + 1,
                        a[i] ? a[i] : "(end)", b[i] ? b[i] : "(end)");
        return;
      }
}

static void
test_golden (void)
{
  gboolean update = g_getenv ("LADDER_UPDATE_GOLDEN") != NULL
                    || g_strcmp0 (g_getenv ("WIRELADDER_UPDATE_GOLDEN"), "1") == 0;
  guint checked = 0, failed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (golden_files); i++)
    {
      g_autofree char *path = ladder_test_data_path (golden_files[i]);
      g_autofree char *stem = g_strdup (golden_files[i]);
      g_autofree char *expected_path = NULL, *name = NULL;
      g_autofree char *got = NULL, *want = NULL;
      g_autoptr (GError) error = NULL;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_test_message ("skipping %s: not in tests/data", golden_files[i]);
          continue;
        }
      *strrchr (stem, '.') = '\0';
      name = g_strconcat (stem, ".txt", NULL);
      expected_path = g_test_build_filename (G_TEST_DIST, "expected", name, NULL);
      got = golden_text (path, &error);
      g_assert_no_error (error);
      if (update)
        {
          g_autofree char *dir = g_path_get_dirname (expected_path);

          g_mkdir_with_parents (dir, 0755);
          g_assert_true (g_file_set_contents (expected_path, got, -1, &error));
          continue;
        }
      if (!g_file_get_contents (expected_path, &want, NULL, &error))
        {
          g_test_message ("%s: %s (regenerate with LADDER_UPDATE_GOLDEN=1)", golden_files[i],
                          error->message);
          failed++;
          continue;
        }
      checked++;
      if (strcmp (want, got) != 0)
        {
          report_first_difference (golden_files[i], want, got);
          failed++;
        }
    }
  g_test_message ("%u golden files checked", checked);
  g_assert_cmpuint (failed, ==, 0);
}

/* ---- Speed (only with -m perf) ---------------------------------------------------- */

typedef struct
{
  guint32 linktype, caplen, wirelen;
  guint8 *data;
} Stored;

/* Seconds to stream FILE through the reader, decoding each record or not. */
static double
stream_file (const char *path, gboolean decode_it, guint64 *n, guint64 *sum)
{
  g_autoptr (LadderReader) reader = ladder_reader_open (path, NULL);
  LadderRecord rec;
  LadderPacket pkt;
  gint64 t0 = g_get_monotonic_time ();

  g_assert_nonnull (reader);
  *n = 0;
  while (ladder_reader_next (reader, &rec, NULL) > 0)
    {
      (*n)++;
      if (decode_it)
        {
          ladder_packet_decode (&pkt, rec.linktype, rec.data, rec.caplen, rec.wirelen, NULL);
          *sum += pkt.layers + pkt.sport;
        }
      else
        *sum += rec.caplen;
    }
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* With LADDER_PERF_FILE: what decoding adds to streaming that file (page
 * cache assumed), best of 3.  Always: decoding the fixtures from memory. */
static void
perf_stream (const char *big)
{
  double read_s = G_MAXDOUBLE, both_s = G_MAXDOUBLE;
  guint64 n = 0, sum = 0;

  for (int i = 0; i < 3; i++)
    {
      read_s = MIN (read_s, stream_file (big, FALSE, &n, &sum));
      both_s = MIN (both_s, stream_file (big, TRUE, &n, &sum));
    }
  g_test_minimized_result ((both_s - read_s) * 1e9 / n,
                           "%s: %" G_GUINT64_FORMAT " records; reading %.3f s, reading and "
                           "decoding %.3f s: decode adds %.1f ns/packet", big, n, read_s, both_s,
                           (both_s - read_s) * 1e9 / n);
}

static void
test_perf (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", NULL);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) recs = g_array_new (FALSE, FALSE, sizeof (Stored));
  const char *big = g_getenv ("LADDER_PERF_FILE");
  LadderPacket pkt;
  guint64 n = 0, sum = 0;
  gint64 t0, t1;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }
  if (big != NULL)
    perf_stream (big);
  list_captures (dir, files);
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr (LadderReader) reader = ladder_reader_open (files->pdata[i], NULL);
      LadderRecord rec;

      while (reader != NULL && ladder_reader_next (reader, &rec, NULL) > 0)
        {
          Stored st = { rec.linktype, rec.caplen, rec.wirelen, g_memdup2 (rec.data, rec.caplen) };
          g_array_append_val (recs, st);
        }
    }
  g_assert_cmpuint (recs->len, >, 0);
  t0 = g_get_monotonic_time ();
  while (n < 5000000)
    for (guint i = 0; i < recs->len; i++, n++)
      {
        const Stored *st = &g_array_index (recs, Stored, i);
        ladder_packet_decode (&pkt, st->linktype, st->data, st->caplen, st->wirelen, NULL);
        sum += pkt.layers;
      }
  t1 = g_get_monotonic_time ();
  g_test_minimized_result ((t1 - t0) * 1000.0 / n, "fixtures and corpus from memory, no tree: "
                           "%.1f ns/packet (%" G_GUINT64_FORMAT " decodes of %u records, checksum %"
                           G_GUINT64_FORMAT ")", (t1 - t0) * 1000.0 / n, n, recs->len, sum);
  for (guint i = 0; i < recs->len; i++)
    g_free (g_array_index (recs, Stored, i).data);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tree = ladder_tree_new ();
  g_test_add_func ("/ladder/dissect/tcp/syn", test_tcp_syn);
  g_test_add_func ("/ladder/dissect/tcp/flag-names", test_tcp_flag_names);
  g_test_add_func ("/ladder/dissect/tcp/all-flags", test_tcp_all_flags);
  g_test_add_func ("/ladder/dissect/tcp/data-offset", test_tcp_data_offset);
  g_test_add_func ("/ladder/dissect/tcp/bad-options", test_tcp_bad_options);
  g_test_add_func ("/ladder/dissect/tcp/sack-tfo-mptcp", test_tcp_sack_tfo_mptcp);
  g_test_add_func ("/ladder/dissect/ipv4/header-length", test_ipv4_header_length);
  g_test_add_func ("/ladder/dissect/ipv4/total-length", test_ipv4_total_length);
  g_test_add_func ("/ladder/dissect/ipv4/options", test_ipv4_options);
  g_test_add_func ("/ladder/dissect/ipv4/fragments", test_ipv4_fragments);
  g_test_add_func ("/ladder/dissect/udp/length", test_udp_length);
  g_test_add_func ("/ladder/dissect/ipv6/chain", test_ipv6_chain);
  g_test_add_func ("/ladder/dissect/ipv6/limits", test_ipv6_limits);
  g_test_add_func ("/ladder/dissect/ipv6/jumbo", test_ipv6_jumbo);
  g_test_add_func ("/ladder/dissect/icmp/echo", test_icmp_echo);
  g_test_add_func ("/ladder/dissect/icmp/errors", test_icmp_errors);
  g_test_add_func ("/ladder/dissect/icmp/quote-limits", test_icmp_quote_limits);
  g_test_add_func ("/ladder/dissect/icmp/rfc4884", test_icmp_rfc4884);
  g_test_add_func ("/ladder/dissect/icmpv6/echo-errors", test_icmpv6_echo_and_errors);
  g_test_add_func ("/ladder/dissect/icmpv6/nd", test_icmpv6_nd);
  g_test_add_func ("/ladder/dissect/arp", test_arp);
  g_test_add_func ("/ladder/dissect/vlan", test_vlan);
  g_test_add_func ("/ladder/dissect/sll", test_sll);
  g_test_add_func ("/ladder/dissect/null-loop", test_null_loop);
  g_test_add_func ("/ladder/dissect/raw-and-unknown", test_raw_and_unknown);
  g_test_add_func ("/ladder/dissect/tunnel/ipip", test_tunnel_ipip);
  g_test_add_func ("/ladder/dissect/tunnel/gre", test_tunnel_gre);
  g_test_add_func ("/ladder/dissect/tunnel/vxlan-geneve", test_tunnel_vxlan_geneve);
  g_test_add_func ("/ladder/dissect/tunnel/mpls", test_tunnel_mpls);
  g_test_add_func ("/ladder/dissect/ppp", test_ppp);
  g_test_add_func ("/ladder/dissect/golden", test_golden);
  g_test_add_func ("/ladder/dissect/every-prefix", test_every_prefix);
  g_test_add_func ("/ladder/dissect/perf", test_perf);
  ret = g_test_run ();
  ladder_tree_free (tree);
  return ret;
}
