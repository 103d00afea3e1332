/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-spotlight.c: the boxes of a packet's header diagrams.
 *
 * Field layouts are the RFCs' figures: RFC 791 section 3.1 (IPv4), RFC 8200
 * section 3 (IPv6), RFC 9293 section 3.1 (TCP), RFC 768 (UDP), RFC 792
 * (ICMP), RFC 4443 section 2.1 and RFC 4861 section 4.3 (ICMPv6).  Header
 * positions come from the decoders; values are read here, bit by bit,
 * through a cursor that ends at the captured length.
 */
#include "ladder-spotlight.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ladder-cursor.h"

typedef enum
{
  FMT_DEC = 0,
  FMT_HEX,
  FMT_BIN,
  FMT_FLAG,        /* one bit: "1" / "0" */
  FMT_IPV4_FLAGS,  /* reserved, DF, MF */
  FMT_ADDR4,
  FMT_ADDR6,
  FMT_PROTO,       /* "6 (TCP)" */
  FMT_ICMP_TYPE,   /* "11"; its name goes in the header's title */
  FMT_BYTES,       /* options, extension headers: their length */
  FMT_TCP_OPTIONS, /* "MSS, SACK_PERM, TS, NOP, WS" */
} Format;

typedef enum
{
  ROLE_NONE = 0,
  ROLE_TTL,
  ROLE_FLAG,
  ROLE_SEQ,
  ROLE_PORT,
  ROLE_ADDR,
  ROLE_PROTO,
} Role;

typedef struct
{
  const char *name;
  guint16     bit;    /* from the header's first bit */
  guint16     bits;
  guint8      format;
  guint8      role;
} FieldSpec;

/* Variable-length tails (options) are added after these. */
static const FieldSpec ipv4_fields[] = {
  { NC_("header field", "Version"), 0, 4, FMT_DEC, 0 }, { NC_("header field", "IHL"), 4, 4, FMT_DEC, 0 },
  { NC_("header field", "Type of Service"), 8, 8, FMT_HEX, 0 }, { NC_("header field", "Total Length"), 16, 16, FMT_DEC, 0 },
  { NC_("header field", "Identification"), 32, 16, FMT_DEC, 0 }, { NC_("header field", "Flags"), 48, 3, FMT_IPV4_FLAGS, 0 },
  { NC_("header field", "Fragment Offset"), 51, 13, FMT_DEC, 0 },
  { NC_("header field", "Time to Live"), 64, 8, FMT_DEC, ROLE_TTL }, { NC_("header field", "Protocol"), 72, 8, FMT_PROTO, ROLE_PROTO },
  { NC_("header field", "Header Checksum"), 80, 16, FMT_HEX, 0 },
  { NC_("header field", "Source Address"), 96, 32, FMT_ADDR4, ROLE_ADDR },
  { NC_("header field", "Destination Address"), 128, 32, FMT_ADDR4, ROLE_ADDR },
};

static const FieldSpec ipv6_fields[] = {
  { NC_("header field", "Version"), 0, 4, FMT_DEC, 0 }, { NC_("header field", "Traffic Class"), 4, 8, FMT_HEX, 0 },
  { NC_("header field", "Flow Label"), 12, 20, FMT_HEX, 0 },
  { NC_("header field", "Payload Length"), 32, 16, FMT_DEC, 0 }, { NC_("header field", "Next Header"), 48, 8, FMT_PROTO, ROLE_PROTO },
  { NC_("header field", "Hop Limit"), 56, 8, FMT_DEC, ROLE_TTL },
  { NC_("header field", "Source Address"), 64, 128, FMT_ADDR6, ROLE_ADDR },
  { NC_("header field", "Destination Address"), 192, 128, FMT_ADDR6, ROLE_ADDR },
};

static const FieldSpec tcp_fields[] = {
  { NC_("header field", "Source Port"), 0, 16, FMT_DEC, ROLE_PORT }, { NC_("header field", "Destination Port"), 16, 16, FMT_DEC, ROLE_PORT },
  { NC_("header field", "Sequence Number"), 32, 32, FMT_DEC, ROLE_SEQ },
  { NC_("header field", "Acknowledgment Number"), 64, 32, FMT_DEC, ROLE_SEQ },
  { NC_("header field", "DOffset"), 96, 4, FMT_DEC, 0 }, { NC_("header field", "Rsrvd"), 100, 4, FMT_BIN, 0 },
  { "CWR", 104, 1, FMT_FLAG, ROLE_FLAG }, { "ECE", 105, 1, FMT_FLAG, ROLE_FLAG },
  { "URG", 106, 1, FMT_FLAG, ROLE_FLAG }, { "ACK", 107, 1, FMT_FLAG, ROLE_FLAG },
  { "PSH", 108, 1, FMT_FLAG, ROLE_FLAG }, { "RST", 109, 1, FMT_FLAG, ROLE_FLAG },
  { "SYN", 110, 1, FMT_FLAG, ROLE_FLAG }, { "FIN", 111, 1, FMT_FLAG, ROLE_FLAG },
  { NC_("header field", "Window"), 112, 16, FMT_DEC, 0 },
  { NC_("header field", "Checksum"), 128, 16, FMT_HEX, 0 }, { NC_("header field", "Urgent Pointer"), 144, 16, FMT_DEC, 0 },
};
#define TCP_QUOTED_FIELDS 3  /* an ICMP error quotes 8 bytes: ports and seq */

static const FieldSpec udp_fields[] = {
  { NC_("header field", "Source Port"), 0, 16, FMT_DEC, ROLE_PORT }, { NC_("header field", "Destination Port"), 16, 16, FMT_DEC, ROLE_PORT },
  { NC_("header field", "Length"), 32, 16, FMT_DEC, 0 }, { NC_("header field", "Checksum"), 48, 16, FMT_HEX, 0 },
};

static const FieldSpec icmp_common[] = {
  { NC_("header field", "Type"), 0, 8, FMT_ICMP_TYPE, 0 }, { NC_("header field", "Code"), 8, 8, FMT_DEC, 0 },
  { NC_("header field", "Checksum"), 16, 16, FMT_HEX, 0 },
};
static const FieldSpec icmp_echo[] = {
  { NC_("header field", "Identifier"), 32, 16, FMT_DEC, 0 }, { NC_("header field", "Sequence Number"), 48, 16, FMT_DEC, 0 },
};
static const FieldSpec icmp_unused[] = { { NC_("header field", "Unused"), 32, 32, FMT_HEX, 0 } };
static const FieldSpec icmp_rest[] = { { NC_("header field", "Rest of Header"), 32, 32, FMT_HEX, 0 } };
static const FieldSpec icmp_frag_needed[] = {
  { NC_("header field", "Unused"), 32, 16, FMT_HEX, 0 }, { NC_("header field", "Next-Hop MTU"), 48, 16, FMT_DEC, 0 },
};
static const FieldSpec icmp_pointer[] = {
  { NC_("header field", "Pointer"), 32, 8, FMT_DEC, 0 }, { NC_("header field", "Unused"), 40, 24, FMT_HEX, 0 },
};
static const FieldSpec icmp6_mtu[] = { { NC_("header field", "MTU"), 32, 32, FMT_DEC, 0 } };
static const FieldSpec icmp6_pointer[] = { { NC_("header field", "Pointer"), 32, 32, FMT_DEC, 0 } };
static const FieldSpec icmp6_nd[] = {
  { NC_("header field", "Flags / Reserved"), 32, 32, FMT_HEX, 0 },
  { NC_("header field", "Target Address"), 64, 128, FMT_ADDR6, ROLE_ADDR },
};

/* Geometry at font scale 1 (body text 16 px). */
#define BIT_W    18.0
#define ROW_H    62.0
#define TITLE_H  34.0
#define RULER_H  46.0
#define MARGIN   24.0
#define GAP      14.0
#define INSET    10.0
#define MAX_TAIL_ROWS 2u

typedef struct
{
  LadderSpotlightModel *m;
  const LadderPacket   *pkt;
  LadderCursor          c;      /* the readable bytes of the header being added */
  const LadderSpotlightProbe *probe;
  guint32               quote_ip; /* offset of the quoted IP header */
  gboolean              quoted;
  double                y;
} Build;

static const char * const focus_names[] = { "auto", "none", "ttl", "handshake", "ports" };

const char *
ladder_spotlight_focus_to_string (LadderSpotlightFocus focus)
{
  return (guint) focus < G_N_ELEMENTS (focus_names) ? focus_names[focus] : "auto";
}

gboolean
ladder_spotlight_focus_from_string (const char *text, LadderSpotlightFocus *focus)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (focus_names); i++)
    if (strcmp (text, focus_names[i]) == 0)
      {
        *focus = (LadderSpotlightFocus) i;
        return TRUE;
      }
  return FALSE;
}

/* BITS bits (at most 32) from bit BIT of the header at OFF; FALSE when any
 * of their bytes is not readable through C. */
static gboolean
read_bits (const LadderCursor *c, guint32 off, guint bit, guint bits, guint32 *out)
{
  guint first = bit / 8, last = (bit + bits - 1) / 8;
  guint64 acc = 0;

  for (guint i = first; i <= last; i++)
    {
      guint8 byte;
      if (!ladder_cursor_peek_u8 (c, (gsize) off + i, &byte))
        return FALSE;
      acc = acc << 8 | byte;
    }
  acc >>= (last + 1) * 8 - (bit + bits);
  *out = (guint32) (acc & (bits == 32 ? 0xffffffffu : (1u << bits) - 1));
  return TRUE;
}

static gboolean
read_bytes (const LadderCursor *c, guint32 off, guint n, guint8 *out)
{
  for (guint i = 0; i < n; i++)
    if (!ladder_cursor_peek_u8 (c, (gsize) off + i, &out[i]))
      return FALSE;
  return TRUE;
}

static const char *
icmp_type_name (guint ip_version, guint32 type)
{
  switch (ladder_icmp_kind (ip_version, (guint8) type))
    {
    case LADDER_ICMP_KIND_ECHO_REQUEST: return "Echo Request";
    case LADDER_ICMP_KIND_ECHO_REPLY: return "Echo Reply";
    case LADDER_ICMP_KIND_UNREACHABLE: return "Destination Unreachable";
    case LADDER_ICMP_KIND_TIME_EXCEEDED: return "Time Exceeded";
    case LADDER_ICMP_KIND_PACKET_TOO_BIG: return "Packet Too Big";
    case LADDER_ICMP_KIND_PARAM_PROBLEM: return "Parameter Problem";
    default: return NULL;
    }
}

static const char *
proto_name (guint32 proto)
{
  switch (proto)
    {
    case LADDER_IPPROTO_ICMP: return "ICMP";
    case LADDER_IPPROTO_TCP: return "TCP";
    case LADDER_IPPROTO_UDP: return "UDP";
    case LADDER_IPPROTO_ICMPV6: return "ICMPv6";
    case LADDER_IPPROTO_IPV6: return "IPv6";
    case LADDER_IPPROTO_IPIP: return "IPv4";
    default: return NULL;
    }
}

static char *
format_ipv4_flags (guint32 v)
{
  if ((v & 6) == 6)
    return g_strdup ("DF MF");
  if (v & 2)
    return g_strdup ("DF");
  if (v & 1)
    return g_strdup ("MF");
  return g_strdup (v & 4 ? "evil" : "none");
}

static char *
format_bin (guint32 v, guint bits)
{
  char buf[33];

  for (guint i = 0; i < bits && i < 32; i++)
    buf[i] = (v >> (bits - 1 - i)) & 1 ? '1' : '0';
  buf[MIN (bits, 32)] = '\0';
  return g_strdup (buf);
}

static char *
format_addr (const LadderCursor *c, guint32 off, guint family)
{
  LadderAddr addr = { 0 };
  char buf[LADDER_ADDR_STRLEN];

  addr.family = family;
  if (!read_bytes (c, off, family == 4 ? 4 : 16, addr.bytes))
    return NULL;
  return g_strdup (ladder_addr_to_string (&addr, buf));
}

/* A small value: NULL when not captured. */
static char *
format_number (const LadderCursor *c, guint32 off, const FieldSpec *spec, guint ip_version)
{
  guint32 v;
  const char *name;

  if (!read_bits (c, off, spec->bit, spec->bits, &v))
    return NULL;
  switch (spec->format)
    {
    case FMT_HEX: return g_strdup_printf ("0x%0*x", (spec->bits + 3) / 4, v);
    case FMT_BIN: return format_bin (v, spec->bits);
    case FMT_IPV4_FLAGS: return format_ipv4_flags (v);
    case FMT_PROTO:
      name = proto_name (v);
      return name != NULL ? g_strdup_printf ("%u (%s)", v, name) : g_strdup_printf ("%u", v);
    default: return g_strdup_printf ("%u", v);
    }
}

static const char *
tcp_option_name (guint8 kind)
{
  switch (kind)
    {
    case 0: return "EOL";
    case 1: return "NOP";
    case 2: return "MSS";
    case 3: return "WS";
    case 4: return "SACK_PERM";
    case 5: return "SACK";
    case 8: return "TS";
    case 30: return "MPTCP";
    case 34: return "TFO";
    default: return NULL;
    }
}

/* The options as the decoder listed them (it read them bounds-checked);
 * their bytes here only decide whether they were all captured. */
static char *
format_tcp_options (const LadderPacket *pkt, guint bytes)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < pkt->n_tcp_optlist && i < LADDER_MAX_TCP_OPTS; i++)
    {
      const char *name = tcp_option_name (pkt->tcp_optlist[i]);
      if (out->len > 0)
        g_string_append (out, ", ");
      if (name != NULL && pkt->tcp_optlist[i] == 2)
        g_string_append_printf (out, "MSS %u", pkt->mss);
      else if (name != NULL && pkt->tcp_optlist[i] == 3)
        g_string_append_printf (out, "WS %u", pkt->wscale);
      else if (name != NULL)
        g_string_append (out, name);
      else
        g_string_append_printf (out, "kind %u", pkt->tcp_optlist[i]);
    }
  if (out->len == 0)
    g_string_append_printf (out, "%u bytes", bytes);
  return g_string_free (out, FALSE);
}

static char *
format_value (Build *b, guint32 off, const FieldSpec *spec, guint ip_version)
{
  guint bytes = (spec->bits + 7) / 8;
  guint8 scratch[1];

  switch (spec->format)
    {
    case FMT_ADDR4: return format_addr (&b->c, off + spec->bit / 8, 4);
    case FMT_ADDR6: return format_addr (&b->c, off + spec->bit / 8, 6);
    case FMT_BYTES:
    case FMT_TCP_OPTIONS:
      /* The window is contiguous: its first and last bytes say it all. */
      if (!read_bytes (&b->c, off + spec->bit / 8, 1, scratch)
          || !read_bytes (&b->c, off + spec->bit / 8 + bytes - 1, 1, scratch))
        return NULL;
      if (spec->format == FMT_TCP_OPTIONS && !b->quoted)
        return format_tcp_options (b->pkt, bytes);
      return g_strdup_printf ("%u bytes", bytes);
    default:
      return format_number (&b->c, off, spec, ip_version);
    }
}

static gboolean
emphasised (LadderSpotlightFocus focus, const FieldSpec *spec, const char *value)
{
  switch (focus)
    {
    case LADDER_SPOTLIGHT_FOCUS_TTL: return spec->role == ROLE_TTL;
    case LADDER_SPOTLIGHT_FOCUS_HANDSHAKE:
      return spec->role == ROLE_SEQ || (spec->role == ROLE_FLAG && g_strcmp0 (value, "1") == 0);
    case LADDER_SPOTLIGHT_FOCUS_PORTS:
      return spec->role == ROLE_PORT || spec->role == ROLE_ADDR || spec->role == ROLE_PROTO;
    default: return FALSE;
    }
}

/* The value the probe was sent with, when it differs from the quote's. */
static char *
probe_value (Build *b, guint32 off, const FieldSpec *spec, guint ip_version, const char *quoted)
{
  LadderCursor pc;
  Build pb = *b;
  g_autofree char *sent = NULL;
  guint32 probe_off;

  if (!b->quoted || b->probe == NULL || quoted == NULL || spec->format == FMT_BYTES
      || spec->format == FMT_TCP_OPTIONS)
    return NULL;
  ladder_cursor_init (&pc, b->probe->data, b->probe->caplen);
  pb.c = pc;
  /* The same place in the probe: its headers line up with the quote's. */
  probe_off = b->probe->ip_off + (off - b->quote_ip);
  if (probe_off < b->probe->ip_off)
    return NULL;
  sent = format_value (&pb, probe_off, spec, ip_version);
  if (sent == NULL || strcmp (sent, quoted) == 0)
    return NULL;
  return g_steal_pointer (&sent);
}

static void
add_field (Build *b, guint header, guint32 off, const FieldSpec *spec, guint ip_version)
{
  LadderSpotlightModel *m = b->m;
  LadderSpotlightHeader *h = &g_array_index (m->headers, LadderSpotlightHeader, header);
  LadderSpotlightField f = { 0 };
  g_autofree char *value = format_value (b, off, spec, ip_version);
  g_autofree char *sent = probe_value (b, off, spec, ip_version, value);

  f.name = spec->name;
  f.header = header;
  f.row = spec->bit / 32;
  f.bit = spec->bit % 32;
  f.bits = MIN (spec->bits, 32u);
  /* A long tail is drawn at most MAX_TAIL_ROWS high; its value says its size. */
  f.rows = spec->bits > 32 ? spec->bits / 32u : 1;
  if (spec->format == FMT_BYTES || spec->format == FMT_TCP_OPTIONS)
    f.rows = MIN (f.rows, MAX_TAIL_ROWS);
  f.offset = off + spec->bit / 8;
  f.length = (spec->bits + 7) / 8;
  f.captured = value != NULL;
  f.differs = sent != NULL;
  /* Translators: a quoted field's value, then the value the probe was sent with */
  f.value = sent != NULL ? g_strdup_printf (_("%s (sent %s)"), value, sent)
            : g_strdup (value != NULL ? value : _("not captured"));
  f.emphasised = emphasised (m->focus, spec, value);
  f.x = m->left + f.bit * m->bit_w;
  f.y = h->y + f.row * m->row_h;
  f.w = f.bits * m->bit_w;
  f.h = f.rows * m->row_h;
  h->n_rows = MAX (h->n_rows, f.row + f.rows);
  h->n_fields++;
  g_array_append_val (m->fields, f);
}

/* Starts a header; its fields are read through B->c, set by the caller. */
static guint
begin_header (Build *b, LadderSpotlightProto proto, guint32 off, char *title)
{
  LadderSpotlightModel *m = b->m;
  LadderSpotlightHeader h = { 0 };

  h.proto = proto;
  h.title = title;
  h.quoted = b->quoted;
  h.offset = off;
  h.first_field = m->fields->len;
  h.x = m->left;
  h.y = b->y + m->title_h;
  h.w = 32 * m->bit_w;
  g_array_append_val (m->headers, h);
  return m->headers->len - 1;
}

static void
end_header (Build *b, guint header)
{
  LadderSpotlightHeader *h = &g_array_index (b->m->headers, LadderSpotlightHeader, header);

  h->h = h->n_rows * b->m->row_h;
  b->y = h->y + h->h + GAP * b->m->scale;
}

static void
add_fields (Build *b, guint header, guint32 off, const FieldSpec *specs, guint n, guint ip_version)
{
  for (guint i = 0; i < n; i++)
    add_field (b, header, off, &specs[i], ip_version);
}

/* A variable tail (options, extension headers) of BYTES bytes from bit BIT. */
static void
add_tail (Build *b, guint header, guint32 off, const char *name, guint bit, guint bytes, Format format)
{
  FieldSpec spec = { name, (guint16) bit, (guint16) MIN (bytes * 8, 0xfff8u), (guint8) format, 0 };

  if (bytes >= 4)
    add_field (b, header, off, &spec, 0);
}

/* IPv4 or IPv6 at OFF, options or extension headers up to L4_OFF (0: unknown). */
static void
add_ip (Build *b, guint version, guint32 off, guint32 l4_off, const char *title)
{
  guint header;
  guint32 ihl = 0;

  if (version == 4)
    {
      header = begin_header (b, LADDER_SPOTLIGHT_IPV4, off, g_strdup_printf ("%sIPv4 header (RFC 791)", title));
      add_fields (b, header, off, ipv4_fields, G_N_ELEMENTS (ipv4_fields), 4);
      if (read_bits (&b->c, off, 4, 4, &ihl) && ihl > 5)
        add_tail (b, header, off, NC_("header field", "Options"), 160, (ihl - 5) * 4, FMT_BYTES);
    }
  else
    {
      header = begin_header (b, LADDER_SPOTLIGHT_IPV6, off, g_strdup_printf ("%sIPv6 header (RFC 8200)", title));
      add_fields (b, header, off, ipv6_fields, G_N_ELEMENTS (ipv6_fields), 6);
      if (l4_off > off && l4_off - off > 40)
        add_tail (b, header, off, NC_("header field", "Extension Headers"), 320, l4_off - off - 40, FMT_BYTES);
    }
  end_header (b, header);
}

/* The second word of an ICMP or ICMPv6 header, by its type and code. */
static const FieldSpec *
icmp_rest_of (Build *b, guint version, guint32 off, guint *n)
{
  guint32 type, code = 0;
  LadderIcmpKind kind;

  *n = 1;
  if (!read_bits (&b->c, off, 0, 8, &type))
    return icmp_rest;
  read_bits (&b->c, off, 8, 8, &code);
  kind = ladder_icmp_kind ((guint8) version, (guint8) type);
  if (kind == LADDER_ICMP_KIND_ECHO_REQUEST || kind == LADDER_ICMP_KIND_ECHO_REPLY)
    return *n = 2, icmp_echo;
  if (version == 4 && type == LADDER_ICMP_UNREACH && code == LADDER_ICMP_UNREACH_FRAG_NEEDED)
    return *n = 2, icmp_frag_needed;
  if (kind == LADDER_ICMP_KIND_PARAM_PROBLEM)
    return version == 4 ? (*n = 2, icmp_pointer) : icmp6_pointer;
  if (kind == LADDER_ICMP_KIND_PACKET_TOO_BIG)
    return icmp6_mtu;
  if (version == 6 && (type == LADDER_ICMPV6_NEIGHBOR_SOLICIT || type == LADDER_ICMPV6_NEIGHBOR_ADVERT))
    return *n = 2, icmp6_nd;
  if (ladder_icmp_kind_is_error (kind))
    return icmp_unused;
  return icmp_rest;
}

static char *
tcp_title (Build *b, const char *title)
{
  char flags[48];

  if (b->quoted || !(b->pkt->layers & LADDER_LAYER_TCP))
    return g_strdup_printf ("%sTCP header (RFC 9293)", title);
  return g_strdup_printf ("%sTCP header (RFC 9293): %s", title,
                          ladder_tcp_flags_to_string (b->pkt->tcp_flags, flags, sizeof flags));
}

/* The type's name is written in the title, where it has room to be read. */
static char *
icmp_title (Build *b, guint version, guint32 off, const char *title)
{
  guint32 type;
  const char *name = read_bits (&b->c, off, 0, 8, &type) ? icmp_type_name (version, type) : NULL;

  return g_strdup_printf ("%s%s header (%s)%s%s", title, version == 6 ? "ICMPv6" : "ICMP",
                          version == 6 ? "RFC 4443" : "RFC 792", name != NULL ? ": " : "",
                          name != NULL ? name : "");
}

/* The transport header at OFF; a quote holds only its first 8 bytes. */
static void
add_transport (Build *b, guint version, guint8 proto, guint32 off, const char *title)
{
  guint header, n;
  guint32 doff;
  const FieldSpec *rest;

  if (proto == LADDER_IPPROTO_TCP)
    {
      header = begin_header (b, LADDER_SPOTLIGHT_TCP, off, tcp_title (b, title));
      add_fields (b, header, off, tcp_fields, b->quoted ? TCP_QUOTED_FIELDS : G_N_ELEMENTS (tcp_fields), version);
      if (!b->quoted && read_bits (&b->c, off, 96, 4, &doff) && doff > 5)
        add_tail (b, header, off, NC_("header field", "Options"), 160, (doff - 5) * 4, FMT_TCP_OPTIONS);
    }
  else if (proto == LADDER_IPPROTO_UDP)
    {
      header = begin_header (b, LADDER_SPOTLIGHT_UDP, off, g_strdup_printf ("%sUDP header (RFC 768)", title));
      add_fields (b, header, off, udp_fields, G_N_ELEMENTS (udp_fields), version);
    }
  else
    {
      gboolean v6 = proto == LADDER_IPPROTO_ICMPV6;
      header = begin_header (b, v6 ? LADDER_SPOTLIGHT_ICMPV6 : LADDER_SPOTLIGHT_ICMP, off,
                             icmp_title (b, v6 ? 6 : 4, off, title));
      add_fields (b, header, off, icmp_common, G_N_ELEMENTS (icmp_common), version);
      rest = icmp_rest_of (b, v6 ? 6 : 4, off, &n);
      add_fields (b, header, off, rest, n, v6 ? 6 : 4);
    }
  end_header (b, header);
}

static gboolean
is_drawn_transport (guint8 proto)
{
  return proto == LADDER_IPPROTO_TCP || proto == LADDER_IPPROTO_UDP
         || proto == LADDER_IPPROTO_ICMP || proto == LADDER_IPPROTO_ICMPV6;
}

/* Where the quoted transport header starts, or 0: after the quoted IPv4
 * header's IHL, or right after a quoted IPv6 header that names it. */
static guint32
quoted_transport_off (Build *b, const LadderQuoted *q)
{
  guint32 v, first = 0;

  if (!is_drawn_transport (q->ip_proto))
    return 0;
  if (q->ip_version == 4)
    {
      if (!read_bits (&b->c, q->quoted_off, 4, 4, &v) || v < 5)
        return 0;
      /* A later fragment quotes no transport header. */
      if (!read_bits (&b->c, q->quoted_off, 51, 13, &first) || first != 0)
        return 0;
      return q->quoted_off + v * 4;
    }
  if (!read_bits (&b->c, q->quoted_off, 48, 8, &v) || v != q->ip_proto)
    return 0;
  return q->quoted_off + 40;
}

static void
add_quote (Build *b, const guint8 *data, guint32 caplen)
{
  const LadderQuoted *q = &b->pkt->quoted;
  LadderSpotlightModel *m = b->m;
  guint32 end = q->quoted_off <= caplen ? q->quoted_off + MIN (q->quoted_caplen, caplen - q->quoted_off) : 0;
  g_autofree char *title = NULL;
  guint32 l4;

  if (!q->present || end == 0)
    return;
  b->quoted = TRUE;
  b->quote_ip = q->quoted_off;
  ladder_cursor_init (&b->c, data, end);
  title = b->probe != NULL ? g_strdup_printf (_("Quoted (packet %lu as sent): "), (gulong) b->probe->frame)
          : g_strdup (_("Quoted: "));
  /* The frame holds the whole ICMP message: its header and the quote. */
  if (m->headers->len > 0)
    {
      const LadderSpotlightHeader *icmp = &g_array_index (m->headers, LadderSpotlightHeader, m->headers->len - 1);
      m->quote_y = icmp->y - m->title_h - INSET * m->scale * 0.5;
    }
  add_ip (b, q->ip_version, q->quoted_off, 0, title);
  l4 = quoted_transport_off (b, q);
  if (l4 != 0 && l4 < end)
    add_transport (b, q->ip_version, q->ip_proto, l4, title);
  m->quote_x = m->left - INSET * m->scale;
  m->quote_w = 32 * m->bit_w + 2 * INSET * m->scale;
  m->quote_h = b->y - m->quote_y;
  b->y += GAP * m->scale;
}

static LadderSpotlightFocus
resolve_focus (const LadderPacket *pkt, LadderSpotlightFocus focus)
{
  if (focus != LADDER_SPOTLIGHT_FOCUS_AUTO)
    return focus;
  switch (pkt->ip_proto)
    {
    case LADDER_IPPROTO_ICMP:
    case LADDER_IPPROTO_ICMPV6: return LADDER_SPOTLIGHT_FOCUS_TTL;
    case LADDER_IPPROTO_TCP: return LADDER_SPOTLIGHT_FOCUS_HANDSHAKE;
    case LADDER_IPPROTO_UDP: return LADDER_SPOTLIGHT_FOCUS_PORTS;
    default: return LADDER_SPOTLIGHT_FOCUS_NONE;
    }
}

static LadderSpotlightModel *
model_alloc (double scale, double top)
{
  LadderSpotlightModel *m = g_new0 (LadderSpotlightModel, 1);

  m->headers = g_array_new (FALSE, FALSE, sizeof (LadderSpotlightHeader));
  m->fields = g_array_new (FALSE, FALSE, sizeof (LadderSpotlightField));
  m->scale = scale;
  m->bit_w = BIT_W * scale;
  m->row_h = ROW_H * scale;
  m->title_h = TITLE_H * scale;
  m->ruler_h = RULER_H * scale;
  m->left = (MARGIN + INSET) * scale;
  m->top = top;
  m->width = 2 * m->left + 32 * m->bit_w;
  return m;
}

LadderSpotlightModel *
ladder_spotlight_model_new (const LadderPacket         *pkt,
                            const guint8               *data,
                            guint32                     caplen,
                            LadderSpotlightFocus        focus,
                            const LadderSpotlightProbe *probe,
                            double                      font_scale,
                            double                      top)
{
  Build b = { 0 };
  gboolean later_fragment;

  g_return_val_if_fail (pkt != NULL && (data != NULL || caplen == 0), NULL);
  if ((pkt->ip_version != 4 && pkt->ip_version != 6) || pkt->ip_off >= caplen)
    return NULL;
  b.m = model_alloc (CLAMP (font_scale, 0.25, 8.0), top);
  b.m->focus = resolve_focus (pkt, focus);
  b.m->probe = probe != NULL ? probe->frame : 0;
  b.pkt = pkt;
  b.probe = probe;
  b.y = top + b.m->ruler_h;
  ladder_cursor_init (&b.c, data, caplen);
  add_ip (&b, pkt->ip_version, pkt->ip_off, pkt->l4_off, "");
  later_fragment = pkt->ip_version == 4 && pkt->ip_frag_offset != 0;
  if (pkt->l4_off != 0 && pkt->l4_off <= caplen && !later_fragment && is_drawn_transport (pkt->ip_proto))
    {
      add_transport (&b, pkt->ip_version, pkt->ip_proto, pkt->l4_off, "");
      if (ladder_icmp_kind_is_error (pkt->icmp_kind))
        add_quote (&b, data, caplen);
    }
  b.m->height = b.y + MARGIN * b.m->scale;
  return b.m;
}

void
ladder_spotlight_model_free (LadderSpotlightModel *m)
{
  if (m == NULL)
    return;
  for (guint i = 0; i < m->headers->len; i++)
    g_free (g_array_index (m->headers, LadderSpotlightHeader, i).title);
  for (guint i = 0; i < m->fields->len; i++)
    g_free (g_array_index (m->fields, LadderSpotlightField, i).value);
  g_array_unref (m->headers);
  g_array_unref (m->fields);
  g_free (m);
}

const LadderSpotlightField *
ladder_spotlight_model_find (const LadderSpotlightModel *m, guint header, const char *name)
{
  g_return_val_if_fail (m != NULL && name != NULL, NULL);
  for (guint i = 0; i < m->fields->len; i++)
    {
      const LadderSpotlightField *f = &g_array_index (m->fields, LadderSpotlightField, i);
      if (f->header == header && strcmp (f->name, name) == 0)
        return f;
    }
  return NULL;
}

const LadderSpotlightField *
ladder_spotlight_model_at (const LadderSpotlightModel *m, double x, double y)
{
  g_return_val_if_fail (m != NULL, NULL);
  for (guint i = 0; i < m->fields->len; i++)
    {
      const LadderSpotlightField *f = &g_array_index (m->fields, LadderSpotlightField, i);
      if (x >= f->x && x < f->x + f->w && y >= f->y && y < f->y + f->h)
        return f;
    }
  return NULL;
}
