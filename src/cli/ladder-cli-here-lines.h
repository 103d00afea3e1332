/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-here-lines.h: `run-here --keep-lines`: COMMAND's standard
 * input, output and error go through run-here, which passes them on as they
 * come and keeps every line as a LadderProgramOutput record (typed in,
 * written out), as `lab run custom` keeps its programs' lines.  The window's
 * "This machine" types into COMMAND this way.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LadderHereLines LadderHereLines;

/* HOST and PROGRAM name the records; ECHO_FD is where COMMAND's standard
 * output goes on (standard error when the capture goes to standard output). */
LadderHereLines *ladder_here_lines_new   (const char *host, const char *program, int echo_fd);
void             ladder_here_lines_free  (LadderHereLines *lines);

/* COMMAND (PID, its records' pid) was started with pipes: IN_FD its
 * standard input's write end, OUT_FD and ERR_FD its output's read ends.
 * Passes run-here's standard input to it line by line and its output on,
 * until it has exited (then what it left in the pipes); closes the three.
 * Its wait status. */
int              ladder_here_lines_relay (LadderHereLines *lines, GPid pid,
                                          int in_fd, int out_fd, int err_fd);

/* The records so far, each a uint32 little-endian length and a Custom
 * Block body (the tracer's framing). */
GByteArray      *ladder_here_lines_get_records (LadderHereLines *lines);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderHereLines, ladder_here_lines_free)

G_END_DECLS
