/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-traceroute-paint.c: painting, hit testing and Mermaid for the TTL
 * staircase, and the quoted-header panel.
 */
#include "ladder-traceroute-private.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

static LadderTrNode *
node (LadderTrModel *m, guint i)
{
  return &g_array_index (m->nodes, LadderTrNode, MIN (i, m->nodes->len - 1));
}

static gboolean
reply_is_error (const LadderTracerouteProbe *p)
{
  return p->reply != 0 && p->reply_type != LADDER_TRACEROUTE_REPLY_ECHO_REPLY
         && p->reply_type != LADDER_TRACEROUTE_REPLY_SYN_ACK
         && p->reply_type != LADDER_TRACEROUTE_REPLY_RST;
}

/* On the arrow, the reply's name; the RTT is in the per-query column (and
 * in Mermaid text, which has no column). */
static void
reply_label (const LadderTracerouteProbe *p, gboolean with_rtt, char *buf, gsize size)
{
  if (!with_rtt || p->rtt_negative || isnan (p->rtt_ms))
    g_snprintf (buf, size, "%s", ladder_tr_reply_name (p->reply_type));
  else
    g_snprintf (buf, size, "%s \u00b7 %.3f ms", ladder_tr_reply_name (p->reply_type), p->rtt_ms);
}

static void
link_ttl (const LadderTrRow *r, guint link, char *buf, gsize size)
{
  if (link < r->n_measured)
    g_snprintf (buf, size, "TTL %u", r->measured_ttl[link]);
  else
    g_snprintf (buf, size, "(TTL %d)", (int) r->probe->ttl - (int) link);
}

static void
paint_nodes (LadderDiagram *d, LadderTrModel *m, LadderCanvas *canvas)
{
  const LadderPalette *p = &d->palette;

  for (guint i = 0; i < m->nodes->len; i++)
    {
      LadderTrNode *n = node (m, i);
      gboolean faint = n->kind == LADDER_TR_NODE_SILENT || n->kind == LADDER_TR_NODE_UNREACHED;
      LadderStroke border = { n->kind == LADDER_TR_NODE_DESTINATION ? p->handshake : p->grid,
                              ladder_diagram_px (d, n->kind == LADDER_TR_NODE_DESTINATION ? 3 : 2),
                              faint ? ladder_diagram_px (d, 6) : 0 };
      LadderStroke line = { p->grid, ladder_diagram_px (d, 2), faint ? ladder_diagram_px (d, 6) : 0 };

      ladder_canvas_line (canvas, n->x, m->nodes_y + m->nodes_h, n->x, m->rows_bottom, &line);
      ladder_canvas_rect (canvas, n->x - n->half_w, m->nodes_y, 2 * n->half_w,
                          m->nodes_h - ladder_diagram_px (d, 6), ladder_diagram_px (d, 6), &p->panel, &border);
      ladder_canvas_text (canvas, n->x, m->nodes_y + ladder_diagram_px (d, 5), n->title, LADDER_FONT_BOLD,
                          &p->foreground, LADDER_ALIGN_CENTER);
      ladder_canvas_text (canvas, n->x, m->nodes_y + ladder_diagram_px (d, 5)
                          + ladder_fonts_line_height (d->fonts, LADDER_FONT_BOLD), n->subtitle,
                          LADDER_FONT_SMALL, &p->muted, LADDER_ALIGN_CENTER);
      if (n->link_name != NULL && i + 1 < m->nodes->len)
        ladder_canvas_label (canvas, (n->x + node (m, i + 1)->x) / 2, m->nodes_y + m->nodes_h
                             + ladder_diagram_px (d, 2), n->link_name, LADDER_FONT_SMALL, &p->muted,
                             &p->background, LADDER_ALIGN_CENTER);
    }
}

static void
paint_cross (LadderDiagram *d, LadderCanvas *canvas, double x, double y)
{
  LadderStroke s = { d->palette.rst, ladder_diagram_px (d, 3), 0 };
  double r = ladder_diagram_px (d, 7);

  ladder_canvas_line (canvas, x - r, y - r, x + r, y + r, &s);
  ladder_canvas_line (canvas, x - r, y + r, x + r, y - r, &s);
}

/* Halfway along the link from node I to node I + 1: where a lost packet's
 * arrow ends, in a cross. */
static double
lost_x (LadderTrModel *m, int i)
{
  return (node (m, (guint) i)->x + node (m, (guint) i + 1)->x) / 2;
}

static void
paint_lost_note (LadderDiagram *d, LadderCanvas *canvas, double x, double y, const char *link,
                 LadderAlign align)
{
  g_autofree char *text = g_strdup_printf (_("lost on %s"), link);
  double small = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  gboolean right = align == LADDER_ALIGN_LEFT;

  paint_cross (d, canvas, x, y);
  /* A probe's note below its line, a reply's above: the next row's TTLs
   * sit under a reply. */
  ladder_canvas_label (canvas, x + (right ? 1 : -1) * ladder_diagram_px (d, 12),
                       right ? y + ladder_diagram_px (d, 4) : y - small - ladder_diagram_px (d, 2),
                       text, LADDER_FONT_SMALL, &d->palette.rst, &d->palette.background, align);
}

static void
paint_probe_ttls (LadderDiagram *d, LadderTrModel *m, LadderCanvas *canvas, const LadderTrRow *r,
                  guint n_links)
{
  const LadderPalette *p = &d->palette;
  double body = ladder_fonts_line_height (d->fonts, LADDER_FONT_BOLD);
  char text[32];

  for (guint k = 0; k < n_links; k++)
    {
      link_ttl (r, k, text, sizeof text);
      ladder_canvas_text (canvas, (node (m, k)->x + node (m, k + 1)->x) / 2, r->y - body - ladder_diagram_px (d, 2),
                          text, k < r->n_measured ? LADDER_FONT_BOLD : LADDER_FONT_BODY,
                          k < r->n_measured ? &p->foreground : &p->muted, LADDER_ALIGN_CENTER);
    }
}

static void
paint_probe (LadderDiagram *d, LadderTrModel *m, LadderCanvas *canvas, const LadderTrRow *r,
             gboolean selected)
{
  const LadderPalette *p = &d->palette;
  double small = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  gboolean lost = r->lost_on != NULL;
  double x0 = node (m, 0)->x, x1 = lost ? lost_x (m, r->lost_node) : node (m, r->end_node)->x;
  LadderStroke s = { p->data, ladder_diagram_px (d, 3), 0 };
  char id[32];

  g_snprintf (id, sizeof id, "frame-%" G_GUINT64_FORMAT, r->probe->probe);
  ladder_canvas_begin_group (canvas, id, lost ? "probe lost" : "probe");
  if (selected)
    {
      LadderStroke halo = { p->selection, ladder_diagram_px (d, 14), 0 };
      ladder_canvas_line (canvas, x0, r->y, x1, r->y, &halo);
    }
  ladder_canvas_line (canvas, x0, r->y, x1 - ladder_diagram_px (d, 2), r->y, &s);
  paint_probe_ttls (d, m, canvas, r, lost ? (guint) r->lost_node + 1 : r->end_node);
  if (lost)
    paint_lost_note (d, canvas, x1, r->y, r->lost_on, LADDER_ALIGN_LEFT);
  else
    ladder_canvas_arrowhead (canvas, x1, r->y, 1, 0, ladder_diagram_px (d, 14), &p->data);
  /* A lost probe's cross and note say it all. */
  if (!lost && r->probe->reply_type == LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED)
    paint_cross (d, canvas, x1 + ladder_diagram_px (d, 14), r->y);
  else if (!lost && r->probe->reply == 0)
    ladder_canvas_text (canvas, x1 + ladder_diagram_px (d, 10), r->y - small / 2, _("* no reply"),
                        LADDER_FONT_BODY, &p->foreground, LADDER_ALIGN_LEFT);
  ladder_canvas_end_group (canvas);
}

static void
paint_reply (LadderDiagram *d, LadderTrModel *m, LadderCanvas *canvas, const LadderTrRow *r,
             gboolean selected)
{
  const LadderPalette *p = &d->palette;
  gboolean error = reply_is_error (r->probe);
  gboolean lost = r->reply_lost_on != NULL;
  double x1 = node (m, r->end_node)->x, x0 = lost ? lost_x (m, r->reply_lost_node) : node (m, 0)->x;
  double body = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);
  LadderStroke s = { error ? p->rst : p->handshake, ladder_diagram_px (d, 3),
                     error ? ladder_diagram_px (d, 9) : 0 };
  LadderColor bg = selected ? p->selection_label : p->background;
  char id[32], text[96];

  if (r->probe->reply == 0)
    return;
  g_snprintf (id, sizeof id, "frame-%" G_GUINT64_FORMAT, r->probe->reply);
  ladder_canvas_begin_group (canvas, id, lost ? (error ? "reply icmp-error lost" : "reply lost")
                                              : (error ? "reply icmp-error" : "reply"));
  if (selected)
    {
      LadderStroke halo = { p->selection, ladder_diagram_px (d, 14), 0 };
      ladder_canvas_line (canvas, x1, r->y_return, x0, r->y_return, &halo);
    }
  ladder_canvas_line (canvas, x1, r->y, x1, r->y_return, &s);
  ladder_canvas_line (canvas, x1, r->y_return, x0 + ladder_diagram_px (d, 2), r->y_return, &s);
  if (lost)
    paint_lost_note (d, canvas, x0, r->y_return, r->reply_lost_on, LADDER_ALIGN_RIGHT);
  else
    ladder_canvas_arrowhead (canvas, x0, r->y_return, -1, 0, ladder_diagram_px (d, 14), &s.color);
  reply_label (r->probe, FALSE, text, sizeof text);
  bg.a = selected ? 1 : 0.85;
  ladder_canvas_label (canvas, (x0 + x1) / 2, r->y_return - body - ladder_diagram_px (d, 2), text,
                       selected ? LADDER_FONT_BOLD : LADDER_FONT_BODY,
                       selected ? &p->selection_text : &p->foreground, &bg,
                       LADDER_ALIGN_CENTER);
  ladder_canvas_end_group (canvas);
}

static void
paint_row_texts (LadderDiagram *d, LadderTrModel *m, LadderCanvas *canvas, const LadderTrRow *r)
{
  const LadderPalette *p = &d->palette;
  double body = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);
  char text[64];

  if (r->query == 0)
    {
      LadderStroke sep = { p->panel_border, ladder_diagram_px (d, 1), 0 };
      double top = r->y - ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL) - ladder_diagram_px (d, 10);
      g_snprintf (text, sizeof text, "TTL %u", r->probe->ttl);
      if (r->hop > 0)
        ladder_canvas_line (canvas, ladder_diagram_px (d, 24), top, m->rows_right, top, &sep);
      ladder_canvas_text (canvas, m->hop_x, r->y - body / 2, text, LADDER_FONT_BOLD, &p->foreground,
                          LADDER_ALIGN_RIGHT);
    }
  /* each query's RTT at the left end of its reply, as traceroute prints them per hop
   * (a reply lost on the way never reached traceroute: "*") */
  if (r->probe->reply == 0 || r->reply_lost_on != NULL)
    ladder_canvas_text (canvas, m->hop_x, r->y_return - body / 2, "*", LADDER_FONT_BODY, &p->foreground,
                        LADDER_ALIGN_RIGHT);
  else if (!isnan (r->probe->rtt_ms))
    {
      g_snprintf (text, sizeof text, "%.3f ms", r->probe->rtt_ms);
      ladder_canvas_text (canvas, m->hop_x, r->y_return - body / 2, text, LADDER_FONT_BODY, &p->foreground,
                          LADDER_ALIGN_RIGHT);
    }
}

/* The quoted-header panel. */

typedef struct
{
  const char *field;
  char probe[64], quoted[64];
  char verdict_text[32];
  int verdict;   /* 0 same, 1 changed on the way (TTL), 2 differs; -1 to cmp_add: compare */
} Cmp;

static void
cmp_add (GArray *rows, const char *field, const char *probe, const char *quoted, int verdict)
{
  Cmp c = { 0 };

  c.field = field;
  c.verdict = verdict;
  g_strlcpy (c.probe, probe, sizeof c.probe);
  g_strlcpy (c.quoted, quoted, sizeof c.quoted);
  if (verdict < 0)
    c.verdict = strcmp (probe, quoted) == 0 ? 0 : 2;
  g_array_append_val (rows, c);
}

static void
cmp_add_uint (GArray *rows, const char *field, guint a, guint b)
{
  char x[24], y[24];

  g_snprintf (x, sizeof x, "%u", a);
  g_snprintf (y, sizeof y, "%u", b);
  cmp_add (rows, field, x, y, -1);
}

static const char *
proto_name (guint8 proto, char *buf, gsize size)
{
  const char *name = proto == 6 ? "TCP" : proto == 17 ? "UDP" : proto == 1 ? "ICMP" : proto == 58 ? "ICMPv6" : "";

  g_snprintf (buf, size, "%s%s%u%s", name, name[0] ? " (" : "", proto, name[0] ? ")" : "");
  return buf;
}

static GArray *
compare_quote (const LadderPacket *probe, const LadderQuoted *q)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Cmp));
  char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN], x[32], y[32];

  cmp_add (rows, NC_("quoted field", "source"), ladder_addr_to_string (&probe->src, a), ladder_addr_to_string (&q->src, b), -1);
  cmp_add (rows, NC_("quoted field", "destination"), ladder_addr_to_string (&probe->dst, a), ladder_addr_to_string (&q->dst, b), -1);
  cmp_add (rows, NC_("quoted field", "protocol"), proto_name (probe->ip_proto, x, sizeof x), proto_name (q->ip_proto, y, sizeof y), -1);
  g_snprintf (x, sizeof x, _("%u (sent)"), probe->ttl);
  g_snprintf (y, sizeof y, _("%u (arrived)"), q->ttl);
  cmp_add (rows, NC_("quoted field", "TTL"), x, y, probe->ttl == q->ttl ? 0 : 1);
  g_snprintf (g_array_index (rows, Cmp, rows->len - 1).verdict_text, sizeof (((Cmp *) NULL)->verdict_text),
              _("\u2212%d by routers"), (int) probe->ttl - (int) q->ttl);
  if (probe->ip_version == 4)
    cmp_add_uint (rows, NC_("quoted field", "IP identification"), probe->ip_id, q->ip_id);
  if (q->has_ports)
    {
      cmp_add_uint (rows, NC_("quoted field", "source port"), probe->sport, q->sport);
      cmp_add_uint (rows, NC_("quoted field", "destination port"), probe->dport, q->dport);
    }
  if (q->has_tcp_seq)
    cmp_add_uint (rows, NC_("quoted field", "TCP sequence"), probe->seq, q->tcp_seq);
  if (q->has_icmp)
    {
      cmp_add_uint (rows, NC_("quoted field", "ICMP echo id"), probe->icmp_id, q->icmp_id);
      cmp_add_uint (rows, NC_("quoted field", "ICMP echo seq"), probe->icmp_seq, q->icmp_seq);
    }
  return rows;
}

static const LadderTrRow *
row_for_frame (LadderTrModel *m, guint64 frame)
{
  for (guint i = 0; frame != 0 && i < m->rows->len; i++)
    {
      const LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      if (r->probe->probe == frame || r->probe->reply == frame)
        return r;
    }
  return NULL;
}

static void
paint_panel_hint (LadderDiagram *d, LadderTrModel *m, LadderCanvas *canvas, double y, const char *text)
{
  ladder_canvas_text (canvas, m->panel_x + ladder_diagram_px (d, 16), y, text, LADDER_FONT_SMALL,
                      &d->palette.muted, LADDER_ALIGN_LEFT);
}

/* Panel columns, px at font scale 1. */
static const double cmp_cols[4] = { 16, 170, 330, 470 };

static void
paint_cmp_texts (LadderDiagram *d, LadderTrModel *m, LadderCanvas *canvas, double y,
                 const char * const texts[4], const LadderColor *color)
{
  for (guint i = 0; i < 4; i++)
    ladder_canvas_text (canvas, m->panel_x + ladder_diagram_px (d, cmp_cols[i]), y, texts[i],
                        LADDER_FONT_SMALL, color, LADDER_ALIGN_LEFT);
}

/* A compared field's name as shown; the rows keep the English name, which
 * field_meaning() and the tests look up. */
static const char *
field_label (const char *field)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, "quoted field", field);
}

static void
paint_cmp_row (LadderDiagram *d, LadderTrModel *m, LadderCanvas *canvas, const Cmp *c, double y, double h)
{
  const LadderPalette *p = &d->palette;
  const char * const verdicts[] = { _("\u2713 same"), "", _("\u2260 differs") };
  LadderColor fill = c->verdict == 0 ? p->handshake : c->verdict == 1 ? p->udp : p->rst;

  fill.a = p->dark ? 0.35 : 0.2;
  ladder_canvas_rect (canvas, m->panel_x + ladder_diagram_px (d, 8), y, m->panel_w - ladder_diagram_px (d, 16),
                      h - ladder_diagram_px (d, 2), ladder_diagram_px (d, 3), &fill, NULL);
  paint_cmp_texts (d, m, canvas, y + ladder_diagram_px (d, 3),
                   (const char * const[4]) { field_label (c->field), c->probe, c->quoted,
                                             c->verdict == 1 ? c->verdict_text : verdicts[c->verdict] },
                   &p->foreground);
}

/* The comparison rows for R, or NULL when its reply quotes nothing. */
static GArray *
comparison_rows (LadderDiagram *d, const LadderTrRow *r)
{
  LadderPacket probe, reply;

  if (!ladder_capture_decode (d->capture, r->probe->probe, &probe, NULL)
      || !ladder_capture_decode (d->capture, r->probe->reply, &reply, NULL) || !reply.quoted.present)
    return NULL;
  return compare_quote (&probe, &reply.quoted);
}

static double
cmp_row_height (LadderDiagram *d)
{
  return ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL) + ladder_diagram_px (d, 8);
}

/* Where the panel's text starts, below its heading. */
static double
panel_text_y (LadderDiagram *d, LadderTrModel *m)
{
  return m->panel_y + ladder_diagram_px (d, 16) + ladder_fonts_line_height (d->fonts, LADDER_FONT_BOLD);
}

static void
paint_comparison (LadderDiagram *d, LadderTrModel *m, LadderCanvas *canvas, const LadderTrRow *r, double y)
{
  double h = cmp_row_height (d);
  g_autoptr (GArray) rows = comparison_rows (d, r);
  char text[128];

  if (rows == NULL)
    {
      paint_panel_hint (d, m, canvas, y, r->probe->reply == 0 ? _("This probe drew no reply.")
                        : _("This reply is the destination's own answer: it quotes nothing."));
      return;
    }
  /* Translators: "probe #12 as sent ↔ quoted in #14", packet numbers */
  g_snprintf (text, sizeof text, _("probe #%lu as sent \u2194 quoted in #%lu"),
              (gulong) r->probe->probe, (gulong) r->probe->reply);
  paint_panel_hint (d, m, canvas, y, text);
  y += h;
  paint_cmp_texts (d, m, canvas, y, (const char * const[4]) { _("field"), _("probe"), _("quoted"), "" },
                   &d->palette.muted);
  y += h;
  for (guint i = 0; i < rows->len; i++, y += h)
    paint_cmp_row (d, m, canvas, &g_array_index (rows, Cmp, i), y, h);
}

static void
paint_panel (LadderDiagram *d, LadderTrModel *m, LadderCanvas *canvas, guint64 selected)
{
  const LadderPalette *p = &d->palette;
  const LadderTrRow *r = row_for_frame (m, selected);
  double body = ladder_fonts_line_height (d->fonts, LADDER_FONT_BOLD);
  double h = 13 * (ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY) + ladder_diagram_px (d, 8));
  LadderStroke border = { p->panel_border, ladder_diagram_px (d, 1), 0 };
  double y = m->panel_y + ladder_diagram_px (d, 10);
  double text_y = panel_text_y (d, m);

  ladder_canvas_begin_group (canvas, "quoted-header", "panel");
  ladder_canvas_rect (canvas, m->panel_x, m->panel_y, m->panel_w, h, ladder_diagram_px (d, 6),
                      &p->panel, &border);
  ladder_canvas_text (canvas, m->panel_x + ladder_diagram_px (d, 16), y, _("What the ICMP error quotes"),
                      LADDER_FONT_BOLD, &p->foreground, LADDER_ALIGN_LEFT);
  if (r == NULL)
    {
      paint_panel_hint (d, m, canvas, text_y, _("Select a reply to compare the IP header it quotes"));
      paint_panel_hint (d, m, canvas, text_y + body, _("with the probe that caused it."));
    }
  else
    paint_comparison (d, m, canvas, r, text_y);
  ladder_canvas_end_group (canvas);
}

static gboolean
any_lost (LadderTrModel *m)
{
  for (guint i = 0; i < m->rows->len; i++)
    {
      const LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      if (r->lost_on != NULL || r->reply_lost_on != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
paint_legend (LadderDiagram *d, LadderTrModel *m, LadderCanvas *canvas)
{
  ladder_canvas_text (canvas, ladder_diagram_px (d, 24), d->height - 2 * ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL)
                      - ladder_diagram_px (d, 18),
                      any_lost (m) ? _("\u2192 probe, TTL on each link   \u2190 \u2508 ICMP error back to the client   "
                                       "\u2715 TTL reached 0 there   \u2715 lost on a link: that link dropped it   "
                                       "* no reply")
                                   : _("\u2192 probe, TTL on each link   \u2190 \u2508 ICMP error back to the client   "
                                       "\u2715 TTL reached 0 there   * no reply"),
                      LADDER_FONT_SMALL, &d->palette.muted, LADDER_ALIGN_LEFT);
}

static void
tr_paint (LadderDiagram *d, LadderCanvas *canvas, double y0, double y1, guint64 selected)
{
  LadderTrModel *m = d->model;
  double margin = ladder_diagram_px (d, 60);

  if (!d->ghost_pass)
    {
      ladder_diagram_paint_title (d, canvas, m->subtitle);
      paint_nodes (d, m, canvas);
    }
  for (guint i = 0; i < m->rows->len; i++)
    {
      const LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      if (r->y_return < y0 - margin || r->y > y1 + margin)
        continue;
      /* Lecture mode: a probe's RTT is known once its reply came. */
      if (!ladder_diagram_skips (d, r->probe->reply != 0 ? r->probe->reply_ts : r->probe->probe_ts))
        paint_row_texts (d, m, canvas, r);
      if (!ladder_diagram_skips (d, r->probe->probe_ts))
        paint_probe (d, m, canvas, r, selected == r->probe->probe);
      if (r->probe->reply != 0 && !ladder_diagram_skips (d, r->probe->reply_ts))
        paint_reply (d, m, canvas, r, selected != 0 && selected == r->probe->reply);
    }
  if (d->ghost_pass)
    return;
  paint_panel (d, m, canvas, selected);
  paint_legend (d, m, canvas);
}

static gboolean
tr_header (LadderDiagram *d, LadderCanvas *canvas, double *y, double *h)
{
  LadderTrModel *m = d->model;

  *y = m->nodes_y;
  *h = m->nodes_h + ladder_diagram_px (d, 8) + ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  if (canvas != NULL)
    paint_nodes (d, m, canvas);
  return TRUE;
}

/* Lecture mode: the lowest line of what has happened. */
static gboolean
tr_current_y (LadderDiagram *d, double *y)
{
  LadderTrModel *m = d->model;
  gboolean found = FALSE;

  for (guint i = 0; i < m->rows->len; i++)
    {
      const LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      if (!ladder_diagram_later (d, r->probe->probe_ts))
        *y = found ? MAX (*y, r->y) : r->y, found = TRUE;
      if (r->probe->reply != 0 && !ladder_diagram_later (d, r->probe->reply_ts))
        *y = MAX (*y, r->y_return);
    }
  return found;
}

/* Lecture mode: the probe sent at the limit (its TTL labels above its
 * line, down to its reply's line and name) or the reply arriving then. */
static gboolean
tr_current_extent (LadderDiagram *d, double *x0, double *y0, double *x1, double *y1)
{
  LadderTrModel *m = d->model;
  double bold = ladder_fonts_line_height (d->fonts, LADDER_FONT_BOLD);
  double body = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);
  gboolean found = FALSE;

  for (guint i = 0; i < m->rows->len; i++)
    {
      const LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      gboolean sent = r->probe->probe_ts == d->options.until_ns;
      gboolean answered = r->probe->reply != 0 && r->probe->reply_ts == d->options.until_ns;
      double top = sent ? r->y - bold : r->y_return - body, bottom = r->y_return + body;
      if (!sent && !answered)
        continue;
      *y0 = found ? MIN (*y0, top) : top;
      *y1 = found ? MAX (*y1, bottom) : bottom;
      *x0 = node (m, 0)->x;
      *x1 = found ? MAX (*x1, node (m, r->end_node)->x) : node (m, r->end_node)->x;
      found = TRUE;
    }
  return found;
}

static guint64
tr_hit_test (LadderDiagram *d, double x, double y)
{
  LadderTrModel *m = d->model;
  double tol = ladder_diagram_px (d, 9);
  double label = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);

  for (guint i = 0; i < m->rows->len; i++)
    {
      const LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      double x0 = node (m, 0)->x, x1 = node (m, r->end_node)->x;
      if (x < x0 - tol || x > x1 + tol)
        continue;
      if (fabs (y - r->y) <= tol)
        return r->probe->probe;
      if (r->probe->reply != 0 && y <= r->y_return + tol && y >= r->y_return - label - tol)
        return r->probe->reply;
    }
  return 0;
}

static gboolean
tr_frame_bounds (LadderDiagram *d, guint64 frame, double *x, double *y, double *w, double *h)
{
  LadderTrModel *m = d->model;
  const LadderTrRow *r = row_for_frame (m, frame);

  if (r == NULL)
    return FALSE;
  *x = node (m, 0)->x;
  *w = node (m, r->end_node)->x - *x;
  *y = r->y - ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  *h = r->y_return - *y + ladder_diagram_px (d, 8);
  return TRUE;
}

static void
tr_frames (LadderDiagram *d, GArray *out)
{
  LadderTrModel *m = d->model;

  for (guint i = 0; i < m->rows->len; i++)
    {
      const LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      g_array_append_val (out, r->probe->probe);
      if (r->probe->reply != 0)
        g_array_append_val (out, r->probe->reply);
    }
}

static void
tr_mermaid (LadderDiagram *d, GString *out)
{
  LadderTrModel *m = d->model;

  g_string_append (out, "sequenceDiagram\n    title ");
  ladder_mermaid_append_text (out, d->title);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < m->nodes->len; i++)
    {
      g_string_append_printf (out, "    participant N%u as ", i);
      ladder_mermaid_append_text (out, node (m, i)->title);
      g_string_append (out, "<br/>");
      ladder_mermaid_append_text (out, node (m, i)->subtitle);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < m->rows->len; i++)
    {
      const LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      char text[96];
      g_autofree char *lost = r->lost_on != NULL ? g_strdup_printf (" (lost on %s)", r->lost_on) : g_strdup ("");
      g_autofree char *reply_lost = r->reply_lost_on != NULL ? g_strdup_printf (" (lost on %s)", r->reply_lost_on)
                                                             : g_strdup ("");
      /* A lost probe ends at the router it was going to. */
      g_string_append_printf (out, "    N0%sN%u: %s probe TTL %u", r->probe->reply && r->lost_on == NULL ? "->>" : "-x",
                              r->lost_on != NULL ? (guint) r->lost_node + 1 : r->end_node,
                              ladder_traceroute_method_to_string (m->run->method), r->probe->ttl);
      ladder_mermaid_append_text (out, lost);
      g_string_append_printf (out, " [#35;%" G_GUINT64_FORMAT "]\n", r->probe->probe);
      if (r->probe->reply == 0)
        continue;
      reply_label (r->probe, TRUE, text, sizeof text);
      g_string_append_printf (out, "    N%u%sN%u: %s", r->end_node, r->reply_lost_on != NULL ? "--x" : "-->>",
                              r->reply_lost_on != NULL ? (guint) r->reply_lost_node : 0, text);
      ladder_mermaid_append_text (out, reply_lost);
      g_string_append_printf (out, " [#35;%" G_GUINT64_FORMAT "]\n", r->probe->reply);
    }
}

/* What each compared field is for, in a sentence a student can follow. */
static const char *
field_meaning (const char *field)
{
  static const struct { const char *field, *meaning; } meanings[] = {
    { "source", N_("The probe's sender. The router sends its error back to this address.") },
    { "destination", N_("Where the probe was going; it never got there, a router on the way answered.") },
    { "protocol", N_("What the IP header carries: traceroute's UDP, ICMP echo or TCP SYN probes.") },
    { "TTL", N_("Time to live: each router subtracts 1 and drops the packet when it reaches 0, "
                "sending this ICMP error. The quoted value is what arrived at that router.") },
    { "IP identification", N_("The IPv4 ID field: the same in probe and quote, so this error belongs to this "
                              "probe.") },
    { "source port", N_("Unchanged on the way: traceroute matches the error to its probe by the ports.") },
    { "destination port", N_("Unchanged on the way: UDP traceroute gives each probe its own destination port.") },
    { "TCP sequence", N_("The first bytes of the TCP header are quoted too: the SYN's sequence number.") },
    { "ICMP echo id", N_("Identifies the pinging program; ICMP traceroute matches errors to probes by it.") },
    { "ICMP echo seq", N_("Numbers each probe; the quoted copy says which probe expired.") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (meanings); i++)
    if (strcmp (field, meanings[i].field) == 0)
      return _(meanings[i].meaning);
  return "";
}

static char *
describe_cmp (const Cmp *c)
{
  const char *verdict = c->verdict == 0 ? _("the same in both")
                        : c->verdict == 1 ? _("changed on the way, as it should")
                        : _("different: this quote may not belong to this probe");

  return g_strdup_printf (_("%s\nprobe as sent: %s\nquoted by the router: %s\n%s.\n%s"), field_label (c->field),
                          c->probe, c->quoted, verdict, field_meaning (c->field));
}

/* Hovering a row of the quoted-header panel explains that field. */
static char *
tr_describe (LadderDiagram *d, double x, double y, guint64 selected)
{
  LadderTrModel *m = d->model;
  const LadderTrRow *r = row_for_frame (m, selected);
  double h = cmp_row_height (d);
  /* Rows start below the hint line and the column headings. */
  double top = panel_text_y (d, m) + 2 * h;
  g_autoptr (GArray) rows = NULL;
  int i;

  if (r == NULL || x < m->panel_x || x > m->panel_x + m->panel_w || y < top)
    return NULL;
  rows = comparison_rows (d, r);
  i = (int) ((y - top) / h);
  if (rows == NULL || i >= (int) rows->len)
    return NULL;
  return describe_cmp (&g_array_index (rows, Cmp, i));
}

const LadderDiagramClass ladder_tr_class = {
  tr_paint, tr_hit_test, tr_frame_bounds, tr_frames, tr_mermaid, ladder_tr_model_free, tr_describe,
  tr_current_y, tr_header, NULL, tr_current_extent,
};
