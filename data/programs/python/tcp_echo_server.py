#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""TCP echo server: every message it receives goes back three times.

    python3 tcp_echo_server.py [-n N] [-l SECONDS] [ADDR] [PORT]

The six steps of a TCP server, each one a line below: socket, bind,
listen, accept, recv/send, close.  ADDR is where to listen: 0.0.0.0 (the
default) for every IPv4 address of this host, :: for IPv6.  Try it from
another window with `telnet localhost 60000`.
"""
import argparse
import signal
import socket
import sys

ECHO_TIMES = 3


class Stop(Exception):
    """SIGTERM, or the -l lifetime ran out: time to close up."""


def stop(signum, frame):
    raise Stop()


def address_text(address):
    """'10.0.1.2:40312', or '[fd00:1::2]:40312' for IPv6."""
    host, port = address[0], address[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def echo_three_times(conn, client_address):
    """Reads from one client until it closes; each chunk goes back 3 times."""
    who = address_text(client_address)
    print(f"Connection from {who}")
    while True:
        data = conn.recv(1024)          # blocks until the client sends
        if not data:                    # b"": the client closed (its FIN)
            print(f"Connection closed by {who}")
            return
        first_line = data.decode(errors="replace").splitlines()[0]
        print(f"Received {len(data)} bytes: {first_line}")
        for _ in range(ECHO_TIMES):
            conn.send(data)


def main():
    parser = argparse.ArgumentParser(description="TCP server that echoes each message three times.")
    parser.add_argument("-n", type=int, default=0, metavar="N",
                        help="exit after serving N clients (default: serve until stopped)")
    parser.add_argument("-l", type=int, default=60, metavar="SECONDS",
                        help="exit after SECONDS in any case (default 60)")
    parser.add_argument("addr", nargs="?", default="0.0.0.0", help="address to listen on")
    parser.add_argument("port", nargs="?", type=int, default=60000, help="port (default 60000)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGALRM, stop)
    signal.alarm(args.l)

    # getaddrinfo turns "0.0.0.0" or "::" into the family and the address
    # tuple that bind() wants.
    family, _, _, _, server_address = socket.getaddrinfo(
        args.addr, args.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]

    listener = socket.socket(family, socket.SOCK_STREAM)          # 1. socket
    # Restarting the server at once must not fail with "Address already in
    # use" while the last run's connection sits in TIME_WAIT.
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(server_address)                                 # 2. bind
    listener.listen(5)                                            # 3. listen
    print("ready")  # the lab starts the clients when it reads this line
    served = 0
    try:
        while args.n == 0 or served < args.n:
            conn, client_address = listener.accept()              # 4. accept
            try:
                echo_three_times(conn, client_address)            # 5. recv/send
            finally:
                conn.close()                                      # 6. close
            served += 1
    except Stop:
        pass
    finally:
        listener.close()                                          # 6. close
    # Ran out of time before its N clients: that is a failure.
    return 1 if args.n and served < args.n else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as error:  # a socket call failed: say which error, as perror() does
        print(f"{sys.argv[0]}: {error.strerror or error}", file=sys.stderr)
        sys.exit(2)
