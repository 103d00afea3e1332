/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-packet.h: one decoded packet, flat and allocation-free.
 *
 * ladder_packet_decode() fills a LadderPacket from a record's captured
 * bytes.  It never reads past caplen (see ladder-cursor.h), keeps every layer
 * it managed to decode, and reports the first problem in status/problem.
 * Optionally it also builds a field tree with byte ranges (ladder-tree.h)
 * for the window and for `wireladder-cli packets --verbose`; with tree ==
 * NULL it does no formatting at all, which keeps the analysis fast.
 */
#pragma once

#include <glib.h>

#include "ladder-addr.h"

G_BEGIN_DECLS

typedef struct _LadderTree LadderTree;

/* Link types, as numbered in pcap/pcapng files (LINKTYPE_*). */
enum
{
  LADDER_LINKTYPE_NULL       = 0,   /* BSD loopback, host byte order family */
  LADDER_LINKTYPE_ETHERNET   = 1,
  LADDER_LINKTYPE_PPP        = 9,   /* PPP, optionally in HDLC-like framing */
  LADDER_LINKTYPE_RAW_OLD12  = 12,  /* DLT_RAW on some BSDs */
  LADDER_LINKTYPE_RAW_OLD14  = 14,  /* DLT_RAW on OpenBSD */
  LADDER_LINKTYPE_PPP_HDLC   = 50,  /* PPP in HDLC-like framing (RFC 1662) */
  LADDER_LINKTYPE_RAW        = 101,
  LADDER_LINKTYPE_LOOP       = 108, /* OpenBSD loopback, network byte order */
  LADDER_LINKTYPE_LINUX_SLL  = 113,
  LADDER_LINKTYPE_IPV4       = 228,
  LADDER_LINKTYPE_IPV6       = 229,
  LADDER_LINKTYPE_LINUX_SLL2 = 276,
};

typedef enum
{
  LADDER_STATUS_OK = 0,
  LADDER_STATUS_TRUNCATED,   /* the capture stops inside a header */
  LADDER_STATUS_MALFORMED,   /* a field contradicts its protocol (IHL < 5 ...) */
  LADDER_STATUS_UNSUPPORTED, /* a link type or protocol we do not decode */
} LadderStatus;

const char *ladder_status_to_string (LadderStatus status); /* "ok", "truncated", ... */

/* Bits of LadderPacket.layers: which headers were decoded completely. */
typedef enum
{
  LADDER_LAYER_ETHERNET = 1 << 0,
  LADDER_LAYER_VLAN     = 1 << 1,
  LADDER_LAYER_SLL      = 1 << 2,  /* Linux cooked v1 or v2 */
  LADDER_LAYER_NULL     = 1 << 3,  /* BSD loopback / OpenBSD loop */
  LADDER_LAYER_ARP      = 1 << 4,
  LADDER_LAYER_IPV4     = 1 << 5,
  LADDER_LAYER_IPV6     = 1 << 6,
  LADDER_LAYER_TCP      = 1 << 7,
  LADDER_LAYER_UDP      = 1 << 8,
  LADDER_LAYER_ICMP     = 1 << 9,
  LADDER_LAYER_ICMPV6   = 1 << 10,
  LADDER_LAYER_TUNNEL   = 1 << 11, /* at least one tunnel header (see tunnels[]) */
  LADDER_LAYER_PPP      = 1 << 12,
  LADDER_LAYER_MPLS     = 1 << 13,
} LadderLayer;

/* Encapsulations whose payload is decoded as a packet of its own. */
typedef enum
{
  LADDER_TUNNEL_NONE = 0,
  LADDER_TUNNEL_IPIP,    /* IPv4 or IPv6 straight in IPv4 or IPv6 (protocols 4 and 41) */
  LADDER_TUNNEL_GRE,
  LADDER_TUNNEL_VXLAN,
  LADDER_TUNNEL_GENEVE,
  LADDER_TUNNEL_MPLS,
} LadderTunnelType;

const char *ladder_tunnel_type_to_string (LadderTunnelType type); /* "GRE", "VXLAN", ... */

#define LADDER_MAX_TUNNELS 3  /* nested deeper than this: the rest is not decoded */

/* One carrier, outermost first.  Once a packet is encapsulated, the IP and
 * transport fields of LadderPacket describe the innermost packet decoded
 * and these what carried it. */
typedef struct
{
  guint8     type;         /* LadderTunnelType */
  guint8     ip_version;   /* the carrier's IP version; 0 when none (MPLS on a link) */
  guint16    sport, dport; /* the carrier's UDP ports (VXLAN, Geneve), else 0 */
  guint32    id;           /* VNI (VXLAN, Geneve), GRE key or PPTP call id, MPLS bottom label */
  guint32    off;          /* offset of the tunnel header (MPLS: the label stack) */
  LadderAddr src, dst;     /* the carrier's IP addresses (family 0 for MPLS) */
} LadderTunnel;

/* IP protocol numbers (IANA) that the decoders and analyses compare with. */
enum
{
  LADDER_IPPROTO_ICMP   = 1,
  LADDER_IPPROTO_IPIP   = 4,   /* IPv4 in IP */
  LADDER_IPPROTO_TCP    = 6,
  LADDER_IPPROTO_UDP    = 17,
  LADDER_IPPROTO_IPV6   = 41,  /* IPv6 in IP */
  LADDER_IPPROTO_GRE    = 47,
  LADDER_IPPROTO_AH     = 51,  /* its length counts 4-byte words (RFC 4302) */
  LADDER_IPPROTO_ICMPV6 = 58,
  LADDER_IPPROTO_NONE   = 59,  /* IPv6 no next header */
};

/* ICMP types (RFC 792) and ICMPv6 types (RFC 4443, RFC 4861). */
enum
{
  LADDER_ICMP_ECHO_REPLY      = 0,
  LADDER_ICMP_UNREACH         = 3,
  LADDER_ICMP_SOURCE_QUENCH   = 4,
  LADDER_ICMP_REDIRECT        = 5,
  LADDER_ICMP_ECHO            = 8,
  LADDER_ICMP_TIME_EXCEEDED   = 11,
  LADDER_ICMP_PARAM_PROBLEM   = 12,
  LADDER_ICMP_UNREACH_PORT    = 3,   /* codes of LADDER_ICMP_UNREACH */
  LADDER_ICMP_UNREACH_FRAG_NEEDED = 4,

  LADDER_ICMPV6_UNREACH       = 1,
  LADDER_ICMPV6_UNREACH_PORT  = 4,   /* code of LADDER_ICMPV6_UNREACH */
  LADDER_ICMPV6_PACKET_TOO_BIG = 2,
  LADDER_ICMPV6_TIME_EXCEEDED = 3,
  LADDER_ICMPV6_PARAM_PROBLEM = 4,
  LADDER_ICMPV6_ECHO          = 128,
  LADDER_ICMPV6_ECHO_REPLY    = 129,
  LADDER_ICMPV6_ROUTER_ADVERT = 134,
  LADDER_ICMPV6_NEIGHBOR_SOLICIT = 135,
  LADDER_ICMPV6_NEIGHBOR_ADVERT  = 136,
  LADDER_ICMPV6_REDIRECT      = 137,
};

/* What an ICMP or ICMPv6 message is, whichever version carried it: the
 * decoders fill it once (LadderPacket.icmp_kind, LadderQuoted.icmp_kind)
 * so analyses and views never work out type numbers per IP version. */
typedef enum
{
  LADDER_ICMP_KIND_NONE = 0,          /* not ICMP */
  LADDER_ICMP_KIND_ECHO_REQUEST,
  LADDER_ICMP_KIND_ECHO_REPLY,
  LADDER_ICMP_KIND_UNREACHABLE,       /* destination unreachable */
  LADDER_ICMP_KIND_TIME_EXCEEDED,
  LADDER_ICMP_KIND_PACKET_TOO_BIG,    /* ICMPv6 type 2 */
  LADDER_ICMP_KIND_PARAM_PROBLEM,
  LADDER_ICMP_KIND_OTHER_ERROR,       /* source quench, redirect */
  LADDER_ICMP_KIND_OTHER,             /* informational: neighbour discovery, ... */
} LadderIcmpKind;

/* The kind of ICMP (IP_VERSION 4) or ICMPv6 (6) message TYPE. */
LadderIcmpKind ladder_icmp_kind (guint8 ip_version, guint8 type);
/* Whether KIND is an error message, which quotes the datagram it is about. */
gboolean       ladder_icmp_kind_is_error (LadderIcmpKind kind);

/* TCP flag bits, as in the header's low 9 bits (AE/NS is bit 8). */
enum
{
  LADDER_TCP_FIN = 0x001,
  LADDER_TCP_SYN = 0x002,
  LADDER_TCP_RST = 0x004,
  LADDER_TCP_PSH = 0x008,
  LADDER_TCP_ACK = 0x010,
  LADDER_TCP_URG = 0x020,
  LADDER_TCP_ECE = 0x040,
  LADDER_TCP_CWR = 0x080,
  LADDER_TCP_AE  = 0x100,  /* formerly NS (RFC 3540), now AccECN (RFC 9768) */
};

/* Bits of LadderPacket.tcp_opts: which TCP options were present. */
enum
{
  LADDER_TCPOPT_MSS       = 1 << 0,
  LADDER_TCPOPT_WSCALE    = 1 << 1,
  LADDER_TCPOPT_SACK_PERM = 1 << 2,
  LADDER_TCPOPT_SACK      = 1 << 3,
  LADDER_TCPOPT_TIMESTAMP = 1 << 4,
  LADDER_TCPOPT_FASTOPEN  = 1 << 5,
  LADDER_TCPOPT_MPTCP     = 1 << 6,
  LADDER_TCPOPT_OTHER     = 1 << 7,
};

#define LADDER_MAX_VLANS 4
#define LADDER_MAX_SACK  4
#define LADDER_MAX_TCP_OPTS 40  /* 40 option bytes, at least one byte each */

/* The original datagram quoted inside an ICMP or ICMPv6 error. */
typedef struct
{
  gboolean   present;      /* an IP header was found in the error's payload */
  LadderStatus status;     /* how far the quote could be decoded */
  guint8     ip_version;   /* 4 or 6 */
  guint8     ip_proto;     /* protocol after any extension headers */
  guint8     ttl;          /* TTL / hop limit as it arrived at the responder */
  guint16    ip_total_len; /* the quoted header's declared length (v6: payload + 40) */
  guint32    ip_id;        /* IPv4 identification (v6: fragment id, else 0) */
  LadderAddr src, dst;
  gboolean   has_ports;    /* TCP/UDP ports were quoted */
  guint16    sport, dport;
  gboolean   has_tcp_seq;
  guint32    tcp_seq;
  gboolean   has_icmp;     /* an ICMP/ICMPv6 header was quoted */
  guint8     icmp_type, icmp_code;
  guint8     icmp_kind;    /* LadderIcmpKind of the quoted message */
  guint16    icmp_id, icmp_seq;
  guint16    udp_len;
  guint32    quoted_off;   /* offset of the quoted IP header in the packet */
  guint32    quoted_caplen;/* bytes of the original datagram actually quoted */
} LadderQuoted;

/* Laid out with what the analyses read for every packet (record, IP,
 * ports, TCP header fields, ICMP echo, tunnel count) in the first three
 * cache lines; names, option lists, link-layer details and quotes after. */
typedef struct
{
  /* The record */
  guint32      caplen;     /* bytes captured */
  guint32      wirelen;    /* bytes on the wire (>= caplen normally) */
  guint32      linktype;
  LadderStatus status;
  const char  *problem;    /* static text naming the first problem, or NULL */
  guint32      layers;     /* LadderLayer bits */

  /* IP */
  guint8     ip_version;    /* 0, 4 or 6 */
  guint8     ip_proto;      /* transport protocol after extension headers */
  guint8     ttl;           /* TTL / hop limit */
  guint8     tos;           /* TOS / traffic class */
  guint32    ip_off;        /* offset of the IP header */
  guint32    ip_hdr_len;    /* IPv4: IHL*4; IPv6: 40 + extension headers */
  guint32    ip_total_len;  /* declared length of the whole datagram */
  guint32    ip_id;         /* IPv4 id; IPv6 fragment header id (or 0) */
  gboolean   ip_has_options;
  gboolean   ip_dont_fragment;
  gboolean   ip_fragment;   /* MF set or offset non-zero (or a v6 fragment header) */
  gboolean   ip_more_fragments;
  guint32    ip_frag_offset;/* in bytes */
  LadderAddr src, dst;

  /* Transport, common */
  guint32 l4_off;           /* offset of the TCP/UDP/ICMP header */
  guint32 l4_len;           /* declared length from the IP header */
  guint16 sport, dport;
  guint32 payload_off;      /* offset of the application payload */
  guint32 payload_len;      /* declared payload length (on the wire) */
  guint32 payload_caplen;   /* payload bytes actually captured */

  /* TCP */
  guint32 seq, ack;
  guint16 tcp_flags;        /* LADDER_TCP_* */
  guint16 window;           /* raw, unscaled */
  guint8  tcp_hdr_len;      /* data offset * 4 */
  guint8  tcp_opts;         /* LADDER_TCPOPT_* present */
  guint16 mss;
  guint8  wscale;
  guint8  n_sack;

  /* UDP */
  guint16 udp_len;

  /* ICMP and ICMPv6 */
  guint8       icmp_type, icmp_code;
  guint16      icmp_id, icmp_seq;    /* echo request/reply only */

  /* Tunnels, outermost first (see LadderTunnel) */
  guint8       n_tunnels;
  guint8       n_mpls;               /* MPLS labels on the stack (all of them) */
  guint8       icmp_kind;            /* LadderIcmpKind (ICMP and ICMPv6 alike) */
  guint8       wrote_rare;           /* the decode wrote from arp_op on (ladder_packet_decode_over) */

  /* TCP, less often needed */
  guint32 sack[LADDER_MAX_SACK][2]; /* left, right edges */
  guint32 ts_val, ts_ecr;
  /* Added by the decoders (for summaries): */
  guint16 tcp_urgent;       /* urgent pointer */
  guint8  n_tcp_optlist;    /* option kinds in wire order, NOP and EOL included */
  guint8  tcp_optlist[LADDER_MAX_TCP_OPTS];
  guint8  tfo_cookie_len;   /* Fast Open cookie length; 0 = cookie request */
  guint8  mptcp_subtype;    /* last MPTCP option's subtype */
  guint16 tcp_exp_id;       /* last experimental option's ExID (RFC 6994) */

  /* Link layer */
  guint8  eth_src[6], eth_dst[6];   /* Ethernet or SLL source (sll: src only) */
  guint16 ethertype;                /* after VLAN tags; 0 when none */
  guint8  n_vlans;
  guint16 vlan_ids[LADDER_MAX_VLANS];
  guint16 sll_pkttype;              /* Linux cooked: 0 host, 4 outgoing, ... */
  guint32 sll_ifindex;              /* Linux cooked v2 only */

  /* ARP (Ethernet/IPv4 only) */
  guint16    arp_op;
  guint8     arp_sha[6], arp_tha[6];
  LadderAddr arp_spa, arp_tpa;

  /* ICMP and ICMPv6, less often needed */
  guint32      icmp_mtu;             /* frag needed / packet too big */
  guint32      icmp_pointer;         /* parameter problem pointer (added by the decoders) */
  LadderAddr   nd_target;            /* neighbour solicitation/advert/redirect target */
  LadderQuoted quoted;               /* errors: the quoted original datagram */

  LadderTunnel tunnels[LADDER_MAX_TUNNELS];
} LadderPacket;

/* Decodes CAPLEN bytes of DATA, a record of LINKTYPE whose on-wire length
 * was WIRELEN.  TREE may be NULL.  Always fills *pkt (zeroed first). */
LadderStatus ladder_packet_decode (LadderPacket *pkt,
                                   guint32       linktype,
                                   const guint8 *data,
                                   guint32       caplen,
                                   guint32       wirelen,
                                   LadderTree   *tree);

/* As ladder_packet_decode(), without a tree, for a PKT that already holds
 * a packet decoded by either function, or zeroes.  The fields from arp_op
 * on (ARP, ICMP details, the quote, tunnels), which a TCP or UDP packet
 * outside a tunnel leaves alone, are zeroed again only when the decode
 * before wrote there (wrote_rare).  Zeroing the whole 640 bytes was a
 * tenth of reading and decoding a capture.  PKT ends byte for byte as
 * ladder_packet_decode() leaves it (test /ladder/dissect/every-prefix). */
LadderStatus ladder_packet_decode_over (LadderPacket *pkt,
                                        guint32       linktype,
                                        const guint8 *data,
                                        guint32       caplen,
                                        guint32       wirelen);

/* A tcpdump-like one-line summary ("IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 0, ...").
 * Sequence numbers are printed as on the wire. */
void ladder_packet_summary (const LadderPacket *pkt, GString *out);

/* Short protocol name for a packet list column: "TCP", "UDP", "ICMP", "ARP", ... */
const char *ladder_packet_protocol_name (const LadderPacket *pkt);

/* "SYN", "SYN-ACK", "FIN-ACK", "PSH-ACK", "RST" ...; writes into buf (>= 40 bytes). */
const char *ladder_tcp_flags_to_string (guint16 flags, char *buf, gsize size);

G_END_DECLS
