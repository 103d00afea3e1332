/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-private.h: what the per-protocol decoders share.
 *
 * Each decoder takes the packet being filled and an optional tree (a
 * LadderDissect) plus a cursor positioned at the first byte of its header.
 * The cursor's window is what may be read: the captured bytes, already
 * narrowed by every enclosing declared length (IPv4 total length, UDP
 * length ...).  declared_end is where the enclosing headers say the data
 * ends; it may lie past the window when the capture was cut short, which
 * lets a decoder tell "the capture stopped here" (truncated) from "the
 * header runs past its own declared length" (malformed).
 */
#pragma once

#include "ladder-cursor.h"
#include "ladder-packet.h"
#include "ladder-tree.h"

G_BEGIN_DECLS

typedef struct
{
  LadderPacket *pkt;
  LadderTree   *tree;
  gsize         declared_end;  /* >= the cursor's end; G_MAXSIZE when unknown */
} LadderDissect;

/* Caps on loops driven by packet contents. */
#define LADDER_MAX_IPV6_EXT    128  /* extension headers in one chain (8 bytes each at least) */
#define LADDER_MAX_IP_OPTIONS   40  /* an IPv4 header has at most 40 option bytes */
#define LADDER_MAX_IPV6_OPTIONS 64  /* TLVs in one hop-by-hop / destination header */
#define LADDER_MAX_ND_OPTIONS   64  /* neighbour discovery options */
#define LADDER_MAX_MPLS_LABELS  16  /* entries in one MPLS label stack */

/* Records the first problem of the packet.  PROBLEM must be a static string. */
static inline LadderStatus
ladder_dissect_note (LadderPacket *pkt, LadderStatus status, const char *problem)
{
  if (pkt->status == LADDER_STATUS_OK)
    {
      pkt->status = status;
      pkt->problem = problem;
    }
  return status;
}

/* Records a problem and adds it to the tree over [off, off + len). */
LadderStatus ladder_dissect_problem   (LadderDissect *d, LadderStatus status,
                                       gsize off, gsize len, const char *problem);
/* The header at the cursor needs NEED bytes and fewer are readable: a
 * malformation when the header runs past declared_end, else truncation. */
LadderStatus ladder_dissect_short     (LadderDissect *d, const LadderCursor *c, gsize need,
                                       const char *truncated, const char *malformed);

/* Narrows C to N bytes of declared length and moves declared_end there.
 * Returns FALSE when the capture holds fewer (the window stays clipped). */
static inline gboolean
ladder_dissect_declare (LadderDissect *d, LadderCursor *c, gsize n)
{
  /* declared_end only moves inwards: an inner length never widens. */
  if (n <= d->declared_end - c->off)
    d->declared_end = c->off + n;
  return ladder_cursor_narrow (c, n);
}

/* UDP destination ports decoded as tunnels, as Wireshark decodes them by
 * default (ladder-dissect-udp.c); the flow fast path leaves them to the
 * whole decode (ladder-dissect-flow.c). */
#define LADDER_UDP_PORT_VXLAN  4789  /* RFC 7348 */
#define LADDER_UDP_PORT_GENEVE 6081  /* RFC 8926 */

static inline gboolean
ladder_udp_port_is_tunnel (guint16 dport)
{
  return dport == LADDER_UDP_PORT_VXLAN || dport == LADDER_UDP_PORT_GENEVE;
}

/* Fixed-size headers are read from a span that ladder_cursor_ptr (c, N)
 * returned, at constant offsets below N: one bounds check per header
 * instead of one per field.  Nothing else indexes packet bytes. */
static inline guint16
ladder_span_be16 (const guint8 *span)
{
  return (guint16) ((span[0] << 8) | span[1]);
}

static inline guint32
ladder_span_be32 (const guint8 *span)
{
  return ((guint32) span[0] << 24) | ((guint32) span[1] << 16) | ((guint32) span[2] << 8) | span[3];
}

/* A tree node with children that is a field group rather than a protocol
 * header (TCP options, IPv4 flags ...).  Close it with LADDER_TREE_POP. */
guint ladder_tree_push_group (LadderTree *tree, guint32 offset, guint32 length,
                              const char *format, ...) G_GNUC_PRINTF (4, 5);
#define LADDER_TREE_PUSH_GROUP(tree, ...) \
  ((tree) != NULL ? ladder_tree_push_group ((tree), __VA_ARGS__) : 0u)
/* Closes every open node (a safety net for early returns). */
void  ladder_tree_pop_all    (LadderTree *tree);
/* Clips every node's byte range to the captured bytes: a header's declared
 * length may reach past the capture, its range in the tree may not. */
void  ladder_tree_clip       (LadderTree *tree, guint32 caplen);

/* Link layers */
LadderStatus ladder_dissect_ethernet  (LadderDissect *d, LadderCursor *c);
LadderStatus ladder_dissect_vlan      (LadderDissect *d, LadderCursor *c, guint16 tpid);
LadderStatus ladder_dissect_sll       (LadderDissect *d, LadderCursor *c);
LadderStatus ladder_dissect_sll2      (LadderDissect *d, LadderCursor *c);
LadderStatus ladder_dissect_null      (LadderDissect *d, LadderCursor *c);
LadderStatus ladder_dissect_loop      (LadderDissect *d, LadderCursor *c);
/* Dispatches on an EtherType (IPv4, IPv6, ARP, RARP, VLAN tags). */
LadderStatus ladder_dissect_ethertype (LadderDissect *d, LadderCursor *c, guint16 ethertype);
const char  *ladder_ethertype_name    (guint16 ethertype);

/* Network layer */
LadderStatus ladder_dissect_arp       (LadderDissect *d, LadderCursor *c);
/* Raw IP: dispatches on the version nibble. */
LadderStatus ladder_dissect_ip        (LadderDissect *d, LadderCursor *c);
LadderStatus ladder_dissect_ipv4      (LadderDissect *d, LadderCursor *c);
LadderStatus ladder_dissect_ipv6      (LadderDissect *d, LadderCursor *c);
const char  *ladder_ip_proto_name     (guint8 proto);

/* One IPv6 extension header, read without judging it. */
typedef struct
{
  guint8  type;      /* this header's own type (0, 43, 44, 51, 60 ...) */
  guint8  next;      /* its Next Header field */
  guint32 len;       /* its length in bytes */
  guint16 frag_offlg;/* fragment header: offset and M flag, as on the wire */
  guint32 frag_id;
} LadderIpv6Ext;

gboolean     ladder_ipv6_is_ext       (guint8 next_header);
/* Reads the extension header of type TYPE at the cursor without moving.
 * FALSE when its fixed part or its declared length is not readable. */
gboolean     ladder_ipv6_ext_peek     (const LadderCursor *c, guint8 type, LadderIpv6Ext *ext,
                                       gsize *need);
const char  *ladder_ipv6_ext_name     (guint8 type);

/* Tunnels and the links they carry (one file each; see ladder-dissect.c
 * for what entering a tunnel resets).  C is at the tunnel header. */
LadderStatus ladder_dissect_gre       (LadderDissect *d, LadderCursor *c);
LadderStatus ladder_dissect_vxlan     (LadderDissect *d, LadderCursor *c);
LadderStatus ladder_dissect_geneve    (LadderDissect *d, LadderCursor *c);
LadderStatus ladder_dissect_mpls      (LadderDissect *d, LadderCursor *c);
/* IPv4 (PROTO 4) or IPv6 (PROTO 41) as the payload of an IP datagram. */
LadderStatus ladder_dissect_ipip      (LadderDissect *d, LadderCursor *c, guint8 proto);
/* PPP: HDLC-like address/control optional, protocol field 1 or 2 bytes. */
LadderStatus ladder_dissect_ppp       (LadderDissect *d, LadderCursor *c);
/* Records a new carrier of TYPE whose header starts at OFF and clears the
 * network and transport fields for the packet inside.  FALSE (with the
 * problem recorded) when tunnels are already nested LADDER_MAX_TUNNELS deep
 * or the carrier is an IP fragment; the caller then stops decoding. */
gboolean     ladder_dissect_enter_tunnel (LadderDissect *d, const LadderCursor *c,
                                          LadderTunnelType type, guint32 off);
/* An encapsulated packet that starts with the IP version nibble: IPv4 or
 * IPv6, else a problem naming WHAT carried it. */
LadderStatus ladder_dissect_inner_ip  (LadderDissect *d, LadderCursor *c, const char *what);

/* Transport: dispatches on the IP protocol with C over the IP payload. */
LadderStatus ladder_dissect_transport (LadderDissect *d, LadderCursor *c, guint8 proto);
LadderStatus ladder_dissect_tcp       (LadderDissect *d, LadderCursor *c);
LadderStatus ladder_dissect_udp       (LadderDissect *d, LadderCursor *c);
LadderStatus ladder_dissect_icmp      (LadderDissect *d, LadderCursor *c);
LadderStatus ladder_dissect_icmpv6    (LadderDissect *d, LadderCursor *c);

/* Decodes the original datagram quoted in an ICMP or ICMPv6 error; C covers
 * the quote and nothing else.  Fills pkt->quoted. */
void         ladder_dissect_quote     (LadderDissect *d, LadderCursor *c);
/* An ICMP or ICMPv6 error's body: the quote (QUOTE_LEN bytes by RFC 4884,
 * 0: all of it), then any extension structure. */
void         ladder_dissect_error_body (LadderDissect *d, LadderCursor *c, guint32 quote_len);

/* Names used by both the tree and the summary. */
const char  *ladder_icmp_type_name    (guint8 type);
const char  *ladder_icmp_code_name    (guint8 type, guint8 code);
const char  *ladder_icmpv6_type_name  (guint8 type);
const char  *ladder_icmpv6_code_name  (guint8 type, guint8 code);
const char  *ladder_tcp_option_name   (guint8 kind);

void         ladder_dissect_describe_payload (LadderDissect *d, gsize off);

/* Records the application payload that starts at the cursor: DECLARED bytes
 * on the wire, of which the cursor's window holds what was captured. */
static inline void
ladder_dissect_payload (LadderDissect *d, const LadderCursor *c, guint32 declared)
{
  LadderPacket *pkt = d->pkt;
  gsize have = ladder_cursor_remaining (c);

  pkt->payload_off = (guint32) c->off;
  pkt->payload_len = declared;
  pkt->payload_caplen = (guint32) MIN (have, (gsize) declared);
  if (d->tree != NULL && (declared > 0 || have > 0))
    ladder_dissect_describe_payload (d, c->off);
}

G_END_DECLS
