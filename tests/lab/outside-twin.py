# SPDX-License-Identifier: GPL-3.0-or-later
# outside-twin.py CLIENT SERVER PORT: run by test-lab-sockets in a network
# namespace of its own (unshare --net), outside any lab.  Puts CLIENT and
# SERVER on its loopback and makes TCP connections CLIENT:PORT ->
# SERVER:60000, the lab's own 5-tuple, over and over until its standard
# input closes (a few hundred a second); then prints how many it made.  Each ends with a reset (no
# TIME_WAIT keeps the port), so the next can use the same tuple.
import select
import struct
import subprocess
import sys
import time
from socket import *

client, server, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
for addr in (client, server):
    subprocess.run(["ip", "addr", "add", addr + "/32", "dev", "lo"], check=True)
listener = socket(AF_INET, SOCK_STREAM)
listener.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
listener.bind((server, 60000))
listener.listen()
print("ready", flush=True)
made = 0
while not select.select([sys.stdin], [], [], 0)[0]:
    so = socket(AF_INET, SOCK_STREAM)
    so.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    so.bind((client, port))
    so.connect((server, 60000))
    conn, _ = listener.accept()
    so.send(b"twin")
    conn.send(conn.recv(16))
    so.recv(16)
    so.setsockopt(SOL_SOCKET, SO_LINGER, struct.pack("ii", 1, 0))
    so.close()
    conn.close()
    made += 1
    time.sleep(0.002)  # the lab's own programs need the CPU too
print(made, flush=True)
