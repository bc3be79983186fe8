/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VT-d driver behind <mhv/passthrough/iommu.h>'s struct iommu_ops: finds the units
 * (DMAR), picks the table depth and the interrupt remapping mode, brings
 * the units up, and turns the generic requests into context entries,
 * second-level mappings and IRTEs (unit.c, pagetable.c, intremap.c).
 *
 * Table depth: every domain's table is used by every unit, so it has the
 * depth all units support: 4 levels (48-bit) where offered, else 3 levels
 * (39-bit; RAM a domain maps above 512 GiB is then not DMA-able).
 * Interrupt remapping needs queued invalidation and IR on every unit.
 * With x2APIC destinations it needs EIM as well; a unit without EIM keeps
 * the LAPIC in xAPIC mode (decided before the LAPIC is set up).
 */
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/bug.h>
#include <mhv/passthrough/iommu.h>
#include <asm/msi.h>
#include <mhv/smp.h>
#include <mhv/xmalloc.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <public/sysctl.h>
#include "vtd.h"
#include <mhv/pci/access.h>
#include <mhv/sbdf.h>

static bool want_ir, use_eim;
static bool ir_on;
/* vtd_units[] index of each DRHD, -1 when that unit is not used. */
static int drhd_unit[DMAR_MAX_UNITS];

static struct vtd_unit *unit_of(pci_sbdf_t sbdf)
{
    int i = dmar_find_unit(sbdf, pci_conf_read8);

    if (i < 0 || drhd_unit[i] < 0)
        return NULL;
    return &vtd_units[drhd_unit[i]];
}

static int vtd_init(void)
{
    unsigned int entries = 256, order = 0, n = 0;

    while (entries < num_online_cpus * 256)
        entries *= 2;
    while ((4096u << order) < entries * 16)
        order++;

    for (unsigned int i = 0; i < vtd_nr_units; i++) {
        struct vtd_unit *u = &vtd_units[i];
        int rc = vtd_unit_init(u);

        if (rc)
            return rc;      /* partial protection is no protection */
        rc = vtd_fault_init(u);
        if (rc)
            printk(LOG_WARNING "VT-d: unit %u: no fault event interrupt (%d): "
                   "faults are only counted when scanned\n", i, rc);
        printk("VT-d: unit %u at 0x%lx: DMA remapping on (%u-level, %u-bit), "
               "CAP 0x%016lx ECAP 0x%016lx\n", i, (unsigned long)u->drhd->reg_base,
               vtd_levels, vtd_levels == 4 ? 48 : 39, (unsigned long)u->cap,
               (unsigned long)u->ecap);
        n++;
    }
    if (!want_ir)
        return 0;
    for (unsigned int i = 0; i < vtd_nr_units; i++) {
        struct vtd_unit *u = &vtd_units[i];
        int rc;

        u->irt_entries = entries;
        u->irt_order = order;
        u->irt = vtd_alloc_pages(order, &u->irt_pa);
        rc = vtd_intremap_init(u, use_eim);
        if (rc) {
            printk(LOG_WARNING "VT-d: unit %u: interrupt remapping failed (%d): "
                   "off\n", i, rc);
            return 0;
        }
    }
    ir_on = true;
    printk("VT-d: interrupt remapping on (%s), %u entries per unit\n",
           use_eim ? "x2APIC destinations, EIM" : "xAPIC destinations",
           entries);
    return 0;
}

static bool vtd_intremap_on(void)
{
    return ir_on;
}

static int vtd_domain_init(struct domain_iommu *di)
{
    struct vtd_pt *pt = xzalloc(struct vtd_pt);
    int rc;

    if (!pt)
        return -ENOMEM;
    rc = vtd_pt_init(pt, vtd_levels);
    if (rc) {
        xfree(pt);
        return rc;
    }
    di->hw = pt;
    return 0;
}

static void vtd_domain_destroy(struct domain_iommu *di)
{
    struct vtd_pt *pt = di->hw;

    /* The tables go; the small struct stays with the domain's (which is
     * never freed either), so a dead domain costs no heap churn. */
    if (pt)
        vtd_pt_destroy(pt);
}

static void vtd_domain_free(struct domain_iommu *di)
{
    xfree(di->hw);
    di->hw = NULL;
}

static int vtd_map_page(struct domain_iommu *di, u64 iova, paddr_t pa, bool w)
{
    return vtd_pt_map(di->hw, iova, pa, w);
}

static bool vtd_unmap_page(struct domain_iommu *di, u64 iova)
{
    return vtd_pt_unmap(di->hw, iova);
}

static int vtd_flush(struct domain_iommu *di, u64 iova, bool all)
{
    return vtd_flush_iotlb(di->did, all ? ~0ul : (unsigned long)(iova >> 12));
}

static int vtd_set_device(pci_sbdf_t sbdf, struct domain_iommu *di)
{
    struct vtd_unit *u = unit_of(sbdf);
    struct vtd_pt *pt = di ? di->hw : NULL;

    if (!u)
        return -ENODEV;
    if (di && !pt)
        return -ENOMEM;
    return vtd_set_context(u, sbdf, di ? di->did : 0, pt ? pt->root_pa : 0);
}

static bool vtd_device_uses(pci_sbdf_t sbdf, const struct domain_iommu *di)
{
    struct vtd_unit *u = unit_of(sbdf);

    return u && vtd_context_did(u, sbdf) == di->did;
}

static bool vtd_broken(pci_sbdf_t sbdf)
{
    struct vtd_unit *u = unit_of(sbdf);

    return u && READ_ONCE(u->broken);
}

static bool vtd_covers(pci_sbdf_t sbdf)
{
    if (unit_of(sbdf))
        return true;
    /* Rate-limited: a registry may hold many such functions (the
     * benchmarks' synthetic segment). */
    gprintk(LOG_WARNING "VT-d: no remapping unit covers %pp: its DMA is not "
            "translated; it stays with the control domain\n", &sbdf);
    return false;
}

static int vtd_setup_msi(pci_sbdf_t sbdf, unsigned int cpu, unsigned int vector,
                         unsigned int nvec, struct msi_msg *msg)
{
    struct vtd_unit *u = unit_of(sbdf);
    u32 apic_id = per_cpu_info(cpu)->apic_id;

    if (!u || !u->ir_on)
        return -ENODEV;
    for (unsigned int i = 0; i < nvec; i++) {
        u64 irte[2];
        int rc;

        vtd_irte_compose(irte, apic_id, vector + i, sbdf.bdf, u->eim);
        rc = vtd_irte_set(u, vtd_irte_index(cpu, vector + i), irte);
        if (rc) {
            while (i--)
                vtd_irte_clear(u, vtd_irte_index(cpu, vector + i));
            return rc;
        }
    }
    msg->address_lo = vtd_msi_remap_addr(vtd_irte_index(cpu, vector), nvec > 1);
    msg->address_hi = 0;
    msg->data = 0;      /* the subhandle: the device adds its message number */
    return 0;
}

static void vtd_teardown_msi(pci_sbdf_t sbdf, unsigned int cpu,
                             unsigned int vector, unsigned int nvec)
{
    struct vtd_unit *u = unit_of(sbdf);

    if (!u || !u->ir_on)
        return;
    for (unsigned int i = 0; i < nvec; i++)
        vtd_irte_clear(u, vtd_irte_index(cpu, vector + i));
}

static void vtd_stats(struct iommu_stats *st)
{
    st->table_pages = vtd_pages_in_use;
    for (unsigned int i = 0; i < vtd_nr_units; i++) {
        st->contexts += vtd_units[i].nr_contexts;
        st->irtes += vtd_units[i].nr_irtes;
        st->faults += vtd_units[i].nr_faults;
        st->broken_units += READ_ONCE(vtd_units[i].broken);
    }
}

static void vtd_info(struct mhv_iommu_info *info)
{
    info->nr_units = vtd_nr_units;
    info->levels = vtd_levels;
    if (use_eim && ir_on)
        info->flags |= MHV_IOMMU_EIM;
    if (vtd_nr_units) {
        info->unit0_base = vtd_units[0].drhd->reg_base;
        info->unit0_cap = vtd_units[0].cap;
        info->unit0_ecap = vtd_units[0].ecap;
    }
}

static unsigned long vtd_dev_faults(pci_sbdf_t sbdf, u16 *did)
{
    /* Entries are only added and counted under the unit lock; a torn read
     * of a counter being incremented is harmless for a report. */
    for (unsigned int i = 0; i < READ_ONCE(vtd_nr_fault_devs); i++)
        if (vtd_fault_devs[i].sbdf.sbdf == sbdf.sbdf) {
            *did = vtd_fault_devs[i].did;
            return vtd_fault_devs[i].count;
        }
    *did = 0;
    return 0;
}

static const struct iommu_ops vtd_ops = {
    .name = "VT-d",
    .init = vtd_init,
    .intremap_on = vtd_intremap_on,
    .domain_init = vtd_domain_init,
    .domain_destroy = vtd_domain_destroy,
    .domain_free = vtd_domain_free,
    .map_page = vtd_map_page,
    .unmap_page = vtd_unmap_page,
    .flush = vtd_flush,
    .set_device = vtd_set_device,
    .device_uses = vtd_device_uses,
    .broken = vtd_broken,
    .covers = vtd_covers,
    .setup_msi = vtd_setup_msi,
    .teardown_msi = vtd_teardown_msi,
    .stats = vtd_stats,
    .info = vtd_info,
    .dev_faults = vtd_dev_faults,
};

const struct iommu_ops *vtd_probe(void)
{
    bool ir = true, eim = true;
    unsigned int levels = 4;

    if (dmar_init())
        return NULL;
    vtd_nr_units = 0;
    for (unsigned int i = 0; i < dmar_info.nr_drhds; i++) {
        struct vtd_unit *u = &vtd_units[vtd_nr_units];
        unsigned int sagaw;

        drhd_unit[i] = -1;
        memset(u, 0, sizeof(*u));
        u->index = vtd_nr_units;
        u->drhd = &dmar_info.drhds[i];
        if (!vtd_hw_map(u)) {
            printk(LOG_WARNING "VT-d: DRHD %u: cannot map its registers\n", i);
            return NULL;
        }
        u->cap = vtd_read64(u, VTD_CAP);
        u->ecap = vtd_read64(u, VTD_ECAP);
        sagaw = CAP_SAGAW(u->cap);
        u->levels = (sagaw & 4) ? 4 : (sagaw & 2) ? 3 : 0;
        if (!u->levels || !(u->ecap & ECAP_QI)) {
            printk(LOG_WARNING "VT-d: DRHD %u (CAP 0x%lx ECAP 0x%lx): %s: no "
                   "IOMMU\n", i, (unsigned long)u->cap, (unsigned long)u->ecap,
                   u->levels ? "no queued invalidation"
                             : "neither 3- nor 4-level tables");
            return NULL;
        }
        levels = min(levels, u->levels);
        if (!(u->ecap & ECAP_IR))
            ir = false;
        if (!(u->ecap & ECAP_EIM))
            eim = false;
        drhd_unit[i] = (int)vtd_nr_units++;
    }
    vtd_levels = levels;
    want_ir = ir && (dmar_info.flags & DMAR_FLAG_INTR_REMAP);
    use_eim = want_ir && eim && boot_cpu.x2apic;
    if (want_ir && !eim && boot_cpu.x2apic) {
        printk("VT-d: no EIM: the LAPIC stays in xAPIC mode so interrupts can "
               "be remapped\n");
        boot_cpu.x2apic = false;
    }
    if (!want_ir)
        printk(LOG_WARNING "VT-d: interrupt remapping not offered: device "
               "interrupts are not source-checked\n");
    return &vtd_ops;
}
