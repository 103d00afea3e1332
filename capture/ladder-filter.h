/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-filter.h: tcpdump's capture-filter language over stored frames.
 *
 * The expression is compiled with libpcap (pcap_compile on a "dead" handle
 * of each link type met) and run with pcap_offline_filter, so it means
 * exactly what it means to tcpdump.  One compiled program per link type: a
 * capture mixing Ethernet and Linux cooked interfaces filters both.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LADDER_FILTER_ERROR (ladder_filter_error_quark ())

typedef enum
{
  LADDER_FILTER_ERROR_SYNTAX,     /* pcap_compile refused it; message is libpcap's */
} LadderFilterError;

GQuark ladder_filter_error_quark (void);

typedef struct _LadderFilter LadderFilter;

/* Compiles EXPRESSION for LINKTYPE (LINKTYPE_* numbering, as in files) to
 * check it, e.g. for the capture's first interface.  An empty or blank
 * expression is valid and matches every frame. */
LadderFilter *ladder_filter_new  (const char *expression, guint32 linktype, GError **error);
/* Compiles EXPRESSION for each of the N_LINKTYPES link types (a capture's
 * interfaces).  Fails only when it compiles for none of them, with each
 * link type's reason; when it compiles for some, the others are listed by
 * ladder_filter_get_unmatched(). */
LadderFilter *ladder_filter_new_for_linktypes (const char *expression, const guint32 *linktypes,
                                               guint n_linktypes, GError **error);
void          ladder_filter_free (LadderFilter *filter);

const char   *ladder_filter_get_expression (LadderFilter *filter);

/* Whether EXPRESSION compiles for LINKTYPE (compiling it now if it was not
 * met before); if not, *REASON (when not NULL) is libpcap's message, owned
 * by the filter. */
gboolean      ladder_filter_compiles_for (LadderFilter *filter, guint32 linktype, const char **reason);
/* The link types met so far the expression does not compile for, and so
 * matches nothing on, as one sentence per link type ("Linux cooked v1
 * (LINKTYPE 113): ..."), or NULL when there are none. */
char         *ladder_filter_get_unmatched (LadderFilter *filter);
/* "Ethernet (LINKTYPE 1)", from libpcap's description. */
char         *ladder_filter_describe_linktype (guint32 linktype);

/* Whether the frame matches.  A link type the expression does not compile
 * for (e.g. "ether host" on a raw IP interface) matches nothing. */
gboolean      ladder_filter_matches (LadderFilter *filter, guint32 linktype,
                                     const guint8 *data, guint32 caplen, guint32 wirelen);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderFilter, ladder_filter_free)

G_END_DECLS
