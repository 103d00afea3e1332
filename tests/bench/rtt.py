# SPDX-License-Identifier: GPL-3.0-or-later
# rtt.py: small TCP round trips on loopback, for trace-overhead.sh.
#   python3 rtt.py server PORT        echoes until the client closes
#   python3 rtt.py client PORT N      N send/recv round trips of 16 bytes;
#                                     prints the seconds they took
import sys
import time
from socket import *

role, port = sys.argv[1], int(sys.argv[2])
if role == "server":
    so = socket(AF_INET, SOCK_STREAM)
    so.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    so.bind(("127.0.0.1", port))
    so.listen()
    print("ready", flush=True)
    conn, _ = so.accept()
    while True:
        data = conn.recv(64)
        if not data:
            break
        conn.send(data)
    conn.close()
else:
    n = int(sys.argv[3])
    so = socket(AF_INET, SOCK_STREAM)
    so.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)
    so.connect(("127.0.0.1", port))
    start = time.perf_counter()
    for _ in range(n):
        so.send(b"0123456789abcdef")
        so.recv(64)
    print("%.6f" % (time.perf_counter() - start))
    so.close()
