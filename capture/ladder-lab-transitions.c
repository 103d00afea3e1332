/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-transitions.c: the tracepoint's records kept for the lab's
 * sockets and tied to their owners (see the header). */

#include "ladder-lab-transitions.h"

#include <netinet/in.h>
#include <string.h>

#include "ladder-sockdiag.h"
#include "ladder-tcp.h"

/* A socket not known as the lab's when its records are due waits this
 * much longer for a report that claims it (an endpoint that returned from
 * accept() but was not scheduled to write its trace record on a loaded
 * machine); its records then go out late, with their own times. */
#define UNDECIDED_NS (2 * G_GINT64_CONSTANT (1000000000))

/* Kernel TCP states (include/net/tcp_states.h) this file reasons about. */
enum
{
  K_SYN_SENT = 2,
  K_FIN_WAIT2 = 5,
  K_TIME_WAIT = 6,
  K_CLOSE = 7,
  K_LISTEN = 10,
  K_CLOSING = 11,
};

typedef struct
{
  char    host[16];
  guint32 pid;
  gint32  fd;
  char    program[32];
} Owner;

/* Zeroed before filling, so memcmp compares it. */
typedef struct
{
  LadderAddr local, peer;
  guint16    local_port, peer_port;
} Tuple;

/* One life of one struct sock: from CLOSE to CLOSE. */
typedef struct
{
  guint64  skaddr;
  gboolean ours;
  gboolean has_tuple;
  Tuple    tuple;
  gboolean has_owner;
  Owner    owner;        /* from the pid that created it, until a report says more */
  guint8   last_state;
  guint32  birth_pid;    /* who connect()ed or listen()ed it, 0: neither */
  guint32  netns;        /* its network namespace's inode, 0: unknown */
  gint64   first_ts, last_ts;
  GArray  *pending;      /* LadderTcpTraceRecord, not yet decided on */
} Conn;

struct _LadderLabTransitions
{
  LadderTcpTrace *trace;
  GArray         *read;     /* LadderTcpTraceRecord, reused */
  GHashTable     *pids;     /* pid → Owner (fd -1) */
  GHashTable     *owners;   /* Tuple → Owner, from the endpoints' reports */
  GHashTable     *by_sk;    /* skaddr → Conn, its current life */
  GPtrArray      *conns;    /* Conn, every life still of use */
  GArray         *closes;   /* Close: the endpoints' close() calls */
  GHashTable     *netns;    /* inode → host name: the lab's namespaces */
};

/* After its owner closed it, a socket lives on without a descriptor
 * (FIN_WAIT, TIME_WAIT, LAST_ACK): its records say fd -1 from then on. */
typedef struct
{
  guint32 pid;
  gint32  fd;
  gint64  ts_ns;
} Close;

static guint
tuple_hash (gconstpointer p)
{
  const Tuple *t = p;

  return ladder_addr_hash (&t->local) ^ (ladder_addr_hash (&t->peer) * 31u)
         ^ ((guint) t->local_port << 16) ^ t->peer_port;
}

static gboolean
tuple_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (Tuple)) == 0;
}

static void
tuple_set (Tuple *t, const LadderAddr *local, guint16 local_port, const LadderAddr *peer,
           guint16 peer_port)
{
  memset (t, 0, sizeof *t);
  t->local = *local;
  t->peer = *peer;
  t->local_port = local_port;
  t->peer_port = peer_port;
}

static guint
u64_hash (gconstpointer p)
{
  guint64 v = *(const guint64 *) p;

  return (guint) (v ^ (v >> 32));
}

static gboolean
u64_equal (gconstpointer a, gconstpointer b)
{
  return *(const guint64 *) a == *(const guint64 *) b;
}

static void
conn_free (gpointer data)
{
  Conn *conn = data;

  g_array_unref (conn->pending);
  g_free (conn);
}

LadderLabTransitions *
ladder_lab_transitions_new (LadderTcpTrace *trace)
{
  LadderLabTransitions *lt = g_new0 (LadderLabTransitions, 1);

  g_return_val_if_fail (trace != NULL, NULL);

  lt->trace = trace;
  lt->read = g_array_new (FALSE, FALSE, sizeof (LadderTcpTraceRecord));
  lt->pids = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  lt->owners = g_hash_table_new_full (tuple_hash, tuple_equal, g_free, g_free);
  lt->by_sk = g_hash_table_new (u64_hash, u64_equal);
  lt->conns = g_ptr_array_new_with_free_func (conn_free);
  lt->closes = g_array_new (FALSE, FALSE, sizeof (Close));
  lt->netns = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  return lt;
}

void
ladder_lab_transitions_free (LadderLabTransitions *lt)
{
  if (lt == NULL)
    return;
  ladder_tcp_trace_free (lt->trace);
  g_array_unref (lt->read);
  g_hash_table_unref (lt->pids);
  g_hash_table_unref (lt->owners);
  g_hash_table_unref (lt->by_sk);
  g_ptr_array_unref (lt->conns);
  g_array_unref (lt->closes);
  g_hash_table_unref (lt->netns);
  g_free (lt);
}

LadderTcpTrace *
ladder_lab_transitions_get_trace (LadderLabTransitions *lt)
{
  g_return_val_if_fail (lt != NULL, NULL);

  return lt->trace;
}

void
ladder_lab_transitions_add_netns (LadderLabTransitions *lt, guint32 inode, const char *host)
{
  g_return_if_fail (lt != NULL && inode != 0 && host != NULL);

  g_hash_table_replace (lt->netns, GUINT_TO_POINTER (inode), g_strdup (host));
}

/* A socket known to live in a namespace that is none of the lab's is
 * another's, whatever its addresses or the pid the kernel ran for it. */
static gboolean
foreign (LadderLabTransitions *lt, const Conn *conn)
{
  return conn->netns != 0 && g_hash_table_size (lt->netns) > 0
         && !g_hash_table_contains (lt->netns, GUINT_TO_POINTER (conn->netns));
}

void
ladder_lab_transitions_watch (LadderLabTransitions *lt, pid_t pid, const char *host,
                              const char *program)
{
  Owner *owner = g_new0 (Owner, 1);

  g_return_if_fail (lt != NULL && host != NULL && program != NULL);

  g_strlcpy (owner->host, host, sizeof owner->host);
  g_strlcpy (owner->program, program, sizeof owner->program);
  owner->pid = (guint32) pid;
  owner->fd = -1;
  g_hash_table_replace (lt->pids, GUINT_TO_POINTER ((guint) pid), owner);
}

static void
note_owner (LadderLabTransitions *lt, const LadderAddr *local, guint16 local_port,
            const LadderAddr *peer, guint16 peer_port, const char *host, guint32 pid,
            gint32 fd, const char *program)
{
  Tuple *key;
  Owner *owner;

  if (local->family == 0 || local_port == 0 || pid == 0)
    return;
  key = g_new (Tuple, 1);
  tuple_set (key, local, local_port, peer, peer_port);
  owner = g_new0 (Owner, 1);
  g_strlcpy (owner->host, host, sizeof owner->host);
  g_strlcpy (owner->program, program, sizeof owner->program);
  owner->pid = pid;
  owner->fd = fd;
  g_hash_table_replace (lt->owners, key, owner);
}

void
ladder_lab_transitions_note_call (LadderLabTransitions *lt, const LadderSocketCall *call)
{
  gint32 fd;

  g_return_if_fail (lt != NULL && call != NULL);

  if (call->kind == LADDER_CALL_CLOSE && call->result == 0)
    {
      Close close = { call->pid, call->fd, call->ts_ns };
      g_array_append_val (lt->closes, close);
      return;
    }
  if (call->protocol != IPPROTO_TCP || call->result < 0)
    return;
  /* accept() acts on the listener and returns the connection's fd. */
  fd = call->kind == LADDER_CALL_ACCEPT ? (gint32) call->result : call->fd;
  if (call->kind == LADDER_CALL_CONNECT || call->kind == LADDER_CALL_ACCEPT)
    note_owner (lt, &call->local_addr, call->local_port, &call->peer_addr, call->peer_port,
                call->host, call->pid, fd, call->program);
}

void
ladder_lab_transitions_note_state (LadderLabTransitions *lt, const LadderSocketState *state)
{
  g_return_if_fail (lt != NULL && state != NULL);

  if (state->protocol != IPPROTO_TCP || state->fd < 0)
    return;
  note_owner (lt, &state->local_addr, state->local_port, &state->peer_addr, state->peer_port,
              state->host, state->pid, state->fd, state->program);
}

static Conn *
conn_new (LadderLabTransitions *lt, guint64 skaddr)
{
  Conn *conn = g_new0 (Conn, 1);

  conn->skaddr = skaddr;
  conn->pending = g_array_new (FALSE, FALSE, sizeof (LadderTcpTraceRecord));
  g_ptr_array_add (lt->conns, conn);
  g_hash_table_replace (lt->by_sk, &conn->skaddr, conn);
  return conn;
}

/* A socket's first change is made by the process that asked for it
 * (connect(), listen()): in that syscall's context, so the record's pid is
 * that process.  Later changes may run in a softirq on behalf of anyone. */
static void
claim_by_pid (LadderLabTransitions *lt, Conn *conn, const LadderTcpTraceRecord *t)
{
  const Owner *owner;

  if (t->old_state != K_CLOSE || (t->new_state != K_SYN_SENT && t->new_state != K_LISTEN))
    return;
  conn->birth_pid = t->pid;
  owner = g_hash_table_lookup (lt->pids, GUINT_TO_POINTER (t->pid));
  if (owner == NULL || foreign (lt, conn))
    return;
  conn->ours = TRUE;
  conn->has_owner = TRUE;
  conn->owner = *owner;
}

static void
take (LadderLabTransitions *lt, const LadderTcpTraceRecord *t)
{
  Conn *conn = g_hash_table_lookup (lt->by_sk, &t->skaddr);

  if (t->protocol != IPPROTO_TCP)
    return;
  /* The kernel reuses a freed struct sock: a change from CLOSE, or one
   * that does not leave the state the last one entered (a connection
   * accepted from a listener begins LISTEN → SYN_RECV), starts a new socket
   * at that address. */
  if (conn == NULL || t->old_state == K_CLOSE || t->old_state != conn->last_state)
    {
      conn = conn_new (lt, t->skaddr);
      conn->first_ts = t->ts_ns;
    }
  if (t->sport != 0)
    {
      conn->has_tuple = TRUE;
      tuple_set (&conn->tuple, &t->saddr, t->sport, &t->daddr, t->dport);
    }
  if (t->netns != 0)
    conn->netns = t->netns;
  claim_by_pid (lt, conn, t);
  conn->last_state = t->new_state;
  conn->last_ts = t->ts_ns;
  g_array_append_val (conn->pending, *t);
}

void
ladder_lab_transitions_read (LadderLabTransitions *lt)
{
  g_return_if_fail (lt != NULL);

  g_array_set_size (lt->read, 0);
  ladder_tcp_trace_read (lt->trace, lt->read);
  for (guint i = 0; i < lt->read->len; i++)
    take (lt, &g_array_index (lt->read, LadderTcpTraceRecord, i));
}

/* The owner the endpoints reported for the socket's addresses wins over
 * the pid that created it: it knows the descriptor. */
static void
resolve (LadderLabTransitions *lt, Conn *conn)
{
  const Owner *owner;

  if (foreign (lt, conn))
    {
      conn->ours = FALSE;
      return;
    }
  /* A traced program's pid is learnt from its first call's record, which
   * may come after the tracepoint's. */
  if (!conn->ours && conn->birth_pid != 0
      && (owner = g_hash_table_lookup (lt->pids, GUINT_TO_POINTER (conn->birth_pid))) != NULL)
    {
      conn->ours = TRUE;
      conn->has_owner = TRUE;
      conn->owner = *owner;
    }
  if (!conn->has_tuple)
    return;
  owner = g_hash_table_lookup (lt->owners, &conn->tuple);
  if (owner == NULL)
    return;
  /* A listener's addresses (0.0.0.0:7, no peer) are every lab's: only the
   * pid that called listen() claims it, and an endpoint's report only
   * names its descriptor.  A connection's ephemeral port makes its
   * addresses the lab's own. */
  if (conn->tuple.peer_port == 0
      && (!conn->ours || !conn->has_owner || conn->owner.pid != owner->pid))
    return;
  conn->ours = TRUE;
  conn->has_owner = TRUE;
  conn->owner = *owner;
}

/* Whether the owner had closed its descriptor by TS_NS (a close() of
 * that pid and fd during this socket's life). */
static gboolean
closed_by (LadderLabTransitions *lt, const Conn *conn, gint64 ts_ns)
{
  for (guint i = 0; i < lt->closes->len; i++)
    {
      const Close *c = &g_array_index (lt->closes, Close, i);
      if (c->pid == conn->owner.pid && c->fd == conn->owner.fd && c->ts_ns >= conn->first_ts
          && c->ts_ns <= ts_ns)
        return TRUE;
    }
  return FALSE;
}

static void
fill_record (LadderLabTransitions *lt, const Conn *conn, const LadderTcpTraceRecord *t,
             LadderSocketState *state)
{
  memset (state, 0, sizeof *state);
  state->ts_ns = t->ts_ns;
  state->pid = conn->owner.pid;
  state->fd = closed_by (lt, conn, t->ts_ns) ? -1 : conn->owner.fd;
  state->protocol = IPPROTO_TCP;
  state->state = ladder_sockdiag_map_state (t->new_state);
  state->old_state = ladder_sockdiag_map_state (t->old_state);
  state->source = LADDER_STATE_SOURCE_TRACEPOINT;
  if (conn->has_tuple)
    {
      state->local_addr = conn->tuple.local;
      state->local_port = conn->tuple.local_port;
      state->peer_addr = conn->tuple.peer;
      state->peer_port = conn->tuple.peer_port;
    }
  else
    {
      state->local_addr = t->saddr;
      state->peer_addr = t->daddr;
      state->peer_port = t->dport;
    }
  memcpy (state->host, conn->owner.host, sizeof state->host);
  memcpy (state->program, conn->owner.program, sizeof state->program);
}

/* FIN_WAIT2 or CLOSING → CLOSE is how a connection enters TIME_WAIT (or a
 * timed-out FIN_WAIT2, or a reset): the timewait socket sock_diag still
 * finds says which. */
static void
check_time_wait (const LadderTcpTraceRecord *t, LadderSocketState *state,
                 LadderLabLookupFunc lookup, gpointer user_data)
{
  gint now;

  if (t->new_state != K_CLOSE || (t->old_state != K_FIN_WAIT2 && t->old_state != K_CLOSING)
      || lookup == NULL)
    return;
  now = lookup (state->host, state, user_data);
  if (now == K_TIME_WAIT || now == K_FIN_WAIT2)
    state->state = ladder_sockdiag_map_state ((guint8) now);
}

/* Hands CONN's records before CUTOFF_NS on (or drops them: not the lab's);
 * TRUE when the socket is over and forgotten. */
static gboolean
flush_conn (LadderLabTransitions *lt, Conn *conn, gint64 cutoff_ns, LadderLabLookupFunc lookup,
            gpointer lookup_data, GArray *out)
{
  guint n = 0;

  resolve (lt, conn);
  for (; n < conn->pending->len; n++)
    {
      const LadderTcpTraceRecord *t = &g_array_index (conn->pending, LadderTcpTraceRecord, n);
      LadderSocketState state;

      if (t->ts_ns > cutoff_ns)
        break;
      /* Not claimed yet, or its port not chosen yet (connect() enters
       * SYN_SENT first): a later record may still tell. */
      if (!conn->ours || !conn->has_owner || !conn->has_tuple)
        {
          if (t->ts_ns > cutoff_ns - UNDECIDED_NS)
            break;
          if (!conn->ours || !conn->has_owner)
            continue;
        }
      fill_record (lt, conn, t, &state);
      check_time_wait (t, &state, lookup, lookup_data);
      g_array_append_val (out, state);
    }
  g_array_remove_range (conn->pending, 0, n);
  return conn->pending->len == 0 && conn->last_state == K_CLOSE;
}

static int
compare_states (gconstpointer a, gconstpointer b)
{
  const LadderSocketState *x = a, *y = b;

  return x->ts_ns < y->ts_ns ? -1 : x->ts_ns > y->ts_ns;
}

void
ladder_lab_transitions_flush (LadderLabTransitions *lt, gint64 cutoff_ns,
                              LadderLabLookupFunc lookup, LadderLabTransitionFunc func,
                              gpointer user_data)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (LadderSocketState));

  g_return_if_fail (lt != NULL && func != NULL);

  for (guint i = 0; i < lt->conns->len;)
    {
      Conn *conn = lt->conns->pdata[i];

      if (!flush_conn (lt, conn, cutoff_ns, lookup, user_data, out))
        {
          i++;
          continue;
        }
      if (g_hash_table_lookup (lt->by_sk, &conn->skaddr) == conn)
        g_hash_table_remove (lt->by_sk, &conn->skaddr);
      g_ptr_array_remove_index_fast (lt->conns, i);
    }
  /* Records of several sockets, in time order. */
  g_array_sort (out, compare_states);
  for (guint i = 0; i < out->len; i++)
    func (&g_array_index (out, LadderSocketState, i), user_data);
}
