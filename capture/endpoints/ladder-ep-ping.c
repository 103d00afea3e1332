/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-ping.c: ping, as the course's `ping [-t ttl] host`.
 *
 * ping sends ICMP echo requests and times the echo replies.  There is no
 * port and no connection: ICMP sits right on IP, so the program needs a raw
 * socket (SOCK_RAW, IPPROTO_ICMP), which sees every ICMP message the host
 * receives and must pick out its own by the identifier.  Where raw sockets
 * are not allowed, Linux offers an "ICMP datagram" socket (SOCK_DGRAM,
 * IPPROTO_ICMP) that does the sorting itself; it cannot see the errors
 * routers send back, such as "Time to live exceeded".
 *
 * The TTL (-t) is how many routers a packet may cross: each one lowers it
 * by one, and the router that brings it to zero drops the packet and
 * answers with ICMP "time exceeded".
 */

#include "ladder-ep.h"
#include "ladder-ep-icmp.h"

#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_COUNT   1000
#define MAX_PAYLOAD 1400

typedef struct
{
  int                     sock, raw;
  struct sockaddr_storage dest;
  socklen_t               dest_len;
  char                    dest_text[EP_ADDRSTRLEN];
  uint16_t                id;
  int                     count, ttl, size;
  double                  interval, timeout;
  struct timespec         sent[MAX_COUNT + 1];
  unsigned char           answered[MAX_COUNT + 1];
  int                     transmitted, received, errors;
  double                  rtt_min, rtt_max, rtt_sum, rtt_sum2;
} Ping;

/* Raw socket if we may, else the ICMP datagram socket; then the TTL. */
static int
open_ping_socket (Ping *p)
{
  int family = p->dest.ss_family;
  int protocol = family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
  int on = 1;

  p->raw = 1;
  p->sock = socket (family, SOCK_RAW, protocol);
  if (p->sock < 0 && (errno == EPERM || errno == EACCES))
    {
      p->raw = 0;
      p->sock = socket (family, SOCK_DGRAM, protocol);
    }
  if (p->sock < 0)
    {
      perror ("socket");
      return -1;
    }
  if ((family == AF_INET
       && setsockopt (p->sock, IPPROTO_IP, IP_TTL, &p->ttl, sizeof p->ttl) < 0)
      || (family == AF_INET6
          && setsockopt (p->sock, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &p->ttl, sizeof p->ttl) < 0))
    {
      perror ("setsockopt");
      return -1;
    }
  /* Ask for each reply's TTL where it is not in the packet itself. */
  if (family == AF_INET6)
    setsockopt (p->sock, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on);
  else if (!p->raw)
    setsockopt (p->sock, IPPROTO_IP, IP_RECVTTL, &on, sizeof on);
  return 0;
}

static int
send_echo (Ping *p, int seq)
{
  unsigned char packet[8 + MAX_PAYLOAD];
  size_t len = ep_icmp_echo_request (packet, sizeof packet, p->dest.ss_family,
                                     p->id, (uint16_t) seq, (size_t) p->size);

  clock_gettime (CLOCK_MONOTONIC, &p->sent[seq]);
  if (sendto (p->sock, packet, len, 0, (struct sockaddr *) &p->dest, p->dest_len) < 0)
    {
      perror ("sendto");
      return -1;
    }
  p->transmitted++;
  return 0;
}

static void
note_reply (Ping *p, const EpIcmpMessage *msg, const char *from)
{
  struct timespec now;
  double rtt;

  clock_gettime (CLOCK_MONOTONIC, &now);
  rtt = ep_elapsed_ms (&p->sent[msg->seq], &now);
  printf ("%zu bytes from %s: icmp_seq=%u ttl=%d time=%.3f ms\n",
          msg->length, from, msg->seq, msg->ttl, rtt);
  p->answered[msg->seq] = 1;
  p->received++;
  p->rtt_min = p->received == 1 || rtt < p->rtt_min ? rtt : p->rtt_min;
  p->rtt_max = rtt > p->rtt_max ? rtt : p->rtt_max;
  p->rtt_sum += rtt;
  p->rtt_sum2 += rtt * rtt;
}

/* Reads one ICMP message and reports it if it answers one of our requests. */
static void
handle_message (Ping *p)
{
  unsigned char packet[2048];
  struct sockaddr_storage from;
  char from_text[EP_ADDRSTRLEN];
  EpIcmpMessage msg;
  int ttl;
  ssize_t n = ep_icmp_receive (p->sock, packet, sizeof packet, &from, &ttl);

  if (n < 0 || ep_icmp_parse (packet, (size_t) n, p->dest.ss_family,
                              p->raw && p->dest.ss_family == AF_INET, &msg) < 0)
    return;
  if (msg.ttl < 0)
    msg.ttl = ttl;
  ep_host_string ((struct sockaddr *) &from, from_text);

  /* The datagram socket's identifier is chosen by the kernel, which only
   * hands us our own replies anyway. */
  if (msg.kind == EP_ICMP_ECHO_REPLY && (!p->raw || msg.id == p->id)
      && msg.seq >= 1 && msg.seq <= p->count && !p->answered[msg.seq])
    note_reply (p, &msg, from_text);
  else if ((msg.kind == EP_ICMP_TIME_EXCEEDED || msg.kind == EP_ICMP_UNREACHABLE)
           && msg.quote.id == p->id && msg.quote.seq >= 1 && msg.quote.seq <= p->count
           && (msg.quote.protocol == IPPROTO_ICMP || msg.quote.protocol == IPPROTO_ICMPV6))
    {
      printf ("From %s icmp_seq=%u %s\n", from_text, msg.quote.seq, ep_icmp_describe (&msg));
      p->errors++;
    }
}

/* Waits up to MS for answers; with ALL, stops once every request is answered. */
static void
wait_for_replies (Ping *p, double ms, int all)
{
  struct timespec begin, now;

  clock_gettime (CLOCK_MONOTONIC, &begin);
  for (double left = ms; left > 0 && !ep_stop; left = ms - ep_elapsed_ms (&begin, &now))
    {
      fd_set readfds;
      struct timeval timeout = ep_timeval_from_ms (left);

      if (all && p->received + p->errors >= p->transmitted)
        break;
      FD_ZERO (&readfds);
      FD_SET (p->sock, &readfds);
      if (select (p->sock + 1, &readfds, NULL, NULL, &timeout) > 0)
        handle_message (p);
      clock_gettime (CLOCK_MONOTONIC, &now);
    }
}

static void
print_statistics (Ping *p, const struct timespec *start)
{
  struct timespec end;
  char errors[32] = "";

  clock_gettime (CLOCK_MONOTONIC, &end);
  if (p->errors > 0)
    snprintf (errors, sizeof errors, ", +%d errors", p->errors);
  printf ("\n--- %s ping statistics ---\n", p->dest_text);
  printf ("%d packets transmitted, %d received%s, %d%% packet loss, time %.0fms\n",
          p->transmitted, p->received, errors,
          p->transmitted > 0 ? (p->transmitted - p->received) * 100 / p->transmitted : 0,
          ep_elapsed_ms (start, &end));
  if (p->received > 0)
    {
      double avg = p->rtt_sum / p->received;
      double mdev = sqrt (fmax (0, p->rtt_sum2 / p->received - avg * avg));
      printf ("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n", p->rtt_min, avg, p->rtt_max, mdev);
    }
}

static int
parse_ping_options (int argc, char **argv, Ping *p)
{
  int opt;

  p->count = 3;
  p->ttl = 64;
  p->interval = 1;
  p->timeout = 2;
  p->size = 56;
  optind = 1;
  while ((opt = getopt (argc, argv, "+c:t:i:W:s:")) != -1)
    {
      switch (opt)
        {
        case 'c': p->count = (int) ep_parse_number (optarg, 'c', 1, MAX_COUNT); break;
        case 't': p->ttl = (int) ep_parse_number (optarg, 't', 1, 255); break;
        case 'i': p->interval = ep_parse_number (optarg, 'i', 0.01, 60); break;
        case 'W': p->timeout = ep_parse_number (optarg, 'W', 0.01, 60); break;
        case 's': p->size = (int) ep_parse_number (optarg, 's', 0, MAX_PAYLOAD); break;
        default: return -1;
        }
    }
  if (argc - optind != 1)
    return -1;
  return ep_parse_address (argv[optind], NULL, &p->dest, &p->dest_len) < 0 ? -2 : 0;
}

int
ping_main (int argc, char **argv)
{
  static Ping p;
  struct timespec start;
  int parsed = parse_ping_options (argc, argv, &p);

  if (parsed == -1)
    return ep_usage (argv[0], "[-c COUNT] [-t TTL] [-i INTERVAL] [-W TIMEOUT] [-s SIZE] ADDR");
  if (parsed < 0)
    return EP_ERROR;
  ep_handle_signals ((unsigned int) (p.count * p.interval + p.timeout) + 5);
  ep_host_string ((struct sockaddr *) &p.dest, p.dest_text);
  p.id = (uint16_t) getpid ();
  if (open_ping_socket (&p) < 0)
    return EP_ERROR;

  if (p.dest.ss_family == AF_INET6)
    printf ("PING %s(%s) %d data bytes\n", p.dest_text, p.dest_text, p.size);
  else
    printf ("PING %s (%s) %d(%d) bytes of data.\n", p.dest_text, p.dest_text, p.size, p.size + 28);

  clock_gettime (CLOCK_MONOTONIC, &start);
  for (int seq = 1; seq <= p.count && !ep_stop; seq++)
    {
      if (send_echo (&p, seq) < 0)
        break;
      if (seq < p.count)
        wait_for_replies (&p, p.interval * 1000, 0);
    }
  wait_for_replies (&p, p.timeout * 1000, 1);

  print_statistics (&p, &start);
  close (p.sock);
  return p.received > 0 ? EP_OK : EP_NO_ANSWER;
}
