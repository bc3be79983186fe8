/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a registered device's memory BAR lives, as the MSI-X layer and BAR
 * mapping need it.
 */
#ifndef MHV_PCI_MEM_BAR_H
#define MHV_PCI_MEM_BAR_H

#include <mhv/types.h>

struct pci_dev;

/*
 * read_pci_mem_bar: base and size of memory BAR @bir of @pdev.
 *
 * For a VF the BAR is not in the VF's own config space: it is VF BAR @bir
 * of its PF plus the VF's index times the PF's vf_rlen[@bir].  Both come
 * through the VF -> PF link (pci_vf_physfn()); there is no registry
 * lookup, so the pcidevs lock is not needed -- the seed bug's lesson.
 * The PF's SR-IOV state is checked now: VF Enable and VF MSE set, NumVFs
 * non-zero, offset non-zero, stride valid, the SBDF still VF n of that PF,
 * @bir below 6, vf_rlen[@bir] non-zero and a memory BAR.
 *
 * For any other function, its own BAR register @bir (read, not sized:
 * the size comes from sizing it, decoding off for the moment).
 *
 * Returns 0, or -EINVAL (bad @bir, not a memory BAR, no size, a region
 * reaching past the physical address space) / -ENXIO
 * (SR-IOV disabled or inconsistent, unplaced BAR), each with a log line.
 *
 * @pre this CPU holds the pcidevs lock or pdev's owner's pci_lock (read
 *      is enough), so @pdev and its PF stay registered.
 */
int read_pci_mem_bar(const struct pci_dev *pdev, unsigned int bir,
                     u64 *base, u64 *size);

#endif /* MHV_PCI_MEM_BAR_H */
