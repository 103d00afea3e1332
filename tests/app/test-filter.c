/* test-filter.c: tcpdump's filter language over frames read by our reader.
 * Expected counts come from `tcpdump -nr FILE EXPRESSION | wc -l`. */
#include <glib.h>

#include "ladder-filter.h"
#include "ladder-reader.h"

static guint
count_matches (const char *name, const char *expression)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderReader) reader = ladder_reader_open (path, &error);
  g_autoptr (LadderFilter) filter = NULL;
  LadderRecord record;
  guint n = 0;
  int rc;

  g_assert_no_error (error);
  while ((rc = ladder_reader_next (reader, &record, &error)) > 0)
    {
      if (filter == NULL)
        {
          filter = ladder_filter_new (expression, record.linktype, &error);
          g_assert_no_error (error);
        }
      if (ladder_filter_matches (filter, record.linktype, record.data, record.caplen, record.wirelen))
        n++;
    }
  g_assert_no_error (error);
  g_assert_cmpint (rc, ==, 0);
  return n;
}

static void
test_counts (void)
{
  g_assert_cmpuint (count_matches ("tcp-echo-v4.pcap", ""), ==, 14);
  g_assert_cmpuint (count_matches ("tcp-echo-v4.pcap", "   "), ==, 14);
  g_assert_cmpuint (count_matches ("tcp-echo-v4.pcap", "tcp[tcpflags] & tcp-syn != 0"), ==, 2);
  g_assert_cmpuint (count_matches ("tcp-echo-v4.pcap", "udp"), ==, 0);
  g_assert_cmpuint (count_matches ("tcp-echo-sll.pcap", "tcp[tcpflags] & tcp-syn != 0"), ==, 2);
  g_assert_cmpuint (count_matches ("tcp-echo-sll2.pcap", "tcp[tcpflags] & tcp-syn != 0"), ==, 2);
  g_assert_cmpuint (count_matches ("tcp-echo-vlan.pcap", "vlan and tcp"), ==, 14);
}

/* Interface 0 is Ethernet carrying IPv6, interface 1 Linux cooked carrying
 * IPv4: one program per link type. */
static void
test_mixed_linktypes (void)
{
  g_assert_cmpuint (count_matches ("mixed-linktypes.pcapng", "ip6"), ==, 14);
  g_assert_cmpuint (count_matches ("mixed-linktypes.pcapng", "ip"), ==, 14);
  g_assert_cmpuint (count_matches ("mixed-linktypes.pcapng", "tcp"), ==, 28);
}

static void
test_syntax_error (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderFilter) filter = ladder_filter_new ("tcp port seven", 1, &error);

  g_assert_null (filter);
  g_assert_error (error, LADDER_FILTER_ERROR, LADDER_FILTER_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "seven"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/filter/counts", test_counts);
  g_test_add_func ("/ladder/filter/mixed-linktypes", test_mixed_linktypes);
  g_test_add_func ("/ladder/filter/syntax-error", test_syntax_error);
  return g_test_run ();
}
