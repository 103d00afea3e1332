/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dup_client.c: a TCP client that talks through copies of its socket, as
 * a program does that hands a connection to stdio or to another part of
 * itself: dup(), fcntl(F_DUPFD), dup2() and dup3() give new descriptors
 * for the same socket, and closing the first leaves the connection open.
 * It writes and reads with write() and read(), as stdio would, and drains
 * with recv(): each is recorded under its own name.  Built
 * statically (no shared C library to preload into) where libc.a exists.
 * The server is the lab's (WIRELADDER_SERVER, IPv4 or IPv6), port 60000;
 * what it echoes is read until it has been quiet for 300 ms.  Built
 * without the sanitizers, which do not run under ptrace. */
#define _GNU_SOURCE  /* dup3 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* WIRELADDER_SERVER as a sockaddr for either family. */
static socklen_t
server_address (struct sockaddr_storage *addr)
{
  const char *server = getenv ("WIRELADDER_SERVER");
  struct sockaddr_in *v4 = (struct sockaddr_in *) addr;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) addr;

  memset (addr, 0, sizeof *addr);
  if (server != NULL && inet_pton (AF_INET, server, &v4->sin_addr) == 1)
    {
      v4->sin_family = AF_INET;
      v4->sin_port = htons (60000);
      return sizeof *v4;
    }
  if (server != NULL && inet_pton (AF_INET6, server, &v6->sin6_addr) == 1)
    {
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons (60000);
      return sizeof *v6;
    }
  return 0;
}

int
main (int argc, char **argv)
{
  const char *message = argc > 1 ? argv[1] : "dup hello";
  struct sockaddr_storage addr;
  socklen_t len = server_address (&addr);
  struct timeval wait = { 0, 300000 };
  char buf[1024];
  ssize_t n;
  int so, copy, high, fixed, cloexec;

  if (len == 0)
    {
      fprintf (stderr, "WIRELADDER_SERVER is not an IP address\n");
      return 1;
    }
  so = socket (addr.ss_family, SOCK_STREAM, IPPROTO_TCP);
  if (so < 0 || connect (so, (struct sockaddr *) &addr, len) < 0)
    {
      perror ("connect");
      return 1;
    }
  copy = dup (so);                    /* the lowest free descriptor */
  high = fcntl (so, F_DUPFD, 20);     /* the lowest free from 20 on */
  fixed = dup2 (so, 30);              /* exactly 30 */
  cloexec = dup3 (so, 40, O_CLOEXEC); /* exactly 40, closed by an exec */
  if (copy < 0 || high < 0 || fixed != 30 || cloexec != 40)
    {
      perror ("dup");
      return 1;
    }
  close (cloexec);
  close (so);                         /* the connection stays open */
  setsockopt (copy, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  if (write (copy, message, strlen (message)) < 0)
    perror ("write");
  n = read (high, buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = '\0';
  printf ("echo: %s (fds %d %d %d)\n", buf, copy, high, fixed);
  fflush (stdout);
  /* Whatever else the server echoes, so that closing sends a FIN (unread
   * data would make it a reset). */
  while (recv (fixed, buf, sizeof buf, 0) > 0)
    ;
  close (copy);
  close (high);
  close (fixed);                      /* the last one: now the FIN */
  return 0;
}
