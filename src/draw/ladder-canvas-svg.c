/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-canvas-svg.c: an SVG writer behind the canvas interface.
 *
 * cairo's SVG surface turns text into glyph outlines and has no element
 * ids, so the SVG export writes its own document: text stays <text>
 * (searchable, translatable, readable by a screen reader) and each packet's
 * arrow is a <g id="frame-N" class="arrow ...">, which is what the tests and
 * anyone post-editing the slide rely on.
 */
#include "ladder-canvas.h"

#include <pango/pango.h>

typedef struct
{
  LadderCanvas parent;
  GString     *out;
  guint        depth;
} SvgCanvas;

static void
svg_color (GString *out, const char *attr, const LadderColor *c)
{
  g_string_append_printf (out, " %s=\"#%02x%02x%02x\"", attr,
                          (guint) CLAMP (c->r * 255 + 0.5, 0, 255),
                          (guint) CLAMP (c->g * 255 + 0.5, 0, 255),
                          (guint) CLAMP (c->b * 255 + 0.5, 0, 255));
  if (c->a < 1.0)
    g_string_append_printf (out, " %s-opacity=\"%.3g\"", attr, c->a);
}

static void
svg_stroke (GString *out, const LadderStroke *s)
{
  if (s == NULL)
    {
      g_string_append (out, " stroke=\"none\"");
      return;
    }
  svg_color (out, "stroke", &s->color);
  g_string_append_printf (out, " stroke-width=\"%.2f\"", s->width);
  if (s->dash > 0)
    g_string_append_printf (out, " stroke-dasharray=\"%.2f %.2f\"", s->dash, s->dash * 0.7);
}

static void
svg_fill (GString *out, const LadderColor *fill)
{
  if (fill == NULL)
    g_string_append (out, " fill=\"none\"");
  else
    svg_color (out, "fill", fill);
}

static void
svg_begin_group (LadderCanvas *canvas, const char *id, const char *klass)
{
  SvgCanvas *self = (SvgCanvas *) canvas;

  g_string_append (self->out, "<g");
  if (id != NULL)
    g_string_append_printf (self->out, " id=\"%s\"", id);
  if (klass != NULL)
    g_string_append_printf (self->out, " class=\"%s\"", klass);
  g_string_append (self->out, ">\n");
  self->depth++;
}

static void
svg_end_group (LadderCanvas *canvas)
{
  SvgCanvas *self = (SvgCanvas *) canvas;

  g_return_if_fail (self->depth > 0);
  self->depth--;
  g_string_append (self->out, "</g>\n");
}

static void
svg_line (LadderCanvas *canvas, double x1, double y1, double x2, double y2, const LadderStroke *stroke)
{
  GString *out = ((SvgCanvas *) canvas)->out;

  g_string_append_printf (out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"", x1, y1, x2, y2);
  svg_stroke (out, stroke);
  g_string_append (out, "/>\n");
}

static void
svg_polygon (LadderCanvas *canvas, const double *xy, guint n, const LadderColor *fill,
             const LadderStroke *stroke)
{
  GString *out = ((SvgCanvas *) canvas)->out;

  g_string_append (out, "<polygon points=\"");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%.2f,%.2f", i ? " " : "", xy[2 * i], xy[2 * i + 1]);
  g_string_append_c (out, '"');
  svg_fill (out, fill);
  svg_stroke (out, stroke);
  g_string_append (out, "/>\n");
}

static void
svg_rect (LadderCanvas *canvas, double x, double y, double w, double h, double radius,
          const LadderColor *fill, const LadderStroke *stroke)
{
  GString *out = ((SvgCanvas *) canvas)->out;

  g_string_append_printf (out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"",
                          x, y, MAX (w, 0), MAX (h, 0));
  if (radius > 0)
    g_string_append_printf (out, " rx=\"%.2f\"", radius);
  svg_fill (out, fill);
  svg_stroke (out, stroke);
  g_string_append (out, "/>\n");
}

static const char *
svg_family (const PangoFontDescription *desc)
{
  const char *family = pango_font_description_get_family (desc);

  if (g_strcmp0 (family, "Monospace") == 0)
    return "DejaVu Sans Mono, Noto Sans Mono, monospace";
  return "DejaVu Sans, Cantarell, Noto Sans, sans-serif";
}

static void
svg_text (LadderCanvas *canvas, double x, double y, const char *text, LadderFontRole role,
          const LadderColor *color, LadderAlign align)
{
  GString *out = ((SvgCanvas *) canvas)->out;
  const PangoFontDescription *desc = ladder_fonts_get (canvas->fonts, role);
  static const char * const anchors[] = { "start", "middle", "end" };
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  double baseline;

  ladder_fonts_measure (canvas->fonts, role, text, NULL, NULL, &baseline);
  g_string_append_printf (out, "<text x=\"%.2f\" y=\"%.2f\" font-family=\"%s\" font-size=\"%.2f\"",
                          x, y + baseline, svg_family (desc),
                          (double) pango_font_description_get_size (desc) / PANGO_SCALE);
  if (pango_font_description_get_weight (desc) >= PANGO_WEIGHT_BOLD)
    g_string_append (out, " font-weight=\"bold\"");
  if (align != LADDER_ALIGN_LEFT)
    g_string_append_printf (out, " text-anchor=\"%s\"", anchors[align]);
  svg_color (out, "fill", color);
  g_string_append_printf (out, " xml:space=\"preserve\">%s</text>\n", escaped);
}

static void
svg_free (LadderCanvas *canvas)
{
  SvgCanvas *self = (SvgCanvas *) canvas;

  if (self->out != NULL)
    g_string_free (self->out, TRUE);
  g_free (self);
}

static const LadderCanvasClass svg_canvas_class = {
  svg_begin_group, svg_end_group, svg_line, svg_polygon, svg_rect, svg_text, svg_free,
};

LadderCanvas *
ladder_canvas_new_svg (LadderFonts *fonts, double width, double height,
                       const LadderColor *background, const char *title)
{
  SvgCanvas *self;
  g_autofree char *escaped = g_markup_escape_text (title != NULL ? title : "", -1);

  g_return_val_if_fail (fonts != NULL, NULL);
  self = g_new0 (SvgCanvas, 1);
  self->parent.klass = &svg_canvas_class;
  self->parent.fonts = fonts;
  self->out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append_printf (self->out,
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
                          "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n"
                          "<title>%s</title>\n",
                          width, height, width, height, escaped);
  if (background != NULL)
    svg_rect (&self->parent, 0, 0, width, height, 0, background, NULL);
  return &self->parent;
}

char *
ladder_canvas_svg_finish (LadderCanvas *canvas)
{
  SvgCanvas *self = (SvgCanvas *) canvas;

  g_return_val_if_fail (canvas != NULL && canvas->klass == &svg_canvas_class, NULL);
  while (self->depth > 0)
    svg_end_group (canvas);
  g_string_append (self->out, "</svg>\n");
  return g_string_free (g_steal_pointer (&self->out), FALSE);
}
