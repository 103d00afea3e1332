/* SPDX-License-Identifier: GPL-3.0-or-later */
/* echo_client.c: the course's TCP client in C, built statically
 * (-static) to show that the lab traces programs that use no shared libc.
 * It connects to the lab's server by the address the lab gives every
 * program (WIRELADDER_SERVER), port 60000: a static glibc cannot load the
 * NSS modules that resolve names. */
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
  const char *server = getenv ("WIRELADDER_SERVER");
  const char *message = argc > 1 ? argv[1] : "static hello";
  struct sockaddr_in addr = { 0 };
  char buf[1024];
  ssize_t n;
  int so;

  addr.sin_family = AF_INET;
  addr.sin_port = htons (60000);
  if (server == NULL || inet_pton (AF_INET, server, &addr.sin_addr) != 1)
    {
      fprintf (stderr, "WIRELADDER_SERVER is not an IPv4 address\n");
      return 1;
    }
  so = socket (AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (so < 0 || connect (so, (struct sockaddr *) &addr, sizeof addr) < 0)
    {
      perror ("connect");
      return 1;
    }
  send (so, message, strlen (message), 0);
  n = recv (so, buf, sizeof buf - 1, 0);
  buf[n > 0 ? n : 0] = '\0';
  printf ("echo: %s\n", buf);
  close (so);
  return 0;
}
