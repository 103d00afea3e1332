/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sockets-view.c: the Sockets view (LadderSocketsView) under Xvfb,
 * driven through its properties on a capture recorded by a real lab run
 * (tests/draw/data/lab-tcp-echo.pcapng), at a projector's font scale.
 * Saves screenshots in $LADDER_SCREENSHOT_DIR. */
#include <gtk/gtk.h>
#include <string.h>

#include "ladder-application.h"
#include "ladder-load.h"
#include "ladder-presenter.h"
#include "ladder-sockets-view.h"
#include "ladder-test-app.h"
#include "ladder-window.h"

static LadderApplication *app;

/* Every label the view shows, in order. */
static void
collect_labels (GtkWidget *widget, GPtrArray *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, out);
}

static GtkWidget *
find_label (GPtrArray *labels, const char *prefix, const char *contains)
{
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (labels->pdata[i]);
      if (g_str_has_prefix (text, prefix) && (contains == NULL || strstr (text, contains) != NULL))
        return labels->pdata[i];
    }
  return NULL;
}

/* A screenshot once the view has a size, which it must get. */
static void
screenshot (GtkWidget *widget, const char *name)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (gtk_widget_get_width (widget) <= 0 && g_get_monotonic_time () < deadline)
    ladder_test_run_for (50);
  ladder_test_run_for (200);
  g_assert_cmpint (gtk_widget_get_width (widget), >, 0);
  g_assert_true (ladder_test_screenshot (widget, name));
}

static LadderCapture *
load_recorded (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "draw", "data", name, NULL);
  LadderCapture *capture = ladder_capture_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (ladder_load_file (capture, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return capture;
}

/* The first packet at which the server holds two sockets: the listener and
 * the one accept() returned. */
static guint64
step_to_accept (GtkWidget *view, guint64 n_frames)
{
  for (guint64 p = 1; p <= n_frames; p++)
    {
      g_autoptr (GPtrArray) labels = g_ptr_array_new ();
      g_object_set (view, "packet", p, NULL);
      collect_labels (view, labels);
      if (find_label (labels, "ESTAB", NULL) != NULL
          && find_label (labels, "users:((\"tcp-echo-server\"", "fd=5") != NULL)
        return p;
    }
  g_assert_not_reached ();
}

static void
test_tcp_echo (void)
{
  g_autoptr (LadderCapture) capture = load_recorded ("lab-tcp-echo.pcapng");
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = ladder_sockets_view_new ();
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *listen, *estab, *listen_owner, *estab_owner;
  guint64 at;
  guint n = 0;

  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), view);
  g_object_ref (view);
  gtk_window_present (GTK_WINDOW (window));
  /* without a capture: says so, no rows */
  g_object_get (view, "n-sockets", &n, NULL);
  g_assert_cmpuint (n, ==, 0);
  g_object_set (view, "capture", capture, "analysis", analysis, NULL);
  at = step_to_accept (view, ladder_capture_get_n_frames (capture));
  g_object_get (view, "n-sockets", &n, NULL);
  g_assert_cmpuint (n, >=, 2);
  collect_labels (view, labels);
  listen = find_label (labels, "LISTEN", NULL);
  estab = find_label (labels, "ESTAB", NULL);
  listen_owner = find_label (labels, "users:((\"tcp-echo-server\"", "fd=4))");
  estab_owner = find_label (labels, "users:((\"tcp-echo-server\"", "fd=5))");
  g_assert_nonnull (listen);
  g_assert_nonnull (listen_owner);
  g_assert_nonnull (estab_owner);
  /* one local port, two sockets; the new one highlighted, the listener not */
  g_assert_nonnull (find_label (labels, "0.0.0.0:7", NULL));
  g_assert_nonnull (find_label (labels, "10.0.4.2:7", NULL));
  g_assert_nonnull (find_label (labels, "0.0.0.0:*", NULL));
  g_assert_true (gtk_widget_has_css_class (estab_owner, "sockets-changed"));
  g_assert_false (gtk_widget_has_css_class (listen_owner, "sockets-changed"));
  g_assert_true (gtk_widget_has_css_class (estab, "sockets-changed") || estab != NULL);
  screenshot (window, "sockets-accept.png");
  /* one packet earlier the accepted socket was not there yet */
  g_object_set (view, "packet", at - 1, NULL);
  g_ptr_array_set_size (labels, 0);
  collect_labels (view, labels);
  g_assert_null (find_label (labels, "users:((\"tcp-echo-server\"", "fd=5))"));
  g_assert_nonnull (find_label (labels, "users:((\"tcp-echo-server\"", "fd=4))"));
  /* the last packet: the client's TIME-WAIT, owned by no process */
  g_object_set (view, "packet", ladder_capture_get_n_frames (capture), NULL);
  g_ptr_array_set_size (labels, 0);
  collect_labels (view, labels);
  g_assert_nonnull (find_label (labels, "TIME-WAIT", NULL));
  screenshot (window, "sockets-end.png");
  /* a capture without the lab's records says so */
  g_object_set (view, "capture", NULL, "analysis", NULL, NULL);
  g_object_get (view, "n-sockets", &n, NULL);
  g_assert_cmpuint (n, ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (view);
}

static GtkWidget *
find_view (GtkWidget *widget)
{
  if (LADDER_IS_SOCKETS_VIEW (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_view (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* In the window, the page follows the window's capture, analysis and
 * selected packet (bound in its template). */
static void
test_window (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "draw", "data",
                                            "lab-select-chat.pcapng", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  LadderWindow *window = ladder_window_new (app);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GtkWidget *view;
  guint n = 0;
  guint64 packet = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  ladder_window_open_file (window, file);
  while ((ladder_window_is_loading (window) || ladder_window_get_analysis (window) == NULL)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (ladder_window_get_analysis (window));
  view = find_view (GTK_WIDGET (window));
  g_assert_nonnull (view);
  /* the last of the three clients has connected by packet 120 */
  ladder_window_set_selected_frame (window, 120);
  ladder_test_run_for (100);
  g_object_get (view, "packet", &packet, "n-sockets", &n, NULL);
  g_assert_cmpuint (packet, ==, 120);
  g_assert_cmpuint (n, >=, 4);   /* the listener and an accepted socket per client so far */
  /* the page as a class sees it: its stack shows it */
  gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (view)), view);
  g_assert_true (gtk_widget_get_mapped (view) || (ladder_test_run_for (200), gtk_widget_get_mapped (view)));
  screenshot (GTK_WIDGET (window), "sockets-window.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static LadderPresenter *
find_presenter (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);
      if (LADDER_IS_PRESENTER (window))
        return LADDER_PRESENTER (window);
    }
  return NULL;
}

/* Lecture mode steps the window along: at every step the Sockets page
 * shows the table at the presenter's current packet, and the accepted
 * socket appears on the way. */
static void
test_presenter (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "draw", "data",
                                            "lab-tcp-echo.pcapng", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  LadderWindow *window = ladder_window_new (app);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  LadderPresenter *presenter;
  GtkWidget *view;
  guint followed = 0;
  gboolean accepted_seen = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  ladder_window_open_file (window, file);
  while ((ladder_window_is_loading (window) || ladder_window_get_analysis (window) == NULL)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  view = find_view (GTK_WIDGET (window));
  g_assert_nonnull (view);
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "present-story"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "present-story", NULL);
  presenter = find_presenter ();
  g_assert_nonnull (presenter);
  for (guint i = 0; i < 2 * ladder_presenter_get_n_steps (presenter); i++)
    {
      guint current = ladder_presenter_get_current_packet (presenter);
      guint64 shown = 0;
      g_autoptr (GPtrArray) labels = g_ptr_array_new ();

      g_object_get (view, "packet", &shown, NULL);
      if (current != G_MAXUINT)
        {
          g_assert_cmpuint (shown, ==, current);
          g_assert_cmpuint (ladder_window_get_selected_frame (window), ==, current);
          followed++;
        }
      collect_labels (view, labels);
      if (!accepted_seen && find_label (labels, "users:((\"tcp-echo-server\"", "fd=5))") != NULL)
        {
          accepted_seen = TRUE;
          gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (view)), view);
          screenshot (GTK_WIDGET (window), "sockets-presenter-accept.png");
        }
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (presenter), "presenter.next", NULL));
    }
  g_assert_cmpuint (followed, >, 10);
  g_assert_true (accepted_seen);
  gtk_window_destroy (GTK_WINDOW (presenter));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  int status;

  if (!ladder_test_app_init (&argc, &argv))
    return 0;
  app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);
  /* as on a projector */
  ladder_application_set_font_scale (app, 1.6);
  g_test_add_func ("/ladder/sockets-view/tcp-echo", test_tcp_echo);
  g_test_add_func ("/ladder/sockets-view/window", test_window);
  g_test_add_func ("/ladder/sockets-view/presenter", test_presenter);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
