/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-analysis-table.h: one table of the analysis, as the tools print
 * it: the conversations (5-tuples), ping's probes with its closing
 * statistics, or traceroute's hops; an empty state says when the capture
 * has no ping or traceroute.
 *
 * Properties:
 *   kind    char*  construct-only: "conversations", "ping" or "traceroute"
 *   n-rows  guint  read-only: rows in the table
 *
 * Signals:
 *   conversation-activated (int index)          a conversation row
 *   frame-activated (guint64 frame, guint run)  a ping or traceroute row:
 *                                               its request or probe, and
 *                                               the traceroute run
 */
#pragma once

#include <gtk/gtk.h>

#include "ladder-capture.h"
#include "ladder-table-view.h"

G_BEGIN_DECLS

#define LADDER_TYPE_ANALYSIS_TABLE (ladder_analysis_table_get_type ())
G_DECLARE_FINAL_TYPE (LadderAnalysisTable, ladder_analysis_table, LADDER, ANALYSIS_TABLE, GtkWidget)

GtkWidget       *ladder_analysis_table_new          (const char *kind);
/* Rebuilds the rows from ANALYSIS (NULL: none). */
void             ladder_analysis_table_set_analysis (LadderAnalysisTable *self, LadderAnalysis *analysis);
/* The rows: a list of keys (for conversations, the conversation index). */
GListModel      *ladder_analysis_table_get_rows     (LadderAnalysisTable *self);
/* The row of KEY, or G_MAXUINT. */
guint            ladder_analysis_table_find_row     (LadderAnalysisTable *self, guint64 key);
LadderTableView *ladder_analysis_table_get_view     (LadderAnalysisTable *self);
/* Whether the empty state is shown instead of the table. */
gboolean         ladder_analysis_table_get_empty    (LadderAnalysisTable *self);

G_END_DECLS
