/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The asynchronous device reset (drivers/passthrough/pdev_reset.c) on the
 * real registry, config access, interrupt layer and wait queues, against
 * the config model (tests/host/pcimodel.c).  The host scheduler stand-in
 * (tests/host/sched.c) plays the CPU: host_current_vcpu is the vCPU making
 * the call, host_timers_run() lets the reset's time pass, and
 * waitqueue_resume() is what the scheduler does when a woken vCPU runs.
 *
 * What is proven: the requester waits holding no lock; operations on the
 * resetting function wait their turn (and are issued again), a second reset
 * is carried out after it, operations on the owner's other function go on;
 * an owner's resets are counted (a burst, then one a second), whatever the
 * time its requests take; an owner
 * change resets the function before its new owner may touch it; the
 * function removed, or its owner dying, while it resets; a function that
 * never answers again.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/passthrough/pdev_reset.h>
#include <mhv/waitqueue.h>
#include <mhv/sched.h>
#include <mhv/pci/regs.h>
#include <mhv/bootinfo.h>
#include <mhv/spinlock.h>
#include <asm/passthrough/physdev.h>
#include <public/physdev.h>
#include "harness.h"
#include "host_hw.h"
#include "pcimodel.h"
#include "test_msi_fixture.h"
#include <mhv/pci/access.h>
#include <mhv/pci/caps.h>
#include <mhv/sbdf.h>
#include <mhv/passthrough/assign.h>
#include <mhv/domain/physdev.h>
#include <mhv/passthrough/bar_map.h>

/* The IOMMU decides whether a move resets (reset_on_move()); the config
 * model's functions need none, so tests switch it on where they mean to. */
static bool test_iommu_on;

bool iommu_enabled(void)
{
    return test_iommu_on;
}

static struct vcpu vcpu_of[NR_MSI_DOMAINS], other_vcpu, third_vcpu;
static unsigned long flrs_at_setup;

static unsigned long flrs(void)
{
    struct pcim_stats st;

    pcim_get_stats(&st);
    return st.flrs - flrs_at_setup;
}

static void vcpu_init(struct vcpu *v, struct domain *d)
{
    memset(v, 0, sizeof(*v));
    v->domain = d;
    v->state = VCPU_RUNNABLE;
    INIT_LIST_HEAD(&v->wait.entry);
}

static int setup(void **state)
{
    struct pcim_stats st;

    msi_setup();
    msi_igb_up(2);
    pcim_get_stats(&st);
    flrs_at_setup = st.flrs;
    test_iommu_on = false;
    for (unsigned int i = 0; i < NR_MSI_DOMAINS; i++)
        vcpu_init(&vcpu_of[i], &msi_dom[i]);
    vcpu_init(&other_vcpu, D1);
    vcpu_init(&third_vcpu, D0);
    host_current_vcpu = &vcpu_of[0];
    return 0;
}

static unsigned int run_resets(void);

static int teardown(void **state)
{
    run_resets();                       /* a failed test's reset, if any */
    host_current_vcpu = &vcpu_of[0];
    msi_teardown_all();
    return 0;
}

static long conf(struct domain *d, pci_sbdf_t sbdf, unsigned int reg,
                 unsigned int size, bool write, u32 *value)
{
    struct physdev_mhv_pci_conf c = {
        .sbdf = sbdf.sbdf, .reg = reg, .size = size, .write = write,
        .value = value ? *value : 0,
    };
    long rc = physdev_pci_conf_op(d, (unsigned long)&c);

    if (!rc && value)
        *value = c.value;
    return rc;
}

/* @v asks for an FLR of @sbdf (as its owner @d). */
static long flr(struct vcpu *v, pci_sbdf_t sbdf)
{
    unsigned int exp = pci_find_cap(sbdf, PCI_CAP_ID_EXP);
    u32 val = PCI_EXP_DEVCTL_BCR_FLR;

    host_current_vcpu = v;
    return conf(v->domain, sbdf, exp + PCI_EXP_DEVCTL, 2, true, &val);
}

/* What vcpu_wait() does to a queued vCPU (the host cannot leave its
 * stack): it stops running until woken. */
static void park(struct vcpu *v)
{
    assert_int_equal(v->wait.state, VCPU_WAIT_QUEUED);
    v->state = VCPU_WAITING;
}

static bool resetting(pci_sbdf_t sbdf)
{
    struct pci_dev *pdev;
    bool r;

    pcidevs_lock();
    pdev = pci_get_pdev(NULL, sbdf);
    assert_non_null(pdev);
    r = pdev_resetting(pdev);
    pcidevs_unlock();
    return r;
}

static struct domain *owner_of(pci_sbdf_t sbdf)
{
    struct pci_dev *pdev;
    struct domain *d;

    pcidevs_lock();
    pdev = pci_get_pdev(NULL, sbdf);
    d = pdev ? pdev->domain : NULL;
    pcidevs_unlock();
    return d;
}

/* Let time pass until no reset step is armed; returns the steps run. */
static unsigned int run_resets(void)
{
    unsigned int steps = 0;

    host_current_vcpu = NULL;           /* timers and softirqs: no vCPU's */
    while (host_timers_armed()) {
        steps += host_timers_run();
        host_softirqs_run();
        assert_true(steps < 5000);
    }
    return steps;
}

/* The scheduler resumes @v: its wait's ending applied to its guest state
 * (a PV frame whose SYSCALL was at 0x1000). */
static struct cpu_user_regs resume(struct vcpu *v)
{
    v->arch.pv.regs = (struct cpu_user_regs){ .rip = 0x1002, .rax = 33 };
    assert_int_equal(v->wait.state, VCPU_WAIT_ENDED);
    assert_int_equal(v->state, VCPU_RUNNABLE);
    waitqueue_resume(v);
    assert_int_equal(v->wait.state, VCPU_WAIT_NONE);
    return v->arch.pv.regs;
}

/* The owner's FLR: it waits for the result holding nothing; the others
 * wait their turn on that function only. */
static void test_owner_flr_waits_without_holding(void **state)
{
    struct vcpu *v1 = &vcpu_of[1], *v0 = &vcpu_of[0];
    struct cpu_user_regs f;
    int pirq = -1;
    u32 v;

    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(assign_device(D1, IGB_VF(1)), 0);
    assert_int_equal(flrs(), 0);                /* no IOMMU: moves do not reset */
    v = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
    host_current_vcpu = v1;
    assert_int_equal(conf(D1, IGB_VF(0), PCI_COMMAND, 2, true, &v), 0);
    assert_int_equal(map_msix(D1, IGB_VF(0), 0, &pirq), 0);

    host_log_clear();
    assert_int_equal(flr(v1, IGB_VF(0)), -ERESTART);
    park(v1);
    /* Started, not waited for: the function is RESETTING, its interrupts
     * gone, and nothing is held while the device takes its time. */
    assert_true(resetting(IGB_VF(0)));
    assert_int_equal(D1->nr_pirqs, 0);
    assert_false(pcidevs_locked());
    assert_false(rw_is_locked(&D1->pci_lock));
    assert_false(rw_is_locked(&D1->event_lock));

    /* The owner's other function: config, interrupts, at once. */
    host_current_vcpu = &other_vcpu;
    assert_int_equal(conf(D1, IGB_VF(1), PCI_COMMAND, 2, true, &v), 0);
    pirq = -1;
    assert_int_equal(map_msix(D1, IGB_VF(1), 0, &pirq), 0);
    assert_int_equal(unmap(D1, pirq), 0);
    /* Everything else on it waits its turn: a second reset asked for (its
     * config write), an interrupt mapping, taking it back. */
    assert_int_equal(flr(&other_vcpu, IGB_VF(0)), -ERESTART);
    park(&other_vcpu);
    host_current_vcpu = &third_vcpu;
    pirq = -1;
    assert_int_equal(map_msix(D1, IGB_VF(0), 0, &pirq), -ERESTART);
    park(&third_vcpu);
    host_current_vcpu = v0;
    assert_int_equal(deassign_device(IGB_VF(0)), -ERESTART);
    park(v0);
    /* Without a vCPU to wait (boot), the answer is -EBUSY. */
    host_current_vcpu = NULL;
    assert_int_equal(deassign_device(IGB_VF(0)), -EBUSY);

    assert_int_equal(flrs(), 1);                /* the model's FLR is at once */
    assert_true(run_resets() >= 1);
    assert_false(resetting(IGB_VF(0)));
    assert_true(host_log_contains("PCI reset 0000:01:10.0 for d1: function-level reset"));
    /* The requester gets the result; the others issue their call again. */
    f = resume(v1);
    assert_int_equal(f.rax, 0);
    assert_int_equal(f.rip, 0x1002);
    f = resume(v0);
    assert_int_equal(f.rip, 0x1000);
    assert_int_equal(f.rax, 33);               /* still the hypercall number */
    f = resume(&other_vcpu);
    assert_int_equal(f.rip, 0x1000);
    f = resume(&third_vcpu);
    assert_int_equal(f.rip, 0x1000);
    /* Config state back, and the calls issued again go through -- the
     * second reset too (its owner may ask for a few at once), carried out
     * like the first. */
    assert_true(pci_conf_read16(IGB_VF(0), PCI_COMMAND) & PCI_COMMAND_MEMORY);
    assert_int_equal(flr(&other_vcpu, IGB_VF(0)), -ERESTART);
    park(&other_vcpu);
    run_resets();
    assert_int_equal(flrs(), 2);
    f = resume(&other_vcpu);
    assert_int_equal(f.rax, 0);
    host_current_vcpu = &third_vcpu;
    pirq = -1;
    assert_int_equal(map_msix(D1, IGB_VF(0), 0, &pirq), 0);
    assert_int_equal(unmap(D1, pirq), 0);
    host_current_vcpu = v0;
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_int_equal(deassign_device(IGB_VF(1)), 0);
    assert_int_equal(pci_registry_check(), 0);
}

/* An owner change resets the function (with an IOMMU): the move itself
 * returns at once, and the new owner's first access waits for the end. */
static void test_owner_change_resets_before_use(void **state)
{
    struct vcpu *v1 = &vcpu_of[1];
    struct cpu_user_regs f;
    u32 v;

    test_iommu_on = true;
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(owner_of(IGB_VF(0)), D1);
    assert_true(resetting(IGB_VF(0)));
    assert_int_equal(flrs(), 1);
    host_current_vcpu = v1;
    assert_int_equal(conf(D1, IGB_VF(0), PCI_COMMAND, 2, false, &v), -ERESTART);
    park(v1);
    run_resets();
    assert_false(resetting(IGB_VF(0)));
    f = resume(v1);
    assert_int_equal(f.rip, 0x1000);
    host_current_vcpu = v1;
    assert_int_equal(conf(D1, IGB_VF(0), PCI_COMMAND, 2, false, &v), 0);
    /* Back to the control domain: reset again. */
    host_current_vcpu = &vcpu_of[0];
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_true(resetting(IGB_VF(0)));
    assert_int_equal(flrs(), 2);
    run_resets();
    assert_false(resetting(IGB_VF(0)));
    assert_int_equal(pci_registry_check(), 0);
}

/* The function is removed while it resets: the removal waits its turn
 * (never frees a function under its reset), then goes through. */
static void test_removed_mid_reset(void **state)
{
    struct vcpu *v1 = &vcpu_of[1], *v0 = &vcpu_of[0];
    struct cpu_user_regs f;

    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(flr(v1, IGB_VF(0)), -ERESTART);
    park(v1);
    host_current_vcpu = v0;
    assert_int_equal(pci_remove_device(0, 1, IGB_VF(0).devfn), -ERESTART);
    park(v0);
    assert_non_null(owner_of(IGB_VF(0)));
    run_resets();
    f = resume(v1);
    assert_int_equal(f.rax, 0);
    f = resume(v0);
    assert_int_equal(f.rip, 0x1000);
    host_current_vcpu = v0;
    assert_int_equal(pci_remove_device(0, 1, IGB_VF(0).devfn), 0);
    assert_null(owner_of(IGB_VF(0)));
    assert_int_equal(pci_registry_check(), 0);
}

/* The owner dies while it waits for its reset: its vCPU goes down (off
 * the queue), its devices go back to the control domain at once, the
 * reset runs on and ends with the new owner; nobody dead is woken. */
static void test_owner_dies_mid_reset(void **state)
{
    struct vcpu *v1 = &vcpu_of[1];
    unsigned long wakes;

    test_iommu_on = true;
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    run_resets();                               /* the move's own reset */
    assert_int_equal(flr(v1, IGB_VF(0)), -ERESTART);
    park(v1);
    waitqueue_cancel(v1);                       /* vcpu_down() */
    assert_int_equal(v1->wait.state, VCPU_WAIT_NONE);
    host_current_vcpu = NULL;
    assert_int_equal(pci_release_devices(D1), 1);
    assert_int_equal(owner_of(IGB_VF(0)), D0);
    assert_int_equal(D1->nr_pdevs, 0);
    assert_true(resetting(IGB_VF(0)));          /* the running one serves d0 */
    assert_int_equal(flrs(), 2);
    wakes = host_waiter_wakes;
    run_resets();
    assert_false(resetting(IGB_VF(0)));
    assert_int_equal(host_waiter_wakes, wakes);
    assert_int_equal(v1->state, VCPU_WAITING);  /* never woken: it is gone */
    assert_int_equal(pci_registry_check(), 0);
    host_current_vcpu = &vcpu_of[0];
    assert_int_equal(pci_conf_read16(IGB_VF(0), PCI_VENDOR_ID), 0xffff);
}

/* @d's BAR mappings of @sbdf (the pcidevs lock is pci_bars_mapped()'s rule). */
static bool bars_mapped(pci_sbdf_t sbdf)
{
    struct pci_dev *pdev;
    bool mapped;

    pcidevs_lock();
    pdev = pci_get_pdev(NULL, sbdf);
    assert_non_null(pdev);
    mapped = pci_bars_mapped(pdev);
    pcidevs_unlock();
    return mapped;
}

static long map_bar(struct vcpu *v, pci_sbdf_t sbdf, unsigned int bar)
{
    struct physdev_mhv_map_bar m = { .sbdf = sbdf.sbdf, .bar = bar };

    host_current_vcpu = v;
    return physdev_map_bar_op(v->domain, (unsigned long)&m);
}

/*
 * A BAR mapping is an operation on the function like any other: while it
 * resets, its new owner cannot reach its registers (in the drain phase the
 * previous owner's state is still in them, and a function in FLR answers
 * no MMIO): the mapping waits its turn, then is made.
 */
static void test_bar_map_waits_for_reset(void **state)
{
    struct vcpu *v1 = &vcpu_of[1];
    struct cpu_user_regs f;

    test_iommu_on = true;
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_true(resetting(IGB_VF(0)));          /* the owner change's reset */
    assert_int_equal(map_bar(v1, IGB_VF(0), 0), -ERESTART);
    park(v1);
    assert_false(bars_mapped(IGB_VF(0)));
    run_resets();
    f = resume(v1);
    assert_int_equal(f.rip, 0x1000);            /* issued again: */
    assert_int_equal(map_bar(v1, IGB_VF(0), 0), 0);
    assert_true(bars_mapped(IGB_VF(0)));
    /* Its own FLR: a new mapping waits for it too. */
    assert_int_equal(flr(v1, IGB_VF(0)), -ERESTART);
    park(v1);
    host_current_vcpu = &other_vcpu;
    assert_int_equal(map_bar(&other_vcpu, IGB_VF(0), 3), -ERESTART);
    park(&other_vcpu);
    run_resets();
    assert_int_equal(resume(v1).rax, 0);
    assert_int_equal(resume(&other_vcpu).rip, 0x1000);
    assert_int_equal(map_bar(&other_vcpu, IGB_VF(0), 3), 0);
    host_current_vcpu = &vcpu_of[0];
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_false(bars_mapped(IGB_VF(0)));
    run_resets();
    assert_int_equal(pci_registry_check(), 0);
}

/*
 * The PF is pulled out (surprise removal) while its VF resets: the VF
 * stops answering, the control domain removes the PF (its VFs turn
 * broken) and then the VF, which waits for the reset's end; the reset
 * gives up after its bounded polls, the owner gets -ETIMEDOUT, nothing is
 * freed under the running reset, and the PF goes with its last VF.
 */
static void test_pf_pulled_mid_reset(void **state)
{
    struct vcpu *v1 = &vcpu_of[1], *v0 = &vcpu_of[0];

    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(flr(v1, IGB_VF(0)), -ERESTART);
    park(v1);
    pcim_set_dead(pcim_find(IGB_PF), true);
    pcim_set_dead(pcim_find(IGB_VF(0)), true);
    pcim_set_dead(pcim_find(IGB_VF(1)), true);
    host_current_vcpu = v0;
    host_log_clear();
    assert_int_equal(pci_remove_device(0, 1, IGB_PF.devfn), 0);
    assert_true(host_log_contains("2 VFs still registered"));
    assert_true(resetting(IGB_VF(0)));
    assert_int_equal(pci_remove_device(0, 1, IGB_VF(1).devfn), 0);
    assert_int_equal(pci_remove_device(0, 1, IGB_VF(0).devfn), -ERESTART);
    park(v0);
    assert_int_equal(run_resets(), 1000);       /* 1 s of polls, then given up */
    assert_int_equal(resume(v1).rax, -ETIMEDOUT);
    assert_int_equal(resume(v0).rip, 0x1000);
    host_current_vcpu = v0;
    host_log_clear();
    assert_int_equal(pci_remove_device(0, 1, IGB_VF(0).devfn), 0);
    assert_true(host_log_contains("last VF of removed PF 0000:01:00.0, PF released"));
    assert_int_equal(D1->nr_pdevs, 0);
    assert_int_equal(pci_registry_check(), 0);
    pcim_set_dead(pcim_find(IGB_PF), false);
    pcim_set_dead(pcim_find(IGB_VF(0)), false);
    pcim_set_dead(pcim_find(IGB_VF(1)), false);
}

/*
 * Config access while a function resets, from the control domain: to a
 * function another domain owns, refused as ever (-EPERM, whatever its
 * state); to its own -- one it just took back, whose owner change resets
 * it -- the access waits its turn like any other.
 */
static void test_d0_config_access_mid_reset(void **state)
{
    struct vcpu *v0 = &vcpu_of[0], *v1 = &vcpu_of[1];
    u32 v;

    test_iommu_on = true;
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_true(resetting(IGB_VF(0)));
    host_current_vcpu = v0;
    assert_int_equal(conf(D0, IGB_VF(0), PCI_COMMAND, 2, false, &v), -EPERM);
    run_resets();
    assert_int_equal(flr(v1, IGB_VF(0)), -ERESTART);
    park(v1);
    host_current_vcpu = v0;
    assert_int_equal(conf(D0, IGB_VF(0), PCI_COMMAND, 2, false, &v), -EPERM);
    run_resets();
    assert_int_equal(resume(v1).rax, 0);
    host_current_vcpu = v0;
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_true(resetting(IGB_VF(0)));
    assert_int_equal(conf(D0, IGB_VF(0), PCI_COMMAND, 2, false, &v), -ERESTART);
    park(v0);
    run_resets();
    assert_int_equal(resume(v0).rip, 0x1000);
    host_current_vcpu = v0;
    assert_int_equal(conf(D0, IGB_VF(0), PCI_COMMAND, 2, false, &v), 0);
    assert_int_equal(pci_registry_check(), 0);
}

/* A function that never answers after its FLR: given up after the
 * bounded polls, logged, the waiter told -ETIMEDOUT, the function READY
 * (its owner decides what to do with a dead device). */
static void test_reset_never_answers(void **state)
{
    struct vcpu *v1 = &vcpu_of[1];
    struct cpu_user_regs f;
    unsigned int steps;

    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(flr(v1, IGB_VF(0)), -ERESTART);
    park(v1);
    pcim_set_dead(pcim_find(IGB_VF(0)), true);
    host_log_clear();
    steps = run_resets();
    assert_int_equal(steps, 1000);              /* 1 ms apart: 1 s of polls */
    assert_true(host_log_contains("no answer"));
    assert_false(resetting(IGB_VF(0)));
    f = resume(v1);
    assert_int_equal(f.rax, -ETIMEDOUT);
    pcim_set_dead(pcim_find(IGB_VF(0)), false);
    host_current_vcpu = &vcpu_of[0];
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
}

/*
 * An owner's resets of a function: PDEV_RESET_BURST in a row are carried
 * out, however long each takes, then they are refused (one a second comes
 * back); a new owner has its own.  The count does not depend on the
 * host's speed: a slow host may give back a token a second, so the bound
 * above allows for the seconds that passed.
 */
static void test_owner_reset_budget(void **state)
{
    struct vcpu *v1 = &vcpu_of[1];
    s_time_t t0 = NOW();
    unsigned int done = 0;
    long rc;

    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    host_log_clear();
    while ((rc = flr(v1, IGB_VF(0))) == -ERESTART) {
        park(v1);
        run_resets();
        assert_int_equal(resume(v1).rax, 0);
        done++;
        assert_true(done <= PDEV_RESET_BURST + (NOW() - t0) / SECONDS(1) + 1);
    }
    assert_int_equal(rc, -EBUSY);
    assert_true(done >= PDEV_RESET_BURST);
    assert_int_equal(flrs(), done);
    assert_true(host_log_contains("more resets than 8 at once and one a second"));
    /* Taken back and given again: the new owner's budget is full. */
    host_current_vcpu = &vcpu_of[0];
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(flr(v1, IGB_VF(0)), -ERESTART);
    park(v1);
    run_resets();
    assert_int_equal(resume(v1).rax, 0);
    host_current_vcpu = &vcpu_of[0];
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_int_equal(pci_registry_check(), 0);
}

/*
 * A guest's FLR is asked for under the locks and carried out after they
 * were dropped.  If meanwhile the function was taken away and given back,
 * the request names an ownership that is over: it must not reset the
 * function under its new assignment (the reset's leave steps would take
 * the interrupts the new assignment has mapped) -- nor that of a function
 * removed and registered again at the same address (a new pci_dev).
 */
static void test_reset_of_a_former_ownership(void **state)
{
    struct vcpu *v1 = &vcpu_of[1];
    struct pci_dev *pdev;
    u64 gen, gen0;
    int pirq = -1;
    u32 v = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;

    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    pcidevs_lock();
    pdev = pci_get_pdev(NULL, IGB_VF(0));
    gen = gen0 = pdev->owner_gen;
    pcidevs_unlock();
    assert_int_not_equal(gen, PCI_OWNER_GEN_ANY);
    /* Taken back and given again: a new ownership, its interrupt mapped. */
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_not_equal(pdev->owner_gen, gen);
    host_current_vcpu = v1;
    assert_int_equal(conf(D1, IGB_VF(0), PCI_COMMAND, 2, true, &v), 0);
    assert_int_equal(map_msix(D1, IGB_VF(0), 0, &pirq), 0);
    /* The old ownership's reset: refused, nothing of the new one touched. */
    host_log_clear();
    assert_int_equal(pci_reset_device(D1, IGB_VF(0), gen, NULL), -EPERM);
    assert_true(host_log_contains("it changed hands since the reset was asked for"));
    assert_int_equal(D1->nr_pirqs, 1);
    assert_false(resetting(IGB_VF(0)));
    assert_int_equal(flrs(), 0);
    /* The new ownership's own reset is carried out. */
    gen = pdev->owner_gen;
    assert_int_equal(pci_reset_device(D1, IGB_VF(0), gen, NULL), -ERESTART);
    park(v1);
    run_resets();
    assert_int_equal(flrs(), 1);
    assert_int_equal(D1->nr_pirqs, 0);
    resume(v1);

    /* Removed, registered again (a new pci_dev at the same address, whose
     * own count of owners would be where the first one's was at its
     * first assignment) and given to the same domain: the old requests
     * are still refused. */
    host_current_vcpu = &vcpu_of[0];
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_int_equal(pci_remove_device(0, 1, IGB_VF(0).devfn), 0);
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    host_current_vcpu = v1;
    assert_int_equal(conf(D1, IGB_VF(0), PCI_COMMAND, 2, true, &v), 0);
    pirq = -1;
    assert_int_equal(map_msix(D1, IGB_VF(0), 0, &pirq), 0);
    host_log_clear();
    assert_int_equal(pci_reset_device(D1, IGB_VF(0), gen0, NULL), -EPERM);
    assert_int_equal(pci_reset_device(D1, IGB_VF(0), gen, NULL), -EPERM);
    assert_true(host_log_contains("it changed hands since the reset was asked for"));
    assert_int_equal(D1->nr_pirqs, 1);
    assert_int_equal(flrs(), 1);
    host_current_vcpu = &vcpu_of[0];
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_int_equal(pci_registry_check(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_owner_flr_waits_without_holding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_owner_change_resets_before_use, setup, teardown),
        cmocka_unit_test_setup_teardown(test_owner_reset_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_of_a_former_ownership, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removed_mid_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_owner_dies_mid_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_never_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bar_map_waits_for_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pf_pulled_mid_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_d0_config_access_mid_reset, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
