/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupt mappings are torn down without a leak, and refused when they
 * must be.
 *
 *  - map/unmap an MSI-X entry of a VF 1000 times: heap counters, free
 *    vectors and MMIO mappings back to their start;
 *  - map, then remove the device (VF, PF, PF first with VFs left): the
 *    registry's leave steps (pirq_leave) unbind every pirq;
 *  - map, then deassign / assign elsewhere / release the domain's devices;
 *  - multi-vector MSI on a PF-like function (the model's MSI capability
 *    with 4, 8 and 32 vectors, 32- and 64-bit, with and without masking),
 *    as a whole, each vector delivered to its own pirq;
 *  - refusals: a broken VF (PF removed first) is -EBUSY; a device the
 *    domain does not own is -EPERM (-ENODEV for the control domain); the
 *    hypercall's argument checks; allocation, ioremap and vector failures
 *    leave nothing behind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/lib.h>
#include <asm/irq.h>
#include <mhv/smp.h>
#include <mhv/xmalloc.h>
#include <mhv/pci/regs.h>
#include <public/physdev.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include "harness.h"
#include "host_hw.h"
#include "test_msi_fixture.h"
#include <mhv/pci/access.h>
#include <mhv/sbdf.h>
#include <mhv/passthrough/assign.h>

static long heap_objects(void)
{
    struct heap_stats st;

    heap_stats(&st);
    return (long)st.live_objects;
}

static long heap_bytes(void)
{
    struct heap_stats st;

    heap_stats(&st);
    return (long)st.live_bytes;
}

/* ------------------------------------------------------------ loops */

static void test_map_unmap_1000(void **state)
{
    struct pci_dev *vf;
    long objs, bytes;
    unsigned long vecs;

    msi_igb_up(2);
    vf = reg_lookup(IGB_VF(1));
    objs = heap_objects();
    bytes = heap_bytes();
    vecs = free_vectors_all();
    for (unsigned int i = 0; i < 1000; i++) {
        int pirq = -1;

        assert_int_equal(map_msix(D0, IGB_VF(1), i % IGB_VF_MSIX_ENTRIES, &pirq), 0);
        assert_int_equal(free_vectors_all(), vecs - 1);
        assert_int_equal(host_mmio_nr_mappings(), 1);
        if (i % 100 == 0) {
            fire_pirq(D0, pirq);
            assert_int_equal(msi_si[0].pirq_count[pirq], i / 100 + 1);
        }
        assert_int_equal(unmap(D0, pirq), 0);
        assert_null(vf->msix);
        assert_int_equal(host_mmio_nr_mappings(), 0);
        assert_false(msix_ctrl_of(IGB_VF(1)) & PCI_MSIX_FLAGS_ENABLE);
    }
    assert_int_equal(heap_objects(), objs);
    assert_int_equal(heap_bytes(), bytes);
    assert_int_equal(free_vectors_all(), vecs);
    assert_int_equal(D0->nr_pirqs, 0);
}

/* All three entries of every VF, 1000 rounds of map-all / unmap-all. */
static void test_map_all_entries_rounds(void **state)
{
    int pirq[4][IGB_VF_MSIX_ENTRIES];
    long objs;
    unsigned long vecs;

    msi_igb_up(4);
    objs = heap_objects();
    vecs = free_vectors_all();
    for (unsigned int round = 0; round < 1000; round++) {
        for (unsigned int v = 0; v < 4; v++)
            for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++) {
                pirq[v][e] = -1;
                assert_int_equal(map_msix(D0, IGB_VF(v), e, &pirq[v][e]), 0);
            }
        assert_int_equal(host_mmio_nr_mappings(), 4);
        assert_int_equal(free_vectors_all(), vecs - 12);
        /* Unmap in another order than mapped. */
        for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++)
            for (unsigned int v = 0; v < 4; v++)
                assert_int_equal(unmap(D0, pirq[(v + round) % 4][e]), 0);
        assert_int_equal(host_mmio_nr_mappings(), 0);
    }
    assert_int_equal(heap_objects(), objs);
    assert_int_equal(free_vectors_all(), vecs);
}

/* ------------------------------------------------------------ removal */

static void test_map_then_remove_vf(void **state)
{
    struct pci_dev *vf;
    int pirq[IGB_VF_MSIX_ENTRIES];

    msi_igb_up(2);
    for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++) {
        pirq[e] = -1;
        assert_int_equal(map_msix(D0, IGB_VF(0), e, &pirq[e]), 0);
    }
    vf = reg_lookup(IGB_VF(0));
    assert_non_null(vf->msix);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++)
        assert_null(D0->pirqs[pirq[e]]);
    assert_int_equal(D0->nr_pirqs, 0);
    assert_int_equal(host_mmio_nr_mappings(), 0);
    /* The hardware was left masked and disabled. */
    for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++)
        assert_int_equal(msix_entry(IGB_VF_TABLE(0), e).ctrl,
                         PCI_MSIX_ENTRY_CTRL_MASKBIT);
    assert_false(msix_ctrl_of(IGB_VF(0)) & PCI_MSIX_FLAGS_ENABLE);
    /* Unmapping the stale pirq is refused, not a use after free. */
    assert_int_equal(unmap(D0, pirq[0]), -EINVAL);
    assert_false(host_log_contains("Assertion"));
}

static void test_map_then_remove_pf(void **state)
{
    int pirq = -1, mpirq = -1;

    msi_igb_up(0);
    assert_int_equal(map_msix(D0, IGB_PF, 4, &pirq), 0);
    assert_int_equal(host_mmio_nr_mappings(), 1);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_null(D0->pirqs[pirq]);
    assert_int_equal(host_mmio_nr_mappings(), 0);

    /* The same with MSI. */
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    assert_int_equal(map_msi(D0, IGB_PF, 1, &mpirq), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_null(D0->pirqs[mpirq]);
    assert_false(pci_conf_read16(IGB_PF, 0x50 + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_ENABLE);
}

/*
 * The PF goes first while its VFs are mapped: the PF's own mapping goes
 * with it, its VFs are broken and keep theirs (still delivered) but get no
 * new one (-EBUSY), and removing them tears theirs down.
 */
static void test_pf_removed_first(void **state)
{
    int pf_pirq = -1, vf_pirq = -1, p = -1;
    struct pci_dev *vf;

    msi_igb_up(2);
    assert_int_equal(map_msix(D0, IGB_PF, 0, &pf_pirq), 0);
    assert_int_equal(map_msix(D0, IGB_VF(1), 2, &vf_pirq), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_null(D0->pirqs[pf_pirq]);
    assert_non_null(D0->pirqs[vf_pirq]);
    assert_int_equal(host_mmio_nr_mappings(), 1);

    vf = reg_lookup(IGB_VF(1));
    assert_true(vf->broken);
    fire_pirq(D0, vf_pirq);
    assert_int_equal(msi_si[0].pirq_count[vf_pirq], 1);

    host_log_clear();
    assert_int_equal(map_msix(D0, IGB_VF(1), 0, &p), -EBUSY);
    assert_true(host_log_contains("d0: 0000:01:10.2 is broken (its PF was removed): "
                                  "no new interrupt mappings"));
    assert_int_equal(map_msix(D0, IGB_VF(0), 0, &p), -EBUSY);

    /* The existing mapping may still be unmapped by its owner... */
    assert_int_equal(unmap(D0, vf_pirq), 0);
    assert_int_equal(host_mmio_nr_mappings(), 0);
    /* ... and removal of a broken VF with nothing mapped is clean too. */
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
}

/* A broken VF still mapped when it is removed: torn down then. */
static void test_broken_vf_removed_while_mapped(void **state)
{
    int pirq = -1;

    msi_igb_up(1);
    assert_int_equal(map_msix(D0, IGB_VF(0), 1, &pirq), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_null(D0->pirqs[pirq]);
    assert_int_equal(host_mmio_nr_mappings(), 0);
}

/* ------------------------------------------------------------ ownership */

static void test_deassign_assign(void **state)
{
    int p1 = -1, p0 = -1, p2 = -1;

    msi_igb_up(2);
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(map_msix(D1, IGB_VF(0), 0, &p1), 0);
    fire_pirq(D1, p1);
    assert_int_equal(msi_si[1].pirq_count[p1], 1);

    /* Back to d0: d1's binding goes first. */
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_null(D1->pirqs[p1]);
    assert_int_equal(D1->nr_pirqs, 0);
    assert_int_equal(host_mmio_nr_mappings(), 0);
    assert_int_equal(map_msix(D1, IGB_VF(0), 0, &p1), -EPERM);

    /* d0 maps it, then it moves to d2: d0's binding goes. */
    assert_int_equal(map_msix(D0, IGB_VF(0), 1, &p0), 0);
    assert_int_equal(assign_device(D2, IGB_VF(0)), 0);
    assert_null(D0->pirqs[p0]);
    assert_int_equal(host_mmio_nr_mappings(), 0);
    assert_int_equal(map_msix(D2, IGB_VF(0), 2, &p2), 0);

    /* The domain dies: its devices and their interrupts go back. */
    domain_release_devices(D2);
    assert_null(D2->pirqs[p2]);
    assert_int_equal(D2->nr_pirqs, 0);
    assert_int_equal(host_mmio_nr_mappings(), 0);
    assert_ptr_equal(reg_lookup(IGB_VF(0))->domain, D0);
    assert_false(host_log_contains("Assertion"));
}

static void test_not_owner(void **state)
{
    int p = -1;

    msi_igb_up(2);
    assert_int_equal(assign_device(D1, IGB_VF(1)), 0);
    /* An ordinary domain: devices of the control domain or of another. */
    assert_int_equal(map_msix(D2, IGB_VF(0), 0, &p), -EPERM);
    assert_int_equal(map_msix(D2, IGB_VF(1), 0, &p), -EPERM);
    assert_int_equal(map_msi(D2, IGB_PF, 1, &p), -EPERM);
    /* The control domain: a device it does not own is simply not there. */
    assert_int_equal(map_msix(D0, IGB_VF(1), 0, &p), -ENODEV);
    /* Nobody: an SBDF nothing is registered at. */
    assert_int_equal(map_msix(D0, PCI_SBDF(0, 9, 0), 0, &p), -ENODEV);
    assert_int_equal(map_msix(D1, PCI_SBDF(0, 9, 0), 0, &p), -EPERM);
    assert_int_equal(host_mmio_nr_mappings(), 0);
    /* The owner may. */
    p = -1;
    assert_int_equal(map_msix(D1, IGB_VF(1), 0, &p), 0);
    assert_int_equal(unmap(D1, p), 0);
    /* No capability. */
    p = -1;
    assert_int_equal(map_msi(D1, IGB_VF(1), 1, &p), -ENODEV);
    assert_int_equal(deassign_device(IGB_VF(1)), 0);
}

/* ------------------------------------------------------------ the hypercall */

static long map_op(struct domain *caller, struct physdev_map_pirq *m)
{
    return physdev_map_pirq_op(caller, (unsigned long)m);
}

static long unmap_op(struct domain *caller, domid_t domid, int pirq)
{
    struct physdev_unmap_pirq u = { .domid = domid, .pirq = pirq };

    return physdev_unmap_pirq_op(caller, (unsigned long)&u);
}

static void test_hypercall(void **state)
{
    struct physdev_map_pirq m;

    msi_igb_up(2);
    assert_int_equal(assign_device(D1, IGB_VF(1)), 0);

    /* d1 maps its VF's entry 2 for itself. */
    m = (struct physdev_map_pirq){ .domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_MSI,
                                   .index = -1, .pirq = -1, .bus = 1,
                                   .devfn = 0x82, .entry_nr = 2 };
    assert_int_equal(map_op(D1, &m), 0);
    assert_true(m.pirq >= 0);
    assert_non_null(D1->pirqs[m.pirq]);
    assert_int_equal(D1->pirqs[m.pirq]->entry, 2);
    fire_pirq(D1, m.pirq);
    assert_true(msi_si[1].pirq_pending[m.pirq / 64] & (1ULL << (m.pirq % 64)));
    /* d2 may not unmap it; d1 may. */
    assert_int_equal(unmap_op(D2, 1, m.pirq), -EPERM);
    assert_int_equal(unmap_op(D1, DOMID_SELF, m.pirq), 0);

    /* MSI_SEG: segment 0 in the high half of bus. */
    m = (struct physdev_map_pirq){ .domid = 1, .type = MAP_PIRQ_TYPE_MSI_SEG,
                                   .pirq = 40, .bus = 1, .devfn = 0x82,
                                   .entry_nr = 0 };
    assert_int_equal(map_op(D1, &m), 0);
    assert_int_equal(m.pirq, 40);
    /* The control domain acts for d1. */
    assert_int_equal(unmap_op(D0, 1, 40), 0);
    m.pirq = 41;
    assert_int_equal(map_op(D0, &m), 0);
    assert_non_null(D1->pirqs[41]);
    assert_int_equal(unmap_op(D0, 1, 41), 0);

    /* d1 acting for another domain, or for d0. */
    m.domid = 0;
    m.pirq = -1;
    assert_int_equal(map_op(D1, &m), -EPERM);
    m.domid = 2;
    assert_int_equal(map_op(D1, &m), -EPERM);
    /* The control domain naming a domain that does not exist. */
    m.domid = 7;
    assert_int_equal(map_op(D0, &m), -ESRCH);
    m.domid = DOMID_SELF;
    /* Argument checks. */
    m.type = MAP_PIRQ_TYPE_GSI;
    assert_int_equal(map_op(D1, &m), -EOPNOTSUPP);
    m.type = 9;
    assert_int_equal(map_op(D1, &m), -EINVAL);
    m.type = MAP_PIRQ_TYPE_MSI;
    m.pirq = MHV_NR_PIRQS;
    assert_int_equal(map_op(D1, &m), -EINVAL);
    m.pirq = -2;
    assert_int_equal(map_op(D1, &m), -EINVAL);
    m.pirq = -1;
    m.devfn = 0x100;
    assert_int_equal(map_op(D1, &m), -EINVAL);
    m.devfn = 0x82;
    m.bus = 0x100;
    assert_int_equal(map_op(D1, &m), -EINVAL);
    m.bus = 1;
    m.entry_nr = 3;                 /* the VF has 3 entries */
    assert_int_equal(map_op(D1, &m), -EINVAL);
    assert_int_equal(physdev_map_pirq_op(D1, 16), -EFAULT);
    assert_int_equal(physdev_unmap_pirq_op(D1, 16), -EFAULT);
    assert_int_equal(unmap_op(D1, DOMID_SELF, 200), -EINVAL);
    assert_int_equal(unmap_op(D1, DOMID_SELF, -1), -EINVAL);
    assert_int_equal(D1->nr_pirqs, 0);
    assert_int_equal(host_mmio_nr_mappings(), 0);
    assert_int_equal(deassign_device(IGB_VF(1)), 0);
}

/* ------------------------------------------------------------ multi-vector MSI */

#define MSI_FN PCI_SBDF(0, 0, PCI_DEVFN(5, 0))

/* A function with only an MSI capability (no MSI-X). */
static unsigned int msi_fn_up(bool is64, bool maskable, unsigned int log2)
{
    struct pcim_dev *d = pcim_add_dev(MSI_FN, 0x1af4, 0x1041, 0x020000);
    unsigned int pos = pcim_add_msi(d, 0, is64, maskable, log2);

    assert_int_equal(reg_add_fn(MSI_FN), 0);
    return pos;
}

static void check_multi_msi(bool is64, bool maskable, unsigned int log2,
                            unsigned int nvec)
{
    unsigned int pos = msi_fn_up(is64, maskable, log2);
    unsigned int mask_reg = pos + (is64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);
    unsigned int data_reg = pos + (is64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32);
    unsigned long vecs = free_vectors_all();
    struct pirq *first;
    u16 ctrl;
    int pirq = -1;

    assert_int_equal(map_msi(D0, MSI_FN, nvec, &pirq), 0);
    assert_int_equal(free_vectors_all(), vecs - nvec);
    first = D0->pirqs[pirq];
    assert_non_null(first);
    assert_int_equal(first->vector % nvec, 0);       /* aligned block */
    ctrl = pci_conf_read16(MSI_FN, pos + PCI_MSI_FLAGS);
    assert_true(ctrl & PCI_MSI_FLAGS_ENABLE);
    assert_int_equal((ctrl & PCI_MSI_FLAGS_QSIZE) >> 4, __builtin_ctz(nvec));
    assert_int_equal(pci_conf_read32(MSI_FN, pos + PCI_MSI_ADDRESS_LO) & 0xfff00000u,
                     0xfee00000u);
    assert_int_equal(pci_conf_read16(MSI_FN, data_reg), first->vector);
    if (maskable) {
        /* The enabled vectors unmasked, the others (if offered) masked. */
        u32 offered_mask = (u32)((1ULL << (1u << log2)) - 1);

        assert_int_equal(pci_conf_read32(MSI_FN, mask_reg),
                         offered_mask & ~(u32)((1ULL << nvec) - 1));
    }
    for (unsigned int i = 0; i < nvec; i++) {
        struct pirq *p = D0->pirqs[pirq + i];

        assert_non_null(p);
        assert_int_equal(p->vector, first->vector + i);
        fire_pirq(D0, pirq + i);
        assert_int_equal(msi_si[0].pirq_count[pirq + i], 1);
    }
    /* Only the first pirq unmaps the block, and all of it. */
    if (nvec > 1)
        assert_int_equal(unmap(D0, pirq + 1), -EINVAL);
    assert_int_equal(unmap(D0, pirq), 0);
    for (unsigned int i = 0; i < nvec; i++)
        assert_null(D0->pirqs[pirq + i]);
    assert_int_equal(free_vectors_all(), vecs);
    ctrl = pci_conf_read16(MSI_FN, pos + PCI_MSI_FLAGS);
    assert_false(ctrl & (PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE));
    assert_int_equal(pci_conf_read32(MSI_FN, pos + PCI_MSI_ADDRESS_LO), 0);
    assert_int_equal(pci_conf_read16(MSI_FN, data_reg), 0);
    if (maskable)
        assert_int_equal(pci_conf_read32(MSI_FN, mask_reg), 0);
}

static void test_multi_msi_4_of_8_64bit_maskable(void **state)
{
    check_multi_msi(true, true, 3, 4);
}

static void test_multi_msi_8_of_8_32bit(void **state)
{
    check_multi_msi(false, false, 3, 8);
}

static void test_multi_msi_1_of_1_32bit_maskable(void **state)
{
    check_multi_msi(false, true, 0, 1);
}

static void test_multi_msi_32_of_32_64bit_maskable(void **state)
{
    check_multi_msi(true, true, 5, 32);
}

static void test_multi_msi_refusals(void **state)
{
    unsigned int pos = msi_fn_up(true, true, 2);    /* 4 offered */
    int pirq = -1, p2 = -1;

    host_log_clear();
    assert_int_equal(map_msi(D0, MSI_FN, 8, &pirq), -EINVAL);
    assert_true(host_log_contains("8 MSI vectors requested, the device offers 4"));
    assert_int_equal(map_msi(D0, MSI_FN, 3, &pirq), -EINVAL);
    assert_int_equal(map_msi(D0, MSI_FN, 0, &pirq), -EINVAL);
    assert_int_equal(map_msi(D0, MSI_FN, 64, &pirq), -EINVAL);
    /* A pirq range running past the table. */
    pirq = MHV_NR_PIRQS - 2;
    assert_int_equal(map_msi(D0, MSI_FN, 4, &pirq), -EINVAL);
    /* MSI is all or nothing: a second mapping is refused. */
    pirq = -1;
    assert_int_equal(map_msi(D0, MSI_FN, 2, &pirq), 0);
    assert_int_equal(map_msi(D0, MSI_FN, 1, &p2), -EBUSY);
    /* A pirq in use. */
    p2 = pirq + 1;
    assert_int_equal(map_msix(D0, IGB_VF(0), 0, &p2), -EEXIST);
    /* No MSI-X capability. */
    p2 = -1;
    assert_int_equal(map_msix(D0, MSI_FN, 0, &p2), -ENODEV);
    assert_int_equal(unmap(D0, pirq), 0);
    assert_false(pci_conf_read16(MSI_FN, pos + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_ENABLE);
    assert_int_equal(free_vectors_all(),
                     NR_CPUS * (LAST_DYNAMIC_VECTOR - FIRST_DYNAMIC_VECTOR + 1));
}

/* MSI and MSI-X of one function are never enabled together. */
/* ------------------------------------------------------------ teardown order */

/*
 * A vector is drained and freed only once its source is
 * quiet -- masked and read back (MSI-X), or MSI disabled -- so a message
 * sent before the mask cannot reach whoever gets the vector next.  The
 * host LAPIC model calls the hook at every drain probe: by then the
 * source must be quiet.
 */
static paddr_t order_entry_ctrl;        /* the MSI-X entry being freed */
static unsigned int order_msi_pos;      /* the MSI capability being freed */
static unsigned int order_probes, order_bad;

static void msix_quiet_hook(unsigned int cpu, unsigned int vector)
{
    bool write;
    u64 v;

    order_probes++;
    if (!host_mmio_last_access(order_entry_ctrl, &write, &v) || write ||
        !(v & PCI_MSIX_ENTRY_CTRL_MASKBIT))
        order_bad++;                    /* not masked, or not read back */
}

static void test_msix_masked_and_flushed_before_free(void **state)
{
    int p0 = -1, p1 = -1;

    msi_igb_up(1);
    assert_int_equal(map_msix(D0, IGB_VF(0), 0, &p0), 0);
    assert_int_equal(map_msix(D0, IGB_VF(0), 1, &p1), 0);
    order_entry_ctrl = IGB_VF_TABLE(0) + PCI_MSIX_ENTRY_SIZE * 1 +
                       PCI_MSIX_ENTRY_VECTOR_CTRL;
    order_probes = order_bad = 0;
    host_apic_set_probe_hook(msix_quiet_hook);
    assert_int_equal(unmap(D0, p1), 0);
    /* The last entry through the leave step (removal). */
    order_entry_ctrl = IGB_VF_TABLE(0) + PCI_MSIX_ENTRY_VECTOR_CTRL;
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    host_apic_set_probe_hook(NULL);
    assert_int_equal(order_probes, 2);
    assert_int_equal(order_bad, 0);
    (void)p0;
}

static void msi_disabled_hook(unsigned int cpu, unsigned int vector)
{
    order_probes++;
    if (pci_conf_read16(MSI_FN, order_msi_pos + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_ENABLE)
        order_bad++;                    /* a vector freed under MSI Enable */
}

static void test_multi_msi_disabled_before_any_free(void **state)
{
    int pirq = -1;

    order_msi_pos = msi_fn_up(true, true, 3);
    assert_int_equal(map_msi(D0, MSI_FN, 8, &pirq), 0);
    order_probes = order_bad = 0;
    host_apic_set_probe_hook(msi_disabled_hook);
    assert_int_equal(unmap(D0, pirq), 0);
    assert_int_equal(order_probes, 8);
    /* And through the leave step. */
    pirq = -1;
    assert_int_equal(map_msi(D0, MSI_FN, 4, &pirq), 0);
    assert_int_equal(reg_remove_fn(MSI_FN), 0);
    host_apic_set_probe_hook(NULL);
    assert_int_equal(order_probes, 12);
    assert_int_equal(order_bad, 0);
}

static void test_msi_and_msix_exclusive(void **state)
{
    int mp = -1, xp = -1;

    msi_igb_up(0);
    assert_int_equal(map_msi(D0, IGB_PF, 1, &mp), 0);
    assert_int_equal(map_msix(D0, IGB_PF, 0, &xp), -EBUSY);
    assert_false(msix_ctrl_of(IGB_PF) & PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(unmap(D0, mp), 0);

    xp = -1;
    mp = -1;
    assert_int_equal(map_msix(D0, IGB_PF, 0, &xp), 0);
    assert_int_equal(map_msi(D0, IGB_PF, 1, &mp), -EBUSY);
    assert_false(pci_conf_read16(IGB_PF, 0x50 + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_ENABLE);
    assert_int_equal(unmap(D0, xp), 0);
}

/* ------------------------------------------------------------ failures */

/* Every allocation of a first MSI-X mapping failing in turn. */
static void test_allocation_failures(void **state)
{
    unsigned long vecs;
    long objs;
    int pirq, rc;
    unsigned int n;

    msi_igb_up(1);
    vecs = free_vectors_all();
    objs = heap_objects();
    for (n = 0; n < 16; n++) {
        pirq = -1;
        host_heap_fail_after(n);
        rc = map_msix(D0, IGB_VF(0), 1, &pirq);
        host_heap_fail_after(-1);
        if (rc == 0) {
            assert_int_equal(unmap(D0, pirq), 0);
            break;
        }
        assert_int_equal(rc, -ENOMEM);
        assert_int_equal(heap_objects(), objs);
        assert_int_equal(free_vectors_all(), vecs);
        assert_int_equal(host_mmio_nr_mappings(), 0);
        assert_null(reg_lookup(IGB_VF(0))->msix);
    }
    assert_true(n > 0 && n < 16);
    /* Multi-vector MSI: one pirq allocation each. */
    msi_fn_up(true, true, 3);
    objs = heap_objects();
    for (n = 0; n < 16; n++) {
        pirq = -1;
        host_heap_fail_after(n);
        rc = map_msi(D0, MSI_FN, 8, &pirq);
        host_heap_fail_after(-1);
        if (rc == 0) {
            assert_int_equal(unmap(D0, pirq), 0);
            break;
        }
        assert_int_equal(rc, -ENOMEM);
        assert_int_equal(heap_objects(), objs);
        assert_int_equal(free_vectors_all(), vecs);
    }
    assert_int_equal(n, 8);
}

static void test_ioremap_failure(void **state)
{
    int pirq = -1;
    unsigned long vecs;

    msi_igb_up(1);
    vecs = free_vectors_all();
    host_mmio_fail_after(0);
    assert_int_equal(map_msix(D0, IGB_VF(0), 0, &pirq), -ENOMEM);
    host_mmio_fail_after(-1);
    assert_int_equal(free_vectors_all(), vecs);
    assert_null(reg_lookup(IGB_VF(0))->msix);
    assert_false(msix_ctrl_of(IGB_VF(0)) & PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(D0->nr_pirqs, 0);
}

static void noop_handler(unsigned int vector, void *data)
{
}

/* CPU 0 out of vectors: -ENOSPC, nothing left behind. */
static void test_no_vector(void **state)
{
    unsigned int n = LAST_DYNAMIC_VECTOR - FIRST_DYNAMIC_VECTOR + 1;
    int pirq = -1;

    msi_igb_up(1);
    for (unsigned int i = 0; i < n; i++)
        assert_true(alloc_irq_vector(0, noop_handler, NULL, "filler") >= 0);
    assert_int_equal(irq_free_vectors(0), 0);
    assert_int_equal(map_msix(D0, IGB_VF(0), 0, &pirq), -ENOSPC);
    assert_null(reg_lookup(IGB_VF(0))->msix);
    assert_int_equal(host_mmio_nr_mappings(), 0);
    assert_int_equal(D0->nr_pirqs, 0);
    for (unsigned int v = FIRST_DYNAMIC_VECTOR; v <= LAST_DYNAMIC_VECTOR; v++)
        free_irq_vector(0, v);
}

/* Chosen pirqs: a block may not overlap a pirq in use. */
static void test_no_pirq(void **state)
{
    static int pirqs[MHV_NR_PIRQS];
    int p = -1;

    msi_igb_up(0);
    /* The PF's 10 MSI-X entries at the top of d0's pirq space. */
    for (unsigned int i = 0; i < 10; i++) {
        pirqs[i] = (int)(MHV_NR_PIRQS - 10 + i);
        assert_int_equal(map_msix(D0, IGB_PF, i, &pirqs[i]), 0);
    }
    /* A block overlapping them is refused; one is found below them. */
    msi_fn_up(true, false, 5);
    p = MHV_NR_PIRQS - 40;
    assert_int_equal(map_msi(D0, MSI_FN, 32, &p), -EEXIST);
    p = -1;
    assert_int_equal(map_msi(D0, MSI_FN, 32, &p), 0);
    assert_int_equal(p, 0);
    assert_int_equal(unmap(D0, p), 0);
    for (unsigned int i = 0; i < 10; i++)
        assert_int_equal(unmap(D0, pirqs[i]), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) MSI_TEST(fn)
        T(test_map_unmap_1000),
        T(test_map_all_entries_rounds),
        T(test_map_then_remove_vf),
        T(test_map_then_remove_pf),
        T(test_pf_removed_first),
        T(test_broken_vf_removed_while_mapped),
        T(test_deassign_assign),
        T(test_not_owner),
        T(test_hypercall),
        T(test_multi_msi_4_of_8_64bit_maskable),
        T(test_multi_msi_8_of_8_32bit),
        T(test_multi_msi_1_of_1_32bit_maskable),
        T(test_multi_msi_32_of_32_64bit_maskable),
        T(test_multi_msi_refusals),
        T(test_msix_masked_and_flushed_before_free),
        T(test_multi_msi_disabled_before_any_free),
        T(test_msi_and_msix_exclusive),
        T(test_allocation_failures),
        T(test_ioremap_failure),
        T(test_no_vector),
        T(test_no_pirq),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
