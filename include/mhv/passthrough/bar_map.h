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
 * The owner is told after that (PDEV_LEAVE_NOTIFY), so a driver that
 * touches the device meanwhile -- or later, having missed the news --
 * finds the mapping gone.  Each removed mapping is remembered
 * (d->bars_gone, the last DOMAIN_BARS_GONE; guest addresses of BAR
 * mappings are never reused), so the domain layer can answer such an
 * access as a removed device answers -- reads all-ones, writes dropped --
 * instead of killing the domain (<mhv/domain/bar_gone.h>).
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

/*
 * Did @d lose, with a device that left it, a BAR mapping that covered
 * guest address @va?  Then true, and *@gone says which.  Takes d->mm_lock.
 * pci_bar_gone_count() counts an access answered there (the last found
 * at @va; its read or write count afterwards, 0 when it is forgotten).
 */
struct domain_bar_gone;
bool pci_bar_gone_find(struct domain *d, u64 va, struct domain_bar_gone *gone);
unsigned long pci_bar_gone_count(struct domain *d, u64 va, bool write);

struct pci_dev;
/* Has @pdev's owner a mapping of one of its BARs?  @pre pcidevs lock. */
bool pci_bars_mapped(const struct pci_dev *pdev);

/*
 * The rules above, for a layer that maps BARs into a guest in its own way
 * (drivers/vpci):
 *
 * pci_bar_check_placement(): may BAR @bar of @pdev, now at host-physical
 * [@base, @base + @size), be mapped for @d -- not over memory, a range the
 * hypervisor keeps, another function's BARs (or another of its own), and
 * inside its bridge's windows?  0, or -EINVAL with a log line naming what
 * is in the way.  @pre pcidevs lock held (it walks the registry).
 *
 * pci_msix_held_pages(): the pages of BAR @bar of @pdev that hold its
 * MSI-X table (@lo[0], @hi[0]) and PBA (@lo[1], @hi[1]), as offsets into
 * the BAR rounded out to pages (empty: lo == hi == 0).  They are the
 * hypervisor's and are never mapped into a domain.  From the geometry
 * recorded when the device was added, never the live capability.
 */
int pci_bar_check_placement(struct domain *d, const struct pci_dev *pdev,
                            unsigned int bar, u64 base, u64 size);
void pci_msix_held_pages(const struct pci_dev *pdev, unsigned int bar,
                         u64 lo[2], u64 hi[2]);

#endif /* MHV_BAR_MAP_H */
