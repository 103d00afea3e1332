/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-trace-format.c: how a recorded socket call's arguments read. */

#include "ladder-trace-format.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/icmp.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  int         value;
  const char *name;
} Name;

#define NAME(x) { x, #x }

static const char *
lookup (const Name *names, gsize n, int value, char *out, gsize size)
{
  for (gsize i = 0; i < n; i++)
    if (names[i].value == value)
      return names[i].name;
  g_snprintf (out, size, "%d", value);
  return out;
}

void
ladder_trace_sockaddr (const struct sockaddr *sa, socklen_t len,
                       LadderAddr *addr, guint16 *port)
{
  if (sa == NULL)
    return;
  if (sa->sa_family == AF_INET && len >= sizeof (struct sockaddr_in))
    {
      const struct sockaddr_in *v4 = (const struct sockaddr_in *) sa;
      ladder_addr_set_v4 (addr, (const guint8 *) &v4->sin_addr);
      *port = ntohs (v4->sin_port);
    }
  else if (sa->sa_family == AF_INET6 && len >= sizeof (struct sockaddr_in6))
    {
      const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *) sa;
      ladder_addr_set_v6 (addr, (const guint8 *) &v6->sin6_addr);
      *port = ntohs (v6->sin6_port);
    }
}

const char *
ladder_trace_sockaddr_string (const struct sockaddr *sa, socklen_t len,
                              char out[LADDER_TRACE_ADDRSTRLEN])
{
  LadderAddr addr = { 0 };
  guint16 port = 0;
  char text[LADDER_ADDR_STRLEN];

  if (sa == NULL)
    return "NULL";
  ladder_trace_sockaddr (sa, len, &addr, &port);
  if (addr.family == 0)
    g_snprintf (out, LADDER_TRACE_ADDRSTRLEN, "family %d", sa->sa_family);
  else if (addr.family == 6)
    g_snprintf (out, LADDER_TRACE_ADDRSTRLEN, "[%s]:%u", ladder_addr_to_string (&addr, text), port);
  else
    g_snprintf (out, LADDER_TRACE_ADDRSTRLEN, "%s:%u", ladder_addr_to_string (&addr, text), port);
  return out;
}

/* Appends one byte of a C string literal: "\n", "\x1b" or the character. */
static gsize
escape_byte (guint8 c, char *out)
{
  switch (c)
    {
    case '\n': return (gsize) g_snprintf (out, 5, "\\n");
    case '\r': return (gsize) g_snprintf (out, 5, "\\r");
    case '\t': return (gsize) g_snprintf (out, 5, "\\t");
    case '"':  return (gsize) g_snprintf (out, 5, "\\\"");
    case '\\': return (gsize) g_snprintf (out, 5, "\\\\");
    default:
      if (c >= 0x20 && c < 0x7f)
        return (gsize) g_snprintf (out, 5, "%c", c);
      return (gsize) g_snprintf (out, 5, "\\x%02x", c);
    }
}

const char *
ladder_trace_data (const void *data, size_t n, char out[LADDER_TRACE_DATASTRLEN])
{
  const guint8 *bytes = data;
  /* Room for the closing quote, "..." and the NUL. */
  const gsize limit = LADDER_TRACE_DATASTRLEN - 5;
  gsize used = 1;
  size_t i;

  out[0] = '"';
  for (i = 0; bytes != NULL && i < n; i++)
    {
      char piece[5];
      gsize len = escape_byte (bytes[i], piece);
      if (used + len > limit)
        break;
      memcpy (out + used, piece, len);
      used += len;
    }
  out[used++] = '"';
  if (bytes != NULL && i < n)
    {
      memcpy (out + used, "...", 3);
      used += 3;
    }
  out[used] = '\0';
  return out;
}

const char *
ladder_trace_domain (int domain, char out[32])
{
  static const Name names[] = { NAME (AF_INET), NAME (AF_INET6), NAME (AF_UNIX),
                                NAME (AF_NETLINK), NAME (AF_PACKET) };
  return lookup (names, G_N_ELEMENTS (names), domain, out, 32);
}

const char *
ladder_trace_type (int type, char out[32])
{
  static const Name names[] = { NAME (SOCK_STREAM), NAME (SOCK_DGRAM), NAME (SOCK_RAW),
                                NAME (SOCK_SEQPACKET) };
  char number[16];
  const char *base = lookup (names, G_N_ELEMENTS (names),
                             type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), number, sizeof number);

  g_snprintf (out, 32, "%s%s%s", base, (type & SOCK_NONBLOCK) ? "|SOCK_NONBLOCK" : "",
              (type & SOCK_CLOEXEC) ? "|SOCK_CLOEXEC" : "");
  return out;
}

const char *
ladder_trace_protocol (int protocol, char out[32])
{
  static const Name names[] = { { 0, "0" }, NAME (IPPROTO_TCP), NAME (IPPROTO_UDP),
                                NAME (IPPROTO_ICMP), NAME (IPPROTO_ICMPV6), NAME (IPPROTO_RAW) };
  return lookup (names, G_N_ELEMENTS (names), protocol, out, 32);
}

const char *
ladder_trace_msg_flags (int flags, char out[32])
{
  static const Name names[] = { { 0, "0" }, NAME (MSG_DONTWAIT), NAME (MSG_NOSIGNAL),
                                NAME (MSG_PEEK), NAME (MSG_WAITALL), NAME (MSG_ERRQUEUE) };
  return lookup (names, G_N_ELEMENTS (names), flags, out, 32);
}

const char *
ladder_trace_level (int level, char out[24])
{
  static const Name names[] = { NAME (SOL_SOCKET), NAME (IPPROTO_IP), NAME (IPPROTO_IPV6),
                                NAME (IPPROTO_TCP), NAME (IPPROTO_ICMPV6), NAME (SOL_RAW) };
  return lookup (names, G_N_ELEMENTS (names), level, out, 24);
}

const char *
ladder_trace_option (int level, int name, char out[32])
{
  static const Name socket_names[] = {
    NAME (SO_REUSEADDR), NAME (SO_REUSEPORT), NAME (SO_RCVTIMEO), NAME (SO_SNDTIMEO),
    NAME (SO_LINGER), NAME (SO_BROADCAST), NAME (SO_KEEPALIVE), NAME (SO_RCVBUF),
    NAME (SO_SNDBUF), NAME (SO_TIMESTAMP),
  };
  static const Name ip_names[] = { NAME (IP_TTL), NAME (IP_RECVERR), NAME (IP_HDRINCL),
                                   NAME (IP_RECVTTL), NAME (IP_TOS), NAME (IP_MTU_DISCOVER) };
  static const Name ipv6_names[] = { NAME (IPV6_UNICAST_HOPS), NAME (IPV6_RECVERR),
                                     NAME (IPV6_RECVHOPLIMIT), NAME (IPV6_V6ONLY),
                                     NAME (IPV6_CHECKSUM) };
  static const Name tcp_names[] = { NAME (TCP_NODELAY), NAME (TCP_SYNCNT) };

  if (level == SOL_SOCKET)
    return lookup (socket_names, G_N_ELEMENTS (socket_names), name, out, 32);
  if (level == IPPROTO_IP)
    return lookup (ip_names, G_N_ELEMENTS (ip_names), name, out, 32);
  if (level == IPPROTO_IPV6)
    return lookup (ipv6_names, G_N_ELEMENTS (ipv6_names), name, out, 32);
  if (level == IPPROTO_TCP)
    return lookup (tcp_names, G_N_ELEMENTS (tcp_names), name, out, 32);
  if (level == SOL_RAW && name == ICMP_FILTER)
    return "ICMP_FILTER";
  g_snprintf (out, 32, "%d", name);
  return out;
}

const char *
ladder_trace_option_value (int level, int name, const void *value, socklen_t len,
                           char out[32])
{
  if (value == NULL)
    return "NULL";
  if (level == SOL_SOCKET && name == SO_LINGER && len >= sizeof (struct linger))
    {
      struct linger l;
      memcpy (&l, value, sizeof l);
      g_snprintf (out, 32, "{%d, %d}", l.l_onoff, l.l_linger);
    }
  else if (level == SOL_SOCKET && (name == SO_RCVTIMEO || name == SO_SNDTIMEO)
           && len >= sizeof (struct timeval))
    {
      struct timeval tv;
      memcpy (&tv, value, sizeof tv);
      ladder_trace_timeval (&tv, out);
    }
  else if (len == sizeof (int))
    {
      int v;
      memcpy (&v, value, sizeof v);
      g_snprintf (out, 32, "%d", v);
    }
  else
    g_snprintf (out, 32, "<%u bytes>", (unsigned) len);
  return out;
}

const char *
ladder_trace_fd_set (int nfds, const fd_set *set, char *out, size_t size)
{
  gsize used;

  if (set == NULL)
    return g_strlcpy (out, "NULL", size), out;
  used = (gsize) g_snprintf (out, size, "{");
  for (int fd = 0; fd < nfds && fd < FD_SETSIZE && used < size; fd++)
    if (FD_ISSET (fd, set))
      used += (gsize) g_snprintf (out + used, size - used, "%s%d", used > 1 ? ", " : "", fd);
  if (used + 2 <= size)
    g_strlcat (out, "}", size);
  return out;
}

const char *
ladder_trace_timeval (const struct timeval *tv, char out[24])
{
  if (tv == NULL)
    return "NULL";
  g_snprintf (out, 24, "%ld.%03lds", (long) tv->tv_sec, (long) tv->tv_usec / 1000);
  return out;
}
