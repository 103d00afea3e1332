/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: wireladder-cli end to end: exit statuses, error lines, JSON
 * that parses, every corpus file through every subcommand without a crash
 * or sanitizer report. */
#define _GNU_SOURCE 1  /* F_GETPIPE_SZ */
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ladder-test-util.h"
#include "ladder-test-minify.h"

static const char *commands[] = { "info", "packets", "conversations", "tcp", "ping", "traceroute" };

typedef struct
{
  int   status;   /* exit status, or 128 + signal */
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static const char *
cli_path (void)
{
  const char *path = g_getenv ("WIRELADDER_CLI");
  g_assert_nonnull (path);
  return path;
}

/* Runs the CLI with ARGV (NULL-terminated, without argv[0]); STDIN_FILE may be NULL. */
static Run
run_cli (const char * const *args, const char *stdin_file)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  Run run = { 0 };

  g_ptr_array_add (argv, (char *) cli_path ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  /* Sanitizer reports must not hide behind our own exit status 1. */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "exitcode=86:detect_leaks=1", TRUE);
  g_subprocess_launcher_setenv (launcher, "UBSAN_OPTIONS", "halt_on_error=1:exitcode=87:print_stacktrace=1", TRUE);
  if (stdin_file != NULL)
    g_subprocess_launcher_set_stdin_file_path (launcher, stdin_file);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run.out, &run.err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_exited (proc))
    run.status = g_subprocess_get_exit_status (proc);
  else
    run.status = 128 + g_subprocess_get_term_sig (proc);
  return run;
}

static void
test_json_checker (void)
{
  g_assert_true (ladder_test_json_parses ("{\"a\":[1,-2.5e3,true,null,\"x\\n\"]}\n"));
  g_assert_false (ladder_test_json_parses ("{\"a\":[1,]}"));
  g_assert_false (ladder_test_json_parses ("{\"a\" 1}"));
  g_assert_false (ladder_test_json_parses ("[1] 2"));
  g_assert_false (ladder_test_json_parses ("\"tab\there\""));
}

static gboolean
is_one_line (const char *text)
{
  const char *nl = strchr (text, '\n');
  return nl != NULL && nl[1] == '\0' && nl != text;
}


static void
test_usage (void)
{
  const char *none[] = { NULL };
  const char *bad_cmd[] = { "frobnicate", "x.pcap", NULL };
  const char *bad_opt[] = { "tcp", "--nope", "x.pcap", NULL };
  const char *help[] = { "--help", NULL };
  Run run;

  run = run_cli (none, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run = run_cli (bad_cmd, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown command"));
  run_clear (&run);
  run = run_cli (bad_opt, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run = run_cli (help, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "traceroute"));
  run_clear (&run);
  /* each command's usage line names its one FILE once */
  for (guint i = 0; i < 3; i++)
    {
      const char *command[] = { (const char *[]) { "render", "story", "sockets" }[i], "--help", NULL };
      g_autofree char *usage = g_strdup_printf ("%s [OPTION", command[0]);

      run = run_cli (command, NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, usage));
      g_assert_nonnull (strstr (run.out, "] FILE - "));
      g_assert_null (strstr (run.out, "FILE FILE"));
      run_clear (&run);
    }
}

static void
test_not_a_capture (void)
{
  g_autofree char *readme = g_test_build_filename (G_TEST_DIST, "meson.build", NULL);
  const char *args[] = { "tcp", readme, NULL };
  const char *missing[] = { "info", "/nonexistent/file.pcap", NULL };
  Run run;

  run = run_cli (args, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "meson.build"));
  g_assert_true (is_one_line (run.err));
  run_clear (&run);
  run = run_cli (missing, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "/nonexistent/file.pcap"));
  run_clear (&run);
}

/* A capture cut mid-record: what came before is reported, then the error. */
static void
test_truncated_file (void)
{
  g_autofree char *src = ladder_test_data_path ("ping-v4.pcap");
  g_autofree char *contents = NULL;
  gsize len;
  g_autofree char *tmp = g_build_filename (g_get_tmp_dir (), "wireladder-cut.pcap", NULL);
  const char *args[] = { "ping", "--json", tmp, NULL };
  Run run;

  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 200);
  g_assert_true (g_file_set_contents (tmp, contents, len - 30, NULL));
  run = run_cli (args, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (ladder_test_json_parses (run.out));
  g_assert_nonnull (strstr (run.out, "\"requests\""));
  g_assert_nonnull (strstr (run.err, "truncated"));
  run_clear (&run);
  g_unlink (tmp);
}

/* A pcap of N_PACKETS identical 60-byte Ethernet/IPv4/UDP frames. */
static void
write_udp_capture (const char *path, guint n_packets)
{
  static const guint8 header[24] = {
    0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0,
  };
  guint8 rec[16 + 60] = {
    [8] = 60, [12] = 60,                                     /* caplen, wirelen */
    [16 + 12] = 0x08, [16 + 14] = 0x45, [16 + 17] = 46,      /* IPv4, total length 46 */
    [16 + 22] = 64, [16 + 23] = 17,                          /* TTL, UDP */
    [16 + 26] = 10, [16 + 29] = 1, [16 + 30] = 10, [16 + 33] = 2,
    [16 + 34] = 0x30, [16 + 36] = 0x30, [16 + 37] = 0x39, [16 + 39] = 26,
  };
  FILE *fp = fopen (path, "wb");

  g_assert_nonnull (fp);
  g_assert_cmpuint (fwrite (header, 1, sizeof header, fp), ==, sizeof header);
  for (guint i = 0; i < n_packets; i++)
    {
      rec[0] = (guint8) i;  /* seconds: one packet a second */
      rec[1] = (guint8) (i >> 8);
      rec[2] = (guint8) (i >> 16);
      g_assert_cmpuint (fwrite (rec, 1, sizeof rec, fp), ==, sizeof rec);
    }
  g_assert_cmpint (fclose (fp), ==, 0);
}

static char *first_difference (const char *want, const char *got);

/* A capture of N_UDP one-packet UDP conversations, then N_TCP TCP ones
 * (SYN and SYN-ACK each): a table big enough for conversations --json and
 * tcp --json to be formatted in blocks, the first blocks without TCP. */
static void
write_many_flows_capture (const char *path, guint n_udp, guint n_tcp)
{
  static const guint8 header[24] = {
    0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0,
  };
  FILE *fp = fopen (path, "wb");
  guint n = 0;

  g_assert_nonnull (fp);
  g_assert_cmpuint (fwrite (header, 1, sizeof header, fp), ==, sizeof header);
  for (guint i = 0; i < n_udp + 2 * n_tcp; i++)
    {
      gboolean tcp = i >= n_udp, reply = tcp && (i - n_udp) % 2 == 1;
      guint flow = tcp ? (i - n_udp) / 2 : i;
      guint16 cport = (guint16) (20000 + flow % 40000);
      guint len = tcp ? 54 : 42;
      guint8 rec[16 + 54] = {
        [16 + 12] = 0x08, [16 + 14] = 0x45, [16 + 22] = 64,
        [16 + 26] = 10, [16 + 30] = 10,
      };

      rec[0] = (guint8) (n / 1000);                  /* a packet every millisecond */
      rec[4] = (guint8) ((n % 1000) * 1000), rec[5] = (guint8) (((n % 1000) * 1000) >> 8);
      rec[6] = (guint8) (((n % 1000) * 1000) >> 16);
      rec[8] = rec[12] = (guint8) len;
      rec[16 + 17] = (guint8) (len - 14);
      rec[16 + 23] = tcp ? 6 : 17;
      rec[16 + 28] = (guint8) (flow >> 8), rec[16 + 29] = (guint8) flow;   /* client 10.0.x.y */
      rec[16 + 32] = 1, rec[16 + 33] = 2;                                  /* server 10.0.1.2 */
      rec[16 + 34] = (guint8) (cport >> 8), rec[16 + 35] = (guint8) cport;
      rec[16 + 36] = 0, rec[16 + 37] = tcp ? 80 : 53;
      if (reply)
        {
          /* swap addresses and ports */
          for (guint b = 0; b < 4; b++)
            {
              guint8 t = rec[16 + 26 + b]; rec[16 + 26 + b] = rec[16 + 30 + b]; rec[16 + 30 + b] = t;
            }
          for (guint b = 0; b < 2; b++)
            {
              guint8 t = rec[16 + 34 + b]; rec[16 + 34 + b] = rec[16 + 36 + b]; rec[16 + 36 + b] = t;
            }
        }
      if (tcp)
        {
          rec[16 + 38] = 1;                        /* seq */
          rec[16 + 45] = reply ? 1 : 0;            /* ack: the SYN-ACK's */
          rec[16 + 46] = 0x50;
          rec[16 + 47] = reply ? 0x12 : 0x02;      /* SYN-ACK : SYN */
          rec[16 + 48] = 0xff;
        }
      else
        rec[16 + 39] = 8;                          /* UDP length */
      g_assert_cmpuint (fwrite (rec, 1, 16 + len, fp), ==, 16 + len);
      n++;
    }
  g_assert_cmpint (fclose (fp), ==, 0);
}

static guint
count_substrings (const char *text, const char *needle)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

/* The big tables are formatted in blocks of 1024 conversations by two
 * threads when a core is free: the text must be the same byte for byte as
 * one thread writes it, compact and pretty, with blocks that hold no TCP
 * connection at all. */
static void
test_tables_in_blocks (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "wireladder-blocks.pcap", NULL);
  static const char *const commands_[] = { "conversations", "tcp" };
  static const char *const needles[] = { "\"index\":", "\"stream\":" };

  write_many_flows_capture (path, 2500, 2000);
  for (guint c = 0; c < G_N_ELEMENTS (commands_); c++)
    for (guint pretty = 0; pretty < 2; pretty++)
      {
        const char *args[] = { commands_[c], "--json", pretty ? "--pretty" : NULL, NULL, NULL };
        Run one, two;

        args[pretty ? 3 : 2] = path;
        g_setenv ("WIRELADDER_DECODE_THREAD", "0", TRUE);
        one = run_cli (args, NULL);
        g_setenv ("WIRELADDER_DECODE_THREAD", "1", TRUE);
        two = run_cli (args, NULL);
        g_unsetenv ("WIRELADDER_DECODE_THREAD");
        g_assert_cmpint (one.status, ==, 0);
        g_assert_cmpint (two.status, ==, 0);
        g_assert_true (ladder_test_json_parses (one.out));
        if (!pretty)
          g_assert_cmpuint (count_substrings (one.out, needles[c]), ==, c == 0 ? 4500 : 2000);
        if (!g_str_equal (one.out, two.out))
          g_error ("%s --json%s: one thread and two differ, %s", commands_[c], pretty ? " --pretty" : "",
                   first_difference (one.out, two.out));
        run_clear (&one);
        run_clear (&two);
      }
  g_unlink (path);
}

/* Appends a raw-IP pcap record of LEN bytes, stamped N milliseconds in. */
static void
put_raw_record (FILE *fp, guint n, const guint8 *ip, guint len)
{
  guint32 rec[4] = { n / 1000, (n % 1000) * 1000, len, len };

  g_assert_cmpuint (fwrite (rec, 1, sizeof rec, fp), ==, sizeof rec);
  g_assert_cmpuint (fwrite (ip, 1, len, fp), ==, len);
}

/* N_UDP one-packet UDP flows, with a TCP SYN from 10.0.0.1:40000 to
 * 10.0.0.2:80 after the first AT of them, sent as two IPv4 fragments that
 * split its TCP header: the SYN flag is in the second. */
static void
write_fragments_capture (const char *path, guint n_udp, guint at)
{
  static const guint32 header[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 101 };
  static const guint8 tcp[20] = { 0x9c, 0x40, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff };
  FILE *fp = fopen (path, "wb");
  guint n = 0;

  g_assert_nonnull (fp);
  g_assert_cmpuint (fwrite (header, 1, sizeof header, fp), ==, sizeof header);
  for (guint i = 0; i < n_udp; i++)
    {
      guint8 udp[28] = { 0x45, 0, 0, 28, [8] = 64, [9] = 17, [12] = 10, [13] = 9,
                         [16] = 10, [17] = 0, [18] = 1, [19] = 2, [22] = 0, [23] = 53, [25] = 8 };

      udp[14] = (guint8) (i >> 8), udp[15] = (guint8) i;
      udp[20] = (guint8) (20000 + i) >> 8 | 0x80, udp[21] = (guint8) i;
      put_raw_record (fp, n++, udp, sizeof udp);
      if (i + 1 != at)
        continue;
      for (guint f = 0; f < 2; f++)
        {
          guint from = f == 0 ? 0 : 8, to = f == 0 ? 8 : 20;
          guint8 frag[40] = { 0x45, 0, 0, 0, 0, 7, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2 };

          frag[3] = (guint8) (20 + to - from);
          frag[6] = f == 0 ? 0x20 : 0;              /* more fragments */
          frag[7] = (guint8) (from / 8);
          memcpy (frag + 20, tcp + from, to - from);
          put_raw_record (fp, n++, frag, 20 + to - from);
        }
    }
  g_assert_cmpint (fclose (fp), ==, 0);
}

/* With two threads the analysis thread decodes a share of each batch from
 * the mapped file, fragments included: reassembling them takes their
 * bytes, which it must find there.  The same table whoever decodes, and
 * the SYN found in the second fragment. */
static void
test_shared_decoding (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "wireladder-fragments.pcap", NULL);
  const char *args[] = { "tcp", "--json", path, NULL };
  static const char *const ways[][2] = { { "0", NULL }, { "1", "0" }, { "1", "250" }, { "1", "256" } };
  g_autofree char *first = NULL;

  /* the fragments are frames 301 and 302: in the second batch of 256, in
   * the analysis thread's share */
  write_fragments_capture (path, 600, 300);
  for (guint w = 0; w < G_N_ELEMENTS (ways); w++)
    {
      Run run;

      g_setenv ("WIRELADDER_DECODE_THREAD", ways[w][0], TRUE);
      if (ways[w][1] != NULL)
        g_setenv ("WIRELADDER_DECODE_SHARE", ways[w][1], TRUE);
      run = run_cli (args, NULL);
      g_unsetenv ("WIRELADDER_DECODE_THREAD");
      g_unsetenv ("WIRELADDER_DECODE_SHARE");
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (ladder_test_json_parses (run.out));
      if (strstr (run.out, "\"port\":40000") == NULL || strstr (run.out, "\"syn\":302,") == NULL)
        g_error ("thread %s, share %s: the split SYN was not put back together: %s", ways[w][0],
                 ways[w][1] ? ways[w][1] : "-", run.out);
      if (first == NULL)
        first = g_strdup (run.out);
      else
        g_assert_cmpstr (run.out, ==, first);
      run_clear (&run);
    }
  g_unlink (path);
}

/* Waits until the child writing into FD has filled the pipe and stopped
 * (blocked in write): FALSE if it exited first, or never filled it. */
static gboolean
wait_until_pipe_full (GPid pid, int fd)
{
  int capacity = fcntl (fd, F_GETPIPE_SZ);
  int last = -1, stable = 0;

  g_assert_cmpint (capacity, >, 4096);
  for (guint i = 0; i < 1000; i++)
    {
      int avail = 0;
      g_assert_cmpint (ioctl (fd, FIONREAD, &avail), ==, 0);
      /* stdio writes 4 KiB at a time, all or nothing: blocked once less is free */
      if (avail > capacity - 4096 && avail == last && ++stable >= 5)
        return TRUE;
      if (avail != last)
        stable = 0;
      last = avail;
      siginfo_t info = { 0 };
      /* exited? (WNOWAIT: the caller still reaps it) */
      g_assert_cmpint (waitid (P_PID, (id_t) pid, &info, WEXITED | WNOHANG | WNOWAIT), ==, 0);
      if (info.si_pid == pid)
        return FALSE;
      g_usleep (10000);
    }
  return FALSE;
}

static char *
read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buf[65536];
  ssize_t n;

  while ((n = read (fd, buf, sizeof buf)) > 0)
    g_string_append_len (text, buf, n);
  g_assert_cmpint (n, ==, 0);
  return g_string_free (text, FALSE);
}

/* One attempt: TRUE when the CLI was caught mid-file; then *STATUS and
 * *ERR tell how it ended after the file was cut short under it. */
static gboolean
cut_short_while_read (const char *path, guint n_packets, int *status, char **err)
{
  const char *argv[] = { cli_path (), "packets", path, NULL };
  g_auto (GStrv) envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  int out_fd, err_fd;
  gboolean caught;
  GPid pid;

  write_udp_capture (path, n_packets);
  envp = g_environ_setenv (envp, "ASAN_OPTIONS", "exitcode=86:detect_leaks=1", TRUE);
  g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, &err_fd, &error);
  g_assert_no_error (error);
  caught = wait_until_pipe_full (pid, out_fd);
  /* Keep the global header and the first record: the rest goes away. */
  if (caught)
    g_assert_cmpint (truncate (path, 24 + 16 + 60), ==, 0);
  out = read_all (out_fd);
  *err = read_all (err_fd);
  close (out_fd);
  close (err_fd);
  g_assert_cmpint (waitpid (pid, status, 0), ==, pid);
  g_spawn_close_pid (pid);
  return caught;
}

/* The reader maps the file; another process truncating it meanwhile
 * raises SIGBUS, which the CLI turns into a message and exit status 1. */
static void
test_cut_short_while_read (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "wireladder-sigbus.pcap", NULL);
  guint n_packets = 20000;

  for (guint attempt = 0; attempt < 3; attempt++, n_packets *= 4)
    {
      g_autofree char *err = NULL;
      int status = 0;

      if (!cut_short_while_read (path, n_packets, &status, &err))
        continue;
      g_unlink (path);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 1);
      g_assert_nonnull (strstr (err, "wireladder-cli: the input file was cut short while being read"));
      return;
    }
  g_unlink (path);
  g_test_skip ("wireladder-cli finished every capture before it could be cut short");
}

static void
test_stdin (void)
{
  g_autofree char *path = ladder_test_data_path ("ping-v4.pcap");
  const char *from_stdin[] = { "conversations", "--json", "-", NULL };
  const char *from_file[] = { "conversations", "--json", path, NULL };
  Run a = run_cli (from_stdin, path);
  Run b = run_cli (from_file, NULL);

  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
  g_assert_true (ladder_test_json_parses (a.out));
  run_clear (&a);
  run_clear (&b);
}

static void
check_file (const char *path, GString *failures)
{
  g_autofree char *name = g_path_get_basename (path);

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    for (int json = 0; json < 2; json++)
      {
        const char *args[] = { commands[c], json ? "--json" : path, json ? path : NULL, NULL };
        Run run = run_cli (args, NULL);
        if (run.status != 0 && run.status != 1)
          g_string_append_printf (failures, "%s %s%s: exit %d\n%s\n", commands[c], json ? "--json " : "",
                                  name, run.status, run.err);
        else if (run.status == 1 && (strstr (run.err, name) == NULL || !is_one_line (run.err)))
          g_string_append_printf (failures, "%s %s: error is not one line naming the file: %s\n", commands[c], name, run.err);
        else if (json && run.out[0] != '\0' && !ladder_test_json_parses (run.out))
          g_string_append_printf (failures, "%s --json %s: output is not JSON\n", commands[c], name);
        else if (run.status == 0 && run.err[0] != '\0')
          g_string_append_printf (failures, "%s %s: exit 0 but stderr: %s\n", commands[c], name, run.err);
        run_clear (&run);
      }
}

static void
test_every_capture (gconstpointer dir_name)
{
  g_autofree char *dir = dir_name ? g_test_build_filename (G_TEST_DIST, "data", (const char *) dir_name, NULL)
                                  : g_test_build_filename (G_TEST_DIST, "data", NULL);
  g_autoptr (GPtrArray) files = ladder_test_list_captures (dir);
  g_autoptr (GString) failures = g_string_new (NULL);

  g_assert_cmpuint (files->len, >, 10);
  for (guint i = 0; i < files->len; i++)
    check_file (g_ptr_array_index (files, i), failures);
  if (failures->len > 0)
    g_test_fail_printf ("%s", failures->str);
}

/* Golden output: every fixture's analyses as --json --pretty, checked in
 * tests/expected/cli/<fixture>.<command>.json.  A command with nothing to
 * report for a fixture has no file; its output must then be the empty
 * document.  To regenerate after an intended change, run the test with
 * WIRELADDER_UPDATE_GOLDEN=1 (or LADDER_UPDATE_GOLDEN=1, as for
 * test-dissect) and review the diff before committing. */
static const char *golden_commands[] = { "conversations", "tcp", "ping", "traceroute" };
static const char *golden_empty[] = {
  "{\n  \"conversations\": []\n}\n",
  "{\n  \"connections\": []\n}\n",
  "{\n  \"sessions\": []\n}\n",
  "{\n  \"traceroutes\": []\n}\n",
};

/* "line N: want ... / got ..." for the first line that differs. */
static char *
first_difference (const char *want, const char *got)
{
  g_auto (GStrv) a = g_strsplit (want, "\n", -1);
  g_auto (GStrv) b = g_strsplit (got, "\n", -1);
  guint i = 0;

  while (a[i] != NULL && b[i] != NULL && g_str_equal (a[i], b[i]))
    i++;
  return g_strdup_printf ("line %u: want \"%s\", got \"%s\"", i + 1, a[i] ? a[i] : "(end)",
                          b[i] ? b[i] : "(end)");
}

/* The compact conversation and TCP tables are written by their own code
 * (each item in one piece): they must be the pretty ones without their
 * whitespace. */
static void
check_compact (const char *command, const char *path, const char *pretty, GString *failures)
{
  const char *args[] = { command, "--json", path, NULL };
  g_autofree char *minified = ladder_test_minify_json (pretty);
  g_autofree char *want = g_strconcat (minified, "\n", NULL);
  Run run = run_cli (args, NULL);

  if (run.status != 0 || !g_str_equal (want, run.out))
    {
      g_autofree char *name = g_path_get_basename (path);
      g_string_append_printf (failures, "%s --json %s: not the pretty text minified (exit %d)\n", command,
                              name, run.status);
    }
  run_clear (&run);
}

/* THREAD: WIRELADDER_DECODE_THREAD for the run ("0" or "1"); SHARE, when
 * not NULL, WIRELADDER_DECODE_SHARE. */
static void
check_golden (const char *path, guint c, const char *thread, const char *share, gboolean update,
              GString *failures)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *golden_name = g_strdup_printf ("%s.%s.json", name, golden_commands[c]);
  g_autofree char *golden = g_test_build_filename (G_TEST_DIST, "expected", "cli", golden_name, NULL);
  g_autofree char *want = NULL;
  const char *args[] = { golden_commands[c], "--json", "--pretty", path, NULL };
  Run run;
  gboolean empty;

  g_setenv ("WIRELADDER_DECODE_THREAD", thread, TRUE);
  if (share != NULL)
    g_setenv ("WIRELADDER_DECODE_SHARE", share, TRUE);
  run = run_cli (args, NULL);
  g_unsetenv ("WIRELADDER_DECODE_THREAD");
  g_unsetenv ("WIRELADDER_DECODE_SHARE");
  empty = g_str_equal (run.out, golden_empty[c]);

  if (run.status != 0)
    g_string_append_printf (failures, "%s %s: exit %d: %s", golden_commands[c], name, run.status, run.err);
  else if (update && empty)
    g_unlink (golden);
  else if (update)
    g_assert_true (g_file_set_contents (golden, run.out, -1, NULL));
  else if (!g_file_get_contents (golden, &want, NULL, NULL))
    {
      if (!empty)
        g_string_append_printf (failures, "%s: missing (WIRELADDER_UPDATE_GOLDEN=1 writes it)\n", golden_name);
    }
  else if (!g_str_equal (want, run.out))
    {
      g_autofree char *diff = first_difference (want, run.out);
      g_string_append_printf (failures, "%s differs, %s\n", golden_name, diff);
    }
  else if (c <= 1)   /* conversations, tcp */
    check_compact (golden_commands[c], path, run.out, failures);
  run_clear (&run);
}

/* Every golden file names a fixture and a command that still exist. */
static void
check_no_stale_goldens (GPtrArray *files, GString *failures)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "expected", "cli", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *entry;

  g_assert_nonnull (d);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *name = g_path_get_basename (g_ptr_array_index (files, i));
      for (guint c = 0; c < G_N_ELEMENTS (golden_commands); c++)
        g_hash_table_add (known, g_strdup_printf ("%s.%s.json", name, golden_commands[c]));
    }
  while ((entry = g_dir_read_name (d)) != NULL)
    if (!g_hash_table_contains (known, entry))
      g_string_append_printf (failures, "expected/cli/%s: no such fixture or command\n", entry);
}

static void
test_golden (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", NULL);
  g_autoptr (GPtrArray) files = ladder_test_list_captures (dir);
  g_autoptr (GString) failures = g_string_new (NULL);
  /* test-dissect's variable works here too: one run can rewrite them all. */
  gboolean update = g_strcmp0 (g_getenv ("WIRELADDER_UPDATE_GOLDEN"), "1") == 0
                    || g_getenv ("LADDER_UPDATE_GOLDEN") != NULL;

  g_assert_cmpuint (files->len, >, 10);
  /* The analyses decode in a second thread or not depending on the
   * machine's load, and with two the analysis thread decodes a share of
   * each batch: take turns, so the goldens check every way.  Share 250:
   * the first 6 frames of a batch decoded by the reading thread, the rest
   * (fragments, lab sightings among them) left to the analysis thread. */
  for (guint i = 0; i < files->len; i++)
    for (guint c = 0; c < G_N_ELEMENTS (golden_commands); c++)
      {
        guint way = (i + c) % 3;
        check_golden (g_ptr_array_index (files, i), c, way == 0 ? "0" : "1", way == 2 ? "250" : NULL,
                      update, failures);
      }
  if (!update)
    check_no_stale_goldens (files, failures);
  if (update)
    g_test_message ("golden files rewritten: review `git diff tests/expected/cli` before committing");
  if (failures->len > 0)
    g_test_fail_printf ("%s", failures->str);
}

static gint
compare_pointer_uint (gconstpointer a, gconstpointer b)
{
  guint x = GPOINTER_TO_UINT (a), y = GPOINTER_TO_UINT (b);
  return x < y ? -1 : x > y;
}

/* "LOW-HIGH" for a port pair, whichever side each port is on. */
static char *
port_pair (guint a, guint b)
{
  return g_strdup_printf ("%u-%u", MIN (a, b), MAX (a, b));
}

/* tshark's tcp.stream numbers, each with the port pair of its first frame. */
static GHashTable *
tshark_streams (const char *tshark, const char *path)
{
  g_autoptr (GHashTable) rows = ladder_test_tshark_field (tshark, path, "tcp",
                                                          "tcp.stream tcp.srcport tcp.dstport");
  GHashTable *pairs = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr (GList) frames = NULL;

  g_assert_nonnull (rows);
  frames = g_list_sort (g_hash_table_get_keys (rows), compare_pointer_uint);
  for (GList *l = frames; l != NULL; l = l->next)
    {
      /* Tunnelled frames list one value per TCP layer: the first counts
       * (strtoull stops at the comma). */
      g_auto (GStrv) cols = g_strsplit (g_hash_table_lookup (rows, l->data), "\t", -1);
      guint stream, sport, dport;

      if (g_strv_length (cols) != 3 || cols[0][0] == '\0')
        continue;
      stream = (guint) g_ascii_strtoull (cols[0], NULL, 10);
      sport = (guint) g_ascii_strtoull (cols[1], NULL, 10);
      dport = (guint) g_ascii_strtoull (cols[2], NULL, 10);
      if (!g_hash_table_contains (pairs, GUINT_TO_POINTER (stream)))
        g_hash_table_insert (pairs, GUINT_TO_POINTER (stream), port_pair (sport, dport));
    }
  return pairs;
}

/* Ours: `tcp --json`'s "stream" of each connection, with its port pair. */
static GHashTable *
cli_streams (const char *path)
{
  const char *args[] = { "tcp", "--json", path, NULL };
  Run run = run_cli (args, NULL);
  GHashTable *pairs = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  const char *p = run.out;

  g_assert_cmpint (run.status, ==, 0);
  while ((p = strstr (p, "{\"stream\":")) != NULL)
    {
      guint stream, conv, cport, sport;
      char caddr[64], saddr[64];

      g_assert_cmpint (sscanf (p, "{\"stream\":%u,\"conversation\":%u,\"client\":{\"addr\":\"%63[^\"]\","
                                  "\"port\":%u},\"server\":{\"addr\":\"%63[^\"]\",\"port\":%u}",
                               &stream, &conv, caddr, &cport, saddr, &sport), ==, 6);
      g_assert_false (g_hash_table_contains (pairs, GUINT_TO_POINTER (stream)));
      g_hash_table_insert (pairs, GUINT_TO_POINTER (stream), port_pair (cport, sport));
      p++;
    }
  run_clear (&run);
  return pairs;
}

/* `tcp --json`'s "stream" is Wireshark's tcp.stream: the same numbers, each
 * for the connection with the same ports, on fixtures where TCP comes after
 * other traffic, ports are reused, or TCP is tunnelled. */
static void
test_tcp_stream_tshark (void)
{
  static const char *const files[] = {
    "tcp-port-reuse.pcap", "tcp-multi-client.pcap", "traceroute-tcp-v4.pcap",
    "udp-byte-commands.pcap", "mixed-linktypes.pcapng", "lab-tcp-echo.pcapng",
    "tcp-echo-v6.pcap", "traceroute-mixed.pcap",
    "corpus/geneve.pcap", "corpus/zeek_tunnels_gre-sample.pcap", "corpus/lspping-fec-ldp.pcap",
    "corpus/of13_ericsson.pcapng", "corpus/zeek_ipv6-http-atomic-frag.pcap",
    "corpus/zeek_mpls-in-vlan.pcap",
  };
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  guint streams = 0;

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed: the oracle comparison needs it");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = ladder_test_data_path (files[i]);
      g_autoptr (GHashTable) theirs = tshark_streams (tshark, path);
      g_autoptr (GHashTable) ours = cli_streams (path);
      GHashTableIter iter;
      gpointer key, value;

      g_test_message ("%s: %u TCP streams", files[i], g_hash_table_size (ours));
      g_assert_cmpuint (g_hash_table_size (ours), ==, g_hash_table_size (theirs));
      g_hash_table_iter_init (&iter, theirs);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_assert_cmpstr (g_hash_table_lookup (ours, key), ==, value);
      streams += g_hash_table_size (ours);
    }
  g_assert_cmpuint (streams, >=, 40);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/cli/json-checker", test_json_checker);
  g_test_add_func ("/ladder/cli/usage", test_usage);
  g_test_add_func ("/ladder/cli/not-a-capture", test_not_a_capture);
  g_test_add_func ("/ladder/cli/truncated-file", test_truncated_file);
  g_test_add_func ("/ladder/cli/stdin", test_stdin);
  g_test_add_func ("/ladder/cli/cut-short-while-read", test_cut_short_while_read);
  g_test_add_data_func ("/ladder/cli/every-fixture", NULL, test_every_capture);
  g_test_add_func ("/ladder/cli/golden", test_golden);
  g_test_add_func ("/ladder/cli/tables-in-blocks", test_tables_in_blocks);
  g_test_add_func ("/ladder/cli/shared-decoding", test_shared_decoding);
  g_test_add_func ("/ladder/cli/tcp-stream-tshark", test_tcp_stream_tshark);
  g_test_add_data_func ("/ladder/cli/every-corpus-file", "corpus", test_every_capture);
  return g_test_run ();
}
