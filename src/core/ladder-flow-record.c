/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-flow-record.c: packing plain packets for the flow analyses. */
#include "ladder-flow-record.h"

#include <string.h>

G_STATIC_ASSERT (LADDER_LAYER_MPLS <= G_MAXUINT16);

/* TCP or UDP straight over IP: what the flow analyses find in the fields
 * a record carries.  The others are read further (reassembly, tunnel
 * carriers, ICMP echo ids). */
static gboolean
is_plain (const LadderPacket *pkt)
{
  return (pkt->ip_version == 4 || pkt->ip_version == 6)
         && !pkt->ip_fragment && pkt->n_tunnels == 0
         && (pkt->ip_proto == LADDER_IPPROTO_TCP || pkt->ip_proto == LADDER_IPPROTO_UDP)
         && (pkt->layers & (LADDER_LAYER_ARP | LADDER_LAYER_ICMP | LADDER_LAYER_ICMPV6
                            | LADDER_LAYER_TUNNEL)) == 0
         && pkt->layers <= G_MAXUINT16
         && pkt->src.family == pkt->ip_version && pkt->dst.family == pkt->ip_version;
}

gboolean
ladder_flow_record_pack (LadderFlowRecord *rec, LadderFlowAddrs6 *addrs6, const LadderFrame *frame)
{
  const LadderPacket *pkt = frame->pkt;

  if (!is_plain (pkt))
    {
      rec->ip_version = 0;
      return FALSE;
    }
  rec->ts_ns = frame->ts_ns;
  rec->number = frame->number;
  rec->iface = frame->iface;
  rec->wirelen = pkt->wirelen;
  rec->unused = 0;
  rec->seq = pkt->seq;
  rec->ack = pkt->ack;
  rec->payload_len = pkt->payload_len;
  if (pkt->ip_version == 4)
    {
      memcpy (rec->src4, pkt->src.bytes, 4);
      memcpy (rec->dst4, pkt->dst.bytes, 4);
    }
  else
    {
      memcpy (addrs6->src, pkt->src.bytes, 16);
      memcpy (addrs6->dst, pkt->dst.bytes, 16);
    }
  rec->sport = pkt->sport;
  rec->dport = pkt->dport;
  rec->window = pkt->window;
  rec->mss = pkt->mss;
  rec->tcp_flags = pkt->tcp_flags;
  rec->layers = (guint16) pkt->layers;
  rec->ip_version = pkt->ip_version;
  rec->ip_proto = pkt->ip_proto;
  rec->tcp_opts = pkt->tcp_opts;
  rec->wscale = pkt->wscale;
  return TRUE;
}

static inline void
set_addr (LadderAddr *addr, guint8 family, const guint8 *bytes)
{
  memset (addr, 0, sizeof *addr);
  addr->family = family;
  memcpy (addr->bytes, bytes, family == 4 ? 4 : 16);
}

void
ladder_flow_record_unpack (const LadderFlowRecord *rec, const LadderFlowAddrs6 *addrs6,
                           LadderFrame *frame, LadderPacket *pkt)
{
  gboolean v4 = rec->ip_version == 4;

  frame->number = rec->number;
  frame->ts_ns = rec->ts_ns;
  frame->iface = rec->iface;
  frame->pkt = pkt;
  frame->data = NULL;
  pkt->wirelen = rec->wirelen;
  pkt->seq = rec->seq;
  pkt->ack = rec->ack;
  pkt->payload_len = rec->payload_len;
  set_addr (&pkt->src, rec->ip_version, v4 ? rec->src4 : addrs6->src);
  set_addr (&pkt->dst, rec->ip_version, v4 ? rec->dst4 : addrs6->dst);
  pkt->sport = rec->sport;
  pkt->dport = rec->dport;
  pkt->window = rec->window;
  pkt->mss = rec->mss;
  pkt->tcp_flags = rec->tcp_flags;
  pkt->layers = rec->layers;
  pkt->ip_version = rec->ip_version;
  pkt->ip_proto = rec->ip_proto;
  pkt->tcp_opts = rec->tcp_opts;
  pkt->wscale = rec->wscale;
}
