/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Vector allocation and dispatch (arch/x86/irq.c), with threads as CPUs:
 * free_irq_vector() must not return while a handler of that vector still
 * runs on its CPU (the caller frees the handler's data next: a pirq).
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <unistd.h>

#include <asm/irq.h>
#include <mhv/smp.h>
#include <asm/desc.h>
#include <asm/apic.h>
#include <asm/regs.h>
#include <asm/traps.h>
#include "harness.h"
#include "host_hw.h"

static volatile int handler_started, handler_release, free_returned;
static void *seen_data;

static void slow_handler(unsigned int vector, void *data)
{
    seen_data = data;
    __atomic_store_n(&handler_started, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&handler_release, __ATOMIC_SEQ_CST))
        usleep(100);
}

struct irq_arg {
    unsigned int vector;
};

static void *cpu1_takes_interrupt(void *p)
{
    struct irq_arg *a = p;
    struct cpu_user_regs regs = { .vector = a->vector };

    host_set_cpu(1);
    do_irq(&regs);
    return NULL;
}

static void *cpu0_frees(void *p)
{
    struct irq_arg *a = p;

    host_set_cpu(0);
    free_irq_vector(1, a->vector);
    __atomic_store_n(&free_returned, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void test_free_waits_for_running_handler(void **state)
{
    static int cookie;
    struct irq_arg a;
    pthread_t t1, t0;
    int v = alloc_irq_vector(1, slow_handler, &cookie, "test");

    assert_true(v >= FIRST_DYNAMIC_VECTOR);
    a.vector = v;
    handler_started = handler_release = free_returned = 0;

    assert_int_equal(pthread_create(&t1, NULL, cpu1_takes_interrupt, &a), 0);
    while (!__atomic_load_n(&handler_started, __ATOMIC_SEQ_CST))
        usleep(100);
    assert_ptr_equal(seen_data, &cookie);

    assert_int_equal(pthread_create(&t0, NULL, cpu0_frees, &a), 0);
    usleep(50000);
    /* The handler still runs: the free must still be waiting. */
    assert_false(__atomic_load_n(&free_returned, __ATOMIC_SEQ_CST));

    __atomic_store_n(&handler_release, 1, __ATOMIC_SEQ_CST);
    pthread_join(t1, NULL);
    pthread_join(t0, NULL);
    assert_true(free_returned);
    assert_null(irq_desc_of(1, v)->handler);
    assert_null(irq_desc_of(1, v)->data);
}

/* Once freed, an interrupt on the vector finds no handler (and no data). */
static void test_after_free_no_handler_runs(void **state)
{
    static int cookie;
    int v = alloc_irq_vector(1, slow_handler, &cookie, "test");
    struct cpu_user_regs regs = { .vector = (u64)v };

    assert_true(v >= FIRST_DYNAMIC_VECTOR);
    free_irq_vector(1, v);
    handler_started = 0;
    host_set_cpu(1);
    do_irq(&regs);
    host_set_cpu(0);
    assert_false(handler_started);
    assert_true(host_log_contains("no handler for vector"));
}

/*
 * A vector being drained is not handed out again.  CPU1
 * is inside d1's handler of vector v; CPU0 frees v (d1 unmaps) and waits;
 * meanwhile CPU2 maps an interrupt of d2 onto CPU1.  d2 must get another
 * vector, and its data must survive the end of d1's free.  (Before: the
 * allocator took v, whose handler was NULL already, and the free then
 * cleared d2's data: the next interrupt ran pirq_interrupt(NULL).)
 */
static int d2_cookie;
static volatile int d2_vector = -1;

static void *cpu2_allocates(void *p)
{
    host_set_cpu(2);
    d2_vector = alloc_irq_vector(1, slow_handler, &d2_cookie, "d2");
    return NULL;
}

static void test_vector_not_reused_while_draining(void **state)
{
    static int d1_cookie;
    struct irq_arg a;
    pthread_t t1, t0, t2;
    int v;

    v = alloc_irq_vector(1, slow_handler, &d1_cookie, "d1");
    assert_true(v >= FIRST_DYNAMIC_VECTOR);
    a.vector = v;
    handler_started = handler_release = free_returned = 0;

    assert_int_equal(pthread_create(&t1, NULL, cpu1_takes_interrupt, &a), 0);
    while (!__atomic_load_n(&handler_started, __ATOMIC_SEQ_CST))
        usleep(100);
    assert_int_equal(pthread_create(&t0, NULL, cpu0_frees, &a), 0);
    while (irq_desc_of(1, v)->state != IRQ_VECTOR_DRAINING)
        usleep(100);
    /* Every other vector of CPU1 taken, then one freed below v's: an
     * allocator that took any slot without a handler would pick v. */
    {
        static int filler;
        int got;

        while ((got = alloc_irq_vector(1, slow_handler, &filler, "filler")) >= 0)
            assert_int_not_equal(got, v);
    }
    for (int u = FIRST_DYNAMIC_VECTOR; u <= LAST_DYNAMIC_VECTOR; u++)
        if (u != v && irq_desc_of(1, u)->state == IRQ_VECTOR_BOUND &&
            irq_desc_of(1, u)->data != &d1_cookie) {
            free_irq_vector(1, u);
            break;
        }
    assert_int_equal(pthread_create(&t2, NULL, cpu2_allocates, NULL), 0);
    pthread_join(t2, NULL);
    assert_true(d2_vector >= FIRST_DYNAMIC_VECTOR);
    assert_int_not_equal(d2_vector, v);

    __atomic_store_n(&handler_release, 1, __ATOMIC_SEQ_CST);
    pthread_join(t1, NULL);
    pthread_join(t0, NULL);
    assert_ptr_equal(irq_desc_of(1, d2_vector)->data, &d2_cookie);
    assert_int_equal(irq_desc_of(1, v)->state, IRQ_VECTOR_FREE);

    /* An interrupt on d2's vector reaches d2's data. */
    seen_data = NULL;
    handler_started = 0;
    host_set_cpu(1);
    {
        struct cpu_user_regs regs = { .vector = (u64)d2_vector };

        do_irq(&regs);
    }
    host_set_cpu(0);
    assert_ptr_equal(seen_data, &d2_cookie);
    for (int u = FIRST_DYNAMIC_VECTOR; u <= LAST_DYNAMIC_VECTOR; u++)
        if (irq_desc_of(1, u)->state == IRQ_VECTOR_BOUND)
            free_irq_vector(1, u);
    assert_int_equal(irq_free_vectors(1), LAST_DYNAMIC_VECTOR - FIRST_DYNAMIC_VECTOR + 1);
}

/* A vector still pending in the target LAPIC stays DRAINING until it left. */
static void test_free_waits_until_not_pending(void **state)
{
    static int cookie;
    unsigned long probes = host_apic_pending_probes();
    int v = alloc_irq_vector(2, slow_handler, &cookie, "test");

    assert_true(v >= FIRST_DYNAMIC_VECTOR);
    host_apic_set_pending(2, v, 5);
    free_irq_vector(2, v);
    assert_int_equal(host_apic_pending_probes() - probes, 6);
    assert_int_equal(irq_desc_of(2, v)->state, IRQ_VECTOR_FREE);

    /* One that never leaves is reported, not waited on forever. */
    v = alloc_irq_vector(2, slow_handler, &cookie, "test");
    host_apic_set_pending(2, v, 100000);
    host_log_clear();
    free_irq_vector(2, v);
    assert_true(host_log_contains("stays pending on CPU 2"));
    host_apic_set_pending(2, v, 0);
}

/* Next fit: a freed vector is the last one handed out again. */
static void test_freed_vector_reused_last(void **state)
{
    static int cookie;
    int v = alloc_irq_vector(3, slow_handler, &cookie, "a"), w;

    free_irq_vector(3, v);
    w = alloc_irq_vector(3, slow_handler, &cookie, "b");
    assert_int_not_equal(w, v);
    free_irq_vector(3, w);
}

/* One allocator: blocks are aligned to their size and come from FREE slots. */
static void test_blocks_aligned(void **state)
{
    static int c[8];
    void *data[8] = { &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7] };
    int v = alloc_irq_vector(4, slow_handler, &c[0], "single");
    int b = alloc_irq_vectors(4, 8, slow_handler, data, "block");

    assert_true(b >= FIRST_DYNAMIC_VECTOR && b % 8 == 0);
    for (int i = 0; i < 8; i++) {
        assert_ptr_equal(irq_desc_of(4, b + i)->data, &c[i]);
        assert_int_equal(irq_desc_of(4, b + i)->state, IRQ_VECTOR_BOUND);
    }
    assert_true(v < b || v >= b + 8);
    for (int i = 0; i < 8; i++)
        free_irq_vector(4, b + i);
    free_irq_vector(4, v);
    assert_int_equal(irq_free_vectors(4), LAST_DYNAMIC_VECTOR - FIRST_DYNAMIC_VECTOR + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_waits_for_running_handler),
        cmocka_unit_test(test_after_free_no_handler_runs),
        cmocka_unit_test(test_vector_not_reused_while_draining),
        cmocka_unit_test(test_free_waits_until_not_pending),
        cmocka_unit_test(test_freed_vector_reused_last),
        cmocka_unit_test(test_blocks_aligned),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
