# SPDX-License-Identifier: GPL-3.0-or-later
# udp_client.py: the course's UDP client: one datagram to the lab's
# "server" at the port it listens on, and the answer printed.
import os
import sys
from socket import *

port = int(os.environ.get("WIRELADDER_SERVER_PORT", "12000"))
so = socket(AF_INET, SOCK_DGRAM)
so.settimeout(5)
so.sendto((sys.argv[1] if len(sys.argv) > 1 else "hello").encode(), ("server", port))
answer, _ = so.recvfrom(2048)
print("answer:", answer.decode(), flush=True)
so.close()
