/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-lab.c: see ladder-test-lab.h. */
#include "ladder-test-lab.h"

#include <glib/gstdio.h>
#include <elf.h>
#include <string.h>

#include "ladder-load.h"

LadderTestLab ladder_test_lab;

static void
probe (void)
{
  g_autofree char *err = NULL;
  const char *userns;
  int status = -1;

  ladder_test_lab.probe_out = ladder_test_cli_run ((const char *[]) { "lab", "probe", NULL }, &status, &err);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      ladder_test_lab.unavailable = g_strdup_printf ("the lab is unavailable here: %s", g_strstrip (err));
      return;
    }
  userns = strstr (ladder_test_lab.probe_out, "\nuserns: no (");
  if (userns != NULL)
    ladder_test_lab.no_userns = g_strndup (userns + 13, strcspn (userns + 13, "\n") - 1);
}

void
ladder_test_lab_init (const char *name)
{
  g_autofree char *template = g_strdup_printf ("wireladder-%s-XXXXXX", name);

  ladder_test_lab.cli = g_getenv ("WIRELADDER_CLI");
  g_assert_nonnull (ladder_test_lab.cli);
  probe ();
  ladder_test_lab.tmpdir = g_dir_make_tmp (template, NULL);
  g_assert_nonnull (ladder_test_lab.tmpdir);
}

void
ladder_test_lab_finish (void)
{
  g_rmdir (ladder_test_lab.tmpdir);
  g_clear_pointer (&ladder_test_lab.tmpdir, g_free);
  g_clear_pointer (&ladder_test_lab.probe_out, g_free);
  g_clear_pointer (&ladder_test_lab.unavailable, g_free);
  g_clear_pointer (&ladder_test_lab.no_userns, g_free);
}

gboolean
ladder_test_lab_skip (gboolean userns)
{
  g_autofree char *msg = NULL;

  if (ladder_test_lab.unavailable != NULL)
    {
      g_test_skip (ladder_test_lab.unavailable);
      return TRUE;
    }
  if (!userns || ladder_test_lab.no_userns == NULL)
    return FALSE;
  msg = g_strdup_printf ("the lab cannot make a user namespace here (`lab probe`: %s)",
                         ladder_test_lab.no_userns);
  g_test_skip (msg);
  return TRUE;
}

char *
ladder_test_spawn (const char *const *argv, char **envp, int *status, char **err)
{
  g_autoptr (GError) error = NULL;
  char *out = NULL;

  g_spawn_sync (NULL, (char **) argv, envp, 0, NULL, NULL, &out, err, status, &error);
  g_assert_no_error (error);
  return out;
}

char *
ladder_test_cli_run (const char *const *args, int *status, char **err_out)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  char *out;

  g_ptr_array_add (argv, (char *) ladder_test_lab.cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  out = ladder_test_spawn ((const char *const *) argv->pdata, NULL, status, &err);
  if (err_out != NULL)
    *err_out = g_steal_pointer (&err);
  else if (!g_spawn_check_wait_status (*status, NULL))
    g_test_message ("%s", err);
  return out;
}

char *
ladder_test_lab_run (const char *scenario, const char *const *args, const char *path)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  char *out;
  int status = -1;

  g_ptr_array_add (argv, "lab");
  g_ptr_array_add (argv, "run");
  g_ptr_array_add (argv, (char *) scenario);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, "-w");
  g_ptr_array_add (argv, (char *) path);
  g_ptr_array_add (argv, NULL);
  out = ladder_test_cli_run ((const char *const *) argv->pdata, &status, &err);
  g_test_message ("%s%s", out, err);
  /* on stderr, so the reason shows where only the test's stderr is kept */
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("lab run %s failed (wait status %d): %s", scenario, status, err);
  return out;
}

LadderCapture *
ladder_test_lab_load (const char *path)
{
  LadderCapture *capture = ladder_capture_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (ladder_load_file (capture, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return capture;
}

/* Whether any process is still in one of the namespaces INODES. */
static char *
namespace_user (char **inodes)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%s/ns/net", name);
      g_autofree char *target = g_file_read_link (path, NULL);

      for (guint i = 0; target != NULL && inodes[i] != NULL; i++)
        {
          g_autofree char *want = g_strdup_printf ("net:[%s]", inodes[i]);
          if (strcmp (target, want) == 0)
            return g_strdup_printf ("process %s is in namespace %s", name, inodes[i]);
        }
    }
  return NULL;
}

char **
ladder_test_lab_summary_namespaces (const char *summary)
{
  const char *line = strstr (summary, "namespaces: ");
  g_autofree char *copy = NULL;

  g_assert_nonnull (line);
  copy = g_strndup (line + 12, strcspn (line + 12, "\n"));
  return g_strsplit (copy, " ", -1);
}

/* PR_SET_PDEATHSIG is quick, but not synchronous. */
void
ladder_test_lab_assert_inodes_gone (char **inodes)
{
  g_autofree char *user = NULL;

  for (int i = 0; i < 300; i++)
    {
      g_free (user);
      user = namespace_user (inodes);
      if (user == NULL)
        return;
      g_usleep (10000);
    }
  g_error ("left behind: %s", user);
}

void
ladder_test_lab_assert_namespaces_gone (const char *summary)
{
  ladder_test_lab_assert_n_namespaces_gone (summary, 3);
}

void
ladder_test_lab_assert_n_namespaces_gone (const char *summary, guint at_least)
{
  g_auto (GStrv) inodes = ladder_test_lab_summary_namespaces (summary);

  g_assert_cmpuint (g_strv_length (inodes), >=, at_least);
  ladder_test_lab_assert_inodes_gone (inodes);
}

/* Whether the ELF file PATH asks for a dynamic loader (PT_INTERP). */
gboolean
ladder_test_lab_has_interpreter (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;
  const Elf64_Ehdr *eh;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >=, sizeof *eh);
  eh = (const Elf64_Ehdr *) data;
  g_assert_cmpint (memcmp (eh->e_ident, ELFMAG, SELFMAG), ==, 0);
  g_assert_cmpint (eh->e_ident[EI_CLASS], ==, ELFCLASS64);
  g_assert_cmpuint (eh->e_phoff + (guint64) eh->e_phnum * sizeof (Elf64_Phdr), <=, len);
  for (guint i = 0; i < eh->e_phnum; i++)
    {
      Elf64_Phdr ph;
      memcpy (&ph, data + eh->e_phoff + i * sizeof ph, sizeof ph);
      if (ph.p_type == PT_INTERP)
        return TRUE;
    }
  return FALSE;
}
