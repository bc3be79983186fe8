/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Config-space access on behalf of domains (drivers/passthrough/pci_cfg.c).
 *
 * Who may touch a function (docs/hypercalls.md):
 *   the control domain: every function not assigned to another domain,
 *                       registered or not (as a hardware domain does);
 *   any other domain:   only functions it owns.
 * The MSI and MSI-X capabilities' control, address and data registers
 * belong to the hypervisor.  A domain other than the control domain writes
 * only what an allow list gives the owner of a function (COMMAND, status
 * registers, cache line, latency, interrupt line, PCIe Device Control,
 * PME, AER status and masks): BARs, the ROM BAR, bridge windows, SR-IOV,
 * the power state and everything unknown stay as they are.  Its FLR
 * request is performed by the hypervisor (pci_reset_device()).
 */
#ifndef MHV_PCI_CFG_H
#define MHV_PCI_CFG_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

struct domain;

/*
 * Read (@write false: into *@value) or write (*@value) @size bytes (1, 2
 * or 4, naturally aligned, below 4 KiB) at @reg of @sbdf for @d.
 * Returns 0, -EINVAL (size/alignment/range), -EPERM (not @d's to touch,
 * or bits it may not change; logged), -EBUSY (the SR-IOV geometry of a PF
 * with VFs), or pci_reset_device()'s result for an FLR request.
 * Takes the pcidevs lock (control domain) or d->pci_lock for read.
 */
int pci_conf_access(struct domain *d, pci_sbdf_t sbdf, unsigned int reg,
                    unsigned int size, bool write, u32 *value);

#endif /* MHV_PCI_CFG_H */
