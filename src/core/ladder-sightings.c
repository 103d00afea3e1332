/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-sightings.c: folding the lab's per-link copies of one packet.
 *
 * A packet is identified by a 64-bit hash of its IP datagram with the
 * fields forwarding rewrites left out (IPv4 TTL and header checksum, IPv6
 * hop limit).  The table keeps, per hash, the first sighting's frame
 * number and the interfaces it has been seen on; a repeat on an interface
 * already seen is a new packet (a retransmission that happens to be
 * byte-identical), not a sighting.
 */
#include <string.h>

#include "ladder-sightings.h"

static gboolean datagram_hash (const LadderFrame *frame, guint64 *out);

#define WINDOW_NS     G_GINT64_CONSTANT (1000000000)
#define PURGE_EVERY   4096

typedef struct
{
  guint64 first;    /* frame number of the first sighting */
  gint64  ts_ns;    /* its timestamp */
  guint64 ifaces;   /* interfaces seen, bit (iface % 64) */
} Sighting;

/* |A - B| without signed overflow: a file's timestamps can be anywhere in
 * the gint64 range. */
static guint64
ns_apart (gint64 a, gint64 b)
{
  return a >= b ? (guint64) a - (guint64) b : (guint64) b - (guint64) a;
}

struct _LadderSightings
{
  GHashTable *table;    /* guint64 hash → Sighting */
  gint64      latest_ns;
  guint       adds;
};

gboolean
ladder_sightings_is_lab_interface (const char *description)
{
  return description != NULL
         && g_str_has_prefix (description, LADDER_LAB_IF_DESCRIPTION_PREFIX);
}

gboolean
ladder_sightings_is_lab_delivered (const char *description)
{
  return ladder_sightings_is_lab_interface (description)
         && strstr (description, " " LADDER_LAB_IF_DELIVERED_MARK " (") != NULL;
}

static guint
hash64 (gconstpointer key)
{
  guint64 v = *(const guint64 *) key;

  return (guint) (v ^ (v >> 32));
}

static gboolean
equal64 (gconstpointer a, gconstpointer b)
{
  return *(const guint64 *) a == *(const guint64 *) b;
}

LadderSightings *
ladder_sightings_new (void)
{
  LadderSightings *self = g_new0 (LadderSightings, 1);

  /* The key is the first member of a separately allocated pair. */
  self->table = g_hash_table_new_full (hash64, equal64, g_free, NULL);
  return self;
}

void
ladder_sightings_free (LadderSightings *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->table);
  g_free (self);
}

/* FNV-1a over BYTES[from, to). */
static guint64
fnv (guint64 h, const guint8 *bytes, gsize from, gsize to)
{
  for (gsize i = from; i < to; i++)
    {
      h ^= bytes[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return h;
}

gboolean
ladder_sightings_hash (const LadderFrame *frame, guint64 *out)
{
  g_return_val_if_fail (frame != NULL && out != NULL, FALSE);

  return datagram_hash (frame, out);
}

/* The datagram's identity.  FALSE when the frame carries no IP datagram. */
static gboolean
datagram_hash (const LadderFrame *frame, guint64 *out)
{
  const LadderPacket *pkt = frame->pkt;
  const guint8 *ip;
  gsize len;
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  if (!(pkt->layers & (LADDER_LAYER_IPV4 | LADDER_LAYER_IPV6)) || pkt->ip_off >= pkt->caplen)
    return FALSE;
  ip = frame->data + pkt->ip_off;
  len = pkt->caplen - pkt->ip_off;
  if (pkt->ip_total_len > 0 && pkt->ip_total_len < len)
    len = pkt->ip_total_len;

  if (pkt->ip_version == 4 && len >= 20)
    {
      h = fnv (h, ip, 0, 8);        /* up to the TTL */
      h = fnv (h, ip, 9, 10);       /* protocol; TTL and checksum left out */
      h = fnv (h, ip, 12, len);
    }
  else if (pkt->ip_version == 6 && len >= 40)
    {
      h = fnv (h, ip, 0, 7);        /* up to the hop limit */
      h = fnv (h, ip, 8, len);
    }
  else
    return FALSE;
  /* The length goes in too, so a cut-short copy is not the same packet. */
  *out = h ^ ((guint64) len << 48);
  return TRUE;
}

static gboolean
is_stale (gpointer key, gpointer value, gpointer user_data)
{
  const Sighting *s = (const Sighting *) ((const guint64 *) key + 1);
  gint64 latest = *(const gint64 *) user_data;

  return s->ts_ns < latest && ns_apart (latest, s->ts_ns) > 2 * WINDOW_NS;
}

/* Keeps the table to the packets of the last couple of seconds. */
static void
maybe_purge (LadderSightings *self)
{
  if (++self->adds % PURGE_EVERY != 0)
    return;
  g_hash_table_foreach_remove (self->table, is_stale, &self->latest_ns);
}

static void
remember (LadderSightings *self, guint64 hash, const LadderFrame *frame)
{
  /* One allocation holds the key and its sighting. */
  guint64 *key = g_malloc (sizeof (guint64) + sizeof (Sighting));
  Sighting *s = (Sighting *) (key + 1);

  *key = hash;
  s->first = frame->number;
  s->ts_ns = frame->ts_ns;
  s->ifaces = G_GUINT64_CONSTANT (1) << (frame->iface % 64);
  g_hash_table_replace (self->table, key, key);
}

guint64
ladder_sightings_add (LadderSightings   *self,
                      const LadderFrame *frame)
{
  guint64 hash, bit;
  guint64 *key;
  Sighting *s;

  g_return_val_if_fail (self != NULL && frame != NULL, 0);

  if (!datagram_hash (frame, &hash))
    return 0;
  self->latest_ns = MAX (self->latest_ns, frame->ts_ns);
  maybe_purge (self);

  key = g_hash_table_lookup (self->table, &hash);
  bit = G_GUINT64_CONSTANT (1) << (frame->iface % 64);
  if (key != NULL)
    {
      s = (Sighting *) (key + 1);
      if (!(s->ifaces & bit) && ns_apart (frame->ts_ns, s->ts_ns) <= WINDOW_NS)
        {
          s->ifaces |= bit;
          return s->first;
        }
    }
  remember (self, hash, frame);
  return 0;
}

/* Forwarded copies. */

typedef struct
{
  guint64 hash;
  guint64 number;
  gint64  ts_ns;
  guint8  ttl;
  gboolean answer;
} Copy;

/* A packet is rarely seen on more links than this; a datagram repeated
 * more often than that is compared with its nearest neighbours only. */
#define MAX_NEIGHBOURS 16

struct _LadderCopies
{
  GArray     *frames;   /* Copy */
  GHashTable *copies;   /* frame numbers of the copies, after finish */
};

LadderCopies *
ladder_copies_new (void)
{
  LadderCopies *self = g_new0 (LadderCopies, 1);

  self->frames = g_array_new (FALSE, FALSE, sizeof (Copy));
  self->copies = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return self;
}

void
ladder_copies_free (LadderCopies *self)
{
  if (self == NULL)
    return;
  g_array_free (self->frames, TRUE);
  g_hash_table_unref (self->copies);
  g_free (self);
}

static guint64
fnv_u32 (guint64 h, guint32 v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  return fnv (h, b, 0, sizeof b);
}

static guint64
fnv_addr (guint64 h, const LadderAddr *addr)
{
  h = fnv_u32 (h, addr->family);
  return fnv (h, addr->bytes, 0, sizeof addr->bytes);
}

/* The datagram's identity from its decoded fields, forwarding's rewrites
 * left out.  The bytes are not used: the CLI's decoding thread does not
 * keep them, and the answer must not depend on which path decoded the
 * frame.  With the timing and TTL rules this tells copies apart from
 * other packets in practice: addresses, IP id and length, ports, sequence
 * numbers, echo id and sequence, and for an ICMP error what it quotes. */
static gboolean
fields_hash (const LadderPacket *pkt, guint64 *out)
{
  const LadderQuoted *q = &pkt->quoted;
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  if (pkt->ip_version != 4 && pkt->ip_version != 6)
    return FALSE;
  h = fnv_addr (fnv_addr (h, &pkt->src), &pkt->dst);
  h = fnv_u32 (h, (guint32) pkt->ip_version << 16 | (guint32) pkt->ip_proto << 8 | pkt->tos);
  h = fnv_u32 (fnv_u32 (h, pkt->ip_id), pkt->ip_total_len);
  h = fnv_u32 (fnv_u32 (h, pkt->ip_frag_offset), (guint32) pkt->sport << 16 | pkt->dport);
  h = fnv_u32 (fnv_u32 (fnv_u32 (h, pkt->seq), pkt->ack), pkt->tcp_flags);
  h = fnv_u32 (fnv_u32 (h, pkt->payload_len), (guint32) pkt->icmp_type << 8 | pkt->icmp_code);
  h = fnv_u32 (h, (guint32) pkt->icmp_id << 16 | pkt->icmp_seq);
  if (q->present)
    {
      h = fnv_addr (fnv_addr (h, &q->src), &q->dst);
      h = fnv_u32 (fnv_u32 (h, q->ip_id), (guint32) q->ttl << 8 | q->ip_proto);
      h = fnv_u32 (fnv_u32 (h, (guint32) q->sport << 16 | q->dport), q->tcp_seq);
      h = fnv_u32 (h, (guint32) q->icmp_id << 16 | q->icmp_seq);
    }
  *out = h;
  return TRUE;
}

void
ladder_copies_add (LadderCopies      *self,
                   const LadderFrame *frame,
                   gboolean           answer)
{
  Copy c;

  g_return_if_fail (self != NULL && frame != NULL && frame->pkt != NULL);

  if (!fields_hash (frame->pkt, &c.hash))
    return;
  c.number = frame->number;
  c.ts_ns = frame->ts_ns;
  c.ttl = frame->pkt->ttl;
  c.answer = answer;
  g_array_append_val (self->frames, c);
}

static int
copy_compare (gconstpointer a, gconstpointer b)
{
  const Copy *ca = a, *cb = b;

  if (ca->hash != cb->hash)
    return ca->hash < cb->hash ? -1 : 1;
  if (ca->ts_ns != cb->ts_ns)
    return ca->ts_ns < cb->ts_ns ? -1 : 1;
  /* Timestamps too coarse to order the links: the higher TTL came first. */
  if (ca->ttl != cb->ttl)
    return ca->ttl > cb->ttl ? -1 : 1;
  return ca->number < cb->number ? -1 : ca->number > cb->number;
}

/* The neighbour K places away in direction STEP (-1 earlier, +1 later)
 * when it carries the same datagram within the window, else NULL. */
static const Copy *
neighbour (const Copy *frames, guint n, guint i, int step, guint k)
{
  gint64 j = (gint64) i + step * (gint64) k;

  if (j < 0 || j >= n || frames[j].hash != frames[i].hash
      || ns_apart (frames[i].ts_ns, frames[j].ts_ns) > WINDOW_NS)
    return NULL;
  return &frames[j];
}

/* Whether frames[i] is a copy to drop: a request with an earlier copy at a
 * higher TTL, or an answer with a later copy at a lower TTL.  The array is
 * sorted by hash, then time, so the other copies are next to it. */
static gboolean
is_dropped (const Copy *frames, guint n, guint i)
{
  int step = frames[i].answer ? 1 : -1;
  const Copy *other;

  for (guint k = 1; k <= MAX_NEIGHBOURS && (other = neighbour (frames, n, i, step, k)) != NULL; k++)
    if (frames[i].answer ? other->ttl < frames[i].ttl : other->ttl > frames[i].ttl)
      return TRUE;
  return FALSE;
}

void
ladder_copies_finish (LadderCopies *self)
{
  const Copy *frames;

  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->copies);
  g_array_sort (self->frames, copy_compare);
  frames = (const Copy *) (gconstpointer) self->frames->data;
  for (guint i = 0; i < self->frames->len; i++)
    if (is_dropped (frames, self->frames->len, i))
      g_hash_table_add (self->copies, g_memdup2 (&frames[i].number, sizeof (guint64)));
}

gboolean
ladder_copies_is_copy (LadderCopies *self,
                       guint64       number)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_hash_table_contains (self->copies, &number);
}

guint
ladder_copies_get_n_copies (LadderCopies *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->copies);
}
