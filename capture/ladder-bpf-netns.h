/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-bpf-netns.h: which network namespace each sock:inet_sock_set_state
 * record's socket lives in.
 *
 * The tracepoint names no namespace, and the same addresses and ports
 * exist in every concurrent lab (and in any namespace of the machine).  A
 * small BPF program attached to the tracepoint reads the socket's
 * sk->__sk_common.skc_net->ns.inum (the inode number /proc/PID/ns/net
 * shows) and stores it in an LRU hash map under the record's identity
 * (socket address, states, ports); the reader looks each record up as it
 * reads it.  The program always returns 1: a tracepoint's BPF programs are
 * shared by every perf user of it, and a 0 would hide the record from all
 * of them (another lab's too).
 *
 * The structure offsets come from the kernel's BTF (/sys/kernel/btf/vmlinux).
 * Needs what the tracepoint needs plus CAP_BPF (root in the initial user
 * namespace); where the kernel lacks BTF or refuses the program, the caller
 * goes on without namespaces and says so.
 *
 * Attaching a BPF program to the tracepoint overwrites the first 8 bytes
 * of every record with a pointer (perf_trace_run_bpf_submit()), common_pid
 * among them: the reader takes the pid from PERF_SAMPLE_TID instead.
 */
#pragma once

#include <glib.h>

#include "ladder-tcp-trace.h"

G_BEGIN_DECLS

typedef struct _LadderBpfNetns LadderBpfNetns;

/* Offsets into the kernel's structures, from BTF. */
typedef struct
{
  guint sk_net_off;      /* struct sock → its struct net * */
  guint net_inum_off;    /* struct net → ns.inum */
} LadderBpfNetnsOffsets;

/* Parses BTF DATA (the format of /sys/kernel/btf/vmlinux). */
gboolean ladder_bpf_netns_offsets_parse (const guint8 *data, gsize len,
                                         LadderBpfNetnsOffsets *offsets, GError **error);

/* Loads the map and the program for records laid out as FORMAT says. */
LadderBpfNetns *ladder_bpf_netns_new  (const LadderTcpTraceFormat *format, GError **error);
void            ladder_bpf_netns_free (LadderBpfNetns *bn);
int             ladder_bpf_netns_get_prog_fd (LadderBpfNetns *bn);
/* The namespace inode of RECORD's socket, or 0 when the map has no entry
 * for it (evicted, or the program could not read it). */
guint32         ladder_bpf_netns_lookup (LadderBpfNetns *bn, const LadderTcpTraceRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderBpfNetns, ladder_bpf_netns_free)

G_END_DECLS
