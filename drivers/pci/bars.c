/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BAR decoding and sizing.
 *
 * Sizing writes all-ones to a BAR and reads back which address bits stick.
 * While that happens the BAR decodes a bogus range, so the function's I/O
 * and memory decoding are switched off in COMMAND around the probe (VF BARs
 * are gated by the SR-IOV VF MSE bit instead, see sriov.c), and every
 * register touched is written back with its original value.
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/pci/access.h>
#include <mhv/pci/bars.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>

unsigned int pci_num_bars(u8 hdr_type)
{
    switch (hdr_type & PCI_HEADER_TYPE_MASK) {
    case PCI_HEADER_TYPE_NORMAL:
        return PCI_NUM_BARS_NORMAL;
    case PCI_HEADER_TYPE_BRIDGE:
        return PCI_NUM_BARS_BRIDGE;
    case PCI_HEADER_TYPE_CARDBUS:
        return PCI_NUM_BARS_CARDBUS;
    default:
        return 0;
    }
}

/* A size mask is valid when its set bits are contiguous up to the top. */
static bool mask_contiguous(u64 mask, u64 top)
{
    u64 low = mask & -mask;     /* lowest set bit */

    return mask && ((mask | (low - 1)) == top);
}

int pci_bar_probe(pci_sbdf_t sbdf, unsigned int reg, bool allow64,
                  struct pci_bar *bar)
{
    u32 lo, szlo, hi = 0, szhi = 0;
    u64 mask;

    *bar = (struct pci_bar){ .type = PCI_BAR_EMPTY };

    lo = pci_conf_read32(sbdf, reg);
    pci_conf_write32(sbdf, reg, ~0U);
    szlo = pci_conf_read32(sbdf, reg);
    pci_conf_write32(sbdf, reg, lo);

    if (lo == ~0U && szlo == ~0U &&
        pci_conf_read16(sbdf, PCI_VENDOR_ID) == 0xffff &&
        pci_conf_read32(sbdf, PCI_CLASS_REVISION) == ~0U)
        return -ENODEV;         /* nothing answers */

    if (lo & PCI_BASE_ADDRESS_SPACE_IO) {
        /* A 16-bit I/O decoder reads 0 in bits 31:16: treat them as set. */
        mask = szlo & PCI_BASE_ADDRESS_IO_MASK;
        if (mask && !(mask & 0xffff0000U))
            mask |= 0xffff0000U;
        bar->type = PCI_BAR_IO;
        bar->base = lo & PCI_BASE_ADDRESS_IO_MASK;
        if (!mask) {
            *bar = (struct pci_bar){ .type = PCI_BAR_EMPTY };
            return 1;           /* not implemented */
        }
        if (!mask_contiguous(mask, 0xffffffffU))
            goto bad;
        bar->size = mask & -mask;
        return 1;
    }

    switch (lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) {
    case PCI_BASE_ADDRESS_MEM_TYPE_32:
    case PCI_BASE_ADDRESS_MEM_TYPE_1M:
        break;
    case PCI_BASE_ADDRESS_MEM_TYPE_64:
        if (!allow64) {
            gprintk(LOG_WARNING "PCI: %pp: 64-bit BAR at %#x has no upper "
                    "register\n", &sbdf, reg);
            bar->type = PCI_BAR_MEM;
            return -EINVAL;
        }
        hi = pci_conf_read32(sbdf, reg + 4);
        pci_conf_write32(sbdf, reg + 4, ~0U);
        szhi = pci_conf_read32(sbdf, reg + 4);
        pci_conf_write32(sbdf, reg + 4, hi);
        bar->is64 = true;
        break;
    default:
        gprintk(LOG_WARNING "PCI: %pp: BAR at %#x has the reserved memory "
                "type (%#x)\n", &sbdf, reg, lo);
        bar->type = PCI_BAR_MEM;
        return -EINVAL;
    }

    bar->type = PCI_BAR_MEM;
    bar->prefetch = lo & PCI_BASE_ADDRESS_MEM_PREFETCH;
    bar->base = ((u64)hi << 32) | (lo & PCI_BASE_ADDRESS_MEM_MASK);
    mask = ((u64)szhi << 32) | (szlo & PCI_BASE_ADDRESS_MEM_MASK);
    if (!bar->is64)
        mask &= 0xffffffffU;
    if (!mask) {                /* not implemented */
        bool is64 = bar->is64;

        *bar = (struct pci_bar){ .type = PCI_BAR_EMPTY, .is64 = is64 };
        return is64 ? 2 : 1;
    }
    /*
     * The type bits must not move, and the set bits must be contiguous up
     * to bit 63 (bit 31 for a 32-bit BAR, or for a 64-bit BAR whose upper
     * register is hard-wired to 0: it only decodes the low 4 GiB).
     */
    if ((szlo & ~PCI_BASE_ADDRESS_MEM_MASK) != (lo & ~PCI_BASE_ADDRESS_MEM_MASK) ||
        !mask_contiguous(mask, szhi ? ~0ULL : 0xffffffffULL))
        goto bad;
    bar->size = mask & -mask;
    return bar->is64 ? 2 : 1;

bad:
    gprintk(LOG_WARNING "PCI: %pp: BAR at %#x cannot be sized (reads %#x/%#x "
            "after all-ones)\n", &sbdf, reg, szlo, szhi);
    bar->size = 0;
    return -EINVAL;
}

/* Switch decoding off; returns the COMMAND value to restore. */
static u16 decode_off(pci_sbdf_t sbdf)
{
    u16 cmd = pci_conf_read16(sbdf, PCI_COMMAND);

    if (cmd & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY))
        pci_conf_write16(sbdf, PCI_COMMAND,
                         cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
    return cmd;
}

static void decode_restore(pci_sbdf_t sbdf, u16 cmd)
{
    if (cmd & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY))
        pci_conf_write16(sbdf, PCI_COMMAND, cmd);
}

int pci_read_bar(pci_sbdf_t sbdf, unsigned int idx, struct pci_bar *bar)
{
    u8 hdr = pci_conf_read8(sbdf, PCI_HEADER_TYPE);
    unsigned int nr = pci_num_bars(hdr);
    u16 cmd;
    int rc;

    *bar = (struct pci_bar){ .type = PCI_BAR_EMPTY };
    if (pci_conf_read16(sbdf, PCI_VENDOR_ID) == 0xffff &&
        pci_conf_read32(sbdf, PCI_CLASS_REVISION) == ~0U)
        return -ENODEV;
    if (idx >= nr)
        return -EINVAL;

    cmd = decode_off(sbdf);
    rc = pci_bar_probe(sbdf, PCI_BAR_REG(idx), idx + 1 < nr, bar);
    decode_restore(sbdf, cmd);
    return rc;
}

int pci_read_bars(pci_sbdf_t sbdf, struct pci_bar bars[PCI_NUM_BARS_NORMAL])
{
    unsigned int i, nr;
    u16 cmd;

    for (i = 0; i < PCI_NUM_BARS_NORMAL; i++)
        bars[i] = (struct pci_bar){ .type = PCI_BAR_EMPTY };
    if (pci_conf_read16(sbdf, PCI_VENDOR_ID) == 0xffff &&
        pci_conf_read32(sbdf, PCI_CLASS_REVISION) == ~0U)
        return -ENODEV;

    nr = pci_num_bars(pci_conf_read8(sbdf, PCI_HEADER_TYPE));
    cmd = decode_off(sbdf);
    for (i = 0; i < nr; ) {
        int rc = pci_bar_probe(sbdf, PCI_BAR_REG(i), i + 1 < nr, &bars[i]);

        if (rc == -ENODEV)
            break;
        if (rc < 0) {           /* logged; skip past it */
            i += bars[i].is64 ? 2 : 1;
            continue;
        }
        i += rc;
    }
    decode_restore(sbdf, cmd);
    return nr;
}

int pci_read_rom(pci_sbdf_t sbdf, struct pci_bar *bar)
{
    unsigned int reg;
    u32 orig, sz;
    u16 cmd;

    *bar = (struct pci_bar){ .type = PCI_BAR_EMPTY };
    switch (pci_conf_read8(sbdf, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK) {
    case PCI_HEADER_TYPE_NORMAL:
        reg = PCI_ROM_ADDRESS;
        break;
    case PCI_HEADER_TYPE_BRIDGE:
        reg = PCI_ROM_ADDRESS1;
        break;
    default:
        return -EINVAL;
    }

    cmd = decode_off(sbdf);
    orig = pci_conf_read32(sbdf, reg);
    /* Keep the enable bit clear while probing. */
    pci_conf_write32(sbdf, reg, PCI_ROM_ADDRESS_MASK);
    sz = pci_conf_read32(sbdf, reg) & PCI_ROM_ADDRESS_MASK;
    pci_conf_write32(sbdf, reg, orig);
    decode_restore(sbdf, cmd);

    if (orig == ~0U && sz == PCI_ROM_ADDRESS_MASK)
        return -ENODEV;
    if (!sz)
        return 1;               /* no ROM */
    bar->type = PCI_BAR_MEM;
    bar->base = orig & PCI_ROM_ADDRESS_MASK;
    if (!mask_contiguous(sz, 0xffffffffULL)) {
        gprintk(LOG_WARNING "PCI: %pp: ROM BAR cannot be sized (%#x)\n",
                &sbdf, sz);
        return -EINVAL;
    }
    bar->size = sz & -sz;
    return 1;
}

bool pci_bridge_window(pci_sbdf_t br, bool pref, u64 *start, u64 *end,
                       bool *is64)
{
    u16 base, limit;

    if (!pref) {
        base = pci_conf_read16(br, PCI_MEMORY_BASE);
        limit = pci_conf_read16(br, PCI_MEMORY_LIMIT);
        *start = (u64)(base & PCI_MEMORY_RANGE_MASK) << 16;
        *end = ((u64)(limit & PCI_MEMORY_RANGE_MASK) << 16) | 0xfffff;
        *is64 = false;
        return *start <= *end;
    }

    base = pci_conf_read16(br, PCI_PREF_MEMORY_BASE);
    limit = pci_conf_read16(br, PCI_PREF_MEMORY_LIMIT);
    *is64 = (base & PCI_PREF_RANGE_TYPE_MASK) == PCI_PREF_RANGE_TYPE_64;
    *start = (u64)(base & PCI_PREF_RANGE_MASK) << 16;
    *end = ((u64)(limit & PCI_PREF_RANGE_MASK) << 16) | 0xfffff;
    if (*is64) {
        *start |= (u64)pci_conf_read32(br, PCI_PREF_BASE_UPPER32) << 32;
        *end |= (u64)pci_conf_read32(br, PCI_PREF_LIMIT_UPPER32) << 32;
    }
    return *start <= *end;
}
