/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host fuzzers' view of <asm/page.h>: the real header, except that the
 * direct map starts wherever the fuzzer says (fuzz_directmap_base), so code
 * that reads physical memory through __va() (the Multiboot2 parser) reads
 * the fuzzer's buffer.  Only for tests/fuzz builds.
 */
#ifndef TESTS_FUZZ_ASM_PAGE_H
#define TESTS_FUZZ_ASM_PAGE_H

#define __va mhv_kernel___va
#include_next <asm/page.h>
#undef __va

#ifndef __ASSEMBLY__
/* Host address of physical address 0 (set by the fuzz target). */
extern unsigned long fuzz_directmap_base;

static inline void *__va(paddr_t pa)
{
    return (void *)(unsigned long)(pa + fuzz_directmap_base);
}
#endif

#endif /* TESTS_FUZZ_ASM_PAGE_H */
