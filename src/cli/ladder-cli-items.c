/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-items.c: big JSON arrays formatted by two threads in turn.
 *
 * The TCP table of a million-packet capture is tens of megabytes of JSON,
 * formatted after the whole file is read, when the decoding thread has
 * ended: a core sits idle for that part.  So the array is cut into blocks;
 * while this thread formats block j, a second one formats block j + 1,
 * and both are added to the output in order.  At most two blocks are in
 * memory at a time.
 */
#include "ladder-cli.h"

/* Conversations per block: about a megabyte of TCP JSON, enough that
 * handing a block over costs nothing next to formatting it. */
#define BLOCK 1024
/* a queue holds no NULL */
#define END G_MAXUINT

typedef struct
{
  LadderCliItemsFunc func;
  gpointer           user_data;
  gboolean           pretty;
  guint              depth;
  guint              n_items;
  GAsyncQueue       *jobs;     /* block numbers (odd: never 0, a NULL); END ends the thread */
  GAsyncQueue       *results;  /* LadderJson*, in the order of the jobs */
} Items;

/* Formats BLOCK into INSIDE, emptied first: each thread keeps one writer
 * for all its blocks, so a block's megabyte is not allocated (and faulted
 * in) again each time. */
static LadderJson *
format_block (Items *items, LadderJson *inside, guint block)
{
  guint first = block * BLOCK;

  ladder_json_restart_inside (inside);
  items->func (inside, first, MIN (first + BLOCK, items->n_items), items->user_data);
  return inside;
}

/* The second thread's writer is reused once the first thread has added
 * its text: the next job is queued only after that. */
static gpointer
items_thread (gpointer data)
{
  Items *items = data;
  g_autoptr (LadderJson) inside = ladder_json_new_inside (items->pretty, items->depth);
  guint job;

  while ((job = GPOINTER_TO_UINT (g_async_queue_pop (items->jobs))) != END)
    g_async_queue_push (items->results, format_block (items, inside, job));
  return NULL;
}

gboolean
ladder_cli_write_items (LadderJson *json, gboolean pretty, guint n_items,
                        LadderCliItemsFunc func, gpointer user_data)
{
  Items items = { func, user_data, pretty, ladder_json_get_depth (json), n_items, NULL, NULL };
  guint n_blocks = n_items / BLOCK + (n_items % BLOCK != 0);
  g_autoptr (LadderJson) mine = NULL;
  gboolean ok = TRUE;
  GThread *thread;

  if (n_blocks < 2 || !ladder_cli_second_core_free ())
    {
      func (json, 0, n_items, user_data);
      return TRUE;
    }
  mine = ladder_json_new_inside (pretty, items.depth);
  items.jobs = g_async_queue_new ();
  items.results = g_async_queue_new ();
  thread = g_thread_new ("wl-format", items_thread, &items);
  for (guint j = 0; j < n_blocks; j += 2)
    {
      gboolean pair = j + 1 < n_blocks;

      if (pair)
        g_async_queue_push (items.jobs, GUINT_TO_POINTER (j + 1));
      ok = ladder_json_append_inside (json, format_block (&items, mine, j)) && ok;
      if (pair)
        ok = ladder_json_append_inside (json, g_async_queue_pop (items.results)) && ok;
    }
  g_async_queue_push (items.jobs, GUINT_TO_POINTER (END));
  g_thread_join (thread);
  g_async_queue_unref (items.jobs);
  g_async_queue_unref (items.results);
  return ok;
}
