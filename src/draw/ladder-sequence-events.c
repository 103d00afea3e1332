/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sequence-events.c: the lab's socket calls and kernel socket states
 * placed on the sequence diagram's lifelines.
 *
 * A call names its socket by (pid, fd) and, once the socket is bound or
 * connected, by its addresses.  Calls are first grouped into sockets by fd
 * lineage within a process: socket() returning N begins a socket that the
 * following calls on N act on until close(N); accept() acts on the
 * listening socket and its result begins the connection's socket; fork()
 * gives the child the parent's sockets under the same fds.  A
 * socket belongs to the lifeline its addressed calls name (the drawn
 * packets' hosts and ports); a listening socket belongs to the lifeline of
 * the connections accepted from it, since its 0.0.0.0 names no host.  So
 * socket(), setsockopt(), bind() and listen(), made long before the first
 * packet and before the socket has addresses, are drawn with the rest.
 */
#define _GNU_SOURCE  /* strerrorname_np */
#include "ladder-sequence-private.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>

#include "ladder-events.h"

#define UNKNOWN (-2)
#define NOT_OURS (-1)

static gboolean
addr_unspecified (const LadderAddr *a)
{
  if (a->family == 0)
    return TRUE;
  for (guint i = 0; i < sizeof a->bytes; i++)
    if (a->bytes[i] != 0)
      return FALSE;
  return TRUE;
}

/* socket() reports the unbound 0.0.0.0:0: that names nothing yet. */
static gboolean
call_addressed (const LadderSocketCall *c)
{
  return c->local_port != 0 || !addr_unspecified (&c->local_addr) || c->peer_addr.family != 0;
}

/* A fixed address and port (0: any), for the kernel's socket states. */
typedef struct
{
  LadderAddr addr;
  guint16    port;
} Endpoint;

static gboolean
endpoint_has (const Endpoint *e, const LadderAddr *addr, guint16 port)
{
  if (e->port != 0 && port != e->port)
    return FALSE;
  return ladder_addr_equal (&e->addr, addr) || (e->port != 0 && addr_unspecified (addr));
}

typedef struct
{
  LadderAddr  addr;
  GHashTable *ports;    /* the TCP/UDP ports the drawn packets use on this lifeline */
} LaneEnd;

static gboolean
lane_end_has (const LaneEnd *e, const LadderAddr *addr, guint16 port)
{
  if (port != 0 && !g_hash_table_contains (e->ports, GUINT_TO_POINTER (port)))
    return FALSE;
  /* a socket bound to 0.0.0.0 is told by its port alone */
  if (addr_unspecified (addr))
    return port != 0;
  return ladder_addr_equal (&e->addr, addr);
}

typedef struct
{
  LadderDiagram            *d;
  LadderSeqModel           *m;
  guint                     n_endpoints;
  LaneEnd                  *endpoints;   /* one per lifeline */
} Matcher;

static void
endpoint_add_port (Matcher *mt, int lifeline, guint16 port)
{
  if (lifeline >= 0 && (guint) lifeline < mt->n_endpoints && port != 0)
    g_hash_table_add (mt->endpoints[lifeline].ports, GUINT_TO_POINTER (port));
}

static void
matcher_init (Matcher *mt, LadderDiagram *d, LadderSeqModel *m, const LadderConversation *conv)
{
  mt->d = d;
  mt->m = m;
  mt->n_endpoints = m->lifelines->len;
  mt->endpoints = g_new0 (LaneEnd, mt->n_endpoints);
  for (guint i = 0; i < mt->n_endpoints; i++)
    {
      mt->endpoints[i].addr = g_array_index (m->lifelines, LadderSeqLifeline, i).addr;
      mt->endpoints[i].ports = g_hash_table_new (NULL, NULL);
    }
  for (guint i = 0; i < m->arrows->len; i++)
    {
      const LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      if (a->proto != LADDER_SEQ_TCP && a->proto != LADDER_SEQ_UDP)
        continue;
      endpoint_add_port (mt, a->from, a->sport);
      endpoint_add_port (mt, a->to, a->dport);
    }
  if (conv != NULL && (conv->proto == 6 || conv->proto == 17))
    {
      endpoint_add_port (mt, ladder_seq_conv_lifeline (m, conv, 0), conv->a_port);
      endpoint_add_port (mt, ladder_seq_conv_lifeline (m, conv, 1), conv->b_port);
    }
}

static void
matcher_clear (Matcher *mt)
{
  for (guint i = 0; i < mt->n_endpoints; i++)
    g_hash_table_unref (mt->endpoints[i].ports);
  g_free (mt->endpoints);
}

/* How far from a drawn ICMP packet a raw socket's call may be to be its. */
#define ICMP_SLACK_NS G_GINT64_CONSTANT (10000000)

static int
lifeline_of_addr (Matcher *mt, const LadderAddr *addr)
{
  for (guint i = 0; i < mt->n_endpoints; i++)
    if (ladder_addr_equal (&mt->endpoints[i].addr, addr))
      return (int) i;
  return -1;
}

/* A raw ICMP socket reports its protocol as its port and is seldom bound:
 * it is the one that exchanged the drawn ICMP packets with its peer while
 * the call ran (ping's echo sessions follow one another on one host). */
static int
icmp_match (Matcher *mt, const LadderSocketCall *c)
{
  int peer = lifeline_of_addr (mt, &c->peer_addr);

  if (!addr_unspecified (&c->local_addr))
    {
      int local = lifeline_of_addr (mt, &c->local_addr);
      return local >= 0 && (c->peer_addr.family == 0 || (peer >= 0 && peer != local)) ? local : NOT_OURS;
    }
  if (c->peer_addr.family == 0)
    return UNKNOWN;
  for (guint i = 0; i < mt->m->arrows->len && peer >= 0; i++)
    {
      const LadderSeqArrow *a = &g_array_index (mt->m->arrows, LadderSeqArrow, i);
      if (a->proto != LADDER_SEQ_ICMP || (a->from != peer && a->to != peer) || a->from == a->to
          || a->ts1 < c->ts_ns - ICMP_SLACK_NS || a->ts0 > c->ts_ns + c->duration_ns + ICMP_SLACK_NS)
        continue;
      return a->from == peer ? a->to : a->from;
    }
  return NOT_OURS;
}

/* The lifeline a call's addresses name, NOT_OURS, or UNKNOWN without addresses. */
static int
call_match (Matcher *mt, const LadderSocketCall *c)
{
  if (c->protocol == 1 || c->protocol == 58)
    return icmp_match (mt, c);
  if (!call_addressed (c))
    return UNKNOWN;
  for (guint i = 0; i < mt->n_endpoints; i++)
    {
      gboolean peer_ok = c->peer_addr.family == 0;
      if (!lane_end_has (&mt->endpoints[i], &c->local_addr, c->local_port))
        continue;
      for (guint j = 0; j < mt->n_endpoints && !peer_ok; j++)
        peer_ok = j != i && lane_end_has (&mt->endpoints[j], &c->peer_addr, c->peer_port);
      if (peer_ok)
        return (int) i;
    }
  return NOT_OURS;
}

/* One socket's life within a process, from socket() or accept() to close(). */
typedef struct
{
  int owner;      /* lifeline, NOT_OURS or UNKNOWN */
  int listener;   /* the socket accept() made this one from, or -1 */
} Sock;

static gint64
fd_key (guint32 pid, gint64 fd)
{
  return ((gint64) pid << 32) | (guint32) fd;
}

static gint
compare_call_time (gconstpointer a, gconstpointer b, gpointer data)
{
  LadderCapture *capture = data;
  gint64 ta = ladder_capture_get_call (capture, *(const guint *) a)->ts_ns;
  gint64 tb = ladder_capture_get_call (capture, *(const guint *) b)->ts_ns;

  if (ta != tb)
    return ta < tb ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

static int
sock_new (GArray *socks, GHashTable *live, gint64 key, int listener)
{
  Sock s = { UNKNOWN, listener };

  g_array_append_val (socks, s);
  g_hash_table_insert (live, g_memdup2 (&key, sizeof key), GINT_TO_POINTER ((int) socks->len));
  return (int) socks->len - 1;
}

static int
sock_lookup (GArray *socks, GHashTable *live, gint64 key)
{
  gpointer v = g_hash_table_lookup (live, &key);

  /* a socket whose socket() was not recorded begins with its first call */
  return v != NULL ? GPOINTER_TO_INT (v) - 1 : sock_new (socks, live, key, -1);
}

/* fork(): the child's descriptors are the parent's sockets (a forking
 * server's child calls recv() on the connection it inherited, and close()
 * on the listener, naming no address). */
static void
inherit_sockets (GHashTable *live, guint32 parent, gint64 child)
{
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (gpointer));
  GHashTableIter iter;
  gpointer key, value;

  if (child <= 0 || child > G_MAXUINT32)
    return;
  g_hash_table_iter_init (&iter, live);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if ((guint32) (*(gint64 *) key >> 32) == parent)
      {
        gint64 k = fd_key ((guint32) child, (guint32) *(gint64 *) key);
        g_array_append_val (keys, k);
        g_array_append_val (values, value);
      }
  for (guint i = 0; i < keys->len; i++)
    g_hash_table_insert (live, g_memdup2 (&g_array_index (keys, gint64, i), sizeof (gint64)),
                         g_array_index (values, gpointer, i));
}

/* SOCK[k]: the socket call k acts on (-1 for select(), which names none);
 * CHILD[k]: the socket accept() made, else -1. */
static void
group_sockets (LadderCapture *capture, const guint *order, guint n, GArray *socks, int *sock, int *child)
{
  g_autoptr (GHashTable) live = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint k = 0; k < n; k++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (capture, order[k]);

      sock[k] = child[k] = -1;
      if (c->kind == LADDER_CALL_FORK)
        {
          inherit_sockets (live, c->pid, c->result);
          continue;
        }
      if (c->kind == LADDER_CALL_SOCKET)
        {
          if (c->result >= 0)
            sock[k] = sock_new (socks, live, fd_key (c->pid, c->result), -1);
          continue;
        }
      if (c->fd < 0)
        continue;
      sock[k] = sock_lookup (socks, live, fd_key (c->pid, c->fd));
      if (c->kind == LADDER_CALL_ACCEPT && c->result >= 0)
        child[k] = sock_new (socks, live, fd_key (c->pid, c->result), sock[k]);
      if (c->kind == LADDER_CALL_CLOSE)
        g_hash_table_remove (live, &(gint64) { fd_key (c->pid, c->fd) });
    }
}

static void
sock_claim (Sock *s, int match)
{
  if (match >= 0 && s->owner < 0)
    s->owner = match;
  else if (match == NOT_OURS && s->owner == UNKNOWN)
    s->owner = NOT_OURS;
}

/* Each socket's lifeline: the first lifeline its addressed calls name.
 * accept()'s addresses are the new connection's, so they name the child. */
static void
own_sockets (Matcher *mt, const guint *order, guint n, GArray *socks, const int *sock, const int *child)
{
  for (guint k = 0; k < n; k++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (mt->d->capture, order[k]);
      int target = c->kind == LADDER_CALL_ACCEPT ? child[k] : sock[k];

      if (target >= 0)
        sock_claim (&g_array_index (socks, Sock, target), call_match (mt, c));
    }
  /* a listener belongs where its first drawn connection is */
  for (guint i = 0; i < socks->len; i++)
    {
      Sock *s = &g_array_index (socks, Sock, i);
      if (s->listener >= 0 && s->owner >= 0)
        sock_claim (&g_array_index (socks, Sock, s->listener), s->owner);
    }
}

/* An accept() that made another conversation's connection is not drawn,
 * nor a datagram call naming a peer of another (a UDP server's one socket
 * answers every client). */
static int
call_owner (Matcher *mt, GArray *socks, int sock, int child, const LadderSocketCall *c)
{
  int owner = sock >= 0 ? g_array_index (socks, Sock, sock).owner : UNKNOWN;

  if (c->kind == LADDER_CALL_ACCEPT && child >= 0)
    {
      int child_owner = g_array_index (socks, Sock, child).owner;
      return child_owner == NOT_OURS ? NOT_OURS : owner;
    }
  if (owner < 0 || c->peer_addr.family == 0)
    return owner;
  /* a raw socket's replies may come a while after the request went */
  if (c->protocol == 1 || c->protocol == 58)
    return lifeline_of_addr (mt, &c->peer_addr) >= 0 ? owner : NOT_OURS;
  return call_match (mt, c) == NOT_OURS ? NOT_OURS : owner;
}

static gboolean
is_listener (GArray *socks, int sock)
{
  for (guint i = 0; sock >= 0 && i < socks->len; i++)
    if (g_array_index (socks, Sock, i).listener == sock)
      return TRUE;
  return FALSE;
}

/* A forked child serves one conversation: its fork() and its calls on
 * the listener it inherited (a forking server's child closes it) are
 * drawn where its other calls are, and on no other ladder. */
static void
assign_children (Matcher *mt, const guint *order, guint n, GArray *socks, const int *sock, int *owner)
{
  g_autoptr (GHashTable) children = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GHashTable) serving = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint k = 0; k < n; k++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (mt->d->capture, order[k]);
      if (c->kind == LADDER_CALL_FORK && c->result > 0 && c->result <= G_MAXUINT32)
        g_hash_table_add (children, GUINT_TO_POINTER ((guint) c->result));
    }
  for (guint k = 0; k < n; k++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (mt->d->capture, order[k]);
      if (owner[k] >= 0 && sock[k] >= 0 && !is_listener (socks, sock[k]))
        g_hash_table_insert (serving, GUINT_TO_POINTER (c->pid), GINT_TO_POINTER (owner[k] + 1));
    }
  for (guint k = 0; k < n; k++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (mt->d->capture, order[k]);
      guint pid = c->kind == LADDER_CALL_FORK ? (guint) c->result : c->pid;
      gpointer v = g_hash_table_lookup (serving, GUINT_TO_POINTER (pid));

      if (c->kind == LADDER_CALL_FORK
          || (g_hash_table_contains (children, GUINT_TO_POINTER (pid)) && is_listener (socks, sock[k])))
        owner[k] = v != NULL ? GPOINTER_TO_INT (v) - 1 : NOT_OURS;
    }
}

static void
assign_owners (Matcher *mt, const guint *order, guint n, int *owner)
{
  g_autoptr (GArray) socks = g_array_new (FALSE, FALSE, sizeof (Sock));
  g_autofree int *sock = g_new (int, n);
  g_autofree int *child = g_new (int, n);

  group_sockets (mt->d->capture, order, n, socks, sock, child);
  own_sockets (mt, order, n, socks, sock, child);
  for (guint k = 0; k < n; k++)
    owner[k] = call_owner (mt, socks, sock[k], child[k], ladder_capture_get_call (mt->d->capture, order[k]));
  assign_children (mt, order, n, socks, sock, owner);
}

static char *
call_text (const LadderSocketCall *c)
{
  GString *s = g_string_new (ladder_socket_call_name (c));

  if (c->args[0] != '\0')
    g_string_append_printf (s, "(%.*s)", (int) strnlen (c->args, sizeof c->args), c->args);
  else if (c->fd >= 0)
    g_string_append_printf (s, "(%d)", c->fd);
  else
    g_string_append (s, "()");
  g_string_append_printf (s, " = %" G_GINT64_FORMAT, c->result);
  if (c->result < 0 && c->err != 0)
    {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
      const char *name = strerrorname_np (c->err);
      g_string_append_printf (s, " %s", name != NULL ? name : g_strerror (c->err));
#else
      g_string_append_printf (s, " (%s)", g_strerror (c->err));
#endif
    }
  return g_string_free (s, FALSE);
}

/* select() names no socket: it goes to the lane of the process that owns
 * the other calls, while the drawn packets are happening. */
static void
assign_selects (Matcher *mt, const guint *order, guint n, int *owner)
{
  g_autoptr (GHashTable) by_pid = g_hash_table_new (g_direct_hash, g_direct_equal);
  LadderSeqModel *m = mt->m;
  gint64 lo, hi;

  if (m->arrows->len == 0)
    return;
  lo = g_array_index (m->arrows, LadderSeqArrow, 0).ts0 - G_GINT64_CONSTANT (1000000000);
  hi = g_array_index (m->arrows, LadderSeqArrow, m->arrows->len - 1).ts1 + G_GINT64_CONSTANT (1000000000);
  for (guint k = 0; k < n; k++)
    if (owner[k] >= 0)
      g_hash_table_insert (by_pid, GUINT_TO_POINTER (ladder_capture_get_call (mt->d->capture, order[k])->pid),
                           GINT_TO_POINTER (owner[k] + 1));
  for (guint k = 0; k < n; k++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (mt->d->capture, order[k]);
      gpointer v = g_hash_table_lookup (by_pid, GUINT_TO_POINTER (c->pid));
      if (c->kind == LADDER_CALL_SELECT && owner[k] == UNKNOWN && v != NULL
          && c->ts_ns >= lo && c->ts_ns <= hi)
        owner[k] = GPOINTER_TO_INT (v) - 1;
    }
}

static void
append_call (LadderSeqModel *m, const LadderSocketCall *c, int lifeline)
{
  LadderSeqLifeline *l = &g_array_index (m->lifelines, LadderSeqLifeline, lifeline);
  LadderSeqCall call = { 0 };

  call.lifeline = lifeline;
  call.ts0 = c->ts_ns;
  call.ts1 = c->ts_ns + MAX (c->duration_ns, 0);
  call.text = call_text (c);
  call.result_at = (guint) (strrchr (call.text, '=') - call.text - 1);
  call.failed = c->result < 0;
  call.kind = c->kind;
  g_array_append_val (m->calls, call);
  if (l->lane_title == NULL && c->program[0] != '\0')
    l->lane_title = g_strdup_printf ("%.*s (pid %u)", (int) strnlen (c->program, sizeof c->program),
                                     c->program, c->pid);
  if (l->title == NULL && c->host[0] != '\0')
    l->title = g_strndup (c->host, sizeof c->host);
}

void
ladder_seq_add_calls (LadderDiagram *d, LadderSeqModel *m, const LadderConversation *conv)
{
  guint n = ladder_capture_get_n_calls (d->capture);
  g_autofree guint *order = NULL;
  g_autofree int *owner = NULL;
  Matcher mt;

  if (n == 0 || m->lifelines->len == 0)
    return;
  order = g_new (guint, n);
  owner = g_new (int, n);
  for (guint i = 0; i < n; i++)
    {
      order[i] = i;
      owner[i] = UNKNOWN;
    }
  g_qsort_with_data (order, (gint) n, sizeof (guint), compare_call_time, d->capture);
  matcher_init (&mt, d, m, conv);
  assign_owners (&mt, order, n, owner);
  assign_selects (&mt, order, n, owner);
  for (guint k = 0; k < n; k++)
    if (owner[k] >= 0)
      append_call (m, ladder_capture_get_call (d->capture, order[k]), owner[k]);
  matcher_clear (&mt);
}

/* Kernel socket states: each change as the kernel made it (the
 * tracepoint, where the lab ran as root), or samples.  Either way a state
 * holds from its record until the next different one; the last holds one
 * median gap past its record.  A band from samples says so: the state may
 * have begun earlier, and a short one between two samples is missing. */

typedef struct
{
  gint64 ts;
  guint8 state;
  guint8 source;   /* LadderStateSource */
} Sample;

static void
append_segments (LadderSeqModel *m, int lifeline, GArray *samples, gint64 until)
{
  gint64 interval;

  if (samples->len == 0)
    return;
  g_array_sort (samples, ladder_compare_ts);
  interval = ladder_median_gap (samples->data, samples->len, sizeof (Sample));
  if (interval == 0)
    interval = G_GINT64_CONSTANT (1000000);
  for (guint i = 0; i < samples->len;)
    {
      Sample *s = &g_array_index (samples, Sample, i);
      LadderSeqBand band = { lifeline, TRUE, s->ts, 0, 0, 0, s->state, FALSE,
                             s->source == LADDER_STATE_SOURCE_SAMPLED };
      guint j = i + 1;

      if (s->ts >= until)
        break;
      while (j < samples->len && g_array_index (samples, Sample, j).state == s->state)
        j++;
      band.ts1 = j < samples->len ? g_array_index (samples, Sample, j).ts
                                  : g_array_index (samples, Sample, j - 1).ts + interval;
      band.ts1 = MIN (band.ts1, until);
      m->kernel_sampled |= band.sampled;
      g_array_append_val (m->bands, band);
      i = j;
    }
  m->has_kernel = TRUE;
}

void
ladder_seq_add_kernel_bands (LadderDiagram *d, LadderSeqModel *m, const LadderConversation *conv)
{
  guint n = ladder_capture_get_n_states (d->capture);
  Endpoint ends[2] = { { conv->a, conv->a_port }, { conv->b, conv->b_port } };
  g_autoptr (GArray) conn0 = g_array_new (FALSE, FALSE, sizeof (Sample));
  g_autoptr (GArray) conn1 = g_array_new (FALSE, FALSE, sizeof (Sample));
  g_autoptr (GArray) listen = g_array_new (FALSE, FALSE, sizeof (Sample));
  GArray *conn[2] = { conn0, conn1 };
  gint64 first_conn1 = G_MAXINT64;

  for (guint i = 0; i < n; i++)
    {
      const LadderSocketState *s = ladder_capture_get_state (d->capture, i);
      Sample sample = { s->ts_ns, s->state, s->source };

      if (s->protocol != 6)
        continue;
      for (int e = 0; e < 2; e++)
        if (endpoint_has (&ends[e], &s->local_addr, s->local_port)
            && endpoint_has (&ends[1 - e], &s->peer_addr, s->peer_port))
          g_array_append_val (conn[e], sample);
      if (s->state == LADDER_TCP_LISTEN && endpoint_has (&ends[1], &s->local_addr, s->local_port))
        g_array_append_val (listen, sample);
    }
  for (guint i = 0; i < conn1->len; i++)
    first_conn1 = MIN (first_conn1, g_array_index (conn1, Sample, i).ts);
  /* lifelines 0 and 1 are the conversation's ends a and b */
  append_segments (m, 0, conn0, G_MAXINT64);
  append_segments (m, 1, listen, first_conn1);
  append_segments (m, 1, conn1, G_MAXINT64);
}

/* Lifeline titles: the lab's host name when the calls tell it, else the
 * address; subtitles give the address or the role and port. */
void
ladder_seq_name_lifelines (LadderDiagram *d, LadderSeqModel *m, const LadderConversation *conv)
{
  /* routers may stand between the conversation's ends */
  int end_a = conv != NULL ? ladder_seq_conv_lifeline (m, conv, 0) : -1;
  int end_b = conv != NULL ? ladder_seq_conv_lifeline (m, conv, 1) : -1;

  for (guint i = 0; i < m->lifelines->len; i++)
    {
      LadderSeqLifeline *l = &g_array_index (m->lifelines, LadderSeqLifeline, i);
      char addr[LADDER_ADDR_STRLEN];
      g_autofree char *port = NULL;
      gboolean is_end = (int) i == end_a || (int) i == end_b;
      guint16 p = l->port;

      ladder_addr_to_string (&l->addr, addr);
      if (is_end && (conv->proto == LADDER_IPPROTO_TCP || conv->proto == LADDER_IPPROTO_UDP))
        p = (int) i == end_a ? conv->a_port : conv->b_port;
      if (p != 0)
        {
          const char *name = ladder_port_name (p, conv != NULL ? conv->proto : LADDER_IPPROTO_TCP);
          /* Translators: "port 7 (echo)", with the service's name from /etc/services */
          port = name ? g_strdup_printf (_("port %u (%s)"), p, name) : g_strdup_printf (_("port %u"), p);
        }
      if (l->title != NULL)
        l->subtitle = port ? g_strdup_printf ("%s %s", addr, port) : g_strdup (addr);
      else
        {
          l->title = g_strdup (addr);
          if (is_end && conv->initiator_known)
            l->subtitle = g_strdup_printf ("%s%s%s", (int) i == end_a ? _("client") : _("server"),
                                           port ? ", " : "", port ? port : "");
          else
            l->subtitle = g_strdup (port ? port : "");
        }
    }
}
