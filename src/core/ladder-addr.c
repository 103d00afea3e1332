/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-addr.c: address helpers shared by decoders, analysis and output. */
#include "ladder-addr.h"

#include <arpa/inet.h>
#include <string.h>

void
ladder_addr_set_v4 (LadderAddr *addr, const guint8 bytes[4])
{
  memset (addr, 0, sizeof *addr);
  addr->family = 4;
  memcpy (addr->bytes, bytes, 4);
}

void
ladder_addr_set_v6 (LadderAddr *addr, const guint8 bytes[16])
{
  memset (addr, 0, sizeof *addr);
  addr->family = 6;
  memcpy (addr->bytes, bytes, 16);
}

gboolean
ladder_addr_equal (const LadderAddr *a, const LadderAddr *b)
{
  return a->family == b->family && memcmp (a->bytes, b->bytes, 16) == 0;
}

int
ladder_addr_compare (const LadderAddr *a, const LadderAddr *b)
{
  if (a->family != b->family)
    return a->family < b->family ? -1 : 1;
  return memcmp (a->bytes, b->bytes, a->family == 4 ? 4 : 16);
}

guint
ladder_addr_hash (const LadderAddr *addr)
{
  guint32 h = 2166136261u ^ addr->family;
  gsize n = addr->family == 4 ? 4 : 16;

  for (gsize i = 0; i < n; i++)
    h = (h ^ addr->bytes[i]) * 16777619u;
  return h;
}

/* Dotted quad as inet_ntop writes it, without its sprintf (tables print
 * two addresses per row, for tens of thousands of rows). */
static void
format_v4 (const guint8 bytes[4], char *buf)
{
  char *p = buf;

  for (int i = 0; i < 4; i++)
    {
      guint v = bytes[i];
      if (i > 0)
        *p++ = '.';
      if (v >= 100)
        *p++ = (char) ('0' + v / 100);
      if (v >= 10)
        *p++ = (char) ('0' + v / 10 % 10);
      *p++ = (char) ('0' + v % 10);
    }
  *p = '\0';
}

/* The longest run of two or more zero groups (the first of equal runs), as
 * glibc's inet_ntop picks it: *BASE -1 when there is none. */
static void
longest_zero_run (const guint words[8], int *base, int *len)
{
  int cur = -1;

  *base = -1;
  *len = 0;
  for (int i = 0; i <= 8; i++)
    {
      if (i < 8 && words[i] == 0)
        {
          if (cur < 0)
            cur = i;
        }
      else if (cur >= 0)
        {
          if (i - cur > *len)
            {
              *base = cur;
              *len = i - cur;
            }
          cur = -1;
        }
    }
  if (*len < 2)
    *base = -1;
}

/* RFC 5952 text exactly as glibc's inet_ntop writes it, IPv4-mapped and
 * IPv4-compatible forms included, without its sprintf per group (about
 * 3000 instructions an address). */
static void
format_v6 (const guint8 bytes[16], char *p)
{
  static const char hex[] = "0123456789abcdef";
  guint words[8];
  int base, len;

  for (int i = 0; i < 8; i++)
    words[i] = (guint) bytes[2 * i] << 8 | bytes[2 * i + 1];
  longest_zero_run (words, &base, &len);
  for (int i = 0; i < 8; i++)
    {
      if (base >= 0 && i >= base && i < base + len)
        {
          if (i == base)
            *p++ = ':';
          continue;
        }
      if (i != 0)
        *p++ = ':';
      if (i == 6 && base == 0 && (len == 6 || (len == 5 && words[5] == 0xffff)))
        {
          format_v4 (bytes + 12, p);
          return;
        }
      for (int shift = 12; shift >= 0; shift -= 4)
        if ((words[i] >> shift) != 0 || shift == 0)
          *p++ = hex[(words[i] >> shift) & 0xf];
    }
  if (base >= 0 && base + len == 8)
    *p++ = ':';
  *p = '\0';
}

char *
ladder_addr_to_string (const LadderAddr *addr, char buf[LADDER_ADDR_STRLEN])
{
  buf[0] = '\0';
  if (addr->family == 4)
    format_v4 (addr->bytes, buf);
  else if (addr->family == 6)
    format_v6 (addr->bytes, buf);
  return buf;
}

gboolean
ladder_addr_parse (const char *text, LadderAddr *addr)
{
  guint8 bytes[16];

  g_return_val_if_fail (text != NULL, FALSE);
  if (inet_pton (AF_INET, text, bytes) == 1)
    {
      ladder_addr_set_v4 (addr, bytes);
      return TRUE;
    }
  if (inet_pton (AF_INET6, text, bytes) == 1)
    {
      ladder_addr_set_v6 (addr, bytes);
      return TRUE;
    }
  return FALSE;
}

char *
ladder_mac_to_string (const guint8 mac[6], char buf[18])
{
  g_snprintf (buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
              mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
  return buf;
}
