/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-bulk.c: a bulk TCP transfer, the client sending, the server
 * counting, for links that lose packets: the byte stream arrives whole and
 * in order however many segments the network dropped (TCP retransmits).
 *
 * The server reads until the client's FIN and answers with the count; the
 * client sends -c KB kilobytes in 16 KB writes, shuts its side down
 * (shutdown(SHUT_WR): "no more data, but I still read") and checks the
 * count.
 */

#include "ladder-ep.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 16384

static long long
count_until_eof (int conn)
{
  static char buffer[CHUNK];
  long long total = 0;
  ssize_t n;

  while ((n = recv (conn, buffer, sizeof buffer, 0)) > 0)
    total += n;
  if (n < 0)
    perror ("recv");
  return n < 0 ? -1 : total;
}

int
tcp_bulk_server_main (int argc, char **argv)
{
  EpOptions opts;
  struct sockaddr_storage addr;
  socklen_t addr_len;
  int first, listener, conn, one = 1;
  char line[64];
  long long total;

  first = ep_parse_options (argc, argv, "l:", &opts);
  if (first < 0 || argc - first != 2)
    return ep_usage (argv[0], "[-l SECONDS] ADDR PORT");
  if (ep_parse_address (argv[first], argv[first + 1], &addr, &addr_len) < 0)
    return EP_ERROR;
  ep_handle_signals (opts.lifetime);
  listener = socket (addr.ss_family, SOCK_STREAM, 0);
  if (listener < 0 || setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
      || bind (listener, (struct sockaddr *) &addr, addr_len) < 0 || listen (listener, 1) < 0)
    {
      perror ("listen");
      return EP_ERROR;
    }
  ep_ready ();
  conn = accept (listener, NULL, NULL);
  if (conn < 0)
    {
      perror ("accept");
      return ep_stop ? EP_NO_ANSWER : EP_ERROR;
    }
  total = count_until_eof (conn);
  printf ("Received %lld bytes\n", total);
  snprintf (line, sizeof line, "%lld\n", total);
  if (total >= 0 && send (conn, line, strlen (line), 0) < 0)
    perror ("send");
  close (conn);
  close (listener);
  return total >= 0 ? EP_OK : EP_ERROR;
}

static int
send_all (int sock, long long bytes)
{
  static char buffer[CHUNK];

  memset (buffer, 'x', sizeof buffer);
  while (bytes > 0)
    {
      ssize_t n = send (sock, buffer, (size_t) (bytes < CHUNK ? bytes : CHUNK), 0);
      if (n < 0)
        {
          perror ("send");
          return -1;
        }
      bytes -= n;
    }
  return 0;
}

int
tcp_bulk_client_main (int argc, char **argv)
{
  EpOptions opts;
  struct sockaddr_storage addr;
  socklen_t addr_len;
  char reply[64] = "";
  long long bytes;
  int first, sock;
  ssize_t n;

  first = ep_parse_options (argc, argv, "w:c:", &opts);
  if (first < 0 || argc - first != 2)
    return ep_usage (argv[0], "[-w SECONDS] [-c KB] ADDR PORT");
  if (ep_parse_address (argv[first], argv[first + 1], &addr, &addr_len) < 0)
    return EP_ERROR;
  ep_handle_signals (120);
  bytes = (long long) (opts.count > 0 ? opts.count : 300) * 1000;
  sock = ep_open_client (&addr, addr_len, SOCK_STREAM, opts.wait, 1);
  if (sock < 0)
    return EP_ERROR;
  if (send_all (sock, bytes) < 0)
    return EP_ERROR;
  printf ("Sent %lld bytes\n", bytes);
  shutdown (sock, SHUT_WR);
  n = recv (sock, reply, sizeof reply - 1, 0);
  close (sock);
  if (n <= 0)
    {
      fprintf (stderr, "no count from the server\n");
      return EP_NO_ANSWER;
    }
  reply[n] = '\0';
  printf ("Server counted %s", reply);
  return strtoll (reply, NULL, 10) == bytes ? EP_OK : EP_ERROR;
}
