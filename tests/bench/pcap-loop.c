/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pcap-loop.c: the bare libpcap baseline for the benchmark.
 *
 * Reads a capture with pcap_next_ex() and sums the captured lengths: the
 * least any reader of the file has to do.
 *
 *   pcap-loop FILE
 */

#include <pcap/pcap.h>
#include <inttypes.h>
#include <stdio.h>

int
main (int argc, char *argv[])
{
  char errbuf[PCAP_ERRBUF_SIZE];
  struct pcap_pkthdr *hdr;
  const u_char *data;
  uint64_t count = 0;
  uint64_t sum = 0;
  pcap_t *p;
  int rc;

  if (argc != 2)
    {
      fprintf (stderr, "usage: pcap-loop FILE\n");
      return 2;
    }
  p = pcap_open_offline (argv[1], errbuf);
  if (p == NULL)
    {
      fprintf (stderr, "pcap-loop: %s\n", errbuf);
      return 1;
    }
  while ((rc = pcap_next_ex (p, &hdr, &data)) == 1)
    {
      count++;
      sum += hdr->caplen;
    }
  if (rc == PCAP_ERROR)
    {
      fprintf (stderr, "pcap-loop: %s\n", pcap_geterr (p));
      pcap_close (p);
      return 1;
    }
  printf ("%" PRIu64 " packets, %" PRIu64 " bytes captured\n", count, sum);
  pcap_close (p);
  return 0;
}
