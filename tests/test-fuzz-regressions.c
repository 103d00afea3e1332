/* test-fuzz-regressions.c: inputs the fuzzers in tests/fuzz/ found, kept
 * so that the bugs they showed stay fixed.  Run under the sanitizer build
 * (UBSAN_OPTIONS=halt_on_error=1, as tests/run-suite.sh does): some of
 * them only fail there. */
#include <gio/gio.h>
#include <glib-unix.h>
#include <unistd.h>

#include "ladder-lab-private.h"
#include "ladder-lab-protocol.h"

/* fuzz-lab-protocol: a pair without '=' computed NULL + 1 before it was
 * refused (UBSan: "applying non-zero offset 1 to null pointer"). */
static void
test_lab_pair_without_equals (void)
{
  static const char *const lines[] = { "start x", "probe a", "start scenario=ping x", "stop -" };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;
      LadderLabMessage msg;

      g_assert_false (ladder_lab_message_parse (lines[i], &msg, &error));
      g_assert_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS);
      g_assert_null (msg.message);
    }
}

/* Runs the helper with INPUT on stdin; returns what it wrote on fd 4. */
static char *
run_helper (const char *input, gsize len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ladder_lab_find_program ("wireladder-lab-helper", "WIRELADDER_LAB_HELPER", &error);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GSubprocess) helper = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (input, len);
  GString *out = g_string_new (NULL);
  char buf[4096];
  gssize n;
  int fds[2];

  g_assert_no_error (error);
  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_subprocess_launcher_take_fd (launcher, fds[1], 4);
  helper = g_subprocess_launcher_spawn (launcher, &error, path, NULL);
  g_assert_no_error (error);
  g_clear_object (&launcher);
  g_assert_true (g_subprocess_communicate (helper, bytes, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  while ((n = read (fds[0], buf, sizeof buf)) > 0)
    g_string_append_len (out, buf, n);
  close (fds[0]);
  g_assert_true (g_subprocess_get_if_exited (helper));
  g_assert_cmpint (g_subprocess_get_exit_status (helper), ==, 0);
  return g_string_free (out, FALSE);
}

/* The helper cut a command line at a NUL byte and acted on the part before
 * it: "stop\0anything" was taken for "stop".  PROTOCOL.md: text lines,
 * anything else refused. */
static void
test_lab_helper_nul_byte (void)
{
  static const char input[] = "stop\0anything\nquit\n";
  g_autofree char *out = run_helper (input, sizeof input - 1);

  g_assert_cmpstr (out, ==,
                   "hello version=1\n"
                   "error code=params message=Malformed message: a NUL byte\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/fuzz-regressions/lab-pair-without-equals", test_lab_pair_without_equals);
  g_test_add_func ("/ladder/fuzz-regressions/lab-helper-nul-byte", test_lab_helper_nul_byte);
  return g_test_run ();
}
