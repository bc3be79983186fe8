/* SPDX-License-Identifier: GPL-2.0 */
/* A model of the domains' page tables (see gpmap_model.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <mhv/gpmap.h>
#include <mhv/errno.h>
#include <asm/domain.h>
#include <asm/page.h>
#include <asm/pv/gaddr.h>
#include "gpmap_model.h"

#define MAX_PAGES 4096

static struct gpmap_model_page pages[MAX_PAGES];
static unsigned int nr_pages;
static long fail_after = -1;
static unsigned long flushes;

void gpmap_model_reset(void)
{
    nr_pages = 0;
    fail_after = -1;
    flushes = 0;
}

void gpmap_model_fail_after(long n)
{
    fail_after = n;
}

unsigned int gpmap_model_nr_pages(void)
{
    return nr_pages;
}

const struct gpmap_model_page *gpmap_model_page(unsigned int i)
{
    assert_true(i < nr_pages);
    return &pages[i];
}

bool gpmap_model_maps_pa(const struct domain *d, paddr_t pa)
{
    for (unsigned int i = 0; i < nr_pages; i++)
        if (pages[i].d == d && pages[i].pa == pa)
            return true;
    return false;
}

unsigned long gpmap_model_flushes(void)
{
    return flushes;
}

static int model_unmap(struct domain *d, const struct gpmap_range *r)
{
    unsigned int kept = 0;

    for (unsigned int i = 0; i < nr_pages; i++)
        if (pages[i].d != d || pages[i].gaddr < r->gaddr ||
            pages[i].gaddr >= r->gaddr + r->npages * PAGE_SIZE)
            pages[kept++] = pages[i];
    nr_pages = kept;
    return 0;
}

static int model_map(struct domain *d, const struct gpmap_range *r)
{
    for (unsigned long p = 0; p < r->npages; p++) {
        u64 gaddr = r->gaddr + p * PAGE_SIZE;

        if (fail_after >= 0 && fail_after-- == 0) {
            model_unmap(d, &(struct gpmap_range){ .gaddr = r->gaddr, .npages = p });
            return -ENOMEM;
        }
        for (unsigned int i = 0; i < nr_pages; i++)      /* the map keeps */
            assert_false(pages[i].d == d && pages[i].gaddr == gaddr);  /* ranges apart */
        if (nr_pages == MAX_PAGES) {
            model_unmap(d, &(struct gpmap_range){ .gaddr = r->gaddr, .npages = p });
            return -ENOMEM;
        }
        pages[nr_pages++] = (struct gpmap_model_page){
            .d = d, .gaddr = gaddr, .pa = r->pa + p * PAGE_SIZE, .flags = r->flags };
    }
    return 0;
}

static void model_flush_tlb(struct domain *d)
{
    flushes++;
}

static int model_destroy(struct domain *d, unsigned long *freed)
{
    return model_unmap(d, &(struct gpmap_range){ .gaddr = 0, .npages = ~0UL / PAGE_SIZE });
}

GPMAP_CONSUMER(page_table_model, .map = model_map, .unmap = model_unmap,
               .flush_tlb = model_flush_tlb, .destroy = model_destroy);

int arch_gaddr_alloc(struct domain *d, enum gpmap_type type, u64 bytes,
                     u64 *gaddr)
{
    return pv_gaddr_alloc(d, type, bytes, gaddr);
}
