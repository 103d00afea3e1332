/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-terminal-view.c: a terminal pane per lab program (see the header).
 *
 * The capture is the only source: a typed line is shown once the lab has
 * recorded it, so what the pane shows live is what the saved file will
 * show.  Lines are read on a 100 ms tick from where the last tick stopped
 * (outputs are only ever appended).
 */
#include "ladder-terminal-view.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define TICK_MS      100
/* Lines kept per pane: a flooding program must not eat the memory. */
#define MAX_LINES    5000

typedef struct
{
  char          *host;
  GtkWidget     *frame;
  GtkTextView   *text;
  GtkEntry      *entry;
  guint          n_lines;
} Pane;

struct _LadderTerminalView
{
  GtkWidget      parent_instance;

  /* Template children */
  GtkWidget     *box;
  GtkWidget     *panes_box;
  GtkLabel      *heading;

  LadderCapture *capture;
  gboolean       input;
  GPtrArray     *panes;        /* Pane */
  guint          next_output;  /* the first output not shown yet */
  guint          n_lines;
  gint64         origin_ns;
  gboolean       have_origin;
  guint          tick_id;
};

enum { PROP_0, PROP_CAPTURE, PROP_INPUT, PROP_N_PROGRAMS, PROP_N_LINES, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_INPUT, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LadderTerminalView, ladder_terminal_view, GTK_TYPE_WIDGET)

static void
pane_free (gpointer data)
{
  Pane *pane = data;

  g_free (pane->host);
  g_free (pane);
}

static Pane *
find_pane (LadderTerminalView *self, const char *host)
{
  for (guint i = 0; i < self->panes->len; i++)
    {
      Pane *pane = self->panes->pdata[i];

      if (g_str_equal (pane->host, host))
        return pane;
    }
  return NULL;
}

static void
on_entry_activate (GtkEntry *entry, LadderTerminalView *self)
{
  const char *host = g_object_get_data (G_OBJECT (entry), "host");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  gtk_widget_activate_action (GTK_WIDGET (self), "terminal.send", "(ss)", host, text);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
create_tags (GtkTextBuffer *buffer)
{
  gtk_text_buffer_create_tag (buffer, "time", "foreground", "#7a7f87", NULL);
  gtk_text_buffer_create_tag (buffer, "stderr", "foreground", "#b3261e", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "stdin", "foreground", "#1a5fb4", "style", PANGO_STYLE_ITALIC, NULL);
}

static GtkWidget *
pane_heading (const char *host, const char *program)
{
  g_autofree char *title = g_strdup_printf ("%s — %s", host, program);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "terminal-heading");
  return label;
}

static GtkWidget *
pane_entry (LadderTerminalView *self, Pane *pane, const char *program)
{
  g_autofree char *hint = g_strdup_printf (_("Type into %s: Enter sends the line, Ctrl+D ends its input"),
                                           program);
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkShortcut *eof = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_d, GDK_CONTROL_MASK),
                                       gtk_named_action_new ("terminal.close-input"));

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), hint);
  /* Only while the lab runs: a saved capture's programs are gone. */
  gtk_widget_set_visible (entry, self->input);
  g_object_set_data_full (G_OBJECT (entry), "host", g_strdup (pane->host), g_free);
  g_signal_connect (entry, "activate", G_CALLBACK (on_entry_activate), self);
  /* Ctrl+D, as in a terminal: the program reads end of file. */
  gtk_shortcut_set_arguments (eof, g_variant_new_string (pane->host));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), eof);
  gtk_widget_add_controller (entry, keys);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, hint, -1);
  pane->entry = GTK_ENTRY (entry);
  return entry;
}

static Pane *
add_pane (LadderTerminalView *self, const char *host, const char *program)
{
  Pane *pane = g_new0 (Pane, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *text = gtk_text_view_new ();

  pane->host = g_strdup (host);
  pane->text = GTK_TEXT_VIEW (text);
  pane->frame = box;
  gtk_text_view_set_editable (pane->text, FALSE);
  gtk_text_view_set_cursor_visible (pane->text, FALSE);
  gtk_text_view_set_monospace (pane->text, TRUE);
  gtk_text_view_set_wrap_mode (pane->text, GTK_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (text, "terminal-text");
  create_tags (gtk_text_view_get_buffer (pane->text));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), text);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), pane_heading (host, program));
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), pane_entry (self, pane, program));
  gtk_widget_add_css_class (box, "terminal-pane");
  gtk_box_append (GTK_BOX (self->panes_box), box);
  g_ptr_array_add (self->panes, pane);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROGRAMS]);
  return pane;
}

static void
append_line (Pane *pane, gint64 rel_ns, const LadderProgramOutput *output)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (pane->text);
  static const char *const tags[] = { "stdin", NULL, "stderr" };
  const char *mark = output->stream == LADDER_OUTPUT_STDIN ? "› " : "";
  /* Microseconds, as the packet list: a lab exchange takes a few. */
  g_autofree char *time = g_strdup_printf ("%s%" G_GINT64_FORMAT ".%06d  ", rel_ns < 0 ? "-" : "",
                                           ABS (rel_ns) / 1000000000,
                                           (int) (ABS (rel_ns) % 1000000000 / 1000));
  /* a program may write any bytes: shown as well as may be */
  g_autofree char *valid = g_utf8_make_valid (output->text, strnlen (output->text, sizeof output->text));
  g_autofree char *text = g_strdup_printf ("%s%s\n", mark, valid);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &end, time, -1, "time", NULL);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &end, text, -1, tags[MIN (output->stream, 2)], NULL);
  pane->n_lines++;
}

/* The packet list's clock: seconds since the first packet.  A line written
 * before any packet was captured waits for one, unless nothing is coming
 * (no lab running: then the first line is the origin). */
static gboolean
find_origin (LadderTerminalView *self)
{
  LadderFrameInfo info;

  if (self->have_origin)
    return TRUE;
  if (ladder_capture_get_frame (self->capture, 1, &info))
    self->origin_ns = info.ts_ns;
  else if (!self->input && ladder_capture_get_n_outputs (self->capture) > 0)
    self->origin_ns = ladder_capture_get_output (self->capture, 0)->ts_ns;
  else
    return FALSE;
  self->have_origin = TRUE;
  return TRUE;
}

void
ladder_terminal_view_refresh (LadderTerminalView *self)
{
  guint n, before = self->n_lines;

  g_return_if_fail (LADDER_IS_TERMINAL_VIEW (self));

  if (self->capture == NULL || !find_origin (self))
    return;
  n = ladder_capture_get_n_outputs (self->capture);
  for (; self->next_output < n; self->next_output++)
    {
      const LadderProgramOutput *output = ladder_capture_get_output (self->capture, self->next_output);
      Pane *pane = find_pane (self, output->host);

      if (pane == NULL)
        pane = add_pane (self, output->host, output->program);
      if (pane->n_lines >= MAX_LINES)
        continue;
      append_line (pane, ladder_ns_between (self->origin_ns, output->ts_ns), output);
      self->n_lines++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->heading), self->panes->len > 0);
  if (self->n_lines != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LINES]);
}

static gboolean
on_tick (gpointer data)
{
  ladder_terminal_view_refresh (LADDER_TERMINAL_VIEW (data));
  return G_SOURCE_CONTINUE;
}

static void
clear_panes (LadderTerminalView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->panes_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->panes_box), child);
  g_ptr_array_set_size (self->panes, 0);
  self->next_output = 0;
  self->n_lines = 0;
  self->have_origin = FALSE;
}

void
ladder_terminal_view_set_capture (LadderTerminalView *self, LadderCapture *capture)
{
  g_return_if_fail (LADDER_IS_TERMINAL_VIEW (self));

  if (self->capture == capture)
    return;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->capture, ladder_capture_unref);
  clear_panes (self);
  self->capture = capture != NULL ? ladder_capture_ref (capture) : NULL;
  if (capture != NULL)
    self->tick_id = g_timeout_add (TICK_MS, on_tick, self);
  ladder_terminal_view_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROGRAMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LINES]);
}

void
ladder_terminal_view_set_input (LadderTerminalView *self, gboolean input)
{
  g_return_if_fail (LADDER_IS_TERMINAL_VIEW (self));

  input = !!input;
  if (self->input == input)
    return;
  self->input = input;
  for (guint i = 0; i < self->panes->len; i++)
    gtk_widget_set_visible (GTK_WIDGET (((Pane *) self->panes->pdata[i])->entry), input);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "terminal.send", input);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "terminal.close-input", input);
  /* The lab is over: what it wrote before its first packet can be placed. */
  ladder_terminal_view_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT]);
}

guint
ladder_terminal_view_get_n_programs (LadderTerminalView *self)
{
  g_return_val_if_fail (LADDER_IS_TERMINAL_VIEW (self), 0);

  return self->panes->len;
}

guint
ladder_terminal_view_get_n_lines (LadderTerminalView *self)
{
  g_return_val_if_fail (LADDER_IS_TERMINAL_VIEW (self), 0);

  return self->n_lines;
}

char *
ladder_terminal_view_get_text (LadderTerminalView *self, const char *host)
{
  Pane *pane;
  GtkTextIter start, end;

  g_return_val_if_fail (LADDER_IS_TERMINAL_VIEW (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  pane = find_pane (self, host);
  if (pane == NULL)
    return NULL;
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (pane->text), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (pane->text), &start, &end, FALSE);
}

static gboolean
is_plain (const GtkTextIter *iter)
{
  GSList *tags = gtk_text_iter_get_tags (iter);

  g_slist_free (tags);
  return tags == NULL;
}

/* The pane's lines whose text (after the time) carries STREAM's style. */
char *
ladder_terminal_view_get_stream_text (LadderTerminalView *self, const char *host, guint stream)
{
  static const char *const tags[] = { "stdin", NULL, "stderr" };
  g_autoptr(GString) out = g_string_new (NULL);
  GtkTextBuffer *buffer;
  GtkTextTag *tag;
  Pane *pane;

  g_return_val_if_fail (LADDER_IS_TERMINAL_VIEW (self), NULL);
  g_return_val_if_fail (host != NULL && stream <= LADDER_OUTPUT_STDERR, NULL);

  pane = find_pane (self, host);
  if (pane == NULL)
    return NULL;
  buffer = gtk_text_view_get_buffer (pane->text);
  tag = tags[stream] != NULL ? gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tags[stream]) : NULL;
  for (int line = 0; line < gtk_text_buffer_get_line_count (buffer); line++)
    {
      GtkTextIter start, end;
      g_autofree char *text = NULL;
      const char *body;

      gtk_text_buffer_get_iter_at_line (buffer, &start, line);
      end = start;
      if (gtk_text_iter_ends_line (&end) || !gtk_text_iter_forward_to_line_end (&end))
        continue;
      text = gtk_text_iter_get_text (&start, &end);
      body = strstr (text, "  ");
      if (body == NULL)
        continue;
      gtk_text_iter_forward_chars (&start, g_utf8_strlen (text, body + 2 - text));
      if (tag != NULL ? gtk_text_iter_has_tag (&start, tag) : is_plain (&start))
        g_string_append_printf (out, "%s\n", body + 2);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

GtkWidget *
ladder_terminal_view_new (void)
{
  return g_object_new (LADDER_TYPE_TERMINAL_VIEW, NULL);
}

static void
send_action (GtkWidget *widget, const char *name, GVariant *param)
{
  const char *host = NULL, *text = NULL;

  if (g_str_equal (name, "terminal.send"))
    g_variant_get (param, "(&s&s)", &host, &text);
  else
    g_variant_get (param, "&s", &host);
  g_signal_emit (widget, signals[SIGNAL_INPUT], 0, host, text, text == NULL);
}

static void
ladder_terminal_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderTerminalView *self = LADDER_TERMINAL_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE: g_value_set_pointer (value, self->capture); break;
    case PROP_INPUT: g_value_set_boolean (value, self->input); break;
    case PROP_N_PROGRAMS: g_value_set_uint (value, self->panes->len); break;
    case PROP_N_LINES: g_value_set_uint (value, self->n_lines); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_terminal_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderTerminalView *self = LADDER_TERMINAL_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE: ladder_terminal_view_set_capture (self, g_value_get_pointer (value)); break;
    case PROP_INPUT: ladder_terminal_view_set_input (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_terminal_view_dispose (GObject *object)
{
  LadderTerminalView *self = LADDER_TERMINAL_VIEW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_TERMINAL_VIEW);
  g_clear_pointer (&self->panes, g_ptr_array_unref);
  g_clear_pointer (&self->capture, ladder_capture_unref);
  G_OBJECT_CLASS (ladder_terminal_view_parent_class)->dispose (object);
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_CAPTURE] = g_param_spec_pointer ("capture", NULL, NULL,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INPUT] = g_param_spec_boolean ("input", NULL, NULL, FALSE,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PROGRAMS] = g_param_spec_uint ("n-programs", NULL, NULL, 0, G_MAXUINT, 0,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_LINES] = g_param_spec_uint ("n-lines", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ladder_terminal_view_class_init (LadderTerminalViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ladder_terminal_view_dispose;
  object_class->get_property = ladder_terminal_view_get_property;
  object_class->set_property = ladder_terminal_view_set_property;
  install_properties (object_class);
  signals[SIGNAL_INPUT] = g_signal_new ("input", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 3,
                                        G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);
  gtk_widget_class_install_action (widget_class, "terminal.send", "(ss)", send_action);
  gtk_widget_class_install_action (widget_class, "terminal.close-input", "s", send_action);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-terminal-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderTerminalView, box);
  gtk_widget_class_bind_template_child (widget_class, LadderTerminalView, panes_box);
  gtk_widget_class_bind_template_child (widget_class, LadderTerminalView, heading);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "terminalview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ladder_terminal_view_init (LadderTerminalView *self)
{
  self->panes = g_ptr_array_new_with_free_func (pane_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "terminal.send", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "terminal.close-input", FALSE);
}
