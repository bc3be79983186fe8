/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory management: physical pages, the direct map and MMIO mappings.
 *
 * Every RAM page is mapped write-back in the direct map at DIRECTMAP_VIRT
 * (__va()/__pa() convert).  Device memory is never touched through the
 * direct map: ioremap() gives an uncached mapping of an MMIO range.
 */
#ifndef MHV_MM_H
#define MHV_MM_H

#include <mhv/types.h>
#include <asm/page.h>

/* Map @size bytes of MMIO at @pa uncached; NULL on failure. */
void *ioremap(paddr_t pa, size_t size);
void iounmap(void *va, size_t size);

/* Physical page allocator: 2^order contiguous pages, or 0 when none. */
paddr_t alloc_pages(unsigned int order);
void free_pages(paddr_t pa, unsigned int order);
/* One zeroed page, returned through the direct map (NULL when none). */
void *alloc_page_va(void);
void free_page_va(void *va);

struct boot_info;
/*
 * Set up the allocator from the boot memory map (boot CPU, once): all RAM
 * up to DIRECTMAP_SIZE; @map_limit is what the boot page tables map, the
 * only memory handed out until page_alloc_all_mapped().
 */
void page_alloc_init(const struct boot_info *bi, paddr_t img_start,
                     paddr_t img_end, paddr_t map_limit);
/* The direct map now holds all RAM: hand out every frame. */
void page_alloc_all_mapped(void);
/* Build the final hypervisor page tables (direct map of RAM only). */
void paging_init(const struct boot_info *bi);

struct page_stats {
    unsigned long total_pages;
    unsigned long free_pages;
};
void page_alloc_stats(struct page_stats *st);

#endif /* MHV_MM_H */
