/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-reader.c: the capture reader returns every record of the corpus and
 * of hand-built pcap and pcapng files, stops cleanly at every prefix of
 * them, and reads pipes that deliver a capture in pieces. */
#define _GNU_SOURCE

#include "ladder-reader.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Files up to EXHAUSTIVE_MAX are cut at every length, except deep inside
 * records bigger than 2 * RECORD_EDGE, whose middles are cut every
 * MIDDLE_STRIDE bytes: there every cut takes the same path ("needs X, has
 * Y") and each costs a read of the whole prefix.  Bigger files get cuts
 * around a sample of records plus SAMPLED_CUTS random ones. */
#define EXHAUSTIVE_MAX  (100 * 1024)
#define RECORD_EDGE     1024
#define MIDDLE_STRIDE   61
#define SAMPLED_CUTS    1500

#define LINKTYPE_NULL      0
#define LINKTYPE_ETHERNET  1
#define LINKTYPE_RAW       101

/* Results of reading a whole capture */

typedef struct
{
  gint64   ts_ns;
  guint32  caplen;
  guint32  wirelen;
  guint32  iface;
  guint32  linktype;
  guint64  file_offset;
  guint64  end;        /* reader offset after the record */
  guint32  hash;       /* FNV-1a of the captured bytes */
  guint8   head[8];    /* the first captured bytes */
  guint8   last;       /* the last captured byte */
  char    *comment;
} Rec;

typedef struct
{
  GArray      *recs;
  GError      *error;      /* from open or next; NULL after a clean end */
  gboolean     opened;
  LadderFormat format;
  guint64      header_end; /* offset after opening */
  guint64      skipped;
  guint        n_ifaces;
  gboolean     nanosecond;
} ReadResult;

static void
rec_clear (gpointer data)
{
  Rec *rec = data;

  g_free (rec->comment);
}

static void
read_result_free (ReadResult *res)
{
  g_array_unref (res->recs);
  g_clear_error (&res->error);
  g_free (res);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadResult, read_result_free)

static guint32
fnv1a (const guint8 *data,
       gsize         len)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    h = (h ^ data[i]) * 16777619u;
  return h;
}

static void
rec_fill (Rec                *rec,
          const LadderRecord *record,
          LadderReader       *reader)
{
  rec->ts_ns = record->ts_ns;
  rec->caplen = record->caplen;
  rec->wirelen = record->wirelen;
  rec->iface = record->iface;
  rec->linktype = record->linktype;
  rec->file_offset = record->file_offset;
  rec->end = ladder_reader_get_offset (reader);
  rec->hash = fnv1a (record->data, record->caplen);
  memcpy (rec->head, record->data, MIN (record->caplen, sizeof rec->head));
  rec->last = record->caplen > 0 ? record->data[record->caplen - 1] : 0;
  rec->comment = g_strdup (record->comment);
}

static void
read_records (ReadResult   *res,
              LadderReader *reader)
{
  LadderRecord record;
  int r;

  while ((r = ladder_reader_next (reader, &record, &res->error)) == 1)
    {
      Rec rec;

      g_assert_cmpuint (record.iface, <, ladder_reader_get_n_interfaces (reader));
      g_assert_cmpuint (record.linktype, ==,
                        ladder_reader_get_interface (reader, record.iface)->linktype);
      rec_fill (&rec, &record, reader);
      g_array_append_val (res->recs, rec);
    }

  g_assert_true ((r == 0) == (res->error == NULL));
  if (res->error != NULL)
    g_assert_error (res->error, LADDER_READER_ERROR, res->error->code);
}

/* Reads everything from FD (which the reader takes). */
static ReadResult *
read_fd (int         fd,
         const char *name)
{
  ReadResult *res = g_new0 (ReadResult, 1);
  g_autoptr (LadderReader) reader = NULL;

  res->recs = g_array_new (FALSE, TRUE, sizeof (Rec));
  g_array_set_clear_func (res->recs, rec_clear);

  reader = ladder_reader_open_fd (fd, name, &res->error);
  if (reader == NULL)
    {
      g_assert_nonnull (res->error);
      return res;
    }

  res->opened = TRUE;
  res->format = ladder_reader_get_format (reader);
  res->header_end = ladder_reader_get_offset (reader);
  read_records (res, reader);
  res->nanosecond = ladder_reader_get_nanosecond (reader);
  res->skipped = ladder_reader_get_skipped_blocks (reader);
  res->n_ifaces = ladder_reader_get_n_interfaces (reader);
  return res;
}

static void
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      data += n;
      len -= n;
    }
}

/* An in-memory regular file holding DATA. */
static int
memfd_with (const guint8 *data,
            gsize         len)
{
  int fd = memfd_create ("capture", MFD_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  write_all (fd, data, len);
  return fd;
}

/* A descriptor the reader can own, reading FD from the start. */
static int
dup_from_start (int fd)
{
  int copy;

  g_assert_cmpint (lseek (fd, 0, SEEK_SET), ==, 0);
  copy = dup (fd);
  g_assert_cmpint (copy, >=, 0);
  return copy;
}

/* A new open file description of FD, at offset 0, in one system call. */
static int
reopen (int fd)
{
  char path[64];
  int copy;

  g_snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
  copy = open (path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (copy, >=, 0);
  return copy;
}

static ReadResult *
read_bytes (const guint8 *data,
            gsize         len)
{
  int fd = memfd_with (data, len);
  ReadResult *res = read_fd (dup_from_start (fd), "capture");

  close (fd);
  return res;
}

static ReadResult *
read_builder_bytes (GByteArray *bytes)
{
  return read_bytes (bytes->data, bytes->len);
}

static const Rec *
rec_at (const ReadResult *res,
        guint             i)
{
  g_assert_cmpuint (i, <, res->recs->len);
  return &g_array_index (res->recs, Rec, i);
}

static void
assert_same_recs (const ReadResult *a,
                  const ReadResult *b)
{
  g_assert_cmpuint (a->recs->len, ==, b->recs->len);
  for (guint i = 0; i < a->recs->len; i++)
    {
      const Rec *x = rec_at (a, i), *y = rec_at (b, i);

      g_assert_cmpint (x->ts_ns, ==, y->ts_ns);
      g_assert_cmpuint (x->caplen, ==, y->caplen);
      g_assert_cmpuint (x->wirelen, ==, y->wirelen);
      g_assert_cmpuint (x->iface, ==, y->iface);
      g_assert_cmpuint (x->linktype, ==, y->linktype);
      g_assert_cmpuint (x->file_offset, ==, y->file_offset);
      g_assert_cmpuint (x->end, ==, y->end);
      g_assert_cmphex (x->hash, ==, y->hash);
      g_assert_cmpstr (x->comment, ==, y->comment);
    }
}

/* Same records and the same ending (the error message may name another
 * source). */
static void
assert_same_result (const ReadResult *a,
                    const ReadResult *b)
{
  assert_same_recs (a, b);
  if (a->error != NULL || b->error != NULL)
    g_test_message ("%s / %s", a->error ? a->error->message : "ok",
                    b->error ? b->error->message : "ok");
  g_assert_cmpint (a->opened, ==, b->opened);
  g_assert_cmpint (a->error != NULL, ==, b->error != NULL);
  if (a->error != NULL)
    g_assert_error (b->error, LADDER_READER_ERROR, a->error->code);
  g_assert_cmpuint (a->skipped, ==, b->skipped);
  g_assert_cmpuint (a->n_ifaces, ==, b->n_ifaces);
}

/* Byte builders for hand-made captures */

typedef struct
{
  GByteArray *bytes;
  gboolean    be;
} Builder;

static void
builder_init (Builder  *b,
              gboolean  be)
{
  b->bytes = g_byte_array_new ();
  b->be = be;
}

static void
put_n (Builder *b,
       guint64  v,
       guint    n)
{
  guint8 x[8];

  for (guint i = 0; i < n; i++)
    x[b->be ? n - 1 - i : i] = (guint8) (v >> (8 * i));
  g_byte_array_append (b->bytes, x, n);
}

static void put16 (Builder *b, guint16 v) { put_n (b, v, 2); }
static void put32 (Builder *b, guint32 v) { put_n (b, v, 4); }
static void put64 (Builder *b, guint64 v) { put_n (b, v, 8); }

static void
put_data (Builder    *b,
          const void *data,
          gsize       len)
{
  g_byte_array_append (b->bytes, data, len);
}

static void
pad4 (Builder *b)
{
  static const guint8 zero[3] = { 0 };

  put_data (b, zero, (4 - b->bytes->len % 4) % 4);
}

/* Deterministic packet bytes. */
static const guint8 *
payload (gsize len)
{
  static guint8 bytes[4096];

  g_assert_cmpuint (len, <=, sizeof bytes);
  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) (i * 7 + 3);
  return bytes;
}

static void
pcap_header (Builder *b,
             guint32  magic,
             guint16  major,
             guint16  minor,
             guint32  snaplen,
             guint32  linktype)
{
  put32 (b, magic);
  put16 (b, major);
  put16 (b, minor);
  put32 (b, 0);
  put32 (b, 0);
  put32 (b, snaplen);
  put32 (b, linktype);
}

static void
pcap_record (Builder *b,
             guint32  sec,
             guint32  frac,
             guint32  caplen,
             guint32  wirelen)
{
  put32 (b, sec);
  put32 (b, frac);
  put32 (b, caplen);
  put32 (b, wirelen);
  put_data (b, payload (caplen), caplen);
}

static gsize
ng_begin (Builder *b,
          guint32  type)
{
  gsize start = b->bytes->len;

  put32 (b, type);
  put32 (b, 0);
  return start;
}

/* Pads, appends the trailing length and patches the leading one. */
static void
ng_end (Builder *b,
        gsize    start)
{
  Builder patch = { g_byte_array_new (), b->be };
  guint32 len;

  pad4 (b);
  len = b->bytes->len - start + 4;
  put32 (b, len);
  put32 (&patch, len);
  memcpy (b->bytes->data + start + 4, patch.bytes->data, 4);
  g_byte_array_unref (patch.bytes);
}

static void
ng_opt (Builder    *b,
        guint16     code,
        const void *value,
        guint16     len)
{
  put16 (b, code);
  put16 (b, len);
  put_data (b, value, len);
  pad4 (b);
}

static void
ng_opt_str (Builder    *b,
            guint16     code,
            const char *s)
{
  if (s != NULL)
    ng_opt (b, code, s, strlen (s));
}

static void
ng_opt_end (Builder *b)
{
  put32 (b, 0);
}

static void
ng_shb (Builder *b)
{
  gsize start = ng_begin (b, 0x0A0D0D0A);

  put32 (b, 0x1A2B3C4D);
  put16 (b, 1);
  put16 (b, 0);
  put64 (b, G_MAXUINT64);
  ng_opt_str (b, 4, "test-reader");
  ng_opt_end (b);
  ng_end (b, start);
}

typedef struct
{
  guint16     linktype;
  guint32     snaplen;
  const char *name;
  const char *description;
  int         tsresol;   /* -1: none */
  gint64      tsoffset;
} IdbSpec;

static void
ng_idb (Builder       *b,
        const IdbSpec *spec)
{
  gsize start = ng_begin (b, 1);

  put16 (b, spec->linktype);
  put16 (b, 0);
  put32 (b, spec->snaplen);
  ng_opt_str (b, 2, spec->name);
  ng_opt_str (b, 3, spec->description);
  if (spec->tsresol >= 0)
    {
      guint8 v = (guint8) spec->tsresol;

      ng_opt (b, 9, &v, 1);
    }
  if (spec->tsoffset != 0)
    {
      Builder tmp = { g_byte_array_new (), b->be };

      put64 (&tmp, (guint64) spec->tsoffset);
      ng_opt (b, 14, tmp.bytes->data, 8);
      g_byte_array_unref (tmp.bytes);
    }
  ng_opt_end (b);
  ng_end (b, start);
}

static void
ng_epb (Builder    *b,
        guint32     iface,
        guint64     ticks,
        guint32     caplen,
        guint32     wirelen,
        const char *comment)
{
  gsize start = ng_begin (b, 6);

  put32 (b, iface);
  put32 (b, ticks >> 32);
  put32 (b, (guint32) ticks);
  put32 (b, caplen);
  put32 (b, wirelen);
  put_data (b, payload (caplen), caplen);
  pad4 (b);
  if (comment != NULL)
    {
      ng_opt_str (b, 1, comment);
      ng_opt_str (b, 1, "a second comment");
      ng_opt_end (b);
    }
  ng_end (b, start);
}

static void
ng_spb (Builder *b,
        guint32  wirelen,
        guint32  stored)
{
  gsize start = ng_begin (b, 3);

  put32 (b, wirelen);
  put_data (b, payload (stored), stored);
  ng_end (b, start);
}

static void
ng_block (Builder *b,
          guint32  type,
          guint32  body_len)
{
  gsize start = ng_begin (b, type);

  put_data (b, payload (body_len), body_len);
  ng_end (b, start);
}

/* Hand-built files, also fed to the prefix and pipe tests */

static GByteArray *
build_pcap (guint32  magic,
            gboolean be)
{
  Builder b;
  gboolean nano = magic == 0xa1b23c4d;

  builder_init (&b, be);
  pcap_header (&b, magic, 2, 4, 65535, LINKTYPE_ETHERNET);
  pcap_record (&b, 1700000000, nano ? 123456789 : 123456, 60, 60);
  pcap_record (&b, 1700000001, 0, 14, 1514);
  /* wirelen < caplen is reported as it is */
  pcap_record (&b, 0xffffffff, nano ? 999999999 : 999999, 40, 20);
  pcap_record (&b, 1700000002, 7, 0, 0);
  return b.bytes;
}

static const IdbSpec spec_eth = { LINKTYPE_ETHERNET, 1500, "eth0", NULL, 9, 0 };
static const IdbSpec spec_raw = { LINKTYPE_RAW, 96, NULL, "tunnel", 0x94, 100 };
static const IdbSpec spec_null = { LINKTYPE_NULL, 0, "lo", "loopback", 3, 0 };

/* Three interfaces of different link types, snaplens and resolutions,
 * comments, and blocks that are skipped. */
static GByteArray *
build_pcapng (gboolean be)
{
  Builder b;

  builder_init (&b, be);
  ng_shb (&b);
  ng_idb (&b, &spec_eth);
  ng_idb (&b, &spec_raw);
  ng_block (&b, 0x12345678, 8);        /* unknown: skipped and counted */
  ng_block (&b, 4, 4);                 /* NRB: known, ignored */
  ng_epb (&b, 0, G_GUINT64_CONSTANT (1700000000123456789), 60, 60, "first comment");
  ng_idb (&b, &spec_null);
  ng_epb (&b, 1, (G_GUINT64_CONSTANT (1700000000) << 20) | (1 << 19), 20, 40, NULL);
  ng_block (&b, 0x00000BAD, 12);       /* custom block: known, ignored */
  ng_epb (&b, 2, G_GUINT64_CONSTANT (1700000000123), 3, 3, NULL);
  return b.bytes;
}

static GByteArray *
build_spb (void)
{
  const IdbSpec spec = { LINKTYPE_ETHERNET, 64, NULL, NULL, -1, 0 };
  Builder b;

  builder_init (&b, FALSE);
  ng_shb (&b);
  ng_idb (&b, &spec);
  ng_spb (&b, 100, 100);   /* clipped to the snaplen */
  ng_spb (&b, 10, 10);     /* padded */
  ng_spb (&b, 1000, 40);   /* clipped to the block */
  return b.bytes;
}

static GByteArray *
build_sections (void)
{
  const IdbSpec eth6 = { LINKTYPE_ETHERNET, 0, NULL, NULL, -1, 0 };
  const IdbSpec eth9 = { LINKTYPE_ETHERNET, 0, NULL, NULL, 9, 0 };
  const IdbSpec raw = { LINKTYPE_RAW, 0, NULL, NULL, -1, 0 };
  Builder b;

  builder_init (&b, FALSE);
  ng_shb (&b);
  ng_idb (&b, &eth6);
  ng_epb (&b, 0, 1000000, 4, 4, NULL);
  b.be = TRUE;   /* a second section, big-endian */
  ng_shb (&b);
  ng_idb (&b, &raw);
  ng_idb (&b, &eth9);
  ng_epb (&b, 1, 2000000000, 4, 4, NULL);
  ng_epb (&b, 0, 3000000, 4, 4, NULL);
  b.be = FALSE;  /* and a third, with no interfaces */
  ng_shb (&b);
  return b.bytes;
}

static GByteArray *
build_obsolete_pb (void)
{
  Builder b;
  gsize start;

  builder_init (&b, FALSE);
  ng_shb (&b);
  ng_idb (&b, &spec_eth);
  start = ng_begin (&b, 2);
  put16 (&b, 0);           /* interface */
  put16 (&b, 5);           /* drops */
  put32 (&b, 0);
  put32 (&b, 1000000007);
  put32 (&b, 6);
  put32 (&b, 66);
  put_data (&b, payload (6), 6);
  ng_end (&b, start);
  return b.bytes;
}

typedef GByteArray *(*BuildFunc) (void);

static GByteArray *build_pcap_le (void) { return build_pcap (0xa1b2c3d4, FALSE); }
static GByteArray *build_pcap_be (void) { return build_pcap (0xa1b2c3d4, TRUE); }
static GByteArray *build_pcap_ns_le (void) { return build_pcap (0xa1b23c4d, FALSE); }
static GByteArray *build_pcap_ns_be (void) { return build_pcap (0xa1b23c4d, TRUE); }
static GByteArray *build_pcapng_le (void) { return build_pcapng (FALSE); }
static GByteArray *build_pcapng_be (void) { return build_pcapng (TRUE); }

static const BuildFunc built_files[] = {
  build_pcap_le, build_pcap_be, build_pcap_ns_le, build_pcap_ns_be,
  build_pcapng_le, build_pcapng_be, build_spb, build_sections, build_obsolete_pb,
};

/* pcap */

static void
assert_pcap_file (guint32  magic,
                  gboolean be)
{
  g_autoptr (GByteArray) bytes = build_pcap (magic, be);
  g_autoptr (ReadResult) res = read_builder_bytes (bytes);
  gboolean nano = magic == 0xa1b23c4d;

  g_assert_no_error (res->error);
  g_assert_cmpint (res->format, ==, LADDER_FORMAT_PCAP);
  g_assert_cmpint (res->nanosecond, ==, nano);
  g_assert_cmpuint (res->n_ifaces, ==, 1);
  g_assert_cmpuint (res->recs->len, ==, 4);
  g_assert_cmpint (rec_at (res, 0)->ts_ns, ==,
                   nano ? G_GINT64_CONSTANT (1700000000123456789)
                        : G_GINT64_CONSTANT (1700000000123456000));
  g_assert_cmpint (rec_at (res, 1)->ts_ns, ==, G_GINT64_CONSTANT (1700000001000000000));
  /* Seconds are unsigned: 0xffffffff is in 2106. */
  g_assert_cmpint (rec_at (res, 2)->ts_ns, ==,
                   G_GINT64_CONSTANT (4294967295999999999) - (nano ? 0 : 999));
  g_assert_cmpint (rec_at (res, 3)->ts_ns, ==,
                   G_GINT64_CONSTANT (1700000002000000007) + (nano ? 0 : 6993));
  g_assert_cmpuint (rec_at (res, 1)->caplen, ==, 14);
  g_assert_cmpuint (rec_at (res, 1)->wirelen, ==, 1514);
  g_assert_cmpuint (rec_at (res, 2)->caplen, ==, 40);
  g_assert_cmpuint (rec_at (res, 2)->wirelen, ==, 20);
  g_assert_cmphex (rec_at (res, 0)->hash, ==, fnv1a (payload (60), 60));
  g_assert_cmpuint (rec_at (res, 0)->file_offset, ==, 24);
  g_assert_cmpuint (rec_at (res, 1)->file_offset, ==, 24 + 16 + 60);
  g_assert_cmpuint (rec_at (res, 3)->end, ==, bytes->len);
  g_assert_cmpuint (rec_at (res, 0)->linktype, ==, LINKTYPE_ETHERNET);
  g_assert_null (rec_at (res, 0)->comment);
}

static void
test_pcap_micro (void)
{
  assert_pcap_file (0xa1b2c3d4, FALSE);
  assert_pcap_file (0xa1b2c3d4, TRUE);
}

static void
test_pcap_nano (void)
{
  assert_pcap_file (0xa1b23c4d, FALSE);
  assert_pcap_file (0xa1b23c4d, TRUE);
}

static void
test_pcap_modified (void)
{
  g_autoptr (ReadResult) res = NULL;
  Builder b;

  builder_init (&b, FALSE);
  pcap_header (&b, 0xa1b2cd34, 2, 4, 65535, LINKTYPE_ETHERNET);
  put32 (&b, 1700000000);
  put32 (&b, 5);
  put32 (&b, 4);
  put32 (&b, 4);
  put32 (&b, 1);          /* ifindex */
  put16 (&b, 0x0800);     /* protocol */
  put16 (&b, 4);          /* packet type, padding */
  put_data (&b, payload (4), 4);
  res = read_builder_bytes (b.bytes);
  g_byte_array_unref (b.bytes);

  g_assert_no_error (res->error);
  g_assert_cmpuint (res->recs->len, ==, 1);
  g_assert_cmpint (rec_at (res, 0)->ts_ns, ==, G_GINT64_CONSTANT (1700000000000005000));
  g_assert_cmphex (rec_at (res, 0)->hash, ==, fnv1a (payload (4), 4));
}

static void
test_pcap_linktype_bits (void)
{
  g_autoptr (ReadResult) res = NULL;
  Builder b;

  /* FCS length and a nonzero reserved field in the upper bits. */
  builder_init (&b, FALSE);
  pcap_header (&b, 0xa1b2c3d4, 2, 4, 65535, 0x10000000 | 0x00300000 | LINKTYPE_RAW);
  pcap_record (&b, 1, 0, 4, 4);
  res = read_builder_bytes (b.bytes);
  g_byte_array_unref (b.bytes);

  g_assert_no_error (res->error);
  g_assert_cmpuint (rec_at (res, 0)->linktype, ==, LINKTYPE_RAW);
}

/* Versions before 2.3 wrote caplen and len the other way round. */
static void
test_pcap_old_version (void)
{
  g_autoptr (ReadResult) res = NULL;
  Builder b;

  builder_init (&b, FALSE);
  pcap_header (&b, 0xa1b2c3d4, 2, 2, 65535, LINKTYPE_ETHERNET);
  put32 (&b, 1);
  put32 (&b, 0);
  put32 (&b, 1514);      /* len */
  put32 (&b, 4);         /* caplen */
  put_data (&b, payload (4), 4);
  res = read_builder_bytes (b.bytes);
  g_byte_array_unref (b.bytes);

  g_assert_no_error (res->error);
  g_assert_cmpuint (rec_at (res, 0)->caplen, ==, 4);
  g_assert_cmpuint (rec_at (res, 0)->wirelen, ==, 1514);
}

static void
assert_pcap_version_rejected (guint16     major,
                              guint16     minor,
                              const char *message)
{
  g_autoptr (ReadResult) res = NULL;
  Builder b;

  builder_init (&b, FALSE);
  pcap_header (&b, 0xa1b2c3d4, major, minor, 65535, LINKTYPE_ETHERNET);
  res = read_builder_bytes (b.bytes);
  g_byte_array_unref (b.bytes);

  g_assert_error (res->error, LADDER_READER_ERROR, LADDER_READER_ERROR_FORMAT);
  g_assert_cmpstr (res->error->message, ==, message);
}

static void
test_pcap_bad_version (void)
{
  assert_pcap_version_rejected (1, 4, "capture: archaic pcap savefile format (version 1.4)");
  assert_pcap_version_rejected (2, 5, "capture: unsupported pcap savefile version 2.5");
  assert_pcap_version_rejected (3, 0, "capture: unsupported pcap savefile version 3.0");
}

static void
test_pcap_caplen_too_big (void)
{
  g_autoptr (ReadResult) res = NULL;
  Builder b;

  builder_init (&b, FALSE);
  pcap_header (&b, 0xa1b2c3d4, 2, 4, 65535, LINKTYPE_ETHERNET);
  pcap_record (&b, 1, 0, 4, 4);
  put32 (&b, 2);
  put32 (&b, 0);
  put32 (&b, 262145);    /* more than max (snaplen, 262144) */
  put32 (&b, 262145);
  res = read_builder_bytes (b.bytes);
  g_byte_array_unref (b.bytes);

  g_assert_cmpuint (res->recs->len, ==, 1);
  g_assert_error (res->error, LADDER_READER_ERROR, LADDER_READER_ERROR_MALFORMED);
  g_assert_cmpstr (res->error->message, ==,
                   "capture: record at offset 44 has captured length 262145,"
                   " more than the maximum of 262144");
}

/* pcapng */

static void
assert_pcapng_file (gboolean be)
{
  g_autoptr (GByteArray) bytes = build_pcapng (be);
  g_autoptr (LadderReader) reader = NULL;
  g_autoptr (ReadResult) res = read_builder_bytes (bytes);
  g_autoptr (GError) error = NULL;
  const LadderInterface *iface;
  int fd;

  g_assert_no_error (res->error);
  g_assert_cmpint (res->format, ==, LADDER_FORMAT_PCAPNG);
  g_assert_true (res->nanosecond);
  g_assert_cmpuint (res->skipped, ==, 1);
  g_assert_cmpuint (res->n_ifaces, ==, 3);
  g_assert_cmpuint (res->recs->len, ==, 3);

  g_assert_cmpint (rec_at (res, 0)->ts_ns, ==, G_GINT64_CONSTANT (1700000000123456789));
  g_assert_cmpuint (rec_at (res, 0)->linktype, ==, LINKTYPE_ETHERNET);
  g_assert_cmpstr (rec_at (res, 0)->comment, ==, "first comment");
  g_assert_cmphex (rec_at (res, 0)->hash, ==, fnv1a (payload (60), 60));
  /* 2^-20 ticks, plus if_tsoffset 100 s */
  g_assert_cmpint (rec_at (res, 1)->ts_ns, ==, G_GINT64_CONSTANT (1700000100500000000));
  g_assert_cmpuint (rec_at (res, 1)->iface, ==, 1);
  g_assert_cmpuint (rec_at (res, 1)->linktype, ==, LINKTYPE_RAW);
  g_assert_cmpuint (rec_at (res, 1)->caplen, ==, 20);
  g_assert_cmpuint (rec_at (res, 1)->wirelen, ==, 40);
  g_assert_null (rec_at (res, 1)->comment);
  /* milliseconds */
  g_assert_cmpint (rec_at (res, 2)->ts_ns, ==, G_GINT64_CONSTANT (1700000000123000000));
  g_assert_cmpuint (rec_at (res, 2)->linktype, ==, LINKTYPE_NULL);
  g_assert_cmpuint (rec_at (res, 2)->end, ==, bytes->len);

  fd = memfd_with (bytes->data, bytes->len);
  reader = ladder_reader_open_fd (dup_from_start (fd), "capture", &error);
  close (fd);
  g_assert_no_error (error);
  g_assert_cmpuint (ladder_reader_get_n_interfaces (reader), ==, 0);
  g_assert_cmpstr (ladder_reader_get_name (reader), ==, "capture");
  while (ladder_reader_next (reader, &(LadderRecord) { 0 }, &error) == 1)
    ;
  g_assert_no_error (error);
  iface = ladder_reader_get_interface (reader, 0);
  g_assert_cmpstr (iface->name, ==, "eth0");
  g_assert_null (iface->description);
  g_assert_cmpuint (iface->snaplen, ==, 1500);
  g_assert_cmpuint (iface->tsresol_pow, ==, 9);
  iface = ladder_reader_get_interface (reader, 1);
  g_assert_cmpstr (iface->description, ==, "tunnel");
  g_assert_true (iface->tsresol_base2);
  g_assert_cmpuint (iface->tsresol_pow, ==, 20);
  g_assert_cmpint (iface->tsoffset_s, ==, 100);
  g_assert_cmpuint (iface->snaplen, ==, 96);
  iface = ladder_reader_get_interface (reader, 2);
  g_assert_cmpstr (iface->name, ==, "lo");
  g_assert_cmpuint (iface->snaplen, ==, 0);
  g_assert_cmpuint (iface->tsresol_pow, ==, 3);
}

static void
test_pcapng_interfaces (void)
{
  assert_pcapng_file (FALSE);
}

static void
test_pcapng_big_endian (void)
{
  g_autoptr (GByteArray) le = build_pcapng (FALSE);
  g_autoptr (GByteArray) be = build_pcapng (TRUE);
  g_autoptr (ReadResult) a = read_builder_bytes (le);
  g_autoptr (ReadResult) b = read_builder_bytes (be);

  assert_pcapng_file (TRUE);
  g_assert_cmpmem (le->data + 8, 4, "\x4d\x3c\x2b\x1a", 4);
  g_assert_cmpmem (be->data + 8, 4, "\x1a\x2b\x3c\x4d", 4);
  assert_same_result (a, b);
}

static void
test_pcapng_spb (void)
{
  g_autoptr (GByteArray) bytes = build_spb ();
  g_autoptr (ReadResult) res = read_builder_bytes (bytes);

  g_assert_no_error (res->error);
  g_assert_cmpuint (res->recs->len, ==, 3);
  g_assert_cmpuint (rec_at (res, 0)->caplen, ==, 64);
  g_assert_cmpuint (rec_at (res, 0)->wirelen, ==, 100);
  g_assert_cmphex (rec_at (res, 0)->hash, ==, fnv1a (payload (64), 64));
  g_assert_cmpuint (rec_at (res, 1)->caplen, ==, 10);
  g_assert_cmpuint (rec_at (res, 1)->wirelen, ==, 10);
  g_assert_cmpuint (rec_at (res, 2)->caplen, ==, 40);
  g_assert_cmpuint (rec_at (res, 2)->wirelen, ==, 1000);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (rec_at (res, i)->ts_ns, ==, 0);
      g_assert_cmpuint (rec_at (res, i)->linktype, ==, LINKTYPE_ETHERNET);
    }
}

static void
test_pcapng_sections (void)
{
  g_autoptr (GByteArray) bytes = build_sections ();
  g_autoptr (ReadResult) res = read_builder_bytes (bytes);

  g_assert_no_error (res->error);
  g_assert_cmpuint (res->n_ifaces, ==, 3);
  g_assert_cmpuint (res->recs->len, ==, 3);
  /* Section-local ids map onto the reader-wide list. */
  g_assert_cmpuint (rec_at (res, 0)->iface, ==, 0);
  g_assert_cmpuint (rec_at (res, 1)->iface, ==, 2);
  g_assert_cmpuint (rec_at (res, 2)->iface, ==, 1);
  g_assert_cmpuint (rec_at (res, 1)->linktype, ==, LINKTYPE_ETHERNET);
  g_assert_cmpuint (rec_at (res, 2)->linktype, ==, LINKTYPE_RAW);
  g_assert_cmpint (rec_at (res, 0)->ts_ns, ==, G_GINT64_CONSTANT (1000000000));
  g_assert_cmpint (rec_at (res, 1)->ts_ns, ==, G_GINT64_CONSTANT (2000000000));
  g_assert_cmpint (rec_at (res, 2)->ts_ns, ==, G_GINT64_CONSTANT (3000000000));
}

static void
test_pcapng_undefined_interface (void)
{
  g_autoptr (GByteArray) bytes = build_sections ();
  g_autoptr (ReadResult) res = NULL;
  g_autofree char *message = NULL;
  Builder b = { bytes, FALSE };
  gsize offset;

  /* The third section has no interfaces: its id 0 is undefined. */
  offset = bytes->len;
  ng_epb (&b, 0, 1, 4, 4, NULL);
  res = read_builder_bytes (bytes);
  message = g_strdup_printf ("capture: packet at offset %" G_GSIZE_FORMAT
                             " refers to undefined interface 0", offset);

  g_assert_cmpuint (res->recs->len, ==, 3);
  g_assert_error (res->error, LADDER_READER_ERROR, LADDER_READER_ERROR_MALFORMED);
  g_assert_cmpstr (res->error->message, ==, message);
}

static void
test_pcapng_obsolete_pb (void)
{
  g_autoptr (GByteArray) bytes = build_obsolete_pb ();
  g_autoptr (ReadResult) res = read_builder_bytes (bytes);

  g_assert_no_error (res->error);
  g_assert_cmpuint (res->recs->len, ==, 1);
  g_assert_cmpint (rec_at (res, 0)->ts_ns, ==, 1000000007);
  g_assert_cmpuint (rec_at (res, 0)->caplen, ==, 6);
  g_assert_cmpuint (rec_at (res, 0)->wirelen, ==, 66);
}

/* A file of SHB, IDB (ns) and whatever TAIL adds; returns its result. */
static ReadResult *
read_with_tail (void (*tail) (Builder *b))
{
  const IdbSpec spec = { LINKTYPE_ETHERNET, 0, NULL, NULL, 9, 0 };
  ReadResult *res;
  Builder b;

  builder_init (&b, FALSE);
  ng_shb (&b);
  ng_idb (&b, &spec);
  ng_epb (&b, 0, 5, 4, 4, NULL);
  tail (&b);
  res = read_builder_bytes (b.bytes);
  g_byte_array_unref (b.bytes);
  return res;
}

static void
tail_len_not_multiple_of_4 (Builder *b)
{
  put32 (b, 0x12345678);
  put32 (b, 14);
  put32 (b, 0);
  put32 (b, 14);
}

static void
tail_len_too_small (Builder *b)
{
  put32 (b, 6);
  put32 (b, 8);
  put32 (b, 8);
}

static void
tail_trailer_mismatch (Builder *b)
{
  put32 (b, 6);
  put32 (b, 12);
  put32 (b, 16);
}

static void
tail_epb_too_short (Builder *b)
{
  ng_block (b, 6, 12);
}

static void
tail_caplen_past_block (Builder *b)
{
  gsize start = ng_begin (b, 6);

  put32 (b, 0);
  put64 (b, 0);
  put32 (b, 100);   /* caplen, but only 8 bytes follow */
  put32 (b, 100);
  put64 (b, 0);
  ng_end (b, start);
}

static void
tail_bad_tsresol (Builder *b)
{
  const IdbSpec spec = { LINKTYPE_ETHERNET, 0, NULL, NULL, 20, 0 };

  ng_idb (b, &spec);
}

static void
assert_malformed (void        (*tail) (Builder *b),
                  const char   *message)
{
  g_autoptr (ReadResult) res = read_with_tail (tail);

  g_assert_cmpuint (res->recs->len, ==, 1);
  g_assert_error (res->error, LADDER_READER_ERROR, LADDER_READER_ERROR_MALFORMED);
  g_assert_cmpstr (res->error->message, ==, message);
}

static void
test_pcapng_bad_blocks (void)
{
  assert_malformed (tail_len_not_multiple_of_4,
                    "capture: block at offset 116 has an invalid length 14");
  assert_malformed (tail_len_too_small,
                    "capture: block at offset 116 has an invalid length 8");
  assert_malformed (tail_trailer_mismatch,
                    "capture: block at offset 116: total length in header 12"
                    " and trailer 16 don't match");
  assert_malformed (tail_epb_too_short,
                    "capture: packet block at offset 116 is too short (24 bytes)");
  assert_malformed (tail_caplen_past_block,
                    "capture: packet block at offset 116 has captured length 100,"
                    " more than the 8 bytes it holds");
  assert_malformed (tail_bad_tsresol,
                    "capture: interface description block at offset 116"
                    " has unsupported if_tsresol 0x14");
}

static void
tail_option_overrun (Builder *b)
{
  gsize start = ng_begin (b, 6);

  put32 (b, 0);
  put64 (b, 7);
  put32 (b, 4);
  put32 (b, 4);
  put_data (b, payload (4), 4);
  put16 (b, 1);      /* opt_comment */
  put16 (b, 200);    /* longer than the block */
  put_data (b, "abcd", 4);
  ng_end (b, start);
}

/* An option that overruns its block ends the options, not the file. */
static void
test_pcapng_option_overrun (void)
{
  g_autoptr (ReadResult) res = read_with_tail (tail_option_overrun);

  g_assert_no_error (res->error);
  g_assert_cmpuint (res->recs->len, ==, 2);
  g_assert_null (rec_at (res, 1)->comment);
  g_assert_cmpuint (rec_at (res, 1)->caplen, ==, 4);
}

static gint64
one_timestamp (int     tsresol,
               gint64  tsoffset,
               guint64 ticks)
{
  const IdbSpec spec = { LINKTYPE_ETHERNET, 0, NULL, NULL, tsresol, tsoffset };
  g_autoptr (ReadResult) res = NULL;
  Builder b;

  builder_init (&b, FALSE);
  ng_shb (&b);
  ng_idb (&b, &spec);
  ng_epb (&b, 0, ticks, 0, 0, NULL);
  res = read_builder_bytes (b.bytes);
  g_byte_array_unref (b.bytes);
  g_assert_no_error (res->error);
  return rec_at (res, 0)->ts_ns;
}

static void
test_pcapng_timestamps (void)
{
  g_assert_cmpint (one_timestamp (-1, 0, 1500000), ==, 1500000000);
  g_assert_cmpint (one_timestamp (6, -10, 5000000), ==, G_GINT64_CONSTANT (-5000000000));
  g_assert_cmpint (one_timestamp (19, 0, G_MAXUINT64), ==, G_GINT64_CONSTANT (1844674407));
  g_assert_cmpint (one_timestamp (0x80 | 63, 0, G_GUINT64_CONSTANT (3) << 62), ==, 1500000000);
  g_assert_cmpint (one_timestamp (0x80, 0, 7), ==, 7000000000);
  g_assert_cmpint (one_timestamp (1, 0, 15), ==, 1500000000);
  g_assert_cmpint (one_timestamp (12, 0, 1999999999999), ==, 1999999999);
  /* Past the year 2262 saturates instead of wrapping. */
  g_assert_cmpint (one_timestamp (0, 0, G_GUINT64_CONSTANT (1) << 40), ==, G_MAXINT64);
  g_assert_cmpint (one_timestamp (0, G_MININT64, 0), ==, G_MININT64);
}

/* Errors */

static void
test_not_a_capture (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-reader-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.pcap", NULL);
  g_autofree char *tiny = g_build_filename (dir, "tiny.pcap", NULL);
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "Hello, world\n", -1, NULL));
  g_assert_null (ladder_reader_open (path, &error));
  g_assert_error (error, LADDER_READER_ERROR, LADDER_READER_ERROR_FORMAT);
  expected = g_strdup_printf ("%s: not a pcap or pcapng file (magic 0x48656c6c)", path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_null (ladder_reader_open (empty, &error));
  g_assert_error (error, LADDER_READER_ERROR, LADDER_READER_ERROR_FORMAT);
  g_assert_true (g_str_has_suffix (error->message, "empty.pcap: empty file"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (tiny, "\xd4\xc3", 2, NULL));
  g_assert_null (ladder_reader_open (tiny, &error));
  g_assert_error (error, LADDER_READER_ERROR, LADDER_READER_ERROR_FORMAT);
  g_clear_error (&error);

  g_unlink (path);
  g_unlink (empty);
  g_unlink (tiny);
  g_rmdir (dir);
}

static void
test_unreadable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-reader-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.pcap", NULL);
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_null (ladder_reader_open (missing, &error));
  g_assert_error (error, LADDER_READER_ERROR, LADDER_READER_ERROR_OPEN);
  expected = g_strdup_printf ("%s: %s", missing, g_strerror (ENOENT));
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* A directory opens but cannot be read. */
  g_assert_null (ladder_reader_open (dir, &error));
  g_assert_error (error, LADDER_READER_ERROR, LADDER_READER_ERROR_OPEN);
  g_assert_true (g_str_has_suffix (error->message, g_strerror (EISDIR)));
  g_rmdir (dir);
}

static void
test_truncated_message (void)
{
  g_autoptr (GByteArray) bytes = build_pcap (0xa1b2c3d4, FALSE);
  const guint64 second = 24 + 16 + 60;
  g_autoptr (ReadResult) cut_header = read_bytes (bytes->data, second + 5);
  g_autoptr (ReadResult) cut_data = read_bytes (bytes->data, second + 20);
  g_autoptr (ReadResult) cut_file_header = read_bytes (bytes->data, 10);

  g_assert_cmpuint (cut_header->recs->len, ==, 1);
  g_assert_error (cut_header->error, LADDER_READER_ERROR, LADDER_READER_ERROR_TRUNCATED);
  g_assert_cmpstr (cut_header->error->message, ==,
                   "capture: truncated record at offset 100 (needs 16 bytes, has 5)");
  g_assert_cmpuint (cut_data->recs->len, ==, 1);
  g_assert_cmpstr (cut_data->error->message, ==,
                   "capture: truncated record at offset 100 (needs 30 bytes, has 20)");
  g_assert_error (cut_file_header->error, LADDER_READER_ERROR, LADDER_READER_ERROR_TRUNCATED);
  g_assert_cmpstr (cut_file_header->error->message, ==,
                   "capture: truncated file header (needs 24 bytes, has 10)");
}

static void
test_sticky_error (void)
{
  g_autoptr (GByteArray) bytes = build_pcap (0xa1b2c3d4, FALSE);
  int fd = memfd_with (bytes->data, 24 + 16 + 10);
  g_autoptr (LadderReader) reader = ladder_reader_open_fd (dup_from_start (fd), "x", NULL);
  g_autoptr (GError) first = NULL;
  g_autoptr (GError) second = NULL;
  LadderRecord record;

  close (fd);
  g_assert_cmpint (ladder_reader_next (reader, &record, &first), ==, -1);
  g_assert_cmpint (ladder_reader_next (reader, &record, &second), ==, -1);
  g_assert_error (second, LADDER_READER_ERROR, LADDER_READER_ERROR_TRUNCATED);
  g_assert_cmpstr (first->message, ==, second->message);
  g_assert_cmpint (ladder_reader_next (reader, &record, NULL), ==, -1);
}

/* The corpus */

static char *
corpus_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "corpus", name, NULL);
}

static GPtrArray *
read_tsv (const char *path)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0' || lines[i][0] == '#' || g_str_has_prefix (lines[i], "file\t"))
        continue;
      g_ptr_array_add (rows, g_strsplit (lines[i], "\t", -1));
    }
  return rows;
}

static ReadResult *
read_corpus_file (const char *name)
{
  g_autofree char *path = corpus_path (name);
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  return read_fd (fd, name);
}

/* What INDEX.tsv's packets column (capinfos, or tcpdump where capinfos
 * could not read the file) and tcpdump's exit status say we must do. */
static void
check_corpus_row (char **row)
{
  const char *name = row[0];
  const char *packets = row[3];
  const char *tcpdump = row[9];
  g_autoptr (ReadResult) res = read_corpus_file (name);
  guint64 count = g_ascii_strtoull (packets, NULL, 10);

  if (g_str_equal (name, "libpcap_pcap-invalid-version-2.pcap"))
    {
      /* capinfos reads version 2.5; we reject it, as libpcap does. */
      g_assert_error (res->error, LADDER_READER_ERROR, LADDER_READER_ERROR_FORMAT);
      return;
    }
  if (g_str_equal (name, "libpcap_linktype-reserved-field-not-zero.pcap"))
    {
      /* libpcap rejects it; we ignore the reserved bits and find no packets. */
      g_assert_no_error (res->error);
      g_assert_cmpuint (res->recs->len, ==, 0);
      return;
    }
  if (strstr (packets, "(tcpdump)") != NULL && g_str_has_prefix (tcpdump, "rc=1"))
    {
      g_assert_nonnull (res->error);
      g_assert_cmpuint (res->recs->len, ==, 0);
      return;
    }

  if (res->error != NULL)
    g_error ("%s: %s", name, res->error->message);
  g_assert_cmpuint (res->recs->len, ==, count);
}

static void
test_corpus_index (void)
{
  g_autofree char *index = corpus_path ("INDEX.tsv");
  g_autoptr (GPtrArray) rows = read_tsv (index);

  g_assert_cmpuint (rows->len, >=, 239);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      g_assert_cmpuint (g_strv_length (row), >=, 10);
      g_test_message ("%s", row[0]);
      check_corpus_row (row);
    }
}

/* Every file libpcap refuses to open gives a clean error, except the
 * nonzero reserved link-type field we tolerate. */
static void
test_corpus_libpcap_rejects (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "corpus", "expected",
                                                 "libpcap-savefile-rejects.txt", NULL);
  g_autoptr (GPtrArray) rows = read_tsv (path);

  g_assert_cmpuint (rows->len, ==, 6);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autoptr (ReadResult) res = read_corpus_file (row[0]);

      if (g_str_equal (row[0], "libpcap_linktype-reserved-field-not-zero.pcap"))
        g_assert_no_error (res->error);
      else
        g_assert_nonnull (res->error);
    }
}

/* Packet counts, length sums, timestamps and comments as tshark sees them. */
static void
test_corpus_tshark (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "expected",
                                                 "reader-corpus.tsv", NULL);
  g_autoptr (GPtrArray) rows = read_tsv (path);

  g_assert_cmpuint (rows->len, >=, 200);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autoptr (ReadResult) res = read_corpus_file (row[0]);
      guint64 caplen = 0, wirelen = 0, ts = 0, commented = 0;

      g_test_message ("%s", row[0]);
      g_assert_no_error (res->error);
      for (guint j = 0; j < res->recs->len; j++)
        {
          const Rec *rec = rec_at (res, j);

          caplen += rec->caplen;
          wirelen += rec->wirelen;
          ts += (guint64) rec->ts_ns;
          commented += rec->comment != NULL;
        }
      g_assert_cmpuint (res->recs->len, ==, g_ascii_strtoull (row[1], NULL, 10));
      g_assert_cmpuint (caplen, ==, g_ascii_strtoull (row[2], NULL, 10));
      g_assert_cmpuint (wirelen, ==, g_ascii_strtoull (row[3], NULL, 10));
      g_assert_cmpuint (ts, ==, g_ascii_strtoull (row[4], NULL, 10));
      g_assert_cmpuint (commented, ==, g_ascii_strtoull (row[5], NULL, 10));
    }
}

/* Prefixes */

typedef struct
{
  const ReadResult *full;
  GHashTable       *boundaries;  /* offsets where a clean end is expected */
  guint             n_before;    /* records that end at or before the cut */
} PrefixCheck;

static void
prefix_check_init (PrefixCheck      *pc,
                   const ReadResult *full)
{
  pc->full = full;
  pc->boundaries = g_hash_table_new (g_direct_hash, g_direct_equal);
  if (full->opened)
    g_hash_table_add (pc->boundaries, GSIZE_TO_POINTER (full->header_end));
  for (guint i = 0; i < full->recs->len; i++)
    g_hash_table_add (pc->boundaries, GSIZE_TO_POINTER (rec_at (full, i)->end));
}

static guint
records_before (const ReadResult *full,
                gsize             cut)
{
  guint n = 0;

  while (n < full->recs->len && rec_at (full, n)->end <= cut)
    n++;
  return n;
}

static void
check_prefix_record (const PrefixCheck  *pc,
                     guint               i,
                     const LadderRecord *record,
                     gsize               cut)
{
  const Rec *want;

  g_assert_cmpuint (i, <, pc->n_before);
  want = rec_at (pc->full, i);
  g_assert_cmpuint (record->file_offset, ==, want->file_offset);
  g_assert_cmpuint (record->caplen, ==, want->caplen);
  g_assert_cmpuint (record->wirelen, ==, want->wirelen);
  g_assert_cmpint (record->ts_ns, ==, want->ts_ns);
  g_assert_cmpuint (record->iface, ==, want->iface);
  /* The captured bytes lie before the cut and are the file's. */
  g_assert_cmpuint (record->file_offset + record->caplen, <=, cut);
  g_assert_cmpmem (record->data, MIN (record->caplen, sizeof want->head),
                   want->head, MIN (want->caplen, sizeof want->head));
  if (record->caplen > 0)
    g_assert_cmpuint (record->data[record->caplen - 1], ==, want->last);
}

/* The file cut to CUT bytes: the records before the cut, then a clean end
 * at a boundary or a TRUNCATED/FORMAT error, never a record past it. */
static void
check_prefix (const PrefixCheck *pc,
              int                memfd,
              gsize              cut)
{
  g_autoptr (LadderReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  const ReadResult *full = pc->full;
  gboolean boundary = g_hash_table_contains (pc->boundaries, GSIZE_TO_POINTER (cut));
  LadderRecord record;
  guint i = 0;
  int r;

  g_assert_cmpint (ftruncate (memfd, cut), ==, 0);
  reader = ladder_reader_open_fd (reopen (memfd), "prefix", &error);
  if (reader == NULL)
    {
      g_assert_true (error != NULL && error->domain == LADDER_READER_ERROR);
      g_assert_true (!full->opened || cut < full->header_end);
      if (full->opened)
        g_assert_true (error->code == LADDER_READER_ERROR_TRUNCATED ||
                       error->code == LADDER_READER_ERROR_FORMAT);
      return;
    }

  while ((r = ladder_reader_next (reader, &record, &error)) == 1)
    check_prefix_record (pc, i++, &record, cut);
  g_assert_cmpuint (i, ==, pc->n_before);

  if (r == 0)
    g_assert_true (boundary || full->format == LADDER_FORMAT_PCAPNG);
  else
    {
      g_assert_true (error != NULL && error->domain == LADDER_READER_ERROR);
      g_assert_false (boundary);
      if (full->error == NULL)
        g_assert_cmpint (error->code, ==, LADDER_READER_ERROR_TRUNCATED);
    }
}

static void
check_cut (PrefixCheck *pc,
           int          memfd,
           gsize        cut)
{
  pc->n_before = records_before (pc->full, cut);
  check_prefix (pc, memfd, cut);
}

/* Cut points near every record's start and end, plus random ones.
 * Descending, so the in-memory file only ever shrinks. */
static GArray *
sampled_cuts (const ReadResult *full,
              gsize             len)
{
  GArray *cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint step = MAX (1, full->recs->len / 200);

  for (guint i = 0; i < full->recs->len; i += step)
    {
      const Rec *rec = rec_at (full, i);

      for (gsize d = 0; d < 40; d++)
        {
          gsize a = rec->file_offset + d, b = rec->end - MIN (d, rec->end);

          g_array_append_val (cuts, a);
          g_array_append_val (cuts, b);
        }
    }
  /* Not g_test_rand_*(): this runs in worker threads. */
  g_autoptr (GRand) rand = g_rand_new_with_seed (len);

  for (guint i = 0; i < SAMPLED_CUTS; i++)
    {
      gsize cut = g_rand_int_range (rand, 0, (gint32) len);

      g_array_append_val (cuts, cut);
    }
  return cuts;
}

/* Cut points deep inside big records that are left out. */
static gboolean *
middle_cuts (const ReadResult *full,
             gsize             len)
{
  gboolean *skip = g_new0 (gboolean, len + 1);

  for (guint i = 0; i < full->recs->len; i++)
    {
      const Rec *rec = rec_at (full, i);

      if (rec->end - rec->file_offset <= 2 * RECORD_EDGE)
        continue;
      for (gsize cut = rec->file_offset + RECORD_EDGE; cut < rec->end - RECORD_EDGE; cut++)
        skip[cut] = cut % MIDDLE_STRIDE != 0;
    }
  return skip;
}

static int
compare_desc (gconstpointer a,
              gconstpointer b)
{
  gsize x = *(const gsize *) a, y = *(const gsize *) b;

  return x < y ? 1 : x > y ? -1 : 0;
}

static void
check_all_prefixes (const guint8 *data,
                    gsize         len)
{
  g_autoptr (ReadResult) full = read_bytes (data, len);
  int memfd = memfd_with (data, len);
  PrefixCheck pc;

  prefix_check_init (&pc, full);
  if (full->error == NULL)
    g_assert_true (g_hash_table_contains (pc.boundaries, GSIZE_TO_POINTER (len)) ||
                   full->format == LADDER_FORMAT_PCAPNG);

  if (len <= EXHAUSTIVE_MAX)
    {
      g_autofree gboolean *skip = middle_cuts (full, len);

      for (gsize cut = len + 1; cut-- > 0;)
        if (!skip[cut])
          check_cut (&pc, memfd, cut);
    }
  else
    {
      g_autoptr (GArray) cuts = sampled_cuts (full, len);

      g_array_sort (cuts, compare_desc);
      for (guint i = 0; i < cuts->len; i++)
        check_cut (&pc, memfd, MIN (g_array_index (cuts, gsize, i), len));
    }

  g_hash_table_unref (pc.boundaries);
  close (memfd);
}

static void
test_built_prefixes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (built_files); i++)
    {
      g_autoptr (GByteArray) bytes = built_files[i] ();

      check_all_prefixes (bytes->data, bytes->len);
    }
}

static void
check_file_prefixes (gpointer data,
                     gpointer user_data)
{
  g_autofree char *path = corpus_path (data);
  g_autofree char *bytes = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  check_all_prefixes ((const guint8 *) bytes, len);
}

static int
compare_size_desc (gconstpointer a,
                   gconstpointer b)
{
  char **x = *(char ***) a, **y = *(char ***) b;
  guint64 sx = g_ascii_strtoull (x[1], NULL, 10), sy = g_ascii_strtoull (y[1], NULL, 10);

  return sx < sy ? 1 : sx > sy ? -1 : 0;
}

/* Files are independent, so they are spread over the processors, the
 * biggest first; the run is dominated by system calls, one reader per cut. */
static void
test_corpus_prefixes (void)
{
  g_autofree char *index = corpus_path ("INDEX.tsv");
  g_autoptr (GPtrArray) rows = read_tsv (index);
  GThreadPool *pool;

  g_ptr_array_sort (rows, compare_size_desc);
  pool = g_thread_pool_new (check_file_prefixes, NULL, MAX (2, g_get_num_processors ()),
                            TRUE, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      g_thread_pool_push (pool, row[0], NULL);
    }
  g_thread_pool_free (pool, FALSE, TRUE);
}

/* Hostile input: random bytes overwritten in the headers' neighbourhood.
 * Whatever the reader makes of it, it ends, and every record it returns
 * lies inside the file. */
static void
check_mutant (const guint8 *data,
              gsize         len)
{
  g_autoptr (ReadResult) res = read_bytes (data, len);

  for (guint i = 0; i < res->recs->len; i++)
    {
      const Rec *rec = rec_at (res, i);

      g_assert_cmpuint (rec->file_offset, <, rec->end);
      g_assert_cmpuint (rec->end, <=, len);
      g_assert_cmpuint (rec->caplen, <=, rec->end - rec->file_offset);
    }
  if (res->error != NULL)
    g_assert_true (res->error->domain == LADDER_READER_ERROR);
}

static void
mutate_and_check (const guint8 *data,
                  gsize         len,
                  GRand        *rand)
{
  g_autofree guint8 *copy = g_memdup2 (data, len);
  static const guint8 interesting[] = { 0x00, 0xff, 0x7f, 0x80, 0x01, 0x0c, 0x0a, 0x06 };

  for (guint m = 0; m < 200; m++)
    {
      guint changes = g_rand_int_range (rand, 1, 5);

      memcpy (copy, data, len);
      for (guint c = 0; c < changes; c++)
        {
          /* Mostly near the start, where the headers are. */
          gsize at = g_rand_int_range (rand, 0, (gint32) MIN (len, c == 0 ? 256 : len));

          copy[at] = g_rand_boolean (rand) ? interesting[g_rand_int_range (rand, 0, 8)]
                                           : (guint8) g_rand_int (rand);
        }
      check_mutant (copy, len);
    }
}

static void
test_mutations (void)
{
  const char *names[] = {
    "pcapng-gen_be_difficult_test202.pcapng", "pcapng-gen_le_advanced_test102.pcapng",
    "pcapng-gen_le_basic_test008.pcapng", "pcapng-gen_le_basic_test009.pcapng",
    "zeek_pcapng-multi-interface.pcapng", "tcp-handshake-nano.pcap", "dns_udp.pcap",
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261121);

  for (guint i = 0; i < G_N_ELEMENTS (built_files); i++)
    {
      g_autoptr (GByteArray) bytes = built_files[i] ();

      mutate_and_check (bytes->data, bytes->len, rand);
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = corpus_path (names[i]);
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      mutate_and_check ((const guint8 *) data, len, rand);
    }
}

/* Pipes */

typedef struct
{
  const guint8 *data;
  gsize         len;
  int           fd;
  guint32       seed;
  const char   *fifo;  /* opened for writing first, if set */
} Feeder;

/* Writes the capture in small random pieces with small pauses. */
static gpointer
feed_in_pieces (gpointer user_data)
{
  Feeder *feeder = user_data;
  g_autoptr (GRand) rand = g_rand_new_with_seed (feeder->seed);
  gsize off = 0;
  guint pieces = 0;

  if (feeder->fifo != NULL)
    feeder->fd = open (feeder->fifo, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (feeder->fd, >=, 0);

  while (off < feeder->len)
    {
      gsize n = g_rand_int_range (rand, 1, 64);

      n = MIN (n, feeder->len - off);

      write_all (feeder->fd, feeder->data + off, n);
      off += n;
      if (++pieces % 16 == 0)
        g_usleep (50);
    }
  close (feeder->fd);
  return NULL;
}

static void
assert_pipe_reads_like_file (const guint8 *data,
                             gsize         len)
{
  g_autoptr (ReadResult) from_file = read_bytes (data, len);
  g_autoptr (ReadResult) from_pipe = NULL;
  Feeder feeder = { data, len, -1, len, NULL };
  GThread *thread;
  int fds[2];

  g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);
  feeder.fd = fds[1];
  thread = g_thread_new ("feeder", feed_in_pieces, &feeder);
  from_pipe = read_fd (fds[0], "capture");
  g_thread_join (thread);

  assert_same_result (from_file, from_pipe);
  if (from_file->error != NULL)
    g_assert_cmpstr (from_file->error->message, ==, from_pipe->error->message);
}

static void
test_pipe (void)
{
  const char *names[] = {
    "zeek_tcp_ssh-dups.pcap", "of13_ericsson.pcapng", "tcp-handshake-nano.pcap",
    "pcapng-gen_be_difficult_test202.pcapng", "zeek_pcapng-multi-interface.pcapng",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = corpus_path (names[i]);
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      assert_pipe_reads_like_file ((const guint8 *) data, len);
      /* and cut mid-record */
      assert_pipe_reads_like_file ((const guint8 *) data, len - 3);
    }

  for (guint i = 0; i < G_N_ELEMENTS (built_files); i++)
    {
      g_autoptr (GByteArray) bytes = built_files[i] ();

      assert_pipe_reads_like_file (bytes->data, bytes->len);
    }
}

/* A regular file is mapped and its pages given back every few MiB as the
 * reader moves on; the records must be what a pipe (read(2)) delivers,
 * whole file and cut mid-record. */
static void
test_mapped_big_file (void)
{
  Builder b;
  guint8 rec[1500];

  builder_init (&b, FALSE);
  pcap_header (&b, 0xa1b2c3d4, 2, 4, 65535, LINKTYPE_ETHERNET);
  for (guint i = 0; i < 3000; i++)
    {
      for (guint j = 0; j < sizeof rec; j++)
        rec[j] = (guint8) (i * 31 + j);
      put32 (&b, 1700000000 + i);
      put32 (&b, i);
      put32 (&b, sizeof rec - i % 100);
      put32 (&b, sizeof rec);
      put_data (&b, rec, sizeof rec - i % 100);
    }
  g_assert_cmpuint (b.bytes->len, >, 4 * 1024 * 1024);
  assert_pipe_reads_like_file (b.bytes->data, b.bytes->len);
  assert_pipe_reads_like_file (b.bytes->data, b.bytes->len - 700);
  g_byte_array_unref (b.bytes);
}

/* A descriptor handed over part-way into a file is read from there on,
 * mapped or not, with offsets counted from there (as a pipe would). */
static void
test_fd_offset (void)
{
  g_autoptr (GByteArray) pcap = build_pcap (0xa1b2c3d4, FALSE);
  g_autoptr (ReadResult) alone = read_builder_bytes (pcap);
  g_autoptr (ReadResult) after_junk = NULL;
  guint8 junk[100];
  int fd;

  memset (junk, 0x5a, sizeof junk);
  fd = memfd_with (junk, sizeof junk);
  write_all (fd, pcap->data, pcap->len);
  g_assert_cmpint (lseek (fd, sizeof junk, SEEK_SET), ==, sizeof junk);
  after_junk = read_fd (fd, "capture");
  assert_same_result (alone, after_junk);
  g_assert_cmpuint (after_junk->recs->len, ==, 4);
}

/* A named pipe opened by path, as in `wireladder-cli tcp /tmp/fifo`. */
static void
test_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-reader-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "capture", NULL);
  g_autofree char *path = corpus_path ("of13_ericsson.pcapng");
  g_autofree char *data = NULL;
  g_autoptr (ReadResult) from_file = NULL;
  g_autoptr (LadderReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  LadderRecord record;
  Feeder feeder = { NULL, 0, -1, 7, fifo };
  GThread *thread;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &data, &feeder.len, NULL));
  feeder.data = (const guint8 *) data;
  from_file = read_bytes (feeder.data, feeder.len);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  thread = g_thread_new ("fifo", feed_in_pieces, &feeder);

  reader = ladder_reader_open (fifo, &error);
  g_assert_no_error (error);
  while (ladder_reader_next (reader, &record, &error) == 1)
    {
      const Rec *want = rec_at (from_file, n++);

      g_assert_cmpuint (record.file_offset, ==, want->file_offset);
      g_assert_cmphex (fnv1a (record.data, record.caplen), ==, want->hash);
    }
  g_thread_join (thread);

  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, from_file->recs->len);
  g_unlink (fifo);
  g_rmdir (dir);
}

typedef struct
{
  const guint8     *data;
  const ReadResult *full;
  int               fd;
  GAsyncQueue      *acks;
  gboolean          stalled;
} LiveFeeder;

static void
write_in_two (int           fd,
              const guint8 *data,
              gsize         len)
{
  write_all (fd, data, len / 2);
  g_usleep (100);
  write_all (fd, data + len / 2, len - len / 2);
}

/* Writes one record at a time and waits until the reader has returned it
 * before writing the next, as `tcpdump -U -w -` does on a quiet link. */
static gpointer
feed_live (gpointer user_data)
{
  LiveFeeder *feeder = user_data;
  gsize off = feeder->full->header_end;

  write_in_two (feeder->fd, feeder->data, off);
  for (guint i = 0; i < feeder->full->recs->len; i++)
    {
      gsize end = rec_at (feeder->full, i)->end;

      write_in_two (feeder->fd, feeder->data + off, end - off);
      off = end;
      if (g_async_queue_timeout_pop (feeder->acks, 10 * G_USEC_PER_SEC) == NULL)
        feeder->stalled = TRUE;
    }
  close (feeder->fd);
  return NULL;
}

static void
assert_live_stream (const guint8 *data,
                    gsize         len)
{
  g_autoptr (ReadResult) full = read_bytes (data, len);
  g_autoptr (LadderReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  LiveFeeder feeder = { data, full, -1, g_async_queue_new (), FALSE };
  LadderRecord record;
  GThread *thread;
  guint n = 0;
  int fds[2];

  g_assert_no_error (full->error);
  g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);
  feeder.fd = fds[1];
  thread = g_thread_new ("live", feed_live, &feeder);
  reader = ladder_reader_open_fd (fds[0], "live", &error);
  g_assert_no_error (error);
  while (ladder_reader_next (reader, &record, &error) == 1)
    {
      g_assert_cmpuint (record.file_offset, ==, rec_at (full, n)->file_offset);
      n++;
      g_async_queue_push (feeder.acks, GUINT_TO_POINTER (n));
    }
  g_thread_join (thread);
  g_async_queue_unref (feeder.acks);

  g_assert_no_error (error);
  g_assert_false (feeder.stalled);
  g_assert_cmpuint (n, ==, full->recs->len);
}

static void
test_pipe_live (void)
{
  g_autofree char *path = corpus_path ("zeek_tcp_handshake-reorder.pcap");
  g_autofree char *data = NULL;
  g_autoptr (GByteArray) pcapng = build_pcapng (TRUE);
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  assert_live_stream ((const guint8 *) data, len);
  assert_live_stream (pcapng->data, pcapng->len);
}

/* A mapped file's records stay readable after the reader has moved on,
 * far past what it keeps resident (their pages come back from the page
 * cache); a pipe's and an unmapped file's records do not, and say so. */
static void
test_keep_records (void)
{
  const guint n_recs = 8000, len = 1000;   /* 8 MB: pages are given back on the way */
  g_autoptr (LadderReader) reader = NULL;
  g_autoptr (LadderReader) unmapped = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree const guint8 **seen = g_new0 (const guint8 *, n_recs);
  LadderRecord record;
  Builder b;
  int fd, pipe_fds[2];
  guint n = 0;

  builder_init (&b, FALSE);
  pcap_header (&b, 0xa1b2c3d4, 2, 4, 65535, 1);
  for (guint i = 0; i < n_recs; i++)
    {
      guint offset = b.bytes->len;

      pcap_record (&b, i, 0, len, len);
      memset (b.bytes->data + offset + 16, (int) (i % 251), len);
    }
  fd = memfd_with (b.bytes->data, b.bytes->len);
  g_assert_cmpint (lseek (fd, 0, SEEK_SET), ==, 0);
  unmapped = ladder_reader_open_fd_full (dup_from_start (fd), "capture", LADDER_READER_NO_MAP, &error);
  g_assert_no_error (error);
  g_assert_false (ladder_reader_keep_records (unmapped, 1024 * 1024));
  g_assert_cmpint (lseek (fd, 0, SEEK_SET), ==, 0);
  reader = ladder_reader_open_fd (fd, "capture", &error);
  g_assert_no_error (error);
  g_assert_true (ladder_reader_keep_records (reader, 64 * 1024));
  while (ladder_reader_next (reader, &record, &error) > 0)
    {
      g_assert_cmpuint (n, <, n_recs);
      g_assert_cmpuint (record.caplen, ==, len);
      seen[n++] = record.data;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, n_recs);
  for (guint i = 0; i < n_recs; i++)
    for (guint j = 0; j < len; j += 97)
      if (seen[i][j] != i % 251)
        g_error ("record %u byte %u: %u, want %u", i, j, seen[i][j], i % 251);

  g_assert_cmpint (pipe (pipe_fds), ==, 0);
  write_all (pipe_fds[1], b.bytes->data, 24);
  close (pipe_fds[1]);
  g_clear_pointer (&reader, ladder_reader_free);
  reader = ladder_reader_open_fd (pipe_fds[0], "pipe", &error);
  g_assert_no_error (error);
  g_assert_false (ladder_reader_keep_records (reader, 1024 * 1024));
  g_byte_array_unref (b.bytes);
}

/* A record bigger than the first buffer arrives through a pipe in pieces. */
static void
test_pipe_big_record (void)
{
  const guint32 big = 3 * 1024 * 1024 + 5;
  g_autoptr (ReadResult) res = NULL;
  Builder b;

  builder_init (&b, FALSE);
  pcap_header (&b, 0xa1b2c3d4, 2, 4, 8 * 1024 * 1024, 231);
  pcap_record (&b, 1, 0, 4, 4);
  put32 (&b, 2);
  put32 (&b, 0);
  put32 (&b, big);
  put32 (&b, big);
  g_byte_array_set_size (b.bytes, b.bytes->len + big);
  pcap_record (&b, 3, 0, 4, 4);

  assert_pipe_reads_like_file (b.bytes->data, b.bytes->len);
  res = read_builder_bytes (b.bytes);
  g_assert_no_error (res->error);
  g_assert_cmpuint (res->recs->len, ==, 3);
  g_assert_cmpuint (rec_at (res, 1)->caplen, ==, big);
  g_byte_array_unref (b.bytes);
}

static void
test_stdin (void)
{
  g_autofree char *path = corpus_path ("zeek_tcp_handshake-reorder.pcap");

  if (g_test_subprocess ())
    {
      g_autoptr (LadderReader) reader = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (ReadResult) full = read_corpus_file ("zeek_tcp_handshake-reorder.pcap");
      LadderRecord record;
      int fd = open (path, O_RDONLY);
      guint n = 0;

      g_assert_cmpint (dup2 (fd, STDIN_FILENO), ==, STDIN_FILENO);
      close (fd);
      reader = ladder_reader_open ("-", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (ladder_reader_get_name (reader), ==, "standard input");
      while (ladder_reader_next (reader, &record, &error) == 1)
        n++;
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, full->recs->len);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ladder/reader/pcap-micro", test_pcap_micro);
  g_test_add_func ("/ladder/reader/pcap-nano", test_pcap_nano);
  g_test_add_func ("/ladder/reader/pcap-modified", test_pcap_modified);
  g_test_add_func ("/ladder/reader/pcap-linktype-bits", test_pcap_linktype_bits);
  g_test_add_func ("/ladder/reader/pcap-old-version", test_pcap_old_version);
  g_test_add_func ("/ladder/reader/pcap-bad-version", test_pcap_bad_version);
  g_test_add_func ("/ladder/reader/pcap-caplen-too-big", test_pcap_caplen_too_big);
  g_test_add_func ("/ladder/reader/pcapng-interfaces", test_pcapng_interfaces);
  g_test_add_func ("/ladder/reader/pcapng-big-endian", test_pcapng_big_endian);
  g_test_add_func ("/ladder/reader/pcapng-spb", test_pcapng_spb);
  g_test_add_func ("/ladder/reader/pcapng-sections", test_pcapng_sections);
  g_test_add_func ("/ladder/reader/pcapng-undefined-interface", test_pcapng_undefined_interface);
  g_test_add_func ("/ladder/reader/pcapng-obsolete-pb", test_pcapng_obsolete_pb);
  g_test_add_func ("/ladder/reader/pcapng-bad-blocks", test_pcapng_bad_blocks);
  g_test_add_func ("/ladder/reader/pcapng-option-overrun", test_pcapng_option_overrun);
  g_test_add_func ("/ladder/reader/pcapng-timestamps", test_pcapng_timestamps);
  g_test_add_func ("/ladder/reader/not-a-capture", test_not_a_capture);
  g_test_add_func ("/ladder/reader/unreadable", test_unreadable);
  g_test_add_func ("/ladder/reader/truncated-message", test_truncated_message);
  g_test_add_func ("/ladder/reader/sticky-error", test_sticky_error);
  g_test_add_func ("/ladder/reader/corpus-index", test_corpus_index);
  g_test_add_func ("/ladder/reader/corpus-libpcap-rejects", test_corpus_libpcap_rejects);
  g_test_add_func ("/ladder/reader/corpus-tshark", test_corpus_tshark);
  g_test_add_func ("/ladder/reader/built-prefixes", test_built_prefixes);
  g_test_add_func ("/ladder/reader/corpus-prefixes", test_corpus_prefixes);
  g_test_add_func ("/ladder/reader/mutations", test_mutations);
  g_test_add_func ("/ladder/reader/pipe", test_pipe);
  g_test_add_func ("/ladder/reader/mapped-big-file", test_mapped_big_file);
  g_test_add_func ("/ladder/reader/fd-offset", test_fd_offset);
  g_test_add_func ("/ladder/reader/pipe-live", test_pipe_live);
  g_test_add_func ("/ladder/reader/fifo", test_fifo);
  g_test_add_func ("/ladder/reader/pipe-big-record", test_pipe_big_record);
  g_test_add_func ("/ladder/reader/keep-records", test_keep_records);
  g_test_add_func ("/ladder/reader/stdin", test_stdin);

  return g_test_run ();
}
