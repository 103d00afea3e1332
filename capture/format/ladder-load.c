/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-load.c: a capture file or stream read into a LadderCapture. */
#include <sys/stat.h>

#include "ladder-load.h"

#define PROGRESS_EVERY 16384

typedef struct
{
  LadderCapture *capture;
  LadderReader  *reader;
  guint          n_interfaces;  /* of the reader's, added so far */
} LoadState;

/* The lab's socket calls and states arrive as Custom Blocks.  Every block
 * is kept as read too, so that saving the capture loses none of them.
 * The calls added are those ladder_events_is_call() counts (run-here's
 * summary). */
static void
on_block (guint32       type,
          const guint8 *body,
          gsize         len,
          gboolean      swapped,
          gpointer      user_data)
{
  LoadState *state = user_data;
  LadderEvent event;

  ladder_capture_add_block (state->capture, type, body, len, swapped);
  if (type != LADDER_EVENTS_BLOCK_TYPE || !ladder_events_decode (body, len, &event))
    return;
  if (event.type == LADDER_EVENT_CALL)
    ladder_capture_add_call (state->capture, &event.call);
  else if (event.type == LADDER_EVENT_STATE)
    ladder_capture_add_state (state->capture, &event.state);
  else if (event.type == LADDER_EVENT_OUTPUT)
    ladder_capture_add_output (state->capture, &event.output);
}

/* Interfaces appear as their IDBs are read. */
static void
sync_interfaces (LoadState *state)
{
  guint n = ladder_reader_get_n_interfaces (state->reader);

  for (; state->n_interfaces < n; state->n_interfaces++)
    {
      const LadderInterface *iface = ladder_reader_get_interface (state->reader, state->n_interfaces);

      guint index = ladder_capture_add_interface (state->capture, iface->name,
                                                  iface->description, iface->linktype);
      ladder_capture_set_interface_snaplen (state->capture, index, iface->snaplen);
    }
}

static guint64
input_size (const char *path)
{
  struct stat st;

  if (path == NULL || g_strcmp0 (path, "-") == 0 || stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return 0;
  return (guint64) st.st_size;
}

static gboolean
load (LoadState          *state,
      guint64             total,
      GCancellable       *cancellable,
      LadderLoadProgress  progress,
      gpointer            user_data,
      GError            **error)
{
  LadderRecord record;
  guint64 frames = 0;
  int r;

  ladder_reader_set_block_func (state->reader, on_block, state);
  while ((r = ladder_reader_next (state->reader, &record, error)) > 0)
    {
      sync_interfaces (state);
      guint64 number = ladder_capture_add_frame (state->capture, record.ts_ns, record.iface,
                                                 record.linktype, record.data, record.caplen,
                                                 record.wirelen);
      if (record.comment != NULL)
        ladder_capture_set_note (state->capture, number, record.comment);
      frames++;
      if (progress != NULL && (frames == 1 || frames % PROGRESS_EVERY == 0))
        progress (ladder_reader_get_offset (state->reader), total, frames, user_data);
      if (frames % 1024 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          r = -1;
          break;
        }
    }
  sync_interfaces (state);
  ladder_reader_set_block_func (state->reader, NULL, NULL);
  if (progress != NULL)
    progress (ladder_reader_get_offset (state->reader), total, frames, user_data);
  return r == 0;
}

gboolean
ladder_load_reader (LadderCapture       *capture,
                    LadderReader        *reader,
                    GCancellable        *cancellable,
                    LadderLoadProgress   progress,
                    gpointer             user_data,
                    GError             **error)
{
  LoadState state = { capture, reader, 0 };

  g_return_val_if_fail (capture != NULL && reader != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return load (&state, 0, cancellable, progress, user_data, error);
}

gboolean
ladder_load_file (LadderCapture       *capture,
                  const char          *path,
                  GCancellable        *cancellable,
                  LadderLoadProgress   progress,
                  gpointer             user_data,
                  GError             **error)
{
  g_autoptr(LadderReader) reader = NULL;
  LoadState state = { capture, NULL, 0 };

  g_return_val_if_fail (capture != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Every record is copied into the capture: a mapping would save
   * nothing and could SIGBUS if the file were cut short meanwhile. */
  reader = ladder_reader_open_full (path, LADDER_READER_NO_MAP, error);
  if (reader == NULL)
    return FALSE;
  state.reader = reader;
  return load (&state, input_size (path), cancellable, progress, user_data, error);
}
