/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-events.c: socket calls and states as pcapng Custom Blocks. */
#include <string.h>
#include <unistd.h>

#include "ladder-capture.h"
#include "ladder-events.h"
#include "ladder-load.h"

static void
sample_call (LadderSocketCall *call)
{
  memset (call, 0, sizeof *call);
  call->ts_ns = G_GINT64_CONSTANT (1763726400123456789);
  call->duration_ns = 42000;
  call->pid = 4242;
  call->kind = LADDER_CALL_CONNECT;
  call->protocol = 6;
  call->fd = 3;
  call->result = -1;
  call->err = 111;
  ladder_addr_parse ("10.0.1.2", &call->local_addr);
  call->local_port = 40000;
  ladder_addr_parse ("fd00:4::2", &call->peer_addr);
  call->peer_port = 7;
  g_strlcpy (call->host, "client", sizeof call->host);
  g_strlcpy (call->program, "tcp-echo-client", sizeof call->program);
  g_strlcpy (call->args, "3, [fd00:4::2]:7, 28", sizeof call->args);
}

static void
sample_state (LadderSocketState *state)
{
  memset (state, 0, sizeof *state);
  state->ts_ns = G_GINT64_CONSTANT (1763726400223456789);
  state->pid = 77;
  state->fd = 4;
  state->protocol = 6;
  state->state = 9;  /* CLOSE_WAIT */
  state->recv_q = 12;
  state->send_q = 3;
  ladder_addr_parse ("10.0.4.2", &state->local_addr);
  state->local_port = 7;
  ladder_addr_parse ("10.0.1.2", &state->peer_addr);
  state->peer_port = 40000;
  g_strlcpy (state->host, "server", sizeof state->host);
  g_strlcpy (state->program, "tcp-echo-server", sizeof state->program);
  state->source = LADDER_STATE_SOURCE_SAMPLED;
  state->old_state = LADDER_STATE_OLD_UNKNOWN;
}

static void
test_roundtrip (void)
{
  g_autoptr(GByteArray) a = g_byte_array_new ();
  g_autoptr(GByteArray) b = g_byte_array_new ();
  LadderSocketCall call;
  LadderSocketState state;
  LadderEvent event;

  sample_call (&call);
  ladder_events_encode_call (a, &call);
  g_assert_true (ladder_events_decode (a->data, a->len, &event));
  g_assert_cmpint (event.type, ==, LADDER_EVENT_CALL);
  g_assert_cmpmem (&event.call, sizeof event.call, &call, sizeof call);
  g_assert_cmpstr (ladder_call_kind_to_string (event.call.kind), ==, "connect");

  sample_state (&state);
  ladder_events_encode_state (b, &state);
  g_assert_true (ladder_events_decode (b->data, b->len, &event));
  g_assert_cmpint (event.type, ==, LADDER_EVENT_STATE);
  g_assert_cmpmem (&event.state, sizeof event.state, &state, sizeof state);
}

/* Each call keeps the name of the system call made: dup2(3, 30), not
 * dup(3, 30); accept4(), write(), poll() ... not their kinds' names.
 * Byte 30 of the body (PEN, version, type, fixed_len; ts, duration, pid,
 * kind, protocol) was padding, 0 in every older file: the kind's name. */
static void
test_call_names (void)
{
  static const struct { guint8 kind, syscall; const char *args; const char *name; } made[] = {
    { LADDER_CALL_DUP, LADDER_CALL_SYSCALL_KIND, "3", "dup" },
    { LADDER_CALL_DUP, LADDER_CALL_SYSCALL_DUP2, "3, 30", "dup2" },
    { LADDER_CALL_DUP, LADDER_CALL_SYSCALL_DUP3, "3, 40, O_CLOEXEC", "dup3" },
    { LADDER_CALL_DUP, LADDER_CALL_SYSCALL_FCNTL, "3, F_DUPFD, 20", "fcntl" },
    { LADDER_CALL_ACCEPT, LADDER_CALL_SYSCALL_ACCEPT4, "3", "accept4" },
    { LADDER_CALL_SEND, LADDER_CALL_SYSCALL_WRITE, "4, \"hi\", 2", "write" },
    { LADDER_CALL_SEND, LADDER_CALL_SYSCALL_WRITEV, "4, \"hi\", 2", "writev" },
    { LADDER_CALL_SEND, LADDER_CALL_SYSCALL_SENDTO, "4, \"hi\", 2, 0", "sendto" },
    { LADDER_CALL_SEND, LADDER_CALL_SYSCALL_SENDMSG, "4, \"hi\", 2, 0", "sendmsg" },
    { LADDER_CALL_SENDTO, LADDER_CALL_SYSCALL_SENDMSG, "4, \"hi\", 2, 0, 10.0.4.2:7", "sendmsg" },
    { LADDER_CALL_RECV, LADDER_CALL_SYSCALL_READ, "4, \"hi\", 64", "read" },
    { LADDER_CALL_RECV, LADDER_CALL_SYSCALL_READV, "4, \"hi\", 64", "readv" },
    { LADDER_CALL_RECV, LADDER_CALL_SYSCALL_RECVFROM, "4, \"hi\", 64, 0", "recvfrom" },
    { LADDER_CALL_RECVFROM, LADDER_CALL_SYSCALL_RECVMSG, "4, \"hi\", 64, 0", "recvmsg" },
    { LADDER_CALL_SELECT, LADDER_CALL_SYSCALL_POLL, "[3, 4] -> [4], 2, -1", "poll" },
    { LADDER_CALL_SELECT, LADDER_CALL_SYSCALL_PPOLL, "[3] -> [3], 1", "ppoll" },
    { LADDER_CALL_SELECT, LADDER_CALL_SYSCALL_PSELECT6, "5, [3] -> [3], NULL, NULL, NULL", "pselect6" },
    { LADDER_CALL_SELECT, LADDER_CALL_SYSCALL_EPOLL_WAIT, "5, events, 8, -1", "epoll_wait" },
    { LADDER_CALL_SELECT, LADDER_CALL_SYSCALL_EPOLL_PWAIT, "5, events, 8, -1", "epoll_pwait" },
  };
  /* A name with a kind it cannot make: the kind's. */
  static const struct { guint8 kind, syscall; const char *name; } misfits[] = {
    { LADDER_CALL_CONNECT, LADDER_CALL_SYSCALL_DUP2, "connect" },
    { LADDER_CALL_ACCEPT, LADDER_CALL_SYSCALL_POLL, "accept" },
    { LADDER_CALL_SENDTO, LADDER_CALL_SYSCALL_WRITE, "sendto" },
    { LADDER_CALL_RECV, LADDER_CALL_SYSCALL_SENDMSG, "recv" },
    { LADDER_CALL_DUP, LADDER_CALL_SYSCALL_ACCEPT4, "dup" },
  };
  LadderSocketCall call;
  LadderEvent event;

  for (guint i = 0; i < G_N_ELEMENTS (made); i++)
    {
      g_autoptr(GByteArray) body = g_byte_array_new ();
      const char *kind_name = ladder_call_kind_to_string (made[i].kind);

      sample_call (&call);
      call.kind = made[i].kind;
      call.syscall = made[i].syscall;
      memset (call.args, 0, sizeof call.args);  /* compared whole below */
      g_strlcpy (call.args, made[i].args, sizeof call.args);
      g_assert_cmpstr (ladder_socket_call_name (&call), ==, made[i].name);
      ladder_events_encode_call (body, &call);
      g_assert_cmpuint (body->data[30], ==, made[i].syscall);
      g_assert_true (ladder_events_decode (body->data, body->len, &event));
      g_assert_cmpmem (&event.call, sizeof event.call, &call, sizeof call);
      g_assert_cmpstr (ladder_socket_call_name (&event.call), ==, made[i].name);
      /* As an older file holds it: the kind's name. */
      body->data[30] = 0;
      g_assert_true (ladder_events_decode (body->data, body->len, &event));
      g_assert_cmpstr (ladder_socket_call_name (&event.call), ==, kind_name);
      /* A name this reader does not know yet: the kind's. */
      body->data[30] = 200;
      g_assert_true (ladder_events_decode (body->data, body->len, &event));
      g_assert_cmpuint (event.call.syscall, ==, LADDER_CALL_SYSCALL_KIND);
      g_assert_cmpstr (ladder_socket_call_name (&event.call), ==, kind_name);
    }
  for (guint i = 0; i < G_N_ELEMENTS (misfits); i++)
    {
      g_autoptr(GByteArray) body = g_byte_array_new ();

      sample_call (&call);
      call.kind = misfits[i].kind;
      call.syscall = misfits[i].syscall;
      g_assert_cmpstr (ladder_socket_call_name (&call), ==, misfits[i].name);
      ladder_events_encode_call (body, &call);
      g_assert_true (ladder_events_decode (body->data, body->len, &event));
      g_assert_cmpuint (event.call.syscall, ==, LADDER_CALL_SYSCALL_KIND);
      g_assert_cmpstr (ladder_socket_call_name (&event.call), ==, misfits[i].name);
    }
}

/* A custom lab program's line: round trip, every shorter prefix, a line
 * typed into its stdin (stream 0) and a stream beyond stderr rejected. */
static void
test_output (void)
{
  g_autoptr(GByteArray) a = g_byte_array_new ();
  LadderProgramOutput output = { G_GINT64_CONSTANT (1763726400323456789), 99, 2 };
  LadderEvent event;

  g_strlcpy (output.host, "client2", sizeof output.host);
  g_strlcpy (output.program, "echo_client.py", sizeof output.program);
  g_strlcpy (output.text, "ConnectionRefusedError: [Errno 111] Connection refused", sizeof output.text);
  ladder_events_encode_output (a, &output);
  g_assert_true (ladder_events_decode (a->data, a->len, &event));
  g_assert_cmpint (event.type, ==, LADDER_EVENT_OUTPUT);
  g_assert_cmpmem (&event.output, sizeof event.output, &output, sizeof output);
  for (gsize len = 0; len < a->len; len++)
    {
      g_autofree guint8 *copy = g_memdup2 (a->data, len);
      g_assert_false (ladder_events_decode (copy, len, &event));
    }
  a->data[8 + 8 + 4] = LADDER_OUTPUT_STDIN;  /* PEN, version, type, fixed_len, ts, pid: the stream */
  g_assert_true (ladder_events_decode (a->data, a->len, &event));
  g_assert_cmpuint (event.output.stream, ==, LADDER_OUTPUT_STDIN);
  a->data[8 + 8 + 4] = 3;
  g_assert_false (ladder_events_decode (a->data, a->len, &event));
}

/* A tracepoint record keeps its source and the state it left. */
static void
test_state_source (void)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  LadderSocketState state;
  LadderEvent event;

  sample_state (&state);
  state.source = LADDER_STATE_SOURCE_TRACEPOINT;
  state.old_state = 4;  /* ESTABLISHED */
  ladder_events_encode_state (body, &state);
  g_assert_true (ladder_events_decode (body->data, body->len, &event));
  g_assert_cmpmem (&event.state, sizeof event.state, &state, sizeof state);
  g_assert_cmpstr (ladder_state_source_to_string (event.state.source), ==, "tracepoint");
}

/* A state written before the source field existed (fixed part two bytes
 * shorter) decodes as a sample with no previous state. */
static void
test_state_v1 (void)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  LadderSocketState state;
  LadderEvent event;
  guint16 fixed_len;
  gsize fixed_end;

  sample_state (&state);
  state.source = LADDER_STATE_SOURCE_TRACEPOINT;
  state.old_state = 4;
  ladder_events_encode_state (body, &state);
  /* PEN, version, type, then the fixed part's length (big-endian). */
  fixed_len = (guint16) (body->data[6] << 8 | body->data[7]);
  fixed_end = 8 + fixed_len;
  g_byte_array_remove_range (body, fixed_end - 2, 2);
  fixed_len -= 2;
  body->data[6] = fixed_len >> 8;
  body->data[7] = fixed_len & 0xff;
  g_assert_true (ladder_events_decode (body->data, body->len, &event));
  g_assert_cmpint (event.type, ==, LADDER_EVENT_STATE);
  g_assert_cmpuint (event.state.source, ==, LADDER_STATE_SOURCE_SAMPLED);
  g_assert_cmpuint (event.state.old_state, ==, LADDER_STATE_OLD_UNKNOWN);
  g_assert_cmpuint (event.state.state, ==, state.state);
  g_assert_cmpstr (event.state.program, ==, "tcp-echo-server");
  g_assert_cmpstr (ladder_state_source_to_string (event.state.source), ==, "sampled");
}

/* Every shorter prefix is rejected, without reading past it. */
static void
test_prefixes (void)
{
  g_autoptr(GByteArray) a = g_byte_array_new ();
  LadderSocketCall call;
  LadderEvent event;

  sample_call (&call);
  ladder_events_encode_call (a, &call);
  for (gsize len = 0; len < a->len; len++)
    {
      g_autofree guint8 *copy = g_memdup2 (a->data, len);

      g_assert_false (ladder_events_decode (copy, len, &event));
      g_assert_cmpint (event.type, ==, LADDER_EVENT_NONE);
    }
}

static void
test_rejects (void)
{
  g_autoptr(GByteArray) a = g_byte_array_new ();
  LadderSocketCall call;
  LadderEvent event;
  GRand *rand = g_rand_new_with_seed (7);

  sample_call (&call);
  ladder_events_encode_call (a, &call);
  /* Another vendor's PEN. */
  a->data[0] ^= 0x01;
  g_assert_false (ladder_events_decode (a->data, a->len, &event));
  a->data[0] ^= 0x01;
  /* Unknown version, unknown type, unknown call kind, bad family. */
  a->data[4] = 2;
  g_assert_false (ladder_events_decode (a->data, a->len, &event));
  a->data[4] = 1;
  a->data[5] = 9;
  g_assert_false (ladder_events_decode (a->data, a->len, &event));
  a->data[5] = 1;
  a->data[8 + 20] = 200;
  g_assert_false (ladder_events_decode (a->data, a->len, &event));
  a->data[8 + 20] = LADDER_CALL_CONNECT;
  g_assert_true (ladder_events_decode (a->data, a->len, &event));
  /* Random damage never crashes (ASan watches the reads). */
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree guint8 *copy = g_memdup2 (a->data, a->len);
      gsize len = g_rand_int_range (rand, 0, a->len + 1);

      for (guint k = 0; k < 4; k++)
        copy[g_rand_int_range (rand, 4, a->len)] = g_rand_int (rand);
      ladder_events_decode (copy, len, &event);
      if (event.type == LADDER_EVENT_CALL)
        g_assert_cmpuint (strlen (event.call.args), <, sizeof event.call.args);
    }
  g_rand_free (rand);
}

/* pcapng blocks, little-endian. */
static void
put32 (GByteArray *out, guint32 v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 4);
}

static void
put_block (GByteArray *out, guint32 type, const guint8 *body, gsize len)
{
  static const guint8 pad[4] = { 0 };
  gsize padded = (len + 3) & ~(gsize) 3;

  put32 (out, type);
  put32 (out, 12 + padded);
  g_byte_array_append (out, body, len);
  g_byte_array_append (out, pad, padded - len);
  put32 (out, 12 + padded);
}

static GByteArray *
build_lab_file (void)
{
  GByteArray *file = g_byte_array_new ();
  g_autoptr(GByteArray) body = g_byte_array_new ();
  static const guint8 shb[16] = { 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0,
                                  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  static const guint8 idb[8] = { 101, 0, 0, 0, 0, 0, 0, 0 };  /* raw IP */
  guint8 epb[20 + 20] = { 0 };
  LadderSocketCall call;
  LadderSocketState state;

  put_block (file, 0x0A0D0D0A, shb, sizeof shb);
  put_block (file, 1, idb, sizeof idb);
  sample_call (&call);
  ladder_events_encode_call (body, &call);
  put_block (file, LADDER_EVENTS_BLOCK_TYPE, body->data, body->len);
  epb[12] = epb[16] = 20;           /* caplen, wirelen */
  epb[20] = 0x45;
  epb[23] = 20;
  epb[28] = 64;
  put_block (file, 6, epb, sizeof epb);
  g_byte_array_set_size (body, 0);
  sample_state (&state);
  ladder_events_encode_state (body, &state);
  put_block (file, LADDER_EVENTS_BLOCK_TYPE, body->data, body->len);
  /* Another vendor's custom block is skipped quietly. */
  body->data[0] ^= 0xff;
  put_block (file, LADDER_EVENTS_BLOCK_TYPE, body->data, body->len);
  return file;
}

static void
test_load_blocks (void)
{
  g_autoptr(GByteArray) file = build_lab_file ();
  g_autoptr(LadderCapture) capture = ladder_capture_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  LadderSocketCall call;
  LadderSocketState state;
  int fd = g_file_open_tmp ("ladder-events-XXXXXX.pcapng", &path, &error);

  g_assert_no_error (error);
  g_assert_true (write (fd, file->data, file->len) == (gssize) file->len);
  close (fd);
  g_assert_true (ladder_load_file (capture, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  unlink (path);

  sample_call (&call);
  sample_state (&state);
  g_assert_cmpuint (ladder_capture_get_n_frames (capture), ==, 1);
  g_assert_cmpuint (ladder_capture_get_n_calls (capture), ==, 1);
  g_assert_cmpuint (ladder_capture_get_n_states (capture), ==, 1);
  g_assert_cmpmem (ladder_capture_get_call (capture, 0), sizeof call, &call, sizeof call);
  g_assert_cmpmem (ladder_capture_get_state (capture, 0), sizeof state, &state, sizeof state);
  g_assert_null (ladder_capture_get_call (capture, 1));
}

/* A program's line is cut to fit its record where a character starts. */
static void
test_output_text (void)
{
  LadderProgramOutput out = { 0 };
  GString *text = g_string_new (NULL);

  ladder_program_output_set_text (&out, "hello", 5);
  g_assert_cmpstr (out.text, ==, "hello");
  /* 254 ASCII bytes, then a 2-byte character that would end at 256 */
  for (guint i = 0; i < 254; i++)
    g_string_append_c (text, 'a');
  g_string_append (text, "\xc3\xa9tail");
  ladder_program_output_set_text (&out, text->str, text->len);
  g_assert_cmpuint (strlen (out.text), ==, 254);
  g_assert_true (g_utf8_validate (out.text, -1, NULL));
  /* not UTF-8: cut at the byte */
  text->str[0] = (char) 0xff;
  ladder_program_output_set_text (&out, text->str, text->len);
  g_assert_cmpuint (strlen (out.text), ==, sizeof out.text - 1);
  ladder_program_output_set_text (&out, "", 0);
  g_assert_cmpstr (out.text, ==, "");
  g_string_free (text, TRUE);
}

static void
collect_line (const char *line, gsize len, gpointer data)
{
  g_assert_cmpuint (strlen (line), ==, len);
  g_ptr_array_add (data, g_strdup (line));
}

/* Lines come whole whatever pieces the bytes arrive in; a long line keeps
 * its first MAX bytes. */
static void
test_lines_feed (void)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *partial = g_string_new (NULL);

  const char *first = "one\ntw", *second = "o\n\nthree is long\nfo";

  ladder_lines_feed (partial, first, strlen (first), 8, collect_line, lines);
  ladder_lines_feed (partial, second, strlen (second), 8, collect_line, lines);
  g_assert_cmpuint (lines->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "one");
  g_assert_cmpstr (g_ptr_array_index (lines, 1), ==, "two");
  g_assert_cmpstr (g_ptr_array_index (lines, 2), ==, "");
  g_assert_cmpstr (g_ptr_array_index (lines, 3), ==, "three is");
  g_assert_cmpstr (partial->str, ==, "fo");
  g_string_free (partial, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/events/roundtrip", test_roundtrip);
  g_test_add_func ("/ladder/events/output-text", test_output_text);
  g_test_add_func ("/ladder/events/lines-feed", test_lines_feed);
  g_test_add_func ("/ladder/events/call-names", test_call_names);
  g_test_add_func ("/ladder/events/state-source", test_state_source);
  g_test_add_func ("/ladder/events/state-v1", test_state_v1);
  g_test_add_func ("/ladder/events/prefixes", test_prefixes);
  g_test_add_func ("/ladder/events/output", test_output);
  g_test_add_func ("/ladder/events/rejects", test_rejects);
  g_test_add_func ("/ladder/events/load-blocks", test_load_blocks);
  return g_test_run ();
}
