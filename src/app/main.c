/* main.c: wireladder, the window. */
#include "ladder-application.h"

/* GTK 4.8 picks its GL renderer by default.  Everything Wireladder shows is
 * text and cairo-drawn diagrams, which the GL renderer draws with cairo
 * anyway and then uploads as textures; where GL is Mesa's software
 * rasteriser (virtual machines, Xvfb, classroom PCs without a GPU driver)
 * that costs the main loop dearly.  Measured with tests/app/bench-stall on
 * a 1M-packet capture under Xvfb: longest stall 125 ms (open), 95 ms
 * (scroll), 85 ms (ladder page) with GL, against 14, 35 and 13 ms with
 * cairo.  So cairo unless the user chose: GSK_RENDERER=gl still works. */
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

  choose_renderer ();
  app = ladder_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
