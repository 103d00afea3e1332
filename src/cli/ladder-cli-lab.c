/* ladder-cli-lab.c: `wireladder-cli lab`.  Placeholder until its issue lands. */
#include <stdio.h>

#include "ladder-cli.h"

int
ladder_cli_lab_main (int argc, char **argv)
{
  fprintf (stderr, "wireladder-cli: 'lab' is not built yet\n");
  return LADDER_CLI_USAGE;
}
