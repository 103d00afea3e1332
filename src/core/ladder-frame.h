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

/* TO - FROM in nanoseconds, held at the ends of gint64 when the true
 * difference does not fit: only a damaged file's times are 292 years
 * apart, and plain subtraction would overflow (undefined behaviour). */
static inline gint64
ladder_ns_between (gint64 from, gint64 to)
{
  gint64 d;

  if (__builtin_sub_overflow (to, from, &d))
    return to > from ? G_MAXINT64 : G_MININT64;
  return d;
}

G_END_DECLS
