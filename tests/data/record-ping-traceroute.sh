#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# record-ping-traceroute.sh: records the ping and traceroute fixtures from
# real traffic in a private chain of network namespaces.
#
#   client — r1 — r2 — r3 — server      (IPv4 and IPv6 on every link)
#
#   link 0  client 10.0.0.2  fd00:0::2    r1     10.0.0.1  fd00:0::1
#   link 1  r1     10.0.1.1  fd00:1::1    r2     10.0.1.2  fd00:1::2
#   link 2  r2     10.0.2.1  fd00:2::1    r3     10.0.2.2  fd00:2::2
#   link 3  r3     10.0.3.1  fd00:3::1    server 10.0.3.2  fd00:3::2
#
# r3 routes 10.0.9.0/24 and fd00:9::/64 as `unreachable`; r2 routes
# 10.0.8.0/24 and fd00:8::/64 as `prohibit`.  ICMP rate limits are off in
# every namespace, so every probe gets its answer.
#
# Each capture is taken on the client's interface with `tcpdump -U -w`
# (default snaplen) and the tool's standard output is kept beside it as
# <name>.txt; the tests compare the analysis with what the tool printed.
#
# The *-router-links captures are taken instead on both links of r1 (its
# eth0 and eth1, one tcpdump each) and merged by timestamp into one plain
# pcap with mergecap: the view from a router outside the lab, with no
# interface names, where every probe that passes r1 is seen twice (same IP
# id, ports and payload, TTL one lower, other MACs).
#
# Usage: sudo tests/data/record-ping-traceroute.sh [OUTDIR [NAME...]]
# With NAMEs (e.g. ping-v4 traceroute-unreachable), records only those.
# Needs: iproute2, tcpdump, mergecap, iputils-ping, traceroute (modern), nftables, socat.
# Traffic only ever goes to addresses inside the namespaces made here.
set -euo pipefail

OUT=$(realpath "${1:-$(dirname "$0")}")
NAMES=("${@:2}")
P="wlrt$$"
C="$P-client" R1="$P-r1" R2="$P-r2" R3="$P-r3" S="$P-server"
ALL=("$C" "$R1" "$R2" "$R3" "$S")
TMP=$(mktemp -d)
BG_PIDS=()

in_ns () { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# want NAME: whether NAME is to be recorded this time.
want ()
{
  local n
  [ ${#NAMES[@]} -eq 0 ] && return 0
  for n in "${NAMES[@]}"; do
    [ "$n" = "$1" ] && return 0
  done
  return 1
}

cleanup ()
{
  local pid
  for pid in "${BG_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for ns in "${ALL[@]}"; do
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT

if [ "$(id -u)" != 0 ]; then
  echo "record-ping-traceroute.sh: must run as root (network namespaces)" >&2
  exit 2
fi
for tool in ip tcpdump ping traceroute nft socat; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done

make_ns ()
{
  ip netns add "$1"
  in_ns "$1" ip link set lo up
  # Before any interface exists, so the veths inherit these defaults.
  in_ns "$1" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
    net.ipv6.conf.all.accept_dad=0 \
    net.ipv6.conf.default.router_solicitations=0 \
    net.ipv6.conf.default.accept_ra=0 \
    net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
}

# link NS_A IF_A ADDR4_A ADDR6_A NS_B IF_B ADDR4_B ADDR6_B
link ()
{
  ip link add "$2" netns "$1" type veth peer name "$6" netns "$5"
  in_ns "$1" ip addr add "$3/24" dev "$2"
  in_ns "$1" ip -6 addr add "$4/64" dev "$2" nodad
  in_ns "$5" ip addr add "$7/24" dev "$6"
  in_ns "$5" ip -6 addr add "$8/64" dev "$6" nodad
  in_ns "$1" ip link set "$2" up
  in_ns "$5" ip link set "$6" up
}

build_topology ()
{
  local ns
  for ns in "${ALL[@]}"; do make_ns "$ns"; done
  for ns in "$R1" "$R2" "$R3"; do
    in_ns "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  done
  link "$C"  eth0 10.0.0.2 fd00:0::2  "$R1" eth0 10.0.0.1 fd00:0::1
  link "$R1" eth1 10.0.1.1 fd00:1::1  "$R2" eth0 10.0.1.2 fd00:1::2
  link "$R2" eth1 10.0.2.1 fd00:2::1  "$R3" eth0 10.0.2.2 fd00:2::2
  link "$R3" eth1 10.0.3.1 fd00:3::1  "$S"  eth0 10.0.3.2 fd00:3::2

  in_ns "$C"  ip route add default via 10.0.0.1
  in_ns "$C"  ip -6 route add default via fd00:0::1
  in_ns "$R1" ip route add default via 10.0.1.2
  in_ns "$R1" ip -6 route add default via fd00:1::2
  in_ns "$R2" ip route add 10.0.0.0/24 via 10.0.1.1
  in_ns "$R2" ip -6 route add fd00:0::/64 via fd00:1::1
  in_ns "$R2" ip route add default via 10.0.2.2
  in_ns "$R2" ip -6 route add default via fd00:2::2
  in_ns "$R2" ip route add prohibit 10.0.8.0/24
  in_ns "$R2" ip -6 route add prohibit fd00:8::/64
  in_ns "$R3" ip route add 10.0.0.0/23 via 10.0.2.1
  in_ns "$R3" ip -6 route add fd00:0::/63 via fd00:2::1
  in_ns "$R3" ip route add unreachable 10.0.9.0/24
  in_ns "$R3" ip -6 route add unreachable fd00:9::/64
  in_ns "$S"  ip route add default via 10.0.3.1
  in_ns "$S"  ip -6 route add default via fd00:3::1

  # Warm up neighbour caches and check the path end to end, outside any capture.
  in_ns "$C" ping -n -q -c 1 -W 2 10.0.3.2 >/dev/null
  in_ns "$C" ping -6 -n -q -c 1 -W 2 fd00:3::2 >/dev/null
}

# Starts tcpdump on the client; sets CAP_PID.
start_capture ()
{
  local name=$1
  rm -f "$TMP/tcpdump.err"
  ip netns exec "$C" tcpdump -U --immediate-mode -n -i eth0 -Z root -w "$TMP/$name.pcap" 2>"$TMP/tcpdump.err" &
  CAP_PID=$!
  local i
  for i in $(seq 50); do
    grep -q "listening on" "$TMP/tcpdump.err" 2>/dev/null && break
    sleep 0.1
  done
  sleep 0.3
}

stop_capture ()
{
  local name=$1
  sleep 0.5
  kill -INT "$CAP_PID"
  wait "$CAP_PID" || true
  cp "$TMP/$name.pcap" "$OUT/$name.pcap"
  chmod 644 "$OUT/$name.pcap" "$OUT/$name.txt"
  printf '%-28s %s\n' "$name" "$(grep -o '[0-9]* packets captured' "$TMP/tcpdump.err")"
}

# record NAME COMMAND...: runs COMMAND in the client namespace under capture.
record ()
{
  local name=$1; shift
  want "$name" || return 0
  start_capture "$name"
  in_ns "$C" "$@" >"$OUT/$name.txt" || true
  stop_capture "$name"
}

# record_answered NAME COMMAND...: like record, for runs where every probe is
# answered on the wire.  traceroute occasionally prints "*" for a probe whose
# answer is in the capture (it races its own fast replies, mostly in -T mode);
# such a run is recorded again, so that the tool's text agrees with the wire.
record_answered ()
{
  local name=$1 try
  want "$name" || return 0
  for try in 1 2 3 4 5; do
    record "$@"
    grep -q '\*' "$OUT/$name.txt" || return 0
    echo "$name: traceroute printed '*' for an answered probe; recording again" >&2
  done
  echo "$name: still inconsistent after 5 tries" >&2
  return 1
}

# record_router_links NAME COMMAND...: like record, but captured on both
# links of r1 and merged into one pcap without interface names.
record_router_links ()
{
  local name=$1 dev i pids=()
  shift
  want "$name" || return 0
  for dev in eth0 eth1; do
    rm -f "$TMP/$dev.err"
    ip netns exec "$R1" tcpdump -U --immediate-mode -n -i "$dev" -Z root \
      -w "$TMP/$name.$dev.pcap" 2>"$TMP/$dev.err" &
    pids+=($!)
    for i in $(seq 50); do
      grep -q "listening on" "$TMP/$dev.err" 2>/dev/null && break
      sleep 0.1
    done
  done
  sleep 0.3
  in_ns "$C" "$@" >"$OUT/$name.txt" || true
  sleep 0.5
  kill -INT "${pids[@]}"
  wait "${pids[@]}" || true
  mergecap -F pcap -w "$OUT/$name.pcap" "$TMP/$name.eth0.pcap" "$TMP/$name.eth1.pcap"
  chmod 644 "$OUT/$name.pcap" "$OUT/$name.txt"
  printf '%-28s %s frames\n' "$name" "$(tcpdump -r "$OUT/$name.pcap" 2>/dev/null | wc -l)"
}

record_ping_lost ()
{
  # Replies stop when r3 starts to blackhole the server, and come back when
  # the route goes away: the losses in the middle are real.
  want ping-lost || return 0
  start_capture ping-lost
  in_ns "$C" ping -n -c 10 -i 0.5 10.0.3.2 >"$OUT/ping-lost.txt" &
  local ping_pid=$!
  sleep 1.25
  in_ns "$R3" ip route add blackhole 10.0.3.2/32
  sleep 2
  in_ns "$R3" ip route del blackhole 10.0.3.2/32
  wait "$ping_pid" || true
  stop_capture ping-lost
}

record_traceroute_tcp_v4 ()
{
  # A listener on the server, so the last hop answers with a SYN-ACK.
  want traceroute-tcp-v4 || return 0
  ip netns exec "$S" socat TCP4-LISTEN:80,fork,reuseaddr /dev/null &
  BG_PIDS+=($!)
  sleep 0.3
  record_answered traceroute-tcp-v4 traceroute -n -T -p 80 10.0.3.2
  kill "${BG_PIDS[-1]}" 2>/dev/null || true
}

record_traceroute_unanswered ()
{
  # r2 forwards but never says "time exceeded".
  want traceroute-unanswered || return 0
  in_ns "$R2" nft -f - <<'EOF'
table inet wlrt {
  chain out {
    type filter hook output priority 0; policy accept;
    icmp type time-exceeded drop
    icmpv6 type time-exceeded drop
  }
}
EOF
  record traceroute-unanswered traceroute -n 10.0.3.2
  in_ns "$R2" nft delete table inet wlrt
}

record_mixed ()
{
  # A traceroute while a ping and an ordinary TCP connection run beside it;
  # neither the ping nor the connection may look like a traceroute.
  want traceroute-mixed || return 0
  ip netns exec "$S" socat TCP4-LISTEN:8080,reuseaddr SYSTEM:'echo hello' &
  BG_PIDS+=($!)
  sleep 0.3
  start_capture traceroute-mixed
  in_ns "$C" ping -n -c 4 -i 0.3 10.0.3.2 >"$OUT/traceroute-mixed.ping.txt" &
  local ping_pid=$!
  in_ns "$C" socat -T 2 - TCP4:10.0.3.2:8080 </dev/null >/dev/null || true
  in_ns "$C" traceroute -n 10.0.3.2 >"$OUT/traceroute-mixed.txt" || true
  wait "$ping_pid" || true
  chmod 644 "$OUT/traceroute-mixed.ping.txt"
  stop_capture traceroute-mixed
}

build_topology

record ping-v4          ping -n -c 5 -i 0.2 10.0.3.2
record ping-v6          ping -6 -n -c 5 -i 0.2 fd00:3::2
record ping-ttl-expire  ping -n -t 2 -c 3 -i 0.2 -W 1 10.0.3.2
record ping-ttl-expire-v6 ping -6 -n -t 3 -c 3 -i 0.2 -W 1 fd00:3::2
record ping-unreachable ping -n -c 3 -i 0.2 -W 1 10.0.9.1
record ping-unreachable-v6 ping -6 -n -c 3 -i 0.2 -W 1 fd00:8::1
# No host at 10.0.3.99: r3's neighbour resolution fails and, seconds later,
# it answers every request at once with "host unreachable" (-w 8 waits for it).
record ping-nohost      ping -n -c 4 -i 0.5 -w 8 10.0.3.99
record_ping_lost

record_answered traceroute-udp-v4  traceroute -n 10.0.3.2
record_answered traceroute-icmp-v4 traceroute -n -I 10.0.3.2
record_traceroute_tcp_v4
record_answered traceroute-udp-v6  traceroute -6 -n fd00:3::2
# Serial probes (-N 1) for one run; every other run keeps the default 16 in flight.
record_answered traceroute-icmp-v6 traceroute -6 -n -I -N 1 fd00:3::2
# No listener on port 81: the server answers the SYN with a RST.
record_answered traceroute-tcp-v6  traceroute -6 -n -T -p 81 fd00:3::2
record_answered traceroute-q1-m8   traceroute -n -q 1 -m 8 10.0.3.2
# r3 routes 10.0.9.0/24 as unreachable (!H from hop 3 on), r2 refuses
# fd00:8::/64 (!X from hop 2 on): hops stop there, the destination unreached.
record_answered traceroute-unreachable    traceroute -n 10.0.9.1
record_answered traceroute-unreachable-v6 traceroute -6 -n fd00:8::1
record_traceroute_unanswered
record_mixed

# Seen from both links of r1 (see above): each probe past r1 twice.
record_router_links traceroute-router-links    traceroute -n 10.0.3.2
record_router_links traceroute-router-links-v6 traceroute -6 -n -I fd00:3::2
record_router_links ping-router-links          ping -n -c 4 -i 0.2 10.0.3.2
record_router_links ping-router-links-ttl      ping -n -t 3 -c 3 -i 0.2 -W 1 10.0.3.2
