/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest-physical memory map (common/gpmap.c, the real file) with two
 * recording consumers standing in for the CPU tables and the IOMMU: every
 * range reaches both or neither (a consumer that fails half-way leaves
 * nothing in the other), ranges never overlap (-EEXIST), bad ranges are
 * refused, an erase unmaps from both before the owned pages go back, and
 * destroying the map frees the owned pages and the map's own pages and
 * refuses anything later; and a range the DMA side cannot confirm
 * unreachable keeps its pages out of the allocator (withheld, counted).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <mhv/gpmap.h>
#include <mhv/domain.h>
#include <mhv/mm.h>
#include <mhv/errno.h>
#include "harness.h"

/* ------------------------------------------------------------ pages */

#define ARENA_PAGES 64
static uint8_t *arena;
static bool page_used[ARENA_PAGES];
static unsigned int pages_used;

static paddr_t arena_pa(unsigned int i)
{
    return (paddr_t)((uintptr_t)(arena + (size_t)i * PAGE_SIZE) - DIRECTMAP_VIRT);
}

static unsigned int arena_index(paddr_t pa)
{
    return (unsigned int)(((uintptr_t)__va(pa) - (uintptr_t)arena) / PAGE_SIZE);
}

void *alloc_page_va(void)
{
    for (unsigned int i = 0; i < ARENA_PAGES; i++)
        if (!page_used[i]) {
            page_used[i] = true;
            pages_used++;
            return __va(arena_pa(i));
        }
    return NULL;
}

void free_pages(paddr_t pa, unsigned int order)
{
    unsigned int i = arena_index(pa);

    assert_true(order == 0 && i < ARENA_PAGES && page_used[i]);
    page_used[i] = false;
    pages_used--;
}

void free_page_va(void *va)
{
    free_pages(__pa(va), 0);
}

/* ------------------------------------------------------------ consumers */

struct model {
    unsigned long mapped;       /* pages mapped now */
    unsigned long maps, unmaps, flushes, destroys;
    long fail_at;               /* the N-th map() fails (0: none) */
    int unmap_error;            /* unmap() cannot confirm: this error */
    int destroy_error;          /* destroy() cannot confirm: this error */
    bool saw_pages_live;        /* unmap() ran while the owned pages were ours */
};
static struct model cpu_model, dma_model;

static int model_map(struct model *m, const struct gpmap_range *r)
{
    m->maps++;
    if (m->fail_at && --m->fail_at == 0)
        return -ENOMEM;
    m->mapped += r->npages;
    return 0;
}

static int model_unmap(struct model *m, const struct gpmap_range *r)
{
    m->unmaps++;
    assert_true(m->mapped >= r->npages);
    m->mapped -= r->npages;
    if (r->flags & GPMAP_OWNED)
        m->saw_pages_live = page_used[arena_index(r->pa)];
    return m->unmap_error;
}

static int cpu_map(struct domain *d, const struct gpmap_range *r)
{
    return model_map(&cpu_model, r);
}

static int cpu_unmap(struct domain *d, const struct gpmap_range *r)
{
    return model_unmap(&cpu_model, r);
}

static void cpu_flush(struct domain *d)
{
    cpu_model.flushes++;
}

static int cpu_destroy(struct domain *d, unsigned long *freed)
{
    cpu_model.destroys++;
    cpu_model.mapped = 0;
    *freed += 3;                /* as if three table pages went */
    return cpu_model.destroy_error;
}

/* The IOMMU maps no device memory, as the real one. */
static int dma_map(struct domain *d, const struct gpmap_range *r)
{
    return r->type == GPMAP_MMIO ? 0 : model_map(&dma_model, r);
}

static int dma_unmap(struct domain *d, const struct gpmap_range *r)
{
    return r->type == GPMAP_MMIO ? 0 : model_unmap(&dma_model, r);
}

static int dma_destroy(struct domain *d, unsigned long *freed)
{
    dma_model.destroys++;
    dma_model.mapped = 0;
    return dma_model.destroy_error;
}

GPMAP_CONSUMER(cpu_model, .map = cpu_map, .unmap = cpu_unmap,
               .flush_tlb = cpu_flush, .destroy = cpu_destroy);
GPMAP_CONSUMER(dma_model, .map = dma_map, .unmap = dma_unmap,
               .destroy = dma_destroy);

/* ------------------------------------------------------------ fixture */

static struct domain dom;

static int setup(void **state)
{
    if (!arena)
        arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
    assert_non_null(arena);
    memset(page_used, 0, sizeof(page_used));
    pages_used = 0;
    memset(&cpu_model, 0, sizeof(cpu_model));
    memset(&dma_model, 0, sizeof(dma_model));
    memset(&dom, 0, sizeof(dom));
    dom.domain_id = 1;
    gpmap_init(&dom.gpmap);
    return 0;
}

static int teardown(void **state)
{
    gpmap_destroy(&dom);
    assert_int_equal(pages_used, 0);
    return 0;
}

static paddr_t owned_page(void)
{
    void *p = alloc_page_va();

    assert_non_null(p);
    return __pa(p);
}

/* ------------------------------------------------------------ tests */

static void test_range_reaches_both_consumers(void **state)
{
    struct gpmap_range dma = { .gaddr = 0x500000000000ULL, .pa = owned_page(),
                               .npages = 1, .type = GPMAP_DMA,
                               .flags = GPMAP_WRITE | GPMAP_OWNED };
    struct gpmap_range bar = { .gaddr = 0x600000000000ULL, .pa = 0xfe000000,
                               .npages = 4, .type = GPMAP_MMIO,
                               .flags = GPMAP_WRITE };

    assert_int_equal(gpmap_insert(&dom, &dma), 0);
    assert_int_equal(gpmap_insert(&dom, &bar), 0);
    assert_int_equal(cpu_model.mapped, 5);
    assert_int_equal(dma_model.mapped, 1);      /* the BAR: CPU only */
    assert_int_equal(dom.gpmap.nr_pages, 5);

    gpmap_erase(&dom, &dma);
    assert_int_equal(cpu_model.mapped, 4);
    assert_int_equal(dma_model.mapped, 0);
    /* Both unmapped it while its page was still the domain's. */
    assert_true(cpu_model.saw_pages_live);
    assert_true(dma_model.saw_pages_live);
    assert_int_equal(pages_used, 0);            /* then it went back */
    gpmap_erase(&dom, &bar);
    gpmap_flush_tlb(&dom);
    assert_int_equal(cpu_model.flushes, 1);
    assert_int_equal(dom.gpmap.nr_pages, 0);
}

/* @fail's map() fails: nothing stays mapped in either consumer. */
static void fail_one(struct model *fail, struct model *other)
{
    struct gpmap_range r = { .gaddr = 0x400000, .pa = 0x100000, .npages = 2,
                             .type = GPMAP_RAM, .flags = 0 };

    fail->fail_at = 1;
    assert_int_equal(gpmap_insert(&dom, &r), -ENOMEM);
    assert_int_equal(fail->maps, 1);
    assert_int_equal(fail->unmaps, 0);
    assert_int_equal(other->unmaps, other->maps);   /* undone if it ran */
    assert_int_equal(cpu_model.mapped, 0);
    assert_int_equal(dma_model.mapped, 0);
    assert_int_equal(dom.gpmap.nr_pages, 0);
    assert_true(list_empty(&dom.gpmap.ranges));
    /* The same range fits afterwards: nothing of it stayed. */
    assert_int_equal(gpmap_insert(&dom, &r), 0);
    assert_int_equal(cpu_model.mapped, 2);
    assert_int_equal(dma_model.mapped, 2);
    gpmap_erase(&dom, &r);
}

static void test_failing_cpu_side_leaves_nothing(void **state)
{
    fail_one(&cpu_model, &dma_model);
}

static void test_failing_dma_side_leaves_nothing(void **state)
{
    fail_one(&dma_model, &cpu_model);
}

static void test_overlap_refused(void **state)
{
    struct gpmap_range a = { .gaddr = 0x400000, .pa = 0x100000, .npages = 4,
                             .type = GPMAP_RAM };
    struct gpmap_range below = { .gaddr = 0x3ff000, .pa = 0x200000, .npages = 2,
                                 .type = GPMAP_RAM };
    struct gpmap_range inside = { .gaddr = 0x402000, .pa = 0x200000, .npages = 1,
                                  .type = GPMAP_RAM };
    struct gpmap_range after = { .gaddr = 0x404000, .pa = 0x200000, .npages = 1,
                                 .type = GPMAP_RAM };
    struct gpmap_range before = { .gaddr = 0x3ff000, .pa = 0x300000, .npages = 1,
                                  .type = GPMAP_RAM };

    assert_int_equal(gpmap_insert(&dom, &a), 0);
    assert_int_equal(gpmap_insert(&dom, &below), -EEXIST);
    assert_int_equal(gpmap_insert(&dom, &inside), -EEXIST);
    assert_int_equal(cpu_model.maps, 1);        /* refused before any map */
    assert_int_equal(gpmap_insert(&dom, &after), 0);
    assert_int_equal(gpmap_insert(&dom, &before), 0);
    /* Kept in guest-address order. */
    assert_ptr_equal(list_first_entry(&dom.gpmap.ranges, struct gpmap_range,
                                      entry), &before);
    gpmap_erase(&dom, &a);
    gpmap_erase(&dom, &after);
    gpmap_erase(&dom, &before);
}

static void test_bad_ranges_refused(void **state)
{
    struct gpmap_range empty = { .gaddr = 0x400000, .pa = 0x100000, .npages = 0 };
    struct gpmap_range unaligned = { .gaddr = 0x400800, .pa = 0x100000, .npages = 1 };
    struct gpmap_range unaligned_pa = { .gaddr = 0x400000, .pa = 0x100010, .npages = 1 };
    struct gpmap_range wraps = { .gaddr = ~0ULL & ~(u64)(PAGE_SIZE - 1),
                                 .pa = 0x100000, .npages = 2 };

    assert_int_equal(gpmap_insert(&dom, &empty), -EINVAL);
    assert_int_equal(gpmap_insert(&dom, &unaligned), -EINVAL);
    assert_int_equal(gpmap_insert(&dom, &unaligned_pa), -EINVAL);
    assert_int_equal(gpmap_insert(&dom, &wraps), -EINVAL);
    assert_int_equal(cpu_model.maps, 0);
}

static void test_destroy_frees_owned_and_own_pages(void **state)
{
    unsigned long freed;
    paddr_t refused;

    /* The builder's RAM: one range a page, in ascending order. */
    for (unsigned int i = 0; i < 8; i++)
        assert_int_equal(gpmap_add_ram(&dom, 0x400000 + i * PAGE_SIZE,
                                       owned_page(), 1,
                                       GPMAP_WRITE | GPMAP_OWNED), 0);
    /* A module: read-only, not the domain's pages. */
    assert_int_equal(gpmap_add_ram(&dom, 0x7ff000000000ULL, 0x1000000, 16, 0), 0);
    refused = owned_page();
    assert_int_equal(gpmap_add_ram(&dom, 0x400000, refused, 1, GPMAP_OWNED),
                     -EEXIST);
    assert_true(page_used[arena_index(refused)]);   /* still the caller's */
    free_pages(refused, 0);
    assert_int_equal(pages_used, 8 + 1);        /* and a page of ranges */
    freed = gpmap_destroy(&dom);
    /* 8 owned pages, 1 page of the map's ranges, the CPU's 3 tables. */
    assert_int_equal(freed, 8 + 1 + 3);
    assert_int_equal(pages_used, 0);
    assert_int_equal(cpu_model.destroys, 1);
    assert_int_equal(dma_model.destroys, 1);
    assert_int_equal(dom.gpmap.state, GPMAP_DEAD);
    /* A dead map takes nothing and is destroyed once. */
    assert_int_equal(gpmap_add_ram(&dom, 0x400000, 0x100000, 1, 0), -ESRCH);
    assert_int_equal(gpmap_destroy(&dom), 0);
    assert_int_equal(cpu_model.destroys, 1);
}

/*
 * The DMA side cannot confirm that an erased range is unreachable (the
 * IOMMU's invalidation failed): the range leaves the map and both
 * consumers, but its page never goes back to the allocator -- counted and
 * logged -- and the caller hears of it.
 */
static void test_unconfirmed_unmap_withholds_pages(void **state)
{
    paddr_t pa = owned_page();
    struct gpmap_range dma = { .gaddr = 0x500000000000ULL, .pa = pa,
                               .npages = 1, .type = GPMAP_DMA,
                               .flags = GPMAP_WRITE | GPMAP_OWNED };
    unsigned long withheld = gpmap_withheld_pages();

    assert_int_equal(gpmap_insert(&dom, &dma), 0);
    dma_model.unmap_error = -ETIMEDOUT;
    host_log_clear();
    assert_int_equal(gpmap_erase(&dom, &dma), -ETIMEDOUT);
    assert_int_equal(cpu_model.mapped, 0);
    assert_int_equal(dma_model.mapped, 0);
    assert_int_equal(dom.gpmap.nr_pages, 0);
    assert_true(list_empty(&dom.gpmap.ranges));
    assert_true(page_used[arena_index(pa)]);        /* not freed */
    assert_int_equal(gpmap_withheld_pages(), withheld + 1);
    assert_true(host_log_contains("withheld from reuse"));
    /* The arena is the test's: give the page back by hand for teardown. */
    free_pages(pa, 0);
}

/* Destroying the map: the DMA side keeps what a device may still use, so
 * the domain's owned pages are withheld, not freed nor counted as freed. */
static void test_unconfirmed_destroy_withholds_pages(void **state)
{
    paddr_t pa[2] = { owned_page(), owned_page() };
    unsigned long withheld = gpmap_withheld_pages();

    for (unsigned int i = 0; i < 2; i++)
        assert_int_equal(gpmap_add_ram(&dom, 0x400000 + i * PAGE_SIZE, pa[i],
                                       1, GPMAP_WRITE | GPMAP_OWNED), 0);
    dma_model.destroy_error = -EBUSY;
    /* The map's own page of ranges and the CPU's 3 tables only. */
    assert_int_equal(gpmap_destroy(&dom), 1 + 3);
    assert_true(page_used[arena_index(pa[0])]);
    assert_true(page_used[arena_index(pa[1])]);
    assert_int_equal(gpmap_withheld_pages(), withheld + 2);
    assert_int_equal(dom.gpmap.state, GPMAP_DEAD);
    free_pages(pa[0], 0);
    free_pages(pa[1], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_range_reaches_both_consumers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failing_cpu_side_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failing_dma_side_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overlap_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_ranges_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_destroy_frees_owned_and_own_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unconfirmed_unmap_withholds_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unconfirmed_destroy_withholds_pages, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
