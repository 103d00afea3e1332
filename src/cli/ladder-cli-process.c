/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-process.c: what both programs of the CLI set up, and the
 * hand-over of `render` to its own program.
 *
 * `render` draws with cairo and Pango, which bring some thirty shared
 * libraries with them.  Loading those took every other command 3.5 ms
 * at start (6.5 ms against 2.9 ms for a program linked as the rest of
 * wireladder-cli is), so they live in wireladder-render, which
 * `wireladder-cli render` becomes (execv) with the same arguments.
 */
#include "ladder-cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ladder-lab-private.h"  /* ladder_lab_find_program */

/* The reader maps regular files (capture/format/ladder-reader.c).  When another
 * process cuts the file short while it is read, touching the pages that
 * went away raises SIGBUS, which would kill the program without a word.
 * Only async-signal-safe calls are allowed here: write(2) of a fixed text
 * and _exit(2).  So stdio is not flushed: output still in stdout's buffer
 * is lost, and what was already written stays a prefix of the full answer
 * (the exit status says it is incomplete). */
static void
on_sigbus (int sig)
{
  static const char msg[] = "wireladder-cli: the input file was cut short while being read\n";
  ssize_t ignored = write (STDERR_FILENO, msg, sizeof msg - 1);

  (void) ignored;
  (void) sig;
  _exit (LADDER_CLI_BAD_INPUT);
}

void
ladder_cli_catch_sigbus (void)
{
  struct sigaction sa;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_sigbus;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGBUS, &sa, NULL);
}

int
ladder_cli_render_exec (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = ladder_lab_find_program ("wireladder-render", "WIRELADDER_RENDER", &error);
  g_autofree char **args = NULL;

  if (path == NULL)
    {
      fprintf (stderr, "wireladder-cli render: %s\n", error->message);
      return LADDER_CLI_BAD_INPUT;
    }
  /* argv[0] is "render": the new program's name in its place */
  args = g_new0 (char *, argc + 1);
  args[0] = path;
  for (int i = 1; i < argc; i++)
    args[i] = argv[i];
  fflush (stdout);
  execv (path, args);
  fprintf (stderr, "wireladder-cli render: cannot run %s: %s\n", path, g_strerror (errno));
  return LADDER_CLI_BAD_INPUT;
}
