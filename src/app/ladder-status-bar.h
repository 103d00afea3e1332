/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-status-bar.h: the line at the bottom of the window: how many
 * packets the capture has, how many the filters show, how many the kernel
 * dropped, the capture's name, and what the lab is doing.
 *
 * Properties:
 *   packets      guint64   "14 packets"
 *   shown        guint64   "2 shown"
 *   drops        guint64   "0 dropped"
 *   file         char*     the capture's name (NULL: "No capture")
 *   lab-state    char*     "Lab: ready", ...
 *   lab-running  gboolean  the lab's words are highlighted while it runs
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  LADDER_STATUS_PACKETS,
  LADDER_STATUS_SHOWN,
  LADDER_STATUS_DROPS,
  LADDER_STATUS_FILE,
  LADDER_STATUS_LAB,
} LadderStatusItem;

#define LADDER_TYPE_STATUS_BAR (ladder_status_bar_get_type ())
G_DECLARE_FINAL_TYPE (LadderStatusBar, ladder_status_bar, LADDER, STATUS_BAR, GtkWidget)

GtkWidget  *ladder_status_bar_new      (void);
/* The text a person reads for ITEM. */
const char *ladder_status_bar_get_text (LadderStatusBar *self, LadderStatusItem item);

G_END_DECLS
