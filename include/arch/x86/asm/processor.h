/* SPDX-License-Identifier: GPL-2.0 */
/* x86 processor helpers. */
#ifndef ASM_X86_PROCESSOR_H
#define ASM_X86_PROCESSOR_H

/* Spin-wait hint. */
static inline void cpu_relax(void)
{
    __asm__ volatile("pause" ::: "memory");
}

#endif /* ASM_X86_PROCESSOR_H */
