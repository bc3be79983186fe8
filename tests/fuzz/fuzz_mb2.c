/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fuzz target: the Multiboot2 information parser
 * (arch/x86/boot/multiboot2.c) and the memory-map clean-up it ends with
 * (common/bootinfo.c), against arbitrary bytes.
 *
 * Input: the Multiboot2 information structure itself, as the boot loader
 * leaves it in memory (u32 total_size, u32 reserved, then 8-byte aligned
 * tags).  The target copies it into a buffer of exactly that many bytes at
 * "physical address" 0x10000 (asm/page.h in tests/fuzz/include maps __va()
 * onto the buffer), so any read past the structure is an ASan report.  The
 * structure's own total_size field is what the parser trusts; when it
 * claims more than the input holds, the target patches it down to the input
 * size first (reading beyond what the loader gave is not a parser bug).
 *
 * Properties, beyond "no crash, no sanitizer report": after a successful
 * parse the memory map is sorted, has no overlapping or empty regions and
 * no region wraps past 2^64; module ranges are non-empty; the strings are
 * terminated.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/bootinfo.h>
#include <mhv/errno.h>
#include "fuzz_host.h"

#define MBI_PA      0x10000ul
#define MB2_MAGIC   0x36d76289

extern unsigned long fuzz_directmap_base;

static void check_bootinfo(const struct boot_info *bi)
{
    unsigned int i;

    FUZZ_CHECK(bi->nr_mem <= BOOT_MAX_MEM, "nr_mem %u", bi->nr_mem);
    FUZZ_CHECK(bi->nr_mods <= BOOT_MAX_MODS, "nr_mods %u", bi->nr_mods);
    for (i = 0; i < bi->nr_mem; i++) {
        const struct boot_mem_region *r = &bi->mem[i];

        FUZZ_CHECK(r->len, "region %u is empty", i);
        FUZZ_CHECK(r->addr + r->len - 1 >= r->addr, "region %u %#llx+%#llx wraps",
                   i, (unsigned long long)r->addr, (unsigned long long)r->len);
        if (i)
            FUZZ_CHECK(bi->mem[i - 1].addr + bi->mem[i - 1].len <= r->addr,
                       "regions %u and %u overlap or are out of order "
                       "(%#llx+%#llx, %#llx+%#llx)", i - 1, i,
                       (unsigned long long)bi->mem[i - 1].addr,
                       (unsigned long long)bi->mem[i - 1].len,
                       (unsigned long long)r->addr, (unsigned long long)r->len);
    }
    for (i = 0; i < bi->nr_mods; i++) {
        FUZZ_CHECK(bi->mods[i].end > bi->mods[i].start, "module %u empty", i);
        FUZZ_CHECK(memchr(bi->mods[i].cmdline, 0, sizeof(bi->mods[i].cmdline)),
                   "module %u command line not terminated", i);
    }
    FUZZ_CHECK(memchr(bi->cmdline, 0, sizeof(bi->cmdline)),
               "command line not terminated");
    FUZZ_CHECK(bi->rsdp_len <= sizeof(bi->rsdp), "rsdp_len %u", bi->rsdp_len);
    FUZZ_CHECK(bi->loader && strlen(bi->loader) < 64, "loader name");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct boot_info bi;
    uint8_t *mbi;
    uint32_t total;
    int rc;

    if (size < 8 || size > (1u << 20))
        return -1;          /* not even a header: nothing to parse */
    mbi = malloc(size);
    memcpy(mbi, data, size);
    memcpy(&total, mbi, 4);
    if (total > size) {
        total = (uint32_t)size;
        memcpy(mbi, &total, 4);
    }
    fuzz_directmap_base = (unsigned long)mbi - MBI_PA;

    memset(&bi, 0, sizeof(bi));
    rc = multiboot2_parse(MB2_MAGIC, MBI_PA, &bi);
    if (!rc)
        check_bootinfo(&bi);
    else
        FUZZ_CHECK(rc == -EINVAL || rc == -ENOENT, "multiboot2_parse %d", rc);
    free(mbi);
    return 0;
}
