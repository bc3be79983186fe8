/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercalls.  Each handler registers itself next to its code with
 * DEFINE_HYPERCALL(); do_hypercall() dispatches on the number the guest
 * kind's entry decoded (a PV domain's SYSCALL: the number in RAX, the
 * arguments in RDI, RSI, RDX, R10, R8; <public/mhv.h>).  A handler returns
 * a value >= 0 or a negative errno; unknown numbers give -ENOSYS.
 *
 * Handlers run with interrupts enabled, in the calling domain's address
 * space, and read or write guest memory only with copy_from_guest() /
 * copy_to_guest() (<asm/guest_access.h>).
 *
 * A handler that must wait -- for a device reset it started, or for a
 * busy object to become free -- queues the vCPU on the object's wait queue
 * with one of the two endings below (<mhv/waitqueue.h>), releases its
 * locks and returns -ERESTART; it must not have written any output yet.
 * The vCPU then waits without holding its CPU.
 */
#ifndef MHV_HYPERCALL_H
#define MHV_HYPERCALL_H

#include <mhv/types.h>
#include <mhv/compiler.h>

struct domain;

typedef long (*hypercall_fn_t)(unsigned long a1, unsigned long a2,
                               unsigned long a3, unsigned long a4,
                               unsigned long a5);

struct hypercall_desc {
    unsigned int nr;
    const char *name;
    hypercall_fn_t fn;
};

#define DEFINE_HYPERCALL(_nr, _fn)                                          \
    static const struct hypercall_desc __used __section(".hypercalls")      \
    __aligned(8) __hypercall_##_fn = { .nr = _nr, .name = #_fn, .fn = _fn }

void hypercall_init(void);
/* Run hypercall @nr with arguments @a; its result. */
long do_hypercall(unsigned long nr, const unsigned long a[5]);
/* The domain making the current hypercall. */
struct domain *current_domain(void);

struct vcpu;
/* Wait endings (wait_done_fn): the wait's result is the hypercall's return
 * value; or the hypercall is issued again, as it was. */
void hypercall_wait_result(struct vcpu *v, long result);
void hypercall_wait_restart(struct vcpu *v, long result);

#endif /* MHV_HYPERCALL_H */
