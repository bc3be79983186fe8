/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test guests' PCI configuration access: the type-1 mechanism of bus
 * 0 (0xCF8 address latch, 0xCFC-0xCFF data window), as a PC's firmware
 * and Linux's conf1 use it.  A latch and its data access are two port
 * accesses: the test programs use config space from one vCPU only.
 */
#include <hvmguest/guest.h>

#define PCI_CONF1_ADDR  0xcf8
#define PCI_CONF1_DATA  0xcfc

static void latch(unsigned int dev, unsigned int reg)
{
    outl(PCI_CONF1_ADDR, 0x80000000u | (dev & 31) << 11 | (reg & 0xfc));
}

u32 pci_read(unsigned int dev, unsigned int reg, unsigned int size)
{
    u16 port = PCI_CONF1_DATA + (reg & 3);
    u32 v;

    latch(dev, reg);
    if (size == 1)
        v = inb(port);
    else if (size == 2)
        __asm__ volatile("inw %1, %w0" : "=a"(v) : "Nd"(port));
    else
        v = inl(PCI_CONF1_DATA);
    return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

void pci_write(unsigned int dev, unsigned int reg, unsigned int size, u32 v)
{
    u16 port = PCI_CONF1_DATA + (reg & 3);

    latch(dev, reg);
    if (size == 1)
        outb(port, (u8)v);
    else if (size == 2)
        __asm__ volatile("outw %w0, %1" :: "a"(v), "Nd"(port));
    else
        outl(PCI_CONF1_DATA, v);
}

unsigned int pci_find_cap(unsigned int dev, u8 id)
{
    unsigned int pos = pci_read(dev, PCI_CAP_PTR, 1) & 0xfc;

    /* At most 48 capabilities fit in 192 bytes: a longer list loops. */
    for (unsigned int n = 0; pos >= 0x40 && n < 48; n++) {
        if (pci_read(dev, pos, 1) == id)
            return pos;
        pos = pci_read(dev, pos + 1, 1) & 0xfc;
    }
    return 0;
}

u64 pci_place_bars(unsigned int dev, u64 base, u64 bar_gpa[6])
{
    for (unsigned int i = 0; i < 6; i++) {
        unsigned int reg = PCI_BAR0 + 4 * i;
        u32 lo = pci_read(dev, reg, 4), mask_lo, mask_hi = 0xffffffffu;
        bool is64 = (lo & 0x7) == 0x4;
        u64 size;

        bar_gpa[i] = 0;
        if (lo & 1)                             /* I/O: not placed */
            continue;
        pci_write(dev, reg, 4, 0xffffffffu);
        mask_lo = pci_read(dev, reg, 4) & ~0xfu;
        if (is64) {
            pci_write(dev, reg + 4, 4, 0xffffffffu);
            mask_hi = pci_read(dev, reg + 4, 4);
        }
        size = ~((u64)mask_hi << 32 | mask_lo) + 1;
        if (!mask_lo || (size & (size - 1))) {  /* unimplemented */
            pci_write(dev, reg, 4, lo);
            if (is64)
                i++;
            continue;
        }
        base = (base + size - 1) & ~(size - 1);
        bar_gpa[i] = base;
        pci_write(dev, reg, 4, (u32)base | (lo & 0xf));
        if (is64) {
            pci_write(dev, reg + 4, 4, (u32)(base >> 32));
            bar_gpa[++i] = 0;
        }
        base += size;
    }
    return base;
}
