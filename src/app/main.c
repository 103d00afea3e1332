/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: wireladder, the window. */
#include "ladder-application.h"
#include "ladder-i18n.h"

/* GTK 4.8 picks its GL renderer by default.  Everything Wireladder shows is
 * text and cairo-drawn diagrams, which the GL renderer draws with cairo
 * anyway and then uploads as textures; where GL is Mesa's software
 * rasteriser (virtual machines, Xvfb, classroom PCs without a GPU driver)
 * that costs the main loop dearly.  Measured with tests/app/bench-stall on
 * a 1M-packet capture under Xvfb (2 cores, three runs): longest main-loop
 * stall opening 105-475 ms with GL against 14-18 ms with cairo, scrolling
 * the list 60-167 ms against 10-52 ms, showing the ladder 48-491 ms against
 * 13-26 ms.  GL's gain on a real GPU is small for such content; its cost
 * where there is none is large.  So cairo unless the user chose:
 * GSK_RENDERER=gl still works. */
static void
choose_renderer (void)
{
  if (g_getenv ("GSK_RENDERER") == NULL)
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

int
main (int argc, char *argv[])
{
  g_autoptr (LadderApplication) app = NULL;

  ladder_i18n_init ();
  choose_renderer ();
  app = ladder_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
