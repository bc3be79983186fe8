/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA memory for domains (domain/dma_mem.c, the real file) with a host page
 * arena and the page-table model (gpmap_model.c): contiguous zeroed pages mapped
 * read-write and owned in the DMA window, bus = physical address, the
 * unused tail of a power-of-two run given back, the per-call and
 * per-domain limits (-E2BIG, -ENOMEM), -EINVAL for nothing, -ENOENT for a
 * free of anything else, a mapping that fails half-way leaving nothing,
 * and everything back when the domain dies; the hypercalls copy their
 * arguments and refuse bad pointers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <mhv/domain/dma_mem.h>
#include <mhv/domain.h>
#include <mhv/mm.h>
#include <mhv/errno.h>
#include <asm/guest_access.h>
#include <asm/domain.h>
#include <asm/pv/gaddr.h>
#include <public/physdev.h>
#include <mhv/xmalloc.h>
#include <mhv/sched.h>
#include <mhv/passthrough/pcidev.h>
#include "harness.h"
#include "gpmap_model.h"

static unsigned long heap_live_objects(void)
{
    struct heap_stats st;

    heap_stats(&st);
    return st.live_objects;
}

#define ARENA_PAGES     2304        /* 9 MiB: more than a domain may have */

static uint8_t *arena;
static bool arena_used[ARENA_PAGES];
static unsigned int arena_free;

static paddr_t pa_of(unsigned long i)
{
    return (paddr_t)((uintptr_t)(arena + i * PAGE_SIZE) - DIRECTMAP_VIRT);
}

static unsigned long index_of(paddr_t pa)
{
    return ((uintptr_t)__va(pa) - (uintptr_t)arena) / PAGE_SIZE;
}

paddr_t alloc_pages(unsigned int order)
{
    unsigned long n = 1UL << order;

    for (unsigned long i = 0; i + n <= ARENA_PAGES; i += n) {
        unsigned long j;

        for (j = 0; j < n && !arena_used[i + j]; j++)
            ;
        if (j < n)
            continue;
        for (j = 0; j < n; j++) {
            arena_used[i + j] = true;
            memset(arena + (i + j) * PAGE_SIZE, 0x5a, PAGE_SIZE);  /* dirty */
        }
        arena_free -= n;
        return pa_of(i);
    }
    return 0;
}

void free_pages(paddr_t pa, unsigned int order)
{
    for (unsigned long i = 0; i < (1UL << order); i++) {
        unsigned long k = index_of(pa) + i;

        assert_true(k < ARENA_PAGES && arena_used[k]);   /* no double free */
        arena_used[k] = false;
        arena_free++;
    }
}

/* The map's own pages (common/gpmap.c) come from the same arena. */
void *alloc_page_va(void)
{
    paddr_t pa = alloc_pages(0);

    return pa ? __va(pa) : NULL;
}

void free_page_va(void *va)
{
    free_pages(__pa(va), 0);
}

/* What domain_init_common()'s device-event queue links against; no device
 * events happen here. */
void vcpu_wake(struct vcpu *v)
{
}

bool pcidevs_locked(void)
{
    return true;
}

int copy_from_guest(void *dst, unsigned long src, size_t len)
{
    if (src < 4096)
        return -EFAULT;
    memcpy(dst, (const void *)src, len);
    return 0;
}

int copy_to_guest(unsigned long dst, const void *src, size_t len)
{
    if (dst < 4096)
        return -EFAULT;
    memcpy((void *)dst, src, len);
    return 0;
}

static struct domain dom;

static int setup(void **state)
{
    if (!arena)
        arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
    assert_non_null(arena);
    memset(arena_used, 0, sizeof(arena_used));
    arena_free = ARENA_PAGES;
    gpmap_model_reset();
    memset(&dom, 0, sizeof(dom));
    domain_init_common(&dom, 1, "d1", false);
    pv_gaddr_init(&dom);
    host_log_clear();
    return 0;
}

static int teardown(void **state)
{
    dma_mem_release(&dom);
    assert_int_equal(gpmap_model_nr_pages(), 0);
    assert_int_equal(arena_free, ARENA_PAGES);
    assert_int_equal(heap_live_objects(), 0);
    return 0;
}

static void test_alloc_maps_zeroed_contiguous(void **state)
{
    unsigned long va;
    u64 bus;

    assert_int_equal(dma_mem_alloc(&dom, 3 * PAGE_SIZE - 100, &va, &bus), 0);
    assert_int_equal(va, MHV_DMA_VA);
    assert_int_equal(gpmap_model_nr_pages(), 3);
    /* Order 2 was taken; its fourth page went straight back. */
    assert_int_equal(arena_free, ARENA_PAGES - 3);
    for (unsigned int i = 0; i < 3; i++) {
        assert_int_equal(gpmap_model_page(i)->gaddr, va + i * PAGE_SIZE);
        assert_int_equal(gpmap_model_page(i)->pa, bus + i * PAGE_SIZE);      /* bus = pa */
        assert_int_equal(gpmap_model_page(i)->flags, GPMAP_WRITE | GPMAP_OWNED);
        for (unsigned int b = 0; b < PAGE_SIZE; b++)
            assert_int_equal(((uint8_t *)__va(gpmap_model_page(i)->pa))[b], 0);
    }
    assert_int_equal(dom.dma_pages, 3);
    /* The next region starts after a guard page. */
    assert_int_equal(dma_mem_alloc(&dom, 1, &va, &bus), 0);
    assert_int_equal(va, MHV_DMA_VA + 4 * PAGE_SIZE);
}

static void test_limits(void **state)
{
    unsigned long va;
    u64 bus;

    assert_int_equal(dma_mem_alloc(&dom, 0, &va, &bus), -EINVAL);
    assert_int_equal(dma_mem_alloc(&dom, MHV_DMA_MAX_ALLOC + 1, &va, &bus), -E2BIG);
    assert_true(host_log_contains("more than"));
    for (unsigned int i = 0; i < MHV_DMA_MAX_PER_DOMAIN / MHV_DMA_MAX_ALLOC; i++)
        assert_int_equal(dma_mem_alloc(&dom, MHV_DMA_MAX_ALLOC, &va, &bus), 0);
    assert_int_equal(dma_mem_alloc(&dom, PAGE_SIZE, &va, &bus), -ENOMEM);
    assert_true(host_log_contains("at most"));
    assert_int_equal(dom.dma_pages, MHV_DMA_MAX_PER_DOMAIN / PAGE_SIZE);
}

static void test_no_contiguous_run(void **state)
{
    unsigned long va;
    u64 bus;

    /* Every other page taken: no run of two. */
    for (unsigned long i = 0; i < ARENA_PAGES; i += 2) {
        arena_used[i] = true;
        arena_free--;
    }
    assert_int_equal(dma_mem_alloc(&dom, 2 * PAGE_SIZE, &va, &bus), -ENOMEM);
    assert_true(host_log_contains("contiguous"));
    assert_int_equal(heap_live_objects(), 0);
    assert_int_equal(dma_mem_alloc(&dom, PAGE_SIZE, &va, &bus), 0);
    dma_mem_release(&dom);
    for (unsigned long i = 0; i < ARENA_PAGES; i += 2) {
        arena_used[i] = false;
        arena_free++;
    }
}

static void test_map_fails_half_way(void **state)
{
    unsigned long va;
    u64 bus;

    gpmap_model_fail_after(2);         /* the third page fails */
    assert_int_equal(dma_mem_alloc(&dom, 4 * PAGE_SIZE, &va, &bus), -ENOMEM);
    assert_int_equal(gpmap_model_nr_pages(), 0);
    assert_int_equal(arena_free, ARENA_PAGES);
    assert_int_equal(dom.dma_pages, 0);
    assert_int_equal(heap_live_objects(), 0);
    assert_true(gpmap_model_flushes() >= 1);
}

static void test_free_region(void **state)
{
    unsigned long a, b;
    u64 bus;

    assert_int_equal(dma_mem_alloc(&dom, 2 * PAGE_SIZE, &a, &bus), 0);
    assert_int_equal(dma_mem_alloc(&dom, PAGE_SIZE, &b, &bus), 0);
    assert_int_equal(dma_mem_free(&dom, a + PAGE_SIZE), -ENOENT);    /* inside */
    assert_int_equal(dma_mem_free(&dom, 0x1000), -ENOENT);
    assert_int_equal(dma_mem_free(&dom, a), 0);
    assert_int_equal(dma_mem_free(&dom, a), -ENOENT);                /* twice */
    assert_int_equal(gpmap_model_nr_pages(), 1);
    assert_int_equal(dom.dma_pages, 1);
    assert_int_equal(arena_free, ARENA_PAGES - 1);
    assert_true(gpmap_model_flushes() >= 1);
}

static void test_release_with_the_domain(void **state)
{
    unsigned long va;
    u64 bus;

    for (int i = 0; i < 5; i++)
        assert_int_equal(dma_mem_alloc(&dom, (i + 1) * PAGE_SIZE, &va, &bus), 0);
    assert_int_equal(gpmap_model_nr_pages(), 15);
    dma_mem_release(&dom);
    assert_int_equal(gpmap_model_nr_pages(), 0);
    assert_int_equal(arena_free, ARENA_PAGES);
    assert_int_equal(dom.dma_pages, 0);
    assert_int_equal(heap_live_objects(), 0);
}

static void test_hypercalls(void **state)
{
    struct physdev_mhv_dma_alloc a = { .size = PAGE_SIZE };
    struct physdev_mhv_dma_free f;

    assert_int_equal(dma_mem_alloc_op(&dom, (unsigned long)&a), 0);
    assert_int_equal(a.va, MHV_DMA_VA);
    assert_int_equal(a.bus, gpmap_model_page(0)->pa);
    assert_int_equal(dma_mem_alloc_op(&dom, 16), -EFAULT);
    assert_int_equal(dma_mem_free_op(&dom, 16), -EFAULT);
    f.va = a.va;
    assert_int_equal(dma_mem_free_op(&dom, (unsigned long)&f), 0);
    assert_int_equal(dma_mem_free_op(&dom, (unsigned long)&f), -ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_alloc_maps_zeroed_contiguous, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_contiguous_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_fails_half_way, setup, teardown),
        cmocka_unit_test_setup_teardown(test_free_region, setup, teardown),
        cmocka_unit_test_setup_teardown(test_release_with_the_domain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hypercalls, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
