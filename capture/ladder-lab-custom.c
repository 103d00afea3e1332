/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-custom.c: a lab of the user's own programs (see the header). */

#include "ladder-lab-custom.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ladder-lab-private.h"

LadderLabCustom *
ladder_lab_custom_new (void)
{
  LadderLabCustom *custom = g_new0 (LadderLabCustom, 1);

  custom->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  custom->stagger_ms = LADDER_LAB_CUSTOM_DEFAULT_STAGGER_MS;
  return custom;
}

void
ladder_lab_custom_free (LadderLabCustom *custom)
{
  if (custom == NULL)
    return;
  g_strfreev (custom->server);
  g_ptr_array_unref (custom->clients);
  g_free (custom);
}

static gboolean
runnable (const char *program)
{
  g_autofree char *path = NULL;

  if (strchr (program, '/') == NULL)
    path = g_find_program_in_path (program);
  else
    path = g_strdup (program);
  return path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR) && access (path, X_OK) == 0;
}

static char **
parse_command (const char *command, GError **error)
{
  g_autoptr(GError) local = NULL;
  char **argv = NULL;

  if (!g_shell_parse_argv (command, NULL, &argv, &local))
    {
      g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                   "Cannot split the command “%s”: %s", command, local->message);
      return NULL;
    }
  if (!runnable (argv[0]))
    {
      g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                   "No such program: “%s” (from the command “%s”; not found in PATH or not "
                   "executable)", argv[0], command);
      g_strfreev (argv);
      return NULL;
    }
  return argv;
}

gboolean
ladder_lab_custom_set_server (LadderLabCustom *custom, const char *command, GError **error)
{
  char **argv;

  g_return_val_if_fail (custom != NULL && command != NULL, FALSE);

  argv = parse_command (command, error);
  if (argv == NULL)
    return FALSE;
  g_strfreev (custom->server);
  custom->server = argv;
  return TRUE;
}

gboolean
ladder_lab_custom_add_client (LadderLabCustom *custom, const char *command, GError **error)
{
  char **argv;

  g_return_val_if_fail (custom != NULL && command != NULL, FALSE);

  argv = parse_command (command, error);
  if (argv == NULL)
    return FALSE;
  g_ptr_array_add (custom->clients, argv);
  return TRUE;
}

gboolean
ladder_lab_custom_check (const LadderLabCustom *custom, GError **error)
{
  g_return_val_if_fail (custom != NULL, FALSE);

  if (custom->clients->len == 0)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "A custom lab needs at least one --client COMMAND"), FALSE;
  if (custom->clients->len > LADDER_LAB_MAX_CLIENTS)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "At most %d clients (each gets a host of its own)",
                        LADDER_LAB_MAX_CLIENTS), FALSE;
  return TRUE;
}

static gboolean
is_interpreter (const char *name)
{
  static const char *const prefixes[] = { "python", "pypy", "perl", "ruby", "node", "php",
                                          "bash", "sh", "dash", "lua", "tclsh" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (name, prefixes[i])
        && strspn (name + strlen (prefixes[i]), "0123456789.") == strlen (name + strlen (prefixes[i])))
      return TRUE;
  return FALSE;
}

char *
ladder_lab_custom_program_name (char **argv)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  base = g_path_get_basename (argv[0]);
  if (!is_interpreter (base))
    return g_steal_pointer (&base);
  for (guint i = 1; argv[i] != NULL; i++)
    {
      if (g_str_equal (argv[i], "-m") && argv[i + 1] != NULL)
        return g_strdup (argv[i + 1]);  /* python3 -m http.server */
      if (g_str_equal (argv[i], "-c"))
        break;  /* inline code: the interpreter it is */
      if (argv[i][0] != '-')
        return g_path_get_basename (argv[i]);
    }
  return g_steal_pointer (&base);
}

void
ladder_lab_custom_plan_hosts (const LadderLabCustom *custom, LadderLabTopology *topo)
{
  guint have = topo->client2 ? 2 : 1;

  for (guint i = have; i < custom->clients->len; i++)
    ladder_lab_topology_add_client (topo);
}

char *
ladder_lab_custom_write_hosts (LadderLabTopology *topo, GError **error)
{
  g_autoptr(GString) text = g_string_new ("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n");
  g_autofree char *path = NULL;
  int fd;

  if (topo->loopback)
    g_string_append_printf (text, "%s\tserver client client2 client3 client4\n",
                            topo->family == 6 ? "::1" : "127.0.0.1");
  for (guint i = 0; i < topo->n_hosts && !topo->loopback; i++)
    {
      LadderAddr addr;
      char addr_text[LADDER_ADDR_STRLEN];

      if (ladder_lab_topology_host_addr (topo, topo->hosts[i].name, topo->family, &addr))
        g_string_append_printf (text, "%s\t%s\n", ladder_addr_to_string (&addr, addr_text),
                                topo->hosts[i].name);
    }
  fd = g_file_open_tmp ("wireladder-hosts-XXXXXX", &path, error);
  if (fd < 0)
    return NULL;
  close (fd);
  /* Readable by the programs whatever user they run as in the lab. */
  if (!g_file_set_contents (path, text->str, text->len, error) || g_chmod (path, 0644) < 0)
    {
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static LadderLabProcess *
traced_process (char **argv, const char *host, gboolean server, guint delay_ms,
                const char *tracer, char **env)
{
  LadderLabProcess *process = g_new0 (LadderLabProcess, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *name = ladder_lab_custom_program_name (argv);

  g_strlcpy (process->host, host, sizeof process->host);
  process->server = server;
  process->delay_ms = delay_ms;
  process->program = g_strdup (tracer);
  process->env = g_strdupv (env);
  process->ready_ms = LADDER_LAB_CUSTOM_READY_MS;
  /* argv[0] is the process's name in messages and socket states. */
  g_strv_builder_add_many (builder, name, "--", NULL);
  g_strv_builder_addv (builder, (const char **) argv);
  process->argv = g_strv_builder_end (builder);
  return process;
}

GPtrArray *
ladder_lab_custom_processes (const LadderLabCustom *custom, LadderLabTopology *topo,
                             const char *tracer, const char *hosts_file)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) ladder_lab_process_free);
  char server[LADDER_ADDR_STRLEN];
  LadderAddr addr;
  g_auto(GStrv) env = NULL;
  guint client = 0;

  ladder_lab_topology_host_addr (topo, "server", topo->family, &addr);
  env = g_environ_setenv (NULL, "WIRELADDER_SERVER", ladder_addr_to_string (&addr, server), TRUE);
  env = g_environ_setenv (env, "WIRELADDER_HOSTS_FILE", hosts_file, TRUE);
  if (custom->server != NULL)
    g_ptr_array_add (list, traced_process (custom->server, topo->loopback ? "localhost" : "server",
                                           TRUE, 0, tracer, env));
  if (topo->loopback)
    {
      for (; client < custom->clients->len; client++)
        g_ptr_array_add (list, traced_process (custom->clients->pdata[client], "localhost", FALSE,
                                               client * custom->stagger_ms, tracer, env));
      return list;
    }
  for (guint i = 0; i < topo->n_hosts && client < custom->clients->len; i++)
    if (g_str_has_prefix (topo->hosts[i].name, "client"))
      {
        g_ptr_array_add (list, traced_process (custom->clients->pdata[client], topo->hosts[i].name,
                                               FALSE, client * custom->stagger_ms, tracer, env));
        client++;
      }
  return list;
}
