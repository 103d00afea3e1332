/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-frame.h: one decoded record as the analysers see it. */
#pragma once

#include <glib.h>

#include "ladder-packet.h"

G_BEGIN_DECLS

typedef struct
{
  guint64             number;  /* 1-based, in file order, as Wireshark numbers frames */
  gint64              ts_ns;   /* nanoseconds since the epoch; files need not be in order */
  guint32             iface;   /* capture interface (pcapng IDB index) */
  const LadderPacket *pkt;
  const guint8       *data;    /* pkt->caplen bytes; valid only during the call */
} LadderFrame;

G_END_DECLS
