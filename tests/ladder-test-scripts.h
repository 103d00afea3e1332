/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-scripts.h: Python programs the run-here tests run on this
 * machine's loopback (tests/lab/test-run-here.c, tests/app/test-here.c). */
#pragma once

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
