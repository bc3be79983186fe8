/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI core: addressing of functions and typed config-space accessors.
 *
 * Config access is ECAM through the ACPI MCFG ranges, with the legacy
 * 0xCF8/0xCFC mechanism as a fallback for segment 0.  The accessors are safe
 * on every CPU and never fault: an absent function reads all-ones and a
 * write to it is dropped.
 */
#ifndef MHV_PCI_H
#define MHV_PCI_H

#include <mhv/types.h>

/* Segment, bus, device, function in one 32-bit value: 0000:01:10.2. */
typedef union {
    u32 sbdf;
    struct {
        union {
            u16 bdf;
            struct {
                union {
                    u8 devfn;
                    struct {
                        u8 fn  : 3;
                        u8 dev : 5;
                    };
                };
                u8 bus;
            };
        };
        u16 seg;
    };
} pci_sbdf_t;

#define PCI_DEVFN(d, f)        ((u8)((((d) & 0x1f) << 3) | ((f) & 7)))
#define PCI_SLOT(devfn)        (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)        ((devfn) & 7)
#define PCI_SBDF(s, b, df)     ((pci_sbdf_t){ .sbdf = ((u32)(s) << 16) | ((u32)(b) << 8) | (u8)(df) })
#define PCI_SBDF4(s, b, d, f)  PCI_SBDF(s, b, PCI_DEVFN(d, f))

u8  pci_conf_read8(pci_sbdf_t sbdf, unsigned int reg);
u16 pci_conf_read16(pci_sbdf_t sbdf, unsigned int reg);
u32 pci_conf_read32(pci_sbdf_t sbdf, unsigned int reg);
void pci_conf_write8(pci_sbdf_t sbdf, unsigned int reg, u8 val);
void pci_conf_write16(pci_sbdf_t sbdf, unsigned int reg, u16 val);
void pci_conf_write32(pci_sbdf_t sbdf, unsigned int reg, u32 val);

#endif /* MHV_PCI_H */
