/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-events.c: libFuzzer harness for ladder_events_decode (not built by meson).
 *
 * The input is one Custom Block body (PEN first).  What decodes must
 * encode again and decode to the same event: the round trip the lab's
 * pcapng writer and the loader rely on.  See tests/fuzz/README.md.
 */
#include <string.h>

#include "ladder-events.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_strings (const char *s, gsize max)
{
  /* Decoded strings must be NUL-terminated inside their arrays. */
  if (memchr (s, '\0', max) == NULL)
    __builtin_trap ();
}

static void
round_trip (const LadderEvent *event)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  LadderEvent again;

  if (event->type == LADDER_EVENT_CALL)
    {
      check_strings (event->call.host, sizeof event->call.host);
      check_strings (event->call.program, sizeof event->call.program);
      check_strings (event->call.args, sizeof event->call.args);
      (void) ladder_call_kind_to_string (event->call.kind);
      ladder_events_encode_call (out, &event->call);
    }
  else
    {
      check_strings (event->state.host, sizeof event->state.host);
      check_strings (event->state.program, sizeof event->state.program);
      ladder_events_encode_state (out, &event->state);
    }
  if (!ladder_events_decode (out->data, out->len, &again) || again.type != event->type)
    __builtin_trap ();
  if (event->type == LADDER_EVENT_CALL
      && (again.call.ts_ns != event->call.ts_ns || again.call.result != event->call.result
          || strcmp (again.call.args, event->call.args) != 0))
    __builtin_trap ();
  if (event->type == LADDER_EVENT_STATE
      && (again.state.ts_ns != event->state.ts_ns
          || strcmp (again.state.program, event->state.program) != 0))
    __builtin_trap ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  guint8 *copy = g_memdup2 (data, size);   /* exact size: reads past it are caught */
  LadderEvent event;

  if (ladder_events_decode (copy, size, &event))
    round_trip (&event);
  else if (event.type != LADDER_EVENT_NONE)
    __builtin_trap ();
  g_free (copy);
  return 0;
}
