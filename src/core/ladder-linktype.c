/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-linktype.c: see https://www.tcpdump.org/linktypes.html */
#include "ladder-linktype.h"

#include "ladder-packet.h"

static const struct
{
  guint32     linktype;
  const char *name;
  const char *description;
  gboolean    supported;
} linktypes[] = {
  { 0, "NULL", "BSD loopback", TRUE },
  { 1, "EN10MB", "Ethernet", TRUE },
  { 9, "PPP", "PPP", TRUE },
  { 12, "RAW", "Raw IP", TRUE },
  { 14, "RAW", "Raw IP", TRUE },
  { 50, "PPP_HDLC", "PPP in HDLC framing", TRUE },
  { 101, "RAW", "Raw IP", TRUE },
  { 104, "C_HDLC", "Cisco HDLC", FALSE },
  { 105, "IEEE802_11", "IEEE 802.11", FALSE },
  { 108, "LOOP", "OpenBSD loopback", TRUE },
  { 113, "LINUX_SLL", "Linux cooked v1", TRUE },
  { 127, "IEEE802_11_RADIO", "802.11 with radiotap", FALSE },
  { 141, "MTP3", "SS7 MTP3", FALSE },
  { 143, "DOCSIS", "DOCSIS", FALSE },
  { 147, "USER0", "user-defined 0", FALSE },
  { 160, "USER13", "user-defined 13", FALSE },
  { 182, "MFR", "Multilink Frame Relay", FALSE },
  { 228, "IPV4", "Raw IPv4", TRUE },
  { 229, "IPV6", "Raw IPv6", TRUE },
  { 231, "DBUS", "D-Bus", FALSE },
  { 239, "NFLOG", "Linux netfilter log", FALSE },
  { 242, "IPOIB", "IP over InfiniBand", FALSE },
  { 258, "PKTAP", "Apple PKTAP", FALSE },
  { 271, "VSOCK", "Linux vsock", FALSE },
  { 276, "LINUX_SLL2", "Linux cooked v2", TRUE },
};

static gint
find (guint32 linktype)
{
  for (guint i = 0; i < G_N_ELEMENTS (linktypes); i++)
    if (linktypes[i].linktype == linktype)
      return (gint) i;
  return -1;
}

const char *
ladder_linktype_name (guint32 linktype)
{
  gint i = find (linktype);
  return i >= 0 ? linktypes[i].name : NULL;
}

const char *
ladder_linktype_description (guint32 linktype)
{
  gint i = find (linktype);
  return i >= 0 ? linktypes[i].description : "unknown";
}

gboolean
ladder_linktype_is_supported (guint32 linktype)
{
  gint i = find (linktype);
  return i >= 0 && linktypes[i].supported;
}
