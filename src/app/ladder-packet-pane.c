/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-packet-pane.c: the packet list, filtered, above the selected
 * packet's layers and bytes (see the header). */
#include "ladder-packet-pane.h"

#include <glib/gi18n-lib.h>

#include "ladder-field-item.h"
#include "ladder-filter.h"
#include "ladder-packet-text.h"
#include "ladder-paned.h"
#include "ladder-row-model.h"

#define FILTER_BUDGET_US 8000

struct _LadderPacketPane
{
  GtkWidget           parent_instance;

  /* Template children */
  GtkWidget          *packets_paned;
  LadderTableView    *packet_view;
  GtkStack           *detail_stack;
  GtkListView        *field_view;
  LadderBytesView    *bytes_view;
  LadderNoteEditor   *note_editor;        /* the selected packet's lecture note */

  LadderCapture      *capture;
  LadderAnalysis     *analysis;

  /* The list and its filters */
  LadderRowModel     *packet_model;
  GtkSingleSelection *packet_selection;
  LadderPacketText   *packet_text;
  LadderFilter       *filter;             /* NULL: no expression */
  char               *filter_warning;
  guint               filter_interfaces;  /* interfaces the warning has seen */
  gint                conversation;       /* -1: no conversation filter */
  guint64             published;          /* frames the capture had when last told */
  guint64             filter_scanned;     /* frames tested against the filters */
  guint64             selected_frame;
  gboolean            syncing_selection;

  /* Layers and bytes */
  LadderTree         *tree;
  GtkTreeListModel   *field_model;
  GtkSingleSelection *field_selection;
};

enum
{
  PROP_0,
  PROP_SELECTED_FRAME,
  PROP_CONVERSATION,
  PROP_N_SHOWN,
  PROP_FILTER,
  PROP_FILTER_WARNING,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_REFILTERED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LadderPacketPane, ladder_packet_pane, GTK_TYPE_WIDGET)

/* ---- Packet list ---------------------------------------------------- */

/* Wireshark's names for its TCP analysis flags, so students meet the same
 * words in both tools. */
static gboolean
append_tcp_notes (LadderPacketPane *self, guint64 number, GString *out)
{
  static const struct { guint32 bit; const char *name; } names[] = {
    { LADDER_TCP_NOTE_RETRANSMISSION, "TCP Retransmission" },
    { LADDER_TCP_NOTE_FAST_RETRANSMISSION, "TCP Fast Retransmission" },
    { LADDER_TCP_NOTE_OUT_OF_ORDER, "TCP Out-Of-Order" },
    { LADDER_TCP_NOTE_DUP_ACK, "TCP Dup ACK" },
    { LADDER_TCP_NOTE_KEEPALIVE, "TCP Keep-Alive" },
    { LADDER_TCP_NOTE_ZERO_WINDOW, "TCP ZeroWindow" },
    { LADDER_TCP_NOTE_PREVIOUS_LOST, "TCP Previous segment not captured" },
  };
  LadderTcpPacketInfo info;

  if (self->analysis == NULL || number > ladder_analysis_get_n_frames (self->analysis)
      || !ladder_analysis_get_tcp_info (self->analysis, number, &info) || info.notes == 0)
    return FALSE;
  /* A fast retransmission is a retransmission too; say the specific one. */
  if (info.notes & LADDER_TCP_NOTE_FAST_RETRANSMISSION)
    info.notes &= ~LADDER_TCP_NOTE_RETRANSMISSION;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (info.notes & names[i].bit)
      g_string_append_printf (out, "[%s] ", names[i].name);
  return TRUE;
}

static void
packet_text (gpointer user_data, guint64 key, guint column, GString *out, gboolean *problem)
{
  LadderPacketPane *self = user_data;
  LadderStatus status;
  gboolean noted = FALSE;

  if (self->capture == NULL)
    return;
  if (column == LADDER_PACKET_COLUMN_INFO)
    noted = append_tcp_notes (self, key, out);
  status = ladder_packet_text_format (self->packet_text, self->capture, key, column, out);
  *problem = column == LADDER_PACKET_COLUMN_INFO
             && (noted || status == LADDER_STATUS_TRUNCATED || status == LADDER_STATUS_MALFORMED);
}

static const struct
{
  const char       *title;
  guint             width_chars;   /* 0: takes the rest */
  LadderTableFlags  flags;
} packet_columns[LADDER_PACKET_N_COLUMNS] = {
  { "No.", 7, LADDER_TABLE_NUMERIC },
  { N_("Time"), 10, LADDER_TABLE_NUMERIC },
  { N_("Source"), 15, LADDER_TABLE_MIDDLE },
  { N_("Destination"), 15, LADDER_TABLE_MIDDLE },
  { N_("Protocol"), 8, 0 },
  { N_("Length"), 6, LADDER_TABLE_NUMERIC },
  { N_("Info"), 0, 0 },
};

static void show_packet (LadderPacketPane *self, guint64 number);

static void
on_packet_selection_changed (GtkSelectionModel *model, guint position, guint n_items, LadderPacketPane *self)
{
  guint selected = gtk_single_selection_get_selected (self->packet_selection);

  if (self->syncing_selection || selected == GTK_INVALID_LIST_POSITION)
    return;
  show_packet (self, ladder_row_model_get_key (self->packet_model, selected));
}

static void
init_packet_list (LadderPacketPane *self)
{
  self->packet_text = ladder_packet_text_new ();
  self->packet_model = ladder_row_model_new (1);
  self->packet_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->packet_model)));
  gtk_single_selection_set_autoselect (self->packet_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->packet_selection, TRUE);
  ladder_table_view_set_model (self->packet_view, GTK_SELECTION_MODEL (self->packet_selection));
  g_signal_connect (self->packet_selection, "selection-changed",
                    G_CALLBACK (on_packet_selection_changed), self);
  for (guint i = 0; i < LADDER_PACKET_N_COLUMNS; i++)
    ladder_table_view_add_column (self->packet_view, _(packet_columns[i].title),
                                  packet_columns[i].width_chars, packet_columns[i].flags);
  ladder_table_view_set_text_func (self->packet_view, packet_text, self);
}

/* ---- Filtering ------------------------------------------------------ */

static gboolean
frame_matches (LadderPacketPane *self, guint64 number)
{
  LadderFrameInfo info;

  if (self->conversation >= 0
      && ladder_analysis_get_frame_conversation (self->analysis, number) != self->conversation)
    return FALSE;
  if (self->filter == NULL)
    return TRUE;
  if (!ladder_capture_get_frame (self->capture, number, &info))
    return FALSE;
  return ladder_filter_matches (self->filter, info.linktype, info.data, info.caplen, info.wirelen);
}

/* Tests frames up to LIMIT for at most FILTER_BUDGET_US, appending matches. */
static void
scan_frames (LadderPacketPane *self, guint64 limit)
{
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));
  gint64 deadline = g_get_monotonic_time () + FILTER_BUDGET_US;

  while (self->filter_scanned < limit)
    {
      guint64 number = ++self->filter_scanned;

      if (frame_matches (self, number))
        g_array_append_val (keys, number);
      if ((number & 1023) == 0 && g_get_monotonic_time () > deadline)
        break;
    }
  ladder_row_model_append_keys (self->packet_model, (const guint64 *) (gpointer) keys->data, keys->len);
}

static gboolean
filtering (LadderPacketPane *self)
{
  return self->filter != NULL || self->conversation >= 0;
}

static void check_filter_interfaces (LadderPacketPane *self);

gboolean
ladder_packet_pane_publish (LadderPacketPane *self, guint64 n_frames)
{
  guint64 limit = n_frames;
  guint before;

  g_return_val_if_fail (LADDER_IS_PACKET_PANE (self), FALSE);

  before = ladder_packet_pane_get_n_shown (self);
  self->published = n_frames;
  check_filter_interfaces (self);
  if (!filtering (self))
    ladder_row_model_set_n_items (self->packet_model, (guint) MIN (n_frames, G_MAXUINT));
  else
    {
      /* Frames the newest analysis has not seen have no conversation yet. */
      if (self->conversation >= 0)
        limit = self->analysis != NULL ? MIN (n_frames, ladder_analysis_get_n_frames (self->analysis)) : 0;
      if (self->filter_scanned < limit)
        scan_frames (self, limit);
    }
  if (ladder_packet_pane_get_n_shown (self) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SHOWN]);
  return filtering (self) && self->filter_scanned < n_frames;
}

guint
ladder_packet_pane_get_n_shown (LadderPacketPane *self)
{
  g_return_val_if_fail (LADDER_IS_PACKET_PANE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->packet_model));
}

/* Selects NUMBER in the list when it is shown; FALSE when it is not. */
static gboolean
select_in_list (LadderPacketPane *self, guint64 number)
{
  guint position = number != 0 ? ladder_row_model_find_key (self->packet_model, number) : G_MAXUINT;

  self->syncing_selection = TRUE;
  if (position == G_MAXUINT)
    gtk_single_selection_set_selected (self->packet_selection, GTK_INVALID_LIST_POSITION);
  else
    gtk_single_selection_set_selected (self->packet_selection, position);
  self->syncing_selection = FALSE;
  if (position != G_MAXUINT)
    ladder_table_view_scroll_to (self->packet_view, position);
  return position != G_MAXUINT;
}

static void
clear_rows (LadderPacketPane *self)
{
  self->filter_scanned = 0;
  self->syncing_selection = TRUE;
  if (filtering (self))
    ladder_row_model_set_keys (self->packet_model, NULL, 0);
  else
    ladder_row_model_set_n_items (self->packet_model, 0);
  self->syncing_selection = FALSE;
}

static void
restart_filtering (LadderPacketPane *self)
{
  guint64 selected = self->selected_frame;

  clear_rows (self);
  ladder_packet_pane_publish (self, self->published);
  select_in_list (self, selected);
  g_signal_emit (self, signals[SIGNAL_REFILTERED], 0);
}

/* The link types of the capture's interfaces, each once (Ethernet when
 * there is no capture yet). */
static GArray *
capture_linktypes (LadderPacketPane *self)
{
  GArray *types = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n = self->capture != NULL ? ladder_capture_get_n_interfaces (self->capture) : 0;

  for (guint i = 0; i < n; i++)
    {
      guint32 linktype = ladder_capture_get_interface (self->capture, i)->linktype;
      guint j = 0;

      while (j < types->len && g_array_index (types, guint32, j) != linktype)
        j++;
      if (j == types->len)
        g_array_append_val (types, linktype);
    }
  if (types->len == 0)
    {
      guint32 ethernet = LADDER_LINKTYPE_ETHERNET;
      g_array_append_val (types, ethernet);
    }
  return types;
}

static void
set_filter_warning (LadderPacketPane *self, char *text)
{
  if (g_strcmp0 (self->filter_warning, text) == 0)
    {
      g_free (text);
      return;
    }
  g_free (self->filter_warning);
  self->filter_warning = text;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_WARNING]);
}

/* Says on which link types the filter matches nothing, if any. */
static void
update_filter_warning (LadderPacketPane *self)
{
  g_autofree char *unmatched = NULL;

  if (self->filter == NULL)
    {
      set_filter_warning (self, NULL);
      return;
    }
  self->filter_interfaces = self->capture != NULL ? ladder_capture_get_n_interfaces (self->capture) : 0;
  for (guint i = 0; i < self->filter_interfaces; i++)
    ladder_filter_compiles_for (self->filter, ladder_capture_get_interface (self->capture, i)->linktype, NULL);
  unmatched = ladder_filter_get_unmatched (self->filter);
  set_filter_warning (self, unmatched == NULL ? NULL
                      : g_strdup_printf (_("This filter matches nothing on interfaces with these link types "
                                           "(libpcap cannot compile it for them):\n%s"), unmatched));
}

/* A live capture or a pcapng file can add interfaces as it goes. */
static void
check_filter_interfaces (LadderPacketPane *self)
{
  if (self->filter != NULL && self->capture != NULL
      && ladder_capture_get_n_interfaces (self->capture) != self->filter_interfaces)
    update_filter_warning (self);
}

gboolean
ladder_packet_pane_set_filter (LadderPacketPane *self, const char *text, GError **error)
{
  g_autoptr (GArray) linktypes = NULL;
  g_autoptr (LadderFilter) filter = NULL;
  gboolean unchanged;

  g_return_val_if_fail (LADDER_IS_PACKET_PANE (self), FALSE);

  linktypes = capture_linktypes (self);
  filter = ladder_filter_new_for_linktypes (text != NULL ? text : "", (const guint32 *) (gpointer) linktypes->data,
                                            linktypes->len, error);
  if (filter == NULL)
    return FALSE;
  if (*ladder_filter_get_expression (filter) == '\0')
    g_clear_pointer (&filter, ladder_filter_free);
  unchanged = g_strcmp0 (filter != NULL ? ladder_filter_get_expression (filter) : NULL,
                         ladder_packet_pane_get_filter (self)) == 0;
  g_clear_pointer (&self->filter, ladder_filter_free);
  self->filter = g_steal_pointer (&filter);
  update_filter_warning (self);
  if (!unchanged)
    {
      restart_filtering (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
    }
  return TRUE;
}

const char *
ladder_packet_pane_get_filter (LadderPacketPane *self)
{
  g_return_val_if_fail (LADDER_IS_PACKET_PANE (self), NULL);
  return self->filter != NULL ? ladder_filter_get_expression (self->filter) : NULL;
}

const char *
ladder_packet_pane_get_filter_warning (LadderPacketPane *self)
{
  g_return_val_if_fail (LADDER_IS_PACKET_PANE (self), NULL);
  return self->filter_warning;
}

void
ladder_packet_pane_set_conversation (LadderPacketPane *self, gint conversation)
{
  g_return_if_fail (LADDER_IS_PACKET_PANE (self));

  if ((conversation >= 0 && self->analysis == NULL) || self->conversation == conversation)
    return;
  self->conversation = MAX (conversation, -1);
  restart_filtering (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

gint
ladder_packet_pane_get_conversation (LadderPacketPane *self)
{
  g_return_val_if_fail (LADDER_IS_PACKET_PANE (self), -1);
  return self->conversation;
}

/* ---- Layers and bytes ----------------------------------------------- */

static GListModel *
create_field_children (gpointer item, gpointer user_data)
{
  GListModel *children = ladder_field_item_get_children (item);

  return children != NULL ? g_object_ref (children) : NULL;
}

static void
setup_field_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
  gtk_list_item_set_child (item, expander);
}

static void
bind_field_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  LadderFieldItem *field = gtk_tree_list_row_get_item (row);
  LadderTreeNodeKind kind = ladder_field_item_get_kind (field);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  if (kind == LADDER_TREE_NODE_PROBLEM)
    {
      g_autofree char *text = g_strdup_printf ("⚠ %s", ladder_field_item_get_text (field));

      gtk_label_set_text (GTK_LABEL (label), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (label), ladder_field_item_get_text (field));
  if (kind == LADDER_TREE_NODE_LAYER)
    gtk_widget_add_css_class (label, "layer");
  else
    gtk_widget_remove_css_class (label, "layer");
  if (kind == LADDER_TREE_NODE_PROBLEM)
    gtk_widget_add_css_class (label, "problem");
  else
    gtk_widget_remove_css_class (label, "problem");
  g_object_unref (field);
}

static LadderFieldItem *
selected_field (LadderPacketPane *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->field_selection);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
on_field_selection_changed (GtkSelectionModel *model, guint position, guint n_items, LadderPacketPane *self)
{
  g_autoptr (LadderFieldItem) field = selected_field (self);

  if (field == NULL)
    ladder_bytes_view_set_highlight (self->bytes_view, 0, 0);
  else
    ladder_bytes_view_set_highlight (self->bytes_view, ladder_field_item_get_offset (field),
                                     ladder_field_item_get_length (field));
}

static guint
find_field_row (LadderPacketPane *self, guint node_index)
{
  GListModel *rows = G_LIST_MODEL (self->field_model);
  guint n = g_list_model_get_n_items (rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr (LadderFieldItem) field = gtk_tree_list_row_get_item (row);

      if (ladder_field_item_get_index (field) == node_index)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Expands the ancestors of node INDEX, then selects and shows its row. */
static void
select_field_node (LadderPacketPane *self, guint index)
{
  guint chain[64];
  guint depth = 0;
  guint position;

  for (gint i = (gint) index; i >= 0 && depth < G_N_ELEMENTS (chain);
       i = ladder_tree_get_node (self->tree, i)->parent)
    chain[depth++] = (guint) i;
  while (depth > 1)
    {
      guint row_pos = find_field_row (self, chain[--depth]);
      g_autoptr (GtkTreeListRow) row = NULL;

      if (row_pos == GTK_INVALID_LIST_POSITION)
        return;
      row = gtk_tree_list_model_get_row (self->field_model, row_pos);
      gtk_tree_list_row_set_expanded (row, TRUE);
    }
  position = find_field_row (self, index);
  if (position == GTK_INVALID_LIST_POSITION)
    return;
  gtk_single_selection_set_selected (self->field_selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->field_view), "list.scroll-to-item", "u", position);
}

static void
on_byte_activated (LadderBytesView *view, guint offset, LadderPacketPane *self)
{
  gint index = self->tree != NULL ? ladder_tree_find_by_offset (self->tree, offset) : -1;

  if (index < 0)
    {
      gtk_single_selection_set_selected (self->field_selection, GTK_INVALID_LIST_POSITION);
      ladder_bytes_view_set_highlight (self->bytes_view, offset, 1);
      return;
    }
  select_field_node (self, (guint) index);
}

static void
expand_layers (LadderPacketPane *self)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->field_model)); i++)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->field_model, i);

      if (gtk_tree_list_row_get_depth (row) == 0)
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

static void
set_field_tree (LadderPacketPane *self, const LadderTree *tree)
{
  GListStore *roots = ladder_field_item_build_tree (tree);

  g_clear_object (&self->field_model);
  self->field_model = gtk_tree_list_model_new (G_LIST_MODEL (roots), FALSE, FALSE,
                                               create_field_children, NULL, NULL);
  gtk_single_selection_set_model (self->field_selection, G_LIST_MODEL (self->field_model));
  expand_layers (self);
  gtk_single_selection_set_selected (self->field_selection, GTK_INVALID_LIST_POSITION);
}

static void
set_selected_frame (LadderPacketPane *self, guint64 number)
{
  if (self->selected_frame == number)
    return;
  self->selected_frame = number;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FRAME]);
}

static void
show_packet (LadderPacketPane *self, guint64 number)
{
  LadderFrameInfo info;
  LadderPacket pkt;

  set_selected_frame (self, number);
  ladder_note_editor_set_capture (self->note_editor, self->capture);
  ladder_note_editor_set_packet (self->note_editor, self->capture != NULL ? number : 0);
  ladder_tree_clear (self->tree);
  if (number == 0 || self->capture == NULL || !ladder_capture_get_frame (self->capture, number, &info))
    {
      ladder_bytes_view_set_data (self->bytes_view, NULL, 0);
      set_field_tree (self, NULL);
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->detail_stack, "packet");
  ladder_capture_decode (self->capture, number, &pkt, self->tree);
  ladder_bytes_view_set_data (self->bytes_view, info.data, info.caplen);
  set_field_tree (self, self->tree);
}

void
ladder_packet_pane_set_selected_frame (LadderPacketPane *self, guint64 number)
{
  g_return_if_fail (LADDER_IS_PACKET_PANE (self));

  if (self->capture == NULL || number > ladder_capture_get_n_frames (self->capture))
    number = 0;
  select_in_list (self, number);
  show_packet (self, number);
}

guint64
ladder_packet_pane_get_selected_frame (LadderPacketPane *self)
{
  g_return_val_if_fail (LADDER_IS_PACKET_PANE (self), 0);
  return self->selected_frame;
}

static void
init_field_view (LadderPacketPane *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->tree = ladder_tree_new ();
  self->field_selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->field_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->field_selection, TRUE);
  set_field_tree (self, NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_field_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_field_row), NULL);
  gtk_list_view_set_factory (self->field_view, factory);
  gtk_list_view_set_model (self->field_view, GTK_SELECTION_MODEL (self->field_selection));
  g_signal_connect (self->field_selection, "selection-changed",
                    G_CALLBACK (on_field_selection_changed), self);
}

/* ---- The capture ------------------------------------------------------ */

void
ladder_packet_pane_set_capture (LadderPacketPane *self, LadderCapture *capture)
{
  g_return_if_fail (LADDER_IS_PACKET_PANE (self));

  ladder_packet_pane_set_analysis (self, NULL);
  if (self->conversation != -1)
    {
      self->conversation = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
    }
  /* Which kind of rows (every frame or the matches) follows the filters. */
  clear_rows (self);
  self->published = 0;
  show_packet (self, 0);
  ladder_packet_text_reset (self->packet_text);
  g_clear_pointer (&self->capture, ladder_capture_unref);
  self->capture = capture != NULL ? ladder_capture_ref (capture) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SHOWN]);
}

void
ladder_packet_pane_set_analysis (LadderPacketPane *self, LadderAnalysis *analysis)
{
  g_return_if_fail (LADDER_IS_PACKET_PANE (self));

  if (analysis == self->analysis)
    return;
  g_clear_pointer (&self->analysis, ladder_analysis_unref);
  self->analysis = analysis != NULL ? ladder_analysis_ref (analysis) : NULL;
  /* Rows on screen gain the TCP notes the new analysis found. */
  ladder_table_view_refresh (self->packet_view);
}

GtkSingleSelection *
ladder_packet_pane_get_packets (LadderPacketPane *self)
{
  g_return_val_if_fail (LADDER_IS_PACKET_PANE (self), NULL);
  return self->packet_selection;
}

GtkSingleSelection *
ladder_packet_pane_get_fields (LadderPacketPane *self)
{
  g_return_val_if_fail (LADDER_IS_PACKET_PANE (self), NULL);
  return self->field_selection;
}

LadderTableView *
ladder_packet_pane_get_table (LadderPacketPane *self)
{
  g_return_val_if_fail (LADDER_IS_PACKET_PANE (self), NULL);
  return self->packet_view;
}

LadderNoteEditor *
ladder_packet_pane_get_note_editor (LadderPacketPane *self)
{
  g_return_val_if_fail (LADDER_IS_PACKET_PANE (self), NULL);
  return self->note_editor;
}

LadderBytesView *
ladder_packet_pane_get_bytes (LadderPacketPane *self)
{
  g_return_val_if_fail (LADDER_IS_PACKET_PANE (self), NULL);
  return self->bytes_view;
}

GtkWidget *
ladder_packet_pane_new (void)
{
  return g_object_new (LADDER_TYPE_PACKET_PANE, NULL);
}

/* ---- The class -------------------------------------------------------- */

static void
ladder_packet_pane_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderPacketPane *self = LADDER_PACKET_PANE (object);

  switch (prop_id)
    {
    case PROP_SELECTED_FRAME: g_value_set_uint64 (value, self->selected_frame); break;
    case PROP_CONVERSATION: g_value_set_int (value, self->conversation); break;
    case PROP_N_SHOWN: g_value_set_uint (value, ladder_packet_pane_get_n_shown (self)); break;
    case PROP_FILTER: g_value_set_string (value, ladder_packet_pane_get_filter (self)); break;
    case PROP_FILTER_WARNING: g_value_set_string (value, self->filter_warning); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_packet_pane_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderPacketPane *self = LADDER_PACKET_PANE (object);

  switch (prop_id)
    {
    case PROP_SELECTED_FRAME: ladder_packet_pane_set_selected_frame (self, g_value_get_uint64 (value)); break;
    case PROP_CONVERSATION: ladder_packet_pane_set_conversation (self, g_value_get_int (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_packet_pane_dispose (GObject *object)
{
  LadderPacketPane *self = LADDER_PACKET_PANE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_PACKET_PANE);
  g_clear_object (&self->packet_selection);
  g_clear_object (&self->packet_model);
  g_clear_object (&self->field_selection);
  g_clear_object (&self->field_model);
  g_clear_pointer (&self->analysis, ladder_analysis_unref);
  g_clear_pointer (&self->capture, ladder_capture_unref);
  G_OBJECT_CLASS (ladder_packet_pane_parent_class)->dispose (object);
}

static void
ladder_packet_pane_finalize (GObject *object)
{
  LadderPacketPane *self = LADDER_PACKET_PANE (object);

  g_clear_pointer (&self->packet_text, ladder_packet_text_free);
  g_clear_pointer (&self->filter, ladder_filter_free);
  g_clear_pointer (&self->tree, ladder_tree_free);
  g_free (self->filter_warning);
  G_OBJECT_CLASS (ladder_packet_pane_parent_class)->finalize (object);
}

static void
install_properties (GObjectClass *object_class)
{
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  properties[PROP_SELECTED_FRAME] = g_param_spec_uint64 ("selected-frame", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_CONVERSATION] = g_param_spec_int ("conversation", NULL, NULL, -1, G_MAXINT, -1, rw);
  properties[PROP_N_SHOWN] = g_param_spec_uint ("n-shown", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_FILTER] = g_param_spec_string ("filter", NULL, NULL, NULL, ro);
  properties[PROP_FILTER_WARNING] = g_param_spec_string ("filter-warning", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ladder_packet_pane_class_init (LadderPacketPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ladder_packet_pane_dispose;
  object_class->finalize = ladder_packet_pane_finalize;
  object_class->get_property = ladder_packet_pane_get_property;
  object_class->set_property = ladder_packet_pane_set_property;
  install_properties (object_class);
  signals[SIGNAL_REFILTERED] =
    g_signal_new ("refiltered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (LADDER_TYPE_BYTES_VIEW);
  g_type_ensure (LADDER_TYPE_TABLE_VIEW);
  g_type_ensure (LADDER_TYPE_NOTE_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-packet-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderPacketPane, packets_paned);
  gtk_widget_class_bind_template_child (widget_class, LadderPacketPane, packet_view);
  gtk_widget_class_bind_template_child (widget_class, LadderPacketPane, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, LadderPacketPane, field_view);
  gtk_widget_class_bind_template_child (widget_class, LadderPacketPane, bytes_view);
  gtk_widget_class_bind_template_child (widget_class, LadderPacketPane, note_editor);
  gtk_widget_class_bind_template_callback (widget_class, on_byte_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ladderpacketpane");
}

static void
ladder_packet_pane_init (LadderPacketPane *self)
{
  self->conversation = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  init_packet_list (self);
  init_field_view (self);
  /* The list gets a bit over half the height. */
  ladder_paned_place (self->packets_paned, 550);
}
