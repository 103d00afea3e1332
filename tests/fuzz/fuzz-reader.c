/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-reader.c: libFuzzer harness for the pcap/pcapng reader (not built by meson).
 *
 * The input is a whole capture file.  It is handed to ladder_reader_open_fd
 * through a memfd (what a pipe or a regular file looks like to the reader:
 * read(2), no mapping when LADDER_READER_NO_MAP, a mapping otherwise; the
 * first input byte's low bit picks which), every record is read and decoded
 * with ladder_packet_decode at the record's own link type, and every pcapng
 * block the reader passes to the block hook goes through
 * ladder_events_decode.  See tests/fuzz/README.md for the build command.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ladder-events.h"
#include "ladder-packet.h"
#include "ladder-reader.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
on_block (guint32 type, const guint8 *body, gsize len, gboolean swapped, gpointer user_data)
{
  guint *n_events = user_data;
  LadderEvent event;
  /* An exact-size copy, so that a read past the body is caught even when
   * the reader's buffer holds more bytes after it. */
  guint8 *copy = g_memdup2 (body, len);

  if (ladder_events_decode (copy, len, &event))
    {
      if (event.type != LADDER_EVENT_CALL && event.type != LADDER_EVENT_STATE)
        __builtin_trap ();
      (*n_events)++;
    }
  else if (event.type != LADDER_EVENT_NONE)
    __builtin_trap ();
  (void) type;
  (void) swapped;
  g_free (copy);
}

static int
memfd_with (const guint8 *data, size_t size)
{
  int fd = memfd_create ("fuzz-reader", MFD_CLOEXEC);
  size_t done = 0;

  if (fd < 0)
    abort ();
  while (done < size)
    {
      ssize_t n = write (fd, data + done, size - done);
      if (n <= 0)
        abort ();
      done += (size_t) n;
    }
  lseek (fd, 0, SEEK_SET);
  return fd;
}

static void
check_record (LadderReader *reader, const LadderRecord *record)
{
  const LadderInterface *iface;
  LadderPacket pkt;
  guint8 *copy;

  if (record->iface >= ladder_reader_get_n_interfaces (reader))
    __builtin_trap ();
  iface = ladder_reader_get_interface (reader, record->iface);
  if (iface == NULL || iface->linktype != record->linktype)
    __builtin_trap ();
  copy = g_memdup2 (record->data, record->caplen);
  ladder_packet_decode (&pkt, record->linktype, copy, record->caplen, record->wirelen, NULL);
  if (record->comment != NULL)
    (void) strlen (record->comment);
  g_free (copy);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LadderReader) reader = NULL;
  LadderReaderFlags flags = size > 0 && (data[size - 1] & 1) ? LADDER_READER_NO_MAP : 0;
  LadderRecord record;
  guint n_events = 0;
  int r;

  reader = ladder_reader_open_fd_full (memfd_with (data, size), "fuzz", flags, &error);
  if (reader == NULL)
    return 0;
  ladder_reader_set_block_func (reader, on_block, &n_events);
  while ((r = ladder_reader_next (reader, &record, &error)) > 0)
    check_record (reader, &record);
  if ((r < 0) != (error != NULL))
    __builtin_trap ();
  /* Errors are sticky. */
  if (r < 0 && ladder_reader_next (reader, &record, NULL) != -1)
    __builtin_trap ();
  (void) ladder_reader_get_offset (reader);
  return 0;
}
