#ifndef SECRETSCAN_CZLIB_SHIM_H
#define SECRETSCAN_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit is a macro and does not import into Swift. */
static inline int secretscan_inflate_init(z_stream *stream) {
    return inflateInit(stream);
}
#endif
