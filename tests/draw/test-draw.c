/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-draw.c: the diagrams, headless.
 *
 * Structure over pixels: the layout model (one arrow per packet, bands,
 * calls, hops, cards), hit tests that find each arrow where it is drawn, and
 * every export checked by an outside reader: the SVG by xmllint (plus one
 * <g id="frame-N"> per arrow and the labels as text), the PDF by pdfinfo and
 * pdftotext (text stays text), the PNG by its size, the Mermaid file by its
 * messages.  Exports land in draw-artifacts/ for a human to look at.
 */
#include <math.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <string.h>

#include "draw-fixtures.h"
#include "ladder-load.h"
#include "ladder-diagram-private.h"
#include "ladder-sequence-private.h"
#include "ladder-traceroute-private.h"
#include "ladder-tuples-private.h"
#include "ladder-test-draw.h"

static guint
count_substrings (const char *text, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static guint
count_lines_with (const char *text, const char * const *needles)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    for (guint k = 0; needles[k] != NULL; k++)
      if (strstr (lines[i], needles[k]) != NULL && !g_str_has_prefix (g_strstrip (lines[i]), "Note"))
        {
          n++;
          break;
        }
  return n;
}

/* Runs a tool; FALSE (with the test marked skipped) when it is not installed. */
static gboolean
run_tool (const char * const *argv, char **out, int *status)
{
  g_autofree char *path = g_find_program_in_path (argv[0]);
  g_autoptr (GError) error = NULL;

  if (path == NULL)
    {
      g_test_message ("%s is not installed (poppler-utils / libxml2-utils): not checked", argv[0]);
      return FALSE;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                out, NULL, status, &error);
  g_assert_no_error (error);
  return TRUE;
}

static char *
artifact (const char *name)
{
  return g_build_filename (draw_fixture_artifact_dir (), name, NULL);
}

/* Every export of D, checked; NAME is the artifact's base name. */
static void
check_exports (LadderDiagram *d, const char *name, guint64 selected, const char * const *labels)
{
  g_autoptr (GArray) frames = ladder_diagram_get_frames (d);
  g_autofree char *svg_path = g_strconcat (name, ".svg", NULL), *pdf_path = g_strconcat (name, ".pdf", NULL);
  g_autofree char *png_path = g_strconcat (name, ".png", NULL), *mmd_path = g_strconcat (name, ".mmd", NULL);
  g_autofree char *svg_file = artifact (svg_path), *pdf_file = artifact (pdf_path);
  g_autofree char *png_file = artifact (png_path), *mmd_file = artifact (mmd_path);
  g_autofree char *svg = NULL, *text = NULL, *info = NULL;
  g_autoptr (GError) error = NULL;
  cairo_surface_t *png;
  int status;

  g_assert_true (ladder_diagram_export (d, svg_file, selected, 0, 0, &error));
  g_assert_true (ladder_diagram_export (d, pdf_file, selected, 0, 0, &error));
  g_assert_true (ladder_diagram_export (d, png_file, selected, 0, 0, &error));
  g_assert_true (ladder_diagram_export (d, mmd_file, selected, 0, 0, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (svg_file, &svg, NULL, NULL));
  /* one group per drawn frame: the SVG is the same picture as the model */
  g_assert_cmpuint (count_substrings (svg, "<g id=\"frame-"), ==, frames->len);
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    g_assert_nonnull (strstr (svg, labels[i]));
  if (run_tool ((const char * const[]) { "xmllint", "--noout", svg_file, NULL }, NULL, &status))
    g_assert_true (g_spawn_check_wait_status (status, NULL));

  if (run_tool ((const char * const[]) { "pdfinfo", pdf_file, NULL }, &info, &status))
    {
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      const char *pages = strstr (info, "Pages:");
      g_assert_nonnull (pages);
      g_assert_cmpint (atoi (pages + strlen ("Pages:")), ==, 1);
    }
  if (run_tool ((const char * const[]) { "pdftotext", pdf_file, "-", NULL }, &text, &status))
    for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
      if (strstr (text, labels[i]) == NULL)
        g_error ("pdftotext %s: no '%s' in:\n%s", pdf_file, labels[i], text);

  png = cairo_image_surface_create_from_png (png_file);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), >=, 800);
  g_assert_cmpint (cairo_image_surface_get_height (png), >=, 400);
  cairo_surface_destroy (png);
}

static guint
count_messages (LadderDiagram *d)
{
  g_autofree char *mmd = ladder_diagram_to_mermaid (d);

  g_assert_true (g_str_has_prefix (mmd, "sequenceDiagram\n"));
  return count_lines_with (mmd, (const char * const[]) { "->>", "-x", NULL });
}

/* Sequence. */

static LadderSeqModel *
seq (LadderDiagram *d)
{
  g_assert_cmpint (ladder_diagram_get_kind (d), ==, LADDER_DIAGRAM_SEQUENCE);
  return d->model;
}

static void
check_arrows_hit (LadderDiagram *d)
{
  LadderSeqModel *m = seq (d);

  for (guint i = 0; i < m->arrows->len; i++)
    {
      LadderSeqArrow *a = &g_array_index (m->arrows, LadderSeqArrow, i);
      double x0 = g_array_index (m->lifelines, LadderSeqLifeline, a->from).x;
      double x1 = g_array_index (m->lifelines, LadderSeqLifeline, a->to).x;
      double x = x0 + (x1 - x0) * 0.3, y = a->y0 + (a->y1 - a->y0) * 0.3;
      g_assert_cmpuint (ladder_diagram_hit_test (d, x, y), ==, a->frame);
    }
  g_assert_cmpuint (ladder_diagram_hit_test (d, 1, 1), ==, 0);
}

static const LadderSeqBand *
band_at (LadderSeqModel *m, int lifeline, gboolean kernel, guint8 state)
{
  for (guint i = 0; i < m->bands->len; i++)
    {
      const LadderSeqBand *b = &g_array_index (m->bands, LadderSeqBand, i);
      if (b->lifeline == lifeline && b->kernel == kernel && b->state == state)
        return b;
    }
  return NULL;
}

static void
test_sequence_echo (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("tcp-echo-v4.pcap");
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, -1, FALSE);
  LadderSeqModel *m = seq (d);
  const char * const labels[] = { "SYN seq=0", "SYN-ACK seq=0 ack=1", "PSH-ACK seq=1 ack=1 len=5",
                                  "FIN-ACK seq=6 ack=16", "TIME_WAIT", "handshake", NULL };

  g_assert_cmpuint (m->arrows->len, ==, 14);
  g_assert_cmpuint (m->lifelines->len, ==, 2);
  g_assert_cmpstr (g_array_index (m->lifelines, LadderSeqLifeline, 0).title, ==, "10.1.0.2");
  /* inferred states on both lifelines, the handshake RTT bracket from SYN to ACK */
  g_assert_nonnull (band_at (m, 0, FALSE, LADDER_TCP_SYN_SENT));
  g_assert_nonnull (band_at (m, 0, FALSE, LADDER_TCP_TIME_WAIT));
  g_assert_nonnull (band_at (m, 1, FALSE, LADDER_TCP_LISTEN));
  g_assert_nonnull (band_at (m, 1, FALSE, LADDER_TCP_CLOSED));
  g_assert_cmpuint (m->brackets->len, ==, 1);
  g_assert_nonnull (strstr (g_array_index (m->brackets, LadderSeqBracket, 0).text, "RTT 0.095 ms"));
  check_arrows_hit (d);
  g_assert_cmpuint (count_messages (d), ==, 14);
  check_exports (d, "sequence-tcp-echo", 6, labels);
}

static void
test_sequence_compressed (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("tcp-echo-v4.pcap");
  g_autoptr (LadderDiagram) prop = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, 0, FALSE);
  g_autoptr (LadderDiagram) comp = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, 0, TRUE);
  LadderSeqModel *m = seq (comp);
  double gap = -1;

  /* the 50 ms pauses take room when proportional, one row when compressed */
  g_assert_cmpfloat (comp->height, <, prop->height);
  for (guint i = 1; i < m->arrows->len; i++)
    {
      double g = g_array_index (m->arrows, LadderSeqArrow, i).y0 - g_array_index (m->arrows, LadderSeqArrow, i - 1).y0;
      g_assert_cmpfloat (g, >, 0);
      if (gap < 0)
        gap = g;
      g_assert_cmpfloat (fabs (g - gap), <, 1e-6);
    }
  check_arrows_hit (comp);
}

static gboolean
any_note (LadderSeqModel *m, const char *text)
{
  for (guint i = 0; i < m->arrows->len; i++)
    {
      char note[128];
      if (ladder_seq_arrow_note (&g_array_index (m->arrows, LadderSeqArrow, i), note, sizeof note)
          && strstr (note, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_sequence_marks (void)
{
  g_autoptr (LadderCapture) retrans = draw_fixture_load ("tcp-retransmit.pcap");
  g_autoptr (LadderCapture) refused = draw_fixture_load ("tcp-refused.pcap");
  g_autoptr (LadderCapture) reset = draw_fixture_load ("tcp-reset-midtransfer.pcap");
  g_autoptr (LadderDiagram) d1 = ladder_test_diagram (retrans, LADDER_DIAGRAM_SEQUENCE, 0, TRUE);
  g_autoptr (LadderDiagram) d2 = ladder_test_diagram (refused, LADDER_DIAGRAM_SEQUENCE, -1, FALSE);
  g_autoptr (LadderDiagram) d3 = ladder_test_diagram (reset, LADDER_DIAGRAM_SEQUENCE, -1, FALSE);
  g_autofree char *svg = ladder_diagram_to_svg (d1, 0);

  g_assert_true (any_note (seq (d1), "retransmission"));
  g_assert_true (any_note (seq (d1), "duplicate ACK of #"));
  g_assert_nonnull (strstr (svg, "class=\"arrow tcp data\""));
  g_assert_true (any_note (seq (d2), "connection refused"));
  g_assert_true (any_note (seq (d3), "connection reset"));
  g_assert_false (any_note (seq (d3), "connection refused"));
  check_exports (d2, "sequence-tcp-refused", 0, (const char * const[]) { "RST-ACK seq=1 ack=1", NULL });
}

static void
test_sequence_icmp_error (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("udp-refused.pcap");
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, 0, FALSE);
  LadderSeqModel *m = seq (d);
  char label[128];

  /* the port unreachable quoting conversation 0's datagram belongs to its picture */
  g_assert_cmpuint (m->arrows->len, ==, 2);
  ladder_seq_arrow_label (&g_array_index (m->arrows, LadderSeqArrow, 1), label, sizeof label);
  g_assert_cmpstr (label, ==, "Port unreachable");
  g_assert_cmpint (g_array_index (m->arrows, LadderSeqArrow, 1).from, ==, 1);
  check_exports (d, "sequence-udp-refused", 2, (const char * const[]) { "UDP 48519", "Port unreachable", NULL });
}

static void
test_sequence_ping_errors (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("ping-ttl-expire.pcap");
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, 0, FALSE);
  LadderSeqModel *m = seq (d);
  char label[128];

  /* the echo conversation with the time exceeded errors quoting its requests */
  g_assert_cmpuint (m->arrows->len, ==, 6);
  ladder_seq_arrow_label (&g_array_index (m->arrows, LadderSeqArrow, 1), label, sizeof label);
  g_assert_cmpstr (label, ==, "Time exceeded (TTL reached 0)");
  g_assert_cmpuint (m->lifelines->len, ==, 3);
  /* The requests never reached 10.0.3.2: each dies at the router that sent
   * the error (a lifeline of its own), marked and explained. */
  for (guint i = 0; i < m->arrows->len; i += 2)
    {
      const LadderSeqArrow *request = &g_array_index (m->arrows, LadderSeqArrow, i);
      const LadderSeqArrow *error = &g_array_index (m->arrows, LadderSeqArrow, i + 1);
      char note[128];

      g_assert_cmpuint (request->expired, ==, LADDER_SEQ_EXPIRED_TTL);
      g_assert_cmpint (request->died_at, ==, error->from);
      g_assert_cmpint (request->died_at, !=, request->to);
      g_assert_true (ladder_seq_arrow_note (request, note, sizeof note));
      g_assert_nonnull (strstr (note, "never arrived"));
      g_assert_cmpuint (error->expired, ==, LADDER_SEQ_EXPIRED_NO);
    }
  {
    /* Answered requests are not marked. */
    g_autoptr (LadderCapture) answered = draw_fixture_load ("ping-v4.pcap");
    g_autoptr (LadderDiagram) ok = ladder_test_diagram (answered, LADDER_DIAGRAM_SEQUENCE, -1, FALSE);

    for (guint i = 0; i < seq (ok)->arrows->len; i++)
      g_assert_cmpuint (g_array_index (seq (ok)->arrows, LadderSeqArrow, i).expired, ==, LADDER_SEQ_EXPIRED_NO);
  }
}

static const LadderSeqCall *
find_call (LadderSeqModel *m, int lifeline, const char *prefix)
{
  for (guint i = 0; i < m->calls->len; i++)
    {
      const LadderSeqCall *c = &g_array_index (m->calls, LadderSeqCall, i);
      if (c->lifeline == lifeline && g_str_has_prefix (c->text, prefix))
        return c;
    }
  return NULL;
}

static void
test_sequence_lab (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_lab_echo (FALSE);
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, 0, TRUE);
  LadderSeqModel *m = seq (d);
  const LadderSeqArrow *syn = ladder_seq_find_arrow (m, 1), *synack;
  const LadderSeqCall *connect, *accept;

  /* sightings: one arrow per packet, slanted by the delay between the ends */
  g_assert_cmpuint (m->arrows->len, ==, 14);
  g_assert_true (syn->slanted);
  g_assert_cmpfloat (syn->y1, >, syn->y0);
  synack = &g_array_index (m->arrows, LadderSeqArrow, 1);
  g_assert_cmpint (synack->from, ==, 1);
  /* calls: lab host names, every call on its endpoint's lane, the unaddressed ones too */
  g_assert_cmpstr (g_array_index (m->lifelines, LadderSeqLifeline, 0).title, ==, "client");
  g_assert_cmpstr (g_array_index (m->lifelines, LadderSeqLifeline, 1).title, ==, "server");
  g_assert_cmpuint (m->calls->len, ==, 13);
  g_assert_nonnull (find_call (m, 0, "socket("));
  g_assert_nonnull (find_call (m, 0, "close(3)"));
  g_assert_nonnull (find_call (m, 1, "bind("));
  g_assert_nonnull (find_call (m, 1, "close(4)"));
  g_assert_nonnull (strstr (find_call (m, 1, "recv(4, buf, 64, 0) = -1")->text, "ECONNRESET"));
  /* connect() blocks across the handshake: SYN leaves after it starts, it returns after the SYN-ACK */
  connect = find_call (m, 0, "connect(");
  g_assert_cmpfloat (connect->y0, <, syn->y0);
  g_assert_cmpfloat (connect->y1, >, synack->y1);
  accept = find_call (m, 1, "accept(");
  g_assert_cmpfloat (accept->y1, >, syn->y1);
  /* kernel states beside the wire's, agreeing */
  g_assert_true (m->has_kernel);
  g_assert_nonnull (band_at (m, 1, TRUE, LADDER_TCP_LISTEN));
  g_assert_nonnull (band_at (m, 0, TRUE, LADDER_TCP_ESTABLISHED));
  for (guint i = 0; i < m->bands->len; i++)
    if (g_array_index (m->bands, LadderSeqBand, i).disagrees)
      g_error ("kernel %s on lifeline %d disagrees with the wire",
               ladder_tcp_state_to_string (g_array_index (m->bands, LadderSeqBand, i).state),
               g_array_index (m->bands, LadderSeqBand, i).lifeline);
  check_arrows_hit (d);
  /* frame 2 is the SYN seen on the second link: it stands for the SYN's arrow */
  {
    double x1, y1, w1, h1, x2, y2, w2, h2;
    g_assert_true (ladder_diagram_get_frame_bounds (d, 1, &x1, &y1, &w1, &h1));
    g_assert_true (ladder_diagram_get_frame_bounds (d, 2, &x2, &y2, &w2, &h2));
    g_assert_cmpfloat (y1, ==, y2);
  }
  /* connect() blocked over the handshake: its result is written where it returned */
  check_exports (d, "sequence-lab-echo", 4, (const char * const[]) { "connect(3, 10.2.0.2:7000, 16)",
                                                                    "returned 0", "kernel state", NULL });
}

static void
test_sequence_disagreement (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_lab_echo (TRUE);
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, 0, FALSE);
  const LadderSeqBand *wrong = band_at (seq (d), 0, TRUE, LADDER_TCP_SYN_RECEIVED);
  g_autofree char *svg = ladder_diagram_to_svg (d, 0);

  g_assert_nonnull (wrong);
  g_assert_true (wrong->disagrees);
  g_assert_false (band_at (seq (d), 0, TRUE, LADDER_TCP_ESTABLISHED)->disagrees);
  g_assert_nonnull (strstr (svg, "\u2260 SYN_RECEIVED"));
}

static void
test_sequence_errors (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("tcp-echo-v4.pcap");
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, -1, FALSE);
  g_autoptr (GError) error = NULL;
  LadderDiagramOptions options;
  g_autofree char *bad = artifact ("nothing.txt");

  ladder_diagram_options_init (&options);
  options.conversation = 7;
  g_assert_null (ladder_diagram_new (LADDER_DIAGRAM_SEQUENCE, capture, analysis, &options, &error));
  g_assert_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_null (ladder_diagram_new (LADDER_DIAGRAM_TRACEROUTE, capture, analysis, NULL, &error));
  g_assert_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_false (ladder_diagram_export (d, bad, 0, 0, 0, &error));
  g_assert_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_FORMAT);
}

/* Thousands of packets: the layout is linear and the painter only visits
 * what is visible (checked by painting a narrow strip). */
static void
test_sequence_large (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("tcp-retransmit.pcap");
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, -1, FALSE);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 200);
  cairo_t *cr = cairo_create (surface);
  g_autoptr (GTimer) timer = g_timer_new ();

  g_assert_cmpuint (seq (d)->arrows->len, >, 200);
  cairo_translate (cr, 0, -d->height / 2);
  ladder_diagram_paint (d, cr, 0, d->height / 2, 400, 200, 0);
  g_test_message ("painted a 200 px strip of %u arrows in %.2f ms", seq (d)->arrows->len,
                  g_timer_elapsed (timer, NULL) * 1000);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Traceroute. */

static LadderTrModel *
tr (LadderDiagram *d)
{
  g_assert_cmpint (ladder_diagram_get_kind (d), ==, LADDER_DIAGRAM_TRACEROUTE);
  return d->model;
}

/* Hovering the quoted-header panel's rows explains each field: every row
 * from top to bottom, the TTL as changed by the routers, the rest the same. */
static void
check_panel_tooltips (LadderDiagram *d, LadderTrModel *m, guint64 reply)
{
  double x = m->panel_x + m->panel_w / 2;
  g_autofree char *last = NULL;
  gboolean ttl = FALSE, source = FALSE;
  guint rows = 0;

  for (double y = m->panel_y; y < d->height; y += 2)
    {
      g_autofree char *text = ladder_diagram_describe_at (d, x, y, reply);

      if (text == NULL || g_strcmp0 (text, last) == 0)
        continue;
      rows++;
      g_assert_nonnull (strstr (text, "probe as sent: "));
      g_assert_nonnull (strstr (text, "quoted by the router: "));
      if (g_str_has_prefix (text, "TTL\n"))
        ttl = strstr (text, "changed on the way") != NULL && strstr (text, "subtracts 1") != NULL;
      if (g_str_has_prefix (text, "source\n"))
        source = strstr (text, "the same in both") != NULL;
      g_free (last);
      last = g_steal_pointer (&text);
    }
  g_assert_cmpuint (rows, >=, 5);
  g_assert_true (ttl);
  g_assert_true (source);
  /* Nothing selected, or outside the panel: no tooltip. */
  g_assert_null (ladder_diagram_describe_at (d, x, m->panel_y + m->panel_w / 4, 0));
  g_assert_null (ladder_diagram_describe_at (d, m->panel_x - 20, m->panel_y + 100, reply));
}

static void
test_traceroute_fixture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *file = g_strconcat (name, ".pcap", NULL);
  g_autofree char *art = g_strconcat ("traceroute-", name, NULL);
  g_autoptr (LadderCapture) capture = draw_fixture_load (file);
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_TRACEROUTE, -1, FALSE);
  LadderTrModel *m = tr (d);
  g_autoptr (GArray) frames = ladder_diagram_get_frames (d);
  guint answered = 0;
  guint64 error_reply = 0;

  for (guint i = 0; i < m->rows->len; i++)
    {
      const LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      double x = g_array_index (m->nodes, LadderTrNode, 0).x + 10;
      g_assert_cmpuint (r->end_node, ==, r->hop + 1);
      g_assert_cmpuint (ladder_diagram_hit_test (d, x, r->y), ==, r->probe->probe);
      if (r->probe->reply == 0)
        continue;
      answered++;
      g_assert_cmpuint (ladder_diagram_hit_test (d, x, r->y_return), ==, r->probe->reply);
      if (r->hop > 0 && r->probe->reply_type == LADDER_TRACEROUTE_REPLY_TIME_EXCEEDED)
        error_reply = r->probe->reply;
    }
  g_assert_cmpuint (frames->len, ==, m->rows->len + answered);
  g_assert_cmpuint (m->nodes->len, >=, m->run->n_hops + 1);
  g_assert_cmpuint (count_messages (d), ==, m->rows->len + answered);
  if (error_reply != 0)
    {
      /* the selected error's quote is compared with its probe, the TTL explained */
      g_autofree char *svg = ladder_diagram_to_svg (d, error_reply);
      g_assert_nonnull (strstr (svg, "quoted in #"));
      g_assert_nonnull (strstr (svg, "by routers"));
      g_assert_nonnull (strstr (svg, "\u2713 same"));
      check_panel_tooltips (d, m, error_reply);
    }
  check_exports (d, art, error_reply, (const char * const[]) { "traceroute to", "client", "TTL 1", NULL });
}

static void
test_traceroute_lab (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_lab_traceroute ();
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_TRACEROUTE, -1, FALSE);
  LadderTrModel *m = tr (d);
  guint checked = 0;

  g_assert_true (m->measured);
  g_assert_cmpstr (g_array_index (m->nodes, LadderTrNode, 0).link_name, ==, "client\u2013r1");
  for (guint i = 0; i < m->rows->len; i++)
    {
      const LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      /* the TTL on each link, read from the packet captured there */
      for (guint k = 0; k < r->n_measured; k++, checked++)
        g_assert_cmpuint (r->measured_ttl[k], ==, r->probe->ttl - k);
    }
  g_assert_cmpuint (checked, >=, 12);
  check_exports (d, "traceroute-lab", 0, (const char * const[]) { "TTL 4", "TTL 3", "r1\u2013r2", NULL });
}

/* 5-tuples. */

static void
test_tuples (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("tcp-multi-client.pcap");
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_TUPLES, -1, FALSE);
  LadderTuplesModel *m = d->model;
  g_autofree char *mmd = ladder_diagram_to_mermaid (d);

  g_assert_cmpuint (m->cards->len, ==, 3);
  g_assert_cmpuint (m->groups->len, ==, 1);
  g_assert_nonnull (g_array_index (m->groups, LadderTuplesGroup, 0).caption);
  for (guint i = 0; i < m->cards->len; i++)
    {
      const LadderTuplesCard *c = &g_array_index (m->cards, LadderTuplesCard, i);
      g_assert_true (c->differs_port);
      g_assert_cmpuint (ladder_diagram_hit_test (d, m->col_x[2], c->y + m->card_h / 2), ==, c->frame);
    }
  g_assert_cmpstr (ladder_tuples_port_class (7, FALSE), ==, "well-known");
  g_assert_cmpstr (ladder_tuples_port_class (40129, TRUE), ==, "ephemeral");
  g_assert_cmpstr (ladder_tuples_port_class (7005, FALSE), ==, "registered");
  g_assert_true (g_str_has_prefix (mmd, "flowchart LR\n"));
  g_assert_cmpuint (count_substrings (mmd, "-->"), ==, 3);
  check_exports (d, "tuples-multi-client", 7, (const char * const[]) { "35237", "40129", "41589",
                                                                      "ephemeral", "share server port 7005", NULL });
}

/* The lab's records name each end's socket as `ss -tap` does: the
 * listening socket's fd, the fd accept() returned, the client's fd. */
static void
test_tuples_owners (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_lab_echo (FALSE);
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_TUPLES, -1, FALSE);
  LadderTuplesModel *m = d->model;
  const LadderTuplesCard *card = NULL;
  const LadderTuplesGroup *g;
  char main[96], sub[96];

  for (guint i = 0; i < m->cards->len; i++)
    if (g_array_index (m->cards, LadderTuplesCard, i).server_socket != NULL)
      card = &g_array_index (m->cards, LadderTuplesCard, i);
  g_assert_nonnull (card);
  g = &g_array_index (m->groups, LadderTuplesGroup, card->group);
  g_assert_true (m->has_owners);
  g_assert_cmpint (card->server_socket->fd, ==, 4);
  g_assert_cmpuint (card->server_socket->pid, ==, 200);
  g_assert_nonnull (card->client_socket);
  g_assert_cmpint (card->client_socket->fd, ==, 3);
  g_assert_nonnull (strstr (g->listen_text, "fd 3 \u00b7 tcp-echo-server pid 200"));
  ladder_tuples_card_text (d, card, LADDER_TUPLES_COL_OWNER, main, sub);
  g_assert_cmpstr (main, ==, "fd 4");
  g_assert_cmpstr (sub, ==, "tcp-echo-server \u00b7 pid 200");
  ladder_tuples_card_text (d, card, LADDER_TUPLES_COL_SPORT, main, sub);
  g_assert_nonnull (strstr (sub, "client fd 3"));
  check_exports (d, "tuples-owners", 0, (const char * const[]) { "fd 4", "LISTEN 0.0.0.0:7000", NULL });
}

/* Without the lab's records there are no owners, and no column for them. */
static void
test_tuples_no_owners (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("tcp-multi-client.pcap");
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_TUPLES, -1, FALSE);
  LadderTuplesModel *m = d->model;

  g_assert_false (m->has_owners);
  g_assert_cmpfloat (m->col_x[LADDER_TUPLES_COL_OWNER + 1], ==, m->col_x[LADDER_TUPLES_COL_OWNER]);
}

static void
test_tuples_udp (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("udp-timestamp.pcap");
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_TUPLES, -1, FALSE);

  check_exports (d, "tuples-udp-timestamp", 0, (const char * const[]) { "UDP", NULL });
}

/* A SYN answered by RST: each card marked refused, no listening socket
 * drawn (nothing listened), the caption says why. */
static void
test_tuples_refused (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("tcp-refused.pcap");
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_TUPLES, -1, FALSE);
  LadderTuplesModel *m = d->model;
  g_autofree char *svg = NULL;

  g_assert_cmpuint (m->cards->len, ==, 2);
  g_assert_cmpuint (m->groups->len, ==, 2);
  for (guint i = 0; i < m->groups->len; i++)
    {
      const LadderTuplesGroup *g = &g_array_index (m->groups, LadderTuplesGroup, i);
      g_assert_true (g_array_index (m->cards, LadderTuplesCard, i).refused);
      g_assert_cmpuint (g->n_refused, ==, 1);
      g_assert_null (g->listen_text);
      g_assert_nonnull (strstr (g->caption, "nothing listens on port 7999"));
      g_assert_true (g_str_has_prefix (g->title, "TCP to "));
    }
  svg = ladder_diagram_to_svg (d, 0);
  g_assert_null (strstr (svg, "listening socket"));
  g_assert_nonnull (strstr (svg, "REFUSED"));
  check_exports (d, "tuples-refused", 0, (const char * const[]) { "SYN answered by RST", "REFUSED", NULL });
}

/* Projection: font scale, dark palette. */

static void
test_projection (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load ("tcp-echo-v4.pcap");
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
  g_autoptr (LadderDiagram) small = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, -1, FALSE);
  g_autoptr (LadderDiagram) big = NULL;
  g_autofree char *png_file = artifact ("sequence-tcp-echo-dark-x1.5.png");
  LadderDiagramOptions options;
  cairo_surface_t *png;
  guint8 *px;

  ladder_diagram_options_init (&options);
  options.font_scale = 1.5;
  options.dark = TRUE;
  big = ladder_diagram_new (LADDER_DIAGRAM_SEQUENCE, capture, analysis, &options, NULL);
  g_assert_cmpfloat (big->width, >, small->width * 1.3);
  g_assert_true (ladder_diagram_export (big, png_file, 6, 0, 0, NULL));
  png = cairo_image_surface_create_from_png (png_file);
  px = cairo_image_surface_get_data (png);
  /* a dark background (BGRA, little-endian) */
  g_assert_cmpuint (px[0] + px[1] + px[2], <, 3 * 64);
  cairo_surface_destroy (png);
}

/* FILE's diagram of KIND at projector scale (1.75), laid out to MAX_WIDTH
 * (0: not). */
static LadderDiagram *
projected (const char *file, LadderDiagramKind kind, double max_width)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load (file);
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
  LadderDiagramOptions options;
  LadderDiagram *d;

  ladder_diagram_options_init (&options);
  options.font_scale = 1.75;
  options.max_width = max_width;
  d = ladder_diagram_new (kind, capture, analysis, &options, NULL);
  g_assert_nonnull (d);
  return d;
}

/* Lecture mode's width (options.max_width, 1856 px at 1920x1080): the
 * staircase narrows its gaps and puts the quoted-header panel below; the
 * 5-tuple cards put their summaries on a third line; a ladder of five hosts
 * narrows its gaps.  Text keeps its size. */
static void
test_projection_fit (void)
{
  g_autoptr (LadderDiagram) tr_wide = projected ("traceroute-udp-v4.pcap", LADDER_DIAGRAM_TRACEROUTE, 0);
  g_autoptr (LadderDiagram) tr = projected ("traceroute-udp-v4.pcap", LADDER_DIAGRAM_TRACEROUTE, 1856);
  g_autoptr (LadderDiagram) cards_wide = projected ("tcp-multi-client.pcap", LADDER_DIAGRAM_TUPLES, 0);
  g_autoptr (LadderDiagram) cards = projected ("tcp-multi-client.pcap", LADDER_DIAGRAM_TUPLES, 1856);
  g_autoptr (LadderDiagram) seq_wide = projected ("traceroute-router-links.pcap", LADDER_DIAGRAM_SEQUENCE, 0);
  g_autoptr (LadderDiagram) seq = projected ("traceroute-router-links.pcap", LADDER_DIAGRAM_SEQUENCE, 1856);
  const LadderTrModel *m = tr->model;
  const LadderSeqModel *sm = seq->model;

  g_test_message ("staircase %.0f -> %.0f px, cards %.0f -> %.0f px, ladder of %u hosts %.0f -> %.0f px",
                  tr_wide->width, tr->width, cards_wide->width, cards->width, sm->lifelines->len,
                  seq_wide->width, seq->width);
  g_assert_cmpfloat (tr_wide->width, >, 1856);
  g_assert_cmpfloat (tr->width, <=, 1856);
  g_assert_cmpfloat (m->panel_y, >=, m->rows_bottom);
  g_assert_cmpfloat (m->panel_x + m->panel_w, <=, tr->width);
  g_assert_true (((LadderTuplesModel *) cards->model)->summary_below);
  g_assert_false (((LadderTuplesModel *) cards_wide->model)->summary_below);
  g_assert_cmpfloat (cards->width, <, cards_wide->width);
  g_assert_cmpuint (sm->lifelines->len, >=, 4);
  g_assert_cmpfloat (seq->width, <, seq_wide->width);
  g_assert_cmpfloat (ladder_diagram_get_text_px (seq, 1), ==, ladder_diagram_get_text_px (seq_wide, 1));
  g_assert_cmpfloat (ladder_diagram_get_text_px (tr, 0), ==, ladder_diagram_get_text_px (tr_wide, 0));
}

/* Every capture of tests/data and its third-party corpus, in every view:
 * whatever the input (truncated, malformed, odd link types), building,
 * painting, hit testing and exporting must not crash (run under ASan). */
static void
draw_everything (LadderCapture *capture)
{
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);

  for (int kind = LADDER_DIAGRAM_SEQUENCE; kind <= LADDER_DIAGRAM_TUPLES; kind++)
    {
      g_autoptr (LadderDiagram) d = ladder_diagram_new (kind, capture, analysis, NULL, NULL);
      g_autofree char *svg = NULL, *mmd = NULL;
      g_autoptr (GArray) frames = NULL;
      cairo_surface_t *surface;
      cairo_t *cr;
      double w, h;

      if (d == NULL)
        continue;
      ladder_diagram_get_size (d, &w, &h);
      g_assert_cmpfloat (w, >, 0);
      g_assert_cmpfloat (h, >, 0);
      frames = ladder_diagram_get_frames (d);
      svg = ladder_diagram_to_svg (d, frames->len ? g_array_index (frames, guint64, 0) : 0);
      mmd = ladder_diagram_to_mermaid (d);
      g_assert_true (g_str_has_prefix (svg, "<?xml"));
      for (double y = 0; y < h; y += h / 16)
        ladder_diagram_hit_test (d, w / 2, y);
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
      cr = cairo_create (surface);
      cairo_scale (cr, 0.05, 0.05);
      ladder_diagram_paint (d, cr, 0, 0, w, MIN (h, 4000), 0);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

static void
test_every_capture (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *data = g_build_filename (srcdir ? srcdir : ".", "..", "data", NULL);
  g_autofree char *corpus = g_build_filename (data, "corpus", NULL);
  const char *dirs[] = { data, corpus };
  guint n = 0;

  for (guint k = 0; k < G_N_ELEMENTS (dirs); k++)
    {
      g_autoptr (GDir) dir = g_dir_open (dirs[k], 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dirs[k], name, NULL);
          g_autoptr (LadderCapture) capture = ladder_capture_new ();

          if (!g_str_has_suffix (name, ".pcap") && !g_str_has_suffix (name, ".pcapng"))
            continue;
          /* truncated or malformed files still give what was read before */
          ladder_load_file (capture, path, NULL, NULL, NULL, NULL);
          draw_everything (capture);
          n++;
        }
    }
  g_test_message ("%u captures drawn in every view", n);
  g_assert_cmpuint (n, >, 100);
}

static void
test_empty_capture (void)
{
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
  g_autoptr (LadderDiagram) d = ladder_diagram_new (LADDER_DIAGRAM_SEQUENCE, capture, analysis, NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *svg = NULL;

  g_assert_nonnull (d);
  svg = ladder_diagram_to_svg (d, 0);
  g_assert_nonnull (strstr (svg, "No IP packets to draw."));
  g_assert_null (ladder_diagram_new (LADDER_DIAGRAM_TUPLES, capture, analysis, NULL, &error));
  g_assert_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_EMPTY);
  check_exports (d, "sequence-empty", 0, (const char * const[]) { "No IP packets", NULL });
}

/* Captures recorded by the lab itself (tests/draw/data, made with
 * `wireladder-cli lab run SCENARIO -w FILE`). */

static void
test_recorded_echo (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load_recorded ("lab-tcp-echo.pcapng");
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, 0, TRUE);
  LadderSeqModel *m = seq (d);
  const LadderSeqCall *connect, *accept;
  gboolean slanted = FALSE;

  /* seen on every link, drawn once per packet, slanted by the measured delay */
  g_assert_cmpuint (m->arrows->len, ==, 14);
  for (guint i = 0; i < m->arrows->len; i++)
    slanted |= g_array_index (m->arrows, LadderSeqArrow, i).slanted;
  g_assert_true (slanted);
  g_assert_cmpstr (g_array_index (m->lifelines, LadderSeqLifeline, 0).title, ==, "client");
  g_assert_cmpstr (g_array_index (m->lifelines, LadderSeqLifeline, 1).title, ==, "server");
  connect = find_call (m, 0, "connect(");
  accept = find_call (m, 1, "accept(");
  g_assert_nonnull (connect);
  g_assert_nonnull (accept);
  g_assert_nonnull (find_call (m, 1, "listen("));
  g_assert_nonnull (find_call (m, 0, "close("));
  /* connect() is entered before the SYN leaves */
  g_assert_cmpfloat (connect->y0, <, ladder_seq_find_arrow (m, g_array_index (m->arrows, LadderSeqArrow, 0).frame)->y0);
  g_assert_true (m->has_kernel);
  g_assert_nonnull (band_at (m, 1, TRUE, LADDER_TCP_LISTEN));
  check_arrows_hit (d);
  /* recorded before the tracepoint: its kernel states are samples, and say so */
  g_assert_true (m->kernel_sampled);
  check_exports (d, "recorded-tcp-echo", 0, (const char * const[]) { "connect(", "kernel state",
                                                                     "(sampled)", NULL });
}

/* Recorded as root with the tracepoint: every kernel state change of both
 * ends, the short ones too, none marked as a sample. */
static void
test_recorded_echo_traced (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load_recorded ("lab-tcp-echo-traced.pcapng");
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, 0, TRUE);
  LadderSeqModel *m = seq (d);
  g_autofree char *svg = NULL;

  g_assert_true (m->has_kernel);
  g_assert_false (m->kernel_sampled);
  g_assert_nonnull (band_at (m, 0, TRUE, LADDER_TCP_SYN_SENT));
  g_assert_nonnull (band_at (m, 0, TRUE, LADDER_TCP_FIN_WAIT_1));
  g_assert_nonnull (band_at (m, 0, TRUE, LADDER_TCP_FIN_WAIT_2));
  g_assert_nonnull (band_at (m, 0, TRUE, LADDER_TCP_TIME_WAIT));
  g_assert_nonnull (band_at (m, 1, TRUE, LADDER_TCP_CLOSE_WAIT));
  g_assert_nonnull (band_at (m, 1, TRUE, LADDER_TCP_LAST_ACK));
  check_exports (d, "recorded-tcp-echo-traced", 0,
                 (const char * const[]) { "kernel state", "sock:inet_sock_set_state", NULL });
  svg = ladder_diagram_to_svg (d, 0);
  g_assert_null (strstr (svg, "(sampled)"));
}

static void
test_recorded_traceroute (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load_recorded ("lab-traceroute.pcapng");
  g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_TRACEROUTE, -1, FALSE);
  LadderTrModel *m = tr (d);
  guint measured = 0;

  g_assert_true (m->measured);
  g_assert_true (m->run->reached);
  g_assert_cmpstr (g_array_index (m->nodes, LadderTrNode, 0).link_name, ==, "client\u2013r1");
  for (guint i = 0; i < m->rows->len; i++)
    {
      const LadderTrRow *r = &g_array_index (m->rows, LadderTrRow, i);
      g_assert_cmpuint (r->n_measured, ==, r->hop + 1);
      for (guint k = 0; k < r->n_measured; k++, measured++)
        g_assert_cmpuint (r->measured_ttl[k], ==, r->probe->ttl - k);
    }
  g_assert_cmpuint (measured, >=, 12);
  check_exports (d, "recorded-traceroute", 0, (const char * const[]) { "r2\u2013r3", "TTL 3", NULL });
}

static void
test_recorded_select_chat (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load_recorded ("lab-select-chat.pcapng");
  g_autoptr (LadderDiagram) cards = ladder_test_diagram (capture, LADDER_DIAGRAM_TUPLES, -1, FALSE);
  g_autoptr (LadderDiagram) all = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, -1, TRUE);
  LadderTuplesModel *t = cards->model;
  const LadderTuplesGroup *g = &g_array_index (t->groups, LadderTuplesGroup, 0);

  /* three clients on one server port, the kernel's listening socket above them */
  g_assert_cmpuint (t->cards->len, ==, 3);
  g_assert_cmpuint (t->groups->len, ==, 1);
  g_assert_nonnull (strstr (g->listen_text, "kernel"));
  /* recorded by a real run: the listener's fd and one fd per accepted
   * client, all of the server's one process */
  g_assert_true (g_regex_match_simple ("LISTEN 0\\.0\\.0\\.0:9999 \\(kernel, fd [0-9]+ ", g->listen_text, 0, 0));
  for (guint i = 0; i < t->cards->len; i++)
    {
      const LadderTuplesCard *c = &g_array_index (t->cards, LadderTuplesCard, i);
      g_assert_nonnull (c->server_socket);
      g_assert_cmpint (c->server_socket->fd, >=, 3);
      g_assert_cmpuint (c->server_socket->pid, ==, g_array_index (t->cards, LadderTuplesCard, 0).server_socket->pid);
      g_assert_cmpstr (c->server_socket->program, ==, "select-chat-server");
      for (guint j = 0; j < i; j++)
        g_assert_cmpint (c->server_socket->fd, !=, g_array_index (t->cards, LadderTuplesCard, j).server_socket->fd);
      g_assert_nonnull (c->client_socket);
      g_assert_cmpstr (c->client_socket->program, ==, "select-chat-client");
    }
  /* every packet: the clients and the server, the hosts' multicast chatter left out */
  g_assert_cmpuint (seq (all)->lifelines->len, ==, 3);
  /* the server, which every connection touches, on the right edge */
  g_assert_cmpstr (g_array_index (seq (all)->lifelines, LadderSeqLifeline, 2).title, ==, "server");
  g_assert_cmpuint (seq (all)->calls->len, >, 20);
  g_assert_cmpuint (seq (all)->background, >, 0);
  check_exports (cards, "recorded-select-chat-tuples", 0,
                 (const char * const[]) { "share server port 9999", "LISTEN", NULL });
}

/* Issue 10: the whole socket lifecycle of a real run, whether one
 * conversation or every packet is drawn, in either time mode. */

static const LadderSeqCall *
assert_lane (LadderSeqModel *m, const char *title, const char *const *prefixes)
{
  const LadderSeqCall *prev = NULL;
  int lifeline = -1;

  for (guint i = 0; i < m->lifelines->len; i++)
    if (g_strcmp0 (g_array_index (m->lifelines, LadderSeqLifeline, i).title, title) == 0)
      lifeline = (int) i;
  g_assert_cmpint (lifeline, >=, 0);
  for (guint p = 0; prefixes[p] != NULL; p++)
    {
      const LadderSeqCall *found = NULL;
      for (guint i = 0; i < m->calls->len && found == NULL; i++)
        {
          const LadderSeqCall *c = &g_array_index (m->calls, LadderSeqCall, i);
          if (c->lifeline == lifeline && g_str_has_prefix (c->text, prefixes[p]) && (prev == NULL || c->ts0 > prev->ts0))
            found = c;
        }
      if (found == NULL)
        g_error ("%s: no %s after the calls before it", title, prefixes[p]);
      g_assert_true (prev == NULL || found->y0 > prev->y0);
      prev = found;
    }
  return prev;
}

static int
mermaid_line (char **lines, const char *a, const char *b)
{
  for (int i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], a) != NULL && (b == NULL || strstr (lines[i], b) != NULL))
      return i;
  return -1;
}

static void
test_recorded_lifecycle (void)
{
  g_autoptr (LadderCapture) capture = draw_fixture_load_recorded ("lab-tcp-echo.pcapng");

  for (int conversation = -1; conversation <= 0; conversation++)
    for (int compressed = 0; compressed < 2; compressed++)
      {
        g_autoptr (LadderDiagram) d = ladder_test_diagram (capture, LADDER_DIAGRAM_SEQUENCE, conversation, compressed);
        LadderSeqModel *m = seq (d);
        const LadderSeqArrow *syn = &g_array_index (m->arrows, LadderSeqArrow, 0);
        const LadderSeqCall *accept, *connect;
        g_autofree char *mermaid = ladder_diagram_to_mermaid (d);
        g_auto (GStrv) lines = g_strsplit (mermaid, "\n", -1);

        /* every call of the run, socket() to close() */
        g_assert_cmpuint (m->calls->len, ==, ladder_capture_get_n_calls (capture));
        accept = assert_lane (m, "server", (const char *[]) { "socket(", "setsockopt(", "bind(", "listen(",
                                                              "accept(", "recv(", "send(", "close(", NULL });
        connect = assert_lane (m, "client", (const char *[]) { "socket(", "setsockopt(", "connect(", NULL });
        assert_lane (m, "client", (const char *[]) { "connect(", "send(", "recv(", "close(", NULL });
        accept = assert_lane (m, "server", (const char *[]) { "accept(", NULL });
        /* made before the first packet: above it, blocking ones spanning it */
        g_assert_cmpfloat (accept->y0, <, syn->y0);
        g_assert_cmpfloat (accept->y1, >, syn->y0);
        g_assert_cmpfloat (connect->y0, <, syn->y0);
        g_assert_cmpfloat (connect->y1, >, syn->y0);
        /* Mermaid: the blocked accept() and connect() stand where they returned */
        g_assert_cmpint (mermaid_line (lines, "accept(", "called at -"), >, mermaid_line (lines, "SYN seq=0", NULL));
        g_assert_cmpint (mermaid_line (lines, "connect(", "called at -"), >, mermaid_line (lines, "SYN-ACK", NULL));
        g_assert_cmpint (mermaid_line (lines, "bind(", NULL), <, mermaid_line (lines, "SYN seq=0", NULL));
        g_assert_cmpint (mermaid_line (lines, "listen(", NULL), >, mermaid_line (lines, "bind(", NULL));
        if (conversation < 0 && !compressed)
          check_exports (d, "recorded-tcp-echo-lifecycle", 0,
                         (const char * const[]) { "bind(4, 0.0.0.0:7) = 0", "listen(4, 5) = 0", "accept(4)",
                                                  "returned 5", NULL });
      }
}

/* Routers that answered stand between the hosts, in TTL order, from the left. */
static void
test_sequence_path (void)
{
  g_autoptr (LadderCapture) ping = draw_fixture_load ("ping-ttl-expire.pcap");
  g_autoptr (LadderCapture) trace = draw_fixture_load_recorded ("lab-traceroute.pcapng");
  const char *hops[] = { "10.0.1.1", "10.0.1.2", "10.0.2.2", "10.0.3.2", "10.0.4.2" };

  for (int conversation = -1; conversation <= 0; conversation++)
    {
      g_autoptr (LadderDiagram) d = ladder_test_diagram (ping, LADDER_DIAGRAM_SEQUENCE, conversation, FALSE);
      LadderSeqModel *m = seq (d);
      g_autofree char *mermaid = ladder_diagram_to_mermaid (d);

      g_assert_cmpint (ladder_test_lifeline (m, "10.0.0.2"), ==, 0);
      g_assert_cmpint (ladder_test_lifeline (m, "10.0.1.2"), ==, 1);
      g_assert_cmpint (ladder_test_lifeline (m, "10.0.3.2"), ==, 2);
      g_assert_cmpint (g_array_index (m->arrows, LadderSeqArrow, 0).died_at, ==, 1);
      g_assert_nonnull (strstr (mermaid, "participant P1 as 10.0.1.2"));
      g_assert_nonnull (strstr (mermaid, "P0-xP1: Echo request"));
    }
  {
    g_autoptr (LadderDiagram) d = ladder_test_diagram (trace, LADDER_DIAGRAM_SEQUENCE, -1, TRUE);

    for (guint i = 0; i < G_N_ELEMENTS (hops); i++)
      g_assert_cmpint (ladder_test_lifeline (seq (d), hops[i]), ==, (int) i);
  }
}

/* wireladder-cli render: formats by extension, exit 0/1/2. */

static int
run_cli (const char *const *args, char **err)
{
  const char *cli = g_getenv ("WIRELADDER_CLI");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli_render (void)
{
  g_autofree char *echo = g_test_build_filename (G_TEST_DIST, "..", "data", "tcp-echo-v4.pcap", NULL);
  g_autofree char *trace = g_test_build_filename (G_TEST_DIST, "..", "data", "traceroute-icmp-v4.pcap", NULL);
  g_autofree char *png = artifact ("cli-sequence.png"), *mmd = artifact ("cli-traceroute.mmd");
  g_autofree char *text = NULL, *err = NULL;
  cairo_surface_t *surface;

  if (g_getenv ("WIRELADDER_CLI") == NULL)
    {
      g_test_skip ("WIRELADDER_CLI is not set (run through meson test)");
      return;
    }
  g_assert_cmpint (run_cli ((const char * const[]) { "render", echo, "--view", "sequence", "--compressed",
                                                     "-o", png, NULL }, NULL), ==, 0);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (surface), >=, 800);
  g_assert_cmpint (cairo_image_surface_get_height (surface), >=, 400);
  cairo_surface_destroy (surface);
  g_assert_cmpint (run_cli ((const char * const[]) { "render", trace, "--view", "traceroute", "-o", mmd, NULL },
                            NULL), ==, 0);
  g_assert_true (g_file_get_contents (mmd, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "sequenceDiagram\n"));
  /* usage: 2; nothing to draw or unreadable: 1, with a message */
  g_assert_cmpint (run_cli ((const char * const[]) { "render", echo, "--view", "pie", "-o", png, NULL }, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--view"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char * const[]) { "render", echo, "--view", "tuples", "-o", "x.gif", NULL }, &err), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char * const[]) { "render", echo, "--view", "tuples", NULL }, &err), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char * const[]) { "render", echo, "--view", "traceroute", "-o", png, NULL }, &err), ==, 1);
  g_assert_nonnull (strstr (err, "no traceroute"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char * const[]) { "render", echo, "--view", "sequence", "--conversation", "5",
                                                     "-o", png, NULL }, &err), ==, 1);
  g_assert_nonnull (strstr (err, "no conversation 5"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char * const[]) { "render", "/nonexistent.pcap", "--view", "sequence",
                                                     "-o", png, NULL }, &err), ==, 1);
}

int
main (int argc, char **argv)
{
  static const char * const traceroutes[] = {
    "traceroute-udp-v4", "traceroute-udp-v6", "traceroute-icmp-v4", "traceroute-icmp-v6",
    "traceroute-tcp-v4", "traceroute-tcp-v6", "traceroute-unanswered", "traceroute-unreachable",
    "traceroute-q1-m8",
  };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/draw/sequence/echo", test_sequence_echo);
  g_test_add_func ("/ladder/draw/sequence/compressed", test_sequence_compressed);
  g_test_add_func ("/ladder/draw/sequence/marks", test_sequence_marks);
  g_test_add_func ("/ladder/draw/sequence/icmp-error", test_sequence_icmp_error);
  g_test_add_func ("/ladder/draw/sequence/ping-errors", test_sequence_ping_errors);
  g_test_add_func ("/ladder/draw/sequence/lab", test_sequence_lab);
  g_test_add_func ("/ladder/draw/sequence/disagreement", test_sequence_disagreement);
  g_test_add_func ("/ladder/draw/sequence/errors", test_sequence_errors);
  g_test_add_func ("/ladder/draw/sequence/large", test_sequence_large);
  for (guint i = 0; i < G_N_ELEMENTS (traceroutes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ladder/draw/traceroute/%s", traceroutes[i]);
      g_test_add_data_func (path, traceroutes[i], test_traceroute_fixture);
    }
  g_test_add_func ("/ladder/draw/traceroute/lab", test_traceroute_lab);
  g_test_add_func ("/ladder/draw/tuples/multi-client", test_tuples);
  g_test_add_func ("/ladder/draw/tuples/udp", test_tuples_udp);
  g_test_add_func ("/ladder/draw/tuples/owners", test_tuples_owners);
  g_test_add_func ("/ladder/draw/tuples/no-owners", test_tuples_no_owners);
  g_test_add_func ("/ladder/draw/tuples/refused", test_tuples_refused);
  g_test_add_func ("/ladder/draw/projection", test_projection);
  g_test_add_func ("/ladder/draw/projection/fit-width", test_projection_fit);
  g_test_add_func ("/ladder/draw/cli/render", test_cli_render);
  g_test_add_func ("/ladder/draw/every-capture", test_every_capture);
  g_test_add_func ("/ladder/draw/empty", test_empty_capture);
  g_test_add_func ("/ladder/draw/recorded/tcp-echo", test_recorded_echo);
  g_test_add_func ("/ladder/draw/recorded/tcp-echo-traced", test_recorded_echo_traced);
  g_test_add_func ("/ladder/draw/recorded/traceroute", test_recorded_traceroute);
  g_test_add_func ("/ladder/draw/recorded/select-chat", test_recorded_select_chat);
  g_test_add_func ("/ladder/draw/recorded/lifecycle", test_recorded_lifecycle);
  g_test_add_func ("/ladder/draw/sequence/path", test_sequence_path);
  return g_test_run ();
}
