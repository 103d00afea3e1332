/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sequence-path.c: lifelines in the order of the path.
 *
 * A router shows up on a ladder only when it answered with an ICMP error
 * (time exceeded, unreachable).  Left where it first appeared, it would
 * stand beyond the destination; along the path it stands between the
 * sender and the destination, nearer routers (reached with a smaller TTL)
 * closer to the sender, as a traceroute lists them; and the path runs
 * from the left.
 */
#include "ladder-sequence-private.h"

typedef struct
{
  gboolean router;   /* sent an ICMP error about another host's datagram */
  gboolean host;     /* sent or received anything else */
  int      sender;   /* lifeline of the quoted datagram's source, or -1 */
  int      dest;     /* lifeline of its destination, or -1 */
  guint    hop;      /* the TTL the datagram left with: the router's distance */
} Role;

static int
lifeline_of_addr (LadderSeqModel *m, const LadderAddr *addr)
{
  for (guint i = 0; i < m->lifelines->len; i++)
    if (ladder_addr_equal (&g_array_index (m->lifelines, LadderSeqLifeline, i).addr, addr))
      return (int) i;
  return -1;
}

static gboolean
is_request (const LadderSeqArrow *a, const LadderQuoted *q)
{
  if (q->ip_version == 4)
    return a->ip_version == 4 && a->ip_id == q->ip_id;
  if (q->has_icmp)
    return a->proto == LADDER_SEQ_ICMP && a->sport == q->icmp_id && a->dport == q->icmp_seq;
  return q->has_ports && a->proto != LADDER_SEQ_ICMP && a->sport == q->sport && a->dport == q->dport;
}

/* The TTL of the datagram the error quotes, as its sender sent it (its
 * first sighting), or G_MAXUINT when it is not drawn. */
static guint
quoted_hop (LadderSeqModel *m, const LadderSeqArrow *error, const LadderQuoted *q, int sender)
{
  guint hop = G_MAXUINT;

  for (guint i = 0; i < m->arrows->len; i++)
    {
      const LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      if (a->from == sender && a->ts0 <= error->ts0 && is_request (a, q))
        hop = a->ttl;
    }
  return hop;
}

static void
classify (LadderDiagram *d, LadderSeqModel *m, Role *roles)
{
  for (guint i = 0; i < m->arrows->len; i++)
    {
      const LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      const LadderAddr *from = &g_array_index (m->lifelines, LadderSeqLifeline, a->from).addr;
      LadderPacket pkt;
      Role *r = &roles[a->from];
      int sender;

      roles[a->to].host = TRUE;
      if (a->proto != LADDER_SEQ_ICMP || !ladder_capture_decode (d->capture, a->frame, &pkt, NULL)
          || !pkt.quoted.present || ladder_addr_equal (&pkt.quoted.dst, from)
          || (sender = lifeline_of_addr (m, &pkt.quoted.src)) < 0)
        {
          r->host = TRUE;
          continue;
        }
      r->router = TRUE;
      r->sender = sender;
      r->dest = lifeline_of_addr (m, &pkt.quoted.dst);
      r->hop = MIN (r->hop, quoted_hop (m, a, &pkt.quoted, sender));
    }
}

static gboolean
is_router (const Role *roles, guint i)
{
  return roles[i].router && !roles[i].host && roles[i].sender >= 0 && !roles[roles[i].sender].router;
}

static gint
compare_hop (gconstpointer a, gconstpointer b, gpointer data)
{
  const Role *roles = data;
  guint ha = roles[*(const guint *) a].hop, hb = roles[*(const guint *) b].hop;

  if (ha != hb)
    return ha < hb ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

typedef struct
{
  const Role *roles;
  guint       n;
  guint      *routers;     /* by hop */
  guint       n_routers;
  gboolean   *done;
  guint      *order;
  guint       k;
} Path;

static void
emit (Path *p, int i)
{
  if (i < 0 || p->done[i])
    return;
  p->done[i] = TRUE;
  p->order[p->k++] = (guint) i;
}

/* SENDER, the routers between it and DEST nearest first, DEST; or the
 * other way round when DEST came first. */
static void
emit_chain (Path *p, int sender, int dest, gboolean from_dest)
{
  emit (p, from_dest ? dest : sender);
  for (guint j = 0; j < p->n_routers; j++)
    {
      guint r = p->routers[from_dest ? p->n_routers - 1 - j : j];
      if (p->roles[r].sender == sender && p->roles[r].dest == dest)
        emit (p, (int) r);
    }
  emit (p, from_dest ? sender : dest);
}

/* ORDER gets the old indices in their new order: the hosts as they were,
 * each sender with the routers it sent through and their destination
 * spliced in where the first of them stood. */
static void
path_order (const Role *roles, guint n, guint *order)
{
  g_autofree guint *routers = g_new (guint, n);
  g_autofree gboolean *done = g_new0 (gboolean, n);
  Path p = { roles, n, routers, 0, done, order, 0 };

  for (guint i = 0; i < n; i++)
    if (is_router (roles, i))
      routers[p.n_routers++] = i;
  g_qsort_with_data (routers, (gint) p.n_routers, sizeof (guint), compare_hop, (gpointer) roles);
  for (guint h = 0; h < n; h++)
    {
      if (is_router (roles, h) || done[h])
        continue;
      for (guint j = 0; j < p.n_routers; j++)
        {
          const Role *r = &roles[routers[j]];
          if (!done[routers[j]] && r->sender == (int) h)
            emit_chain (&p, r->sender, r->dest, FALSE);
          else if (!done[routers[j]] && r->dest == (int) h)
            emit_chain (&p, r->sender, r->dest, TRUE);
        }
      emit (&p, (int) h);
    }
  for (guint i = 0; i < n; i++)
    emit (&p, (int) i);
  g_assert (p.k == n);
}

/* Whether most routers' senders stand right of their destination: then the
 * picture is mirrored, so the path runs from the left, as textbooks draw it. */
static gboolean
runs_leftwards (const Role *roles, guint n, const guint *order)
{
  g_autofree guint *pos = g_new (guint, n);
  int votes = 0;

  for (guint k = 0; k < n; k++)
    pos[order[k]] = k;
  for (guint i = 0; i < n; i++)
    if (is_router (roles, i) && roles[i].dest >= 0)
      votes += pos[roles[i].sender] > pos[roles[i].dest] ? 1 : -1;
  return votes > 0;
}

static void
apply_order (LadderSeqModel *m, const guint *order)
{
  guint n = m->lifelines->len;
  g_autofree gint16 *new_index = g_new (gint16, n);
  GArray *lifelines = g_array_sized_new (FALSE, TRUE, sizeof (LadderSeqLifeline), n);

  for (guint k = 0; k < n; k++)
    {
      g_array_append_val (lifelines, g_array_index (m->lifelines, LadderSeqLifeline, order[k]));
      new_index[order[k]] = (gint16) k;
    }
  g_array_unref (m->lifelines);
  m->lifelines = lifelines;
  for (guint i = 0; i < m->arrows->len; i++)
    {
      LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      a->from = new_index[a->from];
      a->to = new_index[a->to];
    }
}

void
ladder_seq_order_path (LadderDiagram *d, LadderSeqModel *m)
{
  guint n = m->lifelines->len;
  g_autofree Role *roles = NULL;
  g_autofree guint *order = NULL;

  if (n < 3)
    return;
  roles = g_new0 (Role, n);
  for (guint i = 0; i < n; i++)
    {
      roles[i].sender = roles[i].dest = -1;
      roles[i].hop = G_MAXUINT;
    }
  classify (d, m, roles);
  order = g_new (guint, n);
  path_order (roles, n, order);
  if (runs_leftwards (roles, n, order))
    for (guint k = 0; k < n / 2; k++)
      {
        guint t = order[k];
        order[k] = order[n - 1 - k];
        order[n - 1 - k] = t;
      }
  apply_order (m, order);
}
