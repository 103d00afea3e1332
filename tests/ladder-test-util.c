/* ladder-test-util.c: see ladder-test-util.h. */
#include "ladder-test-util.h"

guint64
ladder_test_read_file (const char *path, LadderTestFrameFunc func, gpointer user_data, GError **error)
{
  g_autoptr (LadderReader) reader = NULL;
  LadderRecord record;
  LadderPacket pkt;
  LadderFrame frame = { 0 };

  reader = ladder_reader_open (path, error);
  if (reader == NULL)
    return 0;
  frame.pkt = &pkt;
  while (ladder_reader_next (reader, &record, error) > 0)
    {
      ladder_packet_decode (&pkt, record.linktype, record.data, record.caplen, record.wirelen, NULL);
      frame.number++;
      frame.ts_ns = record.ts_ns;
      frame.iface = record.iface;
      frame.data = record.data;
      func (&frame, user_data);
    }
  return frame.number;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
ladder_test_list_captures (const char *dir)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return files;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".pcap") || g_str_has_suffix (name, ".pcapng"))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (files, compare_strings);
  return files;
}
