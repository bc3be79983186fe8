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

struct pci_dev;

/*
 * The rules above, for a layer that presents a function to a guest in its
 * own way (drivers/vpci) and must give it no more than an owner gets:
 *
 * pci_cfg_owner_mask(): the bits of the @size bytes at @reg of @sbdf
 * (@pdev: its registration, or NULL) that an owner other than the control
 * domain may change -- the allow list.  Never the FLR bit (a reset is
 * performed by the hypervisor), nor anything of MSI or MSI-X.
 *
 * pci_cfg_mediate_command(): the value to write for a write of @value
 * (@size bytes at @reg) that may cover COMMAND: memory decoding kept on
 * while the hypervisor drives MSI-X, INTx disable kept while it drives MSI
 * or MSI-X.  @pre the owner's event_lock held (read is enough), so the
 * hypervisor's MSI record does not change under it.
 */
u32 pci_cfg_owner_mask(pci_sbdf_t sbdf, const struct pci_dev *pdev,
                       unsigned int reg, unsigned int size);
u32 pci_cfg_mediate_command(pci_sbdf_t sbdf, const struct pci_dev *pdev,
                            unsigned int reg, unsigned int size, u32 value);

#endif /* MHV_PCI_CFG_H */
