/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-netns.c: process-owned network namespaces (see ladder-netns.h). */

#define _GNU_SOURCE
#include "ladder-netns.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ladder-lab-client.h"
#include "ladder-netns-rtnl.h"

struct _LadderNetns
{
  char  *name;
  pid_t  pid;
  int    fd;        /* /proc/PID/ns/net */
  int    ctl;       /* write end of the holder's pipe: closing it ends the holder */
  guint64 inode;
};

static int home_fd = -1;
static gboolean in_userns;

/* Reads a small integer sysctl; -1 when the file is missing. */
static long
read_proc_long (const char *path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  return strtol (text, NULL, 10);
}

/* Says what blocks user namespaces here and how to allow it. */
static void
set_unavailable (GError **error, const char *what, int err)
{
  g_autoptr(GString) msg = g_string_new (NULL);

  g_string_append_printf (msg, "The lab cannot create its virtual network: %s failed (%s).",
                          what, g_strerror (err));
  if (read_proc_long ("/proc/sys/kernel/unprivileged_userns_clone") == 0)
    g_string_append (msg, " Unprivileged user namespaces are disabled "
                          "(kernel.unprivileged_userns_clone = 0); allow them with "
                          "`sysctl -w kernel.unprivileged_userns_clone=1`.");
  if (read_proc_long ("/proc/sys/user/max_user_namespaces") == 0)
    g_string_append (msg, " User namespaces are disabled (user.max_user_namespaces = 0); "
                          "allow them with `sysctl -w user.max_user_namespaces=10000`.");
  if (read_proc_long ("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
    g_string_append (msg, " AppArmor restricts unprivileged user namespaces "
                          "(kernel.apparmor_restrict_unprivileged_userns = 1, as on Ubuntu 24.04); "
                          "allow them for wireladder-lab-helper with an AppArmor profile granting "
                          "`userns,` or with `sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`.");
  if (err == ENOSPC && read_proc_long ("/proc/sys/user/max_user_namespaces") != 0)
    g_string_append (msg, " The user namespace limit (user.max_user_namespaces) is reached.");
  if (err == EINVAL)
    g_string_append (msg, " (The lab must be started from a single-threaded process.)");
  if (msg->str[msg->len - 1] != '`' && msg->str[msg->len - 1] != '.')
    g_string_append_c (msg, '.');
  if (geteuid () != 0 && err == EPERM && strstr (msg->str, "sysctl") == NULL)
    g_string_append (msg, " A seccomp filter or container runtime may forbid unshare(); "
                          "run the lab outside the container or allow unshare(CLONE_NEWUSER).");
  g_set_error_literal (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_UNAVAILABLE, msg->str);
}

static gboolean
write_file (const char *path, const char *text, GError **error)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  gssize len = strlen (text);
  gssize done;
  int err;

  if (fd < 0)
    {
      err = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   "Cannot open %s: %s", path, g_strerror (err));
      return FALSE;
    }
  done = write (fd, text, len);
  err = errno;
  close (fd);
  if (done != len)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   "Cannot write “%s” to %s: %s", g_strchomp (g_strdup (text)), path,
                   done < 0 ? g_strerror (err) : "short write");
      return FALSE;
    }
  return TRUE;
}

/* Maps our own uid and gid to root inside the new user namespace. */
static gboolean
map_root (uid_t uid, gid_t gid, GError **error)
{
  char line[64];

  if (!write_file ("/proc/self/setgroups", "deny", error))
    return FALSE;
  g_snprintf (line, sizeof line, "0 %u 1", (guint) uid);
  if (!write_file ("/proc/self/uid_map", line, error))
    return FALSE;
  g_snprintf (line, sizeof line, "0 %u 1", (guint) gid);
  return write_file ("/proc/self/gid_map", line, error);
}

gboolean
ladder_netns_enter_lab (gboolean force_userns, GError **error)
{
  uid_t uid = geteuid ();
  gid_t gid = getegid ();
  gboolean userns = force_userns || uid != 0;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (home_fd < 0, FALSE);

  if (unshare (userns ? CLONE_NEWUSER | CLONE_NEWNET : CLONE_NEWNET) < 0)
    {
      set_unavailable (error, userns ? "unshare(CLONE_NEWUSER | CLONE_NEWNET)"
                                     : "unshare(CLONE_NEWNET)", errno);
      return FALSE;
    }
  if (userns && !map_root (uid, gid, &local))
    {
      set_unavailable (error, local->message, EPERM);
      return FALSE;
    }
  in_userns = userns;
  home_fd = open ("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (home_fd < 0)
    {
      set_unavailable (error, "open(/proc/self/ns/net)", errno);
      return FALSE;
    }
  return TRUE;
}

gboolean
ladder_netns_in_userns (void)
{
  return in_userns;
}

/* Child of the probe: enter, make two hosts joined by a veth, look for
 * netem.  Reports "ok N" / "ok -" (netem or not) or the error message. */
static int
probe_child (int report, gboolean force_userns)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LadderNetns) a = NULL;
  g_autoptr(LadderNetns) b = NULL;
  const char *msg;
  gboolean netem = FALSE;

  if (!ladder_netns_enter_lab (force_userns, &error)
      || !(a = ladder_netns_new ("probe-a", &error))
      || !(b = ladder_netns_new ("probe-b", &error))
      || !ladder_netns_rtnl_veth_add ("veth-b", ladder_netns_get_fd (a),
                                      "veth-a", ladder_netns_get_fd (b), &error)
      || !ladder_netns_switch (a, &error))
    msg = error->message;
  else
    {
      netem = ladder_netns_rtnl_netem_available ("lo", NULL);
      msg = netem ? "ok N" : "ok -";
    }
  if (write (report, msg, strlen (msg)) < 0)
    return 3;
  return error != NULL ? 1 : 0;
}

static gboolean
run_probe (gboolean force_userns, gboolean *netem, GError **error)
{
  int fds[2];
  pid_t pid;
  int status = 0;
  char msg[2048];
  gssize n;

  if (pipe2 (fds, O_CLOEXEC) < 0)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                        "pipe: %s", g_strerror (errno)), FALSE;
  pid = fork ();
  if (pid == 0)
    {
      close (fds[0]);
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      _exit (probe_child (fds[1], force_userns));
    }
  close (fds[1]);
  n = pid < 0 ? -1 : read (fds[0], msg, sizeof msg - 1);
  close (fds[0]);
  if (pid > 0)
    while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
      ;
  msg[MAX (n, 0)] = '\0';
  if (pid > 0 && WIFEXITED (status) && WEXITSTATUS (status) == 0)
    {
      if (netem != NULL)
        *netem = strcmp (msg, "ok N") == 0;
      return TRUE;
    }
  g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_UNAVAILABLE, "%s",
               n > 0 ? msg : "The lab's namespace probe failed without a message");
  return FALSE;
}

gboolean
ladder_netns_probe (gboolean *netem, GError **error)
{
  return run_probe (FALSE, netem, error);
}

gboolean
ladder_netns_probe_userns (GError **error)
{
  return run_probe (TRUE, NULL, error);
}

void
ladder_netns_close_fds_except (int keep)
{
  if (keep < 3)
    {
      close_range (3, ~0U, 0);
      return;
    }
  if (keep > 3)
    close_range (3, keep - 1, 0);
  close_range (keep + 1, ~0U, 0);
}

/* The holder: own a network namespace until the runner lets go.  Only
 * async-signal-safe calls between fork and _exit. */
static void G_GNUC_NORETURN
holder_main (pid_t parent, int ctl, int report, const char *comm)
{
  int err = 0;
  char c;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    _exit (0);
  prctl (PR_SET_NAME, comm);
  if (unshare (CLONE_NEWNET) < 0)
    err = errno;
  if (write (report, &err, sizeof err) != sizeof err)
    _exit (1);
  close (report);
  if (err != 0)
    _exit (1);
  for (;;)
    {
      gssize n = read (ctl, &c, 1);
      if (n == 0 || (n < 0 && errno != EINTR))
        break;
    }
  _exit (0);
}

static gboolean
wait_holder (LadderNetns *ns, int report, GError **error)
{
  int err = -1;
  gssize n;
  g_autofree char *path = NULL;
  struct stat st;

  do
    n = read (report, &err, sizeof err);
  while (n < 0 && errno == EINTR);
  if (n != sizeof err || err != 0)
    {
      set_unavailable (error, "unshare(CLONE_NEWNET) for a lab host", n == sizeof err ? err : EPERM);
      return FALSE;
    }
  path = g_strdup_printf ("/proc/%d/ns/net", (int) ns->pid);
  ns->fd = open (path, O_RDONLY | O_CLOEXEC);
  if (ns->fd < 0 || fstat (ns->fd, &st) < 0)
    {
      set_unavailable (error, path, errno);
      return FALSE;
    }
  ns->inode = st.st_ino;
  return TRUE;
}

static gboolean
bring_up_loopback (LadderNetns *ns, GError **error)
{
  gboolean ok;

  if (!ladder_netns_switch (ns, error))
    return FALSE;
  ok = ladder_netns_rtnl_link_up ("lo", error);
  return ladder_netns_switch (NULL, ok ? error : NULL) && ok;
}

LadderNetns *
ladder_netns_new (const char *name, GError **error)
{
  g_autoptr(LadderNetns) ns = g_new0 (LadderNetns, 1);
  int ctl[2], report[2];
  char comm[16];
  pid_t parent = getpid ();

  g_return_val_if_fail (name != NULL, NULL);

  ns->name = g_strdup (name);
  ns->fd = ns->ctl = -1;
  g_snprintf (comm, sizeof comm, "wl-ns-%s", name);
  if (pipe2 (ctl, O_CLOEXEC) < 0 || pipe2 (report, O_CLOEXEC) < 0)
    return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                        "pipe: %s", g_strerror (errno)), NULL;
  ns->pid = fork ();
  if (ns->pid == 0)
    {
      close (ctl[1]);
      close (report[0]);
      holder_main (parent, ctl[0], report[1], comm);
    }
  close (ctl[0]);
  close (report[1]);
  ns->ctl = ctl[1];
  if (ns->pid < 0)
    {
      close (report[0]);
      return g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                          "fork: %s", g_strerror (errno)), NULL;
    }
  if (!wait_holder (ns, report[0], error))
    {
      close (report[0]);
      return NULL;
    }
  close (report[0]);
  if (!bring_up_loopback (ns, error))
    return NULL;
  return g_steal_pointer (&ns);
}

void
ladder_netns_free (LadderNetns *ns)
{
  if (ns == NULL)
    return;
  if (ns->fd >= 0)
    close (ns->fd);
  if (ns->ctl >= 0)
    close (ns->ctl);
  if (ns->pid > 0)
    {
      kill (ns->pid, SIGKILL);
      while (waitpid (ns->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    }
  g_free (ns->name);
  g_free (ns);
}

const char *
ladder_netns_get_name (LadderNetns *ns)
{
  return ns->name;
}

int
ladder_netns_get_fd (LadderNetns *ns)
{
  return ns->fd;
}

pid_t
ladder_netns_get_pid (LadderNetns *ns)
{
  return ns->pid;
}

guint64
ladder_netns_get_inode (LadderNetns *ns)
{
  return ns->inode;
}

gboolean
ladder_netns_switch (LadderNetns *ns, GError **error)
{
  int fd = ns != NULL ? ns->fd : home_fd;

  g_return_val_if_fail (fd >= 0, FALSE);

  if (setns (fd, CLONE_NEWNET) < 0)
    {
      int err = errno;
      g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                   "setns into %s: %s", ns != NULL ? ns->name : "the lab's namespace",
                   g_strerror (err));
      return FALSE;
    }
  return TRUE;
}

gboolean
ladder_netns_sysctl (const char *path, const char *value, GError **error)
{
  g_autofree char *full = g_build_filename ("/proc/sys", path, NULL);

  return write_file (full, value, error);
}
