/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What x86 keeps of every domain and vCPU, by guest kind
 * (arch/x86/domain.c).  A domain is of one kind for its whole life, set at
 * creation: a paravirtual ring-3 domain (PV, arch/x86/pv/) or a hardware-
 * virtualized guest (HVM, arch/x86/hvm/, CONFIG_HVM).  The generic code
 * (the scheduler, the domain builder, the hypercall front-ends) reaches the
 * kind only through the arch_*() calls below, which dispatch on it.
 */
#ifndef ASM_X86_DOMAIN_H
#define ASM_X86_DOMAIN_H

#include <mhv/types.h>
#include <mhv/gpmap.h>
#include <asm/pv/domain.h>

struct domain;
struct vcpu;

enum guest_kind {
    GUEST_PV,           /* ring 3, paravirtual: SYSCALL hypercalls */
    GUEST_HVM,          /* hardware-virtualized (CONFIG_HVM) */
};

struct hvm_domain;
struct hvm_vcpu;

struct arch_domain {
    enum guest_kind kind;
    union {
        struct pv_domain pv;        /* kind == GUEST_PV */
        struct hvm_domain *hvm;     /* kind == GUEST_HVM (<asm/hvm/domain.h>) */
    };
};

struct vcpu_fpu;

struct arch_vcpu {
    struct vcpu_fpu *fpu;           /* FPU/SIMD state while not running
                                       (<asm/fpu.h>; every guest kind) */
    union {
        struct pv_vcpu pv;          /* its domain's kind == GUEST_PV */
        struct hvm_vcpu *hvm;       /* GUEST_HVM (<asm/hvm/vcpu.h>) */
    };
};

/* Is @d (a struct domain *) hardware-virtualized? */
#define is_hvm_domain(d)    ((d)->arch.kind == GUEST_HVM)

/* Where a new vCPU starts (its kind reads what it needs). */
struct vcpu_start {
    unsigned long entry;            /* first instruction */
    unsigned long stack;            /* stack pointer (PV) */
    unsigned long arg;              /* first argument register */
};

/*
 * Make @d a domain of @kind with an empty address space.  0, -ENOMEM, or
 * -EOPNOTSUPP for a kind this build does not have.
 */
int arch_domain_create(struct domain *d, enum guest_kind kind);
/*
 * Free what arch_domain_create() set up; returns the pages freed.
 * @pre gpmap_destroy(d) ran (the kind's tables are empty).
 */
unsigned long arch_domain_destroy(struct domain *d);

/* Set up @v (zeroed, v->domain set) to start at @start.  0 or -ENOMEM. */
int arch_vcpu_init(struct vcpu *v, const struct vcpu_start *start);
/* Free what arch_vcpu_init() set up (also after it failed half-way). */
void arch_vcpu_destroy(struct vcpu *v);
/*
 * Would @v have something to do if woken, besides the events of its
 * domain's shared info (an HVM vCPU's interrupt, INIT or SIPI)?  Asked by
 * vcpu_block() under @v's runqueue lock.
 */
bool arch_vcpu_has_work(struct vcpu *v);
/*
 * @v is DOWN and has left its CPU for good (the scheduler, on that CPU):
 * drop what only its CPU can (an HVM vCPU's timers).  True when it was
 * its domain's last vCPU: then the domain's memory goes.
 */
bool arch_vcpu_reap(struct vcpu *v);
/*
 * This CPU switches from @prev to @next (either NULL: the idle loop; never
 * equal): @prev's guest state and FPU/SIMD state are saved, @next's loaded
 * (eagerly: the next vCPU never runs on its predecessor's FPU state), and
 * the address space switched (to the idle tables without @next).
 */
void arch_context_switch(struct vcpu *prev, struct vcpu *next);
/* Enter (or go back to) @v, the vCPU this CPU runs now (never returns). */
void __noreturn arch_vcpu_resume(struct vcpu *v);
/*
 * The value the hypercall @v is in returns once @v runs again (for a
 * hypercall that blocks: it never returns to its caller).
 */
void arch_set_hypercall_result(struct vcpu *v, long ret);
/*
 * The hypercall @v is in is issued again, as it was, once @v runs (it
 * waited for the hypervisor and its handler never returned).
 * @pre @v is the vCPU this CPU runs, its guest state loaded.
 */
void arch_hypercall_restart(struct vcpu *v);

/*
 * A guest address for a new range of @bytes of @type (a BAR mapping, DMA
 * memory): the kind's placement policy.  0 with *gaddr, or -ENOMEM when
 * the domain has no room left for it.  @pre d->mm_lock held.
 */
int arch_gaddr_alloc(struct domain *d, enum gpmap_type type, u64 bytes,
                     u64 *gaddr);

#endif /* ASM_X86_DOMAIN_H */
