/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An HVM domain, the x86 side: its vCPUs, its guest-physical memory and
 * nested page tables, its virtual platform.
 *
 * The domain layer creates one (domain/hvm.c, <mhv/domain/hvm.h>):
 * domain_alloc() of kind GUEST_HVM (hvm_arch_domain_create(): this struct
 * and the vendor's empty nested tables), then hvm_domain_build(): all of
 * the guest's RAM, allocated then (no overcommit; 2 MiB pages where the
 * allocator has them) and added to the domain's map, whose CPU consumer
 * maps it in the nested tables (hvm_p2m_*()) and whose IOMMU consumer in
 * its DMA tables; the platform; the vCPUs (blocked); the ACPI tables, the
 * reset vector's firmware and the kernel.  Then the boot vCPU is woken.
 *
 * Death: a guest power-off, reset, triple fault or crash stops every vCPU
 * (hvm_domain_kill(), the domain layer's); each vCPU is reaped on its own
 * physical CPU once it has left it (hvm_vcpu_reap(), from the scheduler),
 * and the last one lets the domain's memory go (domain_free_address_space():
 * gpmap_destroy() frees the RAM and the nested tables,
 * hvm_arch_domain_destroy() the rest).  This struct, the vCPUs and the
 * struct domain go when the control domain destroys the dead domain.
 *
 * Lock rules: the fields set while the domain is built are read-only
 * afterwards; the platform units have their own locks (<asm/hvm/vuart.h>,
 * vioapic.h, vlapic.h, ioport.h); @live_vcpus is atomic; the marks are
 * under @mark_lock; the statistics are updated without a lock (a torn
 * read is acceptable there).
 */
#ifndef ASM_X86_HVM_DOMAIN_H
#define ASM_X86_HVM_DOMAIN_H

#include <mhv/types.h>
#include <mhv/spinlock.h>
#include <mhv/list.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/memory.h>
#include <asm/hvm/ioport.h>
#include <asm/hvm/vioapic.h>
#include <asm/hvm/vuart.h>
#include <asm/hvm/cpuid.h>
#include <asm/hvm/acpi_tables.h>
#include <asm/hvm/rtc_stub.h>
#include <public/mhv.h>
#include <public/hvm.h>

struct vcpu;
struct domain;
struct gpmap_range;

#define HVM_MAX_VCPUS       16

struct hvm_domain {
    unsigned int nr_vcpus;
    struct vcpu *vcpus[HVM_MAX_VCPUS];
    struct hvm_memory mem;          /* its RAM: an index into the map */
    void *p2m;                      /* the vendor's nested tables */
    u64 tsc_khz;
    u64 tsc_offset;                 /* guest TSC = host TSC + this (all vCPUs) */

    struct hvm_cpuid_policy cpuid;
    struct hvm_ioports io;
    struct vioapic vioapic;
    struct vuart uart;
    struct hvm_acpi_pm acpi_pm;
    struct hvm_rtc_stub rtc;

    /* The boot vCPU was woken: at creation, or for a domain created paused
     * by the control domain's unpause (the domain layer's; atomic). */
    bool started;

    /* Death: vCPUs not yet reaped on their CPUs (the last frees). */
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

    /* Device memory mapped for a device model (<asm/hvm/mmio_map.h>),
     * under d->mm_lock. */
    struct list_head mmio_maps;
    /* Who answers guest-physical accesses outside the map, besides the
     * I/O APIC (hvm_mmio_handler_register()): written while the domain is
     * built, read-only once a vCPU runs. */
    unsigned int nr_mmio_handlers;
    struct hvm_mmio_handler mmio_handlers[HVM_MMIO_MAX_HANDLERS];

    /* Guest accesses to guest-physical space nothing claims. */
    u64 npf_unclaimed_reads, npf_unclaimed_writes;
    u64 msr_refused;                /* RDMSR/WRMSR answered with #GP */
    /* Flushes of its nested translation (a mapping removed while it may
     * run) and the other CPUs they interrupted: atomic (flushes run
     * outside d->mm_lock, from any CPU). */
    u64 p2m_flushes, p2m_flush_cpus;
};

/* What the domain layer asks hvm_domain_build() for. */
struct hvm_build_args {
    u64 mem_bytes;                  /* RAM, a multiple of 2 MiB */
    unsigned int nr_vcpus;
    unsigned int cpus[HVM_MAX_VCPUS];   /* physical CPU of each vCPU */
    const void *kernel;             /* a bzImage (the Linux boot protocol) */
    size_t kernel_len;
    const void *initrd;             /* or NULL */
    size_t initrd_len;
    const char *cmdline;
    bool pci;                       /* a virtual PCI bus will be given: its
                                       host bridge goes into the DSDT */
};

/* ---- the kind's hooks (arch/x86/domain.c) ---- */
int hvm_arch_domain_create(struct domain *d);
unsigned long hvm_arch_domain_destroy(struct domain *d);
/* The CPU consumer of the domain's map: the nested tables. */
int hvm_p2m_map(struct domain *d, const struct gpmap_range *r);
void hvm_p2m_unmap(struct domain *d, const struct gpmap_range *r);
void hvm_p2m_flush(struct domain *d);
unsigned long hvm_p2m_destroy(struct domain *d);

/* ---- building and unbuilding (the domain layer) ---- */
/*
 * Fill a new HVM domain (no vCPU runs): RAM, platform, @a->nr_vcpus vCPUs
 * (blocked, in hvm_domain.vcpus[]), ACPI tables, firmware, kernel.  0 or
 * -errno; on failure hvm_domain_unbuild() undoes the vCPUs and the memory
 * goes with domain_free_address_space().
 */
int hvm_domain_build(struct domain *d, const struct hvm_build_args *a);
/* Free the vCPUs of a domain none of whose vCPUs ever ran, or that is dead. */
void hvm_domain_unbuild(struct domain *d);
/* Free the struct (its vCPUs freed, its memory gone). */
void hvm_domain_release(struct domain *d);
/* The domain is stopping for @reason: keep it, flush its console line. */
void hvm_domain_stopping(struct domain *d, const char *reason);
/* Fill what @out says of the domain's vCPUs, memory, exits, unclaimed
 * accesses, progress marks and stop reason (not its state). */
void hvm_domain_info(struct domain *d, struct mhv_hvm_info *out);

/*
 * Stop every vCPU of @d (only the first call counts), from any context
 * with interrupts on; @final is MHV_DOMSTATE_SHUTDOWN (with @code) or
 * MHV_DOMSTATE_CRASHED, @reason a line for the log and the listing.
 * A call up, by design (docs/architecture.md): the domain's life cycle is
 * the domain layer's (domain/hvm.c), which gives its devices back first.
 */
void hvm_domain_kill(struct domain *d, unsigned int final, unsigned int code,
                     const char *reason);

#endif /* ASM_X86_HVM_DOMAIN_H */
