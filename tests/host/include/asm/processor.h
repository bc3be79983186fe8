/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: cpu_relax() yields, so that a thread spinning on a lock
 * lets the holder run even when there are more threads than host CPUs.
 */
#ifndef HOST_ASM_PROCESSOR_H
#define HOST_ASM_PROCESSOR_H

#include <sched.h>

static inline void cpu_relax(void)
{
    sched_yield();
}

#endif /* HOST_ASM_PROCESSOR_H */
