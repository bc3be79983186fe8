/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Physical IRQs of domains: a pirq binds a device interrupt (an MSI vector
 * or an MSI-X entry) to a number in its owner's pirq space.  When the
 * interrupt arrives on its vector, the pirq is marked pending in the
 * owner's shared info and the owner's vCPU is woken (<mhv/event.h>).
 *
 * Locks: d->event_lock (write) guards d->pirqs[] and every binding of d
 * and, through them, the MSI/MSI-X state of d's devices.  Mapping also
 * read-locks d's device list (d->pci_lock).  Order: docs/locking.md.
 */
#ifndef ASM_X86_PIRQ_H
#define ASM_X86_PIRQ_H

#include <mhv/types.h>
#include <mhv/list.h>
#include <mhv/sbdf.h>

struct domain;
struct pci_dev;

enum pirq_type { PIRQ_MSI, PIRQ_MSIX };

/*
 * Where a bound interrupt goes when it arrives: NULL, the owner's pirq
 * event (a PV domain: a bit in its shared info, its vCPU woken); else
 * @deliver(@arg), called in interrupt context with interrupts off, for
 * a guest whose interrupts are emulated (a virtual MSI-X entry,
 * drivers/vpci).  @arg must stay valid until the pirq is unmapped: the
 * unmap returns only after the last call ended (the vector's drain).
 */
typedef void (*pirq_deliver_fn)(void *arg);

struct pirq {
    unsigned int pirq;
    enum pirq_type type;
    struct domain *domain;
    struct pci_dev *pdev;
    struct list_head msi_entry;     /* on pdev->msi_list */
    unsigned int entry;             /* MSI-X entry, or MSI sub-vector */
    unsigned int cpu, vector;
    pirq_deliver_fn deliver;        /* NULL: the pirq event (immutable) */
    void *deliver_arg;
};

/* Parameters of a device interrupt to map. */
struct msi_info {
    pci_sbdf_t sbdf;
    enum pirq_type type;
    unsigned int entry_nr;          /* MSI-X: entry; MSI: number of vectors */
    pirq_deliver_fn deliver;        /* NULL: the owner's pirq event */
    void *deliver_arg;
};

/*
 * The seed path below physdev_map_pirq() (<asm/passthrough/physdev.h>):
 * allocate_and_map_msi_pirq() -> map_domain_pirq() -> MSI(-X) enable.
 * *@pirq in: wanted pirq or -1; out: the pirq (the first, for multi-vector
 * MSI).
 * @pre ASSERT_PDEV_LIST_IS_READ_LOCKED(d); d->event_lock held for write.
 */
int allocate_and_map_msi_pirq(struct domain *d, int *pirq, struct msi_info *msi);
int map_domain_pirq(struct domain *d, int pirq, struct msi_info *msi);
/* @pre d->event_lock held for write (and d's device list read-locked). */
int unmap_domain_pirq(struct domain *d, int pirq);

/* A device leaving its owner has every pirq unbound: a PDEV_LEAVE_IRQ step
 * (<mhv/passthrough/pcidev.h>). */

#endif /* ASM_X86_PIRQ_H */
