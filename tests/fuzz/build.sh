#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer harnesses in tests/fuzz/ against build-fuzz's
# sanitized static libraries.  Run from the top of the tree; see README.md.
set -eu
B=${1:-build-fuzz}
if [ ! -f "$B/build.ninja" ]; then
  CC=clang meson setup "$B" -Db_sanitize=address,undefined -Db_lundef=false \
    "-Dc_args=-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined" -Dapp=false
fi
ninja -C "$B" -j2 src/core/libladder-core.a capture/format/libladder-format.a capture/libladder-capture.a \
  src/draw/libladder-draw.a
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Isrc/core -Icapture -Icapture/format"
LIBS="$B/capture/libladder-capture.a $B/capture/format/libladder-format.a $B/src/core/libladder-core.a
      $(pkg-config --libs gio-2.0 gio-unix-2.0 glib-2.0 libpcap libmnl) -lm"
GLIB_CFLAGS=$(pkg-config --cflags gio-2.0 gio-unix-2.0 glib-2.0)
mkdir -p "$B/fuzz"
for h in decode reader events lab-protocol analysis pcapng-roundtrip filter; do
  # shellcheck disable=SC2086
  clang $CFLAGS $GLIB_CFLAGS tests/fuzz/fuzz-$h.c $LIBS -o "$B/fuzz/fuzz-$h"
done
# The story, sockets, spotlight and save harness also needs the drawing library.
# shellcheck disable=SC2086
clang $CFLAGS $GLIB_CFLAGS -Isrc/draw $(pkg-config --cflags pangocairo) tests/fuzz/fuzz-story.c \
  "$B/src/draw/libladder-draw.a" $LIBS $(pkg-config --libs pangocairo) -o "$B/fuzz/fuzz-story"
# The endpoints' ICMP parser is plain C, built on its own.
clang $CFLAGS -D_GNU_SOURCE -Icapture/endpoints tests/fuzz/fuzz-ep-icmp.c \
  capture/endpoints/ladder-ep-icmp.c -o "$B/fuzz/fuzz-ep-icmp"
echo "harnesses in $B/fuzz/"
