/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab-family.c: the lab in IPv6 (`--family 6`), on one host
 * (`--topology loopback`), and programs that copy their sockets (dup()),
 * for real through wireladder-cli, as root and in a user namespace
 * (--userns); each case skips, with the reason, where the lab cannot run.
 *
 * "The same ladder" is what `tcp` and `conversations` say with the
 * addresses, packet numbers and times taken out: the handshake, how the
 * connection closed, the bytes each way, both ends' RFC 9293 states; for
 * UDP each conversation's server port and datagrams each way.
 */

#define _GNU_SOURCE
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "../ladder-test-scripts.h"
#include "ladder-capture.h"
#include "ladder-test-lab.h"

static const char *programs;   /* tests/data/programs */

static char *
capture_path (const char *name)
{
  return g_build_filename (ladder_test_lab.tmpdir, name, NULL);
}

/* `lab run SCENARIO ARGS... [--userns]` into NAME; returns the path. */
static char *
run_lab (const char *scenario, const char *name, gboolean userns, const char *const *args)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autofree char *out = NULL;
  char *path = capture_path (name);

  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (all, (char *) args[i]);
  if (userns)
    g_ptr_array_add (all, "--userns");
  g_ptr_array_add (all, NULL);
  out = ladder_test_lab_run (scenario, (const char *const *) all->pdata, path);
  g_assert_nonnull (strstr (out, userns ? "user namespace" : "network namespaces (root)"));
  ladder_test_lab_assert_n_namespaces_gone (out, strstr (out, "one host (loopback)") ? 1 : 3);
  return path;
}

/* The CLI's COMMAND on PATH, which must succeed. */
static char *
cli_on (const char *command, const char *path)
{
  int status = -1;
  char *out = ladder_test_cli_run ((const char *const[]) { command, path, NULL }, &status, NULL);

  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* `tcp` without addresses, packet numbers and times. */
static char *
tcp_shape (const char *path)
{
  g_autofree char *out = cli_on ("tcp", path);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr(GRegex) numbers = g_regex_new (" ?\\(?#[0-9]+\\)?|  RTT [0-9.]+ ms", 0, 0, NULL);
  GString *shape = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "    "))
      {
        g_autofree char *line = g_regex_replace_literal (numbers, lines[i], -1, 0, "", 0, NULL);
        g_string_append_printf (shape, "%s\n", line);
      }
  g_test_message ("%s:\n%s", path, shape->str);
  return g_string_free (shape, FALSE);
}

/* `conversations`: per row protocol, server port, packets each way. */
static char *
conversation_shape (const char *path)
{
  g_autofree char *out = cli_on ("conversations", path);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GString *shape = g_string_new (NULL);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      for (guint j = 0; f[j] != NULL; j++)
        if (*f[j] != '\0')
          g_ptr_array_add (words, f[j]);
      if (words->len < 12)
        continue;
      g_string_append_printf (shape, "%s %s %s %s\n", (char *) words->pdata[1],
                              strrchr (words->pdata[3], ':'), (char *) words->pdata[6],
                              (char *) words->pdata[8]);
    }
  g_test_message ("%s:\n%s", path, shape->str);
  return g_string_free (shape, FALSE);
}

static void
check_tcp_echo (gboolean userns)
{
  g_autofree char *v4 = NULL, *v6 = NULL, *shape4 = NULL, *shape6 = NULL, *tcp6 = NULL;

  if (ladder_test_lab_skip (userns))
    return;
  v4 = run_lab ("tcp-echo", "echo4.pcapng", userns, (const char *const[]) { "--hops", "2", NULL });
  v6 = run_lab ("tcp-echo", "echo6.pcapng", userns,
                (const char *const[]) { "--hops", "2", "--family", "6", NULL });
  tcp6 = cli_on ("tcp", v6);
  g_assert_nonnull (strstr (tcp6, "[fd00:1::1]:"));
  g_assert_nonnull (strstr (tcp6, "→ [fd00:3::2]:7\n"));
  shape4 = tcp_shape (v4);
  shape6 = tcp_shape (v6);
  g_assert_nonnull (strstr (shape6, "handshake SYN  SYN-ACK  ACK"));
  g_assert_nonnull (strstr (shape6, "data client→server 6 B, server→client 18 B"));
  g_assert_cmpstr (shape6, ==, shape4);
  g_unlink (v4);
  g_unlink (v6);
}

static void
test_tcp_echo (void)
{
  check_tcp_echo (FALSE);
}

static void
test_tcp_echo_userns (void)
{
  check_tcp_echo (TRUE);
}

static void
check_udp (gboolean userns)
{
  g_autofree char *v4 = NULL, *v6 = NULL, *shape4 = NULL, *shape6 = NULL, *conv6 = NULL;

  if (ladder_test_lab_skip (userns))
    return;
  v4 = run_lab ("udp-timestamp", "udp4.pcapng", userns, (const char *const[]) { "--hops", "1", NULL });
  v6 = run_lab ("udp-timestamp", "udp6.pcapng", userns,
                (const char *const[]) { "--hops", "1", "--family", "6", NULL });
  conv6 = cli_on ("conversations", v6);
  g_assert_nonnull (strstr (conv6, "[fd00:101::1]:"));  /* client2 */
  g_assert_nonnull (strstr (conv6, "[fd00:2::2]:12000"));
  shape4 = conversation_shape (v4);
  shape6 = conversation_shape (v6);
  g_assert_cmpstr (shape6, ==, "udp :12000 1 1\nudp :12000 1 1\nudp :12000 1 1\n");
  g_assert_cmpstr (shape6, ==, shape4);
  g_unlink (v4);
  g_unlink (v6);
}

static void
test_udp (void)
{
  check_udp (FALSE);
}

static void
test_udp_userns (void)
{
  check_udp (TRUE);
}

/* ICMPv6: the traceroute's staircase answered by each router's IPv6
 * address, and ping's expiring request. */
static void
test_icmp (void)
{
  g_autofree char *trace = NULL, *ping = NULL, *out = NULL;

  if (ladder_test_lab_skip (TRUE))
    return;
  trace = run_lab ("traceroute", "trace6.pcapng", TRUE,
                   (const char *const[]) { "--hops", "2", "--family", "6", "--queries", "1", NULL });
  out = cli_on ("traceroute", trace);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "fd00:1::2"));
  g_assert_nonnull (strstr (out, "fd00:2::2"));
  g_assert_nonnull (strstr (out, "fd00:3::2"));
  g_clear_pointer (&out, g_free);
  ping = run_lab ("ping", "ping6.pcapng", TRUE, (const char *const[]) { "--family", "6", NULL });
  out = cli_on ("ping", ping);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "fd00:2::2"));   /* r2 says the hop limit ran out */
  g_unlink (trace);
  g_unlink (ping);
}

/* One host, captured on lo: the seeds' `telnet localhost 60000`. */
static void
check_loopback (const char *family, const char *addr)
{
  g_autofree char *path = NULL, *info = NULL, *tcp = NULL, *shape = NULL;
  g_autofree char *chain = NULL, *chain_shape = NULL, *expect = NULL;

  path = run_lab ("tcp-echo", "lo.pcapng", TRUE,
                  (const char *const[]) { "--topology", "loopback", "--family", family, NULL });
  info = cli_on ("info", path);
  g_assert_nonnull (strstr (info, "Interface 0: lo,"));
  g_assert_null (strstr (info, "Interface 1"));
  tcp = cli_on ("tcp", path);
  expect = g_strdup_printf ("→ %s:7\n", addr);
  g_assert_nonnull (strstr (tcp, expect));
  shape = tcp_shape (path);
  chain = run_lab ("tcp-echo", "chain.pcapng", TRUE, (const char *const[]) { "--hops", "1", NULL });
  chain_shape = tcp_shape (chain);
  g_assert_cmpstr (shape, ==, chain_shape);
  g_unlink (path);
  g_unlink (chain);
}

static void
test_loopback (void)
{
  if (ladder_test_lab_skip (TRUE))
    return;
  check_loopback ("4", "127.0.0.1");
  check_loopback ("6", "[::1]");
}

/* `lab run custom ARGS` from the programs' directory; its output. */
static char *
run_custom (const char *const *args, const char *path, int *status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (char *) ladder_test_lab.cli);
  g_ptr_array_add (argv, "lab");
  g_ptr_array_add (argv, "run");
  g_ptr_array_add (argv, "custom");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, "-w");
  g_ptr_array_add (argv, (char *) path);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (programs, (char **) argv->pdata, NULL, 0, NULL, NULL, &out, &err, status, &error);
  g_assert_no_error (error);
  g_test_message ("stdout:\n%sstderr:\n%s", out, err);
  return out;
}

static const LadderSocketCall *
find_call (LadderCapture *capture, const char *program, LadderCallKind kind, gint32 fd)
{
  for (guint i = 0; i < ladder_capture_get_n_calls (capture); i++)
    {
      const LadderSocketCall *call = ladder_capture_get_call (capture, i);
      if (call->kind == kind && strcmp (call->program, program) == 0 && (fd < 0 || call->fd == fd))
        return call;
    }
  return NULL;
}

/* The course's echo server in C (tests/data/programs/echo_server.c), one
 * echo per client: it listens within milliseconds, where a Python server
 * on a loaded machine can take longer to start than the lab's 2 s wait
 * for its listen(), and the clients would find nobody there. */
static char *
echo_server_command (const char *any, guint clients)
{
  return g_strdup_printf ("%s %u %s", g_getenv ("WIRELADDER_ECHO_SERVER"), clients, any);
}

/* Python clients over IPv6 by name (the lab's hosts file in IPv6). */
static void
test_custom_v6 (void)
{
  g_autofree char *path = capture_path ("custom6.pcapng");
  g_autofree char *out = NULL, *server = NULL;
  g_autoptr(LadderCapture) capture = NULL;
  const LadderSocketCall *connect;
  int status = -1;

  if (ladder_test_lab_skip (TRUE))
    return;
  server = echo_server_command ("::", 2);
  out = run_custom ((const char *const[]) { "--server", server,
                                            "--client", "python3 echo_client6.py one",
                                            "--client", "python3 echo_client6.py two",
                                            "--family", "6", "--hops", "1", "--userns", NULL },
                    path, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "client| echo: one\n"));
  g_assert_nonnull (strstr (out, "client2| echo: two\n"));
  g_assert_nonnull (strstr (out, "server| echoed 3 bytes\n"));
  ladder_test_lab_assert_namespaces_gone (out);
  capture = ladder_test_lab_load (path);
  connect = find_call (capture, "echo_client6.py", LADDER_CALL_CONNECT, -1);
  g_assert_nonnull (connect);
  g_assert_cmpstr (connect->args, ==, "3, [fd00:2::2]:60000");
  g_assert_cmpint (connect->result, ==, 0);
  g_unlink (path);
}

/* `ss -tap` on one host: the listener, and the connection from both
 * ends, each with its program. */
static gboolean
established_both (const char *ss)
{
  return ss != NULL && strstr (ss, "LISTEN") != NULL
         && strstr (ss, "ESTAB") != NULL && strstr (ss, "echo_client.py") != NULL
         && g_regex_match_simple ("127\\.0\\.0\\.1:60000 +127\\.0\\.0\\.1:[0-9]+", ss, 0, 0)
         && g_regex_match_simple ("127\\.0\\.0\\.1:[0-9]+ +127\\.0\\.0\\.1:60000", ss, 0, 0);
}

/* The course's Python server and client on one host, client by name
 * "localhost" as in `telnet localhost 60000`; `sockets --at` is `ss -tap`
 * on that host: the listener and both ends of the connection. */
static void
test_custom_loopback (void)
{
  g_autofree char *path = capture_path ("custom-lo.pcapng");
  g_autofree char *out = NULL, *ss = NULL, *at = NULL, *server = NULL;
  int status = -1;
  g_autoptr(LadderCapture) capture = NULL;
  const LadderSocketCall *send;

  if (ladder_test_lab_skip (TRUE))
    return;
  server = echo_server_command ("0.0.0.0", 1);
  out = run_custom ((const char *const[]) { "--server", server,
                                            "--client", "python3 echo_client.py local",
                                            "--topology", "loopback", "--userns", NULL },
                    path, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "localhost echo_client.py| echo: local\n"));
  g_assert_nonnull (strstr (out, "localhost echo-server| echoed 5 bytes\n"));
  ladder_test_lab_assert_n_namespaces_gone (out, 1);
  capture = ladder_test_lab_load (path);
  send = find_call (capture, "echo_client.py", LADDER_CALL_SEND, -1);
  g_assert_nonnull (send);
  g_assert_cmpstr (send->host, ==, "localhost");
  /* Some packet of the exchange sees all three (the samples of a user
   * namespace can come a packet late). */
  for (guint64 n = 3; n <= ladder_capture_get_n_frames (capture) && !established_both (ss); n++)
    {
      g_free (at);
      g_free (ss);
      at = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
      ss = ladder_test_cli_run ((const char *const[]) { "sockets", path, "--at", at, NULL },
                                &status, NULL);
    }
  g_test_message ("%s", ss);
  g_assert_true (established_both (ss));
  g_assert_nonnull (strstr (ss, "LISTEN"));
  g_assert_nonnull (strstr (ss, "\nlocalhost:\n"));
  g_assert_null (strstr (ss, "\nclient:\n"));
  g_unlink (path);
}

/* What a statically linked recv() is recorded as (recvfrom() on x86-64). */
#ifdef SYS_recv
#define RECV_SYSCALL LADDER_CALL_SYSCALL_KIND
#else
#define RECV_SYSCALL LADDER_CALL_SYSCALL_RECVFROM
#endif

/* Each of the dup client's calls under the name of the system call it
 * made (the copies of its socket, its write() and read() of the echo, its
 * recv() until the end; ARGS NULL: timing says which), in the recorded
 * calls, `calls` and the drawn ladder (DRAWN: a call that blocked while
 * packets went by has its result written where it returned). */
static void
check_dup_names (LadderCapture *capture, const char *path)
{
  static const struct { guint8 kind, syscall; const char *name, *args, *text, *drawn; } copies[] = {
    { LADDER_CALL_DUP, LADDER_CALL_SYSCALL_KIND, "dup", "3", "dup(3) = 4", "dup(3) = 4" },
    { LADDER_CALL_DUP, LADDER_CALL_SYSCALL_FCNTL, "fcntl", "3, F_DUPFD, 20", "fcntl(3, F_DUPFD, 20) = 20",
      "fcntl(3, F_DUPFD, 20) = 20" },
    { LADDER_CALL_DUP, LADDER_CALL_SYSCALL_DUP2, "dup2", "3, 30", "dup2(3, 30) = 30", "dup2(3, 30) = 30" },
    { LADDER_CALL_DUP, LADDER_CALL_SYSCALL_DUP3, "dup3", "3, 40, O_CLOEXEC", "dup3(3, 40, O_CLOEXEC) = 40",
      "dup3(3, 40, O_CLOEXEC) = 40" },
    { LADDER_CALL_SEND, LADDER_CALL_SYSCALL_WRITE, "write", "4, \"dup hello\", 9",
      "write(4, \"dup hello\", 9) = 9", "write(4, \"dup hello\", 9)" },
    { LADDER_CALL_RECV, LADDER_CALL_SYSCALL_READ, "read", "20, \"dup hello\", 1023",
      "read(20, \"dup hello\", 1023) = 9", "read(20, \"dup hello\", 1023)" },
    { LADDER_CALL_RECV, RECV_SYSCALL, LADDER_TEST_RECV_MADE, NULL, LADDER_TEST_RECV_MADE "(30, ",
      LADDER_TEST_RECV_MADE "(30, " },
  };
  g_autofree char *calls = cli_on ("calls", path);
  g_autofree char *svg_path = capture_path ("dup.svg");
  g_autofree char *out = NULL, *svg = NULL;
  int status = -1;
  guint n = 0;

  g_test_message ("%s", calls);
  out = ladder_test_cli_run ((const char *const[]) { "render", path, "--view", "sequence",
                                                     "-o", svg_path, NULL }, &status, NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
  g_unlink (svg_path);
  for (guint i = 0; i < ladder_capture_get_n_calls (capture); i++)
    {
      const LadderSocketCall *call = ladder_capture_get_call (capture, i);

      if ((call->kind != LADDER_CALL_DUP && call->kind != LADDER_CALL_SEND && call->kind != LADDER_CALL_RECV)
          || strcmp (call->program, "dup-client") != 0 || n == G_N_ELEMENTS (copies))
        continue;
      g_assert_cmpuint (call->kind, ==, copies[n].kind);
      g_assert_cmpuint (call->syscall, ==, copies[n].syscall);
      g_assert_cmpstr (ladder_socket_call_name (call), ==, copies[n].name);
      if (copies[n].args != NULL)
        g_assert_cmpstr (call->args, ==, copies[n].args);
      g_assert_nonnull (strstr (calls, copies[n].text));
      /* The ladder names it too ("dup2(3, 30) = 30" beside the lifeline). */
      {
        g_autofree char *drawn = g_markup_escape_text (copies[n].drawn, -1);
        g_assert_nonnull (strstr (svg, drawn));
      }
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (copies));
}

/* A client that talks through copies of its socket (dup, fcntl(F_DUPFD),
 * dup2, dup3): every copy's calls are the connection's, the copies are
 * recorded under their own names, and closing the first copy sends no FIN:
 * it leaves with the last. */
static void
check_dup (const char *family)
{
  const char *client = g_getenv ("WIRELADDER_DUP_CLIENT");
  g_autofree char *path = capture_path ("dup.pcapng");
  g_autofree char *out = NULL, *sockets = NULL, *server = NULL;
  g_autoptr(LadderCapture) capture = NULL;
  g_autoptr(LadderAnalysis) analysis = NULL;
  const LadderSocketCall *connect, *send, *recv, *last_close, *first_close;
  const LadderConversation *conv = NULL;
  LadderConversations *convs;
  LadderFrameInfo fin;
  int status = -1;

  server = echo_server_command (g_str_equal (family, "6") ? "::" : "0.0.0.0", 1);
  out = run_custom ((const char *const[]) { "--server", server,
                                            "--client", client, "--hops", "1",
                                            "--family", family, NULL }, path, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "client| echo: dup hello (fds 4 20 30)\n"));
  capture = ladder_test_lab_load (path);
  connect = find_call (capture, "dup-client", LADDER_CALL_CONNECT, 3);
  g_assert_nonnull (connect);
  g_assert_nonnull (find_call (capture, "dup-client", LADDER_CALL_DUP, 3));
  g_assert_cmpstr (find_call (capture, "dup-client", LADDER_CALL_DUP, 3)->args, ==, "3");
  check_dup_names (capture, path);
  send = find_call (capture, "dup-client", LADDER_CALL_SEND, 4);
  recv = find_call (capture, "dup-client", LADDER_CALL_RECV, 20);
  first_close = find_call (capture, "dup-client", LADDER_CALL_CLOSE, 3);
  last_close = find_call (capture, "dup-client", LADDER_CALL_CLOSE, 30);
  g_assert_nonnull (send);
  g_assert_nonnull (recv);
  g_assert_nonnull (first_close);
  g_assert_nonnull (last_close);
  /* The copies' calls carry the connection's 5-tuple. */
  g_assert_cmpuint (send->local_port, ==, connect->local_port);
  g_assert_cmpuint (recv->local_port, ==, connect->local_port);
  g_assert_cmpuint (send->peer_port, ==, 60000);
  g_assert_cmpint (recv->result, ==, 9);
  analysis = ladder_capture_analyse (capture);
  convs = ladder_analysis_get_conversations (analysis);
  for (guint i = 0; i < ladder_conversations_get_n_items (convs); i++)
    if (ladder_conversations_get_item (convs, i)->a_port == connect->local_port)
      conv = ladder_conversations_get_item (convs, i);
  g_assert_nonnull (conv);
  g_assert_true (ladder_tcp_conn_handshake_complete (conv->tcp));
  /* close(3) while three copies remained: the client's FIN came after
   * its last close(), never before its recv(). */
  g_assert_cmpint (conv->tcp->flow[0].fin_packet, >, 0);
  g_assert_true (ladder_capture_get_frame (capture, conv->tcp->flow[0].fin_packet, &fin));
  g_assert_cmpint (fin.ts_ns, >, recv->ts_ns);
  sockets = cli_on ("sockets", path);
  g_test_message ("%s", sockets);
  /* The client's socket changed state at one close() only, its last. */
  {
    const char *start = strstr (sockets, "dup-client pid");
    const char *end;
    guint closes = 0;

    g_assert_nonnull (start);
    end = strstr (start, " server tcp ");
    for (const char *p = strstr (start, "(close)"); p != NULL && (end == NULL || p < end);
         p = strstr (p + 1, "(close)"))
      closes++;
    g_assert_cmpuint (closes, ==, 1);
  }
  g_unlink (path);
}

static void
test_dup (void)
{
  const char *client = g_getenv ("WIRELADDER_DUP_CLIENT");
  const char *why_dynamic = g_getenv ("WIRELADDER_DUP_CLIENT_DYNAMIC");

  if (client == NULL || *client == '\0')
    {
      g_test_skip ("the dup client was not built");
      return;
    }
  if (ladder_test_lab_skip (FALSE))
    return;
  /* Statically linked where it can be: no shared C library traced. */
  if (why_dynamic == NULL)
    g_assert_false (ladder_test_lab_has_interpreter (client));
  else
    g_test_message ("the dup client is linked dynamically: %s", why_dynamic);
  check_dup ("4");
  check_dup ("6");
}

/* Bad combinations are refused before anything is built (exit 2). */
static void
test_usage (void)
{
  static const char *const cases[][6] = {
    { "run", "tcp-echo", "--family", "5", "-w", "/dev/null" },
    { "run", "tcp-echo", "--topology", "ring", "-w", "/dev/null" },
    { "run", "traceroute", "--topology", "loopback", "-w", "/dev/null" },
    { "run", "tcp-echo", "--topology", "loopback", "--delay", "10" },
    { "run", "tcp-echo", "--topology", "loopback", "--hops", "2" },
  };
  static const char *const messages[] = {
    "--family must be 4 or 6", "--topology must be chain or loopback",
    "traceroute needs routers", "no links to impair", "loopback topology has no routers",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      int status = -1;
      const char *args[10] = { "lab" };
      guint n = 1;

      for (guint j = 0; j < 6; j++)
        args[n++] = cases[i][j];
      if (i >= 3)
        args[n++] = "-w", args[n++] = "/dev/null";
      out = ladder_test_cli_run (args, &status, &err);
      g_test_message ("%s", err);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      g_assert_nonnull (strstr (err, messages[i]));
    }
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  programs = g_getenv ("WIRELADDER_PROGRAMS");
  g_assert_nonnull (programs);
  ladder_test_lab_init ("family");
  g_test_add_func ("/ladder/lab-family/usage", test_usage);
  g_test_add_func ("/ladder/lab-family/tcp-echo-v6", test_tcp_echo);
  g_test_add_func ("/ladder/lab-family/tcp-echo-v6-userns", test_tcp_echo_userns);
  g_test_add_func ("/ladder/lab-family/udp-v6", test_udp);
  g_test_add_func ("/ladder/lab-family/udp-v6-userns", test_udp_userns);
  g_test_add_func ("/ladder/lab-family/icmp-v6", test_icmp);
  g_test_add_func ("/ladder/lab-family/loopback", test_loopback);
  g_test_add_func ("/ladder/lab-family/custom-v6", test_custom_v6);
  g_test_add_func ("/ladder/lab-family/custom-loopback", test_custom_loopback);
  g_test_add_func ("/ladder/lab-family/dup", test_dup);
  ret = g_test_run ();
  ladder_test_lab_finish ();
  return ret;
}
