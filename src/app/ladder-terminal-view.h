/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-terminal-view.h: the terminals of a lab's own programs ("Your
 * programs"): a pane per program with what it wrote to stdout and stderr
 * and what was typed into it, each line with its time on the packet
 * list's clock (seconds since the first packet).  The lines come from the
 * capture (LadderProgramOutput, pcapng Custom Blocks): live while the lab
 * streams, the same when a saved lab capture is opened.
 *
 * Properties:
 *   capture     gpointer  LadderCapture *, referenced; read every 100 ms
 *                         while set (a live capture grows)
 *   input       gboolean  whether lines can be typed (a lab is running);
 *                         each pane's entry is hidden otherwise
 *   n-programs  guint     read-only: panes shown
 *   n-lines     guint     read-only: lines shown over all panes
 *
 * Actions (group "terminal"):
 *   terminal.send         (ss) host, text: emits "input" (host, text, FALSE)
 *   terminal.close-input  s    host: emits "input" (host, NULL, TRUE)
 * A pane's entry activates terminal.send with its text, Ctrl+D in it
 * terminal.close-input.
 *
 * Signal "input" (const char *host, const char *text, gboolean eof): the
 * owner hands it to the lab (ladder_lab_client_send_input); the typed line
 * then comes back through the capture and is shown as typed input.
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-capture.h"

G_BEGIN_DECLS

#define LADDER_TYPE_TERMINAL_VIEW (ladder_terminal_view_get_type ())
G_DECLARE_FINAL_TYPE (LadderTerminalView, ladder_terminal_view, LADDER, TERMINAL_VIEW, GtkWidget)

GtkWidget *ladder_terminal_view_new          (void);
void       ladder_terminal_view_set_capture  (LadderTerminalView *self, LadderCapture *capture);
void       ladder_terminal_view_set_input    (LadderTerminalView *self, gboolean input);
guint      ladder_terminal_view_get_n_programs (LadderTerminalView *self);
guint      ladder_terminal_view_get_n_lines  (LadderTerminalView *self);
/* The text of HOST's pane, times included (NULL: no such pane). */
char      *ladder_terminal_view_get_text     (LadderTerminalView *self, const char *host);
/* The lines of HOST's pane shown in STREAM's style (LadderOutputStream:
 * typed, stdout or stderr), without their times, each ending in "\n". */
char      *ladder_terminal_view_get_stream_text (LadderTerminalView *self, const char *host,
                                                 guint stream);
/* Reads the capture now rather than at the next tick. */
void       ladder_terminal_view_refresh      (LadderTerminalView *self);

G_END_DECLS
