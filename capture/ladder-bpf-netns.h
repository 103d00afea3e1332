/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-bpf-netns.h: which network namespace each sock:inet_sock_set_state
 * record's socket lives in.
 *
 * The tracepoint names no namespace, and the same addresses and ports
 * exist in every concurrent lab (and in any namespace of the machine).  A
 * small BPF program attached to the tracepoint copies each record, reads
 * the socket's sk->__sk_common.skc_net->ns.inum (the inode number
 * /proc/PID/ns/net shows) into the word after it, and writes both with
 * bpf_perf_event_output() to the current CPU's BPF output event, which
 * the reader opens and mmaps (ladder_bpf_netns_set_output()).
 *
 * The copy is also how every record arrives: this kernel's perf drops the
 * tracepoint's own samples when the state changes in softirq work done by
 * the idle task (a delayed ACK handled while the machine is quiet: the
 * FIN_WAIT1 -> FIN_WAIT2 of a client that closed first, seen missing with
 * `perf record` alike while ftrace and the program saw it).  The program
 * always returns 1: a tracepoint's BPF programs are shared by every perf
 * user of it, and a 0 would hide the record from all of them.
 *
 * The structure offsets come from the kernel's BTF (/sys/kernel/btf/vmlinux).
 * Needs what the tracepoint needs plus CAP_BPF (root in the initial user
 * namespace); where the kernel lacks BTF or refuses the program, the caller
 * goes on with the tracepoint's own samples, without namespaces, and says so.
 *
 * Attaching a BPF program to the tracepoint overwrites the first 8 bytes
 * of every record with a pointer (perf_trace_run_bpf_submit()), common_pid
 * among them: the copy zeroes them and the reader takes the pid from
 * PERF_SAMPLE_TID instead.
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

/* Loads the output map (N_CPUS entries) and the program for records laid
 * out as FORMAT says. */
LadderBpfNetns *ladder_bpf_netns_new  (const LadderTcpTraceFormat *format, guint n_cpus, GError **error);
void            ladder_bpf_netns_free (LadderBpfNetns *bn);
int             ladder_bpf_netns_get_prog_fd (LadderBpfNetns *bn);
/* Where, in each output record, the namespace inode (guint32; 0 where the
 * program could not read it) follows the tracepoint's record. */
guint           ladder_bpf_netns_get_inum_offset (LadderBpfNetns *bn);
/* Makes FD (a PERF_COUNT_SW_BPF_OUTPUT event on CPU) that CPU's output. */
gboolean        ladder_bpf_netns_set_output (LadderBpfNetns *bn, guint cpu, int fd, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderBpfNetns, ladder_bpf_netns_free)

G_END_DECLS
