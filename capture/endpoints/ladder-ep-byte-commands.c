/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-byte-commands.c: a one-byte protocol, over TCP and over UDP.
 *
 * The command is a single byte: 0x1b asks for "first!", 0x2b for
 * "second!".  The same server and client run on a stream socket (one
 * connection per command) or, with -u, on a datagram socket.
 */

#include "ladder-ep.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The protocol: which answer a command byte gets (NULL: none). */
static const char *
answer_for (unsigned char command)
{
  if (command == 0x1b)
    {
      printf ("1\n");
      return "first!";
    }
  if (command == 0x2b)
    {
      printf ("2\n");
      return "second!";
    }
  printf ("unknown command 0x%02x\n", command);
  return NULL;
}

/* Each returns 0 when a command was served, 1 when the wait was
 * interrupted or the client sent nothing, -1 when the server cannot go on. */

/* TCP: accept, recv one byte, send the answer, close. */
static int
serve_one_tcp (int listener)
{
  unsigned char command;
  const char *answer;
  int conn = accept (listener, NULL, NULL);

  if (conn < 0)
    {
      if (errno == EINTR)
        return 1;
      perror ("accept");
      return -1;
    }
  ssize_t n = recv (conn, &command, 1, 0);
  if (n < 0)
    perror ("recv");
  if (n == 1 && (answer = answer_for (command)) != NULL)
    {
      if (send (conn, answer, strlen (answer), 0) < 0)
        perror ("send");
    }
  close (conn);
  return n == 1 ? 0 : 1;
}

/* UDP: recvfrom one byte, sendto the answer back to its sender. */
static int
serve_one_udp (int sock)
{
  struct sockaddr_storage client_addr;
  socklen_t client_len = sizeof client_addr;
  unsigned char command;
  const char *answer;
  ssize_t n;

  n = recvfrom (sock, &command, 1, 0, (struct sockaddr *) &client_addr, &client_len);
  if (n < 0)
    {
      if (errno == EINTR)
        return 1;
      perror ("recvfrom");
      return -1;
    }
  if (n == 1 && (answer = answer_for (command)) != NULL)
    {
      if (sendto (sock, answer, strlen (answer), 0, (struct sockaddr *) &client_addr, client_len) < 0)
        perror ("sendto");
    }
  return 0;
}

int
byte_commands_server_main (int argc, char **argv)
{
  EpOptions opts;
  int served = 0;
  int sock = ep_start_server (argc, argv, "un:l:", "[-u] [-n N] [-l SECONDS] ADDR PORT", &opts);

  if (sock < 0)
    return EP_ERROR;

  while (!ep_stop && (opts.max_clients == 0 || served < opts.max_clients))
    {
      int result = opts.udp ? serve_one_udp (sock) : serve_one_tcp (sock);
      if (result < 0)
        {
          close (sock);
          return EP_ERROR;
        }
      if (result == 0)
        served++;
    }

  close (sock);
  return ep_server_status (&opts, served);
}

/* "0x1b", "27" or "033": one byte. */
static int
parse_command (const char *text, unsigned char *command)
{
  char *end = NULL;
  long value = strtol (text, &end, 0);

  if (end == text || *end != '\0' || value < 0 || value > 255)
    {
      fprintf (stderr, "not a byte: %s\n", text);
      return -1;
    }
  *command = (unsigned char) value;
  return 0;
}

int
byte_commands_client_main (int argc, char **argv)
{
  EpOptions opts;
  struct sockaddr_storage server_addr;
  socklen_t addr_len;
  unsigned char command;
  char answer[1024];
  int first, sock;
  ssize_t n;

  first = ep_parse_options (argc, argv, "uw:", &opts);
  if (first < 0 || argc - first != 3)
    return ep_usage (argv[0], "[-u] [-w SECONDS] ADDR PORT BYTE");
  if (ep_parse_address (argv[first], argv[first + 1], &server_addr, &addr_len) < 0
      || parse_command (argv[first + 2], &command) < 0)
    return EP_ERROR;
  ep_handle_signals (60);

  /* TCP connects first; UDP just sends, naming the server each time. */
  sock = ep_open_client (&server_addr, addr_len, opts.udp ? SOCK_DGRAM : SOCK_STREAM,
                         opts.wait, !opts.udp);
  if (sock < 0)
    return EP_ERROR;

  if (opts.udp)
    n = sendto (sock, &command, 1, 0, (struct sockaddr *) &server_addr, addr_len);
  else
    n = send (sock, &command, 1, 0);
  if (n != 1)
    {
      perror (opts.udp ? "sendto" : "send");
      close (sock);
      return EP_ERROR;
    }

  n = opts.udp ? recvfrom (sock, answer, sizeof answer, 0, NULL, NULL)
               : recv (sock, answer, sizeof answer, 0);
  if (n < 0)
    perror (opts.udp ? "recvfrom" : "recv");
  else if (n > 0)
    printf ("%.*s\n", (int) n, answer);
  close (sock);
  return n > 0 ? EP_OK : EP_NO_ANSWER;
}
