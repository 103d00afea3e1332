/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-lab.c: the lab panel.
 *
 * The lab runs in its own helper (capture/ladder-lab-client.h); the window
 * only picks a scenario, starts and stops it, and reads the pcapng stream
 * it returns like any file.  When the lab cannot run here, the panel says
 * why and the rest of the window works as before.
 */
#include "ladder-window-private.h"

#ifdef HAVE_LAB_CLIENT

/* The impairment controls are in the template's parameter grid but not
 * bound (the window's struct belongs to ladder-window.c): found by their
 * builder ids among the grid's children. */
static GtkWidget *
lab_widget (LadderWindow *self, const char *id)
{
  GtkWidget *grid = gtk_widget_get_parent (self->lab_hops_label);

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (child)), id) == 0)
      return child;
  g_return_val_if_reached (NULL);
}

/* The lab's relay makes them on every kernel: no probe decides. */
static guint
impair_value (LadderWindow *self, const char *id)
{
  GtkWidget *spin = lab_widget (self, id);

  if (spin == NULL)
    return 0;
  return (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin));
}

/* Every link, each way; a seed of 0 lets the lab pick one (the status
 * line and the file's interfaces say which). */
static void
read_impairments (LadderWindow *self, LadderLabParams *params)
{
  guint seed = impair_value (self, "lab_seed");

  params->delay_ms = impair_value (self, "lab_delay");
  params->loss_percent = impair_value (self, "lab_loss");
  params->jitter_ms = impair_value (self, "lab_jitter");
  params->duplicate_percent = impair_value (self, "lab_duplicate");
  params->reorder_percent = impair_value (self, "lab_reorder");
  params->rate_kbit = impair_value (self, "lab_rate");
  params->seed_set = seed != 0;
  params->seed = seed;
}

static const LadderLabScenario *
selected_scenario (LadderWindow *self)
{
  guint n = 0;
  const LadderLabScenario *scenarios = ladder_lab_get_scenarios (&n);
  guint i = gtk_drop_down_get_selected (self->lab_scenario);

  if (i == n)
    return ladder_lab_get_custom_scenario ();
  return i < n ? &scenarios[i] : NULL;
}

static void
set_lab_state (LadderWindow *self, const char *state)
{
  g_free (self->lab_state);
  self->lab_state = g_strdup (state);
  gtk_label_set_text (self->lab_status, state != NULL ? state : "");
  _ladder_window_update_status (self);
}

static void
show_lab_message (LadderWindow *self, const char *message)
{
  gtk_widget_set_visible (GTK_WIDGET (self->lab_message), message != NULL);
  gtk_label_set_text (self->lab_message, message != NULL ? message : "");
}

static void
on_scenario_selected (LadderWindow *self)
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
}

static void
on_lab_status (LadderLabClient *lab, const char *message, LadderWindow *self)
{
  g_autofree char *state = g_strdup_printf ("Lab: %s", message);

  set_lab_state (self, state);
}

/* While running: the status bar's count, and a word in the lab panel. */
static void
on_lab_drops (LadderLabClient *lab, guint64 drops, LadderWindow *self)
{
  g_autofree char *state = g_strdup_printf ("Lab: running; the kernel dropped %" G_GUINT64_FORMAT
                                            " packet%s so far", drops, drops == 1 ? "" : "s");

  self->drops = drops;
  set_lab_state (self, state);
}

static void
on_lab_finished (LadderLabClient *lab, const GError *error, guint64 drops, LadderWindow *self)
{
  self->lab_running = FALSE;
  self->drops = drops;
  if (error != NULL)
    {
      g_autofree char *state = g_strdup_printf ("Lab: failed: %s", error->message);

      set_lab_state (self, state);
      show_lab_message (self, error->message);
    }
  else if (drops > 0)
    {
      g_autofree char *state = g_strdup_printf ("Lab: finished; the kernel dropped %" G_GUINT64_FORMAT
                                                " packet%s, the capture misses them", drops,
                                                drops == 1 ? "" : "s");
      set_lab_state (self, state);
    }
  else
    set_lab_state (self, "Lab: finished, nothing dropped");
  /* Started from the command line: land on the picture the scenario is for. */
  if (error == NULL && self->lab_show_page != NULL)
    {
      /* The lab's exchanges take microseconds between pauses of
       * milliseconds: one row per packet shows the whole of it at once. */
      if (g_str_equal (self->lab_show_page, "ladder") && self->ladder_compressed != NULL)
        gtk_toggle_button_set_active (self->ladder_compressed, TRUE);
      gtk_stack_set_visible_child_name (self->view_stack, self->lab_show_page);
    }
  self->lab_show_page = NULL;
  _ladder_window_update_actions (self);
}

static const char *
page_for_scenario (const char *scenario)
{
  if (g_strcmp0 (scenario, "traceroute") == 0)
    return "traceroute";
  if (g_strcmp0 (scenario, "ping") == 0 || g_strcmp0 (scenario, "raw-icmp") == 0)
    return "ping";
  if (g_strcmp0 (scenario, "select-chat") == 0)
    return "tuples";
  return "ladder";
}

static void
on_probed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (LadderWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  self->lab_available = ladder_lab_client_probe_finish (LADDER_LAB_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!self->lab_available)
    {
      g_autofree char *message = g_strdup_printf ("Lab unavailable. %s", error->message);

      show_lab_message (self, message);
      set_lab_state (self, "Lab: unavailable");
      /* Nothing here can be used: say so by greying it out. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->lab_scenario), FALSE);
      gtk_widget_set_sensitive (gtk_widget_get_parent (self->lab_hops_label), FALSE);
    }
  else
    {
      show_lab_message (self, NULL);
      set_lab_state (self, "Lab: ready");
    }
  _ladder_window_update_actions (self);
}

void
_ladder_window_show_lab (LadderWindow *self, gboolean show)
{
  gtk_widget_set_visible (self->lab_panel, show);
  if (!show || self->lab_probed)
    return;
  self->lab_probed = TRUE;
  set_lab_state (self, "Lab: checking…");
  ladder_lab_client_probe_async (self->lab, self->lab_cancellable, on_probed, g_object_ref (self));
}

static const char *
selected_method (LadderWindow *self)
{
  static const char * const methods[] = { "udp", "icmp", "tcp" };
  guint i = gtk_drop_down_get_selected (self->lab_method);

  return i < G_N_ELEMENTS (methods) ? methods[i] : "udp";
}

void
_ladder_window_lab_start (LadderWindow *self)
{
  const LadderLabScenario *scenario = selected_scenario (self);
  LadderLabParams params = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  int fd;

  if (scenario == NULL || self->lab_running)
    return;
  params.scenario = scenario->name;
  params.hops = (scenario->params & LADDER_LAB_PARAM_HOPS) ? gtk_spin_button_get_value_as_int (self->lab_hops) : 0;
  params.method = (scenario->params & LADDER_LAB_PARAM_METHOD) ? selected_method (self) : NULL;
  params.max_ttl = (scenario->params & LADDER_LAB_PARAM_MAX_TTL) ? gtk_spin_button_get_value_as_int (self->lab_max_ttl) : 0;
  params.queries = (scenario->params & LADDER_LAB_PARAM_QUERIES) ? gtk_spin_button_get_value_as_int (self->lab_queries) : 0;
  read_impairments (self, &params);
  if (scenario == ladder_lab_get_custom_scenario ())
    fd = _ladder_window_programs_start (self, &params, &error);
  else
    fd = ladder_lab_client_start (self->lab, &params, &error);
  if (fd < 0)
    {
      show_lab_message (self, error->message);
      return;
    }
  show_lab_message (self, NULL);
  self->lab_running = TRUE;
  name = g_strdup_printf ("Lab: %s", scenario->title);
  _ladder_window_load_fd (self, fd, name);
  if (scenario == ladder_lab_get_custom_scenario ())
    _ladder_window_programs_started (self);
  set_lab_state (self, "Lab: running");
  _ladder_window_update_actions (self);
}

void
_ladder_window_lab_stop (LadderWindow *self)
{
  if (self->lab != NULL && self->lab_running)
    ladder_lab_client_stop (self->lab);
}

static void
fill_scenarios (LadderWindow *self)
{
  g_autoptr (GtkStringList) titles = gtk_string_list_new (NULL);
  guint n = 0;
  const LadderLabScenario *scenarios = ladder_lab_get_scenarios (&n);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (titles, scenarios[i].title);
  gtk_string_list_append (titles, ladder_lab_get_custom_scenario ()->title);
  gtk_drop_down_set_model (self->lab_scenario, G_LIST_MODEL (titles));
}

void
_ladder_window_init_lab (LadderWindow *self)
{
  self->lab = ladder_lab_client_new ();
  self->lab_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->lab, "status", G_CALLBACK (on_lab_status), self, 0);
  g_signal_connect_object (self->lab, "drops", G_CALLBACK (on_lab_drops), self, 0);
  g_signal_connect_object (self->lab, "finished", G_CALLBACK (on_lab_finished), self, 0);
  fill_scenarios (self);
  g_signal_connect_swapped (self->lab_scenario, "notify::selected", G_CALLBACK (on_scenario_selected), self);
  on_scenario_selected (self);
  _ladder_window_init_programs (self);
  set_lab_state (self, "Lab: idle");
}

void
_ladder_window_dispose_lab (LadderWindow *self)
{
  if (self->lab_cancellable != NULL)
    g_cancellable_cancel (self->lab_cancellable);
  g_clear_object (&self->lab_cancellable);
  if (self->lab != NULL && self->lab_running)
    ladder_lab_client_stop (self->lab);
  g_clear_object (&self->lab);
}

gboolean
ladder_window_start_lab (LadderWindow  *self,
                         const char    *scenario,
                         GError       **error)
{
  guint n = 0;
  const LadderLabScenario *scenarios = ladder_lab_get_scenarios (&n);

  g_return_val_if_fail (LADDER_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (scenario != NULL, FALSE);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (scenarios[i].name, scenario) == 0)
      {
        gtk_drop_down_set_selected (self->lab_scenario, i);
        self->lab_show_page = page_for_scenario (scenarios[i].name);
        g_action_group_change_action_state (G_ACTION_GROUP (self), "show-lab",
                                            g_variant_new_boolean (TRUE));
        _ladder_window_lab_start (self);
        return TRUE;
      }
  g_set_error (error, LADDER_LAB_ERROR, LADDER_LAB_ERROR_PARAMS,
               "No lab scenario is called '%s'", scenario);
  return FALSE;
}

#else  /* !HAVE_LAB_CLIENT */

/* Built before the lab client exists: the panel says so and stays inert. */
void
_ladder_window_init_lab (LadderWindow *self)
{
  gtk_label_set_text (self->lab_message,
                      "Lab unavailable. This build of Wireladder has no lab client "
                      "(capture/ladder-lab-client.c was not built).");
  gtk_widget_set_visible (GTK_WIDGET (self->lab_message), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->lab_scenario), FALSE);
  g_free (self->lab_state);
  self->lab_state = g_strdup ("Lab: unavailable");
}

void
_ladder_window_show_lab (LadderWindow *self, gboolean show)
{
  gtk_widget_set_visible (self->lab_panel, show);
}

void
_ladder_window_lab_start (LadderWindow *self)
{
}

void
_ladder_window_lab_stop (LadderWindow *self)
{
}

void
_ladder_window_dispose_lab (LadderWindow *self)
{
}

gboolean
ladder_window_start_lab (LadderWindow  *self,
                         const char    *scenario,
                         GError       **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               "This build of Wireladder has no lab client");
  return FALSE;
}

#endif
