/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-palette.h: the diagrams' colours, light and dark.
 *
 * Hues from the Okabe–Ito palette, which stays distinguishable with the
 * common colour-vision deficiencies.  Colour never carries meaning alone:
 * every arrow and band also has a text label, and retransmissions, errors and
 * inferred values are dashed.  Text is always drawn in the foreground colour
 * for contrast; hues go on lines, fills and markers.
 *
 * Private to libladder-draw.
 */
#pragma once

#include "ladder-canvas.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean    dark;
  LadderColor background;
  LadderColor foreground;
  LadderColor muted;       /* secondary text */
  LadderColor grid;        /* lifelines, links */
  LadderColor panel;       /* cards, call boxes, label backgrounds */
  LadderColor panel_border;
  LadderColor selection;   /* halo behind the selected item */
  LadderColor selection_label;  /* opaque label background when selected */
  LadderColor selection_text;   /* text on selection_label */
  LadderColor handshake;   /* SYN, SYN-ACK */
  LadderColor data;        /* segments carrying payload */
  LadderColor ack;         /* pure ACKs */
  LadderColor fin;
  LadderColor rst;         /* RST, ICMP errors, failures, disagreements */
  LadderColor rst_text;    /* the same hue for words: darker (lighter in dark) for 7:1 */
  LadderColor udp;
  LadderColor icmp;
  LadderColor client;      /* endpoints */
  LadderColor server;
} LadderPalette;

void ladder_palette_init (LadderPalette *palette, gboolean dark);

/* The band colour for a LadderTcpState (alpha included). */
LadderColor ladder_palette_state_color (const LadderPalette *palette, guint8 state);

G_END_DECLS
