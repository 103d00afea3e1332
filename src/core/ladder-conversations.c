/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-conversations.c: the 5-tuple table, an open-addressing hash keyed
 * on the canonical (lower endpoint first) tuple.  One lookup per packet
 * serves both the conversation counters and the TCP analysis.
 *
 * Sized for captures with tens of thousands of connections: each slot
 * holds the hash next to the index, so a probe rarely touches a
 * conversation it does not want, and conversations and their TCP state
 * live in chunks that never move (no allocation per conversation, and the
 * pointers handed out stay valid).
 */
#include "ladder-conversations.h"

#include "ladder-cursor.h"

#include <string.h>

enum
{
  PROTO_ICMP = LADDER_IPPROTO_ICMP, PROTO_TCP = LADDER_IPPROTO_TCP,
  PROTO_UDP = LADDER_IPPROTO_UDP, PROTO_ICMPV6 = LADDER_IPPROTO_ICMPV6,
};

/* A conversation is found by its protocol and endpoints, either way
 * round: no key is stored beside pub's endpoints (conv_direction). */
typedef struct
{
  LadderConversation pub;
  /* First sequence number seen each way (tshark's base_seq), kept even
   * without TCP analysis so port reuse splits conversations the same way. */
  guint32            base_seq[2];
  guint8             base_set[2];
} Conv;

#define CHUNK_BITS 12
#define CHUNK_SIZE (1u << CHUNK_BITS)
/* The tables stay on ordinary pages.  Transparent huge pages were tried
 * for the TCP chunks and the slot table: 4 ms to fault in a million-packet
 * capture's 28 MB TCP table when run right after another process freed
 * its memory, but 67 to 79 ms after a few idle seconds on a virtual
 * machine whose host takes freed memory back (free page reporting), where
 * 4 KiB pages take 11 to 12 ms either way.  A command is mostly run once,
 * after idle. */
#define TCP_CHUNK_BYTES (2u * 1024 * 1024)

typedef struct
{
  guint32 hash;
  guint32 index1;       /* conversation index + 1; 0 = empty */
} Slot;

/* A frame's conversation hash and ports (ICMP: echo id), worked out once
 * per frame. */
typedef struct
{
  guint32 hash;
  guint16 sport, dport;
  guint8  proto;
} Probe;

struct _LadderConversations
{
  LadderConversationsFlags flags;
  GPtrArray *chunks;    /* Conv[CHUNK_SIZE] each, index order */
  GPtrArray *tcp_chunks;/* LadderTcpConn[TCP_CHUNK] each */
  guint32    n_convs;
  guint32    n_tcp;
  guint32    n_tcp_streams; /* TCP conversations, analysed or not */
  Slot      *slots;
  guint32    n_slots;   /* power of two */
  guint32    n_used;
  gboolean   have_origin;
  gint64     origin_ns;
  GHashTable *fragments; /* FragKey → Reassembly, datagrams still incomplete */
};

/* IP fragments are counted once, on the frame that completes the datagram,
 * with the transport header of the reassembled datagram: what tshark does
 * with reassembly on (its default).  Datagrams whose fragments all came
 * with their bytes are put back together and decoded again, so a TCP
 * header split across fragments is found; otherwise (no bytes, a fragment
 * cut by the capture) the first fragment's decode stands in.  An IPv6
 * datagram is rebuilt as an atomic fragment (RFC 6946): its unfragmentable
 * part and Fragment header, offset 0 and no more fragments, then the
 * whole fragmentable part. */
#define MAX_DATAGRAM 65535
typedef struct
{
  LadderAddr src, dst;
  guint32    id;
  guint8     version, proto;
  guint8     pad[2];
} FragKey;

typedef struct
{
  LadderPacket first;      /* the offset-0 fragment, once seen */
  gboolean     have_first;
  gboolean     have_last;
  guint32      total;      /* datagram payload length, known from the last fragment */
  guint32      received;   /* payload bytes seen (overlaps counted twice: rare) */
  gboolean     bytes_ok;   /* every fragment so far came with all its bytes (IPv4) */
  guint32      header_len;
  /* the first fragment's IPv4 header, or its IPv6 header up to and with
   * the Fragment header */
  guint8       header[256];
  GByteArray  *payload;    /* the datagram's payload, as far as it arrived */
} Reassembly;

static void
reassembly_free (gpointer p)
{
  Reassembly *r = p;

  g_byte_array_unref (r->payload);
  g_free (r);
}

#define IPV6_FRAGMENT_HEADER 44

/* Where the IPv6 Fragment header of the packet at DATA ends, walking the
 * extension headers from the fixed header; 0 when it is not found within
 * the packet's IP header. */
static guint32
ipv6_fragment_header_end (const LadderPacket *pkt, const guint8 *data)
{
  LadderCursor c;
  guint8 next = 0, len8 = 0;

  if (pkt->ip_off > pkt->caplen || pkt->ip_hdr_len > pkt->caplen - pkt->ip_off)
    return 0;
  ladder_cursor_init (&c, data + pkt->ip_off, pkt->ip_hdr_len);
  if (!ladder_cursor_peek_u8 (&c, 6, &next) || !ladder_cursor_skip (&c, 40))
    return 0;
  /* each turn skips at least 8 bytes of a header no longer than 256 */
  while (next != IPV6_FRAGMENT_HEADER)
    {
      guint8 type = next;
      if (!ladder_cursor_peek_u8 (&c, 0, &next) || !ladder_cursor_peek_u8 (&c, 1, &len8)
          || !ladder_cursor_skip (&c, type == LADDER_IPPROTO_AH ? ((gsize) len8 + 2) * 4 : ((gsize) len8 + 1) * 8))
        return 0;
    }
  if (!ladder_cursor_skip (&c, 8))
    return 0;
  return pkt->ip_off + (guint32) c.off;
}

/* The fragment's data: from *START, LEN bytes at its fragment offset.  An
 * IPv6 first fragment's data begins right after its Fragment header, which
 * extension headers may follow (they are part of the fragmentable part). */
static gboolean
fragment_data (const LadderPacket *pkt, const guint8 *data, guint32 *start, guint32 *len)
{
  guint32 end;

  *start = pkt->l4_off;
  *len = pkt->l4_len;
  if (pkt->ip_version != 6 || pkt->ip_frag_offset != 0)
    return TRUE;
  if ((end = ipv6_fragment_header_end (pkt, data)) == 0 || end > pkt->l4_off)
    return FALSE;
  *start = end;
  *len = pkt->l4_len + (pkt->l4_off - end);
  return TRUE;
}

/* The header the rebuilt datagram starts with, from the first fragment. */
static void
keep_header (Reassembly *r, const LadderPacket *pkt, const guint8 *data, guint32 data_start)
{
  guint32 len = pkt->ip_version == 6 ? data_start - pkt->ip_off : pkt->ip_hdr_len;

  if (pkt->ip_off <= pkt->caplen && len <= sizeof r->header && len <= pkt->caplen - pkt->ip_off)
    {
      memcpy (r->header, data + pkt->ip_off, len);
      r->header_len = len;
    }
}

/* Copies the fragment's bytes into place, or gives up on bytes for R. */
static void
collect_bytes (Reassembly *r, const LadderPacket *pkt, const guint8 *data)
{
  guint32 off = pkt->ip_frag_offset, start = 0, len = 0;

  if (!r->bytes_ok)
    return;
  if (data == NULL || (pkt->ip_version != 4 && pkt->ip_version != 6)
      || !fragment_data (pkt, data, &start, &len) || start > pkt->caplen
      || len > pkt->caplen - start || off > MAX_DATAGRAM || len > MAX_DATAGRAM - off)
    {
      r->bytes_ok = FALSE;
      return;
    }
  if (r->payload->len < off + len)
    {
      guint old = r->payload->len;
      g_byte_array_set_size (r->payload, off + len);
      memset (r->payload->data + old, 0, off + len - old);
    }
  /* An empty fragment adds no bytes (and the buffer may not exist yet). */
  if (len > 0)
    memcpy (r->payload->data + off, data + start, len);
  if (off == 0)
    keep_header (r, pkt, data, start);
}

/* Decodes the reassembled datagram into *WHOLE; FALSE when its bytes are
 * not all there or it shows no transport header. */
static gboolean
decode_datagram (const Reassembly *r, guint8 version, LadderPacket *whole)
{
  g_autofree guint8 *buf = NULL;
  guint32 len;

  if (!r->bytes_ok || r->header_len == 0 || r->payload->len < r->total
      || r->total > MAX_DATAGRAM - r->header_len)
    return FALSE;
  len = r->header_len + r->total;
  buf = g_malloc (len);
  memcpy (buf, r->header, r->header_len);
  if (r->total > 0)  /* an empty payload's buffer may have no data at all */
    memcpy (buf + r->header_len, r->payload->data, r->total);
  if (version == 4)
    {
      buf[2] = (guint8) (len >> 8);
      buf[3] = (guint8) len;
      buf[6] &= 0x40;  /* keep DF; no more fragments, offset 0 */
      buf[7] = 0;
    }
  else
    {
      if (r->header_len < 48 || len - 40 > G_MAXUINT16)
        return FALSE;
      buf[4] = (guint8) ((len - 40) >> 8);
      buf[5] = (guint8) (len - 40);
      buf[r->header_len - 6] = 0;  /* the Fragment header: offset 0, M 0 */
      buf[r->header_len - 5] = 0;
    }
  ladder_packet_decode (whole, version == 4 ? LADDER_LINKTYPE_IPV4 : LADDER_LINKTYPE_IPV6,
                        buf, len, len, NULL);
  return (whole->layers & (LADDER_LAYER_TCP | LADDER_LAYER_UDP | LADDER_LAYER_ICMP
                           | LADDER_LAYER_ICMPV6)) != 0;
}

static guint
frag_key_hash (gconstpointer p)
{
  const FragKey *k = p;
  return ladder_addr_hash (&k->src) ^ (ladder_addr_hash (&k->dst) * 31u) ^ k->id ^ ((guint) k->proto << 24);
}

static gboolean
frag_key_equal (gconstpointer a, gconstpointer b)
{
  const FragKey *x = a, *y = b;
  return x->id == y->id && x->version == y->version && x->proto == y->proto
         && ladder_addr_equal (&x->src, &y->src) && ladder_addr_equal (&x->dst, &y->dst);
}

static inline Conv *
conv_at (LadderConversations *self, guint32 index)
{
  Conv *chunk = g_ptr_array_index (self->chunks, index >> CHUNK_BITS);
  return &chunk[index & (CHUNK_SIZE - 1)];
}

/* TCP connections per chunk: as many as fill 2 MiB (5140 of 408 bytes). */
#define TCP_CHUNK ((guint32) (TCP_CHUNK_BYTES / sizeof (LadderTcpConn)))

static inline LadderTcpConn *
tcp_at (LadderConversations *self, guint32 index)
{
  LadderTcpConn *chunk = g_ptr_array_index (self->tcp_chunks, index / TCP_CHUNK);
  return &chunk[index % TCP_CHUNK];
}

static gpointer
chunk_new (gsize bytes)
{
  return g_aligned_alloc (1, bytes, 64);
}

static Slot *
slots_new (guint32 n)
{
  gsize bytes = (gsize) n * sizeof (Slot);
  Slot *slots = chunk_new (bytes);

  memset (slots, 0, bytes);
  return slots;
}

/* The table's memory is faulted in by the adding thread as it fills it,
 * not made ready ahead of need by another thread: in the CLI the other
 * thread is the one that reads and decodes, the slower of the two, and
 * its faulting the next chunks in made tcp --json slower (0.154 against
 * 0.138 s on the benchmark's real-traffic capture). */
static inline Conv *
next_conv (LadderConversations *self)
{
  guint32 n = self->n_convs;

  if ((n & (CHUNK_SIZE - 1)) == 0)
    g_ptr_array_add (self->chunks, chunk_new (CHUNK_SIZE * sizeof (Conv)));
  return conv_at (self, n);
}

static inline LadderTcpConn *
next_tcp (LadderConversations *self)
{
  guint32 n = self->n_tcp;

  if (n % TCP_CHUNK == 0)
    g_ptr_array_add (self->tcp_chunks, chunk_new (TCP_CHUNK * sizeof (LadderTcpConn)));
  return tcp_at (self, n);
}

LadderConversations *
ladder_conversations_new (LadderConversationsFlags flags)
{
  LadderConversations *self = g_new0 (LadderConversations, 1);

  self->flags = flags;
  self->chunks = g_ptr_array_new_with_free_func (g_aligned_free);
  self->tcp_chunks = g_ptr_array_new_with_free_func (g_aligned_free);
  self->n_slots = 1024;
  self->slots = slots_new (self->n_slots);
  self->fragments = g_hash_table_new_full (frag_key_hash, frag_key_equal, g_free, reassembly_free);
  return self;
}

void
ladder_conversations_free (LadderConversations *self)
{
  if (self == NULL)
    return;
  for (guint32 i = 0; i < self->n_tcp; i++)
    ladder_tcp_conn_clear (tcp_at (self, i));
  g_ptr_array_unref (self->chunks);
  g_ptr_array_unref (self->tcp_chunks);
  g_aligned_free (self->slots);
  g_hash_table_unref (self->fragments);
  g_free (self);
}

/* A hash of one endpoint.  Past an IPv4 address the bytes are zero. */
static inline guint64
endpoint_hash (const LadderAddr *addr, guint16 port)
{
  guint64 w0, w1;

  memcpy (&w0, addr->bytes, 8);
  memcpy (&w1, addr->bytes + 8, 8);
  return (w0 * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15))
         ^ (w1 * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F))
         ^ ((((guint64) addr->family << 16) | port) * G_GUINT64_CONSTANT (0x165667B19E3779F9));
}

/* A conversation's hash, the same whichever way its packet goes: the sum
 * of its endpoints' hashes.  So no canonical key (the lower endpoint
 * first) is built for each packet: building it was a tenth of the
 * analysis thread's samples in tcp --json (perf), and without it the
 * command took 0.125 s instead of 0.127 on the benchmark's real-traffic
 * capture. */
static inline guint32
conv_hash (guint8 proto, const LadderAddr *src, guint16 sport, const LadderAddr *dst, guint16 dport)
{
  guint64 h = endpoint_hash (src, sport) + endpoint_hash (dst, dport) + proto;

  h ^= h >> 32;
  h *= G_GUINT64_CONSTANT (0xD6E8FEB86659FD93);
  return (guint32) (h >> 32);
}

/* Word by word, inline: memcmp is a call per packet. */
static inline gboolean
addr_same (const LadderAddr *a, const LadderAddr *b)
{
  guint64 x0, x1, y0, y1;

  memcpy (&x0, a->bytes, 8);
  memcpy (&x1, a->bytes + 8, 8);
  memcpy (&y0, b->bytes, 8);
  memcpy (&y1, b->bytes + 8, 8);
  return ((x0 ^ y0) | (x1 ^ y1)) == 0 && a->family == b->family;
}

/* Whether the packet of PROBE (from SRC to DST) is CONV's: 0 when it goes
 * a → b, 1 when b → a, -1 when it is not CONV's.  Between two equal
 * endpoints it always goes a → b. */
static inline int
conv_direction (const Conv *conv, const Probe *probe, const LadderAddr *src, const LadderAddr *dst)
{
  const LadderConversation *c = &conv->pub;

  if (c->proto != probe->proto)
    return -1;
  if (c->a_port == probe->sport && c->b_port == probe->dport
      && addr_same (&c->a, src) && addr_same (&c->b, dst))
    return 0;
  if (c->a_port == probe->dport && c->b_port == probe->sport
      && addr_same (&c->a, dst) && addr_same (&c->b, src))
    return 1;
  return -1;
}

static void
grow (LadderConversations *self)
{
  guint32 n = self->n_slots * 2;
  Slot *slots = slots_new (n);

  for (guint32 i = 0; i < self->n_slots; i++)
    {
      Slot v = self->slots[i];
      if (v.index1 == 0)
        continue;
      guint32 j = v.hash & (n - 1);
      while (slots[j].index1 != 0)
        j = (j + 1) & (n - 1);
      slots[j] = v;
    }
  g_aligned_free (self->slots);
  self->slots = slots;
  self->n_slots = n;
}

/* The slot holding the current conversation of PROBE's packet (from SRC
 * to DST; *DIR its direction there), or the empty slot where it goes. */
static Slot *
find_slot (LadderConversations *self, const Probe *probe, const LadderAddr *src,
           const LadderAddr *dst, int *dir)
{
  guint32 mask = self->n_slots - 1;
  guint32 j = probe->hash & mask;

  for (;;)
    {
      Slot *slot = &self->slots[j];
      if (slot->index1 == 0)
        return slot;
      if (slot->hash == probe->hash
          && (*dir = conv_direction (conv_at (self, slot->index1 - 1), probe, src, dst)) >= 0)
        return slot;
      j = (j + 1) & mask;
    }
}

static Conv *
new_conv (LadderConversations *self, guint8 proto, const LadderFrame *frame,
          const LadderAddr *a, guint16 a_port, const LadderAddr *b, guint16 b_port)
{
  Conv *conv = next_conv (self);

  memset (conv, 0, sizeof *conv);
  conv->pub.index = self->n_convs++;
  conv->pub.proto = proto;
  conv->pub.a = *a;
  conv->pub.b = *b;
  conv->pub.a_port = a_port;
  conv->pub.b_port = b_port;
  conv->pub.start_ns = conv->pub.end_ns = frame->ts_ns;
  conv->pub.first_packet = frame->number;
  if (proto == PROTO_TCP)
    conv->pub.tcp_stream = self->n_tcp_streams++;
  if (proto == PROTO_TCP && (self->flags & LADDER_CONVERSATIONS_TCP_ANALYSIS))
    {
      conv->pub.tcp = next_tcp (self);
      self->n_tcp++;
      ladder_tcp_conn_init (conv->pub.tcp);
    }
  return conv;
}

static gboolean
is_echo (const LadderPacket *pkt)
{
  return pkt->icmp_kind == LADDER_ICMP_KIND_ECHO_REQUEST || pkt->icmp_kind == LADDER_ICMP_KIND_ECHO_REPLY;
}

/* Who opened it: the SYN's sender, the SYN-ACK's receiver, the echo request's
 * sender; otherwise the first sender (UDP) or the higher port (TCP mid-stream). */
static gboolean
src_is_initiator (const LadderPacket *pkt, gboolean *known)
{
  *known = TRUE;
  if (pkt->ip_proto == PROTO_TCP)
    {
      if ((pkt->tcp_flags & (LADDER_TCP_SYN | LADDER_TCP_ACK)) == LADDER_TCP_SYN)
        return TRUE;
      if ((pkt->tcp_flags & (LADDER_TCP_SYN | LADDER_TCP_ACK)) == (LADDER_TCP_SYN | LADDER_TCP_ACK))
        return FALSE;
      *known = FALSE;
      return pkt->sport >= pkt->dport;
    }
  if (pkt->ip_proto == PROTO_ICMP || pkt->ip_proto == PROTO_ICMPV6)
    return pkt->icmp_kind == LADDER_ICMP_KIND_ECHO_REQUEST;
  return TRUE;
}

/* Which transport the frame counts for, and its ports (ICMP: echo id). */
static gboolean
frame_tuple (const LadderPacket *pkt, guint16 *sport, guint16 *dport)
{
  if ((pkt->layers & LADDER_LAYER_TCP) && pkt->ip_proto == PROTO_TCP)
    ;
  else if ((pkt->layers & LADDER_LAYER_UDP) && pkt->ip_proto == PROTO_UDP)
    ;
  else if ((pkt->layers & LADDER_LAYER_ICMP) && pkt->ip_proto == PROTO_ICMP
           && is_echo (pkt))
    {
      *sport = *dport = pkt->icmp_id;
      return TRUE;
    }
  else if ((pkt->layers & LADDER_LAYER_ICMPV6) && pkt->ip_proto == PROTO_ICMPV6
           && is_echo (pkt))
    {
      *sport = *dport = pkt->icmp_id;
      return TRUE;
    }
  else
    return FALSE;
  *sport = pkt->sport;
  *dport = pkt->dport;
  return TRUE;
}

/* tshark starts a new TCP stream when a SYN's sequence number differs from
 * the first one seen in that direction: the client port was reused. */
static gboolean
is_port_reuse (Conv *conv, const LadderPacket *pkt, int dir)
{
  if (conv->pub.proto != PROTO_TCP)
    return FALSE;
  if (!conv->base_set[dir])
    {
      conv->base_set[dir] = TRUE;
      conv->base_seq[dir] = (pkt->tcp_flags & LADDER_TCP_SYN) ? pkt->seq : pkt->seq - 1;
      return FALSE;
    }
  return (pkt->tcp_flags & (LADDER_TCP_SYN | LADDER_TCP_ACK)) == LADDER_TCP_SYN
         && conv->base_seq[dir] != pkt->seq;
}

/* FALSE when the frame counts for no conversation. */
static inline gboolean
probe_init (Probe *probe, const LadderPacket *pkt)
{
  if (!frame_tuple (pkt, &probe->sport, &probe->dport))
    return FALSE;
  probe->proto = pkt->ip_proto;
  probe->hash = conv_hash (pkt->ip_proto, &pkt->src, probe->sport, &pkt->dst, probe->dport);
  return TRUE;
}

static Conv *
lookup (LadderConversations *self, const LadderFrame *frame, const Probe *probe, int *dir)
{
  const LadderPacket *pkt = frame->pkt;
  gboolean known, src_init;
  guint16 sport = probe->sport, dport = probe->dport;
  Slot *slot;
  Conv *conv = NULL;

  slot = find_slot (self, probe, &pkt->src, &pkt->dst, dir);
  if (slot->index1 != 0)
    {
      conv = conv_at (self, slot->index1 - 1);
      if (!is_port_reuse (conv, pkt, *dir))
        return conv;
    }
  src_init = src_is_initiator (pkt, &known);
  conv = src_init ? new_conv (self, probe->proto, frame, &pkt->src, sport, &pkt->dst, dport)
                  : new_conv (self, probe->proto, frame, &pkt->dst, dport, &pkt->src, sport);
  conv->pub.initiator_known = known;
  /* a is the initiator; a packet between two equal endpoints goes a → b */
  *dir = conv_direction (conv, probe, &pkt->src, &pkt->dst);
  is_port_reuse (conv, pkt, *dir);
  if (slot->index1 == 0)
    self->n_used++;
  slot->hash = probe->hash;
  slot->index1 = conv->pub.index + 1;
  /* Filled up to three quarters: linear probing then looks at two slots
   * on average, mostly in the same cache line, and the benchmark's 138k
   * conversations fit 2 MiB of slots instead of 4. */
  if ((guint64) self->n_used * 4 > (guint64) self->n_slots * 3)
    grow (self);
  return conv;
}

/* Collects a fragment; when FRAME completes the datagram, fills *WHOLE with
 * the datagram's packet (with this frame's lengths and carriers). */
static gboolean
reassemble (LadderConversations *self, const LadderFrame *frame, LadderPacket *whole)
{
  const LadderPacket *pkt = frame->pkt;
  FragKey key = { 0 };
  Reassembly *r;
  guint32 start, len;

  key.src = pkt->src;
  key.dst = pkt->dst;
  key.id = pkt->ip_id;
  key.version = pkt->ip_version;
  /* RFC 8200 4.5: an IPv6 datagram is (source, destination, id); the first
   * fragment's ip_proto is past the extension headers that follow the
   * Fragment header, the others' is the Fragment header's Next Header. */
  key.proto = pkt->ip_version == 6 ? 0 : pkt->ip_proto;
  r = g_hash_table_lookup (self->fragments, &key);
  if (r == NULL)
    {
      r = g_new0 (Reassembly, 1);
      r->bytes_ok = TRUE;
      r->payload = g_byte_array_new ();
      g_hash_table_insert (self->fragments, g_memdup2 (&key, sizeof key), r);
    }
  if (pkt->ip_frag_offset == 0 && !r->have_first)
    {
      r->first = *pkt;
      r->have_first = TRUE;
    }
  /* An IPv6 first fragment's data may begin before its transport header. */
  if (frame->data == NULL || !fragment_data (pkt, frame->data, &start, &len))
    len = pkt->l4_len;
  if (!pkt->ip_more_fragments)
    {
      r->have_last = TRUE;
      r->total = pkt->ip_frag_offset + len;
    }
  r->received += len;
  collect_bytes (r, pkt, frame->data);
  if (!r->have_first || !r->have_last || r->received < r->total)
    return FALSE;
  if (!decode_datagram (r, pkt->ip_version, whole))
    *whole = r->first;
  whole->caplen = pkt->caplen;
  whole->wirelen = pkt->wirelen;
  whole->ip_fragment = FALSE;
  whole->n_tunnels = pkt->n_tunnels;
  memcpy (whole->tunnels, pkt->tunnels, sizeof whole->tunnels);
  g_hash_table_remove (self->fragments, &key);
  return TRUE;
}

static void count (LadderConversations *self, const LadderFrame *frame, const Probe *probe,
                   LadderTcpPacketInfo *info, Conv **conv_out);

static inline void
note_origin (LadderConversations *self, const LadderFrame *frame)
{
  if (!self->have_origin)
    {
      self->have_origin = TRUE;
      self->origin_ns = frame->ts_ns;
    }
}

/* A tunnel carried over UDP (VXLAN, Geneve) is a UDP conversation of its
 * own besides the one inside it, as tshark counts it. */
static void
count_carriers (LadderConversations *self, const LadderFrame *frame)
{
  const LadderPacket *pkt = frame->pkt;

  for (guint i = 0; i < pkt->n_tunnels; i++)
    {
      const LadderTunnel *t = &pkt->tunnels[i];
      LadderPacket carrier;
      LadderFrame carrier_frame = *frame;
      Conv *ignored;

      if (t->sport == 0 && t->dport == 0)
        continue;
      memset (&carrier, 0, sizeof carrier);
      carrier.layers = LADDER_LAYER_UDP;
      carrier.ip_version = t->ip_version;
      carrier.ip_proto = PROTO_UDP;
      carrier.src = t->src;
      carrier.dst = t->dst;
      carrier.sport = t->sport;
      carrier.dport = t->dport;
      carrier.caplen = pkt->caplen;
      carrier.wirelen = pkt->wirelen;
      carrier_frame.pkt = &carrier;
      count (self, &carrier_frame, NULL, NULL, &ignored);
    }
}

const LadderConversation *
ladder_conversations_add (LadderConversations *self, const LadderFrame *frame, LadderTcpPacketInfo *info)
{
  const LadderPacket *pkt;
  LadderPacket whole;
  LadderFrame whole_frame;
  Conv *conv;

  g_return_val_if_fail (self != NULL && frame != NULL, NULL);
  pkt = frame->pkt;
  note_origin (self, frame);
  if (G_UNLIKELY (pkt->ip_fragment))
    {
      if (!reassemble (self, frame, &whole))
        return NULL;
      whole_frame = *frame;
      whole_frame.pkt = pkt = &whole;
      frame = &whole_frame;
    }
  if (G_UNLIKELY (pkt->n_tunnels > 0))
    count_carriers (self, frame);
  count (self, frame, NULL, info, &conv);
  return conv != NULL ? &conv->pub : NULL;
}

/* Counts FRAME in its conversation (*CONV_OUT, or NULL when it has none). */
static void
count (LadderConversations *self, const LadderFrame *frame, const Probe *probe,
       LadderTcpPacketInfo *info, Conv **conv_out)
{
  const LadderPacket *pkt = frame->pkt;
  Probe own;
  Conv *conv;
  int dir;

  *conv_out = NULL;
  if (probe == NULL)
    {
      if (!probe_init (&own, pkt))
        return;
      probe = &own;
    }
  conv = lookup (self, frame, probe, &dir);
  /* indexed, not branched on: the direction changes packet by packet */
  {
    guint64 *const packets[2] = { &conv->pub.packets_ab, &conv->pub.packets_ba };
    guint64 *const bytes[2] = { &conv->pub.bytes_ab, &conv->pub.bytes_ba };

    *packets[dir] += 1;
    *bytes[dir] += pkt->wirelen;
  }
  conv->pub.start_ns = MIN (conv->pub.start_ns, frame->ts_ns);
  conv->pub.end_ns = MAX (conv->pub.end_ns, frame->ts_ns);
  conv->pub.last_packet = frame->number;
  if (conv->pub.tcp != NULL)
    ladder_tcp_conn_add (conv->pub.tcp, dir, frame, info);
  *conv_out = conv;
}

/* ladder_conversations_add_batch() looks ahead in the batch: it asks for
 * the table slot of the frame this far ahead, and for the conversation in
 * the slot of the frame half as far ahead.  Both are cache misses on a
 * table of a hundred thousand conversations, for every packet.  Measured
 * on the benchmark's real-traffic shape (tcp --json, two threads): the
 * reading phase 143 ms against 155 ms without; asking for the TCP
 * connection too gained nothing more. */
#define LOOK_AHEAD 16
#define RING       32  /* a power of two above LOOK_AHEAD */

/* Whether FRAME's conversation is found from its own key alone (not a
 * fragment, no tunnel): then its probe can be worked out ahead. */
static inline gboolean
plain_frame (const LadderFrame *frame)
{
  return !frame->pkt->ip_fragment && frame->pkt->n_tunnels == 0;
}

/* Works out FRAME's probe (*OK: FALSE when it counts for no conversation
 * or is not plain) and asks for its slot. */
static inline void
prefetch_slot (LadderConversations *self, const LadderFrame *frame, Probe *probe, gboolean *ok)
{
  *ok = plain_frame (frame) && probe_init (probe, frame->pkt);
  if (*ok)
    __builtin_prefetch (&self->slots[probe->hash & (self->n_slots - 1)]);
}

/* Asks for the conversation in the probe's first slot, when it is there
 * (the usual case: the slot was asked for earlier). */
static inline void
prefetch_conv (LadderConversations *self, const Probe *probe)
{
  const Slot *slot = &self->slots[probe->hash & (self->n_slots - 1)];
  const char *conv;

  if (slot->hash != probe->hash || slot->index1 == 0)
    return;
  conv = (const char *) conv_at (self, slot->index1 - 1);
  __builtin_prefetch (conv, 1);
  __builtin_prefetch (conv + 64, 1);
  __builtin_prefetch (conv + sizeof (Conv) - 1, 1);
}

void
ladder_conversations_add_batch (LadderConversations *self, const LadderFrame *frames, guint n_frames)
{
  Probe probes[RING];
  gboolean ok[RING];

  g_return_if_fail (self != NULL);
  g_return_if_fail (frames != NULL || n_frames == 0);

  for (guint i = 0; i < MIN (LOOK_AHEAD, n_frames); i++)
    prefetch_slot (self, &frames[i], &probes[i], &ok[i]);
  for (guint i = 0; i < n_frames; i++)
    {
      const LadderFrame *frame = &frames[i];
      guint ahead = (i + LOOK_AHEAD) % RING, half = (i + LOOK_AHEAD / 2) % RING;
      Conv *conv;

      if (i + LOOK_AHEAD < n_frames)
        prefetch_slot (self, &frames[i + LOOK_AHEAD], &probes[ahead], &ok[ahead]);
      if (i + LOOK_AHEAD / 2 < n_frames && ok[half])
        prefetch_conv (self, &probes[half]);
      if (!plain_frame (frame))
        {
          ladder_conversations_add (self, frame, NULL);
          continue;
        }
      note_origin (self, frame);
      if (ok[i % RING])
        count (self, frame, &probes[i % RING], NULL, &conv);
    }
}

guint
ladder_conversations_get_n_items (LadderConversations *self)
{
  return self->n_convs;
}

const LadderConversation *
ladder_conversations_get_item (LadderConversations *self, guint index)
{
  g_return_val_if_fail (index < self->n_convs, NULL);
  return &conv_at (self, index)->pub;
}

gint64
ladder_conversations_get_origin_ns (LadderConversations *self)
{
  return self->origin_ns;
}

const char *
ladder_conversation_proto_name (guint8 proto)
{
  switch (proto)
    {
    case PROTO_TCP: return "tcp";
    case PROTO_UDP: return "udp";
    case PROTO_ICMP: return "icmp";
    case PROTO_ICMPV6: return "icmpv6";
    default: return "ip";
    }
}
