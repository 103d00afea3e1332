/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-presenter.c: lecture mode's window under Xvfb, driven through its
 * actions as a lecturer's keys would: steps, quizzes, the diagram as of
 * each step.  Screenshots go to $LADDER_SCREENSHOT_DIR. */
#include <gtk/gtk.h>

#include "ladder-load.h"
#include "ladder-presenter.h"
#include "ladder-story.h"
#include "ladder-test-app.h"

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
  ladder_test_run_for (20);
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
  ladder_test_run_for (400);
  g_assert_cmpuint (ladder_presenter_get_n_steps (p), ==, ladder_story_get_n_steps (f.story));
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, 0);
  g_assert_false (ladder_presenter_is_asking (p));
  g_assert_cmpstr (ladder_presenter_get_caption (p), ==, ladder_story_get_step (f.story, 0)->caption);
  ladder_test_screenshot (GTK_WIDGET (p), "presenter-01-syn.png");

  /* The SYN-ACK answers the SYN: first the question, then the step. */
  synack = ladder_story_get_step (f.story, 1);
  act (p, "presenter.next", NULL);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, 1);
  g_assert_true (ladder_presenter_is_asking (p));
  g_assert_cmpstr (ladder_presenter_get_caption (p), ==, synack->quiz->question);
  ladder_test_screenshot (GTK_WIDGET (p), "presenter-02-quiz.png");
  act (p, "presenter.answer", g_variant_new_int32 ((gint32) synack->quiz->answer));
  g_assert_false (ladder_presenter_is_asking (p));
  g_assert_cmpstr (ladder_presenter_get_caption (p), ==, synack->caption);
  ladder_test_screenshot (GTK_WIDGET (p), "presenter-03-answered.png");

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
  ladder_test_screenshot (GTK_WIDGET (p), "presenter-04-last.png");
  act (p, "presenter.previous", NULL);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, ladder_story_get_n_steps (f.story) - 2);
  act (p, "presenter.first", NULL);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, 0);

  gtk_window_destroy (GTK_WINDOW (p));
  ladder_test_run_for (50);
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
  if (!ladder_test_app_init (&argc, &argv))
    return 0;
  g_test_add_func ("/ladder/presenter/steps-and-quizzes", test_steps_and_quizzes);
  g_test_add_func ("/ladder/presenter/bad-conversation", test_bad_conversation);
  return g_test_run ();
}
