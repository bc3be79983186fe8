/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vCPUs and the scheduler.
 *
 * Each domain has one vCPU, placed on a CPU at creation (domain k on CPU
 * k mod the number of CPUs).  A CPU runs its runnable vCPUs round robin
 * with a time slice, and its idle loop when none is runnable.
 *
 * The hypervisor has no threads of its own: it runs on a per-CPU stack on
 * behalf of whatever entered it (a hypercall, an interrupt, an exception).
 * schedule() saves the running vCPU's guest state and loads the next one's
 * through the guest kind (arch_context_switch(), <asm/domain.h>) and never
 * returns to its caller: it resumes the next vCPU (or the idle loop) on a
 * fresh stack.  So a hypercall that blocks ends by calling schedule(), and
 * is finished by the time the vCPU runs again (its result was set first,
 * arch_set_hypercall_result()).
 *
 * Lock: each CPU's runqueue lock (IRQ-safe) guards its run list and the
 * state of the vCPUs placed on it.
 */
#ifndef MHV_SCHED_H
#define MHV_SCHED_H

#include <mhv/types.h>
#include <mhv/list.h>
#include <mhv/time.h>
#include <asm/domain.h>

struct domain;

enum vcpu_state {
    VCPU_RUNNABLE,      /* on its CPU's run list (or running) */
    VCPU_BLOCKED,       /* waiting for an event (or a poll timeout) */
    VCPU_WAITING,       /* waiting for the hypervisor (<mhv/waitqueue.h>);
                         * events do not wake it */
    VCPU_DOWN,          /* domain shut down or crashed */
};

/* Where a vCPU stands in a wait for the hypervisor (<mhv/waitqueue.h>). */
enum vcpu_wait_state {
    VCPU_WAIT_NONE,
    VCPU_WAIT_QUEUED,   /* on wait.queue; the work has not ended */
    VCPU_WAIT_ENDED,    /* woken with wait.result; @done not applied yet */
};

struct vcpu {
    struct domain *domain;
    unsigned int processor;
    enum vcpu_state state;
    struct arch_vcpu arch;          /* guest state by kind (<asm/domain.h>) */
    struct list_head runq_entry;
    bool polling;                   /* blocked in SCHEDOP_poll */
    struct timer poll_timer;
    s_time_t runtime_start;
    /*
     * A wait for the hypervisor (common/waitqueue.c).  state, queue and
     * entry change under waitqueue_lock (NONE -> QUEUED -> ENDED); ENDED ->
     * NONE only on the vCPU's own CPU when the scheduler resumes it.
     */
    struct {
        enum vcpu_wait_state state;
        struct waitqueue *queue;            /* QUEUED: the queue it is on */
        struct list_head entry;
        void (*done)(struct vcpu *v, long result);
        long result;
    } wait;
};

/* A runnable vCPU for @d on @cpu, starting at @start; it may start running
 * before this returns, so it is @d->vcpu before it is queued. */
struct vcpu *vcpu_create(struct domain *d, unsigned int cpu,
                         const struct vcpu_start *start);
/*
 * A vCPU of @d on @cpu that does not run yet (BLOCKED, on no list): the
 * caller finishes setting it up and starts it with vcpu_wake() (a domain
 * with several vCPUs, <asm/hvm/domain.h>).  NULL without memory.
 */
struct vcpu *vcpu_alloc(struct domain *d, unsigned int cpu,
                        const struct vcpu_start *start);
/* Free a vCPU that never ran or was reaped. */
void vcpu_free(struct vcpu *v);

/* The vCPU running on this CPU, or NULL in the idle loop. */
struct vcpu *current_vcpu(void);

void scheduler_init(void);
/* Start scheduling on this CPU (never returns). */
void __noreturn scheduler_start(void);
/* Switch to the next runnable vCPU or idle (never returns). */
void __noreturn schedule(void);
/* Make @v runnable if it was blocked; kick its CPU. */
void vcpu_wake(struct vcpu *v);
/* Block the running vCPU until vcpu_wake(); optional timeout (0: none). */
void __noreturn vcpu_block(s_time_t timeout);
/*
 * The running vCPU waits for the hypervisor: it leaves its CPU unless its
 * wait already ended (<mhv/waitqueue.h>).  @pre no lock held; the vCPU
 * was queued with waitqueue_add_current().
 */
void __noreturn vcpu_wait(void);
/* Make @v runnable if it is VCPU_WAITING (its wait has ended); kick its
 * CPU.  For waitqueue_wake_all(). */
void vcpu_wake_waiter(struct vcpu *v);
/*
 * Stop @v for good (domain shutdown or crash), from any CPU.  Once it has
 * left its CPU (at once if it was not running) that CPU's scheduler reaps
 * it, on the vCPU's own CPU (arch_vcpu_reap(); the domain's memory goes
 * with its last vCPU, domain_free_address_space()).
 */
void vcpu_down(struct vcpu *v);
/* Make @cpu reschedule (an IPI if it is another CPU). */
void cpu_raise_resched(unsigned int cpu);
/* Ask this CPU to reschedule on its way back to the guest. */
void raise_resched(void);

#endif /* MHV_SCHED_H */
