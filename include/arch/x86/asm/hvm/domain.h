/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An HVM domain: its vCPUs, its guest-physical memory and nested page
 * tables, its virtual platform, and its life cycle.
 *
 * Creation (hvm_domain_create(), from the control domain's domctl): all of
 * the guest's RAM is allocated then (no overcommit; 2 MiB pages where the
 * allocator has them), the nested tables map it, the ACPI tables and the
 * kernel are written into it, and the boot vCPU starts.  Death: a guest
 * power-off, reset, triple fault or a crash stops every vCPU
 * (hvm_domain_kill()); each vCPU is finished on its own physical CPU once
 * it has left it (hvm_vcpu_reap(), called by the scheduler), and the last
 * one frees the domain's memory, tables and vCPUs.  The struct domain
 * itself goes when the control domain destroys the dead domain
 * (hvm_domain_destroy()).
 *
 * Lock rules: the fields set at creation are read-only afterwards; the
 * platform units have their own locks (<asm/hvm/vuart.h>, vioapic.h,
 * vlapic.h, ioport.h); @live_vcpus and @dead are atomics; the statistics
 * are updated without a lock (torn reads are acceptable there).
 */
#ifndef ASM_X86_HVM_DOMAIN_H
#define ASM_X86_HVM_DOMAIN_H

#include <mhv/types.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/memory.h>
#include <asm/hvm/ioport.h>
#include <asm/hvm/vioapic.h>
#include <asm/hvm/vuart.h>
#include <asm/hvm/cpuid.h>
#include <asm/hvm/acpi_tables.h>
#include <public/mhv.h>
#include <public/hvm.h>

struct vcpu;
struct domain;

#define HVM_MAX_VCPUS       16

struct hvm_domain {
    unsigned int nr_vcpus;
    struct vcpu *vcpus[HVM_MAX_VCPUS];
    struct hvm_memory mem;          /* RAM and where it is backed */
    void *p2m;                      /* the vendor's nested tables */
    u64 tsc_khz;
    u64 tsc_offset;                 /* guest TSC = host TSC + this (all vCPUs) */

    struct hvm_cpuid_policy cpuid;
    struct hvm_ioports io;
    struct vioapic vioapic;
    struct vuart uart;
    struct hvm_acpi_pm acpi_pm;

    /* Death: vCPUs not yet finished on their CPUs (the last frees). */
    unsigned int live_vcpus;
    char stop_reason[96];           /* one line, for `mhvctl hvm-list` */

    /* Progress marks (the diagnostic port, <public/hvm.h>), under
     * mark_lock; created_tsc is set before the first vCPU runs. */
    u64 created_tsc;
    spinlock_t mark_lock;
    unsigned int nr_marks;
    u64 mark_elapsed[MHV_HVM_MARKS], mark_guest[MHV_HVM_MARKS];
    u64 mark_exits[MHV_HVM_MARKS];
    u64 mark0_exit_reasons[HVM_NR_EXIT_REASONS];

    /* Guest accesses to guest-physical space nothing claims. */
    u64 npf_unclaimed_reads, npf_unclaimed_writes;
    u64 msr_refused;                /* RDMSR/WRMSR answered with #GP */
};

/* An HVM domain's creation parameters (from the control domain). */
struct hvm_create_args {
    u64 mem_bytes;                  /* RAM, a multiple of 2 MiB */
    unsigned int nr_vcpus;
    unsigned int cpus[HVM_MAX_VCPUS];   /* physical CPU of each vCPU */
    const void *kernel;             /* a bzImage (the Linux boot protocol) */
    size_t kernel_len;
    const void *initrd;             /* or NULL */
    size_t initrd_len;
    const char *cmdline;
};

/* Create and start an HVM domain; its id in *@domid.  0 or -errno. */
int hvm_domain_create(const struct hvm_create_args *a, domid_t *domid);
/*
 * Stop every vCPU of @d (only the first call counts), from any context
 * with interrupts on; @final is MHV_DOMSTATE_SHUTDOWN (with @code) or
 * MHV_DOMSTATE_CRASHED, @reason a line for the log and the listing.
 */
void hvm_domain_kill(struct domain *d, unsigned int final, unsigned int code,
                     const char *reason);
/*
 * The control domain destroys @d: kills it if it runs, and frees it once
 * dead.  Returns 0 when @d is gone, -EAGAIN while its vCPUs still wind
 * down (call again), -EINVAL for a domain that is not HVM.
 */
int hvm_domain_destroy(struct domain *d);
/* Free what is left of a dead domain (scheduler, last vCPU reaped). */
void hvm_domain_free_memory(struct domain *d);

#endif /* ASM_X86_HVM_DOMAIN_H */
