/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-tables.c: the window's side of the conversations, ping and
 * traceroute tables (ladder-analysis-table.h): each new analysis goes to
 * them, and an activated row shows its packets.  The handlers are
 * connected in ladder-window.ui. */
#include "ladder-window-private.h"

void
_ladder_window_update_tables (LadderWindow *self)
{
  ladder_analysis_table_set_analysis (self->conversation_table, self->analysis);
  ladder_analysis_table_set_analysis (self->ping_table, self->analysis);
  ladder_analysis_table_set_analysis (self->traceroute_table, self->analysis);
}

void
_ladder_window_on_table_conversation_activated (LadderAnalysisTable *table, gint conversation,
                                                LadderWindow *self)
{
  _ladder_window_set_conversation (self, conversation);
  gtk_stack_set_visible_child_name (self->view_stack, "packets");
}

void
_ladder_window_on_table_frame_activated (LadderAnalysisTable *table, guint64 frame, guint run,
                                         LadderWindow *self)
{
  if (table == self->traceroute_table)
    _ladder_window_show_traceroute_run (self, run);
  ladder_window_set_selected_frame (self, frame);
  gtk_stack_set_visible_child_name (self->view_stack, "packets");
}

LadderAnalysisTable *
ladder_window_get_table (LadderWindow *self, const char *name)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), NULL);

  if (g_strcmp0 (name, "conversations") == 0)
    return self->conversation_table;
  if (g_strcmp0 (name, "ping") == 0)
    return self->ping_table;
  if (g_strcmp0 (name, "traceroute") == 0)
    return self->traceroute_table;
  return NULL;
}
