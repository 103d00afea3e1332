/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wireladder-render: `wireladder-cli render`, the one command that draws
 * (ladder-cli-render.c), as a program of its own so that the others do
 * not load the drawing libraries (ladder-cli-process.c).  Installed in
 * libexecdir; wireladder-cli runs it with the arguments after `render`. */
#include "ladder-cli.h"
#include "ladder-i18n.h"

int
main (int argc, char **argv)
{
  ladder_i18n_init ();
  ladder_cli_catch_sigbus ();
  return ladder_cli_render_main (argc, argv);
}
