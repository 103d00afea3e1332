/* SPDX-License-Identifier: GPL-3.0-or-later */
/* echo_server.c: the course's TCP echo server in C: socket, bind, listen,
 * then for each of N clients accept, recv, send the bytes back, close.
 *
 *   echo-server N ADDR        ADDR "0.0.0.0" or "::", port 60000
 *
 * Built without the sanitizers (they do not run under ptrace) so the
 * custom-lab tests have a server that starts at once in every build. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  struct sockaddr_in6 v6 = { .sin6_family = AF_INET6, .sin6_port = htons (60000) };
  struct sockaddr_in v4 = { .sin_family = AF_INET, .sin_port = htons (60000) };
  int clients = argc > 1 ? atoi (argv[1]) : 1;
  int six = argc > 2 && strchr (argv[2], ':') != NULL;
  int so = socket (six ? AF_INET6 : AF_INET, SOCK_STREAM, IPPROTO_TCP), one = 1;
  char buf[1024];

  setsockopt (so, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if ((six ? bind (so, (struct sockaddr *) &v6, sizeof v6)
           : bind (so, (struct sockaddr *) &v4, sizeof v4)) < 0 || listen (so, 5) < 0)
    {
      perror ("bind");
      return 1;
    }
  printf ("listening on 60000\n");
  fflush (stdout);
  for (int i = 0; i < clients; i++)
    {
      int conn = accept (so, NULL, NULL);
      ssize_t n = conn < 0 ? -1 : recv (conn, buf, sizeof buf, 0);

      if (n > 0)
        send (conn, buf, (size_t) n, 0);
      printf ("echoed %zd bytes\n", n);
      fflush (stdout);
      close (conn);
    }
  close (so);
  return 0;
}
