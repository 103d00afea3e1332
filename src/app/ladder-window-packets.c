/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-packets.c: the filter bar above the pages, and the
 * window's side of the packet pane (ladder-packet-pane.h): the pane's
 * handlers are connected in ladder-window.ui. */
#include "ladder-window-private.h"

/* One line under the filter bar: an error (red, the entry outlined) when
 * the expression does not compile, a warning when it compiles only for
 * some of the capture's link types, or nothing. */
static void
show_filter_message (LadderWindow *self, const char *text, gboolean error)
{
  GtkWidget *label = GTK_WIDGET (self->filter_error);

  gtk_widget_set_visible (label, text != NULL);
  if (text != NULL)
    gtk_label_set_text (self->filter_error, text);
  if (text != NULL && !error)
    gtk_widget_add_css_class (label, "warning");
  else
    gtk_widget_remove_css_class (label, "warning");
  if (text != NULL && error)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_entry), "error");
}

static void
show_filter_error (LadderWindow *self, const char *message)
{
  g_autofree char *text = g_strdup_printf ("This filter does not compile: %s", message);

  show_filter_message (self, text, TRUE);
}

gboolean
_ladder_window_apply_filter (LadderWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  g_autoptr (GError) error = NULL;

  if (!ladder_packet_pane_set_filter (self->packet_pane, text, &error))
    {
      show_filter_error (self, error->message);
      return FALSE;
    }
  show_filter_message (self, ladder_packet_pane_get_filter_warning (self->packet_pane), FALSE);
  return TRUE;
}

void
_ladder_window_on_filter_activate (GtkEntry *entry, LadderWindow *self)
{
  _ladder_window_apply_filter (self);
}

static gboolean
apply_if_still_empty (gpointer user_data)
{
  LadderWindow *self = user_data;

  if (*gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)) == '\0')
    _ladder_window_apply_filter (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* Clearing the entry shows everything at once; other edits wait for Enter.
 * Checked from an idle: replacing the text passes through "" on the way. */
void
_ladder_window_on_filter_changed (GtkEditable *editable, LadderWindow *self)
{
  if (*gtk_editable_get_text (editable) == '\0')
    g_idle_add_full (G_PRIORITY_DEFAULT, apply_if_still_empty, g_object_ref (self), NULL);
}

/* A live capture or a pcapng file can add interfaces as it goes. */
void
_ladder_window_on_pane_filter_warning (LadderPacketPane *pane, GParamSpec *pspec, LadderWindow *self)
{
  if (ladder_packet_pane_get_filter (pane) != NULL)
    show_filter_message (self, ladder_packet_pane_get_filter_warning (pane), FALSE);
}

void
_ladder_window_on_pane_refiltered (LadderPacketPane *pane, LadderWindow *self)
{
  _ladder_window_ensure_tick (self);
  _ladder_window_update_status (self);
}

void
_ladder_window_on_pane_selected_frame (LadderPacketPane *pane, GParamSpec *pspec, LadderWindow *self)
{
  _ladder_window_notify_selected_frame (self);
}

static char *
describe_conversation (LadderWindow *self, gint index)
{
  LadderConversations *conversations;
  const LadderConversation *conv;
  char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN];

  if (self->analysis == NULL)
    return g_strdup_printf ("Conversation %d", index);
  conversations = ladder_analysis_get_conversations (self->analysis);
  if ((guint) index >= ladder_conversations_get_n_items (conversations))
    return g_strdup_printf ("Conversation %d", index);
  conv = ladder_conversations_get_item (conversations, index);
  if (conv->proto == 6 || conv->proto == 17)
    return g_strdup_printf ("%s %s:%u ⇄ %s:%u", ladder_conversation_proto_name (conv->proto),
                            ladder_addr_to_string (&conv->a, a), conv->a_port,
                            ladder_addr_to_string (&conv->b, b), conv->b_port);
  return g_strdup_printf ("%s %s ⇄ %s id %u", ladder_conversation_proto_name (conv->proto),
                          ladder_addr_to_string (&conv->a, a),
                          ladder_addr_to_string (&conv->b, b), conv->a_port);
}

void
_ladder_window_set_conversation (LadderWindow *self, gint conversation)
{
  if (conversation >= 0 && self->analysis == NULL)
    return;
  if (conversation >= 0)
    {
      g_autofree char *label = describe_conversation (self, conversation);

      gtk_label_set_text (self->conversation_chip_label, label);
    }
  gtk_widget_set_visible (self->conversation_chip, conversation >= 0);
  if (ladder_packet_pane_get_conversation (self->packet_pane) == conversation)
    return;
  ladder_packet_pane_set_conversation (self->packet_pane, conversation);
  _ladder_window_update_views (self);
  _ladder_window_update_actions (self);
}

gint
_ladder_window_get_conversation (LadderWindow *self)
{
  return ladder_packet_pane_get_conversation (self->packet_pane);
}

void
_ladder_window_reset_packets (LadderWindow *self)
{
  gtk_widget_set_visible (self->conversation_chip, FALSE);
  ladder_packet_pane_set_capture (self->packet_pane, self->capture);
  /* The expression is kept: it may compile differently for the new link type. */
  if (ladder_packet_pane_get_filter (self->packet_pane) != NULL)
    _ladder_window_apply_filter (self);
}

void
ladder_window_set_selected_frame (LadderWindow *self, guint64 number)
{
  g_return_if_fail (LADDER_IS_WINDOW (self));
  ladder_packet_pane_set_selected_frame (self->packet_pane, number);
}

LadderPacketPane *
ladder_window_get_packet_pane (LadderWindow *self)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), NULL);
  return self->packet_pane;
}
