/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Config-space access on behalf of domains (drivers/passthrough/pci_cfg.c).
 *
 * Who may touch a function (docs/hypercalls.md):
 *   the control domain: every function not assigned to another domain,
 *                       registered or not (as a hardware domain does);
 *   any other domain:   only functions it owns.
 * The MSI and MSI-X capabilities' control, address and data registers
 * belong to the hypervisor, and so do -- for domains other than the
 * control domain -- the BARs, bridge registers, SR-IOV, reset and resize
 * controls: such writes are refused.
 */
#ifndef MHV_PCI_CFG_H
#define MHV_PCI_CFG_H

#include <mhv/types.h>
#include <mhv/pci.h>

struct domain;

/*
 * Read (@write false: into *@value) or write (*@value) @size bytes (1, 2
 * or 4, naturally aligned, below 4 KiB) at @reg of @sbdf for @d.
 * Returns 0, -EINVAL (size/alignment/range), or -EPERM (not @d's to touch,
 * or a register the hypervisor or the control domain keeps; logged).
 * Takes the pcidevs lock (control domain) or d->pci_lock for read.
 */
int pci_conf_access(struct domain *d, pci_sbdf_t sbdf, unsigned int reg,
                    unsigned int size, bool write, u32 *value);

#endif /* MHV_PCI_CFG_H */
