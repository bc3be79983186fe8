/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MSI and MSI-X of registered PCI devices, the device side
 * (drivers/passthrough/msi.c): the capabilities, the MSI-X table geometry
 * and mapping, masking.  The messages written come from the caller
 * (<asm/msi.h>, possibly remapped by iommu_setup_msi()).
 *
 * A device's MSI-X state (struct pci_msix: the table mapped uncached, which
 * entries are in use) hangs off pdev->msix; MSI needs none beyond the
 * capability.  Both are changed only
 * under the owner's event_lock held for write, with the owner's device
 * list read-locked (d->pci_lock for read, or the pcidevs lock): the seed
 * path, physdev_map_pirq(), holds exactly read_lock(&d->pci_lock).
 *
 * For a VF, the table and PBA addresses come from its PF's VF BARs through
 * the VF -> PF link (read_pci_mem_bar()), never from a registry lookup.
 */
#ifndef MHV_PASSTHROUGH_MSI_H
#define MHV_PASSTHROUGH_MSI_H

#include <mhv/types.h>
#include <asm/msi.h>

struct pci_dev;

#define MSIX_MAX_ENTRIES 2048
struct pci_msix {
    volatile u8 *table;             /* uncached mapping of the table */
    paddr_t table_pa, pba_pa;       /* hypervisor-owned: never mapped to domains */
    unsigned int nr_entries;
    unsigned int nr_used;
    u64 used[MSIX_MAX_ENTRIES / 64];
    /* Freed while the table did not decode: masked only by the function
     * mask until the next enable masks them (msi.c). */
    u64 stale[MSIX_MAX_ENTRIES / 64];
};

/*
 * Set up MSI-X on @pdev if not yet done: locate table and PBA, check they
 * lie inside the BAR, map the table, mask every entry, enable MSI-X with
 * the function masked.  0, -ENXIO/-EINVAL (geometry, with a log line),
 * -ENODEV (no capability), -ENOMEM.
 * @pre ASSERT_PDEV_LIST_IS_READ_LOCKED(pdev->domain); owner's event_lock
 *      held for write.
 */
int msix_capability_init(struct pci_dev *pdev);
/* Program entry @entry with @msg and unmask it (function mask around it). */
int pci_enable_msix_entry(struct pci_dev *pdev, unsigned int entry,
                          const struct msi_msg *msg);
/*
 * Mask (@mask true) or unmask entry @entry, programmed before by
 * pci_enable_msix_entry(), and flush the write (read back).  0, -EINVAL
 * (not programmed), -ENXIO (the table does not decode; logged).  While
 * masked the device keeps the message pending (its PBA bit) and sends it
 * once unmasked.  @pre as msix_capability_init().
 */
int pci_msix_entry_mask(struct pci_dev *pdev, unsigned int entry, bool mask);
/* Mask and clear @entry; MSI-X is disabled and unmapped with the last one. */
void pci_disable_msix_entry(struct pci_dev *pdev, unsigned int entry);

/*
 * Enable MSI with @nvec vectors (a power of two the device offers) whose
 * first is in @msg's data; per-vector masking used when offered.
 * @pre as msix_capability_init().
 */
int msi_capability_init(struct pci_dev *pdev, unsigned int nvec,
                        const struct msi_msg *msg);
/* Disable MSI and restore the capability's registers. */
void pci_disable_msi(struct pci_dev *pdev);

/* The MSI-X table geometry the capability describes (for tests and map_bar). */
int msix_table_geometry(const struct pci_dev *pdev, paddr_t *table,
                        paddr_t *pba, unsigned int *nr_entries);

#endif /* MHV_PASSTHROUGH_MSI_H */
