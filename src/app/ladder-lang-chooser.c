/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-lang-chooser.c: C or Python endpoints for the lab (see the header).
 *
 * The dropdown's position and the lang property follow each other; the
 * whole widget hides for a scenario without Python programs, so the panel
 * offers the choice only where it means something.
 */
#include "ladder-lang-chooser.h"

#include "ladder-lab-python.h"

struct _LadderLangChooser
{
  GtkWidget    parent_instance;

  /* Template children */
  GtkWidget   *box;
  GtkDropDown *dropdown;

  char        *scenario;
  gboolean     available;
};

enum { PROP_0, PROP_SCENARIO, PROP_LANG, PROP_AVAILABLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The dropdown's items, in order. */
static const char *const langs[] = { LADDER_LAB_LANG_C, LADDER_LAB_LANG_PYTHON };

G_DEFINE_FINAL_TYPE (LadderLangChooser, ladder_lang_chooser, GTK_TYPE_WIDGET)

GtkWidget *
ladder_lang_chooser_new (void)
{
  return g_object_new (LADDER_TYPE_LANG_CHOOSER, NULL);
}

void
ladder_lang_chooser_set_scenario (LadderLangChooser *self, const char *scenario)
{
  gboolean available;

  g_return_if_fail (LADDER_IS_LANG_CHOOSER (self));

  if (g_strcmp0 (self->scenario, scenario) == 0)
    return;
  g_free (self->scenario);
  self->scenario = g_strdup (scenario);
  available = ladder_lab_python_has_scenario (scenario);
  gtk_widget_set_visible (GTK_WIDGET (self), available);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
  if (available != self->available)
    {
      self->available = available;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
    }
}

const char *
ladder_lang_chooser_get_scenario (LadderLangChooser *self)
{
  g_return_val_if_fail (LADDER_IS_LANG_CHOOSER (self), NULL);
  return self->scenario;
}

void
ladder_lang_chooser_set_lang (LadderLangChooser *self, const char *lang)
{
  g_return_if_fail (LADDER_IS_LANG_CHOOSER (self));

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    if (g_strcmp0 (lang, langs[i]) == 0)
      {
        /* notify::selected tells the lang property's watchers. */
        gtk_drop_down_set_selected (self->dropdown, i);
        return;
      }
  g_warning ("Unknown language “%s” (c or python)", lang != NULL ? lang : "(null)");
}

const char *
ladder_lang_chooser_get_lang (LadderLangChooser *self)
{
  guint i;

  g_return_val_if_fail (LADDER_IS_LANG_CHOOSER (self), NULL);
  i = gtk_drop_down_get_selected (self->dropdown);
  return i < G_N_ELEMENTS (langs) ? langs[i] : LADDER_LAB_LANG_C;
}

gboolean
ladder_lang_chooser_get_available (LadderLangChooser *self)
{
  g_return_val_if_fail (LADDER_IS_LANG_CHOOSER (self), FALSE);
  return self->available;
}

const char *
ladder_lang_chooser_get_run_lang (LadderLangChooser *self)
{
  g_return_val_if_fail (LADDER_IS_LANG_CHOOSER (self), NULL);
  return self->available ? ladder_lang_chooser_get_lang (self) : LADDER_LAB_LANG_C;
}

static void
on_selected (LadderLangChooser *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANG]);
}

static void
ladder_lang_chooser_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LadderLangChooser *self = LADDER_LANG_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:  g_value_set_string (value, self->scenario); break;
    case PROP_LANG:      g_value_set_string (value, ladder_lang_chooser_get_lang (self)); break;
    case PROP_AVAILABLE: g_value_set_boolean (value, self->available); break;
    default:             G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_lang_chooser_set_property (GObject *object, guint prop_id, const GValue *value,
                                  GParamSpec *pspec)
{
  LadderLangChooser *self = LADDER_LANG_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_SCENARIO: ladder_lang_chooser_set_scenario (self, g_value_get_string (value)); break;
    case PROP_LANG:     ladder_lang_chooser_set_lang (self, g_value_get_string (value)); break;
    default:            G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ladder_lang_chooser_dispose (GObject *object)
{
  LadderLangChooser *self = LADDER_LANG_CHOOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LADDER_TYPE_LANG_CHOOSER);
  G_OBJECT_CLASS (ladder_lang_chooser_parent_class)->dispose (object);
}

static void
ladder_lang_chooser_finalize (GObject *object)
{
  g_free (LADDER_LANG_CHOOSER (object)->scenario);
  G_OBJECT_CLASS (ladder_lang_chooser_parent_class)->finalize (object);
}

static void
ladder_lang_chooser_class_init (LadderLangChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ladder_lang_chooser_dispose;
  object_class->finalize = ladder_lang_chooser_finalize;
  object_class->get_property = ladder_lang_chooser_get_property;
  object_class->set_property = ladder_lang_chooser_set_property;
  properties[PROP_SCENARIO] = g_param_spec_string ("scenario", NULL, NULL, NULL,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANG] = g_param_spec_string ("lang", NULL, NULL, LADDER_LAB_LANG_C,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVAILABLE] = g_param_spec_boolean ("available", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_install_property_action (widget_class, "lang.choose", "lang");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wireladder/Wireladder/ladder-lang-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, LadderLangChooser, box);
  gtk_widget_class_bind_template_child (widget_class, LadderLangChooser, dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "langchooser");
}

static void
ladder_lang_chooser_init (LadderLangChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* No scenario yet: nothing to choose. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
