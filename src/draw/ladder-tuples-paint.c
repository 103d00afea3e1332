/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-tuples-paint.c: the 5-tuple cards' layout, painting, hit testing
 * and Mermaid flowchart.
 */
#include "ladder-tuples-private.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#define CELL 96

static const char * const col_titles[LADDER_TUPLES_N_COLS] = {
  "#", N_("protocol"), N_("source address"), N_("source port"), "", N_("destination address"),
  N_("destination port"), N_("server socket"), "",
};

/* A column's title as shown (an empty title is not looked up: gettext
 * would answer the catalogue's header). */
static const char *
col_title (guint c)
{
  return col_titles[c][0] != '\0' && col_titles[c][0] != '#' ? _(col_titles[c]) : col_titles[c];
}

static const LadderConversation *
card_conv (LadderDiagram *d, const LadderTuplesCard *card)
{
  return ladder_conversations_get_item (ladder_analysis_get_conversations (d->analysis), card->conv);
}

static void
summary_text (const LadderConversation *conv, char *buf)
{
  guint64 packets = conv->packets_ab + conv->packets_ba;

  if (conv->tcp != NULL)
    /* Translators: "12 packets, closed by FIN" */
    g_snprintf (buf, CELL, ngettext ("%lu packet, %s", "%lu packets, %s", (gulong) packets), (gulong) packets,
                conv->tcp->close == LADDER_TCP_CLOSE_OPEN ? _("still open")
                : conv->tcp->close == LADDER_TCP_CLOSE_FIN ? _("closed by FIN")
                : conv->tcp->close == LADDER_TCP_CLOSE_RST ? _("reset (RST)") : "REFUSED");
  else if (conv->proto == LADDER_IPPROTO_UDP)
    g_snprintf (buf, CELL, ngettext ("%lu datagram", "%lu datagrams", (gulong) packets), (gulong) packets);
  else
    g_snprintf (buf, CELL, ngettext ("%lu packet", "%lu packets", (gulong) packets), (gulong) packets);
}

/* The server's socket as `ss -tap` names its owner: fd, program, pid. */
static void
owner_text (const LadderSocket *s, gboolean split, char *main, char *sub)
{
  if (s == NULL || s->fd < 0)
    return;
  if (split)
    {
      g_snprintf (main, CELL, "fd %d \u00b7 pid %u", s->fd, s->pid);
      g_snprintf (sub, CELL, "%s", s->program);
      return;
    }
  g_snprintf (main, CELL, "fd %d", s->fd);
  g_snprintf (sub, CELL, "%s \u00b7 pid %u", s->program, s->pid);
}

static void
port_text (const LadderConversation *conv, guint16 port, gboolean client, const LadderSocket *s,
           char *main, char *sub)
{
  const char *name = ladder_port_name (port, conv->proto);
  g_autofree char *fd = client && s != NULL && s->fd >= 0 ? g_strdup_printf (_(" \u00b7 client fd %d"), s->fd) : NULL;

  if (conv->proto != LADDER_IPPROTO_TCP && conv->proto != LADDER_IPPROTO_UDP)
    {
      main[0] = sub[0] = '\0';
      if (client)
        g_snprintf (main, CELL, _("echo id %u"), port);
      return;
    }
  g_snprintf (main, CELL, "%u", port);
  g_snprintf (sub, CELL, "%s%s%s%s", client || name == NULL ? "" : name, client || name == NULL ? "" : " \u00b7 ",
              ladder_tuples_port_class (port, client), fd != NULL ? fd : "");
}

void
ladder_tuples_card_text (LadderDiagram *d, const LadderTuplesCard *card, guint col, char *main, char *sub)
{
  const LadderConversation *conv = card_conv (d, card);
  char addr[LADDER_ADDR_STRLEN];

  main[0] = sub[0] = '\0';
  switch (col)
    {
    case LADDER_TUPLES_COL_INDEX: g_snprintf (main, CELL, "%u", card->conv); break;
    case LADDER_TUPLES_COL_PROTO:
      {
        g_autofree char *up = g_ascii_strup (ladder_conversation_proto_name (conv->proto), -1);
        g_strlcpy (main, up, CELL);
      }
      break;
    case LADDER_TUPLES_COL_SRC: g_strlcpy (main, ladder_addr_to_string (&conv->a, addr), CELL); break;
    case LADDER_TUPLES_COL_SPORT: port_text (conv, conv->a_port, TRUE, card->client_socket, main, sub); break;
    case LADDER_TUPLES_COL_ARROW: g_strlcpy (main, "\u2192", CELL); break;
    case LADDER_TUPLES_COL_DST: g_strlcpy (main, ladder_addr_to_string (&conv->b, addr), CELL); break;
    case LADDER_TUPLES_COL_DPORT: port_text (conv, conv->b_port, FALSE, NULL, main, sub); break;
    case LADDER_TUPLES_COL_OWNER:
      owner_text (card->server_socket, ((LadderTuplesModel *) d->model)->owner_split, main, sub);
      break;
    case LADDER_TUPLES_COL_SUMMARY:
      summary_text (conv, main);
      if (card->refused)
        g_strlcpy (sub, "SYN answered by RST", CELL);
      break;
    default: break;
    }
}

static LadderFontRole
col_font (guint col)
{
  return col == LADDER_TUPLES_COL_SRC || col == LADDER_TUPLES_COL_DST || col == LADDER_TUPLES_COL_SPORT
         || col == LADDER_TUPLES_COL_DPORT ? LADDER_FONT_MONO : LADDER_FONT_BODY;
}

/* Measures the longest text (by bytes) of each column only: with tens of
 * thousands of cards, measuring every cell would take seconds. */
static void
measure_columns (LadderDiagram *d, LadderTuplesModel *m)
{
  char longest[LADDER_TUPLES_N_COLS][2][CELL] = { { { 0 } } };
  double widths[LADDER_TUPLES_N_COLS] = { 0 };
  char main[CELL], sub[CELL];
  double w, ws;

  for (guint i = 0; i < m->cards->len; i++)
    for (guint c = 0; c < LADDER_TUPLES_N_COLS; c++)
      {
        ladder_tuples_card_text (d, &g_array_index (m->cards, LadderTuplesCard, i), c, main, sub);
        if (strlen (main) > strlen (longest[c][0]))
          memcpy (longest[c][0], main, CELL);
        if (strlen (sub) > strlen (longest[c][1]))
          memcpy (longest[c][1], sub, CELL);
      }
  for (guint c = 0; c < LADDER_TUPLES_N_COLS; c++)
    {
      ladder_fonts_measure (d->fonts, LADDER_FONT_SMALL, col_title (c), &widths[c], NULL, NULL);
      /* bold: the field that makes a tuple unique is drawn bold */
      ladder_fonts_measure (d->fonts, col_font (c) == LADDER_FONT_MONO ? LADDER_FONT_MONO_BOLD : LADDER_FONT_BOLD,
                            longest[c][0], &w, NULL, NULL);
      ladder_fonts_measure (d->fonts, LADDER_FONT_SMALL, longest[c][1], &ws, NULL, NULL);
      widths[c] = MAX (widths[c], MAX (w, ws));
    }
  m->col_x[0] = ladder_diagram_px (d, 48);
  for (guint c = 0; c < LADDER_TUPLES_N_COLS; c++)
    {
      /* no lab records: no owners to name, no column */
      gboolean shown = c != LADDER_TUPLES_COL_OWNER || m->has_owners;
      m->col_x[c + 1] = m->col_x[c] + (shown ? widths[c] + ladder_diagram_px (d, 28) : 0);
    }
  if (d->options.max_width > 0 && m->col_x[LADDER_TUPLES_N_COLS] + ladder_diagram_px (d, 24) > d->options.max_width)
    {
      m->summary_below = TRUE;
      m->col_x[LADDER_TUPLES_N_COLS] = m->col_x[LADDER_TUPLES_COL_SUMMARY];
    }
  if (m->summary_below && !m->owner_split && m->has_owners
      && m->col_x[LADDER_TUPLES_N_COLS] + ladder_diagram_px (d, 24) > d->options.max_width)
    {
      m->owner_split = TRUE;
      m->summary_below = FALSE;
      measure_columns (d, m);
    }
}

static double
group_text_height (LadderDiagram *d, const char *text)
{
  return text != NULL ? ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL) + ladder_diagram_px (d, 8) : 0;
}

void
ladder_tuples_layout (LadderDiagram *d, LadderTuplesModel *m)
{
  double body = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);
  double small = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  double y, title_w;

  measure_columns (d, m);
  m->card_h = body + small + ladder_diagram_px (d, 18) + (m->summary_below ? body : 0);
  m->listen_h = body + ladder_diagram_px (d, 14);
  m->header_y = ladder_diagram_title_height (d, TRUE);
  y = m->header_y + small + ladder_diagram_px (d, 12);
  d->width = m->col_x[LADDER_TUPLES_N_COLS] + ladder_diagram_px (d, 24);
  for (guint g = 0; g < m->groups->len; g++)
    {
      LadderTuplesGroup *grp = &g_array_index (m->groups, LadderTuplesGroup, g);
      ladder_fonts_measure (d->fonts, LADDER_FONT_BOLD, grp->title, &title_w, NULL, NULL);
      d->width = MAX (d->width, title_w + ladder_diagram_px (d, 72));
      grp->y = y;
      y += ladder_fonts_line_height (d->fonts, LADDER_FONT_BOLD) + ladder_diagram_px (d, 10);
      grp->listen_y = y;
      if (grp->listen_text != NULL)
        y += m->listen_h + ladder_diagram_px (d, 10);
      grp->first_card_y = y;
      for (guint i = 0; i < m->cards->len; i++)
        {
          LadderTuplesCard *card = &g_array_index (m->cards, LadderTuplesCard, i);
          if (card->group != g)
            continue;
          card->y = y;
          grp->last_card_y = y;
          y += m->card_h + ladder_diagram_px (d, 10);
        }
      grp->caption_y = y;
      y += group_text_height (d, grp->caption) + ladder_diagram_px (d, 26);
    }
  d->height = y + ladder_diagram_px (d, 16);
}

/* Painting. */

static void
paint_cell (LadderDiagram *d, LadderTuplesModel *m, LadderCanvas *canvas, const LadderTuplesCard *card,
            guint col, const LadderColor *fg)
{
  const LadderPalette *p = &d->palette;
  double x = m->col_x[col], w = m->col_x[col + 1] - x - ladder_diagram_px (d, 12);
  double pad = ladder_diagram_px (d, 8), body = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);
  gboolean sport = col == LADDER_TUPLES_COL_SPORT, dport = col == LADDER_TUPLES_COL_DPORT;
  gboolean unique = (sport && card->differs_port) || (col == LADDER_TUPLES_COL_SRC && card->differs_addr);
  char main[CELL], sub[CELL];

  ladder_tuples_card_text (d, card, col, main, sub);
  if (col == LADDER_TUPLES_COL_SUMMARY && m->summary_below)
    {
      /* Its third line: "20 packets, closed by FIN · SYN answered by RST". */
      g_autofree char *line = sub[0] != '\0' ? g_strdup_printf ("%s \u00b7 %s", main, sub) : g_strdup (main);
      ladder_canvas_text (canvas, m->col_x[LADDER_TUPLES_COL_PROTO],
                          card->y + pad + body + ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL) + ladder_diagram_px (d, 4),
                          line, card->refused ? LADDER_FONT_BOLD : LADDER_FONT_BODY, card->refused ? &p->rst_text : fg,
                          LADDER_ALIGN_LEFT);
      return;
    }
  if ((sport || dport) && main[0] != '\0')
    {
      LadderColor fill = sport ? p->client : p->server;
      /* A refused connection's port had no socket: an empty dashed box. */
      gboolean no_socket = dport && card->refused;
      LadderStroke edge = { fill, ladder_diagram_px (d, 3), sport || no_socket ? ladder_diagram_px (d, 6) : 0 };
      fill.a = p->dark ? 0.3 : 0.18;
      ladder_canvas_rect (canvas, x - pad / 2, card->y + pad / 2, w + pad, m->card_h - pad - (m->summary_below ? body : 0),
                          ladder_diagram_px (d, 4), no_socket ? NULL : &fill, unique || dport ? &edge : NULL);
    }
  if (col == LADDER_TUPLES_COL_SUMMARY && card->refused)
    {
      /* The mark a student looks for: the word in the RST colour, bold. */
      ladder_canvas_text (canvas, x, card->y + pad, main, LADDER_FONT_BOLD, &p->rst_text, LADDER_ALIGN_LEFT);
      ladder_canvas_text (canvas, x, card->y + pad + body, sub, LADDER_FONT_SMALL, &p->muted, LADDER_ALIGN_LEFT);
      return;
    }
  ladder_canvas_text (canvas, x, card->y + pad, main,
                      unique ? LADDER_FONT_MONO_BOLD : col_font (col), fg, LADDER_ALIGN_LEFT);
  if (sub[0] != '\0')
    ladder_canvas_text (canvas, x, card->y + pad + body, sub, LADDER_FONT_SMALL, &p->muted, LADDER_ALIGN_LEFT);
}

static void
paint_card (LadderDiagram *d, LadderTuplesModel *m, LadderCanvas *canvas, const LadderTuplesCard *card,
            gboolean selected)
{
  const LadderPalette *p = &d->palette;
  LadderStroke border = { selected ? p->selection_label : card->refused ? p->rst : p->panel_border,
                          ladder_diagram_px (d, selected ? 5 : card->refused ? 2.5 : LADDER_TUPLES_BORDER), 0 };
  char id[48];

  g_snprintf (id, sizeof id, "frame-%" G_GUINT64_FORMAT, card->frame);
  ladder_canvas_begin_group (canvas, id, "card");
  ladder_canvas_rect (canvas, ladder_diagram_px (d, 36), card->y, m->col_x[LADDER_TUPLES_N_COLS] - ladder_diagram_px (d, 36),
                      m->card_h, ladder_diagram_px (d, 8), &p->panel, &border);
  for (guint c = 0; c < LADDER_TUPLES_N_COLS; c++)
    paint_cell (d, m, canvas, card, c, &p->foreground);
  ladder_canvas_end_group (canvas);
}

static void
paint_group (LadderDiagram *d, LadderTuplesModel *m, LadderCanvas *canvas, const LadderTuplesGroup *g)
{
  const LadderPalette *p = &d->palette;
  LadderStroke dashed = { p->server, ladder_diagram_px (d, 2), ladder_diagram_px (d, 7) };
  LadderStroke shared = { p->server, ladder_diagram_px (d, 4), 0 };
  double x_port = m->col_x[LADDER_TUPLES_COL_DPORT] - ladder_diagram_px (d, 14);

  ladder_canvas_text (canvas, ladder_diagram_px (d, 24), g->y, g->title, LADDER_FONT_BOLD, &p->foreground,
                      LADDER_ALIGN_LEFT);
  if (g->listen_text != NULL)
    {
      ladder_canvas_rect (canvas, ladder_diagram_px (d, 36), g->listen_y,
                          m->col_x[LADDER_TUPLES_N_COLS] - ladder_diagram_px (d, 36), m->listen_h,
                          ladder_diagram_px (d, 8), NULL, &dashed);
      ladder_canvas_text (canvas, ladder_diagram_px (d, 48), g->listen_y + ladder_diagram_px (d, 7), g->listen_text,
                          LADDER_FONT_BODY, &p->foreground, LADDER_ALIGN_LEFT);
    }
  /* The shared server port; refused attempts shared no socket. */
  if ((g->n_cards > 1 && g->n_refused < g->n_cards) || g->listen_text != NULL)
    ladder_canvas_line (canvas, x_port, g->listen_text ? g->listen_y + m->listen_h : g->first_card_y,
                        x_port, g->last_card_y + m->card_h, &shared);
  if (g->caption != NULL)
    ladder_canvas_text (canvas, ladder_diagram_px (d, 48), g->caption_y, g->caption, LADDER_FONT_SMALL,
                        &p->foreground, LADDER_ALIGN_LEFT);
}

/* Lecture mode: a card appears with its connection's first packet, a
 * group with its first card. */
static gint64
card_start (LadderDiagram *d, const LadderTuplesCard *card)
{
  LadderFrameInfo info;

  return ladder_capture_get_frame (d->capture, card->frame, &info) ? info.ts_ns : G_MININT64;
}

static gint64
group_start (LadderDiagram *d, LadderTuplesModel *m, guint group)
{
  gint64 first = G_MAXINT64;

  for (guint i = 0; i < m->cards->len; i++)
    if (g_array_index (m->cards, LadderTuplesCard, i).group == group)
      first = MIN (first, card_start (d, &g_array_index (m->cards, LadderTuplesCard, i)));
  return first;
}

static void
tuples_paint (LadderDiagram *d, LadderCanvas *canvas, double y0, double y1, guint64 selected)
{
  LadderTuplesModel *m = d->model;
  gint sel_conv = selected ? ladder_analysis_get_frame_conversation (d->analysis, selected) : -1;

  if (!d->ghost_pass)
    {
      ladder_diagram_paint_title (d, canvas, m->subtitle);
      for (guint c = 0; c < LADDER_TUPLES_N_COLS; c++)
        if (c != LADDER_TUPLES_COL_OWNER || m->has_owners)
          ladder_canvas_text (canvas, m->col_x[c], m->header_y, col_title (c), LADDER_FONT_SMALL,
                              &d->palette.muted, LADDER_ALIGN_LEFT);
    }
  for (guint g = 0; g < m->groups->len; g++)
    {
      const LadderTuplesGroup *grp = &g_array_index (m->groups, LadderTuplesGroup, g);
      if (grp->caption_y + m->card_h >= y0 && grp->y <= y1 && !ladder_diagram_skips (d, group_start (d, m, g)))
        paint_group (d, m, canvas, grp);
    }
  for (guint i = 0; i < m->cards->len; i++)
    {
      const LadderTuplesCard *card = &g_array_index (m->cards, LadderTuplesCard, i);
      if (card->y + m->card_h >= y0 && card->y <= y1 && !ladder_diagram_skips (d, card_start (d, card)))
        paint_card (d, m, canvas, card, sel_conv >= 0 && (guint) sel_conv == card->conv);
    }
}

/* Lecture mode: the card of the newest connection begun. */
static gboolean
tuples_current_y (LadderDiagram *d, double *y)
{
  LadderTuplesModel *m = d->model;
  gint64 newest = G_MININT64;

  for (guint i = 0; i < m->cards->len; i++)
    {
      const LadderTuplesCard *card = &g_array_index (m->cards, LadderTuplesCard, i);
      gint64 ts = card_start (d, card);
      if (!ladder_diagram_later (d, ts) && ts >= newest)
        newest = ts, *y = card->y + m->card_h / 2;
    }
  return newest != G_MININT64;
}

static guint64
tuples_hit_test (LadderDiagram *d, double x, double y)
{
  LadderTuplesModel *m = d->model;

  if (x < ladder_diagram_px (d, 36) || x > m->col_x[LADDER_TUPLES_N_COLS])
    return 0;
  for (guint i = 0; i < m->cards->len; i++)
    {
      const LadderTuplesCard *card = &g_array_index (m->cards, LadderTuplesCard, i);
      if (y >= card->y && y <= card->y + m->card_h)
        return card->frame;
    }
  return 0;
}

static gboolean
tuples_frame_bounds (LadderDiagram *d, guint64 frame, double *x, double *y, double *w, double *h)
{
  LadderTuplesModel *m = d->model;
  gint conv = ladder_analysis_get_frame_conversation (d->analysis, frame);

  if (conv < 0 || (guint) conv >= m->cards->len)
    return FALSE;
  *x = ladder_diagram_px (d, 36);
  *w = m->col_x[LADDER_TUPLES_N_COLS] - *x;
  *y = g_array_index (m->cards, LadderTuplesCard, conv).y;
  *h = m->card_h;
  return TRUE;
}

static void
tuples_frames (LadderDiagram *d, GArray *out)
{
  LadderTuplesModel *m = d->model;

  for (guint i = 0; i < m->cards->len; i++)
    g_array_append_val (out, g_array_index (m->cards, LadderTuplesCard, i).frame);
}

static void
mermaid_node (LadderDiagram *d, GString *out, const LadderTuplesCard *card, guint col_addr, guint col_port)
{
  char main[CELL], sub[CELL];

  ladder_tuples_card_text (d, card, col_addr, main, sub);
  ladder_mermaid_append_text (out, main);
  ladder_tuples_card_text (d, card, col_port, main, sub);
  if (main[0] != '\0')
    {
      g_string_append (out, " port ");
      ladder_mermaid_append_text (out, main);
      g_string_append (out, "<br/>");
      ladder_mermaid_append_text (out, sub);
    }
}

static void
tuples_mermaid (LadderDiagram *d, GString *out)
{
  LadderTuplesModel *m = d->model;

  g_string_append (out, "flowchart LR\n");
  for (guint g = 0; g < m->groups->len; g++)
    {
      LadderTuplesGroup *grp = &g_array_index (m->groups, LadderTuplesGroup, g);
      g_string_append_printf (out, "    S%u[\"", g);
      ladder_mermaid_append_text (out, grp->title);
      g_string_append (out, "\"]\n");
    }
  for (guint i = 0; i < m->cards->len; i++)
    {
      const LadderTuplesCard *card = &g_array_index (m->cards, LadderTuplesCard, i);
      char proto[CELL], sub[CELL];
      ladder_tuples_card_text (d, card, LADDER_TUPLES_COL_PROTO, proto, sub);
      g_string_append_printf (out, "    C%u[\"", i);
      mermaid_node (d, out, card, LADDER_TUPLES_COL_SRC, LADDER_TUPLES_COL_SPORT);
      g_string_append_printf (out, "\"] -->|\"%s #35;%u\"| S%u\n", proto, card->conv, card->group);
    }
}

const LadderDiagramClass ladder_tuples_class = {
  tuples_paint, tuples_hit_test, tuples_frame_bounds, tuples_frames, tuples_mermaid,
  ladder_tuples_model_free, NULL, tuples_current_y, NULL,
};
