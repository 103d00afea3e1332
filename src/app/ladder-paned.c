/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-paned.c: where a GtkPaned's divider starts (see the header). */
#include "ladder-paned.h"

static void
on_paned_sized (GtkPaned *paned, GParamSpec *pspec, gpointer per_mille)
{
  int max = 0;

  g_object_get (paned, "max-position", &max, NULL);
  if (max <= 0 || g_object_get_data (G_OBJECT (paned), "ladder-placed") != NULL)
    return;
  g_object_set_data (G_OBJECT (paned), "ladder-placed", GINT_TO_POINTER (1));
  gtk_paned_set_position (paned, max * GPOINTER_TO_INT (per_mille) / 1000);
}

void
ladder_paned_place (GtkWidget *paned, int per_mille)
{
  if (GTK_IS_PANED (paned))
    g_signal_connect (paned, "notify::max-position", G_CALLBACK (on_paned_sized), GINT_TO_POINTER (per_mille));
}
