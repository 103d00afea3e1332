/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-spotlight.h: one packet's headers drawn as the RFCs draw them.
 *
 * The packet spotlight of lecture mode: IPv4 (RFC 791), IPv6 (RFC 8200),
 * TCP (RFC 9293), UDP (RFC 768), ICMP (RFC 792) and ICMPv6 (RFC 4443)
 * headers as rows of 32 bits under a bit ruler, each field a box of its
 * width holding its name and the value captured.  An ICMP error holds the
 * header it quotes, drawn inside it, each quoted field beside the value the
 * probe was sent with where they differ (the TTL the probe left with, the
 * checksum that changed with it).  The fields that matter for the step are
 * emphasised (a thick outline and bold text, never colour alone).
 *
 * ladder_spotlight_model_new() computes the boxes from the decoders' header
 * offsets (LadderPacket.ip_off, l4_off, quoted.quoted_off) and reads every
 * value through a LadderCursor that ends at the captured length: a field the
 * capture cut off says "not captured", nothing past caplen is read.  The
 * model is plain data, tested on its own; the LADDER_DIAGRAM_SPOTLIGHT kind
 * of ladder-diagram.h paints it in the window, SVG, PDF and PNG.
 */
#pragma once

#include <glib.h>

#include "ladder-packet.h"

G_BEGIN_DECLS

/* What the step is about, and so which fields stand out. */
typedef enum
{
  LADDER_SPOTLIGHT_FOCUS_AUTO = 0,  /* from the packet: ICMP: TTL, TCP: handshake, UDP: ports */
  LADDER_SPOTLIGHT_FOCUS_NONE,
  LADDER_SPOTLIGHT_FOCUS_TTL,       /* TTL / hop limit (traceroute, ping) */
  LADDER_SPOTLIGHT_FOCUS_HANDSHAKE, /* the flags set, sequence and acknowledgment numbers */
  LADDER_SPOTLIGHT_FOCUS_PORTS,     /* the 5-tuple: addresses, protocol, ports */
} LadderSpotlightFocus;

/* "auto", "none", "ttl", "handshake", "ports". */
const char *ladder_spotlight_focus_to_string   (LadderSpotlightFocus focus);
gboolean    ladder_spotlight_focus_from_string (const char *text, LadderSpotlightFocus *focus);

typedef enum
{
  LADDER_SPOTLIGHT_IPV4 = 0,
  LADDER_SPOTLIGHT_IPV6,
  LADDER_SPOTLIGHT_TCP,
  LADDER_SPOTLIGHT_UDP,
  LADDER_SPOTLIGHT_ICMP,
  LADDER_SPOTLIGHT_ICMPV6,
} LadderSpotlightProto;

typedef struct
{
  const char *name;     /* as the RFC's figure names it: "Time to Live" */
  char       *value;    /* "64", "10.0.4.2", "not captured" */
  guint       header;   /* index of its header */
  guint       row;      /* first 32-bit row, counted within its header */
  guint       bit;      /* first bit in that row, 0..31 */
  guint       bits;     /* width in bits (at most 32; wider fields span rows) */
  guint       rows;     /* rows spanned: 1, 4 for an IPv6 address, more for options */
  guint32     offset;   /* first byte in the packet */
  guint32     length;   /* bytes */
  gboolean    captured; /* every byte of it is in the capture */
  gboolean    emphasised;
  gboolean    differs;  /* quoted: the probe was sent with another value (in value) */
  double      x, y, w, h;  /* the box, in diagram units */
} LadderSpotlightField;

typedef struct
{
  LadderSpotlightProto proto;
  char     *title;      /* "TCP header (RFC 9293): SYN-ACK" */
  gboolean  quoted;     /* inside an ICMP error */
  guint32   offset;     /* first byte in the packet */
  guint     n_rows;
  guint     first_field, n_fields;
  double    x, y, w, h; /* its rows (the title sits above y) */
} LadderSpotlightHeader;

/* The packet an ICMP error quotes, as it was sent (its first sighting). */
typedef struct
{
  guint64       frame;
  const guint8 *data;
  guint32       caplen;
  guint32       ip_off;  /* its IP header */
} LadderSpotlightProbe;

typedef struct _LadderSpotlightModel
{
  LadderSpotlightFocus focus;     /* resolved: never AUTO */
  GArray  *headers;               /* LadderSpotlightHeader, outermost first */
  GArray  *fields;                /* LadderSpotlightField, header by header */
  guint64  probe;                 /* the quoted probe's frame, 0 when none was found */
  /* Geometry, diagram units. */
  double   scale;
  double   bit_w, row_h, title_h, ruler_h;
  double   left, top;             /* bit 0 of the first row of the ruler */
  double   width, height;
  double   quote_x, quote_y, quote_w, quote_h;  /* the ICMP message with its quote (w 0: none) */
} LadderSpotlightModel;

/* Lays out PKT (decoded from DATA, CAPLEN bytes) at FONT_SCALE (1.0: body
 * text 16 px) from TOP down.  PROBE may be NULL.  NULL when the packet has
 * no IP header to draw (not IP, or the capture stops inside it). */
LadderSpotlightModel *ladder_spotlight_model_new  (const LadderPacket         *pkt,
                                                   const guint8               *data,
                                                   guint32                     caplen,
                                                   LadderSpotlightFocus        focus,
                                                   const LadderSpotlightProbe *probe,
                                                   double                      font_scale,
                                                   double                      top);
void                  ladder_spotlight_model_free (LadderSpotlightModel *model);

/* The field of header HEADER named NAME, or NULL (for tests and tooltips). */
const LadderSpotlightField *ladder_spotlight_model_find (const LadderSpotlightModel *model,
                                                         guint header, const char *name);
/* The field whose box holds (X, Y), or NULL. */
const LadderSpotlightField *ladder_spotlight_model_at   (const LadderSpotlightModel *model,
                                                         double x, double y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderSpotlightModel, ladder_spotlight_model_free)

G_END_DECLS
