/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-topology.h: the lab's virtual network.
 *
 *   client ── r1 ── r2 ── ... ── rN ── server        (N = hops, 1..8)
 *   client2 ─┘                                       (optional, on r1)
 *   client3 ─┘ ...                                   (custom labs, links 102 ...)
 *
 * Every host is a network namespace (ladder-netns.h); consecutive hosts are
 * joined by a veth pair.  Link k (1-based, counted from the client) gets
 * 10.0.k.0/24 and fd00:k::/64; its end nearer the client is .1 / ::1, the
 * end nearer the server .2 / ::2.  So with 3 routers the client is 10.0.1.1,
 * r1 is 10.0.1.2 and 10.0.2.1, ..., and the server is 10.0.4.2 (fd00:4::2).
 * client2's link to r1 is link 101 (10.0.101.0/24, fd00:101::/64, client2
 * .1, r1 .2).  In a host, the interface towards host H is "veth-H".
 *
 * Routers forward IPv4 and IPv6 and know a route to every link; the client,
 * client2 and the server have a default route to their router.  ICMP error
 * rate limits are off in every host, so a traceroute with many queries per
 * hop gets an answer to each probe, as on a network of idle routers.
 *
 * The loopback lab (ladder_lab_topology_plan_loopback()) is one host,
 * "localhost", whose only link is its loopback interface "lo" (127.0.0.1,
 * ::1): client and server talk as in the course's `telnet localhost 60000`,
 * and every name resolves to that host.
 *
 * Links are named "client–r1", "r1–r2", ..., "r3–server", "client2–r1"
 * (with an en dash, U+2013, as the window shows them).  A plain link is
 * captured on one side: the end nearer the client.
 *
 * An impaired link (delay, loss ... set on it) has a relay in the middle
 * (ladder-lab-relay.h): two veth pairs and a namespace "relayK" whose ends
 * are named after the hosts they face, "veth-r1" and "veth-r2".  It is
 * captured in relayK, on both ends, inbound only: each direction where it
 * enters the link, before the relay's impairments.  So a frame the link
 * loses is in the capture of that link and in no later one (that is how
 * "lost on" is found), and a frame it duplicates shows twice on the next
 * link.  Timestamps are the sending times: on client–r1 the client's SYN
 * and its ACK of the SYN/ACK are both stamped at the client, so the
 * handshake RTT measured there is the client's.
 */
#pragma once

#include <glib.h>

#include "ladder-addr.h"
#include "ladder-lab-client.h"
#include "ladder-netns.h"

G_BEGIN_DECLS

#define LADDER_LAB_MAX_HOPS      8
#define LADDER_LAB_DEFAULT_HOPS  3
/* Client hosts: client, client2 ... (a custom lab's clients each get one). */
#define LADDER_LAB_MAX_CLIENTS   4
#define LADDER_LAB_MAX_HOSTS     (LADDER_LAB_MAX_HOPS + 2 + LADDER_LAB_MAX_CLIENTS)
#define LADDER_LAB_MAX_LINKS     (LADDER_LAB_MAX_HOPS + 1 + LADDER_LAB_MAX_CLIENTS)
#define LADDER_LAB_CLIENT2_LINK  101

typedef struct
{
  char         name[16];     /* "client", "r1", "server", "client2" */
  gboolean     router;
  LadderNetns *ns;           /* NULL until built */
} LadderLabHost;

typedef struct
{
  char       name[32];       /* "client–r1" */
  guint      subnet;         /* k in 10.0.k.0/24 */
  guint      left, right;    /* host indices; left is nearer the client */
  char       left_if[16], right_if[16];
  LadderAddr left_v4, right_v4, left_v6, right_v6;
  /* Impaired links only (relayed TRUE). */
  gboolean        relayed;
  LadderLabImpair impair;
  LadderNetns    *relay_ns;   /* "relayK"; NULL until built */
  char            relay_left_if[16], relay_right_if[16];
} LadderLabLink;

typedef struct
{
  guint         hops;
  gboolean      client2;
  guint         family;      /* 4 or 6: the addresses endpoints and hosts files use */
  gboolean      loopback;    /* one host, "localhost", captured on lo */
  gboolean      netem;       /* tc netem exists on this kernel (found while building) */
  guint         n_hosts;
  LadderLabHost hosts[LADDER_LAB_MAX_HOSTS];
  guint         n_links;
  LadderLabLink links[LADDER_LAB_MAX_LINKS];
} LadderLabTopology;

/* The plan only (names and addresses); nothing is created.  HOPS 1..8. */
LadderLabTopology *ladder_lab_topology_plan  (guint hops, gboolean client2);
/* The loopback lab: host "localhost" and its link "lo". */
LadderLabTopology *ladder_lab_topology_plan_loopback (void);
/* Creates the namespaces, links, addresses and routes of the plan.  The
 * caller has entered the lab (ladder_netns_enter_lab()).  STATUS, when not
 * NULL, is told what is happening. */
gboolean           ladder_lab_topology_build (LadderLabTopology *topo,
                                              void (*status) (const char *message, gpointer data),
                                              gpointer           data,
                                              GError           **error);
/* Adds the next client host of the plan (client2, then client3 ... up to
 * LADDER_LAB_MAX_CLIENTS in all), on its own link to r1: client2's link 101,
 * client3's 102 ...  Returns its name. */
const char        *ladder_lab_topology_add_client (LadderLabTopology *topo);
/* Frees the namespaces (ending their holders) and the plan. */
void               ladder_lab_topology_free  (LadderLabTopology *topo);

/* The host called NAME, or NULL.  In the loopback lab every name is
 * "localhost". */
LadderLabHost     *ladder_lab_topology_find_host (LadderLabTopology *topo, const char *name);
/* The address of host NAME on its first link (FAMILY 4 or 6): for a router
 * its address on the link towards the client; 127.0.0.1 / ::1 for any name
 * in the loopback lab.  FALSE for an unknown host. */
gboolean           ladder_lab_topology_host_addr (LadderLabTopology *topo, const char *name,
                                                  guint family, LadderAddr *addr);

/* Gives every link PARAMS' impairments (a per-link entry replaces the
 * every-link ones); a link with any, or every link with force_relay, gets
 * a relay.  Before ladder_lab_topology_build().  FALSE with
 * LADDER_LAB_ERROR_PARAMS when a per-link entry names no link of TOPO. */
gboolean ladder_lab_topology_impair (LadderLabTopology *topo, const LadderLabParams *params,
                                     GError **error);
/* The link whose subnet is SUBNET, or NULL. */
LadderLabLink *ladder_lab_topology_find_link (LadderLabTopology *topo, guint subnet);
/* The link named NAME ("r1–r2"; "r1-r2" with a hyphen too), or NULL. */
LadderLabLink *ladder_lab_topology_find_link_by_name (LadderLabTopology *topo, const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderLabTopology, ladder_lab_topology_free)

G_END_DECLS
