/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Malicious and broken devices, through the real registry
 * (drivers/passthrough/) and PCI core (drivers/pci/) on the config-space
 * model: a device controls every byte of its config space, so each lie it
 * can tell must be refused -- with a log line naming the device -- without
 * a crash, an assertion, a hang or a leak, and without the registry
 * trusting the lie afterwards.
 *
 * Cases: capability lists that loop (standard and extended, hiding MSI-X
 * or SR-IOV), capabilities overlapping each other or running past the end
 * of config space, SR-IOV with First VF Offset 0, VF Stride 0, NumVFs above
 * TotalVFs, VF routing IDs past bus 255, a "VF" that is a real function, VF
 * BARs that are I/O, too large to place below 4 GiB, or whose VF region
 * wraps past the top of the address space, and a device that vanishes.
 * (MSI-X table/PBA placement -- BIR of a missing BAR, table outside the BAR
 * -- is covered by tests/unit/test_msi_bar.c.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/sriov.h>
#include <mhv/pci/place.h>
#include <mhv/passthrough/pci_mem_bar.h>
#include <mhv/passthrough/pcidev.h>
#include "harness.h"
#include "pcimodel.h"
#include "test_registry_fixture.h"

#define DEV     PCI_SBDF(0, 3, PCI_DEVFN(0, 0))
#define SRIOV   0x160           /* the igb preset's SR-IOV capability */

static int setup(void **state)
{
    reg_setup();
    return 0;
}

static int teardown(void **state)
{
    reg_check_empty();
    return 0;
}

/* A plain endpoint with PM 0x40, MSI 0x50 (64-bit, maskable), MSI-X 0x70. */
static struct pcim_dev *endpoint(void)
{
    struct pcim_dev *d = pcim_add_dev(DEV, 0x8086, 0x1234, 0x020000);

    pcim_set_bar(d, 0, 0x4000, PCIM_BAR_MEM32, 0xfe000000);
    pcim_add_pm(d, 0x40);
    pcim_add_msi(d, 0x50, true, true, 0);
    pcim_add_msix(d, 0x70, 4, 0, 0, 0, 0x2000);
    return d;
}

static void poke_sriov16(struct pcim_dev *pf, unsigned int reg, u16 v)
{
    pcim_poke16(pf, SRIOV + reg, v);
}

#define VF_BAR0_BASE    0xfe000000u
#define VF_BAR3_BASE    0xfe100000u

/* The igb PF registered with its VF BARs placed, then @nr VFs enabled. */
static void igb_placed(struct pcim_igb *igb, unsigned int nr)
{
    u32 type = PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH;

    pcim_igb_preset(igb);
    pcim_poke32(igb->pf, SRIOV + PCI_SRIOV_VF_BAR(0), VF_BAR0_BASE | type);
    pcim_poke32(igb->pf, SRIOV + PCI_SRIOV_VF_BAR(3), VF_BAR3_BASE | type);
    assert_int_equal(reg_add_fn(igb->pf_sbdf), 0);
    if (nr)
        pcim_enable_vfs(igb->pf_sbdf, nr);
}

/* ------------------------------------------------------------ capabilities */

/* A loop before MSI-X: the device is registered without it. */
static void test_std_loop_hides_msix(void **state)
{
    struct pcim_dev *d = endpoint();
    struct pci_dev *pdev;

    pcim_set_cap_next(d, 0x50, 0x40);       /* PM -> MSI -> PM ... */
    host_log_clear();
    assert_int_equal(reg_add_fn(DEV), 0);
    assert_true(host_log_contains("PCI: 0000:03:00.0: capability list loops at 0x40"));
    pdev = reg_lookup(DEV);
    assert_non_null(pdev);
    assert_int_equal(pdev->msi_pos, 0x50);
    assert_int_equal(pdev->msix_pos, 0);
    assert_int_equal(reg_remove_fn(DEV), 0);
}

/* A capability pointing at itself. */
static void test_std_self_loop(void **state)
{
    struct pcim_dev *d = endpoint();

    pcim_set_cap_next(d, 0x40, 0x40);
    host_log_clear();
    assert_int_equal(reg_add_fn(DEV), 0);
    assert_true(host_log_contains("capability list loops at 0x40"));
    assert_int_equal(reg_lookup(DEV)->msi_pos, 0);
    assert_int_equal(reg_lookup(DEV)->msix_pos, 0);
    assert_int_equal(reg_remove_fn(DEV), 0);
}

/*
 * The igb PF's extended list loops before SR-IOV (AER -> ARI -> AER): it is
 * registered as a plain function, and its VFs are refused.
 */
static void test_ext_loop_hides_sriov(void **state)
{
    struct pcim_igb igb;
    struct pci_dev *pdev;

    pcim_igb_preset(&igb);
    pcim_enable_vfs(igb.pf_sbdf, 2);
    pcim_set_ext_cap_next(igb.pf, 0x150, 0x100);
    host_log_clear();
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    assert_true(host_log_contains("PCI: 0000:01:00.0: extended capability list loops at 0x100"));
    pdev = reg_lookup(IGB_PF);
    assert_non_null(pdev);
    assert_false(pdev->is_pf);
    host_log_clear();
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), -EINVAL);
    assert_true(host_log_contains("PCI add 0000:01:10.0 VF of 0000:01:00.0"));
    assert_null(reg_lookup(IGB_VF(0)));
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
}

/*
 * MSI-X starting inside MSI's registers (MSI 64-bit maskable is 24 bytes:
 * 0x50-0x67): the overlapping capability is refused, the one before stays.
 */
static void test_overlapping_caps(void **state)
{
    struct pcim_dev *d = pcim_add_dev(DEV, 0x8086, 0x1234, 0x020000);
    struct pci_dev *pdev;

    pcim_set_bar(d, 0, 0x4000, PCIM_BAR_MEM32, 0xfe000000);
    pcim_add_msi(d, 0x50, true, true, 0);
    /* Raw bytes: an MSI-X capability header at 0x60, reached from MSI. */
    pcim_poke8(d, 0x60, PCI_CAP_ID_MSIX);
    pcim_poke8(d, 0x61, 0);
    pcim_poke16(d, 0x62, 3);
    pcim_set_cap_next(d, 0x50, 0x60);
    host_log_clear();
    assert_int_equal(reg_add_fn(DEV), 0);
    assert_true(host_log_contains("PCI: 0000:03:00.0: capability at 0x60 overlaps "
                                  "the one at 0x50"));
    pdev = reg_lookup(DEV);
    assert_int_equal(pdev->msi_pos, 0x50);
    assert_int_equal(pdev->msix_pos, 0);
    assert_int_equal(reg_remove_fn(DEV), 0);
}

/* MSI-X at 0xf8 would run past the standard space (12 bytes). */
static void test_cap_past_end(void **state)
{
    struct pcim_dev *d = pcim_add_dev(DEV, 0x8086, 0x1234, 0x020000);

    pcim_add_pm(d, 0x40);
    pcim_poke8(d, 0xf8, PCI_CAP_ID_MSIX);
    pcim_poke8(d, 0xf9, 0);
    pcim_set_cap_next(d, 0x40, 0xf8);
    host_log_clear();
    assert_int_equal(reg_add_fn(DEV), 0);
    assert_true(host_log_contains("PCI: 0000:03:00.0: capability 0x11 at 0xf8 "
                                  "does not fit"));
    assert_int_equal(reg_lookup(DEV)->msix_pos, 0);
    assert_int_equal(reg_remove_fn(DEV), 0);
}

/* SR-IOV overlapping the ARI capability, and one that runs past 4 KiB. */
static void test_ext_overlap_and_past_end(void **state)
{
    struct pcim_igb igb;

    pcim_igb_preset(&igb);
    /* ARI (0x150, 8 bytes) now points at an SR-IOV header at 0x154, inside
     * ARI's own registers; the real SR-IOV capability is no longer listed. */
    pcim_poke32(igb.pf, 0x154, PCI_EXT_CAP_ID_SRIOV | 1 << 16);
    pcim_set_ext_cap_next(igb.pf, 0x150, 0x154);
    host_log_clear();
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    assert_true(host_log_contains("PCI: 0000:01:00.0: extended capability at "
                                  "0x154 overlaps the one at 0x150"));
    assert_false(reg_lookup(IGB_PF)->is_pf);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);

    /* An SR-IOV capability at 0xfe0 needs 0x40 bytes: it does not fit. */
    pcim_reset();
    pcim_igb_preset(&igb);
    pcim_poke32(igb.pf, 0xfe0, PCI_EXT_CAP_ID_SRIOV | 1 << 16);
    pcim_set_ext_cap_next(igb.pf, 0x150, 0xfe0);
    pcim_poke32(igb.pf, SRIOV, 0);          /* the real one is gone */
    pcim_set_ext_cap_next(igb.pf, 0x100, 0x150);
    host_log_clear();
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    assert_true(host_log_contains("PCI: 0000:01:00.0: extended capability 0x10 "
                                  "at 0xfe0 does not fit"));
    assert_false(reg_lookup(IGB_PF)->is_pf);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
}

/* ------------------------------------------------------------ SR-IOV */

static void test_offset_zero(void **state)
{
    struct pcim_igb igb;

    igb_up(&igb, 4, 1);
    poke_sriov16(igb.pf, PCI_SRIOV_VF_OFFSET, 0);
    host_log_clear();
    assert_int_equal(reg_add_vf(IGB_VF(1), IGB_PF), -EINVAL);
    assert_true(host_log_contains("PCI: 0000:01:00.0: SR-IOV First VF Offset is 0 "
                                  "with 4 VFs enabled"));
    assert_null(reg_lookup(IGB_VF(1)));
    /* The VF added before cannot find its BARs any more. */
    host_log_clear();
    {
        u64 base, size;

        pcidevs_lock();
        assert_int_equal(read_pci_mem_bar(reg_lookup(IGB_VF(0)), 3, &base, &size),
                         -ENXIO);
        pcidevs_unlock();
    }
    assert_true(host_log_contains("0000:01:10.0: PF 0000:01:00.0 SR-IOV not usable"));
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
}

static void test_stride_zero(void **state)
{
    struct pcim_igb igb;

    igb_up(&igb, 4, 0);
    poke_sriov16(igb.pf, PCI_SRIOV_VF_STRIDE, 0);
    host_log_clear();
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), -EINVAL);
    assert_int_equal(reg_add_vf(IGB_VF(1), IGB_PF), -EINVAL);
    assert_true(host_log_contains("PCI: 0000:01:00.0: SR-IOV VF Stride is 0 with "
                                  "4 VFs enabled"));
    assert_null(reg_lookup(IGB_VF(0)));
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
}

/*
 * NumVFs 16 with TotalVFs 8 (written behind the back of NumVFs' read-only
 * rule): VFs beyond TotalVFs would have BARs beyond the PF's VF BAR space
 * (TotalVFs x size) -- they are refused; the ones below TotalVFs are fine.
 */
static void test_numvfs_above_total(void **state)
{
    struct pcim_igb igb;
    u64 base, size;

    igb_placed(&igb, 8);
    poke_sriov16(igb.pf, PCI_SRIOV_NUM_VF, 16);
    host_log_clear();
    assert_int_equal(reg_add_vf(IGB_VF(8), IGB_PF), -EINVAL);
    assert_int_equal(reg_add_vf(IGB_VF(15), IGB_PF), -EINVAL);
    assert_true(host_log_contains("PCI: 0000:01:00.0: SR-IOV NumVFs 16 above "
                                  "TotalVFs 8"));
    assert_null(reg_lookup(IGB_VF(8)));
    assert_int_equal(reg_add_vf(IGB_VF(7), IGB_PF), 0);
    pcidevs_lock();
    assert_int_equal(read_pci_mem_bar(reg_lookup(IGB_VF(7)), 3, &base, &size), 0);
    pcidevs_unlock();
    assert_int_equal(size, IGB_VF_BAR_SIZE);
    assert_int_equal(base, VF_BAR3_BASE + 7 * IGB_VF_BAR_SIZE);
    assert_int_equal(reg_remove_fn(IGB_VF(7)), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
}

/* A PF whose VF routing IDs would pass bus 255. */
static void test_vf_rid_past_last_bus(void **state)
{
    pci_sbdf_t pf = PCI_SBDF(0, 0xfe, PCI_DEVFN(0, 0));
    pci_sbdf_t vf = PCI_SBDF(0, 0xff, PCI_DEVFN(0x1f, 7));

    pcim_add_sriov_pf(pf, 8, 0x1ff, 1);
    pcim_enable_vfs(pf, 2);
    assert_int_equal(reg_add_fn(pf), 0);
    host_log_clear();
    /* VF 0 is ff:1f.7; VF 1 would be routing ID 0x10000. */
    assert_int_equal(reg_add_vf(vf, pf), 0);
    assert_int_equal(pci_sriov_vf_sbdf(pf, 1, &vf), -ERANGE);
    assert_int_equal(reg_remove_fn(PCI_SBDF(0, 0xff, PCI_DEVFN(0x1f, 7))), 0);
    assert_int_equal(reg_remove_fn(pf), 0);
}

/* The "VF" is a real function already registered as such. */
static void test_vf_is_a_real_function(void **state)
{
    struct pcim_igb igb;
    pci_sbdf_t other = PCI_SBDF(0, 1, 0x80);

    igb_up(&igb, 0, 0);
    /* A real function where VF 0 will be, registered first. */
    pcim_add_dev(other, 0x8086, 0x5678, 0x020000);
    assert_int_equal(reg_add_fn(other), 0);
    host_log_clear();
    assert_int_equal(reg_add_vf(other, IGB_PF), -EEXIST);
    assert_false(reg_lookup(other)->is_vf);
    assert_int_equal(reg_remove_fn(other), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
}

/* VF BAR0 is an I/O BAR: ignored at PF add, so no VF gets it. */
static void test_io_vf_bar(void **state)
{
    pci_sbdf_t pf = PCI_SBDF(0, 2, PCI_DEVFN(0, 0));
    struct pcim_dev *d = pcim_add_dev(pf, 0x15b3, 0x1017, 0x020000);
    struct pcim_sriov_cfg cfg = {
        .total_vfs = 4, .offset = 1, .stride = 1, .vf_device = 0x1018,
        .vf_bar[0] = { 256, PCIM_BAR_IO },
        .vf_bar[2] = { 16384, PCIM_BAR_MEM64 | PCIM_BAR_PREFETCH },
    };
    struct pci_dev *pdev;

    pcim_add_sriov(d, &cfg);
    host_log_clear();
    assert_int_equal(reg_add_fn(pf), 0);
    assert_true(host_log_contains("PCI: 0000:02:00.0: VF BAR0 is an I/O BAR, ignored"));
    pdev = reg_lookup(pf);
    assert_true(pdev->is_pf);
    assert_int_equal(pdev->pf.vf_rlen[0], 0);
    assert_int_equal(pdev->pf.vf_rlen[2], 16384);
    assert_int_equal(reg_remove_fn(pf), 0);
}

/* 8 VFs x 1 GiB per VF BAR: no room below 4 GiB, refused at placement. */
static void test_vf_bar_too_large_to_place(void **state)
{
    struct pcim_igb igb;
    pci_sbdf_t pf = PCI_SBDF(0, 1, PCI_DEVFN(1, 0));
    struct pcim_dev *d;
    unsigned int pos;
    struct pcim_sriov_cfg cfg = {
        .total_vfs = 8, .offset = 8, .stride = 1, .vf_device = 0x1018,
        .vf_bar[0] = { 1ULL << 30, PCIM_BAR_MEM64 | PCIM_BAR_PREFETCH },
    };
    static const struct pci_mem_range root = { 0x80000000, 0xafffffff };

    pcim_igb_preset(&igb);
    d = pcim_add_dev(pf, 0x15b3, 0x1017, 0x020000);
    pos = pcim_add_sriov(d, &cfg);
    host_log_clear();
    assert_int_equal(pci_sriov_place_vf_bars(pf, &root, 1), -ENOSPC);
    assert_true(host_log_contains("PCI: 0000:01:01.0: no room below 4 GiB for VF "
                                  "BAR0 (8 x 1G)"));
    assert_int_equal(pcim_peek32(d, pos + PCI_SRIOV_VF_BAR(0)) &
                     PCI_BASE_ADDRESS_MEM_MASK, 0);
}

/*
 * A 64-bit VF BAR programmed near the top of the address space: VF 1's
 * region would wrap past 2^64 (to physical 0, RAM).  Refused.
 */
static void test_vf_bar_wraps(void **state)
{
    struct pcim_igb igb;
    u64 top = 0xffffffffffffc000ULL, base, size;
    struct pci_dev *vf0, *vf1;

    igb_up(&igb, 0, 0);
    pcim_poke32(igb.pf, SRIOV + PCI_SRIOV_VF_BAR(3),
                (u32)top | PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH);
    pcim_poke32(igb.pf, SRIOV + PCI_SRIOV_VF_BAR(4), (u32)(top >> 32));
    pcim_poke32(igb.pf, SRIOV + PCI_SRIOV_VF_BAR(0),
                0xfe000000 | PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH);
    pcim_enable_vfs(igb.pf_sbdf, 2);
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    assert_int_equal(reg_add_vf(IGB_VF(1), IGB_PF), 0);
    vf0 = reg_lookup(IGB_VF(0));
    vf1 = reg_lookup(IGB_VF(1));
    host_log_clear();
    pcidevs_lock();
    /* VF 0 ends exactly at 2^64: beyond any physical address too. */
    assert_int_equal(read_pci_mem_bar(vf0, 3, &base, &size), -EINVAL);
    assert_int_equal(read_pci_mem_bar(vf1, 3, &base, &size), -EINVAL);
    /* BAR0 is sane. */
    assert_int_equal(read_pci_mem_bar(vf1, 0, &base, &size), 0);
    pcidevs_unlock();
    assert_int_equal(base, 0xfe000000ULL + IGB_VF_BAR_SIZE);
    assert_true(host_log_contains("0000:01:10.2: VF BAR3 of 0000:01:00.0 lies "
                                  "beyond the physical address space"));
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
}

/* A VF BAR above 4 GiB but inside the address space is a 64-bit BAR like
 * any other: accepted, at the right address. */
static void test_vf_bar_above_4g_ok(void **state)
{
    struct pcim_igb igb;
    u64 b3 = 0x800000000ULL, base, size;

    igb_up(&igb, 0, 0);
    pcim_poke32(igb.pf, SRIOV + PCI_SRIOV_VF_BAR(3),
                (u32)b3 | PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH);
    pcim_poke32(igb.pf, SRIOV + PCI_SRIOV_VF_BAR(4), (u32)(b3 >> 32));
    pcim_enable_vfs(igb.pf_sbdf, 3);
    assert_int_equal(reg_add_vf(IGB_VF(2), IGB_PF), 0);
    pcidevs_lock();
    assert_int_equal(read_pci_mem_bar(reg_lookup(IGB_VF(2)), 3, &base, &size), 0);
    pcidevs_unlock();
    assert_int_equal(base, b3 + 2 * IGB_VF_BAR_SIZE);
    assert_int_equal(reg_remove_fn(IGB_VF(2)), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
}

/* ------------------------------------------------------------ vanishing */

/* The function stops answering: nothing is registered, nothing leaks. */
static void test_device_vanishes(void **state)
{
    struct pcim_dev *d = endpoint();

    pcim_remove_dev(d);
    host_log_clear();
    assert_int_equal(reg_add_fn(DEV), -ENODEV);
    assert_null(reg_lookup(DEV));
}

/* A PF that vanishes with VFs registered: the VFs can no longer find BARs. */
static void test_pf_vanishes_under_vfs(void **state)
{
    struct pcim_igb igb;
    u64 base, size;

    igb_up(&igb, 2, 2);
    pcim_remove_dev(igb.pf);
    host_log_clear();
    pcidevs_lock();
    assert_int_equal(read_pci_mem_bar(reg_lookup(IGB_VF(1)), 3, &base, &size), -ENXIO);
    pcidevs_unlock();
    assert_true(host_log_contains("0000:01:10.2"));
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);     /* already registered */
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_std_loop_hides_msix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_std_self_loop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ext_loop_hides_sriov, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overlapping_caps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cap_past_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ext_overlap_and_past_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offset_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stride_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numvfs_above_total, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vf_rid_past_last_bus, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vf_is_a_real_function, setup, teardown),
        cmocka_unit_test_setup_teardown(test_io_vf_bar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vf_bar_too_large_to_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vf_bar_wraps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vf_bar_above_4g_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_device_vanishes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pf_vanishes_under_vfs, setup, teardown),
    };

    return cmocka_run_group_tests_name("malicious devices", tests, NULL, NULL);
}
