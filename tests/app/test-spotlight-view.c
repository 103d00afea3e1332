/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-spotlight-view.c: the packet spotlight and lecture notes in lecture
 * mode, under Xvfb at 1920x1080, driven through the presenter's actions.
 *
 * Beside the ladder, the step's packet's headers (its fields emphasised by
 * what the step is about) at 24 px text, measured with Pango, never shrunk
 * at 1920x1080; a packet's note under the caption at its step only; a note
 * typed in the side panel goes into the capture.  Screenshots go to
 * $LADDER_SCREENSHOT_DIR.
 */
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ladder-load.h"
#include "ladder-presenter.h"
#include "ladder-spotlight-panel.h"
#include "ladder-story.h"
#include "ladder-test-app.h"
#include "ladder-packet-pane.h"
#include "ladder-window-private.h"

static void
act (LadderPresenter *p, const char *action, GVariant *param)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (p), action, param));
  ladder_test_run_for (30);
}

static GtkWidget *
find_panel (GtkWidget *w)
{
  if (LADDER_IS_SPOTLIGHT_PANEL (w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_panel (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The side panel, found in the presenter's widgets as a user sees it. */
static LadderSpotlightPanel *
panel_of (LadderPresenter *p)
{
  GtkWidget *panel = find_panel (GTK_WIDGET (p));

  g_assert_nonnull (panel);
  g_assert_true (gtk_widget_get_mapped (panel));
  return LADDER_SPOTLIGHT_PANEL (panel);
}

static LadderPresenter *
present (LadderTestStory *f)
{
  g_autoptr (GError) error = NULL;
  LadderPresenter *p = ladder_presenter_new (f->capture, f->analysis, -1, &error);

  g_assert_no_error (error);
  g_object_ref_sink (p);
  gtk_window_set_default_size (GTK_WINDOW (p), 1920, 1080);
  gtk_window_fullscreen (GTK_WINDOW (p));
  gtk_window_present (GTK_WINDOW (p));
  ladder_test_run_for (300);
  /* The side panel is shown from the start (H hides it). */
  g_assert_true (gtk_widget_get_mapped (find_panel (GTK_WIDGET (p))));
  return p;
}

static void
dismiss (LadderPresenter *p)
{
  gtk_window_destroy (GTK_WINDOW (p));
  ladder_test_run_for (50);
  g_assert_finalize_object (p);
}

/* Goes to the first step showing FRAME, revealing any quiz. */
static void
go_to_packet (LadderPresenter *p, LadderTestStory *f, guint64 frame)
{
  gint index = ladder_story_find_packet (f->story, frame);

  g_assert_cmpint (index, >=, 0);
  act (p, "presenter.first", NULL);
  while (ladder_presenter_get_step (p) < (guint) index || ladder_presenter_is_asking (p))
    act (p, "presenter.next", NULL);
  g_assert_cmpuint (ladder_presenter_get_step (p), ==, (guint) index);
  /* A new figure lays the side panel out again. */
  ladder_test_run_for (300);
}

/* The spotlight's body text in px as painted: the figures' body font
 * (Sans, 16 px at font scale 1) laid out by Pango at the view's font scale,
 * times the zoom the view paints at. */
static double
body_text_px (LadderSpotlightView *view)
{
  double font_scale;
  g_autoptr (PangoFontDescription) desc = pango_font_description_from_string ("Sans");
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (view), "Time to Live");
  PangoFontMetrics *metrics;
  double em;
  int w, h;

  g_object_get (view, "font-scale", &font_scale, NULL);
  pango_font_description_set_absolute_size (desc, 16 * font_scale * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_layout_get_pixel_size (layout, &w, &h);
  metrics = pango_context_get_metrics (pango_layout_get_context (layout), desc, NULL);
  em = pango_font_description_get_size (desc) / (double) PANGO_SCALE;
  g_test_message ("spotlight body text: %.1f px font, %d px line, ascent+descent %.1f px, zoom %.2f",
                  em, h, (pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics))
                  / (double) PANGO_SCALE, ladder_spotlight_view_get_scale (view));
  g_assert_cmpint (h, >=, 24);
  pango_font_metrics_unref (metrics);
  return em * ladder_spotlight_view_get_scale (view);
}

static guint64
synack_frame (LadderCapture *capture)
{
  LadderPacket pkt;

  for (guint64 n = 1; n <= ladder_capture_get_n_frames (capture); n++)
    if (ladder_capture_decode (capture, n, &pkt, NULL) && (pkt.layers & LADDER_LAYER_TCP)
        && (pkt.tcp_flags & 0xff) == (LADDER_TCP_SYN | LADDER_TCP_ACK))
      return n;
  g_assert_not_reached ();
}

static void
test_handshake_step (void)
{
  LadderTestStory f;
  LadderPresenter *p;
  LadderSpotlightView *spot;
  const LadderSpotlightModel *m;
  g_autofree char *note = NULL;
  int figure_width;

  ladder_test_story_load (&f, "lab-tcp-echo.pcapng");
  ladder_capture_set_note (f.capture, 3, "The client's SYN: its kernel picks an ISN");
  p = present (&f);
  spot = ladder_spotlight_panel_get_spotlight (panel_of (p));

  go_to_packet (p, &f, 3);
  g_assert_cmpuint (ladder_spotlight_view_get_packet (spot), ==, 3);
  g_assert_cmpstr (ladder_spotlight_panel_get_note (panel_of (p)), ==, "Note: The client's SYN: its kernel picks an ISN");
  m = ladder_spotlight_view_get_model (spot);
  g_assert_nonnull (m);
  g_assert_cmpint (m->focus, ==, LADDER_SPOTLIGHT_FOCUS_HANDSHAKE);
  g_assert_true (ladder_spotlight_model_find (m, 1, "SYN")->emphasised);
  g_assert_true (ladder_spotlight_model_find (m, 1, "Sequence Number")->emphasised);
  /* Readable from the back: 24 px text, the figure not shrunk to fit. */
  g_assert_cmpfloat (ladder_spotlight_view_get_scale (spot), ==, 1.0);
  g_assert_cmpfloat (body_text_px (spot), >=, 24.0);
  figure_width = (int) m->width;
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (spot)), >=, figure_width);
  /* The fields that matter are scrolled into view. */
  g_assert_true (ladder_spotlight_view_is_field_visible (spot, ladder_spotlight_model_find (m, 1, "SYN")));
  g_assert_true (ladder_spotlight_view_is_field_visible (spot, ladder_spotlight_model_find (m, 1, "Sequence Number")));
  ladder_test_run_for (100);
  ladder_test_screenshot (GTK_WIDGET (p), "spotlight-01-syn-note.png");

  /* The next packet step has no note: none is shown. */
  act (p, "presenter.next", NULL);
  while (ladder_story_get_step (f.story, ladder_presenter_get_step (p))->packet == 0)
    act (p, "presenter.next", NULL);
  if (ladder_presenter_is_asking (p))
    act (p, "presenter.next", NULL);
  g_assert_null (ladder_spotlight_panel_get_note (panel_of (p)));
  g_assert_cmpuint (ladder_spotlight_view_get_packet (spot), !=, 3);
  /* The model shown before is gone; the panel kept its width. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (spot)), >=, figure_width);

  go_to_packet (p, &f, synack_frame (f.capture));
  /* A note typed beside the diagram goes into the capture and shows at once. */
  ladder_note_editor_edit (ladder_spotlight_panel_get_editor (panel_of (p)), "SYN-ACK: both ISNs now known");
  ladder_test_run_for (30);
  g_assert_cmpuint (ladder_spotlight_view_get_packet (spot), ==, synack_frame (f.capture));
  note = ladder_capture_dup_note (f.capture, synack_frame (f.capture));
  g_assert_cmpstr (note, ==, "SYN-ACK: both ISNs now known");
  g_assert_cmpstr (ladder_spotlight_panel_get_note (panel_of (p)), ==, "Note: SYN-ACK: both ISNs now known");
  ladder_test_screenshot (GTK_WIDGET (p), "spotlight-02-synack-typed-note.png");
  dismiss (p);
  ladder_test_story_clear (&f);
}


/* The ink of the figure shown, in the area's pixels, lies within the
 * area: nothing is cut off at the right (or the left). */
static void
check_figure_inside (LadderSpotlightView *spot, const char *what)
{
  LadderDiagram *d = ladder_spotlight_view_get_diagram (spot);
  GtkWidget *area = ladder_spotlight_view_get_area (spot);
  cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (rec);
  double scale = ladder_spotlight_view_get_scale (spot), w, h, x, y, iw, ih;
  graphene_rect_t bounds;
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (area));

  g_assert_nonnull (d);
  ladder_diagram_get_size (d, &w, &h);
  ladder_diagram_paint (d, cr, 0, 0, w, h, 0);
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (rec, &x, &y, &iw, &ih);
  cairo_surface_destroy (rec);
  g_assert_true (gtk_widget_compute_bounds (area, root, &bounds));
  g_test_message ("%s: window %d x %d; figure %.0f px wide at scale %.2f, ink %.0f to %.0f px; area %d px wide "
                  "at x %.0f, window content %d px", what, gtk_widget_get_width (root), gtk_widget_get_height (root),
                  w, scale, x * scale, (x + iw) * scale, gtk_widget_get_width (area), bounds.origin.x,
                  gtk_widget_get_width (root));
  g_assert_cmpfloat (x, >=, -0.5);
  g_assert_cmpfloat ((x + iw) * scale, <=, gtk_widget_get_width (area) + 0.5);
  /* ... and the area lies within the window. */
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (root) + 0.5);
}

/* A Time Exceeded step: the TTL emphasised and the probe's quoted header
 * inside the ICMP message. */
static void
test_time_exceeded_step (void)
{
  LadderTestStory f;
  LadderPresenter *p;
  LadderSpotlightView *spot;
  const LadderSpotlightModel *m;
  const LadderSpotlightField *ttl;

  ladder_test_story_load (&f, "traceroute-router-links.pcap");
  p = present (&f);
  spot = ladder_spotlight_panel_get_spotlight (panel_of (p));
  go_to_packet (p, &f, 21);
  m = ladder_spotlight_view_get_model (spot);
  g_assert_nonnull (m);
  g_assert_cmpint (m->focus, ==, LADDER_SPOTLIGHT_FOCUS_TTL);
  g_assert_cmpuint (m->headers->len, ==, 4);
  ttl = ladder_spotlight_model_find (m, 2, "Time to Live");
  g_assert_cmpstr (ttl->value, ==, "1 (sent 3)");
  g_assert_true (ttl->emphasised);
  g_assert_true (ladder_spotlight_view_is_field_visible (spot, ttl));
  ladder_test_run_for (100);
  check_figure_inside (spot, "1920x1080");
  ladder_test_screenshot (GTK_WIDGET (p), "spotlight-03-time-exceeded.png");
  dismiss (p);

  /* At the presenter's own default size, as a window. */
  p = ladder_presenter_new (f.capture, f.analysis, -1, NULL);
  g_object_ref_sink (p);
  gtk_window_present (GTK_WINDOW (p));
  ladder_test_run_for (300);
  spot = ladder_spotlight_panel_get_spotlight (panel_of (p));
  go_to_packet (p, &f, 21);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (p)), <=, 1280);
  check_figure_inside (spot, "default size");
  ttl = ladder_spotlight_model_find (ladder_spotlight_view_get_model (spot), 2, "Time to Live");
  g_assert_true (ladder_spotlight_view_is_field_visible (spot, ttl));
  ladder_test_screenshot (GTK_WIDGET (p), "spotlight-03b-time-exceeded-default-size.png");
  dismiss (p);
  ladder_test_story_clear (&f);
}

/* A packet without an IP header says so instead of drawing. */
static void
test_no_ip (void)
{
  LadderTestStory f;
  GtkWidget *view = ladder_spotlight_view_new ();

  ladder_test_story_load (&f, "lab-tcp-echo.pcapng");
  g_object_ref_sink (view);
  ladder_spotlight_view_set_capture (LADDER_SPOTLIGHT_VIEW (view), f.capture, f.analysis);
  g_assert_cmpstr (ladder_spotlight_view_get_message (LADDER_SPOTLIGHT_VIEW (view)), ==,
                   "Select a packet to see its headers.");
  ladder_spotlight_view_set_packet (LADDER_SPOTLIGHT_VIEW (view), 1);
  g_assert_cmpstr (ladder_spotlight_view_get_message (LADDER_SPOTLIGHT_VIEW (view)), ==,
                   "Packet 1 has no IP header to draw.");
  g_assert_null (ladder_spotlight_view_get_model (LADDER_SPOTLIGHT_VIEW (view)));
  ladder_spotlight_view_set_packet (LADDER_SPOTLIGHT_VIEW (view), 3);
  g_assert_null (ladder_spotlight_view_get_message (LADDER_SPOTLIGHT_VIEW (view)));
  g_assert_nonnull (ladder_spotlight_view_get_model (LADDER_SPOTLIGHT_VIEW (view)));
  g_assert_finalize_object (view);
  ladder_test_story_clear (&f);
}

static void
wait_loaded (LadderWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while ((ladder_window_is_loading (window) || window->tick_id != 0) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (ladder_window_is_loading (window));
  ladder_test_run_for (150);
}

static LadderWindow *
open_window (LadderApplication *app, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  LadderWindow *window = ladder_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  ladder_window_open_file (window, file);
  wait_loaded (window);
  return window;
}

/* The note field of the window's packet details, then Save As: the note is
 * the saved file's comment, the lab's records are all there, and a .pcap
 * name becomes .pcapng with a message saying why. */
static void
test_window_note_and_save (void)
{
  g_autoptr (LadderApplication) app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);
  g_autofree char *in = g_test_build_filename (G_TEST_DIST, "..", "data", "lab-tcp-echo.pcapng", NULL);
  g_autofree char *dir = g_dir_make_tmp ("wireladder-save-XXXXXX", NULL);
  g_autofree char *asked = g_build_filename (dir, "lecture.pcap", NULL);
  g_autofree char *saved = g_build_filename (dir, "lecture.pcapng", NULL);
  g_autoptr (LadderCapture) reread = ladder_capture_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *note = NULL;
  LadderWindow *window = open_window (app, in), *again;

  ladder_window_set_selected_frame (window, 3);
  ladder_test_run_for (50);
  g_assert_cmpuint (ladder_note_editor_get_packet (ladder_packet_pane_get_note_editor (window->packet_pane)), ==, 3);
  g_assert_cmpstr (ladder_note_editor_get_text (ladder_packet_pane_get_note_editor (window->packet_pane)), ==, "");
  ladder_note_editor_edit (ladder_packet_pane_get_note_editor (window->packet_pane), "The SYN, seen from the window");
  ladder_test_screenshot (GTK_WIDGET (window), "spotlight-04-window-note.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-to", "s", asked));
  ladder_test_run_for (50);
  g_assert_true (gtk_info_bar_get_revealed (window->error_bar));
  g_assert_cmpint (gtk_info_bar_get_message_type (window->error_bar), ==, GTK_MESSAGE_INFO);
  g_test_message ("%s", gtk_label_get_text (window->error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (window->error_label), "64 packets, 1 note and 25 lab records"));
  g_assert_nonnull (strstr (gtk_label_get_text (window->error_label), "so the copy is pcapng, named .pcapng"));
  g_assert_false (g_file_test (asked, G_FILE_TEST_EXISTS));

  g_assert_true (ladder_load_file (reread, saved, NULL, NULL, NULL, &error));
  note = ladder_capture_dup_note (reread, 3);
  g_assert_cmpstr (note, ==, "The SYN, seen from the window");
  g_assert_cmpuint (ladder_capture_get_n_calls (reread), ==, ladder_capture_get_n_calls (ladder_window_get_capture (window)));
  g_assert_cmpuint (ladder_capture_get_n_states (reread), ==, ladder_capture_get_n_states (ladder_window_get_capture (window)));
  g_assert_cmpuint (ladder_capture_get_n_frames (reread), ==, 64);

  /* Reopened, the note is in the packet details again. */
  again = open_window (app, saved);
  ladder_window_set_selected_frame (again, 3);
  ladder_test_run_for (50);
  g_assert_cmpstr (ladder_note_editor_get_text (ladder_packet_pane_get_note_editor (again->packet_pane)), ==, "The SYN, seen from the window");
  gtk_window_destroy (GTK_WINDOW (again));
  gtk_window_destroy (GTK_WINDOW (window));
  ladder_test_run_for (50);
  g_unlink (saved);
  g_rmdir (dir);
}


/* The question asked before notes not saved are lost: present, a
 * GtkMessageDialog over WINDOW, the window still open. */
static GtkDialog *
question (LadderWindow *window)
{
  ladder_test_run_for (100);
  g_assert_nonnull (window->unsaved.dialog);
  g_assert_true (GTK_IS_MESSAGE_DIALOG (window->unsaved.dialog));
  g_assert_true (gtk_widget_get_visible (window->unsaved.dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window->unsaved.dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  return GTK_DIALOG (window->unsaved.dialog);
}

static void
answer (LadderWindow *window, int response)
{
  gtk_dialog_response (question (window), response);
  ladder_test_run_for (100);
  g_assert_null (window->unsaved.dialog);
}

static gboolean
is_toplevel (gpointer window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (w == window)
        return TRUE;
    }
  return FALSE;
}

/* Closing, quitting or opening another capture with notes typed since the
 * last save asks Save / Discard / Cancel; Cancel keeps everything, Discard
 * goes on; saved notes close without a question. */
static void
test_unsaved_notes (void)
{
  g_autoptr (LadderApplication) app = ladder_test_app_new (G_APPLICATION_DEFAULT_FLAGS);
  g_autofree char *in = g_test_build_filename (G_TEST_DIST, "..", "data", "lab-tcp-echo.pcapng", NULL);
  g_autofree char *other = g_test_build_filename (G_TEST_DIST, "..", "data", "tcp-echo-v4.pcap", NULL);
  g_autofree char *dir = g_dir_make_tmp ("wireladder-unsaved-XXXXXX", NULL);
  g_autofree char *saved = g_build_filename (dir, "lecture.pcapng", NULL);
  g_autoptr (GFile) other_file = g_file_new_for_path (other);
  LadderWindow *window = open_window (app, in);
  LadderCapture *capture = ladder_window_get_capture (window);
  g_autofree char *note = NULL;

  /* Nothing typed yet: nothing to ask. */
  g_assert_false (ladder_capture_has_unsaved_notes (capture));
  ladder_window_set_selected_frame (window, 3);
  ladder_test_run_for (50);
  ladder_note_editor_edit (ladder_packet_pane_get_note_editor (window->packet_pane), "Not saved yet");
  g_assert_true (ladder_capture_has_unsaved_notes (capture));

  /* Close: asked; Cancel keeps the window and the note. */
  gtk_window_close (GTK_WINDOW (window));
  ladder_test_screenshot (GTK_WIDGET (question (window)), "unsaved-1-question.png");
  answer (window, GTK_RESPONSE_CANCEL);
  g_assert_true (is_toplevel (window));
  note = ladder_capture_dup_note (capture, 3);
  g_assert_cmpstr (note, ==, "Not saved yet");
  /* Quit: asked the same way. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  answer (window, GTK_RESPONSE_CANCEL);
  g_assert_true (is_toplevel (window));
  /* Another capture: asked; Cancel keeps this one. */
  ladder_window_open_file (window, other_file);
  answer (window, GTK_RESPONSE_CANCEL);
  g_assert_true (ladder_window_get_capture (window) == capture);
  g_assert_cmpstr (ladder_note_editor_get_text (ladder_packet_pane_get_note_editor (window->packet_pane)), ==,
                   "Not saved yet");
  /* Discard closes. */
  gtk_window_close (GTK_WINDOW (window));
  answer (window, GTK_RESPONSE_REJECT);
  g_assert_false (is_toplevel (window));

  /* Saved notes close without a question. */
  window = open_window (app, in);
  ladder_window_set_selected_frame (window, 3);
  ladder_test_run_for (50);
  ladder_note_editor_edit (ladder_packet_pane_get_note_editor (window->packet_pane), "Saved this time");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-to", "s", saved));
  ladder_test_run_for (50);
  g_assert_false (ladder_capture_has_unsaved_notes (ladder_window_get_capture (window)));
  gtk_window_close (GTK_WINDOW (window));
  ladder_test_run_for (100);
  g_assert_false (is_toplevel (window));
  g_unlink (saved);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  if (!ladder_test_app_init (&argc, &argv))
    return 0;
  g_test_add_func ("/ladder/spotlight-view/handshake-step", test_handshake_step);
  g_test_add_func ("/ladder/spotlight-view/time-exceeded-step", test_time_exceeded_step);
  g_test_add_func ("/ladder/spotlight-view/no-ip", test_no_ip);
  g_test_add_func ("/ladder/spotlight-view/window-note-and-save", test_window_note_and_save);
  g_test_add_func ("/ladder/spotlight-view/unsaved-notes", test_unsaved_notes);
  return g_test_run ();
}
