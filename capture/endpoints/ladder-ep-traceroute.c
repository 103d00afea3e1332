/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-traceroute.c: traceroute, as the course's
 * `traceroute [-m max_ttl] [-q nqueries] host`.
 *
 * Send a probe with TTL 1: the first router drops it and answers "time
 * exceeded", which names the router.  TTL 2 names the second, and so on
 * until the destination itself answers: with "port unreachable" for a UDP
 * probe to an unused port, an echo reply for an ICMP probe, a SYN-ACK or
 * RST for a TCP SYN.  The answers are ICMP, so they are read from a raw
 * ICMP socket and matched to the probe through the header they quote.
 */

#include "ladder-ep.h"
#include "ladder-ep-icmp.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef enum { METHOD_UDP, METHOD_ICMP, METHOD_TCP } Method;

typedef struct
{
  Method                  method;
  int                     max_ttl, first_ttl, queries, port;
  double                  wait;
  struct sockaddr_storage dest;
  socklen_t               dest_len;
  int                     v6;
  int                     icmp_sock;   /* raw: every answer arrives here */
  int                     udp_sock;    /* METHOD_UDP */
  uint16_t                id;          /* METHOD_ICMP echo identifier */
} Trace;

/* What one probe found. */
typedef struct
{
  int                     answered;
  int                     reached;      /* the destination answered */
  struct sockaddr_storage from;
  double                  rtt_ms;
  char                    note[8];      /* "!H" ... */
} Answer;

static int
set_ttl (int sock, int v6, int ttl)
{
  if (v6)
    return setsockopt (sock, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof ttl);
  return setsockopt (sock, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl);
}

static void
set_port (struct sockaddr_storage *addr, int port)
{
  if (addr->ss_family == AF_INET6)
    ((struct sockaddr_in6 *) addr)->sin6_port = htons ((uint16_t) port);
  else
    ((struct sockaddr_in *) addr)->sin_port = htons ((uint16_t) port);
}

static uint16_t
local_port (int sock)
{
  struct sockaddr_storage addr;
  socklen_t len = sizeof addr;

  if (getsockname (sock, (struct sockaddr *) &addr, &len) < 0)
    return 0;
  return ntohs (addr.ss_family == AF_INET6 ? ((struct sockaddr_in6 *) &addr)->sin6_port
                                           : ((struct sockaddr_in *) &addr)->sin_port);
}

/* Sends probe number SEQ with TTL.  Returns the TCP socket for METHOD_TCP,
 * 0 for the others, -1 on failure. */
static int
send_probe (Trace *t, int ttl, int seq)
{
  struct sockaddr_storage dest = t->dest;

  if (t->method == METHOD_UDP)
    {
      /* 32 bytes, for the 60-byte packets the header line announces.  A
       * new destination port per probe tells the answers apart. */
      static const char payload[32];
      set_port (&dest, t->port + seq);
      if (set_ttl (t->udp_sock, t->v6, ttl) < 0
          || sendto (t->udp_sock, payload, sizeof payload, 0, (struct sockaddr *) &dest, t->dest_len) < 0)
        return -1;
      return 0;
    }
  if (t->method == METHOD_ICMP)
    {
      unsigned char packet[40];
      size_t len = ep_icmp_echo_request (packet, sizeof packet, t->dest.ss_family,
                                         t->id, (uint16_t) seq, 32);
      if (set_ttl (t->icmp_sock, t->v6, ttl) < 0
          || sendto (t->icmp_sock, packet, len, 0, (struct sockaddr *) &t->dest, t->dest_len) < 0)
        return -1;
      return 0;
    }

  /* TCP: the kernel's own SYN, from a non-blocking connect(). */
  int sock = socket (t->dest.ss_family, SOCK_STREAM, 0);
  if (sock < 0)
    return -1;
  set_port (&dest, t->port);
  if (fcntl (sock, F_SETFL, O_NONBLOCK) < 0 || set_ttl (sock, t->v6, ttl) < 0
      || (connect (sock, (struct sockaddr *) &dest, t->dest_len) < 0 && errno != EINPROGRESS))
    {
      close (sock);
      return -1;
    }
  return sock;
}

/* Does this ICMP message answer probe SEQ?  Sets reached / note. */
static int
matches_probe (const Trace *t, const EpIcmpMessage *msg, int seq, uint16_t tcp_port, Answer *a)
{
  const EpIcmpQuote *q = &msg->quote;
  int quoted;

  if (t->method == METHOD_ICMP && msg->kind == EP_ICMP_ECHO_REPLY)
    {
      a->reached = msg->id == t->id && msg->seq == seq;
      return a->reached;
    }
  if (msg->kind != EP_ICMP_TIME_EXCEEDED && msg->kind != EP_ICMP_UNREACHABLE)
    return 0;
  if (t->method == METHOD_UDP)
    quoted = q->protocol == IPPROTO_UDP && q->dport == t->port + seq
             && q->sport == local_port (t->udp_sock);
  else if (t->method == METHOD_ICMP)
    quoted = (q->protocol == IPPROTO_ICMP || q->protocol == IPPROTO_ICMPV6)
             && q->id == t->id && q->seq == seq;
  else
    quoted = q->protocol == IPPROTO_TCP && q->sport == tcp_port && q->dport == t->port;
  if (!quoted)
    return 0;
  a->reached = msg->kind == EP_ICMP_UNREACHABLE;
  snprintf (a->note, sizeof a->note, "%s", ep_icmp_annotation (msg));
  return 1;
}

/* One message from the raw socket: is it the answer to probe SEQ? */
static int
read_icmp_answer (Trace *t, int seq, uint16_t tcp_port, Answer *a)
{
  unsigned char packet[2048];
  EpIcmpMessage msg;
  int ttl;
  ssize_t n = ep_icmp_receive (t->icmp_sock, packet, sizeof packet, &a->from, &ttl);

  if (n < 0 || ep_icmp_parse (packet, (size_t) n, t->dest.ss_family, !t->v6, &msg) < 0)
    return 0;
  return matches_probe (t, &msg, seq, tcp_port, a);
}

/* The TCP probe's socket became writable: SYN-ACK (connected) or RST
 * (refused) mean the destination answered; other errors were ICMP, whose
 * message the raw socket brings. */
static int
read_tcp_answer (Trace *t, int tcp_sock, Answer *a)
{
  int error = 0;
  socklen_t len = sizeof error;

  if (getsockopt (tcp_sock, SOL_SOCKET, SO_ERROR, &error, &len) < 0
      || (error != 0 && error != ECONNREFUSED))
    return 0;
  a->reached = 1;
  a->from = t->dest;
  set_port (&a->from, 0);
  return 1;
}

/* Waits up to t->wait seconds after SENT for the answer to probe SEQ. */
static void
wait_for_answer (Trace *t, int seq, int tcp_sock, const struct timespec *sent, Answer *a)
{
  struct timespec now;
  uint16_t tcp_port = tcp_sock > 0 ? local_port (tcp_sock) : 0;
  int watch_tcp = tcp_sock > 0;

  for (double left = t->wait * 1000; left > 0 && !a->answered && !ep_stop;)
    {
      fd_set readfds, writefds;
      struct timeval timeout = ep_timeval_from_ms (left);
      int max_fd = watch_tcp && tcp_sock > t->icmp_sock ? tcp_sock : t->icmp_sock;

      FD_ZERO (&readfds);
      FD_ZERO (&writefds);
      FD_SET (t->icmp_sock, &readfds);
      if (watch_tcp)
        FD_SET (tcp_sock, &writefds);
      if (select (max_fd + 1, &readfds, &writefds, NULL, &timeout) > 0)
        {
          if (FD_ISSET (t->icmp_sock, &readfds))
            a->answered = read_icmp_answer (t, seq, tcp_port, a);
          if (!a->answered && watch_tcp && FD_ISSET (tcp_sock, &writefds))
            {
              a->answered = read_tcp_answer (t, tcp_sock, a);
              watch_tcp = 0;  /* an ICMP error: its message comes on the raw socket */
            }
        }
      clock_gettime (CLOCK_MONOTONIC, &now);
      left = t->wait * 1000 - ep_elapsed_ms (sent, &now);
      a->rtt_ms = ep_elapsed_ms (sent, &now);
    }
}

/* Closes a TCP probe with a RST rather than a FIN, as traceroute -T does:
 * the connection was never meant to be used. */
static void
close_tcp_probe (int sock)
{
  struct linger linger = { 1, 0 };

  setsockopt (sock, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  close (sock);
}

/* One line of output: " 3  10.0.4.2  0.160 ms  0.130 ms  0.128 ms". */
static int
probe_hop (Trace *t, int ttl, int *seq)
{
  char last[EP_ADDRSTRLEN] = "", text[EP_ADDRSTRLEN];
  int reached = 0;

  printf ("%2d ", ttl);
  for (int q = 0; q < t->queries && !ep_stop; q++, (*seq)++)
    {
      struct timespec sent;
      Answer a;
      memset (&a, 0, sizeof a);
      clock_gettime (CLOCK_MONOTONIC, &sent);
      int tcp_sock = send_probe (t, ttl, *seq);
      if (tcp_sock < 0)
        {
          perror ("send probe");
          return -1;
        }
      wait_for_answer (t, *seq, tcp_sock, &sent, &a);
      if (tcp_sock > 0)
        close_tcp_probe (tcp_sock);
      if (!a.answered)
        {
          printf (" *");
          fflush (stdout);
          continue;
        }
      ep_host_string ((struct sockaddr *) &a.from, text);
      if (strcmp (text, last) != 0)
        printf (" %s", text);
      memcpy (last, text, sizeof last);
      printf ("  %.3f ms%s%s", a.rtt_ms, a.note[0] ? " " : "", a.note);
      fflush (stdout);
      reached |= a.reached;
    }
  printf ("\n");
  return reached;
}

static int
open_sockets (Trace *t)
{
  t->icmp_sock = socket (t->dest.ss_family, SOCK_RAW, t->v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
  if (t->icmp_sock < 0)
    {
      perror ("socket (raw ICMP)");
      return -1;
    }
  if (t->method == METHOD_UDP)
    {
      t->udp_sock = socket (t->dest.ss_family, SOCK_DGRAM, 0);
      if (t->udp_sock < 0)
        {
          perror ("socket");
          return -1;
        }
    }
  return 0;
}

static int
parse_traceroute_options (int argc, char **argv, Trace *t)
{
  int opt;

  t->max_ttl = 30;
  t->first_ttl = 1;
  t->queries = 3;
  t->wait = 2;
  t->port = -1;
  optind = 1;
  while ((opt = getopt (argc, argv, "+M:m:q:w:f:p:")) != -1)
    {
      switch (opt)
        {
        case 'M':
          if (strcmp (optarg, "udp") && strcmp (optarg, "icmp") && strcmp (optarg, "tcp"))
            return -1;
          t->method = optarg[0] == 'u' ? METHOD_UDP : optarg[0] == 'i' ? METHOD_ICMP : METHOD_TCP;
          break;
        case 'm': t->max_ttl = (int) ep_parse_number (optarg, 'm', 1, 255); break;
        case 'q': t->queries = (int) ep_parse_number (optarg, 'q', 1, 10); break;
        case 'w': t->wait = ep_parse_number (optarg, 'w', 0.01, 60); break;
        case 'f': t->first_ttl = (int) ep_parse_number (optarg, 'f', 1, 255); break;
        case 'p': t->port = (int) ep_parse_number (optarg, 'p', 1, 65535); break;
        default: return -1;
        }
    }
  if (argc - optind != 1)
    return -1;
  if (t->port < 0)
    t->port = t->method == METHOD_TCP ? 80 : 33434;
  return ep_parse_address (argv[optind], NULL, &t->dest, &t->dest_len) < 0 ? -2 : 0;
}

int
traceroute_main (int argc, char **argv)
{
  static Trace t;
  char text[EP_ADDRSTRLEN];
  int parsed = parse_traceroute_options (argc, argv, &t), reached = 0, seq = 0;

  if (parsed == -1)
    return ep_usage (argv[0], "[-M udp|icmp|tcp] [-m MAX_TTL] [-q NQUERIES] [-w WAIT] "
                              "[-f FIRST_TTL] [-p PORT] ADDR");
  if (parsed < 0)
    return EP_ERROR;
  t.v6 = t.dest.ss_family == AF_INET6;
  t.id = (uint16_t) getpid ();
  ep_handle_signals ((unsigned int) ((t.max_ttl - t.first_ttl + 1) * t.queries * t.wait) + 5);
  if (open_sockets (&t) < 0)
    return EP_ERROR;

  ep_host_string ((struct sockaddr *) &t.dest, text);
  printf ("traceroute to %s (%s), %d hops max, %d byte packets\n", text, text, t.max_ttl,
          t.v6 ? 80 : 60);
  for (int ttl = t.first_ttl; ttl <= t.max_ttl && !reached && !ep_stop; ttl++)
    {
      reached = probe_hop (&t, ttl, &seq);
      if (reached < 0)
        break;
    }

  if (t.udp_sock > 0)
    close (t.udp_sock);
  close (t.icmp_sock);
  return reached > 0 ? EP_OK : reached < 0 ? EP_ERROR : EP_NO_ANSWER;
}
