/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-story.c: the steps of a story, in time order (see ladder-story.h).
 *
 * The captions and quizzes are written by ladder-story-caption.c; this file
 * decides which events are steps: first sightings of packets, socket calls
 * (and the return of one that blocked while something else happened), and
 * kernel socket states that changed.
 */
#include "ladder-story-private.h"

#include <string.h>

struct _LadderStory
{
  LadderCapture *capture;
  gint64  origin_ns;
  GArray *steps;        /* LadderStoryStep */
  GArray *last_packet;  /* guint64 per step */
};

typedef struct
{
  gint64  ts_ns;
  guint8  kind;      /* LadderStoryKind */
  guint64 packet;
  gint    call, state;
} Event;

G_DEFINE_QUARK (ladder-story-error-quark, ladder_story_error)

const char *
ladder_story_kind_to_string (LadderStoryKind kind)
{
  switch (kind)
    {
    case LADDER_STORY_PACKET: return "packet";
    case LADDER_STORY_CALL:
    case LADDER_STORY_CALL_RETURN: return "call";
    case LADDER_STORY_STATE: return "state";
    default: return "unknown";
    }
}

/* Ties at one timestamp: a call is entered before what it causes, its
 * return comes after. */
static int
kind_rank (guint8 kind)
{
  static const int rank[] = { [LADDER_STORY_CALL] = 0, [LADDER_STORY_PACKET] = 1,
                              [LADDER_STORY_STATE] = 2, [LADDER_STORY_CALL_RETURN] = 3 };
  return rank[kind];
}

static gint
compare_events (gconstpointer pa, gconstpointer pb)
{
  const Event *a = pa, *b = pb;

  if (a->ts_ns != b->ts_ns)
    return a->ts_ns < b->ts_ns ? -1 : 1;
  if (a->kind != b->kind)
    return kind_rank (a->kind) - kind_rank (b->kind);
  if (a->packet != b->packet)
    return a->packet < b->packet ? -1 : 1;
  if (a->call != b->call)
    return a->call - b->call;
  return a->state - b->state;
}

static gboolean
addr_unspecified (const LadderAddr *a)
{
  for (guint i = 0; i < sizeof a->bytes; i++)
    if (a->bytes[i] != 0)
      return FALSE;
  return TRUE;
}

/* Does a socket with these addresses belong to CONV?  A listening or
 * unconnected socket (no peer, wildcard address) belongs to every
 * conversation on its port. */
static gboolean
socket_in_conversation (const LadderConversation *conv, guint8 protocol,
                        const LadderAddr *local, guint16 lport,
                        const LadderAddr *peer, guint16 pport)
{
  if (lport == 0 || (protocol != 0 && protocol != conv->proto))
    return FALSE;
  for (int side = 0; side < 2; side++)
    {
      const LadderAddr *me = side == 0 ? &conv->a : &conv->b;
      const LadderAddr *other = side == 0 ? &conv->b : &conv->a;
      guint16 my_port = side == 0 ? conv->a_port : conv->b_port;
      guint16 other_port = side == 0 ? conv->b_port : conv->a_port;

      if (lport != my_port || !(addr_unspecified (local) || ladder_addr_equal (local, me)))
        continue;
      if (peer->family == 0 || pport == 0
          || (pport == other_port && ladder_addr_equal (peer, other)))
        return TRUE;
    }
  return FALSE;
}

/* Unsigned: a pid from a capture may use all 32 bits. */
static guint64
call_fd_key (const LadderSocketCall *c)
{
  gint32 fd = c->fd;

  if (c->kind == LADDER_CALL_SOCKET || c->kind == LADDER_CALL_ACCEPT)
    fd = (gint32) c->result;
  return ((guint64) c->pid << 32) | (guint32) fd;
}

static gint
compare_call_time (gconstpointer a, gconstpointer b, gpointer data)
{
  LadderCapture *capture = data;
  gint64 ta = ladder_capture_get_call (capture, *(const guint *) a)->ts_ns;
  gint64 tb = ladder_capture_get_call (capture, *(const guint *) b)->ts_ns;

  return ta < tb ? -1 : ta > tb;
}

/* Gives every call the life of the socket it acts on: socket() and a
 * successful accept() begin one, close() ends it, so a reused fd number is
 * not taken for the socket it replaced.  Returns the number of lives. */
static guint
assign_socket_lives (LadderCapture *capture, guint *life)
{
  guint n = ladder_capture_get_n_calls (capture), n_lives = 0;
  g_autofree guint *order = g_new (guint, n);
  g_autoptr (GHashTable) live = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof *order, compare_call_time, capture);
  for (guint k = 0; k < n; k++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (capture, order[k]);
      guint64 key = call_fd_key (c);
      gpointer v;
      gboolean opens = (c->kind == LADDER_CALL_SOCKET || c->kind == LADDER_CALL_ACCEPT) && c->result >= 0;

      if (!opens && g_hash_table_lookup_extended (live, &key, NULL, &v))
        life[order[k]] = GPOINTER_TO_UINT (v);
      else
        {
          life[order[k]] = n_lives++;
          g_hash_table_insert (live, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (life[order[k]]));
        }
      if (c->kind == LADDER_CALL_CLOSE)
        g_hash_table_remove (live, &key);
    }
  return n_lives;
}

/* Per call, the first conversation its socket belongs to (-1: none); with
 * ONLY >= 0, -1 for the calls whose socket is not in conversation ONLY. */
static gint *
calls_conversations (LadderCapture *capture, LadderConversations *convs, gint only)
{
  guint n = ladder_capture_get_n_calls (capture);
  g_autofree guint *life = g_new0 (guint, n);
  guint n_lives = assign_socket_lives (capture, life);
  g_autofree gint *life_conv = g_new (gint, n_lives + 1);
  gint *result = g_new (gint, n);
  guint n_convs = ladder_conversations_get_n_items (convs);

  for (guint l = 0; l < n_lives; l++)
    life_conv[l] = -1;
  for (guint i = 0; i < n; i++)
    {
      const LadderSocketCall *c = ladder_capture_get_call (capture, i);
      /* The first match names the socket's conversation; with ONLY, a
       * socket is in ONLY's story when any of its calls matches it. */
      for (guint k = 0; k < n_convs; k++)
        {
          if ((only >= 0 && (gint) k != only) || life_conv[life[i]] == (gint) k
              || (only < 0 && life_conv[life[i]] >= 0))
            continue;
          if (socket_in_conversation (ladder_conversations_get_item (convs, k), c->protocol,
                                      &c->local_addr, c->local_port, &c->peer_addr, c->peer_port))
            life_conv[life[i]] = (gint) k;
        }
    }
  for (guint i = 0; i < n; i++)
    result[i] = life_conv[life[i]];
  return result;
}

static gint
state_conversation (LadderConversations *convs, const LadderSocketState *s, gint only)
{
  guint n = ladder_conversations_get_n_items (convs);

  for (guint k = 0; k < n; k++)
    if ((only < 0 || (gint) k == only)
        && socket_in_conversation (ladder_conversations_get_item (convs, k), s->protocol,
                                   &s->local_addr, s->local_port, &s->peer_addr, s->peer_port))
      return (gint) k;
  return -1;
}

/* A socket is known by its owner and addresses, not its fd: the kernel
 * keeps reporting a socket after close() (TIME_WAIT), with fd -1. */
static char *
state_socket_key (const LadderSocketState *s)
{
  char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN];

  return g_strdup_printf ("%u %u %s %u %s %u", s->pid, s->protocol, ladder_addr_to_string (&s->local_addr, a),
                          s->local_port, ladder_addr_to_string (&s->peer_addr, b), s->peer_port);
}

/* The states that differ from the previous record of the same socket. */
static void
collect_states (LadderCapture *capture, LadderConversations *convs, gint only, GArray *events)
{
  guint n = ladder_capture_get_n_states (capture);
  g_autoptr (GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < n; i++)
    {
      const LadderSocketState *s = ladder_capture_get_state (capture, i);
      char *key;

      /* Raw ICMP sockets have no connection state to tell. */
      if (s->protocol != STORY_PROTO_TCP && s->protocol != STORY_PROTO_UDP)
        continue;
      key = state_socket_key (s);
      gpointer v;
      gboolean changed = !g_hash_table_lookup_extended (last, key, NULL, &v) || GPOINTER_TO_UINT (v) != s->state + 1u;

      g_hash_table_replace (last, key, GUINT_TO_POINTER (s->state + 1u));
      if (!changed || (only >= 0 && state_conversation (convs, s, only) < 0))
        continue;
      g_array_append_val (events, ((Event) { s->ts_ns, LADDER_STORY_STATE, 0, -1, (gint) i }));
    }
}

static void
collect_packets (LadderCapture *capture, LadderAnalysis *analysis, gint only, GArray *events)
{
  guint64 n = ladder_analysis_get_n_frames (analysis);
  LadderFrameInfo info;

  for (guint64 f = 1; f <= n; f++)
    {
      if (!ladder_capture_get_frame (capture, f, &info) || info.sighting_of != 0)
        continue;
      if (only >= 0 && ladder_analysis_get_frame_conversation (analysis, f) != only)
        continue;
      g_array_append_val (events, ((Event) { info.ts_ns, LADDER_STORY_PACKET, f, -1, -1 }));
    }
}

/* The index of the first event after TS (events sorted). */
static guint
first_after (GArray *events, gint64 ts)
{
  guint lo = 0, hi = events->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (events, Event, mid).ts_ns <= ts)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* A call that blocked while other events happened returns in a step of its
 * own; EVENTS must be sorted. */
static void
add_returns (LadderCapture *capture, GArray *events)
{
  guint n = events->len;

  for (guint i = 0; i < n; i++)
    {
      Event e = g_array_index (events, Event, i);
      const LadderSocketCall *c;
      guint next;

      if (e.kind != LADDER_STORY_CALL)
        continue;
      c = ladder_capture_get_call (capture, (guint) e.call);
      if (c->duration_ns <= 0)
        continue;
      next = first_after (events, c->ts_ns);
      if (next < n && g_array_index (events, Event, next).ts_ns < c->ts_ns + c->duration_ns)
        {
          e.kind = LADDER_STORY_CALL_RETURN;
          e.ts_ns = c->ts_ns + c->duration_ns;
          g_array_append_val (events, e);
        }
    }
  g_array_sort (events, compare_events);
}

static void
collect_calls (LadderCapture *capture, LadderConversations *convs, gint only,
               GArray *events, gint **conv_of_call)
{
  guint n = ladder_capture_get_n_calls (capture);

  *conv_of_call = calls_conversations (capture, convs, only);
  for (guint i = 0; i < n; i++)
    if (only < 0 || (*conv_of_call)[i] == only)
      g_array_append_val (events, ((Event) { ladder_capture_get_call (capture, i)->ts_ns,
                                             LADDER_STORY_CALL, 0, (gint) i, -1 }));
}

static gint
event_conversation (LadderStoryContext *ctx, const Event *e, const gint *conv_of_call, gint only)
{
  if (e->kind == LADDER_STORY_PACKET)
    return ladder_analysis_get_frame_conversation (ctx->analysis, e->packet);
  if (e->call >= 0)
    return conv_of_call[e->call];
  return state_conversation (ctx->convs, ladder_capture_get_state (ctx->capture, (guint) e->state), only);
}

static void
story_step_clear (gpointer data)
{
  LadderStoryStep *step = data;

  g_free (step->caption);
  ladder_story_quiz_free (step->quiz);
}

static void
narrate_events (LadderStory *story, LadderStoryContext *ctx, GArray *events,
                const gint *conv_of_call, gint only)
{
  guint64 last = 0;

  for (guint i = 0; i < events->len; i++)
    {
      const Event *e = &g_array_index (events, Event, i);
      LadderStoryStep step = { e->kind, e->ts_ns, e->packet, e->call, e->state, -1, NULL, NULL };
      gboolean blocks = e->kind == LADDER_STORY_CALL && i + 1 < events->len;

      step.conversation = event_conversation (ctx, e, conv_of_call, only);
      /* The start says "waits" only when its return is a step of its own. */
      if (blocks)
        {
          blocks = FALSE;
          for (guint j = i + 1; j < events->len && !blocks; j++)
            blocks = g_array_index (events, Event, j).kind == LADDER_STORY_CALL_RETURN
                     && g_array_index (events, Event, j).call == e->call;
        }
      ladder_story_narrate (ctx, &step, i, blocks);
      g_array_append_val (story->steps, step);
      last = MAX (last, e->packet);
      g_array_append_val (story->last_packet, last);
    }
}

LadderStory *
ladder_story_new (LadderCapture *capture, LadderAnalysis *analysis, gint conversation,
                  GError **error)
{
  LadderStory *story;
  LadderStoryContext ctx;
  g_autoptr (GArray) events = g_array_new (FALSE, FALSE, sizeof (Event));
  g_autofree gint *conv_of_call = NULL;

  g_return_val_if_fail (capture != NULL && analysis != NULL, NULL);
  ladder_story_context_init (&ctx, capture, analysis);
  if (conversation >= 0 && (guint) conversation >= ladder_conversations_get_n_items (ctx.convs))
    {
      g_set_error (error, LADDER_STORY_ERROR, LADDER_STORY_ERROR_RANGE,
                   "no conversation %d (the capture has %u)", conversation,
                   ladder_conversations_get_n_items (ctx.convs));
      ladder_story_context_clear (&ctx);
      return NULL;
    }
  collect_packets (capture, analysis, conversation, events);
  collect_calls (capture, ctx.convs, conversation, events, &conv_of_call);
  collect_states (capture, ctx.convs, conversation, events);
  g_array_sort (events, compare_events);
  add_returns (capture, events);
  story = g_new0 (LadderStory, 1);
  story->capture = ladder_capture_ref (capture);
  story->origin_ns = ctx.origin_ns;
  story->steps = g_array_sized_new (FALSE, FALSE, sizeof (LadderStoryStep), events->len);
  g_array_set_clear_func (story->steps, story_step_clear);
  story->last_packet = g_array_sized_new (FALSE, FALSE, sizeof (guint64), events->len);
  narrate_events (story, &ctx, events, conv_of_call, conversation);
  ladder_story_context_clear (&ctx);
  return story;
}

void
ladder_story_free (LadderStory *story)
{
  if (story == NULL)
    return;
  g_array_unref (story->steps);
  g_array_unref (story->last_packet);
  ladder_capture_unref (story->capture);
  g_free (story);
}

guint
ladder_story_get_n_steps (LadderStory *story)
{
  g_return_val_if_fail (story != NULL, 0);
  return story->steps->len;
}

const LadderStoryStep *
ladder_story_get_step (LadderStory *story, guint index)
{
  g_return_val_if_fail (story != NULL && index < story->steps->len, NULL);
  return &g_array_index (story->steps, LadderStoryStep, index);
}

gint64
ladder_story_get_origin_ns (LadderStory *story)
{
  g_return_val_if_fail (story != NULL, 0);
  return story->origin_ns;
}

gint
ladder_story_find_packet (LadderStory *story, guint64 frame)
{
  LadderFrameInfo info;
  guint lo = 0, hi;

  g_return_val_if_fail (story != NULL, -1);
  if (ladder_capture_get_frame (story->capture, frame, &info) && info.sighting_of != 0)
    frame = info.sighting_of;
  /* Packets shown so far only grow: the first step whose last packet
   * reaches FRAME is the one, if it shows FRAME itself. */
  hi = story->last_packet->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (story->last_packet, guint64, mid) < frame)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo; i < story->steps->len; i++)
    if (g_array_index (story->steps, LadderStoryStep, i).packet == frame)
      return (gint) i;
  return -1;
}

guint64
ladder_story_get_last_packet (LadderStory *story, guint index)
{
  g_return_val_if_fail (story != NULL && index < story->last_packet->len, 0);
  return g_array_index (story->last_packet, guint64, index);
}

static void
write_quiz (LadderJson *json, const LadderStoryQuiz *quiz)
{
  if (quiz == NULL)
    {
      ladder_json_null (json);
      return;
    }
  ladder_json_begin_object (json);
  ladder_json_kv_string (json, "question", quiz->question);
  ladder_json_key (json, "choices");
  ladder_json_begin_array (json);
  for (guint i = 0; i < quiz->n_choices; i++)
    ladder_json_string (json, quiz->choices[i]);
  ladder_json_end_array (json);
  ladder_json_kv_uint (json, "answer", quiz->answer);
  ladder_json_end_object (json);
}

/* Seconds since the story's origin.  A difference that does not fit 64
 * bits (only a damaged file's times are that far apart) is taken in
 * floating point instead. */
static double
seconds_since_origin (const LadderStory *story, gint64 ts_ns)
{
  gint64 d;

  if (__builtin_sub_overflow (ts_ns, story->origin_ns, &d))
    return ((double) ts_ns - (double) story->origin_ns) / 1e9;
  return (double) d / 1e9;
}

static void
write_step (LadderStory *story, LadderJson *json, guint i)
{
  const LadderStoryStep *s = ladder_story_get_step (story, i);

  ladder_json_begin_object (json);
  ladder_json_kv_uint (json, "step", i + 1);
  ladder_json_kv_double (json, "time", seconds_since_origin (story, s->ts_ns), 6);
  ladder_json_kv_string (json, "kind", ladder_story_kind_to_string (s->kind));
  ladder_json_kv_string (json, "phase", s->kind == LADDER_STORY_CALL ? "start"
                                        : s->kind == LADDER_STORY_CALL_RETURN ? "return" : NULL);
  ladder_json_key (json, "packet");
  if (s->packet != 0)
    ladder_json_uint (json, s->packet);
  else
    ladder_json_null (json);
  ladder_json_key (json, "conversation");
  if (s->conversation >= 0)
    ladder_json_int (json, s->conversation);
  else
    ladder_json_null (json);
  ladder_json_kv_string (json, "caption", s->caption);
  ladder_json_key (json, "quiz");
  write_quiz (json, s->quiz);
  ladder_json_end_object (json);
}

void
ladder_story_write_json (LadderStory *story, LadderJson *json)
{
  g_return_if_fail (story != NULL && json != NULL);
  ladder_json_begin_object (json);
  ladder_json_key (json, "steps");
  ladder_json_begin_array (json);
  for (guint i = 0; i < story->steps->len; i++)
    write_step (story, json, i);
  ladder_json_end_array (json);
  ladder_json_end_object (json);
}

void
ladder_story_write_text (LadderStory *story, GString *out)
{
  g_return_if_fail (story != NULL && out != NULL);
  for (guint i = 0; i < story->steps->len; i++)
    g_string_append_printf (out, "%u. %s\n", i + 1,
                            g_array_index (story->steps, LadderStoryStep, i).caption);
}
