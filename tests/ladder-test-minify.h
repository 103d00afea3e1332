/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-minify.h: JSON text without its whitespace, for the tests
 * and the fuzz harnesses that check a compact table against a pretty one. */
#pragma once

#include <glib.h>

/* TEXT without the spaces and newlines between tokens (a newly allocated
 * string). */
static inline char *
ladder_test_minify_json (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean in_string = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (in_string)
        {
          g_string_append_c (out, *p);
          if (*p == '\\' && p[1] != '\0')
            g_string_append_c (out, *++p);
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        {
          in_string = TRUE;
          g_string_append_c (out, *p);
        }
      else if (*p != ' ' && *p != '\n')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}
