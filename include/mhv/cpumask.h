/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A set of CPUs, one bit per CPU number (NR_CPUS is at most 64: Kconfig).
 * The accessors are atomic, so a set may grow while another CPU reads it.
 */
#ifndef MHV_CPUMASK_H
#define MHV_CPUMASK_H

#include <mhv/types.h>

typedef struct {
    u64 bits;
} cpumask_t;

_Static_assert(CONFIG_NR_CPUS <= 64, "cpumask_t holds 64 CPUs");

static inline void cpumask_set_cpu(unsigned int cpu, cpumask_t *m)
{
    __atomic_fetch_or(&m->bits, 1ull << cpu, __ATOMIC_RELEASE);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const cpumask_t *m)
{
    return __atomic_load_n(&m->bits, __ATOMIC_ACQUIRE) & (1ull << cpu);
}

#endif /* MHV_CPUMASK_H */
