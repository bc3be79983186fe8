/* SPDX-License-Identifier: GPL-2.0 */
/*
 * physdev_op: PCI device add/remove (control domain only), config-space
 * access and BAR mapping (owners only, hypervisor-owned parts filtered),
 * and the pirq operations of the interrupt layer.
 *
 * Who may touch a function (docs/hypercalls.md):
 *   the control domain: every function not assigned to another domain,
 *                       registered or not (as a hardware domain does);
 *   any other domain:   only functions it owns.
 * The MSI and MSI-X capabilities' control, address and data registers and
 * the MSI-X table and PBA belong to the hypervisor: config writes to them
 * are refused with -EPERM, and BAR mappings leave the table/PBA pages out.
 */
#include <mhv/hypercall.h>
#include <mhv/domain.h>
#include <mhv/pcidev.h>
#include <mhv/pci_bar.h>
#include <mhv/pirq.h>
#include <mhv/physdev.h>
#include <mhv/lib.h>
#include <mhv/mm.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include <mhv/bootinfo.h>
#include <asm/guest_mm.h>
#include <public/physdev.h>

/* A BAR mapped into a domain (d->mm_lock). */
struct bar_map {
    struct list_head entry;
    pci_sbdf_t sbdf;
    unsigned int bar;
    unsigned long va;
    u64 size;
};

static pci_sbdf_t sbdf_of(u32 v)
{
    return (pci_sbdf_t){ .sbdf = v };
}

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

/* ---------------------------------------------------------------- config */

static bool overlaps(unsigned int reg, unsigned int end, unsigned int lo,
                     unsigned int hi)
{
    return reg < hi && end > lo;
}

/*
 * Registers only the control domain may write: the BARs and the expansion
 * ROM BAR (a domain moving its BAR over RAM and then mapping it would get
 * at memory that is not its own), a bridge's bus numbers and windows, a
 * PF's SR-IOV capability (it places and enables VFs the control domain may
 * own), and what resets or resizes the function behind the hypervisor's
 * back: PCIe Device Control (function-level reset), PM control (D3hot
 * resets too) and the Resizable BAR controls.  A deny list of what is
 * known to matter; everything else in an owned function is the owner's.
 */
static bool write_needs_control_domain(pci_sbdf_t sbdf, const struct pci_dev *pdev,
                                       unsigned int reg, unsigned int size)
{
    unsigned int end = reg + size, pos;

    if (overlaps(reg, end, PCI_BASE_ADDRESS_0, 0x40))
        return true;            /* BARs, bridge registers, ROM BARs */
    if (pdev && pdev->is_pf && pdev->pf.sriov_pos &&
        overlaps(reg, end, pdev->pf.sriov_pos, pdev->pf.sriov_pos + 0x40))
        return true;
    if ((pos = pci_find_cap(sbdf, PCI_CAP_ID_EXP)) &&
        overlaps(reg, end, pos + PCI_EXP_DEVCTL, pos + PCI_EXP_DEVCTL + 2))
        return true;
    if ((pos = pci_find_cap(sbdf, PCI_CAP_ID_PM)) &&
        overlaps(reg, end, pos + PCI_PM_CTRL, pos + PCI_PM_CTRL + 2))
        return true;
    if (reg >= 0x100 &&
        (((pos = pci_find_ext_cap(sbdf, PCI_EXT_CAP_ID_REBAR)) &&
          overlaps(reg, end, pos, pos + 0x34)) ||
         ((pos = pci_find_ext_cap(sbdf, PCI_EXT_CAP_ID_VF_REBAR)) &&
          overlaps(reg, end, pos, pos + 0x34))))
        return true;
    return false;
}

/* Does a write of @size bytes at @reg touch hypervisor-owned registers? */
static bool write_is_hypervisor_owned(pci_sbdf_t sbdf, const struct pci_dev *pdev,
                                      unsigned int reg, unsigned int size)
{
    unsigned int msi = pdev ? pdev->msi_pos : pci_find_cap(sbdf, PCI_CAP_ID_MSI);
    unsigned int msix = pdev ? pdev->msix_pos : pci_find_cap(sbdf, PCI_CAP_ID_MSIX);
    unsigned int end = reg + size;

    /* MSI: control, address, data, mask and pending (up to 24 bytes). */
    if (msi && reg < msi + 24 && end > msi + 2)
        return true;
    /* MSI-X: message control (table and PBA offsets are read-only). */
    if (msix && reg < msix + 4 && end > msix + 2)
        return true;
    return false;
}

long physdev_pci_conf_op(struct domain *d, unsigned long arg)
{
    struct physdev_mhv_pci_conf c;
    pci_sbdf_t sbdf;
    struct pci_dev *pdev;
    long rc = 0;

    if (copy_from_guest(&c, arg, sizeof(c)))
        return -EFAULT;
    if ((c.size != 1 && c.size != 2 && c.size != 4) || (c.reg & (c.size - 1)) ||
        c.reg > 0x1000 - c.size || c.write > 1)
        return -EINVAL;
    sbdf = sbdf_of(c.sbdf);

    if (is_control_domain(d)) {
        pcidevs_lock();
        pdev = pci_get_pdev(NULL, sbdf);
        if (pdev && pdev->domain && pdev->domain != d)
            rc = -EPERM;
    } else {
        read_lock(&d->pci_lock);
        pdev = pci_get_pdev(d, sbdf);
        if (!pdev)
            rc = -EPERM;
    }
    if (!rc && c.write && !is_control_domain(d) &&
        write_needs_control_domain(sbdf, pdev, c.reg, c.size)) {
        printk(LOG_DEBUG "d%u: config write %pp+%#x refused: BARs, bridge, SR-IOV, "
               "reset and resize registers are the control domain's\n",
               d->domain_id, &sbdf, c.reg);
        rc = -EPERM;
    }
    if (!rc && c.write && write_is_hypervisor_owned(sbdf, pdev, c.reg, c.size)) {
        printk(LOG_DEBUG "d%u: config write %pp+%#x refused: MSI/MSI-X control "
               "belongs to the hypervisor\n", d->domain_id, &sbdf, c.reg);
        rc = -EPERM;
    }
    if (!rc) {
        if (c.write) {
            if (c.size == 1)
                pci_conf_write8(sbdf, c.reg, c.value);
            else if (c.size == 2)
                pci_conf_write16(sbdf, c.reg, c.value);
            else
                pci_conf_write32(sbdf, c.reg, c.value);
        } else {
            c.value = c.size == 1 ? pci_conf_read8(sbdf, c.reg)
                    : c.size == 2 ? pci_conf_read16(sbdf, c.reg)
                                  : pci_conf_read32(sbdf, c.reg);
        }
    }
    if (is_control_domain(d))
        pcidevs_unlock();
    else
        read_unlock(&d->pci_lock);
    if (!rc && !c.write && copy_to_guest(arg, &c, sizeof(c)))
        rc = -EFAULT;
    return rc;
}

/* ---------------------------------------------------------------- BARs */

/* The pages of BAR @bar that hold @pdev's MSI-X table or PBA, as a page
 * range [*lo, *hi) per structure (empty when not in this BAR). */
static void msix_pages(const struct pci_dev *pdev, unsigned int bar,
                       u64 lo[2], u64 hi[2])
{
    lo[0] = hi[0] = lo[1] = hi[1] = 0;
    if (!pdev->msix_pos)
        return;
    {
        u16 ctrl = pci_conf_read16(pdev->sbdf, pdev->msix_pos + PCI_MSIX_FLAGS);
        unsigned int n = (ctrl & PCI_MSIX_FLAGS_QSIZE) + 1;
        u32 t = pci_conf_read32(pdev->sbdf, pdev->msix_pos + PCI_MSIX_TABLE);
        u32 p = pci_conf_read32(pdev->sbdf, pdev->msix_pos + PCI_MSIX_PBA);

        if ((t & PCI_MSIX_BIRMASK) == bar) {
            lo[0] = ROUNDDOWN((u64)(t & ~PCI_MSIX_BIRMASK), PAGE_SIZE);
            hi[0] = ROUNDUP((u64)(t & ~PCI_MSIX_BIRMASK) + n * 16, PAGE_SIZE);
        }
        if ((p & PCI_MSIX_BIRMASK) == bar) {
            lo[1] = ROUNDDOWN((u64)(p & ~PCI_MSIX_BIRMASK), PAGE_SIZE);
            hi[1] = ROUNDUP((u64)(p & ~PCI_MSIX_BIRMASK) + DIV_ROUND_UP(n, 64) * 8,
                            PAGE_SIZE);
        }
    }
}

/* Largest BAR a domain may map in one go. */
#define MAP_BAR_MAX (1UL << 30)

/* Does [base, base + size) touch memory the boot map calls RAM or ACPI? */
static bool range_is_memory(u64 base, u64 size)
{
    for (unsigned int i = 0; i < bootinfo.nr_mem; i++) {
        const struct boot_mem_region *m = &bootinfo.mem[i];

        if ((m->type == BOOT_MEM_RAM || m->type == BOOT_MEM_ACPI ||
             m->type == BOOT_MEM_NVS) &&
            base < m->addr + m->len && m->addr < base + size)
            return true;
    }
    return false;
}

long physdev_map_bar_op(struct domain *d, unsigned long arg)
{
    struct physdev_mhv_map_bar m;
    struct pci_dev *pdev;
    struct bar_map *bm, *existing = NULL;
    u64 base, size, lo[2], hi[2];
    unsigned long va = 0;
    long rc;

    if (copy_from_guest(&m, arg, sizeof(m)))
        return -EFAULT;
    if (m.bar >= PCI_SRIOV_NUM_BARS)
        return -EINVAL;

    read_lock(&d->pci_lock);
    pdev = pci_get_pdev(d, sbdf_of(m.sbdf));
    if (!pdev) {
        rc = -EPERM;
        goto out;
    }
    rc = read_pci_mem_bar(pdev, m.bar, &base, &size);
    if (rc)
        goto out;
    if ((base & ~PAGE_MASK) || size < PAGE_SIZE || (size & ~PAGE_MASK)) {
        gprintk(LOG_WARNING "d%u: BAR%u of %pp (%#lx+%#lx) is not page-granular: "
               "not mapped\n", d->domain_id, m.bar, &pdev->sbdf, base, size);
        rc = -EINVAL;
        goto out;
    }
    if (size > MAP_BAR_MAX) {
        gprintk(LOG_WARNING "d%u: BAR%u of %pp is %#lx bytes, more than one "
               "mapping may take\n", d->domain_id, m.bar, &pdev->sbdf, size);
        rc = -E2BIG;
        goto out;
    }
    if (range_is_memory(base, size)) {
        gprintk(LOG_WARNING "d%u: BAR%u of %pp (%#lx+%#lx) overlaps RAM: not "
               "mapped\n", d->domain_id, m.bar, &pdev->sbdf, base, size);
        rc = -EINVAL;
        goto out;
    }
    msix_pages(pdev, m.bar, lo, hi);

    spin_lock(&d->mm_lock);
    list_for_each_entry(bm, &d->bar_maps, entry)
        if (bm->sbdf.sbdf == pdev->sbdf.sbdf && bm->bar == m.bar)
            existing = bm;
    if (existing) {
        va = existing->va;
    } else if (d->bar_va_next + size + PAGE_SIZE > MHV_USER_END ||
               !(bm = xzalloc(struct bar_map))) {
        rc = -ENOMEM;
    } else {
        va = d->bar_va_next;
        for (u64 off = 0; off < size && !rc; off += PAGE_SIZE) {
            if ((off >= lo[0] && off < hi[0]) || (off >= lo[1] && off < hi[1]))
                continue;       /* MSI-X table or PBA: the hypervisor's */
            rc = guest_map_page(d, va + off, base + off, GMAP_WRITE | GMAP_UC);
        }
        if (rc) {
            for (u64 off = 0; off < size; off += PAGE_SIZE)
                guest_unmap_page(d, va + off);
            xfree(bm);
        } else {
            *bm = (struct bar_map){ .sbdf = pdev->sbdf, .bar = m.bar, .va = va,
                                    .size = size };
            list_add_tail(&bm->entry, &d->bar_maps);
            d->bar_va_next += size + PAGE_SIZE;     /* a guard page */
        }
    }
    spin_unlock(&d->mm_lock);
    if (!rc)
        printk(LOG_DEBUG "d%u: BAR%u of %pp (%#lx+%#lx) mapped at %#lx\n",
               d->domain_id, m.bar, &pdev->sbdf, base, size, va);
 out:
    read_unlock(&d->pci_lock);
    if (rc)
        return rc;
    m.va = va;
    m.size = size;
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

void pci_dev_unmap_bars(struct pci_dev *pdev)
{
    struct domain *d = pdev->domain;
    struct bar_map *bm, *tmp;
    bool flushed = false;

    if (!d)
        return;
    spin_lock(&d->mm_lock);
    list_for_each_entry_safe(bm, tmp, &d->bar_maps, entry) {
        if (bm->sbdf.sbdf != pdev->sbdf.sbdf)
            continue;
        for (u64 off = 0; off < bm->size; off += PAGE_SIZE)
            guest_unmap_page(d, bm->va + off);
        list_del_init(&bm->entry);
        xfree(bm);
        flushed = true;
    }
    spin_unlock(&d->mm_lock);
    if (flushed)
        guest_flush_tlb(d);
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
    case PHYSDEVOP_map_pirq:
        return physdev_map_pirq_op(d, arg);
    case PHYSDEVOP_unmap_pirq:
        return physdev_unmap_pirq_op(d, arg);
    default:
        return -ENOSYS;
    }
}
DEFINE_HYPERCALL(__HYPERVISOR_physdev_op, do_physdev_op);
