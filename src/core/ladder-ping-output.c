/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ping-output.c: JSON and text for LadderPing (schema in ladder-ping.h). */
#include "ladder-ping.h"

#include <math.h>

static void
write_rtt_json (LadderJson *json, const LadderPingSession *session)
{
  ladder_json_key (json, "rtt_ms");
  ladder_json_begin_object (json);
  ladder_json_kv_double (json, "min", session->rtt_count ? session->rtt_min_ms : NAN, 3);
  ladder_json_kv_double (json, "avg", session->rtt_count ? session->rtt_avg_ms : NAN, 3);
  ladder_json_kv_double (json, "max", session->rtt_count ? session->rtt_max_ms : NAN, 3);
  ladder_json_end_object (json);
}

static void
write_errors_json (LadderJson *json, const LadderPingSession *session)
{
  ladder_json_key (json, "errors");
  ladder_json_begin_array (json);
  for (guint i = 0; i < session->n_probes; i++)
    {
      const LadderPingProbe *probe = &session->probes[i];

      if (probe->error == 0)
        continue;
      ladder_json_begin_object (json);
      ladder_json_kv_uint (json, "seq", probe->seq);
      ladder_json_kv_string (json, "type", ladder_ping_error_type_to_string (probe->error_type));
      ladder_json_kv_string (json, "code",
                             ladder_icmp_error_code_name (session->ip_version,
                                                          probe->error_icmp_type,
                                                          probe->error_icmp_code));
      ladder_json_kv_addr (json, "from", &probe->error_from);
      ladder_json_kv_uint (json, "frame", probe->error);
      ladder_json_kv_uint (json, "request", probe->request);
      ladder_json_end_object (json);
    }
  ladder_json_end_array (json);
}

static void
kv_frame (LadderJson *json, LadderJsonKey key, guint64 number)
{
  ladder_json_key_quoted (json, key);
  if (number != 0)
    ladder_json_uint (json, number);
  else
    ladder_json_null (json);
}

static void
write_probe_json (LadderJson *json, const LadderPingProbe *probe)
{
  ladder_json_begin_object (json);
  ladder_json_kv_uint (json, "seq", probe->seq);
  kv_frame (json, LADDER_JSON_KEY ("request"), probe->request);
  kv_frame (json, LADDER_JSON_KEY ("reply"), probe->reply);
  ladder_json_kv_double (json, "rtt_ms", probe->rtt_ms, 3);
  if (probe->reply_lost_on != NULL)
    ladder_json_kv_string (json, "reply_lost_on", probe->reply_lost_on);
  if (probe->rtt_negative)
    ladder_json_kv_bool (json, "rtt_negative", TRUE);
  ladder_json_key (json, "ttl");
  if (probe->reply != 0)
    ladder_json_uint (json, probe->reply_ttl);
  else
    ladder_json_null (json);
  ladder_json_kv_uint (json, "duplicates", probe->duplicates);
  kv_frame (json, LADDER_JSON_KEY ("error"), probe->error);
  ladder_json_end_object (json);
}

static void
write_session_json (LadderJson *json, const LadderPingSession *session)
{
  ladder_json_begin_object (json);
  ladder_json_kv_string (json, "family", session->ip_version == 6 ? "ipv6" : "ipv4");
  ladder_json_kv_addr (json, "src", &session->src);
  ladder_json_kv_addr (json, "dst", &session->dst);
  ladder_json_kv_uint (json, "id", session->id);
  ladder_json_kv_uint (json, "requests", session->requests);
  ladder_json_kv_uint (json, "replies", session->replies);
  ladder_json_kv_uint (json, "lost", session->lost);
  ladder_json_kv_uint (json, "duplicates", session->duplicates);
  ladder_json_kv_uint (json, "orphan_replies", session->orphan_replies);
  write_rtt_json (json, session);
  write_errors_json (json, session);
  ladder_json_key (json, "probes");
  ladder_json_begin_array (json);
  for (guint i = 0; i < session->n_probes; i++)
    write_probe_json (json, &session->probes[i]);
  ladder_json_end_array (json);
  ladder_json_end_object (json);
}

void
ladder_ping_write_json (LadderPing *ping, LadderJson *json)
{
  g_return_if_fail (ping != NULL);
  g_return_if_fail (json != NULL);

  ladder_json_begin_object (json);
  ladder_json_key (json, "sessions");
  ladder_json_begin_array (json);
  for (guint i = 0; i < ladder_ping_get_n_sessions (ping); i++)
    write_session_json (json, ladder_ping_get_session (ping, i));
  ladder_json_end_array (json);
  ladder_json_end_object (json);
}

static void
write_session_header (GString *out, const LadderPingSession *session)
{
  char src[LADDER_ADDR_STRLEN], dst[LADDER_ADDR_STRLEN];

  g_string_append_printf (out, "%s → %s id %u: %u sent, %u received",
                          ladder_addr_to_string (&session->src, src),
                          ladder_addr_to_string (&session->dst, dst),
                          session->id, session->requests, session->replies);
  if (session->duplicates > 0)
    g_string_append_printf (out, ", +%u duplicates", session->duplicates);
  if (session->errors > 0)
    g_string_append_printf (out, ", +%u errors", session->errors);
  if (session->requests > 0)
    g_string_append_printf (out, ", %g%% loss",
                            session->lost * 100.0 / session->requests);
  if (session->rtt_count > 0)
    g_string_append_printf (out, ", rtt min/avg/max = %.3f/%.3f/%.3f ms",
                            session->rtt_min_ms, session->rtt_avg_ms, session->rtt_max_ms);
  if (session->orphan_replies > 0)
    g_string_append_printf (out, " (%u replies without a captured request)",
                            session->orphan_replies);
  g_string_append_c (out, '\n');
}

static void
write_probe_text (GString *out, const LadderPingSession *session, const LadderPingProbe *probe)
{
  char from[LADDER_ADDR_STRLEN];

  g_string_append_printf (out, "  seq %-5u", probe->seq);
  if (probe->request != 0)
    g_string_append_printf (out, " #%" G_GUINT64_FORMAT, probe->request);
  else
    g_string_append (out, " (request not captured)");
  if (probe->reply != 0)
    {
      g_string_append_printf (out, " → #%" G_GUINT64_FORMAT " ttl %u", probe->reply, probe->reply_ttl);
      if (!isnan (probe->rtt_ms))
        g_string_append_printf (out, " time %.3f ms%s", probe->rtt_ms,
                                probe->rtt_negative ? " (negative: timestamps out of order)" : "");
      if (probe->reply_lost_on != NULL)
        g_string_append_printf (out, " lost on %s after capture: ping got no reply", probe->reply_lost_on);
    }
  if (probe->duplicates > 0)
    g_string_append_printf (out, " (+%u duplicate%s)", probe->duplicates,
                            probe->duplicates > 1 ? "s" : "");
  if (probe->error != 0)
    g_string_append_printf (out, " %s (%s) from %s #%" G_GUINT64_FORMAT,
                            ladder_ping_error_type_to_string (probe->error_type),
                            ladder_icmp_error_code_name (session->ip_version,
                                                         probe->error_icmp_type,
                                                         probe->error_icmp_code),
                            ladder_addr_to_string (&probe->error_from, from), probe->error);
  else if (probe->reply == 0)
    g_string_append (out, " no reply");
  g_string_append_c (out, '\n');
}

void
ladder_ping_write_text (LadderPing *ping, GString *out)
{
  guint n;

  g_return_if_fail (ping != NULL);
  g_return_if_fail (out != NULL);

  n = ladder_ping_get_n_sessions (ping);
  if (n == 0)
    g_string_append (out, "no ping sessions\n");
  for (guint i = 0; i < n; i++)
    {
      const LadderPingSession *session = ladder_ping_get_session (ping, i);

      if (i > 0)
        g_string_append_c (out, '\n');
      write_session_header (out, session);
      for (guint j = 0; j < session->n_probes; j++)
        write_probe_text (out, session, &session->probes[j]);
    }
  if (ladder_ping_get_n_unmatched_errors (ping) > 0)
    g_string_append_printf (out, "%u ICMP errors about echo requests matched no captured request\n",
                            ladder_ping_get_n_unmatched_errors (ping));
}
