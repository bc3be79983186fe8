/* SPDX-License-Identifier: GPL-2.0 */
/* vCPUs waiting for the hypervisor (<mhv/waitqueue.h>). */
#include <mhv/waitqueue.h>
#include <mhv/sched.h>
#include <mhv/bug.h>
#include <mhv/lib.h>

void waitqueue_init(struct waitqueue *wq)
{
    spin_lock_init_class(&wq->lock, "waitqueue->lock");
    INIT_LIST_HEAD(&wq->vcpus);
}

bool waitqueue_empty(struct waitqueue *wq)
{
    unsigned long flags;
    bool empty;

    spin_lock_irqsave(&wq->lock, flags);
    empty = list_empty(&wq->vcpus);
    spin_unlock_irqrestore(&wq->lock, flags);
    return empty;
}

void waitqueue_add_current(struct waitqueue *wq, wait_done_fn done)
{
    struct vcpu *v = current_vcpu();
    unsigned long flags;

    ASSERT(v && v->wait.state == VCPU_WAIT_NONE);
    spin_lock_irqsave(&wq->lock, flags);
    v->wait.queue = wq;
    v->wait.done = done;
    v->wait.result = 0;
    list_add_tail(&v->wait.entry, &wq->vcpus);
    __atomic_store_n(&v->wait.state, VCPU_WAIT_QUEUED, __ATOMIC_RELEASE);
    spin_unlock_irqrestore(&wq->lock, flags);
}

unsigned int waitqueue_wake_all(struct waitqueue *wq, long result)
{
    struct vcpu *v, *tmp;
    unsigned long flags;
    unsigned int n = 0;

    spin_lock_irqsave(&wq->lock, flags);
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
    spin_unlock_irqrestore(&wq->lock, flags);
    return n;
}

void waitqueue_cancel(struct vcpu *v)
{
    struct waitqueue *wq;
    unsigned long flags;

    /* Only the vCPU itself queues, and it is going down; a queue read here
     * is re-checked under its lock (a wake may have ended the wait). */
    wq = __atomic_load_n(&v->wait.queue, __ATOMIC_ACQUIRE);
    if (!wq)
        return;
    spin_lock_irqsave(&wq->lock, flags);
    if (v->wait.state == VCPU_WAIT_QUEUED && v->wait.queue == wq) {
        list_del_init(&v->wait.entry);
        v->wait.queue = NULL;
        __atomic_store_n(&v->wait.state, VCPU_WAIT_NONE, __ATOMIC_RELEASE);
    }
    spin_unlock_irqrestore(&wq->lock, flags);
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
