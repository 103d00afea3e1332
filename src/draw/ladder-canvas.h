/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-canvas.h: what the diagram painters draw on.
 *
 * Every diagram is painted by one painter through this small interface, so
 * the window, the PDF and PNG exports (cairo + pangocairo) and the SVG export
 * (our own writer, which keeps text as <text> and gives each packet's arrow
 * an id) show the same picture.  Coordinates are diagram units (1 unit = 1
 * px at zoom 1 = 1 pt in PDF).  Text is placed by the top of its line box;
 * widths come from ladder_fonts_measure(), which both canvases agree with.
 *
 * Private to libladder-draw and its tests.
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>

G_BEGIN_DECLS

typedef struct
{
  double r, g, b, a;
} LadderColor;

typedef enum
{
  LADDER_FONT_BODY = 0,   /* arrow labels, card fields */
  LADDER_FONT_SMALL,      /* notes, times, calls */
  LADDER_FONT_BOLD,       /* host names, headings inside the picture */
  LADDER_FONT_TITLE,      /* the diagram's title */
  LADDER_FONT_MONO,       /* addresses and ports in cards, quoted headers */
  LADDER_FONT_MONO_BOLD,  /* ... the field that makes a 5-tuple unique */
  LADDER_N_FONTS
} LadderFontRole;

typedef enum
{
  LADDER_ALIGN_LEFT = 0,
  LADDER_ALIGN_CENTER,
  LADDER_ALIGN_RIGHT,
} LadderAlign;

typedef struct
{
  LadderColor color;
  double      width;
  double      dash;     /* dash length; 0 for a solid line */
} LadderStroke;

typedef struct _LadderFonts LadderFonts;

/* Fonts sized for FONT_SCALE (1.0: body text 16 px). */
LadderFonts *ladder_fonts_new     (double font_scale);
void         ladder_fonts_free    (LadderFonts *fonts);
double       ladder_fonts_get_scale (LadderFonts *fonts);
const PangoFontDescription *ladder_fonts_get (LadderFonts *fonts, LadderFontRole role);
/* Width and height of TEXT's line box; BASELINE (may be NULL) from its top. */
void         ladder_fonts_measure (LadderFonts *fonts, LadderFontRole role, const char *text,
                                   double *width, double *height, double *baseline);
/* The line height of ROLE. */
double       ladder_fonts_line_height (LadderFonts *fonts, LadderFontRole role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderFonts, ladder_fonts_free)

typedef struct _LadderCanvas LadderCanvas;

typedef struct
{
  void (*begin_group) (LadderCanvas *canvas, const char *id, const char *klass);
  void (*end_group)   (LadderCanvas *canvas);
  void (*line)        (LadderCanvas *canvas, double x1, double y1, double x2, double y2,
                       const LadderStroke *stroke);
  void (*polygon)     (LadderCanvas *canvas, const double *xy, guint n_points,
                       const LadderColor *fill, const LadderStroke *stroke);
  void (*rect)        (LadderCanvas *canvas, double x, double y, double w, double h, double radius,
                       const LadderColor *fill, const LadderStroke *stroke);
  void (*text)        (LadderCanvas *canvas, double x, double y, const char *text,
                       LadderFontRole role, const LadderColor *color, LadderAlign align);
  void (*free)        (LadderCanvas *canvas);
} LadderCanvasClass;

struct _LadderCanvas
{
  const LadderCanvasClass *klass;
  LadderFonts *fonts;   /* not owned */
};

/* Paints on CR (a window, PDF, PNG or cairo SVG surface). */
LadderCanvas *ladder_canvas_new_cairo (cairo_t *cr, LadderFonts *fonts);
/* Writes an SVG document of WIDTH x HEIGHT; ladder_canvas_svg_finish()
 * closes it and returns the text. */
LadderCanvas *ladder_canvas_new_svg   (LadderFonts *fonts, double width, double height,
                                       const LadderColor *background, const char *title);
char         *ladder_canvas_svg_finish (LadderCanvas *canvas);
void          ladder_canvas_free      (LadderCanvas *canvas);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderCanvas, ladder_canvas_free)

/* Convenience wrappers (NULL fill or stroke: none). */
static inline void
ladder_canvas_line (LadderCanvas *c, double x1, double y1, double x2, double y2, const LadderStroke *s)
{
  c->klass->line (c, x1, y1, x2, y2, s);
}

static inline void
ladder_canvas_rect (LadderCanvas *c, double x, double y, double w, double h, double radius,
                    const LadderColor *fill, const LadderStroke *stroke)
{
  c->klass->rect (c, x, y, w, h, radius, fill, stroke);
}

static inline void
ladder_canvas_text (LadderCanvas *c, double x, double y, const char *text, LadderFontRole role,
                    const LadderColor *color, LadderAlign align)
{
  c->klass->text (c, x, y, text, role, color, align);
}

static inline void
ladder_canvas_polygon (LadderCanvas *c, const double *xy, guint n, const LadderColor *fill,
                       const LadderStroke *stroke)
{
  c->klass->polygon (c, xy, n, fill, stroke);
}

static inline void
ladder_canvas_begin_group (LadderCanvas *c, const char *id, const char *klass)
{
  c->klass->begin_group (c, id, klass);
}

static inline void
ladder_canvas_end_group (LadderCanvas *c)
{
  c->klass->end_group (c);
}

/* A filled arrowhead at (X, Y) pointing along (DX, DY). */
void ladder_canvas_arrowhead (LadderCanvas *canvas, double x, double y, double dx, double dy,
                              double size, const LadderColor *color);
/* TEXT on a filled rounded box (for labels crossing lines). */
void ladder_canvas_label (LadderCanvas *canvas, double x, double y, const char *text,
                          LadderFontRole role, const LadderColor *color,
                          const LadderColor *background, LadderAlign align);

G_END_DECLS
