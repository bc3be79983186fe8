/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI parsing: RSDP (Multiboot2 copies of both forms, BIOS-area scan),
 * XSDT and RSDT walks, MADT, MCFG, FADT + DSDT \_S5, HPET; and corrupt
 * firmware: every bad table yields its warning and is ignored, never a
 * crash (the test runs under ASan/UBSan).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <stdio.h>

#include <mhv/acpi.h>
#include <mhv/errno.h>
#include "harness.h"
#include "acpi_builder.h"

#define QEMU_LAPIC  0xfee00000u
#define QEMU_IOAPIC 0xfec00000u
#define QEMU_ECAM   0xb0000000ul

static struct acpi_tb tb;       /* 16 KiB: not on the stack */
static u8 rsdp[36];

static int setup(void **state)
{
    acpi_fake_reset();
    host_log_clear();
    return 0;
}

static int teardown(void **state)
{
    acpi_fake_reset();
    return 0;
}

#define assert_log(s)                                                       \
    do {                                                                    \
        if (!host_log_contains(s))                                          \
            fail_msg("log lacks \"%s\"", s);                                \
    } while (0)
#define assert_no_log(s)                                                    \
    do {                                                                    \
        if (host_log_contains(s))                                           \
            fail_msg("log has \"%s\"", s);                                  \
    } while (0)

/* QEMU q35's \_S5: Name (\_S5, Package (0x04) { 0x05, One, Zero, Zero }) */
static const u8 aml_s5[] = {
    0x10, 0x08, '\\', '_', 'S', 'B', '_', 0xa3,    /* Scope noise */
    0x08, '\\', '_', 'S', '5', '_', 0x12, 0x07, 0x04, 0x0a, 0x05, 0x01,
    0x00, 0x00,
};

/* A QEMU-like MADT: 2 CPUs, 1 IOAPIC, 5 ISOs, LAPIC NMI for all. */
static paddr_t build_qemu_madt(void)
{
    acpi_tb_madt_init(&tb, QEMU_LAPIC, 1);
    acpi_tb_madt_lapic(&tb, 0, 0, 1);
    acpi_tb_madt_lapic(&tb, 1, 1, 1);
    acpi_tb_madt_ioapic(&tb, 0, QEMU_IOAPIC, 0);
    acpi_tb_madt_iso(&tb, 0, 0, 2, 0);
    acpi_tb_madt_iso(&tb, 0, 5, 5, 0xd);
    acpi_tb_madt_iso(&tb, 0, 9, 9, 0xd);
    acpi_tb_madt_iso(&tb, 0, 10, 10, 0xd);
    acpi_tb_madt_iso(&tb, 0, 11, 11, 0xd);
    acpi_tb_madt_lapic_nmi(&tb, 0xff, 0, 1);
    return acpi_tb_place(&tb);
}

static paddr_t build_mcfg1(void)
{
    acpi_tb_mcfg_init(&tb);
    acpi_tb_mcfg_entry(&tb, QEMU_ECAM, 0, 0, 0xff);
    return acpi_tb_place(&tb);
}

/* RSDP v1 -> RSDT -> {FADT -> DSDT, MADT, MCFG}: the SeaBIOS shape. */
static void build_qemu_v1(void)
{
    paddr_t dsdt = acpi_build_dsdt(aml_s5, sizeof(aml_s5));
    paddr_t t[3];

    t[0] = acpi_build_fadt(116, 1, (u32)dsdt, 0x604, 0, 0);
    t[1] = build_qemu_madt();
    t[2] = build_mcfg1();
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 3), 0);
}

static void check_qemu_madt(void)
{
    const struct acpi_info *ai = &acpi_info;
    u16 flags;

    assert_true(ai->have_madt);
    assert_int_equal(ai->lapic_addr, QEMU_LAPIC);
    assert_true(ai->pcat_compat);
    assert_int_equal(ai->nr_lapics, 2);
    assert_int_equal(ai->lapics[1].apic_id, 1);
    assert_int_equal(ai->lapics[1].uid, 1);
    assert_true(ai->lapics[1].enabled);
    assert_false(ai->lapics[1].x2apic);
    assert_int_equal(ai->nr_ioapics, 1);
    assert_int_equal(ai->ioapics[0].addr, QEMU_IOAPIC);
    assert_int_equal(ai->ioapics[0].gsi_base, 0);
    assert_int_equal(ai->nr_isos, 5);
    assert_int_equal(acpi_isa_irq_to_gsi(0, &flags), 2);
    assert_int_equal(flags, 0);
    assert_int_equal(acpi_isa_irq_to_gsi(9, &flags), 9);
    assert_true(acpi_inti_is_level(flags));
    assert_false(acpi_inti_is_active_low(flags));
    assert_int_equal(acpi_isa_irq_to_gsi(4, &flags), 4);
    assert_int_equal(flags, 0);
    assert_int_equal(ai->nr_lapic_nmis, 1);
    assert_int_equal(ai->lapic_nmis[0].uid, ACPI_NMI_UID_ALL);
    assert_int_equal(ai->lapic_nmis[0].lint, 1);
}

/* ------------------------------------------------------------ good paths */

static void test_rsdp_v1_rsdt(void **state)
{
    const struct acpi_info *ai = &acpi_info;

    build_qemu_v1();
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_true(ai->found);
    assert_false(ai->use_xsdt);
    assert_int_equal(ai->revision, 0);
    assert_string_equal(ai->oem, "MHVTST");
    check_qemu_madt();

    assert_true(ai->have_mcfg);
    assert_int_equal(ai->nr_mcfg, 1);
    assert_int_equal(ai->mcfg[0].base, QEMU_ECAM);
    assert_int_equal(ai->mcfg[0].end_bus, 0xff);
    assert_ptr_equal(acpi_mcfg_find(0, 1), &ai->mcfg[0]);
    assert_null(acpi_mcfg_find(1, 0));

    assert_true(ai->have_fadt);
    assert_int_equal(ai->pm1a_cnt, 0x604);
    assert_int_equal(ai->pm1b_cnt, 0);
    assert_int_equal(ai->pm_tmr, 0x608);
    assert_true(ai->pm_tmr_32bit);
    assert_int_equal(ai->sci_irq, 9);
    assert_int_equal(ai->iapc_boot_arch, 0);   /* ACPI 1.0 FADT */
    assert_true(ai->s5_found);
    assert_int_equal(ai->s5_typ_a, 5);
    assert_int_equal(ai->s5_typ_b, 1);
    assert_int_equal(ACPI_PM1_CNT_SLEEP(ai->s5_typ_a), 0x3400);

    assert_log("ACPI: RSDP (Multiboot2 copy) rev 0 OEM MHVTST");
    assert_log("ACPI: RSDT 0x");
    assert_log(": 3 table(s)");
    assert_log("ACPI: MADT 0x");
    assert_log(": 2 LAPIC (2 enabled, 0 x2APIC), 1 IOAPIC, 5 ISO, 1 NMI, "
               "LAPIC at 0xfee00000, 8259");
    assert_log("ACPI: MCFG 0x");
    assert_log("1 ECAM range(s) 0000:00-ff at 0xb0000000");
    assert_log("PM1a_CNT 0x604");
    assert_log("\\_S5 SLP_TYP 5/1");
    assert_no_log("WARN");

    assert_non_null(acpi_table_find("APIC", 0));
    assert_non_null(acpi_table_find("DSDT", 0));
    assert_null(acpi_table_find("APIC", 1));
    assert_null(acpi_table_find("SSDT", 0));
}

/* XSDT above 4 GiB, x2APIC entries, LAPIC override, several segments. */
static void test_rsdp_v2_xsdt(void **state)
{
    const struct acpi_info *ai = &acpi_info;
    paddr_t high = 0x100000000ul, dsdt, t[5], decoy[1];
    u8 *hi = acpi_fake_mem(high, 0x1000);

    dsdt = acpi_build_dsdt(aml_s5, sizeof(aml_s5));
    t[0] = acpi_build_fadt(244, 4, 0, 0x1004, dsdt, 0x604);

    acpi_tb_madt_init(&tb, QEMU_LAPIC, 0);
    acpi_tb_madt_lapic(&tb, 0, 0, 1);
    acpi_tb_madt_lapic(&tb, 1, 0xff, 0);                /* absent CPU */
    acpi_tb_madt_lapic(&tb, 2, 0xff, 0);                /* absent CPU */
    acpi_tb_madt_x2apic(&tb, 0x100, 1, 300);
    acpi_tb_madt_x2apic(&tb, 0x101, 2, 301);            /* online capable */
    acpi_tb_madt_ioapic(&tb, 0, QEMU_IOAPIC, 0);
    acpi_tb_madt_ioapic(&tb, 1, 0xfec01000u, 24);
    acpi_tb_madt_iso(&tb, 0, 0, 2, 0);
    acpi_tb_madt_nmi_src(&tb, 0xf, 23);
    acpi_tb_madt_x2apic_nmi(&tb, 0x5, 300, 1);
    acpi_tb_madt_lapic_addr(&tb, 0x1fee00000ul);
    t[1] = acpi_tb_place(&tb);

    acpi_tb_mcfg_init(&tb);
    acpi_tb_mcfg_entry(&tb, QEMU_ECAM, 0, 0, 0x7f);
    acpi_tb_mcfg_entry(&tb, 0xc0000000ul, 1, 0x40, 0x4f);
    acpi_tb_mcfg_entry(&tb, 0x4000000000ul, 2, 0, 0xff);
    t[2] = acpi_tb_place(&tb);

    acpi_tb_init(&tb, "HPET", 1);
    acpi_tb_u32(&tb, 0x8086a201);
    acpi_tb_u8(&tb, 0); acpi_tb_u8(&tb, 64); acpi_tb_u8(&tb, 0);
    acpi_tb_u8(&tb, 0); acpi_tb_u64(&tb, 0xfed00000);
    acpi_tb_u8(&tb, 0); acpi_tb_u16(&tb, 0x80); acpi_tb_u8(&tb, 0);
    t[3] = acpi_tb_place(&tb);

    acpi_tb_init(&tb, "SSDT", 1);
    t[4] = acpi_tb_place(&tb);

    /* The XSDT lives above 4 GiB; the RSDT is a decoy with no tables. */
    {
        paddr_t x = acpi_build_root(true, t, 5);
        u32 len;

        memcpy(&len, acpi_fake_ptr(x) + 4, 4);
        memcpy(hi, acpi_fake_ptr(x), len);
    }
    decoy[0] = 0;
    acpi_build_rsdp(rsdp, 2, (u32)acpi_build_root(false, decoy, 0), high);

    assert_int_equal(acpi_init(rsdp, sizeof(rsdp)), 0);
    assert_true(ai->use_xsdt);
    assert_int_equal(ai->revision, 2);

    assert_int_equal(ai->lapic_addr, 0x1fee00000ul);
    assert_false(ai->pcat_compat);
    assert_int_equal(ai->nr_lapics, 5);
    assert_false(ai->lapics[1].enabled);
    assert_false(ai->lapics[2].enabled);
    assert_true(ai->lapics[3].x2apic);
    assert_int_equal(ai->lapics[3].apic_id, 0x100);
    assert_int_equal(ai->lapics[3].uid, 300);
    assert_true(ai->lapics[3].enabled);
    assert_false(ai->lapics[4].enabled);
    assert_true(ai->lapics[4].online_capable);
    assert_int_equal(ai->nr_ioapics, 2);
    assert_int_equal(ai->ioapics[1].id, 1);
    assert_int_equal(ai->ioapics[1].gsi_base, 24);
    assert_int_equal(ai->nr_nmi_srcs, 1);
    assert_int_equal(ai->nmi_srcs[0].gsi, 23);
    assert_int_equal(ai->nmi_srcs[0].flags, 0xf);
    assert_int_equal(ai->nr_lapic_nmis, 1);
    assert_int_equal(ai->lapic_nmis[0].uid, 300);
    assert_int_equal(ai->lapic_nmis[0].flags, 5);

    assert_int_equal(ai->nr_mcfg, 3);
    assert_int_equal(acpi_mcfg_find(1, 0x45)->base, 0xc0000000ul);
    assert_null(acpi_mcfg_find(1, 0x3f));
    assert_null(acpi_mcfg_find(0, 0x80));
    assert_int_equal(acpi_mcfg_find(2, 0xff)->base, 0x4000000000ul);

    /* X_PM1a_CNT_BLK (0x604) wins over the 32-bit field (0x1004). */
    assert_int_equal(ai->pm1a_cnt, 0x604);
    assert_log("PM1a control block 0x1004 and its 64-bit form 0x604 differ");
    assert_int_equal(ai->dsdt, dsdt);
    assert_int_equal(ai->iapc_boot_arch, ACPI_IAPC_LEGACY_DEVICES |
                                         ACPI_IAPC_8042);
    assert_int_equal(ai->s5_typ_a, 5);
    assert_int_equal(ai->hpet_addr, 0xfed00000);

    assert_log("ACPI: XSDT 0x100000000");
    assert_log(": 5 table(s)");
    assert_log("5 LAPIC (2 enabled, 2 x2APIC), 2 IOAPIC, 1 ISO, 2 NMI, "
               "LAPIC at 0x1fee00000");
    assert_log("3 ECAM range(s) 0000:00-7f at 0xb0000000, 0001:40-4f at "
               "0xc0000000, 0002:00-ff at 0x4000000000");
    assert_log("HPET at 0xfed00000");
    assert_log("ACPI: SSDT 0x");
    assert_non_null(acpi_table_find("SSDT", 0));
}

/* GRUB's "ACPI old" tag carries only the 20-byte part of a v2 RSDP. */
static void test_rsdp_v2_old_tag(void **state)
{
    build_qemu_v1();
    rsdp[15] = 2;
    rsdp[8] -= 2;           /* keep the 20-byte checksum right */
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_false(acpi_info.use_xsdt);
    assert_log("only its ACPI 1.0 part is available, using the RSDT");
    check_qemu_madt();
}

/* No copy from the boot loader: the RSDP is found in the BIOS area. */
static void test_rsdp_scan_bios(void **state)
{
    u8 *low = acpi_fake_mem(0, 0x100000);

    build_qemu_v1();
    /* A decoy with a bad checksum first, then the real one. */
    memcpy(low + 0xe0010, rsdp, 20);
    low[0xe0010 + 8] ^= 0x55;
    memcpy(low + 0xf5a10, rsdp, 20);
    assert_int_equal(acpi_init(NULL, 0), 0);
    assert_log("ACPI: RSDP 0x000f5a10 rev 0");
    check_qemu_madt();
}

static void test_rsdp_scan_ebda(void **state)
{
    u8 *low = acpi_fake_mem(0, 0x100000);

    build_qemu_v1();
    low[0x40e] = 0xc0;      /* EBDA segment 0x9fc0 */
    low[0x40f] = 0x9f;
    memcpy(low + 0x9fc00 + 0x40, rsdp, 20);
    assert_int_equal(acpi_init(NULL, 0), 0);
    assert_log("ACPI: RSDP 0x0009fc40 rev 0");
    assert_int_equal(acpi_info.nr_lapics, 2);
}

/* ------------------------------------------------------------ corrupt */

static void test_rsdp_bad_checksum(void **state)
{
    build_qemu_v1();
    rsdp[8] ^= 1;
    assert_int_equal(acpi_init(rsdp, 20), -ENODEV);
    assert_log("ACPI: RSDP (Multiboot2 copy) has a bad checksum, ignored");
    assert_log("ACPI: cannot map 0xe0000-0xfffff to look for the RSDP");
    assert_log("ACPI: no RSDP found");
    assert_false(acpi_info.found);
    assert_false(acpi_info.have_madt);
}

/* A bad copy is not the end: the BIOS area still has the real one. */
static void test_rsdp_bad_copy_then_scan(void **state)
{
    u8 *low = acpi_fake_mem(0, 0x100000);
    u8 bad[36];

    build_qemu_v1();
    memcpy(low + 0xe4000, rsdp, 20);
    memcpy(bad, rsdp, 20);
    memcpy(bad, "RSD PTX ", 8);
    assert_int_equal(acpi_init(bad, 20), 0);
    assert_log("has a bad signature, ignored");
    assert_log("ACPI: RSDP 0x000e4000");
    check_qemu_madt();

    assert_int_equal(acpi_init(rsdp, 12), 0);
    assert_log("ACPI: RSDP (Multiboot2 copy) is truncated (12 bytes)");
}

static void test_rsdp_bad_ext_checksum(void **state)
{
    paddr_t t[3];
    paddr_t dsdt = acpi_build_dsdt(aml_s5, sizeof(aml_s5));

    t[0] = acpi_build_fadt(116, 1, (u32)dsdt, 0x604, 0, 0);
    t[1] = build_qemu_madt();
    t[2] = build_mcfg1();
    acpi_build_rsdp(rsdp, 2, (u32)acpi_build_root(false, t, 3),
                    acpi_build_root(true, t, 3));
    rsdp[32] ^= 0x10;
    assert_int_equal(acpi_init(rsdp, 36), 0);
    assert_log("has a bad extended checksum, using the RSDT");
    assert_false(acpi_info.use_xsdt);
    check_qemu_madt();
}

static void test_xsdt_bad_falls_back_to_rsdt(void **state)
{
    paddr_t t[1], x;

    t[0] = build_qemu_madt();
    x = acpi_build_root(true, t, 1);
    ((u8 *)acpi_fake_ptr(x))[40] ^= 0xff;        /* corrupt, bad checksum */
    acpi_build_rsdp(rsdp, 2, (u32)acpi_build_root(false, t, 1), x);
    assert_int_equal(acpi_init(rsdp, 36), 0);
    assert_log("ACPI: XSDT at 0x");
    assert_log("has a bad checksum");
    assert_log("ACPI: XSDT unusable, falling back to the RSDT");
    assert_false(acpi_info.use_xsdt);
    check_qemu_madt();

    /* Neither root usable. */
    acpi_fake_reset();
    host_log_clear();
    acpi_build_rsdp(rsdp, 2, 0x1000, 0x2000);
    assert_int_equal(acpi_init(rsdp, 36), -EINVAL);
    assert_log("ACPI: cannot map table header at 0x00002000");
    assert_log("ACPI: no usable root table");
    assert_false(acpi_info.found);

    /* Root pointing at something else. */
    acpi_fake_reset();
    host_log_clear();
    acpi_build_rsdp(rsdp, 0, (u32)build_qemu_madt(), 0);
    assert_int_equal(acpi_init(rsdp, 20), -EINVAL);
    assert_log("ACPI: expected RSDT at 0x");
    assert_log("found \"APIC\", ignored");
}

static void test_table_bad_checksum(void **state)
{
    paddr_t t[2];

    t[0] = build_qemu_madt();
    t[1] = build_mcfg1();
    ((u8 *)acpi_fake_ptr(t[0]))[50] ^= 1;
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 2), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("ACPI: MADT at 0x");
    assert_log("has a bad checksum (sum 0x");
    assert_log("ACPI: no usable MADT");
    assert_false(acpi_info.have_madt);
    assert_int_equal(acpi_info.nr_lapics, 0);
    assert_null(acpi_table_find("APIC", 0));
    /* The other tables are still parsed. */
    assert_true(acpi_info.have_mcfg);
    assert_int_equal(acpi_info.nr_mcfg, 1);
}

static void test_table_truncated(void **state)
{
    paddr_t t[3];
    u8 *p;

    /* A MADT too short for its fixed part (checksum right). */
    acpi_tb_init(&tb, "APIC", 1);
    acpi_tb_u32(&tb, QEMU_LAPIC);
    t[0] = acpi_tb_place(&tb);
    /* A MCFG shorter than its header. */
    t[1] = build_mcfg1();
    p = acpi_fake_ptr(t[1]);
    p[4] = 20;
    acpi_fake_fix_checksum(t[1]);
    /* A table whose length runs past the end of (fake) RAM. */
    t[2] = build_qemu_madt();
    p = acpi_fake_ptr(t[2]);
    p[6] = 0x08;                                /* len 0x08xxxx */
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 3), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("is truncated (len 0x28 < 0x2c), ignored");
    assert_log("ACPI: MCFG at 0x");
    assert_log("is truncated (len 0x14, shorter than its header), ignored");
    assert_log("runs past mappable memory), ignored");
    assert_false(acpi_info.have_madt);
    assert_false(acpi_info.have_mcfg);

    /* An implausible length. */
    host_log_clear();
    p[7] = 0x40;
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, &t[2], 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("has an implausible length 0x40");
}

static void test_madt_zero_length_entry(void **state)
{
    paddr_t t[1];

    acpi_tb_madt_init(&tb, QEMU_LAPIC, 1);
    acpi_tb_madt_lapic(&tb, 0, 0, 1);
    acpi_tb_u8(&tb, 1);                 /* type IOAPIC, length 0 */
    acpi_tb_u8(&tb, 0);
    acpi_tb_madt_ioapic(&tb, 0, QEMU_IOAPIC, 0);
    t[0] = acpi_tb_place(&tb);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("ACPI: MADT: entry at offset 0x34 (type 1) has length 0, "
               "rest of table ignored");
    assert_true(acpi_info.have_madt);
    assert_int_equal(acpi_info.nr_lapics, 1);
    assert_int_equal(acpi_info.nr_ioapics, 0);
}

static void test_madt_entry_past_end(void **state)
{
    paddr_t t[1];

    acpi_tb_madt_init(&tb, QEMU_LAPIC, 1);
    acpi_tb_madt_lapic(&tb, 0, 0, 1);
    acpi_tb_madt_lapic(&tb, 1, 1, 1);
    tb.len -= 8;
    acpi_tb_madt_ioapic(&tb, 0, QEMU_IOAPIC, 0);
    tb.len -= 4;                        /* IOAPIC entry cut to 8 bytes */
    t[0] = acpi_tb_place(&tb);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("ACPI: MADT: entry at offset 0x34 (type 1, len 12) runs past "
               "the end of the table (len 0x3c), rest of table ignored");
    assert_int_equal(acpi_info.nr_lapics, 1);
    assert_int_equal(acpi_info.nr_ioapics, 0);

    /* One trailing byte after the last entry. */
    host_log_clear();
    acpi_tb_madt_init(&tb, QEMU_LAPIC, 1);
    acpi_tb_madt_lapic(&tb, 0, 0, 1);
    acpi_tb_u8(&tb, 0);
    t[0] = acpi_tb_place(&tb);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("ACPI: MADT: 1 trailing byte(s) at offset 0x34 ignored");
    assert_int_equal(acpi_info.nr_lapics, 1);
}

static void test_madt_bad_entries(void **state)
{
    paddr_t t[1];

    acpi_tb_madt_init(&tb, QEMU_LAPIC, 1);
    acpi_tb_madt_lapic(&tb, 0, 0, 1);
    acpi_tb_madt_lapic(&tb, 1, 0, 1);           /* duplicate APIC ID */
    acpi_tb_madt_lapic(&tb, 2, 0xff, 1);        /* broadcast ID, enabled */
    acpi_tb_madt_x2apic(&tb, 0xffffffffu, 1, 3);
    acpi_tb_u8(&tb, 0);                         /* LAPIC entry of 6 bytes */
    acpi_tb_u8(&tb, 6);
    acpi_tb_u32(&tb, 0x01010101);
    acpi_tb_madt_ioapic(&tb, 0, 0, 0);          /* address 0 */
    acpi_tb_madt_iso(&tb, 1, 0, 2, 0);          /* not ISA */
    acpi_tb_madt_iso(&tb, 0, 16, 16, 0);        /* not an ISA IRQ */
    acpi_tb_madt_iso(&tb, 0, 0, 2, 0);
    acpi_tb_madt_iso(&tb, 0, 0, 3, 0);          /* second override */
    acpi_tb_madt_lapic_nmi(&tb, 0xff, 0, 2);    /* LINT2 */
    acpi_tb_u8(&tb, 0x7f);                      /* unknown type: skipped */
    acpi_tb_u8(&tb, 4);
    acpi_tb_u16(&tb, 0);
    acpi_tb_madt_lapic(&tb, 5, 5, 1);
    t[0] = acpi_tb_place(&tb);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("ACPI: MADT: duplicate APIC ID 0x0 (UID 1), ignored");
    assert_log("ACPI: MADT: LAPIC entry (UID 2) has the broadcast ID 0xff");
    assert_log("ACPI: MADT: x2APIC entry (UID 3) has the broadcast ID "
               "0xffffffff");
    assert_log("(type 0) is too short (len 6 < 8), skipped");
    assert_log("ACPI: MADT: IOAPIC 0 has address 0, ignored");
    assert_log("override of bus 1 IRQ 0 is not an ISA IRQ");
    assert_log("override of bus 0 IRQ 16 is not an ISA IRQ");
    assert_log("ACPI: MADT: second override of IRQ 0 ignored");
    assert_log("ACPI: MADT: LAPIC NMI on LINT2, ignored");
    assert_int_equal(acpi_info.nr_lapics, 2);
    assert_int_equal(acpi_info.lapics[1].apic_id, 5);
    assert_int_equal(acpi_info.nr_ioapics, 0);
    assert_int_equal(acpi_info.nr_isos, 1);
    assert_int_equal(acpi_isa_irq_to_gsi(0, NULL), 2);
    assert_int_equal(acpi_info.nr_lapic_nmis, 0);
}

static void test_madt_too_many(void **state)
{
    paddr_t t[1];
    unsigned int i;

    acpi_tb_madt_init(&tb, QEMU_LAPIC, 1);
    for (i = 0; i < 300; i++)
        acpi_tb_madt_x2apic(&tb, i, 1, i);
    for (i = 0; i < 20; i++)
        acpi_tb_madt_ioapic(&tb, (u8)i, QEMU_IOAPIC + i * 0x1000, i * 24);
    for (i = 0; i < 300; i++)
        acpi_tb_madt_x2apic_nmi(&tb, 0, i, 1);
    for (i = 0; i < 20; i++)
        acpi_tb_madt_nmi_src(&tb, 0, i);
    t[0] = acpi_tb_place(&tb);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("ACPI: MADT lists 300 LAPIC/x2APIC entries, more than the "
               "limit of 256: 44 ignored");
    assert_log("ACPI: MADT lists 20 IOAPIC entries, more than the limit of "
               "16: 4 ignored");
    assert_log("ACPI: MADT lists 300 LAPIC NMI entries");
    assert_log("ACPI: MADT lists 20 NMI source entries");
    assert_int_equal(acpi_info.nr_lapics, ACPI_MAX_LAPICS);
    assert_int_equal(acpi_info.lapics[255].apic_id, 255);
    assert_int_equal(acpi_info.nr_ioapics, ACPI_MAX_IOAPICS);
    assert_int_equal(acpi_info.nr_lapic_nmis, ACPI_MAX_LAPIC_NMIS);
    assert_int_equal(acpi_info.nr_nmi_srcs, ACPI_MAX_NMI_SRCS);
}

static void test_mcfg_bad_entries(void **state)
{
    paddr_t t[1];
    unsigned int i;

    acpi_tb_mcfg_init(&tb);
    acpi_tb_mcfg_entry(&tb, QEMU_ECAM, 0, 0, 0x7f);
    acpi_tb_mcfg_entry(&tb, QEMU_ECAM, 0, 0x40, 0xff);  /* overlaps */
    acpi_tb_mcfg_entry(&tb, 0xc0000000, 1, 5, 4);       /* empty */
    acpi_tb_mcfg_entry(&tb, 0xc0080000, 1, 0, 4);       /* unaligned */
    acpi_tb_mcfg_entry(&tb, 0, 2, 0, 4);                /* null */
    acpi_tb_mcfg_entry(&tb, 0xfffffffffff00000ul, 3, 0, 4);  /* wraps */
    acpi_tb_mcfg_entry(&tb, QEMU_ECAM, 0, 0x80, 0xff);  /* fine */
    acpi_tb_u32(&tb, 0);                                /* trailing */
    t[0] = acpi_tb_place(&tb);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("ACPI: MCFG: 4 trailing byte(s) after 7 entries ignored");
    assert_log("entry 1: segment 0000 bus 40-ff overlaps an earlier entry");
    assert_log("entry 2: segment 0001 bus range 05-04 is empty");
    assert_log("entry 3: segment 0001 has a bad ECAM base 0xc0080000");
    assert_log("entry 4: segment 0002 has a bad ECAM base 0x0");
    assert_log("entry 5: segment 0003 has a bad ECAM base");
    assert_int_equal(acpi_info.nr_mcfg, 2);
    assert_int_equal(acpi_mcfg_find(0, 0x90)->start_bus, 0x80);

    host_log_clear();
    acpi_tb_mcfg_init(&tb);
    for (i = 0; i < 20; i++)
        acpi_tb_mcfg_entry(&tb, QEMU_ECAM, (u16)i, 0, 0xff);
    t[0] = acpi_tb_place(&tb);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("ACPI: MCFG lists 20 segment entries, more than the limit of "
               "16: 4 ignored");
    assert_log("16 ECAM range(s) 0000:00-ff at 0xb0000000, 0001:00-ff");
    assert_log("0xb0000000 ...\n");
    assert_int_equal(acpi_info.nr_mcfg, ACPI_MAX_MCFG);
}

static void test_root_entries(void **state)
{
    paddr_t t[ACPI_MAX_TABLES + 8];
    unsigned int i;

    /* Null entry, unmapped entry, a second MADT. */
    t[0] = 0;
    t[1] = 0x12345000;
    t[2] = build_qemu_madt();
    t[3] = build_qemu_madt();
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 4), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("ACPI: RSDT entry 0 is null, skipped");
    assert_log("ACPI: cannot map table header at 0x12345000, ignored");
    assert_log("ACPI: second MADT at 0x");
    check_qemu_madt();

    /* More tables than the list holds. */
    host_log_clear();
    acpi_tb_init(&tb, "SSDT", 1);
    t[0] = acpi_tb_place(&tb);
    for (i = 1; i < ACPI_MAX_TABLES + 8; i++)
        t[i] = t[0];
    acpi_build_rsdp(rsdp, 0,
                    (u32)acpi_build_root(false, t, ACPI_MAX_TABLES + 8), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("ACPI: table list full (64 tables), 9 RSDT entries ignored");
    assert_non_null(acpi_table_find("SSDT", ACPI_MAX_TABLES - 2));
    assert_null(acpi_table_find("SSDT", ACPI_MAX_TABLES));
}

static void test_fadt_variants(void **state)
{
    static const u8 aml_no_s5[] = { 0x10, 0x05, '_', 'S', '5', '_', 0x00 };
    static const u8 aml_s5_cut[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06 };
    static const u8 aml_s5_1elt[] = {
        0x08, '_', 'S', '5', '_', 0x12, 0x03, 0x01, 0x0c, 7, 0, 0, 0,
    };
    paddr_t t[1], dsdt;

    /* No \_S5 (a "_S5_" not introduced by NameOp does not count). */
    dsdt = acpi_build_dsdt(aml_no_s5, sizeof(aml_no_s5));
    t[0] = acpi_build_fadt(244, 3, (u32)dsdt, 0x604, 0, 0);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_int_equal(acpi_info.pm1a_cnt, 0x604);
    assert_false(acpi_info.s5_found);
    assert_int_equal(acpi_info.s5_typ_a, 0);
    assert_log("no \\_S5 package, SLP_TYP defaults to 0");

    /* A package cut off by the end of the table. */
    host_log_clear();
    dsdt = acpi_build_dsdt(aml_s5_cut, sizeof(aml_s5_cut));
    t[0] = acpi_build_fadt(116, 1, (u32)dsdt, 0x604, 0, 0);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_false(acpi_info.s5_found);

    /* One DWordConst element. */
    host_log_clear();
    dsdt = acpi_build_dsdt(aml_s5_1elt, sizeof(aml_s5_1elt));
    t[0] = acpi_build_fadt(116, 1, (u32)dsdt, 0x604, 0, 0);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_true(acpi_info.s5_found);
    assert_int_equal(acpi_info.s5_typ_a, 7);
    assert_int_equal(acpi_info.s5_typ_b, 0);

    /* A DSDT with a bad checksum. */
    host_log_clear();
    ((u8 *)acpi_fake_ptr(dsdt))[40] ^= 1;
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_true(acpi_info.have_fadt);
    assert_false(acpi_info.s5_found);
    assert_log("ACPI: DSDT at 0x");
    assert_log("no usable DSDT, \\_S5 SLP_TYP defaults to 0");

    /* No DSDT at all, and a PM1a port out of range. */
    host_log_clear();
    t[0] = acpi_build_fadt(116, 1, 0, 0x12345, 0, 0);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("ACPI: FADT names no DSDT");
    assert_log("PM1a control port 0x12345 is out of range, ignored");
    assert_int_equal(acpi_info.pm1a_cnt, 0);

    /* X_PM1a_CNT_BLK in memory space: the 32-bit port is used. */
    host_log_clear();
    t[0] = acpi_build_fadt(244, 3, 0, 0x604, 0, 0xfe000000);
    ((u8 *)acpi_fake_ptr(t[0]))[172] = 0;
    acpi_fake_fix_checksum(t[0]);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("PM1a control block is not an I/O port (space 0, 0xfe000000)"
               ", using the 32-bit field");
    assert_int_equal(acpi_info.pm1a_cnt, 0x604);

    /* A FADT shorter than ACPI 1.0's. */
    host_log_clear();
    t[0] = acpi_build_fadt(100, 1, 0, 0x604, 0, 0);
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_log("ACPI: FADT at 0x");
    assert_log("is truncated (len 0x64 < 0x74), ignored");
    assert_false(acpi_info.have_fadt);
}

/* Random MADT bodies with a right checksum: never a crash (ASan/UBSan). */
static void test_madt_random(void **state)
{
    u64 seed = 0x2545f4914f6cdd1dull;
    paddr_t t[1], root;
    unsigned int iter, i, n;

    for (iter = 0; iter < 2000; iter++) {
        acpi_fake_reset();
        host_log_clear();
        acpi_tb_madt_init(&tb, QEMU_LAPIC, 1);
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        n = (unsigned int)(seed >> 33) % 200;
        for (i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            /* Bias towards plausible types and lengths. */
            if (i % 2 == 0)
                acpi_tb_u8(&tb, (u8)((seed >> 40) % 12));
            else
                acpi_tb_u8(&tb, (u8)(seed >> 40) % 20);
        }
        t[0] = acpi_tb_place(&tb);
        root = acpi_build_root(iter & 1, t, 1);
        acpi_build_rsdp(rsdp, (iter & 1) ? 2 : 0, (u32)root, root);
        assert_int_equal(acpi_init(rsdp, sizeof(rsdp)), 0);
        assert_true(acpi_info.nr_lapics <= ACPI_MAX_LAPICS);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rsdp_v1_rsdt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_v2_xsdt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_v2_old_tag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_scan_bios, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_scan_ebda, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_bad_checksum, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_bad_copy_then_scan, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_bad_ext_checksum, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_xsdt_bad_falls_back_to_rsdt,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_table_bad_checksum, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_table_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_madt_zero_length_entry, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_madt_entry_past_end, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_madt_bad_entries, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_madt_too_many, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mcfg_bad_entries, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_root_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fadt_variants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_madt_random, setup, teardown),
    };

    return cmocka_run_group_tests_name("acpi", tests, NULL, NULL);
}
