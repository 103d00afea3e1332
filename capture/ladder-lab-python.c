/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-python.c: the course's Python programs in the built-in
 * scenarios (see the header). */

#include "ladder-lab-python.h"

#include <string.h>
#include <unistd.h>

#include "ladder-lab-private.h"

typedef struct
{
  const char *role;        /* the C endpoint's role */
  const char *script;      /* its Python version */
  const char *udp_script;  /* with -u (byte-commands): the UDP one; the option goes */
  const char *option;      /* put before the role's arguments, with VALUE */
  const char *value;
} PythonRole;

static const PythonRole roles[] = {
  { "tcp-echo-server",      "tcp_echo_server.py",      NULL, NULL, NULL },
  { "tcp-echo-client",      "tcp_echo_client.py",      NULL, NULL, NULL },
  { "udp-timestamp-server", "udp_timestamp_server.py", NULL, NULL, NULL },
  { "udp-timestamp-client", "udp_timestamp_client.py", NULL, NULL, NULL },
  { "select-chat-server",   "select_chat_server.py",   NULL, NULL, NULL },
  /* A traced Python client takes 1-3 s to start on a loaded machine, and
   * the three start 100 ms apart: 2 s instead of 0.5 s before speaking, so
   * that every one has joined before anyone talks, as with the C clients. */
  { "select-chat-client",   "select_chat_client.py",   NULL, "-d", "2000" },
  { "byte-commands-server", "byte_commands_tcp_server.py", "byte_commands_udp_server.py", NULL, NULL },
  { "byte-commands-client", "byte_commands_tcp_client.py", "byte_commands_udp_client.py", NULL, NULL },
  { "raw-icmp",             "raw_icmp_receiver.py",    NULL, NULL, NULL },
};

static const char *const python_scenarios[] = {
  "tcp-echo", "udp-timestamp", "select-chat", "byte-commands", "raw-icmp",
};

gboolean
ladder_lab_python_has_scenario (const char *scenario)
{
  for (guint i = 0; i < G_N_ELEMENTS (python_scenarios); i++)
    if (g_strcmp0 (scenario, python_scenarios[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
ladder_lab_lang_check (const char *scenario, const char *lang, GError **error)
{
  g_autofree char *list = NULL;

  if (lang == NULL || g_str_equal (lang, LADDER_LAB_LANG_C))
    return TRUE;
  if (!g_str_equal (lang, LADDER_LAB_LANG_PYTHON))
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "lang must be c or python, not “%s”", lang), FALSE;
  if (ladder_lab_python_has_scenario (scenario))
    return TRUE;
  list = g_strjoinv (", ", (char **) python_scenarios);
  return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                      "Scenario “%s” has no Python programs (lang python: %s)",
                      scenario, list), FALSE;
}

/* Whether the running program lives in the build tree. */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL && g_str_has_prefix (exe, LADDER_BUILD_ROOT "/");
}

char *
ladder_lab_python_find_dir (GError **error)
{
  const char *env = g_getenv ("WIRELADDER_PYTHON_PROGRAMS");
  g_autofree char *dir = NULL;
  g_autofree char *probe = NULL;

  if (env != NULL && *env != '\0')
    dir = g_strdup (env);
  else if (running_uninstalled ())
    dir = g_build_filename (LADDER_SOURCE_ROOT, "data", "programs", "python", NULL);
  else
    dir = g_build_filename (LADDER_DATADIR, "wireladder", "programs", "python", NULL);
  probe = g_build_filename (dir, roles[0].script, NULL);
  if (!g_file_test (probe, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_HELPER,
                   "The Python programs are not at %s (set WIRELADDER_PYTHON_PROGRAMS to "
                   "their directory)", dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

char *
ladder_lab_python_find_interpreter (GError **error)
{
  char *path = g_find_program_in_path ("python3");

  if (path == NULL)
    g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_UNAVAILABLE,
                 "lang python needs python3, which is not installed here (not in PATH); "
                 "install it (Debian: apt install python3; .ci/install-deps does) or use lang c");
  return path;
}

static const PythonRole *
find_role (const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_str_equal (roles[i].role, role))
      return &roles[i];
  return NULL;
}

/* NAME -- PYTHON -u DIR/SCRIPT ARGS (the role's arguments but -u, which
 * picked the script), for wireladder-trace. */
static char **
python_argv (const PythonRole *role, char **argv, const char *python, const char *dir)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean udp = g_strv_contains ((const char *const *) argv + 1, "-u") && role->udp_script;
  const char *script = udp ? role->udp_script : role->script;
  g_autofree char *path = g_build_filename (dir, script, NULL);

  /* -u: unbuffered, so each line reaches the lab (and `ready` the runner) at once. */
  g_strv_builder_add_many (builder, script, "--", python, "-u", path, NULL);
  if (role->option != NULL)
    g_strv_builder_add_many (builder, role->option, role->value, NULL);
  for (guint i = 1; argv[i] != NULL; i++)
    if (!(udp && g_str_equal (argv[i], "-u")))
      g_strv_builder_add (builder, argv[i]);
  return g_strv_builder_end (builder);
}

void
ladder_lab_python_translate (GPtrArray *processes, const char *tracer, const char *python,
                             const char *dir)
{
  g_return_if_fail (processes != NULL && tracer != NULL && python != NULL && dir != NULL);

  for (guint i = 0; i < processes->len; i++)
    {
      LadderLabProcess *process = processes->pdata[i];
      const PythonRole *role = find_role (process->argv[0]);
      char **argv;

      if (role == NULL)
        continue;  /* no Python version (raw-icmp's ping): the C endpoint */
      argv = python_argv (role, process->argv, python, dir);
      g_strfreev (process->argv);
      process->argv = argv;
      g_free (process->program);
      process->program = g_strdup (tracer);
    }
}
