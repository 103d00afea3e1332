/* SPDX-License-Identifier: GPL-3.0-or-later */
/* draw-fixtures.c: see draw-fixtures.h. */
#include "draw-fixtures.h"

#include <string.h>

#include "ladder-load.h"
#include "ladder-reader.h"
#include "ladder-sightings.h"

/* tests/data/NAME; G_TEST_SRCDIR is tests/draw (set by meson test). */
static char *
data_path (const char *name)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");

  return g_build_filename (srcdir != NULL ? srcdir : ".", "..", "data", name, NULL);
}

static LadderCapture *
load_path (const char *path)
{
  LadderCapture *capture = ladder_capture_new ();
  g_autoptr (GError) error = NULL;

  if (!ladder_load_file (capture, path, NULL, NULL, NULL, &error))
    g_error ("cannot load %s: %s", path, error->message);
  return capture;
}

LadderCapture *
draw_fixture_load (const char *name)
{
  g_autofree char *path = data_path (name);

  return load_path (path);
}

LadderCapture *
draw_fixture_load_recorded (const char *name)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *path = g_build_filename (srcdir != NULL ? srcdir : ".", "data", name, NULL);

  return load_path (path);
}

const char *
draw_fixture_artifact_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      const char *env = g_getenv ("LADDER_ARTIFACT_DIR");
      const char *builddir = g_getenv ("G_TEST_BUILDDIR");
      dir = env != NULL ? g_strdup (env) : g_build_filename (builddir != NULL ? builddir : ".", "draw-artifacts", NULL);
      g_mkdir_with_parents (dir, 0755);
    }
  return dir;
}

/* The records of a fixture, copied. */
typedef struct
{
  gint64   ts_ns;
  guint32  linktype;
  GBytes  *bytes;
} Record;

static void
record_clear (gpointer data)
{
  g_bytes_unref (((Record *) data)->bytes);
}

static GArray *
read_records (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr (LadderReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  GArray *records = g_array_new (FALSE, FALSE, sizeof (Record));
  LadderRecord rec;

  g_array_set_clear_func (records, record_clear);
  reader = ladder_reader_open (path, &error);
  g_assert_no_error (error);
  while (ladder_reader_next (reader, &rec, &error) > 0)
    {
      Record r = { rec.ts_ns, rec.linktype, g_bytes_new (rec.data, rec.caplen) };
      g_array_append_val (records, r);
    }
  g_assert_no_error (error);
  return records;
}

/* Ethernet + IPv4: the TTL is byte 14 + 8. */
#define TTL_OFFSET 22

static void
add_copy (LadderCapture *capture, const Record *r, guint iface, gint64 delay_ns, int ttl_drop)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (r->bytes, &len);
  g_autofree guint8 *copy = g_memdup2 (data, len);

  g_assert_cmpuint (r->linktype, ==, 1);
  g_assert_cmpuint (len, >, TTL_OFFSET);
  copy[TTL_OFFSET] = (guint8) MAX (0, (int) copy[TTL_OFFSET] - ttl_drop);
  ladder_capture_add_frame (capture, r->ts_ns + delay_ns, iface, r->linktype, copy, (guint32) len, (guint32) len);
}

static void
add_links (LadderCapture *capture, const char * const *names, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *desc = g_strdup_printf ("%s %s", LADDER_LAB_IF_DESCRIPTION_PREFIX, names[i]);
      ladder_capture_add_interface (capture, names[i], desc, 1);
    }
}

static gboolean
from_client (const Record *r)
{
  const guint8 *data = g_bytes_get_data (r->bytes, NULL);

  /* source address 10.1.0.2 (IPv4 header at 14, source at +12) */
  return data[26] == 10 && data[27] == 1 && data[28] == 0 && data[29] == 2;
}

static LadderSocketCall
make_call (const char *host, guint32 pid, LadderCallKind kind, gint32 fd, gint64 result,
           const char *args, gint64 ts, gint64 duration)
{
  LadderSocketCall c = { 0 };

  c.ts_ns = ts;
  c.duration_ns = duration;
  c.pid = pid;
  c.kind = kind;
  c.protocol = 6;
  c.fd = fd;
  c.result = result;
  g_strlcpy (c.host, host, sizeof c.host);
  g_strlcpy (c.program, pid == 100 ? "tcp-echo-client" : "tcp-echo-server", sizeof c.program);
  g_strlcpy (c.args, args, sizeof c.args);
  return c;
}

static void
set_addrs (LadderSocketCall *c, const char *local, guint16 lport, const char *peer, guint16 pport)
{
  if (local != NULL)
    g_assert_true (ladder_addr_parse (local, &c->local_addr));
  c->local_port = lport;
  if (peer != NULL)
    g_assert_true (ladder_addr_parse (peer, &c->peer_addr));
  c->peer_port = pport;
}

#define MS(x) ((gint64) ((x) * 1000000.0))

static void
add_client_calls (LadderCapture *capture, gint64 t0)
{
  LadderSocketCall c;

  c = make_call ("client", 100, LADDER_CALL_SOCKET, -1, 3, "AF_INET, SOCK_STREAM, 0", t0 - MS (0.2), MS (0.01));
  ladder_capture_add_call (capture, &c);
  c = make_call ("client", 100, LADDER_CALL_CONNECT, 3, 0, "3, 10.2.0.2:7000, 16", t0 - MS (0.02), MS (0.15));
  set_addrs (&c, "10.1.0.2", 57002, "10.2.0.2", 7000);
  ladder_capture_add_call (capture, &c);
  c = make_call ("client", 100, LADDER_CALL_SEND, 3, 5, "3, \"hello\", 5, 0", t0 + MS (0.16), MS (0.01));
  set_addrs (&c, "10.1.0.2", 57002, "10.2.0.2", 7000);
  ladder_capture_add_call (capture, &c);
  c = make_call ("client", 100, LADDER_CALL_RECV, 3, 5, "3, buf, 64, 0", t0 + MS (0.19), MS (0.14));
  set_addrs (&c, "10.1.0.2", 57002, "10.2.0.2", 7000);
  ladder_capture_add_call (capture, &c);
  c = make_call ("client", 100, LADDER_CALL_CLOSE, 3, 0, "3", t0 + MS (151.72), MS (0.02));
  ladder_capture_add_call (capture, &c);
}

static void
add_server_calls (LadderCapture *capture, gint64 t0)
{
  LadderSocketCall c;

  c = make_call ("server", 200, LADDER_CALL_SOCKET, -1, 3, "AF_INET, SOCK_STREAM, 0", t0 - MS (5), MS (0.01));
  ladder_capture_add_call (capture, &c);
  c = make_call ("server", 200, LADDER_CALL_BIND, 3, 0, "3, 0.0.0.0:7000, 16", t0 - MS (4.9), MS (0.01));
  set_addrs (&c, "0.0.0.0", 7000, NULL, 0);
  ladder_capture_add_call (capture, &c);
  c = make_call ("server", 200, LADDER_CALL_LISTEN, 3, 0, "3, 5", t0 - MS (4.8), MS (0.01));
  set_addrs (&c, "0.0.0.0", 7000, NULL, 0);
  ladder_capture_add_call (capture, &c);
  c = make_call ("server", 200, LADDER_CALL_ACCEPT, 3, 4, "3, &addr, &len", t0 - MS (4.7), MS (4.82));
  set_addrs (&c, "10.2.0.2", 7000, "10.1.0.2", 57002);
  ladder_capture_add_call (capture, &c);
  c = make_call ("server", 200, LADDER_CALL_RECV, 4, 5, "4, buf, 64, 0", t0 + MS (0.13), MS (0.1));
  set_addrs (&c, "10.2.0.2", 7000, "10.1.0.2", 57002);
  ladder_capture_add_call (capture, &c);
  c = make_call ("server", 200, LADDER_CALL_SEND, 4, 5, "4, \"hello\", 5, 0", t0 + MS (0.29), MS (0.01));
  set_addrs (&c, "10.2.0.2", 7000, "10.1.0.2", 57002);
  ladder_capture_add_call (capture, &c);
  c = make_call ("server", 200, LADDER_CALL_RECV, 4, -1, "4, buf, 64, 0", t0 + MS (151.80), MS (0.02));
  c.err = 104;  /* ECONNRESET: a failing call, drawn as such */
  set_addrs (&c, "10.2.0.2", 7000, "10.1.0.2", 57002);
  ladder_capture_add_call (capture, &c);
  c = make_call ("server", 200, LADDER_CALL_CLOSE, 4, 0, "4", t0 + MS (151.85), MS (0.02));
  ladder_capture_add_call (capture, &c);
}

/* As the lab records them: the host, and the owner (pid and fd; fd -1
 * once its process has closed it). */
static void
add_state (LadderCapture *capture, gint64 ts, guint8 state, const char *local, guint16 lport,
           const char *peer, guint16 pport, gint32 fd)
{
  LadderSocketState s = { 0 };
  gboolean server = lport == 7000;

  s.ts_ns = ts;
  s.protocol = 6;
  s.state = state;
  s.pid = server ? 200 : 100;
  s.fd = fd;
  g_assert_true (ladder_addr_parse (local, &s.local_addr));
  s.local_port = lport;
  if (peer != NULL)
    g_assert_true (ladder_addr_parse (peer, &s.peer_addr));
  else
    g_assert_true (ladder_addr_parse ("0.0.0.0", &s.peer_addr));
  s.peer_port = pport;
  g_strlcpy (s.host, server ? "server" : "client", sizeof s.host);
  g_strlcpy (s.program, server ? "tcp-echo-server" : "tcp-echo-client", sizeof s.program);
  ladder_capture_add_state (capture, &s);
}

/* Samples every 25 ms, as the lab polls sock_diag: the server listens on
 * fd 3 and accept() hands it fd 4; the client connects on fd 3. */
static void
add_states (LadderCapture *capture, gint64 t0, gboolean wrong_state)
{
  for (double t = -5; t < 160; t += 25)
    add_state (capture, t0 + MS (t), LADDER_TCP_LISTEN, "0.0.0.0", 7000, NULL, 0, 3);
  for (double t = 0.1; t < 151.7; t += 25)
    {
      gboolean wrong = wrong_state && t > 40 && t < 60;
      add_state (capture, t0 + MS (t), wrong ? LADDER_TCP_SYN_RECEIVED : LADDER_TCP_ESTABLISHED,
                 "10.1.0.2", 57002, "10.2.0.2", 7000, 3);
      add_state (capture, t0 + MS (t + 0.1), LADDER_TCP_ESTABLISHED, "10.2.0.2", 7000, "10.1.0.2", 57002, 4);
    }
  add_state (capture, t0 + MS (151.8), LADDER_TCP_FIN_WAIT_1, "10.1.0.2", 57002, "10.2.0.2", 7000, -1);
  add_state (capture, t0 + MS (151.8), LADDER_TCP_CLOSE_WAIT, "10.2.0.2", 7000, "10.1.0.2", 57002, 4);
  add_state (capture, t0 + MS (152.0), LADDER_TCP_TIME_WAIT, "10.1.0.2", 57002, "10.2.0.2", 7000, -1);
}

LadderCapture *
draw_fixture_lab_echo (gboolean wrong_state)
{
  static const char * const links[] = { "client\u2013r1", "r1\u2013r2", "r2\u2013server" };
  g_autoptr (GArray) records = read_records ("tcp-echo-v4.pcap");
  LadderCapture *capture = ladder_capture_new ();
  gint64 t0 = g_array_index (records, Record, 0).ts_ns;

  add_links (capture, links, G_N_ELEMENTS (links));
  for (guint i = 0; i < records->len; i++)
    {
      const Record *r = &g_array_index (records, Record, i);
      gboolean out = from_client (r);
      /* the recorded time is the client's; the server side is 80 µs away */
      for (guint k = 0; k < G_N_ELEMENTS (links); k++)
        {
          guint hop = out ? k : (guint) G_N_ELEMENTS (links) - 1 - k;
          gint64 delay = out ? MS (0.04) * k : MS (0.04) * k - MS (0.08);
          add_copy (capture, r, hop, delay, (int) k);
        }
    }
  add_client_calls (capture, t0);
  add_server_calls (capture, t0);
  add_states (capture, t0, wrong_state);
  return capture;
}

LadderCapture *
draw_fixture_lab_traceroute (void)
{
  static const char * const links[] = { "client\u2013r1", "r1\u2013r2", "r2\u2013r3", "r3\u2013server" };
  g_autoptr (GArray) records = read_records ("traceroute-udp-v4.pcap");
  LadderCapture *capture = ladder_capture_new ();

  add_links (capture, links, G_N_ELEMENTS (links));
  for (guint i = 0; i < records->len; i++)
    {
      const Record *r = &g_array_index (records, Record, i);
      const guint8 *data = g_bytes_get_data (r->bytes, NULL);
      /* a probe (from the client, 10.0.0.2) with TTL t crosses links 0 .. t-1;
       * replies are shown as seen on the client's link only */
      gboolean probe = data[26] == 10 && data[27] == 0 && data[28] == 0 && data[29] == 2;
      guint n = probe ? MIN ((guint) data[TTL_OFFSET], (guint) G_N_ELEMENTS (links)) : 1;

      for (guint k = 0; k < MAX (n, 1); k++)
        add_copy (capture, r, k, MS (0.03) * k, (int) k);
    }
  return capture;
}
