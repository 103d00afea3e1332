#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""select() chat client: joins, says its lines, listens a while, leaves.

    python3 select_chat_client.py [-d MS] [-s MS] ADDR PORT LINE...

It connects, listens for -d milliseconds (default 500, so that the other
clients can join), sends each LINE 100 ms apart, listens -s milliseconds
more (default 1500), then leaves.  While listening it waits in select()
with a timeout, so it can stop listening on time even when nobody speaks.
Everything the server sends is printed as it comes.
"""
import argparse
import select
import signal
import socket
import sys
import time


class Inbox:
    """What the server said, printed line by line as lines complete."""

    def __init__(self):
        self.pending = b""
        self.welcomed = False
        self.acks = 0
        self.closed = False

    def take(self, data):
        self.pending += data
        *lines, self.pending = self.pending.split(b"\n")
        for raw in lines:
            line = raw.decode(errors="replace")
            print(line)
            self.welcomed = self.welcomed or line.startswith("Welcome")
            if line.startswith('"') and "received by the server" in line:
                self.acks += 1


def receive_for(sock, ms, inbox):
    """Prints what the server sends during the next MS milliseconds."""
    end = time.monotonic() + ms / 1000
    while not inbox.closed:
        left = end - time.monotonic()
        if left <= 0:
            return
        readable, _, _ = select.select([sock], [], [], left)
        if not readable:
            continue  # timed out: the loop checks the time
        data = sock.recv(4096)
        if not data:
            print("Connection closed by the server")
            inbox.closed = True
            return
        inbox.take(data)


def main():
    parser = argparse.ArgumentParser(description="select() chat client.")
    parser.add_argument("-d", type=int, default=500, metavar="MS",
                        help="listen this long before speaking (default 500)")
    parser.add_argument("-s", type=int, default=1500, metavar="MS",
                        help="listen this long after the last line (default 1500)")
    parser.add_argument("addr", help="the server's name or address (in the lab: server)")
    parser.add_argument("port", type=int, help="the server's port (the lab's chat: 9999)")
    parser.add_argument("lines", nargs="+", metavar="LINE")
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
    inbox = Inbox()
    receive_for(sock, args.d, inbox)
    for line in args.lines:
        if inbox.closed:
            break
        sock.send((line + "\n").encode())
        print(f"Sent: {line}")
        receive_for(sock, 100, inbox)
    receive_for(sock, args.s, inbox)
    # Leave politely.  close() with unread data makes the kernel answer with
    # RST instead of FIN, and a line can arrive just as we leave (another
    # client leaving at the same moment).  shutdown(SHUT_WR) sends our FIN
    # but keeps the socket readable: read until the server closes too.
    if not inbox.closed:
        sock.shutdown(socket.SHUT_WR)
        while data := sock.recv(4096):
            inbox.take(data)
    sock.close()
    return 0 if inbox.welcomed and inbox.acks == len(args.lines) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as error:  # a socket call failed: say which error, as perror() does
        print(f"{sys.argv[0]}: {error.strerror or error}", file=sys.stderr)
        sys.exit(2)
