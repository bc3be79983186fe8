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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_waits_for_running_handler),
        cmocka_unit_test(test_after_free_no_handler_runs),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
