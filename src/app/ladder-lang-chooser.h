/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lang-chooser.h: the lab panel's choice of the endpoints' language,
 * the built-in C endpoints or the course's Python programs (`lab run
 * --lang`, capture/ladder-lab-python.h).
 *
 * Properties:
 *   scenario   string   the scenario picked in the panel; the chooser shows
 *                       only for a scenario with Python programs
 *   lang       string   "c" or "python", as picked (default "c")
 *   available  boolean  read-only: the scenario has Python programs
 *
 * Actions:
 *   lang.choose (s)     sets lang (a property action: its state is lang)
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LADDER_TYPE_LANG_CHOOSER (ladder_lang_chooser_get_type ())
G_DECLARE_FINAL_TYPE (LadderLangChooser, ladder_lang_chooser, LADDER, LANG_CHOOSER, GtkWidget)

GtkWidget  *ladder_lang_chooser_new          (void);

void        ladder_lang_chooser_set_scenario (LadderLangChooser *self, const char *scenario);
const char *ladder_lang_chooser_get_scenario (LadderLangChooser *self);
void        ladder_lang_chooser_set_lang     (LadderLangChooser *self, const char *lang);
const char *ladder_lang_chooser_get_lang     (LadderLangChooser *self);
gboolean    ladder_lang_chooser_get_available (LadderLangChooser *self);
/* What to run the scenario in: lang where the scenario has Python
 * programs, else "c". */
const char *ladder_lang_chooser_get_run_lang (LadderLangChooser *self);

G_END_DECLS
