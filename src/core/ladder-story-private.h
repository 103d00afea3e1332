/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-story-private.h: what the story's model (ladder-story.c) and its
 * narrator (ladder-story-caption.c) share. */
#pragma once

#include "ladder-story.h"

G_BEGIN_DECLS

enum
{
  STORY_PROTO_ICMP = LADDER_IPPROTO_ICMP,
  STORY_PROTO_TCP = LADDER_IPPROTO_TCP,
  STORY_PROTO_UDP = LADDER_IPPROTO_UDP,
  STORY_PROTO_ICMPV6 = LADDER_IPPROTO_ICMPV6,
};

/* What the narrator looks up while captioning, built once per story. */
typedef struct
{
  LadderCapture       *capture;
  LadderAnalysis      *analysis;
  LadderConversations *convs;
  gint64               origin_ns;
  gboolean             lab;
  GHashTable          *host_of;      /* LadderAddr* -> lab host name ("client") */
  GHashTable          *trace_probe;  /* frame -> const LadderTracerouteProbe * */
  GHashTable          *trace_reply;  /* reply frame -> const LadderTracerouteProbe * */
  GHashTable          *trace_run;    /* probe or reply frame -> const LadderTracerouteRun * */
  GHashTable          *ping_request; /* frame -> const LadderPingProbe * */
  GHashTable          *ping_answer;  /* reply or error frame -> const LadderPingProbe * */
  GHashTable          *last_ack;     /* conversation * 2 + dir -> relative ack + 1 */
  GHashTable          *udp_answered; /* conversation + 1 of UDP flows an ICMP error answered */
} LadderStoryContext;

void ladder_story_context_init  (LadderStoryContext *ctx, LadderCapture *capture,
                                 LadderAnalysis *analysis);
void ladder_story_context_clear (LadderStoryContext *ctx);

/* Fills STEP's caption and quiz; INDEX (0-based) seeds where the answer goes.
 * Steps are narrated in time order (the narrator remembers ACKs seen). */
void ladder_story_narrate (LadderStoryContext *ctx, LadderStoryStep *step, guint index,
                           gboolean call_blocks);

void ladder_story_quiz_free (LadderStoryQuiz *quiz);

G_END_DECLS
