/* SPDX-License-Identifier: GPL-2.0 */
/*
 * physdev_op, the hypercall of physical devices (<mhv/domain/physdev.h>):
 * argument copying, privilege and the lock set-up of each operation; the
 * work is done by the layers below:
 *
 *   PHYSDEVOP_pci_device_add/_remove,   -> the registry (pci_add_device(),
 *   PHYSDEVOP_manage_pci_add/_remove       pci_remove_device())
 *   PHYSDEVOP_mhv_pci_conf              -> pci_conf_access() (<mhv/passthrough/pci_cfg.h>)
 *   PHYSDEVOP_mhv_map_bar               -> pci_map_bar() (<mhv/passthrough/bar_map.h>)
 *   PHYSDEVOP_mhv_dma_alloc / _free     -> dma_mem_alloc_op() (<mhv/domain/dma_mem.h>)
 *   PHYSDEVOP_map_pirq / _unmap_pirq    -> arch_physdev_op(): x86's pirqs,
 *                                          the start of the seed path
 *                                          (<asm/passthrough/physdev.h>)
 *
 * The seed path, top-down (docs/architecture.md lists it file by file):
 *
 *   physdev_map_pirq()                arch/x86/passthrough/physdev.c:
 *                                     read_lock(&d->pci_lock), write_lock(&d->event_lock)
 *    -> allocate_and_map_msi_pirq()   arch/x86/passthrough/pirq.c
 *     -> map_domain_pirq()
 *      -> pci_enable_msix_entry()     drivers/passthrough/msi.c
 *       -> msix_capability_init()
 *        -> read_pci_mem_bar()        drivers/passthrough/pci_mem_bar.c: for a
 *                                     VF through the VF -> PF link, no lookup
 *
 * Errors: docs/hypercalls.md.  Lock order: docs/locking.md.
 */
#include <mhv/hypercall.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/passthrough/pci_cfg.h>
#include <mhv/passthrough/bar_map.h>
#include <mhv/domain/dma_mem.h>
#include <mhv/passthrough/dev_event.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/domain/physdev.h>
#include <asm/passthrough/physdev.h>
#include <asm/guest_access.h>
#include <public/physdev.h>
#include <mhv/sbdf.h>
#include <mhv/passthrough/hotplug.h>
#include <mhv/event.h>

/* ---------------------------------------------------------------- add/remove */

long physdev_pci_device_add_op(struct domain *d, unsigned long arg)
{
    struct physdev_pci_device_add add;
    struct pci_dev_info info = { 0 };

    if (!is_control_domain(d))
        return -EPERM;
    if (copy_from_guest(&add, arg, sizeof(add)))
        return -EFAULT;
    if (add.flags & ~(XEN_PCI_DEV_EXTFN | XEN_PCI_DEV_VIRTFN | XEN_PCI_DEV_PXM))
        return -EINVAL;
    info.is_extfn = add.flags & XEN_PCI_DEV_EXTFN;
    info.is_virtfn = add.flags & XEN_PCI_DEV_VIRTFN;
    info.physfn.bus = add.physfn.bus;
    info.physfn.devfn = add.physfn.devfn;
    return pci_add_device(add.seg, add.bus, add.devfn, &info);
}

long physdev_pci_device_remove_op(struct domain *d, unsigned long arg)
{
    struct physdev_pci_device dev;

    if (!is_control_domain(d))
        return -EPERM;
    if (copy_from_guest(&dev, arg, sizeof(dev)))
        return -EFAULT;
    return pci_remove_device(dev.seg, dev.bus, dev.devfn);
}

long physdev_manage_pci_op(struct domain *d, unsigned long arg, bool add)
{
    struct physdev_manage_pci m;

    if (!is_control_domain(d))
        return -EPERM;
    if (copy_from_guest(&m, arg, sizeof(m)))
        return -EFAULT;
    return add ? pci_add_device(0, m.bus, m.devfn, NULL)
               : pci_remove_device(0, m.bus, m.devfn);
}

/* ---------------------------------------------------------------- config, BARs */

long physdev_pci_conf_op(struct domain *d, unsigned long arg)
{
    struct physdev_mhv_pci_conf c;
    u32 value;
    int rc;

    if (copy_from_guest(&c, arg, sizeof(c)))
        return -EFAULT;
    if (c.write > 1)
        return -EINVAL;
    value = c.value;
    rc = pci_conf_access(d, (pci_sbdf_t){ .sbdf = c.sbdf }, c.reg, c.size,
                         c.write, &value);
    if (rc || c.write)
        return rc;
    c.value = value;
    return copy_to_guest(arg, &c, sizeof(c)) ? -EFAULT : 0;
}

long physdev_map_bar_op(struct domain *d, unsigned long arg)
{
    struct physdev_mhv_map_bar m;
    unsigned long va;
    u64 size;
    int rc;

    if (copy_from_guest(&m, arg, sizeof(m)))
        return -EFAULT;
    rc = pci_map_bar(d, (pci_sbdf_t){ .sbdf = m.sbdf }, m.bar, &va, &size);
    if (rc)
        return rc;
    m.va = va;
    m.size = size;
    /* The mapping stays (a retry finds it); the domain just lost the answer. */
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/* ---------------------------------------------------------------- hotplug */

long physdev_dev_event_op(struct domain *d, unsigned long arg)
{
    struct physdev_mhv_dev_event ev = { 0 };

    /* A pointer we cannot write to must not cost the domain an event. */
    if (copy_to_guest(arg, &ev, sizeof(ev)))
        return -EFAULT;
    ev.pending = dev_event_take(d, &ev.sbdf, &ev.type, &ev.flags);
    return copy_to_guest(arg, &ev, sizeof(ev)) ? -EFAULT : 0;
}

long physdev_place_bars_op(struct domain *d, unsigned long arg)
{
    struct physdev_mhv_place_bars p;
    int rc;

    if (!is_control_domain(d))
        return -EPERM;
    if (copy_from_guest(&p, arg, sizeof(p)))
        return -EFAULT;
    rc = pci_hotplug_place_bars((pci_sbdf_t){ .sbdf = p.sbdf });
    if (rc < 0)
        return rc;
    p.placed = (u32)rc;
    return copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
}

/* ---------------------------------------------------------------- dispatch */

static long do_physdev_op(unsigned long cmd, unsigned long arg,
                          unsigned long a3, unsigned long a4, unsigned long a5)
{
    struct domain *d = current_domain();

    switch (cmd) {
    case PHYSDEVOP_pci_device_add:
        return physdev_pci_device_add_op(d, arg);
    case PHYSDEVOP_pci_device_remove:
        return physdev_pci_device_remove_op(d, arg);
    case PHYSDEVOP_manage_pci_add:
        return physdev_manage_pci_op(d, arg, true);
    case PHYSDEVOP_manage_pci_remove:
        return physdev_manage_pci_op(d, arg, false);
    case PHYSDEVOP_mhv_pci_conf:
        return physdev_pci_conf_op(d, arg);
    case PHYSDEVOP_mhv_map_bar:
        return physdev_map_bar_op(d, arg);
    case PHYSDEVOP_mhv_dma_alloc:
        return dma_mem_alloc_op(d, arg);
    case PHYSDEVOP_mhv_dma_free:
        return dma_mem_free_op(d, arg);
    case PHYSDEVOP_mhv_place_bars:
        return physdev_place_bars_op(d, arg);
    case PHYSDEVOP_mhv_dev_event:
        return physdev_dev_event_op(d, arg);
    default:
        return arch_physdev_op(d, cmd, arg);     /* the pirqs */
    }
}
DEFINE_HYPERCALL(__HYPERVISOR_physdev_op, do_physdev_op);
