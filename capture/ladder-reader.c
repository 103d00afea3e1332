/* placeholder: being written */
#include "ladder-reader.h"
G_DEFINE_QUARK (ladder-reader-error-quark, ladder_reader_error)
