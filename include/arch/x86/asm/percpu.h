/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU data.  Each CPU's GS base points at its struct cpu_info, whose
 * first field points back at itself, so `this_cpu()` is one load.
 */
#ifndef ASM_X86_PERCPU_H
#define ASM_X86_PERCPU_H

#define CPUINFO_self        0
#define CPUINFO_cpu_id      8
#define CPUINFO_kernel_sp   16   /* top of this CPU's hypervisor stack (SYSCALL entry) */
#define CPUINFO_user_sp     24   /* scratch: guest RSP saved at SYSCALL entry */
#define CPUINFO_current     32   /* struct vcpu running here, or NULL */

#define STACK_ORDER         2    /* 16 KiB stacks */
#define STACK_SIZE          (4096UL << STACK_ORDER)
#define IST_STACK_SIZE      4096UL

#ifndef __ASSEMBLY__
#include <mhv/types.h>
#include <mhv/compiler.h>

struct vcpu;

struct cpu_info {
    struct cpu_info *self;
    unsigned long cpu_id;
    unsigned long kernel_sp;
    unsigned long user_sp;
    struct vcpu *current;
    u32 apic_id;
    bool online;
    unsigned long irq_count;            /* nested interrupt depth */
    void *stack_base;                   /* lowest address of the main stack */
    bool need_resched;                  /* reschedule before returning to a guest */
    /* Descriptor tables live in arch/x86/desc.c's per-CPU arrays. */
};

_Static_assert(__builtin_offsetof(struct cpu_info, self) == CPUINFO_self, "self");
_Static_assert(__builtin_offsetof(struct cpu_info, cpu_id) == CPUINFO_cpu_id, "cpu_id");
_Static_assert(__builtin_offsetof(struct cpu_info, kernel_sp) == CPUINFO_kernel_sp, "ksp");
_Static_assert(__builtin_offsetof(struct cpu_info, user_sp) == CPUINFO_user_sp, "usp");
_Static_assert(__builtin_offsetof(struct cpu_info, current) == CPUINFO_current, "cur");

extern struct cpu_info cpu_info_array[];

static inline struct cpu_info *this_cpu(void)
{
    struct cpu_info *ci;

    __asm__ volatile("mov %%gs:0, %0" : "=r"(ci));
    return ci;
}

static inline struct cpu_info *per_cpu_info(unsigned int cpu)
{
    return &cpu_info_array[cpu];
}
#endif

#endif /* ASM_X86_PERCPU_H */
