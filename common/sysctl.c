/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysctl: the PCI registry listing (every device for the control domain,
 * a domain's own devices for any other) and the heap counters (control
 * domain only).
 */
#include <mhv/hypercall.h>
#include <mhv/domain.h>
#include <mhv/pcidev.h>
#include <mhv/xmalloc.h>
#include <mhv/mm.h>
#include <mhv/irq.h>
#include <mhv/smp.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <asm/guest_mm.h>
#include <public/sysctl.h>

#define PCI_LIST_BATCH 16

struct list_ctx {
    struct domain *only;            /* NULL: every device */
    u32 skip, max, count, total;
    struct mhv_pci_info batch[PCI_LIST_BATCH];
    unsigned int nbatch;
    unsigned long buf;
    int rc;
};

static int list_one(const struct pci_dev *pdev, void *arg)
{
    struct list_ctx *c = arg;

    if (c->only && pdev->domain != c->only)
        return 0;
    c->total++;
    if (c->skip) {
        c->skip--;
        return 0;
    }
    if (c->count + c->nbatch >= c->max)
        return 0;
    pci_dev_get_info(pdev, &c->batch[c->nbatch++]);
    return 0;
}

static long pci_list(struct domain *caller, struct mhv_sysctl *op)
{
    struct list_ctx *c = xzalloc(struct list_ctx);
    long rc = 0;

    if (!c)
        return -ENOMEM;
    c->only = is_control_domain(caller) ? NULL : caller;
    c->max = op->u.pci_list.max;
    c->buf = op->u.pci_list.buf;
    /* Copy out in batches, outside the pcidevs lock (a guest fault in a
     * copy must not happen with the lock held... it is safe, but keep the
     * lock hold time short). */
    for (u32 start = op->u.pci_list.start;; start += PCI_LIST_BATCH) {
        c->skip = start;
        c->total = 0;
        c->nbatch = 0;
        c->count = start - op->u.pci_list.start;
        pcidevs_lock();
        pci_registry_walk(list_one, c);
        pcidevs_unlock();
        if (c->nbatch && copy_to_guest(c->buf + (u64)c->count * sizeof(c->batch[0]),
                                       c->batch, c->nbatch * sizeof(c->batch[0]))) {
            rc = -EFAULT;
            break;
        }
        c->count += c->nbatch;
        if (c->nbatch < PCI_LIST_BATCH || c->count >= c->max)
            break;
    }
    op->u.pci_list.count = c->count;
    op->u.pci_list.total = c->total;
    xfree(c);
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
    default:
        return -ENOSYS;
    }
    if (rc)
        return rc;
    return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}
DEFINE_HYPERCALL(__HYPERVISOR_sysctl, do_sysctl);
