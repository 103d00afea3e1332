/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-private.h: what the lab's runner, helper and CLI share.
 *
 * A scenario is a list of endpoint processes (ladder-lab.c).  Servers start
 * first and are waited for (their `ready` line); clients run in steps, a
 * step starting once every client of the previous one has exited.
 */
#pragma once

#include <glib.h>

#include "ladder-lab-client.h"
#include "ladder-lab-topology.h"

G_BEGIN_DECLS

#define LADDER_LAB_DEFAULT_MAX_TTL  30
#define LADDER_LAB_MAX_MAX_TTL      64
#define LADDER_LAB_DEFAULT_QUERIES  3
#define LADDER_LAB_MAX_QUERIES      10

typedef struct
{
  char     host[16];
  gboolean server;        /* wait for "ready"; SIGTERM when the clients are done */
  guint    step;          /* clients: run after every client of earlier steps exited */
  guint    delay_ms;      /* clients: after their step began */
  int      expect_status; /* clients: the exit status that means success */
  char   **argv;          /* role and arguments, without the program path */
  /* Custom labs (ladder-lab-custom.h): the tracer runs the program. */
  char    *program;       /* NULL: the endpoints' binary */
  char   **env;           /* added to the environment; may be NULL */
  guint    ready_ms;      /* servers: 0 waits for "ready"; else ready at listen()/UDP
                           * bind(), or after READY_MS whatever it did */
} LadderLabProcess;

void ladder_lab_process_free (LadderLabProcess *process);

/* Fills in the impairments a scenario has when none are asked for. */
void       ladder_lab_scenario_default_impair (LadderLabParams *params);
/* Whether scenario NAME needs client2 in its topology. */
gboolean   ladder_lab_scenario_needs_client2 (const char *name);
/* The processes of PARAMS->scenario on TOPO, servers first. */
GPtrArray *ladder_lab_scenario_processes (const LadderLabParams *params,
                                          LadderLabTopology     *topo);

/* Checks PARAMS and fills in the defaults into OUT (whose strings point to
 * static storage or into PARAMS). */
gboolean   ladder_lab_params_resolve (const LadderLabParams *params,
                                      LadderLabParams       *out,
                                      GError               **error);

/* Whether every value of IMPAIR is in range (LADDER_LAB_ERROR_PARAMS). */
gboolean   ladder_lab_impair_check (const LadderLabImpair *impair, GError **error);

/* Path of a lab program: the endpoints ("wireladder-endpoint", env
 * WIRELADDER_ENDPOINT) or the helper ("wireladder-lab-helper", env
 * WIRELADDER_LAB_HELPER).  The environment variable wins; then the build
 * tree when the running program is in it; then libexecdir ("wireladder-cli",
 * env WIRELADDER_CLI: src/cli, then bindir). */
char      *ladder_lab_find_program (const char *name, const char *env, GError **error);

typedef struct
{
  guint64  packets;        /* packet blocks written */
  guint64  calls;          /* socket calls written */
  guint64  states;         /* socket states written */
  guint64  drops;          /* packets the kernel dropped, all links */
  gint64   setup_ns;       /* namespaces and links */
  gint64   scenario_ns;    /* first endpoint started to capture stopped */
  gboolean netem;          /* tc netem exists here (not used: the relay impairs links) */
  guint64  seed;           /* the impairments' seed: the one asked for, or a random one */
  guint    relays;         /* links with a relay */
  gboolean userns;         /* ran in a user namespace */
  gboolean stopped;        /* the caller stopped it before the end */
  char     namespaces[256]; /* inode numbers of the hosts' namespaces, space-separated */
  gboolean tracepoint;     /* TCP states are the kernel's every change, not samples */
  char     states_note[192]; /* how the kernel's TCP states were recorded, and why */
} LadderLabResult;

typedef struct
{
  /* Progress for a status bar; may be NULL. */
  void     (*status)  (const char *message, gpointer data);
  /* CONTROL_FD readable: CONTROL is called and returns TRUE to stop the
   * scenario (-1: none). */
  int        control_fd;
  gboolean (*control) (int fd, gpointer data);
  gpointer   data;
  /* A user namespace even as root (tests of the unprivileged path). */
  gboolean   force_userns;
  /* Packets the kernel dropped so far, all links, whenever the count
   * grows while running (at most twice a second); may be NULL. */
  void     (*drops)   (guint64 drops, gpointer data);
  /* Custom labs: the programs to run (scenario "custom"); NULL otherwise. */
  const struct _LadderLabCustom *custom;
  /* Each line a program writes (stdout, or stderr when IS_ERR), as it
   * comes; may be NULL. */
  void     (*output)  (const char *host, const char *program, gboolean is_err,
                       const char *line, gpointer data);
  /* Custom labs: each program's stdin is a pipe for
   * ladder_lab_run_send_input (the window's terminals); FALSE: /dev/null,
   * so a program reading its input gets end of file at once. */
  gboolean   input;
} LadderLabRunOptions;

/* Runs a scenario in this process, writing pcapng to OUT_FD (not closed).
 * The process must be single-threaded, and is left inside the lab's
 * namespaces: run one scenario per process.  On failure RESULT still holds
 * what was measured, and the file holds what was captured. */
gboolean ladder_lab_run (const LadderLabParams     *params,
                         int                        out_fd,
                         const LadderLabRunOptions *options,
                         LadderLabResult           *result,
                         GError                   **error);

/* While ladder_lab_run runs in this process (from its CONTROL callback):
 * TEXT and a newline to the stdin of the custom program on HOST, recorded
 * in the file as LADDER_OUTPUT_STDIN; or with EOF its stdin closed.  Never
 * blocks: a program that has not read what it was sent is an error. */
gboolean ladder_lab_run_send_input (const char *host, const char *text, gboolean eof,
                                    GError **error);

G_END_DECLS
