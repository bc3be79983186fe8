/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capability walkers on the config-space model: the igb PF's lists, and
 * corrupt lists (loops, pointers into the header, an extended list pointing
 * below 0x100, too many entries) that must end with a warning, never hang.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <mhv/pci/caps.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include "harness.h"
#include "pcimodel.h"

static const pci_sbdf_t dev_sbdf = { .sbdf = 0x00000300 };   /* 0000:03:00.0 */

static int setup(void **state)
{
    pcim_reset();
    host_log_clear();
    return 0;
}

static void test_igb_caps(void **state)
{
    struct pcim_igb igb;
    pci_sbdf_t pf;

    pcim_igb_preset(&igb);
    pf = igb.pf_sbdf;
    assert_int_equal(pci_find_cap(pf, PCI_CAP_ID_PM), 0x40);
    assert_int_equal(pci_find_cap(pf, PCI_CAP_ID_MSI), 0x50);
    assert_int_equal(pci_find_cap(pf, PCI_CAP_ID_MSIX), 0x70);
    assert_int_equal(pci_find_cap(pf, PCI_CAP_ID_EXP), 0xa0);
    assert_int_equal(pci_find_cap(pf, PCI_CAP_ID_VPD), 0);
    assert_int_equal(pci_find_ext_cap(pf, PCI_EXT_CAP_ID_ERR), 0x100);
    assert_int_equal(pci_find_ext_cap(pf, PCI_EXT_CAP_ID_ARI), 0x150);
    assert_int_equal(pci_find_ext_cap(pf, PCI_EXT_CAP_ID_SRIOV), 0x160);
    assert_int_equal(pci_find_ext_cap(pf, PCI_EXT_CAP_ID_ACS), 0);
    /* The root port: PCIe only, no extended caps. */
    assert_int_equal(pci_find_cap(igb.rp_sbdf, PCI_CAP_ID_EXP), 0x40);
    assert_int_equal(pci_find_ext_cap(igb.rp_sbdf, PCI_EXT_CAP_ID_ERR), 0);
    /* Absent function: nothing, quietly. */
    assert_int_equal(pci_find_cap(PCI_SBDF4(0, 9, 0, 0), PCI_CAP_ID_MSI), 0);
    assert_int_equal(pci_find_ext_cap(PCI_SBDF4(0, 9, 0, 0), PCI_EXT_CAP_ID_SRIOV), 0);
    assert_false(host_log_contains("PCI:"));
}

static void test_iterate_any(void **state)
{
    struct pcim_igb igb;
    static const unsigned int std[] = { 0x40, 0x50, 0x70, 0xa0 };
    static const unsigned int ext[] = { 0x100, 0x150, 0x160 };
    unsigned int pos, i = 0;

    pcim_igb_preset(&igb);
    for (pos = pci_cap_next_any(igb.pf_sbdf, 0); pos;
         pos = pci_cap_next_any(igb.pf_sbdf, pos)) {
        assert_true(i < 4);
        assert_int_equal(pos, std[i++]);
    }
    assert_int_equal(i, 4);
    i = 0;
    for (pos = pci_ext_cap_next_any(igb.pf_sbdf, 0); pos;
         pos = pci_ext_cap_next_any(igb.pf_sbdf, pos)) {
        assert_true(i < 3);
        assert_int_equal(pos, ext[i++]);
    }
    assert_int_equal(i, 3);
}

static void test_find_next_same_id(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x020000);

    pcim_add_cap(d, PCI_CAP_ID_VNDR, 8);        /* 0x40 */
    pcim_add_cap(d, PCI_CAP_ID_PM, 8);          /* 0x48 */
    pcim_add_cap(d, PCI_CAP_ID_VNDR, 8);        /* 0x50 */
    assert_int_equal(pci_find_cap(dev_sbdf, PCI_CAP_ID_VNDR), 0x40);
    assert_int_equal(pci_find_next_cap(dev_sbdf, 0x40, PCI_CAP_ID_VNDR), 0x50);
    assert_int_equal(pci_find_next_cap(dev_sbdf, 0x50, PCI_CAP_ID_VNDR), 0);
    assert_int_equal(pci_find_next_cap(dev_sbdf, 0, PCI_CAP_ID_VNDR), 0);

    pcim_add_ext_cap(d, PCI_EXT_CAP_ID_VNDR, 1, 8);     /* 0x100 */
    pcim_add_ext_cap(d, PCI_EXT_CAP_ID_DSN, 1, 12);     /* 0x108 */
    pcim_add_ext_cap(d, PCI_EXT_CAP_ID_VNDR, 1, 8);     /* 0x114 */
    assert_int_equal(pci_find_ext_cap(dev_sbdf, PCI_EXT_CAP_ID_DSN), 0x108);
    assert_int_equal(pci_find_ext_cap(dev_sbdf, PCI_EXT_CAP_ID_VNDR), 0x100);
    assert_int_equal(pci_find_next_ext_cap(dev_sbdf, 0x100, PCI_EXT_CAP_ID_VNDR), 0x114);
    assert_int_equal(pci_find_next_ext_cap(dev_sbdf, 0x114, PCI_EXT_CAP_ID_VNDR), 0);
    assert_false(host_log_contains("PCI:"));
}

static void test_no_cap_list_bit(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x020000);

    pcim_add_cap(d, PCI_CAP_ID_MSI, 12);
    pcim_poke16(d, PCI_STATUS, 0);      /* list present but not announced */
    assert_int_equal(pci_find_cap(dev_sbdf, PCI_CAP_ID_MSI), 0);
}

static void test_std_list_loops(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x020000);

    pcim_add_cap(d, PCI_CAP_ID_PM, 8);          /* 0x40 */
    pcim_add_cap(d, PCI_CAP_ID_VNDR, 8);        /* 0x48 */
    pcim_add_cap(d, PCI_CAP_ID_MSI, 12);        /* 0x50 */
    pcim_set_cap_next(d, 0x50, 0x48);           /* 0x48 -> 0x50 -> 0x48 */

    assert_int_equal(pci_find_cap(dev_sbdf, PCI_CAP_ID_MSI), 0x50);
    assert_false(host_log_contains("loops"));
    assert_int_equal(pci_find_cap(dev_sbdf, PCI_CAP_ID_MSIX), 0);
    assert_true(host_log_contains("PCI: 0000:03:00.0: capability list loops at 0x48"));

    /* A caller iterating with find_next never cycles. */
    host_log_clear();
    assert_int_equal(pci_find_next_cap(dev_sbdf, 0x50, PCI_CAP_ID_VNDR), 0);
    assert_true(host_log_contains("loops"));

    /* A capability pointing at itself. */
    host_log_clear();
    pcim_set_cap_next(d, 0x40, 0x40);
    assert_int_equal(pci_find_cap(dev_sbdf, PCI_CAP_ID_MSI), 0);
    assert_true(host_log_contains("capability list loops at 0x40"));
}

static void test_std_list_into_header(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x020000);

    pcim_add_cap(d, PCI_CAP_ID_PM, 8);
    pcim_set_cap_next(d, 0x40, 0x10);           /* into the BARs */
    assert_int_equal(pci_find_cap(dev_sbdf, PCI_CAP_ID_PM), 0x40);
    assert_int_equal(pci_find_cap(dev_sbdf, PCI_CAP_ID_MSI), 0);
    assert_true(host_log_contains("0000:03:00.0: capability pointer 0x10 points into the header"));

    host_log_clear();
    pcim_poke8(d, PCI_CAPABILITY_LIST, 0x3c);
    assert_int_equal(pci_find_cap(dev_sbdf, PCI_CAP_ID_PM), 0);
    assert_true(host_log_contains("capability pointer 0x3c"));
}

static void test_std_list_full_chain(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x020000);
    unsigned int i;

    /* 48 four-byte capabilities fill 0x40..0xff: the longest legal list. */
    for (i = 0; i < PCI_CAP_MAX_ENTRIES; i++)
        pcim_add_cap(d, PCI_CAP_ID_VNDR, 4);
    /* (A header-only ID: MSI or MSI-X would not fit at 0xfc.) */
    pcim_poke8(d, 0xfc, PCI_CAP_ID_VPD);
    assert_int_equal(pci_find_cap(dev_sbdf, PCI_CAP_ID_VPD), 0xfc);
    assert_false(host_log_contains("PCI:"));
    /* The last one pointing back to the first: a loop of 48. */
    pcim_set_cap_next(d, 0xfc, 0x40);
    assert_int_equal(pci_find_cap(dev_sbdf, PCI_CAP_ID_MSIX), 0);
    assert_true(host_log_contains("loops at 0x40"));
}

static void test_ext_list_below_0x100(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x020000);

    pcim_add_ext_cap(d, PCI_EXT_CAP_ID_ERR, 2, 0x48);   /* 0x100 */
    pcim_add_ext_cap(d, PCI_EXT_CAP_ID_ARI, 1, 8);      /* 0x148 */
    pcim_add_ext_cap(d, PCI_EXT_CAP_ID_SRIOV, 1, 0x40); /* 0x150 */
    pcim_set_ext_cap_next(d, 0x148, 0x40);              /* into standard space */

    assert_int_equal(pci_find_ext_cap(dev_sbdf, PCI_EXT_CAP_ID_ARI), 0x148);
    assert_false(host_log_contains("PCI:"));
    assert_int_equal(pci_find_ext_cap(dev_sbdf, PCI_EXT_CAP_ID_SRIOV), 0);
    assert_true(host_log_contains("0000:03:00.0: extended capability pointer 0x40 below 0x100"));
}

static void test_ext_list_loops(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x020000);

    pcim_add_ext_cap(d, PCI_EXT_CAP_ID_ERR, 2, 0x48);   /* 0x100 */
    pcim_add_ext_cap(d, PCI_EXT_CAP_ID_ARI, 1, 8);      /* 0x148 */
    pcim_set_ext_cap_next(d, 0x148, 0x100);
    assert_int_equal(pci_find_ext_cap(dev_sbdf, PCI_EXT_CAP_ID_SRIOV), 0);
    assert_true(host_log_contains("extended capability list loops at 0x100"));

    host_log_clear();
    pcim_set_ext_cap_next(d, 0x100, 0x100);
    assert_int_equal(pci_find_ext_cap(dev_sbdf, PCI_EXT_CAP_ID_ARI), 0);
    assert_true(host_log_contains("loops at 0x100"));
}

static void test_ext_list_longest(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x020000);
    unsigned int pos;

    /* Header-only capabilities in every dword: 960 entries, no loop. */
    for (pos = 0x100; pos < 0x1000; pos += 4)
        pcim_poke32(d, pos, PCI_EXT_CAP_HEADER(PCI_EXT_CAP_ID_VNDR, 1,
                                               pos + 4 < 0x1000 ? pos + 4 : 0));
    /* (An ID taken as header-only: SR-IOV would not fit at 0xffc.) */
    pcim_poke32(d, 0xffc, PCI_EXT_CAP_HEADER(PCI_EXT_CAP_ID_DSN, 1, 0));
    assert_int_equal(pci_find_ext_cap(dev_sbdf, PCI_EXT_CAP_ID_DSN), 0xffc);
    /* And looping back from the end. */
    pcim_poke32(d, 0xffc, PCI_EXT_CAP_HEADER(PCI_EXT_CAP_ID_VNDR, 1, 0x800));
    assert_int_equal(pci_find_ext_cap(dev_sbdf, PCI_EXT_CAP_ID_SRIOV), 0);
    assert_true(host_log_contains("loops at 0x800"));
}

static void test_ext_absent_space(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x020000);

    /* A conventional function behind CF8: extended space reads all-ones. */
    pcim_poke32(d, 0x100, 0xffffffff);
    assert_int_equal(pci_find_ext_cap(dev_sbdf, PCI_EXT_CAP_ID_SRIOV), 0);
    assert_false(host_log_contains("PCI:"));
}

static void test_cardbus_list(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x060700);

    pcim_set_header_type(d, PCI_HEADER_TYPE_CARDBUS);
    pcim_add_cap(d, PCI_CAP_ID_PM, 8);
    assert_int_equal(pcim_peek32(d, PCI_CB_CAPABILITY_LIST) & 0xff, 0x40);
    assert_int_equal(pci_find_cap(dev_sbdf, PCI_CAP_ID_PM), 0x40);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_igb_caps, setup),
        cmocka_unit_test_setup(test_iterate_any, setup),
        cmocka_unit_test_setup(test_find_next_same_id, setup),
        cmocka_unit_test_setup(test_no_cap_list_bit, setup),
        cmocka_unit_test_setup(test_std_list_loops, setup),
        cmocka_unit_test_setup(test_std_list_into_header, setup),
        cmocka_unit_test_setup(test_std_list_full_chain, setup),
        cmocka_unit_test_setup(test_ext_list_below_0x100, setup),
        cmocka_unit_test_setup(test_ext_list_loops, setup),
        cmocka_unit_test_setup(test_ext_list_longest, setup),
        cmocka_unit_test_setup(test_ext_absent_space, setup),
        cmocka_unit_test_setup(test_cardbus_list, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
