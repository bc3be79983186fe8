/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory BARs of a domain's devices mapped into its address space
 * (drivers/passthrough/bar_map.c).
 *
 * A domain maps a memory BAR of a device it owns, uncached, at a guest
 * address its kind chooses (arch_gaddr_alloc(); a PV domain: the BAR
 * window of its address space), as GPMAP_MMIO ranges of its map
 * (<mhv/gpmap.h>); the pages holding the device's MSI-X table and PBA are
 * left out (they are the hypervisor's).  The
 * mappings of a device are removed, and the TLBs flushed, when the device
 * leaves its owner (a PDEV_LEAVE_MMIO step, <mhv/passthrough/pcidev.h>).
 *
 * Lock: the list of a domain's mappings, d->bar_maps, and their ranges
 * are guarded by d->mm_lock (docs/locking.md).
 */
#ifndef MHV_BAR_MAP_H
#define MHV_BAR_MAP_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

struct domain;

/*
 * Map memory BAR @bar of @sbdf (owned by @d) into @d; *@va and *@size
 * tell where.  Mapping a BAR twice returns the first mapping.
 * The BAR must not touch RAM, a range the hypervisor keeps (<mhv/iomem.h>),
 * or another registered function's BARs (and so its MSI-X table), and
 * must lie inside its bridge's windows -- whatever BAR or VF BAR registers
 * a control domain wrote.
 * Returns 0, -EPERM (not @d's), -EINVAL (bad @bar, not page-granular, a
 * placement refused above), -E2BIG, -ENOMEM, or read_pci_mem_bar()'s
 * errors; logged.  Takes the pcidevs lock, then d->mm_lock.
 */
int pci_map_bar(struct domain *d, pci_sbdf_t sbdf, unsigned int bar,
                unsigned long *va, u64 *size);

struct pci_dev;
/* Has @pdev's owner a mapping of one of its BARs?  @pre pcidevs lock. */
bool pci_bars_mapped(const struct pci_dev *pdev);

#endif /* MHV_BAR_MAP_H */
