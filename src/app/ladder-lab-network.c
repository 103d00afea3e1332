/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-network.c: family and topology of the lab (see the header).
 *
 * Two pairs of linked toggle buttons rather than dropdowns: the loopback
 * choice alone can be greyed out, with a tooltip saying why, where a
 * scenario needs routers.  The buttons show what the run will use; the
 * properties keep what was picked, so passing over traceroute in the
 * scenario list does not forget "one host".
 */
#include "ladder-lab-network.h"

#include <glib/gi18n-lib.h>

struct _LadderLabNetwork
{
  GtkWidget        parent_instance;

  /* Template children */
  GtkWidget       *box;
  GtkToggleButton *ipv4_button, *ipv6_button;
  GtkToggleButton *chain_button, *loopback_button;
  GtkLabel        *caption;

  guint            family;
  gboolean         loopback;           /* as picked */
  gboolean         loopback_possible;
  gboolean         syncing;            /* the buttons follow the properties */
};

enum { PROP_0, PROP_FAMILY, PROP_TOPOLOGY, PROP_LOOPBACK_POSSIBLE, PROP_RUN_LOOPBACK, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LadderLabNetwork, ladder_lab_network, GTK_TYPE_WIDGET)

GtkWidget *
ladder_lab_network_new (void)
{
  return g_object_new (LADDER_TYPE_LAB_NETWORK, NULL);
}

static const char *
caption_text (LadderLabNetwork *self)
{
  gboolean v6 = self->family == 6;

  if (ladder_lab_network_get_run_loopback (self))
    return v6 ? _("Client and server on one host, localhost (::1), captured on lo.")
              : _("Client and server on one host, localhost (127.0.0.1), captured on lo.");
  return v6 ? _("Client, routers and server on links fd00:k::/64, captured on every link.")
            : _("Client, routers and server on links 10.0.k.0/24, captured on every link.");
}

/* The buttons and the caption from the properties. */
static void
sync_buttons (LadderLabNetwork *self)
{
  self->syncing = TRUE;
  gtk_toggle_button_set_active (self->family == 6 ? self->ipv6_button : self->ipv4_button, TRUE);
  gtk_toggle_button_set_active (ladder_lab_network_get_run_loopback (self) ? self->loopback_button
                                                                           : self->chain_button, TRUE);
  self->syncing = FALSE;
  gtk_label_set_text (self->caption, caption_text (self));
}

gboolean
ladder_lab_network_set_family (LadderLabNetwork *self, guint family)
{
  g_return_val_if_fail (LADDER_IS_LAB_NETWORK (self), FALSE);

  if (family != 4 && family != 6)
    return FALSE;
  if (self->family != family)
    {
      self->family = family;
      sync_buttons (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAMILY]);
    }
  return TRUE;
}

guint
ladder_lab_network_get_family (LadderLabNetwork *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_NETWORK (self), 4);
  return self->family;
}

static void
set_loopback (LadderLabNetwork *self, gboolean loopback)
{
  gboolean was = ladder_lab_network_get_run_loopback (self);

  if (self->loopback == loopback)
    return;
  self->loopback = loopback;
  sync_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOPOLOGY]);
  if (was != ladder_lab_network_get_run_loopback (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN_LOOPBACK]);
}

gboolean
ladder_lab_network_set_topology (LadderLabNetwork *self, const char *topology)
{
  g_return_val_if_fail (LADDER_IS_LAB_NETWORK (self), FALSE);

  if (g_strcmp0 (topology, LADDER_LAB_TOPOLOGY_CHAIN) == 0)
    set_loopback (self, FALSE);
  else if (g_strcmp0 (topology, LADDER_LAB_TOPOLOGY_LOOPBACK) == 0)
    set_loopback (self, TRUE);
  else
    return FALSE;
  return TRUE;
}

const char *
ladder_lab_network_get_topology (LadderLabNetwork *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_NETWORK (self), NULL);
  return self->loopback ? LADDER_LAB_TOPOLOGY_LOOPBACK : LADDER_LAB_TOPOLOGY_CHAIN;
}

/* WHY_NOT: the loopback button's tooltip while it cannot be picked. */
void
ladder_lab_network_set_loopback_possible (LadderLabNetwork *self, gboolean possible,
                                          const char *why_not)
{
  gboolean was;

  g_return_if_fail (LADDER_IS_LAB_NETWORK (self));

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->loopback_button),
                               possible || why_not == NULL
                               ? _("Client and server on one host, captured on its loopback "
                                   "interface lo, as “telnet localhost” shows it")
                               : why_not);
  possible = !!possible;
  if (self->loopback_possible == possible)
    return;
  was = ladder_lab_network_get_run_loopback (self);
  self->loopback_possible = possible;
  gtk_widget_set_sensitive (GTK_WIDGET (self->loopback_button), possible);
  sync_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOPBACK_POSSIBLE]);
  if (was != ladder_lab_network_get_run_loopback (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN_LOOPBACK]);
}

gboolean
ladder_lab_network_get_loopback_possible (LadderLabNetwork *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_NETWORK (self), FALSE);
  return self->loopback_possible;
}

gboolean
ladder_lab_network_get_run_loopback (LadderLabNetwork *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_NETWORK (self), FALSE);
  return self->loopback && self->loopback_possible;
}

/* A person pressed a button (a toggle group reports the one released too). */
static void
on_family_toggled (LadderLabNetwork *self, GtkToggleButton *button)
{
  if (!self->syncing && gtk_toggle_button_get_active (button))
    ladder_lab_network_set_family (self, button == self->ipv6_button ? 6 : 4);
}

static void
on_topology_toggled (LadderLabNetwork *self, GtkToggleButton *button)
{
  if (!self->syncing && gtk_toggle_button_get_active (button))
    set_loopback (self, button == self->loopback_button);
}

static void
ladder_lab_network_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderLabNetwork *self = LADDER_LAB_NETWORK (object);

  switch (prop_id)
    {
    case PROP_FAMILY: g_value_set_uint (value, self->family); break;
    case PROP_TOPOLOGY: g_value_set_string (value, ladder_lab_network_get_topology (self)); break;
    case PROP_LOOPBACK_POSSIBLE: g_value_set_boolean (value, self->loopback_possible); break;
    case PROP_RUN_LOOPBACK: g_value_set_boolean (value, ladder_lab_network_get_run_loopback (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_lab_network_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  LadderLabNetwork *self = LADDER_LAB_NETWORK (object);

  switch (prop_id)
    {
    case PROP_FAMILY:
      if (!ladder_lab_network_set_family (self, g_value_get_uint (value)))
        g_warning ("Unknown address family %u (4 or 6)", g_value_get_uint (value));
      break;
    case PROP_TOPOLOGY:
      if (!ladder_lab_network_set_topology (self, g_value_get_string (value)))
        g_warning ("Unknown lab topology “%s” (chain or loopback)", g_value_get_string (value));
      break;
    case PROP_LOOPBACK_POSSIBLE:
      ladder_lab_network_set_loopback_possible (self, g_value_get_boolean (value), NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_lab_network_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LADDER_TYPE_LAB_NETWORK);
  G_OBJECT_CLASS (ladder_lab_network_parent_class)->dispose (object);
}

static void
install_properties (GObjectClass *object_class)
{
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  properties[PROP_FAMILY] = g_param_spec_uint ("family", NULL, NULL, 4, 6, 4, rw);
  properties[PROP_TOPOLOGY] = g_param_spec_string ("topology", NULL, NULL, LADDER_LAB_TOPOLOGY_CHAIN, rw);
  properties[PROP_LOOPBACK_POSSIBLE] = g_param_spec_boolean ("loopback-possible", NULL, NULL, TRUE, rw);
  properties[PROP_RUN_LOOPBACK] = g_param_spec_boolean ("run-loopback", NULL, NULL, FALSE,
                                                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                        | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ladder_lab_network_class_init (LadderLabNetworkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ladder_lab_network_dispose;
  object_class->get_property = ladder_lab_network_get_property;
  object_class->set_property = ladder_lab_network_set_property;
  install_properties (object_class);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-lab-network.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderLabNetwork, box);
  gtk_widget_class_bind_template_child (widget_class, LadderLabNetwork, ipv4_button);
  gtk_widget_class_bind_template_child (widget_class, LadderLabNetwork, ipv6_button);
  gtk_widget_class_bind_template_child (widget_class, LadderLabNetwork, chain_button);
  gtk_widget_class_bind_template_child (widget_class, LadderLabNetwork, loopback_button);
  gtk_widget_class_bind_template_child (widget_class, LadderLabNetwork, caption);
  gtk_widget_class_bind_template_callback (widget_class, on_family_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_topology_toggled);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "labnetwork");
}

static void
ladder_lab_network_init (LadderLabNetwork *self)
{
  self->family = 4;
  self->loopback_possible = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  ladder_lab_network_set_loopback_possible (self, TRUE, NULL);
  sync_buttons (self);
}
