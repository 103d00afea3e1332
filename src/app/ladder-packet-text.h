/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-packet-text.h: the packet list's cells, decoded once per row.
 *
 * A row's seven cells are bound one after another; a small direct-mapped
 * cache keyed by frame number makes that one decode per row instead of
 * seven.  Main thread only.
 */
#pragma once

#include <glib.h>

#include "ladder-capture.h"

G_BEGIN_DECLS

typedef enum
{
  LADDER_PACKET_COLUMN_NUMBER = 0,
  LADDER_PACKET_COLUMN_TIME,
  LADDER_PACKET_COLUMN_SOURCE,
  LADDER_PACKET_COLUMN_DESTINATION,
  LADDER_PACKET_COLUMN_PROTOCOL,
  LADDER_PACKET_COLUMN_LENGTH,
  LADDER_PACKET_COLUMN_INFO,
  LADDER_PACKET_N_COLUMNS
} LadderPacketColumn;

typedef struct _LadderPacketText LadderPacketText;

LadderPacketText *ladder_packet_text_new   (void);
void              ladder_packet_text_free  (LadderPacketText *self);
/* Forgets every cached row (a new capture). */
void              ladder_packet_text_reset (LadderPacketText *self);

/* Appends frame NUMBER's text for COLUMN to OUT.  Returns the packet's
 * decode status (truncated and malformed rows are marked by the window);
 * time is relative to frame 1. */
LadderStatus      ladder_packet_text_format (LadderPacketText *self, LadderCapture *capture,
                                             guint64 number, LadderPacketColumn column,
                                             GString *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderPacketText, ladder_packet_text_free)

G_END_DECLS
