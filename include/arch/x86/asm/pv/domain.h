/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PV domains (arch/x86/pv/domain.c): ring-3 programs in an address space
 * of their own (<asm/pv/mm.h>) that enter the hypervisor by SYSCALL
 * (arch/x86/pv/entry.S) and leave it by SYSRET or IRET.
 *
 * While a PV vCPU runs, its registers are the frame at the top of its
 * CPU's stack (guest_regs()); pv_context_save() copies them into the
 * vCPU when its CPU switches away, pv_context_load() back when it returns.
 *
 * The guest address of a PV domain's memory is its virtual address (the
 * map of <mhv/gpmap.h>); where new ranges go: <asm/pv/gaddr.h>.
 */
#ifndef ASM_X86_PV_DOMAIN_H
#define ASM_X86_PV_DOMAIN_H

#include <mhv/types.h>
#include <mhv/gpmap.h>
#include <asm/page.h>
#include <asm/regs.h>

struct domain;
struct vcpu;
struct vcpu_start;

struct pv_domain {
    pte_t *pml4;                    /* its page tables (<asm/pv/mm.h>) */
    u64 bar_next;                   /* next BAR mapping address (d->mm_lock) */
    u64 dma_next;                   /* next DMA memory address (d->mm_lock) */
};

struct pv_vcpu {
    struct cpu_user_regs regs;      /* guest registers while not running */
    paddr_t cr3;                    /* its address space */
};

int pv_domain_create(struct domain *d);
unsigned long pv_domain_destroy(struct domain *d);
void pv_vcpu_init(struct vcpu *v, const struct vcpu_start *start);
/* Save @prev (PV) / load @next (PV); either may be NULL. */
void pv_context_save(struct vcpu *prev);
void pv_context_load(struct vcpu *next);
void __noreturn pv_vcpu_resume(struct vcpu *v);

/* The guest frame of the running PV vCPU (top of this CPU's stack). */
struct cpu_user_regs *guest_regs(void);
/* The running PV vCPU issues its hypercall again when it resumes. */
void pv_hypercall_restart(struct vcpu *v);
/* SYSCALL entry (pv/entry.S): the hypercall in @regs. */
void pv_do_hypercall(struct cpu_user_regs *regs);
/* Called on every return to a PV guest: reschedules if asked to. */
void guest_return_check(void);

#endif /* ASM_X86_PV_DOMAIN_H */
