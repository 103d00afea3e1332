/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-live.c: several libpcap handles polled together (see the header). */

#include "ladder-live.h"

#include <pcap/pcap.h>

#include "ladder-lab-client.h"

#define LIVE_SNAPLEN 262144
#define LIVE_BUFFER  (4 * 1024 * 1024)

typedef struct
{
  pcap_t  *pcap;
  int      fd;
  guint32  linktype;
  guint    index;
  /* for the dispatch callback */
  LadderLivePacketFunc func;
  gpointer user_data;
} Handle;

struct _LadderLive
{
  GPtrArray *handles;
};

static void
handle_free (gpointer data)
{
  Handle *handle = data;

  pcap_close (handle->pcap);
  g_free (handle);
}

LadderLive *
ladder_live_new (void)
{
  LadderLive *live = g_new0 (LadderLive, 1);

  live->handles = g_ptr_array_new_with_free_func (handle_free);
  return live;
}

void
ladder_live_free (LadderLive *live)
{
  if (live == NULL)
    return;
  g_ptr_array_unref (live->handles);
  g_free (live);
}

static gboolean
pcap_check (pcap_t *pcap, int ret, const char *ifname, const char *what, GError **error)
{
  if (ret == 0)
    return TRUE;
  g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED, "Capturing on %s: %s: %s",
               ifname, what, ret == PCAP_ERROR ? pcap_geterr (pcap) : pcap_statustostr (ret));
  return FALSE;
}

/* Creates and activates the handle in the current namespace. */
static pcap_t *
open_handle (const char *ifname, GError **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t *pcap = pcap_create (ifname, errbuf);
  int ret;

  if (pcap == NULL)
    {
      g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                   "Capturing on %s: %s", ifname, errbuf);
      return NULL;
    }
  if (!pcap_check (pcap, pcap_set_snaplen (pcap, LIVE_SNAPLEN), ifname, "snaplen", error)
      || !pcap_check (pcap, pcap_set_immediate_mode (pcap, 1), ifname, "immediate mode", error)
      || !pcap_check (pcap, pcap_set_buffer_size (pcap, LIVE_BUFFER), ifname, "buffer", error)
      || !pcap_check (pcap, pcap_set_tstamp_precision (pcap, PCAP_TSTAMP_PRECISION_NANO),
                      ifname, "nanosecond timestamps", error))
    {
      pcap_close (pcap);
      return NULL;
    }
  ret = pcap_activate (pcap);
  /* Warnings (ret > 0) still leave a working handle. */
  if ((ret < 0 && !pcap_check (pcap, ret, ifname, "activate", error))
      || !pcap_check (pcap, pcap_setnonblock (pcap, 1, errbuf) < 0 ? PCAP_ERROR : 0,
                      ifname, "non-blocking mode", error))
    {
      pcap_close (pcap);
      return NULL;
    }
  return pcap;
}

int
ladder_live_add (LadderLive *live, LadderNetns *ns, const char *ifname, GError **error)
{
  return ladder_live_add_full (live, ns, ifname, FALSE, error);
}

int
ladder_live_add_full (LadderLive *live, LadderNetns *ns, const char *ifname, gboolean inbound,
                      GError **error)
{
  Handle *handle;
  pcap_t *pcap;

  g_return_val_if_fail (live != NULL && ifname != NULL, -1);

  if (ns != NULL && !ladder_netns_switch (ns, error))
    return -1;
  pcap = open_handle (ifname, error);
  if (pcap != NULL && inbound
      && !pcap_check (pcap, pcap_setdirection (pcap, PCAP_D_IN), ifname, "direction", error))
    g_clear_pointer (&pcap, pcap_close);
  if (ns != NULL && !ladder_netns_switch (NULL, pcap != NULL ? error : NULL))
    {
      if (pcap != NULL)
        pcap_close (pcap);
      return -1;
    }
  if (pcap == NULL)
    return -1;
  handle = g_new0 (Handle, 1);
  handle->pcap = pcap;
  handle->fd = pcap_get_selectable_fd (pcap);
  handle->linktype = pcap_datalink (pcap);
  handle->index = live->handles->len;
  g_ptr_array_add (live->handles, handle);
  return handle->index;
}

guint
ladder_live_get_n_handles (LadderLive *live)
{
  return live->handles->len;
}

int
ladder_live_get_fd (LadderLive *live, guint index)
{
  g_return_val_if_fail (index < live->handles->len, -1);

  return ((Handle *) live->handles->pdata[index])->fd;
}

guint32
ladder_live_get_linktype (LadderLive *live, guint index)
{
  g_return_val_if_fail (index < live->handles->len, 0);

  return ((Handle *) live->handles->pdata[index])->linktype;
}

guint32
ladder_live_get_snaplen (LadderLive *live, guint index)
{
  g_return_val_if_fail (index < live->handles->len, 0);

  return pcap_snapshot (((Handle *) live->handles->pdata[index])->pcap);
}

static void
on_packet (u_char *user, const struct pcap_pkthdr *hdr, const u_char *bytes)
{
  Handle *handle = (Handle *) user;
  /* Nanosecond precision: tv_usec holds nanoseconds. */
  gint64 ts = (gint64) hdr->ts.tv_sec * G_GINT64_CONSTANT (1000000000) + hdr->ts.tv_usec;

  handle->func (handle->index, ts, bytes, hdr->caplen, hdr->len, handle->user_data);
}

int
ladder_live_dispatch (LadderLive *live, guint index, LadderLivePacketFunc func,
                      gpointer user_data, GError **error)
{
  Handle *handle;
  int n;

  g_return_val_if_fail (live != NULL && index < live->handles->len, -1);

  handle = live->handles->pdata[index];
  handle->func = func;
  handle->user_data = user_data;
  n = pcap_dispatch (handle->pcap, -1, on_packet, (u_char *) handle);
  if (n < 0)
    g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_FAILED,
                 "Capture failed: %s", pcap_geterr (handle->pcap));
  return n;
}

/* ps_ifdrop is left out: libpcap reads it from sysfs by interface name,
 * which names the runner's namespace, not the link's. */
static guint64
sum_stats (LadderLive *live, gboolean drops)
{
  guint64 total = 0;

  for (guint i = 0; i < live->handles->len; i++)
    {
      Handle *handle = live->handles->pdata[i];
      struct pcap_stat st = { 0 };

      if (pcap_stats (handle->pcap, &st) == 0)
        total += drops ? st.ps_drop : st.ps_recv;
    }
  return total;
}

guint64
ladder_live_get_drops (LadderLive *live)
{
  return sum_stats (live, TRUE);
}

guint64
ladder_live_get_received (LadderLive *live)
{
  return sum_stats (live, FALSE);
}
