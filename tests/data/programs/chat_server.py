# SPDX-License-Identifier: GPL-3.0-or-later
# chat_server.py: the course's select() chat server.  One listening
# socket, every connected client in the list select() watches; a line
# from one client goes to all of them, marked with who said it.  Ends
# once every client has come and gone (argument: how many, default 1).
import select
import sys
from socket import *

expected = int(sys.argv[1]) if len(sys.argv) > 1 else 1
listener = socket(AF_INET, SOCK_STREAM)
listener.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
listener.bind(("", 60000))
listener.listen()
print("chat server on port 60000", flush=True)

clients = []
seen = 0
while seen < expected or clients:
    readable, _, _ = select.select([listener] + clients, [], [])
    for so in readable:
        if so is listener:
            conn, addr = listener.accept()
            clients.append(conn)
            seen += 1
            print("joined:", addr[0], flush=True)
            continue
        data = so.recv(1024)
        if not data:
            # recv() of 0 bytes: the client closed its side.
            print("left:", so.getpeername()[0], flush=True)
            clients.remove(so)
            so.close()
            continue
        print("said:", data.decode(errors="replace").rstrip(), flush=True)
        for other in clients:
            other.send(b"> " + data)
listener.close()
