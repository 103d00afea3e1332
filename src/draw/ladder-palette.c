/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-palette.c: Okabe–Ito hues on a light or dark ground. */
#include "ladder-palette.h"

#include "ladder-tcp.h"

static LadderColor
hex (guint32 rgb, double alpha)
{
  LadderColor c = {
    ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0, alpha,
  };
  return c;
}

void
ladder_palette_init (LadderPalette *p, gboolean dark)
{
  p->dark = dark;
  p->background = hex (dark ? 0x1c1c20 : 0xffffff, 1);
  p->foreground = hex (dark ? 0xf4f4f4 : 0x111111, 1);
  /* Text colours keep 7:1 (WCAG AAA) on the background and on panels. */
  p->muted = hex (dark ? 0xbcbcbc : 0x4a4a4a, 1);
  p->grid = hex (dark ? 0x9a9a9a : 0x6a6a6a, 1);
  p->panel = hex (dark ? 0x2c2c34 : 0xf2f2f2, 1);
  p->panel_border = hex (dark ? 0x8a8a94 : 0x8a8a8a, 1);
  p->selection = hex (0xf0e442, dark ? 0.55 : 0.85);
  p->selection_label = hex (0xf0e442, 1);
  p->selection_text = hex (0x111111, 1);
  p->handshake = hex (0x009e73, 1);
  p->data = hex (dark ? 0x56b4e9 : 0x0072b2, 1);
  p->ack = hex (dark ? 0xa8a8a8 : 0x6a6a6a, 1);
  p->fin = hex (0xcc79a7, 1);
  p->rst = hex (0xd55e00, 1);
  p->rst_text = hex (dark ? 0xffab75 : 0x7a3200, 1);
  p->udp = hex (0xe69f00, 1);
  p->icmp = hex (dark ? 0xf0e442 : 0x56b4e9, 1);
  p->client = hex (dark ? 0x56b4e9 : 0x0072b2, 1);
  p->server = hex (0xe69f00, 1);
}

LadderColor
ladder_palette_state_color (const LadderPalette *p, guint8 state)
{
  double a = p->dark ? 0.45 : 0.35;

  switch ((LadderTcpState) state)
    {
    case LADDER_TCP_LISTEN:
      return hex (0x56b4e9, a);
    case LADDER_TCP_SYN_SENT:
    case LADDER_TCP_SYN_RECEIVED:
      return hex (0xf0e442, a + 0.2);
    case LADDER_TCP_ESTABLISHED:
      return hex (0x009e73, a);
    case LADDER_TCP_FIN_WAIT_1:
    case LADDER_TCP_FIN_WAIT_2:
    case LADDER_TCP_CLOSING:
    case LADDER_TCP_CLOSE_WAIT:
    case LADDER_TCP_LAST_ACK:
      return hex (0xcc79a7, a);
    case LADDER_TCP_TIME_WAIT:
      return hex (0x999999, a);
    case LADDER_TCP_CLOSED:
    default:
      return hex (0x999999, 0.12);
    }
}
