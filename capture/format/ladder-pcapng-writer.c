/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-pcapng-writer.c: pcapng blocks, draft-ietf-opsawg-pcapng sections
 * 4.1 (SHB), 4.2 (IDB), 4.3 (EPB) and 4.7 (Custom Block). */

#include "ladder-pcapng-writer.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>
#include <unistd.h>

#define BLOCK_SHB      0x0A0D0D0Au
#define BLOCK_IDB      0x00000001u
#define BLOCK_EPB      0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define OPT_ENDOFOPT   0
#define OPT_COMMENT    1
#define SHB_USERAPPL   4
#define IF_NAME        2
#define IF_DESCRIPTION 3
#define IF_TSRESOL     9
/* The largest body we write: a 256 KiB packet plus headers. */
#define MAX_BODY       (1024 * 1024)

struct _LadderPcapngWriter
{
  int         fd;
  gboolean    own_fd;
  guint32     n_interfaces;
  guint64     n_packets;
  guint64     n_blocks;
  GByteArray *block;   /* reused for every block */
};

static void
put_u16 (GByteArray *out, guint16 value)
{
  value = GUINT16_TO_LE (value);
  g_byte_array_append (out, (const guint8 *) &value, 2);
}

static void
put_u32 (GByteArray *out, guint32 value)
{
  value = GUINT32_TO_LE (value);
  g_byte_array_append (out, (const guint8 *) &value, 4);
}

static void
pad32 (GByteArray *out)
{
  static const guint8 zeros[4] = { 0 };

  if (out->len % 4 != 0)
    g_byte_array_append (out, zeros, 4 - out->len % 4);
}

static void
put_option (GByteArray *out, guint16 code, const void *value, guint16 len)
{
  put_u16 (out, code);
  put_u16 (out, len);
  g_byte_array_append (out, value, len);
  pad32 (out);
}

static void
put_string_option (GByteArray *out, guint16 code, const char *text)
{
  if (text != NULL && *text != '\0')
    put_option (out, code, text, (guint16) MIN (strlen (text), 0xfff0));
}

static void
begin_block (LadderPcapngWriter *writer, guint32 type)
{
  g_byte_array_set_size (writer->block, 0);
  put_u32 (writer->block, type);
  put_u32 (writer->block, 0);   /* total length, filled in by finish_block */
}

static gboolean
write_all (int fd, const guint8 *data, gsize len, GError **error)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int err = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                       "Writing the capture: %s", g_strerror (err));
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
finish_block (LadderPcapngWriter *writer, GError **error)
{
  GByteArray *block = writer->block;
  guint32 total;

  pad32 (block);
  total = GUINT32_TO_LE (block->len + 4);
  memcpy (block->data + 4, &total, 4);
  g_byte_array_append (block, (const guint8 *) &total, 4);
  writer->n_blocks++;
  return write_all (writer->fd, block->data, block->len, error);
}

LadderPcapngWriter *
ladder_pcapng_writer_new (int fd, gboolean own_fd, const char *application, GError **error)
{
  g_autoptr(LadderPcapngWriter) writer = g_new0 (LadderPcapngWriter, 1);

  g_return_val_if_fail (fd >= 0, NULL);

  writer->fd = fd;
  writer->own_fd = own_fd;
  writer->block = g_byte_array_sized_new (4096);
  begin_block (writer, BLOCK_SHB);
  put_u32 (writer->block, BYTE_ORDER_MAGIC);
  put_u16 (writer->block, 1);
  put_u16 (writer->block, 0);
  put_u32 (writer->block, 0xffffffffu);   /* section length unknown */
  put_u32 (writer->block, 0xffffffffu);
  put_string_option (writer->block, SHB_USERAPPL, application);
  put_option (writer->block, OPT_ENDOFOPT, NULL, 0);
  if (!finish_block (writer, error))
    return NULL;
  return g_steal_pointer (&writer);
}

void
ladder_pcapng_writer_free (LadderPcapngWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->own_fd)
    close (writer->fd);
  g_byte_array_unref (writer->block);
  g_free (writer);
}

gboolean
ladder_pcapng_writer_add_interface (LadderPcapngWriter *writer,
                                    guint32             linktype,
                                    guint32             snaplen,
                                    const char         *name,
                                    const char         *description,
                                    guint32            *id,
                                    GError            **error)
{
  guint8 tsresol = 9;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (linktype <= 0xffff, FALSE);

  begin_block (writer, BLOCK_IDB);
  put_u16 (writer->block, (guint16) linktype);
  put_u16 (writer->block, 0);
  put_u32 (writer->block, snaplen);
  put_string_option (writer->block, IF_NAME, name);
  put_string_option (writer->block, IF_DESCRIPTION, description);
  put_option (writer->block, IF_TSRESOL, &tsresol, 1);
  put_option (writer->block, OPT_ENDOFOPT, NULL, 0);
  if (!finish_block (writer, error))
    return FALSE;
  if (id != NULL)
    *id = writer->n_interfaces;
  writer->n_interfaces++;
  return TRUE;
}

gboolean
ladder_pcapng_writer_add_packet (LadderPcapngWriter *writer,
                                 guint32             iface,
                                 gint64              ts_ns,
                                 const guint8       *data,
                                 guint32             caplen,
                                 guint32             wirelen,
                                 GError            **error)
{
  return ladder_pcapng_writer_add_packet_full (writer, iface, ts_ns, data, caplen, wirelen,
                                               NULL, error);
}

gboolean
ladder_pcapng_writer_add_packet_full (LadderPcapngWriter *writer,
                                      guint32             iface,
                                      gint64              ts_ns,
                                      const guint8       *data,
                                      guint32             caplen,
                                      guint32             wirelen,
                                      const char         *comment,
                                      GError            **error)
{
  guint64 ts = ts_ns < 0 ? 0 : (guint64) ts_ns;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (iface < writer->n_interfaces, FALSE);
  g_return_val_if_fail (caplen <= MAX_BODY && (data != NULL || caplen == 0), FALSE);

  begin_block (writer, BLOCK_EPB);
  put_u32 (writer->block, iface);
  put_u32 (writer->block, (guint32) (ts >> 32));
  put_u32 (writer->block, (guint32) ts);
  put_u32 (writer->block, caplen);
  put_u32 (writer->block, MAX (wirelen, caplen));
  g_byte_array_append (writer->block, data, caplen);
  if (comment != NULL && *comment != '\0')
    {
      /* Options start on a 32-bit boundary after the packet's bytes. */
      pad32 (writer->block);
      put_string_option (writer->block, OPT_COMMENT, comment);
      put_option (writer->block, OPT_ENDOFOPT, NULL, 0);
    }
  if (!finish_block (writer, error))
    return FALSE;
  writer->n_packets++;
  return TRUE;
}

gboolean
ladder_pcapng_writer_add_block (LadderPcapngWriter *writer,
                                guint32             type,
                                const guint8       *body,
                                gsize               len,
                                GError            **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (len <= MAX_BODY && (body != NULL || len == 0), FALSE);
  g_return_val_if_fail (type != BLOCK_SHB, FALSE);

  begin_block (writer, type);
  g_byte_array_append (writer->block, body, len);
  return finish_block (writer, error);
}

guint64
ladder_pcapng_writer_get_n_packets (LadderPcapngWriter *writer)
{
  return writer->n_packets;
}

guint64
ladder_pcapng_writer_get_n_blocks (LadderPcapngWriter *writer)
{
  return writer->n_blocks;
}
