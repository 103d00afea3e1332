/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ping.h: ping sessions rebuilt from ICMP and ICMPv6 echo traffic.
 *
 * A session is the echo requests one host sent to another with one
 * identifier (src, dst, id).  Replies are paired with requests by identity
 * (identifier and sequence number), never by position, so captures whose
 * timestamps are out of order still pair correctly; an RTT is reply.ts -
 * request.ts and is reported even when negative (flagged).  ICMP errors
 * (time exceeded, destination unreachable) are matched back to their request
 * through the quoted header: quoted source, destination, echo identifier and
 * sequence (and, for IPv4, the quoted IP identification when several
 * requests share a sequence number).  A second reply to one request is a
 * duplicate, not an extra reply.
 *
 * Frames may be added in any order; nothing is computed before
 * ladder_ping_finish().
 */
#pragma once

#include <glib.h>

#include "ladder-frame.h"
#include "ladder-json.h"
#include "ladder-losses.h"

G_BEGIN_DECLS

typedef enum
{
  LADDER_PING_ERROR_NONE = 0,
  LADDER_PING_ERROR_TIME_EXCEEDED,  /* ICMP 11 / ICMPv6 3 */
  LADDER_PING_ERROR_UNREACHABLE,    /* ICMP 3 / ICMPv6 1 */
} LadderPingErrorType;

/* "time-exceeded", "unreachable", or NULL for NONE. */
const char *ladder_ping_error_type_to_string (LadderPingErrorType type);

/* A name for an error's code: "ttl-exceeded", "reassembly-time-exceeded",
 * "net-unreachable", "host-unreachable", "protocol-unreachable",
 * "port-unreachable", "fragmentation-needed", "prohibited",
 * "no-route", "beyond-scope", "address-unreachable", ... or "code-N". */
const char *ladder_icmp_error_code_name (guint8 ip_version, guint8 type, guint8 code);

/* One echo request and what came back for it. */
typedef struct
{
  guint16    seq;
  guint64    request;        /* frame number; 0 when only the reply was captured */
  gint64     request_ts;     /* ns */
  guint8     request_ttl;    /* TTL / hop limit as sent */
  guint32    request_ip_id;  /* IPv4 identification of the request */
  guint64    reply;          /* first reply's frame number, 0 when none */
  gint64     reply_ts;
  guint8     reply_ttl;      /* TTL / hop limit of the reply as captured */
  double     rtt_ms;         /* NAN without both request and reply */
  gboolean   rtt_negative;   /* the reply is timestamped before its request */
  guint      duplicates;     /* further replies to the same request */
  guint64    error;          /* frame of the first ICMP error quoting it, or 0 */
  gint64     error_ts;
  LadderPingErrorType error_type;
  guint8     error_icmp_type, error_icmp_code;
  LadderAddr error_from;     /* who sent the error */
  const char *reply_lost_on; /* the lab link that lost the reply after it was
                              * captured (ping never got it), or NULL */
} LadderPingProbe;

typedef struct
{
  guint8     ip_version;     /* 4 or 6 */
  LadderAddr src, dst;       /* the requests' sender and target */
  guint16    id;             /* echo identifier */
  guint      requests;       /* echo requests captured */
  guint      replies;        /* requests answered (duplicates not counted; a
                              * reply lost after capture is no answer) */
  guint      lost;           /* requests with no reply (errors included) */
  guint      duplicates;     /* duplicate replies */
  guint      errors;         /* requests answered by an ICMP error */
  guint      orphan_replies; /* replies whose request was not captured */
  guint      rtt_count;      /* RTTs that went into min/avg/max */
  double     rtt_min_ms, rtt_avg_ms, rtt_max_ms;  /* NAN when rtt_count == 0 */
  guint64    first_frame;    /* smallest frame number in the session */
  guint               n_probes;
  const LadderPingProbe *probes;  /* in send order (request timestamp) */
} LadderPingSession;

typedef struct _LadderPing LadderPing;

LadderPing *ladder_ping_new        (void);
void        ladder_ping_free       (LadderPing *ping);
void        ladder_ping_add_frame  (LadderPing *ping, const LadderFrame *frame);
/* Pairs everything added so far.  Adding frames afterwards and finishing
 * again recomputes from scratch. */
void        ladder_ping_finish     (LadderPing *ping);
/* The same, with LOSSES (finished; NULL: none known): each reply a lab link
 * lost on its way back is marked (reply_lost_on, the name LOSSES owns) and
 * counted as ping did: no reply, no RTT. */
void        ladder_ping_finish_with_losses (LadderPing *ping, LadderLosses *losses);

/* After finish: sessions ordered by their first frame number. */
guint                    ladder_ping_get_n_sessions (LadderPing *ping);
const LadderPingSession *ladder_ping_get_session    (LadderPing *ping, guint index);
/* ICMP errors quoting an echo request that matched no captured request
 * (a quote too short to hold the echo header, or a request not captured). */
guint                    ladder_ping_get_n_unmatched_errors (LadderPing *ping);

/* {"sessions":[{"family","src","dst","id","requests","replies","lost","duplicates",
 *   "rtt_ms":{"min","avg","max"},
 *   "errors":[{"seq","type","code","from","frame"}],
 *   "probes":[{"seq","request","reply","rtt_ms","rtt_negative","ttl","duplicates","error"}]}]}
 * "family" is "ipv4" or "ipv6"; rtt values are null without replies;
 * "reply_lost_on":"LINK" is added to a probe whose reply was lost after capture. */
void ladder_ping_write_json (LadderPing *ping, LadderJson *json);
/* A ping-like summary per session, then one line per request. */
void ladder_ping_write_text (LadderPing *ping, GString *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderPing, ladder_ping_free)

G_END_DECLS
