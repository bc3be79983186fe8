/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI tables for HVM domains (see <asm/hvm/acpi_tables.h>).
 *
 * The layout in the buffer (offsets from cfg->base), each table 16-byte
 * aligned:
 *   0x000 RSDP (36 bytes)
 *   0x030 XSDT (36 + 2 * 8: FADT, MADT)
 *   0x070 FADT (268 bytes, revision 5)
 *   0x180 DSDT (36 + AML; room up to the MADT)
 *   0x300 MADT (44 + 8 or 16 per vCPU + 12 for the I/O APIC)
 * Fields are written at the byte offsets of the ACPI specification, little
 * endian.
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <asm/hvm/acpi_tables.h>
#include <asm/hvm/aml.h>
#include <asm/hvm/vuart.h>

/* The type-1 configuration ports a PCI host bridge claims. */
#define PCI_CONF1_PORT      0xcf8
#define PCI_CONF1_PORTS     8

#define OFF_RSDP    0x000
#define OFF_XSDT    0x030
#define OFF_FADT    0x070
#define OFF_DSDT    0x180
#define OFF_MADT    0x300
#define DSDT_MAX    (OFF_MADT - OFF_DSDT)

#define HDR_LEN         36
#define XSDT_LEN        (HDR_LEN + 2 * 8)
#define FADT_LEN        268
#define FADT_REVISION   5
#define MADT_FIXED_LEN  (HDR_LEN + 8)
#define MADT_LAPIC_LEN  8
#define MADT_X2APIC_LEN 16
#define MADT_IOAPIC_LEN 12

/* FADT offsets. */
#define FADT_DSDT           40
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS          112
#define FADT_RESET_REG      116
#define FADT_RESET_VALUE    128
#define FADT_MINOR_VERSION  131
#define FADT_X_DSDT         140
#define FADT_SLEEP_CONTROL  244
#define FADT_SLEEP_STATUS   256

#define FADT_F_WBINVD           (1u << 0)
#define FADT_F_PWR_BUTTON       (1u << 4)   /* no fixed power button */
#define FADT_F_SLP_BUTTON       (1u << 5)   /* no fixed sleep button */
#define FADT_F_RESET_REG_SUP    (1u << 10)
#define FADT_F_HW_REDUCED_ACPI  (1u << 20)

#define IAPC_NO_VGA         (1u << 2)
#define IAPC_NO_CMOS_RTC    (1u << 5)

#define GAS_SYSTEM_IO   1
#define GAS_ACCESS_BYTE 1

#define MADT_LAPIC      0
#define MADT_IOAPIC     1
#define MADT_X2APIC     9
#define MADT_ENABLED    1u

static void put8(u8 *p, u8 v) { p[0] = v; }
static void put16(u8 *p, u16 v) { p[0] = (u8)v; p[1] = (u8)(v >> 8); }
static void put32(u8 *p, u32 v) { put16(p, (u16)v); put16(p + 2, (u16)(v >> 16)); }
static void put64(u8 *p, u64 v) { put32(p, (u32)v); put32(p + 4, (u32)(v >> 32)); }

static u8 checksum(const u8 *p, size_t len)
{
    u8 sum = 0;

    while (len--)
        sum += *p++;
    return (u8)-sum;
}

/* A System I/O generic address structure of one byte at @port. */
static void put_gas_io(u8 *p, u16 port)
{
    put8(p, GAS_SYSTEM_IO);
    put8(p + 1, 8);
    put8(p + 2, 0);
    put8(p + 3, GAS_ACCESS_BYTE);
    put64(p + 4, port);
}

static void header(u8 *t, const char *sig, u32 len, u8 rev)
{
    memcpy(t, sig, 4);
    put32(t + 4, len);
    put8(t + 8, rev);
    memcpy(t + 10, HVM_ACPI_OEM_ID, 6);
    memcpy(t + 16, HVM_ACPI_OEM_TABLE_ID, 8);
    put32(t + 24, 1);                   /* OEM revision */
    memcpy(t + 28, "MHV ", 4);          /* creator ID */
    put32(t + 32, 1);                   /* creator revision */
}

static void seal(u8 *t, u32 len)
{
    t[9] = 0;
    t[9] = checksum(t, len);
}

static size_t madt_len(const struct hvm_acpi_config *cfg)
{
    size_t len = MADT_FIXED_LEN;

    for (unsigned int i = 0; i < cfg->nr_vcpus; i++)
        len += (cfg->apic_ids ? cfg->apic_ids[i] : i) < 0xff ?
               MADT_LAPIC_LEN : MADT_X2APIC_LEN;
    if (cfg->ioapic)
        len += MADT_IOAPIC_LEN;
    return len;
}

size_t hvm_acpi_size(unsigned int nr_vcpus)
{
    /* The worst case: every vCPU an x2APIC entry. */
    size_t len = OFF_MADT + MADT_FIXED_LEN + (size_t)nr_vcpus * MADT_X2APIC_LEN +
                 MADT_IOAPIC_LEN;

    return (len + 15) & ~(size_t)15;
}

static void build_madt(const struct hvm_acpi_config *cfg, u8 *t)
{
    u32 len = (u32)madt_len(cfg);
    u8 *e = t + MADT_FIXED_LEN;

    header(t, "APIC", len, 5);
    put32(t + 36, 0xfee00000u);         /* local APIC address */
    put32(t + 40, 0);                   /* no PC-AT compatible PICs */
    for (unsigned int i = 0; i < cfg->nr_vcpus; i++) {
        u32 id = cfg->apic_ids ? cfg->apic_ids[i] : i;

        if (id < 0xff) {
            put8(e, MADT_LAPIC);
            put8(e + 1, MADT_LAPIC_LEN);
            put8(e + 2, (u8)i);         /* ACPI processor UID */
            put8(e + 3, (u8)id);
            put32(e + 4, MADT_ENABLED);
            e += MADT_LAPIC_LEN;
        } else {
            put8(e, MADT_X2APIC);
            put8(e + 1, MADT_X2APIC_LEN);
            put16(e + 2, 0);
            put32(e + 4, id);
            put32(e + 8, MADT_ENABLED);
            put32(e + 12, i);           /* ACPI processor UID */
            e += MADT_X2APIC_LEN;
        }
    }
    if (cfg->ioapic) {
        put8(e, MADT_IOAPIC);
        put8(e + 1, MADT_IOAPIC_LEN);
        put8(e + 2, cfg->ioapic_id);
        put8(e + 3, 0);
        put32(e + 4, cfg->ioapic_addr);
        put32(e + 8, cfg->ioapic_gsi_base);
    }
    seal(t, len);
}

static void build_fadt(u64 base, u8 *t)
{
    header(t, "FACP", FADT_LEN, FADT_REVISION);
    put32(t + FADT_DSDT, (u32)(base + OFF_DSDT));
    put16(t + FADT_IAPC_BOOT_ARCH, IAPC_NO_VGA | IAPC_NO_CMOS_RTC);
    put32(t + FADT_FLAGS, FADT_F_WBINVD | FADT_F_PWR_BUTTON | FADT_F_SLP_BUTTON |
                          FADT_F_RESET_REG_SUP | FADT_F_HW_REDUCED_ACPI);
    put_gas_io(t + FADT_RESET_REG, HVM_ACPI_RESET_PORT);
    put8(t + FADT_RESET_VALUE, HVM_ACPI_RESET_VALUE);
    put8(t + FADT_MINOR_VERSION, 0);
    put64(t + FADT_X_DSDT, base + OFF_DSDT);
    put_gas_io(t + FADT_SLEEP_CONTROL, HVM_ACPI_SLEEP_CTL);
    put_gas_io(t + FADT_SLEEP_STATUS, HVM_ACPI_SLEEP_STS);
    seal(t, FADT_LEN);
}

/*
 * The DSDT's definition block, into @aml (@cap bytes); its length or a
 * negative errno:
 *
 *   Name (\_S5, Package () { 5, 0 })         the SLP_TYP values of S5
 *   Scope (\_SB) {                            with cfg->com1:
 *     Device (COM1) {
 *       Name (_HID, EisaId ("PNP0501"))       a 16550A-compatible UART
 *       Name (_UID, 1)
 *       Name (_STA, 0x0F)                     present, enabled, shown, working
 *       Name (_CRS, ResourceTemplate () {
 *         IO (Decode16, 0x3F8, 0x3F8, 1, 8)
 *         IRQNoFlags () {4}                   ISA IRQ 4 = GSI 4: edge, high
 *       })
 *     }
 *     Device (PCI0) {                         with cfg->pci:
 *       Name (_HID, EisaId ("PNP0A03"))       a PCI host bridge
 *       Name (_UID, 0)
 *       Name (_CRS, ResourceTemplate () {
 *         WordBusNumber (..., 0, 0, ...)      bus 0 only
 *         IO (Decode16, 0xCF8, 0xCF8, 1, 8)   its configuration ports
 *         DWordMemory (...)                   the window for the BARs
 *       })                                    (QWordMemory above 4 GiB)
 *     }
 *   }
 *
 * The definition block's top level is the root scope, so its names go
 * without the root prefix (the encoding the ASL compiler chooses too).
 *
 * A hardware-reduced platform has no legacy IRQs the kernel assumes: it
 * gives COM1 an interrupt only when a device in the namespace asks for
 * GSI 4 (Linux's 8250_pnp driver registers it through ACPI).  Nor does
 * Linux scan PCI on an ACPI platform without a host bridge in the
 * namespace (it then never probes the type-1 bus for a root).
 */
static int build_dsdt_aml(const struct hvm_acpi_config *cfg, u8 *aml, size_t cap)
{
    struct aml a;

    aml_init(&a, aml, cap);
    aml_name_decl(&a, "_S5");
    aml_package_begin(&a);
    aml_integer(&a, HVM_ACPI_S5_TYP);
    aml_integer(&a, 0);
    aml_end(&a);
    if (cfg->com1 || cfg->pci)
        aml_scope_begin(&a, "_SB");
    if (cfg->com1) {
        aml_device_begin(&a, "COM1");
        aml_name_decl(&a, "_HID");
        aml_eisaid(&a, "PNP0501");
        aml_name_decl(&a, "_UID");
        aml_integer(&a, 1);
        aml_name_decl(&a, "_STA");
        aml_integer(&a, 0x0f);
        aml_name_decl(&a, "_CRS");
        aml_resource_template_begin(&a);
        aml_res_io16(&a, VUART_COM1_BASE, VUART_COM1_BASE, 1, VUART_NR_PORTS);
        aml_res_irq(&a, VUART_COM1_IRQ);
        aml_end(&a);
        aml_end(&a);
    }
    if (cfg->pci) {
        aml_device_begin(&a, "PCI0");
        aml_name_decl(&a, "_HID");
        aml_eisaid(&a, "PNP0A03");
        aml_name_decl(&a, "_UID");
        aml_integer(&a, 0);
        aml_name_decl(&a, "_CRS");
        aml_resource_template_begin(&a);
        aml_res_bus_range(&a, 0, 0);
        aml_res_io16(&a, PCI_CONF1_PORT, PCI_CONF1_PORT, 1, PCI_CONF1_PORTS);
        aml_res_mem_window(&a, cfg->pci_mmio_base, cfg->pci_mmio_size);
        aml_end(&a);
        aml_end(&a);
    }
    if (cfg->com1 || cfg->pci)
        aml_end(&a);
    return aml_finish(&a);
}

int hvm_acpi_build(const struct hvm_acpi_config *cfg, void *buf, size_t len,
                   paddr_t *rsdp_gpa)
{
    u8 *b = buf;
    u8 *rsdp = b + OFF_RSDP, *xsdt = b + OFF_XSDT, *dsdt = b + OFF_DSDT;
    int aml_len;

    if (!cfg || !cfg->nr_vcpus || cfg->nr_vcpus > HVM_ACPI_MAX_VCPUS ||
        (cfg->base & 15) || cfg->base + hvm_acpi_size(cfg->nr_vcpus) > (1ull << 32) ||
        (cfg->com1 && !cfg->ioapic) ||
        (cfg->pci && (!cfg->pci_mmio_size || ((cfg->pci_mmio_base |
                      cfg->pci_mmio_size) & 0xfff) ||
                      cfg->pci_mmio_base + cfg->pci_mmio_size - 1 < cfg->pci_mmio_base)))
        return -EINVAL;
    if (len < hvm_acpi_size(cfg->nr_vcpus))
        return -ENOSPC;
    memset(buf, 0, len);

    /* RSDP, revision 2: the XSDT only (no RSDT). */
    memcpy(rsdp, "RSD PTR ", 8);
    memcpy(rsdp + 9, HVM_ACPI_OEM_ID, 6);
    put8(rsdp + 15, 2);
    put32(rsdp + 20, 36);
    put64(rsdp + 24, cfg->base + OFF_XSDT);
    rsdp[8] = checksum(rsdp, 20);
    rsdp[32] = checksum(rsdp, 36);

    header(xsdt, "XSDT", XSDT_LEN, 1);
    put64(xsdt + HDR_LEN, cfg->base + OFF_FADT);
    put64(xsdt + HDR_LEN + 8, cfg->base + OFF_MADT);
    seal(xsdt, XSDT_LEN);

    build_fadt(cfg->base, b + OFF_FADT);

    aml_len = build_dsdt_aml(cfg, dsdt + HDR_LEN, DSDT_MAX - HDR_LEN);
    if (aml_len < 0)
        return aml_len;         /* a bug: the test builds every configuration */
    header(dsdt, "DSDT", HDR_LEN + aml_len, 2);
    seal(dsdt, HDR_LEN + aml_len);

    build_madt(cfg, b + OFF_MADT);

    *rsdp_gpa = cfg->base + OFF_RSDP;
    return 0;
}

int hvm_acpi_pm_ioport(void *ctx, u16 port, unsigned int size, bool write,
                       u32 *val)
{
    struct hvm_acpi_pm *pm = ctx;
    u8 v = (u8)*val;

    if (!write) {
        *val = 0;
        return 0;
    }
    if (port == HVM_ACPI_SLEEP_CTL && (v & HVM_ACPI_SLEEP_EN) &&
        ((v >> HVM_ACPI_SLEEP_TYP_SHIFT) & 7) == HVM_ACPI_S5_TYP)
        pm->ops->power(pm->ctx, HVM_ACPI_POWER_OFF);
    else if (port == HVM_ACPI_RESET_PORT && v == HVM_ACPI_RESET_VALUE)
        pm->ops->power(pm->ctx, HVM_ACPI_RESET);
    return 0;
}
