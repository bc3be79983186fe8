/* SPDX-License-Identifier: GPL-2.0 */
/* Argument helpers of mhvctl's commands (see args.h). */
#include "args.h"
#include <runtime/runtime.h>
#include <runtime/parse.h>
#include <public/errno.h>

int arg_sbdf(const char *what, const char *s, uint32_t *sbdf)
{
    if (parse_sbdf(s, sbdf)) {
        printf("bad %s '%s' (want SSSS:BB:DD.F or BB:DD.F, hex)\n", what, s);
        return -MHV_EINVAL;
    }
    return 0;
}

int arg_uint(const char *what, const char *s, uint64_t max, uint64_t *v)
{
    int rc = parse_uint(s, max, v);

    if (rc == -MHV_ERANGE)
        printf("bad %s '%s' (at most %llu)\n", what, s,
               (unsigned long long)max);
    else if (rc)
        printf("bad %s '%s' (want a number)\n", what, s);
    return rc;
}
