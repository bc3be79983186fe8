/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every lock rule of docs/locking.md, broken on purpose: each test breaks
 * one rule with the real lock classes (the pcidevs lock, domain->pci_lock,
 * domain->event_lock, domain->mm_lock, vector_lock) and shows the
 * assertion or the lock checker stop it.  docs/locking.md's table names
 * the test of each rule.
 *
 * The files whose contracts include static functions -- the registry, the
 * ownership code, the device reset, the IOMMU layer, BAR mappings, the
 * pirq layer and the vector allocator -- are compiled into this test
 * (#include of the real .c file), so their internal @pre checks can be
 * called with the rule broken too.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../../drivers/passthrough/pcidev.c"
#include "../../drivers/passthrough/assign.c"
#include "../../drivers/passthrough/pdev_reset.c"
#include "../../drivers/passthrough/iommu.c"
#include "../../drivers/passthrough/bar_map.c"
#include "../../drivers/passthrough/pci_cfg.c"
#include "../../arch/x86/passthrough/pirq.c"
#include "../../arch/x86/irq.c"

#include <asm/passthrough/physdev.h>
#include "harness.h"
#include "host_hw.h"
#include "pcimodel.h"
#include "test_msi_fixture.h"
#include <mhv/sbdf.h>

/* The firmware describes no IOMMU here (drivers/passthrough/vtd/dmar.c is
 * not linked): the IOMMU layer runs, without a unit. */
struct dmar_info dmar_info;

/* ------------------------------------------------------------ the registry */

/* Rule: the registry is read and changed under the pcidevs lock. */
static void test_registry_needs_pcidevs(void **state)
{
    struct pci_dev *pf;

    msi_igb_up(2);
    pf = reg_lookup(IGB_PF);
    expect_assert_failure(pci_pf_with_vfs(IGB_PF));
    expect_assert_failure(pci_for_each_unowned(NULL, NULL));
    expect_assert_failure(pdev_index_insert(pf));
    expect_assert_failure(pdev_index_remove(pf));
    expect_assert_failure(pdev_index_walk(NULL, NULL));
    expect_assert_failure(pdev_register(pf, NULL, &(struct domain *){ NULL }));
    expect_assert_failure(mark_broken(pf));
    expect_assert_failure(leave_owner(pf));
    expect_assert_failure(move_device(pf, D1));
    /* Neither the pcidevs lock nor the index lock: no index lookup. */
    expect_assert_failure(pdev_index_find(IGB_PF));
    /* Any domain's pci_lock is no substitute for the pcidevs lock. */
    read_lock(&D0->pci_lock);
    expect_assert_failure(pci_pf_with_vfs(IGB_PF));
    read_unlock(&D0->pci_lock);
    /* With it, they work. */
    pcidevs_lock();
    assert_ptr_equal(pci_pf_with_vfs(IGB_PF), pf);
    pcidevs_unlock();
}

/* The index's own consistency: removing what it does not hold. */
static void test_index_remove_of_unknown_device(void **state)
{
    struct pci_dev ghost = { .sbdf = PCI_SBDF(0, 0x42, 0) };
    struct pci_dev twin = { .sbdf = IGB_PF };

    msi_igb_up(0);
    pcidevs_lock();
    expect_assert_failure(pdev_index_remove(&ghost));    /* no path */
    expect_assert_failure(pdev_index_remove(&twin));     /* another pdev there */
    pcidevs_unlock();
}

/*
 * Rule: ownership (pdev->domain, d->pdev_list) changes under the pcidevs
 * lock and the owner's pci_lock held for write; the read lock is not enough.
 */
static void test_owner_changes_need_both_locks(void **state)
{
    struct pci_dev *vf;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    write_lock(&D1->pci_lock);
    expect_assert_failure(owner_link(vf, D1));           /* no pcidevs */
    write_unlock(&D1->pci_lock);
    pcidevs_lock();
    expect_assert_failure(owner_link(vf, D1));           /* no pci_lock */
    read_lock(&D1->pci_lock);
    expect_assert_failure(owner_link(vf, D1));           /* read is not write */
    read_unlock(&D1->pci_lock);
    expect_assert_failure(owner_unlink(vf));
    read_lock(&D0->pci_lock);
    expect_assert_failure(owner_unlink(vf));
    read_unlock(&D0->pci_lock);
    pcidevs_unlock();
    write_lock(&D0->pci_lock);
    expect_assert_failure(owner_unlink(vf));
    write_unlock(&D0->pci_lock);
    assert_ptr_equal(vf->domain, D0);
}

/*
 * Rule: a device leaves its owner only with the pcidevs lock and the
 * owner's pci_lock held for write -- the runner and every registered leave
 * step assert it.
 */
static void test_leave_steps_need_their_locks(void **state)
{
    struct pci_dev *vf;
    volatile unsigned int steps = 0;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    expect_assert_failure(pci_dev_leave_owner(vf));
    pcidevs_lock();
    expect_assert_failure(pci_dev_leave_owner(vf));
    read_lock(&D0->pci_lock);
    expect_assert_failure(pci_dev_leave_owner(vf));
    for (const struct pdev_leave_step *volatile s = __start_pdev_leave;
         s < __stop_pdev_leave; s++) {
        expect_assert_failure(s->fn(vf, D0));
        steps++;
    }
    read_unlock(&D0->pci_lock);
    /* Right locks, wrong owner. */
    write_lock(&D1->pci_lock);
    for (const struct pdev_leave_step *volatile s = __start_pdev_leave;
         s < __stop_pdev_leave; s++)
        expect_assert_failure(s->fn(vf, D1));
    write_unlock(&D1->pci_lock);
    pcidevs_unlock();
    /* pirq_leave, bar_map_leave, iommu_pdev_leave, dev_event_leave */
    assert_int_equal(steps, 4);
}

/* Internal contracts of freeing a device and of moving one. */
static void test_free_and_move_contracts(void **state)
{
    struct pci_dev *pf, *vf;

    msi_igb_up(1);
    pf = reg_lookup(IGB_PF);
    vf = reg_lookup(IGB_VF(0));
    pcidevs_lock();
    expect_assert_failure(pdev_free(vf));                /* still owned */
    {
        struct domain *owner = pf->domain;

        write_lock(&owner->pci_lock);
        owner_unlink(pf);
        write_unlock(&owner->pci_lock);
        expect_assert_failure(pdev_free(pf));            /* has VFs */
        write_lock(&owner->pci_lock);
        owner_link(pf, owner);
        write_unlock(&owner->pci_lock);
    }
    expect_assert_failure(move_device(vf, D0));          /* already there */
    pcidevs_unlock();
}

/* A function is never freed while it resets (its removal waits). */
static void test_free_not_while_resetting(void **state)
{
    struct pci_dev *pf;
    struct domain *owner;

    msi_igb_up(0);
    pf = reg_lookup(IGB_PF);
    owner = pf->domain;
    pcidevs_lock();
    write_lock(&owner->pci_lock);
    owner_unlink(pf);
    write_unlock(&owner->pci_lock);
    pf->reset.state = PDEV_RESETTING;  /* what a reset running on would leave */
    expect_assert_failure(pdev_free(pf));
    pf->reset.state = PDEV_READY;
    write_lock(&owner->pci_lock);
    owner_link(pf, owner);
    write_unlock(&owner->pci_lock);
    pcidevs_unlock();
}

/* A device without an owner has no interrupt state to leave behind. */
static void test_unowned_device_without_irq_state(void **state)
{
    struct pci_dev fake = { .sbdf = PCI_SBDF(0, 0x43, 0) };
    struct list_head entry;

    INIT_LIST_HEAD(&fake.msi_list);
    INIT_LIST_HEAD(&fake.pf.vf_list);
    list_add(&entry, &fake.msi_list);
    pcidevs_lock();
    expect_assert_failure(leave_owner(&fake));
    list_del_init(&entry);
    fake.msix = (struct pci_msix *)&entry;
    expect_assert_failure(leave_owner(&fake));
    expect_assert_failure(pdev_free(&fake));
    pcidevs_unlock();
}

/* The promise that vf.pf and pf.vf_rlen[] are written once. */
static void test_vf_link_and_sizes_written_once(void **state)
{
    struct pci_dev *pf, *vf;
    const char *why;

    msi_igb_up(1);
    pf = reg_lookup(IGB_PF);
    vf = reg_lookup(IGB_VF(0));
    pcidevs_lock();
    expect_assert_failure(probe_vf(vf, pf, 0));          /* link set already */
    expect_assert_failure(probe_function(pf, &why));     /* VFs linked */
    pcidevs_unlock();
}

/* ------------------------------------------------------------ resets */

/* Let the reset started on @pdev run to its end (the host timers). */
static void finish_reset(void)
{
    while (host_timers_armed()) {
        host_timers_run();
        host_softirqs_run();
    }
}

/*
 * Rule: a function's reset state changes only with the pcidevs lock and
 * its owner's pci_lock held for write (so either one makes it stable to
 * its holder); a reset starts only on a READY function, and an owner
 * change joins only a running one.
 */
static void test_reset_state_needs_both_locks(void **state)
{
    struct pci_dev *vf;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    expect_assert_failure(pdev_reset_start(vf, false, true));   /* nothing held */
    pcidevs_lock();
    expect_assert_failure(pdev_reset_start(vf, false, true));   /* no pci_lock */
    read_lock(&D0->pci_lock);
    expect_assert_failure(pdev_reset_join_move(vf));            /* read is not write */
    read_unlock(&D0->pci_lock);
    write_lock(&D0->pci_lock);
    expect_assert_failure(pdev_reset_join_move(vf));            /* not resetting */
    pdev_reset_start(vf, false, true);
    expect_assert_failure(pdev_reset_start(vf, false, true));   /* already */
    write_unlock(&D0->pci_lock);
    pcidevs_unlock();
    finish_reset();
    assert_false(pdev_resetting(vf));
}

/*
 * The reset's contracts: a step runs only for a resetting function with
 * an owner; only an operation that met the function RESETTING waits its
 * turn or the result; waiting needs a vCPU to wait.
 */
static void test_reset_steps_and_waits_need_a_reset(void **state)
{
    struct pci_dev *vf;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    expect_assert_failure(step(vf));                /* READY: nothing is due */
    pcidevs_unlock();                               /* the step had taken it */
    expect_assert_failure(pdev_reset_wait_turn(vf));
    expect_assert_failure(pdev_reset_wait_result(vf, NULL));
    pcidevs_lock();
    write_lock(&D0->pci_lock);
    pdev_reset_start(vf, false, true);
    write_unlock(&D0->pci_lock);
    pcidevs_unlock();
    /* Resetting, but no vCPU runs here to wait for the result. */
    expect_assert_failure(pdev_reset_wait_result(vf, NULL));
    finish_reset();
}

/* ------------------------------------------------------------ the IOMMU */

/* Rule: a function's IOMMU context changes under the pcidevs lock (its
 * leave step, with the owner's pci_lock too: test_leave_steps_need_their_locks). */
static void test_iommu_context_needs_pcidevs(void **state)
{
    struct pci_dev *vf;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    expect_assert_failure(iommu_attach_device(vf));
    expect_assert_failure(iommu_remove_device(vf));
    pcidevs_lock();
    assert_int_equal(iommu_attach_device(vf), 0);   /* no unit: nothing to do */
    iommu_remove_device(vf);
    pcidevs_unlock();
}

/* ------------------------------------------------------------ interrupts */

/*
 * Rule: pirqs and the MSI/MSI-X state of a domain's devices change under
 * its event_lock held for write, with its device list read-locked.
 */
static void test_pirq_state_needs_event_lock(void **state)
{
    struct pci_dev *vf;
    struct pirq *p;
    int pirq = -1;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    assert_int_equal(map_msix(D0, IGB_VF(0), 0, &pirq), 0);
    p = D0->pirqs[pirq];
    expect_assert_failure(unmap_domain_pirq(D0, pirq));
    read_lock(&D0->event_lock);
    expect_assert_failure(unmap_domain_pirq(D0, pirq));
    expect_assert_failure(release_binding(D0, p));
    read_unlock(&D0->event_lock);
    write_lock(&D1->event_lock);                         /* another domain's */
    expect_assert_failure(unmap_domain_pirq(D0, pirq));
    write_unlock(&D1->event_lock);
    /* The right locks, the wrong kind of pirq. */
    read_lock(&D0->pci_lock);
    write_lock(&D0->event_lock);
    p->type = PIRQ_MSI;
    expect_assert_failure(unbind_msix(D0, p));
    p->type = PIRQ_MSIX;
    expect_assert_failure(unbind_msi(D0, vf));
    write_unlock(&D0->event_lock);
    read_unlock(&D0->pci_lock);
    assert_int_equal(unmap(D0, pirq), 0);
}

/* MSI(-X) programming needs an owner whose locks are held. */
static void test_msi_needs_an_owner(void **state)
{
    struct pci_dev fake = { .sbdf = IGB_PF, .msix_pos = 0x70 };
    struct msi_msg msg = { 0 };

    INIT_LIST_HEAD(&fake.msi_list);
    expect_assert_failure(msix_capability_init(&fake));
    expect_assert_failure(pci_enable_msix_entry(&fake, 0, &msg));
}

/* The leave step's post-condition: no MSI-X state left. */
static void test_pirq_leave_leaves_nothing(void **state)
{
    struct pci_dev *vf;
    struct pci_msix *m;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    m = xzalloc(struct pci_msix);
    vf->msix = m;                       /* state without any pirq: corrupt */
    pcidevs_lock();
    write_lock(&D0->pci_lock);
    expect_assert_failure(pirq_leave(vf, D0));
    write_unlock(&D0->pci_lock);
    pcidevs_unlock();
    vf->msix = NULL;
    xfree(m);
}

/* ------------------------------------------------------------ vectors */

static void noop(unsigned int vector, void *data)
{
}

/* Rule: a slot's state changes only under vector_lock, along its lifecycle. */
static void test_vector_slot_rules(void **state)
{
    int v;

    expect_assert_failure(slots_free(0, FIRST_DYNAMIC_VECTOR, 1));
    expect_assert_failure(alloc_irq_vectors(0, 3, noop, NULL, "x"));
    expect_assert_failure(alloc_irq_vectors(0, 64, noop, NULL, "x"));
    expect_assert_failure(alloc_irq_vector(0, NULL, NULL, "x"));
    expect_assert_failure(free_irq_vector(0, 0x12));     /* not dynamic */
    expect_assert_failure(set_system_vector(FIRST_DYNAMIC_VECTOR, noop, "x"));
    v = alloc_irq_vector(0, noop, NULL, "x");
    local_irq_disable();
    expect_assert_failure(free_irq_vector(0, v));        /* IRQs off */
    local_irq_enable();
    free_irq_vector(0, v);
    expect_assert_failure(free_irq_vector(0, v));        /* twice */
    spin_unlock_irqrestore(&vector_lock, X86_EFLAGS_IF); /* it had taken it */
}

/* The drain finds its slot still DRAINING: nobody else touched it. */
static unsigned int meddle_vector;

static void meddle(unsigned int cpu, unsigned int vector)
{
    if (vector == meddle_vector)
        vector_desc[cpu][vector].state = IRQ_VECTOR_FREE;
}

static void test_drain_owns_its_slot(void **state)
{
    meddle_vector = alloc_irq_vector(0, noop, NULL, "x");
    host_apic_set_probe_hook(meddle);
    expect_assert_failure(free_irq_vector(0, meddle_vector));
    host_apic_set_probe_hook(NULL);
    spin_unlock_irqrestore(&vector_lock, X86_EFLAGS_IF);
}

/* ------------------------------------------------------------ BAR mappings */

/* The placement check walks the registry: it needs the pcidevs lock. */
static void test_bar_placement_check_needs_pcidevs(void **state)
{
    struct pci_dev *vf;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    read_lock(&D0->pci_lock);
    expect_assert_failure(pci_bar_check_placement(D0, vf, 0, MSI_IGB_VF_BAR0, IGB_VF_BAR_SIZE));
    read_unlock(&D0->pci_lock);
}

/* Looking at a device's BAR mappings walks its owner's list: pcidevs lock. */
/* A mapping never has more runs than it has room for. */
static void test_bar_runs_bounded(void **state)
{
    struct bar_map *bm = xzalloc(struct bar_map);
    struct pci_dev *vf;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    bm->bar = 0;
    bm->size = IGB_VF_BAR_SIZE;
    bm->nr_runs = BAR_MAP_MAX_RUNS;                 /* full, and the next page */
    bm->run[BAR_MAP_MAX_RUNS - 1].gaddr = 0x1000;   /* does not continue it */
    expect_assert_failure(bar_runs(bm, vf, MSI_IGB_VF_BAR0, 0x100000));
    xfree(bm);
}

static void test_bars_mapped_needs_pcidevs(void **state)
{
    msi_igb_up(0);
    expect_assert_failure(pci_bars_mapped(reg_lookup(IGB_PF)));
}

/* COMMAND mediation reads the hypervisor's MSI(-X) record: the owner's
 * event_lock must keep it still. */
static void test_command_mediation_needs_event_lock(void **state)
{
    struct pci_dev *pf;

    msi_igb_up(0);
    pf = reg_lookup(IGB_PF);
    expect_assert_failure(pci_cfg_mediate_command(IGB_PF, pf, PCI_COMMAND, 2, 0));
    read_lock(&D0->event_lock);
    assert_int_equal(pci_cfg_mediate_command(IGB_PF, pf, PCI_COMMAND, 2, 0), 0);
    read_unlock(&D0->event_lock);
}

/* Rule: a domain's address space changes after it was built under mm_lock. */
static void test_bar_mapping_needs_mm_lock(void **state)
{
    struct pci_dev *vf;
    unsigned long va;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    expect_assert_failure(map_new(D0, vf, 0, MSI_IGB_VF_BAR0, IGB_VF_BAR_SIZE, &va));
    spin_lock(&D1->mm_lock);                             /* another domain's */
    expect_assert_failure(map_new(D0, vf, 0, MSI_IGB_VF_BAR0, IGB_VF_BAR_SIZE, &va));
    spin_unlock(&D1->mm_lock);
}

/* ------------------------------------------------------------ lock order */

/*
 * The order, once, with the real classes: pcidevs -> pci_lock (two, lower
 * domid first) -> event_lock -> mm_lock.  Then each inversion is reported.
 */
static void test_lock_order_real_classes(void **state)
{
    pcidevs_lock();
    write_lock(&D1->pci_lock);
    write_lock(&D2->pci_lock);
    write_lock(&D2->event_lock);
    spin_lock(&D2->mm_lock);
    spin_unlock(&D2->mm_lock);
    write_unlock(&D2->event_lock);
    write_unlock(&D2->pci_lock);
    write_unlock(&D1->pci_lock);
    pcidevs_unlock();
    assert_false(host_log_contains("lock check"));

    /* Two domains' pci_locks, higher domid first. */
    write_lock(&D2->pci_lock);
    expect_assert_failure(write_lock(&D1->pci_lock));
    write_unlock(&D2->pci_lock);
    assert_true(host_log_contains("same-class lock order inversion"));
    assert_true(host_log_contains("taking 'domain->pci_lock' (nest order 2)"));
    assert_true(host_log_contains("holding 'domain->pci_lock' (nest order 3)"));

    /* The seed bug's shape, reversed: event_lock -> pci_lock. */
    host_log_clear();
    write_lock(&D1->event_lock);
    expect_assert_failure(read_lock(&D1->pci_lock));
    write_unlock(&D1->event_lock);
    assert_true(host_log_contains("taking 'domain->pci_lock'"));
    assert_true(host_log_contains("holding 'domain->event_lock'"));

    /* pci_lock -> pcidevs. */
    host_log_clear();
    read_lock(&D0->pci_lock);
    expect_assert_failure(pcidevs_lock());
    read_unlock(&D0->pci_lock);
    assert_true(host_log_contains("taking 'pcidevs'"));

    /* mm_lock -> event_lock. */
    host_log_clear();
    spin_lock(&D0->mm_lock);
    expect_assert_failure(write_lock(&D0->event_lock));
    spin_unlock(&D0->mm_lock);
    assert_true(host_log_contains("holding 'domain->mm_lock'"));
}

/* The _irq lock forms need interrupts on; a recursive lock has a depth. */
static DEFINE_SPINLOCK(irq_rule_spin);
static DEFINE_RWLOCK(irq_rule_rw);
static DEFINE_RSPINLOCK(deep_lock);

static void test_irq_forms_and_depth(void **state)
{
    local_irq_disable();
    expect_assert_failure(spin_lock_irq(&irq_rule_spin));
    expect_assert_failure(read_lock_irq(&irq_rule_rw));
    expect_assert_failure(write_lock_irq(&irq_rule_rw));
    local_irq_enable();
    for (unsigned int i = 0; i < RSPIN_MAX_DEPTH; i++)
        rspin_lock(&deep_lock);
    expect_assert_failure(rspin_lock(&deep_lock));
    for (unsigned int i = 0; i < RSPIN_MAX_DEPTH; i++)
        rspin_unlock(&deep_lock);
    assert_false(rspin_is_locked(&deep_lock));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) MSI_TEST(fn)
        T(test_registry_needs_pcidevs),
        T(test_index_remove_of_unknown_device),
        T(test_owner_changes_need_both_locks),
        T(test_leave_steps_need_their_locks),
        T(test_free_and_move_contracts),
        T(test_free_not_while_resetting),
        T(test_reset_state_needs_both_locks),
        T(test_reset_steps_and_waits_need_a_reset),
        T(test_iommu_context_needs_pcidevs),
        T(test_unowned_device_without_irq_state),
        T(test_vf_link_and_sizes_written_once),
        T(test_pirq_state_needs_event_lock),
        T(test_msi_needs_an_owner),
        T(test_pirq_leave_leaves_nothing),
        T(test_vector_slot_rules),
        T(test_drain_owns_its_slot),
        T(test_bar_mapping_needs_mm_lock),
        T(test_bar_runs_bounded),
        T(test_bar_placement_check_needs_pcidevs),
        T(test_bars_mapped_needs_pcidevs),
        T(test_command_mediation_needs_event_lock),
        T(test_lock_order_real_classes),
        T(test_irq_forms_and_depth),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
