/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhv_time(): a domain's monotonic clock, nanoseconds since boot (NOW(),
 * the same on every CPU).  A timed wait in a domain measures with it: a
 * poll that returns early (an event is pending) shortens nothing.
 */
#include <mhv/hypercall.h>
#include <mhv/time.h>
#include <public/mhv.h>

static long do_mhv_time(unsigned long a1, unsigned long a2, unsigned long a3,
                        unsigned long a4, unsigned long a5)
{
    return (long)NOW();
}
DEFINE_HYPERCALL(__HYPERVISOR_mhv_time, do_mhv_time);
