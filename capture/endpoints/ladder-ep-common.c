/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep-common.c: addresses, signals and timeouts for the endpoints. */

#include "ladder-ep.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t ep_stop = 0;

int
ep_parse_address (const char *host, const char *port,
                  struct sockaddr_storage *addr, socklen_t *addr_len)
{
  struct sockaddr_in *v4 = (struct sockaddr_in *) addr;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) addr;
  long number = 0;
  char *end = NULL;

  if (port != NULL)
    {
      errno = 0;
      number = strtol (port, &end, 10);
      if (errno != 0 || end == port || *end != '\0' || number < 0 || number > 65535)
        {
          fprintf (stderr, "bad port: %s\n", port);
          return -1;
        }
    }

  memset (addr, 0, sizeof *addr);
  if (inet_pton (AF_INET, host, &v4->sin_addr) == 1)
    {
      v4->sin_family = AF_INET;
      v4->sin_port = htons ((unsigned short) number);
      *addr_len = sizeof *v4;
      return 0;
    }
  if (inet_pton (AF_INET6, host, &v6->sin6_addr) == 1)
    {
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons ((unsigned short) number);
      *addr_len = sizeof *v6;
      return 0;
    }
  fprintf (stderr, "not an IPv4 or IPv6 address: %s\n", host);
  return -1;
}

static const char *
host_text (const struct sockaddr *addr, char *buf, socklen_t size)
{
  const void *bytes = NULL;

  if (addr->sa_family == AF_INET)
    bytes = &((const struct sockaddr_in *) addr)->sin_addr;
  else if (addr->sa_family == AF_INET6)
    bytes = &((const struct sockaddr_in6 *) addr)->sin6_addr;
  if (bytes == NULL || inet_ntop (addr->sa_family, bytes, buf, size) == NULL)
    snprintf (buf, size, "?");
  return buf;
}

const char *
ep_host_string (const struct sockaddr *addr, char buf[EP_ADDRSTRLEN])
{
  return host_text (addr, buf, EP_ADDRSTRLEN);
}

const char *
ep_address_string (const struct sockaddr *addr, char buf[EP_ADDRSTRLEN])
{
  char host[INET6_ADDRSTRLEN];
  unsigned short port = 0;

  host_text (addr, host, sizeof host);
  if (addr->sa_family == AF_INET)
    port = ntohs (((const struct sockaddr_in *) addr)->sin_port);
  else if (addr->sa_family == AF_INET6)
    port = ntohs (((const struct sockaddr_in6 *) addr)->sin6_port);

  if (port == 0)
    snprintf (buf, EP_ADDRSTRLEN, "%s", host);
  else if (addr->sa_family == AF_INET6)
    snprintf (buf, EP_ADDRSTRLEN, "[%s]:%u", host, port);
  else
    snprintf (buf, EP_ADDRSTRLEN, "%s:%u", host, port);
  return buf;
}

double
ep_parse_number (const char *text, char opt, double min, double max)
{
  char *end = NULL;
  double value;

  errno = 0;
  value = strtod (text, &end);
  if (errno != 0 || end == text || *end != '\0' || !(value >= min && value <= max))
    {
      fprintf (stderr, "-%c: expected a number from %g to %g, not %s\n", opt, min, max, text);
      exit (EP_ERROR);
    }
  return value;
}

static void
on_stop_signal (int signum)
{
  ep_stop = signum;
}

void
ep_handle_signals (unsigned int lifetime_seconds)
{
  struct sigaction action;

  memset (&action, 0, sizeof action);
  action.sa_handler = on_stop_signal;
  sigemptyset (&action.sa_mask);
  action.sa_flags = 0;  /* no SA_RESTART: a blocking call returns EINTR */
  sigaction (SIGTERM, &action, NULL);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGALRM, &action, NULL);
  signal (SIGPIPE, SIG_IGN);
  alarm (lifetime_seconds);
}

int
ep_set_timeout (int sock, double seconds)
{
  struct timeval timeout;

  timeout.tv_sec = (time_t) seconds;
  timeout.tv_usec = (suseconds_t) ((seconds - (double) timeout.tv_sec) * 1e6);
  if (setsockopt (sock, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0)
    return -1;
  return setsockopt (sock, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

void
ep_ready (void)
{
  printf ("ready\n");
  fflush (stdout);
}

int
ep_usage (const char *role, const char *usage)
{
  fprintf (stderr, "usage: wireladder-endpoint %s %s\n", role, usage);
  return EP_ERROR;
}

double
ep_elapsed_ms (const struct timespec *from, const struct timespec *to)
{
  return (double) (to->tv_sec - from->tv_sec) * 1e3
         + (double) (to->tv_nsec - from->tv_nsec) / 1e6;
}

int
ep_parse_options (int argc, char **argv, const char *optstring, EpOptions *opts)
{
  char plus_optstring[32];
  int opt;

  /* "+": stop at the first operand, so a MESSAGE may start with '-'. */
  snprintf (plus_optstring, sizeof plus_optstring, "+%s", optstring);
  memset (opts, 0, sizeof *opts);
  opts->lifetime = 60;
  opts->wait = 5;
  opts->mode = "";
  opts->delay_ms = 500;
  opts->stay_ms = 1500;
  optind = 1;
  opterr = 1;
  while ((opt = getopt (argc, argv, plus_optstring)) != -1)
    {
      switch (opt)
        {
        case 'n': opts->max_clients = (int) ep_parse_number (optarg, 'n', 1, 100000); break;
        case 'l': opts->lifetime = (unsigned int) ep_parse_number (optarg, 'l', 1, 86400); break;
        case 'w': opts->wait = ep_parse_number (optarg, 'w', 0.001, 600); break;
        case 'u': opts->udp = 1; break;
        case 'm':
          /* Only reset has modes. */
          if (strcmp (optarg, "abort") != 0 && strcmp (optarg, "unread") != 0)
            return -1;
          opts->mode = optarg;
          break;
        case 'd': opts->delay_ms = (int) ep_parse_number (optarg, 'd', 0, 60000); break;
        case 's': opts->stay_ms = (int) ep_parse_number (optarg, 's', 0, 60000); break;
        case 'c': opts->count = (int) ep_parse_number (optarg, 'c', 1, 100000); break;
        default: return -1;
        }
    }
  return optind;
}

int
ep_server_status (const EpOptions *opts, int served)
{
  if (ep_stop == SIGALRM && opts->max_clients > 0 && served < opts->max_clients)
    return EP_NO_ANSWER;
  return EP_OK;
}

int
ep_line_length (const char *text, size_t n)
{
  size_t len = 0;

  while (len < n && len < 4096 && text[len] != '\r' && text[len] != '\n')
    len++;
  return (int) len;
}

/* The server steps before the first accept/recvfrom: socket,
 * setsockopt(SO_REUSEADDR), bind, and listen for TCP. */
int
ep_open_server (const struct sockaddr_storage *addr, socklen_t addr_len, int type)
{
  int one = 1;
  int sock = socket (addr->ss_family, type, 0);

  if (sock < 0)
    {
      perror ("socket");
      return -1;
    }
  if (setsockopt (sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
    perror ("setsockopt");
  if (bind (sock, (const struct sockaddr *) addr, addr_len) < 0)
    {
      perror ("bind");
      close (sock);
      return -1;
    }
  if (type == SOCK_STREAM && listen (sock, 5) < 0)
    {
      perror ("listen");
      close (sock);
      return -1;
    }
  return sock;
}

int
ep_start_server (int argc, char **argv, const char *optstring, const char *usage,
                 EpOptions *opts)
{
  struct sockaddr_storage server_addr;
  socklen_t addr_len;
  int first, sock;

  first = ep_parse_options (argc, argv, optstring, opts);
  if (first < 0 || argc - first != 2)
    {
      ep_usage (argv[0], usage);
      return -1;
    }
  if (ep_parse_address (argv[first], argv[first + 1], &server_addr, &addr_len) < 0)
    return -1;
  ep_handle_signals (opts->lifetime);
  sock = ep_open_server (&server_addr, addr_len, opts->udp ? SOCK_DGRAM : SOCK_STREAM);
  if (sock >= 0)
    ep_ready ();
  return sock;
}

int
ep_open_client (const struct sockaddr_storage *server_addr, socklen_t addr_len,
                int type, double wait, int connect_it)
{
  int sock = socket (server_addr->ss_family, type, 0);

  if (sock < 0)
    {
      perror ("socket");
      return -1;
    }
  if (ep_set_timeout (sock, wait) < 0)
    perror ("setsockopt");
  if (connect_it && connect (sock, (const struct sockaddr *) server_addr, addr_len) < 0)
    {
      perror ("connect");
      close (sock);
      return -1;
    }
  return sock;
}

struct timeval
ep_timeval_from_ms (double ms)
{
  long long usec = (long long) (ms * 1000.0);
  struct timeval tv;

  if ((double) usec < ms * 1000.0)
    usec++;
  if (usec < 1)
    usec = 1;
  tv.tv_sec = (time_t) (usec / 1000000);
  tv.tv_usec = (suseconds_t) (usec % 1000000);
  return tv;
}
