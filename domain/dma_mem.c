/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA memory for domains (see <mhv/domain/dma_mem.h>): a domain asks for a
 * bounded number of bytes and gets physically contiguous, zeroed RAM
 * mapped read-write into its DMA window, with the bus address its device
 * must be given.  A region is a range of the domain's map (<mhv/gpmap.h>)
 * whose pages are GPMAP_OWNED: erasing it gives them back to the page
 * allocator.
 */
#include <mhv/domain/dma_mem.h>
#include <mhv/passthrough/iommu.h>
#include <mhv/domain.h>
#include <mhv/lib.h>
#include <mhv/list.h>
#include <mhv/mm.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include <mhv/spinlock.h>
#include <mhv/bug.h>
#include <mhv/gpmap.h>
#include <asm/domain.h>
#include <asm/guest_access.h>
#include <public/physdev.h>

/* One allocation (d->mm_lock). */
struct dma_region {
    struct list_head entry;
    struct gpmap_range map;         /* where: its pages, GPMAP_DMA */
};

#define DMA_MAX_PAGES       (MHV_DMA_MAX_ALLOC / PAGE_SIZE)
#define DMA_DOMAIN_PAGES    (MHV_DMA_MAX_PER_DOMAIN / PAGE_SIZE)

/*
 * The address a device of @d must use for the byte at guest address
 * @gaddr (physical address @pa).  The only place that knows whether the IOMMU translates:
 * without one, devices see physical addresses.
 */
static u64 dma_bus_addr(const struct domain *d, u64 gaddr, paddr_t pa)
{
    /* Behind the IOMMU, devices use the guest addresses of the map. */
    return iommu_dma_enabled(d) ? gaddr : pa;
}

static unsigned int order_of(unsigned long npages)
{
    unsigned int order = 0;

    while ((1UL << order) < npages)
        order++;
    return order;
}

/*
 * Unmap and free @r's pages.  @pre d->mm_lock held, or d is dead and its
 * address space is being freed (nothing else can reach it); the caller
 * flushes TLBs.
 */
static void region_unmap(struct domain *d, struct dma_region *r)
{
    gpmap_erase(d, &r->map);
    d->dma_pages -= r->map.npages;
}

int dma_mem_alloc(struct domain *d, u64 size, unsigned long *va, u64 *bus)
{
    unsigned long npages, order_pages;
    struct dma_region *r;
    unsigned int order;
    u64 gaddr;
    paddr_t pa;
    int rc = 0;

    if (!size)
        return -EINVAL;
    if (size > MHV_DMA_MAX_ALLOC) {
        gprintk(LOG_WARNING "d%u: DMA allocation of %#lx bytes: more than "
                "%#llx at once\n", d->domain_id, (unsigned long)size,
                MHV_DMA_MAX_ALLOC);
        return -E2BIG;
    }
    npages = (unsigned long)((size + PAGE_SIZE - 1) / PAGE_SIZE);
    order = order_of(npages);
    order_pages = 1UL << order;

    r = xzalloc(struct dma_region);
    if (!r)
        return -ENOMEM;

    spin_lock(&d->mm_lock);
    if (d->dma_pages + npages > DMA_DOMAIN_PAGES) {
        gprintk(LOG_WARNING "d%u: DMA allocation of %lu pages refused: %lu "
                "in use, at most %lu per domain\n", d->domain_id, npages,
                d->dma_pages, (unsigned long)DMA_DOMAIN_PAGES);
        rc = -ENOMEM;
    } else if (!(pa = alloc_pages(order))) {
        gprintk(LOG_WARNING "d%u: no %lu contiguous free pages for DMA\n",
                d->domain_id, order_pages);
        rc = -ENOMEM;
    } else if (arch_gaddr_alloc(d, GPMAP_DMA, npages * PAGE_SIZE, &gaddr)) {
        gprintk(LOG_WARNING "d%u: DMA window used up\n", d->domain_id);
        free_pages(pa, order);
        rc = -ENOMEM;
    }
    if (rc)
        goto fail;

    /* Only what was asked for stays: the rest of the run goes back. */
    for (unsigned long i = npages; i < order_pages; i++)
        free_pages(pa + i * PAGE_SIZE, 0);
    memset(__va(pa), 0, npages * PAGE_SIZE);

    r->map = (struct gpmap_range){ .gaddr = gaddr, .pa = pa, .npages = npages,
                                   .type = GPMAP_DMA,
                                   .flags = GPMAP_WRITE | GPMAP_OWNED };
    rc = gpmap_insert(d, &r->map);
    if (rc) {
        /* Nothing stays mapped; the pages are still ours. */
        for (unsigned long i = 0; i < npages; i++)
            free_pages(pa + i * PAGE_SIZE, 0);
        spin_unlock(&d->mm_lock);
        gpmap_flush_tlb(d);
        xfree(r);
        return rc == -ENOMEM ? rc : -ENOMEM;
    }
    list_add_tail(&r->entry, &d->dma_regions);
    d->dma_pages += npages;
    *va = (unsigned long)gaddr;
    *bus = dma_bus_addr(d, gaddr, pa);
    spin_unlock(&d->mm_lock);
    gprintk(LOG_DEBUG "d%u: DMA %lu pages at %#lx (pa %#lx)\n", d->domain_id,
            npages, *va, (unsigned long)pa);
    return 0;

 fail:
    spin_unlock(&d->mm_lock);
    xfree(r);
    return rc;
}

int dma_mem_free(struct domain *d, unsigned long va)
{
    struct dma_region *r, *found = NULL;

    spin_lock(&d->mm_lock);
    list_for_each_entry(r, &d->dma_regions, entry)
        if (r->map.gaddr == va) {
            found = r;
            break;
        }
    if (found) {
        ASSERT(spin_is_locked(&d->mm_lock));
        list_del_init(&found->entry);
        region_unmap(d, found);
    }
    spin_unlock(&d->mm_lock);
    if (!found) {
        gprintk(LOG_WARNING "d%u: DMA free of %#lx: no region starts there\n",
                d->domain_id, va);
        return -ENOENT;
    }
    gpmap_flush_tlb(d);
    xfree(found);
    return 0;
}

/*
 * No lock: the domain is dying on its own CPU (no hypercall of its own can
 * come: its one vCPU is here) and its devices were quarantined.
 */
void dma_mem_release(struct domain *d)
{
    struct dma_region *r, *tmp;
    unsigned long n = 0;

    list_for_each_entry_safe(r, tmp, &d->dma_regions, entry) {
        list_del_init(&r->entry);
        n += r->map.npages;
        region_unmap(d, r);
        xfree(r);
    }
    if (n)
        printk("d%u: %lu DMA pages freed\n", d->domain_id, n);
}

long dma_mem_alloc_op(struct domain *d, unsigned long arg)
{
    struct physdev_mhv_dma_alloc a;
    unsigned long va;
    u64 bus;
    int rc;

    if (copy_from_guest(&a, arg, sizeof(a)))
        return -EFAULT;
    rc = dma_mem_alloc(d, a.size, &va, &bus);
    if (rc)
        return rc;
    a.va = va;
    a.bus = bus;
    if (copy_to_guest(arg, &a, sizeof(a))) {
        dma_mem_free(d, va);
        return -EFAULT;
    }
    return 0;
}

long dma_mem_free_op(struct domain *d, unsigned long arg)
{
    struct physdev_mhv_dma_free f;

    if (copy_from_guest(&f, arg, sizeof(f)))
        return -EFAULT;
    return dma_mem_free(d, (unsigned long)f.va);
}
