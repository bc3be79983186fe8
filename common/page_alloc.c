/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The physical page allocator: a bitmap over every page frame up to the end
 * of RAM (1 = free), first-fit for runs of 2^order naturally aligned frames.
 * All RAM is managed, above 4 GiB too; until the final page tables
 * direct-map it (page_alloc_all_mapped()), only frames below the boot
 * mapping's limit are handed out, and the bitmap itself lies below it.
 *
 * Never handed out: the first MiB (firmware, AP trampoline), the hypervisor
 * image, the loader's information structure, the boot modules, the bitmap
 * itself, and anything the memory map does not call RAM.
 *
 * Lock: page_lock (IRQ-safe) guards the bitmap and the counters.
 */
#include <mhv/mm.h>
#include <mhv/bootinfo.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/spinlock.h>
#include <mhv/init.h>
#include <mhv/bitops.h>

static DEFINE_SPINLOCK(page_lock);
static unsigned long *free_bitmap;      /* 1 bit per frame, 1 = free */
static unsigned long max_pfn;           /* frames covered by the bitmap */
static unsigned long alloc_limit_pfn;   /* frames handed out lie below this */
static unsigned long first_free_hint;   /* no free frame below this */
static unsigned long total_pages, nr_free_pages;

#define BITS_PER_LONG 64

static bool frame_free(unsigned long pfn)
{
    return free_bitmap[pfn / BITS_PER_LONG] & (1UL << (pfn % BITS_PER_LONG));
}

static void set_free(unsigned long pfn, bool free)
{
    if (free)
        free_bitmap[pfn / BITS_PER_LONG] |= 1UL << (pfn % BITS_PER_LONG);
    else
        free_bitmap[pfn / BITS_PER_LONG] &= ~(1UL << (pfn % BITS_PER_LONG));
}

/*
 * Mark frames [s, e) free or used, a word at a time where possible (boot
 * marks every page of RAM); returns how many frames changed state.
 */
static unsigned long set_range(unsigned long s, unsigned long e, bool free)
{
    unsigned long changed = 0;

    e = min(e, max_pfn);
    while (s < e) {
        unsigned long *w = &free_bitmap[s / BITS_PER_LONG];
        unsigned int bit = s % BITS_PER_LONG;
        unsigned long n = min((unsigned long)(BITS_PER_LONG - bit), e - s);
        unsigned long mask = (n == BITS_PER_LONG ? ~0UL : ((1UL << n) - 1)) << bit;
        unsigned long old = *w;

        *w = free ? old | mask : old & ~mask;
        changed += hweight64((old ^ *w) & mask);
        s += n;
    }
    return changed;
}

static void reserve_range(paddr_t start, paddr_t end)
{
    unsigned long n = set_range(start >> PAGE_SHIFT, DIV_ROUND_UP(end, PAGE_SIZE),
                                false);

    nr_free_pages -= n;
    total_pages -= n;
}

static bool overlaps(paddr_t a0, paddr_t a1, paddr_t b0, paddr_t b1)
{
    return a0 < b1 && b0 < a1;
}

/* Is [s, e) clear of everything that must be kept? */
static bool range_is_spare(const struct boot_info *bi, paddr_t s, paddr_t e,
                           paddr_t img_s, paddr_t img_e)
{
    if (s < 0x100000 || overlaps(s, e, img_s, img_e) ||
        overlaps(s, e, bi->info_start, bi->info_end))
        return false;
    for (unsigned int i = 0; i < bi->nr_mods; i++)
        if (overlaps(s, e, bi->mods[i].start, ROUNDUP(bi->mods[i].end, PAGE_SIZE)))
            return false;
    return true;
}

void page_alloc_init(const struct boot_info *bi, paddr_t img_start,
                     paddr_t img_end, paddr_t map_limit)
{
    paddr_t end = 0, bm_pa = 0;
    size_t bm_bytes;
    unsigned int i;

    for (i = 0; i < bi->nr_mem; i++)
        if (bi->mem[i].type == BOOT_MEM_RAM)
            end = max(end, (paddr_t)(bi->mem[i].addr + bi->mem[i].len));
    if (end > DIRECTMAP_SIZE) {
        printk(LOG_WARNING "mm: ignoring RAM above %#lx (beyond the direct map)\n",
               (unsigned long)DIRECTMAP_SIZE);
        end = DIRECTMAP_SIZE;
    }
    max_pfn = end >> PAGE_SHIFT;
    alloc_limit_pfn = min(max_pfn, (unsigned long)(map_limit >> PAGE_SHIFT));
    bm_bytes = ROUNDUP(DIV_ROUND_UP(max_pfn, BITS_PER_LONG) * 8, PAGE_SIZE);

    /* Place the bitmap in the first spare RAM that fits. */
    for (i = 0; i < bi->nr_mem && !bm_pa; i++) {
        paddr_t s, e;

        if (bi->mem[i].type != BOOT_MEM_RAM)
            continue;
        s = ROUNDUP(bi->mem[i].addr, PAGE_SIZE);
        e = min((paddr_t)(bi->mem[i].addr + bi->mem[i].len), end);
        e = min(e, map_limit);
        for (; s + bm_bytes <= e; s += PAGE_SIZE)
            if (range_is_spare(bi, s, s + bm_bytes, img_start, img_end)) {
                bm_pa = s;
                break;
            }
    }
    if (!bm_pa)
        panic("mm: no room for the page bitmap (%lu bytes)", bm_bytes);
    free_bitmap = __va(bm_pa);
    memset(free_bitmap, 0, bm_bytes);

    for (i = 0; i < bi->nr_mem; i++) {
        paddr_t s, e;

        if (bi->mem[i].type != BOOT_MEM_RAM)
            continue;
        s = ROUNDUP(bi->mem[i].addr, PAGE_SIZE);
        e = ROUNDDOWN(min((paddr_t)(bi->mem[i].addr + bi->mem[i].len), end), PAGE_SIZE);
        if (s < e) {
            unsigned long n = set_range(s >> PAGE_SHIFT, e >> PAGE_SHIFT, true);

            total_pages += n;
            nr_free_pages += n;
        }
    }
    reserve_range(0, 0x100000);
    reserve_range(img_start, img_end);
    reserve_range(bi->info_start, bi->info_end);
    for (i = 0; i < bi->nr_mods; i++)
        reserve_range(bi->mods[i].start, bi->mods[i].end);
    reserve_range(bm_pa, bm_pa + bm_bytes);

    printk("mm: %lu MiB usable, %lu pages free (bitmap at %#lx)\n",
           (total_pages << PAGE_SHIFT) >> 20, nr_free_pages, bm_pa);
}

paddr_t alloc_pages(unsigned int order)
{
    unsigned long n = 1UL << order, pfn, flags;
    paddr_t pa = 0;

    spin_lock_irqsave(&page_lock, flags);
    /* From the hint on, skipping words with no free frame: allocation
     * stays cheap however much of (a large) memory is in use. */
    for (pfn = ROUNDUP(first_free_hint, n); pfn + n <= alloc_limit_pfn; pfn += n) {
        unsigned long i;

        if (n < BITS_PER_LONG && !(pfn % BITS_PER_LONG) &&
            !free_bitmap[pfn / BITS_PER_LONG]) {
            pfn += BITS_PER_LONG - n;
            continue;
        }
        for (i = 0; i < n && frame_free(pfn + i); i++)
            ;
        if (i == n) {
            for (i = 0; i < n; i++)
                set_free(pfn + i, false);
            nr_free_pages -= n;
            pa = (paddr_t)pfn << PAGE_SHIFT;
            if (order == 0)     /* every frame before it was used */
                first_free_hint = pfn + 1;
            break;
        }
    }
    spin_unlock_irqrestore(&page_lock, flags);
    return pa;
}

void page_alloc_all_mapped(void)
{
    unsigned long flags;

    spin_lock_irqsave(&page_lock, flags);
    alloc_limit_pfn = max_pfn;
    spin_unlock_irqrestore(&page_lock, flags);
}

void free_pages(paddr_t pa, unsigned int order)
{
    unsigned long n = 1UL << order, pfn = pa >> PAGE_SHIFT, flags;

    BUG_ON(pa & ((PAGE_SIZE << order) - 1));
    BUG_ON(pfn + n > max_pfn);
    spin_lock_irqsave(&page_lock, flags);
    for (unsigned long i = 0; i < n; i++) {
        BUG_ON(frame_free(pfn + i));    /* double free */
        set_free(pfn + i, true);
    }
    first_free_hint = min(first_free_hint, pfn);
    nr_free_pages += n;
    spin_unlock_irqrestore(&page_lock, flags);
}

void *alloc_page_va(void)
{
    paddr_t pa = alloc_pages(0);
    void *va;

    if (!pa)
        return NULL;
    va = __va(pa);
    memset(va, 0, PAGE_SIZE);
    return va;
}

void free_page_va(void *va)
{
    free_pages(__pa(va), 0);
}

void page_alloc_stats(struct page_stats *st)
{
    unsigned long flags;

    spin_lock_irqsave(&page_lock, flags);
    st->total_pages = total_pages;
    st->free_pages = nr_free_pages;
    spin_unlock_irqrestore(&page_lock, flags);
}
