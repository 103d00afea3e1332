/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-window-save.c: Save As: the capture written as pcapng with its
 * lecture notes as packet comments and every block the lab recorded
 * (capture/format/ladder-save.h).
 *
 * pcap has no place for comments or blocks, so the copy is always pcapng:
 * a name ending in .pcap is given .pcapng instead, and the message says
 * so; saving a capture read from a pcap file says it became pcapng.
 */
#include "ladder-window-private.h"

#include "ladder-save.h"

#include <glib/gi18n-lib.h>

/* What the file chooser proposes: the capture's name as pcapng. */
static char *
suggest_name (LadderWindow *self)
{
  const char *name = self->display_name != NULL ? self->display_name : "capture";
  g_autofree char *base = g_path_get_basename (name);
  char *dot = strrchr (base, '.');
  g_autoptr (GString) out = NULL;

  if (dot != NULL && dot != base)
    *dot = '\0';
  out = g_string_new (base);
  /* "Lab: tcp-echo" */
  g_strdelimit (out->str, ":/\\ ", '-');
  g_string_replace (out, "--", "-", 0);
  g_string_append (out, ".pcapng");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* PATH with a pcap extension replaced by .pcapng (else unchanged). */
static char *
pcapng_path (const char *path)
{
  const char *dot = strrchr (path, '.');

  if (!ladder_save_is_pcap_name (path) || dot == NULL)
    return g_strdup (path);
  return g_strdup_printf ("%.*s.pcapng", (int) (dot - path), path);
}

static void
show_message (LadderWindow *self, GtkMessageType type, const char *message)
{
  gtk_info_bar_set_message_type (self->error_bar, type);
  gtk_label_set_text (self->error_label, message);
  gtk_info_bar_set_revealed (self->error_bar, TRUE);
}

/* "Saved 3 packets, 1 note and 12 lab records to NAME.": each count with its
 * own plural, as languages inflect them differently. */
static void
saved_message (GString *message, const LadderSaveStats *stats, const char *name)
{
  g_autofree char *packets = g_strdup_printf (ngettext ("%lu packet", "%lu packets", (gulong) stats->packets),
                                              (gulong) stats->packets);
  g_autofree char *notes = g_strdup_printf (ngettext ("%lu note", "%lu notes", (gulong) stats->notes),
                                            (gulong) stats->notes);
  g_autofree char *blocks = g_strdup_printf (ngettext ("%lu lab record", "%lu lab records",
                                                       (gulong) stats->blocks),
                                             (gulong) stats->blocks);

  /* Translators: "Saved 3 packets, 1 note and 12 lab records to capture.pcapng." */
  g_string_printf (message, _("Saved %s, %s and %s to %s."), packets, notes, blocks, name);
}

static void
save (LadderWindow *self, const char *chosen)
{
  g_autofree char *path = pcapng_path (chosen);
  g_autofree char *name = g_filename_display_basename (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) message = g_string_new (NULL);
  LadderSaveStats stats;

  if (self->capture == NULL || self->loading)
    {
      _ladder_window_save_finished (self, FALSE);
      return _ladder_window_show_error (self, _("The capture is still being read: save it once it is complete."));
    }
  if (!ladder_save_pcapng (self->capture, path, &stats, &error))
    {
      _ladder_window_save_finished (self, FALSE);
      return _ladder_window_show_error (self, error->message);
    }
  saved_message (message, &stats, name);
  if (strcmp (path, chosen) != 0)
    g_string_append_printf (message, " %s", _("A .pcap file cannot hold notes or the lab's records, so the "
                                              "copy is pcapng, named .pcapng."));
  else if (self->display_name != NULL && ladder_save_is_pcap_name (self->display_name))
    g_string_append_printf (message, " %s", _("The capture was read from pcap; the copy is pcapng, which "
                                              "keeps the notes."));
  if (stats.blocks_dropped > 0)
    {
      g_string_append_c (message, ' ');
      g_string_append_printf (message, ngettext ("%lu block marked \"do not copy\" was left out.",
                                                 "%lu blocks marked \"do not copy\" were left out.",
                                                 (gulong) stats.blocks_dropped),
                              (gulong) stats.blocks_dropped);
    }
  show_message (self, GTK_MESSAGE_INFO, message->str);
  _ladder_window_save_finished (self, TRUE);
}

static void
on_save_response (GtkNativeDialog *dialog, int response, LadderWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path == NULL)
        {
          _ladder_window_save_finished (self, FALSE);
          _ladder_window_show_error (self, _("Captures can only be saved to a local file."));
        }
      else
        save (self, path);
    }
  else
    _ladder_window_save_finished (self, FALSE);
  g_object_unref (dialog);
}

void
_ladder_window_save_as (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LadderWindow *self = user_data;
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Save Capture As"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                 _("_Save"), _("_Cancel"));
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = suggest_name (self);

  gtk_file_filter_set_name (filter, _("pcapng (keeps notes and the lab's records)"));
  gtk_file_filter_add_pattern (filter, "*.pcapng");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* win.save-to(path): Save As without the dialog, for scripts and tests. */
void
_ladder_window_save_to (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  save (user_data, g_variant_get_string (param, NULL));
}
