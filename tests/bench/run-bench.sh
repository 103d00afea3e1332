#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The speed benchmark: prints figures, fails only on a crash or a count mismatch.
#
#   tests/bench/run-bench.sh [WIRELADDER_CLI [GEN_CAPTURE [PCAP_LOOP]]]
#
# Paths may also come from WL_CLI, WL_GEN and WL_LOOP; by default they are
# looked up in build-bench/ and then build/ of the source tree.  Nothing is
# compiled here: build first (meson setup build-bench -Dbuildtype=release &&
# ninja -C build-bench), or run it as `meson test -C build-bench --benchmark`.
#
# For each shape of BENCH_SHAPES (default "busy real": gen-capture --shape;
# busy is a busy link of fewer, longer flows, real is real traffic's many
# short flows, about eight packets each) it generates a capture of
# BENCH_PACKETS packets (default 1000000) into BENCH_OUT (default
# tests/bench/out/, gitignored) unless it is there already, reads it before
# every run so each finds it in the page cache, then times, with wall clock and
# maximum RSS, output included (written to a new file each run):
#   - the bare libpcap loop (pcap_next_ex summing caplen),
#   - wireladder-cli conversations --json FILE,
#   - wireladder-cli tcp --json FILE,
#   - tshark -q -n -r FILE -z conv,tcp -z conv,udp
# best of BENCH_RUNS runs (default 3) for ours, of BENCH_TSHARK_RUNS
# (default 3, at most BENCH_RUNS) for tshark, all interleaved.  CPU
# time (user + system, best run) is printed too: on a machine busy with
# other work it moves less than the wall clock.  wireladder-cli decodes in
# a second thread, so its wall time wants two free cores.
#
# With WL_CLI_BASE=PATH (an earlier build of wireladder-cli) its tcp and
# conversations runs are interleaved with the others' and printed beside
# them: before/after figures from the same minutes of the same machine.
#
# With BENCH_CALLGRIND=N (and valgrind installed) it also counts the
# instructions each program runs on an N-packet capture (say 100000):
# figures that do not depend on the machine's load at all.
#
# Exit status: 0 figures printed; 1 a program crashed or wireladder's
# conversation or packet counts differ from tshark's; 77 (skip) when
# wireladder-cli is not built, after printing the baseline figures.

set -uo pipefail

# One shape per run of this script: without BENCH_SHAPE, run each of
# BENCH_SHAPES in turn and exit with the worst status.
if [ -z "${BENCH_SHAPE:-}" ]; then
  worst=0
  for shape in ${BENCH_SHAPES:-busy real}; do
    echo "=== shape: $shape"
    BENCH_SHAPE=$shape "$0" "$@"
    r=$?
    [ $r -eq 1 ] && worst=1
    [ $r -eq 77 ] && [ $worst -eq 0 ] && worst=77
    echo
  done
  exit $worst
fi

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PACKETS=${BENCH_PACKETS:-1000000}
RUNS=${BENCH_RUNS:-3}
TSHARK_RUNS=${BENCH_TSHARK_RUNS:-3}
OUT=${BENCH_OUT:-$HERE/out}
TIME=/usr/bin/time

find_built ()
{
  local rel=$1 dir
  for dir in build-bench build; do
    if [ -x "$ROOT/$dir/$rel" ]; then
      echo "$ROOT/$dir/$rel"
      return
    fi
  done
}

CLI=${1:-${WL_CLI:-$(find_built src/cli/wireladder-cli)}}
GEN=${2:-${WL_GEN:-$(find_built tests/bench/gen-capture)}}
LOOP=${3:-${WL_LOOP:-$(find_built tests/bench/pcap-loop)}}
BASE=${WL_CLI_BASE:-}

die () { echo "run-bench: $*" >&2; exit 1; }

[ -x "$TIME" ] || die "$TIME not found (apt-get install time)"
[ -n "$LOOP" ] && [ -x "$LOOP" ] || die "pcap-loop not built (ninja -C build-bench)"
mkdir -p "$OUT" || die "cannot create $OUT"
SHAPE=$BENCH_SHAPE
case $SHAPE in busy|real) ;; *) echo "run-bench: BENCH_SHAPE must be busy or real" >&2; exit 1 ;; esac
FILE=$OUT/bench-$SHAPE-$PACKETS.pcap
WORK=$(mktemp -d "${TMPDIR:-/tmp}/wl-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if [ ! -s "$FILE" ]; then
  [ -n "$GEN" ] && [ -x "$GEN" ] || die "gen-capture not built (ninja -C build-bench)"
  echo "generating $FILE ..."
  "$GEN" -n "$PACKETS" --shape "$SHAPE" -o "$FILE.tmp" && mv "$FILE.tmp" "$FILE" \
    || die "gen-capture failed"
fi
cat "$FILE" >/dev/null

STATUS=0

# run_once NAME CMD...: one timed run; keeps the best wall time in
# BEST_<NAME> (ms) and the largest RSS in RSS_<NAME> (kB).  The run's
# standard output is left in $WORK/NAME.out.
run_once ()
{
  local name=$1 t0 t1 ms r best rss
  shift
  best=BEST_$name
  rss=RSS_$name
  [ "${!best:-}" = failed ] && return 1
  # The last run's output goes before the clock starts: the shell's
  # truncation of a 77 MB file not yet written back takes ext4 about 50 ms,
  # the file system's work on an old file, not the program's on its output.
  rm -f "$WORK/$name.out"
  # Every run finds the whole capture in the page cache: a kernel that
  # reclaims idle memory on its own (DAMON's kdamond on this project's
  # virtual machines) took 10 MB of it back within 20 s of idling, and the
  # next run read that from disk inside its clock.
  cat "$FILE" >/dev/null
  t0=$(date +%s%N)
  "$TIME" -f "%M %U %S" -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  r=$?
  t1=$(date +%s%N)
  if [ $r -ne 0 ]; then
    echo "run-bench: $* exited with status $r:" >&2
    tail -n 5 "$WORK/$name.err" >&2
    STATUS=1
    printf -v "$best" '%s' failed
    return 1
  fi
  ms=$(( (t1 - t0) / 1000000 ))
  if [ -z "${!best:-}" ] || [ "$ms" -lt "${!best}" ]; then
    printf -v "$best" '%s' "$ms"
  fi
  read -r r u sy < <(tail -n 1 "$WORK/$name.time")
  if [ -z "${!rss:-}" ] || [ "$r" -gt "${!rss}" ]; then
    printf -v "$rss" '%s' "$r"
  fi
  ms=$(awk -v u="$u" -v s="$sy" 'BEGIN { printf "%d", (u + s) * 1000 }')
  cpu=CPU_$name
  if [ -z "${!cpu:-}" ] || [ "$ms" -lt "${!cpu}" ]; then
    printf -v "$cpu" '%s' "$ms"
  fi
}

secs () { awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }'; }

row ()
{
  local label=$1 name=$2 runs=$3 best rss cpu
  best=BEST_$name
  rss=RSS_$name
  cpu=CPU_$name
  if [ -n "${!best:-}" ] && [ "${!best}" != failed ]; then
    printf '  %-52s %9s s %9s s %9s MB   (%s)\n' "$label" "$(secs "${!best}")" "$(secs "${!cpu}")" \
      "$(awk -v k="${!rss}" 'BEGIN { printf "%.1f", k / 1024 }')" "$runs"
  else
    printf '  %-52s %11s\n' "$label" "not run"
  fi
}

# ratio A B: A / B with one decimal
ratio () { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }

# Counts from tshark's conv tables: "<proto> <conversations> <packets>" per line.
tshark_counts ()
{
  awk '
    /^TCP Conversations/ { p = "tcp" }
    /^UDP Conversations/ { p = "udp" }
    / <-> / && p != "" { n[p]++; f[p] += $10 }
    END { printf "tcp %d %d\nudp %d %d\n", n["tcp"], f["tcp"], n["udp"], f["udp"] }' "$1"
}

# Counts from wireladder-cli conversations --json, same shape.
wireladder_counts ()
{
  python3 - "$1" <<'EOF'
import json, sys
n = {"tcp": 0, "udp": 0}
f = {"tcp": 0, "udp": 0}
for c in json.load(open(sys.argv[1]))["conversations"]:
    p = c.get("proto")
    if p in n:
        n[p] += 1
        f[p] += c["packets"]
print("tcp %d %d\nudp %d %d" % (n["tcp"], f["tcp"], n["udp"], f["udp"]))
EOF
}

echo "capture: $FILE ($(( $(stat -c %s "$FILE") / 1000000 )) MB, in page cache)"
echo "host:    $(nproc) CPUs, $(uname -r)"
echo

HAVE_CLI=0
[ -n "$CLI" ] && [ -x "$CLI" ] && HAVE_CLI=1
HAVE_TSHARK=0
command -v tshark >/dev/null && HAVE_TSHARK=1

# Rounds interleave the programs, so a machine busy with something else
# slows them alike and the ratios stay meaningful; tshark takes part in
# the first TSHARK_RUNS rounds and its best run counts, as ours do.
for round in $(seq "$RUNS"); do
  run_once loop "$LOOP" "$FILE"
  if [ $HAVE_CLI = 1 ]; then
    run_once conv "$CLI" conversations --json "$FILE"
    run_once tcp "$CLI" tcp --json "$FILE"
  fi
  if [ -n "$BASE" ]; then
    run_once base_conv "$BASE" conversations --json "$FILE"
    run_once base_tcp "$BASE" tcp --json "$FILE"
  fi
  if [ $HAVE_TSHARK = 1 ] && [ "$round" -le "$TSHARK_RUNS" ]; then
    run_once tshark tshark -q -n -r "$FILE" -z conv,tcp -z conv,udp
  fi
done

ok () { local v=BEST_$1; [ -n "${!v:-}" ] && [ "${!v}" != failed ]; }
ok loop || die "the bare pcap loop failed on $FILE"

PKTS=$(awk '{ print $1; exit }' "$WORK/loop.out")
echo "packets: $PKTS"
printf '  %-52s %11s %11s %12s   %s\n' "" "wall (best)" "CPU (best)" "max RSS" "(runs)"
row "bare libpcap loop (pcap_next_ex, sum caplen)" loop "$RUNS"
if [ $HAVE_CLI = 1 ]; then
  row "wireladder-cli conversations --json FILE" conv "$RUNS"
  row "wireladder-cli tcp --json FILE" tcp "$RUNS"
  if [ -n "$BASE" ]; then
    row "baseline conversations FILE (WL_CLI_BASE)" base_conv "$RUNS"
    row "baseline tcp FILE (WL_CLI_BASE)" base_tcp "$RUNS"
  fi
else
  echo "  wireladder-cli: not found (${CLI:-looked in build-bench/ and build/}); skipped"
fi
if [ $HAVE_TSHARK = 1 ]; then
  row "tshark -q -n -r FILE -z conv,tcp -z conv,udp" tshark "$((TSHARK_RUNS < RUNS ? TSHARK_RUNS : RUNS))"
else
  echo "  tshark: not installed"
fi

echo
if ok tshark; then
  read -r _ T_TCP_N T_TCP_P < <(tshark_counts "$WORK/tshark.out" | grep '^tcp')
  read -r _ T_UDP_N T_UDP_P < <(tshark_counts "$WORK/tshark.out" | grep '^udp')
  echo "tshark:     $T_TCP_N TCP conversations ($T_TCP_P packets), $T_UDP_N UDP conversations ($T_UDP_P packets)"
fi

if ok conv; then
  if counts=$(wireladder_counts "$WORK/conv.out" 2>"$WORK/conv-json.err"); then
    read -r _ W_TCP_N W_TCP_P < <(grep '^tcp' <<<"$counts")
    read -r _ W_UDP_N W_UDP_P < <(grep '^udp' <<<"$counts")
    echo "wireladder: $W_TCP_N TCP conversations ($W_TCP_P packets), $W_UDP_N UDP conversations ($W_UDP_P packets)"
    if [ -n "${T_TCP_N:-}" ]; then
      if [ "$W_TCP_N $W_TCP_P $W_UDP_N $W_UDP_P" = "$T_TCP_N $T_TCP_P $T_UDP_N $T_UDP_P" ]; then
        echo "counts:     MATCH"
      else
        echo "counts:     MISMATCH"
        STATUS=1
      fi
    fi
  else
    echo "wireladder: conversations --json failed:" >&2
    tail -n 5 "$WORK/conv-json.err" >&2
    STATUS=1
  fi
  if ok tcp \
     && n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["connections"]))' "$WORK/tcp.out" 2>/dev/null); then
    echo "wireladder: $n TCP connections analysed ($(( $(stat -c %s "$WORK/tcp.out") / 1000000 )) MB of JSON)"
  fi

  echo
  per_packet () { awk -v a="$1" -v b="$RSS_loop" -v n="$PKTS" 'BEGIN { printf "%.1f B", (a - b) * 1024 / n }'; }
  cell () { ok "$1" && echo "$2" || echo "-"; }
  printf '  %-34s %15s %15s   %s\n' "ratios" "conversations" "tcp" "target"
  if ok tshark; then
    printf '  %-34s %15s %15s   %s\n' "tshark / wireladder-cli" \
      "$(cell conv "$(ratio "$BEST_tshark" "${BEST_conv:-0}")x")" \
      "$(cell tcp "$(ratio "$BEST_tshark" "${BEST_tcp:-0}")x")" ">= 40x"
  fi
  printf '  %-34s %15s %15s   %s\n' "wireladder-cli / bare loop" \
    "$(cell conv "$(ratio "${BEST_conv:-0}" "$BEST_loop")x")" \
    "$(cell tcp "$(ratio "${BEST_tcp:-0}" "$BEST_loop")x")" "<= 2.5x"
  printf '  %-34s %15s %15s   %s\n' "(RSS - loop RSS) / packets" \
    "$(cell conv "$(per_packet "${RSS_conv:-0}")")" \
    "$(cell tcp "$(per_packet "${RSS_tcp:-0}")")" "<= 64 B"
  if ok tshark; then
    printf '  %-34s %15s %15s\n' "CPU: tshark / wireladder-cli" \
      "$(cell conv "$(ratio "$CPU_tshark" "${CPU_conv:-0}")x")" \
      "$(cell tcp "$(ratio "$CPU_tshark" "${CPU_tcp:-0}")x")"
  fi
  printf '  %-34s %15s %15s\n' "CPU: wireladder-cli / bare loop" \
    "$(cell conv "$(ratio "${CPU_conv:-0}" "$CPU_loop")x")" \
    "$(cell tcp "$(ratio "${CPU_tcp:-0}" "$CPU_loop")x")"
  if [ -n "$BASE" ] && ok base_conv && ok base_tcp; then
    echo "  baseline (WL_CLI_BASE), same runs:"
    if ok tshark; then
      printf '  %-34s %15s %15s\n' "tshark / baseline" \
        "$(ratio "$BEST_tshark" "$BEST_base_conv")x" "$(ratio "$BEST_tshark" "$BEST_base_tcp")x"
      printf '  %-34s %15s %15s\n' "CPU: tshark / baseline" \
        "$(ratio "$CPU_tshark" "$CPU_base_conv")x" "$(ratio "$CPU_tshark" "$CPU_base_tcp")x"
    fi
    printf '  %-34s %15s %15s\n' "baseline / bare loop" \
      "$(ratio "$BEST_base_conv" "$BEST_loop")x" "$(ratio "$BEST_base_tcp" "$BEST_loop")x"
  fi
fi

# Instruction counts: machine-independent, for comparing changes.
if [ -n "${BENCH_CALLGRIND:-}" ] && command -v valgrind >/dev/null && [ $HAVE_CLI = 1 ]; then
  SMALL=$OUT/bench-$SHAPE-$BENCH_CALLGRIND.pcap
  if [ ! -s "$SMALL" ] && [ -n "$GEN" ] && [ -x "$GEN" ]; then
    "$GEN" -n "$BENCH_CALLGRIND" --shape "$SHAPE" -o "$SMALL.tmp" >/dev/null && mv "$SMALL.tmp" "$SMALL"
  fi
  irs () { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
             | awk '/Collected/ { print $NF }'; }
  echo
  echo "instructions (callgrind) on $BENCH_CALLGRIND packets:"
  printf '  %-52s %15s\n' "bare libpcap loop" "$(irs "$LOOP" "$SMALL")"
  printf '  %-52s %15s\n' "wireladder-cli conversations --json" "$(irs "$CLI" conversations --json "$SMALL")"
  printf '  %-52s %15s\n' "wireladder-cli tcp --json" "$(irs "$CLI" tcp --json "$SMALL")"
  if [ -n "$BASE" ]; then
    printf '  %-52s %15s\n' "baseline conversations" "$(irs "$BASE" conversations "$SMALL")"
    printf '  %-52s %15s\n' "baseline tcp" "$(irs "$BASE" tcp "$SMALL")"
  fi
fi

if [ $STATUS -ne 0 ]; then
  exit $STATUS
fi
[ $HAVE_CLI = 1 ] || exit 77
exit 0
