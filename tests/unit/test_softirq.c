/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Deferred work (common/softirq.c): a raised softirq runs once at the next
 * safe point, with interrupts on and in_softirq() true; the contracts of
 * the safe point (interrupts off, no lock held) and of the numbers.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <mhv/softirq.h>
#include <mhv/spinlock.h>
#include <asm/irqflags.h>
#include "harness.h"

static unsigned int runs;
static bool irqs_on_in_handler, in_softirq_in_handler;

static void handler(void)
{
    runs++;
    irqs_on_in_handler = local_irq_is_enabled();
    in_softirq_in_handler = in_softirq();
}
DEFINE_SOFTIRQ(SOFTIRQ_PDEV_RESET, handler);

static DEFINE_SPINLOCK(held_lock);

static void test_runs_once_at_the_safe_point(void **state)
{
    assert_false(softirq_pending());
    raise_softirq(SOFTIRQ_PDEV_RESET);
    raise_softirq(SOFTIRQ_PDEV_RESET);          /* raised twice: runs once */
    assert_true(softirq_pending());
    local_irq_disable();
    do_softirq();
    assert_false(local_irq_is_enabled());       /* back as it was */
    local_irq_enable();
    assert_int_equal(runs, 1);
    assert_true(irqs_on_in_handler);
    assert_true(in_softirq_in_handler);
    assert_false(in_softirq());
    assert_false(softirq_pending());
}

/* Only at a safe point: interrupts off, no lock held; only known numbers. */
static void test_contracts(void **state)
{
    expect_assert_failure(raise_softirq(NR_SOFTIRQS));
    expect_assert_failure(do_softirq());        /* interrupts on */
    spin_lock_irq(&held_lock);
    expect_assert_failure(do_softirq());        /* a lock held */
    spin_unlock_irq(&held_lock);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_once_at_the_safe_point),
        cmocka_unit_test(test_contracts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
