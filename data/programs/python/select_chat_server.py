#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""select() chat server: every client's lines go to every other client.

    python3 select_chat_server.py [-n N] [-l SECONDS] [ADDR] [PORT]

A server that blocks in accept() or recv() can wait on one socket only:
while it waits for client A to speak, client B cannot even connect.
select() waits on all of them at once (the listening socket and every
client) and says which are ready.  The sockets are non-blocking, so a call
on one that is not ready returns at once instead of stalling everybody.
Join with `telnet localhost 9999` from several windows (PORT default 9999).
"""
import argparse
import select
import signal
import socket
import sys


class Stop(Exception):
    """SIGTERM, or the -l lifetime ran out: time to close up."""


def stop(signum, frame):
    raise Stop()


def address_text(address):
    """'10.0.1.2:40312', or '[fd00:1::2]:40312' for IPv6."""
    host, port = address[0], address[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class ChatServer:
    def __init__(self, listener):
        self.listener = listener
        self.names = {}   # client socket -> "Client (10.0.1.2:40312)"
        self.left = 0     # clients that have come and gone

    def broadcast(self, message, sender=None):
        """Sends MESSAGE to every client but SENDER."""
        for conn in self.names:
            if conn is not sender:
                try:
                    conn.send(message.encode())
                except OSError as error:  # that client is gone: recv() will tell
                    print(f"send: {error.strerror}", file=sys.stderr)

    def accept_client(self):
        try:
            conn, client_address = self.listener.accept()
        except BlockingIOError:
            return  # the connection went away before we took it
        conn.setblocking(False)
        name = f"Client ({address_text(client_address)})"
        self.names[conn] = name
        print(f"{name} connected")
        conn.send(f"Welcome, {name}.\n".encode())
        self.broadcast(f"{name} connected\n", sender=conn)

    def read_client(self, conn):
        name = self.names[conn]
        try:
            data = conn.recv(1024)
        except BlockingIOError:
            return  # nothing there after all
        except ConnectionError as error:  # reset by the client: gone as well
            print(f"recv: {error.strerror}", file=sys.stderr)
            data = b""
        if not data:  # b"": the client closed its side
            conn.close()
            del self.names[conn]
            self.left += 1
            print(f"{name} left")
            self.broadcast(f"{name} left\n")
            return
        for line in data.decode(errors="replace").splitlines():
            if line:
                print(f"{name} said: {line}")
                conn.send(f'"{line}" received by the server\n'.encode())
                self.broadcast(f"{name} said: {line}\n", sender=conn)

    def run(self, clients):
        while clients == 0 or self.left < clients:
            # Wait until the listener has a connection to accept or a client
            # has something to read (or has closed).
            readable, _, _ = select.select([self.listener] + list(self.names), [], [])
            if self.listener in readable:
                self.accept_client()
            for conn in readable:
                if conn is not self.listener and conn in self.names:
                    self.read_client(conn)


def main():
    parser = argparse.ArgumentParser(description="select() chat server.")
    parser.add_argument("-n", type=int, default=0, metavar="N",
                        help="exit once N clients have left (default: until stopped)")
    parser.add_argument("-l", type=int, default=60, metavar="SECONDS",
                        help="exit after SECONDS in any case (default 60)")
    parser.add_argument("addr", nargs="?", default="0.0.0.0", help="address to listen on")
    parser.add_argument("port", nargs="?", type=int, default=9999, help="port (default 9999)")
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
    listener.setblocking(False)
    server = ChatServer(listener)
    try:
        server.run(args.n)
    except Stop:
        pass
    finally:
        for conn in server.names:
            conn.close()
        listener.close()
    return 1 if args.n and server.left < args.n else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as error:  # a socket call failed: say which error, as perror() does
        print(f"{sys.argv[0]}: {error.strerror or error}", file=sys.stderr)
        sys.exit(2)
