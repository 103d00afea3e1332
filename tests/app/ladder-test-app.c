/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-app.c: see ladder-test-app.h. */
#include "ladder-test-app.h"
#include "ladder-load.h"
#include "ladder-loader.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

gboolean
ladder_test_app_init (int *argc, char ***argv)
{
  g_test_init (argc, argv, NULL);
  g_log_set_writer_func (ladder_test_log_writer, NULL, NULL);
  if (gtk_init_check ())
    return TRUE;
  /* TAP: a whole-file skip, with the reason. */
  printf ("1..0 # SKIP no display: run under xvfb-run (tests/run-suite.sh does)\n");
  return FALSE;
}

LadderApplication *
ladder_test_app_new (GApplicationFlags flags)
{
  LadderApplication *app = ladder_application_new ();
  g_autoptr (GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | flags);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  return app;
}

int
ladder_test_app_run (LadderApplication **app)
{
  int status = g_test_run ();

  ladder_loader_flush_releases ();
  g_application_release (G_APPLICATION (*app));
  g_clear_object (app);
  return status;
}

LadderWindow *
ladder_test_window_present (LadderApplication *app)
{
  LadderWindow *window = ladder_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_present (GTK_WINDOW (window));
  ladder_test_run_for (300);
  return window;
}

gboolean
ladder_test_have_python (void)
{
  g_autofree char *python = g_find_program_in_path ("python3");

  if (python == NULL)
    g_test_skip ("python3 is not installed (.ci/install-deps installs it)");
  return python != NULL;
}

GLogWriterOutput
ladder_test_log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0
        && strstr (fields[i].value, "Unable to acquire session bus") != NULL)
      return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
ladder_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Renders WIDGET as it is now; NULL while a relayout is pending (a window
 * that is still streaming packets is resized every tick). */
static GdkTexture *
render (GtkWidget *widget, int width, int height)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL;
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                      node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

gboolean
ladder_test_screenshot (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("LADDER_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (dir == NULL || width <= 0 || height <= 0)
    return TRUE;
  for (guint attempt = 0; texture == NULL && attempt < 20; attempt++)
    {
      ladder_test_run_for (attempt == 0 ? 100 : 25);
      texture = render (widget, width, height);
    }
  if (texture == NULL)
    {
      g_test_message ("screenshot %s: nothing drawn", name);
      return FALSE;
    }
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return TRUE;
}

void
ladder_test_story_load (LadderTestStory *f, const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", name, NULL);
  g_autoptr (GError) error = NULL;

  f->capture = ladder_capture_new ();
  g_assert_true (ladder_load_file (f->capture, path, NULL, NULL, NULL, &error));
  f->analysis = ladder_capture_analyse (f->capture);
  f->story = ladder_story_new (f->capture, f->analysis, -1, &error);
  g_assert_no_error (error);
}

void
ladder_test_story_clear (LadderTestStory *f)
{
  ladder_story_free (f->story);
  ladder_analysis_unref (f->analysis);
  ladder_capture_unref (f->capture);
}
