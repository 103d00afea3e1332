/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-filter.c: pcap_compile + pcap_offline_filter per link type.
 *
 * An expression can mean something for one link type and nothing for
 * another ("ether host" has no Ethernet header to look at on raw IP): the
 * reason is kept per link type so the window can say where it matches
 * nothing instead of silently showing no packets from those interfaces. */
#include "ladder-filter.h"

#include <pcap/pcap.h>

#define FILTER_SNAPLEN 262144

struct _LadderFilter
{
  char       *expression;
  gboolean    match_all;
  /* linktype → struct bpf_program *, or NULL when it does not compile */
  GHashTable *programs;
  /* linktype → libpcap's reason, for those that do not compile */
  GHashTable *reasons;
  GArray     *met;     /* link types in the order met */
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

static LadderFilter *
filter_alloc (const char *expression)
{
  LadderFilter *filter = g_new0 (LadderFilter, 1);

  filter->expression = g_strstrip (g_strdup (expression));
  filter->match_all = filter->expression[0] == '\0';
  filter->programs = g_hash_table_new_full (NULL, NULL, NULL, free_program);
  filter->reasons = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  filter->met = g_array_new (FALSE, FALSE, sizeof (guint32));
  return filter;
}

/* Compiles for LINKTYPE once, remembering a failure and its reason. */
static struct bpf_program *
program_for (LadderFilter *filter, guint32 linktype)
{
  gpointer key = GUINT_TO_POINTER (linktype);
  g_autoptr (GError) error = NULL;
  gpointer prog;

  if (g_hash_table_lookup_extended (filter->programs, key, NULL, &prog))
    return prog;
  prog = compile_program (filter->expression, linktype, &error);
  g_hash_table_insert (filter->programs, key, prog);
  g_array_append_val (filter->met, linktype);
  if (prog == NULL)
    g_hash_table_insert (filter->reasons, key, g_strdup (error->message));
  return prog;
}

LadderFilter *
ladder_filter_new (const char *expression, guint32 linktype, GError **error)
{
  return ladder_filter_new_for_linktypes (expression, &linktype, 1, error);
}

static void
set_none_compiles (LadderFilter *filter, GError **error)
{
  g_autoptr (GString) text = g_string_new (NULL);

  if (filter->met->len == 1)
    g_string_append (text, g_hash_table_lookup (filter->reasons,
                                                GUINT_TO_POINTER (g_array_index (filter->met, guint32, 0))));
  for (guint i = 0; filter->met->len > 1 && i < filter->met->len; i++)
    {
      guint32 linktype = g_array_index (filter->met, guint32, i);
      g_autofree char *name = ladder_filter_describe_linktype (linktype);

      g_string_append_printf (text, "%s%s: %s", i > 0 ? "; " : "", name,
                              (const char *) g_hash_table_lookup (filter->reasons, GUINT_TO_POINTER (linktype)));
    }
  g_set_error (error, LADDER_FILTER_ERROR, LADDER_FILTER_ERROR_SYNTAX, "%s", text->str);
}

LadderFilter *
ladder_filter_new_for_linktypes (const char *expression, const guint32 *linktypes,
                                 guint n_linktypes, GError **error)
{
  g_autoptr (LadderFilter) filter = NULL;
  gboolean any = FALSE;

  g_return_val_if_fail (expression != NULL, NULL);
  g_return_val_if_fail (linktypes != NULL && n_linktypes > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  filter = filter_alloc (expression);
  if (filter->match_all)
    return g_steal_pointer (&filter);
  for (guint i = 0; i < n_linktypes; i++)
    any |= program_for (filter, linktypes[i]) != NULL;
  if (!any)
    {
      set_none_compiles (filter, error);
      return NULL;
    }
  return g_steal_pointer (&filter);
}

gboolean
ladder_filter_compiles_for (LadderFilter *filter, guint32 linktype, const char **reason)
{
  g_return_val_if_fail (filter != NULL, FALSE);
  if (filter->match_all || program_for (filter, linktype) != NULL)
    return TRUE;
  if (reason != NULL)
    *reason = g_hash_table_lookup (filter->reasons, GUINT_TO_POINTER (linktype));
  return FALSE;
}

char *
ladder_filter_get_unmatched (LadderFilter *filter)
{
  g_autoptr (GString) text = NULL;

  g_return_val_if_fail (filter != NULL, NULL);
  for (guint i = 0; i < filter->met->len; i++)
    {
      guint32 linktype = g_array_index (filter->met, guint32, i);
      const char *reason = g_hash_table_lookup (filter->reasons, GUINT_TO_POINTER (linktype));
      g_autofree char *name = NULL;

      if (reason == NULL)
        continue;
      if (text == NULL)
        text = g_string_new (NULL);
      name = ladder_filter_describe_linktype (linktype);
      g_string_append_printf (text, "%s%s: %s", text->len > 0 ? "\n" : "", name, reason);
    }
  return text != NULL ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

char *
ladder_filter_describe_linktype (guint32 linktype)
{
  const char *description = pcap_datalink_val_to_description (linktype_to_dlt (linktype));

  return g_strdup_printf ("%s (LINKTYPE %u)", description != NULL ? description : "unknown link type",
                          linktype);
}

void
ladder_filter_free (LadderFilter *filter)
{
  if (filter == NULL)
    return;
  g_hash_table_unref (filter->programs);
  g_hash_table_unref (filter->reasons);
  g_array_unref (filter->met);
  g_free (filter->expression);
  g_free (filter);
}

const char *
ladder_filter_get_expression (LadderFilter *filter)
{
  g_return_val_if_fail (filter != NULL, NULL);
  return filter->expression;
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
