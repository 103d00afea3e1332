/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-programs.c: "Your programs" in the window.  The lab panel
 * owns the commands ("programs") and the terminals ("terminals",
 * ladder-terminal-view.h), and sends what is typed to the lab; the window
 * only places the terminals beside the pages and gives them its capture
 * (a run's or a saved file's), so it keeps no state of its own for them.
 */
#include "ladder-window-private.h"

#include "ladder-terminal-view.h"

static LadderTerminalView *
terminals (LadderWindow *self)
{
  return LADDER_TERMINAL_VIEW (ladder_lab_panel_get_terminals (self->lab_panel));
}

static void
on_capture (LadderWindow *self)
{
  ladder_terminal_view_set_capture (terminals (self), self->capture);
}

/* The terminals go to the right of the pages, in a paned of their own. */
static void
place_terminals (LadderWindow *self)
{
  GtkWidget *stack = GTK_WIDGET (self->view_stack);
  GtkWidget *box = gtk_widget_get_parent (stack);
  GtkWidget *before = gtk_widget_get_prev_sibling (stack);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *view = GTK_WIDGET (terminals (self));

  gtk_widget_set_size_request (view, 460, -1);
  g_object_ref (stack);
  gtk_box_remove (GTK_BOX (box), stack);
  gtk_paned_set_start_child (GTK_PANED (paned), stack);
  gtk_paned_set_end_child (GTK_PANED (paned), view);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_insert_child_after (GTK_BOX (box), paned, before);
  g_object_unref (stack);
}

void
_ladder_window_init_programs (LadderWindow *self)
{
  place_terminals (self);
  g_signal_connect (self, "notify::capture", G_CALLBACK (on_capture), NULL);
}

/* A capture is being replaced: its last references go with the window's. */
void
_ladder_window_detach_programs (LadderWindow *self)
{
  ladder_terminal_view_set_capture (terminals (self), NULL);
}
