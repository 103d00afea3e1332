/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-presenter.c: lecture mode's window (see ladder-presenter.h).
 *
 * A view of a LadderPresentation: every change of the presentation's state
 * (step, quiz, typed number, pace, ghosting) comes back here as a
 * notification and is shown by update(); keys only call the presentation.
 */
#include "ladder-presenter.h"

#include <glib/gi18n-lib.h>

#include "ladder-spotlight-panel.h"

#include <string.h>

#include "ladder-application.h"
#include "ladder-sequence-view.h"
#include "ladder-story.h"
#include "ladder-traceroute-view.h"
#include "ladder-tuples-view.h"

#define MAX_CHOICES 4
/* The diagrams' small text (14 px at scale 1: times, calls, notes) at
 * 24.5 px, body text at 28 px; arrows 3.5 px and more. */
#define PRESENTER_FONT_SCALE 1.75

struct _LadderPresenter
{
  GtkWindow           parent_instance;

  /* Template children */
  GtkLabel           *caption;
  GtkWidget          *quiz_box;
  GtkGrid            *quiz_grid;
  GtkLabel           *verdict;
  GtkScrolledWindow  *scroller;
  GtkWidget          *side_panel;
  GtkLabel           *counter;
  GtkLabel           *typed_label;
  GtkLabel           *message_label;
  GtkLabel           *mode_label;
  GtkLabel           *play_label;
  GtkDropDown        *pace_mode;
  GtkSpinButton      *pace_value;

  GtkWidget          *choices[MAX_CHOICES];
  LadderPresentation *presentation;
  LadderPresenterView view_kind;
  LadderDiagramView  *view;
  gboolean            syncing_pace;
};

enum { PROP_0, PROP_PRESENTATION, PROP_STEP, PROP_CURRENT_PACKET, PROP_VIEW, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LadderPresenter, ladder_presenter, GTK_TYPE_WINDOW)

static const char *const view_names[] = { "ladder", "traceroute", "ping", "tuples" };

const char *
ladder_presenter_view_to_string (LadderPresenterView view)
{
  g_return_val_if_fail ((guint) view < G_N_ELEMENTS (view_names), NULL);
  return view_names[view];
}

gboolean
ladder_presenter_view_from_string (const char *name, LadderPresenterView *view)
{
  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    if (g_strcmp0 (name, view_names[i]) == 0)
      {
        *view = (LadderPresenterView) i;
        return TRUE;
      }
  return FALSE;
}

/* Showing the presentation's state. */

static void
update_view (LadderPresenter *self)
{
  gint64 until;
  guint64 frame;

  ladder_presentation_get_shown (self->presentation, &until, &frame);
  ladder_diagram_view_set_time_limit (self->view, TRUE, until);
  ladder_diagram_view_set_ghost_later (self->view, ladder_presentation_get_ghost (self->presentation));
  /* One highlight: the step's packet; a call or a state of the step is
   * outlined by the diagram itself (its time is the limit). */
  ladder_diagram_view_set_selected_frame (self->view, frame);
  ladder_diagram_view_center_current (self->view);
}

static void
set_choice (GtkWidget *button, const char *mark, const char *text, const char *css_class)
{
  g_autofree char *label = mark != NULL ? g_strdup_printf ("%s %s", mark, text) : g_strdup (text);

  gtk_button_set_label (GTK_BUTTON (button), label);
  gtk_widget_remove_css_class (button, "right-answer");
  gtk_widget_remove_css_class (button, "wrong-answer");
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
}

static void
update_verdict (LadderPresenter *self, const LadderStoryQuiz *quiz, gboolean asking, gint picked)
{
  if (quiz == NULL)
    gtk_label_set_text (self->verdict, "");
  else if (asking)
    gtk_label_set_text (self->verdict, _("Answer with 1 to 4, or R to reveal."));
  else if (picked < 0)
    gtk_label_set_text (self->verdict, _("The answer is marked."));
  else
    gtk_label_set_text (self->verdict, (guint) picked == quiz->answer ? _("Right.") : _("Not quite: the answer is marked."));
}

static void
update_quiz (LadderPresenter *self)
{
  const LadderStoryQuiz *quiz = ladder_presentation_get_current (self->presentation)->quiz;
  gboolean asking = ladder_presentation_is_asking (self->presentation);
  gint picked = ladder_presentation_get_picked (self->presentation);

  /* A quiz is shown while asked and once answered or revealed; a step
   * merely passed through (auto-ask off, playing) keeps it to itself. */
  gtk_widget_set_visible (self->quiz_box, quiz != NULL && ladder_presentation_was_asked (self->presentation));
  for (guint i = 0; i < MAX_CHOICES; i++)
    {
      gboolean shown = quiz != NULL && i < quiz->n_choices;
      g_autofree char *number = g_strdup_printf ("%u.", i + 1);

      gtk_widget_set_visible (self->choices[i], shown);
      if (!shown)
        continue;
      /* Marks as well as colours: they read on a projector in any theme. */
      if (!asking && i == quiz->answer)
        set_choice (self->choices[i], "\u2714", quiz->choices[i], "right-answer");
      else if (!asking && (gint) i == picked)
        set_choice (self->choices[i], "\u2718", quiz->choices[i], "wrong-answer");
      else
        set_choice (self->choices[i], number, quiz->choices[i], NULL);
    }
  update_verdict (self, quiz, asking, picked);
}

static void
update_status (LadderPresenter *self)
{
  LadderPresentation *p = self->presentation;
  g_autofree char *counter = g_strdup_printf (_("Step %u of %u"), ladder_presentation_get_step (p) + 1,
                                              ladder_presentation_get_n_steps (p));
  g_autofree char *typed = g_strdup_printf (_("Go to step %s_"), ladder_presentation_get_typed (p));
  g_autofree char *pace = ladder_presentation_describe_pace (p);
  gboolean auto_ask = FALSE;
  g_autofree char *mode = NULL;
  g_autofree char *play = ladder_presentation_get_playing (p) ? g_strdup_printf (_("\u25b6 Playing, %s"), pace)
                          : g_strdup (_("Paused (P plays)"));

  g_object_get (p, "auto-ask", &auto_ask, NULL);
  /* Translators: the first %s is "asked" or "not asked", the second "ghosted" or "hidden". */
  mode = g_strdup_printf (_("Questions: %s (A) \u00b7 Later: %s (G)"), auto_ask ? _("asked") : _("not asked"),
                          ladder_presentation_get_ghost (p) ? _("ghosted") : _("hidden"));
  gtk_label_set_text (self->counter, counter);
  gtk_label_set_text (self->typed_label, typed);
  gtk_widget_set_visible (GTK_WIDGET (self->typed_label), ladder_presentation_get_typed (p)[0] != '\0');
  gtk_label_set_text (self->message_label, ladder_presentation_get_message (p) ? ladder_presentation_get_message (p) : "");
  gtk_label_set_text (self->play_label, play);
  gtk_label_set_text (self->mode_label, mode);
}

static void
update (LadderPresenter *self)
{
  const LadderStoryStep *step = ladder_presentation_get_current (self->presentation);
  gboolean asking = ladder_presentation_is_asking (self->presentation);

  gtk_label_set_text (self->caption, asking ? step->quiz->question : step->caption);
  update_quiz (self);
  update_status (self);
  update_view (self);
}

/* The pace control mirrors the presentation's pace, both ways. */
static void
sync_pace_control (LadderPresenter *self)
{
  LadderPaceMode mode;
  double sps, slowdown;

  g_object_get (self->presentation, "pace-mode", &mode, "steps-per-second", &sps, "slowdown", &slowdown, NULL);
  self->syncing_pace = TRUE;
  gtk_drop_down_set_selected (self->pace_mode, mode);
  if (mode == LADDER_PACE_STEPS)
    gtk_spin_button_configure (self->pace_value, gtk_adjustment_new (sps, 0.1, 20, 0.5, 1, 0), 0.5, 1);
  else
    gtk_spin_button_configure (self->pace_value, gtk_adjustment_new (slowdown, 1, 100000, 10, 100, 0), 10, 0);
  self->syncing_pace = FALSE;
}

static void
on_pace_control (LadderPresenter *self)
{
  guint mode = gtk_drop_down_get_selected (self->pace_mode);

  if (self->syncing_pace || mode == GTK_INVALID_LIST_POSITION)
    return;
  g_object_set (self->presentation, "pace-mode", mode, NULL);
  g_object_set (self->presentation, mode == LADDER_PACE_STEPS ? "steps-per-second" : "slowdown",
                gtk_spin_button_get_value (self->pace_value), NULL);
}

static void
on_presentation_notify (LadderPresentation *presentation, GParamSpec *pspec, LadderPresenter *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "pace-mode") || g_str_equal (name, "steps-per-second") || g_str_equal (name, "slowdown"))
    sync_pace_control (self);
  if (g_str_equal (name, "step"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  if (g_str_equal (name, "current-packet"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PACKET]);
  update (self);
}

/* Light or dark: the presenter's own colours (style.css) with 7:1 text. */
static void
on_dark_changed (GtkSettings *settings, GParamSpec *pspec, LadderPresenter *self)
{
  gboolean dark = FALSE;

  g_object_get (settings, "gtk-application-prefer-dark-theme", &dark, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self), dark ? "light" : "dark");
  gtk_widget_add_css_class (GTK_WIDGET (self), dark ? "dark" : "light");
}

/* Actions: keys call the presentation. */

static void
presenter_action (GtkWidget *widget, const char *action, GVariant *param)
{
  LadderPresentation *p = LADDER_PRESENTER (widget)->presentation;
  const char *name = action + strlen ("presenter.");

  if (g_str_equal (name, "next"))
    {
      ladder_presentation_clear_typed (p);
      ladder_presentation_next (p);
    }
  else if (g_str_equal (name, "previous"))
    ladder_presentation_previous (p);
  else if (g_str_equal (name, "first"))
    ladder_presentation_first (p);
  else if (g_str_equal (name, "last"))
    ladder_presentation_last (p);
  else if (g_str_equal (name, "enter"))
    ladder_presentation_enter (p);
  else if (g_str_equal (name, "backspace"))
    ladder_presentation_backspace (p);
  else if (g_str_equal (name, "reveal"))
    ladder_presentation_reveal (p);
  else if (g_str_equal (name, "ask"))
    ladder_presentation_ask (p);
  else if (g_str_equal (name, "play"))
    ladder_presentation_set_playing (p, !ladder_presentation_get_playing (p));
  else if (g_str_equal (name, "ghost"))
    ladder_presentation_set_ghost (p, !ladder_presentation_get_ghost (p));
  else if (g_str_equal (name, "faster"))
    ladder_presentation_change_pace (p, 2.0);
  else if (g_str_equal (name, "slower"))
    ladder_presentation_change_pace (p, 0.5);
}

static void
toggle_action (GtkWidget *widget, const char *action, GVariant *param)
{
  LadderPresentation *p = LADDER_PRESENTER (widget)->presentation;
  gboolean auto_ask;
  LadderPaceMode mode;

  g_object_get (p, "auto-ask", &auto_ask, "pace-mode", &mode, NULL);
  if (g_str_equal (action, "presenter.auto-ask"))
    g_object_set (p, "auto-ask", !auto_ask, NULL);
  else
    g_object_set (p, "pace-mode", mode == LADDER_PACE_STEPS ? LADDER_PACE_REAL_TIME : LADDER_PACE_STEPS, NULL);
}

/* A digit answers a quiz being asked (1 to its number of choices), else
 * types a step number. */
static void
digit_action (GtkWidget *widget, const char *action, GVariant *param)
{
  LadderPresentation *p = LADDER_PRESENTER (widget)->presentation;
  gint32 digit = g_variant_get_int32 (param);

  if (digit < 0 || digit > 9)
    return;
  if (ladder_presentation_is_asking (p) && ladder_presentation_get_typed (p)[0] == '\0' && digit >= 1
      && ladder_presentation_answer (p, (guint) digit - 1))
    return;
  ladder_presentation_type_digit (p, (guint) digit);
}

static void
answer_action (GtkWidget *widget, const char *action, GVariant *param)
{
  gint32 choice = g_variant_get_int32 (param);

  if (choice >= 0)
    ladder_presentation_answer (LADDER_PRESENTER (widget)->presentation, (guint) choice);
}

static void
close_action (GtkWidget *widget, const char *action, GVariant *param)
{
  LadderPresenter *self = LADDER_PRESENTER (widget);

  /* Escape first forgets a number half typed. */
  if (g_str_equal (action, "presenter.escape") && ladder_presentation_clear_typed (self->presentation))
    return;
  ladder_presentation_set_playing (self->presentation, FALSE);
  gtk_window_destroy (GTK_WINDOW (widget));
}

/* H shows or hides the side panel (the packet spotlight, below the
 * diagram): the diagram gets its height back. */
static void
headers_action (GtkWidget *widget, const char *action, GVariant *param)
{
  LadderPresenter *self = LADDER_PRESENTER (widget);

  gtk_widget_set_visible (self->side_panel, !gtk_widget_get_visible (self->side_panel));
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  static const char *const simple[] = { "next", "previous", "first", "last", "enter", "backspace", "reveal",
                                        "ask", "play", "ghost", "faster", "slower" };

  for (guint i = 0; i < G_N_ELEMENTS (simple); i++)
    {
      g_autofree char *name = g_strconcat ("presenter.", simple[i], NULL);
      gtk_widget_class_install_action (widget_class, name, NULL, presenter_action);
    }
  gtk_widget_class_install_action (widget_class, "presenter.auto-ask", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "presenter.pace-mode", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "presenter.digit", "i", digit_action);
  gtk_widget_class_install_action (widget_class, "presenter.answer", "i", answer_action);
  gtk_widget_class_install_action (widget_class, "presenter.escape", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "presenter.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "presenter.headers", NULL, headers_action);
}

/* Keys. */

static void
add_key (GtkShortcutController *controller, guint keyval, const char *action, GVariant *param)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, 0), gtk_named_action_new (action));

  if (param != NULL)
    gtk_shortcut_set_arguments (shortcut, param);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* In the capture phase, so the keys work whatever has the focus (a
 * focused diagram would take Up and Down for itself, a button Space). */
static void
add_keys (LadderPresenter *self)
{
  static const struct { guint keyval; const char *action; } keys[] = {
    { GDK_KEY_Right, "presenter.next" }, { GDK_KEY_Down, "presenter.next" },
    { GDK_KEY_Page_Down, "presenter.next" }, { GDK_KEY_space, "presenter.next" },
    { GDK_KEY_Return, "presenter.enter" }, { GDK_KEY_KP_Enter, "presenter.enter" },
    { GDK_KEY_Left, "presenter.previous" }, { GDK_KEY_Up, "presenter.previous" },
    { GDK_KEY_Page_Up, "presenter.previous" }, { GDK_KEY_Home, "presenter.first" },
    { GDK_KEY_End, "presenter.last" }, { GDK_KEY_BackSpace, "presenter.backspace" },
    { GDK_KEY_r, "presenter.reveal" }, { GDK_KEY_q, "presenter.ask" },
    { GDK_KEY_a, "presenter.auto-ask" }, { GDK_KEY_p, "presenter.play" },
    { GDK_KEY_t, "presenter.pace-mode" }, { GDK_KEY_g, "presenter.ghost" },
    { GDK_KEY_h, "presenter.headers" },
    { GDK_KEY_plus, "presenter.faster" }, { GDK_KEY_equal, "presenter.faster" },
    { GDK_KEY_KP_Add, "presenter.faster" }, { GDK_KEY_bracketright, "presenter.faster" },
    { GDK_KEY_minus, "presenter.slower" }, { GDK_KEY_KP_Subtract, "presenter.slower" },
    { GDK_KEY_bracketleft, "presenter.slower" }, { GDK_KEY_Escape, "presenter.escape" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    add_key (GTK_SHORTCUT_CONTROLLER (controller), keys[i].keyval, keys[i].action, NULL);
  for (gint32 i = 0; i <= 9; i++)
    {
      add_key (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_0 + i, "presenter.digit", g_variant_new_int32 (i));
      add_key (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_KP_0 + i, "presenter.digit", g_variant_new_int32 (i));
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* GObject. */

static void
ladder_presenter_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderPresenter *self = LADDER_PRESENTER (object);

  switch (prop_id)
    {
    case PROP_PRESENTATION: g_value_set_object (value, self->presentation); break;
    case PROP_STEP: g_value_set_uint (value, ladder_presenter_get_step (self)); break;
    case PROP_CURRENT_PACKET: g_value_set_uint (value, ladder_presenter_get_current_packet (self)); break;
    case PROP_VIEW: g_value_set_string (value, view_names[self->view_kind]); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_presenter_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderPresenter *self = LADDER_PRESENTER (object);

  switch (prop_id)
    {
    case PROP_STEP:
      if (self->presentation != NULL)
        ladder_presentation_go_to (self->presentation, g_value_get_uint (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_presenter_dispose (GObject *object)
{
  LadderPresenter *self = LADDER_PRESENTER (object);

  g_signal_handlers_disconnect_by_data (gtk_widget_get_settings (GTK_WIDGET (self)), self);
  if (self->presentation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->presentation, self);
      ladder_presentation_set_playing (self->presentation, FALSE);
    }
  g_clear_object (&self->presentation);
  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_PRESENTER);
  G_OBJECT_CLASS (ladder_presenter_parent_class)->dispose (object);
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_PRESENTATION] = g_param_spec_object ("presentation", NULL, NULL, LADDER_TYPE_PRESENTATION,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] = g_param_spec_uint ("step", NULL, NULL, 0, G_MAXUINT, 0,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_PACKET] = g_param_spec_uint ("current-packet", NULL, NULL, 0, G_MAXUINT, G_MAXUINT,
                                                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] = g_param_spec_string ("view", NULL, NULL, "ladder", G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ladder_presenter_class_init (LadderPresenterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ladder_presenter_get_property;
  object_class->set_property = ladder_presenter_set_property;
  object_class->dispose = ladder_presenter_dispose;
  install_properties (object_class);
  /* The application's class registers the resources (by hand, see there);
   * a presenter made before any application (tests) needs them too. */
  g_type_class_unref (g_type_class_ref (LADDER_TYPE_APPLICATION));
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wireladder/Wireladder/ladder-presenter.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, caption);
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, quiz_box);
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, quiz_grid);
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, verdict);
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, scroller);
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, side_panel);
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, counter);
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, typed_label);
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, message_label);
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, mode_label);
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, play_label);
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, pace_mode);
  gtk_widget_class_bind_template_child (widget_class, LadderPresenter, pace_value);
  install_actions (widget_class);
}

static void
build_choices (LadderPresenter *self)
{
  for (int i = 0; i < MAX_CHOICES; i++)
    {
      self->choices[i] = gtk_button_new ();
      gtk_widget_set_focusable (self->choices[i], FALSE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->choices[i]), "presenter.answer");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->choices[i]), "i", i);
      gtk_widget_set_hexpand (self->choices[i], TRUE);
      /* Two columns: the diagram keeps most of the screen. */
      gtk_grid_attach (self->quiz_grid, self->choices[i], i % 2, i / 2, 1, 1);
    }
}

static void
ladder_presenter_init (LadderPresenter *self)
{
  GtkSettings *settings;

  gtk_widget_init_template (GTK_WIDGET (self));
  build_choices (self);
  add_keys (self);
  settings = gtk_widget_get_settings (GTK_WIDGET (self));
  g_signal_connect (settings, "notify::gtk-application-prefer-dark-theme", G_CALLBACK (on_dark_changed), self);
  on_dark_changed (settings, NULL, self);
  g_signal_connect_swapped (self->pace_mode, "notify::selected", G_CALLBACK (on_pace_control), self);
  g_signal_connect_swapped (self->pace_value, "value-changed", G_CALLBACK (on_pace_control), self);
}

/* Construction. */

static LadderDiagramView *
make_view (LadderPresenterView kind, gint which)
{
  GtkWidget *view;

  if (kind == LADDER_PRESENTER_TRACEROUTE)
    view = ladder_traceroute_view_new ();
  else if (kind == LADDER_PRESENTER_TUPLES)
    view = ladder_tuples_view_new ();
  else
    view = ladder_sequence_view_new ();
  if (kind == LADDER_PRESENTER_TRACEROUTE)
    g_object_set (view, "traceroute-run", (guint) MAX (which, 0), NULL);
  else if (kind != LADDER_PRESENTER_TUPLES)
    ladder_diagram_view_set_conversation (LADDER_DIAGRAM_VIEW (view), which);
  /* A ping session's replies come a second apart: one row per event. */
  ladder_diagram_view_set_compressed (LADDER_DIAGRAM_VIEW (view), kind == LADDER_PRESENTER_PING);
  ladder_diagram_view_set_font_scale (LADDER_DIAGRAM_VIEW (view), PRESENTER_FONT_SCALE);
  /* Every view is laid out to the width it has (a ladder's call lanes
   * wrapped and gaps narrowed, the staircase's quoted-header panel below,
   * a 5-tuple card's summary on a line of its own), so it never scrolls
   * sideways (its zoom is set once it has a capture). */
  ladder_diagram_view_set_fit_layout (LADDER_DIAGRAM_VIEW (view), TRUE);
  gtk_widget_set_focusable (view, FALSE);
  /* A pointer left resting on the projected diagram pops up no details. */
  gtk_widget_set_has_tooltip (view, FALSE);
  return LADDER_DIAGRAM_VIEW (view);
}

static gboolean
check_traceroute (LadderAnalysis *analysis, gint which, GError **error)
{
  guint n = ladder_traceroute_get_n_runs (ladder_analysis_get_traceroute (analysis));

  if (n > 0 && (which < 0 || (guint) which < n))
    return TRUE;
  g_set_error (error, LADDER_STORY_ERROR, LADDER_STORY_ERROR_RANGE,
               n == 0 ? _("the capture has no traceroute to present") : _("the capture has no traceroute run %d"), which);
  return FALSE;
}

/* The side panel (ladder-spotlight-panel.h) follows the step's packet: its
 * note, its headers as the RFCs draw them, the note field. */
static void
on_current_packet (LadderPresenter *self, GParamSpec *pspec, LadderSpotlightPanel *panel)
{
  guint packet = ladder_presenter_get_current_packet (self);

  ladder_spotlight_panel_set_packet (panel, packet == G_MAXUINT ? 0 : packet);
}

static void
add_spotlight (LadderPresenter *self, LadderCapture *capture, LadderAnalysis *analysis)
{
  GtkWidget *panel = ladder_spotlight_panel_new ();

  ladder_spotlight_panel_set_capture (LADDER_SPOTLIGHT_PANEL (panel), capture, analysis);
  gtk_widget_set_hexpand (panel, TRUE);
  ladder_presenter_add_side_widget (self, panel);
  g_signal_connect_object (self, "notify::current-packet", G_CALLBACK (on_current_packet), panel, 0);
}

LadderPresenter *
ladder_presenter_new_for_view (LadderCapture *capture, LadderAnalysis *analysis, LadderPresenterView kind,
                               gint which, GError **error)
{
  LadderStory *story;
  LadderPresenter *self;
  gboolean per_conversation = kind == LADDER_PRESENTER_LADDER || kind == LADDER_PRESENTER_PING;

  g_return_val_if_fail (capture != NULL && analysis != NULL, NULL);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (view_names), NULL);
  if (kind == LADDER_PRESENTER_TRACEROUTE && !check_traceroute (analysis, which, error))
    return NULL;
  story = ladder_story_new (capture, analysis, per_conversation ? which : -1, error);
  if (story == NULL)
    return NULL;
  if (ladder_story_get_n_steps (story) == 0)
    {
      ladder_story_free (story);
      g_set_error (error, LADDER_STORY_ERROR, LADDER_STORY_ERROR_RANGE, "%s", _("the capture has nothing to tell"));
      return NULL;
    }
  self = g_object_new (LADDER_TYPE_PRESENTER, NULL);
  self->view_kind = kind;
  self->presentation = ladder_presentation_new (story);
  self->view = make_view (kind, which);
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->view));
  ladder_diagram_view_set_capture (self->view, capture, analysis);
  /* Never shrunk to fit (a new capture would): text stays at projector size. */
  ladder_diagram_view_set_zoom (self->view, 1.0);
  g_signal_connect (self->presentation, "notify", G_CALLBACK (on_presentation_notify), self);
  add_spotlight (self, capture, analysis);
  sync_pace_control (self);
  update (self);
  on_current_packet (self, NULL, LADDER_SPOTLIGHT_PANEL (gtk_widget_get_last_child (self->side_panel)));
  return self;
}

LadderPresenter *
ladder_presenter_new (LadderCapture *capture, LadderAnalysis *analysis, gint conversation, GError **error)
{
  return ladder_presenter_new_for_view (capture, analysis, LADDER_PRESENTER_LADDER, conversation, error);
}

/* Full screen. */

GdkMonitor *
ladder_presenter_pick_monitor (LadderPresenter *self, GtkWindow *parent)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  GdkMonitor *own = NULL;
  guint n = g_list_model_get_n_items (monitors);

  g_return_val_if_fail (LADDER_IS_PRESENTER (self), NULL);
  if (n < 2)
    return NULL;
  if (parent != NULL && gtk_native_get_surface (GTK_NATIVE (parent)) != NULL)
    own = gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (parent)),
                                              gtk_native_get_surface (GTK_NATIVE (parent)));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      if (monitor != own)
        return monitor;   /* the display keeps its monitors */
    }
  return NULL;
}

/* Without a window manager (a kiosk, Xvfb) nothing makes a window full
 * screen: it is given the monitor's size as well. */
static void
size_to_monitor (LadderPresenter *self, GdkMonitor *monitor)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  g_autoptr (GdkMonitor) first = NULL;
  GdkRectangle area;

  if (monitor == NULL && g_list_model_get_n_items (monitors) > 0)
    monitor = first = g_list_model_get_item (monitors, 0);
  if (monitor == NULL)
    return;
  gdk_monitor_get_geometry (monitor, &area);
  gtk_window_set_default_size (GTK_WINDOW (self), area.width, area.height);
}

void
ladder_presenter_show (LadderPresenter *self, GtkWindow *parent)
{
  GdkMonitor *monitor;

  g_return_if_fail (LADDER_IS_PRESENTER (self));
  monitor = ladder_presenter_pick_monitor (self, parent);
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      /* The lecture goes on if the main window is closed. */
      gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
    }
  size_to_monitor (self, monitor);
  if (monitor != NULL)
    gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
  else
    gtk_window_fullscreen (GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (self));
}

/* Getters. */

LadderPresentation *
ladder_presenter_get_presentation (LadderPresenter *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), NULL);
  return self->presentation;
}

GtkWidget *
ladder_presenter_get_diagram (LadderPresenter *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), NULL);
  return GTK_WIDGET (self->view);
}

GtkWidget *
ladder_presenter_get_caption_label (LadderPresenter *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), NULL);
  return GTK_WIDGET (self->caption);
}

void
ladder_presenter_add_side_widget (LadderPresenter *self, GtkWidget *widget)
{
  g_return_if_fail (LADDER_IS_PRESENTER (self));
  gtk_box_append (GTK_BOX (self->side_panel), widget);
  gtk_widget_set_visible (self->side_panel, TRUE);
}

guint
ladder_presenter_get_step (LadderPresenter *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), 0);
  return ladder_presentation_get_step (self->presentation);
}

guint
ladder_presenter_get_n_steps (LadderPresenter *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), 0);
  return ladder_presentation_get_n_steps (self->presentation);
}

gboolean
ladder_presenter_is_asking (LadderPresenter *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), FALSE);
  return ladder_presentation_is_asking (self->presentation);
}

const char *
ladder_presenter_get_caption (LadderPresenter *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), NULL);
  return gtk_label_get_text (self->caption);
}

guint
ladder_presenter_get_current_packet (LadderPresenter *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), G_MAXUINT);
  return self->presentation != NULL ? ladder_presentation_get_current_packet (self->presentation) : G_MAXUINT;
}

const char *
ladder_presenter_get_status (LadderPresenter *self, const char *which)
{
  g_return_val_if_fail (LADDER_IS_PRESENTER (self), NULL);
  if (g_strcmp0 (which, "counter") == 0)
    return gtk_label_get_text (self->counter);
  if (g_strcmp0 (which, "typed") == 0)
    return gtk_widget_get_visible (GTK_WIDGET (self->typed_label)) ? gtk_label_get_text (self->typed_label) : "";
  if (g_strcmp0 (which, "message") == 0)
    return gtk_label_get_text (self->message_label);
  if (g_strcmp0 (which, "mode") == 0)
    return gtk_label_get_text (self->mode_label);
  if (g_strcmp0 (which, "play") == 0)
    return gtk_label_get_text (self->play_label);
  g_return_val_if_reached (NULL);
}
