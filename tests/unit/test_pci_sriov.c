/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SR-IOV geometry on the config-space model: the igb-like PF, VF BAR
 * sizing (64-bit, I/O, unsizeable, refused while VFs are enabled), VF
 * routing IDs and the VF-index check for every VF, 64 VFs across two buses,
 * and corrupt geometry (stride 0 with NumVFs > 1, offset 0).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/pci/access.h>
#include <mhv/pci/caps.h>
#include <mhv/pci/bars.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/sriov.h>
#include <mhv/errno.h>
#include "harness.h"
#include "pcimodel.h"

static int setup(void **state)
{
    pcim_reset();
    host_log_clear();
    return 0;
}

static void test_igb_geometry(void **state)
{
    struct pcim_igb igb;
    struct pci_sriov sr;
    struct pci_bar vfb[PCI_SRIOV_NUM_BARS];
    u64 rlen[PCI_SRIOV_NUM_BARS];
    struct pcim_stats st;
    unsigned int i;

    pcim_igb_preset(&igb);
    assert_int_equal(pci_sriov_read(igb.pf_sbdf, &sr), 0);
    assert_int_equal(sr.pos, 0x160);
    assert_int_equal(sr.total_vfs, 8);
    assert_int_equal(sr.initial_vfs, 8);
    assert_int_equal(sr.num_vfs, 0);
    assert_int_equal(sr.offset, 0x80);
    assert_int_equal(sr.stride, 2);
    assert_int_equal(sr.vf_device, 0x10ca);
    assert_int_equal(sr.sup_pgsz, 0x553);
    assert_int_equal(sr.sys_pgsz, 1);
    assert_int_equal(sr.ctrl, 0);

    assert_int_equal(pci_sriov_read_vf_bars(igb.pf_sbdf, sr.pos, vfb), 0);
    assert_int_equal(vfb[0].type, PCI_BAR_MEM);
    assert_true(vfb[0].is64);
    assert_true(vfb[0].prefetch);
    assert_int_equal(vfb[0].size, 16384);
    assert_int_equal(vfb[0].base, 0);
    assert_int_equal(vfb[1].type, PCI_BAR_EMPTY);
    assert_int_equal(vfb[3].size, 16384);
    assert_true(vfb[3].is64);

    assert_int_equal(pci_sriov_size_vf_bars(igb.pf_sbdf, sr.pos, rlen), 0);
    for (i = 0; i < PCI_SRIOV_NUM_BARS; i++)
        assert_int_equal(rlen[i], (i == 0 || i == 3) ? 16384 : 0);
    pcim_get_stats(&st);
    assert_int_equal(st.vf_bar_writes_while_enabled, 0);
    assert_false(host_log_contains("PCI:"));

    /* No SR-IOV on the root port. */
    assert_int_equal(pci_sriov_read(igb.rp_sbdf, &sr), -ENODEV);
    assert_int_equal(sr.pos, 0);
}

static void test_vf_bar_sizing_refused_while_enabled(void **state)
{
    struct pcim_igb igb;
    u64 rlen[PCI_SRIOV_NUM_BARS];
    struct pcim_stats st;

    pcim_igb_preset(&igb);
    pcim_enable_vfs(igb.pf_sbdf, 2);
    assert_int_equal(pci_sriov_size_vf_bars(igb.pf_sbdf, igb.sriov_pos, rlen), -EBUSY);
    assert_int_equal(rlen[0], 0);
    assert_true(host_log_contains("0000:01:00.0: VF BARs not sized"));
    pcim_get_stats(&st);
    assert_int_equal(st.vf_bar_writes_while_enabled, 0);

    /* MSE alone is enough to refuse. */
    pcim_enable_vfs(igb.pf_sbdf, 0);
    pci_conf_write16(igb.pf_sbdf, igb.sriov_pos + PCI_SRIOV_CTRL, PCI_SRIOV_CTRL_MSE);
    assert_int_equal(pci_sriov_size_vf_bars(igb.pf_sbdf, igb.sriov_pos, rlen), -EBUSY);
    pci_conf_write16(igb.pf_sbdf, igb.sriov_pos + PCI_SRIOV_CTRL, 0);
    assert_int_equal(pci_sriov_size_vf_bars(igb.pf_sbdf, igb.sriov_pos, rlen), 0);
    assert_int_equal(rlen[3], 16384);
}

static void test_vf_bars_io_and_unsizeable(void **state)
{
    pci_sbdf_t sbdf = PCI_SBDF4(0, 2, 0, 0);
    struct pcim_dev *pf = pcim_add_dev(sbdf, 0x8086, 0x1572, 0x020000);
    struct pcim_sriov_cfg cfg = {
        .total_vfs = 4, .offset = 0x10, .stride = 1, .vf_device = 0x154c,
        .vf_bar = {
            [0] = { 256, PCIM_BAR_IO },                 /* I/O: not allowed */
            [1] = { 65536, PCIM_BAR_MEM32 },            /* fine */
            [2] = { 8192, PCIM_BAR_MEM32 },             /* made unsizeable */
            [3] = { 4096, PCIM_BAR_MEM64 },             /* fine, 2 slots */
        },
    };
    unsigned int pos = pcim_add_sriov(pf, &cfg);
    u64 rlen[PCI_SRIOV_NUM_BARS];

    pcim_set_wmask(pf, pos + PCI_SRIOV_VF_BAR(2), 4, 0xf0f0e000);   /* holes */
    assert_int_equal(pci_sriov_size_vf_bars(sbdf, pos, rlen), 0);
    assert_int_equal(rlen[0], 0);
    assert_true(host_log_contains("0000:02:00.0: VF BAR0 is an I/O BAR, ignored"));
    assert_int_equal(rlen[1], 65536);
    assert_int_equal(rlen[2], 0);
    assert_true(host_log_contains("0000:02:00.0: VF BAR2 cannot be sized, ignored"));
    assert_int_equal(rlen[3], 4096);
    assert_int_equal(rlen[4], 0);
    assert_int_equal(rlen[5], 0);

    /* 64-bit VF BAR5: no upper half. */
    host_log_clear();
    pcim_poke32(pf, pos + PCI_SRIOV_VF_BAR(5), PCI_BASE_ADDRESS_MEM_TYPE_64);
    pcim_set_wmask(pf, pos + PCI_SRIOV_VF_BAR(5), 4, 0xfffff000);
    assert_int_equal(pci_sriov_size_vf_bars(sbdf, pos, rlen), 0);
    assert_int_equal(rlen[5], 0);
    assert_true(host_log_contains("VF BAR5 cannot be sized"));
}

static void test_vf_bar_base(void **state)
{
    struct pcim_igb igb;
    u64 base;
    unsigned int pos;

    pcim_igb_preset(&igb);
    pos = igb.sriov_pos;
    pci_conf_write32(igb.pf_sbdf, pos + PCI_SRIOV_VF_BAR(0), 0xfe000000);
    pci_conf_write32(igb.pf_sbdf, pos + PCI_SRIOV_VF_BAR(3), 0xfe020000);
    pci_conf_write32(igb.pf_sbdf, pos + PCI_SRIOV_VF_BAR(4), 0x1);
    assert_int_equal(pci_sriov_vf_bar_base(igb.pf_sbdf, pos, 0, &base), 0);
    assert_int_equal(base, 0xfe000000);
    assert_int_equal(pci_sriov_vf_bar_base(igb.pf_sbdf, pos, 3, &base), 0);
    assert_int_equal(base, 0x1fe020000ULL);
    assert_int_equal(pci_sriov_vf_bar_base(igb.pf_sbdf, pos, 1, &base), -EINVAL);
    assert_int_equal(pci_sriov_vf_bar_base(igb.pf_sbdf, pos, 4, &base), -EINVAL);
    assert_int_equal(pci_sriov_vf_bar_base(igb.pf_sbdf, pos, 2, &base), 0);
    assert_int_equal(base, 0);
    assert_int_equal(pci_sriov_vf_bar_base(igb.pf_sbdf, pos, 6, &base), -EINVAL);
}

static void test_igb_vfs_every_index(void **state)
{
    static const u8 devfn[8] = {
        PCI_DEVFN(0x10, 0), PCI_DEVFN(0x10, 2), PCI_DEVFN(0x10, 4),
        PCI_DEVFN(0x10, 6), PCI_DEVFN(0x11, 0), PCI_DEVFN(0x11, 2),
        PCI_DEVFN(0x11, 4), PCI_DEVFN(0x11, 6),
    };
    struct pcim_igb igb;
    pci_sbdf_t vf;
    unsigned int n;

    pcim_igb_preset(&igb);
    /* Before VF Enable: no VF exists. */
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, PCI_SBDF(0, 1, devfn[0])), -ENXIO);
    assert_int_equal(pci_sriov_vf_sbdf(igb.pf_sbdf, 0, &vf), -ENXIO);
    assert_null(pcim_find(PCI_SBDF(0, 1, devfn[0])));

    pcim_enable_vfs(igb.pf_sbdf, 8);
    assert_int_equal(pcim_nr_vfs(igb.pf), 8);
    for (n = 0; n < 8; n++) {
        pci_sbdf_t want = PCI_SBDF(0, 1, devfn[n]);

        assert_int_equal(pci_sriov_vf_rid(igb.pf_sbdf, 0x80, 2, n, &vf), 0);
        assert_int_equal(vf.sbdf, want.sbdf);
        assert_int_equal(pci_sriov_vf_sbdf(igb.pf_sbdf, n, &vf), 0);
        assert_int_equal(vf.sbdf, want.sbdf);
        assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, want), (int)n);
        /* The model's VF: 0xffff IDs, the PF's class, MSI-X at 0x70. */
        assert_non_null(pcim_find(want));
        assert_int_equal(pci_conf_read16(want, PCI_VENDOR_ID), 0xffff);
        assert_int_equal(pci_conf_read16(want, PCI_DEVICE_ID), 0xffff);
        assert_int_equal(pci_conf_read32(want, PCI_CLASS_REVISION), 0x02000001);
        assert_int_equal(pci_find_cap(want, PCI_CAP_ID_MSIX), 0x70);
        assert_int_equal(pci_conf_read16(want, 0x70 + PCI_MSIX_FLAGS) & PCI_MSIX_FLAGS_QSIZE, 2);
        assert_int_equal(pci_conf_read32(want, 0x70 + PCI_MSIX_TABLE), 3);
        assert_int_equal(pci_conf_read32(want, 0x70 + PCI_MSIX_PBA), 0x2003);
        assert_int_equal(pci_find_cap(want, PCI_CAP_ID_MSI), 0);
    }
    assert_int_equal(pci_sriov_vf_sbdf(igb.pf_sbdf, 8, &vf), -EINVAL);

    /* Not VFs of this PF. */
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, PCI_SBDF4(0, 1, 0x10, 1)), -EINVAL);
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, PCI_SBDF4(0, 1, 0x12, 0)), -EINVAL);
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, PCI_SBDF4(0, 1, 0x0f, 6)), -EINVAL);
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, igb.pf_sbdf), -EINVAL);
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, PCI_SBDF4(1, 1, 0x10, 0)), -EINVAL);
    assert_int_equal(pci_sriov_vf_index(igb.rp_sbdf, PCI_SBDF4(0, 1, 0x10, 0)), -ENODEV);
    assert_false(host_log_contains("PCI:"));
}

static void test_numvfs_limits_index(void **state)
{
    struct pcim_igb igb;
    struct pcim_stats st;

    pcim_igb_preset(&igb);
    pcim_enable_vfs(igb.pf_sbdf, 3);
    assert_int_equal(pcim_nr_vfs(igb.pf), 3);
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, PCI_SBDF4(0, 1, 0x10, 4)), 2);
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, PCI_SBDF4(0, 1, 0x10, 6)), -EINVAL);
    assert_null(pcim_find(PCI_SBDF4(0, 1, 0x10, 6)));

    /* NumVFs is read-only while VF Enable is set. */
    pci_conf_write16(igb.pf_sbdf, igb.sriov_pos + PCI_SRIOV_NUM_VF, 8);
    assert_int_equal(pci_conf_read16(igb.pf_sbdf, igb.sriov_pos + PCI_SRIOV_NUM_VF), 3);
    pcim_get_stats(&st);
    assert_int_equal(st.numvfs_writes_ignored, 1);
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, PCI_SBDF4(0, 1, 0x10, 6)), -EINVAL);

    /* VF Enable cleared: the VFs are gone and no SBDF is a VF. */
    pcim_enable_vfs(igb.pf_sbdf, 0);
    assert_int_equal(pcim_nr_vfs(igb.pf), 0);
    assert_null(pcim_find(PCI_SBDF4(0, 1, 0x10, 0)));
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, PCI_SBDF4(0, 1, 0x10, 0)), -ENXIO);
}

static void test_offset_stride_read_fresh(void **state)
{
    struct pcim_igb igb;
    pci_sbdf_t vf;

    pcim_igb_preset(&igb);
    pcim_enable_vfs(igb.pf_sbdf, 4);
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, PCI_SBDF4(0, 1, 0x10, 2)), 1);
    /* The device changes its geometry (as after an ARI or NumVFs change). */
    pcim_poke16(igb.pf, igb.sriov_pos + PCI_SRIOV_VF_OFFSET, 0x100);
    pcim_poke16(igb.pf, igb.sriov_pos + PCI_SRIOV_VF_STRIDE, 1);
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, PCI_SBDF4(0, 1, 0x10, 2)), -EINVAL);
    assert_int_equal(pci_sriov_vf_index(igb.pf_sbdf, PCI_SBDF4(0, 2, 0, 3)), 3);
    assert_int_equal(pci_sriov_vf_sbdf(igb.pf_sbdf, 2, &vf), 0);
    assert_int_equal(vf.sbdf, PCI_SBDF4(0, 2, 0, 2).sbdf);
}

static void test_64_vfs_two_buses(void **state)
{
    pci_sbdf_t pf_sbdf = PCI_SBDF4(0, 1, 0, 0);
    struct pcim_dev *pf = pcim_add_sriov_pf(pf_sbdf, 64, 0x80, 2);
    unsigned int n, on_bus2 = 0;

    pcim_enable_vfs(pf_sbdf, 64);
    assert_int_equal(pcim_nr_vfs(pf), 64);
    for (n = 0; n < 64; n++) {
        unsigned int rid = 0x100 + 0x80 + 2 * n;
        pci_sbdf_t want = PCI_SBDF(0, rid >> 8, rid & 0xff), got;

        assert_int_equal(pci_sriov_vf_sbdf(pf_sbdf, n, &got), 0);
        assert_int_equal(got.sbdf, want.sbdf);
        assert_int_equal(pci_sriov_vf_index(pf_sbdf, want), (int)n);
        assert_non_null(pcim_find(want));
        assert_int_equal(pci_conf_read16(want, PCI_VENDOR_ID), 0xffff);
        on_bus2 += want.bus == 2;
    }
    assert_int_equal(on_bus2, 0);     /* RIDs 0x180..0x1fe: all on bus 1 */
    /* Shift the PF so the VFs really straddle the bus boundary. */
    pcim_reset();
    pf_sbdf = PCI_SBDF4(0, 1, 0x10, 0);                 /* RID 0x180 */
    pf = pcim_add_sriov_pf(pf_sbdf, 64, 0x40, 2);                 /* VFs 0x1c0..0x23e */
    pcim_enable_vfs(pf_sbdf, 64);
    for (n = 0, on_bus2 = 0; n < 64; n++) {
        unsigned int rid = 0x180 + 0x40 + 2 * n;
        pci_sbdf_t want = PCI_SBDF(0, rid >> 8, rid & 0xff), got;

        assert_int_equal(pci_sriov_vf_rid(pf_sbdf, 0x40, 2, n, &got), 0);
        assert_int_equal(got.sbdf, want.sbdf);
        assert_int_equal(pci_sriov_vf_index(pf_sbdf, want), (int)n);
        assert_non_null(pcim_find(want));
        on_bus2 += want.bus == 2;
    }
    assert_int_equal(on_bus2, 32);
    assert_int_equal(pci_sriov_vf_index(pf_sbdf, PCI_SBDF4(0, 2, 0x08, 0)), -EINVAL);
    assert_false(host_log_contains("PCI:"));
}

static void test_rid_carry_and_range(void **state)
{
    pci_sbdf_t vf;

    assert_int_equal(pci_sriov_vf_rid(PCI_SBDF4(0, 5, 0x1f, 7), 1, 1, 0, &vf), 0);
    assert_int_equal(vf.sbdf, PCI_SBDF4(0, 6, 0, 0).sbdf);
    assert_int_equal(pci_sriov_vf_rid(PCI_SBDF4(3, 0xff, 0, 0), 0x80, 2, 63, &vf), 0);
    assert_int_equal(vf.sbdf, PCI_SBDF4(3, 0xff, 0x1f, 6).sbdf);
    assert_int_equal(vf.seg, 3);
    assert_int_equal(pci_sriov_vf_rid(PCI_SBDF4(0, 0xff, 0, 0), 0x80, 2, 64, &vf), -ERANGE);
    assert_int_equal(pci_sriov_vf_rid(PCI_SBDF4(0, 0, 0, 0), 0xffff, 0xffff, 0xffff, &vf), -ERANGE);
}

static void test_stride_zero(void **state)
{
    pci_sbdf_t pf_sbdf = PCI_SBDF4(0, 4, 0, 0);
    pci_sbdf_t vf;

    pcim_add_sriov_pf(pf_sbdf, 4, 0x80, 0);
    /* One VF with stride 0 is legal. */
    pcim_enable_vfs(pf_sbdf, 1);
    assert_int_equal(pci_sriov_vf_index(pf_sbdf, PCI_SBDF4(0, 4, 0x10, 0)), 0);
    assert_int_equal(pci_sriov_vf_index(pf_sbdf, PCI_SBDF4(0, 4, 0x10, 1)), -EINVAL);
    assert_false(host_log_contains("PCI:"));
    pcim_enable_vfs(pf_sbdf, 0);

    /* More than one: corrupt, refused with a warning. */
    pcim_enable_vfs(pf_sbdf, 2);
    assert_int_equal(pci_sriov_vf_index(pf_sbdf, PCI_SBDF4(0, 4, 0x10, 0)), -EINVAL);
    assert_true(host_log_contains("PCI: 0000:04:00.0: SR-IOV VF Stride is 0 with 2 VFs enabled"));
    assert_int_equal(pci_sriov_vf_sbdf(pf_sbdf, 0, &vf), -EINVAL);
}

static void test_offset_zero(void **state)
{
    pci_sbdf_t pf_sbdf = PCI_SBDF4(0, 4, 0, 0);
    struct pcim_stats st;

    pcim_add_sriov_pf(pf_sbdf, 4, 0, 1);
    pcim_enable_vfs(pf_sbdf, 2);
    /* The model could not create VF 0 on top of the PF. */
    pcim_get_stats(&st);
    assert_int_equal(st.vf_collisions, 1);
    assert_int_equal(pci_sriov_vf_index(pf_sbdf, pf_sbdf), -EINVAL);
    assert_int_equal(pci_sriov_vf_index(pf_sbdf, PCI_SBDF4(0, 4, 0, 1)), -EINVAL);
    assert_true(host_log_contains("PCI: 0000:04:00.0: SR-IOV First VF Offset is 0 with 2 VFs enabled"));
}

static void test_absent_pf(void **state)
{
    pci_sbdf_t vf;
    struct pci_sriov sr;

    assert_int_equal(pci_sriov_read(PCI_SBDF4(0, 9, 0, 0), &sr), -ENODEV);
    assert_int_equal(pci_sriov_vf_index(PCI_SBDF4(0, 9, 0, 0), PCI_SBDF4(0, 9, 0x10, 0)), -ENODEV);
    assert_int_equal(pci_sriov_vf_sbdf(PCI_SBDF4(0, 9, 0, 0), 0, &vf), -ENODEV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_igb_geometry, setup),
        cmocka_unit_test_setup(test_vf_bar_sizing_refused_while_enabled, setup),
        cmocka_unit_test_setup(test_vf_bars_io_and_unsizeable, setup),
        cmocka_unit_test_setup(test_vf_bar_base, setup),
        cmocka_unit_test_setup(test_igb_vfs_every_index, setup),
        cmocka_unit_test_setup(test_numvfs_limits_index, setup),
        cmocka_unit_test_setup(test_offset_stride_read_fresh, setup),
        cmocka_unit_test_setup(test_64_vfs_two_buses, setup),
        cmocka_unit_test_setup(test_rid_carry_and_range, setup),
        cmocka_unit_test_setup(test_stride_zero, setup),
        cmocka_unit_test_setup(test_offset_zero, setup),
        cmocka_unit_test_setup(test_absent_pf, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
