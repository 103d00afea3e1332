/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-filter-bar.h: the filter bar above the pages: an expression in
 * tcpdump's language, a chip naming the conversation shown (a click shows
 * all again: win.clear-conversation), and one line under them for an
 * error (red, the entry outlined) or a warning.
 *
 * Enter applies the expression; clearing the entry applies "" at once.
 *
 * Properties:
 *   text                char*   the entry's text
 *   conversation-label  char*   the chip's words (NULL: no chip)
 *   message             char*   read-only: the line under the bar (NULL: none)
 *   error               gboolean read-only: the line is an error, the entry outlined
 *
 * Signals:
 *   apply (const char *text)   the expression is to be applied
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LADDER_TYPE_FILTER_BAR (ladder_filter_bar_get_type ())
G_DECLARE_FINAL_TYPE (LadderFilterBar, ladder_filter_bar, LADDER, FILTER_BAR, GtkWidget)

GtkWidget  *ladder_filter_bar_new      (void);
const char *ladder_filter_bar_get_text (LadderFilterBar *self);
void        ladder_filter_bar_set_text (LadderFilterBar *self, const char *text);
/* What Enter does: emits "apply" with the entry's text. */
void        ladder_filter_bar_apply    (LadderFilterBar *self);
/* TEXT (NULL: none) under the bar, as an error or a warning. */
void        ladder_filter_bar_show_message (LadderFilterBar *self, const char *text, gboolean error);
const char *ladder_filter_bar_get_message  (LadderFilterBar *self);
gboolean    ladder_filter_bar_get_error    (LadderFilterBar *self);
/* Whether the line under the bar shows a warning (not an error). */
gboolean    ladder_filter_bar_get_warning  (LadderFilterBar *self);
void        ladder_filter_bar_set_conversation_label (LadderFilterBar *self, const char *label);

G_END_DECLS
