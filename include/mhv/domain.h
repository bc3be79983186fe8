/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Domains, each with one vCPU, of one guest kind (<asm/domain.h>: ring-3
 * PV domains today): what every domain has (common/domain.c).  The list of
 * domains is <mhv/domain_list.h>, the builder and the life cycle
 * <mhv/domain/domain.h>.
 *
 * Domain 0 is the control domain (privileged, like Xen's PV dom0); the
 * others are ordinary domains.  Domains live from boot (the domain builder)
 * until reboot; a `struct domain *` stays valid for that long.
 *
 * Lock rules for the data here (docs/locking.md):
 *   domlist_lock      guards the domain list and domain ids.
 *   d->pci_lock       rwlock guarding d->pdev_list and each listed
 *                     pdev's ownership.  Readers of the list hold it for
 *                     read OR hold the pcidevs lock; writers hold the
 *                     pcidevs lock and then d->pci_lock for write.
 *   d->event_lock     rwlock guarding d's pirq table and interrupt
 *                     bindings; map/unmap hold it for write.
 *   d->mm_lock        spinlock guarding changes to d's memory map after
 *                     it was built (d->gpmap, <mhv/gpmap.h>, and the
 *                     kind's placement of new ranges), d->bar_maps,
 *                     d->bars_gone and the DMA memory (d->dma_regions,
 *                     dma_pages; domain/dma_mem.c).
 * The order they nest in is stated once, in docs/locking.md ("Lock order").
 */
#ifndef MHV_DOMAIN_H
#define MHV_DOMAIN_H

#define DOMAIN_BARS_GONE    8

#include <mhv/types.h>
#include <mhv/compiler.h>
#include <mhv/list.h>
#include <mhv/rwlock.h>
#include <mhv/spinlock.h>
#include <mhv/dom_console.h>
#include <mhv/ratelimit.h>
#include <public/mhv.h>
#include <public/domctl.h>
#include <mhv/event.h>
#include <mhv/gpmap.h>
#include <asm/domain.h>

struct vcpu;
struct pirq;
struct domain_iommu;
struct vpci;

struct domain {
    domid_t domain_id;
    char name[32];
    bool is_privileged;             /* the control domain */
    unsigned int state;             /* MHV_DOMSTATE_* */
    unsigned int final_state;       /* while DYING: SHUTDOWN or CRASHED */
    unsigned int shutdown_code;
    struct list_head domain_list;   /* on the domain list (domlist_lock) */

    /* PCI devices owned (d->pci_lock; see above). */
    rwlock_t pci_lock;
    struct list_head pdev_list;
    unsigned int nr_pdevs;

    /* Interrupts (d->event_lock): pirq number -> binding, NULL if free. */
    rwlock_t event_lock;
    struct pirq *pirqs[MHV_NR_PIRQS];
    unsigned int nr_pirqs;

    /* Its memory: what it has at which guest address (d->mm_lock). */
    spinlock_t mm_lock;
    struct gpmap gpmap;             /* RAM, BARs, DMA memory */
    struct list_head bar_maps;      /* struct bar_map, see bar_map.c */
    /* The last DOMAIN_BARS_GONE BAR mappings it lost with a device that
     * left it, oldest overwritten first (<mhv/passthrough/bar_map.h>). */
    struct domain_bar_gone {
        u64 va, size;               /* size 0: an unused slot */
        u32 sbdf;
        unsigned int bar;
        unsigned long reads, writes;    /* accesses answered since */
    } bars_gone[DOMAIN_BARS_GONE];
    unsigned int bars_gone_next;
    struct list_head dma_regions;   /* struct dma_region, see dma_mem.c */
    unsigned long dma_pages;        /* pages in dma_regions */

    struct dom_console console;     /* its output lines (its vCPU only) */
    struct ratelimit log_rl;        /* gprintk() lines it provokes (console lock) */
    struct dev_event_queue dev_events;  /* <mhv/event.h> */

    struct vcpu *vcpu;              /* the one vCPU */
    struct shared_info *shared_info;    /* hypervisor's view */
    struct arch_domain arch;        /* its kind and the kind's state */
    struct domain_iommu *iommu;     /* DMA tables (<mhv/passthrough/iommu.h>), or NULL */
    /* Its virtual PCI bus (<mhv/vpci/vpci.h>): an HVM domain's, from its
     * creation to its destruction; a PV domain has none. */
    struct vpci *vpci;
};

static inline bool is_control_domain(const struct domain *d)
{
    return d && d->is_privileged;
}

/*
 * Initialise the generic fields of a freshly zeroed domain (PCI list and
 * locks, event lock, an empty memory map).  Used by the domain builder and
 * by host tests.
 */
void domain_init_common(struct domain *d, domid_t id, const char *name,
                        bool privileged);

/*
 * Free a dead domain's memory (program, stack, info pages, the tables
 * built from its map), then publish its final state if it was DYING.
 * @pre its vCPU is down, no CPU runs on its tables (the scheduler calls
 * it once it has switched away), its devices and DMA memory went back.
 */
void domain_free_address_space(struct domain *d);

#endif /* MHV_DOMAIN_H */
