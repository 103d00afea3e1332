/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wireladder-capture: captures this machine's interfaces, for
 * `wireladder-cli run-here` ("this machine" as a target, outside the lab).
 *
 *   wireladder-capture [-i IFACE]...          pcapng on standard output
 *
 * The only Wireladder program that needs a privilege, and it needs one:
 * CAP_NET_RAW, to open packet sockets.  `meson install` gives it that as a
 * file capability (cap_net_raw+ep, as Debian gives Wireshark's dumpcap)
 * where the installing user may; the window and the CLI stay unprivileged
 * and start it.  It opens its handles first, then drops every capability
 * (root's too) before it reads a packet, so what parses the traffic holds
 * no privilege.
 *
 * Without -i: every interface that is up (pcap_findalldevs), except the
 * pseudo-devices "any", nflog, nfqueue, dbus, bluetooth and usbmon.  Each
 * interface is one pcapng interface.  Once every handle is open it writes
 * "ready" on standard error; it stops at end of file on standard input,
 * SIGINT or SIGTERM, writes "captured N packets, dropped D" there and exits
 * 0.  A handle that cannot be opened ends it with exit status 1 and
 * "error: MESSAGE", saying what privilege is missing and how to grant it.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <gio/gio.h>

#include "ladder-live.h"
#include "ladder-pcapng-writer.h"

#define MAX_IFACES 32

typedef struct
{
  LadderLive         *live;
  LadderPcapngWriter *writer;
  GError             *error;
} Capture;

static gboolean
pseudo_device (const char *name)
{
  static const char *const prefixes[] = { "any", "nflog", "nfqueue", "dbus", "bluetooth", "usbmon" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (name, prefixes[i]))
      return TRUE;
  return FALSE;
}

/* The interfaces that are up, NULL-terminated. */
static char **
default_interfaces (GError **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  pcap_if_t *all = NULL;

  if (pcap_findalldevs (&all, errbuf) < 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot list the interfaces: %s",
                        errbuf), NULL;
  for (pcap_if_t *dev = all; dev != NULL; dev = dev->next)
    if ((dev->flags & PCAP_IF_UP) && !pseudo_device (dev->name))
      g_strv_builder_add (names, dev->name);
  pcap_freealldevs (all);
  return g_strv_builder_end (names);
}

/* Every capability gone, for good: the handles are open. */
static void
drop_capabilities (void)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2] = { { 0 } };

  prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  if (syscall (SYS_capset, &header, data) < 0)
    g_printerr ("warning: cannot drop capabilities: %s\n", g_strerror (errno));
}

static gboolean
open_interfaces (Capture *capture, char **names, GError **error)
{
  if (names == NULL || names[0] == NULL)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no interface is up"), FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
      int index = ladder_live_add (capture->live, NULL, names[i], &local);

      if (index < 0)
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                            "cannot capture on %s: %s (wireladder-capture needs CAP_NET_RAW: "
                            "`sudo setcap cap_net_raw+ep %s`, which `meson install` does where "
                            "it may; or run as root)", names[i], local->message,
                            self != NULL ? self : "wireladder-capture"), FALSE;
      if (!ladder_pcapng_writer_add_interface (capture->writer,
                                               ladder_live_get_linktype (capture->live, index),
                                               ladder_live_get_snaplen (capture->live, index),
                                               names[i], "this machine (wireladder-capture)",
                                               NULL, error))
        return FALSE;
    }
  return TRUE;
}

static void
on_packet (guint index, gint64 ts_ns, const guint8 *data, guint32 caplen, guint32 wirelen,
           gpointer user_data)
{
  Capture *capture = user_data;

  if (capture->error == NULL)
    ladder_pcapng_writer_add_packet (capture->writer, index, ts_ns, data, caplen, wirelen,
                                     &capture->error);
}

/* Until standard input ends or a signal comes; FALSE on a write error. */
static gboolean
capture_loop (Capture *capture, int signal_fd)
{
  guint n = ladder_live_get_n_handles (capture->live);
  struct pollfd fds[MAX_IFACES + 2];

  fds[0] = (struct pollfd) { STDIN_FILENO, POLLIN, 0 };
  fds[1] = (struct pollfd) { signal_fd, POLLIN, 0 };
  for (guint i = 0; i < n; i++)
    fds[i + 2] = (struct pollfd) { ladder_live_get_fd (capture->live, i), POLLIN, 0 };
  while (capture->error == NULL)
    {
      char byte;

      if (poll (fds, n + 2, -1) < 0 && errno != EINTR)
        return FALSE;
      for (guint i = 0; i < n; i++)
        if (fds[i + 2].revents != 0
            && ladder_live_dispatch (capture->live, i, on_packet, capture, &capture->error) < 0)
          break;
      if (fds[1].revents != 0
          || ((fds[0].revents & (POLLIN | POLLHUP)) && read (STDIN_FILENO, &byte, 1) <= 0))
        break;
    }
  /* What the kernel still holds. */
  for (guint i = 0; i < n && capture->error == NULL; i++)
    ladder_live_dispatch (capture->live, i, on_packet, capture, &capture->error);
  return capture->error == NULL;
}

static int
signal_descriptor (void)
{
  sigset_t set;

  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  sigprocmask (SIG_BLOCK, &set, NULL);
  signal (SIGPIPE, SIG_IGN);
  return signalfd (-1, &set, SFD_CLOEXEC);
}

static int
fail (GError *error)
{
  g_printerr ("error: %s\n", error->message);
  g_error_free (error);
  return 1;
}

int
main (int argc, char **argv)
{
  g_auto(GStrv) interfaces = NULL;
  GOptionEntry entries[] = {
    { "interface", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &interfaces, "Capture on IFACE (repeat; default: every interface that is up)", "IFACE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- capture this machine's interfaces as pcapng on stdout");
  Capture capture = { 0 };
  GError *error = NULL;
  int signal_fd = signal_descriptor ();
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error);
  if (interfaces == NULL && (interfaces = default_interfaces (&error)) == NULL)
    return fail (error);
  if (g_strv_length (interfaces) > MAX_IFACES)
    return g_printerr ("error: at most %d interfaces\n", MAX_IFACES), 1;
  capture.live = ladder_live_new ();
  capture.writer = ladder_pcapng_writer_new (STDOUT_FILENO, FALSE, "Wireladder run-here", &error);
  if (capture.writer == NULL || !open_interfaces (&capture, interfaces, &error))
    return fail (error);
  drop_capabilities ();
  g_printerr ("ready\n");
  ok = capture_loop (&capture, signal_fd);
  g_printerr ("captured %" G_GUINT64_FORMAT " packets, dropped %" G_GUINT64_FORMAT "\n",
              ladder_pcapng_writer_get_n_packets (capture.writer),
              ladder_live_get_drops (capture.live));
  if (!ok)
    return fail (capture.error != NULL ? capture.error
                 : g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "poll: %s", g_strerror (errno)));
  ladder_pcapng_writer_free (capture.writer);
  ladder_live_free (capture.live);
  return 0;
}
