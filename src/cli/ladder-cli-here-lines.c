/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-cli-here-lines.c: COMMAND's lines through run-here (see the header).
 *
 * One poll() loop: run-here's standard input is read only when it has
 * something (never made non-blocking: it may be the terminal's, shared
 * with the shell), COMMAND's pipes are.  Output is passed on byte for byte
 * as it comes (a prompt without a newline shows at once); typed input waits
 * in PENDING until COMMAND's pipe takes it, so a COMMAND that does not read
 * never stalls its output.  Records are cut into lines as the lab cuts its
 * programs' (ladder-lab-run.c).
 */
#define _GNU_SOURCE
#include "ladder-cli-here-lines.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ladder-events.h"

#define POLL_MS         100
#define MAX_LINE        1024     /* bytes of a line kept; the rest is passed on only */
#define MAX_KEPT_LINES  100000   /* a flooding command must not fill the memory */

struct _LadderHereLines
{
  LadderProgramOutput proto;     /* host, program, pid of every record */
  int                 echo_fd;
  int                 in_fd;     /* COMMAND's standard input, -1 once closed */
  gboolean            reading;   /* run-here's own standard input is still open */
  GString            *pending;   /* typed, not taken by COMMAND yet */
  GString            *partial[3]; /* per LadderOutputStream, a line not ended yet */
  guint               n_kept;
  GByteArray         *records;
};

LadderHereLines *
ladder_here_lines_new (const char *host, const char *program, int echo_fd)
{
  LadderHereLines *self = g_new0 (LadderHereLines, 1);

  g_strlcpy (self->proto.host, host, sizeof self->proto.host);
  g_strlcpy (self->proto.program, program, sizeof self->proto.program);
  self->echo_fd = echo_fd;
  self->in_fd = -1;
  self->pending = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (self->partial); i++)
    self->partial[i] = g_string_new (NULL);
  self->records = g_byte_array_new ();
  return self;
}

void
ladder_here_lines_free (LadderHereLines *self)
{
  if (self == NULL)
    return;
  g_string_free (self->pending, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (self->partial); i++)
    g_string_free (self->partial[i], TRUE);
  g_byte_array_unref (self->records);
  g_free (self);
}

GByteArray *
ladder_here_lines_get_records (LadderHereLines *self)
{
  return self->records;
}

static void
keep_line (LadderHereLines *self, guint8 stream, const char *line, gsize line_len)
{
  LadderProgramOutput out = self->proto;
  guint start = self->records->len;
  guint32 len;

  out.ts_ns = g_get_real_time () * 1000;
  out.stream = stream;
  if (self->n_kept++ >= MAX_KEPT_LINES)
    return;
  /* cut where a character starts, as the lab cuts its programs' lines */
  ladder_program_output_set_text (&out, line, line_len);
  g_byte_array_set_size (self->records, start + 4);
  ladder_events_encode_output (self->records, &out);
  len = GUINT32_TO_LE (self->records->len - start - 4);
  memcpy (self->records->data + start, &len, 4);
}

typedef struct
{
  LadderHereLines *self;
  guint8           stream;
} Feeding;

static void
keep_fed_line (const char *line, gsize len, gpointer data)
{
  Feeding *f = data;

  keep_line (f->self, f->stream, line, len);
}

/* N bytes of STREAM: each complete line kept. */
static void
feed (LadderHereLines *self, guint8 stream, const char *buf, gssize n)
{
  Feeding f = { self, stream };

  ladder_lines_feed (self->partial[stream], buf, (gsize) n, MAX_LINE, keep_fed_line, &f);
}

static void
write_all (int fd, const char *buf, gssize n)
{
  while (n > 0)
    {
      gssize done = write (fd, buf, n);

      if (done < 0 && errno == EINTR)
        continue;
      if (done <= 0)
        return;  /* the reader has gone: the lines are still kept */
      buf += done;
      n -= done;
    }
}

static void
close_input (LadderHereLines *self)
{
  if (self->in_fd >= 0)
    close (self->in_fd);
  self->in_fd = -1;
  g_string_truncate (self->pending, 0);
}

/* What run-here's standard input has: on to COMMAND, kept as typed. */
static void
read_typed (LadderHereLines *self)
{
  char buf[4096];
  gssize n = read (STDIN_FILENO, buf, sizeof buf);

  if (n < 0 && errno == EINTR)
    return;
  if (n <= 0)
    {
      self->reading = FALSE;  /* end of input (Ctrl+D): COMMAND's too, once it has the rest */
      return;
    }
  feed (self, LADDER_OUTPUT_STDIN, buf, n);
  if (self->in_fd >= 0)
    g_string_append_len (self->pending, buf, n);
}

static void
write_pending (LadderHereLines *self)
{
  gssize n = self->pending->len > 0 ? write (self->in_fd, self->pending->str, self->pending->len) : 0;

  if (n > 0)
    g_string_erase (self->pending, 0, n);
  else if (n < 0 && errno != EAGAIN && errno != EINTR)
    close_input (self);  /* COMMAND closed its input (EPIPE) */
}

/* COMMAND's STREAM at *FD: passed on and kept; closed at its end. */
static void
read_output (LadderHereLines *self, int *fd, guint8 stream)
{
  char buf[4096];
  gssize n;

  while ((n = read (*fd, buf, sizeof buf)) > 0)
    {
      write_all (stream == LADDER_OUTPUT_STDOUT ? self->echo_fd : STDERR_FILENO, buf, n);
      feed (self, stream, buf, n);
    }
  if (n == 0 || (errno != EAGAIN && errno != EINTR))
    {
      close (*fd);
      *fd = -1;
    }
}

static void
poll_once (LadderHereLines *self, int *out_fd, int *err_fd, int timeout_ms)
{
  struct pollfd fds[4];
  int n = 0, typed = -1, input = -1, out = -1, err = -1;

  if (self->reading)
    typed = n, fds[n++] = (struct pollfd) { STDIN_FILENO, POLLIN, 0 };
  if (self->in_fd >= 0 && self->pending->len > 0)
    input = n, fds[n++] = (struct pollfd) { self->in_fd, POLLOUT, 0 };
  if (*out_fd >= 0)
    out = n, fds[n++] = (struct pollfd) { *out_fd, POLLIN, 0 };
  if (*err_fd >= 0)
    err = n, fds[n++] = (struct pollfd) { *err_fd, POLLIN, 0 };
  if (poll (fds, n, timeout_ms) <= 0)
    return;
  if (typed >= 0 && fds[typed].revents != 0)
    read_typed (self);
  if (input >= 0 && fds[input].revents != 0 && self->in_fd >= 0)
    write_pending (self);
  if (out >= 0 && fds[out].revents != 0)
    read_output (self, out_fd, LADDER_OUTPUT_STDOUT);
  if (err >= 0 && fds[err].revents != 0)
    read_output (self, err_fd, LADDER_OUTPUT_STDERR);
  if (!self->reading && self->pending->len == 0 && self->in_fd >= 0)
    close_input (self);
}

static void
flush_partials (LadderHereLines *self)
{
  for (guint8 stream = 0; stream < G_N_ELEMENTS (self->partial); stream++)
    if (self->partial[stream]->len > 0)
      {
        keep_line (self, stream, self->partial[stream]->str, self->partial[stream]->len);
        g_string_truncate (self->partial[stream], 0);
      }
}

int
ladder_here_lines_relay (LadderHereLines *self, GPid pid, int in_fd, int out_fd, int err_fd)
{
  int status = -1;
  pid_t done = 0;

  self->proto.pid = (guint32) pid;
  self->in_fd = in_fd;
  self->reading = TRUE;
  fcntl (in_fd, F_SETFL, O_NONBLOCK);
  fcntl (out_fd, F_SETFL, O_NONBLOCK);
  fcntl (err_fd, F_SETFL, O_NONBLOCK);
  while (done != pid)
    {
      poll_once (self, &out_fd, &err_fd, POLL_MS);
      done = waitpid (pid, &status, WNOHANG);
      if (done < 0 && errno != EINTR)
        break;
    }
  /* What it wrote just before it ended; a child it left behind may hold
   * the pipes open, so no waiting for their end. */
  if (out_fd >= 0)
    read_output (self, &out_fd, LADDER_OUTPUT_STDOUT);
  if (err_fd >= 0)
    read_output (self, &err_fd, LADDER_OUTPUT_STDERR);
  if (out_fd >= 0)
    close (out_fd);
  if (err_fd >= 0)
    close (err_fd);
  close_input (self);
  flush_partials (self);
  return status;
}
