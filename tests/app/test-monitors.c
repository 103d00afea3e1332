/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-monitors.c: the presenter on a second monitor.
 *
 * Xvfb has one RandR output, so GTK sees one monitor there.  Weston's X11
 * backend, run inside the test's X display, makes a Wayland compositor
 * with two outputs (two monitors to GTK): the window is put full screen on
 * the second one and the presenter must go full screen on the first.
 * Without weston (or an X display for it) the test is skipped and says why.
 *
 * GTK ends its process when the compositor reports a protocol error, so
 * the part that talks to weston runs in a subprocess: a failure there is
 * this test's failure, with weston's log printed, not a lost test run.
 * Weston itself writes to its log only (a child holding the test's output
 * open would keep the test runner waiting) and dies with the test.
 */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "ladder-presenter.h"
#include "ladder-test-app.h"

#define OUTPUT_W 1280
#define OUTPUT_H 720
#define SOCKET_NAME "wireladder-test-monitors"

static struct
{
  GPid        pid;
  char       *runtime_dir;
  const char *skip;      /* why there is no compositor, or NULL */
} weston;

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Weston in the background; TRUE once its socket is there. */
static gboolean
start_weston (void)
{
  g_autofree char *program = g_find_program_in_path ("weston");
  g_autofree char *log = NULL, *socket = NULL;
  g_auto (GStrv) envp = NULL;
  g_autoptr (GError) error = NULL;

  if (program == NULL)
    return weston.skip = "weston is not installed (.ci/install-deps installs it)", FALSE;
  if (g_getenv ("DISPLAY") == NULL)
    return weston.skip = "no X display for weston's X11 backend: run under xvfb-run", FALSE;
  weston.runtime_dir = g_dir_make_tmp ("wireladder-weston-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (weston.runtime_dir, 0700);
  log = g_strdup_printf ("--log=%s/weston.log", weston.runtime_dir);
  socket = g_build_filename (weston.runtime_dir, SOCKET_NAME, NULL);
  envp = g_environ_setenv (g_get_environ (), "XDG_RUNTIME_DIR", weston.runtime_dir, TRUE);
  {
    const char *argv[] = { program, "--backend=x11-backend.so", "--output-count=2", "--width=1280",
                           "--height=720", "--use-pixman", "--no-config", "--idle-time=0",
                           "--socket=" SOCKET_NAME, log, NULL };
    if (!g_spawn_async (NULL, (char **) argv, envp,
                        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                        die_with_parent, NULL, &weston.pid, &error))
      return weston.skip = "weston could not be started", FALSE;
  }
  for (guint i = 0; i < 200 && !g_file_test (socket, G_FILE_TEST_EXISTS); i++)
    g_usleep (50 * 1000);
  if (!g_file_test (socket, G_FILE_TEST_EXISTS))
    return weston.skip = "weston did not open its socket within 10 s (see its log)", FALSE;
  g_setenv ("XDG_RUNTIME_DIR", weston.runtime_dir, TRUE);
  g_setenv ("WAYLAND_DISPLAY", SOCKET_NAME, TRUE);
  g_setenv ("GDK_BACKEND", "wayland", TRUE);
  return TRUE;
}

static void
stop_weston (void)
{
  g_autofree char *log = NULL;

  if (weston.pid != 0)
    {
      kill (weston.pid, SIGTERM);
      waitpid (weston.pid, NULL, 0);
      g_spawn_close_pid (weston.pid);
    }
  if (weston.runtime_dir == NULL)
    return;
  log = g_build_filename (weston.runtime_dir, "weston.log", NULL);
  g_unlink (log);
  g_rmdir (weston.runtime_dir);
  g_free (weston.runtime_dir);
}

static GdkMonitor *
monitor (guint i)
{
  g_autoptr (GdkMonitor) m = g_list_model_get_item (gdk_display_get_monitors (gdk_display_get_default ()), i);

  return m;   /* the display keeps its monitors */
}

static GdkMonitor *
monitor_of (GtkWidget *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  return surface != NULL ? gdk_display_get_monitor_at_surface (gdk_display_get_default (), surface) : NULL;
}

static gboolean
is_fullscreen (GtkWidget *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  return surface != NULL && (gdk_toplevel_get_state (GDK_TOPLEVEL (surface)) & GDK_TOPLEVEL_STATE_FULLSCREEN) != 0;
}

/* Runs the main loop until WINDOW is full screen on ON (5 s at most). */
static void
wait_fullscreen_on (GtkWidget *window, GdkMonitor *on)
{
  for (guint i = 0; i < 100 && !(is_fullscreen (window) && monitor_of (window) == on
                                 && gtk_widget_get_width (window) == OUTPUT_W); i++)
    ladder_test_run_for (50);
}

static void
describe (const char *what, GtkWidget *window)
{
  GdkMonitor *m = monitor_of (window);

  g_printerr ("# %s: %d x %d, full screen %s, on %s\n", what, gtk_widget_get_width (window),
                  gtk_widget_get_height (window), is_fullscreen (window) ? "yes" : "no",
                  m != NULL ? gdk_monitor_get_connector (m) : "no monitor");
}

static void
print_weston_log (void)
{
  g_autofree char *path = g_build_filename (weston.runtime_dir, "weston.log", NULL);
  g_autofree char *text = NULL;

  if (g_file_get_contents (path, &text, NULL, NULL))
    g_printerr ("# weston's log:\n%s\n", text);
}

static void presenter_on_other_monitor (void);

static void
test_presenter_on_other_monitor (void)
{
  if (g_test_subprocess ())
    {
      if (!gtk_init_check ())
        g_error ("GTK cannot open weston's display %s", g_getenv ("WAYLAND_DISPLAY"));
      presenter_on_other_monitor ();
      return;
    }
  if (weston.skip != NULL)
    {
      g_test_skip (weston.skip);
      return;
    }
  g_test_trap_subprocess (NULL, 90 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (!g_test_trap_has_passed ())
    print_weston_log ();
  g_test_trap_assert_passed ();
}

static void
presenter_on_other_monitor (void)
{
  g_autoptr (LadderApplication) app = NULL;
  LadderTestStory f;
  LadderWindow *window;
  LadderPresenter *p;
  g_autoptr (GError) error = NULL;
  GdkRectangle area;

  g_assert_cmpuint (g_list_model_get_n_items (gdk_display_get_monitors (gdk_display_get_default ())), ==, 2);
  gdk_monitor_get_geometry (monitor (1), &area);
  g_printerr ("# monitors: %s and %s, %d x %d each\n", gdk_monitor_get_connector (monitor (0)),
                  gdk_monitor_get_connector (monitor (1)), area.width, area.height);
  app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);
  window = ladder_test_window_present (app);
  gtk_window_fullscreen_on_monitor (GTK_WINDOW (window), monitor (1));
  wait_fullscreen_on (GTK_WIDGET (window), monitor (1));
  describe ("window", GTK_WIDGET (window));
  g_assert_true (monitor_of (GTK_WIDGET (window)) == monitor (1));

  ladder_test_story_load (&f, "tcp-echo-v4.pcap");
  p = ladder_presenter_new (f.capture, f.analysis, 0, &error);
  g_assert_no_error (error);
  g_object_ref_sink (p);
  g_assert_true (ladder_presenter_pick_monitor (p, GTK_WINDOW (window)) == monitor (0));
  ladder_presenter_show (p, GTK_WINDOW (window));
  wait_fullscreen_on (GTK_WIDGET (p), monitor (0));
  describe ("presenter", GTK_WIDGET (p));
  g_assert_true (is_fullscreen (GTK_WIDGET (p)));
  g_assert_true (monitor_of (GTK_WIDGET (p)) == monitor (0));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (p)), ==, OUTPUT_W);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (p)), ==, OUTPUT_H);
  /* The window stays where it was, for the teacher. */
  g_assert_true (monitor_of (GTK_WIDGET (window)) == monitor (1));

  gtk_window_destroy (GTK_WINDOW (p));
  ladder_test_run_for (50);
  g_assert_finalize_object (p);
  gtk_window_destroy (GTK_WINDOW (window));
  ladder_test_run_for (50);
  ladder_test_story_clear (&f);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (ladder_test_log_writer, NULL, NULL);
  /* the compositor in this process; GTK only in the subprocess */
  if (!g_test_subprocess ())
    start_weston ();
  g_test_add_func ("/ladder/monitors/presenter-on-other-monitor", test_presenter_on_other_monitor);
  status = g_test_run ();
  if (!g_test_subprocess ())
    stop_weston ();
  return status;
}
