/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-save.c: a capture written back as pcapng (see ladder-save.h). */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ladder-pcapng-writer.h"
#include "ladder-save.h"

/* Custom Blocks (draft-ietf-opsawg-pcapng 4.7): the first may be copied by
 * a tool that edits the file, the second must not be. */
#define BLOCK_CUSTOM         0x00000BADu
#define BLOCK_CUSTOM_NOCOPY  0x40000BADu

static gboolean
write_interfaces (LadderCapture *capture, LadderPcapngWriter *writer, GError **error)
{
  guint n = ladder_capture_get_n_interfaces (capture);

  for (guint i = 0; i < n; i++)
    {
      const LadderCaptureInterface *iface = ladder_capture_get_interface (capture, i);
      if (!ladder_pcapng_writer_add_interface (writer, iface->linktype, iface->snaplen, iface->name,
                                               iface->description, NULL, error))
        return FALSE;
    }
  /* A capture built by hand may have frames but no interface. */
  if (n == 0 && ladder_capture_get_n_frames (capture) > 0)
    {
      LadderFrameInfo info;
      ladder_capture_get_frame (capture, 1, &info);
      return ladder_pcapng_writer_add_interface (writer, info.linktype, 0, NULL, NULL, NULL, error);
    }
  return TRUE;
}

static gboolean
write_packets (LadderCapture *capture, LadderPcapngWriter *writer, LadderSaveStats *stats,
               GError **error)
{
  guint64 n = ladder_capture_get_n_frames (capture);

  for (guint64 i = 1; i <= n; i++)
    {
      LadderFrameInfo info;
      g_autofree char *note = ladder_capture_dup_note (capture, i);

      ladder_capture_get_frame (capture, i, &info);
      if (ladder_capture_get_n_interfaces (capture) == 0)
        info.iface = 0;
      if (!ladder_pcapng_writer_add_packet_full (writer, info.iface, info.ts_ns, info.data,
                                                 info.caplen, info.wirelen, note, error))
        return FALSE;
      stats->packets++;
      stats->notes += note != NULL;
    }
  return TRUE;
}

/* A block from a section in the other byte order is copied only when its
 * layout is known: a Custom Block's Private Enterprise Number is swapped,
 * its data is the owner's and stays as it is. */
static gboolean
write_block (LadderPcapngWriter *writer, const LadderCaptureBlock *block, LadderSaveStats *stats,
             GError **error)
{
  gsize len;
  const guint8 *body = g_bytes_get_data (block->body, &len);
  g_autofree guint8 *copy = NULL;

  if (block->type == BLOCK_CUSTOM_NOCOPY || (block->swapped && (block->type != BLOCK_CUSTOM || len < 4)))
    {
      stats->blocks_dropped++;
      return TRUE;
    }
  if (block->swapped)
    {
      guint32 pen;
      copy = g_memdup2 (body, len);
      memcpy (&pen, copy, 4);
      pen = GUINT32_SWAP_LE_BE (pen);
      memcpy (copy, &pen, 4);
      body = copy;
    }
  stats->blocks++;
  return ladder_pcapng_writer_add_block (writer, block->type, body, len, error);
}

static gboolean
write_capture (LadderCapture *capture, int fd, LadderSaveStats *stats, GError **error)
{
  g_autoptr (LadderPcapngWriter) writer = ladder_pcapng_writer_new (fd, FALSE, "Wireladder", error);
  guint n_blocks;

  if (writer == NULL || !write_interfaces (capture, writer, error)
      || !write_packets (capture, writer, stats, error))
    return FALSE;
  n_blocks = ladder_capture_get_n_blocks (capture);
  for (guint i = 0; i < n_blocks; i++)
    if (!write_block (writer, ladder_capture_get_block (capture, i), stats, error))
      return FALSE;
  return TRUE;
}

static gboolean
finish_file (int fd, const char *tmp, const char *path, GError **error)
{
  int err = 0;

  if (fsync (fd) != 0 && errno != EINVAL)
    err = errno;
  if (close (fd) != 0 && err == 0)
    err = errno;
  if (err == 0 && g_rename (tmp, path) != 0)
    err = errno;
  if (err == 0)
    return TRUE;
  g_unlink (tmp);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), "Saving %s: %s", path, g_strerror (err));
  return FALSE;
}

gboolean
ladder_save_pcapng (LadderCapture   *capture,
                    const char      *path,
                    LadderSaveStats *stats,
                    GError         **error)
{
  LadderSaveStats local = { 0 };
  g_autofree char *tmp = NULL;
  int fd;

  g_return_val_if_fail (capture != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  tmp = g_strdup_printf ("%s.XXXXXX", path);
  fd = g_mkstemp_full (tmp, O_WRONLY, 0644);
  if (fd < 0)
    {
      int err = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), "Saving %s: %s", path, g_strerror (err));
      return FALSE;
    }
  if (!write_capture (capture, fd, &local, error))
    {
      close (fd);
      g_unlink (tmp);
      return FALSE;
    }
  if (!finish_file (fd, tmp, path, error))
    return FALSE;
  ladder_capture_set_notes_unsaved (capture, FALSE);
  if (stats != NULL)
    *stats = local;
  return TRUE;
}

gboolean
ladder_save_is_pcap_name (const char *path)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  lower = g_ascii_strdown (path, -1);
  return g_str_has_suffix (lower, ".pcap") || g_str_has_suffix (lower, ".cap")
         || g_str_has_suffix (lower, ".dmp");
}
