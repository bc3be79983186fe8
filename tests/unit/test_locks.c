/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lock primitives on the host: each pthread is a CPU (host_set_cpu()).
 * Mutual exclusion with exact counts, overlapping readers, writers that
 * exclude readers and are not starved by them, recursive depth, and the
 * ownership predicates the registry's assertions rely on.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mhv/spinlock.h>
#include <mhv/rwlock.h>
#include <mhv/smp.h>
#include <asm/irqflags.h>
#include "harness.h"

#define NTHREADS    8
#define ITERS       20000

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run @fn on NTHREADS threads, thread i being CPU i + 1. */
static void run_threads(unsigned int n, void *(*fn)(void *))
{
    pthread_t th[NTHREADS * 2];
    unsigned long i;

    assert_true(n <= NTHREADS * 2);
    for (i = 0; i < n; i++)
        assert_int_equal(pthread_create(&th[i], NULL, fn, (void *)i), 0);
    for (i = 0; i < n; i++)
        pthread_join(th[i], NULL);
}

static void become_cpu(void *arg)
{
    host_set_cpu((unsigned int)(unsigned long)arg + 1);
}

/* ------------------------------------------------------------ spinlocks */

static DEFINE_SPINLOCK(counter_lock);
static unsigned long counter;       /* counter_lock */
static int inside;                  /* counter_lock: CPUs in the section */
static int overlap_errors;          /* atomic */

static void critical_section(void)
{
    unsigned long v;

    if (__atomic_add_fetch(&inside, 1, __ATOMIC_RELAXED) != 1)
        __atomic_add_fetch(&overlap_errors, 1, __ATOMIC_RELAXED);
    v = READ_ONCE(counter);
    if ((v & 63) == 0)
        sched_yield();              /* widen the window */
    WRITE_ONCE(counter, v + 1);
    __atomic_sub_fetch(&inside, 1, __ATOMIC_RELAXED);
}

static void *spin_worker(void *arg)
{
    unsigned long i, flags;

    become_cpu(arg);
    for (i = 0; i < ITERS; i++) {
        switch (i % 4) {
        case 0:
            spin_lock(&counter_lock);
            critical_section();
            spin_unlock(&counter_lock);
            break;
        case 1:
            spin_lock_irqsave(&counter_lock, flags);
            critical_section();
            spin_unlock_irqrestore(&counter_lock, flags);
            break;
        case 2:
            while (!spin_trylock(&counter_lock))
                sched_yield();
            critical_section();
            spin_unlock(&counter_lock);
            break;
        default:
            spin_lock(&counter_lock);
            critical_section();
            spin_unlock(&counter_lock);
        }
    }
    return NULL;
}

static void test_spin_exact_count(void **state)
{
    counter = 0;
    overlap_errors = 0;
    run_threads(NTHREADS, spin_worker);
    assert_int_equal(counter, (unsigned long)NTHREADS * ITERS);
    assert_int_equal(overlap_errors, 0);
    assert_false(spin_is_locked(&counter_lock));
}

static void test_spin_irq_forms(void **state)
{
    DEFINE_SPINLOCK(l);
    unsigned long flags;

    assert_true(local_irq_is_enabled());
    spin_lock_irq(&l);
    assert_false(local_irq_is_enabled());
    assert_true(spin_is_locked(&l));
    spin_unlock_irq(&l);
    assert_true(local_irq_is_enabled());

    /* irqsave from "interrupts off" must restore "off". */
    local_irq_disable();
    spin_lock_irqsave(&l, flags);
    spin_unlock_irqrestore(&l, flags);
    assert_false(local_irq_is_enabled());
    local_irq_enable();
}

static spinlock_t pred_lock;
static rwlock_t pred_rw;
static rspinlock_t pred_rspin;

struct other_view {
    bool spin_locked, spin_mine;
    bool rw_locked, rw_wlocked, rw_read_mine, rw_write_mine, rw_mine;
    bool rspin_mine;
    unsigned int rspin_depth;
    bool spin_try, rspin_try, read_try, write_try;
};

static void *look_from_other_cpu(void *arg)
{
    struct other_view *v = arg;

    host_set_cpu(7);
    v->spin_locked = spin_is_locked(&pred_lock);
    v->spin_mine = spin_is_locked_by_me(&pred_lock);
    v->rw_locked = rw_is_locked(&pred_rw);
    v->rw_wlocked = rw_is_write_locked(&pred_rw);
    v->rw_read_mine = rw_is_read_locked_by_me(&pred_rw);
    v->rw_write_mine = rw_is_write_locked_by_me(&pred_rw);
    v->rw_mine = rw_is_locked_by_me(&pred_rw);
    v->rspin_mine = rspin_is_locked(&pred_rspin);
    v->rspin_depth = rspin_depth(&pred_rspin);
    v->spin_try = spin_trylock(&pred_lock);
    if (v->spin_try)
        spin_unlock(&pred_lock);
    v->rspin_try = rspin_trylock(&pred_rspin);
    if (v->rspin_try)
        rspin_unlock(&pred_rspin);
    v->write_try = write_trylock(&pred_rw);
    if (v->write_try)
        write_unlock(&pred_rw);
    v->read_try = read_trylock(&pred_rw);
    if (v->read_try)
        read_unlock(&pred_rw);
    return NULL;
}

static struct other_view look(void)
{
    struct other_view v = { 0 };
    pthread_t th;

    assert_int_equal(pthread_create(&th, NULL, look_from_other_cpu, &v), 0);
    pthread_join(th, NULL);
    return v;
}

static void test_predicates(void **state)
{
    struct other_view v;

    spin_lock_init_class(&pred_lock, "pred_lock");
    rwlock_init_class(&pred_rw, "pred_rw");
    rspin_lock_init_class(&pred_rspin, "pred_rspin");

    /* Nothing held. */
    assert_false(spin_is_locked(&pred_lock));
    assert_false(rw_is_locked(&pred_rw));
    assert_false(rspin_is_locked(&pred_rspin));
    v = look();
    assert_true(v.spin_try && v.rspin_try && v.write_try && v.read_try);

    /* CPU 0 holds all three, the rwlock for read. */
    spin_lock(&pred_lock);
    read_lock(&pred_rw);
    rspin_lock(&pred_rspin);
    assert_true(spin_is_locked(&pred_lock));
    assert_true(spin_is_locked_by_me(&pred_lock));
    assert_true(rw_is_locked(&pred_rw));
    assert_false(rw_is_write_locked(&pred_rw));
    assert_true(rw_is_read_locked_by_me(&pred_rw));
    assert_false(rw_is_write_locked_by_me(&pred_rw));
    assert_true(rw_is_locked_by_me(&pred_rw));
    assert_true(rspin_is_locked(&pred_rspin));
    assert_int_equal(rspin_depth(&pred_rspin), 1);

    v = look();
    assert_true(v.spin_locked);
    assert_false(v.spin_mine);
    assert_true(v.rw_locked);
    assert_false(v.rw_wlocked);
    assert_false(v.rw_read_mine);       /* exact: CPU 7 holds nothing */
    assert_false(v.rw_write_mine);
    assert_false(v.rw_mine);
    assert_false(v.rspin_mine);         /* true only on the owner */
    assert_int_equal(v.rspin_depth, 0);
    assert_false(v.spin_try);
    assert_false(v.rspin_try);
    assert_false(v.write_try);
    assert_true(v.read_try);            /* readers share */

    /* Now for write (keeping the order pred_lock -> pred_rw -> pred_rspin). */
    rspin_unlock(&pred_rspin);
    read_unlock(&pred_rw);
    write_lock(&pred_rw);
    rspin_lock(&pred_rspin);
    assert_true(rw_is_write_locked(&pred_rw));
    assert_true(rw_is_write_locked_by_me(&pred_rw));
    assert_false(rw_is_read_locked_by_me(&pred_rw));
    assert_true(rw_is_locked_by_me(&pred_rw));
    v = look();
    assert_true(v.rw_wlocked);
    assert_false(v.rw_write_mine);
    assert_false(v.rw_mine);
    assert_false(v.read_try);
    assert_false(v.write_try);

    write_unlock(&pred_rw);
    rspin_unlock(&pred_rspin);
    spin_unlock(&pred_lock);
    assert_false(spin_is_locked(&pred_lock));
    assert_false(rw_is_locked(&pred_rw));
    assert_false(rspin_is_locked(&pred_rspin));
}

/* A zero-filled lock (xzalloc()ed memory) is a valid unlocked lock. */
static void test_zeroed_locks(void **state)
{
    spinlock_t s;
    rwlock_t r;
    rspinlock_t rs;

    memset(&s, 0, sizeof(s));
    memset(&r, 0, sizeof(r));
    memset(&rs, 0, sizeof(rs));
    spin_lock(&s);
    spin_unlock(&s);
    write_lock(&r);
    write_unlock(&r);
    read_lock(&r);
    read_unlock(&r);
    rspin_lock(&rs);
    assert_true(rspin_is_locked(&rs));
    rspin_unlock(&rs);
    assert_false(rspin_is_locked(&rs));
}

/* ------------------------------------------------------------ recursion */

static DEFINE_RSPINLOCK(rec_lock);
static unsigned long rec_counter;

static void *rspin_worker(void *arg)
{
    unsigned long i;

    become_cpu(arg);
    for (i = 0; i < ITERS / 4; i++) {
        rspin_lock(&rec_lock);
        rspin_lock(&rec_lock);
        if (rspin_depth(&rec_lock) != 2)
            __atomic_add_fetch(&overlap_errors, 1, __ATOMIC_RELAXED);
        rspin_unlock(&rec_lock);
        critical_section();
        rec_counter++;
        rspin_unlock(&rec_lock);
    }
    return NULL;
}

static void test_rspin_depth(void **state)
{
    unsigned int d;

    for (d = 1; d <= 100; d++) {
        rspin_lock(&rec_lock);
        assert_int_equal(rspin_depth(&rec_lock), d);
    }
    assert_true(rspin_trylock(&rec_lock));      /* re-entry succeeds */
    assert_int_equal(rspin_depth(&rec_lock), 101);
    rspin_unlock(&rec_lock);
    for (d = 100; d >= 1; d--) {
        assert_true(rspin_is_locked(&rec_lock));
        rspin_unlock(&rec_lock);
        assert_int_equal(rspin_depth(&rec_lock), d - 1);
    }
    assert_false(rspin_is_locked(&rec_lock));

    counter = 0;
    rec_counter = 0;
    overlap_errors = 0;
    run_threads(NTHREADS, rspin_worker);
    assert_int_equal(rec_counter, (unsigned long)NTHREADS * (ITERS / 4));
    assert_int_equal(counter, (unsigned long)NTHREADS * (ITERS / 4));
    assert_int_equal(overlap_errors, 0);
}

/* ------------------------------------------------------------ rwlocks */

static DEFINE_RWLOCK(rw);
static int readers_in, writers_in, max_readers;
static int rw_errors;
static unsigned long rw_counter;    /* rw (write) */
static volatile bool rw_stop;

static void reader_enter(void)
{
    int n = __atomic_add_fetch(&readers_in, 1, __ATOMIC_SEQ_CST);
    int m = __atomic_load_n(&max_readers, __ATOMIC_RELAXED);

    while (n > m && !__atomic_compare_exchange_n(&max_readers, &m, n, false,
                                                 __ATOMIC_RELAXED,
                                                 __ATOMIC_RELAXED))
        ;
    if (__atomic_load_n(&writers_in, __ATOMIC_SEQ_CST))
        __atomic_add_fetch(&rw_errors, 1, __ATOMIC_RELAXED);
}

static void reader_leave(void)
{
    __atomic_sub_fetch(&readers_in, 1, __ATOMIC_SEQ_CST);
}

static void *overlap_reader(void *arg)
{
    double t0 = now_s();

    become_cpu(arg);
    read_lock(&rw);
    reader_enter();
    /* All readers must get in together: wait for the others (bounded). */
    while (__atomic_load_n(&max_readers, __ATOMIC_RELAXED) < 4 &&
           now_s() - t0 < 10)
        sched_yield();
    reader_leave();
    read_unlock(&rw);
    return NULL;
}

static void test_rw_readers_overlap(void **state)
{
    readers_in = writers_in = max_readers = rw_errors = 0;
    run_threads(4, overlap_reader);
    assert_int_equal(max_readers, 4);
    assert_int_equal(rw_errors, 0);
    assert_false(rw_is_locked(&rw));
}

static void *mixed_worker(void *arg)
{
    unsigned long id = (unsigned long)arg, i, flags;

    become_cpu(arg);
    for (i = 0; i < ITERS / 4; i++) {
        if (id % 2 == 0) {
            if (i % 2)
                write_lock(&rw);
            else
                write_lock_irqsave(&rw, flags);
            if (__atomic_add_fetch(&writers_in, 1, __ATOMIC_SEQ_CST) != 1 ||
                __atomic_load_n(&readers_in, __ATOMIC_SEQ_CST))
                __atomic_add_fetch(&rw_errors, 1, __ATOMIC_RELAXED);
            rw_counter++;
            if ((i & 31) == 0)
                sched_yield();
            __atomic_sub_fetch(&writers_in, 1, __ATOMIC_SEQ_CST);
            if (i % 2)
                write_unlock(&rw);
            else
                write_unlock_irqrestore(&rw, flags);
        } else {
            if (i % 2)
                read_lock(&rw);
            else
                read_lock_irqsave(&rw, flags);
            reader_enter();
            if ((i & 31) == 0)
                sched_yield();
            reader_leave();
            if (i % 2)
                read_unlock(&rw);
            else
                read_unlock_irqrestore(&rw, flags);
        }
    }
    return NULL;
}

static void test_rw_writers_exclude(void **state)
{
    readers_in = writers_in = max_readers = rw_errors = 0;
    rw_counter = 0;
    run_threads(NTHREADS, mixed_worker);
    assert_int_equal(rw_errors, 0);
    assert_int_equal(rw_counter, (unsigned long)(NTHREADS / 2) * (ITERS / 4));
    assert_false(rw_is_locked(&rw));
}

/* Readers that always overlap must not starve a writer. */
static volatile bool writer_done;

static void *stream_reader(void *arg)
{
    become_cpu(arg);
    while (!rw_stop) {
        read_lock(&rw);
        sched_yield();
        read_unlock(&rw);
    }
    return NULL;
}

static void *starving_writer(void *arg)
{
    host_set_cpu(15);
    write_lock(&rw);
    writer_done = true;
    write_unlock(&rw);
    return NULL;
}

static void test_rw_writer_not_starved(void **state)
{
    pthread_t readers[4], writer;
    unsigned long i;
    double t0;

    rw_stop = false;
    writer_done = false;
    for (i = 0; i < 4; i++)
        pthread_create(&readers[i], NULL, stream_reader, (void *)i);
    usleep(20000);
    pthread_create(&writer, NULL, starving_writer, NULL);
    t0 = now_s();
    while (!writer_done && now_s() - t0 < 10)
        usleep(1000);
    rw_stop = true;
    for (i = 0; i < 4; i++)
        pthread_join(readers[i], NULL);
    pthread_join(writer, NULL);
    assert_true(now_s() - t0 < 10);
    assert_true(writer_done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spin_exact_count),
        cmocka_unit_test(test_spin_irq_forms),
        cmocka_unit_test(test_predicates),
        cmocka_unit_test(test_zeroed_locks),
        cmocka_unit_test(test_rspin_depth),
        cmocka_unit_test(test_rw_readers_overlap),
        cmocka_unit_test(test_rw_writers_exclude),
        cmocka_unit_test(test_rw_writer_not_starved),
    };

    num_online_cpus = 16;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
