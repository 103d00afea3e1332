/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-icmp.c: ICMP (RFC 792) and ICMPv6 (RFC 4443) messages for the
 * endpoints.  Every read is preceded by a length check written so that it
 * cannot overflow (n <= len - off). */

#include "ladder-ep-icmp.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#define ICMP4_ECHO_REPLY     0
#define ICMP4_UNREACHABLE    3
#define ICMP4_ECHO_REQUEST   8
#define ICMP4_TIME_EXCEEDED  11
#define ICMP6_UNREACHABLE    1
#define ICMP6_TIME_EXCEEDED  3
#define ICMP6_ECHO_REQUEST   128
#define ICMP6_ECHO_REPLY     129

static uint16_t
get16 (const unsigned char *p)
{
  return (uint16_t) (p[0] << 8 | p[1]);
}

/* The quoted packet: an IP or IPv6 header, then at least 8 bytes of
 * transport header (RFC 792's "64 bits of original data"). */
static void
parse_quote (const unsigned char *q, size_t len, int v6, EpIcmpQuote *quote)
{
  size_t header;
  int protocol;

  if (v6)
    {
      if (len < 40)
        return;
      header = 40;
      protocol = q[6];  /* extension headers are not followed */
    }
  else
    {
      if (len < 20)
        return;
      header = (size_t) (q[0] & 0x0f) * 4;
      if (header < 20 || header > len)
        return;
      protocol = q[9];
    }
  if (len - header < 8)
    return;

  const unsigned char *t = q + header;
  quote->protocol = protocol;
  if (protocol == IPPROTO_TCP || protocol == IPPROTO_UDP)
    {
      quote->sport = get16 (t);
      quote->dport = get16 (t + 2);
    }
  else if (protocol == IPPROTO_ICMP || protocol == IPPROTO_ICMPV6)
    {
      quote->id = get16 (t + 4);
      quote->seq = get16 (t + 6);
    }
}

static EpIcmpKind
classify (int type, int v6)
{
  if (type == (v6 ? ICMP6_ECHO_REQUEST : ICMP4_ECHO_REQUEST))
    return EP_ICMP_ECHO_REQUEST;
  if (type == (v6 ? ICMP6_ECHO_REPLY : ICMP4_ECHO_REPLY))
    return EP_ICMP_ECHO_REPLY;
  if (type == (v6 ? ICMP6_TIME_EXCEEDED : ICMP4_TIME_EXCEEDED))
    return EP_ICMP_TIME_EXCEEDED;
  if (type == (v6 ? ICMP6_UNREACHABLE : ICMP4_UNREACHABLE))
    return EP_ICMP_UNREACHABLE;
  return EP_ICMP_OTHER;
}

int
ep_icmp_parse (const unsigned char *packet, size_t len, int family, int with_ip_header,
               EpIcmpMessage *msg)
{
  size_t off = 0;

  memset (msg, 0, sizeof *msg);
  msg->ttl = -1;
  msg->quote.protocol = -1;
  msg->v6 = family == AF_INET6;
  if (with_ip_header)
    {
      if (len < 20 || (packet[0] >> 4) != 4)
        return -1;
      off = (size_t) (packet[0] & 0x0f) * 4;
      if (off < 20 || off > len || packet[9] != IPPROTO_ICMP)
        return -1;
      msg->ttl = packet[8];
    }
  if (len - off < 8)
    return -1;

  const unsigned char *icmp = packet + off;
  msg->type = icmp[0];
  msg->code = icmp[1];
  msg->length = len - off;
  msg->kind = classify (msg->type, msg->v6);
  if (msg->kind == EP_ICMP_ECHO_REQUEST || msg->kind == EP_ICMP_ECHO_REPLY)
    {
      msg->id = get16 (icmp + 4);
      msg->seq = get16 (icmp + 6);
    }
  else if (msg->kind == EP_ICMP_TIME_EXCEEDED || msg->kind == EP_ICMP_UNREACHABLE)
    parse_quote (icmp + 8, msg->length - 8, msg->v6, &msg->quote);
  return 0;
}

/* The Internet checksum (RFC 1071). */
static uint16_t
checksum (const unsigned char *data, size_t len)
{
  uint32_t sum = 0;

  for (size_t i = 0; i + 1 < len; i += 2)
    sum += (uint32_t) get16 (data + i);
  if (len % 2 == 1)
    sum += (uint32_t) data[len - 1] << 8;
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t) ~sum;
}

size_t
ep_icmp_echo_request (unsigned char *buf, size_t size, int family,
                      uint16_t id, uint16_t seq, size_t payload)
{
  size_t len = 8 + payload;

  if (payload > size || size - payload < 8)
    return 0;
  buf[0] = family == AF_INET6 ? ICMP6_ECHO_REQUEST : ICMP4_ECHO_REQUEST;
  buf[1] = 0;
  buf[2] = buf[3] = 0;
  buf[4] = (unsigned char) (id >> 8);
  buf[5] = (unsigned char) id;
  buf[6] = (unsigned char) (seq >> 8);
  buf[7] = (unsigned char) seq;
  for (size_t i = 0; i < payload; i++)
    buf[8 + i] = (unsigned char) (0x10 + i);  /* iputils' pattern */
  if (family == AF_INET)
    {
      uint16_t sum = checksum (buf, len);
      buf[2] = (unsigned char) (sum >> 8);
      buf[3] = (unsigned char) sum;
    }
  return len;
}

ssize_t
ep_icmp_receive (int sock, unsigned char *buf, size_t size,
                 struct sockaddr_storage *from, int *ttl)
{
  union
  {
    char           buf[256];
    struct cmsghdr align;
  } control;
  struct iovec iov = { buf, size };
  struct msghdr msg;
  ssize_t n;

  memset (&msg, 0, sizeof msg);
  msg.msg_name = from;
  msg.msg_namelen = sizeof *from;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;

  *ttl = -1;
  n = recvmsg (sock, &msg, 0);
  if (n < 0)
    return n;
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c != NULL; c = CMSG_NXTHDR (&msg, c))
    {
      if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL)
          || (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT))
        {
          if (c->cmsg_len >= CMSG_LEN (sizeof (int)))
            memcpy (ttl, CMSG_DATA (c), sizeof (int));
        }
    }
  return n;
}

const char *
ep_icmp_describe (const EpIcmpMessage *msg)
{
  static const char *const unreach4[] = {
    "Destination Net Unreachable", "Destination Host Unreachable",
    "Destination Protocol Unreachable", "Destination Port Unreachable",
  };
  static const char *const unreach6[] = {
    "Destination unreachable: No route", "Destination unreachable: Administratively prohibited",
    "Destination unreachable: Beyond scope", "Destination unreachable: Address unreachable",
    "Destination unreachable: Port unreachable",
  };

  if (msg->kind == EP_ICMP_TIME_EXCEEDED)
    return msg->v6 ? "Time exceeded: Hop limit" : "Time to live exceeded";
  if (msg->kind != EP_ICMP_UNREACHABLE)
    return "Unexpected ICMP message";
  if (!msg->v6 && msg->code >= 0 && msg->code < 4)
    return unreach4[msg->code];
  if (!msg->v6 && msg->code == 13)
    return "Packet filtered";
  if (msg->v6 && msg->code >= 0 && msg->code < 5)
    return unreach6[msg->code];
  return msg->v6 ? "Destination unreachable" : "Destination Unreachable";
}

const char *
ep_icmp_annotation (const EpIcmpMessage *msg)
{
  static char other[8];

  if (msg->kind != EP_ICMP_UNREACHABLE || ep_icmp_is_port_unreachable (msg))
    return "";
  if (msg->v6)
    {
      switch (msg->code)
        {
        case 0: return "!N";
        case 1: return "!X";
        case 3: return "!H";
        default: break;
        }
    }
  else
    {
      switch (msg->code)
        {
        case 0: return "!N";
        case 1: return "!H";
        case 2: return "!P";
        case 13: return "!X";
        default: break;
        }
    }
  snprintf (other, sizeof other, "!%d", msg->code);
  return other;
}

int
ep_icmp_is_port_unreachable (const EpIcmpMessage *msg)
{
  return msg->kind == EP_ICMP_UNREACHABLE && msg->code == (msg->v6 ? 4 : 3);
}
