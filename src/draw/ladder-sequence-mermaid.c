/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sequence-mermaid.c: the sequence diagram as Mermaid text, for
 * slides and course notes.  One message per packet, in time order; socket
 * calls and wire-state changes become notes beside their lifeline.
 *
 * Mermaid cannot draw a call spanning packets, so a call's note stands
 * where it returned (its result is known only then: recv() returns after
 * the packet it waited for), and says when it was called.  The pauses the
 * ladder cuts short (socket(), bind() and listen() happen long before the
 * first packet) become a note across the lifelines.
 */
#include "ladder-sequence-private.h"

#include <string.h>

/* Mermaid ends a message at ';' or a newline and reads '#' as an entity. */
void
ladder_mermaid_append_text (GString *out, const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '#')
        g_string_append (out, "#35;");
      else if (*p == ';')
        g_string_append (out, "#59;");
      else if (*p == '\n' || *p == '\r')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p);
    }
}

/* A call blocked this long says when it began even if no packet went by. */
#define LONG_BLOCK_NS G_GINT64_CONSTANT (100000000)

typedef struct
{
  gint64 ts;
  int    kind;     /* 0 call, 1 arrow, 2 state change */
  guint  index;
} Item;

static gint
compare_item (gconstpointer a, gconstpointer b)
{
  const Item *x = a, *y = b;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind - y->kind;
  return x->index < y->index ? -1 : x->index > y->index;
}

static GArray *
collect_items (LadderSeqModel *m)
{
  GArray *items = g_array_new (FALSE, FALSE, sizeof (Item));

  for (guint i = 0; i < m->calls->len; i++)
    {
      Item it = { g_array_index (m->calls, LadderSeqCall, i).ts1, 0, i };
      g_array_append_val (items, it);
    }
  for (guint i = 0; i < m->arrows->len; i++)
    {
      Item it = { g_array_index (m->arrows, LadderSeqArrow, i).ts0, 1, i };
      g_array_append_val (items, it);
    }
  for (guint i = 0; i < m->bands->len; i++)
    {
      LadderSeqBand *b = &g_array_index (m->bands, LadderSeqBand, i);
      Item it = { b->ts0, 2, i };
      if (!b->kernel)
        g_array_append_val (items, it);
    }
  g_array_sort (items, compare_item);
  return items;
}

static void
write_participants (LadderSeqModel *m, GString *out)
{
  for (guint i = 0; i < m->lifelines->len; i++)
    {
      LadderSeqLifeline *l = &g_array_index (m->lifelines, LadderSeqLifeline, i);
      g_string_append_printf (out, "    participant P%u as ", i);
      ladder_mermaid_append_text (out, l->title);
      if (l->subtitle != NULL && l->subtitle[0] != '\0')
        {
          g_string_append (out, "<br/>");
          ladder_mermaid_append_text (out, l->subtitle);
        }
      g_string_append_c (out, '\n');
    }
}

static void
write_arrow (LadderDiagram *d, const LadderSeqArrow *a, GString *out)
{
  char label[128], note[128];
  LadderStroke stroke;
  const char *op = "->>";

  ladder_seq_arrow_stroke (d, a, &stroke);
  if ((a->proto == LADDER_SEQ_TCP && (a->tcp_flags & LADDER_TCP_RST)) || a->expired
      || a->lost_on != NULL)
    op = "-x";
  else if (stroke.dash > 0)
    op = "-->>";
  ladder_seq_arrow_label (a, label, sizeof label);
  /* A request that died on the way ends at the router that said so. */
  g_string_append_printf (out, "    P%d%sP%d: ", a->from, op,
                          a->expired && a->died_at >= 0 ? a->died_at : a->to);
  ladder_mermaid_append_text (out, label);
  if (ladder_seq_arrow_note (a, note, sizeof note))
    {
      g_string_append (out, " (");
      ladder_mermaid_append_text (out, note);
      g_string_append_c (out, ')');
    }
  g_string_append_printf (out, " [#35;%" G_GUINT64_FORMAT "]\n", a->frame);
}

static void
write_note (const LadderSeqLifeline *l, int index, const char *text, GString *out)
{
  g_string_append_printf (out, "    Note %s P%d: ", l->side < 0 ? "left of" : "right of", index);
  ladder_mermaid_append_text (out, text);
  g_string_append_c (out, '\n');
}

/* Whether a packet went by while the call blocked, or it blocked long:
 * then its start is said. */
static gboolean
blocked_over_packet (LadderSeqModel *m, const LadderSeqCall *c)
{
  if (c->ts1 - c->ts0 >= LONG_BLOCK_NS)
    return TRUE;
  for (guint i = 0; i < m->arrows->len; i++)
    {
      const LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      if ((a->ts0 > c->ts0 && a->ts0 < c->ts1) || (a->ts1 > c->ts0 && a->ts1 < c->ts1))
        return TRUE;
    }
  return FALSE;
}

static void
write_call (LadderSeqModel *m, const LadderSeqCall *c, GString *out)
{
  g_autofree char *text = NULL;

  if (!blocked_over_packet (m, c))
    {
      write_note (&g_array_index (m->lifelines, LadderSeqLifeline, c->lifeline), c->lifeline, c->text, out);
      return;
    }
  text = g_strdup_printf ("%s (called at %.6f s, returned %.3f ms later)", c->text,
                          (double) (c->ts0 - m->t0) / 1e9, (double) (c->ts1 - c->ts0) / 1e6);
  write_note (&g_array_index (m->lifelines, LadderSeqLifeline, c->lifeline), c->lifeline, text, out);
}

/* Whether the ladder cut a pause short between T0 and T1: the text says so
 * where the picture does. */
static gboolean
pause_marked (LadderSeqModel *m, gint64 t0, gint64 t1)
{
  for (guint i = 1; i < m->events->len; i++)
    {
      const LadderSeqEvent *e = &g_array_index (m->events, LadderSeqEvent, i);
      if (e->gap_break && (e - 1)->ts >= t0 && e->ts <= t1)
        return TRUE;
    }
  return FALSE;
}

static void
write_pause (LadderSeqModel *m, gint64 ns, GString *out)
{
  char text[64];

  ladder_seq_format_pause (ns, text, sizeof text);
  if (m->lifelines->len > 1)
    g_string_append_printf (out, "    Note over P0,P%u: \u2026 %s \u2026\n", m->lifelines->len - 1, text);
  else
    g_string_append_printf (out, "    Note over P0: \u2026 %s \u2026\n", text);
}

void
ladder_seq_mermaid (LadderDiagram *d, GString *out)
{
  LadderSeqModel *m = d->model;
  g_autoptr (GArray) items = collect_items (m);

  g_string_append (out, "sequenceDiagram\n    title ");
  ladder_mermaid_append_text (out, d->title);
  g_string_append_c (out, '\n');
  write_participants (m, out);
  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      /* initial states (time 0) are no pause */
      if (i > 0 && (it - 1)->ts > 0 && pause_marked (m, (it - 1)->ts, it->ts))
        write_pause (m, it->ts - (it - 1)->ts, out);
      if (it->kind == 1)
        write_arrow (d, &g_array_index (m->arrows, LadderSeqArrow, it->index), out);
      else if (it->kind == 0)
        write_call (m, &g_array_index (m->calls, LadderSeqCall, it->index), out);
      else
        {
          LadderSeqBand *b = &g_array_index (m->bands, LadderSeqBand, it->index);
          write_note (&g_array_index (m->lifelines, LadderSeqLifeline, b->lifeline), b->lifeline,
                      ladder_tcp_state_to_string ((LadderTcpState) b->state), out);
        }
    }
}
