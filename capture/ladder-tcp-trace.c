/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-tcp-trace.c: sock:inet_sock_set_state through perf (see header).
 *
 * Each CPU has its own ring buffer (perf_event_mmap_page then 2^n data
 * pages); the kernel writes PERF_RECORD_SAMPLE records carrying
 * PERF_SAMPLE_TID, PERF_SAMPLE_TIME and PERF_SAMPLE_RAW (the tracepoint's
 * record, laid out as its `format` file says), or PERF_RECORD_LOST when a
 * buffer overflowed.
 */
#define _GNU_SOURCE
#include "ladder-tcp-trace.h"

#include "ladder-bpf-netns.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define EVENT_DIR      "events/sock/inet_sock_set_state"
/* 512 KiB per CPU (about 5000 records): a lab run makes a few hundred
 * transitions at most, but the rest of the machine shares the tracepoint,
 * and a loaded machine may not run us for a while. */
#define DATA_PAGES     128
#define MAX_CPUS       1024

typedef struct
{
  int     fd;
  guint8 *base;    /* the control page, then the data */
  guint8 *data;    /* base + one page */
  gsize   size;    /* of the data area */
  int     cpu;
} CpuBuffer;

struct _LadderTcpTrace
{
  LadderTcpTraceFormat format;
  GArray   *cpus;          /* CpuBuffer */
  gsize     page_size;
  guint64   lost;
  gint64    clock_offset;  /* added to perf times to make them CLOCK_REALTIME */
  gboolean  realtime;
  LadderBpfNetns *netns;   /* NULL: records carry no namespace */
  char     *netns_error;   /* why not */
  int       attach_fd;     /* the tracepoint event carrying the program, or -1 */
  guint     inum_off;      /* in a copied record: the namespace inode */
};

/* ---- the format file ---- */

typedef struct
{
  const char *name;
  guint       size;        /* 0: any */
  gsize       offset;      /* into LadderTcpTraceFormat */
} WantedField;

static const WantedField wanted_fields[] = {
  { "common_pid", 4, G_STRUCT_OFFSET (LadderTcpTraceFormat, pid_off) },
  { "skaddr",     8, G_STRUCT_OFFSET (LadderTcpTraceFormat, skaddr_off) },
  { "oldstate",   4, G_STRUCT_OFFSET (LadderTcpTraceFormat, oldstate_off) },
  { "newstate",   4, G_STRUCT_OFFSET (LadderTcpTraceFormat, newstate_off) },
  { "sport",      2, G_STRUCT_OFFSET (LadderTcpTraceFormat, sport_off) },
  { "dport",      2, G_STRUCT_OFFSET (LadderTcpTraceFormat, dport_off) },
  { "family",     2, G_STRUCT_OFFSET (LadderTcpTraceFormat, family_off) },
  { "protocol",   2, G_STRUCT_OFFSET (LadderTcpTraceFormat, protocol_off) },
  { "saddr",      4, G_STRUCT_OFFSET (LadderTcpTraceFormat, saddr_off) },
  { "daddr",      4, G_STRUCT_OFFSET (LadderTcpTraceFormat, daddr_off) },
  { "saddr_v6",  16, G_STRUCT_OFFSET (LadderTcpTraceFormat, saddr_v6_off) },
  { "daddr_v6",  16, G_STRUCT_OFFSET (LadderTcpTraceFormat, daddr_v6_off) },
};

/* "\tfield:__u8 saddr[4];\toffset:32;\tsize:4;\tsigned:0;" → name, offset,
 * size.  FALSE for any other line. */
static gboolean
parse_field_line (const char *line, char **name, guint *offset, guint *size)
{
  const char *decl = strstr (line, "field:");
  const char *semi, *start, *off_text, *size_text;
  guint64 off, sz;

  if (decl == NULL || (semi = strchr (decl, ';')) == NULL)
    return FALSE;
  off_text = strstr (semi, "offset:");
  size_text = strstr (semi, "size:");
  if (off_text == NULL || size_text == NULL)
    return FALSE;
  off = g_ascii_strtoull (off_text + 7, NULL, 10);
  sz = g_ascii_strtoull (size_text + 5, NULL, 10);
  if (off > 4096 || sz > 4096)
    return FALSE;
  /* The name is the last word of the declaration, before any [N]. */
  const char *end = semi;
  const char *bracket = memchr (decl, '[', semi - decl);
  if (bracket != NULL)
    end = bracket;
  start = end;
  while (start > decl && (g_ascii_isalnum (start[-1]) || start[-1] == '_'))
    start--;
  if (start == end)
    return FALSE;
  *name = g_strndup (start, end - start);
  *offset = (guint) off;
  *size = (guint) sz;
  return TRUE;
}

static gboolean
take_field (LadderTcpTraceFormat *format, const char *name, guint offset, guint size,
            guint *found, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (wanted_fields); i++)
    {
      const WantedField *w = &wanted_fields[i];

      if (strcmp (w->name, name) != 0)
        continue;
      if (size != w->size)
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                            "inet_sock_set_state: field %s has %u bytes, not %u",
                            name, size, w->size), FALSE;
      G_STRUCT_MEMBER (guint, format, w->offset) = offset;
      format->min_size = MAX (format->min_size, offset + size);
      *found |= 1u << i;
    }
  return TRUE;
}

gboolean
ladder_tcp_trace_format_parse (const char *text, LadderTcpTraceFormat *format, GError **error)
{
  g_auto(GStrv) lines = NULL;
  guint found = 0;
  gboolean have_id = FALSE;

  g_return_val_if_fail (text != NULL && format != NULL, FALSE);

  memset (format, 0, sizeof *format);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      guint offset, size;

      if (g_str_has_prefix (lines[i], "ID: "))
        {
          guint64 id;
          have_id = g_ascii_string_to_unsigned (lines[i] + 4, 10, 1, G_MAXUINT32, &id, NULL);
          format->id = (guint) id;
        }
      else if (parse_field_line (lines[i], &name, &offset, &size)
               && !take_field (format, name, offset, size, &found, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (wanted_fields); i++)
    if (!(found & (1u << i)))
      return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                          "inet_sock_set_state has no field %s", wanted_fields[i].name), FALSE;
  if (!have_id)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                        "inet_sock_set_state: no event ID in its format"), FALSE;
  return TRUE;
}

static guint32
host_u32 (const guint8 *raw, guint off)
{
  guint32 v;

  memcpy (&v, raw + off, 4);
  return v;
}

static guint16
host_u16 (const guint8 *raw, guint off)
{
  guint16 v;

  memcpy (&v, raw + off, 2);
  return v;
}

gboolean
ladder_tcp_trace_decode (const LadderTcpTraceFormat *format, const guint8 *raw, gsize len,
                         gint64 ts_ns, LadderTcpTraceRecord *out)
{
  guint16 family;
  guint32 old_state, new_state;

  g_return_val_if_fail (format != NULL && out != NULL, FALSE);

  if (raw == NULL || len < format->min_size)
    return FALSE;
  memset (out, 0, sizeof *out);
  family = host_u16 (raw, format->family_off);
  old_state = host_u32 (raw, format->oldstate_off);
  new_state = host_u32 (raw, format->newstate_off);
  if ((family != AF_INET && family != AF_INET6) || old_state > 255 || new_state > 255)
    return FALSE;
  out->ts_ns = ts_ns;
  memcpy (&out->skaddr, raw + format->skaddr_off, 8);
  out->pid = host_u32 (raw, format->pid_off);
  out->old_state = (guint8) old_state;
  out->new_state = (guint8) new_state;
  out->protocol = (guint8) host_u16 (raw, format->protocol_off);
  /* The tracepoint stores ports in host order (ntohs'd) and addresses as
   * on the wire. */
  out->sport = host_u16 (raw, format->sport_off);
  out->dport = host_u16 (raw, format->dport_off);
  if (family == AF_INET)
    {
      ladder_addr_set_v4 (&out->saddr, raw + format->saddr_off);
      ladder_addr_set_v4 (&out->daddr, raw + format->daddr_off);
    }
  else
    {
      ladder_addr_set_v6 (&out->saddr, raw + format->saddr_v6_off);
      ladder_addr_set_v6 (&out->daddr, raw + format->daddr_v6_off);
    }
  return TRUE;
}

/* ---- finding the event ---- */

static char *
read_event_file (const char *root, const char *name)
{
  g_autofree char *path = g_build_filename (root, EVENT_DIR, name, NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

/* The format from a mounted tracefs, else from one mounted for the moment
 * on a private directory (root only), unmounted again at once. */
static char *
read_format (GError **error)
{
  static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
  g_autofree char *dir = NULL;
  char *text;

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    if ((text = read_event_file (roots[i], "format")) != NULL)
      return text;
  dir = g_dir_make_tmp ("wireladder-tracefs-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  if (mount ("nodev", dir, "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL) < 0)
    {
      int saved = errno;
      g_rmdir (dir);
      g_set_error (error, G_IO_ERROR, saved == EPERM ? G_IO_ERROR_PERMISSION_DENIED : G_IO_ERROR_NOT_SUPPORTED,
                   "the tracepoint needs root outside a user namespace (tracefs is not mounted "
                   "and cannot be mounted here: %s)", g_strerror (saved));
      return NULL;
    }
  text = read_event_file (dir, "format");
  umount2 (dir, MNT_DETACH);
  g_rmdir (dir);
  if (text == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 "This kernel has no sock:inet_sock_set_state tracepoint");
  return text;
}

/* ---- perf ---- */

/* A sampling event of TYPE and CONFIG on CPU (a counting one when
 * SAMPLING is FALSE). */
static int
perf_open (guint32 type, guint64 config, int cpu, clockid_t clock, gboolean sampling)
{
  struct perf_event_attr attr = { 0 };

  attr.size = sizeof attr;
  attr.type = type;
  attr.config = config;
  if (sampling)
    {
      attr.sample_period = 1;
      attr.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_RAW;
      attr.wakeup_events = 1;
      attr.use_clockid = 1;
      attr.clockid = clock;
    }
  return (int) syscall (SYS_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

static gint64
clock_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* REALTIME - MONOTONIC, read between two monotonic reads and taken at
 * their middle. */
static gint64
measure_offset (void)
{
  gint64 a = clock_ns (CLOCK_MONOTONIC);
  gint64 r = clock_ns (CLOCK_REALTIME);
  gint64 b = clock_ns (CLOCK_MONOTONIC);

  return r - (a + (b - a) / 2);
}

/* Opens and maps CPU's event of TYPE and CONFIG: the tracepoint itself,
 * or the BPF output the program writes its copies to. */
static gboolean
open_cpu (LadderTcpTrace *trace, int cpu, guint32 type, guint64 config, GError **error)
{
  CpuBuffer buf = { -1, NULL, NULL, DATA_PAGES * trace->page_size, cpu };
  clockid_t clock = trace->realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC;

  buf.fd = perf_open (type, config, cpu, clock, TRUE);
  if (buf.fd < 0 && errno == EINVAL && trace->realtime && trace->cpus->len == 0)
    {
      /* A kernel that will not stamp this event with CLOCK_REALTIME. */
      trace->realtime = FALSE;
      trace->clock_offset = measure_offset ();
      buf.fd = perf_open (type, config, cpu, CLOCK_MONOTONIC, TRUE);
    }
  if (buf.fd < 0)
    {
      int saved = errno;
      if (saved == ENODEV || saved == ENOENT)
        return TRUE;  /* no such CPU (offline, or past the last) */
      return g_set_error (error, G_IO_ERROR,
                          saved == EACCES || saved == EPERM ? G_IO_ERROR_PERMISSION_DENIED
                                                            : g_io_error_from_errno (saved),
                          "perf_event_open(%s, cpu %d): %s%s",
                          type == PERF_TYPE_TRACEPOINT ? "sock:inet_sock_set_state" : "BPF output",
                          cpu, g_strerror (saved),
                          saved == EACCES || saved == EPERM
                          ? " (needs CAP_PERFMON or root outside a user namespace)" : ""), FALSE;
    }
  buf.base = mmap (NULL, trace->page_size + buf.size, PROT_READ | PROT_WRITE, MAP_SHARED, buf.fd, 0);
  if (buf.base == MAP_FAILED)
    {
      int saved = errno;
      close (buf.fd);
      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                          "mmap of the perf buffer: %s", g_strerror (saved)), FALSE;
    }
  buf.data = buf.base + trace->page_size;
  g_array_append_val (trace->cpus, buf);
  return TRUE;
}

static void
close_cpus (LadderTcpTrace *trace)
{
  for (guint i = 0; i < trace->cpus->len; i++)
    {
      CpuBuffer *buf = &g_array_index (trace->cpus, CpuBuffer, i);
      munmap (buf->base, trace->page_size + buf->size);
      close (buf->fd);
    }
  g_array_set_size (trace->cpus, 0);
}

/* Every record through the program (ladder-bpf-netns.h): a BPF output
 * event per CPU, and one counting event on the tracepoint to attach the
 * program to (a tracepoint's programs run on every CPU). */
static gboolean
open_with_program (LadderTcpTrace *trace, int n_cpus, GError **error)
{
  CpuBuffer *first;

  trace->netns = ladder_bpf_netns_new (&trace->format, (guint) n_cpus, error);
  if (trace->netns == NULL)
    return FALSE;
  trace->inum_off = ladder_bpf_netns_get_inum_offset (trace->netns);
  for (int cpu = 0; cpu < n_cpus; cpu++)
    {
      guint before = trace->cpus->len;
      if (!open_cpu (trace, cpu, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT, error))
        return FALSE;
      if (trace->cpus->len > before
          && !ladder_bpf_netns_set_output (trace->netns, (guint) cpu,
                                           g_array_index (trace->cpus, CpuBuffer, before).fd, error))
        return FALSE;
    }
  if (trace->cpus->len == 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                        "perf_event_open found no CPU for BPF output"), FALSE;
  first = &g_array_index (trace->cpus, CpuBuffer, 0);
  trace->attach_fd = perf_open (PERF_TYPE_TRACEPOINT, trace->format.id, first->cpu,
                                trace->realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC, FALSE);
  if (trace->attach_fd < 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                        "perf_event_open(sock:inet_sock_set_state): %s", g_strerror (errno)), FALSE;
  if (ioctl (trace->attach_fd, PERF_EVENT_IOC_SET_BPF, ladder_bpf_netns_get_prog_fd (trace->netns)) < 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "PERF_EVENT_IOC_SET_BPF: %s",
                        g_strerror (errno)), FALSE;
  return TRUE;
}

LadderTcpTrace *
ladder_tcp_trace_open (GError **error)
{
  g_autoptr(LadderTcpTrace) trace = g_new0 (LadderTcpTrace, 1);
  g_autoptr (GError) program_error = NULL;
  g_autofree char *format = NULL;
  long n_cpus = sysconf (_SC_NPROCESSORS_CONF);
  int n = MIN (MAX (n_cpus, 1), MAX_CPUS);

  trace->cpus = g_array_new (FALSE, FALSE, sizeof (CpuBuffer));
  trace->page_size = (gsize) sysconf (_SC_PAGESIZE);
  trace->realtime = TRUE;
  trace->attach_fd = -1;
  if ((format = read_format (error)) == NULL
      || !ladder_tcp_trace_format_parse (format, &trace->format, error))
    return NULL;
  if (open_with_program (trace, n, &program_error))
    return g_steal_pointer (&trace);

  /* The tracepoint's own samples, without namespaces. */
  trace->netns_error = g_strdup (program_error->message);
  if (trace->attach_fd >= 0)
    close (trace->attach_fd);
  trace->attach_fd = -1;
  close_cpus (trace);
  g_clear_pointer (&trace->netns, ladder_bpf_netns_free);
  for (int cpu = 0; cpu < n; cpu++)
    if (!open_cpu (trace, cpu, PERF_TYPE_TRACEPOINT, trace->format.id, error))
      return NULL;
  if (trace->cpus->len == 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                        "perf_event_open found no CPU to trace"), NULL;
  return g_steal_pointer (&trace);
}

void
ladder_tcp_trace_free (LadderTcpTrace *trace)
{
  if (trace == NULL)
    return;
  /* the tracepoint event first: closing it detaches the program */
  if (trace->attach_fd >= 0)
    close (trace->attach_fd);
  if (trace->cpus != NULL)
    close_cpus (trace);
  g_clear_pointer (&trace->cpus, g_array_unref);
  g_clear_pointer (&trace->netns, ladder_bpf_netns_free);
  g_free (trace->netns_error);
  g_free (trace);
}

guint
ladder_tcp_trace_get_n_fds (LadderTcpTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 0);

  return trace->cpus->len;
}

int
ladder_tcp_trace_get_fd (LadderTcpTrace *trace, guint index)
{
  g_return_val_if_fail (trace != NULL && index < trace->cpus->len, -1);

  return g_array_index (trace->cpus, CpuBuffer, index).fd;
}

/* Copies LEN bytes from the ring at POS, across its end if need be. */
static void
ring_copy (const CpuBuffer *buf, guint64 pos, void *dst, gsize len)
{
  gsize off = (gsize) (pos % buf->size);
  gsize first = MIN (len, buf->size - off);

  memcpy (dst, buf->data + off, first);
  memcpy ((guint8 *) dst + first, buf->data, len - first);
}

/* One PERF_RECORD_SAMPLE: u32 pid, u32 tid, u64 time, u32 size, raw
 * bytes.  The pid is the sample's: a BPF program on the tracepoint
 * overwrites the record's common_pid. */
static void
take_sample (LadderTcpTrace *trace, const guint8 *rec, gsize len, GArray *out)
{
  const gsize fixed = sizeof (struct perf_event_header) + 20;
  guint32 pid, raw_size;
  guint64 time;
  LadderTcpTraceRecord t;

  if (len < fixed)
    return;
  memcpy (&pid, rec + sizeof (struct perf_event_header), 4);
  memcpy (&time, rec + sizeof (struct perf_event_header) + 8, 8);
  memcpy (&raw_size, rec + sizeof (struct perf_event_header) + 16, 4);
  if (raw_size > len - fixed
      || !ladder_tcp_trace_decode (&trace->format, rec + fixed, raw_size,
                                   (gint64) time + trace->clock_offset, &t))
    return;
  t.pid = pid;
  if (trace->netns != NULL && raw_size >= trace->inum_off + 4)
    memcpy (&t.netns, rec + fixed + trace->inum_off, 4);
  g_array_append_val (out, t);
}

static void
read_cpu (LadderTcpTrace *trace, CpuBuffer *buf, GArray *out)
{
  struct perf_event_mmap_page *meta = (struct perf_event_mmap_page *) buf->base;
  guint64 head = __atomic_load_n (&meta->data_head, __ATOMIC_ACQUIRE);
  guint64 tail = meta->data_tail;
  guint8 rec[4096];

  while (tail + sizeof (struct perf_event_header) <= head)
    {
      struct perf_event_header h;

      ring_copy (buf, tail, &h, sizeof h);
      if (h.size < sizeof h || tail + h.size > head)
        break;
      if (h.size <= sizeof rec)
        {
          ring_copy (buf, tail, rec, h.size);
          if (h.type == PERF_RECORD_SAMPLE)
            take_sample (trace, rec, h.size, out);
          else if (h.type == PERF_RECORD_LOST && h.size >= sizeof h + 16)
            {
              guint64 lost;
              memcpy (&lost, rec + sizeof h + 8, 8);
              trace->lost += lost;
            }
        }
      tail += h.size;
    }
  __atomic_store_n (&meta->data_tail, tail, __ATOMIC_RELEASE);
}

static int
compare_transitions (gconstpointer a, gconstpointer b)
{
  const LadderTcpTraceRecord *x = a, *y = b;

  return x->ts_ns < y->ts_ns ? -1 : x->ts_ns > y->ts_ns;
}

guint
ladder_tcp_trace_read (LadderTcpTrace *trace, GArray *out)
{
  guint before;

  g_return_val_if_fail (trace != NULL && out != NULL, 0);

  before = out->len;
  for (guint i = 0; i < trace->cpus->len; i++)
    read_cpu (trace, &g_array_index (trace->cpus, CpuBuffer, i), out);
  if (out->len > before)
    g_array_sort (out, compare_transitions);
  return out->len - before;
}

const char *
ladder_tcp_trace_get_netns_error (LadderTcpTrace *trace)
{
  g_return_val_if_fail (trace != NULL, NULL);

  return trace->netns_error;
}

guint64
ladder_tcp_trace_get_lost (LadderTcpTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 0);

  return trace->lost;
}

const char *
ladder_tcp_trace_get_clock (LadderTcpTrace *trace)
{
  g_return_val_if_fail (trace != NULL, NULL);

  return trace->realtime ? "CLOCK_REALTIME" : "CLOCK_MONOTONIC + offset";
}
