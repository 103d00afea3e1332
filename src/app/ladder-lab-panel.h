/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-panel.h: the lab panel: a scenario, its parameters and
 * impairments, Start and Stop.
 *
 * The lab runs in its own helper (capture/ladder-lab-client.h); the panel
 * picks a scenario, starts and stops it, and hands the pcapng stream it
 * returns to whoever shows captures ("stream").  It asks the helper whether
 * the lab can run here the first time it is shown.
 *
 * Properties (all but "scenario", "hops", "family", "topology" and
 * "settings" read-only):
 *   scenario   char*     the selected scenario's name (settable)
 *   summary    char*     what the selected scenario shows
 *   params     guint     LadderLabParam bits of the parameters on show
 *   available  gboolean  the helper said the lab can run here
 *   running    gboolean  a scenario is running
 *   state      char*     one line for a status bar: "Lab: ready", ...
 *   message    char*     why the lab failed or cannot run (NULL: nothing)
 *   drops      guint64   packets the kernel dropped in the last run
 *   hops       guint     routers between the hosts, 1..8 (settable)
 *   family     guint     4 or 6: the endpoints' addresses (settable)
 *   topology   char*     "chain" (client, routers, server) or "loopback"
 *                       (one host, captured on lo; where the scenario runs
 *                       so, else the chain: ladder-lab-network.h) (settable)
 *   settings   GSettings LADDER_LAB_SETTINGS_SCHEMA: scenario, hops, family,
 *                       topology, traceroute's method, max TTL and queries
 *                       and the language, kept as they change and read back
 *                       by the next panel.  By default the app's own (none
 *                       where its schema is not installed); NULL forgets.
 *   programs   LadderProgramsPanel  "Your programs" (scenario "custom"): the
 *                       commands it runs, shown while it is selected
 *   terminals  LadderTerminalView  the programs' output and typed input, for
 *                       the window to place and give its capture (shown
 *                       while a capture has programs); typing goes to the lab
 *
 * Actions (group "lab", on the panel): lab.start, lab.stop.
 *
 * Signals:
 *   stream (int fd, const char *name)   a run started; FD (pcapng) is the
 *                                       handler's to close
 *   finished (gboolean ok)              the run ended (ok: without error)
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LADDER_TYPE_LAB_PANEL (ladder_lab_panel_get_type ())
G_DECLARE_FINAL_TYPE (LadderLabPanel, ladder_lab_panel, LADDER, LAB_PANEL, GtkWidget)

#define LADDER_LAB_SETTINGS_SCHEMA "io.github.wireladder.Wireladder.Lab"

GtkWidget    *ladder_lab_panel_new           (void);
/* FALSE (and the selection unchanged) when no scenario is called NAME. */
gboolean      ladder_lab_panel_set_scenario  (LadderLabPanel *self, const char *name);
const char   *ladder_lab_panel_get_scenario  (LadderLabPanel *self);
gboolean      ladder_lab_panel_get_available (LadderLabPanel *self);
gboolean      ladder_lab_panel_get_running   (LadderLabPanel *self);
const char   *ladder_lab_panel_get_state     (LadderLabPanel *self);
const char   *ladder_lab_panel_get_message   (LadderLabPanel *self);
guint64       ladder_lab_panel_get_drops     (LadderLabPanel *self);
/* Starts the selected scenario, before the helper was asked whether it can
 * (lab.start waits for that); FALSE, and "message" says why, when it did
 * not start. */
gboolean      ladder_lab_panel_start         (LadderLabPanel *self);
/* Types TEXT (EOF: closes input) into HOST's program of a custom run;
 * FALSE, and the programs panel says why, when the lab refused it. */
gboolean      ladder_lab_panel_send_input    (LadderLabPanel *self, const char *host,
                                              const char *text, gboolean eof);
GtkWidget    *ladder_lab_panel_get_programs  (LadderLabPanel *self);
GtkWidget    *ladder_lab_panel_get_terminals (LadderLabPanel *self);
/* Binds the panel's choices to SETTINGS (LADDER_LAB_SETTINGS_SCHEMA) and
 * takes them from it; stored values out of range or unknown give way to
 * the defaults. */
void          ladder_lab_panel_set_settings  (LadderLabPanel *self, GSettings *settings);
GSettings    *ladder_lab_panel_get_settings  (LadderLabPanel *self);
/* The "lab" action group (start, stop), for callers outside the panel. */
GActionGroup *ladder_lab_panel_get_actions   (LadderLabPanel *self);

G_END_DECLS
