/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-netns.c: test cases in a fresh user + network namespace. */

#define _GNU_SOURCE  /* unshare */
#include "ladder-test-netns.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static gboolean
write_file (const char *path, const char *text)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, text, strlen (text)) == (ssize_t) strlen (text);
  close (fd);
  return ok;
}

/* Ourselves as root of the new user namespace, so we hold its capabilities. */
static gboolean
map_ids (uid_t uid, gid_t gid, char **reason)
{
  g_autofree char *uid_map = g_strdup_printf ("0 %u 1\n", (unsigned) uid);
  g_autofree char *gid_map = g_strdup_printf ("0 %u 1\n", (unsigned) gid);

  write_file ("/proc/self/setgroups", "deny");
  if (!write_file ("/proc/self/uid_map", uid_map) || !write_file ("/proc/self/gid_map", gid_map))
    {
      *reason = g_strdup_printf ("cannot write the user namespace's id maps: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
loopback_up (char **reason)
{
  struct ifreq ifr;
  /* Not an AF_INET socket: its freeing waits for an RCU grace period, and
   * on a loaded machine it reached the inet_diag destroy group of a
   * sock_diag test opened after it (a phantom destroyed socket).  Interface
   * ioctls work on any socket. */
  int sock = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  gboolean ok;

  memset (&ifr, 0, sizeof ifr);
  g_strlcpy (ifr.ifr_name, "lo", sizeof ifr.ifr_name);
  ok = sock >= 0 && ioctl (sock, SIOCGIFFLAGS, &ifr) == 0;
  ifr.ifr_flags |= IFF_UP;
  ok = ok && ioctl (sock, SIOCSIFFLAGS, &ifr) == 0;
  if (!ok)
    *reason = g_strdup_printf ("cannot bring up lo in the new namespace: %s", g_strerror (errno));
  if (sock >= 0)
    close (sock);
  return ok;
}

gboolean
ladder_test_netns_enter (char **reason)
{
  uid_t uid = getuid ();
  gid_t gid = getgid ();

  if (unshare (CLONE_NEWUSER | CLONE_NEWNET) == 0)
    return map_ids (uid, gid, reason) && loopback_up (reason);
  int saved = errno;
  if (uid == 0 && unshare (CLONE_NEWNET) == 0)
    return loopback_up (reason);
  *reason = g_strdup_printf ("cannot create a user + network namespace (unshare: %s); user "
                             "namespaces may be disabled (user.max_user_namespaces, "
                             "kernel.unprivileged_userns_clone) or restricted by AppArmor "
                             "(kernel.apparmor_restrict_unprivileged_userns)",
                             g_strerror (saved));
  return FALSE;
}

char *
ladder_test_netns_unavailable (void)
{
  static gsize probed = 0;
  static char *reason = NULL;

  if (g_once_init_enter (&probed))
    {
      char buf[512] = "";
      int fds[2];
      pid_t pid;

      if (pipe (fds) < 0)
        g_error ("pipe: %s", g_strerror (errno));
      pid = fork ();
      if (pid == 0)
        {
          char *why = NULL;
          if (!ladder_test_netns_enter (&why))
            {
              ssize_t ignored = write (fds[1], why, strlen (why));
              (void) ignored;
            }
          _exit (0);
        }
      close (fds[1]);
      ssize_t n = read (fds[0], buf, sizeof buf - 1);
      close (fds[0]);
      waitpid (pid, NULL, 0);
      if (n > 0)
        {
          buf[n] = '\0';
          reason = g_strdup (buf);
        }
      g_once_init_leave (&probed, 1);
    }
  return g_strdup (reason);
}

gboolean
ladder_test_netns_isolate (void)
{
  g_autofree char *reason = NULL;

  if (g_test_subprocess ())
    {
      if (!ladder_test_netns_enter (&reason))
        g_error ("%s", reason);
      return TRUE;
    }
  reason = ladder_test_netns_unavailable ();
  if (reason != NULL)
    {
      g_test_skip (reason);
      return FALSE;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}
