/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-run.c: one scenario, start to finish, in this process.
 *
 * Build the network, open a capture handle on every link, start the
 * servers (wait for their `ready`), run the clients step by step, linger
 * for the closing packets, stop the servers, and tear everything down.
 * One poll() loop does all the waiting: capture handles, the endpoints'
 * socket-call trace pipe, their stdout/stderr, and the caller's control
 * descriptor.  Everything captured or recorded goes through a short
 * reorder queue (REORDER_HOLD_NS) so the file comes out in time order
 * although the packets of several links and the calls of several processes
 * arrive separately.  One exception: a call is stamped when it was entered
 * but recorded when it returns, so a call that blocked longer than the hold
 * (a select() or recv() waiting for the peer) is written after packets
 * stamped later than it.  Readers must not assume blocks are sorted.
 */

#define _GNU_SOURCE
#include "ladder-lab-private.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ladder-events.h"
#include "ladder-lab-custom.h"
#include "ladder-lab-python.h"
#include "ladder-lab-relay.h"
#include "ladder-lab-states.h"
#include "ladder-lab-transitions.h"
#include "ladder-live.h"
#include "ladder-packet.h"
#include "ladder-pcapng-writer.h"
#include "ladder-sightings.h"

#define NS_PER_MS          G_GINT64_CONSTANT (1000000)
/* How long an item waits in the reorder queue: a call is recorded when it
 * returns, so a short blocking call arrives a little after the packets it
 * caused. */
#define REORDER_HOLD_NS    (200 * NS_PER_MS)
#define STATE_INTERVAL_NS  (10 * NS_PER_MS)
/* After socket calls the kernel's view is sampled sooner: a whole TCP
 * exchange in the lab can be over within 10 ms. */
#define STATE_EAGER_NS     (1 * NS_PER_MS)
#define READY_TIMEOUT_MS   5000
/* A traced interpreter (--lang python) takes its time to start: Python's
 * start-up alone took 0.6-0.9 s on a loaded two-core machine, 1-3 s traced. */
#define READY_TRACED_MS    20000
#define STEP_TIMEOUT_MS    70000
#define LINGER_MS          300
#define SETTLE_US          50000
#define TERM_TIMEOUT_MS    2000
#define DROPS_INTERVAL_NS  (500 * NS_PER_MS)
/* Tracepoint records wait this long for the socket calls and states that
 * say whose socket they are (ladder-lab-transitions.h); less than the
 * reorder hold, so they still go into the file in time order. */
#define TRANSITION_HOLD_NS (100 * NS_PER_MS)
/* A packet seen later than this after its capture asks for no sample of
 * its socket (sample_packet()). */
#define QUEUES_LATE_NS     (2 * NS_PER_MS)
#define MAX_TRACE_RECORD   4096
#define MAX_POLL_FDS       64

typedef struct
{
  gint64   ts;
  guint64  seq;        /* arrival order, for equal timestamps */
  guint32  iface;      /* packets */
  guint32  wirelen;    /* packets */
  guint8   event;      /* LadderEventType for blocks; NONE for packets */
  guint8  *data;
  gsize    len;
} Item;

typedef struct
{
  LadderLabProcess *spec;
  pid_t    pid;
  int      out_fd, err_fd;
  int      in_fd;      /* custom programs: their stdin's write end; -1 once closed */
  GString *out_line, *err_line;
  char    *last_err;
  char    *last_out;   /* custom programs: said when they fail, stdout if nothing else */
  gboolean started, ready, exited;
  int      status;
  gint64   start_at_ms;
} Proc;

typedef struct
{
  const LadderLabRunOptions *options;
  LadderLabParams      params;
  LadderLabResult     *result;
  LadderLabTopology   *topo;
  LadderLive          *live;
  /* live handle → pcapng interface: a relayed link has four handles */
  guint32              handle_iface[4 * LADDER_LAB_MAX_LINKS];
  LadderLabRelay      *relay;      /* NULL without impaired links */
  LadderPcapngWriter  *writer;
  LadderLabStates     *states;
  /* Every TCP state change, where the kernel lets us see them; NULL: the
   * TCP states are sampled (after calls, on every packet, periodically). */
  LadderLabTransitions *transitions;
  GArray              *pending;    /* Item */
  /* Writing to a file, the socket calls and states go after every packet:
   * Wireshark numbers Custom Blocks as frames, and packet numbers must be
   * the same in Wireshark and in Wireladder.  On a pipe they stream live. */
  GPtrArray           *deferred;   /* GBytes, event block bodies */
  guint64              seq;
  int                  trace_r, trace_w;
  GByteArray          *trace_buf;
  GPtrArray           *procs;      /* Proc */
  char                *endpoint;
  char               **envp;
  gboolean             stop;
  gboolean             user_stop;  /* endpoints ended by the caller's stop are not failures */
  GError              *failure;    /* the first thing that went wrong while running */
  gint64               next_states_ns;
  gint64               last_states_ns;
  gboolean             calls_seen;  /* since the last sample */
  gboolean             destroyed;   /* the kernel freed a socket since the last sample */
  gint64               next_drops_ns;
  guint64              drops_told;  /* last count given to options->drops */
  /* Custom labs (ladder-lab-custom.h), and the Python programs
   * (ladder-lab-python.h), which run under the tracer too. */
  char                *tracer;       /* wireladder-trace */
  char                *python;       /* python3 */
  char                *python_dir;   /* the course's Python programs */
  char                *hosts_file;   /* the lab's /etc/hosts, deleted at the end */
  guint16              server_port;  /* where the server listens, once it has */
  gint64               started_ms;   /* the first program started */
  GHashTable          *traced;       /* pid → its tracer's Proc: sockets to sample */
  /* The last TCP packet sampled (same_sighting()). */
  gint64               last_sample_ns;
  guint32              last_seq, last_ack, last_len;
  guint16              last_sport, last_dport;
  LadderAddr           last_src;
  GHashTable          *listen_ports; /* ports a lab program listen()ed on */
} Run;

static gint64
now_ns (void)
{
  return g_get_real_time () * 1000;
}

static gint64
now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

static void
status (Run *run, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
status (Run *run, const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list ap;

  if (run->options->status == NULL)
    return;
  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  run->options->status (msg, run->options->data);
}

static void
fail (Run *run, GError *error)
{
  if (run->failure == NULL)
    run->failure = error;
  else
    g_error_free (error);
}

/* ---- the reorder queue ---- */

static void
queue_item (Run *run, gint64 ts, guint32 iface, guint8 event, const guint8 *data, gsize len,
            guint32 wirelen)
{
  Item item = { ts, run->seq++, iface, wirelen, event, g_memdup2 (data, len), len };

  g_array_append_val (run->pending, item);
}

static void
queue_record (Run *run, const LadderSocketState *state)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();

  ladder_events_encode_state (body, state);
  queue_item (run, state->ts_ns, 0, LADDER_EVENT_STATE, body->data, body->len, 0);
}

/* A state from sock_diag (a sample, or an endpoint's own report): it tells
 * whose socket is whose; where the tracepoint records every TCP change, a
 * TCP sample's state would only repeat one late, and it is written for its
 * queues alone (LADDER_STATE_SOURCE_QUEUES), which the tracepoint lacks. */
static void
take_sample (Run *run, const LadderSocketState *state)
{
  LadderSocketState queues;

  if (run->transitions == NULL || state->protocol != IPPROTO_TCP)
    {
      if (run->transitions != NULL)
        ladder_lab_transitions_note_state (run->transitions, state);
      queue_record (run, state);
      return;
    }
  ladder_lab_transitions_note_state (run->transitions, state);
  queues = *state;
  queues.source = LADDER_STATE_SOURCE_QUEUES;
  queue_record (run, &queues);
}

static void
queue_state (const LadderSocketState *state, gpointer user_data)
{
  take_sample (user_data, state);
}

static void
queue_transition (const LadderSocketState *state, gpointer user_data)
{
  queue_record (user_data, state);
}

/* With the tracepoint, a packet's sightings on the next links (within a
 * millisecond, same ends, sequence and acknowledgment numbers and length)
 * ask nothing new: its
 * queues were sampled at the first.  Samples are the states themselves
 * without it, and every sighting may catch a short one. */
static gboolean
same_sighting (Run *run, const LadderPacket *pkt)
{
  gint64 now = now_ns ();
  gboolean same = run->transitions != NULL && now - run->last_sample_ns < NS_PER_MS
                  && run->last_seq == pkt->seq && run->last_ack == pkt->ack
                  && run->last_len == pkt->payload_len && run->last_sport == pkt->sport
                  && run->last_dport == pkt->dport && ladder_addr_equal (&run->last_src, &pkt->src);

  run->last_sample_ns = now;
  run->last_seq = pkt->seq;
  run->last_ack = pkt->ack;
  run->last_len = pkt->payload_len;
  run->last_sport = pkt->sport;
  run->last_dport = pkt->dport;
  run->last_src = pkt->src;
  return same;
}

/* Each TCP packet asks for its socket the moment the capture loop sees
 * it: without the tracepoint, states that last one round trip are caught
 * when a packet falls inside them; with it, the queues at that packet
 * (what ss would show just after it).  A bare ACK may complete a
 * handshake, which puts the connection in its listener's accept queue. */
static void
sample_packet (Run *run, guint index, gint64 ts_ns, const guint8 *data, guint32 caplen,
               guint32 wirelen)
{
  LadderPacket pkt;

  /* A socket read well after the packet says nothing about it (its
   * state and queues have moved on), and a capture loop that falls
   * behind drops packets (a bulk transfer): a late packet asks nothing. */
  if (run->states == NULL || now_ns () - ts_ns > QUEUES_LATE_NS)
    return;
  ladder_packet_decode (&pkt, ladder_live_get_linktype (run->live, index), data, caplen, wirelen,
                        NULL);
  if (pkt.ip_proto != IPPROTO_TCP || !(pkt.layers & LADDER_LAYER_TCP) || pkt.n_tunnels > 0
      || same_sighting (run, &pkt))
    return;
  /* With the tracepoint only queues are asked for: a bare ACK only frees
   * its receiver's Send-Q, which the next data packet or poll shows (and a
   * bulk transfer's ACKs would double the capture loop's work). */
  if (run->transitions == NULL || pkt.payload_len > 0
      || (pkt.tcp_flags & (LADDER_TCP_SYN | LADDER_TCP_FIN | LADDER_TCP_RST)))
    ladder_lab_states_sample_connection (run->states, IPPROTO_TCP, &pkt.src, pkt.sport, &pkt.dst,
                                         pkt.dport, queue_state, run);
  if ((pkt.tcp_flags & (LADDER_TCP_SYN | LADDER_TCP_RST | LADDER_TCP_FIN | LADDER_TCP_ACK))
      == LADDER_TCP_ACK && pkt.payload_len == 0 && now_ns () - ts_ns <= QUEUES_LATE_NS
      && g_hash_table_contains (run->listen_ports, GUINT_TO_POINTER ((guint) pkt.dport)))
    ladder_lab_states_sample_listener (run->states, &pkt.dst, pkt.dport, queue_state, run);
}

static void
on_packet (guint index, gint64 ts_ns, const guint8 *data, guint32 caplen, guint32 wirelen,
           gpointer user_data)
{
  Run *run = user_data;

  queue_item (run, ts_ns, run->handle_iface[index], LADDER_EVENT_NONE, data, caplen, wirelen);
  sample_packet (run, index, ts_ns, data, caplen, wirelen);
}

static int
compare_items (gconstpointer a, gconstpointer b)
{
  const Item *x = a, *y = b;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static gboolean
write_item (Run *run, const Item *item, GError **error)
{
  if (item->event == LADDER_EVENT_NONE)
    {
      run->result->packets++;
      return ladder_pcapng_writer_add_packet (run->writer, item->iface, item->ts, item->data,
                                              item->len, item->wirelen, error);
    }
  if (item->event == LADDER_EVENT_CALL)
    run->result->calls++;
  else if (item->event == LADDER_EVENT_STATE)
    run->result->states++;
  if (run->deferred != NULL)
    {
      g_ptr_array_add (run->deferred, g_bytes_new (item->data, item->len));
      return TRUE;
    }
  return ladder_pcapng_writer_add_block (run->writer, LADDER_EVENTS_BLOCK_TYPE,
                                         item->data, item->len, error);
}

/* Writes every item stamped before CUTOFF; a failed write (the reader went
 * away) stops the scenario. */
static void
flush_queue (Run *run, gint64 cutoff)
{
  guint n = 0;
  GError *error = NULL;

  g_array_sort (run->pending, compare_items);
  for (; n < run->pending->len; n++)
    {
      Item *item = &g_array_index (run->pending, Item, n);
      if (item->ts > cutoff)
        break;
      if (run->writer != NULL && error == NULL && !write_item (run, item, &error))
        {
          fail (run, error);
          run->stop = TRUE;
        }
      g_free (item->data);
    }
  g_array_remove_range (run->pending, 0, n);
}

static void
write_deferred (Run *run)
{
  GError *error = NULL;

  if (run->deferred == NULL)
    return;
  for (guint i = 0; i < run->deferred->len && run->writer != NULL && error == NULL; i++)
    {
      gsize len;
      const guint8 *body = g_bytes_get_data (run->deferred->pdata[i], &len);

      if (!ladder_pcapng_writer_add_block (run->writer, LADDER_EVENTS_BLOCK_TYPE, body, len, &error))
        fail (run, error);
    }
  g_ptr_array_set_size (run->deferred, 0);
}

/* ---- endpoint processes ---- */

static Proc *
proc_new (LadderLabProcess *spec)
{
  Proc *proc = g_new0 (Proc, 1);

  proc->spec = spec;
  proc->out_fd = proc->err_fd = proc->in_fd = -1;
  proc->out_line = g_string_new (NULL);
  proc->err_line = g_string_new (NULL);
  return proc;
}

static void
proc_free (gpointer data)
{
  Proc *proc = data;

  if (proc->out_fd >= 0)
    close (proc->out_fd);
  if (proc->err_fd >= 0)
    close (proc->err_fd);
  if (proc->in_fd >= 0)
    close (proc->in_fd);
  g_string_free (proc->out_line, TRUE);
  g_string_free (proc->err_line, TRUE);
  g_free (proc->last_err);
  g_free (proc->last_out);
  ladder_lab_process_free (proc->spec);
  g_free (proc);
}

static const char *
proc_role (Proc *proc)
{
  return proc->spec->argv[0];
}

/* A custom lab program's line goes in the file too (a Custom Block), cut
 * to fit whole UTF-8 characters. */
static void
queue_output (Run *run, Proc *proc, const char *line, guint8 stream)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  LadderProgramOutput output = { now_ns (), (guint32) proc->pid, stream };

  ladder_program_output_set_text (&output, line, strlen (line));
  g_strlcpy (output.host, proc->spec->host, sizeof output.host);
  g_strlcpy (output.program, proc_role (proc), sizeof output.program);
  ladder_events_encode_output (body, &output);
  queue_item (run, output.ts_ns, 0, LADDER_EVENT_OUTPUT, body->data, body->len, 0);
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void G_GNUC_NORETURN
child_exec (pid_t parent, int nsfd, int in, int out, int err, int trace, char **argv, char **envp)
{
  sigset_t none;
  int null_fd, t;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    _exit (127);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  signal (SIGPIPE, SIG_DFL);
  if (setns (nsfd, CLONE_NEWNET) < 0)
    _exit (126);
  null_fd = in >= 0 ? in : open ("/dev/null", O_RDONLY);
  t = fcntl (trace, F_DUPFD, 10);
  if (null_fd < 0 || t < 0 || dup2 (null_fd, 0) < 0 || dup2 (out, 1) < 0 || dup2 (err, 2) < 0
      || dup2 (t, 3) < 0)
    _exit (126);
  ladder_netns_close_fds_except (3);
  execve (argv[0], argv, envp);
  _exit (127);
}

static char **
proc_argv (Run *run, Proc *proc)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **argv;

  g_strv_builder_add (builder, proc->spec->program != NULL ? proc->spec->program : run->endpoint);
  g_strv_builder_addv (builder, (const char **) proc->spec->argv);
  argv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return argv;
}

static gboolean
proc_spawn (Run *run, Proc *proc, GError **error)
{
  LadderLabHost *host = ladder_lab_topology_find_host (run->topo, proc->spec->host);
  g_auto(GStrv) argv = proc_argv (run, proc);
  g_auto(GStrv) envp = g_environ_setenv (g_strdupv (run->envp), "WIRELADDER_HOST",
                                         proc->spec->host, TRUE);
  int out[2], err[2], in[2] = { -1, -1 };
  pid_t parent = getpid ();

  g_return_val_if_fail (host != NULL && host->ns != NULL, FALSE);

  for (guint i = 0; proc->spec->env != NULL && proc->spec->env[i] != NULL; i++)
    {
      const char *eq = strchr (proc->spec->env[i], '=');
      g_autofree char *key = g_strndup (proc->spec->env[i], eq - proc->spec->env[i]);
      envp = g_environ_setenv (envp, key, eq + 1, TRUE);
    }
  if (run->server_port != 0)
    {
      g_autofree char *port = g_strdup_printf ("%u", run->server_port);
      envp = g_environ_setenv (envp, "WIRELADDER_SERVER_PORT", port, TRUE);
    }

  /* A custom program's stdin is a pipe the caller can type into
   * (ladder_lab_run_send_input) when it asks; else, and for the
   * endpoints, /dev/null. */
  if (pipe2 (out, O_CLOEXEC) < 0 || pipe2 (err, O_CLOEXEC) < 0
      || (proc->spec->program != NULL && run->options->input && pipe2 (in, O_CLOEXEC) < 0))
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                        "pipe: %s", g_strerror (errno)), FALSE;
  proc->pid = fork ();
  if (proc->pid == 0)
    child_exec (parent, ladder_netns_get_fd (host->ns), in[0], out[1], err[1], run->trace_w,
                argv, envp);
  close (out[1]);
  close (err[1]);
  if (in[0] >= 0)
    close (in[0]);
  proc->out_fd = out[0];
  proc->err_fd = err[0];
  proc->in_fd = in[1];
  if (proc->in_fd >= 0)
    fcntl (proc->in_fd, F_SETFL, O_NONBLOCK);
  if (proc->pid < 0)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                        "fork: %s", g_strerror (errno)), FALSE;
  fcntl (proc->out_fd, F_SETFL, O_NONBLOCK);
  fcntl (proc->err_fd, F_SETFL, O_NONBLOCK);
  proc->started = TRUE;
  ladder_lab_states_watch (run->states, proc->pid, proc->spec->host, proc_role (proc));
  if (run->transitions != NULL)
    ladder_lab_transitions_watch (run->transitions, proc->pid, proc->spec->host, proc_role (proc));
  return TRUE;
}

static void
proc_line (Run *run, Proc *proc, const char *line, gboolean is_err)
{
  if (!is_err && proc->spec->server && !proc->ready && strcmp (line, "ready") == 0)
    proc->ready = TRUE;
  if (is_err)
    {
      g_free (proc->last_err);
      proc->last_err = g_strdup (line);
    }
  else if (proc->spec->program != NULL)
    {
      g_free (proc->last_out);
      proc->last_out = g_strdup (line);
    }
  if (run->options->output != NULL)
    run->options->output (proc->spec->host, proc_role (proc), is_err, line, run->options->data);
  if (proc->spec->program != NULL)
    queue_output (run, proc, line, is_err ? LADDER_OUTPUT_STDERR : LADDER_OUTPUT_STDOUT);
  status (run, "%s %s: %s", proc->spec->host, proc_role (proc), line);
}

typedef struct
{
  Run      *run;
  Proc     *proc;
  gboolean  is_err;
} Reading;

static void
read_line (const char *line, gsize len, gpointer data)
{
  Reading *r = data;

  proc_line (r->run, r->proc, line, r->is_err);
}

/* Reads what a pipe holds; complete lines go to proc_line.  Closes the
 * descriptor at end of file. */
static void
proc_read (Run *run, Proc *proc, int *fd, GString *line, gboolean is_err)
{
  Reading reading = { run, proc, is_err };
  char buf[4096];
  gssize n;

  while ((n = read (*fd, buf, sizeof buf)) > 0)
    ladder_lines_feed (line, buf, (gsize) n, 1024, read_line, &reading);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
    {
      if (line->len > 0)
        proc_line (run, proc, line->str, is_err);
      g_string_truncate (line, 0);
      close (*fd);
      *fd = -1;
    }
}

/* The scenario this process runs (one per process, see ladder_lab_run):
 * what ladder_lab_run_send_input types into. */
static Run *current_run;

static Proc *
find_custom_proc (Run *run, const char *host)
{
  for (guint i = 0; run->procs != NULL && i < run->procs->len; i++)
    {
      Proc *proc = run->procs->pdata[i];

      if (proc->spec->program != NULL && g_str_equal (proc->spec->host, host))
        return proc;
    }
  return NULL;
}

static gboolean
write_all_now (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

gboolean
ladder_lab_run_send_input (const char *host, const char *text, gboolean eof, GError **error)
{
  Proc *proc = current_run != NULL ? find_custom_proc (current_run, host) : NULL;
  g_autofree char *line = NULL;

  g_return_val_if_fail (host != NULL, FALSE);

  if (proc == NULL || !proc->started)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "No program of yours runs on “%s” now", host), FALSE;
  if (proc->in_fd < 0)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        "%s on %s: its input is closed%s", proc_role (proc), host,
                        current_run->options->input ? "" : " (this lab takes no input)"), FALSE;
  if (eof)
    {
      close (proc->in_fd);
      proc->in_fd = -1;
      return TRUE;
    }
  line = g_strconcat (text != NULL ? text : "", "\n", NULL);
  /* Non-blocking: a program that never reads must not stall the capture. */
  if (!write_all_now (proc->in_fd, line, strlen (line)))
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                        "%s on %s does not take input now: %s", proc_role (proc), host,
                        errno == EAGAIN ? "it has not read what it was sent" : g_strerror (errno)), FALSE;
  queue_output (current_run, proc, text != NULL ? text : "", LADDER_OUTPUT_STDIN);
  return TRUE;
}

/* What a failing process said last: stderr, else (custom programs) stdout. */
static const char *
last_words (Proc *proc)
{
  return proc->last_err != NULL ? proc->last_err : proc->last_out;
}

static char *
describe_status (int status)
{
  if (WIFEXITED (status))
    return g_strdup_printf ("exited with status %d", WEXITSTATUS (status));
  if (WIFSIGNALED (status))
    return g_strdup_printf ("was killed by signal %d", WTERMSIG (status));
  return g_strdup ("stopped");
}

/* A client that ended otherwise than its scenario expects fails the run. */
static void
proc_check_exit (Run *run, Proc *proc)
{
  g_autofree char *how = describe_status (proc->status);

  status (run, "%s %s %s", proc->spec->host, proc_role (proc), how);
  if (run->user_stop || (proc->spec->server && WIFSIGNALED (proc->status)))
    return;
  if (WIFEXITED (proc->status) && WEXITSTATUS (proc->status) == proc->spec->expect_status)
    return;
  fail (run, g_error_new (LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                          "%s on %s %s (expected %d)%s%s", proc_role (proc), proc->spec->host,
                          how, proc->spec->expect_status,
                          last_words (proc) != NULL ? ": " : "",
                          last_words (proc) != NULL ? last_words (proc) : ""));
}

static void unwatch_traced (Run *run, Proc *proc);

static void
reap (Run *run)
{
  for (guint i = 0; i < run->procs->len; i++)
    {
      Proc *proc = run->procs->pdata[i];

      if (!proc->started || proc->exited || waitpid (proc->pid, &proc->status, WNOHANG) <= 0)
        continue;
      proc->exited = TRUE;
      /* What the process wrote just before exiting is still in the pipes. */
      if (proc->out_fd >= 0)
        proc_read (run, proc, &proc->out_fd, proc->out_line, FALSE);
      if (proc->err_fd >= 0)
        proc_read (run, proc, &proc->err_fd, proc->err_line, TRUE);
      if (proc->in_fd >= 0)
        close (proc->in_fd);
      proc->in_fd = -1;
      ladder_lab_states_unwatch (run->states, proc->pid);
      unwatch_traced (run, proc);
      proc_check_exit (run, proc);
    }
}

/* ---- socket-call records: uint32 LE length, then a Custom Block body ---- */

/* A traced server is ready once it listens (TCP) or has bound (UDP): its
 * clients may start, and learn its port. */
static void
note_listening (Run *run, const LadderSocketCall *call)
{
  if (call->kind == LADDER_CALL_LISTEN && call->result == 0)
    g_hash_table_add (run->listen_ports, GUINT_TO_POINTER ((guint) call->local_port));
  gboolean listening = call->result == 0 && (call->kind == LADDER_CALL_LISTEN
                        || (call->kind == LADDER_CALL_BIND && call->protocol == 17));

  for (guint i = 0; listening && i < run->procs->len; i++)
    {
      Proc *proc = run->procs->pdata[i];

      if (proc->spec->server && proc->spec->ready_ms != 0 && !proc->ready
          && g_str_equal (proc->spec->host, call->host))
        {
          proc->ready = TRUE;
          run->server_port = call->local_port;
        }
    }
}

/* Whether PROC, a tracer still running, may own CALL's process: on the
 * same host, and (on the first pass) under the same program name, which
 * tells apart two traced servers of one host. */
static gboolean
may_own (Proc *proc, const LadderSocketCall *call, gboolean by_name)
{
  return proc->spec->program != NULL && proc->started && !proc->exited
         && g_str_equal (proc->spec->host, call->host)
         && (!by_name || g_str_equal (proc_role (proc), call->program));
}

/* A traced program's process (a tracer's child or grandchild) holds the
 * sockets the states sampler must know as the program's. */
static void
note_traced (Run *run, const LadderSocketCall *call)
{
  gpointer pid = GUINT_TO_POINTER (call->pid);

  if (run->tracer == NULL || g_hash_table_contains (run->traced, pid))
    return;
  for (guint i = 0; i < 2 * run->procs->len; i++)
    {
      Proc *proc = run->procs->pdata[i % run->procs->len];

      if (may_own (proc, call, i < run->procs->len))
        {
          g_hash_table_insert (run->traced, pid, proc);
          ladder_lab_states_watch (run->states, call->pid, call->host, call->program);
          if (run->transitions != NULL)
            ladder_lab_transitions_watch (run->transitions, call->pid, call->host, call->program);
          return;
        }
    }
}

static void
unwatch_traced (Run *run, Proc *proc)
{
  GHashTableIter iter;
  gpointer pid, owner;

  g_hash_table_iter_init (&iter, run->traced);
  while (g_hash_table_iter_next (&iter, &pid, &owner))
    if (owner == proc)
      {
        ladder_lab_states_unwatch (run->states, GPOINTER_TO_UINT (pid));
        g_hash_table_iter_remove (&iter);
      }
}

static void
parse_trace (Run *run)
{
  GByteArray *buf = run->trace_buf;
  gsize off = 0;

  while (buf->len - off >= 4)
    {
      guint32 len;
      LadderEvent event;

      memcpy (&len, buf->data + off, 4);
      len = GUINT32_FROM_LE (len);
      if (len == 0 || len > MAX_TRACE_RECORD)
        {
          /* Out of step: records are written whole, so this cannot be
           * repaired; drop what is buffered. */
          g_warning ("Malformed socket-call record (length %u); dropped", len);
          off = buf->len;
          break;
        }
      if (buf->len - off - 4 < len)
        break;
      if (ladder_events_decode (buf->data + off + 4, len, &event) && event.type == LADDER_EVENT_CALL)
        {
          queue_item (run, event.call.ts_ns, 0, LADDER_EVENT_CALL, buf->data + off + 4, len, 0);
          run->calls_seen = TRUE;
          note_listening (run, &event.call);
          note_traced (run, &event.call);
          if (run->transitions != NULL)
            ladder_lab_transitions_note_call (run->transitions, &event.call);
        }
      /* The state a call left its socket in, as the endpoint read it. */
      else if (event.type == LADDER_EVENT_STATE && ladder_lab_states_adopt (run->states, &event.state))
        take_sample (run, &event.state);
      off += 4 + len;
    }
  g_byte_array_remove_range (buf, 0, off);
}

static void
read_trace (Run *run)
{
  guint8 chunk[8192];
  gssize n;

  while ((n = read (run->trace_r, chunk, sizeof chunk)) > 0)
    g_byte_array_append (run->trace_buf, chunk, n);
  parse_trace (run);
}

/* ---- the loop ---- */

typedef enum
{
  SRC_CONTROL,
  SRC_TRACE,
  SRC_LINK,
  SRC_OUT,
  SRC_ERR,
  SRC_DESTROY,
  SRC_TCP_TRACE,
} SourceKind;

typedef struct
{
  struct pollfd fds[MAX_POLL_FDS];
  SourceKind    kind[MAX_POLL_FDS];
  gpointer      what[MAX_POLL_FDS];
  guint         n;
} PollSet;

static void
poll_add (PollSet *set, int fd, SourceKind kind, gpointer what)
{
  if (fd < 0 || set->n >= MAX_POLL_FDS)
    return;
  set->fds[set->n] = (struct pollfd) { .fd = fd, .events = POLLIN };
  set->kind[set->n] = kind;
  set->what[set->n] = what;
  set->n++;
}

static void
poll_build (Run *run, PollSet *set)
{
  set->n = 0;
  /* Once stopped, a control descriptor at end of file would wake every poll. */
  if (run->options->control != NULL && !run->user_stop)
    poll_add (set, run->options->control_fd, SRC_CONTROL, NULL);
  poll_add (set, run->trace_r, SRC_TRACE, NULL);
  for (guint i = 0; run->live != NULL && i < ladder_live_get_n_handles (run->live); i++)
    poll_add (set, ladder_live_get_fd (run->live, i), SRC_LINK, GUINT_TO_POINTER (i));
  for (guint i = 0; i < run->procs->len; i++)
    {
      Proc *proc = run->procs->pdata[i];
      poll_add (set, proc->out_fd, SRC_OUT, proc);
      poll_add (set, proc->err_fd, SRC_ERR, proc);
    }
  for (guint i = 0; run->states != NULL && i < ladder_lab_states_get_n_hosts (run->states); i++)
    poll_add (set, ladder_lab_states_get_destroy_fd (run->states, i), SRC_DESTROY, GUINT_TO_POINTER (i));
  if (run->transitions != NULL)
    {
      LadderTcpTrace *trace = ladder_lab_transitions_get_trace (run->transitions);
      for (guint i = 0; i < ladder_tcp_trace_get_n_fds (trace); i++)
        poll_add (set, ladder_tcp_trace_get_fd (trace, i), SRC_TCP_TRACE, NULL);
    }
}

static void
dispatch_link (Run *run, guint index)
{
  GError *error = NULL;

  if (ladder_live_dispatch (run->live, index, on_packet, run, &error) < 0)
    {
      fail (run, error);
      run->stop = TRUE;
    }
}

static void
handle_source (Run *run, SourceKind kind, gpointer what)
{
  Proc *proc = what;

  switch (kind)
    {
    case SRC_CONTROL:
      if (run->options->control (run->options->control_fd, run->options->data))
        run->stop = run->user_stop = TRUE;
      break;
    case SRC_TRACE:
      read_trace (run);
      break;
    case SRC_LINK:
      dispatch_link (run, GPOINTER_TO_UINT (what));
      break;
    case SRC_OUT:
      proc_read (run, proc, &proc->out_fd, proc->out_line, FALSE);
      break;
    case SRC_ERR:
      proc_read (run, proc, &proc->err_fd, proc->err_line, TRUE);
      break;
    case SRC_DESTROY:
      /* A socket was freed: its last state is in the next sample, now. */
      if (ladder_lab_states_drain_destroyed (run->states, GPOINTER_TO_UINT (what)) > 0)
        run->destroyed = TRUE;
      break;
    case SRC_TCP_TRACE:
      ladder_lab_transitions_read (run->transitions);
      break;
    }
}

/* Every STATE_INTERVAL_NS, sooner after socket calls, at once when FORCE. */
static void
sample_states (Run *run, gboolean force)
{
  gint64 now = now_ns ();

  if (!force && now < run->next_states_ns
      && !(run->calls_seen && now >= run->last_states_ns + STATE_EAGER_NS))
    return;
  ladder_lab_states_poll (run->states, now, queue_state, run);
  run->calls_seen = FALSE;
  run->last_states_ns = now;
  run->next_states_ns = now + STATE_INTERVAL_NS;
}

static gint
lookup_socket (const char *host, const LadderSocketState *tuple, gpointer user_data)
{
  Run *run = user_data;

  return ladder_lab_states_lookup (run->states, host, tuple);
}

/* Tracepoint records made before CUTOFF go into the queue.  The
 * endpoints' reports written by now are read first: a round that spent
 * long on packets must not decide on records whose owner the pipe
 * already says. */
static void
flush_transitions (Run *run, gint64 cutoff)
{
  if (run->transitions == NULL)
    return;
  read_trace (run);
  ladder_lab_transitions_read (run->transitions);
  ladder_lab_transitions_flush (run->transitions, cutoff, lookup_socket, queue_transition, run);
}

/* A full buffer loses records of the whole machine, maybe the lab's. */
static void
note_lost_transitions (Run *run)
{
  guint64 lost;
  gsize len;

  if (run->transitions == NULL)
    return;
  lost = ladder_tcp_trace_get_lost (ladder_lab_transitions_get_trace (run->transitions));
  if (lost == 0)
    return;
  len = strlen (run->result->states_note);
  g_snprintf (run->result->states_note + len, sizeof run->result->states_note - len,
              "; %" G_GUINT64_FORMAT " tracepoint records lost (buffer full)", lost);
  status (run, "Kernel TCP states: %" G_GUINT64_FORMAT " tracepoint records lost", lost);
}

/* Drops are the kernel's (pcap_stats): told as they grow, so a window can
 * say that its picture misses packets before the run ends. */
static void
check_drops (Run *run)
{
  gint64 now = now_ns ();
  guint64 drops;

  if (run->options->drops == NULL || run->live == NULL || now < run->next_drops_ns)
    return;
  run->next_drops_ns = now + DROPS_INTERVAL_NS;
  drops = ladder_live_get_drops (run->live);
  if (drops > run->drops_told)
    {
      run->drops_told = drops;
      run->options->drops (drops, run->options->data);
    }
}

/* One round: wait up to the next socket-state poll, handle what is ready,
 * reap children, record socket states, write what has settled. */
static void
iterate (Run *run)
{
  PollSet set;
  gint64 next = run->calls_seen ? MIN (run->next_states_ns, run->last_states_ns + STATE_EAGER_NS)
                                : run->next_states_ns;
  gint64 wait_ns = MAX (next - now_ns (), 0);
  int ready;

  poll_build (run, &set);
  ready = poll (set.fds, set.n, (int) MIN ((wait_ns + NS_PER_MS - 1) / NS_PER_MS,
                                           STATE_INTERVAL_NS / NS_PER_MS));
  for (guint i = 0; ready > 0 && i < set.n; i++)
    if (set.fds[i].revents != 0)
      handle_source (run, set.kind[i], set.what[i]);
  reap (run);
  sample_states (run, run->destroyed);
  run->destroyed = FALSE;
  flush_transitions (run, now_ns () - TRANSITION_HOLD_NS);
  check_drops (run);
  flush_queue (run, now_ns () - REORDER_HOLD_NS);
}

typedef gboolean (*DoneFunc) (Run *run, gpointer data);

/* Iterates until DONE, a stop request or TIMEOUT_MS; FALSE on timeout. */
static gboolean
run_until (Run *run, DoneFunc done, gpointer data, gint64 timeout_ms)
{
  gint64 deadline = now_ms () + timeout_ms;

  while (!done (run, data))
    {
      if (run->stop)
        return TRUE;
      if (now_ms () >= deadline)
        return FALSE;
      iterate (run);
    }
  return TRUE;
}

static gboolean
never_done (Run *run, gpointer data)
{
  return FALSE;
}

static gboolean
server_ready (Run *run, gpointer data)
{
  Proc *proc = data;

  return proc->ready || proc->exited;
}

/* ---- phases ---- */

/* A traced server seen listening may still die at once (a bind() that
 * failed is no listen, but a crash right after one is possible): give it a
 * moment's grace before the clients go. */
static gboolean
server_settled (Run *run, Proc *proc)
{
  gint64 until = now_ms () + 50;

  while (now_ms () < until && !proc->exited && !run->stop)
    iterate (run);
  return !proc->exited;
}

static gboolean
server_ended (Run *run, Proc *proc, GError **error)
{
  g_autofree char *how = NULL;

  reap (run);
  how = describe_status (proc->status);
  g_clear_error (&run->failure);  /* the message below says it better */
  g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
               "%s on %s %s before its clients started%s%s", proc_role (proc), proc->spec->host,
               proc->exited ? how : "is gone", last_words (proc) != NULL ? ": " : "",
               last_words (proc) != NULL ? last_words (proc) : "");
  return FALSE;
}

static gboolean
start_servers (Run *run, GError **error)
{
  for (guint i = 0; i < run->procs->len && !run->stop; i++)
    {
      Proc *proc = run->procs->pdata[i];

      if (!proc->spec->server)
        continue;
      if (!proc_spawn (run, proc, error))
        return FALSE;
      if (run_until (run, server_ready, proc,
                     proc->spec->ready_ms != 0 ? proc->spec->ready_ms
                     : proc->spec->program != NULL ? READY_TRACED_MS : READY_TIMEOUT_MS)
          && proc->ready)
        {
          /* Its listening socket, before any client. */
          read_trace (run);
          sample_states (run, TRUE);
        }
      if (proc->spec->ready_ms != 0 && (proc->exited || !server_settled (run, proc)))
        return server_ended (run, proc, error);
      if (proc->spec->ready_ms != 0)
        continue;  /* a program that never listens: the clients go ahead */
      if (!proc->ready || proc->exited)
        {
          g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                       "%s on %s did not get ready%s%s", proc_role (proc), proc->spec->host,
                       proc->last_err != NULL ? ": " : "",
                       proc->last_err != NULL ? proc->last_err : "");
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  guint  step;
  gint64 start_ms;
  GError **error;
  gboolean spawn_failed;
} StepState;

/* Starts the step's clients whose delay has passed; done when all exited. */
static gboolean
step_done (Run *run, gpointer data)
{
  StepState *st = data;
  gboolean done = TRUE;

  for (guint i = 0; i < run->procs->len; i++)
    {
      Proc *proc = run->procs->pdata[i];

      if (proc->spec->server || proc->spec->step != st->step)
        continue;
      if (!proc->started && now_ms () >= st->start_ms + proc->spec->delay_ms
          && !proc_spawn (run, proc, st->error))
        {
          st->spawn_failed = TRUE;
          return TRUE;
        }
      done = done && proc->exited;
    }
  return done;
}

/* A custom lab's --timeout counts from its first program's start. */
static gint64
step_timeout_ms (Run *run)
{
  const LadderLabCustom *custom = run->options->custom;

  if (custom == NULL)
    return STEP_TIMEOUT_MS;
  return MAX (run->started_ms + (custom->timeout_s != 0 ? custom->timeout_s
                                 : LADDER_LAB_CUSTOM_DEFAULT_TIMEOUT_S) * 1000 - now_ms (), 0);
}

static gboolean
timed_out (Run *run, guint step, GError **error)
{
  g_autoptr(GString) running = g_string_new (NULL);

  if (run->options->custom == NULL)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                        "The clients of step %u did not finish", step + 1), FALSE;
  for (guint i = 0; i < run->procs->len; i++)
    {
      Proc *proc = run->procs->pdata[i];
      if (proc->started && !proc->exited && !proc->spec->server)
        g_string_append_printf (running, "%s%s on %s", running->len > 0 ? ", " : "",
                                proc_role (proc), proc->spec->host);
    }
  return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                      "Timed out after %u s (--timeout): %s still running, stopped",
                      run->options->custom->timeout_s != 0 ? run->options->custom->timeout_s
                      : LADDER_LAB_CUSTOM_DEFAULT_TIMEOUT_S, running->str), FALSE;
}

static gboolean
run_clients (Run *run, GError **error)
{
  guint last = 0;

  for (guint i = 0; i < run->procs->len; i++)
    {
      Proc *proc = run->procs->pdata[i];
      if (!proc->spec->server)
        last = MAX (last, proc->spec->step);
    }
  for (guint step = 0; step <= last && !run->stop; step++)
    {
      StepState st = { step, now_ms (), error, FALSE };

      if (!run_until (run, step_done, &st, step_timeout_ms (run)))
        return timed_out (run, step, error);
      if (st.spawn_failed)
        return FALSE;
    }
  return TRUE;
}

/* Sends SIG (0: none) to every endpoint still running; returns how many. */
static guint
signal_running (Run *run, int sig)
{
  guint n = 0;

  for (guint i = 0; i < run->procs->len; i++)
    {
      Proc *proc = run->procs->pdata[i];
      if (proc->started && !proc->exited)
        {
          if (sig != 0)
            kill (proc->pid, sig);
          n++;
        }
    }
  return n;
}

static gboolean
all_exited (Run *run, gpointer data)
{
  return signal_running (run, 0) == 0;
}

/* Ends every endpoint: SIGTERM (they close their sockets), then SIGKILL
 * for any that does not exit in time. */
static void
stop_endpoints (Run *run)
{
  gboolean stopping = run->stop;

  run->stop = FALSE;
  signal_running (run, SIGTERM);
  if (!run_until (run, all_exited, NULL, TERM_TIMEOUT_MS))
    {
      status (run, "Some endpoints ignored SIGTERM; killing them");
      signal_running (run, SIGKILL);
      run_until (run, all_exited, NULL, TERM_TIMEOUT_MS);
    }
  run->stop = stopping;
}

static void
topology_status (const char *message, gpointer data)
{
  status (data, "%s", message);
}

static void
note_namespaces (Run *run)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < run->topo->n_hosts; i++)
    g_string_append_printf (text, "%s%" G_GUINT64_FORMAT, i > 0 ? " " : "",
                            ladder_netns_get_inode (run->topo->hosts[i].ns));
  /* The relays' too, so that "nothing left behind" covers them. */
  for (guint i = 0; i < run->topo->n_links; i++)
    if (run->topo->links[i].relay_ns != NULL)
      g_string_append_printf (text, " %" G_GUINT64_FORMAT,
                              ladder_netns_get_inode (run->topo->links[i].relay_ns));
  g_strlcpy (run->result->namespaces, text->str, sizeof run->result->namespaces);
  status (run, "Namespaces: %s", text->str);
  g_string_free (text, TRUE);
}

/* One relay process for every impaired link, running before any endpoint
 * so that link-up chatter crosses it like everything else. */
static gboolean
start_relay (Run *run, GError **error)
{
  for (guint i = 0; i < run->topo->n_links; i++)
    {
      const LadderLabLink *link = &run->topo->links[i];
      g_autofree char *text = NULL;

      if (!link->relayed)
        continue;
      if (run->relay == NULL)
        run->relay = ladder_lab_relay_new (run->result->seed);
      if (!ladder_lab_relay_add_link (run->relay, link->relay_ns, link->relay_left_if,
                                      link->relay_right_if, link->subnet, &link->impair, error))
        return FALSE;
      text = ladder_lab_impair_to_string (&link->impair);
      status (run, "%s: %s each way (relay, seed %" G_GUINT64_FORMAT ")", link->name, text,
              run->result->seed);
      run->result->relays++;
    }
  return run->relay == NULL || ladder_lab_relay_start (run->relay, error);
}

static gboolean
build_network (Run *run, GError **error)
{
  gint64 start = g_get_monotonic_time ();

  if (!ladder_netns_enter_lab (run->options->force_userns, error))
    return FALSE;
  run->result->userns = ladder_netns_in_userns ();
  if (run->params.loopback)
    run->topo = ladder_lab_topology_plan_loopback ();
  else
    run->topo = ladder_lab_topology_plan (run->params.hops,
                                          ladder_lab_scenario_needs_client2 (run->params.scenario));
  run->topo->family = run->params.family;
  if (run->options->custom != NULL && !run->topo->loopback)
    ladder_lab_custom_plan_hosts (run->options->custom, run->topo);
  if (!ladder_lab_topology_impair (run->topo, &run->params, error)
      || !ladder_lab_topology_build (run->topo, topology_status, run, error)
      || !start_relay (run, error))
    return FALSE;
  /* IPv6 link-local addresses come up, and MLD reports them, in the
   * milliseconds after the links do: let that pass before capturing. */
  g_usleep (SETTLE_US);
  run->result->setup_ns = (g_get_monotonic_time () - start) * 1000;
  run->result->netem = run->topo->netem;
  note_namespaces (run);
  return TRUE;
}

/* A plain link: one handle at the end nearer the client.  A relayed
 * link: one on each of the relay's ends, inbound, so each direction is
 * captured where it enters the link (ladder-lab-topology.h).  Returns the
 * first handle's index, or -1. */
static int
open_link_handles (Run *run, const LadderLabLink *link, guint iface, GError **error)
{
  int first, second;

  if (!link->relayed)
    first = ladder_live_add (run->live, run->topo->hosts[link->left].ns, link->left_if, error);
  else
    first = ladder_live_add_full (run->live, link->relay_ns, link->relay_left_if, TRUE, error);
  if (first < 0)
    return -1;
  run->handle_iface[first] = iface;
  if (!link->relayed)
    return first;
  second = ladder_live_add_full (run->live, link->relay_ns, link->relay_right_if, TRUE, error);
  if (second < 0)
    return -1;
  run->handle_iface[second] = iface;
  return first;
}

/* Readers find the link and, for an impaired one, its settings and seed
 * (the run can be repeated from the file alone). */
static char *
link_description (Run *run, const LadderLabLink *link)
{
  const LadderLabHost *left = &run->topo->hosts[link->left];
  g_autofree char *impair = NULL;

  if (run->topo->loopback)
    return g_strdup_printf (LADDER_LAB_IF_DESCRIPTION_PREFIX " lo (127.0.0.1, ::1: client and "
                            "server on one host, captured on %s lo)", left->name);
  if (!link->relayed)
    return g_strdup_printf (LADDER_LAB_IF_DESCRIPTION_PREFIX " %s (10.0.%u.0/24, "
                            "captured on %s %s)", link->name, link->subnet,
                            left->name, link->left_if);
  impair = ladder_lab_impair_to_string (&link->impair);
  return g_strdup_printf (LADDER_LAB_IF_DESCRIPTION_PREFIX " %s (10.0.%u.0/24, "
                          "each direction captured where it enters the link, in relay%u; "
                          "impaired each way: %s seed=%" G_GUINT64_FORMAT ")",
                          link->name, link->subnet, link->subnet, impair, run->result->seed);
}

/* A relayed link's far side: each direction where it leaves the link,
 * inbound at the host it reaches, after the relay.  With the near side it
 * tells a packet the link lost from one it delivered, on the last link of
 * a path too (src/core/ladder-losses.h). */
static gboolean
open_delivered_handles (Run *run, const LadderLabLink *link, guint iface, GError **error)
{
  const LadderLabHost *ends[2] = { &run->topo->hosts[link->left], &run->topo->hosts[link->right] };
  const char *ifnames[2] = { link->left_if, link->right_if };

  for (guint e = 0; e < 2; e++)
    {
      int index = ladder_live_add_full (run->live, ends[e]->ns, ifnames[e], TRUE, error);

      if (index < 0)
        return FALSE;
      run->handle_iface[index] = iface;
    }
  return TRUE;
}

static char *
delivered_description (Run *run, const LadderLabLink *link)
{
  g_autofree char *impair = ladder_lab_impair_to_string (&link->impair);

  return g_strdup_printf (LADDER_LAB_IF_DESCRIPTION_PREFIX " %s " LADDER_LAB_IF_DELIVERED_MARK
                          " (10.0.%u.0/24, at %s %s and %s %s, after the relay; impaired each way: "
                          "%s seed=%" G_GUINT64_FORMAT ")",
                          link->name, link->subnet, run->topo->hosts[link->left].name, link->left_if,
                          run->topo->hosts[link->right].name, link->right_if, impair, run->result->seed);
}

/* After the links, one more interface per relayed link: its far side. */
static gboolean
open_delivered (Run *run, GError **error)
{
  guint iface = run->topo->n_links;

  for (guint i = 0; i < run->topo->n_links; i++)
    {
      const LadderLabLink *link = &run->topo->links[i];
      g_autofree char *name = NULL;
      g_autofree char *description = NULL;
      int first = (int) ladder_live_get_n_handles (run->live);

      if (!link->relayed)
        continue;
      if (!open_delivered_handles (run, link, iface, error))
        return FALSE;
      name = g_strconcat (link->name, LADDER_LAB_IF_DELIVERED_SUFFIX, NULL);
      description = delivered_description (run, link);
      if (!ladder_pcapng_writer_add_interface (run->writer, ladder_live_get_linktype (run->live, first),
                                               ladder_live_get_snaplen (run->live, first),
                                               name, description, NULL, error))
        return FALSE;
      iface++;
    }
  return TRUE;
}

/* One pcapng interface per link, in link order; then each relayed link's
 * far side. */
static gboolean
open_capture (Run *run, int out_fd, GError **error)
{
  struct stat st;

  run->writer = ladder_pcapng_writer_new (out_fd, FALSE, "Wireladder lab", error);
  if (run->writer == NULL)
    return FALSE;
  if (fstat (out_fd, &st) == 0 && S_ISREG (st.st_mode))
    run->deferred = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  run->live = ladder_live_new ();
  for (guint i = 0; i < run->topo->n_links; i++)
    {
      const LadderLabLink *link = &run->topo->links[i];
      g_autofree char *description = NULL;
      int index = open_link_handles (run, link, i, error);

      if (index < 0)
        return FALSE;
      description = link_description (run, link);
      if (!ladder_pcapng_writer_add_interface (run->writer, ladder_live_get_linktype (run->live, index),
                                               ladder_live_get_snaplen (run->live, index),
                                               link->name, description, NULL, error))
        return FALSE;
    }
  if (!open_delivered (run, error))
    return FALSE;
  status (run, "Capturing on %u links", run->topo->n_links);
  return TRUE;
}

/* Every TCP state change where the kernel allows it (root in the initial
 * user namespace), else samples; the run says which. */
static void
open_transitions (Run *run)
{
  g_autoptr(GError) error = NULL;
  LadderTcpTrace *trace = ladder_tcp_trace_open (&error);

  if (trace != NULL)
    {
      const char *no_netns = ladder_tcp_trace_get_netns_error (trace);

      run->transitions = ladder_lab_transitions_new (trace);
      run->result->tracepoint = TRUE;
      for (guint i = 0; i < run->topo->n_hosts; i++)
        if (run->topo->hosts[i].ns != NULL)
          ladder_lab_transitions_add_netns (run->transitions,
                                            (guint32) ladder_netns_get_inode (run->topo->hosts[i].ns),
                                            run->topo->hosts[i].name);
      g_snprintf (run->result->states_note, sizeof run->result->states_note,
                  "every TCP transition (sock:inet_sock_set_state%s%s)",
                  no_netns == NULL ? ", by network namespace" : "; namespaces unknown: ",
                  no_netns == NULL ? "" : no_netns);
    }
  else
    g_snprintf (run->result->states_note, sizeof run->result->states_note,
                "sampled (no tracepoint: %s)", error->message);
  status (run, "Kernel TCP states: %s", run->result->states_note);
}

static gboolean
prepare_endpoints (Run *run, GError **error)
{
  int fds[2];
  g_autofree char *fd_text = g_strdup_printf ("%d", 3);

  if (pipe2 (fds, O_CLOEXEC) < 0)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                        "pipe: %s", g_strerror (errno)), FALSE;
  run->trace_r = fds[0];
  run->trace_w = fds[1];
  fcntl (run->trace_r, F_SETFL, O_NONBLOCK);
  run->envp = g_environ_setenv (g_get_environ (), "WIRELADDER_TRACE_FD", fd_text, TRUE);
  run->procs = g_ptr_array_new_with_free_func (proc_free);
  run->states = ladder_lab_states_new ();
  open_transitions (run);
  {
    g_autoptr(GPtrArray) specs = NULL;

    if (run->options->custom != NULL)
      {
        run->hosts_file = ladder_lab_custom_write_hosts (run->topo, error);
        if (run->hosts_file == NULL)
          return FALSE;
        specs = ladder_lab_custom_processes (run->options->custom, run->topo, run->tracer,
                                             run->hosts_file);
      }
    else
      specs = ladder_lab_scenario_processes (&run->params, run->topo);
    if (run->python != NULL)
      ladder_lab_python_translate (specs, run->tracer, run->python, run->python_dir);
    for (guint i = 0; i < specs->len; i++)
      {
        LadderLabProcess *spec = g_steal_pointer (&specs->pdata[i]);
        LadderLabHost *host = ladder_lab_topology_find_host (run->topo, spec->host);

        g_ptr_array_add (run->procs, proc_new (spec));
        if (!ladder_lab_states_add_host (run->states, host->name, host->ns, error))
          return FALSE;
      }
  }
  return TRUE;
}

static void
linger (Run *run, gint64 ms)
{
  gboolean stopping = run->stop;

  run->stop = FALSE;
  run_until (run, never_done, NULL, ms);
  run->stop = stopping;
}

/* The longest a frame spends crossing every link there and back: the
 * closing packets of a delayed path need that much more lingering. */
static gint64
path_delay_ms (Run *run)
{
  gint64 ms = 0;

  for (guint i = 0; i < run->topo->n_links; i++)
    ms += 2 * (run->topo->links[i].impair.delay_ms + run->topo->links[i].impair.jitter_ms
               + (run->topo->links[i].impair.reorder_percent > 0 ? LADDER_LAB_RELAY_REORDER_HOLD_MS : 0));
  return MIN (ms, 20000);
}

/* Capture until the last client's closing packets are in, then stop. */
static void
run_scenario (Run *run)
{
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();

  status (run, "%s: starting", run->params.scenario);
  run->started_ms = now_ms ();
  if (!start_servers (run, &error) || !run_clients (run, &error))
    {
      if (error != NULL)
        fail (run, error);
    }
  if (run->stop)
    status (run, "%s: stopping", run->params.scenario);
  linger (run, LINGER_MS + path_delay_ms (run));
  stop_endpoints (run);
  linger (run, LINGER_MS / 3);
  for (guint i = 0; i < ladder_live_get_n_handles (run->live); i++)
    dispatch_link (run, i);
  read_trace (run);
  sample_states (run, TRUE);
  flush_transitions (run, G_MAXINT64);
  note_lost_transitions (run);
  run->result->scenario_ns = (g_get_monotonic_time () - start) * 1000;
  run->result->stopped = run->user_stop;
  run->result->drops = ladder_live_get_drops (run->live);
  flush_queue (run, G_MAXINT64);
  write_deferred (run);
}

static void
run_clear (Run *run)
{
  if (run->procs != NULL)
    {
      signal_running (run, SIGKILL);
      for (guint i = 0; i < run->procs->len; i++)
        {
          Proc *proc = run->procs->pdata[i];
          if (proc->started && !proc->exited)
            waitpid (proc->pid, NULL, 0);
        }
      g_ptr_array_unref (run->procs);
    }
  if (run->pending != NULL)
    flush_queue (run, G_MAXINT64);
  write_deferred (run);
  g_clear_pointer (&run->pending, g_array_unref);
  g_clear_pointer (&run->deferred, g_ptr_array_unref);
  g_clear_pointer (&run->live, ladder_live_free);
  g_clear_pointer (&run->relay, ladder_lab_relay_free);
  g_clear_pointer (&run->writer, ladder_pcapng_writer_free);
  g_clear_pointer (&run->transitions, ladder_lab_transitions_free);
  g_clear_pointer (&run->states, ladder_lab_states_free);
  g_clear_pointer (&run->topo, ladder_lab_topology_free);
  g_clear_pointer (&run->trace_buf, g_byte_array_unref);
  g_clear_pointer (&run->endpoint, g_free);
  g_clear_pointer (&run->tracer, g_free);
  g_clear_pointer (&run->python, g_free);
  g_clear_pointer (&run->python_dir, g_free);
  g_clear_pointer (&run->traced, g_hash_table_unref);
  g_clear_pointer (&run->listen_ports, g_hash_table_unref);
  if (run->hosts_file != NULL)
    unlink (run->hosts_file);
  g_clear_pointer (&run->hosts_file, g_free);
  g_clear_pointer (&run->envp, g_strfreev);
  if (run->trace_r >= 0)
    close (run->trace_r);
  if (run->trace_w >= 0)
    close (run->trace_w);
}

/* Python programs: the interpreter, the scripts and their tracer. */
static gboolean
find_python (Run *run, GError **error)
{
  run->python = ladder_lab_python_find_interpreter (error);
  if (run->python == NULL)
    return FALSE;
  run->python_dir = ladder_lab_python_find_dir (error);
  if (run->python_dir == NULL)
    return FALSE;
  run->tracer = ladder_lab_find_program ("wireladder-trace", "WIRELADDER_TRACE", error);
  return run->tracer != NULL;
}

/* The endpoints' binary, and for a custom lab or Python programs the tracer. */
static gboolean
find_programs (Run *run, GError **error)
{
  gboolean custom = g_str_equal (run->params.scenario, LADDER_LAB_CUSTOM_SCENARIO);

  if (g_str_equal (run->params.lang, LADDER_LAB_LANG_PYTHON) && !find_python (run, error))
    return FALSE;

  if (custom != (run->options->custom != NULL))
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
                        custom ? "The custom lab needs its programs: wireladder-cli lab run custom "
                                 "--server COMMAND --client COMMAND, or `program` lines to the "
                                 "lab helper (PROTOCOL.md)"
                               : "Programs are given for the custom lab only"), FALSE;
  if (custom && !ladder_lab_custom_check (run->options->custom, error))
    return FALSE;
  run->endpoint = ladder_lab_find_program ("wireladder-endpoint", "WIRELADDER_ENDPOINT", error);
  if (run->endpoint == NULL)
    return FALSE;
  if (custom)
    run->tracer = ladder_lab_find_program ("wireladder-trace", "WIRELADDER_TRACE", error);
  return !custom || run->tracer != NULL;
}

gboolean
ladder_lab_run (const LadderLabParams     *params,
                int                        out_fd,
                const LadderLabRunOptions *options,
                LadderLabResult           *result,
                GError                   **error)
{
  Run run = { .options = options, .result = result, .trace_r = -1, .trace_w = -1 };
  gboolean ok;

  g_return_val_if_fail (params != NULL && options != NULL && result != NULL, FALSE);
  g_return_val_if_fail (out_fd >= 0, FALSE);

  memset (result, 0, sizeof *result);
  if (!ladder_lab_params_resolve (params, &run.params, error))
    return FALSE;
  ladder_lab_scenario_default_impair (&run.params);
  if (!find_programs (&run, error))
    return FALSE;
  run.pending = g_array_new (FALSE, FALSE, sizeof (Item));
  run.traced = g_hash_table_new (NULL, NULL);
  run.listen_ports = g_hash_table_new (NULL, NULL);
  run.trace_buf = g_byte_array_new ();
  result->seed = run.params.seed_set ? run.params.seed : g_random_int () % 1000000;
  current_run = &run;
  ok = build_network (&run, error) && open_capture (&run, out_fd, error)
       && prepare_endpoints (&run, error);
  if (ok)
    {
      run_scenario (&run);
      if (run.failure != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&run.failure));
          ok = FALSE;
        }
    }
  g_clear_error (&run.failure);
  run_clear (&run);
  current_run = NULL;
  return ok;
}
