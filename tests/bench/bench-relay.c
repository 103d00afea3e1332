/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-relay.c: what the lab's relay costs on a link without impairments.
 *
 *   bench-relay [--userns] [--seconds S] [--pings N]
 *
 * Builds, in the lab's own namespaces (capture/ladder-netns.h), two hosts
 * joined three ways in turn and measures each in the same run:
 *   plain      one veth pair, offloads on (the lab's plain link)
 *   software   one veth pair, checksums in software (every link of a run
 *              with a relayed link)
 *   relay      two veth pairs and the relay in between, no impairment
 * Latency: N UDP ping-pongs of 32 bytes, round-trip median and 99th
 * percentile.  Throughput: one TCP stream for S seconds.
 * Prints figures only; never judges them (exit 0 unless something could
 * not be set up: 1, or 77 where the lab cannot run).
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ladder-lab-relay.h"
#include "ladder-netns-rtnl.h"
#include "ladder-netns.h"

#define PORT 5001

typedef enum { WIRE_PLAIN, WIRE_SOFTWARE, WIRE_RELAY } Wire;

static const char *const wire_names[] = { "plain veth", "veth, software checksums", "relay, no impairment" };

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
check (gboolean ok, GError *error)
{
  if (ok)
    return;
  g_printerr ("bench-relay: %s\n", error != NULL ? error->message : "failed");
  exit (1);
}

static gboolean
end_up (LadderNetns *ns, const char *ifname, const char *addr, gboolean software, GError **error)
{
  LadderAddr a;
  gboolean ok;

  ladder_addr_parse (addr, &a);
  if (!ladder_netns_switch (ns, error))
    return FALSE;
  ok = (!software || ladder_lab_relay_plain_frames (ifname, error))
       && ladder_netns_rtnl_addr_add (ifname, &a, 24, error)
       && ladder_netns_rtnl_link_up (ifname, error);
  return ladder_netns_switch (NULL, ok ? error : NULL) && ok;
}

/* Hosts A (10.9.0.1) and B (10.9.0.2) joined by WIRE; RELAY is set for
 * WIRE_RELAY. */
static void
build (Wire wire, LadderNetns **a, LadderNetns **b, LadderNetns **mid, LadderLabRelay **relay)
{
  GError *error = NULL;
  LadderLabImpair none = { 0 };

  *a = ladder_netns_new ("bench-a", &error);
  check (*a != NULL, error);
  *b = ladder_netns_new ("bench-b", &error);
  check (*b != NULL, error);
  if (wire != WIRE_RELAY)
    check (ladder_netns_rtnl_veth_add ("veth-b", ladder_netns_get_fd (*a), "veth-a",
                                       ladder_netns_get_fd (*b), &error), error);
  else
    {
      *mid = ladder_netns_new ("bench-relay", &error);
      check (*mid != NULL, error);
      check (ladder_netns_rtnl_veth_add ("veth-b", ladder_netns_get_fd (*a), "veth-a",
                                         ladder_netns_get_fd (*mid), &error)
             && ladder_netns_rtnl_veth_add ("veth-b", ladder_netns_get_fd (*mid), "veth-a",
                                            ladder_netns_get_fd (*b), &error)
             && ladder_netns_switch (*mid, &error)
             && ladder_netns_sysctl ("net/ipv6/conf/all/disable_ipv6", "1", &error)
             && ladder_netns_rtnl_link_up ("veth-a", &error)
             && ladder_netns_rtnl_link_up ("veth-b", &error)
             && ladder_netns_switch (NULL, &error), error);
      *relay = ladder_lab_relay_new (1);
      check (ladder_lab_relay_add_link (*relay, *mid, "veth-a", "veth-b", 1, &none, &error)
             && ladder_lab_relay_start (*relay, &error), error);
    }
  check (end_up (*a, "veth-b", "10.9.0.1", wire != WIRE_PLAIN, &error)
         && end_up (*b, "veth-a", "10.9.0.2", wire != WIRE_PLAIN, &error), error);
}

/* A socket of TYPE bound to PORT in NS (listening for TCP). */
static int
server_socket (LadderNetns *ns, int type)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (PORT) };
  int one = 1, fd;

  check (ladder_netns_switch (ns, NULL), NULL);
  fd = socket (AF_INET, type, 0);
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  check (fd >= 0 && bind (fd, (struct sockaddr *) &sin, sizeof sin) == 0
         && (type != SOCK_STREAM || listen (fd, 1) == 0), NULL);
  check (ladder_netns_switch (NULL, NULL), NULL);
  return fd;
}

static int
client_socket (LadderNetns *ns, int type)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (PORT) };
  int fd;

  inet_pton (AF_INET, "10.9.0.2", &sin.sin_addr);
  check (ladder_netns_switch (ns, NULL), NULL);
  fd = socket (AF_INET, type, 0);
  check (fd >= 0 && connect (fd, (struct sockaddr *) &sin, sizeof sin) == 0, NULL);
  check (ladder_netns_switch (NULL, NULL), NULL);
  return fd;
}

/* Forks a child serving FD: UDP echo, or TCP sink. */
static pid_t
serve (int fd, int type)
{
  pid_t pid = fork ();
  char buf[65536];

  if (pid != 0)
    return pid;
  if (type == SOCK_DGRAM)
    for (;;)
      {
        struct sockaddr_storage from;
        socklen_t len = sizeof from;
        gssize n = recvfrom (fd, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);
        if (n > 0)
          sendto (fd, buf, n, 0, (struct sockaddr *) &from, len);
      }
  {
    int conn = accept (fd, NULL, NULL);
    while (conn >= 0 && read (conn, buf, sizeof buf) > 0)
      ;
  }
  _exit (0);
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
measure_latency (LadderNetns *a, LadderNetns *b, int pings, double *median, double *p99)
{
  int srv = server_socket (b, SOCK_DGRAM);
  pid_t pid = serve (srv, SOCK_DGRAM);
  int fd = client_socket (a, SOCK_DGRAM);
  double *rtt = g_new (double, pings);
  char buf[32] = "ping";
  struct timeval tv = { 1, 0 };

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  /* The first exchange resolves the neighbour; not counted. */
  send (fd, buf, sizeof buf, 0);
  recv (fd, buf, sizeof buf, 0);
  for (int i = 0; i < pings; i++)
    {
      double t0 = now_s ();
      send (fd, buf, sizeof buf, 0);
      rtt[i] = recv (fd, buf, sizeof buf, 0) > 0 ? (now_s () - t0) * 1e6 : 1e6;
    }
  qsort (rtt, pings, sizeof *rtt, compare_doubles);
  *median = rtt[pings / 2];
  *p99 = rtt[pings * 99 / 100];
  g_free (rtt);
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  close (fd);
  close (srv);
}

static double
measure_throughput (LadderNetns *a, LadderNetns *b, double seconds)
{
  int srv = server_socket (b, SOCK_STREAM);
  pid_t pid = serve (srv, SOCK_STREAM);
  int fd = client_socket (a, SOCK_STREAM);
  static char buf[65536];
  double start = now_s ();
  guint64 bytes = 0;

  while (now_s () - start < seconds)
    {
      gssize n = write (fd, buf, sizeof buf);
      if (n <= 0)
        break;
      bytes += n;
    }
  close (fd);
  waitpid (pid, NULL, 0);
  close (srv);
  return bytes * 8 / (now_s () - start) / 1e6;
}

static void
run_one (Wire wire, double seconds, int pings)
{
  LadderNetns *a = NULL, *b = NULL, *mid = NULL;
  LadderLabRelay *relay = NULL;
  double median, p99, mbit;

  build (wire, &a, &b, &mid, &relay);
  measure_latency (a, b, pings, &median, &p99);
  mbit = measure_throughput (a, b, seconds);
  printf ("%-26s  RTT median %7.1f µs  p99 %8.1f µs   TCP %8.1f Mbit/s\n",
          wire_names[wire], median, p99, mbit);
  fflush (stdout);
  ladder_lab_relay_free (relay);
  ladder_netns_free (a);
  ladder_netns_free (b);
  if (mid != NULL)
    ladder_netns_free (mid);
}

int
main (int argc, char **argv)
{
  gboolean userns = FALSE;
  double seconds = 2;
  int pings = 2000;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "userns", 0, 0, G_OPTION_ARG_NONE, &userns, "In a user namespace even as root", NULL },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "TCP stream length (default 2)", "S" },
    { "pings", 0, 0, G_OPTION_ARG_INT, &pings, "UDP ping-pongs (default 2000)", "N" },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || pings < 100 || seconds <= 0)
    {
      g_printerr ("bench-relay: %s\n", error != NULL ? error->message : "--pings >= 100, --seconds > 0");
      return 2;
    }
  g_option_context_free (context);
  if (!ladder_netns_enter_lab (userns, &error))
    {
      printf ("bench-relay: skipped: %s\n", error->message);
      return 77;
    }
  printf ("# %s; %d ping-pongs, %.1f s TCP stream, same run\n",
          ladder_netns_in_userns () ? "user namespace" : "network namespaces (root)", pings, seconds);
  for (Wire wire = WIRE_PLAIN; wire <= WIRE_RELAY; wire++)
    run_one (wire, seconds, pings);
  return 0;
}
