/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-handoff.c: how wireladder-cli's threads work together: the queue
 * between them (LadderHandoff), a core for each (LadderCliPair), and when
 * a second core counts as free. */
#define _GNU_SOURCE 1
#include <glib.h>
#include <pthread.h>
#include <sched.h>

#include "ladder-cli.h"
#include "ladder-handoff.h"

#define N_ITEMS   8
#define N_PASSES  200000

typedef struct
{
  LadderHandoff *full, *empty;
  guint          items[N_ITEMS];
} Ring;

/* The reading thread's part: takes an empty item, numbers it, hands it on. */
static gpointer
producer (gpointer data)
{
  Ring *r = data;

  for (guint i = 1; i <= N_PASSES; i++)
    {
      guint *item = ladder_handoff_pop (r->empty);

      *item = i;
      ladder_handoff_push (r->full, item);
    }
  return NULL;
}

/* Items passed back and forth as the pipeline passes its batches: all of
 * them arrive, in order, and the same few go round. */
static void
test_in_order (void)
{
  Ring r = { ladder_handoff_new (N_ITEMS), ladder_handoff_new (N_ITEMS), { 0 } };
  GThread *thread;

  for (guint i = 0; i < N_ITEMS; i++)
    ladder_handoff_push (r.empty, &r.items[i]);
  g_assert_cmpint (ladder_handoff_length (r.empty), ==, N_ITEMS);
  thread = g_thread_new ("producer", producer, &r);
  for (guint i = 1; i <= N_PASSES; i++)
    {
      guint *item = ladder_handoff_pop (r.full);

      g_assert_cmpuint (*item, ==, i);
      g_assert_true (item >= r.items && item < r.items + N_ITEMS);
      g_assert_true (item == &r.items[(i - 1) % N_ITEMS]);
      ladder_handoff_push (r.empty, item);
    }
  g_thread_join (thread);
  g_assert_cmpint (ladder_handoff_length (r.full), ==, 0);
  g_assert_cmpint (ladder_handoff_length (r.empty), ==, N_ITEMS);
  ladder_handoff_free (r.full);
  ladder_handoff_free (r.empty);
}

static gpointer
pop_one (gpointer data)
{
  return ladder_handoff_pop (data);
}

/* A thread that waits longer than it spins goes to sleep, counts as minus
 * one, and a push wakes it. */
static void
test_sleeper_woken (void)
{
  LadderHandoff *h = ladder_handoff_new (2);
  int token = 0;
  GThread *thread;
  gint64 until;

  g_assert_cmpint (ladder_handoff_length (h), ==, 0);
  thread = g_thread_new ("popper", pop_one, h);
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ladder_handoff_length (h) != -1 && g_get_monotonic_time () < until)
    g_usleep (1000);
  g_assert_cmpint (ladder_handoff_length (h), ==, -1);
  /* well past the spin, so the popper is asleep */
  g_usleep (300 * 1000);
  ladder_handoff_push (h, &token);
  g_assert_true (g_thread_join (thread) == &token);
  g_assert_cmpint (ladder_handoff_length (h), ==, 0);
  ladder_handoff_free (h);
}

static gpointer
enter_pair (gpointer data)
{
  cpu_set_t *mine = g_new0 (cpu_set_t, 1);

  ladder_cli_pair_enter (data);
  pthread_getaffinity_np (pthread_self (), sizeof *mine, mine);
  return mine;
}

/* The pair's threads are each kept on one core, not the same one, and the
 * first thread has all its cores back at the end. */
static void
test_pair_apart (void)
{
  cpu_set_t before, during, after;
  g_autofree cpu_set_t *helper = NULL;
  LadderCliPair *pair;

  g_assert_cmpint (pthread_getaffinity_np (pthread_self (), sizeof before, &before), ==, 0);
  if (CPU_COUNT (&before) < 2)
    {
      g_test_skip ("this process may run on one core only: nothing to keep apart");
      return;
    }
  pair = ladder_cli_pair_begin ();
  pthread_getaffinity_np (pthread_self (), sizeof during, &during);
  helper = g_thread_join (g_thread_new ("helper", enter_pair, pair));
  ladder_cli_pair_end (pair);
  pthread_getaffinity_np (pthread_self (), sizeof after, &after);

  g_assert_cmpint (CPU_COUNT (&during), ==, 1);
  g_assert_cmpint (CPU_COUNT (helper), ==, 1);
  g_assert_false (CPU_EQUAL (&during, helper));
  g_assert_true (CPU_EQUAL (&after, &before));
}

/* Which lines of /proc/PID/stat count as a process competing for a core. */
static void
test_stat_competes (void)
{
  /* a user process running at nice 0 (flags 0x400000) */
  const char *user = "18333 (cat) R 18330 18330 1246 0 -1 4194304 101 0 0 0 0 0 0 0 20 0 1 0 "
                     "546264 3133440 394 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1";
  /* a kernel thread running (PF_KTHREAD in 0x208040) */
  const char *kernel = "81 (kdamond.0) R 2 0 0 0 -1 2129984 0 0 0 0 0 9 0 0 20 0 1 0 24 0 0";
  /* spaces and parentheses in the name; at nice 19; sleeping */
  const char *odd = "7 (a ) R (b) R 1 7 7 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0";
  const char *niced = "9 (fuzz) R 1 9 9 0 -1 4194304 0 0 0 0 0 0 0 0 39 19 1 0 5 0 0";
  const char *asleep = "10 (sh) S 1 10 10 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0";

  g_assert_true (ladder_cli_stat_competes (user, 0));
  g_assert_false (ladder_cli_stat_competes (kernel, 0));
  g_assert_true (ladder_cli_stat_competes (odd, 0));
  g_assert_false (ladder_cli_stat_competes (niced, 0));
  g_assert_true (ladder_cli_stat_competes (niced, 19));
  g_assert_false (ladder_cli_stat_competes (asleep, 0));
  g_assert_false (ladder_cli_stat_competes ("12 (cut", 0));
  g_assert_false (ladder_cli_stat_competes ("12 (cut) R 1 2", 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/handoff/in-order", test_in_order);
  g_test_add_func ("/ladder/handoff/sleeper-woken", test_sleeper_woken);
  g_test_add_func ("/ladder/cli/pair-apart", test_pair_apart);
  g_test_add_func ("/ladder/cli/stat-competes", test_stat_competes);
  return g_test_run ();
}
