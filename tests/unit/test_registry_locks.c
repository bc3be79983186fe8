/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registry's lock rules, proven with the harness catching assertion
 * failures.  Each rule is shown both ways: the call succeeds with the lock
 * the rule asks for and trips its assertion without it -- including when
 * ANOTHER CPU holds the lock, so an assertion weakened to "someone holds
 * it" (rw_is_locked() instead of rw_is_locked_by_me(), a spinlock's
 * is_locked instead of the owner check) makes a test here fail.
 *
 * The seed scenario's guard: with only read_lock(&d->pci_lock),
 * following a VF's link to its PF and reading vf_rlen[] works, while a
 * registry-wide lookup (pci_get_pdev(NULL, ..)) fails its assertion.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/smp.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <public/sysctl.h>
#include "harness.h"
#include "pcimodel.h"
#include "test_registry_fixture.h"
#include <mhv/sbdf.h>
#include <mhv/passthrough/assign.h>

static struct pcim_igb igb;

/* The igb PF with 2 VFs, VF 1 assigned to d1. */
static int setup(void **state)
{
    reg_setup();
    igb_up(&igb, 2, 2);
    assert_int_equal(assign_device(D1, IGB_VF(1)), 0);
    return 0;
}

static struct holder *active_holder;
static void hold_end(struct holder *h);

static int teardown(void **state)
{
    /* A failed expectation leaves the test early: let the other CPU go. */
    if (active_holder)
        hold_end(active_holder);
    assert_false(pcidevs_locked());
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    reg_check_empty();
    return 0;
}

/* ------------------------------------------------------------ another CPU */

enum hold_what { HOLD_PCIDEVS, HOLD_READ, HOLD_WRITE };

struct holder {
    pthread_t th;
    enum hold_what what;
    struct domain *d;
    int state;          /* 0 starting, 1 holding, 2 release, 3 done */
};

static void *holder_fn(void *arg)
{
    struct holder *h = arg;

    host_set_cpu(7);
    switch (h->what) {
    case HOLD_PCIDEVS: pcidevs_lock(); break;
    case HOLD_READ:    read_lock(&h->d->pci_lock); break;
    case HOLD_WRITE:   write_lock(&h->d->pci_lock); break;
    }
    __atomic_store_n(&h->state, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&h->state, __ATOMIC_SEQ_CST) != 2)
        sched_yield();
    switch (h->what) {
    case HOLD_PCIDEVS: pcidevs_unlock(); break;
    case HOLD_READ:    read_unlock(&h->d->pci_lock); break;
    case HOLD_WRITE:   write_unlock(&h->d->pci_lock); break;
    }
    __atomic_store_n(&h->state, 3, __ATOMIC_SEQ_CST);
    return NULL;
}

/* Another CPU takes the lock and holds it until hold_end(). */
static void hold_begin(struct holder *h, enum hold_what what, struct domain *d)
{
    *h = (struct holder){ .what = what, .d = d };
    assert_int_equal(pthread_create(&h->th, NULL, holder_fn, h), 0);
    while (__atomic_load_n(&h->state, __ATOMIC_SEQ_CST) != 1)
        sched_yield();
    active_holder = h;
}

static void hold_end(struct holder *h)
{
    active_holder = NULL;
    __atomic_store_n(&h->state, 2, __ATOMIC_SEQ_CST);
    pthread_join(h->th, NULL);
    assert_int_equal(h->state, 3);
}

/* ------------------------------------------------------------ pci_get_pdev */

static void test_lookup_any_needs_pcidevs(void **state)
{
    expect_assert_failure(pci_get_pdev(NULL, IGB_PF));
    expect_assert_failure(pci_get_pdev(NULL, PCI_SBDF(0, 9, 0)));

    pcidevs_lock();
    assert_non_null(pci_get_pdev(NULL, IGB_PF));
    assert_non_null(pci_get_pdev(NULL, IGB_VF(1)));     /* any owner */
    assert_null(pci_get_pdev(NULL, PCI_SBDF(0, 9, 0)));
    /* Recursive: still exact when nested. */
    pcidevs_lock();
    assert_non_null(pci_get_pdev(NULL, IGB_PF));
    pcidevs_unlock();
    assert_non_null(pci_get_pdev(NULL, IGB_PF));
    pcidevs_unlock();
    assert_false(pcidevs_locked());
}

/* The seed's assertion: a domain's pci_lock is not the pcidevs lock. */
static void test_lookup_any_with_only_pci_lock_fails(void **state)
{
    struct pci_dev *vf;
    const struct pci_dev *pf;

    read_lock(&D0->pci_lock);
    vf = pci_get_pdev(D0, IGB_VF(0));
    assert_non_null(vf);
    /* What the MSI-X path does: follow the link, read vf_rlen[]. */
    pf = pci_vf_physfn(vf);
    assert_int_equal(pf->sbdf.sbdf, IGB_PF.sbdf);
    assert_true(pf->pf.vf_rlen_valid);
    assert_int_equal(pf->pf.vf_rlen[0], IGB_VF_BAR_SIZE);
    /* What Xen's read_pci_mem_bar() did: a registry-wide lookup. */
    expect_assert_failure(pci_get_pdev(NULL, IGB_PF));
    read_unlock(&D0->pci_lock);

    write_lock(&D0->pci_lock);
    expect_assert_failure(pci_get_pdev(NULL, IGB_PF));
    write_unlock(&D0->pci_lock);
}

static void test_lookup_domain_needs_its_list_lock(void **state)
{
    expect_assert_failure(pci_get_pdev(D0, IGB_PF));
    expect_assert_failure(pci_get_pdev(D1, IGB_VF(1)));

    /* Another domain's lock is not this domain's. */
    read_lock(&D1->pci_lock);
    expect_assert_failure(pci_get_pdev(D0, IGB_PF));
    assert_non_null(pci_get_pdev(D1, IGB_VF(1)));
    read_unlock(&D1->pci_lock);
}

static void test_lookup_domain_with_list_lock(void **state)
{
    struct pci_dev *pf;

    read_lock(&D0->pci_lock);
    pf = pci_get_pdev(D0, IGB_PF);
    assert_non_null(pf);
    assert_ptr_equal(pf->domain, D0);
    assert_non_null(pci_get_pdev(D0, IGB_VF(0)));
    assert_null(pci_get_pdev(D0, IGB_VF(1)));           /* d1's */
    assert_null(pci_get_pdev(D0, PCI_SBDF(0, 9, 0)));
    assert_null(pci_get_pdev(D0, PCI_SBDF(7, 9, 0)));   /* no such segment */
    read_unlock(&D0->pci_lock);

    write_lock(&D1->pci_lock);
    assert_non_null(pci_get_pdev(D1, IGB_VF(1)));
    assert_null(pci_get_pdev(D1, IGB_PF));
    write_unlock(&D1->pci_lock);

    /* The pcidevs lock covers every domain's list. */
    pcidevs_lock();
    assert_ptr_equal(pci_get_pdev(D0, IGB_PF), pf);
    assert_non_null(pci_get_pdev(D1, IGB_VF(1)));
    assert_null(pci_get_pdev(D2, IGB_VF(1)));
    pcidevs_unlock();
}

/* The predicates are exact: a lock held by another CPU does not count. */
static void test_other_cpu_holding_does_not_count(void **state)
{
    static struct holder h;     /* the other CPU may outlive a failed test */

    hold_begin(&h, HOLD_PCIDEVS, NULL);
    assert_false(pcidevs_locked());
    expect_assert_failure(pci_get_pdev(NULL, IGB_PF));
    hold_end(&h);

    hold_begin(&h, HOLD_READ, D0);
    expect_assert_failure(pci_get_pdev(D0, IGB_PF));
    /* ... while this CPU may take it for read too and then look. */
    read_lock(&D0->pci_lock);
    assert_non_null(pci_get_pdev(D0, IGB_PF));
    read_unlock(&D0->pci_lock);
    hold_end(&h);

    hold_begin(&h, HOLD_WRITE, D1);
    expect_assert_failure(pci_get_pdev(D1, IGB_VF(1)));
    hold_end(&h);
}

/* ------------------------------------------------------------ list readers */

static unsigned int count_devices(struct domain *d)
{
    struct pci_dev *pdev;
    unsigned int n = 0;

    for_each_pdev(d, pdev)
        n++;
    return n;
}

static void test_list_readers(void **state)
{
    static struct holder h;     /* the other CPU may outlive a failed test */

    expect_assert_failure(count_devices(D0));
    expect_assert_failure(count_devices(D1));

    read_lock(&D0->pci_lock);
    assert_int_equal(count_devices(D0), 2);
    expect_assert_failure(count_devices(D1));
    read_unlock(&D0->pci_lock);

    pcidevs_lock();
    assert_int_equal(count_devices(D0), 2);
    assert_int_equal(count_devices(D1), 1);
    pcidevs_unlock();

    hold_begin(&h, HOLD_READ, D1);
    expect_assert_failure(count_devices(D1));
    hold_end(&h);
}

static int walk_cb(const struct pci_dev *pdev, void *ctx)
{
    (*(unsigned int *)ctx)++;
    return 0;
}

static void test_registry_readers_need_pcidevs(void **state)
{
    struct mhv_pci_info info;
    struct pci_dev *vf;
    unsigned int n = 0;

    expect_assert_failure(pci_registry_walk(walk_cb, &n));
    expect_assert_failure(pci_registry_list_walk_lookup(IGB_PF));

    read_lock(&D0->pci_lock);
    expect_assert_failure(pci_registry_walk(walk_cb, &n));
    vf = pci_get_pdev(D0, IGB_VF(0));
    expect_assert_failure(pci_dev_get_info(vf, &info));
    read_unlock(&D0->pci_lock);

    pcidevs_lock();
    assert_int_equal(pci_registry_walk(walk_cb, &n), 0);
    assert_int_equal(n, 3);
    assert_non_null(pci_registry_list_walk_lookup(IGB_PF));
    pci_dev_get_info(vf, &info);
    assert_int_equal(info.sbdf, IGB_VF(0).sbdf);
    pcidevs_unlock();
}

/* ------------------------------------------------------------ VF -> PF */

static void test_vf_physfn_rules(void **state)
{
    struct pci_dev *vf0, *vf1, *pf;

    pcidevs_lock();
    vf0 = pci_get_pdev(NULL, IGB_VF(0));
    vf1 = pci_get_pdev(NULL, IGB_VF(1));
    pf = pci_get_pdev(NULL, IGB_PF);
    assert_ptr_equal(pci_vf_physfn(vf1), pf);
    /* A PF has no PF. */
    expect_assert_failure(pci_vf_physfn(pf));
    pcidevs_unlock();

    expect_assert_failure(pci_vf_physfn(vf0));
    expect_assert_failure(pci_vf_physfn(vf1));

    /* The owner's lock, for read or write. */
    read_lock(&D1->pci_lock);
    assert_ptr_equal(pci_vf_physfn(vf1), pf);
    expect_assert_failure(pci_vf_physfn(vf0));          /* d0's VF */
    read_unlock(&D1->pci_lock);
    write_lock(&D0->pci_lock);
    assert_ptr_equal(pci_vf_physfn(vf0), pf);
    write_unlock(&D0->pci_lock);

    /* After the PF is removed the link still holds (PF kept for VFs). */
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    read_lock(&D1->pci_lock);
    assert_ptr_equal(pci_vf_physfn(vf1), pf);
    assert_int_equal(pci_vf_physfn(vf1)->pf.vf_rlen[3], IGB_VF_BAR_SIZE);
    assert_true(vf1->broken);
    read_unlock(&D1->pci_lock);
    assert_int_equal(reg_add_fn(IGB_PF), -EBUSY);

    /* Back to what teardown() removes. */
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    assert_int_equal(reg_add_vf(IGB_VF(1), IGB_PF), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_lookup_any_needs_pcidevs),
        T(test_lookup_any_with_only_pci_lock_fails),
        T(test_lookup_domain_needs_its_list_lock),
        T(test_lookup_domain_with_list_lock),
        T(test_other_cpu_holding_does_not_count),
        T(test_list_readers),
        T(test_registry_readers_need_pcidevs),
        T(test_vf_physfn_rules),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
