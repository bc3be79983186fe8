/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The platform's policy for placing BARs (drivers/pci/platform.c): the PCI
 * hole below 4 GiB, from the memory map and MCFG, and QEMU's VF-BAR quirk.
 * The allocator it drives is <mhv/pci/place.h>.
 */
#ifndef MHV_PCI_PLATFORM_H
#define MHV_PCI_PLATFORM_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

/*
 * Boot policy for the SR-IOV PF @pf, before it is registered: forget VF
 * BARs firmware put above 4 GiB (QEMU's VFs ignore the upper dword), then
 * pci_sriov_place_vf_bars() into the PCI hole below 4 GiB (the end of RAM
 * below 4 GiB up to the IOAPIC area, minus the ECAM windows).  Returns as
 * pci_sriov_place_vf_bars(); failures other than -EBUSY are logged.
 */
int pci_place_boot_vf_bars(pci_sbdf_t pf);

/*
 * Platform policy for a hot-added function: pci_place_func_bars() into the
 * PCI hole, then, for an SR-IOV PF, pci_place_boot_vf_bars().  Returns the
 * number of BARs placed (VF BARs included) or the first error.
 */
int pci_place_hotplug_bars(pci_sbdf_t sbdf);

#endif /* MHV_PCI_PLATFORM_H */
