/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-i18n.c: where the programs find their translations.
 *
 * Installed programs read the catalogues under the configured localedir.
 * WIRELADDER_LOCALEDIR points an uninstalled build (the tests, a developer
 * trying a translation) at the build tree's po/ directory, which holds the
 * same <lang>/LC_MESSAGES/wireladder.mo layout.
 */
#include "ladder-i18n.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

const char *
ladder_i18n_localedir (void)
{
  const char *dir = g_getenv ("WIRELADDER_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LADDER_LOCALEDIR;
}

void
ladder_i18n_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, ladder_i18n_localedir ());
  /* Catalogues are UTF-8 and so is everything GLib and GTK draw, whatever
   * the locale's own codeset is. */
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
