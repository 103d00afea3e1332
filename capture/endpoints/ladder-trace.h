/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-trace.h: records every socket API call an endpoint makes.
 *
 * The endpoint binary is linked with -Wl,--wrap=socket,... so its plain
 * socket() calls land in ladder-trace.c, which calls the real function and
 * writes one LadderSocketCall record (ladder-events.h) to the file
 * descriptor named by env WIRELADDER_TRACE_FD.  Framing: README.md.
 */
#pragma once

/* Reads WIRELADDER_TRACE_FD and WIRELADDER_HOST; PROGRAM names the role.
 * Without a usable descriptor tracing stays off. */
void ladder_trace_init (const char *program);
