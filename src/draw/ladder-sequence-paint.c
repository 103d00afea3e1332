/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sequence-paint.c: painting, hit testing and Mermaid for the
 * sequence diagram.  Only arrows near the clip's y range are visited
 * (binary search on y0), so a long capture scrolls smoothly.
 */
#include "ladder-sequence-private.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "ladder-ping.h"

static const char *
icmp_name (const LadderSeqArrow *a, char *buf, gsize size)
{
  gboolean v6 = a->ip_version == 6;
  guint8 t = a->icmp_type;

  if ((!v6 && t == 8) || (v6 && t == 128))
    return _("Echo request");
  if ((!v6 && t == 0) || (v6 && t == 129))
    return _("Echo reply");
  if ((!v6 && t == 11) || (v6 && t == 3))
    return a->icmp_code == 0 ? _("Time exceeded (TTL reached 0)") : _("Time exceeded (reassembly)");
  if ((!v6 && t == 3) || (v6 && t == 1))
    {
      /* "port-unreachable" -> "Port unreachable" */
      g_strlcpy (buf, ladder_icmp_error_code_name (a->ip_version, t, a->icmp_code), size);
      g_strdelimit (buf, "-", ' ');
      buf[0] = g_ascii_toupper (buf[0]);
      if (strstr (buf, "nreachable") == NULL)
        g_strlcat (buf, _(" (unreachable)"), size);
      return buf;
    }
  if (v6 && t >= 133 && t <= 137)
    {
      static const char * const nd[] = { N_("Router solicitation"), N_("Router advertisement"),
                                         N_("Neighbor solicitation"), N_("Neighbor advertisement"),
                                         N_("Redirect") };
      return _(nd[t - 133]);
    }
  /* Translators: "ICMP type 5 code 1" */
  g_snprintf (buf, size, _("%s type %u code %u"), v6 ? "ICMPv6" : "ICMP", t, a->icmp_code);
  return buf;
}

static gboolean
is_icmp_error (const LadderSeqArrow *a)
{
  gboolean v6 = a->ip_version == 6;

  return a->proto == LADDER_SEQ_ICMP
         && ((!v6 && (a->icmp_type == 3 || a->icmp_type == 11))
             || (v6 && (a->icmp_type == 1 || a->icmp_type == 3)));
}

void
ladder_seq_arrow_label (const LadderSeqArrow *a, char *buf, gsize size)
{
  char tmp[64];

  switch (a->proto)
    {
    case LADDER_SEQ_TCP:
      ladder_tcp_flags_to_string (a->tcp_flags, tmp, sizeof tmp);
      g_snprintf (buf, size, "%s seq=%u", tmp, a->rel_seq);
      if (a->tcp_flags & LADDER_TCP_ACK)
        g_snprintf (buf + strlen (buf), size - strlen (buf), " ack=%u", a->rel_ack);
      if (a->len > 0)
        g_snprintf (buf + strlen (buf), size - strlen (buf), " len=%u", a->len);
      break;
    case LADDER_SEQ_UDP:
      g_snprintf (buf, size, "UDP %u \u2192 %u len=%u", a->sport, a->dport, a->len);
      break;
    case LADDER_SEQ_ICMP:
      {
        const char *name = icmp_name (a, tmp, sizeof tmp);
        if (a->icmp_type == 8 || a->icmp_type == 0 || a->icmp_type == 128 || a->icmp_type == 129)
          g_snprintf (buf, size, "%s id=%u seq=%u", name, a->sport, a->dport);
        else
          g_strlcpy (buf, name, size);
      }
      break;
    default:
      g_strlcpy (buf, "IP", size);
    }
}

/* Labels this long and longer are split (16 characters: "SYN, ACK seq=0"
 * and "Echo request" stay whole). */
#define SPLIT_LABEL_MIN 16
#define ARROW "\u2192"
#define ARROW_LEN 3

const char *
ladder_seq_split_label (const LadderSeqModel *m, char *buf)
{
  gssize half = (gssize) strlen (buf) / 2;
  char *best = NULL;

  if (!m->split_labels || strlen (buf) < SPLIT_LABEL_MIN)
    return NULL;
  for (char *p = strchr (buf, ' '); p != NULL; p = strchr (p + 1, ' '))
    {
      /* "43703 → 33434" stays on one line */
      if (g_str_has_prefix (p + 1, ARROW) || (p - buf >= ARROW_LEN && strncmp (p - ARROW_LEN, ARROW, ARROW_LEN) == 0))
        continue;
      if (best == NULL || ABS ((p - buf) - half) < ABS ((best - buf) - half))
        best = p;
    }
  if (best == NULL)
    return NULL;
  *best = '\0';
  return best + 1;
}

gboolean
ladder_seq_arrow_note (const LadderSeqArrow *a, char *buf, gsize size)
{
  static const struct { guint32 bit; const char *text; } notes[] = {
    { LADDER_TCP_NOTE_FAST_RETRANSMISSION, N_("fast retransmission") },
    { LADDER_TCP_NOTE_RTO, N_("retransmission timeout") },
    { LADDER_TCP_NOTE_RETRANSMISSION, N_("retransmission") },
    { LADDER_TCP_NOTE_OUT_OF_ORDER, N_("out of order") },
    { LADDER_TCP_NOTE_KEEPALIVE, N_("keep-alive") },
    { LADDER_TCP_NOTE_ZERO_WINDOW, N_("zero window") },
    { LADDER_TCP_NOTE_PREVIOUS_LOST, N_("earlier segment not captured") },
  };

  buf[0] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      if (!(a->notes & notes[i].bit))
        continue;
      /* Say the specific kind of retransmission only. */
      if (notes[i].bit == LADDER_TCP_NOTE_RETRANSMISSION
          && (a->notes & (LADDER_TCP_NOTE_FAST_RETRANSMISSION | LADDER_TCP_NOTE_RTO)))
        continue;
      if (buf[0] != '\0')
        g_strlcat (buf, ", ", size);
      g_strlcat (buf, _(notes[i].text), size);
    }
  if (a->notes & LADDER_TCP_NOTE_DUP_ACK)
    {
      gsize len;
      if (buf[0] != '\0')
        g_strlcat (buf, ", ", size);
      len = strlen (buf);
      if (a->dup_of != 0)
        /* Translators: ACK is the TCP flag; #%u the packet number it repeats */
        g_snprintf (buf + len, size - len, _("duplicate ACK of #%u"), a->dup_of);
      else
        g_strlcat (buf, _("duplicate ACK"), size);
    }
  if (a->expired)
    {
      if (buf[0] != '\0')
        g_strlcat (buf, ", ", size);
      g_strlcat (buf, a->expired == LADDER_SEQ_EXPIRED_TTL ? _("never arrived: its TTL ran out at a router")
                                                           : _("never arrived: an ICMP error came back"), size);
    }
  if (a->lost_on != NULL)
    {
      gsize len;
      if (buf[0] != '\0')
        g_strlcat (buf, ", ", size);
      len = strlen (buf);
      /* Translators: "lost on r1–r2", a lab link's name */
      g_snprintf (buf + len, size - len, _("lost on %s"), a->lost_on);
    }
  if (a->proto == LADDER_SEQ_TCP && (a->tcp_flags & LADDER_TCP_RST))
    {
      const char *what = a->refused ? _("connection refused") : _("connection reset");
      if (buf[0] != '\0')
        g_strlcat (buf, ", ", size);
      g_strlcat (buf, what, size);
    }
  return buf[0] != '\0';
}

void
ladder_seq_arrow_stroke (LadderDiagram *d, const LadderSeqArrow *a, LadderStroke *stroke)
{
  const LadderPalette *p = &d->palette;
  double w = ladder_diagram_px (d, 2.5);

  stroke->dash = 0;
  stroke->color = p->data;
  if (a->proto == LADDER_SEQ_TCP)
    {
      if (a->tcp_flags & LADDER_TCP_RST)
        stroke->color = p->rst, w = ladder_diagram_px (d, 4);
      else if (a->tcp_flags & LADDER_TCP_SYN)
        stroke->color = p->handshake;
      else if (a->tcp_flags & LADDER_TCP_FIN)
        stroke->color = p->fin;
      else if (a->len == 0)
        stroke->color = p->ack, w = ladder_diagram_px (d, 2);
      if (a->notes & (LADDER_TCP_NOTE_RETRANSMISSION | LADDER_TCP_NOTE_FAST_RETRANSMISSION
                      | LADDER_TCP_NOTE_DUP_ACK))
        stroke->dash = ladder_diagram_px (d, 9);
    }
  else if (a->proto == LADDER_SEQ_UDP)
    stroke->color = p->udp;
  else if (is_icmp_error (a))
    stroke->color = p->rst, stroke->dash = ladder_diagram_px (d, 9);
  else if (a->proto == LADDER_SEQ_ICMP)
    stroke->color = p->icmp;
  stroke->width = w;
}

static const char *
arrow_class (const LadderSeqArrow *a)
{
  if (a->proto == LADDER_SEQ_UDP)
    return "arrow udp";
  if (a->proto == LADDER_SEQ_ICMP)
    return is_icmp_error (a) ? "arrow icmp icmp-error" : "arrow icmp";
  if (a->proto != LADDER_SEQ_TCP)
    return "arrow ip";
  if (a->tcp_flags & LADDER_TCP_RST)
    return "arrow tcp rst";
  if (a->tcp_flags & LADDER_TCP_SYN)
    return (a->tcp_flags & LADDER_TCP_ACK) ? "arrow tcp syn-ack" : "arrow tcp syn";
  if (a->tcp_flags & LADDER_TCP_FIN)
    return "arrow tcp fin";
  return a->len > 0 ? "arrow tcp data" : "arrow tcp ack";
}

static LadderSeqLifeline *
lifeline (LadderSeqModel *m, int i)
{
  return &g_array_index (m->lifelines, LadderSeqLifeline, i);
}

/* The arrow's ends, a little short of the lifelines so heads stay visible. */
static void
arrow_ends (LadderDiagram *d, LadderSeqModel *m, const LadderSeqArrow *a,
            double *x0, double *x1)
{
  double inset = m->band_w / 2 + ladder_diagram_px (d, 2);
  double from = lifeline (m, a->from)->x, to = lifeline (m, a->to)->x;

  if (a->from == a->to)
    to = from + ladder_diagram_px (d, 80);
  *x0 = from + (to > from ? inset : -inset);
  *x1 = to - (to > from ? inset : -inset);
  /* It died on the way: the arrow stops at the router that said so when
   * that is drawn between its ends, else short of its destination. */
  if (a->expired)
    {
      double at = a->died_at >= 0 ? lifeline (m, a->died_at)->x : from;

      if ((at - from) * (to - at) > 0)
        *x1 = at - (to > from ? inset : -inset);
      else
        *x1 = *x0 + (*x1 - *x0) * 0.55;
    }
  /* Lost on a link: the lifelines are its ends, not the link; it stops
   * halfway. */
  else if (a->lost_on != NULL)
    *x1 = *x0 + (*x1 - *x0) * 0.55;
}

static void
paint_cross (LadderDiagram *d, LadderCanvas *canvas, double x, double y, const LadderColor *color)
{
  LadderStroke s = { *color, ladder_diagram_px (d, 3), 0 };
  double r = ladder_diagram_px (d, 8);

  ladder_canvas_line (canvas, x - r, y - r, x + r, y + r, &s);
  ladder_canvas_line (canvas, x - r, y + r, x + r, y - r, &s);
}

static void
paint_arrow (LadderDiagram *d, LadderSeqModel *m, LadderCanvas *canvas, const LadderSeqArrow *a,
             gboolean selected)
{
  const LadderPalette *p = &d->palette;
  double x0, x1, mid, h = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);
  char label[128], note[128], id[32];
  const char *second;
  LadderStroke stroke;
  LadderColor label_bg = p->background;

  arrow_ends (d, m, a, &x0, &x1);
  ladder_seq_arrow_stroke (d, a, &stroke);
  ladder_seq_arrow_label (a, label, sizeof label);
  g_snprintf (id, sizeof id, "frame-%" G_GUINT64_FORMAT, a->frame);
  ladder_canvas_begin_group (canvas, id, arrow_class (a));
  if (selected)
    {
      LadderStroke halo = { p->selection, stroke.width + ladder_diagram_px (d, 10), 0 };
      ladder_canvas_line (canvas, x0, a->y0, x1, a->y1, &halo);
      label_bg = p->selection_label;
    }
  else
    label_bg.a = 0.85;
  ladder_canvas_line (canvas, x0, a->y0, x1, a->y1, &stroke);
  if (a->expired || a->lost_on != NULL)
    paint_cross (d, canvas, x1, a->y1, &p->rst);
  else
    ladder_canvas_arrowhead (canvas, x1, a->y1, x1 - x0, a->y1 - a->y0, ladder_diagram_px (d, 14),
                             &stroke.color);
  if (a->proto == LADDER_SEQ_TCP && (a->tcp_flags & LADDER_TCP_RST))
    {
      LadderStroke bar = { stroke.color, stroke.width, 0 };
      double s = ladder_diagram_px (d, 10);
      ladder_canvas_line (canvas, x1, a->y1 - s, x1, a->y1 + s, &bar);
    }
  mid = (x0 + x1) / 2;
  second = ladder_seq_split_label (m, label);
  ladder_canvas_label (canvas, mid, (a->y0 + a->y1) / 2 - h - ladder_diagram_px (d, 3), label,
                       selected ? LADDER_FONT_BOLD : LADDER_FONT_BODY,
                       selected ? &p->selection_text : &p->foreground, &label_bg, LADDER_ALIGN_CENTER);
  if (second != NULL)
    ladder_canvas_label (canvas, mid, (a->y0 + a->y1) / 2 + ladder_diagram_px (d, 3), second,
                         selected ? LADDER_FONT_BOLD : LADDER_FONT_BODY,
                         selected ? &p->selection_text : &p->foreground, &label_bg, LADDER_ALIGN_CENTER);
  if (ladder_seq_arrow_note (a, note, sizeof note))
    ladder_canvas_label (canvas, mid, (a->y0 + a->y1) / 2 + ladder_diagram_px (d, 3) + (second ? h : 0), note,
                         LADDER_FONT_SMALL, selected ? &p->selection_text : &p->foreground, &label_bg,
                         LADDER_ALIGN_CENTER);
  ladder_canvas_end_group (canvas);
}

static void
paint_time (LadderDiagram *d, LadderSeqModel *m, LadderCanvas *canvas, const LadderSeqArrow *a)
{
  char text[48];
  double h = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);

  g_snprintf (text, sizeof text, "+%.3f ms", (double) (a->ts0 - m->t0) / 1e6);
  ladder_canvas_text (canvas, m->time_x, a->y0 - h / 2, text, LADDER_FONT_SMALL, &d->palette.muted,
                      LADDER_ALIGN_RIGHT);
}

/* First arrow whose y0 is at least Y. */
static guint
first_arrow_at (LadderSeqModel *m, double y)
{
  guint lo = 0, hi = m->arrows->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (m->arrows, LadderSeqArrow, mid).y0 < y)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Lecture mode (LadderDiagramOptions.limit_time): is TS still to come? */
static gboolean
hidden_ts (LadderDiagram *d, gint64 ts)
{
  return ladder_diagram_later (d, ts);
}

/* Lecture mode: the lowest y of what has happened by until_ns. */
static double
limit_y (LadderDiagram *d, LadderSeqModel *m)
{
  double y = m->top;

  if (!d->options.limit_time)
    return m->bottom;
  for (guint i = 0; i < m->events->len; i++)
    {
      LadderSeqEvent *e = &g_array_index (m->events, LadderSeqEvent, i);
      if (e->ts > d->options.until_ns)
        break;
      y = MAX (y, e->y);
    }
  return y;
}

static void
paint_arrows (LadderDiagram *d, LadderSeqModel *m, LadderCanvas *canvas, double y0, double y1,
              guint64 selected)
{
  double margin = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY) * 2;

  for (guint i = first_arrow_at (m, y0 - m->max_span - margin); i < m->arrows->len; i++)
    {
      LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      if (a->y0 > y1 + margin)
        break;
      if (ladder_diagram_skips (d, a->ts0))
        continue;
      paint_time (d, m, canvas, a);
      paint_arrow (d, m, canvas, a, a->frame == selected);
    }
}

/* x range of an outward span [u0, u1] of lifeline L. */
static void
outward (const LadderSeqLifeline *l, double u0, double u1, double *x, double *w)
{
  *w = u1 - u0;
  *x = l->side < 0 ? l->x - u1 : l->x + u0;
}

static void
paint_band (LadderDiagram *d, LadderSeqModel *m, LadderCanvas *canvas, const LadderSeqBand *band)
{
  LadderSeqBand clipped = *band, *b = &clipped;
  const LadderPalette *p = &d->palette;
  LadderSeqLifeline *l = lifeline (m, b->lifeline);
  LadderColor fill = ladder_palette_state_color (p, b->state);
  LadderStroke outline = { p->rst, ladder_diagram_px (d, 2), ladder_diagram_px (d, 5) };
  double x, w, u_label;
  char text[48];

  if (b->kernel)
    outward (l, l->u_kernel, l->u_kernel + m->band_w, &x, &w);
  else
    outward (l, -m->band_w / 2, m->band_w / 2, &x, &w);
  /* Lecture mode: the state the step is about, as a selected arrow is:
   * a halo, and a dark edge that reads on the pale halo. */
  if (d->options.limit_time && b->ts0 == d->options.until_ns)
    {
      LadderStroke halo = { p->selection, ladder_diagram_px (d, 10), 0 };
      ladder_canvas_rect (canvas, x, b->y0, w, MAX (b->y1 - b->y0, ladder_diagram_px (d, 4)), 0, NULL, &halo);
      outline = (LadderStroke) { p->foreground, ladder_diagram_px (d, 2), 0 };
    }
  ladder_canvas_rect (canvas, x, b->y0, w, b->y1 - b->y0, 0, &fill,
                      b->disagrees || (d->options.limit_time && b->ts0 == d->options.until_ns) ? &outline : NULL);
  if (!b->kernel && l->merged_bands && ladder_seq_kernel_says (m, b))
    return;   /* condensed: the kernel's band beside it names the state */
  u_label = (b->kernel || l->merged_bands ? l->u_kernel + m->band_w : m->band_w / 2) + ladder_diagram_px (d, 5);
  g_snprintf (text, sizeof text, "%s%s%s", b->disagrees ? "\u2260 " : "",
              ladder_tcp_state_to_string ((LadderTcpState) b->state),
              b->kernel && b->sampled && !m->condensed ? ladder_seq_sampled_suffix () : "");
  ladder_canvas_text (canvas, l->side < 0 ? l->x - u_label : l->x + u_label, b->label_y, text,
                      LADDER_FONT_SMALL, b->disagrees ? &p->rst_text : &p->foreground,
                      l->side < 0 ? LADDER_ALIGN_RIGHT : LADDER_ALIGN_LEFT);
}

/* A call's text, wrapped to its lane when the picture is condensed. */
static void
paint_call_text (LadderDiagram *d, LadderSeqModel *m, LadderCanvas *canvas, double x, double y,
                 const char *text, LadderAlign align)
{
  g_auto (GStrv) lines = NULL;

  if (!m->condensed)
    {
      ladder_canvas_text (canvas, x, y, text, LADDER_FONT_SMALL, &d->palette.foreground, align);
      return;
    }
  lines = ladder_seq_wrap (d, LADDER_FONT_SMALL, text, m->lane_cap);
  for (guint i = 0; lines[i] != NULL; i++)
    ladder_canvas_text (canvas, x, y + i * ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL), lines[i],
                        LADDER_FONT_SMALL, &d->palette.foreground, align);
}

/* Lecture mode: where a call's text goes.  A box begun above the view (a
 * connect() still waiting when its SYN is the step) keeps its text in
 * sight below the pinned host names, as a sticky heading does, within the
 * box and above its result line (the first FOOT of the box). */
static double
call_text_y (LadderDiagram *d, double top, double box_h, double lines_h, double foot, double text_top)
{
  double pad = ladder_diagram_px (d, 3);

  return MAX (top + pad, MIN (text_top + pad, top + box_h - foot - lines_h + pad));
}

/* TEXT_TOP: the top of what the view shows of the diagram (lecture mode,
 * scrolled), else -G_MAXDOUBLE. */
static void
paint_call (LadderDiagram *d, LadderSeqModel *m, LadderCanvas *canvas, const LadderSeqCall *c, double text_top)
{
  const LadderPalette *p = &d->palette;
  gboolean current = d->options.limit_time && (c->ts0 == d->options.until_ns || c->ts1 == d->options.until_ns);
  /* Cut at the limit: it has not returned yet, so no result is shown. */
  gboolean under_way = !d->ghost_pass && hidden_ts (d, c->ts1);
  LadderSeqLifeline *l = lifeline (m, c->lifeline);
  double h = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL) + ladder_diagram_px (d, 6);
  double pad = ladder_diagram_px (d, 8), top = c->y0 - h / 2;
  LadderStroke border = { current ? p->foreground : c->failed ? p->rst : p->panel_border,
                          ladder_diagram_px (d, current ? 2.5 : c->failed ? 2 : 1),
                          c->failed && !current ? ladder_diagram_px (d, 5) : 0 };
  LadderStroke link = { p->grid, ladder_diagram_px (d, 1), ladder_diagram_px (d, 3) };
  double edge = l->side < 0 ? l->lane_x + l->lane_w : l->lane_x;
  double x = l->side < 0 ? l->lane_x + l->lane_w - pad : l->lane_x + pad;
  LadderAlign align = l->side < 0 ? LADDER_ALIGN_RIGHT : LADDER_ALIGN_LEFT;
  double lines_h = h + (MAX (c->n_lines, 1) - 1) * ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  double box_h = MAX (lines_h, c->y1 - c->y0 + h);
  gboolean tail = !under_way && c->spans && c->y1 - c->y0 >= lines_h;
  g_autofree char *head = under_way || tail ? g_strndup (c->text, c->result_at) : g_strdup (c->text);

  ladder_canvas_line (canvas, edge, c->y0, l->x, c->y0, &link);
  /* Lecture mode: the call the step is about, haloed as a selected arrow. */
  if (current)
    {
      LadderStroke halo = { p->selection, ladder_diagram_px (d, 10), 0 };
      ladder_canvas_rect (canvas, l->lane_x, top, l->lane_w, box_h, ladder_diagram_px (d, 4), NULL, &halo);
    }
  ladder_canvas_rect (canvas, l->lane_x, top, l->lane_w, box_h, ladder_diagram_px (d, 4), &p->panel, &border);
  paint_call_text (d, m, canvas, x, call_text_y (d, top, box_h, lines_h, tail ? h : 0, text_top), head, align);
  if (!tail)
    return;
  /* A call that blocked while packets went by: its result where it
   * returned, after the packet it waited for, not where it began. */
  {
    /* Translators: "returned = 0", the value a blocked socket call returned */
    g_autofree char *result = g_strdup_printf (_("returned%s"), c->text + c->result_at + 2);
    ladder_canvas_line (canvas, edge, c->y1, l->x, c->y1, &link);
    ladder_canvas_text (canvas, x, c->y1 - h / 2 + ladder_diagram_px (d, 3), result, LADDER_FONT_SMALL,
                        &p->foreground, align);
  }
}

static void
paint_bracket (LadderDiagram *d, LadderSeqModel *m, LadderCanvas *canvas, const LadderSeqBracket *b)
{
  LadderSeqLifeline *l = lifeline (m, b->lifeline);
  LadderStroke s = { d->palette.foreground, ladder_diagram_px (d, 2), 0 };
  double x = l->x + l->side * (l->u_bracket + ladder_diagram_px (d, 4));
  double tick = ladder_diagram_px (d, 6) * -l->side;
  double h = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  double tx = x + l->side * ladder_diagram_px (d, 10);
  LadderAlign align = l->side < 0 ? LADDER_ALIGN_RIGHT : LADDER_ALIGN_LEFT;

  ladder_canvas_line (canvas, x, b->y0, x, b->y1, &s);
  ladder_canvas_line (canvas, x, b->y0, x + tick, b->y0, &s);
  ladder_canvas_line (canvas, x, b->y1, x + tick, b->y1, &s);
  ladder_canvas_text (canvas, tx, (b->y0 + b->y1) / 2 - h, _("handshake"), LADDER_FONT_SMALL,
                      &d->palette.foreground, align);
  ladder_canvas_text (canvas, tx, (b->y0 + b->y1) / 2, b->text, LADDER_FONT_SMALL,
                      &d->palette.foreground, align);
}

static void
paint_headers (LadderDiagram *d, LadderSeqModel *m, LadderCanvas *canvas)
{
  const LadderPalette *p = &d->palette;
  double cap_y = m->header_y + m->header_h + ladder_diagram_px (d, 2);

  for (guint i = 0; i < m->lifelines->len; i++)
    {
      LadderSeqLifeline *l = lifeline (m, (int) i);
      LadderStroke border = { p->grid, ladder_diagram_px (d, 2), 0 };
      LadderStroke line = { p->grid, ladder_diagram_px (d, 2), 0 };
      double tw, sw, w;

      ladder_fonts_measure (d->fonts, LADDER_FONT_BOLD, l->title, &tw, NULL, NULL);
      ladder_fonts_measure (d->fonts, LADDER_FONT_SMALL, l->subtitle, &sw, NULL, NULL);
      w = MAX (tw, sw) + ladder_diagram_px (d, 24);
      ladder_canvas_line (canvas, l->x, m->header_y + m->header_h, l->x, m->bottom, &line);
      ladder_canvas_rect (canvas, l->x - w / 2, m->header_y, w, m->header_h - ladder_diagram_px (d, 6),
                          ladder_diagram_px (d, 6), &p->panel, &border);
      ladder_canvas_text (canvas, l->x, m->header_y + ladder_diagram_px (d, 5), l->title,
                          LADDER_FONT_BOLD, &p->foreground, LADDER_ALIGN_CENTER);
      ladder_canvas_text (canvas, l->x, m->header_y + ladder_diagram_px (d, 5)
                          + ladder_fonts_line_height (d->fonts, LADDER_FONT_BOLD),
                          l->subtitle, LADDER_FONT_SMALL, &p->muted, LADDER_ALIGN_CENTER);
      if (l->lane_w > 0)
        ladder_canvas_text (canvas, l->lane_x + l->lane_w / 2, cap_y,
                            l->lane_title ? l->lane_title : _("socket calls"), LADDER_FONT_SMALL,
                            &p->muted, LADDER_ALIGN_CENTER);
      if (l->bands)
        {
          double u = m->band_w / 2 + ladder_diagram_px (d, 5);
          LadderAlign align = l->side < 0 ? LADDER_ALIGN_RIGHT : LADDER_ALIGN_LEFT;
          if (!l->merged_bands)
            ladder_canvas_text (canvas, l->x + l->side * u, cap_y, _("wire state"), LADDER_FONT_SMALL,
                                &p->muted, align);
          if (m->has_kernel)
            ladder_canvas_text (canvas, l->x + l->side * (l->u_kernel + m->band_w + ladder_diagram_px (d, 5)),
                                cap_y, _("kernel state"), LADDER_FONT_SMALL, &p->muted, align);
        }
    }
}

const char *
ladder_seq_sampled_suffix (void)
{
  /* Translators: after a kernel TCP state's name, "SYN_RECEIVED (sampled)" */
  return _(" (sampled)");
}

void
ladder_seq_format_pause (gint64 ns, char *buf, gsize size)
{
  if (ns < 1000000)
    g_snprintf (buf, size, _("pause %.0f \u00b5s"), ns / 1e3);
  else if (ns < G_GINT64_CONSTANT (1000000000))
    g_snprintf (buf, size, _("pause %.1f ms"), ns / 1e6);
  else
    g_snprintf (buf, size, _("pause %.3f s"), ns / 1e9);
}

/* Lines first (socket-call boxes then cover them: the call spans the
 * pause), LABELS last so no box hides "pause 5.8 ms". */
static void
paint_breaks (LadderDiagram *d, LadderSeqModel *m, LadderCanvas *canvas, double y0, double y1, gboolean labels)
{
  LadderStroke s = { d->palette.muted, ladder_diagram_px (d, 2), ladder_diagram_px (d, 4) };

  for (guint i = 1; i < m->events->len; i++)
    {
      LadderSeqEvent *e = &g_array_index (m->events, LadderSeqEvent, i);
      double y = ((e - 1)->y + e->y) / 2;
      char text[64];

      if (!e->gap_break || y < y0 - 40 || y > y1 + 40 || ladder_diagram_skips (d, e->ts))
        continue;
      if (!labels)
        {
          ladder_canvas_line (canvas, m->time_x + ladder_diagram_px (d, 8), y, d->width - ladder_diagram_px (d, 24), y, &s);
          continue;
        }
      ladder_seq_format_pause (e->ts - (e - 1)->ts, text, sizeof text);
      ladder_canvas_label (canvas, m->time_x + ladder_diagram_px (d, 8), y - ladder_diagram_px (d, 10), text,
                           LADDER_FONT_SMALL, &d->palette.muted, &d->palette.background, LADDER_ALIGN_LEFT);
    }
}

/* Condensed (lecture mode), the sentence wraps to the picture's width. */
const char *
ladder_seq_state_legend (LadderSeqModel *m)
{
  return m->kernel_sampled
         ? _("State bands: inferred from the wire, and the kernel's own, sampled "
             "(sock_diag: a short state can be missing); \u2260 marks a kernel state "
             "the wire never showed then.")
         : _("State bands: inferred from the wire, and the kernel's own, every "
             "change (sock:inet_sock_set_state); \u2260 marks a kernel state the "
             "wire never showed then.");
}

static void
paint_state_legend (LadderDiagram *d, LadderSeqModel *m, LadderCanvas *canvas, double y)
{
  const char *text = ladder_seq_state_legend (m);
  g_auto (GStrv) lines = NULL;
  double x = ladder_diagram_px (d, 24);

  if (!m->condensed)
    {
      ladder_canvas_text (canvas, x, y, text, LADDER_FONT_SMALL, &d->palette.muted, LADDER_ALIGN_LEFT);
      return;
    }
  lines = ladder_seq_wrap (d, LADDER_FONT_SMALL, text, d->width - 2 * x);
  for (guint i = 0; lines[i] != NULL; i++)
    ladder_canvas_text (canvas, x, y + i * ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL), lines[i],
                        LADDER_FONT_SMALL, &d->palette.muted, LADDER_ALIGN_LEFT);
}

static void
paint_legend (LadderDiagram *d, LadderSeqModel *m, LadderCanvas *canvas)
{
  const LadderPalette *p = &d->palette;
  const struct { const LadderColor *color; double dash; const char *text; } items[] = {
    { &p->handshake, 0, "SYN, SYN-ACK" }, { &p->data, 0, _("data") }, { &p->ack, 0, "ACK" },
    { &p->fin, 0, "FIN" }, { &p->rst, 0, "RST" }, { &p->udp, 0, "UDP" }, { &p->icmp, 0, "ICMP" },
    { &p->grid, 9, _("retransmission, duplicate ACK, ICMP error") },
  };
  double x = ladder_diagram_px (d, 24), y = m->bottom + ladder_diagram_px (d, 16);
  double h = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      LadderStroke s = { *items[i].color, ladder_diagram_px (d, 3), ladder_diagram_px (d, items[i].dash) };
      double w;
      ladder_fonts_measure (d->fonts, LADDER_FONT_SMALL, items[i].text, &w, NULL, NULL);
      if (x + ladder_diagram_px (d, 42) + w > d->width - ladder_diagram_px (d, 24))
        {
          x = ladder_diagram_px (d, 24);
          y += h + ladder_diagram_px (d, 6);
        }
      ladder_canvas_line (canvas, x, y + h / 2, x + ladder_diagram_px (d, 36), y + h / 2, &s);
      x += ladder_diagram_px (d, 42);
      ladder_canvas_text (canvas, x, y, items[i].text, LADDER_FONT_SMALL, &p->foreground, LADDER_ALIGN_LEFT);
      x += w + ladder_diagram_px (d, 24);
    }
  if (m->has_kernel)
    paint_state_legend (d, m, canvas, y + h + ladder_diagram_px (d, 6));
}

/* Lecture mode: the part of SPAN [ts0, ts1] at [*top, *bottom] this pass
 * paints: up to CUT (the limit's y) normally, after it in the ghost pass.
 * FALSE when none. */
static gboolean
clip_span (LadderDiagram *d, gint64 ts0, gint64 ts1, double cut, double *top, double *bottom)
{
  if (!d->ghost_pass)
    {
      if (hidden_ts (d, ts0))
        return FALSE;
      if (hidden_ts (d, ts1))
        *bottom = MAX (*top, cut);
      return TRUE;
    }
  if (!hidden_ts (d, ts1))
    return FALSE;
  if (!hidden_ts (d, ts0))
    *top = MIN (*bottom, cut);
  return TRUE;
}

static void
paint_bands_and_calls (LadderDiagram *d, LadderSeqModel *m, LadderCanvas *canvas, double y0, double y1,
                       double cut)
{
  double text_top;

  for (guint i = 0; i < m->bands->len; i++)
    {
      LadderSeqBand b = g_array_index (m->bands, LadderSeqBand, i);
      if (clip_span (d, b.ts0, b.ts1, cut, &b.y0, &b.y1) && b.y1 >= y0 && b.y0 <= y1)
        paint_band (d, m, canvas, &b);
    }
  if (!d->ghost_pass)
    paint_headers (d, m, canvas);
  paint_breaks (d, m, canvas, y0, y1, FALSE);
  for (guint i = 0; i < m->brackets->len; i++)
    if ((g_array_index (m->brackets, LadderSeqBracket, i).y1 <= cut) != d->ghost_pass)
      paint_bracket (d, m, canvas, &g_array_index (m->brackets, LadderSeqBracket, i));
  /* Lecture mode, scrolled past the host names: they are pinned there. */
  text_top = d->options.limit_time && y0 > m->header_y
             ? y0 + m->header_h + ladder_diagram_px (d, 8) + ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL)
             : -G_MAXDOUBLE;
  for (guint i = 0; i < m->calls->len; i++)
    {
      LadderSeqCall c = g_array_index (m->calls, LadderSeqCall, i);
      /* A call under way at the limit is drawn by the normal pass only. */
      if (d->ghost_pass && !hidden_ts (d, c.ts0))
        continue;
      if (clip_span (d, c.ts0, c.ts1, cut, &c.y0, &c.y1) && c.y1 + 40 >= y0 && c.y0 - 40 <= y1)
        paint_call (d, m, canvas, &c, text_top);
    }
}

void
ladder_seq_paint (LadderDiagram *d, LadderCanvas *canvas, double y0, double y1, guint64 selected)
{
  LadderSeqModel *m = d->model;
  double cut = limit_y (d, m);

  if (!d->ghost_pass)
    ladder_diagram_paint_title (d, canvas, m->subtitle);
  if (m->empty_text != NULL && !d->ghost_pass)
    ladder_canvas_text (canvas, ladder_diagram_px (d, 24), m->top, m->empty_text, LADDER_FONT_BODY,
                        &d->palette.muted, LADDER_ALIGN_LEFT);
  paint_bands_and_calls (d, m, canvas, y0, y1, cut);
  paint_breaks (d, m, canvas, y0, y1, TRUE);
  paint_arrows (d, m, canvas, y0, y1, selected);
  if (!d->ghost_pass)
    paint_legend (d, m, canvas);
}

static gboolean
seq_header (LadderDiagram *d, LadderCanvas *canvas, double *y, double *h)
{
  LadderSeqModel *m = d->model;

  if (m->lifelines->len == 0)
    return FALSE;
  *y = m->header_y;
  *h = m->header_h + ladder_diagram_px (d, 8) + ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  if (canvas != NULL)
    paint_headers (d, m, canvas);
  return TRUE;
}

/* The event at the limit: a call entered or returning, a state band
 * beginning, an arrow leaving. */
static gboolean
seq_current_x (LadderDiagram *d, double *x0, double *x1)
{
  LadderSeqModel *m = d->model;
  gint64 until = d->options.until_ns;
  double x, w;

  for (guint i = 0; i < m->calls->len; i++)
    {
      const LadderSeqCall *c = &g_array_index (m->calls, LadderSeqCall, i);
      const LadderSeqLifeline *l = lifeline (m, c->lifeline);
      if (c->ts0 != until && c->ts1 != until)
        continue;
      *x0 = MIN (l->lane_x, l->x);
      *x1 = MAX (l->lane_x + l->lane_w, l->x);
      return TRUE;
    }
  for (guint i = 0; i < m->bands->len; i++)
    {
      const LadderSeqBand *b = &g_array_index (m->bands, LadderSeqBand, i);
      if (b->ts0 != until)
        continue;
      outward (lifeline (m, b->lifeline), 0, lifeline (m, b->lifeline)->u_kernel + m->band_w + m->label_w, &x, &w);
      *x0 = x, *x1 = x + w;
      return TRUE;
    }
  for (guint i = 0; i < m->arrows->len; i++)
    if (g_array_index (m->arrows, LadderSeqArrow, i).ts0 == until)
      {
        arrow_ends (d, m, &g_array_index (m->arrows, LadderSeqArrow, i), x0, x1);
        x = MIN (*x0, *x1), *x1 = MAX (*x0, *x1), *x0 = x;
        return TRUE;
      }
  return FALSE;
}

typedef struct
{
  gboolean found;
  double   x0, y0, x1, y1;
} Extent;

static void
grow (Extent *e, double x0, double y0, double x1, double y1)
{
  e->x0 = e->found ? MIN (e->x0, MIN (x0, x1)) : MIN (x0, x1);
  e->x1 = e->found ? MAX (e->x1, MAX (x0, x1)) : MAX (x0, x1);
  e->y0 = e->found ? MIN (e->y0, y0) : y0;
  e->y1 = e->found ? MAX (e->y1, y1) : y1;
  e->found = TRUE;
}

/* The call box as paint_call() draws it at the limit: at its start the box
 * with its (wrapped) text; at a return after others' events, the result
 * line where it returned (the box above is the earlier step's). */
static void
call_extent (LadderDiagram *d, const LadderSeqCall *c, gint64 until, double *top, double *bottom)
{
  double line = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  double h = line + ladder_diagram_px (d, 6);
  double lines_h = h + (MAX (c->n_lines, 1) - 1) * line;

  *top = c->y0 - h / 2;
  *bottom = *top + MAX (lines_h, (c->ts1 == until ? c->y1 - c->y0 : 0) + h);
  if (c->ts0 != until && c->spans && c->y1 - c->y0 >= lines_h)
    *top = c->y1 - h / 2;
}

/* The height of a call's box when it is not stretched by time: its lines. */
static double
lines_h (LadderDiagram *d, const LadderSeqCall *c)
{
  double line = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);

  return line + ladder_diagram_px (d, 6) + (MAX (c->n_lines, 1) - 1) * line;
}

/* Whether A is the first packet its sender sent since TS (a few arrows
 * looked at: a call that blocked over many is not A's cause). */
#define FIRST_SENT_LOOKBACK 64

static gboolean
first_sent_since (LadderSeqModel *m, const LadderSeqArrow *a, gint64 ts, double y)
{
  guint n = 0;

  for (guint i = first_arrow_at (m, y); i < m->arrows->len; i++, n++)
    {
      const LadderSeqArrow *b = &g_array_index (m->arrows, LadderSeqArrow, i);
      if (b == a)
        return TRUE;
      if (n >= FIRST_SENT_LOOKBACK || (b->from == a->from && b->ts0 >= ts && b->ts0 < a->ts0))
        return FALSE;
    }
  return FALSE;
}

/* A packet sent while its sender's call is under way (connect()'s SYN):
 * the top of that call's text, which belongs with the packet (else the
 * pinned host names could hide the call that sent it).  Its box is cut at
 * the limit; its text goes no lower than the box's last lines
 * (call_text_y), and is kept below the pinned names from there up. */
static gboolean
seq_current_context (LadderDiagram *d, double *y0)
{
  LadderSeqModel *m = d->model;
  gint64 until = d->options.until_ns;
  double h = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL) + ladder_diagram_px (d, 6);
  double body = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY), text;
  gboolean found = FALSE;

  for (guint i = first_arrow_at (m, limit_y (d, m) - m->max_span - body); i < m->arrows->len; i++)
    {
      const LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      if (a->ts0 != until || a->from < 0)
        continue;
      for (guint k = 0; k < m->calls->len; k++)
        {
          const LadderSeqCall *c = &g_array_index (m->calls, LadderSeqCall, k);
          if (c->lifeline != a->from || !c->spans || c->ts0 >= until || c->ts1 <= until
              || !first_sent_since (m, a, c->ts0, c->y0))
            continue;
          text = MAX (c->y0 - h / 2, limit_y (d, m) + h / 2 - lines_h (d, c));
          *y0 = found ? MIN (*y0, text) : text;
          found = TRUE;
        }
    }
  return found;
}

/* Everything that happens at the limit: arrows leaving (to where they
 * arrive, with their labels), calls entered or returning, bands starting
 * (with their names). */
static gboolean
seq_current_extent (LadderDiagram *d, double *x0, double *y0, double *x1, double *y1)
{
  LadderSeqModel *m = d->model;
  gint64 until = d->options.until_ns;
  double body = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);
  double small = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  Extent e = { FALSE, 0, 0, 0, 0 };
  double top, bottom, x, w;
  char label[128];

  for (guint i = 0; i < m->calls->len; i++)
    {
      const LadderSeqCall *c = &g_array_index (m->calls, LadderSeqCall, i);
      const LadderSeqLifeline *l = lifeline (m, c->lifeline);
      if (c->ts0 != until && c->ts1 != until)
        continue;
      call_extent (d, c, until, &top, &bottom);
      grow (&e, MIN (l->lane_x, l->x), top, MAX (l->lane_x + l->lane_w, l->x), bottom);
    }
  for (guint i = 0; i < m->bands->len; i++)
    {
      const LadderSeqBand *b = &g_array_index (m->bands, LadderSeqBand, i);
      const LadderSeqLifeline *l = lifeline (m, b->lifeline);
      if (b->ts0 != until)
        continue;
      outward (l, 0, l->u_kernel + m->band_w + m->label_w, &x, &w);
      grow (&e, x, b->y0, x + w, MAX (b->y0 + ladder_diagram_px (d, 4), b->label_y + small));
    }
  for (guint i = first_arrow_at (m, limit_y (d, m) - m->max_span - body); i < m->arrows->len; i++)
    {
      const LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      double mid = (a->y0 + a->y1) / 2, ax0, ax1;
      if (a->ts0 != until)
        continue;
      arrow_ends (d, m, a, &ax0, &ax1);
      ladder_seq_arrow_label (a, label, sizeof label);
      top = MIN (a->y0 - small / 2, mid - body - ladder_diagram_px (d, 3));
      bottom = MAX (a->y1 + ladder_diagram_px (d, 14), mid + ladder_diagram_px (d, 3) + small
                    + (ladder_seq_split_label (m, label) != NULL ? body : 0));
      grow (&e, ax0, top, ax1, bottom);
    }
  *x0 = e.x0, *y0 = e.y0, *x1 = e.x1, *y1 = e.y1;
  return e.found;
}

static gboolean
seq_current_y (LadderDiagram *d, double *y)
{
  LadderSeqModel *m = d->model;

  if (m->events->len == 0 || g_array_index (m->events, LadderSeqEvent, 0).ts > d->options.until_ns)
    return FALSE;
  *y = limit_y (d, m);
  return TRUE;
}

double
ladder_seq_min_arrow_width (LadderDiagram *d)
{
  LadderSeqModel *m = d->model;
  double min = 0;

  for (guint i = 0; i < m->arrows->len; i++)
    {
      LadderStroke stroke;
      ladder_seq_arrow_stroke (d, &g_array_index (m->arrows, LadderSeqArrow, i), &stroke);
      if (i == 0 || stroke.width < min)
        min = stroke.width;
    }
  return min;
}

/* Hit testing. */

static double
segment_distance (double px, double py, double x0, double y0, double x1, double y1)
{
  double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy, t = 0;

  if (len2 > 0)
    t = CLAMP (((px - x0) * dx + (py - y0) * dy) / len2, 0, 1);
  return hypot (px - (x0 + t * dx), py - (y0 + t * dy));
}

static gboolean
in_label (LadderDiagram *d, LadderSeqModel *m, const LadderSeqArrow *a, double x, double y)
{
  double x0, x1, w, h;
  char label[128];

  arrow_ends (d, m, a, &x0, &x1);
  ladder_seq_arrow_label (a, label, sizeof label);
  ladder_fonts_measure (d->fonts, LADDER_FONT_BODY, label, &w, &h, NULL);
  return fabs (x - (x0 + x1) / 2) <= w / 2 && y <= (a->y0 + a->y1) / 2 && y >= (a->y0 + a->y1) / 2 - h - 4;
}

static guint64
seq_hit_test (LadderDiagram *d, double x, double y)
{
  LadderSeqModel *m = d->model;
  double tolerance = ladder_diagram_px (d, 8), best = G_MAXDOUBLE;
  double margin = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY) + tolerance;
  guint64 found = 0;

  for (guint i = first_arrow_at (m, y - m->max_span - margin); i < m->arrows->len; i++)
    {
      LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      double x0, x1, dist;

      if (a->y0 > y + margin)
        break;
      arrow_ends (d, m, a, &x0, &x1);
      dist = segment_distance (x, y, x0, a->y0, x1, a->y1);
      if (dist > tolerance && in_label (d, m, a, x, y))
        dist = tolerance;
      if (dist <= tolerance && dist < best)
        {
          best = dist;
          found = a->frame;
        }
    }
  return found;
}

static gboolean
seq_frame_bounds (LadderDiagram *d, guint64 frame, double *x, double *y, double *w, double *h)
{
  LadderSeqModel *m = d->model;
  LadderSeqArrow *a = ladder_seq_find_arrow (m, frame);
  double x0, x1, lh = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);

  if (a == NULL)
    return FALSE;
  arrow_ends (d, m, a, &x0, &x1);
  *x = MIN (x0, x1);
  *w = fabs (x1 - x0);
  *y = a->y0 - lh - ladder_diagram_px (d, 4);
  *h = a->y1 - a->y0 + 2 * lh + ladder_diagram_px (d, 8);
  return TRUE;
}

static void
seq_frames (LadderDiagram *d, GArray *out)
{
  LadderSeqModel *m = d->model;

  for (guint i = 0; i < m->arrows->len; i++)
    g_array_append_val (out, g_array_index (m->arrows, LadderSeqArrow, i).frame);
}

const LadderDiagramClass ladder_seq_class = {
  ladder_seq_paint, seq_hit_test, seq_frame_bounds, seq_frames, ladder_seq_mermaid, ladder_seq_model_free,
  NULL, seq_current_y, seq_header, seq_current_x, seq_current_extent, seq_current_context,
};
