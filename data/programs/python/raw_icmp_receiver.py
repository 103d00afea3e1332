#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Raw ICMP receiver: prints every ICMP message this host receives.

    python3 raw_icmp_receiver.py [-c COUNT] [-l SECONDS] [ADDR]

The four steps of receiving through a raw socket: socket (SOCK_RAW,
IPPROTO_ICMP), an optional bind, recvfrom, close.  A raw socket sits below
the transport layer and has no port: the kernel hands it a copy of every
ICMP packet that arrives (it still answers pings by itself).  For IPv4 the
copy starts with the IP header, where the TTL is; an IPv6 raw socket gets
the ICMPv6 message alone, and the hop limit on the side (recvmsg).  Raw
sockets need root (or CAP_NET_RAW): run it with sudo, or in the lab.
ADDR 0.0.0.0 (the default) listens on every IPv4 address, :: on IPv6.
"""
import argparse
import signal
import socket
import struct
import sys

# ICMP types (RFC 792) and ICMPv6 types (RFC 4443) -> what they are called.
ICMP_KINDS = {0: "echo reply", 8: "echo request", 11: "time exceeded", 3: "destination unreachable"}
ICMP6_KINDS = {129: "echo reply", 128: "echo request", 3: "time exceeded", 1: "destination unreachable"}


class Stop(Exception):
    """SIGTERM, or the -l lifetime ran out: time to close up."""


def stop(signum, frame):
    raise Stop()


def describe(icmp, v6, ttl, sender):
    """One line about one ICMP message, or None if it is too short to be one."""
    if len(icmp) < 8:
        return None
    icmp_type, code = icmp[0], icmp[1]
    kind = (ICMP6_KINDS if v6 else ICMP_KINDS).get(icmp_type, "message")
    line = f"{'ICMP6' if v6 else 'ICMP'} {kind} from {sender}: "
    if kind in ("echo request", "echo reply"):
        ident, seq = struct.unpack("!HH", icmp[4:8])    # network byte order
        line += f"id {ident}, seq {seq}, "
    elif kind == "message":
        line += f"type {icmp_type}, code {code}, "
    elif kind == "destination unreachable":
        line += f"code {code}, "
    return line + f"{'hop limit' if v6 else 'ttl'} {ttl}, {len(icmp)} bytes"


def receive_v4(sock):
    """IPv4: the IP header comes first; its length is in its first byte."""
    packet, (sender, _) = sock.recvfrom(2048)
    header_length = (packet[0] & 0x0F) * 4
    if len(packet) < 20 or header_length < 20 or header_length > len(packet):
        return None, sender
    ttl = packet[8]
    return describe(packet[header_length:], False, ttl, sender), sender


def receive_v6(sock):
    """IPv6: the hop limit comes as ancillary data (IPV6_RECVHOPLIMIT)."""
    icmp, ancillary, _, address = sock.recvmsg(2048, socket.CMSG_SPACE(4))
    hop_limit = -1
    for level, kind, data in ancillary:
        if level == socket.IPPROTO_IPV6 and kind == socket.IPV6_HOPLIMIT and len(data) >= 4:
            hop_limit = struct.unpack("i", data[:4])[0]
    return describe(icmp, True, hop_limit, address[0]), address[0]


def main():
    parser = argparse.ArgumentParser(description="Prints every ICMP message this host receives.")
    parser.add_argument("-c", type=int, default=0, metavar="COUNT",
                        help="exit after COUNT echo requests or replies (default: until stopped)")
    parser.add_argument("-l", type=int, default=60, metavar="SECONDS",
                        help="exit after SECONDS in any case (default 60)")
    parser.add_argument("addr", nargs="?", default="0.0.0.0", help="address to bind to")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGALRM, stop)
    signal.alarm(args.l)

    v6 = ":" in args.addr
    if v6:
        sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
        sock.bind((args.addr, 0))     # a raw socket has no port: 0
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVHOPLIMIT, 1)
    else:
        sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
        sock.bind((args.addr, 0))
    print("ready")  # the lab starts the clients when it reads this line
    echoes = 0
    try:
        while args.c == 0 or echoes < args.c:
            line, _ = receive_v6(sock) if v6 else receive_v4(sock)
            if line is None:
                continue
            print(line)
            if " echo " in line:
                echoes += 1
    except Stop:
        pass
    finally:
        sock.close()
    return 1 if args.c and echoes < args.c else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as error:  # a socket call failed: say which error, as perror() does
        print(f"{sys.argv[0]}: {error.strerror or error}", file=sys.stderr)
        sys.exit(2)
