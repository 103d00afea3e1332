/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-traceroute-diagram.c: the TTL staircase.
 *
 * The path is a row of nodes (client, each responding router, the
 * destination), each with a vertical line like a lifeline.  Every probe is
 * a row: it leaves the client and crosses one link per hop, labelled with
 * the TTL it carries there, until the TTL runs out at hop N (marked ✕) and
 * the ICMP Time Exceeded comes back underneath, labelled with its RTT.
 * Unanswered probes end in "*".  On lab captures, which see every link, the
 * TTLs come from the packets themselves (each sighting of the probe, in
 * time order, is one link further); otherwise they are computed and shown
 * in parentheses.  A panel on the right compares a selected ICMP error's
 * quoted header with the probe it quotes.
 */
#include "ladder-diagram-private.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "ladder-sightings.h"
#include "ladder-traceroute-private.h"

void
ladder_tr_model_free (gpointer data)
{
  LadderTrModel *m = data;

  for (guint i = 0; i < m->nodes->len; i++)
    {
      LadderTrNode *n = &g_array_index (m->nodes, LadderTrNode, i);
      g_free (n->title);
      g_free (n->subtitle);
      g_free (n->link_name);
    }
  g_array_unref (m->nodes);
  g_array_unref (m->rows);
  g_free (m->subtitle);
  g_free (m);
}

static const LadderTracerouteRun *
find_run (LadderDiagram *d, GError **error)
{
  LadderTraceroute *trace = ladder_analysis_get_traceroute (d->analysis);
  guint n = trace != NULL ? ladder_traceroute_get_n_runs (trace) : 0;

  if (n == 0)
    {
      g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_EMPTY,
                   _("no traceroute in this capture (probes with a climbing TTL)"));
      return NULL;
    }
  if (d->options.traceroute >= n)
    {
      g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_RANGE,
                   _("no traceroute run %u (the capture has %u, numbered from 0)"),
                   d->options.traceroute, n);
      return NULL;
    }
  return ladder_traceroute_get_run (trace, d->options.traceroute);
}

/* Nodes. */

static void
add_node (LadderTrModel *m, char *title, char *subtitle, LadderTrNodeKind kind)
{
  LadderTrNode node = { 0 };

  node.title = title;
  node.subtitle = subtitle;
  node.kind = kind;
  g_array_append_val (m->nodes, node);
}

static const LadderTracerouteProbe *
first_answer (const LadderTracerouteHop *hop, guint *n_other)
{
  const LadderTracerouteProbe *first = NULL;

  *n_other = 0;
  for (guint q = 0; q < hop->n_probes; q++)
    {
      const LadderTracerouteProbe *p = &hop->probes[q];
      if (p->responder.family == 0)
        continue;
      if (first == NULL)
        first = p;
      else if (!ladder_addr_equal (&first->responder, &p->responder))
        (*n_other)++;
    }
  return first;
}

static void
add_hop_node (LadderTrModel *m, const LadderTracerouteRun *run, guint h)
{
  const LadderTracerouteHop *hop = &run->hops[h];
  guint others;
  const LadderTracerouteProbe *p = first_answer (hop, &others);
  char addr[LADDER_ADDR_STRLEN];
  gboolean is_dst = p != NULL && ladder_addr_equal (&p->responder, &run->dst);

  if (p == NULL)
    {
      add_node (m, g_strdup_printf (_("hop %u"), hop->ttl), g_strdup (_("* no reply")), LADDER_TR_NODE_SILENT);
      return;
    }
  ladder_addr_to_string (&p->responder, addr);
  add_node (m, is_dst ? g_strdup (_("destination")) : g_strdup_printf (_("router %u"), hop->ttl),
            others ? g_strdup_printf ("%s +%u", addr, others) : g_strdup (addr),
            is_dst ? LADDER_TR_NODE_DESTINATION : LADDER_TR_NODE_ROUTER);
}

static void
build_nodes (LadderTrModel *m, const LadderTracerouteRun *run)
{
  char addr[LADDER_ADDR_STRLEN];

  add_node (m, g_strdup (_("client")), g_strdup (ladder_addr_to_string (&run->src, addr)),
            LADDER_TR_NODE_CLIENT);
  for (guint h = 0; h < run->n_hops; h++)
    add_hop_node (m, run, h);
  if (!run->reached)
    add_node (m, g_strdup (_("destination")),
              g_strdup_printf (_("%s (not reached)"), ladder_addr_to_string (&run->dst, addr)),
              LADDER_TR_NODE_UNREACHED);
}

/* Sightings: the probe's copies on later links, in time order. */

typedef struct
{
  gint64  ts;
  guint8  ttl;
  guint32 iface;
} Sighting;

static void
free_array (gpointer data)
{
  g_array_unref (data);
}

static gboolean
is_delivered_side (LadderDiagram *d, guint iface)
{
  const LadderCaptureInterface *itf = ladder_capture_get_interface (d->capture, iface);

  return itf != NULL && ladder_sightings_is_lab_delivered (itf->description);
}

static GHashTable *
collect_sightings (LadderDiagram *d, const LadderTracerouteRun *run)
{
  GHashTable *by_probe = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, free_array);
  guint64 n = ladder_analysis_get_n_frames (d->analysis);
  LadderFrameInfo info;
  LadderPacket pkt;

  for (guint i = 0; i < run->n_probes; i++)
    g_hash_table_insert (by_probe, GSIZE_TO_POINTER ((gsize) run->probes[i].probe),
                         g_array_new (FALSE, FALSE, sizeof (Sighting)));
  for (guint64 f = run->first_frame; f <= n; f++)
    {
      GArray *list;
      guint64 key;
      Sighting s;

      if (!ladder_capture_get_frame (d->capture, f, &info))
        break;
      key = info.sighting_of != 0 ? info.sighting_of : f;
      list = g_hash_table_lookup (by_probe, GSIZE_TO_POINTER ((gsize) key));
      /* One sighting per link: a relayed link's far side repeats it. */
      if (list == NULL || is_delivered_side (d, info.iface)
          || !ladder_capture_decode (d->capture, f, &pkt, NULL))
        continue;
      s.ts = info.ts_ns;
      s.ttl = pkt.ttl;
      s.iface = info.iface;
      g_array_append_val (list, s);
    }
  return by_probe;
}

/* A lab link is named "client–r1": its right-hand side names the next node. */
static void
name_links (LadderDiagram *d, LadderTrModel *m, GArray *sightings)
{
  for (guint k = 0; k < sightings->len && k + 1 < m->nodes->len; k++)
    {
      const LadderCaptureInterface *itf =
        ladder_capture_get_interface (d->capture, g_array_index (sightings, Sighting, k).iface);
      LadderTrNode *node = &g_array_index (m->nodes, LadderTrNode, k);
      if (itf == NULL || itf->name == NULL || node->link_name != NULL)
        continue;
      node->link_name = g_strdup (itf->name);
    }
}

/* A lab capture sees probes on several links: then even a probe seen on
 * one link only (TTL 1) shows a measured TTL. */
static gboolean
seen_on_several_links (GHashTable *sightings)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, sightings);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((GArray *) value)->len > 1)
      return TRUE;
  return FALSE;
}

/* The node a link named NAME starts from, or -1: links are named once
 * the probes' sightings are in. */
static int
link_node (LadderTrModel *m, const char *name)
{
  for (guint i = 0; name != NULL && i + 1 < m->nodes->len; i++)
    if (g_strcmp0 (g_array_index (m->nodes, LadderTrNode, i).link_name, name) == 0)
      return (int) i;
  return -1;
}

/* Where a lab link lost a probe or its reply: the arrow ends on that
 * link, as the ladder's does. */
static void
place_losses (LadderDiagram *d, LadderTrModel *m)
{
  for (guint i = 0; i < m->rows->len; i++)
    {
      LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);

      r->lost_on = ladder_analysis_get_lost_on (d->analysis, r->probe->probe);
      r->lost_node = link_node (m, r->lost_on);
      if (r->lost_on != NULL && r->lost_node < 0)
        r->lost_node = (int) MIN (r->n_measured > 0 ? r->n_measured - 1 : 0, r->end_node - 1);
      r->reply_lost_on = r->probe->reply != 0 ? ladder_analysis_get_lost_on (d->analysis, r->probe->reply)
                                              : NULL;
      r->reply_lost_node = link_node (m, r->reply_lost_on);
      if (r->reply_lost_on != NULL && (r->reply_lost_node < 0 || r->reply_lost_node >= (int) r->end_node))
        r->reply_lost_node = (int) r->end_node - 1;
    }
}

static void
add_rows (LadderDiagram *d, LadderTrModel *m, const LadderTracerouteRun *run)
{
  g_autoptr (GHashTable) sightings = collect_sightings (d, run);
  gboolean lab = seen_on_several_links (sightings);

  for (guint h = 0; h < run->n_hops; h++)
    for (guint q = 0; q < run->hops[h].n_probes; q++)
      {
        const LadderTracerouteProbe *p = &run->hops[h].probes[q];
        GArray *list = g_hash_table_lookup (sightings, GSIZE_TO_POINTER ((gsize) p->probe));
        LadderTrRow row = { 0 };

        row.probe = p;
        row.hop = h;
        row.query = q;
        row.end_node = h + 1;
        if (list != NULL && list->len > 0 && lab)
          {
            g_array_sort (list, ladder_compare_ts);
            row.n_measured = MIN (list->len, LADDER_TR_MAX_LINKS);
            for (guint k = 0; k < row.n_measured; k++)
              row.measured_ttl[k] = g_array_index (list, Sighting, k).ttl;
            name_links (d, m, list);
            m->measured = TRUE;
          }
        g_array_append_val (m->rows, row);
      }
  place_losses (d, m);
}

static void
set_titles (LadderDiagram *d, LadderTrModel *m, const LadderTracerouteRun *run)
{
  char dst[LADDER_ADDR_STRLEN];
  GString *s = g_string_new (NULL);

  /* Translators: "traceroute to 10.0.4.2 (UDP probes)"; traceroute is the program's name */
  d->title = g_strdup_printf (_("traceroute to %s (%s probes)"), ladder_addr_to_string (&run->dst, dst),
                              ladder_traceroute_method_to_string (run->method));
  if (run->reached)
    g_string_append_printf (s, ngettext ("%u hop, destination reached", "%u hops, destination reached",
                                         run->n_hops), run->n_hops);
  else
    g_string_append_printf (s, ngettext ("%u hop, destination not reached", "%u hops, destination not reached",
                                         run->n_hops), run->n_hops);
  if (run->probes_past_end > 0)
    {
      g_string_append (s, " \u00b7 ");
      g_string_append_printf (s, ngettext ("%u probe sent past the end not drawn",
                                           "%u probes sent past the end not drawn", run->probes_past_end),
                              run->probes_past_end);
    }
  g_string_append (s, " \u00b7 ");
  g_string_append (s, m->measured ? _("TTL on each link as captured there")
                                  : _("(TTL n): computed, no capture on that link"));
  m->subtitle = g_string_free (s, FALSE);
}

gboolean
ladder_tr_build (LadderDiagram *d, GError **error)
{
  const LadderTracerouteRun *run = find_run (d, error);
  LadderTrModel *m;

  if (run == NULL)
    return FALSE;
  m = g_new0 (LadderTrModel, 1);
  m->run = run;
  m->nodes = g_array_new (FALSE, TRUE, sizeof (LadderTrNode));
  m->rows = g_array_new (FALSE, TRUE, sizeof (LadderTrRow));
  d->model = m;
  d->klass = &ladder_tr_class;
  build_nodes (m, run);
  add_rows (d, m, run);
  set_titles (d, m, run);
  ladder_tr_layout (d, m);
  return TRUE;
}
