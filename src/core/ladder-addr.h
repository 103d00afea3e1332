/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-addr.h: an IPv4 or IPv6 address, small enough to copy by value. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Long enough for inet_ntop's longest IPv6 form, plus NUL. */
#define LADDER_ADDR_STRLEN 48

typedef struct
{
  guint8 family;   /* 0 (none), 4 or 6 */
  guint8 pad[3];
  guint8 bytes[16]; /* IPv4 uses the first 4; the rest stay zero */
} LadderAddr;

void      ladder_addr_set_v4   (LadderAddr *addr, const guint8 bytes[4]);
void      ladder_addr_set_v6   (LadderAddr *addr, const guint8 bytes[16]);
gboolean  ladder_addr_equal    (const LadderAddr *a, const LadderAddr *b);
/* Total order (family first, then bytes): for a canonical endpoint order. */
int       ladder_addr_compare  (const LadderAddr *a, const LadderAddr *b);
guint     ladder_addr_hash     (const LadderAddr *addr);
/* Formats as inet_ntop does; "" for family 0.  Returns buf. */
char     *ladder_addr_to_string (const LadderAddr *addr, char buf[LADDER_ADDR_STRLEN]);
/* Parses dotted IPv4 or IPv6 text. */
gboolean  ladder_addr_parse    (const char *text, LadderAddr *addr);

/* Six-byte MAC as aa:bb:cc:dd:ee:ff.  buf needs 18 bytes. */
char     *ladder_mac_to_string (const guint8 mac[6], char buf[18]);

G_END_DECLS
