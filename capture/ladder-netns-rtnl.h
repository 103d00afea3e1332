/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-netns-rtnl.h: the few rtnetlink requests the lab makes (libmnl).
 *
 * Each call opens a NETLINK_ROUTE socket in the calling thread's current
 * network namespace (see ladder_netns_switch()), sends one request with
 * NLM_F_ACK and turns the kernel's answer into a GError.  Never `ip` or
 * `tc`: no program is run.
 */
#pragma once

#include <glib.h>

#include "ladder-addr.h"

G_BEGIN_DECLS

/* A veth pair whose ends are created directly in the namespaces given by
 * NSFD_A and NSFD_B, named NAME_A and NAME_B there. */
gboolean ladder_netns_rtnl_veth_add  (const char *name_a, int nsfd_a,
                                      const char *name_b, int nsfd_b,
                                      GError    **error);
gboolean ladder_netns_rtnl_link_up   (const char *ifname, GError **error);
/* IPv6 addresses are added with IFA_F_NODAD so they work at once. */
gboolean ladder_netns_rtnl_addr_add  (const char       *ifname,
                                      const LadderAddr *addr,
                                      guint8            prefix_len,
                                      GError          **error);
/* DST/PREFIX_LEN via GATEWAY (PREFIX_LEN 0: the default route). */
gboolean ladder_netns_rtnl_route_add (const LadderAddr *dst,
                                      guint8            prefix_len,
                                      const LadderAddr *gateway,
                                      GError          **error);
/* Whether the kernel has the netem qdisc: tries to add one to IFNAME and
 * removes it again.  FALSE without error when netem is missing. */
gboolean ladder_netns_rtnl_netem_available (const char *ifname, GError **error);
/* A root netem qdisc on IFNAME delaying every packet it sends by DELAY_MS
 * and dropping LOSS_PERCENT of them.  Without netem in the kernel the error
 * is LADDER_LAB_ERROR_UNAVAILABLE. */
gboolean ladder_netns_rtnl_netem_set (const char *ifname, guint delay_ms, guint loss_percent,
                                      GError **error);

G_END_DECLS
