/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-udp-timestamp.c: a UDP server answering every datagram with
 * "Message received at <time>", and its client.
 *
 * The course's five steps of a UDP server: socket, bind, recvfrom, sendto,
 * close; and four of a UDP client: socket, sendto, recvfrom, close.  No
 * listen, no accept, no connection: every datagram carries its address.
 */

#include "ladder-ep.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
udp_timestamp_server_main (int argc, char **argv)
{
  EpOptions opts;
  struct sockaddr_storage server_addr, client_addr;
  socklen_t addr_len, client_len;
  char request[140], response[64], who[EP_ADDRSTRLEN];
  int first, sock, one = 1, served = 0;

  first = ep_parse_options (argc, argv, "n:l:", &opts);
  if (first < 0 || argc - first != 2)
    return ep_usage (argv[0], "[-n N] [-l SECONDS] ADDR PORT");
  if (ep_parse_address (argv[first], argv[first + 1], &server_addr, &addr_len) < 0)
    return EP_ERROR;
  ep_handle_signals (opts.lifetime);

  sock = socket (server_addr.ss_family, SOCK_DGRAM, 0);
  if (sock < 0)
    {
      perror ("socket");
      return EP_ERROR;
    }
  if (setsockopt (sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
    perror ("setsockopt");
  if (bind (sock, (struct sockaddr *) &server_addr, addr_len) < 0)
    {
      perror ("bind");
      close (sock);
      return EP_ERROR;
    }
  ep_ready ();

  while (!ep_stop && (opts.max_clients == 0 || served < opts.max_clients))
    {
      client_len = sizeof client_addr;
      ssize_t n = recvfrom (sock, request, sizeof request, 0,
                            (struct sockaddr *) &client_addr, &client_len);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;  /* a signal: the loop condition decides */
          perror ("recvfrom");
          close (sock);
          return EP_ERROR;
        }
      printf ("Message received from %s: %.*s\n",
              ep_address_string ((struct sockaddr *) &client_addr, who),
              ep_line_length (request, (size_t) n), request);

      time_t now = time (NULL);
      char when[32];
      ctime_r (&now, when);
      when[strcspn (when, "\n")] = '\0';
      int len = snprintf (response, sizeof response, "Message received at %s", when);
      if (sendto (sock, response, (size_t) len, 0, (struct sockaddr *) &client_addr, client_len) < 0)
        perror ("sendto");
      served++;
    }

  close (sock);
  return ep_server_status (&opts, served);
}

/* One request and its answer.  A lost request or a lost answer both end
 * in recvfrom() failing with EAGAIN once the timeout has passed: the
 * course's client prints the error and goes on, and nobody sends the
 * datagram again.  Returns EP_OK, EP_NO_ANSWER (timed out) or EP_ERROR. */
static int
ask (int sock, const struct sockaddr_storage *server_addr, socklen_t addr_len, const char *message)
{
  struct sockaddr_storage from_addr;
  socklen_t from_len = sizeof from_addr;
  char response[140];
  ssize_t n;

  if (sendto (sock, message, strlen (message), 0, (const struct sockaddr *) server_addr, addr_len) < 0)
    {
      perror ("sendto");
      return EP_ERROR;
    }
  n = recvfrom (sock, response, sizeof response, 0, (struct sockaddr *) &from_addr, &from_len);
  if (n < 0)
    {
      int saved = errno;
      printf ("Error: %s\n", saved == EAGAIN ? "timed out" : strerror (saved));
      return saved == EAGAIN || saved == EINTR ? EP_NO_ANSWER : EP_ERROR;
    }
  printf ("Server response: %.*s\n", ep_line_length (response, (size_t) n), response);
  return EP_OK;
}

/* -c N: the course's loop, N messages ("message 1" ...) one after the
 * other, each waiting for its answer at most the timeout. */
static int
ask_many (int sock, const struct sockaddr_storage *server_addr, socklen_t addr_len, int count)
{
  char message[32];
  int answered = 0;

  for (int i = 1; i <= count && !ep_stop; i++)
    {
      int status;

      snprintf (message, sizeof message, "message %d", i);
      status = ask (sock, server_addr, addr_len, message);
      if (status == EP_ERROR)
        return EP_ERROR;
      answered += status == EP_OK;
    }
  printf ("%d of %d answered\n", answered, count);
  return ep_stop ? EP_NO_ANSWER : EP_OK;
}

int
udp_timestamp_client_main (int argc, char **argv)
{
  EpOptions opts;
  struct sockaddr_storage server_addr;
  socklen_t addr_len;
  const char *message;
  int first, sock, status;

  first = ep_parse_options (argc, argv, "w:c:", &opts);
  if (first < 0 || argc - first < 2 || argc - first > 3 || (opts.count > 0 && argc - first == 3))
    return ep_usage (argv[0], "[-w SECONDS] [-c N] ADDR PORT [MESSAGE]");
  if (ep_parse_address (argv[first], argv[first + 1], &server_addr, &addr_len) < 0)
    return EP_ERROR;
  message = argc - first == 3 ? argv[first + 2] : "hello";
  /* Every request may wait the whole timeout. */
  ep_handle_signals (opts.count > 0 ? (unsigned int) (opts.count * (opts.wait + 1)) + 10 : 60);

  sock = socket (server_addr.ss_family, SOCK_DGRAM, 0);
  if (sock < 0)
    {
      perror ("socket");
      return EP_ERROR;
    }
  /* The course's settimeout(5): a lost datagram must not hang the client. */
  if (ep_set_timeout (sock, opts.wait) < 0)
    perror ("setsockopt");

  if (opts.count > 0)
    status = ask_many (sock, &server_addr, addr_len, opts.count);
  else
    status = ask (sock, &server_addr, addr_len, message);
  close (sock);
  return status;
}
