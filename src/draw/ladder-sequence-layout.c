/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sequence-layout.c: where everything of the sequence diagram goes.
 *
 * Vertically, a time axis of events (arrow ends, and calls that span a
 * packet).  Compressed: one row per event.  Proportional: each interval
 * drawn to scale (the median interval is one row), but never shorter than
 * a row, so a label always fits; pauses longer than eight rows are cut
 * short and marked, so one idle second does not push the rest off screen;
 * compressed time keeps one row per packet, but a pause of 10 ms and more
 * between socket calls (bind() long before the first packet) gets a marked
 * row of its own.
 *
 * Horizontally, per lifeline, going outwards from it: the wire-state band
 * and its labels, the kernel-state band and its labels (lab captures), the
 * handshake RTT bracket, and the lane of socket calls.
 */
#include "ladder-sequence-private.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#define MAX_GAP_ROWS 8.0
/* Lecture mode: the view below the pinned host names is about 450 px at
 * 1920x1080 with the spotlight shown; a packet crossing the routers (the
 * SYN) and the call that sent it (connect() above it) fit it together. */
#define CONDENSED_MAX_GAP_ROWS 6.0
/* Compressed time marks the long pauses between calls only (bind() a
 * second before the first packet): between packets there is no room. */
#define COMPRESSED_BREAK_NS G_GINT64_CONSTANT (10000000)

static gint
compare_event (gconstpointer a, gconstpointer b)
{
  const LadderSeqEvent *ea = a, *eb = b;

  if (ea->ts != eb->ts)
    return ea->ts < eb->ts ? -1 : 1;
  /* equal times: keep arrows in frame order, calls before packets */
  if (ea->arrow != eb->arrow)
    return ea->arrow < eb->arrow ? -1 : 1;
  return (int) ea->end - (int) eb->end;
}

static void
add_arrow_events (LadderSeqModel *m)
{
  for (guint i = 0; i < m->arrows->len; i++)
    {
      LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      char note[64], label[128];
      LadderSeqEvent e = { a->ts0, 0, (gint32) i, 0, ladder_seq_arrow_note (a, note, sizeof note), 0, 0, 0 };

      ladder_seq_arrow_label (a, label, sizeof label);
      e.split_label = ladder_seq_split_label (m, label) != NULL;

      g_array_append_val (m->events, e);
      if (a->slanted)
        {
          e.ts = a->ts1;
          e.end = 1;
          e.split_label = 0;
          g_array_append_val (m->events, e);
        }
    }
  g_array_sort (m->events, compare_event);
}

/* The first of the first N events later than TS. */
static guint
first_event_after (LadderSeqModel *m, guint n, gint64 ts)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (m->events, LadderSeqEvent, mid).ts <= ts)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* A call gets a row for its return only when packets went by meanwhile
 * (connect() blocked over the handshake): that is what the picture shows. */
static gboolean
spans_packet (LadderSeqModel *m, guint n_arrow_events, gint64 t0, gint64 t1)
{
  guint i = first_event_after (m, n_arrow_events, t0);

  return i < n_arrow_events && g_array_index (m->events, LadderSeqEvent, i).ts < t1;
}

static void
add_call_events (LadderDiagram *d, LadderSeqModel *m)
{
  guint n = m->events->len;

  for (guint i = 0; i < m->calls->len; i++)
    {
      LadderSeqCall *c = &g_array_index (m->calls, LadderSeqCall, i);
      LadderSeqEvent e = { c->ts0, 0, -1, 0, 0, 0, 0 };

      c->spans = spans_packet (m, n, c->ts0, c->ts1);
      if (m->condensed)
        {
          g_autofree char *head = ladder_seq_call_head (c);
          g_auto (GStrv) lines = ladder_seq_wrap (d, LADDER_FONT_SMALL, head, m->lane_cap);
          c->n_lines = (guint8) g_strv_length (lines);
          e.more_lines = c->n_lines - 1;
        }
      g_array_append_val (m->events, e);
      if (c->spans)
        {
          e.ts = c->ts1;
          e.end = 1;
          e.more_lines = 0;
          g_array_append_val (m->events, e);
        }
    }
  g_array_sort (m->events, compare_event);
}

static void
place_events (LadderDiagram *d, LadderSeqModel *m)
{
  double row = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY) + ladder_diagram_px (d, 14);
  double note = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL) + ladder_diagram_px (d, 2);
  double line = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  double body = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);
  gint64 median = ladder_median_gap (m->events->data, m->events->len, sizeof (LadderSeqEvent));
  double scale = row / (double) MAX (median, 1);
  double y = m->top + row;
  double max_gap = (m->condensed ? CONDENSED_MAX_GAP_ROWS : MAX_GAP_ROWS) * row;

  for (guint i = 0; i < m->events->len; i++)
    {
      LadderSeqEvent *e = &g_array_index (m->events, LadderSeqEvent, i);
      LadderSeqEvent *prev = i > 0 ? e - 1 : NULL;

      if (prev != NULL)
        {
          double gap = row + (prev->note ? note : 0) + prev->more_lines * line + (prev->split_label ? body : 0);
          double px = (double) ladder_ns_between (prev->ts, e->ts) * scale;
          if (!d->options.compressed)
            {
              e->gap_break = px > max_gap;
              gap = MAX (gap, MIN (px, max_gap));
            }
          else if (e->arrow < 0 && prev->arrow < 0
                   && ladder_ns_between (prev->ts, e->ts) >= COMPRESSED_BREAK_NS)
            {
              e->gap_break = TRUE;
              gap += row;
            }
          y += gap;
        }
      e->y = y;
    }
  m->bottom = y + row;
}

double
ladder_seq_time_to_y (LadderSeqModel *m, gint64 ts)
{
  guint i = first_event_after (m, m->events->len, ts);
  LadderSeqEvent *a, *b;

  if (m->events->len == 0)
    return m->top;
  if (i == 0)
    return g_array_index (m->events, LadderSeqEvent, 0).y;
  a = &g_array_index (m->events, LadderSeqEvent, i - 1);
  if (i == m->events->len)
    return a->y;
  b = a + 1;
  if (b->ts == a->ts)
    return a->y;
  return a->y + (b->y - a->y) * (double) ladder_ns_between (a->ts, ts)
                / (double) ladder_ns_between (a->ts, b->ts);
}

static void
place_arrows_and_calls (LadderSeqModel *m)
{
  m->max_span = 0;
  for (guint i = 0; i < m->events->len; i++)
    {
      LadderSeqEvent *e = &g_array_index (m->events, LadderSeqEvent, i);
      LadderSeqArrow *a;

      if (e->arrow < 0)
        continue;
      a = &g_array_index (m->arrows, LadderSeqArrow, e->arrow);
      if (e->end == 0)
        a->y0 = a->y1 = e->y;
      else
        a->y1 = e->y;
    }
  for (guint i = 0; i < m->arrows->len; i++)
    {
      LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      m->max_span = MAX (m->max_span, a->y1 - a->y0);
    }
  for (guint i = 0; i < m->calls->len; i++)
    {
      LadderSeqCall *c = &g_array_index (m->calls, LadderSeqCall, i);
      c->y0 = ladder_seq_time_to_y (m, c->ts0);
      c->y1 = MAX (ladder_seq_time_to_y (m, c->ts1), c->y0);
    }
  for (guint i = 0; i < m->bands->len; i++)
    {
      LadderSeqBand *b = &g_array_index (m->bands, LadderSeqBand, i);
      b->y0 = ladder_seq_time_to_y (m, b->ts0);
      b->y1 = MAX (ladder_seq_time_to_y (m, b->ts1), b->y0 + 2);
    }
}

static gint
compare_arrow_y (gconstpointer a, gconstpointer b)
{
  const LadderSeqArrow *x = a, *y = b;

  if (x->y0 != y->y0)
    return x->y0 < y->y0 ? -1 : 1;
  return x->frame < y->frame ? -1 : x->frame > y->frame;
}

/* Painting and hit testing binary-search the arrows by y0. */
static void
sort_arrows (LadderSeqModel *m)
{
  g_array_sort (m->arrows, compare_arrow_y);
  g_hash_table_remove_all (m->by_frame);
  for (guint i = 0; i < m->arrows->len; i++)
    g_hash_table_insert (m->by_frame,
                         GSIZE_TO_POINTER ((gsize) g_array_index (m->arrows, LadderSeqArrow, i).frame),
                         GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < m->events->len; i++)
    g_array_index (m->events, LadderSeqEvent, i).arrow = -1;
}

/* Wire states: a transition caused by packet P shows where P leaves or
 * reaches that endpoint's lifeline. */
static void
add_wire_bands (LadderSeqModel *m, const LadderConversation *conv)
{
  for (int dir = 0; dir < 2; dir++)
    {
      guint n = 0;
      const LadderTcpTransition *t = ladder_tcp_conn_get_transitions (conv->tcp, dir, &n);

      for (guint i = 0; i < n; i++)
        {
          LadderSeqBand band = { dir, FALSE, 0, G_MAXINT64, m->top, m->bottom, t[i].state, FALSE };
          LadderSeqArrow *a = ladder_seq_find_arrow (m, t[i].packet);

          if (t[i].packet != 0 && a == NULL)
            continue;
          if (a != NULL)
            {
              band.y0 = a->from == dir ? a->y0 : a->y1;
              band.ts0 = a->from == dir ? a->ts0 : a->ts1;
            }
          if (m->bands->len > 0)
            {
              LadderSeqBand *prev = &g_array_index (m->bands, LadderSeqBand, m->bands->len - 1);
              if (!prev->kernel && prev->lifeline == dir)
                {
                  prev->y1 = band.y0;
                  prev->ts1 = band.ts0;
                }
            }
          g_array_append_val (m->bands, band);
        }
    }
}

/* A kernel state the wire never showed on that endpoint while it held. */
static void
mark_disagreements (LadderSeqModel *m)
{
  for (guint i = 0; i < m->bands->len; i++)
    {
      LadderSeqBand *k = &g_array_index (m->bands, LadderSeqBand, i);
      gboolean seen = FALSE;

      if (!k->kernel)
        continue;
      for (guint j = 0; j < m->bands->len && !seen; j++)
        {
          LadderSeqBand *w = &g_array_index (m->bands, LadderSeqBand, j);
          seen = !w->kernel && w->lifeline == k->lifeline && w->state == k->state
                 && w->ts0 <= k->ts1 && w->ts1 >= k->ts0;
        }
      k->disagrees = !seen;
    }
}

static void
add_bracket (LadderDiagram *d, LadderSeqModel *m, const LadderConversation *conv)
{
  LadderSeqArrow *syn = ladder_seq_find_arrow (m, conv->tcp->syn_packet);
  LadderSeqArrow *ack = ladder_seq_find_arrow (m, conv->tcp->ack_packet);
  LadderSeqBracket b = { 0 };

  if (syn == NULL || ack == NULL || !ladder_tcp_conn_handshake_complete (conv->tcp))
    return;
  b.lifeline = 0;
  b.y0 = syn->y0;
  b.y1 = ack->y0;
  b.text = g_strdup_printf ("RTT %.3f ms", ladder_tcp_conn_handshake_rtt_ms (conv->tcp));
  g_array_append_val (m->brackets, b);
}

static double
max_call_width (LadderDiagram *d, LadderSeqModel *m, int lifeline)
{
  double w = 0;

  for (guint i = 0; i < m->calls->len; i++)
    {
      LadderSeqCall *c = &g_array_index (m->calls, LadderSeqCall, i);
      double cw;
      if (c->lifeline != lifeline)
        continue;
      ladder_fonts_measure (d->fonts, LADDER_FONT_SMALL, c->text, &cw, NULL, NULL);
      w = MAX (w, cw);
    }
  return MIN (w, m->lane_cap);
}

/* The width of an arrow's label as drawn: its wider line when split. */
static double
label_width (LadderDiagram *d, LadderSeqModel *m, const char *label)
{
  char buf[128];
  const char *second;
  double w, w2 = 0;

  g_strlcpy (buf, label, sizeof buf);
  second = ladder_seq_split_label (m, buf);
  ladder_fonts_measure (d->fonts, LADDER_FONT_BODY, buf, &w, NULL, NULL);
  if (second != NULL)
    ladder_fonts_measure (d->fonts, LADDER_FONT_BODY, second, &w2, NULL, NULL);
  return MAX (w, w2);
}

/* Only the longest labels (by bytes) are measured: thousands of arrows
 * would otherwise cost thousands of Pango layouts. */
#define N_LONGEST 4

static double
max_label_width (LadderDiagram *d, LadderSeqModel *m)
{
  char longest[N_LONGEST][128] = { { 0 } };
  gsize lens[N_LONGEST] = { 0 };
  double w = 0;

  for (guint i = 0; i < m->arrows->len; i++)
    {
      char buf[128];
      gsize len;
      guint shortest = 0;

      ladder_seq_arrow_label (&g_array_index (m->arrows, LadderSeqArrow, i), buf, sizeof buf);
      len = strlen (buf);
      for (guint k = 1; k < N_LONGEST; k++)
        if (lens[k] < lens[shortest])
          shortest = k;
      if (len > lens[shortest])
        {
          lens[shortest] = len;
          memcpy (longest[shortest], buf, len + 1);
        }
    }
  for (guint k = 0; k < N_LONGEST; k++)
    w = MAX (w, label_width (d, m, longest[k]));
  return w;
}

/* State labels go where their band starts, pushed down below the label
 * before them so none overlap. */
static gint
compare_band_y (gconstpointer a, gconstpointer b)
{
  const LadderSeqBand *x = *(LadderSeqBand *const *) a, *y = *(LadderSeqBand *const *) b;

  return x->y0 < y->y0 ? -1 : x->y0 > y->y0;
}

gboolean
ladder_seq_kernel_says (LadderSeqModel *m, const LadderSeqBand *b)
{
  for (guint i = 0; i < m->bands->len; i++)
    {
      const LadderSeqBand *k = &g_array_index (m->bands, LadderSeqBand, i);
      if (k->kernel && k->lifeline == b->lifeline && k->state == b->state && k->ts0 <= b->ts1 && k->ts1 >= b->ts0)
        return TRUE;
    }
  return FALSE;
}

static void
place_band_labels (LadderDiagram *d, LadderSeqModel *m)
{
  double h = ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL);
  double last[2][2] = { { -1e9, -1e9 }, { -1e9, -1e9 } };
  g_autoptr (GPtrArray) order = g_ptr_array_sized_new (m->bands->len);

  /* Top down: condensed, a lifeline's wire and kernel names share a column. */
  for (guint i = 0; i < m->bands->len; i++)
    g_ptr_array_add (order, &g_array_index (m->bands, LadderSeqBand, i));
  g_ptr_array_sort (order, compare_band_y);
  for (guint i = 0; i < order->len; i++)
    {
      LadderSeqBand *b = g_ptr_array_index (order, i);
      gboolean merged = g_array_index (m->lifelines, LadderSeqLifeline, b->lifeline).merged_bands;
      double *prev = &last[b->lifeline & 1][b->kernel || merged ? 1 : 0];

      if (!b->kernel && merged && ladder_seq_kernel_says (m, b))
        continue;   /* not labelled */
      b->label_y = MAX (b->y0 + 2, *prev);
      *prev = b->label_y + h;
    }
}

/* Outward extent of a lifeline's bands, bracket and lane; sets the offsets. */
static double
outer_extent (LadderDiagram *d, LadderSeqModel *m, LadderSeqLifeline *l, int index, gboolean bracket)
{
  double u = m->band_w / 2;
  double lane_w = max_call_width (d, m, index);

  if (l->bands && l->merged_bands)
    {
      /* Condensed: the wire's band unlabelled beside the kernel's (same
       * colours for the same state), one column of state names. */
      l->u_kernel = u + ladder_diagram_px (d, 4);
      u = l->u_kernel + m->band_w + ladder_diagram_px (d, 6) + m->label_w;
    }
  else if (l->bands)
    {
      u += ladder_diagram_px (d, 6) + m->label_w;
      l->u_kernel = u + ladder_diagram_px (d, 8);
      if (m->has_kernel)
        u = l->u_kernel + m->band_w + ladder_diagram_px (d, 6) + m->label_w;
    }
  l->u_bracket = u + ladder_diagram_px (d, 10);
  if (bracket)
    {
      double tw;
      ladder_fonts_measure (d->fonts, LADDER_FONT_SMALL, "RTT 00.000 ms", &tw, NULL, NULL);
      u = l->u_bracket + ladder_diagram_px (d, 14) + tw;
    }
  if (lane_w > 0)
    {
      l->lane_w = lane_w + ladder_diagram_px (d, 20);
      u += ladder_diagram_px (d, 16) + l->lane_w;
    }
  return u + ladder_diagram_px (d, 8);
}

/* Half the width of a lifeline's header box. */
static double
header_half_width (LadderDiagram *d, const LadderSeqLifeline *l)
{
  double tw, sw;

  ladder_fonts_measure (d->fonts, LADDER_FONT_BOLD, l->title, &tw, NULL, NULL);
  ladder_fonts_measure (d->fonts, LADDER_FONT_SMALL, l->subtitle, &sw, NULL, NULL);
  return (MAX (tw, sw) + ladder_diagram_px (d, 24)) / 2;
}

/* Condensed: what each gap must hold of the labels of the arrows across
 * it, an arrow over k gaps sharing its label among them (it is centred on
 * the whole arrow).  NEED[i] is the gap left of lifeline i.  Only the
 * longest label (by bytes) of each pair of lifelines is measured. */
static void
gap_needs (LadderDiagram *d, LadderSeqModel *m, double *need)
{
  guint n = m->lifelines->len;
  g_autofree char (*longest)[128] = g_malloc0 ((gsize) n * n * sizeof *longest);

  for (guint i = 0; i < m->arrows->len; i++)
    {
      const LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      guint lo = (guint) MIN (a->from, a->to), hi = (guint) MAX (a->from, a->to);
      char buf[128];
      if (a->from < 0 || a->to < 0 || lo == hi || hi >= n)
        continue;
      ladder_seq_arrow_label (a, buf, sizeof buf);
      if (strlen (buf) > strlen (longest[lo * n + hi]))
        g_strlcpy (longest[lo * n + hi], buf, sizeof buf);
    }
  for (guint lo = 0; lo < n; lo++)
    for (guint hi = lo + 1; hi < n; hi++)
      {
        double w;
        if (longest[lo * n + hi][0] == '\0')
          continue;
        w = label_width (d, m, longest[lo * n + hi]);
        for (guint g = lo + 1; g <= hi; g++)
          need[g] = MAX (need[g], w / (hi - lo));
      }
}

/* Places the lifelines with GAPS[i] of room left of lifeline i (besides
 * their bands and lanes); sets d->width. */
static void
place_with_gaps (LadderDiagram *d, LadderSeqModel *m, gboolean bracket, const double *gaps)
{
  guint n = m->lifelines->len;
  double x = m->time_x + ladder_diagram_px (d, 12);

  for (guint i = 0; i < n; i++)
    {
      LadderSeqLifeline *l = &g_array_index (m->lifelines, LadderSeqLifeline, i);
      gboolean last = n > 1 && i == n - 1;
      double half = header_half_width (d, l);
      double outer;

      l->side = last ? 1 : -1;
      outer = MAX (outer_extent (d, m, l, (int) i, i == 0 && bracket),
                   i == 0 || last ? half : 0);
      if (!last)
        x += outer + (i > 0 ? gaps[i] : 0);
      else
        x += gaps[i];
      l->x = x;
      l->lane_x = l->side < 0 ? x - outer + ladder_diagram_px (d, 8) : x + outer - ladder_diagram_px (d, 8) - l->lane_w;
      if (last)
        x += outer;
    }
  if (n == 1)
    x += ladder_diagram_px (d, 200);
  d->width = MAX (x + ladder_diagram_px (d, 24), ladder_diagram_px (d, 640));
}

/* Lecture mode on a projector: a ladder of many hosts too wide with every
 * gap as wide as the widest label gets gaps as wide as their own labels
 * need, then the room left shared out. */
static void
narrow_gaps (LadderDiagram *d, LadderSeqModel *m, gboolean bracket, double *gaps, const double *heads)
{
  guint n = m->lifelines->len;
  g_autofree double *need = g_new0 (double, n);
  g_autofree double *wide = g_memdup2 (gaps, n * sizeof *gaps);
  double extra;

  gap_needs (d, m, need);
  for (guint i = 1; i < n; i++)
    gaps[i] = MAX (need[i] + ladder_diagram_px (d, 30), heads[i]);
  place_with_gaps (d, m, bracket, gaps);
  extra = (d->options.max_width - d->width) / (n - 1);
  for (guint i = 1; i < n && extra > 0; i++)
    gaps[i] = MAX (gaps[i], MIN (gaps[i] + extra, wide[i]));
  place_with_gaps (d, m, bracket, gaps);
}

static void
place_lifelines (LadderDiagram *d, LadderSeqModel *m, gboolean bracket)
{
  guint n = m->lifelines->len;
  double label_gap = MAX (max_label_width (d, m) + ladder_diagram_px (d, m->condensed ? 30 : 60),
                          ladder_diagram_px (d, m->condensed ? 200 : 320));
  g_autofree double *gaps = g_new0 (double, MAX (n, 1));
  g_autofree double *heads = g_new0 (double, MAX (n, 1));

  /* Room for the header boxes either side. */
  for (guint i = 1; i < n; i++)
    {
      heads[i] = header_half_width (d, &g_array_index (m->lifelines, LadderSeqLifeline, i - 1))
                 + header_half_width (d, &g_array_index (m->lifelines, LadderSeqLifeline, i)) + ladder_diagram_px (d, 24);
      gaps[i] = MAX (label_gap, heads[i]);
    }
  place_with_gaps (d, m, bracket, gaps);
  if (m->condensed && n > 2 && d->width > d->options.max_width)
    narrow_gaps (d, m, bracket, gaps, heads);
}

static void
place_top (LadderDiagram *d, LadderSeqModel *m)
{
  double tw;

  ladder_fonts_measure (d->fonts, LADDER_FONT_SMALL, "+00000.000 ms", &tw, NULL, NULL);
  m->time_x = ladder_diagram_px (d, 24) + tw;
  m->header_y = ladder_diagram_title_height (d, TRUE);
  m->header_h = ladder_fonts_line_height (d->fonts, LADDER_FONT_BOLD)
                + ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL) + ladder_diagram_px (d, 16);
  m->top = m->header_y + m->header_h + ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL)
           + ladder_diagram_px (d, 16);
  m->band_w = ladder_diagram_px (d, 14);
  m->lane_cap = ladder_diagram_px (d, 460);
  {
    g_autofree char *widest = g_strconcat ("SYN_RECEIVED", m->kernel_sampled ? ladder_seq_sampled_suffix () : "",
                                           NULL);
    ladder_fonts_measure (d->fonts, LADDER_FONT_SMALL, widest, &m->label_w, NULL, NULL);
  }
}

/* The widest piece of TEXT that fits WIDTH, at least one character. */
static gsize
fit_prefix (LadderDiagram *d, LadderFontRole role, const char *text, gsize len, double width)
{
  gsize lo = 1, hi = g_utf8_strlen (text, (gssize) len);

  while (lo < hi)
    {
      gsize mid = (lo + hi + 1) / 2;
      g_autofree char *piece = g_utf8_substring (text, 0, (glong) mid);
      double w;
      ladder_fonts_measure (d->fonts, role, piece, &w, NULL, NULL);
      if (w <= width)
        lo = mid;
      else
        hi = mid - 1;
    }
  return (gsize) (g_utf8_offset_to_pointer (text, (glong) lo) - text);
}

/* Caps the lines of one wrapped text: a pathological call cannot make a
 * box taller than the picture's rows can hold. */
#define MAX_WRAP_LINES 6

char **
ladder_seq_wrap (LadderDiagram *d, LadderFontRole role, const char *text, double width)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new ();
  const char *p = text;

  while (*p != '\0' && lines->len < MAX_WRAP_LINES)
    {
      gsize len = strlen (p), take = len;
      double w;

      ladder_fonts_measure (d->fonts, role, p, &w, NULL, NULL);
      if (w > width && lines->len + 1 < MAX_WRAP_LINES)
        {
          gsize fit = fit_prefix (d, role, p, len, width);
          const char *space = g_strrstr_len (p, (gssize) fit + 1, " ");
          take = space != NULL && space > p ? (gsize) (space - p) : fit;
        }
      g_ptr_array_add (lines, g_strndup (p, take));
      p += take;
      while (*p == ' ')
        p++;
    }
  if (lines->len == 0)
    g_ptr_array_add (lines, g_strdup (""));
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

char *
ladder_seq_call_head (const LadderSeqCall *c)
{
  return c->spans ? g_strndup (c->text, c->result_at) : g_strdup (c->text);
}

/* How many lifelines have socket calls: each has a lane. */
static guint
count_lanes (LadderSeqModel *m)
{
  gboolean seen[64] = { FALSE };
  guint n = 0;

  for (guint i = 0; i < m->calls->len; i++)
    {
      int l = g_array_index (m->calls, LadderSeqCall, i).lifeline;
      if (l >= 0 && l < 64 && !seen[l])
        n++, seen[l] = TRUE;
    }
  return n;
}

/* Smallest call lane when condensed: about 9 characters of call text. */
#define MIN_LANE 120

/* Lecture mode on a projector (options.max_width): the call lanes get the
 * width the rest of the picture leaves, and their text is wrapped to it
 * (the rows below a wrapped call make room for its lines), so the picture
 * fits without its text getting smaller.  Before events are placed. */
static void
condense (LadderDiagram *d, LadderSeqModel *m, const LadderConversation *tcp_conv)
{
  guint n_lanes = count_lanes (m);
  double fixed, pad = ladder_diagram_px (d, 16 + 20);

  if (d->options.max_width <= 0)
    return;
  m->condensed = TRUE;
  ladder_fonts_measure (d->fonts, LADDER_FONT_SMALL, "SYN_RECEIVED", &m->label_w, NULL, NULL);
  for (guint i = 0; tcp_conv != NULL && i < MIN (2, m->lifelines->len); i++)
    g_array_index (m->lifelines, LadderSeqLifeline, i).bands = TRUE;
  for (guint i = 0; i < m->bands->len; i++)
    {
      const LadderSeqBand *b = &g_array_index (m->bands, LadderSeqBand, i);
      if (b->kernel && b->lifeline >= 0 && (guint) b->lifeline < m->lifelines->len)
        g_array_index (m->lifelines, LadderSeqLifeline, b->lifeline).merged_bands = TRUE;
    }
  m->lane_cap = 0;
  place_lifelines (d, m, FALSE);
  fixed = d->width;
  /* Many hosts whose lanes would get less than the least: long arrow
   * labels take two lines, so the gaps they need halve. */
  if (m->lifelines->len > 2 && (d->options.max_width - fixed) / MAX (n_lanes, 1) - pad < ladder_diagram_px (d, MIN_LANE))
    {
      m->split_labels = TRUE;
      place_lifelines (d, m, FALSE);
      fixed = d->width;
    }
  m->lane_cap = n_lanes > 0 ? (d->options.max_width - fixed) / n_lanes - pad : 0;
  m->lane_cap = CLAMP (m->lane_cap, ladder_diagram_px (d, MIN_LANE), ladder_diagram_px (d, 460));
}

static guint
legend_lines (LadderDiagram *d, LadderSeqModel *m)
{
  g_auto (GStrv) lines = NULL;

  if (!m->condensed || !m->has_kernel)
    return 3;
  lines = ladder_seq_wrap (d, LADDER_FONT_SMALL, ladder_seq_state_legend (m), d->width - ladder_diagram_px (d, 48));
  return 2 + g_strv_length (lines);
}

void
ladder_seq_layout (LadderDiagram *d, LadderSeqModel *m, const LadderConversation *tcp_conv)
{
  place_top (d, m);
  condense (d, m, tcp_conv);
  add_arrow_events (m);
  add_call_events (d, m);
  place_events (d, m);
  place_arrows_and_calls (m);
  /* times are shown from the first packet (calls before it are negative) */
  m->t0 = G_MAXINT64;
  for (guint i = 0; i < m->arrows->len; i++)
    m->t0 = MIN (m->t0, g_array_index (m->arrows, LadderSeqArrow, i).ts0);
  sort_arrows (m);
  if (tcp_conv != NULL)
    {
      add_wire_bands (m, tcp_conv);
      mark_disagreements (m);
      place_band_labels (d, m);
      /* Condensed, the subtitle alone gives the handshake's RTT. */
      if (!m->condensed)
        add_bracket (d, m, tcp_conv);
      for (guint i = 0; i < 2; i++)
        g_array_index (m->lifelines, LadderSeqLifeline, i).bands = TRUE;
    }
  place_lifelines (d, m, m->brackets->len > 0);
  /* the legend: up to three lines, or two and the wrapped sentence */
  d->height = m->bottom + legend_lines (d, m) * (ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL)
                                                 + ladder_diagram_px (d, 6))
              + ladder_diagram_px (d, 30);
}
