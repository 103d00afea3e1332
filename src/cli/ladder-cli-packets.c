/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-packets.c: `info` and `packets`. */
#include "ladder-cli.h"

#include <stdio.h>
#include <string.h>

#include "ladder-json.h"
#include "ladder-linktype.h"
#include "ladder-losses.h"
#include "ladder-sightings.h"
#include "ladder-tree.h"

typedef struct
{
  const LadderCliOptions *options;
  LadderJson *json;
  GString    *line;
  LadderTree *tree;
  gboolean    have_origin;
  gint64      origin_ns;
  LadderLosses *losses;      /* lab captures read from a file: where packets died */
} PacketsRun;

static void
format_time (gint64 ns, char buf[40])
{
  g_snprintf (buf, 40, "%s%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT,
              ns < 0 ? "-" : "", ABS (ns) / 1000000000, ABS (ns) % 1000000000);
}

static void
write_packet_json (PacketsRun *run, const LadderFrame *frame, const LadderRecord *record)
{
  const LadderPacket *pkt = frame->pkt;
  LadderJson *json = run->json;

  ladder_json_begin_object (json);
  ladder_json_kv_uint (json, "number", frame->number);
  ladder_json_key (json, "time");
  ladder_json_double (json, (double) ladder_ns_between (run->origin_ns, frame->ts_ns) / 1e9, 9);
  ladder_json_kv_int (json, "ts_ns", frame->ts_ns);
  ladder_json_kv_uint (json, "iface", frame->iface);
  ladder_json_kv_uint (json, "linktype", record->linktype);
  ladder_json_kv_uint (json, "caplen", pkt->caplen);
  ladder_json_kv_uint (json, "wirelen", pkt->wirelen);
  ladder_json_kv_string (json, "protocol", ladder_packet_protocol_name (pkt));
  ladder_json_kv_addr (json, "src", &pkt->src);
  ladder_json_kv_addr (json, "dst", &pkt->dst);
  if (pkt->layers & (LADDER_LAYER_TCP | LADDER_LAYER_UDP))
    {
      ladder_json_kv_uint (json, "sport", pkt->sport);
      ladder_json_kv_uint (json, "dport", pkt->dport);
    }
  if (pkt->ip_version != 0)
    ladder_json_kv_uint (json, "ttl", pkt->ttl);
  g_string_truncate (run->line, 0);
  ladder_packet_summary (pkt, run->line);
  ladder_json_kv_string (json, "summary", run->line->str);
  ladder_json_kv_string (json, "status", ladder_status_to_string (pkt->status));
  ladder_json_kv_string (json, "problem", pkt->problem);
  if (record->comment != NULL)
    ladder_json_kv_string (json, "comment", record->comment);
  if (run->losses != NULL && ladder_losses_lost_on (run->losses, frame->number) != NULL)
    ladder_json_kv_string (json, "lost_on", ladder_losses_lost_on (run->losses, frame->number));
  if (run->tree != NULL)
    {
      g_string_truncate (run->line, 0);
      ladder_tree_to_text (run->tree, run->line);
      ladder_json_kv_string (json, "tree", run->line->str);
    }
  ladder_json_end_object (json);
  if (frame->number % 256 == 0)
    ladder_json_flush (json, stdout);
}

static void
write_packet_text (PacketsRun *run, const LadderFrame *frame)
{
  const LadderPacket *pkt = frame->pkt;
  char tbuf[40], sbuf[LADDER_ADDR_STRLEN], dbuf[LADDER_ADDR_STRLEN];

  format_time (ladder_ns_between (run->origin_ns, frame->ts_ns), tbuf);
  g_string_truncate (run->line, 0);
  ladder_packet_summary (pkt, run->line);
  ladder_addr_to_string (&pkt->src, sbuf);
  ladder_addr_to_string (&pkt->dst, dbuf);
  printf ("%6" G_GUINT64_FORMAT "  %s  %-22s %-22s %-7s %5u  %s\n", frame->number, tbuf,
          sbuf[0] ? sbuf : "-", dbuf[0] ? dbuf : "-", ladder_packet_protocol_name (pkt),
          pkt->wirelen, run->line->str);
  if (run->tree != NULL)
    {
      g_string_truncate (run->line, 0);
      ladder_tree_to_text (run->tree, run->line);
      fputs (run->line->str, stdout);
      fputc ('\n', stdout);
    }
}

static void
each_packet (const LadderFrame *frame, const LadderRecord *record, LadderReader *reader, gpointer data)
{
  PacketsRun *run = data;
  LadderPacket detailed;
  LadderFrame copy;

  if (!run->have_origin)
    {
      run->have_origin = TRUE;
      run->origin_ns = frame->ts_ns;
      if (run->json == NULL)
        printf ("%6s  %-20s  %-22s %-22s %-7s %5s  %s\n", "No.", "Time", "Source", "Destination",
                "Proto", "Len", "Info");
    }
  if (run->tree != NULL)
    {
      ladder_tree_clear (run->tree);
      ladder_packet_decode (&detailed, record->linktype, record->data, record->caplen, record->wirelen, run->tree);
      copy = *frame;
      copy.pkt = &detailed;
      frame = &copy;
    }
  if (run->json != NULL)
    write_packet_json (run, frame, record);
  else
    write_packet_text (run, frame);
}

typedef struct
{
  LadderLosses *losses;
  guint         n_ifaces;    /* interfaces handed over so far */
  gboolean      lab;
} LossesPass;

static void
each_packet_for_losses (const LadderFrame *frame, const LadderRecord *record, LadderReader *reader,
                        gpointer data)
{
  LossesPass *pass = data;
  const LadderInterface *iface;

  while (pass->n_ifaces < ladder_reader_get_n_interfaces (reader))
    {
      iface = ladder_reader_get_interface (reader, pass->n_ifaces);
      ladder_losses_add_interface (pass->losses, pass->n_ifaces++, iface->name, iface->description);
      pass->lab = pass->lab || ladder_sightings_is_lab_interface (iface->description);
    }
  if (pass->lab)
    ladder_losses_add_frame (pass->losses, frame);
}

/* A first pass over a lab capture finds the packets that died on a link:
 * whether a packet reaches the next link is known only later in the file.
 * Standard input cannot be read twice, so it goes without. */
LadderLosses *
ladder_cli_find_losses (const LadderCliOptions *options)
{
  LossesPass pass = { ladder_losses_new (), 0, FALSE };
  LadderCliOptions all = *options;

  all.keep_sightings = TRUE;  /* every sighting tells where a packet got to */
  if (strcmp (options->file, "-") == 0
      || !ladder_cli_read (&all, each_packet_for_losses, &pass, NULL, NULL) || !pass.lab)
    {
      ladder_losses_free (pass.losses);
      return NULL;
    }
  ladder_losses_finish (pass.losses);
  return pass.losses;
}

int
ladder_cli_packets (const LadderCliOptions *options)
{
  /* Every sighting of a packet is a frame of its own here. */
  LadderCliOptions all = *options;
  g_autoptr (GError) error = NULL;
  PacketsRun run = { options, NULL, g_string_new (NULL), NULL, FALSE, 0 };
  int status;

  if (options->verbose)
    run.tree = ladder_tree_new ();
  if (options->json)
    {
      run.json = ladder_json_new (options->pretty);
      ladder_json_begin_object (run.json);
      ladder_json_key (run.json, "packets");
      ladder_json_begin_array (run.json);
    }
  all.keep_sightings = TRUE;
  if (run.json != NULL)
    run.losses = ladder_cli_find_losses (&all);
  if (!ladder_cli_read (&all, each_packet, &run, NULL, &error) && ladder_cli_error_is_fatal (error))
    {
      fflush (stdout);
      status = ladder_cli_finish (options, NULL, error);
      goto out;
    }
  if (run.json != NULL)
    {
      ladder_json_end_array (run.json);
      ladder_json_end_object (run.json);
      ladder_json_flush (run.json, stdout);
      fputc ('\n', stdout);
    }
  status = ladder_cli_finish (options, NULL, error);
out:
  g_string_free (run.line, TRUE);
  ladder_json_free (run.json);
  ladder_losses_free (run.losses);
  if (run.tree != NULL)
    ladder_tree_free (run.tree);
  return status;
}
