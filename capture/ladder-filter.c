/* ladder-filter.c: pcap_compile + pcap_offline_filter per link type. */
#include "ladder-filter.h"

#include <pcap/pcap.h>

#define FILTER_SNAPLEN 262144

struct _LadderFilter
{
  char       *expression;
  gboolean    match_all;
  /* linktype → struct bpf_program *, or NULL when it does not compile */
  GHashTable *programs;
};

G_DEFINE_QUARK (ladder-filter-error-quark, ladder_filter_error)

/* pcap_open_dead wants a DLT_ value; files carry LINKTYPE_ values.  They
 * agree except for raw IP, whose DLT differs between systems. */
static int
linktype_to_dlt (guint32 linktype)
{
  switch (linktype)
    {
    case 12:
    case 14:
    case 101:
      return DLT_RAW;
    default:
      return (int) linktype;
    }
}

static void
free_program (gpointer data)
{
  struct bpf_program *prog = data;

  if (prog == NULL)
    return;
  pcap_freecode (prog);
  g_free (prog);
}

static struct bpf_program *
compile_program (const char *expression, guint32 linktype, GError **error)
{
  g_autofree struct bpf_program *prog = g_new0 (struct bpf_program, 1);
  pcap_t *dead = pcap_open_dead (linktype_to_dlt (linktype), FILTER_SNAPLEN);

  if (dead == NULL)
    {
      g_set_error (error, LADDER_FILTER_ERROR, LADDER_FILTER_ERROR_SYNTAX,
                   "link type %u is not supported by libpcap", linktype);
      return NULL;
    }
  if (pcap_compile (dead, prog, expression, 1, PCAP_NETMASK_UNKNOWN) != 0)
    {
      g_set_error (error, LADDER_FILTER_ERROR, LADDER_FILTER_ERROR_SYNTAX,
                   "%s", pcap_geterr (dead));
      pcap_close (dead);
      return NULL;
    }
  pcap_close (dead);
  return g_steal_pointer (&prog);
}

LadderFilter *
ladder_filter_new (const char *expression, guint32 linktype, GError **error)
{
  g_autoptr (LadderFilter) filter = NULL;
  struct bpf_program *prog;

  g_return_val_if_fail (expression != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  filter = g_new0 (LadderFilter, 1);
  filter->expression = g_strstrip (g_strdup (expression));
  filter->match_all = filter->expression[0] == '\0';
  filter->programs = g_hash_table_new_full (NULL, NULL, NULL, free_program);
  if (filter->match_all)
    return g_steal_pointer (&filter);

  prog = compile_program (filter->expression, linktype, error);
  if (prog == NULL)
    return NULL;
  g_hash_table_insert (filter->programs, GUINT_TO_POINTER (linktype), prog);
  return g_steal_pointer (&filter);
}

void
ladder_filter_free (LadderFilter *filter)
{
  if (filter == NULL)
    return;
  g_hash_table_unref (filter->programs);
  g_free (filter->expression);
  g_free (filter);
}

const char *
ladder_filter_get_expression (LadderFilter *filter)
{
  g_return_val_if_fail (filter != NULL, NULL);
  return filter->expression;
}

static struct bpf_program *
program_for (LadderFilter *filter, guint32 linktype)
{
  gpointer key = GUINT_TO_POINTER (linktype);
  gpointer prog;

  if (g_hash_table_lookup_extended (filter->programs, key, NULL, &prog))
    return prog;
  /* A link type met later: compiled once, remembered even when it fails. */
  prog = compile_program (filter->expression, linktype, NULL);
  g_hash_table_insert (filter->programs, key, prog);
  return prog;
}

gboolean
ladder_filter_matches (LadderFilter *filter, guint32 linktype,
                       const guint8 *data, guint32 caplen, guint32 wirelen)
{
  struct bpf_program *prog;
  struct pcap_pkthdr hdr = { 0 };

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (data != NULL || caplen == 0, FALSE);

  if (filter->match_all)
    return TRUE;
  prog = program_for (filter, linktype);
  if (prog == NULL)
    return FALSE;
  hdr.caplen = caplen;
  hdr.len = wirelen;
  return pcap_offline_filter (prog, &hdr, data) != 0;
}
