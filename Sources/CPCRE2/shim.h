#ifndef SECRETSCAN_CPCRE2_SHIM_H
#define SECRETSCAN_CPCRE2_SHIM_H
/* pcre2.h requires the code unit width before inclusion; SecretScan matches bytes. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Macros that do not import into Swift. */
static inline size_t secretscan_pcre2_unset(void) { return PCRE2_UNSET; }
#endif
