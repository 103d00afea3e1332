/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-input.c: the read-decode loop every command shares. */
#include "ladder-cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ladder-flow-record.h"
#include "ladder-handoff.h"
#include "ladder-sightings.h"

/* The lab records one packet on every link it crosses; the analyses count
 * it once (ladder-sightings.h).  Returns TRUE for a later sighting. */
/* What every read loop keeps: the frame count and, unless the options keep
 * them all, the lab sightings seen so far. */
typedef struct
{
  LadderReader    *reader;
  LadderSightings *sightings;
  gboolean         keep_sightings;
  guint64          number;
  /* Whether the interface of the last frame is a lab link: frames mostly
   * come from one interface, so it is looked up when the interface changes. */
  guint            last_iface;
  gboolean         last_iface_known, last_iface_lab;
} Source;

static gboolean
is_lab_interface (Source *src, guint index)
{
  const LadderInterface *iface;

  if (!src->last_iface_known || src->last_iface != index)
    {
      iface = ladder_reader_get_interface (src->reader, index);
      src->last_iface = index;
      src->last_iface_known = TRUE;
      src->last_iface_lab = iface != NULL && ladder_sightings_is_lab_interface (iface->description);
    }
  return src->last_iface_lab;
}

static gboolean
is_later_sighting (Source *src, const LadderFrame *frame)
{
  if (!is_lab_interface (src, frame->iface))
    return FALSE;
  if (src->sightings == NULL)
    src->sightings = ladder_sightings_new ();
  return ladder_sightings_add (src->sightings, frame) != 0;
}

/* The next frame is RECORD, decoded into FRAME's packet unless not DECODE.
 * The packet holds the one decoded there before, or zeroes
 * (ladder_packet_decode_over). */
static void
take_record (Source *src, const LadderRecord *record, LadderFrame *frame, gboolean decode)
{
  if (decode)
    ladder_packet_decode_over ((LadderPacket *) frame->pkt, record->linktype, record->data,
                               record->caplen, record->wirelen);
  frame->number = ++src->number;
  frame->ts_ns = record->ts_ns;
  frame->iface = record->iface;
  frame->data = record->data;
}

/* Reads and decodes the next record that counts into *FRAME (whose pkt
 * points at the packet to fill), skipping later lab sightings; *RECORD is
 * the record, valid until the next call.  Returns as ladder_reader_next(). */
static int
next_frame (Source *src, LadderRecord *record, LadderFrame *frame, GError **error)
{
  int rc;

  while ((rc = ladder_reader_next (src->reader, record, error)) > 0)
    {
      take_record (src, record, frame, TRUE);
      if (src->keep_sightings || !is_later_sighting (src, frame))
        break;
    }
  return rc;
}

/* Opens OPTIONS->file for the read loops. */
static LadderReader *
open_reader (const LadderCliOptions *options, GError **error)
{
  LadderReader *reader = ladder_reader_open (options->file, error);

  /* Nothing was read: whatever the cause, there is no partial result to show. */
  if (reader == NULL && error != NULL && *error != NULL && (*error)->domain == LADDER_READER_ERROR)
    (*error)->code = LADDER_READER_ERROR_FORMAT;
  return reader;
}

gboolean
ladder_cli_read (const LadderCliOptions *options,
                 LadderCliFrameFunc      func,
                 gpointer                user_data,
                 LadderReader          **reader_out,
                 GError                **error)
{
  g_autoptr (LadderReader) reader = NULL;
  Source src = { NULL, NULL, options->keep_sightings, 0, 0, FALSE, FALSE };
  LadderRecord record;
  LadderPacket pkt = { 0 };
  LadderFrame frame = { 0 };
  int rc;

  reader = open_reader (options, error);
  if (reader == NULL)
    return FALSE;
  src.reader = reader;
  frame.pkt = &pkt;
  while ((rc = next_frame (&src, &record, &frame, error)) > 0)
    func (&frame, &record, reader, user_data);
  g_clear_pointer (&src.sightings, ladder_sightings_free);
  if (reader_out != NULL)
    *reader_out = g_steal_pointer (&reader);
  return rc == 0;
}

/* The decoding thread fills batches of frames; the analysis takes them in
 * order and hands them back.  Big enough that the queues are touched once
 * per few hundred packets, small enough to stay in the CPU's cache. */
#define BATCH_FRAMES 256
#define N_BATCHES    8
/* How far the analysis may lag behind the reader with the bytes still
 * resident: all the batches in flight, of records of typical size. */
#define KEEP_BEHIND  (1024 * 1024)
/* Frames the share of decoding moves by at a time (see adjust_share). */
#define SHARE_STEP   8

/* A record read but left for the analysis thread to decode. */
typedef struct
{
  const guint8 *data;
  guint32       caplen, wirelen, linktype;
  gboolean      pending;
} Raw;

/* With flow records (Pipeline.flow_records), a plain packet's frame is
 * records[i] (and addrs6[i]), the others' frames[i] and pkts[i], as
 * without. */
typedef struct
{
  LadderFlowRecord records[BATCH_FRAMES] __attribute__ ((aligned (64)));
  LadderFlowAddrs6 addrs6[BATCH_FRAMES];
  guint        n;
  guint        share_from; /* frames before this one were all decoded */
  gboolean     last;     /* reading stopped after these frames */
  GError      *error;    /* with last: why, or NULL at a clean end */
  LadderFrame  frames[BATCH_FRAMES];
  LadderPacket pkts[BATCH_FRAMES];
  Raw          raw[BATCH_FRAMES];
  GPtrArray   *kept;     /* copies of the IP fragments' bytes, for reassembly */
} Batch;

static Batch *
batch_new (void)
{
  /* zeroed: its packets are decoded over what they held (take_record) */
  Batch *b = g_aligned_alloc0 (1, sizeof (Batch), 64);

  b->kept = g_ptr_array_new_with_free_func (g_free);
  return b;
}

static void
batch_free (gpointer p)
{
  Batch *b = p;

  g_ptr_array_unref (b->kept);
  g_aligned_free (b);
}

/* With flow records, the reading thread decodes into a packet of its own
 * (kept in its cache, and decoded over: ladder_packet_decode_over) ... */
typedef struct
{
  LadderPacket pkt;
  LadderFrame  frame;
} Own;

/* ... and the analysis thread unpacks a batch's records into its own. */
typedef struct
{
  LadderFrame  frames[BATCH_FRAMES];
  LadderPacket pkts[BATCH_FRAMES];
} Unpacked;

/* Decoding is most of the reading thread's work, and which of the two
 * threads is the slower one depends on the analysis (counting
 * conversations is lighter than following TCP) and on the traffic.  When
 * the records' bytes outlive the next read (a mapped file), the reading
 * thread leaves the last `share` frames of each batch undecoded for the
 * analysis thread, and moves that share by what the queue between them
 * says (adjust_share). */
typedef struct
{
  Source       *src;
  LadderHandoff *full;   /* Batch*, in file order */
  LadderHandoff *empty;  /* Batch*, to be filled */
  gboolean      can_share;
  guint         share;   /* frames per batch left to the analysis thread */
  gboolean      fixed_share; /* WIRELADDER_DECODE_SHARE */
  LadderCliPair *pair;
  /* The analysis reads only what flow records carry: the reading thread
   * decodes into its own packet and hands the plain ones over packed. */
  gboolean      flow_records;
  Own          *mine;     /* the reading thread's */
  Unpacked     *unpacked; /* the analysis thread's */
} Pipeline;

/* Reads the next record that counts into *FRAME as next_frame() does, but
 * leaves it undecoded in *RAW (pending) unless the record comes from a lab
 * link: telling a lab link's sightings apart takes its decode. */
static int
next_raw_frame (Source *src, LadderFrame *frame, Raw *raw, GError **error)
{
  LadderRecord record;
  int rc;

  if (src->keep_sightings || src->sightings != NULL)
    return next_frame (src, &record, frame, error);
  rc = ladder_reader_next (src->reader, &record, error);
  if (rc <= 0)
    return rc;
  if (is_lab_interface (src, record.iface))
    {
      take_record (src, &record, frame, TRUE);
      return is_later_sighting (src, frame) ? next_frame (src, &record, frame, error) : 1;
    }
  take_record (src, &record, frame, FALSE);
  *raw = (Raw) { record.data, record.caplen, record.wirelen, record.linktype, TRUE };
  return 1;
}

/* The analyses put fragmented datagrams back together from their bytes;
 * the other records' bytes are not needed past decoding.  A fragment's
 * bytes are copied unless they stay readable (PL->can_share). */
static void
keep_fragment (Pipeline *pl, Batch *b, LadderFrame *f)
{
  if (G_LIKELY (!f->pkt->ip_fragment) || f->pkt->caplen == 0)
    f->data = NULL;
  else if (!pl->can_share)
    {
      f->data = g_memdup2 (f->data, f->pkt->caplen);
      g_ptr_array_add (b->kept, (gpointer) f->data);
    }
}

/* The next frame that counts, as next_frame(), handed over packed in
 * b->records[i] when it is plain, else whole in b->frames[i] and
 * b->pkts[i].  The commonest plain packets are decoded straight into
 * their record (ladder_flow_record_decode); the others, and those from a
 * lab link (whose sightings are told apart by their decode), into the
 * reading thread's own packet first. */
static int
next_flow_frame (Pipeline *pl, Batch *b, guint i, GError **error)
{
  Source *src = pl->src;
  LadderRecord record;
  LadderFrame *f = &pl->mine->frame;
  LadderFlowRecord *rec = &b->records[i];
  int rc;

  f->pkt = &pl->mine->pkt;
  if ((rc = ladder_reader_next (src->reader, &record, error)) <= 0)
    return rc;
  if ((src->keep_sightings || !is_lab_interface (src, record.iface))
      && ladder_flow_record_decode (rec, &b->addrs6[i], record.linktype, record.data,
                                    record.caplen, record.wirelen))
    {
      rec->number = ++src->number;
      rec->ts_ns = record.ts_ns;
      rec->iface = record.iface;
      return 1;
    }
  take_record (src, &record, f, TRUE);
  if (!src->keep_sightings && is_later_sighting (src, f)
      && (rc = next_frame (src, &record, f, error)) <= 0)
    return rc;
  if (ladder_flow_record_pack (rec, &b->addrs6[i], f))
    return rc;
  b->pkts[i] = pl->mine->pkt;
  b->frames[i] = *f;
  b->frames[i].pkt = &b->pkts[i];
  keep_fragment (pl, b, &b->frames[i]);
  return rc;
}

static void
fill_batch (Pipeline *pl, Batch *b)
{
  LadderRecord record;
  int rc = 1;

  b->n = 0;
  b->share_from = BATCH_FRAMES - (pl->can_share ? pl->share : 0);
  b->error = NULL;
  g_ptr_array_set_size (b->kept, 0);
  while (b->n < BATCH_FRAMES)
    {
      LadderFrame *f = &b->frames[b->n];
      Raw *raw = &b->raw[b->n];

      f->pkt = &b->pkts[b->n];
      raw->pending = FALSE;
      if (pl->flow_records && b->n < b->share_from)
        {
          if ((rc = next_flow_frame (pl, b, b->n, &b->error)) <= 0)
            break;
          b->n++;
          continue;
        }
      b->records[b->n].ip_version = 0;
      rc = b->n >= b->share_from ? next_raw_frame (pl->src, f, raw, &b->error)
                                 : next_frame (pl->src, &record, f, &b->error);
      if (rc <= 0)
        break;
      b->n++;
      if (!raw->pending)
        keep_fragment (pl, b, f);
    }
  b->last = rc <= 0;
}

/* Asks for the first two cache lines of a record left undecoded, where
 * the headers are. */
static inline void
prefetch_raw (const Batch *b, guint i)
{
  if (i < b->n && b->raw[i].pending)
    {
      __builtin_prefetch (b->raw[i].data);
      __builtin_prefetch (b->raw[i].data + 64);
    }
}

/* Decodes the pending frame I straight into its flow record when it is
 * of the commonest plain shapes (ladder_flow_record_decode). */
static inline gboolean
decode_flow_record (Batch *b, guint i)
{
  const Raw *raw = &b->raw[i];
  LadderFlowRecord *rec = &b->records[i];

  if (!ladder_flow_record_decode (rec, &b->addrs6[i], raw->linktype, raw->data, raw->caplen,
                                  raw->wirelen))
    return FALSE;
  rec->number = b->frames[i].number;
  rec->ts_ns = b->frames[i].ts_ns;
  rec->iface = b->frames[i].iface;
  return TRUE;
}

/* On the analysis thread: decodes what the reading thread left.  The
 * records' bytes were last touched by the reading thread on the other
 * core; asking for them RAW_AHEAD records ahead took the analysis
 * thread's reading phase from 0.18 to 0.17 s on the benchmark (tcp --json,
 * real-traffic shape). */
#define RAW_AHEAD 8
static void
decode_pending (Pipeline *pl, Batch *b)
{
  for (guint i = b->share_from; i < b->share_from + RAW_AHEAD; i++)
    prefetch_raw (b, i);
  for (guint i = b->share_from; i < b->n; i++)
    {
      const Raw *raw = &b->raw[i];

      prefetch_raw (b, i + RAW_AHEAD);
      if (!raw->pending)
        continue;
      if (pl->flow_records && decode_flow_record (b, i))
        continue;
      ladder_packet_decode_over (&b->pkts[i], raw->linktype, raw->data, raw->caplen, raw->wirelen);
      keep_fragment (pl, b, &b->frames[i]);
    }
}

/* A queue's length counts the threads waiting on it as minus one each: an
 * analysis thread that waits or is about to want a bigger share of the
 * decoding, a backlog of half the batches a smaller one.  Measured on the
 * benchmark's real-traffic shape, with these two thresholds and steps of
 * 8 frames the threads waited 10 ms in all, where waiting for the first
 * backlog (2 batches) and steps of 16 had them wait 25 to 50 ms. */
static void
adjust_share (Pipeline *pl)
{
  gint ready = ladder_handoff_length (pl->full);

  if (pl->fixed_share)
    return;
  if (ready <= 0)
    pl->share = MIN (pl->share + SHARE_STEP, BATCH_FRAMES);
  else if (ready >= N_BATCHES / 2)
    pl->share = pl->share > SHARE_STEP ? pl->share - SHARE_STEP : 0;
}

/* On the analysis thread: the batch's frames, the packed ones unpacked
 * into this thread's own packets. */
static const LadderFrame *
unpack_batch (Pipeline *pl, const Batch *b)
{
  LadderFrame *frames;

  if (!pl->flow_records)
    return b->frames;
  frames = pl->unpacked->frames;
  for (guint i = 0; i < b->n; i++)
    {
      if (b->records[i].ip_version == 0)
        frames[i] = b->frames[i];
      else
        ladder_flow_record_unpack (&b->records[i], &b->addrs6[i], &frames[i],
                                   &pl->unpacked->pkts[i]);
    }
  return frames;
}

static gpointer
decode_thread (gpointer data)
{
  Pipeline *pl = data;
  gboolean last = FALSE;

  ladder_cli_pair_enter (pl->pair);
  while (!last)
    {
      Batch *b = ladder_handoff_pop (pl->empty);

      fill_batch (pl, b);
      last = b->last;
      adjust_share (pl);
      ladder_handoff_push (pl->full, b);
    }
  return NULL;
}

/* Without a second core: this thread fills a batch and then analyses it,
 * which lets the analysis look ahead in the batch as it does with two. */
static gboolean
read_decoded_here (Pipeline *pl, LadderCliBatchFunc func, gpointer user_data, GError **error)
{
  Batch *b = batch_new ();
  gboolean ok;

  do
    {
      fill_batch (pl, b);
      func (b->frames, b->n, user_data);
    }
  while (!b->last);
  ok = b->error == NULL;
  if (b->error != NULL)
    g_propagate_error (error, b->error);
  batch_free (b);
  return ok;
}

gboolean
ladder_cli_read_decoded (const LadderCliOptions *options,
                         gboolean                flow_records,
                         LadderCliBatchFunc      func,
                         gpointer                user_data,
                         GError                **error)
{
  g_autoptr (LadderReader) reader = open_reader (options, error);
  Source src = { reader, NULL, options->keep_sightings, 0, 0, FALSE, FALSE };
  Pipeline pl = { &src, NULL, NULL, FALSE, 0, FALSE, NULL,
                  FALSE, NULL, NULL };
  const char *fixed = g_getenv ("WIRELADDER_DECODE_SHARE");
  GThread *thread;
  GError *local_error = NULL;
  gboolean last = FALSE, ok;

  if (reader == NULL)
    return FALSE;
  if (!ladder_cli_second_core_free ())
    {
      ok = read_decoded_here (&pl, func, user_data, error);
      g_clear_pointer (&src.sightings, ladder_sightings_free);
      return ok;
    }
  pl.can_share = ladder_reader_keep_records (reader, KEEP_BEHIND);
  if (fixed != NULL)
    {
      pl.share = MIN ((guint) g_ascii_strtoull (fixed, NULL, 10), BATCH_FRAMES);
      pl.fixed_share = TRUE;
    }
  if (flow_records)
    {
      /* zeroed: see ladder_packet_decode_over() and ladder_flow_record_unpack() */
      pl.flow_records = TRUE;
      pl.mine = g_aligned_alloc0 (1, sizeof (Own), 64);
      pl.unpacked = g_aligned_alloc0 (1, sizeof (Unpacked), 64);
    }
  pl.full = ladder_handoff_new (N_BATCHES);
  pl.empty = ladder_handoff_new (N_BATCHES);
  for (guint i = 0; i < N_BATCHES; i++)
    ladder_handoff_push (pl.empty, batch_new ());
  pl.pair = ladder_cli_pair_begin ();
  thread = g_thread_new ("wl-decode", decode_thread, &pl);
  while (!last)
    {
      Batch *b = ladder_handoff_pop (pl.full);

      decode_pending (&pl, b);
      func (unpack_batch (&pl, b), b->n, user_data);
      last = b->last;
      local_error = b->error;
      ladder_handoff_push (pl.empty, b);
    }
  g_thread_join (thread);
  ladder_cli_pair_end (pl.pair);
  /* every batch is back in the empty queue once the thread has ended */
  for (guint i = 0; i < N_BATCHES; i++)
    batch_free (ladder_handoff_pop (pl.empty));
  ladder_handoff_free (pl.full);
  ladder_handoff_free (pl.empty);
  g_aligned_free (pl.mine);
  g_aligned_free (pl.unpacked);
  g_clear_pointer (&src.sightings, ladder_sightings_free);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

int
ladder_cli_finish (const LadderCliOptions *options, GString *text, GError *error)
{
  if (text != NULL && text->len > 0)
    {
      if (fwrite (text->str, 1, text->len, stdout) != text->len)
        {
          fprintf (stderr, "wireladder-cli: cannot write output: %s\n", g_strerror (errno));
          return LADDER_CLI_BAD_INPUT;
        }
    }
  fflush (stdout);
  if (error != NULL)
    {
      fprintf (stderr, "wireladder-cli: %s\n", error->message);
      return LADDER_CLI_BAD_INPUT;
    }
  return LADDER_CLI_OK;
}

gboolean
ladder_cli_error_is_fatal (const GError *error)
{
  return error == NULL
         || (!g_error_matches (error, LADDER_READER_ERROR, LADDER_READER_ERROR_TRUNCATED)
             && !g_error_matches (error, LADDER_READER_ERROR, LADDER_READER_ERROR_MALFORMED));
}
