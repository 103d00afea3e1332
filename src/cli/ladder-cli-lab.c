/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-lab.c: `wireladder-cli lab`, the lab without a window.
 *
 *   lab list                      the scenarios: NAME<TAB>description
 *   lab probe                     whether a lab can run here
 *   lab run SCENARIO [--hops N] [--method udp|icmp|tcp] [--max-ttl N]
 *           [--queries N] [IMPAIRMENTS] [--link NAME IMPAIRMENTS]...
 *           [--seed N] [--lang c|python] -w FILE.pcapng|- [--verbose]
 *   lab run custom --server 'CMD' --client 'CMD' [--client 'CMD' ...]
 *           [--hops N] [--timeout S] [--stagger MS] -w FILE
 *   ... [--family 4|6] [--topology chain|loopback]
 *                                 any scenario: IPv6 endpoints; client and
 *                                 server on one host, captured on lo
 *                                 programs of the user's choosing, traced
 *                                 (ladder-lab-custom.h); their output is
 *                                 printed as it comes, "server| ..."
 *
 * IMPAIRMENTS are --delay MS --jitter MS --loss PCT --duplicate PCT
 * --reorder PCT --rate KBIT, each way: before any --link for every link,
 * after --link NAME for that link only (on top of the every-link ones).
 * They come from the lab's user-space relay (capture/ladder-lab-relay.h),
 * so they work on every kernel, with or without tc netem.
 *
 * `run` uses the lab library in this process (the same code the helper
 * runs for the window): this process enters the lab's namespaces, so it
 * opens FILE first.  SIGINT and SIGTERM stop the scenario cleanly (the file
 * is completed); SIGKILL takes the whole lab with it (PR_SET_PDEATHSIG).
 * --lang python runs the course's Python programs in place of the C
 * endpoints where the scenario has them (ladder-lab-python.h).
 * Exit status: 0 success, 1 the lab failed or is unavailable, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "ladder-cli.h"
#include "ladder-lab-custom.h"
#include "ladder-lab-private.h"

/* The impairment options in the order given: which fields one group set. */
enum { IMP_DELAY, IMP_JITTER, IMP_LOSS, IMP_DUPLICATE, IMP_REORDER, IMP_RATE, N_IMP };

typedef struct
{
  char  *link;               /* NULL: every link */
  guint  values[N_IMP];
  guint  set;                /* bit per IMP_* */
} ImpairGroup;

typedef struct
{
  int       hops, max_ttl, queries, wait;
  GArray   *groups;          /* ImpairGroup; the first is every link's */
  char     *seed;
  gboolean  relay;
  char     *method;
  char     *lang;            /* --lang: c or python */
  char     *output;
  gboolean  verbose;
  gboolean  userns;
  /* where: --family, --topology */
  int       family;
  char     *topology;
  /* custom */
  char     *server;
  char    **clients;
  int       timeout, stagger;
  LadderLabCustom *custom;
  FILE     *lines;      /* where the programs' output goes */
} LabArgs;

static gboolean apply_impairments (const LabArgs *args, LadderLabParams *params, GError **error);

static int
lab_list (void)
{
  guint n;
  const LadderLabScenario *scenarios = ladder_lab_get_scenarios (&n);

  for (guint i = 0; i < n; i++)
    printf ("%s\t%s\n", scenarios[i].name, scenarios[i].summary);
  return LADDER_CLI_OK;
}

static int
lab_probe (void)
{
  g_autoptr(GError) error = NULL;
  gboolean netem = FALSE;

  if (!ladder_netns_probe (&netem, &error))
    {
      fprintf (stderr, "wireladder-cli: %s\n", error->message);
      return LADDER_CLI_BAD_INPUT;
    }
  printf ("lab: available (%s)\n",
          geteuid () == 0 ? "root: network namespaces" : "user and network namespaces");
  printf ("impairments: yes (per-link --delay --jitter --loss --duplicate --reorder --rate, "
          "made by the lab's own relay in user space)\n");
  printf ("netem: %s\n", netem ? "yes (not needed: the lab does not use it)"
          : "no (not needed: the lab does not use it)");
  if (geteuid () == 0)
    {
      g_autoptr(GError) userns_error = NULL;

      /* Root does not need them; `--userns` and ordinary users do. */
      if (ladder_netns_probe_userns (&userns_error))
        printf ("userns: yes\n");
      else
        printf ("userns: no (%s)\n", userns_error->message);
    }
  return LADDER_CLI_OK;
}

static void
on_status (const char *message, gpointer data)
{
  const LabArgs *args = data;

  if (args->verbose)
    fprintf (stderr, "%s\n", message);
}

static void
on_output (const char *host, const char *program, gboolean is_err, const char *line, gpointer data)
{
  LabArgs *args = data;

  /* On the loopback lab's one host, the program tells the lines apart. */
  if (g_str_equal (host, "localhost"))
    fprintf (args->lines, "%s %s| %s\n", host, program, line);
  else
    fprintf (args->lines, "%s| %s\n", host, line);
  fflush (args->lines);
}

static gboolean
on_signal (int fd, gpointer data)
{
  struct signalfd_siginfo info;

  if (read (fd, &info, sizeof info) == sizeof info)
    fprintf (stderr, "wireladder-cli: %s: stopping the lab\n", strsignal (info.ssi_signo));
  return TRUE;
}

/* SIGINT/SIGTERM/SIGHUP arrive on a descriptor the lab's loop polls. */
static int
open_signal_fd (void)
{
  sigset_t set;

  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGHUP);
  sigprocmask (SIG_BLOCK, &set, NULL);
  signal (SIGPIPE, SIG_IGN);
  return signalfd (-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static void
print_summary (const LadderLabParams *params, const LadderLabResult *result, FILE *fp)
{
  g_autofree char *where = params->loopback ? g_strdup ("one host (loopback)")
                           : g_strdup_printf ("%u router%s", params->hops, params->hops == 1 ? "" : "s");

  fprintf (fp, "%s: %s, IPv%u, %" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT
           " socket calls, %" G_GUINT64_FORMAT " socket states\n",
           params->scenario, where, params->family, result->packets,
           result->calls, result->states);
  fprintf (fp, "dropped: %" G_GUINT64_FORMAT "\n", result->drops);
  if (result->relays > 0)
    fprintf (fp, "impaired links: %u (relay), seed %" G_GUINT64_FORMAT "\n", result->relays,
             result->seed);
  fprintf (fp, "setup %.0f ms, scenario %.0f ms, %s\n",
           result->setup_ns / 1e6, result->scenario_ns / 1e6,
           result->userns ? "user namespace" : "network namespaces (root)");
  fprintf (fp, "namespaces: %s\n", result->namespaces);
  fprintf (fp, "kernel states: %s\n", result->states_note);
}

static int
open_output (const char *path)
{
  int fd;

  if (strcmp (path, "-") == 0)
    return dup (STDOUT_FILENO);
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    fprintf (stderr, "wireladder-cli: cannot write %s: %s\n", path, g_strerror (errno));
  return fd;
}

static int
lab_run (const char *scenario, LabArgs *args)
{
  LadderLabParams params = { scenario, args->hops, args->method, args->max_ttl, args->queries };
  LadderLabRunOptions options = { on_status, -1, on_signal, args, args->userns, NULL,
                                  args->custom, on_output };
  LadderLabParams resolved;
  LadderLabResult result;
  g_autoptr(GError) error = NULL;
  FILE *summary = strcmp (args->output, "-") == 0 ? stderr : stdout;
  gboolean ok;
  int fd;

  args->lines = summary;
  params.family = (guint) args->family;
  params.loopback = args->topology != NULL && g_str_equal (args->topology, "loopback");
  params.lang = args->lang;
  if (!ladder_lab_params_resolve (&params, &resolved, &error)
      || !apply_impairments (args, &params, &error)
      || !ladder_lab_params_resolve (&params, &resolved, &error))
    {
      fprintf (stderr, "wireladder-cli: %s\n", error->message);
      return LADDER_CLI_USAGE;
    }
  fd = open_output (args->output);
  if (fd < 0)
    return LADDER_CLI_BAD_INPUT;
  options.control_fd = open_signal_fd ();
  ok = ladder_lab_run (&params, fd, &options, &result, &error);
  close (fd);
  /* Nothing to sum up when the network could not even be built. */
  if (result.namespaces[0] != '\0')
    print_summary (&resolved, &result, summary);
  if (!ok)
    {
      fprintf (stderr, "wireladder-cli: %s\n", error->message);
      return g_error_matches (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS)
             ? LADDER_CLI_USAGE : LADDER_CLI_BAD_INPUT;
    }
  if (result.stopped)
    {
      fprintf (stderr, "wireladder-cli: stopped before the scenario's end\n");
      return LADDER_CLI_BAD_INPUT;
    }
  return LADDER_CLI_OK;
}

static void
group_to_impair (const ImpairGroup *group, LadderLabImpair *impair)
{
  guint *fields[N_IMP] = { &impair->delay_ms, &impair->jitter_ms, &impair->loss_percent,
                           &impair->duplicate_percent, &impair->reorder_percent, &impair->rate_kbit };

  for (guint i = 0; i < N_IMP; i++)
    if (group->set & (1u << i))
      *fields[i] = group->values[i];
}

/* The every-link group into PARAMS, then each --link group on top of it,
 * its link found by name in the scenario's topology. */
static gboolean
apply_impairments (const LabArgs *args, LadderLabParams *params, GError **error)
{
  const ImpairGroup *all = &g_array_index (args->groups, ImpairGroup, 0);
  LadderLabImpair every = { 0 };
  g_autoptr(LadderLabTopology) topo = NULL;

  group_to_impair (all, &every);
  params->delay_ms = every.delay_ms;
  params->jitter_ms = every.jitter_ms;
  params->loss_percent = every.loss_percent;
  params->duplicate_percent = every.duplicate_percent;
  params->reorder_percent = every.reorder_percent;
  params->rate_kbit = every.rate_kbit;
  params->force_relay = args->relay;
  if (args->seed != NULL && !g_ascii_string_to_unsigned (args->seed, 10, 0, G_MAXUINT64, &params->seed, NULL))
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "--seed must be a decimal number, not “%s”", args->seed), FALSE;
  params->seed_set = args->seed != NULL;
  params->wait_s = (guint) MAX (args->wait, 0);
  topo = ladder_lab_topology_plan (params->hops != 0 ? params->hops : LADDER_LAB_DEFAULT_HOPS,
                                   ladder_lab_scenario_needs_client2 (params->scenario));
  for (guint i = 1; i < args->groups->len; i++)
    {
      const ImpairGroup *group = &g_array_index (args->groups, ImpairGroup, i);
      LadderLabLink *link = ladder_lab_topology_find_link_by_name (topo, group->link);
      LadderLabLinkImpair *entry = &params->links[params->n_links];

      if (link == NULL)
        return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                            "--link %s: no such link here (they are client–r1, r1–r2, ..., "
                            "rN–server; client2–r1 where there is a client2)", group->link), FALSE;
      if (params->n_links == LADDER_LAB_MAX_LINK_IMPAIRS)
        return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                            "too many --link"), FALSE;
      entry->subnet = link->subnet;
      entry->impair = every;
      group_to_impair (group, &entry->impair);
      params->n_links++;
    }
  return TRUE;
}

static const struct
{
  const char *name;
  guint       max;
  const char *unit;
} impair_options[N_IMP] = {
  { "delay", LADDER_LAB_MAX_DELAY_MS, "ms" },
  { "jitter", LADDER_LAB_MAX_DELAY_MS, "ms" },
  { "loss", LADDER_LAB_MAX_LOSS, "%" },
  { "duplicate", LADDER_LAB_MAX_LOSS, "%" },
  { "reorder", LADDER_LAB_MAX_LOSS, "%" },
  { "rate", LADDER_LAB_MAX_RATE_KBIT, "kbit/s" },
};

/* ARG is "--NAME" or "--NAME=VALUE": which impairment option, or -1. */
static int
impair_option (const char *arg, const char **inline_value)
{
  for (int i = 0; i < N_IMP; i++)
    {
      gsize n = strlen (impair_options[i].name);

      if (strncmp (arg, "--", 2) != 0 || strncmp (arg + 2, impair_options[i].name, n) != 0)
        continue;
      if (arg[2 + n] == '\0')
        return *inline_value = NULL, i;
      if (arg[2 + n] == '=')
        return *inline_value = arg + 3 + n, i;
    }
  return -1;
}

static gboolean
set_impair_value (ImpairGroup *group, int which, const char *value)
{
  guint64 v;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, impair_options[which].max, &v, NULL))
    return fprintf (stderr, "wireladder-cli: --%s must be 0 to %u %s\n", impair_options[which].name,
                    impair_options[which].max, impair_options[which].unit), FALSE;
  group->values[which] = (guint) v;
  group->set |= 1u << which;
  return TRUE;
}

/* Takes the impairment options and --link out of ARGV (GOption cannot
 * tell which --link an option follows) into ARGS->groups. */
static gboolean
extract_impairments (int *argc, char **argv, LabArgs *args)
{
  ImpairGroup all = { 0 };
  int out = 1;

  g_array_append_val (args->groups, all);
  for (int i = 1; i < *argc; i++)
    {
      const char *value;
      int which = impair_option (argv[i], &value);
      ImpairGroup *group = &g_array_index (args->groups, ImpairGroup, args->groups->len - 1);

      if (which >= 0)
        {
          if (value == NULL)
            value = i + 1 < *argc ? argv[++i] : NULL;
          if (!set_impair_value (group, which, value))
            return FALSE;
        }
      else if (strcmp (argv[i], "--link") == 0 || g_str_has_prefix (argv[i], "--link="))
        {
          ImpairGroup next = { 0 };

          next.link = g_strdup (argv[i][6] == '=' ? argv[i] + 7 : i + 1 < *argc ? argv[++i] : NULL);
          if (next.link == NULL)
            return fprintf (stderr, "wireladder-cli: --link needs a link name (r1–r2)\n"), FALSE;
          g_array_append_val (args->groups, next);
        }
      else
        argv[out++] = argv[i];
    }
  *argc = out;
  argv[out] = NULL;
  return TRUE;
}

static void
clear_group (gpointer data)
{
  g_free (((ImpairGroup *) data)->link);
}

/* VALUE is -1 when the option was not given. */
static gboolean
check_range (int *value, int min, int max)
{
  if (*value == -1)
    *value = 0;
  else if (*value < min || *value > max)
    return FALSE;
  return TRUE;
}

static gboolean
check_ranges (LabArgs *args)
{
  if (args->family != -1 && args->family != 4 && args->family != 6)
    return fprintf (stderr, "wireladder-cli: --family must be 4 or 6\n"), FALSE;
  if (args->family == -1)
    args->family = 4;
  if (args->topology != NULL && !g_str_equal (args->topology, "chain")
      && !g_str_equal (args->topology, "loopback"))
    return fprintf (stderr, "wireladder-cli: --topology must be chain or loopback\n"), FALSE;
  if (g_strcmp0 (args->topology, "loopback") == 0 && args->hops != -1)
    return fprintf (stderr, "wireladder-cli: --hops: the loopback topology has no routers\n"), FALSE;
  if (!check_range (&args->hops, 1, LADDER_LAB_MAX_HOPS))
    return fprintf (stderr, "wireladder-cli: --hops must be 1 to %d\n", LADDER_LAB_MAX_HOPS), FALSE;
  if (!check_range (&args->max_ttl, 1, LADDER_LAB_MAX_MAX_TTL))
    return fprintf (stderr, "wireladder-cli: --max-ttl must be 1 to %d\n", LADDER_LAB_MAX_MAX_TTL), FALSE;
  if (!check_range (&args->queries, 1, LADDER_LAB_MAX_QUERIES))
    return fprintf (stderr, "wireladder-cli: --queries must be 1 to %d\n", LADDER_LAB_MAX_QUERIES), FALSE;
  if (!check_range (&args->wait, 1, LADDER_LAB_MAX_WAIT_S))
    return fprintf (stderr, "wireladder-cli: --wait must be 1 to %d seconds\n", LADDER_LAB_MAX_WAIT_S), FALSE;
  return TRUE;
}

static int
custom_error (GError *error)
{
  fprintf (stderr, "wireladder-cli: %s\n", error->message);
  g_error_free (error);
  return LADDER_CLI_BAD_INPUT;
}

/* The custom lab's programs; the other scenarios take none. */
static int
prepare_custom (const char *scenario, LabArgs *args)
{
  GError *error = NULL;
  gboolean custom = strcmp (scenario, LADDER_LAB_CUSTOM_SCENARIO) == 0;

  if (!custom && (args->server != NULL || args->clients != NULL || args->timeout != -1
                  || args->stagger != -1))
    return fprintf (stderr, "wireladder-cli: --server, --client, --timeout and --stagger are "
                            "for `lab run custom` only\n"), LADDER_CLI_USAGE;
  if (!custom)
    return LADDER_CLI_OK;
  if (!check_range (&args->timeout, 1, LADDER_LAB_CUSTOM_MAX_TIMEOUT_S)
      || (args->stagger != -1 && !check_range (&args->stagger, 0, LADDER_LAB_CUSTOM_MAX_STAGGER_MS)))
    return fprintf (stderr, "wireladder-cli: --timeout must be 1 to %d s, --stagger 0 to %d ms\n",
                    LADDER_LAB_CUSTOM_MAX_TIMEOUT_S, LADDER_LAB_CUSTOM_MAX_STAGGER_MS), LADDER_CLI_USAGE;
  args->custom = ladder_lab_custom_new ();
  args->custom->timeout_s = args->timeout;
  if (args->stagger != -1)
    args->custom->stagger_ms = args->stagger;
  if (args->server != NULL && !ladder_lab_custom_set_server (args->custom, args->server, &error))
    return custom_error (error);
  for (guint i = 0; args->clients != NULL && args->clients[i] != NULL; i++)
    if (!ladder_lab_custom_add_client (args->custom, args->clients[i], &error))
      return custom_error (error);
  if (!ladder_lab_custom_check (args->custom, &error))
    return custom_error (error);
  return LADDER_CLI_OK;
}

int
ladder_cli_lab_main (int argc, char **argv)
{
  LabArgs args = { .hops = -1, .max_ttl = -1, .queries = -1, .wait = -1, .timeout = -1, .stagger = -1,
                   .family = -1 };
  GOptionEntry entries[] = {
    { "hops", 0, 0, G_OPTION_ARG_INT, &args.hops, "Routers between client and server (1-8, default 3)", "N" },
    { "method", 0, 0, G_OPTION_ARG_STRING, &args.method, "Traceroute probes: udp, icmp or tcp", "METHOD" },
    { "max-ttl", 0, 0, G_OPTION_ARG_INT, &args.max_ttl, "Traceroute's highest TTL (default 30)", "N" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &args.queries, "Traceroute probes per hop (default 3)", "N" },
    { "family", 0, 0, G_OPTION_ARG_INT, &args.family, "IPv4 or IPv6 endpoints, addresses and host names (4 or 6, default 4)", "4|6" },
    { "topology", 0, 0, G_OPTION_ARG_STRING, &args.topology, "chain (client, routers, server; the default) or loopback (one host, captured on lo)", "chain|loopback" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &args.lang, "The endpoints' language: c (default) or python (the course's Python programs)", "c|python" },
    { "wait", 0, 0, G_OPTION_ARG_INT, &args.wait, "udp-loss: seconds the client's recvfrom() waits for each answer (1-5, default 5)", "S" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &args.seed, "Seed of loss, duplicates, reordering and jitter (default: random, printed)", "N" },
    { "relay", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &args.relay, "A relay on every link even without impairments", NULL },
    { "write", 'w', 0, G_OPTION_ARG_FILENAME, &args.output, "Write the capture to FILE (- for stdout)", "FILE" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &args.verbose, "Print the lab's progress on stderr", NULL },
    { "server", 0, 0, G_OPTION_ARG_STRING, &args.server, "custom: the server's command line (run on host server)", "CMD" },
    { "client", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args.clients, "custom: a client's command line (each on its own host; repeat for more)", "CMD" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &args.timeout, "custom: stop the programs and fail after S seconds (default 30)", "S" },
    { "stagger", 0, 0, G_OPTION_ARG_INT, &args.stagger, "custom: milliseconds between the clients' starts (default 200)", "MS" },
    { "userns", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &args.userns, "Use a user namespace even as root", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("list | probe | run SCENARIO -w FILE");
  g_autoptr(GError) error = NULL;
  int status = LADDER_CLI_USAGE;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "The built-in virtual network: client, routers, server.");
  g_option_context_set_description (context,
    "Impairments, each way, on every link or (after --link NAME) on one:\n"
    "  --delay MS  --jitter MS  --loss PCT  --duplicate PCT  --reorder PCT  --rate KBIT\n"
    "e.g. --delay 20 --link r1–r2 --loss 10 --seed 7");
  args.groups = g_array_new (FALSE, TRUE, sizeof (ImpairGroup));
  g_array_set_clear_func (args.groups, clear_group);
  if (!extract_impairments (&argc, argv, &args))
    ;
  else if (!g_option_context_parse (context, &argc, &argv, &error))
    fprintf (stderr, "wireladder-cli lab: %s\n", error->message);
  else if (argc == 2 && strcmp (argv[1], "list") == 0)
    status = lab_list ();
  else if (argc == 2 && strcmp (argv[1], "probe") == 0)
    status = lab_probe ();
  else if (argc == 3 && strcmp (argv[1], "run") == 0 && args.output == NULL)
    fprintf (stderr, "wireladder-cli lab run: -w FILE is required\n");
  else if (argc == 3 && strcmp (argv[1], "run") == 0)
    {
      if (check_ranges (&args) && (status = prepare_custom (argv[2], &args)) == LADDER_CLI_OK)
        status = lab_run (argv[2], &args);
    }
  else
    fprintf (stderr, "Usage: wireladder-cli lab list | probe | run SCENARIO "
                     "[--hops N] [--method udp|icmp|tcp] [--max-ttl N] [--queries N] "
                     "[--delay MS] [--jitter MS] [--loss PCT] [--duplicate PCT] [--reorder PCT] "
                     "[--rate KBIT] [--link NAME ...] [--seed N] [--wait S] [--family 4|6] "
                     "[--topology chain|loopback] [--lang c|python] -w FILE\n"
                     "       wireladder-cli lab run custom --server CMD --client CMD [--client CMD ...] "
                     "[--hops N] [--timeout S] [--stagger MS] -w FILE\n");
  g_array_unref (args.groups);
  g_free (args.seed);
  g_free (args.method);
  g_free (args.topology);
  g_free (args.lang);
  g_free (args.server);
  g_strfreev (args.clients);
  g_clear_pointer (&args.custom, ladder_lab_custom_free);
  g_free (args.output);
  return status;
}
