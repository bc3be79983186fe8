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
    /* The vCPU this CPU chose last (it runs, or is about to): the one
     * whose reaping waits until the CPU has left it. */
    struct vcpu *curr;
    /* DOWN vCPUs that were not running when stopped: reaped by this CPU
     * at its next schedule() (on their own CPU, so their timers can go). */
    struct list_head dead;
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
        INIT_LIST_HEAD(&rq->dead);
        init_timer(&rq->slice_timer, slice_expired, NULL);
    }
}

/* A timed block ran out (the timer's callback type, not vcpu_wake()'s). */
static void poll_timeout(void *data)
{
    vcpu_wake(data);
}

struct vcpu *vcpu_alloc(struct domain *d, unsigned int cpu,
                        const struct vcpu_start *start)
{
    struct vcpu *v = xzalloc(struct vcpu);

    if (!v)
        return NULL;
    v->domain = d;
    v->processor = cpu;
    if (arch_vcpu_init(v, start)) {
        arch_vcpu_destroy(v);
        xfree(v);
        return NULL;
    }
    init_timer(&v->poll_timer, poll_timeout, v);
    INIT_LIST_HEAD(&v->runq_entry);
    INIT_LIST_HEAD(&v->wait.entry);
    v->state = VCPU_BLOCKED;
    return v;
}

void vcpu_free(struct vcpu *v)
{
    if (!v)
        return;
    ASSERT(v->state != VCPU_RUNNABLE && !v->poll_timer.active);
    arch_vcpu_destroy(v);
    xfree(v);
}

struct vcpu *vcpu_create(struct domain *d, unsigned int cpu,
                         const struct vcpu_start *start)
{
    struct vcpu *v = vcpu_alloc(d, cpu, start);
    struct runqueue *rq;
    unsigned long flags;

    if (!v)
        return NULL;
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

void cpu_raise_resched(unsigned int cpu)
{
    if (cpu == smp_processor_id()) {
        raise_resched();
        return;
    }
    WRITE_ONCE(per_cpu_info(cpu)->need_resched, true);
    smp_send_event_check(cpu);
}

void vcpu_down(struct vcpu *v)
{
    struct runqueue *rq = &runqueues[v->processor];
    unsigned long flags;

    /* Off any wait queue first: nothing may wake it after this. */
    waitqueue_cancel(v);
    spin_lock_irqsave(&rq->lock, flags);
    if (v->state == VCPU_DOWN) {
        spin_unlock_irqrestore(&rq->lock, flags);
        return;
    }
    if (v->state == VCPU_RUNNABLE) {
        list_del_init(&v->runq_entry);
        rq->nr--;
    }
    v->state = VCPU_DOWN;
    /* Not on its CPU: nobody will switch away from it, so its CPU reaps
     * it from the dead list. */
    if (rq->curr != v)
        list_add_tail(&v->runq_entry, &rq->dead);
    spin_unlock_irqrestore(&rq->lock, flags);
    cpu_raise_resched(v->processor);
}

void vcpu_block(s_time_t timeout)
{
    struct vcpu *v = current_vcpu();
    struct runqueue *rq = &runqueues[v->processor];
    unsigned long flags;

    ASSERT(v);
    spin_lock_irqsave(&rq->lock, flags);
    /* An event that arrived before we took the lock ends the block. */
    if (v->state == VCPU_RUNNABLE && !domain_events_pending(v->domain) &&
        !arch_vcpu_has_work(v)) {
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
    if (prev && prev->state == VCPU_DOWN && arch_vcpu_reap(prev))
        domain_free_address_space(prev->domain);
}

static void reap_list(struct list_head *dead)
{
    while (!list_empty(dead)) {
        struct vcpu *v = list_first_entry(dead, struct vcpu, runq_entry);

        list_del_init(&v->runq_entry);
        reap(v);
    }
}

void schedule(void)
{
    struct cpu_info *ci = this_cpu();
    struct runqueue *rq = &runqueues[ci->cpu_id];
    struct vcpu *prev = ci->current, *next = NULL;
    struct list_head dead;
    unsigned long flags;

    INIT_LIST_HEAD(&dead);
    spin_lock_irqsave(&rq->lock, flags);
    ci->need_resched = false;
    /* Round robin: the running vCPU goes to the back of the list. */
    if (prev && prev->state == VCPU_RUNNABLE && rq->nr > 1) {
        list_del_init(&prev->runq_entry);
        list_add_tail(&prev->runq_entry, &rq->runnable);
    }
    if (!list_empty(&rq->runnable))
        next = list_first_entry(&rq->runnable, struct vcpu, runq_entry);
    rq->curr = next;
    while (!list_empty(&rq->dead)) {
        struct vcpu *v = list_first_entry(&rq->dead, struct vcpu, runq_entry);

        list_del_init(&v->runq_entry);
        list_add_tail(&v->runq_entry, &dead);
    }
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
        reap_list(&dead);
        reset_stack_and_call(idle_loop);
    }
    if (next != prev) {
        arch_context_switch(prev, next);
        ci->current = next;
        stop_timer(&next->poll_timer);
        reap(prev);
    }
    reap_list(&dead);
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
