/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wait queues (common/waitqueue.c) on the real lock layer, with host
 * threads as CPUs: the life of one wait (queued, ended, resumed with its
 * result), a vCPU taken off a queue when it goes down, and -- the rule a
 * freeing caller depends on -- a vCPU going down while another CPU is in
 * the middle of waking it: waitqueue_cancel() returns only once the waker
 * is done with it, so the vCPU may be freed right after (an HVM domain's
 * vCPUs are downed from another CPU and freed by the control domain).
 * The file is compiled into the test (#include) so that a contract broken
 * inside waitqueue_lock can release it again.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include "../../common/waitqueue.c"
#include <asm/irqflags.h>
#include "harness.h"
#include "host_hw.h"
#include <asm/smp.h>

static struct waitqueue wq;
static struct vcpu vcpu;
static long done_result;
static unsigned int done_calls;

/* What vcpu_wait()'s scheduler would do: the wake makes it RUNNABLE.  A
 * test may have another CPU act on the vCPU while the wake is under way. */
static void (*during_wake)(struct vcpu *v);
static unsigned int wakes;

void vcpu_wake_waiter(struct vcpu *v)
{
    if (during_wake)
        during_wake(v);
    wakes++;
    if (v->state == VCPU_WAITING)
        v->state = VCPU_RUNNABLE;
}

static void done(struct vcpu *v, long result)
{
    done_calls++;
    done_result = result;
}

static int setup(void **state)
{
    host_set_cpu(0);
    waitqueue_init(&wq);
    memset(&vcpu, 0, sizeof(vcpu));
    vcpu.state = VCPU_RUNNABLE;
    INIT_LIST_HEAD(&vcpu.wait.entry);
    host_current_vcpu = &vcpu;
    during_wake = NULL;
    wakes = done_calls = 0;
    done_result = 0;
    return 0;
}

/* Queued, parked (vcpu_wait()), ended with a result, resumed. */
static void test_wait_life(void **state)
{
    waitqueue_add_current(&wq, done);
    assert_int_equal(vcpu.wait.state, VCPU_WAIT_QUEUED);
    assert_false(waitqueue_empty(&wq));
    vcpu.state = VCPU_WAITING;
    assert_int_equal(waitqueue_wake_all(&wq, -42), 1);
    assert_true(waitqueue_empty(&wq));
    assert_int_equal(vcpu.wait.state, VCPU_WAIT_ENDED);
    assert_int_equal(vcpu.state, VCPU_RUNNABLE);
    assert_int_equal(done_calls, 0);            /* applied when it runs */
    waitqueue_resume(&vcpu);
    assert_int_equal(done_calls, 1);
    assert_int_equal(done_result, -42);
    assert_int_equal(vcpu.wait.state, VCPU_WAIT_NONE);
    waitqueue_resume(&vcpu);                    /* nothing more */
    assert_int_equal(done_calls, 1);
}

/* Down while queued: off the queue, never woken, nothing applied. */
static void test_cancel_queued(void **state)
{
    waitqueue_add_current(&wq, done);
    vcpu.state = VCPU_WAITING;
    waitqueue_cancel(&vcpu);
    assert_int_equal(vcpu.wait.state, VCPU_WAIT_NONE);
    assert_true(waitqueue_empty(&wq));
    assert_int_equal(waitqueue_wake_all(&wq, 0), 0);
    assert_int_equal(wakes, 0);
    waitqueue_cancel(&vcpu);                    /* twice: nothing */
}

/* ---- down while a wake of it is under way ---- */

static volatile bool cancel_returned;

static void *cpu1_downs_it(void *arg)
{
    host_set_cpu(1);
    waitqueue_cancel(arg);
    __atomic_store_n(&cancel_returned, true, __ATOMIC_RELEASE);
    return NULL;
}

static pthread_t cpu1;
static bool returned_mid_wake;

/* CPU 0 is between ending the wait and waking the vCPU; CPU 1 takes the
 * vCPU down (vcpu_down()) and would free it as soon as that returns. */
static void cpu1_acts(struct vcpu *v)
{
    cancel_returned = false;
    assert_int_equal(pthread_create(&cpu1, NULL, cpu1_downs_it, v), 0);
    usleep(100 * 1000);
    returned_mid_wake = __atomic_load_n(&cancel_returned, __ATOMIC_ACQUIRE);
}

static void test_cancel_waits_for_a_wake_under_way(void **state)
{
    waitqueue_add_current(&wq, done);
    vcpu.state = VCPU_WAITING;
    during_wake = cpu1_acts;
    assert_int_equal(waitqueue_wake_all(&wq, 0), 1);
    during_wake = NULL;
    assert_int_equal(pthread_join(cpu1, NULL), 0);
    assert_true(cancel_returned);
    /* The waker still used the vCPU after the cancel had returned: had
     * it been freed then, that was a use after free. */
    assert_false(returned_mid_wake);
}

/* The contracts: a vCPU to queue, waiting for nothing else yet; the queue
 * holds only vCPUs queued on it. */
static void test_contracts(void **state)
{
    host_current_vcpu = NULL;                   /* boot: no vCPU to wait */
    expect_assert_failure(waitqueue_add_current(&wq, done));
    host_current_vcpu = &vcpu;
    waitqueue_add_current(&wq, done);
    expect_assert_failure(waitqueue_add_current(&wq, done));   /* twice */
    /* A vCPU on the queue whose wait is not QUEUED: corrupt, caught. */
    vcpu.wait.state = VCPU_WAIT_NONE;
    expect_assert_failure(waitqueue_wake_all(&wq, 0));
    spin_unlock_irqrestore(&waitqueue_lock, X86_EFLAGS_IF);    /* it had taken it */
    vcpu.wait.state = VCPU_WAIT_QUEUED;
    assert_int_equal(waitqueue_wake_all(&wq, 0), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_wait_life, setup),
        cmocka_unit_test_setup(test_cancel_queued, setup),
        cmocka_unit_test_setup(test_cancel_waits_for_a_wake_under_way, setup),
        cmocka_unit_test_setup(test_contracts, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
