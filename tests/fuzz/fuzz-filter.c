/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-filter.c: libFuzzer harness for the packet filter (not built by meson).
 *
 * Input: one byte picking a link type (a file's link type can be any
 * 32-bit number, so the last choice takes the next four bytes raw), the
 * filter text up to the first newline, then one packet.  The text is
 * compiled for that link type and for Ethernet, the packet matched with
 * every compiled program, and the error texts built.  libpcap itself is
 * not instrumented: this looks at ladder-filter.c's handling of what
 * libpcap returns.  See tests/fuzz/README.md.
 */
#include <string.h>

#include "ladder-filter.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const guint32 linktypes[] = { 1, 0, 101, 12, 14, 113, 276, 228, 229, 9, 50, 108 };

static guint32
pick_linktype (const guint8 **p, size_t *left)
{
  guint8 choice = (*p)[0];
  guint32 linktype = 0;

  (*p)++, (*left)--;
  if (choice % (G_N_ELEMENTS (linktypes) + 1) < G_N_ELEMENTS (linktypes))
    return linktypes[choice % (G_N_ELEMENTS (linktypes) + 1)];
  for (guint i = 0; i < 4 && *left > 0; i++, (*p)++, (*left)--)
    linktype = linktype << 8 | (*p)[0];
  return linktype;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LadderFilter) filter = NULL;
  g_autofree char *expression = NULL, *unmatched = NULL, *described = NULL;
  g_autofree guint8 *packet = NULL;
  const guint8 *nl;
  guint32 types[2];
  size_t len;

  if (size < 1)
    return 0;
  types[0] = pick_linktype (&data, &size);
  types[1] = 1;
  nl = memchr (data, '\n', size);
  len = nl != NULL ? (size_t) (nl - data) : size;
  expression = g_strndup ((const char *) data, len);
  data += nl != NULL ? len + 1 : len;
  size -= nl != NULL ? len + 1 : len;
  packet = g_memdup2 (data, size);   /* exact size: over-reads are caught */
  described = ladder_filter_describe_linktype (types[0]);
  filter = ladder_filter_new_for_linktypes (expression, types, 2, &error);
  if ((filter == NULL) == (error == NULL))
    __builtin_trap ();
  if (filter == NULL)
    return 0;
  for (guint i = 0; i < 2; i++)
    {
      const char *reason = NULL;

      if (!ladder_filter_compiles_for (filter, types[i], &reason) && reason == NULL)
        __builtin_trap ();
      ladder_filter_matches (filter, types[i], packet, (guint32) size, (guint32) size + 4);
    }
  unmatched = ladder_filter_get_unmatched (filter);
  return 0;
}
