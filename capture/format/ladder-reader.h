/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-reader.h: reads pcap and pcapng from a file, standard input or a FIFO.
 *
 * Our own bounds-checked parser rather than libpcap's, because libpcap 1.10
 * refuses pcapng files whose interfaces differ in link type or snaplen, and
 * because it must keep reading a growing stream (`tcpdump -U -w - | ...`).
 * Reads block until a whole record has arrived, so a FIFO works as a live
 * source.  A file cut off mid-record yields every record before the cut and
 * then an error naming the offset.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LADDER_READER_ERROR (ladder_reader_error_quark ())

typedef enum
{
  LADDER_READER_ERROR_OPEN,       /* cannot open or read the file */
  LADDER_READER_ERROR_FORMAT,     /* not a pcap or pcapng file */
  LADDER_READER_ERROR_TRUNCATED,  /* the file ends inside a record */
  LADDER_READER_ERROR_MALFORMED,  /* a block or record header is invalid */
} LadderReaderError;

GQuark ladder_reader_error_quark (void);

typedef enum
{
  LADDER_FORMAT_PCAP = 1,
  LADDER_FORMAT_PCAPNG,
} LadderFormat;

typedef struct
{
  guint32 linktype;
  guint32 snaplen;      /* 0: unlimited */
  char   *name;         /* if_name option, or NULL */
  char   *description;  /* if_description option, or NULL */
  /* Timestamp units: ticks per second is 10^tsresol_pow (or 2^ when
   * tsresol_base2), converted to nanoseconds by the reader. */
  guint8  tsresol_pow;
  gboolean tsresol_base2;
  gint64  tsoffset_s;   /* if_tsoffset, seconds */
} LadderInterface;

typedef struct
{
  gint64        ts_ns;     /* nanoseconds since the Unix epoch */
  guint32       caplen;
  guint32       wirelen;
  guint32       iface;     /* index into the interface list (pcap: always 0) */
  guint32       linktype;  /* that interface's link type */
  const guint8 *data;      /* caplen bytes, valid until the next call */
  const char   *comment;   /* first opt_comment (pcapng), valid until the next call, or NULL */
  guint64       file_offset; /* where the record starts in the stream */
} LadderRecord;

typedef struct _LadderReader LadderReader;

/* PATH may be "-" for standard input. */
LadderReader *ladder_reader_open    (const char *path, GError **error);
/* Takes ownership of FD (closed by ladder_reader_free, or at once when
 * opening fails); NAME is used in error messages.  Opening reads the file
 * header (pcap) or first section header (pcapng), so on a FIFO it blocks
 * until those bytes have arrived. */
LadderReader *ladder_reader_open_fd (int fd, const char *name, GError **error);
void          ladder_reader_free    (LadderReader *reader);

typedef enum
{
  /* Read a regular file with read(2) instead of mapping it.  A mapping
   * saves a copy but turns a file cut short by another process while it
   * is read into SIGBUS; a caller that copies every record anyway (the
   * window's loader) gains nothing from it and must never crash. */
  LADDER_READER_NO_MAP = 1 << 0,
} LadderReaderFlags;

LadderReader *ladder_reader_open_full    (const char *path, LadderReaderFlags flags, GError **error);
LadderReader *ladder_reader_open_fd_full (int fd, const char *name, LadderReaderFlags flags,
                                          GError **error);

/* Returns 1 with *record filled, 0 at a clean end of file, -1 on error
 * (records before the error have all been returned).  Errors are sticky:
 * later calls return -1 with the same error.  pcapng Simple Packet Blocks
 * carry no timestamp: their records have ts_ns == 0. */
int  ladder_reader_next (LadderReader *reader, LadderRecord *record, GError **error);

LadderFormat ladder_reader_get_format (LadderReader *reader);
/* pcapng interfaces appear as their IDBs are read; pcap has exactly one.
 * Indices are reader-wide: a new pcapng section (SHB) starts its interface
 * ids at 0 again, and the reader maps them after those of earlier sections,
 * so LadderRecord.iface always indexes this list.  The returned pointer
 * stays valid until the reader is freed. */
guint                  ladder_reader_get_n_interfaces (LadderReader *reader);
const LadderInterface *ladder_reader_get_interface    (LadderReader *reader, guint index);
/* Nanosecond timestamps in the file header (pcap) or resolution of iface 0
 * (pcapng: finer than microseconds; FALSE until that IDB has been read). */
gboolean      ladder_reader_get_nanosecond (LadderReader *reader);
/* The name given to open_fd, the path (display form) or "standard input". */
const char   *ladder_reader_get_name (LadderReader *reader);
/* Count of pcapng blocks skipped because their type is unknown.  Name
 * resolution, interface statistics, decryption secrets, systemd journal
 * and custom blocks are known (ignored, not counted). */
guint64       ladder_reader_get_skipped_blocks (LadderReader *reader);
/* Called from within ladder_reader_next(), in stream order, for every
 * pcapng block that is not a section header, interface description or
 * packet block (custom blocks, name resolution, statistics, unknown
 * types).  BODY is what follows the block type and length, up to the
 * trailing length; it is valid only during the call.  SWAPPED: the
 * section's byte order is not the host's. */
typedef void (*LadderBlockFunc) (guint32       type,
                                 const guint8 *body,
                                 gsize         len,
                                 gboolean      swapped,
                                 gpointer      user_data);
void          ladder_reader_set_block_func (LadderReader    *reader,
                                            LadderBlockFunc  func,
                                            gpointer         user_data);
/* For a caller that reads records' data after asking for later ones (say
 * on another thread): TRUE when their data stays readable until the reader
 * is freed, not only until the next call, which is so for a regular file
 * (it is mapped).  KEEP_BEHIND: how many bytes behind the newest record
 * stay resident; pages further back are given back to the kernel and read
 * again from the page cache if touched.  FALSE, and nothing changed, when
 * a record's data is only valid until the next call (a pipe, or
 * LADDER_READER_NO_MAP). */
gboolean      ladder_reader_keep_records (LadderReader *reader, gsize keep_behind);
/* Bytes consumed so far (for progress). */
guint64       ladder_reader_get_offset (LadderReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderReader, ladder_reader_free)

G_END_DECLS
