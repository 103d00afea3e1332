/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-draw.h: what the diagram tests (tests/draw) and the lab's
 * lifecycle test share: building a diagram, finding a lifeline. */
#pragma once

#include "ladder-capture.h"
#include "ladder-diagram-private.h"

G_BEGIN_DECLS

/* A KIND diagram of CAPTURE (CONVERSATION -1: all), which must build. */
LadderDiagram *ladder_test_diagram  (LadderCapture *capture, LadderDiagramKind kind, gint conversation,
                                     gboolean compressed);
/* The index of the lifeline for ADDR in M, or -1. */
int            ladder_test_lifeline (LadderSeqModel *m, const char *addr);

G_END_DECLS
