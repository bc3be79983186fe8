/* SPDX-License-Identifier: GPL-2.0 */
/* Host "arch" layer: system time and delays from the host's monotonic clock. */
#include <time.h>
#include <mhv/time.h>

s_time_t NOW(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (s_time_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void udelay(unsigned long us)
{
    struct timespec ts = { .tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000 };

    nanosleep(&ts, NULL);
}

void mdelay(unsigned long ms)
{
    udelay(ms * 1000);
}
