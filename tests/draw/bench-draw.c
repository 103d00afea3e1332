/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-draw: how long the diagrams take on a big capture (prints figures;
 * fails only on a crash).  `meson test -C BUILDDIR --benchmark draw`.
 *
 * Uses tests/bench/out/bench-1000000.pcap (made by the speed benchmark);
 * without it, says so and exits 0.
 */
#include <stdio.h>

#include "ladder-diagram.h"
#include "ladder-load.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
bench_kind (LadderCapture *capture, LadderAnalysis *analysis, LadderDiagramKind kind)
{
  g_autoptr (LadderDiagram) d = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  cairo_t *cr = cairo_create (surface);
  gint64 start = g_get_monotonic_time ();
  double w, h, layout, paint;

  d = ladder_diagram_new (kind, capture, analysis, NULL, NULL);
  layout = seconds_since (start);
  if (d == NULL)
    {
      printf ("%-10s nothing to draw\n", ladder_diagram_kind_to_string (kind));
      goto out;
    }
  ladder_diagram_get_size (d, &w, &h);
  start = g_get_monotonic_time ();
  /* one screenful in the middle, ten times: what scrolling costs per frame */
  for (int i = 0; i < 10; i++)
    {
      cairo_save (cr);
      cairo_translate (cr, 0, -h / 2);
      ladder_diagram_paint (d, cr, 0, h / 2, 1920, 1080, 0);
      cairo_restore (cr);
    }
  paint = seconds_since (start) / 10;
  printf ("%-10s layout %7.3f s  diagram %6.0f x %9.0f  paint one 1920x1080 screen %6.2f ms  (%u items)\n",
          ladder_diagram_kind_to_string (kind), layout, w, h, paint * 1000,
          ladder_diagram_get_frames (d)->len);
out:
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  const char *path = argc > 1 ? argv[1] : NULL;
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  g_autoptr (LadderAnalysis) analysis = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      printf ("bench-draw: %s not found (run the speed benchmark first); nothing measured\n",
              path ? path : "(no file)");
      return 0;
    }
  start = g_get_monotonic_time ();
  if (!ladder_load_file (capture, path, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  printf ("load       %.3f s, %" G_GUINT64_FORMAT " frames\n", seconds_since (start),
          ladder_capture_get_n_frames (capture));
  start = g_get_monotonic_time ();
  analysis = ladder_capture_analyse (capture);
  printf ("analyse    %.3f s\n", seconds_since (start));
  bench_kind (capture, analysis, LADDER_DIAGRAM_SEQUENCE);
  bench_kind (capture, analysis, LADDER_DIAGRAM_TUPLES);
  bench_kind (capture, analysis, LADDER_DIAGRAM_TRACEROUTE);
  return 0;
}
