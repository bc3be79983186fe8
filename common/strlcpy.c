/* SPDX-License-Identifier: GPL-2.0 */
/*
 * strlcpy: a bounded string copy that always terminates.  Its own file so
 * that host builds (tests, benchmarks), whose C library lacks it, link the
 * hypervisor's real one.
 */
#include <mhv/lib.h>

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
