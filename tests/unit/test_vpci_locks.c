/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual bus's lock rules (docs/locking.md), and the seed path driven
 * by a guest.
 *
 * The seed: Xen's read_pci_mem_bar() looked a VF's PF up in the whole
 * registry while its caller held only d->pci_lock for read, and a debug
 * build died on 'd || pcidevs_locked()'.  Here a guest's MMIO write to its
 * VF's MSI-X table is what starts that path.  This test links with
 * read_pci_mem_bar() wrapped (-Wl,--wrap): at the moment the binding asks
 * for the VF's table address, the wrapper checks the lock state -- d's
 * pci_lock held for read by this CPU, the pcidevs lock not held -- and
 * shows that a registry-wide lookup there would trip its assertion; then
 * the real function answers through the VF -> PF link.
 *
 * Then every lock rule of the bus broken on purpose: each function's
 * assertion stops it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/pci/regs.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/passthrough/pci_mem_bar.h>
#include "harness.h"
#include "host_hw.h"
#include "test_vpci_fixture.h"
/* The files with static contracts, compiled into the test itself. */
#include "../../drivers/vpci/vpci.c"
#include "../../drivers/vpci/msix.c"
#include "../../drivers/vpci/bar.c"

#define MSIX_CTRL   (0x70 + PCI_MSIX_FLAGS)

/* ------------------------------------------------------------ the wrapper */

int __real_read_pci_mem_bar(const struct pci_dev *pdev, unsigned int bir,
                            u64 *base, u64 *size);
int __wrap_read_pci_mem_bar(const struct pci_dev *pdev, unsigned int bir,
                            u64 *base, u64 *size);

static bool in_guest_mmio;          /* a guest MMIO access is being handled */
static unsigned int seed_calls, seed_trips;

int __wrap_read_pci_mem_bar(const struct pci_dev *pdev, unsigned int bir,
                            u64 *base, u64 *size)
{
    if (in_guest_mmio && pdev->is_vf) {
        seed_calls++;
        assert_true(rw_is_read_locked_by_me(&VG->pci_lock));
        assert_false(pcidevs_locked());
        assert_true(rw_is_write_locked_by_me(&VG->event_lock));
        /* What Xen's read_pci_mem_bar() did here. */
        host_log_clear();
        expect_assert_failure(pci_get_pdev(NULL, pdev->vf.pf->sbdf));
        if (host_log_contains("Assertion 'pcidevs_locked()' failed"))
            seed_trips++;
    }
    return __real_read_pci_mem_bar(pdev, bir, base, size);
}

static void guest_mmio_write(u64 gpa, unsigned int size, u64 val)
{
    in_guest_mmio = true;
    vg_mmio_write(gpa, size, val);
    in_guest_mmio = false;
}

/* ------------------------------------------------------------ the seed path */

static void test_seed_path_from_a_guest_mmio_write(void **state)
{
    unsigned int slot;
    int pirq;

    seed_calls = seed_trips = 0;
    vg_igb_up(4);
    slot = vg_assign(3);
    vg_place_bars(slot);
    vg_cfg_write(slot, MSIX_CTRL, 2, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    vg_entry_write(slot, 0, VG_MSG_ADDR(0), 0, 0x44, 1);
    vg_cfg_write(slot, MSIX_CTRL, 2, PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(seed_calls, 0);            /* nothing bound yet */

    /* The unmask: the first binding maps the VF's table. */
    guest_mmio_write(VG_TABLE(slot) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4, 0);
    assert_true(seed_calls >= 1);
    assert_int_equal(seed_trips, seed_calls);
    pirq = vg_pirq_of(IGB_VF(3), 0);
    assert_true(pirq >= 0);
    /* The table the hypervisor programs is VF 3's own, found through the
     * VF -> PF link: VF BAR3 of the PF + 3 x 16K. */
    assert_true(host_mmio_is_mapped(IGB_VF_TABLE(3), IGB_VF_MSIX_ENTRIES *
                                    PCI_MSIX_ENTRY_SIZE));
    assert_int_equal(msix_entry(IGB_VF_TABLE(3), 0).data, VG->pirqs[pirq]->vector);
    fire_pirq(VG, pirq);
    assert_int_equal(vg_last_vector, 0x44);
}

/* ------------------------------------------------------------ the rules */

static struct vpci_dev *slot_dev(unsigned int slot)
{
    return &VG->vpci->slots[slot];
}

/* Every emulation function asserts the vpci lock and the device list. */
static void test_vpci_lock_needed(void **state)
{
    struct vpci_dev *vd;
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    vd = slot_dev(slot);
    expect_assert_failure(vpci_config_read(vd, 0, 4));
    assert_true(host_log_contains("spin_is_locked_by_me(&(vd->vpci)->lock)"));
    /* The vpci lock without the device list. */
    spin_lock(&VG->vpci->lock);
    host_log_clear();
    expect_assert_failure(vpci_config_read(vd, 0, 4));
    assert_true(host_log_contains("rw_is_locked_by_me(&((vd->vpci)->d)->pci_lock)"));
    spin_unlock(&VG->vpci->lock);
    /* Config writes walk the registry (BAR placement): the pcidevs lock. */
    read_lock(&VG->pci_lock);
    spin_lock(&VG->vpci->lock);
    host_log_clear();
    expect_assert_failure(vpci_config_write(vd, PCI_COMMAND, 2, PCI_COMMAND_MEMORY));
    assert_true(host_log_contains("Assertion 'pcidevs_locked()' failed"));
    spin_unlock(&VG->vpci->lock);
    read_unlock(&VG->pci_lock);
    assert_int_equal(vg_nr_maps(), 0);
}

/* A binding needs d->pci_lock for read by this CPU -- the pcidevs lock
 * instead is not the seed path's state. */
static void test_binding_needs_the_pci_lock(void **state)
{
    struct vpci_dev *vd;
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    vg_entry_write(slot, 1, VG_MSG_ADDR(0), 0, 0x45, 0);   /* MSI-X off yet */
    vd = slot_dev(slot);
    pcidevs_lock();
    spin_lock(&VG->vpci->lock);
    host_log_clear();
    expect_assert_failure(vpci_msix_ctrl_write(vd, PCI_MSIX_FLAGS_ENABLE));
    assert_true(host_log_contains("Assertion 'rw_is_read_locked_by_me(&d->pci_lock)' failed"));
    spin_unlock(&VG->vpci->lock);
    pcidevs_unlock();
    assert_int_equal(VG->nr_pirqs, 0);
    /* With it (the config write path), it binds.  (The stopped call had
     * set the shadow's Enable already: off, then on.) */
    vg_cfg_write(slot, MSIX_CTRL, 2, 0);
    vg_cfg_write(slot, MSIX_CTRL, 2, PCI_MSIX_FLAGS_ENABLE);
    assert_true(vg_pirq_of(IGB_VF(0), 1) >= 0);
}

/* pcidevs -> d->pci_lock -> vpci->lock -> d->event_lock, as recorded by a
 * guest's ordinary accesses; the reverse orders are reported. */
static void test_lock_order(void **state)
{
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    vg_msix_up(slot, 0, 0, 0x41);           /* records every edge */
    assert_false(host_log_contains("lock check"));

    spin_lock(&VG->vpci->lock);
    expect_assert_failure(read_lock(&VG->pci_lock));
    spin_unlock(&VG->vpci->lock);
    assert_true(host_log_contains("lock order inversion"));
    assert_true(host_log_contains("taking 'domain->pci_lock'"));
    assert_true(host_log_contains("holding 'vpci->lock'"));

    host_log_clear();
    write_lock(&VG->event_lock);
    expect_assert_failure(spin_lock(&VG->vpci->lock));
    write_unlock(&VG->event_lock);
    assert_true(host_log_contains("taking 'vpci->lock'"));
    assert_true(host_log_contains("holding 'domain->event_lock'"));

    host_log_clear();
    spin_lock(&VG->vpci->lock);
    expect_assert_failure(pcidevs_lock());
    spin_unlock(&VG->vpci->lock);
    assert_true(host_log_contains("taking 'pcidevs'"));
}

/* The static steps assert their own contracts. */
static void test_static_contracts(void **state)
{
    struct vpci_dev *vd;
    struct pci_dev *vf;
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    vg_entry_write(slot, 0, VG_MSG_ADDR(0), 0, 0x45, 0);
    vd = slot_dev(slot);
    vf = reg_lookup(IGB_VF(0));

    /* No lock at all. */
    expect_assert_failure(vpci_config_write(vd, PCI_COMMAND, 2, 0));
    expect_assert_failure(vpci_config_sync_command(vd));
    expect_assert_failure(vpci_config_init(vd));
    expect_assert_failure(vpci_bars_init(vd));
    expect_assert_failure(vpci_msix_init(vd));
    expect_assert_failure(vpci_msix_reset(vd, false));
    expect_assert_failure(vpci_msix_ctrl_write(vd, 0));
    expect_assert_failure(update_entry(vd, 0));
    expect_assert_failure(bar_map(vd, 0));
    expect_assert_failure(revoke(vd, "test"));
    expect_assert_failure(reset_begin(vd));
    expect_assert_failure(reset_end(vd));
    expect_assert_failure(vpci_msix_mmio(vd, 3, 0, 0, 4, false, 0));
    expect_assert_failure(vpci_leave(vf, VG));
    expect_assert_failure(bar_unmap(vd, 0));
    expect_assert_failure(unbind(vd, 0));
    expect_assert_failure(bind(vd, 0, 0, 0x45));

    /* A revoke needs d->pci_lock for write (a leave step's state). */
    read_lock(&VG->pci_lock);
    spin_lock(&VG->vpci->lock);
    host_log_clear();
    expect_assert_failure(revoke(vd, "test"));
    assert_true(host_log_contains("rw_is_write_locked_by_me(&vpci->d->pci_lock)"));
    /* Mapping a BAR walks the registry: the pcidevs lock. */
    host_log_clear();
    expect_assert_failure(bar_map(vd, 0));
    assert_true(host_log_contains("Assertion 'pcidevs_locked()' failed"));
    spin_unlock(&VG->vpci->lock);
    read_unlock(&VG->pci_lock);

    /* With every lock: a mapped BAR is not mapped again; an entry is
     * bound once; a slot that is not live is not emulated. */
    pcidevs_lock();
    read_lock(&VG->pci_lock);
    spin_lock(&VG->vpci->lock);
    host_log_clear();
    expect_assert_failure(bar_map(vd, 0));
    assert_true(host_log_contains("vpci_live(vd) && !b->mapped"));
    write_lock(&VG->event_lock);
    vd->msix.entries[0].state = VPCI_MSIX_LIVE;
    expect_assert_failure(bind(vd, 0, 0, 0x45));
    vd->msix.entries[0].state = VPCI_MSIX_UNBOUND;
    /* A shown function in a reset (which its slot's state excludes). */
    WRITE_ONCE(vd->pdev->reset.state, PDEV_RESETTING);
    host_log_clear();
    expect_assert_failure(bind(vd, 0, 0, 0x45));
    assert_true(host_log_contains("!pdev_resetting(vd->pdev)"));
    WRITE_ONCE(vd->pdev->reset.state, PDEV_READY);
    write_unlock(&VG->event_lock);
    expect_assert_failure(reset_end(vd));       /* not resetting */
    vd->state = VPCI_REVOKED;
    expect_assert_failure(vpci_config_read(vd, 0, 4));
    expect_assert_failure(vpci_config_write(vd, 0, 4, 0));
    vd->state = VPCI_BOUND;
    spin_unlock(&VG->vpci->lock);
    read_unlock(&VG->pci_lock);
    pcidevs_unlock();

    /* The bus goes only once its slots were revoked. */
    expect_assert_failure(vpci_domain_destroy(VG));
    assert_non_null(VG->vpci);
    assert_int_equal(VG->nr_pirqs, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) VPCI_TEST(fn)
        T(test_seed_path_from_a_guest_mmio_write),
        T(test_vpci_lock_needed),
        T(test_binding_needs_the_pci_lock),
        T(test_lock_order),
        T(test_static_contracts),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
