/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: wireladder-endpoint ROLE ARGS... runs one of the course's socket
 * programs.  The roles and their arguments are documented in README.md. */

#include "ladder-ep.h"
#include "ladder-trace.h"

#include <stdio.h>
#include <string.h>

typedef struct
{
  const char *name;
  EpMain      main;
} Role;

static const Role roles[] = {
  { "tcp-echo-server",      tcp_echo_server_main },
  { "tcp-echo-client",      tcp_echo_client_main },
  { "udp-timestamp-server", udp_timestamp_server_main },
  { "udp-timestamp-client", udp_timestamp_client_main },
  { "select-chat-server",   select_chat_server_main },
  { "select-chat-client",   select_chat_client_main },
  { "byte-commands-server", byte_commands_server_main },
  { "byte-commands-client", byte_commands_client_main },
  { "ping",                 ping_main },
  { "traceroute",           traceroute_main },
  { "refused-client",       refused_client_main },
  { "reset-server",         reset_server_main },
  { "reset-client",         reset_client_main },
  { "raw-icmp",             raw_icmp_main },
  { "tcp-bulk-server",      tcp_bulk_server_main },
  { "tcp-bulk-client",      tcp_bulk_client_main },
};

static int
list_roles (FILE *out)
{
  for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
    fprintf (out, "%s\n", roles[i].name);
  return EP_OK;
}

int
main (int argc, char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "list") == 0)
    return list_roles (stdout);

  for (size_t i = 0; argc >= 2 && i < sizeof roles / sizeof roles[0]; i++)
    {
      if (strcmp (argv[1], roles[i].name) == 0)
        {
          /* Line-buffered even into a pipe, so the runner sees each line
           * (and "ready") as it is printed. */
          setvbuf (stdout, NULL, _IOLBF, 0);
          ladder_trace_init (roles[i].name);
          return roles[i].main (argc - 1, argv + 1);
        }
    }

  fprintf (stderr, "usage: wireladder-endpoint ROLE ARGS...\nroles:\n");
  list_roles (stderr);
  return EP_ERROR;
}
