/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-trace-sockdiag.c: one socket's state through NETLINK_SOCK_DIAG
 * (see the header; linux/inet_diag.h for the messages). */

#include "ladder-trace-sockdiag.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "ladder-tcp.h"

/* libmnl's own socket() and close() are not the wrapped ones: the query
 * never shows up among the endpoint's calls. */
static struct mnl_socket *diag;

static struct mnl_socket *
diag_socket (void)
{
  if (diag != NULL)
    return diag;
  diag = mnl_socket_open2 (NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
  if (diag != NULL && mnl_socket_bind (diag, 0, MNL_SOCKET_AUTOPID) < 0)
    {
      mnl_socket_close (diag);
      diag = NULL;
    }
  return diag;
}

/* include/net/tcp_states.h → LadderTcpState, as ladder_sockdiag_map_state()
 * maps them for the runner's samples (test-endpoints checks they agree). */
guint8
ladder_trace_sockdiag_map_state (guint8 kernel_state)
{
  static const guint8 map[13] = {
    LADDER_TCP_CLOSED, LADDER_TCP_ESTABLISHED, LADDER_TCP_SYN_SENT, LADDER_TCP_SYN_RECEIVED,
    LADDER_TCP_FIN_WAIT_1, LADDER_TCP_FIN_WAIT_2, LADDER_TCP_TIME_WAIT, LADDER_TCP_CLOSED,
    LADDER_TCP_CLOSE_WAIT, LADDER_TCP_LAST_ACK, LADDER_TCP_LISTEN, LADDER_TCP_CLOSING,
    LADDER_TCP_SYN_RECEIVED,
  };

  return kernel_state < G_N_ELEMENTS (map) ? map[kernel_state] : LADDER_TCP_CLOSED;
}

static int
on_reply (const struct nlmsghdr *nlh, void *data)
{
  LadderSocketState *state = data;
  const struct inet_diag_msg *msg = mnl_nlmsg_get_payload (nlh);

  if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY || mnl_nlmsg_get_payload_len (nlh) < sizeof *msg)
    return MNL_CB_ERROR;
  state->state = ladder_trace_sockdiag_map_state (msg->idiag_state);
  state->recv_q = msg->idiag_rqueue;
  state->send_q = msg->idiag_wqueue;
  return MNL_CB_OK;
}

static void
put_addr (__be32 words[4], const LadderAddr *addr)
{
  memcpy (words, addr->bytes, addr->family == 4 ? 4 : 16);
}

gboolean
ladder_trace_sockdiag_lookup (const LadderAddr *local, guint16 local_port,
                              const LadderAddr *peer, guint16 peer_port,
                              guint64 cookie, LadderSocketState *state)
{
  char buf[MNL_SOCKET_BUFFER_SIZE];
  struct nlmsghdr *nlh = mnl_nlmsg_put_header (buf);
  struct inet_diag_req_v2 *req;
  struct mnl_socket *nl = diag_socket ();
  ssize_t n;
  int saved = errno;
  gboolean found;

  g_return_val_if_fail (local != NULL && peer != NULL && state != NULL, FALSE);

  if (nl == NULL || (local->family != 4 && local->family != 6) || local->family != peer->family)
    return FALSE;
  nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
  nlh->nlmsg_flags = NLM_F_REQUEST;
  nlh->nlmsg_seq = (guint32) g_random_int ();
  req = mnl_nlmsg_put_extra_header (nlh, sizeof *req);
  req->sdiag_family = local->family == 4 ? AF_INET : AF_INET6;
  req->sdiag_protocol = IPPROTO_TCP;
  req->idiag_states = ~0u;
  req->id.idiag_sport = htons (local_port);
  req->id.idiag_dport = htons (peer_port);
  put_addr (req->id.idiag_src, local);
  put_addr (req->id.idiag_dst, peer);
  req->id.idiag_cookie[0] = cookie != 0 ? (guint32) cookie : INET_DIAG_NOCOOKIE;
  req->id.idiag_cookie[1] = cookie != 0 ? (guint32) (cookie >> 32) : INET_DIAG_NOCOOKIE;
  found = mnl_socket_sendto (nl, nlh, nlh->nlmsg_len) >= 0
          && (n = mnl_socket_recvfrom (nl, buf, sizeof buf)) > 0
          && mnl_cb_run (buf, (size_t) n, nlh->nlmsg_seq, mnl_socket_get_portid (nl),
                         on_reply, state) >= 0;
  /* The endpoint's errno is its own business. */
  errno = saved;
  return found;
}
