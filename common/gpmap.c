/* SPDX-License-Identifier: GPL-2.0 */
/* A domain's guest-physical memory map (see <mhv/gpmap.h>). */
#include <mhv/gpmap.h>
#include <mhv/domain.h>
#include <mhv/mm.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>

extern const struct gpmap_consumer __start_gpmap_consumers[] __weak;
extern const struct gpmap_consumer __stop_gpmap_consumers[] __weak;

#define for_each_consumer(c) \
    for (const struct gpmap_consumer *c = __start_gpmap_consumers; \
         c < __stop_gpmap_consumers; c++)

static u64 range_end(const struct gpmap_range *r)
{
    return r->gaddr + (u64)r->npages * PAGE_SIZE;
}

/*
 * The range @r goes after (NULL: first), or an error when it overlaps one.
 * Builders add in ascending order, so the walk starts at the highest range.
 */
static int find_slot(struct domain *d, const struct gpmap_range *r,
                     struct list_head **after)
{
    struct gpmap_range *q;

    list_for_each_entry_reverse(q, &d->gpmap.ranges, entry) {
        if (range_end(q) <= r->gaddr) {
            *after = &q->entry;
            return 0;
        }
        if (q->gaddr < range_end(r))
            return -EEXIST;
    }
    *after = &d->gpmap.ranges;
    return 0;
}

int gpmap_insert(struct domain *d, struct gpmap_range *r)
{
    const struct gpmap_consumer *failed = NULL;
    struct list_head *after;
    int rc = 0;

    if (d->gpmap.state != GPMAP_LIVE)
        return -ESRCH;
    if (!r->npages || (r->gaddr & ~PAGE_MASK) || (r->pa & ~PAGE_MASK) ||
        r->gaddr + (u64)r->npages * PAGE_SIZE < r->gaddr)
        return -EINVAL;
    rc = find_slot(d, r, &after);
    if (rc)
        return rc;
    for_each_consumer(c) {
        rc = c->map(d, r);
        if (rc) {
            failed = c;
            break;
        }
    }
    if (failed) {
        for_each_consumer(c) {
            if (c == failed)
                break;
            c->unmap(d, r);
        }
        return rc;
    }
    list_add(&r->entry, after);
    d->gpmap.nr_pages += r->npages;
    return 0;
}

/*
 * Pages no consumer could confirm unreachable: a device may still hold a
 * translation of them, so they never go back to the allocator (a freed
 * page reachable by DMA would hand the next owner's data to the device).
 * Counted here, for the IOMMU report; any domain adds to it.
 */
static unsigned long withheld_pages;

unsigned long gpmap_withheld_pages(void)
{
    return __atomic_load_n(&withheld_pages, __ATOMIC_RELAXED);
}

static void withhold(struct domain *d, const struct gpmap_range *r, int why)
{
    unsigned long all;

    if (!(r->flags & GPMAP_OWNED))
        return;             /* not ours to free: the caller keeps them */
    all = __atomic_add_fetch(&withheld_pages, r->npages, __ATOMIC_RELAXED);
    gprintk(LOG_ERR "d%u: %lu page(s) at %#lx (machine %#lx) withheld from "
            "reuse: their DMA unmapping was not confirmed (%d); %lu withheld "
            "since boot\n", d->domain_id, r->npages, (unsigned long)r->gaddr,
            (unsigned long)r->pa, why, all);
}

static void free_owned(struct gpmap_range *r)
{
    if (r->flags & GPMAP_OWNED)
        for (unsigned long i = 0; i < r->npages; i++)
            free_pages(r->pa + i * PAGE_SIZE, 0);
}

int gpmap_erase(struct domain *d, struct gpmap_range *r)
{
    int rc = 0;

    for_each_consumer(c) {
        int err = c->unmap(d, r);

        if (err && !rc)
            rc = err;
    }
    /* Freed only when every consumer confirmed that nothing reaches them:
     * the IOMMU's unmap returns 0 once its invalidation completed. */
    if (rc)
        withhold(d, r, rc);
    else
        free_owned(r);
    list_del_init(&r->entry);
    d->gpmap.nr_pages -= r->npages;
    return rc;
}

/* A page of the map's own ranges: this header, then the ranges. */
struct pool_page {
    struct list_head entry;         /* on gpmap.pool_pages */
};
#define RANGES_PER_PAGE \
    ((PAGE_SIZE - sizeof(struct pool_page)) / sizeof(struct gpmap_range))

static struct gpmap_range *range_alloc(struct gpmap *m)
{
    struct gpmap_range *r;

    if (list_empty(&m->spare)) {
        struct pool_page *p = alloc_page_va();

        if (!p)
            return NULL;
        list_add_tail(&p->entry, &m->pool_pages);
        r = (struct gpmap_range *)(p + 1);
        for (unsigned int i = 0; i < RANGES_PER_PAGE; i++)
            list_add_tail(&r[i].entry, &m->spare);
    }
    r = list_first_entry(&m->spare, struct gpmap_range, entry);
    list_del_init(&r->entry);
    return r;
}

static void range_free(struct gpmap *m, struct gpmap_range *r)
{
    list_add(&r->entry, &m->spare);
}

int gpmap_add_ram(struct domain *d, u64 gaddr, paddr_t pa, unsigned long npages,
                  unsigned int flags)
{
    struct gpmap_range *r;
    int rc;

    if (d->gpmap.state != GPMAP_LIVE)
        return -ESRCH;          /* before a page for its range is taken */
    r = range_alloc(&d->gpmap);
    if (!r)
        return -ENOMEM;
    *r = (struct gpmap_range){ .gaddr = gaddr, .pa = pa, .npages = npages,
                               .type = GPMAP_RAM, .flags = flags,
                               .map_owned = true };
    rc = gpmap_insert(d, r);
    if (rc)
        range_free(&d->gpmap, r);
    return rc;
}

void gpmap_flush_tlb(struct domain *d)
{
    for_each_consumer(c)
        if (c->flush_tlb)
            c->flush_tlb(d);
}

unsigned long gpmap_destroy(struct domain *d)
{
    struct gpmap_range *r, *tmp;
    struct pool_page *p, *ptmp;
    unsigned long pages = 0;
    int rc = 0;

    if (d->gpmap.state != GPMAP_LIVE)
        return 0;
    d->gpmap.state = GPMAP_DEAD;
    /* The consumers first: no DMA and no CPU reaches a page once freed. */
    for_each_consumer(c) {
        int err = c->destroy(d, &pages);

        if (err && !rc)
            rc = err;
    }
    list_for_each_entry_safe(r, tmp, &d->gpmap.ranges, entry) {
        /* A range embedded elsewhere would dangle in its owner's record. */
        ASSERT(r->map_owned);
        if (rc) {
            withhold(d, r, rc);
        } else {
            if (r->flags & GPMAP_OWNED)
                pages += r->npages;
            free_owned(r);
        }
        list_del_init(&r->entry);
    }
    d->gpmap.nr_pages = 0;
    list_for_each_entry_safe(p, ptmp, &d->gpmap.pool_pages, entry) {
        list_del_init(&p->entry);
        free_page_va(p);
        pages++;
    }
    INIT_LIST_HEAD(&d->gpmap.spare);
    return pages;
}
