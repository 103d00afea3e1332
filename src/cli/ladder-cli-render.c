/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-render.c: `wireladder-cli render`, the window's diagrams as files.
 *
 *   render FILE --view sequence|traceroute|tuples|spotlight [--conversation N] [--run N]
 *          [--packet N] [--focus auto|none|ttl|handshake|ports]
 *          [--compressed] [--dark] [--font-scale X] [--max-width W] [--select FRAME]
 *          [--min-size WxH] [--step N | --handout] -o OUT.svg|OUT.pdf|OUT.png|OUT.mmd
 *
 * --step N draws the sequence view as of step N of `wireladder-cli story`
 * (what comes later hidden, the step highlighted); --handout writes a PDF
 * with one page per step, its caption above the diagram.
 *
 * The format follows OUT's extension.  PNGs are at least 800x400 (scaled
 * up when the diagram is smaller).  Exit status: 0 success, 1 the capture
 * cannot be read or holds nothing to draw (no traceroute, no conversation
 * N), 2 usage.
 */
#include <stdio.h>
#include <string.h>

#include "ladder-cli.h"
#include "ladder-diagram.h"
#include "ladder-load.h"
#include "ladder-spotlight.h"
#include "ladder-story.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

typedef struct
{
  char    *view;
  char    *output;
  gint     conversation;
  gint     run;
  gboolean compressed;
  gboolean dark;
  double   font_scale;
  double   max_width;
  gint64   select;
  char    *min_size;
  gint     step;
  gboolean handout;
  gint64   packet;
  char    *focus;
  char   **files;
} RenderArgs;

static void
render_args_clear (RenderArgs *args)
{
  g_free (args->view);
  g_free (args->output);
  g_free (args->min_size);
  g_free (args->focus);
  g_strfreev (args->files);
}

/* The packet to highlight at step INDEX: its own, or the last one shown. */
static guint64
step_selection (LadderStory *story, guint index)
{
  const LadderStoryStep *step = ladder_story_get_step (story, index);

  return step->packet != 0 ? step->packet : ladder_story_get_last_packet (story, index);
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "wireladder-cli render: %s\n"
                   "Usage: wireladder-cli render FILE --view sequence|traceroute|tuples|spotlight [--packet N] "
                   "[--conversation N] [--step N | --handout] -o OUT.svg|OUT.pdf|OUT.png|OUT.mmd\n"
                   "Try 'wireladder-cli render --help'.\n", message);
  return LADDER_CLI_USAGE;
}

static gboolean
parse (int argc, char **argv, RenderArgs *args, GError **error)
{
  const GOptionEntry entries[] = {
    { "view", 0, 0, G_OPTION_ARG_STRING, &args->view, "sequence, traceroute, tuples or spotlight", "VIEW" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output, "output file: .svg .pdf .png .mmd", "OUT" },
    { "conversation", 0, 0, G_OPTION_ARG_INT, &args->conversation,
      "sequence: draw conversation N only (0-based, as `conversations` lists them)", "N" },
    { "run", 0, 0, G_OPTION_ARG_INT, &args->run, "traceroute: draw run N (0-based)", "N" },
    { "compressed", 0, 0, G_OPTION_ARG_NONE, &args->compressed, "sequence: one row per event", NULL },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &args->dark, "dark background", NULL },
    { "font-scale", 0, 0, G_OPTION_ARG_DOUBLE, &args->font_scale, "text size factor (1.0)", "X" },
    { "max-width", 0, 0, G_OPTION_ARG_DOUBLE, &args->max_width,
      "fit W pixels, text not shrunk (as lecture mode does)", "W" },
    { "select", 0, 0, G_OPTION_ARG_INT64, &args->select, "highlight frame N", "N" },
    { "min-size", 0, 0, G_OPTION_ARG_STRING, &args->min_size, "PNG: at least WxH pixels (800x400)", "WxH" },
    { "step", 0, 0, G_OPTION_ARG_INT, &args->step,
      "sequence: as of step N of `story` (1-based), later events hidden", "N" },
    { "handout", 0, 0, G_OPTION_ARG_NONE, &args->handout, "sequence, PDF: one page per story step", NULL },
    { "packet", 0, 0, G_OPTION_ARG_INT64, &args->packet, "spotlight: the packet whose headers are drawn (1-based)", "N" },
    { "focus", 0, 0, G_OPTION_ARG_STRING, &args->focus,
      "spotlight: the fields to emphasise: auto, none, ttl, handshake or ports", "WHAT" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args->files, NULL, "FILE" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- draw a diagram of a capture");

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "The format follows the output's extension; "
                                "PNGs are at least 800x400.\nExit status: 0 success, 1 unreadable "
                                "capture or nothing to draw, 2 usage.");
  return g_option_context_parse (context, &argc, &argv, error);
}

static gboolean
check_args (RenderArgs *args, LadderDiagramKind *kind, guint *min_w, guint *min_h, GError **error)
{
  const char *dot = args->output != NULL ? strrchr (args->output, '.') : NULL;
  LadderSpotlightFocus focus;

  if (args->files == NULL || args->files[0] == NULL || args->files[1] != NULL)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "give exactly one capture FILE"), FALSE;
  if (args->view == NULL || !ladder_diagram_kind_from_string (args->view, kind))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "--view must be sequence, traceroute, tuples or spotlight"), FALSE;
  if ((*kind == LADDER_DIAGRAM_SPOTLIGHT) != (args->packet > 0))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "--view spotlight needs --packet N (1-based), and --packet needs --view spotlight"), FALSE;
  if (args->focus != NULL && !ladder_spotlight_focus_from_string (args->focus, &focus))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "--focus must be auto, none, ttl, handshake or ports"), FALSE;
  if (args->output == NULL)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "-o OUT is required"), FALSE;
  if (dot == NULL || (g_ascii_strcasecmp (dot, ".svg") != 0 && g_ascii_strcasecmp (dot, ".pdf") != 0
                      && g_ascii_strcasecmp (dot, ".png") != 0 && g_ascii_strcasecmp (dot, ".mmd") != 0))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "cannot tell the format of '%s': use .svg, .pdf, .png or .mmd", args->output), FALSE;
  if (args->font_scale != 0 && (args->font_scale < 0.25 || args->font_scale > 8))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "--font-scale must be 0.25 to 8"), FALSE;
  if (args->max_width < 0)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "--max-width must be positive"), FALSE;
  if (args->step < 0)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "--step counts from 1"), FALSE;
  if ((args->step > 0 || args->handout) && *kind != LADDER_DIAGRAM_SEQUENCE)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "--step and --handout need --view sequence"), FALSE;
  if (args->step > 0 && args->handout)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "give --step or --handout, not both"), FALSE;
  if ((args->step > 0 && g_ascii_strcasecmp (dot, ".mmd") == 0) || (args->handout && g_ascii_strcasecmp (dot, ".pdf") != 0))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "--step draws .svg, .pdf or .png; --handout writes .pdf"), FALSE;
  if (args->conversation < -1 || args->run < 0 || args->select < 0)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "numbers must not be negative"), FALSE;
  *min_w = 800;
  *min_h = 400;
  if (args->min_size != NULL
      && (sscanf (args->min_size, "%ux%u", min_w, min_h) != 2 || *min_w < 800 || *min_h < 400
          || *min_w > 16000 || *min_h > 16000))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "--min-size must be WxH, at least 800x400 and at most 16000x16000"), FALSE;
  return TRUE;
}

/* A page per step: the caption, wrapped, above the diagram as of that step. */
static gboolean
write_handout (LadderDiagram *diagram, LadderStory *story, const char *path, GError **error)
{
  double w, h, margin = 36, caption_h = 120;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  ladder_diagram_get_size (diagram, &w, &h);
  surface = cairo_pdf_surface_create (path, w + 2 * margin, h + caption_h + 2 * margin);
  cr = cairo_create (surface);
  for (guint i = 0; i < ladder_story_get_n_steps (story); i++)
    {
      const LadderStoryStep *step = ladder_story_get_step (story, i);
      g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
      g_autoptr (PangoFontDescription) font = pango_font_description_from_string ("Sans 18");
      g_autofree char *text = g_strdup_printf ("Step %u of %u. %s", i + 1, ladder_story_get_n_steps (story),
                                               step->caption);

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_width (layout, (int) (w * PANGO_SCALE));
      pango_layout_set_text (layout, text, -1);
      cairo_move_to (cr, margin, margin);
      pango_cairo_show_layout (cr, layout);
      cairo_save (cr);
      cairo_translate (cr, margin, margin + caption_h);
      ladder_diagram_set_time_limit (diagram, TRUE, step->ts_ns);
      ladder_diagram_paint (diagram, cr, 0, 0, w, h, step_selection (story, i));
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_WRITE, "cannot write %s: %s",
                        path, cairo_status_to_string (status)), FALSE;
  return TRUE;
}

/* --step N and --handout: the diagram as the story goes. */
static int
render_story (RenderArgs *args, LadderCapture *capture, LadderAnalysis *analysis,
              LadderDiagram *diagram, guint min_w, guint min_h)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderStory) story = ladder_story_new (capture, analysis, args->conversation, &error);
  guint n = story != NULL ? ladder_story_get_n_steps (story) : 0;
  gboolean ok;

  if (story != NULL && args->step > 0 && (guint) args->step > n)
    g_set_error (&error, LADDER_STORY_ERROR, LADDER_STORY_ERROR_RANGE, "no step %d (the story has %u)",
                 args->step, n);
  if (story == NULL || error != NULL)
    {
      fprintf (stderr, "wireladder-cli: %s: %s\n", args->files[0], error->message);
      return LADDER_CLI_BAD_INPUT;
    }
  if (args->handout)
    ok = write_handout (diagram, story, args->output, &error);
  else
    {
      ladder_diagram_set_time_limit (diagram, TRUE, ladder_story_get_step (story, (guint) args->step - 1)->ts_ns);
      ok = ladder_diagram_export (diagram, args->output, step_selection (story, (guint) args->step - 1),
                                  min_w, min_h, &error);
    }
  if (!ok)
    {
      fprintf (stderr, "wireladder-cli: %s: %s\n", args->files[0], error->message);
      return LADDER_CLI_BAD_INPUT;
    }
  return LADDER_CLI_OK;
}

static int
render (RenderArgs *args, LadderDiagramKind kind, guint min_w, guint min_h)
{
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  g_autoptr (LadderAnalysis) analysis = NULL;
  g_autoptr (LadderDiagram) diagram = NULL;
  g_autoptr (GError) error = NULL;
  LadderDiagramOptions options;

  if (!ladder_cli_load_capture (capture, args->files[0]))
    return LADDER_CLI_BAD_INPUT;
  analysis = ladder_capture_analyse (capture);
  ladder_diagram_options_init (&options);
  options.conversation = args->conversation;
  options.traceroute = (guint) args->run;
  options.packet = (guint64) MAX (args->packet, 0);
  if (args->focus != NULL)
    ladder_spotlight_focus_from_string (args->focus, (LadderSpotlightFocus *) &options.spotlight_focus);
  options.compressed = args->compressed;
  options.dark = args->dark;
  if (args->font_scale > 0)
    options.font_scale = args->font_scale;
  options.max_width = args->max_width;
  diagram = ladder_diagram_new (kind, capture, analysis, &options, &error);
  if (diagram != NULL && (args->step > 0 || args->handout))
    return render_story (args, capture, analysis, diagram, min_w, min_h);
  if (diagram == NULL || !ladder_diagram_export (diagram, args->output, (guint64) args->select,
                                                 min_w, min_h, &error))
    {
      fprintf (stderr, "wireladder-cli: %s: %s\n", args->files[0], error->message);
      return LADDER_CLI_BAD_INPUT;
    }
  return LADDER_CLI_OK;
}

int
ladder_cli_render_main (int argc, char **argv)
{
  RenderArgs args = { .conversation = -1 };
  g_autoptr (GError) error = NULL;
  LadderDiagramKind kind;
  guint min_w, min_h;
  int status;

  if (!parse (argc, argv, &args, &error) || !check_args (&args, &kind, &min_w, &min_h, &error))
    {
      status = usage_error (error->message);
      render_args_clear (&args);
      return status;
    }
  status = render (&args, kind, min_w, min_h);
  render_args_clear (&args);
  return status;
}
