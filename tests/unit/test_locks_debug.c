/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lock checker (CONFIG_DEBUG_LOCKS, on in host builds): every misuse it
 * promises to catch is caught -- with the lock's class and the call sites
 * in the report -- and correct use is not reported.
 *
 * On the main thread (CPU 0) a fatal report is an assertion failure that
 * expect_assert_failure() catches; other threads use the report-only mode
 * (lockdep_expect_report_begin/_end), as the in-kernel self-test does.
 * Each test uses its own locks: the order graph lives for the whole run.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mhv/spinlock.h>
#include <mhv/rwlock.h>
#include <mhv/lockdep.h>
#include <mhv/smp.h>
#include <asm/irqflags.h>
#include "harness.h"

static int setup(void **state)
{
    host_log_clear();
    local_irq_enable();
    return 0;
}

/* The report names @what and, on its lock line, the class @name. */
static void assert_report(const char *what, const char *name)
{
    char quoted[128];

    snprintf(quoted, sizeof(quoted), "'%s'", name);
    assert_true(host_log_contains("lock check: "));
    assert_true(host_log_contains(what));
    assert_true(host_log_contains(quoted));
}

/* ------------------------------------------------------------ misuse */

static DEFINE_SPINLOCK(unheld_lock);

static void *unlock_from_other_cpu(void *arg)
{
    unsigned int *reports = arg;

    host_set_cpu(3);
    lockdep_expect_report_begin();
    spin_unlock(&unheld_lock);
    *reports = lockdep_expect_report_end();
    return NULL;
}

static void test_unlock_not_held(void **state)
{
    unsigned int reports = 0;
    pthread_t th;

    expect_assert_failure(spin_unlock(&unheld_lock));
    assert_report("spin_unlock of a lock this CPU does not hold",
                  "unheld_lock");
    assert_true(host_log_contains("  at "));

    /* Held by CPU 0, released by CPU 3: caught, and the lock stays held. */
    host_log_clear();
    spin_lock(&unheld_lock);
    pthread_create(&th, NULL, unlock_from_other_cpu, &reports);
    pthread_join(th, NULL);
    assert_int_equal(reports, 1);
    assert_true(host_log_contains("held exclusively by CPU0"));
    assert_true(spin_is_locked(&unheld_lock));
    spin_unlock(&unheld_lock);
    assert_false(spin_is_locked(&unheld_lock));
}

static void test_double_lock(void **state)
{
    DEFINE_SPINLOCK(twice);

    spin_lock(&twice);
    expect_assert_failure(spin_lock(&twice));
    assert_report("spin_lock of a lock this CPU already holds", "twice");
    /* Caught before touching the lock: one release frees it. */
    spin_unlock(&twice);
    assert_false(spin_is_locked(&twice));
    /* A trylock of a held lock just fails. */
    spin_lock(&twice);
    assert_false(spin_trylock(&twice));
    spin_unlock(&twice);
}

static void test_rwlock_mode_mismatch(void **state)
{
    DEFINE_RWLOCK(mode_rw);

    read_lock(&mode_rw);
    expect_assert_failure(write_unlock(&mode_rw));
    assert_report("write_unlock of a rwlock this CPU holds for read",
                  "mode_rw");
    assert_true(rw_is_read_locked_by_me(&mode_rw));

    host_log_clear();
    expect_assert_failure(read_lock(&mode_rw));
    assert_report("read_lock of a rwlock this CPU already holds for read",
                  "mode_rw");
    host_log_clear();
    expect_assert_failure(write_lock(&mode_rw));
    assert_report("write_lock of a rwlock this CPU holds for read", "mode_rw");
    read_unlock(&mode_rw);
    assert_false(rw_is_locked(&mode_rw));

    host_log_clear();
    write_lock(&mode_rw);
    expect_assert_failure(read_unlock(&mode_rw));
    assert_report("read_unlock of a rwlock this CPU holds for write",
                  "mode_rw");
    host_log_clear();
    expect_assert_failure(write_lock(&mode_rw));
    assert_report("write_lock of a rwlock this CPU already holds for write",
                  "mode_rw");
    host_log_clear();
    expect_assert_failure(read_lock(&mode_rw));
    assert_report("read_lock of a rwlock this CPU holds for write", "mode_rw");
    write_unlock(&mode_rw);
    assert_false(rw_is_locked(&mode_rw));

    host_log_clear();
    expect_assert_failure(write_unlock(&mode_rw));
    assert_report("write_unlock of a rwlock this CPU does not hold",
                  "mode_rw");
    host_log_clear();
    expect_assert_failure(read_unlock(&mode_rw));
    assert_report("read_unlock of a rwlock this CPU does not hold",
                  "mode_rw");
}

static void test_rspin_unlock_not_held(void **state)
{
    DEFINE_RSPINLOCK(rs);

    expect_assert_failure(rspin_unlock(&rs));
    assert_report("rspin_unlock of a lock this CPU does not hold", "rs");
    rspin_lock(&rs);
    rspin_lock(&rs);
    rspin_unlock(&rs);
    rspin_unlock(&rs);
    expect_assert_failure(rspin_unlock(&rs));
    assert_false(rspin_is_locked(&rs));
}

/* ------------------------------------------------------------ IRQ safety */

static void test_irq_safety_mismatch(void **state)
{
    DEFINE_SPINLOCK(irq_lock);
    DEFINE_SPINLOCK(try_lock);
    unsigned long flags;

    lockdep_enable_irq_checks();
    assert_true(lockdep_irq_checks_enabled());

    /* Consistent use: always with interrupts on, or always off. */
    spin_lock(&irq_lock);
    spin_unlock(&irq_lock);
    spin_lock(&irq_lock);
    spin_unlock(&irq_lock);
    assert_false(host_log_contains("lock check"));

    /* Then with interrupts off: reported, naming both sites. */
    expect_assert_failure(spin_lock_irqsave(&irq_lock, flags));
    local_irq_enable();     /* the failure unwound past the restore */
    assert_report("lock taken both with interrupts enabled and disabled",
                  "irq_lock");
    assert_true(host_log_contains("with interrupts disabled at "));
    assert_true(host_log_contains("but with interrupts enabled at "));
    assert_false(spin_is_locked(&irq_lock));

    /* A trylock with interrupts off cannot wait: not an IRQ-safety event. */
    host_log_clear();
    spin_lock(&try_lock);
    spin_unlock(&try_lock);
    local_irq_save(flags);
    assert_true(spin_trylock(&try_lock));
    spin_unlock(&try_lock);
    local_irq_restore(flags);
    assert_false(host_log_contains("lock check"));

    /* The report-only mode carries on (the self-test's way). */
    lockdep_expect_report_begin();
    spin_lock_irq(&try_lock);
    spin_unlock_irq(&try_lock);
    assert_int_equal(lockdep_expect_report_end(), 1);
    assert_true(local_irq_is_enabled());
    assert_report("lock taken both with interrupts enabled and disabled",
                  "try_lock");
}

/* ------------------------------------------------------------ lock order */

static DEFINE_SPINLOCK(lock_a);
static DEFINE_SPINLOCK(lock_b);

static void take_a_then_b(void)
{
    spin_lock(&lock_a);
    spin_lock(&lock_b);
    spin_unlock(&lock_b);
    spin_unlock(&lock_a);
}

static void test_order_inversion(void **state)
{
    /* Correct nesting, twice: never reported. */
    take_a_then_b();
    take_a_then_b();
    assert_false(host_log_contains("lock check"));

    spin_lock(&lock_b);
    /* A trylock cannot deadlock: not an ordering event. */
    assert_true(spin_trylock(&lock_a));
    spin_unlock(&lock_a);
    assert_false(host_log_contains("lock check"));

    expect_assert_failure(spin_lock(&lock_a));
    spin_unlock(&lock_b);
    assert_true(host_log_contains("lock check: lock order inversion"));
    assert_true(host_log_contains("taking 'lock_a' at "));
    assert_true(host_log_contains("while holding 'lock_b' taken at "));
    assert_true(host_log_contains("the order 'lock_a' -> 'lock_b' was "
                                  "recorded before"));
    assert_true(host_log_contains("'lock_a' taken at "));
    assert_true(host_log_contains("then 'lock_b' taken at "));
    /* Reported before it could deadlock: neither lock is held. */
    assert_false(spin_is_locked(&lock_a));
    assert_false(spin_is_locked(&lock_b));

    /* The inverting edge was not recorded: A->B is still fine. */
    host_log_clear();
    take_a_then_b();
    assert_false(host_log_contains("lock check"));
}

/* The call sites printed are the callers' (the test's own code). */
static void test_order_report_sites(void **state)
{
    DEFINE_SPINLOCK(site_x);
    DEFINE_SPINLOCK(site_y);
    char buf[64];
    void *fn = (void *)test_order_report_sites;
    bool found = false;
    unsigned int k;

    spin_lock(&site_x);
    spin_lock(&site_y);
    spin_unlock(&site_y);
    spin_unlock(&site_x);
    lockdep_expect_report_begin();
    spin_lock(&site_y);
    spin_lock(&site_x);
    spin_unlock(&site_x);
    spin_unlock(&site_y);
    assert_int_equal(lockdep_expect_report_end(), 1);
    /*
     * Host %pS prints a bare address: one of the sites must lie within the
     * first KiB of this function (compare all but the last two digits).
     */
    for (k = 0; k < 4 && !found; k++) {
        snprintf(buf, sizeof(buf), "taken at %p",
                 (void *)(((uintptr_t)fn & ~(uintptr_t)0xff) + k * 0x100));
        buf[strlen(buf) - 2] = '\0';
        found = host_log_contains(buf);
    }
    assert_true(found);
}

static void test_order_cycle(void **state)
{
    DEFINE_SPINLOCK(c1);
    DEFINE_RWLOCK(c2);
    DEFINE_SPINLOCK(c3);

    spin_lock(&c1);
    read_lock(&c2);
    read_unlock(&c2);
    spin_unlock(&c1);

    write_lock(&c2);
    spin_lock(&c3);
    spin_unlock(&c3);
    write_unlock(&c2);
    assert_false(host_log_contains("lock check"));

    /* c3 -> c1 closes c1 -> c2 -> c3. */
    lockdep_expect_report_begin();
    spin_lock(&c3);
    spin_lock(&c1);
    spin_unlock(&c1);
    spin_unlock(&c3);
    assert_int_equal(lockdep_expect_report_end(), 1);
    assert_true(host_log_contains("lock check: lock order inversion"));
    assert_true(host_log_contains("the order 'c1' -> 'c3' was recorded"));
    assert_true(host_log_contains("'c1' taken at "));
    assert_true(host_log_contains("then 'c2' taken at "));
    assert_true(host_log_contains("'c2' taken at "));
    assert_true(host_log_contains("then 'c3' taken at "));
}

/* The registry's own order, with its real lock classes, is proven in
 * tests/unit/test_lock_rules.c (test_lock_order_real_classes). */

/* ------------------------------------------------------------ long spins */

static DEFINE_SPINLOCK(long_lock);
static DEFINE_RWLOCK(long_rw);
static volatile bool waiter_done;

static void *long_waiter(void *arg)
{
    unsigned int *reports = arg;

    host_set_cpu(5);
    lockdep_expect_report_begin();
    spin_lock(&long_lock);
    spin_unlock(&long_lock);
    write_lock(&long_rw);
    write_unlock(&long_rw);
    *reports = lockdep_expect_report_end();
    waiter_done = true;
    return NULL;
}

static bool wait_for_log(const char *s, unsigned int count_limit_ms)
{
    unsigned int ms;

    for (ms = 0; ms < count_limit_ms; ms++) {
        if (host_log_contains(s))
            return true;
        usleep(1000);
    }
    return false;
}

static void test_long_spin_reported(void **state)
{
    unsigned int reports = 0;
    pthread_t th;

    lockdep_set_spin_limit(0, 2000);
    spin_lock(&long_lock);
    read_lock(&long_rw);
    waiter_done = false;
    pthread_create(&th, NULL, long_waiter, &reports);

    assert_true(wait_for_log("spinning on a lock for too long", 10000));
    assert_true(wait_for_log("Call trace (host)", 10000));
    assert_true(host_log_contains("waiting for 'long_lock'"));
    assert_true(host_log_contains("held by CPU0"));
    assert_true(host_log_contains("on CPU5"));
    spin_unlock(&long_lock);

    /* The writer waits for our read lock: reported with the reader. */
    assert_true(wait_for_log("waiting to write-lock 'long_rw'", 10000));
    assert_true(wait_for_log("held for read by CPU0", 10000));
    read_unlock(&long_rw);

    pthread_join(th, NULL);
    assert_true(waiter_done);
    assert_int_equal(reports, 2);
    lockdep_set_spin_limit(0, 1UL << 30);
}

static DEFINE_SPINLOCK(stuck_lock);

static void *hold_stuck_lock(void *arg)
{
    host_set_cpu(6);
    spin_lock(&stuck_lock);
    return NULL;            /* never released: the lock is thrown away */
}

/* Without report-only mode a long spin panics (here: cmocka catches it). */
static void test_long_spin_panics(void **state)
{
    pthread_t th;

    pthread_create(&th, NULL, hold_stuck_lock, NULL);
    pthread_join(th, NULL);
    lockdep_set_spin_limit(0, 500);
    expect_assert_failure(spin_lock(&stuck_lock));
    assert_true(host_log_contains("waiting for 'stuck_lock'"));
    assert_true(host_log_contains("held by CPU6"));
    lockdep_set_spin_limit(0, 1UL << 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_unlock_not_held, setup),
        cmocka_unit_test_setup(test_double_lock, setup),
        cmocka_unit_test_setup(test_rwlock_mode_mismatch, setup),
        cmocka_unit_test_setup(test_rspin_unlock_not_held, setup),
        cmocka_unit_test_setup(test_irq_safety_mismatch, setup),
        cmocka_unit_test_setup(test_order_inversion, setup),
        cmocka_unit_test_setup(test_order_report_sites, setup),
        cmocka_unit_test_setup(test_order_cycle, setup),
        cmocka_unit_test_setup(test_long_spin_reported, setup),
        cmocka_unit_test_setup(test_long_spin_panics, setup),
    };

    num_online_cpus = 8;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
