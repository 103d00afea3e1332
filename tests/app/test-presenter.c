/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-presenter.c: lecture mode's window under Xvfb at 1920x1080, driven
 * through its actions and through real key presses (XTest: the X server
 * types them, as a keyboard or a presentation clicker would): steps,
 * quizzes, typed step numbers, play and pause, ghosting; what it shows
 * measured for a projector (Pango's fonts of the real layouts, stroke
 * widths, contrast of the colours used); on fixtures and on real lab runs
 * (tcp-echo, traceroute).  Screenshots of the screen (`import -window
 * root`) go to $LADDER_SCREENSHOT_DIR. */
#include <dlfcn.h>
#include <string.h>
#include <math.h>
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#ifdef HAVE_X11
#include <gdk/x11/gdkx.h>
#endif

#include "ladder-diagram-view.h"
#include "ladder-load.h"
#include "ladder-presenter.h"
#include "ladder-spotlight-panel.h"
#include "ladder-story.h"
#include "ladder-test-app.h"
#include "ladder-test-lab.h"
#include "ladder-window-private.h"

static void
act (LadderPresenter *p, const char *action, GVariant *param)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (p), action, param));
  ladder_test_run_for (20);
}

static void
test_steps_and_quizzes (void)
{
  LadderTestStory f;
  g_autoptr (GError) error = NULL;
  LadderPresenter *p;
  const LadderStoryStep *synack, *data_ack;

  ladder_test_story_load (&f, "tcp-echo-v4.pcap");
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
  ladder_test_story_clear (&f);
}

static void
test_bad_conversation (void)
{
  LadderTestStory f;
  g_autoptr (GError) error = NULL;

  ladder_test_story_load (&f, "tcp-echo-v4.pcap");
  g_assert_null (ladder_presenter_new (f.capture, f.analysis, 7, &error));
  g_assert_error (error, LADDER_STORY_ERROR, LADDER_STORY_ERROR_RANGE);
  ladder_test_story_clear (&f);
}


/* The controller alone: what the keys call. */
static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_presentation (void)
{
  LadderTestStory f;
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderPresentation) pr = NULL;
  guint packet_notes = 0, packet = 0, n;
  const LadderStoryStep *s1, *s2;
  gint64 gap;

  ladder_test_story_load (&f, "tcp-echo-v4.pcap");
  pr = ladder_presentation_new (ladder_story_new (f.capture, f.analysis, -1, &error));
  g_assert_no_error (error);
  n = ladder_presentation_get_n_steps (pr);
  g_signal_connect (pr, "notify::current-packet", G_CALLBACK (count_notify), &packet_notes);
  s1 = ladder_story_get_step (f.story, 1);
  s2 = ladder_story_get_step (f.story, 2);
  g_assert_nonnull (s1->quiz);
  g_assert_cmpuint (s1->packet, !=, 0);

  /* A step with a quiz asks first: its packet is not current yet. */
  ladder_presentation_next (pr);
  g_assert_true (ladder_presentation_is_asking (pr));
  g_object_get (pr, "current-packet", &packet, NULL);
  g_assert_cmpuint (packet, ==, G_MAXUINT);
  g_assert_true (ladder_presentation_reveal (pr));
  g_object_get (pr, "current-packet", &packet, NULL);
  g_assert_cmpuint (packet, ==, s1->packet);
  g_assert_cmpuint (packet_notes, >=, 2);
  g_assert_false (ladder_presentation_reveal (pr));
  g_assert_false (ladder_presentation_answer (pr, 0));

  /* Typed numbers: no leading zero, six digits at most, a range check. */
  ladder_presentation_type_digit (pr, 0);
  g_assert_cmpstr (ladder_presentation_get_typed (pr), ==, "");
  for (guint i = 0; i < 8; i++)
    ladder_presentation_type_digit (pr, 9);
  g_assert_cmpstr (ladder_presentation_get_typed (pr), ==, "999999");
  ladder_presentation_enter (pr);
  g_assert_cmpuint (ladder_presentation_get_step (pr), ==, 1);
  g_assert_nonnull (strstr (ladder_presentation_get_message (pr), "There is no step 999999"));
  ladder_presentation_type_digit (pr, 3);
  ladder_presentation_backspace (pr);
  ladder_presentation_type_digit (pr, 1);
  ladder_presentation_enter (pr);
  g_assert_cmpuint (ladder_presentation_get_step (pr), ==, 0);
  g_assert_null (ladder_presentation_get_message (pr));

  /* Q: the next step's question; none after the last step. */
  g_assert_true (ladder_presentation_ask (pr));
  g_assert_cmpuint (ladder_presentation_get_step (pr), ==, 1);
  g_assert_true (ladder_presentation_answer (pr, s1->quiz->answer));
  g_assert_cmpint (ladder_presentation_get_picked (pr), ==, (gint) s1->quiz->answer);
  ladder_presentation_last (pr);
  g_assert_false (ladder_presentation_ask (pr));
  g_assert_cmpstr (ladder_presentation_get_message (pr), ==, "Nothing comes after the last step.");

  /* Pace: steps per second, or the gap to the next event times the slowdown. */
  g_object_set (pr, "steps-per-second", 4.0, NULL);
  g_assert_cmpuint (ladder_presentation_get_wait_ms (pr), ==, 250);
  ladder_presentation_change_pace (pr, 2.0);
  g_assert_cmpuint (ladder_presentation_get_wait_ms (pr), ==, 125);
  g_object_set (pr, "pace-mode", LADDER_PACE_REAL_TIME, "slowdown", 1000.0, NULL);
  ladder_presentation_go_to (pr, 1);
  gap = s2->ts_ns - s1->ts_ns;
  g_assert_cmpuint (ladder_presentation_get_wait_ms (pr), ==, (guint) CLAMP (gap / 1e6 * 1000, 100, 6000));
  ladder_presentation_change_pace (pr, 2.0);   /* faster: half the slowdown */
  {
    double slowdown = 0;
    g_object_get (pr, "slowdown", &slowdown, NULL);
    g_assert_cmpfloat (slowdown, ==, 500.0);
  }
  {
    g_autofree char *pace = ladder_presentation_describe_pace (pr);
    g_assert_cmpstr (pace, ==, "real time \u00d71/500");
  }
  /* Play from the last step starts again at the first; quizzes are told. */
  ladder_presentation_last (pr);
  ladder_presentation_set_playing (pr, TRUE);
  g_assert_cmpuint (ladder_presentation_get_step (pr), ==, 0);
  ladder_presentation_go_to (pr, 1);
  g_assert_false (ladder_presentation_is_asking (pr));
  ladder_presentation_set_playing (pr, FALSE);
  g_assert_cmpuint (ladder_presentation_get_step (pr), <, n);
  ladder_test_story_clear (&f);
}

/* Keys, as the X server types them. */

#define SCREEN_W 1920
#define SCREEN_H 1080

#ifdef HAVE_X11
typedef int (*FakeKeyEvent) (Display *display, unsigned int keycode, Bool is_press, unsigned long delay);
static FakeKeyEvent fake_key_event;
#endif
static const char *no_keys;   /* why keys cannot be typed here */

static void
keys_init (void)
{
#ifdef HAVE_X11
  void *lib;

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      no_keys = "the display is not X11 (XTest types the keys)";
      return;
    }
  lib = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);
  fake_key_event = lib != NULL ? (FakeKeyEvent) dlsym (lib, "XTestFakeKeyEvent") : NULL;
  if (fake_key_event == NULL)
    no_keys = "libXtst.so.6 (the X server's XTest extension's client) is not installed";
#else
  no_keys = "built without X11";
#endif
}

static gboolean
keys_skip (void)
{
  if (no_keys == NULL)
    return FALSE;
  g_test_skip (no_keys);
  return TRUE;
}

/* Presses and releases KEYVAL (GDK keyvals are X keysyms) with the
 * presenter focused, as a keyboard would. */
static void
press (LadderPresenter *p, guint keyval)
{
#ifdef HAVE_X11
  Display *x = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (p)));
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (p)));
  KeyCode code = XKeysymToKeycode (x, keyval);

  g_assert_cmpuint (code, !=, 0);
  XSetInputFocus (x, xid, RevertToParent, CurrentTime);
  fake_key_event (x, code, True, CurrentTime);
  fake_key_event (x, code, False, CurrentTime);
  XSync (x, False);
#endif
  ladder_test_run_for (80);
}

static void
type_number (LadderPresenter *p, guint number)
{
  g_autofree char *digits = g_strdup_printf ("%u", number);

  for (const char *c = digits; *c != '\0'; c++)
    press (p, GDK_KEY_0 + (guint) (*c - '0'));
}

/* Windows at projector size. */

static void
wait_laid_out (LadderPresenter *p)
{
  LadderDiagramView *view = LADDER_DIAGRAM_VIEW (ladder_presenter_get_diagram (p));

  for (guint i = 0; i < 400 && (ladder_diagram_view_is_busy (view) || gtk_widget_get_width (GTK_WIDGET (p)) < SCREEN_W); i++)
    ladder_test_run_for (25);
  ladder_test_run_for (150);
  g_assert_false (ladder_diagram_view_is_busy (view));
}

static LadderPresenter *
present (LadderCapture *capture, LadderAnalysis *analysis, LadderPresenterView kind, gint which)
{
  g_autoptr (GError) error = NULL;
  LadderPresenter *p = ladder_presenter_new_for_view (capture, analysis, kind, which, &error);

  g_assert_no_error (error);
  g_object_ref_sink (p);
  ladder_presenter_show (p, NULL);
  wait_laid_out (p);
  /* Full screen on Xvfb's one 1920x1080 monitor (no window manager: the
   * presenter sizes itself to the monitor). */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (p)), ==, SCREEN_W);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (p)), ==, SCREEN_H);
  return p;
}

static void
finish (LadderPresenter *p)
{
  gtk_window_destroy (GTK_WINDOW (p));
  ladder_test_run_for (50);
  g_assert_finalize_object (p);
}

/* The whole screen as the projector shows it. */
static void
screenshot (LadderPresenter *p, const char *name)
{
  const char *dir = g_getenv ("LADDER_SCREENSHOT_DIR");
  g_autofree char *import = g_find_program_in_path ("import");
  g_autofree char *path = NULL;
  int status = 0;

  ladder_test_run_for (150);
  if (dir == NULL)
    return;
  if (import == NULL || g_getenv ("DISPLAY") == NULL)
    {
      ladder_test_screenshot (GTK_WIDGET (p), name);
      return;
    }
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  {
    const char *argv[] = { import, "-window", "root", path, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                                 &status, NULL));
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("screenshot: %s", path);
}

static guint
find_step (LadderStory *story, guint from, const char *words)
{
  for (guint i = from; i < ladder_story_get_n_steps (story); i++)
    if (ladder_story_get_step (story, i)->packet != 0 && strstr (ladder_story_get_step (story, i)->caption, words))
      return i;
  g_error ("no step from %u says \"%s\"", from, words);
}

static guint
find_kind (LadderStory *story, guint from, LadderStoryKind kind, const char *words)
{
  for (guint i = from; i < ladder_story_get_n_steps (story); i++)
    if (ladder_story_get_step (story, i)->kind == kind && strstr (ladder_story_get_step (story, i)->caption, words))
      return i;
  g_error ("no step from %u of kind %d says \"%s\"", from, kind, words);
}

static void
assert_current_packet (LadderPresenter *p)
{
  LadderPresentation *pr = ladder_presenter_get_presentation (p);
  const LadderStoryStep *step = ladder_presentation_get_current (pr);
  guint packet = 0;

  g_object_get (p, "current-packet", &packet, NULL);
  if (ladder_presentation_is_asking (pr) || step->packet == 0)
    g_assert_cmpuint (packet, ==, G_MAXUINT);
  else
    g_assert_cmpuint (packet, ==, step->packet);
}

/* The latest event shown is in the middle of the view (below the pinned
 * host names), or the view is scrolled as far as it goes. */
static void
assert_centred (LadderPresenter *p)
{
  LadderDiagramView *view = LADDER_DIAGRAM_VIEW (ladder_presenter_get_diagram (p));
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  double y, value = gtk_adjustment_get_value (vadj), page = gtk_adjustment_get_page_size (vadj);
  double zoom = ladder_diagram_view_get_zoom (view);
  double header = ladder_diagram_get_pinned_header_height (ladder_diagram_view_get_diagram (view)) * zoom;

  g_assert_true (ladder_diagram_get_current_y (ladder_diagram_view_get_diagram (view), &y));
  g_test_message ("current event at y %.0f; view %.0f to %.0f of %.0f", y * zoom, value, value + page,
                  gtk_adjustment_get_upper (vadj));
  g_assert_cmpfloat (y * zoom, >=, value + (value > 0 ? header : 0));
  g_assert_cmpfloat (y * zoom, <=, value + page);
  if (value > 0 && value + page < gtk_adjustment_get_upper (vadj) - 1)
    g_assert_cmpfloat (fabs (y * zoom - (value + (page + header) / 2)), <, page * 0.05);
}

/* Pixels of the diagram painted other than its background, as of the
 * step shown. */
static guint
painted_pixels (LadderDiagramView *view)
{
  LadderDiagram *d = ladder_diagram_view_get_diagram (view);
  double w, h;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint32 *px, bg;
  guint n = 0;

  ladder_diagram_get_size (d, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (w), (int) ceil (h));
  cr = cairo_create (surface);
  ladder_diagram_paint (d, cr, 0, 0, w, h, 0);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  px = (guint32 *) cairo_image_surface_get_data (surface);
  bg = px[0];
  for (int i = 0; i < cairo_image_surface_get_width (surface) * cairo_image_surface_get_height (surface); i++)
    n += (px[i] & 0xffffff) != (bg & 0xffffff);
  cairo_surface_destroy (surface);
  return n;
}

/* Every key, on a fixture. */

static void
test_keys (void)
{
  LadderTestStory f;
  LadderPresenter *p;
  LadderPresentation *pr;
  const guint forward[] = { GDK_KEY_Right, GDK_KEY_Down, GDK_KEY_Page_Down, GDK_KEY_space, GDK_KEY_Return };
  const guint back[] = { GDK_KEY_Left, GDK_KEY_Up, GDK_KEY_Page_Up };
  gboolean auto_ask = TRUE;
  guint n, target, before;

  if (keys_skip ())
    return;
  ladder_test_story_load (&f, "tcp-echo-v4.pcap");
  p = present (f.capture, f.analysis, LADDER_PRESENTER_LADDER, -1);
  pr = ladder_presenter_get_presentation (p);
  n = ladder_presenter_get_n_steps (p);
  g_assert_cmpuint (n, >=, 10);

  /* A: quizzes are not asked, so every key moves one step. */
  press (p, GDK_KEY_a);
  g_object_get (pr, "auto-ask", &auto_ask, NULL);
  g_assert_false (auto_ask);
  for (guint i = 0; i < G_N_ELEMENTS (forward); i++)
    {
      before = ladder_presenter_get_step (p);
      press (p, forward[i]);
      g_assert_cmpuint (ladder_presenter_get_step (p), ==, before + 1);
      g_assert_false (ladder_presenter_is_asking (p));
      g_assert_cmpstr (ladder_presenter_get_caption (p), ==, ladder_story_get_step (f.story, before + 1)->caption);
      assert_current_packet (p);
    }
  for (guint i = 0; i < G_N_ELEMENTS (back); i++)
    {
      before = ladder_presenter_get_step (p);
      press (p, back[i]);
      g_assert_cmpuint (ladder_presenter_get_step (p), ==, before - 1);
    }
  press (p, GDK_KEY_End);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, n - 1);
  press (p, GDK_KEY_Right);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, n - 1);
  press (p, GDK_KEY_Home);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, 0);

  /* A number, shown as it is typed, then Enter. */
  target = n / 2 + 1;
  type_number (p, target);
  {
    g_autofree char *shown = g_strdup_printf ("Go to step %u_", target);
    g_assert_cmpstr (ladder_presenter_get_status (p, "typed"), ==, shown);
  }
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, 0);
  screenshot (p, "presenter-keys-typed.png");
  press (p, GDK_KEY_Return);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, target - 1);
  g_assert_cmpstr (ladder_presenter_get_status (p, "typed"), ==, "");
  {
    g_autofree char *counter = g_strdup_printf ("Step %u of %u", target, n);
    g_assert_cmpstr (ladder_presenter_get_status (p, "counter"), ==, counter);
  }
  /* Escape forgets a number half typed and leaves the window open; a step
   * that does not exist is said so. */
  press (p, GDK_KEY_9);
  press (p, GDK_KEY_Escape);
  g_assert_cmpstr (ladder_presenter_get_status (p, "typed"), ==, "");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (p)));
  type_number (p, 999);
  press (p, GDK_KEY_Return);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, target - 1);
  g_assert_nonnull (strstr (ladder_presenter_get_status (p, "message"), "There is no step 999"));

  /* Play at 2 steps per second (= doubles the pace), pause. */
  press (p, GDK_KEY_Home);
  press (p, GDK_KEY_equal);
  {
    double sps = 0;
    g_object_get (pr, "steps-per-second", &sps, NULL);
    g_assert_cmpfloat (sps, ==, 2.0);
  }
  press (p, GDK_KEY_p);
  g_assert_true (ladder_presentation_get_playing (pr));
  g_assert_true (g_str_has_prefix (ladder_presenter_get_status (p, "play"), "\u25b6 Playing, 2 steps/s"));
  ladder_test_run_for (1700);
  before = ladder_presenter_get_step (p);
  g_test_message ("played %u steps in 1.78 s at 2 steps/s", before);
  g_assert_cmpuint (before, >=, 2);
  g_assert_cmpuint (before, <=, 5);
  press (p, GDK_KEY_p);
  g_assert_false (ladder_presentation_get_playing (pr));
  before = ladder_presenter_get_step (p);
  ladder_test_run_for (1200);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, before);
  /* T: the capture's own time, slowed down. */
  press (p, GDK_KEY_t);
  {
    LadderPaceMode mode;
    g_object_get (pr, "pace-mode", &mode, NULL);
    g_assert_cmpint (mode, ==, LADDER_PACE_REAL_TIME);
  }
  g_assert_cmpuint (ladder_presentation_get_wait_ms (pr), >=, 100);
  g_assert_cmpuint (ladder_presentation_get_wait_ms (pr), <=, 6000);

  /* G: later events ghosted, then hidden again. */
  press (p, GDK_KEY_Home);
  {
    LadderDiagramView *view = LADDER_DIAGRAM_VIEW (ladder_presenter_get_diagram (p));
    guint hidden = painted_pixels (view), ghosted;

    press (p, GDK_KEY_g);
    g_assert_true (ladder_presentation_get_ghost (pr));
    g_assert_true (ladder_diagram_view_get_ghost_later (view));
    g_assert_cmpstr (ladder_presenter_get_status (p, "mode"), ==, "Questions: not asked (A) \u00b7 Later: ghosted (G)");
    ghosted = painted_pixels (view);
    g_test_message ("step 1: %u pixels painted with later events hidden, %u ghosted", hidden, ghosted);
    g_assert_cmpuint (ghosted, >, hidden + hidden / 2);
    screenshot (p, "presenter-keys-ghosted.png");
    press (p, GDK_KEY_g);
    g_assert_false (ladder_diagram_view_get_ghost_later (view));
    g_assert_cmpuint (painted_pixels (view), ==, hidden);
  }

  /* Q asks what happens next, a digit answers, R reveals. */
  press (p, GDK_KEY_q);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, 1);
  g_assert_true (ladder_presenter_is_asking (p));
  g_assert_cmpstr (ladder_presenter_get_caption (p), ==, ladder_story_get_step (f.story, 1)->quiz->question);
  assert_current_packet (p);
  screenshot (p, "presenter-keys-asked.png");
  press (p, GDK_KEY_2);
  g_assert_false (ladder_presenter_is_asking (p));
  g_assert_cmpint (ladder_presentation_get_picked (pr), ==, 1);
  g_assert_cmpstr (ladder_presenter_get_caption (p), ==, ladder_story_get_step (f.story, 1)->caption);
  assert_current_packet (p);
  screenshot (p, "presenter-keys-answered.png");
  press (p, GDK_KEY_Home);
  press (p, GDK_KEY_q);
  g_assert_true (ladder_presenter_is_asking (p));
  press (p, GDK_KEY_r);
  g_assert_false (ladder_presenter_is_asking (p));
  g_assert_cmpint (ladder_presentation_get_picked (pr), ==, -1);
  g_assert_true (ladder_presentation_was_asked (pr));
  /* Auto-ask again: Right stops at the question first. */
  press (p, GDK_KEY_a);
  press (p, GDK_KEY_Home);
  press (p, GDK_KEY_Right);
  g_assert_true (ladder_presenter_is_asking (p));
  press (p, GDK_KEY_Right);
  g_assert_false (ladder_presenter_is_asking (p));
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, 1);

  /* Escape leaves. */
  press (p, GDK_KEY_Escape);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (p)));
  ladder_test_run_for (50);
  g_assert_finalize_object (p);
  ladder_test_story_clear (&f);
}

/* Projector scale, measured. */

/* The smallest font (px) Pango chose for LABEL's text. */
static double
label_font_px (GtkLabel *label)
{
  PangoLayoutIter *iter = pango_layout_get_iter (gtk_label_get_layout (label));
  double min = G_MAXDOUBLE;

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      if (run != NULL)
        {
          PangoFontDescription *desc = pango_font_describe_with_absolute_size (run->item->analysis.font);
          min = MIN (min, pango_font_description_get_size (desc) / (double) PANGO_SCALE);
          pango_font_description_free (desc);
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
  return min;
}

/* The smallest text of every label shown in WIDGET; SEEN collects them
 * (a label can be reached more than once: a drop-down's button and popover). */
static double
min_label_px (GtkWidget *widget, GHashTable *seen)
{
  double min = G_MAXDOUBLE;

  if (!gtk_widget_get_mapped (widget))
    return min;
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    {
      min = label_font_px (GTK_LABEL (widget));
      if (g_hash_table_add (seen, widget) && (min < 24.0 || g_getenv ("LADDER_TEST_LIST_LABELS")))
        g_test_message ("%.1f px: \"%s\" in a %s", min, gtk_label_get_text (GTK_LABEL (widget)),
                        G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    min = MIN (min, min_label_px (child, seen));
  return min;
}

static double
luminance (const double rgb[3])
{
  double c[3];

  for (int i = 0; i < 3; i++)
    c[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : pow ((rgb[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/* WCAG's contrast ratio. */
static double
contrast (const double a[3], const double b[3])
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* The colour of the window's pixel (X, Y) as rendered. */
static void
window_pixel (LadderPresenter *p, int x, int y, double rgb[3])
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (p));
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int w = gtk_widget_get_width (GTK_WIDGET (p)), h = gtk_widget_get_height (GTK_WIDGET (p));
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);
  guint32 px;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (p)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_texture_download (texture, data, (gsize) w * 4);
  px = ((guint32 *) data)[y * w + x];   /* CAIRO_FORMAT_ARGB32, opaque */
  rgb[0] = ((px >> 16) & 0xff) / 255.0;
  rgb[1] = ((px >> 8) & 0xff) / 255.0;
  rgb[2] = (px & 0xff) / 255.0;
}

static void
check_projector_scale (LadderPresenter *p, gboolean dark)
{
  LadderDiagramView *view = LADDER_DIAGRAM_VIEW (ladder_presenter_get_diagram (p));
  LadderDiagram *d = ladder_diagram_view_get_diagram (view);
  GtkWidget *caption = ladder_presenter_get_caption_label (p);
  double zoom = ladder_diagram_view_get_zoom (view), text_px, min_px = G_MAXDOUBLE, bg[3], fg[3];
  LadderDiagramTextColors pairs[16];
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint n_labels, n_pairs;
  GdkRGBA color;
  gboolean view_dark = !dark;

  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (p), dark ? "dark" : "light"));
  g_object_get (view, "dark", &view_dark, NULL);
  g_assert_cmpint (view_dark, ==, dark);
  /* Every label shown: caption, quiz, status line. */
  text_px = min_label_px (GTK_WIDGET (p), seen);
  n_labels = g_hash_table_size (seen);
  g_test_message ("%s: %u labels, smallest text %.1f px, caption %.1f px", dark ? "dark" : "light", n_labels,
                  text_px, label_font_px (GTK_LABEL (caption)));
  g_assert_cmpuint (n_labels, >=, 8);
  g_assert_cmpfloat (text_px, >=, 24.0);
  /* The diagram's text (every role) and arrows, at the zoom shown. */
  for (int role = 0; role < 6; role++)
    min_px = MIN (min_px, ladder_diagram_get_text_px (d, role) * zoom);
  g_test_message ("diagram: zoom %.2f, smallest text %.1f px, thinnest arrow %.2f px", zoom, min_px,
                  ladder_diagram_get_min_arrow_width (d) * zoom);
  g_assert_cmpfloat (min_px, >=, 24.0);
  g_assert_cmpfloat (ladder_diagram_get_min_arrow_width (d) * zoom, >=, 3.0);
  /* Contrast: the caption's colour on the window's rendered background. */
  gtk_style_context_get_color (gtk_widget_get_style_context (caption), &color);
  fg[0] = color.red, fg[1] = color.green, fg[2] = color.blue;
  window_pixel (p, 4, 4, bg);
  g_test_message ("caption contrast %.2f:1", contrast (fg, bg));
  g_assert_cmpfloat (contrast (fg, bg), >=, 7.0);
  /* ... and every text colour of the diagram on its grounds. */
  n_pairs = ladder_diagram_get_text_colors (d, pairs, G_N_ELEMENTS (pairs));
  g_assert_cmpuint (n_pairs, <=, G_N_ELEMENTS (pairs));
  for (guint i = 0; i < n_pairs; i++)
    {
      g_test_message ("diagram %s: %.2f:1", pairs[i].what, contrast (pairs[i].text, pairs[i].ground));
      g_assert_cmpfloat (contrast (pairs[i].text, pairs[i].ground), >=, 7.0);
    }
}

static void
test_projector_scale (void)
{
  LadderTestStory f;
  g_autoptr (LadderApplication) app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);   /* style.css */
  GtkSettings *settings = gtk_settings_get_default ();

  ladder_test_story_load (&f, "tcp-echo-v4.pcap");
  for (int dark = 0; dark <= 1; dark++)
    {
      LadderPresenter *p;

      g_object_set (settings, "gtk-application-prefer-dark-theme", dark, NULL);
      p = present (f.capture, f.analysis, LADDER_PRESENTER_LADDER, -1);
      /* At a quiz, so its choices are measured too. */
      g_assert_true (ladder_presentation_ask (ladder_presenter_get_presentation (p)));
      ladder_test_run_for (300);
      check_projector_scale (p, dark);
      screenshot (p, dark ? "presenter-scale-dark.png" : "presenter-scale-light.png");
      finish (p);
    }
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
  ladder_test_story_clear (&f);
}


/* Fits the screen, measured. */

/* The x extent of the ink of everything DIAGRAM paints (its units). */
static void
ink_extents (LadderDiagram *d, double *x0, double *x1)
{
  cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (rec);
  double w, h, x, y, iw, ih;

  ladder_diagram_get_size (d, &w, &h);
  ladder_diagram_paint (d, cr, 0, 0, w, h, 0);
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (rec, &x, &y, &iw, &ih);
  cairo_surface_destroy (rec);
  *x0 = x;
  *x1 = x + iw;
}

static GtkWidget *
find_type (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
wait_view (LadderPresenter *p)
{
  LadderDiagramView *view = LADDER_DIAGRAM_VIEW (ladder_presenter_get_diagram (p));

  ladder_test_run_for (100);
  for (guint i = 0; i < 400 && ladder_diagram_view_is_busy (view); i++)
    ladder_test_run_for (25);
  ladder_test_run_for (100);
  g_assert_false (ladder_diagram_view_is_busy (view));
}

/* At the last step (everything painted): the ladder's ink lies within the
 * view, nothing scrolls sideways, its text at MIN_TEXT px or more (24 at
 * projector scale; less only where a diagram cannot be laid out to the
 * width and is shown smaller) and its arrows 3 px (at projector scale).
 * Returns the smallest text's size. */
static double
check_fits_at (LadderPresenter *p, const char *what, double min_text)
{
  LadderDiagramView *view = LADDER_DIAGRAM_VIEW (ladder_presenter_get_diagram (p));
  GtkAdjustment *hadj = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
  LadderDiagram *d;
  double zoom, x0, x1, w, h, min_px = G_MAXDOUBLE;
  int view_w = gtk_widget_get_width (GTK_WIDGET (view));

  g_object_set (ladder_presenter_get_presentation (p), "auto-ask", FALSE, NULL);
  ladder_presentation_last (ladder_presenter_get_presentation (p));
  wait_view (p);
  d = ladder_diagram_view_get_diagram (view);
  g_assert_nonnull (d);
  zoom = ladder_diagram_view_get_zoom (view);
  ladder_diagram_get_size (d, &w, &h);
  ink_extents (d, &x0, &x1);
  for (int role = 0; role < 6; role++)
    min_px = MIN (min_px, ladder_diagram_get_text_px (d, role) * zoom);
  g_test_message ("%s: view %d px wide; diagram %.0f px at zoom %.2f, ink %.0f to %.0f px; "
                  "horizontal scroll %.0f of %.0f; smallest text %.1f px, thinnest arrow %.2f px", what, view_w,
                  w * zoom, zoom, x0 * zoom, x1 * zoom, gtk_adjustment_get_page_size (hadj),
                  gtk_adjustment_get_upper (hadj), min_px, ladder_diagram_get_min_arrow_width (d) * zoom);
  g_assert_cmpfloat (x0, >=, -0.5);
  /* Ink extents are rounded out to whole diagram units. */
  g_assert_cmpfloat (x1, <=, ceil (view_w / zoom + 0.5));
  g_assert_cmpfloat (w * zoom, <=, view_w + 0.5);
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadj), <=, gtk_adjustment_get_page_size (hadj) + 0.5);
  g_assert_cmpfloat (min_px, >=, min_text);
  if (zoom == 1.0)
    g_assert_cmpfloat (ladder_diagram_get_min_arrow_width (d) * zoom, >=, 3.0);
  return min_px;
}

static void
check_fits (LadderPresenter *p, const char *what)
{
  g_assert_cmpfloat (check_fits_at (p, what, 24.0), >=, 24.0);
  g_assert_cmpfloat (ladder_diagram_view_get_zoom (LADDER_DIAGRAM_VIEW (ladder_presenter_get_diagram (p))), ==, 1.0);
}

/* The packet spotlight is shown below the ladder from the start, its text
 * at 24 px at least and not shrunk; H hides and shows it. */
static void
check_spotlight_shown (LadderPresenter *p)
{
  GtkWidget *panel = find_type (GTK_WIDGET (p), LADDER_TYPE_SPOTLIGHT_PANEL);
  LadderSpotlightView *spot;
  double font_scale = 0;

  g_assert_nonnull (panel);
  g_assert_true (gtk_widget_get_mapped (panel));
  spot = ladder_spotlight_panel_get_spotlight (LADDER_SPOTLIGHT_PANEL (panel));
  g_object_get (spot, "font-scale", &font_scale, NULL);
  g_test_message ("spotlight: %d x %d px, body text %.1f px at scale %.2f", gtk_widget_get_width (GTK_WIDGET (spot)),
                  gtk_widget_get_height (GTK_WIDGET (spot)), 16 * font_scale * ladder_spotlight_view_get_scale (spot),
                  ladder_spotlight_view_get_scale (spot));
  g_assert_nonnull (ladder_spotlight_view_get_model (spot));
  g_assert_cmpfloat (ladder_spotlight_view_get_scale (spot), ==, 1.0);
  g_assert_cmpfloat (16 * font_scale * ladder_spotlight_view_get_scale (spot), >=, 24.0);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (spot)), >=, 200);
}

/* At a packet sent by a call under way (connect()'s SYN): that call's box
 * is in view from its top, below the pinned host names, as well as the
 * packet. */
static void
check_sending_call_in_view (LadderPresenter *p)
{
  LadderDiagramView *view = LADDER_DIAGRAM_VIEW (ladder_presenter_get_diagram (p));
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  LadderDiagram *d = ladder_diagram_view_get_diagram (view);
  double zoom = ladder_diagram_view_get_zoom (view), context;
  double value = gtk_adjustment_get_value (vadj);
  double top = value + (value > 0 ? ladder_diagram_get_pinned_header_height (d) * zoom : 0);

  double x0, y0, x1, y1;

  g_assert_true (ladder_diagram_get_current_context (d, &context));
  g_assert_true (ladder_diagram_get_current_extent (d, &x0, &y0, &x1, &y1));
  g_test_message ("the packet %.0f-%.0f px, the text of the call that sent it from %.0f px; shown %.0f-%.0f px",
                  y0 * zoom, y1 * zoom, context * zoom, top, value + gtk_adjustment_get_page_size (vadj));
  g_assert_cmpfloat (context * zoom, >=, top - 0.5);
}

/* A projector may be 1024 px wide.  Full screen on it, a presenter whose
 * minimum width is larger overflows the monitor: on X11 the edge is cut
 * off, and a Wayland compositor ends the program (the fullscreen state's
 * size is a limit there).  The bar's hints give way instead. */
#define NARROW_PROJECTOR 1024

static void
check_min_width (LadderPresenter *p)
{
  int min;

  gtk_widget_measure (GTK_WIDGET (p), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_test_message ("presenter minimum width %d px", min);
  g_assert_cmpint (min, <=, NARROW_PROJECTOR);
}

static void
test_fits_width (void)
{
  LadderTestStory f;
  g_autoptr (LadderApplication) app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);
  LadderPresenter *p;
  GtkWidget *panel;

  ladder_test_story_load (&f, "lab-tcp-echo.pcapng");
  p = present (f.capture, f.analysis, LADDER_PRESENTER_LADDER, -1);
  g_object_set (ladder_presenter_get_presentation (p), "auto-ask", FALSE, NULL);
  ladder_presentation_go_to (ladder_presenter_get_presentation (p),
                             (guint) ladder_story_find_packet (f.story, 3));
  ladder_test_run_for (300);
  check_spotlight_shown (p);
  check_sending_call_in_view (p);
  check_min_width (p);
  screenshot (p, "presenter-fit-1-syn-spotlight.png");
  check_fits (p, "with the spotlight");
  panel = find_type (GTK_WIDGET (p), LADDER_TYPE_SPOTLIGHT_PANEL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "presenter.headers", NULL));
  ladder_test_run_for (200);
  g_assert_false (gtk_widget_get_mapped (panel));
  check_fits (p, "without the spotlight");
  screenshot (p, "presenter-fit-2-no-spotlight.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "presenter.headers", NULL));
  ladder_test_run_for (200);
  check_spotlight_shown (p);
  finish (p);
  ladder_test_story_clear (&f);
}

/* Every view: ladder, traceroute staircase, ping, 5-tuples. */
static void
test_views (void)
{
  const struct { const char *file; LadderPresenterView kind; gint which; } cases[] = {
    { "tcp-echo-v4.pcap", LADDER_PRESENTER_LADDER, 0 },
    { "traceroute-udp-v4.pcap", LADDER_PRESENTER_TRACEROUTE, 0 },
    { "ping-v4.pcap", LADDER_PRESENTER_PING, 0 },
    { "tcp-multi-client.pcap", LADDER_PRESENTER_TUPLES, -1 },
  };
  g_autoptr (LadderApplication) app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LadderTestStory f;
      LadderPresenter *p;
      LadderPresentation *pr;
      LadderDiagramView *view;
      guint first_pixels, last_pixels;
      g_autofree char *shot = g_strdup_printf ("presenter-view-%s.png", ladder_presenter_view_to_string (cases[i].kind));
      g_autofree char *name = NULL;

      ladder_test_story_load (&f, cases[i].file);
      p = present (f.capture, f.analysis, cases[i].kind, cases[i].which);
      pr = ladder_presenter_get_presentation (p);
      view = LADDER_DIAGRAM_VIEW (ladder_presenter_get_diagram (p));
      g_object_get (p, "view", &name, NULL);
      g_assert_cmpstr (name, ==, ladder_presenter_view_to_string (cases[i].kind));
      g_object_set (pr, "auto-ask", FALSE, NULL);
      ladder_presentation_go_to (pr, 1);
      ladder_test_run_for (100);
      first_pixels = painted_pixels (view);
      ladder_presentation_last (pr);
      ladder_test_run_for (200);
      last_pixels = painted_pixels (view);
      /* What comes later is hidden: the picture grows with the steps. */
      g_test_message ("%s: %u steps; %u pixels painted at step 2, %u at the last", name,
                      ladder_presentation_get_n_steps (pr), first_pixels, last_pixels);
      g_assert_cmpuint (last_pixels, >, first_pixels);
      assert_centred (p);
      assert_current_packet (p);
      screenshot (p, shot);
      finish (p);
      ladder_test_story_clear (&f);
    }
}

/* `wireladder --present FILE`: the window loads the file, then lecture
 * mode opens by itself, full screen. */
typedef struct
{
  GApplication *app;
  guint         n_steps;
  guint         width;
  char         *view;
  gboolean      timed_out;
} PresentRun;

static gboolean
poll_presenter (gpointer user_data)
{
  PresentRun *run = user_data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (!LADDER_IS_PRESENTER (window) || gtk_widget_get_width (GTK_WIDGET (window)) < SCREEN_W)
        continue;
      run->n_steps = ladder_presenter_get_n_steps (LADDER_PRESENTER (window));
      run->width = (guint) gtk_widget_get_width (GTK_WIDGET (window));
      g_object_get (window, "view", &run->view, NULL);
      g_application_quit (run->app);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
give_up (gpointer user_data)
{
  PresentRun *run = user_data;

  run->timed_out = TRUE;
  g_application_quit (run->app);
  return G_SOURCE_REMOVE;
}

static void
test_present_option (void)
{
  LadderTestStory f;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "tcp-echo-v4.pcap", NULL);
  g_autoptr (LadderApplication) app = ladder_test_app_new (G_APPLICATION_HANDLES_OPEN);
  char *argv[] = { (char *) "wireladder", (char *) "--present", path, NULL };
  PresentRun run = { G_APPLICATION (app), 0, 0, NULL, FALSE };
  guint give_up_id = g_timeout_add_seconds (60, give_up, &run);
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_timeout_add (100, poll_presenter, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_false (run.timed_out);
  g_source_remove (give_up_id);
  ladder_test_story_load (&f, "tcp-echo-v4.pcap");
  g_assert_cmpuint (run.n_steps, ==, ladder_story_get_n_steps (f.story));
  g_assert_cmpuint (run.width, ==, SCREEN_W);
  g_assert_cmpstr (run.view, ==, "ladder");
  g_free (run.view);
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (window);
    }
  ladder_test_run_for (50);
  ladder_test_story_clear (&f);
}

/* F5 (or the header bar's button) in the window presents the page shown. */
static LadderPresenter *
find_presenter (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (LADDER_IS_PRESENTER (window))
        return LADDER_PRESENTER (window);
    }
  return NULL;
}

static void
test_window_page (void)
{
  const struct { const char *file, *page; } cases[] = {
    { "tcp-echo-v4.pcap", "ladder" }, { "traceroute-udp-v4.pcap", "traceroute" },
    { "ping-v4.pcap", "ping" }, { "tcp-multi-client.pcap", "tuples" },
    { "tcp-echo-v4.pcap", "packets" },   /* no diagram: the ladder */
  };
  g_autoptr (LadderApplication) app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", cases[i].file, NULL);
      g_autoptr (GFile) file = g_file_new_for_path (path);
      LadderWindow *window = ladder_window_new (app);
      LadderPresenter *p;
      g_autofree char *view = NULL;

      gtk_window_present (GTK_WINDOW (window));
      ladder_window_open_file (window, file);
      for (guint t = 0; t < 400 && (ladder_window_is_loading (window) || ladder_window_get_analysis (window) == NULL); t++)
        ladder_test_run_for (25);
      gtk_stack_set_visible_child_name (window->view_stack, cases[i].page);
      ladder_test_run_for (300);
      g_action_group_activate_action (G_ACTION_GROUP (window), "present-story", NULL);
      ladder_test_run_for (300);
      p = find_presenter ();
      g_assert_nonnull (p);
      g_object_get (p, "view", &view, NULL);
      g_test_message ("%s, page %s: presented as %s", cases[i].file, cases[i].page, view);
      g_assert_cmpstr (view, ==, g_str_equal (cases[i].page, "packets") ? "ladder" : cases[i].page);
      g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (p)) == GTK_WINDOW (window));
      g_assert_true (gtk_window_get_application (GTK_WINDOW (p)) == GTK_APPLICATION (app));
      /* Xvfb has one monitor: full screen on it (a second one would be the
       * audience's: not testable here). */
      g_assert_cmpuint (g_list_model_get_n_items (gdk_display_get_monitors (gdk_display_get_default ())), ==, 1);
      g_assert_null (ladder_presenter_pick_monitor (p, GTK_WINDOW (window)));
      gtk_window_destroy (GTK_WINDOW (p));
      gtk_window_destroy (GTK_WINDOW (window));
      ladder_test_run_for (100);
      g_assert_null (find_presenter ());
    }
}

/* Real lab runs. */

static void
load_lab (LadderTestStory *f, const char *path)
{
  g_autoptr (GError) error = NULL;

  f->capture = ladder_test_lab_load (path);
  f->analysis = ladder_capture_analyse (f->capture);
  f->story = ladder_story_new (f->capture, f->analysis, -1, &error);
  g_assert_no_error (error);
}

/* Jumps to STEP (0-based) by typing its number and Enter. */
static void
jump (LadderPresenter *p, guint step)
{
  type_number (p, step + 1);
  press (p, GDK_KEY_Return);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, step);
}


/* A later sighting of FRAME's packet (the lab saw it on another link), or 0. */
static guint64
later_sighting (LadderCapture *capture, guint64 frame)
{
  LadderFrameInfo info;
  guint64 last = 0;

  for (guint64 n = frame + 1; n <= ladder_capture_get_n_frames (capture); n++)
    if (ladder_capture_get_frame (capture, n, &info) && info.sighting_of == frame)
      last = n;
  return last;
}

/* A note typed on any sighting of a lab packet (the window lists every
 * link's frame) shows at the packet's step, and the note fields of every
 * sighting show and edit that one note. */
static void
check_note_on_sightings (LadderPresenter *p, LadderTestStory *f, guint step)
{
  LadderSpotlightPanel *panel = LADDER_SPOTLIGHT_PANEL (find_type (GTK_WIDGET (p), LADDER_TYPE_SPOTLIGHT_PANEL));
  guint64 first = ladder_story_get_step (f->story, step)->packet;
  guint64 later = later_sighting (f->capture, first);
  g_autoptr (GArray) noted = NULL;
  g_autofree char *note = NULL;

  g_test_message ("packet of frame %" G_GUINT64_FORMAT " seen again as frame %" G_GUINT64_FORMAT, first, later);
  g_assert_cmpuint (later, >, first);
  g_assert_cmpint (ladder_story_find_packet (f->story, later), ==, (gint) step);
  ladder_capture_set_note (f->capture, later, "Seen on the last link");
  jump (p, step);
  if (ladder_presenter_is_asking (p))
    press (p, GDK_KEY_r);
  g_assert_cmpuint (ladder_spotlight_panel_get_packet (panel), ==, first);
  g_assert_cmpstr (ladder_spotlight_panel_get_note (panel), ==, "Note: Seen on the last link");
  g_assert_cmpstr (ladder_note_editor_get_text (ladder_spotlight_panel_get_editor (panel)), ==, "Seen on the last link");
  screenshot (p, "presenter-lab-6-note-on-later-sighting.png");
  /* Edited at the step: still one note, on the sighting that held it. */
  ladder_note_editor_edit (ladder_spotlight_panel_get_editor (panel), "Edited at its step");
  ladder_test_run_for (50);
  noted = ladder_capture_list_notes (f->capture);
  g_assert_cmpuint (noted->len, ==, 1);
  g_assert_cmpuint (g_array_index (noted, guint64, 0), ==, later);
  note = ladder_capture_dup_note (f->capture, later);
  g_assert_cmpstr (note, ==, "Edited at its step");
  g_assert_cmpstr (ladder_spotlight_panel_get_note (panel), ==, "Note: Edited at its step");
  g_assert_cmpuint (ladder_capture_find_note_frame (f->capture, first), ==, later);
  ladder_capture_set_note (f->capture, later, NULL);
}

static void
test_lab_handshake (void)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, "tcp-echo.pcapng", NULL);
  g_autoptr (LadderApplication) app = NULL;
  LadderTestStory f;
  LadderPresenter *p;
  guint syn, synack, ack;

  if (ladder_test_lab_skip (FALSE) || keys_skip ())
    return;
  app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);
  g_free (ladder_test_lab_run ("tcp-echo", NULL, path));
  load_lab (&f, path);
  syn = find_step (f.story, 0, "sends a SYN");
  synack = find_step (f.story, syn, "SYN-ACK");
  ack = find_step (f.story, synack, "three-way handshake is complete");
  p = present (f.capture, f.analysis, LADDER_PRESENTER_LADDER, -1);

  jump (p, syn);
  assert_current_packet (p);
  g_assert_nonnull (strstr (ladder_presenter_get_caption (p), "connect()"));
  screenshot (p, "presenter-lab-1-syn.png");
  /* To the SYN-ACK with Right (Space, Page Down ...): its question first. */
  while (ladder_presenter_get_step (p) < synack)
    {
      press (p, GDK_KEY_Right);
      if (ladder_presenter_get_step (p) < synack && ladder_presenter_is_asking (p))
        press (p, GDK_KEY_r);
    }
  g_assert_true (ladder_presenter_is_asking (p));
  assert_current_packet (p);
  screenshot (p, "presenter-lab-2-synack-asked.png");
  type_number (p, ladder_story_get_step (f.story, synack)->quiz->answer + 1);
  g_assert_false (ladder_presenter_is_asking (p));
  g_assert_cmpint (ladder_presentation_get_picked (ladder_presenter_get_presentation (p)), ==,
                   (gint) ladder_story_get_step (f.story, synack)->quiz->answer);
  assert_current_packet (p);
  screenshot (p, "presenter-lab-3-synack-answered.png");
  jump (p, ack);
  if (ladder_presenter_is_asking (p))
    press (p, GDK_KEY_Page_Down);
  assert_current_packet (p);
  assert_centred (p);
  screenshot (p, "presenter-lab-4-ack.png");
  /* A call and a kernel state: no packet is current; the diagram
   * outlines them and the view follows them across. */
  jump (p, find_kind (f.story, 0, LADDER_STORY_CALL_RETURN, "accept()"));
  if (ladder_presenter_is_asking (p))
    press (p, GDK_KEY_r);
  assert_current_packet (p);
  assert_centred (p);
  screenshot (p, "presenter-lab-4b-accept.png");
  jump (p, find_kind (f.story, ack, LADDER_STORY_STATE, "ESTABLISHED"));
  if (ladder_presenter_is_asking (p))
    press (p, GDK_KEY_r);
  assert_current_packet (p);
  screenshot (p, "presenter-lab-4c-state.png");
  press (p, GDK_KEY_End);
  if (ladder_presenter_is_asking (p))
    press (p, GDK_KEY_space);
  assert_centred (p);
  screenshot (p, "presenter-lab-5-end.png");
  check_spotlight_shown (p);
  check_note_on_sightings (p, &f, syn);
  check_fits (p, "real tcp-echo run");
  finish (p);
  ladder_test_story_clear (&f);
  g_unlink (path);
}

/* The current event's box as drawn (widget pixels) lies within what the
 * view shows below the pinned host names; FALSE when the step has none. */
static gboolean
check_event_in_view (LadderPresenter *p, guint step, double *room)
{
  LadderDiagramView *view = LADDER_DIAGRAM_VIEW (ladder_presenter_get_diagram (p));
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  GtkAdjustment *hadj = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
  LadderDiagram *d = ladder_diagram_view_get_diagram (view);
  double zoom = ladder_diagram_view_get_zoom (view), x0, y0, x1, y1;
  double value = gtk_adjustment_get_value (vadj), page = gtk_adjustment_get_page_size (vadj);
  double left = gtk_adjustment_get_value (hadj), width = gtk_adjustment_get_page_size (hadj);
  double top = value + (value > 0 ? ladder_diagram_get_pinned_header_height (d) * zoom : 0);

  if (!ladder_diagram_get_current_extent (d, &x0, &y0, &x1, &y1))
    return FALSE;
  g_test_message ("step %u: event %.0f-%.0f x %.0f-%.0f px; shown %.0f-%.0f x %.0f-%.0f", step + 1, x0 * zoom,
                  x1 * zoom, y0 * zoom, y1 * zoom, left, left + width, top, value + page);
  g_assert_cmpfloat (y0 * zoom, >=, top - 0.5);
  g_assert_cmpfloat (y1 * zoom, <=, value + page + 0.5);
  g_assert_cmpfloat (x0 * zoom, >=, left - 0.5);
  g_assert_cmpfloat (x1 * zoom, <=, left + width + 0.5);
  *room = MIN (*room, MIN (y0 * zoom - top, value + page - y1 * zoom));
  return TRUE;
}

/* Every step of a real run, the spotlight shown: what the step is about is
 * wholly on screen (the SYN from the client to where it arrives; a call's
 * text; a state and its name). */
static void
test_lab_every_step (void)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, "tcp-echo-steps.pcapng", NULL);
  g_autoptr (LadderApplication) app = NULL;
  LadderTestStory f;
  LadderPresenter *p;
  LadderPresentation *pr;
  GtkWidget *view;
  guint n_events = 0;
  double room = G_MAXDOUBLE;

  if (ladder_test_lab_skip (FALSE))
    return;
  app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);
  g_free (ladder_test_lab_run ("tcp-echo", NULL, path));
  load_lab (&f, path);
  p = present (f.capture, f.analysis, LADDER_PRESENTER_LADDER, -1);
  pr = ladder_presenter_get_presentation (p);
  view = ladder_presenter_get_diagram (p);
  g_object_set (pr, "auto-ask", FALSE, NULL);
  g_assert_true (gtk_widget_get_mapped (find_type (GTK_WIDGET (p), LADDER_TYPE_SPOTLIGHT_PANEL)));
  g_test_message ("ladder view %d x %d px in a %d x %d window", gtk_widget_get_width (view),
                  gtk_widget_get_height (view), gtk_widget_get_width (GTK_WIDGET (p)),
                  gtk_widget_get_height (GTK_WIDGET (p)));
  for (guint step = 0; step < ladder_presentation_get_n_steps (pr); step++)
    {
      ladder_presentation_go_to (pr, step);
      ladder_test_run_for (40);
      n_events += check_event_in_view (p, step, &room);
      if (step == (guint) find_step (f.story, 0, "sends a SYN"))
        {
          check_sending_call_in_view (p);
          screenshot (p, "presenter-steps-syn.png");
        }
    }
  g_test_message ("%u of %u steps have an event drawn, each wholly in view; least room %.0f px",
                  n_events, ladder_presentation_get_n_steps (pr), room);
  g_assert_cmpuint (n_events, >=, ladder_presentation_get_n_steps (pr) / 2);
  finish (p);
  ladder_test_story_clear (&f);
  g_unlink (path);
}

static void
test_lab_traceroute (void)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, "traceroute.pcapng", NULL);
  g_autoptr (LadderApplication) app = NULL;
  LadderTestStory f;
  LadderPresenter *p;
  guint expired, arrived;

  if (ladder_test_lab_skip (FALSE) || keys_skip ())
    return;
  app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);
  g_free (ladder_test_lab_run ("traceroute", NULL, path));
  load_lab (&f, path);
  expired = find_step (f.story, 0, "Time Exceeded");
  arrived = find_step (f.story, 0, "Port Unreachable");
  p = present (f.capture, f.analysis, LADDER_PRESENTER_TRACEROUTE, -1);
  press (p, GDK_KEY_a);   /* told, not asked */
  jump (p, expired);
  assert_current_packet (p);
  g_assert_nonnull (strstr (ladder_presenter_get_caption (p), "TTL"));
  assert_centred (p);
  screenshot (p, "presenter-lab-traceroute-1-expired.png");
  jump (p, arrived);
  assert_current_packet (p);
  assert_centred (p);
  screenshot (p, "presenter-lab-traceroute-2-arrived.png");
  press (p, GDK_KEY_g);
  screenshot (p, "presenter-lab-traceroute-3-ghosted.png");
  press (p, GDK_KEY_End);
  assert_centred (p);
  screenshot (p, "presenter-lab-traceroute-4-end.png");
  /* Client, three routers and the server: the staircase on one screen. */
  check_fits (p, "traceroute staircase, 3 routers");
  check_event_in_view (p, ladder_presenter_get_step (p), &(double) { G_MAXDOUBLE });
  finish (p);
  /* The same run as a ladder of five hosts: narrowed gaps and arrow
   * labels on two lines, at full size. */
  p = present (f.capture, f.analysis, LADDER_PRESENTER_LADDER, -1);
  check_fits (p, "ladder of the traceroute run, 5 hosts");
  screenshot (p, "presenter-lab-traceroute-5-ladder.png");
  finish (p);
  ladder_test_story_clear (&f);
  g_unlink (path);
}

/* The select() server and two clients (three conversations) as one ladder
 * and as 5-tuple cards. */
static void
test_lab_many_clients (void)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, "select-chat.pcapng", NULL);
  g_autoptr (LadderApplication) app = NULL;
  LadderTestStory f;
  LadderPresenter *p;
  double room = G_MAXDOUBLE;

  if (ladder_test_lab_skip (FALSE))
    return;
  app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);
  g_free (ladder_test_lab_run ("select-chat", NULL, path));
  load_lab (&f, path);
  g_assert_cmpuint (ladder_conversations_get_n_items (ladder_analysis_get_conversations (f.analysis)), >=, 3);
  p = present (f.capture, f.analysis, LADDER_PRESENTER_LADDER, -1);
  check_fits (p, "select-chat ladder, 2 clients");
  screenshot (p, "presenter-lab-many-clients-end.png");
  ladder_presentation_go_to (ladder_presenter_get_presentation (p),
                             find_step (f.story, 0, "sends a SYN"));
  ladder_test_run_for (100);
  check_event_in_view (p, ladder_presenter_get_step (p), &room);
  check_sending_call_in_view (p);
  screenshot (p, "presenter-lab-many-clients-syn.png");
  finish (p);
  /* Their 5-tuples: each card's summary on a line of its own. */
  p = present (f.capture, f.analysis, LADDER_PRESENTER_TUPLES, -1);
  check_fits (p, "select-chat 5-tuples");
  screenshot (p, "presenter-lab-many-clients-tuples.png");
  finish (p);
  ladder_test_story_clear (&f);
  g_unlink (path);
}

int
main (int argc, char *argv[])
{
  int status;

  if (!ladder_test_app_init (&argc, &argv))
    return 0;
  ladder_test_lab_init ("presenter");
  keys_init ();
  g_test_add_func ("/ladder/presenter/steps-and-quizzes", test_steps_and_quizzes);
  g_test_add_func ("/ladder/presenter/bad-conversation", test_bad_conversation);
  g_test_add_func ("/ladder/presenter/presentation", test_presentation);
  g_test_add_func ("/ladder/presenter/keys", test_keys);
  g_test_add_func ("/ladder/presenter/projector-scale", test_projector_scale);
  g_test_add_func ("/ladder/presenter/views", test_views);
  g_test_add_func ("/ladder/presenter/fits-width", test_fits_width);
  g_test_add_func ("/ladder/presenter/present-option", test_present_option);
  g_test_add_func ("/ladder/presenter/window-page", test_window_page);
  g_test_add_func ("/ladder/presenter/lab-handshake", test_lab_handshake);
  g_test_add_func ("/ladder/presenter/lab-traceroute", test_lab_traceroute);
  g_test_add_func ("/ladder/presenter/lab-every-step", test_lab_every_step);
  g_test_add_func ("/ladder/presenter/lab-many-clients", test_lab_many_clients);
  status = g_test_run ();
  ladder_test_lab_finish ();
  return status;
}
