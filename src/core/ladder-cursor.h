/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cursor.h: the only code that touches packet bytes.
 *
 * A cursor is a readable window [off, end) over a packet's captured bytes.
 * Offsets are absolute from the start of the packet so that decoded fields
 * can name their byte ranges for the UI.  Invariant: off <= end <= caplen.
 * Every getter returns FALSE, and leaves the cursor where it was, instead of
 * reading past end.  Length checks are written so they cannot overflow:
 * n <= end - off, never off + n > end.
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

typedef struct
{
  const guint8 *data; /* first byte of the packet */
  gsize         off;  /* absolute offset of the next byte */
  gsize         end;  /* absolute end of the readable window */
} LadderCursor;

static inline void
ladder_cursor_init (LadderCursor *c, const guint8 *data, gsize caplen)
{
  c->data = data;
  c->off = 0;
  c->end = data != NULL ? caplen : 0;
}

static inline gsize
ladder_cursor_remaining (const LadderCursor *c)
{
  return c->end - c->off;
}

static inline gboolean
ladder_cursor_has (const LadderCursor *c, gsize n)
{
  return n <= c->end - c->off;
}

static inline gboolean
ladder_cursor_skip (LadderCursor *c, gsize n)
{
  if (!ladder_cursor_has (c, n))
    return FALSE;
  c->off += n;
  return TRUE;
}

/* Peeks at a byte REL bytes ahead without moving. */
static inline gboolean
ladder_cursor_peek_u8 (const LadderCursor *c, gsize rel, guint8 *out)
{
  if (rel >= ladder_cursor_remaining (c))
    return FALSE;
  *out = c->data[c->off + rel];
  return TRUE;
}

static inline gboolean
ladder_cursor_peek_be16 (const LadderCursor *c, gsize rel, guint16 *out)
{
  if (rel > ladder_cursor_remaining (c) || 2 > ladder_cursor_remaining (c) - rel)
    return FALSE;
  const guint8 *p = c->data + c->off + rel;
  *out = (guint16) ((p[0] << 8) | p[1]);
  return TRUE;
}

static inline gboolean
ladder_cursor_peek_be32 (const LadderCursor *c, gsize rel, guint32 *out)
{
  if (rel > ladder_cursor_remaining (c) || 4 > ladder_cursor_remaining (c) - rel)
    return FALSE;
  const guint8 *p = c->data + c->off + rel;
  *out = ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
  return TRUE;
}

static inline gboolean
ladder_cursor_u8 (LadderCursor *c, guint8 *out)
{
  if (!ladder_cursor_has (c, 1))
    return FALSE;
  *out = c->data[c->off++];
  return TRUE;
}

static inline gboolean
ladder_cursor_be16 (LadderCursor *c, guint16 *out)
{
  if (!ladder_cursor_peek_be16 (c, 0, out))
    return FALSE;
  c->off += 2;
  return TRUE;
}

static inline gboolean
ladder_cursor_be32 (LadderCursor *c, guint32 *out)
{
  if (!ladder_cursor_peek_be32 (c, 0, out))
    return FALSE;
  c->off += 4;
  return TRUE;
}

static inline gboolean
ladder_cursor_le16 (LadderCursor *c, guint16 *out)
{
  if (!ladder_cursor_has (c, 2))
    return FALSE;
  const guint8 *p = c->data + c->off;
  *out = (guint16) (p[0] | (p[1] << 8));
  c->off += 2;
  return TRUE;
}

static inline gboolean
ladder_cursor_le32 (LadderCursor *c, guint32 *out)
{
  if (!ladder_cursor_has (c, 4))
    return FALSE;
  const guint8 *p = c->data + c->off;
  *out = p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
  c->off += 4;
  return TRUE;
}

static inline gboolean
ladder_cursor_bytes (LadderCursor *c, void *dst, gsize n)
{
  if (!ladder_cursor_has (c, n))
    return FALSE;
  if (n > 0)
    memcpy (dst, c->data + c->off, n);
  c->off += n;
  return TRUE;
}

/* A pointer to N readable bytes at the cursor, or NULL.  Does not move. */
static inline const guint8 *
ladder_cursor_ptr (const LadderCursor *c, gsize n)
{
  if (!ladder_cursor_has (c, n))
    return NULL;
  return c->data + c->off;
}

/* A sub-cursor over the next N bytes, clipped to what was captured.
 * Returns FALSE (and still sets *sub, clipped) when fewer than N bytes
 * remain: a declared length only ever shrinks the view. */
static inline gboolean
ladder_cursor_sub (const LadderCursor *c, gsize n, LadderCursor *sub)
{
  *sub = *c;
  if (n <= ladder_cursor_remaining (c))
    {
      sub->end = c->off + n;
      return TRUE;
    }
  return FALSE;
}

/* Shrinks the window to at most N bytes from here.  Returns FALSE when
 * the declared N exceeds what is captured (the window stays as it was). */
static inline gboolean
ladder_cursor_narrow (LadderCursor *c, gsize n)
{
  if (n <= ladder_cursor_remaining (c))
    {
      c->end = c->off + n;
      return TRUE;
    }
  return FALSE;
}

G_END_DECLS
