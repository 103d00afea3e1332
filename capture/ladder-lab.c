/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab.c: the eleven scenarios, their parameters and their processes.
 *
 * Ports follow the course material where it has one: echo on 7, the UDP
 * server on 12000 (Kurose & Ross), byte commands on 1234 (the recitation's
 * slides), the chat on 9999; closed ports are 9 (discard, nobody listens).
 */

#include "ladder-lab-private.h"
#include "ladder-lab-custom.h"
#include "ladder-lab-python.h"

#include <string.h>
#include <unistd.h>

G_DEFINE_QUARK (ladder-lab-error-quark, ladder_lab_error)

/* udp-loss: ten requests, about four of them lost at 20 % each way. */
#define UDP_LOSS_MESSAGES "10"

/* The scenarios that also run on one host: all but those needing routers
 * or a link to impair (traceroute, lossy-transfer, udp-loss). */
#define CHAIN_OR_LOOPBACK (LADDER_LAB_PARAM_HOPS | LADDER_LAB_PARAM_LOOPBACK)

#define ALL_TRACEROUTE (LADDER_LAB_PARAM_HOPS | LADDER_LAB_PARAM_METHOD \
                        | LADDER_LAB_PARAM_MAX_TTL | LADDER_LAB_PARAM_QUERIES)

static const LadderLabScenario scenarios[] = {
  { "tcp-echo", "TCP echo",
    "A TCP server echoes each message three times; the client connects, sends, reads and closes.",
    CHAIN_OR_LOOPBACK },
  { "udp-timestamp", "UDP timestamp",
    "A UDP server answers each datagram with “Message received at <time>”; three clients ask.",
    CHAIN_OR_LOOPBACK },
  { "select-chat", "select() chat",
    "A select()-based server relays lines between three clients that join, talk and leave.",
    CHAIN_OR_LOOPBACK },
  { "byte-commands", "Byte commands",
    "One-byte commands (0x1b → first!, 0x2b → second!) over TCP and over UDP.",
    CHAIN_OR_LOOPBACK },
  { "ping", "Ping",
    "ICMP echo to the server over IPv4 and IPv6, then a request whose TTL runs out at a router.",
    CHAIN_OR_LOOPBACK },
  { "traceroute", "Traceroute",
    "Probes with a rising TTL: each router answers time exceeded, the server ends the run.",
    ALL_TRACEROUTE },
  { "refused", "Refused",
    "TCP to a closed port (SYN answered by RST) and UDP to a closed port (ICMP port unreachable).",
    CHAIN_OR_LOOPBACK },
  { "reset", "Reset",
    "An abortive close with SO_LINGER 0, and a RST when the server closes with data unread.",
    CHAIN_OR_LOOPBACK },
  { "raw-icmp", "Raw ICMP socket",
    "A raw ICMP socket on the server prints the echo requests a ping brings.",
    CHAIN_OR_LOOPBACK },
  { "lossy-transfer", "Lossy transfer",
    "A TCP client sends 300 kB over a 4 Mbit/s, 10 ms link that loses 5 % of packets each way "
    "(unless other impairments are set); TCP retransmits until every byte has arrived.",
    LADDER_LAB_PARAM_HOPS },
  { "udp-loss", "UDP loss",
    "The course's UDP timestamp client sends 10 messages over a link that loses 20 % of packets "
    "each way (unless other impairments are set); after a loss recvfrom() fails when its 5 s "
    "timeout passes and the client moves on: nothing is sent again.",
    LADDER_LAB_PARAM_HOPS },
};

/* Not in the list of built-in scenarios: it needs programs to run
 * (ladder_lab_client_start_programs). */
static const LadderLabScenario custom_scenario = {
  LADDER_LAB_CUSTOM_SCENARIO, "Your programs",
  "Programs of your choosing as server and clients, their socket calls traced and their "
  "terminals shown beside the diagram.",
  CHAIN_OR_LOOPBACK
};

const LadderLabScenario *
ladder_lab_get_custom_scenario (void)
{
  return &custom_scenario;
}

const LadderLabScenario *
ladder_lab_get_scenarios (guint *n_scenarios)
{
  g_return_val_if_fail (n_scenarios != NULL, NULL);

  *n_scenarios = G_N_ELEMENTS (scenarios);
  return scenarios;
}

static gboolean
check_impair (const LadderLabImpair *impair, GError **error)
{
  const char *what = NULL;
  guint max = 0;

  if (impair->delay_ms > LADDER_LAB_MAX_DELAY_MS)
    what = "delay", max = LADDER_LAB_MAX_DELAY_MS;
  else if (impair->jitter_ms > LADDER_LAB_MAX_DELAY_MS)
    what = "jitter", max = LADDER_LAB_MAX_DELAY_MS;
  else if (impair->loss_percent > LADDER_LAB_MAX_LOSS)
    what = "loss", max = LADDER_LAB_MAX_LOSS;
  else if (impair->duplicate_percent > LADDER_LAB_MAX_LOSS)
    what = "duplicate", max = LADDER_LAB_MAX_LOSS;
  else if (impair->reorder_percent > LADDER_LAB_MAX_LOSS)
    what = "reorder", max = LADDER_LAB_MAX_LOSS;
  else if (impair->rate_kbit > LADDER_LAB_MAX_RATE_KBIT)
    what = "rate", max = LADDER_LAB_MAX_RATE_KBIT;
  if (what == NULL)
    return TRUE;
  return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                      "%s must be 0 to %u", what, max), FALSE;
}

const LadderLabScenario *
ladder_lab_find_scenario (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    if (strcmp (scenarios[i].name, name) == 0)
      return &scenarios[i];
  return NULL;
}

gboolean
ladder_lab_impair_check (const LadderLabImpair *impair, GError **error)
{
  return check_impair (impair, error);
}

/* Scenarios that need routers or an impaired link mean nothing on one host. */
static gboolean
loopback_makes_sense (const char *scenario)
{
  const LadderLabScenario *s = g_str_equal (scenario, LADDER_LAB_CUSTOM_SCENARIO)
                               ? &custom_scenario : ladder_lab_find_scenario (scenario);

  return s != NULL && (s->params & LADDER_LAB_PARAM_LOOPBACK);
}

static gboolean
resolve_family (LadderLabParams *out, GError **error)
{
  LadderLabImpair none = { 0 };
  LadderLabImpair all = { out->delay_ms, out->jitter_ms, out->loss_percent,
                          out->duplicate_percent, out->reorder_percent, out->rate_kbit };

  if (out->family == 0)
    out->family = 4;
  if (out->family != 4 && out->family != 6)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "family must be 4 or 6"), FALSE;
  if (!out->loopback)
    return TRUE;
  if (!loopback_makes_sense (out->scenario))
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "%s needs routers between client and server: it has no loopback "
                        "topology", out->scenario), FALSE;
  if (out->n_links > 0 || out->force_relay || memcmp (&all, &none, sizeof all) != 0)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "the loopback topology has no links to impair"), FALSE;
  return TRUE;
}

gboolean
ladder_lab_params_resolve (const LadderLabParams *params,
                           LadderLabParams       *out,
                           GError               **error)
{
  const LadderLabScenario *scenario;

  g_return_val_if_fail (params != NULL && out != NULL, FALSE);

  scenario = params->scenario != NULL ? ladder_lab_find_scenario (params->scenario) : NULL;
  if (g_strcmp0 (params->scenario, LADDER_LAB_CUSTOM_SCENARIO) == 0)
    scenario = &custom_scenario;
  if (scenario == NULL)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "Unknown scenario “%s” (see `wireladder-cli lab list`)",
                        params->scenario != NULL ? params->scenario : ""), FALSE;
  if (!ladder_lab_lang_check (scenario->name, params->lang, error))
    return FALSE;
  *out = *params;
  out->scenario = scenario->name;
  out->lang = params->lang != NULL ? params->lang : LADDER_LAB_LANG_C;
  out->hops = params->hops != 0 ? params->hops : LADDER_LAB_DEFAULT_HOPS;
  out->method = params->method != NULL ? params->method : "udp";
  out->max_ttl = params->max_ttl != 0 ? params->max_ttl : LADDER_LAB_DEFAULT_MAX_TTL;
  out->queries = params->queries != 0 ? params->queries : LADDER_LAB_DEFAULT_QUERIES;
  if (out->hops > LADDER_LAB_MAX_HOPS)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "hops must be 1 to %d", LADDER_LAB_MAX_HOPS), FALSE;
  if (strcmp (out->method, "udp") != 0 && strcmp (out->method, "icmp") != 0
      && strcmp (out->method, "tcp") != 0)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "method must be udp, icmp or tcp"), FALSE;
  if (out->max_ttl > LADDER_LAB_MAX_MAX_TTL)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "max-ttl must be 1 to %d", LADDER_LAB_MAX_MAX_TTL), FALSE;
  if (out->queries > LADDER_LAB_MAX_QUERIES)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "queries must be 1 to %d", LADDER_LAB_MAX_QUERIES), FALSE;
  out->wait_s = params->wait_s != 0 ? params->wait_s : LADDER_LAB_DEFAULT_WAIT_S;
  if (out->wait_s > LADDER_LAB_MAX_WAIT_S)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "wait must be 1 to %d seconds", LADDER_LAB_MAX_WAIT_S), FALSE;
  {
    LadderLabImpair all = { out->delay_ms, out->jitter_ms, out->loss_percent,
                            out->duplicate_percent, out->reorder_percent, out->rate_kbit };

    if (!check_impair (&all, error))
      return FALSE;
  }
  if (out->n_links > LADDER_LAB_MAX_LINK_IMPAIRS)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "at most %d per-link settings", LADDER_LAB_MAX_LINK_IMPAIRS), FALSE;
  for (guint i = 0; i < out->n_links; i++)
    if (!check_impair (&out->links[i].impair, error))
      return FALSE;
  return resolve_family (out, error);
}

/* lossy-transfer without any impairment asked for: 5 % loss each way,
 * 4 Mbit/s and 10 ms on the link after r1 (r1–r2, or r1–server with one
 * router);
 * udp-loss: 20 % loss there. */
void
ladder_lab_scenario_default_impair (LadderLabParams *params)
{
  LadderLabImpair none = { 0 };
  LadderLabImpair all = { params->delay_ms, params->jitter_ms, params->loss_percent,
                          params->duplicate_percent, params->reorder_percent, params->rate_kbit };
  gboolean udp = g_strcmp0 (params->scenario, "udp-loss") == 0;

  if ((!udp && g_strcmp0 (params->scenario, "lossy-transfer") != 0) || params->n_links > 0
      || memcmp (&all, &none, sizeof all) != 0)
    return;
  params->links[0].subnet = 2;
  params->links[0].impair = none;
  params->links[0].impair.loss_percent = udp ? 20 : 5;
  params->n_links = 1;
  if (udp)
    return;
  /* A 4 Mbit/s bottleneck spreads the transfer over most of a second:
   * readable in the ladder, and slow enough for the capture. */
  params->links[0].impair.rate_kbit = 4000;
  /* 10 ms each way: without a delay the round trip is a fraction of a
   * millisecond, and Linux (RACK, which waits a quarter of the least RTT
   * for reordering) retransmits after the first duplicate ACK; with it
   * the textbook's fast retransmit after three duplicate ACKs shows. */
  params->links[0].impair.delay_ms = 10;
}

gboolean
ladder_lab_scenario_needs_client2 (const char *name)
{
  return g_strcmp0 (name, "udp-timestamp") == 0 || g_strcmp0 (name, "select-chat") == 0;
}

void
ladder_lab_process_free (LadderLabProcess *process)
{
  if (process == NULL)
    return;
  g_strfreev (process->argv);
  g_free (process->program);
  g_strfreev (process->env);
  g_free (process);
}

/* Adds a process; ARGS is a NULL-terminated list of printf'd words. */
static LadderLabProcess *
add (GPtrArray *list, const char *host, gboolean server, guint step, guint delay_ms,
     int expect, ...)
{
  LadderLabProcess *process = g_new0 (LadderLabProcess, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list ap;
  const char *word;

  g_strlcpy (process->host, host, sizeof process->host);
  process->server = server;
  process->step = step;
  process->delay_ms = delay_ms;
  process->expect_status = expect;
  va_start (ap, expect);
  while ((word = va_arg (ap, const char *)) != NULL)
    g_strv_builder_add (builder, word);
  va_end (ap);
  process->argv = g_strv_builder_end (builder);
  g_ptr_array_add (list, process);
  return process;
}

#define SERVER(list, ...)                 add (list, "server", TRUE, 0, 0, 0, __VA_ARGS__, NULL)
#define CLIENT(list, host, step, delay, ...) add (list, host, FALSE, step, delay, 0, __VA_ARGS__, NULL)

/* Where the endpoints find each other, in the lab's family. */
typedef struct
{
  const char *server;      /* the server's address in the lab's family */
  const char *server4, *server6;
  const char *any;         /* what servers bind: 0.0.0.0 or :: */
  gboolean    loopback;
} Where;

static void
plan_tcp_echo (GPtrArray *list, const Where *at)
{
  SERVER (list, "tcp-echo-server", "-n", "1", at->any, "7");
  CLIENT (list, "client", 0, 0, "tcp-echo-client", at->server, "7", "hello");
}

static void
plan_udp_timestamp (GPtrArray *list, const Where *at)
{
  SERVER (list, "udp-timestamp-server", "-n", "3", at->any, "12000");
  CLIENT (list, "client", 0, 0, "udp-timestamp-client", at->server, "12000", "hello from client");
  CLIENT (list, "client2", 0, 300, "udp-timestamp-client", at->server, "12000", "hello from client2");
  CLIENT (list, "client", 0, 600, "udp-timestamp-client", at->server, "12000", "hello again");
}

static void
plan_select_chat (GPtrArray *list, const Where *at)
{
  SERVER (list, "select-chat-server", "-n", "3", at->any, "9999");
  CLIENT (list, "client", 0, 0, "select-chat-client", at->server, "9999", "hi, this is client");
  CLIENT (list, "client2", 0, 100, "select-chat-client", at->server, "9999", "hello from client2");
  CLIENT (list, "client", 0, 200, "select-chat-client", at->server, "9999", "a third one here");
}

static void
plan_byte_commands (GPtrArray *list, const Where *at)
{
  SERVER (list, "byte-commands-server", "-n", "2", at->any, "1234");
  SERVER (list, "byte-commands-server", "-u", "-n", "2", at->any, "1234");
  CLIENT (list, "client", 0, 0, "byte-commands-client", at->server, "1234", "0x1b");
  CLIENT (list, "client", 1, 0, "byte-commands-client", at->server, "1234", "0x2b");
  CLIENT (list, "client", 2, 0, "byte-commands-client", "-u", at->server, "1234", "0x1b");
  CLIENT (list, "client", 3, 0, "byte-commands-client", "-u", at->server, "1234", "0x2b");
}

/* Echo over IPv4 and IPv6, then (between hosts) a request whose TTL
 * expires at r2 (r1 with a single router), in the lab's family. */
static void
plan_ping (GPtrArray *list, const Where *at, guint hops)
{
  g_autofree char *ttl = g_strdup_printf ("%u", MIN (hops, 2));
  LadderLabProcess *expiring;

  CLIENT (list, "client", 0, 0, "ping", "-c", "3", "-i", "0.2", at->server4);
  CLIENT (list, "client", 1, 0, "ping", "-c", "2", "-i", "0.2", at->server6);
  if (at->loopback)
    return;
  expiring = CLIENT (list, "client", 2, 0, "ping", "-c", "1", "-W", "1", "-t", ttl, at->server);
  expiring->expect_status = 1;
}

static void
plan_traceroute (GPtrArray *list, const Where *at, const LadderLabParams *params)
{
  g_autofree char *max_ttl = g_strdup_printf ("%u", params->max_ttl);
  g_autofree char *queries = g_strdup_printf ("%u", params->queries);
  LadderLabProcess *trace;

  trace = CLIENT (list, "client", 0, 0, "traceroute", "-M", params->method, "-m", max_ttl,
                  "-q", queries, "-w", "1", at->server);
  trace->expect_status = params->max_ttl > params->hops ? 0 : 1;
}

static void
plan_refused (GPtrArray *list, const Where *at)
{
  CLIENT (list, "client", 0, 0, "refused-client", at->server, "9");
  CLIENT (list, "client", 1, 0, "refused-client", "-u", at->server, "9");
}

static void
plan_reset (GPtrArray *list, const Where *at)
{
  SERVER (list, "reset-server", "-m", "abort", "-n", "1", at->any, "7001");
  SERVER (list, "reset-server", "-m", "unread", "-n", "1", at->any, "7002");
  CLIENT (list, "client", 0, 0, "reset-client", "-m", "abort", at->server, "7001");
  CLIENT (list, "client", 1, 0, "reset-client", "-m", "unread", at->server, "7002");
}

static void
plan_lossy_transfer (GPtrArray *list, const Where *at)
{
  SERVER (list, "tcp-bulk-server", at->any, "5001");
  CLIENT (list, "client", 0, 0, "tcp-bulk-client", "-w", "30", "-c", "300", at->server, "5001");
}

/* The course's UDP timestamp client, in its loop, with its timeout: each
 * lost request or answer costs one timeout, then the next message. */
static void
plan_udp_loss (GPtrArray *list, const Where *at, guint wait_s)
{
  g_autofree char *wait = g_strdup_printf ("%u", wait_s);

  SERVER (list, "udp-timestamp-server", at->any, "12000");
  CLIENT (list, "client", 0, 0, "udp-timestamp-client", "-w", wait, "-c", UDP_LOSS_MESSAGES,
          at->server, "12000");
}

static void
plan_raw_icmp (GPtrArray *list, const Where *at)
{
  SERVER (list, "raw-icmp", at->any);
  CLIENT (list, "client", 0, 0, "ping", "-c", "3", "-i", "0.2", at->server);
}

/* Every host of the loopback lab is the one "localhost". */
static void
rename_hosts_loopback (GPtrArray *list)
{
  for (guint i = 0; i < list->len; i++)
    {
      LadderLabProcess *process = list->pdata[i];

      g_strlcpy (process->host, "localhost", sizeof process->host);
    }
}

GPtrArray *
ladder_lab_scenario_processes (const LadderLabParams *params, LadderLabTopology *topo)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) ladder_lab_process_free);
  char server4[LADDER_ADDR_STRLEN], server6[LADDER_ADDR_STRLEN];
  Where at = { NULL, server4, server6, "0.0.0.0", topo->loopback };
  LadderAddr addr;
  const char *name = params->scenario;

  g_return_val_if_fail (ladder_lab_topology_host_addr (topo, "server", 4, &addr), list);
  ladder_addr_to_string (&addr, server4);
  ladder_lab_topology_host_addr (topo, "server", 6, &addr);
  ladder_addr_to_string (&addr, server6);
  at.server = params->family == 6 ? server6 : server4;
  /* "::" takes IPv4 too (IPV6_V6ONLY is off), but the clients use IPv6. */
  if (params->family == 6)
    at.any = "::";
  if (g_str_equal (name, "tcp-echo"))
    plan_tcp_echo (list, &at);
  else if (g_str_equal (name, "udp-timestamp"))
    plan_udp_timestamp (list, &at);
  else if (g_str_equal (name, "select-chat"))
    plan_select_chat (list, &at);
  else if (g_str_equal (name, "byte-commands"))
    plan_byte_commands (list, &at);
  else if (g_str_equal (name, "ping"))
    plan_ping (list, &at, topo->hops);
  else if (g_str_equal (name, "traceroute"))
    plan_traceroute (list, &at, params);
  else if (g_str_equal (name, "refused"))
    plan_refused (list, &at);
  else if (g_str_equal (name, "reset"))
    plan_reset (list, &at);
  else if (g_str_equal (name, "raw-icmp"))
    plan_raw_icmp (list, &at);
  else if (g_str_equal (name, "lossy-transfer"))
    plan_lossy_transfer (list, &at);
  else if (g_str_equal (name, "udp-loss"))
    plan_udp_loss (list, &at, params->wait_s != 0 ? params->wait_s : LADDER_LAB_DEFAULT_WAIT_S);
  if (topo->loopback)
    rename_hosts_loopback (list);
  return list;
}

/* Whether the running program lives in the build tree. */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL && g_str_has_prefix (exe, LADDER_BUILD_ROOT "/");
}

/* Where the build tree holds NAME, a program installed in libexecdir. */
static const char *
uninstalled_dir (const char *name)
{
  if (g_str_equal (name, "wireladder-endpoint"))
    return "capture/endpoints";
  if (g_str_equal (name, "wireladder-render"))
    return "src/cli";
  return "capture";
}

char *
ladder_lab_find_program (const char *name, const char *env, GError **error)
{
  const char *value = g_getenv (env);
  g_autofree char *path = NULL;

  g_return_val_if_fail (name != NULL && env != NULL, NULL);

  if (value != NULL && *value != '\0')
    path = g_strdup (value);
  /* The CLI (the window runs `wireladder-cli run-here`) is a user's
   * program: src/cli in the build tree, bindir once installed. */
  else if (g_str_equal (name, "wireladder-cli"))
    path = running_uninstalled () ? g_build_filename (LADDER_BUILD_ROOT, "src", "cli", name, NULL)
                                  : g_build_filename (LADDER_BINDIR, name, NULL);
  else if (running_uninstalled ())
    path = g_build_filename (LADDER_BUILD_ROOT, uninstalled_dir (name), name, NULL);
  else
    path = g_build_filename (LADDER_LIBEXECDIR, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) || g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_HELPER,
                   "%s not found at %s (set %s to its path)", name, path, env);
      return NULL;
    }
  return g_steal_pointer (&path);
}
