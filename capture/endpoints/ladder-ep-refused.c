/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-refused.c: knocking on a port nobody listens on.
 *
 * TCP: the SYN is answered by a RST, and connect() fails with
 * ECONNREFUSED.  UDP has no handshake: the datagram goes out, the host
 * answers with ICMP "port unreachable", and because the socket is
 * connected the kernel hands that back as ECONNREFUSED on the next recv().
 */

#include "ladder-ep.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static int
refused_tcp (int sock, const struct sockaddr_storage *server_addr, socklen_t addr_len)
{
  if (connect (sock, (const struct sockaddr *) server_addr, addr_len) == 0)
    {
      printf ("Connected: the port is open\n");
      return EP_NO_ANSWER;
    }
  printf ("connect: %s\n", strerror (errno));
  return errno == ECONNREFUSED ? EP_OK : EP_NO_ANSWER;
}

static int
refused_udp (int sock, const struct sockaddr_storage *server_addr, socklen_t addr_len)
{
  char who[EP_ADDRSTRLEN], reply[64];
  const char *message = "hello";
  ssize_t n;

  /* connect() on UDP only fixes the peer: no packet leaves yet.  It is what
   * lets the kernel report the ICMP error to us. */
  if (connect (sock, (const struct sockaddr *) server_addr, addr_len) < 0)
    {
      perror ("connect");
      return EP_ERROR;
    }
  n = send (sock, message, strlen (message), 0);
  if (n < 0)
    {
      perror ("send");
      return EP_ERROR;
    }
  printf ("Sent %zd bytes to %s\n", n, ep_address_string ((const struct sockaddr *) server_addr, who));

  n = recv (sock, reply, sizeof reply, 0);
  if (n >= 0)
    {
      printf ("Received %zd bytes: the port is open\n", n);
      return EP_NO_ANSWER;
    }
  printf ("recv: %s\n", strerror (errno));
  return errno == ECONNREFUSED ? EP_OK : EP_NO_ANSWER;
}

int
refused_client_main (int argc, char **argv)
{
  EpOptions opts;
  struct sockaddr_storage server_addr;
  socklen_t addr_len;
  int first, sock, status;

  first = ep_parse_options (argc, argv, "uw:", &opts);
  if (first < 0 || argc - first != 2)
    return ep_usage (argv[0], "[-u] [-w SECONDS] ADDR PORT");
  if (ep_parse_address (argv[first], argv[first + 1], &server_addr, &addr_len) < 0)
    return EP_ERROR;
  ep_handle_signals (60);

  /* Not connected yet: the refusal is what this program is about. */
  sock = ep_open_client (&server_addr, addr_len, opts.udp ? SOCK_DGRAM : SOCK_STREAM, opts.wait, 0);
  if (sock < 0)
    return EP_ERROR;

  if (opts.udp)
    status = refused_udp (sock, &server_addr, addr_len);
  else
    status = refused_tcp (sock, &server_addr, addr_len);
  close (sock);
  return status;
}
