/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-tables.c: conversations, ping and traceroute tables.
 *
 * Rebuilt from each new LadderAnalysis.  Rows are keys into the analysis
 * (a conversation index; session or run << 32 | probe), so the tables hold
 * no text and the analysis stays the single source of truth.
 */
#include "ladder-window-private.h"

#include <math.h>


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
  LadderWindow *self = user_data;
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
      append_seconds (out, conv->start_ns - ladder_conversations_get_origin_ns (convs));
      break;
    case CONV_DURATION: append_seconds (out, conv->end_ns - conv->start_ns); break;
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

static void
on_conversation_activate (LadderTableView *view, guint position, LadderWindow *self)
{
  guint64 key = key_at (self->conversation_model, position);

  if (key == G_MAXUINT64)
    return;
  _ladder_window_set_conversation (self, (gint) key);
  gtk_stack_set_visible_child_name (self->view_stack, "packets");
}

/* ---- Ping --------------------------------------------------------------- */

static const LadderPingProbe *
ping_probe (LadderWindow *self, guint64 key, const LadderPingSession **session_out)
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
  LadderWindow *self = user_data;
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
traceroute_probe (LadderWindow *self, guint64 key, const LadderTracerouteRun **run_out)
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
  LadderWindow *self = user_data;
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

static void
on_probe_activate (LadderTableView *view, guint position, LadderWindow *self)
{
  guint64 key = key_at (view == self->ping_view ? self->ping_model : self->traceroute_model, position);
  guint64 frame = 0;

  if (key == G_MAXUINT64)
    return;
  if (view == self->ping_view)
    {
      const LadderPingSession *session = NULL;
      const LadderPingProbe *probe = ping_probe (self, key, &session);

      if (probe != NULL)
        frame = probe->request != 0 ? probe->request : probe->reply;
    }
  else
    {
      const LadderTracerouteRun *run = NULL;
      const LadderTracerouteProbe *probe = traceroute_probe (self, key, &run);

      if (probe != NULL)
        {
          frame = probe->probe;
          _ladder_window_show_traceroute_run (self, ROW_OUTER (key));
        }
    }
  if (frame == 0)
    return;
  ladder_window_set_selected_frame (self, frame);
  gtk_stack_set_visible_child_name (self->view_stack, "packets");
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
    ladder_table_view_add_column (view, specs[i].title, specs[i].width_chars, specs[i].flags);
  ladder_table_view_set_text_func (view, func, user_data);
}

void
_ladder_window_init_tables (LadderWindow *self)
{
  static const ColumnSpec conv_columns[CONV_N] = {
    { "#", 6, LADDER_TABLE_NUMERIC }, { "Protocol", 8, 0 }, { "Address A", 0, LADDER_TABLE_MIDDLE },
    { "Port A", 8, LADDER_TABLE_NUMERIC }, { "Address B", 0, LADDER_TABLE_MIDDLE },
    { "Port B", 6, LADDER_TABLE_NUMERIC }, { "Packets", 8, LADDER_TABLE_NUMERIC },
    { "Bytes", 10, LADDER_TABLE_NUMERIC }, { "Start (s)", 11, LADDER_TABLE_NUMERIC },
    { "Duration (s)", 11, LADDER_TABLE_NUMERIC },
  };
  static const ColumnSpec ping_columns[PING_N] = {
    { "Session", 0, 0 }, { "Seq", 5, LADDER_TABLE_NUMERIC },
    { "Request", 8, LADDER_TABLE_NUMERIC }, { "Answer", 8, LADDER_TABLE_NUMERIC },
    { "RTT (ms)", 9, LADDER_TABLE_NUMERIC }, { "Reply TTL", 9, LADDER_TABLE_NUMERIC },
    { "Result", 0, 0 },
  };
  static const ColumnSpec tr_columns[TR_N] = {
    { "Traceroute", 0, 0 }, { "TTL", 4, LADDER_TABLE_NUMERIC },
    { "Responder", 22, LADDER_TABLE_MIDDLE }, { "RTT (ms)", 9, LADDER_TABLE_NUMERIC },
    { "Reply", 0, 0 }, { "Probe", 7, LADDER_TABLE_NUMERIC },
    { "Reply frame", 11, LADDER_TABLE_NUMERIC },
  };

  self->conversation_model = attach_model (self->conversation_view);
  self->ping_model = attach_model (self->ping_view);
  self->traceroute_model = attach_model (self->traceroute_view);
  add_columns (self->conversation_view, conv_columns, CONV_N, conversation_text, self);
  add_columns (self->ping_view, ping_columns, PING_N, ping_text, self);
  add_columns (self->traceroute_view, tr_columns, TR_N, traceroute_text, self);
  gtk_list_view_set_single_click_activate (ladder_table_view_get_list (self->conversation_view), TRUE);
  g_signal_connect (self->conversation_view, "activate", G_CALLBACK (on_conversation_activate), self);
  g_signal_connect (self->ping_view, "activate", G_CALLBACK (on_probe_activate), self);
  g_signal_connect (self->traceroute_view, "activate", G_CALLBACK (on_probe_activate), self);
}

static void
fill_conversations (LadderWindow *self, GArray *keys)
{
  LadderConversations *convs = ladder_analysis_get_conversations (self->analysis);
  guint n = ladder_conversations_get_n_items (convs);

  for (guint64 i = 0; i < n; i++)
    g_array_append_val (keys, i);
}

static void
fill_ping (LadderWindow *self, GArray *keys)
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
fill_traceroute (LadderWindow *self, GArray *keys)
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
update_ping_summary (LadderWindow *self)
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
  gtk_label_set_text (self->ping_summary, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->ping_summary), n > 0);
}

static void
refill (LadderWindow *self, LadderRowModel *model, void (*fill) (LadderWindow *, GArray *),
        GtkStack *stack)
{
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));

  if (self->analysis != NULL)
    fill (self, keys);
  ladder_row_model_set_keys (model, (const guint64 *) (gpointer) keys->data, keys->len);
  if (stack != NULL)
    gtk_stack_set_visible_child_name (stack, keys->len > 0 ? "table" : "empty");
}

void
_ladder_window_update_tables (LadderWindow *self)
{
  refill (self, self->conversation_model, fill_conversations, NULL);
  refill (self, self->ping_model, fill_ping, self->ping_stack);
  update_ping_summary (self);
  refill (self, self->traceroute_model, fill_traceroute, self->traceroute_stack);
}
