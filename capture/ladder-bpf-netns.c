/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-bpf-netns.c: the namespace of each traced socket (see the header).
 *
 * BTF (Documentation/bpf/btf.rst): a header, then a type section of
 * struct btf_type records, each followed by kind-specific data, and a
 * string section.  Type ids count from 1 in section order.
 */
#include "ladder-bpf-netns.h"

#include <errno.h>
#include <gio/gio.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BTF_PATH     "/sys/kernel/btf/vmlinux"
#define BTF_MAGIC    0xeB9F
#define MAX_DEPTH    8      /* anonymous unions within unions */

enum
{
  KIND_INT = 1, KIND_PTR, KIND_ARRAY, KIND_STRUCT, KIND_UNION, KIND_ENUM, KIND_FWD,
  KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_FUNC, KIND_FUNC_PROTO,
  KIND_VAR, KIND_DATASEC, KIND_FLOAT, KIND_DECL_TAG, KIND_TYPE_TAG, KIND_ENUM64,
};

typedef struct
{
  const guint8 *types;     /* the type section */
  gsize         types_len;
  const char   *strings;
  gsize         strings_len;
  GArray       *offsets;   /* guint32: type id - 1 → its offset in types */
} Btf;

struct _LadderBpfNetns
{
  int   map_fd;      /* BPF_MAP_TYPE_PERF_EVENT_ARRAY: CPU → its output event */
  int   prog_fd;
  guint n_cpus;
  guint inum_off;    /* where the namespace inode follows the record */
};

/* ---- BTF ---- */

static guint32
u32_at (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return v;
}

/* Bytes of kind-specific data after a btf_type of KIND with VLEN entries;
 * -1 for a kind this reader does not know. */
static gssize
extra_size (guint kind, guint vlen)
{
  switch (kind)
    {
    case KIND_INT: case KIND_VAR: case KIND_DECL_TAG: return 4;
    case KIND_ARRAY: return 12;
    case KIND_STRUCT: case KIND_UNION: case KIND_DATASEC: case KIND_ENUM64: return 12 * (gssize) vlen;
    case KIND_ENUM: case KIND_FUNC_PROTO: return 8 * (gssize) vlen;
    case KIND_PTR: case KIND_FWD: case KIND_TYPEDEF: case KIND_VOLATILE: case KIND_CONST:
    case KIND_RESTRICT: case KIND_FUNC: case KIND_FLOAT: case KIND_TYPE_TAG: return 0;
    default: return -1;
    }
}

static gboolean
btf_index (Btf *btf, GError **error)
{
  gsize off = 0;

  while (off < btf->types_len)
    {
      guint32 info;
      gssize extra;

      if (btf->types_len - off < 12)
        break;
      info = u32_at (btf->types + off + 4);
      extra = extra_size ((info >> 24) & 0x1f, info & 0xffff);
      if (extra < 0 || (gsize) extra > btf->types_len - off - 12)
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                            "BTF: type %u of unknown kind %u", btf->offsets->len + 1, (info >> 24) & 0x1f), FALSE;
      g_array_append_val (btf->offsets, (guint32) { off });
      off += 12 + (gsize) extra;
    }
  return TRUE;
}

static gboolean
btf_open (Btf *btf, const guint8 *data, gsize len, GError **error)
{
  guint32 hdr_len, type_off, type_len, str_off, str_len;
  guint16 magic;

  memset (btf, 0, sizeof *btf);
  if (len < 24)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "BTF: too short"), FALSE;
  memcpy (&magic, data, 2);
  hdr_len = u32_at (data + 4);
  type_off = u32_at (data + 8);
  type_len = u32_at (data + 12);
  str_off = u32_at (data + 16);
  str_len = u32_at (data + 20);
  if (magic != BTF_MAGIC || hdr_len < 24 || hdr_len > len
      || type_off > len - hdr_len || type_len > len - hdr_len - type_off
      || str_off > len - hdr_len || str_len > len - hdr_len - str_off || str_len == 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "BTF: bad header"), FALSE;
  btf->types = data + hdr_len + type_off;
  btf->types_len = type_len;
  btf->strings = (const char *) data + hdr_len + str_off;
  btf->strings_len = str_len;
  btf->offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  return btf_index (btf, error);
}

static const guint8 *
btf_type (const Btf *btf, guint32 id)
{
  if (id == 0 || id > btf->offsets->len)
    return NULL;
  return btf->types + g_array_index (btf->offsets, guint32, id - 1);
}

static const char *
btf_name (const Btf *btf, guint32 name_off)
{
  if (name_off >= btf->strings_len || memchr (btf->strings + name_off, 0, btf->strings_len - name_off) == NULL)
    return "";
  return btf->strings + name_off;
}

/* ID with typedefs and qualifiers looked through. */
static guint32
btf_resolve (const Btf *btf, guint32 id)
{
  for (guint i = 0; i < 32; i++)
    {
      const guint8 *t = btf_type (btf, id);
      guint kind;

      if (t == NULL)
        return 0;
      kind = (u32_at (t + 4) >> 24) & 0x1f;
      if (kind != KIND_TYPEDEF && kind != KIND_VOLATILE && kind != KIND_CONST
          && kind != KIND_RESTRICT && kind != KIND_TYPE_TAG)
        return id;
      id = u32_at (t + 8);
    }
  return 0;
}

static guint32
btf_find_struct (const Btf *btf, const char *name)
{
  for (guint32 id = 1; id <= btf->offsets->len; id++)
    {
      const guint8 *t = btf_type (btf, id);
      if (((u32_at (t + 4) >> 24) & 0x1f) == KIND_STRUCT && strcmp (btf_name (btf, u32_at (t)), name) == 0)
        return id;
    }
  return 0;
}

/* Member NAME of struct or union ID, looked for inside anonymous members
 * too: its byte offset and type. */
static gboolean
btf_member (const Btf *btf, guint32 id, const char *name, guint depth, guint *offset, guint32 *type)
{
  const guint8 *t = btf_type (btf, btf_resolve (btf, id));
  guint32 info;

  if (t == NULL || depth > MAX_DEPTH)
    return FALSE;
  info = u32_at (t + 4);
  if (((info >> 24) & 0x1f) != KIND_STRUCT && ((info >> 24) & 0x1f) != KIND_UNION)
    return FALSE;
  for (guint i = 0; i < (info & 0xffff); i++)
    {
      const guint8 *m = t + 12 + 12 * i;
      guint32 bits = u32_at (m + 8) & ((info >> 31) ? 0xffffffu : 0xffffffffu);
      guint inner;

      if (u32_at (m) == 0 && btf_member (btf, u32_at (m + 4), name, depth + 1, &inner, type))
        {
          *offset = bits / 8 + inner;
          return TRUE;
        }
      if (strcmp (btf_name (btf, u32_at (m)), name) == 0)
        {
          *offset = bits / 8;
          *type = u32_at (m + 4);
          return TRUE;
        }
    }
  return FALSE;
}

/* The offset of a chain of members (NULL-terminated) from struct ROOT. */
static gboolean
btf_path (const Btf *btf, const char *root, const char *const *path, guint *offset, GError **error)
{
  guint32 id = btf_find_struct (btf, root);

  *offset = 0;
  for (guint i = 0; id != 0 && path[i] != NULL; i++)
    {
      guint off;
      if (!btf_member (btf, id, path[i], 0, &off, &id))
        id = 0;
      else
        *offset += off;
    }
  if (id == 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                        "BTF: struct %s has no %s", root, path[0]), FALSE;
  return TRUE;
}

gboolean
ladder_bpf_netns_offsets_parse (const guint8 *data, gsize len, LadderBpfNetnsOffsets *offsets,
                                GError **error)
{
  static const char *const sk_net[] = { "__sk_common", "skc_net", "net", NULL };
  static const char *const net_inum[] = { "ns", "inum", NULL };
  Btf btf;
  gboolean ok;

  g_return_val_if_fail (data != NULL && offsets != NULL, FALSE);

  if (!btf_open (&btf, data, len, error))
    {
      g_clear_pointer (&btf.offsets, g_array_unref);
      return FALSE;
    }
  ok = btf_path (&btf, "sock", sk_net, &offsets->sk_net_off, error)
       && btf_path (&btf, "net", net_inum, &offsets->net_inum_off, error);
  g_array_unref (btf.offsets);
  return ok;
}

/* ---- the program ---- */

static struct bpf_insn
insn (guint8 code, guint8 dst, guint8 src, gint16 off, gint32 imm)
{
  struct bpf_insn i = { .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };

  return i;
}

/* The stack: the record's copy (with the namespace inode after it) at
 * OUT_AT, the struct net pointer at NET_AT. */
#define FP        BPF_REG_10
#define NET_AT    (-8)

static gint16
out_at (guint inum_off)
{
  return (gint16) -(gint) (8 + inum_off + 8);
}

/* r6 = ctx; the record's words from 8 on copied to the stack (the first
 * eight bytes hold the kernel's pt_regs pointer: zeroed), and the inode
 * word zeroed. */
static void
emit_copy (GArray *p, guint inum_off)
{
  gint16 at = out_at (inum_off);

  g_array_append_val (p, ((struct bpf_insn) { .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_6,
                                              .src_reg = BPF_REG_1 }));
  g_array_append_val (p, ((struct bpf_insn) { .code = BPF_ST | BPF_MEM | BPF_DW, .dst_reg = FP, .off = at }));
  for (guint off = 8; off < inum_off; off += 8)
    {
      struct bpf_insn code[] = {
        insn (BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_6, (gint16) off, 0),
        insn (BPF_STX | BPF_MEM | BPF_DW, FP, BPF_REG_1, (gint16) (at + off), 0),
      };
      g_array_append_vals (p, code, G_N_ELEMENTS (code));
    }
  g_array_append_val (p, ((struct bpf_insn) { .code = BPF_ST | BPF_MEM | BPF_DW, .dst_reg = FP,
                                              .off = (gint16) (at + inum_off) }));
}

/* probe_read_kernel (fp + AT, SIZE, *(fp + FROM) + OFF), or, for FROM 0,
 * from the record's skaddr + OFF; on failure to the output. */
static void
emit_read (GArray *p, gint16 at, gint32 size, gint16 from, guint skaddr_off, gint32 off)
{
  struct bpf_insn code[] = {
    from != 0 ? insn (BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_3, FP, from, 0)
              : insn (BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_3, BPF_REG_6, (gint16) skaddr_off, 0),
    insn (BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_3, 0, 0, off),
    insn (BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, FP, 0, 0),
    insn (BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, at),
    insn (BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, size),
    insn (BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_probe_read_kernel),
    insn (BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 0 /* patched */, 0),
  };

  g_array_append_vals (p, code, G_N_ELEMENTS (code));
}

/* bpf_perf_event_output (ctx, map, BPF_F_CURRENT_CPU, fp + OUT_AT, SIZE). */
static void
emit_output (GArray *p, int map_fd, guint inum_off)
{
  struct bpf_insn code[] = {
    insn (BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_6, 0, 0),
    insn (BPF_LD | BPF_DW | BPF_IMM, BPF_REG_2, BPF_PSEUDO_MAP_FD, 0, map_fd),
    insn (0, 0, 0, 0, 0),
    insn (BPF_LD | BPF_DW | BPF_IMM, BPF_REG_3, 0, 0, (gint32) 0xffffffff),
    insn (0, 0, 0, 0, 0),
    insn (BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_4, FP, 0, 0),
    insn (BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_4, 0, 0, out_at (inum_off)),
    insn (BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_5, 0, 0, (gint32) (inum_off + 8)),
    insn (BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_perf_event_output),
  };

  g_array_append_vals (p, code, G_N_ELEMENTS (code));
}

/* Copies the record, reads skaddr->net->ns.inum after it (left 0 where a
 * read fails), outputs both, returns 1. */
static GArray *
build_program (const LadderTcpTraceFormat *f, const LadderBpfNetnsOffsets *o, int map_fd, guint inum_off)
{
  GArray *p = g_array_new (FALSE, FALSE, sizeof (struct bpf_insn));
  guint jumps[2];

  emit_copy (p, inum_off);
  emit_read (p, NET_AT, 8, 0, f->skaddr_off, (gint32) o->sk_net_off);
  jumps[0] = p->len - 1;
  emit_read (p, (gint16) (out_at (inum_off) + inum_off), 4, NET_AT, 0, (gint32) o->net_inum_off);
  jumps[1] = p->len - 1;
  for (guint i = 0; i < G_N_ELEMENTS (jumps); i++)
    g_array_index (p, struct bpf_insn, jumps[i]).off = (gint16) (p->len - jumps[i] - 1);
  emit_output (p, map_fd, inum_off);
  g_array_append_val (p, ((struct bpf_insn) { .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 }));
  g_array_append_val (p, ((struct bpf_insn) { .code = BPF_JMP | BPF_EXIT }));
  return p;
}

static int
sys_bpf (int cmd, union bpf_attr *attr)
{
  return (int) syscall (SYS_bpf, cmd, attr, sizeof *attr);
}

static int
create_map (guint n_cpus, GError **error)
{
  union bpf_attr attr;
  int fd;

  memset (&attr, 0, sizeof attr);
  attr.map_type = BPF_MAP_TYPE_PERF_EVENT_ARRAY;
  attr.key_size = 4;
  attr.value_size = 4;
  attr.max_entries = n_cpus;
  fd = sys_bpf (BPF_MAP_CREATE, &attr);
  if (fd < 0)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "BPF map: %s", g_strerror (errno));
  return fd;
}

static int
load_program (GArray *insns, GError **error)
{
  static char log[8192];
  union bpf_attr attr;
  int fd;

  memset (&attr, 0, sizeof attr);
  attr.prog_type = BPF_PROG_TYPE_TRACEPOINT;
  attr.insns = (guint64) (guintptr) insns->data;
  attr.insn_cnt = insns->len;
  attr.license = (guint64) (guintptr) "GPL";  /* probe_read_kernel is GPL-only */
  attr.log_buf = (guint64) (guintptr) log;
  attr.log_size = sizeof log;
  attr.log_level = 1;
  log[0] = '\0';
  fd = sys_bpf (BPF_PROG_LOAD, &attr);
  if (fd < 0)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "BPF program: %s%s%.300s",
                 g_strerror (errno), log[0] != '\0' ? ": " : "", log);
  return fd;
}

LadderBpfNetns *
ladder_bpf_netns_new (const LadderTcpTraceFormat *format, guint n_cpus, GError **error)
{
  g_autoptr (LadderBpfNetns) bn = g_new0 (LadderBpfNetns, 1);
  g_autofree guint8 *btf = NULL;
  g_autoptr (GArray) insns = NULL;
  LadderBpfNetnsOffsets offsets;
  gsize len = 0;

  g_return_val_if_fail (format != NULL && n_cpus > 0, NULL);

  bn->map_fd = bn->prog_fd = -1;
  bn->n_cpus = n_cpus;
  bn->inum_off = (format->min_size + 7) & ~7u;
  if (bn->inum_off + 16 > 256)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                        "inet_sock_set_state's records (%u bytes) are too long to copy", format->min_size), NULL;
  if (!g_file_get_contents (BTF_PATH, (char **) &btf, &len, error)
      || !ladder_bpf_netns_offsets_parse (btf, len, &offsets, error))
    return NULL;
  if ((bn->map_fd = create_map (n_cpus, error)) < 0)
    return NULL;
  insns = build_program (format, &offsets, bn->map_fd, bn->inum_off);
  if ((bn->prog_fd = load_program (insns, error)) < 0)
    return NULL;
  return g_steal_pointer (&bn);
}

void
ladder_bpf_netns_free (LadderBpfNetns *bn)
{
  if (bn == NULL)
    return;
  if (bn->prog_fd >= 0)
    close (bn->prog_fd);
  if (bn->map_fd >= 0)
    close (bn->map_fd);
  g_free (bn);
}

int
ladder_bpf_netns_get_prog_fd (LadderBpfNetns *bn)
{
  g_return_val_if_fail (bn != NULL, -1);

  return bn->prog_fd;
}

guint
ladder_bpf_netns_get_inum_offset (LadderBpfNetns *bn)
{
  g_return_val_if_fail (bn != NULL, 0);

  return bn->inum_off;
}

gboolean
ladder_bpf_netns_set_output (LadderBpfNetns *bn, guint cpu, int fd, GError **error)
{
  union bpf_attr attr;
  guint32 key = cpu, value = (guint32) fd;

  g_return_val_if_fail (bn != NULL && cpu < bn->n_cpus && fd >= 0, FALSE);

  memset (&attr, 0, sizeof attr);
  attr.map_fd = (guint32) bn->map_fd;
  attr.key = (guint64) (guintptr) &key;
  attr.value = (guint64) (guintptr) &value;
  attr.flags = BPF_ANY;
  if (sys_bpf (BPF_MAP_UPDATE_ELEM, &attr) < 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                        "BPF output of CPU %u: %s", cpu, g_strerror (errno)), FALSE;
  return TRUE;
}
