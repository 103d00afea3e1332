/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-client.h: the window's side of the lab boundary.
 *
 * The lab (namespaces, endpoints, live capture) never runs in the GUI
 * process: the client spawns the lab helper (`wireladder-lab-helper`) and
 * talks to it over pipes with the message format documented in
 * capture/PROTOCOL.md.  The capture streams back as pcapng on a file
 * descriptor the caller reads with ladder_reader_open_fd() in a worker
 * thread, exactly like a file: one IDB per link (if_name "client–r1" ...),
 * EPBs as they are captured, socket calls and socket states as Custom Blocks
 * (ladder-events.h).  The stream ends (EOF) when the scenario finishes or
 * is stopped.
 *
 * Signals are emitted on the thread-default main context of the caller of
 * ladder_lab_client_new().
 *
 * CONTRACT shared by capture/ and src/app: change only with care.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Which parameters a scenario uses (the window shows only those). */
typedef enum
{
  LADDER_LAB_PARAM_HOPS    = 1 << 0,
  LADDER_LAB_PARAM_METHOD  = 1 << 1,
  LADDER_LAB_PARAM_MAX_TTL = 1 << 2,
  LADDER_LAB_PARAM_QUERIES = 1 << 3,
  /* Also runs on one host (`--topology loopback`); every scenario runs
   * over either family. */
  LADDER_LAB_PARAM_LOOPBACK = 1 << 4,
} LadderLabParamFlags;

typedef struct
{
  const char *name;      /* "tcp-echo", as `wireladder-cli lab list` prints it */
  const char *title;     /* "TCP echo" */
  const char *summary;   /* one sentence for the window */
  guint       params;    /* LadderLabParamFlags */
} LadderLabScenario;

/* The ten scenarios, in the order of the issues. */
const LadderLabScenario *ladder_lab_get_scenarios (guint *n_scenarios);
const LadderLabScenario *ladder_lab_find_scenario (const char *name);
/* "custom", the user's own programs ("Your programs"): started with
 * ladder_lab_client_start_programs, not in the list above. */
const LadderLabScenario *ladder_lab_get_custom_scenario (void);

/* What one link does to the frames crossing it, each way independently
 * (the lab's user-space relay, capture/ladder-lab-relay.h).  All zero: a
 * plain veth pair, no relay. */
typedef struct
{
  guint delay_ms;           /* fixed one-way delay, 0..1000 ms */
  guint jitter_ms;          /* plus or minus up to this much, 0..1000 ms */
  guint loss_percent;       /* frames dropped, 0..100 */
  guint duplicate_percent;  /* frames sent twice, 0..100 */
  guint reorder_percent;    /* frames held back until the next one has passed, 0..100 */
  guint rate_kbit;          /* token bucket, kbit/s; 0: unlimited */
} LadderLabImpair;

typedef struct
{
  guint           subnet;   /* link k (10.0.k.0/24); 101 for client2–r1 */
  LadderLabImpair impair;   /* replaces the every-link settings on this link */
} LadderLabLinkImpair;

#define LADDER_LAB_MAX_LINK_IMPAIRS 10

typedef struct
{
  const char *scenario;
  guint       hops;      /* routers, 1..8; 0: the default (3) */
  const char *method;    /* "udp", "icmp" or "tcp"; NULL: "udp" */
  guint       max_ttl;   /* 0: the default */
  guint       queries;   /* probes per hop; 0: the default */
  /* Appended later: callers that zero-initialise the struct get neither.
   * Every link, each direction (the user-space relay: every kernel). */
  guint       delay_ms;      /* one-way delay per link, 0..1000 ms; 0: none */
  guint       loss_percent;  /* packet loss per link and direction, 0..100; 0: none */
  /* Appended with the relay; zero: none.  The every-link settings are
   * delay_ms, loss_percent and these four; LINKS override them per link. */
  guint       jitter_ms;
  guint       duplicate_percent;
  guint       reorder_percent;
  guint       rate_kbit;
  /* Loss, duplicates, reordering and jitter are drawn from SEED and per-link
   * per-direction frame counters: the same seed loses the same packets. */
  gboolean    seed_set;      /* FALSE: a random seed (the run reports it) */
  guint64     seed;
  guint       n_links;
  LadderLabLinkImpair links[LADDER_LAB_MAX_LINK_IMPAIRS];
  /* A relay on every link even without impairments (benchmarks, tests). */
  gboolean    force_relay;
  /* Appended with IPv6 endpoints and the loopback lab; zero: IPv4, chain. */
  guint       family;        /* 4 or 6: the endpoints' sockets, addresses and hosts file */
  gboolean    loopback;      /* one host, client and server on 127.0.0.1 / ::1, captured on lo */
  /* The endpoints' language: "c" (NULL: the default) or "python", the
   * course's Python programs (ladder-lab-python.h) where the scenario has
   * them. */
  const char *lang;
  /* Appended for udp-loss: how long its client's recvfrom() waits for each
   * answer (the course's settimeout), 1..LADDER_LAB_MAX_WAIT_S; 0: 5 s. */
  guint       wait_s;
} LadderLabParams;

#define LADDER_LAB_DEFAULT_WAIT_S 5
#define LADDER_LAB_MAX_WAIT_S     5

#define LADDER_LAB_MAX_DELAY_MS  1000
#define LADDER_LAB_MAX_LOSS      100
#define LADDER_LAB_MAX_RATE_KBIT 10000000

#define LADDER_LAB_ERROR (ladder_lab_error_quark ())
typedef enum
{
  LADDER_LAB_ERROR_UNAVAILABLE,  /* namespaces cannot be made here; message says why and how to allow it */
  LADDER_LAB_ERROR_HELPER,       /* the helper is missing, died or broke the protocol */
  LADDER_LAB_ERROR_PARAMS,       /* unknown scenario or parameter out of range */
  LADDER_LAB_ERROR_BUSY,         /* a scenario is already running */
  LADDER_LAB_ERROR_FAILED,       /* the scenario itself failed */
} LadderLabError;
GQuark ladder_lab_error_quark (void);

#define LADDER_TYPE_LAB_CLIENT (ladder_lab_client_get_type ())
G_DECLARE_FINAL_TYPE (LadderLabClient, ladder_lab_client, LADDER, LAB_CLIENT, GObject)

LadderLabClient *ladder_lab_client_new (void);

/* Whether a lab can run here.  Asynchronous because it starts the helper.
 * On FALSE the error (LADDER_LAB_ERROR_UNAVAILABLE or _HELPER) says what
 * blocks it and how to allow it. */
void     ladder_lab_client_probe_async  (LadderLabClient     *client,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean ladder_lab_client_probe_finish (LadderLabClient *client,
                                         GAsyncResult    *result,
                                         GError         **error);
/* Whether tc netem exists here, as the last successful probe found (FALSE
 * before one).  Informational only: per-link impairments come from the
 * lab's own relay and are offered on every kernel. */
gboolean ladder_lab_client_get_netem    (LadderLabClient *client);

/* Starts a scenario.  Returns a new file descriptor (the caller owns it)
 * streaming pcapng, or -1 with ERROR set. */
int      ladder_lab_client_start (LadderLabClient        *client,
                                  const LadderLabParams  *params,
                                  GError                **error);
/* The custom lab ("Your programs" in the window): each COMMAND is split
 * like a shell command line (never run by one) and must name a program
 * that can run here, else the error names it.  They run as the caller's
 * user in the caller's working directory (capture/ladder-lab-custom.h). */
typedef struct
{
  const char        *server;     /* NULL or "": clients only */
  const char *const *clients;    /* NULL-terminated; 1..LADDER_LAB_MAX_CLIENTS */
  guint              timeout_s;  /* 0: the default (30 s) */
} LadderLabPrograms;

/* Longest command or input line the protocol carries (bytes). */
#define LADDER_LAB_MAX_COMMAND 900

/* Starts the custom lab with PARAMS (scenario "custom") and PROGRAMS;
 * as ladder_lab_client_start otherwise. */
int      ladder_lab_client_start_programs (LadderLabClient          *client,
                                           const LadderLabParams    *params,
                                           const LadderLabPrograms  *programs,
                                           GError                  **error);
/* While a custom lab runs: TEXT and a newline typed into the stdin of the
 * program on HOST ("server", "client", "client2" ...), or its stdin closed
 * (end of file).  The line comes back in the capture stream as the
 * program's LADDER_OUTPUT_STDIN line; a refusal by the helper comes as
 * "input-error". */
gboolean ladder_lab_client_send_input  (LadderLabClient *client, const char *host,
                                        const char *text, GError **error);
gboolean ladder_lab_client_close_input (LadderLabClient *client, const char *host,
                                        GError **error);

/* Asks the helper to stop; "finished" follows and the stream ends. */
void     ladder_lab_client_stop  (LadderLabClient *client);
gboolean ladder_lab_client_is_running (LadderLabClient *client);

/* Signals:
 *   "status"   (const char *message): progress for the status bar
 *              ("Creating 5 namespaces", "tcp-echo: client connected").
 *   "drops"    (guint64 drops): while running, packets the kernel has
 *              dropped so far over all links, emitted when the count grows.
 *   "input-error" (const char *host, const char *message): typed input
 *              did not reach the program on HOST (it exited, closed its
 *              input, or has not read what it was sent).
 *   "finished" (const GError *error, guint64 drops): the scenario ended;
 *              error is NULL on success; drops counts packets the kernel
 *              dropped over all links.
 */

G_END_DECLS
