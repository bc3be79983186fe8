/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: a CPU is a thread.  Each test thread sets its CPU
 * number with host_set_cpu(); the main thread is CPU 0.
 */
#ifndef HOST_ASM_SMP_H
#define HOST_ASM_SMP_H

extern __thread unsigned int host_cpu_id;
static inline unsigned int smp_processor_id(void)
{
    return host_cpu_id;
}
static inline void host_set_cpu(unsigned int cpu)
{
    host_cpu_id = cpu;
}

#endif
