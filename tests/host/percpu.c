/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: the per-CPU info array (<asm/percpu.h>).  Every CPU's
 * APIC ID starts equal to its number; a test may change it.
 */
#include <mhv/smp.h>
#include <asm/percpu.h>

struct cpu_info cpu_info_array[NR_CPUS];

static void __attribute__((constructor)) host_percpu_init(void)
{
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
        cpu_info_array[cpu].self = &cpu_info_array[cpu];
        cpu_info_array[cpu].cpu_id = cpu;
        cpu_info_array[cpu].apic_id = cpu;
        cpu_info_array[cpu].online = cpu < num_online_cpus;
    }
}
