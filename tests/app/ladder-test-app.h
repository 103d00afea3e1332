/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-app.h: what the window tests under Xvfb share: starting
 * GTK (or skipping without a display), running the main loop for a
 * while, screenshots for a person to look at. */
#pragma once

#include <gtk/gtk.h>

#include "ladder-application.h"
#include "ladder-capture.h"
#include "ladder-story.h"
#include "ladder-window.h"

G_BEGIN_DECLS

/* g_test_init(), the log writer below, gtk_init_check(); FALSE, the TAP
 * skip printed, when there is no display. */
gboolean         ladder_test_app_init    (int *argc, char ***argv);
/* A LadderApplication with FLAGS (and NON_UNIQUE), registered. */
LadderApplication *ladder_test_app_new  (GApplicationFlags flags);
/* GLib's writer, but GTK's one-time "no session bus" warning (CI,
 * containers) is not ours and not fatal. */
GLogWriterOutput ladder_test_log_writer  (GLogLevelFlags level, const GLogField *fields, gsize n_fields,
                                          gpointer user_data);
/* g_test_run(), then what every window test does after it: the loader's
 * pending releases flushed (the application never ran, so its shutdown
 * did not), the hold on *APP released and *APP cleared. */
int              ladder_test_app_run     (LadderApplication **app);
/* A window of APP at 1920x1080, presented, the main loop run 300 ms. */
LadderWindow    *ladder_test_window_present (LadderApplication *app);
/* Whether python3 is installed; FALSE with the test skipped (and why). */
gboolean         ladder_test_have_python (void);
/* Runs the main loop for MS milliseconds. */
void             ladder_test_run_for     (guint ms);
/* Saves WIDGET as $LADDER_SCREENSHOT_DIR/NAME (nothing without the
 * variable or a size); FALSE when nothing could be drawn. */
gboolean         ladder_test_screenshot  (GtkWidget *widget, const char *name);

/* A fixture of tests/data read, analysed and told (the presenter's input). */
typedef struct
{
  LadderCapture  *capture;
  LadderAnalysis *analysis;
  LadderStory    *story;
} LadderTestStory;

void             ladder_test_story_load  (LadderTestStory *f, const char *name);
void             ladder_test_story_clear (LadderTestStory *f);

G_END_DECLS
