/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-traceroute.h: traceroute runs rebuilt from a capture taken on the
 * sending host.
 *
 * Probes: UDP datagrams, ICMP/ICMPv6 echo requests and TCP SYNs (IPv4 and
 * IPv6) from one source to one destination whose TTL / hop limit climbs.
 * A probe's TTL is its IP TTL as sent.  Replies are matched to probes by
 * identity, never by order:
 *   - ICMP errors (time exceeded, destination unreachable) through the quoted
 *     header: quoted addresses plus ports (UDP), ports and sequence number
 *     (TCP) or echo identifier and sequence (ICMP), and for IPv4 the quoted
 *     IP identification;
 *   - echo replies by identifier and sequence;
 *   - SYN-ACK and RST (with ACK) by the 4-tuple and ack == probe seq + 1.
 *
 * Detection.  Candidate probes are grouped by (src, dst, method), ICMP also
 * by echo identifier; multicast and broadcast destinations are ignored.  In
 * send order, a probe whose TTL drops to or below the TTL the current run
 * began with starts a new run (a second traceroute, or the next round of an
 * mtr-like tool).  A run is a traceroute when its TTLs form a contiguous
 * block of at least two values starting at its smallest TTL; probes outside
 * that block (an ordinary SYN with TTL 64 to the same host) are not part of
 * it.  Ordinary pings and connections, whose TTL never changes, are never
 * runs.  Limits: a run probing a single TTL (traceroute -f 5 -m 5) is not
 * recognised, and probes with TTL > 32 are only considered once a probe
 * with a lower TTL was seen for the same group (this keeps memory small on
 * busy captures full of ordinary UDP).
 *
 * Hops run from the first TTL to the first TTL that drew a final answer
 * (anything but time exceeded: the destination's port unreachable, echo
 * reply, SYN-ACK or RST, or an unreachable from a router), as traceroute
 * stops there; probes sent beyond it (traceroute sends several TTLs at
 * once) are counted in probes_past_end, never shown as hops.  "reached" is
 * true when the destination itself answered within those hops.
 */
#pragma once

#include <glib.h>

#include "ladder-frame.h"
#include "ladder-json.h"
#include "ladder-losses.h"

G_BEGIN_DECLS

typedef enum
{
  LADDER_TRACEROUTE_UDP = 0,
  LADDER_TRACEROUTE_ICMP,
  LADDER_TRACEROUTE_TCP,
} LadderTracerouteMethod;

const char *ladder_traceroute_method_to_string (LadderTracerouteMethod method); /* "udp" ... */

typedef enum
{
  LADDER_TRACEROUTE_REPLY_NONE = 0,
  LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED,
  LADDER_TRACEROUTE_REPLY_PORT_UNREACHABLE,
  LADDER_TRACEROUTE_REPLY_NET_UNREACHABLE,      /* v4 code 0, v6 "no route" */
  LADDER_TRACEROUTE_REPLY_HOST_UNREACHABLE,     /* v4 code 1, v6 "address unreachable" */
  LADDER_TRACEROUTE_REPLY_PROTOCOL_UNREACHABLE, /* v4 code 2 */
  LADDER_TRACEROUTE_REPLY_PROHIBITED,           /* v4 9, 10, 13; v6 1, 5, 6 */
  LADDER_TRACEROUTE_REPLY_UNREACHABLE,          /* any other unreachable code */
  LADDER_TRACEROUTE_REPLY_ECHO_REPLY,
  LADDER_TRACEROUTE_REPLY_SYN_ACK,
  LADDER_TRACEROUTE_REPLY_RST,
} LadderTracerouteReply;

/* "time-exceeded", "port-unreachable", "net-unreachable", "host-unreachable",
 * "protocol-unreachable", "prohibited", "unreachable", "echo-reply",
 * "syn-ack", "rst"; NULL for NONE. */
const char *ladder_traceroute_reply_to_string (LadderTracerouteReply reply);

typedef struct
{
  guint64    probe;          /* frame number */
  gint64     probe_ts;       /* ns */
  guint8     ttl;            /* as sent */
  guint32    ip_id;          /* IPv4 identification (v6: 0) */
  guint16    sport, dport;   /* UDP and TCP */
  guint32    tcp_seq;
  guint16    icmp_id, icmp_seq;
  guint64    reply;          /* first matching reply's frame number, or 0 */
  gint64     reply_ts;
  LadderTracerouteReply reply_type;
  guint8     reply_icmp_type, reply_icmp_code;  /* for ICMP replies */
  LadderAddr responder;      /* family 0 when unanswered */
  double     rtt_ms;         /* NAN when unanswered */
  gboolean   rtt_negative;   /* reply timestamped before the probe */
  guint      duplicates;     /* further replies matching this probe */
  const char *reply_lost_on; /* the lab link that lost the reply after it was
                              * captured (the sender never got it), or NULL */
} LadderTracerouteProbe;

typedef struct
{
  guint8  ttl;
  guint   n_probes;
  const LadderTracerouteProbe *probes;  /* in send order */
} LadderTracerouteHop;

typedef struct
{
  LadderTracerouteMethod method;
  guint8     ip_version;
  LadderAddr src, dst;
  guint16    icmp_id;        /* ICMP runs: the echo identifier */
  gboolean   reached;
  guint8     first_ttl;
  guint8     max_ttl;        /* highest TTL probed in the run (past the end included) */
  guint      n_hops;         /* ttl first_ttl .. first_ttl + n_hops - 1 */
  const LadderTracerouteHop *hops;
  guint      probes_past_end;
  guint      n_probes;       /* every probe of the run, by TTL then send order */
  const LadderTracerouteProbe *probes;
  guint64    first_frame;
} LadderTracerouteRun;

typedef struct _LadderTraceroute LadderTraceroute;

LadderTraceroute *ladder_traceroute_new       (void);
void              ladder_traceroute_free      (LadderTraceroute *trace);
void              ladder_traceroute_add_frame (LadderTraceroute *trace, const LadderFrame *frame);
/* Finds the runs and matches replies.  Finishing again recomputes. */
void              ladder_traceroute_finish    (LadderTraceroute *trace);

/* After finish: marks each reply LOSSES says a lab link lost on its way
 * back (reply_lost_on, the name LOSSES owns: it must outlive TRACE's use). */
void              ladder_traceroute_note_lost_replies (LadderTraceroute *trace, LadderLosses *losses);

/* After finish: runs ordered by their first probe's frame number. */
guint                      ladder_traceroute_get_n_runs (LadderTraceroute *trace);
const LadderTracerouteRun *ladder_traceroute_get_run    (LadderTraceroute *trace, guint index);

/* {"traceroutes":[{"method":"udp|icmp|tcp","family":"ipv4|ipv6","src","dst","reached",
 *   "first_ttl","max_ttl","probes_past_end",
 *   "hops":[{"ttl","probes":[{"probe","reply","responder","rtt_ms","reply_type"}]}]}]}
 * reply, responder, rtt_ms and reply_type are null for an unanswered probe;
 * "reply_lost_on": "LINK" is added when the reply was lost after capture;
 * "rtt_negative": true is added when a reply predates its probe. */
void ladder_traceroute_write_json (LadderTraceroute *trace, LadderJson *json);
/* As traceroute prints: "traceroute to DST from SRC (udp), N hops max",
 * then " 1  10.0.0.1  0.123 ms  0.101 ms *" per hop, with traceroute's
 * !N !H !P !X marks for unreachables.  A reply lost after capture is a "*",
 * as traceroute printed it, with a line saying where it was lost. */
void ladder_traceroute_write_text (LadderTraceroute *trace, GString *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderTraceroute, ladder_traceroute_free)

G_END_DECLS
