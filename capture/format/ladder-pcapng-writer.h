/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-pcapng-writer.h: writes pcapng (draft-ietf-opsawg-pcapng) to a
 * file descriptor, one write(2) per block.
 *
 * Nothing is buffered in user space: each block is on its way the moment
 * the call returns, so a reader on a pipe sees packets live.  The section
 * is little-endian with unknown length; interfaces carry if_name,
 * if_description and if_tsresol 9 (nanoseconds).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LadderPcapngWriter LadderPcapngWriter;

/* Writes the Section Header Block.  Takes ownership of FD when OWN_FD. */
LadderPcapngWriter *ladder_pcapng_writer_new  (int fd, gboolean own_fd, const char *application,
                                               GError **error);
void                ladder_pcapng_writer_free (LadderPcapngWriter *writer);

/* An Interface Description Block; *ID (may be NULL) gets its index. */
gboolean ladder_pcapng_writer_add_interface (LadderPcapngWriter *writer,
                                             guint32             linktype,
                                             guint32             snaplen,
                                             const char         *name,
                                             const char         *description,
                                             guint32            *id,
                                             GError            **error);
/* An Enhanced Packet Block; TS_NS in nanoseconds since the epoch. */
gboolean ladder_pcapng_writer_add_packet    (LadderPcapngWriter *writer,
                                             guint32             iface,
                                             gint64              ts_ns,
                                             const guint8       *data,
                                             guint32             caplen,
                                             guint32             wirelen,
                                             GError            **error);
/* The same with an opt_comment (a packet comment, which Wireshark shows
 * and `tshark -e frame.comment` prints) when COMMENT is neither NULL nor
 * empty; comments past 65520 bytes are cut. */
gboolean ladder_pcapng_writer_add_packet_full (LadderPcapngWriter *writer,
                                               guint32             iface,
                                               gint64              ts_ns,
                                               const guint8       *data,
                                               guint32             caplen,
                                               guint32             wirelen,
                                               const char         *comment,
                                               GError            **error);
/* A block of TYPE whose body (PEN first for Custom Blocks) is padded to
 * 32 bits.  For LADDER_EVENTS_BLOCK_TYPE bodies from ladder-events.h. */
gboolean ladder_pcapng_writer_add_block     (LadderPcapngWriter *writer,
                                             guint32             type,
                                             const guint8       *body,
                                             gsize               len,
                                             GError            **error);

guint64  ladder_pcapng_writer_get_n_packets (LadderPcapngWriter *writer);
guint64  ladder_pcapng_writer_get_n_blocks  (LadderPcapngWriter *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderPcapngWriter, ladder_pcapng_writer_free)

G_END_DECLS
