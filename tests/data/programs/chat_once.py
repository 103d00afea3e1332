# SPDX-License-Identifier: GPL-3.0-or-later
# chat_once.py: one line to chat_server.py and its answer, no typing: for
# a lab run without a terminal (`wireladder-cli lab run custom`).  Says on
# stderr that it is connected, then prints what the server sends back.
import sys
import time
from socket import *

line = (sys.argv[1] if len(sys.argv) > 1 else "hello") + "\n"
so = socket(AF_INET, SOCK_STREAM)
# The lab starts clients once the server listens, or after 2 s: a slow
# server may not be listening yet, so try again for a while.
for attempt in range(50):
    try:
        so.connect(("server", 60000))
        break
    except ConnectionRefusedError:
        time.sleep(0.2)
print("connected", file=sys.stderr, flush=True)
so.send(line.encode())
print(so.recv(1024).decode(errors="replace").rstrip(), flush=True)
so.close()
