/* SPDX-License-Identifier: GPL-2.0 */
/*
 * read_pci_mem_bar() and msix_table_geometry() on the config model.
 *
 * A VF's BAR n is its PF's VF BAR n plus the VF index times vf_rlen[n],
 * reached through the VF -> PF link.  Checked for every VF of the igb (8
 * VFs, 64-bit VF BARs) and of a PF with 64 VFs across two buses (64-bit
 * VF BARs above 4 GiB, and 32-bit ones), each VF's MSI-X table then mapped
 * and programmed at its own address.  Then every rejected case: the error
 * code, the log line, and the same error from the whole mapping path
 * (physdev_map_pirq) with nothing mapped, allocated or leaked.
 *
 * All reads here hold what the seed path holds: d->pci_lock for read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/pci/regs.h>
#include <mhv/passthrough/pci_mem_bar.h>
#include <mhv/pci/sriov.h>
#include <mhv/xmalloc.h>
#include "harness.h"
#include "host_hw.h"
#include "test_msi_fixture.h"
#include <mhv/pci/access.h>
#include <mhv/sbdf.h>

/* read_pci_mem_bar() with @pdev's owner's pci_lock held for read. */
static int mem_bar(struct pci_dev *pdev, unsigned int bir, u64 *base, u64 *size)
{
    struct domain *d = pdev->domain;
    int rc;

    read_lock(&d->pci_lock);
    rc = read_pci_mem_bar(pdev, bir, base, size);
    read_unlock(&d->pci_lock);
    return rc;
}

static int geometry(struct pci_dev *pdev, paddr_t *table, paddr_t *pba,
                    unsigned int *n)
{
    struct domain *d = pdev->domain;
    int rc;

    read_lock(&d->pci_lock);
    rc = msix_table_geometry(pdev, table, pba, n);
    read_unlock(&d->pci_lock);
    return rc;
}

static void check_vf_bar(pci_sbdf_t sbdf, unsigned int bir, u64 want_base,
                         u64 want_size)
{
    struct pci_dev *vf = reg_lookup(sbdf);
    u64 base = 0, size = 0;

    assert_non_null(vf);
    assert_int_equal(mem_bar(vf, bir, &base, &size), 0);
    assert_int_equal(base, want_base);
    assert_int_equal(size, want_size);
}

/* Map entry @entry of @sbdf, check it landed in the table at @table, unmap. */
static void map_check_unmap(pci_sbdf_t sbdf, paddr_t table, unsigned int n,
                            unsigned int entry)
{
    struct msix_entry_view ev;
    int pirq = -1;

    assert_int_equal(map_msix(D0, sbdf, entry, &pirq), 0);
    assert_true(host_mmio_is_mapped(table, n * PCI_MSIX_ENTRY_SIZE));
    ev = msix_entry(table, entry);
    assert_int_equal(ev.data, D0->pirqs[pirq]->vector);
    assert_int_equal(ev.ctrl, 0);
    assert_int_equal(unmap(D0, pirq), 0);
    assert_int_equal(host_mmio_nr_mappings(), 0);
}

/* ------------------------------------------------------------ igb, 8 VFs */

static void test_igb_every_vf(void **state)
{
    struct pci_dev *pf;
    paddr_t table, pba;
    unsigned int n;
    u64 base, size;

    msi_igb_up(8);
    for (unsigned int i = 0; i < 8; i++) {
        check_vf_bar(IGB_VF(i), 0, MSI_IGB_VF_BAR0 + i * IGB_VF_BAR_SIZE,
                     IGB_VF_BAR_SIZE);
        check_vf_bar(IGB_VF(i), 3, MSI_IGB_VF_BAR3 + i * IGB_VF_BAR_SIZE,
                     IGB_VF_BAR_SIZE);
        assert_int_equal(geometry(reg_lookup(IGB_VF(i)), &table, &pba, &n), 0);
        assert_int_equal(table, IGB_VF_TABLE(i));
        assert_int_equal(pba, IGB_VF_PBA(i));
        assert_int_equal(n, IGB_VF_MSIX_ENTRIES);
        map_check_unmap(IGB_VF(i), table, n, i % IGB_VF_MSIX_ENTRIES);
    }

    /* The PF: its own BAR3. */
    pf = reg_lookup(IGB_PF);
    assert_int_equal(mem_bar(pf, 3, &base, &size), 0);
    assert_int_equal(base, IGB_PF_BAR3);
    assert_int_equal(size, 0x4000);
    assert_int_equal(geometry(pf, &table, &pba, &n), 0);
    assert_int_equal(table, IGB_PF_BAR3);
    assert_int_equal(pba, IGB_PF_BAR3 + 0x2000);
    assert_int_equal(n, IGB_PF_MSIX_ENTRIES);
    map_check_unmap(IGB_PF, table, n, 9);
    assert_false(host_log_contains("Assertion"));
}

/* ------------------------------------------------------------ 64 VFs */

/* PF 02:00.0, 64 VFs from RID 0x2c0, stride 2: 02:18.0 .. 03:1f.6. */
#define BIG_PF          PCI_SBDF(0, 2, PCI_DEVFN(0, 0))
#define BIG_VF(n)       PCI_SBDF(0, (0x2c0 + 2 * (n)) >> 8, (0x2c0 + 2 * (n)) & 0xff)
#define BIG_BAR0_SIZE   0x4000ULL
#define BIG_BAR2_SIZE   0x2000ULL   /* MSI-X: table at 0, PBA at 0x1000 */
#define BIG_ENTRIES     16

/*
 * The 64-VF PF: VF BAR0 (16K) and VF BAR2 (8K, the MSI-X BAR), 64-bit
 * (slots 0-1 and 2-3) or 32-bit (slots 0 and 2), programmed at @bar0 and
 * @bar2; registered with its VFs enabled afterwards.
 */
static void big_pf_up(bool is64, u64 bar0, u64 bar2)
{
    struct pcim_dev *pf = pcim_add_dev(BIG_PF, 0x15b3, 0x1017, 0x020000);
    unsigned int fl = is64 ? PCIM_BAR_MEM64 | PCIM_BAR_PREFETCH : PCIM_BAR_MEM32;
    struct pcim_sriov_cfg cfg = {
        .total_vfs = 64, .offset = 0xc0, .stride = 2, .vf_device = 0x1018,
        .vf_bar[0] = { BIG_BAR0_SIZE, fl },
        .vf_bar[2] = { BIG_BAR2_SIZE, fl },
        .vf_msix_entries = BIG_ENTRIES, .vf_msix_table_bir = 2,
        .vf_msix_table_off = 0, .vf_msix_pba_bir = 2, .vf_msix_pba_off = 0x1000,
    };
    unsigned int pos;

    pcim_add_pcie(pf, 0, PCI_EXP_TYPE_ENDPOINT);
    pos = pcim_add_sriov(pf, &cfg);
    pci_conf_write32(BIG_PF, pos + PCI_SRIOV_VF_BAR(0), (u32)bar0);
    pci_conf_write32(BIG_PF, pos + PCI_SRIOV_VF_BAR(2), (u32)bar2);
    if (is64) {
        pci_conf_write32(BIG_PF, pos + PCI_SRIOV_VF_BAR(1), (u32)(bar0 >> 32));
        pci_conf_write32(BIG_PF, pos + PCI_SRIOV_VF_BAR(3), (u32)(bar2 >> 32));
    }
    assert_int_equal(reg_add_fn(BIG_PF), 0);
    pcim_enable_vfs(BIG_PF, 64);
    assert_int_equal(pcim_nr_vfs(pf), 64);
    for (unsigned int n = 0; n < 64; n++)
        assert_int_equal(reg_add_vf(BIG_VF(n), BIG_PF), 0);
}

static void check_big(u64 bar0, u64 bar2)
{
    paddr_t table, pba;
    unsigned int n;

    assert_int_equal(BIG_VF(31).bus, 2);
    assert_int_equal(BIG_VF(32).bus, 3);
    for (unsigned int i = 0; i < 64; i++) {
        check_vf_bar(BIG_VF(i), 0, bar0 + i * BIG_BAR0_SIZE, BIG_BAR0_SIZE);
        check_vf_bar(BIG_VF(i), 2, bar2 + i * BIG_BAR2_SIZE, BIG_BAR2_SIZE);
        assert_int_equal(geometry(reg_lookup(BIG_VF(i)), &table, &pba, &n), 0);
        assert_int_equal(table, bar2 + i * BIG_BAR2_SIZE);
        assert_int_equal(pba, bar2 + i * BIG_BAR2_SIZE + 0x1000);
        assert_int_equal(n, BIG_ENTRIES);
    }
}

/* Every VF maps one entry at once: 64 tables, each at its own address. */
static void map_all_big(u64 bar2)
{
    int pirq[64];

    for (unsigned int i = 0; i < 64; i++) {
        pirq[i] = -1;
        assert_int_equal(map_msix(D0, BIG_VF(i), i % BIG_ENTRIES, &pirq[i]), 0);
    }
    assert_int_equal(host_mmio_nr_mappings(), 64);
    for (unsigned int i = 0; i < 64; i++) {
        paddr_t table = bar2 + i * BIG_BAR2_SIZE;

        assert_true(host_mmio_is_mapped(table, BIG_ENTRIES * PCI_MSIX_ENTRY_SIZE));
        for (unsigned int e = 0; e < BIG_ENTRIES; e++) {
            struct msix_entry_view ev = msix_entry(table, e);

            if (e == i % BIG_ENTRIES) {
                assert_int_equal(ev.data, D0->pirqs[pirq[i]]->vector);
                assert_int_equal(ev.ctrl, 0);
            } else {
                assert_int_equal(ev.ctrl, PCI_MSIX_ENTRY_CTRL_MASKBIT);
                assert_int_equal(ev.data, 0);
            }
        }
    }
    for (unsigned int i = 0; i < 64; i++)
        assert_int_equal(unmap(D0, pirq[i]), 0);
}

static void test_64_vfs_two_buses_64bit(void **state)
{
    const u64 bar0 = 0x800000000ULL, bar2 = 0x900000000ULL;   /* > 4 GiB */

    big_pf_up(true, bar0, bar2);
    check_big(bar0, bar2);
    map_all_big(bar2);
}

static void test_64_vfs_two_buses_32bit(void **state)
{
    const u64 bar0 = 0xc0000000ULL, bar2 = 0xc0100000ULL;

    big_pf_up(false, bar0, bar2);
    check_big(bar0, bar2);
    map_all_big(bar2);
}

/* A 64-bit VF BAR's upper slot and an unimplemented slot have no size. */
static void test_upper_half_and_missing_slots(void **state)
{
    struct pci_dev *vf;
    u64 base, size;

    msi_igb_up(2);
    vf = reg_lookup(IGB_VF(1));
    for (unsigned int bir = 0; bir < 6; bir++) {
        host_log_clear();
        if (bir == 0 || bir == 3) {
            assert_int_equal(mem_bar(vf, bir, &base, &size), 0);
            continue;
        }
        assert_int_equal(mem_bar(vf, bir, &base, &size), -EINVAL);
        assert_true(host_log_contains("has no size"));
    }
}

/* ------------------------------------------------------------ rejections */

/*
 * @sbdf's MSI-X is refused: msix_table_geometry() returns @rc and logs
 * @log; the whole mapping path returns @rc too, mapping and allocating
 * nothing.
 */
static void expect_refused(pci_sbdf_t sbdf, int rc, const char *log)
{
    struct pci_dev *pdev = reg_lookup(sbdf);
    paddr_t table = 0, pba = 0;
    unsigned int n = 0;
    int pirq = -1;
    struct heap_stats before, after;

    assert_non_null(pdev);
    host_log_clear();
    assert_int_equal(geometry(pdev, &table, &pba, &n), rc);
    if (!host_log_contains(log))
        fail_msg("log lacks '%s'", log);

    heap_stats(&before);
    host_log_clear();
    assert_int_equal(map_msix(pdev->domain, sbdf, 0, &pirq), rc);
    if (!host_log_contains(log))
        fail_msg("log of the mapping path lacks '%s'", log);
    heap_stats(&after);
    assert_int_equal(after.live_objects, before.live_objects);
    assert_null(pdev->msix);
    assert_true(list_empty(&pdev->msi_list));
    assert_int_equal(host_mmio_nr_mappings(), 0);
    assert_int_equal(pdev->domain->nr_pirqs, 0);
    assert_false(host_log_contains("Assertion"));
}

static void poke_ctrl(u16 v)
{
    pcim_poke16(msi_igb.pf, msi_igb.sriov_pos + PCI_SRIOV_CTRL, v);
}

static void test_vf_enable_clear(void **state)
{
    msi_igb_up(4);
    poke_ctrl(PCI_SRIOV_CTRL_MSE);
    expect_refused(IGB_VF(1), -ENXIO, "0000:01:10.2: PF 0000:01:00.0 SR-IOV "
                   "not usable (ctrl 0x8, NumVFs 4, offset 0x80, stride 2)");
}

/*
 * VF Enable cleared the way an OS does it: the VFs are gone from the bus
 * and their own capability reads all-ones -- which is not looked at: the
 * geometry is the one recorded when the VF was added, and the PF's SR-IOV
 * state refuses.
 */
static void test_vfs_disabled(void **state)
{
    msi_igb_up(4);
    pcim_enable_vfs(IGB_PF, 0);
    expect_refused(IGB_VF(0), -ENXIO, "0000:01:10.0: PF 0000:01:00.0 SR-IOV "
                   "not usable (ctrl 0, NumVFs 0,");
}

static void test_vf_mse_clear(void **state)
{
    msi_igb_up(4);
    poke_ctrl(PCI_SRIOV_CTRL_VFE);
    expect_refused(IGB_VF(3), -ENXIO, "SR-IOV not usable (ctrl 0x1, NumVFs 4");
}

static void test_numvfs_zero(void **state)
{
    msi_igb_up(4);
    pcim_poke16(msi_igb.pf, msi_igb.sriov_pos + PCI_SRIOV_NUM_VF, 0);
    expect_refused(IGB_VF(0), -ENXIO, "SR-IOV not usable (ctrl 0x9, NumVFs 0,");
}

static void test_offset_zero(void **state)
{
    msi_igb_up(4);
    pcim_poke16(msi_igb.pf, msi_igb.sriov_pos + PCI_SRIOV_VF_OFFSET, 0);
    expect_refused(IGB_VF(0), -ENXIO, "NumVFs 4, offset 0, stride 2)");
}

static void test_stride_zero(void **state)
{
    msi_igb_up(4);
    pcim_poke16(msi_igb.pf, msi_igb.sriov_pos + PCI_SRIOV_VF_STRIDE, 0);
    expect_refused(IGB_VF(0), -ENXIO, "NumVFs 4, offset 0x80, stride 0)");
}

/* Stride 0 is valid with a single VF. */
static void test_stride_zero_one_vf_ok(void **state)
{
    msi_igb_up(1);
    pcim_poke16(msi_igb.pf, msi_igb.sriov_pos + PCI_SRIOV_VF_STRIDE, 0);
    check_vf_bar(IGB_VF(0), 3, MSI_IGB_VF_BAR3, IGB_VF_BAR_SIZE);
    map_check_unmap(IGB_VF(0), IGB_VF_TABLE(0), IGB_VF_MSIX_ENTRIES, 2);
}

/* NumVFs lowered below the VF's index: no longer a VF of that PF. */
static void test_numvfs_lowered(void **state)
{
    msi_igb_up(8);
    pcim_poke16(msi_igb.pf, msi_igb.sriov_pos + PCI_SRIOV_NUM_VF, 4);
    expect_refused(IGB_VF(5), -ENXIO, "0000:01:11.2: no longer VF 5 of 0000:01:00.0");
    /* The VFs still below NumVFs keep working. */
    check_vf_bar(IGB_VF(3), 3, IGB_VF_TABLE(3), IGB_VF_BAR_SIZE);
    map_check_unmap(IGB_VF(3), IGB_VF_TABLE(3), IGB_VF_MSIX_ENTRIES, 0);
}

/* The offset moved: the SBDF is now another index than at add. */
static void test_offset_moved(void **state)
{
    msi_igb_up(8);
    pcim_poke16(msi_igb.pf, msi_igb.sriov_pos + PCI_SRIOV_VF_OFFSET, 0x82);
    expect_refused(IGB_VF(1), -ENXIO, "no longer VF 1 of 0000:01:00.0 (0)");
    expect_refused(IGB_VF(0), -ENXIO, "no longer VF 0 of 0000:01:00.0 (-22)");
}

static void test_bir_out_of_range(void **state)
{
    struct pci_dev *vf;
    u64 base, size;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    for (unsigned int bir = 6; bir < 9; bir++) {
        host_log_clear();
        assert_int_equal(mem_bar(vf, bir, &base, &size), -EINVAL);
        assert_true(host_log_contains("out of range"));
    }
}

/*
 * The capability's BIR is 3 bits: 6 and 7 are invalid.  A VF that says so
 * when it is added gets no MSI-X (logged at add, refused at map).
 */
static void test_bir_invalid_at_add(void **state)
{
    msi_igb_up(0);
    pcim_enable_vfs(IGB_PF, 2);
    pcim_poke32(pcim_vf(msi_igb.pf, 0), 0x70 + PCI_MSIX_TABLE, 6);
    pcim_poke32(pcim_vf(msi_igb.pf, 1), 0x70 + PCI_MSIX_PBA, 0x2000 | 7);
    host_log_clear();
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    assert_true(host_log_contains("0000:01:10.0: MSI-X table BIR 6 / PBA BIR 3 invalid: no MSI-X"));
    assert_int_equal(reg_add_vf(IGB_VF(1), IGB_PF), 0);
    assert_true(host_log_contains("0000:01:10.2: MSI-X table BIR 3 / PBA BIR 7 invalid: no MSI-X"));
    expect_refused(IGB_VF(0), -EINVAL, "MSI-X table BIR 6 / PBA BIR 3 invalid");
    expect_refused(IGB_VF(1), -EINVAL, "MSI-X table BIR 3 / PBA BIR 7 invalid");
}

/*
 * A device that moves its MSI-X table after it was added (a lie) does not
 * move the hypervisor's: the entry is programmed where the
 * table was when the VF was added.
 */
static void test_table_moved_after_add(void **state)
{
    struct msix_entry_view e;
    int pirq = -1;

    msi_igb_up(1);
    pcim_poke32(pcim_vf(msi_igb.pf, 0), 0x70 + PCI_MSIX_TABLE, 0x1000 | 0);
    pcim_poke32(pcim_vf(msi_igb.pf, 0), 0x70 + PCI_MSIX_PBA, 6);
    assert_int_equal(map_msix(D0, IGB_VF(0), 1, &pirq), 0);
    e = msix_entry(IGB_VF_TABLE(0), 1);
    assert_int_equal(e.addr_lo & 0xfff00000u, 0xfee00000u);
    assert_int_equal(e.ctrl, 0);
    assert_int_equal(unmap(D0, pirq), 0);
}

/* A PF whose VFs have an MSI-X table in a VF BAR it does not implement. */
static struct pcim_dev *odd_pf_up(const struct pcim_sriov_cfg *cfg,
                                  bool enable_before_add)
{
    struct pcim_dev *pf = pcim_add_dev(BIG_PF, 0x15b3, 0x1017, 0x020000);
    unsigned int pos;

    pcim_add_pcie(pf, 0, PCI_EXP_TYPE_ENDPOINT);
    pos = pcim_add_sriov(pf, cfg);
    for (unsigned int i = 0; i < PCI_SRIOV_NUM_BARS; i++)
        if (cfg->vf_bar[i].size && !(cfg->vf_bar[i].flags & PCIM_BAR_IO))
            pci_conf_write32(BIG_PF, pos + PCI_SRIOV_VF_BAR(i), 0xd0000000u + i * 0x100000);
    if (enable_before_add)
        pcim_enable_vfs(BIG_PF, 2);
    assert_int_equal(reg_add_fn(BIG_PF), 0);
    if (!enable_before_add)
        pcim_enable_vfs(BIG_PF, 2);
    assert_int_equal(reg_add_vf(BIG_VF(0), BIG_PF), 0);
    assert_int_equal(reg_add_vf(BIG_VF(1), BIG_PF), 0);
    return pf;
}

static void test_table_bir_missing_bar(void **state)
{
    struct pcim_sriov_cfg cfg = {
        .total_vfs = 2, .offset = 0xc0, .stride = 2,
        .vf_bar[0] = { 0x4000, PCIM_BAR_MEM32 },
        .vf_msix_entries = 4, .vf_msix_table_bir = 2, .vf_msix_pba_bir = 0,
        .vf_msix_pba_off = 0x2000,
    };

    odd_pf_up(&cfg, false);
    expect_refused(BIG_VF(1), -EINVAL, "0000:02:18.2: VF BAR2 of 0000:02:00.0 has no size");
}

static void test_io_vf_bar(void **state)
{
    struct pcim_sriov_cfg cfg = {
        .total_vfs = 2, .offset = 0xc0, .stride = 2,
        .vf_bar[0] = { 0x4000, PCIM_BAR_MEM32 },
        .vf_bar[1] = { 0x20, PCIM_BAR_IO },
        .vf_msix_entries = 4, .vf_msix_table_bir = 1, .vf_msix_pba_bir = 0,
        .vf_msix_pba_off = 0x2000,
    };

    host_log_clear();
    odd_pf_up(&cfg, false);
    assert_true(host_log_contains("VF BAR1 is an I/O BAR, ignored"));
    expect_refused(BIG_VF(0), -EINVAL, "VF BAR1 of 0000:02:00.0 has no size");
}

/* A VF BAR that turns into an I/O BAR after sizing (corrupt device). */
static void test_vf_bar_becomes_io(void **state)
{
    msi_igb_up(2);
    pcim_poke32(msi_igb.pf, msi_igb.sriov_pos + PCI_SRIOV_VF_BAR(3),
                (u32)MSI_IGB_VF_BAR3 | PCI_BASE_ADDRESS_SPACE_IO);
    expect_refused(IGB_VF(1), -EINVAL, "VF BAR3 of 0000:01:00.0 is not a memory BAR");
}

static void test_unplaced_vf_bar(void **state)
{
    msi_igb_up(2);
    /* Firmware never placed VF BAR3 (both halves 0). */
    pcim_poke32(msi_igb.pf, msi_igb.sriov_pos + PCI_SRIOV_VF_BAR(3),
                PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH);
    expect_refused(IGB_VF(0), -ENXIO, "VF BAR3 of 0000:01:00.0 is not placed");
}

static void test_pf_added_with_vfs_enabled(void **state)
{
    unsigned int pos;

    pcim_igb_preset(&msi_igb);
    pos = msi_igb.sriov_pos;
    pci_conf_write32(IGB_PF, pos + PCI_SRIOV_VF_BAR(3), (u32)MSI_IGB_VF_BAR3);
    pcim_enable_vfs(IGB_PF, 2);
    host_log_clear();
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    assert_true(host_log_contains("VFs already enabled, VF BAR sizes unknown"));
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    expect_refused(IGB_VF(0), -ENXIO, "VF BAR sizes of PF 0000:01:00.0 unknown");
}

static void test_table_beyond_bar(void **state)
{
    struct pcim_sriov_cfg cfg = {
        .total_vfs = 2, .offset = 0xc0, .stride = 2,
        .vf_bar[0] = { 0x4000, PCIM_BAR_MEM32 },
        /* 4 entries (64 bytes) from 0x3fc8: 8 bytes past the 16K BAR. */
        .vf_msix_entries = 4, .vf_msix_table_bir = 0,
        .vf_msix_table_off = 0x3fc8, .vf_msix_pba_bir = 0, .vf_msix_pba_off = 0x2000,
    };

    odd_pf_up(&cfg, false);
    expect_refused(BIG_VF(0), -EINVAL, "MSI-X table (0x3fc8+4 entries) or PBA "
                   "(0x2000) outside its BAR (0x4000 / 0x4000 bytes)");
}

static void test_pba_beyond_bar(void **state)
{
    struct pcim_sriov_cfg cfg = {
        .total_vfs = 2, .offset = 0xc0, .stride = 2,
        .vf_bar[0] = { 0x4000, PCIM_BAR_MEM32 },
        .vf_msix_entries = 65, .vf_msix_table_bir = 0,
        /* 65 entries: a 16-byte PBA, which does not fit at 0x3ff8. */
        .vf_msix_table_off = 0, .vf_msix_pba_bir = 0, .vf_msix_pba_off = 0x3ff8,
    };

    odd_pf_up(&cfg, false);
    expect_refused(BIG_VF(1), -EINVAL, "outside its BAR");
}

/* The table exactly filling its BAR is fine. */
static void test_table_filling_bar_ok(void **state)
{
    struct pcim_sriov_cfg cfg = {
        .total_vfs = 2, .offset = 0xc0, .stride = 2,
        .vf_bar[0] = { 0x4000, PCIM_BAR_MEM32 },
        .vf_bar[2] = { 0x1000, PCIM_BAR_MEM32 },
        .vf_msix_entries = 4, .vf_msix_table_bir = 0,
        .vf_msix_table_off = 0x3fc0, .vf_msix_pba_bir = 2, .vf_msix_pba_off = 0xff8,
    };
    paddr_t table, pba;
    unsigned int n;

    odd_pf_up(&cfg, false);
    assert_int_equal(geometry(reg_lookup(BIG_VF(1)), &table, &pba, &n), 0);
    assert_int_equal(table, 0xd0000000u + 0x4000 + 0x3fc0);
    assert_int_equal(pba, 0xd0200000u + 0x1000 + 0xff8);
    map_check_unmap(BIG_VF(1), table, 4, 3);
}

/* A PF's own BARs: the table BIR at a missing BAR, and an unplaced BAR. */
/* Re-register the PF with its MSI-X table BIR reading @bir from now on. */
static void pf_readd_with_table_bir(unsigned int bir)
{
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    pcim_poke32(msi_igb.pf, 0x70 + PCI_MSIX_TABLE, bir);
    host_log_clear();
    assert_int_equal(reg_add_fn(IGB_PF), 0);
}

static void test_pf_table_bir_missing_bar(void **state)
{
    msi_igb_up(0);
    pf_readd_with_table_bir(5);
    assert_true(host_log_contains("0000:01:00.0: MSI-X table (BAR5+0, 10 entries) "
                                  "or PBA (BAR3+0x2000) outside its BAR"));
    expect_refused(IGB_PF, -EINVAL, "0000:01:00.0: BAR5 is not a sized memory BAR");
}

static void test_pf_table_in_io_bar(void **state)
{
    msi_igb_up(0);
    pf_readd_with_table_bir(2);                 /* BAR2: I/O */
    expect_refused(IGB_PF, -EINVAL, "0000:01:00.0: BAR2 is not a sized memory BAR");
}

/* The PF changes its table BIR after it was added: the record stands. */
static void test_pf_table_moved_after_add(void **state)
{
    int pirq = -1;

    msi_igb_up(0);
    pcim_poke32(msi_igb.pf, 0x70 + PCI_MSIX_TABLE, 5);
    assert_int_equal(map_msix(D0, IGB_PF, 0, &pirq), 0);
    assert_int_equal(msix_entry(IGB_PF_BAR3, 0).ctrl, 0);
    assert_int_equal(unmap(D0, pirq), 0);
}

static void test_pf_bar_unplaced(void **state)
{
    msi_igb_up(0);
    pcim_poke32(msi_igb.pf, PCI_BASE_ADDRESS_3,
                PCI_BASE_ADDRESS_MEM_TYPE_64);
    pcim_poke32(msi_igb.pf, PCI_BASE_ADDRESS_4, 0);
    expect_refused(IGB_PF, -ENXIO, "0000:01:00.0: BAR3 is not placed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) MSI_TEST(fn)
        T(test_igb_every_vf),
        T(test_64_vfs_two_buses_64bit),
        T(test_64_vfs_two_buses_32bit),
        T(test_upper_half_and_missing_slots),
        T(test_vf_enable_clear),
        T(test_vfs_disabled),
        T(test_vf_mse_clear),
        T(test_numvfs_zero),
        T(test_offset_zero),
        T(test_stride_zero),
        T(test_stride_zero_one_vf_ok),
        T(test_numvfs_lowered),
        T(test_offset_moved),
        T(test_bir_out_of_range),
        T(test_bir_invalid_at_add),
        T(test_table_moved_after_add),
        T(test_table_bir_missing_bar),
        T(test_io_vf_bar),
        T(test_vf_bar_becomes_io),
        T(test_unplaced_vf_bar),
        T(test_pf_added_with_vfs_enabled),
        T(test_table_beyond_bar),
        T(test_pba_beyond_bar),
        T(test_table_filling_bar_ok),
        T(test_pf_table_bir_missing_bar),
        T(test_pf_table_in_io_bar),
        T(test_pf_table_moved_after_add),
        T(test_pf_bar_unplaced),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
