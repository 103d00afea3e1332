/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sockets.c: the lab's sockets rebuilt from its records (see the header).
 *
 * One pass over the state records and the calls in time order.  A record
 * belongs to the live socket with its addresses (host, protocol, local and
 * peer end); a call to the socket its process holds under that descriptor.
 * Two artefacts of the recording are repaired first, so that what a class
 * sees never runs backwards:
 *  - a sample is stamped when its poll began, so the state a close()
 *    caused (TIME_WAIT, the socket gone) can carry a time a few
 *    milliseconds before that close(): such a record moves to the close;
 *  - a TCP connection's states only move forward (RFC 9293), so samples
 *    that disagree with that are put in the order the state machine allows.
 */
#include "ladder-sockets.h"

#include <stdio.h>
#include <string.h>

#include "ladder-tcp.h"

#define LADDER_IPPROTO_TCP    6
#define LADDER_IPPROTO_UDP    17
#define LADDER_IPPROTO_ICMP   1
#define LADDER_IPPROTO_ICMPV6 58

/* How far before its close() a record stamped at its poll's start can be. */
#define STAMP_SLACK_NS (100 * G_GINT64_CONSTANT (1000000))

typedef struct
{
  gint64      ts_ns;
  guint8      state;
  gboolean    gone;
  guint32     recv_q, send_q;
  gint32      fd;
  const char *source;
} Sample;

typedef struct
{
  LadderSocket pub;
  GArray      *samples;   /* Sample */
} Socket;

struct _LadderSockets
{
  GPtrArray *sockets;     /* Socket */
  GArray    *frames;      /* FrameTime, by time */
  gint64    *frame_ts;    /* by number - 1 */
  guint64    n_frames;
};

typedef struct
{
  gint64  ts_ns;
  guint64 number;         /* after sorting: the highest number at or before ts_ns */
} FrameTime;

/* An event of the pass: a state record or a call, at the time it took effect. */
typedef struct
{
  gint64                   ts_ns;
  guint                    order;
  const LadderSocketState *state;
  const LadderSocketCall  *call;
} Event;

typedef struct
{
  LadderSockets *self;
  GHashTable    *by_key;    /* "host proto local peer" → Socket, live */
  GHashTable    *by_owner;  /* "host pid fd" → Socket, held */
} Pass;

static void
socket_free (gpointer data)
{
  Socket *s = data;

  g_array_unref (s->samples);
  g_array_unref (s->pub.changes);
  g_free (s);
}

void
ladder_sockets_free (LadderSockets *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->sockets);
  g_array_unref (self->frames);
  g_free (self->frame_ts);
  g_free (self);
}

/* ---- names and formats ---- */

const char *
ladder_socket_state_ss_name (guint8 state)
{
  /* iproute2 ss.c, sstate_name[] */
  switch (state)
    {
    case LADDER_TCP_LISTEN: return "LISTEN";
    case LADDER_TCP_SYN_SENT: return "SYN-SENT";
    case LADDER_TCP_SYN_RECEIVED: return "SYN-RECV";
    case LADDER_TCP_ESTABLISHED: return "ESTAB";
    case LADDER_TCP_FIN_WAIT_1: return "FIN-WAIT-1";
    case LADDER_TCP_FIN_WAIT_2: return "FIN-WAIT-2";
    case LADDER_TCP_CLOSING: return "CLOSING";
    case LADDER_TCP_TIME_WAIT: return "TIME-WAIT";
    case LADDER_TCP_CLOSE_WAIT: return "CLOSE-WAIT";
    case LADDER_TCP_LAST_ACK: return "LAST-ACK";
    case LADDER_TCP_CLOSED:
    default: return "UNCONN";
    }
}

char *
ladder_socket_format_endpoint (const LadderAddr *addr, guint16 port, guint8 family)
{
  char text[LADDER_ADDR_STRLEN];
  g_autofree char *port_text = port != 0 ? g_strdup_printf ("%u", port) : g_strdup ("*");

  if (addr->family == 0)
    return g_strdup_printf ("%s:%s", family == 6 ? "[::]" : "0.0.0.0", port_text);
  ladder_addr_to_string (addr, text);
  if (addr->family == 6)
    return g_strdup_printf ("[%s]:%s", text, port_text);
  return g_strdup_printf ("%s:%s", text, port_text);
}

char *
ladder_socket_row_format_process (const LadderSocketRow *row)
{
  const LadderSocket *s = row->socket;

  if (row->fd < 0 || s->pid == 0)
    return g_strdup ("");
  return g_strdup_printf ("users:((\"%s\",pid=%u,fd=%d))", s->program, s->pid, row->fd);
}

/* ---- frames ---- */

static int
compare_frame_time (gconstpointer a, gconstpointer b)
{
  const FrameTime *x = a, *y = b;

  if (x->ts_ns != y->ts_ns)
    return x->ts_ns < y->ts_ns ? -1 : 1;
  return x->number < y->number ? -1 : x->number > y->number;
}

/* Frames by time, each carrying the highest number captured by then, so
 * "the last packet at or before T" is one binary search even where the
 * links' packets interleave out of order. */
static void
index_frames (LadderSockets *self, LadderCapture *capture)
{
  guint64 highest = 0;

  self->frame_ts = g_new0 (gint64, MAX (self->n_frames, 1));
  g_array_set_size (self->frames, 0);
  for (guint64 n = 1; n <= self->n_frames; n++)
    {
      LadderFrameInfo info;
      FrameTime ft = { 0, n };

      if (ladder_capture_get_frame (capture, n, &info))
        ft.ts_ns = info.ts_ns;
      self->frame_ts[n - 1] = ft.ts_ns;
      g_array_append_val (self->frames, ft);
    }
  g_array_sort (self->frames, compare_frame_time);
  for (guint i = 0; i < self->frames->len; i++)
    {
      FrameTime *ft = &g_array_index (self->frames, FrameTime, i);
      highest = MAX (highest, ft->number);
      ft->number = highest;
    }
}

static guint64
packet_at (LadderSockets *self, gint64 ts_ns)
{
  guint lo = 0, hi = self->frames->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (self->frames, FrameTime, mid).ts_ns <= ts_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo == 0 ? 0 : g_array_index (self->frames, FrameTime, lo - 1).number;
}

gint64
ladder_sockets_get_frame_time (LadderSockets *self, guint64 packet)
{
  g_return_val_if_fail (self != NULL, 0);

  if (packet == 0 || packet > self->n_frames || self->frame_ts == NULL)
    return 0;
  return self->frame_ts[packet - 1];
}

guint64
ladder_sockets_get_n_frames (LadderSockets *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_frames;
}

/* ---- the pass ---- */

static gboolean
addr_is_any (const LadderAddr *addr)
{
  static const guint8 zero[16] = { 0 };

  return addr->family == 0 || memcmp (addr->bytes, zero, sizeof zero) == 0;
}

/* A call leaves an unconnected socket's peer empty (family 0) where the
 * kernel reports the wildcard address of the socket's family. */
static char *
make_key (const char *host, guint8 protocol, const LadderAddr *local, guint16 local_port,
          const LadderAddr *peer, guint16 peer_port)
{
  guint8 family = local->family != 0 ? local->family : peer->family != 0 ? peer->family : 4;
  g_autofree char *l = ladder_socket_format_endpoint (local, local_port, family);
  g_autofree char *p = NULL;

  if (peer->family == 0 || (addr_is_any (peer) && peer_port == 0))
    p = g_strdup ("*");
  else
    p = ladder_socket_format_endpoint (peer, peer_port, family);
  return g_strdup_printf ("%.16s %u %s %s", host, protocol, l, p);
}

static char *
make_owner_key (const char *host, guint32 pid, gint32 fd)
{
  return g_strdup_printf ("%.16s %u %d", host, pid, fd);
}

/* The records' names are fixed-size fields: never read past one, even
 * where it fills its field without a NUL. */
static void
copy_name (char *dst, gsize dst_size, const char *src, gsize src_size)
{
  gsize n = MIN (strnlen (src, src_size), dst_size - 1);

  memcpy (dst, src, n);
  dst[n] = '\0';
}

static Socket *
new_socket (Pass *pass, const char *key, const char *host, guint8 protocol,
            const LadderAddr *local, guint16 local_port, const LadderAddr *peer, guint16 peer_port)
{
  Socket *s = g_new0 (Socket, 1);

  s->pub.index = pass->self->sockets->len;
  copy_name (s->pub.host, sizeof s->pub.host, host, sizeof s->pub.host);
  s->pub.fd = -1;
  s->pub.protocol = protocol;
  s->pub.local_addr = *local;
  s->pub.local_port = local_port;
  s->pub.peer_addr = *peer;
  s->pub.peer_port = peer_port;
  /* A call leaves an unknown end empty where the kernel reports the
   * wildcard address of the socket's family. */
  if (s->pub.local_addr.family == 0)
    s->pub.local_addr.family = peer->family != 0 ? peer->family : 4;
  if (s->pub.peer_addr.family == 0)
    {
      memset (&s->pub.peer_addr, 0, sizeof s->pub.peer_addr);
      s->pub.peer_addr.family = s->pub.local_addr.family;
    }
  s->pub.changes = g_array_new (FALSE, TRUE, sizeof (LadderSocketChange));
  s->samples = g_array_new (FALSE, TRUE, sizeof (Sample));
  g_ptr_array_add (pass->self->sockets, s);
  g_hash_table_replace (pass->by_key, g_strdup (key), s);
  return s;
}

static void
forget (GHashTable *table, Socket *s)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == s)
      g_hash_table_iter_remove (&iter);
}

static void
hold (Pass *pass, Socket *s, const char *host, guint32 pid, gint32 fd, const char *program)
{
  if (pid == 0 || (fd < 0 && s->pub.pid != 0))
    return;
  s->pub.pid = pid;
  if (program != NULL && program[0] != '\0')
    copy_name (s->pub.program, sizeof s->pub.program, program, sizeof s->pub.program);
  if (fd < 0)
    return;
  if (s->pub.fd < 0)
    s->pub.fd = fd;
  g_hash_table_replace (pass->by_owner, make_owner_key (host, pid, fd), s);
}

static const Sample *
last_sample (const Socket *s)
{
  return s->samples->len > 0 ? &g_array_index (s->samples, Sample, s->samples->len - 1) : NULL;
}

static void
add_sample (Pass *pass, Socket *s, const Sample *sample)
{
  g_array_append_vals (s->samples, sample, 1);
  if (sample->gone)
    {
      forget (pass->by_key, s);
      forget (pass->by_owner, s);
    }
}

static gboolean
held (Pass *pass, Socket *s)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, pass->by_owner);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == s)
      return TRUE;
  return FALSE;
}

/* A queue sample beside the tracepoint's states: the socket's queues
 * from TS_NS on, in the state and hands the other records gave it. */
static void
on_queues (Pass *pass, Socket *s, const LadderSocketState *r, gint64 ts_ns)
{
  const Sample *last = s != NULL ? last_sample (s) : NULL;
  Sample sample;

  if (last == NULL || last->gone)
    return;
  if (last->recv_q == r->recv_q && last->send_q == r->send_q)
    return;
  sample = *last;
  sample.ts_ns = ts_ns;
  sample.recv_q = r->recv_q;
  sample.send_q = r->send_q;
  add_sample (pass, s, &sample);
}

/* The tracepoint knows no queues: they stay as last sampled until the
 * next queue sample, except where the new state empties them.  The ACK
 * that ends SYN-SENT, SYN-RECV or FIN-WAIT-1 acknowledged everything sent
 * (the SYN, the FIN), and a TIME-WAIT socket holds no data. */
static void
carry_queues (Sample *sample, const Sample *last)
{
  sample->recv_q = last->recv_q;
  sample->send_q = last->send_q;
  switch (sample->state)
    {
    case LADDER_TCP_TIME_WAIT:
      sample->recv_q = 0;
      sample->send_q = 0;
      break;
    case LADDER_TCP_FIN_WAIT_2:
      sample->send_q = 0;
      break;
    case LADDER_TCP_ESTABLISHED:
      if (last->state == LADDER_TCP_SYN_SENT || last->state == LADDER_TCP_SYN_RECEIVED)
        sample->send_q = 0;
      break;
    default:
      break;
    }
}

static void
on_state (Pass *pass, const LadderSocketState *r, gint64 ts_ns)
{
  g_autofree char *key = make_key (r->host, r->protocol, &r->local_addr, r->local_port,
                                   &r->peer_addr, r->peer_port);
  Socket *s = g_hash_table_lookup (pass->by_key, key);
  Sample sample = { ts_ns, r->state, FALSE, r->recv_q, r->send_q, r->pid != 0 ? r->fd : -1, "kernel" };
  const Sample *last;

  if (r->source == LADDER_STATE_SOURCE_QUEUES)
    {
      on_queues (pass, s, r, ts_ns);
      return;
    }
  if (r->source == LADDER_STATE_SOURCE_TRACEPOINT && s != NULL && (last = last_sample (s)) != NULL
      && !last->gone)
    carry_queues (&sample, last);
  /* The recording knows one holder: after its close() a forked child may
   * still hold the socket. */
  if (sample.fd < 0 && s != NULL && (last = last_sample (s)) != NULL && last->fd >= 0 && held (pass, s))
    sample.fd = last->fd;
  /* sock_diag reports a freed socket once more, as CLOSED without a descriptor. */
  sample.gone = r->state == LADDER_TCP_CLOSED && sample.fd < 0;
  if (s == NULL && sample.gone)
    return;  /* its close() ended it already */
  if (s == NULL)
    s = new_socket (pass, key, r->host, r->protocol, &r->local_addr, r->local_port,
                    &r->peer_addr, r->peer_port);
  hold (pass, s, r->host, r->pid, r->fd, r->program);
  add_sample (pass, s, &sample);
}

/* Whether another descriptor (a dup() of it, a forked child's copy) still
 * holds S: closing one copy closes no socket.  *PID and *FD: one holder. */
static gboolean
still_held (Pass *pass, Socket *s, guint *pid, gint *fd)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, pass->by_owner);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *pid_fd = strchr (key, ' ');

      if (value == s && pid_fd != NULL && sscanf (pid_fd, " %u %d", pid, fd) == 2)
        return TRUE;
    }
  return FALSE;
}

/* dup(): the new descriptor holds the same socket. */
static void
on_dup (Pass *pass, const LadderSocketCall *c)
{
  g_autofree char *owner = make_owner_key (c->host, c->pid, c->fd);
  Socket *s = g_hash_table_lookup (pass->by_owner, owner);

  if (s != NULL && c->result >= 0 && c->result <= G_MAXINT32)
    g_hash_table_replace (pass->by_owner, make_owner_key (c->host, c->pid, (gint32) c->result), s);
}

/* fork(): the child holds the parent's sockets under the same fds. */
static void
on_fork (Pass *pass, const LadderSocketCall *c)
{
  g_autofree char *prefix = g_strdup_printf ("%.16s %u ", c->host, c->pid);
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) values = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  if (c->result <= 0 || c->result > G_MAXUINT32)
    return;
  g_hash_table_iter_init (&iter, pass->by_owner);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, prefix))
      {
        g_ptr_array_add (keys, g_strdup_printf ("%.16s %u %s", c->host, (guint) c->result,
                                                (const char *) key + strlen (prefix)));
        g_ptr_array_add (values, value);
      }
  for (guint i = 0; i < keys->len; i++)
    g_hash_table_replace (pass->by_owner, g_strdup (keys->pdata[i]), values->pdata[i]);
}

/* C closed one of S's descriptors while another holds it: the kernel
 * keeps the socket as it is.  Another process's hold (a forked child
 * after its parent's close()) makes it that process's from now on. */
static void
close_copy (Pass *pass, Socket *s, const LadderSocketCall *c, const Sample *last, gint64 ts_ns,
            guint pid, gint fd)
{
  Sample sample = *last;

  if (pid == c->pid)
    {
      if (s->pub.fd == c->fd)
        s->pub.fd = fd;
      return;
    }
  s->pub.pid = pid;
  sample.ts_ns = ts_ns;
  sample.fd = fd;
  sample.source = "close";
  add_sample (pass, s, &sample);
}

/* What close() does to a TCP socket (tcp_close_state() in the kernel): a
 * connection sends its FIN, a listener or an unconnected socket is freed. */
static void
on_close (Pass *pass, const LadderSocketCall *c, gint64 ts_ns)
{
  g_autofree char *owner = make_owner_key (c->host, c->pid, c->fd);
  Socket *s = g_hash_table_lookup (pass->by_owner, owner);
  const Sample *last;
  Sample sample = { ts_ns, LADDER_TCP_CLOSED, TRUE, 0, 0, -1, "close" };
  guint holder_pid;
  gint holder_fd;

  if (s == NULL || (last = last_sample (s)) == NULL)
    return;
  g_hash_table_remove (pass->by_owner, owner);
  if (still_held (pass, s, &holder_pid, &holder_fd))
    {
      close_copy (pass, s, c, last, ts_ns, holder_pid, holder_fd);
      return;
    }
  sample.recv_q = last->recv_q;
  sample.send_q = last->send_q;
  if (s->pub.protocol == LADDER_IPPROTO_TCP)
    switch (last->state)
      {
      case LADDER_TCP_ESTABLISHED:
      case LADDER_TCP_SYN_RECEIVED:
        sample.state = LADDER_TCP_FIN_WAIT_1;
        sample.gone = FALSE;
        break;
      case LADDER_TCP_CLOSE_WAIT:
        sample.state = LADDER_TCP_LAST_ACK;
        sample.gone = FALSE;
        break;
      case LADDER_TCP_LISTEN:
      case LADDER_TCP_SYN_SENT:
      case LADDER_TCP_CLOSED:
        break;
      default:  /* closing already (shutdown()): the state goes on */
        sample.state = last->state;
        sample.gone = FALSE;
      }
  add_sample (pass, s, &sample);
}

/* A call that shows a socket the samples may not have caught yet: the
 * descriptor accept() returned, a connection connect() made, a listener,
 * a bound or used datagram socket. */
static void
on_opening_call (Pass *pass, const LadderSocketCall *c, gint64 ts_ns, gint32 fd, guint8 state)
{
  g_autofree char *owner = make_owner_key (c->host, c->pid, fd);
  g_autofree char *key = NULL;
  Socket *s = g_hash_table_lookup (pass->by_owner, owner);
  const Sample *last;
  Sample sample = { ts_ns, state, FALSE, 0, 0, fd, ladder_socket_call_name (c) };
  LadderAddr peer = c->peer_addr;
  guint16 peer_port = c->peer_port;

  if (s != NULL)
    {
      last = last_sample (s);
      /* listen() on a socket the samples knew unconnected */
      if (last != NULL && last->state != state && state == LADDER_TCP_LISTEN)
        add_sample (pass, s, &sample);
      return;
    }
  if (c->local_port == 0 && c->protocol != LADDER_IPPROTO_ICMP && c->protocol != LADDER_IPPROTO_ICMPV6)
    return;  /* not bound yet: ss does not list it */
  /* sendto()'s peer is the datagram's, not the socket's: unconnected */
  if (state == LADDER_TCP_CLOSED)
    memset (&peer, 0, sizeof peer), peer_port = 0;
  key = make_key (c->host, c->protocol, &c->local_addr, c->local_port, &peer, peer_port);
  s = g_hash_table_lookup (pass->by_key, key);
  if (s == NULL)
    s = new_socket (pass, key, c->host, c->protocol, &c->local_addr, c->local_port, &peer, peer_port);
  hold (pass, s, c->host, c->pid, fd, c->program);
  last = last_sample (s);
  if (last != NULL && last->fd < 0)
    {
      /* The kernel knew it before its process did (a connection waiting
       * in the accept queue, as ss shows it: no process): the call hands
       * it over in whatever state the kernel last reported. */
      sample.state = last->state;
      sample.recv_q = last->recv_q;
      sample.send_q = last->send_q;
    }
  if (last == NULL || last->fd < 0)
    add_sample (pass, s, &sample);
}

static gboolean
is_datagram (guint8 protocol)
{
  return protocol == LADDER_IPPROTO_UDP || protocol == LADDER_IPPROTO_ICMP
         || protocol == LADDER_IPPROTO_ICMPV6;
}

static void
on_call (Pass *pass, const LadderSocketCall *c, gint64 ts_ns)
{
  gboolean tcp = c->protocol == LADDER_IPPROTO_TCP;

  if (c->err != 0 || c->result < 0)
    return;
  switch (c->kind)
    {
    case LADDER_CALL_CLOSE:
      on_close (pass, c, ts_ns);
      break;
    case LADDER_CALL_DUP:
      on_dup (pass, c);
      break;
    case LADDER_CALL_FORK:
      on_fork (pass, c);
      break;
    case LADDER_CALL_ACCEPT:
      if (tcp && c->result <= G_MAXINT32)
        on_opening_call (pass, c, ts_ns, (gint32) c->result, LADDER_TCP_ESTABLISHED);
      break;
    case LADDER_CALL_CONNECT:
      if (tcp || c->protocol == LADDER_IPPROTO_UDP)
        on_opening_call (pass, c, ts_ns, c->fd, LADDER_TCP_ESTABLISHED);
      break;
    case LADDER_CALL_LISTEN:
      if (tcp)
        on_opening_call (pass, c, ts_ns, c->fd, LADDER_TCP_LISTEN);
      break;
    case LADDER_CALL_BIND:
    case LADDER_CALL_SENDTO:
      if (is_datagram (c->protocol))
        on_opening_call (pass, c, ts_ns, c->fd, LADDER_TCP_CLOSED);
      break;
    case LADDER_CALL_SOCKET:
      /* A raw socket is listed from its creation, its protocol as its port. */
      if ((c->protocol == LADDER_IPPROTO_ICMP || c->protocol == LADDER_IPPROTO_ICMPV6)
          && c->result <= G_MAXINT32)
        on_opening_call (pass, c, ts_ns, (gint32) c->result, LADDER_TCP_CLOSED);
      break;
    default:
      break;
    }
}

/* The close() a record without a descriptor followed: same host, process
 * and local end (and peer, when the call still knew it), at most
 * STAMP_SLACK_NS after the record's stamp.  Returns a time just after
 * that close() began, or the record's own stamp. */
static gint64
stamp_after_close (const LadderSocketState *r, GPtrArray *closes)
{
  for (guint i = 0; i < closes->len; i++)
    {
      const LadderSocketCall *c = closes->pdata[i];
      if (c->ts_ns <= r->ts_ns || ladder_ns_between (r->ts_ns, c->ts_ns) > STAMP_SLACK_NS)
        continue;
      if (c->pid != r->pid || strncmp (c->host, r->host, sizeof c->host) != 0
          || c->local_port != r->local_port
          || (c->local_addr.family != 0 && !ladder_addr_equal (&c->local_addr, &r->local_addr))
          || (c->peer_addr.family != 0 && (!ladder_addr_equal (&c->peer_addr, &r->peer_addr)
                                           || c->peer_port != r->peer_port)))
        continue;
      return c->ts_ns + 1;
    }
  return r->ts_ns;
}

static int
compare_events (gconstpointer a, gconstpointer b)
{
  const Event *x = a, *y = b;

  if (x->ts_ns != y->ts_ns)
    return x->ts_ns < y->ts_ns ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Records take effect when they were taken, repaired as the file's
 * comment says. */
static GArray *
collect_events (LadderCapture *capture)
{
  guint n_calls = ladder_capture_get_n_calls (capture);
  guint n_states = ladder_capture_get_n_states (capture);
  guint n_queues = ladder_capture_get_n_queues (capture);
  g_autoptr (GPtrArray) closes = g_ptr_array_new ();
  GArray *events = g_array_sized_new (FALSE, TRUE, sizeof (Event), n_calls + n_states + n_queues);

  for (guint i = 0; i < n_calls; i++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (capture, i);
      Event e = { c->ts_ns + MAX (c->duration_ns, 0), i, NULL, c };

      /* close() changes the state (sends the FIN) and sendto() binds its
       * socket as they run; the others hand their socket over when they
       * return */
      if (c->kind == LADDER_CALL_CLOSE || c->kind == LADDER_CALL_SENDTO)
        e.ts_ns = c->ts_ns;

      if (c->kind == LADDER_CALL_CLOSE && c->err == 0)
        g_ptr_array_add (closes, (gpointer) c);
      g_array_append_val (events, e);
    }
  for (guint i = 0; i < n_states; i++)
    {
      const LadderSocketState *r = ladder_capture_get_state (capture, i);
      Event e = { r->ts_ns, n_calls + i, r, NULL };

      if (r->fd < 0 && r->pid != 0)
        e.ts_ns = stamp_after_close (r, closes);
      g_array_append_val (events, e);
    }
  for (guint i = 0; i < n_queues; i++)
    {
      const LadderSocketState *r = ladder_capture_get_queue (capture, i);
      Event e = { r->ts_ns, n_calls + n_states + i, r, NULL };

      g_array_append_val (events, e);
    }
  g_array_sort (events, compare_events);
  return events;
}

/* A TCP connection's states in the order RFC 9293 allows them. */
static guint
tcp_rank (const Sample *sample)
{
  switch (sample->state)
    {
    case LADDER_TCP_SYN_SENT: return 1;
    case LADDER_TCP_SYN_RECEIVED: return 2;
    case LADDER_TCP_ESTABLISHED: return 3;
    case LADDER_TCP_FIN_WAIT_1:
    case LADDER_TCP_CLOSE_WAIT: return 4;
    case LADDER_TCP_FIN_WAIT_2:
    case LADDER_TCP_CLOSING:
    case LADDER_TCP_LAST_ACK: return 5;
    case LADDER_TCP_TIME_WAIT: return 6;
    default: return 7;
    }
}

/* Stable insertion sort by rank (the lists are short and nearly sorted),
 * then times made non-decreasing: a sample moved behind a later one
 * happened no earlier than that one. */
static void
order_connection (Socket *s)
{
  GArray *a = s->samples;

  if (s->pub.protocol != LADDER_IPPROTO_TCP || a->len < 2
      || g_array_index (a, Sample, 0).state == LADDER_TCP_LISTEN)
    return;
  for (guint i = 1; i < a->len; i++)
    {
      Sample x = g_array_index (a, Sample, i);
      guint j = i;

      for (; j > 0 && tcp_rank (&g_array_index (a, Sample, j - 1)) > tcp_rank (&x); j--)
        g_array_index (a, Sample, j) = g_array_index (a, Sample, j - 1);
      g_array_index (a, Sample, j) = x;
    }
  for (guint i = 1; i < a->len; i++)
    {
      Sample *prev = &g_array_index (a, Sample, i - 1), *cur = &g_array_index (a, Sample, i);
      cur->ts_ns = MAX (cur->ts_ns, prev->ts_ns);
    }
}

static void
build_changes (LadderSockets *self, Socket *s)
{
  for (guint i = 0; i < s->samples->len; i++)
    {
      const Sample *sample = &g_array_index (s->samples, Sample, i);
      const LadderSocketChange *prev = s->pub.changes->len > 0
        ? &g_array_index (s->pub.changes, LadderSocketChange, s->pub.changes->len - 1) : NULL;
      LadderSocketChange change = { sample->ts_ns, packet_at (self, sample->ts_ns), sample->state,
                                    sample->gone, sample->gone ? -1 : sample->fd, sample->source };

      if (prev != NULL && prev->state == change.state && prev->gone == change.gone && prev->fd == change.fd)
        continue;
      g_array_append_val (s->pub.changes, change);
    }
}

LadderSockets *
ladder_sockets_new (LadderCapture *capture, guint64 n_frames)
{
  LadderSockets *self;
  g_autoptr (GArray) events = NULL;
  Pass pass;

  g_return_val_if_fail (capture != NULL, NULL);

  self = g_new0 (LadderSockets, 1);
  self->sockets = g_ptr_array_new_with_free_func (socket_free);
  self->frames = g_array_new (FALSE, FALSE, sizeof (FrameTime));
  self->n_frames = MIN (n_frames, ladder_capture_get_n_frames (capture));
  /* A capture without the lab's records has no sockets to place: its
   * packets need no index (a big file stays cheap). */
  if (ladder_capture_get_n_calls (capture) + ladder_capture_get_n_states (capture)
      + ladder_capture_get_n_queues (capture) > 0)
    index_frames (self, capture);
  events = collect_events (capture);
  pass.self = self;
  pass.by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pass.by_owner = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < events->len; i++)
    {
      const Event *e = &g_array_index (events, Event, i);
      if (e->state != NULL)
        on_state (&pass, e->state, e->ts_ns);
      else
        on_call (&pass, e->call, e->ts_ns);
    }
  g_hash_table_unref (pass.by_key);
  g_hash_table_unref (pass.by_owner);
  for (guint i = 0; i < self->sockets->len; i++)
    {
      order_connection (self->sockets->pdata[i]);
      build_changes (self, self->sockets->pdata[i]);
    }
  return self;
}

guint
ladder_sockets_get_n_sockets (LadderSockets *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->sockets->len;
}

const LadderSocket *
ladder_sockets_get_socket (LadderSockets *self, guint index)
{
  g_return_val_if_fail (self != NULL && index < self->sockets->len, NULL);

  return &((Socket *) self->sockets->pdata[index])->pub;
}

/* ---- queries ---- */

/* The last sample at or before TS_NS, or NULL. */
static const Sample *
sample_at (const Socket *s, gint64 ts_ns)
{
  const Sample *found = NULL;

  for (guint i = 0; i < s->samples->len; i++)
    {
      const Sample *sample = &g_array_index (s->samples, Sample, i);
      if (sample->ts_ns > ts_ns)
        break;
      found = sample;
    }
  return found;
}

static gboolean
is_waiting (guint8 state, guint8 protocol)
{
  return state == LADDER_TCP_LISTEN || (state == LADDER_TCP_CLOSED && protocol != LADDER_IPPROTO_TCP);
}

/* Servers first (hosts with a listening socket: the lesson is there),
 * then by name; in a host, waiting sockets first, as ss lists them. */
static int
compare_rows (gconstpointer a, gconstpointer b, gpointer listening_hosts)
{
  const LadderSocketRow *x = a, *y = b;
  gboolean lx = g_hash_table_contains (listening_hosts, x->socket->host);
  gboolean ly = g_hash_table_contains (listening_hosts, y->socket->host);
  int host = strncmp (x->socket->host, y->socket->host, sizeof x->socket->host);
  gboolean wx = is_waiting (x->state, x->socket->protocol), wy = is_waiting (y->state, y->socket->protocol);

  if (lx != ly)
    return lx ? -1 : 1;
  if (host != 0)
    return host;
  if (wx != wy)
    return wx ? -1 : 1;
  return x->socket->index < y->socket->index ? -1 : x->socket->index > y->socket->index;
}

GArray *
ladder_sockets_table_at (LadderSockets *self, guint64 packet)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (LadderSocketRow));
  g_autoptr (GHashTable) listening = NULL;
  gint64 ts_ns;

  g_return_val_if_fail (self != NULL, rows);

  if (packet == 0 || packet > self->n_frames || self->frame_ts == NULL)
    return rows;
  ts_ns = self->frame_ts[packet - 1];
  for (guint i = 0; i < self->sockets->len; i++)
    {
      const Socket *s = self->sockets->pdata[i];
      const Sample *sample = sample_at (s, ts_ns);
      LadderSocketRow row;

      if (sample == NULL || sample->gone)
        continue;
      row.socket = &s->pub;
      row.state = sample->state;
      row.recv_q = sample->recv_q;
      row.send_q = sample->send_q;
      row.fd = sample->fd;
      g_array_append_val (rows, row);
    }
  listening = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, LadderSocketRow, i).state == LADDER_TCP_LISTEN)
      g_hash_table_add (listening, (gpointer) g_array_index (rows, LadderSocketRow, i).socket->host);
  g_array_sort_with_data (rows, compare_rows, listening);
  return rows;
}

static gboolean
socket_matches (const LadderSocket *s, guint8 protocol, const LadderAddr *local, guint16 local_port,
                const LadderAddr *peer, guint16 peer_port)
{
  return s->protocol == protocol && s->local_port == local_port && s->peer_port == peer_port
         && ladder_addr_equal (&s->local_addr, local) && ladder_addr_equal (&s->peer_addr, peer);
}

const LadderSocket *
ladder_sockets_find (LadderSockets *self, guint8 protocol, const LadderAddr *local, guint16 local_port,
                     const LadderAddr *peer, guint16 peer_port)
{
  g_return_val_if_fail (self != NULL && local != NULL && peer != NULL, NULL);

  for (guint i = 0; i < self->sockets->len; i++)
    {
      const LadderSocket *s = &((Socket *) self->sockets->pdata[i])->pub;
      if (socket_matches (s, protocol, local, local_port, peer, peer_port))
        return s;
    }
  return NULL;
}

static gboolean
ever_listened (const Socket *s)
{
  for (guint i = 0; i < s->samples->len; i++)
    if (g_array_index (s->samples, Sample, i).state == LADDER_TCP_LISTEN)
      return TRUE;
  return FALSE;
}

const LadderSocket *
ladder_sockets_find_listener (LadderSockets *self, const LadderAddr *addr, guint16 port)
{
  g_return_val_if_fail (self != NULL && addr != NULL, NULL);

  for (guint i = 0; i < self->sockets->len; i++)
    {
      const Socket *s = self->sockets->pdata[i];
      if (s->pub.protocol == LADDER_IPPROTO_TCP && s->pub.local_port == port && ever_listened (s)
          && (addr_is_any (&s->pub.local_addr) || ladder_addr_equal (&s->pub.local_addr, addr)))
        return &s->pub;
    }
  return NULL;
}

const LadderSocket *
ladder_sockets_find_bound (LadderSockets *self, guint8 protocol, const LadderAddr *addr, guint16 port)
{
  g_return_val_if_fail (self != NULL && addr != NULL, NULL);

  for (guint i = 0; i < self->sockets->len; i++)
    {
      const LadderSocket *s = &((Socket *) self->sockets->pdata[i])->pub;
      if (s->protocol == protocol && s->local_port == port && s->peer_port == 0 && addr_is_any (&s->peer_addr)
          && (addr_is_any (&s->local_addr) || ladder_addr_equal (&s->local_addr, addr)))
        return s;
    }
  return NULL;
}
