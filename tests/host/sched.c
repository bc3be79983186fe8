/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: what a unit needs around it of the scheduler, the
 * timers and the hypercall layer, for the wait queues and the asynchronous
 * device reset (common/waitqueue.c, drivers/passthrough/pdev_reset.c).
 *
 * - The running vCPU is host_current_vcpu (per thread; NULL: none, as at
 *   boot).  A wait ends by vcpu_wake_waiter(), which makes a WAITING vCPU
 *   RUNNABLE and counts the wake-ups; the test then plays the scheduler
 *   with waitqueue_resume().
 * - Timers never fire by themselves: host_timers_run() runs every armed
 *   one, as if their time had come (in "interrupt context": the callback
 *   only), and host_softirqs_run() then runs what they raised.
 */
#include <mhv/sched.h>
#include <mhv/time.h>
#include <mhv/softirq.h>
#include <mhv/waitqueue.h>
#include <mhv/hypercall.h>
#include <mhv/compiler.h>
#include <asm/domain.h>
#include <asm/irqflags.h>
#include <mhv/smp.h>
#include "host_hw.h"

__thread struct vcpu *host_current_vcpu;
unsigned long host_waiter_wakes;

struct vcpu * __weak current_vcpu(void)
{
    return host_current_vcpu;
}

void __weak vcpu_wake_waiter(struct vcpu *v)
{
    __atomic_fetch_add(&host_waiter_wakes, 1, __ATOMIC_RELAXED);
    if (v->state == VCPU_WAITING)
        v->state = VCPU_RUNNABLE;
}

/* The PV guest kind's side (arch/x86/domain.c, arch/x86/pv/domain.c): the
 * vCPU's saved frame stands for its guest state. */
void __weak arch_set_hypercall_result(struct vcpu *v, long ret)
{
    v->arch.pv.regs.rax = (u64)ret;
}

void __weak arch_hypercall_restart(struct vcpu *v)
{
    v->arch.pv.regs.rip -= 2;       /* back over the SYSCALL */
}

/* The two wait endings of common/hypercall.c (which needs the hypercall
 * table of the image's linker script), the same two lines. */
void __weak hypercall_wait_result(struct vcpu *v, long result)
{
    arch_set_hypercall_result(v, result);
}

void __weak hypercall_wait_restart(struct vcpu *v, long result)
{
    arch_hypercall_restart(v);
}

#define HOST_MAX_TIMERS 64
static struct timer *armed[HOST_MAX_TIMERS];

void init_timer(struct timer *t, void (*fn)(void *), void *data)
{
    *t = (struct timer){ .fn = fn, .data = data };
}

void set_timer(struct timer *t, s_time_t expires)
{
    unsigned int free = HOST_MAX_TIMERS;

    t->expires = expires;
    t->cpu = smp_processor_id();
    if (t->active)
        return;
    for (unsigned int i = 0; i < HOST_MAX_TIMERS; i++)
        if (!armed[i]) {
            free = i;
            break;
        }
    if (free == HOST_MAX_TIMERS)
        __builtin_trap();           /* the host model's limit */
    armed[free] = t;
    t->active = true;
}

void stop_timer(struct timer *t)
{
    for (unsigned int i = 0; i < HOST_MAX_TIMERS; i++)
        if (armed[i] == t)
            armed[i] = NULL;
    t->active = false;
}

unsigned int host_timers_run(void)
{
    struct timer *due[HOST_MAX_TIMERS];
    unsigned int n = 0;

    for (unsigned int i = 0; i < HOST_MAX_TIMERS; i++)
        if (armed[i]) {
            due[n++] = armed[i];
            armed[i]->active = false;
            armed[i] = NULL;
        }
    for (unsigned int i = 0; i < n; i++)
        due[i]->fn(due[i]->data);
    return n;
}

unsigned int host_timers_armed(void)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < HOST_MAX_TIMERS; i++)
        n += armed[i] != NULL;
    return n;
}

/* Weak: the harness links into tests without common/softirq.c too. */
extern void do_softirq(void) __weak;

void host_softirqs_run(void)
{
    local_irq_disable();
    do_softirq();
    local_irq_enable();
}
