#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sends one command byte over UDP and prints the answer.

    python3 byte_commands_udp_client.py [-w SECONDS] [ADDR] [PORT] [BYTE]

BYTE is 0x1b (answer "first!"), 0x2b ("second!") or any byte, in decimal
or 0x-hex; default 0x1b.  One datagram each way, no connection.  An
unknown command gets no answer at all, and a datagram may be lost: the
client waits at most 5 seconds (settimeout).
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
    parser = argparse.ArgumentParser(description="One-byte command client over UDP.")
    parser.add_argument("-w", type=float, default=5, metavar="SECONDS",
                        help="how long to wait for the answer (default 5)")
    parser.add_argument("addr", nargs="?", default=os.environ.get("WIRELADDER_SERVER", "localhost"))
    parser.add_argument("port", nargs="?", type=int,
                        default=int(os.environ.get("WIRELADDER_SERVER_PORT", "1234")))
    parser.add_argument("byte", nargs="?", type=command_byte, default=0x1b, metavar="BYTE")
    args = parser.parse_args()
    signal.alarm(60)  # whatever happens, never wait longer than a minute

    family, _, _, _, server_address = socket.getaddrinfo(
        args.addr, args.port, type=socket.SOCK_DGRAM)[0]
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sock.settimeout(args.w)
    sock.sendto(bytes([args.byte]), server_address)
    try:
        answer, _ = sock.recvfrom(1024)
    except socket.timeout:
        print(f"recvfrom: no answer within {args.w:g} s", file=sys.stderr)
        sock.close()
        return 1
    print(answer.decode(errors="replace"))
    sock.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as error:  # a socket call failed: say which error, as perror() does
        print(f"{sys.argv[0]}: {error.strerror or error}", file=sys.stderr)
        sys.exit(2)
