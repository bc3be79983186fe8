/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 virtual memory layout and page-table definitions.
 *
 *   0000000000000000 - 00007fffffffffff  guest (domain) user space
 *   ffff800000000000 - ffff83ffffffffff  direct map of all RAM (4 TiB)
 *   ffffc00000000000 - ffffc07fffffffff  ioremap() area (512 GiB)
 *   ffffffff80000000 - ffffffffbfffffff  the hypervisor image (-2 GiB)
 */
#ifndef ASM_X86_PAGE_H
#define ASM_X86_PAGE_H

#ifdef __ASSEMBLY__
#define _AC(x, y)           x
#else
#define _AC(x, y)           x##y
#endif

#define PAGE_SHIFT          12
#define PAGE_SIZE           (_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK           (~(PAGE_SIZE - 1))
#define SUPERPAGE_SHIFT     21
#define SUPERPAGE_SIZE      (_AC(1, UL) << SUPERPAGE_SHIFT)

#define KERNEL_VIRT_BASE    0xffffffff80000000
#define KERNEL_PHYS_LOAD    0x200000
#define DIRECTMAP_VIRT      0xffff800000000000
#define DIRECTMAP_SIZE      (_AC(1, UL) << 42)
#define IOREMAP_VIRT        0xffffc00000000000
#define IOREMAP_SIZE        (_AC(1, UL) << 39)
#define USER_VIRT_END       0x0000800000000000

/* Page-table entry bits. */
#define _PAGE_PRESENT   _AC(0x001, UL)
#define _PAGE_RW        _AC(0x002, UL)
#define _PAGE_USER      _AC(0x004, UL)
#define _PAGE_PWT       _AC(0x008, UL)
#define _PAGE_PCD       _AC(0x010, UL)
#define _PAGE_ACCESSED  _AC(0x020, UL)
#define _PAGE_DIRTY     _AC(0x040, UL)
#define _PAGE_PSE       _AC(0x080, UL)
#define _PAGE_GLOBAL    _AC(0x100, UL)
#define _PAGE_NX        (_AC(1, UL) << 63)
#define PTE_ADDR_MASK   0x000ffffffffff000UL

#ifndef __ASSEMBLY__
#include <mhv/types.h>

typedef u64 pte_t;

static inline void *__va(paddr_t pa)
{
    return (void *)(pa + DIRECTMAP_VIRT);
}

static inline paddr_t __pa(const void *va)
{
    unsigned long v = (unsigned long)va;

    if (v >= KERNEL_VIRT_BASE)
        return v - KERNEL_VIRT_BASE;
    return v - DIRECTMAP_VIRT;
}

/* The hypervisor's own page table (arch/x86/mm.c): what idle CPUs run on. */
extern pte_t *idle_pg_table;

#define pt_index(va, level) (((unsigned long)(va) >> (12 + 9 * ((level) - 1))) & 511)
#endif

#endif /* ASM_X86_PAGE_H */
