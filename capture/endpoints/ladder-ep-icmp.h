/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-icmp.h: building and reading ICMP and ICMPv6 messages for
 * ping, traceroute and raw-icmp.
 *
 * A raw IPv4 socket hands over the whole IP packet (header first); a raw
 * ICMPv6 socket and the unprivileged ICMP datagram socket hand over the
 * ICMP message alone.  ep_icmp_parse() takes either and checks every
 * length before it reads, so a short or lying packet is rejected, never
 * read past its end.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

typedef enum
{
  EP_ICMP_OTHER = 0,
  EP_ICMP_ECHO_REQUEST,
  EP_ICMP_ECHO_REPLY,
  EP_ICMP_TIME_EXCEEDED,
  EP_ICMP_UNREACHABLE,
} EpIcmpKind;

/* What an ICMP error quotes of the packet that caused it. */
typedef struct
{
  int      protocol;       /* 6, 17, 1, 58; -1: nothing quoted */
  uint16_t sport, dport;   /* UDP / TCP */
  uint16_t id, seq;        /* ICMP echo request */
} EpIcmpQuote;

typedef struct
{
  EpIcmpKind  kind;
  int         type, code;  /* as on the wire (ICMP or ICMPv6 numbers) */
  int         ttl;         /* IPv4 TTL or IPv6 hop limit; -1 unknown */
  int         v6;
  uint16_t    id, seq;     /* echo request / reply */
  size_t      length;      /* of the ICMP message */
  EpIcmpQuote quote;       /* errors only */
} EpIcmpMessage;

/* PACKET is LEN bytes as a socket of FAMILY returned them; WITH_IP_HEADER
 * for raw IPv4.  Returns 0, or -1 when it is not a whole ICMP message. */
int ep_icmp_parse (const unsigned char *packet, size_t len, int family, int with_ip_header,
                   EpIcmpMessage *msg);

/* An echo request with ID, SEQ and PAYLOAD bytes (a timestamp first) in
 * BUF.  The IPv4 checksum is filled in; the kernel does ICMPv6's.
 * Returns its length, or 0 when BUF is too small. */
size_t ep_icmp_echo_request (unsigned char *buf, size_t size, int family,
                             uint16_t id, uint16_t seq, size_t payload);

/* recvmsg() on an ICMP socket, with the TTL / hop limit from the control
 * data when the kernel gives it (IP_RECVTTL, IPV6_RECVHOPLIMIT; else -1). */
ssize_t ep_icmp_receive (int sock, unsigned char *buf, size_t size,
                         struct sockaddr_storage *from, int *ttl);

/* "Time to live exceeded", "Destination Port Unreachable" ... as ping. */
const char *ep_icmp_describe (const EpIcmpMessage *msg);
/* traceroute's mark for an unreachable: "!H", "!N", "!P", "!X", "" for
 * port unreachable (the normal end) and "!<code>" for the rest. */
const char *ep_icmp_annotation (const EpIcmpMessage *msg);
/* Port unreachable: a UDP probe reached its destination. */
int ep_icmp_is_port_unreachable (const EpIcmpMessage *msg);
