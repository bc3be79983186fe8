/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot memory map clean-up (common/bootinfo.c): sorted, no overlaps,
 * non-RAM wins where regions overlap, with one warning.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/bootinfo.h>
#include "harness.h"

static struct boot_info bi;

static void set(unsigned int i, u64 addr, u64 len, u32 type)
{
    bi.mem[i] = (struct boot_mem_region){ addr, len, type };
    if (i + 1 > bi.nr_mem)
        bi.nr_mem = i + 1;
}

/* Sorted, non-empty, non-overlapping. */
static void assert_clean(void)
{
    for (unsigned int i = 0; i < bi.nr_mem; i++) {
        assert_true(bi.mem[i].len > 0);
        if (i)
            assert_true(bi.mem[i - 1].addr + bi.mem[i - 1].len <= bi.mem[i].addr);
    }
}

static int setup(void **state)
{
    memset(&bi, 0, sizeof(bi));
    host_log_clear();
    return 0;
}

static void test_sorted_untouched(void **state)
{
    set(0, 0x100000, 0x1000, BOOT_MEM_RAM);
    set(1, 0x0, 0x9f000, BOOT_MEM_RAM);
    set(2, 0x9f000, 0x1000, BOOT_MEM_RESERVED);
    bootinfo_sanitize_memmap(&bi);
    assert_int_equal(bi.nr_mem, 3);
    assert_int_equal(bi.mem[0].addr, 0);
    assert_int_equal(bi.mem[1].addr, 0x9f000);
    assert_int_equal(bi.mem[2].addr, 0x100000);
    assert_false(host_log_contains("overlapping"));
    assert_clean();
}

static void test_reserved_inside_ram_splits_it(void **state)
{
    set(0, 0x0, 0x100000, BOOT_MEM_RAM);
    set(1, 0x40000, 0x1000, BOOT_MEM_RESERVED);
    bootinfo_sanitize_memmap(&bi);
    assert_true(host_log_contains("overlapping regions"));
    assert_int_equal(bi.nr_mem, 3);
    assert_int_equal(bi.mem[0].addr, 0);
    assert_int_equal(bi.mem[0].len, 0x40000);
    assert_int_equal(bi.mem[1].type, BOOT_MEM_RESERVED);
    assert_int_equal(bi.mem[2].addr, 0x41000);
    assert_int_equal(bi.mem[2].len, 0xbf000);
    assert_int_equal(bi.mem[2].type, BOOT_MEM_RAM);
    assert_clean();
}

static void test_ram_overlapping_reserved_is_trimmed(void **state)
{
    set(0, 0x1000, 0x2000, BOOT_MEM_RESERVED);
    set(1, 0x2000, 0x3000, BOOT_MEM_RAM);
    bootinfo_sanitize_memmap(&bi);
    assert_int_equal(bi.nr_mem, 2);
    assert_int_equal(bi.mem[1].addr, 0x3000);
    assert_int_equal(bi.mem[1].len, 0x2000);
    assert_clean();
}

static void test_ram_inside_reserved_disappears(void **state)
{
    set(0, 0x1000, 0x10000, BOOT_MEM_ACPI);
    set(1, 0x2000, 0x1000, BOOT_MEM_RAM);
    set(2, 0x20000, 0x1000, BOOT_MEM_RAM);
    bootinfo_sanitize_memmap(&bi);
    assert_int_equal(bi.nr_mem, 2);
    assert_int_equal(bi.mem[0].type, BOOT_MEM_ACPI);
    assert_int_equal(bi.mem[1].addr, 0x20000);
    assert_clean();
}

/* A RAM region split around a reserved one whose tail then overlaps a later
 * region: the result must still be sorted and clean. */
static void test_split_tail_overlapping_next(void **state)
{
    set(0, 0x0, 0x100000, BOOT_MEM_RAM);
    set(1, 0x10000, 0x1000, BOOT_MEM_RESERVED);
    set(2, 0x20000, 0x1000, BOOT_MEM_NVS);
    bootinfo_sanitize_memmap(&bi);
    assert_clean();
    /* Every non-RAM byte kept; RAM nowhere on top of it. */
    for (unsigned int i = 0; i < bi.nr_mem; i++)
        if (bi.mem[i].type == BOOT_MEM_RAM)
            assert_false(bi.mem[i].addr < 0x21000 && bi.mem[i].addr + bi.mem[i].len > 0x20000);
}

static void test_many_random_maps_stay_clean(void **state)
{
    unsigned int seed = 12345;

    for (unsigned int round = 0; round < 2000; round++) {
        unsigned int n = 1 + (seed % 12);

        memset(&bi, 0, sizeof(bi));
        for (unsigned int i = 0; i < n; i++) {
            seed = seed * 1103515245 + 12345;
            set(i, (u64)(seed % 64) << 12, (u64)(1 + (seed >> 8) % 16) << 12,
                1 + (seed >> 16) % 5);
        }
        bootinfo_sanitize_memmap(&bi);
        assert_clean();
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_sorted_untouched, setup),
        cmocka_unit_test_setup(test_reserved_inside_ram_splits_it, setup),
        cmocka_unit_test_setup(test_ram_overlapping_reserved_is_trimmed, setup),
        cmocka_unit_test_setup(test_ram_inside_reserved_disappears, setup),
        cmocka_unit_test_setup(test_split_tail_overlapping_next, setup),
        cmocka_unit_test_setup(test_many_random_maps_stay_clean, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
