/* SPDX-License-Identifier: GPL-2.0 */
/* Local interrupt-flag control (x86: RFLAGS.IF). */
#ifndef ASM_X86_IRQFLAGS_H
#define ASM_X86_IRQFLAGS_H

#include <mhv/types.h>

static inline unsigned long arch_local_save_flags(void)
{
    unsigned long f;

    __asm__ volatile("pushf; pop %0" : "=r"(f) :: "memory");
    return f;
}

static inline void local_irq_disable(void)
{
    __asm__ volatile("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
    __asm__ volatile("sti" ::: "memory");
}

static inline bool local_irq_is_enabled(void)
{
    return arch_local_save_flags() & (1UL << 9);
}

#define local_irq_save(flags)                                                \
    do {                                                                     \
        (flags) = arch_local_save_flags();                                   \
        local_irq_disable();                                                 \
    } while (0)

static inline void local_irq_restore(unsigned long flags)
{
    __asm__ volatile("push %0; popf" :: "g"(flags) : "memory", "cc");
}

#endif /* ASM_X86_IRQFLAGS_H */
