/* SPDX-License-Identifier: GPL-3.0-or-later */
/* draw-demo: the three diagram widgets in a window, for looking at them
 * (not a test).  Used to take the screenshots under Xvfb:
 *
 *   Xvfb :98 -screen 0 1920x1080x24 &
 *   DISPLAY=:98 draw-demo [--lab-echo|--lab-traceroute|FILE] [--view N] [--font-scale X] [--select F] &
 *   DISPLAY=:98 import -window root shot.png
 */
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#include "draw-fixtures.h"
#include "ladder-load.h"
#include "ladder-sequence-view.h"
#include "ladder-traceroute-view.h"
#include "ladder-tuples-view.h"

static LadderCapture *
load (const char *what)
{
  LadderCapture *capture;
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (what, "--lab-echo") == 0)
    return draw_fixture_lab_echo (FALSE);
  if (g_strcmp0 (what, "--lab-traceroute") == 0)
    return draw_fixture_lab_traceroute ();
  capture = ladder_capture_new ();
  if (!ladder_load_file (capture, what, NULL, NULL, NULL, &error))
    g_printerr ("draw-demo: %s\n", error->message);
  return capture;
}

static GtkWidget *
add_page (GtkNotebook *notebook, GtkWidget *view, const char *title, LadderCapture *capture,
          LadderAnalysis *analysis, double font_scale, guint64 selected)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  ladder_diagram_view_set_capture (LADDER_DIAGRAM_VIEW (view), capture, analysis);
  g_object_set (view, "font-scale", font_scale, "selected-frame", selected, NULL);
  gtk_notebook_append_page (notebook, scrolled, gtk_label_new (title));
  return view;
}

int
main (int argc, char **argv)
{
  const char *what = "--lab-echo";
  double font_scale = 1.0;
  guint64 selected = 0;
  int page = 0;
  g_autoptr (LadderCapture) capture = NULL;
  g_autoptr (LadderAnalysis) analysis = NULL;
  GtkWidget *window, *notebook, *seq;
  g_autoptr (GMainLoop) loop = NULL;

  g_setenv ("G_TEST_SRCDIR", SOURCE_DIR, FALSE);
  g_setenv ("G_TEST_BUILDDIR", BUILD_DIR, FALSE);
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--view") == 0 && i + 1 < argc)
        page = atoi (argv[++i]);
      else if (strcmp (argv[i], "--font-scale") == 0 && i + 1 < argc)
        font_scale = g_ascii_strtod (argv[++i], NULL);
      else if (strcmp (argv[i], "--select") == 0 && i + 1 < argc)
        selected = g_ascii_strtoull (argv[++i], NULL, 10);
      else if (strcmp (argv[i], "--dark") == 0)
        g_setenv ("GTK_THEME", "Adwaita:dark", TRUE);
      else
        what = argv[i];
    }
  gtk_init ();
  capture = load (what);
  analysis = ladder_capture_analyse (capture);
  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Wireladder diagrams");
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  notebook = gtk_notebook_new ();
  seq = add_page (GTK_NOTEBOOK (notebook), ladder_sequence_view_new (), "Sequence", capture, analysis,
                  font_scale, selected);
  if (g_str_has_prefix (what, "--lab-echo"))
    g_object_set (seq, "conversation", 0, "compressed", TRUE, NULL);
  add_page (GTK_NOTEBOOK (notebook), ladder_traceroute_view_new (), "Traceroute", capture, analysis,
            font_scale, selected);
  add_page (GTK_NOTEBOOK (notebook), ladder_tuples_view_new (), "5-tuples", capture, analysis,
            font_scale, selected);
  /* the page is switched once the notebook has a root (it looks at the focus) */
  gtk_window_set_child (GTK_WINDOW (window), notebook);
  gtk_notebook_set_current_page (GTK_NOTEBOOK (notebook), page);
  gtk_window_maximize (GTK_WINDOW (window));
  loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect_swapped (window, "destroy", G_CALLBACK (g_main_loop_quit), loop);
  gtk_window_present (GTK_WINDOW (window));
  g_main_loop_run (loop);
  return 0;
}
