/* test-presenter.c: lecture mode's window under Xvfb, driven through its
 * actions as a lecturer's keys would: steps, quizzes, the diagram as of
 * each step.  Screenshots go to $LADDER_SCREENSHOT_DIR. */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdio.h>

#include "ladder-load.h"
#include "ladder-presenter.h"
#include "ladder-story.h"

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
screenshot (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("LADDER_SCREENSHOT_DIR");
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || width <= 0 || height <= 0)
    return;
  run_for (300);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

typedef struct
{
  LadderCapture  *capture;
  LadderAnalysis *analysis;
  LadderStory    *story;
} Fixture;

static void
fixture_load (Fixture *f, const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", name, NULL);
  g_autoptr (GError) error = NULL;

  f->capture = ladder_capture_new ();
  g_assert_true (ladder_load_file (f->capture, path, NULL, NULL, NULL, &error));
  f->analysis = ladder_capture_analyse (f->capture);
  f->story = ladder_story_new (f->capture, f->analysis, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_clear (Fixture *f)
{
  ladder_story_free (f->story);
  ladder_analysis_unref (f->analysis);
  ladder_capture_unref (f->capture);
}

static void
act (LadderPresenter *p, const char *action, GVariant *param)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (p), action, param));
  run_for (20);
}

static void
test_steps_and_quizzes (void)
{
  Fixture f;
  g_autoptr (GError) error = NULL;
  LadderPresenter *p;
  const LadderStoryStep *synack, *data_ack;

  fixture_load (&f, "tcp-echo-v4.pcap");
  p = ladder_presenter_new (f.capture, f.analysis, -1, &error);
  g_assert_no_error (error);
  g_object_ref_sink (p);
  gtk_window_present (GTK_WINDOW (p));
  run_for (400);
  g_assert_cmpuint (ladder_presenter_get_n_steps (p), ==, ladder_story_get_n_steps (f.story));
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, 0);
  g_assert_false (ladder_presenter_is_asking (p));
  g_assert_cmpstr (ladder_presenter_get_caption (p), ==, ladder_story_get_step (f.story, 0)->caption);
  screenshot (GTK_WIDGET (p), "presenter-01-syn.png");

  /* The SYN-ACK answers the SYN: first the question, then the step. */
  synack = ladder_story_get_step (f.story, 1);
  act (p, "presenter.next", NULL);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, 1);
  g_assert_true (ladder_presenter_is_asking (p));
  g_assert_cmpstr (ladder_presenter_get_caption (p), ==, synack->quiz->question);
  screenshot (GTK_WIDGET (p), "presenter-02-quiz.png");
  act (p, "presenter.answer", g_variant_new_int32 ((gint32) synack->quiz->answer));
  g_assert_false (ladder_presenter_is_asking (p));
  g_assert_cmpstr (ladder_presenter_get_caption (p), ==, synack->caption);
  screenshot (GTK_WIDGET (p), "presenter-03-answered.png");

  /* Next on an unanswered quiz reveals the step before moving on. */
  act (p, "presenter.next", NULL);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, 2);
  g_assert_true (ladder_presenter_is_asking (p));
  act (p, "presenter.next", NULL);
  g_assert_false (ladder_presenter_is_asking (p));
  g_assert_cmpstr (ladder_presenter_get_caption (p), ==, ladder_story_get_step (f.story, 2)->caption);
  act (p, "presenter.next", NULL);
  act (p, "presenter.next", NULL);
  data_ack = ladder_story_get_step (f.story, 4);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, 4);
  g_assert_cmpstr (ladder_presenter_get_caption (p), ==, data_ack->quiz->question);
  /* A wrong answer still reveals the step. */
  act (p, "presenter.answer", g_variant_new_int32 ((gint32) (data_ack->quiz->answer + 1) % data_ack->quiz->n_choices));
  g_assert_cmpstr (ladder_presenter_get_caption (p), ==, data_ack->caption);

  act (p, "presenter.last", NULL);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, ladder_story_get_n_steps (f.story) - 1);
  act (p, "presenter.next", NULL);
  act (p, "presenter.next", NULL);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, ladder_story_get_n_steps (f.story) - 1);
  screenshot (GTK_WIDGET (p), "presenter-04-last.png");
  act (p, "presenter.previous", NULL);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, ladder_story_get_n_steps (f.story) - 2);
  act (p, "presenter.first", NULL);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, 0);

  gtk_window_destroy (GTK_WINDOW (p));
  run_for (50);
  g_assert_finalize_object (p);
  fixture_clear (&f);
}

static void
test_bad_conversation (void)
{
  Fixture f;
  g_autoptr (GError) error = NULL;

  fixture_load (&f, "tcp-echo-v4.pcap");
  g_assert_null (ladder_presenter_new (f.capture, f.analysis, 7, &error));
  g_assert_error (error, LADDER_STORY_ERROR, LADDER_STORY_ERROR_RANGE);
  fixture_clear (&f);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display: run under xvfb-run (tests/run-suite.sh does)\n");
      return 0;
    }
  g_test_add_func ("/ladder/presenter/steps-and-quizzes", test_steps_and_quizzes);
  g_test_add_func ("/ladder/presenter/bad-conversation", test_bad_conversation);
  return g_test_run ();
}
