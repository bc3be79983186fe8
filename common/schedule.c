/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler (model and rules in <mhv/sched.h>): per-CPU round robin of
 * runnable vCPUs with a 10 ms time slice, the idle loop otherwise.
 */
#include <mhv/sched.h>
#include <mhv/domain.h>
#include <mhv/event.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/smp.h>
#include <mhv/xmalloc.h>
#include <mhv/spinlock.h>
#include <mhv/softirq.h>
#include <mhv/waitqueue.h>
#include <mhv/lockdep.h>
#include <asm/domain.h>
#include <asm/percpu.h>
#include <asm/irqflags.h>

#define TIME_SLICE MILLISECS(10)

struct runqueue {
    spinlock_t lock;
    struct list_head runnable;      /* RUNNABLE vCPUs, running one included */
    unsigned int nr;
    struct timer slice_timer;
};

static struct runqueue runqueues[NR_CPUS];

/* Switch to a fresh stack and continue at @fn (arch). */
void __noreturn reset_stack_and_call(void (*fn)(void));

struct vcpu *current_vcpu(void)
{
    return this_cpu()->current;
}

void raise_resched(void)
{
    this_cpu()->need_resched = true;
}

static void slice_expired(void *data)
{
    raise_resched();
}

void scheduler_init(void)
{
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
        struct runqueue *rq = &runqueues[cpu];

        spin_lock_init_class(&rq->lock, "runqueue->lock");
        INIT_LIST_HEAD(&rq->runnable);
        init_timer(&rq->slice_timer, slice_expired, NULL);
    }
}

/* A timed block ran out (the timer's callback type, not vcpu_wake()'s). */
static void poll_timeout(void *data)
{
    vcpu_wake(data);
}

struct vcpu *vcpu_create(struct domain *d, unsigned int cpu,
                         const struct vcpu_start *start)
{
    struct vcpu *v = xzalloc(struct vcpu);
    struct runqueue *rq;
    unsigned long flags;

    if (!v)
        return NULL;
    v->domain = d;
    v->processor = cpu;
    if (arch_vcpu_init(v, start)) {
        xfree(v);
        return NULL;
    }
    init_timer(&v->poll_timer, poll_timeout, v);
    INIT_LIST_HEAD(&v->wait.entry);
    v->state = VCPU_RUNNABLE;
    /* Published before it can run: a domain that crashes at its first
     * instruction must find its vCPU to take it down. */
    __atomic_store_n(&d->vcpu, v, __ATOMIC_RELEASE);

    rq = &runqueues[cpu];
    spin_lock_irqsave(&rq->lock, flags);
    list_add_tail(&v->runq_entry, &rq->runnable);
    rq->nr++;
    spin_unlock_irqrestore(&rq->lock, flags);
    if (cpu != smp_processor_id() && cpu_online(cpu))
        smp_send_event_check(cpu);
    return v;
}

/* Make @v runnable if it is in @from. */
static void wake_from(struct vcpu *v, enum vcpu_state from)
{
    struct runqueue *rq = &runqueues[v->processor];
    unsigned long flags;
    bool kick = false;

    spin_lock_irqsave(&rq->lock, flags);
    if (v->state == from) {
        v->state = VCPU_RUNNABLE;
        list_add_tail(&v->runq_entry, &rq->runnable);
        rq->nr++;
        kick = true;
    }
    spin_unlock_irqrestore(&rq->lock, flags);
    if (!kick)
        return;
    if (v->processor == smp_processor_id())
        raise_resched();
    else
        smp_send_event_check(v->processor);
}

void vcpu_wake(struct vcpu *v)
{
    wake_from(v, VCPU_BLOCKED);
}

void vcpu_wake_waiter(struct vcpu *v)
{
    wake_from(v, VCPU_WAITING);
}

void vcpu_down(struct vcpu *v)
{
    struct runqueue *rq = &runqueues[v->processor];
    unsigned long flags;

    /* Off any wait queue first: nothing may wake it after this. */
    waitqueue_cancel(v);
    spin_lock_irqsave(&rq->lock, flags);
    if (v->state == VCPU_RUNNABLE) {
        list_del_init(&v->runq_entry);
        rq->nr--;
    }
    v->state = VCPU_DOWN;
    spin_unlock_irqrestore(&rq->lock, flags);
    if (v->processor != smp_processor_id())
        smp_send_event_check(v->processor);
    else
        raise_resched();
}

void vcpu_block(s_time_t timeout)
{
    struct vcpu *v = current_vcpu();
    struct runqueue *rq = &runqueues[v->processor];
    unsigned long flags;

    ASSERT(v);
    spin_lock_irqsave(&rq->lock, flags);
    /* An event that arrived before we took the lock ends the block. */
    if (v->state == VCPU_RUNNABLE && !domain_events_pending(v->domain)) {
        v->state = VCPU_BLOCKED;
        list_del_init(&v->runq_entry);
        rq->nr--;
        if (timeout > 0)
            set_timer(&v->poll_timer, NOW() + timeout);
    }
    spin_unlock_irqrestore(&rq->lock, flags);
    schedule();
}

void vcpu_wait(void)
{
    struct vcpu *v = current_vcpu();
    struct runqueue *rq = &runqueues[v->processor];
    unsigned long flags;

    ASSERT(lockdep_held_count() <= 0);
    spin_lock_irqsave(&rq->lock, flags);
    /* A wait that ended before we took the lock does not block:
     * waitqueue_wake_all() marks it ENDED before it looks at our state. */
    if (v->state == VCPU_RUNNABLE &&
        __atomic_load_n(&v->wait.state, __ATOMIC_ACQUIRE) == VCPU_WAIT_QUEUED) {
        v->state = VCPU_WAITING;
        list_del_init(&v->runq_entry);
        rq->nr--;
    }
    spin_unlock_irqrestore(&rq->lock, flags);
    schedule();
}

/* The idle loop: run whatever becomes runnable, sleep otherwise. */
static void __noreturn idle_loop(void)
{
    struct runqueue *rq = &runqueues[smp_processor_id()];

    for (;;) {
        local_irq_disable();
        if (softirq_pending())
            do_softirq();
        if (!list_empty(&rq->runnable) || this_cpu()->need_resched) {
            local_irq_enable();
            schedule();
        }
        __asm__ volatile("sti; hlt" ::: "memory");
    }
}

/*
 * A vCPU that went down ran only here, and this CPU has just left its
 * address space: now it can be freed (domain_free_address_space()).
 */
static void reap(struct vcpu *prev)
{
    if (prev && prev->state == VCPU_DOWN)
        domain_free_address_space(prev->domain);
}

void schedule(void)
{
    struct cpu_info *ci = this_cpu();
    struct runqueue *rq = &runqueues[ci->cpu_id];
    struct vcpu *prev = ci->current, *next = NULL;
    unsigned long flags;

    spin_lock_irqsave(&rq->lock, flags);
    ci->need_resched = false;
    /* Round robin: the running vCPU goes to the back of the list. */
    if (prev && prev->state == VCPU_RUNNABLE && rq->nr > 1) {
        list_del_init(&prev->runq_entry);
        list_add_tail(&prev->runq_entry, &rq->runnable);
    }
    if (!list_empty(&rq->runnable))
        next = list_first_entry(&rq->runnable, struct vcpu, runq_entry);
    spin_unlock_irqrestore(&rq->lock, flags);
    local_irq_disable();

    if (rq->nr > 1)
        set_timer(&rq->slice_timer, NOW() + TIME_SLICE);
    else
        stop_timer(&rq->slice_timer);

    if (!next) {
        ci->current = NULL;
        /* Off the domain's tables before a dead domain's are freed. */
        if (prev)
            arch_context_switch(prev, NULL);
        reap(prev);
        reset_stack_and_call(idle_loop);
    }
    if (next != prev) {
        arch_context_switch(prev, next);
        ci->current = next;
        stop_timer(&next->poll_timer);
        reap(prev);
    }
    waitqueue_resume(next);
    arch_vcpu_resume(next);
}

void scheduler_start(void)
{
    this_cpu()->current = NULL;
    /* Leave the boot stack's frame: the guest frame slot at the top of the
     * stack must not overlap anything live. */
    reset_stack_and_call(idle_loop);
}
