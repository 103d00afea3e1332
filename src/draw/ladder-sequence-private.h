/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sequence-private.h: between the sequence diagram's files. */
#pragma once

#include "ladder-diagram-private.h"

G_BEGIN_DECLS

extern const LadderDiagramClass ladder_seq_class;

void            ladder_seq_model_free (gpointer model);
LadderSeqArrow *ladder_seq_find_arrow (LadderSeqModel *m, guint64 frame);
/* Places everything (ladder-sequence-layout.c). */
void   ladder_seq_layout     (LadderDiagram *d, LadderSeqModel *m,
                              const LadderConversation *tcp_conv);
double ladder_seq_time_to_y  (LadderSeqModel *m, gint64 ts);
/* TEXT in lines of ROLE's font no wider than WIDTH: broken at spaces, a
 * word wider than WIDTH inside it; at least one line (g_strfreev). */
char **ladder_seq_wrap       (LadderDiagram *d, LadderFontRole role, const char *text, double width);
/* What a call's box says where it starts: all of it, or up to its result
 * when it blocked while packets went by (g_free). */
char  *ladder_seq_call_head  (const LadderSeqCall *c);
/* Whether a kernel band of wire band B's lifeline shows B's state while
 * B lasts (condensed: B's own label is then left out). */
gboolean ladder_seq_kernel_says (LadderSeqModel *m, const LadderSeqBand *b);
/* The legend's sentence about state bands (ladder-sequence-paint.c). */
const char *ladder_seq_state_legend (LadderSeqModel *m);
/* "pause 0.8 s", for the marks where a long pause was cut short. */
void   ladder_seq_format_pause (gint64 ns, char *buf, gsize size);
/* " (sampled)" after a kernel state seen by sampling, as drawn and measured. */
const char *ladder_seq_sampled_suffix (void);
/* Routers that answered between the hosts they connect (ladder-sequence-path.c);
 * before arrows' deaths are placed. */
void   ladder_seq_order_path (LadderDiagram *d, LadderSeqModel *m);
/* The lifeline of a conversation's end A (END 0) or B (END 1), or -1. */
int    ladder_seq_conv_lifeline (LadderSeqModel *m, const LadderConversation *conv, int end);
/* Socket calls and states matched to lifelines (ladder-sequence-events.c). */
void   ladder_seq_add_calls  (LadderDiagram *d, LadderSeqModel *m, const LadderConversation *conv);
void   ladder_seq_add_kernel_bands (LadderDiagram *d, LadderSeqModel *m,
                                    const LadderConversation *conv);
void   ladder_seq_name_lifelines (LadderDiagram *d, LadderSeqModel *m,
                                  const LadderConversation *tcp_conv);

G_END_DECLS
