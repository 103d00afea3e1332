/* ladder-cli-input.c: the read-decode loop every command shares. */
#include "ladder-cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ladder-sightings.h"

/* The lab records one packet on every link it crosses; the analyses count
 * it once (ladder-sightings.h).  Returns TRUE for a later sighting. */
static gboolean
is_later_sighting (LadderSightings **sightings, LadderReader *reader, const LadderFrame *frame)
{
  const LadderInterface *iface = ladder_reader_get_interface (reader, frame->iface);

  if (iface == NULL || !ladder_sightings_is_lab_interface (iface->description))
    return FALSE;
  if (*sightings == NULL)
    *sightings = ladder_sightings_new ();
  return ladder_sightings_add (*sightings, frame) != 0;
}

gboolean
ladder_cli_read (const LadderCliOptions *options,
                 LadderCliFrameFunc      func,
                 gpointer                user_data,
                 LadderReader          **reader_out,
                 GError                **error)
{
  g_autoptr (LadderReader) reader = NULL;
  g_autoptr (LadderSightings) sightings = NULL;
  LadderRecord record;
  LadderPacket pkt;
  LadderFrame frame = { 0 };
  int rc;

  reader = ladder_reader_open (options->file, error);
  if (reader == NULL)
    {
      /* Nothing was read: whatever the cause, there is no partial result to show. */
      if (error != NULL && *error != NULL && (*error)->domain == LADDER_READER_ERROR)
        (*error)->code = LADDER_READER_ERROR_FORMAT;
      return FALSE;
    }
  frame.pkt = &pkt;
  while ((rc = ladder_reader_next (reader, &record, error)) > 0)
    {
      ladder_packet_decode (&pkt, record.linktype, record.data, record.caplen, record.wirelen, NULL);
      frame.number++;
      frame.ts_ns = record.ts_ns;
      frame.iface = record.iface;
      frame.data = record.data;
      if (!options->keep_sightings && is_later_sighting (&sightings, reader, &frame))
        continue;
      func (&frame, &record, reader, user_data);
    }
  if (reader_out != NULL)
    *reader_out = g_steal_pointer (&reader);
  return rc == 0;
}

int
ladder_cli_finish (const LadderCliOptions *options, GString *text, GError *error)
{
  if (text != NULL && text->len > 0)
    {
      if (fwrite (text->str, 1, text->len, stdout) != text->len)
        {
          fprintf (stderr, "wireladder-cli: cannot write output: %s\n", g_strerror (errno));
          return LADDER_CLI_BAD_INPUT;
        }
    }
  fflush (stdout);
  if (error != NULL)
    {
      fprintf (stderr, "wireladder-cli: %s\n", error->message);
      return LADDER_CLI_BAD_INPUT;
    }
  return LADDER_CLI_OK;
}

gboolean
ladder_cli_error_is_fatal (const GError *error)
{
  return error == NULL
         || (!g_error_matches (error, LADDER_READER_ERROR, LADDER_READER_ERROR_TRUNCATED)
             && !g_error_matches (error, LADDER_READER_ERROR, LADDER_READER_ERROR_MALFORMED));
}
