/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic IOMMU layer (see <mhv/passthrough/iommu.h>, docs/iommu.md): policy
 * (`iommu=`), the per-domain state, the ownership-move sequence
 * (quarantine, FLR, switch) and the calls into the hardware driver.
 *
 *   iommu=on      (default) use the IOMMU when the firmware describes one
 *   iommu=off     do not: only the control domain may own devices
 *   iommu=force   a missing or unusable IOMMU is fatal at boot
 */
#include <mhv/passthrough/iommu.h>
#include <mhv/domain.h>
#include <mhv/gpmap.h>
#include <mhv/passthrough/pcidev.h>
#include <asm/msi.h>
#include <mhv/init.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <mhv/time.h>
#include <mhv/xmalloc.h>
#include <mhv/pci/reset.h>
#include <public/sysctl.h>
#include "vtd/dmar.h"
#include <mhv/pci/access.h>
#include <mhv/sbdf.h>
#include <mhv/domain_list.h>

enum { IOMMU_ON, IOMMU_OFF, IOMMU_FORCE };
static unsigned int opt_iommu = IOMMU_ON;

static const struct iommu_ops *ops;     /* set at early init, then fixed */

/* Hardware drivers in this build (Kconfig). */
#ifdef CONFIG_INTEL_IOMMU
#define IOMMU_DRIVERS 1
#else
#define IOMMU_DRIVERS 0
#endif
static bool dma_on;                     /* the units translate */

static int parse_iommu(const char *v)
{
    if (!v || !strcmp(v, "on") || !strcmp(v, "1"))
        opt_iommu = IOMMU_ON;
    else if (!strcmp(v, "off") || !strcmp(v, "0"))
        opt_iommu = IOMMU_OFF;
    else if (!strcmp(v, "force"))
        opt_iommu = IOMMU_FORCE;
    else
        return -EINVAL;
    return 0;
}
custom_param("iommu", parse_iommu);

bool iommu_enabled(void)
{
    return dma_on;
}

bool iommu_intremap_enabled(void)
{
    return dma_on && ops->intremap_on();
}

bool iommu_dma_enabled(const struct domain *d)
{
    return dma_on && d && d->iommu && d->iommu->hw && !d->iommu->dead;
}

/* ---------------------------------------------------------------- boot */

void iommu_early_init(void)
{
    if (opt_iommu == IOMMU_OFF) {
        printk("IOMMU: off (iommu=off): devices stay with the control domain\n");
        return;
    }
#ifdef CONFIG_INTEL_IOMMU
    ops = vtd_probe();
#endif
    if (!ops) {
        const char *why = !IOMMU_DRIVERS ? "no driver built in" :
                          dmar_info.found ? "unusable units" : "no DMAR table";

        if (opt_iommu == IOMMU_FORCE)
            panic("iommu=force: no usable IOMMU (%s)", why);
        printk(LOG_WARNING "IOMMU: none (%s): devices stay with the control "
               "domain\n", why);
    }
}

static int iommu_init(void)
{
    if (!ops)
        return 0;
    if (ops->init()) {
        if (opt_iommu == IOMMU_FORCE)
            panic("iommu=force: the IOMMU could not be brought up");
        printk(LOG_ERR "IOMMU: bring-up failed: devices stay with the control "
               "domain\n");
        return 0;
    }
    dma_on = true;
    printk("IOMMU: %s: DMA remapping on, interrupt remapping %s\n", ops->name,
           ops->intremap_on() ? "on" : "off");
    return 0;
}
/* Before the PCI scan (an __initcall): every function it registers gets
 * its context entry at once. */
presmp_initcall(iommu_init);

/* ---------------------------------------------------------------- domains */

int iommu_domain_init(struct domain *d)
{
    struct domain_iommu *di;
    int rc;

    if (!ops)
        return 0;
    di = xzalloc(struct domain_iommu);
    if (!di)
        return -ENOMEM;
    spin_lock_init_class(&di->lock, "domain_iommu->lock");
    di->did = (u16)(d->domain_id + 1);
    rc = ops->domain_init(di);
    if (rc) {
        xfree(di);
        return rc;
    }
    d->iommu = di;
    return 0;
}

/*
 * The domain's map is destroyed: free its DMA tables.  @pre none of its
 * devices names its table any more (they were moved away first); the
 * domain's IOTLB entries are invalidated before the tables are freed.
 * Its table pages are not counted as the domain's.
 *
 * Fails closed: while a context entry may still name the tables (a device
 * that could not be blocked, or whose entry was written but not
 * confirmed), or when the domain-wide invalidation is not confirmed, the
 * tables stay (for good: the domain is not freed either) and the error
 * tells gpmap_destroy() to withhold the domain's pages, which a device
 * may still reach through them.
 */
static int iommu_gpmap_destroy(struct domain *d, unsigned long *freed)
{
    struct domain_iommu *di = d->iommu;
    unsigned long flags;
    int rc = 0;

    if (!di || di->dead)
        return 0;
    spin_lock_irqsave(&di->lock, flags);
    if (di->nr_devices) {
        /* A device still translates through these tables: freeing them
         * would hand it whatever the pages become.  Keep them. */
        gprintk(LOG_ERR "IOMMU d%u: %u device(s) may still use its DMA "
                "tables: tables and memory kept\n", d->domain_id,
                di->nr_devices);
        rc = -EBUSY;
    } else if (dma_on && di->hw && (rc = ops->flush(di, 0, true))) {
        gprintk(LOG_ERR "IOMMU d%u: its IOTLB invalidation failed (%d): "
                "tables and memory kept\n", d->domain_id, rc);
    } else {
        ops->domain_destroy(di);
        di->dead = true;
        di->nr_mapped = 0;
    }
    spin_unlock_irqrestore(&di->lock, flags);
    return rc;
}

void iommu_domain_free(struct domain *d)
{
    struct domain_iommu *di = d->iommu;

    if (!di)
        return;
    /* Tables a device may still use were kept, and stay (logged then). */
    if (!di->dead)
        return;
    ops->domain_free(di);
    xfree(di);
    d->iommu = NULL;
}

/* Map the RAM page @pa at @iova for DMA; a page beyond the DMA width is
 * skipped (counted). */
static int map_page(struct domain *d, u64 iova, paddr_t pa, bool writable)
{
    struct domain_iommu *di = d->iommu;
    unsigned long flags;
    int rc;

    if (!di || !di->hw)
        return 0;
    spin_lock_irqsave(&di->lock, flags);
    rc = di->dead ? 0 : ops->map_page(di, iova, pa, writable);
    if (rc == -ERANGE) {
        di->nr_skipped++;
        rc = 0;
    } else if (!rc && !di->dead) {
        di->nr_mapped++;
    }
    spin_unlock_irqrestore(&di->lock, flags);
    return rc;
}

/*
 * Unmap @iova; returns after the IOTLB invalidation completed: 0, or the
 * invalidation's error (the entry is gone from the table, but a unit may
 * still cache the translation: the page must not be reused).
 */
static int unmap_page(struct domain *d, u64 iova)
{
    struct domain_iommu *di = d->iommu;
    unsigned long flags;
    int rc = 0;

    if (!di || !di->hw)
        return 0;
    spin_lock_irqsave(&di->lock, flags);
    if (!di->dead && ops->unmap_page(di, iova)) {
        di->nr_mapped--;
        if (dma_on)
            rc = ops->flush(di, iova, false);
    }
    spin_unlock_irqrestore(&di->lock, flags);
    return rc;
}

/*
 * The DMA side of every domain's map (<mhv/gpmap.h>): RAM and DMA memory
 * at their guest addresses (a PV domain's bus address = its virtual
 * address), read-only unless GPMAP_WRITE; device memory (a BAR) never:
 * no device reaches another's registers through the domain's table.  A
 * no-op without an IOMMU or before the domain has its state.
 */
static int iommu_gpmap_map(struct domain *d, const struct gpmap_range *r)
{
    if (r->type == GPMAP_MMIO)
        return 0;
    for (unsigned long i = 0; i < r->npages; i++) {
        int rc = map_page(d, r->gaddr + i * PAGE_SIZE, r->pa + i * PAGE_SIZE,
                          r->flags & GPMAP_WRITE);

        if (rc) {
            while (i--)
                unmap_page(d, r->gaddr + i * PAGE_SIZE);
            return rc;
        }
    }
    return 0;
}

/* Every page leaves the table even when an invalidation fails; the first
 * error says the range may still be reached. */
static int iommu_gpmap_unmap(struct domain *d, const struct gpmap_range *r)
{
    int rc = 0;

    if (r->type == GPMAP_MMIO)
        return 0;
    for (unsigned long i = 0; i < r->npages; i++) {
        int err = unmap_page(d, r->gaddr + i * PAGE_SIZE);

        if (err && !rc)
            rc = err;
    }
    return rc;
}

GPMAP_CONSUMER(iommu, .map = iommu_gpmap_map, .unmap = iommu_gpmap_unmap,
               .destroy = iommu_gpmap_destroy);

/* ---------------------------------------------------------------- devices */

static struct domain_iommu *table_of(struct domain *d)
{
    return d && d->iommu && d->iommu->hw && !d->iommu->dead ? d->iommu : NULL;
}

/*
 * Point @pdev at @d's table (or block it when @d has none).  The table's
 * device count covers every context entry the hardware may use: one that
 * was written but whose invalidation failed counts too (a unit without
 * caching mode uses a new present entry at once), so the tables are kept
 * as long as it may name them.
 */
static int attach(struct pci_dev *pdev, struct domain *d, bool *names_table)
{
    struct domain_iommu *di = table_of(d);
    int rc = ops->set_device(pdev->sbdf, di);

    *names_table = di && (!rc || ops->device_uses(pdev->sbdf, di));
    if (*names_table)
        di->nr_devices++;
    return rc;
}

static void detach(struct pci_dev *pdev, struct domain *d)
{
    struct domain_iommu *di = table_of(d);

    if (!ops->covers(pdev->sbdf))
        return;                 /* no unit: no context entry to clear */
    if (ops->set_device(pdev->sbdf, NULL))
        gprintk(LOG_ERR "IOMMU %pp: could not be blocked\n", &pdev->sbdf);
    else if (di && di->nr_devices)
        di->nr_devices--;
}

int iommu_attach_device(struct pci_dev *pdev)
{
    bool names_table;
    int rc;

    ASSERT(pcidevs_locked());
    if (!dma_on)
        return 0;
    if (!ops->covers(pdev->sbdf))
        return -ENODEV;         /* logged; not assignable (check_assign) */
    rc = attach(pdev, pdev->domain, &names_table);
    if (rc && names_table)
        gprintk(LOG_ERR "IOMMU %pp: context entry for d%u written, its "
                "invalidation failed (%d): the device may use d%u's table, "
                "which is kept while it may\n", &pdev->sbdf,
                pdev->domain->domain_id, rc, pdev->domain->domain_id);
    else if (rc)
        gprintk(LOG_WARNING "IOMMU %pp: no context entry (%d): its DMA is "
                "blocked\n", &pdev->sbdf, rc);
    for (unsigned int i = 0; i < dmar_info.nr_rmrrs; i++)
        if (dmar_rmrr_covers(&dmar_info.rmrrs[i], pdev->sbdf, pci_conf_read8))
            gprintk(LOG_WARNING "IOMMU %pp: has an RMRR (0x%lx-0x%lx), not "
                    "mapped: it stays with the control domain\n", &pdev->sbdf,
                    (unsigned long)dmar_info.rmrrs[i].base,
                    (unsigned long)dmar_info.rmrrs[i].limit);
    return rc;
}

void iommu_remove_device(struct pci_dev *pdev)
{
    ASSERT(pcidevs_locked());
    if (!dma_on)
        return;
    detach(pdev, pdev->domain);
}

/*
 * The leave step: quarantine.  Runs after the interrupt and BAR-mapping
 * steps (the device's MSIs are off, its owner cannot reach its registers).
 * The reset comes with the next owner (the registry's move, before
 * iommu_attach_device()): a device that is only being removed is not reset.
 */
static void iommu_pdev_leave(struct pci_dev *pdev, struct domain *owner)
{
    ASSERT_PDEV_LEAVING(pdev, owner);
    if (!dma_on)
        return;
    detach(pdev, owner);
}
PDEV_LEAVE_STEP(PDEV_LEAVE_DMA, iommu_pdev_leave);

int iommu_check_assign(const struct pci_dev *pdev, const struct domain *d)
{
    if (is_control_domain(d))
        return 0;
    if (!dma_on) {
        gprintk(LOG_WARNING "PCI assign %pp -> d%u refused: no IOMMU confines "
                "its DMA (%s)\n", &pdev->sbdf, d->domain_id,
                opt_iommu == IOMMU_OFF ? "iommu=off" :
                dmar_info.found ? "IOMMU unusable" : "no DMAR table");
        return -EOPNOTSUPP;
    }
    if (!ops->covers(pdev->sbdf)) {
        gprintk(LOG_WARNING "PCI assign %pp -> d%u refused: no IOMMU unit "
                "covers it\n", &pdev->sbdf, d->domain_id);
        return -EOPNOTSUPP;
    }
    if (ops->broken(pdev->sbdf)) {
        /* Its invalidations fail: neither the quarantine nor the next
         * owner's unmaps could be confirmed. */
        gprintk(LOG_ERR "PCI assign %pp -> d%u refused: its IOMMU unit is "
                "out of service\n", &pdev->sbdf, d->domain_id);
        return -EIO;
    }
    for (unsigned int i = 0; i < dmar_info.nr_rmrrs; i++)
        if (dmar_rmrr_covers(&dmar_info.rmrrs[i], pdev->sbdf, pci_conf_read8)) {
            gprintk(LOG_WARNING "PCI assign %pp -> d%u refused: it has an RMRR\n",
                    &pdev->sbdf, d->domain_id);
            return -EPERM;
        }
    return 0;
}

/* ---------------------------------------------------------------- MSI */

int iommu_setup_msi(const struct pci_dev *pdev, unsigned int cpu,
                    unsigned int vector, unsigned int nvec, struct msi_msg *msg)
{
    if (!iommu_intremap_enabled())
        return 0;       /* the compatibility-format message stays */
    return ops->setup_msi(pdev->sbdf, cpu, vector, nvec, msg);
}

void iommu_teardown_msi(const struct pci_dev *pdev, unsigned int cpu,
                        unsigned int vector, unsigned int nvec)
{
    if (iommu_intremap_enabled())
        ops->teardown_msi(pdev->sbdf, cpu, vector, nvec);
}

/* ---------------------------------------------------------------- counters */

/* The VT-d fault handler's hook (interrupt context). */
void iommu_count_fault(u16 did, unsigned int reason, u64 addr)
{
    struct domain *d = did ? domain_by_id((domid_t)(did - 1)) : NULL;

    if (!d || !d->iommu)
        return;
    /* Reason and address first: a reader that sees the count sees them. */
    WRITE_ONCE(d->iommu->last_reason, reason);
    WRITE_ONCE(d->iommu->last_addr, addr);
    __atomic_add_fetch(&d->iommu->nr_faults, 1, __ATOMIC_RELEASE);
}

void iommu_get_stats(struct iommu_stats *st)
{
    memset(st, 0, sizeof(*st));
    if (ops)
        ops->stats(st);
}

/* The sysctl's union gives the report 128 bytes. */
BUILD_BUG_ON(sizeof(struct mhv_iommu_info) > 128);

void iommu_get_info(const struct domain *caller, struct mhv_iommu_info *info)
{
    bool priv = is_control_domain(caller);
    domid_t domid = priv ? info->domid : caller->domain_id;
    u32 dev = info->dev_sbdf;
    struct iommu_stats st;
    struct domain *d;

    memset(info, 0, sizeof(*info));
    info->domid = domid;
    if (dmar_info.found)
        info->flags |= MHV_IOMMU_DMAR;
    if (opt_iommu == IOMMU_OFF)
        info->flags |= MHV_IOMMU_OFF;
    if (opt_iommu == IOMMU_FORCE)
        info->flags |= MHV_IOMMU_FORCE;
    if (!ops)
        return;
    if (dma_on)
        info->flags |= MHV_IOMMU_DMA_ON;
    if (iommu_intremap_enabled())
        info->flags |= MHV_IOMMU_IR_ON;
    if (priv) {
        ops->info(info);
        iommu_get_stats(&st);
        info->table_pages = st.table_pages;
        info->contexts = st.contexts;
        info->irtes = st.irtes;
        info->faults = st.faults;
        info->withheld_pages = gpmap_withheld_pages();
        if (st.broken_units)
            info->flags |= MHV_IOMMU_BROKEN;
        if (dev != MHV_IOMMU_NO_DEV) {
            u16 did;

            info->dev_sbdf = dev;
            info->dev_faults = ops->dev_faults((pci_sbdf_t){ .sbdf = dev }, &did);
            info->dev_did = did;
        }
    }
    d = domain_by_id(domid);
    if (d) {
        info->dom_valid = 1;
        if (d->iommu) {
            info->dom_faults = __atomic_load_n(&d->iommu->nr_faults,
                                               __ATOMIC_ACQUIRE);
            info->dom_last_reason = READ_ONCE(d->iommu->last_reason);
            info->dom_last_addr = READ_ONCE(d->iommu->last_addr);
            info->dom_mapped = d->iommu->nr_mapped;
            info->dom_devices = d->iommu->nr_devices;
        }
    }
}
