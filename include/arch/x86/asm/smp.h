/* SPDX-License-Identifier: GPL-2.0 */
/* x86 part of <mhv/smp.h>. */
#ifndef ASM_X86_SMP_H
#define ASM_X86_SMP_H

#include <asm/percpu.h>

/* Valid from the first instruction of C: the boot CPU's GS is set in head.S. */
static inline unsigned int smp_processor_id(void)
{
    unsigned long id;

    __asm__ volatile("mov %%gs:%c1, %0" : "=r"(id) : "i"(CPUINFO_cpu_id));
    return (unsigned int)id;
}

#endif
