/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-here-panel.h: "This machine", beside the lab: a command run on
 * this computer, outside the lab, while its interfaces are captured.
 *
 * Run starts `wireladder-cli run-here [-i IFACE] -w - -- COMMAND`
 * (src/cli/ladder-cli-run-here.c): the capture helper, the one program
 * with CAP_NET_RAW, records the interfaces; COMMAND runs under the tracer
 * as the window's user.  The panel holds no privilege.  Once the first
 * bytes of pcapng arrive it hands the stream to whoever shows captures
 * ("stream"); the socket calls follow the packets when COMMAND has ended.
 * COMMAND's standard output and error (run-here's standard error, as the
 * capture has its standard output) are shown in the panel as they come;
 * a line typed into its input field goes to COMMAND's standard input
 * (run-here --keep-lines keeps both in the capture as program output).
 * The command line and interface of the last run are remembered
 * (LADDER_LAB_SETTINGS_SCHEMA: here-command, here-interface).
 * Stop sends SIGINT to run-here's process group, as Ctrl-C would: COMMAND
 * ends and the capture is finished and kept.
 *
 * Properties:
 *   command     char*    the command line, split like a shell's
 *                        (g_shell_parse_argv) and never run by one (settable)
 *   interface   char*    the interface to capture (NULL or "": every
 *                        interface that is up) (settable)
 *   interfaces  GStrv    read-only: the interfaces up now, to choose from
 *   running     gboolean read-only: a command runs
 *   state       char*    read-only: one line for a status bar
 *   message     char*    read-only: why the run failed or could not
 *                        start (NULL: nothing wrong)
 *   summary     char*    read-only: "captured N packets, dropped D, M socket
 *                        calls" of the last run (NULL before its end)
 *   output      char*    read-only: what was shown in the output area
 *
 * Actions (group "here"): here.run, here.stop; while a command runs,
 * here.send (s: a line for its standard input, as Enter in the input
 * field) and here.close-input (end of its input, as Ctrl+D there).
 *
 * Signals:
 *   stream (int fd, const char *name)   the capture began; FD (pcapng) is
 *                                       the handler's to close
 *   finished (gboolean ok)              the run ended; ok: the capture is
 *                                       whole and COMMAND succeeded or was
 *                                       stopped
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LADDER_TYPE_HERE_PANEL (ladder_here_panel_get_type ())
G_DECLARE_FINAL_TYPE (LadderHerePanel, ladder_here_panel, LADDER, HERE_PANEL, GtkWidget)

GtkWidget  *ladder_here_panel_new            (void);
const char *ladder_here_panel_get_command    (LadderHerePanel *self);
void        ladder_here_panel_set_command    (LadderHerePanel *self, const char *command);
/* NULL: every interface that is up. */
const char *ladder_here_panel_get_interface  (LadderHerePanel *self);
void        ladder_here_panel_set_interface  (LadderHerePanel *self, const char *name);
gboolean    ladder_here_panel_get_running    (LadderHerePanel *self);
const char *ladder_here_panel_get_state      (LadderHerePanel *self);
const char *ladder_here_panel_get_message    (LadderHerePanel *self);
const char *ladder_here_panel_get_summary    (LadderHerePanel *self);
/* The output area's text (g_free). */
char       *ladder_here_panel_dup_output     (LadderHerePanel *self);
/* Starts the command; FALSE, and "message" says why, when it did not. */
gboolean    ladder_here_panel_run            (LadderHerePanel *self);
void        ladder_here_panel_stop           (LadderHerePanel *self);
/* TEXT and a newline to the running command's standard input, shown in
 * the output as typed; FALSE (and "message" says why) when it cannot take
 * it. */
gboolean    ladder_here_panel_send_input     (LadderHerePanel *self, const char *text);
void        ladder_here_panel_close_input    (LadderHerePanel *self);

/* The names of the interfaces that are up, "lo" included (g_strfreev). */
GStrv       ladder_here_interfaces_up        (void);

G_END_DECLS
