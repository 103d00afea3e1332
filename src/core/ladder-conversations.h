/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-conversations.h: the 5-tuple table.
 *
 * A conversation is (protocol, both addresses, both ports); ICMP echo is keyed
 * by its identifier.  Counting follows tshark's `-z conv,tcp -z conv,udp`:
 * bytes are on-wire frame lengths, a TCP SYN whose sequence number differs
 * from the first one seen in that direction starts a new conversation (port
 * reuse), and only packets whose transport header was decoded count.
 */
#pragma once

#include <glib.h>

#include "ladder-frame.h"
#include "ladder-json.h"
#include "ladder-tcp.h"

G_BEGIN_DECLS

typedef struct
{
  guint          index;        /* 0-based over every protocol, in order of first packet */
  guint          tcp_stream;   /* TCP: 0-based over TCP only, as Wireshark's tcp.stream */
  guint8         proto;        /* 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6 */
  LadderAddr     a, b;         /* a: the initiator where it can be told */
  guint16        a_port, b_port; /* ICMP: both hold the echo identifier */
  gboolean       initiator_known;
  guint64        packets_ab, packets_ba;
  guint64        bytes_ab, bytes_ba;
  gint64         start_ns, end_ns;  /* earliest and latest timestamp */
  guint64        first_packet, last_packet;
  LadderTcpConn *tcp;          /* TCP only, when analysis is on */
} LadderConversation;

typedef struct _LadderConversations LadderConversations;

typedef enum
{
  LADDER_CONVERSATIONS_TCP_ANALYSIS = 1 << 0,  /* keep per-connection TCP analysis */
} LadderConversationsFlags;

LadderConversations *ladder_conversations_new    (LadderConversationsFlags flags);
void                 ladder_conversations_free   (LadderConversations *self);
/* Returns the conversation the frame belongs to, or NULL; INFO (may be NULL)
 * receives per-segment TCP findings. */
const LadderConversation *ladder_conversations_add (LadderConversations *self,
                                                    const LadderFrame   *frame,
                                                    LadderTcpPacketInfo *info);
/* Adds N_FRAMES frames in order, as ladder_conversations_add() does, for
 * callers that decode in batches: it looks ahead in the batch for the
 * table entries the next frames need. */
void                 ladder_conversations_add_batch (LadderConversations *self,
                                                     const LadderFrame   *frames,
                                                     guint                n_frames);

guint                      ladder_conversations_get_n_items (LadderConversations *self);
const LadderConversation  *ladder_conversations_get_item    (LadderConversations *self, guint index);
/* Timestamp of the first frame added (file order): "start" is relative to it. */
gint64                     ladder_conversations_get_origin_ns (LadderConversations *self);

const char *ladder_conversation_proto_name (guint8 proto); /* "tcp", "udp", "icmp", "icmpv6" */

/* {"conversations":[...]} per the CLI schema. */
void ladder_conversations_write_json (LadderConversations *self, LadderJson *json);
/* The objects of conversations [FIRST, LAST) (clamped to the table), as
 * values of the array JSON is in: `conversations --json` in pieces. */
void ladder_conversations_write_json_items (LadderConversations *self, LadderJson *json,
                                            guint first, guint last);
/* Text tables.  With FLUSH_TO set, OUT is written there and emptied each
 * time it passes 64 KiB, so a big table never sits in memory whole; what is
 * left in OUT at the end is the caller's to write.  FALSE if a write failed. */
gboolean ladder_conversations_write_text (LadderConversations *self, GString *out, FILE *flush_to);
/* {"connections":[...]} per the CLI schema (TCP analysis must be on). */
void ladder_conversations_write_tcp_json (LadderConversations *self, LadderJson *json);
/* The same for the TCP connections among conversations [FIRST, LAST). */
void ladder_conversations_write_tcp_json_items (LadderConversations *self, LadderJson *json,
                                                guint first, guint last);
gboolean ladder_conversations_write_tcp_text (LadderConversations *self, GString *out,
                                              gboolean verbose, FILE *flush_to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderConversations, ladder_conversations_free)

G_END_DECLS
