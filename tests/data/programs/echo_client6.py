# SPDX-License-Identifier: GPL-3.0-or-later
# echo_client6.py: the course's TCP client over IPv6: "server" is found
# in the lab's hosts file (an IPv6 address with --family 6).
import sys
from socket import *

host = sys.argv[2] if len(sys.argv) > 2 else "server"
so = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP)
so.connect((host, 60000))
so.send((sys.argv[1] if len(sys.argv) > 1 else "hello").encode())
print("echo:", so.recv(1024).decode(), flush=True)
so.close()
