/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-flow-record.h: a plain packet as the flow analyses read it, in one
 * cache line.
 *
 * The conversation and TCP analyses (ladder-conversations.c,
 * ladder-tcp.c) read a few dozen bytes of a decoded packet, spread over
 * three of the ten cache lines of a LadderPacket.  When one thread decodes
 * and another analyses (wireladder-cli), every line read crosses between
 * cores, once to be read and once to be written again: handing over these
 * 64 bytes instead took a sixth off `tcp --json` on the benchmark's
 * real-traffic capture.
 *
 * Only plain packets are packed: TCP or UDP straight over IPv4 or IPv6,
 * not a fragment, in no tunnel.  The analyses read more of the others
 * (reassembly, tunnel carriers, ICMP), which then go whole.
 */
#pragma once

#include <glib.h>

#include "ladder-frame.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  ts_ns;
  guint64 number;
  guint32 iface;
  guint32 wirelen;
  guint32 unused;
  guint32 seq, ack;
  guint32 payload_len;
  guint8  src4[4], dst4[4];  /* IPv4; IPv6 addresses go in a LadderFlowAddrs6 */
  guint16 sport, dport;
  guint16 window, mss;
  guint16 tcp_flags;
  guint16 layers;
  guint8  ip_version;        /* 4 or 6; 0: not packed */
  guint8  ip_proto;
  guint8  tcp_opts;
  guint8  wscale;
} LadderFlowRecord;

G_STATIC_ASSERT (sizeof (LadderFlowRecord) == 64);

/* A packed IPv6 packet's addresses: half a line, apart from the record so
 * that IPv4 packets (most) need none. */
typedef struct
{
  guint8 src[16], dst[16];
} LadderFlowAddrs6;

/* Packs FRAME and its packet into *REC (and *ADDRS6 for IPv6).  FALSE,
 * with rec->ip_version 0, when the packet is not plain. */
gboolean ladder_flow_record_pack   (LadderFlowRecord       *rec,
                                    LadderFlowAddrs6       *addrs6,
                                    const LadderFrame      *frame);
/* Decodes the packet of DATA (CAPLEN captured bytes, WIRELEN on the wire,
 * of link type LINKTYPE) straight into *REC, when it is of the commonest
 * plain shapes (ladder-dissect-flow.c): the record ladder_packet_decode()
 * and ladder_flow_record_pack() give, except ts_ns, number and iface,
 * left to the caller.  FALSE, with rec->ip_version 0, for any other
 * packet: decode it whole. */
gboolean ladder_flow_record_decode (LadderFlowRecord       *rec,
                                    LadderFlowAddrs6       *addrs6,
                                    guint32                 linktype,
                                    const guint8           *data,
                                    guint32                 caplen,
                                    guint32                 wirelen);
/* Fills *FRAME (data NULL) and the fields of *PKT the flow analyses read
 * from a packed record.  PKT's other fields are left as they are: give it
 * a zeroed packet, or one only this function has written to. */
void     ladder_flow_record_unpack (const LadderFlowRecord *rec,
                                    const LadderFlowAddrs6 *addrs6,
                                    LadderFrame            *frame,
                                    LadderPacket           *pkt);

G_END_DECLS
