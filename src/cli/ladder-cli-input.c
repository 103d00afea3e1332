/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-input.c: the read-decode loop every command shares. */
#include "ladder-cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Reads and decodes the next record that counts into *FRAME (whose pkt
 * points at the packet to fill), skipping later lab sightings; *RECORD is
 * the record, valid until the next call.  Returns as ladder_reader_next(). */
static int
next_frame (Source *src, LadderRecord *record, LadderFrame *frame, GError **error)
{
  LadderPacket *pkt = (LadderPacket *) frame->pkt;
  int rc;

  while ((rc = ladder_reader_next (src->reader, record, error)) > 0)
    {
      ladder_packet_decode (pkt, record->linktype, record->data, record->caplen, record->wirelen, NULL);
      frame->number = ++src->number;
      frame->ts_ns = record->ts_ns;
      frame->iface = record->iface;
      frame->data = record->data;
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
  LadderPacket pkt;
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

typedef struct
{
  guint        n;
  gboolean     last;     /* reading stopped after these frames */
  GError      *error;    /* with last: why, or NULL at a clean end */
  LadderFrame  frames[BATCH_FRAMES];
  LadderPacket pkts[BATCH_FRAMES];
  GPtrArray   *kept;     /* copies of the IP fragments' bytes, for reassembly */
} Batch;

static Batch *
batch_new (void)
{
  Batch *b = g_new (Batch, 1);

  b->kept = g_ptr_array_new_with_free_func (g_free);
  return b;
}

static void
batch_free (gpointer p)
{
  Batch *b = p;

  g_ptr_array_unref (b->kept);
  g_free (b);
}

typedef struct
{
  Source       *src;
  GAsyncQueue  *full;    /* Batch*, decoded, in file order */
  GAsyncQueue  *empty;   /* Batch*, to be filled */
} Pipeline;

static void
fill_batch (Source *src, Batch *b)
{
  LadderRecord record;
  int rc = 1;

  b->n = 0;
  b->error = NULL;
  g_ptr_array_set_size (b->kept, 0);
  while (b->n < BATCH_FRAMES)
    {
      LadderFrame *f = &b->frames[b->n];

      f->pkt = &b->pkts[b->n];
      if ((rc = next_frame (src, &record, f, &b->error)) <= 0)
        break;
      /* The analyses put fragmented datagrams back together from their
       * bytes; the other records' bytes are not needed past decoding. */
      f->data = NULL;
      if (G_UNLIKELY (b->pkts[b->n].ip_fragment) && record.caplen > 0)
        {
          f->data = g_memdup2 (record.data, record.caplen);
          g_ptr_array_add (b->kept, (gpointer) f->data);
        }
      b->n++;
    }
  b->last = rc <= 0;
}

static gpointer
decode_thread (gpointer data)
{
  Pipeline *pl = data;
  gboolean last = FALSE;

  while (!last)
    {
      Batch *b = g_async_queue_pop (pl->empty);

      fill_batch (pl->src, b);
      last = b->last;
      g_async_queue_push (pl->full, b);
    }
  return NULL;
}

/* One record at a time on this thread; FUNC gets batches of one. */
static gboolean
read_decoded_here (Source *src, LadderCliBatchFunc func, gpointer user_data, GError **error)
{
  LadderRecord record;
  LadderPacket pkt;
  LadderFrame frame = { 0 };
  int rc;

  frame.pkt = &pkt;
  while ((rc = next_frame (src, &record, &frame, error)) > 0)
    func (&frame, 1, user_data);
  return rc == 0;
}

gboolean
ladder_cli_read_decoded (const LadderCliOptions *options,
                         LadderCliBatchFunc      func,
                         gpointer                user_data,
                         GError                **error)
{
  g_autoptr (LadderReader) reader = open_reader (options, error);
  Source src = { reader, NULL, options->keep_sightings, 0, 0, FALSE, FALSE };
  Pipeline pl;
  GThread *thread;
  GError *local_error = NULL;
  gboolean last = FALSE, ok;

  if (reader == NULL)
    return FALSE;
  if (!ladder_cli_second_core_free ())
    {
      ok = read_decoded_here (&src, func, user_data, error);
      g_clear_pointer (&src.sightings, ladder_sightings_free);
      return ok;
    }
  pl.src = &src;
  pl.full = g_async_queue_new ();
  pl.empty = g_async_queue_new_full (batch_free);
  for (guint i = 0; i < N_BATCHES; i++)
    g_async_queue_push (pl.empty, batch_new ());
  thread = g_thread_new ("wl-decode", decode_thread, &pl);
  while (!last)
    {
      Batch *b = g_async_queue_pop (pl.full);

      func (b->frames, b->n, user_data);
      last = b->last;
      local_error = b->error;
      g_async_queue_push (pl.empty, b);
    }
  g_thread_join (thread);
  g_async_queue_unref (pl.full);
  g_async_queue_unref (pl.empty);
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
