# SPDX-License-Identifier: GPL-3.0-or-later
# echo_client.py: the course's TCP client: connect to the lab's "server"
# by name, send one line, print the echo, close.
import sys
from socket import *

message = sys.argv[1] if len(sys.argv) > 1 else "hello"
so = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
so.connect(("server", 60000))
so.send(message.encode())
print("echo:", so.recv(1024).decode(), flush=True)
so.close()
