/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vCPUs waiting for the hypervisor (common/waitqueue.c).
 *
 * Some operations take long in device time -- a function-level reset
 * wants 100 ms -- and the hypervisor has no threads to wait in.  So the
 * vCPU that asked, or that met the busy object, waits instead: it is
 * queued on the object's wait queue, releases every lock, and leaves its
 * CPU to other vCPUs (vcpu_wait(), never returns).  Whoever finishes the
 * work wakes the queue with a result, and each waiter's @done applies it
 * to the vCPU's saved state when it next runs -- a PV hypercall gets its
 * return value, or is issued again; an HVM exit can complete its
 * instruction the same way.
 *
 * The wait of one vCPU is an explicit state (struct vcpu_wait_state):
 *   NONE -> QUEUED      waitqueue_add_current(), under waitqueue_lock
 *   QUEUED -> ENDED     waitqueue_wake_all(), under waitqueue_lock
 *   QUEUED -> NONE      waitqueue_cancel(): the vCPU goes down meanwhile
 *   ENDED -> NONE       the scheduler resumes the vCPU and calls @done
 * Events (pirqs) do not end a wait: a waiting vCPU is VCPU_WAITING, not
 * VCPU_BLOCKED (<mhv/sched.h>).
 *
 * Lock: one for every queue and every vCPU's wait, waitqueue_lock
 * (common/waitqueue.c), taken with interrupts on and off alike (IRQ-safe);
 * it nests inside the locks of the object's owner and takes only the
 * runqueue locks (docs/locking.md).  One lock, not one per queue, because
 * of the vCPU's side: a vCPU going down (waitqueue_cancel()) must neither
 * touch a queue that may be freed by then, nor return while another CPU
 * is still waking it -- its caller may free the vCPU next.  Waits are rare
 * (a device reset), so the lock is not contended.
 */
#ifndef MHV_WAITQUEUE_H
#define MHV_WAITQUEUE_H

#include <mhv/types.h>
#include <mhv/list.h>
#include <asm/regs.h>

struct vcpu;

struct waitqueue {
    struct list_head vcpus;         /* QUEUED vCPUs' wait.entry (waitqueue_lock) */
};

/*
 * What a waiter does with the result when it runs again: @v is the vCPU
 * about to be resumed, its guest state loaded (the guest kind's calls of
 * <asm/domain.h> reach it).  Runs on the vCPU's CPU with interrupts off,
 * holding no lock.
 */
typedef void (*wait_done_fn)(struct vcpu *v, long result);

void waitqueue_init(struct waitqueue *wq);
/* No vCPU is queued (for the owner's ASSERTs before it frees @wq). */
bool waitqueue_empty(struct waitqueue *wq);

/*
 * Queue the running vCPU on @wq; @done (may be NULL) will get the result.
 * The caller then releases its locks, returns to the hypercall layer with
 * -ERESTART (which calls vcpu_wait()) or calls vcpu_wait() itself.
 * @pre a vCPU runs here and waits for nothing else.
 */
void waitqueue_add_current(struct waitqueue *wq, wait_done_fn done);

/* End the wait of every vCPU queued on @wq with @result and wake them;
 * returns how many.  Any context. */
unsigned int waitqueue_wake_all(struct waitqueue *wq, long result);

/* @v goes down: take it off the queue it waits on, if any.  On return no
 * CPU is waking it any more: it may be freed. */
void waitqueue_cancel(struct vcpu *v);

/* For the scheduler, resuming @v: apply an ended wait's result. */
void waitqueue_resume(struct vcpu *v);

#endif /* MHV_WAITQUEUE_H */
