/* SPDX-License-Identifier: GPL-2.0 */
/*
 * selftest=highmem: RAM above 4 GiB is managed, direct-mapped and handed
 * out (boot with more than 4 GiB, e.g. -m 6G or 8G on q35, where RAM is
 * split at 2 GiB): take every free page below 4 GiB (chained through the
 * pages themselves), then the next page and a heap object (domain pages and
 * page tables come from the same allocator) must come from above 4 GiB and
 * work through the direct map; then all is
 * given back and the free count is what it was.  Skipped (ok) on a
 * machine without RAM above 4 GiB.
 */
#include <mhv/init.h>
#include <mhv/lib.h>
#include <mhv/mm.h>
#include <mhv/xmalloc.h>

#define FOUR_GIB (1UL << 32)

static int selftest_highmem(void)
{
    struct page_stats before, after;
    paddr_t chain = 0, pa, high;
    unsigned long low_taken = 0;
    u64 *p, *obj;
    int rc = 0;

    page_alloc_stats(&before);
    /* Take pages until one comes from above 4 GiB (or none is left). */
    while ((pa = alloc_pages(0)) && pa < FOUR_GIB) {
        *(paddr_t *)__va(pa) = chain;
        chain = pa;
        low_taken++;
    }
    high = pa;
    if (!high) {
        printk("highmem: no RAM above 4 GiB (%lu pages below): nothing to test\n",
               low_taken);
    } else {
        p = __va(high);
        p[0] = 0x6869676821ULL;
        p[PAGE_SIZE / 8 - 1] = high;
        if (p[0] != 0x6869676821ULL || p[PAGE_SIZE / 8 - 1] != high)
            rc = -1;
        obj = xmalloc_bytes(3 * PAGE_SIZE);
        if (!obj || __pa(obj) < FOUR_GIB) {
            printk(LOG_ERR "highmem: heap object at %#lx, not above 4 GiB\n",
                   obj ? __pa(obj) : 0UL);
            rc = -1;
        } else {
            memset(obj, 0x5a, 3 * PAGE_SIZE);
        }
        printk("highmem: %lu pages below 4 GiB taken; then page %#lx and heap "
               "object %#lx, both above 4 GiB and direct-mapped\n", low_taken,
               high, obj ? __pa(obj) : 0UL);
        xfree(obj);
        free_pages(high, 0);
    }
    while (chain) {
        pa = chain;
        chain = *(paddr_t *)__va(pa);
        free_pages(pa, 0);
    }
    page_alloc_stats(&after);
    if (after.free_pages != before.free_pages) {
        printk(LOG_ERR "highmem: free pages %lu, were %lu\n", after.free_pages,
               before.free_pages);
        rc = -1;
    }
    return rc;
}
REGISTER_SELFTEST("highmem", selftest_highmem, 0);
