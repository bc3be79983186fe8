/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When the lock checker turns itself off (a CPU holds more locks than it
 * can record), the "held by this CPU" predicates fall back to "held by
 * someone" for the locks whose holders only the checker knows (readers of
 * an rwlock).  That must be said loudly, once -- and it is
 * its own test program, since the checker cannot be turned back on.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>

#include <mhv/spinlock.h>
#include <mhv/rwlock.h>
#include <mhv/lockdep.h>
#include <mhv/smp.h>
#include "harness.h"

#define NR_LOCKS (LOCKDEP_MAX_HELD + 1)

static spinlock_t locks[NR_LOCKS];
static DEFINE_RWLOCK(other_cpus_lock);
static volatile int held, release;

static void *cpu1_holds(void *arg)
{
    host_set_cpu(1);
    read_lock(&other_cpus_lock);
    __atomic_store_n(&held, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&release, __ATOMIC_SEQ_CST))
        ;
    read_unlock(&other_cpus_lock);
    return NULL;
}

static void test_fallback_is_announced_once(void **state)
{
    pthread_t t;

    for (unsigned int i = 0; i < NR_LOCKS; i++)
        spin_lock_init_class(&locks[i], "test_lockdep_off");
    assert_int_equal(pthread_create(&t, NULL, cpu1_holds, NULL), 0);
    while (!__atomic_load_n(&held, __ATOMIC_SEQ_CST))
        ;
    /* Exact while the checker is on: CPU1's lock is not ours. */
    assert_false(rw_is_read_locked_by_me(&other_cpus_lock));

    host_log_clear();
    for (unsigned int i = 0; i < NR_LOCKS; i++)
        spin_lock(&locks[i]);
    assert_true(host_log_contains("lock checking turned off"));
    assert_false(lockdep_active());

    host_log_clear();
    /* Now only "someone holds it": said once, loudly. */
    assert_true(rw_is_read_locked_by_me(&other_cpus_lock));
    assert_true(host_log_contains("lock check: OFF"));
    assert_true(host_log_contains("now only check that the lock is held by someone"));
    host_log_clear();
    assert_true(rw_is_read_locked_by_me(&other_cpus_lock));
    assert_false(host_log_contains("lock check: OFF"));

    for (unsigned int i = NR_LOCKS; i-- > 0; )
        spin_unlock(&locks[i]);
    __atomic_store_n(&release, 1, __ATOMIC_SEQ_CST);
    pthread_join(t, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fallback_is_announced_once),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
