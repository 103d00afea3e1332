/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-diagram.c: building, painting and exporting any diagram kind. */
#include "ladder-diagram-private.h"
#include "ladder-tuples-private.h"

#include <glib/gi18n-lib.h>

#include <cairo-pdf.h>
#include <errno.h>
#include <string.h>

static void use_fonts (LadderDiagram *d);

G_DEFINE_QUARK (ladder-diagram-error-quark, ladder_diagram_error)

static const char * const kind_names[] = { "sequence", "traceroute", "tuples", "spotlight" };

const char *
ladder_diagram_kind_to_string (LadderDiagramKind kind)
{
  if ((guint) kind < G_N_ELEMENTS (kind_names))
    return kind_names[kind];
  return "unknown";
}

gboolean
ladder_diagram_kind_from_string (const char *text, LadderDiagramKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (text, kind_names[i]) == 0)
      {
        *kind = (LadderDiagramKind) i;
        return TRUE;
      }
  return FALSE;
}

void
ladder_diagram_options_init (LadderDiagramOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
  options->font_scale = 1.0;
  options->conversation = -1;
}

LadderDiagram *
ladder_diagram_new (LadderDiagramKind kind, LadderCapture *capture, LadderAnalysis *analysis,
                    const LadderDiagramOptions *options, GError **error)
{
  g_autoptr (LadderDiagram) d = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (capture != NULL && analysis != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  d = g_new0 (LadderDiagram, 1);
  d->kind = kind;
  if (options != NULL)
    d->options = *options;
  else
    ladder_diagram_options_init (&d->options);
  d->options.font_scale = CLAMP (d->options.font_scale > 0 ? d->options.font_scale : 1.0, 0.25, 8.0);
  if (d->options.max_packets == 0)
    d->options.max_packets = 20000;
  d->capture = ladder_capture_ref (capture);
  d->analysis = ladder_analysis_ref (analysis);
  d->fonts = ladder_fonts_new (d->options.font_scale);
  ladder_palette_init (&d->palette, d->options.dark);
  switch (kind)
    {
    case LADDER_DIAGRAM_SEQUENCE: ok = ladder_seq_build (d, error); break;
    case LADDER_DIAGRAM_TRACEROUTE: ok = ladder_tr_build (d, error); break;
    case LADDER_DIAGRAM_TUPLES: ok = ladder_tuples_build (d, error); break;
    case LADDER_DIAGRAM_SPOTLIGHT: ok = ladder_spotlight_build (d, error); break;
    default:
      g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_EMPTY, "unknown diagram kind");
    }
  return ok ? g_steal_pointer (&d) : NULL;
}

void
ladder_diagram_free (LadderDiagram *d)
{
  if (d == NULL)
    return;
  if (d->klass != NULL && d->model != NULL)
    d->klass->free_model (d->model);
  ladder_fonts_free (d->fonts);
  ladder_analysis_unref (d->analysis);
  ladder_capture_unref (d->capture);
  g_free (d->title);
  g_free (d);
}

LadderDiagramKind
ladder_diagram_get_kind (LadderDiagram *d)
{
  return d->kind;
}

void
ladder_diagram_get_size (LadderDiagram *d, double *width, double *height)
{
  g_return_if_fail (d != NULL);
  if (width != NULL)
    *width = d->width;
  if (height != NULL)
    *height = d->height;
}

void
ladder_diagram_set_time_limit (LadderDiagram *diagram, gboolean limit, gint64 until_ns)
{
  g_return_if_fail (diagram != NULL);
  diagram->options.limit_time = limit;
  diagram->options.until_ns = until_ns;
}

void
ladder_diagram_set_ghost_later (LadderDiagram *diagram, gboolean ghost)
{
  g_return_if_fail (diagram != NULL);
  diagram->options.ghost_later = ghost;
}

gboolean
ladder_diagram_get_current_y (LadderDiagram *d, double *y)
{
  g_return_val_if_fail (d != NULL && y != NULL, FALSE);
  if (!d->options.limit_time || d->klass->current_y == NULL)
    return FALSE;
  use_fonts (d);
  return d->klass->current_y (d, y);
}

double
ladder_diagram_get_min_arrow_width (LadderDiagram *d)
{
  g_return_val_if_fail (d != NULL, 0);
  /* The sequence's arrows as painted; the staircase's probes and replies
   * are 3 px at scale 1 (ladder-traceroute-paint.c), the cards' borders 2. */
  if (d->kind == LADDER_DIAGRAM_SEQUENCE)
    return ladder_seq_min_arrow_width (d);
  return ladder_diagram_px (d, d->kind == LADDER_DIAGRAM_TRACEROUTE ? 3 : LADDER_TUPLES_BORDER);
}

double
ladder_diagram_get_text_px (LadderDiagram *d, int role)
{
  g_return_val_if_fail (d != NULL && role >= 0 && role < LADDER_N_FONTS, 0);
  use_fonts (d);
  return (double) pango_font_description_get_size (ladder_fonts_get (d->fonts, role)) / PANGO_SCALE;
}

gboolean
ladder_diagram_get_current_x (LadderDiagram *d, double *x0, double *x1)
{
  g_return_val_if_fail (d != NULL && x0 != NULL && x1 != NULL, FALSE);
  if (!d->options.limit_time || d->klass->current_x == NULL)
    return FALSE;
  use_fonts (d);
  return d->klass->current_x (d, x0, x1);
}

gboolean
ladder_diagram_get_current_extent (LadderDiagram *d, double *x0, double *y0, double *x1, double *y1)
{
  double y;

  g_return_val_if_fail (d != NULL && x0 != NULL && y0 != NULL && x1 != NULL && y1 != NULL, FALSE);
  if (!ladder_diagram_get_current_y (d, &y))
    return FALSE;
  if (d->klass->current_extent != NULL)
    return d->klass->current_extent (d, x0, y0, x1, y1);
  *y0 = *y1 = y;
  if (!ladder_diagram_get_current_x (d, x0, x1))
    *x0 = 0, *x1 = d->width;
  return TRUE;
}

gboolean
ladder_diagram_get_current_context (LadderDiagram *d, double *y0)
{
  double y;

  g_return_val_if_fail (d != NULL && y0 != NULL, FALSE);
  if (d->klass->current_context == NULL || !ladder_diagram_get_current_y (d, &y))
    return FALSE;
  return d->klass->current_context (d, y0);
}

gboolean
ladder_diagram_paint_pinned_header (LadderDiagram *d, cairo_t *cr, double clip_x, double clip_w, double top)
{
  g_autoptr (LadderCanvas) canvas = NULL;
  LadderStroke rule;
  double y, h;

  g_return_val_if_fail (d != NULL && cr != NULL, FALSE);
  if (d->klass->header == NULL || !d->klass->header (d, NULL, &y, &h) || top <= y)
    return FALSE;
  use_fonts (d);
  cairo_save (cr);
  cairo_translate (cr, 0, top - y);
  cairo_rectangle (cr, clip_x, y, clip_w, h);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, d->palette.background.r, d->palette.background.g, d->palette.background.b, 1);
  cairo_paint (cr);
  canvas = ladder_canvas_new_cairo (cr, d->fonts);
  d->klass->header (d, canvas, &y, &h);
  /* A rule says the strip stays while the rest scrolls under it. */
  rule = (LadderStroke) { d->palette.panel_border, ladder_diagram_px (d, 2), 0 };
  ladder_canvas_line (canvas, clip_x, y + h - ladder_diagram_px (d, 1), clip_x + clip_w, y + h - ladder_diagram_px (d, 1), &rule);
  cairo_restore (cr);
  return TRUE;
}

double
ladder_diagram_get_pinned_header_height (LadderDiagram *d)
{
  double y, h;

  g_return_val_if_fail (d != NULL, 0);
  use_fonts (d);
  return d->klass->header != NULL && d->klass->header (d, NULL, &y, &h) ? h : 0;
}

guint
ladder_diagram_get_text_colors (LadderDiagram *d, LadderDiagramTextColors *out, guint max)
{
  const LadderPalette *p;
  static const char *const names[] = {
    "foreground on background", "muted on background", "RST words on background",
    "foreground on panel", "muted on panel", "RST words on panel", "selected label",
  };
  const LadderColor *colors[G_N_ELEMENTS (names)][2];
  guint n = 0;

  g_return_val_if_fail (d != NULL, 0);
  p = &d->palette;
  colors[0][0] = &p->foreground, colors[0][1] = &p->background;
  colors[1][0] = &p->muted, colors[1][1] = &p->background;
  colors[2][0] = &p->rst_text, colors[2][1] = &p->background;
  colors[3][0] = &p->foreground, colors[3][1] = &p->panel;
  colors[4][0] = &p->muted, colors[4][1] = &p->panel;
  colors[5][0] = &p->rst_text, colors[5][1] = &p->panel;
  colors[6][0] = &p->selection_text, colors[6][1] = &p->selection_label;
  for (; n < G_N_ELEMENTS (names) && n < max; n++)
    {
      out[n].what = names[n];
      out[n].text[0] = colors[n][0]->r, out[n].text[1] = colors[n][0]->g, out[n].text[2] = colors[n][0]->b;
      out[n].ground[0] = colors[n][1]->r, out[n].ground[1] = colors[n][1]->g, out[n].ground[2] = colors[n][1]->b;
    }
  return G_N_ELEMENTS (names);
}

void
ladder_diagram_set_dark (LadderDiagram *d, gboolean dark)
{
  g_return_if_fail (d != NULL);
  d->options.dark = dark;
  ladder_palette_init (&d->palette, dark);
}

const char *
ladder_diagram_get_title (LadderDiagram *d)
{
  g_return_val_if_fail (d != NULL, NULL);
  return d->title;
}

/* A later sighting of a packet (the lab saw it on another link) is drawn
 * as its first sighting: selecting either highlights the same arrow. */
static guint64
first_sighting (LadderDiagram *d, guint64 frame)
{
  LadderFrameInfo info;

  if (frame != 0 && ladder_capture_get_frame (d->capture, frame, &info) && info.sighting_of != 0)
    return info.sighting_of;
  return frame;
}

/* Fonts of the calling thread, after ladder_diagram_drop_fonts(). */
static void
use_fonts (LadderDiagram *d)
{
  if (d->fonts == NULL)
    d->fonts = ladder_fonts_new (d->options.font_scale);
}

void
ladder_diagram_drop_fonts (LadderDiagram *d)
{
  g_return_if_fail (d != NULL);
  g_clear_pointer (&d->fonts, ladder_fonts_free);
}

/* Lecture mode: what comes later, faint enough not to compete with what
 * has happened, clear enough to be read from the front rows. */
#define GHOST_ALPHA 0.3

static void
paint_ghosts (LadderDiagram *d, LadderCanvas *canvas, cairo_t *cr, double y0, double y1)
{
  cairo_push_group (cr);
  d->ghost_pass = TRUE;
  d->klass->paint (d, canvas, y0, y1, 0);
  d->ghost_pass = FALSE;
  cairo_pop_group_to_source (cr);
  cairo_paint_with_alpha (cr, GHOST_ALPHA);
}

void
ladder_diagram_paint (LadderDiagram *d, cairo_t *cr, double clip_x, double clip_y,
                      double clip_w, double clip_h, guint64 selected)
{
  g_autoptr (LadderCanvas) canvas = NULL;

  g_return_if_fail (d != NULL && cr != NULL);
  use_fonts (d);
  cairo_save (cr);
  cairo_rectangle (cr, clip_x, clip_y, clip_w, clip_h);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, d->palette.background.r, d->palette.background.g,
                         d->palette.background.b, 1);
  cairo_paint (cr);
  canvas = ladder_canvas_new_cairo (cr, d->fonts);
  d->klass->paint (d, canvas, clip_y, clip_y + clip_h, first_sighting (d, selected));
  if (d->options.limit_time && d->options.ghost_later)
    paint_ghosts (d, canvas, cr, clip_y, clip_y + clip_h);
  cairo_restore (cr);
}

guint64
ladder_diagram_hit_test (LadderDiagram *d, double x, double y)
{
  g_return_val_if_fail (d != NULL, 0);
  use_fonts (d);
  return d->klass->hit_test (d, x, y);
}

char *
ladder_diagram_describe_at (LadderDiagram *d, double x, double y, guint64 selected)
{
  g_return_val_if_fail (d != NULL, NULL);
  use_fonts (d);
  if (d->klass->describe == NULL)
    return NULL;
  return d->klass->describe (d, x, y, first_sighting (d, selected));
}

gboolean
ladder_diagram_get_frame_bounds (LadderDiagram *d, guint64 frame, double *x, double *y,
                                 double *width, double *height)
{
  double bx = 0, by = 0, bw = 0, bh = 0;

  g_return_val_if_fail (d != NULL, FALSE);
  use_fonts (d);
  if (frame == 0 || !d->klass->frame_bounds (d, first_sighting (d, frame), &bx, &by, &bw, &bh))
    return FALSE;
  if (x != NULL)
    *x = bx;
  if (y != NULL)
    *y = by;
  if (width != NULL)
    *width = bw;
  if (height != NULL)
    *height = bh;
  return TRUE;
}

GArray *
ladder_diagram_get_frames (LadderDiagram *d)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint64));

  g_return_val_if_fail (d != NULL, out);
  d->klass->frames (d, out);
  return out;
}

char *
ladder_diagram_to_svg (LadderDiagram *d, guint64 selected)
{
  LadderCanvas *canvas;
  char *svg;

  g_return_val_if_fail (d != NULL, NULL);
  use_fonts (d);
  canvas = ladder_canvas_new_svg (d->fonts, d->width, d->height, &d->palette.background, d->title);
  d->klass->paint (d, canvas, 0, d->height, first_sighting (d, selected));
  svg = ladder_canvas_svg_finish (canvas);
  ladder_canvas_free (canvas);
  return svg;
}

char *
ladder_diagram_to_mermaid (LadderDiagram *d)
{
  GString *out;

  g_return_val_if_fail (d != NULL, NULL);
  use_fonts (d);
  out = g_string_new (NULL);
  d->klass->mermaid (d, out);
  return g_string_free (out, FALSE);
}

gint
ladder_compare_ts (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

gint64
ladder_median_gap (gconstpointer items, guint n, gsize stride)
{
  g_autoptr (GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  const guint8 *p = items;

  for (guint i = 1; i < n; i++)
    {
      gint64 gap = *(const gint64 *) (p + i * stride) - *(const gint64 *) (p + (i - 1) * stride);
      if (gap > 0)
        g_array_append_val (gaps, gap);
    }
  if (gaps->len == 0)
    return 0;
  g_array_sort (gaps, ladder_compare_ts);
  return g_array_index (gaps, gint64, gaps->len / 2);
}

/* Title block: the title, an optional subtitle, at the top left. */

double
ladder_diagram_title_height (LadderDiagram *d, gboolean with_subtitle)
{
  double h = ladder_diagram_px (d, 16) + ladder_fonts_line_height (d->fonts, LADDER_FONT_TITLE);

  if (with_subtitle)
    h += ladder_fonts_line_height (d->fonts, LADDER_FONT_SMALL) + ladder_diagram_px (d, 4);
  return h + ladder_diagram_px (d, 12);
}

void
ladder_diagram_paint_title (LadderDiagram *d, LadderCanvas *canvas, const char *subtitle)
{
  double x = ladder_diagram_px (d, 24), y = ladder_diagram_px (d, 16);

  ladder_canvas_text (canvas, x, y, d->title, LADDER_FONT_TITLE, &d->palette.foreground,
                      LADDER_ALIGN_LEFT);
  if (subtitle != NULL)
    ladder_canvas_text (canvas, x, y + ladder_fonts_line_height (d->fonts, LADDER_FONT_TITLE)
                        + ladder_diagram_px (d, 4), subtitle, LADDER_FONT_SMALL,
                        &d->palette.muted, LADDER_ALIGN_LEFT);
}

/* Exports. */

static gboolean
write_text_file (const char *path, const char *text, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_WRITE, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_surface (cairo_surface_t *surface, const char *path, GError **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_WRITE,
               _("cannot write %s: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

static gboolean
export_pdf (LadderDiagram *d, const char *path, guint64 selected, GError **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, d->width, d->height);
  cairo_t *cr = cairo_create (surface);
  gboolean ok;

  if (d->title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, d->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Wireladder");
  ladder_diagram_paint (d, cr, 0, 0, d->width, d->height, selected);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ok = check_surface (surface, path, error);
  cairo_surface_destroy (surface);
  return ok;
}

/* cairo image surfaces stop at 32767 px a side. */
#define MAX_PNG_SIDE 32000.0

static gboolean
export_png (LadderDiagram *d, const char *path, guint64 selected, guint min_w, guint min_h,
            GError **error)
{
  double scale = MAX (1.0, MAX (min_w / d->width, min_h / d->height));
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok;
  int w, h;

  scale = MIN (scale, MAX_PNG_SIDE / MAX (d->width, d->height));
  w = MAX ((int) (d->width * scale + 0.999), (int) min_w);
  h = MAX ((int) (d->height * scale + 0.999), (int) min_h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, d->palette.background.r, d->palette.background.g, d->palette.background.b);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  ladder_diagram_paint (d, cr, 0, 0, d->width, d->height, selected);
  cairo_destroy (cr);
  ok = check_surface (surface, path, error);
  if (ok && cairo_surface_write_to_png (surface, path) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_WRITE,
                   _("cannot write %s: %s"), path, g_strerror (errno));
      ok = FALSE;
    }
  cairo_surface_destroy (surface);
  return ok;
}

gboolean
ladder_diagram_export (LadderDiagram *d, const char *path, guint64 selected,
                       guint min_width, guint min_height, GError **error)
{
  const char *dot;
  g_autofree char *ext = NULL;

  g_return_val_if_fail (d != NULL && path != NULL, FALSE);
  use_fonts (d);
  dot = strrchr (path, '.');
  ext = g_ascii_strdown (dot != NULL ? dot + 1 : "", -1);
  if (strcmp (ext, "svg") == 0)
    {
      g_autofree char *svg = ladder_diagram_to_svg (d, selected);
      return write_text_file (path, svg, error);
    }
  if (strcmp (ext, "mmd") == 0)
    {
      g_autofree char *mmd = ladder_diagram_to_mermaid (d);
      return write_text_file (path, mmd, error);
    }
  if (strcmp (ext, "pdf") == 0)
    return export_pdf (d, path, selected, error);
  if (strcmp (ext, "png") == 0)
    return export_png (d, path, selected, min_width ? min_width : 800,
                       min_height ? min_height : 400, error);
  g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_FORMAT,
               _("unknown output format “%s” (use .svg, .pdf, .png or .mmd)"), dot != NULL ? dot : path);
  return FALSE;
}
