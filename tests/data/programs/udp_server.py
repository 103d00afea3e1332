# SPDX-License-Identifier: GPL-3.0-or-later
# udp_server.py: the course's UDP server (Kurose & Ross's UDPServer, port
# 12000): answers each datagram with it in capitals, N times (default 2).
import sys
from socket import *

count = int(sys.argv[1]) if len(sys.argv) > 1 else 2
so = socket(AF_INET, SOCK_DGRAM)
so.bind(("", 12000))
print("ready on 12000", flush=True)
for _ in range(count):
    message, address = so.recvfrom(2048)
    so.sendto(message.decode().upper().encode(), address)
so.close()
