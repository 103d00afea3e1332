/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab-story.c: lecture mode told from real lab runs.
 *
 * Each scenario runs for real through `wireladder-cli lab run SCENARIO -w
 * FILE`; its story (ladder-story.h) must say what a student should notice,
 * with the lab's own hosts, addresses and socket calls.  A case skips, with
 * the reason, where the lab cannot make its namespaces.
 */
#include <string.h>

#include <glib/gstdio.h>

#include "ladder-capture.h"
#include "ladder-story.h"
#include "ladder-test-lab.h"
#include "ladder-test-util.h"

/* Runs SCENARIO in the lab and tells its capture; NULL (test skipped) when
 * the lab is unavailable. */
static LadderTestTold *
tell_scenario (const char *scenario)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, scenario, NULL);
  LadderTestTold *t;

  if (ladder_test_lab_skip (FALSE))
    return NULL;
  g_free (ladder_test_lab_run (scenario, NULL, path));
  t = ladder_test_tell (path, -1);
  g_unlink (path);
  g_test_message ("%s", t->text);
  return t;
}

/* The first step at or after FROM whose caption contains PHRASE, or -1. */
static gint
find (LadderTestTold *t, guint from, const char *phrase)
{
  for (guint i = from; i < ladder_story_get_n_steps (t->story); i++)
    if (strstr (ladder_story_get_step (t->story, i)->caption, phrase) != NULL)
      return (gint) i;
  return -1;
}

static gint
must_find (LadderTestTold *t, guint from, const char *phrase)
{
  gint i = find (t, from, phrase);

  if (i < 0)
    g_error ("no step says \"%s\" (from step %u)", phrase, from + 1);
  return i;
}

static const char *
answer (LadderTestTold *t, gint step)
{
  const LadderStoryQuiz *q = ladder_story_get_step (t->story, (guint) step)->quiz;

  g_assert_nonnull (q);
  return q->choices[q->answer];
}

/* Time order, well-formed quizzes, and a call's return is a step only when
 * something happened while it blocked. */
static void
check_invariants (LadderTestTold *t)
{
  guint n = ladder_story_get_n_steps (t->story);

  for (guint i = 0; i < n; i++)
    {
      const LadderStoryStep *s = ladder_story_get_step (t->story, i);
      if (i > 0)
        g_assert_cmpint (s->ts_ns, >=, ladder_story_get_step (t->story, i - 1)->ts_ns);
      if (s->quiz != NULL)
        {
          g_assert_cmpuint (s->quiz->answer, <, s->quiz->n_choices);
          for (guint a = 0; a < s->quiz->n_choices; a++)
            for (guint b = a + 1; b < s->quiz->n_choices; b++)
              g_assert_cmpstr (s->quiz->choices[a], !=, s->quiz->choices[b]);
        }
      if (s->packet != 0)
        g_assert_cmpint (ladder_story_find_packet (t->story, s->packet), ==, (gint) i);
      if (s->kind == LADDER_STORY_CALL_RETURN)
        {
          gint start = -1;
          for (guint j = 0; j < i; j++)
            if (ladder_story_get_step (t->story, j)->kind == LADDER_STORY_CALL
                && ladder_story_get_step (t->story, j)->call == s->call)
              start = (gint) j;
          g_assert_cmpint (start, >=, 0);
          g_assert_cmpint (start, <, (gint) i - 1);
        }
    }
}

static void
test_tcp_echo (void)
{
  g_autoptr (LadderTestTold) t = tell_scenario ("tcp-echo");
  gint listen, accept, syn, synack, ack, accepted, fin, tw, recv;

  if (t == NULL)
    return;
  check_invariants (t);
  must_find (t, 0, "bind() on the server: the socket takes local address 0.0.0.0 port 7");
  listen = must_find (t, 0, "listen() on the server: the socket on port 7 is now LISTEN");
  accept = must_find (t, listen, "accept() on the server: the program waits");
  syn = must_find (t, accept, "connect() on the client: its kernel sends a SYN (seq 0) to 10.0.4.2 port 7 "
                              "and the socket is now SYN_SENT.");
  synack = must_find (t, syn, "The server's kernel answers SYN-ACK (seq 0, ack 1); accept() has not returned yet: "
                              "the connection waits in the listen queue.");
  g_assert_cmpstr (answer (t, synack), ==, "The server answers SYN-ACK");
  ack = must_find (t, synack, "The client acknowledges the SYN-ACK (ack 1): the three-way handshake is complete");
  accepted = must_find (t, ack, "accept() returns fd");
  g_assert_cmpint (must_find (t, 0, "connect() on the client to 10.0.4.2 port 7"), <, syn);
  recv = must_find (t, accepted, "recv() returns 6 bytes on the server");
  g_assert_cmpstr (answer (t, recv), ==, "6 bytes");
  must_find (t, 0, "The client's kernel acknowledges the data (ack 7");
  fin = must_find (t, recv, "close() on the client: its kernel sends FIN (seq 7)");
  must_find (t, fin, "recv() returns 0 on the server: end of stream");
  must_find (t, fin, "in state CLOSE_WAIT");
  tw = must_find (t, fin, "enters TIME_WAIT");
  g_assert_cmpint (tw, >, must_find (t, fin, "close() on the server: its kernel sends FIN (seq 19), it has nothing more to send, "
                                              "and the socket enters LAST_ACK"));
  must_find (t, tw, "The kernel reports the client's socket (TCP, 10.0.1.1");
  /* A packet's later sightings (on the routers' links) lead to its step. */
  {
    guint later = 0;
    for (guint64 f = 1; f <= ladder_capture_get_n_frames (t->capture); f++)
      {
        LadderFrameInfo info;
        g_assert_true (ladder_capture_get_frame (t->capture, f, &info));
        if (info.sighting_of == 0)
          continue;
        g_assert_cmpint (ladder_story_find_packet (t->story, f), ==,
                         ladder_story_find_packet (t->story, info.sighting_of));
        g_assert_cmpint (ladder_story_find_packet (t->story, f), >=, 0);
        later++;
      }
    g_assert_cmpuint (later, >, 10);
  }
}

static void
test_refused (void)
{
  g_autoptr (LadderTestTold) t = tell_scenario ("refused");
  gint rst, icmp;

  if (t == NULL)
    return;
  check_invariants (t);
  rst = must_find (t, 0, "No socket listens on port 9 on the server: the kernel answers RST and connect() fails "
                         "with ECONNREFUSED.");
  g_assert_cmpstr (answer (t, rst), ==, "The server answers RST");
  must_find (t, rst, "connect() on the client fails with ECONNREFUSED");
  icmp = must_find (t, rst, "No socket is bound to UDP port 9 on the server");
  g_assert_nonnull (strstr (ladder_story_get_step (t->story, icmp)->caption, "ICMP Port Unreachable"));
  g_assert_cmpstr (answer (t, icmp), ==, "The server answers ICMP Port Unreachable");
  must_find (t, icmp, "recv() on the client fails with ECONNREFUSED");
}

static void
test_traceroute (void)
{
  g_autoptr (LadderTestTold) t = tell_scenario ("traceroute");
  gint last = 0;

  if (t == NULL)
    return;
  check_invariants (t);
  for (guint k = 1; k <= 3; k++)
    {
      g_autofree char *probe = g_strdup_printf ("to 10.0.4.2 with TTL %u;", k);
      g_autofree char *phrase = g_strdup_printf ("Router %u (10.0.%u.2) receives the probe with TTL 1, cannot "
                                                 "forward it, drops it and returns ICMP Time Exceeded quoting "
                                                 "the probe's header.", k, k);
      g_autofree char *choice = g_strdup_printf ("Router %u (10.0.%u.2) returns ICMP Time Exceeded", k, k);
      last = must_find (t, (guint) must_find (t, (guint) last, probe), phrase);
      g_assert_cmpstr (answer (t, last), ==, choice);
    }
  last = must_find (t, (guint) last, "The probe reaches the destination 10.0.4.2 with TTL 1 left");
  g_assert_cmpstr (answer (t, last), ==, "10.0.4.2 answers ICMP Port Unreachable");
}

static void
test_ping (void)
{
  g_autoptr (LadderTestTold) t = tell_scenario ("ping");
  gint reply;

  if (t == NULL)
    return;
  check_invariants (t);
  must_find (t, 0, "The client sends ICMP Echo Request (id ");
  reply = must_find (t, 0, "The server answers ICMP Echo Reply (id ");
  g_assert_cmpstr (answer (t, reply), ==, "The server answers Echo Reply");
  /* IPv6 as well. */
  must_find (t, 0, "to fd00:4::2 with TTL 64");
}

static void
test_udp_timestamp (void)
{
  g_autoptr (LadderTestTold) t = tell_scenario ("udp-timestamp");
  gint sent, reply;

  if (t == NULL)
    return;
  check_invariants (t);
  must_find (t, 0, "bind() on the server: the socket takes local address 0.0.0.0 port 12000");
  sent = must_find (t, 0, "sendto() on the client: its kernel sends one UDP datagram of 17 bytes");
  reply = must_find (t, sent, "The server answers with a UDP datagram of 44 bytes to 10.0.1.1");
  g_assert_cmpstr (answer (t, reply), ==, "The server answers with a UDP datagram");
  must_find (t, reply, "sendto() on the client 2: its kernel sends one UDP datagram of 18 bytes");
  must_find (t, 0, "recvfrom() returns 17 bytes on the server");
  g_assert_cmpint (find (t, 0, "Nobody answers"), ==, -1);
}

static void
test_reset (void)
{
  g_autoptr (LadderTestTold) t = tell_scenario ("reset");
  gint linger, rst;

  if (t == NULL)
    return;
  check_invariants (t);
  linger = must_find (t, 0, "SO_LINGER");
  rst = must_find (t, linger, "The client's kernel resets the connection with RST");
  must_find (t, rst, "recv() on the server fails with ECONNRESET");
}

/* `story --json` on a lab file: calls have a phase, packets a number. */
static void
test_cli_json (void)
{
  g_autofree char *path = g_build_filename (ladder_test_lab.tmpdir, "tcp-echo-json", NULL);
  g_autofree char *out = NULL;
  int status = -1;

  if (ladder_test_lab_skip (FALSE))
    return;
  g_free (ladder_test_lab_run ("tcp-echo", NULL, path));
  out = ladder_test_cli_run ((const char *[]) { "story", "--json", path, "--conversation", "0", NULL }, &status, NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_prefix (out, "{\"steps\":[{\"step\":1,"));
  g_assert_nonnull (strstr (out, "\"kind\":\"call\",\"phase\":\"start\",\"packet\":null"));
  g_assert_nonnull (strstr (out, "\"kind\":\"call\",\"phase\":\"return\",\"packet\":null"));
  g_assert_nonnull (strstr (out, "\"kind\":\"state\",\"phase\":null,\"packet\":null"));
  g_assert_nonnull (strstr (out, "\"kind\":\"packet\",\"phase\":null,\"packet\":"));
  /* Conversation 0 is the TCP connection: no ARP or other conversations. */
  g_assert_null (strstr (out, "ARP"));
  g_unlink (path);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  ladder_test_lab_init ("story");
  g_test_add_func ("/ladder/lab-story/tcp-echo", test_tcp_echo);
  g_test_add_func ("/ladder/lab-story/refused", test_refused);
  g_test_add_func ("/ladder/lab-story/traceroute", test_traceroute);
  g_test_add_func ("/ladder/lab-story/ping", test_ping);
  g_test_add_func ("/ladder/lab-story/udp-timestamp", test_udp_timestamp);
  g_test_add_func ("/ladder/lab-story/reset", test_reset);
  g_test_add_func ("/ladder/lab-story/cli-json", test_cli_json);
  ret = g_test_run ();
  ladder_test_lab_finish ();
  return ret;
}
