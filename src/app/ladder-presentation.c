/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-presentation.c: lecture mode's controller (see ladder-presentation.h). */
#include "ladder-presentation.h"

#include <glib/gi18n-lib.h>

#define MAX_TYPED       6
#define MIN_WAIT_MS     100
#define MAX_WAIT_MS     6000

struct _LadderPresentation
{
  GObject         parent_instance;

  LadderStory    *story;
  guint           step;
  gboolean        asking;
  gboolean        asked;       /* the step's quiz was asked (and maybe answered) */
  gint            picked;
  gboolean        auto_ask;
  gboolean        playing;
  guint           play_id;
  LadderPaceMode  pace_mode;
  double          steps_per_second;
  double          slowdown;
  gboolean        ghost;
  GString        *typed;
  char           *message;
};

enum
{
  PROP_0,
  PROP_STEP,
  PROP_N_STEPS,
  PROP_CURRENT_PACKET,
  PROP_ASKING,
  PROP_PICKED,
  PROP_AUTO_ASK,
  PROP_PLAYING,
  PROP_PACE_MODE,
  PROP_STEPS_PER_SECOND,
  PROP_SLOWDOWN,
  PROP_GHOST,
  PROP_TYPED,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LadderPresentation, ladder_presentation, G_TYPE_OBJECT)

GType
ladder_pace_mode_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { LADDER_PACE_STEPS, "LADDER_PACE_STEPS", "steps" },
    { LADDER_PACE_REAL_TIME, "LADDER_PACE_REAL_TIME", "real-time" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("LadderPaceMode", values));
  return type;
}

static void
notify (LadderPresentation *self, guint prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_message (LadderPresentation *self, const char *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  notify (self, PROP_MESSAGE);
}

const LadderStoryStep *
ladder_presentation_get_current (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), NULL);
  return ladder_story_get_step (self->story, self->step);
}

/* Every change of step or quiz state goes through here, so the
 * properties that follow from them are notified together. */
static void
set_state (LadderPresentation *self, guint step, gboolean asking, gint picked)
{
  gboolean step_changed = step != self->step;

  self->asked = asking || (!step_changed && self->asked);
  self->step = step;
  self->asking = asking;
  self->picked = picked;
  g_object_freeze_notify (G_OBJECT (self));
  if (step_changed)
    notify (self, PROP_STEP);
  notify (self, PROP_ASKING);
  notify (self, PROP_PICKED);
  notify (self, PROP_CURRENT_PACKET);
  g_object_thaw_notify (G_OBJECT (self));
}

static void restart_play (LadderPresentation *self);

void
ladder_presentation_go_to (LadderPresentation *self, guint step)
{
  guint last;

  g_return_if_fail (LADDER_IS_PRESENTATION (self));
  last = ladder_story_get_n_steps (self->story) - 1;
  step = MIN (step, last);
  set_message (self, NULL);
  /* Playing tells, it does not ask. */
  set_state (self, step, self->auto_ask && !self->playing && ladder_story_get_step (self->story, step)->quiz != NULL, -1);
  if (self->playing)
    restart_play (self);
}

void
ladder_presentation_next (LadderPresentation *self)
{
  g_return_if_fail (LADDER_IS_PRESENTATION (self));
  if (self->asking)
    {
      ladder_presentation_reveal (self);
      return;
    }
  if (self->step + 1 < ladder_story_get_n_steps (self->story))
    ladder_presentation_go_to (self, self->step + 1);
  else
    set_message (self, _("This is the last step."));
}

void
ladder_presentation_previous (LadderPresentation *self)
{
  g_return_if_fail (LADDER_IS_PRESENTATION (self));
  if (self->step > 0)
    ladder_presentation_go_to (self, self->step - 1);
}

void
ladder_presentation_first (LadderPresentation *self)
{
  ladder_presentation_go_to (self, 0);
}

void
ladder_presentation_last (LadderPresentation *self)
{
  ladder_presentation_go_to (self, G_MAXUINT);
}

gboolean
ladder_presentation_ask (LadderPresentation *self)
{
  guint next;

  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), FALSE);
  if (self->asking)
    return TRUE;
  next = self->step + 1;
  if (next >= ladder_story_get_n_steps (self->story) || ladder_story_get_step (self->story, next)->quiz == NULL)
    {
      g_autofree char *text = next >= ladder_story_get_n_steps (self->story)
                              ? g_strdup (_("Nothing comes after the last step."))
                              : g_strdup_printf (_("Step %u has no question."), next + 1);
      set_message (self, text);
      return FALSE;
    }
  ladder_presentation_set_playing (self, FALSE);
  set_message (self, NULL);
  set_state (self, next, TRUE, -1);
  return TRUE;
}

gboolean
ladder_presentation_answer (LadderPresentation *self, guint choice)
{
  const LadderStoryQuiz *quiz;

  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), FALSE);
  quiz = ladder_presentation_get_current (self)->quiz;
  if (!self->asking || quiz == NULL || choice >= quiz->n_choices)
    return FALSE;
  set_state (self, self->step, FALSE, (gint) choice);
  return TRUE;
}

gboolean
ladder_presentation_reveal (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), FALSE);
  if (!self->asking)
    return FALSE;
  set_state (self, self->step, FALSE, -1);
  return TRUE;
}

void
ladder_presentation_type_digit (LadderPresentation *self, guint digit)
{
  g_return_if_fail (LADDER_IS_PRESENTATION (self));
  g_return_if_fail (digit <= 9);
  if (self->typed->len >= MAX_TYPED || (self->typed->len == 0 && digit == 0))
    return;
  g_string_append_c (self->typed, (char) ('0' + digit));
  notify (self, PROP_TYPED);
}

void
ladder_presentation_backspace (LadderPresentation *self)
{
  g_return_if_fail (LADDER_IS_PRESENTATION (self));
  if (self->typed->len == 0)
    return;
  g_string_truncate (self->typed, self->typed->len - 1);
  notify (self, PROP_TYPED);
}

gboolean
ladder_presentation_clear_typed (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), FALSE);
  if (self->typed->len == 0)
    return FALSE;
  g_string_truncate (self->typed, 0);
  notify (self, PROP_TYPED);
  return TRUE;
}

void
ladder_presentation_enter (LadderPresentation *self)
{
  guint64 wanted;

  g_return_if_fail (LADDER_IS_PRESENTATION (self));
  if (self->typed->len == 0)
    {
      ladder_presentation_next (self);
      return;
    }
  wanted = g_ascii_strtoull (self->typed->str, NULL, 10);
  ladder_presentation_clear_typed (self);
  if (wanted < 1 || wanted > ladder_story_get_n_steps (self->story))
    {
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, wanted);
      g_autofree char *text = g_strdup_printf (_("There is no step %s: the steps are 1 to %u."),
                                               number, ladder_story_get_n_steps (self->story));
      set_message (self, text);
      return;
    }
  ladder_presentation_go_to (self, (guint) wanted - 1);
}

/* Playing. */

guint
ladder_presentation_get_wait_ms (LadderPresentation *self)
{
  gint64 gap;

  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), 0);
  if (self->pace_mode == LADDER_PACE_STEPS || self->step + 1 >= ladder_story_get_n_steps (self->story))
    return (guint) CLAMP (1000.0 / self->steps_per_second, MIN_WAIT_MS, 10000);
  gap = ladder_ns_between (ladder_presentation_get_current (self)->ts_ns,
                           ladder_story_get_step (self->story, self->step + 1)->ts_ns);
  /* Long pauses (a client waiting a second) are cut short, and bursts
   * still leave time to see each step. */
  return (guint) CLAMP (MAX (gap, 0) / 1e6 * self->slowdown, MIN_WAIT_MS, MAX_WAIT_MS);
}

static gboolean
on_play_tick (gpointer user_data)
{
  LadderPresentation *self = user_data;

  self->play_id = 0;
  if (self->step + 1 >= ladder_story_get_n_steps (self->story))
    {
      ladder_presentation_set_playing (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  ladder_presentation_go_to (self, self->step + 1);
  return G_SOURCE_REMOVE;
}

static void
restart_play (LadderPresentation *self)
{
  g_clear_handle_id (&self->play_id, g_source_remove);
  if (self->playing)
    self->play_id = g_timeout_add (ladder_presentation_get_wait_ms (self), on_play_tick, self);
}

void
ladder_presentation_set_playing (LadderPresentation *self, gboolean playing)
{
  g_return_if_fail (LADDER_IS_PRESENTATION (self));
  playing = !!playing;
  if (playing == self->playing)
    return;
  self->playing = playing;
  if (playing && self->asking)
    set_state (self, self->step, FALSE, -1);
  /* From the last step, play starts again at the first. */
  if (playing && self->step + 1 >= ladder_story_get_n_steps (self->story))
    ladder_presentation_go_to (self, 0);
  restart_play (self);
  notify (self, PROP_PLAYING);
}

void
ladder_presentation_set_ghost (LadderPresentation *self, gboolean ghost)
{
  g_return_if_fail (LADDER_IS_PRESENTATION (self));
  if (!!ghost == self->ghost)
    return;
  self->ghost = !!ghost;
  notify (self, PROP_GHOST);
}

void
ladder_presentation_change_pace (LadderPresentation *self, double factor)
{
  g_return_if_fail (LADDER_IS_PRESENTATION (self));
  g_return_if_fail (factor > 0);
  if (self->pace_mode == LADDER_PACE_STEPS)
    g_object_set (self, "steps-per-second", CLAMP (self->steps_per_second * factor, 0.1, 20.0), NULL);
  else
    g_object_set (self, "slowdown", CLAMP (self->slowdown / factor, 1.0, 100000.0), NULL);
}

char *
ladder_presentation_describe_pace (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), NULL);
  if (self->pace_mode == LADDER_PACE_STEPS)
    return self->steps_per_second == 1 ? g_strdup (_("1 step/s")) : g_strdup_printf (_("%g steps/s"), self->steps_per_second);
  return g_strdup_printf (_("real time \u00d71/%g"), self->slowdown);
}

/* Getters. */

LadderStory *
ladder_presentation_get_story (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), NULL);
  return self->story;
}

guint
ladder_presentation_get_step (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), 0);
  return self->step;
}

guint
ladder_presentation_get_n_steps (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), 0);
  return ladder_story_get_n_steps (self->story);
}

guint
ladder_presentation_get_current_packet (LadderPresentation *self)
{
  const LadderStoryStep *step;

  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), G_MAXUINT);
  step = ladder_presentation_get_current (self);
  if (self->asking || step->packet == 0 || step->packet >= G_MAXUINT)
    return G_MAXUINT;
  return (guint) step->packet;
}

gboolean
ladder_presentation_is_asking (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), FALSE);
  return self->asking;
}

gboolean
ladder_presentation_was_asked (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), FALSE);
  return self->asked;
}

gint
ladder_presentation_get_picked (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), -1);
  return self->picked;
}

gboolean
ladder_presentation_get_playing (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), FALSE);
  return self->playing;
}

gboolean
ladder_presentation_get_ghost (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), FALSE);
  return self->ghost;
}

const char *
ladder_presentation_get_typed (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), NULL);
  return self->typed->str;
}

const char *
ladder_presentation_get_message (LadderPresentation *self)
{
  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), NULL);
  return self->message;
}

gboolean
ladder_presentation_get_shown (LadderPresentation *self, gint64 *until_ns, guint64 *frame)
{
  const LadderStoryStep *step;

  g_return_val_if_fail (LADDER_IS_PRESENTATION (self), FALSE);
  step = ladder_presentation_get_current (self);
  if (!self->asking)
    {
      *until_ns = step->ts_ns;
      *frame = step->packet != 0 ? step->packet : 0;
      return TRUE;
    }
  /* Asking: the diagram stops before the step. */
  *frame = 0;
  if (self->step == 0)
    {
      *until_ns = step->ts_ns - 1;
      return FALSE;
    }
  step = ladder_story_get_step (self->story, self->step - 1);
  *until_ns = step->ts_ns;
  *frame = step->packet;
  return TRUE;
}

/* GObject. */

static void
ladder_presentation_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderPresentation *self = LADDER_PRESENTATION (object);

  switch (prop_id)
    {
    case PROP_STEP: g_value_set_uint (value, self->step); break;
    case PROP_N_STEPS: g_value_set_uint (value, ladder_story_get_n_steps (self->story)); break;
    case PROP_CURRENT_PACKET: g_value_set_uint (value, ladder_presentation_get_current_packet (self)); break;
    case PROP_ASKING: g_value_set_boolean (value, self->asking); break;
    case PROP_PICKED: g_value_set_int (value, self->picked); break;
    case PROP_AUTO_ASK: g_value_set_boolean (value, self->auto_ask); break;
    case PROP_PLAYING: g_value_set_boolean (value, self->playing); break;
    case PROP_PACE_MODE: g_value_set_enum (value, self->pace_mode); break;
    case PROP_STEPS_PER_SECOND: g_value_set_double (value, self->steps_per_second); break;
    case PROP_SLOWDOWN: g_value_set_double (value, self->slowdown); break;
    case PROP_GHOST: g_value_set_boolean (value, self->ghost); break;
    case PROP_TYPED: g_value_set_string (value, self->typed->str); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Pace settings: a playing presentation waits the new time from now. */
static void
set_pace (LadderPresentation *self, guint prop_id, const GValue *value)
{
  if (prop_id == PROP_PACE_MODE)
    self->pace_mode = g_value_get_enum (value);
  else if (prop_id == PROP_STEPS_PER_SECOND)
    self->steps_per_second = g_value_get_double (value);
  else
    self->slowdown = g_value_get_double (value);
  restart_play (self);
  notify (self, prop_id);
}

static void
ladder_presentation_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderPresentation *self = LADDER_PRESENTATION (object);

  switch (prop_id)
    {
    case PROP_STEP: ladder_presentation_go_to (self, g_value_get_uint (value)); break;
    case PROP_AUTO_ASK:
      self->auto_ask = g_value_get_boolean (value);
      notify (self, PROP_AUTO_ASK);
      break;
    case PROP_PLAYING: ladder_presentation_set_playing (self, g_value_get_boolean (value)); break;
    case PROP_PACE_MODE:
    case PROP_STEPS_PER_SECOND:
    case PROP_SLOWDOWN: set_pace (self, prop_id, value); break;
    case PROP_GHOST: ladder_presentation_set_ghost (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_presentation_finalize (GObject *object)
{
  LadderPresentation *self = LADDER_PRESENTATION (object);

  g_clear_handle_id (&self->play_id, g_source_remove);
  g_clear_pointer (&self->story, ladder_story_free);
  g_string_free (self->typed, TRUE);
  g_free (self->message);
  G_OBJECT_CLASS (ladder_presentation_parent_class)->finalize (object);
}

static void
ladder_presentation_class_init (LadderPresentationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = ladder_presentation_get_property;
  object_class->set_property = ladder_presentation_set_property;
  object_class->finalize = ladder_presentation_finalize;
  properties[PROP_STEP] = g_param_spec_uint ("step", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_N_STEPS] = g_param_spec_uint ("n-steps", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_CURRENT_PACKET] = g_param_spec_uint ("current-packet", NULL, NULL, 0, G_MAXUINT, G_MAXUINT, ro);
  properties[PROP_ASKING] = g_param_spec_boolean ("asking", NULL, NULL, FALSE, ro);
  properties[PROP_PICKED] = g_param_spec_int ("picked", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_AUTO_ASK] = g_param_spec_boolean ("auto-ask", NULL, NULL, TRUE, rw);
  properties[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE, rw);
  properties[PROP_PACE_MODE] = g_param_spec_enum ("pace-mode", NULL, NULL, LADDER_TYPE_PACE_MODE,
                                                  LADDER_PACE_STEPS, rw);
  properties[PROP_STEPS_PER_SECOND] = g_param_spec_double ("steps-per-second", NULL, NULL, 0.1, 20.0, 1.0, rw);
  properties[PROP_SLOWDOWN] = g_param_spec_double ("slowdown", NULL, NULL, 1.0, 100000.0, 1000.0, rw);
  properties[PROP_GHOST] = g_param_spec_boolean ("ghost", NULL, NULL, FALSE, rw);
  properties[PROP_TYPED] = g_param_spec_string ("typed", NULL, NULL, "", ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ladder_presentation_init (LadderPresentation *self)
{
  self->picked = -1;
  self->auto_ask = TRUE;
  self->steps_per_second = 1.0;
  self->slowdown = 1000.0;
  self->typed = g_string_new (NULL);
}

LadderPresentation *
ladder_presentation_new (LadderStory *story)
{
  LadderPresentation *self;

  g_return_val_if_fail (story != NULL && ladder_story_get_n_steps (story) > 0, NULL);
  self = g_object_new (LADDER_TYPE_PRESENTATION, NULL);
  self->story = story;
  self->asking = self->asked = self->auto_ask && ladder_story_get_step (story, 0)->quiz != NULL;
  return self;
}
