/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysctl: the PCI registry listing (every device for the control domain,
 * a domain's own devices for any other), the heap counters and the
 * registry consistency check (control domain only).
 */
#include <mhv/passthrough/iommu.h>
#include <mhv/hypercall.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/xmalloc.h>
#include <mhv/mm.h>
#include <asm/irq.h>
#include <mhv/smp.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <asm/guest_access.h>
#include <public/sysctl.h>

/* Entries one call returns at most; callers page on with start += count. */
#define PCI_LIST_PER_CALL 64

struct list_ctx {
    struct domain *only;            /* NULL: every device */
    u32 skip;                       /* visible devices before the first wanted */
    u32 n, cap;                     /* entries filled, room */
    u32 total;                      /* visible devices */
    struct mhv_pci_info *out;
};

static int list_one(const struct pci_dev *pdev, void *arg)
{
    struct list_ctx *c = arg;

    if (c->only && pdev->domain != c->only)
        return 0;
    c->total++;
    if (c->skip)
        c->skip--;
    else if (c->n < c->cap)
        pci_dev_get_info(pdev, &c->out[c->n++]);
    return 0;
}

/* One walk of the registry under the pcidevs lock into a bounded buffer,
 * then one copy to the guest without the lock. */
static long pci_list(struct domain *caller, struct mhv_sysctl *op)
{
    struct list_ctx c = {
        .only = is_control_domain(caller) ? NULL : caller,
        .skip = op->u.pci_list.start,
        .cap = min(op->u.pci_list.max, (u32)PCI_LIST_PER_CALL),
    };
    long rc = 0;

    if (c.cap) {
        c.out = xmalloc_array(struct mhv_pci_info, c.cap);
        if (!c.out)
            return -ENOMEM;
    }
    pcidevs_lock();
    pci_registry_walk(list_one, &c);
    pcidevs_unlock();
    if (c.n && copy_to_guest(op->u.pci_list.buf, c.out, c.n * sizeof(*c.out)))
        rc = -EFAULT;
    xfree(c.out);
    op->u.pci_list.count = c.n;
    op->u.pci_list.total = c.total;
    return rc;
}

static long do_sysctl(unsigned long arg, unsigned long a2, unsigned long a3,
                      unsigned long a4, unsigned long a5)
{
    struct domain *caller = current_domain();
    struct mhv_sysctl op;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != MHV_SYSCTL_INTERFACE_VERSION)
        return -EACCES;

    switch (op.cmd) {
    case MHV_SYSCTL_pci_list:
        if (op.u.pci_list.max > 65536)
            return -EINVAL;
        rc = pci_list(caller, &op);
        break;
    case MHV_SYSCTL_heap: {
        struct heap_stats hs;
        struct page_stats ps;

        if (!is_control_domain(caller))
            return -EPERM;
        heap_stats(&hs);
        page_alloc_stats(&ps);
        op.u.heap.live_objects = hs.live_objects;
        op.u.heap.live_bytes = hs.live_bytes;
        op.u.heap.failed = hs.failed;
        op.u.heap.free_pages = ps.free_pages;
        op.u.heap.free_vectors = 0;
        for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
            if (cpu_online(cpu))
                op.u.heap.free_vectors += irq_free_vectors(cpu);
        rc = 0;
        break;
    }
    case MHV_SYSCTL_pci_check: {
        struct pci_registry_stats st;

        if (!is_control_domain(caller))
            return -EPERM;
        /* Two snapshots: the check logs each problem it finds; the counts
         * are taken just after it. */
        op.u.pci_check.problems = pci_registry_check();
        pci_registry_stats(&st);
        op.u.pci_check.devices = st.devices;
        op.u.pci_check.vfs = st.vfs;
        op.u.pci_check.broken = st.broken;
        op.u.pci_check.removed_pfs = st.removed_pfs;
        rc = 0;
        break;
    }
    case MHV_SYSCTL_iommu:
        iommu_get_info(caller, &op.u.iommu);
        rc = 0;
        break;
    default:
        return -ENOSYS;
    }
    if (rc)
        return rc;
    return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}
DEFINE_HYPERCALL(__HYPERVISOR_sysctl, do_sysctl);
