/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sockets.h: every socket of a lab capture, as the kernel kept it.
 *
 * Rebuilt from the lab's records (ladder-events.h): the kernel's socket
 * states (NETLINK_SOCK_DIAG samples and the endpoints' own reports) give
 * each socket its addresses, queues, owner and states; the socket calls
 * give what the samples come too late for: accept() hands the new
 * descriptor over, close() ends the owner's hold (unless a forked child
 * still holds it: fork() gives the child the parent's descriptors).  A
 * socket's TIME_WAIT after close() has no owner, as in `ss`.  Where the
 * tracepoint gave the states, the queue samples beside them
 * (ladder_capture_get_queue()) give the queues.  Each state change carries the
 * last packet at or before it, so a view can follow the packet list.
 *
 * ladder_sockets_table_at() answers what `ss -tuapn` would have printed in
 * each lab host at a packet's time.  GLib only.
 */
#pragma once

#include <glib.h>

#include "ladder-capture.h"
#include "ladder-json.h"

G_BEGIN_DECLS

typedef struct _LadderSockets LadderSockets;

/* One change of a socket's state or of the descriptor that holds it
 * (accept() taking a connection from the queue, close() letting go). */
typedef struct
{
  gint64      ts_ns;
  guint64     packet;     /* last packet at or before ts_ns; 0: before the first */
  guint8      state;      /* LadderTcpState; UDP/raw: CLOSED is unconnected */
  gboolean    gone;       /* the kernel freed the socket */
  gint32      fd;         /* its owner's descriptor from here on; -1: no process holds it */
  const char *source;     /* "kernel" (a state record), or the call: "accept", "close" */
} LadderSocketChange;

typedef struct
{
  guint       index;
  char        host[16];
  char        program[32];
  guint32     pid;
  gint32      fd;         /* the descriptor its owner held; -1: never seen */
  guint8      protocol;   /* 6, 17, 1, 58 */
  LadderAddr  local_addr;
  guint16     local_port;
  LadderAddr  peer_addr;
  guint16     peer_port;
  GArray     *changes;    /* LadderSocketChange, in time order */
} LadderSocket;

/* One line of `ss`: a socket as it was at some time. */
typedef struct
{
  const LadderSocket *socket;
  guint8              state;
  guint32             recv_q, send_q;
  gint32              fd;   /* -1: no process holds it (TIME_WAIT, after close) */
} LadderSocketRow;

/* Frames [1, N_FRAMES] and every call and state of CAPTURE. */
LadderSockets      *ladder_sockets_new            (LadderCapture *capture, guint64 n_frames);
void                ladder_sockets_free           (LadderSockets *sockets);
guint               ladder_sockets_get_n_sockets  (LadderSockets *sockets);
const LadderSocket *ladder_sockets_get_socket     (LadderSockets *sockets, guint index);
guint64             ladder_sockets_get_n_frames   (LadderSockets *sockets);
/* The time PACKET was captured (0 when out of range) and the first packet's. */
gint64              ladder_sockets_get_frame_time (LadderSockets *sockets, guint64 packet);

/* The sockets alive at PACKET's time (1..n), as `ss` lists them: by host
 * (hosts with a listening socket first), listening and unconnected sockets
 * first, then by creation.  A new array of LadderSocketRow. */
GArray *ladder_sockets_table_at (LadderSockets *sockets, guint64 packet);

/* The first socket recorded with this local and peer end; NULL if none. */
const LadderSocket *ladder_sockets_find (LadderSockets *sockets, guint8 protocol,
                                         const LadderAddr *local, guint16 local_port,
                                         const LadderAddr *peer, guint16 peer_port);
/* A socket bound to PORT at ADDR (or the wildcard address) and not
 * connected: a datagram server's or client's. */
const LadderSocket *ladder_sockets_find_bound (LadderSockets *sockets, guint8 protocol,
                                               const LadderAddr *addr, guint16 port);
/* The TCP socket that listened on PORT at ADDR (or the wildcard address). */
const LadderSocket *ladder_sockets_find_listener (LadderSockets *sockets, const LadderAddr *addr,
                                                  guint16 port);

/* ss's names: "ESTAB", "TIME-WAIT", "UNCONN" ... */
const char *ladder_socket_state_ss_name (guint8 state);
/* "10.0.4.2:7", "[fd00:4::2]:7", "0.0.0.0:*"; ADDR of family 0 prints as
 * the wildcard of FAMILY (4 or 6). */
char       *ladder_socket_format_endpoint (const LadderAddr *addr, guint16 port, guint8 family);
/* users:(("tcp-echo-server",pid=10551,fd=5)), or "" when no process holds it. */
char       *ladder_socket_row_format_process (const LadderSocketRow *row);

/* `ss -tuapn` text of ROWS, one table per host. */
void ladder_sockets_write_table_text (GArray *rows, GString *out);
void ladder_sockets_write_table_json (LadderSockets *sockets, guint64 packet, GArray *rows,
                                      LadderJson *json);
/* Every socket with its history. */
void ladder_sockets_write_text (LadderSockets *sockets, GString *out);
void ladder_sockets_write_json (LadderSockets *sockets, LadderJson *json);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderSockets, ladder_sockets_free)

G_END_DECLS
