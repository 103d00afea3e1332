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
