/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86 part of physdev_op: mapping device interrupts to a domain's
 * pirqs (<asm/passthrough/physdev.h>), argument copying, privilege and
 * the lock set-up; the mapping itself is arch/x86/passthrough/pirq.c.
 */
#include <mhv/domain.h>
#include <mhv/domain_list.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/sbdf.h>
#include <asm/passthrough/physdev.h>
#include <asm/passthrough/pirq.h>
#include <asm/guest_access.h>
#include <public/physdev.h>

int physdev_map_pirq(struct domain *d, struct msi_info *msi, int *pirq)
{
    int rc;

    read_lock(&d->pci_lock);
    write_lock(&d->event_lock);
    rc = allocate_and_map_msi_pirq(d, pirq, msi);
    write_unlock(&d->event_lock);
    read_unlock(&d->pci_lock);
    return rc;
}

int physdev_unmap_pirq(struct domain *d, int pirq)
{
    int rc;

    read_lock(&d->pci_lock);
    write_lock(&d->event_lock);
    rc = unmap_domain_pirq(d, pirq);
    write_unlock(&d->event_lock);
    read_unlock(&d->pci_lock);
    return rc;
}

/* The domain an operation acts on: the caller itself, or (control domain
 * only) the one it names.  NULL: none, or not the caller's to name. */
static struct domain *target_domain(struct domain *caller, domid_t domid)
{
    if (domid == DOMID_SELF || domid == caller->domain_id)
        return caller;
    /* The control domain may act for others; their devices must be theirs. */
    return is_control_domain(caller) ? domain_by_id(domid) : NULL;
}

long physdev_map_pirq_op(struct domain *caller, unsigned long arg)
{
    struct physdev_map_pirq map;
    struct msi_info msi = { 0 };
    struct domain *d;
    int pirq, rc;

    if (copy_from_guest(&map, arg, sizeof(map)))
        return -EFAULT;
    d = target_domain(caller, map.domid);
    if (!d)
        return map.domid >= DOMID_SELF || !is_control_domain(caller) ? -EPERM : -ESRCH;
    if (d->vpci)
        return -EPERM;      /* its devices' interrupts are its virtual bus's */

    switch (map.type) {
    case MAP_PIRQ_TYPE_MSI:
    case MAP_PIRQ_TYPE_MSI_SEG:
    case MAP_PIRQ_TYPE_MULTI_MSI:
        break;
    case MAP_PIRQ_TYPE_GSI:
        return -EOPNOTSUPP;         /* passthrough here is MSI/MSI-X only */
    default:
        return -EINVAL;
    }
    /* MSI_SEG and MULTI_MSI carry the segment in bus bits 31:16 (Xen). */
    if (map.bus < 0 || map.devfn < 0 || map.devfn > 0xff ||
        (map.type == MAP_PIRQ_TYPE_MSI && map.bus > 0xff) ||
        (map.bus & 0xffff) > 0xff)
        return -EINVAL;
    msi.sbdf = PCI_SBDF((u32)map.bus >> 16, map.bus & 0xff, map.devfn);

    if (map.type == MAP_PIRQ_TYPE_MULTI_MSI) {
        msi.type = PIRQ_MSI;
        msi.entry_nr = map.entry_nr;
    } else {
        /* Xen's convention: entry_nr >= 0 selects an MSI-X entry; a
         * negative one asks for single-vector MSI. */
        msi.type = map.entry_nr >= 0 ? PIRQ_MSIX : PIRQ_MSI;
        msi.entry_nr = map.entry_nr >= 0 ? (unsigned int)map.entry_nr : 1;
    }
    if (map.pirq < -1 || map.pirq >= MHV_NR_PIRQS)
        return -EINVAL;
    pirq = map.pirq;
    rc = physdev_map_pirq(d, &msi, &pirq);
    if (rc)
        return rc;
    map.pirq = pirq;
    if (copy_to_guest(arg, &map, sizeof(map))) {
        physdev_unmap_pirq(d, pirq);
        return -EFAULT;
    }
    return 0;
}

long physdev_unmap_pirq_op(struct domain *caller, unsigned long arg)
{
    struct physdev_unmap_pirq u;
    struct domain *d;

    if (copy_from_guest(&u, arg, sizeof(u)))
        return -EFAULT;
    d = target_domain(caller, u.domid);
    if (!d || d->vpci)
        return -EPERM;
    return physdev_unmap_pirq(d, u.pirq);
}

long arch_physdev_op(struct domain *d, unsigned long cmd, unsigned long arg)
{
    switch (cmd) {
    case PHYSDEVOP_map_pirq:
        return physdev_map_pirq_op(d, arg);
    case PHYSDEVOP_unmap_pirq:
        return physdev_unmap_pirq_op(d, arg);
    default:
        return -ENOSYS;
    }
}
