/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-capture.c: the packet store and the analyses built over it.
 *
 * Packet bytes go into 4 MiB chunks that are never reallocated, so a
 * pointer handed to a reader stays valid while the loader appends.  The
 * per-frame index lives in fixed-size blocks for the same reason; a mutex
 * guards the tables of blocks (which may grow) and the event arrays, and
 * is held only for a copy.
 */
#include <string.h>

#include "ladder-capture.h"
#include "ladder-losses.h"
#include "ladder-sightings.h"

#define DATA_CHUNK    (4u << 20)
#define INDEX_BLOCK   65536u

typedef struct
{
  gint64        ts_ns;
  const guint8 *data;
  guint32       caplen;
  guint32       wirelen;
  guint16       iface;
  guint16       linktype;
  guint32       sighting_delta;   /* number - first sighting, 0 if first */
} FrameEntry;

G_STATIC_ASSERT (sizeof (FrameEntry) == 32);

struct _LadderCapture
{
  gatomicrefcount  ref;
  GMutex           lock;
  GPtrArray       *index;        /* FrameEntry[INDEX_BLOCK] blocks */
  guint64          n_frames;
  GPtrArray       *chunks;       /* every allocation of packet bytes */
  guint8          *chunk;        /* the chunk being filled */
  gsize            chunk_used;   /* bytes used in it */
  GPtrArray       *interfaces;   /* LadderCaptureInterface */
  GPtrArray       *calls;        /* LadderSocketCall */
  GPtrArray       *outputs;      /* LadderProgramOutput */
  GPtrArray       *states;       /* LadderSocketState */
  GPtrArray       *queues;       /* LadderSocketState, source QUEUES */
  LadderSightings *sightings;    /* only while lab interfaces are seen */
  GHashTable      *notes;        /* frame number (guint64 *) -> note text */
  gboolean         notes_unsaved;
  GPtrArray       *blocks;       /* LadderCaptureBlock, as read */
  LadderPacket     scratch;      /* the appending thread's decode buffer */
};

struct _LadderAnalysis
{
  gatomicrefcount      ref;
  guint64              n_frames;
  LadderConversations *convs;
  LadderPing          *ping;
  LadderTraceroute    *trace;
  gint32              *frame_conv;  /* [n_frames], -1 for none */
  LadderTcpPacketInfo *tcp_info;    /* [n_frames] */
  guint8              *has_tcp;     /* [n_frames] */
  LadderLosses        *losses;      /* lab captures only: where packets died */
};

static void
interface_free (gpointer data)
{
  LadderCaptureInterface *iface = data;

  g_free (iface->name);
  g_free (iface->description);
  g_free (iface);
}

static void
block_free (gpointer data)
{
  LadderCaptureBlock *block = data;

  g_bytes_unref (block->body);
  g_free (block);
}

LadderCapture *
ladder_capture_new (void)
{
  LadderCapture *self = g_new0 (LadderCapture, 1);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  self->index = g_ptr_array_new_with_free_func (g_free);
  self->chunks = g_ptr_array_new_with_free_func (g_free);
  self->interfaces = g_ptr_array_new_with_free_func (interface_free);
  self->calls = g_ptr_array_new_with_free_func (g_free);
  self->outputs = g_ptr_array_new_with_free_func (g_free);
  self->states = g_ptr_array_new_with_free_func (g_free);
  self->queues = g_ptr_array_new_with_free_func (g_free);
  self->notes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->blocks = g_ptr_array_new_with_free_func (block_free);
  return self;
}

LadderCapture *
ladder_capture_ref (LadderCapture *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
ladder_capture_unref (LadderCapture *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  g_ptr_array_unref (self->index);
  g_ptr_array_unref (self->chunks);
  g_ptr_array_unref (self->interfaces);
  g_ptr_array_unref (self->calls);
  g_ptr_array_unref (self->outputs);
  g_ptr_array_unref (self->states);
  g_ptr_array_unref (self->queues);
  ladder_sightings_free (self->sightings);
  g_hash_table_unref (self->notes);
  g_ptr_array_unref (self->blocks);
  g_mutex_clear (&self->lock);
  g_free (self);
}

guint
ladder_capture_add_interface (LadderCapture *self,
                              const char    *name,
                              const char    *description,
                              guint32        linktype)
{
  LadderCaptureInterface *iface;
  guint index;

  g_return_val_if_fail (self != NULL, 0);

  iface = g_new0 (LadderCaptureInterface, 1);
  iface->name = g_strdup (name);
  iface->description = g_strdup (description);
  iface->linktype = linktype;
  g_mutex_lock (&self->lock);
  index = self->interfaces->len;
  g_ptr_array_add (self->interfaces, iface);
  if (ladder_sightings_is_lab_interface (description) && self->sightings == NULL)
    self->sightings = ladder_sightings_new ();
  g_mutex_unlock (&self->lock);
  return index;
}

void
ladder_capture_set_interface_snaplen (LadderCapture *self,
                                      guint          index,
                                      guint32        snaplen)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  if (index < self->interfaces->len)
    ((LadderCaptureInterface *) self->interfaces->pdata[index])->snaplen = snaplen;
  g_mutex_unlock (&self->lock);
}

/* Room for LEN bytes that will never move.  Only the appending thread
 * calls this; the lock covers the array's growth. */
static guint8 *
store_bytes (LadderCapture *self, const guint8 *data, guint32 len)
{
  guint8 *dst;

  if (len > DATA_CHUNK / 4)
    {
      dst = g_memdup2 (data, len);
      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->chunks, dst);
      g_mutex_unlock (&self->lock);
      return dst;
    }
  if (self->chunk == NULL || self->chunk_used + len > DATA_CHUNK)
    {
      self->chunk = g_malloc (DATA_CHUNK);
      self->chunk_used = 0;
      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->chunks, self->chunk);
      g_mutex_unlock (&self->lock);
    }
  dst = self->chunk + self->chunk_used;
  if (len > 0)
    memcpy (dst, data, len);
  /* Eight-byte alignment for whoever reads the bytes as headers. */
  self->chunk_used += ((gsize) len + 7) & ~(gsize) 7;
  return dst;
}

static FrameEntry *
entry_at (LadderCapture *self, guint64 index)
{
  FrameEntry *block = g_ptr_array_index (self->index, index / INDEX_BLOCK);

  return &block[index % INDEX_BLOCK];
}

/* Which earlier frame this one is a sighting of (lab captures only). */
static guint64
find_sighting (LadderCapture *self, guint64 number, gint64 ts_ns,
               guint32 iface, guint32 linktype, const guint8 *data,
               guint32 caplen, guint32 wirelen)
{
  LadderFrame frame = { 0 };

  if (self->sightings == NULL)
    return 0;
  ladder_packet_decode (&self->scratch, linktype, data, caplen, wirelen, NULL);
  frame.number = number;
  frame.ts_ns = ts_ns;
  frame.iface = iface;
  frame.pkt = &self->scratch;
  frame.data = data;
  return ladder_sightings_add (self->sightings, &frame);
}

guint64
ladder_capture_add_frame (LadderCapture *self,
                          gint64         ts_ns,
                          guint32        iface,
                          guint32        linktype,
                          const guint8  *data,
                          guint32        caplen,
                          guint32        wirelen)
{
  guint64 index, first;
  FrameEntry *entry;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (data != NULL || caplen == 0, 0);

  index = self->n_frames;
  if (index % INDEX_BLOCK == 0)
    {
      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->index, g_new0 (FrameEntry, INDEX_BLOCK));
      g_mutex_unlock (&self->lock);
    }
  entry = entry_at (self, index);
  entry->ts_ns = ts_ns;
  entry->data = store_bytes (self, data, caplen);
  entry->caplen = caplen;
  entry->wirelen = wirelen;
  entry->iface = (guint16) MIN (iface, G_MAXUINT16);
  entry->linktype = (guint16) MIN (linktype, G_MAXUINT16);
  first = find_sighting (self, index + 1, ts_ns, iface, linktype, entry->data, caplen, wirelen);
  entry->sighting_delta = first != 0 ? (guint32) MIN (index + 1 - first, G_MAXUINT32) : 0;

  /* Publish only once the entry is complete. */
  g_mutex_lock (&self->lock);
  self->n_frames = index + 1;
  g_mutex_unlock (&self->lock);
  return index + 1;
}

/* A record's times come from a file: beyond ±2^62 ns (146 years around
 * 1970) they are clamped, and a duration to [0, 2^61], so that a time
 * plus a duration plus a slack never overflows where the views add them. */
#define TIME_LIMIT_NS     (G_GINT64_CONSTANT (1) << 62)
#define DURATION_LIMIT_NS (G_GINT64_CONSTANT (1) << 61)

void
ladder_capture_add_call (LadderCapture          *self,
                         const LadderSocketCall *call)
{
  LadderSocketCall *copy;

  g_return_if_fail (self != NULL && call != NULL);

  copy = g_memdup2 (call, sizeof *call);
  copy->ts_ns = CLAMP (copy->ts_ns, -TIME_LIMIT_NS, TIME_LIMIT_NS);
  copy->duration_ns = CLAMP (copy->duration_ns, 0, DURATION_LIMIT_NS);
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->calls, copy);
  g_mutex_unlock (&self->lock);
}

void
ladder_capture_add_output (LadderCapture             *self,
                           const LadderProgramOutput *output)
{
  LadderProgramOutput *copy;

  g_return_if_fail (self != NULL && output != NULL);

  copy = g_memdup2 (output, sizeof *output);
  copy->ts_ns = CLAMP (copy->ts_ns, -TIME_LIMIT_NS, TIME_LIMIT_NS);
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->outputs, copy);
  g_mutex_unlock (&self->lock);
}

void
ladder_capture_add_state (LadderCapture           *self,
                          const LadderSocketState *state)
{
  LadderSocketState *copy;

  g_return_if_fail (self != NULL && state != NULL);

  copy = g_memdup2 (state, sizeof *state);
  copy->ts_ns = CLAMP (copy->ts_ns, -TIME_LIMIT_NS, TIME_LIMIT_NS);
  g_mutex_lock (&self->lock);
  /* Queue samples beside the tracepoint's states are no state changes:
   * the views that draw states never see them. */
  g_ptr_array_add (state->source == LADDER_STATE_SOURCE_QUEUES ? self->queues : self->states, copy);
  g_mutex_unlock (&self->lock);
}

guint64
ladder_capture_get_n_frames (LadderCapture *self)
{
  guint64 n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->lock);
  n = self->n_frames;
  g_mutex_unlock (&self->lock);
  return n;
}

gboolean
ladder_capture_get_frame (LadderCapture   *self,
                          guint64          number,
                          LadderFrameInfo *info)
{
  FrameEntry entry;

  g_return_val_if_fail (self != NULL && info != NULL, FALSE);

  g_mutex_lock (&self->lock);
  if (number == 0 || number > self->n_frames)
    {
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  entry = *entry_at (self, number - 1);
  g_mutex_unlock (&self->lock);

  info->ts_ns = entry.ts_ns;
  info->caplen = entry.caplen;
  info->wirelen = entry.wirelen;
  info->iface = entry.iface;
  info->linktype = entry.linktype;
  info->sighting_of = entry.sighting_delta != 0 ? number - entry.sighting_delta : 0;
  info->data = entry.data;
  return TRUE;
}

gboolean
ladder_capture_decode (LadderCapture *self,
                       guint64        number,
                       LadderPacket  *pkt,
                       LadderTree    *tree)
{
  LadderFrameInfo info;

  g_return_val_if_fail (self != NULL && pkt != NULL, FALSE);

  if (!ladder_capture_get_frame (self, number, &info))
    return FALSE;
  ladder_packet_decode (pkt, info.linktype, info.data, info.caplen, info.wirelen, tree);
  return TRUE;
}

/* Element INDEX of one of the capture's pointer arrays, or NULL. */
static gconstpointer
locked_index (LadderCapture *self, GPtrArray *array, guint index)
{
  gconstpointer item = NULL;

  g_mutex_lock (&self->lock);
  if (index < array->len)
    item = g_ptr_array_index (array, index);
  g_mutex_unlock (&self->lock);
  return item;
}

static guint
locked_len (LadderCapture *self, GPtrArray *array)
{
  guint len;

  g_mutex_lock (&self->lock);
  len = array->len;
  g_mutex_unlock (&self->lock);
  return len;
}

guint
ladder_capture_get_n_interfaces (LadderCapture *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return locked_len (self, self->interfaces);
}

const LadderCaptureInterface *
ladder_capture_get_interface (LadderCapture *self,
                              guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  return locked_index (self, self->interfaces, index);
}

guint
ladder_capture_get_n_calls (LadderCapture *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return locked_len (self, self->calls);
}

const LadderSocketCall *
ladder_capture_get_call (LadderCapture *self,
                         guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  return locked_index (self, self->calls, index);
}

guint
ladder_capture_get_n_outputs (LadderCapture *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return locked_len (self, self->outputs);
}

const LadderProgramOutput *
ladder_capture_get_output (LadderCapture *self,
                           guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  return locked_index (self, self->outputs, index);
}

guint
ladder_capture_get_n_states (LadderCapture *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return locked_len (self, self->states);
}

const LadderSocketState *
ladder_capture_get_state (LadderCapture *self,
                          guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  return locked_index (self, self->states, index);
}

guint
ladder_capture_get_n_queues (LadderCapture *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return locked_len (self, self->queues);
}

const LadderSocketState *
ladder_capture_get_queue (LadderCapture *self,
                          guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  return locked_index (self, self->queues, index);
}

/* Analyses */

static void
analyse_frame (LadderAnalysis *self, guint64 number, const LadderFrameInfo *info,
               LadderPacket *pkt)
{
  LadderFrame frame = { 0 };
  const LadderConversation *conv;
  guint64 i = number - 1;

  if (info->sighting_of != 0)
    {
      /* Counted once, on its first sighting. */
      guint64 first = info->sighting_of - 1;

      self->frame_conv[i] = self->frame_conv[first];
      self->tcp_info[i] = self->tcp_info[first];
      self->has_tcp[i] = self->has_tcp[first];
      return;
    }
  ladder_packet_decode (pkt, info->linktype, info->data, info->caplen, info->wirelen, NULL);
  frame.number = number;
  frame.ts_ns = info->ts_ns;
  frame.iface = info->iface;
  frame.pkt = pkt;
  frame.data = info->data;
  memset (&self->tcp_info[i], 0, sizeof self->tcp_info[i]);
  conv = ladder_conversations_add (self->convs, &frame, &self->tcp_info[i]);
  self->frame_conv[i] = conv != NULL ? (gint32) conv->index : -1;
  self->has_tcp[i] = conv != NULL && conv->tcp != NULL && (pkt->layers & LADDER_LAYER_TCP);
  ladder_ping_add_frame (self->ping, &frame);
  ladder_traceroute_add_frame (self->trace, &frame);
}

/* Only a lab capture has links whose losses can be told. */
static LadderLosses *
lab_losses (LadderCapture *capture)
{
  LadderLosses *losses = NULL;

  for (guint i = 0; i < ladder_capture_get_n_interfaces (capture); i++)
    {
      const LadderCaptureInterface *iface = ladder_capture_get_interface (capture, i);

      if (!ladder_sightings_is_lab_interface (iface->description))
        continue;
      if (losses == NULL)
        losses = ladder_losses_new ();
      ladder_losses_add_interface (losses, i, iface->name, iface->description);
    }
  return losses;
}

/* Every sighting counts here; PKT was decoded for first sightings only. */
static void
add_loss_frame (LadderAnalysis *self, guint64 number, const LadderFrameInfo *info, LadderPacket *pkt)
{
  LadderFrame frame = { number, info->ts_ns, info->iface, pkt, info->data };

  if (info->sighting_of != 0)
    ladder_packet_decode (pkt, info->linktype, info->data, info->caplen, info->wirelen, NULL);
  ladder_losses_add_frame (self->losses, &frame);
}

const char *
ladder_analysis_get_lost_on (LadderAnalysis *self, guint64 number)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->losses != NULL ? ladder_losses_lost_on (self->losses, number) : NULL;
}

LadderAnalysis *
ladder_capture_analyse (LadderCapture *capture)
{
  return ladder_capture_analyse_full (capture, NULL, NULL);
}

LadderAnalysis *
ladder_capture_analyse_full (LadderCapture *capture, LadderCancelledFunc cancelled, gpointer data)
{
  LadderAnalysis *self;
  LadderPacket pkt;
  guint64 n;

  g_return_val_if_fail (capture != NULL, NULL);

  n = ladder_capture_get_n_frames (capture);
  self = g_new0 (LadderAnalysis, 1);
  g_atomic_ref_count_init (&self->ref);
  self->n_frames = n;
  self->convs = ladder_conversations_new (LADDER_CONVERSATIONS_TCP_ANALYSIS);
  self->ping = ladder_ping_new ();
  self->trace = ladder_traceroute_new ();
  self->frame_conv = g_new (gint32, MAX (n, 1));
  self->tcp_info = g_new0 (LadderTcpPacketInfo, MAX (n, 1));
  self->has_tcp = g_new0 (guint8, MAX (n, 1));
  self->losses = lab_losses (capture);
  for (guint64 number = 1; number <= n; number++)
    {
      LadderFrameInfo info;

      if (cancelled != NULL && number % LADDER_ANALYSE_CHECK_EVERY == 1 && cancelled (data))
        {
          ladder_analysis_unref (self);
          return NULL;
        }
      ladder_capture_get_frame (capture, number, &info);
      analyse_frame (self, number, &info, &pkt);
      if (self->losses != NULL)
        add_loss_frame (self, number, &info, &pkt);
    }
  if (self->losses != NULL)
    ladder_losses_finish (self->losses);
  ladder_ping_finish_with_losses (self->ping, self->losses);
  ladder_traceroute_finish (self->trace);
  if (self->losses != NULL)
    ladder_traceroute_note_lost_replies (self->trace, self->losses);
  return self;
}

LadderAnalysis *
ladder_analysis_ref (LadderAnalysis *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
ladder_analysis_unref (LadderAnalysis *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  ladder_conversations_free (self->convs);
  ladder_ping_free (self->ping);
  ladder_traceroute_free (self->trace);
  ladder_losses_free (self->losses);
  g_free (self->frame_conv);
  g_free (self->tcp_info);
  g_free (self->has_tcp);
  g_free (self);
}

guint64
ladder_analysis_get_n_frames (LadderAnalysis *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_frames;
}

LadderConversations *
ladder_analysis_get_conversations (LadderAnalysis *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->convs;
}

LadderPing *
ladder_analysis_get_ping (LadderAnalysis *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->ping;
}

LadderTraceroute *
ladder_analysis_get_traceroute (LadderAnalysis *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->trace;
}

gint
ladder_analysis_get_frame_conversation (LadderAnalysis *self,
                                        guint64         number)
{
  g_return_val_if_fail (self != NULL, -1);

  if (number == 0 || number > self->n_frames)
    return -1;
  return self->frame_conv[number - 1];
}

gboolean
ladder_analysis_get_tcp_info (LadderAnalysis      *self,
                              guint64              number,
                              LadderTcpPacketInfo *info)
{
  g_return_val_if_fail (self != NULL && info != NULL, FALSE);

  if (number == 0 || number > self->n_frames || !self->has_tcp[number - 1])
    return FALSE;
  *info = self->tcp_info[number - 1];
  return TRUE;
}

/* A note is cut at a character boundary so that it always fits one pcapng
 * option and stays valid UTF-8 (Wireshark shows comments as text). */
static char *
note_normalize (const char *text)
{
  g_autofree char *valid = NULL;
  const char *end;

  if (text == NULL || *text == '\0')
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  if (strlen (valid) <= LADDER_CAPTURE_NOTE_MAX)
    return g_steal_pointer (&valid);
  end = g_utf8_find_prev_char (valid, valid + LADDER_CAPTURE_NOTE_MAX + 1);
  return g_strndup (valid, end - valid);
}

void
ladder_capture_set_note (LadderCapture *self,
                         guint64        number,
                         const char    *text)
{
  char *note;
  guint64 *key;

  g_return_if_fail (self != NULL && number > 0);

  note = note_normalize (text);
  g_mutex_lock (&self->lock);
  if (note == NULL)
    g_hash_table_remove (self->notes, &number);
  else
    {
      key = g_memdup2 (&number, sizeof number);
      g_hash_table_replace (self->notes, key, note);
    }
  g_mutex_unlock (&self->lock);
}

char *
ladder_capture_dup_note (LadderCapture *self,
                         guint64        number)
{
  char *note;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->lock);
  note = g_strdup (g_hash_table_lookup (self->notes, &number));
  g_mutex_unlock (&self->lock);
  return note;
}

static gint
compare_u64 (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

GArray *
ladder_capture_list_notes (LadderCapture *self)
{
  GArray *frames = g_array_new (FALSE, FALSE, sizeof (guint64));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (self != NULL, frames);

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->notes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (frames, *(guint64 *) key);
  g_mutex_unlock (&self->lock);
  g_array_sort (frames, compare_u64);
  return frames;
}

static guint64
first_sighting (LadderCapture *self, guint64 frame)
{
  LadderFrameInfo info;

  return ladder_capture_get_frame (self, frame, &info) && info.sighting_of != 0 ? info.sighting_of : frame;
}

guint64
ladder_capture_find_note_frame (LadderCapture *self,
                                guint64        frame)
{
  g_autoptr (GArray) noted = NULL;
  guint64 first;

  g_return_val_if_fail (self != NULL, frame);

  g_mutex_lock (&self->lock);
  if (g_hash_table_contains (self->notes, &frame) || g_hash_table_size (self->notes) == 0)
    {
      g_mutex_unlock (&self->lock);
      return frame;
    }
  g_mutex_unlock (&self->lock);
  /* Notes are few: look at theirs rather than at every frame's sighting. */
  first = first_sighting (self, frame);
  noted = ladder_capture_list_notes (self);
  for (guint i = 0; i < noted->len; i++)
    if (first_sighting (self, g_array_index (noted, guint64, i)) == first)
      return g_array_index (noted, guint64, i);
  return frame;
}

void
ladder_capture_set_notes_unsaved (LadderCapture *self,
                                  gboolean       unsaved)
{
  g_return_if_fail (self != NULL);
  g_mutex_lock (&self->lock);
  self->notes_unsaved = unsaved;
  g_mutex_unlock (&self->lock);
}

gboolean
ladder_capture_has_unsaved_notes (LadderCapture *self)
{
  gboolean unsaved;

  g_return_val_if_fail (self != NULL, FALSE);
  g_mutex_lock (&self->lock);
  unsaved = self->notes_unsaved;
  g_mutex_unlock (&self->lock);
  return unsaved;
}

void
ladder_capture_add_block (LadderCapture *self,
                          guint32        type,
                          const guint8  *body,
                          gsize          len,
                          gboolean       swapped)
{
  LadderCaptureBlock *block;

  g_return_if_fail (self != NULL && (body != NULL || len == 0));

  block = g_new0 (LadderCaptureBlock, 1);
  block->type = type;
  block->swapped = swapped;
  block->body = g_bytes_new (body, len);
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->blocks, block);
  g_mutex_unlock (&self->lock);
}

guint
ladder_capture_get_n_blocks (LadderCapture *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return locked_len (self, self->blocks);
}

const LadderCaptureBlock *
ladder_capture_get_block (LadderCapture *self,
                          guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  return locked_index (self, self->blocks, index);
}
