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
#include <mhv/pci_regs.h>

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
/* Map the MCFG's ECAM ranges (drivers/pci/access.c); after acpi_init(). */
int pci_access_init(void);

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
unsigned int pci_find_cap(pci_sbdf_t sbdf, u8 id);
unsigned int pci_find_next_cap(pci_sbdf_t sbdf, unsigned int pos, u8 id);
unsigned int pci_find_ext_cap(pci_sbdf_t sbdf, u16 id);
unsigned int pci_find_next_ext_cap(pci_sbdf_t sbdf, unsigned int pos, u16 id);
/* Any capability: the first one (@pos 0) or the one after @pos. */
unsigned int pci_cap_next_any(pci_sbdf_t sbdf, unsigned int pos);
unsigned int pci_ext_cap_next_any(pci_sbdf_t sbdf, unsigned int pos);

/*
 * BARs (drivers/pci/bars.c).
 *
 * A BAR as decoded from config space: its current base address, its size
 * found by the all-ones probe, and its type.  A 64-bit memory BAR uses two
 * registers; the struct for the upper register reads PCI_BAR_EMPTY.
 */
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

/*
 * Bus scan (drivers/pci/scan.c).
 *
 * One function found by the scan.  VFs are never found by probing (their
 * vendor and device IDs read 0xffff): the scan reports them after their PF,
 * computed from the PF's SR-IOV state, with is_vf set and the IDs the PF
 * gives them (PF vendor, VF Device ID).
 */
struct pci_func {
    pci_sbdf_t sbdf;
    u16 vendor, device;
    u32 class;              /* base class << 16 | sub class << 8 | prog-if */
    u8 revision;
    u8 hdr_type;            /* PCI_HEADER_TYPE_* (multi-function bit masked) */
    bool multifunction;
    bool is_vf;
    pci_sbdf_t pf;          /* is_vf: the VF's PF */
    unsigned int vf_index;  /* is_vf: n in "VF n of pf" */
    u8 sec_bus, sub_bus;    /* bridges: secondary and subordinate bus */
};

/*
 * Called for every function found, in bus order; a non-zero return ends
 * the scan and is returned by pci_scan().
 */
typedef int (*pci_scan_cb_t)(const struct pci_func *f, void *ctx);

/*
 * Walk bus @start_bus of segment @seg and every bus reachable below it
 * through bridges, as the firmware numbered them.  Each bus is visited at
 * most once; a bridge whose secondary bus is not above its own bus, or
 * already visited, is reported with a warning and not followed.
 * Returns 0, or the first non-zero value returned by @cb.
 */
int pci_scan(u16 seg, unsigned int start_bus, pci_scan_cb_t cb, void *ctx);

/*
 * Fill @f for the (non-VF) function at @sbdf from its config space.
 * Returns 0, or -ENODEV when nothing answers there.
 */
int pci_func_read(pci_sbdf_t sbdf, struct pci_func *f);

/*
 * The one-line, lspci-style description of a function, without a trailing
 * newline, e.g.
 *   PCI 0000:01:00.0 [8086:10c9] class 020000 PF sriov total=8 offset=0x80 stride=2 vfbar0=16K vfbar3=16K
 * For a PF whose VF Enable and VF MSE are clear the VF BARs are sized (a
 * probe of the VF BAR registers).  Returns the length as snprintf() does.
 */
int pci_describe(const struct pci_func *f, char *buf, size_t size);

/*
 * printk the description at LOG_INFO, then the BARs and capabilities at
 * LOG_DEBUG.
 */
void pci_print_func(const struct pci_func *f);

/* "16K", "128K", "1M", "4G" or "32" (bytes) for a size; returns @buf. */
const char *pci_size_str(u64 size, char *buf, size_t len);

#endif /* MHV_PCI_H */
