/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sockdiag.c: socket states through NETLINK_SOCK_DIAG (see header).
 *
 * One dump request per (family, protocol): SOCK_DIAG_BY_FAMILY with an
 * inet_diag_req_v2 asking for every state, answered by one inet_diag_msg
 * per socket (linux/inet_diag.h).  Sockets are told apart by the kernel's
 * socket cookie, which a TCP socket keeps from its first SYN to the end of
 * TIME_WAIT, so an owner seen once stays attached.  Owners come from
 * /proc/PID/fd: each socket descriptor is a link to "socket:[INODE]".
 */

#include "ladder-sockdiag.h"

#include <dirent.h>
#include <errno.h>
#include <gio/gio.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ladder-tcp.h"

/* A dump of a busy namespace comes in several datagrams of up to this. */
#define DUMP_BUFFER_SIZE (32 * 1024)

typedef struct
{
  guint8  family;
  guint8  protocol;
  guint32 cookie[2];
} SockKey;

typedef struct
{
  SockKey           key;
  LadderSocketState state;     /* as last seen */
  guint             seen_in;   /* poll number that last saw it */
  gboolean          reported;  /* its states are being recorded */
} Known;

/* A connection by its addresses: how an endpoint's own report
 * (ladder_sockdiag_adopt()) is matched with the dumps, which know the
 * socket by cookie.  Zeroed before filling, so memcmp compares it. */
typedef struct
{
  LadderAddr local, peer;
  guint16    local_port, peer_port;
  guint8     protocol;
} TupleKey;

typedef struct
{
  guint32 pid;
  gint32  fd;
} Owner;

struct _LadderSockDiag
{
  struct mnl_socket *nl;
  guint32            portid;
  guint32            seq;
  char               host[16];
  GHashTable        *known;     /* SockKey → Known (key inside) */
  GHashTable        *programs;  /* pid → program name */
  GHashTable        *adopted;   /* TupleKey → LadderSocketState, last recorded */
  struct mnl_socket *destroy;   /* the inet_diag destroy groups, or NULL */
  GArray            *current;   /* LadderSocketState, last poll */
  guint              poll;
};

/* One dump in progress. */
typedef struct
{
  LadderSockDiag *sd;
  guint8          protocol;
  GHashTable     *owners;      /* inode → Owner */
  GArray         *changed;
  gint64          ts_ns;
  gboolean        owned_only;  /* PIDS given: unowned sockets are not reported */
  gboolean        one;         /* a query for one socket, not a poll */
  gint            found;       /* its kernel state, -1 none */
  TupleKey        want;        /* its addresses */
} Dump;

static guint
sock_key_hash (gconstpointer p)
{
  const SockKey *k = p;

  return k->cookie[0] ^ (k->cookie[1] * 31u) ^ ((guint) k->protocol << 24) ^ k->family;
}

static gboolean
sock_key_equal (gconstpointer a, gconstpointer b)
{
  const SockKey *x = a, *y = b;

  return x->family == y->family && x->protocol == y->protocol
         && x->cookie[0] == y->cookie[0] && x->cookie[1] == y->cookie[1];
}

static void
tuple_key_from_state (TupleKey *key, const LadderSocketState *state)
{
  memset (key, 0, sizeof *key);
  key->local = state->local_addr;
  key->peer = state->peer_addr;
  key->local_port = state->local_port;
  key->peer_port = state->peer_port;
  key->protocol = state->protocol;
}

static guint
tuple_key_hash (gconstpointer p)
{
  const TupleKey *k = p;

  return ladder_addr_hash (&k->local) ^ (ladder_addr_hash (&k->peer) * 31u)
         ^ ((guint) k->local_port << 16) ^ k->peer_port ^ k->protocol;
}

static gboolean
tuple_key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (TupleKey)) == 0;
}

guint8
ladder_sockdiag_map_state (guint8 kernel_state)
{
  /* include/net/tcp_states.h; NEW_SYN_RECV is a request socket, which is
   * what SYN_RECEIVED means on the wire. */
  static const guint8 map[] = {
    [1]  = LADDER_TCP_ESTABLISHED,  [2]  = LADDER_TCP_SYN_SENT,
    [3]  = LADDER_TCP_SYN_RECEIVED, [4]  = LADDER_TCP_FIN_WAIT_1,
    [5]  = LADDER_TCP_FIN_WAIT_2,   [6]  = LADDER_TCP_TIME_WAIT,
    [7]  = LADDER_TCP_CLOSED,       [8]  = LADDER_TCP_CLOSE_WAIT,
    [9]  = LADDER_TCP_LAST_ACK,     [10] = LADDER_TCP_LISTEN,
    [11] = LADDER_TCP_CLOSING,      [12] = LADDER_TCP_SYN_RECEIVED,
  };

  if (kernel_state >= G_N_ELEMENTS (map))
    return LADDER_TCP_CLOSED;
  return map[kernel_state];
}

/* The kernel multicasts a socket's last inet_diag_msg when it frees it
 * (SKNLGRP_*_DESTROY, Linux 4.9): a wake-up to sample at once, so a state
 * that lasted less than a sampling interval ends on time.  Joining needs
 * CAP_NET_ADMIN over the namespace (the lab's user namespace grants it);
 * without it the lab only samples. */
static struct mnl_socket *
open_destroy_socket (const char *host)
{
  static const int groups[] = {
    SKNLGRP_INET_TCP_DESTROY, SKNLGRP_INET6_TCP_DESTROY,
    SKNLGRP_INET_UDP_DESTROY, SKNLGRP_INET6_UDP_DESTROY,
  };
  struct mnl_socket *nl = mnl_socket_open2 (NETLINK_SOCK_DIAG, SOCK_CLOEXEC | SOCK_NONBLOCK);
  guint joined = 0;

  if (nl == NULL || mnl_socket_bind (nl, 0, MNL_SOCKET_AUTOPID) < 0)
    {
      g_debug ("%s: no socket for the destroy groups: %s", host, g_strerror (errno));
      g_clear_pointer (&nl, mnl_socket_close);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      if (mnl_socket_setsockopt (nl, NETLINK_ADD_MEMBERSHIP, (void *) &groups[i], sizeof groups[i]) == 0)
        joined++;
      else
        g_debug ("%s: cannot join sock_diag group %d: %s", host, groups[i], g_strerror (errno));
    }
  if (joined == 0)
    g_clear_pointer (&nl, mnl_socket_close);
  return nl;
}

LadderSockDiag *
ladder_sockdiag_new (const char *host, GError **error)
{
  g_autoptr (LadderSockDiag) sd = g_new0 (LadderSockDiag, 1);

  g_return_val_if_fail (host != NULL, NULL);

  g_strlcpy (sd->host, host, sizeof sd->host);
  sd->known = g_hash_table_new_full (sock_key_hash, sock_key_equal, NULL, g_free);
  sd->programs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  sd->current = g_array_new (FALSE, TRUE, sizeof (LadderSocketState));
  sd->adopted = g_hash_table_new_full (tuple_key_hash, tuple_key_equal, g_free, g_free);
  sd->nl = mnl_socket_open (NETLINK_SOCK_DIAG);
  if (sd->nl == NULL || mnl_socket_bind (sd->nl, 0, MNL_SOCKET_AUTOPID) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot open NETLINK_SOCK_DIAG for %s: %s", host, g_strerror (saved));
      return NULL;
    }
  sd->portid = mnl_socket_get_portid (sd->nl);
  sd->destroy = open_destroy_socket (host);
  return g_steal_pointer (&sd);
}

void
ladder_sockdiag_free (LadderSockDiag *sd)
{
  if (sd == NULL)
    return;
  if (sd->nl != NULL)
    mnl_socket_close (sd->nl);
  g_clear_pointer (&sd->destroy, mnl_socket_close);
  g_clear_pointer (&sd->adopted, g_hash_table_unref);
  g_clear_pointer (&sd->known, g_hash_table_unref);
  g_clear_pointer (&sd->programs, g_hash_table_unref);
  g_clear_pointer (&sd->current, g_array_unref);
  g_free (sd);
}

/* The endpoint's role (argv[1] of wireladder-endpoint), else the process
 * name.  Cached: the lab's processes do not change their names. */
static const char *
program_of (LadderSockDiag *sd, guint32 pid)
{
  char *program = g_hash_table_lookup (sd->programs, GUINT_TO_POINTER (pid));
  g_autofree char *path = NULL, *cmdline = NULL;
  gsize len = 0;

  if (program != NULL)
    return program;
  path = g_strdup_printf ("/proc/%u/cmdline", pid);
  if (g_file_get_contents (path, &cmdline, &len, NULL) && len > 0)
    {
      /* cmdline is NUL-separated and NUL-terminated: argv[1] starts after
       * the first NUL, when there is one before the end. */
      gsize argv0_len = strnlen (cmdline, len);
      g_autofree char *base = g_path_get_basename (cmdline);
      if (g_str_equal (base, "wireladder-endpoint") && argv0_len + 1 < len)
        program = g_strndup (cmdline + argv0_len + 1, len - argv0_len - 1);
    }
  if (program == NULL)
    {
      g_free (path);
      path = g_strdup_printf ("/proc/%u/comm", pid);
      if (g_file_get_contents (path, &program, NULL, NULL))
        g_strchomp (program);
      else
        program = g_strdup ("");
    }
  g_hash_table_insert (sd->programs, GUINT_TO_POINTER (pid), program);
  return program;
}

void
ladder_sockdiag_name_pid (LadderSockDiag *sd, guint32 pid, const char *program)
{
  g_return_if_fail (sd != NULL && program != NULL);

  g_hash_table_insert (sd->programs, GUINT_TO_POINTER (pid), g_strdup (program));
}

/* inode → (pid, fd) for every socket the processes in PIDS hold open. */
static void
add_owners (GHashTable *owners, guint32 pid)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%u/fd", pid);
  DIR *dir = opendir (dir_path);
  struct dirent *entry;

  if (dir == NULL)
    return;  /* gone already */
  while ((entry = readdir (dir)) != NULL)
    {
      char link_path[64], target[64];
      unsigned long inode;
      ssize_t n;

      if (entry->d_name[0] == '.')
        continue;
      g_snprintf (link_path, sizeof link_path, "/proc/%u/fd/%s", pid, entry->d_name);
      n = readlink (link_path, target, sizeof target - 1);
      if (n <= 0)
        continue;
      target[n] = '\0';
      if (sscanf (target, "socket:[%lu]", &inode) == 1)
        {
          Owner *owner = g_new (Owner, 1);
          owner->pid = pid;
          owner->fd = (gint32) strtol (entry->d_name, NULL, 10);
          g_hash_table_replace (owners, GUINT_TO_POINTER ((guint) inode), owner);
        }
    }
  closedir (dir);
}

static void
set_addr (LadderAddr *addr, guint8 family, const __be32 words[4])
{
  if (family == AF_INET)
    ladder_addr_set_v4 (addr, (const guint8 *) words);
  else
    ladder_addr_set_v6 (addr, (const guint8 *) words);
}

/* A socket as the kernel describes it now; the owner comes from OWNERS or
 * from what we knew of it before. */
/* The owner: from a descriptor table now, else as known before, else as
 * its endpoint reported it. */
static void
set_owner (Dump *dump, guint32 inode, const Known *before, LadderSocketState *state)
{
  Owner *owner = g_hash_table_lookup (dump->owners, GUINT_TO_POINTER ((guint) inode));

  state->fd = -1;
  if (owner != NULL && inode != 0)
    {
      state->pid = owner->pid;
      state->fd = owner->fd;
      g_strlcpy (state->program, program_of (dump->sd, owner->pid), sizeof state->program);
    }
  else if (before != NULL && before->state.pid != 0)
    {
      state->pid = before->state.pid;
      memcpy (state->program, before->state.program, sizeof state->program);
    }
  else
    {
      /* Never seen in a descriptor table, but its endpoint reported it. */
      const LadderSocketState *adopted;
      TupleKey key;

      tuple_key_from_state (&key, state);
      adopted = g_hash_table_lookup (dump->sd->adopted, &key);
      if (adopted != NULL)
        {
          state->pid = adopted->pid;
          memcpy (state->program, adopted->program, sizeof state->program);
        }
    }
}

static gint64
realtime_ns (void)
{
  struct timespec now;

  clock_gettime (CLOCK_REALTIME, &now);
  return (gint64) now.tv_sec * G_GINT64_CONSTANT (1000000000) + now.tv_nsec;
}

/* A socket as the kernel describes it now, without its owner. */
static void
fill_state (Dump *dump, const struct inet_diag_msg *msg, LadderSocketState *state)
{
  memset (state, 0, sizeof *state);
  /* When it was read, not when the poll began: a poll of a loaded machine
   * takes milliseconds, and a state stamped before the kernel reported it
   * could seem to come before the packet that caused it. */
  state->ts_ns = realtime_ns ();
  state->protocol = dump->protocol;
  state->state = ladder_sockdiag_map_state (msg->idiag_state);
  state->recv_q = msg->idiag_rqueue;
  state->send_q = msg->idiag_wqueue;
  set_addr (&state->local_addr, msg->idiag_family, msg->id.idiag_src);
  state->local_port = ntohs (msg->id.idiag_sport);
  set_addr (&state->peer_addr, msg->idiag_family, msg->id.idiag_dst);
  state->peer_port = ntohs (msg->id.idiag_dport);
  g_strlcpy (state->host, dump->sd->host, sizeof state->host);
}

/* Whether a dump's view of a socket its endpoint reports too adds
 * anything: the endpoint's reports are exact, a dump repeating them is
 * noise; other queue sizes are not (ss's Recv-Q and Send-Q: the request a
 * server has not read yet).  What is new becomes the last recorded state. */
static gboolean
differs_from_adopted (LadderSockDiag *sd, const LadderSocketState *state)
{
  LadderSocketState *adopted;
  TupleKey key;

  tuple_key_from_state (&key, state);
  adopted = g_hash_table_lookup (sd->adopted, &key);
  if (adopted == NULL)
    return TRUE;
  /* Only the queues changed (a recv() emptied Recv-Q) is news too. */
  if (adopted->state == state->state && adopted->pid == state->pid && adopted->fd == state->fd
      && adopted->recv_q == state->recv_q && adopted->send_q == state->send_q)
    return FALSE;
  *adopted = *state;
  return TRUE;
}

static gboolean
state_differs (const LadderSocketState *a, const LadderSocketState *b)
{
  LadderSocketState x = *a;

  x.ts_ns = b->ts_ns;
  return memcmp (&x, b, sizeof x) != 0;
}

static void
report_state (Dump *dump, Known *known, const LadderSocketState *state)
{
  known->reported = TRUE;
  if (differs_from_adopted (dump->sd, state))
    g_array_append_val (dump->changed, *state);
}

/* One socket of a dump, however read: recorded when new or changed. */
static void
track_socket (Dump *dump, const SockKey *key, guint32 inode, LadderSocketState *state)
{
  LadderSockDiag *sd = dump->sd;
  Known *known = g_hash_table_lookup (sd->known, key);

  set_owner (dump, inode, known, state);
  if (!dump->one)
    g_array_append_val (sd->current, *state);
  if (known == NULL)
    {
      known = g_new0 (Known, 1);
      known->key = *key;
      g_hash_table_insert (sd->known, &known->key, known);
    }
  else if (!state_differs (&known->state, state))
    {
      known->seen_in = sd->poll;
      return;
    }
  known->state = *state;
  known->seen_in = sd->poll;
  /* In the lab, only the endpoints' sockets: a request socket or one
   * waiting in the accept queue has no owner yet, and is recorded from
   * when it has one (it keeps it in TIME_WAIT). */
  if (dump->owned_only && state->pid == 0)
    return;
  report_state (dump, known, state);
}

static int
on_diag_msg (const struct nlmsghdr *nlh, void *data)
{
  Dump *dump = data;
  const struct inet_diag_msg *msg = mnl_nlmsg_get_payload (nlh);
  LadderSocketState state;
  SockKey key = { 0 };

  if (mnl_nlmsg_get_payload_len (nlh) < sizeof *msg
      || (msg->idiag_family != AF_INET && msg->idiag_family != AF_INET6))
    return MNL_CB_OK;
  key.family = msg->idiag_family;
  key.protocol = dump->protocol;
  key.cookie[0] = msg->id.idiag_cookie[0];
  key.cookie[1] = msg->id.idiag_cookie[1];
  fill_state (dump, msg, &state);
  if (dump->one)
    {
      /* The kernel's lookup falls back to a listener on the local port:
       * only the connection asked for is an answer. */
      TupleKey got;
      tuple_key_from_state (&got, &state);
      if (!tuple_key_equal (&got, &dump->want))
        return MNL_CB_OK;
    }
  dump->found = msg->idiag_state;
  if (dump->changed != NULL)
    track_socket (dump, &key, msg->idiag_inode, &state);
  return MNL_CB_OK;
}

/* Words as /proc/net/raw prints them: each __be32 with %08X, so reading the
 * number back and storing it in host order restores the bytes. */
static gboolean
parse_proc_addr (const char *hex, guint n_words, guint8 *bytes)
{
  for (guint i = 0; i < n_words; i++)
    {
      char word[9];
      guint64 value;

      memcpy (word, hex + 8 * i, 8);
      word[8] = '\0';
      if (!g_ascii_string_to_unsigned (word, 16, 0, G_MAXUINT32, &value, NULL))
        return FALSE;
      guint32 v = (guint32) value;
      memcpy (bytes + 4 * i, &v, 4);
    }
  return TRUE;
}

/* One line of /proc/net/raw or raw6:
 *   sl local:port remote:port st tx_queue:rx_queue tr:when retrnsmt uid timeout inode ... */
static void
raw_line (Dump *dump, guint8 family, const char *line)
{
  guint n_words = family == AF_INET ? 1 : 4;
  char local[40], remote[40];
  guint local_port, remote_port, st, tx, rx;
  unsigned long inode;
  guint8 bytes[16] = { 0 };
  LadderSocketState state = { 0 };
  SockKey key = { 0 };

  if (sscanf (line, " %*u: %39[0-9A-F]:%X %39[0-9A-F]:%X %X %X:%X %*X:%*X %*X %*u %*d %lu",
              local, &local_port, remote, &remote_port, &st, &tx, &rx, &inode) != 8
      || strlen (local) != 8 * n_words || strlen (remote) != 8 * n_words || st > 255
      || local_port != dump->protocol)  /* the "port" of a raw socket is its protocol */
    return;
  state.ts_ns = dump->ts_ns;
  state.protocol = dump->protocol;
  state.state = ladder_sockdiag_map_state ((guint8) st);
  state.recv_q = rx;
  state.send_q = tx;
  if (!parse_proc_addr (local, n_words, bytes))
    return;
  family == AF_INET ? ladder_addr_set_v4 (&state.local_addr, bytes) : ladder_addr_set_v6 (&state.local_addr, bytes);
  if (!parse_proc_addr (remote, n_words, bytes))
    return;
  family == AF_INET ? ladder_addr_set_v4 (&state.peer_addr, bytes) : ladder_addr_set_v6 (&state.peer_addr, bytes);
  state.local_port = (guint16) local_port;
  state.peer_port = (guint16) remote_port;
  g_strlcpy (state.host, dump->sd->host, sizeof state.host);
  /* No cookie in /proc: the inode stands for it (all ones above, where
   * a real cookie's high word would not be yet). */
  key.family = family;
  key.protocol = dump->protocol;
  key.cookie[0] = (guint32) inode;
  key.cookie[1] = G_MAXUINT32;
  track_socket (dump, &key, (guint32) inode, &state);
}

/* Without raw_diag (CONFIG_INET_RAW_DIAG), raw sockets are read as `ss`
 * then reads them: /proc/PID/net/raw{,6}, through a process in the
 * namespace (one of PIDS).  FALSE when no such process is left. */
static gboolean
dump_proc_raw (Dump *dump, const GArray *pids, guint8 family, guint8 raw_protocol)
{
  for (guint i = 0; pids != NULL && i < pids->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%u/net/%s", g_array_index (pids, guint32, i),
                                               family == AF_INET ? "raw" : "raw6");
      g_autofree char *text = NULL;
      g_auto (GStrv) lines = NULL;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      dump->protocol = raw_protocol;
      lines = g_strsplit (text, "\n", -1);
      for (guint j = 1; lines[j] != NULL; j++)
        raw_line (dump, family, lines[j]);
      return TRUE;
    }
  return FALSE;
}

/* A dump the kernel could not make (no raw_diag: ENOENT) still ends with
 * NLMSG_DONE, carrying the error, which libmnl's default takes for
 * success. */
static int
on_done (const struct nlmsghdr *nlh, void *data)
{
  int err = 0;

  if (mnl_nlmsg_get_payload_len (nlh) >= sizeof err)
    memcpy (&err, mnl_nlmsg_get_payload (nlh), sizeof err);
  if (err < 0)
    {
      errno = -err;
      return MNL_CB_ERROR;
    }
  return MNL_CB_STOP;
}

/* Sends one dump request and reads the answer to its end. */
static int
dump_sockets (Dump *dump, guint8 family, guint8 protocol, guint8 raw_protocol)
{
  LadderSockDiag *sd = dump->sd;
  g_autofree char *buf = g_malloc (DUMP_BUFFER_SIZE);
  struct nlmsghdr *nlh = mnl_nlmsg_put_header (buf);
  struct inet_diag_req_v2 *req;
  ssize_t n;
  int ret;

  nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  nlh->nlmsg_seq = ++sd->seq;
  req = mnl_nlmsg_put_extra_header (nlh, sizeof *req);
  req->sdiag_family = family;
  req->sdiag_protocol = protocol;
  req->pad = raw_protocol;  /* inet_diag_req_raw's sdiag_raw_protocol */
  req->idiag_states = ~0u;
  dump->protocol = raw_protocol != 0 ? raw_protocol : protocol;

  if (mnl_socket_sendto (sd->nl, nlh, nlh->nlmsg_len) < 0)
    return -1;
  do
    {
      n = mnl_socket_recvfrom (sd->nl, buf, DUMP_BUFFER_SIZE);
      if (n < 0)
        return -1;
      static mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_DONE] = on_done };

      ret = mnl_cb_run2 (buf, (size_t) n, nlh->nlmsg_seq, sd->portid, on_diag_msg, dump,
                         ctl, G_N_ELEMENTS (ctl));
    }
  while (ret > MNL_CB_STOP);
  return ret;
}

/* Sockets the last dump no longer listed: reported once as CLOSED. */
static void
report_gone (LadderSockDiag *sd, GArray *changed, gint64 ts_ns)
{
  GHashTableIter iter;
  Known *known;

  g_hash_table_iter_init (&iter, sd->known);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &known))
    {
      if (known->seen_in == sd->poll)
        continue;
      known->state.ts_ns = ts_ns;
      known->state.state = LADDER_TCP_CLOSED;
      known->state.recv_q = known->state.send_q = 0;
      known->state.fd = -1;
      if (known->reported && differs_from_adopted (sd, &known->state))
        g_array_append_val (changed, known->state);
      g_hash_table_iter_remove (&iter);
    }
}


gboolean
ladder_sockdiag_poll (LadderSockDiag *sd, const GArray *pids, GArray *changed, GError **error)
{
  /* TCP must work; udp_diag and raw_diag are modules a kernel may lack
   * (the dump then fails with ENOENT), so those are best effort. */
  static const struct { guint8 family, protocol, raw; gboolean required; } dumps[] = {
    { AF_INET,  IPPROTO_TCP, 0, TRUE },  { AF_INET6, IPPROTO_TCP, 0, TRUE },
    { AF_INET,  IPPROTO_UDP, 0, FALSE }, { AF_INET6, IPPROTO_UDP, 0, FALSE },
    { AF_INET,  IPPROTO_RAW, IPPROTO_ICMP, FALSE },
    { AF_INET6, IPPROTO_RAW, IPPROTO_ICMPV6, FALSE },
  };
  g_autoptr (GHashTable) owners = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  Dump dump = { sd, 0, owners, changed, realtime_ns (), pids != NULL, FALSE, -1 };

  g_return_val_if_fail (sd != NULL && changed != NULL, FALSE);
  g_return_val_if_fail (g_array_get_element_size (changed) == sizeof (LadderSocketState), FALSE);

  for (guint i = 0; pids != NULL && i < pids->len; i++)
    add_owners (owners, g_array_index (pids, guint32, i));
  sd->poll++;
  g_array_set_size (sd->current, 0);
  for (guint i = 0; i < G_N_ELEMENTS (dumps); i++)
    {
      if (dump_sockets (&dump, dumps[i].family, dumps[i].protocol, dumps[i].raw) >= 0)
        continue;
      if (dumps[i].raw != 0 && errno == ENOENT)
        dump_proc_raw (&dump, pids, dumps[i].family, dumps[i].raw);
      else if (dumps[i].required)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Cannot read the sockets of %s: %s", sd->host, g_strerror (saved));
          return FALSE;
        }
    }
  /* Gone by the end of the dumps. */
  report_gone (sd, changed, realtime_ns ());
  return TRUE;
}

static void
put_addr_words (__be32 words[4], const LadderAddr *addr)
{
  memset (words, 0, 16);
  memcpy (words, addr->bytes, addr->family == 4 ? 4 : 16);
}

/* One SOCK_DIAG_BY_FAMILY request without NLM_F_DUMP: the kernel looks the
 * socket up by its addresses (inet_diag_find_one_icsk, timewait sockets
 * included) and answers with it or with ENOENT. */
static void
query_one (Dump *dump, guint8 protocol, const LadderAddr *local, guint16 local_port,
           const LadderAddr *peer, guint16 peer_port)
{
  LadderSockDiag *sd = dump->sd;
  char buf[MNL_SOCKET_BUFFER_SIZE];
  struct nlmsghdr *nlh = mnl_nlmsg_put_header (buf);
  struct inet_diag_req_v2 *req;
  ssize_t n;

  nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
  nlh->nlmsg_flags = NLM_F_REQUEST;
  nlh->nlmsg_seq = ++sd->seq;
  req = mnl_nlmsg_put_extra_header (nlh, sizeof *req);
  req->sdiag_family = local->family == 4 ? AF_INET : AF_INET6;
  req->sdiag_protocol = protocol;
  req->idiag_states = ~0u;
  req->id.idiag_sport = htons (local_port);
  req->id.idiag_dport = htons (peer_port);
  put_addr_words (req->id.idiag_src, local);
  put_addr_words (req->id.idiag_dst, peer);
  req->id.idiag_cookie[0] = req->id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
  dump->protocol = protocol;
  if (mnl_socket_sendto (sd->nl, nlh, nlh->nlmsg_len) < 0)
    return;
  /* Not a dump: one message answers, the socket or an error (no DONE). */
  n = mnl_socket_recvfrom (sd->nl, buf, sizeof buf);
  if (n > 0)
    mnl_cb_run (buf, (size_t) n, nlh->nlmsg_seq, sd->portid, on_diag_msg, dump);
}

gint
ladder_sockdiag_query (LadderSockDiag *sd, const GArray *pids, guint8 protocol,
                       const LadderAddr *local, guint16 local_port,
                       const LadderAddr *peer, guint16 peer_port, GArray *changed)
{
  g_autoptr (GHashTable) owners = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  Dump dump = { sd, protocol, owners, changed, realtime_ns (), pids != NULL, TRUE, -1 };

  g_return_val_if_fail (sd != NULL && local != NULL && peer != NULL, -1);

  memset (&dump.want, 0, sizeof dump.want);
  dump.want.local = *local;
  dump.want.peer = *peer;
  dump.want.local_port = local_port;
  dump.want.peer_port = peer_port;
  dump.want.protocol = protocol;
  if ((local->family != 4 && local->family != 6) || local->family != peer->family)
    return -1;
  for (guint i = 0; changed != NULL && pids != NULL && i < pids->len; i++)
    add_owners (owners, g_array_index (pids, guint32, i));
  query_one (&dump, protocol, local, local_port, peer, peer_port);
  return dump.found;
}

void
ladder_sockdiag_get_current (LadderSockDiag *sd, GArray *out)
{
  g_return_if_fail (sd != NULL && out != NULL);

  g_array_append_vals (out, sd->current->data, sd->current->len);
}

gboolean
ladder_sockdiag_adopt (LadderSockDiag *sd, const LadderSocketState *state)
{
  TupleKey *key;
  LadderSocketState *last;

  g_return_val_if_fail (sd != NULL && state != NULL, FALSE);

  key = g_new (TupleKey, 1);
  tuple_key_from_state (key, state);
  last = g_hash_table_lookup (sd->adopted, key);
  if (last != NULL)
    {
      gboolean same = last->state == state->state && last->pid == state->pid && last->fd == state->fd;

      g_free (key);
      *last = *state;
      return !same;
    }
  g_hash_table_insert (sd->adopted, key, g_memdup2 (state, sizeof *state));
  return TRUE;
}

int
ladder_sockdiag_get_destroy_fd (LadderSockDiag *sd)
{
  g_return_val_if_fail (sd != NULL, -1);

  return sd->destroy != NULL ? mnl_socket_get_fd (sd->destroy) : -1;
}

guint
ladder_sockdiag_drain_destroyed (LadderSockDiag *sd)
{
  g_autofree char *buf = NULL;
  guint n = 0;
  ssize_t len;

  g_return_val_if_fail (sd != NULL, 0);

  if (sd->destroy == NULL)
    return 0;
  buf = g_malloc (DUMP_BUFFER_SIZE);
  while ((len = mnl_socket_recvfrom (sd->destroy, buf, DUMP_BUFFER_SIZE)) > 0)
    {
      const struct nlmsghdr *nlh = (const struct nlmsghdr *) buf;
      int left = (int) len;

      for (; mnl_nlmsg_ok (nlh, left); nlh = mnl_nlmsg_next (nlh, &left))
        n += nlh->nlmsg_type == SOCK_DIAG_BY_FAMILY;
    }
  return n;
}
