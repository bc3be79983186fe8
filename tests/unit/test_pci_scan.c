/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bus scan and the boot listing on the config-space model: functions
 * behind bridges in firmware order, multi-function devices, CardBus,
 * inconsistent bus numbers (no endless walk), VFs reported from their PF
 * (never found or judged absent by their 0xffff vendor ID), a callback
 * that stops the scan, and the one-line descriptions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <stdio.h>

#include <mhv/pci/scan.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/sriov.h>
#include <mhv/pci/place.h>
#include <mhv/errno.h>
#include "harness.h"
#include "pcimodel.h"

#define MAX_FOUND 128

struct found {
    unsigned int nr;
    struct pci_func f[MAX_FOUND];
    unsigned int stop_after;    /* 0: never stop */
};

static int record(const struct pci_func *f, void *ctx)
{
    struct found *fd = ctx;

    assert_true(fd->nr < MAX_FOUND);
    fd->f[fd->nr++] = *f;
    return fd->stop_after && fd->nr == fd->stop_after ? 42 : 0;
}

static struct found found;

static int setup(void **state)
{
    pcim_reset();
    host_log_clear();
    memset(&found, 0, sizeof(found));
    return 0;
}

static void expect(unsigned int i, pci_sbdf_t sbdf, bool is_vf)
{
    assert_true(i < found.nr);
    assert_int_equal(found.f[i].sbdf.sbdf, sbdf.sbdf);
    assert_int_equal(found.f[i].is_vf, is_vf);
}

static void test_igb_machine(void **state)
{
    struct pcim_igb igb;

    pcim_igb_preset(&igb);
    assert_int_equal(pci_scan(0, 0, record, &found), 0);
    assert_int_equal(found.nr, 3);
    expect(0, PCI_SBDF4(0, 0, 0, 0), false);
    expect(1, igb.rp_sbdf, false);
    expect(2, igb.pf_sbdf, false);
    assert_int_equal(found.f[1].hdr_type, PCI_HEADER_TYPE_BRIDGE);
    assert_int_equal(found.f[1].sec_bus, 1);
    assert_int_equal(found.f[1].sub_bus, 1);
    assert_int_equal(found.f[2].vendor, 0x8086);
    assert_int_equal(found.f[2].device, 0x10c9);
    assert_int_equal(found.f[2].class, 0x020000);
    assert_int_equal(found.f[2].revision, 1);
    assert_false(host_log_contains("PCI:"));
}

static void test_igb_listing(void **state)
{
    struct pcim_igb igb;
    char line[160];
    struct pcim_stats st;

    pcim_igb_preset(&igb);
    pci_scan(0, 0, record, &found);
    pci_describe(&found.f[2], line, sizeof(line));
    assert_string_equal(line, "PCI 0000:01:00.0 [8086:10c9] class 020000 PF sriov "
                              "total=8 offset=0x80 stride=2 vfbar0=16K vfbar3=16K");
    pci_describe(&found.f[1], line, sizeof(line));
    assert_string_equal(line, "PCI 0000:00:04.0 [1b36:000c] class 060400 bridge [bus 01-01]");
    pci_describe(&found.f[0], line, sizeof(line));
    assert_string_equal(line, "PCI 0000:00:00.0 [8086:29c0] class 060000");

    /* A short buffer is cut, never overrun (ASan watches). */
    assert_true(pci_describe(&found.f[2], line, 20) > 20);
    assert_int_equal(strlen(line), 19);

    /* The printk form: the line at info level, BARs and caps at debug. */
    pci_print_func(&found.f[2]);
    assert_true(host_log_contains("PCI 0000:01:00.0 [8086:10c9] class 020000 PF sriov "
                                  "total=8 offset=0x80 stride=2 vfbar0=16K vfbar3=16K\n"));
    assert_true(host_log_contains("PCI 0000:01:00.0   BAR0 mem [0xfe800000-0xfe81ffff] 128K"));
    assert_true(host_log_contains("PCI 0000:01:00.0   BAR2 io [0xc000-0xc01f] 32"));
    assert_true(host_log_contains("PCI 0000:01:00.0   BAR3 mem64 [0xfe840000-0xfe843fff] 16K"));
    assert_true(host_log_contains("PCI 0000:01:00.0   caps 01@0x40 05@0x50 11@0x70 10@0xa0 "
                                  "ext01@0x100 ext0e@0x150 ext10@0x160"));
    /* A bridge: its windows at debug level. */
    pci_print_func(&found.f[1]);
    assert_true(host_log_contains("PCI 0000:00:04.0   window mem [0xfe800000-0xfe9fffff]"));
    assert_true(host_log_contains("PCI 0000:00:04.0   window pref64 [0xfe000000-0xfe1fffff]"));
    pcim_set_window(igb.rp, PCIM_WIN_PREF, 0xfff00000, 0);
    pci_print_func(&found.f[1]);
    assert_true(host_log_contains("PCI 0000:00:04.0   window pref disabled"));

    pcim_get_stats(&st);
    assert_int_equal(st.bar_sizing_while_decoding, 0);
}

static void test_vfs_reported_from_pf(void **state)
{
    struct pcim_igb igb;
    struct pcim_dev *after;
    char line[160];
    unsigned int n;

    pcim_igb_preset(&igb);
    /* A real function after the VFs' slots on the same bus. */
    after = pcim_add_dev(PCI_SBDF4(0, 1, 0x1f, 0), 0x8086, 0x1234, 0x020000);
    (void)after;
    pcim_enable_vfs(igb.pf_sbdf, 4);
    assert_int_equal(pci_scan(0, 0, record, &found), 0);
    assert_int_equal(found.nr, 3 + 4 + 1);
    expect(2, igb.pf_sbdf, false);
    for (n = 0; n < 4; n++) {
        const struct pci_func *vf = &found.f[3 + n];

        expect(3 + n, PCI_SBDF4(0, 1, 0x10, 2 * n), true);
        assert_int_equal(vf->pf.sbdf, igb.pf_sbdf.sbdf);
        assert_int_equal(vf->vf_index, n);
        assert_int_equal(vf->vendor, 0x8086);
        assert_int_equal(vf->device, 0x10ca);
        assert_int_equal(vf->class, 0x020000);
    }
    expect(7, PCI_SBDF4(0, 1, 0x1f, 0), false);

    pci_describe(&found.f[4], line, sizeof(line));
    assert_string_equal(line, "PCI 0000:01:10.2 [8086:10ca] class 020000 VF 1 of 0000:01:00.0");
    /* VFs enabled: the PF's VF BARs are not probed. */
    pci_describe(&found.f[2], line, sizeof(line));
    assert_string_equal(line, "PCI 0000:01:00.0 [8086:10c9] class 020000 PF sriov "
                              "total=8 offset=0x80 stride=2 vfs=4 enabled");
}

static void test_multifunction_and_ghosts(void **state)
{
    struct pcim_dev *d;

    /* 00:01: functions 0, 2, 7 (multi-function). */
    d = pcim_add_dev(PCI_SBDF4(0, 0, 1, 0), 0x8086, 0x2918, 0x060100);
    pcim_set_multifunction(d, true);
    pcim_add_dev(PCI_SBDF4(0, 0, 1, 2), 0x8086, 0x2922, 0x010601);
    pcim_add_dev(PCI_SBDF4(0, 0, 1, 7), 0x8086, 0x2930, 0x0c0500);
    /* 00:02: single-function, a stray function 1 must not be reported. */
    pcim_add_dev(PCI_SBDF4(0, 0, 2, 0), 0x1234, 0x1111, 0x030000);
    pcim_add_dev(PCI_SBDF4(0, 0, 2, 1), 0x1234, 0x1112, 0x030000);
    /* 00:03: no function 0: nothing there. */
    pcim_add_dev(PCI_SBDF4(0, 0, 3, 1), 0x1234, 0x1113, 0x030000);

    assert_int_equal(pci_scan(0, 0, record, &found), 0);
    assert_int_equal(found.nr, 4);
    expect(0, PCI_SBDF4(0, 0, 1, 0), false);
    assert_true(found.f[0].multifunction);
    expect(1, PCI_SBDF4(0, 0, 1, 2), false);
    expect(2, PCI_SBDF4(0, 0, 1, 7), false);
    expect(3, PCI_SBDF4(0, 0, 2, 0), false);
}

static void test_nested_bridges(void **state)
{
    /*
     * 00:01.0 -> bus 1 [1-3]: 01:00.0 -> bus 2 [2-2] (02:00.0),
     *                         01:01.0 -> bus 3 [3-3] (03:05.0)
     * 00:02.0 -> bus 4 [4-4]: CardBus 04:00.0 -> bus 5 (05:00.0)
     */
    pcim_add_bridge(PCI_SBDF4(0, 0, 1, 0), 0x8086, 1, 1, 3);
    pcim_add_bridge(PCI_SBDF4(0, 1, 0, 0), 0x8086, 2, 2, 2);
    pcim_add_bridge(PCI_SBDF4(0, 1, 1, 0), 0x8086, 3, 3, 3);
    pcim_add_dev(PCI_SBDF4(0, 2, 0, 0), 0x10ec, 0x8168, 0x020000);
    pcim_add_dev(PCI_SBDF4(0, 3, 5, 0), 0x10ec, 0x8169, 0x020000);
    pcim_add_bridge(PCI_SBDF4(0, 0, 2, 0), 0x8086, 4, 4, 5);
    pcim_set_header_type(pcim_add_bridge(PCI_SBDF4(0, 4, 0, 0), 0x1180, 0x476, 5, 5),
                         PCI_HEADER_TYPE_CARDBUS);
    pcim_add_dev(PCI_SBDF4(0, 5, 0, 0), 0x1180, 0x1, 0x070000);
    /* Not reachable from bus 0: never scanned. */
    pcim_add_dev(PCI_SBDF4(0, 9, 0, 0), 0x1234, 0x9, 0x020000);

    assert_int_equal(pci_scan(0, 0, record, &found), 0);
    assert_int_equal(found.nr, 8);
    expect(0, PCI_SBDF4(0, 0, 1, 0), false);
    expect(1, PCI_SBDF4(0, 0, 2, 0), false);
    expect(2, PCI_SBDF4(0, 1, 0, 0), false);
    expect(3, PCI_SBDF4(0, 1, 1, 0), false);
    expect(4, PCI_SBDF4(0, 2, 0, 0), false);
    expect(5, PCI_SBDF4(0, 3, 5, 0), false);
    expect(6, PCI_SBDF4(0, 4, 0, 0), false);
    assert_int_equal(found.f[6].hdr_type, PCI_HEADER_TYPE_CARDBUS);
    expect(7, PCI_SBDF4(0, 5, 0, 0), false);
    assert_false(host_log_contains("PCI:"));

    /* Starting below the root: only that subtree. */
    memset(&found, 0, sizeof(found));
    assert_int_equal(pci_scan(0, 1, record, &found), 0);
    assert_int_equal(found.nr, 4);
    assert_int_equal(pci_scan(0, 256, record, &found), -EINVAL);

    /* Upstream bridge lookups. */
    pci_sbdf_t br;

    assert_int_equal(pci_find_upstream_bridge(0, 3, &br), 0);
    assert_int_equal(br.sbdf, PCI_SBDF4(0, 1, 1, 0).sbdf);
    assert_int_equal(pci_find_upstream_bridge(0, 0, &br), -ENODEV);
}

static void test_bad_bus_numbers(void **state)
{
    /* A bridge pointing back at its own bus, one pointing at bus 0, two
     * bridges claiming the same bus: each bus is scanned once, no hang. */
    pcim_add_bridge(PCI_SBDF4(0, 0, 1, 0), 0x8086, 1, 1, 1);
    pcim_add_bridge(PCI_SBDF4(0, 0, 2, 0), 0x8086, 2, 1, 1);
    pcim_add_bridge(PCI_SBDF4(0, 1, 0, 0), 0x8086, 3, 1, 1);
    pcim_add_bridge(PCI_SBDF4(0, 1, 1, 0), 0x8086, 4, 0, 0);

    assert_int_equal(pci_scan(0, 0, record, &found), 0);
    assert_int_equal(found.nr, 4);
    assert_true(host_log_contains("PCI: 0000:00:02.0: bridge to bus 01 (subordinate 01) "
                                  "not followed"));
    assert_true(host_log_contains("PCI: 0000:01:00.0: bridge to bus 01"));
    assert_true(host_log_contains("PCI: 0000:01:01.0: bridge to bus 00"));
}

static void test_callback_stops(void **state)
{
    struct pcim_igb igb;

    pcim_igb_preset(&igb);
    pcim_enable_vfs(igb.pf_sbdf, 8);
    found.stop_after = 5;       /* host, port, PF, VF0, VF1 */
    assert_int_equal(pci_scan(0, 0, record, &found), 42);
    assert_int_equal(found.nr, 5);
    expect(4, PCI_SBDF4(0, 1, 0x10, 2), true);
}

static void test_corrupt_vf_geometry_scan(void **state)
{
    struct pcim_igb igb;

    pcim_igb_preset(&igb);
    pcim_enable_vfs(igb.pf_sbdf, 4);
    pcim_poke16(igb.pf, igb.sriov_pos + PCI_SRIOV_VF_STRIDE, 0);
    assert_int_equal(pci_scan(0, 0, record, &found), 0);
    assert_int_equal(found.nr, 3);      /* no VF reported */
    assert_true(host_log_contains("VF Stride is 0"));
    assert_true(host_log_contains("0000:01:00.0: VF 0 has no valid routing ID"));
}

static void test_func_read(void **state)
{
    struct pcim_igb igb;
    struct pci_func f;

    pcim_igb_preset(&igb);
    pcim_enable_vfs(igb.pf_sbdf, 1);
    assert_int_equal(pci_func_read(igb.pf_sbdf, &f), 0);
    assert_int_equal(f.device, 0x10c9);
    /* A VF cannot be read as a function of its own: known from the PF. */
    assert_int_equal(pci_func_read(PCI_SBDF4(0, 1, 0x10, 0), &f), -ENODEV);
    assert_int_equal(pci_func_read(PCI_SBDF4(0, 7, 0, 0), &f), -ENODEV);
}

static void test_size_str(void **state)
{
    char s[16];

    assert_string_equal(pci_size_str(32, s, sizeof(s)), "32");
    assert_string_equal(pci_size_str(16384, s, sizeof(s)), "16K");
    assert_string_equal(pci_size_str(128 * 1024, s, sizeof(s)), "128K");
    assert_string_equal(pci_size_str(1 << 20, s, sizeof(s)), "1M");
    assert_string_equal(pci_size_str(3ULL << 30, s, sizeof(s)), "3G");
    assert_string_equal(pci_size_str(1ULL << 40, s, sizeof(s)), "1T");
    assert_string_equal(pci_size_str(1536, s, sizeof(s)), "1536");
    assert_string_equal(pci_size_str(0, s, sizeof(s)), "0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_igb_machine, setup),
        cmocka_unit_test_setup(test_igb_listing, setup),
        cmocka_unit_test_setup(test_vfs_reported_from_pf, setup),
        cmocka_unit_test_setup(test_multifunction_and_ghosts, setup),
        cmocka_unit_test_setup(test_nested_bridges, setup),
        cmocka_unit_test_setup(test_bad_bus_numbers, setup),
        cmocka_unit_test_setup(test_callback_stops, setup),
        cmocka_unit_test_setup(test_corrupt_vf_geometry_scan, setup),
        cmocka_unit_test_setup(test_func_read, setup),
        cmocka_unit_test_setup(test_size_str, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
