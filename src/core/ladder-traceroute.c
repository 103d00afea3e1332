/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-traceroute.c: see ladder-traceroute.h.
 *
 * Time exceeded and destination unreachable: RFC 792 and RFC 4443; the
 * quoted datagram holds at least the IP header and the first 8 bytes of the
 * transport header, which carry the ports (and the TCP sequence number) or
 * the echo identifier and sequence number.  SYN-ACK and RST answers to a
 * SYN: RFC 9293 section 3.10.7.
 *
 * add_frame() keeps candidate probes, grouped, and every possible reply in
 * a flat list; finish() finds the runs, then matches replies in timestamp
 * order, so the order frames were added in never decides a match.
 */
#include "ladder-traceroute.h"

#include <math.h>
#include <string.h>

#include "ladder-sightings.h"

/* Probes above this TTL are only kept for groups that already exist. */
#define LOW_TTL 32

typedef struct
{
  LadderAddr src, dst;
  guint16    icmp_id;
  guint8     method;
} GroupKey;

typedef struct
{
  GroupKey key;
  guint8   ip_version;
  GArray  *probes;   /* LadderTracerouteProbe, as added */
} Group;

/* Anything that may answer a probe, already turned into the probe's identity. */
typedef struct
{
  guint64    number;
  gint64     ts_ns;
  LadderAddr responder;
  LadderAddr src, dst;    /* the probe's direction */
  guint32    ip_id;
  guint32    seq;         /* TCP: the probe's sequence number */
  guint16    a, b;        /* ports, or echo identifier and sequence */
  guint8     method;
  guint8     type;        /* LadderTracerouteReply */
  guint8     icmp_type, icmp_code;
  guint8     ip_version;
  gboolean   has_ip_id;
  gboolean   has_seq;
} Reply;

typedef struct
{
  LadderAddr src, dst;
  guint16    a, b;
  guint8     method;
} MatchKey;

typedef struct
{
  LadderTracerouteRun pub;
  GArray *probes;   /* LadderTracerouteProbe, by TTL then send order */
  GArray *hops;     /* LadderTracerouteHop, pointing into probes */
} Run;

struct _LadderTraceroute
{
  GHashTable   *groups;    /* GroupKey → Group */
  GArray       *replies;   /* Reply */
  GPtrArray    *runs;      /* Run, after finish */
  LadderCopies *copies;    /* probes and replies, to fold forwarded copies */
};

const char *
ladder_traceroute_method_to_string (LadderTracerouteMethod method)
{
  switch (method)
    {
    case LADDER_TRACEROUTE_UDP:  return "udp";
    case LADDER_TRACEROUTE_ICMP: return "icmp";
    case LADDER_TRACEROUTE_TCP:  return "tcp";
    default:                     return "unknown";
    }
}

const char *
ladder_traceroute_reply_to_string (LadderTracerouteReply reply)
{
  switch (reply)
    {
    case LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED:        return "time-exceeded";
    case LADDER_TRACEROUTE_REPLY_PORT_UNREACHABLE:     return "port-unreachable";
    case LADDER_TRACEROUTE_REPLY_NET_UNREACHABLE:      return "net-unreachable";
    case LADDER_TRACEROUTE_REPLY_HOST_UNREACHABLE:     return "host-unreachable";
    case LADDER_TRACEROUTE_REPLY_PROTOCOL_UNREACHABLE: return "protocol-unreachable";
    case LADDER_TRACEROUTE_REPLY_PROHIBITED:           return "prohibited";
    case LADDER_TRACEROUTE_REPLY_UNREACHABLE:          return "unreachable";
    case LADDER_TRACEROUTE_REPLY_ECHO_REPLY:           return "echo-reply";
    case LADDER_TRACEROUTE_REPLY_SYN_ACK:              return "syn-ack";
    case LADDER_TRACEROUTE_REPLY_RST:                  return "rst";
    case LADDER_TRACEROUTE_REPLY_NONE:
    default:                                           return NULL;
    }
}

/* Hashing. */

static guint
group_key_hash (gconstpointer p)
{
  const GroupKey *key = p;
  return ladder_addr_hash (&key->src) * 31u + ladder_addr_hash (&key->dst) * 7u
         + key->icmp_id * 3u + key->method;
}

static gboolean
group_key_equal (gconstpointer a, gconstpointer b)
{
  const GroupKey *ka = a, *kb = b;
  return ka->method == kb->method && ka->icmp_id == kb->icmp_id
         && ladder_addr_equal (&ka->src, &kb->src) && ladder_addr_equal (&ka->dst, &kb->dst);
}

static guint
match_key_hash (gconstpointer p)
{
  const MatchKey *key = p;
  return ladder_addr_hash (&key->src) * 31u + ladder_addr_hash (&key->dst) * 7u
         + ((guint) key->a << 16 | key->b) * 3u + key->method;
}

static gboolean
match_key_equal (gconstpointer a, gconstpointer b)
{
  const MatchKey *ka = a, *kb = b;
  return ka->method == kb->method && ka->a == kb->a && ka->b == kb->b
         && ladder_addr_equal (&ka->src, &kb->src) && ladder_addr_equal (&ka->dst, &kb->dst);
}

static void
group_free (gpointer p)
{
  Group *group = p;
  g_array_free (group->probes, TRUE);
  g_free (group);
}

static void
run_free (gpointer p)
{
  Run *run = p;
  g_array_free (run->probes, TRUE);
  g_array_free (run->hops, TRUE);
  g_free (run);
}

LadderTraceroute *
ladder_traceroute_new (void)
{
  LadderTraceroute *trace = g_new0 (LadderTraceroute, 1);
  trace->groups = g_hash_table_new_full (group_key_hash, group_key_equal, NULL, group_free);
  trace->replies = g_array_new (FALSE, FALSE, sizeof (Reply));
  trace->runs = g_ptr_array_new_with_free_func (run_free);
  trace->copies = ladder_copies_new ();
  return trace;
}

void
ladder_traceroute_free (LadderTraceroute *trace)
{
  if (trace == NULL)
    return;
  g_hash_table_destroy (trace->groups);
  g_array_free (trace->replies, TRUE);
  g_ptr_array_free (trace->runs, TRUE);
  ladder_copies_free (trace->copies);
  g_free (trace);
}

/* Collecting probes. */

static gboolean
is_group_address (const LadderAddr *addr)
{
  static const guint8 broadcast[4] = { 255, 255, 255, 255 };

  if (addr->family == 4)
    return (addr->bytes[0] & 0xf0) == 0xe0 || memcmp (addr->bytes, broadcast, 4) == 0;
  return addr->family == 6 && addr->bytes[0] == 0xff;
}

static void
add_probe (LadderTraceroute *trace, const LadderFrame *frame, GroupKey *key,
           LadderTracerouteProbe *probe)
{
  const LadderPacket *pkt = frame->pkt;
  Group *group = g_hash_table_lookup (trace->groups, key);

  if (group == NULL)
    {
      if (pkt->ttl > LOW_TTL)
        return;
      group = g_new0 (Group, 1);
      group->key = *key;
      group->ip_version = pkt->ip_version;
      group->probes = g_array_new (FALSE, FALSE, sizeof (LadderTracerouteProbe));
      g_hash_table_insert (trace->groups, &group->key, group);
    }
  probe->probe = frame->number;
  probe->probe_ts = frame->ts_ns;
  probe->ttl = pkt->ttl;
  probe->ip_id = pkt->ip_version == 4 ? pkt->ip_id : 0;
  probe->rtt_ms = NAN;
  g_array_append_val (group->probes, *probe);
  ladder_copies_add (trace->copies, frame, FALSE);
}

/* Returns TRUE when PKT is a candidate probe and fills KEY and PROBE. */
static gboolean
probe_identity (const LadderPacket *pkt, GroupKey *key, LadderTracerouteProbe *probe)
{
  key->src = pkt->src;
  key->dst = pkt->dst;
  if (pkt->ip_proto == LADDER_IPPROTO_UDP && (pkt->layers & LADDER_LAYER_UDP))
    {
      key->method = LADDER_TRACEROUTE_UDP;
      probe->sport = pkt->sport;
      probe->dport = pkt->dport;
      return TRUE;
    }
  if (pkt->ip_proto == LADDER_IPPROTO_TCP && (pkt->layers & LADDER_LAYER_TCP))
    {
      if ((pkt->tcp_flags & (LADDER_TCP_SYN | LADDER_TCP_ACK | LADDER_TCP_RST)) != LADDER_TCP_SYN)
        return FALSE;
      key->method = LADDER_TRACEROUTE_TCP;
      probe->sport = pkt->sport;
      probe->dport = pkt->dport;
      probe->tcp_seq = pkt->seq;
      return TRUE;
    }
  if ((pkt->layers & (LADDER_LAYER_ICMP | LADDER_LAYER_ICMPV6)) && pkt->icmp_kind == LADDER_ICMP_KIND_ECHO_REQUEST)
    {
      key->method = LADDER_TRACEROUTE_ICMP;
      key->icmp_id = pkt->icmp_id;
      probe->icmp_id = pkt->icmp_id;
      probe->icmp_seq = pkt->icmp_seq;
      return TRUE;
    }
  return FALSE;
}

/* Collecting replies. */

static LadderTracerouteReply
error_reply_type (guint8 ip_version, guint8 kind, guint8 code)
{
  if (kind == LADDER_ICMP_KIND_TIME_EXCEEDED)
    return LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED;
  if (kind != LADDER_ICMP_KIND_UNREACHABLE)
    return LADDER_TRACEROUTE_REPLY_NONE;
  if (ip_version == 4)
    {
      switch (code)
        {
        case 0:  return LADDER_TRACEROUTE_REPLY_NET_UNREACHABLE;
        case 1:  return LADDER_TRACEROUTE_REPLY_HOST_UNREACHABLE;
        case 2:  return LADDER_TRACEROUTE_REPLY_PROTOCOL_UNREACHABLE;
        case 3:  return LADDER_TRACEROUTE_REPLY_PORT_UNREACHABLE;
        case 9: case 10: case 13: return LADDER_TRACEROUTE_REPLY_PROHIBITED;
        default: return LADDER_TRACEROUTE_REPLY_UNREACHABLE;
        }
    }
  switch (code)
    {
    case 0:  return LADDER_TRACEROUTE_REPLY_NET_UNREACHABLE;
    case 3:  return LADDER_TRACEROUTE_REPLY_HOST_UNREACHABLE;
    case 4:  return LADDER_TRACEROUTE_REPLY_PORT_UNREACHABLE;
    case 1: case 5: case 6: return LADDER_TRACEROUTE_REPLY_PROHIBITED;
    default: return LADDER_TRACEROUTE_REPLY_UNREACHABLE;
    }
}

/* An ICMP error: the probe's identity comes from the quote. */
static gboolean
error_identity (const LadderPacket *pkt, Reply *reply)
{
  const LadderQuoted *q = &pkt->quoted;

  reply->type = error_reply_type (pkt->ip_version, pkt->icmp_kind, pkt->icmp_code);
  if (reply->type == LADDER_TRACEROUTE_REPLY_NONE || !q->present)
    return FALSE;
  reply->src = q->src;
  reply->dst = q->dst;
  reply->ip_id = q->ip_id;
  reply->has_ip_id = q->ip_version == 4;
  if ((q->ip_proto == LADDER_IPPROTO_UDP || q->ip_proto == LADDER_IPPROTO_TCP) && q->has_ports)
    {
      reply->method = q->ip_proto == LADDER_IPPROTO_UDP ? LADDER_TRACEROUTE_UDP : LADDER_TRACEROUTE_TCP;
      reply->a = q->sport;
      reply->b = q->dport;
      reply->seq = q->tcp_seq;
      reply->has_seq = q->ip_proto == LADDER_IPPROTO_TCP && q->has_tcp_seq;
      return TRUE;
    }
  if (q->has_icmp && q->icmp_kind == LADDER_ICMP_KIND_ECHO_REQUEST)
    {
      reply->method = LADDER_TRACEROUTE_ICMP;
      reply->a = q->icmp_id;
      reply->b = q->icmp_seq;
      return TRUE;
    }
  return FALSE;
}

static gboolean
reply_identity (const LadderPacket *pkt, Reply *reply)
{
  if (pkt->ip_proto == LADDER_IPPROTO_TCP && (pkt->layers & LADDER_LAYER_TCP))
    {
      guint16 answer = pkt->tcp_flags & (LADDER_TCP_SYN | LADDER_TCP_RST | LADDER_TCP_ACK);

      if (answer != (LADDER_TCP_SYN | LADDER_TCP_ACK) && answer != (LADDER_TCP_RST | LADDER_TCP_ACK))
        return FALSE;
      reply->type = (answer & LADDER_TCP_SYN) ? LADDER_TRACEROUTE_REPLY_SYN_ACK
                                              : LADDER_TRACEROUTE_REPLY_RST;
      reply->method = LADDER_TRACEROUTE_TCP;
      reply->src = pkt->dst;
      reply->dst = pkt->src;
      reply->a = pkt->dport;
      reply->b = pkt->sport;
      reply->seq = pkt->ack - 1;
      reply->has_seq = TRUE;
      return TRUE;
    }
  if (!(pkt->layers & (LADDER_LAYER_ICMP | LADDER_LAYER_ICMPV6)))
    return FALSE;
  if (pkt->icmp_kind != LADDER_ICMP_KIND_ECHO_REPLY)
    return error_identity (pkt, reply);
  reply->type = LADDER_TRACEROUTE_REPLY_ECHO_REPLY;
  reply->method = LADDER_TRACEROUTE_ICMP;
  reply->src = pkt->dst;
  reply->dst = pkt->src;
  reply->a = pkt->icmp_id;
  reply->b = pkt->icmp_seq;
  return TRUE;
}

void
ladder_traceroute_add_frame (LadderTraceroute *trace, const LadderFrame *frame)
{
  const LadderPacket *pkt;
  GroupKey key = { 0 };
  LadderTracerouteProbe probe = { 0 };
  Reply reply = { 0 };

  g_return_if_fail (trace != NULL);
  g_return_if_fail (frame != NULL && frame->pkt != NULL);

  pkt = frame->pkt;
  if (pkt->ip_version != 4 && pkt->ip_version != 6)
    return;
  if (probe_identity (pkt, &key, &probe))
    {
      if (!is_group_address (&pkt->dst))
        add_probe (trace, frame, &key, &probe);
      return;
    }
  if (!reply_identity (pkt, &reply))
    return;
  reply.number = frame->number;
  reply.ts_ns = frame->ts_ns;
  reply.responder = pkt->src;
  reply.ip_version = pkt->ip_version;
  reply.icmp_type = pkt->icmp_type;
  reply.icmp_code = pkt->icmp_code;
  g_array_append_val (trace->replies, reply);
  ladder_copies_add (trace->copies, frame, TRUE);
}

/* Forwarded copies. */

/* A capture taken on several links of the path sees a probe (and its
 * answer) once per link, the TTL one lower each time: those copies are the
 * same probe, kept at the TTL it had nearest its sender (and its answer as
 * it reached the sender's side), or they would be phantom probes one hop
 * lower, answered by the next hop's reply. */
static void
drop_copies (LadderTraceroute *trace)
{
  GHashTableIter iter;
  gpointer value;
  guint kept = 0;

  ladder_copies_finish (trace->copies);
  if (ladder_copies_get_n_copies (trace->copies) == 0)
    return;
  g_hash_table_iter_init (&iter, trace->groups);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *probes = ((Group *) value)->probes;
      guint n = 0;

      for (guint i = 0; i < probes->len; i++)
        {
          const LadderTracerouteProbe *probe = &g_array_index (probes, LadderTracerouteProbe, i);

          if (!ladder_copies_is_copy (trace->copies, probe->probe))
            g_array_index (probes, LadderTracerouteProbe, n++) = *probe;
        }
      g_array_set_size (probes, n);
    }
  for (guint i = 0; i < trace->replies->len; i++)
    {
      const Reply *reply = &g_array_index (trace->replies, Reply, i);

      if (!ladder_copies_is_copy (trace->copies, reply->number))
        g_array_index (trace->replies, Reply, kept++) = *reply;
    }
  g_array_set_size (trace->replies, kept);
}

/* Finding runs. */

static int
probe_send_compare (gconstpointer a, gconstpointer b)
{
  const LadderTracerouteProbe *pa = a, *pb = b;

  if (pa->probe_ts != pb->probe_ts)
    return pa->probe_ts < pb->probe_ts ? -1 : 1;
  return pa->probe < pb->probe ? -1 : pa->probe > pb->probe;
}

static int
probe_ttl_compare (gconstpointer a, gconstpointer b)
{
  const LadderTracerouteProbe *pa = a, *pb = b;

  if (pa->ttl != pb->ttl)
    return pa->ttl < pb->ttl ? -1 : 1;
  return probe_send_compare (a, b);
}

/* probes[start, end) in send order; keeps the run if its TTLs climb. */
static void
make_run (LadderTraceroute *trace, const Group *group, guint start, guint end)
{
  const LadderTracerouteProbe *probes = (const LadderTracerouteProbe *) (gpointer) group->probes->data;
  gboolean seen[256] = { FALSE };
  guint lo = 255, hi;
  Run *run;

  for (guint i = start; i < end; i++)
    {
      seen[probes[i].ttl] = TRUE;
      lo = MIN (lo, probes[i].ttl);
    }
  for (hi = lo; hi < 255 && seen[hi + 1]; hi++)
    ;
  if (hi == lo)
    return;

  run = g_new0 (Run, 1);
  run->probes = g_array_new (FALSE, FALSE, sizeof (LadderTracerouteProbe));
  run->hops = g_array_new (FALSE, FALSE, sizeof (LadderTracerouteHop));
  for (guint i = start; i < end; i++)
    if (probes[i].ttl >= lo && probes[i].ttl <= hi)
      g_array_append_val (run->probes, probes[i]);
  g_array_sort (run->probes, probe_ttl_compare);
  run->pub.method = group->key.method;
  run->pub.ip_version = group->ip_version;
  run->pub.src = group->key.src;
  run->pub.dst = group->key.dst;
  run->pub.icmp_id = group->key.icmp_id;
  run->pub.first_ttl = lo;
  run->pub.max_ttl = hi;
  g_ptr_array_add (trace->runs, run);
}

static void
group_find_runs (LadderTraceroute *trace, Group *group)
{
  const LadderTracerouteProbe *probes;
  guint start = 0;
  guint8 run_first, prev;

  if (group->probes->len == 0)
    return;
  g_array_sort (group->probes, probe_send_compare);
  probes = (const LadderTracerouteProbe *) (gpointer) group->probes->data;
  run_first = prev = probes[0].ttl;
  for (guint i = 1; i < group->probes->len; i++)
    {
      guint8 ttl = probes[i].ttl;

      if (ttl < prev && ttl <= run_first)
        {
          make_run (trace, group, start, i);
          start = i;
          run_first = ttl;
        }
      prev = ttl;
    }
  make_run (trace, group, start, group->probes->len);
}

/* Matching. */

static void
index_run (GHashTable *index, Run *run)
{
  for (guint i = 0; i < run->probes->len; i++)
    {
      LadderTracerouteProbe *probe = &g_array_index (run->probes, LadderTracerouteProbe, i);
      gboolean icmp = run->pub.method == LADDER_TRACEROUTE_ICMP;
      MatchKey key = {
        .src = run->pub.src, .dst = run->pub.dst, .method = run->pub.method,
        .a = icmp ? probe->icmp_id : probe->sport,
        .b = icmp ? probe->icmp_seq : probe->dport,
      };
      GPtrArray *list = g_hash_table_lookup (index, &key);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (index, g_memdup2 (&key, sizeof key), list);
        }
      g_ptr_array_add (list, probe);
    }
}

/* Lower is better: the quoted IPv4 id, then unanswered, then sent before
 * the reply; ties go to the probe nearest in time. */
static guint
probe_rank (const LadderTracerouteProbe *probe, const Reply *reply)
{
  guint rank = 0;

  if (reply->has_ip_id && probe->ip_id != reply->ip_id)
    rank += 4;
  if (probe->reply != 0)
    rank += 2;
  if (probe->probe_ts > reply->ts_ns)
    rank += 1;
  return rank;
}

static LadderTracerouteProbe *
pick_probe (GPtrArray *list, const Reply *reply)
{
  LadderTracerouteProbe *best = NULL;
  guint best_rank = G_MAXUINT;
  guint64 best_dt = G_MAXUINT64;

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      LadderTracerouteProbe *probe = g_ptr_array_index (list, i);
      guint rank;
      guint64 dt;

      if (reply->has_seq && probe->tcp_seq != reply->seq)
        continue;
      rank = probe_rank (probe, reply);
      dt = probe->probe_ts > reply->ts_ns ? (guint64) probe->probe_ts - (guint64) reply->ts_ns
                                          : (guint64) reply->ts_ns - (guint64) probe->probe_ts;
      if (rank < best_rank || (rank == best_rank && dt < best_dt))
        {
          best = probe;
          best_rank = rank;
          best_dt = dt;
        }
    }
  return best;
}

static void
apply_reply (LadderTracerouteProbe *probe, const Reply *reply)
{
  if (probe->reply != 0)
    {
      probe->duplicates++;
      return;
    }
  probe->reply = reply->number;
  probe->reply_ts = reply->ts_ns;
  probe->reply_type = reply->type;
  probe->responder = reply->responder;
  if (reply->type != LADDER_TRACEROUTE_REPLY_SYN_ACK && reply->type != LADDER_TRACEROUTE_REPLY_RST)
    {
      probe->reply_icmp_type = reply->icmp_type;
      probe->reply_icmp_code = reply->icmp_code;
    }
  probe->rtt_ms = (double) ladder_ns_between (probe->probe_ts, reply->ts_ns) / 1e6;
  probe->rtt_negative = reply->ts_ns < probe->probe_ts;
}

static int
reply_compare (gconstpointer a, gconstpointer b)
{
  const Reply *ra = a, *rb = b;

  if (ra->ts_ns != rb->ts_ns)
    return ra->ts_ns < rb->ts_ns ? -1 : 1;
  return ra->number < rb->number ? -1 : ra->number > rb->number;
}

static void
match_replies (LadderTraceroute *trace)
{
  g_autoptr (GHashTable) index = g_hash_table_new_full (match_key_hash, match_key_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < trace->runs->len; i++)
    index_run (index, g_ptr_array_index (trace->runs, i));
  g_array_sort (trace->replies, reply_compare);
  for (guint i = 0; i < trace->replies->len; i++)
    {
      const Reply *reply = &g_array_index (trace->replies, Reply, i);
      MatchKey key = { .src = reply->src, .dst = reply->dst, .method = reply->method,
                       .a = reply->a, .b = reply->b };
      LadderTracerouteProbe *probe = pick_probe (g_hash_table_lookup (index, &key), reply);

      if (probe != NULL)
        apply_reply (probe, reply);
    }
}

/* Hops. */

static gboolean
is_final (const LadderTracerouteProbe *probe)
{
  return probe->reply_type != LADDER_TRACEROUTE_REPLY_NONE
         && probe->reply_type != LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED;
}

static void
run_build_hops (Run *run)
{
  LadderTracerouteRun *pub = &run->pub;
  const LadderTracerouteProbe *probes = (const LadderTracerouteProbe *) (gpointer) run->probes->data;
  guint last = pub->max_ttl;
  guint i;

  pub->first_frame = G_MAXUINT64;
  for (i = 0; i < run->probes->len; i++)
    {
      pub->first_frame = MIN (pub->first_frame, probes[i].probe);
      if (is_final (&probes[i]) && probes[i].ttl < last)
        last = probes[i].ttl;
    }
  for (i = 0; i < run->probes->len && probes[i].ttl <= last; i++)
    {
      if (i == 0 || probes[i].ttl != probes[i - 1].ttl)
        {
          LadderTracerouteHop hop = { .ttl = probes[i].ttl, .probes = &probes[i] };
          g_array_append_val (run->hops, hop);
        }
      g_array_index (run->hops, LadderTracerouteHop, run->hops->len - 1).n_probes++;
      if (is_final (&probes[i]) && ladder_addr_equal (&probes[i].responder, &pub->dst))
        pub->reached = TRUE;
    }
  pub->probes_past_end = run->probes->len - i;
  pub->n_hops = run->hops->len;
  pub->hops = (const LadderTracerouteHop *) (gpointer) run->hops->data;
  pub->n_probes = run->probes->len;
  pub->probes = probes;
}

static int
run_compare (gconstpointer a, gconstpointer b)
{
  const Run *ra = *(Run *const *) a, *rb = *(Run *const *) b;

  return ra->pub.first_frame < rb->pub.first_frame ? -1 : ra->pub.first_frame > rb->pub.first_frame;
}

void
ladder_traceroute_finish (LadderTraceroute *trace)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (trace != NULL);

  g_ptr_array_set_size (trace->runs, 0);
  drop_copies (trace);
  g_hash_table_iter_init (&iter, trace->groups);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    group_find_runs (trace, value);
  match_replies (trace);
  for (guint i = 0; i < trace->runs->len; i++)
    run_build_hops (g_ptr_array_index (trace->runs, i));
  g_ptr_array_sort (trace->runs, run_compare);
}

guint
ladder_traceroute_get_n_runs (LadderTraceroute *trace)
{
  g_return_val_if_fail (trace != NULL, 0);
  return trace->runs->len;
}

void
ladder_traceroute_note_lost_replies (LadderTraceroute *trace, LadderLosses *losses)
{
  g_return_if_fail (trace != NULL && losses != NULL);

  for (guint i = 0; trace->runs != NULL && i < trace->runs->len; i++)
    {
      Run *run = g_ptr_array_index (trace->runs, i);

      for (guint j = 0; j < run->probes->len; j++)
        {
          LadderTracerouteProbe *probe = &g_array_index (run->probes, LadderTracerouteProbe, j);
          probe->reply_lost_on = probe->reply != 0 ? ladder_losses_lost_on (losses, probe->reply) : NULL;
        }
    }
}

const LadderTracerouteRun *
ladder_traceroute_get_run (LadderTraceroute *trace, guint index)
{
  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (index < trace->runs->len, NULL);
  return &((Run *) g_ptr_array_index (trace->runs, index))->pub;
}
