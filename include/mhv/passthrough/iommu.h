/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IOMMU: what the rest of the hypervisor calls (docs/iommu.md).
 * The generic layer is drivers/passthrough/iommu.c; the hardware driver
 * (Intel VT-d, drivers/passthrough/vtd/) sits behind struct iommu_ops.
 *
 * What it offers:
 *  - DMA remapping.  A domain's bus addresses are the guest addresses of
 *    its map (<mhv/gpmap.h>; a PV domain's: its virtual addresses): every
 *    RAM and DMA page of the map is mapped at its guest address in the
 *    domain's second-level table, read-only pages read-only; BARs and
 *    everything else stay unmapped.  An unmap returns only after the
 *    IOTLB invalidation completed, so the page may be freed at once; when
 *    the invalidation fails the unmap says so and the map withholds the
 *    page from reuse for good (gpmap_erase()).  Tables a context entry
 *    may still name are never freed.
 *  - Ownership moves.  Every registered function has a context entry
 *    naming its owner's table (iommu_attach_device()), or none (blocked)
 *    while it has no owner.  When it leaves an owner, the registry's leave
 *    step PDEV_LEAVE_DMA quarantines it (all its DMA blocked, invalidations
 *    completed); the registry resets it (FLR where it has it, without
 *    waiting: <mhv/passthrough/pdev_reset.h>) and only then iommu_attach_device()
 *    gives it the new owner's table.
 *  - Interrupt remapping.  iommu_setup_msi() composes the remappable MSI
 *    message of an interrupt and writes its remapping entry, validating
 *    exactly the function's requester id; iommu_teardown_msi() clears it
 *    (after the caller masked the source) and returns after the entry
 *    invalidation completed, before the vector may be freed.
 *  - Policy.  Without an IOMMU (no DMAR, `iommu=off`) an assignment to an
 *    ordinary domain is refused (iommu_check_assign(): -EOPNOTSUPP and a
 *    log line); `iommu=force` makes a missing IOMMU fatal at boot.
 *
 * Locks: d->iommu->lock (class "domain_iommu->lock") guards the domain's
 * DMA tables; the driver's unit locks nest inside it (the order:
 * docs/locking.md).  Device operations (add, remove, reassign) hold the
 * pcidevs lock.
 */
#ifndef MHV_IOMMU_H
#define MHV_IOMMU_H

#include <mhv/types.h>
#include <mhv/spinlock.h>
#include <mhv/sbdf.h>

struct domain;
struct pci_dev;
struct msi_msg;
struct mhv_iommu_info;

/* Per-domain IOMMU state (d->iommu), allocated with the domain. */
struct domain_iommu {
    spinlock_t lock;                /* the tables and counters below */
    void *hw;                       /* the driver's table (NULL: none yet) */
    u16 did;                        /* hardware domain id: domid + 1 */
    bool dead;                      /* tables freed (domain destroyed) */
    unsigned long nr_mapped;        /* pages mapped for DMA */
    unsigned long nr_skipped;       /* RAM pages beyond the DMA width */
    /* Context entries that may name this table: present ones, and ones
     * cleared or written without a confirmed invalidation (the hardware
     * may still use them).  Tables are freed only at 0. */
    unsigned int nr_devices;
    unsigned long nr_faults;        /* DMA and interrupt faults seen */
    unsigned int last_reason;       /* hardware reason of the last one */
    u64 last_addr;                  /* its address (or interrupt index) */
};

/* ---------------------------------------------------------------- state */

/* DMA remapping is on (some unit translates). */
bool iommu_enabled(void);
/* Interrupt remapping is on. */
bool iommu_intremap_enabled(void);
/*
 * @d's devices DMA through @d's table: a bus address of @d is its own
 * virtual address.  False without an IOMMU: bus address = physical.
 */
bool iommu_dma_enabled(const struct domain *d);

/* ---------------------------------------------------------------- boot */

/*
 * Early: find the DMAR and the units' capabilities, and when interrupt
 * remapping will be used without EIM, keep the LAPIC in xAPIC mode.
 * @pre boot CPU, after ACPI and paging, before the LAPIC is set up.
 */
void iommu_early_init(void);

/* ---------------------------------------------------------------- domains */

/* With the domain: its (empty) DMA table.  0 or -ENOMEM. */
int iommu_domain_init(struct domain *d);
/*
 * (The domain's DMA tables are built from its map, <mhv/gpmap.h>: the
 * IOMMU is one of the map's consumers.  RAM and DMA memory are mapped at
 * their guest addresses, BARs never; an unmap returns only after the
 * IOTLB invalidation completed; the tables go with gpmap_destroy().)
 */
/*
 * Free what gpmap_destroy() keeps of @d's IOMMU state (its counters), when
 * the domain struct itself goes.  @pre the map is destroyed (no device
 * uses the tables); no interrupt handler still holds @d.
 */
void iommu_domain_free(struct domain *d);

/* ---------------------------------------------------------------- devices */

/*
 * @pdev got its owner (registered, or moved to pdev->domain and reset
 * since it left its old owner): point its context entry at the owner's
 * table (no owner: it stays blocked).  Until then the function was
 * quarantined: no owner yet, or its old owner's PDEV_LEAVE_DMA step
 * (below) blocked it.  @pre pcidevs lock held, and after a move the
 * owner's pci_lock for write (no one can reach the device).  0 or
 * negative errno (logged; the function then stays blocked).
 */
int iommu_attach_device(struct pci_dev *pdev);
/* The registry is about to free @pdev: no context entry remains. */
void iommu_remove_device(struct pci_dev *pdev);
/*
 * (The PDEV_LEAVE_DMA step of <mhv/passthrough/pcidev.h>, registered by the generic
 * layer: when @pdev leaves its owner, its context entry goes and the
 * context cache and the owner's IOTLB are invalidated and waited for.
 * With the reset at the next attach, DMA the old owner programmed never
 * reaches the next owner's memory.)
 */

/*
 * May @pdev be given to @d?  0, or -EOPNOTSUPP (with a log line) when @d
 * is an ordinary domain and nothing confines the device's DMA (no IOMMU,
 * or no unit covers the function), -EIO when its unit is out of service
 * (its invalidations fail), -EPERM for a function with an RMRR.
 */
int iommu_check_assign(const struct pci_dev *pdev, const struct domain *d);

/* ---------------------------------------------------------------- MSI */

/*
 * @pdev will raise @nvec (a power of two) consecutive vectors from
 * @vector on @cpu with the message @msg, which comes in as the interrupt
 * layer composed it (compatibility format, msi_compose_msg() of
 * <asm/msi.h>).  With interrupt remapping on, the remapping entries are
 * written and @msg becomes their remappable-format message; without, it
 * stays as it is.  0 or negative errno.
 * @pre the vectors are allocated; the owner's event_lock held for write.
 */
int iommu_setup_msi(const struct pci_dev *pdev, unsigned int cpu,
                    unsigned int vector, unsigned int nvec, struct msi_msg *msg);
/*
 * The source is masked: clear the remapping entries of (@cpu, @vector ..
 * @vector + @nvec - 1) and wait for their invalidation.  Then the caller
 * frees the vectors.
 */
void iommu_teardown_msi(const struct pci_dev *pdev, unsigned int cpu,
                        unsigned int vector, unsigned int nvec);

/* ---------------------------------------------------------------- counters */

struct iommu_stats {
    unsigned long table_pages;      /* every IOMMU table page allocated */
    unsigned int contexts;          /* present context entries */
    unsigned int irtes;             /* present interrupt remapping entries */
    unsigned long faults;           /* recorded faults since boot */
    unsigned int broken_units;      /* out of service: invalidations fail */
};
void iommu_get_stats(struct iommu_stats *st);

/*
 * The sysctl's report: for the control domain the units, modes, counters
 * and those of domain info->domid; for another @caller only the flags and
 * its own counters.
 */
void iommu_get_info(const struct domain *caller, struct mhv_iommu_info *info);

/* ---------------------------------------------------------------- driver */

struct iommu_ops {
    const char *name;
    /* Bring the units up; 0 when DMA remapping is on. */
    int (*init)(void);
    bool (*intremap_on)(void);
    int (*domain_init)(struct domain_iommu *di);
    void (*domain_destroy)(struct domain_iommu *di);
    /* Free the per-domain structure domain_destroy() left. */
    void (*domain_free)(struct domain_iommu *di);
    int (*map_page)(struct domain_iommu *di, u64 iova, paddr_t pa, bool w);
    /* true: something was unmapped, the IOTLB must be flushed */
    bool (*unmap_page)(struct domain_iommu *di, u64 iova);
    int (*flush)(struct domain_iommu *di, u64 iova, bool all);
    /* Point @sbdf at @di's table, or block it (@di NULL). */
    int (*set_device)(pci_sbdf_t sbdf, struct domain_iommu *di);
    /* Does @sbdf's context entry (present in memory) name @di's table? */
    bool (*device_uses)(pci_sbdf_t sbdf, const struct domain_iommu *di);
    /* Is the unit covering @sbdf out of service (its invalidations fail)? */
    bool (*broken)(pci_sbdf_t sbdf);
    /* Does a unit translate @sbdf's DMA? */
    bool (*covers)(pci_sbdf_t sbdf);
    int (*setup_msi)(pci_sbdf_t sbdf, unsigned int cpu, unsigned int vector,
                     unsigned int nvec, struct msi_msg *msg);
    void (*teardown_msi)(pci_sbdf_t sbdf, unsigned int cpu,
                         unsigned int vector, unsigned int nvec);
    void (*stats)(struct iommu_stats *st);
    void (*info)(struct mhv_iommu_info *info);
    /* Faults function @sbdf caused, and the domain id of the last one. */
    unsigned long (*dev_faults)(pci_sbdf_t sbdf, u16 *did);
};

/*
 * For drivers: count a fault (hardware @reason, at @addr or interrupt
 * index) against the domain whose hardware domain id is @did (0: none).
 * Interrupt context.
 */
void iommu_count_fault(u16 did, unsigned int reason, u64 addr);

/* The VT-d driver: finds its units (DMAR, CAP/ECAP); NULL when none. */
const struct iommu_ops *vtd_probe(void);

#endif /* MHV_IOMMU_H */
