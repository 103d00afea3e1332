/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-pcapng-roundtrip.c: libFuzzer harness for the lab's pcapng writer
 * read back by the reader (not built by meson).
 *
 * The input is a script: each step adds an interface (link type, snaplen,
 * name and description of arbitrary bytes), a packet on one of the
 * interfaces, or a block of some type with an arbitrary body.  The file the
 * writer produces must read back, record for record, to what was written:
 * the same interface, link type, timestamp, lengths and bytes; names as
 * the reader shows option strings (cut at a NUL, made valid UTF-8); every
 * non-packet block handed to the block hook with its body padded to 32
 * bits.  See tests/fuzz/README.md.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ladder-pcapng-writer.h"
#include "ladder-reader.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

typedef struct
{
  const guint8 *p;
  gsize         left;
} Script;

typedef struct
{
  guint32  iface;
  gint64   ts_ns;
  guint32  wirelen;
  GBytes  *bytes;
} Written;

typedef struct
{
  GPtrArray *names;      /* expected if_name / if_description, two per interface */
  GArray    *linktypes;
  GArray    *packets;    /* Written */
  GPtrArray *blocks;     /* GBytes: type (4 bytes host order) then the padded body */
  guint      next_block;
} Expected;

static guint32
take (Script *s, guint n)
{
  guint32 v = 0;

  for (guint i = 0; i < n && s->left > 0; i++, s->p++, s->left--)
    v = v << 8 | s->p[0];
  return v;
}

static const guint8 *
take_bytes (Script *s, gsize *n)
{
  const guint8 *p = s->p;

  *n = MIN (*n, s->left);
  s->p += *n;
  s->left -= *n;
  return p;
}

/* What the reader will show for an option string the writer was given. */
static char *
expected_string (const char *text)
{
  gsize len = text != NULL ? MIN (strlen (text), 0xfff0) : 0;

  return len == 0 ? NULL : g_utf8_make_valid (text, len);
}

static void
step_interface (Script *s, LadderPcapngWriter *w, Expected *e)
{
  guint32 linktype = take (s, 2), snaplen = take (s, 4);
  gsize n1 = take (s, 1), n2;
  g_autofree char *name = NULL, *desc = NULL;
  const guint8 *p = take_bytes (s, &n1);

  name = g_strndup ((const char *) p, n1);
  n2 = take (s, 1);
  p = take_bytes (s, &n2);
  desc = g_strndup ((const char *) p, n2);
  if (!ladder_pcapng_writer_add_interface (w, linktype, snaplen, name, desc, NULL, NULL))
    __builtin_trap ();
  g_ptr_array_add (e->names, expected_string (name));
  g_ptr_array_add (e->names, expected_string (desc));
  g_array_append_val (e->linktypes, linktype);
}

static void
step_packet (Script *s, LadderPcapngWriter *w, Expected *e)
{
  Written pkt;
  gsize caplen;
  const guint8 *p;

  if (e->linktypes->len == 0)
    return;
  pkt.iface = take (s, 1) % e->linktypes->len;
  pkt.ts_ns = (gint64) (((guint64) take (s, 4) << 32) | take (s, 4));
  caplen = take (s, 2);
  p = take_bytes (s, &caplen);
  pkt.wirelen = (guint32) caplen + take (s, 1);
  if (!ladder_pcapng_writer_add_packet (w, pkt.iface, pkt.ts_ns, p, caplen, pkt.wirelen, NULL))
    __builtin_trap ();
  /* The writer clamps negative times to the epoch. */
  pkt.ts_ns = MAX (pkt.ts_ns, 0);
  pkt.bytes = g_bytes_new (p, caplen);
  g_array_append_val (e->packets, pkt);
}

static void
step_block (Script *s, LadderPcapngWriter *w, Expected *e)
{
  /* Types the reader treats as blocks to hand over (not SHB/IDB/packets). */
  static const guint32 types[] = { 0x00000BAD, 0x40000BAD, 0x00000004, 0x00000005, 0x0000000A,
                                   0x00000BAE, 0x12345678 };
  guint32 type = types[take (s, 1) % G_N_ELEMENTS (types)];
  gsize len = take (s, 2);
  const guint8 *p = take_bytes (s, &len);
  GByteArray *expect = g_byte_array_new ();
  static const guint8 zeros[4] = { 0 };

  if (!ladder_pcapng_writer_add_block (w, type, p, len, NULL))
    __builtin_trap ();
  g_byte_array_append (expect, (const guint8 *) &type, 4);
  g_byte_array_append (expect, p, len);
  g_byte_array_append (expect, zeros, (4 - len % 4) % 4);
  g_ptr_array_add (e->blocks, g_byte_array_free_to_bytes (expect));
}

static void
on_block (guint32 type, const guint8 *body, gsize len, gboolean swapped, gpointer user_data)
{
  Expected *e = user_data;
  GBytes *want;
  gsize want_len;
  const guint8 *w;

  if (e->next_block >= e->blocks->len || swapped)
    __builtin_trap ();
  want = g_ptr_array_index (e->blocks, e->next_block++);
  w = g_bytes_get_data (want, &want_len);
  if (memcmp (w, &type, 4) != 0 || want_len - 4 != len || memcmp (w + 4, body, len) != 0)
    __builtin_trap ();
}

static void
check_interfaces (LadderReader *reader, Expected *e)
{
  if (ladder_reader_get_n_interfaces (reader) != e->linktypes->len)
    __builtin_trap ();
  for (guint i = 0; i < e->linktypes->len; i++)
    {
      const LadderInterface *iface = ladder_reader_get_interface (reader, i);

      if (iface->linktype != g_array_index (e->linktypes, guint32, i)
          || g_strcmp0 (iface->name, g_ptr_array_index (e->names, 2 * i)) != 0
          || g_strcmp0 (iface->description, g_ptr_array_index (e->names, 2 * i + 1)) != 0)
        __builtin_trap ();
    }
}

static void
check_records (LadderReader *reader, Expected *e)
{
  LadderRecord rec;
  guint n = 0;
  int r;

  while ((r = ladder_reader_next (reader, &rec, NULL)) > 0)
    {
      Written *pkt;
      gsize len;
      const guint8 *want;

      if (n >= e->packets->len)
        __builtin_trap ();
      pkt = &g_array_index (e->packets, Written, n++);
      want = g_bytes_get_data (pkt->bytes, &len);
      if (rec.iface != pkt->iface || rec.ts_ns != pkt->ts_ns || rec.caplen != len
          || rec.wirelen != pkt->wirelen || (len > 0 && memcmp (rec.data, want, len) != 0)
          || rec.linktype != g_array_index (e->linktypes, guint32, pkt->iface))
        __builtin_trap ();
    }
  if (r != 0 || n != e->packets->len || e->next_block != e->blocks->len)
    __builtin_trap ();
  check_interfaces (reader, e);
}

static void
written_clear (gpointer data)
{
  g_bytes_unref (((Written *) data)->bytes);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  Script s = { data, size };
  Expected e = { g_ptr_array_new_with_free_func (g_free), g_array_new (FALSE, FALSE, 4),
                 g_array_new (FALSE, FALSE, sizeof (Written)),
                 g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref), 0 };
  int fd = memfd_create ("fuzz-roundtrip", MFD_CLOEXEC);
  LadderPcapngWriter *w = ladder_pcapng_writer_new (fd, FALSE, "fuzz", NULL);
  LadderReader *reader;

  g_array_set_clear_func (e.packets, written_clear);
  while (s.left > 0)
    {
      switch (take (&s, 1) % 3)
        {
        case 0: step_interface (&s, w, &e); break;
        case 1: step_packet (&s, w, &e); break;
        default: step_block (&s, w, &e); break;
        }
    }
  ladder_pcapng_writer_free (w);
  lseek (fd, 0, SEEK_SET);
  reader = ladder_reader_open_fd (fd, "fuzz", NULL);
  if (reader == NULL)
    __builtin_trap ();
  ladder_reader_set_block_func (reader, on_block, &e);
  check_records (reader, &e);
  ladder_reader_free (reader);
  g_ptr_array_unref (e.names);
  g_array_unref (e.linktypes);
  g_array_unref (e.packets);
  g_ptr_array_unref (e.blocks);
  return 0;
}
