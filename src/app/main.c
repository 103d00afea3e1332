/* main.c: wireladder, the window. */
#include "ladder-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr (LadderApplication) app = ladder_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
