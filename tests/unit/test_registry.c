/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The passthrough registry on the PCI config-space model: adding and
 * removing PFs and VFs in every order (the 24 removal orders of a PF with 3
 * VFs, interleaved re-adds), refused adds (VF before PF, VF of the wrong PF,
 * VF index beyond NumVFs, absent function), duplicates, unknown removals,
 * 64 VFs across two buses, an allocation failure at each allocation of an
 * add, the PF registered with VFs already enabled, ownership (assign,
 * deassign, broken devices, release, claim) and the listing.  Every test
 * ends with the registry consistent and empty and the heap counters back
 * at their start; ASan proves that no freed memory is touched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/pci/sriov.h>
#include <public/sysctl.h>
#include "harness.h"
#include "pcimodel.h"
#include "test_registry_fixture.h"
#include <mhv/sbdf.h>
#include <mhv/passthrough/assign.h>
#include <mhv/domain_list.h>

/* ------------------------------------------------------------ a leave step */

static unsigned int teardowns;

/*
 * A leave step as a unit registers it: check the locks it is promised and
 * that the device is still with its owner.
 */
static void count_leave(struct pci_dev *pdev, struct domain *owner)
{
    assert_true(pcidevs_locked());
    assert_non_null(owner);
    assert_ptr_equal(pdev->domain, owner);
    assert_true(rw_is_write_locked_by_me(&owner->pci_lock));
    teardowns++;
}
PDEV_LEAVE_STEP(PDEV_LEAVE_IRQ, count_leave);

static int setup(void **state)
{
    reg_setup();
    teardowns = 0;
    return 0;
}

static int teardown(void **state)
{
    reg_check_empty();
    return 0;
}

static void check_consistent(void)
{
    assert_int_equal(pci_registry_check(), 0);
}

/* ------------------------------------------------------------ removal orders */

/* Remove the PF and 3 VFs in the order @order (0 = PF, 1..3 = VF 0..2). */
static void remove_in_order(const unsigned int order[4])
{
    struct pcim_igb igb;
    struct pci_registry_stats st;
    bool pf_gone = false;
    unsigned int step, vfs_left = 3;
    struct pci_dev *vf_pdev[3];
    unsigned int i;

    reg_setup();
    igb_up(&igb, 3, 3);
    for (i = 0; i < 3; i++) {
        vf_pdev[i] = reg_lookup(IGB_VF(i));
        assert_non_null(vf_pdev[i]);
    }

    for (step = 0; step < 4; step++) {
        unsigned int what = order[step];

        if (what == 0) {
            assert_int_equal(reg_remove_fn(IGB_PF), 0);
            pf_gone = true;
        } else {
            assert_int_equal(reg_remove_fn(IGB_VF(what - 1)), 0);
            vf_pdev[what - 1] = NULL;
            vfs_left--;
        }
        check_consistent();
        pci_registry_stats(&st);
        assert_int_equal(st.devices, vfs_left + !pf_gone);
        assert_int_equal(st.removed_pfs, pf_gone && vfs_left ? 1 : 0);
        if (pf_gone)
            assert_null(reg_lookup(IGB_PF));
        else
            assert_non_null(reg_lookup(IGB_PF));

        /* The remaining VFs still reach the PF's data (ASan: not freed). */
        for (i = 0; i < 3; i++) {
            const struct pci_dev *pf;

            if (!vf_pdev[i])
                continue;
            pcidevs_lock();
            pf = pci_vf_physfn(vf_pdev[i]);
            assert_int_equal(pf->sbdf.sbdf, IGB_PF.sbdf);
            assert_int_equal(pf->pf.vf_rlen[0], IGB_VF_BAR_SIZE);
            assert_int_equal(pf->pf.vf_rlen[3], IGB_VF_BAR_SIZE);
            assert_int_equal(vf_pdev[i]->broken, pf_gone);
            assert_int_equal(pf->removed, pf_gone);
            pcidevs_unlock();
        }
    }
    reg_check_empty();
}

static void test_all_removal_orders(void **state)
{
    unsigned int a, b, c, d, count = 0;

    for (a = 0; a < 4; a++)
        for (b = 0; b < 4; b++)
            for (c = 0; c < 4; c++)
                for (d = 0; d < 4; d++) {
                    unsigned int order[4] = { a, b, c, d };

                    if (a == b || a == c || a == d || b == c || b == d || c == d)
                        continue;
                    remove_in_order(order);
                    count++;
                }
    assert_int_equal(count, 24);
    reg_setup();    /* for teardown() */
}

/* ------------------------------------------------------------ re-adds */

static void test_interleaved_readds(void **state)
{
    struct pcim_igb igb;
    struct pci_registry_stats st;
    struct pci_dev *pf;

    igb_up(&igb, 4, 3);

    /* A VF removed and added again while its PF is there: fine. */
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    assert_int_equal(reg_add_vf(IGB_VF(1), IGB_PF), 0);
    assert_false(reg_lookup(IGB_VF(1))->broken);

    /* The PF goes first: its VFs stay, broken; the PF is out of lookups. */
    host_log_clear();
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_true(host_log_contains("PCI remove 0000:01:00.0: 3 VFs still "
                                  "registered, PF and VFs marked broken"));
    assert_null(reg_lookup(IGB_PF));
    assert_true(reg_lookup(IGB_VF(0))->broken);

    /* Re-adding the PF while the old one's VFs remain: -EBUSY. */
    assert_int_equal(reg_add_fn(IGB_PF), -EBUSY);
    /* A new VF of the removed PF: its PF is not registered. */
    assert_int_equal(reg_add_vf(IGB_VF(3), IGB_PF), -ENODEV);
    /* A remaining VF added again: already registered (and still broken). */
    assert_int_equal(reg_add_vf(IGB_VF(2), IGB_PF), 0);
    assert_true(reg_lookup(IGB_VF(2))->broken);

    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), -ENODEV);
    assert_int_equal(reg_add_fn(IGB_PF), -EBUSY);
    assert_int_equal(reg_remove_fn(IGB_VF(2)), 0);
    check_consistent();

    host_log_clear();
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    assert_true(host_log_contains("PCI remove 0000:01:10.2: last VF of removed "
                                  "PF 0000:01:00.0, PF released"));
    pci_registry_stats(&st);
    assert_int_equal(st.devices, 0);
    assert_int_equal(st.removed_pfs, 0);

    /* Once they are gone the PF comes back -- with VFs enabled now. */
    host_log_clear();
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    assert_true(host_log_contains("PCI add 0000:01:00.0 PF -> d0: VFs already "
                                  "enabled, VF BAR sizes unknown"));
    pf = reg_lookup(IGB_PF);
    assert_non_null(pf);
    assert_false(pf->broken);
    assert_false(pf->pf.vf_rlen_valid);
    assert_int_equal(pf->pf.vf_rlen[0], 0);
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    assert_false(reg_lookup(IGB_VF(0))->broken);
    assert_ptr_equal(reg_lookup(IGB_VF(0))->vf.pf, pf);
    check_consistent();

    /* PF removed again, then its VF. */
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
}

/* ------------------------------------------------------------ refused adds */

static void test_vf_before_pf(void **state)
{
    struct pcim_igb igb;
    struct pci_registry_stats st;
    struct heap_stats h0, h1;

    pcim_igb_preset(&igb);
    pcim_enable_vfs(igb.pf_sbdf, 4);

    heap_stats(&h0);
    host_log_clear();
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), -ENODEV);
    heap_stats(&h1);
    assert_true(host_log_contains("PCI add 0000:01:10.0 VF of 0000:01:00.0: "
                                  "PF not registered (-19)"));
    /* Nothing allocated, not even transiently: no failure, no object. */
    assert_int_equal(h1.live_objects, h0.live_objects);
    host_heap_fail_after(0);
    assert_int_equal(reg_add_vf(IGB_VF(1), IGB_PF), -ENODEV);
    host_heap_fail_after(-1);
    heap_stats(&h1);
    assert_int_equal(h1.failed, h0.failed);

    pci_registry_stats(&st);
    assert_int_equal(st.devices, 0);
    assert_int_equal(st.index_nodes, 0);

    /* With the PF in place the same VF is accepted. */
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
}

static void test_vf_of_wrong_pf(void **state)
{
    struct pcim_igb igb;
    pci_sbdf_t pf2 = PCI_SBDF(0, 2, 0), vf2;

    igb_up(&igb, 4, 0);
    pcim_add_sriov_pf(pf2, 8, 0x80, 2);
    assert_int_equal(reg_add_fn(pf2), 0);
    pcim_enable_vfs(pf2, 2);
    assert_int_equal(pci_sriov_vf_sbdf(pf2, 0, &vf2), 0);

    /* igb's VF claimed by the other PF, and the other way round. */
    assert_int_equal(reg_add_vf(IGB_VF(0), pf2), -EINVAL);
    assert_int_equal(reg_add_vf(vf2, IGB_PF), -EINVAL);
    /* A "PF" without SR-IOV: the root port. */
    assert_int_equal(reg_add_fn(igb.rp_sbdf), 0);
    assert_int_equal(reg_add_vf(PCI_SBDF(0, 0, 0x84), igb.rp_sbdf), -EINVAL);
    /* A VF named as the PF of a VF. */
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    assert_int_equal(reg_add_vf(IGB_VF(1), IGB_VF(0)), -EINVAL);
    check_consistent();

    assert_int_equal(reg_add_vf(vf2, pf2), 0);
    assert_int_equal(reg_lookup(IGB_PF)->pf.nr_vfs, 1);
    assert_int_equal(reg_lookup(pf2)->pf.nr_vfs, 1);

    assert_int_equal(reg_remove_fn(vf2), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(pf2), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_int_equal(reg_remove_fn(igb.rp_sbdf), 0);
}

static void test_vf_index_beyond_numvfs(void **state)
{
    struct pcim_igb igb;

    igb_up(&igb, 0, 0);
    /* No VF enabled at all. */
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), -EINVAL);
    assert_true(host_log_contains("the PF has no VF enabled"));

    pcim_enable_vfs(IGB_PF, 2);
    assert_int_equal(reg_add_vf(IGB_VF(1), IGB_PF), 0);
    assert_int_equal(reg_add_vf(IGB_VF(2), IGB_PF), -EINVAL);   /* n == NumVFs */
    assert_int_equal(reg_add_vf(IGB_VF(7), IGB_PF), -EINVAL);   /* < TotalVFs */
    assert_int_equal(reg_add_vf(PCI_SBDF(0, 1, 0x81), IGB_PF), -EINVAL); /* stride */
    assert_int_equal(reg_add_vf(PCI_SBDF(0, 1, 0x7e), IGB_PF), -EINVAL); /* below */
    assert_int_equal(reg_add_vf(PCI_SBDF(1, 1, 0x80), PCI_SBDF(1, 1, 0)), -ENODEV);
    check_consistent();
    assert_int_equal(reg_lookup(IGB_PF)->pf.nr_vfs, 1);
    assert_int_equal(reg_lookup(IGB_VF(1))->vf.index, 1);

    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
}

static void test_absent_function(void **state)
{
    assert_int_equal(reg_add_fn(PCI_SBDF(0, 5, 0)), -ENODEV);
    assert_true(host_log_contains("PCI add 0000:05:00.0: no function answers "
                                  "there (-19)"));
}

static void test_duplicate_adds(void **state)
{
    struct pcim_igb igb;
    struct pci_registry_stats st;
    pci_sbdf_t pf2 = PCI_SBDF(0, 2, 0);
    long objs;

    igb_up(&igb, 4, 1);
    pcim_add_sriov_pf(pf2, 8, 0x80, 2);
    assert_int_equal(reg_add_fn(pf2), 0);
    pcim_enable_vfs(pf2, 1);

    objs = reg_heap_delta_objects();
    host_log_clear();
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    assert_true(host_log_contains("PCI add 0000:01:00.0: already registered"));
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    assert_int_equal(reg_add_fn(IGB_VF(0)), 0);   /* no VF info: it stands */
    assert_int_equal(reg_heap_delta_objects(), objs);
    pci_registry_stats(&st);
    assert_int_equal(st.devices, 3);
    assert_int_equal(reg_lookup(IGB_PF)->pf.nr_vfs, 1);

    /* Contradictions. */
    assert_int_equal(reg_add_vf(IGB_PF, pf2), -EEXIST);
    assert_int_equal(reg_add_vf(IGB_VF(0), pf2), -EEXIST);
    check_consistent();

    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_int_equal(reg_remove_fn(pf2), 0);
}

static void test_remove_unknown(void **state)
{
    struct pcim_igb igb;

    host_log_clear();
    assert_int_equal(reg_remove_fn(PCI_SBDF(0, 3, 0)), -ENODEV);
    assert_true(host_log_contains("PCI remove 0000:03:00.0: not registered "
                                  "(-19)"));

    igb_up(&igb, 2, 2);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), -ENODEV);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), -ENODEV);   /* removed, VF remains */
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), -ENODEV);
}

/* ------------------------------------------------------------ scale */

static void test_64_vfs_two_buses(void **state)
{
    pci_sbdf_t pf = PCI_SBDF(0, 2, 0), vf[64];
    struct pci_registry_stats st;
    struct pci_dev *pfdev;
    unsigned int n, buses = 0;
    int last_bus = -1;

    pcim_add_sriov_pf(pf, 64, 0xc0, 2);   /* VFs 02:18.0 .. 03:1f.6 */
    assert_int_equal(reg_add_fn(pf), 0);
    pcim_enable_vfs(pf, 64);
    for (n = 0; n < 64; n++) {
        assert_int_equal(pci_sriov_vf_sbdf(pf, n, &vf[n]), 0);
        assert_int_equal(reg_add_vf(vf[n], pf), 0);
        if (vf[n].bus != last_bus) {
            buses++;
            last_bus = vf[n].bus;
        }
    }
    assert_int_equal(buses, 2);
    pfdev = reg_lookup(pf);
    assert_int_equal(pfdev->pf.nr_vfs, 64);
    assert_int_equal(pfdev->pf.vf_rlen[0], 16384);
    for (n = 0; n < 64; n++) {
        struct pci_dev *p = reg_lookup(vf[n]);

        assert_non_null(p);
        assert_true(p->is_vf);
        assert_int_equal(p->vf.index, n);
        assert_ptr_equal(p->vf.pf, pfdev);
        assert_ptr_equal(p->domain, D0);
        assert_int_equal(p->device, 0x1018);
        assert_int_equal(p->vendor, 0x15b3);
        assert_int_not_equal(p->msix_pos, 0);
    }
    pci_registry_stats(&st);
    assert_int_equal(st.devices, 65);
    assert_int_equal(st.vfs, 64);
    assert_int_equal(st.index_nodes, 2 + 2);    /* seg hi, seg lo, 2 buses */
    assert_int_equal(D0->nr_pdevs, 65);
    check_consistent();

    /* PF first, then the VFs from the last. */
    assert_int_equal(reg_remove_fn(pf), 0);
    for (n = 64; n-- > 0; )
        assert_int_equal(reg_remove_fn(vf[n]), 0);
}

/* ------------------------------------------------------------ no memory */

/* Fail allocation k = 0, 1, ... of @add until it succeeds; each failure
 * leaves nothing behind.  Returns the number of allocations it made. */
static unsigned int fail_each_allocation(int (*add)(void))
{
    struct pci_registry_stats before, st;
    struct heap_stats h0, h1;
    unsigned int k;
    int rc;

    pci_registry_stats(&before);
    for (k = 0; k < 16; k++) {
        heap_stats(&h0);
        host_heap_fail_after(k);
        rc = add();
        host_heap_fail_after(-1);
        if (!rc)
            break;
        assert_int_equal(rc, -ENOMEM);
        heap_stats(&h1);
        assert_int_equal(h1.live_objects, h0.live_objects);
        assert_int_equal(h1.live_bytes, h0.live_bytes);
        pci_registry_stats(&st);
        assert_int_equal(st.devices, before.devices);
        assert_int_equal(st.index_nodes, before.index_nodes);
        check_consistent();
    }
    assert_int_equal(rc, 0);
    return k;
}

static int add_igb_pf(void) { return reg_add_fn(IGB_PF); }
static int add_igb_vf0(void) { return reg_add_vf(IGB_VF(0), IGB_PF); }
static pci_sbdf_t far_vf;
static int add_far_vf(void) { return reg_add_vf(far_vf, PCI_SBDF(0, 2, 0)); }

static void test_alloc_failure_each_allocation(void **state)
{
    struct pcim_igb igb;
    pci_sbdf_t pf2 = PCI_SBDF(0, 2, 0);

    pcim_igb_preset(&igb);
    /* First device: the pci_dev and three index nodes. */
    assert_int_equal(fail_each_allocation(add_igb_pf), 4);
    pcim_enable_vfs(IGB_PF, 1);
    /* A VF on the PF's bus: only the pci_dev. */
    assert_int_equal(fail_each_allocation(add_igb_vf0), 1);

    /* A VF on a bus with nothing yet: the pci_dev and the bus's node. */
    pcim_add_sriov_pf(pf2, 64, 0xc0, 2);
    assert_int_equal(reg_add_fn(pf2), 0);
    pcim_enable_vfs(pf2, 64);
    assert_int_equal(pci_sriov_vf_sbdf(pf2, 63, &far_vf), 0);
    assert_int_equal(far_vf.bus, 3);
    assert_int_equal(fail_each_allocation(add_far_vf), 2);

    assert_int_equal(reg_remove_fn(far_vf), 0);
    assert_int_equal(reg_remove_fn(pf2), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
}

/* ------------------------------------------------------------ PF data */

static void test_pf_data(void **state)
{
    struct pcim_igb igb;
    struct pci_dev *pf, *vf;
    unsigned int i;

    host_log_clear();
    igb_up(&igb, 2, 2);
    assert_true(host_log_contains("PCI add 0000:01:00.0 PF -> d0\n"));
    assert_true(host_log_contains("PCI add 0000:01:10.2 VF of 0000:01:00.0 "
                                  "-> d0\n"));
    pf = reg_lookup(IGB_PF);
    assert_true(pf->is_pf);
    assert_false(pf->is_vf);
    assert_true(pf->pf.vf_rlen_valid);
    assert_int_equal(pf->pf.sriov_pos, 0x160);
    assert_int_equal(pf->msi_pos, 0x50);
    assert_int_equal(pf->msix_pos, 0x70);
    assert_int_equal(pf->vendor, 0x8086);
    assert_int_equal(pf->device, 0x10c9);
    for (i = 0; i < PCI_SRIOV_NUM_BARS; i++)
        assert_int_equal(pf->pf.vf_rlen[i],
                         i == 0 || i == 3 ? IGB_VF_BAR_SIZE : 0);

    vf = reg_lookup(IGB_VF(1));
    assert_true(vf->is_vf);
    assert_false(vf->is_pf);
    assert_int_equal(vf->vendor, 0x8086);
    assert_int_equal(vf->device, 0x10ca);
    assert_int_equal(vf->class_rev >> 8, 0x020000);
    assert_int_equal(vf->msi_pos, 0);
    assert_int_equal(vf->msix_pos, 0x70);
    assert_true(list_empty(&vf->pf.vf_list));

    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
}

static void test_pf_first_seen_with_vfs_enabled(void **state)
{
    struct pcim_igb igb;
    struct pci_dev *pf;

    pcim_igb_preset(&igb);
    pcim_enable_vfs(IGB_PF, 2);
    host_log_clear();
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    assert_true(host_log_contains("PCI add 0000:01:00.0 PF -> d0: VFs already "
                                  "enabled, VF BAR sizes unknown: its VFs get "
                                  "no MSI-X table"));
    pf = reg_lookup(IGB_PF);
    assert_true(pf->is_pf);
    assert_false(pf->pf.vf_rlen_valid);
    assert_int_equal(pf->pf.vf_rlen[0], 0);
    /* Its VFs are registered all the same. */
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
}

/* ------------------------------------------------------------ ownership */

static void test_assign_deassign(void **state)
{
    struct pcim_igb igb;
    struct pci_dev *vf0;

    igb_up(&igb, 3, 3);
    vf0 = reg_lookup(IGB_VF(0));

    host_log_clear();
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_true(host_log_contains("PCI assign 0000:01:10.0 d0 -> d1\n"));
    assert_ptr_equal(vf0->domain, D1);
    assert_int_equal(D1->nr_pdevs, 1);
    assert_int_equal(D0->nr_pdevs, 3);
    assert_int_equal(teardowns, 1);
    check_consistent();

    /* Found through d1 now, not d0. */
    read_lock(&D1->pci_lock);
    assert_ptr_equal(pci_get_pdev(D1, IGB_VF(0)), vf0);
    read_unlock(&D1->pci_lock);
    read_lock(&D0->pci_lock);
    assert_null(pci_get_pdev(D0, IGB_VF(0)));
    read_unlock(&D0->pci_lock);

    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);     /* already */
    assert_int_equal(teardowns, 1);
    assert_int_equal(assign_device(D2, IGB_VF(0)), -EBUSY);
    assert_true(host_log_contains("PCI assign 0000:01:10.0 d1 -> d2: owned "
                                  "by another domain (-16)"));
    assert_int_equal(assign_device(D0, IGB_VF(0)), -EBUSY);  /* deassign it */
    assert_int_equal(assign_device(D2, IGB_VF(5)), -ENODEV);
    assert_int_equal(assign_device(NULL, IGB_VF(1)), -EINVAL);

    host_log_clear();
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_true(host_log_contains("PCI deassign 0000:01:10.0 d1 -> d0\n"));
    assert_ptr_equal(vf0->domain, D0);
    assert_int_equal(D1->nr_pdevs, 0);
    assert_int_equal(teardowns, 2);
    assert_int_equal(deassign_device(IGB_VF(0)), 0);         /* already */
    assert_int_equal(deassign_device(IGB_VF(6)), -ENODEV);

    /* A higher domid to a lower one and back (lock order both ways). */
    assert_int_equal(assign_device(D3, IGB_VF(1)), 0);
    assert_int_equal(deassign_device(IGB_VF(1)), 0);
    check_consistent();

    /* Removal tears down the interrupts of an assigned device too. */
    assert_int_equal(assign_device(D2, IGB_VF(2)), 0);
    teardowns = 0;
    assert_int_equal(reg_remove_fn(IGB_VF(2)), 0);
    assert_int_equal(teardowns, 1);
    assert_int_equal(D2->nr_pdevs, 0);

    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
}

static void test_broken_devices(void **state)
{
    struct pcim_igb igb;

    igb_up(&igb, 3, 3);
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(assign_device(D2, IGB_PF), 0);

    /* The PF goes while its VFs stay: they are broken where they are. */
    teardowns = 0;
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_int_equal(teardowns, 1);                 /* the PF's own */
    assert_int_equal(D2->nr_pdevs, 0);
    assert_true(reg_lookup(IGB_VF(0))->broken);
    assert_ptr_equal(reg_lookup(IGB_VF(0))->domain, D1);

    /* Broken: to the control domain only. */
    assert_int_equal(assign_device(D2, IGB_VF(1)), -EBUSY);
    assert_true(host_log_contains("broken: only the control domain may have "
                                  "it (-16)"));
    assert_int_equal(assign_device(D1, IGB_VF(1)), -EBUSY);
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_int_equal(assign_device(D1, IGB_VF(0)), -EBUSY);
    assert_int_equal(assign_device(D0, IGB_VF(0)), 0);      /* already d0 */
    check_consistent();

    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(2)), 0);
}

static void test_release_devices(void **state)
{
    struct pcim_igb igb;

    igb_up(&igb, 4, 4);
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(assign_device(D1, IGB_VF(2)), 0);
    assert_int_equal(assign_device(D2, IGB_VF(3)), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);         /* VF 0, 2 now broken */

    host_log_clear();
    teardowns = 0;
    assert_int_equal(pci_release_devices(D1), 2);
    assert_true(host_log_contains("PCI release d1: 2 devices -> d0\n"));
    assert_int_equal(teardowns, 2);
    assert_int_equal(D1->nr_pdevs, 0);
    assert_ptr_equal(reg_lookup(IGB_VF(0))->domain, D0);
    assert_ptr_equal(reg_lookup(IGB_VF(2))->domain, D0);
    assert_ptr_equal(reg_lookup(IGB_VF(3))->domain, D2);
    assert_int_equal(pci_release_devices(D1), 0);
    assert_int_equal(pci_release_devices(D0), -EINVAL);
    assert_int_equal(pci_release_devices(NULL), -EINVAL);
    assert_int_equal(pci_release_devices(D2), 1);
    check_consistent();

    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(2)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(3)), 0);
}

static void test_claim_unowned(void **state)
{
    struct pcim_igb igb;
    struct pci_registry_stats st;

    /* Boot before the control domain exists. */
    control_domain = NULL;
    host_log_clear();
    igb_up(&igb, 2, 2);
    assert_int_equal(reg_add_fn(igb.rp_sbdf), 0);
    assert_true(host_log_contains("PCI add 0000:01:10.2 VF of 0000:01:00.0 "
                                  "-> none\n"));
    pci_registry_stats(&st);
    assert_int_equal(st.unowned, 4);
    assert_int_equal(deassign_device(IGB_VF(0)), -ENODEV);
    /* Unowned devices are the control domain's pool: assignable. */
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    check_consistent();

    control_domain = D0;
    host_log_clear();
    assert_int_equal(pci_hwdom_claim_all(D0), 2);
    assert_true(host_log_contains("PCI claim: 2 unowned devices -> d0\n"));
    assert_int_equal(pci_hwdom_claim_all(D0), 0);
    assert_int_equal(pci_hwdom_claim_all(NULL), -EINVAL);
    pci_registry_stats(&st);
    assert_int_equal(st.unowned, 0);
    assert_int_equal(D0->nr_pdevs, 2);
    assert_int_equal(D1->nr_pdevs, 1);
    check_consistent();

    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_int_equal(reg_remove_fn(igb.rp_sbdf), 0);
}

/* ------------------------------------------------------------ listing */

struct collect {
    u32 sbdf[16];
    unsigned int n, stop_after;
};

static int collect_cb(const struct pci_dev *pdev, void *arg)
{
    struct collect *c = arg;

    c->sbdf[c->n++] = pdev->sbdf.sbdf;
    return c->n == c->stop_after ? 42 : 0;
}

static void test_walk_and_info(void **state)
{
    struct pcim_igb igb;
    struct collect c = { .n = 0 };
    struct mhv_pci_info info;
    pci_sbdf_t far = PCI_SBDF(2, 0, 0);
    unsigned int i;

    igb_up(&igb, 3, 0);
    /* Added out of order: the walk is in SBDF order anyway. */
    assert_int_equal(reg_add_vf(IGB_VF(2), IGB_PF), 0);
    pcim_add_dev(far, 0x1af4, 0x1000, 0x020000);
    assert_int_equal(reg_add_fn(far), 0);
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    assert_int_equal(reg_add_fn(igb.rp_sbdf), 0);

    pcidevs_lock();
    assert_int_equal(pci_registry_walk(collect_cb, &c), 0);
    pcidevs_unlock();
    assert_int_equal(c.n, 5);
    assert_int_equal(c.sbdf[0], igb.rp_sbdf.sbdf);
    assert_int_equal(c.sbdf[1], IGB_PF.sbdf);
    assert_int_equal(c.sbdf[2], IGB_VF(0).sbdf);
    assert_int_equal(c.sbdf[3], IGB_VF(2).sbdf);
    assert_int_equal(c.sbdf[4], far.sbdf);

    /* Early stop. */
    c = (struct collect){ .stop_after = 2 };
    pcidevs_lock();
    assert_int_equal(pci_registry_walk(collect_cb, &c), 42);
    pcidevs_unlock();
    assert_int_equal(c.n, 2);

    /* The Xen-style list walk finds the same devices. */
    pcidevs_lock();
    for (i = 0; i < 8; i++)
        assert_ptr_equal(pci_registry_list_walk_lookup(IGB_VF(i)),
                         pci_get_pdev(NULL, IGB_VF(i)));
    assert_ptr_equal(pci_registry_list_walk_lookup(far), pci_get_pdev(NULL, far));
    assert_non_null(pci_registry_list_walk_lookup(far));

    pci_dev_get_info(pci_get_pdev(NULL, IGB_VF(2)), &info);
    assert_int_equal(info.sbdf, IGB_VF(2).sbdf);
    assert_int_equal(info.pf_sbdf, IGB_PF.sbdf);
    assert_int_equal(info.owner, 0);
    assert_int_equal(info.vendor, 0x8086);
    assert_int_equal(info.device, 0x10ca);
    assert_int_equal(info.flags, MHV_PCI_FLAG_VF | MHV_PCI_FLAG_MSIX);
    pci_dev_get_info(pci_get_pdev(NULL, IGB_PF), &info);
    assert_int_equal(info.pf_sbdf, 0xffffffffU);
    assert_int_equal(info.nr_vfs, 2);
    assert_int_equal(info.flags, MHV_PCI_FLAG_PF | MHV_PCI_FLAG_MSI |
                                 MHV_PCI_FLAG_MSIX);
    pcidevs_unlock();

    /* A removed PF is neither listed nor found by the list walk. */
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    c = (struct collect){ .n = 0 };
    pcidevs_lock();
    assert_int_equal(pci_registry_walk(collect_cb, &c), 0);
    assert_null(pci_registry_list_walk_lookup(IGB_PF));
    pci_dev_get_info(pci_get_pdev(NULL, IGB_VF(0)), &info);
    assert_int_equal(info.flags, MHV_PCI_FLAG_VF | MHV_PCI_FLAG_MSIX |
                                 MHV_PCI_FLAG_BROKEN);
    pcidevs_unlock();
    assert_int_equal(c.n, 4);

    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(2)), 0);
    assert_int_equal(reg_remove_fn(far), 0);
    assert_int_equal(reg_remove_fn(igb.rp_sbdf), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_all_removal_orders),
        T(test_interleaved_readds),
        T(test_vf_before_pf),
        T(test_vf_of_wrong_pf),
        T(test_vf_index_beyond_numvfs),
        T(test_absent_function),
        T(test_duplicate_adds),
        T(test_remove_unknown),
        T(test_64_vfs_two_buses),
        T(test_alloc_failure_each_allocation),
        T(test_pf_data),
        T(test_pf_first_seen_with_vfs_enabled),
        T(test_assign_deassign),
        T(test_broken_devices),
        T(test_release_devices),
        T(test_claim_unowned),
        T(test_walk_and_info),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
