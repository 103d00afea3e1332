/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-states.c: socket states sampled per host (see the header). */

#include "ladder-lab-states.h"

#include <netinet/in.h>
#include <string.h>

#include "ladder-sockdiag.h"

typedef struct
{
  char           *name;
  LadderSockDiag *sd;     /* opened inside the host's namespace */
  GArray         *pids;   /* guint32: endpoints started on this host */
} StatesHost;

struct _LadderLabStates
{
  GPtrArray *hosts;     /* StatesHost */
  GArray    *changed;   /* LadderSocketState, reused */
};

static void
states_host_free (gpointer data)
{
  StatesHost *host = data;

  g_free (host->name);
  g_clear_pointer (&host->sd, ladder_sockdiag_free);
  g_array_unref (host->pids);
  g_free (host);
}

LadderLabStates *
ladder_lab_states_new (void)
{
  LadderLabStates *states = g_new0 (LadderLabStates, 1);

  states->hosts = g_ptr_array_new_with_free_func (states_host_free);
  states->changed = g_array_new (FALSE, FALSE, sizeof (LadderSocketState));
  return states;
}

void
ladder_lab_states_free (LadderLabStates *states)
{
  if (states == NULL)
    return;
  g_ptr_array_unref (states->hosts);
  g_array_unref (states->changed);
  g_free (states);
}

static StatesHost *
find_host (LadderLabStates *states, const char *name)
{
  for (guint i = 0; i < states->hosts->len; i++)
    {
      StatesHost *host = states->hosts->pdata[i];
      if (strcmp (host->name, name) == 0)
        return host;
    }
  return NULL;
}

gboolean
ladder_lab_states_add_host (LadderLabStates *states, const char *name,
                            LadderNetns *ns, GError **error)
{
  StatesHost *host;
  LadderSockDiag *sd;

  g_return_val_if_fail (states != NULL && name != NULL && ns != NULL, FALSE);

  if (find_host (states, name) != NULL)
    return TRUE;
  if (!ladder_netns_switch (ns, error))
    return FALSE;
  sd = ladder_sockdiag_new (name, error);
  if (!ladder_netns_switch (NULL, sd != NULL ? error : NULL) || sd == NULL)
    {
      g_clear_pointer (&sd, ladder_sockdiag_free);
      return FALSE;
    }
  host = g_new0 (StatesHost, 1);
  host->name = g_strdup (name);
  host->sd = sd;
  host->pids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_ptr_array_add (states->hosts, host);
  return TRUE;
}

void
ladder_lab_states_watch (LadderLabStates *states, pid_t pid,
                         const char *host_name, const char *program)
{
  StatesHost *host = find_host (states, host_name);
  guint32 value = pid;

  g_return_if_fail (host != NULL);

  g_array_append_val (host->pids, value);
  if (program != NULL)
    ladder_sockdiag_name_pid (host->sd, value, program);
}

void
ladder_lab_states_unwatch (LadderLabStates *states, pid_t pid)
{
  /* Nothing to forget: ladder-sockdiag keeps a socket's owner after the
   * process is gone, and a pid that owns no descriptor costs nothing. */
}

void
ladder_lab_states_poll (LadderLabStates *states, gint64 ts_ns,
                        LadderLabStateFunc func, gpointer user_data)
{
  for (guint i = 0; i < states->hosts->len; i++)
    {
      StatesHost *host = states->hosts->pdata[i];
      g_autoptr(GError) error = NULL;

      g_array_set_size (states->changed, 0);
      if (!ladder_sockdiag_poll (host->sd, host->pids, states->changed, &error))
        {
          g_debug ("Socket states of %s: %s", host->name, error->message);
          continue;
        }
      for (guint j = 0; j < states->changed->len; j++)
        func (&g_array_index (states->changed, LadderSocketState, j), user_data);
    }
}

gboolean
ladder_lab_states_adopt (LadderLabStates *states, const LadderSocketState *state)
{
  StatesHost *host;

  g_return_val_if_fail (states != NULL && state != NULL, FALSE);

  host = find_host (states, state->host);
  /* A host we do not sample: nothing to compare with, keep it. */
  return host == NULL || ladder_sockdiag_adopt (host->sd, state);
}

guint
ladder_lab_states_get_n_hosts (LadderLabStates *states)
{
  g_return_val_if_fail (states != NULL, 0);

  return states->hosts->len;
}

int
ladder_lab_states_get_destroy_fd (LadderLabStates *states, guint index)
{
  g_return_val_if_fail (states != NULL && index < states->hosts->len, -1);

  return ladder_sockdiag_get_destroy_fd (((StatesHost *) states->hosts->pdata[index])->sd);
}

guint
ladder_lab_states_drain_destroyed (LadderLabStates *states, guint index)
{
  g_return_val_if_fail (states != NULL && index < states->hosts->len, 0);

  return ladder_sockdiag_drain_destroyed (((StatesHost *) states->hosts->pdata[index])->sd);
}

/* Only the hosts that hold one of the addresses could have the socket,
 * but a lab host's addresses are not known here: asking every host both
 * ways round costs a few netlink round trips per packet. */
void
ladder_lab_states_sample_connection (LadderLabStates *states, guint8 protocol,
                                     const LadderAddr *a, guint16 a_port,
                                     const LadderAddr *b, guint16 b_port,
                                     LadderLabStateFunc func, gpointer user_data)
{
  g_return_if_fail (states != NULL && a != NULL && b != NULL && func != NULL);

  for (guint i = 0; i < states->hosts->len; i++)
    {
      StatesHost *host = states->hosts->pdata[i];

      g_array_set_size (states->changed, 0);
      if (ladder_sockdiag_query (host->sd, host->pids, protocol, a, a_port, b, b_port,
                                 states->changed) < 0)
        ladder_sockdiag_query (host->sd, host->pids, protocol, b, b_port, a, a_port,
                               states->changed);
      for (guint j = 0; j < states->changed->len; j++)
        func (&g_array_index (states->changed, LadderSocketState, j), user_data);
    }
}

/* ADDR's family's wildcard address, or ADDR itself. */
static void
query_listener (StatesHost *host, GArray *changed, const LadderAddr *addr, guint16 port)
{
  LadderAddr any = { 0 };

  any.family = addr->family;
  if (ladder_sockdiag_query (host->sd, host->pids, IPPROTO_TCP, &any, port, &any, 0, changed) < 0)
    ladder_sockdiag_query (host->sd, host->pids, IPPROTO_TCP, addr, port, &any, 0, changed);
}

void
ladder_lab_states_sample_listener (LadderLabStates *states, const LadderAddr *addr, guint16 port,
                                   LadderLabStateFunc func, gpointer user_data)
{
  g_return_if_fail (states != NULL && addr != NULL && func != NULL);

  for (guint i = 0; i < states->hosts->len; i++)
    {
      StatesHost *host = states->hosts->pdata[i];

      g_array_set_size (states->changed, 0);
      query_listener (host, states->changed, addr, port);
      for (guint j = 0; j < states->changed->len; j++)
        func (&g_array_index (states->changed, LadderSocketState, j), user_data);
    }
}

gint
ladder_lab_states_lookup (LadderLabStates *states, const char *host_name,
                          const LadderSocketState *tuple)
{
  StatesHost *host;

  g_return_val_if_fail (states != NULL && host_name != NULL && tuple != NULL, -1);

  host = find_host (states, host_name);
  if (host == NULL)
    return -1;
  return ladder_sockdiag_query (host->sd, NULL, tuple->protocol, &tuple->local_addr,
                                tuple->local_port, &tuple->peer_addr, tuple->peer_port, NULL);
}
