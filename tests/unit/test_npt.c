/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SVM nested page tables (arch/x86/hvm/svm/npt.c, the real file) over an
 * arena of pages, read back by a walker of this test's own that follows
 * the long-mode format as the processor's nested walk does: a range is
 * mapped page for page to its machine address with the rights it asked
 * for (user, accessed and dirty preset; writable only with NPT_W; NX
 * without NPT_X; PCD|PWT for device memory), with 2 MiB entries exactly
 * where the guest address, the machine address and the length allow;
 * unmapping takes away precisely one mapping's pages; a mapping that runs
 * out of table pages half-way leaves nothing mapped; a 2 MiB run over a
 * table an earlier range emptied maps with 4 KiB entries; destroying the
 * tree gives back every table page it counted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <asm/hvm/svm/npt.h>
#include <asm/page.h>
#include <asm/cpu.h>
#include <mhv/mm.h>
#include <mhv/errno.h>
#include "harness.h"

struct cpu_features boot_cpu;

/* ------------------------------------------------------------ pages */

#define ARENA_PAGES 64
static uint8_t *arena;
static bool page_used[ARENA_PAGES];
static unsigned int pages_used, page_limit = ARENA_PAGES;

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
    if (pages_used >= page_limit)
        return NULL;
    for (unsigned int i = 0; i < ARENA_PAGES; i++)
        if (!page_used[i]) {
            page_used[i] = true;
            pages_used++;
            memset(arena + (size_t)i * PAGE_SIZE, 0, PAGE_SIZE);
            return __va(arena_pa(i));
        }
    return NULL;
}

void free_page_va(void *va)
{
    unsigned int i = arena_index(__pa(va));

    assert_true(i < ARENA_PAGES && page_used[i]);
    page_used[i] = false;
    pages_used--;
}

/* ------------------------------------------------------------ the walker */

#define PRESENT     (1ull << 0)
#define RW          (1ull << 1)
#define USER        (1ull << 2)
#define PWT         (1ull << 3)
#define PCD         (1ull << 4)
#define ACCESSED    (1ull << 5)
#define DIRTY       (1ull << 6)
#define PS          (1ull << 7)
#define NX          (1ull << 63)
#define ADDR        0x000ffffffffff000ull

struct xlate {
    bool present;
    paddr_t pa;
    u64 leaf;           /* the leaf entry */
    int level;          /* 1: 4 KiB, 2: 2 MiB */
};

/* What the nested walk makes of @gpa: every table entry on the way must be
 * present, writable, user and accessed (the leaf decides the rights). */
static struct xlate walk(const struct npt *npt, u64 gpa)
{
    const u64 *t = npt->l4;
    struct xlate x = { 0 };

    for (int level = 4; level >= 1; level--) {
        u64 e = t[(gpa >> (12 + 9 * (level - 1))) & 511];

        if (!(e & PRESENT))
            return x;
        if (level == 1 || (level == 2 && (e & PS))) {
            u64 size = level == 1 ? PAGE_SIZE : SUPERPAGE_SIZE;

            x.present = true;
            x.leaf = e;
            x.level = level;
            x.pa = (e & ADDR & ~(size - 1)) + (gpa & (size - 1));
            return x;
        }
        assert_false(e & PS);           /* no 1 GiB entries */
        assert_int_equal(e & (RW | USER | ACCESSED), RW | USER | ACCESSED);
        t = __va(e & ADDR);
    }
    return x;
}

/* Every page of [gpa, +npages) maps to pa + offset with @prot. */
static void check_range(const struct npt *npt, u64 gpa, paddr_t pa,
                        unsigned long npages, unsigned int prot)
{
    for (unsigned long i = 0; i < npages; i++) {
        struct xlate x = walk(npt, gpa + i * PAGE_SIZE);

        assert_true(x.present);
        assert_int_equal(x.pa, pa + i * PAGE_SIZE);
        assert_int_equal(x.leaf & (PRESENT | USER | ACCESSED | DIRTY),
                         PRESENT | USER | ACCESSED | DIRTY);
        assert_int_equal(!!(x.leaf & RW), !!(prot & NPT_W));
        assert_int_equal(!!(x.leaf & NX), !(prot & NPT_X));
        assert_int_equal(x.leaf & (PCD | PWT), prot & NPT_UC ? PCD | PWT : 0);
    }
}

static void check_unmapped(const struct npt *npt, u64 gpa, unsigned long npages)
{
    for (unsigned long i = 0; i < npages; i++)
        assert_false(walk(npt, gpa + i * PAGE_SIZE).present);
}

/* ------------------------------------------------------------ fixtures */

#define RAM         (NPT_W | NPT_X)
#define MB2         (SUPERPAGE_SIZE / PAGE_SIZE)

static struct npt npt;

static int setup(void **state)
{
    memset(page_used, 0, sizeof(page_used));
    pages_used = 0;
    page_limit = ARENA_PAGES;
    boot_cpu = (struct cpu_features){ .nx = true };
    memset(&npt, 0, sizeof(npt));
    assert_int_equal(npt_init(&npt), 0);
    assert_int_equal(npt.table_pages, 1);
    return 0;
}

static int teardown(void **state)
{
    unsigned long n = npt.table_pages;

    assert_int_equal(npt_destroy(&npt), n);
    assert_null(npt.l4);
    assert_int_equal(pages_used, 0);
    return 0;
}

/* ------------------------------------------------------------ tests */

/* Aligned on both sides: one 2 MiB entry per 2 MiB, three table pages. */
static void test_large_pages(void **state)
{
    assert_int_equal(npt_map(&npt, 0, 0x40000000, 2 * MB2, RAM), 0);
    check_range(&npt, 0, 0x40000000, 2 * MB2, RAM);
    assert_int_equal(walk(&npt, 0).level, 2);
    assert_int_equal(walk(&npt, SUPERPAGE_SIZE).level, 2);
    assert_int_equal(npt.table_pages, 3);
    check_unmapped(&npt, 2 * SUPERPAGE_SIZE, 1);
}

/* Guest and machine address congruent modulo 2 MiB but the range not
 * aligned: 4 KiB at the ragged ends, 2 MiB in the middle. */
static void test_mixed(void **state)
{
    u64 gpa = SUPERPAGE_SIZE - 2 * PAGE_SIZE;
    paddr_t pa = 0x80000000 - 2 * PAGE_SIZE;
    unsigned long n = 2 + MB2 + 3;

    assert_int_equal(npt_map(&npt, gpa, pa, n, RAM), 0);
    check_range(&npt, gpa, pa, n, RAM);
    assert_int_equal(walk(&npt, gpa).level, 1);
    assert_int_equal(walk(&npt, SUPERPAGE_SIZE).level, 2);
    assert_int_equal(walk(&npt, 2 * SUPERPAGE_SIZE).level, 1);
    check_unmapped(&npt, gpa - PAGE_SIZE, 1);
    check_unmapped(&npt, gpa + n * PAGE_SIZE, 1);
}

/* The machine address not 2 MiB-aligned where the guest address is:
 * 4 KiB entries only. */
static void test_misaligned_machine(void **state)
{
    assert_int_equal(npt_map(&npt, 0x100000000ull, 0x40001000, MB2, RAM), 0);
    check_range(&npt, 0x100000000ull, 0x40001000, MB2, RAM);
    for (unsigned long i = 0; i < MB2; i += 97)
        assert_int_equal(walk(&npt, 0x100000000ull + i * PAGE_SIZE).level, 1);
}

/* Device memory (uncached), read-only and not executable, and what NX
 * becomes on a host without it (the bit would be reserved there). */
static void test_rights(void **state)
{
    assert_int_equal(npt_map(&npt, 0xc0000000, 0xfe000000, 4, NPT_W | NPT_UC), 0);
    check_range(&npt, 0xc0000000, 0xfe000000, 4, NPT_W | NPT_UC);
    assert_int_equal(npt_map(&npt, 0xc0010000, 0x50000000, 2, 0), 0);
    check_range(&npt, 0xc0010000, 0x50000000, 2, 0);

    boot_cpu.nx = false;
    assert_int_equal(npt_map(&npt, 0xc0020000, 0x50010000, 1, NPT_W), 0);
    assert_false(walk(&npt, 0xc0020000).leaf & NX);
}

/* Unmapping takes away one mapping's pages, large and small, and
 * nothing of its neighbours. */
static void test_unmap(void **state)
{
    u64 gpa = SUPERPAGE_SIZE - PAGE_SIZE;
    paddr_t pa = 0x40000000 - PAGE_SIZE;

    assert_int_equal(npt_map(&npt, 0, 0x10000000, 1, RAM), 0);
    assert_int_equal(npt_map(&npt, gpa, pa, 1 + MB2 + 1, RAM), 0);
    assert_int_equal(npt_map(&npt, 3 * SUPERPAGE_SIZE, 0x20000000, 1, RAM), 0);
    npt_unmap(&npt, gpa, 1 + MB2 + 1);
    check_unmapped(&npt, gpa, 1 + MB2 + 1);
    check_range(&npt, 0, 0x10000000, 1, RAM);
    check_range(&npt, 3 * SUPERPAGE_SIZE, 0x20000000, 1, RAM);
}

/* A 2 MiB run where an emptied table of 4 KiB entries still is: mapped
 * with 4 KiB entries into it, correctly. */
static void test_remap_over_emptied_table(void **state)
{
    assert_int_equal(npt_map(&npt, SUPERPAGE_SIZE, 0x30000000, 1, RAM), 0);
    npt_unmap(&npt, SUPERPAGE_SIZE, 1);
    assert_int_equal(npt_map(&npt, SUPERPAGE_SIZE, 0x40000000, MB2, RAM), 0);
    check_range(&npt, SUPERPAGE_SIZE, 0x40000000, MB2, RAM);
    assert_int_equal(walk(&npt, SUPERPAGE_SIZE).level, 1);
    /* The next 2 MiB has no table yet: a large entry again. */
    assert_int_equal(npt_map(&npt, 2 * SUPERPAGE_SIZE, 0x40200000, MB2, RAM), 0);
    assert_int_equal(walk(&npt, 2 * SUPERPAGE_SIZE).level, 2);
}

/* Out of table pages half-way: -ENOMEM, and nothing of the range stays
 * mapped; the tables made on the way are counted (and freed with the
 * tree by the teardown). */
static void test_enomem_all_or_nothing(void **state)
{
    /* Two 4 KiB runs in two different 1 GiB regions: the second needs a
     * new L3 entry's L2 and L1 tables. */
    u64 a = 0x3ffff000, b = 0x40000000;

    page_limit = pages_used + 3;        /* L3, L2, L1 for the first page */
    assert_int_equal(npt_map(&npt, a, 0x50000000, 2, RAM), -ENOMEM);
    check_unmapped(&npt, a, 1);
    check_unmapped(&npt, b, 1);
    assert_int_equal(npt.table_pages, pages_used);

    page_limit = ARENA_PAGES;
    assert_int_equal(npt_map(&npt, a, 0x50000000, 2, RAM), 0);
    check_range(&npt, a, 0x50000000, 2, RAM);
}

/* Guest addresses up to the top of the 48-bit space use every level. */
static void test_high_addresses(void **state)
{
    u64 top = (1ull << 48) - SUPERPAGE_SIZE;

    assert_int_equal(npt_map(&npt, top, 0x60000000, MB2, RAM), 0);
    check_range(&npt, top, 0x60000000, MB2, RAM);
    assert_int_equal(walk(&npt, top).level, 2);
    check_unmapped(&npt, 0, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_large_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mixed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_misaligned_machine, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rights, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unmap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remap_over_emptied_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enomem_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_high_addresses, setup, teardown),
    };

    arena = aligned_alloc(PAGE_SIZE, (size_t)ARENA_PAGES * PAGE_SIZE);
    if (!arena)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
