/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lab-panel.c: the lab panel (see the header).
 *
 * When the lab cannot run here, the panel says why, greys itself out and
 * the rest of the window works as before.
 */
#include "ladder-lab-panel.h"

#include <glib/gi18n-lib.h>

#include "ladder-lab-client.h"
#include "ladder-lab-custom.h"
#include "ladder-lab-network.h"
#include "ladder-programs-panel.h"
#include "ladder-terminal-view.h"
#include "ladder-lang-chooser.h"

struct _LadderLabPanel
{
  GtkWidget         parent_instance;

  /* Template children */
  GtkWidget        *scroller;
  GtkLabel         *lab_message;
  GtkDropDown      *lab_scenario;
  GtkLabel         *lab_summary;
  GtkWidget        *lab_params;
  GtkWidget        *lab_hops_label, *lab_method_label, *lab_max_ttl_label, *lab_queries_label;
  GtkSpinButton    *lab_hops;
  GtkDropDown      *lab_method;
  GtkSpinButton    *lab_max_ttl;
  GtkSpinButton    *lab_queries;
  LadderLangChooser *lab_lang;
  LadderLabNetwork *lab_network;
  GtkSpinButton    *lab_delay, *lab_loss, *lab_jitter, *lab_duplicate, *lab_reorder, *lab_rate, *lab_seed;
  GtkLabel         *lab_status;
  GtkWidget        *programs_panel;    /* "Your programs": shown for the custom scenario */

  /* Owned */
  GtkWidget        *terminals;         /* the custom run's programs; placed by the window */
  GSimpleActionGroup *actions;
  GSettings        *settings;          /* the panel's choices between runs, or NULL */
  LadderLabClient  *lab;
  GCancellable     *cancellable;
  char             *state;
  char             *message;
  guint64           drops;
  gboolean          probed;
  gboolean          available;
  gboolean          running;
};

enum
{
  PROP_0,
  PROP_SCENARIO,
  PROP_SUMMARY,
  PROP_PARAMS,
  PROP_AVAILABLE,
  PROP_RUNNING,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_DROPS,
  PROP_PROGRAMS,
  PROP_HOPS,
  PROP_TERMINALS,
  PROP_FAMILY,
  PROP_TOPOLOGY,
  PROP_SETTINGS,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_STREAM, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LadderLabPanel, ladder_lab_panel, GTK_TYPE_WIDGET)

static void
notify (LadderLabPanel *self, guint prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static const LadderLabScenario *
selected_scenario (LadderLabPanel *self)
{
  guint n = 0;
  const LadderLabScenario *scenarios = ladder_lab_get_scenarios (&n);
  guint i = gtk_drop_down_get_selected (self->lab_scenario);

  /* "Your programs" comes after the built-in scenarios. */
  if (i == n)
    return ladder_lab_get_custom_scenario ();
  return i < n ? &scenarios[i] : NULL;
}

static gboolean
custom_selected (LadderLabPanel *self)
{
  return selected_scenario (self) == ladder_lab_get_custom_scenario ();
}

static guint
spin_value (GtkSpinButton *spin)
{
  return (guint) gtk_spin_button_get_value_as_int (spin);
}

/* Every link, each way; a seed of 0 lets the lab pick one (the status
 * line and the file's interfaces say which).  The lab's relay makes them
 * on every kernel: no probe decides. */
static void
read_impairments (LadderLabPanel *self, LadderLabParams *params)
{
  guint seed = spin_value (self->lab_seed);

  params->delay_ms = spin_value (self->lab_delay);
  params->loss_percent = spin_value (self->lab_loss);
  params->jitter_ms = spin_value (self->lab_jitter);
  params->duplicate_percent = spin_value (self->lab_duplicate);
  params->reorder_percent = spin_value (self->lab_reorder);
  params->rate_kbit = spin_value (self->lab_rate);
  params->seed_set = seed != 0;
  params->seed = seed;
}

/* The method dropdown's items, in order (and the settings' nicks). */
static const char *const methods[] = { "udp", "icmp", "tcp" };

static const char *
selected_method (LadderLabPanel *self)
{
  guint i = gtk_drop_down_get_selected (self->lab_method);

  return i < G_N_ELEMENTS (methods) ? methods[i] : "udp";
}

/* One host has no routers and no links to impair: their settings stay
 * for the next chained run, unsent. */
static void
read_params (LadderLabPanel *self, const LadderLabScenario *scenario, LadderLabParams *params)
{
  gboolean loopback = ladder_lab_network_get_run_loopback (self->lab_network);

  params->scenario = scenario->name;
  params->hops = (scenario->params & LADDER_LAB_PARAM_HOPS) && !loopback ? spin_value (self->lab_hops) : 0;
  params->method = (scenario->params & LADDER_LAB_PARAM_METHOD) ? selected_method (self) : NULL;
  params->max_ttl = (scenario->params & LADDER_LAB_PARAM_MAX_TTL) ? spin_value (self->lab_max_ttl) : 0;
  params->queries = (scenario->params & LADDER_LAB_PARAM_QUERIES) ? spin_value (self->lab_queries) : 0;
  if (!loopback)
    read_impairments (self, params);
  params->lang = ladder_lang_chooser_get_run_lang (self->lab_lang);
  params->family = ladder_lab_network_get_family (self->lab_network);
  params->loopback = loopback;
}

static void
update_actions (LadderLabPanel *self)
{
  GActionMap *map = G_ACTION_MAP (self->actions);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "start")),
                               self->available && !self->running);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "stop")),
                               self->running);
}

static void
set_running (LadderLabPanel *self, gboolean running)
{
  if (self->running == running)
    return;
  self->running = running;
  update_actions (self);
  notify (self, PROP_RUNNING);
}

static void
set_state (LadderLabPanel *self, const char *state)
{
  g_free (self->state);
  self->state = g_strdup (state);
  gtk_label_set_text (self->lab_status, state != NULL ? state : "");
  notify (self, PROP_STATE);
}

static void
set_message (LadderLabPanel *self, const char *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_widget_set_visible (GTK_WIDGET (self->lab_message), message != NULL);
  gtk_label_set_text (self->lab_message, message != NULL ? message : "");
  notify (self, PROP_MESSAGE);
}

static void
set_drops (LadderLabPanel *self, guint64 drops)
{
  if (self->drops == drops)
    return;
  self->drops = drops;
  notify (self, PROP_DROPS);
}

/* The widgets of the chain alone: routers and per-link impairments. */
static const char *const chain_widgets[] = {
  "lab_hops_label", "lab_hops", "lab_delay_label", "lab_delay", "lab_loss_label", "lab_loss",
  "lab_jitter_label", "lab_jitter", "lab_duplicate_label", "lab_duplicate", "lab_reorder_label",
  "lab_reorder", "lab_rate_label", "lab_rate", "lab_seed_label", "lab_seed",
};

/* The labels of chain_widgets that have no field of their own. */
static const char *const impairment_labels[] = {
  "lab_delay_label", "lab_loss_label", "lab_jitter_label", "lab_duplicate_label",
  "lab_reorder_label", "lab_rate_label", "lab_seed_label",
};

/* Greyed out, and saying why, while the run is on one host. */
static void
on_run_loopback (LadderLabPanel *self)
{
  gboolean loopback = ladder_lab_network_get_run_loopback (self->lab_network);

  for (guint i = 0; i < G_N_ELEMENTS (chain_widgets); i++)
    {
      GtkWidget *widget = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                     LADDER_TYPE_LAB_PANEL,
                                                                     chain_widgets[i]));

      gtk_widget_set_sensitive (widget, !loopback);
      gtk_widget_set_tooltip_text (widget, loopback ? _("One host has no routers and no links "
                                                        "to impair: this applies to the routed "
                                                        "chain") : NULL);
    }
}

static void
update_network (LadderLabPanel *self, const LadderLabScenario *scenario)
{
  gboolean possible = scenario != NULL && (scenario->params & LADDER_LAB_PARAM_LOOPBACK);
  g_autofree char *why = NULL;

  if (!possible && scenario != NULL)
    why = g_strdup_printf (_("%s needs routers between client and server: it runs on the "
                             "routed chain only"), scenario->title);
  ladder_lab_network_set_loopback_possible (self->lab_network, possible, why);
}

static void
on_scenario_selected (LadderLabPanel *self)
{
  const LadderLabScenario *scenario = selected_scenario (self);
  guint params = scenario != NULL ? scenario->params : 0;

  gtk_label_set_text (self->lab_summary, scenario != NULL ? scenario->summary : "");
  gtk_widget_set_visible (self->lab_hops_label, params & LADDER_LAB_PARAM_HOPS);
  gtk_widget_set_visible (GTK_WIDGET (self->lab_hops), params & LADDER_LAB_PARAM_HOPS);
  gtk_widget_set_visible (self->lab_method_label, params & LADDER_LAB_PARAM_METHOD);
  gtk_widget_set_visible (GTK_WIDGET (self->lab_method), params & LADDER_LAB_PARAM_METHOD);
  gtk_widget_set_visible (self->lab_max_ttl_label, params & LADDER_LAB_PARAM_MAX_TTL);
  gtk_widget_set_visible (GTK_WIDGET (self->lab_max_ttl), params & LADDER_LAB_PARAM_MAX_TTL);
  gtk_widget_set_visible (self->lab_queries_label, params & LADDER_LAB_PARAM_QUERIES);
  gtk_widget_set_visible (GTK_WIDGET (self->lab_queries), params & LADDER_LAB_PARAM_QUERIES);
  ladder_lang_chooser_set_scenario (self->lab_lang, scenario != NULL ? scenario->name : NULL);
  gtk_widget_set_visible (self->programs_panel, custom_selected (self));
  update_network (self, scenario);
  notify (self, PROP_SCENARIO);
  notify (self, PROP_SUMMARY);
  notify (self, PROP_PARAMS);
}

static void
on_lab_status (LadderLabClient *lab, const char *message, LadderLabPanel *self)
{
  g_autofree char *state = g_strdup_printf ("Lab: %s", message);

  set_state (self, state);
}

/* While running: the status bar's count, and a word in the panel. */
static void
on_lab_drops (LadderLabClient *lab, guint64 drops, LadderLabPanel *self)
{
  g_autofree char *state = g_strdup_printf ("Lab: running; the kernel dropped %" G_GUINT64_FORMAT
                                            " packet%s so far", drops, drops == 1 ? "" : "s");

  set_drops (self, drops);
  set_state (self, state);
}

static void
on_lab_finished (LadderLabClient *lab, const GError *error, guint64 drops, LadderLabPanel *self)
{
  set_drops (self, drops);
  if (error != NULL)
    {
      g_autofree char *state = g_strdup_printf ("Lab: failed: %s", error->message);

      set_state (self, state);
      set_message (self, error->message);
    }
  else if (drops > 0)
    {
      g_autofree char *state = g_strdup_printf ("Lab: finished; the kernel dropped %" G_GUINT64_FORMAT
                                                " packet%s, the capture misses them", drops,
                                                drops == 1 ? "" : "s");
      set_state (self, state);
    }
  else
    set_state (self, "Lab: finished, nothing dropped");
  set_running (self, FALSE);
  ladder_terminal_view_set_input (LADDER_TERMINAL_VIEW (self->terminals), FALSE);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, error == NULL);
}

static void
on_probed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (LadderLabPanel) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean available = ladder_lab_client_probe_finish (LADDER_LAB_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->available = available;
  if (!available)
    {
      g_autofree char *message = g_strdup_printf ("Lab unavailable. %s", error->message);

      set_message (self, message);
      set_state (self, "Lab: unavailable");
      /* Nothing here can be used: say so by greying it out. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->lab_scenario), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->lab_network), FALSE);
      gtk_widget_set_sensitive (self->lab_params, FALSE);
    }
  else
    {
      set_message (self, NULL);
      set_state (self, "Lab: ready");
    }
  update_actions (self);
  notify (self, PROP_AVAILABLE);
}

/* Asked once, the first time a person looks at the panel. */
static void
on_visible (LadderLabPanel *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self)) || self->probed)
    return;
  self->probed = TRUE;
  set_state (self, "Lab: checking…");
  ladder_lab_client_probe_async (self->lab, self->cancellable, on_probed, g_object_ref (self));
}

static void
start (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  ladder_lab_panel_start (LADDER_LAB_PANEL (user_data));
}

/* The custom lab: the programs panel's commands.  FD of its stream, or -1. */
static int
start_programs (LadderLabPanel *self, const LadderLabParams *params, GError **error)
{
  LadderProgramsPanel *panel = LADDER_PROGRAMS_PANEL (self->programs_panel);
  LadderLabPrograms programs;

  ladder_programs_panel_get_programs (panel, &programs);
  ladder_programs_panel_set_error (panel, NULL);
  return ladder_lab_client_start_programs (self->lab, params, &programs, error);
}

/* Typed input the lab refused: told under the commands (a failed start or
 * run is told once, by the panel's message). */
static void
on_input_error (LadderLabClient *lab, const char *host, const char *message, LadderLabPanel *self)
{
  ladder_programs_panel_set_error (LADDER_PROGRAMS_PANEL (self->programs_panel), message);
}

gboolean
ladder_lab_panel_send_input (LadderLabPanel *self, const char *host, const char *text, gboolean eof)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), FALSE);
  ok = eof ? ladder_lab_client_close_input (self->lab, host, &error)
           : ladder_lab_client_send_input (self->lab, host, text, &error);
  if (!ok)
    on_input_error (self->lab, host, error->message, self);
  return ok;
}

static void
on_terminal_input (LadderTerminalView *view, const char *host, const char *text, gboolean eof,
                   LadderLabPanel *self)
{
  ladder_lab_panel_send_input (self, host, text, eof);
}

static void
on_n_programs (LadderLabPanel *self)
{
  LadderTerminalView *view = LADDER_TERMINAL_VIEW (self->terminals);

  gtk_widget_set_visible (self->terminals, ladder_terminal_view_get_n_programs (view) > 0);
}

static void
init_terminals (LadderLabPanel *self)
{
  self->terminals = g_object_ref_sink (ladder_terminal_view_new ());
  gtk_widget_set_visible (self->terminals, FALSE);
  g_signal_connect (self->terminals, "input", G_CALLBACK (on_terminal_input), self);
  g_signal_connect_swapped (self->terminals, "notify::n-programs", G_CALLBACK (on_n_programs), self);
}

GtkWidget *
ladder_lab_panel_get_terminals (LadderLabPanel *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), NULL);
  return self->terminals;
}

GtkWidget *
ladder_lab_panel_get_programs (LadderLabPanel *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), NULL);
  return self->programs_panel;
}

gboolean
ladder_lab_panel_start (LadderLabPanel *self)
{
  const LadderLabScenario *scenario;
  LadderLabParams params = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  int fd;

  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), FALSE);
  scenario = selected_scenario (self);
  if (scenario == NULL || self->running)
    return FALSE;
  read_params (self, scenario, &params);
  fd = custom_selected (self) ? start_programs (self, &params, &error)
                              : ladder_lab_client_start (self->lab, &params, &error);
  if (fd < 0)
    {
      set_message (self, error->message);
      return FALSE;
    }
  set_message (self, NULL);
  set_drops (self, 0);
  set_running (self, TRUE);
  name = g_strdup_printf ("Lab: %s", scenario->title);
  g_signal_emit (self, signals[SIGNAL_STREAM], 0, fd, name);
  /* Once the window shows the run's capture: typing is allowed. */
  ladder_terminal_view_set_input (LADDER_TERMINAL_VIEW (self->terminals), custom_selected (self));
  set_state (self, "Lab: running");
  return TRUE;
}

static void
stop (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LadderLabPanel *self = user_data;

  if (self->running)
    ladder_lab_client_stop (self->lab);
}

static void
fill_scenarios (LadderLabPanel *self)
{
  g_autoptr (GtkStringList) titles = gtk_string_list_new (NULL);
  guint n = 0;
  const LadderLabScenario *scenarios = ladder_lab_get_scenarios (&n);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (titles, scenarios[i].title);
  gtk_string_list_append (titles, ladder_lab_get_custom_scenario ()->title);
  gtk_drop_down_set_model (self->lab_scenario, G_LIST_MODEL (titles));
}

static void
init_actions (LadderLabPanel *self)
{
  static const GActionEntry entries[] = {
    { "start", start },
    { "stop", stop },
  };

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "lab", G_ACTION_GROUP (self->actions));
  update_actions (self);
}

GtkWidget *
ladder_lab_panel_new (void)
{
  return g_object_new (LADDER_TYPE_LAB_PANEL, NULL);
}

gboolean
ladder_lab_panel_set_scenario (LadderLabPanel *self, const char *name)
{
  guint n = 0;
  const LadderLabScenario *scenarios = ladder_lab_get_scenarios (&n);

  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), FALSE);

  for (guint i = 0; name != NULL && i < n; i++)
    if (g_str_equal (scenarios[i].name, name))
      {
        gtk_drop_down_set_selected (self->lab_scenario, i);
        return TRUE;
      }
  if (g_strcmp0 (name, LADDER_LAB_CUSTOM_SCENARIO) == 0)
    {
      gtk_drop_down_set_selected (self->lab_scenario, n);
      return TRUE;
    }
  return FALSE;
}

const char *
ladder_lab_panel_get_scenario (LadderLabPanel *self)
{
  const LadderLabScenario *scenario;

  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), NULL);
  scenario = selected_scenario (self);
  return scenario != NULL ? scenario->name : NULL;
}

gboolean
ladder_lab_panel_get_available (LadderLabPanel *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), FALSE);
  return self->available;
}

gboolean
ladder_lab_panel_get_running (LadderLabPanel *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), FALSE);
  return self->running;
}

const char *
ladder_lab_panel_get_state (LadderLabPanel *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), NULL);
  return self->state;
}

const char *
ladder_lab_panel_get_message (LadderLabPanel *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), NULL);
  return self->message;
}

guint64
ladder_lab_panel_get_drops (LadderLabPanel *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), 0);
  return self->drops;
}

GActionGroup *
ladder_lab_panel_get_actions (LadderLabPanel *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), NULL);
  return G_ACTION_GROUP (self->actions);
}

/* The parameters a person can see, read back from the widgets. */
static guint
shown_params (LadderLabPanel *self)
{
  return (gtk_widget_get_visible (GTK_WIDGET (self->lab_hops)) ? LADDER_LAB_PARAM_HOPS : 0)
       | (gtk_widget_get_visible (GTK_WIDGET (self->lab_method)) ? LADDER_LAB_PARAM_METHOD : 0)
       | (gtk_widget_get_visible (GTK_WIDGET (self->lab_max_ttl)) ? LADDER_LAB_PARAM_MAX_TTL : 0)
       | (gtk_widget_get_visible (GTK_WIDGET (self->lab_queries)) ? LADDER_LAB_PARAM_QUERIES : 0);
}

/* ---- the network chooser and the remembered settings ---- */

static void
on_network_notify (LadderLabPanel *self, GParamSpec *pspec)
{
  if (g_str_equal (pspec->name, "family"))
    notify (self, PROP_FAMILY);
  else if (g_str_equal (pspec->name, "topology"))
    notify (self, PROP_TOPOLOGY);
  else if (g_str_equal (pspec->name, "run-loopback"))
    on_run_loopback (self);
}

static void
on_hops_changed (LadderLabPanel *self)
{
  notify (self, PROP_HOPS);
}

static void
init_network (LadderLabPanel *self)
{
  g_signal_connect_object (self->lab_network, "notify", G_CALLBACK (on_network_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lab_hops, "value-changed", G_CALLBACK (on_hops_changed), self,
                           G_CONNECT_SWAPPED);
  on_run_loopback (self);
}

/* Stored values GSettings let through (its ranges and enums catch the
 * rest) that still mean nothing here fail the mapping: the key's default
 * is used instead. */
static gboolean
family_from_setting (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  if (g_str_equal (nick, "ipv4") || g_str_equal (nick, "ipv6"))
    return g_value_set_uint (value, nick[3] == '6' ? 6 : 4), TRUE;
  return FALSE;
}

static GVariant *
family_to_setting (const GValue *value, const GVariantType *type, gpointer user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 6 ? "ipv6" : "ipv4");
}

static gboolean
method_from_setting (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_str_equal (nick, methods[i]))
      return g_value_set_uint (value, i), TRUE;
  return FALSE;
}

static GVariant *
method_to_setting (const GValue *value, const GVariantType *type, gpointer user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (methods[i < G_N_ELEMENTS (methods) ? i : 0]);
}

/* Properties bound to the keys of LADDER_LAB_SETTINGS_SCHEMA, in the order
 * they are read (the scenario first: it decides what the others show). */
static GObject *
bound_object (LadderLabPanel *self, guint i, const char **key, const char **property)
{
  static const char *const keys[][2] = {
    { "scenario", "scenario" }, { "hops", "hops" }, { "family", "family" },
    { "topology", "topology" }, { "method", "selected" }, { "max-ttl", "value" },
    { "queries", "value" }, { "lang", "lang" },
  };
  GObject *objects[] = {
    G_OBJECT (self), G_OBJECT (self), G_OBJECT (self), G_OBJECT (self),
    G_OBJECT (self->lab_method), G_OBJECT (self->lab_max_ttl), G_OBJECT (self->lab_queries),
    G_OBJECT (self->lab_lang),
  };

  if (i >= G_N_ELEMENTS (keys))
    return NULL;
  *key = keys[i][0];
  *property = keys[i][1];
  return objects[i];
}

static void
bind_settings (LadderLabPanel *self)
{
  /* The panel greys its own widgets: the keys' writability does not. */
  const GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_NO_SENSITIVITY;
  const char *key, *property;
  GObject *object;

  for (guint i = 0; (object = bound_object (self, i, &key, &property)) != NULL; i++)
    if (g_str_equal (key, "family"))
      g_settings_bind_with_mapping (self->settings, key, object, property, flags,
                                    family_from_setting, family_to_setting, NULL, NULL);
    else if (g_str_equal (key, "method"))
      g_settings_bind_with_mapping (self->settings, key, object, property, flags,
                                    method_from_setting, method_to_setting, NULL, NULL);
    else
      g_settings_bind (self->settings, key, object, property, flags);
}

static void
unbind_settings (LadderLabPanel *self)
{
  const char *key, *property;
  GObject *object;

  for (guint i = 0; (object = bound_object (self, i, &key, &property)) != NULL; i++)
    g_settings_unbind (object, property);
}

void
ladder_lab_panel_set_settings (LadderLabPanel *self, GSettings *settings)
{
  g_return_if_fail (LADDER_IS_LAB_PANEL (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (self->settings == settings)
    return;
  if (self->settings != NULL)
    unbind_settings (self);
  g_set_object (&self->settings, settings);
  if (settings != NULL)
    bind_settings (self);
  notify (self, PROP_SETTINGS);
}

GSettings *
ladder_lab_panel_get_settings (LadderLabPanel *self)
{
  g_return_val_if_fail (LADDER_IS_LAB_PANEL (self), NULL);
  return self->settings;
}

/* The app's schema where it is installed (or the build tree's, which the
 * application points GSETTINGS_SCHEMA_DIR at); elsewhere the panel starts
 * from its defaults every time. */
static void
init_settings (LadderLabPanel *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, LADDER_LAB_SETTINGS_SCHEMA, TRUE);
  if (schema == NULL)
    return;
  settings = g_settings_new_full (schema, NULL, NULL);
  ladder_lab_panel_set_settings (self, settings);
}

static void
ladder_lab_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderLabPanel *self = LADDER_LAB_PANEL (object);

  switch (prop_id)
    {
    case PROP_SCENARIO: g_value_set_string (value, ladder_lab_panel_get_scenario (self)); break;
    case PROP_SUMMARY: g_value_set_string (value, gtk_label_get_text (self->lab_summary)); break;
    case PROP_PARAMS: g_value_set_uint (value, shown_params (self)); break;
    case PROP_AVAILABLE: g_value_set_boolean (value, self->available); break;
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    case PROP_STATE: g_value_set_string (value, self->state); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_DROPS: g_value_set_uint64 (value, self->drops); break;
    case PROP_PROGRAMS: g_value_set_object (value, self->programs_panel); break;
    case PROP_TERMINALS: g_value_set_object (value, self->terminals); break;
    case PROP_HOPS: g_value_set_uint (value, spin_value (self->lab_hops)); break;
    case PROP_FAMILY: g_value_set_uint (value, ladder_lab_network_get_family (self->lab_network)); break;
    case PROP_TOPOLOGY: g_value_set_string (value, ladder_lab_network_get_topology (self->lab_network)); break;
    case PROP_SETTINGS: g_value_set_object (value, self->settings); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_lab_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LadderLabPanel *self = LADDER_LAB_PANEL (object);

  switch (prop_id)
    {
    case PROP_FAMILY:
    case PROP_TOPOLOGY:
      /* The network chooser's own properties say what they take. */
      g_object_set_property (G_OBJECT (self->lab_network), pspec->name, value);
      break;
    case PROP_SETTINGS:
      ladder_lab_panel_set_settings (self, g_value_get_object (value));
      break;
    case PROP_SCENARIO:
      ladder_lab_panel_set_scenario (LADDER_LAB_PANEL (object), g_value_get_string (value));
      break;
    case PROP_HOPS:
      gtk_spin_button_set_value (LADDER_LAB_PANEL (object)->lab_hops, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_lab_panel_dispose (GObject *object)
{
  LadderLabPanel *self = LADDER_LAB_PANEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->lab != NULL && self->running)
    ladder_lab_client_stop (self->lab);
  g_clear_object (&self->cancellable);
  ladder_lab_panel_set_settings (self, NULL);
  g_clear_object (&self->lab);
  g_clear_object (&self->terminals);
  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_LAB_PANEL);
  g_clear_object (&self->actions);
  G_OBJECT_CLASS (ladder_lab_panel_parent_class)->dispose (object);
}

static void
ladder_lab_panel_finalize (GObject *object)
{
  LadderLabPanel *self = LADDER_LAB_PANEL (object);

  g_free (self->state);
  g_free (self->message);
  G_OBJECT_CLASS (ladder_lab_panel_parent_class)->finalize (object);
}

static void
install_properties (GObjectClass *object_class)
{
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  properties[PROP_SCENARIO] =
    g_param_spec_string ("scenario", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, ro);
  properties[PROP_PARAMS] = g_param_spec_uint ("params", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_AVAILABLE] = g_param_spec_boolean ("available", NULL, NULL, FALSE, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_DROPS] = g_param_spec_uint64 ("drops", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_TERMINALS] = g_param_spec_object ("terminals", NULL, NULL, LADDER_TYPE_TERMINAL_VIEW, ro);
  properties[PROP_HOPS] = g_param_spec_uint ("hops", NULL, NULL, 1, 8, 3, rw);
  properties[PROP_FAMILY] = g_param_spec_uint ("family", NULL, NULL, 4, 6, 4, rw);
  properties[PROP_TOPOLOGY] = g_param_spec_string ("topology", NULL, NULL, LADDER_LAB_TOPOLOGY_CHAIN, rw);
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                   | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRAMS] = g_param_spec_object ("programs", NULL, NULL, LADDER_TYPE_PROGRAMS_PANEL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_signals (GObjectClass *object_class)
{
  signals[SIGNAL_STREAM] =
    g_signal_new ("stream", G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LadderLabPanel, name)

static void
ladder_lab_panel_class_init (LadderLabPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ladder_lab_panel_dispose;
  object_class->finalize = ladder_lab_panel_finalize;
  object_class->get_property = ladder_lab_panel_get_property;
  object_class->set_property = ladder_lab_panel_set_property;
  install_properties (object_class);
  install_signals (object_class);

  g_type_ensure (LADDER_TYPE_LANG_CHOOSER);
  g_type_ensure (LADDER_TYPE_LAB_NETWORK);
  g_type_ensure (LADDER_TYPE_PROGRAMS_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-lab-panel.ui");
  BIND (scroller); BIND (lab_message); BIND (lab_scenario); BIND (lab_summary); BIND (lab_params);
  BIND (lab_hops_label); BIND (lab_method_label); BIND (lab_max_ttl_label); BIND (lab_queries_label);
  BIND (lab_hops); BIND (lab_method); BIND (lab_max_ttl); BIND (lab_queries);
  BIND (lab_delay); BIND (lab_loss); BIND (lab_jitter); BIND (lab_duplicate); BIND (lab_reorder);
  BIND (lab_rate); BIND (lab_seed); BIND (lab_status); BIND (lab_lang); BIND (programs_panel);
  BIND (lab_network);
  /* Reached through gtk_widget_get_template_child (chain_widgets). */
  for (guint i = 0; i < G_N_ELEMENTS (impairment_labels); i++)
    gtk_widget_class_bind_template_child_full (widget_class, impairment_labels[i], FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_scenario_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ladderlabpanel");
}

#undef BIND

static void
ladder_lab_panel_init (LadderLabPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->lab = ladder_lab_client_new ();
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->lab, "status", G_CALLBACK (on_lab_status), self, 0);
  g_signal_connect_object (self->lab, "drops", G_CALLBACK (on_lab_drops), self, 0);
  g_signal_connect_object (self->lab, "finished", G_CALLBACK (on_lab_finished), self, 0);
  g_signal_connect_object (self->lab, "input-error", G_CALLBACK (on_input_error), self, 0);
  g_signal_connect (self, "notify::visible", G_CALLBACK (on_visible), NULL);
  init_actions (self);
  init_terminals (self);
  fill_scenarios (self);
  on_scenario_selected (self);
  init_network (self);
  set_state (self, "Lab: idle");
  init_settings (self);
}
