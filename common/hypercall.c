/* SPDX-License-Identifier: GPL-2.0 */
/* Hypercall dispatch (see <mhv/hypercall.h>). */
#include <mhv/hypercall.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <public/mhv.h>
#include <public/errno.h>

extern const struct hypercall_desc __hypercalls_start[], __hypercalls_end[];
static const struct hypercall_desc *table[MHV_NR_HYPERCALLS];

/* The public error numbers are the hypervisor's own. */
_Static_assert(MHV_EPERM == EPERM && MHV_ENOENT == ENOENT && MHV_ENXIO == ENXIO &&
               MHV_ENOMEM == ENOMEM && MHV_EFAULT == EFAULT && MHV_EBUSY == EBUSY &&
               MHV_EEXIST == EEXIST && MHV_ENODEV == ENODEV && MHV_EINVAL == EINVAL &&
               MHV_ENOSPC == ENOSPC && MHV_ENOSYS == ENOSYS && MHV_E2BIG == E2BIG &&
               MHV_ETIMEDOUT == ETIMEDOUT && MHV_ESRCH == ESRCH,
               "public errno values must match <mhv/errno.h>");

void hypercall_init(void)
{
    for (const struct hypercall_desc *h = __hypercalls_start;
         h < __hypercalls_end; h++) {
        BUG_ON(h->nr >= MHV_NR_HYPERCALLS || table[h->nr]);
        table[h->nr] = h;
    }
}

struct domain *current_domain(void)
{
    struct vcpu *v = current_vcpu();

    return v ? v->domain : NULL;
}

void hypercall_wait_result(struct vcpu *v, struct cpu_user_regs *frame,
                           long result)
{
    frame->rax = result;
}

void hypercall_wait_restart(struct vcpu *v, struct cpu_user_regs *frame,
                            long result)
{
    /* RAX still holds the hypercall number (the handler never returned):
     * back over the 2-byte SYSCALL, the guest issues the same call with
     * the same arguments. */
    frame->rip -= 2;
}

void do_hypercall(struct cpu_user_regs *regs)
{
    unsigned long nr = regs->rax;
    const struct hypercall_desc *h = nr < MHV_NR_HYPERCALLS ? table[nr] : NULL;
    long ret;

    ret = h ? h->fn(regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8)
            : -ENOSYS;
    if (ret == -ERESTART) {
        /* The handler queued this vCPU and released its locks: wait here
         * (the CPU runs others); the wait's end sets the result or issues
         * the hypercall again (hypercall_wait_*() below). */
        ASSERT(current_vcpu()->wait.state != VCPU_WAIT_NONE);
        vcpu_wait();
    }
    regs->rax = ret;
    if (unlikely(printk_enabled(LOGL_TRACE)))
        printk(LOG_TRACE "d%u hypercall %s(%#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
               current_domain()->domain_id, h ? h->name : "unknown",
               regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, ret);
}
