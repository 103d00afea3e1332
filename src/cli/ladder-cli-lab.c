/* ladder-cli-lab.c: `wireladder-cli lab`, the lab without a window.
 *
 *   lab list                      the scenarios: NAME<TAB>description
 *   lab probe                     whether a lab can run here, and tc netem
 *   lab run SCENARIO [--hops N] [--method udp|icmp|tcp] [--max-ttl N]
 *           [--queries N] [--delay MS] [--loss PCT] -w FILE.pcapng|- [--verbose]
 *   lab run custom --server 'CMD' --client 'CMD' [--client 'CMD' ...]
 *           [--hops N] [--timeout S] [--stagger MS] -w FILE
 *                                 programs of the user's choosing, traced
 *                                 (ladder-lab-custom.h); their output is
 *                                 printed as it comes, "server| ..."
 *
 * `run` uses the lab library in this process (the same code the helper
 * runs for the window): this process enters the lab's namespaces, so it
 * opens FILE first.  SIGINT and SIGTERM stop the scenario cleanly (the file
 * is completed); SIGKILL takes the whole lab with it (PR_SET_PDEATHSIG).
 * --delay and --loss need tc netem (`lab probe` says whether it exists);
 * without it a run that asks for them fails, it never runs without them.
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

typedef struct
{
  int       hops, max_ttl, queries;
  int       delay, loss;
  char     *method;
  char     *output;
  gboolean  verbose;
  gboolean  userns;
  /* custom */
  char     *server;
  char    **clients;
  int       timeout, stagger;
  LadderLabCustom *custom;
  FILE     *lines;      /* where the programs' output goes */
} LabArgs;

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
  printf ("netem: %s\n", netem ? "yes (per-link --delay and --loss are offered)"
          : "no (tc netem is not available on this kernel: per-link delay and loss are not "
            "offered; they need the sch_netem module)");
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
  fprintf (fp, "%s: %u router%s, %" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT
           " socket calls, %" G_GUINT64_FORMAT " socket states\n",
           params->scenario, params->hops, params->hops == 1 ? "" : "s", result->packets,
           result->calls, result->states);
  fprintf (fp, "dropped: %" G_GUINT64_FORMAT "\n", result->drops);
  /* Only what was applied: without netem the run was refused. */
  if (result->netem && (params->delay_ms != 0 || params->loss_percent != 0))
    fprintf (fp, "every link: %u ms delay, %u%% loss each way (tc netem)\n", params->delay_ms,
             params->loss_percent);
  fprintf (fp, "setup %.0f ms, scenario %.0f ms, %s; tc netem: %s\n",
           result->setup_ns / 1e6, result->scenario_ns / 1e6,
           result->userns ? "user namespace" : "network namespaces (root)",
           result->netem ? "available" : "not available");
  fprintf (fp, "namespaces: %s\n", result->namespaces);
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
  LadderLabParams params = { scenario, args->hops, args->method, args->max_ttl, args->queries,
                             args->delay, args->loss };
  LadderLabRunOptions options = { on_status, -1, on_signal, args, args->userns, NULL,
                                  args->custom, on_output };
  LadderLabParams resolved;
  LadderLabResult result;
  g_autoptr(GError) error = NULL;
  FILE *summary = strcmp (args->output, "-") == 0 ? stderr : stdout;
  gboolean ok;
  int fd;

  args->lines = summary;
  if (!ladder_lab_params_resolve (&params, &resolved, &error))
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
  if (!check_range (&args->hops, 1, LADDER_LAB_MAX_HOPS))
    return fprintf (stderr, "wireladder-cli: --hops must be 1 to %d\n", LADDER_LAB_MAX_HOPS), FALSE;
  if (!check_range (&args->max_ttl, 1, LADDER_LAB_MAX_MAX_TTL))
    return fprintf (stderr, "wireladder-cli: --max-ttl must be 1 to %d\n", LADDER_LAB_MAX_MAX_TTL), FALSE;
  if (!check_range (&args->queries, 1, LADDER_LAB_MAX_QUERIES))
    return fprintf (stderr, "wireladder-cli: --queries must be 1 to %d\n", LADDER_LAB_MAX_QUERIES), FALSE;
  if (!check_range (&args->delay, 0, LADDER_LAB_MAX_DELAY_MS))
    return fprintf (stderr, "wireladder-cli: --delay must be 0 to %d ms\n", LADDER_LAB_MAX_DELAY_MS), FALSE;
  if (!check_range (&args->loss, 0, LADDER_LAB_MAX_LOSS))
    return fprintf (stderr, "wireladder-cli: --loss must be 0 to %d %%\n", LADDER_LAB_MAX_LOSS), FALSE;
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
  LabArgs args = { .hops = -1, .max_ttl = -1, .queries = -1, .delay = -1, .loss = -1,
                   .timeout = -1, .stagger = -1 };
  GOptionEntry entries[] = {
    { "hops", 0, 0, G_OPTION_ARG_INT, &args.hops, "Routers between client and server (1-8, default 3)", "N" },
    { "method", 0, 0, G_OPTION_ARG_STRING, &args.method, "Traceroute probes: udp, icmp or tcp", "METHOD" },
    { "max-ttl", 0, 0, G_OPTION_ARG_INT, &args.max_ttl, "Traceroute's highest TTL (default 30)", "N" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &args.queries, "Traceroute probes per hop (default 3)", "N" },
    { "delay", 0, 0, G_OPTION_ARG_INT, &args.delay, "Delay on every link, each way (0-1000 ms; needs tc netem)", "MS" },
    { "loss", 0, 0, G_OPTION_ARG_INT, &args.loss, "Packet loss on every link, each way (0-100 %; needs tc netem)", "PCT" },
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
  if (!g_option_context_parse (context, &argc, &argv, &error))
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
                     "[--delay MS] [--loss PCT] -w FILE\n"
                     "       wireladder-cli lab run custom --server CMD --client CMD [--client CMD ...] "
                     "[--hops N] [--timeout S] [--stagger MS] -w FILE\n");
  g_free (args.method);
  g_free (args.server);
  g_strfreev (args.clients);
  g_clear_pointer (&args.custom, ladder_lab_custom_free);
  g_free (args.output);
  return status;
}
