/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-relay.c: the user-space impaired link (see the header). */

#define _GNU_SOURCE
#include "ladder-lab-relay.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/resource.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

#define NS_PER_MS           G_GINT64_CONSTANT (1000000)
#define MAX_WAYS            (2 * LADDER_LAB_MAX_LINK_IMPAIRS)
#define MAX_FRAME           65536
#define READ_BURST          64
/* A rate-limited direction holds at most this much backlog; beyond it the
 * frame is dropped, as a router's full queue would. */
#define RATE_MAX_BACKLOG_NS (1000 * NS_PER_MS)
/* The token bucket holds at least two full-size frames. */
#define RATE_MIN_BURST      3028.0
#define RCVBUF_BYTES        (4 * 1024 * 1024)

typedef struct _Frame Frame;

/* One direction of one link: frames read on IN_FD go out on OUT_FD. */
typedef struct
{
  guint           subnet, dir;
  int             in_fd, out_fd;
  LadderLabImpair impair;
  guint64         count;       /* unicast frames so far: the decisions' counter */
  double          tokens;      /* bytes in the bucket at TB_NS */
  gint64          tb_ns;       /* the bucket's clock; ahead of now while backlogged */
  gint64          last_release;
  Frame          *held;        /* reordered: waits for the next frame */
  gint64          held_until;
} Way;

struct _Frame
{
  gint64   release;
  guint64  seq;
  Way     *way;
  guint    len;
  guint8   data[];
};

struct _LadderLabRelay
{
  guint64  seed;
  guint    n_ways;
  Way      ways[MAX_WAYS];
  pid_t    pid;
  /* The process's own state. */
  GPtrArray *heap;             /* Frame, a binary min-heap on (release, seq) */
  guint64    seq;
};

gboolean
ladder_lab_impair_is_set (const LadderLabImpair *impair)
{
  return impair->delay_ms != 0 || impair->jitter_ms != 0 || impair->loss_percent != 0
         || impair->duplicate_percent != 0 || impair->reorder_percent != 0 || impair->rate_kbit != 0;
}

char *
ladder_lab_impair_to_string (const LadderLabImpair *impair)
{
  return g_strdup_printf ("delay=%ums jitter=%ums loss=%u%% duplicate=%u%% reorder=%u%% rate=%ukbit",
                          impair->delay_ms, impair->jitter_ms, impair->loss_percent,
                          impair->duplicate_percent, impair->reorder_percent, impair->rate_kbit);
}

/* splitmix64: every input bit reaches every output bit. */
static guint64
mix (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

guint64
ladder_lab_relay_draw (guint64 seed, guint subnet, guint dir, guint64 n, LadderLabRelayDraw what)
{
  return mix (mix (mix (seed) ^ ((guint64) subnet << 8 | dir << 4 | what)) ^ n);
}

/* TRUE with probability PERCENT / 100. */
static gboolean
chance (LadderLabRelay *relay, Way *way, LadderLabRelayDraw what, guint percent)
{
  guint64 r = ladder_lab_relay_draw (relay->seed, way->subnet, way->dir, way->count, what);

  return percent > 0 && (r % 10000) < (guint64) percent * 100;
}

LadderLabRelay *
ladder_lab_relay_new (guint64 seed)
{
  LadderLabRelay *relay = g_new0 (LadderLabRelay, 1);

  relay->seed = seed;
  relay->pid = -1;
  return relay;
}

void
ladder_lab_relay_free (LadderLabRelay *relay)
{
  if (relay == NULL)
    return;
  if (relay->pid > 0)
    {
      kill (relay->pid, SIGKILL);
      waitpid (relay->pid, NULL, 0);
    }
  /* Each socket is the in_fd of one way. */
  for (guint i = 0; i < relay->n_ways; i++)
    close (relay->ways[i].in_fd);
  g_free (relay);
}

/* ---- setting up ---- */

static gboolean
ethtool_set (int fd, const char *ifname, guint32 cmd, guint32 value)
{
  struct ethtool_value ev = { .cmd = cmd, .data = value };
  struct ifreq ifr = { 0 };

  g_strlcpy (ifr.ifr_name, ifname, IFNAMSIZ);
  ifr.ifr_data = (char *) &ev;
  return ioctl (fd, SIOCETHTOOL, &ifr) == 0;
}

gboolean
ladder_lab_relay_plain_frames (const char *ifname, GError **error)
{
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                        "socket: %s", g_strerror (errno)), FALSE;
  ok = ethtool_set (fd, ifname, ETHTOOL_STXCSUM, 0);
  if (!ok)
    g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                 "Turning TX checksum offload off on %s: %s", ifname, g_strerror (errno));
  /* Without TX checksums the kernel drops TSO itself; GSO may stay. */
  ethtool_set (fd, ifname, ETHTOOL_STSO, 0);
  ethtool_set (fd, ifname, ETHTOOL_SGSO, 0);
  close (fd);
  return ok;
}

/* A raw socket on IFNAME only: made with protocol 0 so it sees nothing
 * until bound, and blind to the frames it sends itself. */
static int
open_end (const char *ifname, GError **error)
{
  struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons (ETH_P_ALL) };
  int one = 1, rcvbuf = RCVBUF_BYTES;
  int fd = socket (AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  sll.sll_ifindex = if_nametoindex (ifname);
  if (fd < 0 || sll.sll_ifindex == 0
      || setsockopt (fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) < 0
      || bind (fd, (struct sockaddr *) &sll, sizeof sll) < 0)
    {
      g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                   "The relay's socket on %s: %s", ifname, g_strerror (errno));
      if (fd >= 0)
        close (fd);
      return -1;
    }
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  setsockopt (fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
  return fd;
}

static void
add_way (LadderLabRelay *relay, guint subnet, guint dir, int in_fd, int out_fd,
         const LadderLabImpair *impair)
{
  Way *way = &relay->ways[relay->n_ways++];

  *way = (Way) { .subnet = subnet, .dir = dir, .in_fd = in_fd, .out_fd = out_fd,
                 .impair = *impair, .tokens = RATE_MIN_BURST };
}

gboolean
ladder_lab_relay_add_link (LadderLabRelay        *relay,
                           LadderNetns           *ns,
                           const char            *left_if,
                           const char            *right_if,
                           guint                  subnet,
                           const LadderLabImpair *impair,
                           GError               **error)
{
  int left, right = -1;

  g_return_val_if_fail (relay != NULL && relay->pid < 0, FALSE);
  g_return_val_if_fail (relay->n_ways + 2 <= MAX_WAYS, FALSE);

  if (!ladder_netns_switch (ns, error))
    return FALSE;
  left = open_end (left_if, error);
  if (left >= 0)
    right = open_end (right_if, error);
  if (!ladder_netns_switch (NULL, right >= 0 ? error : NULL) || right < 0)
    {
      if (left >= 0)
        close (left);
      if (right >= 0)
        close (right);
      return FALSE;
    }
  add_way (relay, subnet, 0, left, right, impair);
  add_way (relay, subnet, 1, right, left, impair);
  return TRUE;
}

/* ---- the priority queue ---- */

static gboolean
frame_before (const Frame *a, const Frame *b)
{
  return a->release != b->release ? a->release < b->release : a->seq < b->seq;
}

static void
heap_swap (GPtrArray *heap, guint i, guint j)
{
  gpointer t = heap->pdata[i];

  heap->pdata[i] = heap->pdata[j];
  heap->pdata[j] = t;
}

static void
heap_push (LadderLabRelay *relay, Frame *frame, gint64 release)
{
  GPtrArray *heap = relay->heap;
  guint i = heap->len;

  frame->release = release;
  frame->seq = relay->seq++;
  g_ptr_array_add (heap, frame);
  while (i > 0 && frame_before (heap->pdata[i], heap->pdata[(i - 1) / 2]))
    {
      heap_swap (heap, i, (i - 1) / 2);
      i = (i - 1) / 2;
    }
}

static Frame *
heap_pop (GPtrArray *heap)
{
  Frame *top = heap->pdata[0];
  guint i = 0;

  heap->pdata[0] = heap->pdata[heap->len - 1];
  g_ptr_array_set_size (heap, heap->len - 1);
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;

      if (l < heap->len && frame_before (heap->pdata[l], heap->pdata[m]))
        m = l;
      if (r < heap->len && frame_before (heap->pdata[r], heap->pdata[m]))
        m = r;
      if (m == i)
        return top;
      heap_swap (heap, i, m);
      i = m;
    }
}

/* ---- impairments ---- */

static gint64
mono_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* When a frame of LEN bytes leaves the token bucket, or -1 when the
 * backlog is full. */
static gint64
rate_departure (Way *way, guint len, gint64 now)
{
  double bytes_per_ns = way->impair.rate_kbit * 1000.0 / 8.0 / 1e9;
  double burst = MAX (RATE_MIN_BURST, bytes_per_ns * 5 * NS_PER_MS);

  if (way->impair.rate_kbit == 0)
    return now;
  if (way->tb_ns < now)
    {
      way->tokens = MIN (burst, way->tokens + (now - way->tb_ns) * bytes_per_ns);
      way->tb_ns = now;
    }
  if (way->tb_ns - now > RATE_MAX_BACKLOG_NS)
    return -1;
  if (way->tokens >= len)
    way->tokens -= len;
  else
    {
      way->tb_ns += (gint64) ((len - way->tokens) / bytes_per_ns);
      way->tokens = 0;
    }
  return way->tb_ns;
}

/* The one-way delay of the frame counted N: fixed plus jitter, never
 * below zero. */
static gint64
frame_delay (LadderLabRelay *relay, Way *way)
{
  gint64 delay = way->impair.delay_ms * NS_PER_MS;
  gint64 span = 2 * (gint64) way->impair.jitter_ms * NS_PER_MS + 1;

  if (way->impair.jitter_ms > 0)
    delay += (gint64) (ladder_lab_relay_draw (relay->seed, way->subnet, way->dir, way->count,
                                              LADDER_LAB_RELAY_DRAW_JITTER) % (guint64) span)
             - (gint64) way->impair.jitter_ms * NS_PER_MS;
  return MAX (delay, 0);
}

static Frame *
frame_new (Way *way, const guint8 *data, guint len)
{
  Frame *frame = g_malloc (sizeof (Frame) + len);

  frame->way = way;
  frame->len = len;
  memcpy (frame->data, data, len);
  return frame;
}

/* Queues one copy; a held (reordered) frame goes right after it. */
static void
schedule_copy (LadderLabRelay *relay, Way *way, Frame *frame, gint64 now, gint64 delay,
               gboolean hold)
{
  gint64 depart = rate_departure (way, frame->len, now);
  gint64 release;

  if (depart < 0)
    {
      g_free (frame);
      return;
    }
  /* Jitter alone keeps the order, as on a real link. */
  release = MAX (depart + delay, way->last_release);
  way->last_release = release;
  if (hold && way->held == NULL)
    {
      way->held = frame;
      way->held_until = release + LADDER_LAB_RELAY_REORDER_HOLD_MS * NS_PER_MS;
      frame->release = release;
      return;
    }
  heap_push (relay, frame, release);
  if (way->held != NULL && way->held != frame)
    {
      heap_push (relay, way->held, release);
      way->held = NULL;
    }
}

/* Neighbour discovery and multicast: the link's housekeeping, which the
 * impairments leave alone (see the header). */
static gboolean
is_housekeeping (const guint8 *data, guint len)
{
  guint16 type;

  if (len < ETH_HLEN || (data[0] & 1))
    return TRUE;
  type = (guint16) (data[12] << 8 | data[13]);
  if (type == ETHERTYPE_ARP)
    return TRUE;
  /* ICMPv6 (next header 58, no extension header) types 133-137: router
   * and neighbour solicitations and advertisements, redirects. */
  return type == ETHERTYPE_IPV6 && len >= ETH_HLEN + 41 && data[ETH_HLEN + 6] == 58
         && data[ETH_HLEN + 40] >= 133 && data[ETH_HLEN + 40] <= 137;
}

static void
on_frame (LadderLabRelay *relay, Way *way, const guint8 *data, guint len, gint64 now)
{
  gboolean dup = FALSE, hold = FALSE;
  gint64 delay;

  if (is_housekeeping (data, len))
    {
      heap_push (relay, frame_new (way, data, len), now);
      return;
    }
  way->count++;
  if (chance (relay, way, LADDER_LAB_RELAY_DRAW_LOSS, way->impair.loss_percent))
    return;
  dup = chance (relay, way, LADDER_LAB_RELAY_DRAW_DUPLICATE, way->impair.duplicate_percent);
  hold = chance (relay, way, LADDER_LAB_RELAY_DRAW_REORDER, way->impair.reorder_percent);
  delay = frame_delay (relay, way);
  schedule_copy (relay, way, frame_new (way, data, len), now, delay, hold);
  if (dup)
    schedule_copy (relay, way, frame_new (way, data, len), now, delay, FALSE);
}

/* ---- the process ---- */

static void
read_way (LadderLabRelay *relay, Way *way, guint8 *buf)
{
  for (int i = 0; i < READ_BURST; i++)
    {
      struct sockaddr_ll from;
      socklen_t fromlen = sizeof from;
      gssize n = recvfrom (way->in_fd, buf, MAX_FRAME, MSG_DONTWAIT | MSG_TRUNC,
                           (struct sockaddr *) &from, &fromlen);

      if (n < 0)
        return;
      /* Kernels before 4.20 ignore PACKET_IGNORE_OUTGOING. */
      if (from.sll_pkttype == PACKET_OUTGOING || n > MAX_FRAME)
        continue;
      on_frame (relay, way, buf, (guint) n, mono_ns ());
    }
}

/* Sends what is due; returns when the next frame is due (G_MAXINT64: none). */
static gint64
release_due (LadderLabRelay *relay)
{
  gint64 now = mono_ns ();
  gint64 next = G_MAXINT64;

  for (guint i = 0; i < relay->n_ways; i++)
    {
      Way *way = &relay->ways[i];

      if (way->held != NULL && way->held_until <= now)
        {
          heap_push (relay, way->held, way->held_until);
          way->held = NULL;
        }
      if (way->held != NULL)
        next = MIN (next, way->held_until);
    }
  while (relay->heap->len > 0 && ((Frame *) relay->heap->pdata[0])->release <= now)
    {
      Frame *frame = heap_pop (relay->heap);

      /* A full socket buffer loses the frame, as a full queue would. */
      if (send (frame->way->out_fd, frame->data, frame->len, MSG_DONTWAIT) < 0 && errno != EAGAIN)
        g_debug ("relay send: %s", g_strerror (errno));
      g_free (frame);
    }
  if (relay->heap->len > 0)
    next = MIN (next, ((Frame *) relay->heap->pdata[0])->release);
  return next;
}

static void G_GNUC_NORETURN
relay_main (LadderLabRelay *relay)
{
  struct pollfd fds[MAX_WAYS];
  guint8 *buf = g_malloc (MAX_FRAME);

  relay->heap = g_ptr_array_new ();
  for (guint i = 0; i < relay->n_ways; i++)
    fds[i] = (struct pollfd) { .fd = relay->ways[i].in_fd, .events = POLLIN };
  for (;;)
    {
      gint64 next = release_due (relay);
      struct timespec timeout, *tp = NULL;

      if (next != G_MAXINT64)
        {
          gint64 wait = MAX (next - mono_ns (), 0);
          timeout = (struct timespec) { wait / 1000000000, wait % 1000000000 };
          tp = &timeout;
        }
      if (ppoll (fds, relay->n_ways, tp, NULL) < 0 && errno != EINTR)
        _exit (1);
      for (guint i = 0; i < relay->n_ways; i++)
        {
          /* A socket that can never be read again would wake every poll. */
          if (fds[i].revents & POLLNVAL)
            _exit (1);
          /* Reading also clears a pending error (POLLERR). */
          if (fds[i].revents != 0)
            read_way (relay, &relay->ways[i], buf);
        }
    }
}

/* The child keeps its sockets and nothing else of the runner's: a pipe
 * end left open would keep the capture's reader waiting. */
static void
close_other_fds (LadderLabRelay *relay)
{
  int top = 2;

  for (guint i = 0; i < relay->n_ways; i++)
    top = MAX (top, relay->ways[i].in_fd);
  for (int fd = 3; fd < top; fd++)
    {
      gboolean ours = FALSE;

      for (guint i = 0; i < relay->n_ways; i++)
        ours = ours || relay->ways[i].in_fd == fd;
      if (!ours)
        close (fd);
    }
  close_range (top + 1, ~0U, 0);
}

/* A relay that waits for the CPU adds that wait to every frame: on a busy
 * machine a round-robin real-time slot when allowed (root), else a higher
 * nice value when allowed, else as it is. */
static void
raise_priority (void)
{
  struct sched_param param = { .sched_priority = 1 };

  if (sched_setscheduler (0, SCHED_RR | SCHED_RESET_ON_FORK, &param) == 0)
    return;
  setpriority (PRIO_PROCESS, 0, -10);
}

gboolean
ladder_lab_relay_start (LadderLabRelay *relay, GError **error)
{
  pid_t parent = getpid ();

  g_return_val_if_fail (relay != NULL && relay->pid < 0, FALSE);

  relay->pid = fork ();
  if (relay->pid < 0)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                        "fork: %s", g_strerror (errno)), FALSE;
  if (relay->pid == 0)
    {
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      if (getppid () != parent)
        _exit (1);
      prctl (PR_SET_NAME, "wl-relay");
      close_other_fds (relay);
      raise_priority ();
      relay_main (relay);
    }
  return TRUE;
}
