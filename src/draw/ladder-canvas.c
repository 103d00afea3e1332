/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-canvas.c: fonts, text measurement and the cairo canvas. */
#include "ladder-canvas.h"

#include <math.h>
#include <pango/pangocairo.h>

struct _LadderFonts
{
  double                scale;
  PangoContext         *context;
  PangoLayout          *layout;   /* reused for measuring */
  PangoFontDescription *desc[LADDER_N_FONTS];
};

/* Sizes in px at font scale 1: large enough for a projector from the back
 * of a room once the window is full screen at 1920x1080. */
static const struct
{
  const char *family;
  double      size;
  PangoWeight weight;
} font_specs[LADDER_N_FONTS] = {
  [LADDER_FONT_BODY]  = { "Sans", 16, PANGO_WEIGHT_NORMAL },
  [LADDER_FONT_SMALL] = { "Sans", 14, PANGO_WEIGHT_NORMAL },
  [LADDER_FONT_BOLD]  = { "Sans", 17, PANGO_WEIGHT_BOLD },
  [LADDER_FONT_TITLE] = { "Sans", 22, PANGO_WEIGHT_BOLD },
  [LADDER_FONT_MONO]  = { "Monospace", 16, PANGO_WEIGHT_NORMAL },
  [LADDER_FONT_MONO_BOLD] = { "Monospace", 16, PANGO_WEIGHT_BOLD },
};

/* Hinting changes advance widths with the device; turning it off makes the
 * measurement context and every cairo surface agree on text widths. */
static void
set_unhinted (PangoContext *context)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
}

LadderFonts *
ladder_fonts_new (double font_scale)
{
  LadderFonts *fonts = g_new0 (LadderFonts, 1);
  PangoFontMap *map = pango_cairo_font_map_get_default ();

  fonts->scale = CLAMP (font_scale, 0.25, 8.0);
  fonts->context = pango_font_map_create_context (map);
  set_unhinted (fonts->context);
  fonts->layout = pango_layout_new (fonts->context);
  for (int i = 0; i < LADDER_N_FONTS; i++)
    {
      PangoFontDescription *desc = pango_font_description_new ();
      pango_font_description_set_family (desc, font_specs[i].family);
      pango_font_description_set_weight (desc, font_specs[i].weight);
      pango_font_description_set_absolute_size (desc, font_specs[i].size * fonts->scale * PANGO_SCALE);
      fonts->desc[i] = desc;
    }
  return fonts;
}

void
ladder_fonts_free (LadderFonts *fonts)
{
  if (fonts == NULL)
    return;
  for (int i = 0; i < LADDER_N_FONTS; i++)
    pango_font_description_free (fonts->desc[i]);
  g_object_unref (fonts->layout);
  g_object_unref (fonts->context);
  g_free (fonts);
}

double
ladder_fonts_get_scale (LadderFonts *fonts)
{
  return fonts->scale;
}

const PangoFontDescription *
ladder_fonts_get (LadderFonts *fonts, LadderFontRole role)
{
  g_return_val_if_fail (role < LADDER_N_FONTS, NULL);
  return fonts->desc[role];
}

void
ladder_fonts_measure (LadderFonts *fonts, LadderFontRole role, const char *text,
                      double *width, double *height, double *baseline)
{
  PangoRectangle logical;

  pango_layout_set_font_description (fonts->layout, fonts->desc[role]);
  pango_layout_set_text (fonts->layout, text, -1);
  pango_layout_get_extents (fonts->layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
  if (baseline != NULL)
    *baseline = (double) pango_layout_get_baseline (fonts->layout) / PANGO_SCALE;
}

double
ladder_fonts_line_height (LadderFonts *fonts, LadderFontRole role)
{
  double h;

  ladder_fonts_measure (fonts, role, "Ag", NULL, &h, NULL);
  return h;
}

/* The cairo canvas. */

typedef struct
{
  LadderCanvas parent;
  cairo_t     *cr;
  PangoLayout *layout;
} CairoCanvas;

static void
cairo_set_color (cairo_t *cr, const LadderColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static void
cairo_apply_stroke (cairo_t *cr, const LadderStroke *s)
{
  cairo_set_color (cr, &s->color);
  cairo_set_line_width (cr, s->width);
  if (s->dash > 0)
    {
      double dashes[2] = { s->dash, s->dash * 0.7 };
      cairo_set_dash (cr, dashes, 2, 0);
    }
  else
    cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);
}

static void
cc_begin_group (LadderCanvas *canvas, const char *id, const char *klass)
{
}

static void
cc_end_group (LadderCanvas *canvas)
{
}

static void
cc_line (LadderCanvas *canvas, double x1, double y1, double x2, double y2, const LadderStroke *stroke)
{
  cairo_t *cr = ((CairoCanvas *) canvas)->cr;

  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x2, y2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_apply_stroke (cr, stroke);
}

static void
cc_fill_and_stroke (cairo_t *cr, const LadderColor *fill, const LadderStroke *stroke)
{
  if (fill != NULL)
    {
      cairo_set_color (cr, fill);
      if (stroke != NULL)
        cairo_fill_preserve (cr);
      else
        cairo_fill (cr);
    }
  if (stroke != NULL)
    cairo_apply_stroke (cr, stroke);
  cairo_new_path (cr);
}

static void
cc_polygon (LadderCanvas *canvas, const double *xy, guint n, const LadderColor *fill,
            const LadderStroke *stroke)
{
  cairo_t *cr = ((CairoCanvas *) canvas)->cr;

  if (n == 0)
    return;
  cairo_move_to (cr, xy[0], xy[1]);
  for (guint i = 1; i < n; i++)
    cairo_line_to (cr, xy[2 * i], xy[2 * i + 1]);
  cairo_close_path (cr);
  cc_fill_and_stroke (cr, fill, stroke);
}

static void
cc_rect (LadderCanvas *canvas, double x, double y, double w, double h, double radius,
         const LadderColor *fill, const LadderStroke *stroke)
{
  cairo_t *cr = ((CairoCanvas *) canvas)->cr;

  radius = MIN (radius, MIN (w, h) / 2);
  if (radius <= 0)
    cairo_rectangle (cr, x, y, w, h);
  else
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
      cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
      cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
      cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
    }
  cc_fill_and_stroke (cr, fill, stroke);
}

static void
cc_text (LadderCanvas *canvas, double x, double y, const char *text, LadderFontRole role,
         const LadderColor *color, LadderAlign align)
{
  CairoCanvas *self = (CairoCanvas *) canvas;
  PangoRectangle logical;

  pango_layout_set_font_description (self->layout, ladder_fonts_get (canvas->fonts, role));
  pango_layout_set_text (self->layout, text, -1);
  pango_layout_get_extents (self->layout, NULL, &logical);
  if (align == LADDER_ALIGN_CENTER)
    x -= (double) logical.width / PANGO_SCALE / 2;
  else if (align == LADDER_ALIGN_RIGHT)
    x -= (double) logical.width / PANGO_SCALE;
  cairo_set_color (self->cr, color);
  cairo_move_to (self->cr, x, y);
  pango_cairo_show_layout (self->cr, self->layout);
}

static void
cc_free (LadderCanvas *canvas)
{
  CairoCanvas *self = (CairoCanvas *) canvas;

  g_object_unref (self->layout);
  cairo_destroy (self->cr);
  g_free (self);
}

static const LadderCanvasClass cairo_canvas_class = {
  cc_begin_group, cc_end_group, cc_line, cc_polygon, cc_rect, cc_text, cc_free,
};

LadderCanvas *
ladder_canvas_new_cairo (cairo_t *cr, LadderFonts *fonts)
{
  CairoCanvas *self;

  g_return_val_if_fail (cr != NULL && fonts != NULL, NULL);
  self = g_new0 (CairoCanvas, 1);
  self->parent.klass = &cairo_canvas_class;
  self->parent.fonts = fonts;
  self->cr = cairo_reference (cr);
  self->layout = pango_cairo_create_layout (cr);
  set_unhinted (pango_layout_get_context (self->layout));
  pango_layout_context_changed (self->layout);
  return &self->parent;
}

void
ladder_canvas_free (LadderCanvas *canvas)
{
  if (canvas != NULL)
    canvas->klass->free (canvas);
}

void
ladder_canvas_arrowhead (LadderCanvas *canvas, double x, double y, double dx, double dy,
                         double size, const LadderColor *color)
{
  double len = hypot (dx, dy);
  double ux, uy, pts[6];

  if (len <= 0)
    return;
  ux = dx / len;
  uy = dy / len;
  pts[0] = x;
  pts[1] = y;
  pts[2] = x - ux * size - uy * size * 0.5;
  pts[3] = y - uy * size + ux * size * 0.5;
  pts[4] = x - ux * size + uy * size * 0.5;
  pts[5] = y - uy * size - ux * size * 0.5;
  ladder_canvas_polygon (canvas, pts, 3, color, NULL);
}

void
ladder_canvas_label (LadderCanvas *canvas, double x, double y, const char *text,
                     LadderFontRole role, const LadderColor *color,
                     const LadderColor *background, LadderAlign align)
{
  double w, h, pad = 3 * ladder_fonts_get_scale (canvas->fonts);
  double left = x;

  ladder_fonts_measure (canvas->fonts, role, text, &w, &h, NULL);
  if (align == LADDER_ALIGN_CENTER)
    left = x - w / 2;
  else if (align == LADDER_ALIGN_RIGHT)
    left = x - w;
  ladder_canvas_rect (canvas, left - pad, y, w + 2 * pad, h, pad, background, NULL);
  ladder_canvas_text (canvas, x, y, text, role, color, align);
}
