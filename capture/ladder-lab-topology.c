/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-topology.c: plan and build the lab's network (see the header). */

#include "ladder-lab-topology.h"

#include "ladder-lab-client.h"
#include "ladder-lab-relay.h"
#include "ladder-netns-rtnl.h"

typedef void (*StatusFunc) (const char *message, gpointer data);

static guint
add_host (LadderLabTopology *topo, const char *name, gboolean router)
{
  LadderLabHost *host = &topo->hosts[topo->n_hosts];

  g_strlcpy (host->name, name, sizeof host->name);
  host->router = router;
  return topo->n_hosts++;
}

static void
set_addr (LadderAddr *addr, const char *text)
{
  gboolean ok = ladder_addr_parse (text, addr);

  g_assert (ok);
}

static void
add_link (LadderLabTopology *topo, guint left, guint right, guint subnet)
{
  LadderLabLink *link = &topo->links[topo->n_links++];
  char text[64];

  link->left = left;
  link->right = right;
  link->subnet = subnet;
  g_snprintf (link->name, sizeof link->name, "%s\u2013%s",
              topo->hosts[left].name, topo->hosts[right].name);
  g_snprintf (link->left_if, sizeof link->left_if, "veth-%s", topo->hosts[right].name);
  g_snprintf (link->right_if, sizeof link->right_if, "veth-%s", topo->hosts[left].name);
  g_snprintf (text, sizeof text, "10.0.%u.1", subnet);
  set_addr (&link->left_v4, text);
  g_snprintf (text, sizeof text, "10.0.%u.2", subnet);
  set_addr (&link->right_v4, text);
  g_snprintf (text, sizeof text, "fd00:%u::1", subnet);
  set_addr (&link->left_v6, text);
  g_snprintf (text, sizeof text, "fd00:%u::2", subnet);
  set_addr (&link->right_v6, text);
}

LadderLabTopology *
ladder_lab_topology_plan (guint hops, gboolean client2)
{
  LadderLabTopology *topo;
  char name[16];

  g_return_val_if_fail (hops >= 1 && hops <= LADDER_LAB_MAX_HOPS, NULL);

  topo = g_new0 (LadderLabTopology, 1);
  topo->family = 4;
  topo->hops = hops;
  topo->client2 = client2;
  add_host (topo, "client", FALSE);
  for (guint k = 1; k <= hops; k++)
    {
      g_snprintf (name, sizeof name, "r%u", k);
      add_host (topo, name, TRUE);
    }
  add_host (topo, "server", FALSE);
  for (guint k = 1; k <= hops + 1; k++)
    add_link (topo, k - 1, k, k);
  if (client2)
    add_link (topo, add_host (topo, "client2", FALSE), 1, LADDER_LAB_CLIENT2_LINK);
  return topo;
}

LadderLabTopology *
ladder_lab_topology_plan_loopback (void)
{
  LadderLabTopology *topo = g_new0 (LadderLabTopology, 1);
  LadderLabLink *link = &topo->links[topo->n_links++];

  topo->family = 4;
  topo->loopback = TRUE;
  add_host (topo, "localhost", FALSE);
  g_strlcpy (link->name, "lo", sizeof link->name);
  g_strlcpy (link->left_if, "lo", sizeof link->left_if);
  g_strlcpy (link->right_if, "lo", sizeof link->right_if);
  set_addr (&link->left_v4, "127.0.0.1");
  link->right_v4 = link->left_v4;
  set_addr (&link->left_v6, "::1");
  link->right_v6 = link->left_v6;
  return topo;
}

const char *
ladder_lab_topology_add_client (LadderLabTopology *topo)
{
  char name[16];
  guint n = 1;

  g_return_val_if_fail (topo != NULL, NULL);

  for (guint i = 0; i < topo->n_hosts; i++)
    n += g_str_has_prefix (topo->hosts[i].name, "client");
  g_return_val_if_fail (n <= LADDER_LAB_MAX_CLIENTS, NULL);
  g_snprintf (name, sizeof name, "client%u", n);
  add_link (topo, add_host (topo, name, FALSE), 1, LADDER_LAB_CLIENT2_LINK + n - 2);
  topo->client2 = TRUE;
  return topo->hosts[topo->n_hosts - 1].name;
}

void
ladder_lab_topology_free (LadderLabTopology *topo)
{
  if (topo == NULL)
    return;
  for (guint i = 0; i < topo->n_hosts; i++)
    g_clear_pointer (&topo->hosts[i].ns, ladder_netns_free);
  for (guint i = 0; i < topo->n_links; i++)
    g_clear_pointer (&topo->links[i].relay_ns, ladder_netns_free);
  g_free (topo);
}

LadderLabHost *
ladder_lab_topology_find_host (LadderLabTopology *topo, const char *name)
{
  g_return_val_if_fail (topo != NULL && name != NULL, NULL);

  if (topo->loopback)
    return &topo->hosts[0];
  for (guint i = 0; i < topo->n_hosts; i++)
    if (g_str_equal (topo->hosts[i].name, name))
      return &topo->hosts[i];
  return NULL;
}

gboolean
ladder_lab_topology_host_addr (LadderLabTopology *topo, const char *name,
                               guint family, LadderAddr *addr)
{
  g_return_val_if_fail (topo != NULL && name != NULL && addr != NULL, FALSE);

  if (topo->loopback)
    return *addr = family == 6 ? topo->links[0].left_v6 : topo->links[0].left_v4, TRUE;
  for (guint i = 0; i < topo->n_links; i++)
    {
      const LadderLabLink *link = &topo->links[i];
      /* Routers: the right end of their first link faces the client. */
      if (g_str_equal (topo->hosts[link->right].name, name))
        {
          *addr = family == 6 ? link->right_v6 : link->right_v4;
          return TRUE;
        }
      if (g_str_equal (topo->hosts[link->left].name, name))
        {
          *addr = family == 6 ? link->left_v6 : link->left_v4;
          return TRUE;
        }
    }
  return FALSE;
}

/* Sysctls every host needs before its links exist (defaults apply to new
 * interfaces): no duplicate address detection or router solicitations, and
 * MLD's unsolicited reports repeated after 1 ms instead of up to 1 s, so
 * that this link-up chatter is over before the capture starts; and no ICMP
 * rate limit. */
static gboolean
configure_host_sysctls (const LadderLabHost *host, GError **error)
{
  static const char *const all[][2] = {
    { "net/ipv6/conf/default/accept_dad", "0" },
    { "net/ipv6/conf/default/router_solicitations", "0" },
    { "net/ipv6/conf/default/mldv1_unsolicited_report_interval", "1" },
    { "net/ipv6/conf/default/mldv2_unsolicited_report_interval", "1" },
    { "net/ipv4/icmp_ratelimit", "0" },
    { "net/ipv6/icmp/ratelimit", "0" },
  };
  static const char *const router[][2] = {
    { "net/ipv4/ip_forward", "1" },
    { "net/ipv6/conf/all/forwarding", "1" },
    { "net/ipv6/conf/default/forwarding", "1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (!ladder_netns_sysctl (all[i][0], all[i][1], error))
      return FALSE;
  for (guint i = 0; host->router && i < G_N_ELEMENTS (router); i++)
    if (!ladder_netns_sysctl (router[i][0], router[i][1], error))
      return FALSE;
  return TRUE;
}

static gboolean
create_hosts (LadderLabTopology *topo, GError **error)
{
  for (guint i = 0; i < topo->n_hosts; i++)
    {
      LadderLabHost *host = &topo->hosts[i];
      gboolean ok;

      host->ns = ladder_netns_new (host->name, error);
      if (host->ns == NULL || !ladder_netns_switch (host->ns, error))
        return FALSE;
      ok = configure_host_sysctls (host, error);
      if (!ladder_netns_switch (NULL, ok ? error : NULL) || !ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
configure_end (const char *ifname, const LadderAddr *v4, const LadderAddr *v6, GError **error)
{
  return ladder_netns_rtnl_addr_add (ifname, v4, 24, error)
         && ladder_netns_rtnl_addr_add (ifname, v6, 64, error)
         && ladder_netns_rtnl_link_up (ifname, error);
}

/* The relay's namespace adds no traffic of its own: no addresses, and
 * IPv6 off before its interfaces exist (no link-local address, no MLD). */
static gboolean
create_relay_ns (LadderLabLink *link, GError **error)
{
  char name[16];
  gboolean ok;

  g_snprintf (name, sizeof name, "relay%u", link->subnet);
  link->relay_ns = ladder_netns_new (name, error);
  if (link->relay_ns == NULL || !ladder_netns_switch (link->relay_ns, error))
    return FALSE;
  ok = ladder_netns_sysctl ("net/ipv6/conf/all/disable_ipv6", "1", error)
       && ladder_netns_sysctl ("net/ipv6/conf/default/disable_ipv6", "1", error);
  return ladder_netns_switch (NULL, ok ? error : NULL) && ok;
}

/* Plain: one veth pair.  Relayed: L ═ relay ═ R, the relay's ends up and
 * the outer ends handing out whole, checksummed frames. */
static gboolean
create_wires (LadderLabTopology *topo, LadderLabLink *link, GError **error)
{
  int left = ladder_netns_get_fd (topo->hosts[link->left].ns);
  int right = ladder_netns_get_fd (topo->hosts[link->right].ns);
  int relay;
  gboolean ok;

  if (!link->relayed)
    return ladder_netns_rtnl_veth_add (link->left_if, left, link->right_if, right, error);
  if (!create_relay_ns (link, error))
    return FALSE;
  relay = ladder_netns_get_fd (link->relay_ns);
  g_snprintf (link->relay_left_if, sizeof link->relay_left_if, "%s", link->right_if);
  g_snprintf (link->relay_right_if, sizeof link->relay_right_if, "%s", link->left_if);
  if (!ladder_netns_rtnl_veth_add (link->left_if, left, link->relay_left_if, relay, error)
      || !ladder_netns_rtnl_veth_add (link->relay_right_if, relay, link->right_if, right, error)
      || !ladder_netns_switch (link->relay_ns, error))
    return FALSE;
  ok = ladder_netns_rtnl_link_up (link->relay_left_if, error)
       && ladder_netns_rtnl_link_up (link->relay_right_if, error);
  return ladder_netns_switch (NULL, ok ? error : NULL) && ok;
}

static gboolean
configure_outer_end (LadderNetns *ns, const char *ifname, const LadderAddr *v4,
                     const LadderAddr *v6, gboolean plain_frames, GError **error)
{
  gboolean ok;

  if (!ladder_netns_switch (ns, error))
    return FALSE;
  ok = (!plain_frames || ladder_lab_relay_plain_frames (ifname, error))
       && configure_end (ifname, v4, v6, error);
  return ladder_netns_switch (NULL, ok ? error : NULL) && ok;
}

/* Where any link is relayed, every link's ends checksum in software: a
 * packet crossing a relayed link then carries the same bytes on every link
 * (with offload its TCP/UDP checksum is only partial on plain links), so
 * its sightings fold into one packet. */
static gboolean
any_relayed (LadderLabTopology *topo)
{
  for (guint i = 0; i < topo->n_links; i++)
    if (topo->links[i].relayed)
      return TRUE;
  return FALSE;
}

static gboolean
create_link (LadderLabTopology *topo, LadderLabLink *link, GError **error)
{
  gboolean plain = any_relayed (topo);

  return create_wires (topo, link, error)
         && configure_outer_end (topo->hosts[link->left].ns, link->left_if, &link->left_v4,
                                 &link->left_v6, plain, error)
         && configure_outer_end (topo->hosts[link->right].ns, link->right_if, &link->right_v4,
                                 &link->right_v6, plain, error);
}

static const LadderLabLink *
find_link (LadderLabTopology *topo, guint subnet)
{
  return ladder_lab_topology_find_link (topo, subnet);
}

/* ADDR with the host part (beyond PREFIX_LEN bits) cleared. */
static LadderAddr
network_of (const LadderAddr *addr, guint prefix_len)
{
  LadderAddr net = *addr;

  for (guint bit = prefix_len; bit < 128; bit++)
    net.bytes[bit / 8] &= ~(0x80 >> (bit % 8));
  return net;
}

static gboolean
add_routes (const LadderLabLink *to, const LadderLabLink *via, gboolean via_left, GError **error)
{
  const LadderAddr *gw4 = via_left ? &via->left_v4 : &via->right_v4;
  const LadderAddr *gw6 = via_left ? &via->left_v6 : &via->right_v6;
  LadderAddr none = { 0 };

  if (to == NULL)
    return ladder_netns_rtnl_route_add (&none, 0, gw4, error)
           && ladder_netns_rtnl_route_add (&none, 0, gw6, error);
  LadderAddr net4 = network_of (&to->left_v4, 24);
  LadderAddr net6 = network_of (&to->left_v6, 64);

  return ladder_netns_rtnl_route_add (&net4, 24, gw4, error)
         && ladder_netns_rtnl_route_add (&net6, 64, gw6, error);
}

/* Router rK: every subnet not attached to it, via its neighbour on that side.
 * client2's link hangs off r1, so it lies on the client's side. */
static gboolean
route_router (LadderLabTopology *topo, guint k, GError **error)
{
  const LadderLabLink *left = find_link (topo, k);
  const LadderLabLink *right = find_link (topo, k + 1);

  for (guint i = 0; i < topo->n_links; i++)
    {
      const LadderLabLink *to = &topo->links[i];
      gboolean extra = to->subnet >= LADDER_LAB_CLIENT2_LINK;  /* client2, client3 ... */
      gboolean leftwards = to->subnet < k || (extra && k > 1);
      gboolean attached = to == left || to == right || (extra && k == 1);

      if (attached)
        continue;
      if (!add_routes (to, leftwards ? left : right, leftwards, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
route_host (LadderLabTopology *topo, guint index, GError **error)
{
  const LadderLabHost *host = &topo->hosts[index];
  guint subnet;

  if (host->router)
    return route_router (topo, index, error);
  if (g_str_equal (host->name, "server"))
    return add_routes (NULL, find_link (topo, topo->hops + 1), TRUE, error);
  /* A client: the link it is the left end of. */
  for (subnet = 0; subnet < topo->n_links; subnet++)
    if (topo->links[subnet].left == index)
      return add_routes (NULL, &topo->links[subnet], FALSE, error);
  return add_routes (NULL, find_link (topo, 1), FALSE, error);
}

static gboolean
create_routes (LadderLabTopology *topo, GError **error)
{
  for (guint i = 0; i < topo->n_hosts; i++)
    {
      gboolean ok;

      if (!ladder_netns_switch (topo->hosts[i].ns, error))
        return FALSE;
      ok = route_host (topo, i, error);
      if (!ladder_netns_switch (NULL, ok ? error : NULL) || !ok)
        return FALSE;
    }
  return TRUE;
}

/* netem is looked for once, on the client's loopback. */
static gboolean
detect_netem (LadderLabTopology *topo, GError **error)
{
  gboolean ok;
  g_autoptr(GError) local = NULL;

  if (!ladder_netns_switch (topo->hosts[0].ns, error))
    return FALSE;
  topo->netem = ladder_netns_rtnl_netem_available ("lo", &local);
  if (local != NULL)
    g_debug ("%s", local->message);
  ok = ladder_netns_switch (NULL, error);
  return ok;
}

gboolean
ladder_lab_topology_build (LadderLabTopology *topo,
                           StatusFunc         status,
                           gpointer           data,
                           GError           **error)
{
  g_autofree char *msg = NULL;

  g_return_val_if_fail (topo != NULL, FALSE);

  msg = g_strdup_printf ("Creating %u namespaces", topo->n_hosts);
  if (status != NULL)
    status (msg, data);
  if (!create_hosts (topo, error))
    return FALSE;
  /* lo is up in every host (ladder_netns_new()), with its addresses. */
  if (topo->loopback)
    return detect_netem (topo, error);
  g_free (msg);
  msg = g_strdup_printf ("Creating %u links", topo->n_links);
  if (status != NULL)
    status (msg, data);
  for (guint i = 0; i < topo->n_links; i++)
    if (!create_link (topo, &topo->links[i], error))
      return FALSE;
  return create_routes (topo, error) && detect_netem (topo, error);
}

gboolean
ladder_lab_topology_impair (LadderLabTopology *topo, const LadderLabParams *params,
                            GError **error)
{
  LadderLabImpair all = { params->delay_ms, params->jitter_ms, params->loss_percent,
                          params->duplicate_percent, params->reorder_percent, params->rate_kbit };

  g_return_val_if_fail (topo != NULL && params != NULL, FALSE);

  for (guint i = 0; i < topo->n_links; i++)
    topo->links[i].impair = all;
  for (guint i = 0; i < params->n_links; i++)
    {
      LadderLabLink *link = ladder_lab_topology_find_link (topo, params->links[i].subnet);

      if (link == NULL)
        return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                            "This lab has no link %u (10.0.%u.0/24)", params->links[i].subnet,
                            params->links[i].subnet), FALSE;
      link->impair = params->links[i].impair;
    }
  for (guint i = 0; i < topo->n_links; i++)
    topo->links[i].relayed = params->force_relay || ladder_lab_impair_is_set (&topo->links[i].impair);
  return TRUE;
}

LadderLabLink *
ladder_lab_topology_find_link (LadderLabTopology *topo, guint subnet)
{
  for (guint i = 0; i < topo->n_links; i++)
    if (topo->links[i].subnet == subnet)
      return &topo->links[i];
  return NULL;
}

LadderLabLink *
ladder_lab_topology_find_link_by_name (LadderLabTopology *topo, const char *name)
{
  for (guint i = 0; i < topo->n_links; i++)
    {
      LadderLabLink *link = &topo->links[i];
      g_autofree char *ascii = g_strdup_printf ("%s-%s", topo->hosts[link->left].name,
                                                topo->hosts[link->right].name);

      if (g_str_equal (link->name, name) || g_str_equal (ascii, name))
        return link;
    }
  return NULL;
}
