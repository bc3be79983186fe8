/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A token bucket for what others can provoke at will (common/
 * ratelimit.c): @burst at once, then one more per @interval_ns; what it
 * refuses is counted, and the next one that passes gets the count, for a
 * "N suppressed" report before it.  gprintk() (<mhv/lib.h>) keeps one
 * bucket of log lines per domain and one for everything else; each
 * registered function has one for the resets its owner asks for
 * (<mhv/passthrough/pcidev.h>).
 *
 * Lock: none inside; the caller serialises the calls on one bucket
 * (printk_ratelimit() holds the console lock, the resets' the pcidevs
 * lock).
 */
#ifndef MHV_RATELIMIT_H
#define MHV_RATELIMIT_H

#include <mhv/types.h>

struct ratelimit {
    char label[8];                  /* whose lines, for the report ("d1") */
    unsigned int burst;             /* lines at once */
    s64 interval_ns;                /* one more line per interval after it */
    bool started;                   /* the bucket was filled once */
    unsigned int tokens;            /* lines that may pass now */
    s64 refilled_ns;                /* tokens are counted up to this time */
    unsigned long suppressed;       /* refused since the last line passed */
};

#define RATELIMIT_INIT(b, interval) { .burst = (b), .interval_ns = (interval) }

/* gprintk()'s buckets: 20 lines at once, then 10 a second. */
#define LOG_RATELIMIT_BURST         20
#define LOG_RATELIMIT_INTERVAL_NS   100000000LL

/*
 * True when one more line may pass at @now_ns (a monotonic clock); then
 * *@suppressed is the number refused since the previous line that passed
 * (and the count starts again at zero), else 0.
 * @pre the bucket's calls are serialised; @rl->burst and interval_ns > 0.
 */
bool ratelimit_pass(struct ratelimit *rl, s64 now_ns, unsigned long *suppressed);

#endif /* MHV_RATELIMIT_H */
