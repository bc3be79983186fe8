/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI table images for host tests, and the fake physical memory they live
 * in (this file's acpi_map() is what the parser reads through).
 *
 *   acpi_fake_reset();
 *   struct acpi_tb t;
 *   acpi_tb_init(&t, "APIC", 4);
 *   acpi_tb_u32(&t, 0xfee00000); acpi_tb_u32(&t, 1);
 *   acpi_tb_madt_lapic(&t, 0, 0, 1);
 *   paddr_t madt = acpi_tb_place(&t);     length and checksum filled in
 *
 * Tables are laid out by the ACPI specification's byte offsets, written
 * independently of the parser's own definitions.  Placed tables go to an
 * arena at ACPI_FAKE_ARENA; acpi_fake_mem() adds any other range (the BIOS
 * area below 1 MiB, tables above 4 GiB).  Physical memory outside every
 * range cannot be mapped: acpi_map() returns NULL for it.
 */
#ifndef TESTS_HOST_ACPI_BUILDER_H
#define TESTS_HOST_ACPI_BUILDER_H

#include <mhv/types.h>

#define ACPI_FAKE_ARENA      0x7fe0000ul
#define ACPI_FAKE_ARENA_SIZE 0x40000ul
#define ACPI_TB_MAX          16384      /* largest table an acpi_tb holds */

/* Drop every fake memory range (the arena too). */
void acpi_fake_reset(void);
/* Add @len zeroed bytes of fake memory at @pa; returns their host address. */
void *acpi_fake_mem(paddr_t pa, size_t len);
/* Host address of fake physical address @pa (NULL when not backed). */
void *acpi_fake_ptr(paddr_t pa);
/* Copy @len bytes into the arena (16-byte aligned); returns the address. */
paddr_t acpi_fake_place(const void *bytes, size_t len);

/* A table being built: a 36-byte header, then whatever is appended. */
struct acpi_tb {
    u8 buf[ACPI_TB_MAX];
    u32 len;
};

void acpi_tb_init(struct acpi_tb *t, const char *sig, u8 rev);
void acpi_tb_u8(struct acpi_tb *t, u8 v);
void acpi_tb_u16(struct acpi_tb *t, u16 v);
void acpi_tb_u32(struct acpi_tb *t, u32 v);
void acpi_tb_u64(struct acpi_tb *t, u64 v);
void acpi_tb_bytes(struct acpi_tb *t, const void *p, size_t n);
/* Fill in length and checksum, place the table; returns its address. */
paddr_t acpi_tb_place(struct acpi_tb *t);
/* Recompute the checksum of the placed table at @pa (after editing it). */
void acpi_fake_fix_checksum(paddr_t pa);

/* MADT entries. */
void acpi_tb_madt_lapic(struct acpi_tb *t, u8 uid, u8 apic_id, u32 flags);
void acpi_tb_madt_ioapic(struct acpi_tb *t, u8 id, u32 addr, u32 gsi_base);
void acpi_tb_madt_iso(struct acpi_tb *t, u8 bus, u8 irq, u32 gsi, u16 flags);
void acpi_tb_madt_nmi_src(struct acpi_tb *t, u16 flags, u32 gsi);
void acpi_tb_madt_lapic_nmi(struct acpi_tb *t, u8 uid, u16 flags, u8 lint);
void acpi_tb_madt_lapic_addr(struct acpi_tb *t, u64 addr);
void acpi_tb_madt_x2apic(struct acpi_tb *t, u32 x2apic_id, u32 flags, u32 uid);
void acpi_tb_madt_x2apic_nmi(struct acpi_tb *t, u16 flags, u32 uid, u8 lint);

/* A MADT header: LAPIC address and flags (entries are appended after). */
void acpi_tb_madt_init(struct acpi_tb *t, u32 lapic_addr, u32 flags);
/* An MCFG header and one allocation. */
void acpi_tb_mcfg_init(struct acpi_tb *t);
void acpi_tb_mcfg_entry(struct acpi_tb *t, u64 base, u16 seg, u8 start_bus,
                        u8 end_bus);

/*
 * A FADT of @len bytes (116 = ACPI 1.0, 244 = 2.0+, ...) with the 32-bit
 * DSDT and PM1a control fields set, and for len >= 244 X_DSDT (@x_dsdt) and
 * X_PM1a_CNT_BLK (@x_pm1a, as a System I/O GAS, when non-zero).
 */
paddr_t acpi_build_fadt(u32 len, u8 rev, u32 dsdt, u32 pm1a_cnt,
                        u64 x_dsdt, u64 x_pm1a);
/* A DSDT whose AML body is @aml. */
paddr_t acpi_build_dsdt(const void *aml, size_t len);
/* An XSDT (@xsdt) or RSDT listing @n tables. */
paddr_t acpi_build_root(bool xsdt, const paddr_t *tables, unsigned int n);
/*
 * An RSDP image in @out (36 bytes): revision @rev (0: 20-byte ACPI 1.0
 * form; 2: full form with XSDT), both checksums right.  Returns its length.
 */
size_t acpi_build_rsdp(u8 *out, u8 rev, u32 rsdt, u64 xsdt);

/*
 * DMAR (VT-d): the header (host address width in bits, flags), then
 * remapping structures.  acpi_tb_dmar_drhd()/_rmrr() start one and return
 * its offset; acpi_tb_dmar_scope() appends a device scope of @hops
 * (device, function) pairs at @path to the structure at offset @st and
 * grows its length.
 */
void acpi_tb_dmar_init(struct acpi_tb *t, u8 haw, u8 flags);
u32 acpi_tb_dmar_drhd(struct acpi_tb *t, u8 flags, u16 seg, u64 base);
u32 acpi_tb_dmar_rmrr(struct acpi_tb *t, u16 seg, u64 base, u64 limit);
void acpi_tb_dmar_scope(struct acpi_tb *t, u32 st, u8 type, u8 enum_id,
                        u8 start_bus, unsigned int hops, const u8 *path);

#endif
