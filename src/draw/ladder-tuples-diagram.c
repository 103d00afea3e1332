/* ladder-tuples-diagram.c: placeholder while being written. */
#include "ladder-diagram-private.h"

gboolean
ladder_tuples_build (LadderDiagram *d, GError **error)
{
  g_set_error (error, LADDER_DIAGRAM_ERROR, LADDER_DIAGRAM_ERROR_EMPTY, "not yet");
  return FALSE;
}
