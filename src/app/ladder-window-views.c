/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-views.c: the diagram pages (ladder-diagram-page.h).
 *
 * The window gives the page shown its capture, newest analysis and the
 * selected packet, and follows the pages' selection (a click on an arrow
 * selects that packet everywhere).  A page gets its capture only while it
 * is shown, so a huge capture is never laid out as a diagram nobody looks
 * at.  The pages' handler is connected in ladder-window.ui.
 */
#include "ladder-window-private.h"

#include <glib/gi18n-lib.h>

static LadderDiagramPage *
visible_page (LadderWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (page, "ladder") == 0)
    return self->ladder_page;
  if (g_strcmp0 (page, "tuples") == 0)
    return self->tuples_page;
  if (g_strcmp0 (page, "traceroute") == 0)
    return self->traceroute_diagram_page;
  if (g_strcmp0 (page, "ping") == 0)
    return self->ping_diagram_page;
  return NULL;
}

static void
sync_page (LadderWindow *self, LadderDiagramPage *page)
{
  ladder_diagram_page_sync (page, self->capture, self->analysis, ladder_window_get_selected_frame (self));
}

void
_ladder_window_update_views (LadderWindow *self)
{
  LadderDiagramPage *page = visible_page (self);

  ladder_diagram_page_set_conversation (self->ladder_page, _ladder_window_get_conversation (self));
  if (page != NULL)
    sync_page (self, page);
}

void
_ladder_window_detach_views (LadderWindow *self)
{
  LadderDiagramPage *pages[] = { self->ladder_page, self->tuples_page, self->traceroute_diagram_page,
                                 self->ping_diagram_page };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      LadderDiagramView *view = ladder_diagram_page_get_view (pages[i]);

      if (ladder_diagram_view_get_capture (view) != NULL)
        ladder_diagram_view_set_capture (view, NULL, NULL);
    }
}

void
_ladder_window_show_traceroute_run (LadderWindow *self, guint run)
{
  g_object_set (self->traceroute_diagram_page, "traceroute-run", run, NULL);
}

gboolean
_ladder_window_export_diagram_to (LadderWindow  *self,
                                  const char    *path,
                                  GError       **error)
{
  LadderDiagramPage *page = visible_page (self);

  if (page == NULL || !ladder_diagram_page_has_diagram (page))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no diagram on this page: show Ladder, 5-Tuples, Ping or Traceroute to export one"));
      return FALSE;
    }
  return ladder_diagram_view_export (ladder_diagram_page_get_view (page), path, error);
}

void
_ladder_window_on_page_selected_frame (LadderDiagramPage *page, GParamSpec *pspec, LadderWindow *self)
{
  guint64 frame = 0;

  g_object_get (page, "selected-frame", &frame, NULL);
  if (frame != 0 && frame != ladder_window_get_selected_frame (self))
    ladder_window_set_selected_frame (self, frame);
}

static void
on_window_selected (LadderWindow *self)
{
  LadderDiagramPage *page = visible_page (self);

  if (page != NULL)
    sync_page (self, page);
}

static void
on_realize (LadderWindow *self)
{
  /* The application is set after the template is built, so bind here. */
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  LadderDiagramPage *pages[] = { self->ladder_page, self->tuples_page, self->traceroute_diagram_page,
                                 self->ping_diagram_page };

  if (g_object_get_data (G_OBJECT (self), "ladder-views-bound") != NULL)
    return;
  g_object_set_data (G_OBJECT (self), "ladder-views-bound", GINT_TO_POINTER (1));
  for (guint i = 0; app != NULL && i < G_N_ELEMENTS (pages); i++)
    g_object_bind_property (app, "font-scale", pages[i], "font-scale", G_BINDING_SYNC_CREATE);
}

LadderDiagramPage *
ladder_window_get_diagram_page (LadderWindow *self, const char *name)
{
  g_return_val_if_fail (LADDER_IS_WINDOW (self), NULL);

  if (g_strcmp0 (name, "ladder") == 0)
    return self->ladder_page;
  if (g_strcmp0 (name, "tuples") == 0)
    return self->tuples_page;
  if (g_strcmp0 (name, "traceroute") == 0)
    return self->traceroute_diagram_page;
  if (g_strcmp0 (name, "ping") == 0)
    return self->ping_diagram_page;
  return NULL;
}

void
_ladder_window_init_views (LadderWindow *self)
{
  /* The staircase is the lesson; the table below is its index. */
  ladder_paned_place (gtk_widget_get_parent (GTK_WIDGET (self->traceroute_diagram_page)), 650);
  ladder_paned_place (gtk_widget_get_parent (GTK_WIDGET (self->ping_diagram_page)), 550);
  g_signal_connect (self, "notify::selected-frame", G_CALLBACK (on_window_selected), NULL);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), NULL);
}
