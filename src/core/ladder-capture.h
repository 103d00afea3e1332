/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-capture.h: one capture as the window and the renderers see it.
 *
 * The packet store (every record's bytes, kept in large chunks, plus a
 * 32-byte index entry per packet), the capture's interfaces, the lab's
 * socket calls and socket states (ladder-events.h), and the analyses built
 * over all of it: conversations with TCP analysis, ping sessions,
 * traceroutes.  GLib only; no GTK, no pcap.
 *
 * Threading: records are appended from one thread at a time (the loader's
 * worker); readers on the main thread see frames [0, n) once
 * ladder_capture_get_n_frames() has returned n, because appends never move
 * bytes already stored.  The analyses are rebuilt by
 * ladder_capture_analyse(), on whichever thread calls it; the returned
 * LadderAnalysis is immutable and refcounted, so a view keeps the one it
 * drew from while a newer one is built.
 *
 * CONTRACT shared by src/app, src/draw and src/cli: change only with care.
 */
#pragma once

#include <glib.h>

#include "ladder-conversations.h"
#include "ladder-events.h"
#include "ladder-frame.h"
#include "ladder-ping.h"
#include "ladder-traceroute.h"
#include "ladder-tree.h"

G_BEGIN_DECLS

typedef struct _LadderCapture LadderCapture;
typedef struct _LadderAnalysis LadderAnalysis;

typedef struct
{
  gint64   ts_ns;
  guint32  caplen;
  guint32  wirelen;
  guint32  iface;
  guint32  linktype;
  /* When the same packet was seen on several lab links (ladder-sightings.h),
   * the frame number of its first sighting; 0 for a first sighting. */
  guint64  sighting_of;
  const guint8 *data;   /* caplen bytes, valid as long as the capture */
} LadderFrameInfo;

typedef struct
{
  char    *name;         /* if_name, e.g. "client–r1"; may be NULL */
  char    *description;
  guint32  linktype;
  guint32  snaplen;      /* 0: unlimited or unknown */
} LadderCaptureInterface;

LadderCapture *ladder_capture_new   (void);
LadderCapture *ladder_capture_ref   (LadderCapture *capture);
void           ladder_capture_unref (LadderCapture *capture);

/* Appending (one thread). */
guint    ladder_capture_add_interface (LadderCapture *capture, const char *name,
                                       const char *description, guint32 linktype);
/* Copies DATA; returns the new frame's number (1-based). */
/* Kept for saving the capture again (ladder-save.h). */
void     ladder_capture_set_interface_snaplen (LadderCapture *capture, guint index, guint32 snaplen);
guint64  ladder_capture_add_frame     (LadderCapture *capture, gint64 ts_ns, guint32 iface,
                                       guint32 linktype, const guint8 *data,
                                       guint32 caplen, guint32 wirelen);
void     ladder_capture_add_call      (LadderCapture *capture, const LadderSocketCall *call);
void     ladder_capture_add_state     (LadderCapture *capture, const LadderSocketState *state);
void     ladder_capture_add_output    (LadderCapture *capture, const LadderProgramOutput *output);

/* Reading (any thread, frames [1, n]). */
guint64  ladder_capture_get_n_frames  (LadderCapture *capture);
gboolean ladder_capture_get_frame     (LadderCapture *capture, guint64 number, LadderFrameInfo *info);
/* Decodes frame NUMBER into PKT (and TREE when not NULL). */
gboolean ladder_capture_decode        (LadderCapture *capture, guint64 number,
                                       LadderPacket *pkt, LadderTree *tree);
guint    ladder_capture_get_n_interfaces (LadderCapture *capture);
const LadderCaptureInterface *ladder_capture_get_interface (LadderCapture *capture, guint index);
guint    ladder_capture_get_n_calls   (LadderCapture *capture);
const LadderSocketCall  *ladder_capture_get_call  (LadderCapture *capture, guint index);
guint    ladder_capture_get_n_states  (LadderCapture *capture);
const LadderSocketState *ladder_capture_get_state (LadderCapture *capture, guint index);
/* Where the tracepoint gave the TCP states: the sock_diag samples that give
 * those sockets' queues (source LADDER_STATE_SOURCE_QUEUES), in file order. */
guint    ladder_capture_get_n_queues  (LadderCapture *capture);
const LadderSocketState *ladder_capture_get_queue (LadderCapture *capture, guint index);
/* The lines a custom lab's programs wrote, in file order. */
guint    ladder_capture_get_n_outputs (LadderCapture *capture);
const LadderProgramOutput *ladder_capture_get_output (LadderCapture *capture, guint index);

/* Lecture notes: at most one per frame, saved as pcapng packet comments
 * (opt_comment, ladder-save.h) and read back from them.  Any thread.  TEXT
 * NULL or empty removes the note; invalid UTF-8 is repaired and text past
 * LADDER_CAPTURE_NOTE_MAX bytes is cut at a character boundary. */
#define LADDER_CAPTURE_NOTE_MAX 4096
void     ladder_capture_set_note      (LadderCapture *capture, guint64 number, const char *text);
/* The note of frame NUMBER (g_free), or NULL. */
char    *ladder_capture_dup_note      (LadderCapture *capture, guint64 number);
/* The numbers (guint64) of the frames with a note, ascending. */
GArray  *ladder_capture_list_notes    (LadderCapture *capture);
/* A lab packet seen on several links is one packet: the frame of any of
 * its sightings that holds its note (FRAME itself first), else FRAME. */
guint64  ladder_capture_find_note_frame (LadderCapture *capture, guint64 frame);
/* Notes edited by the user since the capture was saved (the note fields
 * say so, a successful ladder_save_pcapng() clears it): closing the window
 * asks first.  Notes read from the file are not unsaved. */
void     ladder_capture_set_notes_unsaved (LadderCapture *capture, gboolean unsaved);
gboolean ladder_capture_has_unsaved_notes (LadderCapture *capture);

/* A pcapng block that is neither a section header, an interface nor a
 * packet (the lab's Custom Blocks, name resolution, statistics, ...), kept
 * as read so that a saved copy holds every one of them.  BODY is what
 * follows the block type and length; SWAPPED: its section's byte order was
 * not the host's. */
typedef struct
{
  guint32  type;
  gboolean swapped;
  GBytes  *body;
} LadderCaptureBlock;

void     ladder_capture_add_block     (LadderCapture *capture, guint32 type, const guint8 *body,
                                       gsize len, gboolean swapped);
guint    ladder_capture_get_n_blocks  (LadderCapture *capture);
const LadderCaptureBlock *ladder_capture_get_block (LadderCapture *capture, guint index);

/* Analyses over frames [1, n] as of the call; sightings after the first of
 * a packet are left out of the counts (they feed the TTL views). */
LadderAnalysis *ladder_capture_analyse (LadderCapture *capture);
/* The same, asking CANCELLED (when not NULL) every
 * LADDER_ANALYSE_CHECK_EVERY frames whether to go on; NULL once it says
 * TRUE, with what was built freed.  (The core knows no GCancellable: the
 * loader passes g_cancellable_is_cancelled.) */
#define LADDER_ANALYSE_CHECK_EVERY 4096
typedef gboolean (*LadderCancelledFunc) (gpointer data);
LadderAnalysis *ladder_capture_analyse_full (LadderCapture *capture, LadderCancelledFunc cancelled,
                                             gpointer data);
LadderAnalysis *ladder_analysis_ref    (LadderAnalysis *analysis);
void            ladder_analysis_unref  (LadderAnalysis *analysis);
guint64              ladder_analysis_get_n_frames      (LadderAnalysis *analysis);
LadderConversations *ladder_analysis_get_conversations (LadderAnalysis *analysis); /* with TCP analysis */
LadderPing          *ladder_analysis_get_ping          (LadderAnalysis *analysis);
LadderTraceroute    *ladder_analysis_get_traceroute    (LadderAnalysis *analysis);
/* On a lab capture, the link the packet of frame NUMBER was lost on
 * ("r1–r2", ladder-losses.h), or NULL. */
const char          *ladder_analysis_get_lost_on       (LadderAnalysis *analysis, guint64 number);
/* The conversation a frame belongs to, or -1. */
gint                 ladder_analysis_get_frame_conversation (LadderAnalysis *analysis, guint64 number);
/* Per-frame TCP findings (notes, relative seq/ack, states after it); FALSE for non-TCP frames. */
gboolean             ladder_analysis_get_tcp_info      (LadderAnalysis *analysis, guint64 number,
                                                        LadderTcpPacketInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderCapture, ladder_capture_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderAnalysis, ladder_analysis_unref)

G_END_DECLS
