/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-application.h: the single-instance GtkApplication.
 *
 * Owns the settings, the font scale (a CSS provider on the display, so
 * every widget and every view's Pango layout scales alike) and the color
 * scheme.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LADDER_APP_ID "io.github.wireladder.Wireladder"

#define LADDER_TYPE_APPLICATION (ladder_application_get_type ())
G_DECLARE_FINAL_TYPE (LadderApplication, ladder_application, LADDER, APPLICATION, GtkApplication)

LadderApplication *ladder_application_new (void);

GSettings *ladder_application_get_settings   (LadderApplication *self);
/* 1.0 is the desktop's size; views read it (and "notify::font-scale"). */
double     ladder_application_get_font_scale (LadderApplication *self);
void       ladder_application_set_font_scale (LadderApplication *self, double scale);

/* Where the sample captures are: $WIRELADDER_DATADIR/captures, the installed
 * datadir, or the source tree's data/captures for uninstalled runs. */
char      *ladder_application_get_samples_dir (void);
/* Sample file names (*.pcap, *.pcapng), sorted. */
GStrv      ladder_application_list_samples    (void);

/* Remembers PATH as most recently opened (the "recent-files" setting). */
void       ladder_application_add_recent      (LadderApplication *self, const char *path);

G_END_DECLS
