/* SPDX-License-Identifier: GPL-2.0 */
/* sched_op: yield, block, poll with a timeout, shutdown. */
#include <mhv/hypercall.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/event.h>
#include <mhv/errno.h>
#include <asm/guest_access.h>
#include <public/mhv.h>
#include <mhv/domain/domain.h>

static long do_sched_op(unsigned long cmd, unsigned long arg,
                        unsigned long a3, unsigned long a4, unsigned long a5)
{
    struct domain *d = current_domain();

    switch (cmd) {
    case SCHEDOP_yield:
        raise_resched();
        return 0;
    case SCHEDOP_block:
        arch_set_hypercall_result(current_vcpu(), 0);
        vcpu_block(0);
    case SCHEDOP_poll: {
        struct sched_poll p;

        if (copy_from_guest(&p, arg, sizeof(p)))
            return -EFAULT;
        if (domain_events_pending(d) || !p.timeout_ns)
            return 0;
        arch_set_hypercall_result(current_vcpu(), 0);
        vcpu_block(p.timeout_ns > (u64)SECONDS(3600) ? SECONDS(3600)
                                                     : (s_time_t)p.timeout_ns);
    }
    case SCHEDOP_shutdown: {
        struct sched_shutdown s;

        if (copy_from_guest(&s, arg, sizeof(s)))
            return -EFAULT;
        domain_shutdown(d, s.code);
    }
    default:
        return -ENOSYS;
    }
}
DEFINE_HYPERCALL(__HYPERVISOR_sched_op, do_sched_op);
