/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-diagram-private.h: the layout models behind LadderDiagram.
 *
 * Shared by the diagram kinds and the tests, which check the layout (one
 * arrow per packet, where the bands are) rather than pixels.
 */
#pragma once

#include "ladder-canvas.h"
#include "ladder-diagram.h"
#include "ladder-palette.h"

G_BEGIN_DECLS

typedef struct
{
  void     (*paint)        (LadderDiagram *d, LadderCanvas *canvas, double y0, double y1,
                            guint64 selected);
  guint64  (*hit_test)     (LadderDiagram *d, double x, double y);
  gboolean (*frame_bounds) (LadderDiagram *d, guint64 frame, double *x, double *y,
                            double *w, double *h);
  void     (*frames)       (LadderDiagram *d, GArray *out);
  void     (*mermaid)      (LadderDiagram *d, GString *out);
  void     (*free_model)   (gpointer model);
  /* Optional: a tooltip for a part that is not a frame (may be NULL). */
  char    *(*describe)     (LadderDiagram *d, double x, double y, guint64 selected);
  /* Optional: lecture mode's latest shown event (ladder_diagram_get_current_y). */
  gboolean (*current_y)    (LadderDiagram *d, double *y);
  /* Optional: the heading strip (host names) at [*y, *y + *h]; painted on
   * CANVAS unless it is NULL (ladder_diagram_paint_pinned_header). */
  gboolean (*header)       (LadderDiagram *d, LadderCanvas *canvas, double *y, double *h);
  /* Optional: where the event at the time limit is, across. */
  gboolean (*current_x)    (LadderDiagram *d, double *x0, double *x1);
  /* Optional: the box of the event at the time limit (FALSE: nothing drawn). */
  gboolean (*current_extent) (LadderDiagram *d, double *x0, double *y0, double *x1, double *y1);
  /* Optional: the top of what explains the current event (ladder_diagram_get_current_context). */
  gboolean (*current_context) (LadderDiagram *d, double *y0);
} LadderDiagramClass;

struct _LadderDiagram
{
  LadderDiagramKind         kind;
  const LadderDiagramClass *klass;
  LadderDiagramOptions      options;
  LadderCapture            *capture;
  LadderAnalysis           *analysis;
  LadderFonts              *fonts;
  LadderPalette             palette;
  double                    width, height;
  char                     *title;
  gpointer                  model;
  /* Lecture mode with ghost_later: the second, faint painting pass, which
   * paints only what happens after until_ns. */
  gboolean                  ghost_pass;
};

/* Lecture mode: does what happens at TS come after the time limit? */
static inline gboolean
ladder_diagram_later (LadderDiagram *d, gint64 ts)
{
  return d->options.limit_time && ts > d->options.until_ns;
}

/* Lecture mode: is what happens at TS left out of this painting pass?
 * Later events are hidden, or painted only by the ghost pass. */
static inline gboolean
ladder_diagram_skips (LadderDiagram *d, gint64 ts)
{
  return ladder_diagram_later (d, ts) != d->ghost_pass;
}

/* Scaled length: N px at font scale 1. */
static inline double
ladder_diagram_px (LadderDiagram *d, double n)
{
  return n * d->options.font_scale;
}

/* The sequence diagram's model. */

typedef struct
{
  char      *title;       /* "client" or the address */
  char      *subtitle;    /* the address (when the title is a lab host name) or port */
  LadderAddr addr;
  guint16    port;        /* when lifelines are per endpoint (both ends on one host) */
  double     x;
  int        side;        /* -1: bands and calls on the left; +1: on the right */
  gboolean   bands;       /* state bands are drawn along this lifeline */
  gboolean   merged_bands; /* condensed: its kernel's band names the states, the wire's is unlabelled */
  double     u_kernel;    /* outward offsets from x (times side) of the kernel band */
  double     u_bracket;   /* ... and of the handshake bracket */
  double     lane_x, lane_w;  /* calls lane, absolute; width 0 without calls */
  char      *lane_title;
} LadderSeqLifeline;

typedef enum
{
  LADDER_SEQ_TCP = 0,
  LADDER_SEQ_UDP,
  LADDER_SEQ_ICMP,
  LADDER_SEQ_OTHER,
} LadderSeqProto;

typedef struct
{
  guint64  frame;
  gint64   ts0, ts1;      /* first and last sighting */
  double   y0, y1;        /* at the sender, at the receiver */
  gint16   from, to;      /* lifelines */
  guint8   proto;         /* LadderSeqProto */
  guint8   icmp_type, icmp_code;
  guint8   ip_version;
  guint8   ttl;           /* at the first sighting: as sent */
  guint32  ip_id;         /* IPv4 identification */
  guint16  tcp_flags;
  guint16  sport, dport;
  guint32  rel_seq, rel_ack;
  guint32  len;           /* payload length */
  guint32  notes;         /* LadderTcpNote */
  guint32  dup_of;
  gboolean tcp_info;      /* rel_seq/rel_ack are valid */
  gboolean slanted;       /* from sightings */
  gboolean refused;       /* the RST that refused a connection */
  guint8   expired;       /* an echo request answered by an ICMP error: it never
                           * arrived.  LADDER_SEQ_EXPIRED_* */
  gint16   died_at;       /* expired: the lifeline of the router that said so, or -1 */
  const char *lost_on;    /* a lab link lost it ("r1–r2"; owned by the analysis), or NULL */
} LadderSeqArrow;

enum
{
  LADDER_SEQ_EXPIRED_NO = 0,
  LADDER_SEQ_EXPIRED_TTL,        /* time exceeded: its TTL ran out at a router */
  LADDER_SEQ_EXPIRED_ERROR,      /* another ICMP error (unreachable ...) */
};

typedef struct
{
  int    lifeline;
  gint64 ts0, ts1;
  double y0, y1;          /* entry, return */
  char  *text;            /* "recv(5, ...) = 6": the call, then from result_at its result */
  guint  result_at;       /* where " = result" begins in text */
  gboolean spans;         /* packets went by while it blocked */
  gboolean failed;
  guint8 kind;            /* LadderCallKind */
  guint8 n_lines;         /* lines its text is wrapped to (options.max_width), else 1 */
} LadderSeqCall;

typedef struct
{
  int      lifeline;
  gboolean kernel;        /* from the lab's socket states, else inferred from the wire */
  gint64   ts0, ts1;
  double   y0, y1;
  guint8   state;
  gboolean disagrees;     /* kernel band only: differs from the wire's view throughout */
  gboolean sampled;       /* kernel band only: from samples, not the kernel's own change events */
  double   label_y;       /* where its state name is written */
} LadderSeqBand;

typedef struct
{
  int    lifeline;
  double y0, y1;
  char  *text;
} LadderSeqBracket;

typedef struct
{
  gint64 ts;
  double y;
  gint32 arrow;           /* arrow index, or -1 for a call */
  guint8 end;             /* 0: where the arrow leaves, 1: where it arrives */
  guint8 note;            /* an arrow with a note below it */
  guint8 gap_break;       /* the pause before this event was shortened */
  guint8 more_lines;      /* a call wrapped to 1 + more_lines lines */
  guint8 split_label;     /* an arrow whose label's second line is below it */
} LadderSeqEvent;

typedef struct
{
  GArray *lifelines;      /* LadderSeqLifeline */
  GArray *arrows;         /* LadderSeqArrow, by y0 */
  GArray *calls;          /* LadderSeqCall */
  GArray *bands;          /* LadderSeqBand */
  GArray *brackets;       /* LadderSeqBracket */
  GHashTable *by_frame;   /* frame -> arrow index + 1 */
  GArray *events;         /* LadderSeqEvent: the time axis */
  gint64  t0;
  double  top, bottom;    /* the time axis */
  double  time_x;         /* right edge of the time column */
  double  max_span;       /* largest y1 - y0, for culling slanted arrows */
  double  band_w, label_w;
  double  lane_cap;       /* widest call lane */
  gboolean condensed;     /* laid out to options.max_width */
  gboolean split_labels;  /* condensed, too wide: long arrow labels on two lines */
  double  header_y, header_h;
  gboolean has_kernel;
  gboolean kernel_sampled; /* some kernel band comes from samples */
  gboolean truncated;     /* more packets than max_packets */
  guint   hidden;         /* packets between hosts past the lifeline limit */
  guint   background;     /* multicast, neighbour discovery: not drawn */
  guint   n_candidates;
  char   *empty_text;     /* set when there is nothing to draw */
  char   *subtitle;
} LadderSeqModel;

/* Per kind (ladder-sequence*.c, ladder-traceroute-diagram.c, ladder-tuples-diagram.c). */
gboolean ladder_seq_build        (LadderDiagram *d, GError **error);
gboolean ladder_tr_build         (LadderDiagram *d, GError **error);
gboolean ladder_tuples_build     (LadderDiagram *d, GError **error);
gboolean ladder_spotlight_build  (LadderDiagram *d, GError **error);

/* Sequence helpers shared by its layout, painter and Mermaid writer. */
void  ladder_seq_arrow_label (const LadderSeqArrow *arrow, char *buf, gsize size);
/* Condensed and too wide (split_labels): a long label in BUF is cut in two
 * at its space nearest the middle, in place; returns the second line (drawn
 * below the arrow), or NULL when the label stays one line. */
const char *ladder_seq_split_label (const LadderSeqModel *m, char *buf);
/* The note under an arrow ("retransmission", "dup ACK of #12"), or FALSE. */
gboolean ladder_seq_arrow_note (const LadderSeqArrow *arrow, char *buf, gsize size);
void  ladder_seq_paint   (LadderDiagram *d, LadderCanvas *canvas, double y0, double y1, guint64 selected);
void  ladder_seq_mermaid (LadderDiagram *d, GString *out);
/* The thinnest arrow stroke of the diagram's packets (0 without any). */
double ladder_seq_min_arrow_width (LadderDiagram *d);
/* The arrow colour and dash for ARROW. */
void  ladder_seq_arrow_stroke (LadderDiagram *d, const LadderSeqArrow *arrow, LadderStroke *stroke);

/* Shared by the views' painters: the diagram's title block. */
void  ladder_diagram_paint_title (LadderDiagram *d, LadderCanvas *canvas, const char *subtitle);
double ladder_diagram_title_height (LadderDiagram *d, gboolean with_subtitle);

/* Orders structs whose first member is a gint64 timestamp (for g_array_sort). */
gint   ladder_compare_ts (gconstpointer a, gconstpointer b);
/* The median of the positive gaps between consecutive timestamps of N
 * structs of STRIDE bytes whose first member is a gint64 (sorted); 0 without gaps. */
gint64 ladder_median_gap (gconstpointer items, guint n, gsize stride);

/* Appends TEXT with what Mermaid would misread (';', '#', newlines) escaped. */
void ladder_mermaid_append_text (GString *out, const char *text);

/* "echo", "http" ... for well-known and registered ports, or NULL. */
const char *ladder_port_name (guint16 port, guint8 proto);

G_END_DECLS
