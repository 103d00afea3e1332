/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wireladder-cli: the core's answers, scriptable.
 *
 *   wireladder-cli info|packets|conversations|tcp|ping|traceroute|calls [--json] FILE|-
 *   wireladder-cli lab list|run ...      (ladder-cli-lab.c)
 *   wireladder-cli render FILE ...       (ladder-cli-render.c, in wireladder-render)
 *   wireladder-cli sockets FILE [--at N] (ladder-cli-sockets.c)
 *   wireladder-cli story FILE ...        (ladder-cli-story.c)
 *   wireladder-cli notes|note FILE ...   (ladder-cli-notes.c)
 *
 * Exit status: 0 success, 1 unreadable or malformed input, 2 usage.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ladder-cli.h"
#include "ladder-i18n.h"

typedef int (*CommandFunc) (const LadderCliOptions *options);

static const struct
{
  const char *name;
  CommandFunc func;
  const char *help;
} commands[] = {
  { "info", ladder_cli_info, "what the capture holds: format, interfaces, counts, time span" },
  { "packets", ladder_cli_packets, "one line per packet (--verbose: every decoded field)" },
  { "conversations", ladder_cli_conversations, "the 5-tuple table: packets and bytes each way" },
  { "tcp", ladder_cli_tcp, "TCP connections: handshake, close, retransmissions, states" },
  { "ping", ladder_cli_ping, "ping sessions: requests, replies, RTTs, losses, ICMP errors" },
  { "traceroute", ladder_cli_traceroute, "traceroutes rebuilt from the probes and their replies" },
  { "calls", ladder_cli_calls, "the lab's socket calls: time, host, program, fd, result, errno" },
};

/* Commands with their own argument syntax. */
static const struct
{
  const char *name;
  int (*main) (int argc, char **argv);
  const char *help;
} subprograms[] = {
  { "lab", ladder_cli_lab_main, "the built-in virtual network: lab list | lab probe | lab run SCENARIO -w FILE" },
  { "render", ladder_cli_render_exec, "draw a diagram: render FILE --view sequence|traceroute|tuples -o OUT" },
  { "run-here", ladder_cli_run_here_main, "this machine as the target: run-here [-i IFACE]... -w FILE -- COMMAND" },
  { "sockets", ladder_cli_sockets_main, "the lab's sockets as ss -tuapn shows them: sockets FILE [--at PACKET]" },
  { "story", ladder_cli_story_main, "the capture step by step, with captions and quizzes: story [--json] FILE" },
  { "notes", ladder_cli_notes_main, "the lecture notes (packet comments): notes [--json] FILE" },
  { "note", ladder_cli_note_main, "add notes: note FILE --packet N --text TEXT [...] -w OUT.pcapng" },
};

static void
usage (FILE *fp)
{
  fprintf (fp, "Usage: wireladder-cli COMMAND [--json] [--pretty] [--verbose] FILE|-\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (fp, "  %-14s %s\n", commands[i].name, commands[i].help);
  for (guint i = 0; i < G_N_ELEMENTS (subprograms); i++)
    fprintf (fp, "  %-14s %s\n", subprograms[i].name, subprograms[i].help);
  fprintf (fp, "\nFILE is a pcap or pcapng file, a FIFO, or - for standard input.\n"
               "--json prints the documented JSON schema (see README.md).\n");
}

/* Flags may come before or after the command. */
static gboolean
parse_args (int argc, char **argv, const char **command, LadderCliOptions *options)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      if (strcmp (arg, "--json") == 0)
        options->json = TRUE;
      else if (strcmp (arg, "--pretty") == 0)
        options->json = options->pretty = TRUE;
      else if (strcmp (arg, "--verbose") == 0 || strcmp (arg, "-v") == 0)
        options->verbose = TRUE;
      else if (arg[0] == '-' && arg[1] == '-' && arg[2] == '\0')
        {
          if (i + 1 < argc && options->file == NULL && i + 2 == argc)
            options->file = argv[i + 1];
          else
            return FALSE;
          break;
        }
      else if (arg[0] == '-' && arg[1] != '\0')
        {
          fprintf (stderr, "wireladder-cli: unknown option '%s'\n", arg);
          return FALSE;
        }
      else if (*command == NULL)
        *command = arg;
      else if (options->file == NULL)
        options->file = arg;
      else
        {
          fprintf (stderr, "wireladder-cli: unexpected argument '%s'\n", arg);
          return FALSE;
        }
    }
  return *command != NULL && options->file != NULL;
}

int
main (int argc, char **argv)
{
  LadderCliOptions options = { 0 };
  const char *command = NULL;

  ladder_i18n_init ();
  ladder_cli_catch_sigbus ();
  if (argc > 1)
    for (guint i = 0; i < G_N_ELEMENTS (subprograms); i++)
      if (strcmp (argv[1], subprograms[i].name) == 0)
        return subprograms[i].main (argc - 1, argv + 1);
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          usage (stdout);
          return LADDER_CLI_OK;
        }
      if (strcmp (argv[i], "--version") == 0)
        {
          printf ("wireladder-cli %s\n", WIRELADDER_VERSION);
          return LADDER_CLI_OK;
        }
    }
  if (!parse_args (argc, argv, &command, &options))
    {
      usage (stderr);
      return LADDER_CLI_USAGE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (command, commands[i].name) == 0)
      return commands[i].func (&options);
  fprintf (stderr, "wireladder-cli: unknown command '%s'\n", command);
  usage (stderr);
  return LADDER_CLI_USAGE;
}
