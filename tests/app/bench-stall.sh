#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The main-loop stall benchmark: opens a 1M-packet capture in the window
# under Xvfb and prints the longest main-loop stall while reading,
# scrolling and filtering.  Figures only; fails only when the window
# cannot open the file.
#
#   tests/app/bench-stall.sh BENCH_STALL GEN_CAPTURE SCHEMA_DIR
#
# The capture (BENCH_PACKETS, default 1000000) is shared with the speed
# benchmark in BENCH_OUT (default tests/bench/out/, gitignored).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
STALL=$1 GEN=$2 SCHEMAS=$3
PACKETS=${BENCH_PACKETS:-1000000}
OUT=${BENCH_OUT:-$HERE/../bench/out}
FILE=$OUT/bench-$PACKETS.pcap

mkdir -p "$OUT"
if [ ! -s "$FILE" ]; then
  echo "generating $FILE ($PACKETS packets)"
  "$GEN" -n "$PACKETS" -o "$FILE.tmp" && mv "$FILE.tmp" "$FILE" || exit 1
fi
cat "$FILE" > /dev/null   # page cache: time the window, not the disk

export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$SCHEMAS GTK_A11Y=none NO_AT_BRIDGE=1 GDK_BACKEND=x11
runner=()
if [ -z "${DISPLAY:-}" ]; then
  if ! command -v xvfb-run >/dev/null; then
    echo "no DISPLAY and no xvfb-run: skipped"
    exit 77
  fi
  runner=(xvfb-run -a -s "-screen 0 1920x1080x24")
fi
# GTK 4.8 picks its GL renderer by default; under Xvfb that is Mesa's
# software rasteriser, which draws every frame on the CPU in the main thread.
# wireladder itself defaults to cairo (src/app/main.c says why); both are
# measured here, the first being the one to compare with that choice.
status=0
for renderer in cairo gl; do
  echo "bench-stall: $FILE, GSK renderer: $renderer"
  GSK_RENDERER=$renderer "${runner[@]}" "$STALL" "$FILE" 2> >(grep -v "session bus" >&2) || status=1
done
exit $status
