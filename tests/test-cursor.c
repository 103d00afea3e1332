/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cursor.c: the byte cursor never reads outside its window. */
#include "ladder-cursor.h"

static void
test_getters_stop_at_end (void)
{
  const guint8 bytes[] = { 0x12, 0x34, 0x56, 0x78, 0x9a };
  LadderCursor c;
  guint32 v32 = 0;
  guint16 v16 = 0;
  guint8 v8 = 0;

  ladder_cursor_init (&c, bytes, sizeof bytes);
  g_assert_true (ladder_cursor_be32 (&c, &v32));
  g_assert_cmphex (v32, ==, 0x12345678);
  g_assert_false (ladder_cursor_be16 (&c, &v16));
  g_assert_cmpuint (c.off, ==, 4);            /* a failed read does not move */
  g_assert_true (ladder_cursor_u8 (&c, &v8));
  g_assert_cmphex (v8, ==, 0x9a);
  g_assert_false (ladder_cursor_u8 (&c, &v8));
  g_assert_cmpuint (ladder_cursor_remaining (&c), ==, 0);
}

static void
test_no_overflow_on_huge_lengths (void)
{
  const guint8 bytes[8] = { 0 };
  LadderCursor c, sub;
  guint16 v16;

  ladder_cursor_init (&c, bytes, sizeof bytes);
  g_assert_true (ladder_cursor_skip (&c, 2));
  g_assert_false (ladder_cursor_skip (&c, G_MAXSIZE));
  g_assert_false (ladder_cursor_has (&c, G_MAXSIZE - 1));
  g_assert_false (ladder_cursor_peek_be16 (&c, G_MAXSIZE, &v16));
  g_assert_false (ladder_cursor_peek_be16 (&c, 5, &v16));
  g_assert_true (ladder_cursor_peek_be16 (&c, 4, &v16));
  g_assert_null (ladder_cursor_ptr (&c, 7));
  g_assert_false (ladder_cursor_sub (&c, G_MAXSIZE, &sub));
  g_assert_cmpuint (sub.end, ==, 8);          /* clipped, not extended */
}

static void
test_narrow_only_shrinks (void)
{
  const guint8 bytes[10] = { 0 };
  LadderCursor c;

  ladder_cursor_init (&c, bytes, sizeof bytes);
  ladder_cursor_skip (&c, 2);
  g_assert_false (ladder_cursor_narrow (&c, 20));
  g_assert_cmpuint (c.end, ==, 10);
  g_assert_true (ladder_cursor_narrow (&c, 3));
  g_assert_cmpuint (c.end, ==, 5);
  g_assert_false (ladder_cursor_skip (&c, 4));
  g_assert_true (ladder_cursor_skip (&c, 3));
}

static void
test_null_data_is_empty (void)
{
  LadderCursor c;
  guint8 v8;

  ladder_cursor_init (&c, NULL, 100);
  g_assert_false (ladder_cursor_u8 (&c, &v8));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/cursor/getters-stop-at-end", test_getters_stop_at_end);
  g_test_add_func ("/ladder/cursor/no-overflow", test_no_overflow_on_huge_lengths);
  g_test_add_func ("/ladder/cursor/narrow-only-shrinks", test_narrow_only_shrinks);
  g_test_add_func ("/ladder/cursor/null-data", test_null_data_is_empty);
  return g_test_run ();
}
