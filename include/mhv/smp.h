/* SPDX-License-Identifier: GPL-2.0 */
/* CPU numbering and cross-CPU calls. */
#ifndef MHV_SMP_H
#define MHV_SMP_H

#include <mhv/types.h>
#include <mhv/compiler.h>
#include <mhv/cpumask.h>
#include <asm/smp.h>    /* smp_processor_id(), arch part */

#ifndef NR_CPUS
#define NR_CPUS CONFIG_NR_CPUS
#endif

/* Number of CPUs online (boot CPU included). */
extern unsigned int num_online_cpus;
bool cpu_online(unsigned int cpu);

/*
 * Run @fn(@info) in interrupt context on every other online CPU and return
 * once all have finished (@wait is accepted for the familiar signature;
 * the call always waits).  Watched: a CPU silent for 1 s is logged by
 * number, and again each time the wait doubles; the wait never gives up
 * (arch/x86/smp.c says why).
 * @pre interrupts enabled (concurrent callers serialise).
 */
void smp_call_function(void (*fn)(void *info), void *info, bool wait);
/*
 * The same for the online CPUs of @mask other than the calling one;
 * returns how many were asked (0: none, and no wait).
 * @pre interrupts enabled.
 */
unsigned int smp_call_function_mask(const cpumask_t *mask,
                                    void (*fn)(void *info), void *info);

/* Boot every AP the MADT lists (boot CPU, once). */
void smp_boot_cpus(void);
void smp_init_vectors(void);
/* Kick @cpu out of hlt (it re-checks for work). */
void smp_send_event_check(unsigned int cpu);
/* From the NMI handler: stop here if smp_send_stop() asked for it. */
bool smp_nmi_stop_check(void);
void __noreturn cpu_idle(void);

#endif /* MHV_SMP_H */
