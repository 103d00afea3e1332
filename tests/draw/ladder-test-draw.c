/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-draw.c: see ladder-test-draw.h. */
#include "ladder-test-draw.h"

LadderDiagram *
ladder_test_diagram (LadderCapture *capture, LadderDiagramKind kind, gint conversation, gboolean compressed)
{
  g_autoptr (LadderAnalysis) analysis = ladder_capture_analyse (capture);
  g_autoptr (GError) error = NULL;
  LadderDiagramOptions options;
  LadderDiagram *d;

  ladder_diagram_options_init (&options);
  options.conversation = conversation;
  options.compressed = compressed;
  d = ladder_diagram_new (kind, capture, analysis, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

int
ladder_test_lifeline (LadderSeqModel *m, const char *addr)
{
  LadderAddr a;

  g_assert_true (ladder_addr_parse (addr, &a));
  for (guint i = 0; i < m->lifelines->len; i++)
    if (ladder_addr_equal (&g_array_index (m->lifelines, LadderSeqLifeline, i).addr, &a))
      return (int) i;
  return -1;
}
