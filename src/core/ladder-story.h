/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-story.h: a capture told step by step (lecture mode).
 *
 * A story is the capture's events in time order, one step each: a packet
 * (its first sighting when the lab saw it on several links), a socket call
 * (its start, and its return as a step of its own when other events
 * happened while it blocked), or a kernel socket state change (a
 * LadderSocketState whose state differs from the previous record of that
 * socket).  Every step has a caption, written from the analysis for any
 * capture (lab or not, with or without calls) from one table of
 * translatable templates in ladder-story.c, and steps that answer
 * something (SYN-ACK, replies, ICMP errors, ACKs of data, a refused
 * connection's RST, a blocked recv()'s return, TCP states) carry a
 * "what happens next?" quiz.
 *
 * Shared by `wireladder-cli story`, `render --step` and the presenter
 * window.  GLib only.  A story may be built on any thread (it reads the
 * capture and an immutable analysis) and is not changed afterwards.
 */
#pragma once

#include <glib.h>

#include "ladder-capture.h"
#include "ladder-json.h"

G_BEGIN_DECLS

typedef enum
{
  LADDER_STORY_PACKET = 0,
  LADDER_STORY_CALL,         /* a socket call is entered */
  LADDER_STORY_CALL_RETURN,  /* a call that blocked returns */
  LADDER_STORY_STATE,        /* the kernel reports a socket in a new state */
} LadderStoryKind;

/* "packet", "call", "call" (the JSON's kind; "phase" tells them apart), "state". */
const char *ladder_story_kind_to_string (LadderStoryKind kind);

typedef struct
{
  char  *question;
  char **choices;      /* NULL-terminated, 3 or 4, distinct */
  guint  n_choices;
  guint  answer;       /* index of the right choice */
} LadderStoryQuiz;

typedef struct
{
  LadderStoryKind kind;
  gint64          ts_ns;
  guint64         packet;       /* frame number; 0 when not a packet */
  gint            call;         /* index in the capture's calls, or -1 */
  gint            state;        /* index in the capture's states, or -1 */
  gint            conversation; /* -1 when not known */
  char           *caption;
  LadderStoryQuiz *quiz;        /* NULL when the step has none */
} LadderStoryStep;

typedef struct _LadderStory LadderStory;

#define LADDER_STORY_ERROR (ladder_story_error_quark ())
GQuark ladder_story_error_quark (void);

typedef enum
{
  LADDER_STORY_ERROR_RANGE,   /* no such conversation */
} LadderStoryError;

/* CONVERSATION -1 tells every event; otherwise that conversation's packets
 * and the calls and states of its sockets.  NULL with ERROR when
 * CONVERSATION does not exist. */
LadderStory *ladder_story_new  (LadderCapture  *capture,
                                LadderAnalysis *analysis,
                                gint            conversation,
                                GError        **error);
void         ladder_story_free (LadderStory *story);

guint                  ladder_story_get_n_steps  (LadderStory *story);
const LadderStoryStep *ladder_story_get_step     (LadderStory *story, guint index);
/* Time 0 of the story: the capture's first packet (file order). */
gint64                 ladder_story_get_origin_ns (LadderStory *story);
/* The step that shows FRAME (0-based), or -1: where a presenter goes when
 * a packet is clicked.  A later sighting of a lab packet finds its first. */
gint                   ladder_story_find_packet  (LadderStory *story, guint64 frame);
/* The last packet shown at step INDEX (0-based), 0 before the first. */
guint64                ladder_story_get_last_packet (LadderStory *story, guint index);

/* {"steps":[{"step":1,"time":0.0,"kind":"packet|call|state","phase":"start|return"|null,
 *   "packet":3|null,"conversation":0|null,"caption":"...",
 *   "quiz":{"question","choices":[...],"answer":0}|null}]} */
void ladder_story_write_json (LadderStory *story, LadderJson *json);
/* One numbered caption per line. */
void ladder_story_write_text (LadderStory *story, GString *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderStory, ladder_story_free)

G_END_DECLS
