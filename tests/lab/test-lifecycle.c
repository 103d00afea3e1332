/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lifecycle.c: the whole socket lifecycle on the ladders of REAL lab
 * runs (issue 10), `wireladder-cli calls`, and lifelines along the path.
 *
 * Each scenario is run once through `wireladder-cli lab run`; its ladder
 * is checked in the layout (the model the window and the exports draw)
 * and in the Mermaid text `wireladder-cli render` writes; its calls in
 * `wireladder-cli calls --json`.  Every case skips, with the reason, where
 * the lab cannot make its namespaces.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "ladder-capture.h"
#include "ladder-diagram-private.h"
#include "ladder-sequence-private.h"
#include "ladder-events.h"
#include "ladder-test-draw.h"
#include "ladder-test-lab.h"

static GHashTable *runs;   /* scenario -> capture path */

/* The capture of SCENARIO run with ARGS (may be NULL), once per process
 * under the name KEY. */
static const char *
lab_capture_with (const char *key, const char *scenario, const char *const *args)
{
  char *path = g_hash_table_lookup (runs, key);

  if (path != NULL)
    return path;
  path = g_build_filename (ladder_test_lab.tmpdir, key, NULL);
  g_free (ladder_test_lab_run (scenario, args, path));
  g_hash_table_insert (runs, g_strdup (key), path);
  return path;
}

static const char *
lab_capture (const char *scenario)
{
  return lab_capture_with (scenario, scenario, NULL);
}

/* The calls of LIFELINE whose text starts with each of PREFIXES, in that
 * order down the ladder; returns the last one. */
static const LadderSeqCall *
assert_calls_in_order (LadderSeqModel *m, int lifeline, const char *const *prefixes)
{
  const LadderSeqCall *prev = NULL;

  for (guint p = 0; prefixes[p] != NULL; p++)
    {
      const LadderSeqCall *found = NULL;
      for (guint i = 0; i < m->calls->len && found == NULL; i++)
        {
          const LadderSeqCall *c = &g_array_index (m->calls, LadderSeqCall, i);
          if (c->lifeline == lifeline && g_str_has_prefix (c->text, prefixes[p])
              && (prev == NULL || c->ts0 > prev->ts0))
            found = c;
        }
      if (found == NULL)
        g_error ("no %s... on lifeline %d after the calls before it", prefixes[p], lifeline);
      if (prev != NULL)
        g_assert_cmpfloat (found->y0, >, prev->y0);
      prev = found;
    }
  return prev;
}

static const LadderSeqArrow *
first_arrow (LadderSeqModel *m)
{
  g_assert_cmpuint (m->arrows->len, >, 0);
  return &g_array_index (m->arrows, LadderSeqArrow, 0);
}

static gboolean
has_gap_break (LadderSeqModel *m)
{
  for (guint i = 0; i < m->events->len; i++)
    if (g_array_index (m->events, LadderSeqEvent, i).gap_break)
      return TRUE;
  return FALSE;
}

/* Mermaid as `wireladder-cli render` writes it. */
static char **
render_mermaid (const char *path, gint conversation)
{
  g_autofree char *out_path = g_strdup_printf ("%s.%d.mmd", path, conversation);
  g_autofree char *conv = g_strdup_printf ("%d", conversation);
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  int status = -1;

  if (conversation >= 0)
    out = ladder_test_cli_run ((const char *[]) { "render", path, "--view", "sequence", "--conversation", conv,
                                      "-o", out_path, NULL }, &status, NULL);
  else
    out = ladder_test_cli_run ((const char *[]) { "render", path, "--view", "sequence", "-o", out_path, NULL },
                   &status, NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (out_path, &text, NULL, NULL));
  g_unlink (out_path);
  return g_strsplit (text, "\n", -1);
}

/* The first line at or after FROM holding all of A and B, or -1. */
static int
find_line (char **lines, int from, const char *a, const char *b)
{
  for (int i = MAX (from, 0); lines[i] != NULL; i++)
    if (strstr (lines[i], a) != NULL && (b == NULL || strstr (lines[i], b) != NULL))
      return i;
  return -1;
}

/* PARTICIPANT's (P0, P1 ...) notes holding each of TEXTS, in that order. */
static void
assert_notes_in_order (char **lines, const char *participant, const char *const *texts)
{
  g_autofree char *who = g_strdup_printf (" %s: ", participant);
  int at = 0;

  for (guint t = 0; texts[t] != NULL; t++)
    {
      int i = find_line (lines, at, who, texts[t]);
      if (i < 0)
        g_error ("Mermaid: no note of %s with %s after line %d", participant, texts[t], at);
      at = i + 1;
    }
}

/* The Mermaid participant whose title starts with TITLE ("server"). */
static char *
participant (char **lines, const char *title)
{
  g_autofree char *as = g_strdup_printf (" as %s", title);
  int i = find_line (lines, 0, "participant P", as);

  g_assert_cmpint (i, >=, 0);
  return g_strndup (strstr (lines[i], "P"), strcspn (strstr (lines[i], "P"), " "));
}

static char *
mermaid_escape (const char *raw)
{
  GString *s = g_string_new (NULL);

  for (const char *p = raw; *p != '\0'; p++)
    if (*p == '#')
      g_string_append (s, "#35;");
    else if (*p == ';')
      g_string_append (s, "#59;");
    else
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

static gint
compare_return (gconstpointer a, gconstpointer b)
{
  const LadderSeqCall *x = *(LadderSeqCall *const *) a, *y = *(LadderSeqCall *const *) b;

  return x->ts1 < y->ts1 ? -1 : x->ts1 > y->ts1;
}

/* When the packet of a message line was sent: its arrow's start, the
 * first sighting (the frame named may be a later link's sighting, which a
 * slow link's queue can hold back for tens of milliseconds). */
static gint64
line_packet_ts (LadderSeqModel *m, const char *line)
{
  const char *frame = strstr (line, "[#35;");
  const LadderSeqArrow *arrow;

  if (frame == NULL || strstr (line, "->") == NULL)
    return -1;
  arrow = ladder_seq_find_arrow (m, g_ascii_strtoull (frame + 5, NULL, 10));
  g_assert_nonnull (arrow);
  return arrow->ts0;
}

/* Every call note stands where the call returned: after every packet
 * first seen before the return (the one it waited for among them), before
 * the next packet.  A note is matched to the drawn call (of the same
 * lifeline, with the same text) that returned next. */
static void
assert_notes_at_return (LadderCapture *capture, char **lines, gint conversation)
{
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, conversation, FALSE);
  LadderSeqModel *m = d->model;
  g_autoptr (GHashTable) by_text = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_ptr_array_unref);
  gint64 last_packet = G_MININT64;
  guint checked = 0;

  for (guint i = 0; i < m->calls->len; i++)
    {
      LadderSeqCall *c = &g_array_index (m->calls, LadderSeqCall, i);
      g_autofree char *text = mermaid_escape (c->text);
      char *key = g_strdup_printf ("P%d: %s", c->lifeline, text);
      GPtrArray *list = g_hash_table_lookup (by_text, key);
      if (list == NULL)
        g_hash_table_insert (by_text, g_strdup (key), list = g_ptr_array_new ());
      g_ptr_array_add (list, c);
      g_ptr_array_sort (list, compare_return);
      g_free (key);
    }
  for (int i = 0; lines[i] != NULL; i++)
    {
      const char *note = strstr (lines[i], "Note ");
      const char *who, *text, *called;
      g_autofree char *key = NULL;
      GPtrArray *list;
      LadderSeqCall *c;
      gint64 ts = line_packet_ts (m, lines[i]);

      if (ts >= 0)
        last_packet = MAX (last_packet, ts);
      if (note == NULL || strstr (lines[i], ") = ") == NULL)
        continue;
      who = strstr (note, " P") + 1;
      text = strstr (note, ": ") + 2;
      called = strstr (text, " (called at");
      key = g_strdup_printf ("%.*s: %.*s", (int) strcspn (who, ":"), who,
                             (int) (called ? (gsize) (called - text) : strlen (text)), text);
      list = g_hash_table_lookup (by_text, key);
      if (list == NULL || list->len == 0)
        g_error ("Mermaid note '%s' is no drawn call", key);
      c = g_ptr_array_steal_index (list, 0);
      /* packets before the note were seen before the call returned */
      g_assert_cmpint (last_packet, <=, c->ts1);
      /* and the next packet after it */
      for (int j = i + 1; lines[j] != NULL; j++)
        if ((ts = line_packet_ts (m, lines[j])) >= 0)
          {
            g_assert_cmpint (ts, >=, c->ts1);
            break;
          }
      checked++;
    }
  g_assert_cmpuint (checked, ==, m->calls->len);
}

static const char *const server_life[] = { "socket(", "setsockopt(", "bind(", "listen(", "accept(", NULL };
static const char *const client_life[] = { "socket(", "connect(", NULL };

/* A TCP conversation's ladder in both time modes: the server's and the
 * client's calls from socket() on, those before the first packet drawn
 * above it with the pause marked; a blocking accept() (not after select())
 * spanning the handshake. */
static void
check_tcp_ladder (LadderCapture *capture, gint conversation, const char *client, const char *server,
                  gboolean accept_blocks)
{
  for (int compressed = 0; compressed < 2; compressed++)
    {
      g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, conversation, compressed);
      LadderSeqModel *m = d->model;
      int c = ladder_test_lifeline (m, client), s = ladder_test_lifeline (m, server);
      const LadderSeqCall *accept, *connect;

      g_assert_cmpint (c, >=, 0);
      g_assert_cmpint (s, >=, 0);
      accept = assert_calls_in_order (m, s, server_life);
      connect = assert_calls_in_order (m, c, client_life);
      g_assert_cmpint (connect->ts0, <, first_arrow (m)->ts0);
      g_assert_cmpfloat (assert_calls_in_order (m, s, (const char *[]) { "listen(", NULL })->y0, <,
                         first_arrow (m)->y0);
      g_assert_cmpfloat (connect->y0, <, first_arrow (m)->y0);
      /* connect() blocked over the handshake: drawn as a span over it */
      g_assert_cmpfloat (connect->y1, >, first_arrow (m)->y0);
      if (accept_blocks)
        {
          g_assert_cmpint (accept->ts0, <, first_arrow (m)->ts0);
          g_assert_cmpfloat (accept->y1, >, first_arrow (m)->y0);
        }
      /* compressed time marks only pauses of 10 ms and more; how long the
       * client took to start varies from run to run */
      if (!compressed)
        g_assert_true (has_gap_break (m));
    }
}

static void
test_tcp_echo (void)
{
  g_autoptr (LadderCapture) capture = NULL;
  g_autoptr (LadderDiagram) d = NULL;
  g_auto (GStrv) lines = NULL;
  g_autofree char *srv = NULL, *cln = NULL;

  if (ladder_test_lab_skip (FALSE))
    return;
  capture = ladder_test_lab_load (lab_capture ("tcp-echo"));
  check_tcp_ladder (capture, 0, "10.0.1.1", "10.0.4.2", TRUE);
  /* every call the lab recorded is on the one conversation's ladder */
  d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, 0, FALSE);
  g_assert_cmpuint (((LadderSeqModel *) d->model)->calls->len, ==, ladder_capture_get_n_calls (capture));
  lines = render_mermaid (lab_capture ("tcp-echo"), 0);
  srv = participant (lines, "server");
  cln = participant (lines, "client");
  assert_notes_in_order (lines, srv, server_life);
  assert_notes_in_order (lines, cln, client_life);
  assert_notes_at_return (capture, lines, 0);
  /* the pause before the first packet, and when the blocked accept() began */
  g_assert_cmpint (find_line (lines, 0, "Note over", "pause"), >=, 0);
  g_assert_cmpint (find_line (lines, 0, "accept(", "called at -"), >, find_line (lines, 0, "SYN seq=0", NULL));
  /* and in the picture of every packet */
  g_strfreev (lines);
  lines = render_mermaid (lab_capture ("tcp-echo"), -1);
  assert_notes_at_return (capture, lines, -1);
}

static void
test_select_chat (void)
{
  g_autoptr (LadderCapture) capture = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (LadderDiagram) d = NULL;
  g_autofree char *srv = NULL;
  guint accepts = 0;

  if (ladder_test_lab_skip (FALSE))
    return;
  capture = ladder_test_lab_load (lab_capture ("select-chat"));
  check_tcp_ladder (capture, 0, "10.0.1.1", "10.0.4.2", FALSE);
  /* the listener's calls, but only the accept() of this conversation */
  d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, 0, FALSE);
  for (guint i = 0; i < ((LadderSeqModel *) d->model)->calls->len; i++)
    accepts += g_str_has_prefix (g_array_index (((LadderSeqModel *) d->model)->calls, LadderSeqCall, i).text,
                                 "accept(");
  g_assert_cmpuint (accepts, ==, 1);
  lines = render_mermaid (lab_capture ("select-chat"), 0);
  srv = participant (lines, "server");
  assert_notes_in_order (lines, srv, server_life);
  assert_notes_at_return (capture, lines, 0);
}

static void
test_udp_timestamp (void)
{
  g_autoptr (LadderCapture) capture = NULL;
  g_autoptr (LadderDiagram) d = NULL;
  g_auto (GStrv) lines = NULL;
  g_autofree char *srv = NULL, *cln = NULL;
  LadderSeqModel *m;

  if (ladder_test_lab_skip (FALSE))
    return;
  capture = ladder_test_lab_load (lab_capture ("udp-timestamp"));
  d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, 0, FALSE);
  m = d->model;
  assert_calls_in_order (m, ladder_test_lifeline (m, "10.0.4.2"),
                         (const char *[]) { "socket(", "bind(", "recvfrom(", "sendto(", "close(", NULL });
  assert_calls_in_order (m, ladder_test_lifeline (m, "10.0.1.1"),
                         (const char *[]) { "socket(", "sendto(", "recvfrom(", "close(", NULL });
  /* the server's one socket answers three clients: only this one's datagrams */
  for (guint i = 0; i < m->calls->len; i++)
    g_assert_null (strstr (g_array_index (m->calls, LadderSeqCall, i).text, "10.0.101.1"));
  lines = render_mermaid (lab_capture ("udp-timestamp"), 0);
  srv = participant (lines, "server");
  cln = participant (lines, "client");
  assert_notes_in_order (lines, srv, (const char *[]) { "socket(", "bind(", "recvfrom(", "sendto(", NULL });
  assert_notes_in_order (lines, cln, (const char *[]) { "socket(", "sendto(", "recvfrom(", "close(", NULL });
  /* the server's recvfrom() returned with the client's datagram, after it */
  g_assert_cmpint (find_line (lines, 0, srv, "recvfrom("), >, find_line (lines, 0, "->>", "len=17"));
  assert_notes_at_return (capture, lines, 0);
}

static void
test_refused (void)
{
  g_autoptr (LadderCapture) capture = NULL;
  g_autoptr (LadderDiagram) d = NULL;
  g_auto (GStrv) lines = NULL;
  LadderSeqModel *m;
  const LadderSeqCall *connect;

  if (ladder_test_lab_skip (FALSE))
    return;
  capture = ladder_test_lab_load (lab_capture ("refused"));
  d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, 0, FALSE);
  m = d->model;
  connect = assert_calls_in_order (m, ladder_test_lifeline (m, "10.0.1.1"),
                                   (const char *[]) { "socket(", "setsockopt(", "connect(", NULL });
  g_assert_true (connect->failed);
  g_assert_nonnull (strstr (connect->text, "ECONNREFUSED"));
  assert_calls_in_order (m, ladder_test_lifeline (m, "10.0.1.1"), (const char *[]) { "connect(", "close(", NULL });
  lines = render_mermaid (lab_capture ("refused"), 0);
  /* connect() learnt its ECONNREFUSED from the RST: its result after it */
  g_assert_cmpint (find_line (lines, 0, "connect(", "ECONNREFUSED"), >, find_line (lines, 0, "RST", NULL));
  assert_notes_at_return (capture, lines, 0);
}

/* The conversation whose echo request expired at a router. */
static gint
expired_conversation (LadderCapture *capture)
{
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
  LadderConversations *convs = ladder_analysis_get_conversations (analysis);

  for (guint i = 0; i < ladder_conversations_get_n_items (convs); i++)
    {
      g_autoptr (LadderDiagram) d = NULL;
      const LadderConversation *conv = ladder_conversations_get_item (convs, i);
      LadderSeqModel *m;

      if (conv->proto != 1)
        continue;
      d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, (gint) i, FALSE);
      m = d->model;
      for (guint a = 0; a < m->arrows->len; a++)
        if (g_array_index (m->arrows, LadderSeqArrow, a).expired == LADDER_SEQ_EXPIRED_TTL)
          return (gint) i;
    }
  g_error ("no echo request expired in the ping scenario");
  return -1;
}

static void
test_ping_path (void)
{
  g_autoptr (LadderCapture) capture = NULL;
  g_auto (GStrv) lines = NULL;
  gint conv;

  if (ladder_test_lab_skip (FALSE))
    return;
  capture = ladder_test_lab_load (lab_capture ("ping"));
  conv = expired_conversation (capture);
  for (int all = 0; all < 2; all++)
    {
      g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, all ? -1 : conv, FALSE);
      LadderSeqModel *m = d->model;
      int client = ladder_test_lifeline (m, "10.0.1.1"), router = ladder_test_lifeline (m, "10.0.2.2");
      int server = ladder_test_lifeline (m, "10.0.4.2");

      g_assert_cmpint (router, >=, 0);
      g_assert_cmpint (server, >=, 0);
      /* between the two, whichever side the client stands on */
      g_assert_cmpint ((router - client) * (server - router), >, 0);
      if (!all)
        {
          g_assert_cmpint (client, ==, 0);
          g_assert_cmpint (router, ==, 1);
          g_assert_cmpint (server, ==, 2);
          /* the ping's raw socket, from socket() to close(); it reads replies
           * with recvmsg(), for the TTL in the ancillary data */
          assert_calls_in_order (m, client, (const char *[]) { "socket(", "setsockopt(", "sendto(", "recvmsg(",
                                                               "close(", NULL });
        }
    }
  lines = render_mermaid (lab_capture ("ping"), conv);
  assert_notes_at_return (capture, lines, conv);
  g_assert_cmpint (find_line (lines, 0, "participant P0 as", "10.0.1.1"), >=, 0);
  g_assert_cmpint (find_line (lines, 0, "participant P1 as", "10.0.2.2"), >=, 0);
  g_assert_cmpint (find_line (lines, 0, "participant P2 as", "10.0.4.2"), >=, 0);
  g_assert_cmpint (find_line (lines, 0, "P0-xP1: Echo request", NULL), >=, 0);
}

/* Every router of a traceroute between client and server, in TTL order. */
static void
test_traceroute_path (void)
{
  g_autoptr (LadderCapture) capture = NULL;
  g_autoptr (LadderDiagram) d = NULL;
  const char *hops[] = { "10.0.1.1", "10.0.1.2", "10.0.2.2", "10.0.3.2", "10.0.4.2" };
  LadderSeqModel *m;
  int prev, dir = 0;

  if (ladder_test_lab_skip (FALSE))
    return;
  capture = ladder_test_lab_load (lab_capture ("traceroute"));
  d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, -1, FALSE);
  m = d->model;
  prev = ladder_test_lifeline (m, hops[0]);
  g_assert_cmpint (prev, >=, 0);
  for (guint i = 1; i < G_N_ELEMENTS (hops); i++)
    {
      int at = ladder_test_lifeline (m, hops[i]);
      g_assert_cmpint (at, >=, 0);
      if (dir == 0)
        dir = at > prev ? 1 : -1;
      g_assert_cmpint (at, ==, prev + dir);
      prev = at;
    }
}

/* `calls --json`: one object per recorded call, with the documented keys. */
static GPtrArray *
calls_json (const char *path)
{
  g_autoptr (GRegex) re = g_regex_new (
    "\\{\"time\":(-?[0-9]+\\.[0-9]+),\"host\":\"([a-z0-9]+)\",\"program\":\"([a-z-]+)\",\"pid\":([0-9]+),"
    "\"fd\":(-?[0-9]+),\"call\":\"([a-z0-9_]+)\",\"kind\":\"([a-z0-9_]+)\","
    "\"args\":\"((?:[^\"\\\\]|\\\\.)*)\",\"result\":(-?[0-9]+),"
    "\"errno\":(null|\"E[A-Z0-9]+\"),\"duration_ms\":([0-9]+\\.[0-9]+)", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autofree char *out = NULL;
  GPtrArray *calls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  int status = -1;

  out = ladder_test_cli_run ((const char *[]) { "calls", "--json", path, NULL }, &status, NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_prefix (out, "{\"calls\":["));
  g_assert_true (g_str_has_suffix (out, "]}\n"));
  for (g_regex_match (re, out, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    g_ptr_array_add (calls, g_match_info_fetch_all (match));
  return calls;
}

static void
check_calls_json (const char *scenario)
{
  const char *path = lab_capture (scenario);
  g_autoptr (LadderCapture) capture = ladder_test_lab_load (path);
  g_autoptr (GPtrArray) calls = calls_json (path);
  double prev = -1e9;

  g_assert_cmpuint (calls->len, ==, ladder_capture_get_n_calls (capture));
  g_assert_cmpuint (calls->len, >, 0);
  for (guint i = 0; i < calls->len; i++)
    {
      char **f = g_ptr_array_index (calls, i);
      double time = g_ascii_strtod (f[1], NULL);
      gint64 result = g_ascii_strtoll (f[9], NULL, 10);

      g_assert_cmpfloat (time, >=, prev);
      g_assert_cmpfloat (time, <, 60);
      prev = time;
      g_assert_cmpuint (g_ascii_strtoull (f[4], NULL, 10), >, 1);
      g_assert_true ((result < 0) == (strcmp (f[10], "null") != 0));
      g_assert_cmpfloat (g_ascii_strtod (f[11], NULL), >=, 0);
      if (strcmp (f[7], "socket") == 0)
        {
          g_assert_cmpstr (f[5], ==, "-1");
          g_assert_cmpint (result, >=, 3);
        }
      else if (strcmp (f[7], "select") != 0)
        g_assert_cmpint (g_ascii_strtoll (f[5], NULL, 10), >=, 3);
    }
}

static void
test_calls_json (void)
{
  g_autoptr (GPtrArray) calls = NULL;
  char **first;

  if (ladder_test_lab_skip (FALSE))
    return;
  check_calls_json ("tcp-echo");
  check_calls_json ("select-chat");
  check_calls_json ("udp-timestamp");
  check_calls_json ("refused");
  /* The server's socket() comes first, long before the client's connect()
   * (whose SYN is the connection's first packet).  Not compared with the
   * file's first packet: a link coming up may send ARP or neighbour
   * discovery before the server starts, on a loaded machine. */
  calls = calls_json (lab_capture ("tcp-echo"));
  first = g_ptr_array_index (calls, 0);
  g_assert_cmpstr (first[2], ==, "server");
  g_assert_cmpstr (first[3], ==, "tcp-echo-server");
  g_assert_cmpstr (first[6], ==, "socket");
  for (guint i = 0; i < calls->len; i++)
    {
      char **f = g_ptr_array_index (calls, i);
      if (strcmp (f[2], "client") == 0 && strcmp (f[6], "connect") == 0)
        {
          g_assert_cmpfloat (g_ascii_strtod (first[1], NULL), <, g_ascii_strtod (f[1], NULL));
          break;
        }
      g_assert_true (i + 1 < calls->len);
    }
  g_ptr_array_unref (g_steal_pointer (&calls));
  calls = calls_json (lab_capture ("refused"));
  for (guint i = 0; i < calls->len; i++)
    {
      char **f = g_ptr_array_index (calls, i);
      if (strcmp (f[6], "connect") == 0 && g_str_has_prefix (f[9], "-"))
        {
          g_assert_cmpstr (f[10], ==, "\"ECONNREFUSED\"");
          return;
        }
    }
  g_error ("refused: no connect() failed with ECONNREFUSED");
}

static void
test_calls_text_and_errors (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *bogus = g_build_filename (ladder_test_lab.tmpdir, "not-a-capture", NULL);
  int status = -1;

  if (!ladder_test_lab_skip (FALSE))
    {
      out = ladder_test_cli_run ((const char *[]) { "calls", lab_capture ("tcp-echo"), NULL }, &status, NULL);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (out, "bind(4, 0.0.0.0:7) = 0"));
      g_assert_nonnull (strstr (out, "tcp-echo-server"));
      g_assert_nonnull (strstr (out, " socket calls\n"));
      g_clear_pointer (&out, g_free);
    }
  g_assert_true (g_file_set_contents (bogus, "hello, not pcap\n", -1, NULL));
  out = ladder_test_cli_run ((const char *[]) { "calls", bogus, NULL }, &status, &err);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
  g_assert_nonnull (strstr (err, "not-a-capture"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  out = ladder_test_cli_run ((const char *[]) { "calls", NULL }, &status, &err);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 2);
  g_unlink (bogus);
}

/* Every TCP and UDP conversation with the server of a real run: its
 * ladder holds the server's socket()/bind() (and listen()/accept() for
 * TCP) and the client's socket() and connect() or send, each in order,
 * and its Mermaid has them in the same order with every call's result
 * where it returned, after the packet it waited for. */
static void
check_every_conversation (const char *path)
{
  g_autoptr (LadderCapture) capture = ladder_test_lab_load (path);
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
  LadderConversations *convs = ladder_analysis_get_conversations (analysis);
  static const char *const tcp_server[] = { "socket(", "bind(", "listen(", "accept(", NULL };
  static const char *const tcp_client[] = { "socket(", "connect(", NULL };
  static const char *const udp_server[] = { "socket(", "bind(", "recvfrom(", NULL };
  static const char *const udp_client[] = { "socket(", "send", NULL };
  LadderAddr server;
  guint checked = 0;

  g_assert_true (ladder_addr_parse ("10.0.4.2", &server));
  for (guint i = 0; i < ladder_conversations_get_n_items (convs); i++)
    {
      const LadderConversation *conv = ladder_conversations_get_item (convs, i);
      g_autoptr (LadderDiagram) d = NULL;
      g_auto (GStrv) lines = NULL;
      g_autofree char *srv = NULL, *cln = NULL;
      char client[LADDER_ADDR_STRLEN];
      gboolean tcp = conv->proto == 6;
      LadderSeqModel *m;

      if ((conv->proto != 6 && conv->proto != 17) || !ladder_addr_equal (&conv->b, &server))
        continue;
      ladder_addr_to_string (&conv->a, client);
      d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, (gint) i, FALSE);
      m = d->model;
      assert_calls_in_order (m, ladder_test_lifeline (m, "10.0.4.2"), tcp ? tcp_server : udp_server);
      assert_calls_in_order (m, ladder_test_lifeline (m, client), tcp ? tcp_client : udp_client);
      lines = render_mermaid (path, (gint) i);
      srv = participant (lines, "server");
      cln = participant (lines, "client");
      assert_notes_in_order (lines, srv, tcp ? tcp_server : udp_server);
      assert_notes_in_order (lines, cln, tcp ? tcp_client : udp_client);
      assert_notes_at_return (capture, lines, (gint) i);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}

static void
test_every_scenario (void)
{
  static const char *const scenarios[] = { "tcp-echo", "select-chat", "byte-commands", "reset",
                                           "lossy-transfer", "udp-timestamp", "udp-loss", NULL };

  if (ladder_test_lab_skip (FALSE))
    return;
  for (guint i = 0; scenarios[i] != NULL; i++)
    {
      g_test_message ("%s", scenarios[i]);
      check_every_conversation (lab_capture (scenarios[i]));
    }
}

/* The same where the lab runs unprivileged, in a user namespace. */
static void
test_every_scenario_userns (void)
{
  static const char *const scenarios[] = { "tcp-echo", "byte-commands", NULL };
  static const char *const userns[] = { "--userns", NULL };

  if (ladder_test_lab_skip (TRUE))
    return;
  for (guint i = 0; scenarios[i] != NULL; i++)
    {
      g_autofree char *key = g_strconcat (scenarios[i], "-userns", NULL);
      g_test_message ("%s in a user namespace", scenarios[i]);
      check_every_conversation (lab_capture_with (key, scenarios[i], userns));
    }
}

/* The course's forking server (tests/data/programs): on each client's
 * ladder, the parent's accept() and fork(), then the child's calls on
 * what it inherited (close() of the listener, recv/send/close on the
 * connection, under the same fds), and no other child's. */
static void
test_forking_server (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "programs", NULL);
  g_autofree char *server = g_strdup_printf ("python3 %s/fork_server.py 2", dir);
  g_autofree char *one = g_strdup_printf ("python3 %s/echo_client.py one", dir);
  g_autofree char *two = g_strdup_printf ("python3 %s/echo_client.py two", dir);
  const char *const args[] = { "--server", server, "--client", one, "--client", two, "--hops", "1", NULL };
  g_autoptr (LadderCapture) capture = NULL;
  const char *path;
  guint forks = 0;

  if (ladder_test_lab_skip (FALSE))
    return;
  path = lab_capture_with ("fork-server", "custom", args);
  capture = ladder_test_lab_load (path);
  for (guint i = 0; i < ladder_capture_get_n_calls (capture); i++)
    forks += ladder_capture_get_call (capture, i)->kind == LADDER_CALL_FORK;
  g_assert_cmpuint (forks, ==, 2);
  for (gint conv = 0; conv < 2; conv++)
    {
      g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, conv, FALSE);
      LadderSeqModel *m = d->model;
      int s = ladder_test_lifeline (m, "10.0.2.2");
      const LadderSeqCall *fork;
      guint n_forks = 0, listener_closes = 0;
      g_auto (GStrv) lines = NULL;
      g_autofree char *srv = NULL;

      /* the calls as Python made them on x86-64: socket.accept() is accept4(),
       * recv() and sendall() are recvfrom() and sendto() without an address */
      fork = assert_calls_in_order (m, s, (const char *[]) { "socket(", "bind(", "listen(", "accept4(", "fork() = ",
                                                             NULL });
      assert_calls_in_order (m, s, (const char *[]) { "fork() = ", "close(3) = 0", "recvfrom(4, ", "sendto(4, ",
                                                      "close(4) = 0", NULL });
      for (guint i = 0; i < m->calls->len; i++)
        {
          const LadderSeqCall *c = &g_array_index (m->calls, LadderSeqCall, i);
          n_forks += g_str_has_prefix (c->text, "fork() = ");
          /* the child's close of the listener, and the parent's at the end */
          listener_closes += c->lifeline == s && g_str_has_prefix (c->text, "close(3) = 0");
        }
      g_assert_cmpuint (n_forks, ==, 1);
      g_assert_cmpuint (listener_closes, ==, 2);
      g_assert_true (fork->lifeline == s);
      lines = render_mermaid (path, conv);
      srv = participant (lines, "server");
      assert_notes_in_order (lines, srv, (const char *[]) { "accept4(", "fork() = ", "recvfrom(4, ", "sendto(4, ",
                                                            NULL });
      assert_notes_at_return (capture, lines, conv);
    }
}

static void
remove_run (gpointer key, gpointer value, gpointer data)
{
  g_unlink (value);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  ladder_test_lab_init ("lifecycle");
  if (ladder_test_lab.unavailable != NULL)
    g_printerr ("# %s\n", ladder_test_lab.unavailable);
  runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_test_add_func ("/ladder/lifecycle/tcp-echo", test_tcp_echo);
  g_test_add_func ("/ladder/lifecycle/select-chat", test_select_chat);
  g_test_add_func ("/ladder/lifecycle/udp-timestamp", test_udp_timestamp);
  g_test_add_func ("/ladder/lifecycle/refused", test_refused);
  g_test_add_func ("/ladder/lifecycle/ping-path", test_ping_path);
  g_test_add_func ("/ladder/lifecycle/traceroute-path", test_traceroute_path);
  g_test_add_func ("/ladder/lifecycle/every-scenario", test_every_scenario);
  g_test_add_func ("/ladder/lifecycle/every-scenario-userns", test_every_scenario_userns);
  g_test_add_func ("/ladder/lifecycle/forking-server", test_forking_server);
  g_test_add_func ("/ladder/lifecycle/calls-json", test_calls_json);
  g_test_add_func ("/ladder/lifecycle/calls-text-and-errors", test_calls_text_and_errors);
  ret = g_test_run ();
  g_hash_table_foreach (runs, remove_run, NULL);
  g_hash_table_unref (runs);
  ladder_test_lab_finish ();
  return ret;
}
