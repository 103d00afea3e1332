/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-packet-text.c */
#include "ladder-packet-text.h"

#define CACHE_SIZE 256   /* a screenful of rows several times over */

typedef struct
{
  guint64      number;   /* 0: empty */
  LadderStatus status;
  gint64       ts_ns;
  guint32      wirelen, caplen;
  char        *source, *destination;
  const char  *protocol;
  char        *info;
} Entry;

struct _LadderPacketText
{
  Entry   entries[CACHE_SIZE];
  gboolean have_origin;
  gint64   origin_ns;
  GString *scratch;
};

LadderPacketText *
ladder_packet_text_new (void)
{
  LadderPacketText *self = g_new0 (LadderPacketText, 1);

  self->scratch = g_string_sized_new (256);
  return self;
}

static void
entry_clear (Entry *entry)
{
  g_clear_pointer (&entry->source, g_free);
  g_clear_pointer (&entry->destination, g_free);
  g_clear_pointer (&entry->info, g_free);
  entry->number = 0;
}

void
ladder_packet_text_reset (LadderPacketText *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < CACHE_SIZE; i++)
    entry_clear (&self->entries[i]);
  self->have_origin = FALSE;
}

void
ladder_packet_text_free (LadderPacketText *self)
{
  if (self == NULL)
    return;
  ladder_packet_text_reset (self);
  g_string_free (self->scratch, TRUE);
  g_free (self);
}

static void
format_addresses (const LadderPacket *pkt, char **source, char **destination)
{
  char a[LADDER_ADDR_STRLEN], b[LADDER_ADDR_STRLEN];

  if (pkt->ip_version != 0)
    {
      *source = g_strdup (ladder_addr_to_string (&pkt->src, a));
      *destination = g_strdup (ladder_addr_to_string (&pkt->dst, b));
    }
  else if (pkt->layers & LADDER_LAYER_ARP)
    {
      *source = g_strdup (ladder_addr_to_string (&pkt->arp_spa, a));
      *destination = g_strdup (ladder_addr_to_string (&pkt->arp_tpa, b));
    }
  else if (pkt->layers & LADDER_LAYER_ETHERNET)
    {
      *source = g_strdup (ladder_mac_to_string (pkt->eth_src, a));
      *destination = g_strdup (ladder_mac_to_string (pkt->eth_dst, b));
    }
  else
    {
      *source = g_strdup ("");
      *destination = g_strdup ("");
    }
}

static Entry *
lookup (LadderPacketText *self, LadderCapture *capture, guint64 number)
{
  Entry *entry = &self->entries[number % CACHE_SIZE];
  LadderFrameInfo info;
  LadderPacket pkt;

  if (entry->number == number)
    return entry;
  entry_clear (entry);
  if (!ladder_capture_get_frame (capture, number, &info))
    return NULL;
  if (!self->have_origin)
    {
      LadderFrameInfo first;

      self->have_origin = ladder_capture_get_frame (capture, 1, &first);
      self->origin_ns = self->have_origin ? first.ts_ns : info.ts_ns;
    }
  ladder_capture_decode (capture, number, &pkt, NULL);
  entry->number = number;
  entry->status = pkt.status;
  entry->ts_ns = info.ts_ns;
  entry->wirelen = info.wirelen;
  entry->caplen = info.caplen;
  entry->protocol = ladder_packet_protocol_name (&pkt);
  format_addresses (&pkt, &entry->source, &entry->destination);
  g_string_truncate (self->scratch, 0);
  ladder_packet_summary (&pkt, self->scratch);
  entry->info = g_strdup (self->scratch->str);
  return entry;
}

static void
format_time (gint64 rel_ns, GString *out)
{
  const char *sign = rel_ns < 0 ? "-" : "";
  guint64 abs_ns = rel_ns < 0 ? (guint64) -rel_ns : (guint64) rel_ns;

  g_string_append_printf (out, "%s%" G_GUINT64_FORMAT ".%06" G_GUINT64_FORMAT,
                          sign, abs_ns / 1000000000, (abs_ns % 1000000000) / 1000);
}

LadderStatus
ladder_packet_text_format (LadderPacketText *self, LadderCapture *capture,
                           guint64 number, LadderPacketColumn column, GString *out)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, LADDER_STATUS_OK);
  g_return_val_if_fail (capture != NULL, LADDER_STATUS_OK);

  if (column == LADDER_PACKET_COLUMN_NUMBER)
    {
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, number);
      return LADDER_STATUS_OK;
    }
  entry = lookup (self, capture, number);
  if (entry == NULL)
    return LADDER_STATUS_OK;
  switch (column)
    {
    case LADDER_PACKET_COLUMN_TIME:
      format_time (ladder_ns_between (self->origin_ns, entry->ts_ns), out);
      break;
    case LADDER_PACKET_COLUMN_SOURCE:
      g_string_append (out, entry->source);
      break;
    case LADDER_PACKET_COLUMN_DESTINATION:
      g_string_append (out, entry->destination);
      break;
    case LADDER_PACKET_COLUMN_PROTOCOL:
      g_string_append (out, entry->protocol);
      break;
    case LADDER_PACKET_COLUMN_LENGTH:
      g_string_append_printf (out, "%u", entry->wirelen);
      break;
    case LADDER_PACKET_COLUMN_INFO:
    default:
      g_string_append (out, entry->info);
      break;
    }
  return entry->status;
}
