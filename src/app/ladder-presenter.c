/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-presenter.c: lecture mode's window (see ladder-presenter.h).
 *
 * Built in code rather than from a template: it is one column of a few
 * widgets, and its content changes with every step.
 */
#include "ladder-presenter.h"

#include "ladder-sequence-view.h"
#include "ladder-story.h"

#define MAX_CHOICES 4

struct _LadderPresenter
{
  GtkWindow          parent_instance;

  LadderStory       *story;
  guint              step;
  gboolean           asking;      /* the step's quiz waits for an answer */
  gint               picked;      /* the choice picked, -1 none */

  GtkLabel          *counter;
  GtkLabel          *caption;
  GtkWidget         *quiz_box;
  GtkWidget         *choices[MAX_CHOICES];
  GtkLabel          *verdict;
  LadderDiagramView *view;
};

G_DEFINE_FINAL_TYPE (LadderPresenter, ladder_presenter, GTK_TYPE_WINDOW)

static const LadderStoryStep *
current (LadderPresenter *self)
{
  return ladder_story_get_step (self->story, self->step);
}

/* The diagram as of the step, or as of the step before while a quiz asks
 * what happens next. */
static void
update_view (LadderPresenter *self)
{
  const LadderStoryStep *step = current (self);

  if (!self->asking)
    {
      ladder_diagram_view_set_time_limit (self->view, TRUE, step->ts_ns);
      ladder_diagram_view_set_selected_frame (self->view, step->packet != 0 ? step->packet
                                              : ladder_story_get_last_packet (self->story, self->step));
      return;
    }
  if (self->step == 0)
    ladder_diagram_view_set_time_limit (self->view, TRUE, step->ts_ns - 1);
  else
    ladder_diagram_view_set_time_limit (self->view, TRUE, ladder_story_get_step (self->story, self->step - 1)->ts_ns);
  ladder_diagram_view_set_selected_frame (self->view, self->step > 0
                                          ? ladder_story_get_last_packet (self->story, self->step - 1) : 0);
}

static void
update_quiz (LadderPresenter *self)
{
  const LadderStoryQuiz *quiz = current (self)->quiz;

  gtk_widget_set_visible (self->quiz_box, quiz != NULL);
  for (guint i = 0; i < MAX_CHOICES; i++)
    {
      GtkWidget *button = self->choices[i];
      gboolean shown = quiz != NULL && i < quiz->n_choices;
      gtk_widget_set_visible (button, shown);
      gtk_widget_remove_css_class (button, "success");
      gtk_widget_remove_css_class (button, "error");
      if (!shown)
        continue;
      /* Marks as well as colours: they read on a projector in any theme. */
      if (!self->asking && i == quiz->answer)
        {
          g_autofree char *text = g_strdup_printf ("\u2714 %s", quiz->choices[i]);
          gtk_button_set_label (GTK_BUTTON (button), text);
          gtk_widget_add_css_class (button, "success");
        }
      else if (!self->asking && (gint) i == self->picked)
        {
          g_autofree char *text = g_strdup_printf ("\u2718 %s", quiz->choices[i]);
          gtk_button_set_label (GTK_BUTTON (button), text);
          gtk_widget_add_css_class (button, "error");
        }
      else
        gtk_button_set_label (GTK_BUTTON (button), quiz->choices[i]);
    }
  if (quiz == NULL || self->asking)
    gtk_label_set_text (self->verdict, "");
  else if (self->picked < 0)
    gtk_label_set_text (self->verdict, "The answer is marked.");
  else
    gtk_label_set_text (self->verdict, (guint) self->picked == quiz->answer ? "Right." : "Not quite: the answer is marked.");
}

static void
update (LadderPresenter *self)
{
  const LadderStoryStep *step = current (self);
  g_autofree char *counter = g_strdup_printf ("Step %u of %u", self->step + 1,
                                              ladder_story_get_n_steps (self->story));

  gtk_label_set_text (self->counter, counter);
  gtk_label_set_text (self->caption, self->asking ? step->quiz->question : step->caption);
  update_quiz (self);
  update_view (self);
}

static void
go_to (LadderPresenter *self, guint step)
{
  self->step = MIN (step, ladder_story_get_n_steps (self->story) - 1);
  self->asking = current (self)->quiz != NULL;
  self->picked = -1;
  update (self);
}

static void
next (GtkWidget *widget, const char *action, GVariant *param)
{
  LadderPresenter *self = LADDER_PRESENTER (widget);

  /* A quiz's step is revealed before moving on. */
  if (self->asking)
    {
      self->asking = FALSE;
      update (self);
    }
  else if (self->step + 1 < ladder_story_get_n_steps (self->story))
    go_to (self, self->step + 1);
}

static void
previous (GtkWidget *widget, const char *action, GVariant *param)
{
  LadderPresenter *self = LADDER_PRESENTER (widget);

  if (self->step > 0)
    go_to (self, self->step - 1);
}

static void
first (GtkWidget *widget, const char *action, GVariant *param)
{
  go_to (LADDER_PRESENTER (widget), 0);
}

static void
last (GtkWidget *widget, const char *action, GVariant *param)
{
  go_to (LADDER_PRESENTER (widget), G_MAXUINT);
}

static void
answer (GtkWidget *widget, const char *action, GVariant *param)
{
  LadderPresenter *self = LADDER_PRESENTER (widget);
  const LadderStoryQuiz *quiz = current (self)->quiz;
  gint32 choice = g_variant_get_int32 (param);

  if (!self->asking || quiz == NULL || choice < 0 || (guint) choice >= quiz->n_choices)
    return;
  self->picked = choice;
  self->asking = FALSE;
  update (self);
}

static void
close_presenter (GtkWidget *widget, const char *action, GVariant *param)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
ladder_presenter_dispose (GObject *object)
{
  LadderPresenter *self = LADDER_PRESENTER (object);

  g_clear_pointer (&self->story, ladder_story_free);
  G_OBJECT_CLASS (ladder_presenter_parent_class)->dispose (object);
}

static void
add_keys (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "presenter.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "presenter.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "presenter.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "presenter.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "presenter.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "presenter.first", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "presenter.last", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "presenter.close", NULL);
  for (int i = 0; i < MAX_CHOICES; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, 0, "presenter.answer", "i", i);
}

static void
ladder_presenter_class_init (LadderPresenterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ladder_presenter_dispose;
  gtk_widget_class_install_action (widget_class, "presenter.next", NULL, next);
  gtk_widget_class_install_action (widget_class, "presenter.previous", NULL, previous);
  gtk_widget_class_install_action (widget_class, "presenter.first", NULL, first);
  gtk_widget_class_install_action (widget_class, "presenter.last", NULL, last);
  gtk_widget_class_install_action (widget_class, "presenter.answer", "i", answer);
  gtk_widget_class_install_action (widget_class, "presenter.close", NULL, close_presenter);
  add_keys (widget_class);
}

static GtkWidget *
big_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
build_quiz (LadderPresenter *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  for (int i = 0; i < MAX_CHOICES; i++)
    {
      self->choices[i] = gtk_button_new ();
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->choices[i]), "presenter.answer");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->choices[i]), "i", i);
      gtk_widget_add_css_class (self->choices[i], "title-4");
      gtk_box_append (GTK_BOX (box), self->choices[i]);
    }
  self->verdict = GTK_LABEL (big_label ("title-4"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->verdict));
  return box;
}

static void
ladder_presenter_init (LadderPresenter *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *prev_button = gtk_button_new_with_label ("Previous");
  GtkWidget *next_button = gtk_button_new_with_label ("Next");

  gtk_window_set_title (GTK_WINDOW (self), "Wireladder lecture");
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  self->counter = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->counter), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (prev_button), "presenter.previous");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (next_button), "presenter.next");
  gtk_box_append (GTK_BOX (bar), prev_button);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->counter));
  gtk_box_append (GTK_BOX (bar), next_button);
  self->caption = GTK_LABEL (big_label ("title-2"));
  self->quiz_box = build_quiz (self);
  self->view = LADDER_DIAGRAM_VIEW (ladder_sequence_view_new ());
  ladder_diagram_view_set_font_scale (self->view, 1.5);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->caption));
  gtk_box_append (GTK_BOX (box), self->quiz_box);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_window_set_child (GTK_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 1280, 800);
}

LadderPresenter *
ladder_presenter_new (LadderCapture *capture, LadderAnalysis *analysis, gint conversation, GError **error)
{
  LadderStory *story;
  LadderPresenter *self;

  g_return_val_if_fail (capture != NULL && analysis != NULL, NULL);
  story = ladder_story_new (capture, analysis, conversation, error);
  if (story == NULL)
    return NULL;
  if (ladder_story_get_n_steps (story) == 0)
    {
      ladder_story_free (story);
      g_set_error (error, LADDER_STORY_ERROR, LADDER_STORY_ERROR_RANGE, "the capture has nothing to tell");
      return NULL;
    }
  self = g_object_new (LADDER_TYPE_PRESENTER, NULL);
  self->story = story;
  ladder_diagram_view_set_capture (self->view, capture, analysis);
  ladder_diagram_view_set_conversation (self->view, conversation);
  go_to (self, 0);
  return self;
}

guint
ladder_presenter_get_step (LadderPresenter *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), 0);
  return self->step;
}

guint
ladder_presenter_get_n_steps (LadderPresenter *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), 0);
  return ladder_story_get_n_steps (self->story);
}

gboolean
ladder_presenter_is_asking (LadderPresenter *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), FALSE);
  return self->asking;
}

const char *
ladder_presenter_get_caption (LadderPresenter *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), NULL);
  return gtk_label_get_text (self->caption);
}
