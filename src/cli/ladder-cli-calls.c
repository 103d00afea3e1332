/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-calls.c: `calls`, every socket call the lab recorded.
 *
 * The calls travel in the capture's Custom Blocks (ladder-events.h); they
 * are listed in the order they were entered, timed like `packets` from the
 * first packet (calls made before it, socket() and bind() usually, have
 * negative times).
 */
#include "ladder-cli.h"

#include <stdio.h>
#include <string.h>

#include "ladder-capture.h"
#include "ladder-json.h"
#include "ladder-load.h"

static gint
compare_call_time (gconstpointer a, gconstpointer b, gpointer data)
{
  LadderCapture *capture = data;
  const LadderSocketCall *x = ladder_capture_get_call (capture, *(const guint *) a);
  const LadderSocketCall *y = ladder_capture_get_call (capture, *(const guint *) b);

  if (x->ts_ns != y->ts_ns)
    return x->ts_ns < y->ts_ns ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

/* The time origin: the first packet, or the first call when there is none. */
static gint64
time_origin (LadderCapture *capture, const guint *order, guint n)
{
  LadderFrameInfo info;

  if (ladder_capture_get_frame (capture, 1, &info))
    return info.ts_ns;
  return n > 0 ? ladder_capture_get_call (capture, order[0])->ts_ns : 0;
}

/* The event decoder fills the fixed-size strings without a promise of a
 * terminating NUL when they are full. */
typedef struct
{
  char host[sizeof ((LadderSocketCall *) 0)->host + 1];
  char program[sizeof ((LadderSocketCall *) 0)->program + 1];
  char args[sizeof ((LadderSocketCall *) 0)->args + 1];
} CallStrings;

static void
call_strings (const LadderSocketCall *c, CallStrings *s)
{
  g_strlcpy (s->host, c->host, MIN (sizeof s->host, strnlen (c->host, sizeof c->host) + 1));
  g_strlcpy (s->program, c->program, MIN (sizeof s->program, strnlen (c->program, sizeof c->program) + 1));
  g_strlcpy (s->args, c->args, MIN (sizeof s->args, strnlen (c->args, sizeof c->args) + 1));
}

/* The socket's addresses as the call knew them, or null. */
static void
write_endpoint (LadderJson *json, LadderJsonKey key, const LadderAddr *addr, guint16 port)
{
  ladder_json_key_quoted (json, key);
  if (addr->family == 0)
    {
      ladder_json_null (json);
      return;
    }
  ladder_json_begin_object (json);
  ladder_json_kv_addr (json, "addr", addr);
  ladder_json_kv_uint (json, "port", port);
  ladder_json_end_object (json);
}

static void
write_call_json (LadderJson *json, const LadderSocketCall *c, gint64 origin)
{
  CallStrings s;

  call_strings (c, &s);
  ladder_json_begin_object (json);
  ladder_json_kv_double (json, "time", (double) ladder_ns_between (origin, c->ts_ns) / 1e9, 9);
  ladder_json_kv_string (json, "host", s.host);
  ladder_json_kv_string (json, "program", s.program);
  ladder_json_kv_uint (json, "pid", c->pid);
  ladder_json_kv_int (json, "fd", c->fd);
  ladder_json_kv_string (json, "call", ladder_socket_call_name (c));
  ladder_json_kv_string (json, "kind", ladder_call_kind_to_string ((LadderCallKind) c->kind));
  ladder_json_kv_string (json, "args", s.args);
  ladder_json_kv_int (json, "result", c->result);
  ladder_json_kv_string (json, "errno", c->result < 0 ? ladder_errno_name (c->err) : NULL);
  ladder_json_kv_double (json, "duration_ms", (double) MAX (c->duration_ns, 0) / 1e6, 6);
  write_endpoint (json, LADDER_JSON_KEY ("local"), &c->local_addr, c->local_port);
  write_endpoint (json, LADDER_JSON_KEY ("peer"), &c->peer_addr, c->peer_port);
  ladder_json_end_object (json);
}

static void
write_call_text (GString *out, const LadderSocketCall *c, gint64 origin)
{
  const char *err = c->result < 0 ? ladder_errno_name (c->err) : NULL;
  g_autofree char *call = NULL;
  CallStrings s;

  call_strings (c, &s);
  call = g_strdup_printf ("%s(%s) = %" G_GINT64_FORMAT "%s%s",
                          ladder_socket_call_name (c), s.args, c->result,
                          err ? " " : "", err ? err : "");

  g_string_append_printf (out, "%12.6f  %-8s %-20s %7u %4d  %10.3f  %s\n",
                          (double) ladder_ns_between (origin, c->ts_ns) / 1e9, s.host, s.program, c->pid, c->fd,
                          (double) MAX (c->duration_ns, 0) / 1e6, call);
}

static void
write_calls (const LadderCliOptions *options, LadderCapture *capture, GString *out)
{
  guint n = ladder_capture_get_n_calls (capture);
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  g_autoptr (LadderJson) json = options->json ? ladder_json_new (options->pretty) : NULL;
  gint64 origin;

  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof (guint), compare_call_time, capture);
  origin = time_origin (capture, order, n);
  if (json != NULL)
    {
      ladder_json_begin_object (json);
      ladder_json_key (json, "calls");
      ladder_json_begin_array (json);
      for (guint i = 0; i < n; i++)
        write_call_json (json, ladder_capture_get_call (capture, order[i]), origin);
      ladder_json_end_array (json);
      ladder_json_end_object (json);
      g_string_append (out, ladder_json_get_text (json));
      g_string_append_c (out, '\n');
      return;
    }
  g_string_append_printf (out, "%12s  %-8s %-20s %7s %4s  %10s  %s\n", "Time", "Host", "Program",
                          "PID", "FD", "Blocked ms", "Call");
  for (guint i = 0; i < n; i++)
    write_call_text (out, ladder_capture_get_call (capture, order[i]), origin);
  g_string_append_printf (out, "%u socket call%s\n", n, n == 1 ? "" : "s");
}

int
ladder_cli_calls (const LadderCliOptions *options)
{
  g_autoptr (LadderCapture) capture = ladder_capture_new ();
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  if (!ladder_load_file (capture, options->file, NULL, NULL, NULL, &error)
      && (ladder_capture_get_n_frames (capture) == 0 || ladder_cli_error_is_fatal (error)))
    return ladder_cli_finish (options, NULL, error);
  write_calls (options, capture, out);
  return ladder_cli_finish (options, out, error);
}
