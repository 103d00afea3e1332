/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-run-here.c: `wireladder-cli run-here`, this machine as the target:
 * real commands on the host, captured on its loopback interface only
 * (nothing leaves the machine) by wireladder-capture.  As root; as an
 * ordinary user (nobody) without the capability (a clear message) and
 * with cap_net_raw+ep on a copy of the helper, as `meson install` sets it.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "../ladder-test-scripts.h"
#include "ladder-load.h"

static const char *cli;
static char *tmpdir;

static const char tcp_script[] = LADDER_TEST_TCP_SCRIPT;

/* The helper's effective capabilities, as the command sees them: it is
 * a child of run-here, whose other child is the tracer, the command's
 * parent. */
static const char caps_script[] =
  "import os\n"
  "tracer = dict(l.split(':\\t', 1) for l in open('/proc/%d/status' % os.getppid()).read().splitlines() if ':\\t' in l)\n"
  "for pid in filter(str.isdigit, os.listdir('/proc')):\n"
  "    try:\n"
  "        status = open('/proc/%s/status' % pid).read()\n"
  "    except OSError:\n"
  "        continue\n"
  "    fields = dict(l.split(':\\t', 1) for l in status.splitlines() if ':\\t' in l)\n"
  "    if fields.get('Name') == 'wireladder-capt' and int(fields['PPid']) == int(tracer['PPid']):\n"
  "        print('helper CapEff', fields['CapEff'].strip(), flush=True)\n";

static void
become_nobody (gpointer data)
{
  if (setgroups (0, NULL) < 0 || setresgid (65534, 65534, 65534) < 0
      || setresuid (65534, 65534, 65534) < 0)
    _exit (125);
}

/* `run-here -i lo -w PATH -- COMMAND...`; its output and wait status. */
static char *
run_here (const char *const *command, const char *path, gboolean nobody, char **envp,
          int *status, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, "run-here");
  g_ptr_array_add (argv, "-i");
  g_ptr_array_add (argv, "lo");
  g_ptr_array_add (argv, "-w");
  g_ptr_array_add (argv, (char *) path);
  g_ptr_array_add (argv, "--");
  for (guint i = 0; command[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) command[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (tmpdir, (char **) argv->pdata, envp, G_SPAWN_SEARCH_PATH,
                nobody ? become_nobody : NULL, NULL, &out, err, status, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", out, *err);
  return out;
}

static char *
cli_on (const char *command, const char *path)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char *[]) { (char *) cli, (char *) command, (char *) path, NULL }, NULL, 0,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* Set-user-ID, or a file capability. */
static gboolean
privileged (const char *path)
{
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  return (st.st_mode & S_ISUID) != 0 || getxattr (path, "security.capability", NULL, 0) > 0;
}

static gboolean
skip_unless_root (void)
{
  if (geteuid () == 0)
    return FALSE;
  g_test_skip ("capturing needs root or CAP_NET_RAW on wireladder-capture; the tests run as an ordinary user");
  return TRUE;
}

/* "N socket calls": in run-here's summary (the line starting with
 * PREFIX), or the last line of `calls`.  The tracer's records include the
 * TCP states its calls left, which are no calls. */
static guint
socket_calls (const char *out, const char *prefix)
{
  const char *line = prefix != NULL ? strstr (out, prefix) : NULL;
  const char *end;
  guint n = 0;

  if (prefix == NULL)
    {
      g_assert_true (g_str_has_suffix (out, " socket calls\n"));
      for (end = out + strlen (out) - 1; end > out && end[-1] != '\n'; end--)
        ;
      line = end;
    }
  g_assert_nonnull (line);
  end = strstr (line, " socket calls\n");
  g_assert_nonnull (end);
  while (end > line && g_ascii_isdigit (end[-1]))
    end--;
  g_assert_cmpint (sscanf (end, "%u socket calls", &n), ==, 1);
  return n;
}

/* The script's socket calls, traced and saved after the packets: the
 * server's socket, bind, listen and accept (accept4), the client's
 * connect to the port it printed, and each side's send and recv of the 4
 * bytes, under the names of the system calls Python made. */
static void
check_calls (const char *out, const char *path, guint64 port)
{
  g_autofree char *calls = cli_on ("calls", path);
  g_autofree char *connect = g_strdup_printf (", 127.0.0.1:%" G_GUINT64_FORMAT ") = 0", port);
  static const char *const wanted[] = {
    "socket(AF_INET, SOCK_STREAM", "bind(", ", 127.0.0.1:0) = 0", "listen(", "accept4(",
    LADDER_TEST_SEND_MADE "(", LADDER_TEST_RECV_MADE "(", "\"here\"", "close(",
  };

  g_test_message ("%s", calls);
  g_assert_nonnull (strstr (out, " socket calls\n"));
  g_assert_cmpuint (socket_calls (out, "run-here: captured "), >, 0);
  g_assert_cmpuint (socket_calls (out, "run-here: captured "), ==, socket_calls (calls, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    g_assert_nonnull (strstr (calls, wanted[i]));
  g_assert_nonnull (strstr (calls, "connect("));
  g_assert_nonnull (strstr (calls, connect));
  /* the listener's calls come before the connect */
  g_assert_true (strstr (calls, "listen(") < strstr (calls, "connect("));
}

/* The TCP script's connection, drawn from the capture: a whole handshake,
 * the 4 bytes each way, closed with FINs. */
static void
check_tcp (const char *out, const char *path)
{
  g_autofree char *tcp = NULL, *want = NULL;
  guint64 port = 0;

  g_assert_cmpint (sscanf (out, "%" G_GUINT64_FORMAT " here", &port), ==, 1);
  g_assert_cmpuint (port, >, 0);
  g_assert_nonnull (strstr (out, " here\n"));
  tcp = cli_on ("tcp", path);
  want = g_strdup_printf ("→ 127.0.0.1:%" G_GUINT64_FORMAT "\n    handshake SYN", port);
  g_assert_nonnull (strstr (tcp, want));
  g_assert_nonnull (strstr (tcp, "data client→server 4 B, server→client 4 B"));
  check_calls (out, path, port);
}

static void
test_tcp (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "tcp.pcapng", NULL);
  g_autofree char *out = NULL, *err = NULL, *info = NULL;
  int status = -1;

  if (skip_unless_root ())
    return;
  out = run_here ((const char *const[]) { "python3", "-c", tcp_script, NULL }, path, FALSE, NULL,
                  &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "run-here: captured "));
  info = cli_on ("info", path);
  g_assert_nonnull (strstr (info, "Interface 0: lo,"));
  check_tcp (out, path);
  g_unlink (path);
}

static void
test_ping (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "ping.pcapng", NULL);
  g_autofree char *out = NULL, *err = NULL, *ping = NULL, *program = g_find_program_in_path ("ping");
  int status = -1;

  if (skip_unless_root ())
    return;
  if (program == NULL)
    {
      g_test_skip ("no ping here (package iputils-ping)");
      return;
    }
  out = run_here ((const char *const[]) { "ping", "-c", "2", "-i", "0.2", "127.0.0.1", NULL },
                  path, FALSE, NULL, &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  ping = cli_on ("ping", path);
  g_test_message ("%s", ping);
  /* Other programs may ping this machine's loopback at the same time:
   * at least our session, 2 for 2. */
  g_assert_nonnull (strstr (ping, "127.0.0.1 → 127.0.0.1"));
  g_assert_nonnull (strstr (ping, "2 sent, 2 received, 0% loss"));
  /* ping holds a capability of its own (Debian: cap_net_raw+ep), which
   * the tracer would take away: it runs untraced, and run-here says so */
  if (privileged (program))
    g_assert_nonnull (strstr (err, "ping has privileges of its own"));
  else
    g_assert_nonnull (strstr (out, " socket calls\n"));
  g_unlink (path);
}

/* Everything FD gives until its end; FD is closed. */
static char *
read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buf[4096];
  gssize n;

  while ((n = read (fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (text, buf, n);
  close (fd);
  return g_string_free (text, FALSE);
}

/* Echoes what it reads until its input ends. */
static const char echo_script[] =
  "import sys\n"
  "for line in sys.stdin:\n"
  "    print('echo:', line.strip(), flush=True)\n"
  "print('to stderr', file=sys.stderr, flush=True)\n";

/* --keep-lines: what run-here's standard input holds reaches COMMAND,
 * COMMAND's output is passed on, and the capture keeps every line, typed
 * and written, after the packets; `calls` still counts only calls. */
static void
test_keep_lines (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "lines.pcapng", NULL);
  g_autofree char *input = g_build_filename (tmpdir, "typed.txt", NULL);
  g_autofree char *out = NULL, *err = NULL, *calls = NULL;
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(GError) error = NULL;
  const char *argv[] = { cli, "run-here", "--keep-lines", "-i", "lo", "-w", path, "--",
                         "python3", "-c", echo_script, NULL };
  int status = -1, in_fd;
  GPid pid;
  int out_fd = -1, err_fd = -1;

  if (skip_unless_root ())
    return;
  g_assert_true (g_file_set_contents (input, "first typed\nsecond typed\n", -1, NULL));
  in_fd = open (input, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (in_fd, >=, 0);
  g_assert_true (g_spawn_async_with_pipes_and_fds (tmpdir, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                                   NULL, NULL, in_fd, -1, -1, NULL, NULL, 0,
                                                   &pid, NULL, &out_fd, &err_fd, &error));
  g_assert_no_error (error);
  close (in_fd);
  out = read_all (out_fd);
  err = read_all (err_fd);
  waitpid (pid, &status, 0);
  g_test_message ("%s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "echo: first typed\necho: second typed\n"));
  g_assert_nonnull (strstr (err, "to stderr\n"));
  g_assert_true (ladder_load_file (capture, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (ladder_test_find_output (capture, LADDER_OUTPUT_STDIN, "first typed"));
  g_assert_nonnull (ladder_test_find_output (capture, LADDER_OUTPUT_STDIN, "second typed"));
  g_assert_nonnull (ladder_test_find_output (capture, LADDER_OUTPUT_STDOUT, "echo: second typed"));
  g_assert_nonnull (ladder_test_find_output (capture, LADDER_OUTPUT_STDERR, "to stderr"));
  g_assert_cmpstr (ladder_test_find_output (capture, LADDER_OUTPUT_STDOUT, "echo: first typed")->program, ==, "python3");
  g_assert_cmpuint (ladder_capture_get_n_outputs (capture), ==, 5);
  /* the lines are no calls: the summary and `calls` agree */
  calls = cli_on ("calls", path);
  g_assert_cmpuint (socket_calls (out, "run-here: captured "), ==, socket_calls (calls, NULL));
  g_unlink (input);
  g_unlink (path);
}

/* The helper holds no capability once its handles are open. */
static void
test_drops_capabilities (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "caps.pcapng", NULL);
  g_autofree char *out = NULL, *err = NULL;
  int status = -1;

  if (skip_unless_root ())
    return;
  out = run_here ((const char *const[]) { "python3", "-c", caps_script, NULL }, path, FALSE, NULL,
                  &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "helper CapEff 0000000000000000\n"));
  g_unlink (path);
}

/* A failing command fails the run, and the capture is still whole. */
static void
test_command_fails (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "false.pcapng", NULL);
  g_autofree char *out = NULL, *err = NULL, *info = NULL;
  int status = -1;

  if (skip_unless_root ())
    return;
  out = run_here ((const char *const[]) { "false", NULL }, path, FALSE, NULL, &status, &err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "false"));
  info = cli_on ("info", path);
  g_assert_nonnull (strstr (info, "Interface 0: lo,"));

  /* No such program: said before anything starts, and FILE (the capture
   * just made) is left as it was. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&info, g_free);
  info = cli_on ("info", path);
  out = run_here ((const char *const[]) { "no-such-program-here", NULL }, path, FALSE, NULL, &status, &err);
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "no program “no-such-program-here” to run"));
  {
    g_autofree char *again = cli_on ("info", path);
    g_assert_cmpstr (again, ==, info);
  }
  g_unlink (path);
}

static void
own_group (gpointer data)
{
  setpgid (0, 0);
}

/* SIGINT to run-here's process group (the window's Stop; Ctrl-C on an
 * untraced command): the command ends at once, run-here lives on to
 * finish the file, with the packets the command sent before and the calls
 * it made. */
static void
test_interrupted (void)
{
  static const char script[] =
    "import socket, time\n"
    "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
    "k = socket.create_connection(s.getsockname()); print('connected', flush=True)\n"
    "time.sleep(60)\n";
  g_autofree char *path = g_build_filename (tmpdir, "interrupted.pcapng", NULL);
  g_autofree char *calls = NULL, *info = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { cli, "run-here", "-i", "lo", "-w", path, "--", "python3", "-c", script, NULL };
  char line[256] = "";
  GPid pid;
  int out_fd = -1, err_fd = -1, status = -1;
  gint64 sent_us;
  FILE *out, *err;

  if (skip_unless_root ())
    return;
  g_assert_true (g_spawn_async_with_pipes (tmpdir, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           own_group, NULL, &pid, NULL, &out_fd, &err_fd, &error));
  g_assert_no_error (error);
  out = fdopen (out_fd, "r");
  err = fdopen (err_fd, "r");
  g_assert_nonnull (fgets (line, sizeof line, out));
  g_assert_cmpstr (line, ==, "connected\n");
  g_usleep (300 * 1000);
  sent_us = g_get_monotonic_time ();
  g_assert_cmpint (kill (-pid, SIGINT), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_test_message ("run-here ended %" G_GINT64_FORMAT " ms after SIGINT",
                  (g_get_monotonic_time () - sent_us) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - sent_us, <, 2 * G_USEC_PER_SEC);
  g_spawn_close_pid (pid);
  /* the command was interrupted: a failure, but run-here told its summary */
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  {
    g_autoptr(GString) messages = g_string_new (NULL);

    while (fgets (line, sizeof line, out) != NULL || fgets (line, sizeof line, err) != NULL)
      g_string_append (messages, line);
    g_test_message ("%s", messages->str);
    g_assert_nonnull (strstr (messages->str, "run-here: stopped (Interrupt)"));
    g_assert_nonnull (strstr (messages->str, "run-here: captured "));
  }
  fclose (out);
  fclose (err);
  info = cli_on ("info", path);
  g_assert_nonnull (strstr (info, "Interface 0: lo,"));
  calls = cli_on ("calls", path);
  g_assert_nonnull (strstr (calls, "listen("));
  g_assert_nonnull (strstr (calls, "connect("));
  g_unlink (path);
}

/* An ordinary user: without the capability a message that says how to
 * grant it; with cap_net_raw+ep on the helper (as `meson install` sets it)
 * the capture works. */
static void
test_nobody (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "nobody.pcapng", NULL);
  g_autofree char *helper = g_build_filename (tmpdir, "wireladder-capture", NULL);
  g_autofree char *out = NULL, *err = NULL, *setcap_err = NULL, *env_helper = NULL;
  g_auto(GStrv) envp = NULL;
  gsize len = 0;
  int status = -1;

  if (skip_unless_root ())
    return;
  out = run_here ((const char *const[]) { "true", NULL }, path, TRUE, NULL, &status, &err);
  if (WIFEXITED (status) && (WEXITSTATUS (status) == 125 || strstr (err, "ermission denied") != NULL))
    {
      g_autofree char *msg = g_strdup_printf ("cannot run the build tree as nobody: %s", err);
      g_test_skip (msg);
      return;
    }
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "needs CAP_NET_RAW"));
  g_assert_nonnull (strstr (err, "setcap cap_net_raw+ep"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_get_contents (g_getenv ("WIRELADDER_CAPTURE_BUILT"), &out, &len, NULL));
  g_assert_true (g_file_set_contents (helper, out, (gssize) len, NULL));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (g_chmod (helper, 0755), ==, 0);
  if (!g_spawn_sync (NULL, (char *[]) { "setcap", "cap_net_raw+ep", helper, NULL }, NULL,
                     G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &setcap_err, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    {
      g_autofree char *msg = g_strdup_printf ("cannot set a file capability here: %s",
                                              setcap_err != NULL ? setcap_err : "no setcap (libcap2-bin)");
      g_test_skip (msg);
      g_unlink (helper);
      return;
    }
  envp = g_environ_setenv (g_get_environ (), "WIRELADDER_CAPTURE", helper, TRUE);
  out = run_here ((const char *const[]) { "python3", "-c", tcp_script, NULL }, path, TRUE, envp,
                  &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  check_tcp (out, path);
  g_unlink (path);
  g_unlink (helper);
}

static void
test_usage (void)
{
  static const char *const cases[][4] = {
    { "run-here", "--", "true", NULL },
    { "run-here", "-w", "/dev/null", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      const char *argv[6] = { cli };
      int status = -1;

      for (guint j = 0; cases[i][j] != NULL; j++)
        argv[j + 1] = cases[i][j];
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                    &err, &status, NULL);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      g_assert_nonnull (strstr (err, "Usage: wireladder-cli run-here"));
    }
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  cli = g_getenv ("WIRELADDER_CLI");
  g_assert_nonnull (cli);
  tmpdir = g_dir_make_tmp ("wireladder-run-here-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  /* nobody writes its capture here */
  g_assert_cmpint (g_chmod (tmpdir, 0777), ==, 0);
  g_test_add_func ("/ladder/run-here/usage", test_usage);
  g_test_add_func ("/ladder/run-here/tcp", test_tcp);
  g_test_add_func ("/ladder/run-here/ping", test_ping);
  g_test_add_func ("/ladder/run-here/keep-lines", test_keep_lines);
  g_test_add_func ("/ladder/run-here/drops-capabilities", test_drops_capabilities);
  g_test_add_func ("/ladder/run-here/command-fails", test_command_fails);
  g_test_add_func ("/ladder/run-here/nobody", test_nobody);
  g_test_add_func ("/ladder/run-here/interrupted", test_interrupted);
  ret = g_test_run ();
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return ret;
}
