/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lang-chooser.c: the lab panel's C / Python choice
 * (LadderLangChooser) under Xvfb, driven through its properties, its
 * dropdown and its action: shown only for the scenarios with Python
 * programs, the language picked followed both ways, C for the others.
 * Saves a screenshot in $LADDER_SCREENSHOT_DIR. */
#include <gtk/gtk.h>

#include "ladder-lang-chooser.h"
#include "ladder-test-app.h"

static LadderApplication *app;

static GtkDropDown *
find_dropdown (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget))
    return GTK_DROP_DOWN (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkDropDown *found = find_dropdown (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_choose (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chooser = ladder_lang_chooser_new ();
  LadderLangChooser *self = LADDER_LANG_CHOOSER (chooser);
  GtkDropDown *dropdown = find_dropdown (chooser);
  guint lang_changes = 0;
  g_autofree char *lang = NULL;

  g_object_ref_sink (chooser);
  g_signal_connect (chooser, "notify::lang", G_CALLBACK (count_notify), &lang_changes);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_set_child (GTK_WINDOW (window), chooser);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_nonnull (dropdown);

  /* No scenario: nothing to choose, C. */
  g_assert_false (gtk_widget_get_visible (chooser));
  g_assert_cmpstr (ladder_lang_chooser_get_run_lang (self), ==, "c");

  ladder_lang_chooser_set_scenario (self, "tcp-echo");
  g_assert_true (ladder_lang_chooser_get_available (self));
  g_assert_true (gtk_widget_get_visible (chooser));
  g_assert_cmpstr (ladder_lang_chooser_get_lang (self), ==, "c");

  /* The action sets the property, which moves the dropdown. */
  g_assert_true (gtk_widget_activate_action (chooser, "lang.choose", "s", "python"));
  g_assert_cmpstr (ladder_lang_chooser_get_lang (self), ==, "python");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 1);
  g_assert_cmpstr (ladder_lang_chooser_get_run_lang (self), ==, "python");
  g_assert_cmpuint (lang_changes, ==, 1);
  ladder_test_run_for (200);
  ladder_test_screenshot (window, "lang-chooser-python.png");

  /* A scenario without Python programs hides it and runs C; the choice
   * is kept for the next one that has them. */
  ladder_lang_chooser_set_scenario (self, "traceroute");
  g_assert_false (ladder_lang_chooser_get_available (self));
  g_assert_false (gtk_widget_get_visible (chooser));
  g_assert_cmpstr (ladder_lang_chooser_get_run_lang (self), ==, "c");
  g_object_set (chooser, "scenario", "select-chat", NULL);
  g_assert_cmpstr (ladder_lang_chooser_get_run_lang (self), ==, "python");

  /* The user's pick in the dropdown reaches the property. */
  gtk_drop_down_set_selected (dropdown, 0);
  g_object_get (chooser, "lang", &lang, NULL);
  g_assert_cmpstr (lang, ==, "c");
  g_assert_cmpuint (lang_changes, ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chooser);
}

static void
test_bad_lang (void)
{
  if (g_test_subprocess ())
    {
      GtkWidget *chooser = g_object_ref_sink (ladder_lang_chooser_new ());

      ladder_lang_chooser_set_lang (LADDER_LANG_CHOOSER (chooser), "perl");
      g_object_unref (chooser);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*Unknown language “perl”*");
}

int
main (int argc, char *argv[])
{
  int status;

  if (!ladder_test_app_init (&argc, &argv))
    return 0;
  app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);
  g_test_add_func ("/ladder/lang-chooser/choose", test_choose);
  g_test_add_func ("/ladder/lang-chooser/bad-lang", test_bad_lang);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
