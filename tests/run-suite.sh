#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The whole test suite: the plain build and the address/undefined-behaviour
# sanitizer build, each running every unit test.  Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
passed=0; failed=0; skipped=0

run_build () {
  local dir=$1; shift
  if [ -d "$dir" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null || return 1
  else
    meson setup "$dir" "$@" >/dev/null || return 1
  fi
  meson compile -C "$dir" || return 1
  # The GUI tests need a display; xvfb-run provides one where installed.
  local runner=()
  if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
    runner=(xvfb-run -a -s "-screen 0 1920x1080x24")
  fi
  # Timeouts guard against hangs; the sanitizer build runs about three
  # times slower, so it gets three times as long (TIMEOUT_MULTIPLIER).
  "${runner[@]}" meson test -C "$dir" --suite unit --print-errorlogs --num-processes 2 \
    --timeout-multiplier "${TIMEOUT_MULTIPLIER:-1}"
}

count () {
  local log=$1/meson-logs/testlog.json
  [ -f "$log" ] || return
  read -r p f s < <(python3 - "$log" <<'PY'
import json, sys
p = f = s = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): p += 1
    elif r == "SKIP": s += 1
    else: f += 1
print(p, f, s)
PY
)
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
}

echo "== plain build"
run_build build-tests || status=1
count build-tests
echo "== sanitizer build (address, undefined, leaks)"
# LeakSanitizer is on for every test; the GUI and drawing tests name the
# process-lifetime caches of fontconfig, Pango and GTK in their own
# suppression files (tests/app/lsan.supp, tests/draw/lsan.supp).
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 TIMEOUT_MULTIPLIER=3 \
  run_build build-asan -Db_sanitize=address,undefined -Db_lundef=false || status=1
count build-asan

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || status=1
exit $status
