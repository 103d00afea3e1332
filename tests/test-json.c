/* test-json.c: the JSON writer places commas, escapes strings and formats addresses. */
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ladder/json/nesting", test_nesting_and_commas);
  g_test_add_func ("/ladder/json/escaping", test_escaping);
  return g_test_run ();
}
