/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-traceroute-private.h: the TTL staircase's model. */
#pragma once

#include "ladder-diagram-private.h"

G_BEGIN_DECLS

#define LADDER_TR_MAX_LINKS 64

typedef enum
{
  LADDER_TR_NODE_CLIENT,
  LADDER_TR_NODE_ROUTER,
  LADDER_TR_NODE_SILENT,       /* no probe of that hop was answered */
  LADDER_TR_NODE_DESTINATION,
  LADDER_TR_NODE_UNREACHED,    /* the destination, never answered */
} LadderTrNodeKind;

typedef struct
{
  char   *title;               /* "client", "router 2", "destination" */
  char   *subtitle;            /* the address */
  char   *link_name;           /* lab link to the next node ("client–r1"), or NULL */
  LadderTrNodeKind kind;
  double  x;
  double  half_w;
} LadderTrNode;

typedef struct
{
  const LadderTracerouteProbe *probe;
  guint   hop, query;
  guint   end_node;            /* where its TTL ran out (or it was answered) */
  double  y, y_return;         /* outbound and return lines */
  guint   n_measured;          /* TTLs captured on links 0 .. n_measured-1 */
  guint8  measured_ttl[LADDER_TR_MAX_LINKS];
  /* A lab link lost the probe or its reply: the link's name (owned by the
   * analysis) and the node it starts from (the link runs from node
   * lost_node to lost_node + 1); NULL and -1 otherwise. */
  const char *lost_on, *reply_lost_on;
  int     lost_node, reply_lost_node;
} LadderTrRow;

typedef struct
{
  const LadderTracerouteRun *run;   /* owned by the analysis */
  GArray *nodes;               /* LadderTrNode */
  GArray *rows;                /* LadderTrRow, by hop then query */
  char   *subtitle;
  gboolean measured;           /* some TTLs come from per-link captures */
  double  nodes_y, nodes_h;
  double  hop_x;               /* right edge of the hop labels and RTTs */
  double  panel_x, panel_y, panel_w;
  double  rows_right;          /* right end of the hop separators */
  double  rows_bottom;
} LadderTrModel;

extern const LadderDiagramClass ladder_tr_class;

void ladder_tr_model_free (gpointer model);
void ladder_tr_layout     (LadderDiagram *d, LadderTrModel *m);
/* "Time exceeded", "Port unreachable", "Echo reply" ... */
const char *ladder_tr_reply_name (LadderTracerouteReply reply);

G_END_DECLS
