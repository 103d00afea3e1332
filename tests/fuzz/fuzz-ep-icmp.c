/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-ep-icmp.c: libFuzzer harness for the endpoints' ICMP parser (not built by meson).
 *
 * The first input byte picks what kind of socket handed the packet over
 * (bit 0: IPv6, bit 1: raw IPv4 with its IP header), the rest is the
 * packet, in an exact-size copy so that a read past it is caught.  The
 * descriptions ping and traceroute print are built from every result.
 * See tests/fuzz/README.md.
 */
#include <stdlib.h>
#include <string.h>

#include "ladder-ep-icmp.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput (const unsigned char *data, size_t size)
{
  EpIcmpMessage msg;
  unsigned char *copy;
  int family, with_ip;

  if (size < 1)
    return 0;
  family = (data[0] & 1) ? AF_INET6 : AF_INET;
  with_ip = family == AF_INET && (data[0] & 2);
  copy = malloc (size - 1 ? size - 1 : 1);
  memcpy (copy, data + 1, size - 1);
  if (ep_icmp_parse (copy, size - 1, family, with_ip, &msg) == 0)
    {
      if (msg.length > size - 1 || msg.length < 8)
        __builtin_trap ();
      (void) strlen (ep_icmp_describe (&msg));
      (void) strlen (ep_icmp_annotation (&msg));
    }
  free (copy);
  return 0;
}
