/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-programs-panel.h: the lab panel's "Your programs" scenario: a
 * command for the server and for each client (typed, or a file picked
 * with the file chooser: `python3 -u FILE` for a .py), and the run's
 * timeout.  What was entered is remembered between runs and windows in a
 * keyfile, by default g_get_user_config_dir()/wireladder/programs.ini.
 *
 * Properties:
 *   server      string  the server's command ("" : clients only)
 *   clients     GStrv   each client's command, at least one row shown
 *   timeout     guint   seconds, 1..3600 (the lab's --timeout)
 *   n-clients   guint   read-only: client rows
 *   state-file  string  construct-only: where it is remembered (NULL: the
 *                       default; "": nowhere)
 *   error       string  read-only: typed input the lab refused, or NULL
 *                       (a failed start or run is the lab panel's message)
 *
 * Actions (group "programs"):
 *   programs.add-client              a new empty client row
 *   programs.remove-client  i        removes client row I (not the last one)
 *   programs.choose         i        file chooser for the server (-1) or client I
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-lab-client.h"

G_BEGIN_DECLS

#define LADDER_TYPE_PROGRAMS_PANEL (ladder_programs_panel_get_type ())
G_DECLARE_FINAL_TYPE (LadderProgramsPanel, ladder_programs_panel, LADDER, PROGRAMS_PANEL, GtkWidget)

GtkWidget  *ladder_programs_panel_new         (const char *state_file);
const char *ladder_programs_panel_get_server  (LadderProgramsPanel *self);
void        ladder_programs_panel_set_server  (LadderProgramsPanel *self, const char *command);
/* A new array of the client rows' commands (empty rows included). */
GStrv       ladder_programs_panel_get_clients (LadderProgramsPanel *self);
void        ladder_programs_panel_set_clients (LadderProgramsPanel *self, const char *const *commands);
guint       ladder_programs_panel_get_timeout (LadderProgramsPanel *self);
void        ladder_programs_panel_set_timeout (LadderProgramsPanel *self, guint timeout_s);
guint       ladder_programs_panel_get_n_clients (LadderProgramsPanel *self);

/* Fills PROGRAMS for ladder_lab_client_start_programs (valid until the
 * panel changes; empty client rows are left out) and remembers them. */
void        ladder_programs_panel_get_programs (LadderProgramsPanel *self, LadderLabPrograms *programs);
/* Shows ERROR (NULL: clears) under the commands: typed input refused. */
void        ladder_programs_panel_set_error   (LadderProgramsPanel *self, const char *error);
const char *ladder_programs_panel_get_error   (LadderProgramsPanel *self);
/* Writes the state file now (also done when the panel goes away). */
gboolean    ladder_programs_panel_save        (LadderProgramsPanel *self, GError **error);

/* The command that runs FILE: an interpreter's for scripts (`python3 -u`
 * for .py, `sh` for .sh, `perl` for .pl), else the file itself; quoted. */
char       *ladder_programs_command_for_file  (const char *path);

G_END_DECLS
