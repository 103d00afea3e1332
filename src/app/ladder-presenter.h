/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-presenter.h: lecture mode's window: a capture told step by step.
 *
 * Full screen, on the second monitor where there is one (the audience's):
 * the step's caption in large type above a diagram as of that step (the
 * ladder, the traceroute staircase, a ping session's ladder or the 5-tuple
 * cards; later events hidden or ghosted, the current one highlighted and
 * kept in the middle of the view), and at a step with a quiz, first the
 * question "what happens next?" with its choices (the diagram stops before
 * the step) until a choice is picked or the answer revealed.  The story is
 * ladder-story.h's, the one `wireladder-cli story` prints; where it is and
 * how it plays is the LadderPresentation's (ladder-presentation.h).
 * Everything is sized for a projector: text at least 24 px, arrows at least
 * 3 px, text contrast at least 7:1 (tests/app/test-presenter.c measures it).
 *
 * Keys (nothing needs a mouse; they work whatever has the focus):
 *   Right Down Page Down Space   next (reveals an asked quiz first)
 *   Enter                        next, or the step whose number was typed
 *   Left Up Page Up              previous          Home End   first, last
 *   0-9 Backspace                type a step number (shown in the status line)
 *   1-4 while a quiz is asked    answer            R          reveal the answer
 *   Q                            ask "what happens next?" for the next step
 *   A                            quizzes asked at every step that has one, or not
 *   P                            play / pause      T          pace: steps/s or real time
 *   + ] / - [                    faster / slower   G          later events ghosted / hidden
 *   Escape                       forget the typed number, else close
 * Actions (scoped "presenter."): next, previous, first, last, enter, digit(i),
 * backspace, answer(i), reveal, ask, auto-ask, play, pace-mode, faster, slower,
 * ghost, escape, close.
 *
 * Properties
 *   presentation    LadderPresentation  read-only: the controller
 *   step            uint     0-based (the presentation's)
 *   current-packet  uint     the packet of the step shown, G_MAXUINT when the step is
 *                            not a packet (or its quiz is still asked)
 *   view            string   read-only: "ladder", "traceroute", "ping" or "tuples"
 *
 * The template's side_panel (a vertical GtkBox beside the diagram, hidden
 * while empty) takes widgets that follow the step: append them with
 * ladder_presenter_add_side_widget().
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-capture.h"
#include "ladder-presentation.h"

G_BEGIN_DECLS

typedef enum
{
  LADDER_PRESENTER_LADDER = 0,
  LADDER_PRESENTER_TRACEROUTE,
  LADDER_PRESENTER_PING,
  LADDER_PRESENTER_TUPLES,
} LadderPresenterView;

/* The window's page names: "ladder", "traceroute", "ping", "tuples". */
const char *ladder_presenter_view_to_string   (LadderPresenterView view);
gboolean    ladder_presenter_view_from_string (const char *name, LadderPresenterView *view);

#define LADDER_TYPE_PRESENTER (ladder_presenter_get_type ())
G_DECLARE_FINAL_TYPE (LadderPresenter, ladder_presenter, LADDER, PRESENTER, GtkWindow)

/* The ladder of CONVERSATION (-1 every packet).  NULL with ERROR when
 * CONVERSATION does not exist or the capture is empty. */
LadderPresenter *ladder_presenter_new (LadderCapture *capture, LadderAnalysis *analysis,
                                       gint conversation, GError **error);
/* VIEW told step by step.  WHICH: the ladder's or ping's conversation (-1
 * every packet), the traceroute run (-1: the first); the 5-tuples take
 * every conversation.  NULL with ERROR when there is nothing to tell or
 * draw (a traceroute view of a capture without one). */
LadderPresenter *ladder_presenter_new_for_view (LadderCapture *capture, LadderAnalysis *analysis,
                                                LadderPresenterView view, gint which, GError **error);

/* Full screen on the audience's monitor: with more than one monitor, the
 * first one PARENT (may be NULL) is not on; else the only one. */
void         ladder_presenter_show (LadderPresenter *self, GtkWindow *parent);
/* The monitor ladder_presenter_show() uses, or NULL for "the window's own". */
GdkMonitor  *ladder_presenter_pick_monitor (LadderPresenter *self, GtkWindow *parent);

LadderPresentation *ladder_presenter_get_presentation (LadderPresenter *self);
/* The LadderDiagramView shown. */
GtkWidget   *ladder_presenter_get_diagram  (LadderPresenter *self);
GtkWidget   *ladder_presenter_get_caption_label (LadderPresenter *self);
/* Appends WIDGET to side_panel (shown from then on). */
void         ladder_presenter_add_side_widget (LadderPresenter *self, GtkWidget *widget);

guint        ladder_presenter_get_step     (LadderPresenter *self);  /* 0-based */
guint        ladder_presenter_get_n_steps  (LadderPresenter *self);
/* TRUE while a quiz waits for its answer (the step is not shown yet). */
gboolean     ladder_presenter_is_asking    (LadderPresenter *self);
const char  *ladder_presenter_get_caption  (LadderPresenter *self);  /* what the caption shows */
guint        ladder_presenter_get_current_packet (LadderPresenter *self);
/* The status line's texts, as shown, by WHICH: "counter" ("Step 3 of 24"), "typed"
 * ("Go to step 12_" or ""), "message" (a note), "mode" ("Questions: asked (A) ·
 * Later: hidden (G)"), "play" ("▶ Playing, 2 steps/s" or "Paused (P plays)"). */
const char  *ladder_presenter_get_status   (LadderPresenter *self, const char *which);

G_END_DECLS
