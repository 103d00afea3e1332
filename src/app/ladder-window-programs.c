/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-programs.c: "Your programs" in the window: the programs
 * panel placed in the lab panel (shown for the custom scenario), and the
 * terminals placed beside the diagrams.  Both are composite widgets of
 * their own (ladder-programs-panel.h, ladder-terminal-view.h); this file
 * only places and wires them, so the window's files change by a few lines.
 */
#include "ladder-window-private.h"

#include "ladder-programs-panel.h"
#include "ladder-terminal-view.h"

#ifdef HAVE_LAB_CLIENT

static gboolean
custom_selected (LadderWindow *self)
{
  guint n = 0;

  ladder_lab_get_scenarios (&n);
  return gtk_drop_down_get_selected (self->lab_scenario) == n;
}

static void
on_scenario_selected (LadderWindow *self)
{
  gtk_widget_set_visible (self->programs_panel, custom_selected (self));
}

static void
on_capture (LadderWindow *self)
{
  ladder_terminal_view_set_capture (LADDER_TERMINAL_VIEW (self->terminal_view), self->capture);
}

static void
on_n_programs (LadderWindow *self)
{
  LadderTerminalView *view = LADDER_TERMINAL_VIEW (self->terminal_view);

  gtk_widget_set_visible (self->terminal_view, ladder_terminal_view_get_n_programs (view) > 0);
}

static void
on_terminal_input (LadderTerminalView *view, const char *host, const char *text, gboolean eof,
                   LadderWindow *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = eof ? ladder_lab_client_close_input (self->lab, host, &error)
                    : ladder_lab_client_send_input (self->lab, host, text, &error);

  if (!ok)
    ladder_programs_panel_set_error (LADDER_PROGRAMS_PANEL (self->programs_panel), error->message);
}

static void
on_input_error (LadderLabClient *lab, const char *host, const char *message, LadderWindow *self)
{
  ladder_programs_panel_set_error (LADDER_PROGRAMS_PANEL (self->programs_panel), message);
}

/* A failed run is told once, by the lab panel's message (which names the
 * program, its host, its exit status and last line); the programs panel
 * tells only what nothing else does: typed input that was refused. */
static void
on_lab_finished (LadderLabClient *lab, const GError *error, guint64 drops, LadderWindow *self)
{
  ladder_terminal_view_set_input (LADDER_TERMINAL_VIEW (self->terminal_view), FALSE);
}

/* The panel goes under the scenario's summary: the commands first, the
 * network's parameters below them. */
static void
place_panel (LadderWindow *self)
{
  GtkWidget *summary = GTK_WIDGET (self->lab_summary);

  self->programs_panel = ladder_programs_panel_new (NULL);
  gtk_widget_set_visible (self->programs_panel, FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (summary)), self->programs_panel, summary);
}

/* The terminals go to the right of the pages, in a paned of their own. */
static void
place_terminals (LadderWindow *self)
{
  GtkWidget *stack = GTK_WIDGET (self->view_stack);
  GtkWidget *box = gtk_widget_get_parent (stack);
  GtkWidget *before = gtk_widget_get_prev_sibling (stack);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);

  self->terminal_view = ladder_terminal_view_new ();
  gtk_widget_set_visible (self->terminal_view, FALSE);
  gtk_widget_set_size_request (self->terminal_view, 460, -1);
  g_object_ref (stack);
  gtk_box_remove (GTK_BOX (box), stack);
  gtk_paned_set_start_child (GTK_PANED (paned), stack);
  gtk_paned_set_end_child (GTK_PANED (paned), self->terminal_view);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_insert_child_after (GTK_BOX (box), paned, before);
  g_object_unref (stack);
}

void
_ladder_window_init_programs (LadderWindow *self)
{
  place_panel (self);
  place_terminals (self);
  g_signal_connect_swapped (self->lab_scenario, "notify::selected", G_CALLBACK (on_scenario_selected), self);
  g_signal_connect (self, "notify::capture", G_CALLBACK (on_capture), NULL);
  g_signal_connect_swapped (self->terminal_view, "notify::n-programs", G_CALLBACK (on_n_programs), self);
  g_signal_connect (self->terminal_view, "input", G_CALLBACK (on_terminal_input), self);
  g_signal_connect_object (self->lab, "input-error", G_CALLBACK (on_input_error), self, 0);
  g_signal_connect_object (self->lab, "finished", G_CALLBACK (on_lab_finished), self, 0);
}

int
_ladder_window_programs_start (LadderWindow *self, const LadderLabParams *params, GError **error)
{
  LadderProgramsPanel *panel = LADDER_PROGRAMS_PANEL (self->programs_panel);
  LadderLabPrograms programs;
  int fd;

  ladder_programs_panel_get_programs (panel, &programs);
  ladder_programs_panel_set_error (panel, NULL);
  fd = ladder_lab_client_start_programs (self->lab, params, &programs, error);
  return fd;
}

/* Once the window shows the run's capture: typing is allowed. */
void
_ladder_window_programs_started (LadderWindow *self)
{
  ladder_terminal_view_set_input (LADDER_TERMINAL_VIEW (self->terminal_view), TRUE);
}

#else  /* !HAVE_LAB_CLIENT */

void
_ladder_window_init_programs (LadderWindow *self)
{
}

#endif

/* A capture is being replaced: its last references go with the window's. */
void
_ladder_window_detach_programs (LadderWindow *self)
{
  if (self->terminal_view != NULL)
    ladder_terminal_view_set_capture (LADDER_TERMINAL_VIEW (self->terminal_view), NULL);
}
