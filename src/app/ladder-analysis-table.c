/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-analysis-table.c: a table of the analysis (see the header).
 *
 * Rebuilt from each new LadderAnalysis.  Rows are keys into the analysis
 * (a conversation index; session or run << 32 | probe), so the tables hold
 * no text and the analysis stays the single source of truth.
 */
#include "ladder-analysis-table.h"

#include <glib/gi18n-lib.h>

#include <math.h>

#include "ladder-row-model.h"

typedef enum { KIND_CONVERSATIONS, KIND_PING, KIND_TRACEROUTE } Kind;

static const char * const kind_names[] = { "conversations", "ping", "traceroute" };

struct _LadderAnalysisTable
{
  GtkWidget        parent_instance;

  /* Template children */
  GtkWidget       *box;
  GtkLabel        *summary;
  GtkStack        *stack;
  GtkLabel        *empty_label;
  LadderTableView *view;

  LadderRowModel  *model;
  LadderAnalysis  *analysis;
  Kind             kind;
};

enum { PROP_0, PROP_KIND, PROP_N_ROWS, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_CONVERSATION_ACTIVATED, SIGNAL_FRAME_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LadderAnalysisTable, ladder_analysis_table, GTK_TYPE_WIDGET)

#define ROW_KEY(outer, inner) (((guint64) (outer) << 32) | (guint32) (inner))
#define ROW_OUTER(key)        ((guint) ((key) >> 32))
#define ROW_INNER(key)        ((guint) ((key) & 0xffffffffu))

enum { CONV_INDEX, CONV_PROTO, CONV_A, CONV_A_PORT, CONV_B, CONV_B_PORT,
       CONV_PACKETS, CONV_BYTES, CONV_START, CONV_DURATION, CONV_N };
enum { PING_SESSION, PING_SEQ, PING_REQUEST, PING_REPLY, PING_RTT, PING_TTL, PING_RESULT, PING_N };
enum { TR_RUN, TR_TTL, TR_RESPONDER, TR_RTT, TR_REPLY, TR_PROBE, TR_REPLY_FRAME, TR_N };

static void
append_seconds (GString *out, gint64 ns)
{
  g_string_append_printf (out, "%.6f", (double) ns / 1e9);
}

static void
append_rtt (GString *out, double rtt_ms, gboolean negative)
{
  if (isnan (rtt_ms))
    g_string_append (out, "—");
  else
    g_string_append_printf (out, "%.3f%s", rtt_ms, negative ? " (before!)" : "");
}

static void
append_frame (GString *out, guint64 frame)
{
  if (frame == 0)
    g_string_append (out, "—");
  else
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, frame);
}

/* ---- Conversations ---------------------------------------------------- */

static void
conversation_text (gpointer user_data, guint64 key, guint column, GString *out, gboolean *problem)
{
  LadderAnalysisTable *self = user_data;
  LadderConversations *convs;
  const LadderConversation *conv;
  char buf[LADDER_ADDR_STRLEN];
  gboolean ports;

  if (self->analysis == NULL)
    return;
  convs = ladder_analysis_get_conversations (self->analysis);
  if (key >= ladder_conversations_get_n_items (convs))
    return;
  conv = ladder_conversations_get_item (convs, (guint) key);
  ports = conv->proto == 6 || conv->proto == 17;
  switch (column)
    {
    case CONV_INDEX: g_string_append_printf (out, "%u", conv->index); break;
    case CONV_PROTO: g_string_append (out, ladder_conversation_proto_name (conv->proto)); break;
    case CONV_A: g_string_append (out, ladder_addr_to_string (&conv->a, buf)); break;
    case CONV_B: g_string_append (out, ladder_addr_to_string (&conv->b, buf)); break;
    case CONV_A_PORT:
      g_string_append_printf (out, ports ? "%u" : "id %u", conv->a_port);
      break;
    case CONV_B_PORT:
      if (ports)
        g_string_append_printf (out, "%u", conv->b_port);
      break;
    case CONV_PACKETS:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, conv->packets_ab + conv->packets_ba);
      break;
    case CONV_BYTES:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, conv->bytes_ab + conv->bytes_ba);
      break;
    case CONV_START:
      append_seconds (out, ladder_ns_between (ladder_conversations_get_origin_ns (convs), conv->start_ns));
      break;
    case CONV_DURATION: append_seconds (out, ladder_ns_between (conv->start_ns, conv->end_ns)); break;
    default: break;
    }
}

static guint64
key_at (LadderRowModel *model, guint position)
{
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (model)))
    return G_MAXUINT64;
  return ladder_row_model_get_key (model, position);
}

/* ---- Ping --------------------------------------------------------------- */

static const LadderPingProbe *
ping_probe (LadderAnalysisTable *self, guint64 key, const LadderPingSession **session_out)
{
  LadderPing *ping;
  const LadderPingSession *session;

  if (self->analysis == NULL)
    return NULL;
  ping = ladder_analysis_get_ping (self->analysis);
  if (ROW_OUTER (key) >= ladder_ping_get_n_sessions (ping))
    return NULL;
  session = ladder_ping_get_session (ping, ROW_OUTER (key));
  if (ROW_INNER (key) >= session->n_probes)
    return NULL;
  *session_out = session;
  return &session->probes[ROW_INNER (key)];
}

static void
append_ping_result (GString *out, const LadderPingSession *session, const LadderPingProbe *probe,
                    gboolean *problem)
{
  char buf[LADDER_ADDR_STRLEN];

  if (probe->error != 0)
    {
      g_string_append_printf (out, "%s from %s",
                              ladder_icmp_error_code_name (session->ip_version, probe->error_icmp_type,
                                                           probe->error_icmp_code),
                              ladder_addr_to_string (&probe->error_from, buf));
      *problem = TRUE;
    }
  else if (probe->reply != 0)
    g_string_append (out, "reply");
  else if (probe->request == 0)
    g_string_append (out, "reply (request not captured)");
  else
    {
      g_string_append (out, "no reply");
      *problem = TRUE;
    }
  if (probe->duplicates > 0)
    g_string_append_printf (out, ", %u duplicate%s", probe->duplicates, probe->duplicates == 1 ? "" : "s");
}

static void
ping_text (gpointer user_data, guint64 key, guint column, GString *out, gboolean *problem)
{
  LadderAnalysisTable *self = user_data;
  const LadderPingSession *session = NULL;
  const LadderPingProbe *probe = ping_probe (self, key, &session);
  char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN];

  if (probe == NULL)
    return;
  switch (column)
    {
    case PING_SESSION:
      /* Once per session, as ping prints its heading once. */
      if (ROW_INNER (key) == 0)
        g_string_append_printf (out, "%s → %s  id %u", ladder_addr_to_string (&session->src, a),
                                ladder_addr_to_string (&session->dst, b), session->id);
      break;
    case PING_SEQ: g_string_append_printf (out, "%u", probe->seq); break;
    case PING_REQUEST: append_frame (out, probe->request); break;
    case PING_REPLY: append_frame (out, probe->reply != 0 ? probe->reply : probe->error); break;
    case PING_RTT: append_rtt (out, probe->rtt_ms, probe->rtt_negative); break;
    case PING_TTL:
      if (probe->reply != 0)
        g_string_append_printf (out, "%u", probe->reply_ttl);
      break;
    case PING_RESULT: append_ping_result (out, session, probe, problem); break;
    default: break;
    }
}

/* ---- Traceroute ------------------------------------------------------------ */

/* Keys: run << 32 | hop << 16 | probe within the hop.  Only the run's
 * hops are listed, as traceroute prints them; probes sent past the final
 * hop are left out. */
#define TR_KEY(run, hop, probe) (((guint64) (run) << 32) | ((guint32) (hop) << 16) | (guint16) (probe))
#define TR_HOP(key)             ((guint) (((key) >> 16) & 0xffffu))
#define TR_PROBE(key)           ((guint) ((key) & 0xffffu))

static const LadderTracerouteProbe *
traceroute_probe (LadderAnalysisTable *self, guint64 key, const LadderTracerouteRun **run_out)
{
  LadderTraceroute *trace;
  const LadderTracerouteRun *run;
  const LadderTracerouteHop *hop;

  if (self->analysis == NULL)
    return NULL;
  trace = ladder_analysis_get_traceroute (self->analysis);
  if (ROW_OUTER (key) >= ladder_traceroute_get_n_runs (trace))
    return NULL;
  run = ladder_traceroute_get_run (trace, ROW_OUTER (key));
  if (TR_HOP (key) >= run->n_hops)
    return NULL;
  hop = &run->hops[TR_HOP (key)];
  if (TR_PROBE (key) >= hop->n_probes)
    return NULL;
  *run_out = run;
  return &hop->probes[TR_PROBE (key)];
}

static void
traceroute_text (gpointer user_data, guint64 key, guint column, GString *out, gboolean *problem)
{
  LadderAnalysisTable *self = user_data;
  const LadderTracerouteRun *run = NULL;
  const LadderTracerouteProbe *probe = traceroute_probe (self, key, &run);
  char buf[LADDER_ADDR_STRLEN];
  const char *reply;

  if (probe == NULL)
    return;
  switch (column)
    {
    case TR_RUN:
      /* Once per run, as traceroute prints its heading once. */
      if (TR_HOP (key) == 0 && TR_PROBE (key) == 0)
        g_string_append_printf (out, "%s to %s%s", ladder_traceroute_method_to_string (run->method),
                                ladder_addr_to_string (&run->dst, buf), run->reached ? "" : " (not reached)");
      break;
    case TR_TTL:
      if (TR_PROBE (key) == 0)
        g_string_append_printf (out, "%u", probe->ttl);
      break;
    case TR_RESPONDER:
      g_string_append (out, probe->reply != 0 ? ladder_addr_to_string (&probe->responder, buf) : "*");
      break;
    case TR_RTT: append_rtt (out, probe->rtt_ms, probe->rtt_negative); break;
    case TR_REPLY:
      reply = ladder_traceroute_reply_to_string (probe->reply_type);
      g_string_append (out, reply != NULL ? reply : "no reply");
      if (reply == NULL)
        *problem = TRUE;
      break;
    case TR_PROBE: append_frame (out, probe->probe); break;
    case TR_REPLY_FRAME: append_frame (out, probe->reply); break;
    default: break;
    }
}

/* The frame a ping or traceroute row stands for (its request or probe),
 * and the traceroute run it belongs to; 0 when there is none. */
static guint64
row_frame (LadderAnalysisTable *self, guint64 key, guint *run)
{
  *run = 0;
  if (self->kind == KIND_PING)
    {
      const LadderPingSession *session = NULL;
      const LadderPingProbe *probe = ping_probe (self, key, &session);

      return probe != NULL ? (probe->request != 0 ? probe->request : probe->reply) : 0;
    }
  else
    {
      const LadderTracerouteRun *tr_run = NULL;
      const LadderTracerouteProbe *probe = traceroute_probe (self, key, &tr_run);

      *run = ROW_OUTER (key);
      return probe != NULL ? probe->probe : 0;
    }
}

static void
on_activate (LadderAnalysisTable *self, guint position, LadderTableView *view)
{
  guint64 key = key_at (self->model, position);
  guint64 frame;
  guint run;

  if (key == G_MAXUINT64)
    return;
  if (self->kind == KIND_CONVERSATIONS)
    {
      g_signal_emit (self, signals[SIGNAL_CONVERSATION_ACTIVATED], 0, (gint) key);
      return;
    }
  frame = row_frame (self, key, &run);
  if (frame != 0)
    g_signal_emit (self, signals[SIGNAL_FRAME_ACTIVATED], 0, frame, run);
}

/* ---- Set-up and refresh ------------------------------------------------- */

static LadderRowModel *
attach_model (LadderTableView *view)
{
  LadderRowModel *model = ladder_row_model_new (0);
  GtkSingleSelection *selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (model)));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  ladder_table_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  ladder_row_model_set_keys (model, NULL, 0);
  return model;
}

typedef struct
{
  const char *title;
  guint width_chars;   /* 0: takes the rest */
  LadderTableFlags flags;
} ColumnSpec;

static void
add_columns (LadderTableView *view, const ColumnSpec *specs, guint n,
             LadderTableTextFunc func, gpointer user_data)
{
  for (guint i = 0; i < n; i++)
    ladder_table_view_add_column (view, _(specs[i].title), specs[i].width_chars, specs[i].flags);
  ladder_table_view_set_text_func (view, func, user_data);
}

static void
init_columns (LadderAnalysisTable *self)
{
  static const ColumnSpec conv_columns[CONV_N] = {
    { N_("#"), 6, LADDER_TABLE_NUMERIC }, { N_("Protocol"), 8, 0 }, { N_("Address A"), 0, LADDER_TABLE_MIDDLE },
    { N_("Port A"), 8, LADDER_TABLE_NUMERIC }, { N_("Address B"), 0, LADDER_TABLE_MIDDLE },
    { N_("Port B"), 6, LADDER_TABLE_NUMERIC }, { N_("Packets"), 8, LADDER_TABLE_NUMERIC },
    { N_("Bytes"), 10, LADDER_TABLE_NUMERIC }, { N_("Start (s)"), 11, LADDER_TABLE_NUMERIC },
    { N_("Duration (s)"), 11, LADDER_TABLE_NUMERIC },
  };
  static const ColumnSpec ping_columns[PING_N] = {
    { N_("Session"), 0, 0 }, { N_("Seq"), 5, LADDER_TABLE_NUMERIC },
    { N_("Request"), 8, LADDER_TABLE_NUMERIC }, { N_("Answer"), 8, LADDER_TABLE_NUMERIC },
    { N_("RTT (ms)"), 9, LADDER_TABLE_NUMERIC }, { N_("Reply TTL"), 9, LADDER_TABLE_NUMERIC },
    { N_("Result"), 0, 0 },
  };
  static const ColumnSpec tr_columns[TR_N] = {
    { N_("Traceroute"), 0, 0 }, { N_("TTL"), 4, LADDER_TABLE_NUMERIC },
    { N_("Responder"), 22, LADDER_TABLE_MIDDLE }, { N_("RTT (ms)"), 9, LADDER_TABLE_NUMERIC },
    { N_("Reply"), 0, 0 }, { N_("Probe"), 7, LADDER_TABLE_NUMERIC },
    { N_("Reply frame"), 11, LADDER_TABLE_NUMERIC },
  };

  self->model = attach_model (self->view);
  switch (self->kind)
    {
    case KIND_CONVERSATIONS:
      add_columns (self->view, conv_columns, CONV_N, conversation_text, self);
      gtk_list_view_set_single_click_activate (ladder_table_view_get_list (self->view), TRUE);
      /* Always a table, empty or not. */
      gtk_stack_set_visible_child_name (self->stack, "table");
      break;
    case KIND_PING:
      add_columns (self->view, ping_columns, PING_N, ping_text, self);
      gtk_label_set_text (self->empty_label, _("No ping in this capture"));
      break;
    case KIND_TRACEROUTE:
    default:
      add_columns (self->view, tr_columns, TR_N, traceroute_text, self);
      gtk_label_set_text (self->empty_label, _("No traceroute in this capture"));
      break;
    }
}

static void
fill_conversations (LadderAnalysisTable *self, GArray *keys)
{
  LadderConversations *convs = ladder_analysis_get_conversations (self->analysis);
  guint n = ladder_conversations_get_n_items (convs);

  for (guint64 i = 0; i < n; i++)
    g_array_append_val (keys, i);
}

static void
fill_ping (LadderAnalysisTable *self, GArray *keys)
{
  LadderPing *ping = ladder_analysis_get_ping (self->analysis);

  for (guint s = 0; s < ladder_ping_get_n_sessions (ping); s++)
    for (guint p = 0; p < ladder_ping_get_session (ping, s)->n_probes; p++)
      {
        guint64 key = ROW_KEY (s, p);

        g_array_append_val (keys, key);
      }
}

static void
fill_traceroute (LadderAnalysisTable *self, GArray *keys)
{
  LadderTraceroute *trace = ladder_analysis_get_traceroute (self->analysis);

  for (guint r = 0; r < ladder_traceroute_get_n_runs (trace); r++)
    {
      const LadderTracerouteRun *run = ladder_traceroute_get_run (trace, r);

      for (guint h = 0; h < run->n_hops && h <= 0xffff; h++)
        for (guint p = 0; p < run->hops[h].n_probes && p <= 0xffff; p++)
          {
            guint64 key = TR_KEY (r, h, p);

            g_array_append_val (keys, key);
          }
    }
}

/* ping's closing statistics, one line per session. */
static void
update_ping_summary (LadderAnalysisTable *self)
{
  LadderPing *ping = self->analysis != NULL ? ladder_analysis_get_ping (self->analysis) : NULL;
  guint n = ping != NULL ? ladder_ping_get_n_sessions (ping) : 0;
  g_autoptr (GString) text = g_string_new (NULL);
  char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN];

  for (guint i = 0; i < n && i < 8; i++)
    {
      const LadderPingSession *session = ladder_ping_get_session (ping, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s → %s: %u sent, %u replies, %u errors, %u%% lost",
                              ladder_addr_to_string (&session->src, a),
                              ladder_addr_to_string (&session->dst, b),
                              session->requests, session->replies, session->errors,
                              session->requests > 0 ? session->lost * 100 / session->requests : 0);
      if (session->rtt_count > 0)
        g_string_append_printf (text, ", rtt min/avg/max %.3f/%.3f/%.3f ms",
                                session->rtt_min_ms, session->rtt_avg_ms, session->rtt_max_ms);
    }
  if (n > 8)
    g_string_append_printf (text, "\n… and %u more sessions", n - 8);
  gtk_label_set_text (self->summary, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->summary), n > 0);
}

void
ladder_analysis_table_set_analysis (LadderAnalysisTable *self, LadderAnalysis *analysis)
{
  static void (* const fills[]) (LadderAnalysisTable *, GArray *) = { fill_conversations, fill_ping, fill_traceroute };
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));

  g_return_if_fail (LADDER_IS_ANALYSIS_TABLE (self));

  if (analysis != self->analysis)
    {
      g_clear_pointer (&self->analysis, ladder_analysis_unref);
      self->analysis = analysis != NULL ? ladder_analysis_ref (analysis) : NULL;
    }
  if (self->analysis != NULL)
    fills[self->kind] (self, keys);
  ladder_row_model_set_keys (self->model, (const guint64 *) (gpointer) keys->data, keys->len);
  if (self->kind != KIND_CONVERSATIONS)
    gtk_stack_set_visible_child_name (self->stack, keys->len > 0 ? "table" : "empty");
  if (self->kind == KIND_PING)
    update_ping_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
}

GListModel *
ladder_analysis_table_get_rows (LadderAnalysisTable *self)
{
  g_return_val_if_fail (LADDER_IS_ANALYSIS_TABLE (self), NULL);
  return G_LIST_MODEL (self->model);
}

LadderTableView *
ladder_analysis_table_get_view (LadderAnalysisTable *self)
{
  g_return_val_if_fail (LADDER_IS_ANALYSIS_TABLE (self), NULL);
  return self->view;
}

gboolean
ladder_analysis_table_get_empty (LadderAnalysisTable *self)
{
  g_return_val_if_fail (LADDER_IS_ANALYSIS_TABLE (self), TRUE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0;
}

guint
ladder_analysis_table_find_row (LadderAnalysisTable *self, guint64 key)
{
  g_return_val_if_fail (LADDER_IS_ANALYSIS_TABLE (self), G_MAXUINT);
  return ladder_row_model_find_key (self->model, key);
}

GtkWidget *
ladder_analysis_table_new (const char *kind)
{
  return g_object_new (LADDER_TYPE_ANALYSIS_TABLE, "kind", kind, NULL);
}

static void
set_kind (LadderAnalysisTable *self, const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (kind_names[i], name) == 0)
      {
        self->kind = (Kind) i;
        return;
      }
  g_critical ("No analysis table kind is called '%s'", name);
}

static void
ladder_analysis_table_constructed (GObject *object)
{
  LadderAnalysisTable *self = LADDER_ANALYSIS_TABLE (object);

  G_OBJECT_CLASS (ladder_analysis_table_parent_class)->constructed (object);
  init_columns (self);
}

static void
ladder_analysis_table_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderAnalysisTable *self = LADDER_ANALYSIS_TABLE (object);

  switch (prop_id)
    {
    case PROP_KIND: g_value_set_string (value, kind_names[self->kind]); break;
    case PROP_N_ROWS: g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->model))); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_analysis_table_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_KIND: set_kind (LADDER_ANALYSIS_TABLE (object), g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_analysis_table_dispose (GObject *object)
{
  LadderAnalysisTable *self = LADDER_ANALYSIS_TABLE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_ANALYSIS_TABLE);
  g_clear_object (&self->model);
  g_clear_pointer (&self->analysis, ladder_analysis_unref);
  G_OBJECT_CLASS (ladder_analysis_table_parent_class)->dispose (object);
}

static void
ladder_analysis_table_class_init (LadderAnalysisTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ladder_analysis_table_constructed;
  object_class->dispose = ladder_analysis_table_dispose;
  object_class->get_property = ladder_analysis_table_get_property;
  object_class->set_property = ladder_analysis_table_set_property;
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, "conversations",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ROWS] =
    g_param_spec_uint ("n-rows", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_CONVERSATION_ACTIVATED] =
    g_signal_new ("conversation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_FRAME_ACTIVATED] =
    g_signal_new ("frame-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT);

  g_type_ensure (LADDER_TYPE_TABLE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-analysis-table.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderAnalysisTable, box);
  gtk_widget_class_bind_template_child (widget_class, LadderAnalysisTable, summary);
  gtk_widget_class_bind_template_child (widget_class, LadderAnalysisTable, stack);
  gtk_widget_class_bind_template_child (widget_class, LadderAnalysisTable, empty_label);
  gtk_widget_class_bind_template_child (widget_class, LadderAnalysisTable, view);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ladderanalysistable");
}

static void
ladder_analysis_table_init (LadderAnalysisTable *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
