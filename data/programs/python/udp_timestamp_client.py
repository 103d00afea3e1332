#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""UDP timestamp client: one datagram out, the server's answer printed.

    python3 udp_timestamp_client.py [-w SECONDS] [ADDR] [PORT] [MESSAGE]

The four steps of a UDP client: socket, sendto, recvfrom, close.  UDP
promises nothing: a datagram (or its answer) may be lost, and nobody
sends it again.  So the client waits at most 5 seconds (settimeout) and
then gives up instead of hanging for ever.
"""
import argparse
import os
import signal
import socket
import sys


def main():
    parser = argparse.ArgumentParser(description="UDP timestamp client.")
    parser.add_argument("-w", type=float, default=5, metavar="SECONDS",
                        help="how long to wait for the answer (default 5)")
    parser.add_argument("addr", nargs="?", default=os.environ.get("WIRELADDER_SERVER", "localhost"))
    parser.add_argument("port", nargs="?", type=int,
                        default=int(os.environ.get("WIRELADDER_SERVER_PORT", "12000")))
    parser.add_argument("message", nargs="?", default="hello")
    args = parser.parse_args()
    signal.alarm(60)  # whatever happens, never wait longer than a minute

    family, _, _, _, server_address = socket.getaddrinfo(
        args.addr, args.port, type=socket.SOCK_DGRAM)[0]
    sock = socket.socket(family, socket.SOCK_DGRAM)              # 1. socket
    # Python waits for the socket in poll() before each call, at most this long.
    sock.settimeout(args.w)
    sock.sendto(args.message.encode(), server_address)          # 2. sendto
    try:
        response, _ = sock.recvfrom(140)                        # 3. recvfrom
    except socket.timeout:
        print(f"recvfrom: no answer within {args.w:g} s", file=sys.stderr)
        sock.close()
        return 1
    print("Server response:", response.decode(errors="replace"))
    sock.close()                                                 # 4. close
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as error:  # a socket call failed: say which error, as perror() does
        print(f"{sys.argv[0]}: {error.strerror or error}", file=sys.stderr)
        sys.exit(2)
