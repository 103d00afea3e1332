/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-handoff.c: a queue of pointers from one thread to one other.
 *
 * Why not GAsyncQueue: every push there signals a condition variable, a
 * futex system call whether or not anyone waits, and a popping thread
 * that finds the queue empty goes to sleep at once.  On a virtual machine
 * waking a sleeping CPU is an interrupt sent between virtual CPUs; with
 * the decoding thread of `wireladder-cli` handing over a batch every few
 * tens of microseconds, the wake-ups took a tenth of its time (perf, the
 * benchmark's real-traffic capture).  Here the popping thread spins for
 * about SPIN_NS first, which covers the usual wait for the next batch,
 * and a push calls into the kernel only when the other thread sleeps.
 *
 * The two sides agree through `sleeping` and `tail` in the manner of
 * Dekker: the popper sets `sleeping` and then looks at `tail`, the pusher
 * moves `tail` and then looks at `sleeping`, both with sequentially
 * consistent atomics, so at least one of them sees the other's store.
 * The popper sleeps and the pusher signals holding `lock`, so a signal
 * cannot fall between the popper's last look and its wait.
 */
#include "ladder-handoff.h"

#define SPIN_NS (200 * 1000)

struct _LadderHandoff
{
  guint     capacity;
  gpointer *slots;
  /* Counts of items pushed (tail) and popped (head); slot = count % capacity. */
  guint     head;       /* atomic; written by the popping thread only */
  guint     tail;       /* atomic */
  gint      sleeping;   /* atomic: the popping thread waits on `cond` */
  gint      wanting;    /* atomic: the popping thread waits, spinning or asleep */
  GMutex    lock;
  GCond     cond;
};

LadderHandoff *
ladder_handoff_new (guint capacity)
{
  LadderHandoff *self;

  g_return_val_if_fail (capacity > 0, NULL);
  self = g_new0 (LadderHandoff, 1);
  self->capacity = capacity;
  self->slots = g_new0 (gpointer, capacity);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  return self;
}

void
ladder_handoff_free (LadderHandoff *self)
{
  if (self == NULL)
    return;
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->slots);
  g_free (self);
}

void
ladder_handoff_push (LadderHandoff *self, gpointer item)
{
  guint tail = (guint) __atomic_load_n (&self->tail, __ATOMIC_RELAXED);

  g_return_if_fail (item != NULL);
  g_return_if_fail (tail - (guint) __atomic_load_n (&self->head, __ATOMIC_RELAXED) < self->capacity);
  self->slots[tail % self->capacity] = item;
  __atomic_store_n (&self->tail, tail + 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n (&self->sleeping, __ATOMIC_SEQ_CST))
    {
      g_mutex_lock (&self->lock);
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
    }
}

static inline gboolean
has_item (LadderHandoff *self)
{
  return __atomic_load_n (&self->tail, __ATOMIC_SEQ_CST) != self->head;
}

static void
cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#elif defined(__aarch64__)
  __asm__ volatile ("yield");
#endif
}

/* Spins until an item is there or SPIN_NS have passed. */
static gboolean
spin_for_item (LadderHandoff *self)
{
  gint64 until = 0;

  for (guint round = 0;; round++)
    {
      for (guint i = 0; i < 64; i++)
        {
          if (has_item (self))
            return TRUE;
          cpu_relax ();
        }
      /* the clock only now and then: it costs more than a look */
      if (round == 0)
        until = g_get_monotonic_time () + SPIN_NS / 1000;
      else if (round % 16 == 0 && g_get_monotonic_time () >= until)
        return FALSE;
    }
}

static void
sleep_for_item (LadderHandoff *self)
{
  g_mutex_lock (&self->lock);
  __atomic_store_n (&self->sleeping, TRUE, __ATOMIC_SEQ_CST);
  while (!has_item (self))
    g_cond_wait (&self->cond, &self->lock);
  __atomic_store_n (&self->sleeping, FALSE, __ATOMIC_SEQ_CST);
  g_mutex_unlock (&self->lock);
}

gpointer
ladder_handoff_pop (LadderHandoff *self)
{
  gpointer item;

  if (!has_item (self))
    {
      __atomic_store_n (&self->wanting, TRUE, __ATOMIC_RELAXED);
      if (!spin_for_item (self))
        sleep_for_item (self);
      __atomic_store_n (&self->wanting, FALSE, __ATOMIC_RELAXED);
    }
  /* the acquire that pairs with the push's store of tail was has_item's */
  item = self->slots[self->head % self->capacity];
  __atomic_store_n (&self->head, self->head + 1, __ATOMIC_RELAXED);
  return item;
}

gint
ladder_handoff_length (LadderHandoff *self)
{
  guint tail = (guint) __atomic_load_n (&self->tail, __ATOMIC_SEQ_CST);
  guint head = (guint) __atomic_load_n (&self->head, __ATOMIC_RELAXED);

  return (gint) (tail - head) - (__atomic_load_n (&self->wanting, __ATOMIC_RELAXED) ? 1 : 0);
}
