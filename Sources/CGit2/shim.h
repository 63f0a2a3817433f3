#ifndef SECRETSCAN_CGIT2_SHIM_H
#define SECRETSCAN_CGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic and does not import into Swift. */
static inline int secretscan_git_disable_owner_validation(void) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}
/* Blobs are read once each: caching them only costs memory. Trees and commits stay cached. */
static inline int secretscan_git_limit_caches(void) {
    int rc = git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, (size_t)0);
    if (rc == 0) rc = git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)(64 * 1024 * 1024));
    return rc;
}
#endif
