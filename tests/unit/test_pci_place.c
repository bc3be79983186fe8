/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VF BAR placement on the config-space model: the pure free-range search,
 * the igb PF behind its root port (prefetchable window first, then the
 * memory window), window widening (a disabled window opened, an enabled
 * one grown), no room at all, a PF on the root bus, two PFs under one
 * bridge, and the refusals (VFs enabled, no SR-IOV).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/pci/access.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/sriov.h>
#include <mhv/pci/place.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include "harness.h"
#include "pcimodel.h"

#define K   1024ULL
#define M   (1024ULL * 1024)

/* The host bridge's aperture below 4 GiB, as the boot code would pass it. */
static const struct pci_mem_range root_aperture[] = {
    { 0xc0000000ULL, 0xfebfffffULL },
};

static struct heap_stats heap_before;

static int setup(void **state)
{
    pcim_reset();
    host_log_clear();
    heap_stats(&heap_before);
    return 0;
}

static int teardown(void **state)
{
    struct heap_stats now;

    heap_stats(&now);
    assert_int_equal(now.live_objects, heap_before.live_objects);
    return 0;
}

static u64 vf_base(pci_sbdf_t pf, unsigned int pos, unsigned int bar)
{
    u64 base;

    assert_int_equal(pci_sriov_vf_bar_base(pf, pos, bar, &base), 0);
    return base;
}

static bool overlap(u64 a, u64 asz, u64 b, u64 bsz)
{
    return a < b + bsz && b < a + asz;
}

static void test_find_free(void **state)
{
    const struct pci_mem_range win = { 0x1000, 0xffff };
    const struct pci_mem_range busy[] = {
        { 0x1000, 0x1fff }, { 0x4000, 0x4fff }, { 0x2000, 0x2fff },
        { 0x9000, 0x8000 },     /* empty (start > end): ignored */
    };
    u64 a;

    assert_int_equal(pci_range_find_free(&win, 0x1000, 0x1000, NULL, 0, &a), 0);
    assert_int_equal(a, 0x1000);
    assert_int_equal(pci_range_find_free(&win, 0x1000, 0x1000, busy, 4, &a), 0);
    assert_int_equal(a, 0x3000);
    assert_int_equal(pci_range_find_free(&win, 0x2000, 0x2000, busy, 4, &a), 0);
    assert_int_equal(a, 0x6000);
    assert_int_equal(pci_range_find_free(&win, 0x8000, 0x8000, busy, 4, &a), 0);
    assert_int_equal(a, 0x8000);
    assert_int_equal(pci_range_find_free(&win, 0x10000, 0x10000, busy, 4, &a), -ENOSPC);
    assert_int_equal(pci_range_find_free(&win, 0x1000, 0x3000, busy, 4, &a), -ENOSPC);
    /* Window at the very top of the address space: no wrap-around. */
    const struct pci_mem_range top = { ~0ULL - 0xffff, ~0ULL };
    const struct pci_mem_range topbusy[] = { { ~0ULL - 0xffff, ~0ULL } };

    assert_int_equal(pci_range_find_free(&top, 0x10000, 0x10000, NULL, 0, &a), 0);
    assert_int_equal(a, ~0ULL - 0xffff);
    assert_int_equal(pci_range_find_free(&top, 0x10000, 0x10000, topbusy, 1, &a), -ENOSPC);
    assert_int_equal(pci_range_find_free(&top, 0x20000, 0x20000, NULL, 0, &a), -ENOSPC);
    /* Bad arguments. */
    assert_int_equal(pci_range_find_free(&win, 0, 0x1000, NULL, 0, &a), -ENOSPC);
    assert_int_equal(pci_range_find_free(&win, 0x1000, 0x1800, NULL, 0, &a), -ENOSPC);
}

static void test_igb_prefetchable_window(void **state)
{
    struct pcim_igb igb;
    struct pcim_stats st;
    pci_sbdf_t vf;
    unsigned int n;
    u64 b0, b3, lo, hi;

    pcim_igb_preset(&igb);
    assert_int_equal(pci_sriov_place_vf_bars(igb.pf_sbdf, root_aperture, 1), 2);
    b0 = vf_base(igb.pf_sbdf, igb.sriov_pos, 0);
    b3 = vf_base(igb.pf_sbdf, igb.sriov_pos, 3);
    assert_int_equal(b0, PCIM_IGB_PREF_BASE);
    assert_int_equal(b3, PCIM_IGB_PREF_BASE + 128 * K);
    assert_true(host_log_contains("PCI: 0000:01:00.0: VF BAR0 placed at "
                                  "[0xfe000000-0xfe01ffff] (8 x 16K) in the "
                                  "prefetchable window of 0000:00:04.0"));
    assert_true(host_log_contains("VF BAR3 placed at [0xfe020000-0xfe03ffff]"));
    /* Windows untouched, nothing sized carelessly. */
    assert_true(pcim_get_window(igb.rp, PCIM_WIN_PREF, &lo, &hi));
    assert_int_equal(lo, PCIM_IGB_PREF_BASE);
    assert_int_equal(hi, PCIM_IGB_PREF_LIMIT);
    pcim_get_stats(&st);
    assert_int_equal(st.bar_sizing_while_decoding, 0);
    assert_int_equal(st.vf_bar_writes_while_enabled, 0);

    /* Placed: a second call has nothing to do. */
    assert_int_equal(pci_sriov_place_vf_bars(igb.pf_sbdf, root_aperture, 1), 0);

    /* Every VF's BARs lie inside the window. */
    pcim_enable_vfs(igb.pf_sbdf, 8);
    for (n = 0; n < 8; n++) {
        assert_int_equal(pci_sriov_vf_sbdf(igb.pf_sbdf, n, &vf), 0);
        assert_true(b0 + n * 16 * K >= lo && b0 + (n + 1) * 16 * K - 1 <= hi);
        assert_true(b3 + n * 16 * K >= lo && b3 + (n + 1) * 16 * K - 1 <= hi);
    }
    /* VFs enabled: placement refuses. */
    assert_int_equal(pci_sriov_place_vf_bars(igb.pf_sbdf, root_aperture, 1), -EBUSY);
}

static void test_igb_memory_window(void **state)
{
    struct pcim_igb igb;
    u64 b0, b3;

    pcim_igb_preset(&igb);
    pcim_set_window(igb.rp, PCIM_WIN_PREF, 0xfff00000, 0);     /* disabled */
    assert_int_equal(pci_sriov_place_vf_bars(igb.pf_sbdf, root_aperture, 1), 2);
    b0 = vf_base(igb.pf_sbdf, igb.sriov_pos, 0);
    b3 = vf_base(igb.pf_sbdf, igb.sriov_pos, 3);
    /* PF BARs use 0xfe800000-0xfe843fff: next 128K-aligned slots. */
    assert_int_equal(b0, 0xfe860000);
    assert_int_equal(b3, 0xfe880000);
    assert_true(host_log_contains("in the memory window of 0000:00:04.0"));
    assert_false(host_log_contains("widened"));
}

static void test_pref_window_above_4g_not_used(void **state)
{
    struct pcim_igb igb;

    pcim_igb_preset(&igb);
    pcim_set_window(igb.rp, PCIM_WIN_PREF, 0x800000000ULL, 0x8001fffffULL);
    assert_int_equal(pci_sriov_place_vf_bars(igb.pf_sbdf, root_aperture, 1), 2);
    assert_int_equal(vf_base(igb.pf_sbdf, igb.sriov_pos, 0), 0xfe860000);
    assert_int_equal(vf_base(igb.pf_sbdf, igb.sriov_pos, 3), 0xfe880000);
}

static void test_open_disabled_window(void **state)
{
    struct pcim_igb igb;
    struct pcim_dev *filler;
    u64 lo, hi, b0, b3;

    pcim_igb_preset(&igb);
    pcim_set_window(igb.rp, PCIM_WIN_PREF, 0xfff00000, 0);     /* disabled */
    pcim_set_window(igb.rp, PCIM_WIN_MEM, 0xfe800000, 0xfe8fffff);
    /* A second function on bus 1 leaves room for one 128K region only. */
    pcim_set_multifunction(igb.pf, true);
    filler = pcim_add_dev(PCI_SBDF4(0, 1, 0, 1), 0x8086, 0x10c9, 0x020000);
    pcim_set_bar(filler, 0, 512 * K, PCIM_BAR_MEM32, 0xfe880000);

    assert_int_equal(pci_sriov_place_vf_bars(igb.pf_sbdf, root_aperture, 1), 2);
    b0 = vf_base(igb.pf_sbdf, igb.sriov_pos, 0);
    b3 = vf_base(igb.pf_sbdf, igb.sriov_pos, 3);
    assert_int_equal(b0, 0xfe860000);
    /* BAR3 found no room: the prefetchable window was opened for it. */
    assert_true(pcim_get_window(igb.rp, PCIM_WIN_PREF, &lo, &hi));
    assert_int_equal(lo, 0xc0000000);
    assert_int_equal(hi, 0xc00fffff);
    assert_int_equal(b3, 0xc0000000);
    assert_true(host_log_contains("PCI: 0000:00:04.0: prefetchable window "
                                  "opened at [0xc0000000-0xc00fffff]"));
    assert_true(pci_conf_read16(igb.rp_sbdf, PCI_COMMAND) & PCI_COMMAND_MEMORY);
    /* The memory window did not move. */
    assert_true(pcim_get_window(igb.rp, PCIM_WIN_MEM, &lo, &hi));
    assert_int_equal(lo, 0xfe800000);
    assert_int_equal(hi, 0xfe8fffff);
}

/* A PF with one 64-bit prefetchable VF BAR of @size x 8 under the igb port. */
static struct pcim_dev *big_vf_pf(struct pcim_igb *igb, u64 size)
{
    struct pcim_dev *pf;
    struct pcim_sriov_cfg cfg = {
        .total_vfs = 8, .offset = 0x80, .stride = 1, .vf_device = 0x1234,
        .vf_bar[0] = { size, PCIM_BAR_MEM64 | PCIM_BAR_PREFETCH },
    };

    pcim_igb_preset(igb);
    pcim_set_multifunction(igb->pf, true);
    pf = pcim_add_dev(PCI_SBDF4(0, 1, 0, 1), 0x8086, 0x1234, 0x020000);
    pcim_add_sriov(pf, &cfg);
    pcim_set_window(igb->rp, PCIM_WIN_PREF, 0xfe000000, 0xfe0fffff);    /* 1M */
    return pf;
}

static void test_grow_enabled_window(void **state)
{
    struct pcim_igb igb;
    pci_sbdf_t pf = PCI_SBDF4(0, 1, 0, 1);
    u64 lo, hi;

    big_vf_pf(&igb, 1 * M);     /* 8 MiB of VF BARs */
    assert_int_equal(pci_sriov_place_vf_bars(pf, root_aperture, 1), 1);
    assert_int_equal(vf_base(pf, 0x100, 0), 0xfe000000);
    assert_true(pcim_get_window(igb.rp, PCIM_WIN_PREF, &lo, &hi));
    assert_int_equal(lo, 0xfe000000);
    /* Grown up to the bridge's own memory window, not into it. */
    assert_int_equal(hi, 0xfe7fffff);
    assert_true(host_log_contains("prefetchable window [0xfe000000-0xfe0fffff] "
                                  "widened to [0xfe000000-0xfe7fffff]"));
}

static void test_no_room(void **state)
{
    struct pcim_igb igb;
    struct pcim_dev *sib;
    pci_sbdf_t pf = PCI_SBDF4(0, 1, 0, 1);
    u64 lo, hi;

    big_vf_pf(&igb, 1 * M);
    /* A device on the root bus right above the prefetchable window. */
    sib = pcim_add_dev(PCI_SBDF4(0, 0, 3, 0), 0x1af4, 0x1000, 0x020000);
    pcim_set_bar(sib, 0, 1 * M, PCIM_BAR_MEM32, 0xfe400000);
    /* And the aperture below is all taken. */
    pcim_set_bar(sib, 1, 1ULL << 30, PCIM_BAR_MEM32, 0xc0000000);
    pcim_set_bar(sib, 2, 512 * M, PCIM_BAR_MEM32, 0xe0000000);

    assert_int_equal(pci_sriov_place_vf_bars(pf, root_aperture, 1), -ENOSPC);
    assert_true(host_log_contains("PCI: 0000:01:00.1: no room below 4 GiB for VF BAR0 (8 x 1M)"));
    assert_int_equal(vf_base(pf, 0x100, 0), 0);
    assert_true(pcim_get_window(igb.rp, PCIM_WIN_PREF, &lo, &hi));
    assert_int_equal(hi, 0xfe0fffff);
}

static void test_no_widening_without_aperture(void **state)
{
    struct pcim_igb igb;
    pci_sbdf_t pf = PCI_SBDF4(0, 1, 0, 1);

    big_vf_pf(&igb, 1 * M);
    assert_int_equal(pci_sriov_place_vf_bars(pf, NULL, 0), -ENOSPC);
}

static void test_two_pfs_one_bridge(void **state)
{
    struct pcim_igb igb;
    pci_sbdf_t pf2 = PCI_SBDF4(0, 1, 0, 1);
    u64 b;

    big_vf_pf(&igb, 16 * K);    /* 8 x 16K = 128K */
    assert_int_equal(pci_sriov_place_vf_bars(igb.pf_sbdf, root_aperture, 1), 2);
    assert_int_equal(pci_sriov_place_vf_bars(pf2, root_aperture, 1), 1);
    b = vf_base(pf2, 0x100, 0);
    assert_false(overlap(b, 128 * K, vf_base(igb.pf_sbdf, igb.sriov_pos, 0), 128 * K));
    assert_false(overlap(b, 128 * K, vf_base(igb.pf_sbdf, igb.sriov_pos, 3), 128 * K));
    assert_int_equal(b, 0xfe040000);
}

static void test_root_bus_pf(void **state)
{
    pci_sbdf_t sbdf = PCI_SBDF4(0, 0, 5, 0);
    struct pcim_dev *pf = pcim_add_dev(sbdf, 0x8086, 0x10c9, 0x020000);
    struct pcim_dev *other = pcim_add_dev(PCI_SBDF4(0, 0, 6, 0), 0x1af4, 0x1000, 0x010000);
    const struct pci_mem_range ap = { 0xe0000000, 0xefffffff };
    struct pcim_sriov_cfg cfg = {
        .total_vfs = 8, .offset = 0x80, .stride = 2, .vf_device = 0x10ca,
        .vf_bar[2] = { 16 * K, PCIM_BAR_MEM32 },
    };
    unsigned int pos = pcim_add_sriov(pf, &cfg);

    pcim_set_bar(pf, 0, 1 * M, PCIM_BAR_MEM32, 0xe0000000);
    pcim_set_bar(other, 0, 64 * K, PCIM_BAR_MEM32, 0xe0100000);
    assert_int_equal(pci_sriov_place_vf_bars(sbdf, &ap, 1), 1);
    assert_int_equal(vf_base(sbdf, pos, 2), 0xe0120000);
    assert_true(host_log_contains("VF BAR2 placed at [0xe0120000-0xe013ffff] (8 x 16K) on the root bus"));
}

static void test_refusals(void **state)
{
    struct pcim_igb igb;

    pcim_igb_preset(&igb);
    assert_int_equal(pci_sriov_place_vf_bars(igb.rp_sbdf, root_aperture, 1), -ENODEV);
    pci_conf_write16(igb.pf_sbdf, igb.sriov_pos + PCI_SRIOV_CTRL, PCI_SRIOV_CTRL_MSE);
    assert_int_equal(pci_sriov_place_vf_bars(igb.pf_sbdf, root_aperture, 1), -EBUSY);
    assert_int_equal(vf_base(igb.pf_sbdf, igb.sriov_pos, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_find_free, setup, teardown),
        cmocka_unit_test_setup_teardown(test_igb_prefetchable_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_igb_memory_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pref_window_above_4g_not_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_disabled_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_grow_enabled_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_room, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_widening_without_aperture, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_pfs_one_bridge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_root_bus_pf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
