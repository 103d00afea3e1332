/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-tuples-private.h: the 5-tuple cards' model. */
#pragma once

#include "ladder-diagram-private.h"
#include "ladder-sockets.h"

G_BEGIN_DECLS

enum
{
  LADDER_TUPLES_COL_INDEX = 0,
  LADDER_TUPLES_COL_PROTO,
  LADDER_TUPLES_COL_SRC,
  LADDER_TUPLES_COL_SPORT,
  LADDER_TUPLES_COL_ARROW,
  LADDER_TUPLES_COL_DST,
  LADDER_TUPLES_COL_DPORT,
  LADDER_TUPLES_COL_OWNER,    /* the server's socket: fd, program, pid */
  LADDER_TUPLES_COL_SUMMARY,
  LADDER_TUPLES_N_COLS
};

/* A card's border (diagram units at scale 1): the thinnest line the cards
 * draw, 3.5 px at projector scale (ladder_diagram_get_min_arrow_width). */
#define LADDER_TUPLES_BORDER 2.0

typedef struct
{
  guint    first_conv;     /* the conversation that defines the server end */
  guint    n_cards;
  guint    n_refused;      /* TCP: SYNs answered by RST */
  char    *title;          /* "TCP server 10.0.4.2, port 7 (echo, well-known)" */
  char    *listen_text;    /* TCP: the listening socket; NULL otherwise, and when
                            * every connection was refused (nothing listens) */
  char    *caption;        /* the lesson, when several connections share the port */
  double   y, listen_y, caption_y;
  double   first_card_y, last_card_y;
} LadderTuplesGroup;

typedef struct
{
  guint    conv;           /* conversation index */
  guint    group;
  guint64  frame;          /* its first packet: what a click selects */
  gboolean differs_addr;   /* from another card of its group */
  gboolean differs_port;
  gboolean refused;        /* TCP SYN answered by RST: no server socket */
  /* The lab's sockets at either end (ladder-sockets.h), NULL when the
   * capture has no records of them. */
  const LadderSocket *server_socket;
  const LadderSocket *client_socket;
  double   y;
} LadderTuplesCard;

typedef struct
{
  GArray *groups;          /* LadderTuplesGroup */
  GArray *cards;           /* LadderTuplesCard, by conversation index */
  char   *subtitle;
  LadderSockets *sockets;  /* owners of the cards' sockets */
  gboolean has_owners;     /* some card names its server socket */
  double  col_x[LADDER_TUPLES_N_COLS + 1];
  double  card_h, listen_h, header_y;
  /* Lecture mode (options.max_width): the summary is a third line of the
   * card, under the protocol, rather than a column past the screen. */
  gboolean summary_below;
  /* Lecture mode, still too wide: the owner's pid beside its fd, the
   * program alone below (a narrower column). */
  gboolean owner_split;
} LadderTuplesModel;

extern const LadderDiagramClass ladder_tuples_class;

void        ladder_tuples_model_free (gpointer model);
void        ladder_tuples_layout     (LadderDiagram *d, LadderTuplesModel *m);
/* "well-known", "registered", "dynamic", or "ephemeral" for a client's port. */
const char *ladder_tuples_port_class (guint16 port, gboolean client_side);
/* Cell texts of CARD (buffers of 96 bytes each, 2 per port cell: number, class). */
void        ladder_tuples_card_text  (LadderDiagram *d, const LadderTuplesCard *card, guint col,
                                      char *main, char *sub);

G_END_DECLS
