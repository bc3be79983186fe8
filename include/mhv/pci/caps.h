/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capability walkers (drivers/pci/caps.c).
 *
 * Each returns the config-space offset of the capability, or 0 when it is
 * absent.  Walks are bounded: a list that loops, points into the header
 * (below 0x40, or below 0x100 for the extended list) or has more entries
 * than fit in its space ends the walk with one LOG_WARNING line naming the
 * device, and the result is 0.
 *
 * pci_find_next_cap()/pci_find_next_ext_cap() continue after the capability
 * at @pos (an offset returned by a previous call); they re-walk the list from
 * its head, so a caller iterating with them never cycles either.
 */
#ifndef MHV_PCI_CAPS_H
#define MHV_PCI_CAPS_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

unsigned int pci_find_cap(pci_sbdf_t sbdf, u8 id);
unsigned int pci_find_next_cap(pci_sbdf_t sbdf, unsigned int pos, u8 id);
unsigned int pci_find_ext_cap(pci_sbdf_t sbdf, u16 id);
unsigned int pci_find_next_ext_cap(pci_sbdf_t sbdf, unsigned int pos, u16 id);
/* Any capability: the first one (@pos 0) or the one after @pos. */
unsigned int pci_cap_next_any(pci_sbdf_t sbdf, unsigned int pos);
unsigned int pci_ext_cap_next_any(pci_sbdf_t sbdf, unsigned int pos);

#endif /* MHV_PCI_CAPS_H */
