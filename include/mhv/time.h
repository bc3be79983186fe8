/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System time: NOW() in nanoseconds since boot, from the TSC (calibrated
 * from CPUID when it gives the frequency, else against the PIT).
 * Under QEMU with -icount the TSC advances with guest instructions, which
 * the benchmarks rely on (docs/performance.md).
 */
#ifndef MHV_TIME_H
#define MHV_TIME_H

#include <mhv/types.h>

#define MILLISECS(ms) ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us) ((s_time_t)(us) * 1000LL)
#define SECONDS(s)    ((s_time_t)(s) * 1000000000LL)

void time_init(void);
s_time_t NOW(void);
void udelay(unsigned long us);
void mdelay(unsigned long ms);
extern unsigned long cpu_khz;           /* TSC frequency */

/*
 * One-shot timers, per CPU: @fn(@data) runs in interrupt context on the
 * CPU that set the timer, at or after @expires.
 */
struct timer {
    s_time_t expires;
    void (*fn)(void *data);
    void *data;
    struct timer *next;
    unsigned int cpu;
    bool active;
};
void init_timer(struct timer *t, void (*fn)(void *), void *data);
/* @pre called on the CPU that owns the timer. */
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
void timers_init(void);

#endif /* MHV_TIME_H */
