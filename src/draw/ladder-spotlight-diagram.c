/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-spotlight-diagram.c: LADDER_DIAGRAM_SPOTLIGHT, one packet's headers
 * painted from ladder-spotlight.h's model, and the probe an ICMP error
 * quotes found in the capture. */
#include "ladder-diagram-private.h"
#include "ladder-spotlight.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* How far back an ICMP error's probe is looked for. */
#define PROBE_SEARCH 20000

typedef struct
{
  LadderSpotlightModel *model;
  guint64               packet;
  char                 *subtitle;
} Spotlight;

static void
spotlight_free (gpointer data)
{
  Spotlight *s = data;

  ladder_spotlight_model_free (s->model);
  g_free (s->subtitle);
  g_free (s);
}

static gboolean
quote_matches (const LadderQuoted *q, const LadderPacket *p)
{
  if (p->ip_version != q->ip_version || p->ip_proto != q->ip_proto
      || !ladder_addr_equal (&p->src, &q->src) || !ladder_addr_equal (&p->dst, &q->dst))
    return FALSE;
  if (q->ip_version == 4 && p->ip_id != q->ip_id)
    return FALSE;
  if (q->has_ports && (p->sport != q->sport || p->dport != q->dport))
    return FALSE;
  if (q->has_icmp && q->icmp_kind == LADDER_ICMP_KIND_ECHO_REQUEST
      && (p->icmp_id != q->icmp_id || p->icmp_seq != q->icmp_seq))
    return FALSE;
  return TRUE;
}

/* The packet an ICMP error quotes, as sent: of the earlier packets whose
 * headers match the quote (a capture on several links of the path holds a
 * copy per link, within a second), the one with the highest TTL, taken
 * back to its first sighting on a lab capture.  FALSE when none is found. */
static gboolean
find_probe (LadderCapture *capture, guint64 frame, const LadderQuoted *q, LadderSpotlightProbe *probe)
{
  LadderPacket pkt;
  LadderFrameInfo info;
  guint64 stop = frame > PROBE_SEARCH ? frame - PROBE_SEARCH : 0, best = 0;
  gint64 first_ts = 0;
  guint best_ttl = 0;

  for (guint64 n = frame - 1; n > stop; n--)
    {
      if (!ladder_capture_get_frame (capture, n, &info)
          || (best != 0 && info.ts_ns < first_ts - G_GINT64_CONSTANT (1000000000)))
        break;
      if (!ladder_capture_decode (capture, n, &pkt, NULL) || !quote_matches (q, &pkt))
        continue;
      if (best == 0)
        first_ts = info.ts_ns;
      if (best == 0 || pkt.ttl > best_ttl)
        best = info.sighting_of != 0 ? info.sighting_of : n, best_ttl = pkt.ttl;
    }
  if (best == 0 || !ladder_capture_get_frame (capture, best, &info)
      || !ladder_capture_decode (capture, best, &pkt, NULL) || pkt.ip_version == 0)
    return FALSE;
  probe->frame = best;
  probe->data = info.data;
  probe->caplen = info.caplen;
  probe->ip_off = pkt.ip_off;
  return TRUE;
}

static gboolean
is_traceroute_probe (LadderAnalysis *analysis, guint64 frame)
{
  LadderTraceroute *trace = ladder_analysis_get_traceroute (analysis);
  guint n = trace != NULL ? ladder_traceroute_get_n_runs (trace) : 0;

  for (guint i = 0; i < n; i++)
    {
      const LadderTracerouteRun *run = ladder_traceroute_get_run (trace, i);
      for (guint j = 0; j < run->n_probes; j++)
        if (run->probes[j].probe == frame || run->probes[j].reply == frame)
          return TRUE;
    }
  return FALSE;
}

/* ---- painting ---- */

static void
paint_ruler (LadderDiagram *d, LadderCanvas *canvas, const LadderSpotlightModel *m)
{
  double line = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);

  for (guint i = 0; i < 32; i++)
    {
      double x = m->left + (i + 0.5) * m->bit_w;
      char tens[2] = { (char) ('0' + i / 10), 0 }, units[2] = { (char) ('0' + i % 10), 0 };
      if (i % 10 == 0)
        ladder_canvas_text (canvas, x, m->top, tens, LADDER_FONT_BODY, &d->palette.foreground, LADDER_ALIGN_CENTER);
      ladder_canvas_text (canvas, x, m->top + line, units, LADDER_FONT_BODY, &d->palette.foreground,
                          LADDER_ALIGN_CENTER);
    }
}

/* The "+-+-+" of the RFC figures: a tick at every bit along the top of
 * each field and the bottom of the header (not inside a field that spans
 * rows). */
static void
tick_line (LadderDiagram *d, LadderCanvas *canvas, const LadderSpotlightModel *m, double x, double y,
           guint bits)
{
  LadderStroke tick = { d->palette.panel_border, ladder_diagram_px (d, 1), 0 };
  double len = ladder_diagram_px (d, 5);

  for (guint i = 0; i <= bits; i++)
    ladder_canvas_line (canvas, x + i * m->bit_w, y - len / 2, x + i * m->bit_w, y + len / 2, &tick);
}

static void
paint_ticks (LadderDiagram *d, LadderCanvas *canvas, const LadderSpotlightModel *m,
             const LadderSpotlightHeader *h)
{
  for (guint j = 0; j < h->n_fields; j++)
    {
      const LadderSpotlightField *f = &g_array_index (m->fields, LadderSpotlightField, h->first_field + j);
      tick_line (d, canvas, m, f->x, f->y, f->bits);
    }
  tick_line (d, canvas, m, h->x, h->y + h->h, 32);
}

/* TEXT in ROLE if it fits WIDTH, else in the small font, else cut. */
static void
fit_text (LadderDiagram *d, LadderCanvas *canvas, double cx, double y, double width, const char *text,
          LadderFontRole role, const LadderColor *color)
{
  double w;
  g_autofree char *cut = NULL;
  glong n;

  ladder_fonts_measure (d->fonts, role, text, &w, NULL, NULL);
  if (w <= width)
    return ladder_canvas_text (canvas, cx, y, text, role, color, LADDER_ALIGN_CENTER);
  role = LADDER_FONT_SMALL;
  ladder_fonts_measure (d->fonts, role, text, &w, NULL, NULL);
  n = g_utf8_strlen (text, -1);
  while (w > width && n > 1)
    {
      g_free (cut);
      n--;
      cut = g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (text, n) - text), text);
      ladder_fonts_measure (d->fonts, role, cut, &w, NULL, NULL);
    }
  ladder_canvas_text (canvas, cx, y, cut != NULL ? cut : text, role, color, LADDER_ALIGN_CENTER);
}

/* A one-bit flag: its name's letters stacked as in RFC 9293's figure; a set
 * flag is filled and bold. */
static void
paint_flag (LadderDiagram *d, LadderCanvas *canvas, const LadderSpotlightField *f)
{
  /* Letters overlap their line boxes a little to fit three in a row. */
  double line = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY) * 0.9;
  gboolean set = strcmp (f->value, "1") == 0;
  double y = f->y + (f->h - line * strlen (f->name)) / 2;

  for (const char *c = f->name; *c != '\0'; c++, y += line)
    {
      char letter[2] = { *c, 0 };
      ladder_canvas_text (canvas, f->x + f->w / 2, y, letter, set ? LADDER_FONT_BOLD : LADDER_FONT_BODY,
                          set ? &d->palette.foreground : &d->palette.muted, LADDER_ALIGN_CENTER);
    }
}

static void
paint_field (LadderDiagram *d, LadderCanvas *canvas, const LadderSpotlightField *f, gboolean quoted)
{
  LadderStroke border = { d->palette.panel_border, ladder_diagram_px (d, 1.5), 0 };
  LadderStroke strong = { d->palette.foreground, ladder_diagram_px (d, 4), 0 };
  LadderColor set = d->palette.handshake;
  double pad = ladder_diagram_px (d, 4), name_h = ladder_fonts_line_height (d->fonts, LADDER_FONT_BODY);
  gboolean is_set = f->bits == 1 && strcmp (f->value, "1") == 0;
  const LadderColor *fill = quoted ? &d->palette.panel : NULL;

  set.a = 0.35;
  if (f->emphasised)
    fill = &d->palette.selection;
  else if (is_set)
    fill = &set;
  ladder_canvas_rect (canvas, f->x, f->y, f->w, f->h, 0, fill, &border);
  if (f->emphasised)
    ladder_canvas_rect (canvas, f->x + strong.width / 2, f->y + strong.width / 2, f->w - strong.width,
                        f->h - strong.width, 0, NULL, &strong);
  if (f->bits == 1)
    return paint_flag (d, canvas, f);
  /* The model keeps the RFC's English names (tests and exports look fields
   * up by them); only the drawing speaks the reader's language. */
  fit_text (d, canvas, f->x + f->w / 2, f->y + pad, f->w - 2 * pad,
            g_dpgettext2 (GETTEXT_PACKAGE, "header field", f->name), LADDER_FONT_BODY, &d->palette.foreground);
  fit_text (d, canvas, f->x + f->w / 2, f->y + pad + name_h, f->w - 2 * pad, f->value,
            f->emphasised || f->differs ? LADDER_FONT_MONO_BOLD : LADDER_FONT_MONO,
            f->captured ? &d->palette.foreground : &d->palette.muted);
}

static void
spotlight_paint (LadderDiagram *d, LadderCanvas *canvas, double y0, double y1, guint64 selected)
{
  Spotlight *s = d->model;
  const LadderSpotlightModel *m = s->model;
  LadderStroke frame = { d->palette.icmp, ladder_diagram_px (d, 2.5), 0 };
  char id[32];

  ladder_diagram_paint_title (d, canvas, s->subtitle);
  paint_ruler (d, canvas, m);
  if (m->quote_w > 0)
    ladder_canvas_rect (canvas, m->quote_x, m->quote_y, m->quote_w, m->quote_h, ladder_diagram_px (d, 6),
                        NULL, &frame);
  g_snprintf (id, sizeof id, "frame-%" G_GUINT64_FORMAT, s->packet);
  ladder_canvas_begin_group (canvas, id, "packet");
  for (guint i = 0; i < m->headers->len; i++)
    {
      const LadderSpotlightHeader *h = &g_array_index (m->headers, LadderSpotlightHeader, i);
      ladder_canvas_text (canvas, h->x, h->y - m->title_h + ladder_diagram_px (d, 4), h->title,
                          LADDER_FONT_BOLD, &d->palette.foreground, LADDER_ALIGN_LEFT);
      for (guint j = 0; j < h->n_fields; j++)
        paint_field (d, canvas, &g_array_index (m->fields, LadderSpotlightField, h->first_field + j), h->quoted);
      paint_ticks (d, canvas, m, h);
    }
  ladder_canvas_end_group (canvas);
  (void) y0, (void) y1, (void) selected;
}

/* ---- the rest of the diagram class ---- */

static guint64
spotlight_hit_test (LadderDiagram *d, double x, double y)
{
  Spotlight *s = d->model;

  return ladder_spotlight_model_at (s->model, x, y) != NULL ? s->packet : 0;
}

static gboolean
spotlight_frame_bounds (LadderDiagram *d, guint64 frame, double *x, double *y, double *w, double *h)
{
  Spotlight *s = d->model;

  if (frame != s->packet)
    return FALSE;
  *x = 0, *y = 0, *w = d->width, *h = d->height;
  return TRUE;
}

static void
spotlight_frames (LadderDiagram *d, GArray *out)
{
  Spotlight *s = d->model;

  g_array_append_val (out, s->packet);
}

/* Mermaid's packet diagram numbers bits from the first header on. */
static void
spotlight_mermaid (LadderDiagram *d, GString *out)
{
  Spotlight *s = d->model;
  const LadderSpotlightModel *m = s->model;
  guint base = 0;

  g_string_append (out, "packet-beta\n  title ");
  ladder_mermaid_append_text (out, d->title);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < m->headers->len; i++)
    {
      const LadderSpotlightHeader *h = &g_array_index (m->headers, LadderSpotlightHeader, i);
      for (guint j = 0; j < h->n_fields; j++)
        {
          const LadderSpotlightField *f = &g_array_index (m->fields, LadderSpotlightField, h->first_field + j);
          guint first = base + f->row * 32 + f->bit, bits = f->rows > 1 ? f->rows * 32 : f->bits;
          g_string_append_printf (out, "  %u-%u: \"", first, first + bits - 1);
          ladder_mermaid_append_text (out, f->name);
          g_string_append (out, " ");
          ladder_mermaid_append_text (out, f->value);
          g_string_append (out, "\"\n");
        }
      base += h->n_rows * 32;
    }
}

static char *
spotlight_describe (LadderDiagram *d, double x, double y, guint64 selected)
{
  Spotlight *s = d->model;
  const LadderSpotlightField *f = ladder_spotlight_model_at (s->model, x, y);

  if (f == NULL)
    return NULL;
  return g_strdup_printf ("%s: %s\nbytes %u to %u of the packet, bits %u to %u of its row",
                          f->name, f->value, f->offset, f->offset + f->length - 1, f->bit,
                          f->bit + f->bits - 1);
}

static const LadderDiagramClass spotlight_class = {
  .paint = spotlight_paint,
  .hit_test = spotlight_hit_test,
  .frame_bounds = spotlight_frame_bounds,
  .frames = spotlight_frames,
  .mermaid = spotlight_mermaid,
  .free_model = spotlight_free,
  .describe = spotlight_describe,
};

static LadderSpotlightFocus
focus_for (LadderDiagram *d, guint64 frame)
{
  LadderSpotlightFocus focus = d->options.spotlight_focus;

  if (focus == LADDER_SPOTLIGHT_FOCUS_AUTO && is_traceroute_probe (d->analysis, frame))
    return LADDER_SPOTLIGHT_FOCUS_TTL;
  return focus;
}

static gboolean
ack_set (const LadderSpotlightModel *m, guint header)
{
  const LadderSpotlightField *ack = ladder_spotlight_model_find (m, header, "ACK");

  return ack != NULL && strcmp (ack->value, "1") == 0;
}

/* Sequence numbers as the captions say them too: relative to the ISN. */
static void
add_relative_numbers (LadderDiagram *d, LadderSpotlightModel *m, guint64 frame)
{
  LadderTcpPacketInfo info;
  static const char * const names[] = { "Sequence Number", "Acknowledgment Number" };

  if (!ladder_analysis_get_tcp_info (d->analysis, frame, &info))
    return;
  for (guint i = 0; i < m->fields->len; i++)
    {
      LadderSpotlightField *f = &g_array_index (m->fields, LadderSpotlightField, i);
      const LadderSpotlightHeader *h = &g_array_index (m->headers, LadderSpotlightHeader, f->header);
      guint32 rel = strcmp (f->name, names[0]) == 0 ? info.rel_seq : info.rel_ack;
      char *value;

      if (h->proto != LADDER_SPOTLIGHT_TCP || h->quoted || !f->captured
          || (strcmp (f->name, names[0]) != 0 && strcmp (f->name, names[1]) != 0)
          || (strcmp (f->name, names[1]) == 0 && !ack_set (m, f->header)))
        continue;
      value = g_strdup_printf ("%s (relative %u)", f->value, rel);
      g_free (f->value);
      f->value = value;
    }
}

/* The packet's one-line summary, cut to WIDTH: the headers say the rest. */
static void
cut_to_width (LadderDiagram *d, char **text, double width)
{
  double w;
  glong n = g_utf8_strlen (*text, -1);

  ladder_fonts_measure (d->fonts, LADDER_FONT_SMALL, *text, &w, NULL, NULL);
  while (w > width && n > 1)
    {
      char *cut = g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (*text, --n) - *text), *text);
      ladder_fonts_measure (d->fonts, LADDER_FONT_SMALL, cut, &w, NULL, NULL);
      if (w <= width)
        {
          g_free (*text);
          *text = cut;
          return;
        }
      g_free (cut);
    }
}

gboolean
ladder_spotlight_build (LadderDiagram *d, GError **error)
{
  guint64 frame = d->options.packet;
  LadderFrameInfo info;
  LadderPacket pkt;
  LadderSpotlightProbe probe;
  gboolean has_probe = FALSE;
  Spotlight *s;
  g_autoptr (GString) summary = g_string_new (NULL);

  if (!ladder_capture_get_frame (d->capture, frame, &info))
    return g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_RANGE,
                        _("no packet %lu (the capture has %lu)"),
                        (gulong) frame, (gulong) ladder_capture_get_n_frames (d->capture)), FALSE;
  ladder_packet_decode (&pkt, info.linktype, info.data, info.caplen, info.wirelen, NULL);
  if (ladder_icmp_kind_is_error (pkt.icmp_kind) && pkt.quoted.present)
    has_probe = find_probe (d->capture, frame, &pkt.quoted, &probe);
  d->title = g_strdup_printf (_("Packet %lu"), (gulong) frame);
  s = g_new0 (Spotlight, 1);
  s->packet = frame;
  ladder_packet_summary (&pkt, summary);
  s->subtitle = g_strdup (summary->str);
  s->model = ladder_spotlight_model_new (&pkt, info.data, info.caplen, focus_for (d, frame),
                                         has_probe ? &probe : NULL, d->options.font_scale,
                                         ladder_diagram_title_height (d, TRUE));
  if (s->model == NULL)
    {
      spotlight_free (s);
      return g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_EMPTY,
                          _("packet %lu has no IP header to draw"), (gulong) frame), FALSE;
    }
  add_relative_numbers (d, s->model, frame);
  d->klass = &spotlight_class;
  d->model = s;
  cut_to_width (d, &s->subtitle, s->model->width - 2 * ladder_diagram_px (d, 24));
  d->width = s->model->width;
  d->height = s->model->height;
  return TRUE;
}

const LadderSpotlightModel *
ladder_diagram_get_spotlight (LadderDiagram *d)
{
  g_return_val_if_fail (d != NULL, NULL);
  if (d->kind != LADDER_DIAGRAM_SPOTLIGHT || d->model == NULL)
    return NULL;
  return ((Spotlight *) d->model)->model;
}
