/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-loader.c */
#include "ladder-loader.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ladder-load.h"

struct _LadderLoader
{
  GObject        parent_instance;
  LadderCapture *capture;
  GMutex         lock;     /* guards the two progress figures */
  guint64        done, total;
};

typedef struct
{
  char *path;
  int   fd;
  char *name;
} LoadData;

G_DEFINE_FINAL_TYPE (LadderLoader, ladder_loader, G_TYPE_OBJECT)

static void
load_data_free (gpointer p)
{
  LoadData *data = p;

  if (data->fd >= 0)
    close (data->fd);
  g_free (data->path);
  g_free (data->name);
  g_free (data);
}

static void
ladder_loader_finalize (GObject *object)
{
  LadderLoader *self = LADDER_LOADER (object);

  g_clear_pointer (&self->capture, ladder_capture_unref);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (ladder_loader_parent_class)->finalize (object);
}

static void
ladder_loader_class_init (LadderLoaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ladder_loader_finalize;
}

static void
ladder_loader_init (LadderLoader *self)
{
  g_mutex_init (&self->lock);
}

LadderLoader *
ladder_loader_new (LadderCapture *capture)
{
  LadderLoader *self;

  g_return_val_if_fail (capture != NULL, NULL);

  self = g_object_new (LADDER_TYPE_LOADER, NULL);
  self->capture = ladder_capture_ref (capture);
  return self;
}

LadderCapture *
ladder_loader_get_capture (LadderLoader *self)
{
  g_return_val_if_fail (LADDER_IS_LOADER (self), NULL);
  return self->capture;
}

/* Reading and analysing yield to the main thread: on two cores, two busy
 * workers would otherwise take turns with drawing.  Linux applies
 * setpriority() on a thread id to that thread only.  Returns the old value
 * to restore (which may fail without privileges; the pool thread then
 * stays nice, which only ever delays other background work). */
static int
lower_priority (void)
{
  pid_t tid = (pid_t) syscall (SYS_gettid);
  int old;

  errno = 0;
  old = getpriority (PRIO_PROCESS, tid);
  if (errno == 0)
    setpriority (PRIO_PROCESS, tid, MIN (old + 5, 19));
  return old;
}

static void
restore_priority (int old)
{
  setpriority (PRIO_PROCESS, (pid_t) syscall (SYS_gettid), old);
}

/* Worker thread. */
static void
on_progress (guint64 bytes_done, guint64 bytes_total, guint64 frames, gpointer user_data)
{
  LadderLoader *self = user_data;

  g_mutex_lock (&self->lock);
  self->done = bytes_done;
  self->total = bytes_total;
  g_mutex_unlock (&self->lock);
}

/* Worker thread. */
static void
load_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LadderLoader *self = source;
  LoadData *data = task_data;
  g_autoptr (LadderReader) reader = NULL;
  GError *error = NULL;
  gboolean ok;
  int old_priority = lower_priority ();

  if (data->path != NULL)
    ok = ladder_load_file (self->capture, data->path, cancellable, on_progress, self, &error);
  else
    {
      int fd = data->fd;

      data->fd = -1;   /* the reader owns it from here, even on failure */
      reader = ladder_reader_open_fd (fd, data->name, &error);
      ok = reader != NULL
           && ladder_load_reader (self->capture, reader, cancellable, on_progress, self, &error);
    }
  restore_priority (old_priority);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
start_load (LadderLoader *self, LoadData *data, GCancellable *cancellable,
            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, data, load_data_free);
  /* Cancellation is noticed by the loader between records, so the frames
   * read so far stay in the capture. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_in_thread);
}

void
ladder_loader_load_file_async (LadderLoader *self, const char *path, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  LoadData *data;

  g_return_if_fail (LADDER_IS_LOADER (self));
  g_return_if_fail (path != NULL);

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (path);
  data->fd = -1;
  start_load (self, data, cancellable, callback, user_data);
}

void
ladder_loader_load_fd_async (LadderLoader *self, int fd, const char *name, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  LoadData *data;

  g_return_if_fail (LADDER_IS_LOADER (self));
  g_return_if_fail (fd >= 0);

  data = g_new0 (LoadData, 1);
  data->fd = fd;
  data->name = g_strdup (name != NULL ? name : "lab");
  start_load (self, data, cancellable, callback, user_data);
}

gboolean
ladder_loader_load_finish (LadderLoader *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ladder_loader_get_progress (LadderLoader *self, guint64 *done, guint64 *total)
{
  g_return_if_fail (LADDER_IS_LOADER (self));

  g_mutex_lock (&self->lock);
  *done = self->done;
  *total = self->total;
  g_mutex_unlock (&self->lock);
}

static gboolean
is_cancelled (gpointer cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

/* Worker thread.  Cancel stops the work itself, within
 * LADDER_ANALYSE_CHECK_EVERY frames. */
static void
analyse_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LadderLoader *self = source;
  int old_priority = lower_priority ();
  LadderAnalysis *analysis = ladder_capture_analyse_full (self->capture,
                                                          cancellable != NULL ? is_cancelled : NULL,
                                                          cancellable);

  restore_priority (old_priority);
  if (analysis == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The analysis was cancelled"));
  else
    g_task_return_pointer (task, analysis, (GDestroyNotify) ladder_analysis_unref);
}

void
ladder_loader_analyse_async (LadderLoader *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (LADDER_IS_LOADER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ladder_loader_analyse_async);
  g_task_run_in_thread (task, analyse_in_thread);
}

LadderAnalysis *
ladder_loader_analyse_finish (LadderLoader *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  LadderCapture  *capture;
  LadderAnalysis *analysis;
} Release;

/* Worker thread. */
static void
release_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Release *release = task_data;

  g_clear_pointer (&release->analysis, ladder_analysis_unref);
  g_clear_pointer (&release->capture, ladder_capture_unref);
  g_task_return_boolean (task, TRUE);
}

/* Releases waiting for their second (main thread only), with their sources. */
static GHashTable *pending_releases;

static gboolean
release_later (gpointer data)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_hash_table_remove (pending_releases, data);

  g_task_set_source_tag (task, ladder_loader_release_in_background);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, release_in_thread);
  return G_SOURCE_REMOVE;
}

void
ladder_loader_release_in_background (LadderCapture *capture, LadderAnalysis *analysis)
{
  Release *release;

  if (capture == NULL && analysis == NULL)
    return;
  release = g_new0 (Release, 1);
  release->capture = capture;
  release->analysis = analysis;
  if (pending_releases == NULL)
    pending_releases = g_hash_table_new (NULL, NULL);
  /* A second later: views drop the diagrams they laid out from the old
   * capture when they next run, and ours should be the last references. */
  g_hash_table_insert (pending_releases, release,
                       GUINT_TO_POINTER (g_timeout_add_seconds (1, release_later, release)));
}

void
ladder_loader_flush_releases (void)
{
  GHashTableIter iter;
  gpointer key, value;

  if (pending_releases == NULL)
    return;
  g_hash_table_iter_init (&iter, pending_releases);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Release *release = key;

      g_source_remove (GPOINTER_TO_UINT (value));
      g_clear_pointer (&release->analysis, ladder_analysis_unref);
      g_clear_pointer (&release->capture, ladder_capture_unref);
      g_free (release);
    }
  g_clear_pointer (&pending_releases, g_hash_table_unref);
}
