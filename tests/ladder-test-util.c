/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-util.c: see ladder-test-util.h. */
#include "ladder-test-util.h"

#include <string.h>

#include "ladder-load.h"

guint64
ladder_test_read_file (const char *path, LadderTestFrameFunc func, gpointer user_data, GError **error)
{
  g_autoptr (LadderReader) reader = NULL;
  LadderRecord record;
  LadderPacket pkt;
  LadderFrame frame = { 0 };

  reader = ladder_reader_open (path, error);
  if (reader == NULL)
    return 0;
  frame.pkt = &pkt;
  while (ladder_reader_next (reader, &record, error) > 0)
    {
      ladder_packet_decode (&pkt, record.linktype, record.data, record.caplen, record.wirelen, NULL);
      frame.number++;
      frame.ts_ns = record.ts_ns;
      frame.iface = record.iface;
      frame.data = record.data;
      func (&frame, user_data);
    }
  return frame.number;
}

static void
record_free (gpointer p)
{
  LadderTestRecord *rec = p;

  g_bytes_unref (rec->data);
  g_free (rec);
}

GPtrArray *
ladder_test_load_records (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LadderReader) reader = ladder_reader_open (path, &error);
  GPtrArray *records = g_ptr_array_new_with_free_func (record_free);
  LadderRecord rec;
  int r;

  g_assert_no_error (error);
  while ((r = ladder_reader_next (reader, &rec, &error)) == 1)
    {
      LadderTestRecord *copy = g_new0 (LadderTestRecord, 1);

      copy->number = records->len + 1;
      copy->ts_ns = rec.ts_ns;
      copy->iface = rec.iface;
      copy->linktype = rec.linktype;
      copy->caplen = rec.caplen;
      copy->wirelen = rec.wirelen;
      copy->data = g_bytes_new (rec.data, rec.caplen);
      g_ptr_array_add (records, copy);
    }
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, 0);
  return records;
}

void
ladder_test_feed_records (GPtrArray *records, gboolean reverse, LadderTestFrameFunc func, gpointer user_data)
{
  for (guint k = 0; k < records->len; k++)
    {
      const LadderTestRecord *rec = g_ptr_array_index (records, reverse ? records->len - 1 - k : k);
      const guint8 *data = g_bytes_get_data (rec->data, NULL);
      LadderPacket pkt;
      LadderFrame frame = { rec->number, rec->ts_ns, rec->iface, &pkt, data };

      ladder_packet_decode (&pkt, rec->linktype, data, rec->caplen, rec->wirelen, NULL);
      func (&frame, user_data);
    }
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
ladder_test_list_captures (const char *dir)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return files;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".pcap") || g_str_has_suffix (name, ".pcapng"))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (files, compare_strings);
  return files;
}

char *
ladder_test_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

GPtrArray *
ladder_test_load_fixture (const char *name)
{
  g_autofree char *path = ladder_test_data_path (name);
  GPtrArray *records = ladder_test_load_records (path);

  g_assert_cmpuint (records->len, >, 0);
  return records;
}

GHashTable *
ladder_test_tshark_field (const char *tshark, const char *path, const char *filter, const char *fields)
{
  g_auto (GStrv) names = g_strsplit (fields, " ", -1);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  int status = 0;
  GHashTable *values;
  const char *head[] = { tshark, "-n", "-r", path, "-T", "fields", "-e", "frame.number" };

  for (guint i = 0; i < G_N_ELEMENTS (head); i++)
    g_ptr_array_add (argv, (gpointer) head[i]);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_ptr_array_add (argv, "-e");
      g_ptr_array_add (argv, names[i]);
    }
  if (filter != NULL)
    {
      g_ptr_array_add (argv, "-Y");
      g_ptr_array_add (argv, (gpointer) filter);
    }
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    return NULL;
  values = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tab = strchr (lines[i], '\t');
      guint64 number;

      if (tab == NULL)
        continue;
      *tab = '\0';
      number = g_ascii_strtoull (lines[i], NULL, 10);
      g_hash_table_insert (values, GUINT_TO_POINTER ((guint) number), g_strdup (tab + 1));
    }
  return values;
}

/* A strict RFC 8259 syntax check, so every output is validated without
 * spawning an interpreter thousands of times. */
static gboolean json_value (const char **p, int depth);

static void
json_ws (const char **p)
{
  while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
    (*p)++;
}

static gboolean
json_string (const char **p)
{
  if (**p != '"')
    return FALSE;
  for ((*p)++; **p != '"'; (*p)++)
    {
      if ((guchar) **p < 0x20)
        return FALSE;
      if (**p == '\\')
        {
          (*p)++;
          if (**p == 'u')
            {
              for (int i = 1; i <= 4; i++)
                if (!g_ascii_isxdigit ((*p)[i]))
                  return FALSE;
              *p += 4;
            }
          else if (strchr ("\"\\/bfnrt", **p) == NULL || **p == '\0')
            return FALSE;
        }
    }
  (*p)++;
  return TRUE;
}

static gboolean
json_number (const char **p)
{
  const char *start = *p;
  if (**p == '-')
    (*p)++;
  if (!g_ascii_isdigit (**p))
    return FALSE;
  while (g_ascii_isdigit (**p) || **p == '.' || **p == 'e' || **p == 'E' || **p == '+' || **p == '-')
    (*p)++;
  return *p > start;
}

static gboolean
json_container (const char **p, char close, gboolean object, int depth)
{
  (*p)++;
  json_ws (p);
  if (**p == close)
    return (*p)++, TRUE;
  for (;;)
    {
      json_ws (p);
      if (object && (!json_string (p) || (json_ws (p), **p != ':') || !((*p)++, TRUE)))
        return FALSE;
      if (!json_value (p, depth + 1))
        return FALSE;
      json_ws (p);
      if (**p == close)
        return (*p)++, TRUE;
      if (**p != ',')
        return FALSE;
      (*p)++;
    }
}

static gboolean
json_value (const char **p, int depth)
{
  json_ws (p);
  if (depth > 64)
    return FALSE;
  switch (**p)
    {
    case '{': return json_container (p, '}', TRUE, depth);
    case '[': return json_container (p, ']', FALSE, depth);
    case '"': return json_string (p);
    case 't': return strncmp (*p, "true", 4) == 0 && (*p += 4, TRUE);
    case 'f': return strncmp (*p, "false", 5) == 0 && (*p += 5, TRUE);
    case 'n': return strncmp (*p, "null", 4) == 0 && (*p += 4, TRUE);
    default: return json_number (p);
    }
}

gboolean
ladder_test_json_parses (const char *text)
{
  const char *p = text;
  if (!json_value (&p, 0))
    return FALSE;
  json_ws (&p);
  return *p == '\0';
}

LadderTestTold *
ladder_test_tell (const char *path, gint conversation)
{
  LadderTestTold *t = g_new0 (LadderTestTold, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  t->capture = ladder_capture_new ();
  g_assert_true (ladder_load_file (t->capture, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  t->analysis = ladder_capture_analyse (t->capture);
  t->story = ladder_story_new (t->capture, t->analysis, conversation, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t->story);
  ladder_story_write_text (t->story, text);
  t->text = g_string_free (g_steal_pointer (&text), FALSE);
  return t;
}

void
ladder_test_told_free (LadderTestTold *t)
{
  ladder_story_free (t->story);
  ladder_analysis_unref (t->analysis);
  ladder_capture_unref (t->capture);
  g_free (t->text);
  g_free (t);
}
