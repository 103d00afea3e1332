/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-lab.c: the window's side of the lab panel
 * (ladder-lab-panel.h): the stream it starts is read like any file, its
 * state goes to the status bar, and a run started from the command line
 * ends on the page its scenario is for.  The handlers are connected in
 * ladder-window.ui.
 */
#include "ladder-window-private.h"

#include <glib/gi18n-lib.h>

#include "ladder-lab-client.h"

static const char *
page_for_scenario (const char *scenario)
{
  if (g_strcmp0 (scenario, "traceroute") == 0)
    return "traceroute";
  if (g_strcmp0 (scenario, "ping") == 0 || g_strcmp0 (scenario, "raw-icmp") == 0)
    return "ping";
  if (g_strcmp0 (scenario, "select-chat") == 0)
    return "tuples";
  return "ladder";
}

void
_ladder_window_on_lab_stream (LadderLabPanel *panel, int fd, const char *name, LadderWindow *self)
{
  _ladder_window_load_fd (self, fd, name);
}

void
_ladder_window_on_lab_notify (LadderLabPanel *panel, GParamSpec *pspec, LadderWindow *self)
{
  if (ladder_lab_panel_get_running (panel))
    self->drops = ladder_lab_panel_get_drops (panel);
  _ladder_window_update_status (self);
  _ladder_window_update_actions (self);
}

void
_ladder_window_on_lab_finished (LadderLabPanel *panel, gboolean ok, LadderWindow *self)
{
  self->drops = ladder_lab_panel_get_drops (panel);
  /* Started from the command line: land on the picture the scenario is for. */
  if (ok && self->lab_show_page != NULL)
    {
      /* The lab's exchanges take microseconds between pauses of
       * milliseconds: one row per packet shows the whole of it at once. */
      if (g_str_equal (self->lab_show_page, "ladder"))
        g_object_set (self->ladder_page, "compressed", TRUE, NULL);
      gtk_stack_set_visible_child_name (self->view_stack, self->lab_show_page);
    }
  self->lab_show_page = NULL;
  _ladder_window_update_status (self);
  _ladder_window_update_actions (self);
}

LadderLabPanel *
ladder_window_get_lab_panel (LadderWindow *self)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), NULL);
  return self->lab_panel;
}

gboolean
ladder_window_start_lab (LadderWindow  *self,
                         const char    *scenario,
                         GError       **error)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (scenario != NULL, FALSE);

  if (!ladder_lab_panel_set_scenario (self->lab_panel, scenario))
    {
      g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                   _("No lab scenario is called “%s”"), scenario);
      return FALSE;
    }
  self->lab_show_page = page_for_scenario (scenario);
  g_action_group_change_action_state (G_ACTION_GROUP (self), "show-lab", g_variant_new_boolean (TRUE));
  ladder_lab_panel_start (self->lab_panel);
  return TRUE;
}
