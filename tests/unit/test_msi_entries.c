/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the hardware sees: MSI-X table entries and the MSI capability
 * after mapping and unmapping, read from the device's side (the host MMIO
 * stand-in and the config model), and the interrupt's way back through
 * do_irq() to the owner's pending bits.
 *
 *  - a mapped entry holds the composed message (LAPIC address with the
 *    target CPU's APIC ID, physical mode; data = the vector, fixed, edge)
 *    and is unmasked; every other entry is masked, whatever the table held
 *    before; the function is enabled and not function-masked;
 *  - an unmapped entry is masked and cleared; MSI-X is disabled and the
 *    table unmapped with the last entry; the PBA is never written;
 *  - the target CPU is the domain's vCPU's: vector, APIC ID and delivery
 *    there, with the vCPU woken and the LAPIC acknowledged;
 *  - bad entries, an entry or pirq already in use;
 *  - MSI: address, data, enable and mask bits, restored on unmap.
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
#include <mhv/sched.h>
#include <mhv/xmalloc.h>
#include <mhv/pci/regs.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include "harness.h"
#include "host_hw.h"
#include "test_msi_fixture.h"
#include <mhv/pci/access.h>
#include <mhv/passthrough/assign.h>

static int setup(void **state)
{
    msi_setup();
    return 0;
}

static int teardown(void **state)
{
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        per_cpu_info(cpu)->apic_id = cpu;
    for (unsigned int i = 0; i < NR_MSI_DOMAINS; i++)
        msi_dom[i].vcpu = NULL;
    msi_teardown_all();
    return 0;
}

/* The message the LAPIC of APIC ID @dest expects for @vector. */
static u32 lapic_addr(u32 dest)
{
    return 0xfee00000u | ((dest & 0xff) << 12) | (((dest >> 8) & 0x7f) << 5);
}

static void assert_masked_clear(paddr_t table, unsigned int e)
{
    struct msix_entry_view ev = msix_entry(table, e);

    assert_int_equal(ev.ctrl, PCI_MSIX_ENTRY_CTRL_MASKBIT);
    assert_int_equal(ev.addr_lo, 0);
    assert_int_equal(ev.addr_hi, 0);
    assert_int_equal(ev.data, 0);
}

static void assert_programmed(paddr_t table, unsigned int e, struct pirq *p)
{
    struct msix_entry_view ev = msix_entry(table, e);

    assert_non_null(p);
    assert_int_equal(ev.addr_lo, lapic_addr(per_cpu_info(p->cpu)->apic_id));
    assert_int_equal(ev.addr_hi, 0);
    assert_int_equal(ev.data, p->vector);
    assert_int_equal(ev.ctrl, 0);
}

static void test_compose(void **state)
{
    static const u32 ids[] = { 0, 1, 0x7f, 0xff, 0x100, 0x1a5, 0x7fff };
    struct msi_msg msg;

    for (unsigned int i = 0; i < ARRAY_SIZE(ids); i++) {
        per_cpu_info(2)->apic_id = ids[i];
        msi_compose_msg(2, 0x41, &msg);
        assert_int_equal(msg.address_lo, lapic_addr(ids[i]));
        assert_int_equal(msg.address_hi, 0);
        assert_int_equal(msg.data, 0x41);   /* fixed, edge, assert */
    }
    /* Redirection hint and logical mode (bits 3, 2) never set. */
    assert_int_equal(msg.address_lo & 0xc, 0);
}

static void test_one_entry(void **state)
{
    const paddr_t table = IGB_VF_TABLE(2);
    int pirq = -1;
    u16 ctrl;

    msi_igb_up(4);
    assert_false(msix_ctrl_of(IGB_VF(2)) & PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(map_msix(D0, IGB_VF(2), 1, &pirq), 0);
    assert_programmed(table, 1, D0->pirqs[pirq]);
    assert_masked_clear(table, 0);
    assert_masked_clear(table, 2);
    ctrl = msix_ctrl_of(IGB_VF(2));
    assert_true(ctrl & PCI_MSIX_FLAGS_ENABLE);
    assert_false(ctrl & PCI_MSIX_FLAGS_MASKALL);
    /* Other VFs' tables untouched, their MSI-X off. */
    for (unsigned int vf = 0; vf < 4; vf++) {
        if (vf == 2)
            continue;
        assert_int_equal(msix_entry(IGB_VF_TABLE(vf), 0).ctrl, 0);
        assert_false(msix_ctrl_of(IGB_VF(vf)) & PCI_MSIX_FLAGS_ENABLE);
    }

    assert_int_equal(unmap(D0, pirq), 0);
    assert_masked_clear(table, 1);
    ctrl = msix_ctrl_of(IGB_VF(2));
    assert_false(ctrl & (PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
    assert_int_equal(host_mmio_nr_mappings(), 0);
}

/* Whatever the table held before, unused entries end up masked. */
static void test_garbage_table_masked(void **state)
{
    const paddr_t table = IGB_PF_BAR3;
    int pirq = 7;

    msi_igb_up(0);
    for (unsigned int e = 0; e < IGB_PF_MSIX_ENTRIES; e++) {
        paddr_t a = table + e * PCI_MSIX_ENTRY_SIZE;

        host_mmio_dev_write32(a + PCI_MSIX_ENTRY_LOWER_ADDR, 0xdead0000u | e);
        host_mmio_dev_write32(a + PCI_MSIX_ENTRY_UPPER_ADDR, 0xbeef);
        host_mmio_dev_write32(a + PCI_MSIX_ENTRY_DATA, 0x1234);
        host_mmio_dev_write32(a + PCI_MSIX_ENTRY_VECTOR_CTRL, 0);   /* unmasked */
    }
    assert_int_equal(map_msix(D0, IGB_PF, 6, &pirq), 0);
    assert_int_equal(pirq, 7);
    for (unsigned int e = 0; e < IGB_PF_MSIX_ENTRIES; e++) {
        if (e == 6)
            assert_programmed(table, e, D0->pirqs[7]);
        else
            assert_true(msix_entry(table, e).ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT);
    }
    assert_int_equal(unmap(D0, 7), 0);
    assert_masked_clear(table, 6);
}

static void test_several_entries_last_disables(void **state)
{
    const paddr_t table = IGB_VF_TABLE(0);
    int pirq[IGB_VF_MSIX_ENTRIES];

    msi_igb_up(1);
    /* The PBA holds pending bits: the hypervisor never writes it. */
    host_mmio_dev_write32(IGB_VF_PBA(0), 0x5);
    for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++) {
        pirq[e] = -1;
        assert_int_equal(map_msix(D0, IGB_VF(0), e, &pirq[e]), 0);
    }
    for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++)
        assert_programmed(table, e, D0->pirqs[pirq[e]]);
    /* Distinct vectors. */
    assert_int_not_equal(D0->pirqs[pirq[0]]->vector, D0->pirqs[pirq[1]]->vector);
    assert_int_not_equal(D0->pirqs[pirq[1]]->vector, D0->pirqs[pirq[2]]->vector);

    assert_int_equal(unmap(D0, pirq[1]), 0);
    assert_masked_clear(table, 1);
    assert_programmed(table, 0, D0->pirqs[pirq[0]]);
    assert_programmed(table, 2, D0->pirqs[pirq[2]]);
    assert_true(msix_ctrl_of(IGB_VF(0)) & PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(host_mmio_nr_mappings(), 1);

    /* The freed entry can be mapped again, under another pirq. */
    pirq[1] = 100;
    assert_int_equal(map_msix(D0, IGB_VF(0), 1, &pirq[1]), 0);
    assert_programmed(table, 1, D0->pirqs[100]);

    assert_int_equal(unmap(D0, pirq[0]), 0);
    assert_int_equal(unmap(D0, pirq[2]), 0);
    assert_true(msix_ctrl_of(IGB_VF(0)) & PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(unmap(D0, pirq[1]), 0);
    assert_false(msix_ctrl_of(IGB_VF(0)) & PCI_MSIX_FLAGS_ENABLE);
    for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++)
        assert_masked_clear(table, e);
    assert_int_equal(host_mmio_dev_read32(IGB_VF_PBA(0)), 0x5);
    assert_int_equal(host_mmio_nr_mappings(), 0);
}

static void test_bad_entries(void **state)
{
    int p = -1, q = -1;
    long objs;
    struct heap_stats st;

    msi_igb_up(1);
    /* Beyond the table, nothing mapped yet: MSI-X not left on. */
    assert_int_equal(map_msix(D0, IGB_VF(0), IGB_VF_MSIX_ENTRIES, &p), -EINVAL);
    assert_int_equal(map_msix(D0, IGB_VF(0), 2047, &p), -EINVAL);
    assert_false(msix_ctrl_of(IGB_VF(0)) & PCI_MSIX_FLAGS_ENABLE);
    assert_null(reg_lookup(IGB_VF(0))->msix);
    assert_int_equal(host_mmio_nr_mappings(), 0);

    p = -1;
    assert_int_equal(map_msix(D0, IGB_VF(0), 0, &p), 0);
    heap_stats(&st);
    objs = (long)st.live_objects;
    /* Beyond the table with an entry in use: that one stays. */
    q = -1;
    assert_int_equal(map_msix(D0, IGB_VF(0), 5, &q), -EINVAL);
    assert_programmed(IGB_VF_TABLE(0), 0, D0->pirqs[p]);
    /* The same entry under a second pirq. */
    q = -1;
    assert_int_equal(map_msix(D0, IGB_VF(0), 0, &q), -EBUSY);
    /* The same pirq for another entry. */
    q = p;
    assert_int_equal(map_msix(D0, IGB_VF(0), 1, &q), -EEXIST);
    assert_int_equal(msix_entry(IGB_VF_TABLE(0), 1).ctrl, PCI_MSIX_ENTRY_CTRL_MASKBIT);
    heap_stats(&st);
    assert_int_equal((long)st.live_objects, objs);
    assert_int_equal(D0->nr_pirqs, 1);
    assert_int_equal(unmap(D0, p), 0);
    assert_int_equal(unmap(D0, p), -EINVAL);
}

/* The interrupt goes to the CPU the domain's vCPU runs on. */
static void test_target_cpu_and_delivery(void **state)
{
    struct vcpu v = { .domain = D1, .processor = 3 };
    unsigned long free3, eois;
    unsigned int vector;
    struct pirq *p;
    int pirq = -1;

    num_online_cpus = 4;
    msi_igb_up(2);
    assert_int_equal(assign_device(D1, IGB_VF(1)), 0);
    D1->vcpu = &v;
    per_cpu_info(3)->apic_id = 0x12;
    free3 = irq_free_vectors(3);
    assert_int_equal(map_msix(D1, IGB_VF(1), 2, &pirq), 0);
    p = D1->pirqs[pirq];
    assert_int_equal(p->cpu, 3);
    assert_int_equal(irq_free_vectors(3), free3 - 1);
    assert_int_equal(msix_entry(IGB_VF_TABLE(1), 2).addr_lo, lapic_addr(0x12));
    assert_ptr_equal(irq_desc_of(3, p->vector)->data, p);

    eois = host_apic_eoi_count();
    for (unsigned int i = 1; i <= 3; i++) {
        fire_pirq(D1, pirq);
        assert_int_equal(msi_si[1].pirq_count[pirq], i);
        assert_int_equal(msi_vcpu_wakes, i);
        assert_int_equal(host_apic_eoi_count(), eois + i);
    }
    assert_true(msi_si[1].pirq_pending[pirq / 64] & (1ULL << (pirq % 64)));
    assert_int_equal(msi_si[1].events, 3);
    assert_int_equal(irq_desc_of(3, p->vector)->count, 3);
    /* Nothing reached d0. */
    assert_int_equal(msi_si[0].events, 0);

    vector = p->vector;
    assert_int_equal(unmap(D1, pirq), 0);
    assert_int_equal(irq_free_vectors(3), free3);
    assert_null(irq_desc_of(3, vector)->handler);
    D1->vcpu = NULL;
    num_online_cpus = 1;
    assert_int_equal(deassign_device(IGB_VF(1)), 0);
}

/* A vector that fires after its pirq was unmapped reaches nobody. */
static void test_stale_vector(void **state)
{
    struct cpu_user_regs regs = { 0 };
    int pirq = -1;

    msi_igb_up(1);
    assert_int_equal(map_msix(D0, IGB_VF(0), 0, &pirq), 0);
    regs.vector = D0->pirqs[pirq]->vector;
    assert_int_equal(unmap(D0, pirq), 0);
    host_log_clear();
    do_irq(&regs);
    assert_int_equal(msi_si[0].events, 0);
    assert_true(host_log_contains("no handler for vector"));
}

static void test_msi_programming(void **state)
{
    const unsigned int pos = 0x50;      /* igb: 64-bit, maskable, 1 vector */
    struct pirq *p;
    int pirq = -1;
    u16 ctrl0, ctrl;

    msi_igb_up(0);
    ctrl0 = pci_conf_read16(IGB_PF, pos + PCI_MSI_FLAGS);
    assert_true(ctrl0 & PCI_MSI_FLAGS_64BIT);
    assert_true(ctrl0 & PCI_MSI_FLAGS_MASKBIT);
    pci_conf_write32(IGB_PF, pos + PCI_MSI_MASK_64, 1);     /* as reset leaves it */

    assert_int_equal(map_msi(D0, IGB_PF, 1, &pirq), 0);
    p = D0->pirqs[pirq];
    assert_non_null(p);
    ctrl = pci_conf_read16(IGB_PF, pos + PCI_MSI_FLAGS);
    assert_true(ctrl & PCI_MSI_FLAGS_ENABLE);
    assert_int_equal(ctrl & PCI_MSI_FLAGS_QSIZE, 0);
    assert_int_equal(pci_conf_read32(IGB_PF, pos + PCI_MSI_ADDRESS_LO), lapic_addr(0));
    assert_int_equal(pci_conf_read32(IGB_PF, pos + PCI_MSI_ADDRESS_HI), 0);
    assert_int_equal(pci_conf_read16(IGB_PF, pos + PCI_MSI_DATA_64), p->vector);
    assert_int_equal(pci_conf_read32(IGB_PF, pos + PCI_MSI_MASK_64), 0);
    /* MSI-X of that function stays off. */
    assert_false(msix_ctrl_of(IGB_PF) & PCI_MSIX_FLAGS_ENABLE);
    fire_pirq(D0, pirq);
    assert_int_equal(msi_si[0].pirq_count[pirq], 1);

    assert_int_equal(unmap(D0, pirq), 0);
    assert_int_equal(pci_conf_read16(IGB_PF, pos + PCI_MSI_FLAGS), ctrl0);
    assert_int_equal(pci_conf_read32(IGB_PF, pos + PCI_MSI_ADDRESS_LO), 0);
    assert_int_equal(pci_conf_read16(IGB_PF, pos + PCI_MSI_DATA_64), 0);
    assert_int_equal(pci_conf_read32(IGB_PF, pos + PCI_MSI_MASK_64), 0);
    /* Again, after the restore. */
    pirq = -1;
    assert_int_equal(map_msi(D0, IGB_PF, 1, &pirq), 0);
    assert_int_equal(unmap(D0, pirq), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_compose),
        T(test_one_entry),
        T(test_garbage_table_masked),
        T(test_several_entries_last_disables),
        T(test_bad_entries),
        T(test_target_cpu_and_delivery),
        T(test_stale_vector),
        T(test_msi_programming),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
