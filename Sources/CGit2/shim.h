#ifndef SECRETSCAN_CGIT2_SHIM_H
#define SECRETSCAN_CGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic and does not import into Swift. */
static inline int secretscan_git_disable_owner_validation(void) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}
/* Blobs are read once each: caching them only costs memory. Trees are read again for every commit
 * that changes something below them: libgit2 caches only trees up to 4 KiB by default (a directory
 * of ~100 entries), so larger ones are inflated and delta-resolved again each time; cache them. */
static inline int secretscan_git_limit_caches(void) {
    int rc = git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, (size_t)0);
    /* Like git itself (outside fsck), do not re-hash every object read: a corrupt object still
     * fails to inflate or parse, and the hashing cost about a quarter of a history walk. */
    if (rc == 0) rc = git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    if (rc == 0) rc = git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)(4 * 1024 * 1024));
    /* Its object cache mostly holds what refs point at (tens of thousands of pull-request refs on
     * large projects); SecretScan reads history through its own pack reader. */
    if (rc == 0) rc = git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)(8 * 1024 * 1024));
    /* History scans read packs through SecretScan's own reader; libgit2 reads refs, tags and the odd
     * loose or missing object. Its default 1 GiB windows would keep every page it touched of a large
     * pack resident: small windows under a small limit let it unmap the ones it is done with. */
    if (rc == 0) rc = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)(4 * 1024 * 1024));
    if (rc == 0) rc = git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)(16 * 1024 * 1024));
    return rc;
}
#endif
