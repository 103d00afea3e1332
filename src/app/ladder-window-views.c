/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-views.c: the diagrams of src/app/views in their pages.
 *
 * The window gives each view its capture and newest analysis, follows the
 * views' selection (a click on an arrow selects that packet everywhere) and
 * sets theirs.  The ping page draws the ladder of one ping session.  A
 * view gets its capture only while its page is shown, so a
 * huge capture is never laid out as a diagram nobody looks at.  The views
 * lay out in a worker thread, so even a million-packet capture (a ladder
 * of its first 20000 packets, tens of thousands of 5-tuple cards) never
 * blocks the window; tests/app/bench-stall measures it.
 */
#include "ladder-window-private.h"
#include "ladder-paned.h"

#ifdef HAVE_VIEWS

#include "ladder-sequence-view.h"
#include "ladder-traceroute-view.h"
#include "ladder-tuples-view.h"

static GtkWidget *
visible_view (LadderWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (page, "ladder") == 0)
    return self->sequence_diagram;
  if (g_strcmp0 (page, "tuples") == 0)
    return self->tuples_diagram;
  if (g_strcmp0 (page, "traceroute") == 0)
    return self->traceroute_diagram;
  if (g_strcmp0 (page, "ping") == 0)
    return self->ping_diagram;
  return NULL;
}

static void
update_hint (LadderWindow *self)
{
  gtk_widget_set_visible (self->ladder_hint, _ladder_window_get_conversation (self) < 0);
  gtk_label_set_text (GTK_LABEL (self->ladder_hint),
                      "Every packet as an arrow between its hosts. Activate a conversation to draw only that one.");
}

static gboolean
is_echo_conversation (LadderWindow *self, gint index)
{
  LadderConversations *convs = ladder_analysis_get_conversations (self->analysis);
  const LadderConversation *conv;

  if (index < 0 || (guint) index >= ladder_conversations_get_n_items (convs))
    return FALSE;
  conv = ladder_conversations_get_item (convs, index);
  return conv->proto == 1 || conv->proto == 58;
}

/* The ping page draws the session of the selected packet, or the first
 * session: -1 when the capture has no pings. */
static gint
ping_conversation (LadderWindow *self)
{
  LadderPing *ping;
  gint index;

  if (self->analysis == NULL)
    return -1;
  index = ladder_window_get_selected_frame (self) != 0
          ? ladder_analysis_get_frame_conversation (self->analysis, ladder_window_get_selected_frame (self)) : -1;
  if (is_echo_conversation (self, index))
    return index;
  ping = ladder_analysis_get_ping (self->analysis);
  for (guint s = 0; s < ladder_ping_get_n_sessions (ping); s++)
    for (guint p = 0; p < ladder_ping_get_session (ping, s)->n_probes; p++)
      {
        const LadderPingProbe *probe = &ladder_ping_get_session (ping, s)->probes[p];

        index = ladder_analysis_get_frame_conversation (self->analysis, probe->request ? probe->request : probe->reply);
        if (is_echo_conversation (self, index))
          return index;
      }
  return -1;
}

/* FALSE (and the slot hidden) when there is no ping to draw. */
static gboolean
sync_ping (LadderWindow *self, gint *conversation)
{
  *conversation = ping_conversation (self);
  gtk_widget_set_visible (self->ping_diagram_slot, *conversation >= 0);
  if (*conversation < 0 && ladder_diagram_view_get_capture (LADDER_DIAGRAM_VIEW (self->ping_diagram)) != NULL)
    ladder_diagram_view_set_capture (LADDER_DIAGRAM_VIEW (self->ping_diagram), NULL, NULL);
  return *conversation >= 0;
}

static void
sync_view (LadderWindow *self, GtkWidget *widget)
{
  LadderDiagramView *view = LADDER_DIAGRAM_VIEW (widget);
  gint conversation = _ladder_window_get_conversation (self);

  if (widget == self->ping_diagram && !sync_ping (self, &conversation))
    return;

  self->syncing_views = TRUE;
  /* The conversation first: the capture then lays out only that one. */
  if ((widget == self->sequence_diagram || widget == self->ping_diagram)
      && ladder_diagram_view_get_conversation (view) != conversation)
    ladder_diagram_view_set_conversation (view, conversation);
  if (ladder_diagram_view_get_capture (view) != self->capture
      || ladder_diagram_view_get_analysis (view) != self->analysis)
    ladder_diagram_view_set_capture (view, self->capture, self->analysis);
  if (ladder_diagram_view_get_selected_frame (view) != ladder_window_get_selected_frame (self))
    ladder_diagram_view_set_selected_frame (view, ladder_window_get_selected_frame (self));
  self->syncing_views = FALSE;
}

void
_ladder_window_update_views (LadderWindow *self)
{
  GtkWidget *view = visible_view (self);

  if (view != NULL)
    sync_view (self, view);
  update_hint (self);
}

void
_ladder_window_detach_views (LadderWindow *self)
{
  GtkWidget *views[] = { self->sequence_diagram, self->tuples_diagram, self->traceroute_diagram,
                         self->ping_diagram };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (ladder_diagram_view_get_capture (LADDER_DIAGRAM_VIEW (views[i])) != NULL)
      ladder_diagram_view_set_capture (LADDER_DIAGRAM_VIEW (views[i]), NULL, NULL);
}

void
_ladder_window_show_traceroute_run (LadderWindow *self, guint run)
{
  if (self->traceroute_diagram != NULL)
    g_object_set (self->traceroute_diagram, "traceroute-run", run, NULL);
}

/* The diagram of the page shown: what "Export Diagram…" writes. */
static GtkWidget *
exportable_view (LadderWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (page, "ping") == 0)
    return gtk_widget_get_visible (self->ping_diagram_slot) ? self->ping_diagram : NULL;
  return visible_view (self);
}

gboolean
_ladder_window_export_diagram_to (LadderWindow  *self,
                                  const char    *path,
                                  GError       **error)
{
  GtkWidget *view = exportable_view (self);

  if (view == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "There is no diagram on this page: show Ladder, 5-Tuples, Ping or Traceroute to export one");
      return FALSE;
    }
  return ladder_diagram_view_export (LADDER_DIAGRAM_VIEW (view), path, error);
}

static void
on_view_selected (LadderDiagramView *view, GParamSpec *pspec, LadderWindow *self)
{
  guint64 frame = ladder_diagram_view_get_selected_frame (view);

  if (self->syncing_views || frame == 0 || frame == ladder_window_get_selected_frame (self))
    return;
  ladder_window_set_selected_frame (self, frame);
}

static void
on_window_selected (LadderWindow *self)
{
  GtkWidget *view = visible_view (self);

  if (view != NULL && !self->syncing_views)
    sync_view (self, view);
}

static GtkWidget *
add_view (LadderWindow *self, GtkWidget *slot, GtkWidget *view)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_box_append (GTK_BOX (slot), scrolled);
  gtk_widget_set_visible (slot, TRUE);
  g_signal_connect (view, "notify::selected-frame", G_CALLBACK (on_view_selected), self);
  return view;
}

static void
on_realize (LadderWindow *self)
{
  /* The application is set after the template is built, so bind here. */
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWidget *views[] = { self->sequence_diagram, self->tuples_diagram, self->traceroute_diagram,
                         self->ping_diagram };

  if (g_object_get_data (G_OBJECT (self), "ladder-views-bound") != NULL)
    return;
  g_object_set_data (G_OBJECT (self), "ladder-views-bound", GINT_TO_POINTER (1));
  for (guint i = 0; app != NULL && i < G_N_ELEMENTS (views); i++)
    g_object_bind_property (app, "font-scale", views[i], "font-scale", G_BINDING_SYNC_CREATE);
}

/* Above the ladder: time proportional or compressed, and fit. */
static void
add_ladder_controls (LadderWindow *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *compressed = gtk_toggle_button_new_with_mnemonic ("_Compressed time");
  GtkWidget *fit = gtk_button_new_with_mnemonic ("_Fit");

  gtk_widget_set_tooltip_text (compressed, "One row per packet, pauses shortened, "
                                           "instead of time running down in proportion");
  gtk_widget_set_tooltip_text (fit, "Zoom so the whole diagram fits the page");
  g_object_bind_property (compressed, "active", self->sequence_diagram, "compressed",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (fit, "clicked", G_CALLBACK (ladder_diagram_view_zoom_fit),
                            self->sequence_diagram);
  gtk_widget_set_halign (bar, GTK_ALIGN_END);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_box_append (GTK_BOX (bar), compressed);
  gtk_box_append (GTK_BOX (bar), fit);
  gtk_box_insert_child_after (GTK_BOX (self->ladder_slot), bar, GTK_WIDGET (self->ladder_hint));
  self->ladder_compressed = GTK_TOGGLE_BUTTON (compressed);
}

void
_ladder_window_init_views (LadderWindow *self)
{
  self->sequence_diagram = add_view (self, self->ladder_slot, ladder_sequence_view_new ());
  add_ladder_controls (self);
  self->tuples_diagram = add_view (self, self->tuples_slot, ladder_tuples_view_new ());
  self->traceroute_diagram = add_view (self, self->traceroute_diagram_slot, ladder_traceroute_view_new ());
  /* The staircase is the lesson; the table below is its index. */
  ladder_paned_place (gtk_widget_get_parent (self->traceroute_diagram_slot), 650);
  /* Ping: each request and its reply (or the router's error) as arrows, a
   * row per packet: the seconds between requests would dwarf the RTTs. */
  self->ping_diagram = add_view (self, self->ping_diagram_slot, ladder_sequence_view_new ());
  ladder_diagram_view_set_compressed (LADDER_DIAGRAM_VIEW (self->ping_diagram), TRUE);
  gtk_widget_set_visible (self->ping_diagram_slot, FALSE);
  ladder_paned_place (gtk_widget_get_parent (self->ping_diagram_slot), 550);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child",
                            G_CALLBACK (_ladder_window_update_views), self);
  g_signal_connect (self, "notify::selected-frame", G_CALLBACK (on_window_selected), NULL);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), NULL);
}

#else  /* !HAVE_VIEWS */

gboolean
_ladder_window_export_diagram_to (LadderWindow  *self,
                                  const char    *path,
                                  GError       **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "This build has no diagrams");
  return FALSE;
}

void
_ladder_window_init_views (LadderWindow *self)
{
  GtkStackPage *ladder = gtk_stack_get_page (self->view_stack, self->ladder_slot);
  GtkStackPage *tuples = gtk_stack_get_page (self->view_stack, self->tuples_slot);

  /* Without the diagrams their pages would be empty. */
  gtk_stack_page_set_visible (ladder, FALSE);
  gtk_stack_page_set_visible (tuples, FALSE);
}

void
_ladder_window_update_views (LadderWindow *self)
{
}

void
_ladder_window_detach_views (LadderWindow *self)
{
}

void
_ladder_window_show_traceroute_run (LadderWindow *self, guint run)
{
}

#endif
