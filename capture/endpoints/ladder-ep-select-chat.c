/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-select-chat.c: a chat server that serves every client at once
 * from one select() loop, and a client that joins, talks and leaves.
 *
 * A blocking server can wait on only one socket at a time: while it waits
 * for client A to speak, client B cannot even connect.  select() waits on
 * all of them (the listening socket and every client) and says which are
 * ready; the sockets are non-blocking so that a call on a socket that is
 * not ready returns at once instead of stalling everybody.  The messages
 * are the course's chat protocol.
 */

#include "ladder-ep.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 32

typedef struct
{
  int  sock;
  char name[EP_ADDRSTRLEN + 16];  /* "Client (10.0.1.2:40312)" */
} ChatClient;

static ChatClient clients[MAX_CLIENTS];
static int n_clients;

static void
set_nonblocking (int sock)
{
  int flags = fcntl (sock, F_GETFL, 0);

  if (flags < 0 || fcntl (sock, F_SETFL, flags | O_NONBLOCK) < 0)
    perror ("fcntl");
}

/* Sends MESSAGE to every client except EXCEPT (-1: to all). */
static void
broadcast (int except, const char *message)
{
  for (int i = 0; i < n_clients; i++)
    if (clients[i].sock != except && send (clients[i].sock, message, strlen (message), 0) < 0)
      perror ("send");
}

static void
accept_client (int listener)
{
  struct sockaddr_storage client_addr;
  socklen_t client_len = sizeof client_addr;
  char who[EP_ADDRSTRLEN], message[128];
  int conn = accept (listener, (struct sockaddr *) &client_addr, &client_len);

  if (conn < 0)
    {
      if (errno != EAGAIN && errno != EINTR)
        perror ("accept");
      return;
    }
  if (n_clients == MAX_CLIENTS)
    {
      close (conn);
      return;
    }
  set_nonblocking (conn);
  ChatClient *client = &clients[n_clients++];
  client->sock = conn;
  snprintf (client->name, sizeof client->name, "Client (%s)",
            ep_address_string ((struct sockaddr *) &client_addr, who));
  printf ("%s connected\n", client->name);

  snprintf (message, sizeof message, "Welcome, %s.\n", client->name);
  if (send (conn, message, strlen (message), 0) < 0)
    perror ("send");
  snprintf (message, sizeof message, "%s connected\n", client->name);
  broadcast (conn, message);
}

/* One line from a client: acknowledge it, pass it on to the others. */
static void
relay_line (ChatClient *client, const char *line, int len)
{
  char message[1200];

  printf ("%s said: %.*s\n", client->name, len, line);
  snprintf (message, sizeof message, "\"%.*s\" received by the server\n", len, line);
  if (send (client->sock, message, strlen (message), 0) < 0)
    perror ("send");
  snprintf (message, sizeof message, "%s said: %.*s\n", client->name, len, line);
  broadcast (client->sock, message);
}

/* Reads what client I sent.  Returns 0 when it left (and is removed). */
static int
check_client (int i)
{
  char buffer[1024], message[128];
  ssize_t n = recv (clients[i].sock, buffer, sizeof buffer, 0);

  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return 1;
  if (n > 0)
    {
      for (char *line = buffer; line < buffer + n;)
        {
          int len = ep_line_length (line, (size_t) (buffer + n - line));
          if (len > 0)
            relay_line (&clients[i], line, len);
          line += len + 1;
        }
      return 1;
    }
  if (n < 0)
    perror ("recv");

  ChatClient gone = clients[i];
  close (gone.sock);
  clients[i] = clients[--n_clients];
  printf ("%s left\n", gone.name);
  snprintf (message, sizeof message, "%s left\n", gone.name);
  broadcast (-1, message);
  return 0;
}

int
select_chat_server_main (int argc, char **argv)
{
  EpOptions opts;
  int left = 0;
  int listener = ep_start_server (argc, argv, "n:l:", "[-n N] [-l SECONDS] ADDR PORT", &opts);

  if (listener < 0)
    return EP_ERROR;
  set_nonblocking (listener);

  while (!ep_stop && (opts.max_clients == 0 || left < opts.max_clients))
    {
      fd_set readfds;
      int max_fd = listener;

      FD_ZERO (&readfds);
      FD_SET (listener, &readfds);
      for (int i = 0; i < n_clients; i++)
        {
          FD_SET (clients[i].sock, &readfds);
          if (clients[i].sock > max_fd)
            max_fd = clients[i].sock;
        }
      if (select (max_fd + 1, &readfds, NULL, NULL, NULL) < 0)
        {
          if (errno == EINTR)
            continue;
          perror ("select");
          close (listener);
          return EP_ERROR;
        }
      if (FD_ISSET (listener, &readfds))
        accept_client (listener);
      for (int i = n_clients - 1; i >= 0; i--)
        if (FD_ISSET (clients[i].sock, &readfds) && !check_client (i))
          left++;
    }

  for (int i = 0; i < n_clients; i++)
    close (clients[i].sock);
  close (listener);
  return ep_server_status (&opts, left);
}

/* The client's view: lines from the server, printed as they complete. */
typedef struct
{
  char   data[4096];
  size_t len;
  int    welcomed;
  int    acks;
  int    closed;
} ChatInbox;

static void
print_lines (ChatInbox *inbox)
{
  char *start = inbox->data, *end;

  while ((end = memchr (start, '\n', inbox->len - (size_t) (start - inbox->data))) != NULL)
    {
      int len = (int) (end - start);
      printf ("%.*s\n", len, start);
      if (len >= 7 && strncmp (start, "Welcome", 7) == 0)
        inbox->welcomed = 1;
      if (len > 0 && start[0] == '"' && memmem (start, (size_t) len, "received by the server", 22))
        inbox->acks++;
      start = end + 1;
    }
  inbox->len -= (size_t) (start - inbox->data);
  memmove (inbox->data, start, inbox->len);
}

/* Prints what the server sends during the next MS milliseconds. */
static void
receive_for (int sock, int ms, ChatInbox *inbox)
{
  struct timespec begin, now;

  clock_gettime (CLOCK_MONOTONIC, &begin);
  for (double left = ms; left > 0 && !inbox->closed && !ep_stop;)
    {
      fd_set readfds;
      struct timeval timeout = ep_timeval_from_ms (left);

      FD_ZERO (&readfds);
      FD_SET (sock, &readfds);
      if (select (sock + 1, &readfds, NULL, NULL, &timeout) > 0)
        {
          if (inbox->len == sizeof inbox->data - 1)
            inbox->len = 0;  /* a line longer than the buffer: drop it */
          ssize_t n = recv (sock, inbox->data + inbox->len, sizeof inbox->data - 1 - inbox->len, 0);
          if (n <= 0)
            {
              printf ("Connection closed by the server\n");
              inbox->closed = 1;
              break;
            }
          inbox->len += (size_t) n;
          print_lines (inbox);
        }
      clock_gettime (CLOCK_MONOTONIC, &now);
      left = ms - ep_elapsed_ms (&begin, &now);
    }
}

int
select_chat_client_main (int argc, char **argv)
{
  static ChatInbox inbox;
  EpOptions opts;
  struct sockaddr_storage server_addr;
  socklen_t addr_len;
  char line[1024];
  int first, sock, n_lines;

  first = ep_parse_options (argc, argv, "w:d:s:", &opts);
  if (first < 0 || argc - first < 3)
    return ep_usage (argv[0], "[-w SECONDS] [-d MS] [-s MS] ADDR PORT LINE...");
  if (ep_parse_address (argv[first], argv[first + 1], &server_addr, &addr_len) < 0)
    return EP_ERROR;
  n_lines = argc - first - 2;
  ep_handle_signals (60);

  sock = ep_open_client (&server_addr, addr_len, SOCK_STREAM, opts.wait, 1);
  if (sock < 0)
    return EP_ERROR;

  receive_for (sock, opts.delay_ms, &inbox);
  for (int i = 0; i < n_lines && !inbox.closed; i++)
    {
      int len = snprintf (line, sizeof line, "%s\n", argv[first + 2 + i]);
      if (len < 0 || (size_t) len >= sizeof line || send (sock, line, (size_t) len, 0) != len)
        {
          perror ("send");
          break;
        }
      printf ("Sent: %s\n", argv[first + 2 + i]);
      receive_for (sock, 100, &inbox);
    }
  receive_for (sock, opts.stay_ms, &inbox);

  close (sock);
  return inbox.welcomed && inbox.acks == n_lines ? EP_OK : EP_NO_ANSWER;
}
