/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Domains: ring-3 PV guests, each with one vCPU.
 *
 * Domain 0 is the control domain (privileged, like Xen's PV dom0); the
 * others are ordinary domains.  Domains live from boot (the domain builder)
 * until they are destroyed; a `struct domain *` stays valid for that long.
 *
 * Lock rules for the data here (docs/locking.md):
 *   domlist_lock      guards the domain list and domain ids.
 *   d->pci_lock       rwlock guarding d->pdev_list and each listed
 *                     pdev's ownership.  Readers of the list hold it for
 *                     read OR hold the pcidevs lock; writers hold the
 *                     pcidevs lock and then d->pci_lock for write.
 *   d->event_lock     rwlock guarding d's pirq table and interrupt
 *                     bindings; map/unmap hold it for write.
 *   d->mm_lock        spinlock guarding changes to d's address space after
 *                     it was built, d->bar_maps / d->bar_va_next and
 *                     the DMA memory (d->dma_regions, dma_pages,
 *                     dma_va_next; common/dma_mem.c).
 * The order they nest in is stated once, in docs/locking.md ("Lock order").
 */
#ifndef MHV_DOMAIN_H
#define MHV_DOMAIN_H

#include <mhv/types.h>
#include <mhv/compiler.h>
#include <mhv/list.h>
#include <mhv/rwlock.h>
#include <mhv/spinlock.h>
#include <mhv/dom_console.h>
#include <mhv/ratelimit.h>
#include <public/mhv.h>
#include <public/domctl.h>
#include <mhv/dev_event.h>

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

    /* Device memory mapped into the domain (d->mm_lock). */
    spinlock_t mm_lock;
    struct list_head bar_maps;      /* struct bar_map, see physdev.c */
    unsigned long bar_va_next;      /* next free address for BAR mappings */
    struct list_head dma_regions;   /* struct dma_region, see dma_mem.c */
    unsigned long dma_pages;        /* pages in dma_regions */
    unsigned long dma_va_next;      /* next free address in the DMA window */

    struct dom_console console;     /* its output lines (its vCPU only) */
    struct ratelimit log_rl;        /* gprintk() lines it provokes (console lock) */
    struct dev_event_queue dev_events;  /* <mhv/dev_event.h> */

    struct vcpu *vcpu;              /* the one vCPU */
    struct shared_info *shared_info;    /* hypervisor's view */
    void *arch;                     /* address space etc. (arch) */
    struct domain_iommu *iommu;     /* DMA tables (<mhv/iommu.h>), or NULL */
    /* Its virtual PCI bus (<mhv/vpci/vpci.h>): an HVM domain's, from its
     * creation to its destruction; a PV domain has none. */
    struct vpci *vpci;
};

/* The control domain: set once at boot, never destroyed. */
extern struct domain *control_domain;

static inline bool is_control_domain(const struct domain *d)
{
    return d && d->is_privileged;
}

/*
 * Initialise the generic fields of a freshly zeroed domain (PCI list and
 * locks, event lock).  Used by the domain builder and by host tests.
 */
void domain_init_common(struct domain *d, domid_t id, const char *name,
                        bool privileged);

/* The domain with id @id, or NULL. */
struct domain *domain_by_id(domid_t id);

/* Allocate a domain with the next id (the first privileged one becomes
 * control_domain); its program comes from domains_build_from_modules(). */
struct domain *domain_alloc(bool privileged);
/* Boot: build every domain from the Multiboot2 modules. */
void domains_build_from_modules(void);
/* Shut @d down (the control domain powers the machine off with @code). */
void __noreturn domain_shutdown(struct domain *d, unsigned int code);
/*
 * Free a dead domain's address space (program, stack, info pages, page
 * tables), then publish its final state if it was DYING.  @pre its vCPU is
 * down and no CPU runs on its tables (the scheduler calls it once it has
 * switched away).
 */
void domain_free_address_space(struct domain *d);
/* Give back @d's devices and interrupts (the passthrough layer). */
void domain_release_devices(struct domain *d);

#endif /* MHV_DOMAIN_H */
