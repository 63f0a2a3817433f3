#ifndef SECRETSCAN_CGIT2_SHIM_H
#define SECRETSCAN_CGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic and does not import into Swift. */
static inline int secretscan_git_disable_owner_validation(void) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}
#endif
