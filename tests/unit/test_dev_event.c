/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device events (common/dev_event.c) through the real registry: an
 * ordinary domain is told when its device is removed or taken back
 * (REVOKED, from the registry's PDEV_LEAVE_NOTIFY step) and when the PF of
 * its VF is removed (BROKEN); the control domain and a dying domain are
 * not; the queue is bounded and says when it dropped events; the shared
 * info word is set with each event.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <mhv/passthrough/dev_event.h>
#include <mhv/errno.h>
#include "harness.h"
#include "test_registry_fixture.h"
#include <mhv/passthrough/assign.h>
#include <mhv/event.h>
#include <public/physdev.h>

static struct shared_info si[NR_TEST_DOMAINS];
static struct pcim_igb igb;

static int setup(void **state)
{
    reg_setup();
    for (unsigned int i = 0; i < NR_TEST_DOMAINS; i++) {
        memset(&si[i], 0, sizeof(si[i]));
        test_dom[i].shared_info = &si[i];
    }
    igb_up(&igb, 3, 3);
    return 0;
}

static int teardown(void **state)
{
    for (unsigned int i = 0; i < 3; i++)
        reg_remove_fn(IGB_VF(i));
    reg_remove_fn(IGB_PF);
    for (unsigned int i = 0; i < NR_TEST_DOMAINS; i++)
        test_dom[i].shared_info = NULL;
    reg_check_empty();
    return 0;
}

/* The next event of @d: its type (0: none). */
static u16 take(struct domain *d, u32 *sbdf, u16 *flags)
{
    u32 s;
    u16 type, f;

    dev_event_take(d, &s, &type, &f);
    if (sbdf)
        *sbdf = s;
    if (flags)
        *flags = f;
    return type;
}

static void test_removed_and_deassigned(void **state)
{
    u32 sbdf;

    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(assign_device(D1, IGB_VF(1)), 0);
    assert_int_equal(take(D1, NULL, NULL), MHV_DEV_EVENT_NONE);
    assert_int_equal(si[1].dev_event_pending, 0);

    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(si[1].dev_event_pending, 1);
    assert_int_equal(dev_event_queued(D1), 1);
    assert_true(host_log_contains("PCI 0000:01:10.0 revoked: d1 told"));
    assert_int_equal(deassign_device(IGB_VF(1)), 0);
    assert_int_equal(dev_event_queued(D1), 2);

    assert_int_equal(take(D1, &sbdf, NULL), MHV_DEV_EVENT_REVOKED);
    assert_int_equal(sbdf, IGB_VF(0).sbdf);
    assert_int_equal(take(D1, &sbdf, NULL), MHV_DEV_EVENT_REVOKED);
    assert_int_equal(sbdf, IGB_VF(1).sbdf);
    assert_int_equal(take(D1, NULL, NULL), MHV_DEV_EVENT_NONE);
    /* The control domain did it: it is told nothing. */
    assert_int_equal(take(D0, NULL, NULL), MHV_DEV_EVENT_NONE);
    assert_int_equal(si[0].dev_event_pending, 0);
}

/* PF removed under a VF of d1's: BROKEN; the VF's own removal: REVOKED. */
static void test_pf_removed_first(void **state)
{
    u32 sbdf;

    assert_int_equal(assign_device(D1, IGB_VF(2)), 0);
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    assert_int_equal(take(D1, &sbdf, NULL), MHV_DEV_EVENT_BROKEN);
    assert_int_equal(sbdf, IGB_VF(2).sbdf);
    assert_int_equal(take(D1, NULL, NULL), MHV_DEV_EVENT_NONE);
    assert_int_equal(reg_remove_fn(IGB_VF(2)), 0);
    assert_int_equal(take(D1, &sbdf, NULL), MHV_DEV_EVENT_REVOKED);
    assert_int_equal(sbdf, IGB_VF(2).sbdf);
}

/* A domain being destroyed is not told (its devices go back anyway). */
static void test_dying_domain_not_told(void **state)
{
    assert_int_equal(assign_device(D2, IGB_VF(0)), 0);
    D2->state = MHV_DOMSTATE_CRASHED;
    assert_int_equal(pci_release_devices(D2), 1);
    assert_int_equal(dev_event_queued(D2), 0);
    assert_int_equal(si[2].dev_event_pending, 0);
}

/* Full queue: events dropped, the next one taken says so, once. */
static void test_queue_overflow(void **state)
{
    u16 flags;
    unsigned int n = 0;

    for (unsigned int i = 0; i < DEV_EVENT_QUEUE_LEN + 3; i++)
        dev_event_post(D3, IGB_VF(0), MHV_DEV_EVENT_REVOKED);
    assert_int_equal(dev_event_queued(D3), DEV_EVENT_QUEUE_LEN);
    assert_true(host_log_contains("queue is full"));
    assert_int_equal(take(D3, NULL, &flags), MHV_DEV_EVENT_REVOKED);
    assert_true(flags & MHV_DEV_EVENT_F_LOST);
    n++;
    while (take(D3, NULL, &flags) != MHV_DEV_EVENT_NONE) {
        assert_false(flags & MHV_DEV_EVENT_F_LOST);
        n++;
    }
    assert_int_equal(n, DEV_EVENT_QUEUE_LEN);
    /* Room again. */
    dev_event_post(D3, IGB_VF(1), MHV_DEV_EVENT_BROKEN);
    assert_int_equal(take(D3, NULL, &flags), MHV_DEV_EVENT_BROKEN);
    assert_int_equal(flags, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_removed_and_deassigned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pf_removed_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dying_domain_not_told, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_overflow, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
