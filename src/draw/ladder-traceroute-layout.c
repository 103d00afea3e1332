/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-traceroute-layout.c: where the TTL staircase's parts go. */
#include "ladder-traceroute-private.h"

#include <glib/gi18n-lib.h>

#include <math.h>

const char *
ladder_tr_reply_name (LadderTracerouteReply reply)
{
  switch (reply)
    {
    case LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED: return _("Time exceeded");
    case LADDER_TRACEROUTE_REPLY_PORT_UNREACHABLE: return _("Port unreachable");
    case LADDER_TRACEROUTE_REPLY_NET_UNREACHABLE: return _("Net unreachable");
    case LADDER_TRACEROUTE_REPLY_HOST_UNREACHABLE: return _("Host unreachable");
    case LADDER_TRACEROUTE_REPLY_PROTOCOL_UNREACHABLE: return _("Protocol unreachable");
    case LADDER_TRACEROUTE_REPLY_PROHIBITED: return _("Prohibited");
    case LADDER_TRACEROUTE_REPLY_UNREACHABLE: return _("Unreachable");
    case LADDER_TRACEROUTE_REPLY_ECHO_REPLY: return _("Echo reply");
    case LADDER_TRACEROUTE_REPLY_SYN_ACK: return "SYN-ACK";
    case LADDER_TRACEROUTE_REPLY_RST: return "RST";
    case LADDER_TRACEROUTE_REPLY_NONE:
    default: return _("no reply");
    }
}

static double
text_width (LadderDiagram *d, LadderFontRole role, const char *text)
{
  double w;

  ladder_fonts_measure (d->fonts, role, text, &w, NULL, NULL);
  return w;
}

/* Node boxes, and the spacing that fits them and the reply labels. */
static double
node_spacing (LadderDiagram *d, LadderTrModel *m)
{
  double dx = ladder_diagram_px (d, 170);

  for (guint i = 0; i < m->nodes->len; i++)
    {
      LadderTrNode *n = &g_array_index (m->nodes, LadderTrNode, i);
      n->half_w = (MAX (text_width (d, LADDER_FONT_BOLD, n->title),
                        text_width (d, LADDER_FONT_SMALL, n->subtitle)) + ladder_diagram_px (d, 24)) / 2;
      dx = MAX (dx, 2 * n->half_w + ladder_diagram_px (d, 30));
      if (n->link_name != NULL)
        dx = MAX (dx, text_width (d, LADDER_FONT_SMALL, n->link_name) + ladder_diagram_px (d, 30));
    }
  dx = MAX (dx, text_width (d, LADDER_FONT_BOLD, _("Protocol unreachable")) + ladder_diagram_px (d, 30));
  return dx;
}

/* The narrowest spacing that still holds the node boxes, the link names
 * and the names of replies from the first router (the only ones that span
 * a single gap). */
static double
min_spacing (LadderDiagram *d, LadderTrModel *m)
{
  double dx = 0, gap = ladder_diagram_px (d, 16);

  for (guint i = 0; i < m->nodes->len; i++)
    {
      const LadderTrNode *n = &g_array_index (m->nodes, LadderTrNode, i);
      dx = MAX (dx, 2 * n->half_w + gap);
      if (n->link_name != NULL)
        dx = MAX (dx, text_width (d, LADDER_FONT_SMALL, n->link_name) + gap);
    }
  for (guint i = 0; i < m->rows->len; i++)
    {
      const LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      if (r->end_node == 1 && r->probe->reply != 0)
        dx = MAX (dx, text_width (d, LADDER_FONT_BODY, ladder_tr_reply_name (r->probe->reply_type)) + 2 * gap);
    }
  return dx;
}

/* Right of the last node: its box, or the "no reply" mark. */
static double
tail_width (LadderDiagram *d, LadderTrModel *m)
{
  const LadderTrNode *last = &g_array_index (m->nodes, LadderTrNode, m->nodes->len - 1);

  return MAX (last->half_w, text_width (d, LADDER_FONT_BODY, _("* no reply")));
}

/* Lecture mode on a projector (options.max_width): the gaps narrowed, not
 * below min_spacing(), so the last node is on screen at the same text size. */
static double
fit_spacing (LadderDiagram *d, LadderTrModel *m, double first_x, double dx)
{
  double gaps = 0, room;

  for (guint i = 1; i < m->nodes->len; i++)
    gaps += g_array_index (m->nodes, LadderTrNode, i).kind == LADDER_TR_NODE_UNREACHED ? 1.2 : 1;
  if (d->options.max_width <= 0 || gaps == 0)
    return dx;
  room = d->options.max_width - first_x - tail_width (d, m) - ladder_diagram_px (d, 16 + 24);
  return MAX (MIN (dx, room / gaps), min_spacing (d, m));
}

static void
place_nodes (LadderDiagram *d, LadderTrModel *m)
{
  double dx = node_spacing (d, m);
  double x;

  m->hop_x = ladder_diagram_px (d, 24) + MAX (text_width (d, LADDER_FONT_BOLD, "TTL 000"),
                                              text_width (d, LADDER_FONT_BODY, "000.000 ms"));
  x = m->hop_x + ladder_diagram_px (d, 30) + g_array_index (m->nodes, LadderTrNode, 0).half_w;
  dx = fit_spacing (d, m, x, dx);
  for (guint i = 0; i < m->nodes->len; i++)
    {
      LadderTrNode *n = &g_array_index (m->nodes, LadderTrNode, i);
      if (i > 0)
        x += n->kind == LADDER_TR_NODE_UNREACHED ? dx * 1.2 : dx;
      n->x = x;
    }
}

static void
place_rows (LadderDiagram *d, LadderTrModel *m, double top)
{
  double body = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);
  double y = top + ladder_fonts_line_height (d->fonts, LADDER_FONT_BOLD) + ladder_diagram_px (d, 4);

  for (guint i = 0; i < m->rows->len; i++)
    {
      LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      if (i > 0 && r->hop != (r - 1)->hop)
        y += ladder_diagram_px (d, 18);
      r->y = y;
      r->y_return = y + body + ladder_diagram_px (d, 12);
      y = r->y_return + ladder_fonts_line_height (d->fonts, LADDER_FONT_BOLD) + ladder_diagram_px (d, 16);
    }
  m->rows_bottom = y;
}

void
ladder_tr_layout (LadderDiagram *d, LadderTrModel *m)
{
  double small = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  double body = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);
  LadderTrNode *last;
  double top, panel_h;

  place_nodes (d, m);
  m->nodes_y = ladder_diagram_title_height (d, TRUE);
  m->nodes_h = ladder_fonts_line_height (d->fonts, LADDER_FONT_BOLD) + small + ladder_diagram_px (d, 16);
  top = m->nodes_y + m->nodes_h + (m->measured ? small + ladder_diagram_px (d, 8) : 0)
        + ladder_diagram_px (d, 20);
  place_rows (d, m, top);
  last = &g_array_index (m->nodes, LadderTrNode, m->nodes->len - 1);
  m->rows_right = last->x + tail_width (d, m) + ladder_diagram_px (d, 16);
  m->panel_x = m->rows_right + ladder_diagram_px (d, 24);
  m->panel_y = top;
  m->panel_w = ladder_diagram_px (d, 600);
  panel_h = 13 * (body + ladder_diagram_px (d, 8));
  /* Lecture mode: where the panel would push the width past the screen,
   * it goes below the staircase. */
  if (d->options.max_width > 0 && m->panel_x + m->panel_w + ladder_diagram_px (d, 24) > d->options.max_width)
    {
      m->panel_x = ladder_diagram_px (d, 24);
      m->panel_y = m->rows_bottom + ladder_diagram_px (d, 10);
    }
  d->width = MAX (m->rows_right, m->panel_x + m->panel_w) + ladder_diagram_px (d, 24);
  d->height = MAX (m->rows_bottom, m->panel_y + panel_h)
              + 2 * (small + ladder_diagram_px (d, 6)) + ladder_diagram_px (d, 30);
}
