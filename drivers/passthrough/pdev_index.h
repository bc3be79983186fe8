/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registry's SBDF index (private to drivers/passthrough/).
 *
 * A radix tree keyed by the 32-bit SBDF, 8 bits a level (segment high
 * byte, segment low byte, bus, devfn): a lookup is four dependent loads
 * whatever the number of devices, and entries come out in SBDF order.
 * Nodes are allocated by an insert (all of them, or none) and freed when
 * they become empty, so an empty index holds no memory.
 *
 * Locks: changes are made with the pcidevs lock held, inside
 * pdev_index_lock for write (a leaf lock: nothing is taken inside it).
 * Lookups hold the pcidevs lock, or take pdev_index_lock for read -- the
 * way for readers that hold only a domain's pci_lock (pci_get_pdev(d, ..)).
 * It is innermost of the registry's locks (docs/locking.md).
 */
#ifndef DRIVERS_PASSTHROUGH_PDEV_INDEX_H
#define DRIVERS_PASSTHROUGH_PDEV_INDEX_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

struct pci_dev;

/*
 * Enter @pdev at its SBDF.  Returns 0, -EEXIST (the slot is taken) or
 * -ENOMEM (nothing changed).  @pre pcidevs lock held.
 */
int pdev_index_insert(struct pci_dev *pdev);

/* Take @pdev out (freeing emptied nodes).  @pre pcidevs lock held; @pdev
 * is in the index. */
void pdev_index_remove(struct pci_dev *pdev);

/*
 * The entry at @sbdf, or NULL.  @pre pcidevs lock held, or
 * pdev_index_read_lock() taken.
 */
struct pci_dev *pdev_index_find(pci_sbdf_t sbdf);

void pdev_index_read_lock(void);
void pdev_index_read_unlock(void);
/* This CPU may read the index (pcidevs lock or the index read lock). */
bool pdev_index_readable(void);

/*
 * Call @cb for every entry in SBDF order until it returns non-zero;
 * returns that value or 0.  @pre pcidevs lock held; @cb leaves the index
 * alone.
 */
int pdev_index_walk(int (*cb)(struct pci_dev *pdev, void *ctx), void *ctx);

/* Entries and nodes (pcidevs lock for an exact answer). */
unsigned long pdev_index_nr_entries(void);
unsigned long pdev_index_nr_nodes(void);

#endif /* DRIVERS_PASSTHROUGH_PDEV_INDEX_H */
