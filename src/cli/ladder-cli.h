/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli.h: wireladder-cli's commands and their shared input loop. */
#pragma once

#include <glib.h>

#include "ladder-frame.h"
#include "ladder-json.h"
#include "ladder-reader.h"

G_BEGIN_DECLS

typedef enum
{
  LADDER_CLI_OK = 0,
  LADDER_CLI_BAD_INPUT = 1,  /* unreadable or malformed input */
  LADDER_CLI_USAGE = 2,
} LadderCliStatus;

typedef struct
{
  const char *file;      /* path or "-" */
  gboolean    json;
  gboolean    verbose;
  gboolean    pretty;
  /* Deliver every sighting of a packet the lab saw on several links
   * (info, packets); the analyses leave out all but the first. */
  gboolean    keep_sightings;
} LadderCliOptions;

/* Called for each decoded record; READER is there for interface lookups. */
typedef void (*LadderCliFrameFunc) (const LadderFrame  *frame,
                                    const LadderRecord *record,
                                    LadderReader       *reader,
                                    gpointer            user_data);

/* Reads every record of OPTIONS->file, decodes it and calls FUNC.  Returns
 * FALSE with *error set when the file cannot be read to its end; the frames
 * before the problem have been delivered.  READER_OUT (may be NULL) keeps the
 * reader, for its interface list, even on error (NULL if it never opened). */
gboolean ladder_cli_read (const LadderCliOptions *options,
                          LadderCliFrameFunc      func,
                          gpointer                user_data,
                          LadderReader          **reader_out,
                          GError                **error);

/* Called by ladder_cli_read_decoded() with the next N_FRAMES decoded
 * records, in file order.  FRAMES[i].data may be NULL (decoded ahead in
 * another thread, the records' bytes are gone by then) except for IP
 * fragments, kept for reassembly. */
typedef void (*LadderCliBatchFunc) (const LadderFrame *frames,
                                    guint              n_frames,
                                    gpointer           user_data);

/* As ladder_cli_read(), for analyses that need only the decoded packets.
 * FUNC gets them in batches of a few hundred, on the calling thread.  When
 * a CPU core is free, reading and decoding run in a second thread, ahead
 * of FUNC, and for a regular file the calling thread takes a share of the
 * decoding, as much as keeps the two threads equally busy.
 * WIRELADDER_DECODE_SHARE=N fixes that share at N frames of each batch of
 * 256 (tests).  FLOW_RECORDS: FUNC reads of a plain packet only what a
 * LadderFlowRecord carries (the conversation and TCP analyses), and the
 * second thread hands those packets over packed. */
gboolean ladder_cli_read_decoded (const LadderCliOptions *options,
                                  gboolean                flow_records,
                                  LadderCliBatchFunc      func,
                                  gpointer                user_data,
                                  GError                **error);

/* Whether a second thread would find a free core: the machine has two or
 * more and its load leaves one.  WIRELADDER_DECODE_THREAD=0 or 1 decides
 * instead (tests, benchmarks). */
gboolean ladder_cli_second_core_free (void);
/* Whether the line of /proc/PID/stat STAT is of a process that would
 * compete for a core: running (R) at a nice value up to MY_NICE, and not
 * one of the kernel's own threads.  For ladder_cli_second_core_free() and
 * its tests. */
gboolean ladder_cli_stat_competes (const char *stat, int my_nice);

/* Two threads that hand work to each other, each kept on a core of its
 * own while they do (ladder-cli-cores.c).  ladder_cli_pair_begin() keeps
 * the calling thread on the core it is on; the helper thread it starts
 * then calls ladder_cli_pair_enter() to go to another.  Threads started
 * in between share the first core: end the pair before starting others.
 * Where the system allows no choice of cores, the three do nothing. */
typedef struct _LadderCliPair LadderCliPair;

LadderCliPair *ladder_cli_pair_begin (void);
void           ladder_cli_pair_enter (const LadderCliPair *pair);
/* Gives the calling thread back the cores it had before; frees PAIR. */
void           ladder_cli_pair_end   (LadderCliPair *pair);

/* Writes the values of items [first, last) of a big array into JSON. */
typedef void (*LadderCliItemsFunc) (LadderJson *json, guint first, guint last, gpointer user_data);

/* Writes items 0 .. N_ITEMS - 1 into the array JSON is in, through FUNC:
 * in blocks, formatted by this thread and a second one in turn when a core
 * is free, and added in order.  FALSE if writing to JSON's sink failed. */
gboolean ladder_cli_write_items (LadderJson *json, gboolean pretty, guint n_items,
                                 LadderCliItemsFunc func, gpointer user_data);

int ladder_cli_info          (const LadderCliOptions *options);
int ladder_cli_packets       (const LadderCliOptions *options);
int ladder_cli_conversations (const LadderCliOptions *options);
int ladder_cli_tcp           (const LadderCliOptions *options);
int ladder_cli_ping          (const LadderCliOptions *options);
int ladder_cli_traceroute    (const LadderCliOptions *options);
int ladder_cli_calls         (const LadderCliOptions *options);

/* Subcommands with their own argument parsing; ARGV[0] is the subcommand. */
int ladder_cli_lab_main    (int argc, char **argv);
/* In wireladder-render; wireladder-cli runs that with ladder_cli_render_exec(). */
int ladder_cli_render_main (int argc, char **argv);
int ladder_cli_render_exec (int argc, char **argv);
int ladder_cli_sockets_main (int argc, char **argv);
int ladder_cli_run_here_main (int argc, char **argv);
int ladder_cli_story_main  (int argc, char **argv);
int ladder_cli_notes_main  (int argc, char **argv);
int ladder_cli_note_main   (int argc, char **argv);

/* Loads FILE into CAPTURE for render and story: FALSE (message printed)
 * when nothing could be read; a file cut short loads with a warning. */
typedef struct _LadderCapture LadderCapture;
gboolean ladder_cli_load_capture (LadderCapture *capture, const char *file);

/* Where each packet of a lab capture died (ladder-losses.h), from a first
 * pass over FILE; NULL for other captures and standard input. */
typedef struct _LadderLosses LadderLosses;
LadderLosses *ladder_cli_find_losses (const LadderCliOptions *options);

/* TRUE when nothing useful was read (cannot open, not a capture). */
gboolean ladder_cli_error_is_fatal (const GError *error);

/* A mapped input file cut short by another process raises SIGBUS: this
 * makes it an error message and exit status 1 rather than a silent death. */
void ladder_cli_catch_sigbus (void);

/* Prints the output and, after it, the input error if any; returns the exit status. */
int ladder_cli_finish (const LadderCliOptions *options, GString *text, GError *error);

G_END_DECLS
