#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""One-byte commands over TCP: 0x1b asks for "first!", 0x2b for "second!".

    python3 byte_commands_tcp_server.py [-n N] [-l SECONDS] [ADDR] [PORT]

One connection per command: accept, recv one byte, send the answer,
close.  Any other byte gets no answer.  PORT defaults to 1234.
(byte_commands_udp_server.py is the same protocol over UDP.)
"""
import argparse
import signal
import socket
import sys


class Stop(Exception):
    """SIGTERM, or the -l lifetime ran out: time to close up."""


def stop(signum, frame):
    raise Stop()


def answer_for(command):
    """The protocol: the answer to one command byte, or None."""
    if command == 0x1b:
        print("1")
        return b"first!"
    if command == 0x2b:
        print("2")
        return b"second!"
    print(f"unknown command 0x{command:02x}")
    return None


def main():
    parser = argparse.ArgumentParser(description="One-byte command server over TCP.")
    parser.add_argument("-n", type=int, default=0, metavar="N",
                        help="exit after N commands (default: until stopped)")
    parser.add_argument("-l", type=int, default=60, metavar="SECONDS",
                        help="exit after SECONDS in any case (default 60)")
    parser.add_argument("addr", nargs="?", default="0.0.0.0", help="address to listen on")
    parser.add_argument("port", nargs="?", type=int, default=1234, help="port (default 1234)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGALRM, stop)
    signal.alarm(args.l)

    family, _, _, _, server_address = socket.getaddrinfo(
        args.addr, args.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(server_address)
    listener.listen(5)
    print("ready")  # the lab starts the clients when it reads this line
    served = 0
    try:
        while args.n == 0 or served < args.n:
            conn, _ = listener.accept()
            try:
                command = conn.recv(1)        # exactly one byte, or b"" at close
                answer = answer_for(command[0]) if command else None
                if answer is not None:
                    conn.send(answer)
            finally:
                conn.close()                  # the server ends the connection
            if command:
                served += 1
    except Stop:
        pass
    finally:
        listener.close()
    return 1 if args.n and served < args.n else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as error:  # a socket call failed: say which error, as perror() does
        print(f"{sys.argv[0]}: {error.strerror or error}", file=sys.stderr)
        sys.exit(2)
