# SPDX-License-Identifier: GPL-3.0-or-later
# echo_server.py: the course's TCP server, as the slides write it.
# Serves N clients (argument, default 2) one after another: recv, send the
# bytes back, close.  Run by tests/lab/test-lab-custom.c in the lab.
import sys
from socket import *

clients = int(sys.argv[1]) if len(sys.argv) > 1 else 2
so = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
so.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
so.bind(("", 60000))
so.listen()
print("listening on 60000", flush=True)
for _ in range(clients):
    conn, addr = so.accept()
    print("connection from", addr[0], flush=True)
    data = conn.recv(1024)
    conn.send(data)
    conn.close()
so.close()
