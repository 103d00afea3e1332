/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-save.h: a LadderCapture written back as one pcapng file.
 *
 * Save As for the window and `wireladder-cli note`: every interface (name,
 * description, link type), every packet with its lecture note as an
 * opt_comment, then every block the file had besides packets, as read
 * (the lab's socket calls, states and program output: Custom Blocks,
 * after the packets as the lab writes them, so packet numbers stay
 * Wireshark's).  The output is always pcapng, since pcap has no place for
 * comments or blocks: saving a pcap file changes its format, and callers
 * say so.  Written to a temporary file beside PATH and renamed over it,
 * so PATH may be the file the capture was read from.
 */
#pragma once

#include <gio/gio.h>

#include "ladder-capture.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 packets;
  guint64 notes;
  guint64 blocks;          /* kept blocks written */
  guint64 blocks_dropped;  /* "do not copy" Custom Blocks (0x40000BAD), or
                            * blocks of a byte-swapped section that cannot
                            * be rewritten without knowing their layout */
} LadderSaveStats;

/* STATS may be NULL.  FALSE with ERROR (G_IO_ERROR_*) when PATH cannot be
 * written; PATH is then left as it was. */
gboolean ladder_save_pcapng (LadderCapture   *capture,
                             const char      *path,
                             LadderSaveStats *stats,
                             GError         **error);

/* TRUE when PATH's name says pcap (".pcap", ".cap", ".dmp"): a pcapng file
 * should not be saved under it (tools would misjudge the format). */
gboolean ladder_save_is_pcap_name (const char *path);

G_END_DECLS
