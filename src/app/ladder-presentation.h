/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-presentation.h: lecture mode's controller: where a story is told.
 *
 * It owns a LadderStory (ladder-story.h) and knows the step shown, whether
 * its quiz is being asked, what the presenter has typed (a step number
 * before Enter), whether it plays by itself and at which pace, and whether
 * what comes later is hidden or ghosted.  It draws nothing: LadderPresenter
 * shows it, and tests drive it without a window.
 *
 * Properties
 *   step            uint     0-based; setting it goes there (asking its quiz when auto-ask)
 *   n-steps         uint     read-only
 *   current-packet  uint     the packet of the step shown (its frame number), G_MAXUINT when
 *                            the step is not a packet or its quiz is still being asked
 *   asking          bool     read-only: the step's quiz waits for an answer; the step is not
 *                            shown yet (the views show the step before)
 *   picked          int      read-only: the choice picked (0-based), -1 none
 *   auto-ask        bool     a step with a quiz asks it first (default TRUE)
 *   playing         bool     steps advance by themselves (quizzes are shown, not asked)
 *   pace-mode       LadderPaceMode  steps per second, or the capture's own time slowed down
 *   steps-per-second double  0.1-20 (default 1)
 *   slowdown        double   real time: one second of capture takes SLOWDOWN s (1-100000,
 *                            default 1000); each wait is kept within 0.1-6 s
 *   ghost           bool     later events drawn faintly instead of hidden
 *   typed           string   the step number typed so far ("" none)
 *   message         string   a short note for the presenter ("Step 3 has no question.")
 */
#pragma once

#include <glib-object.h>

#include "ladder-story.h"

G_BEGIN_DECLS

typedef enum
{
  LADDER_PACE_STEPS = 0,   /* steps-per-second */
  LADDER_PACE_REAL_TIME,   /* the gaps between events, times slowdown */
} LadderPaceMode;

#define LADDER_TYPE_PACE_MODE (ladder_pace_mode_get_type ())
GType ladder_pace_mode_get_type (void);

#define LADDER_TYPE_PRESENTATION (ladder_presentation_get_type ())
G_DECLARE_FINAL_TYPE (LadderPresentation, ladder_presentation, LADDER, PRESENTATION, GObject)

/* Takes STORY, which has at least one step. */
LadderPresentation    *ladder_presentation_new        (LadderStory *story);

LadderStory           *ladder_presentation_get_story  (LadderPresentation *self);
guint                  ladder_presentation_get_step   (LadderPresentation *self);
guint                  ladder_presentation_get_n_steps (LadderPresentation *self);
const LadderStoryStep *ladder_presentation_get_current (LadderPresentation *self);
guint                  ladder_presentation_get_current_packet (LadderPresentation *self);
gboolean               ladder_presentation_is_asking  (LadderPresentation *self);
gint                   ladder_presentation_get_picked (LadderPresentation *self);
/* The step's quiz was asked: it is still, or it was answered or revealed. */
gboolean               ladder_presentation_was_asked (LadderPresentation *self);
gboolean               ladder_presentation_get_playing (LadderPresentation *self);
gboolean               ladder_presentation_get_ghost  (LadderPresentation *self);
const char            *ladder_presentation_get_typed  (LadderPresentation *self);
const char            *ladder_presentation_get_message (LadderPresentation *self);
/* What the views show: events up to *UNTIL_NS (the step's time, or the
 * step before's while asking; FALSE before the first event), the frame to
 * highlight (0 none). */
gboolean               ladder_presentation_get_shown  (LadderPresentation *self, gint64 *until_ns,
                                                       guint64 *frame);
/* The wait before the next step when playing, in milliseconds. */
guint                  ladder_presentation_get_wait_ms (LadderPresentation *self);

void ladder_presentation_go_to     (LadderPresentation *self, guint step);
/* Reveals an asked quiz, else the next step. */
void ladder_presentation_next      (LadderPresentation *self);
void ladder_presentation_previous  (LadderPresentation *self);
void ladder_presentation_first     (LadderPresentation *self);
void ladder_presentation_last      (LadderPresentation *self);
/* "What happens next?": the next step, its quiz asked (FALSE and a message
 * when it has none). */
gboolean ladder_presentation_ask   (LadderPresentation *self);
/* Picks CHOICE (0-based) of the quiz being asked: the answer is marked and
 * the step shown.  FALSE when nothing is asked or there is no such choice. */
gboolean ladder_presentation_answer (LadderPresentation *self, guint choice);
/* Shows the answer and the step without a choice. */
gboolean ladder_presentation_reveal (LadderPresentation *self);
/* A digit of a step number; Enter (enter()) jumps to it. */
void ladder_presentation_type_digit (LadderPresentation *self, guint digit);
void ladder_presentation_backspace  (LadderPresentation *self);
/* Jumps to the typed step (1-based) when there is one typed, else next. */
void ladder_presentation_enter      (LadderPresentation *self);
/* Forgets the typed number; FALSE when there was none. */
gboolean ladder_presentation_clear_typed (LadderPresentation *self);
void ladder_presentation_set_playing (LadderPresentation *self, gboolean playing);
void ladder_presentation_set_ghost   (LadderPresentation *self, gboolean ghost);
/* Faster (FACTOR > 1) or slower, in the current pace mode. */
void ladder_presentation_change_pace (LadderPresentation *self, double factor);
/* "2 steps/s", "real time ×1/1000". */
char *ladder_presentation_describe_pace (LadderPresentation *self);

G_END_DECLS
