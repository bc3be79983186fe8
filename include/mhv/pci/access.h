/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI config-space access (drivers/pci/access.c): typed accessors for a
 * function's config space.
 *
 * Config access is ECAM through the ACPI MCFG ranges, with the legacy
 * 0xCF8/0xCFC mechanism as a fallback for segment 0.  The accessors are safe
 * on every CPU and never fault: an absent function reads all-ones and a
 * write to it is dropped.
 */
#ifndef MHV_PCI_ACCESS_H
#define MHV_PCI_ACCESS_H

#include <mhv/types.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>

u8  pci_conf_read8(pci_sbdf_t sbdf, unsigned int reg);
u16 pci_conf_read16(pci_sbdf_t sbdf, unsigned int reg);
u32 pci_conf_read32(pci_sbdf_t sbdf, unsigned int reg);
void pci_conf_write8(pci_sbdf_t sbdf, unsigned int reg, u8 val);
void pci_conf_write16(pci_sbdf_t sbdf, unsigned int reg, u16 val);
void pci_conf_write32(pci_sbdf_t sbdf, unsigned int reg, u32 val);

#endif /* MHV_PCI_ACCESS_H */
