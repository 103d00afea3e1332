/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-linktype.h: names of pcap link types. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "EN10MB", "LINUX_SLL2", ... or NULL when unknown. */
const char *ladder_linktype_name        (guint32 linktype);
/* A human description: "Ethernet", "Linux cooked v2", ... or "unknown". */
const char *ladder_linktype_description (guint32 linktype);
/* TRUE when ladder_packet_decode() understands this link type. */
gboolean    ladder_linktype_is_supported (guint32 linktype);

G_END_DECLS
