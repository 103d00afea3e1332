# SPDX-License-Identifier: GPL-3.0-or-later
# chat_client.py: a telnet-like client for chat_server.py.  Whatever is
# typed (its standard input) goes to the server a line at a time; whatever
# the server sends is printed.  select() waits on both at once, as telnet
# does.  End of input closes the connection.
import select
import sys
import time
from socket import *

so = socket(AF_INET, SOCK_STREAM)
# The lab starts clients once the server listens, or after 2 s: a slow
# server may not be listening yet, so try again for a while.
for attempt in range(50):
    try:
        so.connect(("server", 60000))
        break
    except ConnectionRefusedError:
        time.sleep(0.2)
print("connected to server:60000; type a line", flush=True)
typing = True
while True:
    watched = [so, sys.stdin] if typing else [so]
    readable, _, _ = select.select(watched, [], [])
    if sys.stdin in readable:
        line = sys.stdin.readline()
        if line:
            so.send(line.encode())
        else:
            # End of input: say so to the server, keep reading its answers.
            so.shutdown(SHUT_WR)
            typing = False
    if so in readable:
        data = so.recv(1024)
        if not data:
            break
        print(data.decode(errors="replace"), end="", flush=True)
so.close()
