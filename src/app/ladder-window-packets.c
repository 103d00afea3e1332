/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-packets.c: the filter bar above the pages, and the
 * window's side of the packet pane (ladder-packet-pane.h): the pane's
 * handlers are connected in ladder-window.ui. */
#include "ladder-window-private.h"

#include <glib/gi18n-lib.h>

static void
show_filter_error (LadderWindow *self, const char *message)
{
  g_autofree char *text = g_strdup_printf (_("This filter does not compile: %s"), message);

  ladder_filter_bar_show_message (self->filter_bar, text, TRUE);
}

gboolean
_ladder_window_apply_filter (LadderWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (!ladder_packet_pane_set_filter (self->packet_pane, ladder_filter_bar_get_text (self->filter_bar), &error))
    {
      show_filter_error (self, error->message);
      return FALSE;
    }
  ladder_filter_bar_show_message (self->filter_bar, ladder_packet_pane_get_filter_warning (self->packet_pane), FALSE);
  return TRUE;
}

void
_ladder_window_on_filter_apply (LadderFilterBar *bar, const char *text, LadderWindow *self)
{
  _ladder_window_apply_filter (self);
}

/* A live capture or a pcapng file can add interfaces as it goes. */
void
_ladder_window_on_pane_filter_warning (LadderPacketPane *pane, GParamSpec *pspec, LadderWindow *self)
{
  if (ladder_packet_pane_get_filter (pane) != NULL)
    ladder_filter_bar_show_message (self->filter_bar, ladder_packet_pane_get_filter_warning (pane), FALSE);
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
    return g_strdup_printf (_("Conversation %d"), index);
  conversations = ladder_analysis_get_conversations (self->analysis);
  if ((guint) index >= ladder_conversations_get_n_items (conversations))
    return g_strdup_printf (_("Conversation %d"), index);
  conv = ladder_conversations_get_item (conversations, index);
  if (conv->proto == LADDER_IPPROTO_TCP || conv->proto == LADDER_IPPROTO_UDP)
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

      ladder_filter_bar_set_conversation_label (self->filter_bar, label);
    }
  else
    ladder_filter_bar_set_conversation_label (self->filter_bar, NULL);
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
  ladder_filter_bar_set_conversation_label (self->filter_bar, NULL);
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
