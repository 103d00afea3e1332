/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-udp-count.c: numbered UDP datagrams and a server counting
 * them, for links that lose packets: each datagram arrives or does not,
 * and nobody sends it again (UDP has no retransmission).
 *
 * The client sends -c N datagrams ("datagram 1" ...) 20 ms apart and does
 * not wait for anything; the server prints each one it receives and, when
 * stopped, how many arrived.
 */

#include "ladder-ep.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define GAP_MS 20

int
udp_count_server_main (int argc, char **argv)
{
  EpOptions opts;
  char buffer[512];
  int sock, received = 0;
  ssize_t n;

  /* -u: ep_start_server makes a SOCK_DGRAM socket only when asked. */
  sock = ep_start_server (argc, argv, "l:u", "[-l SECONDS] -u ADDR PORT", &opts);
  if (sock < 0)
    return EP_ERROR;
  while (!ep_stop)
    {
      n = recvfrom (sock, buffer, sizeof buffer, 0, NULL, NULL);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          perror ("recvfrom");
          break;
        }
      received++;
      printf ("Received: %.*s\n", ep_line_length (buffer, (size_t) n), buffer);
    }
  printf ("Received %d datagrams\n", received);
  close (sock);
  return EP_OK;
}

int
udp_count_client_main (int argc, char **argv)
{
  EpOptions opts;
  struct sockaddr_storage addr;
  socklen_t addr_len;
  struct timespec gap = { 0, GAP_MS * 1000000L };
  char line[64];
  int first, sock, count;

  first = ep_parse_options (argc, argv, "c:", &opts);
  if (first < 0 || argc - first != 2)
    return ep_usage (argv[0], "[-c N] ADDR PORT");
  if (ep_parse_address (argv[first], argv[first + 1], &addr, &addr_len) < 0)
    return EP_ERROR;
  ep_handle_signals (60);
  count = opts.count > 0 ? opts.count : 20;
  sock = ep_open_client (&addr, addr_len, SOCK_DGRAM, 0, 1);
  if (sock < 0)
    return EP_ERROR;
  for (int i = 1; i <= count && !ep_stop; i++)
    {
      int len = snprintf (line, sizeof line, "datagram %d\n", i);
      if (send (sock, line, (size_t) len, 0) != len)
        perror ("send");
      nanosleep (&gap, NULL);
    }
  printf ("Sent %d datagrams\n", count);
  close (sock);
  return EP_OK;
}
