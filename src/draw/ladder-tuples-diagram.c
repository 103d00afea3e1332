/* ladder-tuples-diagram.c: the 5-tuple cards, laid out.
 *
 * Conversations are grouped by their server end (protocol, address, port):
 * a group shows the server's listening socket, then one card per
 * connection.  Every card spells out its 5-tuple, so the group makes the
 * point of the lesson: the connections share the server's port, and each
 * 5-tuple is still unique because the client's port (or address) differs.
 * Ports are labelled well-known (< 1024, with the service name),
 * registered, or ephemeral (a client's port chosen by its kernel).
 */
#include "ladder-tuples-private.h"

#include <string.h>

void
ladder_tuples_model_free (gpointer data)
{
  LadderTuplesModel *m = data;

  for (guint i = 0; i < m->groups->len; i++)
    {
      LadderTuplesGroup *g = &g_array_index (m->groups, LadderTuplesGroup, i);
      g_free (g->title);
      g_free (g->listen_text);
      g_free (g->caption);
    }
  g_array_unref (m->groups);
  g_array_unref (m->cards);
  g_free (m->subtitle);
  g_free (m);
}

const char *
ladder_tuples_port_class (guint16 port, gboolean client_side)
{
  if (port < 1024)
    return "well-known";
  if (client_side && port >= 32768)
    return "ephemeral";
  if (port >= 49152)
    return "dynamic";
  return "registered";
}

static gboolean
same_server (const LadderConversation *a, const LadderConversation *b)
{
  if (a->proto != b->proto || !ladder_addr_equal (&a->b, &b->b))
    return FALSE;
  if (a->proto == 6 || a->proto == 17)
    return a->b_port == b->b_port;
  return ladder_addr_equal (&a->a, &b->a);
}

static guint
group_for (LadderTuplesModel *m, LadderConversations *convs, const LadderConversation *conv)
{
  LadderTuplesGroup g = { 0 };

  for (guint i = 0; i < m->groups->len; i++)
    {
      LadderTuplesGroup *existing = &g_array_index (m->groups, LadderTuplesGroup, i);
      if (same_server (ladder_conversations_get_item (convs, existing->first_conv), conv))
        return i;
    }
  g.first_conv = conv->index;
  g_array_append_val (m->groups, g);
  return m->groups->len - 1;
}

/* The kernel's LISTEN socket for the group's port, when the lab saw one. */
static const LadderSocketState *
find_listener (LadderDiagram *d, const LadderConversation *conv)
{
  guint n = ladder_capture_get_n_states (d->capture);

  for (guint i = 0; i < n; i++)
    {
      const LadderSocketState *s = ladder_capture_get_state (d->capture, i);
      if (s->protocol == 6 && s->state == LADDER_TCP_LISTEN && s->local_port == conv->b_port)
        return s;
    }
  return NULL;
}

static void
describe_group (LadderDiagram *d, LadderTuplesModel *m, LadderTuplesGroup *g,
                LadderConversations *convs)
{
  const LadderConversation *conv = ladder_conversations_get_item (convs, g->first_conv);
  const char *proto = conv->proto == 6 ? "TCP" : conv->proto == 17 ? "UDP"
                      : conv->proto == 58 ? "ICMPv6" : "ICMP";
  const char *name = ladder_port_name (conv->b_port, conv->proto);
  const LadderSocketState *listener;
  char addr[LADDER_ADDR_STRLEN], local[LADDER_ADDR_STRLEN];

  ladder_addr_to_string (&conv->b, addr);
  if (conv->proto != 6 && conv->proto != 17)
    {
      g->title = g_strdup_printf ("%s echo to %s: no ports, the echo identifier tells sessions apart",
                                  proto, addr);
      return;
    }
  g->title = g_strdup_printf ("%s server %s, port %u (%s%s%s)", proto, addr, conv->b_port,
                              name ? name : "", name ? ", " : "", ladder_tuples_port_class (conv->b_port, FALSE));
  if (conv->proto == 6 && (listener = find_listener (d, conv)) != NULL)
    g->listen_text = g_strdup_printf ("listening socket: LISTEN %s port %u (kernel, %.*s)",
                                      listener->local_addr.family ? ladder_addr_to_string (&listener->local_addr, local) : "*",
                                      listener->local_port, (int) strnlen (listener->program, sizeof listener->program),
                                      listener->program[0] ? listener->program : "pid");
  else if (conv->proto == 6)
    g->listen_text = g_strdup_printf ("listening socket: LISTEN * port %u (inferred from the connections it accepted)",
                                      conv->b_port);
  if (g->n_cards > 1)
    g->caption = g_strdup_printf ("%u connections share server port %u; each 5-tuple is still unique: "
                                  "the client's address or port differs", g->n_cards, conv->b_port);
}

static void
mark_unique_fields (LadderTuplesModel *m, LadderConversations *convs)
{
  for (guint i = 0; i < m->cards->len; i++)
    {
      LadderTuplesCard *c = &g_array_index (m->cards, LadderTuplesCard, i);
      const LadderConversation *ci = ladder_conversations_get_item (convs, c->conv);
      for (guint j = 0; j < m->cards->len; j++)
        {
          LadderTuplesCard *o = &g_array_index (m->cards, LadderTuplesCard, j);
          const LadderConversation *cj = ladder_conversations_get_item (convs, o->conv);
          if (i == j || o->group != c->group)
            continue;
          c->differs_addr |= !ladder_addr_equal (&ci->a, &cj->a);
          c->differs_port |= ci->a_port != cj->a_port;
        }
    }
}

static void
build_cards (LadderDiagram *d, LadderTuplesModel *m)
{
  LadderConversations *convs = ladder_analysis_get_conversations (d->analysis);
  guint n = ladder_conversations_get_n_items (convs);

  for (guint i = 0; i < n; i++)
    {
      const LadderConversation *conv = ladder_conversations_get_item (convs, i);
      LadderTuplesCard card = { 0 };

      card.conv = i;
      card.group = group_for (m, convs, conv);
      card.frame = conv->first_packet;
      g_array_index (m->groups, LadderTuplesGroup, card.group).n_cards++;
      g_array_append_val (m->cards, card);
    }
  for (guint g = 0; g < m->groups->len; g++)
    describe_group (d, m, &g_array_index (m->groups, LadderTuplesGroup, g), convs);
  mark_unique_fields (m, convs);
}

gboolean
ladder_tuples_build (LadderDiagram *d, GError **error)
{
  LadderConversations *convs = ladder_analysis_get_conversations (d->analysis);
  LadderTuplesModel *m;

  if (convs == NULL || ladder_conversations_get_n_items (convs) == 0)
    {
      g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_EMPTY,
                   "no TCP, UDP or ICMP conversations in this capture");
      return FALSE;
    }
  m = g_new0 (LadderTuplesModel, 1);
  m->groups = g_array_new (FALSE, TRUE, sizeof (LadderTuplesGroup));
  m->cards = g_array_new (FALSE, TRUE, sizeof (LadderTuplesCard));
  d->model = m;
  d->klass = &ladder_tuples_class;
  build_cards (d, m);
  d->title = g_strdup ("Connections by 5-tuple");
  m->subtitle = g_strdup_printf ("%u conversation%s \u00b7 protocol, source address and port, "
                                 "destination address and port", m->cards->len,
                                 m->cards->len == 1 ? "" : "s");
  ladder_tuples_layout (d, m);
  return TRUE;
}
