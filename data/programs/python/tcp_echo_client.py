#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""TCP echo client: sends each message and reads its three echoes.

    python3 tcp_echo_client.py [ADDR] [PORT] [MESSAGE...]

The four steps of a TCP client: socket, connect, send/recv, close.  ADDR
is the server's name or address (in the lab: $WIRELADDER_SERVER), PORT
defaults to the lab's server port or 60000, MESSAGE to "hello".
"""
import argparse
import os
import signal
import socket
import sys

ECHO_TIMES = 3


def address_text(address):
    """'10.0.4.2:7', or '[fd00:4::2]:7' for IPv6."""
    host, port = address[0], address[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def recv_all(sock, want):
    """Receives until WANT bytes have come (or the server closed).

    TCP is a byte stream: the three echoes may arrive in one recv() or in
    several, whatever the segments were."""
    data = b""
    while len(data) < want:
        chunk = sock.recv(want - len(data))
        if not chunk:
            print("Connection closed by the server")
            break
        data += chunk
    return data


def main():
    parser = argparse.ArgumentParser(description="TCP echo client.")
    parser.add_argument("addr", nargs="?", default=os.environ.get("WIRELADDER_SERVER", "localhost"))
    parser.add_argument("port", nargs="?", type=int,
                        default=int(os.environ.get("WIRELADDER_SERVER_PORT", "60000")))
    parser.add_argument("messages", nargs="*", default=["hello"], metavar="MESSAGE")
    args = parser.parse_args()
    signal.alarm(60)  # whatever happens, never wait longer than a minute

    family, _, _, _, server_address = socket.getaddrinfo(
        args.addr, args.port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, socket.SOCK_STREAM)             # 1. socket
    # 2. connect: the kernel sends the SYN and returns after the SYN-ACK.
    try:
        sock.connect(server_address)
    except ConnectionRefusedError:  # the server's host answered the SYN with RST
        print(f"connect: nobody listens on port {args.port} there (connection refused)",
              file=sys.stderr)
        sock.close()
        return 2
    print(f"Connected to {address_text(server_address)}")
    ok = True
    for message in args.messages:
        line = (message + "\n").encode()
        sock.send(line)                                          # 3. send
        print(f"Sent: {message}")
        echoes = recv_all(sock, ECHO_TIMES * len(line))          # 3. recv
        for echoed in echoes.decode(errors="replace").splitlines():
            print(f"Received: {echoed}")
        if len(echoes) != ECHO_TIMES * len(line):
            ok = False
            break
    sock.close()                                                 # 4. close: FIN
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as error:  # a socket call failed: say which error, as perror() does
        print(f"{sys.argv[0]}: {error.strerror or error}", file=sys.stderr)
        sys.exit(2)
