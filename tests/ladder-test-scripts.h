/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-scripts.h: Python programs the run-here tests run on this
 * machine's loopback (tests/lab/test-run-here.c, tests/app/test-here.c),
 * and what both look up in the captures they make. */
#pragma once

#include <sys/syscall.h>

#include "ladder-capture.h"

/* The output record of STREAM with TEXT in CAPTURE, or NULL. */
static inline const LadderProgramOutput *
ladder_test_find_output (LadderCapture *capture, guint8 stream, const char *text)
{
  for (guint i = 0; i < ladder_capture_get_n_outputs (capture); i++)
    {
      const LadderProgramOutput *o = ladder_capture_get_output (capture, i);

      if (o->stream == stream && g_str_equal (o->text, text))
        return o;
    }
  return NULL;
}

/* The system calls behind the C library's (and so Python's) send() and
 * recv(), as the traced calls name them: sendto() and recvfrom() where the
 * kernel has no send or recv (x86-64, arm64).  Python accepts with
 * accept4(). */
#ifdef SYS_send
#define LADDER_TEST_SEND_MADE "send"
#else
#define LADDER_TEST_SEND_MADE "sendto"
#endif
#ifdef SYS_recv
#define LADDER_TEST_RECV_MADE "recv"
#else
#define LADDER_TEST_RECV_MADE "recvfrom"
#endif

/* A TCP server and client in one Python process on 127.0.0.1, on a port
 * the kernel picks (the host's loopback is shared); prints "PORT here". */
#define LADDER_TEST_TCP_SCRIPT \
  "import socket, threading\n" \
  "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); port = s.getsockname()[1]\n" \
  "def serve():\n" \
  "    c, _ = s.accept(); c.sendall(c.recv(100)); c.close()\n" \
  "t = threading.Thread(target=serve); t.start()\n" \
  "k = socket.create_connection(('127.0.0.1', port)); k.sendall(b'here')\n" \
  "print(port, k.recv(100).decode(), flush=True); k.close(); t.join()\n"
