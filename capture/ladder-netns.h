/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-netns.h: network namespaces owned by processes, for the lab.
 *
 * The lab's process (the runner) first moves itself into a namespace of
 * its own with ladder_netns_enter_lab(): as root a new network namespace,
 * otherwise a new user namespace (in which it is root) plus a network
 * namespace.  Each lab host is then a network namespace created by a small
 * holder process the runner forks; the runner keeps a file descriptor on it
 * and setns()es its own (single) thread in and out to configure links,
 * open capture handles and start endpoints there.
 *
 * Nothing is bind-mounted (no /run/netns): the namespaces live exactly as
 * long as the processes and descriptors that hold them.  Every holder has
 * PR_SET_PDEATHSIG, so when the runner dies in any way (exit, error, signal,
 * SIGKILL) the holders die with it and the kernel frees the namespaces.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef struct _LadderNetns LadderNetns;

/* Whether the calling process could enter a lab, tried in a child process
 * so the caller is left as it was: two namespaces joined by a veth pair.
 * On FALSE the error (LADDER_LAB_ERROR_UNAVAILABLE) says what blocks it and
 * how to allow it.  NETEM (may be NULL) tells whether tc netem exists. */
gboolean ladder_netns_probe (gboolean *netem, GError **error);
/* The same with a user namespace even as root: whether the unprivileged
 * path (`--userns`, an ordinary user) works here.  A chroot, for one, may
 * allow plain network namespaces to root and refuse user namespaces. */
gboolean ladder_netns_probe_userns (GError **error);

/* Moves the calling process into the lab's own namespaces.  The caller must
 * be single-threaded (unshare(CLONE_NEWUSER) refuses otherwise).  With
 * FORCE_USERNS a user namespace is made even as root (for tests of the
 * unprivileged path).  Once only per process. */
gboolean ladder_netns_enter_lab (gboolean force_userns, GError **error);
/* TRUE once enter_lab made a user namespace. */
gboolean ladder_netns_in_userns (void);

/* Forks a holder process that creates a new network namespace, named NAME
 * in its process name ("wl-ns-NAME").  Loopback is brought up. */
LadderNetns *ladder_netns_new  (const char *name, GError **error);
/* Ends the holder and closes the descriptor: the namespace goes away once
 * nothing else (endpoint processes, sockets) is in it. */
void         ladder_netns_free (LadderNetns *ns);

const char  *ladder_netns_get_name  (LadderNetns *ns);
int          ladder_netns_get_fd    (LadderNetns *ns);
pid_t        ladder_netns_get_pid   (LadderNetns *ns);
/* The namespace's inode number (as in /proc/PID/ns/net -> net:[INODE]). */
guint64      ladder_netns_get_inode (LadderNetns *ns);

/* Moves the calling thread into NS, or back to the runner's own namespace
 * when NS is NULL. */
gboolean     ladder_netns_switch (LadderNetns *ns, GError **error);

/* Writes VALUE to /proc/sys/PATH as seen from the calling thread's network
 * namespace ("net/ipv4/ip_forward"). */
gboolean     ladder_netns_sysctl (const char *path, const char *value, GError **error);

/* Closes every descriptor >= 3 except KEEP (-1: none); for children
 * between fork and exec. */
void         ladder_netns_close_fds_except (int keep);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderNetns, ladder_netns_free)

G_END_DECLS
