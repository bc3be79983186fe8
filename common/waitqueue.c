/* SPDX-License-Identifier: GPL-2.0 */
/* vCPUs waiting for the hypervisor (<mhv/waitqueue.h>). */
#include <mhv/waitqueue.h>
#include <mhv/sched.h>
#include <mhv/spinlock.h>
#include <mhv/bug.h>
#include <mhv/lib.h>

/* Every queue's list and every vCPU's wait state (<mhv/waitqueue.h> says
 * why one lock). */
static DEFINE_SPINLOCK(waitqueue_lock);

void waitqueue_init(struct waitqueue *wq)
{
    INIT_LIST_HEAD(&wq->vcpus);
}

bool waitqueue_empty(struct waitqueue *wq)
{
    unsigned long flags;
    bool empty;

    spin_lock_irqsave(&waitqueue_lock, flags);
    empty = list_empty(&wq->vcpus);
    spin_unlock_irqrestore(&waitqueue_lock, flags);
    return empty;
}

void waitqueue_add_current(struct waitqueue *wq, wait_done_fn done)
{
    struct vcpu *v = current_vcpu();
    unsigned long flags;

    ASSERT(v && v->wait.state == VCPU_WAIT_NONE);
    spin_lock_irqsave(&waitqueue_lock, flags);
    v->wait.queue = wq;
    v->wait.done = done;
    v->wait.result = 0;
    list_add_tail(&v->wait.entry, &wq->vcpus);
    __atomic_store_n(&v->wait.state, VCPU_WAIT_QUEUED, __ATOMIC_RELEASE);
    spin_unlock_irqrestore(&waitqueue_lock, flags);
}

unsigned int waitqueue_wake_all(struct waitqueue *wq, long result)
{
    struct vcpu *v, *tmp;
    unsigned long flags;
    unsigned int n = 0;

    spin_lock_irqsave(&waitqueue_lock, flags);
    list_for_each_entry_safe(v, tmp, &wq->vcpus, wait.entry) {
        ASSERT(v->wait.state == VCPU_WAIT_QUEUED && v->wait.queue == wq);
        list_del_init(&v->wait.entry);
        v->wait.queue = NULL;
        v->wait.result = result;
        /* ENDED before the runqueue lock: vcpu_wait() reads it under that
         * lock, so the wait either never blocks or is woken here. */
        __atomic_store_n(&v->wait.state, VCPU_WAIT_ENDED, __ATOMIC_RELEASE);
        vcpu_wake_waiter(v);
        n++;
    }
    spin_unlock_irqrestore(&waitqueue_lock, flags);
    return n;
}

void waitqueue_cancel(struct vcpu *v)
{
    unsigned long flags;

    /* Under the lock even when it waits for nothing: a wake of it under
     * way on another CPU holds the lock until it is done with @v. */
    spin_lock_irqsave(&waitqueue_lock, flags);
    if (v->wait.state == VCPU_WAIT_QUEUED) {
        list_del_init(&v->wait.entry);
        v->wait.queue = NULL;
        __atomic_store_n(&v->wait.state, VCPU_WAIT_NONE, __ATOMIC_RELEASE);
    }
    spin_unlock_irqrestore(&waitqueue_lock, flags);
}

void waitqueue_resume(struct vcpu *v)
{
    if (__atomic_load_n(&v->wait.state, __ATOMIC_ACQUIRE) != VCPU_WAIT_ENDED)
        return;
    if (v->wait.done)
        v->wait.done(v, v->wait.result);
    v->wait.done = NULL;
    __atomic_store_n(&v->wait.state, VCPU_WAIT_NONE, __ATOMIC_RELEASE);
}
