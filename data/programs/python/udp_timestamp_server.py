#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""UDP timestamp server: answers each datagram with the time it came.

    python3 udp_timestamp_server.py [-n N] [-l SECONDS] [ADDR] [PORT]

The five steps of a UDP server: socket, bind, recvfrom, sendto, close.
There is no listen() and no accept(): no connection exists, so every
datagram comes with its sender's address and every answer names it.
PORT defaults to 12000.
"""
import argparse
import signal
import socket
import sys
import time


class Stop(Exception):
    """SIGTERM, or the -l lifetime ran out: time to close up."""


def stop(signum, frame):
    raise Stop()


def address_text(address):
    """'10.0.1.2:51000', or '[fd00:1::2]:51000' for IPv6."""
    host, port = address[0], address[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def main():
    parser = argparse.ArgumentParser(description="UDP server answering with the time.")
    parser.add_argument("-n", type=int, default=0, metavar="N",
                        help="exit after answering N datagrams (default: until stopped)")
    parser.add_argument("-l", type=int, default=60, metavar="SECONDS",
                        help="exit after SECONDS in any case (default 60)")
    parser.add_argument("addr", nargs="?", default="0.0.0.0", help="address to bind to")
    parser.add_argument("port", nargs="?", type=int, default=12000, help="port (default 12000)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGALRM, stop)
    signal.alarm(args.l)

    family, _, _, _, server_address = socket.getaddrinfo(
        args.addr, args.port, type=socket.SOCK_DGRAM, flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, socket.SOCK_DGRAM)              # 1. socket
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(server_address)                                    # 2. bind
    print("ready")  # the lab starts the clients when it reads this line
    served = 0
    try:
        while args.n == 0 or served < args.n:
            # 3. recvfrom: one whole datagram (up to 140 bytes) and who sent it.
            request, client_address = sock.recvfrom(140)
            text = request.decode(errors="replace").splitlines()[0] if request else ""
            print(f"Message received from {address_text(client_address)}: {text}")
            response = "Message received at " + time.ctime()
            sock.sendto(response.encode(), client_address)      # 4. sendto
            served += 1
    except Stop:
        pass
    finally:
        sock.close()                                             # 5. close
    return 1 if args.n and served < args.n else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as error:  # a socket call failed: say which error, as perror() does
        print(f"{sys.argv[0]}: {error.strerror or error}", file=sys.stderr)
        sys.exit(2)
