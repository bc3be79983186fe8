/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The life of a virtual slot: shown when added, revoked when the function
 * leaves the guest (deassigned, its PF removed, the guest released) --
 * reads all-ones, no mapping, no binding, nothing of a later device at
 * that slot -- and reset when the guest asks for a function-level reset.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/pci/regs.h>
#include <mhv/sched.h>
#include <mhv/waitqueue.h>
#include <mhv/domain/physdev.h>
#include <public/physdev.h>
#include <mhv/passthrough/assign.h>
#include "harness.h"
#include "host_hw.h"
#include "test_vpci_fixture.h"

#define MSIX_CTRL   (0x70 + PCI_MSIX_FLAGS)
#define DEVCTL      (0xa0 + PCI_EXP_DEVCTL)

/* A guest driver at work on VF @vf: BARs mapped, every entry live. */
static unsigned int busy_guest(unsigned int vf)
{
    unsigned int slot = vg_assign(vf);

    vg_place_bars(slot);
    for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++)
        vg_msix_up(slot, e, e % VG_NR_VCPUS, 0x50 + e);
    assert_int_equal(vg_pirq_of(IGB_VF(vf), 2) >= 0, true);
    return slot;
}

/* What a revoked slot gives the guest: nothing. */
static void check_revoked(unsigned int slot, unsigned int vf)
{
    u64 v = 0;

    assert_int_equal(vg_cfg_read(slot, PCI_VENDOR_ID, 4), 0xffffffffu);
    assert_int_equal(vg_cfg_read(slot, MSIX_CTRL, 2), 0xffff);
    assert_int_equal(vpci_mmio_access(VG, VG_TABLE(slot), 4, false, &v), -ENOENT);
    assert_int_equal(vpci_mmio_access(VG, VG_PBA(slot), 4, false, &v), -ENOENT);
    for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++)
        assert_int_equal(vg_pirq_of(IGB_VF(vf), e), -1);
    /* Writes go nowhere: decoding on again maps nothing. */
    vg_cfg_write(slot, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    vg_cfg_write(slot, MSIX_CTRL, 2, PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(vg_cfg_read(slot, PCI_COMMAND, 2), 0xffff);
}

static void test_deassign_revokes_a_busy_slot(void **state)
{
    unsigned long free_before;
    unsigned int slot;

    vg_igb_up(1);
    free_before = free_vectors_all();
    slot = busy_guest(0);
    assert_int_equal(vg_nr_maps(), 3);
    host_log_clear();
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_true(host_log_contains("revoked: it left the domain"));
    assert_int_equal(vg_nr_maps(), 0);
    assert_int_equal(VG->nr_pirqs, 0);
    assert_int_equal(free_vectors_all(), free_before);
    assert_int_equal(msix_ctrl_of(IGB_VF(0)) & PCI_MSIX_FLAGS_ENABLE, 0);
    assert_int_equal(vg_stats().shown, 1);
    assert_int_equal(vg_stats().revoked, 1);
    check_revoked(slot, 0);
    assert_int_equal(vg_nr_maps(), 0);
}

/*
 * The PF is removed under the guest's traffic: its VF stays the guest's
 * in the registry, broken, and its slot is revoked at once.  A device
 * plugged in later at the same place, even the same VF given to the same
 * guest, gets a new slot; the old one stays dead.
 */
static void test_pf_removal_revokes(void **state)
{
    unsigned int slot, again;

    vg_igb_up(2);
    slot = busy_guest(1);
    host_log_clear();
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_true(host_log_contains("revoked: its PF was removed"));
    assert_true(reg_lookup(IGB_VF(1))->broken);
    assert_int_equal(vg_nr_maps(), 0);
    assert_int_equal(VG->nr_pirqs, 0);
    check_revoked(slot, 1);
    /* A broken function is not shown again. */
    assert_int_equal(vpci_add_device(VG, IGB_VF(1)), -EBUSY);

    /* The control domain cleans up; the slot is plugged again. */
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    pcim_enable_vfs(IGB_PF, 0);
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    pcim_enable_vfs(IGB_PF, 2);
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    assert_int_equal(reg_add_vf(IGB_VF(1), IGB_PF), 0);
    again = vg_assign(1);
    assert_int_not_equal(again, slot);
    check_revoked(slot, 1);
    assert_int_equal(vg_cfg_read(again, PCI_VENDOR_ID, 4), 0x10ca8086);
    /* The old driver's addresses reach nothing of the new device. */
    vg_place_bars(again);
    assert_int_equal(vg_hpa_of(VG_BAR0(slot)), 0);
    assert_int_equal(vg_hpa_of(VG_BAR3(slot) + 0x1000), 0);
}

/* The guest goes: every slot revoked, everything given back. */
static void test_release_revokes_all(void **state)
{
    vg_igb_up(3);
    (void)busy_guest(0);
    (void)busy_guest(2);
    assert_int_equal(VG->nr_pirqs, 6);
    assert_int_equal(pci_release_devices(VG), 2);
    assert_int_equal(vg_stats().revoked, 2);
    assert_int_equal(vg_nr_maps(), 0);
    assert_int_equal(VG->nr_pirqs, 0);
    vpci_domain_destroy(VG);
    assert_null(VG->vpci);
}

/* A revoked slot is never given to another function. */
static void test_slots_never_reused(void **state)
{
    vg_igb_up(2);
    for (unsigned int n = 1; n < 32; n++) {
        assert_int_equal(vg_assign(n & 1), n);
        assert_int_equal(deassign_device(IGB_VF(n & 1)), 0);
    }
    assert_int_equal(assign_device(VG, IGB_VF(0)), 0);
    host_log_clear();
    assert_int_equal(vpci_add_device(VG, IGB_VF(0)), -ENOSPC);
    assert_true(host_log_contains("a revoked slot is never given again"));
    for (unsigned int n = 1; n < 32; n++)
        assert_int_equal(vg_cfg_read(n, PCI_VENDOR_ID, 4), 0xffffffffu);
}

static void test_add_refusals(void **state)
{
    vg_igb_up(2);
    assert_int_equal(vpci_add_device(VG, IGB_VF(0)), -EPERM);     /* d0's */
    assert_int_equal(vpci_add_device(VG, PCI_SBDF(0, 9, 0)), -EPERM);
    (void)vg_assign(0);
    assert_int_equal(vpci_add_device(VG, IGB_VF(0)), -EEXIST);
    assert_int_equal(assign_device(D2, IGB_VF(1)), 0);
    assert_int_equal(vpci_add_device(D2, IGB_VF(1)), -ENODEV);   /* no bus */
    assert_int_equal(vpci_domain_init(VG, &vg_ops), -EEXIST);
    assert_int_equal(deassign_device(IGB_VF(1)), 0);
}

/* The control domain's assignment: shown at once; a function the bus
 * cannot show is given back. */
static void test_assign_through_the_bus(void **state)
{
    vg_igb_up(2);
    assert_int_equal(vpci_assign_device(VG, IGB_VF(1)), 0);
    assert_int_equal(vg_cfg_read(1, PCI_VENDOR_ID, 4), 0x10ca8086);
    assert_int_equal(vpci_assign_device(VG, IGB_VF(1)), 0);     /* issued again */
    assert_int_equal(vg_cfg_read(2, PCI_VENDOR_ID, 4), 0xffffffffu);
    /* Every slot used: the function goes back to the control domain. */
    for (unsigned int n = 2; n < 32; n++) {
        assert_int_equal(deassign_device(IGB_VF(1)), 0);
        assert_int_equal(vpci_assign_device(VG, IGB_VF(1)), 0);
    }
    assert_int_equal(deassign_device(IGB_VF(1)), 0);
    assert_int_equal(vpci_assign_device(VG, IGB_VF(0)), -ENOSPC);
    assert_ptr_equal(reg_lookup(IGB_VF(0))->domain, D0);
    assert_int_equal(vpci_assign_device(VG, PCI_SBDF(0, 9, 0)), -ENODEV);
}

/* The control domain cannot map or unmap pirqs of a domain whose
 * interrupts are its virtual bus's. */
static void test_pv_pirq_ops_refused(void **state)
{
    struct physdev_map_pirq map = { .domid = 1, .type = MAP_PIRQ_TYPE_MSI,
                                    .bus = 1, .devfn = 0x80, .entry_nr = 0,
                                    .pirq = -1 };
    struct physdev_unmap_pirq unmap = { .domid = 1, .pirq = 0 };
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    vg_msix_up(slot, 0, 0, 0x41);
    assert_int_equal(physdev_map_pirq_op(D0, (unsigned long)&map), -EPERM);
    unmap.pirq = vg_pirq_of(IGB_VF(0), 0);
    assert_int_equal(physdev_unmap_pirq_op(D0, (unsigned long)&unmap), -EPERM);
    assert_true(vg_pirq_of(IGB_VF(0), 0) >= 0);
}

/*
 * The guest's function-level reset (Linux: a reset through sysfs, or
 * recovery): done by the hypervisor without holding a CPU -- the vCPU that
 * asked waits, the slot answers all-ones meanwhile; what the guest had
 * goes with it (bindings, mappings, COMMAND and MSI-X control back to
 * their reset values), its BAR addresses stay (a VF's BARs are its PF's),
 * and the guest can bring the function up again.
 */
static void test_guest_flr(void **state)
{
    struct pcim_stats st0, st1;
    unsigned int slot;
    u32 v = PCI_EXP_DEVCTL_BCR_FLR;
    u64 m = 0;

    vg_igb_up(1);
    slot = busy_guest(0);
    pcim_get_stats(&st0);
    v = 0x80000000u | slot << 11 | (DEVCTL & 0xfc);
    assert_int_equal(vpci_ioport(VG, 0xcf8, 4, true, &v), 0);
    v = PCI_EXP_DEVCTL_BCR_FLR;
    assert_int_equal(vpci_ioport(VG, 0xcfc + (DEVCTL & 3), 2, true, &v), -ERESTART);
    /* The reset runs: nothing of the function reaches the guest, and its
     * other vCPUs see a function that does not answer. */
    assert_int_equal(VG->nr_pirqs, 0);
    assert_int_equal(vg_nr_maps(), 0);
    assert_int_equal(vg_cfg_read(slot, PCI_VENDOR_ID, 4), 0xffffffffu);
    assert_int_equal(vpci_mmio_access(VG, VG_TABLE(slot), 4, false, &m), -ENOENT);
    vg_cfg_write(slot, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);     /* dropped */
    assert_int_equal(vg_nr_maps(), 0);
    vg_wait_reset();
    pcim_get_stats(&st1);
    assert_int_equal(st1.flrs, st0.flrs + 1);
    assert_int_equal(vg_stats().flrs, 1);

    /* Back, in its reset state. */
    assert_int_equal(vg_cfg_read(slot, PCI_VENDOR_ID, 4), 0x10ca8086);
    assert_int_equal(vg_cfg_read(slot, PCI_COMMAND, 2), 0);
    assert_int_equal(vg_cfg_read(slot, MSIX_CTRL, 2) & 0xc000, 0);
    assert_int_equal(vg_cfg_read(slot, DEVCTL, 2) & PCI_EXP_DEVCTL_BCR_FLR, 0);
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(0), 4), (u32)VG_BAR0(slot) | 0xc);
    assert_int_equal(msix_ctrl_of(IGB_VF(0)) & PCI_MSIX_FLAGS_ENABLE, 0);
    assert_int_equal(pci_conf_read16(IGB_VF(0), PCI_COMMAND) & PCI_COMMAND_MASTER, 0);

    /* Linux restores its state: decoding on, MSI-X as before. */
    vg_cfg_write(slot, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    assert_int_equal(vg_nr_maps(), 3);
    assert_int_equal(vg_mmio_read(VG_TABLE(slot) + PCI_MSIX_ENTRY_DATA, 4), 0);
    assert_int_equal(vg_mmio_read(VG_TABLE(slot) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4), 1);
    vg_msix_up(slot, 1, 1, 0x66);
    assert_true(vg_pirq_of(IGB_VF(0), 1) >= 0);

    /* Another one at once: an owner may ask for a few in a row (then
     * one a second), so it is carried out too -- the vCPU waits, the
     * function is reset again. */
    host_log_clear();
    vg_cfg_write(slot, DEVCTL, 2, PCI_EXP_DEVCTL_BCR_FLR);
    assert_int_equal(vg_reset_waits, 2);
    assert_false(host_log_contains("function-level reset not done"));
    assert_int_equal(VG->nr_pirqs, 0);
    assert_int_equal(vg_nr_maps(), 0);
    pcim_get_stats(&st1);
    assert_int_equal(st1.flrs, st0.flrs + 2);
    assert_int_equal(vg_stats().flrs, 2);
    assert_int_equal(vg_cfg_read(slot, PCI_VENDOR_ID, 4), 0x10ca8086);

    /* A function without FLR: the bit is ignored, as the hardware would. */
    pcim_poke32(pcim_find(IGB_VF(0)), 0xa0 + PCI_EXP_DEVCAP, 0);
    vg_cfg_write(slot, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    vg_cfg_write(slot, DEVCTL, 2, PCI_EXP_DEVCTL_BCR_FLR);
    assert_int_equal(vg_stats().flrs, 2);
    assert_int_equal(vg_nr_maps(), 3);
}

/* The guest dies while its reset runs: the slot is revoked (the reset
 * then serves the new owner), and stays so after the reset ends. */
static void test_release_while_resetting(void **state)
{
    unsigned int slot;
    u32 v;

    vg_igb_up(1);
    slot = busy_guest(0);
    v = 0x80000000u | slot << 11 | (DEVCTL & 0xfc);
    assert_int_equal(vpci_ioport(VG, 0xcf8, 4, true, &v), 0);
    v = PCI_EXP_DEVCTL_BCR_FLR;
    assert_int_equal(vpci_ioport(VG, 0xcfc + (DEVCTL & 3), 2, true, &v), -ERESTART);
    vg_vcpu.state = VCPU_WAITING;
    waitqueue_cancel(&vg_vcpu);             /* its vCPU goes down */
    host_log_clear();
    assert_int_equal(pci_release_devices(VG), 1);
    assert_true(host_log_contains("revoked: it left the domain"));
    vg_run_resets();
    vg_vcpu.state = VCPU_RUNNABLE;
    check_revoked(slot, 0);
    assert_int_equal(vg_nr_maps(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) VPCI_TEST(fn)
        T(test_deassign_revokes_a_busy_slot),
        T(test_pf_removal_revokes),
        T(test_release_revokes_all),
        T(test_slots_never_reused),
        T(test_add_refusals),
        T(test_assign_through_the_bus),
        T(test_pv_pirq_ops_refused),
        T(test_guest_flr),
        T(test_release_while_resetting),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
