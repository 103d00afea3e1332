/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-diagram.h: libladder-draw's public face.
 *
 * A LadderDiagram is one picture laid out from a capture and its analysis:
 * the TCP/UDP/ICMP sequence (ladder) diagram, the traceroute TTL staircase
 * or the 5-tuple cards.  The layout is computed once, in diagram units (1
 * unit = 1 px at zoom 1 = 1 pt in PDF), into plain structs; the same painter
 * then draws it in the window, into SVG, PDF and PNG files, and answers hit
 * tests.  Mermaid text comes from the same layout.
 *
 * The diagram keeps references to the capture and the analysis it was laid
 * out from.  Changing the font scale, the time mode or the conversation
 * needs a new diagram; the theme (light/dark) and the selected frame do not.
 * Not thread-safe: use a diagram on one thread at a time.  It may be built
 * in a worker thread and handed over (see ladder_diagram_drop_fonts()).
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ladder-capture.h"

G_BEGIN_DECLS

typedef enum
{
  LADDER_DIAGRAM_SEQUENCE = 0,
  LADDER_DIAGRAM_TRACEROUTE,
  LADDER_DIAGRAM_TUPLES,
  LADDER_DIAGRAM_SPOTLIGHT,   /* one packet's headers, as the RFCs draw them */
} LadderDiagramKind;

/* "sequence", "traceroute", "tuples", "spotlight". */
const char *ladder_diagram_kind_to_string   (LadderDiagramKind kind);
gboolean    ladder_diagram_kind_from_string (const char *text, LadderDiagramKind *kind);

typedef struct
{
  double   font_scale;     /* 1.0: body text 16 px */
  gboolean dark;
  gboolean compressed;     /* sequence: one row per event instead of time-proportional */
  gint     conversation;   /* sequence: conversation index, -1 for every packet */
  guint    traceroute;     /* traceroute: run index */
  guint    max_packets;    /* sequence: cap on arrows (0: 20000) */
  /* Sequence, lecture mode: with limit_time, nothing that happens after
   * until_ns is painted (the layout stays the whole capture's, so the
   * picture does not move from one step to the next), and calls and state
   * bands that begin or end exactly at until_ns are highlighted. */
  gboolean limit_time;
  gint64   until_ns;
  /* With limit_time, what happens later is painted faintly instead of
   * hidden (in the window; the exports hide it). */
  gboolean ghost_later;
  /* Spotlight: the packet (frame number) and what to emphasise
   * (LadderSpotlightFocus, ladder-spotlight.h). */
  guint64  packet;
  guint    spotlight_focus;
  /* Sequence, lecture mode on a projector: the width (diagram units) the
   * picture must fit without its text shrinking; 0 for none.  The socket
   * call lanes get what the rest leaves, their text wrapped to it, state
   * names lose " (sampled)" (the legend says it) and the legend wraps. */
  double   max_width;
} LadderDiagramOptions;

/* font_scale 1, light, proportional, every conversation, run 0. */
void ladder_diagram_options_init (LadderDiagramOptions *options);

#define LADDER_DIAGRAM_ERROR (ladder_diagram_error_quark ())
GQuark ladder_diagram_error_quark (void);

typedef enum
{
  LADDER_DIAGRAM_ERROR_EMPTY,      /* nothing of that kind in the capture */
  LADDER_DIAGRAM_ERROR_RANGE,      /* no such conversation / traceroute run */
  LADDER_DIAGRAM_ERROR_FORMAT,     /* unknown output file extension */
  LADDER_DIAGRAM_ERROR_WRITE,      /* the output could not be written */
} LadderDiagramError;

typedef struct _LadderDiagram LadderDiagram;

/* Returns NULL with ERROR when there is nothing to draw (a capture without
 * traceroutes for LADDER_DIAGRAM_TRACEROUTE, a conversation out of range);
 * an empty capture still gives a sequence diagram that says so. */
LadderDiagram *ladder_diagram_new  (LadderDiagramKind           kind,
                                    LadderCapture              *capture,
                                    LadderAnalysis             *analysis,
                                    const LadderDiagramOptions *options,
                                    GError                    **error);
void           ladder_diagram_free (LadderDiagram *diagram);

/* Pango's cairo font map is per thread and must not be used from two
 * threads at once.  A worker that built a diagram calls this before handing
 * it over; the thread that uses it next measures text with fonts of its own
 * (the same fonts, so the layout stays as it is). */
void           ladder_diagram_drop_fonts (LadderDiagram *diagram);

LadderDiagramKind ladder_diagram_get_kind (LadderDiagram *diagram);
void     ladder_diagram_get_size (LadderDiagram *diagram, double *width, double *height);
void     ladder_diagram_set_dark (LadderDiagram *diagram, gboolean dark);
/* Lecture mode for the sequence diagram (see LadderDiagramOptions.limit_time):
 * paint only what happened up to UNTIL_NS; LIMIT FALSE paints everything. */
void     ladder_diagram_set_time_limit (LadderDiagram *diagram, gboolean limit, gint64 until_ns);
/* Lecture mode: later events faint rather than hidden (see ghost_later). */
void     ladder_diagram_set_ghost_later (LadderDiagram *diagram, gboolean ghost);
/* Lecture mode: the y (diagram units) of the latest event shown under the
 * time limit, where a presenter keeps the view centred; FALSE without a
 * time limit or when nothing is shown yet. */
gboolean ladder_diagram_get_current_y (LadderDiagram *diagram, double *y);
/* Lecture mode: the horizontal extent [*X0, *X1] of what happens exactly
 * at the time limit (an arrow, a call in its lane, a state band and its
 * label); FALSE when not known (the view then follows the selection). */
gboolean ladder_diagram_get_current_x (LadderDiagram *diagram, double *x0, double *x1);
/* Lecture mode: the box [*X0, *X1] x [*Y0, *Y1] (diagram units) that
 * holds the whole event at the time limit as painted: a packet's arrow
 * from departure to arrival and its label, a call's box with its text (its
 * return line when it returns after others' events), a state band's start
 * and its name.  Where a kind knows no more, the current y and x (a line).
 * FALSE when nothing is drawn for the step (nothing shown yet, a packet
 * the kind does not draw, such as ARP on a ladder). */
gboolean ladder_diagram_get_current_extent (LadderDiagram *diagram, double *x0, double *y0,
                                            double *x1, double *y1);
/* Lecture mode: the top *Y0 of what belongs with the event at the time
 * limit and lies above it, worth keeping in view where the view is tall
 * enough: the box of the call under way that sent the current packet
 * (connect() above its SYN).  FALSE when there is none. */
gboolean ladder_diagram_get_current_context (LadderDiagram *diagram, double *y0);
/* Lecture mode: once the view is scrolled past the heading strip (the
 * lifelines' host names, the traceroute's routers), paints it again with
 * its background with its top at diagram y TOP (the top of the visible
 * area), across [CLIP_X, CLIP_X + CLIP_W].  FALSE when there is no such
 * strip or it is in view. */
gboolean ladder_diagram_paint_pinned_header (LadderDiagram *diagram, cairo_t *cr, double clip_x,
                                             double clip_w, double top);
/* The height of that strip (0 without one): what a view scrolled past it
 * has less to show. */
double   ladder_diagram_get_pinned_header_height (LadderDiagram *diagram);
/* Projector checks: the width of the thinnest packet arrow's stroke, and
 * the size of ROLE's text (0 body, 1 small: LadderFontRole), in diagram
 * units at zoom 1. */
double   ladder_diagram_get_min_arrow_width (LadderDiagram *diagram);
double   ladder_diagram_get_text_px (LadderDiagram *diagram, int role);
/* The painters' text colours on the grounds they are used on (RGB 0-1),
 * for contrast checks; the palette of the light or dark setting. */
typedef struct
{
  const char *what;        /* "foreground on background" */
  double      text[3];
  double      ground[3];
} LadderDiagramTextColors;
/* Fills OUT (up to MAX) and returns how many pairs there are. */
guint    ladder_diagram_get_text_colors (LadderDiagram *diagram, LadderDiagramTextColors *out, guint max);
const char *ladder_diagram_get_title (LadderDiagram *diagram);

/* Paints the part of the diagram inside the clip rectangle (diagram units)
 * on CR, whose transform maps diagram units to the device.  Only what
 * intersects the clip is drawn.  SELECTED (0: none) is highlighted; a later
 * sighting of a packet (lab captures) highlights the packet's arrow. */
void     ladder_diagram_paint (LadderDiagram *diagram, cairo_t *cr,
                               double clip_x, double clip_y, double clip_w, double clip_h,
                               guint64 selected);
/* The frame whose arrow, node or card is at (X, Y), or 0. */
guint64  ladder_diagram_hit_test (LadderDiagram *diagram, double x, double y);
/* A tooltip for what is at (X, Y) besides frames, with SELECTED as painted:
 * e.g. a row of the traceroute's quoted-header panel says what that field
 * is and why it matches or changed.  NULL when there is nothing to say. */
char    *ladder_diagram_describe_at (LadderDiagram *diagram, double x, double y, guint64 selected);
/* Where FRAME is drawn, for scrolling it into view; FALSE if it is not. */
gboolean ladder_diagram_get_frame_bounds (LadderDiagram *diagram, guint64 frame,
                                          double *x, double *y, double *width, double *height);
/* The frames drawn, in drawing order (one per arrow / probe / card). */
GArray  *ladder_diagram_get_frames (LadderDiagram *diagram);

/* The spotlight's boxes (a LadderSpotlightModel of ladder-spotlight.h), or
 * NULL for other kinds. */
typedef struct _LadderSpotlightModel LadderSpotlightModel;
const LadderSpotlightModel *ladder_diagram_get_spotlight (LadderDiagram *diagram);

/* Exports.  SVG keeps text as text, one <g id="frame-N"> per drawn frame. */
char    *ladder_diagram_to_svg     (LadderDiagram *diagram, guint64 selected);
/* A Mermaid diagram (sequenceDiagram for the sequence and traceroute views,
 * flowchart for the 5-tuple cards). */
char    *ladder_diagram_to_mermaid (LadderDiagram *diagram);
/* Writes PATH in the format its extension names: .svg, .pdf, .png, .mmd.
 * PNGs are scaled up to at least MIN_WIDTH x MIN_HEIGHT (0: 800 x 400). */
gboolean ladder_diagram_export     (LadderDiagram *diagram, const char *path, guint64 selected,
                                    guint min_width, guint min_height, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LadderDiagram, ladder_diagram_free)

G_END_DECLS
