/* SPDX-License-Identifier: GPL-2.0 */
/* Domain startup: from crt0.S to main() and back out through shutdown. */
#include "runtime.h"
#include "libmhvctl.h"
#include <mhv/symbols.h>

const struct start_info *mhv_start_info;
struct shared_info *mhv_shared_info;

void runtime_start(const struct start_info *si)
{
    int rc;

    if (!si || si->magic != MHV_START_MAGIC) {
        /* Nothing can be trusted; say so and leave with a distinct code. */
        static const char msg[] = "domain: bad start_info magic\n";

        mhv_console_write(msg, sizeof(msg) - 1);
        mhv_shutdown(127);
        for (;;)
            mhv_sched_block();
    }
    mhv_start_info = si;
    mhv_shared_info = (struct shared_info *)(uintptr_t)si->shared_info;

    rc = main(si);

    console_flush();
    mhv_shutdown((uint32_t)rc);
    for (;;)                    /* shutdown does not return; if it does... */
        mhv_sched_block();
}

/*
 * %pS in the shared vsnprintf looks symbols up; a domain has no symbol
 * table, so addresses print as numbers.
 */
const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size)
{
    return NULL;
}
