/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BARs (drivers/pci/bars.c).
 *
 * A BAR as decoded from config space: its current base address, its size
 * found by the all-ones probe, and its type.  A 64-bit memory BAR uses two
 * registers; the struct for the upper register reads PCI_BAR_EMPTY.
 */
#ifndef MHV_PCI_BARS_H
#define MHV_PCI_BARS_H

#include <mhv/types.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>

enum pci_bar_type {
    PCI_BAR_EMPTY = 0,      /* not implemented (or upper half of a 64-bit BAR) */
    PCI_BAR_IO,
    PCI_BAR_MEM,
};

struct pci_bar {
    u64 base;               /* address currently programmed (flag bits masked) */
    u64 size;               /* 0: not implemented or not sizeable */
    u8 type;                /* enum pci_bar_type */
    bool is64;              /* memory BAR spanning this register and the next */
    bool prefetch;          /* prefetchable memory */
};

/* Number of BAR registers of a header type (6, 2, 1; 0 for unknown types). */
unsigned int pci_num_bars(u8 hdr_type);

/*
 * Probe the BAR register at config offset @reg: read it, write all-ones,
 * read the size mask and restore the original value(s).  @allow64: the
 * register after @reg may hold the upper half of a 64-bit BAR.
 * @pre the caller has disabled decoding of the BAR's space (COMMAND, or the
 *      SR-IOV control's VF MSE for a VF BAR): this function does not.
 * Returns the number of registers the BAR occupies (1 or 2) with @bar
 * filled (size 0 when the BAR is not implemented), or -ENODEV when the
 * function does not answer, or -EINVAL for a BAR that cannot be sized
 * (reserved memory type, 64-bit in the last register, a size mask that is
 * not contiguous); @bar is then filled with size 0.
 */
int pci_bar_probe(pci_sbdf_t sbdf, unsigned int reg, bool allow64,
                  struct pci_bar *bar);

/*
 * Decode and size BAR @idx (0-based) of a function, with I/O and memory
 * decoding switched off in COMMAND for the time of the probe and COMMAND
 * restored afterwards.  Returns as pci_bar_probe(), or -EINVAL for an index
 * beyond the header type's BARs.
 */
int pci_read_bar(pci_sbdf_t sbdf, unsigned int idx, struct pci_bar *bar);

/*
 * Decode and size every BAR of a function (decoding off once around all of
 * them).  @bars has room for PCI_NUM_BARS_NORMAL entries; entries beyond the
 * header type's BARs, and the upper halves of 64-bit BARs, are EMPTY.
 * Returns the number of BAR registers of the header type, or -ENODEV.
 */
int pci_read_bars(pci_sbdf_t sbdf, struct pci_bar bars[PCI_NUM_BARS_NORMAL]);

/* The expansion ROM BAR (type 0: 0x30, type 1: 0x38), sized like a BAR. */
int pci_read_rom(pci_sbdf_t sbdf, struct pci_bar *bar);

/*
 * A PCI-to-PCI bridge's memory window (@pref false) or prefetchable window
 * (@pref true) as programmed: [*start, *end], *is64 for a prefetchable
 * window with 64-bit registers.  Returns false when the window is disabled
 * (base above limit).
 */
bool pci_bridge_window(pci_sbdf_t br, bool pref, u64 *start, u64 *end,
                       bool *is64);

#endif /* MHV_PCI_BARS_H */
