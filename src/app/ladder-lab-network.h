/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-network.h: the lab panel's choice of the lab's network: the
 * endpoints' address family (IPv4 or IPv6, `lab run --family 4|6`) and its
 * topology (client, routers and server in a routed chain, or client and
 * server on one host captured on lo, `--topology chain|loopback`).
 *
 * Properties:
 *   family             guint     4 or 6 (default 4)
 *   topology           string    "chain" or "loopback", as picked (default
 *                                "chain")
 *   loopback-possible  gboolean  the scenario in the panel also runs on one
 *                                host; where it does not, the chain is shown
 *                                and the loopback choice is greyed out and
 *                                says why (topology keeps what was picked)
 *   run-loopback       gboolean  read-only: what the run uses, loopback
 *                                picked and possible
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LADDER_TYPE_LAB_NETWORK (ladder_lab_network_get_type ())
G_DECLARE_FINAL_TYPE (LadderLabNetwork, ladder_lab_network, LADDER, LAB_NETWORK, GtkWidget)

#define LADDER_LAB_TOPOLOGY_CHAIN    "chain"
#define LADDER_LAB_TOPOLOGY_LOOPBACK "loopback"

GtkWidget  *ladder_lab_network_new                   (void);
/* FAMILY other than 4 or 6 is refused (FALSE, nothing changed). */
gboolean    ladder_lab_network_set_family            (LadderLabNetwork *self, guint family);
guint       ladder_lab_network_get_family            (LadderLabNetwork *self);
/* TOPOLOGY other than "chain" or "loopback" is refused (FALSE). */
gboolean    ladder_lab_network_set_topology          (LadderLabNetwork *self, const char *topology);
const char *ladder_lab_network_get_topology          (LadderLabNetwork *self);
void        ladder_lab_network_set_loopback_possible (LadderLabNetwork *self, gboolean possible,
                                                      const char *why_not);
gboolean    ladder_lab_network_get_loopback_possible (LadderLabNetwork *self);
gboolean    ladder_lab_network_get_run_loopback      (LadderLabNetwork *self);

G_END_DECLS
