/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-story.c: lecture mode's story (ladder-story.h) told from the
 * recorded fixtures in tests/data, and `wireladder-cli story` / `render
 * --step` on them.  The lab scenarios are told for real in
 * tests/lab/test-lab-story.c. */
#define _GNU_SOURCE  /* memmem */
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "ladder-capture.h"
#include "ladder-story.h"
#include "ladder-test-util.h"

static LadderTestTold *
tell (const char *fixture)
{
  g_autofree char *path = ladder_test_data_path (fixture);
  return ladder_test_tell (path, -1);
}

/* The step whose caption contains every one of the NULL-terminated
 * phrases, at or after FROM; -1 when none. */
static gint
find_step (LadderStory *story, guint from, ...)
{
  for (guint i = from; i < ladder_story_get_n_steps (story); i++)
    {
      const char *caption = ladder_story_get_step (story, i)->caption;
      gboolean all = TRUE;
      va_list ap;
      va_start (ap, from);
      for (const char *phrase = va_arg (ap, const char *); phrase != NULL && all; phrase = va_arg (ap, const char *))
        all = strstr (caption, phrase) != NULL;
      va_end (ap);
      if (all)
        return (gint) i;
    }
  return -1;
}

static void
dump (LadderStory *story)
{
  g_autoptr (GString) text = g_string_new (NULL);
  ladder_story_write_text (story, text);
  g_test_message ("%s", text->str);
}

static const char *
choice_answer (const LadderStoryStep *step)
{
  g_assert_nonnull (step->quiz);
  return step->quiz->choices[step->quiz->answer];
}

/* Every story: time ordered, every step captioned, every quiz well formed. */
static void
check_invariants (LadderStory *story)
{
  gint64 last = G_MININT64;

  for (guint i = 0; i < ladder_story_get_n_steps (story); i++)
    {
      const LadderStoryStep *s = ladder_story_get_step (story, i);
      g_assert_cmpint (s->ts_ns, >=, last);
      last = s->ts_ns;
      g_assert_nonnull (s->caption);
      g_assert_cmpuint (strlen (s->caption), >, 10);
      g_assert_true ((s->kind == LADDER_STORY_PACKET) == (s->packet != 0));
      if (s->quiz == NULL)
        continue;
      g_assert_cmpuint (s->quiz->n_choices, >=, 3);
      g_assert_cmpuint (s->quiz->n_choices, <=, 4);
      g_assert_cmpuint (s->quiz->answer, <, s->quiz->n_choices);
      g_assert_cmpuint (g_strv_length (s->quiz->choices), ==, s->quiz->n_choices);
      for (guint a = 0; a < s->quiz->n_choices; a++)
        for (guint b = a + 1; b < s->quiz->n_choices; b++)
          g_assert_cmpstr (s->quiz->choices[a], !=, s->quiz->choices[b]);
    }
}

static void
test_handshake_teardown (void)
{
  g_autoptr (LadderTestTold) t = tell ("tcp-echo-v4.pcap");
  LadderStory *s = t->story;
  gint synack, fin1, fin2, tw;

  dump (s);
  check_invariants (s);
  g_assert_cmpint (find_step (s, 0, "sends a SYN (seq 0)", "to 10.2.0.2 port 7000", "SYN_SENT", NULL), ==, 0);
  synack = find_step (s, 0, "The server's kernel answers SYN-ACK (seq 0, ack 1)", NULL);
  g_assert_cmpint (synack, ==, 1);
  /* The quiz at the SYN-ACK asks what answers the SYN, and the answer is the SYN-ACK. */
  g_assert_cmpstr (choice_answer (ladder_story_get_step (s, synack)), ==, "The server answers SYN-ACK");
  g_assert_cmpint (find_step (s, 0, "three-way handshake is complete", "ESTABLISHED", NULL), ==, 2);
  g_assert_cmpstr (choice_answer (ladder_story_get_step (s, 2)), ==, "An ACK with ack 1");
  g_assert_cmpint (find_step (s, 0, "The client sends 5 bytes (seq 1 to 5)", NULL), ==, 3);
  g_assert_cmpstr (choice_answer (ladder_story_get_step (s, 4)), ==, "An ACK with ack 6");
  fin1 = find_step (s, 0, "The client sends FIN", "FIN_WAIT_1", NULL);
  fin2 = find_step (s, 0, "The server sends FIN", "LAST_ACK", NULL);
  tw = find_step (s, 0, "enters TIME_WAIT", "twice the maximum segment lifetime", NULL);
  g_assert_cmpint (fin1, >, 2);
  g_assert_cmpint (fin2, >, fin1);
  g_assert_cmpint (tw, >, fin2);
  g_assert_cmpuint (ladder_story_get_n_steps (s), ==, ladder_analysis_get_n_frames (t->analysis));
  for (guint64 f = 1; f <= 14; f++)
    g_assert_cmpint (ladder_story_find_packet (s, f), ==, (gint) f - 1);
  g_assert_cmpint (ladder_story_find_packet (s, 15), ==, -1);
}

static void
test_refused (void)
{
  g_autoptr (LadderTestTold) t = tell ("tcp-refused.pcap");
  gint rst = find_step (t->story, 0, "No socket listens on port 7999", "RST", "ECONNREFUSED", NULL);

  dump (t->story);
  check_invariants (t->story);
  g_assert_cmpint (rst, ==, 1);
  g_assert_cmpstr (choice_answer (ladder_story_get_step (t->story, rst)), ==, "The server answers RST");
  /* IPv6 too. */
  g_assert_cmpint (find_step (t->story, 2, "No socket listens on port 7999", NULL), ==, 3);
}

static void
test_port_unreachable (void)
{
  g_autoptr (LadderTestTold) t = tell ("udp-refused.pcap");
  gint icmp = find_step (t->story, 0, "No socket is bound to UDP port 9999 on 10.2.0.2",
                         "ICMP Port Unreachable", NULL);

  dump (t->story);
  check_invariants (t->story);
  g_assert_cmpint (icmp, ==, 1);
  g_assert_cmpstr (choice_answer (ladder_story_get_step (t->story, icmp)), ==,
                   "10.2.0.2 answers ICMP Port Unreachable");
  /* Answered by ICMP: not told as a datagram nobody answers. */
  g_assert_cmpint (find_step (t->story, 0, "Nobody answers", NULL), ==, -1);
}

/* Every router of the path by its position and address, from the traceroute analysis. */
static void
test_ttl_expiry (void)
{
  g_autoptr (LadderTestTold) t = tell ("traceroute-udp-v4.pcap");
  const LadderTracerouteRun *run = ladder_traceroute_get_run (ladder_analysis_get_traceroute (t->analysis), 0);
  char addr[LADDER_ADDR_STRLEN];
  guint routers = 0;

  dump (t->story);
  check_invariants (t->story);
  for (guint h = 0; h < run->n_hops; h++)
    {
      const LadderTracerouteProbe *p = &run->hops[h].probes[0];
      g_autofree char *phrase = NULL;
      gint step;
      if (p->reply_type != LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED)
        continue;
      phrase = g_strdup_printf ("Router %u (%s) receives the probe with TTL 1, cannot forward it, drops it "
                                "and returns ICMP Time Exceeded", run->hops[h].ttl,
                                ladder_addr_to_string (&p->responder, addr));
      step = find_step (t->story, 0, phrase, NULL);
      g_assert_cmpint (step, >=, 0);
      g_assert_cmpuint (ladder_story_get_step (t->story, step)->packet, ==, p->reply);
      g_free (phrase);
      phrase = g_strdup_printf ("Router %u (%s) returns ICMP Time Exceeded", run->hops[h].ttl, addr);
      g_assert_cmpstr (choice_answer (ladder_story_get_step (t->story, step)), ==, phrase);
      routers++;
    }
  g_assert_cmpuint (routers, >=, 2);
  g_assert_cmpint (find_step (t->story, 0, "reaches the destination 10.0.3.2", "ICMP Port Unreachable", NULL), >, 0);
  g_assert_cmpint (find_step (t->story, 0, "with TTL 3;", NULL), >, 0);
}

/* Other ICMP errors are answers too, with the router named by its place. */
static void
test_unreachable (void)
{
  g_autoptr (LadderTestTold) t = tell ("traceroute-unreachable.pcap");
  gint step = find_step (t->story, 0, "Router 3 (10.0.2.2) answers ICMP Destination Unreachable (host-unreachable)", NULL);

  dump (t->story);
  check_invariants (t->story);
  g_assert_cmpint (step, >, 0);
  g_assert_cmpstr (choice_answer (ladder_story_get_step (t->story, step)), ==,
                   "Router 3 (10.0.2.2) answers ICMP Destination Unreachable (host-unreachable)");
}

static void
test_ping_expiry (void)
{
  g_autoptr (LadderTestTold) t = tell ("ping-ttl-expire.pcap");
  gint step = find_step (t->story, 0, "Router 2 (10.0.1.2) receives the probe with TTL 1", NULL);

  dump (t->story);
  check_invariants (t->story);
  g_assert_cmpint (step, ==, 1);
  g_assert_nonnull (strstr (choice_answer (ladder_story_get_step (t->story, step)), "Time Exceeded"));
}

static void
test_retransmission (void)
{
  g_autoptr (LadderTestTold) t = tell ("tcp-retransmit.pcap");
  const LadderConversation *c = ladder_conversations_get_item (ladder_analysis_get_conversations (t->analysis), 0);
  guint n_flagged, told[3] = { 0 };
  const LadderTcpFlagged *flagged = ladder_tcp_conn_get_flagged (c->tcp, &n_flagged);

  dump (t->story);
  check_invariants (t->story);
  /* Each flagged segment is told as what the analysis found. */
  for (guint i = 0; i < n_flagged; i++)
    for (guint s = 0; s < ladder_story_get_n_steps (t->story); s++)
      {
        const char *caption = ladder_story_get_step (t->story, s)->caption;
        if (ladder_story_get_step (t->story, s)->packet != flagged[i].packet)
          continue;
        if (flagged[i].notes & LADDER_TCP_NOTE_FAST_RETRANSMISSION)
          { g_assert_true (g_str_has_prefix (caption, "Fast retransmission: duplicate ACKs told ")); told[1]++; }
        else if (flagged[i].notes & LADDER_TCP_NOTE_RETRANSMISSION)
          { g_assert_true (g_str_has_prefix (caption, "Retransmission: ")); told[0]++; }
        else if (flagged[i].notes == LADDER_TCP_NOTE_DUP_ACK)
          { g_assert_true (g_str_has_prefix (caption, "Duplicate ACK: ")); told[2]++; }
      }
  g_test_message ("retransmissions %u, fast retransmissions %u, duplicate ACKs %u", told[0], told[1], told[2]);
  g_assert_cmpuint (told[0], >=, 1);
  g_assert_cmpuint (told[1], >=, 1);
  g_assert_cmpuint (told[2], >=, 3);
  g_assert_cmpint (find_step (t->story, 0, "Retransmission: the client's kernel sends 200 bytes (seq 1 to 200) again", NULL), ==, 4);
}

/* A datagram no one answers (no reply, no ICMP error), built by hand: the
 * fixtures' datagrams are all answered. */
static void
test_udp_unanswered (void)
{
  static const guint8 datagram[] = {
    0x45, 0x00, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
    10, 0, 0, 1, 10, 0, 0, 2,                                     /* 10.0.0.1 -> 10.0.0.2 */
    0x9c, 0x40, 0x00, 0x25, 0x00, 0x0d, 0x00, 0x00,               /* 40000 -> 37, 13 bytes */
    'h', 'e', 'l', 'l', 'o',
  };
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  g_autoptr (LadderAnalysis) analysis = NULL;
  g_autoptr (LadderStory) story = NULL;

  ladder_capture_add_interface (capture, "eth0", NULL, 101);
  ladder_capture_add_frame (capture, 1000000000, 0, 101, datagram, sizeof datagram, sizeof datagram);
  analysis = ladder_capture_analyse (capture);
  story = ladder_story_new (capture, analysis, -1, NULL);
  g_assert_cmpuint (ladder_story_get_n_steps (story), ==, 1);
  g_assert_cmpstr (ladder_story_get_step (story, 0)->caption, ==,
                   "The client sends a UDP datagram of 5 bytes from port 40000 to 10.0.0.2 port 37: no handshake, "
                   "no connection. Nobody answers this UDP datagram: UDP neither acknowledges nor retransmits, "
                   "so the program can only time out.");
  g_assert_cmpint (ladder_story_get_step (story, 0)->conversation, ==, 0);
}

static void
test_conversation (void)
{
  g_autofree char *path = ladder_test_data_path ("tcp-multi-client.pcap");
  g_autoptr (LadderTestTold) t = ladder_test_tell (path, 1);
  const LadderConversation *c = ladder_conversations_get_item (ladder_analysis_get_conversations (t->analysis), 1);
  g_autoptr (GError) error = NULL;
  guint packets = 0;

  check_invariants (t->story);
  for (guint i = 0; i < ladder_story_get_n_steps (t->story); i++)
    {
      const LadderStoryStep *s = ladder_story_get_step (t->story, i);
      g_assert_cmpint (s->conversation, ==, 1);
      packets += s->packet != 0;
    }
  g_assert_cmpuint (packets, ==, c->packets_ab + c->packets_ba);
  g_assert_null (ladder_story_new (t->capture, t->analysis, 99, &error));
  g_assert_error (error, LADDER_STORY_ERROR, LADDER_STORY_ERROR_RANGE);
}

/* Across every fixture: the answer is not always in one place, nor always the longest. */
static void
test_quiz_fairness (void)
{
  g_autoptr (GPtrArray) files = NULL;
  g_autofree char *dir = ladder_test_data_path ("");
  guint positions[4] = { 0 }, quizzes = 0, longest = 0;

  files = ladder_test_list_captures (dir);
  for (guint f = 0; f < files->len; f++)
    {
      g_autoptr (LadderTestTold) t = ladder_test_tell (files->pdata[f], -1);
      check_invariants (t->story);
      for (guint i = 0; i < ladder_story_get_n_steps (t->story); i++)
        {
          const LadderStoryQuiz *q = ladder_story_get_step (t->story, i)->quiz;
          gboolean is_longest = TRUE;
          if (q == NULL)
            continue;
          quizzes++;
          positions[q->answer]++;
          for (guint c = 0; c < q->n_choices; c++)
            is_longest &= c == q->answer || strlen (q->choices[c]) < strlen (q->choices[q->answer]);
          longest += is_longest;
        }
    }
  g_test_message ("%u quizzes; answer at 0..3: %u %u %u %u; answer the longest choice: %u",
                  quizzes, positions[0], positions[1], positions[2], positions[3], longest);
  g_assert_cmpuint (quizzes, >, 50);
  for (guint p = 0; p < 3; p++)
    g_assert_cmpuint (positions[p], >, quizzes / 10);
  g_assert_cmpuint (longest, <, quizzes / 2);
}

static char *
cli_run (const char *const *args, int *status)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("WIRELADDER_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, status, &error);
  g_assert_no_error (error);
  return out;
}

static int
exit_code (int status)
{
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli_json (void)
{
  g_autofree char *path = ladder_test_data_path ("tcp-echo-v4.pcap");
  g_autofree char *out = NULL, *text = NULL;
  g_autoptr (GRegex) re = g_regex_new ("\"step\":(\\d+),\"time\":(-?[0-9.]+),\"kind\":\"(packet|call|state)\"", 0, 0, NULL);
  g_autoptr (GMatchInfo) m = NULL;
  double last = -1e9;
  guint steps = 0;
  int status;

  out = cli_run ((const char *[]) { "story", "--json", path, NULL }, &status);
  g_assert_cmpint (exit_code (status), ==, 0);
  g_assert_true (ladder_test_json_parses (out));
  for (g_regex_match (re, out, 0, &m); g_match_info_matches (m); g_match_info_next (m, NULL))
    {
      g_autofree char *n = g_match_info_fetch (m, 1), *time = g_match_info_fetch (m, 2);
      g_assert_cmpuint (g_ascii_strtoull (n, NULL, 10), ==, ++steps);
      g_assert_cmpfloat (g_ascii_strtod (time, NULL), >=, last);
      last = g_ascii_strtod (time, NULL);
    }
  g_assert_cmpuint (steps, ==, 14);
  g_assert_nonnull (strstr (out, "\"packet\":1,"));
  g_assert_nonnull (strstr (out, "\"quiz\":{\"question\":"));
  text = cli_run ((const char *[]) { "story", path, NULL }, &status);
  g_assert_cmpint (exit_code (status), ==, 0);
  g_assert_true (g_str_has_prefix (text, "1. The client sends a SYN (seq 0)"));
  g_assert_nonnull (strstr (text, "\n14. "));
  g_free (cli_run ((const char *[]) { "story", path, "--conversation", "5", NULL }, &status));
  g_assert_cmpint (exit_code (status), ==, 1);
  g_free (cli_run ((const char *[]) { "story", "/nonexistent.pcap", NULL }, &status));
  g_assert_cmpint (exit_code (status), ==, 1);
  g_free (cli_run ((const char *[]) { "story", NULL }, &status));
  g_assert_cmpint (exit_code (status), ==, 2);
}

/* The frame groups of an SVG, in order ("frame-3 frame-5"). */
static char *
svg_frames (const char *svg_path)
{
  g_autofree char *svg = NULL;
  g_autoptr (GString) frames = g_string_new (NULL);
  g_autoptr (GRegex) re = g_regex_new ("id=\"frame-(\\d+)\"", 0, 0, NULL);
  g_autoptr (GMatchInfo) m = NULL;

  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
  for (g_regex_match (re, svg, 0, &m); g_match_info_matches (m); g_match_info_next (m, NULL))
    {
      g_autofree char *n = g_match_info_fetch (m, 1);
      g_string_append_printf (frames, "%s%s", frames->len ? " " : "", n);
    }
  return g_string_free (g_steal_pointer (&frames), FALSE);
}

static void
test_render_step (void)
{
  g_autofree char *path = ladder_test_data_path ("tcp-echo-v4.pcap");
  g_autofree char *dir = g_dir_make_tmp ("story-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "s.svg", NULL), *pdf = g_build_filename (dir, "h.pdf", NULL);
  g_autofree char *previous = NULL;
  int status;

  for (guint n = 1; n <= 14; n++)
    {
      g_autofree char *step = g_strdup_printf ("%u", n), *frames = NULL, *want = g_strdup ("1");
      g_free (cli_run ((const char *[]) { "render", path, "--view", "sequence", "--step", step, "-o", svg, NULL }, &status));
      g_assert_cmpint (exit_code (status), ==, 0);
      frames = svg_frames (svg);
      /* In this capture step N is packet N: frames 1..N, nothing after. */
      for (guint f = 2; f <= n; f++)
        {
          char *more = g_strdup_printf ("%s %u", want, f);
          g_free (want);
          want = more;
        }
      g_assert_cmpstr (frames, ==, want);
      g_assert_cmpstr (frames, !=, previous);
      g_free (previous);
      previous = g_steal_pointer (&frames);
    }
  g_free (cli_run ((const char *[]) { "render", path, "--view", "sequence", "--step", "15", "-o", svg, NULL }, &status));
  g_assert_cmpint (exit_code (status), ==, 1);
  g_free (cli_run ((const char *[]) { "render", path, "--view", "tuples", "--step", "2", "-o", svg, NULL }, &status));
  g_assert_cmpint (exit_code (status), ==, 2);
  g_free (cli_run ((const char *[]) { "render", path, "--view", "sequence", "--handout", "-o", pdf, NULL }, &status));
  g_assert_cmpint (exit_code (status), ==, 0);
  {
    g_autofree char *bytes = NULL;
    gsize len = 0;
    guint pages = 0;
    g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
    for (const char *p = bytes; (p = memmem (p, len - (p - bytes), "/Type /Page", 11)) != NULL; p++)
      pages += p[11] != 's';
    g_assert_cmpuint (pages, ==, 14);
  }
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/story/handshake-teardown", test_handshake_teardown);
  g_test_add_func ("/ladder/story/refused", test_refused);
  g_test_add_func ("/ladder/story/port-unreachable", test_port_unreachable);
  g_test_add_func ("/ladder/story/ttl-expiry", test_ttl_expiry);
  g_test_add_func ("/ladder/story/unreachable", test_unreachable);
  g_test_add_func ("/ladder/story/ping-expiry", test_ping_expiry);
  g_test_add_func ("/ladder/story/retransmission", test_retransmission);
  g_test_add_func ("/ladder/story/udp-unanswered", test_udp_unanswered);
  g_test_add_func ("/ladder/story/conversation", test_conversation);
  g_test_add_func ("/ladder/story/quiz-fairness", test_quiz_fairness);
  g_test_add_func ("/ladder/story/cli-json", test_cli_json);
  g_test_add_func ("/ladder/story/render-step", test_render_step);
  return g_test_run ();
}
