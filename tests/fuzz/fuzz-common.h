/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.h: what the fuzz harnesses share (included by each,
 * which is built as one file): the input as a file descriptor, and the
 * JSON check. */
#pragma once

/* memfd_create: the includer defines _GNU_SOURCE first. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ladder-json.h"

/* DATA in a memfd, read from its start, as the window and the CLI read a
 * file through a descriptor. */
static inline int
fuzz_memfd_with (const guint8 *data, size_t size)
{
  int fd = memfd_create ("fuzz", MFD_CLOEXEC);

  if (fd < 0 || (size > 0 && write (fd, data, size) != (ssize_t) size))
    abort ();
  lseek (fd, 0, SEEK_SET);
  return fd;
}

/* Not a full JSON parser (json-glib is not a dependency): strings are
 * closed, escaped and free of control characters and brackets balance,
 * which is what a writer that forgot to escape or to close would break. */
static inline void
check_json (LadderJson *json)
{
  const char *p = ladder_json_get_text (json);
  char stack[256];
  guint depth = 0;
  gboolean in_string = FALSE;

  if (!g_utf8_validate (p, -1, NULL))
    __builtin_trap ();
  for (; *p != '\0'; p++)
    {
      if (in_string)
        {
          if ((guchar) *p < 0x20)
            __builtin_trap ();
          if (*p == '\\')
            {
              p++;
              if (*p == '\0' || strchr ("\"\\/bfnrtu", *p) == NULL)
                __builtin_trap ();
            }
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '"')
        in_string = TRUE;
      else if (*p == '{' || *p == '[')
        {
          if (depth == sizeof stack)
            __builtin_trap ();
          stack[depth++] = *p == '{' ? '}' : ']';
        }
      else if (*p == '}' || *p == ']')
        {
          if (depth == 0 || stack[--depth] != *p)
            __builtin_trap ();
        }
    }
  if (in_string || depth != 0)
    __builtin_trap ();
}
