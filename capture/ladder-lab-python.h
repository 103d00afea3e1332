/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-python.h: the built-in scenarios with the course's Python
 * programs (`lab run SCENARIO --lang python`).
 *
 * data/programs/python holds a Python version of each endpoint role of
 * tcp-echo, udp-timestamp, select-chat, byte-commands and raw-icmp (its
 * receiver; the ping that feeds it stays the C endpoint).  Each takes the C
 * role's options and arguments and prints the same lines (`ready` first for
 * a server), so a scenario's plan (ladder-lab.c) is built once and its
 * processes are then swapped for `python3 -u SCRIPT ARGS` run under
 * wireladder-trace, like a custom lab's programs: their socket calls are
 * recorded by ptrace and their output kept in the capture.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LADDER_LAB_LANG_C      "c"
#define LADDER_LAB_LANG_PYTHON "python"

/* Whether SCENARIO has Python programs. */
gboolean   ladder_lab_python_has_scenario (const char *scenario);
/* LANG (NULL: C) is a language SCENARIO can run in (LADDER_LAB_ERROR_PARAMS). */
gboolean   ladder_lab_lang_check          (const char *scenario, const char *lang, GError **error);
/* The directory of the Python programs: $WIRELADDER_PYTHON_PROGRAMS, the
 * source tree's data/programs/python when running from the build tree,
 * else $datadir/wireladder/programs/python. */
char      *ladder_lab_python_find_dir     (GError **error);
/* python3 in PATH, or an error saying how to install it. */
char      *ladder_lab_python_find_interpreter (GError **error);
/* Swaps every process of PROCESSES (LadderLabProcess) that has a Python
 * version for it, run by TRACER with PYTHON from DIR. */
void       ladder_lab_python_translate    (GPtrArray  *processes,
                                           const char *tracer,
                                           const char *python,
                                           const char *dir);

G_END_DECLS
