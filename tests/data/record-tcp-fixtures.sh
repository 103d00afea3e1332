#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Records the TCP/UDP fixtures in tests/data/ from real traffic.
#
#   sudo tests/data/record-tcp-fixtures.sh [FIXTURE...]
#
# Three network namespaces, joined by veth pairs, with real kernel TCP/IP
# stacks and small python3 socket programs as the endpoints:
#
#   wlfx-c (client)              wlfx-r (router)              wlfx-s (server)
#   c0 10.1.0.2/24  ---------  r0 10.1.0.1   r1 10.2.0.1  ---------  s0 10.2.0.2/24
#      fd00:1::2/64               fd00:1::1    fd00:2::1                fd00:2::2/64
#      (+ 10.1.0.3, 10.1.0.4 as extra client hosts)
#
# tcpdump -U -w captures on c0 (the client's side of the wire); tcp-echo-v4
# is also captured on s0.  Losses for the retransmission fixtures are made
# with nftables rules in the router's forward chain (this kernel has no
# netem), so the capture point sees the original segment and the kernel's
# own retransmission.  Segmentation offloads are off so that every captured
# frame is a real wire-sized frame.
#
# The kernel has no 8021q support, so the VLAN fixtures are tcp-echo-v4.pcap
# with 802.1Q (and 802.1ad + 802.1Q) tags inserted after recording.
#
# Every fixture gets its tshark oracle next to it:
#   <name>.conv.txt = tshark -q -n -r <file> -z conv,tcp -z conv,udp
#
# Needs: root, iproute2, nftables, ethtool, tcpdump, tshark, mergecap, python3.

set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE}
C=wlfx-c
R=wlfx-r
S=wlfx-s
CLI4=10.1.0.2
SRV4=10.2.0.2
CLI6=fd00:1::2
SRV6=fd00:2::2
WORK=$(mktemp -d /tmp/wlfx.XXXXXX)
CAP_PIDS=()
BG_PIDS=()
CAP_SEQ=0

die () { echo "record-tcp-fixtures: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (network namespaces)"
for tool in ip nft ethtool tcpdump tshark mergecap python3; do
  command -v "$tool" >/dev/null || die "$tool not found"
done

in_c () { ip netns exec "$C" "$@"; }
in_r () { ip netns exec "$R" "$@"; }
in_s () { ip netns exec "$S" "$@"; }

teardown ()
{
  local pid
  for pid in "${BG_PIDS[@]}" "${CAP_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  for ns in "$C" "$R" "$S"; do
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap teardown EXIT

# ---------------------------------------------------------------- topology

no_offload ()
{
  # Checksums are computed in software too, so the captured sums are valid.
  ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off rx off >/dev/null
}

setup ()
{
  for ns in "$C" "$R" "$S"; do
    ip netns del "$ns" 2>/dev/null || true
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    # Before the links exist, so they inherit it: no DAD, no router
    # solicitations in the fixtures.
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
      net.ipv6.conf.default.accept_dad=0 \
      net.ipv6.conf.all.router_solicitations=0 \
      net.ipv6.conf.default.router_solicitations=0
  done
  ip link add name c0 netns "$C" address 02:00:00:00:01:02 type veth \
    peer name r0 netns "$R" address 02:00:00:00:01:01
  ip link add name s0 netns "$S" address 02:00:00:00:02:02 type veth \
    peer name r1 netns "$R" address 02:00:00:00:02:01

  in_r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1

  ip -n "$C" addr add $CLI4/24 dev c0
  ip -n "$C" addr add 10.1.0.3/24 dev c0
  ip -n "$C" addr add 10.1.0.4/24 dev c0
  ip -n "$C" addr add $CLI6/64 dev c0 nodad
  ip -n "$R" addr add 10.1.0.1/24 dev r0
  ip -n "$R" addr add fd00:1::1/64 dev r0 nodad
  ip -n "$R" addr add 10.2.0.1/24 dev r1
  ip -n "$R" addr add fd00:2::1/64 dev r1 nodad
  ip -n "$S" addr add $SRV4/24 dev s0
  ip -n "$S" addr add $SRV6/64 dev s0 nodad

  for dev in "$C c0" "$R r0" "$R r1" "$S s0"; do
    set -- $dev
    no_offload "$1" "$2"
    ip -n "$1" link set "$2" up
  done
  ip -n "$C" route add default via 10.1.0.1
  ip -n "$C" -6 route add default via fd00:1::1
  ip -n "$S" route add default via 10.2.0.1
  ip -n "$S" -6 route add default via fd00:2::1

  in_r nft -f - <<'EOF'
table ip loss {
  chain forward {
    type filter hook forward priority 0; policy accept;
  }
}
EOF
  # Warm the neighbour caches so the fixtures start with the conversation,
  # not with ARP/ND (which still appears when an entry goes stale).
  in_c ping -c1 -i0.2 -w5 $SRV4 >/dev/null
  in_c ping -6 -c1 -i0.2 -w5 $SRV6 >/dev/null
  # Let the MLD reports that follow link-up die down before recording.
  sleep 3
}

# ----------------------------------------------------------------- capture

# cap_start NS IFACE FILE [tcpdump args...]
cap_start ()
{
  local ns=$1 dev=$2 file=$3 log
  shift 3
  CAP_SEQ=$((CAP_SEQ + 1))
  log=$WORK/cap.$CAP_SEQ.log
  ip netns exec "$ns" tcpdump -U --immediate-mode -Z root -n -i "$dev" -w "$file" "$@" 2>"$log" &
  CAP_PIDS+=($!)
  for _ in $(seq 100); do
    grep -qs "listening on" "$log" && return 0
    sleep 0.05
  done
  cat "$log" >&2
  die "tcpdump did not start on $ns/$dev"
}

# tshark can capture several interfaces of different link types into one pcapng.
tshark_start ()
{
  local ns=$1 file=$2 log
  shift 2
  CAP_SEQ=$((CAP_SEQ + 1))
  log=$WORK/cap.$CAP_SEQ.log
  ip netns exec "$ns" tshark -q -w "$file" "$@" 2>"$log" &
  CAP_PIDS+=($!)
  for _ in $(seq 200); do
    grep -qs "^Capturing on" "$log" && { sleep 0.5; return 0; }
    sleep 0.05
  done
  cat "$log" >&2
  die "tshark did not start in $ns"
}

cap_stop ()
{
  local pid
  sleep 0.3
  for pid in "${CAP_PIDS[@]}"; do
    kill -INT "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  CAP_PIDS=()
}

bg_stop ()
{
  local pid
  for pid in "${BG_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  BG_PIDS=()
}

# server PROTO PORT MODE [args...]: start a peer.py server in the server namespace
server ()
{
  local proto=$1 port=$2 flag
  shift 2
  in_s python3 "$WORK/peer.py" "$@" &
  BG_PIDS+=($!)
  [ "$proto" = tcp ] && flag=-Hltn || flag=-Hlun
  for _ in $(seq 100); do
    [ -n "$(in_s ss $flag "sport = :$port")" ] && return 0
    sleep 0.05
  done
  die "server on $proto/$port did not start"
}

client () { in_c python3 "$WORK/peer.py" "$@"; }

nft_loss () { in_r nft add rule ip loss forward "$@"; }
nft_clear () { in_r nft flush chain ip loss forward; }

oracle ()
{
  tshark -q -n -r "$1" -z conv,tcp -z conv,udp >"${1%.*}.conv.txt" 2>/dev/null
}

finish ()
{
  local f
  for f in "$@"; do
    oracle "$OUT/$f"
    printf '  %-34s %5s packets\n' "$f" \
      "$(tshark -n -r "$OUT/$f" 2>/dev/null | wc -l)"
  done
}

# ------------------------------------------------------------- endpoints

cat >"$WORK/peer.py" <<'EOF'
# Endpoints for record-tcp-fixtures.sh.  Each mode is one small program.
import os, select, socket, struct, sys, time

def fam(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET

def listener(host, port, backlog=8):
    s = socket.socket(fam(host), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(backlog)
    return s

def connect(host, port, src=None, sport=0, rcvbuf=None):
    s = socket.socket(fam(host), socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    if src or sport:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((src or "", sport))
    s.connect((host, port))
    return s

def recv_exactly(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            break
        buf += chunk
    return buf

def drain(s):
    while s.recv(65536):
        pass

def linger0(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

# --- echo: "hello" comes back three times; the client closes first.
def echo_server(host, port, count="1"):
    ls = listener(host, int(port))
    for _ in range(int(count)):
        c, _ = ls.accept()
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        msg = c.recv(1024)
        for _ in range(3):
            c.sendall(msg)
            time.sleep(0.05)
        drain(c)
        c.close()

def echo_client(host, port, sport="0"):
    s = connect(host, int(port), sport=int(sport))
    s.sendall(b"hello")
    assert recv_exactly(s, 15) == b"hello" * 3
    time.sleep(0.05)
    s.shutdown(socket.SHUT_WR)
    drain(s)
    s.close()

# --- echo where the server closes first (port reuse: server keeps TIME_WAIT).
def echo_server_closes(host, port, count="1"):
    ls = listener(host, int(port))
    for _ in range(int(count)):
        c, _ = ls.accept()
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        c.sendall(c.recv(1024))
        time.sleep(0.05)
        c.shutdown(socket.SHUT_WR)
        drain(c)
        c.close()

def echo_client_once(host, port, sport="0"):
    s = connect(host, int(port), sport=int(sport))
    s.sendall(b"hello")
    assert recv_exactly(s, 5) == b"hello"
    drain(s)
    s.close()

# --- abortive close with SO_LINGER {1, 0}: the client sends RST, not FIN.
def linger0_client(host, port):
    s = connect(host, int(port))
    s.sendall(b"hello")
    recv_exactly(s, 15)
    time.sleep(0.05)
    linger0(s)
    s.close()

def tolerant_echo_server(host, port):
    try:
        echo_server(host, port)
    except ConnectionResetError:
        pass

# --- bulk transfer: the server sends N bytes after a request line.
def bulk_server(host, port, nbytes, count="1"):
    ls = listener(host, int(port))
    for _ in range(int(count)):
        c, _ = ls.accept()
        c.recv(1024)
        try:
            c.sendall(b"x" * int(nbytes))
            c.shutdown(socket.SHUT_WR)
            drain(c)
        except (ConnectionResetError, BrokenPipeError):
            pass
        c.close()

def bulk_client(host, port, rcvbuf="0"):
    s = connect(host, int(port), rcvbuf=int(rcvbuf) or None)
    s.sendall(b"GET /bulk\r\n")
    drain(s)
    s.close()

# Reads a little of a big transfer, then closes with unread data queued:
# the kernel answers that with RST (RFC 2525 section 2.17).
def reset_midtransfer_client(host, port):
    s = connect(host, int(port), rcvbuf=8192)
    s.sendall(b"GET /bulk\r\n")
    got = 0
    while got < 20000:
        got += len(s.recv(4096))
        time.sleep(0.01)
    s.close()

# --- retransmissions: a request, an upload, a download.
def upload_server(host, port, up, down):
    ls = listener(host, int(port))
    c, _ = ls.accept()
    req = recv_exactly(c, 200)
    c.sendall(b"ok " + req[:20])
    recv_exactly(c, int(up))
    c.sendall(b"y" * int(down))
    c.shutdown(socket.SHUT_WR)
    drain(c)
    c.close()

def upload_client(host, port, up, down):
    s = connect(host, int(port))
    s.sendall(b"hello, this is the request " + b"." * 173)
    s.recv(64)
    s.sendall(b"u" * int(up))
    recv_exactly(s, int(down))
    s.shutdown(socket.SHUT_WR)
    drain(s)
    s.close()

# --- simultaneous close: both ends shut down at the same agreed instant.
def spin_until(deadline):
    while time.time() < deadline:
        pass

def simclose_server(host, port):
    ls = listener(host, int(port))
    c, _ = ls.accept()
    deadline = float(c.recv(64).decode())
    spin_until(deadline)
    c.shutdown(socket.SHUT_WR)
    drain(c)
    c.close()

def simclose_client(host, port):
    s = connect(host, int(port))
    deadline = time.time() + 0.3
    s.sendall(repr(deadline).encode())
    spin_until(deadline)
    s.shutdown(socket.SHUT_WR)
    drain(s)
    s.close()

# --- a conversation with a pause, so the capture can begin after connect.
def chat_server(host, port):
    ls = listener(host, int(port))
    c, _ = ls.accept()
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while True:
        msg = c.recv(1024)
        if not msg:
            break
        c.sendall(b"ack " + msg)
    c.close()

def chat_client(host, port, gofile):
    s = connect(host, int(port))
    s.sendall(b"before the capture")
    s.recv(1024)
    while not os.path.exists(gofile):
        time.sleep(0.02)
    for i in range(5):
        s.sendall(b"message %d" % i)
        s.recv(1024)
        time.sleep(0.1)
    s.shutdown(socket.SHUT_WR)
    drain(s)
    s.close()

# --- one select() server, three clients (three client hosts) that come and go.
def select_server(host, port, nclients="3"):
    ls = listener(host, int(port))
    socks, served = [ls], 0
    while served < int(nclients) or len(socks) > 1:
        readable, _, _ = select.select(socks, [], [])
        for r in readable:
            if r is ls:
                c, _ = ls.accept()
                c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                socks.append(c)
                served += 1
                continue
            msg = r.recv(1024)
            if msg:
                r.sendall(b"server got: " + msg)
            else:
                socks.remove(r)
                r.close()

def multi_client(host, port):
    port = int(port)
    a = connect(host, port, src="10.1.0.2")
    time.sleep(0.05)
    b = connect(host, port, src="10.1.0.3")
    def talk(s, text):
        s.sendall(text)
        s.recv(1024)
        time.sleep(0.05)
    talk(a, b"A says hi")
    talk(b, b"B says hi")
    c = connect(host, port, src="10.1.0.4")
    talk(a, b"A again")
    talk(c, b"C says hi")
    a.close()
    time.sleep(0.05)
    talk(b, b"B again")
    talk(c, b"C again")
    b.close()
    time.sleep(0.05)
    talk(c, b"C leaves")
    c.close()

# --- UDP
def udp_time_server(host, port):
    s = socket.socket(fam(host), socket.SOCK_DGRAM)
    s.bind((host, int(port)))
    while True:
        msg, peer = s.recvfrom(2048)
        if msg == b"stop":
            break
        now = time.strftime("%H:%M:%S", time.localtime())
        s.sendto(b"Message received at " + now.encode(), peer)

def udp_time_clients(host, port):
    port = int(port)
    socks = []
    for src in ("10.1.0.2", "10.1.0.3", "10.1.0.4"):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((src, 0))
        socks.append(s)
    for round_ in range(2):
        for i, s in enumerate(socks):
            s.sendto(b"hello from client %d" % (i + 1), (host, port))
            s.recvfrom(2048)
            time.sleep(0.05)
    socks[0].sendto(b"stop", (host, port))

REPLY = {b"\x1b": b"first!", b"\x2b": b"second!"}

def byte_server(host, port):
    u = socket.socket(fam(host), socket.SOCK_DGRAM)
    u.bind((host, int(port)))
    t = listener(host, int(port))
    conns, stop = [], False
    while not stop or conns:
        readable, _, _ = select.select([u, t] + conns, [], [])
        for r in readable:
            if r is u:
                msg, peer = u.recvfrom(2048)
                if msg == b"stop":
                    stop = True
                else:
                    u.sendto(REPLY.get(msg, b"unknown command"), peer)
            elif r is t:
                conns.append(t.accept()[0])
            else:
                msg = r.recv(1)
                if msg:
                    r.sendall(REPLY.get(msg, b"unknown command"))
                else:
                    conns.remove(r)
                    r.close()

def byte_client(host, port):
    port = int(port)
    u = socket.socket(fam(host), socket.SOCK_DGRAM)
    for cmd in (b"\x1b", b"\x2b", b"\x00"):
        u.sendto(cmd, (host, port))
        u.recvfrom(2048)
        time.sleep(0.05)
    t = connect(host, port)
    for cmd in (b"\x1b", b"\x2b"):
        t.sendall(cmd)
        t.recv(64)
        time.sleep(0.05)
    t.close()
    time.sleep(0.1)
    u.sendto(b"stop", (host, port))

def udp_refused_client(*hosts):
    for host in hosts:
        s = socket.socket(fam(host), socket.SOCK_DGRAM)
        s.connect((host, 9999))
        s.send(b"anyone there?")
        s.settimeout(2)
        try:
            s.recv(2048)
            sys.exit("udp-refused: got an answer from a closed port")
        except ConnectionRefusedError:
            pass
        time.sleep(0.1)

def refused_client(host, port):
    try:
        connect(host, int(port))
    except ConnectionRefusedError:
        return
    sys.exit("tcp-refused: connect succeeded")

if __name__ == "__main__":
    globals()[sys.argv[1].replace("-", "_")](*sys.argv[2:])
EOF

# --------------------------------------------------------------- fixtures

rec_echo_v4 ()
{
  server tcp 7000 echo-server $SRV4 7000
  cap_start "$C" c0 "$OUT/tcp-echo-v4.pcap"
  cap_start "$C" c0 "$OUT/tcp-echo-v4-nsec.pcap" --time-stamp-precision=nano
  cap_start "$S" s0 "$OUT/tcp-echo-v4-server.pcap"
  client echo-client $SRV4 7000
  cap_stop; bg_stop
  finish tcp-echo-v4.pcap tcp-echo-v4-nsec.pcap tcp-echo-v4-server.pcap
}

rec_echo_v6 ()
{
  server tcp 7000 echo-server $SRV6 7000
  cap_start "$C" c0 "$OUT/tcp-echo-v6.pcap"
  client echo-client $SRV6 7000
  cap_stop; bg_stop
  finish tcp-echo-v6.pcap
}

rec_echo_sll ()
{
  server tcp 7000 echo-server $SRV4 7000
  cap_start "$C" any "$OUT/tcp-echo-sll.pcap" -y LINUX_SLL
  cap_start "$C" any "$OUT/tcp-echo-sll2.pcap" -y LINUX_SLL2
  client echo-client $SRV4 7000
  cap_stop; bg_stop
  finish tcp-echo-sll.pcap tcp-echo-sll2.pcap
}

# One pcapng, two interfaces of different link types and snaplens, as
# dumpcap writes it: c0 (Ethernet, full) and "any" (Linux cooked v2, 80
# bytes).  Every packet therefore appears twice, once per interface.
rec_multi_if ()
{
  server tcp 7000 echo-server $SRV6 7000
  tshark_start "$C" "$WORK/multi.pcapng" -i c0 -s 0 -i any -y LINUX_SLL2 -s 80
  client echo-client $SRV6 7000
  cap_stop; bg_stop
  cp "$WORK/multi.pcapng" "$OUT/tcp-echo-multi-if.pcapng"
  finish tcp-echo-multi-if.pcapng
}

# Merged from two separate recordings: an Ethernet IPv6 capture and a Linux
# cooked IPv4 capture, in one pcapng with one interface each.
rec_mixed_linktypes ()
{
  mergecap -F pcapng -w "$OUT/mixed-linktypes.pcapng" \
    "$OUT/tcp-echo-v6.pcap" "$OUT/tcp-echo-sll.pcap"
  finish mixed-linktypes.pcapng
}

# tcp-echo-v4.pcap with an 802.1Q tag (VLAN 100), and with an 802.1ad outer
# tag (S-VLAN 200) over an 802.1Q inner tag (C-VLAN 100).
rec_vlan ()
{
  python3 - "$OUT/tcp-echo-v4.pcap" "$OUT/tcp-echo-vlan.pcap" "$OUT/tcp-echo-qinq.pcap" <<'EOF'
import struct, sys

def retag(src, dst, tags):
    data = open(src, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    assert magic in (0xa1b2c3d4, 0xa1b23c4d), "little-endian pcap expected"
    out, off = [data[:24]], 24
    insert = b"".join(struct.pack(">HH", tpid, tci) for tpid, tci in tags)
    while off < len(data):
        sec, frac, caplen, wirelen = struct.unpack("<IIII", data[off:off + 16])
        frame = data[off + 16:off + 16 + caplen]
        frame = frame[:12] + insert + frame[12:]
        out.append(struct.pack("<IIII", sec, frac, len(frame), wirelen + len(insert)))
        out.append(frame)
        off += 16 + caplen
    open(dst, "wb").write(b"".join(out))

retag(sys.argv[1], sys.argv[2], [(0x8100, 100)])
retag(sys.argv[1], sys.argv[3], [(0x88a8, 200), (0x8100, 100)])
EOF
  finish tcp-echo-vlan.pcap tcp-echo-qinq.pcap
}

# A stale ACK: tcp-retransmit.pcap with two of the server's duplicate ACKs
# (frames 54 and 55, ack 42193) delivered late, just after the ACK that
# follows the fast retransmission (frame 75, ack 79841), as a network that
# reorders ACKs would deliver them (this kernel has no netem to do it live).
# The capture then sees ack 42193 twice below the greatest ack already seen:
# RFC 5681 counts neither as a duplicate ACK.
rec_stale_ack ()
{
  python3 - "$OUT/tcp-retransmit.pcap" "$OUT/tcp-stale-ack.pcap" <<'EOF'
import struct, sys

data = open(sys.argv[1], "rb").read()
magic = struct.unpack("<I", data[:4])[0]
assert magic in (0xa1b2c3d4, 0xa1b23c4d), "little-endian pcap expected"
unit = 1 if magic == 0xa1b23c4d else 1000   # ns per fraction tick
frames, off = [], 24
while off < len(data):
    sec, frac, caplen, wirelen = struct.unpack("<IIII", data[off:off + 16])
    frames.append([sec, frac, caplen, wirelen, data[off + 16:off + 16 + caplen]])
    off += 16 + caplen

def ack(frame):
    ip = frame[4][14:]
    tcp = ip[(ip[0] & 15) * 4:]
    return struct.unpack(">I", tcp[8:12])[0]

late = frames[53:55]
anchor = frames[74]
assert ack(late[0]) == ack(late[1]) == ack(frames[51]) < ack(anchor), "unexpected tcp-retransmit.pcap"
for i, f in enumerate(late, 1):
    ns = anchor[0] * 10**9 + anchor[1] * unit + i * 1000
    f[0], f[1] = divmod(ns, 10**9)
    f[1] //= unit
out = frames[:53] + frames[55:75] + late + frames[75:]
blob = [data[:24]] + [struct.pack("<IIII", *f[:4]) + f[4] for f in out]
open(sys.argv[2], "wb").write(b"".join(blob))
EOF
  finish tcp-stale-ack.pcap
}

rec_refused ()
{
  cap_start "$C" c0 "$OUT/tcp-refused.pcap"
  client refused-client $SRV4 7999
  client refused-client $SRV6 7999
  cap_stop
  finish tcp-refused.pcap
}

rec_linger0 ()
{
  server tcp 7000 tolerant-echo-server $SRV4 7000
  cap_start "$C" c0 "$OUT/tcp-reset-linger0.pcap"
  client linger0-client $SRV4 7000
  cap_stop; bg_stop
  finish tcp-reset-linger0.pcap
}

rec_reset_midtransfer ()
{
  server tcp 7000 bulk-server $SRV4 7000 4000000
  cap_start "$C" c0 "$OUT/tcp-reset-midtransfer.pcap"
  client reset-midtransfer-client $SRV4 7000
  sleep 0.2
  cap_stop; bg_stop
  finish tcp-reset-midtransfer.pcap
}

# Losses, all made by the router and counted over data segments only
# (ip length > 100 excludes every pure ACK, even one with three SACK blocks):
#  - the client's first data segment (the request): an RTO retransmission;
#  - the 31st client data segment of a 150 kB upload: the server sends
#    duplicate ACKs with SACK and the client retransmits (fast/RACK);
#  - the 21st server data segment of a 100 kB download: the client capture
#    sees a hole, the client's duplicate ACKs with SACK, then the server's
#    retransmission arriving out of order.
rec_retransmit ()
{
  nft_loss ip saddr $CLI4 tcp dport 7001 ip length '>' 100 \
    numgen inc mod 1000000 '{ 0, 31 }' drop
  nft_loss ip saddr $SRV4 tcp sport 7001 ip length '>' 100 \
    numgen inc mod 1000000 21 drop
  server tcp 7001 upload-server $SRV4 7001 150000 100000
  cap_start "$C" c0 "$OUT/tcp-retransmit.pcap"
  client upload-client $SRV4 7001 150000 100000
  cap_stop; bg_stop; nft_clear
  finish tcp-retransmit.pcap
}

# Both ends shut down at one agreed instant (busy-waiting, on separate CPUs).
# It is simultaneous only when each FIN left before the other FIN arrived,
# i.e. neither FIN acknowledges the other; try until one is.
rec_simultaneous_close ()
{
  local try fins
  for try in $(seq 40); do
    server tcp 7002 simclose-server $SRV4 7002
    cap_start "$C" c0 "$WORK/simclose.pcap"
    client simclose-client $SRV4 7002
    cap_stop; bg_stop
    fins=$(tshark -n -r "$WORK/simclose.pcap" -Y "tcp.flags.fin == 1" \
             -T fields -e tcp.seq -e tcp.ack -e tcp.len 2>/dev/null)
    if python3 - "$fins" <<'EOF'
import sys
rows = [list(map(int, l.split())) for l in sys.argv[1].splitlines()]
if len(rows) != 2:
    sys.exit(1)
(s1, a1, l1), (s2, a2, l2) = rows
sys.exit(0 if a1 == s2 + l2 and a2 == s1 + l1 else 1)
EOF
    then
      cp "$WORK/simclose.pcap" "$OUT/tcp-simultaneous-close.pcap"
      echo "  (simultaneous close after $try attempt(s))"
      finish tcp-simultaneous-close.pcap
      return 0
    fi
  done
  echo "  tcp-simultaneous-close.pcap: not achieved in 40 attempts, skipped" >&2
}

rec_midstream ()
{
  rm -f "$WORK/go"
  server tcp 7003 chat-server $SRV4 7003
  client chat-client $SRV4 7003 "$WORK/go" &
  BG_PIDS+=($!)
  for _ in $(seq 100); do
    [ -n "$(in_c ss -Htn state established "dport = :7003")" ] && break
    sleep 0.05
  done
  sleep 0.3
  cap_start "$C" c0 "$OUT/tcp-midstream.pcap"
  touch "$WORK/go"
  wait "${BG_PIDS[-1]}"
  cap_stop; bg_stop
  finish tcp-midstream.pcap
}

# The same client port (40000) three times on one 5-tuple, each time with a
# fresh SYN and a new ISN.  The server closes first, so it is the server that
# holds TIME_WAIT, and the next SYN (higher ISN and timestamp) reopens the
# 5-tuple from TIME_WAIT (RFC 6191); the client reuses the port with
# SO_REUSEADDR.
rec_port_reuse ()
{
  server tcp 7004 echo-server-closes $SRV4 7004 3
  cap_start "$C" c0 "$OUT/tcp-port-reuse.pcap"
  client echo-client-once $SRV4 7004 40000
  sleep 0.2
  client echo-client-once $SRV4 7004 40000
  sleep 0.2
  client echo-client-once $SRV4 7004 40000
  cap_stop; bg_stop
  finish tcp-port-reuse.pcap
}

rec_multi_client ()
{
  server tcp 7005 select-server $SRV4 7005 3
  cap_start "$C" c0 "$OUT/tcp-multi-client.pcap"
  client multi-client $SRV4 7005
  wait "${BG_PIDS[-1]}"
  cap_stop; bg_stop
  finish tcp-multi-client.pcap
}

rec_window_scale_sack ()
{
  server tcp 7006 bulk-server $SRV4 7006 200000
  cap_start "$C" c0 "$OUT/tcp-window-scale-sack.pcap"
  client bulk-client $SRV4 7006
  cap_stop; bg_stop
  finish tcp-window-scale-sack.pcap
}

rec_udp_timestamp ()
{
  server udp 9000 udp-time-server $SRV4 9000
  cap_start "$C" c0 "$OUT/udp-timestamp.pcap"
  client udp-time-clients $SRV4 9000
  cap_stop; bg_stop
  finish udp-timestamp.pcap
}

rec_udp_byte_commands ()
{
  server udp 9001 byte-server $SRV4 9001
  cap_start "$C" c0 "$OUT/udp-byte-commands.pcap"
  client byte-client $SRV4 9001
  cap_stop; bg_stop
  finish udp-byte-commands.pcap
}

rec_udp_refused ()
{
  cap_start "$C" c0 "$OUT/udp-refused.pcap"
  client udp-refused-client $SRV4 $SRV6
  cap_stop
  finish udp-refused.pcap
}

ALL="echo_v4 echo_v6 echo_sll multi_if mixed_linktypes vlan refused linger0
     reset_midtransfer retransmit stale_ack simultaneous_close midstream port_reuse
     multi_client window_scale_sack udp_timestamp udp_byte_commands udp_refused"

setup
for fixture in ${*:-$ALL}; do
  echo "${fixture//_/-}:"
  "rec_${fixture//-/_}"
done
