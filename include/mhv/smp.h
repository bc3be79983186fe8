/* SPDX-License-Identifier: GPL-2.0 */
/* CPU numbering and cross-CPU calls. */
#ifndef MHV_SMP_H
#define MHV_SMP_H

#include <mhv/types.h>
#include <asm/smp.h>    /* smp_processor_id(), arch part */

#ifndef NR_CPUS
#define NR_CPUS CONFIG_NR_CPUS
#endif

/* Number of CPUs online (boot CPU included). */
extern unsigned int num_online_cpus;
bool cpu_online(unsigned int cpu);

/*
 * Run @fn(@info) on every other online CPU; with @wait, return only once all
 * have finished.  Must be called with interrupts enabled.
 */
void smp_call_function(void (*fn)(void *info), void *info, bool wait);

#endif /* MHV_SMP_H */
