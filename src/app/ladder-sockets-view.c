/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sockets-view.c: the ss table at the selected packet (see the header).
 *
 * The model (LadderSockets) is rebuilt when the capture or the analysis
 * changes: the lab's records are few, and a capture without them costs
 * nothing.  The table is rebuilt as labels in a grid per host whenever the
 * packet changes: a few rows, read as text.
 */
#include "ladder-sockets-view.h"

#include <glib/gi18n-lib.h>

#include "ladder-sockets.h"

struct _LadderSocketsView
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkWidget      *box;
  GtkLabel       *heading;
  GtkWidget      *hosts;

  LadderCapture  *capture;
  LadderAnalysis *analysis;
  LadderSockets  *sockets;    /* NULL until both are set */
  guint64         packet;
  guint           n_sockets;
};

enum { PROP_0, PROP_CAPTURE, PROP_ANALYSIS, PROP_PACKET, PROP_N_SOCKETS, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LadderSocketsView, ladder_sockets_view, GTK_TYPE_WIDGET)

static const char *const columns[] = {
  N_("State"), N_("Recv-Q"), N_("Send-Q"), N_("Local Address:Port"), N_("Peer Address:Port"), N_("Process")
};

static void
clear_hosts (LadderSocketsView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->hosts)) != NULL)
    gtk_box_remove (GTK_BOX (self->hosts), child);
}

static GtkWidget *
cell (const char *text, const char *css_class, gboolean changed)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "sockets-cell");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  if (changed)
    gtk_widget_add_css_class (label, "sockets-changed");
  return label;
}

/* Whether ROW's socket was in BEFORE with the same state and owner. */
static gboolean
row_unchanged (const LadderSocketRow *row, GArray *before)
{
  for (guint i = 0; before != NULL && i < before->len; i++)
    {
      const LadderSocketRow *b = &g_array_index (before, LadderSocketRow, i);
      if (b->socket == row->socket)
        return b->state == row->state && b->fd == row->fd;
    }
  return FALSE;
}

static void
add_row (GtkGrid *grid, int y, const LadderSocketRow *row, gboolean changed)
{
  const LadderSocket *s = row->socket;
  guint8 family = s->local_addr.family != 0 ? s->local_addr.family : s->peer_addr.family;
  g_autofree char *recv_q = g_strdup_printf ("%u", row->recv_q);
  g_autofree char *send_q = g_strdup_printf ("%u", row->send_q);
  g_autofree char *local = ladder_socket_format_endpoint (&s->local_addr, s->local_port, family);
  g_autofree char *peer = ladder_socket_format_endpoint (&s->peer_addr, s->peer_port, family);
  g_autofree char *process = ladder_socket_row_format_process (row);
  const char *texts[] = { ladder_socket_state_ss_name (row->state), recv_q, send_q, local, peer, process };

  for (guint c = 0; c < G_N_ELEMENTS (texts); c++)
    {
      GtkWidget *label = cell (texts[c], NULL, changed);
      if (c == G_N_ELEMENTS (texts) - 1)
        {
          /* users:((...)) has no spaces: at a projector's font size it
           * breaks where it must instead of running off the page */
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          gtk_widget_set_hexpand (label, TRUE);
        }
      gtk_grid_attach (grid, label, (int) c, y, 1, 1);
    }
}

/* One host's rows [FROM, TO): its name, then the table. */
static void
add_host (LadderSocketsView *self, GArray *rows, guint from, guint to, GArray *before)
{
  GtkWidget *name = gtk_label_new (g_array_index (rows, LadderSocketRow, from).socket->host);
  GtkWidget *grid = gtk_grid_new ();

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "sockets-host");
  gtk_widget_add_css_class (grid, "sockets-table");
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    gtk_grid_attach (GTK_GRID (grid), cell (_(columns[c]), "sockets-header", FALSE), (int) c, 0, 1, 1);
  for (guint i = from; i < to; i++)
    {
      const LadderSocketRow *row = &g_array_index (rows, LadderSocketRow, i);
      add_row (GTK_GRID (grid), (int) (i - from + 1), row, before != NULL && !row_unchanged (row, before));
    }
  gtk_box_append (GTK_BOX (self->hosts), name);
  gtk_box_append (GTK_BOX (self->hosts), grid);
}

static void
show_message (LadderSocketsView *self, const char *heading)
{
  gtk_label_set_text (self->heading, heading);
  self->n_sockets = 0;
}

static void
show_rows (LadderSocketsView *self, GArray *rows, GArray *before)
{
  guint from = 0;

  for (guint i = 1; i <= rows->len; i++)
    {
      if (i < rows->len && g_strcmp0 (g_array_index (rows, LadderSocketRow, i).socket->host,
                                      g_array_index (rows, LadderSocketRow, from).socket->host) == 0)
        continue;
      add_host (self, rows, from, i, before);
      from = i;
    }
}

static void
update_table (LadderSocketsView *self)
{
  g_autoptr (GArray) rows = NULL, before = NULL;
  g_autofree char *heading = NULL;
  guint old = self->n_sockets;

  clear_hosts (self);
  if (self->sockets == NULL || ladder_sockets_get_n_sockets (self->sockets) == 0)
    show_message (self, self->capture == NULL ? _("No capture")
                  : _("No socket records: only the lab's captures carry the kernel's view of their sockets"));
  else if (self->packet == 0 || self->packet > ladder_sockets_get_n_frames (self->sockets))
    show_message (self, _("Select a packet to see the sockets as they were when it was captured"));
  else
    {
      rows = ladder_sockets_table_at (self->sockets, self->packet);
      before = self->packet > 1 ? ladder_sockets_table_at (self->sockets, self->packet - 1) : NULL;
      heading = g_strdup_printf (ngettext ("At packet %lu (%.6f s): %u socket",
                                           "At packet %lu (%.6f s): %u sockets", rows->len),
                                 (gulong) self->packet,
                                 (double) (ladder_sockets_get_frame_time (self->sockets, self->packet)
                                           - ladder_sockets_get_frame_time (self->sockets, 1)) / 1e9,
                                 rows->len);
      gtk_label_set_text (self->heading, heading);
      show_rows (self, rows, before);
      self->n_sockets = rows->len;
    }
  if (old != self->n_sockets)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SOCKETS]);
}

static void
rebuild (LadderSocketsView *self)
{
  g_clear_pointer (&self->sockets, ladder_sockets_free);
  if (self->capture != NULL && self->analysis != NULL)
    self->sockets = ladder_sockets_new (self->capture, ladder_analysis_get_n_frames (self->analysis));
  update_table (self);
}

void
ladder_sockets_view_set_capture (LadderSocketsView *self, LadderCapture *capture)
{
  g_return_if_fail (LADDER_IS_SOCKETS_VIEW (self));

  if (self->capture == capture)
    return;
  g_clear_pointer (&self->capture, ladder_capture_unref);
  self->capture = capture != NULL ? ladder_capture_ref (capture) : NULL;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURE]);
}

void
ladder_sockets_view_set_analysis (LadderSocketsView *self, LadderAnalysis *analysis)
{
  g_return_if_fail (LADDER_IS_SOCKETS_VIEW (self));

  if (self->analysis == analysis)
    return;
  g_clear_pointer (&self->analysis, ladder_analysis_unref);
  self->analysis = analysis != NULL ? ladder_analysis_ref (analysis) : NULL;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSIS]);
}

void
ladder_sockets_view_set_packet (LadderSocketsView *self, guint64 packet)
{
  g_return_if_fail (LADDER_IS_SOCKETS_VIEW (self));

  if (self->packet == packet)
    return;
  self->packet = packet;
  update_table (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACKET]);
}

guint64
ladder_sockets_view_get_packet (LadderSocketsView *self)
{
  g_return_val_if_fail (LADDER_IS_SOCKETS_VIEW (self), 0);

  return self->packet;
}

guint
ladder_sockets_view_get_n_sockets (LadderSocketsView *self)
{
  g_return_val_if_fail (LADDER_IS_SOCKETS_VIEW (self), 0);

  return self->n_sockets;
}

GtkWidget *
ladder_sockets_view_new (void)
{
  return g_object_new (LADDER_TYPE_SOCKETS_VIEW, NULL);
}

static void
ladder_sockets_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderSocketsView *self = LADDER_SOCKETS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE: g_value_set_pointer (value, self->capture); break;
    case PROP_ANALYSIS: g_value_set_pointer (value, self->analysis); break;
    case PROP_PACKET: g_value_set_uint64 (value, self->packet); break;
    case PROP_N_SOCKETS: g_value_set_uint (value, self->n_sockets); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_sockets_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderSocketsView *self = LADDER_SOCKETS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE: ladder_sockets_view_set_capture (self, g_value_get_pointer (value)); break;
    case PROP_ANALYSIS: ladder_sockets_view_set_analysis (self, g_value_get_pointer (value)); break;
    case PROP_PACKET: ladder_sockets_view_set_packet (self, g_value_get_uint64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_sockets_view_dispose (GObject *object)
{
  LadderSocketsView *self = LADDER_SOCKETS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_SOCKETS_VIEW);
  g_clear_pointer (&self->sockets, ladder_sockets_free);
  g_clear_pointer (&self->analysis, ladder_analysis_unref);
  g_clear_pointer (&self->capture, ladder_capture_unref);
  G_OBJECT_CLASS (ladder_sockets_view_parent_class)->dispose (object);
}

static void
ladder_sockets_view_class_init (LadderSocketsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ladder_sockets_view_dispose;
  object_class->get_property = ladder_sockets_view_get_property;
  object_class->set_property = ladder_sockets_view_set_property;
  properties[PROP_CAPTURE] = g_param_spec_pointer ("capture", NULL, NULL,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANALYSIS] = g_param_spec_pointer ("analysis", NULL, NULL,
                                                    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PACKET] = g_param_spec_uint64 ("packet", NULL, NULL, 0, G_MAXUINT64, 0,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SOCKETS] = g_param_spec_uint ("n-sockets", NULL, NULL, 0, G_MAXUINT, 0,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-sockets-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderSocketsView, box);
  gtk_widget_class_bind_template_child (widget_class, LadderSocketsView, heading);
  gtk_widget_class_bind_template_child (widget_class, LadderSocketsView, hosts);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "socketsview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ladder_sockets_view_init (LadderSocketsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_table (self);
}
