/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-filter.c: tcpdump's filter language over frames read by our reader.
 * Expected counts come from `tcpdump -nr FILE EXPRESSION | wc -l`. */
#include <glib.h>
#include <string.h>

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

/* "ether broadcast" has no meaning on Linux cooked interfaces: compiled
 * for both link types, the filter matches the Ethernet interface's IPv6
 * packets and says it matches nothing on the other, with libpcap's reason. */
static void
test_partial_linktypes (void)
{
  const guint32 types[] = { 1, 113 };
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderFilter) filter = ladder_filter_new_for_linktypes ("ether broadcast or ip6", types, 2, &error);
  g_autofree char *unmatched = NULL;
  const char *reason = NULL;

  g_assert_no_error (error);
  g_assert_true (ladder_filter_compiles_for (filter, 1, &reason));
  g_assert_false (ladder_filter_compiles_for (filter, 113, &reason));
  g_assert_nonnull (strstr (reason, "broadcast"));
  unmatched = ladder_filter_get_unmatched (filter);
  g_assert_nonnull (unmatched);
  g_assert_nonnull (strstr (unmatched, "LINKTYPE 113"));
  g_assert_nonnull (strstr (unmatched, "Linux cooked"));
  g_assert_null (strstr (unmatched, "LINKTYPE 1)"));
  /* Met later (a live capture's new interface): raw IP fails too. */
  g_assert_false (ladder_filter_compiles_for (filter, 101, NULL));
  g_clear_pointer (&unmatched, g_free);
  unmatched = ladder_filter_get_unmatched (filter);
  g_assert_nonnull (strstr (unmatched, "LINKTYPE 101"));
  /* tcpdump -r (Ethernet only) on interface 0: 14 IPv6 packets. */
  g_assert_cmpuint (count_matches ("mixed-linktypes.pcapng", "ether broadcast or ip6"), ==, 14);
}

/* Compiling for none of the link types is an error naming each one. */
static void
test_no_linktype (void)
{
  const guint32 types[] = { 113, 101 };
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderFilter) filter = ladder_filter_new_for_linktypes ("vlan", types, 2, &error);
  g_autoptr (LadderFilter) every = ladder_filter_new_for_linktypes ("vlan", (const guint32[]) { 1 }, 1, NULL);
  g_autoptr (LadderFilter) blank = ladder_filter_new_for_linktypes (" ", types, 2, NULL);

  g_assert_null (filter);
  g_assert_error (error, LADDER_FILTER_ERROR, LADDER_FILTER_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "LINKTYPE 113"));
  g_assert_nonnull (strstr (error->message, "LINKTYPE 101"));
  g_assert_nonnull (every);
  g_assert_null (ladder_filter_get_unmatched (every));
  g_assert_nonnull (blank);
  g_assert_true (ladder_filter_compiles_for (blank, 113, NULL));
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
  g_test_add_func ("/ladder/filter/partial-linktypes", test_partial_linktypes);
  g_test_add_func ("/ladder/filter/no-linktype", test_no_linktype);
  return g_test_run ();
}
