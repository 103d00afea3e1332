/* ladder-sequence-mermaid.c: the sequence diagram as Mermaid text, for
 * slides and course notes.  One message per packet, in the order drawn;
 * socket calls and wire-state changes become notes beside their lifeline.
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

typedef struct
{
  double y;
  int    kind;     /* 0 call, 1 arrow, 2 state change */
  guint  index;
} Item;

static gint
compare_item (gconstpointer a, gconstpointer b)
{
  const Item *x = a, *y = b;

  if (x->y != y->y)
    return x->y < y->y ? -1 : 1;
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
      Item it = { g_array_index (m->calls, LadderSeqCall, i).y0, 0, i };
      g_array_append_val (items, it);
    }
  for (guint i = 0; i < m->arrows->len; i++)
    {
      Item it = { g_array_index (m->arrows, LadderSeqArrow, i).y0, 1, i };
      g_array_append_val (items, it);
    }
  for (guint i = 0; i < m->bands->len; i++)
    {
      LadderSeqBand *b = &g_array_index (m->bands, LadderSeqBand, i);
      Item it = { b->y0, 2, i };
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
  if ((a->proto == LADDER_SEQ_TCP && (a->tcp_flags & LADDER_TCP_RST)) || a->expired)
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
      if (it->kind == 1)
        write_arrow (d, &g_array_index (m->arrows, LadderSeqArrow, it->index), out);
      else if (it->kind == 0)
        {
          LadderSeqCall *c = &g_array_index (m->calls, LadderSeqCall, it->index);
          write_note (&g_array_index (m->lifelines, LadderSeqLifeline, c->lifeline), c->lifeline,
                      c->text, out);
        }
      else
        {
          LadderSeqBand *b = &g_array_index (m->bands, LadderSeqBand, it->index);
          write_note (&g_array_index (m->lifelines, LadderSeqLifeline, b->lifeline), b->lifeline,
                      ladder_tcp_state_to_string ((LadderTcpState) b->state), out);
        }
    }
}
