/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json.c: the JSON writer places commas, escapes strings and formats addresses. */
#include <arpa/inet.h>
#include <string.h>

#include "ladder-json.h"

static void
test_nesting_and_commas (void)
{
  g_autoptr (LadderJson) json = ladder_json_new (FALSE);
  LadderAddr addr;

  g_assert_true (ladder_addr_parse ("2001:db8::1", &addr));
  ladder_json_begin_object (json);
  ladder_json_kv_int (json, "a", -3);
  ladder_json_key (json, "list");
  ladder_json_begin_array (json);
  ladder_json_uint (json, 1);
  ladder_json_begin_object (json);
  ladder_json_end_object (json);
  ladder_json_null (json);
  ladder_json_end_array (json);
  ladder_json_kv_addr (json, "addr", &addr);
  ladder_json_kv_double (json, "rtt", 1.23456, 3);
  ladder_json_kv_bool (json, "ok", TRUE);
  ladder_json_end_object (json);
  g_assert_cmpstr (ladder_json_get_text (json), ==,
                   "{\"a\":-3,\"list\":[1,{},null],\"addr\":\"2001:db8::1\",\"rtt\":1.235,\"ok\":true}");
}

/* Writes one object of every kind of member, as members (one call each)
 * or as keys and values apart (MEMBERS FALSE). */
static char *
write_members (gboolean pretty, gboolean members)
{
  g_autoptr (LadderJson) json = ladder_json_new (pretty);
  LadderAddr addr;

  g_assert_true (ladder_addr_parse ("192.0.2.7", &addr));
  ladder_json_begin_object (json);
  if (members)
    {
      ladder_json_kv_string (json, "s", "a\"b");
      ladder_json_kv_string (json, "none", NULL);
      ladder_json_kv_int (json, "min", G_MININT64);
      ladder_json_kv_uint (json, "max", G_MAXUINT64);
      ladder_json_member_uint_or_null (json, LADDER_JSON_KEY ("frame"), 12);
      ladder_json_member_uint_or_null (json, LADDER_JSON_KEY ("no_frame"), 0);
      ladder_json_kv_double (json, "d", -0.5, 1);
      ladder_json_kv_bool (json, "t", TRUE);
      ladder_json_kv_bool (json, "f", FALSE);
      ladder_json_kv_null (json, "n");
      ladder_json_kv_addr (json, "addr", &addr);
      ladder_json_kv_addr (json, "no_addr", NULL);
      ladder_json_kv_ns (json, "ns", 1500000123, 9);
    }
  else
    {
      ladder_json_key (json, "s"), ladder_json_string (json, "a\"b");
      ladder_json_key (json, "none"), ladder_json_string (json, NULL);
      ladder_json_key (json, "min"), ladder_json_int (json, G_MININT64);
      ladder_json_key (json, "max"), ladder_json_uint (json, G_MAXUINT64);
      ladder_json_key (json, "frame"), ladder_json_uint (json, 12);
      ladder_json_key (json, "no_frame"), ladder_json_null (json);
      ladder_json_key (json, "d"), ladder_json_double (json, -0.5, 1);
      ladder_json_key (json, "t"), ladder_json_bool (json, TRUE);
      ladder_json_key (json, "f"), ladder_json_bool (json, FALSE);
      ladder_json_key (json, "n"), ladder_json_null (json);
      ladder_json_key (json, "addr"), ladder_json_addr (json, &addr);
      ladder_json_key (json, "no_addr"), ladder_json_addr (json, NULL);
      ladder_json_key (json, "ns"), ladder_json_ns (json, 1500000123, 9);
    }
  ladder_json_end_object (json);
  return ladder_json_steal_text (json);
}

/* A member written in one call is the key and the value written apart. */
static void
test_members (void)
{
  g_autofree char *compact = write_members (FALSE, TRUE);
  g_autofree char *compact_apart = write_members (FALSE, FALSE);
  g_autofree char *pretty = write_members (TRUE, TRUE);
  g_autofree char *pretty_apart = write_members (TRUE, FALSE);

  g_assert_cmpstr (compact, ==,
                   "{\"s\":\"a\\\"b\",\"none\":null,\"min\":-9223372036854775808,"
                   "\"max\":18446744073709551615,\"frame\":12,\"no_frame\":null,\"d\":-0.5,"
                   "\"t\":true,\"f\":false,\"n\":null,\"addr\":\"192.0.2.7\",\"no_addr\":null,"
                   "\"ns\":1.500000}");
  g_assert_cmpstr (compact, ==, compact_apart);
  g_assert_cmpstr (pretty, ==, pretty_apart);
  g_assert_true (g_str_has_prefix (pretty, "{\n  \"s\": \"a\\\"b\",\n  \"none\": null,"));
}

/* Raw values get the separators values get; their text is the caller's. */
static void
test_raw (void)
{
  g_autoptr (LadderJson) json = ladder_json_new (FALSE);
  char *p;

  g_assert_false (ladder_json_is_pretty (json));
  ladder_json_begin_object (json);
  ladder_json_key (json, "list");
  ladder_json_begin_array (json);
  for (guint i = 0; i < 3; i++)
    {
      p = ladder_json_begin_raw (json, 8);
      memcpy (p, "{\"n\":", 5);
      p = ladder_format_uint (p + 5, i);
      *p++ = '}';
      ladder_json_end_raw (json, p);
    }
  ladder_json_end_array (json);
  ladder_json_key (json, "x");
  p = ladder_json_begin_raw (json, 1);
  *p = '7';
  ladder_json_end_raw (json, p + 1);
  ladder_json_end_object (json);
  g_assert_cmpstr (ladder_json_get_text (json), ==, "{\"list\":[{\"n\":0},{\"n\":1},{\"n\":2}],\"x\":7}");
}

/* Numbers at every change of length, both sides, against printf. */
static void
test_uint_lengths (void)
{
  char buf[32], want[32];
  guint64 values[64];
  guint n = 0;

  values[n++] = 0;
  values[n++] = G_MAXUINT32;
  values[n++] = (guint64) G_MAXUINT32 + 1;
  values[n++] = G_MAXUINT64;
  for (guint64 p = 10; n + 2 <= G_N_ELEMENTS (values); p *= 10)
    {
      values[n++] = p - 1;
      values[n++] = p;
      if (p > G_MAXUINT64 / 10)
        break;
    }
  for (guint i = 0; i < n; i++)
    {
      char *end = ladder_format_uint (buf, values[i]);

      *end = '\0';
      g_snprintf (want, sizeof want, "%" G_GUINT64_FORMAT, values[i]);
      g_assert_cmpstr (buf, ==, want);
    }
}

static void
test_escaping (void)
{
  g_autoptr (LadderJson) json = ladder_json_new (FALSE);

  ladder_json_begin_array (json);
  ladder_json_string (json, "q\"b\\n\n\x01");
  ladder_json_string (json, "bad \xff utf8");
  ladder_json_double (json, 0.0 / 0.0, 2);
  ladder_json_end_array (json);
  g_assert_cmpstr (ladder_json_get_text (json), ==,
                   "[\"q\\\"b\\\\n\\n\\u0001\",\"bad \xef\xbf\xbd utf8\",null]");
}

static void
test_integers (void)
{
  g_autoptr (GString) out = g_string_new (NULL);

  ladder_string_append_uint (out, 0);
  g_string_append_c (out, ' ');
  ladder_string_append_uint (out, G_MAXUINT64);
  g_string_append_c (out, ' ');
  ladder_string_append_int (out, G_MININT64);
  g_string_append_c (out, ' ');
  ladder_string_append_int (out, -7);
  g_string_append_c (out, ' ');
  ladder_string_append_int (out, G_MAXINT64);
  g_string_append_c (out, ' ');
  /* where the 32-bit path takes over */
  ladder_string_append_uint (out, G_MAXUINT32);
  g_string_append_c (out, ' ');
  ladder_string_append_uint (out, (guint64) G_MAXUINT32 + 1);
  g_assert_cmpstr (out->str, ==, "0 18446744073709551615 -9223372036854775808 -7 9223372036854775807"
                                 " 4294967295 4294967296");

  /* every value up to 10^5, then every power of ten and its neighbours */
  for (guint64 v = 0, p = 10; v < 100000 + 19 * 3; v++)
    {
      guint64 x = v < 100000 ? v : p + (v % 3) - 1;
      g_autofree char *want = g_strdup_printf ("%" G_GUINT64_FORMAT, x);

      g_string_truncate (out, 0);
      ladder_string_append_uint (out, x);
      g_assert_cmpstr (out->str, ==, want);
      if (v >= 100000 && v % 3 == 2 && p <= G_MAXUINT64 / 10)
        p *= 10;
    }
}

/* A document streamed to a file in pieces equals the one built whole. */
static void
test_sink (void)
{
  g_autoptr (LadderJson) whole = ladder_json_new (TRUE);
  g_autoptr (LadderJson) streamed = ladder_json_new (TRUE);
  LadderJson *both[2] = { whole, streamed };
  FILE *fp = tmpfile ();
  g_autofree char *text = NULL;
  long len;

  g_assert_nonnull (fp);
  ladder_json_set_sink (streamed, fp);
  for (guint j = 0; j < 2; j++)
    {
      ladder_json_begin_array (both[j]);
      for (guint i = 0; i < 20000; i++)
        {
          ladder_json_begin_object (both[j]);
          ladder_json_kv_uint (both[j], "i", i);
          ladder_json_kv_string (both[j], "s", "x\ty");
          ladder_json_end_object (both[j]);
        }
      ladder_json_end_array (both[j]);
    }
  g_assert_cmpuint (strlen (ladder_json_get_text (streamed)), <, 64 * 1024 + 100);
  g_assert_true (ladder_json_flush (streamed, fp));
  len = ftell (fp);
  g_assert_cmpint (len, ==, (long) strlen (ladder_json_get_text (whole)));
  text = g_malloc0 (len + 1);
  rewind (fp);
  g_assert_cmpuint (fread (text, 1, len, fp), ==, (gsize) len);
  g_assert_cmpstr (text, ==, ladder_json_get_text (whole));
  fclose (fp);
}

/* Nanoseconds printed without printf equal what printf prints for the
 * double, ties, negatives and huge values included. */
static void
test_ns (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  const gint64 fixed[] = { 0, 1, 499, 500, 501, 999, 1000, 1500, 2500, 999999500, 999999499,
                           -1, -500, -1000000, G_GINT64_CONSTANT (999999999999999),
                           G_GINT64_CONSTANT (1000000000000000), G_MAXINT64 / 2 };

  for (guint i = 0; i < G_N_ELEMENTS (fixed) + 200000; i++)
    {
      gint64 ns = i < G_N_ELEMENTS (fixed) ? fixed[i]
                  : (gint64) g_rand_int_range (rand, 0, G_MAXINT32) * g_rand_int_range (rand, 1, 1000000)
                    + (i % 3 == 0 ? 500 - (gint64) (g_rand_int (rand) % 1000) * 1000 % 1000 : 0);
      for (guint unit = 6; unit <= 9; unit += 3)
        {
          g_autoptr (GString) got = g_string_new (NULL);
          char want[64], fmt[80];

          g_ascii_formatd (want, sizeof want, unit == 9 ? "%.6f" : "%.3f", (double) ns / (unit == 9 ? 1e9 : 1e6));
          ladder_string_append_ns (got, ns, unit, 0);
          g_assert_cmpstr (got->str, ==, want);
          g_string_truncate (got, 0);
          ladder_string_append_ns (got, ns, unit, 14);
          g_snprintf (fmt, sizeof fmt, "%14s", want);
          g_assert_cmpstr (got->str, ==, fmt);
        }
    }
}

/* The hand-written dotted quad equals inet_ntop's, every octet value in
 * every position. */
static void
test_addr_v4 (void)
{
  for (guint v = 0; v < 256; v++)
    for (guint pos = 0; pos < 4; pos++)
      {
        guint8 bytes[4] = { 10, 0, 255, 7 };
        char want[INET_ADDRSTRLEN], got[LADDER_ADDR_STRLEN];
        LadderAddr addr;

        bytes[pos] = (guint8) v;
        ladder_addr_set_v4 (&addr, bytes);
        g_assert_nonnull (inet_ntop (AF_INET, bytes, want, sizeof want));
        g_assert_cmpstr (ladder_addr_to_string (&addr, got), ==, want);
      }
}

/* Every pattern of zero runs (each group one of 0, 1, 0xabc, 0xffff, which
 * also makes every IPv4-mapped and -compatible shape), then random
 * addresses: the text must be inet_ntop's, byte for byte. */
static void
test_addr_v6 (void)
{
  static const guint16 groups[4] = { 0, 1, 0xabc, 0xffff };
  g_autoptr (GRand) rand = g_rand_new_with_seed (5952);

  for (guint code = 0; code < 65536 + 20000; code++)
    {
      guint8 bytes[16];
      char want[INET6_ADDRSTRLEN], got[LADDER_ADDR_STRLEN];
      LadderAddr addr;

      for (guint i = 0; i < 8; i++)
        {
          guint16 w = code < 65536 ? groups[(code >> (2 * i)) & 3] : (guint16) g_rand_int (rand);
          /* random tails: every group may be zero, small or full */
          if (code >= 65536 && g_rand_boolean (rand))
            w = g_rand_boolean (rand) ? 0 : w & 0xff;
          bytes[2 * i] = (guint8) (w >> 8);
          bytes[2 * i + 1] = (guint8) w;
        }
      ladder_addr_set_v6 (&addr, bytes);
      g_assert_nonnull (inet_ntop (AF_INET6, bytes, want, sizeof want));
      g_assert_cmpstr (ladder_addr_to_string (&addr, got), ==, want);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/json/nesting", test_nesting_and_commas);
  g_test_add_func ("/ladder/json/uint-lengths", test_uint_lengths);
  g_test_add_func ("/ladder/json/members", test_members);
  g_test_add_func ("/ladder/json/raw", test_raw);
  g_test_add_func ("/ladder/json/escaping", test_escaping);
  g_test_add_func ("/ladder/json/integers", test_integers);
  g_test_add_func ("/ladder/json/sink", test_sink);
  g_test_add_func ("/ladder/json/addr-v4", test_addr_v4);
  g_test_add_func ("/ladder/json/addr-v6", test_addr_v6);
  g_test_add_func ("/ladder/json/ns", test_ns);
  return g_test_run ();
}
