/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: the interrupt flag of a CPU (= a thread) is a
 * thread-local boolean, true when the thread starts.  Nothing ever
 * interrupts a host thread; the flag exists so that the code's IRQ-safety
 * rules (and the lock checker's view of them) behave as on the machine.
 */
#ifndef HOST_ASM_IRQFLAGS_H
#define HOST_ASM_IRQFLAGS_H

#include <stdbool.h>

#define X86_EFLAGS_IF   0x00000200UL   /* RFLAGS.IF, as on the machine */

extern __thread bool host_irq_enabled;

static inline unsigned long arch_local_save_flags(void)
{
    return host_irq_enabled ? X86_EFLAGS_IF : 0;
}

static inline void local_irq_disable(void)
{
    host_irq_enabled = false;
}

static inline void local_irq_enable(void)
{
    host_irq_enabled = true;
}

static inline bool local_irq_is_enabled(void)
{
    return host_irq_enabled;
}

static inline unsigned long arch_local_irq_save(void)
{
    unsigned long flags = arch_local_save_flags();

    local_irq_disable();
    return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
    host_irq_enabled = !!(flags & X86_EFLAGS_IF);
}

#define local_irq_save(flags) ((flags) = arch_local_irq_save())

#endif /* HOST_ASM_IRQFLAGS_H */
