#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Gives the installed wireladder-capture CAP_NET_RAW (and nothing else), as
# Debian gives Wireshark's dumpcap, where the installing user may.  Never
# fails the install: without it `wireladder-cli run-here` says what is
# missing and how to grant it.  $1: its path relative to the prefix.
target="${MESON_INSTALL_DESTDIR_PREFIX}/$1"
if [ -n "${DESTDIR}" ]; then
  echo "wireladder-capture: staged install; the package must run: setcap cap_net_raw+ep ${MESON_INSTALL_PREFIX}/$1"
  exit 0
fi
if command -v setcap >/dev/null 2>&1 && setcap cap_net_raw+ep "${target}" 2>/dev/null; then
  echo "wireladder-capture: CAP_NET_RAW set on ${target}"
else
  echo "wireladder-capture: could not set CAP_NET_RAW on ${target}; run: sudo setcap cap_net_raw+ep ${target}"
fi
exit 0
