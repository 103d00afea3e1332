/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-paned.h: where a GtkPaned's divider starts. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Puts PANED's divider at PER_MILLE of its length the first time it is
 * laid out, whatever the window and font size; after that the user decides.
 * Does nothing when PANED is not a GtkPaned. */
void ladder_paned_place (GtkWidget *paned, int per_mille);

G_END_DECLS
