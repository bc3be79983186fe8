/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The config-space mechanisms (see <mhv/pci/ecam.h>): ECAM through the ACPI
 * MCFG ranges, and the legacy 0xCF8/0xCFC mechanism as the fallback for
 * segment 0 (buses not covered by an MCFG range, or no MCFG at all).
 *
 * They never fault: a function outside every range, or a register beyond
 * its space (>= 0x100 without ECAM), reads all-ones and drops writes.
 * ECAM needs no lock (each access is one MMIO operation); the CF8/CFC pair
 * is serialised by pci_cf8_lock (IRQ-safe: it may be used from any
 * context).
 */
#include <mhv/pci/ecam.h>
#include <mhv/sbdf.h>
#include <mhv/acpi.h>
#include <mhv/init.h>
#include <mhv/iomem.h>
#include <mhv/mm.h>
#include <mhv/lib.h>
#include <mhv/spinlock.h>
#include <asm/io.h>

struct ecam_range {
    u16 seg;
    u8 start_bus, end_bus;
    u8 *va;                 /* mapping of start_bus's first function */
};

static struct ecam_range ecam[ACPI_MAX_MCFG];
static unsigned int nr_ecam;
static DEFINE_SPINLOCK(pci_cf8_lock);

/* Map the MCFG's ECAM ranges, before anything scans (after acpi_init()). */
static int pci_access_init(void)
{
    for (unsigned int i = 0; i < acpi_info.nr_mcfg && nr_ecam < ARRAY_SIZE(ecam); i++) {
        const struct acpi_mcfg_seg *m = &acpi_info.mcfg[i];
        size_t len = ((size_t)m->end_bus - m->start_bus + 1) << 20;
        paddr_t pa = m->base + ((paddr_t)m->start_bus << 20);
        void *va;

        if (m->end_bus < m->start_bus) {
            printk(LOG_WARNING "PCI: MCFG segment %u has bus range %u-%u: ignored\n",
                   m->segment, m->start_bus, m->end_bus);
            continue;
        }
        iomem_reserve(pa, len, "ECAM");
        va = ioremap(pa, len);
        if (!va) {
            printk(LOG_WARNING "PCI: cannot map ECAM %#lx+%#zx: ignored\n", pa, len);
            continue;
        }
        ecam[nr_ecam++] = (struct ecam_range){ m->segment, m->start_bus, m->end_bus, va };
        printk("PCI: ECAM segment %04x buses %02x-%02x at %#lx\n", m->segment,
               m->start_bus, m->end_bus, pa);
    }
    if (!nr_ecam)
        printk(LOG_WARNING "PCI: no ECAM (MCFG): using 0xcf8/0xcfc for segment 0, "
               "no extended config space\n");
    return 0;
}

/* The ECAM address of (sbdf, reg), or NULL when no range covers it. */
static volatile void *ecam_addr(pci_sbdf_t sbdf, unsigned int reg)
{
    for (unsigned int i = 0; i < nr_ecam; i++) {
        const struct ecam_range *r = &ecam[i];

        if (r->seg == sbdf.seg && sbdf.bus >= r->start_bus && sbdf.bus <= r->end_bus)
            return r->va + (((unsigned long)(sbdf.bus - r->start_bus) << 20) |
                            ((unsigned long)sbdf.devfn << 12) | reg);
    }
    return NULL;
}

static bool cf8_ok(pci_sbdf_t sbdf, unsigned int reg)
{
    return sbdf.seg == 0 && reg < 0x100;
}

static u32 cf8_addr(pci_sbdf_t sbdf, unsigned int reg)
{
    return 0x80000000u | ((u32)sbdf.bus << 16) | ((u32)sbdf.devfn << 8) | (reg & 0xfc);
}

u32 pci_conf_raw_read(pci_sbdf_t sbdf, unsigned int reg, unsigned int size)
{
    volatile void *a;
    unsigned long flags;
    u32 v;

    a = ecam_addr(sbdf, reg);
    if (a)
        return size == 1 ? readb(a) : size == 2 ? readw(a) : readl(a);
    if (!cf8_ok(sbdf, reg))
        return ~0u;
    spin_lock_irqsave(&pci_cf8_lock, flags);
    outl(0xcf8, cf8_addr(sbdf, reg));
    v = size == 1 ? inb(0xcfc + (reg & 3)) : size == 2 ? inw(0xcfc + (reg & 2))
                                                         : inl(0xcfc);
    spin_unlock_irqrestore(&pci_cf8_lock, flags);
    return v;
}

void pci_conf_raw_write(pci_sbdf_t sbdf, unsigned int reg, unsigned int size,
                       u32 v)
{
    volatile void *a;
    unsigned long flags;

    a = ecam_addr(sbdf, reg);
    if (a) {
        if (size == 1)
            writeb(v, a);
        else if (size == 2)
            writew(v, a);
        else
            writel(v, a);
        return;
    }
    if (!cf8_ok(sbdf, reg))
        return;
    spin_lock_irqsave(&pci_cf8_lock, flags);
    outl(0xcf8, cf8_addr(sbdf, reg));
    if (size == 1)
        outb(0xcfc + (reg & 3), v);
    else if (size == 2)
        outw(0xcfc + (reg & 2), v);
    else
        outl(0xcfc, v);
    spin_unlock_irqrestore(&pci_cf8_lock, flags);
}

presmp_initcall(pci_access_init);
