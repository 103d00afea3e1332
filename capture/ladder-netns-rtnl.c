/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-netns-rtnl.c: rtnetlink requests through libmnl (RFC 3549 shape:
 * one request, NLM_F_ACK, read the ack).  See ladder-netns-rtnl.h. */

#define _GNU_SOURCE
#include "ladder-netns-rtnl.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "ladder-lab-client.h"

/* Sends NLH and reads the acknowledgement; returns 0 or an errno value. */
static int
rtnl_exchange (struct nlmsghdr *nlh)
{
  g_autofree char *buf = g_malloc (MNL_SOCKET_BUFFER_SIZE);
  struct mnl_socket *nl = mnl_socket_open2 (NETLINK_ROUTE, SOCK_CLOEXEC);
  int ret;
  int err = 0;

  if (nl == NULL)
    return errno;
  nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
  nlh->nlmsg_seq = (unsigned) time (NULL);
  if (mnl_socket_bind (nl, 0, MNL_SOCKET_AUTOPID) < 0
      || mnl_socket_sendto (nl, nlh, nlh->nlmsg_len) < 0)
    err = errno;
  else
    {
      ret = mnl_socket_recvfrom (nl, buf, MNL_SOCKET_BUFFER_SIZE);
      if (ret >= 0)
        ret = mnl_cb_run (buf, ret, nlh->nlmsg_seq, mnl_socket_get_portid (nl), NULL, NULL);
      if (ret < 0)
        err = errno;
    }
  mnl_socket_close (nl);
  return err;
}

static gboolean
rtnl_talk (struct nlmsghdr *nlh, const char *what, GError **error)
{
  int err = rtnl_exchange (nlh);

  if (err != 0)
    {
      g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                   "%s: %s", what, g_strerror (err));
      return FALSE;
    }
  return TRUE;
}

static gboolean
lookup_ifindex (const char *ifname, unsigned *index, GError **error)
{
  *index = if_nametoindex (ifname);
  if (*index == 0)
    {
      int err = errno;
      g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                   "No interface %s: %s", ifname, g_strerror (err));
      return FALSE;
    }
  return TRUE;
}

gboolean
ladder_netns_rtnl_veth_add (const char *name_a, int nsfd_a,
                            const char *name_b, int nsfd_b,
                            GError    **error)
{
  char buf[MNL_SOCKET_BUFFER_SIZE];
  struct nlmsghdr *nlh = mnl_nlmsg_put_header (buf);
  struct ifinfomsg *ifm;
  struct nlattr *linkinfo, *data, *peer;
  g_autofree char *what = g_strdup_printf ("Creating veth pair %s/%s", name_a, name_b);

  g_return_val_if_fail (name_a != NULL && name_b != NULL, FALSE);

  nlh->nlmsg_type = RTM_NEWLINK;
  nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
  ifm = mnl_nlmsg_put_extra_header (nlh, sizeof *ifm);
  ifm->ifi_family = AF_UNSPEC;
  mnl_attr_put_strz (nlh, IFLA_IFNAME, name_a);
  mnl_attr_put_u32 (nlh, IFLA_NET_NS_FD, nsfd_a);
  linkinfo = mnl_attr_nest_start (nlh, IFLA_LINKINFO);
  mnl_attr_put_strz (nlh, IFLA_INFO_KIND, "veth");
  data = mnl_attr_nest_start (nlh, IFLA_INFO_DATA);
  peer = mnl_attr_nest_start (nlh, VETH_INFO_PEER);
  /* The peer's attributes follow its own ifinfomsg inside the nest. */
  ifm = mnl_nlmsg_put_extra_header (nlh, sizeof *ifm);
  ifm->ifi_family = AF_UNSPEC;
  mnl_attr_put_strz (nlh, IFLA_IFNAME, name_b);
  mnl_attr_put_u32 (nlh, IFLA_NET_NS_FD, nsfd_b);
  mnl_attr_nest_end (nlh, peer);
  mnl_attr_nest_end (nlh, data);
  mnl_attr_nest_end (nlh, linkinfo);
  return rtnl_talk (nlh, what, error);
}

gboolean
ladder_netns_rtnl_link_up (const char *ifname, GError **error)
{
  char buf[MNL_SOCKET_BUFFER_SIZE];
  struct nlmsghdr *nlh = mnl_nlmsg_put_header (buf);
  struct ifinfomsg *ifm;
  unsigned index;
  g_autofree char *what = g_strdup_printf ("Bringing up %s", ifname);

  g_return_val_if_fail (ifname != NULL, FALSE);

  if (!lookup_ifindex (ifname, &index, error))
    return FALSE;
  nlh->nlmsg_type = RTM_NEWLINK;
  ifm = mnl_nlmsg_put_extra_header (nlh, sizeof *ifm);
  ifm->ifi_family = AF_UNSPEC;
  ifm->ifi_index = index;
  ifm->ifi_flags = IFF_UP;
  ifm->ifi_change = IFF_UP;
  return rtnl_talk (nlh, what, error);
}

static void
put_addr (struct nlmsghdr *nlh, guint16 type, const LadderAddr *addr)
{
  mnl_attr_put (nlh, type, addr->family == 4 ? 4 : 16, addr->bytes);
}

gboolean
ladder_netns_rtnl_addr_add (const char       *ifname,
                            const LadderAddr *addr,
                            guint8            prefix_len,
                            GError          **error)
{
  char buf[MNL_SOCKET_BUFFER_SIZE];
  char text[LADDER_ADDR_STRLEN];
  struct nlmsghdr *nlh = mnl_nlmsg_put_header (buf);
  struct ifaddrmsg *ifa;
  unsigned index;
  g_autofree char *what = NULL;

  g_return_val_if_fail (ifname != NULL && addr != NULL, FALSE);
  g_return_val_if_fail (addr->family == 4 || addr->family == 6, FALSE);

  what = g_strdup_printf ("Adding %s/%u to %s", ladder_addr_to_string (addr, text),
                          prefix_len, ifname);
  if (!lookup_ifindex (ifname, &index, error))
    return FALSE;
  nlh->nlmsg_type = RTM_NEWADDR;
  nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
  ifa = mnl_nlmsg_put_extra_header (nlh, sizeof *ifa);
  ifa->ifa_family = addr->family == 4 ? AF_INET : AF_INET6;
  ifa->ifa_prefixlen = prefix_len;
  ifa->ifa_scope = RT_SCOPE_UNIVERSE;
  ifa->ifa_index = index;
  if (addr->family == 6)
    {
      ifa->ifa_flags = IFA_F_NODAD;
      mnl_attr_put_u32 (nlh, IFA_FLAGS, IFA_F_NODAD);
    }
  put_addr (nlh, IFA_LOCAL, addr);
  put_addr (nlh, IFA_ADDRESS, addr);
  return rtnl_talk (nlh, what, error);
}

gboolean
ladder_netns_rtnl_route_add (const LadderAddr *dst,
                             guint8            prefix_len,
                             const LadderAddr *gateway,
                             GError          **error)
{
  char buf[MNL_SOCKET_BUFFER_SIZE];
  char text[LADDER_ADDR_STRLEN], gw_text[LADDER_ADDR_STRLEN];
  struct nlmsghdr *nlh = mnl_nlmsg_put_header (buf);
  struct rtmsg *rtm;
  g_autofree char *what = NULL;

  g_return_val_if_fail (dst != NULL && gateway != NULL, FALSE);
  g_return_val_if_fail (gateway->family == 4 || gateway->family == 6, FALSE);

  what = g_strdup_printf ("Adding route to %s/%u via %s",
                          prefix_len > 0 ? ladder_addr_to_string (dst, text) : "default",
                          prefix_len, ladder_addr_to_string (gateway, gw_text));
  nlh->nlmsg_type = RTM_NEWROUTE;
  nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
  rtm = mnl_nlmsg_put_extra_header (nlh, sizeof *rtm);
  rtm->rtm_family = gateway->family == 4 ? AF_INET : AF_INET6;
  rtm->rtm_dst_len = prefix_len;
  rtm->rtm_table = RT_TABLE_MAIN;
  rtm->rtm_protocol = RTPROT_STATIC;
  rtm->rtm_scope = RT_SCOPE_UNIVERSE;
  rtm->rtm_type = RTN_UNICAST;
  if (prefix_len > 0)
    put_addr (nlh, RTA_DST, dst);
  put_addr (nlh, RTA_GATEWAY, gateway);
  return rtnl_talk (nlh, what, error);
}

/* A netem qdisc request, byte for byte what `tc qdisc add dev IF root netem
 * delay D loss L` sends: TCA_OPTIONS is a bare struct tc_netem_qopt with
 * the delay in scheduler ticks of 64 ns (PSCHED_SHIFT; 1000 ms fits in 32
 * bits) and the loss as a fraction of UINT32_MAX. */
static int
qdisc_request (guint16 type, unsigned index, guint delay_ms, guint loss_percent)
{
  char buf[MNL_SOCKET_BUFFER_SIZE];
  struct nlmsghdr *nlh = mnl_nlmsg_put_header (buf);
  struct tcmsg *tcm;
  struct tc_netem_qopt opt = { .limit = 1000 };

  opt.latency = (guint32) (((guint64) delay_ms * 1000000) >> 6);
  opt.loss = (guint32) (((guint64) MIN (loss_percent, 100) * G_MAXUINT32 + 50) / 100);
  nlh->nlmsg_type = type;
  if (type == RTM_NEWQDISC)
    nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
  tcm = mnl_nlmsg_put_extra_header (nlh, sizeof *tcm);
  tcm->tcm_family = AF_UNSPEC;
  tcm->tcm_ifindex = index;
  tcm->tcm_handle = 0;
  tcm->tcm_parent = TC_H_ROOT;
  mnl_attr_put_strz (nlh, TCA_KIND, "netem");
  if (type == RTM_NEWQDISC)
    mnl_attr_put (nlh, TCA_OPTIONS, sizeof opt, &opt);
  return rtnl_exchange (nlh);
}

gboolean
ladder_netns_rtnl_netem_available (const char *ifname, GError **error)
{
  unsigned index;
  int err;

  g_return_val_if_fail (ifname != NULL, FALSE);

  if (!lookup_ifindex (ifname, &index, error))
    return FALSE;
  err = qdisc_request (RTM_NEWQDISC, index, 0, 0);
  /* ENOENT: "Specified qdisc kind is unknown". */
  if (err == ENOENT || err == EOPNOTSUPP)
    return FALSE;
  if (err == 0)
    err = qdisc_request (RTM_DELQDISC, index, 0, 0);
  if (err != 0)
    {
      g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                   "Probing for the netem qdisc on %s: %s", ifname, g_strerror (err));
      return FALSE;
    }
  return TRUE;
}

gboolean
ladder_netns_rtnl_netem_set (const char *ifname, guint delay_ms, guint loss_percent,
                             GError **error)
{
  g_autofree char *what = NULL;
  unsigned index;
  int err;

  g_return_val_if_fail (ifname != NULL, FALSE);

  if (!lookup_ifindex (ifname, &index, error))
    return FALSE;
  err = qdisc_request (RTM_NEWQDISC, index, delay_ms, loss_percent);
  if (err == 0)
    return TRUE;
  what = g_strdup_printf ("Adding tc netem (delay %u ms, loss %u %%) on %s", delay_ms,
                          loss_percent, ifname);
  g_set_error (error, LADDER_LAB_ERROR,
               err == ENOENT || err == EOPNOTSUPP ? LADDER_LAB_ERROR_UNAVAILABLE : LADDER_LAB_ERROR_FAILED,
               "%s: %s", what, g_strerror (err));
  return FALSE;
}
