/* ladder-lab-states.c: socket states sampled per host (see the header). */

#include "ladder-lab-states.h"

#include <string.h>

typedef struct
{
  char        *name;
  LadderNetns *ns;
} StatesHost;

typedef struct
{
  char host[16];
  char program[32];
  gboolean exited;
} Watched;

struct _LadderLabStates
{
  GPtrArray  *hosts;     /* StatesHost */
  GHashTable *watched;   /* pid → Watched */
};

static void
states_host_free (gpointer data)
{
  StatesHost *host = data;

  g_free (host->name);
  g_free (host);
}

LadderLabStates *
ladder_lab_states_new (void)
{
  LadderLabStates *states = g_new0 (LadderLabStates, 1);

  states->hosts = g_ptr_array_new_with_free_func (states_host_free);
  states->watched = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  return states;
}

void
ladder_lab_states_free (LadderLabStates *states)
{
  if (states == NULL)
    return;
  g_ptr_array_unref (states->hosts);
  g_hash_table_unref (states->watched);
  g_free (states);
}

gboolean
ladder_lab_states_add_host (LadderLabStates *states, const char *name,
                            LadderNetns *ns, GError **error)
{
  StatesHost *host;

  g_return_val_if_fail (states != NULL && name != NULL && ns != NULL, FALSE);

  for (guint i = 0; i < states->hosts->len; i++)
    if (strcmp (((StatesHost *) states->hosts->pdata[i])->name, name) == 0)
      return TRUE;
  host = g_new0 (StatesHost, 1);
  host->name = g_strdup (name);
  host->ns = ns;
  g_ptr_array_add (states->hosts, host);
  return TRUE;
}

void
ladder_lab_states_watch (LadderLabStates *states, pid_t pid,
                         const char *host, const char *program)
{
  Watched *w = g_new0 (Watched, 1);

  g_strlcpy (w->host, host, sizeof w->host);
  g_strlcpy (w->program, program, sizeof w->program);
  g_hash_table_replace (states->watched, GINT_TO_POINTER (pid), w);
}

void
ladder_lab_states_unwatch (LadderLabStates *states, pid_t pid)
{
  Watched *w = g_hash_table_lookup (states->watched, GINT_TO_POINTER (pid));

  if (w != NULL)
    w->exited = TRUE;
}

void
ladder_lab_states_poll (LadderLabStates *states, gint64 ts_ns,
                        LadderLabStateFunc func, gpointer user_data)
{
  /* Sampling arrives with capture/ladder-sockdiag.c. */
}
