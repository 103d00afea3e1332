#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sends one command byte over TCP and prints the answer.

    python3 byte_commands_tcp_client.py [ADDR] [PORT] [BYTE]

BYTE is 0x1b (answer "first!"), 0x2b ("second!") or any byte, in decimal
or 0x-hex; default 0x1b.  A whole TCP connection (handshake, one byte each
way, teardown) for a single byte of request.  The server ends the
connection once it has answered: the client reads until then, when recv()
returns b"" (the server's FIN), and closes its side last.
"""
import argparse
import os
import signal
import socket
import sys


def command_byte(text):
    """'0x1b' or '27' -> 27; anything else is a usage error."""
    value = int(text, 0)
    if not 0 <= value <= 255:
        raise ValueError(text)
    return value


def main():
    parser = argparse.ArgumentParser(description="One-byte command client over TCP.")
    parser.add_argument("addr", nargs="?", default=os.environ.get("WIRELADDER_SERVER", "localhost"))
    parser.add_argument("port", nargs="?", type=int,
                        default=int(os.environ.get("WIRELADDER_SERVER_PORT", "1234")))
    parser.add_argument("byte", nargs="?", type=command_byte, default=0x1b, metavar="BYTE")
    args = parser.parse_args()
    signal.alarm(60)  # whatever happens, never wait longer than a minute

    family, _, _, _, server_address = socket.getaddrinfo(
        args.addr, args.port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.connect(server_address)
    except ConnectionRefusedError:  # the server's host answered the SYN with RST
        print(f"connect: nobody listens on port {args.port} there (connection refused)",
              file=sys.stderr)
        sock.close()
        return 2
    sock.send(bytes([args.byte]))
    answer = b""
    while True:
        data = sock.recv(1024)    # b"": the server has closed the connection
        if not data:
            break
        answer += data
    if answer:
        print(answer.decode(errors="replace"))
    sock.close()
    return 0 if answer else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as error:  # a socket call failed: say which error, as perror() does
        print(f"{sys.argv[0]}: {error.strerror or error}", file=sys.stderr)
        sys.exit(2)
