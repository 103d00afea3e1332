/* SPDX-License-Identifier: GPL-3.0-or-later */
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

#include <glib/gi18n-lib.h>

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
  g_clear_pointer (&m->sockets, ladder_sockets_free);
  g_free (m->subtitle);
  g_free (m);
}

const char *
ladder_tuples_port_class (guint16 port, gboolean client_side)
{
  /* Translators: the IANA port ranges (RFC 6335) and the kernel's ephemeral range */
  if (port < 1024)
    return C_("port class", "well-known");
  if (client_side && port >= 32768)
    return C_("port class", "ephemeral");
  if (port >= 49152)
    return C_("port class", "dynamic");
  return C_("port class", "registered");
}

/* The server end a conversation is grouped by, as a hash key. */
static char *
server_key (const LadderConversation *conv)
{
  char b[LADDER_ADDR_STRLEN], a[LADDER_ADDR_STRLEN];

  ladder_addr_to_string (&conv->b, b);
  if (conv->proto == LADDER_IPPROTO_TCP || conv->proto == LADDER_IPPROTO_UDP)
    return g_strdup_printf ("%u %s %u", conv->proto, b, conv->b_port);
  return g_strdup_printf ("%u %s %s", conv->proto, b, ladder_addr_to_string (&conv->a, a));
}

static guint
group_for (LadderTuplesModel *m, GHashTable *groups, const LadderConversation *conv)
{
  g_autofree char *key = server_key (conv);
  LadderTuplesGroup g = { 0 };
  gpointer found;

  if (g_hash_table_lookup_extended (groups, key, NULL, &found))
    return GPOINTER_TO_UINT (found);
  g.first_conv = conv->index;
  g_array_append_val (m->groups, g);
  g_hash_table_insert (groups, g_steal_pointer (&key), GUINT_TO_POINTER (m->groups->len - 1));
  return m->groups->len - 1;
}

/* A refused connection never had a server socket: the kernel answered the
 * SYN with RST because nothing listened on the port.  Said in the caption,
 * and the group shows no listening socket unless something accepted. */
static void
describe_refused (LadderTuplesGroup *g, const LadderConversation *conv, gboolean listening)
{
  if (g->n_refused == 0)
    return;
  if (!listening && g->n_refused == 1)
    g->caption = g_strdup_printf (_("Refused: nothing listens on port %u, so the server's kernel answered the "
                                    "SYN with RST. No connection and no server socket exist."), conv->b_port);
  else if (!listening)
    g->caption = g_strdup_printf (_("Refused: nothing listens on port %u, so the server's kernel answered each "
                                    "SYN with RST. No connection and no server socket exist."), conv->b_port);
  else
    g->caption = g_strdup_printf (ngettext ("%u of %u connection attempts to port %u was refused (SYN answered "
                                            "by RST); the others share the listening socket's port.",
                                            "%u of %u connection attempts to port %u were refused (SYN answered "
                                            "by RST); the others share the listening socket's port.",
                                            g->n_refused),
                                  g->n_refused, g->n_cards, conv->b_port);
}

/* As `ss -tap` names it: the listening socket's descriptor and owner. */
static char *
listen_text (const LadderSocket *s)
{
  g_autofree char *local = ladder_socket_format_endpoint (&s->local_addr, s->local_port, s->local_addr.family);
  g_autofree char *owner = s->fd >= 0 ? g_strdup_printf ("fd %d \u00b7 %s pid %u", s->fd, s->program, s->pid)
                                      : g_strdup (s->program[0] ? s->program : _("no owner recorded"));

  /* Translators: LISTEN is the TCP state's name; the first %s is the socket's address and port */
  return g_strdup_printf (_("listening socket: LISTEN %s (kernel, %s)"), local, owner);
}

static void
describe_group (LadderDiagram *d, LadderTuplesModel *m, LadderTuplesGroup *g,
                LadderConversations *convs)
{
  const LadderConversation *conv = ladder_conversations_get_item (convs, g->first_conv);
  const char *proto = conv->proto == LADDER_IPPROTO_TCP ? "TCP" : conv->proto == LADDER_IPPROTO_UDP ? "UDP"
                      : conv->proto == LADDER_IPPROTO_ICMPV6 ? "ICMPv6" : "ICMP";
  const char *name = ladder_port_name (conv->b_port, conv->proto);
  const LadderSocket *listener;
  char addr[LADDER_ADDR_STRLEN];

  ladder_addr_to_string (&conv->b, addr);
  if (conv->proto != LADDER_IPPROTO_TCP && conv->proto != LADDER_IPPROTO_UDP)
    {
      g->title = g_strdup_printf (_("%s echo to %s: no ports, the echo identifier tells sessions apart"),
                                  proto, addr);
      return;
    }
  /* Every attempt refused: there was no server there, only an address.
   * Translators: "TCP to 10.0.2.2, port 9 (discard, well-known)" */
  if (g->n_refused == g->n_cards)
    g->title = g_strdup_printf (_("%s to %s, port %u (%s%s%s)"), proto, addr, conv->b_port,
                                name ? name : "", name ? ", " : "", ladder_tuples_port_class (conv->b_port, FALSE));
  else
    /* Translators: "TCP server 10.0.2.2, port 7 (echo, well-known)" */
    g->title = g_strdup_printf (_("%s server %s, port %u (%s%s%s)"), proto, addr, conv->b_port,
                                name ? name : "", name ? ", " : "", ladder_tuples_port_class (conv->b_port, FALSE));
  if (conv->proto == LADDER_IPPROTO_TCP && (listener = ladder_sockets_find_listener (m->sockets, &conv->b, conv->b_port)) != NULL)
    g->listen_text = listen_text (listener);
  else if (conv->proto == LADDER_IPPROTO_TCP && g->n_refused < g->n_cards)
    g->listen_text = g_strdup_printf (_("listening socket: LISTEN * port %u (inferred from the connections it "
                                        "accepted)"), conv->b_port);
  describe_refused (g, conv, g->listen_text != NULL);
  if (g->caption == NULL && g->n_cards > 1)
    g->caption = g_strdup_printf (_("%u connections share server port %u; each 5-tuple is still unique: "
                                    "the client's address or port differs"), g->n_cards, conv->b_port);
}

static void
count (GHashTable *counts, char *key)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

  g_hash_table_replace (counts, key, GUINT_TO_POINTER (n + 1));
}

static guint
lookup_count (GHashTable *counts, const char *key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));
}

/* A card's client address (port) makes its 5-tuple unique when some other
 * card of its group has another one: fewer cards share it than the group
 * has.  Counted per group, so tens of thousands of cards stay linear. */
static void
mark_unique_fields (LadderTuplesModel *m, LadderConversations *convs)
{
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char addr[LADDER_ADDR_STRLEN];

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < m->cards->len; i++)
      {
        LadderTuplesCard *c = &g_array_index (m->cards, LadderTuplesCard, i);
        const LadderConversation *conv = ladder_conversations_get_item (convs, c->conv);
        guint size = g_array_index (m->groups, LadderTuplesGroup, c->group).n_cards;
        g_autofree char *ka = g_strdup_printf ("%u a %s", c->group, ladder_addr_to_string (&conv->a, addr));
        g_autofree char *kp = g_strdup_printf ("%u p %u", c->group, conv->a_port);

        if (pass == 0)
          {
            count (counts, g_steal_pointer (&ka));
            count (counts, g_steal_pointer (&kp));
            continue;
          }
        c->differs_addr = lookup_count (counts, ka) < size;
        c->differs_port = lookup_count (counts, kp) < size;
      }
}

/* Each end's socket: a connection's by its 5-tuple, a datagram socket
 * (unconnected) by its bound port. */
static void
find_sockets (LadderSockets *sockets, const LadderConversation *conv, LadderTuplesCard *card)
{
  if (conv->proto != 6 && conv->proto != 17)
    return;
  card->server_socket = ladder_sockets_find (sockets, conv->proto, &conv->b, conv->b_port, &conv->a, conv->a_port);
  card->client_socket = ladder_sockets_find (sockets, conv->proto, &conv->a, conv->a_port, &conv->b, conv->b_port);
  if (card->server_socket == NULL && conv->proto == 17)
    card->server_socket = ladder_sockets_find_bound (sockets, conv->proto, &conv->b, conv->b_port);
  if (card->client_socket == NULL && conv->proto == 17)
    card->client_socket = ladder_sockets_find_bound (sockets, conv->proto, &conv->a, conv->a_port);
}

static void
build_cards (LadderDiagram *d, LadderTuplesModel *m)
{
  LadderConversations *convs = ladder_analysis_get_conversations (d->analysis);
  guint n = ladder_conversations_get_n_items (convs);
  g_autoptr (GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < n; i++)
    {
      const LadderConversation *conv = ladder_conversations_get_item (convs, i);
      LadderTuplesCard card = { 0 };

      card.conv = i;
      card.group = group_for (m, groups, conv);
      card.frame = conv->first_packet;
      card.refused = conv->tcp != NULL && conv->tcp->close == LADDER_TCP_CLOSE_REFUSED;
      find_sockets (m->sockets, conv, &card);
      m->has_owners |= card.server_socket != NULL && card.server_socket->fd >= 0;
      g_array_index (m->groups, LadderTuplesGroup, card.group).n_cards++;
      g_array_index (m->groups, LadderTuplesGroup, card.group).n_refused += card.refused;
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
                   _("no TCP, UDP or ICMP conversations in this capture"));
      return FALSE;
    }
  m = g_new0 (LadderTuplesModel, 1);
  m->groups = g_array_new (FALSE, TRUE, sizeof (LadderTuplesGroup));
  m->cards = g_array_new (FALSE, TRUE, sizeof (LadderTuplesCard));
  m->sockets = ladder_sockets_new (d->capture, ladder_analysis_get_n_frames (d->analysis));
  d->model = m;
  d->klass = &ladder_tuples_class;
  build_cards (d, m);
  d->title = g_strdup (_("Connections by 5-tuple"));
  m->subtitle = g_strdup_printf (ngettext ("%u conversation \u00b7 protocol, source address and port, "
                                           "destination address and port",
                                           "%u conversations \u00b7 protocol, source address and port, "
                                           "destination address and port", m->cards->len),
                                 m->cards->len);
  ladder_tuples_layout (d, m);
  return TRUE;
}
