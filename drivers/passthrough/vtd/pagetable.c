/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VT-d second-level page tables (see vtd.h): 512-entry tables of 64-bit
 * entries, 3 levels for a 39-bit or 4 levels for a 48-bit address width,
 * 4 KiB leaves only.  R and W are checked at every level, so every table
 * entry carries R|W and a leaf carries R, or R|W when writable.  Tables
 * empty after an unmap stay until vtd_pt_destroy() (a domain's DMA space
 * only grows and shrinks with its own memory; its teardown frees them all).
 *
 * Locking: the caller serialises map, unmap and destroy on one table
 * (domain_iommu->lock); lookups from tests only.
 */
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/bug.h>
#include "vtd.h"

#define PT_ENTRIES  512

static unsigned int pt_index(u64 iova, unsigned int level)
{
    return (unsigned int)(iova >> (12 + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

int vtd_pt_init(struct vtd_pt *pt, unsigned int levels)
{
    ASSERT(levels == 3 || levels == 4);
    memset(pt, 0, sizeof(*pt));
    pt->root = vtd_alloc_page(&pt->root_pa);
    if (!pt->root)
        return -ENOMEM;
    vtd_flush_cache(pt->root, 4096);
    pt->levels = levels;
    pt->nr_tables = 1;
    return 0;
}

/* The leaf entry slot of @iova, allocating tables on the way if @create. */
static u64 *walk(struct vtd_pt *pt, u64 iova, bool create, int *rc)
{
    u64 *t = pt->root;

    for (unsigned int level = pt->levels; level > 1; level--) {
        u64 *e = &t[pt_index(iova, level)];

        if (!(*e & (SL_R | SL_W))) {
            paddr_t pa;
            u64 *n;

            if (!create) {
                *rc = 0;
                return NULL;
            }
            n = vtd_alloc_page(&pa);
            if (!n) {
                *rc = -ENOMEM;
                return NULL;
            }
            vtd_flush_cache(n, 4096);
            pt->nr_tables++;
            *e = pa | SL_R | SL_W;
            vtd_flush_cache(e, sizeof(*e));
        }
        t = vtd_phys_to_virt(*e & VTD_ADDR_MASK);
    }
    return &t[pt_index(iova, 1)];
}

int vtd_pt_map(struct vtd_pt *pt, u64 iova, paddr_t pa, bool writable)
{
    u64 *e;
    int rc = 0;

    if ((iova | pa) & 0xfff)
        return -EINVAL;
    if (iova >> (12 + 9 * pt->levels) || pa & ~VTD_ADDR_MASK)
        return -ERANGE;
    e = walk(pt, iova, true, &rc);
    if (!e)
        return rc;
    if (*e & (SL_R | SL_W))
        return -EEXIST;
    *e = pa | SL_R | (writable ? SL_W : 0);
    vtd_flush_cache(e, sizeof(*e));
    pt->nr_leaves++;
    return 0;
}

bool vtd_pt_unmap(struct vtd_pt *pt, u64 iova)
{
    u64 *e;
    int rc;

    if (!pt->root || iova >> (12 + 9 * pt->levels))
        return false;
    e = walk(pt, iova & ~0xfffull, false, &rc);
    if (!e || !(*e & (SL_R | SL_W)))
        return false;
    *e = 0;
    vtd_flush_cache(e, sizeof(*e));
    pt->nr_leaves--;
    return true;
}

u64 vtd_pt_lookup(const struct vtd_pt *pt, u64 iova)
{
    const u64 *t = pt->root;

    if (!t || iova >> (12 + 9 * pt->levels))
        return 0;
    for (unsigned int level = pt->levels; level > 1; level--) {
        u64 e = t[pt_index(iova, level)];

        if (!(e & (SL_R | SL_W)))
            return 0;
        t = vtd_phys_to_virt(e & VTD_ADDR_MASK);
    }
    return t[pt_index(iova, 1)];
}

static void free_level(struct vtd_pt *pt, u64 *t, unsigned int level)
{
    if (level > 1)
        for (unsigned int i = 0; i < PT_ENTRIES; i++)
            if (t[i] & (SL_R | SL_W))
                free_level(pt, vtd_phys_to_virt(t[i] & VTD_ADDR_MASK),
                           level - 1);
    vtd_free_page(t);
    pt->nr_tables--;
}

void vtd_pt_destroy(struct vtd_pt *pt)
{
    if (!pt->root)
        return;
    free_level(pt, pt->root, pt->levels);
    ASSERT(pt->nr_tables == 0);
    pt->root = NULL;
    pt->root_pa = 0;
    pt->nr_leaves = 0;
}
