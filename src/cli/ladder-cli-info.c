/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-info.c: `info`, what a capture holds (like capinfos). */
#include "ladder-cli.h"

#include "ladder-json.h"
#include "ladder-linktype.h"

typedef struct
{
  guint64 packets, bytes_captured, bytes_wire;
  guint64 truncated, malformed, unsupported, comments;
  gint64  first_ns, last_ns;
  GArray *iface_packets;  /* guint64 per interface */
} InfoRun;

static void
each_record (const LadderFrame *frame, const LadderRecord *record, LadderReader *reader, gpointer data)
{
  InfoRun *run = data;
  const LadderPacket *pkt = frame->pkt;

  if (run->packets == 0)
    run->first_ns = run->last_ns = frame->ts_ns;
  run->packets++;
  run->bytes_captured += record->caplen;
  run->bytes_wire += record->wirelen;
  run->first_ns = MIN (run->first_ns, frame->ts_ns);
  run->last_ns = MAX (run->last_ns, frame->ts_ns);
  if (record->caplen < record->wirelen)
    run->truncated++;
  if (pkt->status == LADDER_STATUS_MALFORMED)
    run->malformed++;
  else if (pkt->status == LADDER_STATUS_UNSUPPORTED)
    run->unsupported++;
  if (record->comment != NULL)
    run->comments++;
  if (record->iface >= run->iface_packets->len)
    g_array_set_size (run->iface_packets, record->iface + 1);
  g_array_index (run->iface_packets, guint64, record->iface)++;
}

static void
write_interfaces_json (LadderJson *json, LadderReader *reader, InfoRun *run)
{
  ladder_json_key (json, "interfaces");
  ladder_json_begin_array (json);
  for (guint i = 0; i < ladder_reader_get_n_interfaces (reader); i++)
    {
      const LadderInterface *iface = ladder_reader_get_interface (reader, i);
      ladder_json_begin_object (json);
      ladder_json_kv_uint (json, "index", i);
      ladder_json_kv_uint (json, "linktype", iface->linktype);
      ladder_json_kv_string (json, "linktype_name", ladder_linktype_name (iface->linktype));
      ladder_json_kv_bool (json, "supported", ladder_linktype_is_supported (iface->linktype));
      ladder_json_kv_uint (json, "snaplen", iface->snaplen);
      ladder_json_kv_string (json, "name", iface->name);
      ladder_json_kv_uint (json, "packets",
                           i < run->iface_packets->len ? g_array_index (run->iface_packets, guint64, i) : 0);
      ladder_json_end_object (json);
    }
  ladder_json_end_array (json);
}

static void
write_info_json (const LadderCliOptions *options, LadderReader *reader, InfoRun *run, GString *out)
{
  g_autoptr (LadderJson) json = ladder_json_new (options->pretty);

  ladder_json_begin_object (json);
  ladder_json_kv_string (json, "file", options->file);
  ladder_json_kv_string (json, "format",
                         ladder_reader_get_format (reader) == LADDER_FORMAT_PCAPNG ? "pcapng" : "pcap");
  ladder_json_kv_uint (json, "packets", run->packets);
  ladder_json_kv_uint (json, "bytes_captured", run->bytes_captured);
  ladder_json_kv_uint (json, "bytes_wire", run->bytes_wire);
  ladder_json_kv_double (json, "first", run->first_ns / 1e9, 9);
  ladder_json_kv_double (json, "last", run->last_ns / 1e9, 9);
  ladder_json_kv_double (json, "duration", (double) ladder_ns_between (run->first_ns, run->last_ns) / 1e9, 9);
  ladder_json_kv_uint (json, "truncated_packets", run->truncated);
  ladder_json_kv_uint (json, "malformed_packets", run->malformed);
  ladder_json_kv_uint (json, "unsupported_packets", run->unsupported);
  ladder_json_kv_uint (json, "comments", run->comments);
  ladder_json_kv_uint (json, "skipped_blocks", ladder_reader_get_skipped_blocks (reader));
  write_interfaces_json (json, reader, run);
  ladder_json_end_object (json);
  g_string_append (out, ladder_json_get_text (json));
  g_string_append_c (out, '\n');
}

static void
write_info_text (const LadderCliOptions *options, LadderReader *reader, InfoRun *run, GString *out)
{
  g_string_append_printf (out, "File:        %s\n", options->file);
  g_string_append_printf (out, "Format:      %s\n",
                          ladder_reader_get_format (reader) == LADDER_FORMAT_PCAPNG ? "pcapng" : "pcap");
  g_string_append_printf (out, "Packets:     %" G_GUINT64_FORMAT "\n", run->packets);
  g_string_append_printf (out, "Bytes:       %" G_GUINT64_FORMAT " on the wire, %" G_GUINT64_FORMAT " captured\n",
                          run->bytes_wire, run->bytes_captured);
  if (run->packets > 0)
    {
      g_autoptr (GDateTime) first = g_date_time_new_from_unix_utc (run->first_ns / 1000000000);
      g_autofree char *when = first ? g_date_time_format_iso8601 (first) : g_strdup ("?");
      g_string_append_printf (out, "First:       %s\n", when);
      g_string_append_printf (out, "Duration:    %.6f s\n", (double) ladder_ns_between (run->first_ns, run->last_ns) / 1e9);
    }
  g_string_append_printf (out, "Truncated:   %" G_GUINT64_FORMAT " packets cut short by the snapshot length\n",
                          run->truncated);
  g_string_append_printf (out, "Malformed:   %" G_GUINT64_FORMAT "\n", run->malformed);
  g_string_append_printf (out, "Unsupported: %" G_GUINT64_FORMAT "\n", run->unsupported);
  for (guint i = 0; i < ladder_reader_get_n_interfaces (reader); i++)
    {
      const LadderInterface *iface = ladder_reader_get_interface (reader, i);
      const char *name = ladder_linktype_name (iface->linktype);
      g_string_append_printf (out, "Interface %u: %s, link type %u (%s%s)%s, snaplen %u, %" G_GUINT64_FORMAT " packets\n",
                              i, iface->name ? iface->name : "-", iface->linktype, name ? name : "unknown",
                              ladder_linktype_is_supported (iface->linktype) ? "" : ", not decoded",
                              "", iface->snaplen,
                              i < run->iface_packets->len ? g_array_index (run->iface_packets, guint64, i) : 0);
    }
}

int
ladder_cli_info (const LadderCliOptions *options)
{
  /* Every sighting of a packet is a frame of its own here. */
  LadderCliOptions all = *options;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (LadderReader) reader = NULL;
  InfoRun run = { 0 };

  run.iface_packets = g_array_new (FALSE, TRUE, sizeof (guint64));
  all.keep_sightings = TRUE;
  if (!ladder_cli_read (&all, each_record, &run, &reader, &error) && ladder_cli_error_is_fatal (error))
    {
      g_array_unref (run.iface_packets);
      return ladder_cli_finish (options, NULL, error);
    }
  if (options->json)
    write_info_json (options, reader, &run, out);
  else
    write_info_text (options, reader, &run, out);
  g_array_unref (run.iface_packets);
  return ladder_cli_finish (options, out, error);
}
