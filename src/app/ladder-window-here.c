/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-here.c: the window's side of "This machine"
 * (ladder-here-panel.h): its stream is read like the lab's.  The handlers
 * are connected in ladder-window.ui.
 */
#include "ladder-window-private.h"

void
_ladder_window_on_here_stream (LadderHerePanel *panel, int fd, const char *name, LadderWindow *self)
{
  _ladder_window_load_fd (self, fd, name);
}

void
_ladder_window_on_here_finished (LadderHerePanel *panel, gboolean ok, LadderWindow *self)
{
  _ladder_window_update_status (self);
  _ladder_window_update_actions (self);
}
