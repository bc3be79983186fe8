/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ACPI tables of an HVM domain: a hardware-reduced ACPI platform, the
 * only way an unmodified Linux kernel runs with no PIT, PIC, HPET or RTC.
 *
 *   RSDP (revision 2) -> XSDT -> FADT, MADT
 *   FADT: revision 5, HW_REDUCED_ACPI, the sleep control and status
 *         registers (I/O ports, 8 bits) and the reset register (I/O port,
 *         RESET_REG_SUP), DSDT/X_DSDT
 *   MADT: one processor entry per vCPU (a local APIC entry for x2APIC IDs
 *         below 255, an x2APIC entry above), the I/O APIC when there is
 *         one, no PC-AT compatible PICs
 *   DSDT: Name (\_S5, Package {5, 0}), so the kernel knows the value
 *         that powers off; with cfg->com1, Device (\_SB.COM1) (PNP0501,
 *         ports 0x3F8-0x3FF, ISA IRQ 4): on a hardware-reduced platform
 *         the kernel gives the UART an interrupt only through this device
 *         (Linux's 8250_pnp registers GSI 4 from its _CRS); with
 *         cfg->pci, Device (\_SB.PCI0) (PNP0A03): a PCI host bridge for
 *         bus 0, reached through the type-1 ports 0xCF8-0xCFF, forwarding
 *         the memory window cfg->pci_mmio_base/size to its devices
 *         (Linux scans PCI on an ACPI platform only below such a bridge,
 *         and places its devices' BARs in its windows)
 *
 * hvm_acpi_build() lays the tables out in a caller's buffer for a given
 * guest-physical base; the caller copies the buffer into guest memory at
 * that base (reserved in the guest's e820 map as ACPI data) and passes the
 * RSDP address in boot_params.acpi_rsdp_addr.
 *
 * The power-management ports: the guest powers off by writing SLP_TYP 5
 * with SLP_EN to the sleep control register, and resets by writing
 * HVM_ACPI_RESET_VALUE to the reset register.  hvm_acpi_pm_ioport() is the
 * port handler for the three ports; it reports what the guest asked
 * through ops->power.  It needs no lock (no state).
 */
#ifndef ASM_X86_HVM_ACPI_TABLES_H
#define ASM_X86_HVM_ACPI_TABLES_H

#include <mhv/types.h>

#define HVM_ACPI_PM_BASE        0x600   /* the three ports below */
#define HVM_ACPI_SLEEP_CTL      0x600
#define HVM_ACPI_SLEEP_STS      0x601
#define HVM_ACPI_RESET_PORT     0x602
#define HVM_ACPI_PM_PORTS       3
#define HVM_ACPI_RESET_VALUE    0x01
#define HVM_ACPI_S5_TYP         5       /* SLP_TYP of \_S5 */
/* Sleep control register (hardware-reduced ACPI): SLP_TYP 4:2, SLP_EN 5. */
#define HVM_ACPI_SLEEP_TYP_SHIFT 2
#define HVM_ACPI_SLEEP_EN       (1u << 5)

#define HVM_ACPI_OEM_ID         "MHV   "   /* 6 characters */
#define HVM_ACPI_OEM_TABLE_ID   "MHVHVM  " /* 8 characters */

struct hvm_acpi_config {
    paddr_t base;               /* guest-physical address of the buffer */
    unsigned int nr_vcpus;      /* 1 .. HVM_ACPI_MAX_VCPUS */
    const u32 *apic_ids;        /* x2APIC ID of each vCPU */
    bool ioapic;                /* describe an I/O APIC */
    u8 ioapic_id;
    u32 ioapic_addr;
    u32 ioapic_gsi_base;
    bool com1;                  /* describe the vUART (<asm/hvm/vuart.h>) at
                                   COM1; its IRQ 4 needs the I/O APIC */
    bool pci;                   /* describe a PCI host bridge (a virtual PCI
                                   bus, <mhv/vpci/vpci.h>) */
    u64 pci_mmio_base;          /* its memory window, page-aligned */
    u64 pci_mmio_size;
};

#define HVM_ACPI_MAX_VCPUS      256

/* Bytes hvm_acpi_build() needs for @nr_vcpus vCPUs (a multiple of 16). */
size_t hvm_acpi_size(unsigned int nr_vcpus);

/*
 * Build the tables into @buf (@len bytes, zeroed first), for guest-physical
 * address cfg->base.  Returns 0 and the RSDP's guest-physical address in
 * *@rsdp_gpa (it is at cfg->base), or -EINVAL for a bad configuration
 * (no vCPU, too many, a base that is not 16-byte aligned or that does not
 * fit below 4 GiB, COM1 without an I/O APIC, a PCI window that is empty,
 * not page-aligned or wraps), -ENOSPC when @len is below
 * hvm_acpi_size().
 */
int hvm_acpi_build(const struct hvm_acpi_config *cfg, void *buf, size_t len,
                   paddr_t *rsdp_gpa);

/* What the guest asked of the power-management ports. */
enum hvm_acpi_power {
    HVM_ACPI_POWER_OFF,         /* sleep control: S5 with SLP_EN */
    HVM_ACPI_RESET,             /* reset register: HVM_ACPI_RESET_VALUE */
};

struct hvm_acpi_pm_ops {
    void (*power)(void *ctx, enum hvm_acpi_power what);
};

/* The ports' context for hvm_acpi_pm_ioport(). */
struct hvm_acpi_pm {
    const struct hvm_acpi_pm_ops *ops;
    void *ctx;
};

/*
 * The port handler (hvm_io_fn of <asm/hvm/ioport.h>) for HVM_ACPI_PM_BASE ..
 * + HVM_ACPI_PM_PORTS - 1, @ctx a struct hvm_acpi_pm.  Reads give 0 (the
 * status register's WAK_STS never sets: the guest never wakes from S5);
 * sleep states other than S5 are ignored (hardware-reduced Linux offers
 * only what \_Sx the DSDT lists).
 */
int hvm_acpi_pm_ioport(void *ctx, u16 port, unsigned int size, bool write,
                       u32 *val);

#endif /* ASM_X86_HVM_ACPI_TABLES_H */
