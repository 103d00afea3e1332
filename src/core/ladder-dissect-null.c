/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-null.c: BSD loopback encapsulation, LINKTYPE_NULL (a 4-byte
 * address family in the capturing host's byte order) and LINKTYPE_LOOP
 * (the same in network byte order), per https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html
 * (no RFC describes it).
 *
 * The file does not say which byte order LINKTYPE_NULL used.  Families are
 * small numbers, so as Wireshark does we read the word little-endian and
 * swap it when its upper 16 bits are set.
 */
#include "ladder-dissect-private.h"

#define NULL_HEADER_LEN 4

static const char *
family_name (guint32 family)
{
  switch (family)
    {
    case 2: return "IPv4";
    case 7: return "OSI";
    case 16: return "AppleTalk";
    case 23: return "IPX";
    case 24: return "IPv6 (NetBSD, OpenBSD, BSD/OS)";
    case 28: return "IPv6 (FreeBSD, DragonFly BSD)";
    case 30: return "IPv6 (Darwin)";
    default: return "Unknown";
    }
}

static LadderStatus
dissect_family (LadderDissect *d, LadderCursor *c, guint32 family, gboolean host_order)
{
  gsize off = c->off - NULL_HEADER_LEN;

  d->pkt->layers |= LADDER_LAYER_NULL;
  if (d->tree != NULL)
    {
      ladder_tree_push (d->tree, (guint32) off, NULL_HEADER_LEN, "%s",
                        host_order ? "Null/Loopback" : "OpenBSD loopback");
      if (family > 1500)
        ladder_tree_add (d->tree, (guint32) off, NULL_HEADER_LEN, "Type: 0x%04x", family);
      else
        ladder_tree_add (d->tree, (guint32) off, NULL_HEADER_LEN, "Family: %s (%u)",
                         family_name (family), family);
      ladder_tree_pop (d->tree);
    }
  switch (family)
    {
    case 2:
      d->pkt->ethertype = 0x0800;  /* what the family means, for the summary */
      return ladder_dissect_ipv4 (d, c);
    case 24:
    case 28:
    case 30:
      d->pkt->ethertype = 0x86dd;
      return ladder_dissect_ipv6 (d, c);
    default:
      break;
    }
  /* Some systems put an EtherType where the family belongs. */
  if (host_order && family > 1500 && family <= 0xffff)
    return ladder_dissect_ethertype (d, c, (guint16) family);
  ladder_dissect_payload (d, c, (guint32) ladder_cursor_remaining (c));
  return ladder_dissect_note (d->pkt, LADDER_STATUS_UNSUPPORTED,
                              "loopback address family not decoded");
}

LadderStatus
ladder_dissect_null (LadderDissect *d, LadderCursor *c)
{
  guint32 family = 0;

  if (!ladder_cursor_le32 (c, &family))
    return ladder_dissect_short (d, c, NULL_HEADER_LEN, "Loopback header truncated",
                                 "Loopback header truncated");
  if ((family & 0xffff0000u) != 0)
    family = GUINT32_SWAP_LE_BE (family);
  return dissect_family (d, c, family, TRUE);
}

LadderStatus
ladder_dissect_loop (LadderDissect *d, LadderCursor *c)
{
  guint32 family = 0;

  if (!ladder_cursor_be32 (c, &family))
    return ladder_dissect_short (d, c, NULL_HEADER_LEN, "Loopback header truncated",
                                 "Loopback header truncated");
  return dissect_family (d, c, family, FALSE);
}
