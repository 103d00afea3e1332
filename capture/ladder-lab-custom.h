/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-custom.h: the lab running programs of the user's choosing.
 *
 *   wireladder-cli lab run custom --server 'python3 upper_server.py'
 *                                 --client 'python3 upper_client.py' ...
 *
 * The server runs on the host "server", client N on a host of its own
 * ("client", "client2", ... up to LADDER_LAB_MAX_CLIENTS), each under the
 * tracer (capture/wireladder-trace.c, ladder-ptrace.h) so its socket calls
 * are recorded like the built-in endpoints'.  The server starts first;
 * the clients once it has called listen() (or bind() on UDP) or after
 * LADDER_LAB_CUSTOM_READY_MS, STAGGER_MS apart, concurrently.  The run
 * ends when every client has exited (the server then gets SIGTERM) or at
 * the timeout, which fails the run.  Every program sees the lab's host
 * names in /etc/hosts and WIRELADDER_SERVER (the server's address),
 * WIRELADDER_SERVER_PORT (its port once it listens), WIRELADDER_HOST.
 *
 * The CLI runs these in its own process; the window through the lab
 * helper (`program` lines, capture/PROTOCOL.md), which also gives each
 * program's stdin a pipe the window can type into.
 */
#pragma once

#include <glib.h>

#include "ladder-lab-topology.h"

G_BEGIN_DECLS

#define LADDER_LAB_CUSTOM_SCENARIO           "custom"
#define LADDER_LAB_CUSTOM_DEFAULT_TIMEOUT_S  30
#define LADDER_LAB_CUSTOM_MAX_TIMEOUT_S      3600
#define LADDER_LAB_CUSTOM_DEFAULT_STAGGER_MS 200
#define LADDER_LAB_CUSTOM_MAX_STAGGER_MS     10000
#define LADDER_LAB_CUSTOM_READY_MS           2000

typedef struct _LadderLabCustom
{
  char     **server;      /* argv, or NULL: clients only */
  GPtrArray *clients;     /* char ** argv each */
  guint      timeout_s;   /* 0: the default */
  guint      stagger_ms;
} LadderLabCustom;

LadderLabCustom *ladder_lab_custom_new  (void);
void             ladder_lab_custom_free (LadderLabCustom *custom);

/* COMMAND split as a shell would (g_shell_parse_argv; never run by one).
 * Fails when it does not parse or names no program that can run here. */
gboolean ladder_lab_custom_set_server (LadderLabCustom *custom, const char *command, GError **error);
gboolean ladder_lab_custom_add_client (LadderLabCustom *custom, const char *command, GError **error);
/* At least one client, at most LADDER_LAB_MAX_CLIENTS. */
gboolean ladder_lab_custom_check      (const LadderLabCustom *custom, GError **error);

/* What the program is called in the ladder: the command's basename, or for
 * an interpreter (python3, perl, node, sh ...) its script's:
 * "upper_server.py" for `python3 -u upper_server.py`. */
char    *ladder_lab_custom_program_name (char **argv);

/* Adds the client hosts beyond client2 to TOPO. */
void       ladder_lab_custom_plan_hosts (const LadderLabCustom *custom, LadderLabTopology *topo);
/* A hosts file naming every host of TOPO by its first address in TOPO's
 * family (in the loopback lab: server, client ... all 127.0.0.1 or ::1), written to
 * a new temporary file whose path is returned (the caller deletes it). */
char      *ladder_lab_custom_write_hosts (LadderLabTopology *topo, GError **error);
/* The LadderLabProcess list: TRACER runs each program; HOSTS_FILE goes in
 * their environment. */
GPtrArray *ladder_lab_custom_processes (const LadderLabCustom *custom, LadderLabTopology *topo,
                                        const char *tracer, const char *hosts_file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderLabCustom, ladder_lab_custom_free)

G_END_DECLS
