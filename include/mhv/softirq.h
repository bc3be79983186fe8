/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Deferred work, per CPU (common/softirq.c).
 *
 * An interrupt handler (a timer) that must do more than it may in
 * interrupt context -- take the passthrough locks, touch a device at
 * length -- raises a softirq on its CPU; the handler of that softirq runs
 * later on the same CPU with interrupts on and no lock held: on the way
 * back to a guest, or in the idle loop.  Never from an interrupt that came
 * from the hypervisor itself, which may be holding any lock.
 */
#ifndef MHV_SOFTIRQ_H
#define MHV_SOFTIRQ_H

#include <mhv/types.h>
#include <mhv/compiler.h>

enum softirq_nr {
    SOFTIRQ_PDEV_RESET,         /* a device reset's next step (pdev_reset.c) */
    NR_SOFTIRQS
};

struct softirq_handler {
    enum softirq_nr nr;
    void (*fn)(void);
};
/* @fn handles softirq @nr; registered at link time, one per number. */
#define DEFINE_SOFTIRQ(_nr, _fn)                                            \
    static const struct softirq_handler __used __section("softirq_handlers") \
    __aligned(8) __softirq_##_fn = { .nr = _nr, .fn = _fn }
/* Ask this CPU to run @nr's handler soon.  Any context. */
void raise_softirq(enum softirq_nr nr);
/* This CPU has softirqs pending. */
bool softirq_pending(void);
/*
 * Run this CPU's pending handlers until none is pending.
 * @pre interrupts off, this CPU holds no lock (a safe point: the return to
 *      a guest, the idle loop).  Handlers run with interrupts on; returns
 *      with them off.
 */
void do_softirq(void);
/* This CPU is running a softirq handler (work that is no guest's doing,
 * whichever vCPU is current). */
bool in_softirq(void);

#endif /* MHV_SOFTIRQ_H */
