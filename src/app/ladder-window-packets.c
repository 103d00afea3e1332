/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-packets.c: the packet list, the filters, and the selected
 * packet's layers and bytes.
 *
 * Without a filter the list is every frame (an identity LadderRowModel
 * that just grows).  With one, frames are tested in slices of a few
 * milliseconds from the main loop and the matches appended, so even a
 * million-frame capture never blocks drawing while it is filtered.
 */
#include "ladder-window-private.h"

#include "ladder-field-item.h"

#define FILTER_BUDGET_US 8000

/* ---- Packet list ---------------------------------------------------- */

/* Wireshark's names for its TCP analysis flags, so students meet the same
 * words in both tools. */
static gboolean
append_tcp_notes (LadderWindow *self, guint64 number, GString *out)
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
  LadderWindow *self = user_data;
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
  { "Time", 10, LADDER_TABLE_NUMERIC },
  { "Source", 15, LADDER_TABLE_MIDDLE },
  { "Destination", 15, LADDER_TABLE_MIDDLE },
  { "Protocol", 8, 0 },
  { "Length", 6, LADDER_TABLE_NUMERIC },
  { "Info", 0, 0 },
};

static void show_packet (LadderWindow *self, guint64 number);

static void
on_packet_selection_changed (GtkSelectionModel *model, guint position, guint n_items, LadderWindow *self)
{
  guint selected = gtk_single_selection_get_selected (self->packet_selection);

  if (self->syncing_selection || selected == GTK_INVALID_LIST_POSITION)
    return;
  show_packet (self, ladder_row_model_get_key (self->packet_model, selected));
}

static void
init_packet_list (LadderWindow *self)
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
    ladder_table_view_add_column (self->packet_view, packet_columns[i].title,
                                  packet_columns[i].width_chars, packet_columns[i].flags);
  ladder_table_view_set_text_func (self->packet_view, packet_text, self);
}

/* ---- Filtering ------------------------------------------------------ */

static gboolean
frame_matches (LadderWindow *self, guint64 number)
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
scan_frames (LadderWindow *self, guint64 limit)
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
filtering (LadderWindow *self)
{
  return self->filter != NULL || self->conversation >= 0;
}

gboolean
_ladder_window_publish_frames (LadderWindow *self, guint64 n_frames)
{
  guint64 limit = n_frames;

  self->published_frames = n_frames;
  _ladder_window_check_filter_interfaces (self);
  if (!filtering (self))
    {
      ladder_row_model_set_n_items (self->packet_model, (guint) MIN (n_frames, G_MAXUINT));
      return FALSE;
    }
  /* Frames the newest analysis has not seen have no conversation yet. */
  if (self->conversation >= 0)
    limit = self->analysis != NULL ? MIN (n_frames, ladder_analysis_get_n_frames (self->analysis)) : 0;
  if (self->filter_scanned < limit)
    scan_frames (self, limit);
  return self->filter_scanned < n_frames;
}

guint64
_ladder_window_get_shown (LadderWindow *self)
{
  if (self->packet_model == NULL)
    return 0;
  return g_list_model_get_n_items (G_LIST_MODEL (self->packet_model));
}

/* Selects NUMBER in the list when it is shown; FALSE when it is not. */
static gboolean
select_in_list (LadderWindow *self, guint64 number)
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
restart_filtering (LadderWindow *self)
{
  guint64 selected = self->selected_frame;

  self->filter_scanned = 0;
  self->syncing_selection = TRUE;
  if (filtering (self))
    ladder_row_model_set_keys (self->packet_model, NULL, 0);
  else
    ladder_row_model_set_n_items (self->packet_model, 0);
  self->syncing_selection = FALSE;
  if (_ladder_window_publish_frames (self, self->published_frames))
    _ladder_window_ensure_tick (self);
  select_in_list (self, selected);
  _ladder_window_update_status (self);
}

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

/* The link types of the capture's interfaces, each once (Ethernet when
 * there is no capture yet). */
static GArray *
capture_linktypes (LadderWindow *self)
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

/* Says on which link types the filter matches nothing, if any. */
static void
update_filter_warning (LadderWindow *self)
{
  g_autofree char *unmatched = NULL;
  g_autofree char *text = NULL;

  if (self->filter == NULL)
    {
      show_filter_message (self, NULL, FALSE);
      return;
    }
  self->filter_interfaces = self->capture != NULL ? ladder_capture_get_n_interfaces (self->capture) : 0;
  for (guint i = 0; i < self->filter_interfaces; i++)
    ladder_filter_compiles_for (self->filter, ladder_capture_get_interface (self->capture, i)->linktype, NULL);
  unmatched = ladder_filter_get_unmatched (self->filter);
  if (unmatched != NULL)
    text = g_strdup_printf ("This filter matches nothing on interfaces with these link types "
                            "(libpcap cannot compile it for them):\n%s", unmatched);
  show_filter_message (self, text, FALSE);
}

/* A live capture or a pcapng file can add interfaces as it goes. */
void
_ladder_window_check_filter_interfaces (LadderWindow *self)
{
  if (self->filter != NULL && self->capture != NULL
      && ladder_capture_get_n_interfaces (self->capture) != self->filter_interfaces)
    update_filter_warning (self);
}

gboolean
_ladder_window_apply_filter (LadderWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) linktypes = capture_linktypes (self);
  g_autoptr (LadderFilter) filter = ladder_filter_new_for_linktypes (text, (const guint32 *) (gpointer) linktypes->data,
                                                                     linktypes->len, &error);
  gboolean unchanged;

  if (filter == NULL)
    {
      show_filter_error (self, error->message);
      return FALSE;
    }
  if (*ladder_filter_get_expression (filter) == '\0')
    g_clear_pointer (&filter, ladder_filter_free);
  unchanged = (filter == NULL && self->filter == NULL)
              || (filter != NULL && self->filter != NULL
                  && g_strcmp0 (ladder_filter_get_expression (filter),
                                ladder_filter_get_expression (self->filter)) == 0);
  g_clear_pointer (&self->filter, ladder_filter_free);
  self->filter = g_steal_pointer (&filter);
  update_filter_warning (self);
  if (!unchanged)
    restart_filtering (self);
  return TRUE;
}

static void
on_filter_activate (GtkEntry *entry, LadderWindow *self)
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
static void
on_filter_changed (GtkEditable *editable, LadderWindow *self)
{
  if (*gtk_editable_get_text (editable) == '\0')
    g_idle_add_full (G_PRIORITY_DEFAULT, apply_if_still_empty, g_object_ref (self), NULL);
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
  if (self->conversation == conversation)
    return;
  self->conversation = conversation;
  restart_filtering (self);
  _ladder_window_update_views (self);
  _ladder_window_update_actions (self);
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
selected_field (LadderWindow *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->field_selection);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
on_field_selection_changed (GtkSelectionModel *model, guint position, guint n_items, LadderWindow *self)
{
  g_autoptr (LadderFieldItem) field = selected_field (self);

  if (field == NULL)
    ladder_bytes_view_set_highlight (self->bytes_view, 0, 0);
  else
    ladder_bytes_view_set_highlight (self->bytes_view, ladder_field_item_get_offset (field),
                                     ladder_field_item_get_length (field));
}

static guint
find_field_row (LadderWindow *self, guint node_index)
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
select_field_node (LadderWindow *self, guint index)
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
on_byte_activated (LadderBytesView *view, guint offset, LadderWindow *self)
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
expand_layers (LadderWindow *self)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->field_model)); i++)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->field_model, i);

      if (gtk_tree_list_row_get_depth (row) == 0)
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

static void
set_field_tree (LadderWindow *self, const LadderTree *tree)
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
show_packet (LadderWindow *self, guint64 number)
{
  LadderFrameInfo info;
  LadderPacket pkt;

  _ladder_window_set_selected_frame_internal (self, number);
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
ladder_window_set_selected_frame (LadderWindow *self, guint64 number)
{
  g_return_if_fail (LADDER_IS_WINDOW (self));

  if (self->capture == NULL || number > ladder_capture_get_n_frames (self->capture))
    number = 0;
  select_in_list (self, number);
  show_packet (self, number);
}

static void
init_field_view (LadderWindow *self)
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
  g_signal_connect (self->bytes_view, "byte-activated", G_CALLBACK (on_byte_activated), self);
}

/* A paned's divider goes to a fraction (per mille) of its height the first
 * time it is laid out, whatever the window and font size; after that the
 * user decides. */
static void
on_paned_sized (GtkPaned *paned, GParamSpec *pspec, gpointer per_mille)
{
  int max = 0;

  g_object_get (paned, "max-position", &max, NULL);
  if (max <= 0 || g_object_get_data (G_OBJECT (paned), "ladder-placed") != NULL)
    return;
  g_object_set_data (G_OBJECT (paned), "ladder-placed", GINT_TO_POINTER (1));
  gtk_paned_set_position (paned, max * GPOINTER_TO_INT (per_mille) / 1000);
}

void
_ladder_window_place_paned (GtkWidget *paned, int per_mille)
{
  if (GTK_IS_PANED (paned))
    g_signal_connect (paned, "notify::max-position", G_CALLBACK (on_paned_sized), GINT_TO_POINTER (per_mille));
}

void
_ladder_window_init_packets (LadderWindow *self)
{
  GtkWidget *paned = gtk_widget_get_ancestor (GTK_WIDGET (self->packet_view), GTK_TYPE_PANED);

  init_packet_list (self);
  init_field_view (self);
  /* The list gets a bit over half the height. */
  _ladder_window_place_paned (paned, 550);
  g_signal_connect (self->filter_entry, "activate", G_CALLBACK (on_filter_activate), self);
  g_signal_connect (self->filter_entry, "changed", G_CALLBACK (on_filter_changed), self);
}

void
_ladder_window_reset_packets (LadderWindow *self)
{
  ladder_packet_text_reset (self->packet_text);
  self->conversation = -1;
  gtk_widget_set_visible (self->conversation_chip, FALSE);
  self->filter_scanned = 0;
  self->published_frames = 0;
  self->syncing_selection = TRUE;
  if (filtering (self))
    ladder_row_model_set_keys (self->packet_model, NULL, 0);
  else
    ladder_row_model_set_n_items (self->packet_model, 0);
  self->syncing_selection = FALSE;
  show_packet (self, 0);
  /* The expression is kept: it may compile differently for the new link type. */
  if (self->filter != NULL)
    _ladder_window_apply_filter (self);
}
