/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-test-lab.h: what the lab tests share: `lab probe`, skipping with
 * the reason, running the CLI and `lab run`, loading a capture, and
 * checking the lab left no namespace behind. */
#pragma once

#include <glib.h>

#include "ladder-capture.h"

G_BEGIN_DECLS

/* Filled by ladder_test_lab_init(). */
typedef struct
{
  const char *cli;          /* $WIRELADDER_CLI */
  char       *probe_out;    /* what `lab probe` printed */
  char       *unavailable;  /* why the lab cannot run here, or NULL */
  char       *no_userns;    /* why a user namespace cannot be made here, or NULL */
  char       *tmpdir;       /* the test's own directory for captures */
} LadderTestLab;

extern LadderTestLab ladder_test_lab;

/* After g_test_init(): finds the CLI, runs `lab probe`, and makes the
 * directory wireladder-NAME-XXXXXX. */
void           ladder_test_lab_init    (const char *name);
/* Removes the (by then empty) directory. */
void           ladder_test_lab_finish  (void);
/* TRUE, the test skipped with the reason, when the lab (or, with USERNS,
 * a user namespace) is unavailable. */
gboolean       ladder_test_lab_skip    (gboolean userns);
/* ARGV run to its end; its output (ERR may be NULL: inherited). */
char          *ladder_test_spawn       (const char *const *argv, char **envp, int *status, char **err);
/* The CLI run with ARGS (no argv[0]); with ERR NULL its standard error is
 * logged when it fails. */
char          *ladder_test_cli_run     (const char *const *args, int *status, char **err);
/* `lab run SCENARIO ARGS... -w PATH` (ARGS may be NULL), which must
 * succeed; its summary (standard output), logged with its errors. */
char          *ladder_test_lab_run     (const char *scenario, const char *const *args, const char *path);
/* The capture file PATH, which must load. */
LadderCapture *ladder_test_lab_load    (const char *path);
/* The network namespaces' inode numbers a run's SUMMARY named
 * ("namespaces: 1 2 3"). */
char         **ladder_test_lab_summary_namespaces (const char *summary);
/* Fails unless no process is in any of the namespaces INODES within 3 s. */
void           ladder_test_lab_assert_inodes_gone (char **inodes);
/* Fails unless every namespace the run's SUMMARY named is gone within 3 s. */
void           ladder_test_lab_assert_namespaces_gone (const char *summary);
/* The same for a run of AT_LEAST namespaces (the loopback lab has one). */
void           ladder_test_lab_assert_n_namespaces_gone (const char *summary, guint at_least);

/* Whether the ELF file PATH asks for a dynamic loader (PT_INTERP): a
 * statically linked test program does not. */
gboolean ladder_test_lab_has_interpreter (const char *path);

G_END_DECLS
