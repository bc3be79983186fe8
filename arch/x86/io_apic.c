/* SPDX-License-Identifier: GPL-2.0 */
/*
 * I/O APICs: every pin masked at boot and left masked until someone claims
 * it; ISA interrupts are routed with the MADT's source overrides honoured.
 *
 * Lock: ioapic_lock (IRQ-safe) serialises the index/data register pairs.
 */
#include <mhv/lib.h>
#include <mhv/mm.h>
#include <mhv/acpi.h>
#include <mhv/iomem.h>
#include <mhv/errno.h>
#include <mhv/spinlock.h>
#include <asm/apic.h>
#include <asm/io.h>

#define IOREGSEL 0x00
#define IOWIN    0x10
#define IOAPIC_VER 0x01
#define IOAPIC_RTE(pin) (0x10 + 2 * (pin))
#define RTE_MASKED     (1u << 16)
#define RTE_LEVEL      (1u << 15)
#define RTE_ACTIVE_LOW (1u << 13)

struct ioapic {
    volatile u8 *mmio;
    u32 gsi_base;
    unsigned int nr_pins;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;
static DEFINE_SPINLOCK(ioapic_lock);

static u32 io_read(struct ioapic *io, unsigned int reg)
{
    writel(reg, io->mmio + IOREGSEL);
    return readl(io->mmio + IOWIN);
}

static void io_write(struct ioapic *io, unsigned int reg, u32 v)
{
    writel(reg, io->mmio + IOREGSEL);
    writel(v, io->mmio + IOWIN);
}

static struct ioapic *ioapic_of_gsi(unsigned int gsi, unsigned int *pin)
{
    for (unsigned int i = 0; i < nr_ioapics; i++)
        if (gsi >= ioapics[i].gsi_base &&
            gsi < ioapics[i].gsi_base + ioapics[i].nr_pins) {
            *pin = gsi - ioapics[i].gsi_base;
            return &ioapics[i];
        }
    return NULL;
}

void ioapic_init(void)
{
    for (unsigned int i = 0; i < acpi_info.nr_ioapics; i++) {
        struct ioapic *io = &ioapics[nr_ioapics];
        unsigned long flags;

        iomem_reserve(acpi_info.ioapics[i].addr, PAGE_SIZE, "IOAPIC");
        io->mmio = ioremap(acpi_info.ioapics[i].addr, PAGE_SIZE);
        if (!io->mmio)
            continue;
        io->gsi_base = acpi_info.ioapics[i].gsi_base;
        spin_lock_irqsave(&ioapic_lock, flags);
        io->nr_pins = ((io_read(io, IOAPIC_VER) >> 16) & 0xff) + 1;
        for (unsigned int pin = 0; pin < io->nr_pins; pin++) {
            io_write(io, IOAPIC_RTE(pin) + 1, 0);
            io_write(io, IOAPIC_RTE(pin), RTE_MASKED);
        }
        spin_unlock_irqrestore(&ioapic_lock, flags);
        printk("IOAPIC %u: GSI %u-%u at %#lx, all pins masked\n",
               acpi_info.ioapics[i].id, io->gsi_base,
               io->gsi_base + io->nr_pins - 1, acpi_info.ioapics[i].addr);
        nr_ioapics++;
    }
    if (!nr_ioapics)
        printk(LOG_WARNING "IOAPIC: none found; legacy interrupts unavailable\n");
}

int ioapic_route_isa_irq(unsigned int irq, unsigned int vector, u32 dest)
{
    u16 flags;
    unsigned int gsi = acpi_isa_irq_to_gsi(irq, &flags), pin;
    struct ioapic *io = ioapic_of_gsi(gsi, &pin);
    unsigned long f;
    u32 low = vector;

    if (!io)
        return -ENODEV;
    /* ISA default is edge, active high; overrides may say otherwise. */
    if (acpi_inti_is_level(flags))
        low |= RTE_LEVEL;
    if (acpi_inti_is_active_low(flags))
        low |= RTE_ACTIVE_LOW;
    spin_lock_irqsave(&ioapic_lock, f);
    io_write(io, IOAPIC_RTE(pin) + 1, (apic_x2apic_mode() ? dest : dest << 24));
    io_write(io, IOAPIC_RTE(pin), low);
    spin_unlock_irqrestore(&ioapic_lock, f);
    return gsi;
}

void ioapic_mask_gsi(unsigned int gsi)
{
    unsigned int pin;
    struct ioapic *io = ioapic_of_gsi(gsi, &pin);
    unsigned long f;

    if (!io)
        return;
    spin_lock_irqsave(&ioapic_lock, f);
    io_write(io, IOAPIC_RTE(pin), io_read(io, IOAPIC_RTE(pin)) | RTE_MASKED);
    spin_unlock_irqrestore(&ioapic_lock, f);
}
