/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI DMAR parsing (drivers/passthrough/vtd/dmar.c) on table images: the
 * DRHDs with endpoint, bridge and IOAPIC scopes, INCLUDE_PCI_ALL, RMRRs,
 * the flags; which unit covers a function (PFs and VFs behind a root
 * port, a bridge itself, multi-hop paths, other segments); and corrupt
 * tables, each refused with its warning (under ASan/UBSan).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/acpi.h>
#include <mhv/errno.h>
#include <mhv/pci/regs.h>
#include "harness.h"
#include "acpi_builder.h"
#include "../../drivers/passthrough/vtd/dmar.h"
#include <mhv/sbdf.h>

static struct acpi_tb tb;

/* Bridges of the fake topology: 00:04.0 -> bus 1, 01:00.0 -> bus 2..3. */
static struct { u32 sbdf; u8 sec, sub; } bridges[4];
static unsigned int nr_bridges;

static u8 conf_read8(pci_sbdf_t sbdf, unsigned int reg)
{
    for (unsigned int i = 0; i < nr_bridges; i++)
        if (bridges[i].sbdf == sbdf.sbdf) {
            if (reg == PCI_SECONDARY_BUS)
                return bridges[i].sec;
            if (reg == PCI_SUBORDINATE_BUS)
                return bridges[i].sub;
        }
    return 0xff;        /* nothing there */
}

static void add_bridge(pci_sbdf_t sbdf, u8 sec, u8 sub)
{
    bridges[nr_bridges].sbdf = sbdf.sbdf;
    bridges[nr_bridges].sec = sec;
    bridges[nr_bridges].sub = sub;
    nr_bridges++;
}

static int setup(void **state)
{
    acpi_fake_reset();
    host_log_clear();
    nr_bridges = 0;
    return 0;
}

#define assert_log(s)                                                       \
    do {                                                                    \
        if (!host_log_contains(s))                                          \
            fail_msg("log lacks \"%s\"", s);                                \
    } while (0)

static const u8 path_0_0[] = { 0, 0 };
static const u8 path_4_0[] = { 4, 0 };
static const u8 path_1f_0[] = { 0x1f, 0 };

/* What QEMU 10 builds for q35 with intel-iommu,intremap=on. */
static paddr_t build_qemu_dmar(void)
{
    u32 d;

    acpi_tb_dmar_init(&tb, 48, 1);
    d = acpi_tb_dmar_drhd(&tb, 0, 0, 0xfed90000);
    acpi_tb_dmar_scope(&tb, d, DMAR_SCOPE_IOAPIC, 0, 0xff, 1, path_0_0);
    acpi_tb_dmar_scope(&tb, d, DMAR_SCOPE_ENDPOINT, 0, 0, 1, path_0_0);
    acpi_tb_dmar_scope(&tb, d, DMAR_SCOPE_BRIDGE, 0, 0, 1, path_4_0);
    acpi_tb_dmar_scope(&tb, d, DMAR_SCOPE_ENDPOINT, 0, 0, 1, path_1f_0);
    return acpi_tb_place(&tb);
}

static void test_qemu_table(void **state)
{
    paddr_t pa = build_qemu_dmar();
    const struct dmar_drhd *u;

    assert_int_equal(dmar_parse(pa, tb.len), 0);
    assert_true(dmar_info.found);
    assert_int_equal(dmar_info.haw, 48);
    assert_true(dmar_info.flags & DMAR_FLAG_INTR_REMAP);
    assert_int_equal(dmar_info.nr_drhds, 1);
    assert_int_equal(dmar_info.nr_rmrrs, 0);
    assert_int_equal(dmar_info.nr_dropped, 0);
    u = &dmar_info.drhds[0];
    assert_int_equal(u->reg_base, 0xfed90000);
    assert_int_equal(u->segment, 0);
    assert_int_equal(u->flags, 0);
    assert_int_equal(u->nr_scopes, 4);
    assert_int_equal(u->scopes[0].type, DMAR_SCOPE_IOAPIC);
    assert_int_equal(u->scopes[0].start_bus, 0xff);
    assert_int_equal(u->scopes[2].type, DMAR_SCOPE_BRIDGE);
    assert_int_equal(u->scopes[2].path_len, 1);
    assert_int_equal(u->scopes[2].path[0].dev, 4);
    assert_log("DMAR: host address width 48, interrupt remapping, 1 unit(s)");
}

/* The igb PF and its VFs behind the root port are covered by the bridge
 * scope, each by its own requester id; so is the root port itself. */
static void test_bridge_scope_covers_vfs(void **state)
{
    paddr_t pa = build_qemu_dmar();
    pci_sbdf_t first, last;

    add_bridge(PCI_SBDF4(0, 0, 4, 0), 1, 1);
    assert_int_equal(dmar_parse(pa, tb.len), 0);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 1, 0, 0), conf_read8), 0);
    assert_int_equal(dmar_find_unit(PCI_SBDF(0, 1, 0x80), conf_read8), 0);
    assert_int_equal(dmar_find_unit(PCI_SBDF(0, 1, 0x8e), conf_read8), 0);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 0, 4, 0), conf_read8), 0);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 0, 0x1f, 0), conf_read8), 0);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 0, 0, 0), conf_read8), 0);
    /* Not listed: another root-bus device, a bus beyond the bridge, another
     * function of a listed endpoint, another segment. */
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 0, 5, 0), conf_read8), -ENODEV);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 2, 0, 0), conf_read8), -ENODEV);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 0, 0x1f, 2), conf_read8), -ENODEV);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(1, 1, 0, 0), conf_read8), -ENODEV);
    assert_true(dmar_scope_resolve(&dmar_info.drhds[0].scopes[2], 0, conf_read8,
                                   &first, &last));
    assert_int_equal(first.sbdf, PCI_SBDF(0, 1, 0).sbdf);
    assert_int_equal(last.sbdf, PCI_SBDF(0, 1, 0xff).sbdf);
}

/* A bridge that reads all-ones (gone) resolves to nothing. */
static void test_bridge_absent(void **state)
{
    paddr_t pa = build_qemu_dmar();

    assert_int_equal(dmar_parse(pa, tb.len), 0);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 1, 0, 0), conf_read8), -ENODEV);
    /* The bridge function itself is still named by its scope. */
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 0, 4, 0), conf_read8), 0);
}

/* An endpoint two hops down: 00:04.0 -> bus 1, 01:00.0 -> bus 2. */
static void test_multi_hop(void **state)
{
    static const u8 path[] = { 4, 0, 0, 0, 3, 1 };
    pci_sbdf_t first, last;
    u32 d;

    acpi_tb_dmar_init(&tb, 39, 0);
    d = acpi_tb_dmar_drhd(&tb, 0, 0, 0xfed91000);
    acpi_tb_dmar_scope(&tb, d, DMAR_SCOPE_ENDPOINT, 0, 0, 3, path);
    add_bridge(PCI_SBDF4(0, 0, 4, 0), 1, 3);
    add_bridge(PCI_SBDF4(0, 1, 0, 0), 2, 3);
    assert_int_equal(dmar_parse(acpi_tb_place(&tb), tb.len), 0);
    assert_int_equal(dmar_info.haw, 39);
    assert_false(dmar_info.flags & DMAR_FLAG_INTR_REMAP);
    assert_true(dmar_scope_resolve(&dmar_info.drhds[0].scopes[0], 0, conf_read8,
                                   &first, &last));
    assert_int_equal(first.sbdf, PCI_SBDF4(0, 2, 3, 1).sbdf);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 2, 3, 1), conf_read8), 0);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 2, 3, 0), conf_read8), -ENODEV);
}

/* A unit with scopes wins over the INCLUDE_PCI_ALL unit; the catch-all
 * takes the rest of its segment only. */
static void test_include_pci_all(void **state)
{
    static const u8 path_2_0[] = { 2, 0 };
    u32 a, b;

    acpi_tb_dmar_init(&tb, 48, 1 | 2);
    a = acpi_tb_dmar_drhd(&tb, 0, 0, 0xfed90000);
    acpi_tb_dmar_scope(&tb, a, DMAR_SCOPE_ENDPOINT, 0, 0, 1, path_2_0);
    b = acpi_tb_dmar_drhd(&tb, 1, 0, 0xfed91000);
    acpi_tb_dmar_scope(&tb, b, DMAR_SCOPE_IOAPIC, 8, 0xf0, 1, path_1f_0);
    assert_int_equal(dmar_parse(acpi_tb_place(&tb), tb.len), 0);
    assert_true(dmar_info.flags & DMAR_FLAG_X2APIC_OPT_OUT);
    assert_int_equal(dmar_info.nr_drhds, 2);
    assert_true(dmar_info.drhds[1].flags & DRHD_FLAG_INCLUDE_PCI_ALL);
    assert_int_equal(dmar_info.drhds[1].scopes[0].enum_id, 8);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 0, 2, 0), conf_read8), 0);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 0, 3, 0), conf_read8), 1);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(0, 5, 0, 2), conf_read8), 1);
    assert_int_equal(dmar_find_unit(PCI_SBDF4(2, 0, 3, 0), conf_read8), -ENODEV);
    assert_log("INCLUDE_PCI_ALL");
}

static void test_rmrr(void **state)
{
    static const u8 path_14_0[] = { 0x14, 0 };
    u32 d, r;

    acpi_tb_dmar_init(&tb, 48, 0);
    d = acpi_tb_dmar_drhd(&tb, 1, 0, 0xfed90000);
    (void)d;
    r = acpi_tb_dmar_rmrr(&tb, 0, 0x7c000000, 0x7c0fffff);
    acpi_tb_dmar_scope(&tb, r, DMAR_SCOPE_ENDPOINT, 0, 0, 1, path_14_0);
    /* Impossible ranges are dropped. */
    acpi_tb_dmar_rmrr(&tb, 0, 0x2000, 0x1fff - 0x1000);
    acpi_tb_dmar_rmrr(&tb, 0, 0x1001, 0x1fff);
    assert_int_equal(dmar_parse(acpi_tb_place(&tb), tb.len), 0);
    assert_int_equal(dmar_info.nr_rmrrs, 1);
    assert_int_equal(dmar_info.rmrrs[0].base, 0x7c000000);
    assert_int_equal(dmar_info.rmrrs[0].limit, 0x7c0fffff);
    assert_true(dmar_rmrr_covers(&dmar_info.rmrrs[0], PCI_SBDF4(0, 0, 0x14, 0),
                                 conf_read8));
    assert_false(dmar_rmrr_covers(&dmar_info.rmrrs[0], PCI_SBDF4(0, 0, 0x14, 1),
                                  conf_read8));
    assert_int_equal(dmar_info.nr_dropped, 2);
    assert_log("RMRR with an impossible range");
}

static void test_no_drhd(void **state)
{
    acpi_tb_dmar_init(&tb, 48, 0);
    acpi_tb_dmar_rmrr(&tb, 0, 0x1000, 0x1fff);
    assert_int_equal(dmar_parse(acpi_tb_place(&tb), tb.len), -EINVAL);
    assert_false(dmar_info.found);
    assert_log("DMAR: no usable DRHD");
}

static void test_too_short(void **state)
{
    acpi_tb_dmar_init(&tb, 48, 0);
    assert_int_equal(dmar_parse(acpi_tb_place(&tb), 40), -EINVAL);
    assert_log("DMAR: table too short");
}

/* A structure of length 0 would loop forever: the rest is dropped. */
static void test_zero_length_structure(void **state)
{
    u32 d;

    acpi_tb_dmar_init(&tb, 48, 0);
    d = acpi_tb_dmar_drhd(&tb, 1, 0, 0xfed90000);
    (void)d;
    acpi_tb_u16(&tb, 0);
    acpi_tb_u16(&tb, 0);        /* type 0, length 0 */
    acpi_tb_u32(&tb, 0);
    assert_int_equal(dmar_parse(acpi_tb_place(&tb), tb.len), 0);
    assert_int_equal(dmar_info.nr_drhds, 1);
    assert_int_equal(dmar_info.nr_dropped, 1);
    assert_log("remapping structure of length < 4");
}

static void test_structure_past_table(void **state)
{
    acpi_tb_dmar_init(&tb, 48, 0);
    acpi_tb_dmar_drhd(&tb, 1, 0, 0xfed90000);
    tb.buf[48 + 2] = 0xff;      /* DRHD length 0xff, the table ends at 64 */
    assert_int_equal(dmar_parse(acpi_tb_place(&tb), tb.len), -EINVAL);
    assert_log("remapping structure past the table");
}

static void test_bad_scopes(void **state)
{
    static const u8 long_path[2 * 9] = { 0 };
    static const u8 bad_fn[] = { 3, 9 };
    u32 d;

    acpi_tb_dmar_init(&tb, 48, 0);
    d = acpi_tb_dmar_drhd(&tb, 0, 0, 0xfed90000);
    acpi_tb_dmar_scope(&tb, d, DMAR_SCOPE_ENDPOINT, 0, 0, 9, long_path);
    acpi_tb_dmar_scope(&tb, d, 9, 0, 0, 1, path_4_0);
    acpi_tb_dmar_scope(&tb, d, DMAR_SCOPE_ENDPOINT, 0, 0, 1, bad_fn);
    acpi_tb_dmar_scope(&tb, d, DMAR_SCOPE_ENDPOINT, 0, 0, 1, path_1f_0);
    /* A scope claiming more than its structure holds ends the list. */
    acpi_tb_dmar_scope(&tb, d, DMAR_SCOPE_ENDPOINT, 0, 0, 1, path_4_0);
    tb.buf[tb.len - 7] = 0x40;
    assert_int_equal(dmar_parse(acpi_tb_place(&tb), tb.len), 0);
    assert_int_equal(dmar_info.drhds[0].nr_scopes, 1);
    assert_int_equal(dmar_info.drhds[0].scopes[0].path[0].dev, 0x1f);
    assert_int_equal(dmar_info.nr_dropped, 4);
    assert_log("device scope path too long");
    assert_log("device scope of unknown type");
    assert_log("device scope naming an impossible function");
    assert_log("device scope past its structure");
}

static void test_limits_and_bad_base(void **state)
{
    acpi_tb_dmar_init(&tb, 48, 0);
    acpi_tb_dmar_drhd(&tb, 0, 0, 0);            /* base 0 */
    acpi_tb_dmar_drhd(&tb, 0, 0, 0xfed90800);   /* not page aligned */
    for (unsigned int i = 0; i < DMAR_MAX_UNITS + 2; i++)
        acpi_tb_dmar_drhd(&tb, 0, (u16)i, 0xfed90000 + 0x1000 * i);
    assert_int_equal(dmar_parse(acpi_tb_place(&tb), tb.len), 0);
    assert_int_equal(dmar_info.nr_drhds, DMAR_MAX_UNITS);
    assert_int_equal(dmar_info.nr_dropped, 4);
    assert_log("DRHD with an impossible register base");
    assert_log("DRHD beyond the limit");
}

/* Found through the ACPI table list, as at boot. */
static void test_dmar_init_via_acpi(void **state)
{
    static u8 rsdp[36];
    paddr_t t[1];

    t[0] = build_qemu_dmar();
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, t, 1), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_int_equal(dmar_init(), 0);
    assert_int_equal(dmar_info.nr_drhds, 1);
    acpi_fake_reset();
    host_log_clear();
    acpi_build_rsdp(rsdp, 0, (u32)acpi_build_root(false, NULL, 0), 0);
    assert_int_equal(acpi_init(rsdp, 20), 0);
    assert_int_equal(dmar_init(), -ENODEV);
    assert_false(dmar_info.found);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_qemu_table, setup),
        cmocka_unit_test_setup(test_bridge_scope_covers_vfs, setup),
        cmocka_unit_test_setup(test_bridge_absent, setup),
        cmocka_unit_test_setup(test_multi_hop, setup),
        cmocka_unit_test_setup(test_include_pci_all, setup),
        cmocka_unit_test_setup(test_rmrr, setup),
        cmocka_unit_test_setup(test_no_drhd, setup),
        cmocka_unit_test_setup(test_too_short, setup),
        cmocka_unit_test_setup(test_zero_length_structure, setup),
        cmocka_unit_test_setup(test_structure_past_table, setup),
        cmocka_unit_test_setup(test_bad_scopes, setup),
        cmocka_unit_test_setup(test_limits_and_bad_base, setup),
        cmocka_unit_test_setup(test_dmar_init_via_acpi, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
