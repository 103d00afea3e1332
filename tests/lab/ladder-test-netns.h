/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-netns.h: run a test case in a fresh user + network namespace.
 *
 * The endpoint and sockdiag tests need a network of their own: a new
 * network namespace has only a loopback interface, no other traffic and no
 * other sockets.  Unprivileged users get one through a user namespace
 * (CLONE_NEWUSER | CLONE_NEWNET), where they hold CAP_NET_RAW and
 * CAP_NET_ADMIN over it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Why a namespace cannot be made here (newly allocated), or NULL when it
 * can.  Tried once in a forked child, then remembered. */
char    *ladder_test_netns_unavailable (void);

/* Call first in a test case.  In the test process it reruns the case in a
 * subprocess (g_test_trap_subprocess), asserts that it passed, and returns
 * FALSE; or skips with the reason when namespaces are unavailable.  In that
 * subprocess it enters a new namespace with the loopback up and returns
 * TRUE: the case goes on there. */
gboolean ladder_test_netns_isolate (void);

/* unshare() into a new user + network namespace (a new network namespace
 * alone for root without user namespaces) and bring up lo. */
gboolean ladder_test_netns_enter (char **reason);

G_END_DECLS
