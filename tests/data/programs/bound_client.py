# SPDX-License-Identifier: GPL-3.0-or-later
# bound_client.py: echo_client.py from a fixed local port (argument,
# default 40000), so that a test can make the same 5-tuple elsewhere.
import sys
from socket import *

port = int(sys.argv[1]) if len(sys.argv) > 1 else 40000
so = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
so.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
so.bind(("", port))
so.connect(("server", 60000))
so.send(b"bound")
print("echo:", so.recv(1024).decode(), flush=True)
so.close()
