/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guard that the seed regression's assertion still guards.
 *
 * The seed bug: physdev_map_pirq() holds only read_lock(&d->pci_lock)
 * (and d->event_lock for write), and somewhere below it, for a VF,
 * read_pci_mem_bar() looked the PF up with pci_get_pdev(NULL, ...), which
 * needs the pcidevs lock: 'Assertion ... failed' on a debug build.
 *
 * Here the host build is a debug build (CONFIG_DEBUG, CONFIG_DEBUG_LOCKS:
 * exact "held by this CPU" predicates), so:
 *  - the real path, physdev_map_pirq() -> allocate_and_map_msi_pirq() ->
 *    map_domain_pirq() -> pci_enable_msix_entry() -> msix_capability_init()
 *    -> read_pci_mem_bar(), runs for registered VFs under exactly that lock
 *    state and programs the VF's own table: any registry lookup with
 *    d == NULL put back on it fails its ASSERT and this test fails; taking
 *    the pcidevs lock there instead would invert the recorded order
 *    pcidevs -> d->pci_lock and the lock checker fails the test;
 *  - under the same lock state pci_get_pdev(NULL, sbdf) does fail its
 *    assertion (the harness catches it), so the guard is live;
 *  - each function of the path asserts its own preconditions: no lock at
 *    all, the pci_lock without the event lock, the event lock for read
 *    only, another domain's locks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <pthread.h>

#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/smp.h>
#include <mhv/pci/regs.h>
#include <mhv/passthrough/pci_mem_bar.h>
#include "harness.h"
#include "host_hw.h"
#include "test_msi_fixture.h"
#include <mhv/passthrough/assign.h>

/*
 * @call fails exactly the assertion @expr (not one further down the path,
 * which would mean the function's own check was weakened).
 */
#define PCI_LIST_RULE(d) "pcidevs_locked() || rw_is_locked_by_me(&(" d ")->pci_lock)"
#define expect_assertion(call, expr)                                        \
    do {                                                                    \
        host_log_clear();                                                   \
        expect_assert_failure(call);                                        \
        assert_true(host_log_contains("Assertion '" expr "' failed"));     \
    } while (0)

/* The seed's lock state: d->pci_lock for read, then d->event_lock for write. */
static void seed_locks(struct domain *d)
{
    read_lock(&d->pci_lock);
    write_lock(&d->event_lock);
}

static void seed_unlock(struct domain *d)
{
    write_unlock(&d->event_lock);
    read_unlock(&d->pci_lock);
}

/* The VF's table was mapped at its own address and entry @e programmed. */
static void check_vf_programmed(unsigned int vf, unsigned int e, int pirq,
                                struct domain *d)
{
    struct msix_entry_view ev = msix_entry(IGB_VF_TABLE(vf), e);
    struct pirq *p = d->pirqs[pirq];

    assert_non_null(p);
    assert_true(host_mmio_is_mapped(IGB_VF_TABLE(vf),
                                    IGB_VF_MSIX_ENTRIES * PCI_MSIX_ENTRY_SIZE));
    assert_int_equal(ev.data, p->vector);
    assert_int_equal(ev.addr_lo & 0xfff00000u, 0xfee00000u);
    assert_int_equal(ev.ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT, 0);
    assert_true(msix_ctrl_of(IGB_VF(vf)) & PCI_MSIX_FLAGS_ENABLE);
    assert_false(msix_ctrl_of(IGB_VF(vf)) & PCI_MSIX_FLAGS_MASKALL);
}

/* ------------------------------------------------------------ positive */

/* physdev_map_pirq() itself, for every VF of the igb and every entry. */
static void test_seed_path_physdev_map_pirq(void **state)
{
    int pirq[8][IGB_VF_MSIX_ENTRIES];

    msi_igb_up(8);
    assert_false(pcidevs_locked());
    for (unsigned int vf = 0; vf < 8; vf++) {
        for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++) {
            pirq[vf][e] = -1;
            assert_int_equal(map_msix(D0, IGB_VF(vf), e, &pirq[vf][e]), 0);
            check_vf_programmed(vf, e, pirq[vf][e], D0);
        }
    }
    assert_false(host_log_contains("Assertion"));
    assert_false(host_log_contains("lock check"));
    for (unsigned int vf = 0; vf < 8; vf++)
        for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++)
            assert_int_equal(unmap(D0, pirq[vf][e]), 0);
}

/* The same path entered one level down, with the caller holding exactly
 * the seed's locks, for a VF assigned to an ordinary domain. */
static void test_seed_path_allocate_and_map(void **state)
{
    struct msi_info msi = { .sbdf = IGB_VF(2), .type = PIRQ_MSIX, .entry_nr = 1 };
    int pirq = -1;

    msi_igb_up(4);
    assert_int_equal(assign_device(D1, IGB_VF(2)), 0);
    seed_locks(D1);
    assert_false(pcidevs_locked());
    assert_int_equal(allocate_and_map_msi_pirq(D1, &pirq, &msi), 0);
    seed_unlock(D1);
    check_vf_programmed(2, 1, pirq, D1);

    /* map_domain_pirq() directly, a chosen pirq. */
    msi.entry_nr = 0;
    seed_locks(D1);
    assert_int_equal(map_domain_pirq(D1, 17, &msi), 0);
    seed_unlock(D1);
    check_vf_programmed(2, 0, 17, D1);

    /* The interrupt reaches d1. */
    fire_pirq(D1, 17);
    assert_true(msi_si[1].pirq_pending[0] & (1ULL << 17));
    assert_int_equal(msi_si[1].pirq_count[17], 1);
    assert_false(host_log_contains("Assertion"));

    assert_int_equal(unmap(D1, 17), 0);
    assert_int_equal(unmap(D1, pirq), 0);
    assert_int_equal(deassign_device(IGB_VF(2)), 0);
}

/*
 * msix_capability_init() and read_pci_mem_bar() of a VF with only the
 * seed's locks: the table address comes through the VF -> PF link.
 */
static void test_seed_path_lower_functions(void **state)
{
    struct pci_dev *vf;
    u64 base, size;

    msi_igb_up(8);
    vf = reg_lookup(IGB_VF(7));
    assert_non_null(vf);
    seed_locks(D0);
    assert_false(pcidevs_locked());
    assert_int_equal(read_pci_mem_bar(vf, 3, &base, &size), 0);
    assert_int_equal(base, IGB_VF_TABLE(7));
    assert_int_equal(size, IGB_VF_BAR_SIZE);
    assert_int_equal(msix_capability_init(vf), 0);
    assert_non_null(vf->msix);
    assert_int_equal(vf->msix->table_pa, IGB_VF_TABLE(7));
    assert_int_equal(vf->msix->pba_pa, IGB_VF_PBA(7));
    /* Nothing used: disabling an unused entry leaves it; tear down by
     * mapping and unmapping one entry. */
    seed_unlock(D0);
    {
        int pirq = -1;

        assert_int_equal(map_msix(D0, IGB_VF(7), 2, &pirq), 0);
        assert_int_equal(unmap(D0, pirq), 0);
    }
    assert_null(vf->msix);
    assert_false(host_log_contains("Assertion"));
}

/* ------------------------------------------------------------ the guard is live */

/* Under the seed's lock state, a registry lookup with d == NULL trips. */
static void test_lookup_without_domain_trips(void **state)
{
    msi_igb_up(2);
    seed_locks(D0);
    expect_assertion(pci_get_pdev(NULL, IGB_PF), "pcidevs_locked()");
    expect_assertion(pci_get_pdev(NULL, IGB_VF(1)), "pcidevs_locked()");
    /* ... while the lookup in d's own list is allowed. */
    assert_non_null(pci_get_pdev(D0, IGB_VF(1)));
    seed_unlock(D0);
}

/* The pcidevs lock held by another CPU does not count for this one. */
struct holder {
    pthread_mutex_t m;
    pthread_cond_t c;
    int stage;
};

static void *hold_pcidevs(void *arg)
{
    struct holder *h = arg;

    host_set_cpu(1);
    pcidevs_lock();
    pthread_mutex_lock(&h->m);
    h->stage = 1;
    pthread_cond_broadcast(&h->c);
    while (h->stage != 2)
        pthread_cond_wait(&h->c, &h->m);
    pthread_mutex_unlock(&h->m);
    pcidevs_unlock();
    return NULL;
}

static void test_other_cpu_holding_pcidevs_does_not_help(void **state)
{
    struct holder h = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };
    pthread_t t;
    int pirq = -1;

    msi_igb_up(2);
    assert_int_equal(pthread_create(&t, NULL, hold_pcidevs, &h), 0);
    pthread_mutex_lock(&h.m);
    while (h.stage != 1)
        pthread_cond_wait(&h.c, &h.m);
    pthread_mutex_unlock(&h.m);

    seed_locks(D0);
    expect_assertion(pci_get_pdev(NULL, IGB_VF(0)), "pcidevs_locked()");
    seed_unlock(D0);
    /* The seed path itself still works: it needs no pcidevs lock. */
    assert_int_equal(map_msix(D0, IGB_VF(0), 0, &pirq), 0);
    assert_int_equal(unmap(D0, pirq), 0);

    pthread_mutex_lock(&h.m);
    h.stage = 2;
    pthread_cond_broadcast(&h.c);
    pthread_mutex_unlock(&h.m);
    pthread_join(t, NULL);
}

/* ------------------------------------------------------------ preconditions */

static void test_no_lock_trips(void **state)
{
    struct msi_info msi = { .sbdf = IGB_VF(0), .type = PIRQ_MSIX, .entry_nr = 0 };
    struct pci_dev *vf;
    u64 base, size;
    int pirq = -1;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    expect_assertion(allocate_and_map_msi_pirq(D0, &pirq, &msi), PCI_LIST_RULE("d"));
    expect_assertion(map_domain_pirq(D0, 3, &msi), PCI_LIST_RULE("d"));
    expect_assertion(msix_capability_init(vf), PCI_LIST_RULE("pdev->domain"));
    expect_assertion(read_pci_mem_bar(vf, 3, &base, &size),
                     "pcidevs_locked() || (pdev->domain && "
                     "rw_is_locked_by_me(&pdev->domain->pci_lock))");
    assert_null(vf->msix);
    assert_null(D0->pirqs[3]);
}

static void test_pci_lock_without_event_lock_trips(void **state)
{
    struct msi_info msi = { .sbdf = IGB_VF(0), .type = PIRQ_MSIX, .entry_nr = 0 };
    struct pci_dev *vf;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    read_lock(&D0->pci_lock);
    expect_assertion(map_domain_pirq(D0, 3, &msi),
                     "rw_is_write_locked_by_me(&d->event_lock)");
    expect_assertion(msix_capability_init(vf),
                     "rw_is_write_locked_by_me(&pdev->domain->event_lock)");
    /* The event lock for read is not enough either. */
    read_lock(&D0->event_lock);
    expect_assertion(map_domain_pirq(D0, 3, &msi),
                     "rw_is_write_locked_by_me(&d->event_lock)");
    read_unlock(&D0->event_lock);
    read_unlock(&D0->pci_lock);
    assert_null(vf->msix);
}

static void test_event_lock_without_pci_lock_trips(void **state)
{
    struct msi_info msi = { .sbdf = IGB_VF(0), .type = PIRQ_MSIX, .entry_nr = 0 };
    int pirq = -1;

    msi_igb_up(1);
    write_lock(&D0->event_lock);
    expect_assertion(allocate_and_map_msi_pirq(D0, &pirq, &msi), PCI_LIST_RULE("d"));
    expect_assertion(map_domain_pirq(D0, 3, &msi), PCI_LIST_RULE("d"));
    write_unlock(&D0->event_lock);
}

/* Another domain's locks do not cover d0's device. */
static void test_other_domains_locks_trip(void **state)
{
    struct msi_info msi = { .sbdf = IGB_VF(0), .type = PIRQ_MSIX, .entry_nr = 0 };
    struct pci_dev *vf;

    msi_igb_up(1);
    vf = reg_lookup(IGB_VF(0));
    seed_locks(D1);
    expect_assertion(map_domain_pirq(D0, 3, &msi), PCI_LIST_RULE("d"));
    expect_assertion(msix_capability_init(vf), PCI_LIST_RULE("pdev->domain"));
    seed_unlock(D1);
}

/* The pcidevs lock instead of d->pci_lock is the other allowed reader. */
static void test_pcidevs_lock_is_enough_for_reading(void **state)
{
    struct msi_info msi = { .sbdf = IGB_VF(0), .type = PIRQ_MSIX, .entry_nr = 0 };

    msi_igb_up(1);
    pcidevs_lock();
    write_lock(&D0->event_lock);
    assert_int_equal(map_domain_pirq(D0, 5, &msi), 0);
    assert_int_equal(unmap_domain_pirq(D0, 5), 0);
    write_unlock(&D0->event_lock);
    pcidevs_unlock();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) MSI_TEST(fn)
        T(test_seed_path_physdev_map_pirq),
        T(test_seed_path_allocate_and_map),
        T(test_seed_path_lower_functions),
        T(test_lookup_without_domain_trips),
        T(test_other_cpu_holding_pcidevs_does_not_help),
        T(test_no_lock_trips),
        T(test_pci_lock_without_event_lock_trips),
        T(test_event_lock_without_pci_lock_trips),
        T(test_other_domains_locks_trip),
        T(test_pcidevs_lock_is_enough_for_reading),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
