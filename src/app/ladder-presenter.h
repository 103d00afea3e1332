/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-presenter.h: lecture mode's window: a capture told step by step.
 *
 * Full screen: the step's caption in large type above the sequence diagram
 * as of that step (later events hidden, the current one highlighted), and
 * at a step with a quiz, first the question "what happens next?" with its
 * choices (the diagram stops before the step) until a choice is picked or
 * the step is revealed.  The story is ladder-story.h's, the one
 * `wireladder-cli story` prints.
 *
 * Actions (scoped "presenter."): next (Right, Space, Page Down), previous
 * (Left, Page Up), first (Home), last (End), answer(i) (1 to 4), close
 * (Escape).
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-capture.h"

G_BEGIN_DECLS

#define LADDER_TYPE_PRESENTER (ladder_presenter_get_type ())
G_DECLARE_FINAL_TYPE (LadderPresenter, ladder_presenter, LADDER, PRESENTER, GtkWindow)

/* NULL with ERROR when CONVERSATION does not exist or the capture is empty. */
LadderPresenter *ladder_presenter_new (LadderCapture *capture, LadderAnalysis *analysis,
                                       gint conversation, GError **error);

guint        ladder_presenter_get_step     (LadderPresenter *self);  /* 0-based */
guint        ladder_presenter_get_n_steps  (LadderPresenter *self);
/* TRUE while a quiz waits for its answer (the step is not shown yet). */
gboolean     ladder_presenter_is_asking    (LadderPresenter *self);
const char  *ladder_presenter_get_caption  (LadderPresenter *self);  /* what the caption shows */

G_END_DECLS
