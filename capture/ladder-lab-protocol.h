/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-protocol.h: the lines the lab helper and its client exchange
 * (capture/PROTOCOL.md).  Parsing is strict: length, key and value
 * character sets, no duplicates, `message` last. */
#pragma once

#include <glib.h>

#include "ladder-lab-client.h"

G_BEGIN_DECLS

#define LADDER_LAB_PROTOCOL_VERSION   1
#define LADDER_LAB_PROTOCOL_MAX_LINE  1024   /* with the newline */
#define LADDER_LAB_PROTOCOL_MAX_PAIRS 8

typedef struct
{
  char  word[24];
  guint n_pairs;
  char  keys[LADDER_LAB_PROTOCOL_MAX_PAIRS][17];
  char  values[LADDER_LAB_PROTOCOL_MAX_PAIRS][65];
  char *message;    /* the `message` value, or NULL */
} LadderLabMessage;

void        ladder_lab_message_clear (LadderLabMessage *msg);
/* LINE without its newline.  On FALSE, ERROR is LADDER_LAB_ERROR_PARAMS. */
gboolean    ladder_lab_message_parse (const char *line, LadderLabMessage *msg, GError **error);
/* The value of KEY, or NULL. */
const char *ladder_lab_message_get   (const LadderLabMessage *msg, const char *key);

/* `start` ↔ parameters.  Parsed strings point into MSG or static storage. */
char       *ladder_lab_message_format_start (const LadderLabParams *params);
gboolean    ladder_lab_message_parse_start  (const LadderLabMessage *msg, LadderLabParams *params,
                                             GError **error);

/* LadderLabError ↔ "unavailable", "helper", "params", "busy", "failed". */
const char *ladder_lab_error_code_to_string   (int code);
int         ladder_lab_error_code_from_string (const char *text);

/* A line (with its newline) for word WORD with an optional error CODE and
 * free MESSAGE (control characters become spaces; cut to fit). */
char       *ladder_lab_message_format (const char *word, const char *pairs, const char *message);

G_END_DECLS
