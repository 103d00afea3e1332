/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gen-capture.c: a deterministic synthetic capture for the benchmark.
 *
 * Writes a little-endian microsecond pcap (Ethernet) of -n packets made of
 * many interleaved TCP connections and some UDP exchanges, shaped like a
 * busy link: a pool of clients with ephemeral ports talking to a pool of
 * servers; handshakes with MSS, SACK-permitted, timestamps and window scale;
 * request/response exchanges of varied sizes with delayed ACKs; bulk
 * transfers; losses seen as duplicate ACKs with SACK followed by a fast
 * retransmission, and the odd timeout retransmission; closes by FIN in
 * either order, by RST, and refused connections (SYN answered by RST).
 * About 5% of connections reuse the 5-tuple of an earlier, finished one
 * with a fresh SYN and a new ISN.  UDP is DNS-like queries and answers.
 * IP, TCP and UDP checksums are computed, so nothing in the file is malformed.
 *
 *   gen-capture [-n PACKETS] [-s SEED] [--shape busy|real] -o FILE
 *
 * --shape real (issue 14, "Speed on real traffic") makes the mix of a
 * capture recorded on real traffic instead: many short flows (about eight
 * packets each, as in a recording of HTTP, DNS and UDP sessions), half of
 * them DNS lookups, most TCP connections one HTTP request and a response
 * of web-page sizes, 2000 servers, and a tail of long transfers.  That
 * stresses what costs per flow (tables, states, output) where the busy-link
 * shape stresses what costs per packet.
 *
 * A connection is first written out as a script of segments (one side's
 * view of the wire, as from a capture point near the client); the writer
 * then interleaves the scripts of a few hundred connections at once.
 */

#include <glib.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTIVE_FLOWS 384
#define N_CLIENTS    4000
#define N_SERVERS    64
#define N_SERVERS_REAL 2000
#define REUSE_RING   4096
#define MAX_FRAME    1514
#define MSS_V4       1448  /* 1500 - 20 (IPv4) - 20 (TCP) - 12 (timestamps) */
#define MSS_V6       1428

enum { C2S, S2C };
enum { TH_FIN = 0x01, TH_SYN = 0x02, TH_RST = 0x04, TH_PSH = 0x08, TH_ACK = 0x10 };
enum { OPT_NONE, OPT_SYN, OPT_TS, OPT_SACK };
enum { KIND_RR, KIND_BULK, KIND_REFUSED, KIND_UDP };

typedef struct
{
  guint32 seq;
  guint32 ack;
  guint32 sack_le;
  guint32 sack_re;
  guint16 len;
  guint8  dir;
  guint8  flags;
  guint8  opt;
  guint8  udp;
} Seg;

typedef struct
{
  guint8  v6;
  guint16 client;
  guint16 server;
  guint16 cport;
  guint16 sport;
} Tuple;

typedef struct
{
  Tuple    t;
  int      kind;
  Seg     *segs;
  guint    n_segs;
  guint    cap_segs;
  guint    next;
  guint32  snd[2];      /* next sequence number each direction */
  guint32  ts_base[2];  /* TSval offset of each endpoint */
  guint16  ip_id[2];
  guint16  mss;
  gboolean closed;      /* ended by FIN both ways or RST: reusable */
} Flow;

typedef struct
{
  guint64 s;
} Rng;

typedef struct
{
  FILE    *out;
  guint8  *buf;
  gsize    len;
  gsize    cap;
  guint64  packets;
  guint64  bytes;
  guint64  now_us;
  guint64  tcp_conns;
  guint64  udp_convs;
  guint64  reused;
  gboolean real;        /* --shape real */
  guint16  next_port[N_CLIENTS];
  Tuple    ring[REUSE_RING];
  guint    ring_len;
  guint    ring_head;
  Rng      rng;
} Gen;

static guint8 payload[MAX_FRAME];

/* splitmix64: small, fast and the same on every platform. */
static guint64
rng_next (Rng *r)
{
  guint64 z = (r->s += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static guint32
rng_below (Rng *r, guint32 n)
{
  return (guint32) (((rng_next (r) >> 32) * n) >> 32);
}

static guint32
rng_between (Rng *r, guint32 lo, guint32 hi)
{
  return lo + rng_below (r, hi - lo + 1);
}

static gboolean
rng_chance (Rng *r, double p)
{
  return (rng_next (r) >> 11) * (1.0 / 9007199254740992.0) < p;
}

/* ------------------------------------------------------------- scripts */

static Seg *
flow_push_raw (Flow *f, guint8 dir, guint8 flags, guint16 len, guint8 opt,
               guint32 seq, guint32 ack)
{
  Seg *s;

  if (f->n_segs == f->cap_segs)
    {
      f->cap_segs = MAX (16, f->cap_segs * 2);
      f->segs = g_renew (Seg, f->segs, f->cap_segs);
    }
  s = &f->segs[f->n_segs++];
  memset (s, 0, sizeof *s);
  s->dir = dir;
  s->flags = flags;
  s->len = len;
  s->opt = opt;
  s->seq = seq;
  s->ack = (flags & TH_ACK) ? ack : 0;
  return s;
}

/* The next segment in order from @dir, acknowledging all the other side sent. */
static Seg *
flow_push (Flow *f, guint8 dir, guint8 flags, guint16 len, guint8 opt)
{
  Seg *s = flow_push_raw (f, dir, flags, len, opt, f->snd[dir], f->snd[!dir]);

  f->snd[dir] += len + ((flags & (TH_SYN | TH_FIN)) ? 1 : 0);
  return s;
}

static void
script_handshake (Gen *g, Flow *f)
{
  flow_push (f, C2S, TH_SYN, 0, OPT_SYN);
  /* now and then the first SYN goes unanswered and is sent again */
  if (rng_chance (&g->rng, 0.004))
    flow_push_raw (f, C2S, TH_SYN, 0, OPT_SYN, f->snd[C2S] - 1, 0);
  flow_push (f, S2C, TH_SYN | TH_ACK, 0, OPT_SYN);
  flow_push (f, C2S, TH_ACK, 0, OPT_TS);
}

/* A segment lost after the capture point: the receiver's next ACKs repeat
 * the hole's left edge with a growing SACK block, then the sender fast
 * retransmits the hole and the receiver acknowledges everything. */
static guint32
script_loss (Gen *g, Flow *f, guint8 dir, guint32 remaining)
{
  guint32 hole = f->snd[dir];
  guint16 hole_len = MIN (remaining, f->mss);
  guint32 sent = hole_len;
  guint i;

  flow_push (f, dir, TH_ACK, hole_len, OPT_TS);
  for (i = 0; i < 3 && sent < remaining; i++)
    {
      guint16 n = MIN (remaining - sent, f->mss);
      Seg *dup;

      flow_push (f, dir, TH_ACK, n, OPT_TS);
      sent += n;
      dup = flow_push_raw (f, !dir, TH_ACK, 0, OPT_SACK, f->snd[!dir], hole);
      dup->sack_le = hole + hole_len;
      dup->sack_re = f->snd[dir];
    }
  flow_push_raw (f, dir, TH_ACK, hole_len, OPT_TS, hole, f->snd[!dir]);
  flow_push (f, !dir, TH_ACK, 0, OPT_TS);
  return sent;
}

/* @bytes from @dir in MSS-sized segments, ACKed every second segment. */
static void
script_data (Gen *g, Flow *f, guint8 dir, guint32 bytes)
{
  guint32 sent = 0;
  guint unacked = 0;

  while (sent < bytes)
    {
      guint32 left = bytes - sent;
      guint16 n = MIN (left, f->mss);

      if (left > 4u * f->mss && rng_chance (&g->rng, 0.004))
        {
          sent += script_loss (g, f, dir, left);
          unacked = 0;
          continue;
        }
      flow_push (f, dir, TH_ACK | (n == left ? TH_PSH : 0), n, OPT_TS);
      sent += n;
      /* a timeout retransmission of a segment that did arrive */
      if (rng_chance (&g->rng, 0.0008))
        flow_push_raw (f, dir, TH_ACK, n, OPT_TS, f->snd[dir] - n, f->snd[!dir]);
      if (++unacked == 2 || sent == bytes)
        {
          flow_push (f, !dir, TH_ACK, 0, OPT_TS);
          unacked = 0;
        }
    }
}

/* Web responses: mostly a page or an API answer under a segment, some
 * pages of a few kilobytes, now and then an image. */
static guint32
response_size_real (Gen *g, Flow *f)
{
  guint32 r = rng_below (&g->rng, 100);

  if (r < 75)
    return rng_between (&g->rng, 100, 1000);
  if (r < 96)
    return rng_between (&g->rng, 1500, 5000);
  return rng_between (&g->rng, 8192, 30720);
}

static guint32
response_size (Gen *g, Flow *f)
{
  if (g->real)
    return response_size_real (g, f);
  if (rng_chance (&g->rng, 0.75))
    return rng_between (&g->rng, 40, f->mss);
  return rng_between (&g->rng, 2, 10) * f->mss - rng_below (&g->rng, f->mss / 2);
}

static void
script_close (Gen *g, Flow *f)
{
  guint32 r = rng_below (&g->rng, 100);
  guint8 first = r < 60 ? C2S : S2C;

  if (r >= 93)
    {
      /* abortive close: no ACK of what came before is needed */
      flow_push (f, r < 97 ? C2S : S2C, TH_RST | TH_ACK, 0, OPT_NONE);
    }
  else if (r % 3 == 0)
    {
      flow_push (f, first, TH_FIN | TH_ACK, 0, OPT_TS);
      flow_push (f, !first, TH_ACK, 0, OPT_TS);
      flow_push (f, !first, TH_FIN | TH_ACK, 0, OPT_TS);
      flow_push (f, first, TH_ACK, 0, OPT_TS);
    }
  else
    {
      flow_push (f, first, TH_FIN | TH_ACK, 0, OPT_TS);
      flow_push (f, !first, TH_FIN | TH_ACK, 0, OPT_TS);
      flow_push (f, first, TH_ACK, 0, OPT_TS);
    }
  f->closed = TRUE;
}

static void
script_rr (Gen *g, Flow *f)
{
  guint n = g->real ? (rng_chance (&g->rng, 0.85) ? 1 : 2) : rng_between (&g->rng, 1, 4);
  guint i;

  script_handshake (g, f);
  for (i = 0; i < n; i++)
    {
      guint16 req = rng_chance (&g->rng, 0.9) ? rng_between (&g->rng, 60, 600)
                                               : rng_between (&g->rng, 600, f->mss);

      flow_push (f, C2S, TH_PSH | TH_ACK, req, OPT_TS);
      /* a slow server lets the delayed ACK go out before the answer */
      if (rng_chance (&g->rng, 0.3))
        flow_push (f, S2C, TH_ACK, 0, OPT_TS);
      script_data (g, f, S2C, response_size (g, f));
    }
  script_close (g, f);
}

static void
script_bulk (Gen *g, Flow *f)
{
  guint8 dir = rng_chance (&g->rng, 0.2) ? C2S : S2C;

  script_handshake (g, f);
  flow_push (f, C2S, TH_PSH | TH_ACK, rng_between (&g->rng, 60, 300), OPT_TS);
  script_data (g, f, dir, g->real ? rng_between (&g->rng, 20, 80) * f->mss
                                   : rng_between (&g->rng, 30, 300) * f->mss);
  script_close (g, f);
}

static void
script_refused (Gen *g, Flow *f)
{
  guint32 isn = f->snd[C2S];

  flow_push (f, C2S, TH_SYN, 0, OPT_SYN);
  flow_push_raw (f, S2C, TH_RST | TH_ACK, 0, OPT_NONE, 0, isn + 1);
  f->closed = TRUE;
}

#define DNS_QNAME     "\003www\007example\003org"
#define DNS_QUERY_LEN (12 + sizeof DNS_QNAME + 4)
#define DNS_RR_LEN    16

/* A DNS query and its answer, once or twice; seq carries the DNS id and
 * sack_le the number of answer records. */
static void
script_udp (Gen *g, Flow *f)
{
  guint n = rng_chance (&g->rng, 0.7) ? 1 : 2;
  guint i;

  for (i = 0; i < n; i++)
    {
      guint32 id = rng_below (&g->rng, 65536);
      guint32 answers = rng_between (&g->rng, 1, 8);
      Seg *s;

      s = flow_push_raw (f, C2S, 0, DNS_QUERY_LEN, OPT_NONE, id, 0);
      s->udp = 1;
      s = flow_push_raw (f, S2C, 0, DNS_QUERY_LEN + answers * DNS_RR_LEN, OPT_NONE, id, 0);
      s->udp = 1;
      s->sack_le = answers;
    }
}

/* ---------------------------------------------------------- new flows */

static const guint16 tcp_ports[] = { 443, 443, 443, 80, 80, 22, 8080, 993 };

static gboolean
take_reusable (Gen *g, Tuple *t)
{
  guint i;

  if (g->ring_len < REUSE_RING / 4)
    return FALSE;
  i = (g->ring_head + REUSE_RING - g->ring_len + rng_below (&g->rng, g->ring_len / 2))
      % REUSE_RING;
  if (g->ring[i].sport == 0)
    return FALSE;
  *t = g->ring[i];
  g->ring[i].sport = 0;  /* a tuple is reused once at most */
  return TRUE;
}

static void
new_tuple (Gen *g, Tuple *t, gboolean udp)
{
  guint16 *port;

  t->client = rng_below (&g->rng, N_CLIENTS);
  t->server = rng_below (&g->rng, g->real ? N_SERVERS_REAL : N_SERVERS);
  t->v6 = t->client % 10 == 0;  /* a tenth of the clients speak IPv6 */
  t->sport = udp ? 53 : tcp_ports[rng_below (&g->rng, G_N_ELEMENTS (tcp_ports))];
  /* sequential ephemeral ports per client, as Linux hands them out */
  port = &g->next_port[t->client];
  if (*port < 32768 || *port > 60900)
    *port = 32768 + rng_below (&g->rng, 2000);
  *port += 1 + rng_below (&g->rng, 8);
  t->cport = *port;
}

static void
flow_start (Gen *g, Flow *f)
{
  guint32 r = rng_below (&g->rng, 1000);

  f->n_segs = 0;
  f->next = 0;
  f->closed = FALSE;
  if (g->real)
    f->kind = r < 500 ? KIND_UDP : r < 530 ? KIND_REFUSED : r < 538 ? KIND_BULK : KIND_RR;
  else
    f->kind = r < 80 ? KIND_UDP : r < 110 ? KIND_REFUSED : r < 116 ? KIND_BULK : KIND_RR;
  if (f->kind != KIND_UDP && rng_chance (&g->rng, 0.05) && take_reusable (g, &f->t))
    g->reused++;
  else
    new_tuple (g, &f->t, f->kind == KIND_UDP);
  f->mss = f->t.v6 ? MSS_V6 : MSS_V4;
  f->snd[C2S] = (guint32) rng_next (&g->rng);
  f->snd[S2C] = (guint32) rng_next (&g->rng);
  f->ts_base[C2S] = (guint32) rng_next (&g->rng);
  f->ts_base[S2C] = (guint32) rng_next (&g->rng);
  f->ip_id[C2S] = (guint16) rng_next (&g->rng);
  f->ip_id[S2C] = (guint16) rng_next (&g->rng);

  switch (f->kind)
    {
    case KIND_UDP: script_udp (g, f); g->udp_convs++; return;
    case KIND_REFUSED: script_refused (g, f); break;
    case KIND_BULK: script_bulk (g, f); break;
    default: script_rr (g, f); break;
    }
  g->tcp_conns++;
}

static void
flow_finish (Gen *g, Flow *f)
{
  if (f->kind == KIND_UDP || !f->closed)
    return;
  g->ring[g->ring_head] = f->t;
  g->ring_head = (g->ring_head + 1) % REUSE_RING;
  g->ring_len = MIN (g->ring_len + 1, REUSE_RING);
}

/* -------------------------------------------------------------- output */

static void
put16 (guint8 *p, guint16 v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static void
put32 (guint8 *p, guint32 v)
{
  put16 (p, v >> 16);
  put16 (p + 2, v & 0xffff);
}

static void
put_le32 (guint8 *p, guint32 v)
{
  guint32 le = GUINT32_TO_LE (v);

  memcpy (p, &le, 4);
}

static void
host_addr (const Tuple *t, gboolean client, guint8 *p)
{
  guint idx = client ? t->client : t->server;

  if (t->v6)
    {
      static const guint8 pfx_c[] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01 };
      static const guint8 pfx_s[] = { 0x20, 0x01, 0x0d, 0xb8, 0x0f, 0x00 };

      memset (p, 0, 16);
      memcpy (p, client ? pfx_c : pfx_s, 6);
      put16 (p + 14, idx + 1);
    }
  else if (client)
    {
      static const guint8 pfx_c[] = { 10, 20 };

      memcpy (p, pfx_c, 2);
      p[2] = idx / 250;
      p[3] = 1 + idx % 250;
    }
  else
    {
      static const guint8 pfx_s[] = { 198, 51 };

      memcpy (p, pfx_s, 2);
      p[2] = 100 + idx / 250;
      p[3] = 1 + idx % 250;
    }
}

static gsize
write_tcp_options (const Seg *s, guint8 *p, guint32 tsval, guint32 tsecr, guint16 mss)
{
  static const guint8 syn_opts[] = { 2, 4, 0, 0, 4, 2, 8, 10 };
  gsize n = 0;

  if (s->opt == OPT_NONE)
    return 0;
  if (s->opt == OPT_SYN)
    {
      memcpy (p, syn_opts, sizeof syn_opts);
      put16 (p + 2, mss + 12);
      n = sizeof syn_opts;
    }
  else
    {
      p[n++] = 1;
      p[n++] = 1;
      p[n++] = 8;
      p[n++] = 10;
    }
  put32 (p + n, tsval);
  put32 (p + n + 4, tsecr);
  n += 8;
  if (s->opt == OPT_SYN)
    {
      memcpy (p + n, "\x01\x03\x03\x07", 4);  /* NOP, window scale 7 */
      n += 4;
    }
  else if (s->opt == OPT_SACK)
    {
      memcpy (p + n, "\x01\x01\x05\x0a", 4);
      put32 (p + n + 4, s->sack_le);
      put32 (p + n + 8, s->sack_re);
      n += 12;
    }
  return n;
}

static void
write_dns (const Seg *s, guint8 *p)
{
  guint8 *q = p + 12;
  guint32 i;

  put16 (p, s->seq);
  put16 (p + 2, s->dir == C2S ? 0x0100 : 0x8180);
  put16 (p + 4, 1);
  put16 (p + 6, s->dir == C2S ? 0 : s->sack_le);
  put32 (p + 8, 0);
  memcpy (q, DNS_QNAME, sizeof DNS_QNAME);
  q += sizeof DNS_QNAME;
  put32 (q, 0x00010001);  /* type A, class IN */
  q += 4;
  for (i = 0; s->dir == S2C && i < s->sack_le; i++, q += DNS_RR_LEN)
    {
      put16 (q, 0xc00c);    /* the name in the question */
      put32 (q + 2, 0x00010001);
      put32 (q + 6, 300);
      put16 (q + 10, 4);
      put32 (q + 12, 0xc6120000 | (s->seq & 0xfff) << 4 | i);
    }
}

static guint32
csum_add (guint32 sum, const guint8 *p, gsize len)
{
  gsize i;

  for (i = 0; i + 1 < len; i += 2)
    sum += (guint32) p[i] << 8 | p[i + 1];
  if (len & 1)
    sum += (guint32) p[len - 1] << 8;
  return sum;
}

static guint16
csum_fold (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

/* TCP/UDP checksum over the pseudo-header (RFC 9293 3.1, RFC 8200 8.1). */
static guint16
l4_checksum (const guint8 *src, const guint8 *dst, gsize addr_len, guint8 proto,
             const guint8 *l4, gsize l4_len)
{
  guint32 sum = 0;
  guint16 c;

  sum = csum_add (sum, src, addr_len);
  sum = csum_add (sum, dst, addr_len);
  sum += proto + (guint32) l4_len;
  c = csum_fold (csum_add (sum, l4, l4_len));
  return (proto == 17 && c == 0) ? 0xffff : c;
}

static void
flush_out (Gen *g)
{
  if (g->len && fwrite (g->buf, 1, g->len, g->out) != g->len)
    {
      g_printerr ("gen-capture: write failed: %s\n", g_strerror (errno));
      exit (1);
    }
  g->len = 0;
}

/* TCP or UDP header and payload at @l4; returns their length. */
static gsize
write_transport (Gen *g, Flow *f, const Seg *s, guint8 *l4)
{
  gboolean from_client = s->dir == C2S;
  guint32 now_ms = (guint32) (g->now_us / 1000);
  gsize hl;

  put16 (l4, from_client ? f->t.cport : f->t.sport);
  put16 (l4 + 2, from_client ? f->t.sport : f->t.cport);
  if (s->udp)
    {
      put16 (l4 + 4, 8 + s->len);
      put16 (l4 + 6, 0);
      write_dns (s, l4 + 8);
      return 8 + s->len;
    }
  hl = 20 + write_tcp_options (s, l4 + 20, f->ts_base[s->dir] + now_ms,
                               (s->flags & TH_ACK) ? f->ts_base[!s->dir] + now_ms - 1 : 0,
                               f->mss);
  put32 (l4 + 4, s->seq);
  put32 (l4 + 8, s->ack);
  l4[12] = (hl / 4) << 4;
  l4[13] = s->flags;
  put16 (l4 + 14, (s->flags & TH_SYN) ? 64240 : 502 + (s->seq & 0x3ff));
  put16 (l4 + 16, 0);
  put16 (l4 + 18, 0);
  memcpy (l4 + hl, payload, s->len);
  return hl + s->len;
}

/* IPv4 or IPv6 header at @l3, then the transport checksum; returns the
 * header's length. */
static gsize
write_ip (Flow *f, const Seg *s, guint8 *l3, guint8 *l4, gsize l4_len)
{
  gboolean from_client = s->dir == C2S;
  guint8 proto = s->udp ? 17 : 6;
  guint8 *sum = l4 + (s->udp ? 6 : 16);

  if (f->t.v6)
    {
      put32 (l3, 0x60000000 | ((f->t.cport * 2654435761u) & 0xfffff));
      put16 (l3 + 4, l4_len);
      l3[6] = proto;
      l3[7] = 64;
      host_addr (&f->t, from_client, l3 + 8);
      host_addr (&f->t, !from_client, l3 + 24);
      put16 (sum, l4_checksum (l3 + 8, l3 + 24, 16, proto, l4, l4_len));
      return 40;
    }
  l3[0] = 0x45;
  l3[1] = 0;
  put16 (l3 + 2, 20 + l4_len);
  put16 (l3 + 4, f->ip_id[s->dir]++);
  put16 (l3 + 6, 0x4000);  /* DF */
  l3[8] = from_client ? 64 : 52;
  l3[9] = proto;
  put16 (l3 + 10, 0);
  host_addr (&f->t, from_client, l3 + 12);
  host_addr (&f->t, !from_client, l3 + 16);
  put16 (l3 + 10, csum_fold (csum_add (0, l3, 20)));
  put16 (sum, l4_checksum (l3 + 12, l3 + 16, 4, proto, l4, l4_len));
  return 20;
}

static void
emit (Gen *g, Flow *f, const Seg *s)
{
  guint8 *rec, *frame, *l3, *l4;
  gsize l4_len, frame_len;

  if (g->cap - g->len < 16 + MAX_FRAME + 64)
    flush_out (g);
  rec = g->buf + g->len;
  frame = rec + 16;

  /* Ethernet: clients behind one router MAC, servers each their own */
  memcpy (frame, "\x02\x00\x5e\x00\x00\x01", 6);
  memcpy (frame + 6, "\x02\x00\x5e\x00\x00\x02", 6);
  frame[s->dir == C2S ? 5 : 11] = 0x10 + (f->t.server & 0x3f);
  put16 (frame + 12, f->t.v6 ? 0x86dd : 0x0800);
  l3 = frame + 14;
  l4 = l3 + (f->t.v6 ? 40 : 20);
  l4_len = write_transport (g, f, s, l4);
  frame_len = 14 + write_ip (f, s, l3, l4, l4_len) + l4_len;

  put_le32 (rec, (guint32) (g->now_us / G_USEC_PER_SEC));
  put_le32 (rec + 4, (guint32) (g->now_us % G_USEC_PER_SEC));
  put_le32 (rec + 8, frame_len);
  put_le32 (rec + 12, frame_len);
  g->len += 16 + frame_len;
  g->bytes += 16 + frame_len;
  g->packets++;
}

/* ---------------------------------------------------------------- main */

static void
write_header (Gen *g)
{
  guint8 h[24];

  put_le32 (h, 0xa1b2c3d4);
  h[4] = 2; h[5] = 0;   /* version 2.4, little-endian */
  h[6] = 4; h[7] = 0;
  put_le32 (h + 8, 0);
  put_le32 (h + 12, 0);
  put_le32 (h + 16, 262144);
  put_le32 (h + 20, 1);  /* LINKTYPE_ETHERNET */
  memcpy (g->buf, h, sizeof h);
  g->len = sizeof h;
}

/* Picks a flow at random and writes a short burst of its next segments;
 * time moves on by a jittered step after every packet. */
static void
generate (Gen *g, guint64 n_packets)
{
  g_autofree Flow *flows = g_new0 (Flow, ACTIVE_FLOWS);
  guint i;

  for (i = 0; i < ACTIVE_FLOWS; i++)
    flow_start (g, &flows[i]);
  while (g->packets < n_packets)
    {
      Flow *f = &flows[rng_below (&g->rng, ACTIVE_FLOWS)];
      guint burst = 1 + rng_below (&g->rng, 4);

      while (burst-- > 0 && g->packets < n_packets)
        {
          emit (g, f, &f->segs[f->next++]);
          g->now_us += 20 + rng_below (&g->rng, 140);
          if (f->next == f->n_segs)
            {
              flow_finish (g, f);
              flow_start (g, f);
              break;
            }
        }
    }
  for (i = 0; i < ACTIVE_FLOWS; i++)
    g_free (flows[i].segs);
}

int
main (int argc, char *argv[])
{
  gint64 n_packets = 1000000;
  gint64 seed = 20240601;
  g_autofree char *output = NULL;
  g_autofree char *shape = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "packets", 'n', 0, G_OPTION_ARG_INT64, &n_packets, "Number of packets (1000000)", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output pcap file", "FILE" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "PRNG seed", "SEED" },
    { "shape", 'S', 0, G_OPTION_ARG_STRING, &shape, "busy (a busy link, the default) or real (real traffic's many short flows)", "SHAPE" },
    { NULL }
  };
  Gen *g;
  guint i;

  context = g_option_context_new ("- write a synthetic benchmark capture");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gen-capture: %s\n", error->message);
      return 2;
    }
  if (output == NULL || n_packets <= 0
      || (shape != NULL && strcmp (shape, "busy") != 0 && strcmp (shape, "real") != 0))
    {
      g_printerr ("gen-capture: usage: gen-capture [-n PACKETS] [-s SEED] [--shape busy|real] -o FILE\n");
      return 2;
    }

  g = g_new0 (Gen, 1);
  g->rng.s = (guint64) seed;
  g->real = shape != NULL && strcmp (shape, "real") == 0;
  g->now_us = G_GUINT64_CONSTANT (1717236000) * G_USEC_PER_SEC;
  g->cap = 4 << 20;
  g->buf = g_malloc (g->cap);
  /* payload looks encrypted, as most of it is on a real link */
  for (i = 0; i < sizeof payload; i++)
    payload[i] = (guint8) rng_next (&g->rng);
  g->out = fopen (output, "wb");
  if (g->out == NULL)
    {
      g_printerr ("gen-capture: %s: %s\n", output, g_strerror (errno));
      return 1;
    }

  write_header (g);
  generate (g, (guint64) n_packets);
  flush_out (g);
  if (fclose (g->out) != 0)
    {
      g_printerr ("gen-capture: %s: %s\n", output, g_strerror (errno));
      return 1;
    }
  g_print ("%s: %" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT " bytes, "
           "%" G_GUINT64_FORMAT " TCP connections started (%" G_GUINT64_FORMAT
           " on a reused 5-tuple), %" G_GUINT64_FORMAT " UDP exchanges\n",
           output, g->packets, g->bytes + 24, g->tcp_conns, g->reused, g->udp_convs);
  g_free (g->buf);
  g_free (g);
  return 0;
}
