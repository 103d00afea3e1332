/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sockets-output.c: the sockets as `ss` prints them, and as JSON. */
#include "ladder-sockets.h"

#include <string.h>

#include "ladder-tcp.h"

enum { COL_NETID, COL_STATE, COL_RECVQ, COL_SENDQ, COL_LOCAL, COL_PEER, COL_PROCESS, N_COLS };

static const char *const headers[N_COLS] = {
  "Netid", "State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port", "Process"
};

static const char *
netid (guint8 protocol)
{
  return protocol == 6 ? "tcp" : protocol == 17 ? "udp" : "raw";
}

static const char *
protocol_json (guint8 protocol)
{
  return protocol == 6 ? "tcp" : protocol == 17 ? "udp" : protocol == 1 ? "icmp"
         : protocol == 58 ? "icmpv6" : "unknown";
}

static guint8
socket_family (const LadderSocket *s)
{
  return s->local_addr.family != 0 ? s->local_addr.family : s->peer_addr.family;
}

static void
row_cells (const LadderSocketRow *row, char *cells[N_COLS])
{
  const LadderSocket *s = row->socket;

  cells[COL_NETID] = g_strdup (netid (s->protocol));
  cells[COL_STATE] = g_strdup (ladder_socket_state_ss_name (row->state));
  cells[COL_RECVQ] = g_strdup_printf ("%u", row->recv_q);
  cells[COL_SENDQ] = g_strdup_printf ("%u", row->send_q);
  cells[COL_LOCAL] = ladder_socket_format_endpoint (&s->local_addr, s->local_port, socket_family (s));
  cells[COL_PEER] = ladder_socket_format_endpoint (&s->peer_addr, s->peer_port, socket_family (s));
  cells[COL_PROCESS] = ladder_socket_row_format_process (row);
}

/* One host's rows [FROM, TO) as an ss table, columns as wide as their text. */
static void
write_host (GArray *rows, guint from, guint to, gboolean with_netid, GString *out)
{
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  guint width[N_COLS];

  for (guint c = 0; c < N_COLS; c++)
    width[c] = strlen (headers[c]);
  for (guint i = from; i < to; i++)
    {
      char *row[N_COLS];
      row_cells (&g_array_index (rows, LadderSocketRow, i), row);
      for (guint c = 0; c < N_COLS; c++)
        {
          width[c] = MAX (width[c], strlen (row[c]));
          g_ptr_array_add (cells, row[c]);
        }
    }
  g_string_append_printf (out, "%s:\n", g_array_index (rows, LadderSocketRow, from).socket->host);
  for (guint r = 0; r <= to - from; r++)
    {
      for (guint c = with_netid ? 0 : 1; c < N_COLS; c++)
        {
          const char *text = r == 0 ? headers[c] : cells->pdata[(r - 1) * N_COLS + c];
          if (c == N_COLS - 1)
            g_string_append (out, text);
          else
            g_string_append_printf (out, "%-*s ", (int) width[c], text);
        }
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
}

void
ladder_sockets_write_table_text (GArray *rows, GString *out)
{
  gboolean with_netid = FALSE;
  guint from = 0;

  g_return_if_fail (rows != NULL && out != NULL);

  if (rows->len == 0)
    {
      g_string_append (out, "No sockets at this packet.\n");
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    with_netid |= g_array_index (rows, LadderSocketRow, i).socket->protocol != 6;
  for (guint i = 1; i <= rows->len; i++)
    {
      if (i < rows->len && strcmp (g_array_index (rows, LadderSocketRow, i).socket->host,
                                   g_array_index (rows, LadderSocketRow, from).socket->host) == 0)
        continue;
      if (from > 0)
        g_string_append_c (out, '\n');
      write_host (rows, from, i, with_netid, out);
      from = i;
    }
}

static void
json_endpoint (LadderJson *json, LadderJsonKey key, const LadderAddr *addr, guint16 port, guint8 family)
{
  char text[LADDER_ADDR_STRLEN];

  ladder_json_key_quoted (json, key);
  ladder_json_begin_object (json);
  if (addr->family != 0)
    ladder_json_kv_string (json, "addr", ladder_addr_to_string (addr, text));
  else
    ladder_json_kv_string (json, "addr", family == 6 ? "::" : "0.0.0.0");
  ladder_json_key (json, "port");
  if (port != 0)
    ladder_json_uint (json, port);
  else
    ladder_json_null (json);
  ladder_json_end_object (json);
}

static void
json_socket_fields (LadderJson *json, const LadderSocket *s, gint32 fd)
{
  json_endpoint (json, LADDER_JSON_KEY ("local"), &s->local_addr, s->local_port, socket_family (s));
  json_endpoint (json, LADDER_JSON_KEY ("peer"), &s->peer_addr, s->peer_port, socket_family (s));
  ladder_json_kv_string (json, "host", s->host);
  ladder_json_kv_string (json, "program", s->program);
  ladder_json_key (json, "pid");
  if (s->pid != 0)
    ladder_json_uint (json, s->pid);
  else
    ladder_json_null (json);
  ladder_json_key (json, "fd");
  if (fd >= 0)
    ladder_json_int (json, fd);
  else
    ladder_json_null (json);
  ladder_json_kv_string (json, "protocol", protocol_json (s->protocol));
}

void
ladder_sockets_write_table_json (LadderSockets *sockets, guint64 packet, GArray *rows, LadderJson *json)
{
  g_return_if_fail (sockets != NULL && rows != NULL && json != NULL);

  ladder_json_begin_object (json);
  ladder_json_kv_uint (json, "at", packet);
  ladder_json_kv_ns (json, "time", ladder_sockets_get_frame_time (sockets, packet)
                                   - ladder_sockets_get_frame_time (sockets, 1), 9);
  ladder_json_key (json, "sockets");
  ladder_json_begin_array (json);
  for (guint i = 0; i < rows->len; i++)
    {
      const LadderSocketRow *row = &g_array_index (rows, LadderSocketRow, i);
      ladder_json_begin_object (json);
      ladder_json_kv_string (json, "state", ladder_socket_state_ss_name (row->state));
      ladder_json_kv_uint (json, "recv_q", row->recv_q);
      ladder_json_kv_uint (json, "send_q", row->send_q);
      json_socket_fields (json, row->socket, row->fd);
      ladder_json_end_object (json);
    }
  ladder_json_end_array (json);
  ladder_json_end_object (json);
}

static const char *
change_name (const LadderSocketChange *c)
{
  return c->gone ? "CLOSED" : ladder_socket_state_ss_name (c->state);
}

void
ladder_sockets_write_json (LadderSockets *sockets, LadderJson *json)
{
  gint64 t0 = ladder_sockets_get_frame_time (sockets, 1);

  g_return_if_fail (sockets != NULL && json != NULL);

  ladder_json_begin_object (json);
  ladder_json_key (json, "sockets");
  ladder_json_begin_array (json);
  for (guint i = 0; i < ladder_sockets_get_n_sockets (sockets); i++)
    {
      const LadderSocket *s = ladder_sockets_get_socket (sockets, i);
      ladder_json_begin_object (json);
      ladder_json_kv_uint (json, "index", s->index);
      json_socket_fields (json, s, s->fd);
      ladder_json_key (json, "states");
      ladder_json_begin_array (json);
      for (guint j = 0; j < s->changes->len; j++)
        {
          const LadderSocketChange *c = &g_array_index (s->changes, LadderSocketChange, j);
          ladder_json_begin_object (json);
          ladder_json_kv_ns (json, "time", ladder_ns_between (t0, c->ts_ns), 9);
          ladder_json_kv_string (json, "state", change_name (c));
          ladder_json_kv_uint (json, "packet", c->packet);
          ladder_json_key (json, "fd");
          if (c->fd >= 0)
            ladder_json_int (json, c->fd);
          else
            ladder_json_null (json);
          ladder_json_kv_string (json, "source", c->source);
          ladder_json_end_object (json);
        }
      ladder_json_end_array (json);
      ladder_json_end_object (json);
    }
  ladder_json_end_array (json);
  ladder_json_end_object (json);
}

void
ladder_sockets_write_text (LadderSockets *sockets, GString *out)
{
  gint64 t0 = ladder_sockets_get_frame_time (sockets, 1);

  g_return_if_fail (sockets != NULL && out != NULL);

  if (ladder_sockets_get_n_sockets (sockets) == 0)
    g_string_append (out, "No socket records in this capture (only the lab's captures carry them).\n");
  for (guint i = 0; i < ladder_sockets_get_n_sockets (sockets); i++)
    {
      const LadderSocket *s = ladder_sockets_get_socket (sockets, i);
      g_autofree char *local = ladder_socket_format_endpoint (&s->local_addr, s->local_port, socket_family (s));
      g_autofree char *peer = ladder_socket_format_endpoint (&s->peer_addr, s->peer_port, socket_family (s));

      g_string_append_printf (out, "%u  %s %s  %s -> %s  %s pid %u fd %d\n", s->index, s->host,
                              netid (s->protocol), local, peer,
                              s->program[0] ? s->program : "-", s->pid, s->fd);
      for (guint j = 0; j < s->changes->len; j++)
        {
          const LadderSocketChange *c = &g_array_index (s->changes, LadderSocketChange, j);
          g_autofree char *fd = c->fd >= 0 ? g_strdup_printf ("fd %d", c->fd) : g_strdup ("no process");
          g_string_append_printf (out, "     %10.6f  packet %-6" G_GUINT64_FORMAT " %-10s %-10s (%s)\n",
                                  (double) ladder_ns_between (t0, c->ts_ns) / 1e9, c->packet, change_name (c),
                                  c->gone ? "" : fd, c->source);
        }
    }
}
