/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-i18n.h: the "wireladder" gettext domain, bound once per program. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void        ladder_i18n_init      (void);
const char *ladder_i18n_localedir (void);

G_END_DECLS
