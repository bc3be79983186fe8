/* SPDX-License-Identifier: GPL-2.0 */
/* domctl: device assignment and domain information (control domain only). */
#include <mhv/hypercall.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#ifdef CONFIG_VPCI
#include <mhv/vpci/vpci.h>
#endif
#include <mhv/sched.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <asm/guest_access.h>
#include <mhv/domain/hvm.h>
#include <public/domctl.h>
#include <mhv/sbdf.h>
#include <mhv/passthrough/assign.h>
#include <mhv/domain_list.h>
#include <mhv/event.h>

static void fill_info(const struct domain *d, struct mhv_domctl_domaininfo *info)
{
    memset(info, 0, sizeof(*info));
    info->domid = d->domain_id;
    info->flags = (d->is_privileged ? MHV_SIF_PRIVILEGED : 0) |
                  (is_hvm_domain(d) ? MHV_DOMINFO_HVM : 0);
    info->nr_devices = d->nr_pdevs;
    info->nr_pirqs = d->nr_pirqs;
    info->cpu = d->vcpu ? d->vcpu->processor : 0;
    info->state = d->state;
    if (d->state == MHV_DOMSTATE_RUNNING && d->vcpu &&
        d->vcpu->state == VCPU_BLOCKED)
        info->state = MHV_DOMSTATE_BLOCKED;
    strlcpy(info->name, d->name, sizeof(info->name));
    if (d->shared_info) {
        info->events = __atomic_load_n(&d->shared_info->events, __ATOMIC_RELAXED);
        info->progress = __atomic_load_n(&d->shared_info->progress, __ATOMIC_RELAXED);
    }
    info->dev_events = dev_event_queued(d);
}

static long do_domctl(unsigned long arg, unsigned long a2, unsigned long a3,
                      unsigned long a4, unsigned long a5)
{
    struct domain *caller = current_domain(), *d;
    struct mhv_domctl op;
    long rc;

    if (!is_control_domain(caller))
        return -EPERM;
    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != MHV_DOMCTL_INTERFACE_VERSION)
        return -EACCES;

    switch (op.cmd) {
    case XEN_DOMCTL_assign_device:
        d = domain_by_id(op.domain);
        if (!d)
            return -ESRCH;
        if (d->state != MHV_DOMSTATE_RUNNING)
            return -EINVAL;
#ifdef CONFIG_VPCI
        /* A domain with a virtual PCI bus (HVM) sees the function there. */
        if (d->vpci)
            return vpci_assign_device(d, (pci_sbdf_t){ .sbdf = op.u.assign_device.sbdf });
#endif
        return assign_device(d, (pci_sbdf_t){ .sbdf = op.u.assign_device.sbdf });
    case XEN_DOMCTL_deassign_device:
        return deassign_device((pci_sbdf_t){ .sbdf = op.u.assign_device.sbdf });
    case XEN_DOMCTL_getdomaininfo:
        d = domain_by_id(op.domain);
        if (!d)
            return -ESRCH;
        fill_info(d, &op.u.getdomaininfo);
        rc = copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
        return rc;
#ifdef CONFIG_HVM
    case MHV_DOMCTL_hvm_create:
    case MHV_DOMCTL_hvm_destroy:
    case MHV_DOMCTL_hvm_info:
    case MHV_DOMCTL_hvm_unpause:
        return hvm_domctl(&op, arg);
#endif
    default:
        return -ENOSYS;
    }
}
DEFINE_HYPERCALL(__HYPERVISOR_domctl, do_domctl);
