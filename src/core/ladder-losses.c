/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-losses.c: where a lab packet died (see the header).
 *
 * Frames carrying the same datagram (ladder_sightings_hash) form a group;
 * each sighting remembers the link its packet should appear on next.  Once
 * the file is read, a link on which a group was seen more often than on
 * the link after it lost the difference.  Counting, rather than folding
 * sightings, keeps a duplicated packet (twice on every later link) from
 * looking lost.
 */
#include <stdlib.h>
#include <string.h>

#include "ladder-losses.h"
#include "ladder-sightings.h"

#define MAX_HOSTS  24
#define MAX_LINKS  64
#define NO_LINK    -1

typedef struct
{
  gboolean known;
  char    *name;
  guint    subnet;
  int      left, right;      /* host indices */
  int      delivered;        /* the interface of this link's far side, or NO_LINK */
  gboolean is_delivered;     /* this interface is a link's far side */
} Link;

typedef struct
{
  guint64 number;
  guint32 iface;
  int     next;              /* link (iface) the packet should be seen on next, or NO_LINK */
} Sighting;

typedef struct
{
  guint8  count[MAX_LINKS];  /* sightings per link, saturating */
  GArray *sightings;         /* Sighting, in file order */
} Group;

struct _LadderLosses
{
  char            *hosts[MAX_HOSTS];
  guint            n_hosts;
  Link             links[MAX_LINKS];
  GHashTable      *groups;   /* datagram hash → Group */
  GHashTable      *lost_on;  /* frame number → link name (owned by links) */
};

static void
group_free (gpointer data)
{
  Group *group = data;

  g_array_unref (group->sightings);
  g_free (group);
}

LadderLosses *
ladder_losses_new (void)
{
  LadderLosses *self = g_new0 (LadderLosses, 1);

  self->groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, group_free);
  self->lost_on = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < MAX_LINKS; i++)
    self->links[i].delivered = NO_LINK;
  return self;
}

void
ladder_losses_free (LadderLosses *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n_hosts; i++)
    g_free (self->hosts[i]);
  for (guint i = 0; i < MAX_LINKS; i++)
    g_free (self->links[i].name);
  g_hash_table_unref (self->groups);
  g_hash_table_unref (self->lost_on);
  g_free (self);
}

static int
host_index (LadderLosses *self, const char *name, gsize len)
{
  for (guint i = 0; i < self->n_hosts; i++)
    if (strlen (self->hosts[i]) == len && strncmp (self->hosts[i], name, len) == 0)
      return (int) i;
  if (self->n_hosts == MAX_HOSTS)
    return -1;
  self->hosts[self->n_hosts] = g_strndup (name, len);
  return (int) self->n_hosts++;
}

static guint
description_subnet (const char *description)
{
  const char *subnet = strstr (description, "(10.0.");

  return subnet != NULL ? (guint) strtoul (subnet + 6, NULL, 10) : 0;
}

/* A relayed link's far side: known by its subnet, which the link's own
 * interface (added before it) has too. */
static void
add_delivered (LadderLosses *self, guint iface, const char *description)
{
  guint subnet = description_subnet (description);

  self->links[iface].is_delivered = TRUE;
  for (guint i = 0; i < MAX_LINKS; i++)
    if (self->links[i].known && self->links[i].subnet == subnet && subnet > 0)
      self->links[i].delivered = (int) iface;
}

void
ladder_losses_add_interface (LadderLosses *self, guint iface, const char *name,
                             const char *description)
{
  const char *dash, *subnet;
  Link *link;

  g_return_if_fail (self != NULL);

  if (iface >= MAX_LINKS || name == NULL || !ladder_sightings_is_lab_interface (description))
    return;
  if (ladder_sightings_is_lab_delivered (description))
    {
      add_delivered (self, iface, description);
      return;
    }
  dash = strstr (name, "\u2013");
  subnet = strstr (description, "(10.0.");
  if (dash == NULL || subnet == NULL)
    return;
  link = &self->links[iface];
  link->left = host_index (self, name, dash - name);
  link->right = host_index (self, dash + 3, strlen (dash + 3));
  link->subnet = (guint) strtoul (subnet + 6, NULL, 10);
  link->known = link->left >= 0 && link->right >= 0 && link->subnet > 0;
  g_free (link->name);
  link->name = g_strdup (name);
}

/* The host owning ADDR: 10.0.K.1 / fd00:K::1 is link K's left host, .2 /
 * ::2 its right host (K written in decimal digits in the IPv6 group). */
static int
address_host (LadderLosses *self, const LadderAddr *addr)
{
  guint subnet, end;
  static const guint8 zero[10] = { 0 };

  if (addr->family == 4 && addr->bytes[0] == 10 && addr->bytes[1] == 0)
    subnet = addr->bytes[2], end = addr->bytes[3];
  else if (addr->family == 6 && addr->bytes[0] == 0xfd && addr->bytes[1] == 0
           && memcmp (addr->bytes + 4, zero, 10) == 0 && addr->bytes[14] == 0)
    {
      char hex[8];

      g_snprintf (hex, sizeof hex, "%x", addr->bytes[2] << 8 | addr->bytes[3]);
      subnet = (guint) strtoul (hex, NULL, 10);
      end = addr->bytes[15];
    }
  else
    return -1;
  for (guint i = 0; i < MAX_LINKS; i++)
    if (self->links[i].known && self->links[i].subnet == subnet && (end == 1 || end == 2))
      return end == 1 ? self->links[i].left : self->links[i].right;
  return -1;
}

/* The first link on the way from host FROM to host TO not using link
 * SKIP, or NO_LINK when TO cannot be reached that way.  The lab's network
 * is a tree of a dozen hosts, but a file can describe links that make a
 * cycle: each host is entered once (VISITED, a bit per host), so the
 * search stays linear in the links whatever the file says. */
static int
search_towards (LadderLosses *self, int from, int to, int skip, guint32 *visited)
{
  *visited |= 1u << from;
  for (int i = 0; i < MAX_LINKS; i++)
    {
      const Link *link = &self->links[i];
      int other;

      if (!link->known || i == skip || (link->left != from && link->right != from))
        continue;
      other = link->left == from ? link->right : link->left;
      if (other == to)
        return i;
      if (other < 0 || other >= MAX_HOSTS || (*visited & (1u << other)))
        continue;
      if (search_towards (self, other, to, i, visited) != NO_LINK)
        return i;
    }
  return NO_LINK;
}

static int
first_link_towards (LadderLosses *self, int from, int to, int skip)
{
  guint32 visited = 0;

  G_STATIC_ASSERT (MAX_HOSTS <= 32);
  if (from < 0 || from >= MAX_HOSTS)
    return NO_LINK;
  return search_towards (self, from, to, skip, &visited);
}

/* Where frame FRAME's packet should show up next: the link after IFACE on
 * the way to its destination's host. */
static int
next_link (LadderLosses *self, const LadderFrame *frame)
{
  const Link *link = &self->links[frame->iface];
  int dst = address_host (self, &frame->pkt->dst);
  int next;

  /* The last link of the path: the far side, where it is captured. */
  if (dst < 0 || dst == link->left || dst == link->right)
    return dst < 0 ? NO_LINK : link->delivered;
  /* A TTL of 1 ends at the next router (time exceeded): only the far
   * side, where there is one, must see it. */
  if (frame->pkt->ttl <= 1)
    return link->delivered;
  next = first_link_towards (self, link->right, dst, frame->iface);
  if (next == NO_LINK)
    next = first_link_towards (self, link->left, dst, frame->iface);
  return next;
}

void
ladder_losses_add_frame (LadderLosses *self, const LadderFrame *frame)
{
  guint64 hash;
  Group *group;
  Sighting s;

  g_return_if_fail (self != NULL && frame != NULL);

  if (frame->iface >= MAX_LINKS || frame->data == NULL || !ladder_sightings_hash (frame, &hash))
    return;
  if (!self->links[frame->iface].known && !self->links[frame->iface].is_delivered)
    return;
  group = g_hash_table_lookup (self->groups, &hash);
  if (group == NULL)
    {
      group = g_new0 (Group, 1);
      group->sightings = g_array_new (FALSE, FALSE, sizeof (Sighting));
      g_hash_table_insert (self->groups, g_memdup2 (&hash, sizeof hash), group);
    }
  if (group->count[frame->iface] < G_MAXUINT8)
    group->count[frame->iface]++;
  /* A far side's sighting is where the packet should be: nothing next. */
  s = (Sighting) { frame->number, frame->iface,
                   self->links[frame->iface].is_delivered ? NO_LINK : next_link (self, frame) };
  g_array_append_val (group->sightings, s);
}

static void
mark (LadderLosses *self, const Sighting *s, const char *link)
{
  g_hash_table_insert (self->lost_on, g_memdup2 (&s->number, sizeof s->number), (gpointer) link);
}

/* With one copy per link the whole packet is marked, every sighting;
 * with duplicates only the copies on the losing link beyond those the
 * next link saw. */
static void
judge_group (LadderLosses *self, Group *group)
{
  gboolean single = TRUE;

  for (guint i = 0; i < MAX_LINKS; i++)
    single = single && group->count[i] <= 1;
  for (guint i = 0; i < group->sightings->len; i++)
    {
      const Sighting *s = &g_array_index (group->sightings, Sighting, i);
      const char *link = self->links[s->iface].name;
      guint deficit;

      if (s->next == NO_LINK || group->count[s->next] >= group->count[s->iface])
        continue;
      deficit = group->count[s->iface] - group->count[s->next];
      if (single)
        {
          for (guint j = 0; j < group->sightings->len; j++)
            mark (self, &g_array_index (group->sightings, Sighting, j), link);
          return;
        }
      /* The last DEFICIT sightings on this link. */
      for (guint j = group->sightings->len; j-- > 0 && deficit > 0;)
        {
          const Sighting *t = &g_array_index (group->sightings, Sighting, j);
          if (t->iface == s->iface)
            mark (self, t, link), deficit--;
        }
      return;
    }
}

void
ladder_losses_finish (LadderLosses *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (self != NULL);

  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    judge_group (self, value);
  g_hash_table_remove_all (self->groups);
}

const char *
ladder_losses_lost_on (LadderLosses *self, guint64 number)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_hash_table_lookup (self->lost_on, &number);
}
