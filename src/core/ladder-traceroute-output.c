/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-traceroute-output.c: JSON and text for LadderTraceroute
 * (schema in ladder-traceroute.h). */
#include "ladder-traceroute.h"

#include <math.h>

static void
write_probe_json (LadderJson *json, const LadderTracerouteProbe *probe)
{
  gboolean answered = probe->reply != 0;

  ladder_json_begin_object (json);
  ladder_json_kv_uint (json, "probe", probe->probe);
  ladder_json_key (json, "reply");
  if (answered)
    ladder_json_uint (json, probe->reply);
  else
    ladder_json_null (json);
  ladder_json_kv_addr (json, "responder", &probe->responder);
  ladder_json_kv_double (json, "rtt_ms", answered ? probe->rtt_ms : NAN, 3);
  ladder_json_kv_string (json, "reply_type", ladder_traceroute_reply_to_string (probe->reply_type));
  if (probe->rtt_negative)
    ladder_json_kv_bool (json, "rtt_negative", TRUE);
  if (probe->reply_lost_on != NULL)
    ladder_json_kv_string (json, "reply_lost_on", probe->reply_lost_on);
  ladder_json_end_object (json);
}

static void
write_run_json (LadderJson *json, const LadderTracerouteRun *run)
{
  ladder_json_begin_object (json);
  ladder_json_kv_string (json, "method", ladder_traceroute_method_to_string (run->method));
  ladder_json_kv_string (json, "family", run->ip_version == 6 ? "ipv6" : "ipv4");
  ladder_json_kv_addr (json, "src", &run->src);
  ladder_json_kv_addr (json, "dst", &run->dst);
  ladder_json_kv_bool (json, "reached", run->reached);
  ladder_json_kv_uint (json, "first_ttl", run->first_ttl);
  ladder_json_kv_uint (json, "max_ttl", run->max_ttl);
  ladder_json_kv_uint (json, "probes_past_end", run->probes_past_end);
  ladder_json_key (json, "hops");
  ladder_json_begin_array (json);
  for (guint i = 0; i < run->n_hops; i++)
    {
      const LadderTracerouteHop *hop = &run->hops[i];

      ladder_json_begin_object (json);
      ladder_json_kv_uint (json, "ttl", hop->ttl);
      ladder_json_key (json, "probes");
      ladder_json_begin_array (json);
      for (guint j = 0; j < hop->n_probes; j++)
        write_probe_json (json, &hop->probes[j]);
      ladder_json_end_array (json);
      ladder_json_end_object (json);
    }
  ladder_json_end_array (json);
  ladder_json_end_object (json);
}

void
ladder_traceroute_write_json (LadderTraceroute *trace, LadderJson *json)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (json != NULL);

  ladder_json_begin_object (json);
  ladder_json_key (json, "traceroutes");
  ladder_json_begin_array (json);
  for (guint i = 0; i < ladder_traceroute_get_n_runs (trace); i++)
    write_run_json (json, ladder_traceroute_get_run (trace, i));
  ladder_json_end_array (json);
  ladder_json_end_object (json);
}

/* traceroute's marks after an RTT: !N !H !P !X, or !<code>. */
static void
append_mark (GString *out, const LadderTracerouteProbe *probe)
{
  switch (probe->reply_type)
    {
    case LADDER_TRACEROUTE_REPLY_NET_UNREACHABLE:      g_string_append (out, " !N"); break;
    case LADDER_TRACEROUTE_REPLY_HOST_UNREACHABLE:     g_string_append (out, " !H"); break;
    case LADDER_TRACEROUTE_REPLY_PROTOCOL_UNREACHABLE: g_string_append (out, " !P"); break;
    case LADDER_TRACEROUTE_REPLY_PROHIBITED:           g_string_append (out, " !X"); break;
    case LADDER_TRACEROUTE_REPLY_UNREACHABLE:
      g_string_append_printf (out, " !%u", probe->reply_icmp_code);
      break;
    default:
      break;
    }
}

/* As traceroute prints a hop: the responder before the first RTT and again
 * whenever it changes; " *" for an unanswered probe. */
static void
write_hop_text (GString *out, const LadderTracerouteHop *hop)
{
  const LadderTracerouteProbe *last = NULL;
  char addr[LADDER_ADDR_STRLEN];

  g_string_append_printf (out, "%2u ", hop->ttl);
  for (guint i = 0; i < hop->n_probes; i++)
    {
      const LadderTracerouteProbe *probe = &hop->probes[i];

      if (probe->reply == 0 || probe->reply_lost_on != NULL)
        {
          g_string_append (out, " *");
          continue;
        }
      if (last == NULL || !ladder_addr_equal (&last->responder, &probe->responder))
        g_string_append_printf (out, " %s", ladder_addr_to_string (&probe->responder, addr));
      g_string_append_printf (out, "  %.3f ms", probe->rtt_ms);
      append_mark (out, probe);
      last = probe;
    }
  g_string_append_c (out, '\n');
}

/* The replies the network sent that the sender never got: a "*" above. */
static void
write_lost_replies (GString *out, const LadderTracerouteRun *run)
{
  char addr[LADDER_ADDR_STRLEN];

  for (guint i = 0; i < run->n_probes; i++)
    {
      const LadderTracerouteProbe *probe = &run->probes[i];

      if (probe->reply_lost_on != NULL)
        g_string_append_printf (out, "    ttl %u: the reply from %s (packet %" G_GUINT64_FORMAT
                                ") was lost on %s after it was captured\n", probe->ttl,
                                ladder_addr_to_string (&probe->responder, addr), probe->reply,
                                probe->reply_lost_on);
    }
}

static void
write_run_text (GString *out, const LadderTracerouteRun *run)
{
  char src[LADDER_ADDR_STRLEN], dst[LADDER_ADDR_STRLEN];

  g_string_append_printf (out, "traceroute to %s from %s (%s), %u hops max\n",
                          ladder_addr_to_string (&run->dst, dst),
                          ladder_addr_to_string (&run->src, src),
                          ladder_traceroute_method_to_string (run->method), run->max_ttl);
  for (guint i = 0; i < run->n_hops; i++)
    write_hop_text (out, &run->hops[i]);
  write_lost_replies (out, run);
  g_string_append (out, run->reached ? "destination reached" : "destination not reached");
  if (run->probes_past_end > 0)
    g_string_append_printf (out, "; %u probe%s sent past the last hop", run->probes_past_end,
                            run->probes_past_end > 1 ? "s" : "");
  g_string_append_c (out, '\n');
}

void
ladder_traceroute_write_text (LadderTraceroute *trace, GString *out)
{
  guint n;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (out != NULL);

  n = ladder_traceroute_get_n_runs (trace);
  if (n == 0)
    g_string_append (out, "no traceroutes\n");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\n');
      write_run_text (out, ladder_traceroute_get_run (trace, i));
    }
}
