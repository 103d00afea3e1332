/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-items.c: big JSON arrays formatted by two threads in turn.
 *
 * The TCP table of a million-packet capture is tens of megabytes of JSON,
 * formatted after the whole file is read, when the decoding thread has
 * ended: a core sits idle for that part.  So the array is cut into blocks;
 * while this thread formats block j, a second one formats block j + 1,
 * and each writes its blocks out itself, in turn, so the text comes out in
 * order.  At most two blocks are in memory at a time.
 */
#include "ladder-cli.h"
#include "ladder-handoff.h"

/* Conversations per block: about a megabyte of TCP JSON, enough that
 * handing a block over costs nothing next to formatting it. */
#define BLOCK 1024
/* a queue holds no NULL */
#define END   G_MAXUINT
#define TURN  GUINT_TO_POINTER (1)

/* Each thread formats its blocks and writes them itself, taking turns:
 * writing a big table to a file costs a fifth of formatting it. */
typedef struct
{
  LadderJson        *json;
  LadderCliItemsFunc func;
  gpointer           user_data;
  gboolean           pretty;
  guint              depth;
  guint              n_items;
  LadderHandoff     *jobs;        /* odd block numbers (never 0, a NULL); END ends the thread */
  LadderHandoff     *second_turn; /* TURN: the block before the second thread's is written */
  LadderHandoff     *first_turn;  /* TURN: the second thread's block is written */
  gboolean           second_ok;
  LadderCliPair     *pair;
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

static gpointer
items_thread (gpointer data)
{
  Items *items = data;
  g_autoptr (LadderJson) inside = ladder_json_new_inside (items->pretty, items->depth);
  guint job;

  ladder_cli_pair_enter (items->pair);
  while ((job = GPOINTER_TO_UINT (ladder_handoff_pop (items->jobs))) != END)
    {
      format_block (items, inside, job);
      ladder_handoff_pop (items->second_turn);
      if (!ladder_json_append_inside (items->json, inside))
        items->second_ok = FALSE;
      ladder_handoff_push (items->first_turn, TURN);
    }
  return NULL;
}

gboolean
ladder_cli_write_items (LadderJson *json, gboolean pretty, guint n_items,
                        LadderCliItemsFunc func, gpointer user_data)
{
  Items items = { json, func, user_data, pretty, ladder_json_get_depth (json), n_items,
                  NULL, NULL, NULL, TRUE, NULL };
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
  /* Queued at a time: at most two jobs (block j + 3 can come before the
   * thread has taken j + 1), the end only once every job is taken, and
   * one turn each way. */
  items.jobs = ladder_handoff_new (2);
  items.second_turn = ladder_handoff_new (1);
  items.first_turn = ladder_handoff_new (1);
  items.pair = ladder_cli_pair_begin ();
  thread = g_thread_new ("wl-format", items_thread, &items);
  for (guint j = 0; j < n_blocks; j += 2)
    {
      if (j + 1 < n_blocks)
        ladder_handoff_push (items.jobs, GUINT_TO_POINTER (j + 1));
      format_block (&items, mine, j);
      if (j > 0)
        ladder_handoff_pop (items.first_turn);   /* block j - 1 is out */
      ok = ladder_json_append_inside (json, mine) && ok;
      if (j + 1 < n_blocks)
        ladder_handoff_push (items.second_turn, TURN);
    }
  if (n_blocks % 2 == 0)
    ladder_handoff_pop (items.first_turn);       /* the last block is the second thread's */
  ladder_handoff_push (items.jobs, GUINT_TO_POINTER (END));
  g_thread_join (thread);
  ladder_cli_pair_end (items.pair);
  ladder_handoff_free (items.jobs);
  ladder_handoff_free (items.second_turn);
  ladder_handoff_free (items.first_turn);
  return ok && items.second_ok;
}
