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

void hypercall_wait_result(struct vcpu *v, long result)
{
    arch_set_hypercall_result(v, result);
}

void hypercall_wait_restart(struct vcpu *v, long result)
{
    /* The handler never returned: the guest issues the same call with the
     * same arguments again. */
    arch_hypercall_restart(v);
}

long do_hypercall(unsigned long nr, const unsigned long a[5])
{
    const struct hypercall_desc *h = nr < MHV_NR_HYPERCALLS ? table[nr] : NULL;
    long ret;

    ret = h ? h->fn(a[0], a[1], a[2], a[3], a[4]) : -ENOSYS;
    if (ret == -ERESTART) {
        /* The handler queued this vCPU and released its locks: wait here
         * (the CPU runs others); the wait's end sets the result or issues
         * the hypercall again (hypercall_wait_*() above). */
        ASSERT(current_vcpu()->wait.state != VCPU_WAIT_NONE);
        vcpu_wait();
    }
    if (unlikely(printk_enabled(LOGL_TRACE)))
        printk(LOG_TRACE "d%u hypercall %s(%#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
               current_domain()->domain_id, h ? h->name : "unknown",
               a[0], a[1], a[2], a[3], a[4], ret);
    return ret;
}
