/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory BARs mapped into the domains that own them (<mhv/passthrough/bar_map.h>).
 */
#include <mhv/passthrough/bar_map.h>
#include <mhv/passthrough/pdev_reset.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/passthrough/pci_mem_bar.h>
#include <mhv/pci/sriov.h>
#include <mhv/domain.h>
#include <mhv/lib.h>
#include <mhv/mm.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include <mhv/bootinfo.h>
#include <mhv/iomem.h>
#include <mhv/pci/place.h>
#include <mhv/gpmap.h>
#include <asm/domain.h>
#include <mhv/pci/access.h>
#include <mhv/pci/bars.h>
#include <mhv/sbdf.h>

/* A BAR less its MSI-X table and PBA pages is at most three runs. */
#define BAR_MAP_MAX_RUNS 3

/* A BAR mapped into a domain: on d->bar_maps (d->mm_lock). */
struct bar_map {
    struct list_head entry;
    pci_sbdf_t sbdf;
    unsigned int bar;
    u64 va;
    u64 size;
    unsigned int nr_runs;
    struct gpmap_range run[BAR_MAP_MAX_RUNS];   /* in the domain's map */
};

/*
 * The pages of BAR @bar that hold @pdev's MSI-X table or PBA, as a page
 * range [*lo, *hi) per structure (empty when not in this BAR).  From the
 * geometry recorded when the device was added (<mhv/passthrough/pcidev.h>), the one
 * the MSI-X layer programs: never the live capability.  A capability that
 * was invalid then is never enabled, so there is nothing to hold back.
 */
void pci_msix_held_pages(const struct pci_dev *pdev, unsigned int bar,
                         u64 lo[2], u64 hi[2])
{
    const struct pci_msix_geom *g = &pdev->msix_geom;

    lo[0] = hi[0] = lo[1] = hi[1] = 0;
    if (!pdev->msix_pos || !g->valid)
        return;
    if (g->table_bir == bar) {
        lo[0] = ROUNDDOWN((u64)g->table_offset, PAGE_SIZE);
        hi[0] = ROUNDUP((u64)g->table_offset + g->nr_entries * PCI_MSIX_ENTRY_SIZE,
                        PAGE_SIZE);
    }
    if (g->pba_bir == bar) {
        lo[1] = ROUNDDOWN((u64)g->pba_offset, PAGE_SIZE);
        hi[1] = ROUNDUP((u64)g->pba_offset + DIV_ROUND_UP(g->nr_entries, 64) * 8,
                        PAGE_SIZE);
    }
}

/* Largest BAR a domain may map in one go. */
#define MAP_BAR_MAX (1UL << 30)

/* Does [base, base + size) touch what the boot map describes at all --
 * RAM, ACPI, NVS, or ranges the firmware reserved (chipset MMIO, flash,
 * EFI runtime memory, TPM...)?  BARs live in the holes between. */
static bool range_is_memory(u64 base, u64 size)
{
    for (unsigned int i = 0; i < bootinfo.nr_mem; i++) {
        const struct boot_mem_region *m = &bootinfo.mem[i];

        if ((m->type == BOOT_MEM_RAM || m->type == BOOT_MEM_ACPI ||
             m->type == BOOT_MEM_NVS || m->type == BOOT_MEM_RESERVED ||
             m->type == BOOT_MEM_BAD) &&
            base < m->addr + m->len && m->addr < base + size)
            return true;
    }
    return false;
}

/* ------------------------------------------------------------ placement checks */

/*
 * Where another function decodes memory, as its registers say now: its own
 * memory BARs and, for a PF, its VF BAR regions (TotalVFs x per-VF size:
 * every VF's BAR is in there).  Read from config space, never sized again.
 */
struct region_probe {
    const struct pci_dev *self;     /* the function being mapped */
    unsigned int bar;               /* and its BAR */
    u64 base, size;                 /* [base, base + size) */
    const struct pci_dev *hit;      /* the function found in the way */
    unsigned int hit_bar;
    bool hit_vf_bar;
};

static bool hits(const struct region_probe *r, u64 base, u64 size)
{
    return size && base && base < r->base + r->size && r->base < base + size;
}

static int probe_other(const struct pci_dev *pdev, void *arg)
{
    struct region_probe *r = arg;

    if (pdev->is_vf)
        return 0;               /* inside its PF's VF BAR region */
    for (unsigned int i = 0; i < PCI_NUM_BARS_NORMAL; i++) {
        u32 lo;
        u64 base;

        /* The function's own other BARs count too: a BAR moved inside
         * another would expose what the hypervisor programs there. */
        if (!pdev->mem_bar_size[i] || (pdev == r->self && i == r->bar))
            continue;
        lo = pci_conf_read32(pdev->sbdf, PCI_BASE_ADDRESS_0 + 4 * i);
        base = lo & PCI_BASE_ADDRESS_MEM_MASK;
        if ((lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64 &&
            i + 1 < PCI_NUM_BARS_NORMAL)
            base |= (u64)pci_conf_read32(pdev->sbdf, PCI_BASE_ADDRESS_0 + 4 * (i + 1)) << 32;
        if (hits(r, base, pdev->mem_bar_size[i])) {
            *r = (struct region_probe){ .self = r->self, .bar = r->bar, .base = r->base,
                                        .size = r->size, .hit = pdev, .hit_bar = i };
            return 1;
        }
    }
    if (pdev->is_pf && pdev->pf.vf_rlen_valid) {
        u16 total = pci_conf_read16(pdev->sbdf, pdev->pf.sriov_pos + PCI_SRIOV_TOTAL_VF);

        for (unsigned int i = 0; i < PCI_SRIOV_NUM_BARS; i++) {
            u64 base;

            /* A VF's own BAR lies in its PF's VF BAR region of that index. */
            if (r->self->is_vf && r->self->vf.pf == pdev && i == r->bar)
                continue;
            if (!pdev->pf.vf_rlen[i] ||
                pci_sriov_vf_bar_base(pdev->sbdf, pdev->pf.sriov_pos, i, &base))
                continue;
            if (hits(r, base, pdev->pf.vf_rlen[i] * total)) {
                r->hit = pdev;
                r->hit_bar = i;
                r->hit_vf_bar = true;
                return 1;
            }
        }
    }
    return 0;
}

/* Does [base, base + size) lie in a memory window of @pdev's bridge? */
static bool inside_bridge_window(const struct pci_dev *pdev, u64 base, u64 size)
{
    pci_sbdf_t br;

    if (pci_find_upstream_bridge(pdev->sbdf.seg, pdev->sbdf.bus, &br))
        return true;            /* a root bus: the host bridge decodes all */
    for (int pref = 1; pref >= 0; pref--) {
        u64 ws, we;
        bool is64;

        if (pci_bridge_window(br, pref, &ws, &we, &is64) && base >= ws &&
            base + size - 1 <= we)
            return true;
    }
    return false;
}

/*
 * Whether BAR @bar of @pdev at [base, base + size) may be mapped: not over
 * memory, not over a range the hypervisor keeps (ECAM, LAPIC/MSI window,
 * IOAPIC, HPET, IOMMU), not over another function's BARs (nor, so, its
 * MSI-X table and PBA), and inside its bridge's windows -- whatever a
 * careless control domain wrote into BAR or VF BAR registers.  Logs and
 * returns -EINVAL when not.  @pre pcidevs lock held (the registry walk).
 */
int pci_bar_check_placement(struct domain *d, const struct pci_dev *pdev,
                            unsigned int bar, u64 base, u64 size)
{
    struct region_probe r = { .self = pdev, .bar = bar, .base = base, .size = size };
    const char *what;

    ASSERT(pcidevs_locked());
    if ((what = iomem_reserved(base, size))) {
        gprintk(LOG_WARNING "d%u: BAR%u of %pp (%#lx+%#lx) overlaps the "
               "hypervisor's %s: not mapped\n", d->domain_id, bar, &pdev->sbdf,
               base, size, what);
        return -EINVAL;
    }
    if (range_is_memory(base, size)) {
        gprintk(LOG_WARNING "d%u: BAR%u of %pp (%#lx+%#lx) overlaps RAM or a "
               "firmware range: not mapped\n", d->domain_id, bar, &pdev->sbdf,
               base, size);
        return -EINVAL;
    }
    if (pci_registry_walk(probe_other, &r)) {
        gprintk(LOG_WARNING "d%u: BAR%u of %pp (%#lx+%#lx) overlaps %sBAR%u of "
               "%pp: not mapped\n", d->domain_id, bar, &pdev->sbdf, base, size,
               r.hit_vf_bar ? "VF " : "", r.hit_bar, &r.hit->sbdf);
        return -EINVAL;
    }
    if (!inside_bridge_window(pdev, base, size)) {
        gprintk(LOG_WARNING "d%u: BAR%u of %pp (%#lx+%#lx) is outside its "
               "bridge's windows: not mapped\n", d->domain_id, bar, &pdev->sbdf,
               base, size);
        return -EINVAL;
    }
    return 0;
}

/* ------------------------------------------------------------ mapping */

/*
 * The runs of [base, base + size) at @gaddr that @d gets: all of it but
 * the pages of the MSI-X table and PBA (the hypervisor's).
 */
static void bar_runs(struct bar_map *bm, const struct pci_dev *pdev,
                     u64 base, u64 gaddr)
{
    u64 lo[2], hi[2];

    pci_msix_held_pages(pdev, bm->bar, lo, hi);
    for (u64 off = 0; off < bm->size; off += PAGE_SIZE) {
        struct gpmap_range *r = bm->nr_runs ? &bm->run[bm->nr_runs - 1] : NULL;

        if ((off >= lo[0] && off < hi[0]) || (off >= lo[1] && off < hi[1]))
            continue;
        if (r && r->gaddr + r->npages * PAGE_SIZE == gaddr + off) {
            r->npages++;
            continue;
        }
        ASSERT(bm->nr_runs < BAR_MAP_MAX_RUNS);
        bm->run[bm->nr_runs++] = (struct gpmap_range){
            .gaddr = gaddr + off, .pa = base + off, .npages = 1,
            .type = GPMAP_MMIO, .flags = GPMAP_WRITE };
    }
}

/* Map [base, base + size) at a new address of @d.  @pre d->mm_lock held. */
static int map_new(struct domain *d, const struct pci_dev *pdev, unsigned int bar,
                   u64 base, u64 size, unsigned long *va)
{
    struct bar_map *bm;
    unsigned int i;
    u64 gaddr;
    int rc = 0;

    ASSERT(spin_is_locked_by_me(&d->mm_lock));
    if (!(bm = xzalloc(struct bar_map)))
        return -ENOMEM;
    if (arch_gaddr_alloc(d, GPMAP_MMIO, size, &gaddr)) {
        xfree(bm);
        return -ENOMEM;
    }
    *bm = (struct bar_map){ .sbdf = pdev->sbdf, .bar = bar, .va = gaddr,
                            .size = size };
    bar_runs(bm, pdev, base, gaddr);
    for (i = 0; i < bm->nr_runs; i++)
        if ((rc = gpmap_insert(d, &bm->run[i])))
            break;
    if (rc) {
        while (i--)
            gpmap_erase(d, &bm->run[i]);
        /* The addresses are not reused, but another CPU may have cached a
         * translation already: flush. */
        gpmap_flush_tlb(d);
        xfree(bm);
        return rc;
    }
    list_add_tail(&bm->entry, &d->bar_maps);
    *va = (unsigned long)gaddr;
    return 0;
}

int pci_map_bar(struct domain *d, pci_sbdf_t sbdf, unsigned int bar,
                unsigned long *va, u64 *size)
{
    struct pci_dev *pdev;
    struct bar_map *bm, *existing = NULL;
    u64 base;
    int rc;

    if (bar >= PCI_SRIOV_NUM_BARS)
        return -EINVAL;

    /* The pcidevs lock, not only d's list lock: the placement check looks
     * at every registered function. */
    pcidevs_lock();
    pdev = pci_get_pdev(d, sbdf);
    if (!pdev) {
        rc = -EPERM;
        goto out;
    }
    if (pdev_resetting(pdev)) {
        /* Its registers are the reset's until it ends (a new owner's
         * would still hold the previous owner's state while the reset
         * drains, and a function in FLR answers no MMIO): the mapping
         * is made after it. */
        rc = pdev_reset_wait_turn(pdev);
        goto out;
    }
    rc = read_pci_mem_bar(pdev, bar, &base, size);
    if (rc)
        goto out;
    if ((base & ~PAGE_MASK) || *size < PAGE_SIZE || (*size & ~PAGE_MASK)) {
        gprintk(LOG_WARNING "d%u: BAR%u of %pp (%#lx+%#lx) is not page-granular: "
               "not mapped\n", d->domain_id, bar, &pdev->sbdf, base, *size);
        rc = -EINVAL;
        goto out;
    }
    if (*size > MAP_BAR_MAX) {
        gprintk(LOG_WARNING "d%u: BAR%u of %pp is %#lx bytes, more than one "
               "mapping may take\n", d->domain_id, bar, &pdev->sbdf, *size);
        rc = -E2BIG;
        goto out;
    }
    rc = pci_bar_check_placement(d, pdev, bar, base, *size);
    if (rc)
        goto out;

    spin_lock(&d->mm_lock);
    list_for_each_entry(bm, &d->bar_maps, entry)
        if (bm->sbdf.sbdf == pdev->sbdf.sbdf && bm->bar == bar)
            existing = bm;
    if (existing)
        *va = existing->va;
    else
        rc = map_new(d, pdev, bar, base, *size, va);
    spin_unlock(&d->mm_lock);
    if (!rc)
        gprintk(LOG_DEBUG "d%u: BAR%u of %pp (%#lx+%#lx) mapped at %#lx\n",
                d->domain_id, bar, &pdev->sbdf, base, *size, *va);
 out:
    pcidevs_unlock();
    return rc;
}

bool pci_bars_mapped(const struct pci_dev *pdev)
{
    struct domain *d = pdev->domain;
    struct bar_map *bm;
    bool found = false;

    ASSERT(pcidevs_locked());
    if (!d)
        return false;
    spin_lock(&d->mm_lock);
    list_for_each_entry(bm, &d->bar_maps, entry)
        found |= bm->sbdf.sbdf == pdev->sbdf.sbdf;
    spin_unlock(&d->mm_lock);
    return found;
}

bool pci_bar_gone_find(struct domain *d, u64 va, struct domain_bar_gone *gone)
{
    bool found = false;

    spin_lock(&d->mm_lock);
    for (unsigned int i = 0; i < DOMAIN_BARS_GONE && !found; i++) {
        const struct domain_bar_gone *g = &d->bars_gone[i];

        if (g->size && va >= g->va && va - g->va < g->size) {
            *gone = *g;
            found = true;
        }
    }
    spin_unlock(&d->mm_lock);
    return found;
}

unsigned long pci_bar_gone_count(struct domain *d, u64 va, bool write)
{
    unsigned long n = 0;

    spin_lock(&d->mm_lock);
    for (unsigned int i = 0; i < DOMAIN_BARS_GONE && !n; i++) {
        struct domain_bar_gone *g = &d->bars_gone[i];

        if (g->size && va >= g->va && va - g->va < g->size)
            n = write ? ++g->writes : ++g->reads;
    }
    spin_unlock(&d->mm_lock);
    return n;
}

/* The device leaves its owner: its BAR mappings go, TLBs flushed; each is
 * remembered as gone. */
static void bar_map_leave(struct pci_dev *pdev, struct domain *d)
{
    struct bar_map *bm, *tmp;
    bool flushed = false;

    ASSERT_PDEV_LEAVING(pdev, d);
    spin_lock(&d->mm_lock);
    list_for_each_entry_safe(bm, tmp, &d->bar_maps, entry) {
        if (bm->sbdf.sbdf != pdev->sbdf.sbdf)
            continue;
        for (unsigned int i = 0; i < bm->nr_runs; i++)
            gpmap_erase(d, &bm->run[i]);
        /* Remembered, the oldest forgotten (d->mm_lock held). */
        d->bars_gone[d->bars_gone_next] = (struct domain_bar_gone){
            .va = bm->va, .size = bm->size, .sbdf = bm->sbdf.sbdf,
            .bar = bm->bar };
        d->bars_gone_next = (d->bars_gone_next + 1) % DOMAIN_BARS_GONE;
        list_del_init(&bm->entry);
        xfree(bm);
        flushed = true;
    }
    spin_unlock(&d->mm_lock);
    if (flushed)
        gpmap_flush_tlb(d);
}
PDEV_LEAVE_STEP(PDEV_LEAVE_MMIO, bar_map_leave);
