/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The address of a PCI function: segment, bus, device, function in one
 * 32-bit value (0000:01:10.2).  A type every layer uses -- printk's %pp,
 * the IOMMU's requester ids, the hypercall ABI -- so it sits in the base.
 */
#ifndef MHV_SBDF_H
#define MHV_SBDF_H

#include <mhv/types.h>

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

#endif /* MHV_SBDF_H */
