/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-events.c: socket calls and socket states as pcapng Custom Blocks.
 *
 * Custom Block (pcapng, draft-ietf-opsawg-pcapng section 4.8), type
 * 0x00000BAD.  The body this file builds and parses:
 *
 *   PEN          4 bytes, the section's byte order (we accept either)
 *   version      1 byte, 1
 *   type         1 byte, 1 call, 2 state, 3 a program's output line
 *   fixed_len    2 bytes, length of the fixed part that follows
 *   fixed part   big-endian fields, in the order of the structs below
 *   strings      host, program (and args for calls, the line for output):
 *                1-byte length + bytes
 *
 * Decoding reads the fields it knows and skips a longer fixed part, so a
 * later version may append fields.  States gained two bytes at the end of
 * their fixed part (source, old state); a shorter state is a sample.
 * Source 2 (queues) came later: a reader that predates it takes such a
 * record for a sample, which says the same state.
 * Addresses are a family byte (0, 4, 6) and 16 address bytes.
 * A call's two bytes after its protocol were padding until the first
 * became its LadderCallSyscall (dup2, accept4, poll ...): older files hold
 * 0 there, the kind's own name, and older readers skip it (showing the
 * kind: "send" for a write()).
 */
#define _GNU_SOURCE  /* strerrorname_np */
#include <errno.h>
#include <string.h>

#include "ladder-cursor.h"
#include "ladder-events.h"

/* Not an IANA-registered number: "WLDR", far above the registered range
 * so it cannot collide with a real vendor's blocks. */
#define LADDER_EVENTS_PEN 0x574C4452u
#define LADDER_EVENTS_VERSION 1
#define FIXED_CALL_LEN  (8 + 8 + 4 + 1 + 1 + 2 + 4 + 8 + 4 + 17 + 2 + 17 + 2)
#define FIXED_STATE_V1_LEN (8 + 4 + 4 + 1 + 1 + 4 + 4 + 17 + 2 + 17 + 2)
#define FIXED_STATE_LEN (FIXED_STATE_V1_LEN + 1 + 1)
#define FIXED_OUTPUT_LEN (8 + 4 + 1)

static const char *const call_names[] = {
  NULL, "socket", "bind", "listen", "accept", "connect", "send", "sendto",
  "recv", "recvfrom", "select", "setsockopt", "shutdown", "close", "dup", "fork",
};

const char *
ladder_state_source_to_string (LadderStateSource source)
{
  switch (source)
    {
    case LADDER_STATE_SOURCE_TRACEPOINT: return "tracepoint";
    case LADDER_STATE_SOURCE_QUEUES: return "queues";
    case LADDER_STATE_SOURCE_SAMPLED:
    default: return "sampled";
    }
}

const char *
ladder_call_kind_to_string (LadderCallKind kind)
{
  if ((guint) kind == 0 || (guint) kind >= G_N_ELEMENTS (call_names))
    return "unknown";
  return call_names[kind];
}

#define KIND(k) (1u << LADDER_CALL_##k)

/* Each name, and the kinds it can make: a value with another kind (a
 * corrupt or foreign file) falls back to the kind's name. */
static const struct
{
  const char *name;
  guint       kinds;
} syscall_names[] = {
  [LADDER_CALL_SYSCALL_DUP2] = { "dup2", KIND (DUP) },
  [LADDER_CALL_SYSCALL_DUP3] = { "dup3", KIND (DUP) },
  [LADDER_CALL_SYSCALL_FCNTL] = { "fcntl", KIND (DUP) },
  [LADDER_CALL_SYSCALL_ACCEPT4] = { "accept4", KIND (ACCEPT) },
  [LADDER_CALL_SYSCALL_WRITE] = { "write", KIND (SEND) },
  [LADDER_CALL_SYSCALL_WRITEV] = { "writev", KIND (SEND) },
  [LADDER_CALL_SYSCALL_SENDTO] = { "sendto", KIND (SEND) },
  [LADDER_CALL_SYSCALL_SENDMSG] = { "sendmsg", KIND (SEND) | KIND (SENDTO) },
  [LADDER_CALL_SYSCALL_READ] = { "read", KIND (RECV) },
  [LADDER_CALL_SYSCALL_READV] = { "readv", KIND (RECV) },
  [LADDER_CALL_SYSCALL_RECVFROM] = { "recvfrom", KIND (RECV) },
  [LADDER_CALL_SYSCALL_RECVMSG] = { "recvmsg", KIND (RECV) | KIND (RECVFROM) },
  [LADDER_CALL_SYSCALL_POLL] = { "poll", KIND (SELECT) },
  [LADDER_CALL_SYSCALL_PPOLL] = { "ppoll", KIND (SELECT) },
  [LADDER_CALL_SYSCALL_PSELECT6] = { "pselect6", KIND (SELECT) },
  [LADDER_CALL_SYSCALL_EPOLL_WAIT] = { "epoll_wait", KIND (SELECT) },
  [LADDER_CALL_SYSCALL_EPOLL_PWAIT] = { "epoll_pwait", KIND (SELECT) },
};

static gboolean
syscall_fits (guint8 kind, guint8 syscall)
{
  return syscall > 0 && syscall < G_N_ELEMENTS (syscall_names) && kind < 32
         && (syscall_names[syscall].kinds & (1u << kind)) != 0;
}

const char *
ladder_socket_call_name (const LadderSocketCall *call)
{
  g_return_val_if_fail (call != NULL, "unknown");

  if (syscall_fits (call->kind, call->syscall))
    return syscall_names[call->syscall].name;
  return ladder_call_kind_to_string ((LadderCallKind) call->kind);
}

const char *
ladder_errno_name (gint32 err)
{
  if (err <= 0)
    return NULL;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  return strerrorname_np (err);
#else
  return NULL;
#endif
}

/* Encoding */

static void
put_be (GByteArray *out, guint64 v, guint n)
{
  guint8 b[8];

  for (guint i = 0; i < n; i++)
    b[i] = (guint8) (v >> (8 * (n - 1 - i)));
  g_byte_array_append (out, b, n);
}

static void
put_addr (GByteArray *out, const LadderAddr *addr, guint16 port)
{
  guint8 family = addr->family == 4 || addr->family == 6 ? addr->family : 0;

  g_byte_array_append (out, &family, 1);
  g_byte_array_append (out, family ? addr->bytes : (const guint8 *) "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
  put_be (out, port, 2);
}

static void
put_string (GByteArray *out, const char *s, gsize max)
{
  guint8 len = (guint8) MIN (strnlen (s, max), 255);

  g_byte_array_append (out, &len, 1);
  g_byte_array_append (out, (const guint8 *) s, len);
}

static void
put_header (GByteArray *out, guint8 type, guint16 fixed_len)
{
  guint32 pen = LADDER_EVENTS_PEN;
  guint8 head[2] = { LADDER_EVENTS_VERSION, type };

  /* The PEN is in the section's byte order; our writer's sections are in
   * host order. */
  g_byte_array_append (out, (const guint8 *) &pen, 4);
  g_byte_array_append (out, head, 2);
  put_be (out, fixed_len, 2);
}

void
ladder_events_encode_call (GByteArray             *out,
                           const LadderSocketCall *call)
{
  g_return_if_fail (out != NULL && call != NULL);

  put_header (out, LADDER_EVENT_CALL, FIXED_CALL_LEN);
  put_be (out, (guint64) call->ts_ns, 8);
  put_be (out, (guint64) call->duration_ns, 8);
  put_be (out, call->pid, 4);
  put_be (out, call->kind, 1);
  put_be (out, call->protocol, 1);
  put_be (out, call->syscall, 1);
  put_be (out, 0, 1);
  put_be (out, (guint32) call->fd, 4);
  put_be (out, (guint64) call->result, 8);
  put_be (out, (guint32) call->err, 4);
  put_addr (out, &call->local_addr, call->local_port);
  put_addr (out, &call->peer_addr, call->peer_port);
  put_string (out, call->host, sizeof call->host - 1);
  put_string (out, call->program, sizeof call->program - 1);
  put_string (out, call->args, sizeof call->args - 1);
}

void
ladder_events_encode_state (GByteArray              *out,
                            const LadderSocketState *state)
{
  g_return_if_fail (out != NULL && state != NULL);

  put_header (out, LADDER_EVENT_STATE, FIXED_STATE_LEN);
  put_be (out, (guint64) state->ts_ns, 8);
  put_be (out, state->pid, 4);
  put_be (out, (guint32) state->fd, 4);
  put_be (out, state->protocol, 1);
  put_be (out, state->state, 1);
  put_be (out, state->recv_q, 4);
  put_be (out, state->send_q, 4);
  put_addr (out, &state->local_addr, state->local_port);
  put_addr (out, &state->peer_addr, state->peer_port);
  put_be (out, state->source, 1);
  /* A sample knows no previous state, whatever the struct held. */
  put_be (out, state->source == LADDER_STATE_SOURCE_TRACEPOINT ? state->old_state
                                                               : LADDER_STATE_OLD_UNKNOWN, 1);
  put_string (out, state->host, sizeof state->host - 1);
  put_string (out, state->program, sizeof state->program - 1);
}

void
ladder_events_encode_output (GByteArray                *out,
                             const LadderProgramOutput *output)
{
  g_return_if_fail (out != NULL && output != NULL);

  put_header (out, LADDER_EVENT_OUTPUT, FIXED_OUTPUT_LEN);
  put_be (out, (guint64) output->ts_ns, 8);
  put_be (out, output->pid, 4);
  put_be (out, output->stream, 1);
  put_string (out, output->host, sizeof output->host - 1);
  put_string (out, output->program, sizeof output->program - 1);
  put_string (out, output->text, sizeof output->text - 1);
}

/* Decoding: every read goes through the cursor and fails instead of
 * running past the body. */

static gboolean
get_be64 (LadderCursor *c, guint64 *out)
{
  guint32 hi, lo;

  if (!ladder_cursor_be32 (c, &hi) || !ladder_cursor_be32 (c, &lo))
    return FALSE;
  *out = ((guint64) hi << 32) | lo;
  return TRUE;
}

static gboolean
get_i64 (LadderCursor *c, gint64 *out)
{
  guint64 v;

  if (!get_be64 (c, &v))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

static gboolean
get_i32 (LadderCursor *c, gint32 *out)
{
  guint32 v;

  if (!ladder_cursor_be32 (c, &v))
    return FALSE;
  *out = (gint32) v;
  return TRUE;
}

static gboolean
get_addr (LadderCursor *c, LadderAddr *addr, guint16 *port)
{
  guint8 family, bytes[16];

  if (!ladder_cursor_u8 (c, &family) || !ladder_cursor_bytes (c, bytes, 16)
      || !ladder_cursor_be16 (c, port))
    return FALSE;
  memset (addr, 0, sizeof *addr);
  if (family == 4)
    ladder_addr_set_v4 (addr, bytes);
  else if (family == 6)
    ladder_addr_set_v6 (addr, bytes);
  else if (family != 0)
    return FALSE;
  return TRUE;
}

/* Copies a length-prefixed string into DST (SIZE bytes), NUL-terminated;
 * a longer string is cut, embedded NULs end it. */
static gboolean
get_string (LadderCursor *c, char *dst, gsize size)
{
  guint8 len;
  const guint8 *p;
  gsize n;

  if (!ladder_cursor_u8 (c, &len) || (p = ladder_cursor_ptr (c, len)) == NULL)
    return FALSE;
  n = MIN ((gsize) len, size - 1);
  memcpy (dst, p, n);
  dst[n] = '\0';
  return ladder_cursor_skip (c, len);
}

static gboolean
decode_call (LadderCursor *fixed, LadderCursor *strings, LadderSocketCall *call)
{
  guint8 kind, protocol, syscall, pad;

  memset (call, 0, sizeof *call);
  if (!get_i64 (fixed, &call->ts_ns) || !get_i64 (fixed, &call->duration_ns)
      || !ladder_cursor_be32 (fixed, &call->pid)
      || !ladder_cursor_u8 (fixed, &kind) || !ladder_cursor_u8 (fixed, &protocol)
      || !ladder_cursor_u8 (fixed, &syscall) || !ladder_cursor_u8 (fixed, &pad)
      || !get_i32 (fixed, &call->fd) || !get_i64 (fixed, &call->result)
      || !get_i32 (fixed, &call->err)
      || !get_addr (fixed, &call->local_addr, &call->local_port)
      || !get_addr (fixed, &call->peer_addr, &call->peer_port))
    return FALSE;
  if (kind == 0 || kind >= G_N_ELEMENTS (call_names))
    return FALSE;
  call->kind = kind;
  call->protocol = protocol;
  /* A name this reader does not know, or not of this kind: the kind's. */
  call->syscall = syscall_fits (kind, syscall) ? syscall : LADDER_CALL_SYSCALL_KIND;
  return get_string (strings, call->host, sizeof call->host)
         && get_string (strings, call->program, sizeof call->program)
         && get_string (strings, call->args, sizeof call->args);
}

static gboolean
decode_state (LadderCursor *fixed, LadderCursor *strings, LadderSocketState *state)
{
  guint8 tcp_state;

  memset (state, 0, sizeof *state);
  if (!get_i64 (fixed, &state->ts_ns) || !ladder_cursor_be32 (fixed, &state->pid)
      || !get_i32 (fixed, &state->fd)
      || !ladder_cursor_u8 (fixed, &state->protocol)
      || !ladder_cursor_u8 (fixed, &tcp_state)
      || !ladder_cursor_be32 (fixed, &state->recv_q)
      || !ladder_cursor_be32 (fixed, &state->send_q)
      || !get_addr (fixed, &state->local_addr, &state->local_port)
      || !get_addr (fixed, &state->peer_addr, &state->peer_port))
    return FALSE;
  /* LadderTcpState runs CLOSED..LAST_ACK (0..10). */
  if (tcp_state > 10)
    return FALSE;
  state->state = tcp_state;
  state->source = LADDER_STATE_SOURCE_SAMPLED;
  state->old_state = LADDER_STATE_OLD_UNKNOWN;
  /* Older files end the fixed part here: their states are samples. */
  if (ladder_cursor_remaining (fixed) >= 2)
    {
      guint8 source, old_state;
      if (!ladder_cursor_u8 (fixed, &source) || !ladder_cursor_u8 (fixed, &old_state))
        return FALSE;
      state->source = source == LADDER_STATE_SOURCE_TRACEPOINT || source == LADDER_STATE_SOURCE_QUEUES
                      ? source : LADDER_STATE_SOURCE_SAMPLED;
      state->old_state = old_state <= 10 ? old_state : LADDER_STATE_OLD_UNKNOWN;
    }
  return get_string (strings, state->host, sizeof state->host)
         && get_string (strings, state->program, sizeof state->program);
}

static gboolean
decode_output (LadderCursor *fixed, LadderCursor *strings, LadderProgramOutput *output)
{
  memset (output, 0, sizeof *output);
  if (!get_i64 (fixed, &output->ts_ns) || !ladder_cursor_be32 (fixed, &output->pid)
      || !ladder_cursor_u8 (fixed, &output->stream) || output->stream > LADDER_OUTPUT_STDERR)
    return FALSE;
  return get_string (strings, output->host, sizeof output->host)
         && get_string (strings, output->program, sizeof output->program)
         && get_string (strings, output->text, sizeof output->text);
}

static gboolean
pen_is_ours (LadderCursor *c)
{
  guint32 pen;

  if (!ladder_cursor_be32 (c, &pen))
    return FALSE;
  return pen == LADDER_EVENTS_PEN || GUINT32_SWAP_LE_BE (pen) == LADDER_EVENTS_PEN;
}

gboolean
ladder_events_decode (const guint8 *body,
                      gsize         len,
                      LadderEvent  *event)
{
  LadderCursor c, fixed;
  guint8 version, type;
  guint16 fixed_len;
  gboolean ok = FALSE;

  g_return_val_if_fail (event != NULL, FALSE);

  event->type = LADDER_EVENT_NONE;
  if (body == NULL)
    return FALSE;
  ladder_cursor_init (&c, body, len);
  if (!pen_is_ours (&c) || !ladder_cursor_u8 (&c, &version)
      || !ladder_cursor_u8 (&c, &type) || !ladder_cursor_be16 (&c, &fixed_len)
      || version != LADDER_EVENTS_VERSION
      || !ladder_cursor_sub (&c, fixed_len, &fixed) || !ladder_cursor_skip (&c, fixed_len))
    return FALSE;

  if (type == LADDER_EVENT_CALL)
    ok = decode_call (&fixed, &c, &event->call);
  else if (type == LADDER_EVENT_STATE)
    ok = decode_state (&fixed, &c, &event->state);
  else if (type == LADDER_EVENT_OUTPUT)
    ok = decode_output (&fixed, &c, &event->output);
  if (ok)
    event->type = type;
  return ok;
}

gboolean
ladder_events_is_call (const guint8 *body,
                       gsize         len)
{
  LadderEvent event;

  return ladder_events_decode (body, len, &event) && event.type == LADDER_EVENT_CALL;
}

void
ladder_program_output_set_text (LadderProgramOutput *output, const char *text, gsize len)
{
  const char *end = text + MIN (len, sizeof output->text - 1);

  if (end < text + len && g_utf8_validate (text, (gssize) len, NULL))
    end = g_utf8_find_prev_char (text, end + 1);
  memset (output->text, 0, sizeof output->text);
  memcpy (output->text, text, (gsize) (end - text));
}

void
ladder_lines_feed (GString *line, const char *buf, gsize n, gsize max, LadderLineFunc func,
                   gpointer user_data)
{
  for (gsize i = 0; i < n; i++)
    {
      if (buf[i] != '\n')
        {
          if (line->len < max)
            g_string_append_c (line, buf[i]);
          continue;
        }
      func (line->str, line->len, user_data);
      g_string_truncate (line, 0);
    }
}
