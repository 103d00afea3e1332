/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-views.c: the diagram widgets in a real window (X11; skipped without
 * a display).
 *
 * Click-to-select in both directions: a click where a frame is drawn sets
 * selected-frame (and notifies); setting selected-frame scrolls that frame
 * into view.  Keyboard selection, zoom to fit, and a screenshot of every
 * view (light and dark) saved to draw-artifacts/ for a human to look at.
 */
#include <gtk/gtk.h>
#include <string.h>

#include "draw-fixtures.h"
#include "ladder-sequence-view.h"
#include "ladder-traceroute-view.h"
#include "ladder-tuples-view.h"

typedef struct
{
  GtkWidget *window;
  GtkWidget *view;
  guint      notifies;
} Fixture;

static void
on_selected (GObject *object, GParamSpec *pspec, Fixture *f)
{
  f->notifies++;
}

/* Waits for the worker's layout too (the view is "busy" until then). */
static void
wait_for_draw (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (LADDER_IS_DIAGRAM_VIEW (widget) && ladder_diagram_view_is_busy (LADDER_DIAGRAM_VIEW (widget))
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  gtk_test_widget_wait_for_draw (widget);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_set_up (Fixture *f, GtkWidget *view, LadderCapture *capture, int width, int height)
{
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  f->window = gtk_window_new ();
  f->view = view;
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (f->window), scrolled);
  ladder_diagram_view_set_capture (LADDER_DIAGRAM_VIEW (view), capture, analysis);
  g_signal_connect (view, "notify::selected-frame", G_CALLBACK (on_selected), f);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for_draw (view);
}

static void
fixture_tear_down (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The window as GTK draws it, saved as a PNG artifact. */
static void
screenshot (GtkWidget *widget, const char *name)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autofree char *path = g_build_filename (draw_fixture_artifact_dir (), name, NULL);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
test_sequence_click (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_lab_echo (FALSE);
  g_autoptr (GArray) frames = NULL;
  Fixture f = { 0 };
  guint64 ack;
  double x, y;

  fixture_set_up (&f, ladder_sequence_view_new (), capture, 1600, 1000);
  ladder_diagram_view_set_conversation (LADDER_DIAGRAM_VIEW (f.view), 0);
  ladder_diagram_view_set_compressed (LADDER_DIAGRAM_VIEW (f.view), TRUE);
  wait_for_draw (f.view);
  g_assert_nonnull (ladder_diagram_view_get_diagram (LADDER_DIAGRAM_VIEW (f.view)));
  /* lab capture: frames seen on three links, drawn once (first sightings 1, 4, 7 ...) */
  frames = ladder_diagram_get_frames (ladder_diagram_view_get_diagram (LADDER_DIAGRAM_VIEW (f.view)));
  g_assert_cmpuint (frames->len, ==, 14);
  ack = g_array_index (frames, guint64, 2);
  /* click → selected-frame */
  ladder_diagram_view_get_frame_point (LADDER_DIAGRAM_VIEW (f.view), ack, &x, &y);
  g_test_message ("view %dx%d, frame %" G_GUINT64_FORMAT " at %.0f,%.0f", gtk_widget_get_width (f.view),
                  gtk_widget_get_height (f.view), ack, x, y);
  g_assert_true (ladder_diagram_view_get_frame_point (LADDER_DIAGRAM_VIEW (f.view), ack, &x, &y));
  g_assert_cmpuint (ladder_diagram_view_select_at (LADDER_DIAGRAM_VIEW (f.view), x, y), ==, ack);
  g_assert_cmpuint (ladder_diagram_view_get_selected_frame (LADDER_DIAGRAM_VIEW (f.view)), ==, ack);
  g_assert_cmpuint (f.notifies, ==, 1);
  /* a click on empty space changes nothing */
  g_assert_cmpuint (ladder_diagram_view_select_at (LADDER_DIAGRAM_VIEW (f.view), 2, 2), ==, 0);
  g_assert_cmpuint (ladder_diagram_view_get_selected_frame (LADDER_DIAGRAM_VIEW (f.view)), ==, ack);
  /* keyboard: the next arrow down */
  g_assert_true (gtk_widget_activate_action (f.view, "view.select-next", NULL));
  g_assert_cmpuint (ladder_diagram_view_get_selected_frame (LADDER_DIAGRAM_VIEW (f.view)), ==,
                    g_array_index (frames, guint64, 3));
  /* the stateful compressed action toggles the time mode */
  g_assert_true (gtk_widget_activate_action (f.view, "view.compressed", NULL));
  g_assert_false (ladder_diagram_view_get_compressed (LADDER_DIAGRAM_VIEW (f.view)));
  g_assert_true (gtk_widget_activate_action (f.view, "view.compressed", NULL));
  g_assert_true (ladder_diagram_view_get_compressed (LADDER_DIAGRAM_VIEW (f.view)));
  g_object_set (f.view, "selected-frame", g_array_index (frames, guint64, 1), NULL);
  wait_for_draw (f.view);
  screenshot (f.window, "view-sequence-lab.png");
  fixture_tear_down (&f);
}

static void
test_sequence_select_scrolls (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("tcp-retransmit.pcap");
  Fixture f = { 0 };
  double x, y;

  fixture_set_up (&f, ladder_sequence_view_new (), capture, 1200, 700);
  g_object_set (f.view, "font-scale", 1.5, NULL);
  wait_for_draw (f.view);
  /* frame 200 is far below: selecting it elsewhere scrolls it into view, highlighted */
  g_assert_false (ladder_diagram_view_get_frame_point (LADDER_DIAGRAM_VIEW (f.view), 200, &x, &y));
  ladder_diagram_view_set_selected_frame (LADDER_DIAGRAM_VIEW (f.view), 200);
  wait_for_draw (f.view);
  g_assert_true (ladder_diagram_view_get_frame_point (LADDER_DIAGRAM_VIEW (f.view), 200, &x, &y));
  g_assert_cmpuint (ladder_diagram_view_select_at (LADDER_DIAGRAM_VIEW (f.view), x, y), ==, 200);
  screenshot (f.window, "view-sequence-retransmit-x1.5.png");
  /* zoom to fit: all of it in the window */
  g_assert_true (gtk_widget_activate_action (f.view, "view.zoom-fit", NULL));
  g_assert_cmpfloat (ladder_diagram_view_get_zoom (LADDER_DIAGRAM_VIEW (f.view)), <, 0.2);
  fixture_tear_down (&f);
}

static void
test_traceroute_click (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_lab_traceroute ();
  Fixture f = { 0 };
  double x, y;
  g_autoptr (GArray) frames = NULL;
  guint64 reply;

  fixture_set_up (&f, ladder_traceroute_view_new (), capture, 1900, 1050);
  frames = ladder_diagram_get_frames (ladder_diagram_view_get_diagram (LADDER_DIAGRAM_VIEW (f.view)));
  /* frames: probe, reply, probe, reply ...; take the second hop's first reply */
  reply = g_array_index (frames, guint64, 7);
  g_assert_true (ladder_diagram_view_get_frame_point (LADDER_DIAGRAM_VIEW (f.view), reply, &x, &y));
  g_assert_cmpuint (ladder_diagram_view_select_at (LADDER_DIAGRAM_VIEW (f.view), x, y), ==, reply);
  g_assert_cmpuint (f.notifies, ==, 1);
  wait_for_draw (f.view);
  screenshot (f.window, "view-traceroute-lab.png");
  /* export from the window: the same drawing, selection included */
  {
    g_autofree char *path = g_build_filename (draw_fixture_artifact_dir (), "view-export-traceroute.svg", NULL);
    g_autofree char *svg = NULL;
    g_autoptr (GError) error = NULL;
    g_assert_true (ladder_diagram_view_export (LADDER_DIAGRAM_VIEW (f.view), path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
    g_assert_nonnull (strstr (svg, "quoted in #"));
  }
  fixture_tear_down (&f);
}

static void
test_tuples_click_dark (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("tcp-multi-client.pcap");
  GtkSettings *settings = gtk_settings_get_default ();
  Fixture f = { 0 };
  double x, y;
  gboolean dark = FALSE;

  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  fixture_set_up (&f, ladder_tuples_view_new (), capture, 1280, 600);
  g_object_set (f.view, "font-scale", 1.25, NULL);
  wait_for_draw (f.view);
  g_object_get (f.view, "dark", &dark, NULL);
  g_assert_true (dark);
  g_assert_true (ladder_diagram_view_get_frame_point (LADDER_DIAGRAM_VIEW (f.view), 4, &x, &y));
  /* frame 4 is the second connection's SYN: its card is selected */
  g_assert_cmpuint (ladder_diagram_view_select_at (LADDER_DIAGRAM_VIEW (f.view), x, y), ==, 4);
  wait_for_draw (f.view);
  screenshot (f.window, "view-tuples-dark.png");
  fixture_tear_down (&f);
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
}

static void
test_no_traceroute (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("tcp-echo-v4.pcap");
  Fixture f = { 0 };

  fixture_set_up (&f, ladder_traceroute_view_new (), capture, 800, 400);
  g_assert_null (ladder_diagram_view_get_diagram (LADDER_DIAGRAM_VIEW (f.view)));
  g_assert_nonnull (strstr (ladder_diagram_view_get_message (LADDER_DIAGRAM_VIEW (f.view)), "no traceroute"));
  g_assert_cmpuint (ladder_diagram_view_select_at (LADDER_DIAGRAM_VIEW (f.view), 100, 100), ==, 0);
  g_assert_false (ladder_diagram_view_export (LADDER_DIAGRAM_VIEW (f.view), "/tmp/never-written.svg", NULL));
  fixture_tear_down (&f);
}

/* The layout runs in a worker: the view is busy, has no diagram and never
 * blocks; changes made meanwhile win over the layout already running. */
static void
test_busy (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_lab_echo (FALSE);
  LadderDiagramView *view;
  Fixture f = { 0 };
  gint conversation = -2;

  fixture_set_up (&f, ladder_sequence_view_new (), capture, 800, 600);
  view = LADDER_DIAGRAM_VIEW (f.view);
  g_assert_false (ladder_diagram_view_is_busy (view));
  g_assert_nonnull (ladder_diagram_view_get_diagram (view));
  ladder_diagram_view_set_compressed (view, TRUE);
  g_assert_true (ladder_diagram_view_is_busy (view));
  g_assert_null (ladder_diagram_view_get_diagram (view));
  g_assert_false (ladder_diagram_view_export (view, "/tmp/never-written.svg", NULL));
  /* A second change while the first layout runs. */
  ladder_diagram_view_set_conversation (view, 0);
  g_assert_true (ladder_diagram_view_is_busy (view));
  wait_for_draw (f.view);
  g_assert_false (ladder_diagram_view_is_busy (view));
  g_assert_nonnull (ladder_diagram_view_get_diagram (view));
  g_object_get (view, "conversation", &conversation, NULL);
  g_assert_cmpint (conversation, ==, 0);
  {
    /* The latest settings: the same picture as built here directly. */
    g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
    LadderDiagramOptions options;
    g_autoptr (LadderDiagram) direct = NULL;
    double w1, h1, w2, h2;

    ladder_diagram_options_init (&options);
    options.compressed = TRUE;
    options.conversation = 0;
    direct = ladder_diagram_new (LADDER_DIAGRAM_SEQUENCE, capture, analysis, &options, NULL);
    ladder_diagram_get_size (direct, &w1, &h1);
    ladder_diagram_get_size (ladder_diagram_view_get_diagram (view), &w2, &h2);
    g_assert_cmpfloat (w1, ==, w2);
    g_assert_cmpfloat (h1, ==, h2);
  }
  /* Set the capture and destroy the window before the layout ends. */
  ladder_diagram_view_set_font_scale (view, 2.0);
  g_assert_true (ladder_diagram_view_is_busy (view));
  fixture_tear_down (&f);
}

static void
test_no_display (void)
{
  g_test_skip ("no display: run under Xvfb (tests/run-suite.sh, or xvfb-run meson test)");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_add_func ("/ladder/views/no-display", test_no_display);
      return g_test_run ();
    }
  g_test_add_func ("/ladder/views/sequence/click", test_sequence_click);
  g_test_add_func ("/ladder/views/sequence/select-scrolls", test_sequence_select_scrolls);
  g_test_add_func ("/ladder/views/traceroute/click", test_traceroute_click);
  g_test_add_func ("/ladder/views/tuples/click-dark", test_tuples_click_dark);
  g_test_add_func ("/ladder/views/traceroute/empty", test_no_traceroute);
  g_test_add_func ("/ladder/views/sequence/busy", test_busy);
  return g_test_run ();
}
