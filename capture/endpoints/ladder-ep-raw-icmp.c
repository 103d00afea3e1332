/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-raw-icmp.c: a raw socket that receives every ICMP message.
 *
 * The course's four steps for receiving through a raw socket: socket
 * (SOCK_RAW, IPPROTO_ICMP), an optional bind, recvfrom, close.  A raw
 * socket below the transport layer has no port: the kernel gives it a copy
 * of every ICMP packet the host receives, pings to this host included
 * (which the kernel still answers by itself).  For IPv4 the copy starts
 * with the IP header, where the TTL is.
 */

#include "ladder-ep.h"
#include "ladder-ep-icmp.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

static const char *
kind_name (const EpIcmpMessage *msg)
{
  switch (msg->kind)
    {
    case EP_ICMP_ECHO_REQUEST:  return "echo request";
    case EP_ICMP_ECHO_REPLY:    return "echo reply";
    case EP_ICMP_TIME_EXCEEDED: return "time exceeded";
    case EP_ICMP_UNREACHABLE:   return "destination unreachable";
    case EP_ICMP_OTHER:
    default:                    return "message";
    }
}

/* "ICMP echo request from 10.0.1.2: id 4660, seq 1, ttl 62, 64 bytes" */
static void
print_message (const EpIcmpMessage *msg, const char *from)
{
  const char *ttl_name = msg->v6 ? "hop limit" : "ttl";

  printf ("%s %s from %s: ", msg->v6 ? "ICMP6" : "ICMP", kind_name (msg), from);
  if (msg->kind == EP_ICMP_ECHO_REQUEST || msg->kind == EP_ICMP_ECHO_REPLY)
    printf ("id %u, seq %u, ", msg->id, msg->seq);
  else if (msg->kind == EP_ICMP_OTHER)
    printf ("type %d, code %d, ", msg->type, msg->code);
  else if (msg->kind == EP_ICMP_UNREACHABLE)
    printf ("code %d, ", msg->code);
  printf ("%s %d, %zu bytes\n", ttl_name, msg->ttl, msg->length);
}

int
raw_icmp_main (int argc, char **argv)
{
  EpOptions opts;
  struct sockaddr_storage local_addr, from;
  socklen_t addr_len;
  unsigned char packet[2048];
  char from_text[EP_ADDRSTRLEN];
  int first, sock, on = 1, echoes = 0;

  first = ep_parse_options (argc, argv, "c:l:", &opts);
  if (first < 0 || argc - first != 1)
    return ep_usage (argv[0], "[-c COUNT] [-l SECONDS] ADDR");
  if (ep_parse_address (argv[first], NULL, &local_addr, &addr_len) < 0)
    return EP_ERROR;
  ep_handle_signals (opts.lifetime);

  sock = socket (local_addr.ss_family, SOCK_RAW,
                 local_addr.ss_family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
  if (sock < 0)
    {
      perror ("socket");
      return EP_ERROR;
    }
  if (bind (sock, (struct sockaddr *) &local_addr, addr_len) < 0)
    {
      perror ("bind");
      close (sock);
      return EP_ERROR;
    }
  /* IPv6 raw sockets get no IP header: ask for the hop limit separately. */
  if (local_addr.ss_family == AF_INET6
      && setsockopt (sock, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on) < 0)
    perror ("setsockopt");
  ep_ready ();

  while (!ep_stop && (opts.count == 0 || echoes < opts.count))
    {
      EpIcmpMessage msg;
      int ttl;
      ssize_t n = ep_icmp_receive (sock, packet, sizeof packet, &from, &ttl);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          perror ("recvmsg");
          close (sock);
          return EP_ERROR;
        }
      if (ep_icmp_parse (packet, (size_t) n, local_addr.ss_family,
                         local_addr.ss_family == AF_INET, &msg) < 0)
        continue;
      if (msg.ttl < 0)
        msg.ttl = ttl;
      print_message (&msg, ep_host_string ((struct sockaddr *) &from, from_text));
      if (msg.kind == EP_ICMP_ECHO_REQUEST || msg.kind == EP_ICMP_ECHO_REPLY)
        echoes++;
    }

  close (sock);
  return opts.count == 0 || echoes >= opts.count ? EP_OK : EP_NO_ANSWER;
}
