/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The config-space mechanism under the accessors of <mhv/pci/access.h>
 * (drivers/pci/ecam.c: ECAM from the MCFG, CF8/CFC for segment 0).  Host
 * tests put a model of the devices' config space in its place.
 */
#ifndef MHV_PCI_ECAM_H
#define MHV_PCI_ECAM_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

/*
 * A @size-byte (1, 2, 4) read or write of register @reg of @sbdf.
 * @pre @reg is @size-aligned and inside the 4 KiB config space (the
 * accessors check it).  An absent function, or a register the mechanism
 * cannot reach, reads all-ones; the write is dropped.
 */
u32 pci_conf_raw_read(pci_sbdf_t sbdf, unsigned int reg, unsigned int size);
void pci_conf_raw_write(pci_sbdf_t sbdf, unsigned int reg, unsigned int size,
                       u32 val);

#endif /* MHV_PCI_ECAM_H */
