/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ping.c: see ladder-ping.h.
 *
 * ICMP echo: RFC 792; ICMPv6 echo: RFC 4443 section 4.  Errors quote "as
 * much of invoking packet as possible" (RFC 4443 2.4 c; RFC 792 asks for the
 * IP header and 64 bits, which is exactly enough for the echo header).
 *
 * add_frame() only copies the few fields that matter into a flat event list;
 * finish() pairs in three passes (requests, then replies, then errors), so
 * the order frames were added in never matters.
 */
#include "ladder-ping.h"

#include <math.h>

#include "ladder-sightings.h"

enum
{
  EV_REQUEST = 0,
  EV_REPLY,
  EV_ERROR,
};

typedef struct
{
  guint64    number;
  gint64     ts_ns;
  LadderAddr src, dst;   /* the request's direction: replies reversed, errors quoted */
  LadderAddr from;       /* errors: the error's sender */
  guint32    ip_id;      /* requests: own; errors: quoted */
  guint16    id, seq;
  guint8     kind;
  guint8     ip_version;
  guint8     ttl;
  guint8     icmp_type, icmp_code;
  guint8     icmp_kind;  /* LadderIcmpKind */
} PingEvent;

typedef struct
{
  LadderAddr src, dst;
  guint16    id;
} SessionKey;

typedef struct
{
  SessionKey         key;
  LadderPingSession  pub;
  GArray            *probes;   /* LadderPingProbe */
  GHashTable        *by_seq;   /* seq + 1 → GArray of guint probe indices */
} Session;

struct _LadderPing
{
  GArray     *events;          /* PingEvent */
  GPtrArray  *sessions;        /* Session, after finish */
  GHashTable *by_key;          /* SessionKey → Session */
  guint       short_quotes;    /* errors whose quote stops before the echo header */
  guint       unmatched_errors;
  LadderCopies *copies;        /* the events' frames, to fold forwarded copies */
};

/* Names. */

const char *
ladder_ping_error_type_to_string (LadderPingErrorType type)
{
  switch (type)
    {
    case LADDER_PING_ERROR_TIME_EXCEEDED: return "time-exceeded";
    case LADDER_PING_ERROR_UNREACHABLE:   return "unreachable";
    case LADDER_PING_ERROR_NONE:
    default:                              return NULL;
    }
}

static const char *
icmp4_error_code_name (guint8 type, guint8 code)
{
  static const char *const unreach[] = {
    "net-unreachable", "host-unreachable", "protocol-unreachable",
    "port-unreachable", "fragmentation-needed", "source-route-failed",
    "net-unknown", "host-unknown", "source-host-isolated",
    "net-prohibited", "host-prohibited", "net-unreachable-for-tos",
    "host-unreachable-for-tos", "prohibited", "host-precedence-violation",
    "precedence-cutoff",
  };

  if (type == LADDER_ICMP_TIME_EXCEEDED)
    return code == 0 ? "ttl-exceeded" : code == 1 ? "reassembly-time-exceeded" : NULL;
  if (type == LADDER_ICMP_UNREACH && code < G_N_ELEMENTS (unreach))
    return unreach[code];
  return NULL;
}

static const char *
icmp6_error_code_name (guint8 type, guint8 code)
{
  static const char *const unreach[] = {
    "no-route", "prohibited", "beyond-scope", "address-unreachable",
    "port-unreachable", "source-policy-failed", "reject-route",
    "source-routing-header-error",
  };

  if (type == LADDER_ICMPV6_TIME_EXCEEDED)
    return code == 0 ? "hop-limit-exceeded" : code == 1 ? "reassembly-time-exceeded" : NULL;
  if (type == LADDER_ICMPV6_UNREACH && code < G_N_ELEMENTS (unreach))
    return unreach[code];
  return NULL;
}

const char *
ladder_icmp_error_code_name (guint8 ip_version, guint8 type, guint8 code)
{
  static const char *const numbers[] = {
    "code-0", "code-1", "code-2", "code-3", "code-4", "code-5", "code-6", "code-7",
    "code-8", "code-9", "code-10", "code-11", "code-12", "code-13", "code-14", "code-15",
  };
  const char *name;

  name = ip_version == 6 ? icmp6_error_code_name (type, code)
                         : icmp4_error_code_name (type, code);
  if (name != NULL)
    return name;
  return code < G_N_ELEMENTS (numbers) ? numbers[code] : "code-other";
}

/* Session keys. */

static guint
session_key_hash (gconstpointer p)
{
  const SessionKey *key = p;
  return ladder_addr_hash (&key->src) * 31u + ladder_addr_hash (&key->dst) * 7u + key->id;
}

static gboolean
session_key_equal (gconstpointer a, gconstpointer b)
{
  const SessionKey *ka = a, *kb = b;
  return ka->id == kb->id && ladder_addr_equal (&ka->src, &kb->src)
         && ladder_addr_equal (&ka->dst, &kb->dst);
}

static void
session_free (gpointer p)
{
  Session *session = p;
  g_array_free (session->probes, TRUE);
  g_hash_table_destroy (session->by_seq);
  g_free (session);
}

LadderPing *
ladder_ping_new (void)
{
  LadderPing *ping = g_new0 (LadderPing, 1);
  ping->events = g_array_new (FALSE, FALSE, sizeof (PingEvent));
  ping->sessions = g_ptr_array_new_with_free_func (session_free);
  ping->by_key = g_hash_table_new (session_key_hash, session_key_equal);
  ping->copies = ladder_copies_new ();
  return ping;
}

void
ladder_ping_free (LadderPing *ping)
{
  if (ping == NULL)
    return;
  g_array_free (ping->events, TRUE);
  g_hash_table_destroy (ping->by_key);
  g_ptr_array_free (ping->sessions, TRUE);
  ladder_copies_free (ping->copies);
  g_free (ping);
}

/* Classifying frames. */

static gboolean
is_icmp (const LadderPacket *pkt)
{
  if (pkt->ip_version == 4)
    return (pkt->layers & LADDER_LAYER_ICMP) != 0;
  if (pkt->ip_version == 6)
    return (pkt->layers & LADDER_LAYER_ICMPV6) != 0;
  return FALSE;
}

static LadderPingErrorType
error_type_of (guint8 icmp_kind)
{
  return icmp_kind == LADDER_ICMP_KIND_TIME_EXCEEDED ? LADDER_PING_ERROR_TIME_EXCEEDED
         : icmp_kind == LADDER_ICMP_KIND_UNREACHABLE ? LADDER_PING_ERROR_UNREACHABLE
         : LADDER_PING_ERROR_NONE;
}

static void
add_error (LadderPing *ping, const LadderFrame *frame, PingEvent *ev)
{
  const LadderPacket *pkt = frame->pkt;
  const LadderQuoted *q = &pkt->quoted;
  guint8 icmp_proto = pkt->ip_version == 6 ? LADDER_IPPROTO_ICMPV6 : LADDER_IPPROTO_ICMP;

  if (!q->present || q->ip_proto != icmp_proto)
    return;  /* not about an ICMP datagram: not ours */
  if (!q->has_icmp)
    {
      /* The quote stops before the echo header: it cannot be tied to a request. */
      ping->short_quotes++;
      return;
    }
  if (q->icmp_kind != LADDER_ICMP_KIND_ECHO_REQUEST)
    return;
  ev->kind = EV_ERROR;
  ev->src = q->src;
  ev->dst = q->dst;
  ev->from = pkt->src;
  ev->id = q->icmp_id;
  ev->seq = q->icmp_seq;
  ev->ip_id = q->ip_id;
  g_array_append_val (ping->events, *ev);
}

void
ladder_ping_add_frame (LadderPing *ping, const LadderFrame *frame)
{
  const LadderPacket *pkt;
  PingEvent ev = { 0 };
  gboolean is_request;
  guint n_events;

  g_return_if_fail (ping != NULL);
  g_return_if_fail (frame != NULL && frame->pkt != NULL);

  pkt = frame->pkt;
  if (!is_icmp (pkt))
    return;
  n_events = ping->events->len;
  ev.number = frame->number;
  ev.ts_ns = frame->ts_ns;
  ev.ip_version = pkt->ip_version;
  ev.ttl = pkt->ttl;
  ev.icmp_type = pkt->icmp_type;
  ev.icmp_code = pkt->icmp_code;
  ev.icmp_kind = pkt->icmp_kind;
  ev.id = pkt->icmp_id;
  ev.seq = pkt->icmp_seq;
  ev.ip_id = pkt->ip_id;

  is_request = pkt->icmp_kind == LADDER_ICMP_KIND_ECHO_REQUEST;
  if (is_request || pkt->icmp_kind == LADDER_ICMP_KIND_ECHO_REPLY)
    {
      ev.kind = is_request ? EV_REQUEST : EV_REPLY;
      ev.src = is_request ? pkt->src : pkt->dst;
      ev.dst = is_request ? pkt->dst : pkt->src;
      g_array_append_val (ping->events, ev);
    }
  else if (error_type_of (pkt->icmp_kind) != LADDER_PING_ERROR_NONE)
    add_error (ping, frame, &ev);
  if (ping->events->len != n_events)
    ladder_copies_add (ping->copies, frame, !is_request);
}

/* A capture taken on several links of the path sees each request, reply
 * and error once per link, the TTL lower each time: one packet, counted
 * once (ladder-sightings.h), or every request would be sent twice. */
static void
drop_copies (LadderPing *ping)
{
  guint kept = 0;

  ladder_copies_finish (ping->copies);
  if (ladder_copies_get_n_copies (ping->copies) == 0)
    return;
  for (guint i = 0; i < ping->events->len; i++)
    {
      const PingEvent *ev = &g_array_index (ping->events, PingEvent, i);

      if (!ladder_copies_is_copy (ping->copies, ev->number))
        g_array_index (ping->events, PingEvent, kept++) = *ev;
    }
  g_array_set_size (ping->events, kept);
}

/* Pairing. */

static int
event_compare (gconstpointer a, gconstpointer b)
{
  const PingEvent *ea = a, *eb = b;

  if (ea->kind != eb->kind)
    return ea->kind < eb->kind ? -1 : 1;
  if (ea->ts_ns != eb->ts_ns)
    return ea->ts_ns < eb->ts_ns ? -1 : 1;
  return ea->number < eb->number ? -1 : ea->number > eb->number;
}

static Session *
session_lookup (LadderPing *ping, const PingEvent *ev, gboolean create)
{
  SessionKey key = { .src = ev->src, .dst = ev->dst, .id = ev->id };
  Session *session = g_hash_table_lookup (ping->by_key, &key);

  if (session != NULL || !create)
    return session;
  session = g_new0 (Session, 1);
  session->key = key;
  session->pub.ip_version = ev->ip_version;
  session->pub.src = ev->src;
  session->pub.dst = ev->dst;
  session->pub.id = ev->id;
  session->probes = g_array_new (FALSE, TRUE, sizeof (LadderPingProbe));
  session->by_seq = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  g_ptr_array_add (ping->sessions, session);
  g_hash_table_insert (ping->by_key, &session->key, session);
  return session;
}

static LadderPingProbe *
session_add_probe (Session *session, guint16 seq)
{
  LadderPingProbe probe = { .seq = seq, .rtt_ms = NAN };
  gpointer seq_key = GUINT_TO_POINTER ((guint) seq + 1);
  GArray *indices = g_hash_table_lookup (session->by_seq, seq_key);
  guint index = session->probes->len;

  if (indices == NULL)
    {
      indices = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (session->by_seq, seq_key, indices);
    }
  g_array_append_val (indices, index);
  g_array_append_val (session->probes, probe);
  return &g_array_index (session->probes, LadderPingProbe, index);
}

static void
add_request (LadderPing *ping, const PingEvent *ev)
{
  Session *session = session_lookup (ping, ev, TRUE);
  LadderPingProbe *probe = session_add_probe (session, ev->seq);

  probe->request = ev->number;
  probe->request_ts = ev->ts_ns;
  probe->request_ttl = ev->ttl;
  probe->request_ip_id = ev->ip_id;
}

/* How well a probe fits an answer at TS; lower is better.  Prefers, in
 * order: the quoted IPv4 id (errors), a request not yet answered, a request
 * sent before the answer, then the nearest in time. */
static guint
probe_rank (const LadderPingProbe *probe, const PingEvent *ev, gboolean answered)
{
  guint rank = 0;

  if (ev->kind == EV_ERROR && ev->ip_version == 4 && probe->request_ip_id != ev->ip_id)
    rank += 4;
  if (answered)
    rank += 2;
  if (probe->request_ts > ev->ts_ns)
    rank += 1;
  return rank;
}

/* The captured request (request != 0) that best fits EV, or NULL. */
static LadderPingProbe *
pick_probe (Session *session, const PingEvent *ev)
{
  GArray *indices = g_hash_table_lookup (session->by_seq, GUINT_TO_POINTER ((guint) ev->seq + 1));
  LadderPingProbe *best = NULL;
  guint best_rank = G_MAXUINT;
  guint64 best_dt = G_MAXUINT64;

  for (guint i = 0; indices != NULL && i < indices->len; i++)
    {
      LadderPingProbe *probe = &g_array_index (session->probes, LadderPingProbe,
                                               g_array_index (indices, guint, i));
      gboolean answered = ev->kind == EV_ERROR ? probe->error != 0 : probe->reply != 0;
      guint rank;
      guint64 dt;

      if (probe->request == 0)
        continue;
      rank = probe_rank (probe, ev, answered);
      dt = probe->request_ts > ev->ts_ns ? (guint64) probe->request_ts - (guint64) ev->ts_ns
                                         : (guint64) ev->ts_ns - (guint64) probe->request_ts;
      if (rank < best_rank || (rank == best_rank && dt < best_dt))
        {
          best = probe;
          best_rank = rank;
          best_dt = dt;
        }
    }
  return best;
}

/* A reply whose request was not captured: one orphan probe per sequence
 * number, further copies counted as duplicates. */
static void
add_orphan_reply (Session *session, const PingEvent *ev)
{
  GArray *indices = g_hash_table_lookup (session->by_seq, GUINT_TO_POINTER ((guint) ev->seq + 1));
  LadderPingProbe *probe;

  for (guint i = 0; indices != NULL && i < indices->len; i++)
    {
      probe = &g_array_index (session->probes, LadderPingProbe, g_array_index (indices, guint, i));
      if (probe->request == 0)
        {
          probe->duplicates++;
          return;
        }
    }
  probe = session_add_probe (session, ev->seq);
  probe->reply = ev->number;
  probe->reply_ts = ev->ts_ns;
  probe->reply_ttl = ev->ttl;
}

static void
add_reply (LadderPing *ping, const PingEvent *ev)
{
  Session *session = session_lookup (ping, ev, TRUE);
  LadderPingProbe *probe = pick_probe (session, ev);

  if (probe == NULL)
    {
      add_orphan_reply (session, ev);
      return;
    }
  if (probe->reply != 0)
    {
      probe->duplicates++;
      return;
    }
  probe->reply = ev->number;
  probe->reply_ts = ev->ts_ns;
  probe->reply_ttl = ev->ttl;
  probe->rtt_ms = (double) ladder_ns_between (probe->request_ts, ev->ts_ns) / 1e6;
  probe->rtt_negative = ev->ts_ns < probe->request_ts;
}

static void
add_error_event (LadderPing *ping, const PingEvent *ev)
{
  Session *session = session_lookup (ping, ev, FALSE);
  LadderPingProbe *probe = session != NULL ? pick_probe (session, ev) : NULL;

  if (probe == NULL)
    {
      ping->unmatched_errors++;
      return;
    }
  if (probe->error != 0)
    return;  /* one error per request is enough to tell what happened */
  probe->error = ev->number;
  probe->error_ts = ev->ts_ns;
  probe->error_type = error_type_of (ev->icmp_kind);
  probe->error_icmp_type = ev->icmp_type;
  probe->error_icmp_code = ev->icmp_code;
  probe->error_from = ev->from;
}

/* Summaries. */

static gint64
probe_ts (const LadderPingProbe *probe)
{
  return probe->request != 0 ? probe->request_ts : probe->reply_ts;
}

static guint64
probe_number (const LadderPingProbe *probe)
{
  return probe->request != 0 ? probe->request : probe->reply;
}

static int
probe_compare (gconstpointer a, gconstpointer b)
{
  const LadderPingProbe *pa = a, *pb = b;
  gint64 ta = probe_ts (pa), tb = probe_ts (pb);

  if (ta != tb)
    return ta < tb ? -1 : 1;
  return probe_number (pa) < probe_number (pb) ? -1 : probe_number (pa) > probe_number (pb);
}

static void
session_summarize (Session *session)
{
  LadderPingSession *pub = &session->pub;
  double sum = 0;

  pub->requests = pub->replies = pub->errors = pub->duplicates = pub->orphan_replies = 0;
  pub->rtt_count = 0;
  /* Indices in by_seq are stale after sorting; nothing uses them past here. */
  g_array_sort (session->probes, probe_compare);
  pub->rtt_min_ms = pub->rtt_avg_ms = pub->rtt_max_ms = NAN;
  pub->first_frame = G_MAXUINT64;
  for (guint i = 0; i < session->probes->len; i++)
    {
      const LadderPingProbe *probe = &g_array_index (session->probes, LadderPingProbe, i);

      pub->first_frame = MIN (pub->first_frame, probe_number (probe));
      pub->duplicates += probe->duplicates;
      if (probe->request == 0)
        {
          pub->orphan_replies++;
          continue;
        }
      pub->requests++;
      if (probe->reply != 0 && probe->reply_lost_on == NULL)
        pub->replies++;
      if (probe->error != 0)
        pub->errors++;
      if (probe->reply == 0 || probe->reply_lost_on != NULL || isnan (probe->rtt_ms))
        continue;
      if (pub->rtt_count == 0 || probe->rtt_ms < pub->rtt_min_ms)
        pub->rtt_min_ms = probe->rtt_ms;
      if (pub->rtt_count == 0 || probe->rtt_ms > pub->rtt_max_ms)
        pub->rtt_max_ms = probe->rtt_ms;
      sum += probe->rtt_ms;
      pub->rtt_count++;
    }
  pub->lost = pub->requests - pub->replies;
  if (pub->rtt_count > 0)
    pub->rtt_avg_ms = sum / pub->rtt_count;
  pub->n_probes = session->probes->len;
  pub->probes = (const LadderPingProbe *) (gpointer) session->probes->data;
}

static int
session_compare (gconstpointer a, gconstpointer b)
{
  const Session *sa = *(Session *const *) a, *sb = *(Session *const *) b;

  return sa->pub.first_frame < sb->pub.first_frame ? -1
         : sa->pub.first_frame > sb->pub.first_frame;
}

/* Each reply LOSSES says a lab link lost on its way back (reply_lost_on,
 * the name LOSSES owns): counted as ping did, no reply, no RTT. */
static void
session_note_lost_replies (Session *session, LadderLosses *losses)
{
  for (guint j = 0; j < session->probes->len; j++)
    {
      LadderPingProbe *probe = &g_array_index (session->probes, LadderPingProbe, j);
      probe->reply_lost_on = probe->reply != 0 ? ladder_losses_lost_on (losses, probe->reply) : NULL;
    }
}

void
ladder_ping_finish (LadderPing *ping)
{
  ladder_ping_finish_with_losses (ping, NULL);
}

void
ladder_ping_finish_with_losses (LadderPing *ping, LadderLosses *losses)
{
  g_return_if_fail (ping != NULL);

  g_hash_table_remove_all (ping->by_key);
  g_ptr_array_set_size (ping->sessions, 0);
  ping->unmatched_errors = ping->short_quotes;

  drop_copies (ping);
  g_array_sort (ping->events, event_compare);
  for (guint i = 0; i < ping->events->len; i++)
    {
      const PingEvent *ev = &g_array_index (ping->events, PingEvent, i);

      if (ev->kind == EV_REQUEST)
        add_request (ping, ev);
      else if (ev->kind == EV_REPLY)
        add_reply (ping, ev);
      else
        add_error_event (ping, ev);
    }
  /* Losses first: each session is summarised once, as ping counted it. */
  for (guint i = 0; i < ping->sessions->len; i++)
    {
      if (losses != NULL)
        session_note_lost_replies (g_ptr_array_index (ping->sessions, i), losses);
      session_summarize (g_ptr_array_index (ping->sessions, i));
    }
  g_ptr_array_sort (ping->sessions, session_compare);
}

guint
ladder_ping_get_n_sessions (LadderPing *ping)
{
  g_return_val_if_fail (ping != NULL, 0);
  return ping->sessions->len;
}

const LadderPingSession *
ladder_ping_get_session (LadderPing *ping, guint index)
{
  g_return_val_if_fail (ping != NULL, NULL);
  g_return_val_if_fail (index < ping->sessions->len, NULL);
  return &((Session *) g_ptr_array_index (ping->sessions, index))->pub;
}

guint
ladder_ping_get_n_unmatched_errors (LadderPing *ping)
{
  g_return_val_if_fail (ping != NULL, 0);
  return ping->unmatched_errors;
}
