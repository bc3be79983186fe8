/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: a machine whose devices need no IOMMU step, for the
 * tests of the registry and the interrupt layer that do not link the real
 * IOMMU code (drivers/passthrough/iommu.c).  Weak: a test that links the
 * real code gets the real code.  Assignment is allowed (the registry tests
 * are about ownership, not DMA) and MSI messages stay compatibility-format.
 */
#include <mhv/passthrough/iommu.h>
#include <asm/msi.h>
#include <mhv/compiler.h>

/* No IOMMU: moves need no reset before the next owner (a test of that
 * path defines its own). */
bool __weak iommu_enabled(void)
{
    return false;
}

int __weak iommu_attach_device(struct pci_dev *pdev)
{
    return 0;
}

void __weak iommu_remove_device(struct pci_dev *pdev)
{
}

int __weak iommu_check_assign(const struct pci_dev *pdev, const struct domain *d)
{
    return 0;
}

int __weak iommu_setup_msi(const struct pci_dev *pdev, unsigned int cpu,
                           unsigned int vector, unsigned int nvec,
                           struct msi_msg *msg)
{
    return 0;           /* the caller's message stays */
}

void __weak iommu_teardown_msi(const struct pci_dev *pdev, unsigned int cpu,
                               unsigned int vector, unsigned int nvec)
{
}

bool __weak iommu_dma_enabled(const struct domain *d)
{
    return false;       /* bus address = physical address */
}
