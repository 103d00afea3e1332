/* SPDX-License-Identifier: GPL-3.0-or-later */
/* draw-fixtures.h: captures for the diagram tests.
 *
 * Besides the recorded fixtures (tests/data), two lab-like captures built
 * in memory from them: every packet seen on several links, as the lab
 * records it, plus the socket calls and kernel socket states the lab's
 * endpoints would have logged.
 */
#pragma once

#include "ladder-capture.h"

G_BEGIN_DECLS

/* tests/data/NAME loaded into a capture; fails the test if it cannot be read. */
LadderCapture *draw_fixture_load (const char *name);

/* tests/draw/data/NAME: captures recorded by `wireladder-cli lab run`
 * (every link, socket calls, kernel socket states). */
LadderCapture *draw_fixture_load_recorded (const char *name);

/* tcp-echo-v4 on a client–r1–r2–server lab path: each packet seen on the
 * three links (TTL falling, 40 µs per hop), with the client's and server's
 * socket calls and their sockets' kernel states.  With WRONG_STATE, one
 * kernel sample contradicts the wire (a client socket in SYN_RECEIVED while
 * data flows). */
LadderCapture *draw_fixture_lab_echo (gboolean wrong_state);

/* traceroute-udp-v4 on a client–r1–r2–r3–server path: each probe seen on
 * every link it crosses, its TTL one lower on each. */
LadderCapture *draw_fixture_lab_traceroute (void);

/* Where test artifacts (exports, screenshots) go: $LADDER_ARTIFACT_DIR or
 * the build directory's draw-artifacts/. Created on first use. */
const char *draw_fixture_artifact_dir (void);

G_END_DECLS
