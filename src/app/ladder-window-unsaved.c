/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-unsaved.c: lecture notes are never lost without asking.
 *
 * Closing the window, quitting, or opening another capture while notes
 * typed since the last save (ladder_capture_has_unsaved_notes()) would be
 * lost asks first: Save, Discard or Cancel, in a GtkMessageDialog (GTK 4.8
 * has no GtkAlertDialog).  Save runs Save As and goes on once the copy is
 * written; Cancel, closing the question, or cancelling the Save As keeps
 * the window, the capture and its notes as they were.
 */
#include "ladder-window-private.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  LadderWindowThen then;
  gpointer         data;
  GDestroyNotify   destroy;
} Pending;

static void
pending_free (Pending *pending)
{
  if (pending->destroy != NULL)
    pending->destroy (pending->data);
  g_free (pending);
}

static void
drop_pending (LadderWindow *self)
{
  g_clear_pointer (&self->unsaved.pending, pending_free);
}

/* Runs what was asked for (once) and forgets it. */
static void
run_pending (LadderWindow *self)
{
  Pending *pending = g_steal_pointer (&self->unsaved.pending);

  if (pending == NULL)
    return;
  pending->then (self, pending->data);
  pending_free (pending);
}

static gboolean
run_pending_idle (gpointer user_data)
{
  run_pending (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_response (GtkDialog *dialog, int response, LadderWindow *self)
{
  self->unsaved.dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* Not from inside the dialog's response: closing the window would
   * leave the dialog a parent already gone. */
  if (response == GTK_RESPONSE_REJECT)
    g_idle_add_full (G_PRIORITY_DEFAULT, run_pending_idle, g_object_ref (self), g_object_unref);
  else if (response == GTK_RESPONSE_ACCEPT)
    {
      self->unsaved.save_then_pending = TRUE;
      g_action_group_activate_action (G_ACTION_GROUP (self), "save-as", NULL);
    }
  else
    drop_pending (self);
}

static GtkWidget *
make_dialog (LadderWindow *self)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE, "%s",
                                              _("Save the lecture notes?"));

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("Notes were added or changed since the capture was last saved. "
                                              "Without saving, they are lost."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL, _("_Discard"),
                          GTK_RESPONSE_REJECT, _("_Save…"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), self);
  return dialog;
}

gboolean
_ladder_window_confirm_unsaved (LadderWindow *self, LadderWindowThen then, gpointer data, GDestroyNotify destroy)
{
  Pending *pending;

  if (self->capture == NULL || !ladder_capture_has_unsaved_notes (self->capture))
    {
      if (destroy != NULL)
        destroy (data);
      return TRUE;
    }
  /* A second request while asking replaces the first. */
  drop_pending (self);
  pending = g_new0 (Pending, 1);
  *pending = (Pending) { then, data, destroy };
  self->unsaved.pending = pending;
  if (self->unsaved.dialog == NULL)
    {
      self->unsaved.dialog = make_dialog (self);
      gtk_window_present (GTK_WINDOW (self->unsaved.dialog));
    }
  return FALSE;
}

void
_ladder_window_save_finished (LadderWindow *self, gboolean saved)
{
  if (!self->unsaved.save_then_pending)
    return;
  self->unsaved.save_then_pending = FALSE;
  if (saved)
    run_pending (self);
  else
    drop_pending (self);
}

void
_ladder_window_forget_unsaved (LadderWindow *self)
{
  drop_pending (self);
  if (self->unsaved.dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->unsaved.dialog)));
}
