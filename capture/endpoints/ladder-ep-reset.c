/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-reset.c: connections that end with RST instead of FIN.
 *
 * abort:  the client sets SO_LINGER {1, 0} and closes.  A zero linger time
 *         means "throw away what is unsent and reset": the kernel sends RST,
 *         and the server's recv() fails with ECONNRESET.
 * unread: the server reads 1 KiB of a longer transfer and closes.  Closing a
 *         socket with data still unread tells the peer that data was lost:
 *         the kernel answers with RST in the middle of the transfer, and the
 *         client's next send() fails.
 */

#include "ladder-ep.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 1024
#define TRANSFER (64 * CHUNK)

static void
sleep_ms (int ms)
{
  struct timespec pause = { ms / 1000, (long) (ms % 1000) * 1000000L };

  nanosleep (&pause, NULL);
}

/* abort: echo every message once until the client's RST arrives. */
static int
serve_until_reset (int conn)
{
  char buffer[CHUNK];
  ssize_t n;

  while ((n = recv (conn, buffer, sizeof buffer, 0)) > 0)
    {
      printf ("Received %zd bytes: %.*s\n", n, ep_line_length (buffer, (size_t) n), buffer);
      if (send (conn, buffer, (size_t) n, 0) < 0)
        break;
    }
  if (n == 0)
    {
      printf ("Connection closed (FIN, no reset)\n");
      return 0;
    }
  printf ("%s: %s\n", n < 0 ? "recv" : "send", strerror (errno));
  return errno == ECONNRESET;
}

/* unread: read one chunk, give the client time to send more, close. */
static int
close_with_unread_data (int conn)
{
  char buffer[CHUNK];
  ssize_t n = recv (conn, buffer, sizeof buffer, 0);

  if (n < 0)
    {
      perror ("recv");
      return 0;
    }
  sleep_ms (100);
  printf ("Received %zd bytes; closing with unread data\n", n);
  return 1;
}

int
reset_server_main (int argc, char **argv)
{
  EpOptions opts;
  struct sockaddr_storage client_addr;
  socklen_t client_len;
  char who[EP_ADDRSTRLEN];
  int served = 0, resets = 0;
  int listener = ep_start_server (argc, argv, "m:n:l:", "[-m abort|unread] [-n N] [-l SECONDS] ADDR PORT",
                                  &opts);

  if (listener < 0)
    return EP_ERROR;

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
      printf ("Connection from %s\n", ep_address_string ((struct sockaddr *) &client_addr, who));
      if (strcmp (opts.mode, "unread") == 0)
        resets += close_with_unread_data (conn);
      else
        resets += serve_until_reset (conn);
      close (conn);
      served++;
    }

  close (listener);
  if (resets < served)
    return EP_NO_ANSWER;
  return ep_server_status (&opts, served);
}

/* abort: one echo, then the abortive close. */
static int
abort_connection (int sock)
{
  struct linger linger = { 1, 0 };  /* on, 0 seconds: reset at close */
  char buffer[CHUNK];
  ssize_t n;

  if (send (sock, "hello\n", 6, 0) != 6)
    {
      perror ("send");
      return EP_ERROR;
    }
  n = recv (sock, buffer, sizeof buffer, 0);
  if (n <= 0)
    {
      perror ("recv");
      return EP_NO_ANSWER;
    }
  printf ("Received: %.*s\n", ep_line_length (buffer, (size_t) n), buffer);
  if (setsockopt (sock, SOL_SOCKET, SO_LINGER, &linger, sizeof linger) < 0)
    {
      perror ("setsockopt");
      return EP_ERROR;
    }
  printf ("Closing with SO_LINGER {1, 0}\n");
  return EP_OK;
}

/* unread: keep sending until the server's RST stops us. */
static int
send_until_reset (int sock)
{
  char chunk[CHUNK];
  size_t sent = 0;
  ssize_t n = 0;

  memset (chunk, 'x', sizeof chunk);
  while (sent < TRANSFER && !ep_stop)
    {
      n = send (sock, chunk, sizeof chunk, 0);
      if (n < 0)
        break;
      sent += (size_t) n;
      sleep_ms (10);
    }
  printf ("Sent %zu bytes\n", sent);
  if (n < 0)
    {
      printf ("send: %s\n", strerror (errno));
      return errno == ECONNRESET || errno == EPIPE ? EP_OK : EP_ERROR;
    }
  n = recv (sock, chunk, sizeof chunk, 0);
  if (n < 0)
    printf ("recv: %s\n", strerror (errno));
  return n < 0 && errno == ECONNRESET ? EP_OK : EP_NO_ANSWER;
}

int
reset_client_main (int argc, char **argv)
{
  EpOptions opts;
  struct sockaddr_storage server_addr;
  socklen_t addr_len;
  int first, sock, status;

  first = ep_parse_options (argc, argv, "m:w:", &opts);
  if (first < 0 || argc - first != 2)
    return ep_usage (argv[0], "[-m abort|unread] [-w SECONDS] ADDR PORT");
  if (ep_parse_address (argv[first], argv[first + 1], &server_addr, &addr_len) < 0)
    return EP_ERROR;
  ep_handle_signals (60);

  sock = ep_open_client (&server_addr, addr_len, SOCK_STREAM, opts.wait, 1);
  if (sock < 0)
    return EP_ERROR;

  if (strcmp (opts.mode, "unread") == 0)
    status = send_until_reset (sock);
  else
    status = abort_connection (sock);
  close (sock);
  return status;
}
