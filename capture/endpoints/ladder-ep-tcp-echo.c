/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-tcp-echo.c: a TCP server that echoes every message three times,
 * and its client.
 *
 * The course's six steps of a TCP server: socket, bind, listen, accept,
 * read/write, close; and four of a TCP client: socket, connect,
 * write/read, close.
 */

#include "ladder-ep.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define ECHO_TIMES 3

/* Reads from one client until it closes, sending each chunk back three
 * times. */
static void
echo_three_times (int conn, const struct sockaddr *client_addr)
{
  char buffer[1024];
  char who[EP_ADDRSTRLEN];
  ssize_t n;

  printf ("Connection from %s\n", ep_address_string (client_addr, who));
  while ((n = recv (conn, buffer, sizeof buffer, 0)) > 0)
    {
      printf ("Received %zd bytes: %.*s\n", n, ep_line_length (buffer, (size_t) n), buffer);
      for (int i = 0; i < ECHO_TIMES; i++)
        {
          if (send (conn, buffer, (size_t) n, 0) != n)
            {
              perror ("send");
              return;
            }
        }
    }
  if (n < 0)
    perror ("recv");
  else
    printf ("Connection closed by %s\n", who);
}

/* socket, setsockopt(SO_REUSEADDR), bind, listen: the listening socket. */
static int
open_listener (const struct sockaddr_storage *server_addr, socklen_t addr_len)
{
  int listener;
  int one = 1;

  listener = socket (server_addr->ss_family, SOCK_STREAM, 0);
  if (listener < 0)
    {
      perror ("socket");
      return -1;
    }
  if (setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
    perror ("setsockopt");
  if (bind (listener, (const struct sockaddr *) server_addr, addr_len) < 0)
    {
      perror ("bind");
      close (listener);
      return -1;
    }
  if (listen (listener, 5) < 0)
    {
      perror ("listen");
      close (listener);
      return -1;
    }
  return listener;
}

int
tcp_echo_server_main (int argc, char **argv)
{
  EpOptions opts;
  struct sockaddr_storage server_addr, client_addr;
  socklen_t addr_len, client_len;
  int first, listener, served = 0;

  first = ep_parse_options (argc, argv, "n:l:", &opts);
  if (first < 0 || argc - first != 2)
    return ep_usage (argv[0], "[-n N] [-l SECONDS] ADDR PORT");
  if (ep_parse_address (argv[first], argv[first + 1], &server_addr, &addr_len) < 0)
    return EP_ERROR;
  ep_handle_signals (opts.lifetime);

  listener = open_listener (&server_addr, addr_len);
  if (listener < 0)
    return EP_ERROR;
  ep_ready ();

  while (!ep_stop && (opts.max_clients == 0 || served < opts.max_clients))
    {
      client_len = sizeof client_addr;
      int conn = accept (listener, (struct sockaddr *) &client_addr, &client_len);
      if (conn < 0)
        {
          if (errno == EINTR)
            continue;
          perror ("accept");
          close (listener);
          return EP_ERROR;
        }
      echo_three_times (conn, (struct sockaddr *) &client_addr);
      close (conn);
      served++;
    }

  close (listener);
  return ep_server_status (&opts, served);
}

/* Receives until WANT bytes are in BUFFER.  Returns how many arrived. */
static size_t
recv_all (int sock, char *buffer, size_t want)
{
  size_t got = 0;

  while (got < want)
    {
      ssize_t n = recv (sock, buffer + got, want - got, 0);
      if (n < 0)
        {
          perror ("recv");
          break;
        }
      if (n == 0)
        {
          printf ("Connection closed by the server\n");
          break;
        }
      got += (size_t) n;
    }
  return got;
}

/* Sends MESSAGE and a newline, and prints the three echoes. */
static int
send_and_check (int sock, const char *message)
{
  char line[512], echoes[ECHO_TIMES * sizeof line];
  int len = snprintf (line, sizeof line, "%s\n", message);
  size_t got;

  if (len < 0 || (size_t) len >= sizeof line)
    {
      fprintf (stderr, "message too long: %s\n", message);
      return EP_ERROR;
    }
  if (send (sock, line, (size_t) len, 0) != len)
    {
      perror ("send");
      return EP_ERROR;
    }
  printf ("Sent: %s\n", message);

  got = recv_all (sock, echoes, ECHO_TIMES * (size_t) len);
  for (char *start = echoes, *end; (end = memchr (start, '\n', got - (size_t) (start - echoes))) != NULL;
       start = end + 1)
    printf ("Received: %.*s\n", (int) (end - start), start);
  return got == ECHO_TIMES * (size_t) len ? EP_OK : EP_NO_ANSWER;
}

int
tcp_echo_client_main (int argc, char **argv)
{
  static char *default_message[] = { "hello", NULL };
  EpOptions opts;
  struct sockaddr_storage server_addr;
  socklen_t addr_len;
  char who[EP_ADDRSTRLEN];
  char **messages;
  int first, sock, status = EP_OK;

  first = ep_parse_options (argc, argv, "w:", &opts);
  if (first < 0 || argc - first < 2)
    return ep_usage (argv[0], "[-w SECONDS] ADDR PORT [MESSAGE...]");
  if (ep_parse_address (argv[first], argv[first + 1], &server_addr, &addr_len) < 0)
    return EP_ERROR;
  messages = argc - first > 2 ? argv + first + 2 : default_message;
  ep_handle_signals (60);

  sock = socket (server_addr.ss_family, SOCK_STREAM, 0);
  if (sock < 0)
    {
      perror ("socket");
      return EP_ERROR;
    }
  if (ep_set_timeout (sock, opts.wait) < 0)
    perror ("setsockopt");
  if (connect (sock, (struct sockaddr *) &server_addr, addr_len) < 0)
    {
      perror ("connect");
      close (sock);
      return EP_ERROR;
    }
  printf ("Connected to %s\n", ep_address_string ((struct sockaddr *) &server_addr, who));

  for (int i = 0; messages[i] != NULL && status == EP_OK; i++)
    status = send_and_check (sock, messages[i]);

  close (sock);
  return status;
}
