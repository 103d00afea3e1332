/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-reader.c: a streaming, bounds-checked pcap and pcapng reader.
 *
 * Formats: draft-ietf-opsawg-pcap (pcap) and draft-ietf-opsawg-pcapng
 * (pcapng), plus Alexey Kuznetzov's "modified" pcap (24-byte record
 * headers).
 *
 * The reader never seeks, so pipes and FIFOs work.  It read(2)s big chunks
 * into one growable buffer and hands out records that point into it, so
 * the steady state makes no allocation and no system call per record.
 * A regular file is mapped instead (no copy at all): the mapping covers
 * the file as it was when opened, exactly the bytes a read(2) loop would
 * have found before its end-of-file, and the pages already consumed are
 * released as the reader moves on so its resident size stays bounded.
 * (As with any mapping, a file cut short by another process while it is
 * being read raises SIGBUS; capture tools append, they do not truncate.)
 * Every length in the file is checked against what is in the buffer
 * before it is used, in a form that cannot overflow.
 *
 * Where we differ from libpcap 1.10 (deliberately more lenient):
 *  - pcapng interfaces may differ in link type and snaplen (as Wireshark);
 *  - a nonzero reserved field in the pcap link type is ignored (libpcap
 *    master rejects it, 1.10.3 reports an unknown link type);
 *  - a pcapng option that overruns its block ends option parsing for that
 *    block instead of failing the file; the packet itself is kept;
 *  - a pcapng EPB's captured length is not clipped to the snaplen.
 * Like libpcap we reject pcap versions other than 2.0-2.4 and 543.0, and
 * pcapng versions other than 1.0 and 1.2, and a pcap record whose captured
 * length exceeds max (snaplen, 262144) (snaplen counted up to 128 MiB).
 *
 * Timestamps become nanoseconds since the epoch with the seconds and the
 * fraction converted separately, so nothing overflows before the year
 * 2262; later ones saturate at G_MAXINT64.  pcap seconds are unsigned
 * (0xffffffff is 2106).  A pcap fraction of a second or more (a corrupt
 * file) is carried into the seconds, as plain arithmetic would; tshark
 * shows such timestamps differently.  pcapng Simple Packet Blocks have no
 * timestamp and get 0.
 */

#include "ladder-reader.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK        (1024 * 1024)
#define SMALL_FILE_SLACK  4096  /* room for the read that finds the end */
/* A mapped file gives back the pages behind the reader in steps this big. */
#define RELEASE_STEP      (1024 * 1024)
#define PREFETCH_FAR      4096
#define PREFETCH_LINES    8      /* per record: 512 bytes, more than most records */
/* libpcap's MAXIMUM_SNAPLEN, and its largest per-link-type maximum (D-Bus). */
#define PCAP_MAX_SNAPLEN  262144
#define PCAP_HARD_MAX     (128 * 1024 * 1024)
#define PCAPNG_MAX_BLOCK  (PCAP_HARD_MAX + 4096)
#define MAX_OPTIONS       4096
#define NS_PER_S          G_GINT64_CONSTANT (1000000000)
/* Largest whole second whose nanosecond count fits in a gint64. */
#define MAX_S             (G_MAXINT64 / NS_PER_S - 1)

#define PCAP_HDR_LEN      24
#define PCAPNG_SHB        0x0A0D0D0A
#define PCAPNG_IDB        0x00000001
#define PCAPNG_PB         0x00000002
#define PCAPNG_SPB        0x00000003
#define PCAPNG_NRB        0x00000004
#define PCAPNG_ISB        0x00000005
#define PCAPNG_EPB        0x00000006
#define PCAPNG_JOURNAL    0x00000009
#define PCAPNG_DSB        0x0000000A
#define PCAPNG_CB_COPY    0x00000BAD
#define PCAPNG_CB_NOCOPY  0x40000BAD
#define PCAPNG_BOM        0x1A2B3C4D

#define OPT_COMMENT       1
#define IF_NAME           2
#define IF_DESCRIPTION    3
#define IF_TSRESOL        9
#define IF_TSOFFSET       14

typedef enum
{
  FILL_OK,
  FILL_EOF,
  FILL_ERROR,
} FillResult;

/* pcap before 2.3 (and DG/UX's 543.0) wrote caplen and len the other way
 * round; 2.3 did so only sometimes.  As libpcap's sf-pcap.c. */
typedef enum
{
  LENGTHS_NOT_SWAPPED,
  LENGTHS_SWAPPED,
  LENGTHS_MAYBE_SWAPPED,
} LengthsSwapped;

typedef struct
{
  LadderInterface pub;
  guint64         ticks_per_s;  /* base 10 */
  guint64         ns_mul;       /* base 10, a tick is 1 ns or coarser */
  guint64         ns_div;       /* base 10, a tick is finer than 1 ns */
} ReaderIface;

struct _LadderReader
{
  char           *name;
  int             fd;

  guint8         *buf;
  gsize           size;
  gsize           start;       /* first unconsumed byte */
  gsize           end;         /* end of the bytes read so far */
  guint64         buf_offset;  /* stream offset of buf[0] */
  gboolean        eof;
  guint8         *map;         /* the file's mapping, or NULL (buf is then ours) */
  gsize           map_len;
  gsize           released;    /* bytes of buf given back to the kernel */
  gsize           keep_behind; /* bytes behind start not given back (ladder_reader_keep_records) */
  gsize           prefetched;  /* buf below this was asked for (a hint) */
  gsize           page;
  GError         *error;       /* sticky: every later call fails the same way */

  LadderFormat    format;
  gboolean        swap;        /* file (section) byte order is not the host's */
  gboolean        nanosecond;

  /* pcap */
  guint           rec_hdr_len;
  guint32         max_caplen;
  LengthsSwapped  lengths_swapped;

  /* pcapng */
  GPtrArray      *ifaces;      /* ReaderIface, over all sections */
  guint           section_base;
  guint64         skipped;
  GString        *comment;
  LadderBlockFunc block_func;
  gpointer        block_data;
};

G_DEFINE_QUARK (ladder-reader-error-quark, ladder_reader_error)

/* Byte access.  Callers have checked the lengths. */

static inline guint16
rd16 (const guint8 *p, gboolean swap)
{
  guint16 v;

  memcpy (&v, p, sizeof v);
  return swap ? GUINT16_SWAP_LE_BE (v) : v;
}

static inline guint32
rd32 (const guint8 *p, gboolean swap)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return swap ? GUINT32_SWAP_LE_BE (v) : v;
}

static inline guint64
rd64 (const guint8 *p, gboolean swap)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return swap ? GUINT64_SWAP_LE_BE (v) : v;
}

static inline guint32
rd32_be (const guint8 *p)
{
  return rd32 (p, G_BYTE_ORDER == G_LITTLE_ENDIAN);
}

/* Errors */

static int reader_fail (LadderReader  *self,
                        GError       **error,
                        int            code,
                        const char    *format,
                        ...) G_GNUC_PRINTF (4, 5);

/* Sets ERROR to "NAME: message", remembers it, returns -1. */
static int
reader_fail (LadderReader  *self,
             GError       **error,
             int            code,
             const char    *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_clear_error (&self->error);
  self->error = g_error_new (LADDER_READER_ERROR, code, "%s: %s", self->name, message);
  if (error != NULL)
    *error = g_error_copy (self->error);
  return -1;
}

static inline guint64
reader_tell (const LadderReader *self)
{
  return self->buf_offset + self->start;
}

static inline gsize
reader_avail (const LadderReader *self)
{
  return self->end - self->start;
}

/* Buffering */

/* Once the buffer is full, moves unconsumed bytes to the front and grows
 * the buffer if NEED bytes still do not fit.  While there is room the
 * next read goes there first: at the end of a cut file it returns 0, and
 * nothing has to move or grow for a record that will never arrive.  Grows
 * by doubling rather than straight to NEED so that a bogus huge length
 * costs no more memory than the stream has bytes. */
static void
reader_make_room (LadderReader *self,
                  gsize         need)
{
  gsize avail = reader_avail (self);

  if (self->end < self->size)
    return;

  if (self->start > 0)
    {
      memmove (self->buf, self->buf + self->start, avail);
      self->buf_offset += self->start;
      self->start = 0;
      self->end = avail;
    }

  if (self->size < need)
    {
      gsize grown = MAX (self->size * 2, (gsize) READ_CHUNK);

      self->size = MIN (grown, need);
      self->buf = g_realloc (self->buf, self->size);
    }
}

/* Blocks until NEED bytes are buffered from start, the stream ends or a
 * read fails.  Loops on short reads, so a record that arrives through a
 * pipe in pieces is put back together. */
static FillResult
reader_fill_slow (LadderReader  *self,
                  gsize          need,
                  GError       **error)
{
  while (reader_avail (self) < need)
    {
      gssize n;

      if (self->eof)
        return FILL_EOF;

      reader_make_room (self, need);
      n = read (self->fd, self->buf + self->end, self->size - self->end);
      if (n < 0)
        {
          int errsv = errno;

          if (errsv == EINTR)
            continue;
          reader_fail (self, error, LADDER_READER_ERROR_OPEN, "%s", g_strerror (errsv));
          return FILL_ERROR;
        }
      if (n == 0)
        self->eof = TRUE;
      self->end += n;
    }

  return FILL_OK;
}

/* Asks for every cache line up to PREFETCH_FAR bytes past the next record,
 * a few lines each time: the CPU's own prefetcher stops at page boundaries,
 * and a mapped file is in memory, not in the CPU's cache.  Measured on the
 * benchmark capture: a fifth less time.  Into every level of the cache
 * (locality 3), not with the non-temporal hint (0), which on this Xeon
 * keeps a line in the first level only, where the decoding's own writes
 * soon push it out: reading and decoding the benchmark's real-traffic
 * capture on one thread (`ping`, which keeps almost nothing) took 0.19 s
 * with the hint and 0.16 s without, 2 KB or 4 KB ahead alike. */
static inline void
reader_prefetch (LadderReader *self)
{
  gsize target = MIN (self->start + PREFETCH_FAR, self->end);
  gsize want;

  /* behind start, or stale after the buffer moved: start over from here */
  if (self->prefetched < self->start || self->prefetched > self->start + 2 * PREFETCH_FAR)
    self->prefetched = self->start;
  /* A fixed number of lines from where the last call stopped, some of
   * them past the target (harmless: they are the next ones), advancing
   * by what was wanted: a loop until the target ended after a number of
   * rounds that follows the record sizes, and its exit was mispredicted
   * about once per record (cachegrind). */
  want = target > self->prefetched ? target - self->prefetched : 0;
  for (guint i = 0; i < PREFETCH_LINES; i++)
    __builtin_prefetch (self->buf + self->prefetched + 64 * i, 0, 3);
  self->prefetched += MIN (want, 64 * PREFETCH_LINES);
}

static inline FillResult
reader_fill (LadderReader  *self,
             gsize          need,
             GError       **error)
{
  if (G_LIKELY (reader_avail (self) >= need))
    return FILL_OK;
  return reader_fill_slow (self, need, error);
}

/* The answer when reader_fill() could not deliver NEED bytes for the
 * record that starts at start: a clean end, a read error or a cut. */
static int
reader_short (LadderReader  *self,
              FillResult     result,
              gsize          need,
              GError       **error)
{
  if (result == FILL_ERROR)
    return -1;
  if (reader_avail (self) == 0)
    return 0;
  return reader_fail (self, error, LADDER_READER_ERROR_TRUNCATED,
                      "truncated record at offset %" G_GUINT64_FORMAT
                      " (needs %" G_GSIZE_FORMAT " bytes, has %" G_GSIZE_FORMAT ")",
                      reader_tell (self), need, reader_avail (self));
}

/* Time */

static inline gint64
ns_from_parts (guint64 s,
               gint64  offset_s,
               guint64 ns)
{
  gint64 t = (gint64) MIN (s, (guint64) MAX_S + 1) + offset_s;

  /* offset_s is clamped to +-(MAX_S + 1), so t cannot overflow; saturate instead
   * of wrapping for timestamps past the year 2262. */
  if (t > MAX_S)
    return G_MAXINT64;
  if (t < -MAX_S)
    return G_MININT64;
  return t * NS_PER_S + (gint64) ns;
}

static gint64
iface_ticks_to_ns (const ReaderIface *iface,
                   guint64            ticks)
{
  guint64 s, frac, ns;

  if (iface->pub.tsresol_base2)
    {
      guint shift = iface->pub.tsresol_pow;

      s = ticks >> shift;
      frac = ticks & ((G_GUINT64_CONSTANT (1) << shift) - 1);
      /* Keep frac * 10^9 inside 64 bits; drops precision below 1 ns only. */
      if (shift > 34)
        {
          frac >>= shift - 34;
          shift = 34;
        }
      ns = (frac * NS_PER_S) >> shift;
    }
  else if (iface->ticks_per_s == 1000000)
    {
      /* The common case, with a constant divisor the compiler can turn
       * into a multiplication. */
      s = ticks / 1000000;
      ns = (ticks % 1000000) * 1000;
    }
  else
    {
      s = ticks / iface->ticks_per_s;
      frac = ticks % iface->ticks_per_s;
      ns = iface->ns_mul != 0 ? frac * iface->ns_mul : frac / iface->ns_div;
    }

  return ns_from_parts (s, iface->pub.tsoffset_s, ns);
}

/* Fills in the conversion constants.  FALSE when the resolution cannot be
 * represented (ticks per second beyond 64 bits). */
static gboolean
iface_set_tsresol (ReaderIface *iface,
                   guint8       tsresol)
{
  guint64 p10 = 1;

  iface->pub.tsresol_base2 = (tsresol & 0x80) != 0;
  iface->pub.tsresol_pow = tsresol & 0x7f;

  if (iface->pub.tsresol_base2)
    return iface->pub.tsresol_pow < 64;
  if (iface->pub.tsresol_pow > 19)
    return FALSE;

  for (guint i = 0; i < iface->pub.tsresol_pow; i++)
    p10 *= 10;
  iface->ticks_per_s = p10;
  iface->ns_mul = 0;
  iface->ns_div = 1;
  if (iface->pub.tsresol_pow <= 9)
    iface->ns_mul = (guint64) NS_PER_S / p10;
  else
    iface->ns_div = p10 / (guint64) NS_PER_S;
  return TRUE;
}

static void
iface_free (gpointer data)
{
  ReaderIface *iface = data;

  g_free (iface->pub.name);
  g_free (iface->pub.description);
  g_free (iface);
}

static ReaderIface *
iface_new (guint32 linktype,
           guint32 snaplen)
{
  ReaderIface *iface = g_new0 (ReaderIface, 1);

  iface->pub.linktype = linktype;
  iface->pub.snaplen = snaplen;
  iface_set_tsresol (iface, 6);
  return iface;
}

/* Option strings are not NUL-terminated and need not be valid UTF-8. */
static char *
dup_option_string (const guint8 *value,
                   gsize         len)
{
  const char *s = (const char *) value;
  const char *nul = memchr (s, '\0', len);

  if (nul != NULL)
    len = nul - s;
  return g_utf8_make_valid (s, len);
}

/* pcap */

static void
pcap_fix_lengths (const LadderReader *self,
                  guint32            *caplen,
                  guint32            *wirelen)
{
  guint32 t;

  if (G_LIKELY (self->lengths_swapped == LENGTHS_NOT_SWAPPED))
    return;
  if (self->lengths_swapped == LENGTHS_MAYBE_SWAPPED && *caplen <= *wirelen)
    return;
  t = *caplen;
  *caplen = *wirelen;
  *wirelen = t;
}

static int
pcap_next (LadderReader  *self,
           LadderRecord  *record,
           GError       **error)
{
  const ReaderIface *iface = g_ptr_array_index (self->ifaces, 0);
  const guint8 *p;
  guint32 sec, frac, caplen, wirelen;
  gsize total;
  FillResult r;

  r = reader_fill (self, self->rec_hdr_len, error);
  if (G_UNLIKELY (r != FILL_OK))
    return reader_short (self, r, self->rec_hdr_len, error);

  p = self->buf + self->start;
  sec = rd32 (p, self->swap);
  frac = rd32 (p + 4, self->swap);
  caplen = rd32 (p + 8, self->swap);
  wirelen = rd32 (p + 12, self->swap);
  pcap_fix_lengths (self, &caplen, &wirelen);

  if (G_UNLIKELY (caplen > self->max_caplen))
    return reader_fail (self, error, LADDER_READER_ERROR_MALFORMED,
                        "record at offset %" G_GUINT64_FORMAT " has captured length %u,"
                        " more than the maximum of %u",
                        reader_tell (self), caplen, self->max_caplen);

  total = (gsize) self->rec_hdr_len + caplen;
  r = reader_fill (self, total, error);
  if (G_UNLIKELY (r != FILL_OK))
    return reader_short (self, r, total, error);

  p = self->buf + self->start;
  record->ts_ns = (gint64) sec * NS_PER_S + (gint64) frac * (self->nanosecond ? 1 : 1000);
  record->caplen = caplen;
  record->wirelen = wirelen;
  record->iface = 0;
  record->linktype = iface->pub.linktype;
  record->data = p + self->rec_hdr_len;
  record->comment = NULL;
  record->file_offset = reader_tell (self);
  self->start += total;
  reader_prefetch (self);
  return 1;
}

/* Reads the magic's byte order and variant.  FALSE if not a pcap magic. */
static gboolean
pcap_parse_magic (LadderReader *self,
                  guint32       magic_be)
{
  gboolean file_be;

  switch (magic_be)
    {
    case 0xa1b2c3d4: case 0xa1b23c4d: case 0xa1b2cd34:
      file_be = TRUE;
      break;
    case 0xd4c3b2a1: case 0x4d3cb2a1: case 0x34cdb2a1:
      file_be = FALSE;
      magic_be = GUINT32_SWAP_LE_BE (magic_be);
      break;
    default:
      return FALSE;
    }

  self->swap = file_be != (G_BYTE_ORDER == G_BIG_ENDIAN);
  self->nanosecond = magic_be == 0xa1b23c4d;
  self->rec_hdr_len = magic_be == 0xa1b2cd34 ? 24 : 16;
  return TRUE;
}

static gboolean
pcap_check_version (LadderReader  *self,
                    guint16        major,
                    guint16        minor,
                    GError       **error)
{
  if (major < 2)
    {
      reader_fail (self, error, LADDER_READER_ERROR_FORMAT,
                   "archaic pcap savefile format (version %u.%u)", major, minor);
      return FALSE;
    }
  if (!((major == 2 && minor <= 4) || (major == 543 && minor == 0)))
    {
      reader_fail (self, error, LADDER_READER_ERROR_FORMAT,
                   "unsupported pcap savefile version %u.%u", major, minor);
      return FALSE;
    }

  if (major == 543 || minor < 3)
    self->lengths_swapped = LENGTHS_SWAPPED;
  else if (minor == 3)
    self->lengths_swapped = LENGTHS_MAYBE_SWAPPED;
  else
    self->lengths_swapped = LENGTHS_NOT_SWAPPED;
  return TRUE;
}

static gboolean
pcap_read_header (LadderReader  *self,
                  GError       **error)
{
  const guint8 *p;
  guint32 snaplen, linktype;
  FillResult r;

  r = reader_fill (self, PCAP_HDR_LEN, error);
  if (r != FILL_OK)
    {
      if (r == FILL_EOF)
        reader_fail (self, error, LADDER_READER_ERROR_TRUNCATED,
                     "truncated file header (needs %d bytes, has %" G_GSIZE_FORMAT ")",
                     PCAP_HDR_LEN, reader_avail (self));
      return FALSE;
    }

  p = self->buf + self->start;
  if (!pcap_check_version (self, rd16 (p + 4, self->swap), rd16 (p + 6, self->swap), error))
    return FALSE;

  snaplen = rd32 (p + 16, self->swap);
  /* The upper bits hold FCS information and a reserved field. */
  linktype = rd32 (p + 20, self->swap) & 0xffff;
  self->max_caplen = MAX ((guint32) PCAP_MAX_SNAPLEN, MIN (snaplen, (guint32) PCAP_HARD_MAX));

  g_ptr_array_add (self->ifaces, iface_new (linktype, snaplen));
  iface_set_tsresol (g_ptr_array_index (self->ifaces, 0), self->nanosecond ? 9 : 6);
  self->format = LADDER_FORMAT_PCAP;
  self->start += PCAP_HDR_LEN;
  return TRUE;
}

/* pcapng options */

typedef struct
{
  const guint8 *p;
  gsize         left;
  gboolean      swap;
  guint         count;
} OptIter;

static void
opt_iter_init (OptIter      *it,
               const guint8 *p,
               gsize         len,
               gboolean      swap)
{
  it->p = p;
  it->left = len;
  it->swap = swap;
  it->count = 0;
}

/* Stops at opt_endofopt, at the end of the space, at an option that
 * overruns it, or after MAX_OPTIONS. */
static gboolean
opt_iter_next (OptIter       *it,
               guint16       *code,
               guint16       *len,
               const guint8 **value)
{
  gsize padded;

  if (it->left < 4 || it->count++ >= MAX_OPTIONS)
    return FALSE;

  *code = rd16 (it->p, it->swap);
  *len = rd16 (it->p + 2, it->swap);
  if (*code == 0 || *len > it->left - 4)
    return FALSE;

  *value = it->p + 4;
  /* The last option may lack its padding. */
  padded = MIN (((gsize) *len + 3) & ~(gsize) 3, it->left - 4);
  it->p += 4 + padded;
  it->left -= 4 + padded;
  return TRUE;
}

/* The first opt_comment in the options, kept in self->comment. */
static const char *
pcapng_find_comment (LadderReader *self,
                     const guint8 *opts,
                     gsize         len)
{
  OptIter it;
  guint16 code, vlen;
  const guint8 *value;

  opt_iter_init (&it, opts, len, self->swap);
  while (opt_iter_next (&it, &code, &vlen, &value))
    {
      if (code == OPT_COMMENT)
        {
          const char *nul = memchr (value, '\0', vlen);
          gsize n = nul != NULL ? (gsize) (nul - (const char *) value) : vlen;

          /* Reuses the string's memory: no allocation per commented packet. */
          g_string_truncate (self->comment, 0);
          if (g_utf8_validate_len ((const char *) value, n, NULL))
            g_string_append_len (self->comment, (const char *) value, n);
          else
            {
              g_autofree char *valid = g_utf8_make_valid ((const char *) value, n);

              g_string_append (self->comment, valid);
            }
          return self->comment->str;
        }
    }

  return NULL;
}

/* pcapng blocks */

static int
pcapng_parse_shb (LadderReader  *self,
                  const guint8  *p,
                  guint32        len,
                  GError       **error)
{
  guint16 major, minor;

  if (len < 28)
    return reader_fail (self, error, LADDER_READER_ERROR_MALFORMED,
                        "section header block at offset %" G_GUINT64_FORMAT
                        " is too short (%u bytes)", reader_tell (self), len);

  major = rd16 (p + 12, self->swap);
  minor = rd16 (p + 14, self->swap);
  if (!(major == 1 && (minor == 0 || minor == 2)))
    return reader_fail (self, error, LADDER_READER_ERROR_FORMAT,
                        "unsupported pcapng savefile version %u.%u", major, minor);

  /* A section's interface ids count from 0 again; map them onto the
   * reader-wide list after the previous sections' interfaces. */
  self->section_base = self->ifaces->len;
  return 0;
}

static void
pcapng_parse_idb_options (LadderReader *self,
                          ReaderIface  *iface,
                          const guint8 *opts,
                          gsize         len,
                          guint8       *tsresol)
{
  OptIter it;
  guint16 code, vlen;
  const guint8 *value;

  opt_iter_init (&it, opts, len, self->swap);
  while (opt_iter_next (&it, &code, &vlen, &value))
    {
      if (code == IF_NAME && iface->pub.name == NULL)
        iface->pub.name = dup_option_string (value, vlen);
      else if (code == IF_DESCRIPTION && iface->pub.description == NULL)
        iface->pub.description = dup_option_string (value, vlen);
      else if (code == IF_TSRESOL && vlen >= 1)
        *tsresol = value[0];
      else if (code == IF_TSOFFSET && vlen >= 8)
        iface->pub.tsoffset_s = CLAMP ((gint64) rd64 (value, self->swap), -MAX_S - 1, MAX_S + 1);
    }
}

static int
pcapng_parse_idb (LadderReader  *self,
                  const guint8  *p,
                  guint32        len,
                  GError       **error)
{
  ReaderIface *iface;
  guint8 tsresol = 6;

  if (len < 20)
    return reader_fail (self, error, LADDER_READER_ERROR_MALFORMED,
                        "interface description block at offset %" G_GUINT64_FORMAT
                        " is too short (%u bytes)", reader_tell (self), len);

  iface = iface_new (rd16 (p + 8, self->swap), rd32 (p + 12, self->swap));
  pcapng_parse_idb_options (self, iface, p + 16, len - 20, &tsresol);
  if (!iface_set_tsresol (iface, tsresol))
    {
      iface_free (iface);
      return reader_fail (self, error, LADDER_READER_ERROR_MALFORMED,
                          "interface description block at offset %" G_GUINT64_FORMAT
                          " has unsupported if_tsresol 0x%02x", reader_tell (self), tsresol);
    }

  g_ptr_array_add (self->ifaces, iface);
  if (self->ifaces->len == 1)
    self->nanosecond = iface->pub.tsresol_base2 ? iface->pub.tsresol_pow > 19
                                                : iface->pub.tsresol_pow > 6;
  return 0;
}

/* The interface a packet block refers to, or NULL (error set). */
static const ReaderIface *
pcapng_lookup_iface (LadderReader  *self,
                     guint32        id,
                     GError       **error)
{
  if (id >= self->ifaces->len - self->section_base)
    {
      reader_fail (self, error, LADDER_READER_ERROR_MALFORMED,
                   "packet at offset %" G_GUINT64_FORMAT " refers to undefined interface %u",
                   reader_tell (self), id);
      return NULL;
    }

  return g_ptr_array_index (self->ifaces, self->section_base + id);
}

/* EPB and the obsolete Packet Block share a layout after the interface id
 * (32 bits in an EPB, 16 bits plus a drop count in a PB). */
static int
pcapng_parse_epb (LadderReader  *self,
                  const guint8  *p,
                  guint32        len,
                  gboolean       obsolete,
                  LadderRecord  *record,
                  GError       **error)
{
  const ReaderIface *iface;
  guint32 id, caplen, space, padded;
  guint64 ticks;

  if (len < 32)
    return reader_fail (self, error, LADDER_READER_ERROR_MALFORMED,
                        "packet block at offset %" G_GUINT64_FORMAT " is too short (%u bytes)",
                        reader_tell (self), len);

  space = len - 32;
  caplen = rd32 (p + 20, self->swap);
  if (caplen > space)
    return reader_fail (self, error, LADDER_READER_ERROR_MALFORMED,
                        "packet block at offset %" G_GUINT64_FORMAT " has captured length %u,"
                        " more than the %u bytes it holds", reader_tell (self), caplen, space);

  id = obsolete ? rd16 (p + 8, self->swap) : rd32 (p + 8, self->swap);
  iface = pcapng_lookup_iface (self, id, error);
  if (iface == NULL)
    return -1;

  ticks = ((guint64) rd32 (p + 12, self->swap) << 32) | rd32 (p + 16, self->swap);
  record->ts_ns = iface_ticks_to_ns (iface, ticks);
  record->caplen = caplen;
  record->wirelen = rd32 (p + 24, self->swap);
  record->iface = self->section_base + id;
  record->linktype = iface->pub.linktype;
  record->data = p + 28;
  record->comment = NULL;
  padded = (caplen + 3) & ~3u;
  if (padded < space)
    record->comment = pcapng_find_comment (self, p + 28 + padded, space - padded);
  return 1;
}

static int
pcapng_parse_spb (LadderReader  *self,
                  const guint8  *p,
                  guint32        len,
                  LadderRecord  *record,
                  GError       **error)
{
  const ReaderIface *iface;
  guint32 wirelen, caplen;

  if (len < 16)
    return reader_fail (self, error, LADDER_READER_ERROR_MALFORMED,
                        "simple packet block at offset %" G_GUINT64_FORMAT
                        " is too short (%u bytes)", reader_tell (self), len);

  iface = pcapng_lookup_iface (self, 0, error);
  if (iface == NULL)
    return -1;

  wirelen = rd32 (p + 8, self->swap);
  caplen = MIN (wirelen, len - 16);
  if (iface->pub.snaplen != 0)
    caplen = MIN (caplen, iface->pub.snaplen);

  /* An SPB carries no timestamp. */
  record->ts_ns = 0;
  record->caplen = caplen;
  record->wirelen = wirelen;
  record->iface = self->section_base;
  record->linktype = iface->pub.linktype;
  record->data = p + 12;
  record->comment = NULL;
  return 1;
}

static gboolean
pcapng_block_is_known (guint32 type)
{
  switch (type)
    {
    case PCAPNG_NRB: case PCAPNG_ISB: case PCAPNG_JOURNAL: case PCAPNG_DSB:
    case PCAPNG_CB_COPY: case PCAPNG_CB_NOCOPY:
      return TRUE;
    default:
      return FALSE;
    }
}

/* 1 with RECORD filled for a packet, 0 for any other block, -1 on error. */
static int
pcapng_parse_block (LadderReader  *self,
                    guint32        type,
                    const guint8  *p,
                    guint32        len,
                    LadderRecord  *record,
                    GError       **error)
{
  switch (type)
    {
    case PCAPNG_EPB:
      return pcapng_parse_epb (self, p, len, FALSE, record, error);
    case PCAPNG_SPB:
      return pcapng_parse_spb (self, p, len, record, error);
    case PCAPNG_PB:
      return pcapng_parse_epb (self, p, len, TRUE, record, error);
    case PCAPNG_IDB:
      return pcapng_parse_idb (self, p, len, error);
    case PCAPNG_SHB:
      return pcapng_parse_shb (self, p, len, error);
    default:
      if (!pcapng_block_is_known (type))
        self->skipped++;
      if (self->block_func != NULL)
        self->block_func (type, p + 8, len - 12, self->swap, self->block_data);
      return 0;
    }
}

/* A new section may switch byte order; its byte-order magic says which. */
static int
pcapng_read_bom (LadderReader  *self,
                 GError       **error)
{
  FillResult r;
  guint32 bom;

  r = reader_fill (self, 12, error);
  if (r != FILL_OK)
    return reader_short (self, r, 12, error);

  bom = rd32_be (self->buf + self->start + 8);
  if (bom != PCAPNG_BOM && bom != GUINT32_SWAP_LE_BE (PCAPNG_BOM))
    return reader_fail (self, error,
                        reader_tell (self) == 0 ? LADDER_READER_ERROR_FORMAT
                                                : LADDER_READER_ERROR_MALFORMED,
                        "section header at offset %" G_GUINT64_FORMAT
                        " has a bad byte-order magic 0x%08x", reader_tell (self), bom);

  self->swap = (bom == PCAPNG_BOM) != (G_BYTE_ORDER == G_BIG_ENDIAN);
  return 1;
}

static int
pcapng_check_length (LadderReader  *self,
                     guint32        len,
                     GError       **error)
{
  if (len < 12 || len % 4 != 0 || len > PCAPNG_MAX_BLOCK)
    return reader_fail (self, error, LADDER_READER_ERROR_MALFORMED,
                        "block at offset %" G_GUINT64_FORMAT " has an invalid length %u",
                        reader_tell (self), len);
  return 1;
}

/* Buffers one whole block at start, checks its framing, and returns 1 with
 * its type and length, 0 at a clean end, -1 on error. */
static int
pcapng_read_block (LadderReader  *self,
                   guint32       *type,
                   guint32       *len,
                   GError       **error)
{
  const guint8 *p;
  guint32 trailer;
  FillResult r;

  r = reader_fill (self, 8, error);
  if (G_UNLIKELY (r != FILL_OK))
    return reader_short (self, r, 8, error);

  *type = rd32 (self->buf + self->start, self->swap);
  if (*type == PCAPNG_SHB && pcapng_read_bom (self, error) < 0)
    return -1;

  *len = rd32 (self->buf + self->start + 4, self->swap);
  if (pcapng_check_length (self, *len, error) < 0)
    return -1;

  r = reader_fill (self, *len, error);
  if (G_UNLIKELY (r != FILL_OK))
    return reader_short (self, r, *len, error);

  p = self->buf + self->start;
  trailer = rd32 (p + *len - 4, self->swap);
  if (G_UNLIKELY (trailer != *len))
    return reader_fail (self, error, LADDER_READER_ERROR_MALFORMED,
                        "block at offset %" G_GUINT64_FORMAT ": total length in header %u"
                        " and trailer %u don't match", reader_tell (self), *len, trailer);
  return 1;
}

static int
pcapng_next (LadderReader  *self,
             LadderRecord  *record,
             GError       **error)
{
  /* Each turn consumes a block of at least 12 bytes, so this ends. */
  for (;;)
    {
      guint32 type, len;
      const guint8 *p;
      int r;

      r = pcapng_read_block (self, &type, &len, error);
      if (r <= 0)
        return r;

      p = self->buf + self->start;
      r = pcapng_parse_block (self, type, p, len, record, error);
      if (r < 0)
        return -1;
      record->file_offset = reader_tell (self);
      /* The block stays in the buffer until the next call. */
      self->start += len;
      if (r > 0)
        {
          reader_prefetch (self);
          return 1;
        }
    }
}

static gboolean
pcapng_read_header (LadderReader  *self,
                    GError       **error)
{
  LadderRecord unused;
  guint32 type, len;
  int r;

  r = pcapng_read_block (self, &type, &len, error);
  if (r < 0)
    return FALSE;
  g_assert (r > 0);  /* at least the 4-byte magic is buffered */
  r = pcapng_parse_block (self, type, self->buf + self->start, len, &unused, error);
  if (r < 0)
    return FALSE;

  self->format = LADDER_FORMAT_PCAPNG;
  self->start += len;
  return TRUE;
}

/* Opening */

static const char *
magic_hint (guint32 magic)
{
  if ((magic >> 16) == 0x1f8b)
    return ": gzip-compressed, decompress it first";
  return "";
}

static gboolean
reader_read_header (LadderReader  *self,
                    GError       **error)
{
  guint32 magic;

  if (reader_fill (self, 4, error) == FILL_ERROR)
    return FALSE;

  if (reader_avail (self) == 0)
    {
      reader_fail (self, error, LADDER_READER_ERROR_FORMAT, "empty file");
      return FALSE;
    }
  if (reader_avail (self) < 4)
    {
      reader_fail (self, error, LADDER_READER_ERROR_FORMAT,
                   "not a pcap or pcapng file (only %" G_GSIZE_FORMAT " bytes)",
                   reader_avail (self));
      return FALSE;
    }

  magic = rd32_be (self->buf + self->start);
  if (pcap_parse_magic (self, magic))
    return pcap_read_header (self, error);
  if (magic == PCAPNG_SHB)
    return pcapng_read_header (self, error);

  reader_fail (self, error, LADDER_READER_ERROR_FORMAT,
               "not a pcap or pcapng file (magic 0x%08x%s)", magic, magic_hint (magic));
  return FALSE;
}

/* A small file is read in one go into a buffer its size, which keeps
 * opening many small files (tests, prefixes) cheap; anything else gets a
 * full chunk, and a big file the read-ahead hint. */
static gsize
reader_initial_size (int fd)
{
  struct stat st;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    return READ_CHUNK;

  if (st.st_size >= 0 && st.st_size < READ_CHUNK - SMALL_FILE_SLACK)
    return (gsize) st.st_size + SMALL_FILE_SLACK;

#ifdef POSIX_FADV_SEQUENTIAL
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  return READ_CHUNK;
}

/* Maps a regular file from the descriptor's current offset to its present
 * end, which then is all the reader will see: a read(2) loop also stops at
 * the first end-of-file.  FALSE (nothing changed) when the file cannot be
 * mapped; the read(2) path takes over. */
static gboolean
reader_map (LadderReader *self)
{
  struct stat st;
  off_t pos;
  void *map;

  if (fstat (self->fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size <= 0
      || (guint64) st.st_size > G_MAXSIZE)
    return FALSE;
  pos = lseek (self->fd, 0, SEEK_CUR);
  if (pos < 0 || pos >= st.st_size)
    return FALSE;
  map = mmap (NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE, self->fd, 0);
  if (map == MAP_FAILED)
    return FALSE;
#ifdef MADV_SEQUENTIAL
  madvise (map, (size_t) st.st_size, MADV_SEQUENTIAL);
#endif
  self->map = map;
  self->map_len = (gsize) st.st_size;
  self->buf = self->map + pos;
  self->size = self->end = self->map_len - (gsize) pos;
  self->eof = TRUE;
  self->page = (gsize) sysconf (_SC_PAGESIZE);
  /* Keep the descriptor where a read(2) loop would have left it. */
  lseek (self->fd, st.st_size, SEEK_SET);
  return TRUE;
}

/* Gives the consumed pages of a mapping back: they count in the resident
 * size otherwise, and a capture is read once from front to back.  A caller
 * that still reads records it was handed earlier (keep_behind) finds them
 * resident when it is at most keep_behind bytes behind; further back the
 * pages come back from the page cache when touched, so they stay correct. */
static inline void
reader_release (LadderReader *self)
{
  gsize base, from, to, upto;

  if (self->map == NULL || self->start - self->released < RELEASE_STEP + self->keep_behind)
    return;
  upto = self->start - self->keep_behind;
  base = (gsize) (self->buf - self->map);
  from = (base + self->released) & ~(self->page - 1);
  to = (base + upto) & ~(self->page - 1);
  if (to > from)
    madvise (self->map + from, to - from, MADV_DONTNEED);
  self->released = upto;
}

gboolean
ladder_reader_keep_records (LadderReader *reader, gsize keep_behind)
{
  g_return_val_if_fail (reader != NULL, FALSE);

  if (reader->map == NULL)
    return FALSE;
  reader->keep_behind = keep_behind;
  return TRUE;
}

LadderReader *
ladder_reader_open_fd (int           fd,
                       const char   *name,
                       GError      **error)
{
  return ladder_reader_open_fd_full (fd, name, 0, error);
}

LadderReader *
ladder_reader_open_fd_full (int                fd,
                            const char        *name,
                            LadderReaderFlags  flags,
                            GError           **error)
{
  g_autoptr (LadderReader) self = NULL;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (LadderReader, 1);
  self->fd = fd;
  self->name = g_strdup (name);
  if ((flags & LADDER_READER_NO_MAP) || !reader_map (self))
    {
      self->size = reader_initial_size (fd);
      self->buf = g_malloc (self->size);
    }
  self->ifaces = g_ptr_array_new_with_free_func (iface_free);
  self->comment = g_string_new (NULL);

  if (!reader_read_header (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

LadderReader *
ladder_reader_open (const char  *path,
                    GError     **error)
{
  return ladder_reader_open_full (path, 0, error);
}

LadderReader *
ladder_reader_open_full (const char         *path,
                         LadderReaderFlags   flags,
                         GError            **error)
{
  g_autofree char *display = NULL;
  const char *name = path;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_str_equal (path, "-"))
    {
      /* A duplicate, so that freeing the reader leaves fd 0 open. */
      fd = fcntl (STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
      name = "standard input";
    }
  else
    {
      fd = open (path, O_RDONLY | O_CLOEXEC);
      name = display = g_filename_display_name (path);
    }

  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, LADDER_READER_ERROR, LADDER_READER_ERROR_OPEN,
                   "%s: %s", name, g_strerror (errsv));
      return NULL;
    }

  return ladder_reader_open_fd_full (fd, name, flags, error);
}

void
ladder_reader_free (LadderReader *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  if (self->map != NULL)
    munmap (self->map, self->map_len);
  else
    g_free (self->buf);
  g_free (self->name);
  g_clear_pointer (&self->ifaces, g_ptr_array_unref);
  if (self->comment != NULL)
    g_string_free (self->comment, TRUE);
  g_clear_error (&self->error);
  g_free (self);
}

int
ladder_reader_next (LadderReader  *self,
                    LadderRecord  *record,
                    GError       **error)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (record != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (G_UNLIKELY (self->error != NULL))
    {
      if (error != NULL)
        *error = g_error_copy (self->error);
      return -1;
    }

  reader_release (self);
  if (self->format == LADDER_FORMAT_PCAP)
    return pcap_next (self, record, error);
  return pcapng_next (self, record, error);
}

/* Accessors */

LadderFormat
ladder_reader_get_format (LadderReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->format;
}

guint
ladder_reader_get_n_interfaces (LadderReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->ifaces->len;
}

const LadderInterface *
ladder_reader_get_interface (LadderReader *self,
                             guint         index)
{
  const ReaderIface *iface;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->ifaces->len, NULL);

  iface = g_ptr_array_index (self->ifaces, index);
  return &iface->pub;
}

gboolean
ladder_reader_get_nanosecond (LadderReader *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->nanosecond;
}

const char *
ladder_reader_get_name (LadderReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

void
ladder_reader_set_block_func (LadderReader    *self,
                              LadderBlockFunc  func,
                              gpointer         user_data)
{
  g_return_if_fail (self != NULL);

  self->block_func = func;
  self->block_data = user_data;
}

guint64
ladder_reader_get_skipped_blocks (LadderReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->skipped;
}

guint64
ladder_reader_get_offset (LadderReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return reader_tell (self);
}
