# SPDX-License-Identifier: GPL-3.0-or-later
# fork_server.py: the course's forking TCP server: the parent accepts, a
# child per connection echoes on the socket it inherited, N connections.
import os
import sys
from socket import *

clients = int(sys.argv[1]) if len(sys.argv) > 1 else 2
so = socket(AF_INET, SOCK_STREAM)
so.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
so.bind(("", 60000))
so.listen()
print("listening on 60000", flush=True)
for _ in range(clients):
    conn, addr = so.accept()
    if os.fork() == 0:
        so.close()
        conn.send(conn.recv(1024))
        conn.close()
        os._exit(0)
    conn.close()
for _ in range(clients):
    os.wait()
