/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-live.h: live capture on several interfaces at once (libpcap).
 *
 * Each handle is created inside the namespace its interface lives in
 * (ladder_live_add() setns()es there and back), in immediate mode with
 * nanosecond timestamps, non-blocking.  The caller polls the handles'
 * selectable descriptors and calls ladder_live_dispatch() on the ready ones:
 * with TPACKET_V3 the buffer timeout only starts after the first packet, so
 * waiting for it would hold packets back.
 */
#pragma once

#include <glib.h>

#include "ladder-netns.h"

G_BEGIN_DECLS

typedef struct _LadderLive LadderLive;

/* One captured packet; DATA is valid only during the call. */
typedef void (*LadderLivePacketFunc) (guint          index,
                                      gint64         ts_ns,
                                      const guint8  *data,
                                      guint32        caplen,
                                      guint32        wirelen,
                                      gpointer       user_data);

LadderLive *ladder_live_new  (void);
void        ladder_live_free (LadderLive *live);

/* Opens IFNAME inside NS (NULL: the current namespace).  Returns the
 * handle's index, or -1 with ERROR set. */
int      ladder_live_add (LadderLive *live, LadderNetns *ns, const char *ifname, GError **error);
/* As ladder_live_add(); with INBOUND only the frames IFNAME receives. */
int      ladder_live_add_full (LadderLive *live, LadderNetns *ns, const char *ifname,
                               gboolean inbound, GError **error);
guint    ladder_live_get_n_handles (LadderLive *live);
int      ladder_live_get_fd        (LadderLive *live, guint index);
guint32  ladder_live_get_linktype  (LadderLive *live, guint index);
guint32  ladder_live_get_snaplen   (LadderLive *live, guint index);
/* Reads what handle INDEX has ready; returns the packet count or -1. */
int      ladder_live_dispatch (LadderLive *live, guint index, LadderLivePacketFunc func,
                               gpointer user_data, GError **error);
/* Packets the kernel dropped over all handles (pcap_stats ps_drop). */
guint64  ladder_live_get_drops (LadderLive *live);
/* Packets received over all handles (pcap_stats ps_recv). */
guint64  ladder_live_get_received (LadderLive *live);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderLive, ladder_live_free)

G_END_DECLS
