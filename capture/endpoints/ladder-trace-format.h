/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-trace-format.h: socket call arguments written as the course writes
 * them ("AF_INET, SOCK_STREAM, 0", "10.0.4.2:7000", "\"hello\\n\""), for
 * ladder-trace.c.  Every function writes into the caller's buffer and
 * returns it. */
#pragma once

#include <glib.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "ladder-addr.h"

#define LADDER_TRACE_ADDRSTRLEN 64
#define LADDER_TRACE_DATASTRLEN 40

/* Copies an AF_INET / AF_INET6 sockaddr of LEN bytes into ADDR and PORT;
 * leaves them alone for other families or a short LEN. */
void        ladder_trace_sockaddr (const struct sockaddr *sa, socklen_t len,
                                   LadderAddr *addr, guint16 *port);
/* "10.0.4.2:7000", "[fd00::2]:7000", "NULL" or "AF_UNIX". */
const char *ladder_trace_sockaddr_string (const struct sockaddr *sa, socklen_t len,
                                          char out[LADDER_TRACE_ADDRSTRLEN]);
/* N bytes as a C string literal, cut with "..." to fit:
 * "\"hello\\n\"", or "\"\\x1b\"". */
const char *ladder_trace_data (const void *data, size_t n, char out[LADDER_TRACE_DATASTRLEN]);

const char *ladder_trace_domain (int domain, char out[32]);
const char *ladder_trace_type (int type, char out[32]);       /* "SOCK_STREAM|SOCK_NONBLOCK" */
const char *ladder_trace_protocol (int protocol, char out[32]);
const char *ladder_trace_msg_flags (int flags, char out[32]); /* "0", "MSG_DONTWAIT" */
const char *ladder_trace_level (int level, char out[24]);
const char *ladder_trace_option (int level, int name, char out[32]);
/* "1", "{1, 0}" (linger), "5.000s" (timeouts), or "<8 bytes>". */
const char *ladder_trace_option_value (int level, int name, const void *value, socklen_t len,
                                       char out[32]);
/* "{3, 4, 5}" for the descriptors below NFDS set in SET; "NULL". */
const char *ladder_trace_fd_set (int nfds, const fd_set *set, char *out, size_t size);
const char *ladder_trace_timeval (const struct timeval *tv, char out[24]);
