#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What tracing a program's socket calls costs (wireladder-trace, ptrace with
# a seccomp filter: capture/ladder-ptrace.h).  Prints figures side by side
# from the same minutes of the same machine:
#   - a Python client doing BENCH_ROUNDS (default 10000) send/recv round
#     trips of 16 bytes with a Python echo server on loopback: neither
#     traced, the client traced, both traced;
#   - for reference, the client under `strace --seccomp-bpf` with the same
#     calls (when strace is installed);
#   - Python's start-up (`python3 -c 'import socket'`), which stops the
#     tracer at every read() and close() of its modules without recording
#     them, untraced and traced.
# Best of BENCH_RUNS (default 3) runs each, interleaved.  The records go to
# a file, as they would go to the lab's pipe; their count is printed.
#
#   tests/bench/trace-overhead.sh [WIRELADDER_TRACE]
#
# Exit status 0 with figures; 1 when a run failed; 77 when the tracer is not
# built.

set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TRACE=${1:-${WL_TRACE:-$ROOT/build/capture/wireladder-trace}}
ROUNDS=${BENCH_ROUNDS:-10000}
RUNS=${BENCH_RUNS:-3}
PORT=${BENCH_PORT:-60123}
# The interpreter itself, not a wrapper script (pyenv's shim) around it.
PY=$(python3 -c 'import sys; print(sys.executable)')

if [ ! -x "$TRACE" ]; then
  echo "wireladder-trace not built at $TRACE" >&2
  exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# run_pair SERVER_TRACED CLIENT_TRACED: prints the client's seconds.
run_pair () {
  local server=("$PY" "$HERE/rtt.py" server "$PORT")
  local client=("$PY" "$HERE/rtt.py" client "$PORT" "$ROUNDS")
  [ "$1" = yes ] && server=("$TRACE" rtt-server -- "${server[@]}")
  [ "$2" = yes ] && client=("$TRACE" rtt-client -- "${client[@]}")
  [ "$2" = strace ] && client=(strace -f -qq -o /dev/null --seccomp-bpf
    -e trace=socket,bind,listen,accept,accept4,connect,sendto,sendmsg,write,writev,recvfrom,recvmsg,read,readv,pselect6,ppoll,poll,select,epoll_wait,epoll_pwait,setsockopt,shutdown,close
    "${client[@]}")
  WIRELADDER_TRACE_FD=3 "${server[@]}" 3>>"$TMP/records" >"$TMP/server.out" &
  local pid=$!
  for _ in $(seq 100); do
    grep -q ready "$TMP/server.out" 2>/dev/null && break
    sleep 0.02
  done
  WIRELADDER_TRACE_FD=3 "${client[@]}" 3>>"$TMP/records" || { kill $pid; return 1; }
  wait $pid
}

# startup TRACED: wall seconds of one Python start-up.
startup () {
  local cmd=("$PY" -c 'import socket')
  [ "$1" = yes ] && cmd=("$TRACE" startup -- "${cmd[@]}")
  local t0 t1
  t0=$(date +%s.%N)
  "${cmd[@]}" || return 1
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

best () { sort -g | head -1; }

modes=("no no" "no yes" "yes yes")
command -v strace >/dev/null && modes+=("no strace")
declare -A results
for _ in $(seq "$RUNS"); do
  for mode in "${modes[@]}"; do
    : >"$TMP/records"
    t=$(run_pair $mode) || { echo "run failed ($mode)" >&2; exit 1; }
    results["$mode"]+="$t"$'\n'
    [ "$mode" = "yes yes" ] && records=$(stat -c %s "$TMP/records")
  done
  for traced in no yes; do
    t=$(startup $traced) || { echo "start-up failed" >&2; exit 1; }
    results["startup $traced"]+="$t"$'\n'
  done
done

base=$(printf '%s' "${results[no no]}" | best)
one=$(printf '%s' "${results[no yes]}" | best)
both=$(printf '%s' "${results[yes yes]}" | best)
printf '%d round trips of 16 bytes on loopback, Python client and server, best of %d:\n' "$ROUNDS" "$RUNS"
printf '  untraced         %8.3f s  %7.1f us per round trip\n' "$base" "$(echo "$base * 1000000 / $ROUNDS" | bc -l)"
printf '  client traced    %8.3f s  %7.1f us per round trip  (x%.2f)\n' "$one" \
  "$(echo "$one * 1000000 / $ROUNDS" | bc -l)" "$(echo "$one / $base" | bc -l)"
printf '  both traced      %8.3f s  %7.1f us per round trip  (x%.2f)\n' "$both" \
  "$(echo "$both * 1000000 / $ROUNDS" | bc -l)" "$(echo "$both / $base" | bc -l)"
if [ -n "${results[no strace]:-}" ]; then
  st=$(printf '%s' "${results[no strace]}" | best)
  printf '  client under strace --seccomp-bpf (reference) %8.3f s  %7.1f us per round trip  (x%.2f)\n' \
    "$st" "$(echo "$st * 1000000 / $ROUNDS" | bc -l)" "$(echo "$st / $base" | bc -l)"
fi
printf '  records written with both traced: %d bytes\n' "$records"
s0=$(printf '%s' "${results[startup no]}" | best)
s1=$(printf '%s' "${results[startup yes]}" | best)
printf "python3 -c 'import socket' start-up: untraced %.3f s, traced %.3f s (+%.0f ms)\n" \
  "$s0" "$s1" "$(echo "($s1 - $s0) * 1000" | bc -l)"
