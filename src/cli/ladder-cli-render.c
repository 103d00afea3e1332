/* ladder-cli-render.c: `wireladder-cli render`.  Placeholder until its issue lands. */
#include <stdio.h>

#include "ladder-cli.h"

int
ladder_cli_render_main (int argc, char **argv)
{
  fprintf (stderr, "wireladder-cli: 'render' is not built yet\n");
  return LADDER_CLI_USAGE;
}
